//! Filters (#3), each checked against the find expression it is documented to equal,
//! on generated trees; `--gitignore` against `git ls-files`. Tests that need root, a
//! second filesystem, git or strace skip with a printed reason when those are missing.

use std::ffi::{OsStr, OsString};
#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;
use std::process::Command;

#[cfg(unix)]
use rustix::fs::{AtFlags, Timespec, Timestamps, CWD};

use crate::testenv::*;

mod contains;
// Against `git ls-files`.
#[cfg(unix)]
#[path = "../ignore_files/gitignore.rs"]
mod gitignore;
// System calls counted with strace; tmpfs.
#[cfg(unix)]
#[path = "../ignore_files/listing.rs"]
mod gitignore_listing;
#[path = "../ignore_files/ignore_file.rs"]
mod ignore_file;
// -L against find -L, --one-file-system against find -xdev.
#[cfg(unix)]
#[path = "depth_and_mounts.rs"]
mod links;
// Sizes, times and owners against find (owners set with chown).
#[cfg(unix)]
mod metadata;
mod pruning;
// FIFOs, sockets, devices, permissions as another user, sparse files.
#[cfg(unix)]
#[path = "../ignore_files/rule_files.rs"]
mod rule_files;
mod types;

/// Runs pfind with `args` (root and query included) and `vars`, as NUL records.
fn pfind(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> (Vec<Vec<u8>>, Run) {
    let mut cmd = env.pfind(["-0"].iter().chain(args));
    cmd.envs(vars.iter().copied());
    let run = Run::of(&mut cmd, env);
    (run.records(), run)
}

/// `paths` as the sorted records pfind prints with `-0`.
fn records(paths: &[&str]) -> Vec<Vec<u8>> {
    let mut records: Vec<Vec<u8>> = paths.iter().map(|p| p.as_bytes().to_vec()).collect();
    records.sort();
    records
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

/// True when `strace` runs here; else says why a test is skipped.
fn have_strace() -> bool {
    let here = Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !here {
        skip("strace not installed");
    }
    here
}

/// The system calls of `pfind ARGS` run in `dir` that `strace -e trace=CALLS` sees,
/// one line each, from the trace file `trace`; `None` (and a skip) when strace fails.
fn traced(
    dir: &std::path::Path,
    calls: &str,
    args: &[&str],
    trace: &std::path::Path,
) -> Option<String> {
    let out = Command::new("strace")
        .args(["-f", "-qq", "-e", &format!("trace={calls}"), "-o"])
        .arg(trace)
        .arg(env!("CARGO_BIN_EXE_pfind"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .output()
        .ok()?;
    if out.status.code().is_none_or(|c| c > 1) {
        skip(&format!(
            "strace failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
        return None;
    }
    std::fs::read_to_string(trace).ok()
}

#[cfg(unix)] // Executables by mode, links, a FIFO and a socket.
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
