//! Deep and wide trees, that break walkers built on full paths or unbounded queues: a
//! chain deeper than PATH_MAX, directories with 20,000 subdirectories and with 100,000
//! entries, and a walk under a descriptor limit far below what the breadth-first
//! frontier wants, each compared entry for entry with GNU find (skipped with a reason
//! when find is absent) or with the tree as built.

use std::fs;
use std::path::Path;
use std::process::Command;

use rustix::fs::{Mode, OFlags};

use super::open_dir;
use crate::testenv::*;

/// `find ROOT -mindepth 1` in the tree, sorted; `None`, with the reason printed, when
/// find cannot run.
fn find_all(env: &TestEnv, root: &str) -> Option<Vec<Vec<u8>>> {
    let found = env.find([root, "-mindepth", "1", "-print0"]);
    if found.is_none() {
        eprintln!("skipped the comparison with find: find is not installed");
    }
    found
}

/// A run's sorted output, asserting it exited cleanly and reported nothing.
fn listing(run: &Run) -> Vec<Vec<u8>> {
    run.expect_code(0);
    assert!(
        run.stderr().is_empty(),
        "errors reported\n{}",
        run.context()
    );
    run.lines()
}

/// Builds `levels` nested directories at `rel` in the tree, one `mkdirat` at a time (a
/// path this long cannot be made in one call), with a file at the bottom. Returns the
/// bottom file's path as pfind and find print it from the tree's root.
fn make_chain(env: &TestEnv, rel: &str, levels: usize) -> Vec<u8> {
    env.mkdir(rel);
    let mut dir = open_dir(None, env.path(rel));
    let mut path = rel.as_bytes().to_vec();
    for level in 0..levels {
        let name = format!("{level:03}-{}", "c".repeat(18));
        rustix::fs::mkdirat(&dir, name.as_str(), Mode::from_raw_mode(0o755)).expect("mkdirat");
        dir = open_dir(Some(&dir), Path::new(&name));
        path.push(b'/');
        path.extend_from_slice(name.as_bytes());
    }
    let file = OFlags::WRONLY | OFlags::CREATE | OFlags::CLOEXEC;
    rustix::fs::openat(&dir, "bottom.txt", file, Mode::from_raw_mode(0o644)).expect("touch");
    path.extend_from_slice(b"/bottom.txt");
    path
}

#[test]
fn chain_deeper_than_path_max_is_listed_completely() {
    let env = TestEnv::new();
    let bottom = make_chain(&env, "chain", 300);
    assert!(
        bottom.len() > 6000,
        "the chain must be longer than PATH_MAX"
    );

    let run = env.run(["-j2", "chain"]);
    let got = listing(&run);
    assert_eq!(got.len(), 301, "300 directories and one file");
    assert!(
        got.contains(&bottom),
        "the deepest path ({} bytes) is missing",
        bottom.len()
    );
    if let Some(want) = find_all(&env, "chain") {
        assert_same(&got, &want, &run.command);
    }
    // A query that only the bottom file matches, past PATH_MAX.
    let got = listing(&env.run(["chain", "bottom.txt"]));
    assert_eq!(got, vec![bottom]);
}

#[test]
fn very_wide_directory_is_listed_completely() {
    // More subdirectories than the queue's high-water mark, so reading the directory
    // suspends and resumes many times; some subdirectories hold a file, to check the
    // children of a suspended directory are not lost.
    const WIDTH: usize = 20_000;
    let env = TestEnv::new();
    env.mkdir("wide");
    let wide = open_dir(None, env.path("wide"));
    let mut want = Vec::new();
    for i in 0..WIDTH {
        let name = format!("d{i:05}");
        rustix::fs::mkdirat(&wide, name.as_str(), Mode::from_raw_mode(0o755)).expect("mkdirat");
        want.push(format!("wide/{name}").into_bytes());
        if i % 97 == 0 {
            let file = format!("wide/{name}/f");
            env.touch(&file);
            want.push(file.into_bytes());
        }
    }
    want.sort();

    for threads in ["-j1", "-j3"] {
        let run = env.run([threads, "wide"]);
        assert_same(&listing(&run), &want, &run.command);
    }
}

#[test]
fn low_descriptor_limit_still_lists_everything() {
    // 40 × 40 directories with a file each: the breadth-first frontier would hold
    // dozens of parent handles, and the chain is longer than PATH_MAX, so once no
    // handle may be held it must be opened piecewise by path.
    let env = TestEnv::new();
    for a in 0..40 {
        for b in 0..40 {
            env.touch(format!("tree/a{a:02}/b{b:02}/x.rs"));
        }
    }
    make_chain(&env, "tree/chain", 220);

    // Both limits, so pfind cannot raise the soft one back up.
    let mut limited = Command::new("sh");
    limited
        .arg("-c")
        .arg(
            r#"ulimit -Sn 24 && ulimit -Hn 24 && [ "$(ulimit -Hn)" = 24 ] || exit 99
               exec "$PFIND" -j4 tree"#,
        )
        .env("PFIND", env!("CARGO_BIN_EXE_pfind"))
        .current_dir(env.root());
    let limited = Run::of(&mut limited, &env);
    let unlimited = env.run(["-j4", "tree"]);
    let want = listing(&unlimited);
    assert_eq!(want.len(), 40 + 40 * 40 * 2 + 1 + 220 + 1);
    assert_same(&listing(&limited), &want, &limited.command);
    if let Some(found) = find_all(&env, "tree") {
        assert_same(&want, &found, &unlimited.command);
    }
}

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
