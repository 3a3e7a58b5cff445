//! Ignore rules: `--gitignore` (git's rules and `.ignore` files) and `--ignore-file`,
//! matched by the `ignore` crate's `gitignore` module (never by hand-written gitignore
//! semantics).
//!
//! Each directory's rules travel down the tree as the walker's per-directory data
//! ([`pfind_walk::Visitor::dir_data`]): a chain of [`Level`]s, innermost first, one
//! per root and per directory that has rules. Which ignore files a directory has, and
//! whether it holds `.git`, is read from its [`Listing`] (the walker's first read of
//! it), so a directory without them costs no system call; only a directory larger
//! than one read is asked with `openat`/`fstatat` for the names its listing lacks. An
//! entry is matched only against the rules whose [`Reach`](super::reach::Reach) takes
//! in its kind, depth and name, and a file's matcher is built the first time it is
//! needed ([`Rules`]).
//!
//! Precedence, as ripgrep and fd rank their sources; the first with an opinion
//! decides, and `!pattern` re-includes:
//! 1. `.ignore` files, the innermost first, wherever they are: above the root, and
//!    across nested repositories;
//! 2. `.gitignore` files of the innermost repository (the nearest directory holding
//!    `.git`), the innermost first: a deeper file overrides a shallower one, and a
//!    nested repository does not inherit its parent's. Like git, `.gitignore` files
//!    count only inside a repository;
//! 3. that repository's `info/exclude`, then the global excludes file
//!    (`core.excludesFile`, or `$XDG_CONFIG_HOME/git/ignore`);
//! 4. the `--ignore-file`s, the last given first, matched against paths relative to
//!    the current directory.
//!
//! A root first collects the `.ignore` files of the directories above it and, inside
//! a repository, the `.gitignore` files up to its top. Ignored directories are not
//! entered, and with `--gitignore`, `.git` is never listed. A `.git` file (a linked
//! worktree or a submodule) is followed to its git directory (`gitdir: PATH`), and
//! from there to the common directory (`commondir`) whose `info/exclude` git reads.
//! Limit: tracked files that match an ignore rule are hidden although git lists them
//! (pfind does not read the index).
//!
//! A rule file that cannot be used (see `ignore_files`) is reported through the
//! caller's `errors`, once, by the thread that reads it; its rules are not applied.

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::platform::os_str;
use pfind_walk::{DirContext, DirData, DirRef, Entry, FileType, Lookup, OpenDir, WalkError};

use super::ignore_files::{git_common_dir, listed_unusable, read_global_rules, read_rules};
use super::rules::Rules;

/// The ignore filter: which sources are on, and the rules read once (global
/// excludes, `--ignore-file`s); the per-directory levels are built as the walk goes.
#[derive(Debug)]
pub struct IgnoreFilter {
    /// `--gitignore`: `.gitignore`, `.ignore`, `info/exclude`, global excludes.
    git: bool,
    global: Option<Arc<Rules>>,
    /// Why the global excludes file could not be used, until the first root reports it.
    global_error: Mutex<Option<WalkError>>,
    /// `--ignore-file`s, in the order given.
    files: Vec<Rules>,
    /// The current directory, which `--ignore-file` patterns are relative to.
    cwd: Option<PathBuf>,
}

/// How to turn an entry's printed path into a path relative to some directory.
#[derive(Debug)]
struct Place {
    /// For a directory above the entry's root: the path from it down to the root,
    /// ending in `/`, put in front of the path below the root. Empty otherwise.
    lead: Box<[u8]>,
    /// How many bytes of the printed path to drop first.
    cut: usize,
    /// An entry at depth `d` is `d + offset` path components below the directory.
    offset: isize,
}

/// The rules of one directory.
#[derive(Debug)]
struct Level {
    /// Where this directory's patterns are anchored.
    place: Place,
    dot_ignore: Option<Rules>,
    gitignore: Option<Rules>,
    /// Set when this directory is the top of a repository.
    repo: Option<RepoRules>,
    /// True inside a git repository (so `.gitignore` files count).
    in_repo: bool,
    /// True when this level or one above it has `.ignore` rules.
    dot_ignores: bool,
    /// The walk's root as seen from the current directory (for `--ignore-file`).
    root: Arc<Place>,
    parent: Option<Arc<Level>>,
}

#[derive(Debug)]
struct RepoRules {
    exclude: Option<Rules>,
    global: Option<Arc<Rules>>,
}

