//! One lane of the sorted output: the lists of a set of roots whose paths cannot
//! overlap, expanded in key order from a top list.
//!
//! A lane files the lists that arrive ahead of its output position by key, and keeps a
//! stack of the lists being printed. It advances as far as it can: at a block whose
//! directory's list has not arrived (or not every copy of it: roots spelled the same
//! directory twice read it twice), it waits. Its records then all sort at or after the
//! key it waits for, which is what lets [`super::Sorter`] merge several lanes.

use std::cmp::Ordering as CmpOrdering;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::Ordering;

use super::list::{DirList, Kind, RECYCLED_FOOTPRINT, SPARE_LISTS};
use super::sink::Sink;
use super::throttle::Throttle;

/// Where a lane stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Status {
    /// A result is next.
    Head,
    /// It waits for the list under [`Lane::awaited`].
    Waiting,
    /// It has printed everything.
    Done,
}

/// One lane: lists filed ahead, and the stack of lists being printed.
pub(super) struct Lane {
    ready: HashMap<Vec<u8>, Filed, BuildHasherDefault<PathHasher>>,
    stack: Vec<Frame>,
    /// The key of the list the lane waits for (valid when it waits).
    awaited: Vec<u8>,
    waiting: bool,
    /// Lists printed whole, to be built again (see [`SPARE_LISTS`]).
    pub(super) spent: Vec<DirList>,
}

/// A list filed ahead, and how many more copies of it are to come.
struct Filed {
    list: DirList,
    missing: u32,
}

struct Frame {
    list: DirList,
    next: usize,
}

impl Lane {
    /// A lane that prints `top` (the roots' own records and prefixes) in order.
    pub(super) fn new(top: DirList) -> Lane {
        Lane {
            ready: HashMap::with_capacity_and_hasher(4096, BuildHasherDefault::default()),
            stack: vec![Frame { list: top, next: 0 }],
            awaited: Vec::new(),
            waiting: false,
            spent: Vec::new(),
        }
    }

    /// Files one of the `copies` lists expected under `key`, merging it with the copies
    /// already here. True when the lane may move: it was not waiting, or this
    /// completes what it waits for.
    pub(super) fn file(
        &mut self,
        key: Vec<u8>,
        list: DirList,
        copies: u32,
        throttle: &Throttle,
    ) -> bool {
        let awaited = &self.awaited;
        let completes_awaited = match self.ready.entry(key) {
            Entry::Vacant(slot) => {
                let is_awaited = slot.key() == awaited;
                let missing = copies.saturating_sub(1);
                slot.insert(Filed { list, missing });
                missing == 0 && is_awaited
            }
            // An error may name a directory already filed as often as expected: keep
            // what was read.
            Entry::Occupied(slot) if slot.get().missing == 0 => {
                throttle.held.fetch_sub(list.footprint(), Ordering::Relaxed);
                false
            }
            Entry::Occupied(mut slot) => {
                let is_awaited = slot.key() == awaited;
                let filed = slot.get_mut();
                let before = filed.list.footprint() + list.footprint();
                filed.list.merge(list);
                filed.missing -= 1;
                throttle.held.fetch_sub(before, Ordering::Relaxed);
                let after = filed.list.footprint();
                throttle.held.fetch_add(after, Ordering::Relaxed);
                filed.missing == 0 && is_awaited
            }
        };
        !self.waiting || completes_awaited
    }

