//! The walker on Windows: a directory handle is the directory's path and the
//! `std::fs::read_dir` stream reading it (FindFirstFileExW with a large fetch, in the
//! standard library); entries are opened and stat'ed by their path, the parent's path
//! joined with the name. The standard library makes paths longer than MAX_PATH work
//! (it adds the `\\?\` prefix), so there is no path limit here either.
//!
//! Each entry is copied into the walker's buffer as a record: its name as the
//! standard library's encoded bytes (WTF-8, which is UTF-8 for every valid name), its
//! type from the directory read (no extra call). Paths are printed with `/` between
//! components (see `pfind::platform`); they are turned back into native paths, with
//! `\`, before being opened.
//!
//! There are no uids, gids, device numbers, FIFOs or sockets: `Stat` gives 0 for the
//! ids, the volume serial number as the device and the file index as the inode (what
//! loop detection and `--one-file-system` compare), and a mode made from the type and
//! the read-only attribute.

use std::ffi::OsStr;
use std::fs::{File, OpenOptions, ReadDir};
use std::io;
use std::os::windows::fs::OpenOptionsExt;
use std::os::windows::io::AsRawHandle;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use windows_sys::Win32::Foundation::FILETIME;
use windows_sys::Win32::Storage::FileSystem::{
    GetDriveTypeW, GetFileInformationByHandle, BY_HANDLE_FILE_INFORMATION,
    FILE_FLAG_BACKUP_SEMANTICS, FILE_FLAG_OPEN_REPARSE_POINT, FILE_SHARE_READ, FILE_SHARE_WRITE,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, GetProcessTimes};

use super::copier::Copier;
use super::record::dt;
use crate::os_str;

/// What a failed system call says: a Win32 error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Errno(i32);

impl Errno {
    /// ERROR_FILE_NOT_FOUND (ERROR_PATH_NOT_FOUND is made this too).
    pub const NOENT: Errno = Errno(2);
    /// ERROR_ACCESS_DENIED.
    pub const ACCESS: Errno = Errno(5);
    /// ERROR_INVALID_PARAMETER: the next record does not fit in the buffer.
    pub const INVAL: Errno = Errno(87);
    /// ERROR_DIRECTORY: the directory name is invalid (it is not a directory).
    pub const NOTDIR: Errno = Errno(267);
    /// ERROR_CANT_RESOLVE_FILENAME: too many levels of symbolic links.
    pub const LOOP: Errno = Errno(1921);

    /// The raw Win32 error code.
    pub fn raw_os_error(self) -> i32 {
        self.0
    }

    /// The error with this raw Win32 code (ERROR_PATH_NOT_FOUND counts as not found).
    pub fn from_raw_os_error(code: i32) -> Errno {
        match code {
            3 => Errno::NOENT,
            code => Errno(code),
        }
    }

    fn from_io(err: &io::Error) -> Errno {
        match err.raw_os_error() {
            // ERROR_PATH_NOT_FOUND: a missing directory on the way.
            Some(3) => Errno::NOENT,
            Some(code) => Errno(code),
            None if err.kind() == io::ErrorKind::NotFound => Errno::NOENT,
            None if err.kind() == io::ErrorKind::PermissionDenied => Errno::ACCESS,
            // ERROR_GEN_FAILURE.
            None => Errno(31),
        }
    }
}

/// The words Unix has for the errors Windows shares with it (Windows' own words for
/// them vary with the language of the system).
pub(crate) fn unix_words(err: &io::Error) -> Option<&'static str> {
    match Errno::from_io(err) {
        Errno::NOENT => Some("No such file or directory"),
        Errno::ACCESS => Some("Permission denied"),
        Errno::NOTDIR => Some("Not a directory"),
        Errno::LOOP => Some("Too many levels of symbolic links"),
        _ => None,
    }
}

impl From<io::Error> for Errno {
    fn from(err: io::Error) -> Errno {
        Errno::from_io(&err)
    }
}

impl From<Errno> for io::Error {
    fn from(err: Errno) -> io::Error {
        io::Error::from_raw_os_error(err.0)
    }
}

impl std::fmt::Display for Errno {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        io::Error::from(*self).fmt(f)
    }
}

