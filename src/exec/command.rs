//! Running one command and passing its output on: streamed, in bounded memory, never
//! mixed with another command's.
//!
//! A command's stdout and stderr are read as they come. While together they hold at
//! most [`HOLD`] bytes, the pieces are kept, and written when the command ends, each to
//! where it was headed, in one turn. Past [`HOLD`], the command waits for the turn
//! (meanwhile its pipes fill and it blocks, as under find, which runs one command at a
//! time), writes what it kept, and streams the rest straight through until it ends.
//! The turn is one lock shared by all commands and held for the whole of one
//! command's output, so two commands' outputs never interleave; and memory stays at
//! most [`HOLD`] per running command however much one prints (`-x yes` included).

use std::ffi::OsString;
use std::io;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Mutex, MutexGuard};

use crate::platform::{self, CommandStream};

use super::running;
use crate::output::Output;

/// Bytes of output a command may hold before it must take the turn and stream.
pub const HOLD: usize = 64 * 1024;

/// What became of a command.
pub enum Ran {
    /// It ran and exited with this status.
    Exited(ExitStatus),
    /// It could not be started (or waited for).
    Failed(io::Error),
}

/// Runs `argv` (program first), its output going to `out` and stderr through `turn`.
/// Returns what became of it, and false when stdout is closed.
pub fn run(argv: &[OsString], out: &Output, turn: &Mutex<()>) -> (Ran, bool) {
    let Some((program, args)) = argv.split_first() else {
        return (Ran::Failed(io::ErrorKind::InvalidInput.into()), true);
    };
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match running::spawn(&mut command) {
        Ok(child) => child,
        Err(err) => return (Ran::Failed(err), !out.is_closed()),
    };
    let mut passing = Passing {
        out,
        turn,
        holding: None,
        kept: Vec::new(),
        kept_bytes: 0,
    };
    if let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) {
        platform::read_command_output(stdout, stderr, |stream, bytes| passing.take(stream, bytes));
    }
    passing.finish();
    let ran = match running::wait(child) {
        Ok(status) => Ran::Exited(status),
        Err(err) => Ran::Failed(err),
    };
    (ran, !out.is_closed())
}

/// One command's output on its way out.
struct Passing<'a> {
    out: &'a Output,
    turn: &'a Mutex<()>,
    /// The turn, once taken: everything now goes straight through.
    holding: Option<MutexGuard<'a, ()>>,
    /// Pieces kept until the turn, in the order they came.
    kept: Vec<(CommandStream, Vec<u8>)>,
    kept_bytes: usize,
}

impl Passing<'_> {
    /// Takes one piece. Returns false when its stream should be closed (stdout's
    /// reader went away).
    fn take(&mut self, stream: CommandStream, bytes: &[u8]) -> bool {
        if self.holding.is_none() {
            if self.kept_bytes + bytes.len() <= HOLD {
                self.keep(stream, bytes);
                return true;
            }
            self.take_turn();
        }
        self.write(stream, bytes)
    }

    fn keep(&mut self, stream: CommandStream, bytes: &[u8]) {
        self.kept_bytes += bytes.len();
        match self.kept.last_mut() {
            Some((last, kept)) if *last == stream => kept.extend_from_slice(bytes),
            _ => self.kept.push((stream, bytes.to_vec())),
        }
    }

    /// Waits for the turn, then writes what was kept.
    fn take_turn(&mut self) {
        self.holding = Some(self.turn.lock().unwrap_or_else(|e| e.into_inner()));
        for (stream, bytes) in std::mem::take(&mut self.kept) {
            self.write(stream, &bytes);
        }
        self.kept_bytes = 0;
    }

    fn write(&self, stream: CommandStream, bytes: &[u8]) -> bool {
        match stream {
            CommandStream::Out => self.out.write_raw(bytes),
            CommandStream::Err => {
                crate::messages::raw(bytes);
                true
            }
        }
    }

    /// The command's output ended: writes what is still kept.
    fn finish(&mut self) {
        if !self.kept.is_empty() && self.holding.is_none() {
            self.take_turn();
        }
        self.holding = None;
    }
}
