//! One task: read one directory, visit its entries, queue its subdirectories.
//!
//! Syscall budget per directory (on Linux; see `sys` for the other platforms): one
//! `openat` (relative to the parent when its handle is held), `getdents64` until it
//! returns 0, one `close`. The first read fills the
//! buffer and then asks for more into what is left of it (see `dirents`), so that the
//! visitor's `dir_data` sees the whole listing of a directory that fits in one buffer
//! before any of its entries, for the same two calls. Nothing per file: the entry
//! type comes from `d_type`; `fstatat` runs only for `DT_UNKNOWN`, for followed links,
//! or when a visitor asks for metadata. Entry paths are built in a per-thread buffer
//! (the directory's prefix once, then each name copied after it): no allocation per
//! entry, one per subdirectory queued.
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
use super::pool::Queue;
use super::sys::{self, DirHandle, Errno, RawDir, Stat};
use super::{DirRef, Visit, Visitor};
use crate::platform::os_str;

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

/// Walk-wide settings the tasks need.
pub(crate) struct Walk {
    pub(crate) max_depth: Option<usize>,
    pub(crate) follow_links: bool,
    pub(crate) same_file_system: bool,
    /// Read directories whole and queue subdirectories sorted (see `WalkBuilder::ordered`).
    pub(crate) ordered: bool,
}

/// A directory to read (or to go on reading).
pub(crate) struct DirTask {
    /// The directory's path as printed; empty for an implicit current directory.
    path: Box<[u8]>,
    /// Where the directory's own name starts in `path`.
    name_start: usize,
    depth: usize,
    /// The parent's open handle, when it is held for its children.
    parent: Option<Arc<DirHandle>>,
    /// Set for a directory's next batch: its handle, positioned where reading stopped.
    resume: Option<Arc<DirHandle>>,
    /// Directories above this one, for loop detection when following links.
    ancestors: Option<Arc<Ancestor>>,
    /// Whether a followed link was entered on the way down from the root (only then can
    /// a real directory close a loop).
    through_link: bool,
    /// Device of the root, for `same_file_system`.
    root_dev: Option<u64>,
    /// The visitor's data for the parent directory until this one is opened; then this
    /// directory's own (so a resumed read keeps it).
    data: Option<super::DirData>,
}

/// A directory on the current path from a root, identified the way loops are: by
/// device and inode.
struct Ancestor {
    dev: u64,
    ino: u64,
    path: Box<[u8]>,
    parent: Option<Arc<Ancestor>>,
}

impl DirTask {
    pub(crate) fn root(path: &[u8]) -> DirTask {
        DirTask {
            path: path.into(),
            name_start: 0,
            depth: 0,
            parent: None,
            resume: None,
            ancestors: None,
            through_link: false,
            root_dev: None,
            data: None,
        }
    }
}

/// Where a root's last component starts: after the last `/` that is not trailing
/// (0 for `name`, `name/` and `/`).
fn root_name_start(path: &[u8]) -> usize {
    let end = path.len() - path.iter().rev().take_while(|&&b| b == b'/').count();
    memchr::memrchr(b'/', &path[..end]).map_or(0, |slash| slash + 1)
}

/// The link's own metadata when `path` is a symbolic link (called once its target
/// was found missing).
fn dangling_link(path: &[u8]) -> Option<Metadata> {
    sys::stat_at(sys::CWD, os_str(path), false)
        .ok()
        .map(Metadata)
        .filter(|meta| meta.file_type() == FileType::Symlink)
}

/// What one worker thread keeps between tasks.
pub(crate) struct WorkerState<V> {
    visitor: V,
    path: Vec<u8>,
    dirents: Vec<u8>,
}

impl<V> WorkerState<V> {
    pub(crate) fn new(visitor: V) -> WorkerState<V> {
        WorkerState {
            visitor,
            path: Vec::with_capacity(4096),
            dirents: vec![0; DIRENT_BUFFER],
        }
    }
}

impl<V: Visitor> WorkerState<V> {
    pub(crate) fn idle(&mut self) {
        self.visitor.idle();
    }
}

