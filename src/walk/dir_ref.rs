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

use super::dirents::{parse, MAX_RECORD};
use super::entry::Metadata;
use super::sys::{self, Errno};

/// A directory the walker holds open, borrowed: [`Visitor::dir_data`] gets one, and
/// [`Entry::parent_and_name`] gives the one holding an entry.
///
/// [`Visitor::dir_data`]: super::Visitor::dir_data
/// [`Entry::parent_and_name`]: super::Entry::parent_and_name
#[derive(Clone, Copy, Debug)]
pub struct DirRef<'a>(pub(crate) sys::RawDir<'a>);

impl<'a> DirRef<'a> {
    /// The current directory (what roots are relative to).
    pub fn current() -> DirRef<'static> {
        DirRef(sys::CWD)
    }

    /// The metadata of the directory itself.
    pub fn metadata(&self) -> Result<Metadata, Errno> {
        sys::stat_dir(self.0).map(Metadata)
    }

    /// The metadata of `name` in this directory: of what a link leads to when
    /// `follow`, else of the link itself.
    pub fn stat(&self, name: &OsStr, follow: bool) -> Result<Metadata, Errno> {
        sys::stat_at(self.0, name, follow).map(Metadata)
    }

    /// Opens the file `name` in this directory for reading, without following a link
    /// there unless `follow`, and without blocking on a FIFO.
    pub fn open_file(&self, name: &OsStr, follow: bool) -> Result<File, Errno> {
        sys::retry_out_of_descriptors(|| sys::open_file_at(self.0, name, follow))
    }

    /// Opens the directory `name` in this directory, without following a link there
    /// unless `follow`.
    pub fn open_dir(&self, name: &OsStr, follow: bool) -> Result<OpenDir, Errno> {
        sys::retry_out_of_descriptors(|| sys::open_dir_at(self.0, name, follow)).map(OpenDir)
    }

    /// The target of the symbolic link `name` in this directory, as bytes.
    pub fn read_link(&self, name: &OsStr) -> Result<Vec<u8>, Errno> {
        sys::read_link_at(self.0, name)
    }
}

/// A directory a visitor opened itself.
pub struct OpenDir(sys::DirHandle);

impl OpenDir {
    /// Opens the directory at `path` (following links).
    pub fn open(path: &Path) -> Result<OpenDir, Errno> {
        DirRef::current().open_dir(path.as_os_str(), true)
    }

    /// The directory, to open and stat what it holds.
    pub fn as_dir(&self) -> DirRef<'_> {
        DirRef(self.0.dir())
    }

    /// True when the directory holds nothing but `.` and `..`: reads until it finds
    /// another entry.
    pub fn is_empty(&self) -> Result<bool, Errno> {
        holds_only_dots(|buffer| self.0.fill(buffer))
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
    use crate::walk::dirents::tests::record;

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
