//! Entry filters: which entries are printed and which directories are entered, beyond
//! the query. One concern per file; this file orders the tests and settles the verdict.
//!
//! Every test runs in the worker threads, and costs nothing when unused. They run
//! cheapest first, so that a `stat` or a read happens only for entries that passed
//! everything before it:
//! 1. the name (`--no-hidden`, `--exclude`, `--gitignore`, `--ignore-file`): fails
//!    prune the entry,
//!    a directory is not entered;
//! 2. the depth (`--min-depth`), then the query: a directory that matches it is not
//!    entered under `--prune`;
//! 3. the type as the directory read gave it, the extension;
//! 4. metadata (`--size`, times, `--owner`, `-t x`, `-t e`): one `fstatat`, cached;
//! 5. the content (`--contains`).

pub mod contains;
pub mod gitignore;
pub mod ignore_files;
pub mod name;
pub mod owner;
pub mod reach;
pub mod rules;
pub mod size;
pub mod time;
pub mod types;

use pfind_walk::{DirContext, DirData, Entry, FileType, WalkError};

use contains::{ContentFilter, ContentScratch};
use gitignore::IgnoreFilter;
use name::{Excludes, Extensions};
use owner::OwnerFilter;
use size::SizeFilter;
use time::TimeFilter;
use types::TypeFilter;

/// The compiled filters, shared by all threads. `Default` filters nothing.
#[derive(Debug, Default)]
pub struct Filters {
    /// Entries shallower than this are not printed (1: roots are not printed).
    pub min_depth: usize,
    /// `--type`.
    pub types: Option<TypeFilter>,
    /// `--extension`.
    pub extensions: Option<Extensions>,
    /// `--exclude`.
    pub excludes: Option<Excludes>,
    /// `--no-hidden`.
    pub no_hidden: bool,
    /// `--gitignore` and `--ignore-file`.
    pub ignore: Option<IgnoreFilter>,
    /// `--prune`: directories matching the query are printed but not entered.
    pub prune: bool,
    /// `--size` bounds (all must hold; regular files only).
    pub sizes: Vec<SizeFilter>,
    /// Modification-time bounds (all must hold).
    pub times: Vec<TimeFilter>,
    /// `--owner`.
    pub owner: Option<OwnerFilter>,
    /// `--contains`.
    pub contains: Option<ContentFilter>,
}

/// What to do with one entry.
#[derive(Debug)]
pub enum Verdict {
    /// Print it; enter it if it is a directory.
    Print,
    /// Print it, do not enter it.
    PrintAndPrune,
    /// Do not print it; enter it if it is a directory.
    Hide,
    /// Neither print it nor enter it.
    HideAndPrune,
    /// A test could not be run (the entry vanished, a file was unreadable): report the
    /// error, do not print, enter when `descend`.
    Failed {
        /// What went wrong.
        error: WalkError,
        /// Whether a directory is still entered.
        descend: bool,
    },
    /// The metadata could not be read, and find's rule for that still selects the
    /// entry (a test that needs the metadata is false, so its negation, such as
    /// `--changed-before`, is true): report the error, then print as for `Print`, or
    /// `PrintAndPrune` when not `descend`.
    PrintDespite {
        /// What went wrong.
        error: WalkError,
        /// Whether a directory is still entered.
        descend: bool,
    },
}

impl Filters {
    /// True when no test needs more than the query and the depth.
    fn needs_entry_tests(&self) -> bool {
        self.types.is_some()
            || self.extensions.is_some()
            || !self.sizes.is_empty()
            || !self.times.is_empty()
            || self.owner.is_some()
            || self.contains.is_some()
    }
}

/// One thread's view of the filters, with its scratch buffers.
pub struct EntryFilter<'a> {
    filters: &'a Filters,
    entry_tests: bool,
    content: ContentScratch,
    path_scratch: Vec<u8>,
    /// Errors met while deciding (rule files that cannot be used), to be reported
    /// ([`EntryFilter::take_errors`]).
    errors: Vec<WalkError>,
}

