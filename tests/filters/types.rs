//! `-t`, `-e` and the depth limits against find's `-type`, `-iname` and `-maxdepth`;
//! bad filter values; and the promise that type and extension filters stat nothing.

use super::*;

#[cfg(unix)] // Unix-only: Unix only.
#[test]
fn type_and_extension_equal_find() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    let env = typed_tree();
    let cases: &[(&[&str], &[&str])] = &[
        (&["-t", "f"], &["-type", "f"]),
        (&["-t", "d"], &["-type", "d"]),
        (&["-t", "l"], &["-type", "l"]),
        (&["-t", "p"], &["-type", "p"]),
        (&["-t", "s"], &["-type", "s"]),
        (
            &["-t", "f", "-t", "l"],
            &["(", "-type", "f", "-o", "-type", "l", ")"],
        ),
        (&["-t", "x"], &["-type", "f", "-perm", "/111"]),
        (&["-t", "e"], &["-empty"]),
        (&["-t", "e", "-t", "d"], &["-type", "d", "-empty"]),
        (&["-t", "e", "-t", "f"], &["-type", "f", "-empty"]),
        (&["-e", "rs"], &["-iname", "*.rs"]),
        (
            &["-e", ".rs", "-e", "MD"],
            &["(", "-iname", "*.rs", "-o", "-iname", "*.md", ")"],
        ),
        (&["-e", "tar.gz"], &["-iname", "*.tar.gz"]),
        (&["-t", "f", "-e", "rs"], &["-type", "f", "-iname", "*.rs"]),
    ];
    for (args, expr) in cases {
        for threads in ["1", "2"] {
            let args = [&["-j", threads][..], args].concat();
            check(&env, false, &args, "", expr, &[]);
        }
        // Followed links take their target's type; only broken links stay links.
        check(&env, true, args, "", expr, &[]);
    }
}

#[test]
fn bad_filter_values_are_one_line_errors_with_status_2() {
    let env = TestEnv::new();
    for args in [
        &["-t", "q"][..],
        &["-S", "10x"],
        &["-S", "-k"],
        &["--changed-within", "yesterday"],
        &["--changed-before", "2026-02-30"],
        &["-o", "no-such-user-here"],
        &["-o", ":no-such-group-here"],
        &["--newer", "no-such-file"],
        &["--exact-depth", "2", "-d", "3"],
    ] {
        let run = env.run(args);
        run.expect_code(2);
        assert!(run.stdout().is_empty(), "{}", run.context());
        assert!(
            run.stderr()
                .lines()
                .next()
                .is_some_and(|l| l.contains("error") || l.starts_with("pfind:")),
            "{}",
            run.context()
        );
    }
}

#[cfg(unix)] // Unix-only: Unix permission bits, random trees of names Windows forbids and symbolic links.
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

/// The stat calls `strace` sees for `pfind -t f -e rs` over `env`'s tree.
fn stat_calls(env: &TestEnv, trace: &str) -> Option<usize> {
    let args = ["-t", "f", "-e", "rs", ".", ""];
    let text = traced(
        env.root(),
        "%stat,newfstatat,statx",
        &args,
        std::path::Path::new(trace),
    )?;
    Some(text.lines().count())
}

#[cfg(unix)] // Unix-only: random trees of names Windows forbids and symbolic links.
#[test]
fn type_and_extension_filters_do_no_stat_calls() {
    if !have_strace() {
        return;
    }
    // Start-up (the loader, the CPU count) stats a few files whatever the tree holds;
    // the walk itself must add none, so a 300-entry tree costs what an empty one does.
    let traces = tempfile::tempdir().expect("tempdir");
    let trace = |name: &str| traces.path().join(name).to_string_lossy().into_owned();
    let empty = TestEnv::new();
    let full = TestEnv::new();
    random_tree(&full, 9, 300);
    let (Some(base), Some(walked)) = (
        stat_calls(&empty, &trace("empty")),
        stat_calls(&full, &trace("full")),
    ) else {
        return;
    };
    assert_eq!(
        walked, base,
        "stat calls on a 300-entry tree vs an empty one"
    );
}
