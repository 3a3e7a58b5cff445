//! The parallel walker: a library piece that knows directories, not queries.
//!
//! Configure a [`WalkBuilder`], then [`WalkBuilder::run`] it with a factory of
//! [`Visitor`]s: each worker thread builds its own visitor and is handed every entry it
//! reads, borrowed for one call. The visitor answers [`Visit::Continue`],
//! [`Visit::Skip`] (do not descend) or [`Visit::Quit`] (stop the whole walk).
//!
//! ```
//! use pfind_walk::{Entry, Visit, Visitor, WalkBuilder};
//!
//! struct Print;
//! impl Visitor for Print {
//!     fn visit(&mut self, entry: &Entry<'_>) -> Visit {
//!         if entry.depth() > 0 {
//!             println!("{}", entry.path().display());
//!         }
//!         Visit::Continue
//!     }
//! }
//! // Everything directly under this crate's sources, like `find src -mindepth 1 -maxdepth 1`.
//! let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
//! WalkBuilder::new(src).threads(2).max_depth(Some(1)).run(|| Print);
//! ```

mod builder;
mod dir;
mod dir_ref;
mod dirents;
mod elastic;
mod entry;
mod error;
mod follow;
mod iter;
pub mod link;
mod node;
mod os_bytes;
mod pool;
mod root;
pub mod sorted;
mod stream;
mod sys;
pub mod threads;
mod timeline;
mod visitor;

pub use builder::{ThreadSpan, WalkBuilder, WalkSummary};
pub use dir_ref::{DirRef, OpenDir};
pub use dirents::{Listing, Lookup};
pub use elastic::PoolTick;
pub use entry::{below_root_start, Entry, FileType, Metadata};
pub use error::{describe_io_error, ErrorKind, WalkError};
pub use iter::{DirEntry, Iter};
pub use os_bytes::{os_str, os_string};
/// What a failed system call says: the platform's error number (on Unix, rustix's
/// `Errno`), convertible into an `std::io::Error`.
pub use sys::Errno;
pub use visitor::{DirContext, DirData, NotEntered, NotEnteredReason, Visit, Visitor};

// The README's examples, run as doctests (`cargo test --doc`), so that they compile
// and hold.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;

/// The most worker threads a walk runs. Each one costs a deque and a 32 KiB buffer
/// made up front, so an absurd count (`-j 1000000`) must not reach the allocator; far
/// past any gain even on network filesystems.
pub const MAX_THREADS: usize = 1024;
