//! Hints for the mistakes of a first hour, each with a whole command to run instead
//! that keeps the user's own flags (`cli/typed.rs`), and that prints something where
//! the mistake was what it looks like (the tests run every suggested command):
//! - one argument that is not there: it was probably meant as the QUERY;
//! - a ROOT that is a file, not a directory: one alone was probably meant as the QUERY;
//!   several (with the QUERY a file too) are the names a shell made of an unquoted glob;
//! - fd's argument order (`pfind PATTERN PATH`): a first "root" that is missing while
//!   the QUERY names a directory, or a QUERY that is an existing absolute path and
//!   matched nothing;
//! - a substring QUERY holding glob characters that matched nothing;
//! - a `-g` glob without `/` that matched no path, where it matched names (fd's `-g`
//!   matches names; pfind's `-b -g` does);
//! - on a terminal, a QUERY that the ROOT itself contains, so every path matches;
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
    /// Printed when nothing matched but the `-g` glob matched a name.
    if_only_names_matched: Option<String>,
}

/// What the hints need to know of the command line.
pub struct QueryFacts {
    /// `-g`.
    pub glob: bool,
    /// `-r`.
    pub regex: bool,
    /// `-b`.
    pub basename: bool,
    /// `-q`: print nothing.
    pub quiet: bool,
    /// `--and`, `--or` or `--not`: the QUERY is not alone.
    pub combined: bool,
    /// Roots are not printed (`--min-depth` above 0), so a file as a ROOT is an error.
    pub roots_hidden: bool,
    /// The roots as they are printed.
    pub printed_roots: Vec<OsString>,
    /// stderr is a terminal: a person reads it.
    pub stderr_is_tty: bool,
}

impl QueryFacts {
    /// The flags to add to the user's, and the QUERY to give, so that `word` (meant as
    /// a QUERY under `roots`) matches what it looks meant to: a glob of names (`*.rs`:
    /// `-b -g`), a glob of paths below the root (`src/*.rs` under `.`: `-g './src/*.rs'`,
    /// as paths print), or a plain word (a name under `-g`: `-b -g`).
    fn query_for(&self, word: &OsString, roots: &[&OsString]) -> (Vec<&'static str>, OsString) {
        let bytes = word.as_encoded_bytes();
        if self.regex || !(self.glob || bytes.iter().any(|b| b"*?[".contains(b))) {
            return (Vec::new(), word.clone());
        }
        let mut flags = Vec::new();
        if bytes.contains(&b'/') && !self.basename {
            if !self.glob {
                flags.push("-g");
            }
            return (flags, glob_below(word, roots));
        }
        if !self.basename {
            flags.push("-b");
        }
        if !self.glob {
            flags.push("-g");
        }
        (flags, word.clone())
    }
}

/// A glob of paths below the root, made to match the paths as printed: `src/*.rs` under
/// `.` is `./src/*.rs`; under several roots, `*/src/*.rs`. One that starts with `/`, a
/// wildcard or the root already does.
fn glob_below(glob: &OsString, roots: &[&OsString]) -> OsString {
    let bytes = glob.as_encoded_bytes();
    if bytes.starts_with(b"/") || bytes.starts_with(b"*") || bytes.starts_with(b"./") {
        return glob.clone();
    }
    let mut joined = match roots {
        [root] => {
            let root = crate::platform::printed_root(root.as_encoded_bytes().to_vec());
            let mut joined = if root.is_empty() { b".".to_vec() } else { root };
            if !joined.ends_with(b"/") {
                joined.push(b'/');
            }
            if bytes.starts_with(&joined) {
                // `src/*.rs` under `src` is a glob of paths as printed already.
                return glob.clone();
            }
            joined
        }
        _ => b"*/".to_vec(),
    };
    joined.extend_from_slice(bytes);
    crate::platform::os_string(joined)
}

/// How a path is (or is not) there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Found {
    Missing,
    Directory,
    /// Anything else that is there: a file, a FIFO, a broken link.
    Other,
}

fn found(path: &OsString) -> Found {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Found::Directory,
        Ok(_) => Found::Other,
        Err(_) if Path::new(path).symlink_metadata().is_ok() => Found::Other,
        Err(_) => Found::Missing,
    }
}

/// Whether `root` is there and, followed if it is a link, not a directory: a ROOT with
/// nothing below it. A broken link is not one (it is listed, as find -H lists it).
fn is_file_root(root: &OsString) -> bool {
    !root.is_empty() && std::fs::metadata(root).is_ok_and(|meta| !meta.is_dir())
}

