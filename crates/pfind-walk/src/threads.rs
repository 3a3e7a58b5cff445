//! The number of worker threads a walk starts with, chosen from the filesystems of the
//! roots, and the most an elastic walk may grow to (`elastic.rs` moves the count in
//! between while the walk runs).
//!
//! On a local filesystem with a warm cache a walk is CPU-bound (nearly all of it kernel
//! time in getdents64 and openat), so one thread per CPU is best: more threads only
//! contend. On a network or FUSE filesystem every open and directory read is a round
//! trip that leaves the CPU idle, and the walk is latency-bound: throughput grows with
//! the number of requests in flight, so many more threads than CPUs pay off (measured
//! on a 1 ms-latency FUSE mirror: see `bench/slowfs.sh`).
//!
//! The filesystem is recognised by what `statfs` reports for each root (its `f_type`
//! magic on Linux, its `f_fstypename` on macOS and the BSDs; see `sys`). A root that
//! cannot be inspected counts as local.

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

/// An elastic walk may run this many threads per CPU... (cold, on two CPUs, 32 to 256
/// threads walked equally fast, and 128 held 18 MiB where 64 hold about half that)
pub const ELASTIC_MAX_PER_CPU: usize = 32;
/// ...and at least this many, however few the CPUs.
pub const ELASTIC_MAX_MIN: usize = 64;

/// The thread count a walk of `roots` starts with (an empty root is the current
/// directory): one per CPU, or, when any root is on a latency-bound filesystem (NFS,
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
        cpus()
    }
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
    fn local_roots_get_one_thread_per_cpu() {
        let cpus = cpus();
        let dir = std::env::temp_dir();
        if !is_latency_bound(dir.as_os_str()) {
            assert_eq!(default_threads(&[dir.as_os_str()]), cpus);
        }
        let missing = OsStr::new("/nonexistent/pfind/root");
        assert!(!is_latency_bound(missing));
    }
}
