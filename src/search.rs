//! A search: the configured walk, with a visitor per thread that matches and then acts
//! on each result (print, sort, count, run a command), and what surrounds the walk:
//! watching for the reader of stdout going away (so `pfind / x | true` ends at once
//! even when nothing was printed), stop signals, `--max-time`, `--progress`, `--stats`, the
//! hints for a likely mistake, and turning the outcome into an exit status.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use pfind::query::{DirScope, Pattern, Query};
use pfind_walk::{DirContext, DirData, Entry, Visit, Visitor, WalkBuilder, WalkError};

use crate::color::RESET;
use crate::config::{Action, Config, OutputConfig};
use crate::deadline::Deadline;
use crate::exec::{Batch, Exec, SortedBatch};
use crate::exit_codes;
use crate::filter::{EntryFilter, Verdict};
use crate::hints;
use crate::messages;
use crate::output::{Limit, Output, Printer, Sink, Slot};
use crate::paths::DottedRoots;
use crate::progress::Progress;
use crate::record::Renderer;
use crate::signal::Interrupt;
use crate::sort::{root_prefix, DirBuilder, Sorter};
use crate::stats::{Counters, Summary, Tally, ThreadCounters};

/// Runs the search described by `config`.
pub fn run(config: &Config) -> Result<ExitCode> {
    let start = Instant::now();
    for error in &config.root_errors {
        messages::error(format_args!("{error}"));
    }
    if config.roots.is_empty() {
        // Every ROOT was left out: nothing to walk.
        config.hints.print(false, false);
        return Ok(ExitCode::from(exit_codes::ERROR));
    }
    let mut walker = WalkBuilder::with_roots(&config.roots);
    if let Some(threads) = config.threads {
        walker.threads(threads);
    }
    walker
        .max_depth(config.filters.max_depth)
        .follow_links(config.filters.follow_links)
        .same_file_system(config.filters.same_file_system)
        .raise_fd_limit(true);
    // Before the watcher threads below exist: see WalkBuilder::prepare.
    walker.prepare();
    let settings = &config.output;
    let output = Arc::new(Output::new(settings.stdout_is_tty, settings.terminator));
    let stop = Arc::new(AtomicBool::new(false));
    let reset_colors = settings.colored && settings.stdout_is_tty;
    let interrupt = Interrupt::install(stop.clone(), output.clone(), reset_colors)?;
    watch_reader(&output, &stop);
    let deadline = (settings.max_time.as_ref()).map(|(d, _)| Deadline::start(*d, stop.clone()));
    let counters = Arc::new(Counters::default());
    let progress = settings.progress.then(|| Progress::start(counters.clone()));

    let shared = Shared {
        limit: settings.max_results.map(Limit::new),
        stop: &stop,
        had_errors: AtomicBool::new(!config.root_errors.is_empty()),
        found_quietly: AtomicBool::new(false),
        name_probe: config.name_probe.as_ref(),
        names_matched: AtomicBool::new(false),
    };
    let exec = match &settings.action {
        Action::Exec(command) | Action::ExecBatch(command) => Some(Exec::new(command, &output)),
        _ => None,
    };
    // `--sort -X`: the sorter renders bare paths and hands them to one batch in order.
    let sorted_batch = match (&exec, &settings.action) {
        (Some(exec), Action::ExecBatch(_)) if settings.sort => Some(SortedBatch::new(exec)),
        _ => None,
    };
    let bare_paths = Renderer::bare_paths(0);
    let roots: Vec<&[u8]> = config.roots.iter().map(|r| r.as_encoded_bytes()).collect();
    let sink: Option<&dyn Sink> = match (&settings.action, &sorted_batch) {
        (_, Some(batch)) => Some(batch),
        (Action::Print(_), None) if settings.sort => Some(&*output),
        _ => None,
    };
    let sorter = sink.map(|sink| {
        Sorter::new(
            &roots,
            sink,
            shared.limit.as_ref(),
            &stop,
            settings.sort_hold_limit,
        )
    });

    walker
        .thread_memory(visitor_memory(config))
        .ordered(sorter.is_some())
        .stop_flag(stop.clone());
    let walked = walker.run(|| {
        let act = match &settings.action {
            Action::Print(renderer) => Act::Print {
                renderer,
                printer: sorter.is_none().then(|| output.printer()),
            },
            Action::Count => Act::Count,
            Action::Quiet => Act::Quiet,
            Action::Exec(_) => Act::Exec(exec.as_ref()),
            Action::ExecBatch(_) if sorter.is_some() => Act::Print {
                renderer: &bare_paths,
                printer: None,
            },
            Action::ExecBatch(_) => Act::Batch(exec.as_ref().map(Exec::batch)),
        };
        SearchVisitor {
            query: &config.query,
            dotted_roots: &config.dotted_roots,
            query_skip: 0,
            match_all: config.query.matches_everything(),
            scope: DirScope::default(),
            filters: EntryFilter::new(&config.filters.filters),
            same_file_system: config.filters.same_file_system,
            dir_dev: None,
            dir_depth: 0,
            max_depth: config.filters.max_depth,
            shared: &shared,
            act,
            sorted: sorter.as_ref().map(Sorter::builder),
            root_record: None,
            scratch: Vec::new(),
            tally: Tally::default(),
            counters: counters.register(),
            track_current: settings.progress,
            quiet_errors: settings.no_errors,
        }
    });

    if let Some(progress) = progress {
        progress.finish();
    }
    let expired = deadline.is_some_and(Deadline::finish);
    if let Some(status) = interrupt.status() {
        if reset_colors {
            let _ = pfind::platform::write_stdout(RESET);
        }
        return Ok(ExitCode::from(status));
    }
    if let Some(sorter) = &sorter {
        sorter.finish();
    }
    if let Some(batch) = &sorted_batch {
        batch.finish();
    }
    if let (Some(exec), Action::ExecBatch(_)) = (&exec, &settings.action) {
        exec.finish();
    }
    let total = counters.total();
    let matches = settings
        .max_results
        .map_or(total.matches, |max| total.matches.min(max));
    if matches!(settings.action, Action::Count) {
        output.write_raw(format!("{matches}\n").as_bytes());
    }
    if expired {
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
    }
    let failed = shared.had_errors.load(Ordering::Relaxed)
        || expired
        || exec.as_ref().is_some_and(Exec::failed);
    config
        .hints
        .print(matches > 0, shared.names_matched.load(Ordering::Relaxed));
    if !settings.no_errors {
        hints::after_errors(total.errors);
    }
    Ok(exit_status(settings, &output, &shared, matches, failed))
}

