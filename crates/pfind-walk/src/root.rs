//! A root: opened by its path as typed (following links on the way, as `find -H`
//! does), visited at depth 0, then read like any directory. A root that is not a
//! directory is visited and not read; a root that is a dangling link is listed as the
//! link.

use std::cell::OnceCell;
use std::sync::Arc;

use super::dir::{with_descriptor, DirTask, Opened, Walk, WorkerState};
use super::entry::{Entry, FileType, Metadata};
use super::error::WalkError;
use super::node::{FileId, ReopenError};
use super::pool::Queue;
use super::sys::{self, DirHandle, Errno};
use super::{DirRef, Visit, Visitor};
use crate::os_str;

impl Walk {
    /// Opens the root at `path` (as given; empty for the implicit current directory)
    /// and visits it. Returns `None` when there is nothing to read.
    pub(super) fn open_root<V: Visitor>(
        &self,
        state: &mut WorkerState<'_, V>,
        task: &mut DirTask,
        path: &[u8],
        queue: &Queue<'_, DirTask>,
    ) -> Option<Opened> {
        let opened = with_descriptor(&mut state.cache, |_| Ok(sys::open_root(path)?)).map_err(
            |err| match err {
                ReopenError::Io(err) => err,
                ReopenError::Changed => unreachable!("a root is opened by its path"),
            },
        );
        // The implicit current directory, whose children print as `name`, is itself
        // `.` (as find prints it), never an empty path.
        let shown: &[u8] = if path.is_empty() { b"." } else { path };
        let (handle, id) = self.visit_root(state, task, shown, opened, queue)?;
        Some(Opened {
            handle: Arc::new(handle),
            node: None,
            id,
            fresh: true,
        })
    }

    /// Visits a root (depth 0) and decides whether to read it: its handle, and its
    /// identity when one was needed. The root's name is its last component, as find's
    /// -name sees it.
    fn visit_root<V: Visitor>(
        &self,
        state: &mut WorkerState<'_, V>,
        task: &mut DirTask,
        path: &[u8],
        opened: Result<DirHandle, Errno>,
        queue: &Queue<'_, DirTask>,
    ) -> Option<(DirHandle, Option<FileId>)> {
        let name_start = root_name_start(path);
        let entry = Entry {
            path,
            name_start,
            depth: 0,
            file_type: FileType::Dir,
            is_link: false,
            follow: true,
            dir: DirRef::current(),
            dir_data: None,
            metadata: OnceCell::new(),
            stat_reported: false,
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
                        self.give_up_root(state, path);
                        self.report(state, err, queue);
                        return None;
                    }
                };
                self.visit_root_entry(state, &entry, queue);
                return None;
            }
            // A dangling symlink is listed as the link itself, as `find -H` does.
            Err(Errno::NOENT) => {
                let Some(link) = dangling_link(path) else {
                    self.give_up_root(state, path);
                    self.report(state, WalkError::io(path, 0, Errno::NOENT), queue);
                    return None;
                };
                let entry = Entry {
                    file_type: FileType::Symlink,
                    is_link: true,
                    ..entry
                };
                let _ = entry.metadata.set(Ok(link));
                self.visit_root_entry(state, &entry, queue);
                return None;
            }
            Err(err) => {
                self.give_up_root(state, path);
                self.report(state, WalkError::io(path, 0, err), queue);
                return None;
            }
        };
        let mut id = None;
        if self.follow_links || self.same_file_system {
            match sys::stat_dir(handle.dir()) {
                Ok(stat) => {
                    task.root_dev = Some(Metadata(stat).dev());
                    id = Some(FileId::from(Metadata(stat)));
                    let _ = entry.metadata.set(Ok(Metadata(stat)));
                }
                Err(err) => {
                    self.give_up_root(state, path);
                    self.report(state, WalkError::io(path, 0, err), queue);
                    return None;
                }
            }
        }
        if !self.visit_root_entry(state, &entry, queue) {
            return None;
        }
        Some((handle, id))
    }

    /// Visits a root's entry (in a group of its own, see `Visitor`); true when it is a
    /// directory to read.
    fn visit_root_entry<V: Visitor>(
        &self,
        state: &mut WorkerState<'_, V>,
        entry: &Entry<'_>,
        queue: &Queue<'_, DirTask>,
    ) -> bool {
        let will_read = |verdict: Visit| {
            verdict == Visit::Continue
                && entry.file_type == FileType::Dir
                && self.max_depth != Some(0)
        };
        state.visitor.enter_dir(&entry.path[..entry.name_start]);
        let verdict = match state.sorted.as_mut() {
            Some(sorted) => {
                let mut verdict = Visit::Continue;
                sorted.root(entry.path, |record| {
                    verdict = state.visitor.visit_sorted(entry, record);
                    will_read(verdict)
                });
                verdict
            }
            None => state.visitor.visit(entry),
        };
        state.visitor.leave_dir();
        if verdict == Visit::Quit {
            queue.quit();
        }
        will_read(verdict)
    }
}

impl Walk {
    /// A root that will be neither visited nor read: a sorted walk stops waiting for it.
    fn give_up_root<V: Visitor>(&self, state: &WorkerState<'_, V>, path: &[u8]) {
        if let Some(sorted) = &state.sorted {
            sorted.give_up_root(path);
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
