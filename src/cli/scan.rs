//! The command line read once before clap parses it, for the words that clap would
//! read as something else, silently or far from where they were typed:
//! - find's primaries and operators (`find_habits.rs`): `-xtype l` would be `-x type`
//!   and run `type` for every result;
//! - a word glued to `-x` or `-X` (`-xecho`): refused, so that no mistyped option runs
//!   a program (fd's users write `-x cmd`; `--exec=cmd` is still accepted);
//! - fd's `-c WHEN` (`-c always` would count, with `always` as a root) and
//!   `--hyperlink WHEN` with a space (`always` would be a root).
//!
//! Only words where pfind reads an option count: the values of pfind's options, the
//! operands of find's primaries and everything after `--` are someone else's.

use std::ffi::OsString;
use std::path::Path;

use clap::Command;
use pfind::escape::escape;

use super::find_habits::{self, Instead, Operands, Primary};
use super::typed::{value_end, value_option};

/// The values fd's `--color` and pfind's `--hyperlink` take.
const WHEN: [&str; 3] = ["auto", "always", "never"];

/// A mistake found in the arguments.
#[derive(Debug)]
pub struct Mistake {
    /// The index of the first argument it concerns.
    pub at: usize,
    /// The error, without `pfind: `.
    pub message: String,
}

/// The first such mistake in `args`, if any; when it is a find expression, the error
/// names every find word in it.
pub fn mistake(command: &Command, args: &[OsString]) -> Option<Mistake> {
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let at = i;
        let Some(word) = args[i].to_str() else {
            i += 1;
            continue;
        };
        let next = args.get(i + 1).and_then(|next| next.to_str());
        i += 1;
        if word == "--" {
            break;
        }
        let operator = find_habits::is_positional_operator(word);
        let primary = find_habits::lookup(word);
        if let Some(primary) = primary.filter(|p| !operator && is_finds(p, next)) {
            found.push((at, find_habits::describe(word, primary)));
            i = skip_operands(primary, args, i);
            continue;
        }
        if operator && next.is_some() && !exists(word) {
            if let Some(primary) = primary {
                found.push((at, find_habits::describe(word, primary)));
            }
            continue;
        }
        if !word.starts_with('-') || word.len() < 2 || !found.is_empty() {
            // Past a find word, only find's words are looked for.
            continue;
        }
        if let Some(message) = fd_when(word, next) {
            return Some(Mistake { at, message });
        }
        let Some((option, attached)) = value_option(command, word.as_bytes()) else {
            continue;
        };
        if attached && !word.starts_with("--") && option.get_value_terminator().is_some() {
            let short = option.get_short().unwrap_or('x');
            let message = glued_command(word, short);
            return Some(Mistake { at, message });
        }
        if !attached && takes_next(option, next) {
            i = value_end(option, args, i).0;
        }
    }
    let at = found.first()?.0;
    let messages: Vec<String> = found.into_iter().map(|(_, message)| message).collect();
    Some(Mistake {
        at,
        message: messages.join("; "),
    })
}

/// Whether `word` (which the table lists) is find's here: always, unless pfind has the
/// same word, with the same meaning (`-L`), or its own (`-o` is `--owner`, `-d` is
/// `--max-depth`, `-a` is `--absolute-path`), in which case it is find's only when what
/// follows cannot be pfind's reading: nothing where a value is due, or another find word.
fn is_finds(primary: &Primary, next: Option<&str>) -> bool {
    if primary.instead == Instead::Same {
        return false;
    }
    if primary.shared.is_none() {
        return true;
    }
    let next_is_finds = next.is_some_and(|next| {
        find_habits::lookup(next).is_some() || find_habits::is_positional_operator(next)
    });
    let wants_value = primary.find != "-a";
    next_is_finds || (wants_value && next.is_none())
}

/// The index after the operands of a find primary, which start at `args[at]`.
fn skip_operands(primary: &Primary, args: &[OsString], at: usize) -> usize {
    let count = match primary.operands {
        Operands::None => 0,
        Operands::One => 1,
        Operands::Two => 2,
        Operands::Command => {
            let end = args[at..].iter().position(|arg| arg == ";" || arg == "+");
            return end.map_or(args.len(), |end| at + end + 1);
        }
    };
    (at + count).min(args.len())
}

