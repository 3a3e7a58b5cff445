//! pfind's integration tests: one binary, a shared TestEnv, one module per feature.
//!
//! Each module's header says what feature it covers and what its oracle is (GNU find,
//! git, ls, sort, walkdir, a model written here). On Windows (run here under wine, see
//! the README) the modules and tests marked `cfg(unix)` do not run: their oracles or
//! subjects are Unix's own; each gate says why.

mod testenv;

// The command line: flag parsing, habits from find and fd, hints, the config file,
// help, completions and the man page.
mod cli;
// -x and -X: what runs, what reaches a command, its output; the placeholders.
mod commands;
// Random trees of names Windows forbids (`*`, `?`, `\n`, invalid UTF-8) and links,
// against GNU find and walkdir.
#[cfg(unix)]
mod differential;
// Exit statuses and error messages, permission errors.
mod errors_and_status;
// Types, sizes, times, owners, depth, pruning, --contains, against find expressions.
mod filters;
// --gitignore, .ignore and --ignore-file against git, and rule files that cannot be
// used.
mod ignore_files;
// Descriptor limits, address-space limits, deep and wide trees, a tree changing under
// the walk, /proc: every one a Unix resource or a Unix system call.
#[cfg(unix)]
mod limits;
// Symbolic links and FIFOs, with and without -L, against find -L.
#[cfg(unix)]
mod links;
// What is printed: formats, JSON, -l, names as bytes, stopping early, broken streams.
mod output;
// Random trees of names Windows forbids, against an oracle written here and GNU find.
#[cfg(unix)]
mod properties;
// The query: substrings, globs, regexes, case, --and/--or/--not.
mod query;
// Roots however typed: implicit, several, overlapping, files and links, absolute.
mod roots;
// Stop signals (SIGINT, SIGTERM, SIGHUP) and signals inherited as ignored.
#[cfg(unix)]
mod signals;
// --sort against `LC_ALL=C sort`.
mod sort;
// A pseudo-terminal of the tests' own: Unix's pty.
#[cfg(unix)]
mod terminal;
