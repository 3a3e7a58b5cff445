//! Hardening (#6): pfind never hangs, crashes, loses a result it could read, or lets a
//! file name do anything but be printed. Hostile names, odd roots, loops, FIFOs,
//! permissions, a tree mutating under the walk, /proc and /sys, closed and full
//! stdout. Compared with GNU find wherever find can say what is right.
//!
//! Every run that could block (FIFOs, loops, races, pseudo-filesystems) goes through a
//! hang guard that kills pfind and fails the test after a time limit.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::testenv::*;

/// The longest any single run here may take before it counts as a hang.
const HANG_LIMIT: Duration = Duration::from_secs(20);

/// Names that break careless tools: control characters, invalid UTF-8, option look-
/// alikes, glob and regex syntax, placeholders, shell syntax, terminal escapes.
const HOSTILE_NAMES: &[&[u8]] = &[
    b"new\nline",
    b"\nleading-newline",
    b"tab\there",
    b"carriage\rreturn",
    b"bad\xffbyte",
    b"\x80\xfe\xc3",
    b"\xc3\xa9t\xc3\xa9",
    b"-leading-dash",
    b"--help",
    b"-rf",
    b"-0",
    b"*",
    b"?",
    b"[a-z]",
    b"a*b?c[d]",
    b".*+?^$()|{}[]\\",
    b"back\\slash",
    b"{}",
    b"{} {}",
    b"$(touch pwned)",
    b"`touch pwned`",
    b";touch pwned;",
    b"| touch pwned",
    b"&& touch pwned",
    b"' \"",
    b" leading space",
    b"trailing space ",
    b"%s%n%x",
    b"\x1b[31mred",
    b"...",
];

/// A 255-byte name (the longest a Linux filesystem allows), ASCII and multi-byte.
fn long_names() -> Vec<Vec<u8>> {
    let ascii = vec![b'n'; 255];
    let mut multibyte = "é".repeat(127).into_bytes(); // 254 bytes
    multibyte.push(b'x');
    vec![ascii, multibyte]
}

fn all_hostile_names() -> Vec<Vec<u8>> {
    let mut names: Vec<Vec<u8>> = HOSTILE_NAMES.iter().map(|n| n.to_vec()).collect();
    names.extend(long_names());
    names
}

/// Every hostile name as a file at the top, as a directory holding a file of the same
/// name, and as a symlink.
fn hostile_tree() -> TestEnv {
    let env = TestEnv::new();
    for (i, name) in all_hostile_names().iter().enumerate() {
        let name = OsStr::from_bytes(name);
        env.touch(name);
        let dir = format!("dir{i}");
        env.mkdir(&dir);
        env.touch(Path::new(&dir).join(name));
        env.symlink(name, Path::new(&dir).join("link"));
    }
    env
}

fn os(bytes: &[u8]) -> &OsStr {
    OsStr::from_bytes(bytes)
}

/// `text` with find's glob characters escaped, so `-path '*TEXT*'` is a substring test.
fn glob_escape(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for &byte in text {
        if b"*?[]\\".contains(&byte) {
            out.push(b'\\');
        }
        out.push(byte);
    }
    out
}

fn star_around(text: &[u8]) -> OsString {
    let mut pattern = b"*".to_vec();
    pattern.extend(glob_escape(text));
    pattern.push(b'*');
    OsString::from_vec(pattern)
}

/// `find ARGS... -print0` run in `cwd` with the C locale: sorted records.
fn find_in(cwd: &Path, args: &[&OsStr]) -> Vec<Vec<u8>> {
    let output = Command::new("find")
        .args(args)
        .arg("-print0")
        .current_dir(cwd)
        .env("LC_ALL", "C")
        .output()
        .expect("run find");
    split_sorted(&output.stdout, b'\0')
}

/// Runs a prepared pfind command under the hang guard.
fn run_guarded(cmd: &mut Command, what: &str) -> Output {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pfind");
    output_within(child, HANG_LIMIT, what)
}

