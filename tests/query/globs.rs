//! Globs read characters, as find does in a UTF-8 locale (14.1); syntax find accepts
//! is no error (14.6); the empty query matches everything (14.8); the globstar
//! (14.9). A property compares random globs on random trees of multibyte names (é,
//! U+202E, CJK, emoji, bytes that are not UTF-8) with find under `LC_ALL=C.UTF-8`, for
//! `-g`, `-b -g`, `-E`, `--and/--or/--not`, with and without `-i`.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};

use proptest::prelude::*;

use super::fnmatch::has_globstar;
use crate::properties::{build, config, tree_of};
use crate::testenv::*;

fn arg(text: &str) -> OsString {
    OsString::from(text)
}

fn arg_bytes(bytes: &[u8]) -> OsString {
    OsString::from_vec(bytes.to_vec())
}

/// Asserts that `pfind -0 PFIND_ARGS` prints what `find FIND_ARGS -print0` prints.
fn assert_like_find(env: &TestEnv, pfind_args: &[OsString], find_args: &[OsString]) {
    let mut find_args = find_args.to_vec();
    find_args.push(arg("-print0"));
    let Some(want) = find_utf8(env, &find_args) else {
        return;
    };
    let run =
        env.run(std::iter::once(OsStr::new("-0")).chain(pfind_args.iter().map(|a| a.as_os_str())));
    assert!(run.code() <= 1, "{}", run.context());
    assert_same(
        &run.records(),
        &want,
        &format!("find {find_args:?}\n{}", run.context()),
    );
}

/// Names with characters of one, two, three and four bytes, and bytes that are not
/// UTF-8.
fn multibyte_tree() -> TestEnv {
    let env = TestEnv::with(&["dir", "中文"], &[]);
    for name in [
        "é",
        "É",
        "\u{202e}",
        "é.txt",
        "a.txt",
        "ab",
        "中",
        "🦀",
        "dir/é",
        "dir/x",
        "中文/文",
        "[",
        "\\",
    ] {
        env.touch(name);
    }
    for name in [&b"\xff"[..], b"a\xff\xc3\xa9", b"x\xc3\xa9\xff"] {
        env.touch(OsStr::from_bytes(name));
    }
    env
}

#[test]
fn regression_globs_match_characters_not_bytes() {
    // Issue 14.1: `?`, `[...]` and `[!...]` take one character of a UTF-8 name.
    let env = multibyte_tree();
    let run = env.run(["-b", "-g", ".", "?"]);
    let got = run.strings();
    for name in ["./é", "./\u{202e}", "./中", "./🦀", "./dir/é", "./中文/文"] {
        assert!(got.contains(&name.to_string()), "{name}\n{}", run.context());
    }
    for (glob, name) in [("?.txt", "./é.txt"), ("[é]*", "./é.txt"), ("*[!a]", "./é")] {
        let run = env.run(["-b", "-g", ".", glob]);
        assert!(
            run.strings().contains(&name.to_string()),
            "{glob}\n{}",
            run.context()
        );
    }
    let run = env.run(["-E", "?", "-d", "1", ".", ""]);
    assert!(
        !run.strings().contains(&"./é".to_string()),
        "{}",
        run.context()
    );
    for (pfind, find) in [
        (&["-b", "-g", "?"][..], &["-name", "?"][..]),
        (&["-b", "-g", "?.txt"], &["-name", "?.txt"]),
        (&["-b", "-g", "[é]*"], &["-name", "[é]*"]),
        (&["-b", "-g", "*[!a]"], &["-name", "*[!a]"]),
        (&["-g", "./??"], &["-path", "./??"]),
        (&["-b", "-i", "-g", "É*"], &["-iname", "É*"]),
        (&["-i", "É"], &["-ipath", "*É*"]),
        (&["-b", "-g", "a???"], &["-name", "a???"]),
    ] {
        let pfind: Vec<OsString> = pfind[..pfind.len() - 1]
            .iter()
            .map(|a| arg(a))
            .chain([arg("."), arg(pfind[pfind.len() - 1])])
            .collect();
        let find: Vec<OsString> = [".", "-mindepth", "1"]
            .iter()
            .chain(find)
            .map(|a| arg(a))
            .collect();
        assert_like_find(&env, &pfind, &find);
    }
}

#[test]
fn regression_glob_syntax_find_accepts_is_no_error() {
    // Issue 14.6: an unclosed `[` is a literal `[`; a trailing `\` matches nothing.
    let env = multibyte_tree();
    let run = env.run(["-b", "-g", ".", "["]);
    run.expect_code(0);
    assert_eq!(run.strings(), ["./["], "{}", run.context());
    for glob in ["\\", "x\\"] {
        let run = env.run(["-b", "-g", ".", glob]);
        run.expect_code(1);
        assert!(run.stderr().is_empty(), "{}", run.context());
    }
    for glob in ["[", "\\", "[*", "a[", "[[:alpha:]", "[]"] {
        assert_like_find(
            &env,
            &[arg("-b"), arg("-g"), arg("."), arg(glob)],
            &[
                arg("."),
                arg("-mindepth"),
                arg("1"),
                arg("-name"),
                arg(glob),
            ],
        );
    }
}

