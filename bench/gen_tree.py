#!/usr/bin/env python3
"""Generates pfind's benchmark trees, deterministically (same seed, same tree).

    gen_tree.py source DEST [--entries N] [--seed S]   a source-like tree
    gen_tree.py tiny DEST                               5 entries
    gen_tree.py wide DEST [--dirs N]                    N empty dirs side by side
    gen_tree.py repo DEST [--entries N] [--seed S]     the source tree as a git repository
    gen_tree.py mdtest-easy DEST [--entries N] [--ranks R]  IO500's mdtest-easy shape
    gen_tree.py mdtest-hard DEST [--entries N] [--ranks R]  IO500's mdtest-hard shape

The source-like tree has skewed fan-out (a few huge directories, many small ones),
about one directory per eight entries, common source extensions, some hidden names
and some symlinks (to files and to directories, never looping). Files are empty:
the walker reads directories, never file contents.

The repository tree is the source tree (same seed, same entries) made the top of a
git repository (a `.git` directory with an empty `info/exclude`), with a root
`.gitignore` and `.gitignore` files at several depths in about 5% of its directories
(and `.ignore` files in a few), some of which re-include (`!`) what a shallower one
ignores; the tree's own scattered `.git` directories make nested repositories.

The mdtest trees are laid out as IO500's mdtest phases leave them, for its find phase
(bench/mpi.sh): mdtest-easy is a directory per rank, each holding N/R empty files;
mdtest-hard is one directory shared by all ranks, holding N files of 3,901 bytes.
Names follow mdtest's (`mdtest_tree.R.0/file.mdtest.R.I`).

The tree is built in a temporary sibling and renamed into place, so an interrupted
run never leaves a half tree that would later be reused as if complete.
"""
import argparse
import os
import random
import shutil
import sys

EXTENSIONS = [
    (".py", 14), (".rs", 10), (".c", 12), (".h", 10), (".js", 10), (".md", 6),
    (".ts", 6), (".go", 5), (".java", 5), (".json", 5), (".txt", 4), (".html", 3),
    (".css", 3), (".sh", 2), (".toml", 2), (".yml", 2), ("", 4), (".o", 3),
]
STEMS = [
    "main", "lib", "mod", "util", "utils", "config", "test", "tests", "index", "core",
    "parser", "lexer", "ast", "types", "error", "errors", "io", "net", "http", "client",
    "server", "handler", "model", "view", "widget", "render", "cache", "store", "db",
    "query", "schema", "build", "setup", "init", "common", "helpers", "api", "cli",
]
DIR_NAMES = [
    "src", "lib", "include", "tests", "docs", "examples", "bin", "scripts", "tools",
    "vendor", "pkg", "internal", "cmd", "api", "core", "utils", "components", "assets",
    "build", "third_party", "modules", "plugins", "drivers", "net", "fs", "kernel",
]
HIDDEN = [".git", ".github", ".cache", ".config", ".vscode", ".hidden"]


def weighted(rng, choices):
    total = sum(w for _, w in choices)
    pick = rng.uniform(0, total)
    for value, weight in choices:
        pick -= weight
        if pick <= 0:
            return value
    return choices[-1][0]


def file_name(rng, used):
    while True:
        stem = rng.choice(STEMS)
        if rng.random() < 0.6:
            stem += "_" + str(rng.randrange(1000))
        if rng.random() < 0.03:
            stem = "." + stem
        name = stem + weighted(rng, EXTENSIONS)
        if name not in used:
            used.add(name)
            return name


def dir_name(rng, used):
    while True:
        if rng.random() < 0.04:
            name = rng.choice(HIDDEN)
        else:
            name = rng.choice(DIR_NAMES)
            if rng.random() < 0.7:
                name += "_" + str(rng.randrange(10000))
        if name not in used:
            used.add(name)
            return name