impl IgnoreFilter {
    /// The filter for `--gitignore` (`git`) and the `--ignore-file` rules `files`;
    /// with `git`, reads the global excludes file (as git would find it).
    pub fn new(git: bool, files: Vec<Rules>) -> IgnoreFilter {
        let (global, global_error) = match git
            .then(ignore::gitignore::gitconfig_excludes_path)
            .flatten()
        {
            Some(path) => match read_global_rules(&path) {
                Ok(rules) => (rules.map(Arc::new), None),
                Err(err) => (None, Some(err)),
            },
            None => (None, None),
        };
        IgnoreFilter {
            git,
            global,
            global_error: Mutex::new(global_error),
            cwd: (!files.is_empty())
                .then(std::env::current_dir)
                .and_then(Result::ok),
            files,
        }
    }

    /// The rules for the directory `dir` (entries' path prefix `prefix`), given its
    /// parent's and its listing: its own level if it has rules, is a repository's top
    /// or is a root, else the parent's unchanged. Rule files that cannot be used are
    /// added to `errors`.
    pub fn dir_data(
        &self,
        context: &DirContext<'_>,
        errors: &mut Vec<WalkError>,
    ) -> Option<DirData> {
        let (dir, prefix, depth) = (context.dir(), context.prefix(), context.depth());
        let (parent, listing) = (context.parent_data(), context.listing());
        let (parent, root) = match parent.and_then(|data| data.clone().downcast::<Level>().ok()) {
            Some(parent) => {
                let root = parent.root.clone();
                (Some(parent), root)
            }
            None => {
                let global_error = self.global_error.lock().map(|mut held| held.take());
                errors.extend(global_error.ok().flatten());
                let root = Arc::new(self.root_place(prefix));
                let above = if self.git {
                    self.levels_above_root(prefix, &root, errors)
                } else {
                    None
                };
                (above, root)
            }
        };
        let [git, dot_ignore, gitignore] = if self.git {
            listing.lookup_all([b".git", b".ignore", b".gitignore"])
        } else {
            [Lookup::Absent; 3]
        };
        let git = git_entry(dir, git);
        let in_repo = git.is_some() || parent.as_ref().is_some_and(|p| p.in_repo);
        let dot_ignore = rules_in(dir, dot_ignore, ".ignore", prefix, errors);
        let gitignore = if in_repo {
            rules_in(dir, gitignore, ".gitignore", prefix, errors)
        } else {
            None
        };
        let repo = git.map(|git_type| self.repo_rules(dir, git_type, prefix, errors));
        if depth > 0 && dot_ignore.is_none() && gitignore.is_none() && repo.is_none() {
            return parent.map(|p| p as DirData);
        }
        Some(Arc::new(Level {
            place: Place {
                lead: Box::default(),
                cut: prefix.len(),
                offset: -(depth as isize),
            },
            dot_ignores: dot_ignore.is_some() || parent.as_ref().is_some_and(|p| p.dot_ignores),
            dot_ignore,
            gitignore,
            repo,
            in_repo,
            root,
            parent,
        }))
    }

    /// The rules of the repository whose top is `top` (entries' path prefix
    /// `prefix`): its `info/exclude` and the global excludes file.
    fn repo_rules(
        &self,
        top: DirRef<'_>,
        git_type: FileType,
        prefix: &[u8],
        errors: &mut Vec<WalkError>,
    ) -> RepoRules {
        let exclude = git_common_dir(top, git_type, prefix).and_then(|(common, shown)| {
            let shown = [&shown[..], b"/info/exclude"].concat();
            read_rules(common.as_dir(), OsStr::new("info/exclude"), &shown)
        });
        RepoRules {
            exclude: exclude.unwrap_or_else(|err| {
                errors.push(err);
                None
            }),
            global: self.global.clone(),
        }
    }

    /// Where a root (entries' path prefix `prefix`) is, seen from the current
    /// directory: lexically, like `realpath -s`; a root outside the current directory
    /// keeps its absolute path, so only unanchored patterns can match below it.
    fn root_place(&self, prefix: &[u8]) -> Place {
        let (lead, offset) = match &self.cwd {
            Some(cwd) if !prefix.is_empty() => {
                let root = lexical_absolute(cwd, Path::new(os_str(prefix)));
                let shown = root.strip_prefix(cwd).unwrap_or(&root);
                let shown_bytes = shown.as_os_str().as_encoded_bytes().to_vec();
                let mut lead = crate::platform::printed_root(shown_bytes);
                if !lead.is_empty() && !lead.ends_with(b"/") {
                    lead.push(b'/');
                }
                (lead.into(), shown.components().count() as isize)
            }
            _ => (Box::default(), 0),
        };
        Place {
            lead,
            cut: prefix.len(),
            offset,
        }
    }

