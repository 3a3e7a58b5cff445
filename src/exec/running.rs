//! The commands `-x` and `-X` have running, so that a stop signal reaches them too.
//!
//! A command is remembered from the moment it starts until it has exited and is about
//! to be reaped: its process id cannot have been taken by another process meanwhile
//! (see `platform::wait_for_exit`), so a signal sent to it reaches the command and
//! nothing else. A command started after the stop is signalled at once.

use std::io;
use std::process::{Child, Command, ExitStatus};
use std::sync::{Mutex, MutexGuard};

use crate::platform;

struct Running {
    pids: Vec<u32>,
    /// The signal to pass on to every command, once pfind is stopping.
    stopping: Option<i32>,
}

static RUNNING: Mutex<Running> = Mutex::new(Running {
    pids: Vec::new(),
    stopping: None,
});

fn running() -> MutexGuard<'static, Running> {
    RUNNING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts `command` and remembers it as running.
pub fn spawn(command: &mut Command) -> io::Result<Child> {
    let child = command.spawn()?;
    let mut running = running();
    running.pids.push(child.id());
    if let Some(signal) = running.stopping {
        // Started while the stop was being passed on: it gets the signal too.
        platform::signal_process(child.id(), signal);
    }
    Ok(child)
}

/// Waits for `child` to exit, forgets it, and reaps it.
pub fn wait(mut child: Child) -> io::Result<ExitStatus> {
    platform::wait_for_exit(&child);
    let pid = child.id();
    running().pids.retain(|&p| p != pid);
    child.wait()
}

/// Passes `signal` on to every running command, and to every one started from now on.
pub fn stop_all(signal: i32) {
    let mut running = running();
    running.stopping = Some(signal);
    for &pid in &running.pids {
        platform::signal_process(pid, signal);
    }
}

/// Ends every command still running (pfind is exiting).
pub fn kill_all() {
    let mut running = running();
    running.stopping = Some(platform::KILL_SIGNAL);
    for &pid in &running.pids {
        platform::signal_process(pid, platform::KILL_SIGNAL);
    }
}
