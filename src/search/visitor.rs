//! The per-thread visitor of a search: it matches each entry ([`Matcher`]), acts on the
//! results ([`Act`]: print, hand to the sorted output, count, run a command), counts
//! for `--stats` and `--progress`, and reports errors.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use pfind_walk::sorted::{Record, Slot};
use pfind_walk::{DirContext, DirData, Entry, Visit, Visitor, WalkError};

use super::matcher::Matcher;
use crate::exec::{Batch, Exec};
use crate::filter::Verdict;
use crate::messages;
use crate::output::record::Renderer;
use crate::output::{Limit, Output, Printer};
use crate::stats::{Tally, ThreadCounters};

/// What every visitor shares.
pub struct Shared {
    pub limit: Option<Arc<Limit>>,
    pub stop: Arc<AtomicBool>,
    pub had_errors: AtomicBool,
    pub found_quietly: AtomicBool,
    /// Whether the name probe (see `Config::name_probe`) has matched a name.
    pub names_matched: AtomicBool,
}

/// What the results go to: the shared half of each thread's [`Act`], made once from
/// the configured action.
pub enum Target<'o> {
    /// Printed, each as `renderer` makes it; `sorted`: through the sorted output.
    Print {
        renderer: &'o Renderer,
        sorted: bool,
    },
    Count,
    Quiet,
    /// A command per result.
    Exec(Exec<'o>),
    /// Commands for batches of results; `sorted`: through the sorted output, into one
    /// batch in order.
    Batch {
        exec: Exec<'o>,
        sorted: bool,
    },
}

impl<'o> Target<'o> {
    /// One thread's share.
    pub fn act<'a>(&'a self, output: &'a Output) -> Act<'a> {
        match self {
            Target::Print {
                renderer,
                sorted: false,
            } => Act::Print {
                renderer,
                printer: output.printer(),
            },
            Target::Print {
                renderer,
                sorted: true,
            } => Act::PrintSorted { renderer },
            Target::Count => Act::Count,
            Target::Quiet => Act::Quiet,
            Target::Exec(exec) => Act::Exec(exec),
            Target::Batch {
                exec,
                sorted: false,
            } => Act::Batch(exec.batch()),
            Target::Batch { sorted: true, .. } => Act::BatchSorted,
        }
    }
}

/// What one thread does with a result.
pub enum Act<'a> {
    /// Render it and print it through this thread's buffer.
    Print {
        renderer: &'a Renderer,
        printer: Printer<'a>,
    },
    /// Render it into the sorted output (a sorted walk).
    PrintSorted {
        renderer: &'a Renderer,
    },
    Count,
    Quiet,
    Exec(&'a Exec<'a>),
    Batch(Batch<'a, 'a>),
    /// Hand its path to the sorted output, which feeds one batch (a sorted walk).
    BatchSorted,
}

/// The per-thread visitor: the tests, then the action.
pub struct SearchVisitor<'a> {
    pub matcher: Matcher<'a>,
    pub act: Act<'a>,
    pub shared: &'a Shared,
    pub scratch: Vec<u8>,
    pub tally: Tally,
    pub counters: Arc<ThreadCounters>,
    /// `--progress`: show the directory being read.
    pub track_current: bool,
    /// `--no-errors`.
    pub quiet_errors: bool,
}

impl Visitor for SearchVisitor<'_> {
    fn enter_dir(&mut self, prefix: &[u8]) {
        self.matcher.enter_dir(prefix);
        if self.track_current {
            if let Ok(mut current) = self.counters.current.try_lock() {
                current.clear();
                current.extend_from_slice(prefix);
            }
        }
    }

    fn dir_data(&mut self, dir: &DirContext<'_>) -> Option<DirData> {
        self.tally.dirs += 1;
        let data = self.matcher.dir_data(dir);
        self.report_filter_errors();
        data
    }

    fn visit(&mut self, entry: &Entry<'_>) -> Visit {
        self.visit_with(entry, None)
    }

    fn visit_sorted(&mut self, entry: &Entry<'_>, record: &mut Record<'_>) -> Visit {
        self.visit_with(entry, Some(record))
    }

    fn leave_dir(&mut self) {
        if let Act::Print { printer, .. } = &mut self.act {
            printer.tick();
        }
        self.counters.publish(&self.tally);
    }

    fn idle(&mut self) {
        if let Act::Print { printer, .. } = &mut self.act {
            printer.flush();
        }
        self.counters.publish(&self.tally);
    }

    fn error(&mut self, error: WalkError) -> Visit {
        self.report(&error);
        Visit::Continue
    }
}

