//! What a rank's search thread and its MPI thread share: the walk's link and stop
//! flag, the bounded channel of output records (ranks other than 0), and the hand-over
//! of the outcome at the end.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

use pfind_walk::link::Link;

use super::wire::Record;
use crate::output::{Limit, Output};
use crate::stats::Tally;

/// Output records waiting for the MPI thread, at most this many (each a printer's
/// chunk, at most about 64 KiB): past it, the workers wait.
const CHANNEL_RECORDS: usize = 64;

/// What goes from the search thread to the MPI thread.
pub enum Out {
    Record(Record),
    /// The walk is over and everything printed: this rank's outcome.
    Done(Local),
}

/// One rank's outcome, as its search thread saw it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Local {
    pub tally: Tally,
    pub failed: bool,
    pub found_quietly: bool,
    pub names_matched: bool,
    /// Walker threads started.
    pub threads: u64,
}

/// One rank's line of `--stats`.
#[derive(Clone, Copy, Debug, Default)]
pub struct RankStats {
    pub local: Local,
    pub steals_given: u64,
    pub steals_taken: u64,
    pub bytes_sent: u64,
}

/// Every rank's outcome, gathered at rank 0.
#[derive(Clone, Debug, Default)]
pub struct Global {
    pub ranks: Vec<RankStats>,
}

impl Global {
    pub fn total(&self) -> Local {
        let mut total = Local::default();
        for rank in &self.ranks {
            let (t, l) = (&mut total.tally, &rank.local.tally);
            t.dirs += l.dirs;
            t.entries += l.entries;
            t.matches += l.matches;
            t.errors += l.errors;
            total.failed |= rank.local.failed;
            total.found_quietly |= rank.local.found_quietly;
            total.names_matched |= rank.local.names_matched;
        }
        total
    }
}

/// Rank 0's output, for the records of the others.
pub struct Printing {
    pub output: Arc<Output>,
    pub limit: Option<Arc<Limit>>,
}

/// The state one rank's two threads share.
pub struct Node {
    pub rank: usize,
    pub size: usize,
    pub link: Link,
    /// The walk's stop flag: raised by the walk (`-q`, `--max-results`), signals,
    /// `--max-time` and the reader going away at rank 0, or by a STOP from rank 0.
    pub stop: Arc<AtomicBool>,
    records: SyncSender<Out>,
    pub inbox: Mutex<Receiver<Out>>,
    /// Rank 0: where the others' records are written.
    pub printing: OnceLock<Printing>,
    /// The search thread has sent its outcome (or given up).
    pub search_done: AtomicBool,
    /// Rank 0: everyone's outcome; then the exit status, from the search thread.
    handover: Mutex<Handover>,
    handed: Condvar,
}

#[derive(Default)]
struct Handover {
    global: Option<Global>,
    status: Option<u8>,
}

impl Node {
    pub fn new(rank: usize, size: usize) -> Node {
        let (records, inbox) = sync_channel(CHANNEL_RECORDS);
        Node {
            rank,
            size,
            link: Link::new(),
            stop: Arc::new(AtomicBool::new(false)),
            records,
            inbox: Mutex::new(inbox),
            printing: OnceLock::new(),
            search_done: AtomicBool::new(false),
            handover: Mutex::new(Handover::default()),
            handed: Condvar::new(),
        }
    }

    /// Hands a record to the MPI thread, waiting while the channel is full. False
    /// once the MPI thread is gone.
    pub fn forward(&self, record: Record) -> bool {
        self.records.send(Out::Record(record)).is_ok()
    }

    /// The search thread's last word: its outcome. Then waits for everyone's (rank
    /// 0) or for the exit status (the others): `Ok(global)` at rank 0, `Err(status)`
    /// elsewhere.
    pub fn finish(&self, local: Local) -> Result<Global, u8> {
        let _ = self.records.send(Out::Done(local));
        self.search_done.store(true, Ordering::SeqCst);
        let mut handover = self.lock();
        loop {
            if let Some(status) = handover.status {
                if self.rank != 0 {
                    return Err(status);
                }
            }
            if let Some(global) = handover.global.take() {
                return Ok(global);
            }
            handover = self
                .handed
                .wait(handover)
                .unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Rank 0's search thread, once it has printed everything: the exit status all
    /// ranks exit with.
    pub fn exit_with(&self, status: u8) {
        self.lock().status = Some(status);
        self.handed.notify_all();
    }

    /// The search thread ended without [`Node::finish`] (an error before the walk):
    /// its rank counts as failed, and exits with `status`.
    pub fn abandon(&self, status: u8) {
        if !self.search_done.swap(true, Ordering::SeqCst) {
            let local = Local {
                failed: true,
                ..Local::default()
            };
            let _ = self.records.send(Out::Done(local));
        }
        if self.rank == 0 {
            self.exit_with(status);
        }
    }

    /// The MPI thread at rank 0: everyone's outcome, for the search thread.
    pub fn hand_global(&self, global: Global) {
        self.lock().global = Some(global);
        self.handed.notify_all();
    }

    /// The MPI thread at rank 0: waits for the search thread's exit status.
    pub fn wait_status(&self) -> u8 {
        let mut handover = self.lock();
        loop {
            if let Some(status) = handover.status {
                return status;
            }
            handover = self
                .handed
                .wait(handover)
                .unwrap_or_else(|e| e.into_inner());
        }
    }

    /// The MPI thread elsewhere: the exit status rank 0 sent.
    pub fn hand_status(&self, status: u8) {
        self.lock().status = Some(status);
        self.handed.notify_all();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Handover> {
        self.handover.lock().unwrap_or_else(|e| e.into_inner())
    }
}