fn context(what: &str, output: &Output) -> String {
    format!(
        "{what}\nexit: {:?}\nstderr:\n{}\nstdout:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    )
}

/// Every stderr line has the form `pfind: PATH: reason` (one line per error).
fn assert_error_lines(stderr: &[u8], what: &str) {
    let text = String::from_utf8_lossy(stderr);
    assert!(!text.contains("panicked"), "panic in {what}:\n{text}");
    for line in text.lines() {
        let well_formed = line
            .strip_prefix("pfind: ")
            .and_then(|rest| rest.rsplit_once(": "))
            .is_some_and(|(path, reason)| {
                !path.is_empty() && reason.chars().next().is_some_and(char::is_alphabetic)
            });
        assert!(
            well_formed,
            "malformed error line {line:?} in {what}:\n{text}"
        );
    }
}

/// The process ended by itself with one of pfind's statuses (never a signal, never the
/// 101 of a panic).
fn assert_clean_exit(output: &Output, allowed: &[i32], what: &str) {
    let code = output.status.code();
    assert!(
        code.is_some_and(|c| allowed.contains(&c)),
        "bad exit ({:?}), expected one of {allowed:?}\n{}",
        output.status,
        context(what, output)
    );
}

// ---------------------------------------------------------------------------------
// Names

#[test]
fn hostile_names_print0_equals_find_print0_byte_for_byte() {
    if !have_find() {
        eprintln!("skipped: GNU find is not installed");
        return;
    }
    let env = hostile_tree();
    let want = find_in(env.root(), &[os(b"."), os(b"-mindepth"), os(b"1")]);
    for threads in ["1", "8"] {
        let run = env.run(["-0", "-j", threads, ".", ""]);
        run.expect_code(0);
        assert!(run.stdout().ends_with(b"\0"), "{}", run.context());
        assert_same(&run.records(), &want, &run.context());
    }
    // No argument: the same paths without the leading "./".
    let run = env.run(["-0"]);
    let bare: Vec<Vec<u8>> = want.iter().map(|p| p[2..].to_vec()).collect();
    assert_same(&run.records(), &bare, &run.context());
}

#[test]
fn each_hostile_name_as_a_query_equals_find_path_and_name() {
    if !have_find() {
        eprintln!("skipped: GNU find is not installed");
        return;
    }
    let env = hostile_tree();
    for name in all_hostile_names() {
        let pattern = star_around(&name);
        let want = find_in(
            env.root(),
            &[os(b"."), os(b"-mindepth"), os(b"1"), os(b"-path"), &pattern],
        );
        // `--` keeps a query like `-rf` or `--help` from being read as options.
        let run = env.run([os(b"-0"), os(b"--"), os(b"."), os(&name)]);
        assert_same(&run.records(), &want, &run.context());
        assert!(!want.is_empty(), "the name {name:?} must match itself");

        let want = find_in(
            env.root(),
            &[os(b"."), os(b"-mindepth"), os(b"1"), os(b"-name"), &pattern],
        );
        let run = env.run([os(b"-0"), os(b"-b"), os(b"--"), os(b"."), os(&name)]);
        assert_same(&run.records(), &want, &run.context());

        // As a glob matching itself literally: the escaped form is find's -path.
        let escaped = glob_escape(&name);
        if std::str::from_utf8(&escaped).is_ok() {
            let run = env.run([os(b"-0"), os(b"-g"), os(b"--"), os(b"."), &pattern]);
            let want = find_in(
                env.root(),
                &[os(b"."), os(b"-mindepth"), os(b"1"), os(b"-path"), &pattern],
            );
            assert_same(&run.records(), &want, &run.context());
        }
    }
}

#[test]
fn names_that_look_like_options_work_as_roots_after_double_dash() {
    let env = TestEnv::with(&["-rf", "--help", "-0"], &["-rf/x", "--help/y", "-0/z"]);
    let run = env.run(["--", "-rf", "--help", "-0", ""]);
    run.expect_code(0);
    assert_eq!(
        run.strings(),
        vec!["--help/y", "-0/z", "-rf/x"],
        "{}",
        run.context()
    );
    // A single option-like root.
    let run = env.run(["--", "-rf"]);
    assert_eq!(run.strings(), vec!["-rf/x"], "{}", run.context());
}

#[test]
fn shell_syntax_in_names_is_printed_verbatim_never_executed() {
    let env = TestEnv::new();
    let names: [&[u8]; 8] = [
        b"$(touch pwned)",
        b"`touch pwned`",
        b";touch pwned",
        b"x;rm -rf x",
        b"| touch pwned",
        b"&& touch pwned &&",
        b"$((1+1))${IFS}pwned",
        b"{}",
    ];
    env.mkdir("x");
    for name in names {
        env.touch(os(name));
        env.mkdir(Path::new("x").join(os(name)));
    }
    let modes: [&[&str]; 5] = [&[], &["-b"], &["-i"], &["-g"], &["-r"]];
    for mode in modes {
        for name in names {
            let mut args: Vec<&OsStr> = mode.iter().map(OsStr::new).collect();
            let query = if mode == ["-g"] {
                star_around(name)
            } else if mode == ["-r"] {
                OsString::from(regex::escape(std::str::from_utf8(name).expect("ascii")))
            } else {
                OsString::from_vec(name.to_vec())
            };
            args.extend([OsStr::new("--"), OsStr::new("."), &query]);
            let run = env.run(&args);
            run.expect_code(0);
            let mut top = b"./".to_vec();
            top.extend_from_slice(name);
            assert!(run.lines().contains(&top), "{name:?}\n{}", run.context());
        }
    }
    let run = env.run(["."]);
    assert_eq!(run.lines().len(), 1 + 2 * names.len(), "{}", run.context());
    for place in [
        env.root().to_path_buf(),
        env.path("x"),
        std::env::current_dir().expect("cwd"),
    ] {
        assert!(
            !place.join("pwned").exists(),
            "a name was executed in {place:?}"
        );
    }
    assert!(env.path("x").is_dir(), "`rm -rf x` in a name must not run");
}

// ---------------------------------------------------------------------------------
// Shapes of trees and roots

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

#[test]
fn empty_directory_prints_nothing_and_exits_1() {
    let env = TestEnv::with(&["empty"], &[]);
    for args in [vec!["empty"], vec!["empty", ""], vec!["-0", "empty", "x"]] {
        let run = env.run(&args);
        run.expect_code(1);
        assert!(
            run.stdout().is_empty() && run.stderr().is_empty(),
            "{}",
            run.context()
        );
    }
}

#[test]
fn root_forms_equal_find_h() {
    if !have_find() {
        eprintln!("skipped: GNU find is not installed");
        return;
    }
    let env = TestEnv::with(&["dir/sub", "other"], &["dir/a", "dir/sub/b", "file"]);
    env.symlink("dir", "link-to-dir");
    env.symlink("link-to-dir", "link-to-link");
    env.symlink("file", "link-to-file");
    let absolute = env.path("dir").into_os_string();
    let roots: Vec<(&str, OsString)> = vec![
        ("", "file".into()),
        ("", "link-to-dir".into()),
        ("", "link-to-dir/".into()),
        ("", "link-to-link".into()),
        ("", "link-to-file".into()),
        ("", ".".into()),
        ("", "./".into()),
        ("other", "..".into()),
        ("other", "../".into()),
        ("other", "../dir/..".into()),
        ("", "dir/".into()),
        ("", "dir//".into()),
        ("", ".//dir".into()),
        ("", "./dir/.".into()),
        ("", "dir/../dir".into()),
        ("", "dir/sub/..".into()),
        ("", absolute.clone()),
        ("", {
            let mut a = absolute.clone();
            a.push("//");
            a
        }),
    ];
    for (cwd, root) in roots {
        let cwd = env.path(cwd);
        let want = find_in(&cwd, &[os(b"-H"), &root, os(b"-mindepth"), os(b"1")]);
        let mut cmd = env.pfind([OsStr::new("-0"), &root, OsStr::new("")]);
        cmd.current_dir(&cwd);
        let run = Run::of(&mut cmd, &env);
        let what = format!("root {root:?} in {cwd:?}\n{}", run.context());
        assert_same(&run.records(), &want, &what);
        assert!(run.stderr().is_empty(), "{what}");
        run.expect_code(if want.is_empty() { 1 } else { 0 });
    }
}

#[test]
fn filesystem_root_at_depth_1_equals_find() {
    if !have_find() {
        eprintln!("skipped: GNU find is not installed");
        return;
    }
    let env = TestEnv::new();
    let want = find_in(
        env.root(),
        &[
            os(b"/"),
            os(b"-mindepth"),
            os(b"1"),
            os(b"-maxdepth"),
            os(b"1"),
        ],
    );
    let mut cmd = env.pfind(["-0", "-d", "1", "/", ""]);
    let output = run_guarded(&mut cmd, "pfind -d 1 /");
    assert_clean_exit(&output, &[0], "pfind -d 1 /");
    assert_same(&split_sorted(&output.stdout, b'\0'), &want, "/ at depth 1");
    // One argument: the root, everything under it.
    let run = env.run(["-0", "-d", "1", "/"]);
    assert_same(&run.records(), &want, &run.context());
}

/// `--min-depth 0 src docs src` printed `docs`: a root was tested against what the
/// thread's matcher had prepared for the directory it read before (`src/`).
#[test]
fn regression_root_matched_with_the_previous_directorys_scope() {
    if !have_find() {
        eprintln!("skipped: GNU find is not installed");
        return;
    }
    let env = TestEnv::with(&["src/walk", "docs", "other"], &["src/walk/x", "docs/y"]);
    for query in ["src", "s", "walk", "doc"] {
        let pattern = star_around(query.as_bytes());
        let want = find_in(
            env.root(),
            &[
                os(b"src"),
                os(b"docs"),
                os(b"other"),
                os(b"-path"),
                &pattern,
            ],
        );
        let args = [
            "-0",
            "-j",
            "1",
            "--min-depth",
            "0",
            "src",
            "docs",
            "other",
            query,
        ];
        let run = env.run(args);
        assert_same(&run.records(), &want, &run.context());
    }
}

/// `--min-depth 0 -b src/walk src` printed the root: its name was taken to be the
/// whole root (`src/walk`), where find's -name sees `walk`.
#[test]
fn regression_root_basename_is_its_last_component() {
    if !have_find() {
        eprintln!("skipped: GNU find is not installed");
        return;
    }
    let env = TestEnv::with(&["src/walk"], &["src/walk/x"]);
    for root in ["src/walk", "src/walk/", "src//walk//", "./src", "src"] {
        for (ours, glob) in [
            ("src", false),
            ("walk", false),
            ("walk", true),
            ("s*", true),
        ] {
            let pattern = if glob {
                OsString::from(ours)
            } else {
                star_around(ours.as_bytes())
            };
            let want = find_in(env.root(), &[os(root.as_bytes()), os(b"-name"), &pattern]);
            let mut args = vec!["-0", "--min-depth", "0", "-b"];
            if glob {
                args.push("-g");
            }
            args.extend([root, ours]);
            let run = env.run(&args);
            assert_same(&run.records(), &want, &run.context());
        }
    }
}

/// `pfind dangling ''` said `pfind: dangling: No such file or directory` and exited 2,
/// where `find -H` lists the link itself: a root that is a broken symlink is an entry.
#[test]
fn regression_broken_symlink_root_is_listed_not_an_error() {
    let env = TestEnv::new();
    env.symlink("does-not-exist", "dangling");
    env.symlink("dangling", "to-dangling");
    for root in ["dangling", "to-dangling"] {
        let run = env.run([root, ""]);
        run.expect_code(1);
        assert!(run.stderr().is_empty(), "{}", run.context());
        let run = env.run(["--min-depth", "0", root, ""]);
        run.expect_code(0);
        assert_eq!(run.strings(), vec![root], "{}", run.context());
        if have_find() {
            let want = find_in(env.root(), &[os(b"-H"), os(root.as_bytes())]);
            assert_same(&run.lines(), &want, &run.context());
        }
    }
    // A missing root is still an error.
    let run = env.run(["missing", ""]);
    run.expect_code(2);
    assert_eq!(run.stderr(), "pfind: missing: No such file or directory\n");
}

/// With no root argument, `--min-depth 0` printed the current directory as an empty
/// record, and an unreadable current directory was reported as `pfind: : reason`. The
/// implicit root is `.`, as find prints it; its children stay `name`.
#[test]
fn regression_implicit_root_is_dot_never_an_empty_path() {
    let env = TestEnv::with(&["sub"], &["sub/x"]);
    let run = env.run(["-0", "--min-depth", "0", "-d", "1"]);
    run.expect_code(0);
    assert_same(&run.records(), &[bytes("."), bytes("sub")], &run.context());
    let run = env.run(["--min-depth", "0", "-d", "0"]);
    assert_eq!(run.stdout(), b".\n", "{}", run.context());
    env.chmod("sub", 0o311);
    let mut cmd = match unprivileged_prefix() {
        Some(prefix) => env.command_as(&prefix, ["--min-depth", "0"]),
        None => {
            env.chmod("sub", 0o755);
            return;
        }
    };
    let run = Run::of(cmd.current_dir(env.path("sub")), &env);
    env.chmod("sub", 0o755);
    run.expect_code(2);
    assert_eq!(
        run.stderr(),
        "pfind: .: Permission denied\n",
        "{}",
        run.context()
    );
}

// ---------------------------------------------------------------------------------
// Links and special files

#[test]
fn symlink_loops_and_broken_links_are_listed_never_followed() {
    let env = TestEnv::with(&["dir/inner"], &["dir/inner/file"]);
    env.symlink("self", "self");
    env.symlink("mutual-b", "mutual-a");
    env.symlink("mutual-a", "mutual-b");
    env.symlink("..", "dir/inner/up");
    env.symlink("../..", "dir/inner/up2");
    env.symlink(".", "dir/here");
    env.symlink(env.root(), "dir/absolute-root");
    env.symlink("/", "slash");
    env.symlink("does-not-exist", "broken");
    env.symlink("broken", "to-broken");
    for threads in ["1", "8"] {
        let mut cmd = env.pfind(["-0", "-j", threads, ".", ""]);
        let output = run_guarded(&mut cmd, "walk over loops");
        assert_clean_exit(&output, &[0], "walk over loops");
        assert!(output.stderr.is_empty(), "{}", context("loops", &output));
        let got = split_sorted(&output.stdout, b'\0');
        assert_eq!(got.len(), 13, "{}", context("loops", &output));
        if have_find() {
            let want = find_in(env.root(), &[os(b"."), os(b"-mindepth"), os(b"1")]);
            assert_same(&got, &want, "symlink loops vs find");
        }
    }
}

#[test]
fn fifos_and_links_to_fifos_never_block() {
    let env = TestEnv::with(&["d"], &[]);
    env.mkfifo("match.fifo");
    env.mkfifo("d/match-deep.fifo");
    env.symlink("match.fifo", "match-link");
    env.symlink("/dev/zero", "match-zero");
    env.symlink("/dev/stdin", "match-stdin");
    let expected = [
        "./d/match-deep.fifo",
        "./match-link",
        "./match-stdin",
        "./match-zero",
        "./match.fifo",
    ];
    let modes: [&[&str]; 6] = [
        &["match"],
        &["-b", "match"],
        &["-g", "*match*"],
        &["-r", "match"],
        &["-i", "MATCH"],
        &["-a", "match"],
    ];
    for mode in modes {
        for threads in ["1", "8"] {
            let mut args = vec!["-j", threads];
            args.extend_from_slice(&mode[..mode.len() - 1]);
            args.extend([".", mode[mode.len() - 1]]);
            let mut cmd = env.pfind(&args);
            let output = run_guarded(&mut cmd, &format!("{args:?}"));
            assert_clean_exit(&output, &[0], &format!("{args:?}"));
            let got = split_sorted(&output.stdout, b'\n');
            assert_eq!(got.len(), expected.len(), "{}", context("fifo", &output));
            if mode != ["-a", "match"] {
                let want: Vec<Vec<u8>> = expected.iter().map(bytes).collect();
                assert_same(&got, &want, &context("fifo", &output));
            }
        }
    }
    // Roots that are a FIFO or a link to one are visited, never opened.
    for root in ["match.fifo", "match-link"] {
        for extra in [&[][..], &["--min-depth", "0"][..]] {
            let mut args = extra.to_vec();
            args.extend([root, ""]);
            let mut cmd = env.pfind(&args);
            let output = run_guarded(&mut cmd, &format!("root {root}"));
            let want = if extra.is_empty() { 1 } else { 0 };
            assert_clean_exit(&output, &[want], &format!("root {root} {extra:?}"));
            assert!(output.stderr.is_empty(), "{}", context(root, &output));
        }
    }
}

/// With -L (merged from the filters branch): loops back to an ancestor are reported
/// once each as `pfind: PATH: filesystem loop` (status 2) and never entered; links that
/// loop on themselves can't be resolved and are reported as "Too many levels of symbolic
/// links" and not listed, as find -L does; a link to a FIFO is listed and never opened,
/// not even by --contains.
#[test]
fn follow_links_terminates_on_every_kind_of_loop_and_never_opens_fifos() {
    let env = TestEnv::with(&["dir/inner"], &["dir/inner/file"]);
    env.symlink("self", "self");
    env.symlink("mutual-b", "mutual-a");
    env.symlink("mutual-a", "mutual-b");
    env.symlink("..", "dir/inner/up");
    env.symlink("../..", "dir/inner/up2");
    env.symlink("does-not-exist", "broken");
    env.mkfifo("fifo");
    env.symlink("fifo", "fifo-link");
    for threads in ["1", "8"] {
        for extra in [&[][..], &["--contains", "x"][..]] {
            let mut args = vec!["-L", "-j", threads];
            args.extend_from_slice(extra);
            args.extend([".", ""]);
            let what = format!("pfind {args:?}");
            let output = run_guarded(&mut env.pfind(&args), &what);
            assert_error_lines(&output.stderr, &what);
            if !extra.is_empty() {
                assert_clean_exit(&output, &[1, 2], &what);
                continue;
            }
            assert_clean_exit(&output, &[2], &what);
            let mut errors: Vec<String> = String::from_utf8_lossy(&output.stderr)
                .lines()
                .map(str::to_string)
                .collect();
            errors.sort();
            assert_eq!(
                errors,
                [
                    "pfind: ./dir/inner/up2: filesystem loop",
                    "pfind: ./dir/inner/up: filesystem loop",
                    "pfind: ./mutual-a: Too many levels of symbolic links",
                    "pfind: ./mutual-b: Too many levels of symbolic links",
                    "pfind: ./self: Too many levels of symbolic links",
                ],
                "{}",
                context(&what, &output)
            );
            let got = split_sorted(&output.stdout, b'\n');
            let want: Vec<Vec<u8>> = [
                "./broken",
                "./dir",
                "./dir/inner",
                "./dir/inner/file",
                "./fifo",
                "./fifo-link",
            ]
            .iter()
            .map(bytes)
            .collect();
            assert_same(&got, &want, &context(&what, &output));
        }
    }
}

// ---------------------------------------------------------------------------------
// Permissions (as an unprivileged user)

/// A tree with every kind of unreadable place; restored by [`unlock`].
fn locked_tree() -> TestEnv {
    let env = TestEnv::with(
        &[
            "open/inner",
            "locked/secret",
            "deep/a/b/locked/x",
            "read-only/sub/deeper",
            "search-only/sub",
        ],
        &[
            "open/inner/a",
            "locked/secret/b",
            "deep/a/b/locked/x/y",
            "deep/a/b/visible",
            "read-only/f",
            "read-only/sub/g",
            "search-only/sub/h",
            "search-only/f",
            "unreadable-file",
        ],
    );
    env.chmod("locked", 0o000);
    env.chmod("deep/a/b/locked", 0o000);
    env.chmod("read-only", 0o444); // r--: names listable, no traversal
    env.chmod("search-only", 0o311); // -wx: traversal, no listing
    env.chmod("unreadable-file", 0o000);
    env
}

fn unlock(env: &TestEnv) {
    for dir in ["locked", "deep/a/b/locked", "read-only", "search-only"] {
        env.chmod(dir, 0o755);
    }
}

/// The paths of `find: 'PATH': Permission denied` lines (C locale).
fn find_denied_paths(stderr: &str) -> Vec<String> {
    let mut paths: Vec<String> = stderr
        .lines()
        .filter_map(|l| {
            l.strip_prefix("find: '")?
                .strip_suffix("': Permission denied")
        })
        .map(str::to_string)
        .collect();
    paths.sort();
    paths
}

#[test]
fn permission_denied_everywhere_equals_find_as_the_same_user() {
    let env = locked_tree();
    let Some(run) = env.run_unprivileged(["-0", ".", ""]) else {
        unlock(&env);
        return;
    };
    let found = env.find_unprivileged([".", "-mindepth", "1", "-print0"]);
    unlock(&env);
    run.expect_code(2);
    assert_error_lines(&run.output.stderr, &run.context());
    let mut denied: Vec<String> = run
        .stderr()
        .lines()
        .filter_map(|l| {
            l.strip_prefix("pfind: ")?
                .strip_suffix(": Permission denied")
        })
        .map(str::to_string)
        .collect();
    denied.sort();
    assert_eq!(
        denied,
        [
            "./deep/a/b/locked",
            "./locked",
            "./read-only/sub",
            "./search-only"
        ],
        "{}",
        run.context()
    );
    // Every readable path is printed; r-- lists its names, -wx none.
    let got = run.records();
    for path in [
        "./read-only/f",
        "./read-only/sub",
        "./deep/a/b/visible",
        "./open/inner/a",
    ] {
        assert!(
            got.contains(&bytes(path)),
            "{path} missing\n{}",
            run.context()
        );
    }
    if let Some((want, find_stderr)) = found.filter(|_| have_find()) {
        assert_same(&got, &want, &run.context());
        assert_eq!(denied, find_denied_paths(&find_stderr), "{find_stderr}");
    }
}

#[test]
fn unreadable_root_is_an_error_and_other_roots_go_on() {
    let env = TestEnv::with(&["locked/in", "open"], &["locked/in/x", "open/y"]);
    env.chmod("locked", 0o000);
    let alone = env.run_unprivileged(["locked", ""]);
    let with_other = env.run_unprivileged(["locked", "open", ""]);
    let as_child = env.run_unprivileged(["locked/in", ""]);
    env.chmod("locked", 0o755);
    let (Some(alone), Some(with_other), Some(as_child)) = (alone, with_other, as_child) else {
        return;
    };
    alone.expect_code(2);
    assert!(alone.stdout().is_empty(), "{}", alone.context());
    assert_eq!(alone.stderr(), "pfind: locked: Permission denied\n");
    with_other.expect_code(2);
    assert_eq!(
        with_other.strings(),
        vec!["open/y"],
        "{}",
        with_other.context()
    );
    assert_eq!(with_other.stderr(), "pfind: locked: Permission denied\n");
    as_child.expect_code(2);
    assert_eq!(as_child.stderr(), "pfind: locked/in: Permission denied\n");
}

/// A directory named `a\nb` made its error two lines (`pfind: ./a` and
/// `b: Permission denied`): a name could forge error lines or send terminal escapes.
/// Control characters and invalid UTF-8 in messages are now escaped.
#[test]
fn regression_error_messages_escape_names_onto_one_line() {
    let env = TestEnv::new();
    let names: [&[u8]; 3] = [
        b"a\nb: Permission denied\npfind: fake",
        b"\x1b[31mred",
        b"x\xffy",
    ];
    for name in names {
        env.mkdir(os(name));
        env.chmod(os(name), 0o000);
    }
    let run = env.run_unprivileged([".", ""]);
    for name in names {
        env.chmod(os(name), 0o755);
    }
    if let Some(run) = run {
        run.expect_code(2);
        let mut lines: Vec<&str> = run
            .output
            .stderr
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| std::str::from_utf8(l).expect("UTF-8 message"))
            .collect();
        lines.sort();
        assert_eq!(
            lines,
            [
                r"pfind: ./\x1B[31mred: Permission denied",
                r"pfind: ./a\nb: Permission denied\npfind: fake: Permission denied",
                r"pfind: ./x\xFFy: Permission denied",
            ],
            "{}",
            run.context()
        );
    }
    // Bad patterns and a missing root: one line each, the input escaped.
    for args in [
        vec![os(b"."), os(b"-r"), os(b"(\n")],
        vec![os(b"."), os(b"-g"), os(b"[\n")],
        vec![os(b"."), os(b"-g"), os(b"\xff\n")],
        vec![os(b"missing\n\x1b")],
    ] {
        let run = env.run(&args);
        run.expect_code(2);
        let err = run.stderr();
        assert_eq!(err.lines().count(), 1, "{}", run.context());
        assert!(
            err.starts_with("pfind: ") && !err.contains('\x1b'),
            "{}",
            run.context()
        );
    }
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
        assert_eq!(run.stderr(), "pfind: --threads must be at most 1024\n");
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
                let _ = rustix::fs::mknodat(
                    rustix::fs::CWD,
                    &moved,
                    rustix::fs::FileType::Fifo,
                    rustix::fs::Mode::from_raw_mode(0o644),
                    0,
                );
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
            stable.push(format!("stable/s{d}/t{e}/file").into_bytes());
            stable.push(format!("stable/s{d}/t{e}").into_bytes());
        }
        stable.push(format!("stable/s{d}").into_bytes());
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

