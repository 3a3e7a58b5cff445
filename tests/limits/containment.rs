//! A walk never leaves its root without `-L` (#20.1), whatever the descriptor limit or
//! the depth: a directory swapped for a symbolic link to somewhere else, while the walk
//! runs, is never entered. Each race runs for a bounded time and counts the runs that
//! printed a path from outside the root; GNU find escapes in none of them.
//!
//! Deep trees stay linear (#20.2): a chain far deeper than the descriptor budget, with a
//! sibling queued at every level, is listed with memory that grows with the depth, not
//! its square.

use std::os::fd::OwnedFd;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustix::fs::{Mode, OFlags, RenameFlags};

use super::open_dir;
use crate::testenv::*;

/// How long each race runs pfind again and again.
const RACE_TIME: Duration = Duration::from_secs(4);

fn mkdir_in(dir: &OwnedFd, name: &str) -> OwnedFd {
    rustix::fs::mkdirat(dir, name, Mode::from_raw_mode(0o755)).expect("mkdirat");
    open_dir(Some(dir), name)
}

fn touch_in(dir: &OwnedFd, name: &str) {
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::CLOEXEC;
    rustix::fs::openat(dir, name, flags, Mode::from_raw_mode(0o644)).expect("create file");
}

/// Swaps `dir/a` and `dir/b` (a directory and a symbolic link) with RENAME_EXCHANGE
/// until `stop` is set, on a thread of its own.
fn keep_swapping(
    dir: OwnedFd,
    a: &'static str,
    b: &'static str,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<u64> {
    std::thread::spawn(move || {
        let mut swaps = 0;
        while !stop.load(Ordering::Relaxed) {
            rustix::fs::renameat_with(&dir, a, &dir, b, RenameFlags::EXCHANGE).expect("exchange");
            swaps += 1;
        }
        swaps
    })
}

/// Runs `make()` again and again for [`RACE_TIME`] while `swapper` swaps, and returns
/// (runs, runs whose stdout held `marker`), failing on a run that hung or crashed.
fn race(mut make: impl FnMut() -> Command, marker: &[u8]) -> (u32, u32) {
    let start = Instant::now();
    let (mut runs, mut escapes) = (0, 0);
    while start.elapsed() < RACE_TIME || runs < 5 {
        let child = make()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn pfind");
        let output = output_within(child, HANG_LIMIT, "a race run");
        let code = output.status.code();
        assert!(
            matches!(code, Some(0..=2)),
            "pfind ended with {:?}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        runs += 1;
        if memchr::memmem::find(&output.stdout, marker).is_some() {
            escapes += 1;
        }
    }
    (runs, escapes)
}

/// Sets both descriptor limits in the child, so pfind cannot raise them.
fn with_nofile(cmd: &mut Command, limit: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let rlimit = rustix::process::Rlimit {
                current: Some(limit),
                maximum: Some(limit),
            };
            rustix::process::setrlimit(rustix::process::Resource::Nofile, rlimit)
                .map_err(std::io::Error::from)
        });
    }
}

/// The first race: at a descriptor limit where no directory handle may be
/// held for children (so pfind used to open them by their whole path), `root/a` is
/// swapped again and again with a symbolic link to a directory outside the root that
/// has the same shape. A path printed from outside holds `OUTSIDE`.
#[test]
fn starved_descriptors_never_lead_out_of_the_root() {
    let env = TestEnv::new();
    let top = open_dir(None, env.root());
    let outside = mkdir_in(&top, "outside");
    let root = mkdir_in(&top, "root");
    // Three levels of the same names in both, so that any path opened through the
    // link exists outside.
    for (base, marker) in [(&outside, "OUTSIDE"), (&mkdir_in(&root, "a"), "inside")] {
        for s in ["s1", "s2"] {
            let sub = mkdir_in(base, s);
            for t in ["t1", "t2"] {
                let deeper = mkdir_in(&sub, t);
                touch_in(&deeper, marker);
            }
            touch_in(&sub, marker);
        }
    }
    // Sibling directories that use up the handle budget before `a` is read.
    for i in 0..4 {
        mkdir_in(&mkdir_in(&root, &format!("b{i}")), "x");
    }
    rustix::fs::symlinkat("../outside", &root, "swap").expect("symlink");

    let stop = Arc::new(AtomicBool::new(false));
    let swapper = keep_swapping(open_dir(None, env.path("root")), "a", "swap", stop.clone());
    let (runs, escapes) = race(
        || {
            let mut cmd = env.pfind(["-j1", "root", ""]);
            with_nofile(&mut cmd, 65);
            cmd
        },
        b"OUTSIDE",
    );
    stop.store(true, Ordering::Relaxed);
    let swaps = swapper.join().expect("swapper");
    assert!(swaps > 100, "the swapper barely ran ({swaps} swaps)");
    assert_eq!(
        escapes, 0,
        "{escapes} of {runs} runs at RLIMIT_NOFILE 65 printed files from outside the root"
    );
}