impl SearchVisitor<'_> {
    /// The tests, then the action for a result: into `record` in a sorted walk.
    fn visit_with(&mut self, entry: &Entry<'_>, record: Option<&mut Record<'_>>) -> Visit {
        self.tally.entries += 1;
        let names_matched = &self.shared.names_matched;
        if !names_matched.load(Ordering::Relaxed) && self.matcher.probe_name(entry) {
            names_matched.store(true, Ordering::Relaxed);
        }
        let verdict = self.matcher.check(entry);
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
        match self.act(entry, record) {
            Visit::Continue if !descend => Visit::Skip,
            verdict => verdict,
        }
    }

    /// Acts on one result.
    fn act(&mut self, entry: &Entry<'_>, record: Option<&mut Record<'_>>) -> Visit {
        let mut render_error = None;
        let scratch = &mut self.scratch;
        let verdict = match &mut self.act {
            Act::Quiet => {
                self.shared.found_quietly.store(true, Ordering::Relaxed);
                Visit::Quit
            }
            Act::Count => self.take_slot(|| true),
            // Sorted: the limit is applied when the sorted output writes.
            Act::PrintSorted { renderer } => {
                if let Some(record) = record {
                    if renderer.is_bare_path() {
                        record.path(b"");
                    } else {
                        record.render(|out| {
                            if let Err(err) = renderer.render(entry, scratch, out) {
                                render_error = Some(err);
                            }
                        });
                    }
                }
                Visit::Continue
            }
            Act::BatchSorted => {
                if let Some(record) = record {
                    record.path(b"");
                }
                Visit::Continue
            }
            Act::Print { renderer, printer } => {
                let renderer = *renderer;
                let slot = take(&self.shared.limit);
                slot_verdict(slot, self.shared, || {
                    printer.print_with(|out| {
                        if let Err(err) = renderer.render(entry, scratch, out) {
                            render_error = Some(err);
                        }
                    })
                })
            }
            Act::Exec(exec) => {
                let exec = *exec;
                self.take_slot(|| exec.run_one(entry.path_bytes()))
            }
            Act::Batch(batch) => {
                let slot = take(&self.shared.limit);
                slot_verdict(slot, self.shared, || batch.add(entry.path_bytes()))
            }
        };
        if let Some(err) = render_error {
            self.report(&err);
        }
        verdict
    }

    /// Takes a slot of `--max-results` and does `act` with it.
    fn take_slot(&self, act: impl FnOnce() -> bool) -> Visit {
        slot_verdict(take(&self.shared.limit), self.shared, act)
    }

    /// Reports the errors the filters met (rule files that cannot be used).
    fn report_filter_errors(&mut self) {
        for error in self.matcher.take_errors() {
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

/// A slot of `--max-results`, if there is a limit.
fn take(limit: &Option<Arc<Limit>>) -> Slot {
    limit.as_deref().map_or(Slot::Granted, Limit::take)
}

/// Does `act` if `slot` allows, and says whether the walk goes on: not past the last
/// slot, not once `act` finds its output closed.
fn slot_verdict(slot: Slot, shared: &Shared, act: impl FnOnce() -> bool) -> Visit {
    if slot == Slot::Refused {
        shared.stop.store(true, Ordering::SeqCst);
        return Visit::Quit;
    }
    if act() && slot == Slot::Granted {
        Visit::Continue
    } else {
        Visit::Quit
    }
}

impl Drop for SearchVisitor<'_> {
    fn drop(&mut self) {
        self.counters.publish(&self.tally);
    }
}
