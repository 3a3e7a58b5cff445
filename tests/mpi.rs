//! pfind across MPI ranks (#22): the binary built with `--features mpi`, run by
//! `mpirun --oversubscribe -n 1, 2, 4` on generated trees, against find. Only built
//! with the feature (`cargo test --features mpi --test mpi`); needs Open MPI's
//! `mpirun` (and `setpriv` for the unreadable-directory test).

#![cfg(feature = "mpi")]

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const PFIND: &str = env!("CARGO_BIN_EXE_pfind");
/// Any one run must end within this (they take well under a second).
const LIMIT: Duration = Duration::from_secs(60);
const RANKS: [usize; 3] = [1, 2, 4];
/// mpirun (Open MPI 4.1) waits 2 s after a rank exits non-zero (rank 0 does for "not
/// found" and errors) before it ends the job; this makes it 0, and the suite quicker.
const QUICK_ABORT: [&str; 3] = ["--mca", "odls_base_sigkill_timeout", "0"];

/// One mpirun at a time: the machine may have two cores, and the load-balance test
/// must not compete with another job's ranks.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

struct Run {
    status: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    /// The lines of stderr that pfind wrote (not mpirun's).
    fn pfind_errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("pfind:"))
            .collect()
    }
}

/// `mpirun -n RANKS pfind ARGS`, run as root (or, with `as_nobody`, all of it as
/// nobody through setpriv), within [`LIMIT`].
fn mpirun_as(ranks: usize, args: &[&[u8]], as_nobody: bool) -> Run {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // As root, --allow-run-as-root; the unreadable-directory test then runs
    // everything as nobody. Run by another user, the directory is unreadable anyway.
    let root = rustix::process::geteuid().is_root();
    let mut command = if as_nobody && root {
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            "mpirun",
        ]);
        c.env("HOME", std::env::temp_dir());
        c
    } else {
        let mut c = Command::new("mpirun");
        if root {
            c.arg("--allow-run-as-root");
        }
        c
    };
    mpirun_options(&mut command, ranks, &QUICK_ABORT);
    command
        .args(args.iter().map(|a| std::ffi::OsStr::from_bytes(a)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("mpirun runs");
    let stdout = reader(child.stdout.take().unwrap());
    let stderr = reader(child.stderr.take().unwrap());
    let status = wait_within(&mut child, LIMIT);
    Run {
        status,
        stdout: stdout.join().unwrap(),
        stderr: String::from_utf8_lossy(&stderr.join().unwrap()).into_owned(),
    }
}

/// Adds mpirun's options, `extra` among them, and pfind to `command` (mpirun, or
/// setpriv running it).
fn mpirun_options(command: &mut Command, ranks: usize, extra: &[&str]) {
    command
        .args(["--oversubscribe", "--quiet"])
        .args(extra)
        .args(["-n", &ranks.to_string(), PFIND]);
}

/// `mpirun -n RANKS pfind` (`--allow-run-as-root` is harmless as another user), for
/// tests that drive the child themselves.
fn mpirun_command(ranks: usize) -> Command {
    let mut command = Command::new("mpirun");
    command.arg("--allow-run-as-root");
    mpirun_options(&mut command, ranks, &[]);
    command
}

fn mpirun(ranks: usize, args: &[&[u8]]) -> Run {
    mpirun_as(ranks, args, false)
}

fn reader(mut from: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut all = Vec::new();
        let _ = from.read_to_end(&mut all);
        all
    })
}

