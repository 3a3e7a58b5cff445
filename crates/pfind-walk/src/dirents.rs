//! Reading one directory's entries into a reused per-thread buffer, and what the first
//! read says about the whole directory: its [`Listing`].
//!
//! The buffer holds `struct linux_dirent64` records, whoever wrote them: on Linux the
//! kernel (`getdents64`), elsewhere the platform's reader, one record per entry (see
//! `sys/copier.rs`). Reads follow getdents64's contract on every platform.
//!
//! The first read fills as much of the buffer as the directory needs, then asks the
//! kernel for more into what is left of the buffer. An answer of 0 bytes is the end of
//! the directory, so the buffer then holds every name: a visitor can learn whether a
//! name exists (an ignore file, `.git`) without a system call. That costs nothing: a
//! directory read with one buffer takes two `getdents64` calls either way (the second
//! returns 0). When the directory is larger than the buffer, the second call fails with
//! `EINVAL` (the next entry does not fit) or adds entries, and the listing is partial:
//! it only knows the names it holds. Later buffers are read one call each, as usual.
//!
//! Records are parsed from bytes (`struct linux_dirent64`: inode, offset, record
//! length, type, NUL-terminated name, padded to 8 bytes).

use super::entry::FileType;
use super::sys::record::{NAME_AT, RECLEN_AT, TYPE_AT};
use super::sys::{DirHandle, Errno};

/// One directory being read: the buffer and how far it has been consumed.
pub(crate) struct DirReader<'a> {
    handle: &'a DirHandle,
    buf: &'a mut [u8],
    /// Bytes of `buf` the kernel filled.
    filled: usize,
    /// Where the next record starts.
    offset: usize,
    /// The end of the directory was seen: no more reads.
    at_end: bool,
    /// An error met by the first read after some entries: returned once they are.
    deferred: Option<Errno>,
}

/// One record, borrowed from the buffer.
pub(crate) struct RawEntry<'a> {
    pub(crate) name: &'a [u8],
    pub(crate) file_type: FileType,
}

impl<'a> DirReader<'a> {
    pub(crate) fn new(handle: &'a DirHandle, buf: &'a mut [u8]) -> DirReader<'a> {
        DirReader {
            handle,
            buf,
            filled: 0,
            offset: 0,
            at_end: false,
            deferred: None,
        }
    }

    /// The first read of a directory: fills the buffer and learns whether that was all
    /// of it. An error is returned by [`DirReader::next`] after the entries read before
    /// it.
    pub(crate) fn read_first(&mut self) {
        loop {
            match self.handle.fill(&mut self.buf[self.filled..]) {
                Ok(0) => {
                    self.at_end = true;
                    return;
                }
                Ok(read) => self.filled += read,
                // The next record does not fit in what is left: the directory goes on.
                Err(Errno::INVAL) if self.filled > 0 => return,
                Err(err) => {
                    self.deferred = Some(err);
                    return;
                }
            }
        }
    }

    /// A later read of a directory (one resumed in another task): fills the buffer
    /// with one call. An error is returned by [`DirReader::next`].
    pub(crate) fn read_next(&mut self) {
        match self.handle.fill(self.buf) {
            Ok(0) => self.at_end = true,
            Ok(read) => self.filled = read,
            Err(err) => self.deferred = Some(err),
        }
    }

    /// True when the last read filled the buffer without reaching the end of the
    /// directory or an error: another read will find more.
    pub(crate) fn may_have_more(&self) -> bool {
        !self.at_end && self.deferred.is_none() && self.filled > 0
    }

    /// What the first read holds (call after [`DirReader::read_first`]).
    pub(crate) fn listing(&self) -> Listing<'_> {
        Listing {
            records: &self.buf[..self.filled],
            complete: self.at_end,
        }
    }

    /// True when every record read so far was returned: the next call to
    /// [`DirReader::next`] reads from the directory again.
    pub(crate) fn is_buffer_empty(&self) -> bool {
        self.offset >= self.filled
    }

    /// The next entry (`.` and `..` included), `None` at the end of the directory.
    pub(crate) fn next(&mut self) -> Option<Result<RawEntry<'_>, Errno>> {
        if self.is_buffer_empty() {
            if let Some(err) = self.deferred.take() {
                return Some(Err(err));
            }
            if self.at_end {
                return None;
            }
            match self.handle.fill(self.buf) {
                Ok(0) => {
                    self.at_end = true;
                    return None;
                }
                Ok(read) => {
                    self.filled = read;
                    self.offset = 0;
                }
                Err(err) => return Some(Err(err)),
            }
        }
        let (entry, len) = parse(&self.buf[self.offset..self.filled]);
        self.offset += len;
        Some(Ok(entry))
    }
}

