//! The walkers under test, each reduced to the least it must do for every entry:
//! count it (errors counted apart). Every walker counts the same thing: the root (at
//! depth 0) and everything below it, hidden names included, links not followed, no
//! ignore files.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// What one walk counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count {
    pub entries: u64,
    pub errors: u64,
}

impl Count {
    fn add<T, E>(&mut self, item: &Result<T, E>) {
        match item {
            Ok(_) => self.entries += 1,
            Err(_) => self.errors += 1,
        }
    }
}

/// One walker: its name in the table and how it walks `root` on `threads` threads.
pub struct Walker {
    pub name: &'static str,
    /// Whether its results come in a sorted order (compared with other sorted walks).
    pub sorted: bool,
    pub walk: fn(&Path, usize) -> Count,
}

/// Every walker, the baseline (pfind-walk's parallel visitor) first.
pub const WALKERS: &[Walker] = &[
    Walker {
        name: "pfind-walk run (visitor)",
        sorted: false,
        walk: pfind_walk_run,
    },
    Walker {
        name: "pfind-walk iter()",
        sorted: false,
        walk: pfind_walk_iter,
    },
    Walker {
        name: "pfind-walk sorted()",
        sorted: true,
        walk: pfind_walk_sorted,
    },
    Walker {
        name: "pfind-walk run_sorted (sink)",
        sorted: true,
        walk: pfind_walk_run_sorted,
    },
    Walker {
        name: "ignore WalkParallel",
        sorted: false,
        walk: ignore_parallel,
    },
    Walker {
        name: "jwalk",
        sorted: false,
        walk: jwalk_unsorted,
    },
    Walker {
        name: "jwalk sort(true)",
        sorted: true,
        walk: jwalk_sorted,
    },
    Walker {
        name: "walkdir (1 thread)",
        sorted: false,
        walk: walkdir_sequential,
    },
];

/// Per-thread counts, added up when each thread's counter is dropped.
#[derive(Default)]
struct Totals {
    entries: AtomicU64,
    errors: AtomicU64,
}

impl Totals {
    fn count(&self) -> Count {
        Count {
            entries: self.entries.load(Ordering::Relaxed),
            errors: self.errors.load(Ordering::Relaxed),
        }
    }
}

/// One thread's counter: counts without sharing, hands its count over when dropped.
struct ThreadCount<'t> {
    totals: &'t Totals,
    count: Count,
}

impl<'t> ThreadCount<'t> {
    fn new(totals: &'t Totals) -> ThreadCount<'t> {
        ThreadCount {
            totals,
            count: Count::default(),
        }
    }
}

impl Drop for ThreadCount<'_> {
    fn drop(&mut self) {
        let totals = self.totals;
        totals
            .entries
            .fetch_add(self.count.entries, Ordering::Relaxed);
        totals
            .errors
            .fetch_add(self.count.errors, Ordering::Relaxed);
    }
}

impl pfind_walk::Visitor for ThreadCount<'_> {
    fn visit(&mut self, _entry: &pfind_walk::Entry<'_>) -> pfind_walk::Visit {
        self.count.entries += 1;
        pfind_walk::Visit::Continue
    }

    fn error(&mut self, _error: pfind_walk::WalkError) -> pfind_walk::Visit {
        self.count.errors += 1;
        pfind_walk::Visit::Continue
    }
}

/// A sorted walk's visitor: every entry is a result, given as its path.
struct SortedCount<'t>(ThreadCount<'t>);

impl pfind_walk::Visitor for SortedCount<'_> {
    fn visit(&mut self, _entry: &pfind_walk::Entry<'_>) -> pfind_walk::Visit {
        pfind_walk::Visit::Continue
    }

    fn visit_sorted(
        &mut self,
        _entry: &pfind_walk::Entry<'_>,
        record: &mut pfind_walk::sorted::Record<'_>,
    ) -> pfind_walk::Visit {
        record.path(&[]);
        pfind_walk::Visit::Continue
    }

    fn error(&mut self, error: pfind_walk::WalkError) -> pfind_walk::Visit {
        self.0.error(error)
    }
}

