//! One ignore file's rules: what they can reach ([`Reach`]), and the `ignore` crate's
//! matcher for them, built the first time an entry within their reach is asked about.
//!
//! Building a matcher compiles its globs (regular expressions for most that are not
//! a plain extension or name): tens of microseconds, more than reading the file. Many
//! ignore files are never asked (no entry below them has an extension they ignore,
//! or is as deep as their anchored rules), and then their matcher is never built.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;

use super::reach::Reach;

/// The rules of one ignore file.
#[derive(Debug)]
pub struct Rules {
    /// Which entries the rules may match; the others are not asked about.
    pub reach: Reach,
    /// The matcher, once built (shared by the threads that ask).
    matcher: OnceLock<Gitignore>,
    /// The file's text, to build the matcher from, and the name its globs cite.
    text: Box<str>,
    name: &'static str,
}

impl Rules {
    /// The rules in `text`, read from the ignore file `name`; `None` when it has no
    /// rule (only comments and blank lines).
    pub fn from_text(name: &'static str, text: &str) -> Option<Rules> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let reach = Reach::of_lines(text.lines());
        (!reach.is_nothing()).then(|| Rules {
            reach,
            matcher: OnceLock::new(),
            text: text.into(),
            name,
        })
    }

    /// Rules already built, with their reach (`Reach::everywhere()` when their lines
    /// are not known, as for the global excludes file the `ignore` crate reads).
    pub fn built(matcher: Gitignore, reach: Reach) -> Rules {
        Rules {
            reach,
            matcher: OnceLock::from(matcher),
            text: Box::default(),
            name: "",
        }
    }

    /// What the rules say about the path `relative` (from their directory):
    /// `Some(true)` ignored, `Some(false)` re-included, `None` no opinion.
    #[inline]
    pub fn verdict(&self, relative: &[u8], is_dir: bool) -> Option<bool> {
        let matcher = self.matcher.get_or_init(|| self.build());
        match matcher.matched(Path::new(pfind::platform::os_str(relative)), is_dir) {
            Match::Ignore(_) => Some(true),
            Match::Whitelist(_) => Some(false),
            Match::None => None,
        }
    }

    /// The matcher for the text: like git, a line that is not a valid glob is
    /// skipped.
    fn build(&self) -> Gitignore {
        let mut builder = GitignoreBuilder::new(".");
        let from = Some(PathBuf::from(self.name));
        for line in self.text.lines() {
            let _ = builder.add_line(from.clone(), line);
        }
        builder.build().unwrap_or_else(|_| Gitignore::empty())
    }
}
