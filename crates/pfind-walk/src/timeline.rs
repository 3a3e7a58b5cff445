//! The thread counts an elastic walk ran over time, for `--stats`: what the controller
//! (`elastic.rs`) chose, kept in fixed memory however long the walk runs.
//!
//! Time is cut into equal stretches, each remembering the fewest and the most threads
//! allowed during it. There are at most [`STRETCHES`] of them: when the walk outlasts
//! them, neighbours are merged in pairs and the stretches double in length, so a walk
//! of 50 ms is seen at the controller's own tick and one of an hour at about a minute.

use std::time::Duration;

use super::ThreadSpan;

/// The most stretches kept.
const STRETCHES: usize = 64;

/// Thread counts over time. See the module documentation.
#[derive(Debug)]
pub(crate) struct Timeline {
    /// The length of one stretch.
    stretch: Duration,
    /// The fewest and the most threads of each stretch so far, oldest first; the last
    /// one is the stretch being recorded.
    counts: Vec<(usize, usize)>,
    /// The count in effect since the last record.
    current: usize,
}

impl Timeline {
    /// A timeline that starts with `threads` and looks at time in stretches of
    /// `stretch` until the walk outlasts them.
    pub(crate) fn new(threads: usize, stretch: Duration) -> Timeline {
        Timeline {
            stretch: stretch.max(Duration::from_micros(1)),
            counts: vec![(threads, threads)],
            current: threads,
        }
    }

    /// Records that `threads` run from `at` (time since the walk began) on.
    pub(crate) fn record(&mut self, at: Duration, threads: usize) {
        let index = self.reach(at);
        let (fewest, most) = &mut self.counts[index];
        *fewest = (*fewest).min(threads);
        *most = (*most).max(threads);
        self.current = threads;
    }

    /// Makes room for a stretch holding `at`, filling the stretches before it with the
    /// count in effect; returns its index.
    fn reach(&mut self, at: Duration) -> usize {
        let mut index = self.index_of(at);
        while index >= STRETCHES {
            self.coarsen();
            index = self.index_of(at);
        }
        let current = self.current;
        while self.counts.len() <= index {
            self.counts.push((current, current));
        }
        // Never before the last stretch: records come in time order.
        index.max(self.counts.len() - 1)
    }

    fn index_of(&self, at: Duration) -> usize {
        (at.as_nanos() / self.stretch.as_nanos())
            .try_into()
            .unwrap_or(usize::MAX)
    }

    /// Merges neighbouring stretches in pairs, doubling their length.
    fn coarsen(&mut self) {
        self.counts = self
            .counts
            .chunks(2)
            .map(|pair| {
                let fewest = pair.iter().map(|c| c.0).min().unwrap_or(self.current);
                let most = pair.iter().map(|c| c.1).max().unwrap_or(self.current);
                (fewest, most)
            })
            .collect();
        self.stretch *= 2;
    }

    /// The stretches from the start of the walk to `end`, which it lasted.
    pub(crate) fn spans(mut self, end: Duration) -> Vec<ThreadSpan> {
        // The stretch `end` closes, not an empty one it would open.
        self.reach(end.saturating_sub(Duration::from_nanos(1)));
        let stretch = self.stretch;
        let last = self.counts.len() - 1;
        self.counts
            .into_iter()
            .enumerate()
            .map(|(i, (fewest, most))| ThreadSpan {
                start: stretch * i as u32,
                end: if i == last {
                    end.max(stretch * i as u32)
                } else {
                    stretch * (i as u32 + 1)
                },
                fewest,
                most,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    fn counts(spans: &[ThreadSpan]) -> Vec<(usize, usize)> {
        spans.iter().map(|s| (s.fewest, s.most)).collect()
    }

    #[test]
    fn each_stretch_keeps_the_fewest_and_most_threads_it_ran() {
        let mut timeline = Timeline::new(2, 10 * MS);
        timeline.record(5 * MS, 8);
        timeline.record(15 * MS, 32);
        timeline.record(45 * MS, 16);
        let spans = timeline.spans(50 * MS);
        // 0-10 ms: 2 then 8; 10-20: 8 then 32; 20-40: 32 throughout; 40-50: 32 then 16.
        assert_eq!(
            counts(&spans),
            [(2, 8), (8, 32), (32, 32), (32, 32), (16, 32)]
        );
        assert_eq!(spans[0].start, Duration::ZERO);
        assert_eq!(spans[4].end, 50 * MS);
    }

    #[test]
    fn a_long_walk_is_kept_in_fixed_memory_at_a_coarser_grain() {
        let mut timeline = Timeline::new(2, 10 * MS);
        // An hour, the count moving every tick between 2 and 64.
        for tick in 1..360_000u32 {
            timeline.record(10 * MS * tick, if tick % 2 == 0 { 2 } else { 64 });
        }
        timeline.record(Duration::from_secs(3000), 7);
        let spans = timeline.spans(Duration::from_secs(3600));
        assert!(spans.len() <= STRETCHES, "{}", spans.len());
        assert!(spans.len() > STRETCHES / 2, "{}", spans.len());
        assert_eq!(spans.last().map(|s| s.end), Some(Duration::from_secs(3600)));
        assert!(spans.iter().all(|s| s.fewest == 2 && s.most == 64));
        // Stretches follow each other without gaps.
        for pair in spans.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
    }

    #[test]
    fn a_count_that_never_moved_is_one_stretch() {
        let timeline = Timeline::new(4, 10 * MS);
        let spans = timeline.spans(3 * MS);
        assert_eq!(counts(&spans), [(4, 4)]);
        assert_eq!(spans[0].end, 3 * MS);
    }
}
