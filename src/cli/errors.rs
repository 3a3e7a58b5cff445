//! clap's errors in pfind's voice: one line, `SUBJECT: reason`, like every other error
//! pfind prints (`pfind: PATH: reason`). The subject is the option with the value as
//! typed (`--max-depth epth`, `--color bogus`), or the argument clap did not know; the
//! reason is the value parser's own message, the values allowed, or what pfind does
//! instead of fd's flag. Names and values are escaped and shell-quoted: a newline in a
//! value never starts a second line.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use pfind::escape::escape;

use super::fd_habits;
use super::typed::shell_quote;

/// The one line (without `pfind: `) for a command-line error.
pub fn one_line(err: &clap::Error) -> String {
    let arg = string(err, ContextKind::InvalidArg).unwrap_or_default();
    // clap names an option with its value's placeholder: `--max-depth <N>`.
    let (name, placeholder) = match arg.split_once([' ', '[']) {
        Some((name, rest)) => (name, rest.trim_matches(['<', '>', '[', ']', '=', '.'])),
        None => (arg, ""),
    };
    let name = name.split_once('=').map_or(name, |(name, _)| name);
    let value = string(err, ContextKind::InvalidValue).unwrap_or_default();
    let subject = if value.is_empty() {
        escape(name.as_bytes())
    } else {
        format!(
            "{} {}",
            escape(name.as_bytes()),
            shell_quote(value.as_bytes())
        )
    };
    let reason = match err.kind() {
        ErrorKind::UnknownArgument => unknown(err, name),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation if value.is_empty() => {
            format!("needs a value ({placeholder})")
        }
        ErrorKind::InvalidValue => {
            let valid = strings(err, ContextKind::ValidValue).unwrap_or_default();
            match string(err, ContextKind::SuggestedValue) {
                Some(similar) => {
                    format!("not one of {} (a similar one: {similar})", valid.join(", "))
                }
                None => format!("not one of {}", valid.join(", ")),
            }
        }
        ErrorKind::ValueValidation => match std::error::Error::source(err) {
            Some(reason) => escape(reason.to_string().as_bytes()),
            None => "not a valid value".to_owned(),
        },
        ErrorKind::ArgumentConflict => match string(err, ContextKind::PriorArg) {
            Some(prior) => format!("cannot be used with {}", escape(prior.as_bytes())),
            None => "cannot be used with another option given".to_owned(),
        },
        ErrorKind::NoEquals => format!("the value goes after '=': {name}=VALUE"),
        _ => return clap_reason(err),
    };
    format!("{subject}: {reason}")
}

/// Why `name` is not an option: fd's flag and what pfind does instead, a similar
/// option (never one meaning the opposite), or how to pass it as a ROOT or QUERY.
fn unknown(err: &clap::Error, name: &str) -> String {
    if let Some(instead) = fd_habits::instead_of(name) {
        return format!("fd's option; {instead}");
    }
    if name == "--generate" {
        return "goes alone: pfind --generate TARGET".to_owned();
    }
    let similar =
        string(err, ContextKind::SuggestedArg).filter(|similar| negated(similar) == negated(name));
    match similar {
        Some(similar) => format!("no such option (a similar one: {similar})"),
        None => format!(
            "no such option (a ROOT or QUERY starting with '-' goes after --: pfind -- {})",
            shell_quote(name.as_bytes())
        ),
    }
}

/// Whether a long option says "not" (`--no-errors`, `--not`), so that clap's
/// suggestion of `--no-errors` for fd's `--show-errors` is not made.
fn negated(option: &str) -> bool {
    option.starts_with("--no-") || option == "--not"
}

fn string(err: &clap::Error, kind: ContextKind) -> Option<&str> {
    match err.get(kind) {
        Some(ContextValue::String(text)) => Some(text),
        Some(ContextValue::Strings(texts)) => texts.first().map(String::as_str),
        _ => None,
    }
}

fn strings(err: &clap::Error, kind: ContextKind) -> Option<&[String]> {
    match err.get(kind) {
        Some(ContextValue::Strings(texts)) => Some(texts),
        _ => None,
    }
}

/// clap's own reason, for the kinds pfind does not word itself: its first paragraph
/// (`error: REASON`, continued on indented lines) on one line, escaped.
fn clap_reason(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let reason = rendered.split("\n\n").next().unwrap_or_default();
    let reason = reason.strip_prefix("error: ").unwrap_or(reason);
    let joined: Vec<&str> = reason.trim().lines().map(str::trim).collect();
    escape(joined.join(" ").as_bytes())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use crate::cli::Cli;

    fn error(args: &[&str]) -> String {
        let args = std::iter::once("pfind").chain(args.iter().copied());
        let err = Cli::command().try_get_matches_from(args).unwrap_err();
        super::one_line(&err)
    }

    #[test]
    fn errors_read_subject_then_reason() {
        assert_eq!(
            error(&["--color", "bo\ngus"]),
            r"--color 'bo\ngus': not one of auto, always, never"
        );
        assert_eq!(
            error(&["--basenme"]),
            "--basenme: no such option (a similar one: --basename)"
        );
        assert_eq!(
            error(&["-c", "--sort"]),
            "--count: cannot be used with --sort"
        );
        assert_eq!(error(&["-x"]), "--exec: needs a value (CMD)");
        assert!(error(&["--bogus\nx"]).starts_with(r"--bogus\nx: no such option"));
    }

    #[test]
    fn similar_values_are_suggested() {
        assert!(error(&["-t", "exe"]).ends_with("(a similar one: executable)"));
    }

    #[test]
    fn no_suggestion_of_the_opposite() {
        assert!(error(&["--show-errors"]).contains("pfind shows errors by default"));
        let said = error(&["--no-such-thing"]);
        assert!(said.contains("no such option (a ROOT"), "{said}");
        assert!(!error(&["--no-hiden"]).contains("goes after --"));
    }
}
