//! pfind across the ranks of `mpirun` (Cargo feature `mpi`; #22).
//!
//! Started by `mpirun` (told by the environment it sets), pfind initializes MPI
//! (`MPI_THREAD_FUNNELED`) and runs the search on a thread of its own while the main
//! thread does all of MPI ([`rank`]). Started otherwise, a build with the feature
//! never calls MPI and behaves exactly like one without. Under `mpirun -n 1` the
//! plain search runs, without MPI (under other launchers that do not say the size,
//! after `MPI_Init`).
//!
//! # What each rank does
//! Every rank runs the same walk over the same roots with today's pool, linked
//! ([`pfind_walk::link`]); rank 0 alone queues the roots. A rank whose walk is idle
//! asks a random other rank for work (one request at a time, a growing pause after a
//! refusal); the victim answers with up to 16 of its oldest queued directories (half
//! its queue when that is smaller) or with "none". Work messages only ever answer
//! requests. Directories that carry ignore rules do not travel: they are walked where
//! they were found.
//!
//! # Termination: Dijkstra–Safra
//! Each rank keeps `count` = work messages sent − work messages received, and a
//! colour, black once it received work since the token last left it. A rank passes
//! the token (colour, sum) to the next rank only while passive (its walk idle, or
//! over), adding its count and blackening the token if it is black itself, then turns
//! white. Rank 0, passive, starts a round with a white token of sum 0 after turning
//! white; when the token comes back white, rank 0 is still white and
//! `sum + count_0 == 0`, the walk is over everywhere and rank 0 sends DONE; each rank
//! then finishes its link.
//!
//! The invariant: *a rank becomes active only by receiving a work message, and every
//! work message sent and not yet received is counted (+1) in its sender's count and
//! not yet (−1) in its receiver's.* So the sum of all counts is the number of work
//! messages in flight. If the token went round, passing every rank while it was
//! passive, and no rank received work since the token passed it (all white), then no
//! rank became active behind the token, the sum it gathered is the true sum of the
//! counts, and that sum being zero means nothing is in flight: no rank is active and
//! none can become active again. A rank that received work during the round is black
//! and spoils the round, which is then run again.
//!
//! # Output through rank 0
//! On the other ranks, results and error lines go, as whole records, into a bounded
//! channel ([`node`]); the MPI thread sends them to rank 0 in batches of up to
//! 64 KiB, at most 4 batches unacknowledged. When the credits run out the channel
//! fills and the workers wait: memory stays bounded, and a slow reader slows every
//! rank. Rank 0 writes each record through its own output (the same colours,
//! escaping, `-0` and `--json`: the records were rendered by the same code), and
//! error lines to its stderr. With `--max-results`, each result is its own record
//! and rank 0 takes a slot of the one shared limit for each: exactly N are printed.
//!
//! # Options that act on all ranks
//! A stop raised anywhere (`-q` matched, `--max-results` reached, a signal, at rank 0
//! `--max-time` or the reader going away) goes to rank 0, which sends STOP to every
//! rank. At the end each rank sends rank 0 its report (counts, `-q` found, errors,
//! steals, bytes sent) after its last output batch; rank 0 sums them (`-c`,
//! `--stats`, the exit status as a single search would give it for the whole tree)
//! and sends every rank the exit status. Rank 0 exits with it, the others with 0:
//! mpirun returns the first non-zero status and then stops the whole job, so only
//! rank 0, whose output is all written by then, may exit non-zero.
//!
//! Refused under MPI (one line, exit status 2): `--sort`, `-x`, `-X`, `--progress`.
//! Colours, hyperlinks and terminal escaping never switch on from a rank's own view
//! of stdout (Open MPI gives each rank a pty): `--color auto` means never.

mod node;
mod rank;
mod wire;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use anyhow::{anyhow, Result};
use mpi::traits::*;
use mpi::Threading;

pub use node::{Local, Node, Printing};
use wire::Record;

use crate::config::Config;

/// True when `mpirun` (Open MPI, or another launcher through PMIx or PMI) started
/// this process.
pub fn launched() -> bool {
    ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"]
        .iter()
        .any(|name| std::env::var_os(name).is_some())
}

/// This process's rank as the launcher's environment says (before `MPI_Init`).
pub fn launched_rank() -> Option<u64> {
    ["OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"]
        .iter()
        .find_map(|name| std::env::var(name).ok()?.parse().ok())
}

