//! Filters (#3): `-t`, `-e`, `-S`, `--changed-*`, `--newer`, `-o`, the depth limits,
//! `--one-file-system`, `-E`, `--prune`, `--no-hidden` and `--contains`, each checked
//! against the find expression it is documented to equal, on generated trees. Tests
//! that need root, a second filesystem or strace skip with a printed reason when those
//! are missing.

#[cfg(unix)]
use std::ffi::OsString;
#[cfg(unix)]
use std::process::Command;

#[cfg(unix)]
use crate::testenv::*;

// FIFOs, symbolic links and permission bits.
#[cfg(unix)]
mod contains;
// Permission bits, random trees of names Windows forbids, device numbers.
#[cfg(unix)]
mod depth_and_mounts;
// Sizes, times and owners against find (owners set with chown).
#[cfg(unix)]
mod metadata;
// Random trees of names Windows forbids, and symbolic links.
#[cfg(unix)]
mod pruning;
mod types;

#[cfg(unix)]
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

#[cfg(unix)]
/// Asserts `pfind ARGS` prints what `find FIND_ARGS` prints.
fn same_as_find(env: &TestEnv, args: &[&str], find_args: &[&str], vars: &[(&str, &str)]) {
    let (got, run) = run_records(env, args, vars);
    let want = find(env, find_args, vars);
    assert_same(
        &got,
        &want,
        &format!("find {find_args:?}\n{}", run.context()),
    );
}

#[cfg(unix)]
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

#[cfg(unix)]
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
