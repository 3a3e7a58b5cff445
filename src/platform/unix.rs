//! Unix: names are bytes, the terminal is a file descriptor.

pub use pfind_walk::{os_str, os_string};

use super::CommandStream;

/// The major and minor numbers of a device number (`st_rdev`).
pub fn device_numbers(rdev: u64) -> (u64, u64) {
    let rdev = rdev as rustix::fs::Dev;
    (
        u64::from(rustix::fs::major(rdev)),
        u64::from(rustix::fs::minor(rdev)),
    )
}

/// True when the file at `path` has file capabilities: Linux's `security.capability`
/// extended attribute (other systems have none).
pub fn has_capabilities(path: &[u8]) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        rustix::fs::lgetxattr(os_str(path), "security.capability", &mut [0u8; 0][..])
            .is_ok_and(|n| n > 0)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = path;
        false
    }
}

/// Columns and rows of the terminal on stderr, if it is one.
pub fn stderr_terminal_size() -> Option<(u16, u16)> {
    rustix::termios::tcgetwinsize(rustix::stdio::stderr())
        .ok()
        .map(|size| (size.ws_col, size.ws_row))
}

/// Tells whether the terminal was resized since the last look (SIGWINCH); the watch
/// ends when dropped.
pub struct ResizeWatch {
    resized: std::sync::Arc<std::sync::atomic::AtomicBool>,
    id: Option<signal_hook::SigId>,
}

impl ResizeWatch {
    /// Starts watching.
    pub fn start() -> ResizeWatch {
        let resized = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let id = signal_hook::flag::register(signal_hook::consts::SIGWINCH, resized.clone()).ok();
        ResizeWatch { resized, id }
    }

    /// True once after each resize.
    pub fn resized(&self) -> bool {
        self.resized
            .swap(false, std::sync::atomic::Ordering::Relaxed)
    }
}

impl Drop for ResizeWatch {
    fn drop(&mut self) {
        if let Some(id) = self.id {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// The signals that stop pfind: SIGINT (Ctrl-C), SIGTERM (`kill`), SIGHUP (the
/// terminal closed).
const STOP_SIGNALS: [i32; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

/// Runs `on_signal` with the signal's number on a watcher thread when the first of
/// SIGINT, SIGTERM and SIGHUP arrives. A signal that pfind inherited as ignored is left
/// ignored, as GNU tools do: a shell starts a script's background jobs with SIGINT
/// ignored (so that a Ctrl-C meant for the foreground command spares them), `nohup`
/// ignores SIGHUP; catching it would undo that for pfind and its commands. Returns the
/// signals that are caught. `signal-hook` turns a signal into an ordinary event (its
/// handler only writes to a self-pipe, which is async-signal-safe).
pub fn on_stop_signal(on_signal: impl FnOnce(i32) + Send + 'static) -> std::io::Result<Vec<i32>> {
    let caught: Vec<i32> = STOP_SIGNALS
        .into_iter()
        .filter(|&signal| !inherited_ignored(signal))
        .collect();
    if caught.is_empty() {
        return Ok(caught);
    }
    let mut signals = signal_hook::iterator::Signals::new(&caught)?;
    std::thread::Builder::new()
        .name("pfind-signal".into())
        .stack_size(crate::platform::SMALL_STACK)
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                on_signal(signal);
            }
        })?;
    Ok(caught)
}

/// True when `signal`'s disposition is "ignore" (a query: nothing is changed).
fn inherited_ignored(signal: i32) -> bool {
    // SAFETY: an all-zero sigaction (integers, a handler address, a signal set) is a
    // valid value.
    let mut current: libc::sigaction = unsafe { std::mem::zeroed() };
    // SAFETY: a null new action makes sigaction only write the current one into
    // `current`, which is valid for writes.
    let status = unsafe { libc::sigaction(signal, std::ptr::null(), &mut current) };
    status == 0 && current.sa_sigaction == libc::SIG_IGN
}

/// Sends `signal` to process `pid` (a command pfind started and has not reaped, so
/// the number is still its own); an error (it has exited) is ignored.
pub fn signal_process(pid: u32, signal: i32) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: kill has no memory preconditions.
        unsafe { libc::kill(pid, signal) };
    }
}

/// The signal that ends a process whatever it does.
pub const KILL_SIGNAL: i32 = libc::SIGKILL;

