//! Commands and templates: as fd's users meet them (`--format`'s escapes, a command
//! that cannot start), their output (`streams.rs`) and what reaches them
//! (`dashes.rs`).

use crate::testenv::*;

// Unix programs (sh, yes, cat, ls), /proc and address-space limits.
#[cfg(unix)]
mod dashes;
#[cfg(unix)]
mod streams;

/// `--format '{{}}'` printed `{./a}`: `{{` and `}}` are a literal `{` and `}`, as in fd.
#[test]
fn regression_doubled_braces_print_literal_braces() {
    let env = TestEnv::with(&[], &["a"]);
    let run = env.run([".", "a", "--format", "{{}} {{{}}} {{/}}"]);
    run.expect_code(0);
    assert_eq!(run.stdout(), b"{} {./a} {/}\n", "{}", run.context());
}

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
