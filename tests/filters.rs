//! Filters (#3), each checked against the find expression it is documented to equal,
//! on generated trees; `--gitignore` against `git ls-files`. Tests that need root, a
//! second filesystem, git or strace skip with a printed reason when those are missing.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::process::Command;

use rustix::fs::{AtFlags, Timespec, Timestamps, CWD};

use crate::testenv::*;

/// Runs pfind with `args` (root and query included) and `vars`, as NUL records.
fn pfind(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> (Vec<Vec<u8>>, Run) {
    let mut cmd = env.pfind(["-0"].iter().chain(args));
    cmd.envs(vars.iter().copied());
    let run = Run::of(&mut cmd, env);
    (run.records(), run)
}

/// Runs find with `args` (which must print with -print0) and `vars`.
fn find(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> Vec<Vec<u8>> {
    let out = Command::new("find")
        .args(args)
        .envs(vars.iter().copied())
        .current_dir(env.root())
        .output()
        .expect("run find");
    split_sorted(&out.stdout, b'\0')
}

/// Asserts `pfind ARGS` prints what `find FIND_ARGS` prints.
fn same_as_find(env: &TestEnv, args: &[&str], find_args: &[&str], vars: &[(&str, &str)]) {
    let (got, run) = pfind(env, args, vars);
    let want = find(env, find_args, vars);
    assert_same(
        &got,
        &want,
        &format!("find {find_args:?}\n{}", run.context()),
    );
}

/// Asserts `pfind [-L] ARGS . QUERY` prints what `find [-L] . -mindepth 1 EXPR` prints;
/// EXPR gets a final `-print0` unless it has its own.
fn check(
    env: &TestEnv,
    follow: bool,
    args: &[&str],
    query: &str,
    expr: &[&str],
    vars: &[(&str, &str)],
) {
    let mut pfind_args = if follow { vec!["-L"] } else { vec![] };
    pfind_args.extend_from_slice(args);
    pfind_args.extend([".", query]);
    let mut find_args = if follow { vec!["-L"] } else { vec![] };
    find_args.extend([".", "-mindepth", "1"]);
    find_args.extend_from_slice(expr);
    if !expr.contains(&"-print0") {
        find_args.push("-print0");
    }
    same_as_find(env, &pfind_args, &find_args, vars);
}

/// Runs pfind in `env` as an unprivileged user (`nobody` when the tests run as root);
/// `None`, with the reason printed, when that is not possible.
fn run_unprivileged(env: &TestEnv, args: &[&str]) -> Option<Run> {
    let mut argv: Vec<OsString> = if is_root() {
        let Some(prefix) = as_nobody() else {
            skip("running as root without setpriv: cannot lose permissions");
            return None;
        };
        prefix
    } else {
        Vec::new()
    };
    argv.push(env!("CARGO_BIN_EXE_pfind").into());
    argv.extend(args.iter().map(OsString::from));
    let mut cmd = Command::new(&argv[0]);
    cmd.args(&argv[1..]).current_dir(env.root());
    Some(Run::of(&mut cmd, env))
}

fn skip(reason: &str) {
    eprintln!("skipped: {reason}");
}

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

/// Files of every type, executable and empty ones, mixed-case extensions, links.
fn typed_tree() -> TestEnv {
    let env = TestEnv::with(
        &[
            "src/walk",
            "empty_dir",
            "docs/Deep/er",
            "full_dir",
            ".hidden_dir",
        ],
        &[
            "src/main.rs",
            "src/walk/DIR.RS",
            "src/rs",
            "src/.rs",
            "docs/a.Md",
            "docs/Deep/er/x.tar.gz",
            "empty_file",
            ".hidden_dir/.x.rs",
        ],
    );
    env.write("full_dir/data.rs", b"fn main() {}\n");
    env.write("run.sh", b"#!/bin/sh\n");
    env.chmod("run.sh", 0o755);
    env.write("group_exec", b"x");
    env.chmod("group_exec", 0o610);
    env.symlink("src/main.rs", "link_to_file.rs");
    env.symlink("docs", "link_to_dir");
    env.symlink("nowhere", "broken_link");
    env.symlink("empty_dir", "link_to_empty_dir");
    env.mkfifo("fifo.rs");
    let _socket = std::os::unix::net::UnixListener::bind(env.path("sock")).expect("socket");
    env
}

#[test]
fn type_and_extension_equal_find() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    let env = typed_tree();
    let cases: &[(&[&str], &[&str])] = &[
        (&["-t", "f"], &["-type", "f"]),
        (&["-t", "d"], &["-type", "d"]),
        (&["-t", "l"], &["-type", "l"]),
        (&["-t", "p"], &["-type", "p"]),
        (&["-t", "s"], &["-type", "s"]),
        (
            &["-t", "f", "-t", "l"],
            &["(", "-type", "f", "-o", "-type", "l", ")"],
        ),
        (&["-t", "x"], &["-type", "f", "-perm", "/111"]),
        (&["-t", "e"], &["-empty"]),
        (&["-t", "e", "-t", "d"], &["-type", "d", "-empty"]),
        (&["-t", "e", "-t", "f"], &["-type", "f", "-empty"]),
        (&["-e", "rs"], &["-iname", "*.rs"]),
        (
            &["-e", ".rs", "-e", "MD"],
            &["(", "-iname", "*.rs", "-o", "-iname", "*.md", ")"],
        ),
        (&["-e", "tar.gz"], &["-iname", "*.tar.gz"]),
        (&["-t", "f", "-e", "rs"], &["-type", "f", "-iname", "*.rs"]),
    ];
    for (args, expr) in cases {
        for threads in ["1", "2"] {
            let args = [&["-j", threads][..], args].concat();
            check(&env, false, &args, "", expr, &[]);
        }
        // Followed links take their target's type; only broken links stay links.
        check(&env, true, args, "", expr, &[]);
    }
}

#[test]
fn bad_filter_values_are_one_line_errors_with_status_2() {
    let env = TestEnv::new();
    for args in [
        &["-t", "q"][..],
        &["-S", "10x"],
        &["-S", "-k"],
        &["--changed-within", "yesterday"],
        &["--changed-before", "2026-02-30"],
        &["-o", "no-such-user-here"],
        &["-o", ":no-such-group-here"],
        &["--newer", "no-such-file"],
        &["--exact-depth", "2", "-d", "3"],
    ] {
        let run = env.run(args);
        run.expect_code(2);
        assert!(run.stdout().is_empty(), "{}", run.context());
        assert!(
            run.stderr()
                .lines()
                .next()
                .is_some_and(|l| l.contains("error") || l.starts_with("pfind:")),
            "{}",
            run.context()
        );
    }
}

#[test]
fn depth_limits_equal_find_and_max_depth_reads_nothing_deeper() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    let env = TestEnv::new();
    random_tree(&env, 7, 300);
    for (args, expr) in [
        (
            &["--exact-depth", "2"][..],
            &["-mindepth", "2", "-maxdepth", "2"][..],
        ),
        (&["-d", "2"], &["-mindepth", "1", "-maxdepth", "2"]),
        (&["--min-depth", "3"], &["-mindepth", "3"]),
        (
            &["--min-depth", "2", "-d", "3"],
            &["-mindepth", "2", "-maxdepth", "3"],
        ),
    ] {
        // find's -mindepth 1 comes first; a later -mindepth overrides it.
        check(&env, false, args, "", expr, &[]);
    }
    // An unreadable directory at depth 2 is never opened under -d 2: no error.
    let env = TestEnv::with(&["a/locked/inside"], &["a/locked/inside/x"]);
    env.chmod("a/locked", 0o000);
    let Some(shallow) = run_unprivileged(&env, &["-d", "2", ".", ""]) else {
        return;
    };
    shallow.expect_code(0);
    assert!(shallow.stderr().is_empty(), "{}", shallow.context());
    let deeper = run_unprivileged(&env, &["-d", "3", ".", ""]);
    deeper.expect("ran before").expect_code(2);
    env.chmod("a/locked", 0o755);
}

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