/// What each worker's visitor allocates, for the walk to count when memory is short
/// (see `WalkBuilder::thread_memory`): the printer's buffer, `--contains`'s read
/// buffer, and a margin for what matching grows per thread (the regex engine's
/// caches, the filters' scratch).
fn visitor_memory(config: &Config) -> usize {
    const MATCHING: usize = 1 << 20;
    let printer = crate::output::CHUNK + 4096;
    let contains = if config.filters.filters.contains.is_some() {
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
    shared: &Shared<'_>,
    matches: u64,
    failed: bool,
) -> ExitCode {
    if let Some(err) = output.take_failure() {
        messages::error(format_args!(
            "error writing to stdout: {}",
            pfind_walk::describe_io_error(&err)
        ));
        return ExitCode::from(exit_codes::ERROR);
    }
    if matches!(settings.action, Action::Quiet) && shared.found_quietly.load(Ordering::Relaxed) {
        return ExitCode::from(exit_codes::FOUND);
    }
    let found = match settings.action {
        Action::Print(_) => output.printed() > 0,
        _ => matches > 0,
    };
    exit_codes::for_search(found, failed)
}

/// What every visitor shares.
struct Shared<'a> {
    limit: Option<Limit>,
    stop: &'a AtomicBool,
    had_errors: AtomicBool,
    found_quietly: AtomicBool,
    /// The QUERY as a glob of names (see [`Config::name_probe`]), and whether it has
    /// matched one.
    name_probe: Option<&'a Pattern>,
    names_matched: AtomicBool,
}

/// What a visitor does with a result.
enum Act<'a> {
    /// Render it, then print it now (`printer`) or hand it to the sorter.
    Print {
        renderer: &'a Renderer,
        printer: Option<Printer<'a>>,
    },
    Count,
    Quiet,
    Exec(Option<&'a Exec<'a>>),
    Batch(Option<Batch<'a, 'a>>),
}

