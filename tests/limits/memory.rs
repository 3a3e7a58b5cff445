//! Short of memory (#20): under an address-space limit (`RLIMIT_AS`), pfind runs with
//! fewer threads rather than aborting, and prints what it prints without a limit; a
//! deep chain fits the worker stacks; absurd thread counts are refused, not allocated.

use std::process::Command;

use crate::testenv::*;

/// `pfind ARGS` with its address space limited to `mib` MiB.
fn limited(env: &TestEnv, mib: u64, args: &[&str]) -> Command {
    let mut cmd = env.pfind(args);
    limit_address_space(&mut cmd, mib << 20);
    cmd
}

/// Issue 20.8: `prlimit --as=512M pfind t -j 64 --contains X` aborted with "memory
/// allocation of 262149 bytes failed" (or "failed to register TLS destructor"), from
/// several threads at once: glibc reserved 64 MiB of address space for each thread's
/// arena and Rust 2 MiB for each stack, and 64 threads do not fit. Now, under a limit,
/// the threads share one arena, stacks are sized on purpose, and the pool runs no more
/// threads than the limit leaves room for: at every limit tried, the output and the
/// status equal those of a run without a limit.
#[test]
fn regression_an_address_space_limit_means_fewer_threads_never_an_abort() {
    let env = TestEnv::new();
    for d in 0..40 {
        for f in 0..30 {
            let content = if (d + f) % 3 == 0 {
                "a line with X in it\n"
            } else {
                "none\n"
            };
            env.write(format!("d{d:02}/sub/f{f:02}.txt"), content.as_bytes());
        }
    }
    let args = ["-j", "64", "--contains", "X", "."];
    let reference = run_guarded(&mut env.pfind(args), "pfind without a limit");
    assert_clean_exit(&reference, &[0], "without a limit");
    let want = split_sorted(&reference.stdout, b'\n');
    assert_eq!(want.len(), 400);
    for mib in [32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024] {
        let what = format!("pfind {args:?} under RLIMIT_AS of {mib} MiB");
        let output = run_guarded(&mut limited(&env, mib, &args), &what);
        assert_clean_exit(&output, &[0], &what);
        assert!(
            output.stderr.is_empty(),
            "{}",
            output_context(&what, &output)
        );
        assert!(
            split_sorted(&output.stdout, b'\n') == want,
            "{}",
            output_context(&what, &output)
        );
    }
}

/// Builds a chain of `levels` directories `d` below `rel`, each with an empty sibling
/// `s` (so that tasks queue up and threads start), one `mkdirat` at a time, and a
/// file `bottom` at the end.
fn deep_chain(env: &TestEnv, rel: &str, levels: usize) {
    use rustix::fs::{Mode, OFlags};
    env.mkdir(rel);
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let mut dir = rustix::fs::open(env.path(rel), flags, Mode::empty()).expect("open");
    for _ in 0..levels {
        rustix::fs::mkdirat(&dir, "s", Mode::from_raw_mode(0o755)).expect("mkdirat");
        rustix::fs::mkdirat(&dir, "d", Mode::from_raw_mode(0o755)).expect("mkdirat");
        dir = rustix::fs::openat(&dir, "d", flags, Mode::empty()).expect("openat");
    }
    let file = OFlags::WRONLY | OFlags::CREATE | OFlags::CLOEXEC;
    rustix::fs::openat(&dir, "bottom", file, Mode::from_raw_mode(0o644)).expect("bottom");
}

/// Worker stacks are 512 KiB now (#20.8), and nothing a worker does may recurse as
/// deep as the tree: the last reference to the node of a directory 5,000 levels down
/// dropped its parents one inside the other and overflowed a worker's stack. Several
/// threads, so that the deepest directories are read on workers, not on the calling
/// thread (whose stack is the process's).
#[test]
fn regression_a_deep_chain_fits_the_worker_stacks() {
    let env = TestEnv::new();
    deep_chain(&env, "deep", 5_000);
    // Which thread drops the deepest node varies from run to run: several runs.
    for threads in ["4", "16", "4", "16", "4", "16"] {
        let what = format!("pfind -j {threads} on a 5,000-level chain");
        let output = run_guarded(&mut env.pfind(["-j", threads, "deep", "bottom"]), &what);
        assert_clean_exit(&output, &[0], &what);
        assert_eq!(
            output.stdout.iter().filter(|&&b| b == b'\n').count(),
            1,
            "{what}"
        );
    }
}

/// `-j 1000000` aborted with `memory allocation of 4608 bytes failed` (a deque per
/// thread was made up front) and `-j 100000000000` asked for 3.2 TB: thread counts
/// above 1024 are now refused with one line; 1024 itself works.
#[test]
fn regression_huge_thread_counts_are_refused_not_allocated() {
    let env = TestEnv::with(&["a/b"], &["a/b/c"]);
    for threads in ["1025", "1000000", "100000000000", "18446744073709551615"] {
        let run = env.run(["-j", threads, ".", "c"]);
        run.expect_code(2);
        assert_eq!(
            run.stderr(),
            format!("pfind: --threads {threads}: not a number of threads from 1 to 1024\n")
        );
    }
    let run = env.run(["-j", "1024", ".", "c"]);
    run.expect_code(0);
    assert_eq!(run.strings(), vec!["./a/b/c"], "{}", run.context());
}
