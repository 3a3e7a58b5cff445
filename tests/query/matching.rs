//! The query on a small fixed tree, every mode once: a substring of the whole printed
//! path (find's `-path '*Q*'`, the root's text included), `-b`, `-g`, `-r`, `-i`,
//! `--smart-case`, `--and/--or/--not`. The oracle is the tree as built.

use crate::testenv::*;

#[test]
fn substring_matches_the_whole_printed_path_across_slashes() {
    let env = small_project();
    let run = env.run([".", "walk/p"]);
    assert_eq!(
        run.strings(),
        vec!["./src/walk/pool.rs"],
        "{}",
        run.context()
    );
    // The root itself is part of the printed path, as with find -path.
    let run = env.run(["src", "src"]);
    assert_eq!(run.lines().len(), 4, "{}", run.context());
}

#[test]
fn matching_modes_basename_glob_regex_ignore_case() {
    let env = small_project();
    let run = env.run([".", "-b", "walk"]);
    assert_eq!(run.strings(), vec!["./src/walk"], "{}", run.context());
    let run = env.run([".", "-g", "*/walk/*.rs"]);
    assert_eq!(
        run.strings(),
        vec!["./src/walk/pool.rs"],
        "{}",
        run.context()
    );
    let run = env.run([".", "-g", "-b", "*.py"]);
    assert_eq!(
        run.strings(),
        vec!["./.hidden/dir/x.py", "./src/walk/dir.py"],
        "{}",
        run.context()
    );
    let run = env.run([".", "-r", r"/[a-z]{4}\.rs$"]);
    assert_eq!(
        run.strings(),
        vec!["./src/main.rs", "./src/walk/pool.rs"],
        "{}",
        run.context()
    );
    let run = env.run([".", "-i", "readme"]);
    assert_eq!(run.strings(), vec!["./README.md"], "{}", run.context());
}

#[test]
fn and_or_not_combine_patterns() {
    let env = small_project();
    let run = env.run([".", ".rs", "--or", ".md", "--and", "src", "--not", "pool"]);
    assert_eq!(run.strings(), vec!["./src/main.rs"], "{}", run.context());
    let run = env.run([".", ".rs", "--or", ".md"]);
    assert_eq!(run.lines().len(), 4, "{}", run.context());
}

#[test]
fn smart_case_is_insensitive_unless_the_pattern_has_an_uppercase_letter() {
    let env = TestEnv::with(&["src"], &["Makefile", "makefile.bak", "src/MAKE.md"]);
    let found = |args: &[&str]| {
        let mut args = args.to_vec();
        args.push("--sort");
        env.run(&args).strings()
    };
    let all = ["./Makefile", "./makefile.bak", "./src/MAKE.md"];
    assert_eq!(found(&["--smart-case", ".", "make"]), all);
    assert_eq!(found(&["--smart-case", ".", "Make"]), ["./Makefile"]);
    assert_eq!(found(&["--smart-case", "-b", "-g", ".", "make*"]), all);
    assert_eq!(
        found(&["--smart-case", "-b", "-g", ".", "[M]ake*"]),
        ["./Makefile"]
    );
    // In a regex, an escape is not a letter of the text: \D is no uppercase D.
    assert_eq!(found(&["--smart-case", "-r", ".", r"/\Dake"]), all);
    assert_eq!(
        found(&["--smart-case", "-r", ".", r"/Ma\w"]),
        ["./Makefile"]
    );
    // Each pattern decides for itself.
    assert_eq!(
        found(&["--smart-case", ".", "make", "--not", "MAKE"]),
        ["./Makefile", "./makefile.bak"]
    );
    // Off by default; -i and --smart-case: the last one wins.
    assert_eq!(found(&[".", "make"]), ["./makefile.bak"]);
    assert_eq!(found(&["--smart-case", "-i", ".", "Make"]), all);
    assert_eq!(found(&["-i", "--smart-case", ".", "Make"]), ["./Makefile"]);
}
