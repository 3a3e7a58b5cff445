//! `--gitignore`: git's ignore rules and `.ignore` files, matched by the `ignore`
//! crate's `gitignore` module (never by hand-written gitignore semantics).
//!
//! Each directory's rules travel down the tree as the walker's per-directory data
//! ([`pfind::walk::Visitor::dir_data`]): a chain of [`Level`]s, innermost first, one
//! per directory that has rules. Which ignore files a directory has, and whether it
//! holds `.git`, is read from its [`Listing`] (the walker's first read of it), so a
//! directory without them costs no system call; only a directory larger than one read
//! is asked with `openat`/`fstatat` for the names its listing lacks.
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
//!    (`core.excludesFile`, or `$XDG_CONFIG_HOME/git/ignore`).
//!
//! A root first collects the `.ignore` files of the directories above it and, inside
//! a repository, the `.gitignore` files up to its top. Ignored directories are not
//! entered, and `.git` is never listed. A `.git` file (a linked worktree or a
//! submodule) is followed to its git directory (`gitdir: PATH`), and from there to the
//! common directory (`commondir`) whose `info/exclude` git reads. Limit: tracked files
//! that match an ignore rule are hidden although git lists them (pfind does not read
//! the index).

use std::ffi::OsStr;
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;
use pfind::walk::{DirData, Entry, FileType, Listing, Lookup};
use rustix::fs::{AtFlags, Mode, OFlags};

use super::ignore_files::{git_common_dir, read_rules};

/// The `--gitignore` filter: the global excludes, read once, and the per-directory
/// levels built as the walk goes.
#[derive(Debug)]
pub struct GitignoreFilter {
    global: Option<Arc<Gitignore>>,
}

/// The rules of one directory.
#[derive(Debug)]
struct Level {
    /// For a directory above the walk's root: its path down to the root, with a
    /// trailing `/`, put in front of the path below the root. Empty otherwise.
    lead: Box<[u8]>,
    /// How many bytes of an entry's printed path to drop to make it relative to this
    /// directory (or, with a `lead`, to the root).
    cut: usize,
    dot_ignore: Option<Gitignore>,
    gitignore: Option<Gitignore>,
    /// Set when this directory is the top of a repository.
    repo: Option<RepoRules>,
    /// True inside a git repository (so `.gitignore` files count).
    in_repo: bool,
    parent: Option<Arc<Level>>,
}

#[derive(Debug)]
struct RepoRules {
    exclude: Option<Gitignore>,
    global: Option<Arc<Gitignore>>,
}

impl GitignoreFilter {
    /// Reads the global excludes file (as git would find it).
    pub fn new() -> GitignoreFilter {
        let (global, _) = GitignoreBuilder::new(".").build_global();
        GitignoreFilter {
            global: (!global.is_empty()).then(|| Arc::new(global)),
        }
    }

    /// The rules for the directory `dir` (entries' path prefix `prefix`), given its
    /// parent's and its listing: its own level if it has rules or is a repository's
    /// top, else the parent's unchanged.
    pub fn dir_data(
        &self,
        dir: BorrowedFd<'_>,
        prefix: &[u8],
        depth: usize,
        parent: Option<&DirData>,
        listing: &Listing<'_>,
    ) -> Option<DirData> {
        let parent = match parent {
            Some(data) => data.clone().downcast::<Level>().ok(),
            None if depth == 0 => self.levels_above_root(prefix),
            None => None,
        };
        let [git, dot_ignore, gitignore] = listing.lookup_all([b".git", b".ignore", b".gitignore"]);
        let git = git_entry(dir, git);
        let in_repo = git.is_some() || parent.as_ref().is_some_and(|p| p.in_repo);
        let level = Level {
            lead: Box::default(),
            cut: prefix.len(),
            dot_ignore: rules_in(dir, dot_ignore, ".ignore"),
            gitignore: if in_repo {
                rules_in(dir, gitignore, ".gitignore")
            } else {
                None
            },
            repo: git.map(|git_type| self.repo_rules(dir, git_type)),
            in_repo,
            parent,
        };
        if level.dot_ignore.is_none() && level.gitignore.is_none() && level.repo.is_none() {
            return level.parent.map(|p| p as DirData);
        }
        Some(Arc::new(level))
    }

    fn repo_rules(&self, top: BorrowedFd<'_>, git_type: FileType) -> RepoRules {
        RepoRules {
            exclude: git_common_dir(top, git_type)
                .and_then(|common| read_rules(common.as_fd(), "info/exclude")),
            global: self.global.clone(),
        }
    }

