//! Backpressure for `--sort`: keeps the lists held ahead of the output position near
//! a limit by making the threads that read ahead wait before their next directory.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Backpressure on the threads that read ahead of the output position.
///
/// When the lists held ahead take more than `hold_limit` bytes, a worker about to read
/// a directory waits, unless that directory is the one the output waits for, or it is
/// the last worker still running (so the walk always goes on), or the output has not
/// moved during a whole [`THROTTLE_WAIT`] (it waits for a directory no thread will
/// bring, e.g. a mount point under --one-file-system: then nobody waits again until
/// the output moves; the walk goes on at full speed, the memory is spent).
pub(super) struct Throttle {
    hold_limit: usize,
    /// Bytes held ahead of the output position.
    pub(super) held: AtomicUsize,
    /// Bumped each time the output position enters a directory's list.
    pub(super) moves: AtomicU64,
    /// The key the output position waits for.
    awaited: Mutex<Vec<u8>>,
    /// Workers that may wait (one per walker thread).
    pub(super) workers: AtomicUsize,
    waiting: AtomicUsize,
    /// `moves` when a wait timed out without the output moving: nobody waits again
    /// until it moves (`u64::MAX`: never gave up).
    gave_up_at: AtomicU64,
    gate: Mutex<()>,
    wake: Condvar,
}

/// Longest wait for the output to move before a throttled worker goes on anyway.
const THROTTLE_WAIT: Duration = Duration::from_millis(100);

impl Throttle {
    pub(super) fn new(hold_limit: usize) -> Throttle {
        Throttle {
            hold_limit,
            held: AtomicUsize::new(0),
            moves: AtomicU64::new(0),
            awaited: Mutex::new(Vec::new()),
            workers: AtomicUsize::new(0),
            waiting: AtomicUsize::new(0),
            gave_up_at: AtomicU64::new(u64::MAX),
            gate: Mutex::new(()),
            wake: Condvar::new(),
        }
    }

    /// Records what the output position waits for, and lets waiting workers look.
    pub(super) fn now_waiting_for(&self, key: &[u8]) {
        {
            let mut awaited = self.awaited.lock().unwrap_or_else(|e| e.into_inner());
            if awaited.as_slice() == key {
                return;
            }
            awaited.clear();
            awaited.extend_from_slice(key);
        }
        if self.waiting.load(Ordering::SeqCst) > 0 {
            let _gate = self.gate.lock().unwrap_or_else(|e| e.into_inner());
            self.wake.notify_all();
        }
    }

    /// Called before reading the directory `prefix`: waits while too much is held
    /// ahead of the output position.
    pub(super) fn wait_before(&self, prefix: &[u8], stop: &AtomicBool) {
        if self.held.load(Ordering::Relaxed) <= self.hold_limit
            || self.gave_up_at.load(Ordering::Relaxed) == self.moves.load(Ordering::Relaxed)
        {
            return;
        }
        let mut gate = self.gate.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if stop.load(Ordering::Relaxed)
                || self.held.load(Ordering::Relaxed) <= self.hold_limit
                || self.waiting.load(Ordering::SeqCst) + 1 >= self.workers.load(Ordering::SeqCst)
                || *self.awaited.lock().unwrap_or_else(|e| e.into_inner()) == prefix
            {
                return;
            }
            let moves = self.moves.load(Ordering::Relaxed);
            self.waiting.fetch_add(1, Ordering::SeqCst);
            let (guard, timeout) = self
                .wake
                .wait_timeout(gate, THROTTLE_WAIT)
                .unwrap_or_else(|e| e.into_inner());
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            gate = guard;
            if timeout.timed_out() && self.moves.load(Ordering::Relaxed) == moves {
                self.gave_up_at.store(moves, Ordering::Relaxed);
                return;
            }
        }
    }
}
