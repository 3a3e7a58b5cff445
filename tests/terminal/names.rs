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

/// Issue 20.11: format characters and default-ignorable code points other than the
/// few listed before (tag characters, the soft hyphen, variation selectors, Hangul
/// fillers, ...) reached the terminal as they are: `a\u{e0041}b` showed as `ab`, the
/// name of another file.
#[test]
fn regression_every_invisible_character_is_escaped_on_a_terminal() {
    let env = TestEnv::new();
    let invisible = [
        '\u{ad}',
        '\u{34f}',
        '\u{115f}',
        '\u{180e}',
        '\u{206a}',
        '\u{3164}',
        '\u{fe0f}',
        '\u{fff9}',
        '\u{e0041}',
        '\u{e0100}',
    ];
    for c in invisible {
        env.touch(format!("ab{c}.txt"));
    }
    env.touch("ab.txt");
    let (code, shown) = on_terminal(&env, &["--color", "never"], &[]);
    assert_eq!(code, 0);
    let text = String::from_utf8_lossy(&shown);
    for c in invisible {
        assert!(!text.contains(c), "{c:?} reached the terminal: {text:?}");
        let escaped = format!("ab\\u{{{:x}}}.txt", c as u32);
        assert!(text.contains(&escaped), "{c:?}: {text:?}");
    }
    // Every name looks different from every other.
    let mut lines: Vec<&str> = text.lines().collect();
    let count = lines.len();
    lines.dedup();
    assert_eq!(lines.len(), count, "{text:?}");
}

/// Issue 20.11: serde_json escapes C0 controls only, so `--json` on a terminal let C1
/// controls (`\u{9b}` is CSI), DEL and bidirectional controls through. They are JSON
/// escapes now, on a terminal only, and every line is still valid JSON with the name
/// as its value.
#[test]
fn regression_json_on_a_terminal_escapes_c1_del_and_bidi_characters() {
    let env = TestEnv::new();
    let name = "x\u{9b}2J\u{7f}\u{202e}gpj.exe\u{e0041}";
    env.touch(name);
    let (code, shown) = on_terminal(&env, &["--json", "--color", "never"], &[]);
    assert_eq!(code, 0);
    let text = String::from_utf8_lossy(&shown);
    for c in ['\u{9b}', '\u{7f}', '\u{202e}', '\u{e0041}'] {
        assert!(!text.contains(c), "{c:?} reached the terminal: {text:?}");
    }
    let line = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('\r');
    assert!(
        line.contains(r"x\u009b2J\u007f\u202egpj.exe\udb40\udc41"),
        "{line:?}"
    );
    let value: serde_json::Value = serde_json::from_str(line).expect("valid JSON");
    assert_eq!(value["path"], name, "{line:?}");
    // Into a pipe, serde_json's own output, byte for byte.
    let piped = env.run(["--json"]);
    let want = serde_json::json!({"path": name, "type": "file", "depth": 1});
    assert_eq!(
        piped.stdout(),
        format!("{want}\n").as_bytes(),
        "{}",
        piped.context()
    );
}

/// Issue 20.11: `-l` wrote owner and group names as the user database has them; a
/// name there may hold controls (`ev\e]0;T\ail` retitled the terminal). Run with a
/// private /etc/passwd and /etc/group (a mount namespace of its own, as root).
#[test]
fn regression_list_details_escapes_owner_and_group_names() {
    use std::process::Command;
    if !is_root()
        || !Command::new("unshare")
            .args(["-m", "true"])
            .status()
            .is_ok_and(|s| s.success())
    {
        eprintln!("skipped: needs root and unshare -m for a private user database");
        return;
    }
    let env = TestEnv::new();
    let etc = TestEnv::new();
    let mut passwd = std::fs::read("/etc/passwd").expect("read /etc/passwd");
    passwd.extend_from_slice(b"ev\x1b]0;T\x07il:x:4242:4242::/:/bin/false\n");
    etc.write("passwd", &passwd);
    let mut group = std::fs::read("/etc/group").expect("read /etc/group");
    group.extend_from_slice("gr\u{202e}pu:x:4243:\n".as_bytes());
    etc.write("group", &group);
    env.touch("owned");
    std::os::unix::fs::chown(env.path("owned"), Some(4242), Some(4243)).expect("chown");
    let prefix: Vec<std::ffi::OsString> = [
        "unshare",
        "-m",
        "sh",
        "-c",
        r#"mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group && shift 2 && exec "$@""#,
        "sh",
    ]
    .iter()
    .map(Into::into)
    .chain([etc.path("passwd").into(), etc.path("group").into()])
    .collect();
    let cmd = env.command_as(&prefix, ["-l", "--color", "never", ".", "owned"]);
    let terminal = super::pty::Terminal::spawn_command(cmd, (120, 40));
    let (code, shown) = terminal.output();
    let text = String::from_utf8_lossy(&shown);
    assert_eq!(code, 0, "{text:?}");
    assert!(!shown.contains(&0x1b) && !shown.contains(&0x07), "{text:?}");
    assert!(
        text.contains(r"ev\x1b]0;T\x07il") && text.contains(r"gr\u{202e}pu"),
        "{text:?}"
    );
}

/// Issue 20.11: with a placeholder as the program (`-x '{}'`), `cannot run` showed the
/// file name as it is: a newline forged a second error line, an OSC sequence
/// retitled the terminal.
#[test]
fn regression_cannot_run_a_file_name_is_one_escaped_line() {
    let env = TestEnv::new();
    env.write(OsStr::from_bytes(b"a\npfind: forged\x1b]0;T\x07"), b"");
    let (code, shown) = on_terminal(&env, &["-x", "{}"], &[]);
    assert_eq!(code, 2);
    let text = String::from_utf8_lossy(&shown);
    assert_eq!(
        text,
        "pfind: cannot run ./a\\npfind: forged\\x1b]0;T\\x07: Permission denied\r\n"
    );
}
