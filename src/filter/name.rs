//! Tests on the entry's name alone, costing no system call: `--extension`,
//! `--exclude`, `--no-hidden`.

use pfind::query::{Pattern, Syntax};
use pfind_walk::below_root_start;

/// `--extension`: names ending in `.EXT`, ASCII case-insensitively (find's
/// `-iname '*.EXT'`).
#[derive(Clone, Debug)]
pub struct Extensions {
    /// Each suffix with its dot, e.g. `.rs`, `.tar.gz`.
    suffixes: Vec<Vec<u8>>,
}

impl Extensions {
    /// From the extensions as typed (a leading dot is optional).
    pub fn new<'a>(extensions: impl IntoIterator<Item = &'a [u8]>) -> Extensions {
        let suffixes = extensions
            .into_iter()
            .map(|ext| {
                let ext = ext.strip_prefix(b".").unwrap_or(ext);
                let mut suffix = Vec::with_capacity(ext.len() + 1);
                suffix.push(b'.');
                suffix.extend_from_slice(ext);
                suffix
            })
            .collect();
        Extensions { suffixes }
    }

    /// True when `name` ends with one of the suffixes.
    pub fn matches(&self, name: &[u8]) -> bool {
        self.suffixes.iter().any(|suffix| {
            name.len() >= suffix.len()
                && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
        })
    }
}

/// `--exclude`: globs matched like find's `-name` (against the file name), or, when the
/// glob holds a `/`, against the path below the root, whatever the root's spelling (as
/// .gitignore and fd anchor such patterns): `-E target/release` excludes the same
/// directory from `pfind`, `pfind .`, `pfind ./` and `pfind /abs/project`. A leading
/// `/` or `./` anchors a glob at the root (`/build` is `build` just below it), and a
/// trailing `/` restricts it to directories.
#[derive(Clone, Debug)]
pub struct Excludes {
    on_name: Vec<Exclude>,
    below_root: Vec<Exclude>,
}

#[derive(Clone, Debug)]
struct Exclude {
    pattern: Pattern,
    dirs_only: bool,
}

impl Exclude {
    fn matches(&self, text: &[u8], is_dir: bool) -> bool {
        (is_dir || !self.dirs_only) && self.pattern.is_match(text)
    }
}

impl Excludes {
    /// Compiles the globs.
    pub fn new<'a>(globs: impl IntoIterator<Item = &'a [u8]>) -> anyhow::Result<Excludes> {
        let mut excludes = Excludes {
            on_name: Vec::new(),
            below_root: Vec::new(),
        };
        for glob in globs {
            let mut text = glob;
            let mut dirs_only = false;
            while text.len() > 1 && text.ends_with(b"/") {
                text = &text[..text.len() - 1];
                dirs_only = true;
            }
            let mut anchored = text.contains(&b'/');
            while let Some(rest) = text.strip_prefix(b"./").or_else(|| text.strip_prefix(b"/")) {
                text = rest;
            }
            if text.is_empty() || text == b"." {
                let shown = pfind::escape::escape(glob);
                anyhow::bail!("'{shown}' names no entry below the root");
            }
            anchored |= text.contains(&b'/');
            let exclude = Exclude {
                pattern: Pattern::new(text, Syntax::Glob, false)?,
                dirs_only,
            };
            if anchored {
                excludes.below_root.push(exclude);
            } else {
                excludes.on_name.push(exclude);
            }
        }
        Ok(excludes)
    }

    /// True when the entry (its path as printed, its depth below its root, its name,
    /// whether it is a directory) is excluded.
    pub fn matches(&self, path: &[u8], depth: usize, name: &[u8], is_dir: bool) -> bool {
        self.on_name.iter().any(|e| e.matches(name, is_dir))
            || (!self.below_root.is_empty() && {
                let below = &path[below_root_start(path, depth)..];
                self.below_root.iter().any(|e| e.matches(below, is_dir))
            })
    }
}

/// `--no-hidden`: names starting with a dot.
pub fn is_hidden(name: &[u8]) -> bool {
    name.first() == Some(&b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_case_insensitive_suffixes() {
        let ext = Extensions::new([&b"rs"[..], b".TAR.gz"]);
        assert!(ext.matches(b"main.rs"));
        assert!(ext.matches(b"MAIN.RS"));
        assert!(ext.matches(b".rs"));
        assert!(ext.matches(b"a.tar.GZ"));
        assert!(!ext.matches(b"rs"));
        assert!(!ext.matches(b"main.rsx"));
        assert!(!ext.matches(b"a.gz"));
    }

    #[test]
    fn excludes_match_names_or_paths_below_the_root() {
        let ex = Excludes::new([&b"*.o"[..], b"target", b"*/build/*"]).unwrap();
        assert!(ex.matches(b"src/a.o", 2, b"a.o", false));
        assert!(ex.matches(b"x/target", 2, b"target", true));
        assert!(!ex.matches(b"x/targets", 2, b"targets", true));
        assert!(ex.matches(b"./a/build/x", 3, b"x", false));
        assert!(
            !ex.matches(b"./build/x", 2, b"x", false),
            "build is just below the root"
        );
        assert!(!ex.matches(b"build", 1, b"build", true));
    }

    #[test]
    fn regression_exclude_paths_are_relative_to_the_root_however_typed() {
        // Issue 11.3: `-E target/release` excluded nothing under `pfind .`.
        let ex = Excludes::new([&b"target/release"[..]]).unwrap();
        for path in [
            &b"target/release"[..],
            b"./target/release",
            b"dir/target/release",
            b"dir//target/release",
            b"/abs/dir/target/release",
        ] {
            assert!(ex.matches(path, 2, b"release", true), "{path:?}");
        }
        assert!(!ex.matches(b"./x/target/release", 3, b"release", true));
        let anchored = Excludes::new([&b"/build"[..], b"./out/", b"logs/"]).unwrap();
        assert!(anchored.matches(b"./build", 1, b"build", true));
        assert!(!anchored.matches(b"./a/build", 2, b"build", true));
        assert!(anchored.matches(b"/r/out", 1, b"out", true));
        assert!(
            !anchored.matches(b"/r/out", 1, b"out", false),
            "directories only"
        );
        assert!(anchored.matches(b"r/a/logs", 2, b"logs", true));
        assert!(!anchored.matches(b"r/a/logs", 2, b"logs", false));
        assert!(Excludes::new([&b"/"[..]]).is_err() && Excludes::new([&b"./"[..]]).is_err());
    }

    #[test]
    fn hidden_names() {
        assert!(is_hidden(b".git"));
        assert!(!is_hidden(b"a.b"));
    }
}
