//! The walker as a library: the parallel walk and the iterators against walkdir (the
//! sequential reference) on generated trees, and the visitor contract (Skip, Quit,
//! errors, per-directory data, a panicking visitor).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pfind_walk::{DirContext, DirData, Entry, FileType, Visit, Visitor, WalkBuilder, WalkError};

/// A small deterministic generator (xorshift), so a failing tree can be rebuilt.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A tree of about `entries` files, directories and links, from `seed`: skewed
/// fan-out, some deep chains, names with spaces, dots and bytes that are not UTF-8.
fn random_tree(root: &Path, seed: u64, entries: usize) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut dirs = vec![root.to_path_buf()];
    for i in 0..entries {
        let parent = dirs[rng.below(dirs.len() as u64) as usize].clone();
        let name = match rng.below(6) {
            0 => format!("dir {i}"),
            1 => format!(".hidden{i}"),
            2 => format!("f{i}.rs"),
            3 => format!("{i}"),
            _ => format!("n{i}.txt"),
        };
        #[cfg(unix)]
        let name = if rng.below(20) == 0 {
            use std::os::unix::ffi::OsStringExt;
            std::ffi::OsString::from_vec([name.as_bytes(), b"\xff"].concat())
        } else {
            name.into()
        };
        let path = parent.join(name);
        match rng.below(10) {
            0..=2 => {
                fs::create_dir(&path).unwrap();
                dirs.push(path);
            }
            #[cfg(unix)]
            3 => std::os::unix::fs::symlink("../nowhere", &path).unwrap(),
            _ => fs::write(&path, b"").unwrap(),
        }
    }
}

/// What walkdir lists under `root` (the root included), as (path, depth, is_dir).
fn walkdir_listing(root: &Path, max_depth: Option<usize>) -> BTreeSet<(PathBuf, usize, bool)> {
    let mut walk = walkdir::WalkDir::new(root);
    if let Some(max) = max_depth {
        walk = walk.max_depth(max);
    }
    walk.into_iter()
        .map(|entry| {
            let entry = entry.unwrap();
            (
                entry.path().to_path_buf(),
                entry.depth(),
                entry.file_type().is_dir(),
            )
        })
        .collect()
}

/// Collects every entry its threads see.
struct Collect {
    seen: Arc<Mutex<Vec<(PathBuf, usize, bool)>>>,
    mine: Vec<(PathBuf, usize, bool)>,
}

impl Visitor for Collect {
    fn visit(&mut self, entry: &Entry<'_>) -> Visit {
        self.mine.push((
            entry.path().to_path_buf(),
            entry.depth(),
            entry.file_type() == FileType::Dir,
        ));
        Visit::Continue
    }
}

impl Drop for Collect {
    fn drop(&mut self) {
        self.seen.lock().unwrap().append(&mut self.mine);
    }
}

fn parallel_listing(builder: &WalkBuilder) -> Vec<(PathBuf, usize, bool)> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    builder.run(|| Collect {
        seen: seen.clone(),
        mine: Vec::new(),
    });
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    seen
}

#[test]
fn the_parallel_walk_lists_what_walkdir_lists_once_each() {
    for seed in 1..=6 {
        let dir = tempfile::tempdir().unwrap();
        random_tree(dir.path(), seed, 1500);
        for threads in [1, 2, 7] {
            for max_depth in [None, Some(0), Some(1), Some(3)] {
                let mut builder = WalkBuilder::new(dir.path());
                builder.threads(threads).max_depth(max_depth);
                let got = parallel_listing(&builder);
                let unique: BTreeSet<_> = got.iter().cloned().collect();
                assert_eq!(
                    unique.len(),
                    got.len(),
                    "an entry listed twice (seed {seed})"
                );
                assert_eq!(
                    unique,
                    walkdir_listing(dir.path(), max_depth),
                    "seed {seed}, -j{threads}, depth {max_depth:?}"
                );
            }
        }
    }
}

