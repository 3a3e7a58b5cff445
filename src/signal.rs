//! SIGINT: stop the walk at once, reset the terminal's colors, exit 130.
//!
//! A watcher thread is told (see `pfind::platform::on_interrupt`; on Windows, Ctrl-C
//! and Ctrl-Break). It raises
//! the walk's stop flag; the search then ends normally and `search.rs` exits 130. If
//! it has not ended within [`GRACE`] (a worker blocked writing to a stalled pipe, a
//! long command), the watcher resets the colors itself and exits 130.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

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
        let seen = Arc::new(AtomicBool::new(false));
        let flag = seen.clone();
        pfind::platform::on_interrupt(move || {
            flag.store(true, Ordering::SeqCst);
            stop.store(true, Ordering::SeqCst);
            std::thread::sleep(GRACE);
            crate::status_line::erase_if_free();
            if reset_colors {
                let _ = pfind::platform::write_stdout(RESET);
            }
            std::process::exit(i32::from(exit_codes::INTERRUPTED));
        })
        .context("installing the SIGINT handler")?;
        Ok(Interrupt { seen })
    }

    /// True once SIGINT arrived.
    pub fn happened(&self) -> bool {
        self.seen.load(Ordering::SeqCst)
    }
}
