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

use pfind::walk::{DirData, DirRef, Entry, FileType, Listing, WalkError};

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
    /// Links are followed (`--follow`): metadata and opens go to the target.
    pub follow: bool,
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
    /// [`pfind::walk::Visitor::dir_data`]).
    pub fn dir_data(
        &mut self,
        dir: DirRef<'_>,
        prefix: &[u8],
        depth: usize,
        parent: Option<&DirData>,
        listing: &Listing<'_>,
    ) -> Option<DirData> {
        match &self.filters.ignore {
            Some(ignore) => ignore.dir_data(dir, prefix, depth, parent, listing, &mut self.errors),
            None => parent.cloned(),
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
            match self.passes(entry) {
                Ok(true) => {}
                Ok(false) if prune => return Verdict::HideAndPrune,
                Ok(false) => return Verdict::Hide,
                Err(error) => {
                    return Verdict::Failed {
                        error,
                        descend: !prune,
                    }
                }
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

    /// Type, extension, metadata and content tests, cheapest first.
    fn passes(&mut self, entry: &Entry<'_>) -> Result<bool, WalkError> {
        let f = self.filters;
        if let Some(extensions) = &f.extensions {
            if !extensions.matches(entry.file_name()) {
                return Ok(false);
            }
        }
        if !f.sizes.is_empty() && entry.file_type() != FileType::File {
            return Ok(false);
        }
        if let Some(types) = &f.types {
            if !types.matches(entry, f.follow)? {
                return Ok(false);
            }
        }
        if !f.sizes.is_empty() || !f.times.is_empty() || f.owner.is_some() {
            let meta = entry.metadata()?;
            if !f.sizes.iter().all(|s| s.matches(meta.len()))
                || !f.times.iter().all(|t| t.matches(meta.modified()))
                || !f.owner.is_none_or(|o| o.matches(meta.uid(), meta.gid()))
            {
                return Ok(false);
            }
        }
        if let Some(contains) = &f.contains {
            return contains.matches(entry, f.follow, &mut self.content);
        }
        Ok(true)
    }
}
