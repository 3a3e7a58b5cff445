//! One resolved configuration: everything the search needs, decided once.
//!
//! `Config::from_cli` settles what the command line leaves open (which arguments are
//! roots, the printed form of each root, the thread count, whether stdout is a
//! terminal) and compiles the query, so that the rest of the program never looks at
//! clap types or the environment again.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;

use anyhow::{bail, Context, Result};
use pfind::query::{Pattern, Query, Syntax, Target};

use crate::cli::Cli;

/// The resolved settings of one run.
#[derive(Debug)]
pub struct Config {
    /// Roots as they are printed and opened; empty means the current directory with
    /// paths printed relative to it.
    pub roots: Vec<OsString>,
    /// The compiled query.
    pub query: Query,
    /// Worker threads.
    pub threads: usize,
    /// What to print and how.
    pub output: OutputConfig,
    /// Which entries are considered.
    pub filters: FilterConfig,
}

/// Output settings.
#[derive(Debug, Clone)]
pub struct OutputConfig {
    /// Byte written after each result: `\n`, or NUL with `--print0`.
    pub terminator: u8,
    /// Whether stdout is a terminal (flush promptly, small writes).
    pub stdout_is_tty: bool,
}

/// Entry filters.
#[derive(Debug, Clone)]
pub struct FilterConfig {
    /// Entries shallower than this are not printed (default 1: roots are not printed).
    pub min_depth: usize,
    /// Directories at this depth are not read.
    pub max_depth: Option<usize>,
}

impl Config {
    /// Resolves the command line into a configuration.
    pub fn from_cli(cli: Cli) -> Result<Config> {
        let (roots, query_text) = split_arguments(cli.args)?;
        let roots = if cli.query.absolute_path {
            roots.into_iter().map(absolute).collect::<Result<_>>()?
        } else {
            roots
        };
        let syntax = if cli.query.glob {
            Syntax::Glob
        } else if cli.query.regex {
            Syntax::Regex
        } else {
            Syntax::Substring
        };
        let compile =
            |text: &OsString| Pattern::new(text.as_bytes(), syntax, cli.query.ignore_case);
        let target = if cli.query.basename {
            Target::Name
        } else {
            Target::Path
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
        let threads = match cli.threads {
            Some(0) => bail!("--threads must be at least 1"),
            Some(n) => n,
            None => pfind::walk::threads::default_threads(&roots),
        };
        Ok(Config {
            roots,
            query,
            threads,
            output: OutputConfig {
                terminator: if cli.output.print0 { b'\0' } else { b'\n' },
                stdout_is_tty: std::io::stdout().is_terminal(),
            },
            filters: FilterConfig {
                min_depth: cli.filters.min_depth.unwrap_or(1),
                max_depth: cli.filters.max_depth,
            },
        })
    }
}

/// `[]` → everything under `.`; `[ROOT]`; `[ROOT..., QUERY]`.
fn split_arguments(mut args: Vec<OsString>) -> Result<(Vec<OsString>, OsString)> {
    match args.len() {
        0 => Ok((vec![OsString::new()], OsString::new())),
        1 => {
            let root = args.remove(0);
            if Path::new(&root)
                .symlink_metadata()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
            {
                let shown = root.to_string_lossy();
                bail!("'{shown}': no such file or directory (to search the current directory for '{shown}', run: pfind . '{shown}')");
            }
            Ok((vec![root], OsString::new()))
        }
        _ => {
            let query = args.pop().unwrap_or_default();
            Ok((args, query))
        }
    }
}

/// The absolute form of a root, without resolving symlinks (like `realpath -s`).
fn absolute(root: OsString) -> Result<OsString> {
    let path = if root.is_empty() {
        Path::new(".")
    } else {
        Path::new(&root)
    };
    let absolute = std::path::absolute(path).with_context(|| format!("{}", path.display()))?;
    let mut bytes = absolute.into_os_string().into_vec();
    // `absolute` keeps a trailing "/." from "."; drop it so children print as "/x/y".
    if bytes.ends_with(b"/.") && bytes.len() > 2 {
        bytes.truncate(bytes.len() - 2);
    }
    Ok(OsString::from_vec(bytes))
}
