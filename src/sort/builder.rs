//! One thread's share of `--sort`: the sorted list of the directory it reads, handed
//! to the [`Sorter`] when the directory is done.

use super::list::{DirList, Item, Kind};
use super::{root_key, root_prefix, Sorter};

/// One thread's list for the directory it is reading.
pub struct DirBuilder<'s, 'o> {
    sorter: &'s Sorter<'o>,
    list: DirList,
    /// The directory's depth below its root.
    depth: usize,
}

impl<'s, 'o> DirBuilder<'s, 'o> {
    pub(super) fn new(sorter: &'s Sorter<'o>) -> DirBuilder<'s, 'o> {
        DirBuilder {
            sorter,
            list: DirList::default(),
            depth: 0,
        }
    }

    /// Starts the list of the directory whose entries start with `prefix`, `depth`
    /// below its root.
    pub fn start(&mut self, prefix: &[u8], depth: usize) {
        self.sorter.throttle.wait_before(prefix, self.sorter.stop);
        self.list = DirList {
            prefix: prefix.to_vec(),
            ..DirList::default()
        };
        self.depth = depth;
    }

    /// Adds a result named `name`, whose record `render` appends.
    pub fn record_with(&mut self, name: &[u8], render: impl FnOnce(&mut Vec<u8>)) {
        let name = self.list.push_name(name);
        let start = self.list.records.len();
        render(&mut self.list.records);
        let len = self.list.records.len() - start;
        self.list.items.push(Item {
            name,
            record: (start as u32, len as u32),
            kind: Kind::Record,
        });
    }

    /// Adds a result printed as its bare path.
    pub fn path(&mut self, name: &[u8]) {
        let name = self.list.push_name(name);
        self.list.items.push(Item {
            name,
            record: (0, 0),
            kind: Kind::Path,
        });
    }

    /// Adds the block of subdirectory `name`, which the walk will read.
    pub fn block(&mut self, name: &[u8]) {
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

    /// The directory is read: sorts its list and hands it over.
    pub fn finish(&mut self) {
        let mut list = std::mem::take(&mut self.list);
        list.sort();
        let key = list.prefix.clone();
        let route = self.sorter.roots.directory(&key, self.depth);
        self.sorter.deliver(route, key, list);
    }

    /// Marks the directory whose entries start with `prefix`, `depth` below its root,
    /// as never to be read.
    pub fn give_up(&self, prefix: Vec<u8>, depth: usize) {
        self.sorter.give_up(prefix, depth);
    }

    /// Marks the root `root`'s own record as never to come.
    pub fn give_up_root(&self, root: &[u8]) {
        self.sorter.give_up_root(root);
    }

    /// Writes what the sorter holds (this thread is about to wait for work).
    pub fn flush(&self) {
        self.sorter.flush();
    }

    /// A root was visited: hands over its own record (if it is printed), and gives up
    /// on what is below it unless it will be read.
    pub fn root(&mut self, root: &[u8], record: Option<&[u8]>, read: bool) {
        let mut list = DirList::default();
        if let Some(record) = record {
            let name = list.push_name(root);
            list.records.extend_from_slice(record);
            list.items.push(Item {
                name,
                record: (0, record.len() as u32),
                kind: Kind::Record,
            });
        }
        let route = self.sorter.roots.root(root);
        self.sorter.deliver(route, root_key(root), list);
        if !read {
            self.sorter.give_up(root_prefix(root), 0);
        }
    }
}
