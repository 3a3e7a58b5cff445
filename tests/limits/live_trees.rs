//! Scale and abuse: a directory of 100,000 entries, bad usage, absurd thread counts, a
//! tree mutating under the walk, and /proc and /sys.

use super::*;

#[test]
fn directory_with_100000_entries_equals_find() {
    let env = TestEnv::new();
    env.mkdir("wide");
    // Hard links to two files (ext4 allows 65,000 links each): creating 100,000
    // inodes took 15 s of kernel time here, adding directory entries takes 2.
    let wide = fs::File::open(env.path("wide")).expect("open wide");
    env.touch("wide/0");
    env.touch("wide/50000");
    for i in 1..100_000u32 {
        if i != 50_000 {
            let source = if i < 50_000 { "0" } else { "50000" };
            let flags = rustix::fs::AtFlags::empty();
            rustix::fs::linkat(&wide, source, &wide, i.to_string(), flags).expect("link");
        }
    }
    // Not env.run: listing a 100,000-entry tree for a failure message costs seconds.
    let output = |args: &[&str]| run_guarded(&mut env.pfind(args), "100,000 entries");
    let listed = output(&["-0", "-j", "8", "wide", ""]);
    assert_clean_exit(&listed, &[0], "pfind -j 8 wide");
    let got = split_sorted(&listed.stdout, b'\0');
    assert_eq!(
        got.len(),
        100_000,
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    let mut want: Vec<Vec<u8>> = (0..100_000u32)
        .map(|i| format!("wide/{i}").into_bytes())
        .collect();
    want.sort();
    assert!(got == want, "100,000-entry listing differs");
    if have_find() {
        let found = find_in(env.root(), &[os(b"wide"), os(b"-mindepth"), os(b"1")]);
        assert!(got == found, "differs from find");
    }
    let matched = output(&["-j", "1", "wide", "9999"]);
    // 9999, 19999 ... 99999 and 99990 ... 99998
    assert_eq!(split_sorted(&matched.stdout, b'\n').len(), 19);
}

/// Clap's usage errors were five lines (reason, tip, usage, pointer to --help); every
/// invalid command line is now one `pfind: REASON (TIP)` line with status 2, while
/// --help and --version still print and succeed.
#[test]
fn usage_errors_are_one_line_with_status_2() {
    let env = TestEnv::new();
    let bad: [&[&[u8]]; 8] = [
        &[b"--bogus"],
        &[b"-X"],
        &[b"-j", b"x", b"."],
        &[b"-j", b"\xff", b"."],
        &[b"-g", b"-r", b"a", b"b"],
        &[b"-d"],
        &[b"--min-depth", b"-1", b"."],
        &[b"--bo\ngus\x1b"],
    ];
    for args in bad {
        let args: Vec<&OsStr> = args.iter().map(|a| os(a)).collect();
        let run = env.run(&args);
        run.expect_code(2);
        let err = run.stderr();
        assert!(
            err.starts_with("pfind: ") && err.ends_with('\n') && err.lines().count() == 1,
            "{}",
            run.context()
        );
        assert!(
            !err.contains('\x1b') && run.stdout().is_empty(),
            "{}",
            run.context()
        );
    }
    for flag in ["--help", "-h", "--version", "-V"] {
        let run = env.run([flag]);
        run.expect_code(0);
        assert!(
            !run.stdout().is_empty() && run.stderr().is_empty(),
            "{}",
            run.context()
        );
    }
}

/// `-j 1000000` aborted with `memory allocation of 4608 bytes failed` (a deque per
/// thread was made up front) and `-j 100000000000` asked for 3.2 TB: thread counts
/// above 1024 are now refused with one line; 1024 itself works.
#[test]
fn regression_huge_thread_counts_are_refused_not_allocated() {
    let env = TestEnv::with(&["a/b"], &["a/b/c"]);
    for threads in ["1025", "1000000", "100000000000", "18446744073709551615"] {
        let run = env.run(["-j", threads, ".", "c"]);
        run.expect_code(2);
        assert_eq!(
            run.stderr(),
            format!("pfind: --threads {threads}: not a number of threads from 1 to 1024\n")
        );
    }
    let run = env.run(["-j", "1024", ".", "c"]);
    run.expect_code(0);
    assert_eq!(run.strings(), vec!["./a/b/c"], "{}", run.context());
}

// ---------------------------------------------------------------------------------
// Races

/// Builds, renames, removes and replaces directories under `churn/` until `stop`.
fn mutate(root: &Path, stop: &AtomicBool) -> usize {
    let churn = root.join("churn");
    let mut round = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let slot = round % 8;
        let dir = churn.join(format!("d{slot}"));
        let moved = churn.join(format!("moved{slot}"));
        let _ = fs::create_dir_all(dir.join("a/b/c"));
        for i in 0..20 {
            let _ = fs::File::create(dir.join(format!("a/f{i}")));
        }
        let _ = std::os::unix::fs::symlink("..", dir.join("a/b/up"));
        let _ = fs::rename(&dir, &moved);
        match round % 4 {
            0 => {
                let _ = fs::remove_dir_all(&moved);
            }
            1 => {
                // A directory replaced by a file of the same name.
                let _ = fs::remove_dir_all(&moved);
                let _ = fs::write(&moved, b"now a file");
                let _ = fs::remove_file(&moved);
            }
            2 => {
                // Replaced by a symlink to an ancestor, then by a FIFO.
                let _ = fs::remove_dir_all(&moved);
                let _ = std::os::unix::fs::symlink("..", &moved);
                let _ = fs::remove_file(&moved);
                let _ = crate::testenv::mkfifo(&moved);
                let _ = fs::remove_file(&moved);
            }
            _ => {
                // Moved back under another name, deeper, then removed.
                let _ = fs::create_dir_all(churn.join("nest"));
                let _ = fs::rename(&moved, churn.join(format!("nest/n{slot}")));
                let _ = fs::remove_dir_all(churn.join(format!("nest/n{slot}")));
            }
        }
        round += 1;
    }
    round
}

