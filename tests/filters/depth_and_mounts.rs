//! Where the walk stops: `--max-depth`, `--min-depth` and `--exact-depth` against
//! find's `-maxdepth` and `-mindepth` (and `-d N` reads nothing deeper), and
//! `--one-file-system` against `find -xdev` on a second filesystem under /dev or /sys.

use super::{check, find, run_unprivileged};
use crate::testenv::*;

#[test]
fn depth_limits_equal_find_and_max_depth_reads_nothing_deeper() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    let env = TestEnv::new();
    random_tree(&env, 7, 300);
    for (args, expr) in [
        (
            &["--exact-depth", "2"][..],
            &["-mindepth", "2", "-maxdepth", "2"][..],
        ),
        (&["-d", "2"], &["-mindepth", "1", "-maxdepth", "2"]),
        (&["--min-depth", "3"], &["-mindepth", "3"]),
        (
            &["--min-depth", "2", "-d", "3"],
            &["-mindepth", "2", "-maxdepth", "3"],
        ),
    ] {
        // find's -mindepth 1 comes first; a later -mindepth overrides it.
        check(&env, false, args, "", expr, &[]);
    }
    // An unreadable directory at depth 2 is never opened under -d 2: no error.
    let env = TestEnv::with(&["a/locked/inside"], &["a/locked/inside/x"]);
    env.chmod("a/locked", 0o000);
    let Some(shallow) = run_unprivileged(&env, &["-d", "2", ".", ""]) else {
        return;
    };
    shallow.expect_code(0);
    assert!(shallow.stderr().is_empty(), "{}", shallow.context());
    let deeper = run_unprivileged(&env, &["-d", "3", ".", ""]);
    deeper.expect("ran before").expect_code(2);
    env.chmod("a/locked", 0o755);
}

#[test]
fn one_file_system_equals_find_xdev() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    use std::os::unix::fs::MetadataExt;
    // A stable root with another filesystem mounted within `depth - 1` levels.
    let candidate = [("/dev", "2"), ("/sys", "3")]
        .into_iter()
        .find(|(root, depth)| {
            let Ok(root_dev) = std::fs::metadata(root).map(|m| m.dev()) else {
                return false;
            };
            let levels: usize = depth.parse().unwrap_or(1) - 1;
            walkdir::WalkDir::new(root)
                .min_depth(1)
                .max_depth(levels)
                .into_iter()
                .filter_map(Result::ok)
                .any(|e| e.file_type().is_dir() && e.metadata().is_ok_and(|m| m.dev() != root_dev))
        });
    let Some((root, depth)) = candidate else {
        return skip("no second filesystem under /dev or /sys");
    };
    let env = TestEnv::new();
    let (got, run) = run_records(&env, &["--one-file-system", "-d", depth, root, ""], &[]);
    let want = find(
        &env,
        &[
            root,
            "-mindepth",
            "1",
            "-maxdepth",
            depth,
            "-xdev",
            "-print0",
        ],
        &[],
    );
    assert_same(&got, &want, &run.context());
    let (all, _) = run_records(&env, &["--xdev", "-d", depth, root, ""], &[]);
    assert_eq!(all, got, "--xdev is an alias");
    let (crossing, _) = run_records(&env, &["-d", depth, root, ""], &[]);
    assert!(
        crossing.len() > got.len(),
        "without --one-file-system the mount is entered"
    );
}
