//! What the walker hands to a visitor: one directory entry, borrowed for one call.
//!
//! An `Entry` costs nothing beyond what the directory read already gave (name, type,
//! depth). Its metadata is fetched only when asked for, with one `fstatat` relative to
//! the open parent directory (so it works at any path length), and then cached.

use std::cell::OnceCell;
use std::ffi::OsStr;
use std::path::Path;

use super::error::WalkError;
use super::sys::record::dt;
use super::sys::{self, Errno, Stat};
use super::DirRef;
use crate::os_str;

/// The type of a directory entry. With `follow_links`, a symlink reports the type of
/// its target, and only a broken link stays [`FileType::Symlink`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileType {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link.
    Symlink,
    /// A named pipe.
    Fifo,
    /// A Unix domain socket.
    Socket,
    /// A character device.
    CharDevice,
    /// A block device.
    BlockDevice,
    /// The filesystem could not tell (it did not give a type and `stat` failed).
    Unknown,
}

impl FileType {
    /// The type a directory record's `d_type` says: a table lookup, as this runs for
    /// every entry.
    #[inline]
    pub(crate) fn from_dirent(d_type: u8) -> FileType {
        const fn by_d_type() -> [FileType; 16] {
            let mut types = [FileType::Unknown; 16];
            types[dt::REG as usize] = FileType::File;
            types[dt::DIR as usize] = FileType::Dir;
            types[dt::LNK as usize] = FileType::Symlink;
            types[dt::FIFO as usize] = FileType::Fifo;
            types[dt::SOCK as usize] = FileType::Socket;
            types[dt::CHR as usize] = FileType::CharDevice;
            types[dt::BLK as usize] = FileType::BlockDevice;
            types
        }
        const TYPES: [FileType; 16] = by_d_type();
        TYPES
            .get(usize::from(d_type))
            .copied()
            .unwrap_or(FileType::Unknown)
    }

    /// The type the file type bits of `mode` (an `st_mode`) say; the numbering is the
    /// same on every Unix (and the Windows backend makes its modes alike).
    pub fn from_mode(mode: u32) -> FileType {
        match mode & 0o170_000 {
            0o100_000 => FileType::File,
            0o040_000 => FileType::Dir,
            0o120_000 => FileType::Symlink,
            0o010_000 => FileType::Fifo,
            0o140_000 => FileType::Socket,
            0o020_000 => FileType::CharDevice,
            0o060_000 => FileType::BlockDevice,
            _ => FileType::Unknown,
        }
    }

    /// True for [`FileType::Dir`].
    pub fn is_dir(self) -> bool {
        self == FileType::Dir
    }

    /// True for [`FileType::File`] (a regular file).
    pub fn is_file(self) -> bool {
        self == FileType::File
    }

    /// True for [`FileType::Symlink`].
    pub fn is_symlink(self) -> bool {
        self == FileType::Symlink
    }
}

/// File metadata, as `stat` (or `lstat`) reported it.
#[derive(Clone, Copy)]
pub struct Metadata(pub(crate) Stat);

// The casts are no-ops on x86-64 but not on every target: `stat` field types vary.
#[allow(clippy::unnecessary_cast)]
impl Metadata {
    /// Size in bytes.
    pub fn len(&self) -> u64 {
        self.0.st_size as u64
    }
    /// True when the size is zero.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Mode bits, including the file type bits.
    pub fn mode(&self) -> u32 {
        self.0.st_mode as u32
    }
    /// The file type the mode says.
    pub fn file_type(&self) -> FileType {
        FileType::from_mode(self.mode())
    }
    /// Owner user id.
    pub fn uid(&self) -> u32 {
        self.0.st_uid
    }
    /// Owner group id.
    pub fn gid(&self) -> u32 {
        self.0.st_gid
    }
    /// Device id of the filesystem holding the entry.
    pub fn dev(&self) -> u64 {
        self.0.st_dev as u64
    }
    /// Inode number.
    pub fn ino(&self) -> u64 {
        self.0.st_ino as u64
    }
    /// The device a character or block device file stands for.
    pub fn rdev(&self) -> u64 {
        self.0.st_rdev as u64
    }
    /// Number of hard links.
    pub fn nlink(&self) -> u64 {
        self.0.st_nlink as u64
    }
    /// Modification time: seconds and nanoseconds since the Unix epoch.
    pub fn modified(&self) -> (i64, u32) {
        (self.0.st_mtime as i64, self.0.st_mtime_nsec as u32)
    }
    /// Access time: seconds and nanoseconds since the Unix epoch.
    pub fn accessed(&self) -> (i64, u32) {
        (self.0.st_atime as i64, self.0.st_atime_nsec as u32)
    }
    /// Status change time: seconds and nanoseconds since the Unix epoch.
    pub fn changed(&self) -> (i64, u32) {
        (self.0.st_ctime as i64, self.0.st_ctime_nsec as u32)
    }
}

impl std::fmt::Debug for Metadata {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metadata")
            .field("mode", &format_args!("{:o}", self.mode()))
            .field("len", &self.len())
            .field("uid", &self.uid())
            .field("gid", &self.gid())
            .finish()
    }
}

/// Where the part below the root starts in `path`, a path as printed whose last `depth`
/// components lie below its root: `a//b/c` at depth 2 (under the root `a//`) gives 3,
/// where `b/c` starts; the whole path (0) under the implicit current directory, whose
/// paths have no prefix; the end of the path at depth 0.
pub fn below_root_start(path: &[u8], depth: usize) -> usize {
    let mut start = path.len();
    for _ in 0..depth {
        match memchr::memrchr(b'/', &path[..start]) {
            Some(slash) => start = slash,
            None => return 0,
        }
    }
    if depth == 0 {
        path.len()
    } else {
        start + 1
    }
}