/// The names a directory's first read returned, handed to
/// [`Visitor::dir_data`](super::Visitor::dir_data) before any entry of the directory is
/// visited. When the whole directory fit in that read it is complete, and says for
/// certain whether a name exists; otherwise only names it holds are known.
#[derive(Clone, Copy)]
pub struct Listing<'a> {
    records: &'a [u8],
    complete: bool,
}

/// Whether a directory holds a name, as far as its [`Listing`] knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The name is there, with the type the directory read gave (which may be
    /// [`FileType::Unknown`] on filesystems that do not say).
    Found(FileType),
    /// The name is not in the directory.
    Absent,
    /// The directory is larger than its first read and the name was not in it: ask
    /// the filesystem.
    Unknown,
}

impl Listing<'_> {
    /// True when the listing holds every name of the directory.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// Whether the directory holds `name`.
    pub fn lookup(&self, name: &[u8]) -> Lookup {
        let [found] = self.lookup_all([name]);
        found
    }

    /// Whether the directory holds each of `names`, in one pass over the listing.
    pub fn lookup_all<const N: usize>(&self, names: [&[u8]; N]) -> [Lookup; N] {
        let missing = if self.complete {
            Lookup::Absent
        } else {
            Lookup::Unknown
        };
        let mut found = [missing; N];
        // Most names differ from the first byte: only the others are parsed.
        let mut firsts = [false; 256];
        for name in names {
            if let Some(&first) = name.first() {
                firsts[usize::from(first)] = true;
            }
        }
        let records = self.records;
        let mut at = 0;
        while at < records.len() {
            if firsts[usize::from(records[at + NAME_AT])] {
                let (entry, _) = parse(&records[at..]);
                for (name, found) in names.iter().zip(&mut found) {
                    if entry.name == *name {
                        *found = Lookup::Found(entry.file_type);
                    }
                }
            }
            at += record_len(&records[at..]);
        }
        found
    }
}

/// The record at the start of `records` and its length.
#[inline(always)]
pub(crate) fn parse(records: &[u8]) -> (RawEntry<'_>, usize) {
    let len = record_len(records);
    let record = &records[..len];
    let entry = RawEntry {
        name: &record[NAME_AT..name_end(record)],
        file_type: FileType::from_dirent(record[TYPE_AT]),
    };
    (entry, len)
}

/// The length of the record at the start of `records` (one 16-bit load).
#[inline(always)]
fn record_len(records: &[u8]) -> usize {
    let bytes = records[RECLEN_AT..RECLEN_AT + 2]
        .try_into()
        .unwrap_or_default();
    usize::from(u16::from_ne_bytes(bytes))
}

