//! Unix: names are bytes, the terminal is a file descriptor.

pub use pfind_walk::{os_str, os_string};

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

/// Runs `on_interrupt` on a watcher thread when SIGINT arrives. `signal-hook` turns
/// the signal into an ordinary event (its handler only writes to a self-pipe, which is
/// async-signal-safe).
pub fn on_interrupt(on_interrupt: impl FnOnce() + Send + 'static) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([signal_hook::consts::SIGINT])?;
    std::thread::Builder::new()
        .name("pfind-signal".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                on_interrupt();
            }
        })?;
    Ok(())
}

/// One `write` to stdout (no buffering: records are written whole by the caller).
pub fn write_stdout(bytes: &[u8]) -> std::io::Result<usize> {
    Ok(rustix::io::write(rustix::stdio::stdout(), bytes)?)
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
            // SAFETY: on success the name points into `buf`, NUL-terminated.
            (0, Some(name)) if !name.is_null() => {
                return Some(
                    unsafe { std::ffi::CStr::from_ptr(name) }
                        .to_bytes()
                        .to_vec(),
                )
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
