//! pfind's integration tests: one binary, a shared TestEnv, one module per feature.
//!
//! On Windows (run here under wine, see the README) the modules below that are marked
//! `cfg(unix)` do not run: their oracles or subjects are Unix's own.

// Helpers shared with the Unix-only tests go unused on Windows.
#![cfg_attr(windows, allow(dead_code, unused_imports))]

// The glob oracle serves the Unix-only modules below and conformance's glob tests.
#[path = "query/fnmatch.rs"]
mod fnmatch;
mod testenv;

#[path = "cli/habits.rs"]
mod cli;
mod commands;
#[path = "cli/config_file.rs"]
mod config_file;
// Runs bash and fish.
#[cfg(unix)]
#[path = "cli/completions.rs"]
mod completions;
mod conformance;
#[path = "query/matching.rs"]
mod core;
#[path = "errors_and_status/golden.rs"]
mod errors;
// Compared with `ls -l`: owners, modes and device numbers.
#[cfg(unix)]
#[path = "output/details.rs"]
mod details;
// GNU find on trees of names Windows forbids (`*`, `?`, `\n`, invalid UTF-8) and links.
#[cfg(unix)]
mod differential;
mod filters;
// FIFOs, permissions as another user, descriptor limits, /proc, signals, GNU find.
#[cfg(unix)]
mod hardening;
// Each suggested command is run through sh.
#[cfg(unix)]
#[path = "cli/hints.rs"]
mod hints;
#[path = "output/formats.rs"]
mod output;
// Random trees of names Windows forbids, against GNU find.
#[cfg(unix)]
mod properties;
// A chain deeper than PATH_MAX and a walk under a descriptor limit, against GNU find.
#[cfg(unix)]
#[path = "limits/deep_and_wide.rs"]
mod scale;
// A pseudo-terminal of the tests' own: Unix's pty.
#[cfg(unix)]
mod terminal;
#[cfg(windows)]
mod windows;
