//! `--sort`: exactly `| LC_ALL=C sort` (`sort -z` with -0), streamed, whatever the
//! tree (hostile names), the roots (the same directory under two spellings, nested
//! roots, a root given twice: 14.3), the depth limits, unreadable directories,
//! `--max-results` or `-X`; with and without room to hold results ahead
//! (`PFIND_SORT_HOLD_LIMIT`). The oracle is sort(1), or Rust's byte order without it.

#[cfg(unix)]
use std::ffi::OsStr;
#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;
#[cfg(unix)]
use std::process::{Command, Stdio};

use crate::testenv::*;

/// `pfind -0 ARGS`, its records sorted bytewise (what `LC_ALL=C sort -z` prints).
fn sorted_plain(env: &TestEnv, args: &[&str]) -> Vec<Vec<u8>> {
    let mut all = vec!["-0"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    let mut records = in_order(run.stdout(), 0);
    records.sort();
    records
}

/// `LC_ALL=C sort -z` of `input`, when `sort` exists.
#[cfg(unix)]
fn c_sort_z(input: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut child = Command::new("sort")
        .arg("-z")
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    Some(output.stdout)
}

/// Asserts `pfind --sort -0 ARGS` prints `pfind -0 ARGS | LC_ALL=C sort -z`, at one and
/// four threads, with and without room to hold results ahead.
fn assert_sorted(env: &TestEnv, args: &[&str]) {
    let want = sorted_plain(env, args);
    for threads in ["1", "4"] {
        for hold in ["67108864", "0"] {
            let mut all = vec!["--sort", "-0", "-j", threads];
            all.extend_from_slice(args);
            let mut cmd = env.pfind(&all);
            cmd.env("PFIND_SORT_HOLD_LIMIT", hold);
            let run = Run::of(&mut cmd, env);
            let got = in_order(run.stdout(), 0);
            assert!(
                got == want,
                "--sort {args:?} (-j {threads}, hold {hold}) is not sort -z:\n got: {:?}\nwant: {:?}\n{}",
                got.iter().map(|r| String::from_utf8_lossy(r)).collect::<Vec<_>>(),
                want.iter().map(|r| String::from_utf8_lossy(r)).collect::<Vec<_>>(),
                run.context()
            );
        }
    }
}

#[test]
fn sort_puts_slash_after_dash_and_dot() {
    let env = TestEnv::with(
        &["a/x", "a-b", "a.c", "b"],
        &["a/x/1", "a-b/2", "a.c/3", "a0"],
    );
    let run = env.run(["--sort"]);
    run.expect_code(0);
    let want = "a\na-b\na-b/2\na.c\na.c/3\na/x\na/x/1\na0\nb\n";
    assert_eq!(
        String::from_utf8_lossy(run.stdout()),
        want,
        "{}",
        run.context()
    );
    // Several roots, given out of order, are merged in path order too.
    let run = env.run(["--sort", "a.c", "a", "a-b", ""]);
    let want = "a-b/2\na.c/3\na/x\na/x/1\n";
    assert_eq!(
        String::from_utf8_lossy(run.stdout()),
        want,
        "{}",
        run.context()
    );
    // Roots printed themselves sort among the other roots' results; a file root and a
    // missing root do not hold anything up.
    let run = env.run([
        "--sort",
        "--min-depth",
        "0",
        "a0",
        "a.c",
        "a",
        "none",
        "a-b",
        "",
    ]);
    run.expect_code(2);
    let want = "a\na-b\na-b/2\na.c\na.c/3\na/x\na/x/1\na0\n";
    assert_eq!(
        String::from_utf8_lossy(run.stdout()),
        want,
        "{}",
        run.context()
    );
}

#[cfg(unix)] // Unix-only: random trees of names Windows forbids and symbolic links.
#[test]
fn sort_equals_c_sort_on_hostile_trees() {
    for seed in [1, 2, 3] {
        let env = TestEnv::new();
        random_tree(&env, seed, 400);
        for threads in ["1", "4"] {
            for args in [
                vec![],
                vec![".", ""],
                vec![".", "a"],
                vec![".", "-b", "-g", "*.py*"],
                vec![".", "", "-t", "f"],
                vec!["-E", "*a*"],
            ] {
                let mut sorted_args = vec!["--sort", "-0", "-j", threads];
                sorted_args.extend(&args);
                let sorted = env.run(&sorted_args);
                sorted.expect_code(0);
                // With no room to hold results ahead, threads reading ahead wait.
                let mut throttled = env.pfind(&sorted_args);
                throttled.env("PFIND_SORT_HOLD_LIMIT", "0");
                let throttled = Run::of(&mut throttled, &env);
                assert!(
                    throttled.stdout() == sorted.stdout(),
                    "hold limit 0 changes the output\n{}",
                    throttled.context()
                );
                let mut plain_args = vec!["-0"];
                plain_args.extend(&args);
                let plain = env.run(&plain_args);
                let want = c_sort_z(plain.stdout()).unwrap_or_else(|| {
                    // No sort(1): Rust's byte order is the C locale's.
                    let mut records = plain.records();
                    records.sort();
                    records
                        .into_iter()
                        .flat_map(|mut r| {
                            r.push(0);
                            r
                        })
                        .collect()
                });
                assert!(
                    sorted.stdout() == want.as_slice(),
                    "seed {seed}, -j {threads}, {args:?}: --sort differs from sort -z\n{}",
                    sorted.context()
                );
            }
        }
    }
}

#[test]
fn regression_sort_interleaves_roots_that_overlap() {
    // Issue 14.3: `pfind --sort d d/ ''` printed the first root's list, then the
    // second's.
    let env = TestEnv::with(
        &["d/b/c", "d/.h", "d/-x", "e"],
        &[
            "d/a", "d/b/x", "d/b/c/y", "d/c", "d/ z", "d/.h/i", "d/-x/j", "e/k",
        ],
    );
    for roots in [
        &["d", "d/"][..],
        &["d/", "d"],
        &["d", "d"],
        &["d", "d/b"],
        &["d/b", "d"],
        &["d", "d/."],
        &["d/.", "d", "d/b/c"],
        &["d", "d//b"],
        &["d", "d/b/.."],
        &[".", "./d", "d", "e"],
        &["d/b", "d/b/c", "d/", "e"],
    ] {
        for extra in [&[][..], &["--min-depth", "0"], &["-d", "1"], &["-t", "f"]] {
            let mut args = extra.to_vec();
            args.extend_from_slice(roots);
            args.push("");
            assert_sorted(&env, &args);
        }
    }
}

#[cfg(unix)] // Unix-only: names that are not UTF-8, random trees of names Windows forbids and symbolic links.
#[test]
fn sort_equals_c_sort_with_overlapping_roots_on_hostile_trees() {
    for seed in [4, 5] {
        let env = TestEnv::new();
        let created = random_tree(&env, seed, 200);
        let mut rng = Rng::new(seed);
        let dirs: Vec<String> = created
            .iter()
            .filter(|p| env.path(OsStr::from_bytes(p)).is_dir())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .filter(|p| !p.contains(['\n', '\u{fffd}']))
            .collect();
        for _ in 0..4 {
            let mut roots: Vec<String> = vec![".".to_string()];
            for _ in 0..3 {
                let dir = rng.pick(&dirs).clone();
                let spelled = match rng.below(3) {
                    0 => dir,
                    1 => format!("{dir}/"),
                    _ => format!("./{dir}"),
                };
                roots.push(spelled);
            }
            let mut args = vec!["--"];
            args.extend(roots.iter().map(String::as_str));
            args.push("");
            assert_sorted(&env, &args);
        }
    }
}

#[cfg(unix)] // Unix-only: Unix permission bits, random trees of names Windows forbids and symbolic links.
#[test]
fn sort_with_max_depth_min_depth_and_unreadable_directories() {
    let env = TestEnv::new();
    random_tree(&env, 7, 300);
    env.mkdir("locked/inside");
    env.touch("locked/inside/x");
    env.chmod("locked", 0o000);
    for args in [vec!["--max-depth", "2"], vec!["--min-depth", "2"], vec![]] {
        let mut sorted_args = vec!["--sort", "-0"];
        sorted_args.extend(&args);
        let sorted = env.run(&sorted_args);
        let mut plain_args = vec!["-0"];
        plain_args.extend(&args);
        let plain = env.run(&plain_args);
        assert_eq!(sorted.code(), plain.code(), "{}", sorted.context());
        let got = in_order(sorted.stdout(), 0);
        assert_same(&got, &plain.records(), &sorted.context());
    }
    env.chmod("locked", 0o755);
}

#[test]
fn sort_max_results_prints_the_first_n_in_sorted_order() {
    let env = pipe_filling_tree(20, 20);
    let all = env.run(["--sort"]);
    let run = env.run(["--sort", "--max-results", "5", "-j", "4"]);
    run.expect_code(0);
    assert_eq!(
        in_order(run.stdout(), b'\n'),
        in_order(all.stdout(), b'\n')[..5].to_vec()
    );
}

#[cfg(unix)] // Unix-only: random trees of names Windows forbids and symbolic links.
/// `--sort` with `-X`: the command gets the results in sorted order, batch after batch.
#[test]
fn sort_with_exec_batch_runs_batches_in_sorted_order() {
    let env = TestEnv::new();
    random_tree(&env, 5, 300);
    // Names long enough that the results need more than one command line.
    let long = "n".repeat(200);
    for d in 0..6 {
        for f in 0..1000 {
            env.touch(format!("wide{d}/{f:04}-{long}"));
        }
    }
    let sorted = env.run(["--sort", "-0", "-j", "4"]);
    sorted.expect_code(0);
    let run = env.run([
        "--sort",
        "-j",
        "4",
        "-X",
        "sh",
        "-c",
        r#"printf '%s\0' "$@"; printf 'END\0'"#,
        "sh",
        ";",
    ]);
    run.expect_code(0);
    let mut records = in_order(run.stdout(), 0);
    let batches = records.iter().filter(|r| r.as_slice() == b"END").count();
    assert!(batches >= 2, "{batches} batch(es)");
    records.retain(|r| r.as_slice() != b"END");
    assert!(
        records == in_order(sorted.stdout(), 0),
        "-X --sort differs from --sort -0\n{}",
        run.context()
    );
    // With --max-results: the first N in order.
    let run = env.run(["--sort", "--max-results", "3", "-X", "printf", r"%s\0", ";"]);
    assert_eq!(
        in_order(run.stdout(), 0),
        in_order(sorted.stdout(), 0)[..3].to_vec()
    );
}
