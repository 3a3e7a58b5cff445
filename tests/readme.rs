//! The README's examples on `fixtures/sample`, run and compared with what the README
//! says they print.
//!
//! In a README code block marked `console`, a line starting with `$ ` is a command and
//! the lines after it, up to the next command or the end of the block, are what it
//! prints. A command that names `fixtures/sample` is run (without a shell) from the
//! package root; its stdout must be those lines, in that order with `--sort`, in any
//! order without (the walk is parallel), its stderr empty and its status 0 (1 when the
//! README shows no output). Any other command is only an illustration and must show no
//! output, so the README never shows output that no test checks.
//!
//! This is its own test target, not a module of tests/tests.rs: it needs the checkout's
//! fixture tree, which the published crate leaves out (see `include` in Cargo.toml).
//! `PFIND_README_BINARY=/path/to/pfind` runs that binary instead of the one cargo built:
//! .ci/package-check runs the examples with the binary unpacked from the .deb.
//!
//! Unix only: `fixtures/sample` holds a symbolic link (`run.py`), which a Windows
//! checkout (and wine) makes a plain file, so the examples print otherwise there.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The tree the examples walk, relative to the package root.
const SAMPLE: &str = "fixtures/sample";

/// Fewer run examples than this means the README's blocks were not read as intended.
const MIN_EXAMPLES: usize = 5;

/// One `$ ` line of a console block and the output shown under it.
struct Example {
    /// 1-based line of the command in README.md.
    line: usize,
    command: String,
    output: Vec<String>,
}

/// Every command of the README's console blocks, with the output shown under it.
fn examples(readme: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_console = false;
    // Whether the last example is in the current block (output may follow it).
    let mut open = false;
    for (index, line) in readme.lines().enumerate() {
        if let Some(info) = line.strip_prefix("```") {
            in_console = !in_console && info.trim() == "console";
            open = false;
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            examples.push(Example {
                line: index + 1,
                command: command.to_owned(),
                output: Vec::new(),
            });
            open = true;
            continue;
        }
        match examples.last_mut() {
            Some(example) if open => example.output.push(line.to_owned()),
            _ => panic!("README.md:{}: output before any `$ ` command", index + 1),
        }
    }
    examples
}

/// Splits a command line into words as a shell would for plain commands: blanks
/// separate words, `'...'` and `"..."` quote, `\` escapes one character, a word
/// starting with `#` begins a comment. Pipes, redirections, variables and the like are
/// refused: a run example is a single pfind command.
fn split_words(command: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => words.extend(word.take()),
            '#' if word.is_none() => break,
            '\'' | '"' => {
                let word = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some(other) => word.push(other),
                        None => return Err(format!("unclosed {c}")),
                    }
                }
            }
            '\\' => match chars.next() {
                Some(escaped) => word.get_or_insert_with(String::new).push(escaped),
                None => return Err("a trailing \\".to_owned()),
            },
            '|' | '&' | ';' | '<' | '>' | '$' | '`' | '(' | ')' | '*' | '?' | '[' => {
                return Err(format!("unquoted {c:?}: not a plain command"))
            }
            _ => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

fn package_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary under test: PFIND_README_BINARY if set, else the one cargo built.
fn pfind_binary() -> PathBuf {
    match std::env::var_os("PFIND_README_BINARY") {
        Some(path) => {
            let path = PathBuf::from(path);
            assert!(
                path.is_file(),
                "PFIND_README_BINARY={}: no such file",
                path.display()
            );
            path
        }
        None => PathBuf::from(env!("CARGO_BIN_EXE_pfind")),
    }
}

