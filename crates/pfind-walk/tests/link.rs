//! Linked walks: several pools in one process, each on its own thread, joined by a
//! little in-process transport (a thread that moves directories from busy walks to
//! idle ones and decides when all are over), as MPI ranks would be. What they visit
//! together is what walkdir lists, every directory read once; a walk that quits
//! ends them all; a received directory never leads out of its root.

#![cfg(unix)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use pfind_walk::link::{Link, RemoteDir};
use pfind_walk::{DirContext, DirData, Entry, Visit, Visitor, WalkBuilder, WalkError};

/// What all the walks saw: entries (path, depth), directories read and by which
/// walk, errors.
#[derive(Default)]
struct Seen {
    entries: Mutex<Vec<(Vec<u8>, usize)>>,
    reads: Mutex<Vec<(Vec<u8>, usize)>>,
    errors: Mutex<Vec<(Vec<u8>, String)>>,
}

struct Recorder<'a> {
    seen: &'a Seen,
    walk: usize,
    /// Sleep per directory read, so that work piles up and moves.
    pause: Duration,
    /// Quit at the entry whose name is this.
    quit_at: Option<&'a str>,
}

impl Visitor for Recorder<'_> {
    fn dir_data(&mut self, dir: &DirContext<'_>) -> Option<DirData> {
        let prefix = dir.prefix();
        let path = prefix.strip_suffix(b"/").unwrap_or(prefix).to_vec();
        self.seen.reads.lock().unwrap().push((path, self.walk));
        thread::sleep(self.pause);
        None
    }

    fn visit(&mut self, entry: &Entry<'_>) -> Visit {
        let path = entry.path_bytes().to_vec();
        let quit = self
            .quit_at
            .is_some_and(|name| path.ends_with(name.as_bytes()));
        self.seen
            .entries
            .lock()
            .unwrap()
            .push((path, entry.depth()));
        if quit {
            Visit::Quit
        } else {
            Visit::Continue
        }
    }

    fn error(&mut self, error: WalkError) -> Visit {
        let path = error.path().as_os_str().as_bytes().to_vec();
        self.seen
            .errors
            .lock()
            .unwrap()
            .push((path, error.reason()));
        Visit::Continue
    }
}

/// A tree `width` wide at the top, each of those `depth` levels deep with `fan`
/// subdirectories and two files per directory.
fn tree(root: &Path, width: usize, fan: usize, depth: usize) {
    fn grow(dir: &Path, fan: usize, depth: usize) {
        fs::write(dir.join("a.txt"), b"").unwrap();
        fs::write(dir.join("b.rs"), b"").unwrap();
        if depth == 0 {
            return;
        }
        for i in 0..fan {
            let sub = dir.join(format!("d{i}"));
            fs::create_dir(&sub).unwrap();
            grow(&sub, fan, depth - 1);
        }
    }
    for i in 0..width {
        let top = root.join(format!("top {i}"));
        fs::create_dir(&top).unwrap();
        grow(&top, fan, depth);
    }
    std::os::unix::fs::symlink("top 0", root.join("link")).unwrap();
}

fn walkdir_listing(root: &Path) -> BTreeSet<(Vec<u8>, usize)> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            (e.path().as_os_str().as_bytes().to_vec(), e.depth())
        })
        .collect()
}

/// What the transport did.
#[derive(Debug, Default)]
struct Moved {
    batches: usize,
    dirs: usize,
}

/// Moves directories from busy walks to idle ones until every walk is idle with
/// nothing in the transport's hands (then finishes them all), or one walk ended on
/// its own (a quit: then it finishes the others). The only mover, so a walk seen
/// idle stays idle until this thread gives it work: checking them one after another
/// is enough to know that all are.
fn transport(links: &[Link]) -> Moved {
    let mut moved = Moved::default();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(Instant::now() < deadline, "the linked walks did not end");
        if links.iter().any(Link::ended) {
            links.iter().for_each(Link::finish);
            return moved;
        }
        let idle: Vec<usize> = (0..links.len()).filter(|&i| links[i].idle()).collect();
        if idle.len() == links.len() {
            links.iter().for_each(Link::finish);
            return moved;
        }
        for &thief in &idle {
            for victim in (0..links.len()).filter(|v| !idle.contains(v)) {
                let dirs = links[victim].give(4);
                if dirs.is_empty() {
                    continue;
                }
                // Through bytes, as they would travel.
                let mut bytes = Vec::new();
                dirs.iter().for_each(|d| d.to_bytes(&mut bytes));
                let dirs = RemoteDir::all_from_bytes(&bytes).unwrap();
                moved.batches += 1;
                moved.dirs += dirs.len();
                links[thief].take(dirs).expect("an idle walk is running");
                break;
            }
        }
        links[0].wait_idle(Duration::from_millis(1));
    }
}

/// Runs `walks` linked walks of `root` (the first seeded), each with `threads`
/// threads. Returns what they saw and what the transport moved.
fn linked_walks(root: &Path, walks: usize, threads: usize, quit_at: Option<&str>) -> (Seen, Moved) {
    let seen = Seen::default();
    let links: Vec<Link> = (0..walks).map(|_| Link::new()).collect();
    let moved = thread::scope(|s| {
        for (i, link) in links.iter().enumerate() {
            let seen = &seen;
            s.spawn(move || {
                let mut walk = WalkBuilder::new(root);
                walk.threads(threads).link(link).seed_roots(i == 0);
                walk.run(|| Recorder {
                    seen,
                    walk: i,
                    pause: Duration::from_millis(2),
                    quit_at,
                });
            });
        }
        transport(&links)
    });
    (seen, moved)
}

