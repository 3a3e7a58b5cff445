//! `--hyperlink`: OSC 8 links to `file://HOST/PATH` around each printed path, on a
//! terminal (auto) or always; the path absolute, lexical, percent-encoded.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use super::pty::on_terminal;
use crate::testenv::*;

fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_owned())
        .unwrap_or_default()
}

/// The tree's root as the URL shows it: the current directory as the kernel knows it.
fn url_root(env: &TestEnv) -> String {
    let root = std::fs::canonicalize(env.root()).expect("canonical root");
    format!("file://{}{}", host(), root.display())
}

#[test]
fn hyperlinks_on_a_terminal_point_to_the_absolute_percent_encoded_path() {
    let env = TestEnv::with(&["sub"], &["sub/a b%.txt"]);
    env.touch(OsStr::from_bytes(b"sub/caf\xc3\xa9\xff"));
    let (code, shown) = on_terminal(&env, &["--hyperlink", "--color", "never", "--sort"], &[]);
    assert_eq!(code, 0);
    let text = String::from_utf8_lossy(&shown);
    let root = url_root(&env);
    for (url, shown_as) in [
        (format!("{root}/sub"), "sub"),
        (format!("{root}/sub/a%20b%25.txt"), "sub/a b%.txt"),
        // Shown escaped where a terminal needs it; linked byte for byte.
        (format!("{root}/sub/caf%C3%A9%FF"), "sub/caf\u{e9}\\xff"),
    ] {
        let link = format!("\x1b]8;;{url}\x1b\\{shown_as}\x1b]8;;\x1b\\\r\n");
        assert!(
            text.contains(&link),
            "no {link:?} for {shown_as:?} in {text:?}"
        );
    }
    // `..` and `.` are taken away; -l links its path too.
    let args = [
        "--hyperlink",
        "-l",
        "--color",
        "never",
        "sub/../sub/.",
        "a b",
    ];
    let (_, shown) = on_terminal(&env, &args, &[]);
    let text = String::from_utf8_lossy(&shown);
    let link = format!("\x1b]8;;{root}/sub/a%20b%25.txt\x1b\\sub/../sub/./a b%.txt\x1b]8;;\x1b\\");
    assert!(text.contains(&link), "{text:?}");
}

#[test]
fn hyperlinks_follow_the_when() {
    let env = TestEnv::with(&[], &["x"]);
    let has_link = |bytes: &[u8]| bytes.windows(4).any(|w| w == b"\x1b]8;");
    // Into a pipe: only with always.
    assert!(!has_link(env.run(["--hyperlink"]).stdout()));
    assert!(!has_link(env.run(["--hyperlink=never"]).stdout()));
    assert!(has_link(env.run(["--hyperlink=always"]).stdout()));
    // On a terminal: not without the flag, not with never.
    assert!(!has_link(&on_terminal(&env, &[] as &[&str], &[]).1));
    assert!(!has_link(&on_terminal(&env, &["--hyperlink=never"], &[]).1));
    assert!(has_link(&on_terminal(&env, &["--hyperlink=auto"], &[]).1));
    // `--hyperlink ROOT` takes no value from the next argument.
    let run = env.run(["--hyperlink", ".", "x"]);
    assert_eq!(run.stdout(), b"./x\n", "{}", run.context());
}
