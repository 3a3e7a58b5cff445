//! What the output options print into a pipe (#4): `-c`, `--json` (lossless, bytes
//! that are not UTF-8 or, on Windows, not Unicode as `path_bytes`), `--stats` on
//! stderr, `--progress` silent off a terminal, colors as the flag says (on a terminal:
//! `terminal/`). The oracles are the tree as built and serde_json.

#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;

use crate::testenv::*;

#[test]
fn count_prints_the_number_of_matches() {
    let env = pipe_filling_tree(3, 4);
    let run = env.run(["-c", ".", "txt"]);
    run.expect_code(0);
    assert_eq!(run.stdout(), b"12\n");
    let run = env.run(["-c", ".", "no-such-name"]);
    run.expect_code(1);
    assert_eq!(run.stdout(), b"0\n");
    let run = env.run(["-c", "--max-results", "5"]);
    assert_eq!(run.stdout(), b"5\n");
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
    let env = pipe_filling_tree(3, 4);
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
fn stats_show_the_thread_counts_an_elastic_walk_chose() {
    let env = pipe_filling_tree(3, 4);
    let line = |run: &Run| {
        run.stderr()
            .lines()
            .find_map(|l| l.strip_prefix("thread counts:"))
            .map(|l| l.trim().to_owned())
    };
    let fixed = env.run(["--stats", "-j", "3"]);
    fixed.expect_code(0);
    assert_eq!(line(&fixed), None, "{}", fixed.context());
    if std::env::var_os("PFIND_TEST_THREADS").is_some_and(|t| !t.is_empty()) {
        return; // Every run is given -j: no elastic walk to look at.
    }
    // A small warm tree never waits on the disk: the count stays where it began.
    let elastic = env.run(["--stats"]);
    elastic.expect_code(0);
    let counts = line(&elastic).unwrap_or_default();
    let at_start = elastic
        .stderr()
        .lines()
        .find_map(|l| l.strip_prefix("threads:"))
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default();
    assert_eq!(
        counts,
        format!("{at_start} throughout"),
        "{}",
        elastic.context()
    );
}

#[test]
fn progress_is_silent_when_stderr_is_not_a_terminal() {
    let env = pipe_filling_tree(3, 4);
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

#[cfg(windows)]
#[test]
fn json_keeps_a_name_that_is_not_valid_unicode_as_wtf8_bytes() {
    let env = TestEnv::new();
    // `a`, an unpaired lead surrogate, `b`: a name Windows allows and UTF-8 cannot say.
    use std::ffi::OsString;
    use std::os::windows::ffi::OsStringExt;
    let name = OsString::from_wide(&[0x61, 0xD800, 0x62]);
    if std::fs::write(env.path(&name), b"").is_err() {
        eprintln!("skipped: this filesystem takes no unpaired surrogate in a name");
        return;
    }
    let run = env.run(["--json", ".", ""]);
    run.expect_code(0);
    let text = String::from_utf8_lossy(run.stdout()).into_owned();
    // WTF-8: the surrogate as the three bytes UTF-8 would give it (ED A0 80).
    let want = r#"{"path_bytes":[46,47,97,237,160,128,98],"type":"file","depth":1}"#;
    assert_eq!(text.trim_end(), want, "{}", run.context());
}
