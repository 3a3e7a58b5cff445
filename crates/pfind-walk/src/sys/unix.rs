//! The walker on Unix: directory handles are file descriptors, opened relative to
//! their parent's, and entries are stat'ed relative to their directory's handle. The
//! entries themselves are read by `reader` (getdents64 on Linux, readdir elsewhere).
//!
//! Children are opened relative to their parent's handle while the parent is held
//! open; that makes every open one path component long, whatever the depth (so paths
//! longer than PATH_MAX work) and saves the kernel a full path lookup. Held handles are
//! budgeted: past [`handle_budget`] a child's parent is opened again from a handle the
//! walk still holds (see `walk::node`), never by its path from the top, and never
//! through a symbolic link unless links are followed. Only a root is opened by its
//! path, as typed. Running out of descriptors (EMFILE) shrinks the budget and waits
//! for one (`walk::dir`): it costs speed, never results.

use std::ffi::OsStr;
use std::fs::File;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub(crate) use rustix::fs::Stat;
use rustix::fs::{AtFlags, Mode, OFlags};
pub use rustix::io::Errno;

use super::reader::DirStream;
use crate::os_str;

/// A borrowed open directory: what entries are opened and stat'ed relative to.
pub(crate) type RawDir<'a> = BorrowedFd<'a>;

/// The current directory, which roots are opened relative to.
pub(crate) const CWD: RawDir<'static> = rustix::fs::CWD;

/// Open directory handles held by all walks of this process.
static OPEN_HANDLES: AtomicUsize = AtomicUsize::new(0);
/// How many may be held open for children to open relative to; lowered on EMFILE.
static HANDLE_BUDGET: AtomicUsize = AtomicUsize::new(0);

/// Descriptors kept free for everything else (stdio, files read by filters, commands).
const RESERVED_FDS: u64 = 64;
/// The budget never exceeds this, whatever the limit: enough to keep the queued
/// directories' parents open on real trees, small enough to pre-size the table once.
const MAX_BUDGET: u64 = 4096;
/// The longest path handed to one `openat` (PATH_MAX is 4096 with the NUL on Linux,
/// 1024 on macOS and the BSDs).
#[cfg(any(target_os = "linux", target_os = "android"))]
const PATH_MAX_OPEN: usize = 4000;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
const PATH_MAX_OPEN: usize = 1000;

/// An open directory, counted against the handle budget while it lives.
pub(crate) struct DirHandle(DirStream);

impl DirHandle {
    fn new(fd: OwnedFd) -> Result<DirHandle, Errno> {
        let stream = DirStream::new(fd)?;
        OPEN_HANDLES.fetch_add(1, Ordering::Relaxed);
        Ok(DirHandle(stream))
    }

    /// The handle, to open and stat entries relative to.
    #[inline(always)]
    pub(crate) fn dir(&self) -> RawDir<'_> {
        self.0.fd()
    }

    /// Writes the next entries into `buf` as records (see the module `sys`).
    #[inline(always)]
    pub(crate) fn fill(&self, buf: &mut [u8]) -> Result<usize, Errno> {
        self.0.fill(buf)
    }
}

impl std::fmt::Debug for DirHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("DirHandle").field(&self.dir()).finish()
    }
}