impl std::error::Error for Errno {}

/// A borrowed open directory: its native path; `None` is the current directory.
pub(crate) type RawDir<'a> = Option<&'a Path>;

/// The current directory, which roots are opened relative to.
pub(crate) const CWD: RawDir<'static> = None;

/// The path of `name` in `dir`.
fn join(dir: RawDir<'_>, name: &OsStr) -> PathBuf {
    match dir {
        Some(dir) => dir.join(name),
        None => PathBuf::from(name),
    }
}

/// A path as pfind prints it (`/` between components), made native (`\`): the
/// `\\?\` form of long paths takes no `/`.
fn native(path: &[u8]) -> PathBuf {
    let path: Vec<u8> = path
        .iter()
        .map(|&b| if b == b'/' { b'\\' } else { b })
        .collect();
    PathBuf::from(os_str(&path))
}

/// An open directory: its path, a handle that pins it, and the stream reading it.
pub(crate) struct DirHandle {
    path: PathBuf,
    /// The directory itself, opened without FILE_SHARE_DELETE: while it is held the
    /// directory cannot be renamed, removed or replaced (by a junction, say), so the
    /// path the stream reads by and children are opened by names this directory.
    _pin: File,
    state: Mutex<(ReadDir, Copier)>,
}

impl DirHandle {
    /// Opens the directory at `path`. Unless `follow`, the last component is opened
    /// as itself (FILE_FLAG_OPEN_REPARSE_POINT) and refused when it is a junction or a
    /// symbolic link, as O_NOFOLLOW refuses a link on Unix: a directory swapped for
    /// one after it was listed is not entered.
    fn open(path: PathBuf, follow: bool) -> Result<DirHandle, Errno> {
        let mut flags = FILE_FLAG_BACKUP_SEMANTICS;
        if !follow {
            flags |= FILE_FLAG_OPEN_REPARSE_POINT;
        }
        let pin = OpenOptions::new()
            .read(true)
            .share_mode(FILE_SHARE_READ | FILE_SHARE_WRITE)
            .custom_flags(flags)
            .open(&path)
            .map_err(|err| Errno::from_io(&err))?;
        let kind = pin
            .metadata()
            .map_err(|err| Errno::from_io(&err))?
            .file_type();
        if !follow && kind.is_symlink() {
            return Err(Errno::LOOP);
        }
        if !kind.is_dir() && !kind.is_symlink() {
            return Err(Errno::NOTDIR);
        }
        let entries = std::fs::read_dir(&path).map_err(|err| Errno::from_io(&err))?;
        Ok(DirHandle {
            path,
            _pin: pin,
            state: Mutex::new((entries, Copier::default())),
        })
    }

    /// The directory, to open and stat entries relative to.
    pub(crate) fn dir(&self) -> RawDir<'_> {
        Some(&self.path)
    }

    /// Writes as many of the next entries as fit into `buf` (see the module `sys`).
    pub(crate) fn fill(&self, buf: &mut [u8]) -> Result<usize, Errno> {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let (entries, copier) = &mut *state;
        copier.fill(buf, || {
            entries.next().map(|entry| {
                let entry = entry.map_err(|err| Errno::from_io(&err))?;
                let d_type = entry.file_type().map_or(dt::UNKNOWN, |kind| {
                    if kind.is_symlink() {
                        dt::LNK
                    } else if kind.is_dir() {
                        dt::DIR
                    } else if kind.is_file() {
                        dt::REG
                    } else {
                        dt::UNKNOWN
                    }
                });
                Ok((entry.file_name().into_encoded_bytes(), d_type))
            })
        })
    }
}

/// Nothing to shrink: handles are not budgeted.
pub(crate) fn shrink_budget() {}

/// Opens a root: `path` as typed (relative to the current directory, which an empty
/// path is), following junctions and links on the way as `find -H` does.
pub(crate) fn open_root(path: &[u8]) -> Result<DirHandle, Errno> {
    if path.is_empty() {
        DirHandle::open(PathBuf::from("."), true)
    } else {
        DirHandle::open(native(path), true)
    }
}

