//! Windows: names are the standard library's encoded bytes of an `OsStr` (WTF-8), and
//! turn back into an `OsStr` only after a check that they are well-formed WTF-8.

pub use pfind_walk::{os_str, os_string};
use std::fs::File;
use std::io::{IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::os::windows::io::{AsRawHandle, FromRawHandle};
use std::sync::Mutex;

use windows_sys::Win32::System::Console::{
    GetConsoleScreenBufferInfo, GetStdHandle, SetConsoleCtrlHandler, CONSOLE_SCREEN_BUFFER_INFO,
    CTRL_BREAK_EVENT, CTRL_C_EVENT, STD_ERROR_HANDLE,
};

use super::CommandStream;

/// Windows files have no uid or gid, no mode bits, and Windows directories hold no
/// FIFOs, sockets or devices: options that ask for them are refused.
pub const UNIX_FILES: bool = false;

/// A root as typed, in the form its paths are printed with: pfind prints `/` between
/// components on every system (so that a query or a glob means the same everywhere),
/// so `\` in a root becomes `/` (`C:\src` prints as `C:/src/...`). Paths are made
/// native again before they are opened.
pub fn printed_root(mut root: Vec<u8>) -> Vec<u8> {
    for byte in &mut root {
        if *byte == b'\\' {
            *byte = b'/';
        }
    }
    root
}

/// Windows has no device files.
pub fn device_numbers(_rdev: u64) -> (u64, u64) {
    (0, 0)
}

/// Windows has no file capabilities.
pub fn has_capabilities(_path: &[u8]) -> bool {
    false
}

/// Columns and rows of the console window on stderr, if it is one.
pub fn stderr_terminal_size() -> Option<(u16, u16)> {
    // SAFETY: all-zero is a valid CONSOLE_SCREEN_BUFFER_INFO (integers only).
    let mut info: CONSOLE_SCREEN_BUFFER_INFO = unsafe { std::mem::zeroed() };
    // SAFETY: GetStdHandle has no preconditions; the info is writable, and a handle
    // that is not a console makes the call fail.
    let ok = unsafe { GetConsoleScreenBufferInfo(GetStdHandle(STD_ERROR_HANDLE), &mut info) } != 0;
    let window = info.srWindow;
    let cols = i32::from(window.Right) - i32::from(window.Left) + 1;
    let rows = i32::from(window.Bottom) - i32::from(window.Top) + 1;
    ok.then(|| (u16::try_from(cols).ok(), u16::try_from(rows).ok()))
        .and_then(|(cols, rows)| Some((cols?, rows?)))
}

/// Windows sends no signal when the console is resized: the width is read again at
/// every look.
pub struct ResizeWatch;

impl ResizeWatch {
    /// Starts watching.
    pub fn start() -> ResizeWatch {
        ResizeWatch
    }

    /// Always true: look again.
    pub fn resized(&self) -> bool {
        true
    }
}

/// What a stop runs, given the signal's number.
type OnStop = Box<dyn FnOnce(i32) + Send>;

/// What to run on Ctrl-C or Ctrl-Break, taken by the first one.
static ON_INTERRUPT: Mutex<Option<OnStop>> = Mutex::new(None);

/// SIGINT's number: what Ctrl-C and Ctrl-Break stand for (status 130).
const SIGINT: i32 = 2;

/// The console's handler: runs on a thread the system starts for it, so it may do
/// anything a thread does.
unsafe extern "system" fn console_handler(event: u32) -> windows_sys::core::BOOL {
    if event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT {
        // Closing the console, logging off: the default handler ends the process.
        return 0;
    }
    let handler = ON_INTERRUPT
        .lock()
        .unwrap_or_else(|poison| poison.into_inner())
        .take();
    if let Some(handler) = handler {
        handler(SIGINT);
    }
    1
}

/// Runs `on_signal` with SIGINT's number on Ctrl-C or Ctrl-Break (the console's
/// SIGINT). Returns the signals caught (Windows has no SIGTERM or SIGHUP to catch).
pub fn on_stop_signal(on_signal: impl FnOnce(i32) + Send + 'static) -> std::io::Result<Vec<i32>> {
    *ON_INTERRUPT
        .lock()
        .unwrap_or_else(|poison| poison.into_inner()) = Some(Box::new(on_signal));
    // SAFETY: the handler is a function of the right signature that lives forever.
    if unsafe { SetConsoleCtrlHandler(Some(console_handler), 1) } == 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(vec![SIGINT])
}

/// Windows has no signals to pass on: Ctrl-C reaches every process of the console,
/// the commands pfind runs included.
pub fn signal_process(_pid: u32, _signal: i32) {}

/// The signal that ends a process whatever it does (never sent on Windows).
pub const KILL_SIGNAL: i32 = 9;

/// Nothing to wait for before `Child::wait`: no signal is ever sent to a command.
pub fn wait_for_exit(_child: &std::process::Child) {}

/// Reads a command's stdout and stderr as the bytes come, calling `each` with every
/// piece, until both end. Windows cannot wait on two pipes at once, so a thread reads
/// each and hands its pieces over a short queue (memory stays bounded). When `each`
/// returns false for a stream, the rest of that stream is read and dropped.
pub fn read_command_output(
    stdout: std::process::ChildStdout,
    stderr: std::process::ChildStderr,
    mut each: impl FnMut(CommandStream, &[u8]) -> bool,
) {
    use std::io::Read;
    use std::sync::mpsc::sync_channel;

    let (send, receive) = sync_channel::<(CommandStream, Vec<u8>)>(4);
    std::thread::scope(|scope| {
        fn pump(
            mut pipe: impl Read,
            stream: CommandStream,
            send: std::sync::mpsc::SyncSender<(CommandStream, Vec<u8>)>,
        ) {
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                match pipe.read(&mut buf) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => {
                        if send.send((stream, buf[..n].to_vec())).is_err() {
                            return;
                        }
                    }
                }
            }
        }
        let err_send = send.clone();
        scope.spawn(move || pump(stdout, CommandStream::Out, send));
        scope.spawn(move || pump(stderr, CommandStream::Err, err_send));
        let mut wanted = [true, true];
        for (stream, bytes) in receive {
            let index = usize::from(stream == CommandStream::Err);
            if wanted[index] {
                wanted[index] = each(stream, &bytes);
            }
        }
    });
}