/// Where the name of a whole record ends (its NUL). The record is padded to a multiple
/// of 8 bytes after that NUL, so the NUL is in the last 8 bytes: one word is tested
/// for a zero byte, with no branch per byte (a byte loop, or `strlen`, cost a tenth of
/// the whole walk's user time on the short names most directories hold).
#[inline(always)]
fn name_end(record: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let start = record.len() - 8;
    let mut word = u64::from_le_bytes(record[start..].try_into().unwrap_or([0; 8]));
    if start < NAME_AT {
        // The shortest record (24 bytes): its last word begins with header bytes, which
        // must not count as the NUL.
        word |= (1 << ((NAME_AT - start) * 8)) - 1;
    }
    // The lowest byte flagged is exactly the first zero byte (a borrow only carries
    // towards higher bytes).
    let zeros = word.wrapping_sub(ONES) & !word & HIGHS;
    start + (zeros.trailing_zeros() / 8) as usize
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::{name_end, DirReader, Lookup, NAME_AT};
    use crate::sys::record::dt;
    use crate::sys::{open_root, DirHandle};
    use crate::FileType;

    fn open(path: &Path) -> DirHandle {
        open_root(path.as_os_str().as_encoded_bytes()).expect("open")
    }

    /// A `linux_dirent64` record for `name`, padded with bytes that are not NUL (the
    /// kernel leaves padding as it was).
    pub(crate) fn record(name: &[u8], d_type: u8) -> Vec<u8> {
        let len = (NAME_AT + name.len() + 1).next_multiple_of(8);
        let mut record = vec![0xA5; len];
        record[16..18].copy_from_slice(&u16::try_from(len).unwrap().to_ne_bytes());
        record[18] = d_type;
        record[NAME_AT..NAME_AT + name.len()].copy_from_slice(name);
        record[NAME_AT + name.len()] = 0;
        record
    }

    #[test]
    fn a_name_of_every_length_ends_at_its_nul() {
        for len in 1..=255 {
            let name: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            let record = record(&name, dt::REG);
            assert_eq!(name_end(&record), NAME_AT + len, "name of {len} bytes");
        }
    }

    #[test]
    fn a_listing_knows_absent_names_only_when_complete() {
        let mut records = record(b".gitignore", dt::REG);
        records.extend(record(b"src", dt::DIR));
        records.extend(record(b".git", dt::DIR));
        let complete = super::Listing {
            records: &records,
            complete: true,
        };
        assert_eq!(
            complete.lookup_all([b".git", b".ignore", b".gitignore", b"src"]),
            [
                Lookup::Found(FileType::Dir),
                Lookup::Absent,
                Lookup::Found(FileType::File),
                Lookup::Found(FileType::Dir),
            ]
        );
        let partial = super::Listing {
            records: &records,
            complete: false,
        };
        assert_eq!(partial.lookup(b".ignore"), Lookup::Unknown);
        assert_eq!(partial.lookup(b".git"), Lookup::Found(FileType::Dir));
    }

    /// A directory of every name length, larger than the buffer: the first read is
    /// partial, and reading on gives each name once, byte for byte.
    #[test]
    fn a_directory_larger_than_the_buffer_is_read_whole_and_exactly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut want = BTreeSet::new();
        for len in 1..=255 {
            let name: String = (0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect();
            std::fs::write(dir.path().join(&name), b"").expect("create");
            want.insert(name.into_bytes());
        }
        let handle = open(dir.path());
        let mut buf = vec![0; 4096];
        let mut reader = DirReader::new(&handle, &mut buf);
        reader.read_first();
        assert!(!reader.listing().is_complete());
        assert_eq!(reader.listing().lookup(b"zz"), Lookup::Unknown);
        let mut got = BTreeSet::new();
        while let Some(entry) = reader.next() {
            let entry = entry.expect("read");
            if entry.name != b"." && entry.name != b".." {
                assert!(got.insert(entry.name.to_vec()), "listed twice");
            }
        }
        assert_eq!(got, want);
    }

    #[test]
    fn a_small_directory_is_read_in_one_go() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(".ignore"), b"").expect("create");
        let handle = open(dir.path());
        let mut buf = vec![0; 4096];
        let mut reader = DirReader::new(&handle, &mut buf);
        reader.read_first();
        let listing = reader.listing();
        assert!(listing.is_complete());
        assert_eq!(listing.lookup(b".ignore"), Lookup::Found(FileType::File));
        assert_eq!(listing.lookup(b".gitignore"), Lookup::Absent);
    }
}