/// Counts the results a sorted walk writes, in order: one byte each (what a printer
/// would write is a path and a newline), counted when a chunk is written.
#[derive(Default)]
struct CountingSink {
    results: AtomicU64,
}

impl pfind_walk::sorted::Sink for CountingSink {
    fn append_path(&self, out: &mut Vec<u8>, _prefix: &[u8], _name: &[u8], _tag: &[u8]) {
        out.push(b'\n');
    }

    fn due(&self, pending: usize, _held_since: std::time::Instant) -> bool {
        pending >= 64 * 1024
    }

    fn write(&self, _chunk: &[u8], results: u64) -> bool {
        self.results.fetch_add(results, Ordering::Relaxed);
        true
    }
}

impl ignore::ParallelVisitor for ThreadCount<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        self.count.add(&entry);
        ignore::WalkState::Continue
    }
}

/// Builds ignore's per-thread visitors.
struct IgnoreCounters<'t>(&'t Totals);

impl<'s> ignore::ParallelVisitorBuilder<'s> for IgnoreCounters<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(ThreadCount::new(self.0))
    }
}

fn pfind_walk_builder(root: &Path, threads: usize) -> pfind_walk::WalkBuilder {
    let mut builder = pfind_walk::WalkBuilder::new(root);
    builder.threads(threads);
    builder
}

fn pfind_walk_run(root: &Path, threads: usize) -> Count {
    let totals = Totals::default();
    pfind_walk_builder(root, threads).run(|| ThreadCount::new(&totals));
    totals.count()
}

fn pfind_walk_run_sorted(root: &Path, threads: usize) -> Count {
    let totals = Totals::default();
    let sink = CountingSink::default();
    let builder = pfind_walk_builder(root, threads);
    let output = pfind_walk::sorted::SortedOutput::new(&builder, &sink, 64 << 20);
    builder.run_sorted(&output, || SortedCount(ThreadCount::new(&totals)));
    output.finish();
    let errors = totals.count().errors;
    Count {
        entries: sink.results.load(Ordering::Relaxed),
        errors,
    }
}

fn count_all<T, E>(items: impl Iterator<Item = Result<T, E>>) -> Count {
    let mut count = Count::default();
    for item in items {
        count.add(&item);
    }
    count
}

fn pfind_walk_iter(root: &Path, threads: usize) -> Count {
    count_all(pfind_walk_builder(root, threads).iter())
}

fn pfind_walk_sorted(root: &Path, threads: usize) -> Count {
    count_all(pfind_walk_builder(root, threads).sorted())
}

/// ignore's walker as a plain walk: no ignore files (nor parents' ones), hidden names
/// included, links not followed (its default).
fn ignore_parallel(root: &Path, threads: usize) -> Count {
    let totals = Totals::default();
    ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .threads(threads)
        .build_parallel()
        .visit(&mut IgnoreCounters(&totals));
    totals.count()
}

/// jwalk on a pool of its own of `threads` threads (the iterator is consumed on
/// this one), hidden names included.
fn jwalk_walk(root: &Path, threads: usize, sort: bool) -> Count {
    count_all(
        jwalk::WalkDir::new(root)
            .skip_hidden(false)
            .sort(sort)
            .parallelism(jwalk::Parallelism::RayonNewPool(threads))
            .into_iter(),
    )
}

fn jwalk_unsorted(root: &Path, threads: usize) -> Count {
    jwalk_walk(root, threads, false)
}

fn jwalk_sorted(root: &Path, threads: usize) -> Count {
    jwalk_walk(root, threads, true)
}

/// walkdir, sequential whatever the thread count.
fn walkdir_sequential(root: &Path, _threads: usize) -> Count {
    count_all(walkdir::WalkDir::new(root).into_iter())
}
