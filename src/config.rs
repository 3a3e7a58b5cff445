//! One resolved configuration: everything the search needs, decided once.
//!
//! `Config::from_cli` settles what the command line leaves open (which arguments are
//! roots, the printed form of each root, the thread count, whether stdout is a
//! terminal) and compiles the query, so that the rest of the program never looks at
//! clap types or the environment again.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use std::time::Duration;

use anyhow::{bail, Context, Result};
use pfind::query::{Pattern, Query, Syntax, Target};
use pfind_walk::WalkBuilder;

use crate::cli::typed::{shell_quote, Typed};
use crate::cli::{ActionArgs, Cli, ColorWhen, HyperlinkWhen, JsonField, OutputArgs};
use crate::cli::{FilterArgs, TypeArg};
use crate::exec::CommandTemplate;
use crate::filter::contains::ContentFilter;
use crate::filter::gitignore::IgnoreFilter;
use crate::filter::ignore_files::read_ignore_file;
use crate::filter::name::{Excludes, Extensions};
use crate::filter::time::{parse_time, Moment, TimeArg, TimeFilter};
use crate::filter::types::{TypeFilter, TypeLetter};
use crate::filter::Filters;
use crate::hints::{self, Hints, QueryFacts};
use crate::output::color::Colors;
use crate::output::details::Details;
use crate::output::hyperlink::Hyperlinks;
use crate::output::json::JsonFields;
use crate::output::record::{RecordFormat, Renderer};
use crate::output::template::Template;
use crate::paths::DottedRoots;

/// The resolved settings of one run.
#[derive(Debug)]
pub struct Config {
    /// The walk: roots, threads, depth, links, filesystems.
    pub walk: WalkConfig,
    /// The compiled query.
    pub query: Query,
    /// The roots printed with a `./` in front for `-x`, `-X` and `-0` (so that no path
    /// passes for an option): the query does not see it.
    pub dotted_roots: DottedRoots,
    /// What to print and how.
    pub output: OutputConfig,
    /// Which entries are printed and entered, beyond the query (the minimum depth, the
    /// type, size, time, owner, name and content tests, ignore files).
    pub filters: Filters,
    /// What to say after the search (a likely mistake and the command meant).
    pub hints: Hints,
    /// Roots left out, each with its error (a file given as a ROOT): printed before the
    /// walk, and the exit status is 2.
    pub root_errors: Vec<String>,
    /// The QUERY as a glob of names, when a `-g` glob of paths might match names only
    /// (see [`Hints::wants_name_probe`]).
    pub name_probe: Option<Pattern>,
}

/// The walk's settings: everything the walker is told (see `pfind_walk::WalkBuilder`).
#[derive(Debug)]
pub struct WalkConfig {
    /// Roots as they are printed and opened; empty means the current directory with
    /// paths printed relative to it.
    pub roots: Vec<OsString>,
    /// Worker threads: exactly this many (`-j`), or `None` for an elastic count that
    /// the walker adapts to the storage while it runs.
    pub threads: Option<usize>,
    /// Directories at this depth are not read.
    pub max_depth: Option<usize>,
    /// Follow symbolic links (`--follow`).
    pub follow_links: bool,
    /// Stay on each root's filesystem (`--one-file-system`).
    pub same_file_system: bool,
}

impl WalkConfig {
    /// A walker for these settings; it may raise the descriptor limit, as the process
    /// is pfind's own.
    pub fn builder(&self) -> WalkBuilder {
        let mut walker = WalkBuilder::with_roots(&self.roots);
        if let Some(threads) = self.threads {
            walker.threads(threads);
        }
        walker
            .max_depth(self.max_depth)
            .follow_links(self.follow_links)
            .same_file_system(self.same_file_system)
            .raise_fd_limit(true);
        walker
    }
}

