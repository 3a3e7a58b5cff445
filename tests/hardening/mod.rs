//! Hardening (#6): pfind never hangs, crashes, loses a result it could read, or lets a
//! file name do anything but be printed. Hostile names, odd roots, loops, FIFOs,
//! permissions, starved descriptor limits, a tree mutating under the walk, /proc and
//! /sys, closed and full stdout. Compared with GNU find wherever find can say what is right.
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

// Races with RENAME_EXCHANGE, which only Linux has.
#[cfg(target_os = "linux")]
#[path = "../limits/containment.rs"]
mod containment;
#[path = "../limits/descriptors.rs"]
mod descriptors;
#[path = "../limits/live_trees.rs"]
mod limits;
#[path = "../links/loops_and_fifos.rs"]
mod links;
#[path = "../limits/memory.rs"]
mod memory;
#[path = "../output/names.rs"]
mod names;
#[path = "../errors_and_status/permissions.rs"]
mod permissions;
#[path = "../roots/odd.rs"]
mod roots;
#[path = "../signals.rs"]
mod signals;
#[path = "../output/streams.rs"]
mod streams;

/// The longest any single run here may take before it counts as a hang.
const HANG_LIMIT: Duration = Duration::from_secs(20);

fn os(bytes: &[u8]) -> &OsStr {
    OsStr::from_bytes(bytes)
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
