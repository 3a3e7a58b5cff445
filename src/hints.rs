//! Hints for the mistakes of a first hour, each with a whole command to run instead
//! that keeps the user's own flags (`cli/typed.rs`):
//! - one argument that is not there: it was probably meant as the QUERY;
//! - fd's argument order (`pfind PATTERN PATH`): a first "root" that is missing while
//!   the QUERY names a directory, or a QUERY that is an existing absolute path and
//!   matched nothing;
//! - a substring QUERY holding glob characters that matched nothing;
//! - more errors than a terminal shows at once: `-s` hides them.
//!
//! The hints are settled from the command line before the walk (a `stat` or two) and
//! printed after it, on stderr, below whatever the walk reported.

use std::ffi::OsString;
use std::path::Path;

use pfind::escape::escape;

use crate::cli::typed::Typed;
use crate::messages;

/// What to say after the search.
#[derive(Debug, Default)]
pub struct Hints {
    /// Printed whatever the outcome.
    always: Option<String>,
    /// Printed when nothing matched.
    if_nothing_matched: Option<String>,
}

/// What the hints need to know of the query.
pub struct QueryFacts {
    /// `-g` or `-r`: the QUERY is not a substring.
    pub pattern: bool,
    /// `-b`.
    pub basename: bool,
    /// `-q`: print nothing.
    pub quiet: bool,
}

impl Hints {
    /// The hints for a command line with two or more positional arguments (roots,
    /// then the query).
    pub fn new(typed: &Typed, facts: &QueryFacts) -> Hints {
        let positionals: Vec<&OsString> = typed.positionals().collect();
        let mut hints = Hints::default();
        if facts.quiet || positionals.len() < 2 {
            return hints;
        }
        let (first, query) = (positionals[0], positionals[positionals.len() - 1]);
        let missing = |p: &OsString| {
            Path::new(p)
                .symlink_metadata()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        };
        let others_exist = positionals[1..].iter().all(|p| !missing(p));
        let mut swapped: Vec<&OsString> = positionals[1..].to_vec();
        swapped.push(first);
        let fd_order = format!(
            "the QUERY comes last, after the ROOTs (fd's order is the reverse); to \
             search {} for '{}', run: {}",
            escape(query.as_encoded_bytes()),
            escape(first.as_encoded_bytes()),
            typed.suggest(&[], &swapped)
        );
        if missing(first) && others_exist && Path::new(query).is_dir() {
            hints.always = Some(fd_order);
        } else if is_absolute_path(query) && others_exist && !missing(query) {
            hints.if_nothing_matched = Some(fd_order);
        } else if !facts.pattern && query.as_encoded_bytes().iter().any(|b| b"*?[".contains(b)) {
            // A glob of a name, unless the user matches paths with a `/` in the glob.
            let (target, flags): (&str, &[&str]) = if facts.basename {
                ("name", &["-g"])
            } else if query.as_encoded_bytes().contains(&b'/') {
                ("path", &["-g"])
            } else {
                ("path", &["-b", "-g"])
            };
            let positionals: Vec<&OsString> = positionals.to_vec();
            hints.if_nothing_matched = Some(format!(
                "no {target} contains '{}': QUERY is a substring, -g makes it a glob; \
                 run: {}",
                escape(query.as_encoded_bytes()),
                typed.suggest(flags, &positionals)
            ));
        }
        hints
    }

    /// Prints what applies, once the search is over.
    pub fn print(&self, matched: bool) {
        let hint = match (&self.always, matched) {
            (Some(hint), _) => Some(hint),
            (None, false) => self.if_nothing_matched.as_ref(),
            (None, true) => None,
        };
        if let Some(hint) = hint {
            messages::error(format_args!("{hint}"));
        }
    }
}

/// An absolute path other than `/` itself, which as a substring means "deeper than
/// the roots" and is no mistake.
fn is_absolute_path(query: &OsString) -> bool {
    let bytes = query.as_encoded_bytes();
    bytes.starts_with(b"/") && bytes.iter().any(|&b| b != b'/')
}

/// The error for a single argument that is not there: the ROOT is missing, and the
/// user probably meant it as the QUERY under the current directory.
pub fn missing_single_root(typed: &Typed, root: &OsString) -> String {
    let dot = OsString::from(".");
    let shown = escape(root.as_encoded_bytes());
    format!(
        "{shown}: No such file or directory (to search the current directory for \
         '{shown}', run: {})",
        typed.suggest(&[], &[&dot, root])
    )
}

/// After more errors than the terminal on stderr has rows: how to hide them.
pub fn after_errors(errors: u64) {
    let rows = pfind::platform::stderr_terminal_size()
        .map(|(_, rows)| u64::from(rows))
        .filter(|&rows| rows > 0);
    if rows.is_some_and(|rows| errors >= rows) {
        messages::error(format_args!(
            "{errors} errors; -s (--no-errors) hides them, and the exit status still says 2"
        ));
    }
}
