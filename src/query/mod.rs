//! Matching a path against the query: substring (the default), glob or regex, and
//! their combination with `--and`, `--or` and `--not`.
//!
//! The default is find's `-path '*Q*'`: a case-sensitive substring of the path as
//! printed. Paths are bytes, and so are substring queries and globs; regexes must be
//! UTF-8 but match any bytes. Globs and case folding read characters as find does in
//! a UTF-8 locale (see `glob.rs`). The empty query matches everything, in every syntax.
//!
//! Substring matching does most work once per directory: every entry of a directory
//! shares its path prefix, so if the prefix already contains the query every entry
//! matches, and otherwise only the last `len - 1` bytes of the prefix plus the name can
//! hold a match. That is what [`Query::enter_dir`] prepares.

mod glob;

use std::fmt;

use memchr::memmem;

use crate::escape::escape;
use glob::CharsOrBytes;

/// How the query text is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Syntax {
    /// A literal substring (find's `-path '*Q*'`).
    #[default]
    Substring,
    /// A glob matched against the whole path (or name), `*` crossing `/` as in find's
    /// `-path` (or `-name`), `**/` matching zero or more directories.
    Glob,
    /// A regular expression searched anywhere in the path (unanchored).
    Regex,
}

impl Syntax {
    /// True when `text`, read in this syntax, holds an uppercase letter of its own (for
    /// smart case). In a regex, what follows a `\` is an escape, not a letter (`\D`,
    /// `\S`), nor is a class or group name (`\pN`, `\p{Lu}`, `(?P<Name>...)`).
    pub fn has_uppercase(self, text: &[u8]) -> bool {
        let text = String::from_utf8_lossy(text);
        if self != Syntax::Regex {
            return text.chars().any(char::is_uppercase);
        }
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            let skip_to = match c {
                // `\pN`, `\p{Greek}`: the name of a class.
                '\\' => match chars.next() {
                    Some('p' | 'P') if chars.clone().next() == Some('{') => Some('}'),
                    Some('p' | 'P') => chars.next().and(None),
                    _ => None,
                },
                '(' if chars.as_str().starts_with("?P<") || chars.as_str().starts_with("?<") => {
                    Some('>')
                }
                c if c.is_uppercase() => return true,
                _ => None,
            };
            if let Some(end) = skip_to {
                chars.by_ref().find(|&c| c == end);
            }
        }
        false
    }
}

/// A query that could not be compiled.
#[derive(Debug)]
pub struct QueryError {
    message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}

/// One compiled pattern.
#[derive(Clone, Debug)]
pub struct Pattern {
    kind: Kind,
}

// A query holds a handful of patterns: their size does not matter, a pointer chase
// per entry on the substring path would.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
enum Kind {
    Everything,
    Substring(memmem::Finder<'static>),
    Regex(regex::bytes::Regex),
    /// A glob, or a substring matched case-insensitively: both read characters on UTF-8
    /// text and bytes on any other, as find does in a UTF-8 locale.
    Fnmatch(CharsOrBytes),
}

impl Pattern {
    /// Compiles `text` in the given syntax.
    pub fn new(text: &[u8], syntax: Syntax, ignore_case: bool) -> Result<Pattern, QueryError> {
        let invalid = |what: &str, reason: &dyn fmt::Display| QueryError {
            message: format!(
                "invalid {what} '{}': {}",
                escape(text),
                one_line(&reason.to_string())
            ),
        };
        let kind = match syntax {
            _ if text.is_empty() => Kind::Everything,
            Syntax::Substring if !ignore_case => {
                Kind::Substring(memmem::Finder::new(text).into_owned())
            }
            Syntax::Substring => Kind::Fnmatch(
                CharsOrBytes::folded_substring(text).map_err(|err| invalid("query", &err))?,
            ),
            Syntax::Regex => Kind::Regex(
                regex::bytes::RegexBuilder::new(utf8(text, "regex")?)
                    .case_insensitive(ignore_case)
                    .size_limit(64 << 20)
                    .build()
                    .map_err(|err| invalid("regex", &err))?,
            ),
            Syntax::Glob => Kind::Fnmatch(
                glob::compile(text, ignore_case).map_err(|err| invalid("glob", &err))?,
            ),
        };
        Ok(Pattern { kind })
    }

