//! Options that narrow the walk or the results (type, depth, size, time, ...).
//!
//! The value parsers are the pure functions of `src/filter/`, so a bad value is one
//! clap error (exit status 2) before anything is walked.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::ArgAction;

use crate::filter::owner::{parse_owner, OwnerFilter};
use crate::filter::size::{parse_size, SizeFilter};
use crate::filter::time::{parse_time, TimeSpec};
use crate::filter::types::TypeLetter;

/// Filters: which entries are considered at all.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Filters")]
pub struct FilterArgs {
    /// Do not descend below depth N (1 = the roots' children).
    ///
    /// Directories at depth N are printed but not read, like find's -maxdepth.
    #[arg(short = 'd', long, value_name = "N", value_hint = clap::ValueHint::Other)]
    pub max_depth: Option<usize>,

    /// Only print entries at least N deep.
    ///
    /// The default, 1, leaves out the roots themselves; 0 prints them too.
    #[arg(
        long,
        value_name = "N",
        value_hint = clap::ValueHint::Other,
        hide_short_help = true
    )]
    pub min_depth: Option<usize>,

    /// Only print entries exactly this deep (--min-depth N --max-depth N).
    #[arg(long, value_name = "N", conflicts_with_all = ["min_depth", "max_depth"], hide_short_help = true)]
    pub exact_depth: Option<usize>,

    /// Only entries of this type; repeatable (any of them). `x` and `e` narrow the
    /// others: `-t e -t d` is empty directories.
    ///
    /// A combination that can never match (`-t x -t d`: x narrows to regular files) is
    /// an error.
    #[arg(short = 't', long = "type", value_name = "TYPE", action = ArgAction::Append)]
    pub types: Vec<TypeArg>,

    /// Only names ending in `.EXT`, case-insensitively (find's -iname '*.EXT');
    /// repeatable (any of them).
    #[arg(short = 'e', long = "extension", value_name = "EXT", action = ArgAction::Append)]
    pub extensions: Vec<OsString>,

    /// Only regular files of this size: `+N` at least, `-N` at most, `N` exactly; units
    /// b, k, m, g, t (powers of 1000) or ki, mi, gi, ti (powers of 1024); repeatable (all).
    #[arg(
        short = 'S',
        long = "size",
        value_name = "[+-]N[UNIT]",
        value_parser = parse_size,
        value_hint = clap::ValueHint::Other,
        hide_short_help = true,
        allow_hyphen_values = true,
        action = ArgAction::Append
    )]
    pub sizes: Vec<SizeFilter>,

    /// Only entries modified after this: a duration back from now (30s, 10min, 2h, 3d,
    /// 1w) or a local date ('2026-01-31', '2026-01-31 10:00:00', @SECONDS).
    #[arg(long, value_name = "DUR|DATE", value_parser = parse_time, hide_short_help = true, value_hint = clap::ValueHint::Other)]
    pub changed_within: Option<TimeSpec>,

    /// Only entries modified at or before this (same forms as --changed-within).
    #[arg(long, value_name = "DUR|DATE", value_parser = parse_time, hide_short_help = true, value_hint = clap::ValueHint::Other)]
    pub changed_before: Option<TimeSpec>,

    /// Only entries modified more recently than FILE (find's -newer).
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::AnyPath, hide_short_help = true)]
    pub newer: Option<PathBuf>,

    /// Only entries owned by USER and/or GROUP (names or ids; `!` negates a part):
    /// `john`, `:staff`, `john:staff`, `!root`, `0:!0`.
    #[arg(short = 'o', long, value_name = "[USER][:GROUP]", value_parser = parse_owner, hide_short_help = true, value_hint = clap::ValueHint::Other)]
    pub owner: Option<OwnerFilter>,

    /// Skip entries whose name matches GLOB (a GLOB with `/` is matched against the
    /// path below the root); excluded directories are not entered. Repeatable.
    ///
    /// A GLOB with a `/` is matched against the path below the root however the root
    /// was typed (`target/release` excludes ROOT/target/release, as in .gitignore); a
    /// leading `/` or `./` anchors a GLOB at the root, a trailing `/` matches
    /// directories only, `**/` matches any number of directories.
    #[arg(short = 'E', long = "exclude", value_name = "GLOB", action = ArgAction::Append)]
    pub excludes: Vec<OsString>,

    /// Do not descend into directories that match the query (they are still printed).
    #[arg(long, hide_short_help = true)]
    pub prune: bool,

    /// Skip hidden entries (names starting with `.`) and do not enter hidden
    /// directories.
    ///
    /// --hidden undoes it: the last of the two wins.
    #[arg(long, overrides_with = "hidden", hide_short_help = true)]
    pub no_hidden: bool,

    /// List hidden entries (the default; undoes an earlier --no-hidden).
    #[arg(long, overrides_with = "no_hidden", hide_short_help = true)]
    pub hidden: bool,

    /// Skip what git ignores: .gitignore (inside repositories), .ignore, .git/info/exclude
    /// and the global excludes file; never list .git.
    ///
    /// --no-ignore undoes it: the last of the two wins.
    #[arg(long, overrides_with = "no_ignore", hide_short_help = true)]
    pub gitignore: bool,

    /// Ignore no ignore files (the default; undoes an earlier --gitignore).
    #[arg(long, overrides_with = "gitignore", hide_short_help = true)]
    pub no_ignore: bool,

    /// Only regular files whose content contains TEXT (literal bytes, binary files
    /// included); repeatable (all of them).
    #[arg(long, value_name = "TEXT", action = ArgAction::Append, hide_short_help = true, value_hint = clap::ValueHint::Other)]
    pub contains: Vec<OsString>,

    /// Follow symbolic links (loops are reported and not entered; broken links are
    /// listed as links).
    ///
    /// --no-follow undoes it: the last of the two wins.
    #[arg(
        short = 'L',
        long,
        overrides_with = "no_follow",
        hide_short_help = true
    )]
    pub follow: bool,

    /// Do not follow symbolic links below the roots (the default; undoes an earlier -L).
    #[arg(long, overrides_with = "follow", hide_short_help = true)]
    pub no_follow: bool,

    /// Do not descend into directories on other filesystems (find's -xdev).
    #[arg(long, visible_alias = "xdev", hide_short_help = true)]
    pub one_file_system: bool,
}

