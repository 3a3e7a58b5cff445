//! An open directory lent to a visitor ([`DirRef`]), or opened by one ([`OpenDir`]),
//! and what a visitor may do relative to it: stat, open and read the entries it holds
//! with one call each, at any path length, on every platform (relative to the
//! directory's descriptor on Unix, to its path on Windows).
//!
//! An open that finds no descriptor left (EMFILE, ENFILE) waits for another thread to
//! release one, for a bounded time (`sys::retry_out_of_descriptors`), so that a
//! visitor's decision never quietly depends on the descriptor limit; an error it still
//! returns is the visitor's to report.

use std::ffi::OsStr;
use std::fs::File;
use std::path::Path;

use super::dirents::parse;
use super::entry::Metadata;
use super::error::WalkError;
use super::sys::record::MAX_RECORD;
use super::sys::{self, Errno};

/// A directory the walker holds open, borrowed: [`DirContext::dir`] gives one, and
/// [`Entry::parent_and_name`] gives the one holding an entry. It knows its entries'
/// path prefix and depth, so its errors name the entry they are about, as the walk's
/// own errors do.
///
/// [`DirContext::dir`]: super::DirContext::dir
/// [`Entry::parent_and_name`]: super::Entry::parent_and_name
#[derive(Clone, Copy, Debug)]
pub struct DirRef<'a> {
    raw: sys::RawDir<'a>,
    /// What its entries' paths start with: its path and a `/` (empty for the current
    /// directory).
    prefix: &'a [u8],
    /// The depth of its entries.
    depth: usize,
}

impl<'a> DirRef<'a> {
    pub(crate) fn new(raw: sys::RawDir<'a>, prefix: &'a [u8], depth: usize) -> DirRef<'a> {
        DirRef { raw, prefix, depth }
    }

    /// The raw handle, for the walker's own calls.
    pub(crate) fn raw(&self) -> sys::RawDir<'a> {
        self.raw
    }

    /// The current directory (what roots are relative to): its entries are the roots,
    /// at depth 0.
    pub fn current() -> DirRef<'static> {
        DirRef::new(sys::CWD, b"", 0)
    }

    /// The prefix of its entries' paths: its path and a `/` (empty for the current
    /// directory).
    pub fn prefix(&self) -> &'a [u8] {
        self.prefix
    }

    /// The error for `name` in this directory.
    fn error(&self, name: &OsStr, err: Errno) -> WalkError {
        let path = [self.prefix, name.as_encoded_bytes()].concat();
        WalkError::io(&path, self.depth, err)
    }

    /// The metadata of the directory itself.
    pub fn metadata(&self) -> Result<Metadata, WalkError> {
        sys::stat_dir(self.raw).map(Metadata).map_err(|err| {
            let path = self.prefix.strip_suffix(b"/").unwrap_or(self.prefix);
            WalkError::io(path, self.depth.saturating_sub(1), err)
        })
    }

    /// The metadata of `name` in this directory: of what a link leads to when
    /// `follow`, else of the link itself.
    pub fn stat(&self, name: &OsStr, follow: bool) -> Result<Metadata, WalkError> {
        sys::stat_at(self.raw, name, follow)
            .map(Metadata)
            .map_err(|err| self.error(name, err))
    }

    /// Opens the file `name` in this directory for reading, without following a link
    /// there unless `follow`, and without blocking on a FIFO.
    pub fn open_file(&self, name: &OsStr, follow: bool) -> Result<File, WalkError> {
        sys::retry_out_of_descriptors(|| sys::open_file_at(self.raw, name, follow))
            .map_err(|err| self.error(name, err))
    }

    /// Opens the directory `name` in this directory, without following a link there
    /// unless `follow`.
    pub fn open_dir(&self, name: &OsStr, follow: bool) -> Result<OpenDir, WalkError> {
        let handle = sys::retry_out_of_descriptors(|| sys::open_dir_at(self.raw, name, follow))
            .map_err(|err| self.error(name, err))?;
        let mut prefix = [self.prefix, name.as_encoded_bytes()].concat();
        prefix.push(b'/');
        Ok(OpenDir {
            handle,
            prefix,
            depth: self.depth + 1,
        })
    }

    /// The target of the symbolic link `name` in this directory, as bytes.
    pub fn read_link(&self, name: &OsStr) -> Result<Vec<u8>, WalkError> {
        sys::read_link_at(self.raw, name).map_err(|err| self.error(name, err))
    }
}

