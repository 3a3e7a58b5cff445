//! One task: read one directory, visit its entries, queue its subdirectories.
//!
//! Syscall budget per directory (on Linux; see `sys` for the other platforms): one
//! `openat` relative to the parent's handle (past the handle budget, the parent is
//! first opened again from a handle the walk holds, see `node`; never by a path from
//! the top), `getdents64` until it returns 0, one `close`. The first read fills the
//! buffer and then asks for more into what is left of it (see `dirents`), so that the
//! visitor's `dir_data` sees the whole listing of a directory that fits in one buffer
//! before any of its entries, for the same two calls. Nothing per file: the entry
//! type comes from `d_type`; `fstatat` runs only for `DT_UNKNOWN`, for followed links,
//! or when a visitor asks for metadata. Entry paths are built in a per-thread buffer
//! (the directory's path once, then each name copied after it): no allocation per
//! entry. A queued subdirectory holds its name and its parent's [`DirNode`] (made once
//! per directory that has subdirectories), not its path, so memory grows with a tree's
//! depth, not its square; the buffer is rewritten from the nodes only when the next
//! task is not below the path it holds.
//!
//! A directory larger than one buffer is read in batches, one task each: right after a
//! batch is read, the directory's continuation (its open handle, which remembers where
//! reading stopped: the kernel's offset, or the reader's stream, see `sys`) is queued, so that another thread reads and visits
//! the next batch while this one visits its own. Visiting can be the slow part (a stat
//! per file for `-S`, a read for `--contains`, each a disk access on a cold cache), and
//! one directory of 18,000 files must not hold the walk up on one thread. Memory stays
//! bounded on very wide trees: when the pool already has more than
//! [`QUEUE_HIGH_WATER`] tasks, the continuation goes behind everything already queued,
//! so the subdirectories a batch queued are walked first. An `ordered` walk reads each
//! directory whole, in one task.

use std::cell::OnceCell;
use std::sync::Arc;

use super::dirents::DirReader;
use super::entry::{Entry, FileType, Metadata};
use super::error::WalkError;
use super::follow::{ancestor_with, loop_ancestor};
use super::node::{self, DirNode, FileId, HandleCache, ReopenError};
use super::pool::Queue;
use super::sorted::DirBuilder;
use super::sys::{self, DirHandle, Errno};
use super::{DirContext, DirRef, NotEntered, NotEnteredReason, Visit, Visitor};

/// Per-thread getdents buffer: 32 KiB measured best (1 KiB was 40% slower, more gained
/// nothing).
const DIRENT_BUFFER: usize = 32 * 1024;
/// Above this many queued tasks, a directory's next batch waits behind all of them.
const QUEUE_HIGH_WATER: usize = 4096;
/// The work of reading one directory (opening, reading, closing it), in entries, for
/// the elastic pool's measure of throughput.
const DIR_WORK: u64 = 4;
/// A batch counts its entries as work every this many, not only when it ends: under
/// `--contains` each entry may be a file read from a cold disk, and a batch of them
/// lasts many of the elastic pool's ticks.
const PROGRESS_EVERY: u64 = 32;

mod remote;
pub(crate) use remote::RemoteRoots;

/// Walk-wide settings the tasks need.
pub(crate) struct Walk {
    /// The roots, opened again (once each) for directories received from a link.
    pub(crate) remote_roots: RemoteRoots,
    pub(crate) max_depth: Option<usize>,
    pub(crate) follow_links: bool,
    pub(crate) same_file_system: bool,
    /// Read directories whole and queue subdirectories sorted (see `WalkBuilder::ordered`).
    pub(crate) ordered: bool,
}

/// A directory to read (or to go on reading).
pub(crate) struct DirTask {
    place: Place,
    /// The index of its root among the walk's roots.
    root: usize,
    depth: usize,
    /// Whether a followed link was entered on the way down from the root (only then can
    /// a real directory close a loop).
    through_link: bool,
    /// Device of the root, for `same_file_system`.
    pub(super) root_dev: Option<u64>,
    /// The visitor's data for the parent directory until this one is opened; then this
    /// directory's own (so a resumed read keeps it).
    data: Option<super::DirData>,
}

