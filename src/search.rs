//! A search: the configured walk, with a visitor per thread that matches and prints.
//!
//! Also owns what surrounds the walk: watching for the reader of stdout going away
//! (so `pfind / x | true` ends at once even when nothing was printed) and turning the
//! outcome into an exit status.

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Result;
use pfind::query::{DirScope, Query};
use pfind::walk::{Entry, Visit, Visitor, WalkBuilder, WalkError};

use crate::config::Config;
use crate::exit_codes;
use crate::output::{Output, Printer};

/// Runs the search described by `config`.
pub fn run(config: &Config) -> Result<ExitCode> {
    let output = Arc::new(Output::new(
        config.output.stdout_is_tty,
        config.output.terminator,
    ));
    let stop = Arc::new(AtomicBool::new(false));
    let had_errors = AtomicBool::new(false);
    if config.threads > 1 {
        // Before the watcher thread exists: see `prepare_threads`.
        pfind::walk::prepare_threads();
    }
    watch_reader(&output, &stop);

    let mut walker = WalkBuilder::with_roots(&config.roots);
    walker
        .threads(config.threads)
        .max_depth(config.filters.max_depth)
        .stop_flag(stop.clone());
    walker.run(|| SearchVisitor {
        query: &config.query,
        match_all: config.query.matches_everything(),
        scope: DirScope::default(),
        min_depth: config.filters.min_depth,
        printer: output.printer(),
        had_errors: &had_errors,
    });

    if let Some(err) = output.take_failure() {
        eprintln!(
            "pfind: error writing to stdout: {}",
            pfind::walk::describe_io_error(&err)
        );
        return Ok(ExitCode::from(exit_codes::ERROR));
    }
    Ok(exit_codes::for_search(
        output.printed() > 0,
        had_errors.load(Ordering::Relaxed),
    ))
}

/// The per-thread visitor: depth and query tests, then the printer.
struct SearchVisitor<'a> {
    query: &'a Query,
    match_all: bool,
    scope: DirScope,
    min_depth: usize,
    printer: Printer<'a>,
    had_errors: &'a AtomicBool,
}

impl Visitor for SearchVisitor<'_> {
    fn enter_dir(&mut self, prefix: &[u8]) {
        if !self.match_all {
            self.query.enter_dir(prefix, &mut self.scope);
        }
    }

    fn visit(&mut self, entry: &Entry<'_>) -> Visit {
        if entry.depth() < self.min_depth {
            return Visit::Continue;
        }
        let selected = self.match_all
            || self
                .query
                .is_match(entry.path_bytes(), entry.name_start(), &self.scope);
        if selected && !self.printer.print(entry.path_bytes()) {
            return Visit::Quit;
        }
        Visit::Continue
    }

    fn leave_dir(&mut self) {
        self.printer.tick();
    }

    fn idle(&mut self) {
        self.printer.flush();
    }

    fn error(&mut self, error: WalkError) -> Visit {
        self.had_errors.store(true, Ordering::Relaxed);
        eprintln!("pfind: {error}");
        Visit::Continue
    }
}

/// When stdout is a pipe or socket, a thread waits (in `poll`, costing nothing) for
/// its reader to go away, and then stops the walk: a search that prints nothing would
/// otherwise never notice.
fn watch_reader(output: &Arc<Output>, stop: &Arc<AtomicBool>) {
    use rustix::event::{poll, PollFd, PollFlags};
    use rustix::fs::FileType;

    let stdout = rustix::stdio::stdout();
    let is_pipe = rustix::fs::fstat(stdout).is_ok_and(|st| {
        matches!(
            FileType::from_raw_mode(st.st_mode),
            FileType::Fifo | FileType::Socket
        )
    });
    if !is_pipe {
        return;
    }
    let (output, stop) = (output.clone(), stop.clone());
    let spawned = std::thread::Builder::new()
        .name("pfind-pipe-watch".into())
        .spawn(move || loop {
            let mut fds = [PollFd::new(&stdout, PollFlags::empty())];
            match poll(&mut fds, None) {
                Ok(_) if fds[0].revents().intersects(PollFlags::ERR | PollFlags::HUP) => {
                    output.reader_went_away();
                    stop.store(true, Ordering::SeqCst);
                    return;
                }
                Ok(_) | Err(rustix::io::Errno::INTR) => continue,
                Err(_) => return,
            }
        });
    // Without the watcher, a closed pipe is still noticed at the next write.
    drop(spawned);
}
