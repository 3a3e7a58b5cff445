//! Property tests (proptest): random small trees with hostile names and random option
//! sets, pfind against an oracle written here (walkdir for the walk, a naive matcher
//! per query syntax, `tests/fnmatch.rs` for globs) and against GNU find in a UTF-8
//! locale for what find can express; random queries into the pattern compiler; random
//! command lines into the binary.
//!
//! Cases per property: `PROPTEST_CASES` (default 32, so the suite stays fast; raise it
//! for a fuzzing campaign: `PROPTEST_CASES=20000 cargo test --test tests properties`).

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::process::{Command, Stdio};
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::Config;

use pfind::query::{Pattern, Syntax};

use crate::fnmatch::{contains_folded, fnmatch, has_globstar};
use crate::testenv::*;

/// Proptest settings: `PROPTEST_CASES` cases (default 32), no persisted failures.
pub(crate) fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(32);
    Config {
        cases,
        max_shrink_iters: 200,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Pieces of names: plain letters (both cases), UTF-8, invalid UTF-8, control
/// characters, glob and regex syntax, shell syntax.
const NAME_PIECES: &[&[u8]] = &[
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
fn name_of(pieces: &'static [&'static [u8]]) -> impl Strategy<Value = Vec<u8>> {
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
    parent: usize,
    name: Vec<u8>,
    kind: u8,
}

fn tree() -> impl Strategy<Value = Vec<Node>> {
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
enum Mode {
    Substring,
    Glob,
    Regex,
}

/// Query pieces per syntax: each mode's metacharacters and literal bytes.
const SUBSTRING_PIECES: &[&[u8]] = &[
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
const GLOB_PIECES: &[&str] = &[
    "*", "?", "a", "b", "A", ".", "/", "[ab]", "[!a]", "[a-c]", "\\*", "\\[", "é", "-", "{", "}",
    "*/", "[]a]",
];
const REGEX_PIECES: &[&str] = &[
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
enum Join {
    And,
    Or,
    Not,
}

#[derive(Clone, Debug)]
struct Options {
    mode: Mode,
    query: Vec<u8>,
    extra: Vec<(Join, Vec<u8>)>,
    basename: bool,
    ignore_case: bool,
    min_depth: Option<usize>,
    max_depth: Option<usize>,
    threads: &'static str,
    root: usize,
}

/// A query in `mode` made of the chosen pieces.
fn make_query(mode: Mode, picks: &[usize]) -> Vec<u8> {
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

fn options() -> impl Strategy<Value = Options> {
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

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// An entry as pfind should see it: the printed path and where its name starts.
struct Expected {
    path: Vec<u8>,
    name: Vec<u8>,
    depth: usize,
}

fn root_text(env: &TestEnv, root: usize) -> Vec<u8> {
    match root {
        0 => Vec::new(),
        1 => b".".to_vec(),
        2 => b"./".to_vec(),
        _ => env.root().as_os_str().as_bytes().to_vec(),
    }
}

/// Every entry under the tree, printed as pfind prints it for `root` (walkdir).
fn oracle_entries(env: &TestEnv, root: &[u8]) -> Vec<Expected> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(env.root()).follow_links(false) {
        let entry = entry.expect("walkdir");
        let rel = entry
            .path()
            .strip_prefix(env.root())
            .expect("under root")
            .as_os_str()
            .as_bytes();
        let depth = entry.depth();
        let (path, name) = if depth == 0 {
            let path = if root.is_empty() {
                b".".to_vec()
            } else {
                root.to_vec()
            };
            let trimmed = {
                let mut t: &[u8] = &path;
                while t.len() > 1 && t.ends_with(b"/") {
                    t = &t[..t.len() - 1];
                }
                t
            };
            let name = trimmed
                .rsplit(|&b| b == b'/')
                .next()
                .unwrap_or(trimmed)
                .to_vec();
            (path, name)
        } else {
            let mut path = root.to_vec();
            if !path.is_empty() && !path.ends_with(b"/") {
                path.push(b'/');
            }
            path.extend_from_slice(rel);
            (path, entry.file_name().as_bytes().to_vec())
        };
        out.push(Expected { path, name, depth });
    }
    out
}

/// Compiles every pattern of `options` as a regex (the oracle for `-r`); `None` when
/// one of them does not compile, and pfind must refuse the query.
fn regexes(options: &Options) -> Option<Vec<regex::bytes::Regex>> {
    std::iter::once(&options.query)
        .chain(options.extra.iter().map(|(_, q)| q))
        .map(|q| {
            let text = std::str::from_utf8(q).expect("UTF-8 regex");
            regex::bytes::RegexBuilder::new(text)
                .case_insensitive(options.ignore_case)
                .build()
                .ok()
        })
        .collect()
}

fn selected(options: &Options, entry: &Expected, regexes: &[regex::bytes::Regex]) -> bool {
    if entry.depth < options.min_depth.unwrap_or(1)
        || options.max_depth.is_some_and(|max| entry.depth > max)
    {
        return false;
    }
    let hay = if options.basename {
        &entry.name
    } else {
        &entry.path
    };
    let matches = |index: usize, query: &[u8]| match options.mode {
        Mode::Substring if options.ignore_case => contains_folded(hay, query),
        Mode::Substring => contains(hay, query),
        // The empty query matches everything, in every mode (find's `-path ''` nothing).
        Mode::Glob => query.is_empty() || fnmatch(query, hay, options.ignore_case),
        Mode::Regex => regexes[index].is_match(hay),
    };
    let joined = |join: Join| {
        options
            .extra
            .iter()
            .enumerate()
            .filter(move |(_, (j, _))| *j == join)
            .map(|(i, (_, q))| (i + 1, q))
    };
    (matches(0, &options.query) || joined(Join::Or).any(|(i, q)| matches(i, q)))
        && joined(Join::And).all(|(i, q)| matches(i, q))
        && !joined(Join::Not).any(|(i, q)| matches(i, q))
}

/// The pfind command line for `options`.
fn pfind_args(options: &Options, root: &[u8]) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec!["-0".into(), "-j".into(), options.threads.into()];
    match options.mode {
        Mode::Substring => {}
        Mode::Glob => args.push("-g".into()),
        Mode::Regex => args.push("-r".into()),
    }
    if options.basename {
        args.push("-b".into());
    }
    if options.ignore_case {
        args.push("-i".into());
    }
    if let Some(min) = options.min_depth {
        args.extend(["--min-depth".into(), min.to_string().into()]);
    }
    if let Some(max) = options.max_depth {
        args.extend(["-d".into(), max.to_string().into()]);
    }
    for (join, query) in &options.extra {
        let flag = match join {
            Join::And => "--and",
            Join::Or => "--or",
            Join::Not => "--not",
        };
        let mut value = OsString::from(format!("{flag}="));
        value.push(OsStr::from_bytes(query));
        args.push(value);
    }
    if !root.is_empty() || !options.query.is_empty() || !options.extra.is_empty() {
        let root = if root.is_empty() { &b"."[..] } else { root };
        args.push("--".into());
        args.push(OsStr::from_bytes(root).to_owned());
        args.push(OsStr::from_bytes(&options.query).to_owned());
    }
    args
}

/// The same search as GNU find arguments, when find can say it (not regexes, not
/// pfind's globstar or empty glob).
fn find_args(options: &Options, root: &[u8]) -> Option<Vec<OsString>> {
    let pfind_only = std::iter::once(&options.query)
        .chain(options.extra.iter().map(|(_, q)| q))
        .any(|q| q.is_empty() || has_globstar(q));
    if options.mode == Mode::Regex || (options.mode == Mode::Glob && pfind_only) {
        return None;
    }
    let test = match (options.basename, options.ignore_case) {
        (false, false) => "-path",
        (false, true) => "-ipath",
        (true, false) => "-name",
        (true, true) => "-iname",
    };
    let pattern = |query: &[u8]| -> [OsString; 2] {
        let pattern = match options.mode {
            Mode::Substring => {
                let mut p = b"*".to_vec();
                for &b in query {
                    if b"*?[]\\".contains(&b) {
                        p.push(b'\\');
                    }
                    p.push(b);
                }
                p.push(b'*');
                p
            }
            _ => query.to_vec(),
        };
        [test.into(), OsString::from_vec(pattern)]
    };
    let root = if root.is_empty() { &b"."[..] } else { root };
    let mut args: Vec<OsString> = vec![OsStr::from_bytes(root).to_owned()];
    args.extend([
        "-mindepth".into(),
        options.min_depth.unwrap_or(1).to_string().into(),
    ]);
    if let Some(max) = options.max_depth {
        args.extend(["-maxdepth".into(), max.to_string().into()]);
    }
    args.push("(".into());
    args.extend(pattern(&options.query));
    for (join, query) in &options.extra {
        if *join == Join::Or {
            args.push("-o".into());
            args.extend(pattern(query));
        }
    }
    args.push(")".into());
    for (join, query) in &options.extra {
        match join {
            Join::And => args.extend(pattern(query)),
            Join::Not => {
                args.push("!".into());
                args.extend(pattern(query));
            }
            Join::Or => {}
        }
    }
    args.push("-print0".into());
    Some(args)
}

fn check_against_oracles(nodes: &[Node], options: &Options) -> Result<(), TestCaseError> {
    let env = TestEnv::new();
    build(&env, nodes);
    let root = root_text(&env, options.root);
    // With no root argument there is no query: only the empty substring.
    let bare =
        options.mode == Mode::Substring && options.query.is_empty() && options.extra.is_empty();
    let root = if root.is_empty() && !bare {
        b".".to_vec()
    } else {
        root
    };
    let regexes = match options.mode {
        Mode::Regex => match regexes(options) {
            Some(regexes) => regexes,
            None => {
                let run = env.run(pfind_args(options, &root));
                prop_assert_eq!(run.code(), 2, "{}", run.context());
                prop_assert_eq!(run.stderr().lines().count(), 1, "{}", run.context());
                return Ok(());
            }
        },
        _ => Vec::new(),
    };
    // With -0, the implicit root's entries print with `./` (the query does not see it).
    let dot = if root.is_empty() { &b"./"[..] } else { b"" };
    let mut want: Vec<Vec<u8>> = oracle_entries(&env, &root)
        .into_iter()
        .filter(|e| selected(options, e, &regexes))
        .map(|e| {
            if e.depth == 0 {
                e.path
            } else {
                [dot, &e.path].concat()
            }
        })
        .collect();
    want.sort();
    let run = env.run(pfind_args(options, &root));
    let context = format!("{options:?}\n{}", run.context());
    // Nothing on stderr, but a hint when nothing matched (a substring with glob
    // characters, a query that is an absolute path): one line, with a command.
    let stderr = run.stderr();
    let hint = want.is_empty() && stderr.lines().count() == 1 && stderr.contains("run: pfind ");
    prop_assert!(stderr.is_empty() || hint, "{}", context);
    prop_assert_eq!(
        run.code(),
        if want.is_empty() { 1 } else { 0 },
        "{}",
        context
    );
    let got = run.records();
    if got != want {
        assert_same(&got, &want, &format!("vs oracle\n{context}"));
    }
    if let Some(args) = find_args(options, &root).filter(|_| have_find()) {
        let output = Command::new("find")
            .args(&args)
            .current_dir(env.root())
            .env("LC_ALL", "C.UTF-8")
            .output()
            .expect("find");
        let found = split_sorted(&output.stdout, b'\0');
        if got != found {
            assert_same(&got, &found, &format!("vs find {args:?}\n{context}"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn walk_and_match_equal_the_oracles(nodes in tree(), options in options()) {
        check_against_oracles(&nodes, &options)?;
    }

    #[test]
    fn any_query_compiles_or_fails_with_one_line(
        text in prop::collection::vec(any::<u8>(), 0..24),
        syntax in prop::sample::select(&[Syntax::Substring, Syntax::Glob, Syntax::Regex][..]),
        ignore_case in any::<bool>(),
        hay in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        match Pattern::new(&text, syntax, ignore_case) {
            Ok(pattern) => {
                let hit = pattern.is_match(&hay);
                if syntax == Syntax::Substring && !ignore_case {
                    prop_assert_eq!(hit, contains(&hay, &text));
                }
            }
            Err(err) => {
                let message = err.to_string();
                prop_assert!(!message.is_empty() && !message.contains('\n'), "{:?}", message);
                prop_assert!(syntax != Syntax::Substring, "substrings always compile");
            }
        }
    }

    #[test]
    fn random_command_lines_never_panic(
        argv in prop::collection::vec(argument(), 0..7),
    ) {
        let env = cli_tree();
        let mut cmd = env.pfind(&argv);
        let child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
        let output = output_within(child, Duration::from_secs(20), &format!("{argv:?}"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        let what = format!("{argv:?}\nexit {:?}\nstderr:\n{stderr}", output.status);
        let code = output.status.code();
        prop_assert!(matches!(code, Some(0..=2)), "{}", what);
        prop_assert!(!stderr.contains("panicked"), "{}", what);
        for line in stderr.lines() {
            prop_assert!(line.starts_with("pfind: "), "{}", what);
        }
        if code == Some(2) {
            prop_assert!(!stderr.is_empty(), "status 2 says why\n{}", what);
        }
        if code == Some(0) {
            prop_assert!(!output.stdout.is_empty(), "status 0 printed something\n{}", what);
        }
    }
}

/// A small fixed tree for the command-line property (rebuilt per case: cheap).
fn cli_tree() -> TestEnv {
    TestEnv::with(
        &["src/walk", "a b", "-x"],
        &["src/walk/x.rs", "a b/c", "-x/y"],
    )
}

/// One command-line argument: an option, a value, or a random word (never an absolute
/// path or `..`, so a case never walks outside its own tree).
fn argument() -> impl Strategy<Value = OsString> {
    const OPTIONS: &[&str] = &[
        // Filters (merged from #3) and find's spellings, which get a one-line hint.
        "-t",
        "-e",
        "-S",
        "--changed-within",
        "--changed-before",
        "--newer",
        "-o",
        "-E",
        "--prune",
        "--no-hidden",
        "--gitignore",
        "--contains",
        "-L",
        "--xdev",
        "--exact-depth",
        "-name",
        "-type",
        "-b",
        "-g",
        "-r",
        "-i",
        "-a",
        "-0",
        "-d",
        "--max-depth",
        "--min-depth",
        "-j",
        "--threads",
        "--and",
        "--or",
        "--not",
        "--",
        "-",
        "--help",
        "-V",
        "--bogus",
        "-bgi",
        "-j0",
        "-d=1",
        "--max-depth=2",
        "--threads=3",
        "-rb",
    ];
    const VALUES: &[&str] = &[
        "f",
        "d",
        "x",
        "rs",
        "+1k",
        "-10Mi",
        "1h30min",
        "2026-01-31",
        "@0",
        "root",
        "!0:staff",
        "99999999999999999999d",
        "+99999999999999999999t",
        "0",
        "1",
        "2",
        "64",
        "1024",
        "1025",
        "-1",
        "99999999999999999999",
        "",
        ".",
        "src",
        "x",
        "*",
        "[",
        "(",
        "a{",
        "\\",
        "*.rs",
        "(a|b",
        "é",
    ];
    prop_oneof![
        prop::sample::select(OPTIONS).prop_map(OsString::from),
        prop::sample::select(VALUES).prop_map(OsString::from),
        prop::collection::vec(any::<u8>(), 0..6).prop_map(|mut bytes| {
            bytes.retain(|&b| b != 0 && b != b'/');
            if bytes == b".." {
                bytes.clear();
            }
            OsString::from_vec(bytes)
        }),
    ]
}