/// Where a task's directory is.
enum Place {
    /// A root, by its path as given; empty for the implicit current directory.
    Root(Box<[u8]>),
    /// The directory `name` in `parent`, with the parent's open handle when it could be
    /// held (else the parent is opened again: see `node`).
    Child {
        parent: Arc<DirNode>,
        name: Box<[u8]>,
        parent_handle: Option<Arc<DirHandle>>,
    },
    /// A directory's next batch: its handle, positioned where reading stopped.
    Resume {
        node: Arc<DirNode>,
        handle: Arc<DirHandle>,
    },
    /// A directory received from a link: its path as printed, and its parent's inode
    /// number (0: not checked). See `remote`.
    Remote { path: Box<[u8]>, parent_ino: u64 },
}

impl DirTask {
    /// The task of root number `index`, at `path`.
    pub(crate) fn root(index: usize, path: &[u8]) -> DirTask {
        DirTask {
            place: Place::Root(path.into()),
            root: index,
            depth: 0,
            through_link: false,
            root_dev: None,
            data: None,
        }
    }
}

/// What one worker thread keeps between tasks.
pub(crate) struct WorkerState<'s, V> {
    pub(super) visitor: V,
    /// A sorted walk's list of the directory being read.
    pub(super) sorted: Option<DirBuilder<'s, 's>>,
    /// The path of the directory being read, then of each entry in turn.
    path: Vec<u8>,
    /// A directory whose path `path` starts with, so that the next task, most often
    /// its child or a sibling of one, writes only its own name.
    path_node: Option<Arc<DirNode>>,
    dirents: Vec<u8>,
    /// The last directory handle this thread opened again, or kept past the budget.
    pub(super) cache: HandleCache,
}

impl<'s, V> WorkerState<'s, V> {
    pub(crate) fn new(visitor: V, sorted: Option<DirBuilder<'s, 's>>) -> WorkerState<'s, V> {
        WorkerState {
            visitor,
            sorted,
            path: Vec::with_capacity(4096),
            path_node: None,
            dirents: vec![0; DIRENT_BUFFER],
            cache: HandleCache::default(),
        }
    }

    /// Sets `path` to `node`'s path, then `name` below it; only the name is written
    /// when `path` already holds a path below `node`.
    fn set_path(&mut self, node: &Arc<DirNode>, name: &[u8]) {
        let holds_it = self
            .path_node
            .as_ref()
            .is_some_and(|held| node.is_ancestor_of(held));
        if holds_it {
            self.path.truncate(node.path_len());
        } else {
            node.write_path(&mut self.path);
        }
        self.path_node = Some(node.clone());
        if !name.is_empty() {
            if node.needs_separator() {
                self.path.push(b'/');
            }
            self.path.extend_from_slice(name);
        }
    }
}

impl<V: Visitor> WorkerState<'_, V> {
    pub(crate) fn idle(&mut self) {
        self.visitor.idle();
        if let Some(sorted) = &self.sorted {
            sorted.flush();
        }
    }

    /// The directory at `path` (`state.path`), queued for reading, will not be read:
    /// a sorted walk stops waiting for it.
    pub(super) fn give_up_dir(&self, depth: usize) {
        if let Some(sorted) = &self.sorted {
            sorted.give_up(&self.path, depth);
        }
    }
}

/// An open directory about to be read, with what its open learned.
pub(super) struct Opened {
    pub(super) handle: Arc<DirHandle>,
    /// Its node, when the task came with one (a resumed batch).
    pub(super) node: Option<Arc<DirNode>>,
    /// Its identity, when its open needed a `stat` anyway (`-L`, `--one-file-system`).
    pub(super) id: Option<FileId>,
    pub(super) fresh: bool,
}

