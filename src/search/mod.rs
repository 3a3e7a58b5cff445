//! A search: the configured walk, with a visitor per thread that matches and then acts
//! on each result (print, sort, count, run a command), and what surrounds the walk:
//! watching for the reader of stdout going away (so `pfind / x | true` ends at once
//! even when nothing was printed), stop signals, `--max-time`, `--progress`, `--stats`, the
//! hints for a likely mistake, and turning the outcome into an exit status.

mod matcher;
mod visitor;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use pfind_walk::sorted::{Sink, SortedOutput};
use pfind_walk::{WalkBuilder, WalkSummary};

use crate::config::{Action, Config, OutputConfig};
use crate::deadline::Deadline;
use crate::exec::{Exec, SortedBatch};
use crate::exit_codes;
use crate::hints;
use crate::messages;
use crate::output::color::RESET;
use crate::output::{Limit, Output, SortedStdout};
use crate::stats::{Counters, Summary};
use crate::terminal::progress::Progress;
use crate::terminal::signal::Interrupt;
use matcher::Matcher;
use visitor::{SearchVisitor, Shared, Target};

/// One rank of a search across MPI ranks (see `crate::mpi`); there is none in a build
/// without the feature.
#[cfg(feature = "mpi")]
pub use crate::mpi::Node;
#[cfg(not(feature = "mpi"))]
pub enum Node {}

/// How a search ended: its exit status, and whether it got as far as handing its
/// outcome to the other ranks (always, for a search alone).
pub struct Ended {
    pub status: u8,
    /// Read by the MPI side only.
    #[cfg_attr(not(feature = "mpi"), allow(dead_code))]
    pub finished: bool,
}

impl Ended {
    fn early(status: u8) -> Ended {
        Ended {
            status,
            finished: false,
        }
    }
}

/// Runs the search described by `config`.
pub fn run(config: &Config) -> Result<ExitCode> {
    run_ranked(config, None).map(|ended| ExitCode::from(ended.status))
}

/// Runs the search described by `config`, as one rank of several when `node` is given
/// (then only rank 0 prints the count, `--stats` and hints, for all ranks).
pub fn run_ranked(config: &Config, node: Option<&Node>) -> Result<Ended> {
    let start = Instant::now();
    let rank0 = node.is_none_or(is_rank0);
    for error in &config.root_errors {
        if rank0 {
            messages::error(format_args!("{error}"));
        }
    }
    if config.walk.roots.is_empty() {
        // Every ROOT was left out: nothing to walk.
        if rank0 {
            config.hints.print(false, false);
        }
        return Ok(Ended::early(exit_codes::ERROR));
    }
    let mut walker = config.walk.builder();
    walker.thread_memory(visitor_memory(config));
    if std::env::var_os("PFIND_POOL_TRACE").is_some_and(|v| v == "1") {
        // For tuning the elastic pool: each of its ticks on stderr.
        walker.trace_pool(|tick| messages::line(format_args!("pfind pool: {tick}")));
    }
    // Before the watcher threads below exist: see WalkBuilder::prepare.
    walker.prepare();
    let mut session = Session::start(config, node)?;
    walker.stop_flag(session.stop.clone());
    link(&mut walker, node);
    let settings = &config.output;
    let shared = Shared {
        limit: settings.max_results.map(|max| Arc::new(Limit::new(max))),
        stop: session.stop.clone(),
        had_errors: AtomicBool::new(!config.root_errors.is_empty()),
        found_quietly: AtomicBool::new(false),
        names_matched: AtomicBool::new(false),
    };
    let output = session.output.clone();
    let output = &*output;
    let target = match &settings.action {
        Action::Print { renderer, sorted } => Target::Print {
            renderer,
            sorted: *sorted,
        },
        Action::Count => Target::Count,
        Action::Quiet => Target::Quiet,
        Action::Exec(command) => Target::Exec(Exec::new(command, output)),
        Action::ExecBatch { command, sorted } => Target::Batch {
            exec: Exec::new(command, output),
            sorted: *sorted,
        },
    };
    print_for_others(node, &session.output, &shared);
    let walked = walk(config, &walker, &target, &shared, &session);

    if let Some(status) = session.stop_walk_watchers() {
        return Ok(Ended::early(status));
    }
    if let Target::Exec(exec) | Target::Batch { exec, .. } = &target {
        exec.finish();
    }
    let failed = shared.had_errors.load(Ordering::Relaxed)
        || session.expired
        || matches!(&target, Target::Exec(exec) | Target::Batch { exec, .. } if exec.failed());
    let mut outcome = Outcome {
        total: session.counters.total(),
        failed,
        found_quietly: shared.found_quietly.load(Ordering::Relaxed),
        names_matched: shared.names_matched.load(Ordering::Relaxed),
        ranks: None,
    };
    if let Some(node) = node {
        match gather(node, &outcome, walked.threads_started) {
            Ok(all) => outcome = all,
            // Not rank 0: the status all ranks exit with.
            Err(status) => {
                return Ok(Ended {
                    status,
                    finished: true,
                })
            }
        }
    }
    let total = outcome.total;
    let matches = settings
        .max_results
        .map_or(total.matches, |max| total.matches.min(max));
    if matches!(settings.action, Action::Count) {
        output.write_raw(format!("{matches}\n").as_bytes());
    }
    if session.expired {
        if let Some((_, shown)) = &settings.max_time {
            messages::error(format_args!(
                "--max-time {shown}: the search was stopped, results are incomplete"
            ));
        }
    }
    if settings.stats {
        messages::line(format_args!(
            "{}",
            Summary {
                tally: total,
                elapsed: start.elapsed(),
                walk: walked,
                config_file: settings.config_file.clone(),
            }
        ));
        if let Some(ranks) = &outcome.ranks {
            messages::line(format_args!("{ranks}"));
        }
    }
    config.hints.print(matches > 0, outcome.names_matched);
    if !settings.no_errors {
        hints::after_errors(total.errors);
    }
    let status = exit_status(
        settings,
        output,
        outcome.found_quietly,
        matches,
        outcome.failed,
    );
    #[cfg(feature = "mpi")]
    if let Some(node) = node {
        node.exit_with(status);
    }
    Ok(Ended {
        status,
        finished: true,
    })
}

