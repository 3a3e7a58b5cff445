//! `walkers`: times pfind-walk (its parallel visitor, plain iterator and sorted
//! iterator) against `ignore::WalkParallel`, jwalk (unsorted and sorted) and walkdir
//! on one tree, each counting the entries it sees. The counts must agree, or nothing is
//! reported. Runs are interleaved: every round runs each walker once, starting one
//! further along each time, so a change in the machine's load hits all of them alike;
//! a warm-up round fills the cache. Prints the medians as a Markdown table, with each
//! walker's time over pfind-walk's parallel visitor, and the targets of issue 21.
//!
//!     walkers [--threads N] [--rounds N] [--warmup N] [--only NAME]... TREE
//!
//! `--only` keeps the walkers whose name contains NAME (to profile one: `perf record
//! walkers --only sorted TREE`); ratios are then over the first one kept.
//!
//! Run by `bench/walkers.sh` (release build, generated tree); see bench/README.md.

mod walkers;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use walkers::{Count, Walker, WALKERS};

struct Args {
    tree: PathBuf,
    threads: usize,
    rounds: usize,
    warmup: usize,
    only: Vec<String>,
}

const USAGE: &str = "usage: walkers [--threads N] [--rounds N] [--warmup N] [--only NAME]... TREE";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        tree: PathBuf::new(),
        threads: 2,
        rounds: 10,
        warmup: 1,
        only: Vec::new(),
    };
    let mut tree = None;
    let mut argv = std::env::args_os().skip(1);
    while let Some(arg) = argv.next() {
        let mut number = |name: &str| -> Result<usize, String> {
            let value = argv.next().ok_or(format!("{name} needs a value"))?;
            match value.to_str().and_then(|v| v.parse().ok()) {
                Some(n) if n > 0 || name == "--warmup" => Ok(n),
                _ => Err(format!("{name}: not a count: {}", value.to_string_lossy())),
            }
        };
        match arg.to_str() {
            Some("--threads") => args.threads = number("--threads")?,
            Some("--rounds") => args.rounds = number("--rounds")?,
            Some("--warmup") => args.warmup = number("--warmup")?,
            Some("--only") => {
                let name = argv.next().ok_or("--only needs a value")?;
                args.only.push(name.to_string_lossy().into_owned());
            }
            Some("-h" | "--help") => return Err(USAGE.to_string()),
            Some(flag) if flag.starts_with('-') => return Err(format!("unknown flag {flag}")),
            _ if tree.is_none() => tree = Some(PathBuf::from(arg)),
            _ => return Err("one tree only".to_string()),
        }
    }
    args.tree = tree.ok_or(USAGE)?;
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("walkers: {message}");
            return ExitCode::from(2);
        }
    };
    if !args.tree.is_dir() {
        eprintln!("walkers: {}: not a directory", args.tree.display());
        return ExitCode::from(2);
    }
    let walkers: Vec<&Walker> = WALKERS
        .iter()
        .filter(|w| args.only.is_empty() || args.only.iter().any(|o| w.name.contains(o.as_str())))
        .collect();
    if walkers.is_empty() {
        eprintln!("walkers: --only matches none of the walkers");
        return ExitCode::from(2);
    }
    match measure(&args, &walkers) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("walkers: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Times `walkers`, `args.rounds` interleaved rounds after the warm-up, checks the
/// counts, prints the table.
fn measure(args: &Args, walkers: &[&Walker]) -> Result<(), String> {
    let load_before = load_average();
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); walkers.len()];
    let mut cpu_times: Vec<Vec<Duration>> = vec![Vec::new(); walkers.len()];
    let mut counts: Vec<Option<Count>> = vec![None; walkers.len()];
    for round in 0..args.warmup + args.rounds {
        for offset in 0..walkers.len() {
            let index = (round + offset) % walkers.len();
            let walker = walkers[index];
            let (start, cpu_start) = (Instant::now(), cpu_time());
            let count = (walker.walk)(&args.tree, args.threads);
            let elapsed = start.elapsed();
            let cpu = cpu_time().saturating_sub(cpu_start);
            check_count(walker, &mut counts[index], count)?;
            if round >= args.warmup {
                times[index].push(elapsed);
                cpu_times[index].push(cpu);
            }
        }
        if round == 0 {
            check_agreement(walkers, &counts)?;
        }
    }
    let count = counts[0].expect("counted in the first round");
    let timings: Vec<Timing> = walkers
        .iter()
        .zip(times.iter_mut().zip(&mut cpu_times))
        .map(|(walker, (times, cpu))| Timing::new(walker, times, cpu))
        .collect();
    print_header(args, &count, [load_before, load_average()]);
    print_table(&timings);
    if timings.len() == WALKERS.len() {
        print_targets(&timings);
    }
    Ok(())
}