#[test]
fn exclude_prune_and_no_hidden_equal_find_prune() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    for seed in [3u64, 11] {
        let env = TestEnv::new();
        random_tree(&env, seed, 300);
        let cases: &[(&[&str], &[&str])] = &[
            (
                &["-E", "*.py*", ".", ""],
                &["-name", "*.py*", "-prune", "-o", "-print0"],
            ),
            (
                &["-E", "a*", "-E", "*src*", ".", ""],
                &[
                    "(", "-name", "a*", "-o", "-name", "*src*", ")", "-prune", "-o", "-print0",
                ],
            ),
            (
                &["-E", "./*/*", ".", ""],
                &["-path", "./*/*", "-prune", "-o", "-print0"],
            ),
            (
                &["--no-hidden", ".", ""],
                &["-name", ".*", "-prune", "-o", "-print0"],
            ),
            (
                &["--prune", ".", "src"],
                &["-path", "*src*", "-prune", "-print0"],
            ),
            (
                &["--prune", "-t", "f", ".", "a"],
                &["-path", "*a*", "-prune", "-type", "f", "-print0"],
            ),
            (
                &["--no-hidden", "-E", "*.rs*", "-t", "d", ".", "a"],
                &[
                    "(", "-name", ".*", "-o", "-name", "*.rs*", ")", "-prune", "-o", "-type", "d",
                    "-path", "*a*", "-print0",
                ],
            ),
        ];
        for (args, expr) in cases {
            let find_args = [&[".", "-mindepth", "1"][..], expr].concat();
            same_as_find(&env, args, &find_args, &[]);
        }
    }
}

