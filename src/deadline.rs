//! `--max-time`: a timer thread that stops the walk when the time is up.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// A running timer.
pub struct Deadline {
    done: Arc<(Mutex<bool>, Condvar)>,
    expired: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Deadline {
    /// Sets `stop` after `limit`, unless [`Deadline::finish`] comes first.
    pub fn start(limit: Duration, stop: Arc<AtomicBool>) -> Deadline {
        let done = Arc::new((Mutex::new(false), Condvar::new()));
        let expired = Arc::new(AtomicBool::new(false));
        let (signal, flag) = (done.clone(), expired.clone());
        let thread = std::thread::Builder::new()
            .name("pfind-deadline".into())
            .stack_size(crate::platform::SMALL_STACK)
            .spawn(move || {
                let (lock, wake) = &*signal;
                let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
                let (guard, timeout) = wake
                    .wait_timeout_while(guard, limit, |done| !*done)
                    .unwrap_or_else(|e| e.into_inner());
                if timeout.timed_out() && !*guard {
                    flag.store(true, Ordering::SeqCst);
                    stop.store(true, Ordering::SeqCst);
                }
            })
            .ok();
        Deadline {
            done,
            expired,
            thread,
        }
    }

    /// Stops the timer; true when the time ran out first.
    pub fn finish(mut self) -> bool {
        let (lock, wake) = &*self.done;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.expired.load(Ordering::SeqCst)
    }
}