impl Walk {
    /// Runs one task; returns the work done (entries seen, plus [`DIR_WORK`]) that it
    /// has not already counted through [`Queue::progress`].
    pub(crate) fn run_task<V: Visitor>(
        &self,
        state: &mut WorkerState<V>,
        mut task: DirTask,
        queue: &Queue<'_, DirTask>,
    ) -> u64 {
        let (handle, fresh) = match task.resume.take() {
            Some(handle) => (handle, false),
            None => match self.open(state, &mut task, queue) {
                Some(handle) => (handle, true),
                None => return DIR_WORK,
            },
        };
        DIR_WORK + self.read(state, task, handle, fresh, queue)
    }

    /// Opens the task's directory, visiting it first if it is a root. Returns `None`
    /// when there is nothing to read.
    fn open<V: Visitor>(
        &self,
        state: &mut WorkerState<V>,
        task: &mut DirTask,
        queue: &Queue<'_, DirTask>,
    ) -> Option<Arc<DirHandle>> {
        let is_root = task.depth == 0;
        let name = &task.path[task.name_start..];
        let parent = task.parent.as_deref().map(DirHandle::dir);
        let opened = sys::open_dir(parent, name, &task.path, self.follow_links || is_root);
        // The parent's handle is not needed once the child is open.
        task.parent = None;
        if is_root {
            return self.visit_root(state, task, opened, queue);
        }
        let handle = match opened {
            Ok(handle) => handle,
            Err(err) => {
                self.report(state, WalkError::io(&task.path, task.depth, err), queue);
                return None;
            }
        };
        if self.follow_links || self.same_file_system {
            let stat = match sys::stat_dir(handle.dir()) {
                Ok(stat) => stat,
                Err(err) => {
                    self.report(state, WalkError::io(&task.path, task.depth, err), queue);
                    return None;
                }
            };
            if self.same_file_system && task.root_dev != Some(Metadata(stat).dev()) {
                return None;
            }
            if self.follow_links && !self.enter_ancestor(state, task, &stat, queue) {
                return None;
            }
        }
        Some(Arc::new(handle))
    }

    /// Visits a root (depth 0) and decides whether to read it.
    fn visit_root<V: Visitor>(
        &self,
        state: &mut WorkerState<V>,
        task: &mut DirTask,
        opened: Result<DirHandle, Errno>,
        queue: &Queue<'_, DirTask>,
    ) -> Option<Arc<DirHandle>> {
        // The root's name is its last component, as find's -name sees it.
        // The implicit current directory, whose children print as `name`, is itself
        // `.` (as find prints it), never an empty path.
        let path: &[u8] = if task.path.is_empty() {
            b"."
        } else {
            &task.path
        };
        let name_start = root_name_start(path);
        let entry = Entry {
            path,
            name_start,
            depth: 0,
            file_type: FileType::Dir,
            is_link: false,
            follow: true,
            dir: DirRef(sys::CWD),
            dir_data: None,
            metadata: OnceCell::new(),
        };
        let handle = match opened {
            Ok(handle) => handle,
            // Not a directory: a root that is a file is visited, never read.
            Err(Errno::NOTDIR) => {
                let entry = match entry.metadata() {
                    Ok(meta) => Entry {
                        file_type: meta.file_type(),
                        ..entry
                    },
                    Err(err) => {
                        self.report(state, err, queue);
                        return None;
                    }
                };
                self.visit(state, &entry, queue);
                return None;
            }
            // A dangling symlink is listed as the link itself, as `find -H` does.
            Err(Errno::NOENT) => {
                let Some(link) = dangling_link(&task.path) else {
                    self.report(state, WalkError::io(&task.path, 0, Errno::NOENT), queue);
                    return None;
                };
                let entry = Entry {
                    file_type: FileType::Symlink,
                    is_link: true,
                    ..entry
                };
                let _ = entry.metadata.set(Ok(link));
                self.visit(state, &entry, queue);
                return None;
            }
            Err(err) => {
                self.report(state, WalkError::io(&task.path, 0, err), queue);
                return None;
            }
        };
        if self.follow_links || self.same_file_system {
            match sys::stat_dir(handle.dir()) {
                Ok(stat) => {
                    task.root_dev = Some(Metadata(stat).dev());
                    let _ = entry.metadata.set(Ok(Metadata(stat)));
                    if self.follow_links {
                        task.ancestors = Some(Arc::new(Ancestor {
                            dev: Metadata(stat).dev(),
                            ino: Metadata(stat).ino(),
                            path: task.path.clone(),
                            parent: None,
                        }));
                    }
                }
                Err(err) => {
                    self.report(state, WalkError::io(&task.path, 0, err), queue);
                    return None;
                }
            }
        }
        if self.visit(state, &entry, queue) != Visit::Continue || self.max_depth == Some(0) {
            return None;
        }
        Some(Arc::new(handle))
    }

