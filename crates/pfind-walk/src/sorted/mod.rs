//! Sorted output: results in byte order of their paths (`LC_ALL=C sort`), while the
//! walk stays parallel and the output streams ([`WalkBuilder::run_sorted`], and the
//! [`WalkBuilder::sorted`] iterator built on it).
//!
//! [`WalkBuilder::run_sorted`]: crate::WalkBuilder::run_sorted
//! [`WalkBuilder::sorted`]: crate::WalkBuilder::sorted
//!
//! The order, directory by directory: every path below a directory starts with its
//! prefix `D/`, and the paths with one prefix form one contiguous run of the sorted
//! output. So within a directory, each entry contributes its own record (key: its
//! name) and, if it is a directory that will be read, one *block* for everything below
//! it (key: its name followed by `/`). Sorting these keys and expanding blocks in
//! place yields exactly the sorted output. Note that a block is not next to its
//! directory's record: `a` < `a-b` < `a.c` < `a/x`, because `/` is 0x2F.
//!
//! Each worker builds the sorted item list of the directory it reads (`DirBuilder`)
//! and hands it to the shared [`SortedOutput`], which keeps the lists that arrive ahead of
//! the output position in a map keyed by directory prefix, and a stack of the lists
//! being printed (`lane.rs`). It prints as far as it can; at a block whose directory has not been
//! read yet it waits for that directory. The walk runs in name order, depth first
//! (`WalkBuilder::ordered`), so the directory waited for is usually read next; other
//! threads steal later subtrees, whose lists wait in the map. What is held ahead of the
//! output position is kept near a limit (the caller's `hold_limit`) by making the threads
//! that read ahead wait before their next directory (`throttle.rs`); one worker always
//! goes on, so the walk never stalls.
//!
//! The walker files a block for each subdirectory it queues, and an empty list for
//! each one it then does not read (it could not be opened, it is on another
//! filesystem, it closes a loop): what the output waits for always comes. Anything
//! still missing when the walk ends (a stopped walk) is passed over at
//! [`SortedOutput::finish`].
//!
//! Roots take part like the entries of one directory: each root's own record (with
//! `--min-depth 0`) is keyed by the root, everything below it by its prefix. Roots
//! whose paths overlap still print exactly what `sort` would (`roots.rs`): a root
//! typed twice (`d d/`) reads each directory twice, and the two lists are merged;
//! nested roots (`a a/b`, `d d/.`) go to separate lanes, whose results are merged as
//! they are printed: a lane that waits for a directory holds back only the results of
//! the others that sort after what it waits for.

mod builder;
mod iter;
mod lane;
mod list;
mod roots;
mod sink;
mod throttle;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

pub(crate) use builder::DirBuilder;
pub use builder::Record;
pub use iter::SortedIter;
use lane::{compare_split, Lane, Status};
use list::{DirList, SPARE_LISTS};
use roots::{Roots, Route};
pub use sink::{Sink, Slot};
use throttle::Throttle;

/// The shared reorder structure and the output position of a sorted walk: made for a
/// [`WalkBuilder`](crate::WalkBuilder) and a [`Sink`], run with
/// [`WalkBuilder::run_sorted`](crate::WalkBuilder::run_sorted), then
/// [finished](SortedOutput::finish).
pub struct SortedOutput<'o> {
    out: &'o dyn Sink,
    stop: Arc<AtomicBool>,
    /// Which lane each list goes to.
    roots: Roots,
    /// Lists handed over while another thread held `state`; whoever holds `state`
    /// files them before letting go, so no worker ever waits for printing.
    inbox: Mutex<Vec<Delivery>>,
    state: Mutex<State>,
    /// Keeps what is held ahead of the output position near `hold_limit`.
    throttle: Throttle,
    /// Lists printed whole, emptied, for the builders to fill again.
    spare_lists: Mutex<Vec<DirList>>,
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

/// Past this many bytes of pending output, the sink is asked before each result
/// whether to write them: the directory the output waited for can release much of the
/// tree at once (or all of it, when the walk ends), and held whole it would reach the
/// sink late, in one piece, after growing a buffer of its size (the sorted iterator
/// spent 5% of its time on the page faults).
const ASK_TO_WRITE: usize = 64 * 1024;

/// The prefix the walker gives a root's children: `root/`, `root` when it already ends
/// with `/`, empty for the implicit current directory.
pub(crate) fn root_prefix(root: &[u8]) -> Vec<u8> {
    let mut prefix = root.to_vec();
    if !prefix.is_empty() && !prefix.ends_with(b"/") {
        prefix.push(b'/');
    }
    prefix
}

