//! How many worker threads a walk should run right now, decided while it runs.
//!
//! A walk is CPU-bound when the directories are in the page cache (nearly all of it
//! kernel time in getdents64 and openat: one thread per CPU is best) and I/O-bound when
//! they are not (a cold cache, a network filesystem, stats and reads of cold inodes):
//! then each thread spends most of its time blocked in the kernel, and throughput grows
//! with the number of requests in flight until the device saturates. The best count
//! differs by machine (measured cold on two 2-core VMs: 64 threads best on one, 16 to
//! 32 on the other, and more cost again), so no fixed number is right everywhere.
//!
//! The [`Controller`] is fed one [`Sample`] per tick (about every [`TICK`]) by
//! whichever worker notices the tick is due, and moves the number of running threads:
//! - **Not waiting on storage** (the process read no block from a disk during the tick,
//!   and the roots are not on a network filesystem): back to the base count (one
//!   thread per CPU) at once; surplus threads are parked, not killed.
//! - **Ramp**: when a walk starts waiting on storage, with tasks queued and the CPUs
//!   not saturated, the count is multiplied by [`RAMP_FACTOR`] every tick, unmeasured:
//!   requests in flight are what a cold walk needs, and a walk of /usr is over in a
//!   few hundred milliseconds. (Not on a network filesystem, whose base count is
//!   already many per CPU and whose server may be what saturates.)
//! - **Probes**: then the count is measured (the walk's throughput, entries and
//!   directories finished per second, as the median of [`MEASURE_TICKS`] ticks, which
//!   ignores a tick stalled by someone else's I/O) and probed: first down (halving it,
//!   since the ramp may have gone past what the device serves; kept only if
//!   throughput gains [`GAIN`]), and up (doubling it, while the CPUs have room and
//!   tasks are queued; kept unless throughput fell by more than [`LOSS`]). A probe
//!   that fails is undone and the next one goes the other way. Each count remembers
//!   how often the walk has come back to it (a probe undone, or a probe that led
//!   back to a count held before): the more often, the longer it is held before the
//!   next probe (exponential back-off per count). So where throughput is flat over
//!   a range of counts (a saturated device or CPU), noise that once favoured a
//!   smaller count does not keep the walk swinging between them at its cost.
//!
//! The controller is a pure state machine over samples, so its decisions are
//! unit-tested here without a filesystem; the pool (`pool.rs`) applies them.

use std::time::Duration;

use super::timeline::Timeline;

/// How often the controller looks at the walk: short enough that a cold walk of a few
/// hundred milliseconds adapts within its first tens; each look costs two system calls.
pub(crate) const TICK: Duration = Duration::from_millis(10);
/// A probe is undone when the throughput falls by more than this fraction: more
/// threads than the device can serve only queue up, and on a busy machine they cost
/// the CPU time of switching between them. Smaller differences are noise (a tick sees
/// other parts of the tree than the one before), and erring high costs little.
const LOSS: f64 = 0.15;
/// A probe down is kept only when the throughput gains at least this fraction. Past
/// what the device serves, extra threads wait in the kernel at little cost, while a
/// tick's rate varies by a third with the part of the tree it saw: kept on a mere
/// "no worse", halvings in a flat region win half the coin flips and walk the count
/// down (measured cold on /usr/share --contains: from 64 to 2 threads, 1.3x slower).
const GAIN: f64 = 0.10;
/// Above this share of the CPUs in use, the ramp stops.
const CPU_BUSY: f64 = 0.9;
/// The ramp multiplies the count by this every tick.
const RAMP_FACTOR: usize = 4;
/// Below this share of the CPUs in use, there is room for more threads.
const CPU_SLACK: f64 = 0.70;
/// Fewer 512-byte blocks read in a tick than this (one 4 KiB page) is a walk served by
/// the page cache.
const IO_MIN_BLOCKS: u64 = 8;
/// Ticks whose median is one measurement of throughput at a count.
const MEASURE_TICKS: usize = 3;
/// Ticks to hold a count the walk has come back to before probing again: doubles
/// with each return to that count.
const FIRST_BACKOFF: u32 = 8;
const MAX_BACKOFF: u32 = 64;

