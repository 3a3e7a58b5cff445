//! The number of worker threads a walk starts with, chosen from the filesystems of the
//! roots, and the most an elastic walk may grow to (`elastic.rs` moves the count in
//! between while the walk runs).
//!
//! On a local filesystem with a warm cache a walk is CPU-bound (nearly all of it kernel
//! time in getdents64 and openat), so one thread per CPU is best: more threads only
//! contend. But not past [`CPU_BOUND_MAX`]: on a large shared server the walk is over
//! in milliseconds either way, and others need the CPUs (see pfind's README,
//! Performance, for the reasoning).
//!
//! On a network or FUSE filesystem every open and directory read is a round trip that
//! leaves the CPU idle, and the walk is latency-bound: throughput grows with
//! the number of requests in flight, so many more threads than CPUs pay off (measured
//! on a 1 ms-latency FUSE mirror: see `bench/slowfs.sh`).
//!
//! The filesystem is recognised by what `statfs` reports for each root (its `f_type`
//! magic on Linux, its `f_fstypename` on macOS and the BSDs; see `sys`). A root that
//! cannot be inspected counts as local.
//!
//! Under an address-space limit (`RLIMIT_AS`), every thread is a share of it: its
//! stack ([`WORKER_STACK`]) and its buffers. The pool then runs no more threads than
//! half of the room left holds (`address_space_cap`), whatever `-j` asks, and stops
//! starting threads once one fails to start or memory for one is not there (see
//! `pool.rs`): a walk short of memory runs with fewer threads instead of aborting.

use std::ffi::OsStr;
use std::path::Path;
use std::sync::OnceLock;

/// Threads per CPU on a latency-bound filesystem, before [`LATENCY_BOUND_MAX`]: the
/// walk waits on the network, not the CPU.
pub const LATENCY_BOUND_PER_CPU: usize = 8;
/// At least this many threads on a latency-bound filesystem, however few the CPUs.
pub const LATENCY_BOUND_MIN: usize = 16;
/// At most this many threads to start with on a latency-bound filesystem: past it the
/// server, not the client, is often the bottleneck; the elastic pool probes further.
pub const LATENCY_BOUND_MAX: usize = 32;

/// A walk served from the page cache runs one thread per CPU, but no more than this:
/// 16 threads already make a warm walk of a large tree (500,000 entries) take tens of
/// milliseconds, while 128 on a 128-CPU server would take every CPU from everyone
/// else for a few milliseconds' gain. `-j` runs more.
pub const CPU_BOUND_MAX: usize = 16;

/// An elastic walk may run this many threads per CPU... (cold, on two CPUs, 32 to 256
/// threads walked equally fast, and 128 held 18 MiB where 64 hold about half that)
pub const ELASTIC_MAX_PER_CPU: usize = 32;
/// ...and at least this many, however few the CPUs.
pub const ELASTIC_MAX_MIN: usize = 64;

/// The stack of a worker thread. A worker's deepest calls are a directory read, the
/// visitor's matching and filters (compiling a gitignore matcher the first time one is
/// needed) and its output: the whole test suite passes with 64 KiB stacks in a debug
/// build (and 32 KiB does not), so 512 KiB leaves a margin of eight. The default of
/// 2 MiB would be four times the address space per thread under `RLIMIT_AS`. Nothing
/// in a worker may recurse as deep as the tree.
pub const WORKER_STACK: usize = 512 * 1024;

/// What the walker itself gives each worker besides its stack (the 32 KiB directory
/// buffer and the path in `dir.rs`, the deque, the guard page), rounded up.
pub(crate) const WORKER_BUFFERS: usize = 96 * 1024;

/// The most workers the address-space limit leaves room for, each costing its stack,
/// the walker's buffers and `visitor_memory` (what the caller's visitor allocates per
/// thread): half of the room left under the limit, so that the rest stays for what
/// grows while the walk runs. At least 1; `None` when there is no limit.
pub(crate) fn address_space_cap(visitor_memory: usize) -> Option<usize> {
    let (limit, used) = super::sys::address_space()?;
    Some(cap_for(limit, used, visitor_memory))
}

