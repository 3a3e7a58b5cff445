//! `--sort`: results in byte order of the printed path (`LC_ALL=C sort`), while the
//! walk stays parallel and output streams.
//!
//! The order, directory by directory: every path below a directory starts with its
//! prefix `D/`, and the paths with one prefix form one contiguous run of the sorted
//! output. So within a directory, each entry contributes its own record (key: its
//! name) and, if it is a directory that will be read, one *block* for everything below
//! it (key: its name followed by `/`). Sorting these keys and expanding blocks in
//! place yields exactly the sorted output. Note that a block is not next to its
//! directory's record: `a` < `a-b` < `a.c` < `a/x`, because `/` is 0x2F.
//!
//! Each worker builds the sorted item list of the directory it reads ([`DirBuilder`])
//! and hands it to the shared [`Sorter`], which keeps the lists that arrive ahead of
//! the output position in a map keyed by directory prefix, and a stack of the lists
//! being printed. It prints as far as it can; at a block whose directory has not been
//! read yet it waits for that directory. The walk runs in name order, depth first
//! (`WalkBuilder::ordered`), so the directory waited for is usually read next; other
//! threads steal later subtrees, whose lists wait in the map. What is held ahead of the
//! output position is kept near a limit (64 MiB by default) by making the threads
//! that read ahead wait before their next directory (`throttle.rs`); one worker always
//! goes on, so the walk never stalls.
//!
//! A directory that will never be read (it could not be opened: reported as an
//! error) gets an empty list. Anything still missing when the walk ends (a stopped
//! walk, a directory skipped silently) is passed over at [`Sorter::finish`].
//!
//! Roots take part like the entries of one directory: each root's own record (with
//! `--min-depth 0`) is keyed by the root, everything below it by its prefix. Nested
//! roots (`a a/b`) are the exception: each root's results are sorted, one root after
//! the other, and a directory reached from both is printed once.

mod list;
mod throttle;

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use crate::output::{Limit, Sink, Slot, CHUNK, MAX_HOLD};
pub use list::DirList;
use list::{Item, Kind};
use throttle::Throttle;

/// The shared reorder structure and the output position.
pub struct Sorter<'o> {
    out: &'o dyn Sink,
    /// `out`'s terminator, looked up once.
    terminator: u8,
    limit: Option<&'o Limit>,
    stop: &'o AtomicBool,
    /// Lists handed over while another thread held `state`; whoever holds `state`
    /// files them before letting go, so no worker ever waits for printing.
    inbox: Mutex<Vec<(Vec<u8>, DirList)>>,
    state: Mutex<State>,
    /// Keeps what is held ahead of the output position near `hold_limit`.
    throttle: Throttle,
}

#[derive(Default)]
struct State {
    /// Lists read ahead of the output position, by directory prefix.
    ready: HashMap<Vec<u8>, DirList, BuildHasherDefault<PathHasher>>,
    /// The lists being printed, outermost first.
    stack: Vec<Frame>,
    /// Output not yet written.
    pending: Vec<u8>,
    pending_records: u64,
    first_held: Option<Instant>,
    /// The limit was reached or output closed: print nothing more.
    closed: bool,
    /// The output position waits for the list under `awaited`: until it arrives,
    /// advancing is pointless.
    stalled: bool,
    awaited: Vec<u8>,
}

struct Frame {
    list: DirList,
    next: usize,
}

/// FNV-1a over a directory prefix: the map is keyed by paths this process read, so
/// there is nothing to defend against, and SipHash showed in profiles.
#[derive(Default)]
struct PathHasher(u64);

impl Hasher for PathHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The prefix the walker gives a root's children: `root/`, `root` when it already ends
/// with `/`, empty for the implicit current directory.
pub fn root_prefix(root: &[u8]) -> Vec<u8> {
    let mut prefix = root.to_vec();
    if !prefix.is_empty() && !prefix.ends_with(b"/") {
        prefix.push(b'/');
    }
    prefix
}

/// The key a root's own list is stored under (NUL never starts a real prefix).
pub fn root_key(root: &[u8]) -> Vec<u8> {
    let mut key = vec![0];
    key.extend_from_slice(root);
    key
}

