//! A pool's port: where tasks leave the pool for another one and enter it from
//! another one (the pools of other processes, linked by a transport the caller
//! provides; see `crate::link`).
//!
//! Invariants, on top of the pool's own:
//! - While attached, the pool holds one extra `pending` count, the *hold*: its queues
//!   running dry do not end the walk. [`Port::finish`] drops the hold (then the walk
//!   ends once nothing is queued or running); so does the walk being stopped.
//! - The pool is *idle* when `pending` is 1: only the hold, nothing queued or running.
//! - [`Port::give`] takes queued tasks and lowers `pending` by as many; [`Port::take`]
//!   raises `pending` *before* it queues, as a worker does. So `pending` never reaches
//!   zero while a task is queued, running or in the port's hands.
//! - The port touches the pool only under its own lock, and lets go of it there when
//!   the walk ends ([`Port::detach`]): after that the pool is the walk's alone again.
//! - A worker that leaves `pending` at 1 signals idleness (one comparison on its way
//!   out of a task, true only then); nothing else on the workers' path knows about
//!   ports.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crossbeam_deque::Steal;

use super::Pool;

/// Where the port is in the walk's life.
enum State<T> {
    /// The walk has not started.
    Waiting,
    /// The walk runs: its pool, holding the hold.
    Attached(Arc<Pool<T>>),
    /// Finished before or during the walk, or the walk ended.
    Finished,
}

/// The port of one pool (see the module).
pub(crate) struct Port<T> {
    state: Mutex<State<T>>,
    idle_lock: Mutex<()>,
    idle: Condvar,
}

impl<T> Port<T> {
    pub(crate) fn new() -> Port<T> {
        Port {
            state: Mutex::new(State::Waiting),
            idle_lock: Mutex::new(()),
            idle: Condvar::new(),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Attaches the starting walk's pool and raises its hold. False when the port was
    /// finished already (the pool then runs on its own) or is attached to another.
    pub(super) fn attach(&self, pool: &Arc<Pool<T>>) -> bool {
        let mut state = self.state();
        if !matches!(*state, State::Waiting) {
            return false;
        }
        pool.pending.fetch_add(1, Ordering::SeqCst);
        *state = State::Attached(pool.clone());
        true
    }

    /// The walk is over: lets go of the pool.
    pub(super) fn detach(&self) {
        *self.state() = State::Finished;
        self.signal_idle();
    }

    /// Wakes whoever waits in [`Port::wait_idle`].
    pub(super) fn signal_idle(&self) {
        let _guard = self.idle_lock.lock().unwrap_or_else(|e| e.into_inner());
        self.idle.notify_all();
    }

    /// True when the attached pool has nothing queued or running.
    pub(crate) fn idle(&self) -> bool {
        match &*self.state() {
            State::Attached(pool) => pool.pending.load(Ordering::SeqCst) == 1,
            _ => false,
        }
    }

    /// True once the walk has ended (or the port was finished before it began).
    pub(crate) fn ended(&self) -> bool {
        matches!(*self.state(), State::Finished)
    }

    /// Waits until the pool is idle or the walk ended, at most `timeout`. Returns
    /// [`Port::idle`].
    pub(crate) fn wait_idle(&self, timeout: Duration) -> bool {
        let guard = self.idle_lock.lock().unwrap_or_else(|e| e.into_inner());
        if self.idle() || self.ended() {
            return self.idle();
        }
        let _ = self.idle.wait_timeout(guard, timeout);
        self.idle()
    }

    /// Drops the hold: the walk ends once nothing is queued or running. Later calls,
    /// and calls before the walk starts (it then runs on its own), do nothing more.
    pub(crate) fn finish(&self) {
        let mut state = self.state();
        if let State::Attached(pool) = &*state {
            if pool.pending.fetch_sub(1, Ordering::SeqCst) == 1 {
                pool.stop_waiters();
            }
        }
        *state = State::Finished;
        drop(state);
        self.signal_idle();
    }
}

impl<T: Send> Port<T> {
    /// How many tasks are queued (0 when the walk is not running).
    pub(crate) fn queued(&self) -> usize {
        match &*self.state() {
            State::Attached(pool) => pool.queued(),
            _ => 0,
        }
    }

    /// Takes up to `max` of the oldest queued tasks that `portable` accepts (the
    /// shared injector first, then each worker's deque from its oldest end): the
    /// roots of the largest unexplored subtrees. Tasks it refuses go back on the
    /// injector. Empty when the walk is not running.
    pub(crate) fn give(&self, max: usize, portable: impl Fn(&T) -> bool) -> Vec<T> {
        let state = self.state();
        let State::Attached(pool) = &*state else {
            return Vec::new();
        };
        let mut given = Vec::new();
        let mut kept = Vec::new();
        // Every queued task is looked at most once: the refused ones are set aside
        // until the end, and each source is tried only as long as it yields.
        let mut budget = 4 * max + 16;
        let mut source = 0;
        let sources = 1 + pool.active_stealers().count();
        while given.len() < max && source < sources && budget > 0 {
            let steal = if source == 0 {
                pool.injector.steal()
            } else {
                match pool.active_stealers().nth(source - 1) {
                    Some(stealer) => stealer.steal(),
                    None => Steal::Empty,
                }
            };
            match steal {
                Steal::Success(task) => {
                    budget -= 1;
                    if portable(&task) {
                        given.push(task);
                    } else {
                        kept.push(task);
                    }
                }
                Steal::Retry => budget -= 1,
                Steal::Empty => source += 1,
            }
        }
        let refused = !kept.is_empty();
        for task in kept {
            pool.injector.push(task);
        }
        if refused {
            pool.wake_one();
        }
        if !given.is_empty() {
            // The hold stays: `pending` cannot reach zero here.
            pool.pending.fetch_sub(given.len(), Ordering::SeqCst);
        }
        drop(state);
        if !given.is_empty() {
            self.signal_idle();
        }
        given
    }

    /// Queues tasks from elsewhere. Returns them when the walk is not running (not
    /// started, or over): the caller decides what becomes of them.
    pub(crate) fn take(&self, tasks: Vec<T>) -> Result<(), Vec<T>> {
        let state = self.state();
        let State::Attached(pool) = &*state else {
            return Err(tasks);
        };
        if tasks.is_empty() {
            return Ok(());
        }
        pool.pending.fetch_add(tasks.len(), Ordering::SeqCst);
        for task in tasks {
            pool.injector.push(task);
        }
        let _guard = pool.lock.lock().unwrap_or_else(|e| e.into_inner());
        pool.wake.notify_all();
        Ok(())
    }
}