impl Walk {
    /// Runs one task; returns the work done (entries seen, plus [`DIR_WORK`]) that it
    /// has not already counted through [`Queue::progress`].
    pub(crate) fn run_task<V: Visitor>(
        &self,
        state: &mut WorkerState<'_, V>,
        mut task: DirTask,
        queue: &Queue<'_, DirTask>,
    ) -> u64 {
        let place = std::mem::replace(&mut task.place, Place::Root(Box::default()));
        let (opened, parent, name) = match place {
            Place::Resume { node, handle } => {
                node.write_path(&mut state.path);
                state.path_node = Some(node.clone());
                let opened = Opened {
                    handle,
                    node: Some(node),
                    id: None,
                    fresh: false,
                };
                (Some(opened), None, Box::default())
            }
            Place::Root(path) => {
                state.path.clear();
                state.path.extend_from_slice(&path);
                state.path_node = None;
                (self.open_root(state, &mut task, &path, queue), None, path)
            }
            Place::Child {
                parent,
                name,
                parent_handle,
            } => {
                state.set_path(&parent, &name);
                let opened =
                    self.open_child(state, &mut task, &parent, &name, parent_handle, queue);
                if opened.is_none() {
                    // Queued, not read: a sorted walk must not wait for it.
                    state.give_up_dir(task.depth);
                }
                (opened, Some(parent), name)
            }
            Place::Remote { path, parent_ino } => {
                match self.open_remote(state, &mut task, &path, parent_ino, queue) {
                    Some((opened, parent, name)) => (Some(opened), parent, name),
                    None => (None, None, Box::default()),
                }
            }
        };
        match opened {
            Some(opened) => DIR_WORK + self.read(state, task, opened, parent, &name, queue),
            None => DIR_WORK,
        }
    }

    /// Opens the directory `name` in `parent`: relative to the parent's handle when
    /// the task holds it, else from a handle the walk holds (see `node`). Under `-L`,
    /// refuses a directory that is its own ancestor.
    pub(super) fn open_child<V: Visitor>(
        &self,
        state: &mut WorkerState<'_, V>,
        task: &mut DirTask,
        parent: &Arc<DirNode>,
        name: &[u8],
        parent_handle: Option<Arc<DirHandle>>,
        queue: &Queue<'_, DirTask>,
    ) -> Option<Opened> {
        let follow = self.follow_links;
        let opened = with_descriptor(&mut state.cache, |cache| {
            let parent_handle = match &parent_handle {
                Some(handle) => handle.clone(),
                None => node::reopen(parent, cache, follow)?,
            };
            Ok(sys::open_child(parent_handle.dir(), name, follow)?)
        });
        drop(parent_handle);
        let handle = match opened {
            Ok(handle) => handle,
            Err(err) => {
                let err = match err {
                    ReopenError::Io(err) => WalkError::io(&state.path, task.depth, err),
                    ReopenError::Changed => WalkError::changed(&state.path, task.depth),
                };
                self.report(state, err, queue);
                return None;
            }
        };
        let mut id = None;
        if self.follow_links || self.same_file_system {
            let meta = match sys::stat_dir(handle.dir()) {
                Ok(stat) => Metadata(stat),
                Err(err) => {
                    let err = WalkError::io(&state.path, task.depth, err);
                    self.report(state, err, queue);
                    return None;
                }
            };
            if self.same_file_system && task.root_dev != Some(meta.dev()) {
                state.visitor.not_entered(&NotEntered {
                    path: &state.path,
                    depth: task.depth,
                    reason: NotEnteredReason::OtherFileSystem,
                });
                return None;
            }
            id = Some(FileId::from(meta));
            if self.follow_links {
                if let Some(ancestor) = ancestor_with(parent, FileId::from(meta)) {
                    let err = WalkError::filesystem_loop(&state.path, task.depth, &ancestor);
                    self.report(state, err, queue);
                    return None;
                }
            }
        }
        Some(Opened {
            handle: Arc::new(handle),
            node: None,
            id,
            fresh: true,
        })
    }

