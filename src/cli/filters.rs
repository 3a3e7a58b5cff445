//! Options that narrow the walk or the results (type, depth, size, time, ...).

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
}