/// Opens the directory `name` in `dir`, refusing a junction or symbolic link there
/// unless `follow` (see `DirHandle::open`).
pub(crate) fn open_child(dir: RawDir<'_>, name: &[u8], follow: bool) -> Result<DirHandle, Errno> {
    DirHandle::open(join(dir, os_str(name)), follow)
}

/// Opens the parent of the directory `dir`: its path without the last component.
pub(crate) fn open_parent(dir: RawDir<'_>) -> Result<DirHandle, Errno> {
    let path = dir.unwrap_or(Path::new("."));
    DirHandle::open(path.join(".."), false)
}

/// Opens the directory `name` in `dir` for a visitor.
pub(crate) fn open_dir_at(dir: RawDir<'_>, name: &OsStr, follow: bool) -> Result<DirHandle, Errno> {
    DirHandle::open(join(dir, name), follow)
}

/// Windows has no descriptor table to budget: handles are always held.
pub(crate) fn may_hold_another() -> bool {
    true
}

/// Nothing to do: there is no descriptor table to grow.
pub(crate) fn presize_fd_table() {}

/// Nothing to raise: there is no descriptor limit.
pub(crate) fn raise_fd_limit() {}

/// Metadata in the shape of a Unix `stat`, so that `Metadata` reads it alike.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stat {
    pub st_size: u64,
    pub st_mode: u32,
    pub st_uid: u32,
    pub st_gid: u32,
    pub st_dev: u64,
    pub st_ino: u64,
    pub st_rdev: u64,
    pub st_nlink: u64,
    pub st_mtime: i64,
    pub st_mtime_nsec: u32,
    pub st_atime: i64,
    pub st_atime_nsec: u32,
    pub st_ctime: i64,
    pub st_ctime_nsec: u32,
}

/// Opens `path` to ask about it (no read or write access; directories too), the link
/// itself unless `follow`.
fn open_for_metadata(path: &Path, follow: bool) -> io::Result<File> {
    let mut flags = FILE_FLAG_BACKUP_SEMANTICS;
    if !follow {
        flags |= FILE_FLAG_OPEN_REPARSE_POINT;
    }
    OpenOptions::new()
        .access_mode(0)
        .custom_flags(flags)
        .open(path)
}

/// `stat` (`follow`) or `lstat` of `path`.
fn stat_path(path: &Path, follow: bool) -> Result<Stat, Errno> {
    let file = open_for_metadata(path, follow)?;
    let meta = file.metadata()?;
    // SAFETY: all-zero is a valid BY_HANDLE_FILE_INFORMATION (integers only).
    let mut info: BY_HANDLE_FILE_INFORMATION = unsafe { std::mem::zeroed() };
    // SAFETY: the handle is open for as long as `file` lives; `info` is writable.
    let ok = unsafe { GetFileInformationByHandle(file.as_raw_handle(), &mut info) } != 0;
    if !ok {
        return Err(Errno::from_io(&io::Error::last_os_error()));
    }
    let kind = meta.file_type();
    let (kind_bits, permissions) = if kind.is_symlink() {
        (0o120_000, 0o777)
    } else if kind.is_dir() {
        (0o040_000, 0o755)
    } else {
        (0o100_000, 0o644)
    };
    let writable = if meta.permissions().readonly() {
        !0o222
    } else {
        !0
    };
    let (mtime, mtime_nsec) = unix_time(meta.modified().ok());
    let (atime, atime_nsec) = unix_time(meta.accessed().ok());
    Ok(Stat {
        st_size: meta.len(),
        st_mode: kind_bits | (permissions & writable),
        st_dev: u64::from(info.dwVolumeSerialNumber),
        st_ino: (u64::from(info.nFileIndexHigh) << 32) | u64::from(info.nFileIndexLow),
        st_nlink: u64::from(info.nNumberOfLinks),
        st_mtime: mtime,
        st_mtime_nsec: mtime_nsec,
        st_atime: atime,
        st_atime_nsec: atime_nsec,
        // Windows keeps no status-change time that the standard library shows: the
        // last write stands in for it.
        st_ctime: mtime,
        st_ctime_nsec: mtime_nsec,
        ..Stat::default()
    })
}

