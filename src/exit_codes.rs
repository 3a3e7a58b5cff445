//! Exit statuses, in one place (documented under EXIT STATUS in `--help`, the man page
//! and the README, all rendered from [`STATUSES`]). Like grep: an error wins over
//! "found" and "not found".

/// At least one result was printed (or counted).
pub const FOUND: u8 = 0;
/// The walk completed without errors and nothing matched.
pub const NOT_FOUND: u8 = 1;
/// Something went wrong: a bad argument, an unreadable entry or root, a write error,
/// a command (`-x`/`-X`) that failed or could not start, a search cut short by
/// `--max-time`.
pub const ERROR: u8 = 2;
/// Stopped by a signal: 128 + its number, what a shell reports for a process the
/// signal ended, listed so that scripts know to expect it. SIGHUP (1): 129.
pub const HUNG_UP: u8 = 129;
/// SIGINT (2, Ctrl-C): 130.
pub const INTERRUPTED: u8 = 130;
/// SIGTERM (15): 143.
pub const TERMINATED: u8 = 143;

/// One documented exit status.
pub struct Status {
    /// The value the process exits with.
    pub code: u8,
    /// What it means, as one sentence for `--help` and the man page.
    pub meaning: &'static str,
}

/// Every exit status pfind uses, for the documentation.
pub const STATUSES: [Status; 6] = [
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
                  failed write, a command run by -x/-X that failed or could not start, a \
                  search cut short by --max-time; the walk still goes on and prints every \
                  path it can read (with -q, a match still exits 0)",
    },
    Status {
        code: HUNG_UP,
        meaning: "stopped by SIGHUP (the terminal closed); results printed so far are whole, \
                  and the commands of -x/-X are stopped",
    },
    Status {
        code: INTERRUPTED,
        meaning: "interrupted (SIGINT, Ctrl-C), likewise",
    },
    Status {
        code: TERMINATED,
        meaning: "stopped by SIGTERM, likewise",
    },
];

/// The exit status for a finished search.
pub fn for_search(found: bool, had_errors: bool) -> u8 {
    if had_errors {
        ERROR
    } else if found {
        FOUND
    } else {
        NOT_FOUND
    }
}