/// What the pool saw since the walk began, at one tick.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sample {
    /// Wall-clock time since the walk began.
    pub(crate) wall: Duration,
    /// CPU time the whole process used since it began (all threads), if known.
    pub(crate) cpu: Option<Duration>,
    /// 512-byte blocks the process read from storage since it began, if known.
    pub(crate) io_blocks: Option<u64>,
    /// Work finished: entries visited plus a weight per directory read.
    pub(crate) work: u64,
    /// Tasks queued and not running.
    pub(crate) queued: usize,
}

/// The controller's state between ticks.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    /// The walk just began waiting on storage: multiply the count every tick while
    /// that lasts, tasks are queued and the CPUs are not saturated.
    Ramp,
    /// Measuring the current count; probing `next` way once `wait` ticks have passed.
    Steady { wait: u32, next: Direction },
    /// Trying another count, from `from` whose throughput was `from_rate`; the
    /// first `settle` ticks are not measured.
    Probe {
        from: usize,
        from_rate: f64,
        settle: u32,
    },
    /// Back at `from` after a probe of `probe` threads measured `probe_rate`, to
    /// measure `from` again: the walk's own speed drifts (it speeds up while the
    /// tree's frontier widens, slows down at the end), and against the mean of the
    /// measures before and after, a probe is judged by its count, not by when it ran.
    Check {
        from: usize,
        from_rate: f64,
        probe: usize,
        probe_rate: f64,
        settle: u32,
    },
}

/// Decides the number of running threads from samples. See the module documentation.
#[derive(Debug)]
pub(crate) struct Controller {
    /// Never fewer threads than this (one per CPU, or the latency-bound default).
    base: usize,
    /// Never more.
    max: usize,
    cpus: usize,
    /// The roots are on a network or FUSE filesystem: its waits read no disk blocks.
    latency_bound: bool,
    limit: usize,
    peak: usize,
    /// The counts chosen over time, for `--stats`.
    timeline: Timeline,
    phase: Phase,
    /// Throughput of the last ticks at the current count, oldest first.
    recent: Vec<f64>,
    /// How often the walk came back to each count since it began waiting on storage.
    returns: Vec<(usize, u32)>,
    last: Option<Sample>,
    /// Told of each tick, for tuning (see `WalkBuilder::trace_pool`).
    trace: Option<Trace>,
    /// Tests: the limits to return, one per tick, in a loop.
    #[cfg(test)]
    script: Vec<usize>,
}

/// What one tick saw, from two samples.
#[derive(Clone, Copy, Debug)]
struct Tick {
    /// Work finished per second.
    rate: f64,
    /// Share of all CPUs the process used.
    busy: f64,
    /// The walk read from storage (or waits on a network filesystem).
    waiting_on_io: bool,
    queued: usize,
}

/// What the elastic pool saw at one tick and what it decided: handed to the callback
/// of [`WalkBuilder::trace_pool`](crate::WalkBuilder::trace_pool), for tuning.
#[derive(Clone, Debug)]
pub struct PoolTick {
    /// Since the walk began.
    pub elapsed: Duration,
    /// Work finished per second during the tick (entries, plus a weight per directory).
    pub rate: f64,
    /// The share of all CPUs the process used during the tick.
    pub cpu: f64,
    /// Whether the walk waited on storage (read from a disk, or a network filesystem).
    pub waiting_on_io: bool,
    /// Tasks queued and not running.
    pub queued: usize,
    /// Running threads allowed before the tick, and after.
    pub threads_before: usize,
    pub threads_after: usize,
    /// The controller's state, as its debug form.
    pub phase: String,
}

impl std::fmt::Display for PoolTick {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:7.3}s {:9.0}/s cpu {:4.2} io {:5} queued {:5} threads {:3} -> {:3} {}",
            self.elapsed.as_secs_f64(),
            self.rate,
            self.cpu,
            self.waiting_on_io,
            self.queued,
            self.threads_before,
            self.threads_after,
            self.phase
        )
    }
}

/// A callback told of each tick of the elastic pool (no `Debug` of its own).
#[derive(Clone)]
pub(crate) struct Trace(pub(crate) std::sync::Arc<dyn Fn(&PoolTick) + Send + Sync>);