    /// Reads the open directory, visiting each entry and queueing subdirectories.
    /// `state.path` holds its path; `parent` is its parent's node and `name` its name
    /// there (for a root: no parent, and its path). Returns the number of entries read.
    fn read<V: Visitor>(
        &self,
        state: &mut WorkerState<'_, V>,
        mut task: DirTask,
        opened: Opened,
        parent: Option<Arc<DirNode>>,
        name: &[u8],
        queue: &Queue<'_, DirTask>,
    ) -> u64 {
        let WorkerState {
            visitor,
            sorted,
            path,
            path_node,
            dirents,
            cache,
        } = state;
        let Opened {
            handle,
            mut node,
            id,
            fresh,
        } = opened;
        // This directory's node, made when a child or a next batch needs it.
        let make_node = |node: &mut Option<Arc<DirNode>>| -> Arc<DirNode> {
            node.get_or_insert_with(|| {
                let made = match &parent {
                    Some(parent) => DirNode::child(parent, name, &handle),
                    None => DirNode::root(name, &handle),
                };
                if let Some(id) = id {
                    made.set_id(id);
                }
                Arc::new(made)
            })
            .clone()
        };
        let dir_len = path.len();
        if !path.is_empty() && !path.ends_with(b"/") {
            path.push(b'/');
        }
        let prefix_len = path.len();
        let mut raw = DirReader::new(&handle, dirents);
        if fresh {
            if let Some(sorted) = sorted.as_mut() {
                sorted.start(path, task.depth);
            }
            // Before any entry is visited: the visitor sees what the first read holds.
            raw.read_first();
            task.data = visitor.dir_data(&DirContext {
                dir: DirRef::new(handle.dir(), path, task.depth + 1),
                prefix: path,
                depth: task.depth,
                parent_data: task.data.as_ref(),
                listing: raw.listing(),
            });
        } else {
            raw.read_next();
        }
        // More to read: the next batch is another task, which another thread may take
        // while this one visits the entries it holds.
        let one_batch = !self.ordered && raw.may_have_more() && sys::may_hold_another();
        if one_batch {
            let next = DirTask {
                place: Place::Resume {
                    node: make_node(&mut node),
                    handle: handle.clone(),
                },
                data: task.data.clone(),
                ..task
            };
            if queue.pending() > QUEUE_HIGH_WATER {
                queue.push_later(next);
            } else {
                queue.push(next);
            }
        }
        visitor.enter_dir(path);

        let child_depth = task.depth + 1;
        let descend = self.max_depth.is_none_or(|max| child_depth < max);
        let hold_for_children = descend && sys::may_hold_another();
        // Children queued without this handle: this thread keeps it for the next task.
        let mut kept_from_children = false;
        // Under `ordered`, subdirectories are queued after the read, sorted.
        let mut ordered_children = Vec::new();
        let mut seen = 0;
        loop {
            if one_batch && raw.is_buffer_empty() {
                break;
            }
            let Some(next) = raw.next() else {
                break;
            };
            let raw_entry = match next {
                Ok(raw_entry) => raw_entry,
                Err(err) => {
                    visitor.leave_dir();
                    if let Some(sorted) = sorted.as_mut() {
                        sorted.finish();
                    }
                    push_in_order(ordered_children, queue);
                    let err = WalkError::io(&path[..dir_len], task.depth, err);
                    report_to(visitor, err, queue);
                    return seen;
                }
            };
            let entry_name = raw_entry.name;
            if entry_name == b"." || entry_name == b".." {
                continue;
            }
            seen += 1;
            if seen == PROGRESS_EVERY {
                queue.progress(seen);
                seen = 0;
            }
            path.truncate(prefix_len);
            path.extend_from_slice(entry_name);
            let mut entry = Entry {
                path: path.as_slice(),
                name_start: prefix_len,
                depth: child_depth,
                file_type: raw_entry.file_type,
                is_link: false,
                follow: self.follow_links,
                dir: DirRef::new(handle.dir(), &path[..prefix_len], child_depth),
                dir_data: task.data.as_ref(),
                metadata: OnceCell::new(),
                stat_reported: false,
            };
            if let Err(err) = self.settle_type(&mut entry, handle.dir(), entry_name) {
                let skip = err == Errno::LOOP;
                let err = WalkError::io(entry.path, child_depth, err);
                if report_to(visitor, err, queue) {
                    return seen;
                }
                if skip {
                    // A link that resolves to itself is reported, not listed (find -L).
                    continue;
                }
                // A link whose target cannot be examined is reported and still listed,
                // as find -L does; tests that need its metadata fail for it.
                entry.stat_reported = true;
            }
            if self.follow_links
                && entry.file_type == FileType::Dir
                && (entry.is_link || task.through_link)
            {
                // Like find -L: a link back to an ancestor is reported, not listed.
                // With no followed link on the way down, a real directory cannot be its
                // own ancestor (one `fstatat` when it may be).
                let above = parent
                    .as_ref()
                    .or_else(|| node.as_ref().and_then(|n| n.parent()));
                let own = id.or_else(|| node.as_ref().and_then(|n| n.id()));
                let dir_path = &path[..dir_len];
                if let Some(ancestor) = loop_ancestor(&entry, own, dir_path, above) {
                    let err = WalkError::filesystem_loop(entry.path, child_depth, &ancestor);
                    if report_to(visitor, err, queue) {
                        return seen;
                    }
                    continue;
                }
            }
            let verdict = match sorted.as_mut() {
                Some(sorted) => visitor.visit_sorted(&entry, &mut sorted.record(entry_name)),
                None => visitor.visit(&entry),
            };
            if verdict == Visit::Quit || queue.quitting() {
                queue.quit();
                return seen;
            }
            if verdict == Visit::Continue && descend && entry.file_type == FileType::Dir {
                let this = make_node(&mut node);
                if !hold_for_children {
                    // Its children will open it again, maybe by climbing `..` from
                    // below: record what it is, to check that route.
                    this.record_id(&handle);
                    kept_from_children = true;
                }
                let child = DirTask {
                    place: Place::Child {
                        parent: this,
                        name: entry_name.into(),
                        parent_handle: hold_for_children.then(|| handle.clone()),
                    },
                    depth: child_depth,
                    root: task.root,
                    through_link: task.through_link || entry.is_link,
                    root_dev: task.root_dev,
                    data: task.data.clone(),
                };
                if self.ordered {
                    if let Some(sorted) = sorted.as_mut() {
                        sorted.block(entry_name);
                    }
                    ordered_children.push((entry_name.to_vec(), child));
                    continue;
                }
                queue.push(child);
            }
        }
        visitor.leave_dir();
        if let Some(sorted) = sorted.as_mut() {
            sorted.finish();
        }
        push_in_order(ordered_children, queue);
        if let Some(node) = &node {
            path.truncate(dir_len);
            *path_node = Some(node.clone());
            if kept_from_children {
                cache.keep(node, &handle);
            }
        }
        seen
    }

