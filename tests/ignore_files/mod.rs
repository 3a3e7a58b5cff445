//! Ignore files (#3, issues 11.14, 14.5, 16, 20.3, 20.4): `--gitignore` against
//! `git ls-files --cached --others --exclude-standard`, `.ignore` files outside
//! repositories, `--ignore-file` as fd and ripgrep have it, how rule files are found
//! in a directory's listing, and rule files that cannot be used (reported, never
//! blocking). Tests that need git or strace skip with a printed reason without them.

use std::ffi::{OsStr, OsString};
#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;
use std::process::Command;

#[cfg(unix)]
use rustix::fs::CWD;

use crate::testenv::*;

// Against `git ls-files`.
#[cfg(unix)]
mod gitignore;
mod ignore_file;
// System calls counted with strace; tmpfs.
#[cfg(unix)]
mod listing;
// FIFOs, sockets, devices, permissions as another user, sparse files.
#[cfg(unix)]
mod rule_files;

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
