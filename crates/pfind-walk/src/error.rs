//! The walker's error type: what went wrong, and where.
//!
//! Every error carries the path as it would be printed, so a caller can report
//! `pfind: PATH: reason` without knowing how the walker got there. Errors never stop
//! a walk; the walker hands them to the visitor and goes on.

use crate::os_str;
use crate::Errno;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// An error met while walking: an entry or directory that could not be read.
#[derive(Debug)]
pub struct WalkError {
    path: PathBuf,
    depth: usize,
    kind: ErrorKind,
}

/// What kind of failure a [`WalkError`] is.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A system call failed (permission denied, vanished, not a directory...).
    Io(io::Error),
    /// Following symbolic links led back to an ancestor directory.
    Loop {
        /// The ancestor that the link points back to.
        ancestor: PathBuf,
    },
    /// A directory on the way to this one is no longer the directory the walk read
    /// there (renamed, or replaced, while the walk ran): it is not entered.
    Changed,
}

impl WalkError {
    pub(crate) fn io(path: &[u8], depth: usize, err: impl Into<io::Error>) -> WalkError {
        // The implicit current directory (an empty root) is reported as `.`.
        let path = if path.is_empty() { b"." } else { path };
        WalkError {
            path: PathBuf::from(os_str(path)),
            depth,
            kind: ErrorKind::Io(err.into()),
        }
    }

    /// An I/O error on the entry at `path` (as printed), for visitors that do their own
    /// system calls on entries (opening files, reading ignore files) and report like the
    /// walker does.
    pub fn from_io(path: &[u8], depth: usize, err: impl Into<io::Error>) -> WalkError {
        WalkError::io(path, depth, err)
    }

    pub(crate) fn changed(path: &[u8], depth: usize) -> WalkError {
        WalkError {
            path: PathBuf::from(os_str(path)),
            depth,
            kind: ErrorKind::Changed,
        }
    }

    pub(crate) fn filesystem_loop(path: &[u8], depth: usize, ancestor: &[u8]) -> WalkError {
        WalkError {
            path: PathBuf::from(os_str(path)),
            depth,
            kind: ErrorKind::Loop {
                ancestor: PathBuf::from(os_str(ancestor)),
            },
        }
    }

    /// The path of the entry, as it would be printed.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The depth of the entry (0 for a root).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// What went wrong, in words, without the path: an I/O error's own text (as
    /// [`describe_io_error`] gives it), `filesystem loop`, `changed during the walk`.
    pub fn reason(&self) -> String {
        match &self.kind {
            ErrorKind::Io(err) => describe_io_error(err),
            ErrorKind::Loop { .. } => "filesystem loop".to_string(),
            ErrorKind::Changed => "changed during the walk".to_string(),
        }
    }

    /// The system's error number, if this is an I/O error that has one: to tell
    /// "not found" from "permission denied" as precisely as the system does.
    pub fn errno(&self) -> Option<Errno> {
        self.io_error()?
            .raw_os_error()
            .map(Errno::from_raw_os_error)
    }

    /// The underlying I/O error, if this is one.
    pub fn io_error(&self) -> Option<&io::Error> {
        match &self.kind {
            ErrorKind::Io(err) => Some(err),
            ErrorKind::Loop { .. } | ErrorKind::Changed => None,
        }
    }
}

/// `io::Error`'s own text without the "(os error N)" suffix, the way find words it
/// (on Windows, the errors that Unix also has are worded as on Unix, so that a message
/// means the same on every system).
pub fn describe_io_error(err: &io::Error) -> String {
    if let Some(words) = super::sys::unix_words(err) {
        return words.to_string();
    }
    let text = err.to_string();
    match text.find(" (os error ") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

impl fmt::Display for WalkError {
    /// `PATH: reason`, the path quoted and escaped as Rust's `Debug` does, so that a
    /// hostile name can neither break the line nor send escape sequences to a
    /// terminal. A program with its own way of showing names formats
    /// [`WalkError::path`] and [`WalkError::reason`] itself.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.path, self.reason())
    }
}

/// The I/O error a [`WalkError`] holds (its path is dropped); a loop or a changed
/// directory becomes an error of kind `Other` with the reason's words.
impl From<WalkError> for io::Error {
    fn from(err: WalkError) -> io::Error {
        match err.kind {
            ErrorKind::Io(err) => err,
            ErrorKind::Loop { .. } | ErrorKind::Changed => io::Error::other(err.reason()),
        }
    }
}

impl std::error::Error for WalkError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(err) => Some(err),
            ErrorKind::Loop { .. } | ErrorKind::Changed => None,
        }
    }
}