impl Hints {
    /// The hints for a command line.
    pub fn new(typed: &Typed, facts: &QueryFacts) -> Hints {
        let positionals: Vec<&OsString> = typed.positionals().collect();
        let mut hints = Hints::default();
        if facts.quiet {
            return hints;
        }
        if positionals.len() < 2 {
            return hints;
        }
        let (first, query) = (positionals[0], positionals[positionals.len() - 1]);
        let roots = &positionals[..positionals.len() - 1];
        let states: Vec<Found> = positionals.iter().map(|p| found(p)).collect();
        let others_exist = states[1..].iter().all(|&s| s != Found::Missing);
        let mut swapped: Vec<&OsString> = positionals[1..].to_vec();
        swapped.push(first);
        let fd_order = format!(
            "the QUERY comes last, after the ROOTs (fd's order is the reverse); to \
             search {} for '{}', run: {}",
            escape(query.as_encoded_bytes()),
            escape(first.as_encoded_bytes()),
            typed.suggest(&[], &swapped)
        );
        let pattern = facts.glob || facts.regex;
        if states[0] == Found::Missing && others_exist && Path::new(query).is_dir() {
            hints.always = Some(fd_order);
        } else if is_absolute_path(query) && others_exist && states.last() != Some(&Found::Missing)
        {
            hints.if_nothing_matched = Some(fd_order);
        } else if !pattern && query.as_encoded_bytes().iter().any(|b| b"*?[".contains(b)) {
            let (flags, glob) = facts.query_for(query, roots);
            let target = if flags.contains(&"-b") || facts.basename {
                "name"
            } else {
                "path"
            };
            let mut positionals: Vec<&OsString> = roots.to_vec();
            positionals.push(&glob);
            hints.if_nothing_matched = Some(format!(
                "no {target} contains '{}': QUERY is a substring, -g makes it a glob; \
                 run: {}",
                escape(query.as_encoded_bytes()),
                typed.suggest(&flags, &positionals)
            ));
        } else if facts.glob && !facts.basename && !facts.combined {
            hints.if_only_names_matched = Some(format!(
                "no path matches the glob '{}': -g matches the whole path, as find's -path \
                 does; -b -g matches names, as fd's -g does: run: {}",
                escape(query.as_encoded_bytes()),
                typed.suggest(&["-b"], &positionals)
            ));
        }
        if hints.always.is_none() && !pattern && !facts.basename && facts.stderr_is_tty {
            hints.always = root_contains_query(typed, facts, query, &positionals);
        }
        hints
    }

    /// Whether the walk should watch for names that the `-g` glob matches (see
    /// [`Hints::print`]).
    pub fn wants_name_probe(&self) -> bool {
        self.if_only_names_matched.is_some()
    }

    /// Prints what applies, once the search is over: `names_matched` says whether the
    /// `-g` glob matched a name where it matched no path.
    pub fn print(&self, matched: bool, names_matched: bool) {
        let hint = match (&self.always, matched) {
            (Some(hint), _) => Some(hint),
            (None, false) if names_matched => self.if_only_names_matched.as_ref(),
            (None, false) => self.if_nothing_matched.as_ref(),
            (None, true) => None,
        };
        if let Some(hint) = hint {
            messages::error(format_args!("{hint}"));
        }
    }
}

/// The errors for the ROOTs among `roots` that are files (see [`is_file_root`]), which
/// are left out of the walk; `roots` keeps the others. One line says it all where the
/// mistake is clear: a single argument that is a file was probably meant as the QUERY
/// (`pfind README.md`), and arguments that are all files (the QUERY too) are what a
/// shell made of an unquoted glob (`pfind -b -g *.md`).
pub fn file_roots(typed: &Typed, facts: &QueryFacts, roots: &mut Vec<OsString>) -> Vec<String> {
    if !facts.roots_hidden {
        return Vec::new();
    }
    let files: Vec<OsString> = roots.iter().filter(|r| is_file_root(r)).cloned().collect();
    if files.is_empty() {
        return Vec::new();
    }
    roots.retain(|root| !files.contains(root));
    let positionals: Vec<&OsString> = typed.positionals().collect();
    let all_files = positionals.iter().all(|p| found(p) == Found::Other);
    if positionals.len() == 1 && files.len() == 1 && !facts.quiet {
        return vec![file_as_root(typed, facts, &files[0])];
    }
    if all_files && positionals.len() > 1 && !facts.quiet {
        return vec![unquoted_glob(typed, facts, &positionals)];
    }
    files
        .iter()
        .map(|file| {
            format!(
                "{}: Not a directory ({NOT_A_DIRECTORY})",
                escape(file.as_encoded_bytes())
            )
        })
        .collect()
}

/// Why a file is no ROOT.
const NOT_A_DIRECTORY: &str = "pfind lists what is below a ROOT, and --min-depth 0 the ROOT itself";

