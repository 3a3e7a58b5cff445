//! Options that shape what is printed and how.

use clap::ValueEnum;

/// Output: how results are printed.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Separate results with NUL instead of newline (for `xargs -0`).
    ///
    /// Use it whenever the results go to another program: file names may contain
    /// newlines, never NUL. With no ROOT, paths start with `./` (as with -x and -X), so
    /// that a file named `-rf` never reaches `xargs` as an option.
    #[arg(short = '0', long)]
    pub print0: bool,

    /// Print results sorted by path (byte order, as `LC_ALL=C sort`).
    ///
    /// Exactly what `| LC_ALL=C sort` (`sort -z` with -0) would print. The walk stays
    /// parallel and output still streams: only results that must wait for an earlier
    /// directory are held back.
    #[arg(long)]
    pub sort: bool,

    /// Print each result through TEMPLATE, e.g. '{/} in {//}'.
    ///
    /// Placeholders: {} path, {/} file name, {//} parent directory, {.} path without
    /// extension, {/.} file name without extension. Everything else is printed as is.
    #[arg(
        long,
        value_name = "TEMPLATE",
        conflicts_with = "json",
        hide_short_help = true
    )]
    pub format: Option<std::ffi::OsString>,

    /// Print one JSON object per line per result.
    ///
    /// `{"path":"src/main.rs","type":"file","depth":2}`. A path that is not valid UTF-8
    /// is given as "path_bytes", an array of its byte values, instead of "path". Types:
    /// file, dir, symlink, fifo, socket, char_device, block_device, unknown.
    #[arg(long, hide_short_help = true)]
    pub json: bool,

    /// Add fields to --json: size, mtime, mode (comma-separated).
    ///
    /// size: bytes; mtime: whole seconds since the Unix epoch; mode: st_mode as a
    /// number (type and permission bits). They cost one stat per result; a failed stat
    /// gives null and an error.
    #[arg(
        long,
        hide_short_help = true,
        value_name = "FIELDS",
        value_delimiter = ',',
        requires = "json",
        value_enum
    )]
    pub json_fields: Vec<JsonField>,

    /// Print only the number of matches.
    #[arg(
        short = 'c',
        long,
        conflicts_with_all = ["sort", "format", "json"],
        hide_short_help = true
    )]
    pub count: bool,

    /// When to color paths: auto, always, never.
    ///
    /// auto colors only when stdout is a terminal and NO_COLOR is unset. Colors come
    /// from LS_COLORS, or a built-in default. On a terminal, control characters and
    /// bytes that are not UTF-8 are shown escaped (\n, \x1b, \xff) whatever the
    /// colors; into a pipe, paths stay byte for byte.
    #[arg(
        long,
        value_name = "WHEN",
        default_value = "auto",
        value_enum,
        hide_short_help = true
    )]
    pub color: ColorWhen,

    /// Print statistics on stderr at the end.
    ///
    /// Directories read, entries seen, matches, errors, elapsed time, entries per second.
    #[arg(long, hide_short_help = true)]
    pub stats: bool,

    /// Show a live status line on stderr.
    ///
    /// Directories read, entries, matches, rate and a directory being read, redrawn
    /// ten times a second, only when stderr is a terminal; erased at the end.
    #[arg(long, hide_short_help = true)]
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
