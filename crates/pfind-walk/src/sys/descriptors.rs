//! Waiting for a descriptor when the process has none left (EMFILE, or ENFILE for the
//! whole system), for every open a visitor makes (ignore files, `--contains`, `-t e`):
//! other threads hold descriptors they will soon close, so an open that fails for want
//! of one is retried, with growing pauses, for a bounded time, rather than turned into
//! a missing file and a silently different result.
//!
//! Patience is shared: when a wait ran out without a descriptor coming free (every
//! thread holding what it has, as with one thread at a starved limit), the process is
//! starved and later opens wait only briefly, until one gets a descriptor after
//! waiting. So a starved walk reports its lost opens quickly instead of waiting out
//! each one, while a passing shortage costs time, never results. What still fails is
//! the caller's to report.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::Errno;

/// How long one open waits for a descriptor, and how long once the process is known
/// to be starved. The walker's own directory opens wait about as long.
const PATIENCE: Duration = Duration::from_secs(1);
const STARVED_PATIENCE: Duration = Duration::from_millis(10);
/// The pauses between attempts: from the first up to the longest, doubling.
const FIRST_PAUSE: Duration = Duration::from_micros(50);
const LONGEST_PAUSE: Duration = Duration::from_millis(5);

/// Set when a wait ran out; cleared when a wait ends with a descriptor.
static STARVED: AtomicBool = AtomicBool::new(false);

/// Runs `open` until it succeeds, fails for another reason than a lack of
/// descriptors, or has waited for one for its patience (see the module).
pub(crate) fn retry_out_of_descriptors<T>(
    open: impl FnMut() -> Result<T, Errno>,
) -> Result<T, Errno> {
    retry_while_short(|err: &Errno| is_out_of_descriptors(*err), open)
}

/// [`retry_out_of_descriptors`] for an open whose error is not an `Errno` alone (the
/// walker's reopen routes): `short` says which errors are a lack of descriptors.
pub(crate) fn retry_while_short<T, E>(
    short: impl Fn(&E) -> bool,
    mut open: impl FnMut() -> Result<T, E>,
) -> Result<T, E> {
    let mut waited: Option<Instant> = None;
    let mut pause = FIRST_PAUSE;
    loop {
        match open() {
            Err(err) if short(&err) => {
                let since = *waited.get_or_insert_with(Instant::now);
                let patience = if STARVED.load(Ordering::Relaxed) {
                    STARVED_PATIENCE
                } else {
                    PATIENCE
                };
                if since.elapsed() >= patience {
                    STARVED.store(true, Ordering::Relaxed);
                    return Err(err);
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(LONGEST_PAUSE);
            }
            result => {
                if waited.is_some() && result.is_ok() {
                    STARVED.store(false, Ordering::Relaxed);
                }
                return result;
            }
        }
    }
}

/// True when an open failed because the process (or the system) has no descriptor
/// left.
#[cfg(unix)]
pub(crate) fn is_out_of_descriptors(err: Errno) -> bool {
    err == Errno::MFILE || err == Errno::NFILE
}

/// Windows' ERROR_TOO_MANY_OPEN_FILES.
#[cfg(windows)]
pub(crate) fn is_out_of_descriptors(err: Errno) -> bool {
    std::io::Error::from(err).raw_os_error() == Some(4)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// An open that fails `times` for want of a descriptor, then succeeds.
    fn short_of_descriptors(mut times: u32) -> impl FnMut() -> Result<(), Errno> {
        move || {
            if times == 0 {
                return Ok(());
            }
            times -= 1;
            Err(Errno::MFILE)
        }
    }

    #[test]
    fn a_passing_shortage_is_waited_out_and_a_lasting_one_gives_up() {
        assert_eq!(retry_out_of_descriptors(short_of_descriptors(3)), Ok(()));
        assert_eq!(
            retry_out_of_descriptors(|| Err::<(), _>(Errno::ACCESS)),
            Err(Errno::ACCESS),
            "other errors are not retried"
        );
        let started = Instant::now();
        assert_eq!(
            retry_out_of_descriptors(|| Err::<(), _>(Errno::NFILE)),
            Err(Errno::NFILE)
        );
        let first = started.elapsed();
        assert!(first >= PATIENCE, "gave up after {first:?}");
        let started = Instant::now();
        assert_eq!(
            retry_out_of_descriptors(short_of_descriptors(u32::MAX)),
            Err(Errno::MFILE)
        );
        let second = started.elapsed();
        assert!(
            second < PATIENCE / 4,
            "starved: the next open waits briefly, not {second:?}"
        );
        assert_eq!(retry_out_of_descriptors(short_of_descriptors(1)), Ok(()));
        assert!(
            !STARVED.load(Ordering::Relaxed),
            "a descriptor came free: patience is back"
        );
    }
}