/// [`address_space_cap`] for a `limit` of which `used` bytes are taken.
fn cap_for(limit: u64, used: u64, visitor_memory: usize) -> usize {
    let per_thread = (WORKER_STACK + WORKER_BUFFERS + visitor_memory) as u64;
    let room = limit.saturating_sub(used) / 2;
    usize::try_from(room / per_thread)
        .unwrap_or(usize::MAX)
        .max(1)
}

/// The thread count a walk of `roots` starts with (an empty root is the current
/// directory): one per CPU up to [`CPU_BOUND_MAX`], or, when any root is on a latency-bound filesystem (NFS,
/// SMB/CIFS, FUSE such as sshfs, Lustre, 9p, Ceph, AFS, GPFS, ...),
/// `LATENCY_BOUND_PER_CPU` per CPU clamped to
/// `LATENCY_BOUND_MIN..=LATENCY_BOUND_MAX` (16 to 32).
pub fn default_threads<R: AsRef<OsStr>>(roots: &[R]) -> usize {
    threads_to_start(any_latency_bound(roots))
}

/// [`default_threads`] once it is known whether a root is latency-bound.
pub(crate) fn threads_to_start(latency_bound: bool) -> usize {
    if latency_bound {
        (cpus() * LATENCY_BOUND_PER_CPU).clamp(LATENCY_BOUND_MIN, LATENCY_BOUND_MAX)
    } else {
        cpu_bound_threads(cpus())
    }
}

/// The threads for a walk served from the page cache on `cpus` CPUs.
fn cpu_bound_threads(cpus: usize) -> usize {
    cpus.clamp(1, CPU_BOUND_MAX)
}

/// The most threads an elastic walk runs: enough requests in flight to saturate a
/// disk array or a network filesystem, few enough that their buffers stay small.
pub fn elastic_max() -> usize {
    (cpus() * ELASTIC_MAX_PER_CPU).clamp(ELASTIC_MAX_MIN, super::MAX_THREADS)
}

/// The CPUs this process may run on (its affinity mask and cgroup quota), asked once:
/// the standard library reads several files under /proc and /sys for each answer,
/// which a walk of a tiny tree would feel.
pub fn cpus() -> usize {
    static CPUS: OnceLock<usize> = OnceLock::new();
    *CPUS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// True when any of `roots` lies on a latency-bound filesystem.
pub fn any_latency_bound<R: AsRef<OsStr>>(roots: &[R]) -> bool {
    roots.iter().any(|root| is_latency_bound(root.as_ref()))
}

/// True when `root` lies on a filesystem where metadata operations are round trips.
pub fn is_latency_bound(root: &OsStr) -> bool {
    let root = if root.is_empty() {
        Path::new(".")
    } else {
        Path::new(root)
    };
    super::sys::is_latency_bound(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_space_limit_caps_the_threads_by_what_each_costs() {
        let per_thread = (WORKER_STACK + WORKER_BUFFERS) as u64;
        // 64 threads' worth of room left: half of it holds 32.
        assert_eq!(cap_for(1 << 30, (1 << 30) - 64 * per_thread, 0), 32);
        // A visitor that needs as much again per thread halves it.
        let visitor = WORKER_STACK + WORKER_BUFFERS;
        assert_eq!(cap_for(1 << 30, (1 << 30) - 64 * per_thread, visitor), 16);
        // No room at all: still one thread (the calling one), never zero.
        assert_eq!(cap_for(1 << 20, 1 << 21, 0), 1);
        assert!(cap_for(u64::MAX, 0, 0) > 1_000_000);
    }

    #[test]
    fn local_roots_get_one_thread_per_cpu_up_to_a_cap() {
        let dir = std::env::temp_dir();
        if !is_latency_bound(dir.as_os_str()) {
            assert_eq!(
                default_threads(&[dir.as_os_str()]),
                cpus().min(CPU_BOUND_MAX)
            );
        }
        assert_eq!(cpu_bound_threads(1), 1);
        assert_eq!(cpu_bound_threads(2), 2);
        assert_eq!(cpu_bound_threads(16), 16);
        // A large shared server: not every CPU.
        assert_eq!(cpu_bound_threads(128), CPU_BOUND_MAX);
        assert_eq!(cpu_bound_threads(0), 1);
        let missing = OsStr::new("/nonexistent/pfind/root");
        assert!(!is_latency_bound(missing));
    }
}