/// `pfind README.md`: a file has nothing below it; it was probably meant as the QUERY.
fn file_as_root(typed: &Typed, facts: &QueryFacts, root: &OsString) -> String {
    let dot = OsString::from(".");
    let (flags, query) = facts.query_for(root, &[&dot]);
    let shown = escape(root.as_encoded_bytes());
    format!(
        "{shown}: Not a directory ({NOT_A_DIRECTORY}; to search the current directory \
         for '{shown}', run: {})",
        typed.suggest(&flags, &[&dot, &query])
    )
}

/// `pfind -b -g *.md` in a shell: every argument is a file the shell's glob matched.
fn unquoted_glob(typed: &Typed, facts: &QueryFacts, files: &[&OsString]) -> String {
    let mut shown: Vec<String> = files
        .iter()
        .take(3)
        .map(|f| escape(f.as_encoded_bytes()))
        .collect();
    if files.len() > 3 {
        shown.push("...".to_owned());
    }
    let said = format!(
        "{}: files, not directories ({NOT_A_DIRECTORY}): was a glob left unquoted, for \
         the shell to expand? Quote it, so that pfind gets it",
        shown.join(", ")
    );
    let extension = common(files, |path| {
        Path::new(path)
            .extension()
            .map(|ext| ext.as_encoded_bytes().to_vec())
    });
    let parent = common(files, |path| {
        let parent = Path::new(path).parent()?.as_os_str().as_encoded_bytes();
        Some(if parent.is_empty() {
            b".".to_vec()
        } else {
            parent.to_vec()
        })
    });
    match (extension, parent) {
        (Some(extension), Some(parent)) if !facts.regex => {
            let mut glob = b"*.".to_vec();
            glob.extend_from_slice(&extension);
            let glob = crate::platform::os_string(glob);
            let parent = crate::platform::os_string(parent);
            let (flags, glob) = facts.query_for(&glob, &[&parent]);
            format!("{said}: run: {}", typed.suggest(&flags, &[&parent, &glob]))
        }
        _ => format!("{said}."),
    }
}

/// The value `part` gives every one of `paths`, if they all give the same.
fn common(paths: &[&OsString], part: impl Fn(&OsString) -> Option<Vec<u8>>) -> Option<Vec<u8>> {
    let first = part(paths.first()?)?;
    paths
        .iter()
        .all(|path| part(path).as_ref() == Some(&first))
        .then_some(first)
}

/// `pfind /usr/lib/python3.11 py`: the ROOT's own text holds the QUERY, so every path
/// below it matches (find's -path rule, and pfind's).
fn root_contains_query(
    typed: &Typed,
    facts: &QueryFacts,
    query: &OsString,
    positionals: &[&OsString],
) -> Option<String> {
    let needle = query.as_encoded_bytes();
    if needle.is_empty() {
        return None;
    }
    let root = facts.printed_roots.iter().find(|root| {
        root.as_encoded_bytes()
            .windows(needle.len())
            .any(|window| window == needle)
    })?;
    Some(format!(
        "the ROOT {} itself contains '{}', so every path below it matches (QUERY is \
         matched against the whole path, as find's -path is); -b matches names only: \
         run: {}",
        escape(root.as_encoded_bytes()),
        escape(needle),
        typed.suggest(&["-b"], positionals)
    ))
}

/// An absolute path other than `/` itself, which as a substring means "deeper than
/// the roots" and is no mistake.
fn is_absolute_path(query: &OsString) -> bool {
    let bytes = query.as_encoded_bytes();
    bytes.starts_with(b"/") && bytes.iter().any(|&b| b != b'/')
}

/// The error for a single argument that is not there: the ROOT is missing, and the
/// user probably meant it as the QUERY under the current directory (a glob the shell
/// left alone, `pfind '*.rs'`, gets the flags that make it one: `-b -g`).
pub fn missing_single_root(typed: &Typed, facts: &QueryFacts, root: &OsString) -> String {
    let dot = OsString::from(".");
    let shown = escape(root.as_encoded_bytes());
    let (flags, query) = facts.query_for(root, &[&dot]);
    format!(
        "{shown}: No such file or directory (to search the current directory for \
         '{shown}', run: {})",
        typed.suggest(&flags, &[&dot, &query])
    )
}

/// After more errors than the terminal on stderr has rows: how to hide them.
pub fn after_errors(errors: u64) {
    let rows = crate::platform::stderr_terminal_size()
        .map(|(_, rows)| u64::from(rows))
        .filter(|&rows| rows > 0);
    if rows.is_some_and(|rows| errors >= rows) {
        messages::error(format_args!(
            "{errors} errors; -s (--no-errors) hides them, and the exit status still says 2"
        ));
    }
}
