//! Options that shape what is printed and how.

use clap::ValueEnum;

/// Output: how results are printed.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Separate results with NUL instead of newline (for `xargs -0`).
    #[arg(short = '0', long)]
    pub print0: bool,

    /// Print results in byte order of the printed path, exactly as `| LC_ALL=C sort`
    /// (`sort -z` with -0) would. The walk stays parallel and output still streams:
    /// only results that must wait for an earlier directory are held back.
    #[arg(long)]
    pub sort: bool,

    /// Print each result through TEMPLATE instead of the bare path. Placeholders:
    /// {} path, {/} file name, {//} parent directory, {.} path without extension,
    /// {/.} file name without extension.
    #[arg(long, value_name = "TEMPLATE", conflicts_with = "json")]
    pub format: Option<std::ffi::OsString>,

    /// Print one JSON object per line per result: {"path": ..., "type": ..., "depth": ...}.
    /// A path that is not valid UTF-8 is given as "path_bytes", an array of byte values,
    /// instead of "path".
    #[arg(long)]
    pub json: bool,

    /// Extra JSON fields, comma-separated: size (bytes), mtime (seconds since the
    /// epoch), mode (st_mode as a number). Each needs one stat per result.
    #[arg(
        long,
        value_name = "FIELDS",
        value_delimiter = ',',
        requires = "json",
        value_enum
    )]
    pub json_fields: Vec<JsonField>,

    /// Print only the number of matches.
    #[arg(short = 'c', long, conflicts_with_all = ["sort", "format", "json"])]
    pub count: bool,

    /// When to color the output: auto (only when stdout is a terminal and NO_COLOR is
    /// unset), always, never. Colors come from LS_COLORS, or a built-in default.
    #[arg(long, value_name = "WHEN", default_value = "auto", value_enum)]
    pub color: ColorWhen,

    /// After the search, print on stderr: directories read, entries seen, matches,
    /// errors, elapsed time, entries per second.
    #[arg(long)]
    pub stats: bool,

    /// Show a live status line on stderr (directories read, matches, rate, current
    /// directory), only when stderr is a terminal; erased at the end.
    #[arg(long)]
    pub progress: bool,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Color when stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

/// A field `--json-fields` can add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JsonField {
    /// Size in bytes.
    Size,
    /// Modification time, whole seconds since the Unix epoch.
    Mtime,
    /// st_mode (type and permission bits) as a number.
    Mode,
}
