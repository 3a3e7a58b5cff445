//! Counters for `--stats`, `--progress` and the exit status, kept per thread.
//!
//! The hot path touches only the visitor's own plain integers ([`Tally`]); they are
//! published to the thread's atomics (one store each, no lock, no contention) after
//! every directory, and summed by whoever asks: the progress ticker while the walk
//! runs, `search.rs` at the end.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pfind_walk::{ThreadSpan, WalkSummary};

/// Counts one thread has gathered since it last published.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Directories read (entered).
    pub dirs: u64,
    /// Entries seen.
    pub entries: u64,
    /// Entries that matched.
    pub matches: u64,
    /// Errors reported.
    pub errors: u64,
}

/// One thread's published counts, and (for `--progress`) the directory it reads.
#[derive(Debug, Default)]
pub struct ThreadCounters {
    dirs: AtomicU64,
    entries: AtomicU64,
    matches: AtomicU64,
    errors: AtomicU64,
    /// The directory being read; written with `try_lock` only, never waited for.
    pub current: Mutex<Vec<u8>>,
}

impl ThreadCounters {
    /// Publishes `tally` (the thread's running totals).
    pub fn publish(&self, tally: &Tally) {
        self.dirs.store(tally.dirs, Ordering::Relaxed);
        self.entries.store(tally.entries, Ordering::Relaxed);
        self.matches.store(tally.matches, Ordering::Relaxed);
        self.errors.store(tally.errors, Ordering::Relaxed);
    }
}

/// Every thread's counters.
#[derive(Debug, Default)]
pub struct Counters {
    threads: Mutex<Vec<Arc<ThreadCounters>>>,
}

impl Counters {
    /// Counters for one more thread (called once per worker, when it starts).
    pub fn register(&self) -> Arc<ThreadCounters> {
        let counters = Arc::new(ThreadCounters::default());
        self.threads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(counters.clone());
        counters
    }

    /// The sum of what every thread has published.
    pub fn total(&self) -> Tally {
        let threads = self.threads.lock().unwrap_or_else(|e| e.into_inner());
        let mut total = Tally::default();
        for t in threads.iter() {
            total.dirs += t.dirs.load(Ordering::Relaxed);
            total.entries += t.entries.load(Ordering::Relaxed);
            total.matches += t.matches.load(Ordering::Relaxed);
            total.errors += t.errors.load(Ordering::Relaxed);
        }
        total
    }

    /// Calls `f` with the directory some thread is reading, if one can be seen
    /// without waiting.
    pub fn with_current(&self, f: impl FnOnce(&[u8])) {
        let threads = self.threads.lock().unwrap_or_else(|e| e.into_inner());
        for t in threads.iter() {
            if let Ok(current) = t.current.try_lock() {
                if !current.is_empty() {
                    f(&current);
                    return;
                }
            }
        }
    }
}

/// The `--stats` report.
pub struct Summary {
    /// The totals.
    pub tally: Tally,
    /// Wall time of the search.
    pub elapsed: Duration,
    /// What the walk did with its threads.
    pub walk: WalkSummary,
    /// The config file whose options came first, if one was read.
    pub config_file: Option<std::path::PathBuf>,
}

/// Below this, a rate says more about starting up than about walking: not shown.
const SHORTEST_RATED: Duration = Duration::from_millis(10);

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.tally;
        if let Some(path) = &self.config_file {
            let shown = pfind::escape::escape(path.as_os_str().as_encoded_bytes());
            writeln!(f, "config file:      {shown} (PFIND_CONFIG_PATH)")?;
        }
        writeln!(f, "directories read: {}", t.dirs)?;
        writeln!(f, "entries seen:     {}", t.entries)?;
        writeln!(f, "matches:          {}", t.matches)?;
        writeln!(f, "errors:           {}", t.errors)?;
        writeln!(f, "elapsed:          {}", Elapsed(self.elapsed))?;
        let w = &self.walk;
        if w.elastic {
            writeln!(
                f,
                "threads:          {} at first, at most {} at once (elastic), {} started",
                w.threads_at_start, w.peak_threads, w.threads_started
            )?;
            if let Some(counts) = ThreadCounts::of(&w.thread_counts) {
                writeln!(f, "thread counts:    {counts}")?;
            }
        } else {
            writeln!(
                f,
                "threads:          {} (-j), {} started",
                w.peak_threads, w.threads_started
            )?;
        }
        if self.elapsed < SHORTEST_RATED {
            write!(f, "entries/s:        - (under {})", Elapsed(SHORTEST_RATED))
        } else {
            let rate = t.entries as f64 / self.elapsed.as_secs_f64();
            write!(f, "entries/s:        {rate:.0}")
        }
    }
}

/// The counts an elastic walk allowed over time, in tenths of the walk: each tenth as
/// the one count it ran (`32`) or the fewest and most (`8-64`); `2 throughout` when the
/// count never moved.
struct ThreadCounts {
    tenths: Vec<(usize, usize)>,
    walk: Duration,
}

/// How many parts the walk's time is shown in.
const PARTS: u32 = 10;

