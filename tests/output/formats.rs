//! Output and actions (#4): --sort against `LC_ALL=C sort`, stopping early
//! (--max-results, -1, -q, --max-time, a reader going away, SIGINT), commands (-x, -X),
//! --format, --json, -c, --stats, --progress off a terminal, colors into a pipe (on a
//! terminal: `terminal/`).

use std::io::Read;
#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::testenv::*;

/// Waits for `child`, failing the test if it has not ended after `limit` (a hang
/// guard, not a timing assertion).
fn wait_or_fail(child: &mut Child, limit: Duration, what: &str) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("pfind still running after {limit:?}: {what}");
        }
        sleep(Duration::from_millis(20));
    }
}

/// A tree with `dirs` directories of `files` files each, with long names so that the
/// output is much larger than a pipe's buffer.
fn wide_tree(dirs: usize, files: usize) -> TestEnv {
    let env = TestEnv::new();
    for d in 0..dirs {
        let dir = format!("directory-number-{d:04}");
        env.mkdir(&dir);
        for f in 0..files {
            env.touch(format!(
                "{dir}/a-rather-long-file-name-to-fill-pipes-{f:05}.txt"
            ));
        }
    }
    env
}

/// Records in output order (not sorted), split on `sep`.
fn in_order(bytes: &[u8], sep: u8) -> Vec<Vec<u8>> {
    let mut records: Vec<Vec<u8>> = bytes.split(|b| *b == sep).map(<[u8]>::to_vec).collect();
    if records.last().is_some_and(Vec::is_empty) {
        records.pop();
    }
    records
}

/// `LC_ALL=C sort -z` of `input`, when `sort` exists.
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
    let env = wide_tree(20, 20);
    let all = env.run(["--sort"]);
    let run = env.run(["--sort", "--max-results", "5", "-j", "4"]);
    run.expect_code(0);
    assert_eq!(
        in_order(run.stdout(), b'\n'),
        in_order(all.stdout(), b'\n')[..5].to_vec()
    );
}

#[test]
fn max_results_never_prints_more_than_n_whole_lines() {
    let env = wide_tree(40, 50);
    let everything = env.run::<_, &str>([]).lines();
    for _ in 0..5 {
        let run = env.run(["--max-results", "7", "-j", "8"]);
        run.expect_code(0);
        let lines = run.lines();
        assert_eq!(lines.len(), 7, "{}", run.context());
        assert!(run.stdout().ends_with(b"\n"));
        for line in &lines {
            assert!(everything.binary_search(line).is_ok(), "torn line {line:?}");
        }
        let run = env.run(["-1", "-j", "8", ".", "txt"]);
        assert_eq!(run.lines().len(), 1, "{}", run.context());
    }
    let run = env.run(["--max-results", "0"]);
    assert!(run.stdout().is_empty());
}

#[test]
fn quiet_prints_nothing_and_answers_with_the_status() {
    let env = wide_tree(5, 5);
    let run = env.run(["-q", ".", "00003"]);
    run.expect_code(0);
    assert!(
        run.stdout().is_empty() && run.stderr().is_empty(),
        "{}",
        run.context()
    );
    let run = env.run(["-q", ".", "no-such-name"]);
    run.expect_code(1);
    assert!(run.stdout().is_empty());
}

#[test]
fn count_prints_the_number_of_matches() {
    let env = wide_tree(3, 4);
    let run = env.run(["-c", ".", "txt"]);
    run.expect_code(0);
    assert_eq!(run.stdout(), b"12\n");
    let run = env.run(["-c", ".", "no-such-name"]);
    run.expect_code(1);
    assert_eq!(run.stdout(), b"0\n");
    let run = env.run(["-c", "--max-results", "5"]);
    assert_eq!(run.stdout(), b"5\n");
}

