//! `-L` against `find -L` (14.2): a loop is reported and not listed whatever closes it,
//! a link or a real directory reached through links; nothing is listed twice; a link
//! whose target cannot be examined is reported and judged as find judges it (#20.6).
//! A property builds random link structures (links to ancestors, mutual links, links
//! to links, through `..` and absolute paths, broken and self-referring links) and
//! compares `pfind -L` with `find -L`, under a hang guard.

use std::process::{Command, Stdio};

use proptest::prelude::*;

use crate::properties::config;
use crate::testenv::*;

/// `pfind -L -0 ARGS` under the hang guard: (sorted records, stderr lines sorted).
fn pfind_follow(env: &TestEnv, args: &[&str]) -> (Vec<Vec<u8>>, Vec<String>) {
    let mut cmd = env.pfind(["-L", "-0"].iter().chain(args));
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pfind");
    let output = output_within(child, HANG_LIMIT, &format!("pfind -L {args:?}"));
    let mut errors: Vec<String> = String::from_utf8_lossy(&output.stderr)
        .lines()
        .map(str::to_string)
        .collect();
    errors.sort();
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "pfind -L {args:?}: {:?}\n{errors:?}",
        output.status
    );
    (split_sorted(&output.stdout, b'\0'), errors)
}

/// The paths `find -L` reports as closing a loop, from its messages.
fn find_loops(stderr: &str) -> Vec<String> {
    let mut loops: Vec<String> = stderr
        .lines()
        .filter(|line| line.contains("File system loop detected"))
        .filter_map(|line| line.split(['‘', '’', '\'']).nth(1))
        .map(str::to_string)
        .collect();
    loops.sort();
    loops
}

/// The paths pfind reports as closing a loop.
fn pfind_loops(errors: &[String]) -> Vec<String> {
    let mut loops: Vec<String> = errors
        .iter()
        .filter_map(|line| {
            line.strip_prefix("pfind: ")?
                .strip_suffix(": filesystem loop")
        })
        .map(str::to_string)
        .collect();
    loops.sort();
    loops
}

/// Asserts that `pfind -L ROOT ''` lists what `find -L ROOT -mindepth 1` lists and
/// reports the same loops.
fn assert_follow_like_find(env: &TestEnv, root: &str) {
    if !have_find() {
        return eprintln!("skipped: GNU find is not installed");
    }
    let (got, errors) = pfind_follow(env, &[root, ""]);
    let output = Command::new("find")
        .args(["-L", root, "-mindepth", "1", "-print0"])
        .current_dir(env.root())
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("run find");
    let want = split_sorted(&output.stdout, b'\0');
    let context = format!(
        "root {root}\npfind errors: {errors:#?}\nfind errors:\n{}\ntree:\n{}",
        String::from_utf8_lossy(&output.stderr),
        env.describe()
    );
    assert_same(&got, &want, &context);
    let find_stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(pfind_loops(&errors), find_loops(&find_stderr), "{context}");
}

#[test]
fn regression_follow_does_not_list_a_real_directory_that_closes_a_loop() {
    // Issue 14.2: `t/L -> P/X`, `P/X/up -> ..`: from t/L, `up` leads to P, whose real
    // child X is t/L itself. find -L reports t/L/up/X and does not list it.
    let env = TestEnv::with(&["t/P/X"], &[]);
    env.symlink("P/X", "t/L");
    env.symlink("..", "t/P/X/up");
    let (got, errors) = pfind_follow(&env, &["t/L", ""]);
    assert_eq!(got, [b"t/L/up".to_vec()], "{errors:?}");
    assert_eq!(errors, ["pfind: t/L/up/X: filesystem loop"]);
    assert_follow_like_find(&env, "t/L");
    assert_follow_like_find(&env, "t");
}

#[test]
fn follow_reports_loops_like_find_and_lists_nothing_twice() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    let env = TestEnv::with(
        &["a/b", "m1", "m2", "real/deep"],
        &["a/b/file", "real/deep/x"],
    );
    env.symlink(".", "self");
    env.symlink("..", "a/b/up");
    env.symlink("../m2", "m1/to2");
    env.symlink("../m1", "m2/to1");
    env.symlink("nowhere", "broken");
    env.symlink("real", "a/alias");
    for threads in ["1", "2"] {
        let (got, run) = run_records(&env, &["-L", "-j", threads, ".", ""], &[]);
        run.expect_code(2);
        let want = env
            .find(["-L", ".", "-mindepth", "1", "-print0"])
            .expect("find");
        assert_same(&got, &want, &run.context());
        let mut loops: Vec<String> = run.stderr().lines().map(str::to_string).collect();
        loops.sort();
        assert_eq!(
            loops,
            [
                "pfind: ./a/b/up: filesystem loop",
                "pfind: ./m1/to2/to1: filesystem loop",
                "pfind: ./m2/to1/to2: filesystem loop",
                "pfind: ./self: filesystem loop"
            ],
            "{}",
            run.context()
        );
    }
    // Without -L the links are listed as links, and nothing loops.
    let (got, run) = run_records(&env, &[".", ""], &[]);
    run.expect_code(0);
    assert_same(
        &got,
        &env.find([".", "-mindepth", "1", "-print0"]).expect("find"),
        &run.context(),
    );
}