    pub(super) fn report<V: Visitor>(
        &self,
        state: &mut WorkerState<'_, V>,
        err: WalkError,
        queue: &Queue<'_, DirTask>,
    ) {
        report_to(&mut state.visitor, err, queue);
    }
}

/// Hands an error to the visitor; stops the walk if it says so. Returns true then.
fn report_to<V: Visitor>(visitor: &mut V, err: WalkError, queue: &Queue<'_, DirTask>) -> bool {
    let quit = visitor.error(err) == Visit::Quit;
    if quit {
        queue.quit();
    }
    quit
}

/// Queues the subdirectories an `ordered` walk held back, last name first, so that with
/// newest-first deques the first name runs next.
fn push_in_order(mut children: Vec<(Vec<u8>, DirTask)>, queue: &Queue<'_, DirTask>) {
    children.sort_unstable_by(|a, b| b.0.cmp(&a.0));
    for (_, child) in children {
        queue.push(child);
    }
}

/// Runs an open, waiting for a descriptor while the process has none left (see
/// `sys::retry_out_of_descriptors`): other workers release theirs as they finish, and
/// this thread's kept handle and the handle budget go first.
pub(super) fn with_descriptor<T>(
    cache: &mut HandleCache,
    mut open: impl FnMut(&mut HandleCache) -> Result<T, ReopenError>,
) -> Result<T, ReopenError> {
    let short =
        |err: &ReopenError| matches!(err, ReopenError::Io(err) if sys::is_out_of_descriptors(*err));
    sys::retry_while_short(short, || {
        let result = open(cache);
        if result.as_ref().is_err_and(short) {
            cache.clear();
            sys::shrink_budget();
        }
        result
    })
}
