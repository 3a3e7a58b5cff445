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
//! being printed (`lane.rs`). It prints as far as it can; at a block whose directory has not been
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
//! `--min-depth 0`) is keyed by the root, everything below it by its prefix. Roots
//! whose paths overlap still print exactly what `sort` would (`roots.rs`): a root
//! typed twice (`d d/`) reads each directory twice, and the two lists are merged;
//! nested roots (`a a/b`, `d d/.`) go to separate lanes, whose results are merged as
//! they are printed: a lane that waits for a directory holds back only the results of
//! the others that sort after what it waits for.

mod builder;
mod lane;
mod list;
mod roots;
mod throttle;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use crate::output::{Limit, Sink, Slot, CHUNK, MAX_HOLD};
pub use builder::DirBuilder;
use lane::{compare_split, Lane, Status};
pub use list::DirList;
use roots::{Roots, Route};
use throttle::Throttle;

/// The shared reorder structure and the output position.
pub struct Sorter<'o> {
    out: &'o dyn Sink,
    /// `out`'s terminator, looked up once.
    terminator: u8,
    limit: Option<&'o Limit>,
    stop: &'o AtomicBool,
    /// Which lane each list goes to.
    roots: Roots,
    /// Lists handed over while another thread held `state`; whoever holds `state`
    /// files them before letting go, so no worker ever waits for printing.
    inbox: Mutex<Vec<Delivery>>,
    state: Mutex<State>,
    /// Keeps what is held ahead of the output position near `hold_limit`.
    throttle: Throttle,
}

/// A list on its way to its lane.
struct Delivery {
    route: Route,
    key: Vec<u8>,
    list: DirList,
}

struct State {
    /// One lane for roots that cannot overlap, more for roots that overlap them.
    lanes: Vec<Lane>,
    /// Output not yet written.
    pending: Vec<u8>,
    pending_records: u64,
    first_held: Option<Instant>,
    /// The limit was reached or output closed: print nothing more.
    closed: bool,
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
        let (routes, tops) = Roots::new(roots);
        let state = State {
            lanes: tops.into_iter().map(Lane::new).collect(),
            pending: Vec::new(),
            pending_records: 0,
            first_held: None,
            closed: false,
        };
        Sorter {
            out,
            terminator: out.terminator(),
            limit,
            stop,
            roots: routes,
            inbox: Mutex::new(Vec::new()),
            state: Mutex::new(state),
            throttle: Throttle::new(hold_limit),
        }
    }

    /// A per-thread builder.
    pub fn builder(&self) -> DirBuilder<'_, 'o> {
        self.throttle.workers.fetch_add(1, Ordering::SeqCst);
        DirBuilder::new(self)
    }

    /// Files `list` under `key` in its lane and prints as far as possible. When another
    /// thread is printing, the list is left in the inbox for it, and this thread goes
    /// back to walking.
    fn deliver(&self, route: Option<Route>, key: Vec<u8>, list: DirList) {
        let Some(route) = route else {
            return;
        };
        self.throttle
            .held
            .fetch_add(list.footprint(), Ordering::Relaxed);
        self.lock_inbox().push(Delivery { route, key, list });
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

    fn lock_inbox(&self) -> std::sync::MutexGuard<'_, Vec<Delivery>> {
        self.inbox.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Files the lists in the inbox; true when the output position may move.
    fn file_inbox(&self, state: &mut State) -> bool {
        let arrived = std::mem::take(&mut *self.lock_inbox());
        let mut may_move = false;
        for Delivery { route, key, list } in arrived {
            if let Some(lane) = state.lanes.get_mut(route.lane) {
                may_move |= lane.file(key, list, route.copies, &self.throttle);
            }
        }
        may_move
    }

    /// Marks the directory whose entries start with `prefix`, `depth` below its root,
    /// as never to be read.
    pub fn give_up(&self, prefix: Vec<u8>, depth: usize) {
        let route = self.roots.directory(&prefix, depth);
        self.deliver(route, prefix, DirList::default());
    }

    /// Marks the root `root`'s own record as never to come.
    pub fn give_up_root(&self, root: &[u8]) {
        self.deliver(self.roots.root(root), root_key(root), DirList::default());
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

    /// Prints as far as the lanes allow: always the smallest next result of all lanes,
    /// until the lane whose bound is smallest waits for a directory (or all are done).
    fn advance(&self, state: &mut State, at_end: bool) {
        let terminator = self.terminator;
        while !state.closed {
            let Some((first, bound)) = self.first_lane(&mut state.lanes, at_end) else {
                break;
            };
            let lane = &mut state.lanes[first];
            if lane.settle(at_end, &self.throttle) == Status::Waiting {
                self.throttle.now_waiting_for(lane.awaited());
                break;
            }
            // Print from this lane while it is ahead of every other one.
            while lane.settle(at_end, &self.throttle) == Status::Head {
                let beyond = bound
                    .as_deref()
                    .is_some_and(|bound| compare_split(lane.lower_bound(), (bound, b"")).is_gt());
                if beyond {
                    break;
                }
                let slot = self.limit.map_or(Slot::Granted, Limit::take);
                if slot == Slot::Refused {
                    self.close(state);
                    return;
                }
                lane.take_head(&mut state.pending, terminator);
                state.pending_records += 1;
                state.first_held.get_or_insert_with(Instant::now);
                if slot == Slot::Last {
                    self.close(state);
                    return;
                }
            }
        }
    }

    /// The lane with the smallest lower bound, and the smallest bound of the others
    /// (`None` with one lane left: the usual case, which then costs no comparison).
    fn first_lane(&self, lanes: &mut [Lane], at_end: bool) -> Option<(usize, Option<Vec<u8>>)> {
        let mut first: Option<usize> = None;
        let mut second: Option<usize> = None;
        for index in 0..lanes.len() {
            if lanes[index].settle(at_end, &self.throttle) == Status::Done {
                continue;
            }
            let below = |a: usize, b: usize| {
                compare_split(lanes[a].lower_bound(), lanes[b].lower_bound()).is_lt()
            };
            match first {
                None => first = Some(index),
                Some(best) if below(index, best) => {
                    second = Some(best);
                    first = Some(index);
                }
                Some(_) => {
                    if second.is_none_or(|other| below(index, other)) {
                        second = Some(index);
                    }
                }
            }
        }
        let bound = second.map(|other| {
            let (prefix, name) = lanes[other].lower_bound();
            [prefix, name].concat()
        });
        first.map(|first| (first, bound))
    }

    /// The limit is reached: print nothing more, stop the walk.
    fn close(&self, state: &mut State) {
        state.closed = true;
        self.stop.store(true, Ordering::SeqCst);
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
            self.close(state);
        }
        state.pending.clear();
        state.pending_records = 0;
        state.first_held = None;
    }
}
