//! `--progress`: a status line on the terminal that never sticks to a result, an error
//! message, or the rows a resized window reflows it into, and never lands in the
//! scrollback.

use std::process::Stdio;
use std::time::Duration;

use super::pty::Terminal;
use crate::testenv::*;

/// Directories with long names (so that the status line, which shows one, is wide) and
/// enough files that the listing is hundreds of kilobytes: a slow reader keeps pfind
/// walking for a second. Three links back to the root make `-L` report loops as it goes.
fn long_listing() -> TestEnv {
    let env = TestEnv::new();
    for d in 0..25 {
        let dir = format!("directory-with-a-long-name-so-the-status-line-is-wide-{d:03}");
        env.mkdir(&dir);
        for f in 0..160 {
            env.touch(format!(
                "{dir}/file-{f:04}-with-padding-padding-padding.txt"
            ));
        }
        if d % 8 == 0 {
            env.symlink("..", format!("{dir}/back-to-the-root"));
        }
    }
    env
}

#[test]
fn progress_line_never_sticks_to_results_errors_or_a_resized_window() {
    let env = long_listing();
    let piped = env.run(["-L", "--color", "never"]);
    let mut want = piped.strings();
    want.extend(piped.stderr().lines().map(str::to_owned));
    want.sort();
    assert!(
        piped.stderr().contains("filesystem loop"),
        "{}",
        piped.context()
    );

    let args = ["-L", "--progress", "--color", "never", "-j", "2"];
    let mut term = Terminal::spawn(&env, &args, (120, 40), &[]);
    // The window shrinks under a status line cut for 120 columns. (Not in the middle
    // of drawing one: a terminal resized between two bytes of one write is a race no
    // program can win.)
    term.resize_when(40, 40, |screen| {
        screen.at_rest_at_line_start() && screen.cursor_line().contains("entries/s")
    });
    while term.read_some(1024) {
        std::thread::sleep(Duration::from_millis(2));
    }
    let status = term.finish();
    assert_eq!(status.code(), Some(2), "{}", term.context());

    let mut shown = term.screen.lines();
    let last = shown.pop();
    assert_eq!(last.as_deref(), Some(""), "a status line is left on screen");
    shown.sort();
    let stale: Vec<&String> = shown
        .iter()
        .filter(|l| want.binary_search(l).is_err())
        .collect();
    assert!(
        stale.is_empty() && shown.len() == want.len(),
        "{} lines shown, {} expected; not results or errors: {stale:#?}",
        shown.len(),
        want.len()
    );
    assert!(
        term.resized(),
        "the status line was never seen whole\n{}",
        term.context()
    );
    let statuses: Vec<&String> = term
        .screen
        .erased
        .iter()
        .filter(|l| l.contains(" dirs, "))
        .collect();
    let last_status = statuses.last().expect("the status line was erased");
    let width = last_status.trim_end().chars().count();
    assert!(
        width < 40,
        "after SIGWINCH the status line is still {width} columns wide: {last_status:?}"
    );
}

#[test]
fn progress_line_is_drawn_on_a_terminal_and_erased_when_results_go_to_a_pipe() {
    let env = long_listing();
    // Results into a pipe nobody reads for a while: the walk waits, the status line is
    // drawn on the terminal (stderr), and erased at the end.
    let mut term = Terminal::spawn_with_stdout(&env, &["--progress"], (120, 40), Stdio::piped());
    let reader = term.take_stdout();
    let mut seen = false;
    while !seen && term.read_some(1024) {
        seen = term.screen.cursor_line().contains("entries/s");
    }
    let drain = std::thread::spawn(move || std::io::read_to_string(reader).map(|s| s.len()));
    let status = term.finish();
    assert!(drain.join().is_ok_and(|n| n.is_ok_and(|n| n > 0)));
    assert_eq!(status.code(), Some(0), "{}", term.context());
    assert!(seen, "no status line was drawn\n{}", term.context());
    assert_eq!(term.screen.lines(), [""], "{}", term.context());
    // Drawn in the top-left corner (as after `clear`), erasing it must not copy it into
    // tmux's scrollback at every tick.
    assert_eq!(
        term.screen.history,
        Vec::<String>::new(),
        "{}",
        term.context()
    );
}
