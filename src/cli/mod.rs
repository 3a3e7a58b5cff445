//! The command line, and nothing else: clap definitions whose doc comments are the
//! `--help` text. Turning these into a [`Config`](crate::config::Config) (defaults,
//! terminal detection, compiled patterns) happens in `config.rs`; the walker and the
//! matcher never see clap.
//!
//! Options are grouped by concern, one struct per group, each flattened into [`Cli`]
//! under its own help heading (Query, Filters, Output, Actions, Performance).
//!
//! Help comes in two sizes, both from the doc comments: the first paragraph is the `-h`
//! line, the whole comment the `--help` text. `-h` must fit on one screen, so options
//! most people never need are marked `hide_short_help` (a test keeps the budget). The
//! completions and the man page are generated from this same definition
//! (`src/generate.rs`).

mod actions;
mod config_file;
mod errors;
mod fd_habits;
mod filters;
mod find_habits;
pub mod help;
mod numbers;
mod output;
mod scan;
pub mod typed;

use std::ffi::OsString;

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser};

pub use actions::ActionArgs;
pub use filters::{FilterArgs, TypeArg};
pub use output::{ColorWhen, HyperlinkWhen, JsonField, OutputArgs};

const USAGE: &str = "pfind [OPTIONS] [ROOT [QUERY]]\n       pfind [OPTIONS] ROOT... QUERY";

const ABOUT: &str =
    "A parallel find: prints the paths under ROOT that contain QUERY (a substring).";

const LONG_ABOUT: &str = "\
A parallel filesystem finder: prints every path under ROOT whose path, as printed, \
contains QUERY (a case-sensitive substring; exactly find ROOT -mindepth 1 -path '*QUERY*'). \
With -b only the file name is matched; -g makes QUERY a glob and -r a regular expression.

With no argument, everything under the current directory is listed (relative paths, no \
leading './', except for -x, -X and -0). One argument is the ROOT. With two or more, the \
last is the QUERY and the others are roots: pfind /etc /usr conf searches both. Use \
pfind ROOT '' to list everything under several roots.

Results stream out as they are found, in no particular order; directories are read in \
parallel. A directory that cannot be read is reported on stderr and the walk goes on. \
An option given twice, or both of a pair such as --no-hidden and --hidden, takes the \
last one.";

/// pfind's command line.
#[derive(Debug, Parser)]
#[command(
    name = "pfind",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    override_usage = USAGE,
    after_help = help::AFTER_SHORT_HELP,
    after_long_help = help::after_long_help(),
    max_term_width = 100,
    disable_help_flag = true,
    disable_version_flag = true,
    args_override_self = true
)]
pub struct Cli {
    /// Roots to search, then the query: ROOT, ROOT QUERY, ROOT... QUERY.
    #[arg(
        value_name = "ROOT/QUERY",
        value_hint = clap::ValueHint::AnyPath,
        hide_short_help = true
    )]
    pub args: Vec<OsString>,

    /// Print help (-h: the options of every day; --help: all, with examples).
    #[arg(short = 'h', long, action = ArgAction::Help, hide_short_help = true)]
    help: Option<bool>,

    /// Print version.
    #[arg(short = 'V', long, action = ArgAction::Version, hide_short_help = true)]
    version: Option<bool>,

    #[command(flatten)]
    pub query: QueryArgs,

    #[command(flatten)]
    pub filters: FilterArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub actions: ActionArgs,

    /// Run exactly N worker threads (default: elastic, adapted to the storage while the
    /// walk runs).
    ///
    /// By default the walk starts with one thread per CPU, at most 16 (16 to 32 on
    /// network and FUSE filesystems such as NFS, SMB, sshfs) and, while it waits on the
    /// disk (a cold cache) or the network, runs more, up to 32 per CPU, keeping only
    /// what makes it faster; once the directories come from the page cache it goes back
    /// to where it started. --stats shows what it did.
    #[arg(
        short = 'j',
        long,
        value_name = "N",
        value_parser = numbers::threads,
        value_hint = clap::ValueHint::Other,
        help_heading = "Performance",
        hide_short_help = true
    )]
    pub threads: Option<usize>,

    /// Read no config file, even when PFIND_CONFIG_PATH names one.
    ///
    /// PFIND_CONFIG_PATH names a file of default options, one per line (# starts a
    /// comment line), read before the command line, so that the command line wins.
    #[arg(long, help_heading = "Config file", hide_short_help = true)]
    pub no_config: bool,

    /// The command line as typed, for hints that repeat it.
    #[arg(skip)]
    pub typed: typed::Typed,

    /// The config file whose options came first, if one was read.
    #[arg(skip)]
    pub config_file: Option<std::path::PathBuf>,
}

