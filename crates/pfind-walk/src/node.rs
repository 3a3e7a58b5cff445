//! Where a directory sits in the walk, without its whole path, and how it is opened
//! again when no handle of it is held.
//!
//! A directory whose subdirectories are queued gets a [`DirNode`]: its name and a link
//! to its parent's node. A queued task holds its parent's node and its own name, so a
//! chain N levels deep costs N names, not N paths (which grew as N², #20.2); a path is
//! written out only when a directory is read, into the thread's buffer.
//!
//! Children are opened relative to their parent's open handle. When none is held (past
//! the handle budget, see `sys`), the parent is opened again, never by its path from
//! the top, which the kernel would resolve through any symbolic link swapped in on the
//! way (#20.1), but from a directory handle the walk holds, by one of two routes:
//! - **down** from the nearest ancestor whose handle is open (a root's always is), one
//!   component at a time, each opened like a child (with `O_NOFOLLOW | O_DIRECTORY`
//!   unless links are followed): no link is followed on the way;
//! - **up** from the directory this thread reopened or read last (its [`HandleCache`])
//!   with `..`, each step checked against the (device, inode) recorded for that node
//!   when it was read: the `..` of a directory moved elsewhere is elsewhere, and is
//!   refused. Then down, as above.
//!
//! The shorter route is taken. A depth-first walk next needs the parent, or a sibling,
//! of what it just read, so on a chain deeper than the budget each reopen is a step or
//! two: linear, where reopening from the top was quadratic. A node reached again whose
//! recorded identity differs (a directory renamed and replaced during the walk) is
//! reported as changed and not entered.

use std::sync::{Arc, OnceLock, Weak};

use super::entry::Metadata;
use super::sys::{self, DirHandle, Errno};

/// A directory's identity: what `..` and a reopened path are checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FileId {
    pub(crate) dev: u64,
    pub(crate) ino: u64,
}

impl FileId {
    /// The identity of an open directory (one `fstat`).
    pub(crate) fn of(handle: &DirHandle) -> Result<FileId, Errno> {
        sys::stat_dir(handle.dir()).map(|stat| FileId::from(Metadata(stat)))
    }
}

impl From<Metadata> for FileId {
    fn from(meta: Metadata) -> FileId {
        FileId {
            dev: meta.dev(),
            ino: meta.ino(),
        }
    }
}

/// A directory of the walk that has (or had) subdirectories queued.
pub(crate) struct DirNode {
    parent: Option<Arc<DirNode>>,
    /// The name in the parent; for a root, its path as given.
    name: Box<[u8]>,
    depth: usize,
    /// The length of the directory's path as printed.
    path_len: usize,
    /// The open handle, while anything still holds it (queued children, the next batch,
    /// a thread's cache).
    handle: Weak<DirHandle>,
    /// A root's handle, held as long as anything below it is queued: every down route
    /// can start at the top.
    pinned: Option<Arc<DirHandle>>,
    /// Recorded when known for free (under `-L`) or when needed: once a child is queued
    /// without the handle, so that `..` can be checked on the way back up.
    id: OnceLock<FileId>,
}

impl Drop for DirNode {
    /// Unlinks the chain of parents one by one: dropping the last reference to the node
    /// of a directory thousands of levels down would otherwise drop each parent inside
    /// the drop of the one below, as deep as the tree, and overflow a worker's stack
    /// (`threads::WORKER_STACK`). A parent still referenced elsewhere stops the loop.
    fn drop(&mut self) {
        let mut parent = self.parent.take();
        while let Some(node) = parent {
            parent = match Arc::try_unwrap(node) {
                Ok(mut node) => node.parent.take(),
                Err(_) => None,
            };
        }
    }
}

/// Why a directory could not be opened again.
#[derive(Debug)]
pub(crate) enum ReopenError {
    /// A system call on the way failed.
    Io(Errno),
    /// A directory on the way is not the one the walk read there (renamed and
    /// replaced while the walk ran).
    Changed,
}

impl From<Errno> for ReopenError {
    fn from(err: Errno) -> ReopenError {
        ReopenError::Io(err)
    }
}

