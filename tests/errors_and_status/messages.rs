//! Error messages and exit statuses: grep's statuses (0 found, 1 nothing, 2 an
//! error, the other roots searched all the same), one line per error, `pfind:
//! SUBJECT: reason`, "no such file" worded one way, and names escaped onto that line
//! (control characters, invalid UTF-8), never the message's own line breaks. The
//! oracle is the message expected, written out.

#[cfg(unix)]
use std::ffi::OsStr;

use crate::testenv::*;

#[test]
fn exit_status_is_like_grep() {
    let env = small_project();
    env.run([".", "main.rs"]).expect_code(0);
    let none = env.run([".", "no-such-name"]);
    none.expect_code(1);
    assert!(
        none.stdout().is_empty() && none.stderr().is_empty(),
        "{}",
        none.context()
    );
    let missing = env.run(["missing-root", "docs", "index"]);
    missing.expect_code(2);
    assert_eq!(
        missing.strings(),
        vec!["docs/index.md"],
        "other roots go on\n{}",
        missing.context()
    );
    assert!(
        missing
            .stderr()
            .contains("pfind: missing-root: No such file or directory"),
        "{}",
        missing.context()
    );
}

#[test]
fn invalid_patterns_are_one_line_errors_with_status_2() {
    let env = small_project();
    for args in [
        vec![".", "-r", "a(b"],
        vec![".", "-r", "a[b"],
        vec![".", "-j", "0", "x"],
    ] {
        let run = env.run(&args);
        run.expect_code(2);
        assert_eq!(
            run.stderr().trim_end().lines().count(),
            1,
            "{}",
            run.context()
        );
        assert!(run.stderr().starts_with("pfind: "), "{}", run.context());
    }
}

/// clap's errors printed a literal `\n` between the reason and the possible values
/// (`pfind: invalid value 'bogus' for '--color <WHEN>'\n  [possible values: ...]`): the
/// whole message was escaped, not just the names in it.
#[test]
fn regression_usage_errors_escape_names_not_their_own_line_breaks() {
    let env = TestEnv::new();
    for args in [
        vec!["--color", "bogus"],
        vec!["-t", "z"],
        vec!["--generate", "x"],
    ] {
        let run = env.run(&args);
        run.expect_code(2);
        let err = run.stderr();
        assert_eq!(err.lines().count(), 1, "{}", run.context());
        assert!(
            !err.contains(r"\n") && err.contains(": not one of "),
            "{}",
            run.context()
        );
    }
    // A name that holds a newline is still escaped.
    let run = env.run(["--color", "bo\ngus"]);
    run.expect_code(2);
    assert!(run.stderr().contains(r"'bo\ngus'"), "{}", run.context());
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.context());
}

/// "no such file" was spelled three ways: `'x': no such file or directory`,
/// `x: No such file or directory` and `... (os error 2)`.
#[test]
fn regression_no_such_file_is_worded_one_way() {
    let env = TestEnv::with(&["dir"], &[]);
    for args in [
        vec!["missing"],
        vec!["missing", "dir", ""],
        vec![".", "--newer", "missing"],
    ] {
        let run = env.run(&args);
        run.expect_code(2);
        let err = run.stderr();
        assert!(
            err.contains("missing: No such file or directory")
                && !err.contains("no such file")
                && !err.contains("os error"),
            "{}",
            run.context()
        );
    }
}

/// A directory named `a\nb` made its error two lines (`pfind: ./a` and
/// `b: Permission denied`): a name could forge error lines or send terminal escapes.
/// Control characters and invalid UTF-8 in messages are now escaped.
#[cfg(unix)] // Unix-only: permission bits, names that are not UTF-8.
#[test]
fn regression_error_messages_escape_names_onto_one_line() {
    let env = TestEnv::new();
    let names: [&[u8]; 3] = [
        b"a\nb: Permission denied\npfind: fake",
        b"\x1b[31mred",
        b"x\xffy",
    ];
    for name in names {
        env.mkdir(os(name));
        env.chmod(os(name), 0o000);
    }
    let run = env.run_unprivileged([".", ""]);
    for name in names {
        env.chmod(os(name), 0o755);
    }
    if let Some(run) = run {
        run.expect_code(2);
        let mut lines: Vec<&str> = run
            .output
            .stderr
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| std::str::from_utf8(l).expect("UTF-8 message"))
            .collect();
        lines.sort();
        assert_eq!(
            lines,
            [
                r"pfind: ./\x1b[31mred: Permission denied",
                r"pfind: ./a\nb: Permission denied\npfind: fake: Permission denied",
                r"pfind: ./x\xffy: Permission denied",
            ],
            "{}",
            run.context()
        );
    }
    // Bad patterns and a missing root: one line each, the input escaped.
    for args in [
        vec![os(b"."), os(b"-r"), os(b"(\n")],
        vec![os(b"."), os(b"-r"), os(b"[\n")],
        vec![os(b"."), os(b"-r"), os(b"\xff\n")],
        vec![os(b"missing\n\x1b")],
    ] {
        let run = env.run(&args);
        run.expect_code(2);
        let err = run.stderr();
        assert_eq!(err.lines().count(), 1, "{}", run.context());
        assert!(
            err.starts_with("pfind: ") && !err.contains('\x1b'),
            "{}",
            run.context()
        );
    }
}

/// Clap's usage errors were five lines (reason, tip, usage, pointer to --help); every
/// invalid command line is now one `pfind: REASON (TIP)` line with status 2, while
/// --help and --version still print and succeed.
#[cfg(unix)] // Unix-only: an argument that is not UTF-8.
#[test]
fn usage_errors_are_one_line_with_status_2() {
    let env = TestEnv::new();
    let bad: [&[&[u8]]; 8] = [
        &[b"--bogus"],
        &[b"-X"],
        &[b"-j", b"x", b"."],
        &[b"-j", b"\xff", b"."],
        &[b"-g", b"-r", b"a", b"b"],
        &[b"-d"],
        &[b"--min-depth", b"-1", b"."],
        &[b"--bo\ngus\x1b"],
    ];
    for args in bad {
        let args: Vec<&OsStr> = args.iter().map(|a| os(a)).collect();
        let run = env.run(&args);
        run.expect_code(2);
        let err = run.stderr();
        assert!(
            err.starts_with("pfind: ") && err.ends_with('\n') && err.lines().count() == 1,
            "{}",
            run.context()
        );
        assert!(
            !err.contains('\x1b') && run.stdout().is_empty(),
            "{}",
            run.context()
        );
    }
    for flag in ["--help", "-h", "--version", "-V"] {
        let run = env.run([flag]);
        run.expect_code(0);
        assert!(
            !run.stdout().is_empty() && run.stderr().is_empty(),
            "{}",
            run.context()
        );
    }
}
