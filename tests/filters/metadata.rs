//! Filters that need a stat: `-S`, `--changed-*`, `--newer`, `-o`, each against its
//! find expression.

use std::process::Command;

use rustix::fs::{AtFlags, Timespec, Timestamps, CWD};

use super::check;
use crate::testenv::*;

/// Sets a path's modification (and access) time without following links.
fn set_mtime(env: &TestEnv, rel: &str, secs: i64) {
    let at = Timespec {
        tv_sec: secs,
        tv_nsec: 0,
    };
    let times = Timestamps {
        last_access: at,
        last_modification: at,
    };
    rustix::fs::utimensat(CWD, env.path(rel), &times, AtFlags::SYMLINK_NOFOLLOW)
        .expect("utimensat");
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

#[cfg(unix)] // Unix-only: symbolic links.
#[test]
fn size_equals_find_size_in_bytes() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    let env = TestEnv::with(&["dir", "sub/deeper"], &[]);
    for size in [
        0u64, 1, 999, 1000, 1001, 1023, 1024, 1025, 2047, 2048, 999_999, 1_000_000, 1_048_576,
        1_048_577,
    ] {
        let file = std::fs::File::create(env.path(format!("sub/f{size}"))).expect("create");
        file.set_len(size).expect("set_len");
    }
    env.symlink("sub/f1000000", "link_to_big");
    let cases: &[(&str, &str)] = &[
        ("+1k", "+999c"),
        ("-1k", "-1001c"),
        ("1000", "1000c"),
        ("1k", "1000c"),
        ("+1ki", "+1023c"),
        ("-1ki", "-1025c"),
        ("+1m", "+999999c"),
        ("-1mi", "-1048577c"),
        ("+1", "+0c"),
        ("0", "0c"),
        ("-0b", "-1c"),
        ("+1gi", "+1073741823c"),
    ];
    for (size, find_size) in cases {
        for follow in [false, true] {
            check(
                &env,
                follow,
                &["-S", size],
                "",
                &["-type", "f", "-size", find_size],
                &[],
            );
        }
    }
    check(
        &env,
        false,
        &["-S", "+1k", "-S", "-2ki"],
        "",
        &["-type", "f", "-size", "+999c", "-size", "-2049c"],
        &[],
    );
}

#[cfg(unix)] // Unix-only: symbolic links.
#[test]
fn modification_times_equal_find_newermt_and_newer() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    let env = TestEnv::with(&["d/e"], &[]);
    let now = now();
    let dated: &[(&str, i64)] = &[
        ("ten_minutes", now - 600),
        ("ninety_minutes", now - 5400),
        ("three_days", now - 3 * 86_400),
        ("ten_days", now - 10 * 86_400),
        ("d/e/jan30_noon", 1_769_774_400), // 2026-01-30 12:00:00 UTC
        ("d/e/jan31_0959", 1_769_853_599), // 2026-01-31 09:59:59 UTC
        ("d/e/jan31_1000", 1_769_853_600), // 2026-01-31 10:00:00 UTC
        ("d/jan31_1001", 1_769_853_601),   // 2026-01-31 10:00:01 UTC
        ("d/feb01", 1_769_904_000),        // 2026-02-01 00:00:00 UTC
    ];
    for (rel, secs) in dated {
        env.touch(rel);
        set_mtime(&env, rel, *secs);
    }
    env.symlink("ten_days", "new_link_to_old_file");
    set_mtime(&env, "d/e", now - 7200);
    set_mtime(&env, "d", now - 20 * 86_400);
    for tz in ["UTC", "America/New_York", "Asia/Kolkata"] {
        if tz != "UTC"
            && !std::path::Path::new("/usr/share/zoneinfo")
                .join(tz)
                .exists()
        {
            skip(&format!("time zone {tz} not installed"));
            continue;
        }
        let vars = [("TZ", tz)];
        for date in [
            "2026-01-31 10:00:00",
            "2026-01-31",
            "2026-01-31 10:00",
            "2026-01-30 12:00:00",
        ] {
            check(
                &env,
                false,
                &["--changed-within", date],
                "",
                &["-newermt", date],
                &vars,
            );
            check(
                &env,
                false,
                &["--changed-before", date],
                "",
                &["!", "-newermt", date],
                &vars,
            );
        }
    }
    // Durations, on files far from the boundaries.
    for (dur, minutes) in [
        ("2h", "-120"),
        ("30min", "-30"),
        ("2d", "-2880"),
        ("1w", "-10080"),
    ] {
        check(
            &env,
            false,
            &["--changed-within", dur],
            "",
            &["-mmin", minutes],
            &[],
        );
        check(
            &env,
            false,
            &["--changed-before", dur],
            "",
            &["!", "-mmin", minutes],
            &[],
        );
    }
    for reference in ["ninety_minutes", "d/e/jan31_1000", "new_link_to_old_file"] {
        for follow in [false, true] {
            check(
                &env,
                follow,
                &["--newer", reference],
                "",
                &["-newer", reference],
                &[],
            );
        }
    }
    let args = [
        "--changed-within",
        "4d",
        "--changed-before",
        "1h",
        "-t",
        "f",
    ];
    let expr = ["-type", "f", "-mmin", "-5760", "-mmin", "+60"];
    check(&env, false, &args, "", &expr, &[]);
}