impl DirNode {
    /// The node of a root, whose path is `path` as given, read through `handle`.
    pub(crate) fn root(path: &[u8], handle: &Arc<DirHandle>) -> DirNode {
        DirNode {
            parent: None,
            name: path.into(),
            depth: 0,
            path_len: path.len(),
            handle: Arc::downgrade(handle),
            pinned: Some(handle.clone()),
            id: OnceLock::new(),
        }
    }

    /// The node of the directory `name` in `parent`, read through `handle`.
    pub(crate) fn child(parent: &Arc<DirNode>, name: &[u8], handle: &Arc<DirHandle>) -> DirNode {
        DirNode {
            parent: Some(parent.clone()),
            name: name.into(),
            depth: parent.depth + 1,
            path_len: parent.path_len + usize::from(parent.needs_separator()) + name.len(),
            handle: Arc::downgrade(handle),
            pinned: None,
            id: OnceLock::new(),
        }
    }

    /// The length of the path as printed.
    pub(crate) fn path_len(&self) -> usize {
        self.path_len
    }

    /// The directory's parent's node (`None` for a root).
    pub(crate) fn parent(&self) -> Option<&Arc<DirNode>> {
        self.parent.as_ref()
    }

    /// The recorded identity, if any.
    pub(crate) fn id(&self) -> Option<FileId> {
        self.id.get().copied()
    }

    /// Records the identity (once; later calls keep the first).
    pub(crate) fn set_id(&self, id: FileId) {
        let _ = self.id.set(id);
    }

    /// Records the identity from the open handle, unless it is known (one `fstat`).
    pub(crate) fn record_id(&self, handle: &DirHandle) {
        if self.id.get().is_none() {
            if let Ok(id) = FileId::of(handle) {
                self.set_id(id);
            }
        }
    }

    /// True when a child's path needs a `/` between this path and the child's name: not
    /// after the implicit current directory (an empty root) nor after a root typed with
    /// a trailing `/` (names below a root never hold one).
    pub(crate) fn needs_separator(&self) -> bool {
        !self.name.is_empty() && !self.name.ends_with(b"/")
    }

    /// Writes the path as printed into `out`, replacing what it held. No allocation
    /// beyond `out`'s own: each name goes where its node's length says it ends.
    pub(crate) fn write_path(&self, out: &mut Vec<u8>) {
        out.clear();
        out.resize(self.path_len, 0);
        let mut node = Some(self);
        while let Some(n) = node {
            let start = n.path_len - n.name.len();
            out[start..n.path_len].copy_from_slice(&n.name);
            if let Some(parent) = &n.parent {
                if start > parent.path_len {
                    out[start - 1] = b'/';
                }
            }
            node = n.parent.as_deref();
        }
    }

    /// True when `self` is `other` or one of its ancestors.
    pub(crate) fn is_ancestor_of(&self, other: &DirNode) -> bool {
        let mut node = other;
        while node.depth > self.depth {
            match &node.parent {
                Some(parent) => node = parent,
                None => return false,
            }
        }
        std::ptr::eq(node, self)
    }

    /// A root's handle, which it holds while it lives.
    pub(crate) fn pinned_handle(&self) -> Arc<DirHandle> {
        self.live_handle().expect("a root is pinned")
    }

    /// The handle, if anything still holds it open.
    fn live_handle(&self) -> Option<Arc<DirHandle>> {
        self.pinned.clone().or_else(|| self.handle.upgrade())
    }

    /// The ancestor at `depth` (self when `depth` is its own).
    fn ancestor_at(&self, depth: usize) -> &DirNode {
        let mut node = self;
        while node.depth > depth {
            node = node
                .parent
                .as_deref()
                .expect("a node's depth counts its parents");
        }
        node
    }

    /// The nodes strictly below `top` on the way down to `self`, top first.
    fn path_from(&self, top: &DirNode) -> Vec<&DirNode> {
        let mut nodes = Vec::with_capacity(self.depth - top.depth);
        let mut node = self;
        while !std::ptr::eq(node, top) {
            nodes.push(node);
            node = node.parent.as_deref().expect("top is an ancestor");
        }
        nodes.reverse();
        nodes
    }
}