impl<'o> Sorter<'o> {
    /// A sorter for a walk of `roots`, printing to `out` (stdout, or `-X`'s batch).
    pub fn new(
        roots: &[&[u8]],
        out: &'o dyn Sink,
        limit: Option<&'o Limit>,
        stop: &'o AtomicBool,
        hold_limit: usize,
    ) -> Sorter<'o> {
        // Each root is two waits: its own record (sorted as the root) and everything
        // below it (sorted as its prefix). The sort is stable: a record comes first.
        let mut order: Vec<(Vec<u8>, Vec<u8>)> = roots
            .iter()
            .flat_map(|root| {
                let prefix = root_prefix(root);
                [(root.to_vec(), root_key(root)), (prefix.clone(), prefix)]
            })
            .collect();
        order.sort_by(|a, b| a.0.cmp(&b.0));
        let mut top = DirList::default();
        for (_, key) in order {
            let name = top.push_name(&key);
            top.items.push(Item {
                name,
                record: (0, 0),
                kind: Kind::Exact,
            });
        }
        let state = State {
            stack: vec![Frame { list: top, next: 0 }],
            ready: HashMap::with_capacity_and_hasher(4096, BuildHasherDefault::default()),
            ..State::default()
        };
        Sorter {
            out,
            terminator: out.terminator(),
            limit,
            stop,
            inbox: Mutex::new(Vec::new()),
            state: Mutex::new(state),
            throttle: Throttle::new(hold_limit),
        }
    }

    /// A per-thread builder.
    pub fn builder(&self) -> DirBuilder<'_, 'o> {
        self.throttle.workers.fetch_add(1, Ordering::SeqCst);
        DirBuilder {
            sorter: self,
            list: DirList::default(),
        }
    }

    /// Files `list` under `key` and prints as far as possible. When another thread is
    /// printing, the list is left in the inbox for it, and this thread goes back to
    /// walking.
    fn deliver(&self, key: Vec<u8>, list: DirList) {
        self.throttle
            .held
            .fetch_add(list.footprint(), Ordering::Relaxed);
        self.lock_inbox().push((key, list));
        // The holder of `state` re-checks the inbox after letting go, so a list pushed
        // while `try_lock` fails is never left behind.
        while let Ok(mut state) = self.state.try_lock() {
            if self.file_inbox(&mut state) {
                self.advance(&mut state, false);
            }
            self.write_if_due(&mut state);
            drop(state);
            if self.lock_inbox().is_empty() {
                break;
            }
        }
    }

    fn lock_inbox(&self) -> std::sync::MutexGuard<'_, Vec<(Vec<u8>, DirList)>> {
        self.inbox.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Files the lists in the inbox; true when the output position may move.
    fn file_inbox(&self, state: &mut State) -> bool {
        let arrived = std::mem::take(&mut *self.lock_inbox());
        let mut may_move = !state.stalled;
        for (key, list) in arrived {
            may_move |= key == state.awaited;
            // An error may name a directory that was already filed: keep the list.
            match state.ready.entry(key) {
                Entry::Vacant(slot) => {
                    slot.insert(list);
                }
                Entry::Occupied(_) => {
                    self.throttle
                        .held
                        .fetch_sub(list.footprint(), Ordering::Relaxed);
                }
            }
        }
        may_move
    }

    /// Marks the directory under `key` as never to be read.
    pub fn give_up(&self, key: Vec<u8>) {
        self.deliver(key, DirList::default());
    }

    /// Writes whatever is held (a worker is about to sleep).
    pub fn flush(&self) {
        // A thread holding `state` is printing already.
        if let Ok(mut state) = self.state.try_lock() {
            self.write(&mut state);
        }
    }

    /// After the walk: prints everything left, passing over directories never read.
    pub fn finish(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.file_inbox(&mut state);
        self.advance(&mut state, true);
        self.write(&mut state);
    }

    fn advance(&self, state: &mut State, at_end: bool) {
        let State {
            ready,
            stack,
            pending,
            pending_records,
            first_held,
            closed,
            stalled,
            awaited,
        } = state;
        *stalled = false;
        let key = awaited;
        while !*closed {
            let Some(frame) = stack.last_mut() else {
                break;
            };
            let Some(item) = frame.list.items.get(frame.next).copied() else {
                stack.pop();
                continue;
            };
            match item.kind {
                Kind::Record | Kind::Path => {
                    let slot = self.limit.map_or(Slot::Granted, Limit::take);
                    if slot == Slot::Refused {
                        *closed = true;
                        self.stop.store(true, Ordering::SeqCst);
                        break;
                    }
                    if item.kind == Kind::Path {
                        pending.extend_from_slice(&frame.list.prefix);
                        pending.extend_from_slice(frame.list.name(&item));
                        pending.push(self.terminator);
                    } else {
                        pending.extend_from_slice(frame.list.record(&item));
                    }
                    *pending_records += 1;
                    first_held.get_or_insert_with(Instant::now);
                    frame.next += 1;
                    if slot == Slot::Last {
                        *closed = true;
                        self.stop.store(true, Ordering::SeqCst);
                    }
                }
                Kind::Block | Kind::Exact => {
                    key.clear();
                    if item.kind == Kind::Block {
                        key.extend_from_slice(&frame.list.prefix);
                        key.extend_from_slice(frame.list.name(&item));
                        key.push(b'/');
                    } else {
                        key.extend_from_slice(frame.list.name(&item));
                    }
                    frame.next += 1;
                    match ready.remove(key.as_slice()) {
                        Some(list) => {
                            self.throttle
                                .held
                                .fetch_sub(list.footprint(), Ordering::Relaxed);
                            self.throttle.moves.fetch_add(1, Ordering::Relaxed);
                            stack.push(Frame { list, next: 0 });
                        }
                        None if at_end => {}
                        None => {
                            frame.next -= 1;
                            *stalled = true;
                            self.throttle.now_waiting_for(key);
                            break;
                        }
                    }
                }
            }
        }
    }

    fn write_if_due(&self, state: &mut State) {
        if state.pending.len() >= CHUNK
            || self.out.is_tty()
            || state.first_held.is_some_and(|t| t.elapsed() >= MAX_HOLD)
        {
            self.write(state);
        }
    }

    fn write(&self, state: &mut State) {
        if !state.pending.is_empty() && !self.out.write(&state.pending, state.pending_records) {
            state.closed = true;
            self.stop.store(true, Ordering::SeqCst);
        }
        state.pending.clear();
        state.pending_records = 0;
        state.first_held = None;
    }
}

/// One thread's list for the directory it is reading.
pub struct DirBuilder<'s, 'o> {
    sorter: &'s Sorter<'o>,
    list: DirList,
}

impl DirBuilder<'_, '_> {
    /// Starts the list of the directory whose entries start with `prefix`.
    pub fn start(&mut self, prefix: &[u8]) {
        self.sorter.throttle.wait_before(prefix, self.sorter.stop);
        self.list = DirList {
            prefix: prefix.to_vec(),
            ..DirList::default()
        };
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
        self.sorter.deliver(key, list);
    }

    /// Marks the directory under `key` as never to be read.
    pub fn give_up(&self, key: Vec<u8>) {
        self.sorter.give_up(key);
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
        self.sorter.deliver(root_key(root), list);
        if !read {
            self.sorter.give_up(root_prefix(root));
        }
    }
}