/// Windows puts no address-space limit on a process of its own: nothing to fit.
pub fn fit_allocator_to_address_space_limit() {}

/// One write to stdout, passed on at once, of at most a pipe buffer's worth: a write
/// to a pipe whose reader went away fails without saying how much of it got through,
/// and the caller counts the records that did. A console gets the standard library's
/// stdout (which writes UTF-16 to it), flushed; anything else gets the handle itself,
/// unbuffered, so that a failure is never one of an earlier write's buffered tail.
pub fn write_stdout(bytes: &[u8]) -> std::io::Result<usize> {
    const PIPE_BUFFER: usize = 4096;
    let piece = &bytes[..bytes.len().min(PIPE_BUFFER)];
    let stdout = std::io::stdout();
    if stdout.is_terminal() {
        let mut stdout = stdout.lock();
        let written = stdout.write(piece)?;
        stdout.flush()?;
        return Ok(written);
    }
    // SAFETY: the standard output handle stays open for the life of the process, and
    // ManuallyDrop keeps this File from closing it.
    let file = ManuallyDrop::new(unsafe { File::from_raw_handle(stdout.as_raw_handle()) });
    (&*file).write(piece)
}

/// Windows' stdout is never left non-blocking: a short wait, then write again.
pub fn wait_stdout_writable() {
    std::thread::sleep(std::time::Duration::from_millis(1));
}

/// Pipes on Windows make no promise of writes that arrive whole: `None`, so results
/// are written as they come.
pub fn stdout_pipe_capacity() -> Option<usize> {
    None
}

/// Never used on Windows (no pipe capacity is known), kept for the same interface.
pub const PIPE_ATOMIC: usize = 512;

/// Not told on Windows.
pub fn stdout_pipe_unread() -> Option<usize> {
    None
}

/// Windows cannot wait for a pipe's reader to go away without writing: a closed pipe
/// is noticed at the next write.
pub fn watch_stdout_reader(_gone: impl FnOnce() + Send + 'static) {}

/// This machine's name (empty when it cannot be read).
pub fn hostname() -> Vec<u8> {
    std::env::var_os("COMPUTERNAME")
        .map(|name| name.into_encoded_bytes())
        .unwrap_or_default()
}

/// The most bytes the arguments of one command may take (a command line holds 32,767
/// UTF-16 units), and whether the environment counts against it (not on Windows).
pub fn argument_limit() -> (usize, bool) {
    (32_767, false)
}

/// Windows files have no numeric owner: no user names.
pub fn user_name(_uid: u32) -> Option<Vec<u8>> {
    None
}

/// Windows files have no numeric group: no group names.
pub fn group_name(_gid: u32) -> Option<Vec<u8>> {
    None
}

/// The walker's type for a standard library file type (of a file opened outside the
/// walk).
pub fn file_type(file_type: std::fs::FileType) -> pfind_walk::FileType {
    use pfind_walk::FileType;
    if file_type.is_file() {
        FileType::File
    } else if file_type.is_dir() {
        FileType::Dir
    } else if file_type.is_symlink() {
        FileType::Symlink
    } else {
        FileType::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::printed_root;

    #[test]
    fn roots_are_printed_with_forward_slashes() {
        assert_eq!(printed_root(br"C:\src\app".to_vec()), b"C:/src/app");
        assert_eq!(printed_root(br"\\server\share".to_vec()), b"//server/share");
        assert_eq!(printed_root(b"src/app".to_vec()), b"src/app");
    }
}