/// #20.6: under `-L`, a link whose target cannot be examined (a directory on the way
/// is not searchable) is reported, as find -L reports it, and still listed; a test
/// that needs its metadata is false for it, so `--changed-before` (find's
/// `! -newermt`) lists it and `--changed-within` (`-newermt`) does not. pfind used to
/// judge it by the link's own `lstat`, silently.
#[test]
fn followed_link_to_an_unsearchable_target_is_reported_and_judged_like_find() {
    let env = TestEnv::with(&["locked", "dir"], &["locked/target", "dir/plain"]);
    env.symlink("../locked/target", "dir/link");
    env.chmod("locked", 0o700);
    let cases: [(&[&str], &[&str]); 3] = [
        (&[], &[]),
        (
            &["--changed-before", "2100-01-01"],
            &["!", "-newermt", "2100-01-01"],
        ),
        (
            &["--changed-within", "1971-01-01"],
            &["-newermt", "1971-01-01"],
        ),
    ];
    for (ours, theirs) in cases {
        let mut args = vec!["-L", "-0", "dir", ""];
        args.extend_from_slice(ours);
        let Some(run) = env.run_unprivileged(&args) else {
            break;
        };
        let mut find_args = vec!["-L", "dir", "-mindepth", "1"];
        find_args.extend_from_slice(theirs);
        find_args.push("-print0");
        let Some((want, find_stderr)) = env.find_unprivileged(&find_args) else {
            break;
        };
        assert!(
            find_stderr.contains("dir/link': Permission denied"),
            "find's view of the tree: {find_stderr}"
        );
        assert_same(&run.records(), &want, &run.command);
        let reported = run.stderr().matches("dir/link: Permission denied").count();
        assert_eq!(reported, 1, "the link's error, once\n{}", run.context());
        run.expect_code(2);
    }
    env.chmod("locked", 0o755);
}

/// Where a random link points.
#[derive(Clone, Debug)]
enum Target {
    /// Directory `i` (modulo), by a relative path.
    Relative(usize),
    /// Directory `i` (modulo), by an absolute path.
    Absolute(usize),
    /// `..` repeated.
    Up(usize),
    /// `.`.
    Here,
    /// Link `i` (modulo) made before this one (or a missing name if none).
    Link(usize),
    /// Nothing.
    Broken,
    /// Itself.
    Itself,
}

#[derive(Clone, Debug)]
struct Structure {
    /// Each directory's parent, among the directories before it (modulo).
    dirs: Vec<usize>,
    /// Links: the directory holding it (modulo), where it points.
    links: Vec<(usize, Target)>,
    /// The root: `.` (0) or link `i - 1` (modulo).
    root: usize,
}

fn structure() -> impl Strategy<Value = Structure> {
    let target = prop_oneof![
        3 => any::<usize>().prop_map(Target::Relative),
        2 => any::<usize>().prop_map(Target::Absolute),
        2 => (1usize..4).prop_map(Target::Up),
        1 => Just(Target::Here),
        2 => any::<usize>().prop_map(Target::Link),
        1 => Just(Target::Broken),
        1 => Just(Target::Itself),
    ];
    (
        prop::collection::vec(any::<usize>(), 1..6),
        prop::collection::vec((any::<usize>(), target), 1..6),
        any::<usize>(),
    )
        .prop_map(|(dirs, links, root)| Structure { dirs, links, root })
}

/// Builds the structure under `t/` (so that `..` from the top stays in the tree);
/// returns the root to search, relative to the tree.
fn build_links(env: &TestEnv, structure: &Structure) -> String {
    let mut dirs = vec!["t".to_string()];
    for (i, parent) in structure.dirs.iter().enumerate() {
        let dir = format!("{}/d{i}", dirs[parent % dirs.len()]);
        env.mkdir(&dir);
        env.touch(format!("{dir}/f{i}"));
        dirs.push(dir);
    }
    let mut links: Vec<String> = Vec::new();
    for (i, (holder, target)) in structure.links.iter().enumerate() {
        let holder = &dirs[holder % dirs.len()];
        let link = format!("{holder}/l{i}");
        let depth = holder.matches('/').count() + 1;
        let to = match target {
            Target::Relative(d) => format!("{}{}", "../".repeat(depth), dirs[d % dirs.len()]),
            Target::Absolute(d) => env.path(&dirs[d % dirs.len()]).display().to_string(),
            Target::Up(levels) => vec![".."; (*levels).min(depth)].join("/"),
            Target::Here => ".".to_string(),
            Target::Link(j) if !links.is_empty() => {
                format!("{}{}", "../".repeat(depth), links[j % links.len()])
            }
            Target::Link(_) | Target::Broken => "missing".to_string(),
            Target::Itself => format!("l{i}"),
        };
        env.symlink(&to, &link);
        links.push(link);
    }
    match structure.root % (links.len() + 1) {
        0 => "t".to_string(),
        i => links[i - 1].clone(),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn follow_equals_find_follow_on_random_link_structures(structure in structure()) {
        let env = TestEnv::new();
        let root = build_links(&env, &structure);
        assert_follow_like_find(&env, &root);
    }
}