#[test]
fn and_or_not_equal_find_expressions() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    let env = TestEnv::new();
    random_tree(&env, 5, 400);
    let cases: &[(&[&str], &[&str])] = &[
        (
            &[".", "a", "--or", "src", "--and", ".py", "--not", ".rs"],
            &[
                "(", "-path", "*a*", "-o", "-path", "*src*", ")", "-path", "*.py*", "!", "-path",
                "*.rs*",
            ],
        ),
        (
            &[".", "a", "--and", "src"],
            &["-path", "*a*", "-path", "*src*"],
        ),
        (
            &[".", "", "--not", "a", "--not", "1"],
            &["!", "-path", "*a*", "!", "-path", "*1*"],
        ),
        (
            &[".", ".py", "--or", ".rs", "--or", "src"],
            &[
                "(", "-path", "*.py*", "-o", "-path", "*.rs*", "-o", "-path", "*src*", ")",
            ],
        ),
        (
            &["-b", ".", "a", "--not", "src"],
            &["-name", "*a*", "!", "-name", "*src*"],
        ),
        (
            &["-t", "f", ".", "a", "--or", "src", "--not", "2"],
            &[
                "-type", "f", "(", "-path", "*a*", "-o", "-path", "*src*", ")", "!", "-path", "*2*",
            ],
        ),
    ];
    for (args, expr) in cases {
        let find_args = [&[".", "-mindepth", "1"][..], expr, &["-print0"]].concat();
        same_as_find(&env, args, &find_args, &[]);
    }
}

#[test]
fn contains_equals_find_exec_grep() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    let env = TestEnv::with(&["a/b", "empty"], &["a/empty_file"]);
    env.write("a/hit.txt", b"hello needle world\n");
    env.write("a/b/miss.txt", b"hello noodle\n");
    env.write("a/b/binary.bin", b"\0\xffneedle\0");
    env.write("a/both", b"needle and thread");
    env.write("upper", b"NEEDLE");
    env.write("needle_in_name_only", b"x");
    // Large files: the needle straddles the reader's chunk boundaries.
    let mut big = vec![b'.'; 1 << 20];
    for at in [(256 << 10) - 3, (512 << 10) - 1] {
        big[at..at + 6].copy_from_slice(b"needle");
    }
    env.write("big_hit", &big);
    let mut big_thread = vec![b'.'; 1 << 20];
    big_thread[(1 << 20) - 6..].copy_from_slice(b"thread");
    env.write("a/big_thread", &big_thread);
    env.symlink("a/hit.txt", "link_to_hit");
    env.mkfifo("a/fifo");
    for (args, expr) in [
        (
            &["--contains", "needle"][..],
            &["-type", "f", "-exec", "grep", "-qF", "needle", "{}", ";"][..],
        ),
        (
            &["--contains", "needle", "--contains", "thread"],
            &[
                "-type", "f", "-exec", "grep", "-qF", "needle", "{}", ";", "-exec", "grep", "-qF",
                "thread", "{}", ";",
            ],
        ),
        (
            &["--contains", "thread"],
            &["-type", "f", "-exec", "grep", "-qF", "thread", "{}", ";"],
        ),
        (&["--contains", ""], &["-type", "f"]),
    ] {
        for follow in [false, true] {
            check(&env, follow, args, "", expr, &[]);
        }
    }
}

