//! Options that shape what is printed and how.

/// Output: how results are printed.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Separate results with NUL instead of newline (for `xargs -0`).
    ///
    /// Use it whenever the results go to another program: file names may contain
    /// newlines, never NUL.
    #[arg(short = '0', long)]
    pub print0: bool,
}
