//! The walk as an iterator ([`WalkBuilder::iter`]), for callers that want entries one
//! at a time rather than a visitor per thread: the parallel walk runs on threads of
//! its own and hands over owned [`DirEntry`]s in batches, a directory's at a time,
//! through a bounded channel. A slow consumer slows the walk (the workers wait to
//! hand over), and dropping the iterator stops it.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::{os_str, Entry, FileType, Visit, Visitor, WalkBuilder, WalkError};

/// Batches in flight between the walk and the consumer: enough to keep every worker
/// busy while the consumer catches up, few enough that memory stays small.
const BATCHES_IN_FLIGHT: usize = 64;
/// A batch is handed over when it holds this many entries, or its directory is done.
const BATCH: usize = 256;

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
    pub(crate) fn from_entry(entry: &Entry<'_>) -> DirEntry {
        DirEntry {
            path: entry.path_bytes().to_vec(),
            name_start: entry.name_start(),
            depth: entry.depth(),
            file_type: entry.file_type(),
            is_symlink: entry.is_symlink(),
        }
    }

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

/// What one batch carries.
type Batch = Vec<Result<DirEntry, WalkError>>;

/// The entries of a walk, in no particular order (a directory's entries come
/// together, directories as the threads read them), roots included at depth 0, and
/// errors in their place. Built by [`WalkBuilder::iter`].
pub struct Iter {
    batches: Receiver<Batch>,
    current: VecDeque<Result<DirEntry, WalkError>>,
    stop: Arc<AtomicBool>,
    walk: Option<JoinHandle<()>>,
}

impl Iter {
    pub(crate) fn start(builder: &WalkBuilder) -> Iter {
        let (sender, batches) = sync_channel(BATCHES_IN_FLIGHT);
        let stop = Arc::new(AtomicBool::new(false));
        let mut builder = builder.clone();
        builder.stop_flag(stop.clone());
        let walk = std::thread::spawn(move || {
            builder.run(|| Sender {
                out: sender.clone(),
                batch: Vec::new(),
            });
        });
        Iter {
            batches,
            current: VecDeque::new(),
            stop,
            walk: Some(walk),
        }
    }
}

impl Iterator for Iter {
    type Item = Result<DirEntry, WalkError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(next) = self.current.pop_front() {
                return Some(next);
            }
            // Ends when every worker (and so every sender) is gone.
            self.current = self.batches.recv().ok()?.into();
        }
    }
}

impl Drop for Iter {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Workers blocked on a full channel wake up to a closed one once it is gone.
        let (_, closed) = sync_channel(0);
        drop(std::mem::replace(&mut self.batches, closed));
        if let Some(walk) = self.walk.take() {
            let _ = walk.join();
        }
    }
}

/// One worker's visitor: collects owned entries and hands them over in batches.
struct Sender {
    out: SyncSender<Batch>,
    batch: Batch,
}

impl Sender {
    /// Hands the batch over; false when the iterator is gone.
    fn hand_over(&mut self) -> bool {
        if self.batch.is_empty() {
            return true;
        }
        self.out.send(std::mem::take(&mut self.batch)).is_ok()
    }

    fn push(&mut self, item: Result<DirEntry, WalkError>) -> Visit {
        self.batch.push(item);
        if self.batch.len() >= BATCH && !self.hand_over() {
            return Visit::Quit;
        }
        Visit::Continue
    }
}

impl Visitor for Sender {
    fn visit(&mut self, entry: &Entry<'_>) -> Visit {
        self.push(Ok(DirEntry::from_entry(entry)))
    }

    fn leave_dir(&mut self) {
        self.hand_over();
    }

    fn idle(&mut self) {
        self.hand_over();
    }

    fn error(&mut self, error: WalkError) -> Visit {
        self.push(Err(error))
    }
}

impl Drop for Sender {
    fn drop(&mut self) {
        self.hand_over();
    }
}
