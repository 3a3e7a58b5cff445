//! Hints meant for a person reading a terminal, not for a script reading a pipe.

use super::pty::on_terminal;
use crate::cli::hints::run_suggestion;
use crate::testenv::*;

/// `pfind /usr/lib/python3.11 py` printed all 1,500 entries, because the root's own
/// text holds `py` (find's -path rule, and pfind's): on a terminal, one line says so
/// and that -b matches names; into a pipe, nothing is added.
#[test]
fn regression_a_root_that_contains_the_query_is_pointed_out_on_a_terminal() {
    let env = TestEnv::with(
        &["python3.11/site"],
        &[
            "python3.11/site/a.py",
            "python3.11/site/b.txt",
            "python3.11/README",
        ],
    );
    let (code, shown) = on_terminal(&env, &["--color", "never", "python3.11", "py"], &[]);
    assert_eq!(code, 0);
    let text = String::from_utf8_lossy(&shown);
    let notes: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("itself contains 'py'"))
        .collect();
    assert_eq!(notes.len(), 1, "{text:?}");
    assert!(text.contains("python3.11/README"), "{text:?}");
    let (code, stdout) = run_suggestion(&env, notes[0]);
    assert_eq!(code, 0, "{text:?}");
    assert_eq!(stdout, "python3.11/site/a.py\n");
    // A query the root does not hold, or a pipe: nothing added.
    let (_, shown) = on_terminal(&env, &["--color", "never", "python3.11", "site"], &[]);
    assert!(!String::from_utf8_lossy(&shown).contains("itself contains"));
    let run = env.run(["python3.11", "py"]);
    run.expect_code(0);
    assert!(run.stderr().is_empty(), "{}", run.context());
}