/// Waits for `child`, killing it and failing past `limit`.
fn wait_within(child: &mut Child, limit: Duration) -> i32 {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().unwrap_or(-1);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("mpirun did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A tree of about `n` entries: directories with spaces and bytes that are not
/// UTF-8 in their names, `.py` files here and there, a symbolic link.
fn tree(root: &Path, n: usize) {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as usize
    };
    let mut dirs = vec![root.to_path_buf()];
    for i in 0..n {
        let parent = dirs[next(dirs.len())].clone();
        let name: Vec<u8> = match next(5) {
            0 => format!("dir {i}").into_bytes(),
            1 => [format!("d{i}").as_bytes(), b"\xff"].concat(),
            2 => format!("f{i}.py").into_bytes(),
            3 => format!("g{i}.pyc").into_bytes(),
            _ => format!("n{i}.txt").into_bytes(),
        };
        let path = parent.join(std::ffi::OsStr::from_bytes(&name));
        if name.starts_with(b"d") {
            fs::create_dir(&path).unwrap();
            dirs.push(path);
        } else {
            fs::write(&path, b"").unwrap();
        }
    }
    std::os::unix::fs::symlink("..", root.join("up")).unwrap();
}

/// What find prints for `-path '*QUERY*'` under `root`, NUL-separated, as a set.
fn find(root: &Path, query: &str) -> BTreeSet<Vec<u8>> {
    let out = Command::new("find")
        .arg(root)
        .args(["-path", &format!("*{query}*"), "-print0"])
        .output()
        .unwrap();
    assert!(out.status.success());
    split0(&out.stdout)
}

fn split0(bytes: &[u8]) -> BTreeSet<Vec<u8>> {
    bytes
        .split(|&b| b == 0)
        .filter(|r| !r.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

fn bytes(path: &Path) -> &[u8] {
    path.as_os_str().as_bytes()
}

#[test]
fn every_rank_count_prints_what_find_prints() {
    let tmp = tempfile::tempdir().unwrap();
    tree(tmp.path(), 3000);
    let root = bytes(tmp.path());
    let expected = find(tmp.path(), ".py");
    assert!(expected.len() > 100);
    for ranks in RANKS {
        let run = mpirun(ranks, &[root, b".py", b"-0"]);
        assert_eq!(run.status, 0, "-n {ranks}: {}", run.stderr);
        let records = run.stdout.split(|&b| b == 0).filter(|r| !r.is_empty());
        assert_eq!(
            records.count(),
            expected.len(),
            "-n {ranks}: a result twice"
        );
        assert_eq!(split0(&run.stdout), expected, "-n {ranks}");
        assert!(run.pfind_errors().is_empty(), "{}", run.stderr);

        let run = mpirun(ranks, &[root, b".py", b"-c"]);
        assert_eq!(run.status, 0);
        assert_eq!(run.stdout, format!("{}\n", expected.len()).into_bytes());

        let run = mpirun(ranks, &[root, b"no such name"]);
        assert_eq!(run.status, 1, "-n {ranks}: nothing found");
        assert!(run.stdout.is_empty());
    }
    // Started without mpirun, the same binary is plain pfind.
    let out = Command::new(PFIND)
        .args([tmp.path().as_os_str()])
        .arg(".py")
        .arg("-0")
        .output()
        .unwrap();
    assert_eq!(split0(&out.stdout), expected);
}

#[test]
fn max_results_prints_exactly_that_many_and_q_exits_0() {
    let tmp = tempfile::tempdir().unwrap();
    tree(tmp.path(), 3000);
    let root = bytes(tmp.path());
    let expected = find(tmp.path(), ".py");
    for ranks in RANKS {
        let run = mpirun(ranks, &[root, b".py", b"--max-results", b"3"]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        let lines: Vec<&[u8]> = run
            .stdout
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(
            lines.len(),
            3,
            "-n {ranks}: {:?}",
            String::from_utf8_lossy(&run.stdout)
        );
        assert!(lines.iter().all(|l| expected.contains(*l)));

        let run = mpirun(ranks, &[root, b".py", b"--max-results", b"3", b"-c"]);
        assert_eq!(run.stdout, b"3\n", "-n {ranks}");

        let run = mpirun(ranks, &[root, b".py", b"-q"]);
        assert_eq!(run.status, 0, "-n {ranks}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        let run = mpirun(ranks, &[root, b"no such name", b"-q"]);
        assert_eq!(run.status, 1, "-n {ranks}");
    }
}

#[test]
fn an_unreadable_directory_is_reported_once_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    tree(tmp.path(), 500);
    let locked = tmp.path().join("locked");
    fs::create_dir_all(locked.join("inside")).unwrap();
    fs::write(locked.join("inside/hidden.py"), b"").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let mut expected = find(tmp.path(), ".py");
    expected.retain(|p| !p.starts_with(bytes(&locked)));
    for ranks in RANKS {
        let run = mpirun_as(ranks, &[bytes(tmp.path()), b".py", b"-0"], true);
        assert_eq!(run.status, 2, "-n {ranks}: {}", run.stderr);
        assert_eq!(split0(&run.stdout), expected, "-n {ranks}");
        let errors = run.pfind_errors();
        assert_eq!(errors.len(), 1, "-n {ranks}: {errors:?}");
        assert!(
            errors[0].ends_with("locked: Permission denied"),
            "{errors:?}"
        );
    }
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_one_entry_tree_ends_on_every_rank() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("only.py"), b"").unwrap();
    for ranks in RANKS {
        let start = Instant::now();
        let run = mpirun(ranks, &[bytes(tmp.path()), b".py"]);
        assert_eq!(run.status, 0);
        let expected = format!("{}\n", tmp.path().join("only.py").display());
        assert_eq!(String::from_utf8_lossy(&run.stdout), expected);
        assert!(start.elapsed() < Duration::from_secs(20));
    }
    // A root that is a file: what pfind alone says, once.
    let file = tmp.path().join("only.py");
    let alone = Command::new(PFIND).arg(&file).arg(".py").output().unwrap();
    let run = mpirun(4, &[bytes(&file), b".py"]);
    assert_eq!(Some(run.status), alone.status.code());
    assert_eq!(run.stdout, alone.stdout);
    assert_eq!(run.pfind_errors().len(), 1, "{}", run.stderr);
}

#[test]
fn on_a_wide_tree_every_rank_reads_directories() {
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..300 {
        for j in 0..8 {
            let dir = tmp.path().join(format!("w{i}/s{j}"));
            fs::create_dir_all(&dir).unwrap();
            for k in 0..4 {
                fs::write(dir.join(format!("f{k}.py")), b"").unwrap();
            }
        }
    }
    for ranks in [2, 4] {
        let run = mpirun(
            ranks,
            &[bytes(tmp.path()), b".py", b"-c", b"--stats", b"-j", b"1"],
        );
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert_eq!(run.stdout, b"9600\n");
        let lines: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("rank "))
            .collect();
        assert_eq!(lines.len(), ranks, "{}", run.stderr);
        let mut dirs = 0;
        for line in &lines {
            // "rank I: D directories, E entries, steals given G taken T, B bytes sent"
            let read: u64 = line
                .split(": ")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert!(read > 0, "a rank read nothing: {}", run.stderr);
            dirs += read;
        }
        assert_eq!(dirs, 1 + 300 + 300 * 8, "{}", run.stderr);
        assert!(
            run.stderr.contains("directories read: 2701"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_reader_that_goes_away_ends_every_rank() {
    let tmp = tempfile::tempdir().unwrap();
    tree(tmp.path(), 8000);
    for ranks in [2, 4] {
        let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let mut child = mpirun_command(ranks)
            .arg(tmp.path())
            .args(["", "-j", "1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        assert!(!line.is_empty());
        drop(out);
        let status = wait_within(&mut child, Duration::from_secs(30));
        assert_ne!(status, 0, "-n {ranks}: ended as if all was printed");
        // mpirun (Open MPI aborts the job when its stdout goes away) left no rank
        // running.
        let start = Instant::now();
        while let Some(pid) = rank_running(tmp.path()) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "rank {pid} still runs"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A process (not a zombie) whose command line names `root`, if any.
fn rank_running(root: &Path) -> Option<u32> {
    for entry in fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let cmdline = fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let names_root = cmdline.split(|&b| b == 0).any(|arg| arg == bytes(root));
        let stat = fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let zombie = stat
            .rsplit(") ")
            .next()
            .is_some_and(|rest| rest.starts_with('Z'));
        if names_root && !zombie && pid != std::process::id() {
            return Some(pid);
        }
    }
    None
}

#[test]
fn what_cannot_run_across_ranks_is_refused_in_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        &[b"--sort".as_slice()][..],
        &[b"-x", b"true"],
        &[b"-X", b"true"],
        &[b"--progress"],
    ] {
        let mut all: Vec<&[u8]> = vec![bytes(tmp.path())];
        all.extend_from_slice(args);
        let run = mpirun(2, &all);
        assert_eq!(run.status, 2, "{args:?}");
        let errors = run.pfind_errors();
        assert_eq!(errors.len(), 1, "{args:?}: {}", run.stderr);
        assert!(
            errors[0].contains("cannot run across MPI ranks"),
            "{errors:?}"
        );
    }
}

/// pfind alone on the same arguments: its exit status and its results as a set.
fn alone(args: &[&[u8]]) -> (i32, BTreeSet<Vec<u8>>) {
    let out = Command::new(PFIND)
        .args(args.iter().map(|a| std::ffi::OsStr::from_bytes(a)))
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), split0(&out.stdout))
}

#[test]
fn several_roots_links_depth_and_ignore_files_give_what_pfind_alone_gives() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    fs::create_dir(&a).unwrap();
    fs::create_dir(&b).unwrap();
    tree(&a, 1500);
    tree(&b, 500);
    // Links for -L: one to a sibling tree, one back up (a loop, reported).
    std::os::unix::fs::symlink(&b, a.join("to b")).unwrap();
    fs::write(a.join(".gitignore"), b"*.pyc\ndir 1*\n").unwrap();
    fs::create_dir(a.join(".git")).unwrap();
    let (a, b) = (bytes(&a), bytes(&b));
    let runs: [&[&[u8]]; 5] = [
        &[a, b, b".py", b"-0"],
        &[a, b".py", b"-0", b"-L"],
        &[a, b".py", b"-0", b"-d", b"2"],
        &[a, b".py", b"-0", b"--gitignore"],
        &[a, b"1", b"-0", b"--json"],
    ];
    for args in runs {
        let (status, expected) = alone(args);
        for ranks in [2, 4] {
            let run = mpirun(ranks, args);
            let shown: Vec<String> = args
                .iter()
                .map(|a| String::from_utf8_lossy(a).into())
                .collect();
            assert_eq!(run.status, status, "-n {ranks} {shown:?}: {}", run.stderr);
            assert_eq!(split0(&run.stdout), expected, "-n {ranks} {shown:?}");
        }
    }
}

#[test]
fn max_time_stops_every_rank_on_rank_0s_clock() {
    let tmp = tempfile::tempdir().unwrap();
    tree(tmp.path(), 6000);
    let all = find(tmp.path(), "").len();
    for ranks in [2, 4] {
        let root = bytes(tmp.path());
        let run = mpirun(
            ranks,
            &[root, b"", b"-0", b"-j", b"1", b"--max-time", b"1ms"],
        );
        assert_eq!(run.status, 2, "-n {ranks}: {}", run.stderr);
        let errors = run.pfind_errors();
        assert_eq!(errors.len(), 1, "-n {ranks}: {errors:?}");
        assert!(errors[0].contains("--max-time 1ms"), "{errors:?}");
        assert!(
            split0(&run.stdout).len() < all - 1,
            "-n {ranks}: nothing was cut short"
        );
    }
}

/// The resident memory of each rank (a process running pfind on `root`), in bytes.
fn ranks_memory(root: &Path) -> Vec<u64> {
    let mut rss = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let cmdline = fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let mut args = cmdline.split(|&b| b == 0);
        let is_rank = args.next() == Some(PFIND.as_bytes()) && args.any(|a| a == bytes(root));
        if !is_rank {
            continue;
        }
        let status = fs::read_to_string(entry.path().join("status")).unwrap_or_default();
        let kib = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
        rss.extend(kib.map(|k| k * 1024));
    }
    rss
}

#[test]
fn a_stalled_reader_holds_every_rank_to_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    tree(tmp.path(), 3000);
    let all = find(tmp.path(), "").len();
    // Each result some 40 KB: 100 MB and more in all.
    let template = "{}".repeat(700);
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut child = mpirun_command(4)
        .arg(tmp.path())
        .args(["", "-j", "1", "--format", &template])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    // Nobody reads for a while: the ranks must wait, not hold the output.
    std::thread::sleep(Duration::from_secs(2));
    let memory = ranks_memory(tmp.path());
    let reading = std::thread::spawn(move || {
        let mut all = Vec::new();
        out.read_to_end(&mut all).unwrap();
        all
    });
    let status = wait_within(&mut child, LIMIT);
    let printed = reading.join().unwrap();
    assert_eq!(status, 0);
    // Everything but the root itself (find lists it, pfind does not by default).
    assert_eq!(printed.iter().filter(|&&b| b == b'\n').count(), all - 1);
    assert!(printed.len() > 100 << 20, "only {} bytes", printed.len());
    assert_eq!(memory.len(), 4, "ranks seen: {memory:?}");
    for rss in memory {
        assert!(rss < 64 << 20, "a rank held {} MiB", rss >> 20);
    }
}
