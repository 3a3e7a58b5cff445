//! `-x/--exec` and `-X/--exec-batch`: commands run for results, never through a shell.
//!
//! `-x` runs one command per result on the worker thread that found it, so commands
//! run in parallel. `-X` gathers results and runs the command with as many as fit in
//! the kernel's argument limit (`sysconf(_SC_ARG_MAX)` minus the environment, with a
//! margin); each thread runs a batch when its own is full, and what is left when the
//! walk ends is run in as few batches as fit.
//!
//! With `--sort`, `-X` gets the results from the sorter, in order, through one batch
//! ([`SortedBatch`]), so each command line holds the next results in sorted order.
//!
//! A command's output streams, in bounded memory, and never mixes with another
//! command's (`command.rs`). Commands read nothing (stdin is /dev/null). A command
//! that fails or cannot start is remembered: pfind then exits 2 (see
//! `exit_codes.rs`). A stop signal is passed on to the commands running
//! (`running.rs`).

mod command;
pub mod running;

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use std::time::Instant;

use pfind_walk::sorted::{Sink, Slot};

use self::command::Ran;
use crate::output::template::Template;
use crate::output::{Limit, Output, CHUNK, MAX_HOLD};

/// A command line with placeholders.
#[derive(Debug)]
pub struct CommandTemplate {
    args: Vec<Template>,
}

impl CommandTemplate {
    /// From `CMD [ARG]...` as typed; `{}` is appended when no argument has a
    /// placeholder.
    pub fn new(words: &[OsString]) -> CommandTemplate {
        let mut args: Vec<Template> = words
            .iter()
            .map(|w| Template::parse(w.as_encoded_bytes()))
            .collect();
        if !args.iter().any(Template::has_placeholder) {
            args.push(Template::parse(b"{}"));
        }
        CommandTemplate { args }
    }
}

/// Shared by all threads: the command, stdout, and whether a command failed.
pub struct Exec<'o> {
    template: &'o CommandTemplate,
    out: &'o Output,
    failed: AtomicBool,
    /// Programs that could not start, each reported once (not once per result).
    unstartable: Mutex<HashSet<OsString>>,
    /// `-X`: results left in threads' unfinished batches when they stopped.
    leftovers: Mutex<Vec<Vec<u8>>>,
    arg_budget: usize,
    /// Held by the command whose output is being written (see `command.rs`).
    turn: Mutex<()>,
}

impl<'o> Exec<'o> {
    /// Commands from `template`, their output going to `out`.
    pub fn new(template: &'o CommandTemplate, out: &'o Output) -> Exec<'o> {
        Exec {
            template,
            out,
            failed: AtomicBool::new(false),
            unstartable: Mutex::new(HashSet::new()),
            leftovers: Mutex::new(Vec::new()),
            arg_budget: arg_budget(),
            turn: Mutex::new(()),
        }
    }

    /// True when a command failed or could not start.
    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }

    /// `-x`: runs the command for `path`. Returns false when output is closed.
    pub fn run_one(&self, path: &[u8]) -> bool {
        let mut argv = Vec::with_capacity(self.template.args.len());
        for arg in &self.template.args {
            let mut bytes = Vec::new();
            arg.render_argument(path, &mut bytes);
            argv.push(crate::platform::os_string(bytes));
        }
        self.run(&argv)
    }

    /// `-X`: a per-thread batch.
    pub fn batch(&self) -> Batch<'_, 'o> {
        Batch {
            exec: self,
            paths: Vec::new(),
            size: 0,
        }
    }

    /// `-X`, after the walk: runs what threads left over.
    pub fn finish(&self) {
        let paths = std::mem::take(&mut *self.leftovers.lock().unwrap_or_else(|e| e.into_inner()));
        let mut batch = self.batch();
        for path in paths {
            if !batch.add(&path) {
                break;
            }
        }
        batch.run();
    }

    /// Bytes one result adds to a batch's command line: each argument with a
    /// placeholder is repeated per result (its text, a NUL, a pointer).
    fn cost(&self, path: &[u8]) -> usize {
        let mut bytes = Vec::new();
        self.template
            .args
            .iter()
            .filter(|a| a.has_placeholder())
            .map(|arg| {
                bytes.clear();
                arg.render_argument(path, &mut bytes);
                bytes.len() + 1 + size_of::<usize>()
            })
            .sum()
    }

    fn run_batch(&self, paths: &[Vec<u8>]) -> bool {
        let mut argv = Vec::new();
        for arg in &self.template.args {
            if arg.has_placeholder() {
                for path in paths {
                    let mut bytes = Vec::new();
                    arg.render_argument(path, &mut bytes);
                    argv.push(crate::platform::os_string(bytes));
                }
            } else {
                let mut bytes = Vec::new();
                arg.render(b"", &mut bytes);
                argv.push(crate::platform::os_string(bytes));
            }
        }
        self.run(&argv)
    }

    /// Runs `argv`, its output passed on as it comes. Returns false when output is
    /// closed.
    fn run(&self, argv: &[OsString]) -> bool {
        let (ran, open) = command::run(argv, self.out, &self.turn);
        match ran {
            Ran::Exited(status) => {
                if !status.success() {
                    self.failed.store(true, Ordering::Relaxed);
                }
            }
            Ran::Failed(err) => {
                self.failed.store(true, Ordering::Relaxed);
                let program = argv.first().map_or(OsStr::new(""), OsString::as_os_str);
                let mut reported = self.unstartable.lock().unwrap_or_else(|e| e.into_inner());
                if !reported.insert(program.to_owned()) {
                    return open;
                }
                drop(reported);
                crate::messages::error(format_args!(
                    "cannot run {}: {}",
                    show(program),
                    pfind_walk::describe_io_error(&err)
                ));
            }
        }
        open
    }
}

