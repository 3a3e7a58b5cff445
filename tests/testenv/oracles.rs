//! The oracles a test compares pfind with, and what it needs to run them: GNU find
//! (in the C locale, in a UTF-8 locale, as another user), `nobody` through setpriv
//! when the tests run as root, and strace. Each says when it cannot run, so that a
//! test skips with a printed reason rather than passing in silence.

#[cfg(unix)]
use std::ffi::OsStr;
use std::ffi::OsString;
#[cfg(unix)]
use std::os::unix::ffi::OsStringExt;
#[cfg(unix)]
use std::path::Path;
use std::process::Command;

use super::{split_sorted, TestEnv};

#[cfg(unix)]
impl TestEnv {
    /// Runs `find ARGS...` like [`TestEnv::run_unprivileged`]: (sorted NUL-separated
    /// stdout, stderr).
    pub fn find_unprivileged<I, S>(&self, args: I) -> Option<(Vec<Vec<u8>>, String)>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let prefix = unprivileged_prefix()?;
        let mut cmd = match prefix.split_first() {
            Some((program, rest)) => {
                let mut cmd = Command::new(program);
                cmd.args(rest).arg("find");
                cmd
            }
            None => Command::new("find"),
        };
        let output = cmd
            .args(args)
            .current_dir(&self.root)
            .env("LC_ALL", "C")
            .output()
            .ok()?;
        Some((
            split_sorted(&output.stdout, b'\0'),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ))
    }

    /// Runs `find ARGS...` in the tree's root; `None` when GNU find is not installed
    /// (never there on Windows, whose `find` is another program).
    pub fn find<I, S>(&self, args: I) -> Option<Vec<Vec<u8>>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        if !have_find() {
            return None;
        }
        let output = Command::new("find")
            .args(args)
            .current_dir(&self.root)
            .output()
            .ok()?;
        Some(split_sorted(&output.stdout, b'\0'))
    }
}

/// True when GNU find is installed.
pub fn have_find() -> bool {
    if cfg!(windows) {
        return false;
    }
    Command::new("find")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `find ARGS... -print0` run in `cwd` with the C locale: sorted records.
#[cfg(unix)]
pub fn find_in(cwd: &Path, args: &[&OsStr]) -> Vec<Vec<u8>> {
    let output = Command::new("find")
        .args(args)
        .arg("-print0")
        .current_dir(cwd)
        .env("LC_ALL", "C")
        .output()
        .expect("run find");
    split_sorted(&output.stdout, b'\0')
}

/// `find ARGS...` in `env`'s root under `LC_ALL=C.UTF-8` (find's fnmatch then reads
/// characters), as sorted NUL records; `None`, with the reason printed, without find.
pub fn find_utf8(env: &TestEnv, args: &[OsString]) -> Option<Vec<Vec<u8>>> {
    if !have_find() {
        eprintln!("skipped: GNU find is not installed");
        return None;
    }
    let output = Command::new("find")
        .args(args)
        .current_dir(env.root())
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("run find");
    Some(split_sorted(&output.stdout, b'\0'))
}

/// `text` with find's glob characters escaped, so `-path '*TEXT*'` is a substring test.
#[cfg(unix)]
pub fn glob_escape(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for &byte in text {
        if b"*?[]\\".contains(&byte) {
            out.push(b'\\');
        }
        out.push(byte);
    }
    out
}

/// `*TEXT*` with TEXT escaped: find's pattern for a substring.
#[cfg(unix)]
pub fn star_around(text: &[u8]) -> OsString {
    let mut pattern = b"*".to_vec();
    pattern.extend(glob_escape(text));
    pattern.push(b'*');
    OsString::from_vec(pattern)
}

/// True when the current user is root (permission tests need an unprivileged user).
#[cfg(unix)]
pub fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// A command prefix that runs the rest as user `nobody`, when the tests run as root and
/// `setpriv` exists.
#[cfg(unix)]
pub fn as_nobody() -> Option<Vec<OsString>> {
    if !is_root() {
        return None;
    }
    let ok = Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then(|| {
        [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
        ]
        .iter()
        .map(OsString::from)
        .collect()
    })
}

/// The prefix of [`TestEnv::run_unprivileged`]: setpriv to `nobody` as root, nothing
/// otherwise; `None` (with the reason printed) when that is impossible.
#[cfg(unix)]
pub fn unprivileged_prefix() -> Option<Vec<OsString>> {
    if !is_root() {
        return Some(Vec::new());
    }
    let prefix = as_nobody();
    if prefix.is_none() {
        eprintln!("skipped: running as root without setpriv, cannot drop privileges");
    }
    prefix
}

/// True when `strace` runs here; else says why a test is skipped.
#[cfg(unix)]
pub fn have_strace() -> bool {
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
#[cfg(unix)]
pub fn traced(
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

/// Says why a test stops short.
#[cfg(unix)]
pub fn skip(reason: &str) {
    eprintln!("skipped: {reason}");
}
