//! TestEnv: builds trees in temporary directories and runs the real `pfind` binary.
//!
//! Output is compared as sorted byte records (paths are bytes). Environment variables
//! that change output (colors, terminal width) are cleared. On failure, helpers print
//! the command, the tree, stdout and stderr.

#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::fs;
#[cfg(unix)]
use std::os::unix::ffi::{OsStrExt, OsStringExt};
#[cfg(unix)]
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// A temporary directory holding a test tree; removed on drop.
pub struct TestEnv {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl TestEnv {
    /// An empty tree, readable by every user (so tests can also run as `nobody`).
    pub fn new() -> TestEnv {
        let dir = tempfile::Builder::new()
            .prefix("pfind-test-")
            .tempdir()
            .expect("tempdir");
        #[cfg(unix)]
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod tempdir");
        let root = dir.path().to_path_buf();
        TestEnv { _dir: dir, root }
    }

    /// A tree with the given directories and (empty) files, paths relative to the root.
    pub fn with(dirs: &[&str], files: &[&str]) -> TestEnv {
        let env = TestEnv::new();
        for dir in dirs {
            env.mkdir(dir);
        }
        for file in files {
            env.touch(file);
        }
        env
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, rel: impl AsRef<OsStr>) -> PathBuf {
        self.root.join(Path::new(rel.as_ref()))
    }

    pub fn mkdir(&self, rel: impl AsRef<OsStr>) {
        fs::create_dir_all(self.path(rel)).expect("mkdir");
    }

    pub fn touch(&self, rel: impl AsRef<OsStr>) {
        self.write(rel, b"");
    }

    pub fn write(&self, rel: impl AsRef<OsStr>, contents: &[u8]) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("mkdir parent");
        }
        fs::write(path, contents).expect("write file");
    }

    #[cfg(unix)]
    pub fn symlink(&self, target: impl AsRef<OsStr>, rel: impl AsRef<OsStr>) {
        symlink(Path::new(target.as_ref()), self.path(rel)).expect("symlink");
    }

    #[cfg(unix)]
    pub fn mkfifo(&self, rel: impl AsRef<OsStr>) {
        mkfifo(&self.path(rel)).expect("mkfifo");
    }

    #[cfg(unix)]
    pub fn chmod(&self, rel: impl AsRef<OsStr>, mode: u32) {
        fs::set_permissions(self.path(rel), fs::Permissions::from_mode(mode)).expect("chmod");
    }

    /// A `pfind` command run from the tree's root, with a neutral environment.
    pub fn pfind<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command_as(&[], args)
    }

    /// A `pfind` command run as the user that `prefix` (from [`as_nobody`]) switches
    /// to; an empty prefix runs it as the current user.
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
    pub fn run_unprivileged<I, S>(&self, args: I) -> Option<Run>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let prefix = unprivileged_prefix()?;
        let mut cmd = self.command_as(&prefix, args);
        Some(Run::of(&mut cmd, self))
    }

    /// Runs `find ARGS...` like [`TestEnv::run_unprivileged`]: (sorted NUL-separated
    /// stdout, stderr).
    pub fn find_unprivileged<I, S>(&self, args: I) -> Option<(Vec<Vec<u8>>, String)>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let prefix = unprivileged_prefix()?;
        let mut cmd = match prefix.split_first() {
            Some((program, rest)) => {
                let mut cmd = Command::new(program);
                cmd.args(rest).arg("find");
                cmd
            }
            None => Command::new("find"),
        };
        let output = cmd
            .args(args)
            .current_dir(&self.root)
            .env("LC_ALL", "C")
            .output()
            .ok()?;
        Some((
            split_sorted(&output.stdout, b'\0'),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ))
    }

    /// Runs `find ARGS...` in the tree's root; `None` when GNU find is not installed
    /// (never there on Windows, whose `find` is another program).
    pub fn find<I, S>(&self, args: I) -> Option<Vec<Vec<u8>>>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        if !have_find() {
            return None;
        }
        let output = Command::new("find")
            .args(args)
            .current_dir(&self.root)
            .output()
            .ok()?;
        Some(split_sorted(&output.stdout, b'\0'))
    }

    /// A listing of the tree for failure messages.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for entry in walkdir::WalkDir::new(&self.root)
            .sort_by_file_name()
            .min_depth(1)
        {
            match entry {
                Ok(entry) => {
                    let rel = entry
                        .path()
                        .strip_prefix(&self.root)
                        .unwrap_or(entry.path());
                    let kind = if entry.path_is_symlink() {
                        "l"
                    } else if entry.file_type().is_dir() {
                        "d"
                    } else {
                        "f"
                    };
                    out.push_str(&format!("  {kind} {:?}\n", rel.as_os_str()));
                }
                Err(err) => out.push_str(&format!("  ! {err}\n")),
            }
        }
        out
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

