//! The command line as users meet it: help, mistakes, find habits, and the hidden
//! `--generate` behind the committed completions and man page.

use crate::testenv::*;

#[test]
fn find_habit_gets_one_line_pointing_at_pfind_spelling() {
    let env = TestEnv::with(&[], &["x"]);
    for (habit, hint) in [
        ("-name", "-b NAME"),
        ("-type", "-t TYPE"),
        ("-print0", "-0"),
    ] {
        let run = env.run([".", habit, "x"]);
        run.expect_code(2);
        let stderr = run.stderr();
        assert_eq!(stderr.lines().count(), 1, "{}", run.context());
        assert!(
            stderr.contains(habit) && stderr.contains(hint),
            "{}",
            run.context()
        );
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
    assert!(run.stderr().contains("'--basename'"), "{}", run.context());
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