    /// True when the pattern matches `haystack` (a whole path or a name).
    pub fn is_match(&self, haystack: &[u8]) -> bool {
        match &self.kind {
            Kind::Everything => true,
            Kind::Substring(finder) => finder.find(haystack).is_some(),
            Kind::Regex(regex) => regex.is_match(haystack),
            Kind::Fnmatch(pattern) => pattern.is_match(haystack),
        }
    }

    /// For a substring, its length: a match that is not inside a directory's prefix
    /// must start within `len - 1` bytes before the name.
    fn substring_len(&self) -> Option<usize> {
        match &self.kind {
            Kind::Substring(finder) => Some(finder.needle().len()),
            _ => None,
        }
    }
}

fn utf8<'a>(text: &'a [u8], what: &str) -> Result<&'a str, QueryError> {
    std::str::from_utf8(text).map_err(|_| QueryError {
        message: format!("the {what} '{}' is not valid UTF-8", escape(text)),
    })
}

/// Regex errors come as a multi-line picture; keep the last line, which says why.
fn one_line(text: &str) -> String {
    text.lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or(text)
        .trim()
        .trim_start_matches("error: ")
        .to_string()
}

/// What part of the entry the patterns see.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Target {
    /// The whole path as printed.
    #[default]
    Path,
    /// The file name only.
    Name,
}

/// The whole query: a path is selected when (the main pattern or any `--or`) holds,
/// every `--and` holds, and no `--not` holds.
#[derive(Clone, Debug)]
pub struct Query {
    any: Vec<Pattern>,
    all: Vec<Pattern>,
    none: Vec<Pattern>,
    target: Target,
}

/// Per-thread, per-directory scratch for [`Query`]: which patterns the directory's
/// prefix already satisfies.
#[derive(Clone, Debug, Default)]
pub struct DirScope {
    prefix_hits: Vec<bool>,
}

impl Query {
    /// A query of one pattern.
    pub fn new(main: Pattern, target: Target) -> Query {
        Query {
            any: vec![main],
            all: Vec::new(),
            none: Vec::new(),
            target,
        }
    }

    /// Adds an alternative (`--or`).
    pub fn or(mut self, pattern: Pattern) -> Query {
        self.any.push(pattern);
        self
    }

    /// Adds a requirement (`--and`).
    pub fn and(mut self, pattern: Pattern) -> Query {
        self.all.push(pattern);
        self
    }

    /// Adds an exclusion (`--not`).
    pub fn not(mut self, pattern: Pattern) -> Query {
        self.none.push(pattern);
        self
    }

    /// True when the query selects every path (nothing to test).
    pub fn matches_everything(&self) -> bool {
        self.all.is_empty()
            && self.none.is_empty()
            && self.any.iter().any(|p| matches!(p.kind, Kind::Everything))
    }

    fn patterns(&self) -> impl Iterator<Item = &Pattern> {
        self.any.iter().chain(&self.all).chain(&self.none)
    }

    /// Prepares `scope` for the entries of a directory whose paths start with `prefix`.
    pub fn enter_dir(&self, prefix: &[u8], scope: &mut DirScope) {
        scope.prefix_hits.clear();
        let whole_path = self.target == Target::Path;
        scope.prefix_hits.extend(
            self.patterns()
                .map(|p| whole_path && p.substring_len().is_some() && p.is_match(prefix)),
        );
    }

    /// True when the entry at `path` (whose name starts at `name_start`) is selected.
    /// `scope` must have been prepared for its directory.
    pub fn is_match(&self, path: &[u8], name_start: usize, scope: &DirScope) -> bool {
        let hit = |index: usize, pattern: &Pattern| {
            scope.prefix_hits.get(index).copied().unwrap_or(false)
                || self.test(pattern, path, name_start)
        };
        let (all_start, none_start) = (self.any.len(), self.any.len() + self.all.len());
        self.any.iter().enumerate().any(|(i, p)| hit(i, p))
            && self
                .all
                .iter()
                .enumerate()
                .all(|(i, p)| hit(all_start + i, p))
            && !self
                .none
                .iter()
                .enumerate()
                .any(|(i, p)| hit(none_start + i, p))
    }

