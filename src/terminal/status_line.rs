//! The status line `--progress` keeps on the terminal, and the rule that keeps it from
//! sticking to anything else: whoever writes to the terminal (results when stdout is
//! one, messages on stderr, a command's stderr) takes [`hold`] first, which erases the
//! line; the ticker draws it again at its next tick, when the cursor is at the start of
//! a line.
//!
//! The line is drawn with automatic wrapping off (DECAWM, `ESC [?7l`), so it is one
//! row whatever width it was cut for, and the cursor is left at its start (`\r`).
//! When the window is resized, a terminal either cuts the row or reflows it over
//! several rows with the cursor still at its start; either way, erasing that row and
//! everything below it removes all of it, and nothing below the line is pfind's but
//! the line itself. The rows below are erased from the next row down (cursor saved,
//! down one, `ESC [J`, restored), never with `ESC [J` from the line's start: in the
//! top-left corner (after `clear`), tmux takes that for clearing the screen and copies
//! the screen into its scrollback, so every tick would leave a line there.
//!
//! Without `--progress` (or when stderr is not a terminal) nothing is ever drawn, and
//! [`hold`] costs one atomic load.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Erase the status line: its row (EL), then, from the row below (cursor saved, down
/// one, restored), the rest of the screen, where a reflowed line continues.
const ERASE: &[u8] = b"\r\x1b[K\x1b7\x1b[B\x1b[J\x1b8";
/// Wrapping off, then on again.
const NO_WRAP: &[u8] = b"\x1b[?7l";
const WRAP: &[u8] = b"\x1b[?7h";

/// Set while a ticker may draw.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static LINE: Mutex<Line> = Mutex::new(Line {
    shown: false,
    at_line_start: true,
});

struct Line {
    /// The status line is on the screen.
    shown: bool,
    /// The last thing written to the terminal ended a line, so the status line can be
    /// drawn without overwriting anything (results printed with `-0` do not).
    at_line_start: bool,
}

fn lock() -> MutexGuard<'static, Line> {
    LINE.lock().unwrap_or_else(|e| e.into_inner())
}

/// The terminal, with the status line erased; it is not drawn again while this is
/// held. Report what was written with [`Hold::wrote`].
pub struct Hold(MutexGuard<'static, Line>);

impl Hold {
    /// Records what was written to the terminal, so that the line is drawn again only
    /// at the start of a line.
    pub fn wrote(&mut self, bytes: &[u8]) {
        if let Some(&last) = bytes.last() {
            self.0.at_line_start = last == b'\n';
        }
    }
}

/// Erases the status line, if one may be shown, and keeps it off until the returned
/// hold is dropped; `None` (at the cost of one atomic load) when no line is drawn.
pub fn hold() -> Option<Hold> {
    if !ACTIVE.load(Ordering::Acquire) {
        return None;
    }
    let mut line = lock();
    if line.shown {
        write_stderr(ERASE);
        line.shown = false;
    }
    Some(Hold(line))
}

/// From now on, [`draw`] draws and [`hold`] erases.
pub fn activate() {
    ACTIVE.store(true, Ordering::Release);
}

/// Erases the line for good.
pub fn deactivate() {
    let mut line = lock();
    if line.shown {
        write_stderr(ERASE);
        line.shown = false;
    }
    ACTIVE.store(false, Ordering::Release);
}

/// Erases the line if that can be done without waiting (a process about to exit
/// while a writer may be blocked holding the terminal).
pub fn erase_if_free() {
    if let Ok(mut line) = LINE.try_lock() {
        if line.shown {
            write_stderr(ERASE);
            line.shown = false;
        }
    }
}

/// Draws `text` (escaped, at most the terminal's width) as the status line, unless
/// the cursor is in the middle of a line.
pub fn draw(text: &[u8]) {
    let mut line = lock();
    if !ACTIVE.load(Ordering::Acquire) || !line.at_line_start {
        return;
    }
    let mut out = Vec::with_capacity(text.len() + 16);
    out.extend_from_slice(ERASE);
    out.extend_from_slice(NO_WRAP);
    out.extend_from_slice(text);
    out.extend_from_slice(WRAP);
    out.push(b'\r');
    write_stderr(&out);
    line.shown = true;
}

fn write_stderr(bytes: &[u8]) {
    let _ = std::io::stderr().lock().write_all(bytes);
}
