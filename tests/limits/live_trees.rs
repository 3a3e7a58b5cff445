//! Trees that change while they are walked: one mutated by a thread (directories
//! built, renamed, removed, replaced by files, links and FIFOs) loses no stable path,
//! and /proc and /sys, whose files come and go and answer oddly, are walked and read
//! to the end. Every run goes through the hang guard.

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::testenv::*;

/// Builds, renames, removes and replaces directories under `churn/` until `stop`.
fn mutate(root: &Path, stop: &AtomicBool) -> usize {
    let churn = root.join("churn");
    let mut round = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let slot = round % 8;
        let dir = churn.join(format!("d{slot}"));
        let moved = churn.join(format!("moved{slot}"));
        let _ = fs::create_dir_all(dir.join("a/b/c"));
        for i in 0..20 {
            let _ = fs::File::create(dir.join(format!("a/f{i}")));
        }
        let _ = std::os::unix::fs::symlink("..", dir.join("a/b/up"));
        let _ = fs::rename(&dir, &moved);
        match round % 4 {
            0 => {
                let _ = fs::remove_dir_all(&moved);
            }
            1 => {
                // A directory replaced by a file of the same name.
                let _ = fs::remove_dir_all(&moved);
                let _ = fs::write(&moved, b"now a file");
                let _ = fs::remove_file(&moved);
            }
            2 => {
                // Replaced by a symlink to an ancestor, then by a FIFO.
                let _ = fs::remove_dir_all(&moved);
                let _ = std::os::unix::fs::symlink("..", &moved);
                let _ = fs::remove_file(&moved);
                let _ = crate::testenv::mkfifo(&moved);
                let _ = fs::remove_file(&moved);
            }
            _ => {
                // Moved back under another name, deeper, then removed.
                let _ = fs::create_dir_all(churn.join("nest"));
                let _ = fs::rename(&moved, churn.join(format!("nest/n{slot}")));
                let _ = fs::remove_dir_all(churn.join(format!("nest/n{slot}")));
            }
        }
        round += 1;
    }
    round
}

#[test]
fn walk_survives_a_tree_mutating_underneath() {
    let env = TestEnv::new();
    let mut stable = Vec::new();
    for d in 0..10 {
        for e in 0..10 {
            env.touch(format!("stable/s{d}/t{e}/file"));
            // Printed with `./`: -0 under the implicit root (issue 14.11).
            stable.push(format!("./stable/s{d}/t{e}/file").into_bytes());
            stable.push(format!("./stable/s{d}/t{e}").into_bytes());
        }
        stable.push(format!("./stable/s{d}").into_bytes());
    }
    stable.sort();
    env.mkdir("churn");
    let stop = Arc::new(AtomicBool::new(false));
    let mutator = {
        let (root, stop) = (env.root().to_path_buf(), stop.clone());
        std::thread::spawn(move || mutate(&root, &stop))
    };
    let started = Instant::now();
    let mut runs = 0;
    // At least 24 walks, alternating -j 1 and -j 8, for at least 1.5 s of mutation.
    while runs < 24 || started.elapsed() < Duration::from_millis(1500) {
        let threads = if runs % 2 == 0 { "1" } else { "8" };
        let mut cmd = env.pfind(["-0", "-j", threads]);
        let output = run_guarded(&mut cmd, "walk under mutation");
        let what = format!("-j {threads} under mutation");
        assert_clean_exit(&output, &[0, 2], &what);
        assert_error_lines(&output.stderr, &what);
        let got = split_sorted(&output.stdout, b'\0');
        let missing: Vec<_> = stable
            .iter()
            .filter(|p| got.binary_search(p).is_err())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect();
        assert!(missing.is_empty(), "lost stable paths {missing:?} ({what})");
        runs += 1;
    }
    stop.store(true, Ordering::Relaxed);
    let rounds = mutator.join().expect("mutator");
    eprintln!(
        "{runs} walks against {rounds} mutation rounds in {:?}",
        started.elapsed()
    );
}

#[test]
fn walking_proc_and_sys_completes() {
    for root in ["/proc", "/sys"] {
        if !Path::new(root).is_dir() {
            eprintln!("skipped {root}: not mounted");
            continue;
        }
        for threads in ["1", "8"] {
            let env = TestEnv::new();
            let mut cmd = env.pfind(["-0", "-j", threads, root, ""]);
            let what = format!("pfind -j {threads} {root}");
            let output = run_guarded(&mut cmd, &what);
            assert_clean_exit(&output, &[0, 2], &what);
            assert_error_lines(&output.stderr, &what);
            let got = split_sorted(&output.stdout, b'\0');
            assert!(got.len() > 10, "{what}: only {} entries", got.len());
        }
        // --contains (merged from #3) reads files: /proc/kmsg blocks a plain read, and
        // pseudo-files answer oddly; the reads must finish all the same. /proc only to
        // depth 1 (kmsg, kcore, kpage*: reading every process's files takes seconds,
        // and pfind's own cmdline would hold the text).
        let env = TestEnv::new();
        let depth = if root == "/proc" { "1" } else { "64" };
        let args = [
            "-j",
            "8",
            "-d",
            depth,
            "--contains",
            "no-such-text",
            root,
            "",
        ];
        let what = format!("pfind {args:?}");
        let output = run_guarded(&mut env.pfind(args), &what);
        assert_clean_exit(&output, &[1, 2], &what);
        assert_error_lines(&output.stderr, &what);
    }
}