/// Output settings.
#[derive(Debug)]
pub struct OutputConfig {
    /// Byte written after each result: `\n`, or NUL with `--print0`.
    pub terminator: u8,
    /// Whether stdout is a terminal (flush promptly, small writes, escape names).
    pub stdout_is_tty: bool,
    /// What happens to each result.
    pub action: Action,
    /// `--sort`: bytes of results that may wait ahead of the output position before
    /// the threads reading ahead are held back. 64 MiB; the environment variable
    /// `PFIND_SORT_HOLD_LIMIT` (bytes) overrides it, for tests and tuning.
    pub sort_hold_limit: usize,
    /// `--max-results` (or `-1`).
    pub max_results: Option<u64>,
    /// `--max-time`: how long, and the value as typed (for the message when it expires).
    pub max_time: Option<(Duration, String)>,
    /// `--stats`.
    pub stats: bool,
    /// The config file read before the command line (PFIND_CONFIG_PATH), for `--stats`.
    pub config_file: Option<PathBuf>,
    /// `--no-errors`: per-path errors are counted, not printed.
    pub no_errors: bool,
    /// `--progress`, and stderr is a terminal.
    pub progress: bool,
    /// Colors are on (so an interrupt must reset them on a terminal).
    pub colored: bool,
}

/// What happens to each result.
#[derive(Debug)]
pub enum Action {
    /// Print it (path, `-l` line, template or JSON); `sorted`: in byte order of the
    /// paths (`--sort`).
    Print {
        renderer: Box<Renderer>,
        sorted: bool,
    },
    /// `-c`: count it.
    Count,
    /// `-q`: stop at the first.
    Quiet,
    /// `-x`: run a command for it.
    Exec(CommandTemplate),
    /// `-X`: run a command for a batch of them; `sorted`: the batches take the results
    /// in byte order of the paths (`--sort`).
    ExecBatch {
        command: CommandTemplate,
        sorted: bool,
    },
}

/// True when `mpirun` started this process (a build with the `mpi` feature).
fn under_mpi() -> bool {
    #[cfg(feature = "mpi")]
    return crate::mpi::launched();
    #[cfg(not(feature = "mpi"))]
    false
}

impl Config {
    /// Resolves the command line into a configuration.
    pub fn from_cli(cli: Cli) -> Result<Config> {
        let filters = &cli.filters;
        let mut facts = QueryFacts {
            glob: cli.query.glob,
            regex: cli.query.regex,
            basename: cli.query.basename,
            quiet: cli.actions.quiet,
            combined: !(cli.query.and.is_empty()
                && cli.query.or.is_empty()
                && cli.query.not.is_empty()),
            roots_hidden: filters.exact_depth.or(filters.min_depth).unwrap_or(1) > 0,
            printed_roots: Vec::new(),
            stderr_is_tty: std::io::stderr().is_terminal(),
        };
        let (roots, query_text) = split_arguments(cli.args, &cli.typed, &facts)?;
        let mut roots: Vec<OsString> = roots
            .into_iter()
            .map(|root| {
                let root = crate::platform::printed_root(root.into_encoded_bytes());
                crate::platform::os_string(root)
            })
            .collect();
        // A ROOT with nothing below it: an error, unless the roots themselves are listed
        // (--min-depth 0), as find lists a file given as a starting point.
        let root_errors = hints::file_roots(&cli.typed, &facts, &mut roots);
        if cli.query.absolute_path {
            let cwd = std::env::current_dir().context("the current directory")?;
            roots = roots.into_iter().map(|root| absolute(root, &cwd)).collect();
        }
        facts.printed_roots = roots.clone();
        let hints = Hints::new(&cli.typed, &facts);
        let handed_on =
            cli.actions.exec.is_some() || cli.actions.exec_batch.is_some() || cli.output.print0;
        let mut root_bytes: Vec<Vec<u8>> =
            roots.into_iter().map(|r| r.into_encoded_bytes()).collect();
        let dotted_roots = DottedRoots::apply(&mut root_bytes, handed_on);
        let roots: Vec<OsString> = root_bytes
            .into_iter()
            .map(crate::platform::os_string)
            .collect();
        let syntax = if cli.query.glob {
            Syntax::Glob
        } else if cli.query.regex {
            Syntax::Regex
        } else {
            Syntax::Substring
        };
        let (ignore_case, smart_case) = (cli.query.ignore_case, cli.query.smart_case);
        let compile = |text: &OsString| {
            let text = text.as_encoded_bytes();
            let fold = ignore_case || (smart_case && !syntax.has_uppercase(text));
            Pattern::new(text, syntax, fold)
        };
        let target = if cli.query.basename {
            Target::Name
        } else {
            Target::Path
        };
        // Names the `-g` glob matches, watched for the hint when it matches no path.
        let name_probe = if hints.wants_name_probe() {
            Some(compile(&query_text)?)
        } else {
            None
        };
        let mut query = Query::new(compile(&query_text)?, target);
        for text in &cli.query.or {
            query = query.or(compile(text)?);
        }
        for text in &cli.query.and {
            query = query.and(compile(text)?);
        }
        for text in &cli.query.not {
            query = query.not(compile(text)?);
        }
        let (filters, max_depth) = filter_config(&cli.filters)?;
        Ok(Config {
            walk: WalkConfig {
                roots,
                threads: cli.threads,
                max_depth,
                follow_links: cli.filters.follow,
                same_file_system: cli.filters.one_file_system,
            },
            query,
            dotted_roots,
            output: output_config(cli.output, cli.actions, cli.config_file)?,
            filters,
            hints,
            root_errors,
            name_probe,
        })
    }
}

