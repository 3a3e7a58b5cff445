//! `--contains` against `find -exec grep -qF`, and its errors.

use super::{check, run_unprivileged};
use crate::testenv::*;

#[test]
fn contains_equals_find_exec_grep() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    let env = TestEnv::with(&["a/b", "empty"], &["a/empty_file"]);
    env.write("a/hit.txt", b"hello needle world\n");
    env.write("a/b/miss.txt", b"hello noodle\n");
    env.write("a/b/binary.bin", b"\0\xffneedle\0");
    env.write("a/both", b"needle and thread");
    env.write("upper", b"NEEDLE");
    env.write("needle_in_name_only", b"x");
    // Large files: the needle straddles the reader's chunk boundaries.
    let mut big = vec![b'.'; 1 << 20];
    for at in [(256 << 10) - 3, (512 << 10) - 1] {
        big[at..at + 6].copy_from_slice(b"needle");
    }
    env.write("big_hit", &big);
    let mut big_thread = vec![b'.'; 1 << 20];
    big_thread[(1 << 20) - 6..].copy_from_slice(b"thread");
    env.write("a/big_thread", &big_thread);
    env.symlink("a/hit.txt", "link_to_hit");
    env.mkfifo("a/fifo");
    for (args, expr) in [
        (
            &["--contains", "needle"][..],
            &["-type", "f", "-exec", "grep", "-qF", "needle", "{}", ";"][..],
        ),
        (
            &["--contains", "needle", "--contains", "thread"],
            &[
                "-type", "f", "-exec", "grep", "-qF", "needle", "{}", ";", "-exec", "grep", "-qF",
                "thread", "{}", ";",
            ],
        ),
        (
            &["--contains", "thread"],
            &["-type", "f", "-exec", "grep", "-qF", "thread", "{}", ";"],
        ),
        (&["--contains", ""], &["-type", "f"]),
    ] {
        for follow in [false, true] {
            check(&env, follow, args, "", expr, &[]);
        }
    }
}

#[test]
fn contains_reports_unreadable_files_and_goes_on() {
    let env = TestEnv::with(&["d"], &[]);
    env.write("d/locked", b"needle");
    env.write("d/open", b"needle");
    env.chmod("d/locked", 0o000);
    let Some(run) = run_unprivileged(&env, &["--contains", "needle", ".", ""]) else {
        return;
    };
    run.expect_code(2);
    assert_eq!(run.strings(), ["./d/open"], "{}", run.context());
    assert_eq!(
        run.stderr(),
        "pfind: ./d/locked: Permission denied\n",
        "{}",
        run.context()
    );
}