/// Whether clap gives `option` the next argument as its value: not when the option's
/// value must be attached, nor a word starting with `-` unless the option allows it.
fn takes_next(option: &clap::Arg, next: Option<&str>) -> bool {
    match next {
        Some(next) if next.starts_with('-') && next.len() > 1 => {
            option.is_allow_hyphen_values_set() || option.get_value_terminator().is_some()
        }
        Some(_) => !option.is_require_equals_set(),
        None => false,
    }
}

/// fd's `-c WHEN` (pfind's `-c` counts) and `--hyperlink WHEN` (its value goes after
/// `=`), unless a file of that name is there to be a root.
fn fd_when(word: &str, next: Option<&str>) -> Option<String> {
    let when = next.filter(|next| WHEN.contains(next) && !exists(next))?;
    match word {
        "-c" => Some(format!(
            "-c {when}: pfind's -c counts; for fd's -c (color), use --color {when}"
        )),
        "--hyperlink" => Some(format!(
            "--hyperlink {when}: the value goes after '=': --hyperlink={when} \
             (--hyperlink alone is --hyperlink=auto)"
        )),
        _ => None,
    }
}

/// `-xecho`: the command glued to `-x`.
fn glued_command(word: &str, short: char) -> String {
    let shown = escape(word.as_bytes());
    let glued = escape(
        word.split_once(short)
            .map_or("", |(_, rest)| rest)
            .as_bytes(),
    );
    format!(
        "{shown}: -{short} takes the command as the next argument (-{short} {glued} ...); \
         a word glued to -{short} is refused, so that a mistyped option never runs a program"
    )
}

fn exists(word: &str) -> bool {
    Path::new(word).symlink_metadata().is_ok()
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use clap::CommandFactory;

    use super::mistake;
    use crate::cli::Cli;

    fn said(args: &[&str]) -> Option<String> {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        mistake(&Cli::command(), &args).map(|mistake| mistake.message)
    }

    #[test]
    fn find_words_are_caught_where_pfind_reads_options() {
        assert!(said(&[".", "-name", "x"]).is_some_and(|s| s.starts_with("-name: ")));
        assert!(said(&["-type", "f"]).is_some_and(|s| s.contains("-t TYPE")));
        assert!(said(&[".", "-xtype", "l"]).is_some_and(|s| s.starts_with("-xtype: ")));
        // Past the values of pfind's options, -x's command included.
        let s = said(&[".", "-S", "-10k", "-x", "rm", ";", "-perm", "644"]);
        assert!(s.is_some_and(|s| s.starts_with("-perm: ")));
    }

    #[test]
    fn every_find_word_of_an_expression_is_named() {
        let s = said(&[
            ".", "(", "-name", "a", "-o", "-name", "b", ")", "-a", "!", "-type", "d",
        ]);
        let s = s.unwrap_or_default();
        for word in ["(: ", "-name: ", "-o: ", "-a: ", "!: ", "-type: "] {
            assert!(s.contains(word), "{word} in {s}");
        }
        assert!(s.contains("pfind's own -o is --owner"), "{s}");
    }

    #[test]
    fn pfind_words_and_values_are_left_alone() {
        for args in [
            &[".", "-b", "name"][..],
            &[".", "--", "-name"],
            &[".", "--and=-name", "x"],
            &["-x", "echo", "-name", ";", "."],
            &["-X", "ls", "-perm"],
            &["--exec=echo", "x"],
            &[".", "-d", "2", "-o", "root", "-a", "x"],
            &[".", "-L", "x"],
            &[".", "x", "!"],
            &["-c", "x"],
        ] {
            assert_eq!(said(args), None, "{args:?}");
        }
    }

    #[test]
    fn shared_words_are_finds_only_where_pfind_cannot_mean_them() {
        assert!(said(&[".", "-d"]).is_some_and(|s| s.contains("--max-depth N")));
        assert!(said(&[".", "x", "-o"]).is_some());
        assert_eq!(said(&[".", "x", "-a"]), None);
    }

    #[test]
    fn a_command_glued_to_x_is_refused() {
        for word in ["-xecho", "-Xecho", "-bxecho", "-x=echo"] {
            let s = said(&[".", word, "l"]).unwrap_or_default();
            assert!(s.contains("next argument"), "{word}: {s}");
        }
    }

    #[test]
    fn fd_when_words() {
        assert!(said(&["-c", "always"]).is_some_and(|s| s.contains("--color always")));
        assert!(said(&["--hyperlink", "never"]).is_some_and(|s| s.contains("--hyperlink=never")));
        assert_eq!(said(&["--hyperlink=never"]), None);
    }
}
