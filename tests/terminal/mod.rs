//! What pfind shows on a terminal, seen through a pseudo-terminal of the tests' own
//! (`pty.rs`) and a model of the screen (`screen.rs`): the `--progress` line, escaping
//! of names, LS_COLORS and `-l`'s colors, error messages, hints, hyperlinks.

mod colors;
mod errors;
mod hints;
mod hyperlinks;
mod names;
mod progress;
mod pty;
mod screen;