/// One thread's `-X` batch.
pub struct Batch<'e, 'o> {
    exec: &'e Exec<'o>,
    paths: Vec<Vec<u8>>,
    size: usize,
}

impl Batch<'_, '_> {
    /// Adds a result, first running the batch if the result would not fit. Returns
    /// false when output is closed.
    pub fn add(&mut self, path: &[u8]) -> bool {
        let cost = self.exec.cost(path);
        let mut open = true;
        if !self.paths.is_empty() && self.size + cost > self.exec.arg_budget {
            open = self.run();
        }
        self.paths.push(path.to_vec());
        self.size += cost;
        open
    }

    /// Runs the batch now (when it holds anything).
    pub fn run(&mut self) -> bool {
        let open = self.paths.is_empty() || self.exec.run_batch(&self.paths);
        self.paths.clear();
        self.size = 0;
        open
    }
}

impl Drop for Batch<'_, '_> {
    /// Hands an unfinished batch to [`Exec::finish`], which merges the threads'
    /// leftovers into as few commands as fit.
    fn drop(&mut self) {
        if !self.paths.is_empty() {
            self.exec
                .leftovers
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .append(&mut self.paths);
        }
    }
}

/// `--sort -X`: the sorted output's results, each a path, go into one batch in
/// order, so that the commands get the results sorted, batch after batch; at most
/// `--max-results` of them (`limit`).
pub struct SortedBatch<'e, 'o> {
    batch: Mutex<Batch<'e, 'o>>,
    limit: Option<&'e Limit>,
}

impl<'e, 'o> SortedBatch<'e, 'o> {
    /// Sorted results for `exec`'s command.
    pub fn new(exec: &'e Exec<'o>, limit: Option<&'e Limit>) -> SortedBatch<'e, 'o> {
        SortedBatch {
            batch: Mutex::new(exec.batch()),
            limit,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Batch<'e, 'o>> {
        self.batch.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for SortedBatch<'_, '_> {
    fn append_path(&self, out: &mut Vec<u8>, prefix: &[u8], name: &[u8], _tag: &[u8]) {
        out.extend_from_slice(prefix);
        out.extend_from_slice(name);
        out.push(0);
    }

    fn due(&self, pending: usize, held_since: Instant) -> bool {
        pending >= CHUNK || held_since.elapsed() >= MAX_HOLD
    }

    fn write(&self, chunk: &[u8], _results: u64) -> bool {
        let mut batch = self.lock();
        let paths = chunk.strip_suffix(b"\0").unwrap_or(chunk);
        paths.split(|&b| b == 0).all(|path| batch.add(path))
    }

    fn admit(&self) -> Slot {
        self.limit.map_or(Slot::Granted, Limit::take)
    }
}

/// What the arguments of one batch may take: the kernel's limit for arguments and
/// environment together, minus the environment, minus a margin for the fixed
/// arguments and the kernel's own bookkeeping.
fn arg_budget() -> usize {
    const MARGIN: usize = 16 * 1024;
    let (arg_max, with_environment) = crate::platform::argument_limit();
    let environment: usize = if with_environment {
        std::env::vars_os()
            .map(|(k, v)| k.len() + v.len() + 2 + size_of::<usize>())
            .sum()
    } else {
        0
    };
    // Linux also caps one batch at a quarter of the stack limit; sysconf already
    // reports that. Keep batches at most 1 MiB so a huge limit does not mean
    // one enormous command line.
    arg_max
        .saturating_sub(environment)
        .saturating_sub(MARGIN)
        .clamp(4096, 1024 * 1024)
}

/// The program as a message shows it: escaped, since with a placeholder as the
/// program (`-x '{}'`) it is a file name.
fn show(program: &OsStr) -> String {
    pfind::escape::escape(program.as_encoded_bytes())
}

#[cfg(test)]
mod tests {
    use super::arg_budget;

    #[test]
    fn budget_is_sane() {
        let budget = arg_budget();
        assert!((4096..=1024 * 1024).contains(&budget));
    }
}