/// Blocks until `child` has exited, without reaping it (`waitid` with `WNOWAIT`): its
/// process id stays its own until `Child::wait`, so that a signal sent meanwhile
/// cannot reach another process that took the number.
pub fn wait_for_exit(child: &std::process::Child) {
    loop {
        // SAFETY: an all-zero siginfo_t is a valid value.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: waitid writes `info`, which is valid for writes; the flags make it
        // wait without reaping.
        let status = unsafe {
            libc::waitid(
                libc::P_PID,
                child.id() as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if status == 0 || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted
        {
            return;
        }
    }
}

/// Reads a command's stdout and stderr as the bytes come (`poll` on both), calling
/// `each` with every piece, until both end. When `each` returns false for a stream,
/// that stream is closed: the command gets EPIPE (or SIGPIPE) at its next write
/// there instead of waiting for a reader that will never come.
pub fn read_command_output(
    stdout: std::process::ChildStdout,
    stderr: std::process::ChildStderr,
    mut each: impl FnMut(CommandStream, &[u8]) -> bool,
) {
    use rustix::event::{poll, PollFd, PollFlags};
    use std::os::fd::OwnedFd;

    let mut open: [(CommandStream, Option<OwnedFd>); 2] = [
        (CommandStream::Out, Some(stdout.into())),
        (CommandStream::Err, Some(stderr.into())),
    ];
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let ready = {
            let mut fds: Vec<PollFd<'_>> = open
                .iter()
                .filter_map(|(_, fd)| fd.as_ref())
                .map(|fd| PollFd::new(fd, PollFlags::IN))
                .collect();
            if fds.is_empty() {
                return;
            }
            match poll(&mut fds, None) {
                Ok(_) => fds
                    .iter()
                    .map(|fd| !fd.revents().is_empty())
                    .collect::<Vec<_>>(),
                Err(rustix::io::Errno::INTR) => continue,
                Err(_) => return,
            }
        };
        let mut ready = ready.into_iter();
        for (stream, slot) in &mut open {
            let Some(fd) = slot else { continue };
            if !ready.next().unwrap_or(false) {
                continue;
            }
            match rustix::io::read(&*fd, &mut buf) {
                Ok(0) => *slot = None,
                Ok(n) => {
                    if !each(*stream, &buf[..n]) {
                        *slot = None;
                    }
                }
                Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => {}
                Err(_) => *slot = None,
            }
        }
    }
}

/// Under an address-space limit (`RLIMIT_AS`), makes the allocator share one arena
/// among all threads. glibc otherwise gives threads arenas of their own, up to eight
/// per CPU, and reserves 64 MiB of address space for each as it is made: sixteen
/// threads took a gigabyte of address space that way, and under a limit an
/// allocation failed and aborted pfind. Without a limit, nothing changes.
pub fn fit_allocator_to_address_space_limit() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if rustix::process::getrlimit(rustix::process::Resource::As)
        .current
        .is_some()
    {
        // SAFETY: mallopt only sets a tunable; no thread has started yet.
        unsafe { libc::mallopt(libc::M_ARENA_MAX, 1) };
    }
}

/// One `write` to stdout (no buffering: records are written whole by the caller).
pub fn write_stdout(bytes: &[u8]) -> std::io::Result<usize> {
    Ok(rustix::io::write(rustix::stdio::stdout(), bytes)?)
}

/// When stdout is a pipe: the most bytes one `write` of whole records may hold and
/// still reach the pipe all at once or not at all, once the pipe is empty (Linux: the
/// pipe's capacity, `F_GETPIPE_SZ`; elsewhere `PIPE_BUF`, the size POSIX makes atomic).
/// `None` for anything else.
pub fn stdout_pipe_capacity() -> Option<usize> {
    let stdout = rustix::stdio::stdout();
    let is_fifo = rustix::fs::fstat(stdout).is_ok_and(|st| {
        rustix::fs::FileType::from_raw_mode(st.st_mode) == rustix::fs::FileType::Fifo
    });
    if !is_fifo {
        return None;
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        // SAFETY: F_GETPIPE_SZ takes no argument and has no memory preconditions.
        let size = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETPIPE_SZ) };
        if let Ok(size) = usize::try_from(size) {
            return Some(size.max(PIPE_ATOMIC));
        }
    }
    Some(PIPE_ATOMIC)
}

/// The most bytes a `write` to a pipe moves all at once or not at all, whatever the
/// pipe holds (POSIX's `PIPE_BUF`).
pub const PIPE_ATOMIC: usize = libc::PIPE_BUF;

/// Bytes waiting in the stdout pipe for its reader (`FIONREAD`), if that can be told.
pub fn stdout_pipe_unread() -> Option<usize> {
    let mut unread: libc::c_int = 0;
    // SAFETY: FIONREAD writes one int through the pointer, which is valid.
    let status = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::FIONREAD, &mut unread) };
    if status == 0 {
        usize::try_from(unread).ok()
    } else {
        None
    }
}

/// Blocks until stdout can be written (or has an error the next write will report):
/// for a stdout left non-blocking by whoever set up the pipe.
pub fn wait_stdout_writable() {
    use rustix::event::{poll, PollFd, PollFlags};
    let stdout = rustix::stdio::stdout();
    let mut fds = [PollFd::new(&stdout, PollFlags::OUT)];
    let _ = poll(&mut fds, None);
}

