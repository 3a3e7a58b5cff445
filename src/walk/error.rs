//! The walker's error type: what went wrong, and where.
//!
//! Every error carries the path as it would be printed, so a caller can report
//! `pfind: PATH: reason` without knowing how the walker got there. Errors never stop
//! a walk; the walker hands them to the visitor and goes on.

use crate::platform::os_str;
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

/// Bytes (a path, a pattern) made safe for a one-line message on a terminal, escaped
/// as [`crate::escape`] describes (`\n`, `\x1b`, `\u{202e}`, `\xff`), so a name can
/// neither break the `pfind: PATH: reason` line nor send escape sequences to the
/// terminal.
pub fn escape_for_message(bytes: &[u8]) -> String {
    crate::escape::escape(bytes)
}

impl fmt::Display for WalkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = escape_for_message(self.path.as_os_str().as_encoded_bytes());
        match &self.kind {
            ErrorKind::Io(err) => write!(f, "{}: {}", path, describe_io_error(err)),
            ErrorKind::Loop { .. } => write!(f, "{path}: filesystem loop"),
            ErrorKind::Changed => write!(f, "{path}: changed during the walk"),
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
