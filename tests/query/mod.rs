//! The query: what `pfind ROOT QUERY` matches. A substring of the path as printed
//! (find's `-path '*QUERY*'`), `-b` for the name, `-g` globs (find's fnmatch in a UTF-8
//! locale, plus the globstar), `-r` regexes, `-i` and `--smart-case`, and
//! `--and/--or/--not`; the oracles are GNU find and the glob model in `fnmatch.rs`.
//! Random trees against find and walkdir are in `differential.rs` and `properties/`.

// The glob oracle, also used by `properties/`.
pub(crate) mod fnmatch;
// GNU find on names that are not UTF-8 (and `\\`, which Windows forbids in names).
#[cfg(unix)]
mod globs;
mod matching;