/// Runs one example; `Err` says how its result differs from the README.
fn check(example: &Example, pfind: &Path, home: &Path) -> Result<(), String> {
    let words = split_words(&example.command)?;
    let (program, args) = words.split_first().ok_or("an empty command")?;
    if program != "pfind" {
        return Err(format!("runs {program}, not pfind"));
    }
    let mut command = Command::new(pfind);
    command
        .args(args)
        .current_dir(package_root())
        .stdin(Stdio::null())
        // No global gitignore of the user running the tests.
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home);
    for var in [
        "LS_COLORS",
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "COLUMNS",
        "PFIND_THREADS",
    ] {
        command.env_remove(var);
    }
    let result = command
        .output()
        .map_err(|err| format!("cannot run: {err}"))?;

    let stdout = String::from_utf8_lossy(&result.stdout);
    let mut printed: Vec<&str> = stdout.lines().collect();
    let mut shown: Vec<&str> = example.output.iter().map(String::as_str).collect();
    if !args.iter().any(|arg| arg == "--sort") {
        printed.sort_unstable();
        shown.sort_unstable();
    }
    let want_status = if shown.is_empty() { 1 } else { 0 };
    if printed != shown || !result.stderr.is_empty() || result.status.code() != Some(want_status) {
        return Err(format!(
            "the README shows (exit status: {want_status}):\n{}\npfind printed ({}):\n{}\nstderr:\n{}",
            shown.join("\n"),
            result.status,
            printed.join("\n"),
            String::from_utf8_lossy(&result.stderr)
        ));
    }
    Ok(())
}

fn readme() -> String {
    std::fs::read_to_string(package_root().join("README.md")).expect("read README.md")
}

#[test]
fn readme_examples_on_the_sample_tree_print_what_the_readme_shows() {
    let pfind = pfind_binary();
    let home = tempfile::tempdir().expect("tempdir");
    let mut failures = Vec::new();
    let mut ran = 0;
    for example in examples(&readme()) {
        if !example.command.contains(SAMPLE) {
            continue;
        }
        ran += 1;
        if let Err(why) = check(&example, &pfind, home.path()) {
            failures.push(format!(
                "README.md:{}: $ {}\n{why}",
                example.line, example.command
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "with {}:\n\n{}",
        pfind.display(),
        failures.join("\n\n")
    );
    assert!(
        ran >= MIN_EXAMPLES,
        "only {ran} examples on {SAMPLE} found in README.md's console blocks"
    );
}

#[test]
fn readme_shows_output_only_for_examples_that_are_run() {
    let unchecked: Vec<String> = examples(&readme())
        .into_iter()
        .filter(|example| !example.command.contains(SAMPLE) && !example.output.is_empty())
        .map(|example| format!("README.md:{}: $ {}", example.line, example.command))
        .collect();
    assert!(
        unchecked.is_empty(),
        "these commands show output that no test checks (run them on {SAMPLE}, or show \
         no output):\n{}",
        unchecked.join("\n")
    );
}

#[test]
fn the_sample_tree_has_what_the_examples_rely_on() {
    let sample = package_root().join(SAMPLE);
    let link = std::fs::symlink_metadata(sample.join("run.py")).expect("fixtures/sample/run.py");
    assert!(
        link.file_type().is_symlink(),
        "fixtures/sample/run.py is not a symlink (a checkout without symlinks?)"
    );
    for path in [".gitignore", ".hooks", "app/__pycache__", "build/lib"] {
        assert!(sample.join(path).exists(), "{SAMPLE}/{path} is missing");
    }
}

#[test]
fn example_commands_split_like_a_shell() {
    let split = |command: &str| split_words(command).map(|words| words.join("|"));
    assert_eq!(
        split(r#"pfind fixtures/sample -g '*.rs' --format "{/} in {//}"  # a comment"#),
        Ok("pfind|fixtures/sample|-g|*.rs|--format|{/} in {//}".to_owned())
    );
    assert_eq!(split(r"pfind a\ b ''"), Ok("pfind|a b|".to_owned()));
    assert_eq!(split("pfind x#y"), Ok("pfind|x#y".to_owned()));
    assert!(split("pfind . | head").is_err());
    assert!(split("pfind *.rs").is_err());
    assert!(split("pfind 'open").is_err());
}

#[test]
fn console_blocks_are_read_command_by_command() {
    let text = "```console\n$ pfind a\nx\ny\n$ pfind b\n```\n$ not code\n```sh\n$ no\n```\n";
    let found: Vec<(usize, String, Vec<String>)> = examples(text)
        .into_iter()
        .map(|example| (example.line, example.command, example.output))
        .collect();
    assert_eq!(
        found,
        [
            (
                2,
                "pfind a".to_owned(),
                vec!["x".to_owned(), "y".to_owned()]
            ),
            (5, "pfind b".to_owned(), vec![]),
        ]
    );
}