fn many_files(count: usize) -> TestEnv {
    let env = TestEnv::new();
    for i in 0..count {
        env.touch(format!("f{i:05}-{}", "x".repeat(60)));
    }
    env
}

/// Decided and documented (README, "Exit status"): with stdout closed (`>&-`), the
/// Rust runtime puts /dev/null on descriptor 1 before main, so results are discarded
/// and the exit status is the ordinary one; no directory handle can ever take fd 1.
#[test]
fn closed_stdout_is_quiet_and_never_panics() {
    let env = many_files(500);
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(r#"exec "$0" "$@" >&-"#)
        .arg(env!("CARGO_BIN_EXE_pfind"))
        .args(["-j", "4", ".", ""])
        .current_dir(env.root());
    let output = run_guarded(&mut cmd, "pfind >&-");
    assert_clean_exit(&output, &[0], "pfind >&-");
    assert!(output.stderr.is_empty(), "{}", context(">&-", &output));
}

#[test]
fn stdout_on_dev_full_is_a_one_line_error_with_status_2() {
    let env = many_files(1000);
    for threads in ["1", "8"] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let mut cmd = env.pfind(["-j", threads, ".", ""]);
        let child = cmd
            .stdout(full)
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let output = output_within(child, HANG_LIMIT, "pfind > /dev/full");
        assert_clean_exit(&output, &[2], "pfind > /dev/full");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "pfind: error writing to stdout: No space left on device\n"
        );
    }
}

