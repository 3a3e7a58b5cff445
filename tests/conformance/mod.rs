//! Conformance (issue 14, issue 11.3): pfind agrees with GNU find (in a UTF-8 locale)
//! and with what fd users expect, and never hands a name to a command as an option.
//! Globs on characters, `-L` loops, roots however typed, `--sort` over overlapping
//! roots, flags where the last one wins, impossible types, the empty query, `./` for
//! commands.

use std::ffi::{OsStr, OsString};
#[cfg(unix)]
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::process::Command;

use crate::testenv::*;

// Pairs like -L/--no-follow, on a tree with a symbolic link.
#[cfg(unix)]
#[path = "../cli/flags.rs"]
mod flags;
// GNU find on names that are not UTF-8 (and `\\`, which Windows forbids in names).
#[cfg(unix)]
#[path = "../query/globs.rs"]
mod globs;
// Symbolic link loops under -L, against GNU find.
#[cfg(unix)]
#[path = "../links/follow.rs"]
mod links;
#[path = "../roots/typed.rs"]
mod roots;
#[path = "../sort.rs"]
mod sort;

/// `find ARGS...` in `env`'s root under `LC_ALL=C.UTF-8` (find's fnmatch then reads
/// characters), as sorted NUL records; `None`, with the reason printed, without find.
fn find_utf8(env: &TestEnv, args: &[OsString]) -> Option<Vec<Vec<u8>>> {
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

fn os(text: &str) -> OsString {
    OsString::from(text)
}

#[cfg(unix)]
fn os_bytes(bytes: &[u8]) -> OsString {
    OsString::from_vec(bytes.to_vec())
}

/// Asserts that `pfind -0 PFIND_ARGS` prints what `find FIND_ARGS -print0` prints.
fn assert_like_find(env: &TestEnv, pfind_args: &[OsString], find_args: &[OsString]) {
    let mut find_args = find_args.to_vec();
    find_args.push(os("-print0"));
    let Some(want) = find_utf8(env, &find_args) else {
        return;
    };
    let run =
        env.run(std::iter::once(OsStr::new("-0")).chain(pfind_args.iter().map(|a| a.as_os_str())));
    assert!(run.code() <= 1, "{}", run.context());
    assert_same(
        &run.records(),
        &want,
        &format!("find {find_args:?}\n{}", run.context()),
    );
}
