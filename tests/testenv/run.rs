//! Running the real `pfind` binary: a command with a neutral environment (the
//! variables that change output cleared, `PFIND_TEST_THREADS` applied), the [`Run`]
//! it gives (status, stdout, stderr, and the context a failed assertion prints), and
//! the hang guard that kills a run that takes too long.

use std::ffi::{OsStr, OsString};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

#[cfg(unix)]
use super::unprivileged_prefix;
use super::{split_sorted, TestEnv};

impl TestEnv {
    /// A `pfind` command run from the tree's root, with a neutral environment.
    pub fn pfind<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command_as(&[], args)
    }

    /// A `pfind` command run as the user that `prefix` (from [`super::as_nobody`])
    /// switches to; an empty prefix runs it as the current user.
    pub fn command_as<I, S>(&self, prefix: &[OsString], args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let pfind = OsStr::new(env!("CARGO_BIN_EXE_pfind"));
        let mut cmd = match prefix.split_first() {
            Some((program, rest)) => {
                let mut cmd = Command::new(program);
                cmd.args(rest).arg(pfind);
                cmd
            }
            None => Command::new(pfind),
        };
        let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        cmd.args(thread_override(&args))
            .args(&args)
            .current_dir(&self.root)
            .stdin(Stdio::null());
        for var in [
            "LS_COLORS",
            "NO_COLOR",
            "COLUMNS",
            "PFIND_THREADS",
            "PFIND_CONFIG_PATH",
            "CLICOLOR",
            "CLICOLOR_FORCE",
        ] {
            cmd.env_remove(var);
        }
        cmd
    }

    /// Runs `pfind ARGS...` in the tree's root.
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.pfind(args);
        Run::of(&mut cmd, self)
    }

    /// Runs `pfind ARGS...` in the tree's root as an unprivileged user: `nobody` via
    /// setpriv when the tests run as root, else the current user. `None` (after printing
    /// why) when running as root without setpriv.
    #[cfg(unix)]
    pub fn run_unprivileged<I, S>(&self, args: I) -> Option<Run>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let prefix = unprivileged_prefix()?;
        let mut cmd = self.command_as(&prefix, args);
        Some(Run::of(&mut cmd, self))
    }
}

/// The outcome of one `pfind` run.
pub struct Run {
    pub command: String,
    pub output: Output,
    pub tree: String,
}

impl Run {
    pub fn of(cmd: &mut Command, env: &TestEnv) -> Run {
        let command = format!("{cmd:?}");
        let output = output_of(cmd).expect("run pfind");
        Run {
            command,
            output,
            tree: env.describe(),
        }
    }

    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> &[u8] {
        &self.output.stdout
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Output records (newline-terminated), sorted.
    pub fn lines(&self) -> Vec<Vec<u8>> {
        split_sorted(&self.output.stdout, b'\n')
    }

    /// Output records (NUL-terminated, for `-0`), sorted.
    pub fn records(&self) -> Vec<Vec<u8>> {
        split_sorted(&self.output.stdout, b'\0')
    }

    /// Output lines as strings, sorted (for readable assertions on plain names).
    pub fn strings(&self) -> Vec<String> {
        self.lines()
            .into_iter()
            .map(|l| String::from_utf8_lossy(&l).into_owned())
            .collect()
    }

    /// Context for an assertion message.
    pub fn context(&self) -> String {
        format!(
            "command: {}\nexit: {:?}\nstderr:\n{}\nstdout:\n{}\ntree:\n{}",
            self.command,
            self.output.status.code(),
            self.stderr(),
            String::from_utf8_lossy(&self.output.stdout),
            self.tree
        )
    }

    /// Asserts exit status `code`.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code(),
            code,
            "unexpected exit status\n{}",
            self.context()
        );
        self
    }
}

/// Runs pfind with `args` (root and query included) and `vars`, as NUL records.
pub fn run_records(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> (Vec<Vec<u8>>, Run) {
    let mut cmd = env.pfind(["-0"].iter().chain(args));
    cmd.envs(vars.iter().copied());
    let run = Run::of(&mut cmd, env);
    (run.records(), run)
}

/// Runs `cmd` to its end. Under wine, starting a process now and then fails with
/// ERROR_INTERNAL_ERROR (1359) when many start at once: that is tried again, a few
/// times, as a flake of the emulator, not of pfind.
pub fn output_of(cmd: &mut Command) -> std::io::Result<Output> {
    let mut tries = 0;
    loop {
        match cmd.output() {
            Err(err) if cfg!(windows) && err.raw_os_error() == Some(1359) && tries < 3 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

/// The longest any single run here may take before it counts as a hang.
#[cfg(unix)]
pub const HANG_LIMIT: Duration = Duration::from_secs(20);

/// Runs a prepared pfind command under the hang guard.
#[cfg(unix)]
pub fn run_guarded(cmd: &mut Command, what: &str) -> Output {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pfind");
    output_within(child, HANG_LIMIT, what)
}

/// Waits for `child` at most `limit`, collecting its output; kills it and panics with
/// `what` if it takes longer (the hang guard).
#[cfg(unix)]
pub fn output_within(child: std::process::Child, limit: std::time::Duration, what: &str) -> Output {
    let pid = child.id();
    let (done, wait) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    match wait.recv_timeout(limit) {
        Ok(output) => output.expect("wait for child"),
        Err(_) => {
            if let Some(pid) = rustix::process::Pid::from_raw(pid as i32) {
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
            }
            panic!("hang: {what} did not finish within {limit:?}");
        }
    }
}

/// Waits for `child`, failing the test if it has not ended after `limit` (a hang
/// guard, not a timing assertion).
pub fn wait_or_fail(child: &mut Child, limit: Duration, what: &str) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("pfind still running after {limit:?}: {what}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
/// Makes `cmd` run with its address space limited to `bytes` (`RLIMIT_AS`, as
/// `prlimit --as` sets it).
pub fn limit_address_space(cmd: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            // rustix, not libc: `rlim_t` is unsigned on Linux and signed on FreeBSD.
            let limit = rustix::process::Rlimit {
                current: Some(bytes),
                maximum: Some(bytes),
            };
            rustix::process::setrlimit(rustix::process::Resource::As, limit)
                .map_err(std::io::Error::from)
        });
    }
}

/// The thread count every run gets: `PFIND_TEST_THREADS=N` adds `-j N` to each pfind
/// command that does not choose its own, so the whole suite can be run at any thread
/// count (`PFIND_TEST_THREADS=1 cargo test`, `PFIND_TEST_THREADS=64 cargo test`).
fn thread_override(args: &[OsString]) -> Vec<OsString> {
    let Some(threads) = std::env::var_os("PFIND_TEST_THREADS").filter(|t| !t.is_empty()) else {
        return Vec::new();
    };
    let chooses_own = args
        .iter()
        .map(|a| a.as_encoded_bytes())
        .take_while(|&a| a != b"--")
        .any(|a| a.starts_with(b"-j") || a.starts_with(b"--threads"));
    if chooses_own {
        return Vec::new();
    }
    vec![OsString::from("-j"), threads]
}
