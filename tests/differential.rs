//! Differential tests on generated trees with hostile names: pfind against GNU find
//! (the oracle for what is printed) and against walkdir (a sequential walk), compared
//! as sorted NUL-separated byte records, single- and multi-threaded.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use crate::testenv::*;

/// Every path below `env`'s root as pfind prints it for root `root` (as typed, relative
/// to the tree's root; empty = no root argument), by walkdir.
fn walkdir_paths(env: &TestEnv, root: &str) -> Vec<(Vec<u8>, usize)> {
    let base = env.path(if root.is_empty() { "." } else { root });
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&base).min_depth(1) {
        let entry = entry.expect("walkdir");
        let rel = entry
            .path()
            .strip_prefix(&base)
            .expect("under root")
            .as_os_str()
            .as_bytes();
        let mut printed = root.as_bytes().to_vec();
        if !printed.is_empty() && !printed.ends_with(b"/") {
            printed.push(b'/');
        }
        printed.extend_from_slice(rel);
        let name_start = printed.len() - entry.file_name().as_bytes().len();
        out.push((printed, name_start));
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// Queries drawn from the tree itself, so that they match something.
fn queries(paths: &[Vec<u8>], rng: &mut Rng, count: usize) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b".py".to_vec(),
        b"/".to_vec(),
        b"a".to_vec(),
        b"zzz-none".to_vec(),
    ];
    for _ in 0..count {
        let path = rng.pick(paths);
        let start = rng.below(path.len());
        let len = 1 + rng.below(6);
        out.push(path[start..(start + len).min(path.len())].to_vec());
    }
    out
}

fn has_glob_chars(query: &[u8]) -> bool {
    query.iter().any(|b| b"*?[\\".contains(b))
}

#[test]
fn substring_equals_find_path_and_walkdir_on_random_trees() {
    let find_ok = have_find();
    if !find_ok {
        eprintln!("find not installed: comparing with walkdir only");
    }
    for seed in 1..=6u64 {
        let env = TestEnv::new();
        let created = random_tree(&env, seed, 300);
        let mut rng = Rng::new(seed * 31);
        for root in ["", ".", "./"] {
            let oracle = walkdir_paths(&env, root);
            for query in queries(&created, &mut rng, 8) {
                if root.is_empty() && !query.is_empty() {
                    continue; // a query needs a root argument
                }
                let want: Vec<Vec<u8>> = {
                    // With -0, the implicit root's paths print with `./` (14.11), the
                    // query still sees them without.
                    let dot = if root.is_empty() { &b"./"[..] } else { b"" };
                    let mut v: Vec<Vec<u8>> = oracle
                        .iter()
                        .filter(|(p, _)| contains(p, &query))
                        .map(|(p, _)| [dot, p].concat())
                        .collect();
                    v.sort();
                    v
                };
                for threads in ["1", "2", "8"] {
                    let mut args: Vec<&OsStr> =
                        vec![OsStr::new("-0"), OsStr::new("-j"), OsStr::new(threads)];
                    if !root.is_empty() || !query.is_empty() {
                        args.push(OsStr::new(if root.is_empty() { "." } else { root }));
                        args.push(OsStr::from_bytes(&query));
                    }
                    let run = env.run(&args);
                    let got = run.records();
                    assert_same(
                        &got,
                        &want,
                        &format!("seed {seed} vs walkdir\n{}", run.context()),
                    );
                    if find_ok && !has_glob_chars(&query) && threads == "2" {
                        // With -0, no root prints like find's `.`.
                        let find_root = if root.is_empty() { "." } else { root };
                        let mut pattern = b"*".to_vec();
                        pattern.extend_from_slice(&query);
                        pattern.push(b'*');
                        let found = env
                            .find([
                                OsStr::new(find_root),
                                "-mindepth".as_ref(),
                                "1".as_ref(),
                                "-path".as_ref(),
                                OsStr::from_bytes(&pattern),
                                "-print0".as_ref(),
                            ])
                            .expect("find");
                        assert_same(
                            &got,
                            &found,
                            &format!("seed {seed} vs find\n{}", run.context()),
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn basename_glob_and_ignore_case_equal_find_on_random_trees() {
    if !have_find() {
        eprintln!("skipped: GNU find is not installed");
        return;
    }
    let cases: &[(&[&str], &[&str])] = &[
        (&["-b", "-g", "*.py*"], &["-name", "*.py*"]),
        (&["-g", "*src*a*"], &["-path", "*src*a*"]),
        (&["-g", "./*/*"], &["-path", "./*/*"]),
        (&["-b", "src"], &["-name", "*src*"]),
        (&["-i", "SRC"], &["-ipath", "*SRC*"]),
        (&["-i", "-b", "A.PY"], &["-iname", "*A.PY*"]),
        (&["-g", "-i", "*/A*"], &["-ipath", "*/A*"]),
    ];
    for seed in 10..=13u64 {
        let env = TestEnv::new();
        random_tree(&env, seed, 250);
        for (ours, theirs) in cases {
            let (flags, query) = ours.split_at(ours.len() - 1);
            let mut args: Vec<&str> = vec!["-0"];
            args.extend_from_slice(flags);
            args.extend([".", query[0]]);
            let run = env.run(&args);
            let mut find_args: Vec<&str> = vec![".", "-mindepth", "1"];
            find_args.extend_from_slice(theirs);
            find_args.push("-print0");
            let mut cmd = std::process::Command::new("find");
            cmd.args(&find_args)
                .current_dir(env.root())
                .env("LC_ALL", "C");
            let found = split_sorted(&cmd.output().expect("find").stdout, b'\0');
            assert_same(
                &run.records(),
                &found,
                &format!("seed {seed}, find {theirs:?}\n{}", run.context()),
            );
        }
    }
}

#[test]
fn regex_equals_a_sequential_regex_filter() {
    for seed in 20..=22u64 {
        let env = TestEnv::new();
        random_tree(&env, seed, 200);
        for pattern in [r"src\d", r"\.py$", r"(?-u:\xff)", r"a.*/", r"^\./[^/]*$"] {
            let re = regex::bytes::Regex::new(pattern).expect("regex");
            let mut want: Vec<Vec<u8>> = walkdir_paths(&env, ".")
                .into_iter()
                .map(|(p, _)| p)
                .filter(|p| re.is_match(p))
                .collect();
            want.sort();
            let run = env.run(["-0", "-r", ".", pattern]);
            assert_same(
                &run.records(),
                &want,
                &format!("seed {seed}, regex {pattern}\n{}", run.context()),
            );
        }
    }
}