/// The number of ranks as the launcher's environment says (before `MPI_Init`).
fn launched_size() -> Option<u64> {
    ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE"]
        .iter()
        .find_map(|name| std::env::var(name).ok()?.parse().ok())
}

/// What cannot run across ranks: the error for the first such option given.
pub fn refused(sort: bool, exec: bool, exec_batch: bool, progress: bool) -> Option<&'static str> {
    let option = [
        (sort, "--sort"),
        (exec, "-x/--exec"),
        (exec_batch, "-X/--exec-batch"),
        (progress, "--progress"),
    ]
    .into_iter()
    .find_map(|(given, name)| given.then_some(name))?;
    Some(option)
}

/// The node of this rank, on ranks other than 0 (where output is forwarded).
static FORWARDING: OnceLock<Arc<Node>> = OnceLock::new();
/// Each result is flushed alone (ranks other than 0, with `--max-results`).
static PER_RECORD: AtomicBool = AtomicBool::new(false);

/// On ranks other than 0: hands stdout bytes (`records` whole results) to rank 0.
/// `None` where output is not forwarded; else whether output goes on.
pub fn forward_stdout(bytes: &[u8], records: u64) -> Option<bool> {
    let node = FORWARDING.get()?;
    Some(node.forward(Record::Stdout {
        bytes: bytes.to_vec(),
        records,
    }))
}

/// On ranks other than 0: hands a line for stderr to rank 0. False where stderr is
/// not forwarded.
pub fn forward_stderr(bytes: &[u8]) -> bool {
    match FORWARDING.get() {
        Some(node) => {
            node.forward(Record::Stderr(bytes.to_vec()));
            true
        }
        None => false,
    }
}

/// True when each result must be written alone (see [`PER_RECORD`]).
pub fn per_record() -> bool {
    PER_RECORD.load(Ordering::Relaxed)
}

/// Gives up this rank's search when dropped (by a panic unwinding past it).
struct Abandon<'a>(&'a Node);

impl Drop for Abandon<'_> {
    fn drop(&mut self) {
        self.0.abandon(crate::exit_codes::ERROR);
    }
}

/// Runs the search as one rank of `mpirun`.
pub fn run(config: &Config) -> Result<ExitCode> {
    if launched_size() == Some(1) {
        // One rank: the plain search, without the 0.3 s that MPI_Init and
        // MPI_Finalize cost here.
        return crate::search::run(config);
    }
    let (universe, _) = mpi::initialize_with_threading(Threading::Funneled)
        .ok_or_else(|| anyhow!("MPI could not be initialized"))?;
    let world = universe.world();
    let (rank, size) = (world.rank() as usize, world.size() as usize);
    if size == 1 {
        let code = crate::search::run(config);
        drop(universe);
        return code;
    }
    let node = Arc::new(Node::new(rank, size));
    if rank != 0 {
        let _ = FORWARDING.set(node.clone());
        PER_RECORD.store(config.output.max_results.is_some(), Ordering::Relaxed);
    }
    let search_stack = pfind_walk::threads::WORKER_STACK.max(8 << 20);
    let code = std::thread::scope(|scope| {
        let search = std::thread::Builder::new()
            .name("pfind-search".into())
            .stack_size(search_stack)
            .spawn_scoped(scope, || {
                // A panic on the way still lets every rank end (as failed).
                let guard = Abandon(&node);
                let result = crate::search::run_ranked(config, Some(&node));
                std::mem::forget(guard);
                if let Err(err) = &result {
                    if rank == 0 {
                        crate::messages::error(format_args!("{err:#}"));
                    }
                }
                let status = match &result {
                    Ok(ranked) => ranked.status,
                    Err(_) => crate::exit_codes::ERROR,
                };
                if result.as_ref().map_or(true, |ranked| !ranked.finished) {
                    node.abandon(status);
                }
                status
            });
        if search.is_err() {
            // No search thread: this rank reports failure, and the protocol still
            // ends for everyone.
            node.abandon(crate::exit_codes::ERROR);
        }
        let status = rank::serve(&node, &world);
        if let Ok(handle) = search {
            // Its status is `status` (or it panicked, and `status` says failed).
            let _ = handle.join();
        }
        // Rank 0 alone exits with the status all ranks agreed on (`status` here),
        // after everything is printed: mpirun reports the first non-zero status and
        // then stops the job, so a rank that ended first with it could cut rank 0's
        // output short.
        if rank == 0 {
            status
        } else {
            crate::exit_codes::FOUND
        }
    });
    drop(universe);
    Ok(ExitCode::from(code))
}
