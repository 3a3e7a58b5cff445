//! Reading rule files: `.gitignore` and `.ignore` in the walked directories and above
//! the roots, a repository's `info/exclude` (found through `.git`, a directory or a
//! `gitdir:` file, and a linked worktree's `commondir`), the global excludes file and
//! the files given with `--ignore-file`.
//!
//! Every one is read the same guarded way ([`read_rule_file`]): opened without
//! blocking (`O_NONBLOCK`: a FIFO never blocks the open) and, in the walk and above
//! the roots, without following a link; checked with `fstat` to be a regular file (a
//! FIFO, device, socket or directory is never read); and read only up to
//! [`RULE_FILE_CAP`]. In the walk, a name the directory's listing already shows to be
//! something else is not even opened. A file that cannot be used (not regular, over
//! the cap, a symbolic link, unreadable, out of descriptors after waiting) is an
//! error for the caller to report (`pfind: PATH: reason`, exit status 2), never a
//! silently empty rule set: its rules cannot be applied, and the walk goes on without
//! them, as git does after its warning. A file that does not exist has no rules.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::platform::os_str;
use anyhow::{anyhow, Result};
use pfind_walk::{DirRef, Errno, FileType, OpenDir, WalkError};

use super::rules::Rules;

/// The most bytes read from one rule file: 16 MiB. Real ignore files are kilobytes
/// (a generated list of a hundred thousand paths is a few MiB), and git stops reading
/// attribute files at 100 MiB; a file this large already costs seconds to compile.
/// The cap bounds what a hostile file (a sparse file, a device) can make pfind read.
pub const RULE_FILE_CAP: u64 = 16 << 20;

/// Reads the rule file `name` in `dir` (a path relative to it, or an absolute one),
/// shown in messages as `shown`, without following a link in its place: `Ok(None)`
/// when there is none or it has no rule (its matcher is built when first needed).
pub fn read_rules(dir: DirRef<'_>, name: &OsStr, shown: &[u8]) -> Result<Option<Rules>, WalkError> {
    let text = read_rule_file(dir, name, false).map_err(|err| unusable(shown, err))?;
    Ok(text.and_then(|text| Rules::from_text(shown, &String::from_utf8_lossy(&text))))
}

/// Reads the global excludes file at `path` (the user's own, so a link to it is
/// followed): `Ok(None)` when there is none or it has no rule.
pub fn read_global_rules(path: &Path) -> Result<Option<Rules>, WalkError> {
    let shown = path.as_os_str().as_encoded_bytes();
    let text = read_rule_file(DirRef::current(), path.as_os_str(), true)
        .map_err(|err| unusable(shown, err))?;
    Ok(text.and_then(|text| Rules::from_text(shown, &String::from_utf8_lossy(&text))))
}

/// Reads a file given with `--ignore-file` (following a link to it). Its patterns are
/// matched against paths relative to the current directory (see the caller); a file
/// that is missing, not regular or over the cap, or a line that is not a valid glob or
/// cannot be compiled, is an error.
pub fn read_ignore_file(path: &Path) -> Result<Option<Rules>> {
    let bytes = path.as_os_str().as_encoded_bytes();
    let shown = pfind::escape::escape(bytes);
    let text = match read_rule_file(DirRef::current(), path.as_os_str(), true) {
        Ok(Some(text)) => text,
        Ok(None) => return Err(anyhow!("--ignore-file {shown}: No such file or directory")),
        Err(err) => {
            let reason = pfind_walk::describe_io_error(&err);
            return Err(anyhow!("--ignore-file {shown}: {reason}"));
        }
    };
    Rules::compiled_now(bytes, &String::from_utf8_lossy(&text))
        .map_err(|reason| anyhow!("--ignore-file {shown}: {reason}"))
}

