//! The committed shell completions, run in the shells themselves: bash (always there
//! on a Unix CI machine) and fish (skipped, with a note, where it is not installed).

use std::process::Command;

use super::committed;
use crate::testenv::*;

/// What bash's completion offers for the words `words` (the last one being completed),
/// split as bash splits them (`=` is a word of its own), in `env`'s tree. Just after a
/// `=`, bash completes the word `=` itself, with nothing typed: `cur` is then empty.
fn bash_offers(env: &TestEnv, words: &[&str]) -> Vec<String> {
    let (cur, prev) = match words {
        [.., prev, "="] => ("", *prev),
        [.., prev, cur] => (*cur, *prev),
        _ => panic!("two words at least"),
    };
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\n_pfind pfind '{}' '{}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        committed("completions/pfind.bash").display(),
        quoted.join(" "),
        words.len() - 1,
        cur,
        prev,
    );
    let output = Command::new("bash")
        .args(["--norc", "-c", &script])
        .current_dir(env.root())
        .output()
        .expect("run bash");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `pfind --hyperlink <TAB>` completed `always`, which pfind then read as a ROOT
/// (`pfind: always: No such file or directory`): bash offers the values after `=`
/// only, and the next word completes as any ROOT does.
#[cfg(unix)] // Unix-only: runs bash.
#[test]
fn regression_bash_completes_hyperlink_values_after_equals_only() {
    let env = TestEnv::with(&["src"], &[]);
    // Nothing: bash's own file names (`-o default`) complete a ROOT there.
    assert!(bash_offers(&env, &["pfind", "--hyperlink", "al"]).is_empty());
    assert!(!bash_offers(&env, &["pfind", "--hyperlink", ""]).contains(&"always".to_owned()));
    assert_eq!(
        bash_offers(&env, &["pfind", "--hyperlink", "="]),
        ["auto", "always", "never"]
    );
    assert_eq!(
        bash_offers(&env, &["pfind", "--hyperlink", "=", "al"]),
        ["always"]
    );
    // --color still takes its value as the next word, and --generate is no option.
    assert_eq!(bash_offers(&env, &["pfind", "--color", "n"]), ["never"]);
    assert!(!bash_offers(&env, &["pfind", "--gen"]).contains(&"--generate".to_owned()));
}

/// The same in fish.
#[cfg(unix)] // Unix-only: runs fish.
#[test]
fn regression_fish_completes_hyperlink_values_after_equals_only() {
    let env = TestEnv::with(&["src"], &[]);
    let offers = |line: &str| -> Option<String> {
        let script = format!(
            "source '{}'; complete -C '{line}'",
            committed("completions/pfind.fish").display()
        );
        let output = Command::new("fish")
            .args(["--no-config", "-c", &script])
            .current_dir(env.root())
            .output()
            .ok()?;
        Some(String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let Some(after_space) = offers("pfind --hyperlink ") else {
        eprintln!("skipped: fish is not installed");
        return;
    };
    assert!(!after_space.contains("always"), "{after_space}");
    let after_equals = offers("pfind --hyperlink=").unwrap_or_default();
    assert!(
        after_equals.contains("--hyperlink=always"),
        "{after_equals}"
    );
    let options = offers("pfind --gen").unwrap_or_default();
    assert!(!options.contains("--generate"), "{options}");
}

/// `--generate` was offered by every completion script, and `--help` did not mention
/// it: it is no option now (it goes alone on its command line), and `--help` says how
/// to use it.
#[test]
fn regression_generate_is_in_help_not_in_completions() {
    for path in [
        "completions/pfind.bash",
        "completions/_pfind",
        "completions/pfind.fish",
        "completions/pfind.elv",
        "completions/_pfind.ps1",
    ] {
        let script = std::fs::read_to_string(committed(path)).expect(path);
        assert!(!script.contains("generate"), "{path} offers --generate");
    }
    let env = TestEnv::new();
    let help = env.run(["--help"]);
    assert!(String::from_utf8_lossy(help.stdout()).contains("pfind --generate TARGET"));
    for args in [
        &["--generate"][..],
        &[".", "--generate", "bash"],
        &["--generate", "x"],
    ] {
        let run = env.run(args);
        run.expect_code(2);
        assert!(
            run.stderr().starts_with("pfind: --generate"),
            "{}",
            run.context()
        );
    }
    let run = env.run(["--generate=fish"]);
    run.expect_code(0);
    assert!(String::from_utf8_lossy(run.stdout()).contains("complete -c pfind"));
}
