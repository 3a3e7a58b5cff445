//! A rank's MPI thread: the only thread that calls MPI (`MPI_THREAD_FUNNELED`). It
//! polls for messages, steals for its walk when the walk is idle, gives to thieves,
//! passes the termination token, forwards output to rank 0 (or, at rank 0, writes
//! what the others send), and at the end gathers the outcome.

use std::sync::atomic::Ordering;
use std::sync::mpsc::TryRecvError;
use std::time::{Duration, Instant};

use mpi::topology::SimpleCommunicator;
use mpi::traits::*;
use pfind_walk::link::RemoteDir;
use pfind_walk::sorted::Slot;

use super::node::{Global, Local, Node, Out, RankStats};
use super::wire::{self, Outbox, Record};
use crate::messages;

/// At most this many directories answer one steal.
const STEAL_MOST: usize = 16;
/// An output batch is sent once it holds this much.
const BATCH: usize = 64 * 1024;
/// Output batches a rank may have sent and rank 0 not yet written.
const CREDITS: usize = 4;
/// The longest pause between two polls when nothing happens.
const LONGEST_PAUSE: Duration = Duration::from_millis(2);

/// The Safra token: black once it passed a rank that received work since it last
/// passed, and the sum of the counts of the ranks it passed.
#[derive(Clone, Copy)]
struct Token {
    black: bool,
    sum: i64,
}

/// A rank's state in the protocol.
struct Rank<'a> {
    node: &'a Node,
    world: &'a SimpleCommunicator,
    outbox: Outbox,
    /// Work messages sent minus received (Safra).
    count: i64,
    /// Received work since the token last left (Safra).
    black: bool,
    token: Option<Token>,
    /// Rank 0: a round of the token is under way.
    round: bool,
    /// A steal request is waiting for its answer.
    asking: bool,
    /// When the next steal may be asked (after a refusal, a pause).
    next_ask: Instant,
    refusals: u32,
    rng: u64,
    /// The walk was told to finish (DONE) or stop.
    finished: bool,
    stop_sent: bool,
    /// Rank 0: STOP went to everyone.
    stop_broadcast: bool,
    /// Output not yet sent, and credits left.
    batch: Vec<u8>,
    credits: usize,
    /// This rank's outcome, once its search thread gave it.
    local: Option<Local>,
    fin_sent: bool,
    steals_given: u64,
    steals_taken: u64,
    /// Rank 0: batches that came before its output was set up, in order.
    held: Vec<(usize, Vec<u8>)>,
    /// Rank 0: the others' reports.
    reports: Vec<Option<RankStats>>,
    exit: Option<u8>,
}

/// Runs the protocol until the exit status is known; returns it.
pub fn serve(node: &Node, world: &SimpleCommunicator) -> u8 {
    let mut rank = Rank {
        node,
        world,
        outbox: Outbox::default(),
        count: 0,
        black: false,
        token: None,
        round: false,
        asking: false,
        next_ask: Instant::now(),
        refusals: 0,
        rng: 0x9E37_79B9_7F4A_7C15 ^ (node.rank as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D),
        finished: false,
        stop_sent: false,
        stop_broadcast: false,
        batch: Vec::new(),
        credits: CREDITS,
        local: None,
        fin_sent: false,
        steals_given: 0,
        steals_taken: 0,
        held: Vec::new(),
        reports: vec![None; node.size],
        exit: None,
    };
    let mut pause = Duration::from_micros(20);
    loop {
        let busy = rank.step();
        if let Some(status) = rank.exit {
            while !rank.outbox.poll() {
                std::thread::sleep(Duration::from_micros(100));
            }
            return status;
        }
        if busy {
            pause = Duration::from_micros(20);
        } else {
            std::thread::sleep(pause);
            pause = (pause * 2).min(LONGEST_PAUSE);
        }
    }
}

