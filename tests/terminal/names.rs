//! Names on a terminal: control characters, bytes that are not UTF-8, and characters
//! that reorder or hide text (bidirectional controls, zero-width characters) are shown
//! escaped, the same way in results and in error messages; into a pipe, bytes stay exact.

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

/// Each of these can make a name display as another one (`invoice\u{202e}fdp.exe`
/// shows as `invoiceexe.pdf`) or hide part of it.
const DECEPTIVE: &[(char, &str)] = &[
    ('\u{202e}', r"\u{202e}"),
    ('\u{202a}', r"\u{202a}"),
    ('\u{2066}', r"\u{2066}"),
    ('\u{2069}', r"\u{2069}"),
    ('\u{200b}', r"\u{200b}"),
    ('\u{200f}', r"\u{200f}"),
    ('\u{061c}', r"\u{61c}"),
    ('\u{2028}', r"\u{2028}"),
    ('\u{feff}', r"\u{feff}"),
];

#[test]
fn bidi_and_invisible_characters_are_escaped_on_a_terminal_only() {
    let env = TestEnv::new();
    for (i, (c, _)) in DECEPTIVE.iter().enumerate() {
        env.touch(format!("invoice{i}{c}fdp.exe"));
    }
    env.touch("caf\u{e9}-\u{4e2d}.txt");
    let (code, shown) = on_terminal(&env, &["--color", "never"], &[]);
    assert_eq!(code, 0);
    let text = String::from_utf8_lossy(&shown);
    for (i, (c, escaped)) in DECEPTIVE.iter().enumerate() {
        assert!(
            text.contains(&format!("invoice{i}{escaped}fdp.exe")),
            "{c:?}: {text:?}"
        );
        assert!(!text.contains(*c), "{c:?} reached the terminal: {text:?}");
    }
    // Letters of every script stay as they are.
    assert!(text.contains("caf\u{e9}-\u{4e2d}.txt"), "{text:?}");
    // Into a pipe, names are bytes.
    let piped = env.run(["."]);
    for (i, (c, _)) in DECEPTIVE.iter().enumerate() {
        let want = format!("./invoice{i}{c}fdp.exe");
        assert!(piped.strings().contains(&want), "{}", piped.context());
    }
}

/// Results said `\x1b` and error messages `\x1B`; a name hiding U+202E was escaped in
/// neither.
#[test]
fn escapes_look_the_same_in_results_and_in_errors() {
    let env = TestEnv::new();
    let name = "a\x1b\u{202e}\u{85}b";
    env.touch(format!("dir/{name}"));
    let missing = format!("missing-{name}");
    let (code, shown) = on_terminal(&env, &["--color", "never", "dir", &missing, ""], &[]);
    assert_eq!(code, 2);
    let text = String::from_utf8_lossy(&shown);
    let escaped = r"a\x1b\u{202e}\u{85}b";
    assert!(text.contains(&format!("dir/{escaped}\r\n")), "{text:?}");
    assert!(
        text.contains(&format!(
            "pfind: missing-{escaped}: No such file or directory\r\n"
        )),
        "{text:?}"
    );
}