#[test]
fn walk_survives_a_tree_mutating_underneath() {
    let env = TestEnv::new();
    let mut stable = Vec::new();
    for d in 0..10 {
        for e in 0..10 {
            env.touch(format!("stable/s{d}/t{e}/file"));
            // Printed with `./`: -0 under the implicit root (issue 14.11).
            stable.push(format!("./stable/s{d}/t{e}/file").into_bytes());
            stable.push(format!("./stable/s{d}/t{e}").into_bytes());
        }
        stable.push(format!("./stable/s{d}").into_bytes());
    }
    stable.sort();
    env.mkdir("churn");
    let stop = Arc::new(AtomicBool::new(false));
    let mutator = {
        let (root, stop) = (env.root().to_path_buf(), stop.clone());
        std::thread::spawn(move || mutate(&root, &stop))
    };
    let started = Instant::now();
    let mut runs = 0;
    // At least 24 walks, alternating -j 1 and -j 8, for at least 1.5 s of mutation.
    while runs < 24 || started.elapsed() < Duration::from_millis(1500) {
        let threads = if runs % 2 == 0 { "1" } else { "8" };
        let mut cmd = env.pfind(["-0", "-j", threads]);
        let output = run_guarded(&mut cmd, "walk under mutation");
        let what = format!("-j {threads} under mutation");
        assert_clean_exit(&output, &[0, 2], &what);
        assert_error_lines(&output.stderr, &what);
        let got = split_sorted(&output.stdout, b'\0');
        let missing: Vec<_> = stable
            .iter()
            .filter(|p| got.binary_search(p).is_err())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect();
        assert!(missing.is_empty(), "lost stable paths {missing:?} ({what})");
        runs += 1;
    }
    stop.store(true, Ordering::Relaxed);
    let rounds = mutator.join().expect("mutator");
    eprintln!(
        "{runs} walks against {rounds} mutation rounds in {:?}",
        started.elapsed()
    );
}

#[test]
fn walking_proc_and_sys_completes() {
    for root in ["/proc", "/sys"] {
        if !Path::new(root).is_dir() {
            eprintln!("skipped {root}: not mounted");
            continue;
        }
        for threads in ["1", "8"] {
            let env = TestEnv::new();
            let mut cmd = env.pfind(["-0", "-j", threads, root, ""]);
            let what = format!("pfind -j {threads} {root}");
            let output = run_guarded(&mut cmd, &what);
            assert_clean_exit(&output, &[0, 2], &what);
            assert_error_lines(&output.stderr, &what);
            let got = split_sorted(&output.stdout, b'\0');
            assert!(got.len() > 10, "{what}: only {} entries", got.len());
        }
        // --contains (merged from #3) reads files: /proc/kmsg blocks a plain read, and
        // pseudo-files answer oddly; the reads must finish all the same. /proc only to
        // depth 1 (kmsg, kcore, kpage*: reading every process's files takes seconds,
        // and pfind's own cmdline would hold the text).
        let env = TestEnv::new();
        let depth = if root == "/proc" { "1" } else { "64" };
        let args = [
            "-j",
            "8",
            "-d",
            depth,
            "--contains",
            "no-such-text",
            root,
            "",
        ];
        let what = format!("pfind {args:?}");
        let output = run_guarded(&mut env.pfind(args), &what);
        assert_clean_exit(&output, &[1, 2], &what);
        assert_error_lines(&output.stderr, &what);
    }
}

// ---------------------------------------------------------------------------------
// Resource limits and stdout