    /// The levels of the directories above a root: their `.ignore` files up to `/`
    /// and, when the root is inside a repository (below its top), the `.gitignore`
    /// files up to that top, whose exclude rules come with it. The files are opened by
    /// their path, as git does (a directory that may be searched but not listed still
    /// gives its rules), never following a link in their own place.
    fn levels_above_root(
        &self,
        prefix: &[u8],
        root_place: &Arc<Place>,
        errors: &mut Vec<WalkError>,
    ) -> Option<Arc<Level>> {
        let root = if prefix.is_empty() {
            Path::new(".")
        } else {
            Path::new(os_str(prefix))
        };
        let root = match std::fs::canonicalize(root) {
            Ok(root) => root,
            // A missing root is the walker's to report.
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return None,
            Err(err) => {
                let reason = format!(
                    "the ignore files above it are not read: {}",
                    pfind_walk::describe_io_error(&err)
                );
                let shown = root.as_os_str().as_encoded_bytes();
                errors.push(WalkError::from_io(shown, 0, std::io::Error::other(reason)));
                return None;
            }
        };
        let has_git = |dir: &Path| dir.join(".git").symlink_metadata().is_ok();
        let above: Vec<&Path> = root.ancestors().skip(1).collect();
        let top = if has_git(&root) {
            None
        } else {
            above.iter().position(|dir| has_git(dir))
        };
        let mut chain: Option<Arc<Level>> = None;
        for (up, dir) in above.iter().enumerate().rev() {
            let in_repo = top.is_some_and(|top| up <= top);
            let mut read = |name: &str| {
                let path = dir.join(name);
                let shown = path.as_os_str().as_encoded_bytes();
                read_rules(DirRef::current(), path.as_os_str(), shown).unwrap_or_else(|err| {
                    errors.push(err);
                    None
                })
            };
            let dot_ignore = read(".ignore");
            let gitignore = if in_repo { read(".gitignore") } else { None };
            let repo = (top == Some(up)).then(|| self.repo_rules_above(dir, errors));
            if dot_ignore.is_none() && gitignore.is_none() && repo.is_none() {
                continue;
            }
            let below = root.strip_prefix(dir).unwrap_or(Path::new(""));
            let mut lead = below.as_os_str().as_encoded_bytes().to_vec();
            lead.push(b'/');
            chain = Some(Arc::new(Level {
                place: Place {
                    lead: lead.into(),
                    cut: prefix.len(),
                    offset: below.components().count() as isize,
                },
                dot_ignores: dot_ignore.is_some() || chain.as_ref().is_some_and(|p| p.dot_ignores),
                dot_ignore,
                gitignore,
                repo,
                in_repo,
                root: root_place.clone(),
                parent: chain,
            }));
        }
        chain
    }

    /// The rules of the repository whose top, `dir`, is above a root.
    fn repo_rules_above(&self, dir: &Path, errors: &mut Vec<WalkError>) -> RepoRules {
        let mut prefix = dir.as_os_str().as_encoded_bytes().to_vec();
        if !prefix.ends_with(b"/") {
            prefix.push(b'/');
        }
        match OpenDir::open(dir) {
            Ok(top) => self.repo_rules(top.as_dir(), FileType::Unknown, &prefix, errors),
            Err(err) => {
                let shown = dir.as_os_str().as_encoded_bytes();
                errors.push(WalkError::from_io(shown, 0, err));
                RepoRules {
                    exclude: None,
                    global: self.global.clone(),
                }
            }
        }
    }

