//! Exit statuses, in one place (documented under EXIT STATUS in `--help`, the man page
//! and the README). Like grep: an error wins over "found" and "not found".

use std::process::ExitCode;

/// At least one result was printed (or counted).
pub const FOUND: u8 = 0;
/// The walk completed without errors and nothing matched.
pub const NOT_FOUND: u8 = 1;
/// Something went wrong: a bad argument, an unreadable entry or root, a write error,
/// a command (`-x`/`-X`) that failed or could not start, a search cut short by
/// `--max-time`.
pub const ERROR: u8 = 2;
/// Interrupted by SIGINT.
pub const INTERRUPTED: u8 = 130;

/// The exit status for a finished search.
pub fn for_search(found: bool, had_errors: bool) -> ExitCode {
    ExitCode::from(if had_errors {
        ERROR
    } else if found {
        FOUND
    } else {
        NOT_FOUND
    })
}

/// The EXIT STATUS text shared by `--help` and the man page.
pub const HELP: &str = "\
Exit status:
  0    at least one path was printed
  1    nothing matched (and no error occurred)
  2    an error occurred: bad arguments, an unreadable directory or root, a failed
       write, a command run by -x/-X that failed or could not start, a search cut
       short by --max-time; the walk still goes on and prints every path it can read
  With -q: 0 as soon as something matches (errors or not), else 1 or 2.
  130  interrupted (SIGINT)";
