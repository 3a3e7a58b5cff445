//! `--type`: the entry's type, as the directory read gave it (no `stat`), except for
//! `x` and `e`, which need the mode, the size or a look inside the directory.
//!
//! Letters follow fd: `f d l s p b c` are alternatives (any of them), while `x`
//! (executable file: `-type f -perm /111`) and `e` (empty file or directory: find's
//! `-empty`) narrow the others: `-t e -t d` is empty directories, `-t x` alone is
//! executable files, `-t e` alone empty files and directories.

use pfind_walk::{Entry, FileType, WalkError};

/// One `--type` letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeLetter {
    /// `f`: regular file.
    File,
    /// `d`: directory.
    Dir,
    /// `l`: symbolic link (with `--follow`, only broken links stay links).
    Symlink,
    /// `x`: regular file with any execute bit.
    Executable,
    /// `e`: empty regular file or empty directory.
    Empty,
    /// `s`: socket.
    Socket,
    /// `p`: named pipe.
    Pipe,
    /// `b`: block device.
    BlockDevice,
    /// `c`: character device.
    CharDevice,
}

/// The compiled `--type` test.
#[derive(Clone, Debug)]
pub struct TypeFilter {
    kinds: Vec<FileType>,
    executable: bool,
    empty: bool,
}

impl TypeLetter {
    /// The letter as `--type` takes it.
    fn letter(self) -> char {
        match self {
            TypeLetter::File => 'f',
            TypeLetter::Dir => 'd',
            TypeLetter::Symlink => 'l',
            TypeLetter::Executable => 'x',
            TypeLetter::Empty => 'e',
            TypeLetter::Socket => 's',
            TypeLetter::Pipe => 'p',
            TypeLetter::BlockDevice => 'b',
            TypeLetter::CharDevice => 'c',
        }
    }
}

impl TypeFilter {
    /// The test for the given letters (at least one); an error that says why when no
    /// entry can pass it (`x` or `e` narrowing types they exclude, as in `-t x -t d`).
    pub fn new(letters: &[TypeLetter]) -> Result<TypeFilter, String> {
        let mut kinds: Vec<FileType> = letters
            .iter()
            .filter_map(|letter| match letter {
                TypeLetter::File => Some(FileType::File),
                TypeLetter::Dir => Some(FileType::Dir),
                TypeLetter::Symlink => Some(FileType::Symlink),
                TypeLetter::Socket => Some(FileType::Socket),
                TypeLetter::Pipe => Some(FileType::Fifo),
                TypeLetter::BlockDevice => Some(FileType::BlockDevice),
                TypeLetter::CharDevice => Some(FileType::CharDevice),
                TypeLetter::Executable | TypeLetter::Empty => None,
            })
            .collect();
        let executable = letters.contains(&TypeLetter::Executable);
        let empty = letters.contains(&TypeLetter::Empty);
        let impossible = |narrowing: char, to: &str| {
            let others: Vec<String> = letters
                .iter()
                .filter(|l| !matches!(l, TypeLetter::Executable | TypeLetter::Empty))
                .map(|l| format!("-t {}", l.letter()))
                .collect();
            Err(format!(
                "-t {narrowing} narrows the other types to {to}, so with {} nothing can match",
                others.join(" ")
            ))
        };
        if executable && !kinds.is_empty() && !kinds.contains(&FileType::File) {
            return impossible('x', "executable regular files");
        }
        if empty
            && !kinds.is_empty()
            && !kinds.contains(&FileType::File)
            && !kinds.contains(&FileType::Dir)
        {
            return impossible('e', "empty regular files and directories");
        }
        if kinds.is_empty() {
            // `x` and `e` alone say which types they apply to.
            kinds.push(FileType::File);
            if empty && !executable {
                kinds.push(FileType::Dir);
            }
        }
        Ok(TypeFilter {
            kinds,
            executable,
            empty,
        })
    }

    /// True when `entry` passes.
    pub fn matches(&self, entry: &Entry<'_>) -> Result<bool, WalkError> {
        let kind = entry.file_type();
        if !self.kinds.contains(&kind) {
            return Ok(false);
        }
        if self.executable && (kind != FileType::File || entry.metadata()?.mode() & 0o111 == 0) {
            return Ok(false);
        }
        if self.empty {
            return match kind {
                FileType::File => Ok(entry.metadata()?.is_empty()),
                FileType::Dir => dir_is_empty(entry),
                _ => Ok(false),
            };
        }
        Ok(true)
    }
}

/// Opens the directory and reads until it finds an entry other than `.` and `..`.
fn dir_is_empty(entry: &Entry<'_>) -> Result<bool, WalkError> {
    let (parent, name) = entry.parent_and_name();
    parent.open_dir(name, entry.follows_links())?.is_empty()
}
