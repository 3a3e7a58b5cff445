//! One ignore file's rules: what they can reach ([`Reach`]), and the `ignore` crate's
//! matcher for them, built the first time an entry within their reach is asked about.
//!
//! Building a matcher compiles its globs (regular expressions for most that are not
//! a plain extension or name): tens of microseconds, more than reading the file. Many
//! ignore files are never asked (no entry below them has an extension they ignore,
//! or is as deep as their anchored rules), and then their matcher is never built.
//!
//! A file whose globs are too many for one matcher (the crate stops at a 10 MiB
//! automaton, about 8,000 complex globs) is compiled in pieces of consecutive lines,
//! halving until each piece builds, and asked from its last piece to its first: as in
//! git, the last line that matches decides, `!` re-including across pieces too. Only a
//! single line too large to compile on its own is left out, and reported. A file is
//! never replaced by an empty rule set in silence.

use std::sync::OnceLock;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;
use pfind_walk::WalkError;

use super::reach::Reach;

/// The rules of one ignore file.
#[derive(Debug)]
pub struct Rules {
    /// Which entries the rules may match; the others are not asked about.
    pub reach: Reach,
    /// The matcher, once built (shared by the threads that ask).
    matcher: OnceLock<Matcher>,
    /// The file's text, to build the matcher from.
    text: Box<str>,
    /// The file's path as printed in messages.
    path: Box<[u8]>,
}

/// A file's globs compiled: its pieces in file order (one, unless the file is too
/// large for one matcher).
#[derive(Debug)]
struct Matcher(Vec<Gitignore>);

/// A line left out of the matcher: its number (from 1) and why.
type LeftOut = (usize, String);

impl Rules {
    /// The rules in `text`, read from the ignore file at `path` (as printed); `None`
    /// when it has no rule (only comments and blank lines). Like git, a line that is
    /// not a valid glob is skipped.
    pub fn from_text(path: &[u8], text: &str) -> Option<Rules> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let reach = Reach::of_lines(text.lines());
        (!reach.is_nothing()).then(|| Rules {
            reach,
            matcher: OnceLock::new(),
            text: text.into(),
            path: path.into(),
        })
    }

    /// The rules in `text`, compiled now (for a file the user names): a line that is
    /// not a valid glob, or too large to compile, is an error (`line N: reason`).
    pub fn compiled_now(path: &[u8], text: &str) -> Result<Option<Rules>, String> {
        let Some(rules) = Rules::from_text(path, text) else {
            return Ok(None);
        };
        let mut check = GitignoreBuilder::new(".");
        for (number, line) in rules.text.lines().enumerate() {
            if let Err(err) = check.add_line(None, line) {
                return Err(format!("line {}: {}", number + 1, glob_error_reason(&err)));
            }
        }
        let (matcher, left_out) = compile(&rules.text);
        if let Some((number, reason)) = left_out.first() {
            return Err(format!("line {number}: {reason}"));
        }
        let _ = rules.matcher.set(matcher);
        Ok(Some(rules))
    }

    /// What the rules say about the path `relative` (from their directory):
    /// `Some(true)` ignored, `Some(false)` re-included, `None` no opinion. The thread
    /// that builds the matcher gets, in `errors`, the lines it had to leave out.
    #[inline]
    pub fn verdict(
        &self,
        relative: &[u8],
        is_dir: bool,
        errors: &mut Vec<WalkError>,
    ) -> Option<bool> {
        let matcher = self.matcher.get_or_init(|| {
            let (matcher, left_out) = compile(&self.text);
            errors.extend(left_out.into_iter().map(|(number, reason)| {
                let reason = format!("line {number}: {reason}: the line is not applied");
                WalkError::from_io(&self.path, 0, std::io::Error::other(reason))
            }));
            matcher
        });
        matcher.verdict(relative, is_dir)
    }
}

impl Matcher {
    #[inline]
    fn verdict(&self, relative: &[u8], is_dir: bool) -> Option<bool> {
        let path = std::path::Path::new(crate::platform::os_str(relative));
        self.0
            .iter()
            .rev()
            .find_map(|piece| match piece.matched(path, is_dir) {
                Match::Ignore(_) => Some(true),
                Match::Whitelist(_) => Some(false),
                Match::None => None,
            })
    }
}

/// The matcher for `text`, and the lines left out of it. Like git, a line that is not
/// a valid glob is skipped (matches nothing).
fn compile(text: &str) -> (Matcher, Vec<LeftOut>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut pieces = Vec::with_capacity(1);
    let mut left_out = Vec::new();
    compile_pieces(&lines, 1, &mut pieces, &mut left_out);
    (Matcher(pieces), left_out)
}

/// Compiles `lines` (the first of them numbered `first`) as one piece or, when that
/// fails, as two halves, each the same way.
fn compile_pieces(
    lines: &[&str],
    first: usize,
    pieces: &mut Vec<Gitignore>,
    left_out: &mut Vec<LeftOut>,
) {
    let mut builder = GitignoreBuilder::new(".");
    for line in lines {
        let _ = builder.add_line(None, line);
    }
    match builder.build() {
        Ok(piece) => pieces.push(piece),
        Err(err) if lines.len() == 1 => left_out.push((
            first,
            format!("too large to compile ({})", glob_error_reason(&err)),
        )),
        Err(_) => {
            let half = lines.len() / 2;
            compile_pieces(&lines[..half], first, pieces, left_out);
            compile_pieces(&lines[half..], first + half, pieces, left_out);
        }
    }
}

/// The `ignore` crate's message for a glob, without its file and line prefix,
/// escaped (it quotes the line).
pub fn glob_error_reason(err: &ignore::Error) -> String {
    let text = err.to_string();
    let reason = text
        .find("error parsing glob")
        .map_or(text.as_str(), |start| &text[start..]);
    pfind::escape::escape(reason.as_bytes()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces keep git's precedence: the last matching line decides, whichever piece
    /// holds it.
    #[test]
    fn pieces_are_asked_last_first_so_the_last_matching_line_wins() {
        let lines = ["*.keep", "secret.txt", "!important.keep", "important.keep"];
        let mut pieces = Vec::new();
        let mut left_out = Vec::new();
        for (at, line) in lines.iter().enumerate() {
            compile_pieces(&[line], at + 1, &mut pieces, &mut left_out);
        }
        assert!(left_out.is_empty());
        let matcher = Matcher(pieces);
        assert_eq!(matcher.verdict(b"a.keep", false), Some(true));
        assert_eq!(matcher.verdict(b"secret.txt", false), Some(true));
        assert_eq!(matcher.verdict(b"important.keep", false), Some(true));
        assert_eq!(matcher.verdict(b"other", false), None);
        let matcher = Matcher(matcher.0.into_iter().take(3).collect());
        assert_eq!(matcher.verdict(b"important.keep", false), Some(false));
    }
}
