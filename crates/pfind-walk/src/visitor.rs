//! The parallel walk's contract with its caller: a [`Visitor`] per worker thread, the
//! [`Visit`] it answers for each entry, and what it sees of each directory
//! ([`DirContext`]) and of each directory the walk does not enter ([`NotEntered`]).
//!
//! The order of calls on one visitor (one thread), for each group of entries it
//! reads: [`Visitor::enter_dir`], then [`Visitor::dir_data`] once per directory (before
//! its first batch only), then [`Visitor::visit`] for each entry, then
//! [`Visitor::leave_dir`]. A root is such a group of one entry, at depth 0, whose
//! prefix is what its path holds before its last component (`src/` for `src/walk`).
//! A directory larger than one read is read in batches, each its own group, maybe
//! on different threads. [`Visitor::error`], [`Visitor::not_entered`] and
//! [`Visitor::idle`] come between groups.

use std::any::Any;
use std::sync::Arc;

use crate::dirents::Listing;
use crate::sorted::Record;
use crate::{DirRef, Entry, WalkError};

/// What a visitor wants done after seeing an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visit {
    /// Go on; descend into the entry if it is a directory.
    Continue,
    /// Go on, but do not descend into this entry.
    Skip,
    /// Stop the whole walk as soon as possible.
    Quit,
}

/// Data a visitor attaches to a directory (see [`Visitor::dir_data`]): shared by the
/// directory's entries and handed down to its subdirectories.
pub type DirData = Arc<dyn Any + Send + Sync>;

/// A directory about to be read, as [`Visitor::dir_data`] sees it: its open handle,
/// its entries' path prefix, its depth, its parent's data, and what its first read
/// holds.
pub struct DirContext<'a> {
    pub(crate) dir: DirRef<'a>,
    pub(crate) prefix: &'a [u8],
    pub(crate) depth: usize,
    pub(crate) parent_data: Option<&'a DirData>,
    pub(crate) listing: Listing<'a>,
}

impl<'a> DirContext<'a> {
    /// The open directory, to open and stat what it holds with one call each.
    pub fn dir(&self) -> DirRef<'a> {
        self.dir
    }

    /// The prefix every one of its entries' paths starts with: its path and a `/`
    /// (empty for the implicit current directory).
    pub fn prefix(&self) -> &'a [u8] {
        self.prefix
    }

    /// Its depth (0 for a root).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// What [`Visitor::dir_data`] returned for its parent (`None` for a root).
    pub fn parent_data(&self) -> Option<&'a DirData> {
        self.parent_data
    }

    /// Its first read: says without a system call whether a name is in the directory
    /// (for all but directories larger than one read, see [`Listing::is_complete`]).
    pub fn listing(&self) -> &Listing<'a> {
        &self.listing
    }
}

/// Why the walk did not enter a directory it was to enter, when that is not an error
/// (errors go to [`Visitor::error`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotEnteredReason {
    /// It lies on another filesystem than its root, and the walk stays on one
    /// ([`WalkBuilder::same_file_system`](crate::WalkBuilder::same_file_system)).
    OtherFileSystem,
}

/// A directory the walk will not enter: one the visitor let it descend into
/// ([`Visit::Continue`]), within the depth limit, that turned out not to be entered
/// for a reason that is not an error. Directories past the depth limit are never
/// queued, and are not reported.
pub struct NotEntered<'a> {
    pub(crate) path: &'a [u8],
    pub(crate) depth: usize,
    pub(crate) reason: NotEnteredReason,
}

impl<'a> NotEntered<'a> {
    /// The directory's path, as its entry was printed.
    pub fn path(&self) -> &'a [u8] {
        self.path
    }

    /// Its depth.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Why it is not entered.
    pub fn reason(&self) -> NotEnteredReason {
        self.reason
    }
}

/// Receives the entries one worker thread reads. One visitor per thread, so it may keep
/// buffers and counters without locking.
pub trait Visitor {
    /// Called before a group of entries (a directory's, or one batch of it, or a
    /// root), with the prefix every one of their paths starts with (the directory's
    /// path and a `/`; empty for the children of an implicit current directory; for a
    /// root, the part of its path before its last component), so that `prefix.len()`
    /// is always where the next entries' names start.
    fn enter_dir(&mut self, _prefix: &[u8]) {}

    /// Called once per directory, after its first read and before any of its entries
    /// is visited. What it returns is this directory's data: its entries see it as
    /// [`Entry::dir_data`], and its subdirectories receive it as
    /// [`DirContext::parent_data`]. This is the hook for state that is inherited down
    /// the tree (ignore files, for one). The default passes the parent's data on, so a
    /// visitor that never returns any costs nothing.
    fn dir_data(&mut self, dir: &DirContext<'_>) -> Option<DirData> {
        dir.parent_data().cloned()
    }

    /// Called for every entry, roots included (at depth 0).
    fn visit(&mut self, entry: &Entry<'_>) -> Visit;

    /// In a sorted walk ([`WalkBuilder::run_sorted`]), called for every entry instead
    /// of [`Visitor::visit`]: an entry that is a result goes into `record`, and comes
    /// out of the walk's [`Sink`] in byte order of the paths. The default visits the
    /// entry and makes no result.
    ///
    /// [`WalkBuilder::run_sorted`]: crate::WalkBuilder::run_sorted
    /// [`Sink`]: crate::sorted::Sink
    fn visit_sorted(&mut self, entry: &Entry<'_>, record: &mut Record<'_>) -> Visit {
        let _ = record;
        self.visit(entry)
    }

    /// Called after a group of entries (see [`Visitor::enter_dir`]).
    fn leave_dir(&mut self) {}

    /// Called for a directory the walk will not enter although it was to (see
    /// [`NotEntered`]).
    fn not_entered(&mut self, _dir: &NotEntered<'_>) {}

    /// Called when this thread has nothing to do and is about to wait for work: the
    /// place to flush buffered output.
    fn idle(&mut self) {}

    /// Called for every error; the walk goes on unless this returns [`Visit::Quit`].
    fn error(&mut self, _error: WalkError) -> Visit {
        Visit::Continue
    }
}