/// Builds a chain `levels` deep under `dir` (names `dNNNN`), with an empty sibling
/// `sNNNN` beside every level so that a task is queued at every depth. Returns the
/// handle of the deepest directory.
fn deep_chain(dir: &OwnedFd, levels: usize) -> OwnedFd {
    let mut current = mkdir_in(dir, "d0000");
    for level in 1..levels {
        mkdir_in(&current, &format!("s{level:04}"));
        current = mkdir_in(&current, &format!("d{level:04}"));
    }
    current
}

/// The second race, at the default limits: past the handle budget (4,096 held
/// directories) and past PATH_MAX, pfind used to open directories by path, dropping
/// O_NOFOLLOW on the steps on the way. Three siblings beside every level of a chain
/// 6,000 deep keep a task queued at most levels, whatever order the directory lists
/// them in; a directory 5,800 levels down is swapped with a link to an outside
/// directory holding the same names.
#[test]
fn a_deep_tree_never_leads_out_of_the_root() {
    const LEVELS: usize = 6000;
    const SWAPPED: usize = 5800;
    let env = TestEnv::new();
    let top = open_dir(None, env.root());
    let outside = mkdir_in(&top, "outside");
    let root = mkdir_in(&top, "root");
    let siblings = |dir: &OwnedFd, level: usize| {
        for s in ["sa", "sb", "sc"] {
            mkdir_in(dir, &format!("{s}{level:04}"));
        }
    };
    let mut current = mkdir_in(&root, "d0000");
    let mut swap_parent = None;
    for level in 1..LEVELS {
        siblings(&current, level);
        if level == SWAPPED {
            swap_parent = Some(open_dir(Some(&current), "."));
            // What the link leads to: the rest of the chain's names, with markers.
            let mut out = mkdir_in(&outside, "x");
            for deeper in level + 1..LEVELS {
                siblings(&out, deeper);
                touch_in(&out, "OUTSIDE");
                out = mkdir_in(&out, &format!("d{deeper:04}"));
            }
            let link = format!("{}/outside/x", env.root().display());
            rustix::fs::symlinkat(link.as_str(), &current, "swap").expect("symlink");
        }
        current = mkdir_in(&current, &format!("d{level:04}"));
    }
    let parent = swap_parent.expect("the swapped level");
    let name: &'static str = Box::leak(format!("d{SWAPPED:04}").into_boxed_str());

    let stop = Arc::new(AtomicBool::new(false));
    let swapper = keep_swapping(parent, name, "swap", stop.clone());
    // Names only: a path 36 KB long is not matched against again and again.
    let (runs, escapes) = race(|| env.pfind(["-j1", "-b", "root", "OUTSIDE"]), b"OUTSIDE");
    stop.store(true, Ordering::Relaxed);
    swapper.join().expect("swapper");
    assert_eq!(
        escapes, 0,
        "{escapes} of {runs} runs on a {LEVELS}-level tree printed files from outside the root"
    );
}

/// Runs `cmd` to its end (killed after a minute) and returns its output and its own
/// peak resident memory in KiB (from `wait4`, so no other child counts).
// Reaped by `wait4`, not `Child::wait`, which does not give the child's rusage.
#[allow(clippy::zombie_processes)]
fn peak_rss_kib(cmd: &mut Command) -> (Vec<u8>, Option<i32>, u64) {
    use std::io::Read;
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).expect("read stdout");
        bytes
    });
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let done = done.clone();
        std::thread::spawn(move || {
            let start = Instant::now();
            while !done.load(Ordering::Relaxed) {
                if start.elapsed() > Duration::from_secs(60) {
                    // SAFETY: the child is not reaped until wait4 below returns.
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };
    let mut status = 0;
    // SAFETY: wait4 writes the status and the usage it is given; `pid` is our child.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        assert_eq!(libc::wait4(pid, &mut status, 0, &mut usage), pid, "wait4");
        usage
    };
    done.store(true, Ordering::Relaxed);
    watchdog.join().expect("watchdog");
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    (reader.join().expect("reader"), code, usage.ru_maxrss as u64)
}

/// A chain 12,000 levels deep with a sibling at every level used to keep every queued
/// sibling's whole path (12,000 paths of up to 60 KB: 350 MB) and reopen each by its
/// path from the top (quadratic time). Its memory now grows with the depth: a few
/// dozen bytes per level.
#[test]
fn a_deep_chain_is_walked_in_linear_memory() {
    const LEVELS: usize = 12_000;
    let env = TestEnv::new();
    let top = open_dir(None, env.root());
    let bottom = deep_chain(&mkdir_in(&top, "deep"), LEVELS);
    touch_in(&bottom, "bottom");
    let (stdout, code, peak) = peak_rss_kib(&mut env.pfind(["-j1", "deep", "bottom"]));
    assert_eq!(code, Some(0), "pfind failed on the deep chain");
    assert_eq!(stdout.iter().filter(|&&b| b == b'\n').count(), 1);
    assert!(
        peak < 40 * 1024,
        "peak RSS {} MiB for a {LEVELS}-level chain",
        peak / 1024
    );
}