#[test]
fn linked_walks_visit_what_walkdir_lists_each_directory_once() {
    let tmp = tempfile::tempdir().unwrap();
    tree(tmp.path(), 6, 3, 3);
    for (walks, threads) in [(1, 1), (2, 1), (3, 2)] {
        let (seen, moved) = linked_walks(tmp.path(), walks, threads, None);
        let entries = seen.entries.into_inner().unwrap();
        let set: BTreeSet<_> = entries.iter().cloned().collect();
        assert_eq!(
            set.len(),
            entries.len(),
            "an entry visited twice ({walks} walks)"
        );
        assert_eq!(set, walkdir_listing(tmp.path()), "{walks} walks");
        let reads = seen.reads.into_inner().unwrap();
        let mut by_path = BTreeMap::new();
        for (path, _) in &reads {
            *by_path.entry(path.clone()).or_insert(0) += 1;
        }
        assert!(by_path.values().all(|&n| n == 1), "a directory read twice");
        assert!(seen.errors.into_inner().unwrap().is_empty());
        if walks > 1 {
            assert!(moved.dirs > 0, "nothing moved: {moved:?}");
            let readers: BTreeSet<usize> = reads.iter().map(|(_, w)| *w).collect();
            assert_eq!(readers.len(), walks, "not every walk read: {moved:?}");
        }
    }
}

#[test]
fn a_walk_that_quits_ends_every_linked_walk() {
    let tmp = tempfile::tempdir().unwrap();
    tree(tmp.path(), 6, 3, 3);
    let start = Instant::now();
    let (seen, _) = linked_walks(tmp.path(), 3, 1, Some("top 4/d1/d2/d0/b.rs"));
    assert!(start.elapsed() < Duration::from_secs(30));
    let entries = seen.entries.into_inner().unwrap();
    assert!(entries.len() < walkdir_listing(tmp.path()).len());
}

#[test]
fn a_finished_link_lets_the_walk_run_alone() {
    let tmp = tempfile::tempdir().unwrap();
    tree(tmp.path(), 2, 2, 1);
    let link = Link::new();
    link.finish();
    let count = AtomicUsize::new(0);
    struct Count<'a>(&'a AtomicUsize);
    impl Visitor for Count<'_> {
        fn visit(&mut self, _: &Entry<'_>) -> Visit {
            self.0.fetch_add(1, Ordering::Relaxed);
            Visit::Continue
        }
    }
    WalkBuilder::new(tmp.path())
        .link(&link)
        .run(|| Count(&count));
    assert_eq!(count.into_inner(), walkdir_listing(tmp.path()).len());
    assert!(link.give(4).is_empty());
    assert!(link.take(Vec::new()).is_err());
}

/// Hands `dirs` to a walk of `root` that starts with nothing, then finishes it once
/// it is idle; returns what it saw.
fn receive(root: &Path, dirs: Vec<RemoteDir>) -> Seen {
    let seen = Seen::default();
    let link = Link::new();
    thread::scope(|s| {
        let seen = &seen;
        let link2 = link.clone();
        s.spawn(move || {
            let mut walk = WalkBuilder::new(root);
            walk.threads(2).link(&link2).seed_roots(false);
            walk.run(|| Recorder {
                seen,
                walk: 0,
                pause: Duration::ZERO,
                quit_at: None,
            });
        });
        while !link.idle() {
            thread::sleep(Duration::from_millis(1));
        }
        link.take(dirs).unwrap();
        // Idle again: everything received was walked.
        thread::sleep(Duration::from_millis(5));
        while !link.wait_idle(Duration::from_millis(10)) {}
        link.finish();
    });
    seen
}

fn ino(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).unwrap().ino()
}

#[test]
fn a_received_directory_is_reached_without_following_links() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    fs::create_dir_all(root.join("real/sub")).unwrap();
    fs::write(root.join("real/sub/inside"), b"").unwrap();
    let outside = tmp.path().join("outside");
    fs::create_dir_all(outside.join("sub")).unwrap();
    fs::write(outside.join("sub/secret"), b"").unwrap();
    std::os::unix::fs::symlink(&outside, root.join("link")).unwrap();
    let root_bytes = root.as_os_str().as_bytes().to_vec();
    let dir = |rel: &str, parent_ino: u64| RemoteDir {
        root: 0,
        path: [root_bytes.as_slice(), b"/", rel.as_bytes()].concat(),
        depth: rel.split('/').count(),
        parent_ino,
    };
    let seen = receive(
        &root,
        vec![
            dir("real/sub", ino(&root.join("real"))),
            // The same directory, through a link: refused.
            dir("link/sub", ino(&outside)),
            // A parent that is not the one the sender read: refused.
            dir("real/sub", ino(&root)),
            // Not a path below the root: refused.
            dir("real/../../outside/sub", 0),
        ],
    );
    let entries = seen.entries.into_inner().unwrap();
    let names: Vec<String> = entries
        .iter()
        .map(|(p, _)| String::from_utf8_lossy(p).into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].ends_with("real/sub/inside"));
    let errors = seen.errors.into_inner().unwrap();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors.iter().any(|(p, _)| p.ends_with(b"link/sub")));
    assert!(errors
        .iter()
        .any(|(p, reason)| p.ends_with(b"real/sub") && reason.contains("changed")));
    assert!(errors.iter().any(|(p, _)| p.ends_with(b"outside/sub")));
}
