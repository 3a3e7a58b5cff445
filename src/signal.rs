//! SIGINT: stop the walk at once, reset the terminal's colors, exit 130.
//!
//! `signal-hook` turns the signal into an ordinary event for a watcher thread (its
//! handler only writes to a self-pipe, which is async-signal-safe). The watcher raises
//! the walk's stop flag; the search then ends normally and `search.rs` exits 130. If
//! it has not ended within [`GRACE`] (a worker blocked writing to a stalled pipe, a
//! long command), the watcher resets the colors itself and exits 130.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use signal_hook::consts::SIGINT;
use signal_hook::iterator::Signals;

use crate::color::RESET;
use crate::exit_codes;

/// How long a stopped search may take to wind down before the process exits anyway.
const GRACE: Duration = Duration::from_millis(300);

/// Set once SIGINT arrived.
#[derive(Clone)]
pub struct Interrupt {
    seen: Arc<AtomicBool>,
}

impl Interrupt {
    /// Installs the handler. `reset_colors`: colors are on and stdout is a terminal.
    pub fn install(stop: Arc<AtomicBool>, reset_colors: bool) -> Result<Interrupt> {
        let mut signals = Signals::new([SIGINT]).context("installing the SIGINT handler")?;
        let seen = Arc::new(AtomicBool::new(false));
        let flag = seen.clone();
        std::thread::Builder::new()
            .name("pfind-signal".into())
            .spawn(move || {
                if signals.forever().next().is_some() {
                    flag.store(true, Ordering::SeqCst);
                    stop.store(true, Ordering::SeqCst);
                    std::thread::sleep(GRACE);
                    crate::status_line::erase_if_free();
                    if reset_colors {
                        let _ = rustix::io::write(rustix::stdio::stdout(), RESET);
                    }
                    std::process::exit(i32::from(exit_codes::INTERRUPTED));
                }
            })
            .context("starting the signal watcher")?;
        Ok(Interrupt { seen })
    }

    /// True once SIGINT arrived.
    pub fn happened(&self) -> bool {
        self.seen.load(Ordering::SeqCst)
    }
}