impl Drop for DirHandle {
    fn drop(&mut self) {
        OPEN_HANDLES.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The handle budget, computed from RLIMIT_NOFILE when first needed (and again after
/// [`raise_fd_limit`]).
pub(crate) fn handle_budget() -> usize {
    let budget = HANDLE_BUDGET.load(Ordering::Relaxed);
    if budget != 0 {
        return budget.saturating_sub(1);
    }
    let budget = fd_limit().saturating_sub(RESERVED_FDS).clamp(1, MAX_BUDGET) as usize;
    // Stored plus one so that a budget shrunk to zero is not mistaken for "unset".
    let _ = HANDLE_BUDGET.compare_exchange(0, budget + 1, Ordering::Relaxed, Ordering::Relaxed);
    HANDLE_BUDGET.load(Ordering::Relaxed).saturating_sub(1)
}

/// True while another handle may be kept open for children.
pub(crate) fn may_hold_another() -> bool {
    OPEN_HANDLES.load(Ordering::Relaxed) < handle_budget()
}

/// The most a soft descriptor limit may be set to here: macOS refuses more than
/// OPEN_MAX (10240) whatever the hard limit says.
const FD_LIMIT_CAP: u64 = if cfg!(target_vendor = "apple") {
    10240
} else {
    1 << 20
};

/// The soft RLIMIT_NOFILE.
fn fd_limit() -> u64 {
    let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile);
    limit.current.unwrap_or(u64::MAX).min(FD_LIMIT_CAP)
}

/// Raises the soft RLIMIT_NOFILE to the hard one, as bfs does (only when the caller
/// asks: see `WalkBuilder::raise_fd_limit`); the handle budget is computed again.
pub(crate) fn raise_fd_limit() {
    use rustix::process::{getrlimit, setrlimit, Resource};
    let mut limit = getrlimit(Resource::Nofile);
    let soft = limit.current.unwrap_or(u64::MAX);
    if let Some(hard) = limit.maximum {
        if hard > soft {
            limit.current = Some(hard.min(FD_LIMIT_CAP));
            if setrlimit(Resource::Nofile, limit).is_ok() {
                HANDLE_BUDGET.store(0, Ordering::Relaxed);
            }
        }
    }
}

/// Grows the descriptor table to its final size before worker threads exist: growing
/// it later, with threads sharing it, makes the kernel wait for an RCU grace period
/// each time, which measured 50% slower on a breadth-first walk.
/// Only the first call does anything.
pub(crate) fn presize_fd_table() {
    static DONE: std::sync::Once = std::sync::Once::new();
    DONE.call_once(grow_fd_table);
}

fn grow_fd_table() {
    let want = (handle_budget() as u64 + RESERVED_FDS) as i32;
    if let Ok(fd) = rustix::io::fcntl_dupfd_cloexec(rustix::stdio::stderr(), want) {
        drop(fd);
    }
}

/// Shrinks the budget after the process ran out of descriptors.
pub(crate) fn shrink_budget() {
    let held = OPEN_HANDLES.load(Ordering::Relaxed);
    HANDLE_BUDGET.store(held / 2 + 1, Ordering::Relaxed);
}

/// The flags every directory is opened with: never anything that is not a directory
/// (so never a FIFO to block on or a device to touch).
fn dir_flags(follow: bool) -> OFlags {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC | OFlags::NONBLOCK;
    if follow {
        flags
    } else {
        flags | OFlags::NOFOLLOW
    }
}

/// Opens a root: `path` as given, relative to the current directory (the implicit
/// current directory when empty), following links on the whole path as `find -H`
/// does. A path longer than PATH_MAX is opened piecewise.
pub(crate) fn open_root(path: &[u8]) -> Result<DirHandle, Errno> {
    retry_interrupted(|| open_path(path, dir_flags(true))).and_then(DirHandle::new)
}

/// Opens the directory `name` (one component) in `dir`, never following a link there
/// unless `follow`: what keeps a walk inside its root.
pub(crate) fn open_child(dir: RawDir<'_>, name: &[u8], follow: bool) -> Result<DirHandle, Errno> {
    let flags = dir_flags(follow);
    retry_interrupted(|| rustix::fs::openat(dir, os_str(name), flags, Mode::empty()))
        .and_then(DirHandle::new)
}

/// Opens the parent (`..`) of the open directory `dir`: wherever that directory is
/// now, so the caller checks what it got.
pub(crate) fn open_parent(dir: RawDir<'_>) -> Result<DirHandle, Errno> {
    open_child(dir, b"..", false)
}

fn retry_interrupted<T>(mut call: impl FnMut() -> Result<T, Errno>) -> Result<T, Errno> {
    loop {
        match call() {
            Err(Errno::INTR) => {}
            other => return other,
        }
    }
}

/// Opens the directory `name` in `dir` for a visitor (an empty-directory test, a git
/// directory), never following a link there unless `follow`.
pub(crate) fn open_dir_at(dir: RawDir<'_>, name: &OsStr, follow: bool) -> Result<DirHandle, Errno> {
    DirHandle::new(rustix::fs::openat(
        dir,
        name,
        dir_flags(follow),
        Mode::empty(),
    )?)
}

/// Opens a root's path of any length: shorter than PATH_MAX in one call, a longer one
/// one slice (of whole components) at a time, each relative to the last. Links are
/// followed on every step: this is the path the user typed.
fn open_path(path: &[u8], flags: OFlags) -> Result<OwnedFd, Errno> {
    let path = if path.is_empty() { b"." as &[u8] } else { path };
    if path.len() < PATH_MAX_OPEN {
        return rustix::fs::openat(CWD, os_str(path), flags, Mode::empty());
    }
    let mut current: Option<OwnedFd> = None;
    let mut rest = path;
    if rest.first() == Some(&b'/') {
        current = Some(rustix::fs::openat(CWD, "/", flags, Mode::empty())?);
        rest = &rest[1..];
    }
    while !rest.is_empty() {
        let (piece, remaining) = split_piece(rest);
        let dir = current.as_ref().map_or(CWD, |fd| fd.as_fd());
        current = Some(rustix::fs::openat(
            dir,
            os_str(piece),
            flags,
            Mode::empty(),
        )?);
        rest = remaining;
    }
    current.ok_or(Errno::NOENT)
}

/// Splits off the longest run of whole components that fits in one `openat`.
fn split_piece(path: &[u8]) -> (&[u8], &[u8]) {
    if path.len() < PATH_MAX_OPEN {
        return (path, &[]);
    }
    let window = &path[..PATH_MAX_OPEN];
    match memchr::memrchr(b'/', window) {
        Some(0) | None => (path, &[]),
        Some(cut) => (&path[..cut], &path[cut + 1..]),
    }
}

/// The words of an error, where the system's own are not Unix's: here they are.
pub(crate) fn unix_words(_err: &std::io::Error) -> Option<&'static str> {
    None
}

/// `stat` (`follow`) or `lstat` of `name` in `dir`.
pub(crate) fn stat_at(dir: RawDir<'_>, name: &OsStr, follow: bool) -> Result<Stat, Errno> {
    let flags = if follow {
        AtFlags::empty()
    } else {
        AtFlags::SYMLINK_NOFOLLOW
    };
    rustix::fs::statat(dir, name, flags)
}

/// `stat` of an open directory.
pub(crate) fn stat_dir(dir: RawDir<'_>) -> Result<Stat, Errno> {
    rustix::fs::fstat(dir)
}

/// Opens the file `name` in `dir` for reading: without following a link there (unless
/// `follow`), without blocking (a FIFO), without becoming anyone's controlling
/// terminal.
pub(crate) fn open_file_at(dir: RawDir<'_>, name: &OsStr, follow: bool) -> Result<File, Errno> {
    let mut flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK | OFlags::NOCTTY;
    if !follow {
        flags |= OFlags::NOFOLLOW;
    }
    loop {
        match rustix::fs::openat(dir, name, flags, Mode::empty()) {
            Err(Errno::INTR) => continue,
            other => return other.map(File::from),
        }
    }
}

/// The target of the symbolic link `name` in `dir`, as bytes.
pub(crate) fn read_link_at(dir: RawDir<'_>, name: &OsStr) -> Result<Vec<u8>, Errno> {
    rustix::fs::readlinkat(dir, name, Vec::new()).map(|target| target.into_bytes())
}

/// True when `root` lies on a filesystem where each metadata operation is a round trip
/// to another machine or process (see `threads`). Linux names the filesystem by the
/// `f_type` magic `statfs` reports.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn is_latency_bound(root: &std::path::Path) -> bool {
    rustix::fs::statfs(root).is_ok_and(|st| is_latency_bound_magic(st.f_type as u64))
}

