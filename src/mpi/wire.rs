//! What ranks say to each other: the message tags, sends that never block, and the
//! byte layouts of output batches and of a rank's final report.
//!
//! Every send is immediate (`MPI_Isend`) from a buffer the [`Outbox`] owns until the
//! send completes: a blocking send of a large message waits for the receiver to post
//! its receive, and two ranks sending to each other that way would wait forever.

use mpi::request::{Request, StaticScope};
use mpi::topology::SimpleCommunicator;
use mpi::traits::*;

/// Thief → victim: give me work.
pub const STEAL: i32 = 1;
/// Victim → thief: directories (a work message, counted by the termination scheme).
pub const WORK: i32 = 2;
/// Victim → thief: nothing to give (not a work message).
pub const NONE: i32 = 3;
/// The termination token, around the ring: its colour and its sum.
pub const TOKEN: i32 = 4;
/// Rank 0 → all: every walk is over; finish yours.
pub const DONE: i32 = 5;
/// Any rank → rank 0: my walk was stopped (`-q`, `--max-results`, a signal).
pub const STOP_REQUEST: i32 = 6;
/// Rank 0 → all: stop your walk.
pub const STOP: i32 = 7;
/// Rank → rank 0: a batch of output records.
pub const OUTPUT: i32 = 8;
/// Rank 0 → rank: one output batch written (a credit back).
pub const ACK: i32 = 9;
/// Rank → rank 0: my walk is over and all my output sent; my report.
pub const FIN: i32 = 10;
/// Rank 0 → all: the exit status; exit with it.
pub const EXIT: i32 = 11;

/// A send under way, and the buffer it reads from.
type Sending = (Request<'static, [u8], StaticScope>, *mut [u8]);

/// Sends under way, each with the buffer it reads from.
#[derive(Default)]
pub struct Outbox {
    pending: Vec<Sending>,
    /// Bytes sent so far (for `--stats`).
    pub bytes_sent: u64,
}

impl Outbox {
    /// Starts sending `bytes` to rank `to` with `tag`; the buffer is kept until the
    /// send completes.
    pub fn send(&mut self, world: &SimpleCommunicator, to: usize, tag: i32, bytes: Vec<u8>) {
        self.bytes_sent += bytes.len() as u64;
        let buffer: *mut [u8] = Box::into_raw(bytes.into_boxed_slice());
        // SAFETY: `buffer` came from `Box::into_raw` just above and is freed only in
        // `poll`, after MPI reports the send that reads it complete; nothing writes it
        // meanwhile. The reference lives as long as the request, which is completed
        // (never dropped unfinished) before the `Outbox` is.
        let data: &'static [u8] = unsafe { &*buffer };
        let request =
            world
                .process_at_rank(to as i32)
                .immediate_send_with_tag(StaticScope, data, tag);
        self.pending.push((request, buffer));
    }

    /// Completes what has completed; true when nothing is under way.
    pub fn poll(&mut self) -> bool {
        let pending = std::mem::take(&mut self.pending);
        for (request, buffer) in pending {
            match request.test() {
                Ok(_) => {
                    // SAFETY: the send reading `buffer` is complete, and `buffer` came
                    // from `Box::into_raw` in `send`; it is freed once, here.
                    drop(unsafe { Box::from_raw(buffer) });
                }
                Err(request) => self.pending.push((request, buffer)),
            }
        }
        self.pending.is_empty()
    }
}

/// A record of an output batch: results for stdout (`records` whole ones, which rank 0
/// writes as one piece) or bytes for stderr (whole lines).
#[derive(Debug, PartialEq, Eq)]
pub enum Record {
    Stdout { bytes: Vec<u8>, records: u64 },
    Stderr(Vec<u8>),
}

/// Appends a record to a batch: kind (0 stdout, 1 stderr), records, length, bytes.
pub fn push_record(batch: &mut Vec<u8>, record: &Record) {
    let (kind, records, bytes) = match record {
        Record::Stdout { bytes, records } => (0u8, *records, bytes),
        Record::Stderr(bytes) => (1u8, 0, bytes),
    };
    batch.push(kind);
    batch.extend_from_slice(&records.to_le_bytes());
    batch.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    batch.extend_from_slice(bytes);
}

/// The records of a batch, in order; `None` if it is malformed.
pub fn records(mut batch: &[u8]) -> Option<Vec<Record>> {
    let mut out = Vec::new();
    while let Some((&kind, rest)) = batch.split_first() {
        let (records, rest) = rest.split_first_chunk::<8>()?;
        let (len, rest) = rest.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        if len > rest.len() {
            return None;
        }
        let (bytes, rest) = rest.split_at(len);
        out.push(match kind {
            0 => Record::Stdout {
                bytes: bytes.to_vec(),
                records: u64::from_le_bytes(*records),
            },
            1 => Record::Stderr(bytes.to_vec()),
            _ => return None,
        });
        batch = rest;
    }
    Some(out)
}

/// Encodes numbers as little-endian u64s.
pub fn words(values: &[u64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Decodes exactly `N` little-endian u64s.
pub fn read_words<const N: usize>(bytes: &[u8]) -> Option<[u64; N]> {
    if bytes.len() != N * 8 {
        return None;
    }
    let mut out = [0u64; N];
    for (value, chunk) in out.iter_mut().zip(bytes.chunks_exact(8)) {
        *value = u64::from_le_bytes(chunk.try_into().ok()?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_keep_their_records_apart() {
        let sent = vec![
            Record::Stdout {
                bytes: b"a\nb\n".to_vec(),
                records: 2,
            },
            Record::Stderr(b"pfind: x: Permission denied\n".to_vec()),
            Record::Stdout {
                bytes: b"c\xff\0".to_vec(),
                records: 1,
            },
        ];
        let mut batch = Vec::new();
        sent.iter().for_each(|r| push_record(&mut batch, r));
        assert_eq!(records(&batch), Some(sent));
        assert_eq!(records(&batch[..batch.len() - 1]), None);
        assert_eq!(read_words::<2>(&words(&[1, u64::MAX])), Some([1, u64::MAX]));
        assert_eq!(read_words::<2>(&words(&[1])), None);
    }
}
