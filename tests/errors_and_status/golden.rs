//! One error style: every mistake on the command line is one line, `pfind: SUBJECT:
//! reason`, in the same voice. The lines are golden (fixtures/golden/errors.txt): a
//! change of wording shows in review. `PFIND_BLESS=1` rewrites the file from what
//! pfind prints now.

use crate::testenv::*;

/// The command lines, run in an empty tree with `TZ=UTC`.
const COMMANDS: &[&[&str]] = &[
    // Issue 23 item 10: one voice for files given to options, depths, requirements.
    &["--ignore-file", "nope"],
    &["--newer", "nope"],
    &["--json-fields", "size"],
    &["-d", "-1"],
    &["-d", "epth"],
    &["--min-depth", "3", "-d", "1"],
    &["--max-time", "0"],
    &["--max-results", "x"],
    &["-j", "0"],
    &["-t", "z"],
    &["-t", "exe"],
    &["--color", "bogus"],
    &["-S", "10q"],
    &["-c", "--sort"],
    &["-x"],
    &["--bogus"],
    &["--basenme"],
    // Item 6: fd's flags that mean something else here, and suggestions that pointed
    // to the opposite or to nothing.
    &["-c", "always"],
    &["-c", "never", "x"],
    &["--show-errors"],
    &["--no-require-git"],
    &["--require-git"],
    &["--exact"],
    &["--ignore-contain", "x"],
    &["-C", "src"],
    &["--gen-completions"],
    &["--batch-size", "3"],
    &["--path-separator", "x"],
    // Item 5: --hyperlink's value goes after '='.
    &["--hyperlink", "always"],
    // Item 9 and issue 20: one duration grammar; a date out of range says so.
    &["--changed-within", "2"],
    &["--max-time", "1.5d"],
    &["--changed-within", "1d ago"],
    &["--changed-within", "9999-12-31"],
    &["--changed-before", "yesterday"],
];

const GOLDEN: &str = "fixtures/golden/errors.txt";

#[test]
fn every_command_line_error_is_one_golden_line() {
    let env = TestEnv::new();
    let mut transcript = String::new();
    for args in COMMANDS {
        let mut cmd = env.pfind(args.iter());
        let run = Run::of(cmd.env("TZ", "UTC"), &env);
        run.expect_code(2);
        assert!(run.stdout().is_empty(), "{}", run.context());
        let stderr = run.stderr();
        assert_eq!(stderr.lines().count(), 1, "{}", run.context());
        let shown: Vec<String> = args.iter().map(|a| shell_word(a)).collect();
        transcript.push_str(&format!("$ pfind {}\n{stderr}", shown.join(" ")));
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(GOLDEN);
    if std::env::var_os("PFIND_BLESS").is_some() {
        std::fs::write(&path, &transcript).expect("write the golden file");
        return;
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        golden == transcript,
        "{GOLDEN} is out of date; if the change is intended, rewrite it with \
         `PFIND_BLESS=1 cargo test --test tests errors_and_status::golden` and review \
         the diff.\n\
         --- committed\n{golden}\n--- now\n{transcript}"
    );
}

fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.=_".contains(&b))
    {
        word.to_owned()
    } else {
        format!("'{word}'")
    }
}