/// One entry of the walk, lent to [`Visitor::visit`](super::Visitor::visit).
pub struct Entry<'a> {
    pub(crate) path: &'a [u8],
    pub(crate) name_start: usize,
    pub(crate) depth: usize,
    pub(crate) file_type: FileType,
    pub(crate) is_link: bool,
    pub(crate) follow: bool,
    pub(crate) dir: DirRef<'a>,
    pub(crate) dir_data: Option<&'a super::DirData>,
    pub(crate) metadata: OnceCell<Result<Metadata, Errno>>,
    /// The walker reported (through `Visitor::error`) that the metadata cannot be read.
    pub(crate) stat_reported: bool,
}

impl<'a> Entry<'a> {
    /// The path as printed: the root as given, joined with the path below it.
    pub fn path_bytes(&self) -> &'a [u8] {
        self.path
    }

    /// The path as printed, as a `Path`.
    pub fn path(&self) -> &'a Path {
        Path::new(os_str(self.path))
    }

    /// The last component. For a root, the last component as given, with any trailing
    /// slashes (`walk/` for the root `src/walk/`; `/` for `/`).
    pub fn file_name(&self) -> &'a [u8] {
        &self.path[self.name_start..]
    }

    /// Where the file name starts in [`Entry::path_bytes`]; everything before it is the
    /// parent's path with its trailing `/`, identical for every entry of one directory.
    pub fn name_start(&self) -> usize {
        self.name_start
    }

    /// 0 for a root, 1 for its children, and so on.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The entry's type, as the directory read gave it (no `stat` unless the
    /// filesystem did not say, or links are followed).
    pub fn file_type(&self) -> FileType {
        self.file_type
    }

    /// True when opening or stat'ing the entry reaches what a link leads to: under
    /// [`follow_links`](crate::WalkBuilder::follow_links), and always for a root.
    pub fn follows_links(&self) -> bool {
        self.follow || self.depth == 0
    }

    /// True when the entry itself is a symbolic link (even if it is followed).
    pub fn is_symlink(&self) -> bool {
        self.is_link
    }

    /// The open parent directory and the name to open the entry by relative to it (for
    /// a root: the current directory and the root's path), so that a visitor can open
    /// or `stat` the entry with one `*at` call at any path length.
    pub fn parent_and_name(&self) -> (DirRef<'a>, &'a OsStr) {
        // A root is opened by its whole path (its `dir` is the current directory).
        let name = match (self.depth, self.path) {
            (0, []) => OsStr::new("."),
            (0, path) => os_str(path),
            _ => os_str(self.file_name()),
        };
        (self.dir, name)
    }

    /// What the visitor's [`Visitor::dir_data`](super::Visitor::dir_data) returned for
    /// the directory holding this entry (`None` for roots).
    pub fn dir_data(&self) -> Option<&'a super::DirData> {
        self.dir_data
    }

    /// True when the walker has already reported, through
    /// [`Visitor::error`](super::Visitor::error), that this entry's metadata cannot be
    /// read: a followed link whose target could not be examined (find -L reports it
    /// and still lists the link). [`Entry::metadata`] then returns that error; a
    /// visitor that needs the metadata need not report it again.
    pub fn stat_error_reported(&self) -> bool {
        self.stat_reported
    }

    /// The entry's metadata: `lstat`, or `stat` when links are followed. Fetched on
    /// first use, relative to the open parent directory, then cached.
    pub fn metadata(&self) -> Result<&Metadata, WalkError> {
        let result = self.metadata.get_or_init(|| {
            let (dir, name) = self.parent_and_name();
            match sys::stat_at(dir.raw(), name, self.follow || self.depth == 0) {
                Ok(stat) => Ok(Metadata(stat)),
                // A link to nothing under `follow` is still an entry: describe the
                // link, as find does when the target is missing (and only then: a
                // target that cannot be examined is an error).
                Err(Errno::NOENT | Errno::NOTDIR) if self.follow && self.is_link => {
                    sys::stat_at(dir.raw(), name, false).map(Metadata)
                }
                Err(err) => Err(err),
            }
        });
        result
            .as_ref()
            .map_err(|err| WalkError::io(self.path, self.depth, *err))
    }

    /// The metadata of what the entry leads to: `stat`, following a symbolic link
    /// (for a link to nothing, the error). Not cached: for the rare caller that shows
    /// a link's target.
    pub fn target_metadata(&self) -> Result<Metadata, WalkError> {
        let (dir, name) = self.parent_and_name();
        sys::stat_at(dir.raw(), name, true)
            .map(Metadata)
            .map_err(|err| WalkError::io(self.path, self.depth, err))
    }
}

#[cfg(test)]
mod tests {
    use super::below_root_start;

    #[test]
    fn the_part_of_a_path_below_its_root() {
        for (path, depth, below) in [
            ("a/b", 2, "a/b"),
            ("./a/b", 2, "a/b"),
            ("/a", 1, "a"),
            ("a//x", 1, "x"),
            ("a//b/c", 2, "b/c"),
            ("/abs/r/a/b", 2, "a/b"),
            ("r", 0, ""),
        ] {
            let start = below_root_start(path.as_bytes(), depth);
            assert_eq!(&path[start..], below, "{path} at depth {depth}");
        }
    }
}
