//! Strategies: random small trees of hostile names, random queries in every syntax,
//! random option sets.

use super::*;

/// Pieces of names: plain letters (both cases), UTF-8, invalid UTF-8, control
/// characters, glob and regex syntax, shell syntax.
pub(super) const NAME_PIECES: &[&[u8]] = &[
    b"a",
    b"b",
    b"A",
    b"B",
    b"\xc3\xa9",
    b".",
    b"-",
    b"*",
    b"?",
    b"[",
    b"]",
    b"{",
    b"}",
    b"\\",
    b"\n",
    b"\t",
    b" ",
    b"\xff",
    b"$",
    b"`",
    b";",
    b"'",
];

/// A name of one to three of `pieces` (never `.` or `..`).
pub(super) fn name_of(pieces: &'static [&'static [u8]]) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(pieces), 1..4).prop_map(|pieces| {
        let name = pieces.concat();
        if name == b"." || name == b".." {
            b"dot".to_vec()
        } else {
            name
        }
    })
}

/// One node of a random tree: under the `parent`th directory made so far (modulo), a
/// directory, a file or a symlink (never followed, so its target hardly matters).
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub(super) parent: usize,
    pub(super) name: Vec<u8>,
    pub(super) kind: u8,
}

pub(super) fn tree() -> impl Strategy<Value = Vec<Node>> {
    tree_of(NAME_PIECES)
}

/// A random tree of up to 40 nodes whose names are made of `pieces`.
pub(crate) fn tree_of(pieces: &'static [&'static [u8]]) -> impl Strategy<Value = Vec<Node>> {
    prop::collection::vec(
        (any::<usize>(), name_of(pieces), 0u8..10).prop_map(|(parent, name, kind)| Node {
            parent,
            name,
            kind,
        }),
        0..40,
    )
}

/// Builds the tree in `env`.
pub(crate) fn build(env: &TestEnv, nodes: &[Node]) {
    let mut dirs: Vec<Vec<u8>> = vec![Vec::new()];
    for node in nodes {
        let mut rel = dirs[node.parent % dirs.len()].clone();
        if !rel.is_empty() {
            rel.push(b'/');
        }
        rel.extend_from_slice(&node.name);
        let path = env.path(OsStr::from_bytes(&rel));
        if path.symlink_metadata().is_ok() {
            continue; // the same name twice in one directory
        }
        match node.kind {
            0..=3 => {
                std::fs::create_dir(&path).expect("mkdir");
                dirs.push(rel);
            }
            4 => {
                let target = [&b".."[..], b".", b"missing", b"/"][node.parent % 4];
                std::os::unix::fs::symlink(OsStr::from_bytes(target), &path).expect("symlink")
            }
            _ => {
                std::fs::File::create(&path).expect("create");
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Mode {
    Substring,
    Glob,
    Regex,
}

/// Query pieces per syntax: each mode's metacharacters and literal bytes.
pub(super) const SUBSTRING_PIECES: &[&[u8]] = &[
    b"a",
    b"b",
    b"A",
    b"\xc3\xa9",
    b".",
    b"/",
    b"*",
    b"?",
    b"[",
    b"\\",
    b"\n",
    b"\xff",
    b"a/",
    b"/b",
    b"-",
];
pub(super) const GLOB_PIECES: &[&str] = &[
    "*", "?", "a", "b", "A", ".", "/", "[ab]", "[!a]", "[a-c]", "\\*", "\\[", "é", "-", "{", "}",
    "*/", "[]a]",
];
pub(super) const REGEX_PIECES: &[&str] = &[
    "a",
    "b",
    "A",
    ".",
    r"\.",
    "*",
    "+",
    "?",
    "[ab]",
    "(a|b)",
    "^",
    "$",
    "/",
    "é",
    r"(?-u:\xff)",
    r"\n",
    "[^/]*",
    "(",
];

/// How an extra pattern joins the query: `--and`, `--or`, `--not`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Join {
    And,
    Or,
    Not,
}

#[derive(Clone, Debug)]
pub(super) struct Options {
    pub(super) mode: Mode,
    pub(super) query: Vec<u8>,
    pub(super) extra: Vec<(Join, Vec<u8>)>,
    pub(super) basename: bool,
    pub(super) ignore_case: bool,
    pub(super) min_depth: Option<usize>,
    pub(super) max_depth: Option<usize>,
    pub(super) threads: &'static str,
    pub(super) root: usize,
}

/// A query in `mode` made of the chosen pieces.
pub(super) fn make_query(mode: Mode, picks: &[usize]) -> Vec<u8> {
    match mode {
        Mode::Substring => picks
            .iter()
            .flat_map(|&i| SUBSTRING_PIECES[i % SUBSTRING_PIECES.len()].iter())
            .copied()
            .collect(),
        // A glob must match the whole path: most start and end with `*`.
        Mode::Glob => {
            let lead = if picks.first().is_some_and(|&i| i % 4 != 0) {
                "*"
            } else {
                ""
            };
            let tail = if picks.last().is_some_and(|&i| i % 3 != 0) {
                "*"
            } else {
                ""
            };
            let pieces = picks.iter().map(|&i| GLOB_PIECES[i % GLOB_PIECES.len()]);
            std::iter::once(lead)
                .chain(pieces)
                .chain(std::iter::once(tail))
                .collect::<String>()
                .into_bytes()
        }
        Mode::Regex => picks
            .iter()
            .map(|&i| REGEX_PIECES[i % REGEX_PIECES.len()])
            .collect::<String>()
            .into_bytes(),
    }
}

pub(super) fn options() -> impl Strategy<Value = Options> {
    let mode = prop_oneof![Just(Mode::Substring), Just(Mode::Glob), Just(Mode::Regex)];
    let join = prop_oneof![Just(Join::And), Just(Join::Or), Just(Join::Not)];
    (
        (
            mode,
            prop::collection::vec(0usize..64, 0..4),
            prop::collection::vec((join, prop::collection::vec(0usize..64, 1..3)), 0..3),
        ),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(0usize..3),
        prop::option::of(0usize..4),
        prop::sample::select(&["1", "2", "8"][..]),
        0usize..4,
    )
        .prop_map(
            |((mode, picks, extra), basename, ignore_case, min_depth, max_depth, threads, root)| {
                Options {
                    mode,
                    query: make_query(mode, &picks),
                    extra: extra
                        .into_iter()
                        .map(|(join, picks)| (join, make_query(mode, &picks)))
                        .collect(),
                    basename,
                    ignore_case,
                    min_depth,
                    max_depth,
                    threads,
                    root,
                }
            },
        )
}
