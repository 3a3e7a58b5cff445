//! Error messages on a terminal: after a screenful of them, a hint at the end says how
//! to hide them (`-s`, `--no-errors`); hidden, they still make the exit status 2.

use super::pty::on_terminal;
use crate::testenv::*;

/// `count` links back to the root: with `-L`, each is reported as a loop.
fn loops(count: usize) -> TestEnv {
    let env = TestEnv::new();
    for i in 0..count {
        env.mkdir(format!("d{i:03}"));
        env.symlink("..", format!("d{i:03}/up"));
    }
    env
}

#[test]
fn a_screenful_of_errors_ends_with_a_hint_for_no_errors() {
    let env = loops(60);
    let (code, shown) = on_terminal(&env, &["-L", "--color", "never"], &[]);
    assert_eq!(code, 2);
    let text = String::from_utf8_lossy(&shown);
    let last = text.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.contains("60 errors") && last.contains("--no-errors"),
        "{text:?}"
    );
    // A few errors fit on the screen: no hint.
    let env = loops(5);
    let (_, shown) = on_terminal(&env, &["-L", "--color", "never"], &[]);
    assert!(!String::from_utf8_lossy(&shown).contains("--no-errors"));
}

#[test]
fn no_errors_hides_per_path_errors_not_the_status() {
    let env = loops(60);
    for flag in ["-s", "--no-errors"] {
        let (code, shown) = on_terminal(&env, &["-L", "--color", "never", flag], &[]);
        assert_eq!(code, 2, "{flag}");
        let text = String::from_utf8_lossy(&shown);
        assert!(!text.contains("pfind:"), "{flag}: {text:?}");
        assert_eq!(text.lines().count(), 60, "{flag}: {text:?}");
    }
    // Errors that are not about one path are still said.
    let run = env.run(["-s", "missing-root", "--max-depth", "x"]);
    run.expect_code(2);
    assert!(!run.stderr().is_empty(), "{}", run.context());
}
