//! `--ignore-file PATH` (issue 11.14), as fd and ripgrep have it: gitignore syntax,
//! patterns relative to the current directory, ranked below every other ignore file,
//! a later file over an earlier one, and working with or without `--gitignore`.

use crate::testenv::*;

/// A repository whose `.gitignore` would hide `*.txt`: without `--gitignore` only
/// the ignore file's rules count.
fn tree() -> TestEnv {
    let env = TestEnv::with(
        &[".git", "sub/deeper"],
        &[
            "c.txt",
            "x.tmp",
            "sub/c.txt",
            "sub/d.log",
            "sub/y.tmp",
            "sub/deeper/e.log",
        ],
    );
    env.write(".gitignore", b"*.txt\n");
    env.write(
        "rules",
        b"# anchored at the current directory\n/c.txt\nsub/*.log\n*.tmp\n",
    );
    env
}

#[test]
fn ignore_file_patterns_are_relative_to_the_current_directory() {
    let env = tree();
    let (got, run) = run_records(&env, &["--ignore-file", "rules", "-t", "f", ".", ""], &[]);
    run.expect_code(0);
    let below_sub = ["sub/c.txt", "sub/deeper/e.log"];
    let mut want: Vec<String> = below_sub.iter().map(|p| format!("./{p}")).collect();
    want.extend(["./.gitignore".into(), "./rules".into()]);
    let want: Vec<&str> = want.iter().map(String::as_str).collect();
    assert_same(&got, &records(&want), &run.context());
    // However the root is written, the patterns stay anchored at the current directory.
    let (got, run) = run_records(&env, &["--ignore-file", "rules", "-t", "f", "sub", ""], &[]);
    assert_same(&got, &records(&below_sub), &run.context());
    let absolute = env.path("sub");
    let absolute = absolute.to_str().expect("utf-8 temp path");
    let (got, run) = run_records(
        &env,
        &["--ignore-file", "rules", "-t", "f", absolute, ""],
        &[],
    );
    let want: Vec<String> = below_sub
        .iter()
        .map(|p| format!("{}/{}", printed(env.root()), p))
        .collect();
    let want: Vec<&str> = want.iter().map(String::as_str).collect();
    assert_same(&got, &records(&want), &run.context());
    // Run from `sub`, `/c.txt` is `sub/c.txt` and `sub/*.log` matches nothing there.
    let mut cmd = env.pfind(["-0", "--ignore-file", "../rules", "-t", "f", ".", ""]);
    cmd.current_dir(env.path("sub"));
    let run = Run::of(&mut cmd, &env);
    let want = records(&["./d.log", "./deeper/e.log"]);
    assert_same(&run.records(), &want, &run.context());
}

#[test]
fn ignore_file_ranks_below_gitignore_and_a_later_file_wins() {
    let env = TestEnv::with(&[".git"], &["a.log", "keep.log", "other.log", "z.rs"]);
    env.write(".gitignore", b"!keep.log\n");
    env.write("logs", b"*.log\n");
    env.write("other", b"!other.log\n");
    let args = |first: &'static str, second: &'static str| {
        vec![
            "--gitignore",
            "--ignore-file",
            first,
            "--ignore-file",
            second,
            "-e",
            "log",
            ".",
            "",
        ]
    };
    let (got, run) = run_records(&env, &args("logs", "other"), &[]);
    assert_same(
        &got,
        &records(&["./keep.log", "./other.log"]),
        &run.context(),
    );
    let (got, run) = run_records(&env, &args("other", "logs"), &[]);
    assert_same(&got, &records(&["./keep.log"]), &run.context());
}

#[test]
fn an_unreadable_or_invalid_ignore_file_is_a_one_line_error() {
    let env = TestEnv::with(&[], &["a"]);
    env.write("bad", b"ok\n[z-a]\n");
    for (file, says) in [("missing", "missing"), ("bad", "line 2")] {
        let run = env.run(["--ignore-file", file, ".", ""]);
        run.expect_code(2);
        let stderr = run.stderr();
        assert!(
            stderr.starts_with("pfind: --ignore-file ")
                && stderr.contains(says)
                && stderr.lines().count() == 1,
            "{}",
            run.context()
        );
        assert!(run.stdout().is_empty(), "{}", run.context());
    }
}

/// `--no-ignore` undoes `--gitignore`, not `--ignore-file` (as in fd, where
/// `--no-ignore` leaves custom ignore files on).
#[test]
fn no_ignore_undoes_gitignore_but_not_an_ignore_file() {
    let env = tree();
    let args = ["--gitignore", "--ignore-file", "rules", "--no-ignore"];
    let (got, run) = run_records(&env, &[&args[..], &["-t", "f", ".", ""]].concat(), &[]);
    run.expect_code(0);
    let want = records(&[
        "./.gitignore",
        "./rules",
        "./sub/c.txt",
        "./sub/deeper/e.log",
    ]);
    assert_same(&got, &want, &run.context());
}