#[test]
fn follow_reports_loops_like_find_and_lists_nothing_twice() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    let env = TestEnv::with(
        &["a/b", "m1", "m2", "real/deep"],
        &["a/b/file", "real/deep/x"],
    );
    env.symlink(".", "self");
    env.symlink("..", "a/b/up");
    env.symlink("../m2", "m1/to2");
    env.symlink("../m1", "m2/to1");
    env.symlink("nowhere", "broken");
    env.symlink("real", "a/alias");
    for threads in ["1", "2"] {
        let (got, run) = pfind(&env, &["-L", "-j", threads, ".", ""], &[]);
        run.expect_code(2);
        let want = find(&env, &["-L", ".", "-mindepth", "1", "-print0"], &[]);
        assert_same(&got, &want, &run.context());
        let mut loops: Vec<String> = run.stderr().lines().map(str::to_string).collect();
        loops.sort();
        assert_eq!(
            loops,
            [
                "pfind: ./a/b/up: filesystem loop",
                "pfind: ./m1/to2/to1: filesystem loop",
                "pfind: ./m2/to1/to2: filesystem loop",
                "pfind: ./self: filesystem loop"
            ],
            "{}",
            run.context()
        );
    }
    // Without -L the links are listed as links, and nothing loops.
    let (got, run) = pfind(&env, &[".", ""], &[]);
    run.expect_code(0);
    assert_same(
        &got,
        &find(&env, &[".", "-mindepth", "1", "-print0"], &[]),
        &run.context(),
    );
}

#[test]
fn one_file_system_equals_find_xdev() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    use std::os::unix::fs::MetadataExt;
    // A stable root with another filesystem mounted within `depth - 1` levels.
    let candidate = [("/dev", "2"), ("/sys", "3")]
        .into_iter()
        .find(|(root, depth)| {
            let Ok(root_dev) = std::fs::metadata(root).map(|m| m.dev()) else {
                return false;
            };
            let levels: usize = depth.parse().unwrap_or(1) - 1;
            walkdir::WalkDir::new(root)
                .min_depth(1)
                .max_depth(levels)
                .into_iter()
                .filter_map(Result::ok)
                .any(|e| e.file_type().is_dir() && e.metadata().is_ok_and(|m| m.dev() != root_dev))
        });
    let Some((root, depth)) = candidate else {
        return skip("no second filesystem under /dev or /sys");
    };
    let env = TestEnv::new();
    let (got, run) = pfind(&env, &["--one-file-system", "-d", depth, root, ""], &[]);
    let want = find(
        &env,
        &[
            root,
            "-mindepth",
            "1",
            "-maxdepth",
            depth,
            "-xdev",
            "-print0",
        ],
        &[],
    );
    assert_same(&got, &want, &run.context());
    let (all, _) = pfind(&env, &["--xdev", "-d", depth, root, ""], &[]);
    assert_eq!(all, got, "--xdev is an alias");
    let (crossing, _) = pfind(&env, &["-d", depth, root, ""], &[]);
    assert!(
        crossing.len() > got.len(),
        "without --one-file-system the mount is entered"
    );
}

/// A git fixture: HOME and XDG_CONFIG_HOME point into a temporary directory so the
/// user's global configuration stays out; a global excludes file is set up there.
struct GitFixture {
    env: TestEnv,
    home: tempfile::TempDir,
}

impl GitFixture {
    fn vars(&self) -> Vec<(&'static str, OsString)> {
        let home = self.home.path().as_os_str().to_owned();
        let mut xdg = home.clone();
        xdg.push("/config");
        vec![
            ("HOME", home),
            ("XDG_CONFIG_HOME", xdg),
            ("GIT_CONFIG_NOSYSTEM", "1".into()),
            ("GIT_CONFIG_GLOBAL", OsString::new()),
        ]
    }

