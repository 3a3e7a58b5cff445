//! Directories that travel between linked walks (see `crate::link`): which tasks can
//! leave, what they become on the way ([`RemoteDir`]), and how a received one is
//! opened: from the receiver's own root, one component at a time, never following a
//! link, its parent's identity checked.

use std::sync::{Arc, Mutex};

use super::{with_descriptor, DirTask, Opened, Place, Walk, WorkerState};
use crate::entry::Metadata;
use crate::error::WalkError;
use crate::link::RemoteDir;
use crate::node::{DirNode, FileId, ReopenError};
use crate::pool::Queue;
use crate::sys::{self, Errno};
use crate::Visitor;

/// The walk's roots, and each one's node once a received directory needed it: opened
/// once per walk, held until it ends.
pub(crate) struct RemoteRoots {
    paths: Vec<Vec<u8>>,
    opened: Mutex<Vec<Option<Arc<DirNode>>>>,
}

impl RemoteRoots {
    pub(crate) fn new(paths: Vec<Vec<u8>>) -> RemoteRoots {
        let opened = Mutex::new(vec![None; paths.len()]);
        RemoteRoots { paths, opened }
    }
}

impl DirTask {
    /// True when the task can leave for another walk: a whole directory (not a next
    /// batch), entered through no followed link, carrying no visitor data, whose
    /// parent's identity can be told (its handle is held, or its identity recorded).
    pub(crate) fn is_portable(&self) -> bool {
        if self.through_link || self.data.is_some() {
            return false;
        }
        match &self.place {
            Place::Root(_) | Place::Remote { .. } => true,
            Place::Child {
                parent,
                parent_handle,
                ..
            } => parent_handle.is_some() || parent.id().is_some(),
            Place::Resume { .. } => false,
        }
    }

    /// What a portable task becomes on the way. `None` for one that is not portable.
    pub(crate) fn into_remote(self) -> Option<RemoteDir> {
        if !self.is_portable() {
            return None;
        }
        let (path, parent_ino) = match self.place {
            Place::Root(path) => (path.into_vec(), 0),
            Place::Remote { path, parent_ino } => (path.into_vec(), parent_ino),
            Place::Child {
                parent,
                name,
                parent_handle,
            } => {
                let id = match &parent_handle {
                    Some(handle) => FileId::of(handle).ok(),
                    None => parent.id(),
                };
                let mut path = Vec::with_capacity(parent.path_len() + 1 + name.len());
                parent.write_path(&mut path);
                if parent.needs_separator() {
                    path.push(b'/');
                }
                path.extend_from_slice(&name);
                // 0: not checked (an `fstat` that failed; the route down still
                // follows no link).
                (path, id.map_or(0, |id| id.ino))
            }
            Place::Resume { .. } => return None,
        };
        Some(RemoteDir {
            root: self.root,
            path,
            depth: self.depth,
            parent_ino,
        })
    }

    /// The task of a directory received from another walk.
    pub(crate) fn from_remote(dir: RemoteDir) -> DirTask {
        DirTask {
            place: Place::Remote {
                path: dir.path.into(),
                parent_ino: dir.parent_ino,
            },
            root: dir.root,
            depth: dir.depth,
            through_link: false,
            root_dev: None,
            data: None,
        }
    }
}

/// Splits a received path into its root's path and the names below it: `None` unless
/// it is `root` (one of `roots`), then exactly `depth` names, none empty, `.` or `..`.
fn split<'p>(
    roots: &'p [Vec<u8>],
    root: usize,
    path: &'p [u8],
    depth: usize,
) -> Option<Vec<&'p [u8]>> {
    let root_path = roots.get(root)?;
    let rest = path.strip_prefix(root_path.as_slice())?;
    if depth == 0 {
        return rest.is_empty().then(Vec::new);
    }
    let needs_separator = !root_path.is_empty() && !root_path.ends_with(b"/");
    let rest = if needs_separator {
        rest.strip_prefix(b"/")?
    } else {
        rest
    };
    let names: Vec<&[u8]> = rest.split(|&b| b == b'/').collect();
    let valid =
        |name: &&[u8]| !name.is_empty() && *name != b"." && *name != b".." && !name.contains(&0);
    (names.len() == depth && names.iter().all(valid)).then_some(names)
}

/// A received directory, opened: its parent's node (`None` for a root) and its name
/// there (a root's path).
type Received = (Opened, Option<Arc<DirNode>>, Box<[u8]>);

