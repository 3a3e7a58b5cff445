//! Printing results: whole records, never torn, streamed as found.
//!
//! Each worker thread owns a [`Printer`] that appends records to its own buffer and
//! hands the buffer to [`Output`] in one locked `write` loop, so records from different
//! threads never interleave. On a terminal the buffer is flushed after every
//! directory; into a pipe or file it is flushed in large chunks, but never held longer
//! than [`MAX_HOLD`] or while its thread sits idle. The very first results go out
//! after the first directory that has any, so `pfind ... | head -1` ends as soon as
//! find's would (one more `write`, once per run).
//!
//! On a terminal, a `--progress` line is erased before results are written
//! (`status_line.rs`).
//!
//! A reader that goes away (EPIPE, or the watcher in `search.rs` seeing the pipe
//! close) is not an error: printing stops quietly. Any other write failure (a full
//! disk) is remembered and reported once.
//!
//! Into a pipe, results never arrive torn, even when pfind exits in the middle of a
//! write (a stop signal while the reader is stalled, see `signal.rs`): each `write`
//! holds whole records only and reaches the pipe all at once or not at all. That is
//! so for a write of at most `PIPE_BUF` bytes (POSIX), and on Linux for any write into
//! an empty pipe that fits its capacity (the kernel copies it without waiting): while
//! the pipe is empty, a chunk goes in one write; while it holds unread bytes, the
//! chunk goes in record-aligned pieces of at most `PIPE_BUF`. Only a record longer
//! than the pipe's capacity (a path over 64 KiB; over `PIPE_BUF` outside Linux) can
//! still be torn. Once a stop signal arrived, no more results are written (what the
//! commands being stopped still print is).