    /// Records this directory as an ancestor of its children, unless it already is one
    /// of its own ancestors (a symlink loop), which is reported instead.
    fn enter_ancestor<V: Visitor>(
        &self,
        state: &mut WorkerState<V>,
        task: &mut DirTask,
        stat: &Stat,
        queue: &Queue<'_, DirTask>,
    ) -> bool {
        let (dev, ino) = (Metadata(*stat).dev(), Metadata(*stat).ino());
        let mut up = task.ancestors.as_deref();
        while let Some(ancestor) = up {
            if ancestor.dev == dev && ancestor.ino == ino {
                let err = WalkError::filesystem_loop(&task.path, task.depth, &ancestor.path);
                self.report(state, err, queue);
                return false;
            }
            up = ancestor.parent.as_deref();
        }
        task.ancestors = Some(Arc::new(Ancestor {
            dev,
            ino,
            path: task.path.clone(),
            parent: task.ancestors.take(),
        }));
        true
    }

    /// Reads the open directory, visiting each entry and queueing subdirectories.
    /// `fresh` is false when a suspended read resumes. Returns the number of entries
    /// read.
    fn read<V: Visitor>(
        &self,
        state: &mut WorkerState<V>,
        mut task: DirTask,
        handle: Arc<DirHandle>,
        fresh: bool,
        queue: &Queue<'_, DirTask>,
    ) -> u64 {
        let WorkerState {
            visitor,
            path,
            dirents,
        } = state;
        path.clear();
        path.extend_from_slice(&task.path);
        if !path.is_empty() && !path.ends_with(b"/") {
            path.push(b'/');
        }
        let prefix_len = path.len();
        let mut raw = DirReader::new(&handle, dirents);
        if fresh {
            // Before any entry is visited: the visitor sees what the first read holds.
            raw.read_first();
            task.data = visitor.dir_data(
                DirRef(handle.dir()),
                path,
                task.depth,
                task.data.as_ref(),
                &raw.listing(),
            );
        } else {
            raw.read_next();
        }
        // More to read: the next batch is another task, which another thread may take
        // while this one visits the entries it holds.
        let one_batch = !self.ordered && raw.may_have_more() && sys::may_hold_another();
        if one_batch {
            let next = DirTask {
                resume: Some(handle.clone()),
                path: task.path.clone(),
                ancestors: task.ancestors.clone(),
                data: task.data.clone(),
                parent: None,
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
                    push_in_order(ordered_children, queue);
                    report_to(visitor, WalkError::io(&task.path, task.depth, err), queue);
                    return seen;
                }
            };
            let name = raw_entry.name;
            if name == b"." || name == b".." {
                continue;
            }
            seen += 1;
            if seen == PROGRESS_EVERY {
                queue.progress(seen);
                seen = 0;
            }
            path.truncate(prefix_len);
            path.extend_from_slice(name);
            let mut entry = Entry {
                path: path.as_slice(),
                name_start: prefix_len,
                depth: child_depth,
                file_type: raw_entry.file_type,
                is_link: false,
                follow: self.follow_links,
                dir: DirRef(handle.dir()),
                dir_data: task.data.as_ref(),
                metadata: OnceCell::new(),
            };
            if let Err(err) = self.settle_type(&mut entry, handle.dir(), name) {
                if report_to(visitor, WalkError::io(entry.path, child_depth, err), queue) {
                    return seen;
                }
                continue;
            }
            if let Some(ancestor) = self.loop_ancestor(&entry, &task) {
                // Like find -L: a link back to an ancestor is reported, not listed.
                let err = WalkError::filesystem_loop(entry.path, child_depth, ancestor);
                if report_to(visitor, err, queue) {
                    return seen;
                }
                continue;
            }
            let verdict = visitor.visit(&entry);
            if verdict == Visit::Quit || queue.quitting() {
                queue.quit();
                return seen;
            }
            if verdict == Visit::Continue && descend && entry.file_type == FileType::Dir {
                let child = DirTask {
                    path: path.as_slice().into(),
                    name_start: prefix_len,
                    depth: child_depth,
                    parent: hold_for_children.then(|| handle.clone()),
                    resume: None,
                    ancestors: task.ancestors.clone(),
                    through_link: task.through_link || entry.is_link,
                    root_dev: task.root_dev,
                    data: task.data.clone(),
                };
                if self.ordered {
                    ordered_children.push(child);
                    continue;
                }
                queue.push(child);
            }
        }
        visitor.leave_dir();
        push_in_order(ordered_children, queue);
        seen
    }

    /// Under `follow_links`, the ancestor a directory entry leads back to, if any: a
    /// followed link (its (dev, ino) was fetched by `settle_type`) or, below a followed
    /// link, a real directory (one `fstatat`; with no link on the way down, a real
    /// directory cannot be its own ancestor).
    fn loop_ancestor<'t>(&self, entry: &Entry<'_>, task: &'t DirTask) -> Option<&'t [u8]> {
        if !(self.follow_links
            && entry.file_type == FileType::Dir
            && (entry.is_link || task.through_link))
        {
            return None;
        }
        let meta = entry.metadata().ok()?;
        let mut up = task.ancestors.as_deref();
        while let Some(ancestor) = up {
            if ancestor.dev == meta.dev() && ancestor.ino == meta.ino() {
                return Some(&ancestor.path);
            }
            up = ancestor.parent.as_deref();
        }
        None
    }

    /// Fills in a type the directory read did not give, and under `follow_links`
    /// replaces a link's type with its target's (a broken link stays a link).
    /// Fails (the entry is reported, not listed) only for a followed link that resolves
    /// to itself (ELOOP), as find -L does.
    fn settle_type(
        &self,
        entry: &mut Entry<'_>,
        dir: RawDir<'_>,
        name: &[u8],
    ) -> Result<(), Errno> {
        let needs_stat = entry.file_type == FileType::Unknown
            || (self.follow_links && entry.file_type == FileType::Symlink);
        if !needs_stat {
            return Ok(());
        }
        match sys::stat_at(dir, os_str(name), self.follow_links) {
            Ok(stat) => {
                if self.follow_links && entry.file_type == FileType::Unknown {
                    // d_type was unknown: find out whether the entry itself is a link.
                    entry.is_link = sys::stat_at(dir, os_str(name), false)
                        .is_ok_and(|own| Metadata(own).file_type() == FileType::Symlink);
                } else if entry.file_type == FileType::Symlink {
                    entry.is_link = true;
                }
                entry.file_type = Metadata(stat).file_type();
                let _ = entry.metadata.set(Ok(Metadata(stat)));
            }
            Err(Errno::LOOP) if self.follow_links => return Err(Errno::LOOP),
            Err(_) if entry.file_type == FileType::Symlink => entry.is_link = true,
            Err(err) => {
                let _ = entry.metadata.set(Err(err));
            }
        }
        Ok(())
    }

    fn visit<V: Visitor>(
        &self,
        state: &mut WorkerState<V>,
        entry: &Entry<'_>,
        queue: &Queue<'_, DirTask>,
    ) -> Visit {
        let verdict = state.visitor.visit(entry);
        if verdict == Visit::Quit {
            queue.quit();
        }
        verdict
    }

    fn report<V: Visitor>(
        &self,
        state: &mut WorkerState<V>,
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
fn push_in_order(mut children: Vec<DirTask>, queue: &Queue<'_, DirTask>) {
    children.sort_unstable_by(|a, b| b.path.cmp(&a.path));
    for child in children {
        queue.push(child);
    }
}

#[cfg(test)]
mod tests {
    use super::root_name_start;

    #[test]
    fn a_root_name_is_its_last_component() {
        for (root, name) in [
            ("src/walk", "walk"),
            ("src/walk/", "walk/"),
            ("src//walk//", "walk//"),
            ("walk", "walk"),
            ("/", "/"),
            ("/usr", "usr"),
            ("", ""),
            ("./.", "."),
        ] {
            assert_eq!(&root[root_name_start(root.as_bytes())..], name, "{root:?}");
        }
    }
}