/// The last directory a thread opened again, or read without sharing its handle with
/// its children: what the next reopen most likely starts from. One descriptor per
/// thread at most, and only past the handle budget.
#[derive(Default)]
pub(crate) struct HandleCache(Option<(Arc<DirNode>, Arc<DirHandle>)>);

impl HandleCache {
    /// Keeps `handle` as the open handle of `node`.
    pub(crate) fn keep(&mut self, node: &Arc<DirNode>, handle: &Arc<DirHandle>) {
        self.0 = Some((node.clone(), handle.clone()));
    }

    /// Closes the kept handle (when descriptors run out).
    pub(crate) fn clear(&mut self) {
        self.0 = None;
    }
}

/// Opens `node`'s directory again by the shorter of the two routes (see the module),
/// and keeps it in `cache`. `follow`: links on the way are followed (`-L`).
pub(crate) fn reopen(
    node: &Arc<DirNode>,
    cache: &mut HandleCache,
    follow: bool,
) -> Result<Arc<DirHandle>, ReopenError> {
    if let Some((cached, handle)) = &cache.0 {
        if Arc::ptr_eq(cached, node) {
            return Ok(handle.clone());
        }
    }
    if let Some(handle) = node.live_handle() {
        return Ok(handle);
    }
    // The nearest ancestor still open; a root always is.
    let mut anchor = node.parent.as_deref().expect("a root is pinned");
    let anchor_handle = loop {
        match anchor.live_handle() {
            Some(handle) => break handle,
            None => anchor = anchor.parent.as_deref().expect("a root is pinned"),
        }
    };
    let opened = match up_route(node, cache, anchor.depth) {
        Some((top, top_handle)) => walk_down(node, top, &top_handle, follow)
            .or_else(|_| walk_down(node, anchor, &anchor_handle, follow)),
        None => walk_down(node, anchor, &anchor_handle, follow),
    }?;
    cache.keep(node, &opened);
    Ok(opened)
}

/// Climbs from the cached directory to the lowest ancestor it shares with `node`,
/// when that is shorter than coming down from `anchor_depth`: returns that ancestor
/// and its open handle. `None` when there is no cache, the climb is longer, a step
/// has no recorded identity to check, or a check fails.
fn up_route<'a>(
    node: &'a DirNode,
    cache: &HandleCache,
    anchor_depth: usize,
) -> Option<(&'a DirNode, Arc<DirHandle>)> {
    let (cached, cached_handle) = cache.0.as_ref()?;
    // The lowest common ancestor of the cached node and `node`.
    let depth = cached.depth.min(node.depth);
    let (mut mine, mut theirs) = (node.ancestor_at(depth), cached.ancestor_at(depth));
    while !std::ptr::eq(mine, theirs) {
        mine = mine.parent.as_deref()?;
        theirs = theirs.parent.as_deref()?;
    }
    let common = mine;
    let climb = cached.depth - common.depth;
    // Worth it only if the climb saves steps down from the anchor.
    if common.depth <= anchor_depth || climb >= common.depth - anchor_depth {
        return None;
    }
    let mut step: &DirNode = cached;
    let mut handle = cached_handle.clone();
    while !std::ptr::eq(step, common) {
        let parent = step.parent.as_deref()?;
        let expected = parent.id()?;
        let up = sys::open_parent(handle.dir()).ok()?;
        if FileId::of(&up).ok()? != expected {
            return None;
        }
        handle = Arc::new(up);
        step = parent;
    }
    Some((common, handle))
}

/// Opens `node` from its open ancestor-or-self `top`, one component at a time,
/// checking each node whose identity was recorded.
fn walk_down(
    node: &DirNode,
    top: &DirNode,
    top_handle: &Arc<DirHandle>,
    follow: bool,
) -> Result<Arc<DirHandle>, ReopenError> {
    let mut current = top_handle.clone();
    for step in node.path_from(top) {
        let opened = sys::open_child(current.dir(), &step.name, follow)?;
        if let Some(expected) = step.id() {
            if FileId::of(&opened)? != expected {
                return Err(ReopenError::Changed);
            }
        }
        current = Arc::new(opened);
    }
    Ok(current)
}
