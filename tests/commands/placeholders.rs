//! The placeholders of `-x`, `-X` and `--format` (`{}`, `{/}`, `{//}`, `{.}`, `{/.}`,
//! and `{{`/`}}` for literal braces), and each command's output kept in one piece.
//! The oracle is the path as printed, cut by hand.

use crate::testenv::*;

#[cfg(unix)] // Unix-only: runs Unix programs (sh, echo, true).
#[test]
fn exec_runs_once_per_result_with_placeholders_and_unmixed_output() {
    let env = TestEnv::with(&["d.x", "e"], &["d.x/f.tar.gz", "e/g", "h.rs"]);
    let run = env.run([
        ".",
        "",
        "-j",
        "4",
        "-x",
        "sh",
        "-c",
        r#"printf '%s\n' "$1" "$2" "$3" "$4" "$5""#,
        "sh",
        "{}",
        "{/}",
        "{//}",
        "{.}",
        "{/.}",
        ";",
    ]);
    run.expect_code(0);
    let lines = in_order(run.stdout(), b'\n');
    let groups: Vec<Vec<String>> = lines
        .chunks(5)
        .map(|c| {
            c.iter()
                .map(|l| String::from_utf8_lossy(l).into_owned())
                .collect()
        })
        .collect();
    assert_eq!(groups.len(), 5, "{}", run.context());
    // Each command's five lines arrive together.
    let tar = groups
        .iter()
        .find(|g| g[0] == "./d.x/f.tar.gz")
        .expect("f.tar.gz");
    assert_eq!(
        tar,
        &[
            "./d.x/f.tar.gz",
            "f.tar.gz",
            "./d.x",
            "./d.x/f.tar",
            "f.tar"
        ]
    );
    let dir = groups.iter().find(|g| g[0] == "./d.x").expect("d.x");
    assert_eq!(dir, &["./d.x", "d.x", ".", "./d", "d"]);
}

#[test]
fn format_uses_the_same_placeholders() {
    let env = TestEnv::with(&["src"], &["src/main.tar.gz"]);
    let run = env.run(["src", "main", "--format", "{}|{/}|{//}|{.}|{/.}|{x}"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout(),
        b"src/main.tar.gz|main.tar.gz|src|src/main.tar|main.tar|{x}\n"
    );
}

/// `--format '{{}}'` printed `{./a}`: `{{` and `}}` are a literal `{` and `}`, as in fd.
#[test]
fn regression_doubled_braces_print_literal_braces() {
    let env = TestEnv::with(&[], &["a"]);
    let run = env.run([".", "a", "--format", "{{}} {{{}}} {{/}}"]);
    run.expect_code(0);
    assert_eq!(run.stdout(), b"{} {./a} {/}\n", "{}", run.context());
}
