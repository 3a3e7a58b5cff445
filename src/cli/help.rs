//! The prose around the options: the text after the option list in `--help` (examples,
//! exit statuses, environment variables) and the same tables for the man page.
//!
//! `-h` stays on one screen: it ends with a pointer to `--help` instead. The examples
//! are a table so that the man page renders them too, and so that a test can check
//! that each of them still parses.

use std::fmt::Write;

use clap::builder::styling::Styles;

use crate::exit_codes;

/// One example command line with what it does.
pub struct Example {
    /// The command, as typed in a shell.
    pub command: &'static str,
    /// What it does, one sentence.
    pub explanation: &'static str,
}

/// The examples shown by `--help` and the man page, most common first.
pub const EXAMPLES: &[Example] = &[
    Example {
        command: "pfind / .py",
        explanation: "Every path under / that contains \".py\".",
    },
    Example {
        command: "pfind",
        explanation: "Everything under the current directory, without a leading \"./\".",
    },
    Example {
        command: "pfind . -b -g '*.rs'",
        explanation: "Files whose name ends in .rs (a glob against the name, like find -name).",
    },
    Example {
        command: "pfind . -e rs -x wc -l",
        explanation: "Count the lines of every .rs file, one wc per file.",
    },
    Example {
        command: "pfind ~ -t d -b node_modules --prune",
        explanation: "Every node_modules directory, without descending into them.",
    },
    Example {
        command: "pfind /etc /usr/share conf",
        explanation: "Search two roots: the last argument is always the query.",
    },
    Example {
        command: "pfind src -0 test | xargs -0 ls -ld",
        explanation: "Hand the results to another command safely, whatever their names.",
    },
];

/// An environment variable pfind reads.
pub struct Variable {
    /// Its name (or names).
    pub name: &'static str,
    /// What it changes, one sentence.
    pub meaning: &'static str,
}

/// The environment variables that change what pfind does, for `--help` and the man
/// page's ENVIRONMENT section.
pub const ENVIRONMENT: &[Variable] = &[
    Variable {
        name: "LS_COLORS",
        meaning: "The colors of names, as for GNU ls: every key ls honours for the types \
                  pfind prints (di, ln, or, ex, su, sg, tw, ow, st, mh, ca, pi, so, bd, cd, \
                  extensions; ln=target). Unset: GNU's default colors.",
    },
    Variable {
        name: "NO_COLOR",
        meaning: "When set and not empty, --color auto does not color.",
    },
    Variable {
        name: "TZ",
        meaning: "The time zone of dates: those given to --changed-within and \
                  --changed-before, and the times -l prints.",
    },
    Variable {
        name: "XDG_CONFIG_HOME, HOME",
        meaning: "Where --gitignore looks for git's global excludes file when \
                  core.excludesFile is not set: $XDG_CONFIG_HOME/git/ignore, else \
                  ~/.config/git/ignore.",
    },
    Variable {
        name: "PFIND_CONFIG_PATH",
        meaning: "A file of default options, one argument per line (blank lines and \
                  lines starting with # are skipped), read before the command line, so \
                  that the command line wins; --no-config leaves it out, and --stats \
                  names it. Unset, no file is read.",
    },
    Variable {
        name: "PFIND_SORT_HOLD_LIMIT",
        meaning: "With --sort, how many bytes of results may wait ahead of the output \
                  (default 64 MiB) before the threads reading ahead wait; for tuning.",
    },
];

/// How to get the completion scripts and the man page (`pfind --generate`, kept out of
/// the option list so that completions never offer it).
pub const GENERATE: &str = "pfind --generate TARGET prints a shell completion script \
     (TARGET: bash, zsh, fish, elvish, powershell) or this manual in roff (man), alone on \
     its command line.";

/// After the options of `-h`.
pub const AFTER_SHORT_HELP: &str =
    "Run 'pfind --help' for every option, examples, exit status, and \
     default options from a file (PFIND_CONFIG_PATH).";

/// Added to `-h` and `--help` when a config file was read.
pub fn config_note(path: &std::path::Path) -> String {
    let shown = pfind::escape::escape(path.as_os_str().as_encoded_bytes());
    format!(
        "Options from {shown} (PFIND_CONFIG_PATH) come before the command line's; \
         --no-config leaves them out."
    )
}

/// Width the hand-formatted text is wrapped at: narrow enough for an 80-column
/// terminal, so that clap never re-wraps it.
const TEXT_WIDTH: usize = 79;

/// After the options of `--help`: the examples and the exit statuses, styled like
/// clap's own headings.
pub fn after_long_help() -> String {
    let header = *Styles::default().get_header();
    let mut text = String::new();
    let _ = writeln!(text, "{header}Examples:{header:#}");
    for example in EXAMPLES {
        let _ = writeln!(text, "  {}", example.command);
        push_wrapped(&mut text, example.explanation, 6);
    }
    let _ = write!(text, "\n{header}Exit status:{header:#}");
    for status in &exit_codes::STATUSES {
        let _ = write!(text, "\n  {:<4} ", status.code);
        let mut meaning = String::new();
        push_wrapped(&mut meaning, status.meaning, 7);
        text.push_str(meaning.trim_start().trim_end_matches('\n'));
    }
    let _ = write!(text, "\n\n{header}Completions and man page:{header:#}\n");
    push_wrapped(&mut text, GENERATE, 2);
    text.pop();
    let _ = write!(text, "\n\n{header}Environment:{header:#}");
    for variable in ENVIRONMENT {
        let _ = writeln!(text, "\n  {}", variable.name);
        push_wrapped(&mut text, variable.meaning, 6);
        text.pop();
    }
    text
}

/// Appends `words` wrapped at [`TEXT_WIDTH`], every line indented by `indent`.
fn push_wrapped(text: &mut String, words: &str, indent: usize) {
    let mut line_len = 0;
    for word in words.split_whitespace() {
        if line_len > 0 && line_len + 1 + word.len() > TEXT_WIDTH {
            text.push('\n');
            line_len = 0;
        }
        if line_len == 0 {
            text.extend(std::iter::repeat_n(' ', indent));
            line_len = indent;
        } else {
            text.push(' ');
            line_len += 1;
        }
        text.push_str(word);
        line_len += word.len();
    }
    text.push('\n');
}

#[cfg(test)]
mod tests {
    use super::{after_long_help, TEXT_WIDTH};

    #[test]
    fn hand_formatted_help_fits_the_text_width() {
        let plain = clap::builder::StyledStr::from(after_long_help()).to_string();
        for line in plain.lines() {
            assert!(line.len() <= TEXT_WIDTH, "too long: {line:?}");
        }
    }
}
