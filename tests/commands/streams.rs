//! A command's output (#20.7): it streams in bounded memory, and never mixes with
//! another command's.

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::testenv::*;

/// The resident memory of process `pid` in KiB (`VmRSS` in /proc), if it still runs.
fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Issue 20.7: each command's whole output was held in memory to keep it in one
/// piece, so `-x yes` printed nothing and grew by hundreds of MB a second, even with
/// `-j1`. Output now streams: within a second, megabytes arrive while pfind's memory
/// stays small.
#[test]
fn regression_endless_command_output_streams_in_bounded_memory() {
    let env = TestEnv::with(&[], &["a", "b", "c"]);
    for threads in ["1", "4"] {
        let mut child = env
            .pfind(["-j", threads, "-x", "yes", "{}"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn pfind");
        let pid = child.id();
        let mut stdout = child.stdout.take().expect("stdout");
        let (received, peak) = {
            let reader = std::thread::spawn(move || {
                let mut buf = vec![0u8; 1 << 16];
                let mut total = 0usize;
                let started = Instant::now();
                while started.elapsed() < Duration::from_millis(1500) {
                    match stdout.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => total += n,
                    }
                }
                total
            });
            let mut peak = 0;
            let started = Instant::now();
            while started.elapsed() < Duration::from_millis(1500) {
                peak = peak.max(resident_kib(pid).unwrap_or(0));
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            (reader.join().expect("reader"), peak)
        };
        let _ = child.wait();
        assert!(
            received > 4 << 20,
            "-j {threads}: only {received} bytes of yes's output in 1.5 s"
        );
        assert!(
            peak < 64 * 1024,
            "-j {threads}: pfind grew to {peak} KiB while passing yes's output on"
        );
    }
}

/// Issue 20.7: `-x cat` of a large file held all of it: under a 1 GiB address-space
/// limit, a 4 GB file aborted pfind. A 512 MiB sparse file now goes through
/// `-x cat` whole under a 384 MiB limit.
#[test]
fn regression_a_large_file_through_exec_cat_under_an_address_space_limit() {
    let env = TestEnv::new();
    let size: u64 = 512 << 20;
    let file = std::fs::File::create(env.path("big.log")).expect("create");
    file.set_len(size).expect("sparse file");
    let mut cmd = env.pfind([".", "-e", "log", "-j", "1", "-x", "cat"]);
    limit_address_space(&mut cmd, 384 << 20);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pfind");
    let mut stdout = child.stdout.take().expect("stdout");
    let counter = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        let mut total = 0u64;
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            total += n as u64;
        }
        total
    });
    let output = output_within(child, Duration::from_secs(60), "-x cat of 512 MiB");
    let total = counter.join().expect("counter");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(total, size);
}

/// A file whose content names it: `count` lines of `NAME:LINE`.
fn block(name: &str, count: usize) -> Vec<u8> {
    (0..count)
        .flat_map(|i| format!("{name}:{i:06}\n").into_bytes())
        .collect()
}

/// Splits `output` into runs of lines from one file each; every run must be that
/// file's whole block, and every file's block must come exactly once.
fn assert_whole_blocks(output: &[u8], blocks: &[(String, Vec<u8>)], what: &str) {
    let mut rest = output;
    let mut seen = Vec::new();
    while !rest.is_empty() {
        let name_end = rest.iter().position(|&b| b == b':').expect("a line");
        let name = String::from_utf8_lossy(&rest[..name_end]).into_owned();
        let (_, want) = blocks
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{what}: unknown block {name:?}"));
        assert!(
            rest.starts_with(want),
            "{what}: the output of {name} is broken by another's"
        );
        rest = &rest[want.len()..];
        seen.push(name);
    }
    seen.sort();
    let mut all: Vec<String> = blocks.iter().map(|(n, _)| n.clone()).collect();
    all.sort();
    assert_eq!(seen, all, "{what}");
}

/// Issue 20.7: the output of commands run in parallel never interleaves, now that it
/// streams: each command's stdout (and its stderr) arrives as one block, whether it
/// is small (kept, then written whole) or larger than what a command may keep
/// (streamed by the command that has the turn, while the others wait).
#[test]
fn outputs_of_concurrent_commands_never_interleave() {
    let env = TestEnv::new();
    let mut blocks = Vec::new();
    for d in 0..6 {
        for f in 0..4 {
            let name = format!("d{d}-f{f}");
            // Small blocks, and blocks larger than what a command may hold (64 KiB).
            let lines = if f % 2 == 0 { 40 } else { 20_000 };
            let content = block(&name, lines);
            env.write(format!("d{d}/{name}"), &content);
            blocks.push((name, content));
        }
    }
    let script = r#"cat "$1"; cat "$1" >&2"#;
    for threads in ["1", "4", "16"] {
        let run = env.run([
            "-j", threads, ".", "-", "-t", "f", "-x", "sh", "-c", script, "sh", "{}",
        ]);
        run.expect_code(0);
        let what = format!("-j {threads}");
        assert_whole_blocks(run.stdout(), &blocks, &format!("{what} stdout"));
        assert_whole_blocks(&run.output.stderr, &blocks, &format!("{what} stderr"));
    }
}