/// The key a root's own list is stored under (NUL never starts a real prefix).
pub(crate) fn root_key(root: &[u8]) -> Vec<u8> {
    let mut key = vec![0];
    key.extend_from_slice(root);
    key
}

impl<'o> SortedOutput<'o> {
    /// The sorted output of a walk of `walk`'s roots into `out`, holding about
    /// `hold_limit` bytes of results read ahead of the output position at most (more
    /// only while one thread alone would otherwise wait). Reaching the end of what
    /// `out` takes (see [`Sink::admit`], [`Sink::write`]) stops the walk, through its
    /// stop flag.
    pub fn new(
        walk: &crate::WalkBuilder,
        out: &'o dyn Sink,
        hold_limit: usize,
    ) -> SortedOutput<'o> {
        let roots: Vec<&[u8]> = walk.roots().collect();
        let (routes, tops) = Roots::new(&roots);
        let state = State {
            lanes: tops.into_iter().map(Lane::new).collect(),
            pending: Vec::new(),
            pending_records: 0,
            first_held: None,
            closed: false,
        };
        SortedOutput {
            out,
            stop: walk.stop.clone(),
            roots: routes,
            inbox: Mutex::new(Vec::new()),
            state: Mutex::new(state),
            throttle: Throttle::new(hold_limit),
            spare_lists: Mutex::new(Vec::new()),
        }
    }

    /// A per-thread builder.
    pub(crate) fn builder(&self) -> DirBuilder<'_, 'o> {
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

    /// An empty list to build, with room from a list printed before when there is one.
    pub(crate) fn spare_list(&self) -> DirList {
        let mut spares = self.spare_lists.lock().unwrap_or_else(|e| e.into_inner());
        spares.pop().unwrap_or_default()
    }

    /// Hands the lists the lanes printed whole back to the builders.
    fn recycle(&self, state: &mut State) {
        let mut spares = self.spare_lists.lock().unwrap_or_else(|e| e.into_inner());
        for lane in &mut state.lanes {
            for mut list in lane.spent.drain(..) {
                if spares.len() < SPARE_LISTS {
                    list.clear();
                    spares.push(list);
                }
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
    pub(crate) fn give_up(&self, prefix: Vec<u8>, depth: usize) {
        let route = self.roots.directory(&prefix, depth);
        self.deliver(route, prefix, DirList::default());
    }

    /// Marks the root `root`'s own record as never to come.
    pub(crate) fn give_up_root(&self, root: &[u8]) {
        self.deliver(self.roots.root(root), root_key(root), DirList::default());
    }

    /// Writes whatever is held (a worker is about to sleep).
    pub(crate) fn flush(&self) {
        // A thread holding `state` is printing already.
        if let Ok(mut state) = self.state.try_lock() {
            self.write(&mut state);
        }
    }

    /// After the walk: writes everything left, passing over directories never read
    /// (a walk stopped early). Not called, nothing more is written: the caller of a
    /// walk interrupted by a signal may leave it at that.
    pub fn finish(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.file_inbox(&mut state);
        self.advance(&mut state, true);
        self.write(&mut state);
    }

    /// Prints as far as the lanes allow, and hands the lists printed whole back.
    fn advance(&self, state: &mut State, at_end: bool) {
        self.print_ready(state, at_end);
        self.recycle(state);
    }

    /// Prints as far as the lanes allow: always the smallest next result of all lanes,
    /// until the lane whose bound is smallest waits for a directory (or all are done).
    fn print_ready(&self, state: &mut State, at_end: bool) {
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
            let mut write_now = false;
            while lane.settle(at_end, &self.throttle) == Status::Head {
                let beyond = bound
                    .as_deref()
                    .is_some_and(|bound| compare_split(lane.lower_bound(), (bound, b"")).is_gt());
                if beyond {
                    break;
                }
                let slot = self.out.admit();
                if slot == Slot::Refused {
                    self.close(state);
                    return;
                }
                lane.take_head(&mut state.pending, self.out);
                state.pending_records += 1;
                state.first_held.get_or_insert_with(Instant::now);
                if slot == Slot::Last {
                    self.close(state);
                    return;
                }
                if state.pending.len() >= ASK_TO_WRITE
                    && state
                        .first_held
                        .is_some_and(|since| self.out.due(state.pending.len(), since))
                {
                    write_now = true;
                    break;
                }
            }
            if write_now {
                self.write(state);
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
        if let Some(first_held) = state.first_held {
            if self.out.due(state.pending.len(), first_held) {
                self.write(state);
            }
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