use std::io::{self, ErrorKind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use pfind_walk::sorted::{Sink, Slot};

use crate::terminal::status_line;

/// Flush a pipe's or file's buffer at this size.
pub const CHUNK: usize = 64 * 1024;
/// Longest time a result may wait in a buffer before it is written.
pub const MAX_HOLD: Duration = Duration::from_millis(50);

/// The shared end of stdout.
pub struct Output {
    lock: Mutex<()>,
    stdout_is_tty: bool,
    terminator: u8,
    printed: AtomicU64,
    /// Set once anything was written: until then, results are flushed per directory.
    started: AtomicBool,
    reader_gone: AtomicBool,
    /// A stop signal arrived: write nothing more.
    interrupted: AtomicBool,
    /// When stdout is a pipe, the most bytes of whole records one write may hold into
    /// an empty pipe and still arrive whole (see the module documentation).
    pipe_capacity: Option<usize>,
    failure: Mutex<Option<io::Error>>,
}

impl Output {
    pub fn new(stdout_is_tty: bool, terminator: u8) -> Output {
        Output {
            lock: Mutex::new(()),
            stdout_is_tty,
            terminator,
            printed: AtomicU64::new(0),
            started: AtomicBool::new(false),
            reader_gone: AtomicBool::new(false),
            interrupted: AtomicBool::new(false),
            pipe_capacity: crate::platform::stdout_pipe_capacity(),
            failure: Mutex::new(None),
        }
    }

    /// A stop signal arrived: no more results are written (a write under way stops at
    /// the next record boundary).
    pub fn interrupt(&self) {
        self.interrupted.store(true, Ordering::SeqCst);
    }

    /// After [`Output::interrupt`], before the process exits: waits at most `limit` for
    /// a write under way to a file or a terminal to end, and returns the lock that
    /// keeps any other from starting (`None` when the wait ran out). Into a pipe there
    /// is nothing to wait for: no write there can leave a record torn.
    pub fn quiet_within(&self, limit: Duration) -> Option<std::sync::MutexGuard<'_, ()>> {
        if self.pipe_capacity.is_some() {
            return None;
        }
        let start = Instant::now();
        loop {
            match self.lock.try_lock() {
                Ok(guard) => return Some(guard),
                Err(std::sync::TryLockError::Poisoned(poison)) => return Some(poison.into_inner()),
                Err(std::sync::TryLockError::WouldBlock) if start.elapsed() < limit => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::sync::TryLockError::WouldBlock) => return None,
            }
        }
    }

    /// A per-thread printer.
    pub fn printer(&self) -> Printer<'_> {
        Printer {
            out: self,
            buf: Vec::with_capacity(if self.stdout_is_tty {
                4096
            } else {
                CHUNK + 4096
            }),
            records: 0,
            first_held: None,
        }
    }

    /// Results written so far.
    pub fn printed(&self) -> u64 {
        self.printed.load(Ordering::Relaxed)
    }

    /// True once nothing more can be written: the reader went away or a write failed.
    pub fn is_closed(&self) -> bool {
        self.reader_gone.load(Ordering::Relaxed)
    }

    /// Marks the reader as gone (seen by the pipe watcher).
    pub fn reader_went_away(&self) {
        self.reader_gone.store(true, Ordering::Relaxed);
    }

    /// The write error that stopped output, if any (a closed pipe is not one).
    pub fn take_failure(&self) -> Option<io::Error> {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    /// Writes bytes that are not results (a command's output, the count) in one
    /// locked piece. Returns false when output is closed.
    pub fn write_raw(&self, bytes: &[u8]) -> bool {
        self.write(bytes, 0)
    }

    /// Writes `records` whole results in one locked piece. Returns false when output
    /// is closed.
    pub fn write(&self, bytes: &[u8], records: u64) -> bool {
        // A rank other than 0 under MPI: rank 0 writes it.
        #[cfg(feature = "mpi")]
        if let Some(goes_on) = crate::mpi::forward_stdout(bytes, records) {
            self.printed.fetch_add(records, Ordering::Relaxed);
            self.started.store(true, Ordering::Relaxed);
            return goes_on;
        }
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        if self.is_closed() {
            return false;
        }
        // On a terminal, the --progress line is erased first and redrawn later.
        let mut status_line = if self.stdout_is_tty {
            status_line::hold()
        } else {
            None
        };
        if let Some(held) = &mut status_line {
            held.wrote(bytes);
        }
        let mut written = 0;
        while written < bytes.len() {
            // Results stop at a stop signal; a command's last words still go out.
            if records > 0 && self.interrupted.load(Ordering::Relaxed) {
                self.count_complete(&bytes[..written], records);
                return false;
            }
            let rest = &bytes[written..];
            let piece = match self.pipe_capacity {
                Some(capacity) if records > 0 => self.whole_records(rest, capacity),
                _ => rest.len(),
            };
            match crate::platform::write_stdout(&rest[..piece]) {
                Ok(n) => written += n,
                Err(err) if err.kind() == ErrorKind::Interrupted => {}
                // A stdout left non-blocking by whoever set up the pipe: wait until it
                // can take more instead of losing the rest of the results.
                Err(err) if err.kind() == ErrorKind::WouldBlock => {
                    crate::platform::wait_stdout_writable()
                }
                Err(err) => {
                    // The records that made it out in full still count as printed.
                    self.count_complete(&bytes[..written], records);
                    if err.kind() != ErrorKind::BrokenPipe {
                        *self.failure.lock().unwrap_or_else(|e| e.into_inner()) = Some(err);
                    }
                    self.reader_went_away();
                    return false;
                }
            }
        }
        self.printed.fetch_add(records, Ordering::Relaxed);
        self.started.store(true, Ordering::Relaxed);
        true
    }

    /// Counts as printed the records wholly in `written` (results only).
    fn count_complete(&self, written: &[u8], records: u64) {
        if records > 0 {
            let complete = memchr::memchr_iter(self.terminator, written).count();
            self.printed.fetch_add(complete as u64, Ordering::Relaxed);
        }
    }

    /// How many bytes at the start of `rest` (whole records) the next write into the
    /// stdout pipe takes so that it arrives whole: all that fits while the pipe is
    /// empty, else whole records up to `PIPE_BUF`. A record longer than that waits
    /// for the pipe to empty, and one longer than `capacity` goes as it is.
    fn whole_records(&self, rest: &[u8], capacity: usize) -> usize {
        let atomic = crate::platform::PIPE_ATOMIC;
        let room = match crate::platform::stdout_pipe_unread() {
            Some(0) => capacity,
            _ => atomic,
        };
        if rest.len() <= room {
            return rest.len();
        }
        if let Some(end) = memchr::memrchr(self.terminator, &rest[..room]) {
            return end + 1;
        }
        let record = memchr::memchr(self.terminator, rest).map_or(rest.len(), |end| end + 1);
        if record > capacity {
            return record;
        }
        self.wait_for_empty_pipe();
        record
    }

    /// Waits until the stdout pipe is empty (or the reader is gone, or a stop signal
    /// came): a record longer than `PIPE_BUF` then goes in at once.
    fn wait_for_empty_pipe(&self) {
        let mut pause = Duration::from_micros(200);
        while crate::platform::stdout_pipe_unread().is_some_and(|unread| unread > 0)
            && !self.is_closed()
            && !self.interrupted.load(Ordering::Relaxed)
        {
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(10));
        }
    }
}