impl std::fmt::Debug for Trace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Trace")
    }
}

impl Controller {
    /// Tells `trace` of every tick.
    pub(crate) fn traced(mut self, trace: Option<Trace>) -> Controller {
        self.trace = trace;
        self
    }

    pub(crate) fn new(base: usize, max: usize, cpus: usize, latency_bound: bool) -> Controller {
        let max = max.max(1);
        let base = base.clamp(1, max);
        Controller {
            base,
            max,
            cpus: cpus.max(1),
            latency_bound,
            limit: base,
            peak: base,
            timeline: Timeline::new(base, TICK),
            // The count for a network filesystem is already many per CPU, and its
            // server may be what saturates: measure before going higher.
            phase: if latency_bound {
                Phase::Steady {
                    wait: 0,
                    next: Direction::Up,
                }
            } else {
                Phase::Ramp
            },
            recent: Vec::with_capacity(MEASURE_TICKS),
            returns: Vec::new(),
            last: None,
            trace: None,
            #[cfg(test)]
            script: Vec::new(),
        }
    }

    /// Tests: a controller that ignores its samples and returns `limits` in turn.
    #[cfg(test)]
    pub(crate) fn scripted(limits: Vec<usize>) -> Controller {
        let mut control = Controller::new(
            limits[0],
            limits.iter().copied().max().unwrap_or(1),
            1,
            false,
        );
        control.script = limits;
        control
    }

    /// The number of threads that should run now.
    pub(crate) fn limit(&self) -> usize {
        self.limit
    }

    /// The most threads the controller has let run at once.
    pub(crate) fn peak(&self) -> usize {
        self.peak
    }

    /// The counts chosen from the start of the walk to `end`, which it lasted.
    pub(crate) fn timeline(self, end: Duration) -> Vec<super::ThreadSpan> {
        self.timeline.spans(end)
    }

    /// Takes one sample and returns the number of threads that should run from now on.
    pub(crate) fn tick(&mut self, sample: Sample) -> usize {
        let limit = self.decide(sample);
        self.peak = self.peak.max(limit);
        self.timeline.record(sample.wall, limit);
        limit
    }

    fn decide(&mut self, sample: Sample) -> usize {
        #[cfg(test)]
        if !self.script.is_empty() {
            self.script.rotate_left(1);
            self.limit = self.script[0];
            return self.limit;
        }
        let Some(last) = self.last.replace(sample) else {
            return self.limit;
        };
        let wall = sample.wall.saturating_sub(last.wall).as_secs_f64();
        if wall <= 0.0 {
            return self.limit;
        }
        // Without a CPU clock, count the CPUs as idle: probes still have to hold their
        // throughput.
        let busy = match (sample.cpu, last.cpu) {
            (Some(now), Some(then)) => {
                now.saturating_sub(then).as_secs_f64() / (wall * self.cpus as f64)
            }
            _ => 0.0,
        };
        // Without a count of blocks read, any wait with idle CPUs counts as storage.
        let read_blocks = match (sample.io_blocks, last.io_blocks) {
            (Some(now), Some(then)) => now.saturating_sub(then) >= IO_MIN_BLOCKS,
            _ => busy < CPU_SLACK,
        };
        let tick = Tick {
            rate: sample.work.saturating_sub(last.work) as f64 / wall,
            busy,
            waiting_on_io: self.latency_bound || read_blocks,
            queued: sample.queued,
        };
        let before = self.limit;
        self.step(tick);
        if let Some(Trace(trace)) = &self.trace {
            trace(&PoolTick {
                elapsed: sample.wall,
                rate: tick.rate,
                cpu: tick.busy,
                waiting_on_io: tick.waiting_on_io,
                queued: tick.queued,
                threads_before: before,
                threads_after: self.limit,
                phase: format!("{:?}", self.phase),
            });
        }
        self.limit
    }

