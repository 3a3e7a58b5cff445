//! The parallel walker: a library piece that knows directories, not queries.
//!
//! Configure a [`WalkBuilder`], then [`WalkBuilder::run`] it with a factory of
//! [`Visitor`]s: each worker thread builds its own visitor and is handed every entry it
//! reads, borrowed for one call. The visitor answers [`Visit::Continue`],
//! [`Visit::Skip`] (do not descend) or [`Visit::Quit`] (stop the whole walk).
//!
//! ```
//! use pfind::walk::{Entry, Visit, Visitor, WalkBuilder};
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

mod dir;
mod entry;
mod error;
mod handle;
mod pool;
pub mod threads;

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

pub use entry::{Entry, FileType, Metadata};
pub use error::{describe_io_error, ErrorKind, WalkError};

/// What a visitor wants done after seeing an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visit {
    /// Go on; descend into the entry if it is a directory.
    Continue,
    /// Go on, but do not descend into this entry.
    Skip,
    /// Stop the whole walk as soon as possible.
    Quit,
}

/// Receives the entries one worker thread reads. One visitor per thread, so it may keep
/// buffers and counters without locking.
pub trait Visitor {
    /// Called before the entries of one directory, with the prefix every one of its
    /// entries' paths starts with (the directory's path and a `/`; empty for the
    /// children of an implicit current directory).
    fn enter_dir(&mut self, _prefix: &[u8]) {}

    /// Called for every entry, roots included (at depth 0).
    fn visit(&mut self, entry: &Entry<'_>) -> Visit;

    /// Called after the entries of one directory (or one batch of a very large one).
    fn leave_dir(&mut self) {}

    /// Called when this thread has nothing to do and is about to wait for work: the
    /// place to flush buffered output.
    fn idle(&mut self) {}

    /// Called for every error; the walk goes on unless this returns [`Visit::Quit`].
    fn error(&mut self, _error: WalkError) -> Visit {
        Visit::Continue
    }
}

/// Settings for one walk. Build with [`WalkBuilder::new`], run with [`WalkBuilder::run`].
#[derive(Clone, Debug)]
pub struct WalkBuilder {
    roots: Vec<OsString>,
    /// `None`: decided from the roots when the walk starts.
    threads: Option<usize>,
    max_depth: Option<usize>,
    follow_links: bool,
    same_file_system: bool,
    stop: Arc<AtomicBool>,
}

impl WalkBuilder {
    /// A walk of `root`. An empty root means the current directory, with entries
    /// printed relative to it (`name`, not `./name`).
    pub fn new(root: impl AsRef<Path>) -> WalkBuilder {
        WalkBuilder {
            roots: vec![root.as_ref().as_os_str().to_owned()],
            threads: None,
            max_depth: None,
            follow_links: false,
            same_file_system: false,
            stop: Arc::new(AtomicBool::new(false)),
        }
    }

    /// A walk of several roots, in one pool.
    pub fn with_roots<I, P>(roots: I) -> WalkBuilder
    where
        I: IntoIterator<Item = P>,
        P: AsRef<Path>,
    {
        let mut builder = WalkBuilder::new("");
        builder.roots = roots
            .into_iter()
            .map(|r| r.as_ref().as_os_str().to_owned())
            .collect();
        builder
    }

    /// Adds another root.
    pub fn add_root(&mut self, root: impl AsRef<Path>) -> &mut WalkBuilder {
        self.roots.push(root.as_ref().as_os_str().to_owned());
        self
    }

    /// Number of worker threads (at least 1; started only as work appears). The default
    /// depends on the roots' filesystems: see [`threads::default_threads`].
    pub fn threads(&mut self, threads: usize) -> &mut WalkBuilder {
        self.threads = Some(threads.max(1));
        self
    }

    /// Do not visit entries deeper than `depth` (1 = the roots' children); directories
    /// at that depth are not read at all.
    pub fn max_depth(&mut self, depth: Option<usize>) -> &mut WalkBuilder {
        self.max_depth = depth;
        self
    }

    /// Follow symbolic links (loops are detected and reported). Roots that are links
    /// are always followed.
    pub fn follow_links(&mut self, yes: bool) -> &mut WalkBuilder {
        self.follow_links = yes;
        self
    }

    /// Do not descend into directories on other filesystems than their root's.
    pub fn same_file_system(&mut self, yes: bool) -> &mut WalkBuilder {
        self.same_file_system = yes;
        self
    }

    /// A flag that stops the walk when set (from any thread, a signal watcher, a timer).
    pub fn stop_flag(&mut self, flag: Arc<AtomicBool>) -> &mut WalkBuilder {
        self.stop = flag;
        self
    }

    /// The roots, as given.
    pub fn roots(&self) -> impl Iterator<Item = &[u8]> {
        self.roots.iter().map(|r| r.as_bytes())
    }

    /// Walks, calling `make_visitor` once on each worker thread. Returns when every
    /// reachable entry has been visited or the walk was stopped.
    pub fn run<V, F>(&self, make_visitor: F)
    where
        V: Visitor,
        F: Fn() -> V + Sync,
    {
        let walk = dir::Walk {
            max_depth: self.max_depth,
            follow_links: self.follow_links,
            same_file_system: self.same_file_system,
        };
        let roots = self
            .roots
            .iter()
            .map(|r| dir::DirTask::root(OsStr::as_bytes(r)))
            .collect();
        let threads = self
            .threads
            .unwrap_or_else(|| threads::default_threads(&self.roots));
        if threads > 1 {
            prepare_threads();
        }
        pool::Pool::run(
            threads,
            self.stop.clone(),
            roots,
            || dir::WorkerState::new(make_visitor()),
            |state, task, queue| match task {
                Some(task) => walk.run_task(state, task, queue),
                None => state.idle(),
            },
        );
    }
}

/// Grows this process's descriptor table to the size a multi-threaded walk needs. Call
/// it before starting threads of your own (a pipe watcher, a signal thread):
/// [`WalkBuilder::run`] calls it too, but growing the table once another thread shares
/// it makes the kernel wait for an RCU grace period (measured 24 ms, 15× the whole
/// run on a 5-entry tree). Does nothing after the first call.
pub fn prepare_threads() {
    handle::presize_fd_table();
}
