//! The walk-and-match property: pfind against walkdir with a naive matcher per query
//! syntax, and against GNU find in a UTF-8 locale where find can express the options.

use super::trees::*;
use super::*;

pub(super) fn contains(hay: &[u8], needle: &[u8]) -> bool {
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
    // An explicit --min-depth deeper than -d can match nothing: an error that says so
    // (issue 23), where find prints nothing.
    if let (Some(min), Some(max)) = (options.min_depth, options.max_depth) {
        if min > max {
            let run = env.run(pfind_args(options, &root));
            prop_assert_eq!(run.code(), 2, "{}", run.context());
            prop_assert_eq!(run.stderr().lines().count(), 1, "{}", run.context());
            return Ok(());
        }
    }
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
}
