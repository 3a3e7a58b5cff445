//! What pfind shows on a terminal, seen through a pseudo-terminal of the tests' own
//! (`pty.rs`) and a model of the screen (`screen.rs`).

mod names;
mod pty;
mod screen;