    fn step(&mut self, tick: Tick) {
        if !tick.waiting_on_io {
            // Served from the page cache: CPU-bound, and surplus threads only take
            // turns on the CPUs.
            self.limit = self.base;
            self.recent.clear();
            self.returns.clear();
            self.phase = Phase::Ramp;
            return;
        }
        if self.recent.len() == MEASURE_TICKS {
            self.recent.remove(0);
        }
        self.recent.push(tick.rate);
        if let Phase::Probe { settle, .. } | Phase::Check { settle, .. } = &mut self.phase {
            if *settle > 0 {
                // Begun under the old count: not a measure of the new one.
                *settle -= 1;
                self.recent.clear();
                return;
            }
        }
        match self.phase {
            Phase::Ramp => {
                if tick.busy < CPU_BUSY && tick.queued > self.limit && self.limit < self.max {
                    // Requests in flight are what a cold walk needs, and the tree says
                    // there is work for them: no measuring, a few ticks to get there.
                    self.limit = (self.limit * RAMP_FACTOR).min(self.max);
                    self.recent.clear();
                } else {
                    // The ramp may have gone past what the device serves: try fewer,
                    // once the walk has settled at this count. Measured right away, the
                    // count would be judged by the walk's first ticks, slower than what
                    // follows (the tree's frontier is still narrow), and any smaller
                    // count tried next would look better than it is.
                    self.arrive(self.limit);
                    self.phase = Phase::Steady {
                        wait: FIRST_BACKOFF,
                        next: Direction::Down,
                    };
                }
            }
            Phase::Steady { wait, next } => {
                let wait = wait.saturating_sub(1);
                self.phase = Phase::Steady { wait, next };
                if wait > 0 || self.recent.len() < MEASURE_TICKS {
                    return;
                }
                let room =
                    tick.busy < CPU_SLACK && tick.queued > self.limit && self.limit < self.max;
                let to = if room && next == Direction::Up {
                    self.limit * 2
                } else if self.limit > self.base {
                    // Fewer threads may do as well: the last jump up may have gone past
                    // what the device serves, or the CPUs are busy switching threads.
                    self.limit / 2
                } else {
                    return;
                };
                self.phase = Phase::Probe {
                    from: self.limit,
                    from_rate: median(&self.recent),
                    settle: 1,
                };
                self.limit = to.clamp(self.base, self.max);
                self.recent.clear();
            }
            Phase::Probe {
                from, from_rate, ..
            } => {
                if self.recent.len() < MEASURE_TICKS {
                    return;
                }
                self.phase = Phase::Check {
                    from,
                    from_rate,
                    probe: self.limit,
                    probe_rate: median(&self.recent),
                    settle: 1,
                };
                self.limit = from;
                self.recent.clear();
            }
            Phase::Check {
                from,
                from_rate,
                probe,
                probe_rate,
                ..
            } => {
                if self.recent.len() < MEASURE_TICKS {
                    return;
                }
                let up = probe > from;
                // Up is kept unless clearly worse (more threads in flight is what a cold
                // walk needs, and noise must not stop it); down only if clearly better.
                let keep_above = if up { 1.0 - LOSS } else { 1.0 + GAIN };
                let mut next = if up { Direction::Up } else { Direction::Down };
                let around = (from_rate + median(&self.recent)) / 2.0;
                if probe_rate >= around * keep_above {
                    self.limit = probe;
                    self.recent.clear();
                } else {
                    next = next.reverse();
                }
                let wait = self.arrive(self.limit);
                self.phase = Phase::Steady { wait, next };
            }
        }
    }
}

impl Controller {
    /// Notes that a probe ended at `limit`; returns the ticks to hold it before the
    /// next probe: none the first time, then [`FIRST_BACKOFF`], doubling with each
    /// return.
    fn arrive(&mut self, limit: usize) -> u32 {
        let returns = match self.returns.iter_mut().find(|(count, _)| *count == limit) {
            Some((_, returns)) => {
                *returns += 1;
                *returns
            }
            None => {
                self.returns.push((limit, 0));
                0
            }
        };
        match returns {
            0 => 0,
            n => FIRST_BACKOFF
                .saturating_mul(1 << (n - 1).min(8))
                .min(MAX_BACKOFF),
        }
    }
}

/// Which way the next probe goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
}

impl Direction {
    fn reverse(self) -> Direction {
        match self {
            Direction::Up => Direction::Down,
            Direction::Down => Direction::Up,
        }
    }
}

/// The median of a few rates.
fn median(rates: &[f64]) -> f64 {
    let mut sorted = rates.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests;