/// Parses the process's arguments (`args`, without the program's name). `--help` and
/// `--version` print and exit 0. Any invalid command line is an error of one line,
/// which `main` reports with status 2: find's spelling (`-name x`) with pfind's, fd's
/// flags with what pfind does instead, or clap's reason and its tip if it has one,
/// with the names in it escaped.
pub fn parse(args: &[OsString]) -> anyhow::Result<Box<Cli>> {
    let mut command = Cli::command();
    if let Some(mistake) = scan::mistake(&command, args) {
        anyhow::bail!(mistake.message);
    }
    let config = config_file::read(&command, args)?;
    let mut all = Vec::with_capacity(args.len() + 1);
    all.push(OsString::from("pfind"));
    if let Some(config) = &config {
        config.check(&mut command)?;
        all.extend(config.args.iter().cloned());
        let note = help::config_note(&config.path);
        command = command
            .after_help(format!("{note}\n\n{}", help::AFTER_SHORT_HELP))
            .after_long_help(format!("{}\n\n{note}", help::after_long_help()));
    }
    all.extend(args.iter().cloned());
    // One command, built once: building it is most of pfind's start-up on a tiny tree.
    let parsed = command
        .try_get_matches_from_mut(all)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches));
    match parsed {
        Ok(mut cli) => {
            cli.typed = typed::Typed::new(&command, args.to_vec());
            cli.config_file = config.map(|config| config.path);
            Ok(Box::new(cli))
        }
        Err(err) if !err.use_stderr() => err.exit(),
        Err(err) => match &config {
            // A conflict may be between the file and the command line.
            Some(config) if err.kind() == clap::error::ErrorKind::ArgumentConflict => {
                anyhow::bail!(
                    "{} (the options of {} come first; --no-config leaves them out)",
                    errors::one_line(&err),
                    pfind::escape::escape(config.path.as_os_str().as_encoded_bytes())
                )
            }
            _ => anyhow::bail!(errors::one_line(&err)),
        },
    }
}

/// How the query is matched.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Query")]
pub struct QueryArgs {
    /// Match the file name only, not the whole path.
    ///
    /// Like find's -name, but QUERY is still a substring unless -g or -r is given.
    #[arg(short = 'b', long)]
    pub basename: bool,

    /// QUERY is a glob, in which '*' also matches '/'.
    ///
    /// The glob must match the whole path (or the name with -b), as find's -path
    /// (-name) in a UTF-8 locale: '?' and '[...]' match one character of a UTF-8 name
    /// (else one byte). '**/' matches zero or more directories. The empty QUERY matches
    /// everything.
    #[arg(short = 'g', long, conflicts_with = "regex")]
    pub glob: bool,

    /// QUERY is a regular expression.
    ///
    /// It is searched anywhere in the path (or the name with -b); anchor it with ^ and $
    /// to match the whole.
    #[arg(short = 'r', long)]
    pub regex: bool,

    /// Match case-insensitively.
    ///
    /// Unicode case folding on UTF-8 names, ASCII on others (find's -ipath, -iname).
    /// The last of -i, --smart-case and --case-sensitive wins.
    #[arg(short = 'i', long, overrides_with_all = ["case_sensitive", "smart_case"])]
    pub ignore_case: bool,

    /// Match case-sensitively (the default; undoes an earlier -i or --smart-case).
    #[arg(long, overrides_with_all = ["ignore_case", "smart_case"], hide_short_help = true)]
    pub case_sensitive: bool,

    /// Match case-insensitively unless the pattern has an uppercase letter.
    ///
    /// Decided for each pattern (QUERY, --and, --or, --not) on its own text; in a
    /// regex, escapes and class names (\D, \p{Lu}) are not letters. The last of -i,
    /// --smart-case and --case-sensitive wins.
    #[arg(long, overrides_with_all = ["ignore_case", "case_sensitive"], hide_short_help = true)]
    pub smart_case: bool,

    /// Print (and match) absolute paths.
    ///
    /// Roots are made absolute without resolving symbolic links, like realpath -s: '.'
    /// and '..' are resolved in the text. --relative-path undoes it: the last of the two
    /// wins.
    #[arg(short = 'a', long, overrides_with = "relative_path")]
    pub absolute_path: bool,

    /// Print paths from the roots as typed (the default; undoes an earlier -a).
    #[arg(long, overrides_with = "absolute_path", hide_short_help = true)]
    pub relative_path: bool,

    /// Also require this pattern (same mode as QUERY); repeatable.
    #[arg(long = "and", value_name = "QUERY", action = ArgAction::Append, hide_short_help = true)]
    pub and: Vec<OsString>,

    /// Also accept paths matching this pattern instead; repeatable.
    #[arg(long = "or", value_name = "QUERY", action = ArgAction::Append, hide_short_help = true)]
    pub or: Vec<OsString>,