impl ThreadCounts {
    fn of(spans: &[ThreadSpan]) -> Option<ThreadCounts> {
        let walk = spans.last()?.end;
        if walk.is_zero() {
            let tenths = vec![(spans[0].fewest, spans[0].most)];
            return Some(ThreadCounts { tenths, walk });
        }
        let tenths = (0..PARTS)
            .filter_map(|part| {
                let (start, end) = (walk * part / PARTS, walk * (part + 1) / PARTS);
                let overlapping = spans.iter().filter(|s| s.start < end && s.end > start);
                let fewest = overlapping.clone().map(|s| s.fewest).min()?;
                let most = overlapping.map(|s| s.most).max()?;
                Some((fewest, most))
            })
            .collect();
        Some(ThreadCounts { tenths, walk })
    }
}

impl fmt::Display for ThreadCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = self.tenths.first().copied().unwrap_or_default();
        if first.0 == first.1 && self.tenths.iter().all(|&t| t == first) {
            return write!(f, "{} throughout", first.0);
        }
        for (i, &(fewest, most)) in self.tenths.iter().enumerate() {
            let gap = if i == 0 { "" } else { " " };
            if fewest == most {
                write!(f, "{gap}{fewest}")?;
            } else {
                write!(f, "{gap}{fewest}-{most}")?;
            }
        }
        write!(f, " (each a tenth of {})", Elapsed(self.walk))
    }
}

/// A duration with a unit that suits it: `0.42 ms`, `12.3 ms`, `1.234 s`.
struct Elapsed(Duration);

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0.as_secs_f64() * 1000.0;
        if ms < 1.0 {
            write!(f, "{ms:.2} ms")
        } else if ms < 1000.0 {
            write!(f, "{ms:.1} ms")
        } else {
            write!(f, "{:.3} s", ms / 1000.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use pfind_walk::{ThreadSpan, WalkSummary};

    use super::{Summary, Tally};

    fn summary(entries: u64, elapsed: Duration) -> String {
        let tally = Tally {
            entries,
            ..Tally::default()
        };
        let walk = pfind_walk::WalkSummary::default();
        Summary {
            tally,
            elapsed,
            walk,
            config_file: None,
        }
        .to_string()
    }

    #[test]
    fn short_runs_get_a_unit_that_shows_them_and_no_rate() {
        let tiny = summary(5, Duration::from_micros(42));
        assert!(tiny.contains("elapsed:          0.04 ms"), "{tiny}");
        assert!(
            tiny.contains("entries/s:        - (under 10.0 ms)"),
            "{tiny}"
        );
        let long = summary(1_000_000, Duration::from_millis(2500));
        assert!(long.contains("elapsed:          2.500 s"), "{long}");
        assert!(long.contains("entries/s:        400000"), "{long}");
        assert!(summary(10, Duration::from_millis(20)).contains("20.0 ms"));
    }

    fn span(start_ms: u64, end_ms: u64, fewest: usize, most: usize) -> ThreadSpan {
        ThreadSpan {
            start: Duration::from_millis(start_ms),
            end: Duration::from_millis(end_ms),
            fewest,
            most,
        }
    }

    fn with_counts(elastic: bool, thread_counts: Vec<ThreadSpan>) -> String {
        let walk = WalkSummary {
            threads_at_start: 2,
            threads_started: 64,
            peak_threads: 64,
            elastic,
            thread_counts,
        };
        Summary {
            tally: Tally::default(),
            elapsed: Duration::from_millis(100),
            walk,
            config_file: None,
        }
        .to_string()
    }

    #[test]
    fn an_elastic_walk_shows_its_thread_counts_by_tenths() {
        // 100 ms in stretches of 10: the ramp, then probes around 32, then back to 2.
        let mut spans = vec![span(0, 10, 2, 8), span(10, 20, 8, 64)];
        spans.extend((2..8).map(|i| span(i * 10, i * 10 + 10, 32, 32)));
        spans.push(span(80, 90, 16, 32));
        spans.push(span(90, 100, 2, 16));
        let stats = with_counts(true, spans);
        assert!(
            stats.contains(
                "thread counts:    2-8 8-64 32 32 32 32 32 32 16-32 2-16 (each a tenth of 100.0 ms)"
            ),
            "{stats}"
        );
        // Stretches longer than a tenth show in each tenth they cover.
        let stats = with_counts(true, vec![span(0, 40, 2, 2), span(40, 80, 2, 16)]);
        assert!(
            stats.contains(
                "thread counts:    2 2 2 2 2 2-16 2-16 2-16 2-16 2-16 (each a tenth of 80.0 ms)"
            ),
            "{stats}"
        );
    }

    #[test]
    fn a_count_that_never_moved_or_was_fixed_says_so_briefly() {
        let stats = with_counts(true, vec![span(0, 10, 2, 2), span(10, 37, 2, 2)]);
        assert!(
            stats.contains("thread counts:    2 throughout\n"),
            "{stats}"
        );
        let stats = with_counts(true, vec![span(0, 0, 2, 2)]);
        assert!(
            stats.contains("thread counts:    2 throughout\n"),
            "{stats}"
        );
        let stats = with_counts(false, Vec::new());
        assert!(!stats.contains("thread counts"), "{stats}");
    }
}
