//! The sorted walk as an iterator ([`WalkBuilder::sorted`]): a sorted walk runs on
//! threads of its own into a sink that packs each result (its path, and its type,
//! depth and name as a tag) into chunks, which a bounded channel hands to the
//! iterator. Results come in byte order of their paths as soon as they are in order,
//! while the walk goes on; memory stays bounded by the walk's hold limit and the
//! channel. Errors come when they happen.

use std::collections::VecDeque;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{Record, Sink, SortedOutput};
use crate::{DirEntry, Entry, FileType, Visit, Visitor, WalkBuilder, WalkError};

/// Chunks in flight to the iterator.
const CHUNKS_IN_FLIGHT: usize = 16;
/// A chunk is handed over at this size, or when its first result has waited this long.
const CHUNK: usize = 64 * 1024;
const MAX_HOLD: Duration = Duration::from_millis(20);
/// What a walk may hold ahead of the output position.
const HOLD_LIMIT: usize = 64 << 20;

/// What the walk hands to the iterator.
enum Message {
    /// Packed results, in order (see [`pack`]).
    Results(Vec<u8>),
    Error(WalkError),
}

/// The entries of a walk in byte order of their paths (roots included, at depth 0),
/// streamed while the walk runs; errors come when they happen. Built by
/// [`WalkBuilder::sorted`].
pub struct SortedIter {
    messages: Receiver<Message>,
    chunk: Vec<u8>,
    at: usize,
    errors: VecDeque<WalkError>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    walk: Option<JoinHandle<()>>,
}

impl SortedIter {
    pub(crate) fn start(builder: &WalkBuilder) -> SortedIter {
        let (sender, messages) = sync_channel(CHUNKS_IN_FLIGHT);
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut builder = builder.clone();
        builder.stop_flag(stop.clone());
        let walk = std::thread::spawn(move || {
            let sink = ChannelSink {
                out: Mutex::new(sender.clone()),
            };
            let output = SortedOutput::new(&builder, &sink, HOLD_LIMIT);
            builder.run_sorted(&output, || Packer {
                errors: sender.clone(),
            });
            output.finish();
        });
        SortedIter {
            messages,
            chunk: Vec::new(),
            at: 0,
            errors: VecDeque::new(),
            stop,
            walk: Some(walk),
        }
    }
}

impl Iterator for SortedIter {
    type Item = Result<DirEntry, WalkError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(error) = self.errors.pop_front() {
                return Some(Err(error));
            }
            if self.at < self.chunk.len() {
                let (entry, len) = unpack(&self.chunk[self.at..]);
                self.at += len;
                return Some(Ok(entry));
            }
            match self.messages.recv().ok()? {
                Message::Results(chunk) => {
                    self.chunk = chunk;
                    self.at = 0;
                }
                Message::Error(error) => self.errors.push_back(error),
            }
        }
    }
}

impl Drop for SortedIter {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let (_, closed) = sync_channel(0);
        drop(std::mem::replace(&mut self.messages, closed));
        if let Some(walk) = self.walk.take() {
            let _ = walk.join();
        }
    }
}

/// The tag each result carries: its type, whether it is a link, its depth, and where
/// its name starts.
const TAG: usize = 10;

fn tag(entry: &Entry<'_>) -> [u8; TAG] {
    let mut tag = [0; TAG];
    tag[0] = entry.file_type() as u8;
    tag[1] = u8::from(entry.is_symlink());
    tag[2..6].copy_from_slice(&(entry.depth() as u32).to_le_bytes());
    tag[6..10].copy_from_slice(&(entry.name_start() as u32).to_le_bytes());
    tag
}

/// Appends one result: the path's length, the path, then the tag.
fn pack(out: &mut Vec<u8>, prefix: &[u8], name: &[u8], tag: &[u8]) {
    let len = (prefix.len() + name.len()) as u32;
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(prefix);
    out.extend_from_slice(name);
    out.extend_from_slice(tag);
}

/// The result packed at the start of `bytes`, and how many bytes it took.
fn unpack(bytes: &[u8]) -> (DirEntry, usize) {
    let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    let len = word(0);
    let path = bytes[4..4 + len].to_vec();
    let tag = &bytes[4 + len..4 + len + TAG];
    let file_type = FILE_TYPES[usize::from(tag[0]).min(FILE_TYPES.len() - 1)];
    let depth = u32::from_le_bytes(tag[2..6].try_into().unwrap()) as usize;
    let name_start = u32::from_le_bytes(tag[6..10].try_into().unwrap()) as usize;
    let entry = DirEntry::new(path, name_start, depth, file_type, tag[1] != 0);
    (entry, 4 + len + TAG)
}

/// The file types by their discriminant, the last one for anything else.
const FILE_TYPES: [FileType; 8] = [
    FileType::File,
    FileType::Dir,
    FileType::Symlink,
    FileType::Fifo,
    FileType::Socket,
    FileType::CharDevice,
    FileType::BlockDevice,
    FileType::Unknown,
];

/// Each worker's visitor: every entry is a result, tagged; errors go straight out.
struct Packer {
    errors: SyncSender<Message>,
}

impl Visitor for Packer {
    fn visit(&mut self, _entry: &Entry<'_>) -> Visit {
        Visit::Continue
    }

    fn visit_sorted(&mut self, entry: &Entry<'_>, record: &mut Record<'_>) -> Visit {
        record.path(&tag(entry));
        Visit::Continue
    }

    fn error(&mut self, error: WalkError) -> Visit {
        match self.errors.send(Message::Error(error)) {
            Ok(()) => Visit::Continue,
            Err(_) => Visit::Quit,
        }
    }
}

/// Hands packed chunks to the iterator.
struct ChannelSink {
    out: Mutex<SyncSender<Message>>,
}

impl Sink for ChannelSink {
    fn append_path(&self, out: &mut Vec<u8>, prefix: &[u8], name: &[u8], tag: &[u8]) {
        pack(out, prefix, name, tag);
    }

    fn due(&self, pending: usize, held_since: Instant) -> bool {
        pending >= CHUNK || held_since.elapsed() >= MAX_HOLD
    }

    fn write(&self, chunk: &[u8], _results: u64) -> bool {
        let out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        out.send(Message::Results(chunk.to_vec())).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::{pack, unpack, FILE_TYPES, TAG};

    #[test]
    fn a_packed_result_unpacks_to_the_same_entry() {
        for (index, file_type) in FILE_TYPES.iter().enumerate() {
            assert_eq!(*file_type as usize, index, "FILE_TYPES follows the enum");
        }
        let mut out = Vec::new();
        let mut tag = [0u8; TAG];
        tag[0] = 1;
        tag[1] = 1;
        tag[2..6].copy_from_slice(&3u32.to_le_bytes());
        tag[6..10].copy_from_slice(&4u32.to_le_bytes());
        pack(&mut out, b"a/b/", b"c\xff", &tag);
        pack(&mut out, b"", b"root", &[0; TAG]);
        let (first, len) = unpack(&out);
        assert_eq!(first.path_bytes(), b"a/b/c\xff");
        assert_eq!(first.file_name(), b"c\xff");
        assert_eq!((first.depth(), first.is_symlink()), (3, true));
        assert_eq!(first.file_type(), FILE_TYPES[1]);
        let (second, rest) = unpack(&out[len..]);
        assert_eq!(second.path_bytes(), b"root");
        assert_eq!(len + rest, out.len());
    }
}
