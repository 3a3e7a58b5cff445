//! Crossing links and filesystems: `-L` against `find -L`, `--one-file-system` against
//! `find -xdev`.

use super::*;

#[cfg(unix)] // Unix-only: symbolic links.
#[test]
fn follow_reports_loops_like_find_and_lists_nothing_twice() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    let env = TestEnv::with(
        &["a/b", "m1", "m2", "real/deep"],
        &["a/b/file", "real/deep/x"],
    );
    env.symlink(".", "self");
    env.symlink("..", "a/b/up");
    env.symlink("../m2", "m1/to2");
    env.symlink("../m1", "m2/to1");
    env.symlink("nowhere", "broken");
    env.symlink("real", "a/alias");
    for threads in ["1", "2"] {
        let (got, run) = pfind(&env, &["-L", "-j", threads, ".", ""], &[]);
        run.expect_code(2);
        let want = find(&env, &["-L", ".", "-mindepth", "1", "-print0"], &[]);
        assert_same(&got, &want, &run.context());
        let mut loops: Vec<String> = run.stderr().lines().map(str::to_string).collect();
        loops.sort();
        assert_eq!(
            loops,
            [
                "pfind: ./a/b/up: filesystem loop",
                "pfind: ./m1/to2/to1: filesystem loop",
                "pfind: ./m2/to1/to2: filesystem loop",
                "pfind: ./self: filesystem loop"
            ],
            "{}",
            run.context()
        );
    }
    // Without -L the links are listed as links, and nothing loops.
    let (got, run) = pfind(&env, &[".", ""], &[]);
    run.expect_code(0);
    assert_same(
        &got,
        &find(&env, &[".", "-mindepth", "1", "-print0"], &[]),
        &run.context(),
    );
}

#[cfg(unix)] // Unix-only: device numbers.
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
    let (got, run) = pfind(&env, &["--one-file-system", "-d", depth, root, ""], &[]);
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
    let (all, _) = pfind(&env, &["--xdev", "-d", depth, root, ""], &[]);
    assert_eq!(all, got, "--xdev is an alias");
    let (crossing, _) = pfind(&env, &["-d", depth, root, ""], &[]);
    assert!(
        crossing.len() > got.len(),
        "without --one-file-system the mount is entered"
    );
}