impl Rank<'_> {
    /// One round of polling; true when anything happened.
    fn step(&mut self) -> bool {
        let mut busy = false;
        self.outbox.poll();
        while let Some(probed) = self.world.any_process().immediate_matched_probe() {
            let (bytes, status) = probed.matched_receive_vec::<u8>();
            self.receive(status.source_rank() as usize, status.tag(), bytes);
            busy = true;
            if self.exit.is_some() {
                return true;
            }
        }
        busy |= self.watch_stop();
        busy |= self.forward_output();
        busy |= self.steal();
        busy |= self.pass_token();
        if self.node.rank == 0 {
            if !self.held.is_empty() && self.node.printing.get().is_some() {
                for (from, batch) in std::mem::take(&mut self.held) {
                    self.print(from, &batch);
                }
                busy = true;
            }
            busy |= self.conclude();
        }
        busy
    }

    fn send(&mut self, to: usize, tag: i32, bytes: Vec<u8>) {
        self.outbox.send(self.world, to, tag, bytes);
    }

    /// The walk is idle (or over): nothing runs here that could send work.
    fn passive(&self) -> bool {
        self.node.link.idle()
            || self.node.link.ended()
            || self.node.search_done.load(Ordering::SeqCst)
    }

    fn receive(&mut self, from: usize, tag: i32, bytes: Vec<u8>) {
        match tag {
            wire::STEAL => {
                let queued = self.node.link.queued();
                let dirs = if self.finished {
                    Vec::new()
                } else {
                    self.node.link.give((queued / 2).clamp(1, STEAL_MOST))
                };
                if dirs.is_empty() {
                    self.send(from, wire::NONE, Vec::new());
                } else {
                    let mut payload = Vec::new();
                    dirs.iter().for_each(|d| d.to_bytes(&mut payload));
                    self.steals_given += dirs.len() as u64;
                    self.count += 1;
                    self.send(from, wire::WORK, payload);
                }
            }
            wire::WORK => {
                self.asking = false;
                self.count -= 1;
                self.black = true;
                self.refusals = 0;
                match RemoteDir::all_from_bytes(&bytes) {
                    Ok(dirs) => {
                        self.steals_taken += dirs.len() as u64;
                        // A walk already over (stopped) has nothing to do with them.
                        let _ = self.node.link.take(dirs);
                    }
                    Err(err) => {
                        messages::error(format_args!("rank {from}: {err}"));
                        self.node.stop.store(true, Ordering::SeqCst);
                    }
                }
            }
            wire::NONE => {
                self.asking = false;
                self.refusals = (self.refusals + 1).min(8);
                let wait = Duration::from_micros(50 << self.refusals);
                self.next_ask = Instant::now() + wait;
            }
            wire::TOKEN => {
                if let Some([black, sum]) = wire::read_words::<2>(&bytes) {
                    self.token = Some(Token {
                        black: black != 0,
                        sum: sum as i64,
                    });
                }
            }
            wire::DONE => self.finish_walk(),
            wire::STOP_REQUEST | wire::STOP => {
                self.node.stop.store(true, Ordering::SeqCst);
                self.finish_walk();
            }
            wire::OUTPUT => {
                if self.node.printing.get().is_some() && self.held.is_empty() {
                    self.print(from, &bytes);
                } else {
                    // Written once rank 0's output exists (its search thread sets it
                    // up before its walk starts).
                    self.held.push((from, bytes));
                }
                self.send(from, wire::ACK, Vec::new());
            }
            wire::ACK => self.credits += 1,
            wire::FIN => {
                if let Some(words) = wire::read_words::<10>(&bytes) {
                    self.reports[from] = Some(report_from(words));
                }
            }
            wire::EXIT => {
                let status = bytes.first().copied().unwrap_or(2);
                self.node.hand_status(status);
                self.exit = Some(status);
            }
            _ => {}
        }
    }

    fn finish_walk(&mut self) {
        self.finished = true;
        self.node.link.finish();
    }

    /// Reports a stop raised here (rank 0: to everyone).
    fn watch_stop(&mut self) -> bool {
        if !self.node.stop.load(Ordering::SeqCst) {
            return false;
        }
        if self.node.rank == 0 {
            if self.stop_broadcast {
                return false;
            }
            self.stop_broadcast = true;
            for to in 1..self.node.size {
                self.send(to, wire::STOP, Vec::new());
            }
            self.finish_walk();
            return true;
        }
        if self.stop_sent {
            return false;
        }
        self.stop_sent = true;
        self.send(0, wire::STOP_REQUEST, Vec::new());
        self.finish_walk();
        true
    }

    /// Asks a random rank for work when the walk is idle.
    fn steal(&mut self) -> bool {
        if self.asking || self.finished || !self.node.link.idle() || Instant::now() < self.next_ask
        {
            return false;
        }
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        let others = self.node.size as u64 - 1;
        let pick = (self.rng % others) as usize;
        let victim = if pick >= self.node.rank {
            pick + 1
        } else {
            pick
        };
        self.asking = true;
        self.send(victim, wire::STEAL, Vec::new());
        true
    }

    /// Safra: passes the token on when passive; rank 0 starts rounds and decides.
    fn pass_token(&mut self) -> bool {
        if self.finished || !self.passive() {
            return false;
        }
        let size = self.node.size;
        if self.node.rank == 0 {
            if let Some(token) = self.token.take() {
                self.round = false;
                if !token.black && !self.black && token.sum + self.count == 0 {
                    for to in 1..size {
                        self.send(to, wire::DONE, Vec::new());
                    }
                    self.finish_walk();
                    return true;
                }
            }
            if self.round {
                return false;
            }
            self.round = true;
            self.black = false;
            self.send(1, wire::TOKEN, wire::words(&[0, 0]));
            return true;
        }
        let Some(token) = self.token.take() else {
            return false;
        };
        let black = token.black || self.black;
        let sum = token.sum + self.count;
        self.black = false;
        self.send(
            (self.node.rank + 1) % size,
            wire::TOKEN,
            wire::words(&[black as u64, sum as u64]),
        );
        true
    }

    /// Moves records from the search thread into batches for rank 0, within the
    /// credits; then, once the search thread is done, the final report.
    fn forward_output(&mut self) -> bool {
        let mut busy = false;
        let inbox = self.node.inbox.lock().unwrap_or_else(|e| e.into_inner());
        while self.local.is_none() && self.batch.len() < BATCH {
            if self.node.rank != 0 && self.credits == 0 {
                break;
            }
            match inbox.try_recv() {
                Ok(Out::Record(record)) => {
                    wire::push_record(&mut self.batch, &record);
                    busy = true;
                }
                Ok(Out::Done(local)) => {
                    self.local = Some(local);
                    busy = true;
                }
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        drop(inbox);
        if self.node.rank == 0 {
            return busy;
        }
        if !self.batch.is_empty() && self.credits > 0 {
            self.credits -= 1;
            let batch = std::mem::take(&mut self.batch);
            self.send(0, wire::OUTPUT, batch);
            busy = true;
        }
        if let Some(local) = self.local {
            if !self.fin_sent && self.batch.is_empty() && !self.asking {
                self.fin_sent = true;
                let report = self.report(local);
                self.send(0, wire::FIN, wire::words(&report_words(&report)));
                busy = true;
            }
        }
        busy
    }

    fn report(&self, local: Local) -> RankStats {
        RankStats {
            local,
            steals_given: self.steals_given,
            steals_taken: self.steals_taken,
            bytes_sent: self.outbox.bytes_sent,
        }
    }

    /// Rank 0: writes a batch from rank `from`, record by record.
    fn print(&mut self, from: usize, batch: &[u8]) {
        let Some(records) = wire::records(batch) else {
            messages::error(format_args!("rank {from}: malformed output batch"));
            return;
        };
        let Some(printing) = self.node.printing.get() else {
            // Rank 0's search ended before its output existed (an error before the
            // walk): stderr still goes out.
            for record in records {
                if let Record::Stderr(bytes) = record {
                    messages::raw(&bytes);
                }
            }
            return;
        };
        for record in records {
            match record {
                Record::Stderr(bytes) => messages::raw(&bytes),
                Record::Stdout { bytes, records } => {
                    if let Some(limit) = &printing.limit {
                        // One result per record when there is a limit (see `Output`).
                        match limit.take() {
                            Slot::Refused => {
                                self.node.stop.store(true, Ordering::SeqCst);
                                continue;
                            }
                            Slot::Last => self.node.stop.store(true, Ordering::SeqCst),
                            Slot::Granted => {}
                        }
                    }
                    if !printing.output.write(&bytes, records) {
                        self.node.stop.store(true, Ordering::SeqCst);
                    }
                }
            }
        }
    }

    /// Rank 0: once its own search thread and every other rank have reported, hands
    /// the outcome over, waits for the exit status and sends it to everyone.
    fn conclude(&mut self) -> bool {
        let Some(local) = self.local else {
            return false;
        };
        // Whatever came before rank 0's output existed goes out now (or, without
        // one, its error lines).
        for (from, batch) in std::mem::take(&mut self.held) {
            self.print(from, &batch);
        }
        if self.exit.is_some() || self.reports[1..].iter().any(Option::is_none) {
            return false;
        }
        self.reports[0] = Some(self.report(local));
        let global = Global {
            ranks: self.reports.iter().map(|r| r.unwrap_or_default()).collect(),
        };
        self.node.hand_global(global);
        let status = self.node.wait_status();
        for to in 1..self.node.size {
            self.send(to, wire::EXIT, vec![status]);
        }
        self.exit = Some(status);
        true
    }
}

fn report_words(report: &RankStats) -> [u64; 10] {
    let l = &report.local;
    [
        l.tally.dirs,
        l.tally.entries,
        l.tally.matches,
        l.tally.errors,
        l.failed as u64 | (l.found_quietly as u64) << 1 | (l.names_matched as u64) << 2,
        report.steals_given,
        report.steals_taken,
        report.bytes_sent,
        l.threads,
        0,
    ]
}

fn report_from(words: [u64; 10]) -> RankStats {
    let [dirs, entries, matches, errors, flags, given, taken, bytes, threads, _] = words;
    let mut local = Local {
        failed: flags & 1 != 0,
        found_quietly: flags & 2 != 0,
        names_matched: flags & 4 != 0,
        threads,
        ..Local::default()
    };
    local.tally.dirs = dirs;
    local.tally.entries = entries;
    local.tally.matches = matches;
    local.tally.errors = errors;
    RankStats {
        local,
        steals_given: given,
        steals_taken: taken,
        bytes_sent: bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rank_report_survives_its_words() {
        let mut local = Local {
            failed: true,
            found_quietly: false,
            names_matched: true,
            ..Local::default()
        };
        local.tally.dirs = 7;
        local.tally.entries = u64::MAX;
        local.tally.matches = 3;
        local.tally.errors = 1;
        local.threads = 5;
        let report = RankStats {
            local,
            steals_given: 16,
            steals_taken: 2,
            bytes_sent: 65536,
        };
        let back = report_from(report_words(&report));
        assert_eq!(format!("{back:?}"), format!("{report:?}"));
    }
}