/// Seconds and nanoseconds since the Unix epoch (negative before it).
fn unix_time(time: Option<SystemTime>) -> (i64, u32) {
    match time.map(|t| t.duration_since(UNIX_EPOCH)) {
        Some(Ok(after)) => (after.as_secs() as i64, after.subsec_nanos()),
        Some(Err(before)) => {
            let before = before.duration();
            let nanos = before.subsec_nanos();
            if nanos == 0 {
                (-(before.as_secs() as i64), 0)
            } else {
                (-(before.as_secs() as i64) - 1, 1_000_000_000 - nanos)
            }
        }
        None => (0, 0),
    }
}

/// `stat` (`follow`) or `lstat` of `name` in `dir`.
pub(crate) fn stat_at(dir: RawDir<'_>, name: &OsStr, follow: bool) -> Result<Stat, Errno> {
    stat_path(&join(dir, name), follow)
}

/// `stat` of an open directory.
pub(crate) fn stat_dir(dir: RawDir<'_>) -> Result<Stat, Errno> {
    stat_path(dir.unwrap_or(Path::new(".")), true)
}

/// Opens the file `name` in `dir` for reading (the link itself, not its target,
/// unless `follow`).
pub(crate) fn open_file_at(dir: RawDir<'_>, name: &OsStr, follow: bool) -> Result<File, Errno> {
    let mut options = OpenOptions::new();
    options.read(true);
    if !follow {
        options.custom_flags(FILE_FLAG_OPEN_REPARSE_POINT);
    }
    Ok(options.open(join(dir, name))?)
}

/// The target of the symbolic link `name` in `dir`, as encoded bytes.
pub(crate) fn read_link_at(dir: RawDir<'_>, name: &OsStr) -> Result<Vec<u8>, Errno> {
    let target = std::fs::read_link(join(dir, name))?;
    Ok(target.into_os_string().into_encoded_bytes())
}

/// True when `root` is on a network drive (a UNC path, or a drive letter mapped to a
/// share).
pub(crate) fn is_latency_bound(root: &Path) -> bool {
    let Ok(absolute) = std::path::absolute(if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    }) else {
        return false;
    };
    let Some(std::path::Component::Prefix(prefix)) = absolute.components().next() else {
        return false;
    };
    use std::path::Prefix;
    match prefix.kind() {
        Prefix::UNC(..) | Prefix::VerbatimUNC(..) => true,
        Prefix::Disk(letter) | Prefix::VerbatimDisk(letter) => {
            const DRIVE_REMOTE: u32 = 4;
            let root: Vec<u16> = [u16::from(letter), u16::from(b':'), u16::from(b'\\'), 0].into();
            // SAFETY: `root` is a NUL-terminated UTF-16 string that outlives the call.
            unsafe { GetDriveTypeW(root.as_ptr()) == DRIVE_REMOTE }
        }
        _ => false,
    }
}

/// CPU time used so far by the whole process, all threads together.
pub(crate) fn process_cpu_time() -> Option<Duration> {
    let zero = FILETIME {
        dwLowDateTime: 0,
        dwHighDateTime: 0,
    };
    let (mut created, mut exited, mut kernel, mut user) = (zero, zero, zero, zero);
    // SAFETY: the pseudo-handle of the current process is always valid; the four
    // FILETIMEs are writable.
    let ok = unsafe {
        GetProcessTimes(
            GetCurrentProcess(),
            &mut created,
            &mut exited,
            &mut kernel,
            &mut user,
        )
    } != 0;
    let ticks = |t: FILETIME| (u64::from(t.dwHighDateTime) << 32) | u64::from(t.dwLowDateTime);
    // FILETIME counts 100-nanosecond ticks.
    ok.then(|| Duration::from_nanos((ticks(kernel) + ticks(user)).saturating_mul(100)))
}

/// Windows has no address-space limit of the process's own: no cap.
pub(crate) fn address_space() -> Option<(u64, u64)> {
    None
}

/// Windows does not count the blocks a process reads from storage (its I/O counters
/// include reads served by the cache): the elastic pool falls back on the CPU clock.
pub(crate) fn process_io_blocks() -> Option<u64> {
    None
}
