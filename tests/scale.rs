//! Scale: trees that break walkers built on full paths or unbounded queues. A chain
//! deeper than PATH_MAX, a directory with tens of thousands of subdirectories, and a
//! walk under a descriptor limit far below what the breadth-first frontier wants, each
//! compared entry for entry with GNU find (or with the tree as built).
//!
//! Self-contained (its own small helpers), so it does not depend on the shared TestEnv.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::{Command, Stdio};

use rustix::fs::{Mode, OFlags};

/// Runs pfind in `dir` and returns its output records, sorted.
fn pfind(dir: &Path, args: &[&str]) -> BTreeSet<Vec<u8>> {
    run(Command::new(env!("CARGO_BIN_EXE_pfind")).args(args), dir)
}

/// Runs `sh -c SCRIPT` in `dir` with `$PFIND` set, and returns its output, sorted.
fn pfind_in_shell(dir: &Path, script: &str) -> BTreeSet<Vec<u8>> {
    run(
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .env("PFIND", env!("CARGO_BIN_EXE_pfind")),
        dir,
    )
}

/// Runs `find ROOT -mindepth 1` in `dir`; `None` (with a printed reason) without find.
fn find(dir: &Path, root: &str) -> Option<BTreeSet<Vec<u8>>> {
    let found = Command::new("find")
        .args([root, "-mindepth", "1"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output();
    match found {
        Ok(out) if out.status.success() => Some(records(&out.stdout)),
        Ok(out) => panic!("find failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(err) => {
            eprintln!("skipped: cannot run find ({err})");
            None
        }
    }
}

fn run(cmd: &mut Command, dir: &Path) -> BTreeSet<Vec<u8>> {
    let out = cmd
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("LS_COLORS")
        .env_remove("NO_COLOR")
        .output()
        .expect("run pfind");
    assert!(
        out.status.success(),
        "{cmd:?} exited with {}; stderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{cmd:?} reported errors:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = records(&out.stdout);
    let total = out.stdout.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(lines.len(), total, "{cmd:?} printed some paths twice");
    lines
}

fn records(bytes: &[u8]) -> BTreeSet<Vec<u8>> {
    bytes
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
}

/// Describes how two listings differ, briefly.
fn assert_same(what: &str, got: &BTreeSet<Vec<u8>>, want: &BTreeSet<Vec<u8>>) {
    let show = |set: BTreeSet<&Vec<u8>>| -> String {
        set.iter()
            .take(5)
            .map(|p| format!("\n  {}", String::from_utf8_lossy(p)))
            .collect()
    };
    assert!(
        got == want,
        "{what}: pfind listed {} paths, expected {}\nmissing:{}\nextra:{}",
        got.len(),
        want.len(),
        show(want.difference(got).collect()),
        show(got.difference(want).collect()),
    );
}

fn open_dir(parent: Option<&OwnedFd>, name: &str) -> OwnedFd {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    match parent {
        Some(dir) => rustix::fs::openat(dir, name, flags, Mode::empty()),
        None => rustix::fs::open(name, flags, Mode::empty()),
    }
    .expect("open directory")
}

/// Builds `levels` nested directories under `root` one `mkdirat` at a time (a path this
/// long cannot be made in one call), with a file at the bottom. Returns the bottom
/// file's path relative to `root`'s parent, as find prints it.
fn make_chain(root: &Path, levels: usize) -> Vec<u8> {
    std::fs::create_dir_all(root).expect("mkdir chain root");
    let mut dir = open_dir(None, root.to_str().expect("utf-8 temp path"));
    let mut path = root
        .file_name()
        .expect("root has a name")
        .as_bytes()
        .to_vec();
    for level in 0..levels {
        let name = format!("{level:03}-{}", "c".repeat(18));
        rustix::fs::mkdirat(&dir, name.as_str(), Mode::from_raw_mode(0o755)).expect("mkdirat");
        dir = open_dir(Some(&dir), &name);
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
    let tmp = tempfile::tempdir().expect("tempdir");
    let bottom = make_chain(&tmp.path().join("chain"), 300);
    assert!(
        bottom.len() > 6000,
        "the chain must be longer than PATH_MAX"
    );

    let got = pfind(tmp.path(), &["-j2", "chain"]);
    assert_eq!(got.len(), 301, "300 directories and one file");
    assert!(
        got.contains(&bottom),
        "the deepest path ({} bytes) is missing",
        bottom.len()
    );
    if let Some(want) = find(tmp.path(), "chain") {
        assert_same("chain of 300", &got, &want);
    }
    // A query that only the bottom file matches, past PATH_MAX.
    let got = pfind(tmp.path(), &["chain", "bottom.txt"]);
    assert_eq!(got.into_iter().collect::<Vec<_>>(), vec![bottom]);
}

#[test]
fn very_wide_directory_is_listed_completely() {
    // More subdirectories than the queue's high-water mark, so reading the directory
    // suspends and resumes many times; some subdirectories hold a file, to check the
    // children of a suspended directory are not lost.
    const WIDTH: usize = 20_000;
    let tmp = tempfile::tempdir().expect("tempdir");
    let wide = tmp.path().join("wide");
    std::fs::create_dir(&wide).expect("mkdir");
    let wide_fd = open_dir(None, wide.to_str().expect("utf-8 temp path"));
    let mut want = BTreeSet::new();
    for i in 0..WIDTH {
        let name = format!("d{i:05}");
        rustix::fs::mkdirat(&wide_fd, name.as_str(), Mode::from_raw_mode(0o755)).expect("mkdirat");
        want.insert(format!("wide/{name}").into_bytes());
        if i % 97 == 0 {
            let file = format!("wide/{name}/f");
            std::fs::write(tmp.path().join(&file), b"").expect("touch");
            want.insert(file.into_bytes());
        }
    }

    for threads in ["-j1", "-j3"] {
        let got = pfind(tmp.path(), &[threads, "wide"]);
        assert_same(&format!("wide directory with {threads}"), &got, &want);
    }
}

#[test]
fn low_descriptor_limit_still_lists_everything() {
    // 40 × 40 directories with a file each: the breadth-first frontier would hold
    // dozens of parent handles, and the chain is longer than PATH_MAX, so once no
    // handle may be held it must be opened piecewise by path.
    let tmp = tempfile::tempdir().expect("tempdir");
    let tree = tmp.path().join("tree");
    for a in 0..40 {
        for b in 0..40 {
            let dir = tree.join(format!("a{a:02}/b{b:02}"));
            std::fs::create_dir_all(&dir).expect("mkdir");
            std::fs::write(dir.join("x.rs"), b"").expect("touch");
        }
    }
    make_chain(&tree.join("chain"), 220);

    let limited = pfind_in_shell(
        tmp.path(),
        r#"ulimit -Sn 24 && ulimit -Hn 24 && [ "$(ulimit -Hn)" = 24 ] || exit 99
           exec "$PFIND" -j4 tree"#,
    );
    let unlimited = pfind(tmp.path(), &["-j4", "tree"]);
    assert_eq!(unlimited.len(), 40 + 40 * 40 * 2 + 1 + 220 + 1);
    assert_same("under ulimit -n 24", &limited, &unlimited);
    if let Some(want) = find(tmp.path(), "tree") {
        assert_same("without a limit", &unlimited, &want);
    }
}

#[test]
fn non_utf8_names_are_copied_as_bytes() {
    // Not UTF-8, and long: the walker copies bytes, never decodes.
    let tmp = tempfile::tempdir().expect("tempdir");
    let name = OsStr::from_bytes(b"caf\xe9-\xff\xfe");
    let dir = tmp.path().join("bytes").join(name);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("f"), b"").expect("touch");
    let got = pfind(tmp.path(), &["bytes"]);
    let mut want = BTreeSet::new();
    want.insert(b"bytes/caf\xe9-\xff\xfe".to_vec());
    want.insert(b"bytes/caf\xe9-\xff\xfe/f".to_vec());
    assert_same("non-UTF-8 names", &got, &want);
}
