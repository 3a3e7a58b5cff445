//! Settings for a walk ([`WalkBuilder`]) and what a finished walk did
//! ([`WalkSummary`]).

use std::ffi::OsString;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use crate::elastic::{PoolTick, Trace};
use crate::link::Link;
use crate::sorted::{SortedIter, SortedOutput};
use crate::{dir, pool, sys, threads, Iter, Visitor, MAX_THREADS};

/// What a finished walk did with its threads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WalkSummary {
    /// The number of threads the walk began with: `-j`, or the elastic pool's base.
    pub threads_at_start: usize,
    /// Worker threads started (they start only as work appears).
    pub threads_started: usize,
    /// The most threads that ran at once.
    pub peak_threads: usize,
    /// True when the count was elastic (no [`WalkBuilder::threads`] given).
    pub elastic: bool,
    /// The counts an elastic walk allowed over time, from its start to its end, in
    /// stretches that follow each other (at most 64, however long the walk ran); empty
    /// for a fixed count.
    pub thread_counts: Vec<ThreadSpan>,
}

/// The thread counts an elastic walk allowed during one stretch of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThreadSpan {
    /// When the stretch began, since the walk began.
    pub start: Duration,
    /// When it ended.
    pub end: Duration,
    /// The fewest threads allowed to run during it.
    pub fewest: usize,
    /// The most.
    pub most: usize,
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
    raise_fd_limit: bool,
    trace: Option<Trace>,
    pub(crate) stop: Arc<AtomicBool>,
    /// Bytes each thread's visitor allocates (see [`WalkBuilder::thread_memory`]).
    thread_memory: usize,
    /// The link work leaves and enters by (see [`crate::link`]).
    link: Option<Link>,
    /// Whether the roots are queued when the walk starts.
    seed_roots: bool,
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
            raise_fd_limit: false,
            trace: None,
            stop: Arc::new(AtomicBool::new(false)),
            thread_memory: 0,
            link: None,
            seed_roots: true,
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

    /// Lets the walk raise this process's soft limit on open files (RLIMIT_NOFILE) to
    /// the hard limit, as bfs does, when it starts (see [`WalkBuilder::prepare`]): more
    /// directories are then held open for their children, and fewer are opened again.
    /// Off by default: a library changes no process-wide setting unless asked.
    pub fn raise_fd_limit(&mut self, yes: bool) -> &mut WalkBuilder {
        self.raise_fd_limit = yes;
        self
    }

    /// Calls `trace` at every tick of the elastic pool (about every 10 ms while it
    /// runs), with what it saw and decided: for tuning, and to show a user why the
    /// count moved. No effect with a fixed count.
    pub fn trace_pool(
        &mut self,
        trace: impl Fn(&PoolTick) + Send + Sync + 'static,
    ) -> &mut WalkBuilder {
        self.trace = Some(Trace(Arc::new(trace)));
        self
    }

    /// Does, once per process, the set-up a walk wants before its threads start:
    /// raises the descriptor limit (if [`WalkBuilder::raise_fd_limit`]), then grows the
    /// descriptor table to the size the walk will use. [`WalkBuilder::run`] calls it;
    /// call it first yourself if you start threads of your own before the walk (a
    /// signal or pipe watcher): once several threads share the table, growing it makes
    /// the kernel wait for an RCU grace period (measured 10-20 ms, ten times a whole
    /// walk of a small tree). Later calls cost an atomic load.
    pub fn prepare(&self) {
        if self.threads == Some(1) {
            return;
        }
        static PREPARED: std::sync::Once = std::sync::Once::new();
        PREPARED.call_once(|| {
            if self.raise_fd_limit {
                sys::raise_fd_limit();
            }
            sys::presize_fd_table();
        });
    }

    /// Runs exactly this many worker threads (1 to [`MAX_THREADS`]; started only as
    /// work appears). By default the count is elastic: it starts at
    /// [`threads::default_threads`] (one per CPU, at most 16; more on network
    /// filesystems) and grows while the walk waits on I/O rather than the CPU, up to
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

    /// What each thread's visitor allocates, in bytes (its buffers): counted with
    /// the walker's own per-thread memory when memory is short. Under an
    /// address-space limit (`RLIMIT_AS`) the pool runs at most as many threads as half
    /// of the room left holds, whatever [`WalkBuilder::threads`] asks, and a thread
    /// whose memory cannot be had is not started: the walk goes on with fewer.
    pub fn thread_memory(&mut self, bytes: usize) -> &mut WalkBuilder {
        self.thread_memory = bytes;
        self
    }

    /// Links the walk to walks elsewhere (see [`crate::link`]): it then ends only
    /// when the link is finished (or the walk is stopped), and queued directories may
    /// leave it and others arrive. A sorted walk ([`WalkBuilder::run_sorted`],
    /// [`WalkBuilder::sorted`]) is never linked. Not linked, a walk pays nothing for
    /// this.
    pub fn link(&mut self, link: &Link) -> &mut WalkBuilder {
        self.link = Some(link.clone());
        self
    }

    /// Whether the roots are queued when the walk starts (the default); a linked
    /// walk that waits for its work from elsewhere starts without them.
    pub fn seed_roots(&mut self, yes: bool) -> &mut WalkBuilder {
        self.seed_roots = yes;
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

    /// The walk as an iterator of owned entries (roots included, at depth 0; errors in
    /// their place), in no particular order: the parallel walk runs on threads of its
    /// own while the iterator is consumed, and stops when it is dropped.
    ///
    /// ```
    /// let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    /// let mut files: Vec<_> = pfind_walk::WalkBuilder::new(src)
    ///     .max_depth(Some(1))
    ///     .iter()
    ///     .filter_map(Result::ok)
    ///     .filter(|entry| entry.file_type().is_file())
    ///     .map(|entry| entry.path().file_name().unwrap().to_owned())
    ///     .collect();
    /// files.sort();
    /// assert!(files.iter().any(|name| name == "lib.rs"));
    /// ```
    pub fn iter(&self) -> Iter {
        Iter::start(self)
    }

    /// The walk as an iterator of owned entries in byte order of their paths, as
    /// `LC_ALL=C sort` orders them (roots included, at depth 0): results stream while
    /// the walk runs in parallel, each as soon as everything before it is known
    /// (see [`WalkBuilder::run_sorted`]). Errors come when they happen. Dropping the
    /// iterator stops the walk.
    ///
    /// ```
    /// let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    /// let paths: Vec<Vec<u8>> = pfind_walk::WalkBuilder::new(src)
    ///     .sorted()
    ///     .map(|entry| entry.unwrap().into_path_bytes())
    ///     .collect();
    /// let mut again = paths.clone();
    /// again.sort();
    /// assert_eq!(paths, again);
    /// ```
    pub fn sorted(&self) -> SortedIter {
        SortedIter::start(self)
    }

    /// Walks, calling `make_visitor` once on each worker thread (see [`Visitor`] for
    /// the order of calls). Returns when every reachable entry has been visited or the
    /// walk was stopped.
    pub fn run<V, F>(&self, make_visitor: F) -> WalkSummary
    where
        V: Visitor,
        F: Fn() -> V + Sync,
    {
        self.walk(None, make_visitor)
    }

    /// Walks with results in byte order of their paths: each visitor puts the
    /// entries that are results into their [`Record`](crate::sorted::Record)
    /// ([`Visitor::visit_sorted`]), and `output` hands them to its sink in order
    /// while the walk runs. Directories are read whole, in name order, depth first,
    /// so the one the output waits for is usually the next one read; other threads
    /// still take the oldest tasks, and the walk stays parallel. Call
    /// [`SortedOutput::finish`] afterwards to write what is left.
    pub fn run_sorted<V, F>(&self, output: &SortedOutput<'_>, make_visitor: F) -> WalkSummary
    where
        V: Visitor,
        F: Fn() -> V + Sync,
    {
        self.walk(Some(output), make_visitor)
    }

    fn walk<V, F>(&self, sorted: Option<&SortedOutput<'_>>, make_visitor: F) -> WalkSummary
    where
        V: Visitor,
        F: Fn() -> V + Sync,
    {
        let walk = dir::Walk {
            remote_roots: dir::RemoteRoots::new(self.roots().map(<[u8]>::to_vec).collect()),
            max_depth: self.max_depth,
            follow_links: self.follow_links,
            same_file_system: self.same_file_system,
            ordered: sorted.is_some(),
        };
        let roots = if self.seed_roots {
            (self.roots.iter().enumerate())
                .map(|(i, r)| dir::DirTask::root(i, r.as_encoded_bytes()))
                .collect()
        } else {
            Vec::new()
        };
        // A sorted walk reads no directory from elsewhere: its order is this walk's.
        let port = match (&self.link, sorted) {
            (Some(link), None) => Some(link.port.clone()),
            _ => None,
        };
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
        self.prepare();
        let summary = pool::Pool::run(
            threads,
            self.trace.clone(),
            self.thread_memory + threads::WORKER_BUFFERS,
            self.stop.clone(),
            roots,
            port,
            || dir::WorkerState::new(make_visitor(), sorted.map(SortedOutput::builder)),
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
            thread_counts: summary.timeline,
        }
    }
}
