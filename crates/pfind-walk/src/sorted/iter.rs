//! The sorted walk as an iterator ([`WalkBuilder::sorted`]): a sorted walk runs on
//! threads of its own (see `stream`) into a sink that packs each result (its path,
//! and its type, depth and name as a tag) into chunks for the iterator. Results come
//! in byte order of their paths as soon as they are in order, while the walk goes on;
//! memory stays bounded by the walk's hold limit and the channel. Errors come when
//! they happen.

use std::time::Instant;

use super::{Record, Sink, SortedOutput};
use crate::stream::{pack, tag, Out, Stream, CHUNK, MAX_HOLD};
use crate::{DirEntry, Entry, Visit, Visitor, WalkBuilder, WalkError};

/// What a walk may hold ahead of the output position.
const HOLD_LIMIT: usize = 64 << 20;

/// The entries of a walk in byte order of their paths (roots included, at depth 0),
/// streamed while the walk runs; errors come when they happen. Built by
/// [`WalkBuilder::sorted`].
pub struct SortedIter {
    stream: Stream,
}

impl SortedIter {
    pub(crate) fn start(builder: &WalkBuilder) -> SortedIter {
        let stream = Stream::start(builder, |builder, out| {
            let sink = ChannelSink { out: out.clone() };
            let output = SortedOutput::new(&builder, &sink, HOLD_LIMIT);
            builder.run_sorted(&output, || Packer {
                errors: out.clone(),
            });
            output.finish();
        });
        SortedIter { stream }
    }
}

impl Iterator for SortedIter {
    type Item = Result<DirEntry, WalkError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.stream.next()
    }
}

/// Each worker's visitor: every entry is a result, tagged; errors go straight out.
struct Packer {
    errors: Out,
}

impl Visitor for Packer {
    fn visit(&mut self, _entry: &Entry<'_>) -> Visit {
        Visit::Continue
    }

    fn visit_sorted(&mut self, entry: &Entry<'_>, record: &mut Record<'_>) -> Visit {
        record.path(&tag(entry));
        Visit::Continue
    }

    fn error(&mut self, error: WalkError) -> Visit {
        if self.errors.error(error) {
            Visit::Continue
        } else {
            Visit::Quit
        }
    }
}

/// Hands packed chunks to the iterator (written by one thread at a time: the one
/// that holds the sorted output).
struct ChannelSink {
    out: Out,
}

impl Sink for ChannelSink {
    fn append_path(&self, out: &mut Vec<u8>, prefix: &[u8], name: &[u8], tag: &[u8]) {
        pack(out, prefix, name, tag);
    }

    fn due(&self, pending: usize, held_since: Instant) -> bool {
        pending >= CHUNK || held_since.elapsed() >= MAX_HOLD
    }

    fn write(&self, chunk: &[u8], _results: u64) -> bool {
        let mut copy = self.out.chunk();
        copy.extend_from_slice(chunk);
        self.out.entries(copy)
    }
}
