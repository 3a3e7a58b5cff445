//! A pseudo-terminal for tests, with rustix's pty calls and nothing else: pfind runs
//! with the terminal as its stdout and stderr, the test reads what it shows (at its own
//! pace, so that a slow reader can hold pfind back), resizes the window (TIOCSWINSZ on
//! the master, then SIGWINCH, as a terminal emulator does) and feeds every byte to a
//! [`Screen`] model.

use std::ffi::OsStr;
use std::os::fd::{AsFd, OwnedFd};
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use rustix::event::{poll, PollFd, PollFlags, Timespec};
use rustix::fs::{Mode, OFlags};
use rustix::pty::OpenptFlags;
use rustix::termios::Winsize;

use super::screen::Screen;
use crate::testenv::TestEnv;

/// No test waits longer than this for pfind on a terminal (the hang guard).
const HANG_GUARD: Duration = Duration::from_secs(60);

/// pfind running on a pseudo-terminal of its own.
pub struct Terminal {
    master: OwnedFd,
    child: Child,
    /// Everything pfind wrote, as the terminal received it.
    pub transcript: Vec<u8>,
    /// What the terminal shows.
    pub screen: Screen,
    started: Instant,
    command: String,
    /// A resize to make at the first byte after which the screen satisfies a test.
    planned_resize: Option<PlannedResize>,
}

struct PlannedResize {
    cols: u16,
    rows: u16,
    when: fn(&Screen) -> bool,
}

