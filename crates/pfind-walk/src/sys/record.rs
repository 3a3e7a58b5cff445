//! The records every reader writes into the walker's buffer: `struct linux_dirent64`
//! (inode, offset, record length, type, NUL-terminated name, padded to 8 bytes),
//! whoever wrote them (the kernel on Linux, `copier.rs` elsewhere), and their type
//! byte.

/// Where a record's fields are, in `struct linux_dirent64`.
pub(crate) const RECLEN_AT: usize = 16;
pub(crate) const TYPE_AT: usize = 18;
pub(crate) const NAME_AT: usize = 19;
/// The longest record any reader writes: Linux hands on names shorter than PATH_MAX
/// (4096), not just NAME_MAX's 255 bytes (`verify_dirent_name` in fs/readdir.c; FUSE
/// and network filesystems may return them), and other systems' names are shorter.
pub(crate) const MAX_RECORD: usize = (NAME_AT + 4095 + 1).next_multiple_of(8);

/// The record's type byte: `d_type`'s numbering, the same on every Unix.
pub(crate) mod dt {
    #[allow(dead_code)]
    pub(crate) const UNKNOWN: u8 = 0;
    pub(crate) const FIFO: u8 = 1;
    pub(crate) const CHR: u8 = 2;
    pub(crate) const DIR: u8 = 4;
    pub(crate) const BLK: u8 = 6;
    pub(crate) const REG: u8 = 8;
    pub(crate) const LNK: u8 = 10;
    pub(crate) const SOCK: u8 = 12;
}