#[test]
fn the_iterator_lists_what_walkdir_lists() {
    let dir = tempfile::tempdir().unwrap();
    random_tree(dir.path(), 42, 3000);
    let got: Vec<_> = WalkBuilder::new(dir.path())
        .iter()
        .map(|entry| {
            let entry = entry.unwrap();
            (
                entry.path().to_path_buf(),
                entry.depth(),
                entry.file_type().is_dir(),
            )
        })
        .collect();
    let unique: BTreeSet<_> = got.iter().cloned().collect();
    assert_eq!(unique.len(), got.len());
    assert_eq!(unique, walkdir_listing(dir.path(), None));
}

#[test]
fn the_iterators_yield_errors_beside_the_entries() {
    let dir = tempfile::tempdir().unwrap();
    random_tree(dir.path(), 43, 3000);
    let missing = dir.path().join("no such root");
    let builder = WalkBuilder::with_roots([dir.path(), &missing]);
    let iterators: [(&str, Box<dyn Iterator<Item = _>>); 2] = [
        ("iter", Box::new(builder.iter())),
        ("sorted", Box::new(builder.sorted())),
    ];
    for (name, iterator) in iterators {
        let mut entries = BTreeSet::new();
        let mut errors = Vec::new();
        for item in iterator {
            match item {
                Ok(entry) => {
                    let listed = (
                        entry.path().to_path_buf(),
                        entry.depth(),
                        entry.file_type().is_dir(),
                    );
                    assert!(entries.insert(listed), "{name}: listed twice");
                }
                Err(error) => errors.push((error.path().to_path_buf(), error.depth())),
            }
        }
        assert_eq!(errors, vec![(missing.clone(), 0)], "{name}");
        assert_eq!(entries, walkdir_listing(dir.path(), None), "{name}");
    }
}

#[test]
fn an_iterator_dropped_early_stops_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    random_tree(dir.path(), 7, 5000);
    let start = Instant::now();
    let first: Vec<_> = WalkBuilder::new(dir.path())
        .threads(2)
        .iter()
        .take(3)
        .collect();
    assert_eq!(first.len(), 3);
    assert!(start.elapsed() < Duration::from_secs(20));
}

/// Skips every directory named `dir 1*`, quits at nothing: what is below them is not
/// visited, they themselves are.
struct SkipSome {
    seen: Arc<Mutex<BTreeSet<PathBuf>>>,
}

impl Visitor for SkipSome {
    fn visit(&mut self, entry: &Entry<'_>) -> Visit {
        self.seen.lock().unwrap().insert(entry.path().to_path_buf());
        if entry.file_name().starts_with(b"dir 1") {
            Visit::Skip
        } else {
            Visit::Continue
        }
    }
}

#[test]
fn skip_keeps_a_directory_but_not_what_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    random_tree(dir.path(), 3, 2000);
    let seen = Arc::new(Mutex::new(BTreeSet::new()));
    WalkBuilder::new(dir.path())
        .threads(3)
        .run(|| SkipSome { seen: seen.clone() });
    let mut want = BTreeSet::new();
    let mut walk = walkdir::WalkDir::new(dir.path()).into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.unwrap();
        want.insert(entry.path().to_path_buf());
        let skipped = entry.file_name().as_encoded_bytes().starts_with(b"dir 1");
        if skipped && entry.file_type().is_dir() {
            walk.skip_current_dir();
        }
    }
    assert_eq!(*seen.lock().unwrap(), want);
}

/// Quits at the first entry past the root.
struct QuitAtOnce {
    visits: Arc<Mutex<usize>>,
}

impl Visitor for QuitAtOnce {
    fn visit(&mut self, entry: &Entry<'_>) -> Visit {
        *self.visits.lock().unwrap() += 1;
        if entry.depth() > 0 {
            Visit::Quit
        } else {
            Visit::Continue
        }
    }
}

