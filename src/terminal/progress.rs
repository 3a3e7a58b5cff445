//! `--progress`: a live status line on stderr, redrawn about ten times a second by a
//! ticker thread from the per-thread counters (the workers never wait for it), and
//! erased when the search ends. Only when stderr is a terminal. How the line is drawn
//! and kept apart from results and messages is `status_line.rs`; this file decides
//! what it says and how wide it is: the terminal's width, read again after SIGWINCH.

use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::platform::{stderr_terminal_size, ResizeWatch};
use pfind::escape::escape_into;

use crate::stats::Counters;
use crate::terminal::status_line;

const TICK: Duration = Duration::from_millis(100);

/// The running ticker; [`Progress::finish`] stops it and erases the line.
pub struct Progress {
    done: Arc<(Mutex<bool>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts the ticker.
    pub fn start(counters: Arc<Counters>) -> Progress {
        let done = Arc::new((Mutex::new(false), Condvar::new()));
        let signal = done.clone();
        status_line::activate();
        let thread = std::thread::Builder::new()
            .name("pfind-progress".into())
            .stack_size(crate::platform::SMALL_STACK)
            .spawn(move || tick(&counters, &signal))
            .ok();
        Progress { done, thread }
    }

    /// Stops the ticker and erases its line.
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        let (lock, wake) = &*self.done;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        status_line::deactivate();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop();
    }
}

fn tick(counters: &Counters, done: &(Mutex<bool>, Condvar)) {
    let start = Instant::now();
    let resize = ResizeWatch::start();
    let mut width = terminal_width();
    let (lock, wake) = done;
    let mut finished = lock.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let (guard, _) = wake
            .wait_timeout_while(finished, TICK, |done| !*done)
            .unwrap_or_else(|e| e.into_inner());
        finished = guard;
        if *finished {
            break;
        }
        if resize.resized() {
            width = terminal_width();
        }
        let total = counters.total();
        let secs = start.elapsed().as_secs_f64().max(0.001);
        let mut line = format!(
            "{} dirs, {} entries, {} matches, {:.0} entries/s  ",
            total.dirs,
            total.entries,
            total.matches,
            total.entries as f64 / secs
        )
        .into_bytes();
        counters.with_current(|path| escape_into(path, &mut line));
        // One column short of the width: a character in the last column leaves some
        // terminals waiting to wrap.
        truncate_to_chars(&mut line, width.saturating_sub(1));
        status_line::draw(&line);
    }
}

/// Columns of the terminal on stderr (80 when it cannot tell).
fn terminal_width() -> usize {
    stderr_terminal_size()
        .map(|(cols, _)| usize::from(cols))
        .filter(|&cols| cols > 0)
        .unwrap_or(80)
}

/// Cuts the (escaped, so valid UTF-8) line to at most `max` characters, so it never
/// wraps.
fn truncate_to_chars(line: &mut Vec<u8>, max: usize) {
    let text = String::from_utf8_lossy(line);
    if let Some((cut, _)) = text.char_indices().nth(max) {
        let kept = text[..cut].as_bytes().to_vec();
        *line = kept;
    }
}
