//! pfind as a library: a parallel, depth-first filesystem walker and the query
//! matcher the `pfind` command uses. The package is `pfind-cli` (the name `pfind` was
//! taken on crates.io); the library is imported as `pfind`.
//!
//! - [`walk`]: the walker. A pool of threads reads directories (with getdents64 on
//!   Linux, readdir on macOS and the BSDs, `read_dir` on Windows: see [`platform`]),
//!   hands every entry to a per-thread [`walk::Visitor`], and queues subdirectories on a
//!   work-stealing queue. It knows nothing of queries.
//! - [`query`]: substring, glob and regex patterns, combined with and/or/not; the
//!   default is find's `-path '*QUERY*'`, a case-sensitive substring of the path.
//! - [`escape`]: how a name is shown on a terminal or in a message.
//!
//! Entries arrive on several threads at once and in no particular order, so a visitor
//! either keeps per-thread state or shares a lock, and a caller that wants an order
//! sorts. The example builds a small tree and collects the `.rs` files in it, like
//! `pfind ROOT -b -g '*.rs'`:
//!
//! ```
//! use std::path::Path;
//! use std::sync::Mutex;
//!
//! use pfind::query::{DirScope, Pattern, Query, Syntax, Target};
//! use pfind_walk::{Entry, Visit, Visitor, WalkBuilder};
//!
//! /// Collects the matching paths, relative to the root.
//! struct Collect<'a> {
//!     root: &'a Path,
//!     query: &'a Query,
//!     scope: DirScope,
//!     found: &'a Mutex<Vec<String>>,
//! }
//!
//! impl Visitor for Collect<'_> {
//!     fn enter_dir(&mut self, prefix: &[u8]) {
//!         // Work shared by every entry of the directory is done once, here.
//!         self.query.enter_dir(prefix, &mut self.scope);
//!     }
//!
//!     fn visit(&mut self, entry: &Entry<'_>) -> Visit {
//!         // Depth 0 is the root itself, which pfind never prints.
//!         let path = entry.path_bytes();
//!         if entry.depth() > 0 && self.query.is_match(path, entry.name_start(), &self.scope) {
//!             let relative = entry.path().strip_prefix(self.root).unwrap_or(entry.path());
//!             let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
//!             found.push(relative.display().to_string());
//!         }
//!         Visit::Continue
//!     }
//! }
//!
//! let root = std::env::temp_dir().join(format!("pfind-doc-{}", std::process::id()));
//! std::fs::create_dir_all(root.join("src/walk"))?;
//! std::fs::create_dir_all(root.join("doc"))?;
//! for file in ["src/main.rs", "src/walk/pool.rs", "doc/pfind.1", "README.md"] {
//!     std::fs::write(root.join(file), "")?;
//! }
//!
//! let glob = Pattern::new(b"*.rs", Syntax::Glob, false)?;
//! let query = Query::new(glob, Target::Name);
//! let found = Mutex::new(Vec::new());
//! WalkBuilder::new(&root).threads(2).run(|| Collect {
//!     root: &root,
//!     query: &query,
//!     scope: DirScope::default(),
//!     found: &found,
//! });
//!
//! let mut found = found.into_inner()?;
//! found.sort();
//! assert_eq!(found, ["src/main.rs", "src/walk/pool.rs"]);
//! std::fs::remove_dir_all(&root)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]
// `stat` field types differ between targets (st_dev is u32 on some, st_mode u16 on
// others): the casts that are no-ops on x86-64 Linux are needed elsewhere.
#![allow(clippy::unnecessary_cast)]

pub mod escape;
pub mod platform;
pub mod query;