#[cfg(unix)]
/// Makes a FIFO at `path` (`mkfifo`, which every Unix has; `mknodat` is not on macOS).
pub fn mkfifo(path: &Path) -> std::io::Result<()> {
    let path = std::ffi::CString::new(path.as_os_str().as_bytes())?;
    // SAFETY: `path` is a NUL-terminated string that outlives the call.
    match unsafe { libc::mkfifo(path.as_ptr(), 0o644) } {
        0 => Ok(()),
        _ => Err(std::io::Error::last_os_error()),
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
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
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

/// Splits on `sep`, drops the empty tail, sorts bytewise.
pub fn split_sorted(bytes: &[u8], sep: u8) -> Vec<Vec<u8>> {
    let mut records: Vec<Vec<u8>> = bytes.split(|b| *b == sep).map(<[u8]>::to_vec).collect();
    if records.last().is_some_and(Vec::is_empty) {
        records.pop();
    }
    records.sort();
    records
}

/// Asserts two sorted record lists are equal, showing the difference.
pub fn assert_same(got: &[Vec<u8>], want: &[Vec<u8>], context: &str) {
    if got == want {
        return;
    }
    let show = |r: &Vec<u8>| format!("\"{}\"", r.escape_ascii());
    let missing: Vec<String> = want.iter().filter(|r| !got.contains(r)).map(show).collect();
    let extra: Vec<String> = got.iter().filter(|r| !want.contains(r)).map(show).collect();
    let mut dupes: Vec<String> = got
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| show(&w[0]))
        .collect();
    dupes.dedup();
    panic!(
        "outputs differ: {} got, {} expected\nmissing: {missing:?}\nextra: {extra:?}\nduplicated: {dupes:?}\n{context}",
        got.len(),
        want.len()
    );
}

/// A path as pfind prints it: on Windows with `/` between components, where the
/// path (or a root typed) may have `\`.
pub fn printed(path: impl AsRef<OsStr>) -> String {
    let text = path.as_ref().to_string_lossy();
    if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}

/// Bytes of a path-like thing.
pub fn bytes(s: impl AsRef<OsStr>) -> Vec<u8> {
    s.as_ref().as_encoded_bytes().to_vec()
}

/// True when the current user is root (permission tests need an unprivileged user).
pub fn is_root() -> bool {
    #[cfg(unix)]
    return rustix::process::geteuid().is_root();
    #[cfg(not(unix))]
    return false;
}

/// True when GNU find is installed.
pub fn have_find() -> bool {
    if cfg!(windows) {
        return false;
    }
    Command::new("find")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
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

/// The prefix of [`TestEnv::run_unprivileged`]: setpriv to `nobody` as root, nothing
/// otherwise; `None` (with the reason printed) when that is impossible.
pub fn unprivileged_prefix() -> Option<Vec<OsString>> {
    if !is_root() {
        return Some(Vec::new());
    }
    let prefix = as_nobody();
    if prefix.is_none() {
        eprintln!("skipped: running as root without setpriv, cannot drop privileges");
    }
    prefix
}

/// Waits for `child` at most `limit`, collecting its output; kills it and panics with
/// `what` if it takes longer (the hang guard).
pub fn output_within(child: std::process::Child, limit: std::time::Duration, what: &str) -> Output {
    let pid = child.id();
    let (done, wait) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    match wait.recv_timeout(limit) {
        Ok(output) => output.expect("wait for child"),
        Err(_) => {
            #[cfg(unix)]
            if let Some(pid) = rustix::process::Pid::from_raw(pid as i32) {
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
            }
            #[cfg(not(unix))]
            let _ = Command::new("taskkill")
                .args(["/F", "/PID", &pid.to_string()])
                .output();
            panic!("hang: {what} did not finish within {limit:?}");
        }
    }
}

/// A command prefix that runs the rest as user `nobody`, when the tests run as root and
/// `setpriv` exists.
pub fn as_nobody() -> Option<Vec<OsString>> {
    if !is_root() {
        return None;
    }
    let ok = Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then(|| {
        [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
        ]
        .iter()
        .map(OsString::from)
        .collect()
    })
}

/// A small deterministic random generator (xorshift), so generated trees are
/// reproducible from their seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[cfg(unix)]
/// Name pieces that break careless tools: spaces, newlines, invalid UTF-8, leading
/// dashes, glob and regex metacharacters, shell syntax.
pub const HOSTILE_PIECES: &[&[u8]] = &[
    b"a",
    b"src",
    b".py",
    b".rs",
    b" ",
    b"\n",
    b"\t",
    b"\xff",
    b"\xc3\xa9",
    b"-",
    b"--x",
    b"*",
    b"?",
    b"[a]",
    b"{}",
    b"\\",
    b"$(x)",
    b"`y`",
    b";",
    b".",
    b"..x",
    b"'",
    b"\"",
];

#[cfg(unix)]
/// Builds a random tree of about `entries` entries with hostile names; returns the
/// relative paths created (as bytes).
pub fn random_tree(env: &TestEnv, seed: u64, entries: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng::new(seed);
    let mut dirs: Vec<Vec<u8>> = vec![Vec::new()];
    let mut created = Vec::new();
    for i in 0..entries {
        let parent = rng.pick(&dirs).clone();
        let mut name = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let piece: &&[u8] = rng.pick(HOSTILE_PIECES);
            name.extend_from_slice(piece);
        }
        name.extend_from_slice(format!("{i}").as_bytes());
        if name.starts_with(b".") && (name == b"." || name == b"..") {
            name.push(b'_');
        }
        let mut rel = parent.clone();
        if !rel.is_empty() {
            rel.push(b'/');
        }
        rel.extend_from_slice(&name);
        let rel_os = OsString::from_vec(rel.clone());
        match rng.below(10) {
            0..=3 => {
                env.mkdir(&rel_os);
                dirs.push(rel.clone());
            }
            4 => {
                let target: &Vec<u8> = rng.pick(&dirs);
                let target = if target.is_empty() {
                    b"." as &[u8]
                } else {
                    target
                };
                env.symlink(OsStr::from_bytes(target), &rel_os)
            }
            _ => env.touch(&rel_os),
        }
        created.push(rel);
    }
    created
}

/// A small project: sources two levels deep, docs, a hidden directory and an empty one.
pub fn small_project() -> TestEnv {
    TestEnv::with(
        &["src/walk", "docs", ".hidden/dir", "empty"],
        &[
            "src/main.rs",
            "src/walk/pool.rs",
            "src/walk/dir.py",
            "docs/index.md",
            ".hidden/dir/x.py",
            "README.md",
        ],
    )
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

/// A tree with `dirs` directories of `files` files each, with long names so that the
/// output is much larger than a pipe's buffer.
pub fn pipe_filling_tree(dirs: usize, files: usize) -> TestEnv {
    let env = TestEnv::new();
    for d in 0..dirs {
        let dir = format!("directory-number-{d:04}");
        env.mkdir(&dir);
        for f in 0..files {
            env.touch(format!(
                "{dir}/a-rather-long-file-name-to-fill-pipes-{f:05}.txt"
            ));
        }
    }
    env
}

/// Records in output order (not sorted), split on `sep`.
pub fn in_order(bytes: &[u8], sep: u8) -> Vec<Vec<u8>> {
    let mut records: Vec<Vec<u8>> = bytes.split(|b| *b == sep).map(<[u8]>::to_vec).collect();
    if records.last().is_some_and(Vec::is_empty) {
        records.pop();
    }
    records
}

/// The longest any single run here may take before it counts as a hang.
pub const HANG_LIMIT: Duration = Duration::from_secs(20);

/// Bytes as an argument.
#[cfg(unix)]
pub fn os(bytes: &[u8]) -> &OsStr {
    OsStr::from_bytes(bytes)
}

/// `find ARGS... -print0` run in `cwd` with the C locale: sorted records.
pub fn find_in(cwd: &Path, args: &[&OsStr]) -> Vec<Vec<u8>> {
    let output = Command::new("find")
        .args(args)
        .arg("-print0")
        .current_dir(cwd)
        .env("LC_ALL", "C")
        .output()
        .expect("run find");
    split_sorted(&output.stdout, b'\0')
}

/// Runs a prepared pfind command under the hang guard.
pub fn run_guarded(cmd: &mut Command, what: &str) -> Output {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pfind");
    output_within(child, HANG_LIMIT, what)
}

/// Context for an assertion message about a run that is no [`Run`].
pub fn output_context(what: &str, output: &Output) -> String {
    format!(
        "{what}\nexit: {:?}\nstderr:\n{}\nstdout:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    )
}

/// Every stderr line has the form `pfind: PATH: reason` (one line per error).
pub fn assert_error_lines(stderr: &[u8], what: &str) {
    let text = String::from_utf8_lossy(stderr);
    assert!(!text.contains("panicked"), "panic in {what}:\n{text}");
    for line in text.lines() {
        let well_formed = line
            .strip_prefix("pfind: ")
            .and_then(|rest| rest.rsplit_once(": "))
            .is_some_and(|(path, reason)| {
                !path.is_empty() && reason.chars().next().is_some_and(char::is_alphabetic)
            });
        assert!(
            well_formed,
            "malformed error line {line:?} in {what}:\n{text}"
        );
    }
}

/// The process ended by itself with one of pfind's statuses (never a signal, never the
/// 101 of a panic).
pub fn assert_clean_exit(output: &Output, allowed: &[i32], what: &str) {
    let code = output.status.code();
    assert!(
        code.is_some_and(|c| allowed.contains(&c)),
        "bad exit ({:?}), expected one of {allowed:?}\n{}",
        output.status,
        output_context(what, output)
    );
}

/// `text` with find's glob characters escaped, so `-path '*TEXT*'` is a substring test.
pub fn glob_escape(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for &byte in text {
        if b"*?[]\\".contains(&byte) {
            out.push(b'\\');
        }
        out.push(byte);
    }
    out
}

/// `*TEXT*` with TEXT escaped: find's pattern for a substring.
#[cfg(unix)]
pub fn star_around(text: &[u8]) -> OsString {
    let mut pattern = b"*".to_vec();
    pattern.extend(glob_escape(text));
    pattern.push(b'*');
    OsString::from_vec(pattern)
}

/// `find ARGS...` in `env`'s root under `LC_ALL=C.UTF-8` (find's fnmatch then reads
/// characters), as sorted NUL records; `None`, with the reason printed, without find.
pub fn find_utf8(env: &TestEnv, args: &[OsString]) -> Option<Vec<Vec<u8>>> {
    if !have_find() {
        eprintln!("skipped: GNU find is not installed");
        return None;
    }
    let output = Command::new("find")
        .args(args)
        .current_dir(env.root())
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("run find");
    Some(split_sorted(&output.stdout, b'\0'))
}

/// Runs pfind with `args` (root and query included) and `vars`, as NUL records.
pub fn run_records(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> (Vec<Vec<u8>>, Run) {
    let mut cmd = env.pfind(["-0"].iter().chain(args));
    cmd.envs(vars.iter().copied());
    let run = Run::of(&mut cmd, env);
    (run.records(), run)
}

/// `paths` as the sorted records pfind prints with `-0`.
pub fn records(paths: &[&str]) -> Vec<Vec<u8>> {
    let mut records: Vec<Vec<u8>> = paths.iter().map(|p| p.as_bytes().to_vec()).collect();
    records.sort();
    records
}

/// Says why a test stops short.
pub fn skip(reason: &str) {
    eprintln!("skipped: {reason}");
}

/// True when `strace` runs here; else says why a test is skipped.
pub fn have_strace() -> bool {
    let here = Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !here {
        skip("strace not installed");
    }
    here
}

/// The system calls of `pfind ARGS` run in `dir` that `strace -e trace=CALLS` sees,
/// one line each, from the trace file `trace`; `None` (and a skip) when strace fails.
pub fn traced(
    dir: &std::path::Path,
    calls: &str,
    args: &[&str],
    trace: &std::path::Path,
) -> Option<String> {
    let out = Command::new("strace")
        .args(["-f", "-qq", "-e", &format!("trace={calls}"), "-o"])
        .arg(trace)
        .arg(env!("CARGO_BIN_EXE_pfind"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("no-config"))
        .output()
        .ok()?;
    if out.status.code().is_none_or(|c| c > 1) {
        skip(&format!(
            "strace failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
        return None;
    }
    std::fs::read_to_string(trace).ok()
}
