//! One thread's matching: the query against each path as it prints without the `./`
//! of a dotted root, then the filters. Work shared by a directory's entries (the
//! query's scope over their common prefix) is done once per directory.

use pfind::query::{DirScope, Pattern, Query};
use pfind_walk::{DirContext, DirData, Entry, WalkError};

use crate::config::Config;
use crate::filter::{EntryFilter, Verdict};
use crate::paths::DottedRoots;

/// Decides, for each entry one thread reads, whether it is a result.
pub struct Matcher<'a> {
    query: &'a Query,
    /// The roots printed with a `./` the query does not see.
    dotted_roots: &'a DottedRoots,
    /// Leading bytes of the paths in the directory being read that the query does not
    /// see (see [`Config::dotted_roots`]).
    query_skip: usize,
    match_all: bool,
    scope: DirScope,
    filters: EntryFilter<'a>,
    /// The QUERY as a glob of names, watched for a hint (see [`Config::name_probe`]).
    name_probe: Option<&'a Pattern>,
}

impl<'a> Matcher<'a> {
    pub fn new(config: &'a Config) -> Matcher<'a> {
        Matcher {
            query: &config.query,
            dotted_roots: &config.dotted_roots,
            query_skip: 0,
            match_all: config.query.matches_everything(),
            scope: DirScope::default(),
            filters: EntryFilter::new(&config.filters),
            name_probe: config.name_probe.as_ref(),
        }
    }

    /// A group of entries whose paths start with `prefix` comes next.
    pub fn enter_dir(&mut self, prefix: &[u8]) {
        if !self.match_all {
            self.query_skip = self.dotted_roots.skip_below(prefix);
            let seen = prefix.get(self.query_skip..).unwrap_or(prefix);
            self.query.enter_dir(seen, &mut self.scope);
        }
    }

    /// The data the filters hand down to a directory's entries (ignore files).
    pub fn dir_data(&mut self, dir: &DirContext<'_>) -> Option<DirData> {
        self.filters.dir_data(dir)
    }

    /// True when the name probe matches `entry`'s name.
    pub fn probe_name(&self, entry: &Entry<'_>) -> bool {
        self.name_probe
            .is_some_and(|probe| entry.depth() > 0 && probe.is_match(entry.file_name()))
    }

    /// The depth, name, query and filter tests for `entry`.
    pub fn check(&mut self, entry: &Entry<'_>) -> Verdict {
        // Without the `./` of a dotted root, as the path prints without -x, -X, -0.
        let skip = if entry.depth() > 0 {
            self.query_skip
        } else {
            self.dotted_roots.skip_root(entry.path_bytes())
        };
        if entry.depth() == 0 && !self.match_all {
            // A root's scope is its own parent's prefix, without a dotted root's `./`.
            let prefix = &entry.path_bytes()[skip.min(entry.name_start())..entry.name_start()];
            self.query.enter_dir(prefix, &mut self.scope);
        }
        let (query, scope, match_all) = (self.query, &self.scope, self.match_all);
        let matches = || {
            match_all
                || query.is_match(
                    &entry.path_bytes()[skip..],
                    entry.name_start() - skip,
                    scope,
                )
        };
        self.filters.check(entry, matches)
    }

    /// The errors the filters met since last asked (rule files that cannot be used).
    pub fn take_errors(&mut self) -> Vec<WalkError> {
        self.filters.take_errors()
    }
}
