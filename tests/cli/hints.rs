//! Hints for the mistakes of a first hour: each suggests a whole command that keeps
//! the user's flags, and the tests run that command to see that it does what was meant.

use std::process::Command;

use crate::testenv::*;

/// The command a hint suggests (after `run: `, or after the last `: pfind `), run in
/// `env`'s root through sh: (exit code, stdout).
pub fn run_suggestion(env: &TestEnv, stderr: &str) -> (i32, String) {
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

/// `pfind . 'src/*.rs'` suggested `pfind -g . 'src/*.rs'`, which printed nothing: paths
/// print as `./src/...`, and a glob matches the whole of one. The suggestion now matches
/// the paths as they print; so for `src/**`, and for `pfind -g 'src/*.rs'` with no root.
#[test]
fn regression_a_path_glob_suggestion_matches_the_paths_as_printed() {
    let env = sample();
    for (args, want) in [
        (
            &[".", "src/*.rs"][..],
            &["./src/lib.rs", "./src/main.rs"][..],
        ),
        (&[".", "src/**"], &["./src/lib.rs", "./src/main.rs"]),
        (&["-g", "src/*.rs"], &["./src/lib.rs", "./src/main.rs"]),
        (&["src", "src/*.rs"], &["src/lib.rs", "src/main.rs"]),
    ] {
        let run = env.run(args);
        assert_eq!(run.stderr().lines().count(), 1, "{}", run.context());
        let (code, stdout) = run_suggestion(&env, &run.stderr());
        assert_eq!(code, 0, "{}", run.context());
        assert_eq!(sorted_lines(&stdout), want, "{}", run.context());
    }
}

/// `pfind '*.rs'` suggested `pfind . '*.rs'`, which then earned a second hint: one hint
/// now reaches `pfind -b -g . '*.rs'`.
#[test]
fn regression_a_bare_glob_root_reaches_a_name_glob_in_one_hint() {
    let env = sample();
    let run = env.run(["*.rs"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("run: pfind -b -g . '*.rs'"),
        "{}",
        run.context()
    );
    let (code, stdout) = run_suggestion(&env, &run.stderr());
    assert_eq!(code, 0, "{}", run.context());
    assert_eq!(sorted_lines(&stdout), ["./src/lib.rs", "./src/main.rs"]);
}

/// `pfind . -g 'main.*'` printed nothing and said nothing: pfind's -g matches the whole
/// path (find's -path), fd's the name. When such a glob (no `/`) matches no path but
/// matches names, the hint says that -b does that; when it matches no name either,
/// nothing is said.
#[test]
fn regression_a_whole_path_glob_that_matches_names_points_to_b() {
    let env = sample();
    let run = env.run([".", "-g", "main.*"]);
    run.expect_code(1);
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.context());
    assert!(run.stderr().contains("-b"), "{}", run.context());
    let (code, stdout) = run_suggestion(&env, &run.stderr());
    assert_eq!(code, 0, "{}", run.context());
    assert_eq!(stdout, "./src/main.rs\n", "{}", run.context());
    let run = env.run([".", "-g", "nothing.*"]);
    run.expect_code(1);
    assert!(run.stderr().is_empty(), "{}", run.context());
    // A glob that matches paths is left alone.
    let run = env.run([".", "-g", "*.rs"]);
    run.expect_code(0);
    assert!(run.stderr().is_empty(), "{}", run.context());
}

/// `pfind README.md` printed nothing and exited 1 without a word (what find prints for
/// `-mindepth 1`; fd says "not a directory"). A ROOT that is a file is now an error, and
/// alone it was probably the QUERY: the hint's command finds it.
#[test]
fn regression_a_file_as_the_root_is_an_error_with_the_query_meant() {
    let env = sample();
    for args in [&["doc/guide.md"][..], &["-b", "-g", "doc/guide.md"]] {
        let run = env.run(args);
        run.expect_code(2);
        let err = run.stderr();
        assert_eq!(err.lines().count(), 1, "{}", run.context());
        assert!(
            err.starts_with("pfind: doc/guide.md: Not a directory"),
            "{}",
            run.context()
        );
    }
    let run = env.run(["guide.md"]);
    let err = run.stderr();
    // Not there at the top: the missing-root hint, as before.
    assert!(err.contains("No such file"), "{}", run.context());
    env.touch("guide.md");
    let run = env.run(["guide.md"]);
    let (code, stdout) = run_suggestion(&env, &run.stderr());
    assert_eq!(code, 0, "{}", run.context());
    assert_eq!(sorted_lines(&stdout), ["./doc/guide.md", "./guide.md"]);
    // With --min-depth 0 the file is listed, as find lists it.
    let run = env.run(["--min-depth", "0", "doc/guide.md"]);
    run.expect_code(0);
    assert_eq!(run.strings(), ["doc/guide.md"], "{}", run.context());
    // Among directory roots, the file is reported and the others are searched.
    let run = env.run(["src", "doc/guide.md", "main"]);
    run.expect_code(2);
    assert_eq!(run.strings(), ["src/main.rs"], "{}", run.context());
}

/// `pfind -b -g *.md` in a shell gets the names the glob matched, all files, and found
/// nothing, silently: the hint says the glob was expanded and gives the quoted command.
#[test]
fn regression_an_unquoted_glob_expanded_into_files_gets_the_quoted_command() {
    let env = sample();
    for name in ["a.md", "b.md", "c.md"] {
        env.touch(name);
    }
    let run = env.run(["-b", "-g", "a.md", "b.md", "c.md"]);
    run.expect_code(2);
    let err = run.stderr();
    assert_eq!(err.lines().count(), 1, "{}", run.context());
    assert!(err.contains("unquoted"), "{}", run.context());
    let (code, stdout) = run_suggestion(&env, &err);
    assert_eq!(code, 0, "{}", run.context());
    assert_eq!(
        sorted_lines(&stdout),
        ["./a.md", "./b.md", "./c.md", "./doc/guide.md"]
    );
}
