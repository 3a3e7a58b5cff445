//! Hostile names: every byte a name can hold is printed as find prints it, matched as
//! find matches it, never taken for an option or run by a shell, and escaped onto one
//! line in error messages.

use super::*;

/// Names that break careless tools: control characters, invalid UTF-8, option look-
/// alikes, glob and regex syntax, placeholders, shell syntax, terminal escapes.
const HOSTILE_NAMES: &[&[u8]] = &[
    b"new\nline",
    b"\nleading-newline",
    b"tab\there",
    b"carriage\rreturn",
    b"bad\xffbyte",
    b"\x80\xfe\xc3",
    b"\xc3\xa9t\xc3\xa9",
    b"-leading-dash",
    b"--help",
    b"-rf",
    b"-0",
    b"*",
    b"?",
    b"[a-z]",
    b"a*b?c[d]",
    b".*+?^$()|{}[]\\",
    b"back\\slash",
    b"{}",
    b"{} {}",
    b"$(touch pwned)",
    b"`touch pwned`",
    b";touch pwned;",
    b"| touch pwned",
    b"&& touch pwned",
    b"' \"",
    b" leading space",
    b"trailing space ",
    b"%s%n%x",
    b"\x1b[31mred",
    b"...",
];

/// A 255-byte name (the longest a Linux filesystem allows), ASCII and multi-byte.
fn long_names() -> Vec<Vec<u8>> {
    let ascii = vec![b'n'; 255];
    let mut multibyte = "é".repeat(127).into_bytes(); // 254 bytes
    multibyte.push(b'x');
    vec![ascii, multibyte]
}

fn all_hostile_names() -> Vec<Vec<u8>> {
    let mut names: Vec<Vec<u8>> = HOSTILE_NAMES.iter().map(|n| n.to_vec()).collect();
    names.extend(long_names());
    names
}

/// Every hostile name as a file at the top, as a directory holding a file of the same
/// name, and as a symlink.
fn hostile_tree() -> TestEnv {
    let env = TestEnv::new();
    for (i, name) in all_hostile_names().iter().enumerate() {
        let name = OsStr::from_bytes(name);
        env.touch(name);
        let dir = format!("dir{i}");
        env.mkdir(&dir);
        env.touch(Path::new(&dir).join(name));
        env.symlink(name, Path::new(&dir).join("link"));
    }
    env
}

#[test]
fn hostile_names_print0_equals_find_print0_byte_for_byte() {
    if !have_find() {
        eprintln!("skipped: GNU find is not installed");
        return;
    }
    let env = hostile_tree();
    let want = find_in(env.root(), &[os(b"."), os(b"-mindepth"), os(b"1")]);
    for threads in ["1", "8"] {
        let run = env.run(["-0", "-j", threads, ".", ""]);
        run.expect_code(0);
        assert!(run.stdout().ends_with(b"\0"), "{}", run.context());
        assert_same(&run.records(), &want, &run.context());
    }
    // No argument: the same paths, `./` included: with -0 no name passes for an
    // option (issue 14.11).
    let run = env.run(["-0"]);
    assert_same(&run.records(), &want, &run.context());
}

#[test]
fn each_hostile_name_as_a_query_equals_find_path_and_name() {
    if !have_find() {
        eprintln!("skipped: GNU find is not installed");
        return;
    }
    let env = hostile_tree();
    for name in all_hostile_names() {
        let pattern = star_around(&name);
        let want = find_in(
            env.root(),
            &[os(b"."), os(b"-mindepth"), os(b"1"), os(b"-path"), &pattern],
        );
        // `--` keeps a query like `-rf` or `--help` from being read as options.
        let run = env.run([os(b"-0"), os(b"--"), os(b"."), os(&name)]);
        assert_same(&run.records(), &want, &run.context());
        assert!(!want.is_empty(), "the name {name:?} must match itself");

        let want = find_in(
            env.root(),
            &[os(b"."), os(b"-mindepth"), os(b"1"), os(b"-name"), &pattern],
        );
        let run = env.run([os(b"-0"), os(b"-b"), os(b"--"), os(b"."), os(&name)]);
        assert_same(&run.records(), &want, &run.context());

        // As a glob matching itself literally: the escaped form is find's -path.
        let escaped = glob_escape(&name);
        if std::str::from_utf8(&escaped).is_ok() {
            let run = env.run([os(b"-0"), os(b"-g"), os(b"--"), os(b"."), &pattern]);
            let want = find_in(
                env.root(),
                &[os(b"."), os(b"-mindepth"), os(b"1"), os(b"-path"), &pattern],
            );
            assert_same(&run.records(), &want, &run.context());
        }
    }
}