/// Every walker counted the same entries and errors, or the comparison is void.
fn check_agreement(walkers: &[&Walker], counts: &[Option<Count>]) -> Result<(), String> {
    if counts.windows(2).all(|pair| pair[0] == pair[1]) {
        return Ok(());
    }
    let list: Vec<String> = walkers
        .iter()
        .zip(counts)
        .map(|(walker, count)| match count {
            Some(c) => format!(
                "{}: {} entries, {} errors",
                walker.name, c.entries, c.errors
            ),
            None => format!("{}: not run", walker.name),
        })
        .collect();
    Err(format!("the walkers disagree: {}", list.join("; ")))
}

/// A walker counts the same in every round, or the tree changed under the bench.
fn check_count(walker: &Walker, seen: &mut Option<Count>, count: Count) -> Result<(), String> {
    match seen {
        Some(before) if *before != count => Err(format!(
            "{} counted {count:?}, then {before:?}: is the tree changing?",
            walker.name
        )),
        _ => {
            *seen = Some(count);
            Ok(())
        }
    }
}

/// One walker's times, summed up.
struct Timing<'w> {
    walker: &'w Walker,
    median: Duration,
    min: Duration,
    max: Duration,
    /// The median of the CPU time the process spent during each walk, all threads.
    cpu: Duration,
}

impl<'w> Timing<'w> {
    fn new(walker: &'w Walker, times: &mut [Duration], cpu: &mut [Duration]) -> Timing<'w> {
        times.sort();
        cpu.sort();
        Timing {
            walker,
            median: median(times),
            min: times[0],
            max: times[times.len() - 1],
            cpu: median(cpu),
        }
    }
}

/// The median of `times`, sorted.
fn median(times: &[Duration]) -> Duration {
    let mid = times.len() / 2;
    if times.len().is_multiple_of(2) {
        (times[mid - 1] + times[mid]) / 2
    } else {
        times[mid]
    }
}

fn print_header(args: &Args, count: &Count, loads: [String; 2]) {
    println!(
        "tree: {} ({} entries, the root included, {} errors: the same for every walker)",
        args.tree.display(),
        count.entries,
        count.errors
    );
    println!(
        "threads: {}; {} rounds after {} warm-up, interleaved; load average before: {}, after: {}",
        args.threads, args.rounds, args.warmup, loads[0], loads[1]
    );
    println!();
}

/// The medians as a Markdown table, each over the first walker's.
fn print_table(timings: &[Timing<'_>]) {
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    let baseline = &timings[0];
    println!(
        "| walker | median | min | max | vs {} | CPU time (median) |",
        baseline.walker.name
    );
    println!("|---|---|---|---|---|---|");
    for timing in timings {
        println!(
            "| {} | {} | {} | {} | {:.2}× | {} |",
            timing.walker.name,
            ms(timing.median),
            ms(timing.min),
            ms(timing.max),
            ratio(timing.median, baseline.median),
            ms(timing.cpu)
        );
    }
}

/// Issue 21's targets: the parallel visitor at least twice as fast as ignore's
/// parallel walker and as jwalk, the sorted iterator as jwalk's sorted walk.
fn print_targets(timings: &[Timing<'_>]) {
    let find = |pred: &dyn Fn(&Walker) -> bool| timings.iter().find(|t| pred(t.walker)).unwrap();
    let visitor = &timings[0];
    let sorted = find(&|w| w.sorted && w.name.starts_with("pfind-walk"));
    let pairs = [
        (find(&|w| w.name == "ignore WalkParallel"), visitor),
        (find(&|w| w.name == "jwalk"), visitor),
        (find(&|w| w.sorted && w.name.starts_with("jwalk")), sorted),
    ];
    println!();
    println!("targets (issue 21: each at least 2×):");
    for (theirs, ours) in pairs {
        let r = ratio(theirs.median, ours.median);
        let verdict = if r >= 2.0 { "met" } else { "MISSED" };
        println!(
            "- {} / {}: {r:.2}× ({verdict})",
            theirs.walker.name, ours.walker.name
        );
    }
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

/// The CPU time this process has used, user and system, all threads (zero where
/// there is no process CPU clock).
fn cpu_time() -> Duration {
    #[cfg(unix)]
    {
        let time = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
        Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
    }
    #[cfg(not(unix))]
    Duration::ZERO
}

/// The 1, 5 and 15-minute load averages (Linux), or "n/a".
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "n/a".to_string())
}
