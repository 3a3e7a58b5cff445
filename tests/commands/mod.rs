//! Commands (#4): `-x` runs once per result, `-X` as few times as the results fit,
//! names reach them as exact bytes, a command that fails or cannot start makes the
//! status 2 (and is reported once); the placeholders they share with `--format`
//! (`placeholders.rs`), what reaches them (`dashes.rs`) and their output
//! (`streams.rs`). The oracles are the tree as built and `pfind -0`.

use crate::testenv::*;

// Runs ls, printf and sh; compared with GNU find.
#[cfg(unix)]
mod dashes;
mod placeholders;
// yes and cat, /proc and address-space limits.
#[cfg(unix)]
mod streams;

/// `-x nosuchcmd` reported the missing command once per result: once now, and the
/// status is still 2.
#[test]
fn regression_a_missing_command_is_reported_once() {
    let env = TestEnv::with(&["d"], &["a", "b", "c", "d/e", "d/f"]);
    let run = env.run(["-x", "pfind-no-such-command"]);
    run.expect_code(2);
    let err = run.stderr();
    assert_eq!(err.lines().count(), 1, "{}", run.context());
    assert!(
        err.starts_with("pfind: cannot run pfind-no-such-command: "),
        "{}",
        run.context()
    );
}

#[cfg(unix)] // Unix-only: random trees of names Windows forbids and symbolic links.
#[test]
fn exec_passes_hostile_names_as_exact_bytes() {
    let env = TestEnv::new();
    random_tree(&env, 11, 150);
    let want = env.run(["-0"]).records();
    let run = env.run(["-x", "printf", "%s\\0"]);
    run.expect_code(0);
    assert_same(&run.records(), &want, &run.context());
    let run = env.run(["-X", "printf", "%s\\0", ";"]);
    run.expect_code(0);
    assert_same(&run.records(), &want, &run.context());
}

#[cfg(unix)] // Unix-only: runs Unix programs (sh, echo, true).
#[test]
fn exec_batch_runs_as_few_commands_as_fit() {
    let env = pipe_filling_tree(3, 10);
    let run = env.run(["-X", "sh", "-c", "echo $#", "sh", ";"]);
    run.expect_code(0);
    assert_eq!(run.stdout(), b"33\n", "{}", run.context());
    let run = env.run([".", "00001", "-X", "echo", "--file={/}", "last"]);
    run.expect_code(0);
    let text = String::from_utf8_lossy(run.stdout()).into_owned();
    assert_eq!(text.matches("--file=a-rather").count(), 3, "{text}");
    assert!(text.trim_end().ends_with("last"), "{text}");
}

#[cfg(unix)] // Unix-only: runs Unix programs (sh, echo, true).
#[test]
fn failing_or_missing_commands_make_the_status_2() {
    let env = TestEnv::with(&[], &["a", "b"]);
    env.run(["-x", "false"]).expect_code(2);
    env.run(["-X", "false"]).expect_code(2);
    let run = env.run(["-x", "pfind-no-such-command-xyz"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("pfind-no-such-command-xyz"),
        "{}",
        run.context()
    );
    env.run(["-x", "true"]).expect_code(0);
    env.run([".", "none", "-x", "true"]).expect_code(1);
}
