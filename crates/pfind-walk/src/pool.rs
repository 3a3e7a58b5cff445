//! A pool of worker threads around a crossbeam-deque work-stealing queue, with a fixed
//! or an elastic number of running threads.
//!
//! Invariants:
//! - `pending` counts tasks queued or running. It is raised *before* a task is queued
//!   and lowered only after the task has run (and queued its children), so it reaches
//!   zero exactly once: when the walk is over.
//! - Idle workers block on a condition variable; nobody sleep-polls. A push wakes a
//!   sleeper only if one is registered (`sleepers`), so the busy path costs one atomic
//!   load per push. The sleeper registers and re-checks the queues under the lock, and
//!   the pusher notifies under the same lock: no wake-up can be lost.
//! - Each worker takes the task it queued last (depth first): the directories it just
//!   read are still hot in the kernel's caches, and the queue stays as short as the
//!   tree is deep rather than as wide (peak RSS on a 500,000-entry tree: 10.0 MiB
//!   breadth first, 3.6 MiB depth first). Thieves take the oldest task, the root of
//!   the largest unexplored subtree.
//! - Threads start lazily: worker 0 is the calling thread, and another worker is
//!   spawned only when more queued work is waiting than the spawner will take next,
//!   so a tiny tree never pays for thread start-up.
//! - Workers are numbered in the order they start. Those numbered `limit` and above are
//!   parked (on their own condition variable, so a push never wakes one by mistake):
//!   they finish the task they hold, then wait until `limit` rises again or the walk
//!   ends. Tasks left on a parked worker's deque are stolen like any other. `limit` is
//!   fixed for `-j N`; in an elastic pool the [`Controller`] moves it every tick.
//! - A worker that panics raises `quit` and wakes everyone on its way out, so the
//!   others stop instead of waiting forever for a task that will never finish.
//! - Short of memory, the pool runs with the threads it has: a worker gets a stack of
//!   [`WORKER_STACK`], and before one is started, the memory it will need (its
//!   buffers and its visitor's) is asked for and given back at once; when that fails,
//!   or the thread cannot be started (no room for its stack), no more are started and
//!   the walk goes on with those already running (at least the calling thread).

use std::sync::atomic::{fence, AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::thread::{self, Scope};
use std::time::Instant;

use crossbeam_deque::{Injector, Steal, Stealer, Worker};

use super::elastic::{self, Controller, Sample};
use super::threads::WORKER_STACK;
pub(crate) use port::Port;

mod port;

/// How many threads a pool runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Threads {
    /// Exactly this many (started as work appears).
    Fixed(usize),
    /// Starting at `base`, between `base` and `max`, as the [`Controller`] decides;
    /// `latency_bound` when the roots are on a network or FUSE filesystem.
    Elastic {
        base: usize,
        max: usize,
        latency_bound: bool,
    },
}

/// What a finished walk's pool did.
#[derive(Clone, Debug, Default)]
pub(crate) struct PoolSummary {
    /// Threads started in all (the most that ever existed).
    pub(crate) started: usize,
    /// The most threads allowed to run at once.
    pub(crate) peak: usize,
    /// The counts an elastic pool allowed over time (empty for a fixed count).
    pub(crate) timeline: Vec<super::ThreadSpan>,
    /// Work counted for the controller (tests; 0 for a fixed count).
    #[cfg(test)]
    pub(crate) work: u64,
}

/// The state shared by all workers of one walk.
pub(crate) struct Pool<T> {
    injector: Injector<T>,
    /// One per possible worker, in start order, set as each starts (an elastic pool may
    /// run 64 workers, but a small walk starts one or two: their deques are made only
    /// then).
    stealers: Vec<OnceLock<Stealer<T>>>,
    /// Held while a worker is being started.
    spawning: Mutex<()>,
    /// Workers started so far; raised only once the new worker's stealer is set.
    started: AtomicUsize,
    /// Workers numbered at or above this park.
    limit: AtomicUsize,
    /// Memory a worker needs besides its stack (see [`Pool::memory_for_another`]).
    thread_memory: usize,
    /// Set once a worker could not be started for lack of memory: no more are tried.
    no_more_threads: AtomicBool,
    pending: AtomicUsize,
    quit: Arc<AtomicBool>,
    sleepers: AtomicUsize,
    lock: Mutex<()>,
    wake: Condvar,
    unpark: Condvar,
    /// The elastic pool's controller; `None` for a fixed count.
    control: Option<Mutex<Controller>>,
    /// Nanoseconds after `epoch` when the controller is next due.
    next_tick: AtomicU64,
    epoch: Instant,
    /// Work finished (entries plus a weight per directory), per worker, for the
    /// controller: each worker writes only its own slot, on its own cache line.
    work: Vec<WorkCounter>,
    /// The port work leaves and enters by, when the walk is linked to others (see
    /// `port`); it holds one `pending` count while attached.
    port: Option<Arc<Port<T>>>,
}

