//! The command line, and nothing else: clap definitions whose doc comments are the
//! `--help` text. Turning these into a [`Config`](crate::config::Config) (defaults,
//! terminal detection, compiled patterns) happens in `config.rs`; the walker and the
//! matcher never see clap.
//!
//! Options are grouped by concern, one struct per group, each flattened into [`Cli`]
//! under its own help heading.

mod actions;
mod filters;
mod output;

use std::ffi::OsString;

use clap::{ArgAction, Parser};

pub use actions::ActionArgs;
pub use filters::FilterArgs;
pub use output::{ColorWhen, JsonField, OutputArgs};

const USAGE: &str = "pfind [OPTIONS] [ROOT [QUERY]]\n       pfind [OPTIONS] ROOT... QUERY";

const ABOUT: &str =
    "A parallel filesystem finder: prints every path under ROOT that contains QUERY.";

const LONG_ABOUT: &str = "\
A parallel filesystem finder: prints every path under ROOT whose path, as printed, \
contains QUERY (a case-sensitive substring; exactly `find ROOT -mindepth 1 -path '*QUERY*'`).

With no argument, everything under the current directory is listed (relative paths, no \
leading './'). One argument is the ROOT. With two or more, the last is the QUERY and the \
others are roots: `pfind /etc /usr conf` searches both. Use `pfind ROOT ''` to list \
everything under several roots.";

/// pfind's command line.
#[derive(Debug, Parser)]
#[command(
    name = "pfind",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    override_usage = USAGE,
    after_help = crate::exit_codes::HELP,
    max_term_width = 100
)]
pub struct Cli {
    /// Roots to search, then the query (see above): `ROOT`, `ROOT QUERY`,
    /// `ROOT... QUERY`.
    #[arg(value_name = "ROOT/QUERY", value_hint = clap::ValueHint::AnyPath)]
    pub args: Vec<OsString>,

    #[command(flatten)]
    pub query: QueryArgs,

    #[command(flatten)]
    pub filters: FilterArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub actions: ActionArgs,

    /// Number of worker threads (default: the number of CPUs).
    #[arg(short = 'j', long, value_name = "N", help_heading = "Performance")]
    pub threads: Option<usize>,
}

/// How the query is matched.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Query")]
pub struct QueryArgs {
    /// Match the file name only, not the whole path.
    #[arg(short = 'b', long)]
    pub basename: bool,

    /// QUERY is a glob matched against the whole path (or the name with -b), as find's
    /// -path (-name): `*` also matches `/`.
    #[arg(short = 'g', long, conflicts_with = "regex")]
    pub glob: bool,

    /// QUERY is a regular expression searched anywhere in the path.
    #[arg(short = 'r', long)]
    pub regex: bool,

    /// Match case-insensitively.
    #[arg(short = 'i', long)]
    pub ignore_case: bool,

    /// Print (and match) absolute paths.
    #[arg(short = 'a', long)]
    pub absolute_path: bool,

    /// Also require this pattern (same mode as QUERY); repeatable.
    #[arg(long = "and", value_name = "QUERY", action = ArgAction::Append)]
    pub and: Vec<OsString>,

    /// Also accept paths matching this pattern instead; repeatable.
    #[arg(long = "or", value_name = "QUERY", action = ArgAction::Append)]
    pub or: Vec<OsString>,

    /// Exclude paths matching this pattern; repeatable.
    #[arg(long = "not", value_name = "QUERY", action = ArgAction::Append)]
    pub not: Vec<OsString>,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
