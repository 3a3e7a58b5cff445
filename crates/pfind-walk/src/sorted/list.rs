//! One directory's share of the sorted output: its results and the blocks standing for
//! its subdirectories, sorted by key (a name, or a name followed by `/`).

use std::cmp::Ordering as CmpOrdering;

/// One directory's results and blocks, sorted.
#[derive(Default)]
pub(crate) struct DirList {
    /// The directory's prefix (`D/`), which block keys extend.
    pub(super) prefix: Vec<u8>,
    pub(super) names: Vec<u8>,
    pub(super) records: Vec<u8>,
    pub(super) items: Vec<Item>,
}

#[derive(Clone, Copy)]
pub(super) struct Item {
    pub(super) name: (u32, u32),
    pub(super) record: (u32, u32),
    pub(super) kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A result; `record` holds its rendered bytes.
    Record,
    /// A result written as its path: `prefix + name` and `record` (a tag of the
    /// visitor's, often empty), put together by the sink when written (most results,
    /// and a third of the memory of `Record`).
    Path,
    /// The directory `prefix + name + "/"`.
    Block,
    /// The list stored under exactly `name` (roots).
    Exact,
}

/// Lists printed whole go back to the threads that build lists, up to this many
/// waiting at once, when they are at most [`RECYCLED_FOOTPRINT`] bytes: growing four
/// vectors from nothing for each directory, and freeing them on another thread, was a
/// tenth of a sorted walk's CPU time.
pub(super) const SPARE_LISTS: usize = 256;
pub(super) const RECYCLED_FOOTPRINT: usize = 16 * 1024;

impl DirList {
    /// Empties the list, keeping what it has allocated.
    pub(super) fn clear(&mut self) {
        self.prefix.clear();
        self.names.clear();
        self.records.clear();
        self.items.clear();
    }

    /// Bytes this list occupies, for the hold limit.
    pub(super) fn footprint(&self) -> usize {
        self.names.capacity()
            + self.records.capacity()
            + self.prefix.capacity()
            + self.items.capacity() * size_of::<Item>()
    }
}

impl DirList {
    pub(super) fn name(&self, item: &Item) -> &[u8] {
        &self.names[item.name.0 as usize..(item.name.0 + item.name.1) as usize]
    }

    pub(super) fn record(&self, item: &Item) -> &[u8] {
        &self.records[item.record.0 as usize..(item.record.0 + item.record.1) as usize]
    }

    pub(super) fn push_name(&mut self, name: &[u8]) -> (u32, u32) {
        let start = self.names.len() as u32;
        self.names.extend_from_slice(name);
        (start, name.len() as u32)
    }

    pub(super) fn sort(&mut self) {
        let names = &self.names;
        let name = |item: &Item| &names[item.name.0 as usize..(item.name.0 + item.name.1) as usize];
        self.items.sort_unstable_by(|a, b| {
            compare_keys(
                name(a),
                a.kind == Kind::Block,
                name(b),
                b.kind == Kind::Block,
            )
        });
    }

    /// Adds the items of `other`, another reading of the same directory (a root given
    /// twice), and sorts: each result is then listed once per reading, each block once
    /// (its directory's readings are merged the same way).
    pub(super) fn merge(&mut self, other: DirList) {
        let (names, records) = (self.names.len() as u32, self.records.len() as u32);
        self.names.extend_from_slice(&other.names);
        self.records.extend_from_slice(&other.records);
        self.items.extend(other.items.into_iter().map(|item| Item {
            name: (item.name.0 + names, item.name.1),
            record: (item.record.0 + records, item.record.1),
            ..item
        }));
        self.sort();
        let names = &self.names;
        let name = |item: &Item| &names[item.name.0 as usize..(item.name.0 + item.name.1) as usize];
        self.items
            .dedup_by(|b, a| a.kind == Kind::Block && b.kind == Kind::Block && name(a) == name(b));
    }
}

/// Compares `a` (followed by `/` when `a_block`) with `b` (likewise) bytewise. Names
/// hold no `/`; a record sorts before the block of the same name.
fn compare_keys(a: &[u8], a_block: bool, b: &[u8], b_block: bool) -> CmpOrdering {
    let common = a.len().min(b.len());
    match a[..common].cmp(&b[..common]) {
        CmpOrdering::Equal => {}
        unequal => return unequal,
    }
    let next = |key: &[u8], block: bool| key.get(common).copied().or(block.then_some(b'/'));
    next(a, a_block).cmp(&next(b, b_block))
}

#[cfg(test)]
mod tests {
    use super::compare_keys;
    use std::cmp::Ordering::*;

    #[test]
    fn slash_sorts_after_dash_and_dot() {
        assert_eq!(compare_keys(b"a", true, b"a-b", false), Greater);
        assert_eq!(compare_keys(b"a", true, b"a.c", false), Greater);
        assert_eq!(compare_keys(b"a", true, b"a0", false), Less);
        assert_eq!(compare_keys(b"a", false, b"a", true), Less);
        assert_eq!(compare_keys(b"a", true, b"a", true), Equal);
        assert_eq!(compare_keys(b"ab", false, b"a", true), Greater);
        assert_eq!(compare_keys(b"a\n", false, b"a", true), Less);
    }
}
