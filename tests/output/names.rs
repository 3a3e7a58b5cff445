//! Names are bytes: every byte a name can hold (control characters, invalid UTF-8,
//! option look-alikes, glob, regex and shell syntax) is printed as find prints it,
//! byte for byte with `-0`, matched as find matches it, and never run by a shell. The
//! oracle is GNU find in the C locale. Escaping on a terminal is in `terminal/`, in
//! error messages in `errors_and_status/`.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;

use crate::testenv::*;

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

#[test]
fn non_utf8_names_are_copied_as_bytes() {
    let env = TestEnv::new();
    let name = OsStr::from_bytes(b"bytes/caf\xe9-\xff\xfe");
    env.touch(Path::new(name).join("f"));
    let run = env.run(["bytes"]);
    run.expect_code(0);
    assert!(
        run.stderr().is_empty(),
        "errors reported\n{}",
        run.context()
    );
    let got = run.lines();
    let want = split_sorted(b"bytes/caf\xe9-\xff\xfe\nbytes/caf\xe9-\xff\xfe/f\n", b'\n');
    assert_same(&got, &want, "non-UTF-8 names");
}
