//! `PFIND_CONFIG_PATH`: default options from a file (ripgrep's convention), read before
//! the command line, which wins; `--no-config` leaves the file out; bad lines are
//! errors that name the file and the line.

#[cfg(unix)]
use std::process::Stdio;
#[cfg(unix)]
use std::time::Duration;

use crate::testenv::*;

/// A tree with a hidden file, a config file outside it, and a run helper.
fn tree() -> (TestEnv, TestEnv) {
    let env = TestEnv::with(&["d/e"], &[".hidden", "shown", "d/e/deep"]);
    let config = TestEnv::new();
    (env, config)
}

fn run_with(env: &TestEnv, config: &std::path::Path, args: &[&str]) -> Run {
    let mut cmd = env.pfind(args);
    cmd.env("PFIND_CONFIG_PATH", config);
    Run::of(&mut cmd, env)
}

/// fd's most-asked feature (fd #362): defaults without an alias. The file's options come
/// first, so the command line undoes them through the last-wins pairs.
#[test]
fn config_file_options_come_first_and_the_command_line_wins() {
    let (env, config) = tree();
    config.write(
        "rc",
        b"# fd's defaults, the half pfind has\n  --no-hidden  \n\n--max-depth\n1\n",
    );
    let rc = config.path("rc");
    let run = run_with(&env, &rc, &["--sort"]);
    run.expect_code(0);
    assert_eq!(run.strings(), ["d", "shown"], "{}", run.context());
    let run = run_with(&env, &rc, &["--sort", "--hidden", "-d", "3"]);
    assert_eq!(
        run.strings(),
        [".hidden", "d", "d/e", "d/e/deep", "shown"],
        "{}",
        run.context()
    );
    let run = run_with(&env, &rc, &["--sort", "--no-config"]);
    assert_eq!(run.strings().len(), 5, "{}", run.context());
    // No variable, or an empty one: no file at all.
    assert_eq!(env.run(["--sort"]).strings().len(), 5);
    let empty = run_with(&env, std::path::Path::new(""), &["--sort"]);
    assert_eq!(empty.strings().len(), 5, "{}", empty.context());
}

/// `--stats`, `-h` and `--help` say that a file was read, and which.
#[test]
fn stats_and_help_name_the_config_file() {
    let (env, config) = tree();
    config.write("rc", b"--no-hidden\n");
    let rc = config.path("rc");
    let shown = rc.display().to_string();
    let run = run_with(&env, &rc, &["--stats"]);
    assert!(
        run.stderr()
            .starts_with(&format!("config file:      {shown} (PFIND_CONFIG_PATH)\n")),
        "{}",
        run.context()
    );
    assert!(!env.run(["--stats"]).stderr().contains("config file"));
    for flag in ["-h", "--help"] {
        let run = run_with(&env, &rc, &[flag]);
        run.expect_code(0);
        let help = String::from_utf8_lossy(run.stdout()).replace('\n', " ");
        assert!(
            help.contains(&format!(
                "Options from {shown} (PFIND_CONFIG_PATH) come before"
            )),
            "{flag}: {help}"
        );
    }
}

/// A line pfind cannot use is an error that names the file and the line (exit 2), as
/// is a file that is missing or not a regular file; nothing is searched.
#[test]
fn bad_lines_name_the_file_and_the_line() {
    let (env, config) = tree();
    let rc = config.path("rc");
    let shown = rc.display().to_string();
    for (text, want) in [
        (
            &b"--gitignore\n--colr\nalways\n"[..],
            ":2: --colr: no such option",
        ),
        (b"# a root is no option\n\nsrc\n", ":3: src: not an option"),
        (b"--max-depth\n", ":1: --max-depth: needs a value"),
        (b"-x\necho\n", ":1: -x: its value must be in the file too"),
        (b"--sort\n-name\nx\n", ":2: -name: find's spelling"),
        (b"-d\n-1\n", ":1: --max-depth -1: must be 0 or more"),
    ] {
        config.write("rc", text);
        let run = run_with(&env, &rc, &[]);
        run.expect_code(2);
        assert!(run.stdout().is_empty(), "{}", run.context());
        let err = run.stderr();
        assert!(
            err.starts_with(&format!("pfind: {shown}{want}")) && err.lines().count() == 1,
            "{}",
            run.context()
        );
    }
    let missing = run_with(&env, &config.path("nope"), &[]);
    missing.expect_code(2);
    assert!(
        missing
            .stderr()
            .contains("nope: No such file or directory (PFIND_CONFIG_PATH)"),
        "{}",
        missing.context()
    );
}

/// A FIFO named by the variable would block a read forever: refused at once.
#[cfg(unix)] // Unix-only: FIFOs.
#[test]
fn a_fifo_is_refused_not_read() {
    let (env, config) = tree();
    config.mkfifo("rc");
    let child = env
        .pfind::<_, &str>([])
        .env("PFIND_CONFIG_PATH", config.path("rc"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pfind");
    let output = output_within(child, Duration::from_secs(10), "a FIFO config file");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a regular file"));
}
