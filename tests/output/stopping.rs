//! Stopping early (#4): `--max-results` and `-1` print whole lines and no more, `-q`
//! answers with the status alone, `--max-time` keeps what was printed and exits 2, and
//! a reader going away (a broken pipe, or a closed one before anything matched) ends
//! the search quietly. Every wait has a hang guard; the oracle is the full listing.

use std::io::Read;
#[cfg(unix)]
use std::process::Command;
use std::process::Stdio;
use std::thread::sleep;
use std::time::Duration;

use crate::testenv::*;

#[test]
fn max_results_never_prints_more_than_n_whole_lines() {
    let env = pipe_filling_tree(40, 50);
    let everything = env.run::<_, &str>([]).lines();
    for _ in 0..5 {
        let run = env.run(["--max-results", "7", "-j", "8"]);
        run.expect_code(0);
        let lines = run.lines();
        assert_eq!(lines.len(), 7, "{}", run.context());
        assert!(run.stdout().ends_with(b"\n"));
        for line in &lines {
            assert!(everything.binary_search(line).is_ok(), "torn line {line:?}");
        }
        let run = env.run(["-1", "-j", "8", ".", "txt"]);
        assert_eq!(run.lines().len(), 1, "{}", run.context());
    }
    let run = env.run(["--max-results", "0"]);
    assert!(run.stdout().is_empty());
}

#[test]
fn quiet_prints_nothing_and_answers_with_the_status() {
    let env = pipe_filling_tree(5, 5);
    let run = env.run(["-q", ".", "00003"]);
    run.expect_code(0);
    assert!(
        run.stdout().is_empty() && run.stderr().is_empty(),
        "{}",
        run.context()
    );
    let run = env.run(["-q", ".", "no-such-name"]);
    run.expect_code(1);
    assert!(run.stdout().is_empty());
}

#[test]
fn max_time_keeps_what_was_printed_and_exits_2() {
    let env = pipe_filling_tree(40, 100);
    let mut child = env
        .pfind(["--max-time", "100ms", "-j", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pfind");
    // Not reading lets the pipe fill, so the walk is still going when time runs out.
    sleep(Duration::from_millis(600));
    let mut stdout = Vec::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_end(&mut stdout)
        .expect("read");
    let status = wait_or_fail(&mut child, Duration::from_secs(30), "--max-time");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read");
    assert_eq!(status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains("--max-time"), "stderr: {stderr}");
    let everything = env.run::<_, &str>([]).lines();
    let got = split_sorted(&stdout, b'\n');
    assert!(
        !got.is_empty() && got.len() < everything.len(),
        "{} lines",
        got.len()
    );
    assert!(stdout.ends_with(b"\n"));
    for line in &got {
        assert!(everything.binary_search(line).is_ok(), "torn line {line:?}");
    }
}

#[test]
fn max_time_that_does_not_expire_changes_nothing() {
    let env = pipe_filling_tree(2, 2);
    let run = env.run(["--max-time", "10m"]);
    run.expect_code(0);
    assert_eq!(run.lines().len(), 6);
}

#[test]
fn broken_pipe_stops_quietly() {
    let env = TestEnv::new();
    for i in 0..2000 {
        env.touch(format!("file-{i:05}-{}", "x".repeat(100)));
    }
    let mut cmd = env.pfind(["."]);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read one byte, then close the pipe as `head -c1` would.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut byte = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut byte).expect("one byte");
    drop(stdout);
    let output = child.wait_with_output().expect("wait");
    assert!(
        output.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "lines were written, so success"
    );
}

#[cfg(unix)]
// Unix-only: Windows cannot wait for a pipe's reader to go away without writing (no poll), so a search that prints nothing runs on.
#[test]
fn reader_going_away_ends_a_search_that_prints_nothing() {
    // A walk of / that matches nothing: without the pipe watcher it would only end
    // when the whole filesystem is read.
    let mut child = Command::new(env!("CARGO_BIN_EXE_pfind"))
        .args(["/", "no-such-name-anywhere-\u{1}"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn pfind");
    sleep(Duration::from_millis(50));
    drop(child.stdout.take());
    wait_or_fail(
        &mut child,
        Duration::from_secs(60),
        "reader closed, nothing printed",
    );
}
