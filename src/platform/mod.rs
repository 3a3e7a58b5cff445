//! What pfind asks of the operating system outside the walker (which has its own
//! platform layer, `walk::sys`): turning bytes back into OS strings, the terminal, the
//! standard output, the host name, user and group names, the size of a command
//! line. One file per platform, chosen here and nowhere else.
//!
//! Paths are bytes everywhere else in pfind: on Unix the bytes of the name, on Windows
//! the standard library's encoded bytes of the `OsStr` (`OsStr::as_encoded_bytes`,
//! WTF-8: UTF-8 for every name that is valid UTF-16). Bytes become an `OsStr` again
//! only through [`os_str`].

#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub use unix::*;

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub use windows::*;

/// The stack of a helper thread that only waits and then does a little (the signal
/// and pipe watchers, the progress ticker): a small stack is a small share of an
/// address-space limit (`RLIMIT_AS`), where the default 2 MiB per thread adds up.
pub const SMALL_STACK: usize = 256 * 1024;

/// Which of a command's outputs some bytes came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommandStream {
    /// Its standard output.
    Out,
    /// Its standard error.
    Err,
}
