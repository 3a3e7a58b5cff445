//! SIGINT, SIGTERM and SIGHUP: stop the walk at once, stop the commands `-x`/`-X` run,
//! reset the terminal's colors, leave no result torn, exit 128 + the signal's number.
//!
//! A signal pfind inherited as ignored stays ignored (see
//! `crate::platform::on_stop_signal`): a script's background job keeps its SIGINT
//! ignored, `nohup pfind` its SIGHUP, as with GNU tools.
//!
//! A watcher thread is told (on Windows, of Ctrl-C and Ctrl-Break, as SIGINT). It
//! raises the walk's stop flag, tells stdout to write nothing more, and passes the
//! signal on to the running commands; the search then ends normally and `search.rs`
//! exits 128 + N. If it has not ended within [`GRACE`] (a worker blocked writing to a
//! stalled pipe, a command that does not stop), the watcher kills the commands left,
//! resets the colors and exits itself. Exiting while a worker is blocked in a write
//! leaves no record torn in a pipe: every write there holds whole records and reaches
//! the pipe all at once or not at all (see `output.rs`). Into a file or a terminal,
//! the watcher first waits a little longer for a write under way to end.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::exec::running;
use crate::output::color::RESET;
use crate::output::Output;

/// How long a stopped search may take to wind down before the process exits anyway.
const GRACE: Duration = Duration::from_millis(300);
/// How much longer the exit waits for a write under way to a file or a terminal.
const WRITE_GRACE: Duration = Duration::from_secs(2);

/// The stop signal that arrived, if any.
#[derive(Clone)]
pub struct Interrupt {
    /// The signal's number; 0 until one arrives.
    signal: Arc<AtomicI32>,
}

impl Interrupt {
    /// Installs the handler. `reset_colors`: colors are on and stdout is a terminal.
    pub fn install(
        stop: Arc<AtomicBool>,
        output: Arc<Output>,
        reset_colors: bool,
    ) -> Result<Interrupt> {
        let signal = Arc::new(AtomicI32::new(0));
        let seen = signal.clone();
        crate::platform::on_stop_signal(move |number| {
            seen.store(number, Ordering::SeqCst);
            output.interrupt();
            stop.store(true, Ordering::SeqCst);
            running::stop_all(number);
            std::thread::sleep(GRACE);
            running::kill_all();
            // A write to a file or terminal under way ends first; one to a pipe
            // never leaves a torn record, whenever the process exits.
            let _quiet = output.quiet_within(WRITE_GRACE);
            crate::terminal::status_line::erase_if_free();
            if reset_colors {
                let _ = crate::platform::write_stdout(RESET);
            }
            std::process::exit(exit_status(number).into());
        })
        .context("installing the signal handlers")?;
        Ok(Interrupt { signal })
    }

    /// The exit status for the stop signal that arrived, if one did.
    pub fn status(&self) -> Option<u8> {
        match self.signal.load(Ordering::SeqCst) {
            0 => None,
            number => Some(exit_status(number)),
        }
    }
}

/// 128 + the signal's number, what a shell reports for a process the signal ended.
fn exit_status(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(crate::exit_codes::INTERRUPTED)
}
