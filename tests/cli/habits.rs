//! The command line as users meet it: help, mistakes, find habits, and the hidden
//! `--generate` behind the committed completions and man page.

use crate::testenv::*;

/// Asserts that `run` failed with status 2 and one line on stderr holding every one of
/// `needles`, and printed nothing.
fn expect_one_line_error(run: &Run, needles: &[&str]) {
    run.expect_code(2);
    let stderr = run.stderr();
    assert_eq!(stderr.lines().count(), 1, "{}", run.context());
    for needle in needles {
        assert!(stderr.contains(needle), "no {needle:?}\n{}", run.context());
    }
    assert!(run.stdout().is_empty(), "{}", run.context());
}

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

/// `pfind . -xtype l` ran `type` once per result (`-x` with `type` glued to it), and
/// `pfind src -xecho l` ran `echo`: a word glued to -x or -X is refused, and no
/// program runs.
#[cfg(unix)] // Unix-only: runs touch.
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

#[test]
fn short_help_points_to_long_help_which_has_examples_and_exit_status() {
    let env = TestEnv::new();
    let short = env.run(["-h"]);
    short.expect_code(0);
    let short = String::from_utf8_lossy(short.stdout()).into_owned();
    assert!(short.contains("pfind --help"), "{short}");
    assert!(!short.contains("Exit status:"), "{short}");

    let long = env.run(["--help"]);
    long.expect_code(0);
    let long = String::from_utf8_lossy(long.stdout()).into_owned();
    for heading in ["Query:", "Filters:", "Output:", "Examples:", "Exit status:"] {
        assert!(long.contains(heading), "no {heading} in:\n{long}");
    }
}

#[test]
fn generate_prints_completions_and_man_page() {
    let env = TestEnv::new();
    for (target, marker) in [
        ("bash", "complete -F _pfind"),
        ("zsh", "#compdef pfind"),
        ("fish", "complete -c pfind"),
        ("elvish", "edit:completion:arg-completer[pfind]"),
        ("powershell", "Register-ArgumentCompleter"),
        ("man", ".TH pfind 1"),
    ] {
        let run = env.run(["--generate", target]);
        run.expect_code(0);
        let text = String::from_utf8_lossy(run.stdout());
        assert!(text.contains(marker), "{}", run.context());
    }
}

/// The committed files, as a user installs them (their contents are kept equal to
/// `--generate`'s by a unit test in src/generate.rs).
fn committed(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[cfg(unix)] // Unix-only: loads the completion in bash.
#[test]
fn committed_bash_completion_loads() {
    let script = format!(
        "source '{}' && complete -p pfind",
        committed("completions/pfind.bash").display()
    );
    let output = std::process::Command::new("bash")
        .args(["--norc", "-c", &script])
        .output()
        .expect("run bash");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("_pfind pfind"),
        "stdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `man` exits 0 even when troff warns, so the warnings themselves are the test. Skipped
/// (with a note) where man-db is not installed; CI installs it.
#[test]
fn committed_man_page_renders_without_warnings() {
    let page = committed("doc/pfind.1");
    let output = match std::process::Command::new("man")
        .args(["--warnings", "-l"])
        .arg(&page)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
    {
        Ok(output) => output,
        Err(err) => {
            eprintln!("skipped: cannot run man ({err}); install man-db");
            return;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.is_empty(),
        "man --warnings -l {}:\n{stderr}",
        page.display()
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("EXIT STATUS"));
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

#[cfg(unix)] // Unix-only: FIFOs, Unix permission bits, symbolic links.
/// `-t exe` suggested `e` (empty) and `-t fifo` suggested `f` (file).
#[test]
fn regression_type_takes_long_names_and_suggests_the_one_meant() {
    let env = TestEnv::with(&["d"], &["f", "x"]);
    env.chmod("x", 0o755);
    env.mkfifo("p");
    env.symlink("f", "l");
    for (names, want) in [
        (["f", "file"], "./f\n./x"),
        (["d", "dir"], "./d"),
        (["l", "symlink"], "./l"),
        (["p", "fifo"], "./p"),
        (["x", "executable"], "./x"),
    ] {
        for name in names {
            let run = env.run([".", "", "-t", name, "--sort"]);
            assert_eq!(
                run.stdout(),
                format!("{want}\n").as_bytes(),
                "{}",
                run.context()
            );
        }
    }
    for name in ["empty", "socket", "block", "char", "directory", "pipe"] {
        let run = env.run([".", "", "-t", name]);
        assert!(run.code() != 2, "-t {name}: {}", run.context());
    }
    let run = env.run(["-t", "exe"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("similar one: executable"),
        "{}",
        run.context()
    );
    let help = env.run(["--help"]);
    let help = String::from_utf8_lossy(help.stdout()).into_owned();
    for name in [
        "file",
        "dir",
        "symlink",
        "socket",
        "fifo",
        "block",
        "char",
        "executable",
        "empty",
    ] {
        assert!(help.contains(name), "--help does not list -t {name}");
    }
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