#[test]
fn max_time_keeps_what_was_printed_and_exits_2() {
    let env = wide_tree(40, 100);
    let mut child = env
        .pfind(["--max-time", "100ms", "-j", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pfind");
    // Not reading lets the pipe fill, so the walk is still going when time runs out.
    sleep(Duration::from_millis(600));
    let mut stdout = Vec::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_end(&mut stdout)
        .expect("read");
    let status = wait_or_fail(&mut child, Duration::from_secs(30), "--max-time");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read");
    assert_eq!(status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains("--max-time"), "stderr: {stderr}");
    let everything = env.run::<_, &str>([]).lines();
    let got = split_sorted(&stdout, b'\n');
    assert!(
        !got.is_empty() && got.len() < everything.len(),
        "{} lines",
        got.len()
    );
    assert!(stdout.ends_with(b"\n"));
    for line in &got {
        assert!(everything.binary_search(line).is_ok(), "torn line {line:?}");
    }
}

#[test]
fn max_time_that_does_not_expire_changes_nothing() {
    let env = wide_tree(2, 2);
    let run = env.run(["--max-time", "10m"]);
    run.expect_code(0);
    assert_eq!(run.lines().len(), 6);
}

#[cfg(unix)]
// Unix-only: Windows cannot wait for a pipe's reader to go away without writing (no poll), so a search that prints nothing runs on.
#[test]
fn reader_going_away_ends_a_search_that_prints_nothing() {
    // A walk of / that matches nothing: without the pipe watcher it would only end
    // when the whole filesystem is read.
    let mut child = Command::new(env!("CARGO_BIN_EXE_pfind"))
        .args(["/", "no-such-name-anywhere-\u{1}"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn pfind");
    sleep(Duration::from_millis(50));
    drop(child.stdout.take());
    wait_or_fail(
        &mut child,
        Duration::from_secs(60),
        "reader closed, nothing printed",
    );
}

#[cfg(unix)] // Unix-only: Unix system calls.
#[test]
fn sigint_stops_the_walk_and_exits_130() {
    let env = wide_tree(40, 100);
    let mut child = env
        .pfind(["--color", "always"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn pfind");
    // The pipe is not read: pfind blocks writing, as in front of a stalled pager.
    sleep(Duration::from_millis(300));
    rustix::process::kill_process(
        rustix::process::Pid::from_child(&child),
        rustix::process::Signal::INT,
    )
    .expect("kill -INT");
    let status = wait_or_fail(&mut child, Duration::from_secs(30), "after SIGINT");
    assert_eq!(status.code(), Some(130));
}

#[cfg(unix)] // Unix-only: runs Unix programs (sh, echo, true).
#[test]
fn exec_runs_once_per_result_with_placeholders_and_unmixed_output() {
    let env = TestEnv::with(&["d.x", "e"], &["d.x/f.tar.gz", "e/g", "h.rs"]);
    let run = env.run([
        ".",
        "",
        "-j",
        "4",
        "-x",
        "sh",
        "-c",
        r#"printf '%s\n' "$1" "$2" "$3" "$4" "$5""#,
        "sh",
        "{}",
        "{/}",
        "{//}",
        "{.}",
        "{/.}",
        ";",
    ]);
    run.expect_code(0);
    let lines = in_order(run.stdout(), b'\n');
    let groups: Vec<Vec<String>> = lines
        .chunks(5)
        .map(|c| {
            c.iter()
                .map(|l| String::from_utf8_lossy(l).into_owned())
                .collect()
        })
        .collect();
    assert_eq!(groups.len(), 5, "{}", run.context());
    // Each command's five lines arrive together.
    let tar = groups
        .iter()
        .find(|g| g[0] == "./d.x/f.tar.gz")
        .expect("f.tar.gz");
    assert_eq!(
        tar,
        &[
            "./d.x/f.tar.gz",
            "f.tar.gz",
            "./d.x",
            "./d.x/f.tar",
            "f.tar"
        ]
    );
    let dir = groups.iter().find(|g| g[0] == "./d.x").expect("d.x");
    assert_eq!(dir, &["./d.x", "d.x", ".", "./d", "d"]);
}

#[cfg(unix)] // Unix-only: random trees of names Windows forbids and symbolic links.
#[test]
fn exec_passes_hostile_names_as_exact_bytes() {
    let env = TestEnv::new();
    random_tree(&env, 11, 150);
    let want = env.run(["-0"]).records();
    let run = env.run(["-x", "printf", "%s\\0"]);
    run.expect_code(0);
    assert_same(&run.records(), &want, &run.context());
    let run = env.run(["-X", "printf", "%s\\0", ";"]);
    run.expect_code(0);
    assert_same(&run.records(), &want, &run.context());
}

#[cfg(unix)] // Unix-only: runs Unix programs (sh, echo, true).
#[test]
fn exec_batch_runs_as_few_commands_as_fit() {
    let env = wide_tree(3, 10);
    let run = env.run(["-X", "sh", "-c", "echo $#", "sh", ";"]);
    run.expect_code(0);
    assert_eq!(run.stdout(), b"33\n", "{}", run.context());
    let run = env.run([".", "00001", "-X", "echo", "--file={/}", "last"]);
    run.expect_code(0);
    let text = String::from_utf8_lossy(run.stdout()).into_owned();
    assert_eq!(text.matches("--file=a-rather").count(), 3, "{text}");
    assert!(text.trim_end().ends_with("last"), "{text}");
}

#[cfg(unix)] // Unix-only: runs Unix programs (sh, echo, true).
#[test]
fn failing_or_missing_commands_make_the_status_2() {
    let env = TestEnv::with(&[], &["a", "b"]);
    env.run(["-x", "false"]).expect_code(2);
    env.run(["-X", "false"]).expect_code(2);
    let run = env.run(["-x", "pfind-no-such-command-xyz"]);
    run.expect_code(2);
    assert!(
        run.stderr().contains("pfind-no-such-command-xyz"),
        "{}",
        run.context()
    );
    env.run(["-x", "true"]).expect_code(0);
    env.run([".", "none", "-x", "true"]).expect_code(1);
}

#[test]
fn format_uses_the_same_placeholders() {
    let env = TestEnv::with(&["src"], &["src/main.tar.gz"]);
    let run = env.run(["src", "main", "--format", "{}|{/}|{//}|{.}|{/.}|{x}"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout(),
        b"src/main.tar.gz|main.tar.gz|src|src/main.tar|main.tar|{x}\n"
    );
}

#[cfg(unix)] // Unix-only: names that are not UTF-8.
#[test]
fn json_objects_are_lossless() {
    let env = TestEnv::new();
    env.mkdir("dir");
    env.write("dir/five", b"12345");
    env.touch(std::ffi::OsStr::from_bytes(b"bad\xff\nname"));
    let run = env.run(["--json", "--json-fields", "size,mode,mtime", "--sort"]);
    run.expect_code(0);
    let objects: Vec<serde_json::Value> = in_order(run.stdout(), b'\n')
        .iter()
        .map(|line| serde_json::from_slice(line).expect("each line is one JSON object"))
        .collect();
    assert_eq!(objects.len(), 3, "{}", run.context());
    let bad = &objects[0];
    assert!(bad.get("path").is_none());
    let bytes: Vec<u8> = bad["path_bytes"]
        .as_array()
        .expect("path_bytes is an array")
        .iter()
        .map(|b| b.as_u64().expect("byte") as u8)
        .collect();
    assert_eq!(bytes, b"bad\xff\nname");
    assert_eq!(objects[1]["path"], "dir");
    assert_eq!(objects[1]["type"], "dir");
    assert_eq!(objects[2]["path"], "dir/five");
    assert_eq!(objects[2]["depth"], 2);
    assert_eq!(objects[2]["size"], 5);
    assert_eq!(
        objects[2]["mode"].as_u64().map(|m| m & 0o170000),
        Some(0o100000)
    );
    assert!(objects[2]["mtime"]
        .as_i64()
        .is_some_and(|t| t > 1_000_000_000));
    // Without --json-fields, no stat fields.
    let run = env.run(["--json", ".", "five"]);
    assert_eq!(
        run.stdout(),
        b"{\"path\":\"./dir/five\",\"type\":\"file\",\"depth\":2}\n"
    );
}

#[test]
fn stats_go_to_stderr_and_count_entries() {
    let env = wide_tree(3, 4);
    let run = env.run(["--stats", ".", "00002"]);
    run.expect_code(0);
    assert_eq!(run.lines().len(), 3);
    let stderr = run.stderr();
    for expected in [
        "directories read: 4",
        "entries seen:     16", // the root is an entry too
        "matches:          3",
        "errors:           0",
        "entries/s:",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?}\n{stderr}");
    }
}

#[test]
fn progress_is_silent_when_stderr_is_not_a_terminal() {
    let env = wide_tree(3, 4);
    let run = env.run(["--progress"]);
    run.expect_code(0);
    assert!(run.stderr().is_empty(), "{}", run.context());
}

#[test]
fn colors_follow_the_flag_in_a_pipe() {
    let env = TestEnv::with(&["dir"], &["dir/file.rs"]);
    let colored = env.run(["--color", "always"]);
    assert!(
        colored.stdout().windows(2).any(|w| w == b"\x1b["),
        "{}",
        colored.context()
    );
    for args in [vec!["--color", "never"], vec![], vec!["--color", "auto"]] {
        let run = env.run(&args);
        assert!(!run.stdout().contains(&0x1b), "{args:?}: {}", run.context());
    }
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

/// `--stats` on a tiny tree said `elapsed: 0.000 s` and `entries/s: 452845`.
#[test]
fn regression_stats_on_a_tiny_tree_show_a_real_time_and_no_rate() {
    let env = TestEnv::with(&["d"], &["d/x"]);
    let run = env.run(["--stats"]);
    run.expect_code(0);
    let stderr = run.stderr();
    let value = |key: &str| {
        stderr
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    let elapsed = value("elapsed:");
    let (number, unit) = elapsed.split_once(' ').expect("a number and a unit");
    let seconds = number.parse::<f64>().expect("a number") * if unit == "ms" { 0.001 } else { 1.0 };
    assert!(seconds > 0.0, "{stderr}");
    let rate = value("entries/s:");
    if seconds < 0.01 {
        assert!(rate.starts_with('-'), "{stderr}");
    } else {
        assert!(rate.parse::<f64>().is_ok(), "{stderr}");
    }
}
