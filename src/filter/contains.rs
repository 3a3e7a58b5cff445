//! `--contains`: regular files whose content holds every given byte string.
//!
//! Files are read in the worker threads, in chunks of [`CHUNK`] bytes into a per-thread
//! buffer (never slurped whole), keeping the last `longest - 1` bytes of each chunk in
//! front of the next so that a match across a chunk boundary is found. Reading stops
//! as soon as every string was seen. Files are opened relative to their open parent
//! directory (one path component, any depth) with `O_NOFOLLOW` (unless links are
//! followed), `O_NONBLOCK` and `O_NOCTTY`, and only entries whose type is a regular
//! file are opened at all: a FIFO or a device is never touched.

use std::fs::File;
use std::io::{ErrorKind, Read};

use memchr::memmem::Finder;
use pfind_walk::{Entry, FileType, WalkError};

/// Bytes read per `read` call.
pub const CHUNK: usize = 256 * 1024;

/// The compiled `--contains` test.
#[derive(Clone, Debug)]
pub struct ContentFilter {
    finders: Vec<Finder<'static>>,
    /// Length of the longest needle.
    longest: usize,
}

/// Per-thread scratch: the read buffer and which needles were found.
#[derive(Debug, Default)]
pub struct ContentScratch {
    buffer: Vec<u8>,
    found: Vec<bool>,
}

impl ContentFilter {
    /// A test for files containing every one of `needles`.
    pub fn new<'a>(needles: impl IntoIterator<Item = &'a [u8]>) -> ContentFilter {
        let finders: Vec<Finder<'static>> = needles
            .into_iter()
            .map(|needle| Finder::new(needle).into_owned())
            .collect();
        let longest = finders.iter().map(|f| f.needle().len()).max().unwrap_or(0);
        ContentFilter { finders, longest }
    }

    /// True when `entry` is a regular file containing every needle.
    pub fn matches(
        &self,
        entry: &Entry<'_>,
        scratch: &mut ContentScratch,
    ) -> Result<bool, WalkError> {
        if entry.file_type() != FileType::File {
            return Ok(false);
        }
        let fail = |err: std::io::Error| WalkError::from_io(entry.path_bytes(), entry.depth(), err);
        let (dir, name) = entry.parent_and_name();
        // The walk's own error names the entry already.
        let file = dir.open_file(name, entry.follows_links())?;
        self.search(&file, scratch).map_err(fail)
    }

    /// Reads `file` chunk by chunk until every needle was seen or the file ends.
    fn search(&self, mut file: &File, scratch: &mut ContentScratch) -> std::io::Result<bool> {
        let ContentScratch { buffer, found } = scratch;
        found.clear();
        found.resize(self.finders.len(), false);
        let mut missing = self.finders.len();
        for (i, finder) in self.finders.iter().enumerate() {
            if finder.needle().is_empty() {
                found[i] = true;
                missing -= 1;
            }
        }
        if missing == 0 {
            return Ok(true);
        }
        let overlap = self.longest.saturating_sub(1);
        buffer.resize(overlap + CHUNK, 0);
        let mut kept = 0;
        loop {
            let read = match file.read(&mut buffer[kept..]) {
                Ok(0) => return Ok(false),
                Ok(n) => n,
                Err(err) if err.kind() == ErrorKind::Interrupted => continue,
                // A FIFO swapped in after the directory was read: not a regular file.
                Err(err) if err.kind() == ErrorKind::WouldBlock => return Ok(false),
                Err(err) => return Err(err),
            };
            let window = &buffer[..kept + read];
            for (i, finder) in self.finders.iter().enumerate() {
                if !found[i] && finder.find(window).is_some() {
                    found[i] = true;
                    missing -= 1;
                }
            }
            if missing == 0 {
                return Ok(true);
            }
            // Keep the tail that a match could start in; a match wholly inside it was
            // already looked for.
            let keep = overlap.min(window.len());
            let start = window.len() - keep;
            buffer.copy_within(start..start + keep, 0);
            kept = keep;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn search(needles: &[&[u8]], content: &[u8]) -> bool {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(content).unwrap();
        std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(0)).unwrap();
        ContentFilter::new(needles.iter().copied())
            .search(&file, &mut ContentScratch::default())
            .unwrap()
    }

    #[test]
    fn finds_needles_anywhere_including_across_chunks() {
        let mut big = vec![b'x'; 3 * CHUNK];
        assert!(!search(&[b"needle"], &big));
        for at in [
            0,
            CHUNK - 3,
            CHUNK - 6,
            CHUNK - 5,
            CHUNK,
            2 * CHUNK - 1,
            3 * CHUNK - 6,
        ] {
            let mut content = big.clone();
            content[at..at + 6].copy_from_slice(b"needle");
            assert!(search(&[b"needle"], &content), "at {at}");
        }
        big[5] = 0;
        big[CHUNK + 2..CHUNK + 5].copy_from_slice(b"abc");
        assert!(search(&[b"\0", b"abc"], &big), "binary and all of several");
        assert!(!search(&[b"abc", b"zzz"], &big), "all must be found");
        assert!(search(&[b""], b""));
        assert!(!search(&[b"a"], b""));
    }
}
