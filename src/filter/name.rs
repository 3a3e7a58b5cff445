//! Tests on the entry's name alone, costing no system call: `--extension`,
//! `--exclude`, `--no-hidden`.

use pfind::query::{Pattern, QueryError, Syntax};

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
/// glob holds a `/`, like find's `-path` (against the whole path as printed).
#[derive(Clone, Debug)]
pub struct Excludes {
    on_name: Vec<Pattern>,
    on_path: Vec<Pattern>,
}

impl Excludes {
    /// Compiles the globs.
    pub fn new<'a>(globs: impl IntoIterator<Item = &'a [u8]>) -> Result<Excludes, QueryError> {
        let mut excludes = Excludes {
            on_name: Vec::new(),
            on_path: Vec::new(),
        };
        for glob in globs {
            let pattern = Pattern::new(glob, Syntax::Glob, false)?;
            if glob.contains(&b'/') {
                excludes.on_path.push(pattern);
            } else {
                excludes.on_name.push(pattern);
            }
        }
        Ok(excludes)
    }

    /// True when the entry (its path as printed, and its name) is excluded.
    pub fn matches(&self, path: &[u8], name: &[u8]) -> bool {
        self.on_name.iter().any(|p| p.is_match(name))
            || self.on_path.iter().any(|p| p.is_match(path))
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
    fn excludes_match_names_or_paths() {
        let ex = Excludes::new([&b"*.o"[..], b"target", b"*/build/*"]).unwrap();
        assert!(ex.matches(b"src/a.o", b"a.o"));
        assert!(ex.matches(b"x/target", b"target"));
        assert!(!ex.matches(b"x/targets", b"targets"));
        assert!(ex.matches(b"./build/x", b"x"));
        assert!(!ex.matches(b"build", b"build"));
    }

    #[test]
    fn hidden_names() {
        assert!(is_hidden(b".git"));
        assert!(!is_hidden(b"a.b"));
    }
}
