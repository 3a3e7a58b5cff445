//! The pool's tests: synthetic trees of tasks that sleep as a blocking read would.

use super::*;
use std::time::Duration;

/// A task of a synthetic tree: its id and depth. Each task above `DEPTH` queues
/// `FANOUT` children.
type Task = (u64, u32);
const DEPTH: u32 = 5;
const FANOUT: u64 = 4;

/// Runs the synthetic tree, each task sleeping `pause` (a blocking read), and
/// returns the ids run, sorted, and the summary.
fn walk(capacity: usize, control: Option<Controller>, pause: Duration) -> (Vec<u64>, PoolSummary) {
    walk_needing(capacity, control, pause, 0)
}

/// [`walk`] with workers that need `thread_memory` bytes each.
fn walk_needing(
    capacity: usize,
    control: Option<Controller>,
    pause: Duration,
    thread_memory: usize,
) -> (Vec<u64>, PoolSummary) {
    let seen = Mutex::new(Vec::new());
    let summary = Pool::run_with(
        capacity,
        control,
        thread_memory,
        Arc::new(AtomicBool::new(false)),
        vec![(0u64, 0u32)],
        || (),
        |_, task: Option<Task>, queue| {
            let Some((id, depth)) = task else { return 0 };
            thread::sleep(pause);
            seen.lock().unwrap().push(id);
            if depth < DEPTH {
                for child in 0..FANOUT {
                    queue.push((id * FANOUT + child + 1, depth + 1));
                }
            }
            1
        },
    );
    let mut seen = seen.into_inner().unwrap();
    seen.sort_unstable();
    (seen, summary)
}

fn every_task() -> Vec<u64> {
    let total: u64 = (0..=DEPTH).map(|d| FANOUT.pow(d)).sum();
    (0..total).collect()
}

#[test]
fn an_elastic_pool_grows_while_tasks_block_and_runs_each_task_once() {
    // A network filesystem: every wait counts as I/O.
    let control = Controller::new(1, 16, 2, true);
    let (seen, summary) = walk(16, Some(control), Duration::from_micros(300));
    assert_eq!(seen, every_task());
    assert!(summary.peak > 1, "{summary:?}");
    assert!(summary.started <= 16, "{summary:?}");
}

/// Issue 20.8: short of memory, the pool starts no thread it cannot give its memory
/// to, and the walk finishes on those it has: here no worker's memory can be had (more
/// than the address space), so the calling thread runs every task alone.
#[test]
fn a_pool_short_of_memory_runs_every_task_on_fewer_threads() {
    let unobtainable = isize::MAX as usize;
    let (seen, summary) = walk_needing(8, None, Duration::from_micros(100), unobtainable);
    assert_eq!(seen, every_task());
    assert_eq!(summary.started, 1, "{summary:?}");
    let (seen, summary) = walk_needing(8, None, Duration::from_micros(100), 1 << 20);
    assert_eq!(seen, every_task());
    assert!(summary.started > 1, "{summary:?}");
}

#[test]
fn work_counted_while_a_task_runs_adds_to_what_it_returns() {
    let summary = Pool::run_with(
        4,
        Some(Controller::new(1, 4, 2, false)),
        0,
        Arc::new(AtomicBool::new(false)),
        vec![(0u64, 0u32)],
        || (),
        |_, task: Option<Task>, queue| {
            let Some((id, depth)) = task else { return 0 };
            queue.progress(10);
            queue.progress(20);
            if depth < DEPTH {
                for child in 0..FANOUT {
                    queue.push((id * FANOUT + child + 1, depth + 1));
                }
            }
            5
        },
    );
    assert_eq!(summary.work, every_task().len() as u64 * 35);
    // A fixed count has no controller to feed.
    let fixed = Pool::run_with(
        4,
        None,
        0,
        Arc::new(AtomicBool::new(false)),
        vec![(0u64, 0u32)],
        || (),
        |_, task: Option<Task>, queue| {
            if task.is_some() {
                queue.progress(10);
            }
            5
        },
    );
    assert_eq!(fixed.work, 0);
}

#[test]
fn parked_workers_lose_no_task_whatever_the_limit_does() {
    // The limit jumps around every tick; workers above it park with tasks still on
    // their deques, which the others must steal.
    let script = vec![1, 8, 2, 6, 1, 12, 3, 1, 16, 4];
    let (seen, summary) = walk(
        16,
        Some(Controller::scripted(script)),
        Duration::from_micros(200),
    );
    assert_eq!(seen, every_task());
    assert!(summary.started > 1, "{summary:?}");
}

/// Runs a caterpillar of `length` levels (each task queues the next level and a
/// leaf, so work is scarce and workers keep falling asleep), each task sleeping
/// `pause`, on a pool whose limit follows `script`; fails instead of hanging.
fn caterpillar_within(length: u32, pause: Duration, script: Vec<usize>) -> usize {
    let (done, finished) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let count = AtomicUsize::new(0);
        Pool::run_with(
            16,
            Some(Controller::scripted(script)),
            0,
            Arc::new(AtomicBool::new(false)),
            vec![Some(0u32)],
            || (),
            |_, task: Option<Option<u32>>, queue| {
                let Some(level) = task else { return 0 };
                thread::sleep(pause);
                count.fetch_add(1, Ordering::Relaxed);
                if let Some(level) = level.filter(|&l| l < length) {
                    queue.push(None);
                    queue.push(Some(level + 1));
                }
                1
            },
        );
        let _ = done.send(count.into_inner());
    });
    finished
        .recv_timeout(Duration::from_secs(20))
        .expect("the pool hung: a wake-up was lost")
}

#[test]
fn regression_a_worker_that_parks_passes_its_wake_up_on() {
    // A sleeper woken for a task, then above a lowered limit, used to park with the
    // wake-up, leaving the task queued and the workers below the limit asleep.
    let ran = caterpillar_within(3000, Duration::from_micros(50), vec![16, 1, 12, 2, 16, 1]);
    assert_eq!(ran, 2 * 3000 + 1);
}

#[test]
fn a_fixed_pool_runs_each_task_once() {
    let (seen, summary) = walk(4, None, Duration::ZERO);
    assert_eq!(seen, every_task());
    assert!(summary.started <= 4);
}