#[test]
fn reader_gone_before_any_output_is_quiet() {
    let env = many_files(1000);
    for threads in ["1", "8"] {
        let mut cmd = env.pfind(["-j", threads, ".", ""]);
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let output = output_within(child, HANG_LIMIT, "pfind | (closed)");
        assert_clean_exit(&output, &[0, 1], "closed pipe");
        assert!(
            output.stderr.is_empty(),
            "{}",
            context("closed pipe", &output)
        );
    }
}

/// With stderr on /dev/full (or a closed pipe), reporting an error panicked inside
/// `eprintln!` and pfind died with status 101 instead of 2. Messages now ignore a
/// stderr that cannot be written.
#[test]
fn regression_unwritable_stderr_is_not_a_crash() {
    let env = TestEnv::with(&["docs"], &["docs/index.md"]);
    let cases: [(&[&str], i32, &[u8]); 4] = [
        (&["missing", "docs", "index"], 2, b"docs/index.md\n"),
        (&["--bogus"], 2, b""),
        (&["-r", ".", "("], 2, b""),
        (&["-j", "2000", "."], 2, b""),
    ];
    for (args, code, stdout) in cases {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let mut cmd = env.pfind(args);
        let child = cmd
            .stdout(Stdio::piped())
            .stderr(full)
            .spawn()
            .expect("spawn");
        let output = output_within(child, HANG_LIMIT, "pfind 2> /dev/full");
        assert_clean_exit(&output, &[code], &format!("{args:?} 2> /dev/full"));
        assert_eq!(output.stdout, stdout, "{args:?}");
    }
}

