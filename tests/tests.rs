//! pfind's integration tests: one binary, a shared TestEnv, one module per feature.
//!
//! On Windows (run here under wine, see the README) the modules below that are marked
//! `cfg(unix)` do not run: their oracles or subjects are Unix's own.

// Helpers shared with the Unix-only tests go unused on Windows.
#![cfg_attr(windows, allow(dead_code, unused_imports))]

// The glob oracle serves the Unix-only modules below and conformance's glob tests.
mod fnmatch;
mod testenv;

mod cli;
mod commands;
mod config_file;
// Runs bash and fish.
#[cfg(unix)]
mod completions;
mod conformance;
mod core;
mod errors;
// Compared with `ls -l`: owners, modes and device numbers.
#[cfg(unix)]
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
mod hints;
mod output;
// Random trees of names Windows forbids, against GNU find.
#[cfg(unix)]
mod properties;
// A chain deeper than PATH_MAX and a walk under a descriptor limit, against GNU find.
#[cfg(unix)]
mod scale;
// A pseudo-terminal of the tests' own: Unix's pty.
#[cfg(unix)]
mod terminal;
#[cfg(windows)]
mod windows;
