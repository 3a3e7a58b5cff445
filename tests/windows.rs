//! Windows (#15), run here under wine: roots typed with `\` or `/` print with `/`, the
//! options that ask for what Windows files lack are one-line errors, and `--json`
//! keeps a name that is not valid Unicode.

use std::ffi::OsString;
use std::os::windows::ffi::OsStringExt;

use crate::testenv::*;

#[test]
fn roots_take_backslashes_and_slashes_and_print_slashes() {
    let env = TestEnv::with(&["src/walk"], &["src/walk/dir.rs", "src/main.rs"]);
    let want = ["src/main.rs", "src/walk", "src/walk/dir.rs"];
    for root in ["src", "src/", r"src\", r".\src"] {
        let run = env.run([root, ""]);
        run.expect_code(0);
        let shown = root.replace('\\', "/");
        let prefix = if shown.ends_with('/') {
            shown.clone()
        } else {
            format!("{shown}/")
        };
        let want: Vec<String> = want
            .iter()
            .map(|p| format!("{prefix}{}", &p["src/".len()..]))
            .collect();
        assert_eq!(run.strings(), want, "root {root:?}\n{}", run.context());
    }
    // An absolute root, as Windows writes it.
    let absolute = env.path("src").into_os_string();
    let run = env.run([absolute.as_os_str(), "dir".as_ref()]);
    assert_eq!(
        run.strings(),
        [format!("{}/walk/dir.rs", printed(&absolute))],
        "{}",
        run.context()
    );
    // Queries see the printed form: `/` matches across components.
    let run = env.run([r"src\walk", "walk/dir"]);
    assert_eq!(run.strings(), ["src/walk/dir.rs"], "{}", run.context());
}

#[test]
fn options_for_what_windows_files_lack_are_one_line_errors() {
    let env = TestEnv::with(&["d"], &["d/f"]);
    for args in [
        &["--owner", "root", ".", ""][..],
        &["-o", ":0", ".", ""],
        &["-t", "p", ".", ""],
        &["-t", "socket", ".", ""],
        &["-t", "b", ".", ""],
        &["-t", "c", ".", ""],
        &["-t", "x", ".", ""],
        &["-t", "f", "-t", "executable", ".", ""],
    ] {
        let run = env.run(args);
        run.expect_code(2);
        let stderr = run.stderr();
        assert!(run.stdout().is_empty(), "{}", run.context());
        assert_eq!(stderr.lines().count(), 1, "{}", run.context());
        assert!(
            stderr.starts_with("pfind: --owner: ") || stderr.starts_with("pfind: --type "),
            "{}",
            run.context()
        );
        assert!(stderr.contains("this system"), "{}", run.context());
    }
    // What Windows files have still works.
    for letter in ["f", "d", "l", "e"] {
        env.run(["-t", letter, ".", ""])
            .expect_code(if letter == "l" { 1 } else { 0 });
    }
}

#[test]
fn json_keeps_a_name_that_is_not_valid_unicode_as_wtf8_bytes() {
    let env = TestEnv::new();
    // `a`, an unpaired lead surrogate, `b`: a name Windows allows and UTF-8 cannot say.
    let name = OsString::from_wide(&[0x61, 0xD800, 0x62]);
    if std::fs::write(env.path(&name), b"").is_err() {
        eprintln!("skipped: this filesystem takes no unpaired surrogate in a name");
        return;
    }
    let run = env.run(["--json", ".", ""]);
    run.expect_code(0);
    let text = String::from_utf8_lossy(run.stdout()).into_owned();
    // WTF-8: the surrogate as the three bytes UTF-8 would give it (ED A0 80).
    let want = r#"{"path_bytes":[46,47,97,237,160,128,98],"type":"file","depth":1}"#;
    assert_eq!(text.trim_end(), want, "{}", run.context());
}