def source_tree(dest, entries, seed):
    """Breadth-first: each directory draws its fan-out from a heavy-tailed law."""
    rng = random.Random(seed)
    dirs_target = max(1, entries // 8)
    made = 0
    dirs_made = 0
    queue = [(dest, 0)]
    all_dirs = []
    all_files = []
    head = 0
    while made < entries:
        if head == len(queue):
            # Ran out of directories to fill: reopen the earliest ones.
            head = 0
        path, depth = queue[head]
        head += 1
        used = set(os.listdir(path))
        # Pareto fan-out: most directories hold a handful, a few hold hundreds.
        files = min(int(rng.paretovariate(1.3) * 3), 2000)
        subdirs = 0
        if dirs_made < dirs_target and depth < 14:
            subdirs = min(int(rng.paretovariate(1.6) * 1.3), 150)
        for _ in range(files):
            if made >= entries:
                break
            name = file_name(rng, used)
            full = os.path.join(path, name)
            open(full, "wb").close()
            all_files.append(full)
            made += 1
        for _ in range(subdirs):
            if made >= entries:
                break
            name = dir_name(rng, used)
            full = os.path.join(path, name)
            os.mkdir(full)
            queue.append((full, depth + 1))
            all_dirs.append(full)
            made += 1
            dirs_made += 1
    # About 0.5% symlinks: relative links to an earlier file or directory.
    links = entries // 200
    for i in range(links):
        at = rng.choice(all_dirs) if all_dirs else dest
        target = rng.choice(all_files if (i % 3) else (all_dirs or all_files))
        name = "link_%d" % i + (".py" if i % 7 == 0 else "")
        try:
            os.symlink(os.path.relpath(target, at), os.path.join(at, name))
        except FileExistsError:
            pass
    return dirs_made


# Rules drawn for the .gitignore files below the root: names, extensions, directories,
# anchored paths, and re-inclusions of what the root ignores.
DEEP_RULES = [
    "*.o", "*.json", "*.pyc", "build*/", "/tests_*", "util_*.py", "docs/", "!*.ts",
    "!index*.html", "*.md", "/vendor*", "cache_*", "!*.o", "lib_*/", "*.h",
]


def repo_tree(dest, entries, seed):
    """The source tree, made a repository with ignore files at several depths."""
    source_tree(dest, entries, seed)
    rng = random.Random(seed + 1)
    os.makedirs(os.path.join(dest, ".git", "info"))
    open(os.path.join(dest, ".git", "info", "exclude"), "w").close()
    with open(os.path.join(dest, ".gitignore"), "w") as f:
        f.write("*.ts\n*.html\nvendor_*/\n*.o\n")
    for path, dirs, _ in os.walk(dest):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        depth = path[len(dest):].count(os.sep)
        if depth == 0 or depth > 10:
            continue
        roll = rng.random()
        if roll < 0.05:
            name = ".gitignore"
        elif roll < 0.056:
            name = ".ignore"
        else:
            continue
        rules = rng.sample(DEEP_RULES, rng.randint(1, 3))
        with open(os.path.join(path, name), "w") as f:
            f.write("".join(rule + "\n" for rule in rules))


def tiny_tree(dest):
    os.makedirs(os.path.join(dest, "src"))
    for name in ("src/main.rs", "src/lib.rs", "README.md", "build.py"):
        open(os.path.join(dest, name), "wb").close()


def wide_tree(dest, dirs):
    for i in range(dirs):
        os.mkdir(os.path.join(dest, "d%06d" % i))


def mdtest_tree(dest, entries, ranks, hard):
    """IO500's mdtest-easy (a directory per rank, empty files) or mdtest-hard (one
    shared directory, files of 3,901 bytes)."""
    top = os.path.join(dest, "test-dir.0-0")
    payload = b"x" * 3901 if hard else b""
    per_rank = entries // ranks
    for rank in range(ranks):
        tree = os.path.join(top, "mdtest_tree.0" if hard else "mdtest_tree.%d.0" % rank)
        os.makedirs(tree, exist_ok=True)
        for i in range(per_rank):
            with open(os.path.join(tree, "file.mdtest.%d.%d" % (rank, i)), "wb") as f:
                f.write(payload)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    kinds = ["source", "repo", "tiny", "wide", "mdtest-easy", "mdtest-hard"]
    parser.add_argument("kind", choices=kinds)
    parser.add_argument("dest")
    parser.add_argument("--entries", type=int, default=500_000)
    parser.add_argument("--dirs", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--ranks", type=int, default=4)
    args = parser.parse_args()
    if os.path.exists(args.dest):
        print("%s exists, reusing it" % args.dest, file=sys.stderr)
        return
    tmp = args.dest.rstrip("/") + ".partial"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    if args.kind == "source":
        source_tree(tmp, args.entries, args.seed)
    elif args.kind == "repo":
        repo_tree(tmp, args.entries, args.seed)
    elif args.kind.startswith("mdtest-"):
        mdtest_tree(tmp, args.entries, args.ranks, args.kind == "mdtest-hard")
    elif args.kind == "tiny":
        tiny_tree(tmp)
    else:
        wide_tree(tmp, args.dirs)
    os.rename(tmp, args.dest)


if __name__ == "__main__":
    main()