#[cfg(unix)] // Unix-only: Unix system calls.
#[test]
fn owner_equals_find_user_and_group() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    if !is_root() {
        return skip("chown needs root");
    }
    let env = TestEnv::with(&["dir/sub"], &["root_file", "dir/sub/x"]);
    let owned: &[(&str, u32, u32)] = &[
        ("nobody_file", 65534, 65534),
        ("mixed", 0, 65534),
        ("dir/user1000", 1000, 0),
        ("dir/sub", 1000, 1000),
    ];
    for (rel, uid, gid) in owned {
        if *rel != "dir/sub" {
            env.touch(rel);
        }
        let (uid, gid) = (
            rustix::fs::Uid::from_raw(*uid),
            rustix::fs::Gid::from_raw(*gid),
        );
        rustix::fs::chownat(
            CWD,
            env.path(rel),
            Some(uid),
            Some(gid),
            AtFlags::SYMLINK_NOFOLLOW,
        )
        .expect("chown");
    }
    let cases: &[(&str, &[&str])] = &[
        ("65534", &["-user", "65534"]),
        ("nobody", &["-user", "nobody"]),
        (":65534", &["-group", "65534"]),
        (":nogroup", &["-group", "nogroup"]),
        ("!0", &["!", "-user", "0"]),
        ("0:!65534", &["-user", "0", "!", "-group", "65534"]),
        ("1000:1000", &["-user", "1000", "-group", "1000"]),
        ("root:", &["-user", "root"]),
    ];
    for (spec, expr) in cases {
        if spec.contains("nobody")
            && Command::new("id")
                .arg("nobody")
                .output()
                .map_or(true, |o| !o.status.success())
        {
            continue;
        }
        if spec.contains("nogroup")
            && Command::new("getent")
                .args(["group", "nogroup"])
                .output()
                .map_or(true, |o| !o.status.success())
        {
            continue;
        }
        check(&env, false, &["-o", spec], "", expr, &[]);
    }
}

/// `--changed-within` refused fd's `1month` and `1y` and a bare `2`; `--max-time`
/// refused `10min` and `1m30s` and took a bare `2` as seconds. One grammar now
/// (src/duration.rs), and a bare number is refused by both, with the units to add.
#[test]
fn regression_one_duration_grammar_for_changed_and_max_time() {
    let env = TestEnv::new();
    let now = now();
    // A month back is 28 to 31 days, a year 365 or 366: files far from those bounds.
    for (rel, days) in [("d20", 20), ("d45", 45), ("d300", 300), ("d400", 400)] {
        env.touch(rel);
        set_mtime(&env, rel, now - days * 86_400);
    }
    for (args, want) in [
        (["--changed-within", "1month"], "d20"),
        (["--changed-within", "1y"], "d20 d300 d45"),
        (["--changed-before", "1month"], "d300 d400 d45"),
        (["--changed-within", "2weeks 5d 23h 59m 30s"], ""),
        (["--changed-within", "3w"], "d20"),
    ] {
        let run = env.run([&args[..], &["--sort", "-b"]].concat());
        let got = run.strings().join(" ").replace("./", "");
        assert_eq!(got, want, "{}", run.context());
    }
    for limit in ["10min", "1m30s", "1h", "2weeks", "1y"] {
        env.run(["--max-time", limit]).expect_code(0);
    }
    for option in ["--max-time", "--changed-within", "--changed-before"] {
        let run = env.run([option, "2"]);
        run.expect_code(2);
        let err = run.stderr();
        assert!(
            err.contains(&format!("{option} 2: needs a unit"))
                && err.contains("2min")
                && err.lines().count() == 1,
            "{}",
            run.context()
        );
    }
}

/// Issue 20: `--changed-within 9999-12-31` was "neither a duration nor a date"; it is a
/// date, past what a timestamp holds in UTC and west of it.
#[test]
fn regression_a_date_out_of_range_says_so() {
    let env = TestEnv::new();
    for tz in ["UTC", "America/New_York"] {
        for date in ["9999-12-31", "9999-12-31 23:00"] {
            let mut cmd = env.pfind(["--changed-within", date]);
            let run = Run::of(cmd.env("TZ", tz), &env);
            run.expect_code(2);
            let err = run.stderr();
            assert!(
                err.contains("out of range") && !err.contains("neither"),
                "{}",
                run.context()
            );
        }
    }
    let run = env.run(["--changed-before", "19000y"]);
    run.expect_code(2);
    assert!(run.stderr().contains("out of range"), "{}", run.context());
}