    fn git(&self, dir: &str, args: &[&str]) -> Vec<u8> {
        let out = Command::new("git")
            .args(args)
            .envs(self.vars())
            .current_dir(self.env.path(dir))
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// `git ls-files --cached --others --exclude-standard` in `dir`, as paths relative
    /// to the fixture's root, sorted; entries for nested repositories (`x/`) dropped.
    fn ls_files(&self, dir: &str) -> Vec<Vec<u8>> {
        let out = self.git(
            dir,
            &[
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
        );
        let mut files: Vec<Vec<u8>> = split_sorted(&out, b'\0')
            .into_iter()
            .filter(|p| !p.ends_with(b"/"))
            .filter(|p| {
                std::fs::symlink_metadata(self.env.path(OsStr::from_bytes(p))).is_ok() || dir != "."
            })
            .map(|p| {
                if dir == "." {
                    p
                } else {
                    [dir.as_bytes(), b"/", &p].concat()
                }
            })
            .collect();
        files.sort();
        files
    }

    fn pfind(&self, args: &[&str]) -> (Vec<Vec<u8>>, Run) {
        let mut cmd = self.env.pfind(["-0"].iter().chain(args));
        cmd.envs(self.vars());
        let run = Run::of(&mut cmd, &self.env);
        (run.records(), run)
    }
}

fn git_fixture() -> Option<GitFixture> {
    if !Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        skip("git not installed");
        return None;
    }
    let home = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(home.path().join("config/git")).expect("mkdir");
    std::fs::write(home.path().join("config/git/ignore"), "*.global\n").expect("global ignore");
    let env = TestEnv::new();
    let fixture = GitFixture { env, home };
    let env = &fixture.env;
    fixture.git(".", &["init", "-q", "."]);
    let files = [
        "README.md",
        "main.rs",
        "debug.log",
        "keep.log",
        "x.global",
        "x.excl",
        "build/out.o",
        "src/build/kept.rs",
        "src/lib.rs",
        "src/a.tmp",
        "src/important.tmp",
        "src/local/l.rs",
        "src/deep/local/l.rs",
        "src/deep/re.log",
        "src/deep/other.log",
        "cache/c.bin",
        "src/cache",
        "docs/a.md",
        "docs/sub/b.md",
        "docs/a.txt",
        ".hidden.rs",
        "target/t.rs",
        "weird name [x].txt",
        "star*.txt",
        "nested/inner.rs",
        "nested/inner.log",
        "nested/skip.me",
        "nested/sub/deep.rs",
        "dir.with.dots/x.log.rs",
    ];
    for file in files {
        env.write(file, file.as_bytes());
    }
    env.write(
        ".gitignore",
        b"# comment\n*.log\n!keep.log\n/build/\ncache/\ntarget\ndocs/*.md\nstar\\*.txt\n",
    );
    env.write("src/.gitignore", b"*.tmp\n!important.tmp\n/local\n");
    env.write("src/deep/.gitignore", b"!re.log\n");
    env.write(".git/info/exclude", b"*.excl\n");
    fixture.git("nested", &["init", "-q", "."]);
    env.write("nested/.gitignore", b"skip.me\n");
    fixture.git(
        ".",
        &["add", "README.md", "main.rs", "src/lib.rs", ".gitignore"],
    );
    Some(fixture)
}

#[test]
fn gitignore_files_equal_git_ls_files() {
    let Some(fx) = git_fixture() else { return };
    let (got, run) = fx.pfind(&["--gitignore", "-t", "f", ".", ""]);
    run.expect_code(0);
    let strip = |p: &Vec<u8>| p.strip_prefix(b"./").unwrap_or(p).to_vec();
    let mut got: Vec<Vec<u8>> = got.iter().map(strip).collect();
    got.sort();
    let (outer, nested): (Vec<Vec<u8>>, Vec<Vec<u8>>) =
        got.into_iter().partition(|p| !p.starts_with(b"nested/"));
    assert_same(
        &outer,
        &fx.ls_files("."),
        &format!("outer repository\n{}", run.context()),
    );
    assert_same(
        &nested,
        &fx.ls_files("nested"),
        &format!("nested repository\n{}", run.context()),
    );
    // A root inside the repository inherits the rules above it.
    let (got, run) = fx.pfind(&["--gitignore", "-t", "f", "src", ""]);
    assert_same(&got, &fx.ls_files("src"), &run.context());
    // Ignored directories are not printed either; .git never is.
    let (dirs, run) = fx.pfind(&["--gitignore", "-t", "d", ".", ""]);
    let dirs: Vec<String> = dirs
        .iter()
        .map(|d| String::from_utf8_lossy(d).into_owned())
        .collect();
    for gone in [
        "./.git",
        "./build",
        "./cache",
        "./target",
        "./src/local",
        "./nested/.git",
    ] {
        assert!(
            !dirs.iter().any(|d| d == gone),
            "{gone} listed\n{}",
            run.context()
        );
    }
    for kept in ["./src/build", "./src/deep/local", "./nested", "./docs/sub"] {
        assert!(
            dirs.iter().any(|d| d == kept),
            "{kept} missing\n{}",
            run.context()
        );
    }
}

#[test]
fn dot_ignore_counts_outside_repositories_and_gitignore_does_not() {
    let env = TestEnv::with(&["d"], &["a.secret", "a.log", "d/b.secret", "d/keep"]);
    env.write(".ignore", b"*.secret\n");
    env.write(".gitignore", b"*.log\n");
    let (got, run) = pfind(&env, &["--gitignore", "-t", "f", ".", ""], &[]);
    let want: Vec<Vec<u8>> = ["./.gitignore", "./.ignore", "./a.log", "./d/keep"]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
    assert_same(&got, &want, &run.context());
}

/// The stat calls `strace` sees for `pfind -t f -e rs` over `env`'s tree.
fn stat_calls(env: &TestEnv, trace: &str) -> Option<usize> {
    let out = Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=%stat,newfstatat,statx",
            "-o",
            trace,
        ])
        .arg(env!("CARGO_BIN_EXE_pfind"))
        .args(["-t", "f", "-e", "rs", ".", ""])
        .current_dir(env.root())
        .output()
        .ok()?;
    if out.status.code().is_none_or(|c| c > 1) {
        skip(&format!(
            "strace failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
        return None;
    }
    let text = std::fs::read_to_string(trace).ok()?;
    Some(text.lines().count())
}

#[test]
fn type_and_extension_filters_do_no_stat_calls() {
    if !Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return skip("strace not installed");
    }
    // Start-up (the loader, the CPU count) stats a few files whatever the tree holds;
    // the walk itself must add none, so a 300-entry tree costs what an empty one does.
    let traces = tempfile::tempdir().expect("tempdir");
    let trace = |name: &str| traces.path().join(name).to_string_lossy().into_owned();
    let empty = TestEnv::new();
    let full = TestEnv::new();
    random_tree(&full, 9, 300);
    let (Some(base), Some(walked)) = (
        stat_calls(&empty, &trace("empty")),
        stat_calls(&full, &trace("full")),
    ) else {
        return;
    };
    assert_eq!(
        walked, base,
        "stat calls on a 300-entry tree vs an empty one"
    );
}