impl Walk {
    /// Opens a directory received from another walk (see the module): returns it
    /// opened, its parent's node and its name, or reports why not.
    pub(super) fn open_remote<V: Visitor>(
        &self,
        state: &mut WorkerState<'_, V>,
        task: &mut DirTask,
        path: &[u8],
        parent_ino: u64,
        queue: &Queue<'_, DirTask>,
    ) -> Option<Received> {
        state.path.clear();
        state.path.extend_from_slice(path);
        state.path_node = None;
        let depth = task.depth;
        let roots = &self.remote_roots;
        let fail = |walk: &Walk, state: &mut WorkerState<'_, V>, err: WalkError| {
            walk.report(state, err, queue);
            None
        };
        let Some(names) = split(&roots.paths, task.root, path, depth) else {
            return fail(self, state, WalkError::io(path, depth, Errno::INVAL));
        };
        let Some((&name, above)) = names.split_last() else {
            // A root, sent whole: opened as any root is (it is visited here).
            let root = roots.paths[task.root].clone();
            let opened = self.open_root(state, task, &root, queue)?;
            return Some((opened, None, root.into()));
        };
        let check = self.follow_links || self.same_file_system;
        let mut node = match self.remote_root(state, task.root, check) {
            Ok(node) => node,
            Err(err) => return fail(self, state, WalkError::io(path, depth, err)),
        };
        let root_dev = node.id().map(|id| id.dev);
        if self.same_file_system {
            task.root_dev = root_dev;
        }
        let follow = self.follow_links;
        let mut handle = node.pinned_handle();
        for &step in above {
            let opened = with_descriptor(&mut state.cache, |_| {
                Ok(sys::open_child(handle.dir(), step, follow)?)
            });
            let opened = match opened {
                Ok(opened) => Arc::new(opened),
                Err(ReopenError::Io(err)) => {
                    return fail(self, state, WalkError::io(path, depth, err))
                }
                Err(ReopenError::Changed) => {
                    return fail(self, state, WalkError::changed(path, depth))
                }
            };
            let child = Arc::new(DirNode::child(&node, step, &opened));
            if check {
                match FileId::of(&opened) {
                    Ok(id) if !self.same_file_system || Some(id.dev) == root_dev => {
                        child.set_id(id)
                    }
                    Ok(_) => return fail(self, state, WalkError::changed(path, depth)),
                    Err(err) => return fail(self, state, WalkError::io(path, depth, err)),
                }
            }
            node = child;
            handle = opened;
        }
        if parent_ino != 0 {
            match FileId::of(&handle) {
                Ok(id) if id.ino == parent_ino => node.set_id(id),
                Ok(_) => return fail(self, state, WalkError::changed(path, depth)),
                Err(err) => return fail(self, state, WalkError::io(path, depth, err)),
            }
        }
        let opened = self.open_child(state, task, &node, name, Some(handle), queue)?;
        state.path_node = Some(node.clone());
        Some((opened, Some(node), name.into()))
    }

    /// The node of root number `index` for received directories, opened the first
    /// time (with its identity when `identify`).
    fn remote_root<V: Visitor>(
        &self,
        state: &mut WorkerState<'_, V>,
        index: usize,
        identify: bool,
    ) -> Result<Arc<DirNode>, Errno> {
        let roots = &self.remote_roots;
        let mut opened = roots.opened.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(node) = &opened[index] {
            return Ok(node.clone());
        }
        let path = &roots.paths[index];
        let handle =
            with_descriptor(&mut state.cache, |_| Ok(sys::open_root(path)?)).map_err(|err| {
                match err {
                    ReopenError::Io(err) => err,
                    ReopenError::Changed => unreachable!("a root is opened by its path"),
                }
            })?;
        let handle = Arc::new(handle);
        let node = DirNode::root(path, &handle);
        if identify {
            node.set_id(FileId::from(Metadata(sys::stat_dir(handle.dir())?)));
        }
        let node = Arc::new(node);
        opened[index] = Some(node.clone());
        Ok(node)
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn received_paths_are_a_root_then_plain_names() {
        let roots = vec![b"top".to_vec(), b"top/".to_vec(), Vec::new(), b"/".to_vec()];
        let names = |root, path: &str, depth| {
            split(&roots, root, path.as_bytes(), depth).map(|names| {
                names
                    .iter()
                    .map(|n| String::from_utf8_lossy(n).into_owned())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(names(0, "top/a/b", 2), Some(vec!["a".into(), "b".into()]));
        assert_eq!(names(1, "top/a/b", 2), Some(vec!["a".into(), "b".into()]));
        assert_eq!(names(2, "a/b", 2), Some(vec!["a".into(), "b".into()]));
        assert_eq!(names(3, "/a", 1), Some(vec!["a".into()]));
        assert_eq!(names(0, "top", 0), Some(vec![]));
        for (root, path, depth) in [
            (0, "top/a/b", 1),
            (0, "top/a/b", 3),
            (0, "top/../b", 2),
            (0, "top/./b", 2),
            (0, "top//b", 2),
            (0, "topx/b", 1),
            (0, "other/a", 1),
            (4, "top/a", 1),
            (0, "top/a/", 1),
            (0, "top/a\0", 1),
        ] {
            assert_eq!(names(root, path, depth), None, "{path} {depth}");
        }
    }
}
