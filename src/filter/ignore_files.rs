//! Reading ignore rules from files: `.gitignore` and `.ignore` in the walked
//! directories, a repository's `info/exclude` (found through `.git`, a directory or a
//! `gitdir:` file), and the files given with `--ignore-file`.
//!
//! Files in the walk are opened relative to their directory's handle, never following
//! a link, and read with plain `read` calls (no `stat` for a size hint): an ignore file
//! costs `openat`, two `read`s and `close`. Like git, an unreadable or missing file in
//! the walk has no rules and a line that is not a valid glob is skipped; a file the
//! user names with `--ignore-file` must be readable and valid.

use std::ffi::OsStr;
use std::io::Read;
use std::path::Path;

use anyhow::{anyhow, Context, Result};
use ignore::gitignore::GitignoreBuilder;
use pfind::platform::os_str;
use pfind::walk::{DirRef, FileType, OpenDir};

use super::reach::Reach;
use super::rules::Rules;

/// Reads the ignore file `name` in `dir`, if there is one with any rule (its matcher
/// is built when first needed).
pub fn read_rules(dir: DirRef<'_>, name: &'static str) -> Option<Rules> {
    let text = read_file(dir, name)?;
    Rules::from_text(name, &String::from_utf8_lossy(&text))
}

/// Reads a file given with `--ignore-file`. Its patterns are matched against paths
/// relative to the current directory (see the caller); a missing file or a pattern
/// that is not a valid glob is an error.
pub fn read_ignore_file(path: &Path) -> Result<Rules> {
    let shown = pfind::walk::escape_for_message(path.as_os_str().as_encoded_bytes());
    let text = std::fs::read(path).map_err(|err| {
        anyhow!(
            "--ignore-file {shown}: {}",
            pfind::walk::describe_io_error(&err)
        )
    })?;
    let text = String::from_utf8_lossy(&text);
    let mut builder = GitignoreBuilder::new(".");
    for (number, line) in lines(&text).enumerate() {
        builder
            .add_line(Some(path.to_path_buf()), line)
            .map_err(|err| {
                anyhow!(
                    "--ignore-file {shown}: line {}: {}",
                    number + 1,
                    invalid_glob_reason(&err)
                )
            })?;
    }
    let matcher = builder
        .build()
        .with_context(|| format!("--ignore-file {shown}"))?;
    Ok(Rules::built(matcher, Reach::of_lines(lines(&text))))
}

/// The `ignore` crate's message for a bad glob, without its file and line prefix,
/// escaped (it quotes the line).
fn invalid_glob_reason(err: &ignore::Error) -> String {
    let text = err.to_string();
    let reason = text
        .find("error parsing glob")
        .map_or(text.as_str(), |start| &text[start..]);
    pfind::walk::escape_for_message(reason.as_bytes()).to_string()
}

/// The lines of an ignore file, a leading byte-order mark dropped.
fn lines(text: &str) -> std::str::Lines<'_> {
    text.strip_prefix('\u{feff}').unwrap_or(text).lines()
}

/// The git directory holding `info/exclude` for the repository whose top is `top`:
/// `.git` itself, or for a `.git` file, the directory it names (`gitdir: PATH`,
/// relative to `top`) or that directory's `commondir` (for a linked worktree).
/// `git_type` is the type of `.git` as the directory's listing gave it.
pub fn git_common_dir(top: DirRef<'_>, git_type: FileType) -> Option<OpenDir> {
    if git_type != FileType::File {
        if let Ok(dir) = top.open_dir(OsStr::new(".git"), false) {
            return Some(dir);
        }
    }
    let pointer = read_file(top, ".git")?;
    let gitdir = pointer.strip_prefix(b"gitdir:")?.trim_ascii();
    let gitdir = top.open_dir(os_str(gitdir), true).ok()?;
    match read_file(gitdir.as_dir(), "commondir") {
        Some(common) => {
            let common = os_str(common.trim_ascii());
            gitdir.as_dir().open_dir(common, true).ok()
        }
        None => Some(gitdir),
    }
}

/// The contents of the regular file `name` in `dir` (not following a link there).
fn read_file(dir: DirRef<'_>, name: &str) -> Option<Vec<u8>> {
    let file = dir.open_file(OsStr::new(name), false).ok()?;
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