/// When stdout is a pipe or socket, starts a thread that waits (in `poll`, costing
/// nothing) for its reader to go away, then calls `gone`.
pub fn watch_stdout_reader(gone: impl FnOnce() + Send + 'static) {
    use rustix::event::{poll, PollFd, PollFlags};
    use rustix::fs::FileType;

    let stdout = rustix::stdio::stdout();
    let is_pipe = rustix::fs::fstat(stdout).is_ok_and(|st| {
        matches!(
            FileType::from_raw_mode(st.st_mode),
            FileType::Fifo | FileType::Socket
        )
    });
    if !is_pipe {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("pfind-pipe-watch".into())
        .stack_size(crate::platform::SMALL_STACK)
        .spawn(move || loop {
            let mut fds = [PollFd::new(&stdout, PollFlags::empty())];
            match poll(&mut fds, None) {
                Ok(_) if fds[0].revents().intersects(PollFlags::ERR | PollFlags::HUP) => {
                    gone();
                    return;
                }
                Ok(_) | Err(rustix::io::Errno::INTR) => continue,
                Err(_) => return,
            }
        });
    // Without the watcher, a closed pipe is still noticed at the next write.
    drop(spawned);
}

/// This machine's name (empty when it cannot be read).
pub fn hostname() -> Vec<u8> {
    let mut name = [0u8; 256];
    // SAFETY: the buffer is valid for its whole length, which is what is passed.
    let status = unsafe { libc::gethostname(name.as_mut_ptr().cast(), name.len()) };
    if status != 0 {
        return Vec::new();
    }
    let len = name.iter().position(|&b| b == 0).unwrap_or(name.len());
    name[..len].to_vec()
}

/// The most bytes the arguments of one command may take, and whether the environment
/// counts against it (it does on Unix: `ARG_MAX` covers both).
pub fn argument_limit() -> (usize, bool) {
    // SAFETY: sysconf has no preconditions.
    let arg_max = unsafe { libc::sysconf(libc::_SC_ARG_MAX) };
    let arg_max = if arg_max > 0 {
        arg_max as usize
    } else {
        128 * 1024
    };
    (arg_max, true)
}

/// The name of user `uid`, through the C library (`getpwuid_r`, so that LDAP and other
/// name services answer too).
pub fn user_name(uid: u32) -> Option<Vec<u8>> {
    lookup_name(|buf| {
        // SAFETY: an all-zero passwd is a valid out-parameter for getpwuid_r.
        let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found = std::ptr::null_mut();
        // SAFETY: every pointer is valid for the call, and `buf.len()` is the
        // buffer's size.
        let status =
            unsafe { libc::getpwuid_r(uid, &mut entry, buf.as_mut_ptr(), buf.len(), &mut found) };
        (status, (!found.is_null()).then_some(entry.pw_name))
    })
}

/// The name of group `gid` (`getgrgid_r`).
pub fn group_name(gid: u32) -> Option<Vec<u8>> {
    lookup_name(|buf| {
        // SAFETY: an all-zero group is a valid out-parameter for getgrgid_r.
        let mut entry: libc::group = unsafe { std::mem::zeroed() };
        let mut found = std::ptr::null_mut();
        // SAFETY: as for getpwuid_r above.
        let status =
            unsafe { libc::getgrgid_r(gid, &mut entry, buf.as_mut_ptr(), buf.len(), &mut found) };
        (status, (!found.is_null()).then_some(entry.gr_name))
    })
}

/// Runs a `get*id_r` `lookup` (which answers the C library's status and, when found,
/// the name in `buf`) with a buffer grown until the answer fits.
fn lookup_name(
    lookup: impl Fn(&mut [std::ffi::c_char]) -> (std::ffi::c_int, Option<*mut std::ffi::c_char>),
) -> Option<Vec<u8>> {
    let mut buf: Vec<std::ffi::c_char> = vec![0; 1024];
    loop {
        match lookup(&mut buf) {
            (libc::ERANGE, _) if buf.len() < 1 << 20 => buf.resize(buf.len() * 2, 0),
            (0, Some(name)) if !name.is_null() => {
                // SAFETY: on success the name points into `buf`, NUL-terminated, and
                // `buf` outlives this borrow.
                let name = unsafe { std::ffi::CStr::from_ptr(name) };
                return Some(name.to_bytes().to_vec());
            }
            _ => return None,
        }
    }
}

/// True where files have what Unix files have: an owner and a group (uid, gid), mode
/// bits, and FIFOs, sockets and devices among them.
pub const UNIX_FILES: bool = true;

/// A root as typed, in the form its paths are printed with: unchanged on Unix.
pub fn printed_root(root: Vec<u8>) -> Vec<u8> {
    root
}

/// The walker's type for a standard library file type (of a file opened outside the
/// walk).
pub fn file_type(file_type: std::fs::FileType) -> pfind_walk::FileType {
    use pfind_walk::FileType;
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_file() {
        FileType::File
    } else if file_type.is_dir() {
        FileType::Dir
    } else if file_type.is_symlink() {
        FileType::Symlink
    } else if file_type.is_fifo() {
        FileType::Fifo
    } else if file_type.is_char_device() {
        FileType::CharDevice
    } else if file_type.is_block_device() {
        FileType::BlockDevice
    } else if file_type.is_socket() {
        FileType::Socket
    } else {
        FileType::Unknown
    }
}
