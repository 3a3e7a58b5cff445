//! Hints for the mistakes of a first hour: each suggests a whole command that keeps
//! the user's flags, and the tests run that command to see that it does what was meant.

use std::process::Command;

use crate::testenv::*;

/// The command a hint suggests (after `run: `, or after the last `: pfind `), run in
/// `env`'s root through sh: (exit code, stdout).
fn run_suggestion(env: &TestEnv, stderr: &str) -> (i32, String) {
    let at = stderr
        .rfind("run: pfind ")
        .map(|at| at + "run: ".len())
        .or_else(|| stderr.rfind(": pfind ").map(|at| at + 2))
        .unwrap_or_else(|| panic!("no suggested command in {stderr:?}"));
    let command = stderr[at..].lines().next().unwrap_or_default();
    let command = command.trim_end_matches(')');
    let script = format!(
        "pfind() {{ '{}' \"$@\"; }}; {command}",
        env!("CARGO_BIN_EXE_pfind")
    );
    let output = Command::new("sh")
        .args(["-c", &script])
        .current_dir(env.root())
        .env_remove("LS_COLORS")
        .output()
        .expect("run sh");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn sample() -> TestEnv {
    TestEnv::with(
        &["src", "doc"],
        &["src/main.rs", "src/lib.rs", "doc/guide.md"],
    )
}

/// `pfind -b -g '*.rs'` (no root) suggested `pfind . '*.rs'`, dropping `-b -g`: that
/// command then printed nothing.
#[test]
fn regression_missing_root_suggestion_keeps_the_flags() {
    let env = sample();
    let run = env.run(["-b", "-g", "*.rs"]);
    run.expect_code(2);
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.context());
    let (code, stdout) = run_suggestion(&env, &run.stderr());
    assert_eq!(code, 0, "{}", run.context());
    assert_eq!(
        sorted_lines(&stdout),
        ["./src/lib.rs", "./src/main.rs"],
        "{}",
        run.context()
    );
}

fn sorted_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort();
    lines
}

/// A substring QUERY holding glob characters that matched nothing exited 1 silently.
#[test]
fn regression_glob_characters_in_a_substring_query_get_a_note() {
    let env = sample();
    let run = env.run(["src", "*.rs"]);
    run.expect_code(1);
    assert!(run.stdout().is_empty());
    let err = run.stderr();
    assert_eq!(err.lines().count(), 1, "{}", run.context());
    assert!(
        err.contains("substring") && err.contains("-g"),
        "{}",
        run.context()
    );
    let (code, stdout) = run_suggestion(&env, &err);
    assert_eq!(code, 0, "{}", run.context());
    assert_eq!(sorted_lines(&stdout), ["src/lib.rs", "src/main.rs"]);
    // Not with -q, not when something matched, not for a glob or a regex.
    env.touch("src/x[1].rs");
    for args in [
        vec!["-q", "src", "*.rs"],
        vec!["src", "x[1]"],
        vec!["-g", "src", "*.none"],
        vec!["-r", "src", "a*b"],
    ] {
        let run = env.run(&args);
        assert!(run.stderr().is_empty(), "{}", run.context());
    }
}

/// fd's order: `pfind rs src` said only `rs: No such file or directory`.
#[test]
fn regression_fd_order_with_a_missing_root_gets_the_swapped_command() {
    let env = sample();
    let run = env.run(["-b", "main", "src"]);
    run.expect_code(2);
    let err = run.stderr();
    assert!(
        err.contains("main: No such file or directory"),
        "{}",
        run.context()
    );
    assert_eq!(err.lines().count(), 2, "{}", run.context());
    let (code, stdout) = run_suggestion(&env, &err);
    assert_eq!(code, 0, "{}", run.context());
    assert_eq!(stdout, "src/main.rs\n", "{}", run.context());
}

/// fd's order: `pfind doc /usr` searched ./doc for "/usr" and exited 1 without a word.
#[test]
fn regression_fd_order_with_an_absolute_query_gets_the_swapped_command() {
    let env = sample();
    let absolute = env.path("src").display().to_string();
    let run = env.run(["doc", &absolute]);
    run.expect_code(1);
    let err = run.stderr();
    assert_eq!(err.lines().count(), 1, "{}", run.context());
    let (code, stdout) = run_suggestion(&env, &err);
    assert_eq!(code, 1, "{}", run.context());
    assert!(stdout.is_empty());
    // With a name that is there, the swapped command finds it.
    let run = env.run(["main", &absolute]);
    let (code, stdout) = run_suggestion(&env, &run.stderr());
    assert_eq!(code, 0, "{}", run.context());
    assert_eq!(stdout, format!("{absolute}/main.rs\n"));
}