#[test]
fn quit_stops_the_walk_soon() {
    let dir = tempfile::tempdir().unwrap();
    random_tree(dir.path(), 5, 5000);
    let visits = Arc::new(Mutex::new(0));
    WalkBuilder::new(dir.path()).threads(4).run(|| QuitAtOnce {
        visits: visits.clone(),
    });
    let visits = *visits.lock().unwrap();
    // Each thread may be in the middle of a directory when another quits.
    assert!(visits < 1000, "{visits} entries visited after Quit");
}

/// Records errors, and the depth each directory's data says.
struct DataAndErrors {
    errors: Arc<Mutex<Vec<(PathBuf, usize)>>>,
    mismatches: Arc<Mutex<Vec<PathBuf>>>,
}

impl Visitor for DataAndErrors {
    fn dir_data(&mut self, dir: &DirContext<'_>) -> Option<DirData> {
        // Each directory's data is its parent's plus one: a depth counted down the tree.
        let parent = dir
            .parent_data()
            .and_then(|data| data.downcast_ref::<usize>().copied());
        Some(Arc::new(parent.map_or(0, |depth| depth + 1)))
    }

    fn visit(&mut self, entry: &Entry<'_>) -> Visit {
        if let Some(data) = entry.dir_data() {
            let counted = data.downcast_ref::<usize>().copied();
            if counted != Some(entry.depth() - 1) {
                self.mismatches
                    .lock()
                    .unwrap()
                    .push(entry.path().to_path_buf());
            }
        }
        Visit::Continue
    }

    fn error(&mut self, error: WalkError) -> Visit {
        self.errors
            .lock()
            .unwrap()
            .push((error.path().to_path_buf(), error.depth()));
        Visit::Continue
    }
}

#[test]
fn directory_data_reaches_the_children_and_errors_name_their_path() {
    let dir = tempfile::tempdir().unwrap();
    random_tree(dir.path(), 9, 2000);
    let missing = dir.path().join("no such root");
    let errors = Arc::new(Mutex::new(Vec::new()));
    let mismatches = Arc::new(Mutex::new(Vec::new()));
    WalkBuilder::with_roots([dir.path(), &missing])
        .threads(3)
        .run(|| DataAndErrors {
            errors: errors.clone(),
            mismatches: mismatches.clone(),
        });
    assert!(
        mismatches.lock().unwrap().is_empty(),
        "{:?}",
        mismatches.lock().unwrap()
    );
    assert_eq!(*errors.lock().unwrap(), vec![(missing, 0)]);
}

/// Panics at one entry.
struct Panics;

impl Visitor for Panics {
    fn visit(&mut self, entry: &Entry<'_>) -> Visit {
        if entry.file_name() == b"f100.rs" {
            panic!("a visitor's bug");
        }
        Visit::Continue
    }
}

#[test]
fn a_panicking_visitor_ends_the_walk_with_its_panic() {
    let dir = tempfile::tempdir().unwrap();
    random_tree(dir.path(), 11, 3000);
    fs::write(dir.path().join("f100.rs"), b"").unwrap();
    for threads in [1, 4] {
        let (done, finished) = std::sync::mpsc::channel();
        let root = dir.path().to_path_buf();
        std::thread::spawn(move || {
            let outcome = std::panic::catch_unwind(|| {
                WalkBuilder::new(&root).threads(threads).run(|| Panics);
            });
            done.send(outcome.is_err()).unwrap();
        });
        let panicked = finished
            .recv_timeout(Duration::from_secs(30))
            .expect("the walk hung after its visitor panicked");
        assert!(panicked, "the panic was lost (-j{threads})");
    }
}

