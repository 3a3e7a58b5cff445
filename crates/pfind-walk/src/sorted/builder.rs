//! One thread's share of a sorted walk: the sorted list of the directory it reads,
//! handed to the [`SortedOutput`] when the directory is done, and the [`Record`] a
//! visitor fills for each entry that is a result.
//!
//! The walker itself files what only it knows: a block for each subdirectory it
//! queues, and an empty list for each one it then does not read.

use std::sync::atomic::Ordering;

use super::list::{DirList, Item, Kind};
use super::{root_key, root_prefix, SortedOutput};

/// One thread's list for the directory it is reading.
pub(crate) struct DirBuilder<'s, 'o> {
    sorted: &'s SortedOutput<'o>,
    list: DirList,
    /// The directory's depth below its root.
    depth: usize,
}

/// Where a visitor of a sorted walk puts an entry that is a result
/// ([`Visitor::visit_sorted`](crate::Visitor::visit_sorted)): as its path, or as bytes
/// of its own. An entry whose record is left empty is not a result.
pub struct Record<'l> {
    list: &'l mut DirList,
    name: &'l [u8],
}

impl Record<'_> {
    /// The entry is a result, written as its path (see
    /// [`Sink::append_path`](super::Sink::append_path)), with `tag` (often empty: a
    /// few bytes the sink may want, such as a type).
    pub fn path(&mut self, tag: &[u8]) {
        let name = self.list.push_name(self.name);
        let start = self.list.records.len();
        self.list.records.extend_from_slice(tag);
        self.list.items.push(Item {
            name,
            record: (start as u32, tag.len() as u32),
            kind: Kind::Path,
        });
    }

    /// The entry is a result, written as the bytes `render` appends, as they are
    /// (a printer renders the whole line, terminator included).
    pub fn render(&mut self, render: impl FnOnce(&mut Vec<u8>)) {
        let name = self.list.push_name(self.name);
        let start = self.list.records.len();
        render(&mut self.list.records);
        let len = self.list.records.len() - start;
        self.list.items.push(Item {
            name,
            record: (start as u32, len as u32),
            kind: Kind::Record,
        });
    }
}

impl<'s, 'o> DirBuilder<'s, 'o> {
    pub(super) fn new(sorted: &'s SortedOutput<'o>) -> DirBuilder<'s, 'o> {
        DirBuilder {
            sorted,
            list: DirList::default(),
            depth: 0,
        }
    }

    /// Starts the list of the directory whose entries start with `prefix`, `depth`
    /// below its root; waits first while too much is held ahead of the output.
    pub(crate) fn start(&mut self, prefix: &[u8], depth: usize) {
        self.sorted.throttle.wait_before(prefix, &self.sorted.stop);
        self.list = self.sorted.spare_list();
        self.list.prefix.extend_from_slice(prefix);
        self.depth = depth;
    }

    /// The record of the entry `name` of the directory being read.
    pub(crate) fn record<'l>(&'l mut self, name: &'l [u8]) -> Record<'l> {
        Record {
            list: &mut self.list,
            name,
        }
    }

    /// Adds the block of subdirectory `name`, which the walk will read.
    pub(crate) fn block(&mut self, name: &[u8]) {
        // A directory that is also a result has just stored its name.
        let name = match self.list.items.last() {
            Some(last) if self.list.name(last) == name => last.name,
            _ => self.list.push_name(name),
        };
        self.list.items.push(Item {
            name,
            record: (0, 0),
            kind: Kind::Block,
        });
    }

    /// The directory is read (or what could be read of it): sorts its list and hands
    /// it over.
    pub(crate) fn finish(&mut self) {
        let mut list = std::mem::take(&mut self.list);
        list.sort();
        let key = list.prefix.clone();
        let route = self.sorted.roots.directory(&key, self.depth);
        self.sorted.deliver(route, key, list);
    }

    /// Marks the directory `path`, `depth` below its root, as never to be read.
    pub(crate) fn give_up(&self, path: &[u8], depth: usize) {
        self.sorted.give_up(root_prefix(path), depth);
    }

    /// Marks the root `root` (its own record and what is below it) as never to come.
    pub(crate) fn give_up_root(&self, root: &[u8]) {
        self.sorted.give_up_root(root);
        self.sorted.give_up(root_prefix(root), 0);
    }

    /// Writes what the sorted output holds (this thread is about to wait for work).
    pub(crate) fn flush(&self) {
        self.sorted.flush();
    }

    /// Visits a root through `visit`, which fills its record, then hands over the
    /// root's own list, and gives up on what is below it unless `visit` says it will
    /// be read.
    pub(crate) fn root(&mut self, root: &[u8], visit: impl FnOnce(&mut Record<'_>) -> bool) {
        let mut list = DirList::default();
        let read = visit(&mut Record {
            list: &mut list,
            name: root,
        });
        let route = self.sorted.roots.root(root);
        self.sorted.deliver(route, root_key(root), list);
        if !read {
            self.sorted.give_up(root_prefix(root), 0);
        }
    }
}

impl Drop for DirBuilder<'_, '_> {
    fn drop(&mut self) {
        self.sorted.throttle.workers.fetch_sub(1, Ordering::SeqCst);
    }
}
