//! Roots however they are typed: `-E` with a `/` is matched below the root (11.3),
//! `-a` resolves `..` in the text (14.4), and under `-x`, `-X` and `-0` the implicit
//! root's paths start with `./`, so that no name passes for an option (14.11).

use super::*;

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
            os("-mindepth"),
            os("1"),
            os("-print0"),
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

/// A directory holding names that look like options.
fn options_tree() -> TestEnv {
    let env = TestEnv::with(&["sub"], &["-rf", "--help", "sub/keep"]);
    env.touch("-n");
    env
}

#[cfg(unix)] // Unix-only: runs Unix programs (sh, echo, true).
#[test]
fn regression_commands_and_print0_get_dot_slash_under_the_implicit_root() {
    // Issue 14.11: `pfind -x echo` ran `echo --help`; `pfind -X printf '[%s]'` got
    // `[-rf][sub][--help][sub/keep]`.
    let env = options_tree();
    let run = env.run(["-x", "echo"]);
    run.expect_code(0);
    assert_eq!(
        run.strings(),
        ["./--help", "./-n", "./-rf", "./sub", "./sub/keep"]
    );
    let run = env.run(["-X", "printf", "[%s]\\n"]);
    assert_eq!(
        run.strings(),
        ["[./--help]", "[./-n]", "[./-rf]", "[./sub/keep]", "[./sub]"]
    );
    let run = env.run([
        "-x",
        "printf",
        "%s|%s|%s|%s\\n",
        "{}",
        "{//}",
        "{.}",
        "{/}",
        ";",
    ]);
    assert!(
        run.strings()
            .contains(&"./sub/keep|./sub|./sub/keep|keep".to_string()),
        "{}",
        run.context()
    );
    // `{/}` of a name starting with `-` gets find's -execdir form (issue 20.12).
    assert!(
        run.strings().contains(&"./-rf|.|./-rf|./-rf".to_string()),
        "{}",
        run.context()
    );
    let run = env.run(["-0"]);
    let want: Vec<Vec<u8>> = ["./--help", "./-n", "./-rf", "./sub", "./sub/keep"]
        .iter()
        .map(bytes)
        .collect();
    assert_same(&run.records(), &want, &run.context());
    // Without them (and with a root), paths print as before.
    assert_eq!(
        env.run::<_, &str>([]).strings(),
        ["--help", "-n", "-rf", "sub", "sub/keep"]
    );
    assert_eq!(
        env.run(["-x", "echo", ";", "sub", ""]).strings(),
        ["sub/keep"]
    );
}

#[cfg(unix)] // Unix-only: runs Unix programs (sh, echo, true).
#[test]
fn dot_slash_for_commands_does_not_change_what_the_query_matches() {
    let env = options_tree();
    for (args, want) in [
        (&["-g", "--and", "sub/*"][..], &["sub/keep"][..]),
        (&["-r", "--and", "^-"], &["--help", "-n", "-rf"]),
        (&["-b", "-g", "--and=-*"], &["--help", "-n", "-rf"]),
        (&["--not", "sub"], &["--help", "-n", "-rf"]),
    ] {
        let plain = env.run(args);
        assert_eq!(plain.strings(), want, "{}", plain.context());
        let dotted: Vec<String> = want.iter().map(|p| format!("./{p}")).collect();
        let run = env.run([&["-0"][..], args].concat());
        let got: Vec<String> = run
            .records()
            .iter()
            .map(|r| String::from_utf8_lossy(r).into_owned())
            .collect();
        assert_eq!(got, dotted, "{}", run.context());
        let run = env.run([args, &["-x", "echo"][..]].concat());
        assert_eq!(run.strings(), dotted, "{}", run.context());
    }
}