#[test]
fn the_sorted_iterator_streams_what_sorting_the_walk_gives() {
    for seed in [21, 22, 23] {
        let dir = tempfile::tempdir().unwrap();
        random_tree(dir.path(), seed, 3000);
        for threads in [1, 3] {
            let mut builder = WalkBuilder::new(dir.path());
            builder.threads(threads);
            let sorted: Vec<_> = builder
                .sorted()
                .map(|entry| {
                    let entry = entry.unwrap();
                    (
                        entry.path_bytes().to_vec(),
                        entry.depth(),
                        entry.file_type(),
                    )
                })
                .collect();
            let mut unsorted: Vec<_> = builder
                .iter()
                .map(|entry| {
                    let entry = entry.unwrap();
                    (
                        entry.path_bytes().to_vec(),
                        entry.depth(),
                        entry.file_type(),
                    )
                })
                .collect();
            unsorted.sort_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(sorted.len(), unsorted.len(), "seed {seed}, -j{threads}");
            assert!(
                sorted == unsorted,
                "seed {seed}, -j{threads}: not in byte order"
            );
        }
    }
}

#[test]
fn overlapping_roots_are_sorted_together() {
    let dir = tempfile::tempdir().unwrap();
    random_tree(dir.path(), 31, 800);
    let sub = fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.is_dir())
        .expect("a subdirectory");
    let builder = WalkBuilder::with_roots([dir.path(), &sub, dir.path()]);
    let sorted: Vec<_> = builder
        .sorted()
        .map(|e| e.unwrap().into_path_bytes())
        .collect();
    let mut unsorted: Vec<_> = builder
        .iter()
        .map(|e| e.unwrap().into_path_bytes())
        .collect();
    unsorted.sort();
    assert!(sorted == unsorted, "roots given twice and nested");
}

/// Writes nothing anywhere: records the largest chunk it was handed, and how many
/// results in all.
#[derive(Default)]
struct LargestChunk {
    largest: std::sync::atomic::AtomicUsize,
    results: std::sync::atomic::AtomicU64,
}

impl pfind_walk::sorted::Sink for LargestChunk {
    fn append_path(&self, out: &mut Vec<u8>, prefix: &[u8], name: &[u8], _tag: &[u8]) {
        out.extend_from_slice(prefix);
        out.extend_from_slice(name);
        out.push(b'\n');
    }

    fn due(&self, pending: usize, _held_since: Instant) -> bool {
        // A pipe's printer: large chunks.
        pending >= 16 * 1024
    }

    fn write(&self, chunk: &[u8], results: u64) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        self.largest.fetch_max(chunk.len(), Relaxed);
        self.results.fetch_add(results, Relaxed);
        true
    }
}

/// Puts every entry in the sorted output, as its path.
struct AllResults;

impl Visitor for AllResults {
    fn visit(&mut self, _entry: &Entry<'_>) -> Visit {
        Visit::Continue
    }

    fn visit_sorted(
        &mut self,
        _entry: &Entry<'_>,
        record: &mut pfind_walk::sorted::Record<'_>,
    ) -> Visit {
        record.path(&[]);
        Visit::Continue
    }
}

#[test]
fn a_sorted_walk_writes_as_it_goes_not_in_one_piece() {
    // Threads that read ahead of the output make it wait, then release much of the
    // tree at once (all of it at the end): that must still reach the sink in chunks
    // near the size it asks for (64 KiB is when the walk asks it), not in one piece.
    let dir = tempfile::tempdir().unwrap();
    random_tree(dir.path(), 51, 20_000);
    let mut builder = WalkBuilder::new(dir.path());
    builder.threads(4);
    let sink = LargestChunk::default();
    let output = pfind_walk::sorted::SortedOutput::new(&builder, &sink, 64 << 20);
    builder.run_sorted(&output, || AllResults);
    output.finish();
    let results = sink.results.load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(results as usize, walkdir_listing(dir.path(), None).len());
    let largest = sink.largest.load(std::sync::atomic::Ordering::Relaxed);
    assert!(largest <= 64 * 1024 + 4096, "a chunk of {largest} bytes");
}