/// Settles output: terminal or not, colors (NO_COLOR), the action.
fn output_config(
    output: OutputArgs,
    actions: ActionArgs,
    config_file: Option<PathBuf>,
) -> Result<OutputConfig> {
    if !output.json_fields.is_empty() && !output.json {
        bail!("--json-fields: adds fields to --json, which is not given");
    }
    if output.human && !output.list_details {
        bail!("--human: shapes the sizes of -l, which is not given");
    }
    let max_time = match &actions.max_time {
        Some(arg) => {
            let shown = shell_quote(arg.text.as_bytes());
            let limit = crate::duration::length(arg.span, &jiff::Zoned::now())
                .with_context(|| format!("--max-time {shown}: out of range"))?;
            Some((limit, shown))
        }
        None => None,
    };
    // Under MPI every rank's stdout is a pty of Open MPI's, whatever mpirun's own
    // stdout is: never taken for a terminal.
    let stdout_is_tty = std::io::stdout().is_terminal() && !under_mpi();
    #[cfg(feature = "mpi")]
    if under_mpi() {
        let refused = crate::mpi::refused(
            output.sort,
            actions.exec.is_some(),
            actions.exec_batch.is_some(),
            output.progress,
        );
        if let Some(option) = refused {
            bail!(
                "{option} cannot run across MPI ranks (see \"Running on a cluster\" in the README)"
            );
        }
    }
    let terminator = if output.print0 { b'\0' } else { b'\n' };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let colored = match output.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => stdout_is_tty && !no_color,
    };
    let mut colors_used = false;
    let action = if let Some(words) = &actions.exec {
        Action::Exec(CommandTemplate::new(words))
    } else if let Some(words) = &actions.exec_batch {
        Action::ExecBatch {
            command: CommandTemplate::new(words),
            sorted: output.sort,
        }
    } else if actions.quiet {
        Action::Quiet
    } else if output.count {
        Action::Count
    } else {
        let format = if output.json {
            RecordFormat::Json(JsonFields {
                size: output.json_fields.contains(&JsonField::Size),
                mtime: output.json_fields.contains(&JsonField::Mtime),
                mode: output.json_fields.contains(&JsonField::Mode),
            })
        } else if output.list_details {
            RecordFormat::Details(Box::new(Details::new(output.human)))
        } else if let Some(template) = &output.format {
            RecordFormat::Template(Template::parse(template.as_encoded_bytes()))
        } else {
            RecordFormat::Path
        };
        let paths = matches!(format, RecordFormat::Path | RecordFormat::Details(_));
        let colors = (colored && paths).then(Colors::from_env);
        let linked = match output.hyperlink {
            Some(HyperlinkWhen::Always) => true,
            Some(HyperlinkWhen::Auto) => stdout_is_tty,
            Some(HyperlinkWhen::Never) | None => false,
        };
        let hyperlinks = (linked && paths).then(Hyperlinks::new).flatten();
        colors_used = colors.is_some();
        Action::Print {
            renderer: Box::new(Renderer {
                format,
                colors,
                hyperlinks,
                escape: stdout_is_tty,
                terminator,
            }),
            sorted: output.sort,
        }
    };
    Ok(OutputConfig {
        terminator,
        stdout_is_tty,
        action,
        sort_hold_limit: std::env::var("PFIND_SORT_HOLD_LIMIT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64 << 20),
        max_results: if actions.first {
            Some(1)
        } else {
            actions.max_results
        },
        max_time,
        stats: output.stats,
        config_file,
        no_errors: output.no_errors,
        progress: output.progress && std::io::stderr().is_terminal(),
        colored: colors_used,
    })
}

