//! `--gitignore` against `git ls-files --cached --others --exclude-standard`, `.ignore`
//! files outside repositories, very wide directories and linked worktrees.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::process::Command;

use crate::testenv::*;

/// A git fixture: HOME and XDG_CONFIG_HOME point into a temporary directory so the
/// user's global configuration stays out; a global excludes file is set up there.
struct GitFixture {
    env: TestEnv,
    home: tempfile::TempDir,
}

impl GitFixture {
    fn vars(&self) -> Vec<(&'static str, OsString)> {
        let home = self.home.path().as_os_str().to_owned();
        let mut xdg = home.clone();
        xdg.push("/config");
        vec![
            ("HOME", home),
            ("XDG_CONFIG_HOME", xdg),
            ("GIT_CONFIG_NOSYSTEM", "1".into()),
            ("GIT_CONFIG_GLOBAL", OsString::new()),
        ]
    }

    fn git(&self, dir: &str, args: &[&str]) -> Vec<u8> {
        let out = Command::new("git")
            .args(args)
            .envs(self.vars())
            .current_dir(self.env.path(dir))
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// `git ls-files --cached --others --exclude-standard` in `dir`, as paths relative
    /// to the fixture's root, sorted; entries for nested repositories (`x/`) dropped.
    fn ls_files(&self, dir: &str) -> Vec<Vec<u8>> {
        let out = self.git(
            dir,
            &[
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
        );
        let mut files: Vec<Vec<u8>> = split_sorted(&out, b'\0')
            .into_iter()
            .filter(|p| !p.ends_with(b"/"))
            .filter(|p| {
                std::fs::symlink_metadata(self.env.path(OsStr::from_bytes(p))).is_ok() || dir != "."
            })
            .map(|p| {
                if dir == "." {
                    p
                } else {
                    [dir.as_bytes(), b"/", &p].concat()
                }
            })
            .collect();
        files.sort();
        files
    }

    fn pfind(&self, args: &[&str]) -> (Vec<Vec<u8>>, Run) {
        let mut cmd = self.env.pfind(["-0"].iter().chain(args));
        cmd.envs(self.vars());
        let run = Run::of(&mut cmd, &self.env);
        (run.records(), run)
    }
}

fn git_fixture() -> Option<GitFixture> {
    if !Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        skip("git not installed");
        return None;
    }
    let home = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(home.path().join("config/git")).expect("mkdir");
    std::fs::write(home.path().join("config/git/ignore"), "*.global\n").expect("global ignore");
    let env = TestEnv::new();
    let fixture = GitFixture { env, home };
    let env = &fixture.env;
    fixture.git(".", &["init", "-q", "."]);
    let files = [
        "README.md",
        "main.rs",
        "debug.log",
        "keep.log",
        "x.global",
        "x.excl",
        "build/out.o",
        "src/build/kept.rs",
        "src/lib.rs",
        "src/a.tmp",
        "src/important.tmp",
        "src/local/l.rs",
        "src/deep/local/l.rs",
        "src/deep/re.log",
        "src/deep/other.log",
        "cache/c.bin",
        "src/cache",
        "docs/a.md",
        "docs/sub/b.md",
        "docs/a.txt",
        ".hidden.rs",
        "target/t.rs",
        "weird name [x].txt",
        "star*.txt",
        "nested/inner.rs",
        "nested/inner.log",
        "nested/skip.me",
        "nested/sub/deep.rs",
        "dir.with.dots/x.log.rs",
    ];
    for file in files {
        env.write(file, file.as_bytes());
    }
    env.write(
        ".gitignore",
        b"# comment\n*.log\n!keep.log\n/build/\ncache/\ntarget\ndocs/*.md\nstar\\*.txt\n",
    );
    env.write("src/.gitignore", b"*.tmp\n!important.tmp\n/local\n");
    env.write("src/deep/.gitignore", b"!re.log\n");
    env.write(".git/info/exclude", b"*.excl\n");
    fixture.git("nested", &["init", "-q", "."]);
    env.write("nested/.gitignore", b"skip.me\n");
    fixture.git(
        ".",
        &["add", "README.md", "main.rs", "src/lib.rs", ".gitignore"],
    );
    Some(fixture)
}

#[test]
fn gitignore_files_equal_git_ls_files() {
    let Some(fx) = git_fixture() else { return };
    let (got, run) = fx.pfind(&["--gitignore", "-t", "f", ".", ""]);
    run.expect_code(0);
    let strip = |p: &Vec<u8>| p.strip_prefix(b"./").unwrap_or(p).to_vec();
    let mut got: Vec<Vec<u8>> = got.iter().map(strip).collect();
    got.sort();
    let (outer, nested): (Vec<Vec<u8>>, Vec<Vec<u8>>) =
        got.into_iter().partition(|p| !p.starts_with(b"nested/"));
    assert_same(
        &outer,
        &fx.ls_files("."),
        &format!("outer repository\n{}", run.context()),
    );
    assert_same(
        &nested,
        &fx.ls_files("nested"),
        &format!("nested repository\n{}", run.context()),
    );
    // A root inside the repository inherits the rules above it.
    let (got, run) = fx.pfind(&["--gitignore", "-t", "f", "src", ""]);
    assert_same(&got, &fx.ls_files("src"), &run.context());
    // Ignored directories are not printed either; .git never is.
    let (dirs, run) = fx.pfind(&["--gitignore", "-t", "d", ".", ""]);
    let dirs: Vec<String> = dirs
        .iter()
        .map(|d| String::from_utf8_lossy(d).into_owned())
        .collect();
    for gone in [
        "./.git",
        "./build",
        "./cache",
        "./target",
        "./src/local",
        "./nested/.git",
    ] {
        assert!(
            !dirs.iter().any(|d| d == gone),
            "{gone} listed\n{}",
            run.context()
        );
    }
    for kept in ["./src/build", "./src/deep/local", "./nested", "./docs/sub"] {
        assert!(
            dirs.iter().any(|d| d == kept),
            "{kept} missing\n{}",
            run.context()
        );
    }
}

#[test]
fn dot_ignore_counts_outside_repositories_and_gitignore_does_not() {
    let env = TestEnv::with(&["d"], &["a.secret", "a.log", "d/b.secret", "d/keep"]);
    env.write(".ignore", b"*.secret\n");
    env.write(".gitignore", b"*.log\n");
    let (got, run) = run_records(&env, &["--gitignore", "-t", "f", ".", ""], &[]);
    let want: Vec<Vec<u8>> = ["./.gitignore", "./.ignore", "./a.log", "./d/keep"]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
    assert_same(&got, &want, &run.context());
}

#[test]
fn gitignore_in_a_linked_worktree_reads_the_common_info_exclude() {
    let Some(fx) = git_fixture() else { return };
    fx.git(
        ".",
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-qm",
            "fixture",
        ],
    );
    fx.git(".", &["worktree", "add", "-q", "linked"]);
    for file in [
        "linked/new.excl",
        "linked/new.log",
        "linked/new.rs",
        "linked/src/x.tmp",
        "linked/x.global",
    ] {
        fx.env.write(file, b"x");
    }
    let (got, run) = fx.pfind(&["--gitignore", "-t", "f", "linked", ""]);
    assert_same(&got, &fx.ls_files("linked"), &run.context());
    assert!(
        !got.iter().any(|p| p.ends_with(b".excl")),
        "{}",
        run.context()
    );
}

