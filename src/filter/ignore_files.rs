//! Reading ignore rules from files: `.gitignore` and `.ignore` in the walked
//! directories, and a repository's `info/exclude` (found through `.git`, a directory or
//! a `gitdir:` file).
//!
//! Files are opened relative to their directory's handle, never following a link, and
//! read with plain `read` calls (no `stat` for a size hint): an ignore file costs
//! `openat`, two `read`s and `close`. Like git, an unreadable or missing file has no
//! rules and a line that is not a valid glob is skipped.

use std::ffi::OsStr;
use std::io::Read;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;

use pfind::walk::FileType;
use rustix::fs::{Mode, OFlags};

use super::rules::Rules;

/// Reads the ignore file `name` in `dir`, if there is one with any rule (its matcher
/// is built when first needed).
pub fn read_rules(dir: BorrowedFd<'_>, name: &'static str) -> Option<Rules> {
    let text = read_file(dir, name)?;
    Rules::from_text(name, &String::from_utf8_lossy(&text))
}

/// The git directory holding `info/exclude` for the repository whose top is `top`:
/// `.git` itself, or for a `.git` file, the directory it names (`gitdir: PATH`,
/// relative to `top`) or that directory's `commondir` (for a linked worktree).
/// `git_type` is the type of `.git` as the directory's listing gave it.
pub fn git_common_dir(top: BorrowedFd<'_>, git_type: FileType) -> Option<OwnedFd> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    if git_type != FileType::File {
        if let Ok(dir) = rustix::fs::openat(top, ".git", flags | OFlags::NOFOLLOW, Mode::empty()) {
            return Some(dir);
        }
    }
    let pointer = read_file(top, ".git")?;
    let gitdir = pointer.strip_prefix(b"gitdir:")?.trim_ascii();
    let gitdir = rustix::fs::openat(top, OsStr::from_bytes(gitdir), flags, Mode::empty()).ok()?;
    match read_file(gitdir.as_fd(), "commondir") {
        Some(common) => {
            let common = OsStr::from_bytes(common.trim_ascii());
            rustix::fs::openat(gitdir.as_fd(), common, flags, Mode::empty()).ok()
        }
        None => Some(gitdir),
    }
}

/// The contents of the regular file `name` in `dir` (not following a link there).
fn read_file(dir: BorrowedFd<'_>, name: &str) -> Option<Vec<u8>> {
    let flags =
        OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY;
    let file = std::fs::File::from(rustix::fs::openat(dir, name, flags, Mode::empty()).ok()?);
    let mut text = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        // Not `read_to_end`: it asks for the size first (one `statx` per file).
        match (&file).read(&mut chunk) {
            Ok(0) => return Some(text),
            Ok(read) => text.extend_from_slice(&chunk[..read]),
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}