    /// True when `entry` is ignored, or (with `--gitignore`) is a `.git`. `scratch` is
    /// a per-thread buffer for paths relative to directories above the root; a rule
    /// file whose matcher leaves out a line adds the error to `errors`.
    pub fn is_ignored(
        &self,
        entry: &Entry<'_>,
        scratch: &mut Vec<u8>,
        errors: &mut Vec<WalkError>,
    ) -> bool {
        if self.git && entry.file_name() == b".git" {
            return true;
        }
        let Some(inner) = entry.dir_data().and_then(|d| d.downcast_ref::<Level>()) else {
            return false;
        };
        let probe = Probe {
            path: entry.path_bytes(),
            name: entry.file_name(),
            depth: entry.depth(),
            is_dir: entry.file_type() == FileType::Dir,
        };
        // Plain loops: this runs for every entry, and iterator adapters over the
        // chain cost more than the rules they skip.
        if inner.dot_ignores {
            let mut level = Some(inner);
            while let Some(here) = level {
                if let Some(rules) = &here.dot_ignore {
                    if let Some(ignored) = probe.ask(rules, &here.place, scratch, errors) {
                        return ignored;
                    }
                }
                level = here.parent.as_deref();
            }
        }
        if inner.in_repo {
            let mut level = Some(inner);
            while let Some(here) = level {
                if let Some(rules) = &here.gitignore {
                    if let Some(ignored) = probe.ask(rules, &here.place, scratch, errors) {
                        return ignored;
                    }
                }
                if let Some(repo) = &here.repo {
                    for rules in [repo.exclude.as_ref(), repo.global.as_deref()]
                        .into_iter()
                        .flatten()
                    {
                        if let Some(ignored) = probe.ask(rules, &here.place, scratch, errors) {
                            return ignored;
                        }
                    }
                    break;
                }
                level = here.parent.as_deref();
            }
        }
        for rules in self.files.iter().rev() {
            if let Some(ignored) = probe.ask(rules, &inner.root, scratch, errors) {
                return ignored;
            }
        }
        false
    }
}

/// The entry being decided.
struct Probe<'a> {
    path: &'a [u8],
    name: &'a [u8],
    depth: usize,
    is_dir: bool,
}

impl Probe<'_> {
    /// What `rules` anchored at `place` say; only an entry within their reach is
    /// matched.
    #[inline]
    fn ask(
        &self,
        rules: &Rules,
        place: &Place,
        scratch: &mut Vec<u8>,
        errors: &mut Vec<WalkError>,
    ) -> Option<bool> {
        let components = place.components(self.depth);
        if !rules.reach.may_match(self.name, components, self.is_dir) {
            return None;
        }
        rules.verdict(place.relative(self.path, scratch), self.is_dir, errors)
    }
}

impl Place {
    /// How many path components an entry at `depth` is below this place.
    #[inline]
    fn components(&self, depth: usize) -> usize {
        (depth as isize + self.offset).max(0) as usize
    }

    /// `path` relative to this place (built in `scratch` when there is a lead).
    fn relative<'p>(&'p self, path: &'p [u8], scratch: &'p mut Vec<u8>) -> &'p [u8] {
        let below = path.get(self.cut..).unwrap_or_default();
        if self.lead.is_empty() {
            return below;
        }
        scratch.clear();
        scratch.extend_from_slice(&self.lead);
        scratch.extend_from_slice(below);
        scratch
    }
}

/// The type of the directory's `.git`, if it has one (`lookup` is what its listing
/// says; for a directory larger than one read, the filesystem is asked).
fn git_entry(dir: DirRef<'_>, lookup: Lookup) -> Option<FileType> {
    match lookup {
        Lookup::Found(file_type) => Some(file_type),
        Lookup::Absent => None,
        Lookup::Unknown => dir
            .stat(OsStr::new(".git"), false)
            .ok()
            .map(|_| FileType::Unknown),
    }
}

/// The rules of the ignore file `name` in `dir` (entries' path prefix `prefix`), read
/// unless the listing rules it out (`lookup`): absent, or not a file to read.
fn rules_in(
    dir: DirRef<'_>,
    lookup: Lookup,
    name: &str,
    prefix: &[u8],
    errors: &mut Vec<WalkError>,
) -> Option<Rules> {
    if lookup == Lookup::Absent {
        return None;
    }
    let shown = [prefix, name.as_bytes()].concat();
    let listed = match lookup {
        Lookup::Found(listed) => listed_unusable(listed, &shown),
        _ => None,
    };
    listed
        .map_or_else(|| read_rules(dir, OsStr::new(name), &shown), Err)
        .unwrap_or_else(|err| {
            errors.push(err);
            None
        })
}

/// `path` made absolute against `cwd` and normalized without looking at the
/// filesystem (`.` dropped, `..` removing the component before it).
fn lexical_absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut absolute = if path.is_absolute() {
        PathBuf::new()
    } else {
        cwd.to_path_buf()
    };
    for component in path.components() {
        match component {
            Component::Normal(name) => absolute.push(name),
            Component::ParentDir => {
                absolute.pop();
            }
            // `/`, and on Windows the drive or share before it (`C:`).
            Component::RootDir | Component::Prefix(_) => absolute.push(component),
            Component::CurDir => {}
        }
    }
    absolute
}
