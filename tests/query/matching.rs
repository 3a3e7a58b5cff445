//! The core contract: `pfind ROOT Q` prints exactly `find ROOT -mindepth 1 -path '*Q*'`,
//! paths as find prints them, bytes exact, grep-like exit statuses.

#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;
use std::process::Stdio;
use std::time::Duration;

use crate::testenv::*;

fn sample() -> TestEnv {
    TestEnv::with(
        &["src/walk", "docs", ".hidden/dir", "empty"],
        &[
            "src/main.rs",
            "src/walk/pool.rs",
            "src/walk/dir.py",
            "docs/index.md",
            ".hidden/dir/x.py",
            "README.md",
        ],
    )
}

#[test]
fn no_argument_lists_everything_relative_without_dot_slash() {
    let env = sample();
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
    let env = sample();
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
    let env = sample();
    let run = env.run(["docs", ""]);
    assert_eq!(run.strings(), vec!["docs/index.md"], "{}", run.context());
}

#[test]
fn several_roots_then_the_query() {
    let env = sample();
    let run = env.run(["src", "docs", ".hidden", ".py"]);
    assert_eq!(
        run.strings(),
        vec![".hidden/dir/x.py", "src/walk/dir.py"],
        "{}",
        run.context()
    );
}

#[test]
fn substring_matches_the_whole_printed_path_across_slashes() {
    let env = sample();
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
    let env = sample();
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
fn absolute_paths_are_printed_and_matched() {
    let env = sample();
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

#[test]
fn and_or_not_combine_patterns() {
    let env = sample();
    let run = env.run([".", ".rs", "--or", ".md", "--and", "src", "--not", "pool"]);
    assert_eq!(run.strings(), vec!["./src/main.rs"], "{}", run.context());
    let run = env.run([".", ".rs", "--or", ".md"]);
    assert_eq!(run.lines().len(), 4, "{}", run.context());
}

#[test]
fn exit_status_is_like_grep() {
    let env = sample();
    env.run([".", "main.rs"]).expect_code(0);
    let none = env.run([".", "no-such-name"]);
    none.expect_code(1);
    assert!(
        none.stdout().is_empty() && none.stderr().is_empty(),
        "{}",
        none.context()
    );
    let missing = env.run(["missing-root", "docs", "index"]);
    missing.expect_code(2);
    assert_eq!(
        missing.strings(),
        vec!["docs/index.md"],
        "other roots go on\n{}",
        missing.context()
    );
    assert!(
        missing
            .stderr()
            .contains("pfind: missing-root: No such file or directory"),
        "{}",
        missing.context()
    );
}

#[test]
fn one_missing_argument_hints_at_the_query_form() {
    let env = sample();
    let run = env.run(["nope.txt"]);
    run.expect_code(2);
    let err = run.stderr();
    assert_eq!(err.lines().count(), 1, "{}", run.context());
    assert!(err.contains("pfind . nope.txt"), "{}", run.context());
}

#[test]
fn invalid_patterns_are_one_line_errors_with_status_2() {
    let env = sample();
    for args in [
        vec![".", "-r", "a(b"],
        vec![".", "-r", "a[b"],
        vec![".", "-j", "0", "x"],
    ] {
        let run = env.run(&args);
        run.expect_code(2);
        assert_eq!(
            run.stderr().trim_end().lines().count(),
            1,
            "{}",
            run.context()
        );
        assert!(run.stderr().starts_with("pfind: "), "{}", run.context());
    }
}

#[cfg(unix)] // Unix-only: names that are not UTF-8.
#[test]
fn print0_and_non_utf8_names_are_byte_exact() {
    let env = TestEnv::new();
    let names: [&[u8]; 4] = [b"new\nline", b"bad\xffbyte", b"-dash", b"tab\there"];
    for name in names {
        env.touch(std::ffi::OsStr::from_bytes(name));
    }
    let run = env.run(["-0"]);
    run.expect_code(0);
    let mut want: Vec<Vec<u8>> = names.iter().map(|n| [b"./", *n].concat()).collect();
    want.sort();
    assert_same(&run.records(), &want, &run.context());
    let run = env.run([
        std::ffi::OsStr::from_bytes(b"."),
        std::ffi::OsStr::from_bytes(b"\xff"),
    ]);
    assert_eq!(
        run.lines(),
        vec![b"./bad\xffbyte".to_vec()],
        "{}",
        run.context()
    );
}

#[cfg(unix)] // Unix-only: FIFOs, symbolic links.
#[test]
fn fifos_are_listed_never_opened_and_symlinks_not_followed() {
    let env = TestEnv::with(&["real/sub"], &["real/sub/file"]);
    env.mkfifo("pipe");
    env.symlink("real", "link");
    env.symlink("pipe", "pipe-link");
    let mut cmd = env.pfind([".", ""]);
    let child = cmd.stdout(Stdio::piped()).spawn().expect("spawn");
    let output = output_within(child, Duration::from_secs(20), "pfind over a FIFO");
    let got = split_sorted(&output.stdout, b'\n');
    let want: Vec<Vec<u8>> = [
        "./link",
        "./pipe",
        "./pipe-link",
        "./real",
        "./real/sub",
        "./real/sub/file",
    ]
    .iter()
    .map(bytes)
    .collect();
    assert_same(&got, &want, "fifo/symlink tree");
}

#[cfg(unix)] // Unix-only: symbolic links.
#[test]
fn root_may_be_a_symlink_to_a_directory_or_a_file() {
    let env = TestEnv::with(&["real"], &["real/a", "file"]);
    env.symlink("real", "link");
    let run = env.run(["link", ""]);
    assert_eq!(
        run.strings(),
        vec!["link/a"],
        "root links are followed\n{}",
        run.context()
    );
    // A file has nothing below it: an error that says so (issue 23: it exited 1 without
    // a word, as find -mindepth 1 does); --min-depth 0 lists it, as find does.
    let run = env.run(["file", ""]);
    run.expect_code(2);
    assert!(run.stdout().is_empty(), "{}", run.context());
    assert!(
        run.stderr().starts_with("pfind: file: Not a directory (")
            && run.stderr().lines().count() == 1,
        "{}",
        run.context()
    );
    let run = env.run(["--min-depth", "0", "file", ""]);
    run.expect_code(0);
    assert_eq!(run.strings(), ["file"], "{}", run.context());
}

#[cfg(unix)] // Unix-only: Unix permission bits.
#[test]
fn permission_denied_is_reported_and_the_rest_still_printed() {
    let env = TestEnv::with(
        &["open/inner", "locked/secret"],
        &["open/inner/a", "locked/secret/b", "top"],
    );
    env.chmod("locked", 0o000);
    let Some(run) = env.run_unprivileged([".", ""]) else {
        return;
    };
    env.chmod("locked", 0o755);
    run.expect_code(2);
    assert_eq!(
        run.strings(),
        vec![
            "./locked",
            "./open",
            "./open/inner",
            "./open/inner/a",
            "./top"
        ],
        "{}",
        run.context()
    );
    assert_eq!(
        run.stderr(),
        "pfind: ./locked: Permission denied\n",
        "{}",
        run.context()
    );
}

#[test]
fn broken_pipe_stops_quietly() {
    let env = TestEnv::new();
    for i in 0..2000 {
        env.touch(format!("file-{i:05}-{}", "x".repeat(100)));
    }
    let mut cmd = env.pfind(["."]);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read one byte, then close the pipe as `head -c1` would.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut byte = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut byte).expect("one byte");
    drop(stdout);
    let output = child.wait_with_output().expect("wait");
    assert!(
        output.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "lines were written, so success"
    );
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
