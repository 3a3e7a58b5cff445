//! Habits from find and fd: find's primaries, fd's flags and fd's argument order get
//! one line with pfind's spelling (every primary against fixtures/golden), a mistyped
//! flag gets clap's suggestion, and a word after `--` is a query.

use super::{committed, expect_one_line_error};
use crate::testenv::*;

#[test]
fn find_habit_gets_one_line_pointing_at_pfind_spelling() {
    let env = TestEnv::with(&[], &["x"]);
    for (habit, hint) in [
        ("-name", "-b NAME"),
        ("-type", "-t TYPE"),
        ("-print0", "-0"),
    ] {
        expect_one_line_error(&env.run([".", habit, "x"]), &[habit, hint]);
    }
}

/// Every primary and operator of GNU find's manual, run as find would take it: one line
/// naming it, with what pfind does instead or that it has no equivalent (the lines of
/// fixtures/golden/find-primaries.txt, which a unit test builds from the table and
/// checks against `man find`). Before, most were read as clusters of short flags:
/// `-readable` as `-r -e adable` (nothing matched, silently), `-depth` as `-d epth`,
/// `-atime` as `-a -t ime`, `-ok rm` as `-o k`, `-gid` as clap's "unexpected '-g'".
#[test]
fn regression_every_find_primary_gets_its_message() {
    let env = TestEnv::new();
    let golden = std::fs::read_to_string(committed("fixtures/golden/find-primaries.txt"))
        .expect("fixtures/golden/find-primaries.txt");
    let lines: Vec<&str> = golden.lines().collect();
    assert!(lines.len() > 150, "{} lines", lines.len());
    for pair in lines.chunks(2) {
        let command = pair[0].strip_prefix("$ pfind ").expect("a command line");
        let run = env.run(command.split(' '));
        run.expect_code(2);
        assert_eq!(run.stderr(), format!("{}\n", pair[1]), "{}", run.context());
        assert!(run.stdout().is_empty(), "{}", run.context());
    }
}

#[test]
fn find_habit_word_after_double_dash_is_a_query() {
    let env = TestEnv::with(&[], &["a-name"]);
    let run = env.run([".", "--", "-name"]);
    run.expect_code(0);
    assert_eq!(run.strings(), ["./a-name"], "{}", run.context());
}

#[test]
fn mistyped_flag_gets_clap_suggestion() {
    let env = TestEnv::new();
    let run = env.run([".", "--basenme", "x"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("similar one: --basename"),
        "{}",
        run.context()
    );
}

/// fd's flags got clap's useless tip: "to pass '-H' as a value, use '-- -H'".
#[test]
fn regression_fd_flags_get_what_pfind_does_instead() {
    let env = TestEnv::new();
    for (flag, pointer) in [
        ("-H", "--no-hidden"),
        ("-I", "--gitignore"),
        ("-u", "by default"),
        ("-p", "-b"),
        ("-F", "-r"),
        ("--full-path", "-b"),
        ("--older", "--changed-before"),
    ] {
        let run = env.run([flag, "x"]);
        expect_one_line_error(&run, &[pointer]);
        assert!(
            !run.stderr().contains("use '-- "),
            "{flag}: {}",
            run.context()
        );
    }
}

/// `-empty` and `-executable` parsed as `-e mpty` and `-e xecutable` and matched
/// nothing, silently; `-group root` said `unknown user 'up'`; `-newer` pointed to
/// --changed-within.
#[test]
fn regression_more_find_habits_get_pfind_spelling() {
    let env = TestEnv::with(&[], &["x"]);
    for (habit, hint) in [
        ("-empty", "-t empty"),
        ("-executable", "-t executable"),
        ("-group", "-o :GROUP"),
        ("-user", "-o USER"),
        ("-newer", "--newer FILE"),
        ("-ls", "-l"),
        ("-printf", "--format"),
        ("-quit", "-1"),
    ] {
        expect_one_line_error(&env.run([".", habit, "root"]), &[hint]);
    }
}

/// `pfind --newer 2d` (fd's meaning: changed within two days) said
/// `--newer '2d': No such file or directory (os error 2)`.
#[test]
fn regression_newer_with_a_duration_points_to_changed_within() {
    let env = TestEnv::new();
    expect_one_line_error(&env.run(["--newer", "2d"]), &["--changed-within 2d"]);
    // A file of that name is a file.
    env.touch("2d");
    env.run(["--newer", "2d"]).expect_code(1);
}

#[test]
fn one_missing_argument_hints_at_the_query_form() {
    let env = small_project();
    let run = env.run(["nope.txt"]);
    run.expect_code(2);
    let err = run.stderr();
    assert_eq!(err.lines().count(), 1, "{}", run.context());
    assert!(err.contains("pfind . nope.txt"), "{}", run.context());
}