/// `--sort`: the sorted output's results go to stdout, at most `--max-results` of
/// them (`limit`).
pub struct SortedStdout<'a> {
    pub out: &'a Output,
    pub limit: Option<&'a Limit>,
}

impl Sink for SortedStdout<'_> {
    fn append_path(&self, out: &mut Vec<u8>, prefix: &[u8], name: &[u8], _tag: &[u8]) {
        out.extend_from_slice(prefix);
        out.extend_from_slice(name);
        out.push(self.out.terminator);
    }

    fn due(&self, pending: usize, held_since: Instant) -> bool {
        pending >= CHUNK || self.out.stdout_is_tty || held_since.elapsed() >= MAX_HOLD
    }

    fn write(&self, chunk: &[u8], results: u64) -> bool {
        self.out.write(chunk, results)
    }

    fn admit(&self) -> Slot {
        self.limit.map_or(Slot::Granted, Limit::take)
    }
}

/// One thread's buffered view of [`Output`].
pub struct Printer<'a> {
    out: &'a Output,
    buf: Vec<u8>,
    records: u64,
    first_held: Option<Instant>,
}

impl Printer<'_> {
    /// Queues one result, which `render` appends (terminator included) to the buffer.
    /// Returns false when output is closed (stop the walk).
    pub fn print_with(&mut self, render: impl FnOnce(&mut Vec<u8>)) -> bool {
        render(&mut self.buf);
        self.records += 1;
        if self.buf.len() >= CHUNK {
            return self.flush();
        }
        // Under MPI with --max-results, rank 0 counts the results one by one.
        #[cfg(feature = "mpi")]
        if crate::mpi::per_record() {
            return self.flush();
        }
        if self.first_held.is_none() && !self.out.stdout_is_tty {
            self.first_held = Some(Instant::now());
        }
        !self.out.is_closed()
    }

    /// Called between directories: writes what a terminal should see now, or what has
    /// waited too long.
    pub fn tick(&mut self) -> bool {
        if self.buf.is_empty() {
            return !self.out.is_closed();
        }
        if self.out.stdout_is_tty
            || !self.out.started.load(Ordering::Relaxed)
            || self.first_held.is_some_and(|t| t.elapsed() >= MAX_HOLD)
        {
            return self.flush();
        }
        !self.out.is_closed()
    }

    /// Writes everything buffered. Returns false when output is closed.
    pub fn flush(&mut self) -> bool {
        let ok = self.buf.is_empty() || self.out.write(&self.buf, self.records);
        self.buf.clear();
        self.records = 0;
        self.first_held = None;
        ok && !self.out.is_closed()
    }
}

impl Drop for Printer<'_> {
    fn drop(&mut self) {
        self.flush();
    }
}

/// `--max-results`: slots for results, taken atomically before a result is printed
/// (or run), so that no more than `max` are, whatever the number of threads.
#[derive(Debug)]
pub struct Limit {
    max: u64,
    taken: AtomicU64,
}

impl Limit {
    /// At most `max` results.
    pub fn new(max: u64) -> Limit {
        Limit {
            max,
            taken: AtomicU64::new(0),
        }
    }

    /// Takes one slot.
    pub fn take(&self) -> Slot {
        let n = self.taken.fetch_add(1, Ordering::Relaxed);
        if n >= self.max {
            Slot::Refused
        } else if n + 1 == self.max {
            Slot::Last
        } else {
            Slot::Granted
        }
    }
}