/// The per-thread visitor: depth and query tests, then the action.
struct SearchVisitor<'a> {
    query: &'a Query,
    /// The roots printed with a `./` the query does not see.
    dotted_roots: &'a DottedRoots,
    /// Leading bytes of the paths in the directory being read that the query does not
    /// see (see [`Config::dotted_roots`]).
    query_skip: usize,
    match_all: bool,
    scope: DirScope,
    filters: EntryFilter<'a>,
    /// `--one-file-system`: with `--sort`, the device of the directory being read, to
    /// know which subdirectories the walk will not enter (mount points).
    same_file_system: bool,
    dir_dev: Option<u64>,
    /// The depth below its root of the directory being read (from `dir_data`).
    dir_depth: usize,
    max_depth: Option<usize>,
    shared: &'a Shared<'a>,
    act: Act<'a>,
    /// `--sort`: the list of the directory being read.
    sorted: Option<DirBuilder<'a, 'a>>,
    /// `--sort`: a root's own rendered record, until its list is handed over.
    root_record: Option<Vec<u8>>,
    scratch: Vec<u8>,
    tally: Tally,
    counters: Arc<ThreadCounters>,
    track_current: bool,
    /// `--no-errors`.
    quiet_errors: bool,
}

impl Visitor for SearchVisitor<'_> {
    fn enter_dir(&mut self, prefix: &[u8]) {
        if !self.match_all {
            self.query_skip = self.dotted_roots.skip_below(prefix);
            let seen = prefix.get(self.query_skip..).unwrap_or(prefix);
            self.query.enter_dir(seen, &mut self.scope);
        }
        self.tally.dirs += 1;
        if self.track_current {
            if let Ok(mut current) = self.counters.current.try_lock() {
                current.clear();
                current.extend_from_slice(prefix);
            }
        }
        if let Some(sorted) = &mut self.sorted {
            sorted.start(prefix, self.dir_depth);
        }
    }

    fn dir_data(&mut self, dir: &DirContext<'_>) -> Option<DirData> {
        if self.same_file_system && self.sorted.is_some() {
            self.dir_dev = dir.dir().metadata().ok().map(|meta| meta.dev());
        }
        self.dir_depth = dir.depth();
        let data = self.filters.dir_data(dir);
        self.report_filter_errors();
        data
    }

    fn visit(&mut self, entry: &Entry<'_>) -> Visit {
        self.tally.entries += 1;
        if let Some(probe) = self.shared.name_probe {
            let names_matched = &self.shared.names_matched;
            if entry.depth() > 0
                && !names_matched.load(Ordering::Relaxed)
                && probe.is_match(entry.file_name())
            {
                names_matched.store(true, Ordering::Relaxed);
            }
        }
        let verdict = self.test_and_act(entry);
        if self.sorted.is_some() {
            // Whatever the entry's own fate, a directory that will be read is a block
            // in its parent's sorted list.
            let read = verdict == Visit::Continue
                && entry.file_type().is_dir()
                && self.max_depth.is_none_or(|max| entry.depth() < max)
                && !(self.same_file_system && entry.depth() > 0 && self.on_other_device(entry));
            let Some(sorted) = &mut self.sorted else {
                return verdict;
            };
            if entry.depth() == 0 {
                let record = self.root_record.take();
                sorted.root(entry.path_bytes(), record.as_deref(), read);
            } else if read {
                sorted.block(entry.file_name());
            }
        }
        verdict
    }

    fn leave_dir(&mut self) {
        if let Some(sorted) = &mut self.sorted {
            sorted.finish();
        }
        if let Act::Print {
            printer: Some(printer),
            ..
        } = &mut self.act
        {
            printer.tick();
        }
        self.counters.publish(&self.tally);
    }

    fn idle(&mut self) {
        if let Act::Print {
            printer: Some(printer),
            ..
        } = &mut self.act
        {
            printer.flush();
        }
        if let Some(sorted) = &self.sorted {
            sorted.flush();
        }
        self.counters.publish(&self.tally);
    }

    fn error(&mut self, error: WalkError) -> Visit {
        self.report(&error);
        if let Some(sorted) = &self.sorted {
            // The directory will not be read (or was read in part, and then this key
            // is already filed and stays as it is).
            let path = error.path().as_os_str().as_encoded_bytes();
            if error.depth() == 0 {
                sorted.give_up_root(path);
            }
            sorted.give_up(root_prefix(path), error.depth());
        }
        Visit::Continue
    }
}

