//! Where a sorted walk's results go: a [`Sink`] takes them in order, in chunks of
//! whole results, and says when a chunk is due and when it wants no more.

use std::time::Instant;

/// The answer of [`Sink::admit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Go ahead; more may follow.
    Granted,
    /// Go ahead: this is the last one, stop the walk afterwards.
    Last,
    /// No more: do not write it, stop the walk.
    Refused,
}

/// Takes a sorted walk's results, in byte order of their paths.
pub trait Sink: Sync {
    /// Appends one result that the visitor gave as its path ([`Record::path`]): the
    /// path is `prefix` followed by `name`; `tag` is what the visitor attached to it.
    /// A printer appends the path and a terminator.
    ///
    /// [`Record::path`]: super::Record::path
    fn append_path(&self, out: &mut Vec<u8>, prefix: &[u8], name: &[u8], tag: &[u8]);

    /// True when the results held (`pending` bytes, the first of them held since
    /// `held_since`) should be written now: at once on a terminal, in large chunks
    /// into a pipe but never held long.
    fn due(&self, pending: usize, held_since: Instant) -> bool;

    /// Takes `results` whole results. Returns false when it takes nothing more (a
    /// closed pipe): the walk then stops.
    fn write(&self, chunk: &[u8], results: u64) -> bool;

    /// Asked before each result is appended: a limit on the number of results answers
    /// [`Slot::Last`] at the last one and [`Slot::Refused`] after it.
    fn admit(&self) -> Slot {
        Slot::Granted
    }
}