#[test]
fn regression_the_empty_query_matches_everything_in_every_mode() {
    // Issue 14.8: `-g ''` and `-b -g ''` printed nothing (like find's `-path ''`).
    let env = multibyte_tree();
    let all = env.run(["-0", ".", ""]);
    all.expect_code(0);
    for mode in [&["-g"][..], &["-b", "-g"], &["-r"], &["-b"], &["-i", "-g"]] {
        let mut args = vec!["-0"];
        args.extend_from_slice(mode);
        args.extend([".", ""]);
        let run = env.run(&args);
        run.expect_code(0);
        assert_same(&run.records(), &all.records(), &run.context());
    }
}

#[test]
fn regression_globstar_matches_zero_or_more_directories() {
    // Issue 14.9: `**/` as in gitignore and fd; a lone `*` still crosses `/`.
    let env = TestEnv::with(
        &["one/two", "x/one"],
        &["a.foo", "one/b.foo", "one/two/c.foo"],
    );
    env.touch("x/one/d.foo");
    let cases: &[(&str, &[&str])] = &[
        (
            "./**/*.foo",
            &["./a.foo", "./one/b.foo", "./one/two/c.foo", "./x/one/d.foo"],
        ),
        (
            "**/one/**/*.foo",
            &["./one/b.foo", "./one/two/c.foo", "./x/one/d.foo"],
        ),
        ("./one/**/*.foo", &["./one/b.foo", "./one/two/c.foo"]),
        ("./one/*/*.foo", &["./one/two/c.foo"]),
        (
            "./*.foo",
            &["./a.foo", "./one/b.foo", "./one/two/c.foo", "./x/one/d.foo"],
        ),
    ];
    for (glob, want) in cases {
        let run = env.run(["-g", ".", glob]);
        assert_eq!(run.strings(), *want, "{glob}\n{}", run.context());
    }
    // Without a root the paths have no `./`, and `**/` still matches at the top.
    let run = env.run(["-g", "--and", "**/one/*.foo"]);
    let want = ["one/b.foo", "one/two/c.foo", "x/one/d.foo"];
    assert_eq!(run.strings(), want, "{}", run.context());
}

/// Name pieces: characters of 1 to 4 bytes (with case pairs), a bidi control, bytes
/// that are not UTF-8 (a lone lead byte, a lone continuation byte, 0xFF), glob syntax.
const NAME_PIECES: &[&[u8]] = &[
    b"a",
    b"A",
    b"b",
    "é".as_bytes(),
    "É".as_bytes(),
    "\u{202e}".as_bytes(),
    "中".as_bytes(),
    "文".as_bytes(),
    "🦀".as_bytes(),
    b"\xff",
    b"\xc3",
    b"\xa9",
    b".",
    b"-",
    b"[",
    b"]",
    b"?",
    b"*",
    b"\\",
];

/// Glob pieces: the same characters, `?`, brackets over them, escapes, a byte that is
/// not UTF-8 (which makes find, and pfind, read the whole pattern as bytes).
const GLOB_PIECES: &[&[u8]] = &[
    b"*",
    b"?",
    b"??",
    b"a",
    b"A",
    "é".as_bytes(),
    "É".as_bytes(),
    "中".as_bytes(),
    "🦀".as_bytes(),
    "\u{202e}".as_bytes(),
    "[é]".as_bytes(),
    b"[!a]",
    "[!é]".as_bytes(),
    "[a-é]".as_bytes(),
    "[中文]".as_bytes(),
    "[!中]".as_bytes(),
    "[!🦀]".as_bytes(),
    b"\\?",
    b"\\[",
    b"[",
    b".",
    b"\xff",
];

fn glob() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(prop::sample::select(GLOB_PIECES), 1..4),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(pieces, lead, tail)| {
            let mut glob = if lead { b"*".to_vec() } else { Vec::new() };
            glob.extend(pieces.concat());
            if tail {
                glob.push(b'*');
            }
            glob
        })
}

/// What a random case asks.
#[derive(Clone, Debug)]
enum Ask {
    /// `-g GLOB` (`-path`), or `-b -g GLOB` (`-name`).
    Glob { basename: bool },
    /// A substring with `-i` (`-ipath '*Q*'`).
    FoldedSubstring,
    /// `-E GLOB ''` (`-name GLOB -prune -o -print`).
    Exclude,
}

