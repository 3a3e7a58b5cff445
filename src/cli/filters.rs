//! Options that narrow the walk or the results (type, depth, size, time, ...).

/// Filters: which entries are considered at all.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Filters")]
pub struct FilterArgs {
    /// Do not descend below this depth (1 = the roots' children).
    #[arg(short = 'd', long, value_name = "N")]
    pub max_depth: Option<usize>,

    /// Only print entries at least this deep.
    #[arg(long, value_name = "N")]
    pub min_depth: Option<usize>,
}