/// What a search found, on its own or (rank 0) across all ranks.
struct Outcome {
    total: crate::stats::Tally,
    failed: bool,
    found_quietly: bool,
    names_matched: bool,
    /// Across ranks: the per-rank lines of `--stats`.
    ranks: Option<String>,
}

#[cfg(feature = "mpi")]
fn is_rank0(node: &Node) -> bool {
    node.rank == 0
}

#[cfg(not(feature = "mpi"))]
fn is_rank0(node: &Node) -> bool {
    match *node {}
}

/// Links the walk to the other ranks': rank 0 alone starts with the roots.
#[cfg(feature = "mpi")]
fn link(walker: &mut WalkBuilder, node: Option<&Node>) {
    if let Some(node) = node {
        walker.link(&node.link).seed_roots(node.rank == 0);
    }
}

#[cfg(not(feature = "mpi"))]
fn link(_walker: &mut WalkBuilder, _node: Option<&Node>) {}

/// Rank 0 writes the other ranks' results through its own output and limit.
#[cfg(feature = "mpi")]
fn print_for_others(node: Option<&Node>, output: &Arc<Output>, shared: &Shared) {
    if let Some(node) = node.filter(|node| node.rank == 0) {
        let _ = node.printing.set(crate::mpi::Printing {
            output: output.clone(),
            limit: shared.limit.clone(),
        });
    }
}

#[cfg(not(feature = "mpi"))]
fn print_for_others(_node: Option<&Node>, _output: &Arc<Output>, _shared: &Shared) {}

/// Hands this rank's outcome over; at rank 0, returns everyone's. Elsewhere, the
/// exit status rank 0 decided.
#[cfg(feature = "mpi")]
fn gather(node: &Node, mine: &Outcome, threads: usize) -> Result<Outcome, u8> {
    let global = node.finish(crate::mpi::Local {
        tally: mine.total,
        failed: mine.failed,
        found_quietly: mine.found_quietly,
        names_matched: mine.names_matched,
        threads: threads as u64,
    })?;
    let total = global.total();
    let mut ranks = String::new();
    for (i, rank) in global.ranks.iter().enumerate() {
        let t = &rank.local.tally;
        ranks += &format!(
            "rank {i}: {} directories, {} entries, {} threads, steals given {} taken {}, {} bytes sent\n",
            t.dirs, t.entries, rank.local.threads, rank.steals_given, rank.steals_taken, rank.bytes_sent
        );
    }
    ranks.pop();
    Ok(Outcome {
        total: total.tally,
        failed: total.failed,
        found_quietly: total.found_quietly,
        names_matched: total.names_matched,
        ranks: Some(ranks),
    })
}

#[cfg(not(feature = "mpi"))]
fn gather(node: &Node, _mine: &Outcome, _threads: usize) -> Result<Outcome, u8> {
    match *node {}
}

/// Runs the walk with a visitor per thread: through the sorted output when the
/// target is sorted (then writes what it holds, unless a stop signal came).
fn walk(
    config: &Config,
    walker: &WalkBuilder,
    target: &Target<'_>,
    shared: &Shared,
    session: &Session,
) -> WalkSummary {
    let output = &*session.output;
    let make_visitor = || SearchVisitor {
        matcher: Matcher::new(config),
        act: target.act(output),
        shared,
        scratch: Vec::new(),
        tally: Default::default(),
        counters: session.counters.register(),
        track_current: config.output.progress,
        quiet_errors: config.output.no_errors,
    };
    let limit = shared.limit.as_deref();
    let stdout;
    let batch;
    let sink: &dyn Sink = match target {
        Target::Print { sorted: true, .. } => {
            stdout = SortedStdout { out: output, limit };
            &stdout
        }
        Target::Batch { exec, sorted: true } => {
            batch = SortedBatch::new(exec, limit);
            &batch
        }
        _ => return walker.run(make_visitor),
    };
    let sorted = SortedOutput::new(walker, sink, config.output.sort_hold_limit);
    let walked = walker.run_sorted(&sorted, make_visitor);
    if session.interrupt.status().is_none() {
        sorted.finish();
    }
    walked
}