#[test]
fn contains_reports_unreadable_files_and_goes_on() {
    let env = TestEnv::with(&["d"], &[]);
    env.write("d/locked", b"needle");
    env.write("d/open", b"needle");
    env.chmod("d/locked", 0o000);
    let Some(run) = run_unprivileged(&env, &["--contains", "needle", ".", ""]) else {
        return;
    };
    run.expect_code(2);
    assert_eq!(run.strings(), ["./d/open"], "{}", run.context());
    assert_eq!(
        run.stderr(),
        "pfind: ./d/locked: Permission denied\n",
        "{}",
        run.context()
    );
}

/// A directory too wide to queue at once is read in several goes; the ones after the
/// first must still hand their ignore rules down. (Built on tmpfs when there is one:
/// 8,000 directories cost seconds to create and remove on a busy disk.)
#[test]
fn ignore_rules_reach_every_child_of_a_very_wide_directory() {
    let shm = std::path::Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let dir = tempfile::Builder::new()
        .prefix("pfind-wide-")
        .tempdir_in(base)
        .expect("tempdir");
    std::fs::write(dir.path().join(".ignore"), "*7/\n").expect("write .ignore");
    let mut want = vec![b"./.ignore".to_vec()];
    for i in 0..8000 {
        let name = format!("d{i}");
        std::fs::create_dir(dir.path().join(&name)).expect("mkdir");
        if !name.ends_with('7') {
            want.push(format!("./{name}").into_bytes());
        }
    }
    want.sort();
    let out = Command::new(env!("CARGO_BIN_EXE_pfind"))
        .args(["-0", "--gitignore", "-j", "1", ".", ""])
        .current_dir(dir.path())
        .output()
        .expect("run pfind");
    assert_same(
        &split_sorted(&out.stdout, b'\0'),
        &want,
        &String::from_utf8_lossy(&out.stderr),
    );
}

#[test]
fn gitignore_in_a_linked_worktree_reads_the_common_info_exclude() {
    let Some(fx) = git_fixture() else { return };
    fx.git(
        ".",
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-qm",
            "fixture",
        ],
    );
    fx.git(".", &["worktree", "add", "-q", "linked"]);
    for file in [
        "linked/new.excl",
        "linked/new.log",
        "linked/new.rs",
        "linked/src/x.tmp",
        "linked/x.global",
    ] {
        fx.env.write(file, b"x");
    }
    let (got, run) = fx.pfind(&["--gitignore", "-t", "f", "linked", ""]);
    assert_same(&got, &fx.ls_files("linked"), &run.context());
    assert!(
        !got.iter().any(|p| p.ends_with(b".excl")),
        "{}",
        run.context()
    );
}