/// Options that ask for what files on this system do not have (on Windows: owners,
/// execute bits, FIFOs, sockets, devices) are an error, not a silent empty result.
fn refuse_what_files_lack(args: &FilterArgs) -> Result<()> {
    if crate::platform::UNIX_FILES {
        return Ok(());
    }
    if args.owner.is_some() {
        bail!("--owner: files on this system have no Unix owner or group (uid, gid)");
    }
    for kind in &args.types {
        const SPECIAL: &str = "directories on this system hold no FIFOs, sockets or devices";
        let (name, lacking) = match kind {
            TypeArg::Executable => (
                "executable",
                "files on this system have no execute permission bits",
            ),
            TypeArg::Pipe => ("fifo", SPECIAL),
            TypeArg::Socket => ("socket", SPECIAL),
            TypeArg::BlockDevice => ("block", SPECIAL),
            TypeArg::CharDevice => ("char", SPECIAL),
            TypeArg::File | TypeArg::Dir | TypeArg::Symlink | TypeArg::Empty => continue,
        };
        bail!("--type {name}: {lacking}");
    }
    Ok(())
}

/// Compiles the filter options; also returns the depth below which the walk reads
/// nothing.
fn filter_config(args: &FilterArgs) -> Result<(Filters, Option<usize>)> {
    refuse_what_files_lack(args)?;
    let (min_depth, max_depth) = match args.exact_depth {
        Some(depth) => (depth, Some(depth)),
        None => (args.min_depth.unwrap_or(1), args.max_depth),
    };
    // Only an explicit --min-depth: `-d 0` alone prints nothing, as find's
    // `-mindepth 1 -maxdepth 0` does.
    let explicit_min = args.min_depth.is_some();
    if let Some(max_depth) = max_depth.filter(|&max| explicit_min && max < min_depth) {
        bail!("--min-depth {min_depth}: deeper than --max-depth {max_depth}, so nothing can match");
    }
    let now = jiff::Zoned::now();
    let mut times = Vec::new();
    if let Some(arg) = &args.changed_within {
        times.push(TimeFilter::After(resolve_time(
            "--changed-within",
            arg,
            &now,
        )?));
    }
    if let Some(arg) = &args.changed_before {
        times.push(TimeFilter::NotAfter(resolve_time(
            "--changed-before",
            arg,
            &now,
        )?));
    }
    if let Some(file) = &args.newer {
        let meta = pfind_walk::DirRef::current()
            .stat(file.as_os_str(), args.follow)
            .map_err(|err| newer_error(file, &err.into()))?;
        times.push(TimeFilter::After(meta.modified()));
    }
    let letters: Vec<TypeLetter> = args.types.iter().map(|&t| t.into()).collect();
    let filters = Filters {
        min_depth,
        types: if letters.is_empty() {
            None
        } else {
            Some(TypeFilter::new(&letters).map_err(anyhow::Error::msg)?)
        },
        extensions: (!args.extensions.is_empty())
            .then(|| Extensions::new(as_bytes(&args.extensions))),
        excludes: if args.excludes.is_empty() {
            None
        } else {
            Some(Excludes::new(as_bytes(&args.excludes)).context("--exclude")?)
        },
        no_hidden: args.no_hidden,
        ignore: ignore_filter(args.gitignore, &args.ignore_files)?,
        prune: args.prune,
        sizes: args.sizes.clone(),
        times,
        owner: args.owner,
        contains: (!args.contains.is_empty()).then(|| ContentFilter::new(as_bytes(&args.contains))),
    };
    Ok((filters, max_depth))
}

