//! What reaches a command (14.11, #20.12): no root or name starting with `-` passes for
//! an option. Under `-x`, `-X` and `-0` the implicit root's paths start with `./`, as
//! does a root typed with a leading `-`, without changing what the query matches; a
//! bare name (`{/}`) starting with `-` is handed on as `./NAME`. The oracle is GNU find.

use crate::testenv::*;

/// Issue 20.12: the `./` that keeps a name from passing for an option was added only
/// for the implicit root: `pfind -x ls -d \; -- -dir` ran `ls -d -dir/a` and failed
/// with `ls: invalid option`. A relative root starting with `-` is now handed on as
/// `./-dir` under `-x`, `-X` and `-0`, as find prints `./-dir` (find takes no root
/// starting with `-`); the query still matches the path as printed without these
/// options (`-dir/...`).
#[test]
fn regression_a_root_starting_with_a_dash_never_reaches_a_command_as_an_option() {
    let env = TestEnv::with(&["-dir/sub"], &["-dir/-rf", "-dir/sub/plain", "other/x"]);
    let found = env
        .find(["./-dir", "-mindepth", "1", "-print0"])
        .expect("GNU find");
    let run = env.run(["-x", "ls", "-d", ";", "--", "-dir"]);
    run.expect_code(0);
    assert_same(&run.lines(), &found, &run.context());
    let run = env.run(["-X", "ls", "-d", ";", "--", "-dir"]);
    run.expect_code(0);
    assert_same(&run.lines(), &found, &run.context());
    let run = env.run(["-0", "--", "-dir"]);
    run.expect_code(0);
    assert_same(&run.records(), &found, &run.context());
    // The query sees `-dir/...`, with or without the options; a root is matched as
    // typed too.
    for args in [
        &["-r"][..],
        &["-r", "-0"],
        &["-r", "-x", "printf", "%s\\0", ";"],
    ] {
        let mut all = args.to_vec();
        all.extend(["--", "-dir", "^-dir/(-rf|sub)$"]);
        let run = env.run(&all);
        run.expect_code(0);
        let got = if args.len() == 1 {
            run.lines()
        } else {
            run.records()
        };
        let plain = args.len() == 1;
        let want: Vec<Vec<u8>> = ["-dir/-rf", "-dir/sub"]
            .iter()
            .map(|p| {
                if plain {
                    p.to_string()
                } else {
                    format!("./{p}")
                }
                .into_bytes()
            })
            .collect();
        assert_same(&got, &want, &run.context());
    }
    let run = env.run([
        "--min-depth",
        "0",
        "-d",
        "0",
        "-0",
        "-r",
        "--",
        "-dir",
        "^-dir$",
    ]);
    run.expect_code(0);
    assert_eq!(run.stdout(), b"./-dir\0", "{}", run.context());
    // Roots that need no `./` keep their form, beside one that does.
    let run = env.run(["-0", "--", "-dir/sub", "other", ""]);
    run.expect_code(0);
    assert_eq!(
        run.records(),
        [&b"./-dir/sub/plain"[..], b"other/x"],
        "{}",
        run.context()
    );
}

/// Issue 20.12: `{/}` and `{/.}` are bare names; at the start of an argument, a name
/// starting with `-` now gets find's `-execdir` form, `./-rf` (find gives `./NAME`
/// always), so that no name reaches a command as an option. Elsewhere in an argument
/// (`--file={/}`) and in `--format` it stays as it is.
#[test]
fn regression_a_bare_name_starting_with_a_dash_is_handed_on_as_dot_slash_name() {
    let env = TestEnv::with(&["d"], &["d/-rf", "d/-n.txt", "d/plain"]);
    let run = env.run([
        "d",
        "",
        "-x",
        "printf",
        "%s|%s|%s\\n",
        "{/}",
        "--file={/}",
        "{/.}",
    ]);
    run.expect_code(0);
    assert_eq!(
        run.strings(),
        [
            "./-n.txt|--file=-n.txt|./-n",
            "./-rf|--file=-rf|./-rf",
            "plain|--file=plain|plain"
        ],
        "{}",
        run.context()
    );
    // `rm {/}` in the directory: removes `-rf`, never reads it as options.
    let script = r#"cd "$(dirname "$1")" && rm "$2""#;
    let run = env.run([
        "-x", "sh", "-c", script, "sh", "{}", "{/}", ";", "--", "d", "-rf",
    ]);
    run.expect_code(0);
    assert!(!env.path("d/-rf").exists() && env.path("d/plain").exists());
    let run = env.run(["--format", "{/}", "--", "d", "-n"]);
    assert_eq!(run.strings(), ["-n.txt"], "{}", run.context());
}

/// A directory holding names that look like options.
fn options_tree() -> TestEnv {
    let env = TestEnv::with(&["sub"], &["-rf", "--help", "sub/keep"]);
    env.touch("-n");
    env
}

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
