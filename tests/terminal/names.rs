//! Names on a terminal: control characters and bytes that are not UTF-8 are shown
//! escaped; into a pipe, bytes stay exact.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use super::pty::on_terminal;
use crate::testenv::*;

#[test]
fn on_a_terminal_names_are_escaped_and_colored() {
    let env = TestEnv::new();
    env.touch(OsStr::from_bytes(b"evil\x1b]0;owned\x07\xff\nname"));
    let (_, shown) = on_terminal(&env, &["--color", "never"], &[]);
    let text = String::from_utf8_lossy(&shown);
    assert!(text.contains(r"evil\x1b]0;owned\x07\xff\nname"), "{text:?}");
    assert!(!shown.contains(&0x07), "{text:?}");
    // auto: colors on a terminal, unless NO_COLOR.
    env.mkdir("dir");
    let (_, shown) = on_terminal(&env, &[".", "dir"], &[]);
    assert!(shown.windows(2).any(|w| w == b"\x1b["), "{shown:?}");
    let (_, shown) = on_terminal(&env, &[".", "dir"], &[("NO_COLOR", "1")]);
    assert!(!shown.contains(&0x1b), "{shown:?}");
}
