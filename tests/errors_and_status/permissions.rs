//! Unreadable directories, files and roots, as an unprivileged user (`nobody` through
//! setpriv when the tests run as root): each is reported once, everything readable is
//! still printed, and the status is 2. The oracle is GNU find run as the same user.

use crate::testenv::*;

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

#[test]
fn permission_denied_is_reported_and_the_rest_still_printed() {
    let env = TestEnv::with(
        &["open/inner", "locked/secret"],
        &["open/inner/a", "locked/secret/b", "top"],
    );
    env.chmod("locked", 0o000);
    let Some(run) = env.run_unprivileged([".", ""]) else {
        return;
    };
    env.chmod("locked", 0o755);
    run.expect_code(2);
    assert_eq!(
        run.strings(),
        vec![
            "./locked",
            "./open",
            "./open/inner",
            "./open/inner/a",
            "./top"
        ],
        "{}",
        run.context()
    );
    assert_eq!(
        run.stderr(),
        "pfind: ./locked: Permission denied\n",
        "{}",
        run.context()
    );
}