    fn test(&self, pattern: &Pattern, path: &[u8], name_start: usize) -> bool {
        match self.target {
            Target::Name => pattern.is_match(without_trailing_slashes(&path[name_start..])),
            Target::Path => match pattern.substring_len() {
                Some(len) => {
                    pattern.is_match(&path[name_start.saturating_sub(len.saturating_sub(1))..])
                }
                None => pattern.is_match(path),
            },
        }
    }
}

/// A name as find's -name sees it: a root typed as `dir/` is named `dir` (`/` stays `/`).
/// Names below a root never hold a `/`, so this costs them one comparison.
fn without_trailing_slashes(mut name: &[u8]) -> &[u8] {
    while name.len() > 1 && name.ends_with(b"/") {
        name = &name[..name.len() - 1];
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_case_sees_the_letters_of_the_text_only() {
        assert!(Syntax::Substring.has_uppercase(b"Make"));
        assert!(Syntax::Substring.has_uppercase(b"make\\D"));
        assert!(Syntax::Glob.has_uppercase(b"[A-Z]*"));
        assert!(!Syntax::Regex.has_uppercase(br"\d+\D\S\W\B\p{Lu}\P{Greek}\pN"));
        assert!(!Syntax::Regex.has_uppercase(b"(?P<Name>x)(?<Other>y)"));
        assert!(Syntax::Regex.has_uppercase(br"\dX"));
        assert!(Syntax::Regex.has_uppercase("\u{c9}t\u{e9}".as_bytes()));
    }

    fn query(text: &str, syntax: Syntax, ignore_case: bool, target: Target) -> Query {
        Query::new(
            Pattern::new(text.as_bytes(), syntax, ignore_case).unwrap(),
            target,
        )
    }

    fn matches(query: &Query, path: &str) -> bool {
        let name_start = path.rfind('/').map_or(0, |i| i + 1);
        let mut scope = DirScope::default();
        query.enter_dir(&path.as_bytes()[..name_start], &mut scope);
        query.is_match(path.as_bytes(), name_start, &scope)
    }

    #[test]
    fn substring_spans_the_prefix_and_name_boundary() {
        let q = query("b/c", Syntax::Substring, false, Target::Path);
        assert!(matches(&q, "a/b/c"));
        assert!(matches(&q, "ab/cd"));
        assert!(!matches(&q, "a/bc"));
        let q = query("src", Syntax::Substring, false, Target::Path);
        assert!(matches(&q, "src/x"), "prefix match selects every entry");
        assert!(!matches(&q, "sr/c"));
    }

    #[test]
    fn basename_ignores_the_directory() {
        let q = query("src", Syntax::Substring, false, Target::Name);
        assert!(!matches(&q, "src/x"));
        assert!(matches(&q, "x/mysrc"));
    }

    #[test]
    fn ignore_case_and_invalid_utf8() {
        let q = query("ReadMe", Syntax::Substring, true, Target::Path);
        assert!(matches(&q, "x/README.md"));
        let raw = Query::new(
            Pattern::new(b"a\xffB", Syntax::Substring, true).unwrap(),
            Target::Path,
        );
        let mut scope = DirScope::default();
        raw.enter_dir(b"", &mut scope);
        assert!(raw.is_match(b"xA\xffbx", 0, &scope));
        assert!(!raw.is_match(b"xA\xfebx", 0, &scope));
    }

    #[test]
    fn glob_is_anchored_and_crosses_slashes_like_find_path() {
        let q = query("*.py", Syntax::Glob, false, Target::Path);
        assert!(matches(&q, "a/b/c.py"));
        assert!(!matches(&q, "a/b/c.pyc"));
        let q = query("*.PY", Syntax::Glob, true, Target::Name);
        assert!(matches(&q, "a/b/c.py"));
    }

    #[test]
    fn regression_glob_braces_are_literal_like_find_path() {
        let q = query("*{}*", Syntax::Glob, false, Target::Name);
        assert!(matches(&q, "x/a{}b"));
        assert!(!matches(&q, "x/ab"));
        let q = query("*.{rs,py}", Syntax::Glob, false, Target::Path);
        assert!(matches(&q, "x/a.{rs,py}"));
        assert!(!matches(&q, "x/a.rs"));
        let q = query("${IFS}[{]x[]}]", Syntax::Glob, false, Target::Name);
        assert!(matches(&q, "${IFS}{x}"));
        let q = query(r"\{[!]]", Syntax::Glob, false, Target::Name);
        assert!(matches(&q, "{a"));
        assert!(!matches(&q, "{]"));
    }

    #[test]
    fn regression_globstar_matches_zero_or_more_directories() {
        // Issue 14.9: `**/` is gitignore's and fd's globstar; a lone `*` stays find's.
        let q = query("./**/*.foo", Syntax::Glob, false, Target::Path);
        assert!(matches(&q, "./a.foo") && matches(&q, "./x/y/a.foo"));
        let q = query("**/one/**/*.foo", Syntax::Glob, false, Target::Path);
        assert!(matches(&q, "one/b.foo") && matches(&q, "x/one/y/b.foo"));
        let q = query("a/**/b", Syntax::Glob, false, Target::Path);
        assert!(matches(&q, "a/b"));
        assert!(matches(&q, "a/x/y/b"));
        let q = query("a/*/b", Syntax::Glob, false, Target::Path);
        assert!(!matches(&q, "a/b") && matches(&q, "a/x/y/b"));
        let q = query(r"a\**", Syntax::Glob, false, Target::Name);
        assert!(matches(&q, "a*") && matches(&q, "a*xy") && !matches(&q, "ab"));
    }

    #[test]
    fn regex_is_unanchored() {
        let q = query(r"\d{3}", Syntax::Regex, false, Target::Path);
        assert!(matches(&q, "x/ab123c"));
        assert!(!matches(&q, "x/ab12c"));
    }

    #[test]
    fn or_and_not_combine() {
        let q = query(".rs", Syntax::Substring, false, Target::Path)
            .or(Pattern::new(b".toml", Syntax::Substring, false).unwrap())
            .and(Pattern::new(b"src", Syntax::Substring, false).unwrap())
            .not(Pattern::new(b"test", Syntax::Substring, false).unwrap());
        assert!(matches(&q, "src/main.rs"));
        assert!(matches(&q, "src/Cargo.toml"));
        assert!(!matches(&q, "lib/main.rs"));
        assert!(!matches(&q, "src/test.rs"));
        assert!(!matches(&q, "src/main.c"));
    }

    #[test]
    fn bad_patterns_are_one_line_errors() {
        let err = Pattern::new(b"(", Syntax::Regex, false)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("invalid regex '('"), "{err}");
        assert!(!err.contains('\n'));
        assert!(Pattern::new(b"\xff", Syntax::Regex, false).is_err());
    }

    #[test]
    fn regression_glob_syntax_find_accepts_is_no_error() {
        // Issue 14.6: fnmatch reads an unclosed `[` as a literal and lets a trailing
        // `\` match nothing; neither is an error.
        let q = query("[", Syntax::Glob, false, Target::Name);
        assert!(matches(&q, "x/["));
        let q = query("a[", Syntax::Glob, false, Target::Name);
        assert!(matches(&q, "x/a[") && !matches(&q, "x/a"));
        let q = query("\\", Syntax::Glob, false, Target::Name);
        assert!(!matches(&q, "x/\\") && !matches(&q, "x/a"));
    }

    #[test]
    fn regression_the_empty_query_matches_everything_in_every_mode() {
        // Issue 14.8: find's `-path ''` matches nothing; pfind's empty query is "all".
        for syntax in [Syntax::Substring, Syntax::Glob, Syntax::Regex] {
            for target in [Target::Path, Target::Name] {
                for ignore_case in [false, true] {
                    let q = query("", syntax, ignore_case, target);
                    assert!(q.matches_everything(), "{syntax:?} {target:?}");
                    assert!(matches(&q, "a/b") && matches(&q, "é"));
                }
            }
        }
    }
}
