//! Options that shape what is printed and how.

use clap::ValueEnum;

/// Output: how results are printed.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Separate results with NUL (for xargs -0).
    ///
    /// NUL instead of newline. Use it whenever the results go to another program: file
    /// names may contain newlines, never NUL. With no ROOT, or a ROOT starting with -,
    /// paths start with ./ (as with -x and -X), so that a file named -rf never reaches
    /// xargs as an option.
    #[arg(short = '0', long)]
    pub print0: bool,

    /// Sort by path (byte order, as LC_ALL=C sort).
    ///
    /// Exactly what | LC_ALL=C sort (sort -z with -0) would print. The walk stays
    /// parallel and output still streams: only results that must wait for an earlier
    /// directory are held back.
    #[arg(long)]
    pub sort: bool,

    /// ls -l lines: mode, links, owner, group, size, date.
    ///
    /// From one stat per result: the mode string, hard links, owner and group names,
    /// size in bytes (major, minor for a device), the modification time as YYYY-MM-DD
    /// HH:MM in local time (TZ honoured), the path (colored as without -l), and for a
    /// symbolic link -> and its target. Columns have a minimum width, not ls's
    /// alignment, so that results still stream.
    #[arg(short = 'l', long, conflicts_with_all = ["format", "json"])]
    pub list_details: bool,

    /// With -l, sizes such as 1.5K and 12M (ls -lh).
    ///
    /// Powers of 1024, as ls -lh prints them: below 10 with one decimal, rounded up
    /// (1.1K for 1025 bytes), else whole; units K, M, G, T, P, E. -h stays help.
    #[arg(long)]
    pub human: bool,

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

    /// Print one JSON object per result.
    ///
    /// One per line: {"path":"src/main.rs","type":"file","depth":2}. A path that is not valid UTF-8
    /// is given as "path_bytes", an array of its byte values, instead of "path". Types:
    /// file, dir, symlink, fifo, socket, char_device, block_device, unknown.
    #[arg(long)]
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
        value_enum
    )]
    pub json_fields: Vec<JsonField>,

    /// Print only the number of matches.
    #[arg(
        short = 'c',
        long,
        conflicts_with_all = ["sort", "format", "json", "list_details"]
    )]
    pub count: bool,

    /// When to color paths: auto (default), always, never.
    ///
    /// auto colors only when stdout is a terminal and NO_COLOR is unset. Colors come
    /// from LS_COLORS (every key ls honours), or a built-in default. On a terminal,
    /// control characters, bytes that are not UTF-8 and characters that reorder or hide
    /// text are shown escaped (\n, \x1b, \u{202e}, \xff) whatever the colors; into a
    /// pipe, paths stay byte for byte.
    #[arg(
        long,
        value_name = "WHEN",
        default_value = "auto",
        value_enum,
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub color: ColorWhen,

    /// Do not print errors about single paths (status stays 2).
    ///
    /// Unreadable directories, vanished entries, loops: the walk goes on quietly, and
    /// the exit status still says that something could not be read. Errors in the
    /// command line, a failed write, a command that cannot start are still printed.
    #[arg(short = 's', long)]
    pub no_errors: bool,

    /// Make printed paths links to their files: auto, always, never.
    ///
    /// OSC 8 links to file://HOST/PATH (the absolute path, percent-encoded), which a
    /// terminal that knows them opens on a click. --hyperlink alone is auto: links
    /// only when stdout is a terminal. Paths and -l lines only.
    #[arg(
        long,
        value_name = "WHEN",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "auto",
        value_enum,
        hide_short_help = true
    )]
    pub hyperlink: Option<HyperlinkWhen>,

    /// Print statistics on stderr at the end.
    ///
    /// Directories read, entries seen, matches, errors, elapsed time, entries per second,
    /// and the threads the walk ran: by default, the counts it chose over time.
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

/// `--hyperlink`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HyperlinkWhen {
    /// Links when stdout is a terminal.
    Auto,
    /// Always links.
    Always,
    /// Never links.
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