/// The moment a `--changed-*` value names, or the error for one that reaches back
/// out of range (`10000y`).
fn resolve_time(option: &str, arg: &TimeArg, now: &jiff::Zoned) -> Result<Moment> {
    arg.spec.resolve(now).with_context(|| {
        let shown = shell_quote(arg.text.as_bytes());
        format!("{option} {shown}: out of range: it reaches back before the year -9999")
    })
}

/// `--gitignore` and `--ignore-file`: `None` when neither is given.
fn ignore_filter(gitignore: bool, files: &[PathBuf]) -> Result<Option<IgnoreFilter>> {
    if !gitignore && files.is_empty() {
        return Ok(None);
    }
    let mut rules = Vec::with_capacity(files.len());
    for file in files {
        rules.extend(read_ignore_file(file)?);
    }
    Ok(Some(IgnoreFilter::new(gitignore, rules)))
}

fn as_bytes(texts: &[OsString]) -> impl Iterator<Item = &[u8]> {
    texts.iter().map(|t| t.as_encoded_bytes())
}

/// `--newer FILE` that cannot be read; when FILE is a duration or a date (fd's
/// `--newer 2d`), what pfind calls that.
fn newer_error(file: &Path, err: &std::io::Error) -> anyhow::Error {
    let shown = shell_quote(file.as_os_str().as_encoded_bytes());
    let reason = pfind_walk::describe_io_error(err);
    let text = file.to_str().unwrap_or_default();
    if err.kind() == std::io::ErrorKind::NotFound && parse_time(text).is_ok() {
        anyhow::anyhow!(
            "--newer {shown}: {reason} (--newer takes a FILE; for entries modified in \
             the last {shown}, use --changed-within {shown})"
        )
    } else {
        anyhow::anyhow!("--newer {shown}: {reason}")
    }
}

/// `[]` → everything under `.`; `[ROOT]`; `[ROOT..., QUERY]`.
fn split_arguments(
    mut args: Vec<OsString>,
    typed: &Typed,
    facts: &QueryFacts,
) -> Result<(Vec<OsString>, OsString)> {
    match args.len() {
        0 => Ok((vec![OsString::new()], OsString::new())),
        1 => {
            let root = args.remove(0);
            if Path::new(&root)
                .symlink_metadata()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
            {
                bail!(hints::missing_single_root(typed, facts, &root));
            }
            Ok((vec![root], OsString::new()))
        }
        _ => {
            let query = args.pop().unwrap_or_default();
            Ok((args, query))
        }
    }
}

/// The absolute form of a root, made in the text like `realpath -s` (no symbolic link
/// is resolved): joined to the current directory, then `.`, `..` and empty components
/// resolved lexically.
fn absolute(root: OsString, cwd: &Path) -> OsString {
    let joined = cwd.join(&root).into_os_string().into_encoded_bytes();
    let joined = crate::platform::printed_root(joined);
    crate::platform::os_string(crate::paths::lexically_normal(&joined))
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;
    use std::path::Path;

    use super::absolute;

    #[test]
    fn regression_absolute_roots_resolve_dot_dot_in_the_text() {
        // Issue 14.4: `-a one/..` printed `/T/one/../a.foo`.
        let cwd = Path::new("/T/x");
        for (root, want) in [
            ("one/..", "/T/x"),
            ("", "/T/x"),
            (".", "/T/x"),
            ("./", "/T/x"),
            ("one/./two//", "/T/x/one/two"),
            ("../..", "/"),
            ("../../..", "/"),
            ("/usr/../etc/", "/etc"),
            ("/", "/"),
            ("//", "/"),
        ] {
            assert_eq!(absolute(OsString::from(root), cwd), want, "{root:?}");
        }
    }
}
