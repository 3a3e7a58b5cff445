//! The walker's platform layer: everything the walker asks of the operating system,
//! behind one small interface, one file per platform, chosen here and nowhere else.
//!
//! Each platform provides the same names:
//! - `DirHandle`: an open directory, counted against the handle budget, that children
//!   are opened relative to (`open_dir`), and whose entries `DirHandle::fill` writes
//!   into a buffer as `linux_dirent64` records (the format `dirents` parses), with
//!   getdents64's contract: as many whole records as fit, 0 at the end of the
//!   directory, `Errno::INVAL` when not even the next record fits.
//! - `RawDir<'a>`: a borrowed open directory, and the `*at` operations visitors make
//!   relative to it (`stat_at`, `open_file_at`, `read_link_at`).
//! - `Stat` (the fields `Metadata` reads), `Errno` (what failed), `CWD`.
//! - `retry_out_of_descriptors` (shared, `descriptors.rs`): an open that finds no
//!   descriptor left waits for one, for a bounded time.
//! - the handle budget (`may_hold_another`, `presize_fd_table`), the kind of
//!   filesystem a root is on (`is_latency_bound`), and the process clocks the elastic
//!   pool reads.
//!
//! Readers of directory entries:
//! - Linux: `getdents64` straight into the buffer (`getdents.rs`): the kernel writes
//!   the records, nothing is copied.
//! - macOS, the BSDs and other Unix systems, and Linux with the `portable-walk` feature
//!   (so that the suite runs on this reader where it is developed): `readdir` on a
//!   `DIR*` made from the open handle (`readdir.rs`), each entry copied into a record.
//! - Windows: `std::fs::read_dir` (`windows.rs`), each entry copied into a record, its
//!   name as the standard library's encoded bytes (WTF-8: UTF-8 for every valid name).

#[cfg(all(target_os = "linux", not(feature = "portable-walk")))]
#[path = "getdents.rs"]
mod reader;
#[cfg(all(unix, any(not(target_os = "linux"), feature = "portable-walk")))]
#[path = "readdir.rs"]
mod reader;

pub(crate) mod record;

// Records written one entry at a time, for the readers that copy.
#[cfg(any(
    windows,
    all(unix, any(not(target_os = "linux"), feature = "portable-walk"))
))]
mod copier;

// Waiting for a descriptor when the process has none left.
mod descriptors;
pub(crate) use descriptors::{is_out_of_descriptors, retry_out_of_descriptors, retry_while_short};

// Handles, metadata, the filesystem's kind and the process clocks.
#[cfg_attr(unix, path = "unix.rs")]
#[cfg_attr(windows, path = "windows.rs")]
mod os;
pub use os::*;