impl<'a> EntryFilter<'a> {
    /// The per-thread filter over `filters`.
    pub fn new(filters: &'a Filters) -> EntryFilter<'a> {
        EntryFilter {
            filters,
            entry_tests: filters.needs_entry_tests(),
            content: ContentScratch::default(),
            path_scratch: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// The errors met since the last call, by [`EntryFilter::dir_data`] and
    /// [`EntryFilter::check`] (which still decided: without the rules that could not
    /// be read); each makes the exit status 2.
    pub fn take_errors(&mut self) -> Vec<WalkError> {
        std::mem::take(&mut self.errors)
    }

    /// The per-directory data the filters carry down the tree (see
    /// [`pfind_walk::Visitor::dir_data`]).
    pub fn dir_data(&mut self, dir: &DirContext<'_>) -> Option<DirData> {
        match &self.filters.ignore {
            Some(ignore) => ignore.dir_data(dir, &mut self.errors),
            None => dir.parent_data().cloned(),
        }
    }

    /// Decides about `entry`; `query` says whether it matches the query (called at most
    /// once, after the name and depth tests).
    pub fn check(&mut self, entry: &Entry<'_>, query: impl FnOnce() -> bool) -> Verdict {
        let f = self.filters;
        if entry.depth() > 0 && self.name_prunes(entry) {
            return Verdict::HideAndPrune;
        }
        if entry.depth() < f.min_depth || !query() {
            return Verdict::Hide;
        }
        let prune = f.prune && entry.file_type() == FileType::Dir;
        if self.entry_tests {
            let (pass, error) = self.passes(entry);
            match (pass, error) {
                (true, None) => {}
                (true, Some(error)) => {
                    return Verdict::PrintDespite {
                        error,
                        descend: !prune,
                    }
                }
                (false, Some(error)) => {
                    return Verdict::Failed {
                        error,
                        descend: !prune,
                    }
                }
                (false, None) if prune => return Verdict::HideAndPrune,
                (false, None) => return Verdict::Hide,
            }
        }
        if prune {
            Verdict::PrintAndPrune
        } else {
            Verdict::Print
        }
    }

    /// The name tests that keep an entry out of the walk altogether.
    fn name_prunes(&mut self, entry: &Entry<'_>) -> bool {
        let f = self.filters;
        let name = entry.file_name();
        (f.no_hidden && name::is_hidden(name))
            || f.excludes.as_ref().is_some_and(|ex| {
                let is_dir = entry.file_type() == FileType::Dir;
                ex.matches(entry.path_bytes(), entry.depth(), name, is_dir)
            })
            || f.ignore.as_ref().is_some_and(|ignore| {
                ignore.is_ignored(entry, &mut self.path_scratch, &mut self.errors)
            })
    }

    /// Type, extension, metadata and content tests, cheapest first: whether the entry
    /// passes, and an error to report. When the metadata cannot be read, the tests
    /// that need it are false, as in find (so a negated one, `--changed-before` or
    /// `--owner !NAME`, is true); the error is reported unless the walker already did
    /// ([`Entry::stat_error_reported`]).
    fn passes(&mut self, entry: &Entry<'_>) -> (bool, Option<WalkError>) {
        let f = self.filters;
        if let Some(extensions) = &f.extensions {
            if !extensions.matches(entry.file_name()) {
                return (false, None);
            }
        }
        if !f.sizes.is_empty() && entry.file_type() != FileType::File {
            return (false, None);
        }
        let unreported = |error: WalkError| (!entry.stat_error_reported()).then_some(error);
        if let Some(types) = &f.types {
            match types.matches(entry) {
                Ok(true) => {}
                Ok(false) => return (false, None),
                Err(error) => return (false, unreported(error)),
            }
        }
        if !f.sizes.is_empty() || !f.times.is_empty() || f.owner.is_some() {
            match entry.metadata() {
                Ok(meta) => {
                    if !f.sizes.iter().all(|s| s.matches(meta.len()))
                        || !f.times.iter().all(|t| t.matches(meta.modified()))
                        || !f.owner.is_none_or(|o| o.matches(meta.uid(), meta.gid()))
                    {
                        return (false, None);
                    }
                }
                Err(error) => {
                    let pass = f.sizes.is_empty()
                        && f.times.iter().all(|t| t.matches_unknown())
                        && f.owner.is_none_or(|o| o.matches_unknown());
                    let error = unreported(error);
                    if !pass || f.contains.is_none() {
                        return (pass, error);
                    }
                    // The content is still read (and may fail on its own).
                    let (pass, content_error) = self.content(entry);
                    return (pass, error.or(content_error));
                }
            }
        }
        self.content(entry)
    }

    /// The content test, if any.
    fn content(&mut self, entry: &Entry<'_>) -> (bool, Option<WalkError>) {
        match &self.filters.contains {
            Some(contains) => match contains.matches(entry, &mut self.content) {
                Ok(pass) => (pass, None),
                Err(error) => (false, Some(error)),
            },
            None => (true, None),
        }
    }
}
