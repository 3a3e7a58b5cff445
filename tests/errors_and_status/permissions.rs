//! Unreadable directories and roots, as an unprivileged user, against find.

use super::*;

/// A tree with every kind of unreadable place; restored by [`unlock`].
fn locked_tree() -> TestEnv {
    let env = TestEnv::with(
        &[
            "open/inner",
            "locked/secret",
            "deep/a/b/locked/x",
            "read-only/sub/deeper",
            "search-only/sub",
        ],
        &[
            "open/inner/a",
            "locked/secret/b",
            "deep/a/b/locked/x/y",
            "deep/a/b/visible",
            "read-only/f",
            "read-only/sub/g",
            "search-only/sub/h",
            "search-only/f",
            "unreadable-file",
        ],
    );
    env.chmod("locked", 0o000);
    env.chmod("deep/a/b/locked", 0o000);
    env.chmod("read-only", 0o444); // r--: names listable, no traversal
    env.chmod("search-only", 0o311); // -wx: traversal, no listing
    env.chmod("unreadable-file", 0o000);
    env
}

fn unlock(env: &TestEnv) {
    for dir in ["locked", "deep/a/b/locked", "read-only", "search-only"] {
        env.chmod(dir, 0o755);
    }
}

/// The paths of `find: 'PATH': Permission denied` lines (C locale).
fn find_denied_paths(stderr: &str) -> Vec<String> {
    let mut paths: Vec<String> = stderr
        .lines()
        .filter_map(|l| {
            l.strip_prefix("find: '")?
                .strip_suffix("': Permission denied")
        })
        .map(str::to_string)
        .collect();
    paths.sort();
    paths
}

#[test]
fn permission_denied_everywhere_equals_find_as_the_same_user() {
    let env = locked_tree();
    let Some(run) = env.run_unprivileged(["-0", ".", ""]) else {
        unlock(&env);
        return;
    };
    let found = env.find_unprivileged([".", "-mindepth", "1", "-print0"]);
    unlock(&env);
    run.expect_code(2);
    assert_error_lines(&run.output.stderr, &run.context());
    let mut denied: Vec<String> = run
        .stderr()
        .lines()
        .filter_map(|l| {
            l.strip_prefix("pfind: ")?
                .strip_suffix(": Permission denied")
        })
        .map(str::to_string)
        .collect();
    denied.sort();
    assert_eq!(
        denied,
        [
            "./deep/a/b/locked",
            "./locked",
            "./read-only/sub",
            "./search-only"
        ],
        "{}",
        run.context()
    );
    // Every readable path is printed; r-- lists its names, -wx none.
    let got = run.records();
    for path in [
        "./read-only/f",
        "./read-only/sub",
        "./deep/a/b/visible",
        "./open/inner/a",
    ] {
        assert!(
            got.contains(&bytes(path)),
            "{path} missing\n{}",
            run.context()
        );
    }
    if let Some((want, find_stderr)) = found.filter(|_| have_find()) {
        assert_same(&got, &want, &run.context());
        assert_eq!(denied, find_denied_paths(&find_stderr), "{find_stderr}");
    }
}

#[test]
fn unreadable_root_is_an_error_and_other_roots_go_on() {
    let env = TestEnv::with(&["locked/in", "open"], &["locked/in/x", "open/y"]);
    env.chmod("locked", 0o000);
    let alone = env.run_unprivileged(["locked", ""]);
    let with_other = env.run_unprivileged(["locked", "open", ""]);
    let as_child = env.run_unprivileged(["locked/in", ""]);
    env.chmod("locked", 0o755);
    let (Some(alone), Some(with_other), Some(as_child)) = (alone, with_other, as_child) else {
        return;
    };
    alone.expect_code(2);
    assert!(alone.stdout().is_empty(), "{}", alone.context());
    assert_eq!(alone.stderr(), "pfind: locked: Permission denied\n");
    with_other.expect_code(2);
    assert_eq!(
        with_other.strings(),
        vec!["open/y"],
        "{}",
        with_other.context()
    );
    assert_eq!(with_other.stderr(), "pfind: locked: Permission denied\n");
    as_child.expect_code(2);
    assert_eq!(as_child.stderr(), "pfind: locked/in: Permission denied\n");
}

/// #20.6: under `-L`, a link whose target cannot be examined (a directory on the way
/// is not searchable) is reported, as find -L reports it, and still listed; a test
/// that needs its metadata is false for it, so `--changed-before` (find's
/// `! -newermt`) lists it and `--changed-within` (`-newermt`) does not. pfind used to
/// judge it by the link's own `lstat`, silently.
#[test]
fn followed_link_to_an_unsearchable_target_is_reported_and_judged_like_find() {
    let env = TestEnv::with(&["locked", "dir"], &["locked/target", "dir/plain"]);
    env.symlink("../locked/target", "dir/link");
    env.chmod("locked", 0o700);
    let cases: [(&[&str], &[&str]); 3] = [
        (&[], &[]),
        (
            &["--changed-before", "2100-01-01"],
            &["!", "-newermt", "2100-01-01"],
        ),
        (
            &["--changed-within", "1971-01-01"],
            &["-newermt", "1971-01-01"],
        ),
    ];
    for (ours, theirs) in cases {
        let mut args = vec!["-L", "-0", "dir", ""];
        args.extend_from_slice(ours);
        let Some(run) = env.run_unprivileged(&args) else {
            break;
        };
        let mut find_args = vec!["-L", "dir", "-mindepth", "1"];
        find_args.extend_from_slice(theirs);
        find_args.push("-print0");
        let Some((want, find_stderr)) = env.find_unprivileged(&find_args) else {
            break;
        };
        assert!(
            find_stderr.contains("dir/link': Permission denied"),
            "find's view of the tree: {find_stderr}"
        );
        assert_same(&run.records(), &want, &run.command);
        let reported = run.stderr().matches("dir/link: Permission denied").count();
        assert_eq!(reported, 1, "the link's error, once\n{}", run.context());
        run.expect_code(2);
    }
    env.chmod("locked", 0o755);
}
