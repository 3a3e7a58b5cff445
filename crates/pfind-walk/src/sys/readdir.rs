//! macOS, the BSDs and other Unix systems (and Linux under the `portable-walk`
//! feature): a directory's entries read through rustix's `Dir`, which is `readdir` on
//! a `DIR*` made from the open handle (`fdopendir`) everywhere but Linux (there,
//! rustix reads with getdents64 into a buffer of its own, as a C library's `readdir`
//! does), each entry copied into the walker's buffer as a record.
//!
//! A `DIR*` buffers entries in user space, so the stream, not just the descriptor, is
//! the directory's reading state: it lives in the handle, and a directory's next batch
//! (another task, maybe on another thread) is read from it, under its lock. An entry read when the buffer had no room left for it is kept
//! (by the `Copier`) and written first by the next fill. Children are opened relative to the
//! stream's descriptor (`dirfd`) while it is being read: `openat` and `fstatat` do not
//! move the stream's position.

use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::sync::Mutex;

use rustix::fs::{Dir, FileType};
use rustix::io::Errno;

use super::copier::Copier;
use super::record::dt;

/// An open directory being read.
pub(crate) struct DirStream {
    /// The stream's descriptor, owned by the stream.
    fd: RawFd,
    state: Mutex<(Dir, Copier)>,
}

/// A name `readdir` returned, owned by its entry.
struct Name(rustix::fs::DirEntry);

impl AsRef<[u8]> for Name {
    fn as_ref(&self) -> &[u8] {
        self.0.file_name().to_bytes()
    }
}

impl DirStream {
    pub(crate) fn new(fd: OwnedFd) -> Result<DirStream, Errno> {
        let raw = fd.as_raw_fd();
        let dir = Dir::new(fd)?;
        Ok(DirStream {
            fd: raw,
            state: Mutex::new((dir, Copier::default())),
        })
    }

    #[inline(always)]
    pub(crate) fn fd(&self) -> BorrowedFd<'_> {
        // SAFETY: the stream owns this descriptor (`dirfd` of its `DIR*`) and keeps it
        // open as long as it lives, which `self` outlives the borrow by.
        unsafe { BorrowedFd::borrow_raw(self.fd) }
    }

    /// Writes as many of the next entries as fit into `buf` (see the module `sys`).
    pub(crate) fn fill(&self, buf: &mut [u8]) -> Result<usize, Errno> {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let (dir, copier) = &mut *state;
        copier.fill(buf, || {
            dir.read().map(|entry| {
                entry.map(|entry| {
                    let d_type = d_type(&entry);
                    (Name(entry), d_type)
                })
            })
        })
    }
}

/// The record's type byte for what `readdir`'s `d_type` said (unknown on systems
/// without one).
fn d_type(entry: &rustix::fs::DirEntry) -> u8 {
    match entry.file_type() {
        FileType::RegularFile => dt::REG,
        FileType::Directory => dt::DIR,
        FileType::Symlink => dt::LNK,
        FileType::Fifo => dt::FIFO,
        FileType::Socket => dt::SOCK,
        FileType::CharacterDevice => dt::CHR,
        FileType::BlockDevice => dt::BLK,
        _ => dt::UNKNOWN,
    }
}