/// `statfs` magics (from linux/magic.h and the filesystems' sources) of filesystems
/// where each metadata operation is a round trip to another machine or process.
#[cfg(any(target_os = "linux", target_os = "android"))]
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

#[cfg(any(target_os = "linux", target_os = "android"))]
fn is_latency_bound_magic(magic: u64) -> bool {
    // f_type is a signed word on some targets: compare the low 32 bits.
    let magic = magic & 0xFFFF_FFFF;
    LATENCY_BOUND_MAGICS.iter().any(|&(m, _)| m == magic)
}

/// macOS and the BSDs name the filesystem in `statfs`'s `f_fstypename`.
#[cfg(any(
    target_vendor = "apple",
    target_os = "freebsd",
    target_os = "dragonfly",
    target_os = "openbsd"
))]
pub(crate) fn is_latency_bound(root: &std::path::Path) -> bool {
    rustix::fs::statfs(root).is_ok_and(|st| {
        let name: Vec<u8> = st
            .f_fstypename
            .iter()
            .take_while(|&&c| c != 0)
            .map(|&c| c as u8)
            .collect();
        is_latency_bound_name(&name)
    })
}

/// Other Unix systems: every root counts as local.
#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_vendor = "apple",
    target_os = "freebsd",
    target_os = "dragonfly",
    target_os = "openbsd"
)))]
pub(crate) fn is_latency_bound(_root: &std::path::Path) -> bool {
    false
}