/// The contents of the rule file `name` in `dir`, read the guarded way (see the
/// module): `Ok(None)` when there is no such file; an error, with a reason fit for a
/// message, when there is one that must not or cannot be read.
pub fn read_rule_file(dir: DirRef<'_>, name: &OsStr, follow: bool) -> io::Result<Option<Vec<u8>>> {
    let file = match dir.open_file(name, follow) {
        Ok(file) => file,
        Err(err) => {
            return match err.errno() {
                Some(Errno::NOENT | Errno::NOTDIR) => Ok(None),
                Some(Errno::LOOP) if !follow => Err(io::Error::other(NOT_FOLLOWED)),
                _ => Err(err.into()),
            }
        }
    };
    let meta = file.metadata()?;
    match crate::platform::file_type(meta.file_type()) {
        FileType::File => read_capped(&file, meta.len(), RULE_FILE_CAP).map(Some),
        other => Err(not_regular(other)),
    }
}

/// Why a symbolic link in the place of a rule file is not read.
const NOT_FOLLOWED: &str = "a symbolic link, not followed";

/// The error for a rule file of the type `kind`, which is not a regular file.
fn not_regular(kind: FileType) -> io::Error {
    let kind = match kind {
        FileType::Dir => "a directory",
        FileType::Symlink => "a symbolic link",
        FileType::Fifo => "a FIFO",
        FileType::CharDevice => "a character device",
        FileType::BlockDevice => "a block device",
        FileType::Socket => "a socket",
        FileType::File | FileType::Unknown => "of an unknown type",
    };
    io::Error::other(format!("not a regular file ({kind})"))
}

/// All of `file` (whose size `fstat` said was `size`) if it holds at most `cap`
/// bytes; an error if it holds more, even if it grew after the `fstat`.
fn read_capped(file: &File, size: u64, cap: u64) -> io::Result<Vec<u8>> {
    let too_large = || {
        io::Error::other(format!(
            "larger than {} MiB, the most pfind reads from a rule file",
            cap >> 20
        ))
    };
    if size > cap {
        return Err(too_large());
    }
    // `size + 1`: the read that finds the end fits without growing the buffer.
    let mut text = Vec::with_capacity(size as usize + 1);
    file.take(cap + 1).read_to_end(&mut text)?;
    if text.len() as u64 > cap {
        return Err(too_large());
    }
    Ok(text)
}

/// The error to report for the rule file shown as `shown`.
fn unusable(shown: &[u8], err: io::Error) -> WalkError {
    WalkError::from_io(shown, 0, err)
}

/// When the directory's listing shows the rule file shown as `shown` to be something
/// never read as one (a FIFO, a device, a socket, a directory, a link): the error to
/// report, without opening it.
pub fn listed_unusable(listed: FileType, shown: &[u8]) -> Option<WalkError> {
    let err = match listed {
        FileType::File | FileType::Unknown => return None,
        FileType::Symlink => io::Error::other(NOT_FOLLOWED),
        other => not_regular(other),
    };
    Some(unusable(shown, err))
}

