//! Which entries a file of ignore rules can have an opinion on, worked out once from
//! its lines when it is read, so that the matcher is never asked about an entry it
//! cannot match. Three things rule an entry out, each tested in a few instructions
//! where a glob match costs hundreds:
//! - its kind: directory-only rules (`node_modules/`) say nothing about files;
//! - its depth: anchored rules (`/target`, `docs/*.md`) say nothing about entries at
//!   other depths below the rules' directory;
//! - its name: a rule's last component ends with literal text (`*.o`, `netnel`,
//!   `test_*.py`), which the name must end with.
//!
//! Most of a repository is out of most rules' reach (a name without any ignored
//! extension, a path deeper than a top-level `/build`), and is settled here.
//!
//! The summary is conservative: a rule it cannot reason about exactly (`**`,
//! character classes, braces, escapes) counts as reaching every depth, and one
//! without a literal ending as reaching every name. It reads the lines the way the
//! `ignore` crate's `GitignoreBuilder::add_line` does; the matching itself stays with
//! that crate. Invariant: when [`Reach::may_match`] is false, the matcher built from
//! the same lines has no opinion on the entry.

/// Past this many distinct endings for one kind of entry, names are not checked:
/// testing them all would cost about as much as the glob match.
const MAX_ENDINGS: usize = 16;

/// Which entries a file's rules may match, for directories and for other entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reach {
    dirs: KindReach,
    others: KindReach,
}

/// The reach of a file's rules over one kind of entry.
#[derive(Clone, Debug, PartialEq, Eq)]
struct KindReach {
    /// Some rule may match at any depth.
    anywhere: bool,
    /// Bit `n`: some rule may match `n` path components below the rules' directory.
    at: u64,
    /// The endings a name must have for some rule to match it; `None`: any name.
    endings: Option<Vec<Box<[u8]>>>,
}

impl Reach {
    /// The reach of the rules in `lines` (gitignore syntax).
    pub fn of_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> Reach {
        let mut reach = Reach {
            dirs: KindReach::nothing(),
            others: KindReach::nothing(),
        };
        for line in lines {
            reach.add_line(line);
        }
        reach
    }

    /// True when no rule can match anything (the file has none).
    pub fn is_nothing(&self) -> bool {
        *self == Reach::of_lines([])
    }

    /// False when no rule can match the entry `name`, `components` path components
    /// below the rules' directory (1 for the directory's own entries).
    #[inline]
    pub fn may_match(&self, name: &[u8], components: usize, is_dir: bool) -> bool {
        let kind = if is_dir { &self.dirs } else { &self.others };
        (kind.anywhere || (components < 64 && kind.at & (1 << components) != 0))
            && kind
                .endings
                .as_ref()
                .is_none_or(|endings| endings.iter().any(|end| ends_with(name, end)))
    }

    fn add_line(&mut self, line: &str) {
        if line.starts_with('#') {
            return;
        }
        let mut glob = if line.ends_with("\\ ") {
            line
        } else {
            line.trim_end()
        };
        if glob.is_empty() {
            return;
        }
        let mut anchored = false;
        if glob.starts_with("\\!") || glob.starts_with("\\#") {
            glob = &glob[1..];
        } else {
            glob = glob.strip_prefix('!').unwrap_or(glob);
            if let Some(rest) = glob.strip_prefix('/') {
                glob = rest;
                anchored = true;
            }
        }
        let dir_only = glob.ends_with('/');
        if dir_only {
            glob = &glob[..glob.len() - 1];
        }
        // Unanchored rules without a `/` match a name at any depth; the others match
        // paths of exactly as many components as they have, unless a part of them
        // might match across a `/` or is not taken literally.
        let anywhere = (!anchored && !glob.contains('/'))
            || glob.contains("**")
            || glob.contains(['\\', '[', '{']);
        let components = glob.split('/').count();
        let depth = (!anywhere && components < 64).then_some(components);
        let ending = literal_ending(glob);
        self.dirs.add(depth, ending);
        if !dir_only {
            self.others.add(depth, ending);
        }
    }
}

impl KindReach {
    fn nothing() -> KindReach {
        KindReach {
            anywhere: false,
            at: 0,
            endings: Some(Vec::new()),
        }
    }

    /// Adds a rule matching `depth` components deep (`None`: any depth), names ending
    /// in `ending` (`None`: any name).
    fn add(&mut self, depth: Option<usize>, ending: Option<&str>) {
        match depth {
            Some(depth) => self.at |= 1 << depth,
            None => self.anywhere = true,
        }
        let Some(endings) = &mut self.endings else {
            return;
        };
        match ending {
            Some(ending) if endings.len() < MAX_ENDINGS => {
                if !endings.iter().any(|known| **known == *ending.as_bytes()) {
                    endings.push(ending.as_bytes().into());
                }
            }
            _ => self.endings = None,
        }
    }
}