#[test]
fn names_that_look_like_options_work_as_roots_after_double_dash() {
    let env = TestEnv::with(&["-rf", "--help", "-0"], &["-rf/x", "--help/y", "-0/z"]);
    let run = env.run(["--", "-rf", "--help", "-0", ""]);
    run.expect_code(0);
    assert_eq!(
        run.strings(),
        vec!["--help/y", "-0/z", "-rf/x"],
        "{}",
        run.context()
    );
    // A single option-like root.
    let run = env.run(["--", "-rf"]);
    assert_eq!(run.strings(), vec!["-rf/x"], "{}", run.context());
}

#[test]
fn shell_syntax_in_names_is_printed_verbatim_never_executed() {
    let env = TestEnv::new();
    let names: [&[u8]; 8] = [
        b"$(touch pwned)",
        b"`touch pwned`",
        b";touch pwned",
        b"x;rm -rf x",
        b"| touch pwned",
        b"&& touch pwned &&",
        b"$((1+1))${IFS}pwned",
        b"{}",
    ];
    env.mkdir("x");
    for name in names {
        env.touch(os(name));
        env.mkdir(Path::new("x").join(os(name)));
    }
    let modes: [&[&str]; 5] = [&[], &["-b"], &["-i"], &["-g"], &["-r"]];
    for mode in modes {
        for name in names {
            let mut args: Vec<&OsStr> = mode.iter().map(OsStr::new).collect();
            let query = if mode == ["-g"] {
                star_around(name)
            } else if mode == ["-r"] {
                OsString::from(regex::escape(std::str::from_utf8(name).expect("ascii")))
            } else {
                OsString::from_vec(name.to_vec())
            };
            args.extend([OsStr::new("--"), OsStr::new("."), &query]);
            let run = env.run(&args);
            run.expect_code(0);
            let mut top = b"./".to_vec();
            top.extend_from_slice(name);
            assert!(run.lines().contains(&top), "{name:?}\n{}", run.context());
        }
    }
    let run = env.run(["."]);
    assert_eq!(run.lines().len(), 1 + 2 * names.len(), "{}", run.context());
    for place in [
        env.root().to_path_buf(),
        env.path("x"),
        std::env::current_dir().expect("cwd"),
    ] {
        assert!(
            !place.join("pwned").exists(),
            "a name was executed in {place:?}"
        );
    }
    assert!(env.path("x").is_dir(), "`rm -rf x` in a name must not run");
}

// ---------------------------------------------------------------------------------
// Shapes of trees and roots

/// A directory named `a\nb` made its error two lines (`pfind: ./a` and
/// `b: Permission denied`): a name could forge error lines or send terminal escapes.
/// Control characters and invalid UTF-8 in messages are now escaped.
#[test]
fn regression_error_messages_escape_names_onto_one_line() {
    let env = TestEnv::new();
    let names: [&[u8]; 3] = [
        b"a\nb: Permission denied\npfind: fake",
        b"\x1b[31mred",
        b"x\xffy",
    ];
    for name in names {
        env.mkdir(os(name));
        env.chmod(os(name), 0o000);
    }
    let run = env.run_unprivileged([".", ""]);
    for name in names {
        env.chmod(os(name), 0o755);
    }
    if let Some(run) = run {
        run.expect_code(2);
        let mut lines: Vec<&str> = run
            .output
            .stderr
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| std::str::from_utf8(l).expect("UTF-8 message"))
            .collect();
        lines.sort();
        assert_eq!(
            lines,
            [
                r"pfind: ./\x1b[31mred: Permission denied",
                r"pfind: ./a\nb: Permission denied\npfind: fake: Permission denied",
                r"pfind: ./x\xffy: Permission denied",
            ],
            "{}",
            run.context()
        );
    }
    // Bad patterns and a missing root: one line each, the input escaped.
    for args in [
        vec![os(b"."), os(b"-r"), os(b"(\n")],
        vec![os(b"."), os(b"-r"), os(b"[\n")],
        vec![os(b"."), os(b"-r"), os(b"\xff\n")],
        vec![os(b"missing\n\x1b")],
    ] {
        let run = env.run(&args);
        run.expect_code(2);
        let err = run.stderr();
        assert_eq!(err.lines().count(), 1, "{}", run.context());
        assert!(
            err.starts_with("pfind: ") && !err.contains('\x1b'),
            "{}",
            run.context()
        );
    }
}
