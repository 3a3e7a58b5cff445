//! macOS, the BSDs and other Unix systems (and Linux under the `portable-walk`
//! feature): a directory's entries read through rustix's `Dir`, which is `readdir` on
//! a `DIR*` made from the open handle (`fdopendir`) everywhere but Linux (there,
//! rustix reads with getdents64 into a buffer of its own, as a C library's `readdir`
//! does), each entry copied into the walker's buffer as a record.
//!
//! A `DIR*` buffers entries in user space, so the stream, not just the descriptor, is
//! the directory's reading state: it lives in the handle, and a suspended directory
//! resumes from it. An entry read when the buffer had no room left for it is kept
//! (`pending`) and written first by the next fill. Children are opened relative to the
//! stream's descriptor (`dirfd`) while it is being read: `openat` and `fstatat` do not
//! move the stream's position.

use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::sync::Mutex;

use rustix::fs::{Dir, FileType};
use rustix::io::Errno;

use crate::walk::dirents::{dt, write_record};

/// An open directory being read.
pub(crate) struct DirStream {
    /// The stream's descriptor, owned by the stream.
    fd: RawFd,
    state: Mutex<State>,
}

struct State {
    dir: Dir,
    /// An entry read but not yet written: name and type.
    pending: Option<(Vec<u8>, u8)>,
    /// An error met after some entries were written: returned by the next fill.
    deferred: Option<Errno>,
}

impl DirStream {
    pub(crate) fn new(fd: OwnedFd) -> Result<DirStream, Errno> {
        let raw = fd.as_raw_fd();
        let dir = Dir::new(fd)?;
        Ok(DirStream {
            fd: raw,
            state: Mutex::new(State {
                dir,
                pending: None,
                deferred: None,
            }),
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
        if let Some(err) = state.deferred.take() {
            return Err(err);
        }
        let mut filled = 0;
        if let Some((name, d_type)) = state.pending.take() {
            match write_record(buf, filled, &name, d_type) {
                Some(end) => filled = end,
                None => {
                    state.pending = Some((name, d_type));
                    return Err(Errno::INVAL);
                }
            }
        }
        loop {
            let entry = match state.dir.read() {
                None => return Ok(filled),
                Some(Ok(entry)) => entry,
                Some(Err(err)) if filled == 0 => return Err(err),
                Some(Err(err)) => {
                    state.deferred = Some(err);
                    return Ok(filled);
                }
            };
            let (name, d_type) = (entry.file_name().to_bytes(), d_type(&entry));
            match write_record(buf, filled, name, d_type) {
                Some(end) => filled = end,
                None => {
                    // Not even the next record fits: the caller reads on into a fresh
                    // buffer, which starts with this entry.
                    state.pending = Some((name.to_vec(), d_type));
                    return if filled > 0 {
                        Ok(filled)
                    } else {
                        Err(Errno::INVAL)
                    };
                }
            }
        }
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