    /// The levels of the directories above a root: their `.ignore` files up to `/`
    /// and, when the root is inside a repository (below its top), the `.gitignore`
    /// files up to that top, whose exclude rules come with it.
    fn levels_above_root(&self, prefix: &[u8]) -> Option<Arc<Level>> {
        let root = if prefix.is_empty() {
            Path::new(".")
        } else {
            Path::new(OsStr::from_bytes(prefix))
        };
        let root = std::fs::canonicalize(root).ok()?;
        let has_git = |dir: &Path| dir.join(".git").symlink_metadata().is_ok();
        let above: Vec<&Path> = root.ancestors().skip(1).collect();
        let top = if has_git(&root) {
            None
        } else {
            above.iter().position(|dir| has_git(dir))
        };
        let mut chain: Option<Arc<Level>> = None;
        for (up, dir) in above.iter().enumerate().rev() {
            let Ok(handle) = rustix::fs::open(
                *dir,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            ) else {
                continue;
            };
            let in_repo = top.is_some_and(|top| up <= top);
            let dot_ignore = read_rules(handle.as_fd(), ".ignore");
            let gitignore = in_repo
                .then(|| read_rules(handle.as_fd(), ".gitignore"))
                .flatten();
            let repo =
                (top == Some(up)).then(|| self.repo_rules(handle.as_fd(), FileType::Unknown));
            if dot_ignore.is_none() && gitignore.is_none() && repo.is_none() {
                continue;
            }
            let below = root.strip_prefix(dir).unwrap_or(Path::new(""));
            let mut lead = below.as_os_str().as_bytes().to_vec();
            lead.push(b'/');
            chain = Some(Arc::new(Level {
                lead: lead.into(),
                cut: prefix.len(),
                dot_ignore,
                gitignore,
                repo,
                in_repo,
                parent: chain,
            }));
        }
        chain
    }

    /// True when `entry` is ignored, or is a `.git` directory. `scratch` is a
    /// per-thread buffer for paths relative to directories above the root.
    pub fn is_ignored(&self, entry: &Entry<'_>, scratch: &mut Vec<u8>) -> bool {
        if entry.file_name() == b".git" {
            return true;
        }
        let Some(inner) = entry.dir_data().and_then(|d| d.downcast_ref::<Level>()) else {
            return false;
        };
        let path = entry.path_bytes();
        let is_dir = entry.file_type() == FileType::Dir;
        let chain = || std::iter::successors(Some(inner), |level| level.parent.as_deref());
        // 1. `.ignore` files, wherever they are.
        for level in chain() {
            if let Some(rules) = &level.dot_ignore {
                if let Some(ignored) = verdict(rules, level.relative(path, scratch), is_dir) {
                    return ignored;
                }
            }
        }
        // 2. and 3. The innermost repository's `.gitignore` files, then its excludes.
        for level in chain() {
            let repo = level
                .repo
                .iter()
                .flat_map(|r| [r.exclude.as_ref(), r.global.as_deref()]);
            for rules in level.gitignore.iter().chain(repo.flatten()) {
                if let Some(ignored) = verdict(rules, level.relative(path, scratch), is_dir) {
                    return ignored;
                }
            }
            if level.repo.is_some() {
                break;
            }
        }
        false
    }
}

impl Level {
    /// `path` relative to this level's directory (built in `scratch` for a level
    /// above the root).
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

/// What `rules` say about the path `relative`: `Some(true)` ignored, `Some(false)`
/// re-included, `None` no opinion.
fn verdict(rules: &Gitignore, relative: &[u8], is_dir: bool) -> Option<bool> {
    match rules.matched(Path::new(OsStr::from_bytes(relative)), is_dir) {
        Match::Ignore(_) => Some(true),
        Match::Whitelist(_) => Some(false),
        Match::None => None,
    }
}

/// The type of the directory's `.git`, if it has one (`lookup` is what its listing
/// says; for a directory larger than one read, the filesystem is asked).
fn git_entry(dir: BorrowedFd<'_>, lookup: Lookup) -> Option<FileType> {
    match lookup {
        Lookup::Found(file_type) => Some(file_type),
        Lookup::Absent => None,
        Lookup::Unknown => rustix::fs::statat(dir, ".git", AtFlags::SYMLINK_NOFOLLOW)
            .ok()
            .map(|_| FileType::Unknown),
    }
}

/// The rules of the ignore file `name` in `dir`, read unless the listing rules it
/// out (`lookup`).
fn rules_in(dir: BorrowedFd<'_>, lookup: Lookup, name: &str) -> Option<Gitignore> {
    match lookup {
        Lookup::Absent => None,
        Lookup::Found(_) | Lookup::Unknown => read_rules(dir, name),
    }
}
