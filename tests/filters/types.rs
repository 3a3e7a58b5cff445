//! `-t` and `-e` against find's `-type`, `-perm`, `-empty` and `-iname`; the long type
//! names (`-t fifo`, `-t executable`); bad filter values, and on Windows the types its
//! files lack, are one-line errors; and type and extension filters stat nothing
//! (counted with strace).

#[cfg(unix)]
use super::{check, typed_tree};
use crate::testenv::*;

#[cfg(unix)] // Unix-only: FIFOs, sockets and permission bits (typed_tree).
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

#[cfg(unix)]
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

#[cfg(unix)] // Unix-only: FIFOs, Unix permission bits, symbolic links.
/// `-t exe` suggested `e` (empty) and `-t fifo` suggested `f` (file).
#[test]
fn regression_type_takes_long_names_and_suggests_the_one_meant() {
    let env = TestEnv::with(&["d"], &["f", "x"]);
    env.chmod("x", 0o755);
    env.mkfifo("p");
    env.symlink("f", "l");
    for (names, want) in [
        (["f", "file"], "./f\n./x"),
        (["d", "dir"], "./d"),
        (["l", "symlink"], "./l"),
        (["p", "fifo"], "./p"),
        (["x", "executable"], "./x"),
    ] {
        for name in names {
            let run = env.run([".", "", "-t", name, "--sort"]);
            assert_eq!(
                run.stdout(),
                format!("{want}\n").as_bytes(),
                "{}",
                run.context()
            );
        }
    }
    for name in ["empty", "socket", "block", "char", "directory", "pipe"] {
        let run = env.run([".", "", "-t", name]);
        assert!(run.code() != 2, "-t {name}: {}", run.context());
    }
    let run = env.run(["-t", "exe"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("similar one: executable"),
        "{}",
        run.context()
    );
    let help = env.run(["--help"]);
    let help = String::from_utf8_lossy(help.stdout()).into_owned();
    for name in [
        "file",
        "dir",
        "symlink",
        "socket",
        "fifo",
        "block",
        "char",
        "executable",
        "empty",
    ] {
        assert!(help.contains(name), "--help does not list -t {name}");
    }
}

#[cfg(windows)]
#[test]
fn options_for_what_windows_files_lack_are_one_line_errors() {
    let env = TestEnv::with(&["d"], &["d/f"]);
    for args in [
        &["--owner", "root", ".", ""][..],
        &["-o", ":0", ".", ""],
        &["-t", "p", ".", ""],
        &["-t", "socket", ".", ""],
        &["-t", "b", ".", ""],
        &["-t", "c", ".", ""],
        &["-t", "x", ".", ""],
        &["-t", "f", "-t", "executable", ".", ""],
    ] {
        let run = env.run(args);
        run.expect_code(2);
        let stderr = run.stderr();
        assert!(run.stdout().is_empty(), "{}", run.context());
        assert_eq!(stderr.lines().count(), 1, "{}", run.context());
        assert!(
            stderr.starts_with("pfind: --owner: ") || stderr.starts_with("pfind: --type "),
            "{}",
            run.context()
        );
        assert!(stderr.contains("this system"), "{}", run.context());
    }
    // What Windows files have still works.
    for letter in ["f", "d", "l", "e"] {
        env.run(["-t", letter, ".", ""])
            .expect_code(if letter == "l" { 1 } else { 0 });
    }
}