/// Variables that keep the user's git configuration and global excludes out.
fn hermetic(env: &TestEnv) -> Vec<(&'static str, String)> {
    let home = env.root().to_string_lossy().into_owned();
    vec![
        ("HOME", home.clone()),
        ("XDG_CONFIG_HOME", format!("{home}/.no-config")),
        ("GIT_CONFIG_NOSYSTEM", "1".into()),
    ]
}

fn pfind_hermetic(env: &TestEnv, args: &[&str]) -> (Vec<Vec<u8>>, Run) {
    let vars = hermetic(env);
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    run_records(env, args, &vars)
}

/// Issue 14.5: ripgrep and fd rank every `.ignore` above every `.gitignore`, so a
/// root `.ignore` re-includes what a deeper `.gitignore` ignores.
#[test]
fn dot_ignore_outranks_gitignore_at_any_depth() {
    let env = TestEnv::with(&[".git", "inner"], &["foo", "inner/foo", "inner/bar"]);
    env.write(".ignore", b"!foo\n");
    env.write("inner/.gitignore", b"foo\nbar\n");
    let (got, run) = pfind_hermetic(&env, &["--gitignore", "-t", "f", ".", ""]);
    run.expect_code(0);
    let want = records(&["./.ignore", "./foo", "./inner/.gitignore", "./inner/foo"]);
    assert_same(&got, &want, &run.context());
}