    /// Expands blocks at the front (taking their lists) until a result is next, the
    /// lane waits, or it is done. At the end of the walk, a list that never came (or
    /// came in fewer copies) is passed over (or printed as it is).
    pub(super) fn settle(&mut self, at_end: bool, throttle: &Throttle) -> Status {
        loop {
            let Some(frame) = self.stack.last_mut() else {
                self.waiting = false;
                return Status::Done;
            };
            let Some(item) = frame.list.items.get(frame.next).copied() else {
                let done = self.stack.pop().map(|frame| frame.list);
                if let Some(list) = done {
                    if self.spent.len() < SPARE_LISTS && list.footprint() <= RECYCLED_FOOTPRINT {
                        self.spent.push(list);
                    }
                }
                continue;
            };
            if matches!(item.kind, Kind::Record | Kind::Path) {
                self.waiting = false;
                return Status::Head;
            }
            let key = &mut self.awaited;
            key.clear();
            if item.kind == Kind::Block {
                key.extend_from_slice(&frame.list.prefix);
                key.extend_from_slice(frame.list.name(&item));
                key.push(b'/');
            } else {
                key.extend_from_slice(frame.list.name(&item));
            }
            let complete = self
                .ready
                .get(key.as_slice())
                .is_some_and(|filed| filed.missing == 0);
            if !(complete || at_end) {
                self.waiting = true;
                return Status::Waiting;
            }
            frame.next += 1;
            if let Some(filed) = self.ready.remove(key.as_slice()) {
                throttle
                    .held
                    .fetch_sub(filed.list.footprint(), Ordering::Relaxed);
                throttle.moves.fetch_add(1, Ordering::Relaxed);
                self.stack.push(Frame {
                    list: filed.list,
                    next: 0,
                });
            }
        }
    }

    /// The key the lane waits for (when [`Status::Waiting`]).
    pub(super) fn awaited(&self) -> &[u8] {
        &self.awaited
    }

    /// What every record still to come from this lane sorts at or after: the next
    /// result's path, or the key it waits for (a root's own key without its NUL).
    pub(super) fn lower_bound(&self) -> (&[u8], &[u8]) {
        if self.waiting {
            let key = self.awaited.strip_prefix(b"\0").unwrap_or(&self.awaited);
            return (key, b"");
        }
        match self.stack.last() {
            Some(frame) => {
                let item = &frame.list.items[frame.next];
                (&frame.list.prefix, frame.list.name(item))
            }
            None => (b"", b""),
        }
    }

    /// Appends the next result (after [`Status::Head`]) to `out`, as `sink` writes a
    /// path, or as its bytes were rendered.
    pub(super) fn take_head(&mut self, out: &mut Vec<u8>, sink: &dyn Sink) {
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        let item = frame.list.items[frame.next];
        if item.kind == Kind::Path {
            let list = &frame.list;
            sink.append_path(out, &list.prefix, list.name(&item), list.record(&item));
        } else {
            out.extend_from_slice(frame.list.record(&item));
        }
        frame.next += 1;
    }
}

/// Compares two keys each given in two parts (`a.0` followed by `a.1`), bytewise.
pub(super) fn compare_split(a: (&[u8], &[u8]), b: (&[u8], &[u8])) -> CmpOrdering {
    a.0.iter().chain(a.1).cmp(b.0.iter().chain(b.1))
}

/// A hash of directory prefixes, eight bytes at a time, mixed at the end: the map is
/// keyed by paths this process read, so there is nothing a fast hash gives away that
/// FNV or SipHash would keep (names chosen to collide slow both alike), and SipHash,
/// then byte-at-a-time FNV-1a, showed in profiles (a sorted walk files and looks up
/// every directory's list, under the lock that the output is printed under).
#[derive(Default)]
pub(super) struct PathHasher(u64);

impl PathHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

impl Hasher for PathHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().unwrap()));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn finish(&self) -> u64 {
        // A multiply mixes each bit only into the bits above it: fold the high half
        // down (murmur3's finalizer), since the map takes its bucket from the low bits.
        let mut hash = self.0;
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
        hash ^ (hash >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::PathHasher;
    use std::collections::HashSet;
    use std::hash::{BuildHasher, BuildHasherDefault};

    #[test]
    fn prefixes_that_differ_in_the_high_bytes_of_a_word_spread_over_the_buckets() {
        // The map takes a bucket from the low bits of the hash. Keys hashed eight bytes
        // at a time that differ only in bytes 4 and 5 of their last word (bits 32 to
        // 47: "drivers/" then "net/" A B "x/") must still spread.
        let hasher = BuildHasherDefault::<PathHasher>::default();
        let digits = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
        let buckets: HashSet<u64> = (0..4096)
            .map(|i| {
                let mut prefix = b"drivers/net/".to_vec();
                prefix.extend([digits[i % 64], digits[i / 64], b'x', b'/']);
                hasher.hash_one(prefix.as_slice()) & 0xfff
            })
            .collect();
        // 4096 keys thrown at random into 4096 buckets fill about 63% of them.
        assert!(buckets.len() > 2400, "{} buckets of 4096", buckets.len());
    }
}