/// A directory a visitor opened itself.
pub struct OpenDir {
    handle: sys::DirHandle,
    /// Its path and a `/`, as errors show it.
    prefix: Vec<u8>,
    depth: usize,
}

impl OpenDir {
    /// Opens the directory at `path` (following links).
    pub fn open(path: &Path) -> Result<OpenDir, WalkError> {
        DirRef::current().open_dir(path.as_os_str(), true)
    }

    /// The directory, to open and stat what it holds.
    pub fn as_dir(&self) -> DirRef<'_> {
        DirRef::new(self.handle.dir(), &self.prefix, self.depth)
    }

    /// True when the directory holds nothing but `.` and `..`: reads until it finds
    /// another entry.
    pub fn is_empty(&self) -> Result<bool, WalkError> {
        holds_only_dots(|buffer| self.handle.fill(buffer)).map_err(|err| {
            let path = self.prefix.strip_suffix(b"/").unwrap_or(&self.prefix);
            WalkError::io(path, self.depth.saturating_sub(1), err)
        })
    }
}

/// True when the records `fill` writes (getdents64's contract, see `sys`) name nothing
/// but `.` and `..`. The buffer holds the longest record any filesystem can give:
/// a name may be longer than NAME_MAX (FUSE passes on what its server says), and a
/// smaller buffer makes the read fail with EINVAL.
fn holds_only_dots(mut fill: impl FnMut(&mut [u8]) -> Result<usize, Errno>) -> Result<bool, Errno> {
    let mut buffer = [0; MAX_RECORD];
    loop {
        let filled = fill(&mut buffer)?;
        if filled == 0 {
            return Ok(true);
        }
        let mut at = 0;
        while at < filled {
            let (entry, len) = parse(&buffer[at..filled]);
            if entry.name != b"." && entry.name != b".." {
                return Ok(false);
            }
            at += len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dirents::tests::record;

    /// A directory listing as getdents64 gives it: as many whole records as fit in
    /// the buffer, EINVAL when not even the next one does.
    fn reader(records: Vec<Vec<u8>>) -> impl FnMut(&mut [u8]) -> Result<usize, Errno> {
        let mut records = records.into_iter().peekable();
        move |buffer| {
            let mut filled = 0;
            while let Some(next) = records.peek() {
                if filled + next.len() > buffer.len() {
                    break;
                }
                buffer[filled..filled + next.len()].copy_from_slice(next);
                filled += next.len();
                records.next();
            }
            if filled == 0 && records.peek().is_some() {
                return Err(Errno::INVAL);
            }
            Ok(filled)
        }
    }

    /// Issue 20.13: a FUSE directory whose first name was longer than 1,000 bytes
    /// failed with EINVAL. Linux lets a filesystem return names up to PATH_MAX - 1.
    #[test]
    fn a_directory_whose_first_name_is_as_long_as_the_kernel_allows_is_not_empty() {
        for len in [1, 255, 1_000, 2_000, 4_095] {
            let name = vec![b'n'; len];
            let dots = || vec![record(b".", 4), record(b"..", 4)];
            let mut listing = dots();
            listing.push(record(&name, 8));
            assert_eq!(holds_only_dots(reader(listing)), Ok(false), "{len}");
            assert_eq!(holds_only_dots(reader(vec![record(&name, 8)])), Ok(false));
            assert_eq!(holds_only_dots(reader(dots())), Ok(true));
        }
    }
}
