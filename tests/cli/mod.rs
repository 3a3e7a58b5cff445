//! The command line as users meet it: flags where the last one wins, habits from find
//! and fd that get one line pointing at pfind's spelling, hints that suggest a whole
//! command (run to see that it does what was meant), the config file, `--help`, and
//! the committed completions and man page (run in bash, fish and man). The oracles are
//! the golden files in fixtures/golden and the suggested commands' own output.

use crate::testenv::*;

// Runs bash and fish.
#[cfg(unix)]
mod completions;
mod config_file;
// Pairs like -L/--no-follow, on a tree with a symbolic link; runs touch.
#[cfg(unix)]
mod flags;
mod habits;
mod help;
// Each suggested command is run through sh (used by `terminal/` too).
#[cfg(unix)]
pub(crate) mod hints;

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

/// The committed files, as a user installs them (their contents are kept equal to
/// `--generate`'s by a unit test in src/generate.rs).
fn committed(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}
