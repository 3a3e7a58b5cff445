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
//! The filesystem is recognised by the `f_type` magic `statfs` reports for each root.
//! A root that cannot be inspected counts as local.

use std::ffi::OsStr;
use std::path::Path;

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

/// `statfs` magics (from linux/magic.h and the filesystems' sources) of filesystems
/// where each metadata operation is a round trip to another machine or process.
const LATENCY_BOUND_MAGICS: &[(u64, &str)] = &[
    (0x6969, "nfs"),
    (0x517B, "smb"),
    (0xFF53_4D42, "cifs"),
    (0xFE53_4D42, "smb2"),
    (0x6573_5546, "fuse (sshfs, rclone, s3fs, ...)"),
    (0x0BD0_0BD0, "lustre"),
    (0x0102_1997, "9p"),
    (0x00C3_6400, "ceph"),
    (0x5346_414F, "afs"),
    (0x6B41_4653, "kafs"),
    (0x7375_7245, "coda"),
    (0x0116_1970, "gfs2"),
    (0x7461_636F, "ocfs2"),
    (0x2003_0528, "orangefs"),
    (0x4750_4653, "gpfs"),
    (0x564C, "ncp"),
    (0x786F_4256, "vboxsf"),
];

/// The thread count a walk of `roots` starts with (an empty root is the current
/// directory): one per CPU, or, when any root is on a latency-bound filesystem (NFS,
/// SMB/CIFS, FUSE such as sshfs, Lustre, 9p, Ceph, AFS, GPFS, ...),
/// `LATENCY_BOUND_PER_CPU` per CPU clamped to
/// `LATENCY_BOUND_MIN..=LATENCY_BOUND_MAX` (16 to 32).
pub fn default_threads<R: AsRef<OsStr>>(roots: &[R]) -> usize {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    if any_latency_bound(roots) {
        (cpus * LATENCY_BOUND_PER_CPU).clamp(LATENCY_BOUND_MIN, LATENCY_BOUND_MAX)
    } else {
        cpus
    }
}

/// The most threads an elastic walk runs: enough requests in flight to saturate a
/// disk array or a network filesystem, few enough that their buffers stay small.
pub fn elastic_max() -> usize {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    (cpus * ELASTIC_MAX_PER_CPU).clamp(ELASTIC_MAX_MIN, super::MAX_THREADS)
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
    rustix::fs::statfs(root).is_ok_and(|st| is_latency_bound_magic(st.f_type as u64))
}

fn is_latency_bound_magic(magic: u64) -> bool {
    // f_type is a signed word on some targets: compare the low 32 bits.
    let magic = magic & 0xFFFF_FFFF;
    LATENCY_BOUND_MAGICS.iter().any(|&(m, _)| m == magic)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn network_magics_are_latency_bound() {
        assert!(is_latency_bound_magic(0x6969));
        assert!(is_latency_bound_magic(0x6573_5546));
        // CIFS as a sign-extended 32-bit word.
        assert!(is_latency_bound_magic(0xFFFF_FFFF_FF53_4D42));
        // ext4, tmpfs, btrfs, xfs are local.
        for local in [0xEF53, 0x0102_1994, 0x9123_683E, 0x5846_5342] {
            assert!(!is_latency_bound_magic(local));
        }
    }

    #[test]
    fn local_roots_get_one_thread_per_cpu() {
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        let dir = std::env::temp_dir();
        if !is_latency_bound(dir.as_os_str()) {
            assert_eq!(default_threads(&[dir.as_os_str()]), cpus);
        }
        let missing = OsStr::from_bytes(b"/nonexistent/pfind/root");
        assert!(!is_latency_bound(missing));
    }
}
