//! The terminal side: the `--progress` status line on stderr, and the stop signals
//! (Ctrl-C, SIGTERM, SIGHUP) that end a search with whole records and status 128+N.

pub mod progress;
pub mod signal;
pub mod status_line;
