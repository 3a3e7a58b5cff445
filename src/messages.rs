//! Messages on stderr: one `pfind: ...` line each, written in one piece (so lines from
//! several threads never mix), and never a reason to crash: `eprintln!` panics when
//! stderr cannot be written (a closed pipe, a full disk), which would turn a reported
//! error into exit status 101.

use std::fmt;
use std::io::Write;

/// Writes `pfind: MESSAGE` and a newline to stderr; a failed write is ignored.
pub fn error(message: fmt::Arguments<'_>) {
    let line = format!("pfind: {message}\n");
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// Writes MESSAGE and a newline to stderr as it is (no prefix); a failed write is
/// ignored. For reports such as `--stats`.
pub fn line(message: fmt::Arguments<'_>) {
    let line = format!("{message}\n");
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}
