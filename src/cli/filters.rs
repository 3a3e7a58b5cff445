//! Options that narrow the walk or the results (type, depth, size, time, ...).
//!
//! The value parsers are the pure functions of `src/filter/`, so a bad value is one
//! clap error (exit status 2) before anything is walked.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::ArgAction;

use crate::filter::owner::{parse_owner, OwnerFilter};
use crate::filter::size::{parse_size, SizeFilter};
use crate::filter::time::{parse_time_arg, TimeArg};
use crate::filter::types::TypeLetter;

/// Filters: which entries are considered at all.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Filters")]
pub struct FilterArgs {
    /// Do not descend below depth N.
    ///
    /// 1 is the roots' children. Directories at depth N are printed but not read, like
    /// find's -maxdepth.
    #[arg(
        short = 'd',
        long,
        value_name = "N",
        value_parser = super::numbers::depth,
        allow_hyphen_values = true,
        value_hint = clap::ValueHint::Other
    )]
    pub max_depth: Option<usize>,

    /// Only print entries at least N deep.
    ///
    /// The default, 1, leaves out the roots themselves; 0 prints them too.
    #[arg(
        long,
        value_name = "N",
        value_parser = super::numbers::depth,
        allow_hyphen_values = true,
        value_hint = clap::ValueHint::Other,
        hide_short_help = true
    )]
    pub min_depth: Option<usize>,

    /// Only print entries exactly this deep (--min-depth N --max-depth N).
    #[arg(
        long,
        value_name = "N",
        value_parser = super::numbers::depth,
        allow_hyphen_values = true,
        value_hint = clap::ValueHint::Other,
        conflicts_with_all = ["min_depth", "max_depth"],
        hide_short_help = true
    )]
    pub exact_depth: Option<usize>,

    /// Only type f d l s p b c, x (exec), e (empty).
    ///
    /// f file, d dir, l symlink, s socket, p fifo, b block (device), c char (device);
    /// repeatable (any of them). x executable (a regular file with an x bit) and e empty
    /// (an empty file or directory) narrow the others: -t e -t d is empty directories,
    /// -t x alone executable files, -t e alone empty files and directories. The long
    /// names work too: -t fifo, -t executable. A combination that can never match (-t x
    /// -t d: x narrows to regular files) is an error.
    #[arg(
        short = 't',
        long = "type",
        value_name = "TYPE",
        action = ArgAction::Append,
        hide_possible_values = true
    )]
    pub types: Vec<TypeArg>,

    /// Only names ending in .EXT (any case).
    ///
    /// Like find's -iname '*.EXT'; the dot is optional; repeatable (any of them).
    #[arg(short = 'e', long = "extension", value_name = "EXT", action = ArgAction::Append)]
    pub extensions: Vec<OsString>,

    /// Only files of this size: +1m, -10k, 0.
    ///
    /// Regular files only: +N at least, -N at most, N exactly; units b, k, m, g, t
    /// (powers of 1000) or ki, mi, gi, ti (powers of 1024), any case; repeatable (all of
    /// them).
    #[arg(
        short = 'S',
        long = "size",
        value_name = "[+-]N[UNIT]",
        value_parser = parse_size,
        value_hint = clap::ValueHint::Other,
        allow_hyphen_values = true,
        action = ArgAction::Append
    )]
    pub sizes: Vec<SizeFilter>,

    /// Modified within: 2h, 3d, 1w, or since a date.
    ///
    /// Modified strictly after this: a duration back from now (a number and a unit,
    /// repeated: 30s, 10min, 1m30s, 2h, 3d, 1w, 1month, 1y; a day is 24 hours, a month
    /// and a year are the calendar's; a bare number is refused) or a date in local time
    /// ('2026-01-31', '2026-01-31 10:00:00', 2026-01-31T10:00:00Z, @SECONDS).
    #[arg(long, value_name = "DUR|DATE", value_parser = parse_time_arg, value_hint = clap::ValueHint::Other)]
    pub changed_within: Option<TimeArg>,

    /// Modified before: 2h, 3d ago, or a date.
    ///
    /// Modified at or before this (the same forms as --changed-within).
    #[arg(long, value_name = "DUR|DATE", value_parser = parse_time_arg, value_hint = clap::ValueHint::Other)]
    pub changed_before: Option<TimeArg>,

    /// Only entries modified more recently than FILE (find's -newer).
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::AnyPath, hide_short_help = true)]
    pub newer: Option<PathBuf>,

    /// Only entries owned by USER and/or GROUP (names or ids; ! negates a part):
    /// john, :staff, john:staff, !root, 0:!0.
    #[arg(short = 'o', long, value_name = "[USER][:GROUP]", value_parser = parse_owner, hide_short_help = true, value_hint = clap::ValueHint::Other)]
    pub owner: Option<OwnerFilter>,

    /// Skip names matching GLOB; do not enter them.
    ///
    /// A GLOB with a / is matched against the path below the root, however the root was
    /// typed (target/release excludes ROOT/target/release, as in .gitignore); a leading
    /// / or ./ anchors a GLOB at the root, a trailing / matches directories only, **/
    /// matches any number of directories. Excluded directories are not entered.
    /// Repeatable.
    #[arg(short = 'E', long = "exclude", value_name = "GLOB", action = ArgAction::Append)]
    pub excludes: Vec<OsString>,

    /// Do not descend into directories that match the query (they are still printed).
    #[arg(long, hide_short_help = true)]
    pub prune: bool,

    /// Skip hidden entries (names starting with .).
    ///
    /// Hidden directories are not entered. --hidden undoes it: the last of the two
    /// wins.
    #[arg(long, overrides_with = "hidden")]
    pub no_hidden: bool,

    /// List hidden entries (the default; undoes an earlier --no-hidden).
    #[arg(long, overrides_with = "no_hidden", hide_short_help = true)]
    pub hidden: bool,

    /// Skip what git ignores (.gitignore, .ignore).
    ///
    /// .gitignore files (inside repositories), .ignore files, .git/info/exclude and the
    /// global excludes file; .git is never listed. As in ripgrep and fd, a .ignore
    /// outranks every .gitignore, and a deeper file overrides a shallower one; a nested
    /// repository does not inherit its parent's .gitignore. --no-ignore undoes it: the
    /// last of the two wins.
    #[arg(long, overrides_with = "no_ignore")]
    pub gitignore: bool,

    /// Read no .gitignore or .ignore files (the default; undoes an earlier --gitignore).
    /// --ignore-file still applies, as in fd.
    #[arg(long, overrides_with = "gitignore", hide_short_help = true)]
    pub no_ignore: bool,

    /// Also skip what the ignore file PATH (gitignore syntax) ignores, with or without
    /// --gitignore.
    ///
    /// As fd's --ignore-file: its patterns are relative to the current directory, it
    /// ranks below every other ignore file, and a later one outranks an earlier one.
    /// Repeatable.
    #[arg(
        long = "ignore-file",
        value_name = "PATH",
        value_hint = clap::ValueHint::FilePath,
        action = ArgAction::Append,
        hide_short_help = true
    )]
    pub ignore_files: Vec<PathBuf>,

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

/// The values of `--type`: a name, or its first letter (`f`, `d`, `l`, `x`, `e`, `s`,
/// `p`, `b`, `c`); fd's names (`directory`, `pipe`, `block-device`, `char-device`) too.
/// The names are what clap lists and suggests, so that `-t exe` suggests `executable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TypeArg {
    /// Regular file.
    #[value(name = "file", alias = "f")]
    File,
    /// Directory.
    #[value(name = "dir", alias = "d", alias = "directory")]
    Dir,
    /// Symbolic link (with -L: a broken one).
    #[value(name = "symlink", alias = "l")]
    Symlink,
    /// Executable regular file (any x bit: find's -type f -perm /111).
    #[value(name = "executable", alias = "x")]
    Executable,
    /// Empty regular file or directory (find's -empty).
    #[value(name = "empty", alias = "e")]
    Empty,
    /// Socket.
    #[value(name = "socket", alias = "s")]
    Socket,
    /// Named pipe (FIFO).
    #[value(name = "fifo", alias = "p", alias = "pipe")]
    Pipe,
    /// Block device.
    #[value(name = "block", alias = "b", alias = "block-device")]
    BlockDevice,
    /// Character device.
    #[value(name = "char", alias = "c", alias = "char-device")]
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
