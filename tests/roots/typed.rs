//! Roots however they are typed, and how they print: no root (the current directory,
//! paths without `./`), several roots then the query, a root as typed (`src/`,
//! `./src`, `src//`) never printed itself, `-a` with `..` resolved in the text (14.4),
//! `-E` with a `/` matched below the root however it is typed (11.3), and on Windows
//! `\` or `/`, printed `/`. The oracles are the tree as built and, for `-a`, GNU find.

use std::ffi::OsString;

use crate::testenv::*;

#[test]
fn no_argument_lists_everything_relative_without_dot_slash() {
    let env = small_project();
    let run = env.run::<_, &str>([]);
    run.expect_code(0);
    let mut want: Vec<String> = [
        ".hidden",
        ".hidden/dir",
        ".hidden/dir/x.py",
        "README.md",
        "docs",
        "docs/index.md",
        "empty",
        "src",
        "src/main.rs",
        "src/walk",
        "src/walk/dir.py",
        "src/walk/pool.rs",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    want.sort();
    assert_eq!(run.strings(), want, "{}", run.context());
}

#[test]
fn root_is_printed_as_typed_without_doubled_slash() {
    let env = small_project();
    for (root, first) in [
        ("src", "src/main.rs"),
        ("src/", "src/main.rs"),
        ("./src", "./src/main.rs"),
        ("src//", "src//main.rs"),
    ] {
        let run = env.run([root, "main"]);
        assert_eq!(
            run.strings(),
            vec![first.to_string()],
            "root {root:?}\n{}",
            run.context()
        );
    }
    let run = env.run([env.path("src").as_os_str(), "main".as_ref()]);
    let want = format!("{}/main.rs", printed(env.path("src")));
    assert_eq!(run.strings(), vec![want], "{}", run.context());
}

#[test]
fn roots_are_not_printed_and_empty_query_matches_everything() {
    let env = small_project();
    let run = env.run(["docs", ""]);
    assert_eq!(run.strings(), vec!["docs/index.md"], "{}", run.context());
}

#[test]
fn several_roots_then_the_query() {
    let env = small_project();
    let run = env.run(["src", "docs", ".hidden", ".py"]);
    assert_eq!(
        run.strings(),
        vec![".hidden/dir/x.py", "src/walk/dir.py"],
        "{}",
        run.context()
    );
}

#[test]
fn absolute_paths_are_printed_and_matched() {
    let env = small_project();
    let run = env.run(["-a", "docs", ""]);
    let want = format!("{}/docs/index.md", printed(env.root()));
    assert_eq!(run.strings(), vec![want], "{}", run.context());
    let run = env.run(["-a"]);
    assert!(
        run.strings()
            .iter()
            .all(|l| l.starts_with(&printed(env.root()))),
        "{}",
        run.context()
    );
    assert_eq!(run.lines().len(), 12, "{}", run.context());
}

/// A project with a build directory to exclude and a file at each level.
fn project() -> TestEnv {
    TestEnv::with(
        &[
            "target/release/deps",
            "target/debug",
            "src/target/release",
            "one",
        ],
        &[
            "target/release/app.rs",
            "target/release/deps/dep.rs",
            "target/debug/app.rs",
            "src/main.rs",
            "src/target/release/gen.rs",
            "one/a.foo",
            "a.foo",
        ],
    )
}

/// The paths below `root` (as pfind prints them for `root`) that `pfind ROOT` lists.
fn below(run: &Run, root: &str) -> Vec<String> {
    let root = printed(root);
    let prefix = match root.as_str() {
        "" => String::new(),
        root if root.ends_with('/') => root.to_string(),
        root => format!("{root}/"),
    };
    let mut paths: Vec<String> = run
        .strings()
        .iter()
        .map(|p| p.strip_prefix(&prefix).unwrap_or(p).to_string())
        .collect();
    paths.sort();
    paths
}

#[test]
fn regression_exclude_with_a_slash_is_matched_below_the_root_however_typed() {
    // Issue 11.3: `pfind -E target/release` excluded it, `pfind . -E target/release`
    // did not.
    let env = project();
    let absolute = env.root().display().to_string();
    let absolute_slash = format!("{absolute}/");
    let want = [
        "a.foo",
        "one/a.foo",
        "src/main.rs",
        "src/target/release/gen.rs",
        "target/debug/app.rs",
    ];
    for pattern in ["target/release", "/target/release", "./target/release/"] {
        for root in ["", ".", "./", "one/..", &absolute, &absolute_slash] {
            let mut args = vec!["-t", "f", "-E", pattern];
            if !root.is_empty() {
                args.extend([root, ""]);
            }
            let run = env.run(&args);
            run.expect_code(0);
            assert_eq!(
                below(&run, root),
                want,
                "-E {pattern}, root {root:?}\n{}",
                run.context()
            );
        }
    }
    // The root `dir` and `dir/`: the pattern is below that root.
    for root in ["src", "src/"] {
        let run = env.run(["-t", "f", "-E", "target/release", root, ""]);
        assert_eq!(below(&run, root), ["main.rs"], "{}", run.context());
    }
    // Without a `/`, a name at any depth; `**/` for a path at any depth.
    let run = env.run(["-t", "f", "-E", "release", ".", ""]);
    let kept = ["a.foo", "one/a.foo", "src/main.rs", "target/debug/app.rs"];
    assert_eq!(below(&run, "."), kept, "{}", run.context());
    let run = env.run(["-t", "f", "-E", "**/target/release", ".", ""]);
    assert_eq!(below(&run, "."), kept, "{}", run.context());
}

#[test]
fn regression_absolute_paths_resolve_dot_dot_in_the_text() {
    // Issue 14.4: `-a one/..` printed (and matched) `/T/one/../a.foo`.
    let env = project();
    // Windows' canonical form is the `\\?\` one, which no one types: there the root
    // as made (no link on the way under wine) is the real one.
    let real = if cfg!(windows) {
        env.root().to_path_buf()
    } else {
        env.root().canonicalize().expect("canonical root")
    };
    let want = find_utf8(
        &env,
        &[
            real.clone().into_os_string(),
            OsString::from("-mindepth"),
            OsString::from("1"),
            OsString::from("-print0"),
        ],
    );
    for root in ["one/..", "./one/../", ".", "one/./..//", "src/../one/.."] {
        let run = env.run(["-0", "-a", root, ""]);
        run.expect_code(0);
        if let Some(want) = &want {
            assert_same(&run.records(), want, &run.context());
        }
        let dotted = env.run(["-a", root, ".."]);
        dotted.expect_code(1);
        let listed = env.run(["-a", root, "-g", &format!("{}/a.foo", printed(&real))]);
        assert_eq!(listed.strings(), [format!("{}/a.foo", printed(&real))]);
    }
}

#[cfg(windows)]
#[test]
fn roots_take_backslashes_and_slashes_and_print_slashes() {
    let env = TestEnv::with(&["src/walk"], &["src/walk/dir.rs", "src/main.rs"]);
    let want = ["src/main.rs", "src/walk", "src/walk/dir.rs"];
    for root in ["src", "src/", r"src\", r".\src"] {
        let run = env.run([root, ""]);
        run.expect_code(0);
        let shown = root.replace('\\', "/");
        let prefix = if shown.ends_with('/') {
            shown.clone()
        } else {
            format!("{shown}/")
        };
        let want: Vec<String> = want
            .iter()
            .map(|p| format!("{prefix}{}", &p["src/".len()..]))
            .collect();
        assert_eq!(run.strings(), want, "root {root:?}\n{}", run.context());
    }
    // An absolute root, as Windows writes it.
    let absolute = env.path("src").into_os_string();
    let run = env.run([absolute.as_os_str(), "dir".as_ref()]);
    assert_eq!(
        run.strings(),
        [format!("{}/walk/dir.rs", printed(&absolute))],
        "{}",
        run.context()
    );
    // Queries see the printed form: `/` matches across components.
    let run = env.run([r"src\walk", "walk/dir"]);
    assert_eq!(run.strings(), ["src/walk/dir.rs"], "{}", run.context());
}
