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
mod dir_ref;
mod dirents;
mod elastic;
mod entry;
mod error;
mod follow;
mod node;
mod pool;
mod root;
mod sys;
pub mod threads;

use std::any::Any;
use std::ffi::OsString;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

pub use dir_ref::{DirRef, OpenDir};
pub use dirents::{Listing, Lookup};
pub use entry::{below_root_start, Entry, FileType, Metadata};
pub use error::{describe_io_error, escape_for_message, ErrorKind, WalkError};
/// What a failed system call says: the platform's error number (on Unix, rustix's
/// `Errno`), convertible into an `std::io::Error`.
pub use sys::Errno;

/// The most worker threads a walk runs. Each one costs a deque and a 32 KiB buffer
/// made up front, so an absurd count (`-j 1000000`) must not reach the allocator; far
/// past any gain even on network filesystems.
pub const MAX_THREADS: usize = 1024;

/// Grows this process's descriptor table to the size a multi-threaded walk needs.
/// [`WalkBuilder::run`] does it too, but call it first if you start threads of your
/// own before the walk (a signal or pipe watcher): once several threads share the
/// table, growing it makes the kernel wait for an RCU grace period (measured 10-20 ms,
/// ten times the whole run on a small tree). Calling it again costs one `fcntl`.
pub fn presize_fd_table() {
    sys::presize_fd_table();
}

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

/// Data a visitor attaches to a directory (see [`Visitor::dir_data`]): shared by the
/// directory's entries and handed down to its subdirectories.
pub type DirData = Arc<dyn Any + Send + Sync>;

/// Receives the entries one worker thread reads. One visitor per thread, so it may keep
/// buffers and counters without locking.
pub trait Visitor {
    /// Called before the entries of one directory, with the prefix every one of its
    /// entries' paths starts with (the directory's path and a `/`; empty for the
    /// children of an implicit current directory). Also called before each root, with
    /// the part of the root's path before its last component (`src/` for `src/walk`),
    /// so that `prefix.len()` is always where the next entries' names start.
    fn enter_dir(&mut self, _prefix: &[u8]) {}

    /// Called once per directory, after its first read and before any of its entries
    /// is visited, with its open handle, the prefix of its entries' paths (as for
    /// [`Visitor::enter_dir`]), its depth, the data its parent directory got (`None`
    /// for a root), and the [`Listing`] of that first read, which says without a
    /// system call whether a name is in the directory (for all but directories larger
    /// than one read). What it returns is this directory's data: its entries see it as
    /// [`Entry::dir_data`], and its subdirectories receive it as `parent`. This is the
    /// hook for state that is inherited down the tree (ignore files, for one). The
    /// default passes the parent's data on, so a visitor that never returns any costs
    /// nothing.
    fn dir_data(
        &mut self,
        _dir: DirRef<'_>,
        _prefix: &[u8],
        _depth: usize,
        parent: Option<&DirData>,
        _listing: &Listing<'_>,
    ) -> Option<DirData> {
        parent.cloned()
    }

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

/// What a finished walk did with its threads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WalkSummary {
    /// The number of threads the walk began with: `-j`, or the elastic pool's base.
    pub threads_at_start: usize,
    /// Worker threads started (they start only as work appears).
    pub threads_started: usize,
    /// The most threads that ran at once.
    pub peak_threads: usize,
    /// True when the count was elastic (no [`WalkBuilder::threads`] given).
    pub elastic: bool,
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
    ordered: bool,
    stop: Arc<AtomicBool>,
    /// Bytes each thread's visitor allocates (see [`WalkBuilder::thread_memory`]).
    thread_memory: usize,
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
            ordered: false,
            stop: Arc::new(AtomicBool::new(false)),
            thread_memory: 0,
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

    /// Runs exactly this many worker threads (1 to [`MAX_THREADS`]; started only as
    /// work appears). By default the count is elastic: it starts at
    /// [`threads::default_threads`] (one per CPU; more on network filesystems) and
    /// grows while the walk waits on I/O rather than the CPU, up to
    /// [`threads::elastic_max`] (see [`WalkSummary`] for what it did).
    pub fn threads(&mut self, threads: usize) -> &mut WalkBuilder {
        self.threads = Some(threads.clamp(1, MAX_THREADS));
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

    /// Walk in name order, for visitors that emit results sorted by path: each
    /// directory is read in one go (one `enter_dir`/`leave_dir` pair, never split into
    /// batches), its subdirectories are queued in byte order of their names, and each
    /// thread takes its newest task first (depth first), so the directory an in-order
    /// emitter waits for is usually the next one read. Other threads still steal the
    /// oldest tasks, so the walk stays parallel. Costs one sort of the subdirectories
    /// per directory and, on very wide trees, more queued tasks at once.
    pub fn ordered(&mut self, yes: bool) -> &mut WalkBuilder {
        self.ordered = yes;
        self
    }

    /// What each thread's visitor allocates, in bytes (its buffers): counted with
    /// the walker's own per-thread memory when memory is short. Under an
    /// address-space limit (`RLIMIT_AS`) the pool runs at most as many threads as half
    /// of the room left holds, whatever [`WalkBuilder::threads`] asks, and a thread
    /// whose memory cannot be had is not started: the walk goes on with fewer.
    pub fn thread_memory(&mut self, bytes: usize) -> &mut WalkBuilder {
        self.thread_memory = bytes;
        self
    }

    /// A flag that stops the walk when set (from any thread, a signal watcher, a timer).
    pub fn stop_flag(&mut self, flag: Arc<AtomicBool>) -> &mut WalkBuilder {
        self.stop = flag;
        self
    }

    /// The roots, as given.
    pub fn roots(&self) -> impl Iterator<Item = &[u8]> {
        self.roots.iter().map(|r| r.as_encoded_bytes())
    }

    /// Walks, calling `make_visitor` once on each worker thread. Returns when every
    /// reachable entry has been visited or the walk was stopped.
    pub fn run<V, F>(&self, make_visitor: F) -> WalkSummary
    where
        V: Visitor,
        F: Fn() -> V + Sync,
    {
        let walk = dir::Walk {
            max_depth: self.max_depth,
            follow_links: self.follow_links,
            same_file_system: self.same_file_system,
            ordered: self.ordered,
        };
        let roots = self
            .roots
            .iter()
            .map(|r| dir::DirTask::root(r.as_encoded_bytes()))
            .collect();
        let cap = threads::address_space_cap(self.thread_memory).unwrap_or(MAX_THREADS);
        let threads = match self.threads {
            Some(n) => pool::Threads::Fixed(n.min(cap)),
            None => {
                let latency_bound = threads::any_latency_bound(&self.roots);
                pool::Threads::Elastic {
                    base: threads::threads_to_start(latency_bound).min(cap),
                    max: threads::elastic_max().min(cap),
                    latency_bound,
                }
            }
        };
        if threads != pool::Threads::Fixed(1) {
            presize_fd_table();
        }
        let summary = pool::Pool::run(
            threads,
            self.thread_memory + threads::WORKER_BUFFERS,
            self.stop.clone(),
            roots,
            || dir::WorkerState::new(make_visitor()),
            |state, task, queue| match task {
                Some(task) => walk.run_task(state, task, queue),
                None => {
                    state.idle();
                    0
                }
            },
        );
        WalkSummary {
            threads_at_start: match threads {
                pool::Threads::Fixed(n) | pool::Threads::Elastic { base: n, .. } => n,
            },
            threads_started: summary.started,
            peak_threads: summary.peak,
            elastic: matches!(threads, pool::Threads::Elastic { .. }),
        }
    }
}
