//! What pfind shows on a terminal, seen through a pseudo-terminal of the tests' own
//! (`pty.rs`) and a model of the screen (`screen.rs`): escaping of names, the
//! `--progress` line.

mod names;
mod progress;
mod pty;
mod screen;
