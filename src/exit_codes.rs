//! Exit statuses, in one place (documented under EXIT STATUS in `--help`, the man page
//! and the README, all rendered from [`STATUSES`]). Like grep: an error wins over
//! "found" and "not found".

use std::process::ExitCode;

/// At least one result was printed (or counted).
pub const FOUND: u8 = 0;
/// The walk completed without errors and nothing matched.
pub const NOT_FOUND: u8 = 1;
/// Something went wrong: a bad argument, an unreadable entry or root, a write error.
pub const ERROR: u8 = 2;
/// Interrupted by SIGINT: what a shell reports for a process the signal ended
/// (128 + 2), listed so that scripts know to expect it.
pub const INTERRUPTED: u8 = 130;

/// One documented exit status.
pub struct Status {
    /// The value the process exits with.
    pub code: u8,
    /// What it means, as one sentence for `--help` and the man page.
    pub meaning: &'static str,
}

/// Every exit status pfind uses, for the documentation.
pub const STATUSES: [Status; 4] = [
    Status {
        code: FOUND,
        meaning: "at least one path was printed",
    },
    Status {
        code: NOT_FOUND,
        meaning: "nothing matched (and no error occurred)",
    },
    Status {
        code: ERROR,
        meaning: "an error occurred: bad arguments, an unreadable directory or root, a \
                  failed write; the walk still goes on and prints every path it can read",
    },
    Status {
        code: INTERRUPTED,
        meaning: "interrupted (SIGINT)",
    },
];

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
