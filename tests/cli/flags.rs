//! Flags: pairs where the last one wins (14.10), a flag given twice, type
//! combinations that can never match (14.7), and a word glued to `-x` that must never
//! run a program.

use super::expect_one_line_error;
use crate::testenv::*;

/// A tree with a hidden file, an ignored file, a link to a directory, mixed case.
fn flag_tree() -> TestEnv {
    let env = TestEnv::with(
        &["real"],
        &[".hidden", "ignored.log", "Mixed", "real/inner"],
    );
    env.write(".ignore", b"*.log\n");
    env.symlink("real", "link");
    env
}

/// `pfind ARGS` in `env`, sorted lines; the run must end without error.
fn lines(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let run = env.run(args);
    assert!(run.code() <= 1, "{}", run.context());
    assert!(run.stderr().is_empty(), "{}", run.context());
    run.strings()
}

#[test]
fn regression_the_last_of_a_flag_pair_wins() {
    // Issue 14.10: an alias or a wrapper's flag can be undone on the command line.
    let env = flag_tree();
    let pairs: &[(&str, &str, &[&str])] = &[
        ("--no-hidden", "--hidden", &[]),
        ("--gitignore", "--no-ignore", &[]),
        ("-i", "--case-sensitive", &[".", "mixed"]),
        ("-L", "--no-follow", &[]),
        ("-a", "--relative-path", &[]),
    ];
    for (flag, undo, rest) in pairs {
        let default = lines(&env, rest);
        let with_flag = lines(&env, &[&[*flag][..], rest].concat());
        assert_ne!(with_flag, default, "{flag} changes something here");
        let undone = lines(&env, &[&[*flag, *undo][..], rest].concat());
        assert_eq!(undone, default, "{flag} {undo}: the default again");
        let redone = lines(&env, &[&[*undo, *flag][..], rest].concat());
        assert_eq!(redone, with_flag, "{undo} {flag}: {flag} again");
    }
}

#[test]
fn a_flag_given_twice_is_no_error_and_the_last_value_wins() {
    let env = flag_tree();
    assert_eq!(lines(&env, &["-i", "-i", ".", "mixed"]), ["./Mixed"]);
    assert_eq!(lines(&env, &["-d", "5", "-d", "1", "-t", "d"]), ["real"]);
}

#[test]
fn regression_types_that_can_never_match_are_an_error_that_says_why() {
    // Issue 14.7: `-t x -t d` printed nothing with status 1.
    let env = flag_tree();
    for (args, narrowing) in [
        (&["-t", "x", "-t", "d"][..], "-t x"),
        (&["-t", "d", "-t", "x", "-t", "l"], "-t x"),
        (&["-t", "e", "-t", "l"], "-t e"),
        (&["-t", "e", "-t", "p", "-t", "s"], "-t e"),
        (&["-t", "x", "-t", "e", "-t", "d"], "-t x"),
    ] {
        let run = env.run(args);
        run.expect_code(2);
        let stderr = run.stderr();
        assert_eq!(stderr.lines().count(), 1, "{}", run.context());
        assert!(
            stderr.starts_with(&format!("pfind: {narrowing} narrows"))
                && stderr.contains("nothing can match"),
            "{}",
            run.context()
        );
    }
    // Combinations that can match stay valid.
    for args in [
        &["-t", "x"][..],
        &["-t", "e"],
        &["-t", "x", "-t", "f", "-t", "d"],
        &["-t", "e", "-t", "d"],
        &["-t", "x", "-t", "e"],
    ] {
        let run = env.run(args);
        assert!(run.code() <= 1, "{}", run.context());
    }
}

/// `pfind . -xtype l` ran `type` once per result (`-x` with `type` glued to it), and
/// `pfind src -xecho l` ran `echo`: a word glued to -x or -X is refused, and no
/// program runs.
#[test]
fn regression_a_word_glued_to_x_never_runs_a_program() {
    let env = TestEnv::with(&[], &["a", "b"]);
    for args in [
        vec![".", "-xtype", "l"],
        vec![".", "-xtouch", "made"],
        vec![".", "-Xtouch", "made"],
        vec![".", "-bxtouch", "made"],
        vec![".", "-x=touch", "made"],
    ] {
        let run = env.run(&args);
        expect_one_line_error(&run, &[args[1]]);
        assert!(!env.path("made").exists(), "{}", run.context());
    }
    // The command as the next argument, and the long form with `=`, still run.
    env.run([".", "a", "-x", "touch", "made"]).expect_code(0);
    assert!(env.path("made").exists());
    env.run([".", "b", "--exec=rm"]).expect_code(0);
    assert!(!env.path("b").exists());
}
