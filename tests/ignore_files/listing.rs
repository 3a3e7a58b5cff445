//! `--gitignore` learns which ignore files a directory has, and whether it holds
//! `.git`, from the directory's own listing (issue 16): rules must still reach every
//! entry when the names come late in a directory read in several buffers, or when a
//! directory too wide to queue at once is read in several goes, and a directory
//! without ignore files must cost no system call beyond reading it (counted with
//! strace).

use std::path::Path;
use std::process::Command;

use crate::testenv::*;

/// A temporary directory on tmpfs when there is one: wide trees of thousands of
/// entries cost seconds to create and remove on a busy disk.
fn tmpfs_dir(prefix: &str) -> tempfile::TempDir {
    let shm = std::path::Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(base)
        .expect("tempdir")
}

/// Asserts that `pfind -0 ARGS` run in `dir` (a tree outside any TestEnv) lists
/// `want`, sorted; HOME points into `dir`, so the user's git configuration stays out.
fn assert_lists(dir: &std::path::Path, args: &[&str], want: &[Vec<u8>]) {
    let out = Command::new(env!("CARGO_BIN_EXE_pfind"))
        .arg("-0")
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .output()
        .expect("run pfind");
    assert_same(
        &split_sorted(&out.stdout, b'\0'),
        want,
        &String::from_utf8_lossy(&out.stderr),
    );
}

/// The getdents buffer: a directory whose listing is longer is read in several goes.
const BUFFER: usize = 32 * 1024;

/// The bytes of `getdents64` records before `name` in `dir`'s listing order (the
/// order `readdir` gives), or `None` when it is not there.
fn listing_offset(dir: &Path, name: &str) -> Option<usize> {
    let mut offset = 0;
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let entry = entry.expect("entry");
        if entry.file_name() == name {
            return Some(offset);
        }
        offset += (19 + entry.file_name().len() + 1).next_multiple_of(8);
    }
    None
}

/// A repository top `dir` holding 1,500 files with long names (about 190 KiB of
/// listing) of four kinds, and `.git` (with an exclude rule), `.gitignore` and
/// `.ignore`, made before the files or after them.
fn wide_repository(base: &Path, dir: &str, special_first: bool) -> Vec<Vec<u8>> {
    let top = base.join(dir);
    std::fs::create_dir(&top).expect("mkdir");
    let special = || {
        std::fs::create_dir_all(top.join(".git/info")).expect("mkdir .git");
        std::fs::write(top.join(".git/info/exclude"), "*.excl\n").expect("exclude");
        std::fs::write(top.join(".gitignore"), "*.log\n").expect(".gitignore");
        std::fs::write(top.join(".ignore"), "*.tmp\n").expect(".ignore");
    };
    if special_first {
        special();
    }
    let mut kept = vec![
        format!("./{dir}/.gitignore").into_bytes(),
        format!("./{dir}/.ignore").into_bytes(),
    ];
    let padding = "n".repeat(100);
    for i in 0..1500 {
        let ext = ["log", "tmp", "excl", "rs"][i % 4];
        let name = format!("{i:05}{padding}.{ext}");
        std::fs::write(top.join(&name), b"").expect("create");
        if ext == "rs" {
            kept.push(format!("./{dir}/{name}").into_bytes());
        }
    }
    if !special_first {
        special();
    }
    kept
}

/// Rules and `.git` found in a later buffer of a wide directory still apply to the
/// entries of its first buffer. (Built on tmpfs when there is one, where names are
/// listed in the order they were made: one of the two directories then has them
/// last, whatever the order.)
#[test]
fn rules_found_late_in_a_wide_directory_apply_to_all_of_it() {
    let dir = tmpfs_dir("pfind-late-");
    let mut want = wide_repository(dir.path(), "first", true);
    want.extend(wide_repository(dir.path(), "last", false));
    want.sort();
    let late = ["first", "last"].iter().any(|sub| {
        [".git", ".gitignore", ".ignore"].iter().all(|name| {
            listing_offset(&dir.path().join(sub), name).is_some_and(|at| at > BUFFER + 4096)
        })
    });
    if !late {
        return skip("this filesystem lists the ignore files within the first buffer");
    }
    let args = ["--gitignore", "-t", "f", "-j", "1", ".", ""];
    assert_lists(dir.path(), &args, &want);
}

/// `openat` and `stat`-family calls `strace` sees for `pfind --gitignore -j1 . ''` in
/// `root`.
fn traced_calls(root: &Path, trace: &Path) -> Option<(usize, usize)> {
    let calls = "openat,open,%stat,newfstatat,statx";
    let text = traced(root, calls, &["--gitignore", "-j", "1", ".", ""], trace)?;
    let opens = text.lines().filter(|l| l.contains("open")).count();
    Some((opens, text.lines().count() - opens))
}

/// Issue 16: each directory costs one `openat`, each ignore file one more and the
/// `fstat` that checks it is a regular file (issue 20.3), and nothing else: no probe
/// for `.gitignore`, `.ignore` or `.git` where the listing says they are not there.
/// Two repositories that differ by 60 directories (5 of them with a `.gitignore`)
/// differ by exactly 65 opens and 5 `fstat`s.
#[test]
fn gitignore_costs_no_system_call_where_the_listing_answers() {
    if !have_strace() {
        return;
    }
    let repo = |extra: usize| {
        let env = TestEnv::with(&[".git/info", "src"], &["src/lib.rs", "a.log"]);
        env.write(".gitignore", b"*.log\n");
        for i in 0..extra {
            env.write(format!("d{i}/f{i}.rs"), b"");
            if i % 12 == 0 {
                env.write(format!("d{i}/.gitignore"), b"*.tmp\n");
            }
        }
        env
    };
    let (small, big) = (repo(0), repo(60));
    let traces = tempfile::tempdir().expect("tempdir");
    let (Some(small_calls), Some(big_calls)) = (
        traced_calls(small.root(), &traces.path().join("small")),
        traced_calls(big.root(), &traces.path().join("big")),
    ) else {
        return;
    };
    assert_eq!(
        (big_calls.0 - small_calls.0, big_calls.1 - small_calls.1),
        (65, 5),
        "(opens, stats) of 60 more directories and 5 more ignore files"
    );
}

/// A directory too wide to queue at once is read in several goes; the ones after the
/// first must still hand their ignore rules down. (Built on tmpfs when there is one:
/// 8,000 directories cost seconds to create and remove on a busy disk.)
#[test]
fn ignore_rules_reach_every_child_of_a_very_wide_directory() {
    let dir = tmpfs_dir("pfind-wide-");
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
    assert_lists(dir.path(), &["--gitignore", "-j", "1", ".", ""], &want);
}
