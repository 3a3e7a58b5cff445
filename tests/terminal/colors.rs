//! LS_COLORS on a terminal, against GNU ls: each key gets a color of its own, and every
//! name must get the key ls gives it (type, permission bits, links, extensions).

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use super::pty::on_terminal;
use crate::testenv::*;

/// Every key ls honours for the types pfind prints, each with its own 256-color index.
const KEYS: &[(&str, u32)] = &[
    ("fi", 10),
    ("di", 11),
    ("ln", 12),
    ("pi", 13),
    ("so", 14),
    ("bd", 15),
    ("cd", 16),
    ("or", 17),
    ("ex", 18),
    ("su", 19),
    ("sg", 20),
    ("st", 21),
    ("ow", 22),
    ("tw", 23),
    ("mh", 24),
    ("*.txt", 25),
    ("*.sh", 26),
];

fn ls_colors(extra: &str) -> String {
    let mut value: Vec<String> = KEYS.iter().map(|(k, n)| format!("{k}=38;5;{n}")).collect();
    if !extra.is_empty() {
        value.push(extra.to_owned());
    }
    value.join(":")
}

/// Each line's visible characters, each with the 256-color index it is drawn in.
fn colored_lines(bytes: &[u8]) -> Vec<Vec<(char, Option<u32>)>> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = Vec::new();
    for line in text.split('\n') {
        let (mut chars, mut color) = (Vec::new(), None);
        let mut rest = line.trim_end_matches('\r');
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("\x1b[") {
                let end = after.find('m').expect("an SGR sequence");
                color = after[..end]
                    .split_once("38;5;")
                    .and_then(|(_, n)| n.split(';').next()?.parse().ok());
                rest = &after[end + 1..];
                continue;
            }
            chars.push((c, color));
            rest = &rest[c.len_utf8()..];
        }
        if !chars.is_empty() {
            lines.push(chars);
        }
    }
    lines
}

/// The last path component of `chars` (a path, or the name part of an `ls -l` line)
/// and the color of its last character.
fn last_name(chars: &[(char, Option<u32>)]) -> (String, Option<u32>) {
    let start = chars
        .iter()
        .rposition(|(c, _)| *c == '/' || *c == ' ')
        .map_or(0, |at| at + 1);
    let name = chars[start..].iter().map(|(c, _)| c).collect();
    (name, chars.last().and_then(|(_, color)| *color))
}

/// For each line, its last path component and the color of its last character.
fn name_colors(bytes: &[u8]) -> BTreeMap<String, Option<u32>> {
    colored_lines(bytes)
        .iter()
        .map(|chars| last_name(chars))
        .collect()
}

/// For each `ls -l` line: the name with its color, and the link target's color.
fn detail_colors(bytes: &[u8]) -> BTreeMap<String, (Option<u32>, Option<u32>)> {
    let mut colors = BTreeMap::new();
    for chars in colored_lines(bytes) {
        let text: String = chars.iter().map(|(c, _)| c).collect();
        let (name_end, target) = match text.find(" -> ") {
            Some(at) => (
                text[..at].chars().count(),
                chars.last().and_then(|(_, c)| *c),
            ),
            None => (chars.len(), None),
        };
        let (name, color) = last_name(&chars[..name_end]);
        colors.insert(name, (color, target));
    }
    colors
}

/// A tree with one entry per key (and a few that two keys could claim).
fn every_kind() -> TestEnv {
    let env = TestEnv::with(
        &["dir", "sticky-other-writable", "other-writable", "sticky"],
        &[],
    );
    env.chmod("sticky-other-writable", 0o1777);
    env.chmod("other-writable", 0o777);
    env.chmod("sticky", 0o1755);
    for file in [
        "plain",
        "notes.txt",
        "run.sh",
        "tool",
        "setuid",
        "setgid",
        "linked",
    ] {
        env.touch(file);
    }
    env.chmod("run.sh", 0o755);
    env.chmod("tool", 0o755);
    env.chmod("setuid", 0o4755);
    env.chmod("setgid", 0o2644);
    fs::hard_link(env.path("linked"), env.path("linked-too")).expect("hard link");
    env.symlink("plain", "link-to-file");
    env.symlink("dir", "link-to-dir");
    env.symlink("nowhere", "broken");
    env.mkfifo("fifo");
    let _socket = std::os::unix::net::UnixListener::bind(env.path("socket")).expect("socket");
    env
}

/// What `ls -d --color=always` gives the same names, with the same LS_COLORS.
fn ls_says(
    env: &TestEnv,
    names: &[String],
    ls_colors: &str,
) -> Option<BTreeMap<String, Option<u32>>> {
    let output = Command::new("ls")
        .args(["-d", "--color=always", "--"])
        .args(names)
        .current_dir(env.root())
        .env("LS_COLORS", ls_colors)
        .output()
        .ok()?;
    Some(name_colors(&output.stdout))
}

#[test]
fn ls_colors_keys_are_honoured_as_ls_honours_them() {
    let env = every_kind();
    assert!(fs::metadata(env.path("setgid")).is_ok_and(|m| m.permissions().mode() & 0o2000 != 0));
    for extra in ["", "ln=target"] {
        let value = ls_colors(extra);
        let (code, shown) = on_terminal(&env, &["--color", "auto"], &[("LS_COLORS", &value)]);
        assert_eq!(code, 0);
        let ours = name_colors(&shown);
        let names: Vec<String> = ours.keys().cloned().collect();
        assert!(names.len() >= 17, "{ours:?}");
        let Some(theirs) = ls_says(&env, &names, &value) else {
            eprintln!("skipped: GNU ls is not installed");
            return;
        };
        assert_eq!(ours, theirs, "LS_COLORS={value}");
    }
    // Devices: a root is colored like any entry.
    if fs::metadata("/dev/null").is_ok() {
        let value = ls_colors("");
        let args = ["--min-depth", "0", "/dev/null"];
        let (_, shown) = on_terminal(&env, &args, &[("LS_COLORS", &value)]);
        assert_eq!(
            name_colors(&shown).get("null"),
            Some(&Some(16)),
            "{shown:?}"
        );
    }
}

#[test]
fn list_details_colors_names_and_link_targets_as_ls_does() {
    let env = every_kind();
    let value = ls_colors("mi=38;5;27");
    let (code, shown) = on_terminal(&env, &["-l"], &[("LS_COLORS", &value)]);
    assert_eq!(code, 0);
    let ours = detail_colors(&shown);
    let names: Vec<String> = ours.keys().cloned().collect();
    assert!(names.len() >= 17, "{ours:?}");
    let Ok(output) = Command::new("ls")
        .args(["-ld", "--color=always", "--"])
        .args(&names)
        .current_dir(env.root())
        .env("LS_COLORS", &value)
        .output()
    else {
        eprintln!("skipped: GNU ls is not installed");
        return;
    };
    assert_eq!(ours, detail_colors(&output.stdout), "LS_COLORS={value}");
    // The link to nothing: its name in `or`, its target in `mi`.
    assert_eq!(ours.get("broken"), Some(&(Some(17), Some(27))));
}