/// The git directory holding `info/exclude` for the repository whose top is `top`
/// (its entries' paths start with `prefix`): `.git` itself, or for a `.git` file, the
/// directory it names (`gitdir: PATH`, relative to `top`) or that directory's
/// `commondir` (for a linked worktree). `git_type` is the type of `.git` as the
/// directory's listing gave it. Returns the directory and its path as shown in
/// messages, or the error that keeps `info/exclude` from being read.
pub fn git_common_dir(
    top: DirRef<'_>,
    git_type: FileType,
    prefix: &[u8],
) -> Result<(OpenDir, Vec<u8>), WalkError> {
    let shown_git = [prefix, b".git"].concat();
    let fail = |shown: &[u8], err: WalkError| WalkError::from_io(shown, 0, err);
    match git_type {
        FileType::Dir | FileType::Unknown => match top.open_dir(OsStr::new(".git"), false) {
            Ok(dir) => return Ok((dir, shown_git)),
            Err(err) => match err.errno() {
                // A file: read below.
                Some(Errno::NOTDIR) => {}
                Some(Errno::LOOP) => {
                    return Err(unusable(&shown_git, io::Error::other(NOT_FOLLOWED)));
                }
                _ => return Err(fail(&shown_git, err)),
            },
        },
        FileType::File => {}
        other => {
            if let Some(err) = listed_unusable(other, &shown_git) {
                return Err(err);
            }
        }
    }
    let pointer = read_rule_file(top, OsStr::new(".git"), false)
        .map_err(|err| unusable(&shown_git, err))?
        .unwrap_or_default();
    let Some(gitdir) = pointer.strip_prefix(b"gitdir:").map(<[u8]>::trim_ascii) else {
        let reason = "neither a directory nor a `gitdir:` file";
        return Err(unusable(&shown_git, io::Error::other(reason)));
    };
    let shown_gitdir = shown_path(prefix, gitdir);
    let dir = top
        .open_dir(os_str(gitdir), true)
        .map_err(|err| fail(&shown_gitdir, err))?;
    let shown_commondir = [&shown_gitdir[..], b"/commondir"].concat();
    let common = read_rule_file(dir.as_dir(), OsStr::new("commondir"), false)
        .map_err(|err| unusable(&shown_commondir, err))?;
    let Some(common) = common else {
        return Ok((dir, shown_gitdir));
    };
    let common = common.trim_ascii();
    let shown_common = shown_path(&[&shown_gitdir[..], b"/"].concat(), common);
    let common_dir = dir
        .as_dir()
        .open_dir(os_str(common), true)
        .map_err(|err| fail(&shown_common, err))?;
    Ok((common_dir, shown_common))
}

/// The path `path` as shown in messages: as it is when absolute, else after `base`
/// (the path of the directory it is relative to, empty or ending with `/`).
fn shown_path(base: &[u8], path: &[u8]) -> Vec<u8> {
    if Path::new(os_str(path)).is_absolute() {
        path.to_vec()
    } else {
        [base, path].concat()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn read(path: &Path) -> io::Result<Option<Vec<u8>>> {
        read_rule_file(DirRef::current(), path.as_os_str(), false)
    }

    fn reason(result: io::Result<Option<Vec<u8>>>) -> String {
        pfind_walk::describe_io_error(&result.expect_err("an error"))
    }

    /// The `fstat` after the open: what a name turned into after the directory was
    /// listed is still never read.
    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = |name: &str| dir.path().join(name);
        std::fs::write(path("rules"), b"*.log\n").expect("write");
        assert_eq!(
            read(&path("rules")).expect("read"),
            Some(b"*.log\n".to_vec())
        );
        assert_eq!(read(&path("missing")).expect("read"), None);
        assert_eq!(read(&path("rules/below")).expect("read"), None);
        let fifo = std::ffi::CString::new(path("fifo").into_os_string().into_encoded_bytes());
        let fifo = fifo.expect("path");
        // SAFETY: a NUL-terminated path that outlives the call.
        let made = unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) };
        assert_eq!(made, 0);
        assert!(reason(read(&path("fifo"))).starts_with("not a regular file (a FIFO)"));
        std::fs::create_dir(path("dir")).expect("mkdir");
        assert!(reason(read(&path("dir"))).starts_with("not a regular file (a directory)"));
        std::os::unix::fs::symlink("rules", path("link")).expect("symlink");
        assert!(reason(read(&path("link"))).starts_with("a symbolic link"));
        let null = read_rule_file(DirRef::current(), OsStr::new("/dev/null"), true);
        assert!(reason(null).starts_with("not a regular file (a character device)"));
    }

    #[test]
    fn files_over_the_cap_are_refused_even_when_they_grow() {
        let mut file = tempfile::tempfile().expect("tempfile");
        std::io::Write::write_all(&mut file, b"0123456789").expect("write");
        let at = |size: u64, cap: u64| {
            std::io::Seek::rewind(&mut &file).expect("rewind");
            read_capped(&file, size, cap)
        };
        assert_eq!(at(10, 10).expect("read"), b"0123456789");
        assert!(at(10, 9).is_err(), "over the cap");
        // fstat said 5 bytes, but the file holds 10 by the time it is read.
        assert!(at(5, 9).is_err(), "grew past the cap");
        assert!(at(5, 10).is_ok());
    }
}
