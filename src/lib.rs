//! The library of the `pfind-cli` package, imported as `pfind`: the query matcher the
//! `pfind` command uses, and how it shows names on a terminal. (The walker is the
//! `pfind-walk` crate; the rest of pfind is its binary.)
//!
//! - [`query`]: substring, glob and regex patterns, combined with and/or/not; the
//!   default is find's `-path '*QUERY*'`, a case-sensitive substring of the path.
//! - [`escape`]: how a name is shown on a terminal or in a message.
//!
//! ```
//! use pfind::query::{DirScope, Pattern, Query, Syntax, Target};
//!
//! // `pfind ROOT -b -g '*.rs'`: names matching a glob.
//! let query = Query::new(Pattern::new(b"*.rs", Syntax::Glob, false)?, Target::Name);
//! let mut scope = DirScope::default();
//! // Work shared by a directory's entries is done once, for their common prefix.
//! query.enter_dir(b"src/walk/", &mut scope);
//! assert!(query.is_match(b"src/walk/pool.rs", 9, &scope));
//! assert!(!query.is_match(b"src/walk/README", 9, &scope));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]
// `stat` field types differ between targets (st_dev is u32 on some, st_mode u16 on
// others): the casts that are no-ops on x86-64 Linux are needed elsewhere.
#![allow(clippy::unnecessary_cast)]

pub mod escape;
pub mod query;
