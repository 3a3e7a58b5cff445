//! `-h` and `--help`, and `--generate`, which prints the completions and the man page;
//! the committed completion loads in bash and the committed man page renders without
//! troff warnings.

use super::committed;
use crate::testenv::*;

#[test]
fn short_help_points_to_long_help_which_has_examples_and_exit_status() {
    let env = TestEnv::new();
    let short = env.run(["-h"]);
    short.expect_code(0);
    let short = String::from_utf8_lossy(short.stdout()).into_owned();
    assert!(short.contains("pfind --help"), "{short}");
    assert!(!short.contains("Exit status:"), "{short}");

    let long = env.run(["--help"]);
    long.expect_code(0);
    let long = String::from_utf8_lossy(long.stdout()).into_owned();
    for heading in ["Query:", "Filters:", "Output:", "Examples:", "Exit status:"] {
        assert!(long.contains(heading), "no {heading} in:\n{long}");
    }
}

#[test]
fn generate_prints_completions_and_man_page() {
    let env = TestEnv::new();
    for (target, marker) in [
        ("bash", "complete -F _pfind"),
        ("zsh", "#compdef pfind"),
        ("fish", "complete -c pfind"),
        ("elvish", "edit:completion:arg-completer[pfind]"),
        ("powershell", "Register-ArgumentCompleter"),
        ("man", ".TH pfind 1"),
    ] {
        let run = env.run(["--generate", target]);
        run.expect_code(0);
        let text = String::from_utf8_lossy(run.stdout());
        assert!(text.contains(marker), "{}", run.context());
    }
}

#[cfg(unix)] // Unix-only: loads the completion in bash.
#[test]
fn committed_bash_completion_loads() {
    let script = format!(
        "source '{}' && complete -p pfind",
        committed("completions/pfind.bash").display()
    );
    let output = std::process::Command::new("bash")
        .args(["--norc", "-c", &script])
        .output()
        .expect("run bash");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("_pfind pfind"),
        "stdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `man` exits 0 even when troff warns, so the warnings themselves are the test. Skipped
/// (with a note) where man-db is not installed; CI installs it.
#[test]
fn committed_man_page_renders_without_warnings() {
    let page = committed("doc/pfind.1");
    let output = match std::process::Command::new("man")
        .args(["--warnings", "-l"])
        .arg(&page)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
    {
        Ok(output) => output,
        Err(err) => {
            eprintln!("skipped: cannot run man ({err}); install man-db");
            return;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.is_empty(),
        "man --warnings -l {}:\n{stderr}",
        page.display()
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("EXIT STATUS"));
}