impl SearchVisitor<'_> {
    /// The tests (filters, depth, query), then the action for a result.
    fn test_and_act(&mut self, entry: &Entry<'_>) -> Visit {
        // Without the `./` of a dotted root, as the path prints without -x, -X, -0.
        let skip = if entry.depth() > 0 {
            self.query_skip
        } else {
            self.dotted_roots.skip_root(entry.path_bytes())
        };
        if entry.depth() == 0 && !self.match_all {
            // A root is no directory's entry: its scope is its own parent's prefix, not
            // whatever directory this thread read last.
            let prefix = &entry.path_bytes()[skip.min(entry.name_start())..entry.name_start()];
            self.query.enter_dir(prefix, &mut self.scope);
        }
        let (query, scope, match_all) = (self.query, &self.scope, self.match_all);
        let matches = || {
            match_all
                || query.is_match(
                    &entry.path_bytes()[skip..],
                    entry.name_start() - skip,
                    scope,
                )
        };
        let verdict = self.filters.check(entry, matches);
        self.report_filter_errors();
        let descend = match verdict {
            Verdict::Print => true,
            Verdict::PrintAndPrune => false,
            Verdict::Hide => return Visit::Continue,
            Verdict::HideAndPrune => return Visit::Skip,
            Verdict::Failed { error, descend } => {
                // Not `error()`: this entry's directory is still read, if it is one.
                self.report(&error);
                return if descend {
                    Visit::Continue
                } else {
                    Visit::Skip
                };
            }
            Verdict::PrintDespite { error, descend } => {
                self.report(&error);
                descend
            }
        };
        self.tally.matches += 1;
        match self.act(entry) {
            Visit::Continue if !descend => Visit::Skip,
            verdict => verdict,
        }
    }

    /// Acts on one result.
    fn act(&mut self, entry: &Entry<'_>) -> Visit {
        let mut render_error = None;
        let verdict = match &mut self.act {
            Act::Quiet => {
                self.shared.found_quietly.store(true, Ordering::Relaxed);
                Visit::Quit
            }
            Act::Print {
                renderer,
                printer: None,
            } => {
                // Sorted: the limit is applied when the sorter prints.
                let scratch = &mut self.scratch;
                let mut render = |out: &mut Vec<u8>| {
                    if let Err(err) = renderer.render(entry, scratch, out) {
                        render_error = Some(err);
                    }
                };
                if entry.depth() == 0 {
                    let mut record = Vec::new();
                    render(&mut record);
                    self.root_record = Some(record);
                } else if let Some(sorted) = &mut self.sorted {
                    if renderer.is_bare_path() {
                        sorted.path(entry.file_name());
                    } else {
                        sorted.record_with(entry.file_name(), render);
                    }
                }
                Visit::Continue
            }
            act => {
                let slot = self
                    .shared
                    .limit
                    .as_ref()
                    .map_or(Slot::Granted, Limit::take);
                if slot == Slot::Refused {
                    self.shared.stop.store(true, Ordering::SeqCst);
                    return Visit::Quit;
                }
                let open = match act {
                    Act::Print {
                        renderer,
                        printer: Some(printer),
                    } => {
                        let scratch = &mut self.scratch;
                        printer.print_with(|out| {
                            if let Err(err) = renderer.render(entry, scratch, out) {
                                render_error = Some(err);
                            }
                        })
                    }
                    Act::Exec(Some(exec)) => exec.run_one(entry.path_bytes()),
                    Act::Batch(Some(batch)) => batch.add(entry.path_bytes()),
                    _ => true,
                };
                if open && slot == Slot::Granted {
                    Visit::Continue
                } else {
                    Visit::Quit
                }
            }
        };
        if let Some(err) = render_error {
            self.report(&err);
        }
        verdict
    }

    /// True for a directory the walk will not enter under `--one-file-system` (a
    /// mount point): its device is not the one of the directory being read.
    fn on_other_device(&self, entry: &Entry<'_>) -> bool {
        match (entry.metadata(), self.dir_dev) {
            (Ok(meta), Some(dev)) => meta.dev() != dev,
            _ => false,
        }
    }

    /// Reports the errors the filters met (rule files that cannot be used).
    fn report_filter_errors(&mut self) {
        for error in self.filters.take_errors() {
            self.report(&error);
        }
    }

    /// Reports an error (unless `--no-errors`); it will make the exit status 2.
    fn report(&mut self, error: &WalkError) {
        self.shared.had_errors.store(true, Ordering::Relaxed);
        self.tally.errors += 1;
        if !self.quiet_errors {
            messages::walk_error(error);
        }
    }
}

impl Drop for SearchVisitor<'_> {
    fn drop(&mut self) {
        self.counters.publish(&self.tally);
    }
}

/// When stdout is a pipe or socket, a thread waits (in `poll`, costing nothing) for
/// its reader to go away, and then stops the walk: a search that prints nothing would
/// otherwise never notice.
fn watch_reader(output: &Arc<Output>, stop: &Arc<AtomicBool>) {
    let (output, stop) = (output.clone(), stop.clone());
    pfind::platform::watch_stdout_reader(move || {
        output.reader_went_away();
        stop.store(true, Ordering::SeqCst);
    });
}
