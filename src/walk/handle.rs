//! Directory handles: opening, counting and budgeting open file descriptors.
//!
//! Children are opened relative to their parent's handle while the parent is held
//! open; that makes every open one path component long, whatever the depth (so paths
//! longer than PATH_MAX work) and saves the kernel a full path lookup. Held handles are
//! budgeted: past [`handle_budget`] a child is opened by its path instead, and a path
//! longer than PATH_MAX is opened piecewise. Running out of descriptors (EMFILE)
//! shrinks the budget and retries: it costs speed, never results.

use std::ffi::OsStr;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rustix::fs::{Mode, OFlags, CWD};
use rustix::io::Errno;

/// Open directory handles held by all walks of this process.
static OPEN_HANDLES: AtomicUsize = AtomicUsize::new(0);
/// How many may be held open for children to open relative to; lowered on EMFILE.
static HANDLE_BUDGET: AtomicUsize = AtomicUsize::new(0);

/// Descriptors kept free for everything else (stdio, files read by filters, commands).
const RESERVED_FDS: u64 = 64;
/// The budget never exceeds this, whatever the limit: enough to keep the queued
/// directories' parents open on real trees, small enough to pre-size the table once.
const MAX_BUDGET: u64 = 4096;
/// The longest path handed to one `openat` (PATH_MAX is 4096 with the NUL).
const PATH_MAX_OPEN: usize = 4000;

/// An open directory, counted against the handle budget while it lives.
#[derive(Debug)]
pub(crate) struct DirHandle(OwnedFd);

impl DirHandle {
    fn new(fd: OwnedFd) -> DirHandle {
        OPEN_HANDLES.fetch_add(1, Ordering::Relaxed);
        DirHandle(fd)
    }
}

impl AsFd for DirHandle {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}

impl Drop for DirHandle {
    fn drop(&mut self) {
        OPEN_HANDLES.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The handle budget, computed once from RLIMIT_NOFILE (raising the soft limit to the
/// hard one, as bfs does).
pub(crate) fn handle_budget() -> usize {
    let budget = HANDLE_BUDGET.load(Ordering::Relaxed);
    if budget != 0 {
        return budget.saturating_sub(1);
    }
    let limit = raise_fd_limit();
    let budget = limit.saturating_sub(RESERVED_FDS).clamp(1, MAX_BUDGET) as usize;
    // Stored plus one so that a budget shrunk to zero is not mistaken for "unset".
    let _ = HANDLE_BUDGET.compare_exchange(0, budget + 1, Ordering::Relaxed, Ordering::Relaxed);
    HANDLE_BUDGET.load(Ordering::Relaxed).saturating_sub(1)
}

/// True while another handle may be kept open for children.
pub(crate) fn may_hold_another() -> bool {
    OPEN_HANDLES.load(Ordering::Relaxed) < handle_budget()
}

fn raise_fd_limit() -> u64 {
    use rustix::process::{getrlimit, setrlimit, Resource};
    let mut limit = getrlimit(Resource::Nofile);
    let soft = limit.current.unwrap_or(u64::MAX);
    if let Some(hard) = limit.maximum {
        if hard > soft {
            limit.current = Some(hard.min(1 << 20));
            if setrlimit(Resource::Nofile, limit).is_ok() {
                return hard.min(1 << 20);
            }
        }
    }
    soft.min(1 << 20)
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
fn shrink_budget() {
    let held = OPEN_HANDLES.load(Ordering::Relaxed);
    HANDLE_BUDGET.store(held / 2 + 1, Ordering::Relaxed);
}

/// Opens the directory `name` relative to `parent`, or `path` (as printed, relative to
/// the current directory) when there is no parent handle. Never follows a symlink
/// unless `follow`, never opens anything that is not a directory (so never blocks on a
/// FIFO or touches a device).
pub(crate) fn open_dir(
    parent: Option<BorrowedFd<'_>>,
    name: &[u8],
    path: &[u8],
    follow: bool,
) -> Result<DirHandle, Errno> {
    let mut flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC | OFlags::NONBLOCK;
    if !follow {
        flags |= OFlags::NOFOLLOW;
    }
    let mut attempt = 0u32;
    loop {
        let result = match parent {
            Some(dir) => rustix::fs::openat(dir, OsStr::from_bytes(name), flags, Mode::empty()),
            None => open_path(path, flags),
        };
        match result {
            Ok(fd) => return Ok(DirHandle::new(fd)),
            Err(Errno::MFILE | Errno::NFILE) if attempt < 2000 => {
                // Other workers hold descriptors they will release; keep fewer of them
                // and try again rather than lose this directory.
                shrink_budget();
                attempt += 1;
                std::thread::sleep(Duration::from_micros(500));
            }
            Err(Errno::INTR) => {}
            Err(err) => return Err(err),
        }
    }
}

/// Opens a path of any length: a path shorter than PATH_MAX in one call, a longer one
/// one slice (of whole components) at a time, each relative to the last.
fn open_path(path: &[u8], flags: OFlags) -> Result<OwnedFd, Errno> {
    let path = if path.is_empty() { b"." as &[u8] } else { path };
    if path.len() < PATH_MAX_OPEN {
        return rustix::fs::openat(CWD, OsStr::from_bytes(path), flags, Mode::empty());
    }
    let step_flags = (flags & !OFlags::NOFOLLOW) | OFlags::DIRECTORY;
    let mut current: Option<OwnedFd> = None;
    let mut rest = path;
    if rest.first() == Some(&b'/') {
        current = Some(rustix::fs::openat(CWD, "/", step_flags, Mode::empty())?);
        rest = &rest[1..];
    }
    while !rest.is_empty() {
        let (piece, remaining) = split_piece(rest);
        let last = remaining.is_empty();
        let piece_flags = if last { flags } else { step_flags };
        let dir = current.as_ref().map_or(CWD, |fd| fd.as_fd());
        current = Some(rustix::fs::openat(
            dir,
            OsStr::from_bytes(piece),
            piece_flags,
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

#[cfg(test)]
mod tests {
    use super::split_piece;

    #[test]
    fn long_paths_split_at_component_boundaries() {
        let path = "abcdefghi/".repeat(1000);
        let path = path.trim_end_matches('/').as_bytes();
        let (head, tail) = split_piece(path);
        assert!(head.len() < 4000);
        assert!(head.ends_with(b"abcdefghi"));
        assert_eq!(head.len() + 1 + tail.len(), path.len());
        let (small, rest) = split_piece(b"a/b");
        assert_eq!((small, rest), (&b"a/b"[..], &b""[..]));
    }
}