/// What surrounds a walk: the output, the stop flag and what raises it (stop signals,
/// the reader of stdout going away, `--max-time`), the counters and `--progress`.
struct Session {
    output: Arc<Output>,
    stop: Arc<AtomicBool>,
    interrupt: Interrupt,
    deadline: Option<Deadline>,
    counters: Arc<Counters>,
    progress: Option<Progress>,
    /// `--max-time` ran out (known once the walk is over).
    expired: bool,
    reset_colors: bool,
}

impl Session {
    /// Starts what surrounds the walk. As a rank other than 0, neither the reader of
    /// stdout (rank 0's) nor `--max-time` (rank 0's clock) is watched here.
    fn start(config: &Config, node: Option<&Node>) -> Result<Session> {
        let settings = &config.output;
        let output = Arc::new(Output::new(settings.stdout_is_tty, settings.terminator));
        let stop = stop_flag(node);
        let rank0 = node.is_none_or(is_rank0);
        let reset_colors = settings.colored && settings.stdout_is_tty;
        let interrupt = Interrupt::install(stop.clone(), output.clone(), reset_colors)?;
        if rank0 {
            watch_reader(&output, &stop);
        }
        let deadline = (settings.max_time.as_ref())
            .filter(|_| rank0)
            .map(|(d, _)| Deadline::start(*d, stop.clone()));
        let counters = Arc::new(Counters::default());
        let progress = settings.progress.then(|| Progress::start(counters.clone()));
        Ok(Session {
            output,
            stop,
            interrupt,
            deadline,
            counters,
            progress,
            expired: false,
            reset_colors,
        })
    }

    /// After the walk: ends `--progress` and the `--max-time` timer. Returns the exit
    /// status when a stop signal came (the search ends there).
    fn stop_walk_watchers(&mut self) -> Option<u8> {
        if let Some(progress) = self.progress.take() {
            progress.finish();
        }
        self.expired = self.deadline.take().is_some_and(Deadline::finish);
        let status = self.interrupt.status()?;
        if self.reset_colors {
            let _ = crate::platform::write_stdout(RESET);
        }
        Some(status)
    }
}

/// The walk's stop flag: a rank's is shared with its MPI thread.
#[cfg(feature = "mpi")]
fn stop_flag(node: Option<&Node>) -> Arc<AtomicBool> {
    node.map_or_else(
        || Arc::new(AtomicBool::new(false)),
        |node| node.stop.clone(),
    )
}

#[cfg(not(feature = "mpi"))]
fn stop_flag(_node: Option<&Node>) -> Arc<AtomicBool> {
    Arc::new(AtomicBool::new(false))
}

/// What each worker's visitor allocates, for the walk to count when memory is short
/// (see `WalkBuilder::thread_memory`): the printer's buffer, `--contains`'s read
/// buffer, and a margin for what matching grows per thread (the regex engine's
/// caches, the filters' scratch).
fn visitor_memory(config: &Config) -> usize {
    const MATCHING: usize = 1 << 20;
    let printer = crate::output::CHUNK + 4096;
    let contains = if config.filters.contains.is_some() {
        crate::filter::contains::CHUNK
    } else {
        0
    };
    printer + contains + MATCHING
}

/// The exit status once everything is printed.
fn exit_status(
    settings: &OutputConfig,
    output: &Output,
    found_quietly: bool,
    matches: u64,
    failed: bool,
) -> u8 {
    if let Some(err) = output.take_failure() {
        messages::error(format_args!(
            "error writing to stdout: {}",
            pfind_walk::describe_io_error(&err)
        ));
        return exit_codes::ERROR;
    }
    if matches!(settings.action, Action::Quiet) && found_quietly {
        return exit_codes::FOUND;
    }
    let found = match settings.action {
        Action::Print { .. } => output.printed() > 0,
        _ => matches > 0,
    };
    exit_codes::for_search(found, failed)
}

/// When stdout is a pipe or socket, a thread waits (in `poll`, costing nothing) for
/// its reader to go away, and then stops the walk: a search that prints nothing would
/// otherwise never notice.
fn watch_reader(output: &Arc<Output>, stop: &Arc<AtomicBool>) {
    let (output, stop) = (output.clone(), stop.clone());
    crate::platform::watch_stdout_reader(move || {
        output.reader_went_away();
        stop.store(true, Ordering::SeqCst);
    });
}
