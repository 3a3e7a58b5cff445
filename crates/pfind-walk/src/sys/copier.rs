//! For the readers that copy entries into the walker's buffer (readdir, Windows'
//! `read_dir`): writing one entry as a `linux_dirent64` record, and the [`Copier`]
//! that fills a buffer from a stream of entries with getdents64's contract, keeping an
//! entry that did not fit for the next fill (a stream cannot go back).

use super::record::{NAME_AT, RECLEN_AT, TYPE_AT};
use super::Errno;

/// What a reader that copies entries into records (readdir, Windows' `read_dir`) keeps
/// between two fills, beside its stream.
#[derive(Default)]
pub(crate) struct Copier {
    /// An entry read but not yet written (it did not fit): name and type.
    pending: Option<(Vec<u8>, u8)>,
    /// An error met after some entries were written: returned by the next fill.
    deferred: Option<Errno>,
}

impl Copier {
    /// Writes entries from `next` (name and type, `None` at the end) into `buf` with
    /// getdents64's contract: as many whole records as fit, 0 at the end, `INVAL` when
    /// not even the next one fits. An entry that does not fit is kept for the next
    /// fill, so a stream is never asked to go back.
    pub(crate) fn fill<N: AsRef<[u8]>>(
        &mut self,
        buf: &mut [u8],
        mut next: impl FnMut() -> Option<Result<(N, u8), Errno>>,
    ) -> Result<usize, Errno> {
        if let Some(err) = self.deferred.take() {
            return Err(err);
        }
        let mut filled = 0;
        if let Some((name, d_type)) = self.pending.take() {
            match write_record(buf, filled, &name, d_type) {
                Some(end) => filled = end,
                None => {
                    self.pending = Some((name, d_type));
                    return Err(Errno::INVAL);
                }
            }
        }
        loop {
            let (name, d_type) = match next() {
                None => return Ok(filled),
                Some(Ok(entry)) => entry,
                Some(Err(err)) if filled == 0 => return Err(err),
                Some(Err(err)) => {
                    self.deferred = Some(err);
                    return Ok(filled);
                }
            };
            match write_record(buf, filled, name.as_ref(), d_type) {
                Some(end) => filled = end,
                None => {
                    self.pending = Some((name.as_ref().to_vec(), d_type));
                    return if filled > 0 {
                        Ok(filled)
                    } else {
                        Err(Errno::INVAL)
                    };
                }
            }
        }
    }
}

/// Writes the record of one entry at `at` in `buf`; returns where it ends, or `None`
/// when it does not fit. For the platforms whose readers copy entries (see `sys`).
pub(crate) fn write_record(buf: &mut [u8], at: usize, name: &[u8], d_type: u8) -> Option<usize> {
    let len = (NAME_AT + name.len() + 1).next_multiple_of(8);
    let record = buf.get_mut(at..at.checked_add(len)?)?;
    record[..NAME_AT].fill(0);
    record[RECLEN_AT..RECLEN_AT + 2].copy_from_slice(&u16::try_from(len).ok()?.to_ne_bytes());
    record[TYPE_AT] = d_type;
    record[NAME_AT..NAME_AT + name.len()].copy_from_slice(name);
    record[NAME_AT + name.len()..].fill(0);
    Some(at + len)
}

#[cfg(test)]
mod tests {
    use super::{write_record, Copier, Errno};
    use crate::dirents::parse;
    use crate::sys::record::{dt, NAME_AT};
    use crate::FileType;

    #[test]
    fn a_written_record_reads_back_as_written() {
        for len in 1..=255 {
            let name: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            let mut buf = vec![0xA5; 600];
            let end = write_record(&mut buf, 8, &name, dt::LNK).expect("fits");
            assert_eq!(end - 8, (NAME_AT + name.len() + 1).next_multiple_of(8));
            let (entry, size) = parse(&buf[8..]);
            assert_eq!(
                (entry.name, entry.file_type),
                (&name[..], FileType::Symlink)
            );
            assert_eq!(size, end - 8);
            assert_eq!(write_record(&mut buf, 600 - size + 1, &name, dt::REG), None);
        }
    }

    /// Names taken back out of the records `fill` wrote into `buf[..filled]`.
    fn names(buf: &[u8], filled: usize) -> Vec<Vec<u8>> {
        let mut names = Vec::new();
        let mut at = 0;
        while at < filled {
            let (entry, len) = parse(&buf[at..filled]);
            names.push(entry.name.to_vec());
            at += len;
        }
        names
    }

    #[test]
    fn an_entry_that_does_not_fit_waits_for_the_next_fill_and_an_error_for_the_next_call() {
        let mut stream: Vec<Result<(Vec<u8>, u8), Errno>> = vec![
            Ok((b"first".to_vec(), dt::REG)),
            Ok((vec![b'x'; 40], dt::DIR)),
            Ok((b"third".to_vec(), dt::REG)),
            Err(Errno::ACCESS),
        ];
        stream.reverse();
        let mut next = move || stream.pop();
        let mut copier = Copier::default();
        // Room for `first` (24 bytes) and not for the 64-byte record after it.
        let mut buf = vec![0; 48];
        let filled = copier.fill(&mut buf, &mut next).expect("first fill");
        assert_eq!(names(&buf, filled), [b"first".to_vec()]);
        // What is left of a buffer too small for the waiting entry: INVAL, as
        // getdents64 says, and the entry still waits.
        assert_eq!(copier.fill(&mut buf[..40], &mut next), Err(Errno::INVAL));
        let mut buf = vec![0; 96];
        let filled = copier.fill(&mut buf, &mut next).expect("second fill");
        assert_eq!(names(&buf, filled), [vec![b'x'; 40], b"third".to_vec()]);
        // The error met after `third` comes alone, then the end.
        assert_eq!(copier.fill(&mut buf, &mut next), Err(Errno::ACCESS));
        assert_eq!(copier.fill(&mut buf, &mut next), Ok(0));
    }
}
