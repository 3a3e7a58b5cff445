//! What reaches a command (#20.12): no root or name starting with `-` passes for an
//! option.

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