/// The letters of `--type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TypeArg {
    /// Regular file.
    #[value(name = "f", alias = "file")]
    File,
    /// Directory.
    #[value(name = "d", alias = "dir", alias = "directory")]
    Dir,
    /// Symbolic link (with -L: a broken one).
    #[value(name = "l", alias = "symlink")]
    Symlink,
    /// Executable regular file (any x bit: find's -type f -perm /111).
    #[value(name = "x", alias = "executable")]
    Executable,
    /// Empty regular file or directory (find's -empty).
    #[value(name = "e", alias = "empty")]
    Empty,
    /// Socket.
    #[value(name = "s", alias = "socket")]
    Socket,
    /// Named pipe (FIFO).
    #[value(name = "p", alias = "pipe")]
    Pipe,
    /// Block device.
    #[value(name = "b", alias = "block-device")]
    BlockDevice,
    /// Character device.
    #[value(name = "c", alias = "char-device")]
    CharDevice,
}

impl From<TypeArg> for TypeLetter {
    fn from(arg: TypeArg) -> TypeLetter {
        match arg {
            TypeArg::File => TypeLetter::File,
            TypeArg::Dir => TypeLetter::Dir,
            TypeArg::Symlink => TypeLetter::Symlink,
            TypeArg::Executable => TypeLetter::Executable,
            TypeArg::Empty => TypeLetter::Empty,
            TypeArg::Socket => TypeLetter::Socket,
            TypeArg::Pipe => TypeLetter::Pipe,
            TypeArg::BlockDevice => TypeLetter::BlockDevice,
            TypeArg::CharDevice => TypeLetter::CharDevice,
        }
    }
}