/// `name.ends_with(end)`, compared from the last byte, where most names differ, with no
/// call to `memcmp` for a few bytes.
#[inline]
fn ends_with(name: &[u8], end: &[u8]) -> bool {
    name.len() >= end.len() && name.iter().rev().zip(end.iter().rev()).all(|(a, b)| a == b)
}

/// The literal text a glob's last component ends with (after its last wildcard), if
/// it has any and nothing in it is escaped or grouped.
fn literal_ending(glob: &str) -> Option<&str> {
    let last = glob.rsplit('/').next().unwrap_or(glob);
    if last.contains(['\\', '{', '}']) {
        return None;
    }
    let ending = match last.rfind(['*', '?', '[', ']']) {
        Some(wildcard) => &last[wildcard + 1..],
        None => last,
    };
    (!ending.is_empty()).then_some(ending)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use ignore::gitignore::GitignoreBuilder;
    use proptest::prelude::*;

    use super::Reach;

    #[test]
    fn rules_reach_only_their_kinds_depths_and_endings() {
        let reach = Reach::of_lines(["node_modules/", "/target", "docs/*.md", "# x", ""]);
        // node_modules/: directories of that name, anywhere.
        assert!(reach.may_match(b"node_modules", 7, true));
        assert!(!reach.may_match(b"node_modules", 7, false));
        // /target: one component deep; docs/*.md: two, names ending in .md (each kind
        // of entry is summed up over all rules: depths and endings apart).
        assert!(reach.may_match(b"target", 1, false));
        assert!(!reach.may_match(b"target", 3, false));
        assert!(reach.may_match(b"a.md", 2, false));
        assert!(!reach.may_match(b"a.md", 3, false));
        assert!(!reach.may_match(b"a.rs", 2, false));
        let ext = Reach::of_lines(["*.o", "!keep_*.o", "test_?.py"]);
        assert!(ext.may_match(b"x.o", 9, false));
        assert!(ext.may_match(b"test_1.py", 9, true));
        assert!(!ext.may_match(b"x.rs", 9, false));
        assert!(!Reach::of_lines(["build/"]).may_match(b"build", 1, false));
        assert!(Reach::of_lines(["a/**/b"]).may_match(b"b", 9, false));
        assert!(Reach::of_lines(["build*"]).may_match(b"anything", 9, false));
        assert!(Reach::of_lines(["*.{o,a}"]).may_match(b"anything", 9, false));
        assert!(!Reach::of_lines(["# only a comment"]).may_match(b"x", 1, true));
    }

    fn rule() -> impl Strategy<Value = String> {
        let part = prop::sample::select(vec![
            "a", "b", "*", "?", "a*", "*.o", "[ab]", "{a,b}", "**", "\\*", "x?y", "o", "*b", "a.o",
            "*[o]", "b]", "é*",
        ]);
        (
            prop::sample::select(vec!["", "!", "/", "!/", "\\!", "\\#", "#"]),
            prop::collection::vec(part, 1..4),
            prop::sample::select(vec!["", "/", " ", "\\ ", "/**"]),
        )
            .prop_map(|(head, parts, tail)| format!("{head}{}{tail}", parts.join("/")))
    }

    fn path() -> impl Strategy<Value = (String, bool)> {
        let name = prop::sample::select(vec![
            "a", "b", "ab", "x.o", "xzy", "*", "!a", "#a", "a.o", ".o", "o", "ba", "b]", "éa",
            "a b", "{a,b}",
        ]);
        (prop::collection::vec(name, 1..5), any::<bool>())
            .prop_map(|(names, is_dir)| (names.join("/"), is_dir))
    }

    proptest! {
        /// Whatever Reach rules out, the `ignore` crate's matcher has no opinion on.
        #[test]
        fn reach_never_rules_out_a_path_the_matcher_decides(
            rules in prop::collection::vec(rule(), 1..4),
            paths in prop::collection::vec(path(), 1..16),
        ) {
            let mut builder = GitignoreBuilder::new(".");
            for line in &rules {
                let _ = builder.add_line(None, line);
            }
            let Ok(matcher) = builder.build() else { return Ok(()) };
            let reach = Reach::of_lines(rules.iter().map(String::as_str));
            for (path, is_dir) in paths {
                let components = path.split('/').count();
                let name = path.rsplit('/').next().unwrap_or(&path);
                if !reach.may_match(name.as_bytes(), components, is_dir) {
                    let decided = matcher.matched(Path::new(&path), is_dir);
                    prop_assert!(decided.is_none(), "{rules:?} decide {path} (dir: {is_dir})");
                }
            }
        }
    }
}
