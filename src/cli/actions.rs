//! Options that decide what happens to each result (commands) and when the search
//! stops early.

use std::ffi::OsString;

/// Actions: commands to run, and stopping early.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Actions")]
pub struct ActionArgs {
    /// Run CMD for each result: -x CMD [ARG]... ';'
    ///
    /// One command per result, in parallel, never through a shell; the command line
    /// ends at a ; argument (quote it from the shell) or at the end. Placeholders: {}
    /// the path, {/} the file name, {//} the parent directory, {.} the path without
    /// extension, {/.} the file name without extension; {} is appended when no
    /// argument holds one. Each command's output streams, never mixed with another's (a
    /// command past 64 KiB of output waits for its turn); nothing else is printed. A
    /// command that fails or cannot start makes the exit status 2. With no ROOT, or a
    /// ROOT starting with -, paths start with ./ ({}, {//} and {.} too), and an
    /// argument starting with {/} or {/.} is ./NAME for a NAME starting with -, so
    /// that a file named -rf or --help never passes for an option.
    #[arg(
        short = 'x',
        long,
        value_name = "CMD",
        num_args = 1..,
        allow_hyphen_values = true,
        value_terminator = ";",
        conflicts_with_all = ["exec_batch", "count", "quiet", "sort", "format", "json", "list_details"]
    )]
    pub exec: Option<Vec<OsString>>,

    /// Run CMD with many results: -X CMD [ARG]... ';'
    ///
    /// As many results per command as fit in the system's argument limit. An argument
    /// holding a placeholder (as for -x) is repeated for each result; {} is appended
    /// when none is given. With --sort, the commands get the results in sorted order,
    /// batch after batch. A command that fails or cannot start makes the exit status 2.
    /// Paths and names get ./ as for -x.
    #[arg(
        short = 'X',
        long,
        value_name = "CMD",
        num_args = 1..,
        allow_hyphen_values = true,
        value_terminator = ";",
        conflicts_with_all = ["count", "quiet", "format", "json", "list_details"]
    )]
    pub exec_batch: Option<Vec<OsString>>,

    /// Stop after N results.
    ///
    /// Never more than N are printed (or run), whatever the number of threads; with
    /// --sort, the first N in sorted order.
    #[arg(
        long,
        value_name = "N",
        value_parser = super::numbers::count,
        value_hint = clap::ValueHint::Other,
        hide_short_help = true
    )]
    pub max_results: Option<u64>,

    /// Stop after the first result (--max-results 1).
    #[arg(short = '1', conflicts_with = "max_results", hide_short_help = true)]
    pub first: bool,

    /// Print nothing; exit 0 at the first match, else 1.
    #[arg(
        short = 'q',
        long,
        conflicts_with_all = ["count", "sort", "format", "json", "list_details"],
        help_heading = "Output"
    )]
    pub quiet: bool,

    /// Stop the search after DURATION: 500ms, 10s, 1m30s.
    ///
    /// The same durations as --changed-within (a number and a unit, repeated: 500ms,
    /// 10s, 10min, 1m30s, 2h; a bare number is refused). What was printed stays
    /// printed; stderr says the search was cut short, and the exit status is 2 (unless
    /// -q found a match).
    #[arg(
        long,
        value_name = "DURATION",
        value_parser = crate::duration::parse_arg,
        value_hint = clap::ValueHint::Other,
        hide_short_help = true
    )]
    pub max_time: Option<crate::duration::DurationArg>,
}