/// A nested repository does not inherit its parent's `.gitignore`, but `.ignore`
/// files, which are not git's, apply below them across repositories (as in fd).
#[test]
fn a_nested_repository_inherits_dot_ignore_but_not_gitignore() {
    let env = TestEnv::with(
        &[".git", "nested/.git"],
        &[
            "a.log",
            "a.tmp",
            "nested/b.log",
            "nested/b.tmp",
            "nested/b.rs",
        ],
    );
    env.write(".gitignore", b"*.log\n");
    env.write(".ignore", b"*.tmp\n");
    let (got, run) = pfind_hermetic(&env, &["--gitignore", "-t", "f", ".", ""]);
    run.expect_code(0);
    let want = records(&[
        "./.gitignore",
        "./.ignore",
        "./nested/b.log",
        "./nested/b.rs",
    ]);
    assert_same(&got, &want, &run.context());
    // Searched from inside the nested repository, the `.ignore` above still counts.
    let (got, run) = pfind_hermetic(&env, &["--gitignore", "-t", "f", "nested", ""]);
    assert_same(
        &got,
        &records(&["nested/b.log", "nested/b.rs"]),
        &run.context(),
    );
}

/// A nested repository whose `.git` is a file (a submodule, or `git init
/// --separate-git-dir`): its exclude file is found through the file, its parent's
/// `.gitignore` does not apply, and what pfind lists is what git lists.
#[test]
fn gitignore_in_a_nested_repository_with_a_git_file_equals_git_ls_files() {
    let Some(fx) = git_fixture() else { return };
    let gitdir = fx.home.path().join("sub.git");
    fx.git(
        ".",
        &[
            "init",
            "-q",
            "--separate-git-dir",
            gitdir.to_str().expect("utf-8 temp path"),
            "sub",
        ],
    );
    assert!(fx.env.path("sub/.git").is_file(), "sub/.git is not a file");
    std::fs::write(gitdir.join("info/exclude"), "*.excl2\n").expect("write exclude");
    for file in [
        "sub/a.excl2",
        "sub/b.log",
        "sub/c.rs",
        "sub/d.tmp",
        "sub/e/f.rs",
    ] {
        fx.env.write(file, b"x");
    }
    fx.env.write("sub/.gitignore", b"*.tmp\n");
    let (got, run) = fx.pfind(&["--gitignore", "-t", "f", "sub", ""]);
    assert_same(&got, &fx.ls_files("sub"), &run.context());
    let (got, run) = fx.pfind(&["--gitignore", "-t", "f", ".", ""]);
    let sub: Vec<Vec<u8>> = got
        .iter()
        .filter_map(|p| p.strip_prefix(b"./"))
        .filter(|p| p.starts_with(b"sub/"))
        .map(<[u8]>::to_vec)
        .collect();
    assert_same(&sub, &fx.ls_files("sub"), &run.context());
    assert!(
        sub.iter().any(|p| p == b"sub/b.log"),
        "the outer *.log applied inside the nested repository\n{}",
        run.context()
    );
}