/// `f_fstypename`s (macOS, FreeBSD, OpenBSD) of network and FUSE filesystems; FUSE
/// mounts are named `fusefs` (FreeBSD), `macfuse`/`osxfuse` (macOS) or
/// `fusefs.NAME` (a subtype).
#[cfg_attr(
    not(any(
        target_vendor = "apple",
        target_os = "freebsd",
        target_os = "dragonfly",
        target_os = "openbsd"
    )),
    allow(dead_code)
)]
pub(crate) fn is_latency_bound_name(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"nfs", b"smbfs", b"afpfs", b"webdav", b"cifs", b"macfuse", b"osxfuse", b"fusefs", b"fuse",
        b"9p", b"afs", b"ceph", b"lustre", b"p9fs",
    ];
    let base = name.split(|&b| b == b'.').next().unwrap_or(name);
    NAMES.contains(&base)
}

/// CPU time used so far by the whole process, all threads together. Through the C
/// library: this clock is a system call either way, and rustix's vDSO set-up trips
/// valgrind.
pub(crate) fn process_cpu_time() -> Option<Duration> {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given; the clock id is valid.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) } == 0;
    ok.then(|| Duration::new(now.tv_sec as u64, now.tv_nsec as u32))
}

/// Blocks (of 512 bytes) the process has read from storage so far. macOS and the BSDs
/// count block input operations (`ru_inblock`) as well; the controller only compares
/// them with a small threshold.
pub(crate) fn process_io_blocks() -> Option<u64> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given; RUSAGE_SELF is always valid.
    let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } == 0;
    // SAFETY: zero-initialised, and filled in on success.
    ok.then(|| unsafe { usage.assume_init() }.ru_inblock as u64)
}

/// The process's address-space limit (`RLIMIT_AS`) and the address space it uses now
/// (`/proc/self/statm`), in bytes; `None` without a limit (or where it cannot be told).
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) fn address_space() -> Option<(u64, u64)> {
    let limit = rustix::process::getrlimit(rustix::process::Resource::As).current?;
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().next()?.parse().ok()?;
    Some((
        limit,
        pages.saturating_mul(rustix::param::page_size() as u64),
    ))
}

/// Elsewhere the address space in use cannot be told cheaply: no cap.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) fn address_space() -> Option<(u64, u64)> {
    None
}

#[cfg(test)]
mod tests {
    use super::{is_latency_bound_name, split_piece, PATH_MAX_OPEN};

    #[test]
    fn long_paths_split_at_component_boundaries() {
        let path = "abcdefghi/".repeat(1000);
        let path = path.trim_end_matches('/').as_bytes();
        let (head, tail) = split_piece(path);
        assert!(head.len() < PATH_MAX_OPEN);
        assert!(head.ends_with(b"abcdefghi"));
        assert_eq!(head.len() + 1 + tail.len(), path.len());
        let (small, rest) = split_piece(b"a/b");
        assert_eq!((small, rest), (&b"a/b"[..], &b""[..]));
    }

    #[test]
    fn network_and_fuse_type_names_are_latency_bound() {
        for name in [
            "nfs", "smbfs", "afpfs", "webdav", "macfuse", "osxfuse", "fusefs",
        ] {
            assert!(is_latency_bound_name(name.as_bytes()), "{name}");
        }
        assert!(is_latency_bound_name(b"fusefs.sshfs"));
        for local in [
            "apfs", "hfs", "ufs", "zfs", "tmpfs", "devfs", "msdos", "ffs",
        ] {
            assert!(!is_latency_bound_name(local.as_bytes()), "{local}");
        }
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn network_magics_are_latency_bound() {
        use super::is_latency_bound_magic;
        assert!(is_latency_bound_magic(0x6969));
        assert!(is_latency_bound_magic(0x6573_5546));
        // CIFS as a sign-extended 32-bit word.
        assert!(is_latency_bound_magic(0xFFFF_FFFF_FF53_4D42));
        // ext4, tmpfs, btrfs, xfs are local.
        for local in [0xEF53, 0x0102_1994, 0x9123_683E, 0x5846_5342] {
            assert!(!is_latency_bound_magic(local));
        }
    }
}
