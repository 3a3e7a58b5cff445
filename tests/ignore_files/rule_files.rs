//! Rule files that cannot be used (issue 20.3, 20.4): only regular files up to the cap
//! are read, a FIFO never blocks, a device is never read, and every file whose rules
//! are not applied is reported (exit status 2): in the walk, above the root, behind
//! `.git`, and given with `--ignore-file`. A file too large for one matcher still
//! applies every line, as git does.

use std::ffi::OsString;
use std::os::unix::net::UnixListener;
use std::process::{Command, Stdio};

#[cfg(target_os = "linux")]
use rustix::fs::CWD;

use crate::testenv::*;

/// What pfind reads of a rule file at most (`RULE_FILE_CAP`, 16 MiB).
const CAP: u64 = 16 << 20;

/// Runs `pfind -j2 ARGS` in `env`, as the user `prefix` (from [`as_nobody`]) makes
/// it, with the user's git configuration kept out, under the hang guard and a 2 GiB
/// address-space limit: a file read without end fails the test, not the machine.
fn run_as(env: &TestEnv, prefix: &[&str], args: &[&str]) -> Run {
    let mut argv: Vec<OsString> = prefix.iter().map(OsString::from).collect();
    argv.extend(
        ["sh", "-c", r#"ulimit -v 2097152 && exec "$@""#, "sh"]
            .iter()
            .map(OsString::from),
    );
    let mut cmd = env.command_as(&argv, ["-0", "-j", "2"].iter().chain(args));
    let home = env.root().as_os_str();
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", env.path(".no-config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let command = format!("{cmd:?}");
    let child = cmd.spawn().expect("spawn pfind");
    Run {
        output: output_within(child, HANG_LIMIT, &command),
        command,
        tree: env.describe(),
    }
}

fn run(env: &TestEnv, args: &[&str]) -> Run {
    run_as(env, &[], args)
}

/// The `PATH: reason` of each `pfind: PATH: reason` line, sorted.
fn errors(run: &Run) -> Vec<String> {
    let mut errors: Vec<String> = run
        .stderr()
        .lines()
        .map(|line| line.strip_prefix("pfind: ").unwrap_or(line).to_string())
        .collect();
    errors.sort();
    errors
}

/// A sparse file of `size` bytes starting with `text`: it costs no disk.
fn sparse(env: &TestEnv, rel: &str, text: &[u8], size: u64) {
    env.write(rel, text);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(env.path(rel))
        .expect("open");
    file.set_len(size).expect("set_len");
}

/// `git` in `dir` with the user's configuration kept out; `None` when git is missing.
fn git(env: &TestEnv, prefix: &[&str], args: &[&str]) -> Option<std::process::Output> {
    let mut argv: Vec<&str> = prefix.to_vec();
    argv.push("git");
    let out = Command::new(argv[0])
        .args(&argv[1..])
        .args(["-c", "safe.directory=*"])
        .args(args)
        .current_dir(env.root())
        .env("HOME", env.root())
        .env("XDG_CONFIG_HOME", env.path(".no-config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .ok()?;
    out.status.success().then_some(out)
}

#[test]
fn rule_files_that_are_not_regular_files_are_reported_and_never_block() {
    let env = TestEnv::with(
        &[".git", "fifo", "dir/.gitignore", "socket", "link"],
        &[
            "fifo/a.log",
            "dir/a.log",
            "socket/a.log",
            "link/a.log",
            "kept.log",
        ],
    );
    env.write("rules", b"*.log\n");
    env.write(".gitignore", b"/kept.log\n");
    env.mkfifo("fifo/.gitignore");
    let _socket = UnixListener::bind(env.path("socket/.ignore")).expect("socket");
    env.symlink("../rules", "link/.gitignore");
    let run = run(&env, &["--gitignore", "-t", "f", ".", ""]);
    run.expect_code(2);
    assert_eq!(
        errors(&run),
        [
            "./dir/.gitignore: not a regular file (a directory)",
            "./fifo/.gitignore: not a regular file (a FIFO)",
            "./link/.gitignore: a symbolic link, not followed",
            "./socket/.ignore: not a regular file (a socket)",
        ],
        "{}",
        run.context()
    );
    let want = records(&[
        "./.gitignore",
        "./rules",
        "./fifo/a.log",
        "./dir/a.log",
        "./socket/a.log",
        "./link/a.log",
    ]);
    assert_same(&run.records(), &want, &run.context());
}

/// The issue's abort: a copy of /dev/zero named `.ignore` was read until memory ran
/// out (exit 134).
#[cfg(target_os = "linux")]
#[test]
fn a_character_device_named_ignore_is_reported_not_read() {
    if !is_root() {
        skip("mknod needs root");
        return;
    }
    let env = TestEnv::with(&["sub"], &["sub/a.log"]);
    rustix::fs::mknodat(
        CWD,
        env.path("sub/.ignore"),
        rustix::fs::FileType::CharacterDevice,
        rustix::fs::Mode::from_raw_mode(0o644),
        rustix::fs::makedev(1, 5),
    )
    .expect("mknod");
    let run = run(&env, &["--gitignore", ".", ""]);
    run.expect_code(2);
    assert_eq!(
        errors(&run),
        ["./sub/.ignore: not a regular file (a character device)"],
        "{}",
        run.context()
    );
    assert_same(
        &run.records(),
        &records(&["./sub", "./sub/.ignore", "./sub/a.log"]),
        &run.context(),
    );
}

/// A sparse file over the cap costs no disk, so any user can plant one above every
/// other user's root (`/tmp/.ignore`), or in a tree pfind walks.
#[test]
fn rule_files_over_the_cap_are_reported_inside_and_above_the_root() {
    let env = TestEnv::with(
        &["root/.git", "root/sub"],
        &["root/a.log", "root/sub/b.log"],
    );
    sparse(&env, ".ignore", b"*.log\n", CAP + 1);
    sparse(&env, "root/sub/.gitignore", b"*.log\n", CAP + 1);
    env.write("root/.gitignore", b"/a.log\n");
    let run = run(&env, &["--gitignore", "-t", "f", "root", ""]);
    run.expect_code(2);
    let above = std::fs::canonicalize(env.path(".ignore")).expect("canonicalize");
    let too_large = "larger than 16 MiB, the most pfind reads from a rule file";
    let mut want_errors = vec![
        format!("{}: {too_large}", above.display()),
        format!("root/sub/.gitignore: {too_large}"),
    ];
    want_errors.sort();
    assert_eq!(errors(&run), want_errors, "{}", run.context());
    let want = records(&["root/.gitignore", "root/sub/.gitignore", "root/sub/b.log"]);
    assert_same(&run.records(), &want, &run.context());
}

/// Reading a FIFO given with `--ignore-file` blocked for ever.
#[test]
fn an_ignore_file_that_is_not_a_regular_file_is_refused_without_blocking() {
    let env = TestEnv::with(&[], &["a"]);
    env.mkfifo("fifo");
    for (file, kind) in [
        ("fifo", "a FIFO"),
        ("/dev/null", "a character device"),
        (".", "a directory"),
    ] {
        let run = run(&env, &["--ignore-file", file, ".", ""]);
        run.expect_code(2);
        assert_eq!(
            run.stderr(),
            format!("pfind: --ignore-file {file}: not a regular file ({kind})\n"),
            "{}",
            run.context()
        );
        assert!(run.stdout().is_empty(), "{}", run.context());
    }
}

/// git warns `unable to access '.gitignore': Permission denied` and goes on without
/// the file; pfind skipped it in silence.
#[test]
fn unreadable_rule_files_are_reported_as_git_warns() {
    let env = TestEnv::with(&[".git/info"], &["a.log", "b.excl", "c.txt"]);
    env.write(".gitignore", b"*.log\n");
    env.write(".git/info/exclude", b"*.excl\n");
    env.chmod(".gitignore", 0o000);
    env.chmod(".git/info/exclude", 0o000);
    let prefix = if is_root() {
        let Some(prefix) = as_nobody() else {
            skip("running as root without setpriv: cannot lose permissions");
            return;
        };
        prefix
    } else {
        Vec::new()
    };
    let prefix: Vec<&str> = prefix.iter().filter_map(|p| p.to_str()).collect();
    let run = run_as(&env, &prefix, &["--gitignore", "-t", "f", ".", ""]);
    run.expect_code(2);
    assert_eq!(
        errors(&run),
        [
            "./.git/info/exclude: Permission denied",
            "./.gitignore: Permission denied",
        ],
        "{}",
        run.context()
    );
    let want = records(&["./.gitignore", "./a.log", "./b.excl", "./c.txt"]);
    assert_same(&run.records(), &want, &run.context());
    let Some(git) = git(&env, &prefix, &["status", "--porcelain", "--ignored"]) else {
        return;
    };
    let warnings = String::from_utf8_lossy(&git.stderr);
    for file in [".gitignore", ".git/info/exclude"] {
        let warning = format!("unable to access '{file}': Permission denied");
        assert!(warnings.contains(&warning), "git says:\n{warnings}");
    }
}

/// The global excludes file was skipped in silence when it was not a regular file;
/// it is reported once, however many roots there are.
#[test]
fn an_unusable_global_excludes_file_is_reported_once() {
    let env = TestEnv::with(
        &["a/.git", "b/.git", ".no-config/git"],
        &["a/x.log", "b/y.log"],
    );
    env.mkfifo(".no-config/git/ignore");
    let run = run(&env, &["--gitignore", "-t", "f", "a", "b", ""]);
    run.expect_code(2);
    let global = env.path(".no-config/git/ignore");
    assert_eq!(
        errors(&run),
        [format!("{}: not a regular file (a FIFO)", global.display())],
        "{}",
        run.context()
    );
    assert_same(
        &run.records(),
        &records(&["a/x.log", "b/y.log"]),
        &run.context(),
    );
}

/// The paths `git ls-files --others --exclude-standard` lists, as `./PATH`, sorted.
fn git_lists(env: &TestEnv) -> Option<Vec<Vec<u8>>> {
    let out = git(
        env,
        &[],
        &["ls-files", "-z", "--others", "--exclude-standard"],
    )?;
    let mut listed: Vec<Vec<u8>> = split_sorted(&out.stdout, b'\0')
        .into_iter()
        .map(|p| [b"./", &p[..]].concat())
        .collect();
    listed.sort();
    Some(listed)
}

/// A `.gitignore` of 10,000 complex globs is past the `ignore` crate's 10 MiB
/// automaton: it was replaced by an empty matcher with exit 0, its `secret.txt` line
/// ignored, where git honours it. Built in pieces, every line applies, and the last
/// matching line still wins across pieces.
#[test]
fn a_gitignore_too_large_for_one_matcher_still_applies_every_line() {
    let env = TestEnv::with(
        &[".git", "d9999x"],
        &[
            "secret.txt",
            "other.txt",
            "a.keep",
            "important.keep",
            "d9999x/q9999-az9999",
            "d9999x/q9999-dz9999",
        ],
    );
    let mut text = String::from("secret.txt\n*.keep\n");
    for i in 0..10_000 {
        text.push_str(&format!("d{i}x*/**/q{i}?[a-c]*z{i}\n"));
    }
    text.push_str("!important.keep\n");
    env.write(".gitignore", text.as_bytes());
    let run = run(&env, &["--gitignore", "-t", "f", ".", ""]);
    run.expect_code(0);
    let want = records(&[
        "./.gitignore",
        "./other.txt",
        "./important.keep",
        "./d9999x/q9999-dz9999",
    ]);
    assert_same(&run.records(), &want, &run.context());
    let _ = std::fs::remove_dir(env.path(".git"));
    if git(&env, &[], &["init", "-q", "."]).is_some() {
        let listed = git_lists(&env).expect("git ls-files");
        assert_same(&listed, &want, "git ls-files");
    } else {
        skip("git not installed: not compared");
    }
}

/// A line too large to compile even alone is reported; the file's other lines apply.
#[test]
fn a_line_too_large_to_compile_is_reported_and_the_others_apply() {
    let env = TestEnv::with(&[".git"], &["secret.txt", "a.log", "kept.txt"]);
    let huge = format!("x{}", "?[a-c]*".repeat(45_000));
    env.write(
        ".gitignore",
        format!("secret.txt\n{huge}\n*.log\n").as_bytes(),
    );
    let run = run(&env, &["--gitignore", "-t", "f", ".", ""]);
    run.expect_code(2);
    let errors = errors(&run);
    assert!(
        errors.len() == 1 && errors[0].starts_with("./.gitignore: line 2: too large to compile"),
        "{}",
        run.context()
    );
    assert_same(
        &run.records(),
        &records(&["./.gitignore", "./kept.txt"]),
        &run.context(),
    );
}

/// Pointers to a repository's git directory that lead nowhere are reported: its
/// `info/exclude` cannot be read.
#[test]
fn git_pointers_that_cannot_be_followed_are_reported() {
    let env = TestEnv::with(
        &["fifo", "nonsense", "dangling", "worktree", "gitdir"],
        &["fifo/a", "nonsense/a", "dangling/a", "worktree/a"],
    );
    env.mkfifo("fifo/.git");
    env.write("nonsense/.git", b"not a pointer\n");
    env.write("dangling/.git", b"gitdir: ../missing\n");
    env.write("worktree/.git", b"gitdir: ../gitdir\n");
    env.mkfifo("gitdir/commondir");
    let run = run(&env, &["--gitignore", "-t", "f", ".", ""]);
    run.expect_code(2);
    assert_eq!(
        errors(&run),
        [
            "./dangling/../missing: No such file or directory",
            "./fifo/.git: not a regular file (a FIFO)",
            "./nonsense/.git: neither a directory nor a `gitdir:` file",
            "./worktree/../gitdir/commondir: not a regular file (a FIFO)",
        ],
        "{}",
        run.context()
    );
    let want = records(&["./fifo/a", "./nonsense/a", "./dangling/a", "./worktree/a"]);
    assert_same(&run.records(), &want, &run.context());
}
