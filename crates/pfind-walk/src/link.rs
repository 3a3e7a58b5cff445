//! Linking walks: work that leaves one walk's pool and enters another's, for a walk
//! spread over several processes (MPI ranks, say). The crate moves no bytes between
//! processes itself: a transport the caller writes carries [`RemoteDir`]s from the
//! [`Link`] of one walk to the [`Link`] of another, and decides when all of them are
//! over.
//!
//! ```
//! use pfind_walk::link::Link;
//! use pfind_walk::{Entry, Visit, Visitor, WalkBuilder};
//!
//! struct Nothing;
//! impl Visitor for Nothing {
//!     fn visit(&mut self, _entry: &Entry<'_>) -> Visit {
//!         Visit::Continue
//!     }
//! }
//! let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
//! let link = Link::new();
//! let mut walk = WalkBuilder::new(src);
//! walk.link(&link);
//! std::thread::scope(|s| {
//!     s.spawn(|| walk.run(|| Nothing));
//!     // A transport would hand `link.give(16)` to an idle walk elsewhere, and
//!     // `link.take(...)` what comes from elsewhere; when every linked walk is idle
//!     // and nothing is in flight, each one is told to finish.
//!     while !link.wait_idle(std::time::Duration::from_millis(10)) {}
//!     link.finish();
//! });
//! ```
//!
//! # What a linked walk does
//! - While a [`Link`] is attached ([`WalkBuilder::link`](crate::WalkBuilder::link)),
//!   the walk does not end when it runs out of work: it waits, idle, for work from
//!   the link, until [`Link::finish`] (or until it is stopped: the stop flag, a
//!   visitor's [`Visit::Quit`](crate::Visit::Quit)). A walk that should start with
//!   nothing (every process but one) is built with `seed_roots(false)`.
//! - [`Link::give`] takes the oldest queued directories, the roots of the largest
//!   unexplored subtrees, as the pool's own idle threads do. Only whole directories
//!   that were not entered through a followed link and carry no per-directory data
//!   of the visitor ([`Visitor::dir_data`](crate::Visitor::dir_data): ignore rules,
//!   say) can travel; the rest stay where they are, and are walked there.
//! - [`Link::take`] queues directories from elsewhere.
//!
//! # Containment
//! A received directory is named by its root (an index into the walk's roots, which
//! must be the same list, at the same paths, wherever the walk runs) and the path
//! below it. The receiver opens its own copy of the root as any root is opened, then
//! goes down the path one component at a time, each opened relative to the one
//! above with `O_NOFOLLOW | O_DIRECTORY` (unless the walk follows links): no symbolic
//! link is followed on the way, so a received path cannot lead out of the root, even
//! if a component was swapped for a link after it was sent. The parent's inode
//! number, recorded by the sender, is checked against what the receiver reached; a
//! mismatch (a directory renamed and replaced, or a root that is not the same
//! filesystem there) is reported as "changed during the walk" and not entered.
//! Under `same_file_system` the received directories are compared with the
//! receiver's own root's device. A root or component the receiver cannot open is
//! reported like any unreadable path.
//!
//! # Ending
//! Deciding that every linked walk is over is the transport's job: a walk is
//! [`Link::idle`] when nothing is queued or running in it, but work may be in flight
//! towards it. A scheme such as Dijkstra–Safra's token ring (count what was sent and
//! received; a round that finds every walk idle and the counts balanced ends it)
//! decides it; then each walk is told [`Link::finish`].

use std::sync::Arc;
use std::time::Duration;

use crate::dir::DirTask;
use crate::pool::Port;

/// One end of a link: given to a walk with
/// [`WalkBuilder::link`](crate::WalkBuilder::link), used from another thread by the
/// transport. Cloning gives another handle to the same end.
#[derive(Clone)]
pub struct Link {
    pub(crate) port: Arc<Port<DirTask>>,
}

impl Default for Link {
    fn default() -> Link {
        Link::new()
    }
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Link")
            .field("idle", &self.idle())
            .field("ended", &self.ended())
            .finish()
    }
}

impl Link {
    /// A link not yet attached to a walk.
    pub fn new() -> Link {
        Link {
            port: Arc::new(Port::new()),
        }
    }

    /// True when the walk runs and has nothing queued or running: it waits for work
    /// from the link (or to be finished).
    pub fn idle(&self) -> bool {
        self.port.idle()
    }

    /// How many directories are queued in the walk (a moment's count).
    pub fn queued(&self) -> usize {
        self.port.queued()
    }

    /// True once the walk is over (finished, stopped), or finished before it began.
    pub fn ended(&self) -> bool {
        self.port.ended()
    }

    /// Waits until the walk is idle or over, at most `timeout`; returns
    /// [`Link::idle`]. Blocks on a condition variable, not a poll.
    pub fn wait_idle(&self, timeout: Duration) -> bool {
        self.port.wait_idle(timeout)
    }