/// A stdout pipe left non-blocking by whoever made it (node, some shells' helpers):
/// once the pipe was full, write returned EAGAIN and pfind gave up with
/// `error writing to stdout: Resource temporarily unavailable` (status 2), losing the
/// rest. It now waits for the pipe to drain.
#[test]
fn regression_non_blocking_stdout_loses_nothing() {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let env = many_files(2000);
    let pipe_dir = TestEnv::new();
    pipe_dir.mkfifo("fifo");
    let fifo = pipe_dir.path("fifo");
    let nonblocking = rustix::fs::OFlags::NONBLOCK.bits() as i32;
    let mut reader = fs::OpenOptions::new()
        .read(true)
        .custom_flags(nonblocking)
        .open(&fifo)
        .expect("open fifo for reading");
    let writer = fs::OpenOptions::new()
        .write(true)
        .custom_flags(nonblocking)
        .open(&fifo)
        .expect("open fifo for writing");
    let _ = fs::remove_file(&fifo);
    let mut cmd = env.pfind(["-j", "2", ".", ""]);
    let child = cmd
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(cmd); // the only writer left is pfind
    std::thread::sleep(Duration::from_millis(300)); // let the pipe fill up
    let started = Instant::now();
    let mut out = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(
                    started.elapsed() < HANG_LIMIT,
                    "pfind never finished writing"
                );
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(e) => panic!("read: {e}"),
        }
    }
    let output = output_within(child, HANG_LIMIT, "pfind > non-blocking pipe");
    assert_clean_exit(&output, &[0], "non-blocking stdout");
    assert!(
        output.stderr.is_empty(),
        "{}",
        context("non-blocking", &output)
    );
    assert_eq!(split_sorted(&out, b'\n').len(), 2000);
}
