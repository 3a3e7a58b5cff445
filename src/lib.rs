//! pfind as a library: a parallel, breadth-first filesystem walker and the query
//! matcher the `pfind` command uses.
//!
//! - [`walk`]: the walker. A fixed pool of threads reads directories with getdents64,
//!   hands every entry to a per-thread [`walk::Visitor`], and queues subdirectories on a
//!   work-stealing queue.
//! - [`query`]: substring, glob and regex patterns, combined with and/or/not.
//!
//! ```no_run
//! use pfind::query::{Pattern, Query, Syntax, Target, DirScope};
//! use pfind::walk::{Entry, Visit, Visitor, WalkBuilder};
//!
//! struct PrintMatches<'q> { query: &'q Query, scope: DirScope }
//!
//! impl Visitor for PrintMatches<'_> {
//!     fn enter_dir(&mut self, prefix: &[u8]) {
//!         self.query.enter_dir(prefix, &mut self.scope);
//!     }
//!     fn visit(&mut self, entry: &Entry<'_>) -> Visit {
//!         if entry.depth() > 0 && self.query.is_match(entry.path_bytes(), entry.name_start(), &self.scope) {
//!             println!("{}", entry.path().display());
//!         }
//!         Visit::Continue
//!     }
//! }
//!
//! let query = Query::new(Pattern::new(b".py", Syntax::Substring, false)?, Target::Path);
//! WalkBuilder::new("/usr").run(|| PrintMatches { query: &query, scope: DirScope::default() });
//! # Ok::<(), pfind::query::QueryError>(())
//! ```

#![warn(missing_docs)]
// `stat` field types differ between targets (st_dev is u32 on some, st_mode u16 on
// others): the casts that are no-ops on x86-64 Linux are needed elsewhere.
#![allow(clippy::unnecessary_cast)]

pub mod query;
pub mod walk;
