//! stdout and stderr that fail: closed, full, gone before any output, unwritable,
//! non-blocking. pfind exits with a documented status and one line (or none), never a
//! panic, and loses nothing it could write; every run goes through the hang guard.

use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::testenv::*;

fn many_files(count: usize) -> TestEnv {
    let env = TestEnv::new();
    for i in 0..count {
        env.touch(format!("f{i:05}-{}", "x".repeat(60)));
    }
    env
}

/// Decided and documented (README, "Exit status"): with stdout closed (`>&-`), the
/// Rust runtime puts /dev/null on descriptor 1 before main, so results are discarded
/// and the exit status is the ordinary one; no directory handle can ever take fd 1.
#[test]
fn closed_stdout_is_quiet_and_never_panics() {
    let env = many_files(500);
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(r#"exec "$0" "$@" >&-"#)
        .arg(env!("CARGO_BIN_EXE_pfind"))
        .args(["-j", "4", ".", ""])
        .current_dir(env.root());
    let output = run_guarded(&mut cmd, "pfind >&-");
    assert_clean_exit(&output, &[0], "pfind >&-");
    assert!(
        output.stderr.is_empty(),
        "{}",
        output_context(">&-", &output)
    );
}

#[test]
fn stdout_on_dev_full_is_a_one_line_error_with_status_2() {
    let env = many_files(1000);
    for threads in ["1", "8"] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let mut cmd = env.pfind(["-j", threads, ".", ""]);
        let child = cmd
            .stdout(full)
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let output = output_within(child, HANG_LIMIT, "pfind > /dev/full");
        assert_clean_exit(&output, &[2], "pfind > /dev/full");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "pfind: error writing to stdout: No space left on device\n"
        );
    }
}

#[test]
fn reader_gone_before_any_output_is_quiet() {
    let env = many_files(1000);
    for threads in ["1", "8"] {
        let mut cmd = env.pfind(["-j", threads, ".", ""]);
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let output = output_within(child, HANG_LIMIT, "pfind | (closed)");
        assert_clean_exit(&output, &[0, 1], "closed pipe");
        assert!(
            output.stderr.is_empty(),
            "{}",
            output_context("closed pipe", &output)
        );
    }
}

/// With stderr on /dev/full (or a closed pipe), reporting an error panicked inside
/// `eprintln!` and pfind died with status 101 instead of 2. Messages now ignore a
/// stderr that cannot be written.
#[test]
fn regression_unwritable_stderr_is_not_a_crash() {
    let env = TestEnv::with(&["docs"], &["docs/index.md"]);
    let cases: [(&[&str], i32, &[u8]); 4] = [
        (&["missing", "docs", "index"], 2, b"docs/index.md\n"),
        (&["--bogus"], 2, b""),
        (&["-r", ".", "("], 2, b""),
        (&["-j", "2000", "."], 2, b""),
    ];
    for (args, code, stdout) in cases {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let mut cmd = env.pfind(args);
        let child = cmd
            .stdout(Stdio::piped())
            .stderr(full)
            .spawn()
            .expect("spawn");
        let output = output_within(child, HANG_LIMIT, "pfind 2> /dev/full");
        assert_clean_exit(&output, &[code], &format!("{args:?} 2> /dev/full"));
        assert_eq!(output.stdout, stdout, "{args:?}");
    }
}

/// A stdout pipe left non-blocking by whoever made it (node, some shells' helpers):
/// once the pipe was full, write returned EAGAIN and pfind gave up with
/// `error writing to stdout: Resource temporarily unavailable` (status 2), losing the
/// rest. It now waits for the pipe to drain.
#[test]
fn regression_non_blocking_stdout_loses_nothing() {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let env = many_files(2000);
    let pipe_dir = TestEnv::new();
    pipe_dir.mkfifo("fifo");
    let fifo = pipe_dir.path("fifo");
    let nonblocking = rustix::fs::OFlags::NONBLOCK.bits() as i32;
    let mut reader = fs::OpenOptions::new()
        .read(true)
        .custom_flags(nonblocking)
        .open(&fifo)
        .expect("open fifo for reading");
    let writer = fs::OpenOptions::new()
        .write(true)
        .custom_flags(nonblocking)
        .open(&fifo)
        .expect("open fifo for writing");
    let _ = fs::remove_file(&fifo);
    let mut cmd = env.pfind(["-j", "2", ".", ""]);
    let child = cmd
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(cmd); // the only writer left is pfind
    std::thread::sleep(Duration::from_millis(300)); // let the pipe fill up
    let started = Instant::now();
    let mut out = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(
                    started.elapsed() < HANG_LIMIT,
                    "pfind never finished writing"
                );
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(e) => panic!("read: {e}"),
        }
    }
    let output = output_within(child, HANG_LIMIT, "pfind > non-blocking pipe");
    assert_clean_exit(&output, &[0], "non-blocking stdout");
    assert!(
        output.stderr.is_empty(),
        "{}",
        output_context("non-blocking", &output)
    );
    assert_eq!(split_sorted(&out, b'\n').len(), 2000);
}
