//! A fixed pool of worker threads around a crossbeam-deque work-stealing queue.
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
//! - A worker that panics raises `quit` and wakes everyone on its way out, so the
//!   others stop instead of waiting forever for a task that will never finish.

use std::sync::atomic::{fence, AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, Scope};

use crossbeam_deque::{Injector, Steal, Stealer, Worker};

/// The state shared by all workers of one walk.
pub(crate) struct Pool<T> {
    injector: Injector<T>,
    stealers: Vec<Stealer<T>>,
    /// Deques of workers not started yet; taken by the thread that spawns them.
    unstarted: Mutex<Vec<Worker<T>>>,
    unstarted_count: AtomicUsize,
    pending: AtomicUsize,
    quit: Arc<AtomicBool>,
    sleepers: AtomicUsize,
    lock: Mutex<()>,
    wake: Condvar,
}

/// A worker's handle for queueing the children of the task it runs.
pub(crate) struct Queue<'a, T> {
    pool: &'a Pool<T>,
    local: &'a Worker<T>,
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
}

impl<T: Send> Pool<T> {
    /// Runs `roots` and everything they queue on `threads` workers, calling `run` for
    /// each task, and with `None` when a worker is about to wait for work.
    /// `make_state` builds one worker-local state per thread, on that thread.
    /// Each worker pops the task it queued last (depth first: memory stays about as
    /// deep as the tree, and the directories just read are hot); thieves take the
    /// oldest, i.e. the shallowest, so idle threads spread out near the top.
    pub(crate) fn run<S, M, R>(
        threads: usize,
        quit: Arc<AtomicBool>,
        roots: Vec<T>,
        make_state: M,
        run: R,
    ) where
        M: Fn() -> S + Sync,
        R: Fn(&mut S, Option<T>, &Queue<'_, T>) + Sync,
    {
        let threads = threads.max(1);
        let deques: Vec<Worker<T>> = (0..threads).map(|_| Worker::new_lifo()).collect();
        let stealers = deques.iter().map(Worker::stealer).collect();
        let mut deques = deques.into_iter();
        // `threads` is at least 1, so there is always a first deque.
        let Some(first) = deques.next() else {
            return;
        };
        let pool = Pool {
            injector: Injector::new(),
            stealers,
            unstarted_count: AtomicUsize::new(threads - 1),
            unstarted: Mutex::new(deques.rev().collect()),
            pending: AtomicUsize::new(roots.len()),
            quit,
            sleepers: AtomicUsize::new(0),
            lock: Mutex::new(()),
            wake: Condvar::new(),
        };
        for root in roots {
            pool.injector.push(root);
        }
        if pool.pending.load(Ordering::SeqCst) == 0 {
            return;
        }
        thread::scope(|scope| pool.work(scope, first, &make_state, &run));
    }

    fn work<'scope, 'env, S, M, R>(
        &'scope self,
        scope: &'scope Scope<'scope, 'env>,
        local: Worker<T>,
        make_state: &'scope M,
        run: &'scope R,
    ) where
        M: Fn() -> S + Sync,
        R: Fn(&mut S, Option<T>, &Queue<'_, T>) + Sync,
    {
        let _guard = PanicGuard(self);
        let mut state = make_state();
        let queue = Queue {
            pool: self,
            local: &local,
        };
        loop {
            if self.quit.load(Ordering::Relaxed) {
                self.stop_waiters();
                return;
            }
            if let Some(task) = self.find_task(&local) {
                run(&mut state, Some(task), &queue);
                self.spawn_if_waiting(scope, make_state, run);
                if self.pending.fetch_sub(1, Ordering::SeqCst) == 1 {
                    self.stop_waiters();
                    return;
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

    /// Starts one more worker when there is queued work nobody is running yet.
    fn spawn_if_waiting<'scope, 'env, S, M, R>(
        &'scope self,
        scope: &'scope Scope<'scope, 'env>,
        make_state: &'scope M,
        run: &'scope R,
    ) where
        M: Fn() -> S + Sync,
        R: Fn(&mut S, Option<T>, &Queue<'_, T>) + Sync,
    {
        // The worker that calls this takes the next queued task itself: another thread
        // is worth starting only when a second one waits (a 5-entry tree with one
        // subdirectory never starts a thread).
        if self.unstarted_count.load(Ordering::Relaxed) == 0 || self.queued_at_most_one() {
            return;
        }
        let Some(deque) = self
            .unstarted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop()
        else {
            return;
        };
        self.unstarted_count.fetch_sub(1, Ordering::Relaxed);
        let spawned = thread::Builder::new()
            .name("pfind-walker".into())
            .spawn_scoped(scope, move || self.work(scope, deque, make_state, run));
        // Without another thread the walk still finishes on the ones already running.
        drop(spawned);
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
            for stealer in &self.stealers {
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

    fn queued_at_most_one(&self) -> bool {
        let mut queued = self.injector.len();
        for stealer in &self.stealers {
            queued += stealer.len();
            if queued > 1 {
                return false;
            }
        }
        queued <= 1
    }

    fn queues_empty(&self) -> bool {
        self.injector.is_empty() && self.stealers.iter().all(Stealer::is_empty)
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
