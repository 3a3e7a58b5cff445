//! The physical floor pfind is measured against: a bare parallel walk that reads every
//! directory with getdents64 and does nothing else (no matching, no output, no path
//! building). Used by `bench/run.sh`; not part of pfind.
//!
//!     cargo run --release --example getdents_floor -- ROOT [THREADS]
//!
//! Each task is one directory: opened with `openat` relative to its parent's open
//! handle, read with rustix's `RawDir` into a reused 32 KiB per-thread buffer,
//! closed when its last child has been opened. Work is shared on crossbeam-deque: one
//! LIFO deque per thread (depth first, as pfind walks, and faster than breadth first
//! here too), thieves taking the oldest task; idle threads yield until the pending
//! count reaches zero. Prints the number of entries seen to stderr, so a run can be
//! checked.

//! getdents64 is Linux's: on other systems the example says so and exits.

use std::process::ExitCode;

#[cfg(target_os = "linux")]
fn main() -> ExitCode {
    linux::main()
}

#[cfg(not(target_os = "linux"))]
fn main() -> ExitCode {
    eprintln!("getdents_floor: getdents64 is Linux's; no floor to measure here");
    ExitCode::from(2)
}

#[cfg(target_os = "linux")]
mod linux {
    use std::ffi::OsStr;
    use std::mem::MaybeUninit;
    use std::os::fd::{AsFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    use std::process::ExitCode;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use crossbeam_deque::{Steal, Stealer, Worker};
    use rustix::fs::{Mode, OFlags, RawDir, CWD};

    struct Task {
        parent: Option<Arc<OwnedFd>>,
        name: Box<[u8]>,
    }

    const FLAGS: OFlags = OFlags::RDONLY
        .union(OFlags::DIRECTORY)
        .union(OFlags::CLOEXEC)
        .union(OFlags::NOFOLLOW);

    pub fn main() -> ExitCode {
        let mut args = std::env::args_os().skip(1);
        let Some(root) = args.next() else {
            eprintln!("usage: getdents_floor ROOT [THREADS]");
            return ExitCode::from(2);
        };
        let threads: usize = args
            .next()
            .and_then(|t| t.to_str().and_then(|t| t.parse().ok()))
            .unwrap_or(2)
            .max(1);
        presize_fd_table();

        let pending = AtomicUsize::new(1);
        let entries = AtomicUsize::new(0);
        let deques: Vec<Worker<Task>> = (0..threads).map(|_| Worker::new_lifo()).collect();
        let stealers: Vec<Stealer<Task>> = deques.iter().map(Worker::stealer).collect();
        deques[0].push(Task {
            parent: None,
            name: root.as_bytes().into(),
        });
        std::thread::scope(|scope| {
            for local in deques {
                let (pending, entries, stealers) = (&pending, &entries, &stealers);
                scope.spawn(move || {
                    let mut buf = vec![MaybeUninit::<u8>::uninit(); 32 * 1024];
                    let mut seen = 0usize;
                    loop {
                        let task = local.pop().or_else(|| {
                            stealers.iter().find_map(|s| loop {
                                match s.steal_batch_and_pop(&local) {
                                    Steal::Success(t) => break Some(t),
                                    Steal::Empty => break None,
                                    Steal::Retry => {}
                                }
                            })
                        });
                        match task {
                            Some(task) => {
                                seen += read_dir(task, &local, pending, &mut buf);
                                pending.fetch_sub(1, Ordering::SeqCst);
                            }
                            None if pending.load(Ordering::SeqCst) == 0 => break,
                            None => std::thread::yield_now(),
                        }
                    }
                    entries.fetch_add(seen, Ordering::Relaxed);
                });
            }
        });
        eprintln!("{} entries", entries.load(Ordering::Relaxed));
        ExitCode::SUCCESS
    }

    /// Reads one directory, queueing its subdirectories. Returns the entries seen.
    fn read_dir(
        task: Task,
        local: &Worker<Task>,
        pending: &AtomicUsize,
        buf: &mut [MaybeUninit<u8>],
    ) -> usize {
        let name = OsStr::from_bytes(&task.name);
        let opened = match &task.parent {
            Some(parent) => rustix::fs::openat(parent.as_fd(), name, FLAGS, Mode::empty()),
            None => rustix::fs::openat(CWD, name, FLAGS - OFlags::NOFOLLOW, Mode::empty()),
        };
        drop(task);
        let Ok(fd) = opened else { return 0 };
        let fd = Arc::new(fd);
        let mut seen = 0;
        let mut raw = RawDir::new(fd.as_fd(), buf);
        while let Some(Ok(entry)) = raw.next() {
            let name = entry.file_name().to_bytes();
            if name == b"." || name == b".." {
                continue;
            }
            seen += 1;
            if entry.file_type() == rustix::fs::FileType::Directory {
                pending.fetch_add(1, Ordering::SeqCst);
                local.push(Task {
                    parent: Some(fd.clone()),
                    name: name.into(),
                });
            }
        }
        seen
    }

    /// Raises the descriptor limit and grows the table before threads share it (as pfind
    /// does): parents stay open while their children wait in the queue.
    fn presize_fd_table() {
        use rustix::process::{getrlimit, setrlimit, Resource};
        let mut limit = getrlimit(Resource::Nofile);
        limit.current = limit.maximum;
        let _ = setrlimit(Resource::Nofile, limit);
        if let Ok(fd) = rustix::io::fcntl_dupfd_cloexec(rustix::stdio::stderr(), 4160) {
            drop(fd);
        }
    }
}