    /// Exclude paths matching this pattern; repeatable.
    #[arg(long = "not", value_name = "QUERY", action = ArgAction::Append, hide_short_help = true)]
    pub not: Vec<OsString>,
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::Path;

    use clap::{CommandFactory, Parser};

    use super::help::EXAMPLES;
    use super::Cli;

    /// Set to rewrite golden files instead of comparing against them.
    const BLESS: &str = "PFIND_BLESS";

    /// Width the golden help is rendered at, whatever the terminal running the tests.
    const GOLDEN_WIDTH: usize = 100;

    /// Fails unless every flag named in `text` (as `-x` or `--long`) exists in [`Cli`]
    /// (or is `--generate`, read before clap).
    pub(crate) fn assert_flags_exist(text: &str, context: &str) {
        let command = Cli::command();
        let words = text.split(|c: char| c.is_whitespace() || "(),'".contains(c));
        let flags = words.filter(|w| w.starts_with('-') && w.len() > 1 && *w != "--");
        for flag in flags.filter(|&flag| flag != "--generate") {
            let exists = command
                .get_arguments()
                .any(|arg| match flag.strip_prefix("--") {
                    Some(long) => {
                        arg.get_long() == Some(long)
                            || arg.get_all_aliases().is_some_and(|a| a.contains(&long))
                    }
                    None => flag.chars().nth(1) == arg.get_short() && flag.len() == 2,
                });
            assert!(exists, "{context}: names {flag}, which pfind does not have");
        }
    }

    /// Compares `actual` with the committed file at `path` (relative to the package),
    /// or rewrites the file when PFIND_BLESS is set.
    /// Trailing blanks (clap indents empty lines) are dropped, so that an editor that
    /// strips them does not break the test.
    pub(crate) fn assert_golden(path: &str, actual: &str) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        let actual: String = actual
            .lines()
            .map(|line| line.trim_end().to_owned() + "\n")
            .collect();
        if std::env::var_os(BLESS).is_some() {
            std::fs::write(&path, actual).unwrap();
            return;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            expected == actual,
            "{} is out of date; if the change is intended, regenerate it with \
             `{BLESS}=1 cargo test --bin pfind golden` and review the diff.\n\
             --- committed\n{expected}\n--- now\n{actual}",
            path.display()
        );
    }

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn golden_long_help() {
        let help = Cli::command().term_width(GOLDEN_WIDTH).render_long_help();
        assert_golden("fixtures/golden/help.txt", &help.to_string());
    }

    #[test]
    fn golden_short_help() {
        let help = Cli::command().term_width(GOLDEN_WIDTH).render_help();
        assert_golden("fixtures/golden/short-help.txt", &help.to_string());
    }

    /// -h left out -x, -X, -S, --changed-*, --json, --color, --gitignore, and then
    /// --no-hidden (half of fd's defaults).
    #[test]
    fn regression_short_help_shows_every_option_of_every_day() {
        let help = Cli::command().term_width(80).render_help().to_string();
        for flag in [
            "-b,",
            "-g,",
            "-r,",
            "-i,",
            "-a,",
            "-t,",
            "-e,",
            "-E,",
            "-d,",
            "-S,",
            "--changed-within",
            "--changed-before",
            "--gitignore",
            "--no-hidden",
            "-0,",
            "--sort",
            "-l,",
            "-c,",
            "-q,",
            "--json",
            "--color",
            "-s,",
            "-x,",
            "-X,",
        ] {
            assert!(
                help.contains(flag),
                "`pfind -h` does not show {flag}:\n{help}"
            );
        }
        for line in help.lines() {
            assert!(
                !line.starts_with("        "),
                "an option's help wraps:\n{help}"
            );
        }
    }

    #[test]
    fn help_and_man_page_hold_no_markdown_backticks() {
        let help = Cli::command()
            .term_width(100)
            .render_long_help()
            .to_string();
        assert!(!help.contains('`'), "{help}");
    }

    #[test]
    fn short_help_fits_on_one_screen() {
        let help = Cli::command().term_width(80).render_help().to_string();
        let lines = help.lines().count();
        assert!(
            lines <= 40,
            "`pfind -h` is {lines} lines; mark less-used options `hide_short_help = true` \
             (they stay in --help):\n{help}"
        );
    }

    #[test]
    fn every_example_parses() {
        for example in EXAMPLES {
            let command_line = example.command.split('|').next().unwrap_or_default();
            let args = command_line
                .split_whitespace()
                .map(|word| word.trim_matches('\''));
            if let Err(err) = Cli::try_parse_from(args) {
                panic!("{}: {err}", example.command);
            }
        }
    }
}