#[derive(Clone, Debug)]
struct Case {
    ask: Ask,
    ignore_case: bool,
    query: Vec<u8>,
    /// `--and`, `--or`, `--not` (0, 1, 2) with their patterns, for `Ask::Glob`.
    extra: Vec<(u8, Vec<u8>)>,
}

fn case() -> impl Strategy<Value = Case> {
    let ask = prop_oneof![
        Just(Ask::Glob { basename: false }),
        Just(Ask::Glob { basename: true }),
        Just(Ask::FoldedSubstring),
        Just(Ask::Exclude),
    ];
    (
        ask,
        any::<bool>(),
        glob(),
        prop::collection::vec((0u8..3, glob()), 0..3),
    )
        .prop_map(|(ask, ignore_case, query, extra)| {
            let query = match ask {
                // A path glob must match from `./`.
                Ask::Glob { basename: false } => [b"*".as_slice(), &query].concat(),
                // A substring: the pieces without glob syntax.
                Ask::FoldedSubstring => query
                    .into_iter()
                    .filter(|b| !b"*?[]\\!".contains(b))
                    .collect(),
                _ => query,
            };
            let extra = match ask {
                Ask::Glob { .. } => extra,
                _ => Vec::new(),
            };
            Case {
                ignore_case: ignore_case || matches!(ask, Ask::FoldedSubstring),
                ask,
                query,
                extra,
            }
        })
}

/// The pfind and find command lines for `case` (root `.`).
fn command_lines(case: &Case) -> (Vec<OsString>, Vec<OsString>) {
    let mut pfind = Vec::new();
    let mut find = vec![arg("."), arg("-mindepth"), arg("1")];
    if case.ignore_case && !matches!(case.ask, Ask::Exclude) {
        pfind.push(arg("-i"));
    }
    let test = |basename: bool| match (basename, case.ignore_case) {
        (false, false) => "-path",
        (false, true) => "-ipath",
        (true, false) => "-name",
        (true, true) => "-iname",
    };
    match case.ask {
        Ask::Glob { basename } => {
            pfind.push(arg("-g"));
            if basename {
                pfind.push(arg("-b"));
            }
            find.extend([arg("("), arg(test(basename)), arg_bytes(&case.query)]);
            for (join, pattern) in &case.extra {
                let flag = ["--and", "--or", "--not"][usize::from(*join)];
                pfind.push(arg(flag));
                pfind.push(arg_bytes(pattern));
                if *join == 1 {
                    find.extend([arg("-o"), arg(test(basename)), arg_bytes(pattern)]);
                }
            }
            find.push(arg(")"));
            for (join, pattern) in &case.extra {
                match join {
                    0 => find.extend([arg(test(basename)), arg_bytes(pattern)]),
                    2 => find.extend([arg("!"), arg(test(basename)), arg_bytes(pattern)]),
                    _ => {}
                }
            }
            pfind.extend([arg("."), arg_bytes(&case.query)]);
        }
        Ask::FoldedSubstring => {
            pfind.extend([arg("."), arg_bytes(&case.query)]);
            let pattern = [b"*".as_slice(), &case.query, b"*"].concat();
            find.extend([arg("-ipath"), arg_bytes(&pattern)]);
        }
        Ask::Exclude => {
            pfind.extend([arg("-E"), arg_bytes(&case.query), arg("."), arg("")]);
            find.extend([
                arg("("),
                arg("-name"),
                arg_bytes(&case.query),
                arg("-prune"),
                arg(")"),
                arg("-o"),
            ]);
        }
    }
    (pfind, find)
}

/// True when an `-E` glob names no entry below the root (pfind refuses it).
fn names_the_root(glob: &[u8]) -> bool {
    let mut text = glob;
    while text.len() > 1 && text.ends_with(b"/") {
        text = &text[..text.len() - 1];
    }
    while let Some(rest) = text.strip_prefix(b"./").or_else(|| text.strip_prefix(b"/")) {
        text = rest;
    }
    text.is_empty() || text == b"."
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn globs_on_multibyte_names_equal_find_in_a_utf8_locale(
        nodes in tree_of(NAME_PIECES),
        case in case(),
    ) {
        let patterns = std::iter::once(&case.query).chain(case.extra.iter().map(|(_, p)| p));
        // find has no globstar, and its empty -path matches nothing.
        prop_assume!(!patterns.clone().any(|p| p.is_empty() || has_globstar(p)));
        // `-E .` (or `./`, `/`) names the root itself: an error, where find's
        // `-path ./. -prune` quietly excludes nothing.
        prop_assume!(!(matches!(case.ask, Ask::Exclude) && names_the_root(&case.query)));
        let env = TestEnv::new();
        build(&env, &nodes);
        let (pfind, find) = command_lines(&case);
        assert_like_find(&env, &pfind, &find);
    }
}