/// Opens a pty of `cols` x `rows`: (master, slave).
fn open_pty(cols: u16, rows: u16) -> (OwnedFd, OwnedFd) {
    let flags = OpenptFlags::RDWR | OpenptFlags::NOCTTY;
    // Linux alone takes O_CLOEXEC here.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let flags = flags | OpenptFlags::CLOEXEC;
    let master = rustix::pty::openpt(flags).expect("openpt");
    rustix::pty::grantpt(&master).expect("grantpt");
    rustix::pty::unlockpt(&master).expect("unlockpt");
    let name = rustix::pty::ptsname(&master, Vec::new()).expect("ptsname");
    let slave = rustix::fs::open(
        name.as_c_str(),
        OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .expect("open pty slave");
    set_size(&master, cols, rows);
    (master, slave)
}

fn set_size(master: &OwnedFd, cols: u16, rows: u16) {
    let size = Winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    rustix::termios::tcsetwinsize(master, size).expect("TIOCSWINSZ");
}

impl Terminal {
    /// Runs `pfind ARGS` in `env`'s tree on a `cols` x `rows` terminal, with the
    /// neutral environment of [`TestEnv::pfind`] plus `vars`.
    pub fn spawn<S: AsRef<OsStr>>(
        env: &TestEnv,
        args: &[S],
        size: (u16, u16),
        vars: &[(&str, &str)],
    ) -> Terminal {
        Terminal::start(env, args, size, vars, None)
    }

    /// Like [`Terminal::spawn`], with stdout going to `stdout` instead (the terminal
    /// is stderr only).
    pub fn spawn_with_stdout<S: AsRef<OsStr>>(
        env: &TestEnv,
        args: &[S],
        size: (u16, u16),
        stdout: Stdio,
    ) -> Terminal {
        Terminal::start(env, args, size, &[], Some(stdout))
    }

    /// Runs a prepared command (pfind behind a prefix, say) on a `cols` x `rows`
    /// terminal, as its stdout and stderr.
    pub fn spawn_command(cmd: std::process::Command, size: (u16, u16)) -> Terminal {
        Terminal::start_command(cmd, size, None)
    }

    fn start<S: AsRef<OsStr>>(
        env: &TestEnv,
        args: &[S],
        size: (u16, u16),
        vars: &[(&str, &str)],
        stdout: Option<Stdio>,
    ) -> Terminal {
        let mut cmd = env.pfind(args);
        for (key, value) in vars {
            cmd.env(key, value);
        }
        Terminal::start_command(cmd, size, stdout)
    }

    fn start_command(
        mut cmd: std::process::Command,
        (cols, rows): (u16, u16),
        stdout: Option<Stdio>,
    ) -> Terminal {
        let (master, slave) = open_pty(cols, rows);
        let stdout =
            stdout.unwrap_or_else(|| Stdio::from(slave.try_clone().expect("dup pty slave")));
        cmd.stdout(stdout).stderr(Stdio::from(slave));
        let command = format!("{cmd:?}");
        let child = cmd.spawn().expect("spawn pfind on a pty");
        // The parent's copies of the slave go with `cmd`: once pfind exits, reading the
        // master reports the end (EIO).
        drop(cmd);
        Terminal {
            master,
            child,
            transcript: Vec::new(),
            screen: Screen::new(cols as usize, rows as usize),
            started: Instant::now(),
            command,
            planned_resize: None,
        }
    }

    /// pfind's stdout, when it was given as a pipe.
    pub fn take_stdout(&mut self) -> std::process::ChildStdout {
        self.child.stdout.take().expect("stdout is a pipe")
    }

    /// Reads at most `max` bytes that pfind wrote, waiting for them; false once pfind
    /// is gone and everything is read.
    pub fn read_some(&mut self, max: usize) -> bool {
        loop {
            self.check_hang();
            let mut fds = [PollFd::new(&self.master, PollFlags::IN)];
            let timeout = Timespec {
                tv_sec: 0,
                tv_nsec: 100_000_000,
            };
            match poll(&mut fds, Some(&timeout)) {
                Ok(0) | Err(rustix::io::Errno::INTR) => continue,
                Ok(_) => break,
                Err(err) => panic!("poll on the pty: {err}"),
            }
        }
        let mut buffer = vec![0; max];
        match rustix::io::read(self.master.as_fd(), &mut buffer) {
            Ok(0) | Err(rustix::io::Errno::IO) => false,
            Ok(n) => {
                self.transcript.extend_from_slice(&buffer[..n]);
                for byte in &buffer[..n] {
                    self.screen.feed(std::slice::from_ref(byte));
                    if self
                        .planned_resize
                        .as_ref()
                        .is_some_and(|plan| (plan.when)(&self.screen))
                    {
                        if let Some(plan) = self.planned_resize.take() {
                            self.resize(plan.cols, plan.rows);
                        }
                    }
                }
                true
            }
            Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => true,
            Err(err) => panic!("read from the pty: {err}"),
        }
    }

    /// Resizes the window as a terminal emulator does: the new size, then SIGWINCH.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        set_size(&self.master, cols, rows);
        self.screen.resize(cols as usize);
        let pid = rustix::process::Pid::from_child(&self.child);
        rustix::process::kill_process(pid, rustix::process::Signal::WINCH).expect("SIGWINCH");
    }

    /// Resizes the window at the first byte received after which `when` holds for
    /// the screen: the screen reflows there, and pfind gets SIGWINCH as soon as the
    /// test has read that far, as with a terminal resized at that moment.
    pub fn resize_when(&mut self, cols: u16, rows: u16, when: fn(&Screen) -> bool) {
        self.planned_resize = Some(PlannedResize { cols, rows, when });
    }

    /// True once a resize planned with [`Terminal::resize_when`] was made.
    pub fn resized(&self) -> bool {
        self.planned_resize.is_none()
    }

    /// Reads everything until pfind is done; returns its exit status.
    pub fn finish(&mut self) -> ExitStatus {
        while self.read_some(64 * 1024) {}
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for pfind") {
                return status;
            }
            self.check_hang();
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Runs to the end and returns (exit code, what the terminal received).
    pub fn output(mut self) -> (i32, Vec<u8>) {
        let status = self.finish();
        (
            status.code().unwrap_or(-1),
            std::mem::take(&mut self.transcript),
        )
    }

    /// The command, the transcript and the screen, for failure messages.
    pub fn context(&self) -> String {
        // The end of a long transcript is what tells.
        let tail = self.transcript.len().saturating_sub(4000);
        let lines = self.screen.lines();
        let last_lines = &lines[lines.len().saturating_sub(40)..];
        format!(
            "command: {}\ntranscript (last 4000 bytes): {:?}\nscreen (last 40 lines):\n{}",
            self.command,
            String::from_utf8_lossy(&self.transcript[tail..]),
            last_lines.join("\n")
        )
    }

    fn check_hang(&mut self) {
        if self.started.elapsed() > HANG_GUARD {
            let _ = self.child.kill();
            panic!(
                "hang: pfind on a terminal for {HANG_GUARD:?}\n{}",
                self.context()
            );
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Runs `pfind ARGS` on a 120x40 terminal to the end: (exit code, bytes received).
pub fn on_terminal<S: AsRef<OsStr>>(
    env: &TestEnv,
    args: &[S],
    vars: &[(&str, &str)],
) -> (i32, Vec<u8>) {
    Terminal::spawn(env, args, (120, 40), vars).output()
}
