//! Messages on stderr: one `pfind: ...` line each, written in one piece (so lines from
//! several threads never mix), never glued to a `--progress` line (which is erased
//! first), and never a reason to crash: `eprintln!` panics when stderr cannot be
//! written (a closed pipe, a full disk), which would turn a reported error into exit
//! status 101.

use std::fmt;
use std::io::Write;

use crate::terminal::status_line;

/// Writes `pfind: MESSAGE` and a newline to stderr; a failed write is ignored.
pub fn error(message: fmt::Arguments<'_>) {
    raw(format!("pfind: {message}\n").as_bytes());
}

/// Writes `pfind: PATH: reason` for an error of the walk (or of a filter), the path
/// escaped as every name on a terminal is (see `pfind::escape`).
pub fn walk_error(err: &pfind_walk::WalkError) {
    let path = pfind::escape::escape(err.path().as_os_str().as_encoded_bytes());
    error(format_args!("{path}: {}", err.reason()));
}

/// Writes MESSAGE and a newline to stderr as it is (no prefix); a failed write is
/// ignored. For reports such as `--stats`.
pub fn line(message: fmt::Arguments<'_>) {
    raw(format!("{message}\n").as_bytes());
}

/// Writes `bytes` to stderr as they are (a command's own error output); a failed write
/// is ignored.
pub fn raw(bytes: &[u8]) {
    // A rank other than 0 under MPI: rank 0 writes it.
    #[cfg(feature = "mpi")]
    if crate::mpi::forward_stderr(bytes) {
        return;
    }
    let mut status_line = status_line::hold();
    if let Some(held) = &mut status_line {
        held.wrote(bytes);
    }
    let _ = std::io::stderr().lock().write_all(bytes);
}