    /// Takes up to `max` of the oldest queued directories that can travel (see the
    /// module). Empty when there are none, or the walk is not running.
    pub fn give(&self, max: usize) -> Vec<RemoteDir> {
        self.port
            .give(max, DirTask::is_portable)
            .into_iter()
            .filter_map(|task| task.into_remote())
            .collect()
    }

    /// Queues directories from another walk. When this walk is not running (not yet
    /// started, or over), they are handed back.
    pub fn take(&self, dirs: Vec<RemoteDir>) -> Result<(), Vec<RemoteDir>> {
        let tasks = dirs.into_iter().map(DirTask::from_remote).collect();
        self.port
            .take(tasks)
            .map_err(|tasks| tasks.into_iter().filter_map(DirTask::into_remote).collect())
    }

    /// Lets the walk end once nothing is queued or running in it. Call it when every
    /// linked walk is over, or to give up on the link; before the walk starts, the
    /// walk then runs unlinked.
    pub fn finish(&self) {
        self.port.finish();
    }
}

/// A directory to be walked elsewhere: its root (an index into the walk's roots), its
/// path as the walk prints it, its depth, and the inode number of its parent (0 for a
/// root, which is opened like any root).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteDir {
    /// The index of its root among the walk's roots.
    pub root: usize,
    /// Its path as printed (the root's path, then the names below it).
    pub path: Vec<u8>,
    /// Its depth below the root (0 for a root).
    pub depth: usize,
    /// Its parent's inode number, checked where it is received (0 for a root).
    pub parent_ino: u64,
}

/// Why bytes are not a [`RemoteDir`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadRemoteDir;

impl std::fmt::Display for BadRemoteDir {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("malformed directory record")
    }
}

impl std::error::Error for BadRemoteDir {}

impl RemoteDir {
    /// Appends the directory to `out`: four little-endian u64 (root, depth, parent
    /// inode, path length), then the path's bytes.
    pub fn to_bytes(&self, out: &mut Vec<u8>) {
        for n in [
            self.root as u64,
            self.depth as u64,
            self.parent_ino,
            self.path.len() as u64,
        ] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        out.extend_from_slice(&self.path);
    }

    /// Reads one directory from the start of `bytes`, as [`RemoteDir::to_bytes`]
    /// wrote it; returns it and the bytes after it.
    pub fn from_bytes(bytes: &[u8]) -> Result<(RemoteDir, &[u8]), BadRemoteDir> {
        let mut fields = [0u64; 4];
        let mut rest = bytes;
        for field in &mut fields {
            let (word, tail) = rest.split_first_chunk::<8>().ok_or(BadRemoteDir)?;
            *field = u64::from_le_bytes(*word);
            rest = tail;
        }
        let [root, depth, parent_ino, len] = fields;
        let len = usize::try_from(len).map_err(|_| BadRemoteDir)?;
        if len > rest.len() {
            return Err(BadRemoteDir);
        }
        let (path, rest) = rest.split_at(len);
        let dir = RemoteDir {
            root: usize::try_from(root).map_err(|_| BadRemoteDir)?,
            path: path.to_vec(),
            depth: usize::try_from(depth).map_err(|_| BadRemoteDir)?,
            parent_ino,
        };
        Ok((dir, rest))
    }

    /// Every directory in `bytes` (a sequence written by [`RemoteDir::to_bytes`]).
    pub fn all_from_bytes(mut bytes: &[u8]) -> Result<Vec<RemoteDir>, BadRemoteDir> {
        let mut dirs = Vec::new();
        while !bytes.is_empty() {
            let (dir, rest) = RemoteDir::from_bytes(bytes)?;
            dirs.push(dir);
            bytes = rest;
        }
        Ok(dirs)
    }
}

#[cfg(test)]
mod tests {
    use super::RemoteDir;

    #[test]
    fn remote_dirs_survive_their_bytes() {
        let dirs = vec![
            RemoteDir {
                root: 1,
                path: b"a/b\xff\n/c".to_vec(),
                depth: 3,
                parent_ino: u64::MAX,
            },
            RemoteDir {
                root: 0,
                path: Vec::new(),
                depth: 0,
                parent_ino: 0,
            },
        ];
        let mut bytes = Vec::new();
        for dir in &dirs {
            dir.to_bytes(&mut bytes);
        }
        assert_eq!(RemoteDir::all_from_bytes(&bytes).unwrap(), dirs);
        let first = 32 + dirs[0].path.len();
        for cut in 1..bytes.len() {
            if cut != first {
                assert!(RemoteDir::all_from_bytes(&bytes[..cut]).is_err(), "{cut}");
            }
        }
    }
}
