//! Property tests (proptest): random small trees with hostile names and random option
//! sets, pfind against an oracle written here (walkdir for the walk, a naive matcher
//! per query syntax, `query/fnmatch.rs` for globs) and against GNU find in a UTF-8
//! locale for what find can express; random queries into the pattern compiler; random
//! command lines into the binary.
//!
//! Cases per property: `PROPTEST_CASES` (default 32, so the suite stays fast; raise it
//! for a fuzzing campaign: `PROPTEST_CASES=20000 cargo test --test tests properties`).

mod cli;
mod oracle;
mod trees;

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::process::{Command, Stdio};
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::Config;

use pfind::query::{Pattern, Syntax};

use crate::query::fnmatch::{contains_folded, fnmatch, has_globstar};
use crate::testenv::*;

pub(crate) use trees::{build, tree_of};

/// Proptest settings: `PROPTEST_CASES` cases (default 32), no persisted failures.
pub(crate) fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(32);
    Config {
        cases,
        max_shrink_iters: 200,
        failure_persistence: None,
        ..Config::default()
    }
}