/// What a pool starts with besides its threads.
struct Setup<T> {
    thread_memory: usize,
    quit: Arc<AtomicBool>,
    roots: Vec<T>,
    port: Option<Arc<Port<T>>>,
}

/// One worker's count of work done, alone on its cache line so that counting costs a
/// plain store, not a contended atomic add.
#[repr(align(128))]
#[derive(Default)]
struct WorkCounter(AtomicU64);

/// A worker's handle for queueing the children of the task it runs.
pub(crate) struct Queue<'a, T> {
    pool: &'a Pool<T>,
    local: &'a Worker<T>,
    /// The worker's number, for its work counter.
    index: usize,
}

impl<T> Queue<'_, T> {
    /// Queues a task on this worker's deque, where idle workers can steal it.
    pub(crate) fn push(&self, task: T) {
        self.pool.pending.fetch_add(1, Ordering::SeqCst);
        self.local.push(task);
        self.pool.wake_one();
    }

    /// Queues a task behind everything already queued (on the shared FIFO injector):
    /// this worker, and the others, take their own newer tasks first.
    pub(crate) fn push_later(&self, task: T) {
        self.pool.pending.fetch_add(1, Ordering::SeqCst);
        self.pool.injector.push(task);
        self.pool.wake_one();
    }

    /// How many tasks are queued or running in the whole pool.
    pub(crate) fn pending(&self) -> usize {
        self.pool.pending.load(Ordering::Relaxed)
    }

    /// True once the walk has been asked to stop.
    pub(crate) fn quitting(&self) -> bool {
        self.pool.quit.load(Ordering::Relaxed)
    }

    /// Asks every worker to stop as soon as it can.
    pub(crate) fn quit(&self) {
        self.pool.stop();
    }

    /// Counts work done by a task still running, for the elastic pool's measure of
    /// throughput: a long task (a batch of files whose contents are read) then shows
    /// in the ticks it spans, not as one lump in the tick it ends.
    pub(crate) fn progress(&self, work: u64) {
        self.pool.add_work(self.index, work);
    }
}

impl<T> Pool<T> {
    /// Adds to worker `index`'s count of work done (elastic pools only). Only that
    /// worker writes its counter: a load and a store, no locked instruction.
    fn add_work(&self, index: usize, work: u64) {
        if self.control.is_some() {
            let mine = &self.work[index].0;
            mine.store(mine.load(Ordering::Relaxed) + work, Ordering::Relaxed);
        }
    }
}

