//! The walk as an iterator ([`WalkBuilder::iter`]), for callers that want entries one
//! at a time rather than a visitor per thread: the parallel walk runs on threads of
//! its own and hands over owned [`DirEntry`]s packed in chunks (see `stream`). A slow
//! consumer slows the walk (the workers wait to hand over), and dropping the iterator
//! stops it.

use std::path::Path;
use std::time::Instant;

use crate::stream::{pack, tag, Out, Stream, CHUNK, MAX_HOLD};
use crate::{os_str, Entry, FileType, Visit, Visitor, WalkBuilder, WalkError};

/// An entry of a walk, owned: what the iterators yield.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DirEntry {
    path: Vec<u8>,
    name_start: usize,
    depth: usize,
    file_type: FileType,
    is_symlink: bool,
}

impl DirEntry {
    pub(crate) fn new(
        path: Vec<u8>,
        name_start: usize,
        depth: usize,
        file_type: FileType,
        is_symlink: bool,
    ) -> DirEntry {
        DirEntry {
            path,
            name_start,
            depth,
            file_type,
            is_symlink,
        }
    }

    /// The path as printed: the root as given, joined with the path below it.
    pub fn path(&self) -> &Path {
        Path::new(os_str(&self.path))
    }

    /// The path's bytes.
    pub fn path_bytes(&self) -> &[u8] {
        &self.path
    }

    /// The last component (for a root, as given, trailing slashes included).
    pub fn file_name(&self) -> &[u8] {
        &self.path[self.name_start..]
    }

    /// 0 for a root, 1 for its children, and so on.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The type, as the directory read gave it (see [`Entry::file_type`]).
    pub fn file_type(&self) -> FileType {
        self.file_type
    }

    /// True when the entry itself is a symbolic link (even if it is followed).
    pub fn is_symlink(&self) -> bool {
        self.is_symlink
    }

    /// The path, taken out.
    pub fn into_path_bytes(self) -> Vec<u8> {
        self.path
    }
}

/// The entries of a walk, in no particular order (entries of one directory mostly
/// together, directories as the threads read them), roots included at depth 0, and
/// errors in their place. Built by [`WalkBuilder::iter`].
pub struct Iter {
    stream: Stream,
}

impl Iter {
    pub(crate) fn start(builder: &WalkBuilder) -> Iter {
        let stream = Stream::start(builder, |builder, out| {
            builder.run(|| Packer {
                out: out.clone(),
                chunk: Vec::new(),
                held_since: Instant::now(),
            });
        });
        Iter { stream }
    }
}

impl Iterator for Iter {
    type Item = Result<DirEntry, WalkError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.stream.next()
    }
}

/// One worker's visitor: packs the entries it reads into a chunk, and hands the chunk
/// over when it is full, when its first entry has waited long enough (checked after
/// each directory), and when the worker is about to wait for work. Handing over each
/// directory's entries on their own cost more than the walk (a channel send and a
/// wake-up per directory, most of them holding a few entries).
struct Packer {
    out: Out,
    chunk: Vec<u8>,
    /// When the chunk's first entry was packed.
    held_since: Instant,
}

impl Packer {
    /// Hands the chunk over; false when the iterator is gone.
    fn hand_over(&mut self) -> bool {
        if self.chunk.is_empty() {
            return true;
        }
        let chunk = std::mem::take(&mut self.chunk);
        self.out.entries(chunk)
    }
}

impl Visitor for Packer {
    fn visit(&mut self, entry: &Entry<'_>) -> Visit {
        if self.chunk.is_empty() {
            if self.chunk.capacity() == 0 {
                self.chunk = self.out.chunk();
            }
            self.held_since = Instant::now();
        }
        pack(&mut self.chunk, entry.path_bytes(), b"", &tag(entry));
        if self.chunk.len() >= CHUNK && !self.hand_over() {
            return Visit::Quit;
        }
        Visit::Continue
    }

    fn leave_dir(&mut self) {
        if !self.chunk.is_empty() && self.held_since.elapsed() >= MAX_HOLD {
            self.hand_over();
        }
    }

    fn idle(&mut self) {
        self.hand_over();
    }

    fn error(&mut self, error: WalkError) -> Visit {
        if self.hand_over() && self.out.error(error) {
            Visit::Continue
        } else {
            Visit::Quit
        }
    }
}

impl Drop for Packer {
    fn drop(&mut self) {
        self.hand_over();
    }
}