impl<T: Send> Pool<T> {
    /// Runs `roots` and everything they queue on the pool's workers, calling `run` for
    /// each task, and with `None` when a worker is about to wait for work; `run`
    /// returns the work the task did (for the elastic controller's throughput).
    /// `make_state` builds one worker-local state per thread, on that thread; a
    /// worker needs `thread_memory` bytes besides its stack.
    /// Each worker pops the task it queued last (depth first: memory stays about as
    /// deep as the tree, and the directories just read are hot); thieves take the
    /// oldest, i.e. the shallowest, so idle threads spread out near the top.
    /// `port`: a link to other pools (see `port`), or `None`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn run<S, M, R>(
        threads: Threads,
        trace: Option<super::elastic::Trace>,
        thread_memory: usize,
        quit: Arc<AtomicBool>,
        roots: Vec<T>,
        port: Option<Arc<Port<T>>>,
        make_state: M,
        run: R,
    ) -> PoolSummary
    where
        M: Fn() -> S + Sync,
        R: Fn(&mut S, Option<T>, &Queue<'_, T>) -> u64 + Sync,
    {
        let setup = Setup {
            thread_memory,
            quit,
            roots,
            port,
        };
        match threads {
            Threads::Fixed(n) => Pool::run_ported(n.max(1), None, setup, make_state, run),
            Threads::Elastic {
                base,
                max,
                latency_bound,
            } => {
                let control =
                    Controller::new(base, max, super::threads::cpus(), latency_bound).traced(trace);
                let capacity = max.max(base).max(1);
                Pool::run_ported(capacity, Some(control), setup, make_state, run)
            }
        }
    }

    /// [`Pool::run`] with `capacity` possible workers and, for an elastic pool, its
    /// controller (no port: the pool's own tests).
    #[cfg(test)]
    fn run_with<S, M, R>(
        capacity: usize,
        control: Option<Controller>,
        thread_memory: usize,
        quit: Arc<AtomicBool>,
        roots: Vec<T>,
        make_state: M,
        run: R,
    ) -> PoolSummary
    where
        M: Fn() -> S + Sync,
        R: Fn(&mut S, Option<T>, &Queue<'_, T>) -> u64 + Sync,
    {
        let setup = Setup {
            thread_memory,
            quit,
            roots,
            port: None,
        };
        Pool::run_ported(capacity, control, setup, make_state, run)
    }

    /// [`Pool::run`] with `capacity` possible workers and, for an elastic pool, its
    /// controller.
    fn run_ported<S, M, R>(
        capacity: usize,
        control: Option<Controller>,
        setup: Setup<T>,
        make_state: M,
        run: R,
    ) -> PoolSummary
    where
        M: Fn() -> S + Sync,
        R: Fn(&mut S, Option<T>, &Queue<'_, T>) -> u64 + Sync,
    {
        let Setup {
            thread_memory,
            quit,
            roots,
            port,
        } = setup;
        let capacity = capacity.max(1);
        let limit = control.as_ref().map_or(capacity, Controller::limit);
        let control = control.map(Mutex::new);
        let first = Worker::new_lifo();
        let stealers: Vec<_> = (0..capacity).map(|_| OnceLock::new()).collect();
        let _ = stealers[0].set(first.stealer());
        let pool = Arc::new(Pool {
            injector: Injector::new(),
            stealers,
            spawning: Mutex::new(()),
            started: AtomicUsize::new(1),
            limit: AtomicUsize::new(limit),
            thread_memory,
            no_more_threads: AtomicBool::new(false),
            pending: AtomicUsize::new(roots.len()),
            quit,
            sleepers: AtomicUsize::new(0),
            lock: Mutex::new(()),
            wake: Condvar::new(),
            unpark: Condvar::new(),
            control,
            // The first look comes early: a cold walk's first milliseconds decide
            // how soon it has requests in flight.
            next_tick: AtomicU64::new(elastic::TICK.as_nanos() as u64 / 2),
            epoch: Instant::now(),
            work: (0..capacity).map(|_| WorkCounter::default()).collect(),
            port: port.clone(),
        });
        for root in roots {
            pool.injector.push(root);
        }
        // Attached, the pool holds one `pending` count until the port lets go.
        let attached = port.as_ref().is_some_and(|port| port.attach(&pool));
        if pool.pending.load(Ordering::SeqCst) != 0 {
            thread::scope(|scope| pool.work(scope, 0, first, &make_state, &run));
        }
        if let Some(port) = &port {
            if attached {
                port.detach();
            }
        }
        let pool = Arc::try_unwrap(pool).unwrap_or_else(|_| unreachable!("the port let go"));
        let started = pool.started.load(Ordering::SeqCst);
        let end = pool.epoch.elapsed();
        let (peak, timeline) = match pool.control {
            Some(control) => {
                let control = control.into_inner().unwrap_or_else(|e| e.into_inner());
                (control.peak(), control.timeline(end))
            }
            None => (limit, Vec::new()),
        };
        PoolSummary {
            started,
            peak: peak.min(started),
            timeline,
            #[cfg(test)]
            work: pool.work.iter().map(|w| w.0.load(Ordering::Relaxed)).sum(),
        }
    }

    fn work<'scope, 'env, S, M, R>(
        &'scope self,
        scope: &'scope Scope<'scope, 'env>,
        index: usize,
        local: Worker<T>,
        make_state: &'scope M,
        run: &'scope R,
    ) where
        M: Fn() -> S + Sync,
        R: Fn(&mut S, Option<T>, &Queue<'_, T>) -> u64 + Sync,
    {
        let _guard = PanicGuard(self);
        let mut state = make_state();
        let queue = Queue {
            pool: self,
            local: &local,
            index,
        };
        loop {
            if self.quit.load(Ordering::Relaxed) {
                self.stop_waiters();
                return;
            }
            if index >= self.limit.load(Ordering::Relaxed) {
                run(&mut state, None, &queue);
                if !self.park(index) {
                    return;
                }
                continue;
            }
            if let Some(task) = self.find_task(&local) {
                let done = run(&mut state, Some(task), &queue);
                if self.control.is_some() {
                    self.add_work(index, done);
                    self.maybe_tick();
                }
                self.spawn_if_waiting(scope, make_state, run);
                let before = self.pending.fetch_sub(1, Ordering::SeqCst);
                if before <= 2 {
                    if before == 1 {
                        self.stop_waiters();
                        return;
                    }
                    // One count left: a port's hold, if any. The pool is idle.
                    if let Some(port) = &self.port {
                        port.signal_idle();
                    }
                }
                continue;
            }
            // Nothing to do: let the state settle (flush buffers) before waiting.
            run(&mut state, None, &queue);
            if !self.sleep() {
                return;
            }
        }
    }

    /// Starts one more worker when there is queued work nobody is running yet and the
    /// limit allows another thread.
    fn spawn_if_waiting<'scope, 'env, S, M, R>(
        &'scope self,
        scope: &'scope Scope<'scope, 'env>,
        make_state: &'scope M,
        run: &'scope R,
    ) where
        M: Fn() -> S + Sync,
        R: Fn(&mut S, Option<T>, &Queue<'_, T>) -> u64 + Sync,
    {
        // The worker that calls this takes the next queued task itself: another thread
        // is worth starting only when a second one waits (a 5-entry tree with one
        // subdirectory never starts a thread).
        if self.started.load(Ordering::Relaxed) >= self.limit.load(Ordering::Relaxed)
            || self.no_more_threads.load(Ordering::Relaxed)
            || self.queued_at_most_one()
        {
            return;
        }
        if !self.memory_for_another() {
            self.no_more_threads.store(true, Ordering::Relaxed);
            return;
        }
        let (index, deque) = {
            let _spawning = self.spawning.lock().unwrap_or_else(|e| e.into_inner());
            let index = self.started.load(Ordering::SeqCst);
            if index >= self.stealers.len() {
                return;
            }
            let deque = Worker::new_lifo();
            let _ = self.stealers[index].set(deque.stealer());
            // Thieves look only at the first `started` stealers: this one is set.
            self.started.store(index + 1, Ordering::SeqCst);
            (index, deque)
        };
        let spawned = thread::Builder::new()
            .name("pfind-walker".into())
            .stack_size(WORKER_STACK)
            .spawn_scoped(scope, move || {
                self.work(scope, index, deque, make_state, run)
            });
        // Without another thread the walk still finishes on the ones already running
        // (this one's empty deque is stolen from like any other).
        if spawned.is_err() {
            self.no_more_threads.store(true, Ordering::Relaxed);
        }
    }

    /// True when the memory another worker will need besides its stack can be had
    /// now: asked for and given back at once (an allocation this large is a mapping
    /// of its own, returned to the system when freed), so that a worker short of it
    /// is not started rather than aborting the process once started.
    fn memory_for_another(&self) -> bool {
        Vec::<u8>::new()
            .try_reserve_exact(self.thread_memory)
            .is_ok()
    }

    /// Runs the elastic controller when its tick is due (on whichever worker notices
    /// first; the others go on) and applies its new thread limit.
    fn maybe_tick(&self) {
        let Some(control) = &self.control else {
            return;
        };
        let now = self.epoch.elapsed();
        let now_ns = now.as_nanos() as u64;
        if now_ns < self.next_tick.load(Ordering::Relaxed) {
            return;
        }
        let Ok(mut control) = control.try_lock() else {
            return;
        };
        if now_ns < self.next_tick.load(Ordering::Relaxed) {
            return;
        }
        self.next_tick
            .store(now_ns + elastic::TICK.as_nanos() as u64, Ordering::Relaxed);
        let sample = Sample {
            wall: now,
            cpu: super::sys::process_cpu_time(),
            work: self.work.iter().map(|w| w.0.load(Ordering::Relaxed)).sum(),
            queued: self.queued(),
            io_blocks: super::sys::process_io_blocks(),
        };
        let limit = control.tick(sample);
        let old = self.limit.swap(limit, Ordering::SeqCst);
        if limit > old {
            let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
            self.unpark.notify_all();
        }
    }

    fn find_task(&self, local: &Worker<T>) -> Option<T> {
        if let Some(task) = local.pop() {
            return Some(task);
        }
        loop {
            let mut retry = false;
            match self.injector.steal_batch_and_pop(local) {
                Steal::Success(task) => return Some(task),
                Steal::Retry => retry = true,
                Steal::Empty => {}
            }
            for stealer in self.active_stealers() {
                match stealer.steal_batch_and_pop(local) {
                    Steal::Success(task) => return Some(task),
                    Steal::Retry => retry = true,
                    Steal::Empty => {}
                }
            }
            if !retry {
                return None;
            }
        }
    }

    /// The deques of the workers started so far (the others do not exist yet).
    fn active_stealers(&self) -> impl Iterator<Item = &Stealer<T>> {
        let started = self.started.load(Ordering::SeqCst);
        self.stealers[..started.min(self.stealers.len())]
            .iter()
            .filter_map(OnceLock::get)
    }

    fn queued(&self) -> usize {
        self.injector.len() + self.active_stealers().map(Stealer::len).sum::<usize>()
    }

    fn queued_at_most_one(&self) -> bool {
        let mut queued = self.injector.len();
        for stealer in self.active_stealers() {
            queued += stealer.len();
            if queued > 1 {
                return false;
            }
        }
        queued <= 1
    }

    fn queues_empty(&self) -> bool {
        self.injector.is_empty() && self.active_stealers().all(|s| s.is_empty())
    }

    /// Blocks until there may be work. Returns false when the walk is over.
    fn sleep(&self) -> bool {
        let mut guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        self.sleepers.fetch_add(1, Ordering::SeqCst);
        fence(Ordering::SeqCst);
        loop {
            if self.pending.load(Ordering::SeqCst) == 0 || self.quit.load(Ordering::SeqCst) {
                self.sleepers.fetch_sub(1, Ordering::SeqCst);
                return false;
            }
            if !self.queues_empty() {
                self.sleepers.fetch_sub(1, Ordering::SeqCst);
                return true;
            }
            guard = self.wake.wait(guard).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Blocks while worker `index` is above the limit. Returns false when the walk is
    /// over.
    fn park(&self, index: usize) -> bool {
        let mut guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        if !self.queues_empty() {
            // This worker may have been woken for a task it will now not take (the
            // limit fell under it), or may leave tasks on its deque: the sleepers below
            // the limit must look again, or nobody runs them.
            self.wake.notify_all();
        }
        loop {
            if self.pending.load(Ordering::SeqCst) == 0 || self.quit.load(Ordering::SeqCst) {
                return false;
            }
            if index < self.limit.load(Ordering::SeqCst) {
                return true;
            }
            guard = self.unpark.wait(guard).unwrap_or_else(|e| e.into_inner());
        }
    }
}

impl<T> Pool<T> {
    fn wake_one(&self) {
        fence(Ordering::SeqCst);
        if self.sleepers.load(Ordering::SeqCst) > 0 {
            let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
            self.wake.notify_one();
        }
    }

    fn stop(&self) {
        self.quit.store(true, Ordering::SeqCst);
        self.stop_waiters();
    }

    fn stop_waiters(&self) {
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        self.wake.notify_all();
        self.unpark.notify_all();
    }
}

/// Stops the whole pool when a worker unwinds, so no other worker waits forever.
struct PanicGuard<'a, T>(&'a Pool<T>);

impl<T> Drop for PanicGuard<'_, T> {
    fn drop(&mut self) {
        if thread::panicking() {
            self.0.stop();
        }
    }
}

#[cfg(test)]
mod tests;
