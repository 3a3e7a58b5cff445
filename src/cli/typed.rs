//! The command line as it was typed, kept so that a hint can suggest a corrected
//! command that repeats the user's own flags (`pfind -b -g '*.rs'` gets `pfind -b -g .
//! '*.rs'`, not `pfind . '*.rs'`), and shell quoting for showing it.

use std::ffi::OsString;

use clap::{Arg, Command};

/// The arguments as typed (program name excluded), and which of them are the
/// positional ROOT/QUERY arguments.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    args: Vec<OsString>,
    positionals: Vec<usize>,
}

impl Typed {
    /// Classifies `args`, which `command` has parsed successfully.
    pub fn new(command: &Command, args: Vec<OsString>) -> Typed {
        let positionals = positional_indices(command, &args);
        Typed { args, positionals }
    }

    /// The positional arguments, in order.
    pub fn positionals(&self) -> impl Iterator<Item = &OsString> {
        self.positionals.iter().map(|&i| &self.args[i])
    }

    /// The command line with the positional arguments replaced by `positionals` (at
    /// the place of the first one, or at the end) and `flags` added in front, as one
    /// line a shell would run: `pfind -b -g . '*.rs'`.
    pub fn suggest(&self, flags: &[&str], positionals: &[&OsString]) -> String {
        let mut words: Vec<Vec<u8>> = vec![b"pfind".to_vec()];
        words.extend(flags.iter().map(|flag| flag.as_bytes().to_vec()));
        let at = self.positionals.first().copied().unwrap_or(self.args.len());
        for (i, arg) in self.args.iter().enumerate() {
            if i == at {
                words.extend(positionals.iter().map(|p| p.as_encoded_bytes().to_vec()));
            }
            if !self.positionals.contains(&i) {
                words.push(arg.as_encoded_bytes().to_vec());
            }
        }
        if at == self.args.len() {
            words.extend(positionals.iter().map(|p| p.as_encoded_bytes().to_vec()));
        }
        let quoted: Vec<String> = words.iter().map(|word| shell_quote(word)).collect();
        quoted.join(" ")
    }
}

/// `word` as a shell reads it back: as is when it holds only safe characters, else in
/// single quotes. Bytes a terminal must not see are escaped (the command is shown, and
/// such a name cannot be typed back anyway).
pub fn shell_quote(word: &[u8]) -> String {
    let safe = |b: &u8| b.is_ascii_alphanumeric() || b"_-./=:,+@%^".contains(b);
    let shown = pfind::escape::escape(word);
    if !word.is_empty() && word.iter().all(safe) {
        shown
    } else {
        format!("'{}'", shown.replace('\'', r"'\''"))
    }
}

/// The option in `arg` that takes a value, by clap's rules for `command`, and whether
/// the value is attached to it (`--opt=v`, `-ov`, `-bov`) rather than the next argument.
/// In a cluster of short flags the first that takes a value takes the rest of the
/// cluster. `None` for a flag, a cluster of flags, or an option clap does not know.
pub fn value_option<'c>(command: &'c Command, arg: &[u8]) -> Option<(&'c Arg, bool)> {
    let takes_value = |option: &&Arg| option.get_action().takes_values();
    if let Some(long) = arg.strip_prefix(b"--") {
        let (name, attached) = match long.iter().position(|&b| b == b'=') {
            Some(at) => (&long[..at], true),
            None => (long, false),
        };
        let option = command
            .get_arguments()
            .find(|o| o.get_long().is_some_and(|l| l.as_bytes() == name))
            .filter(takes_value)?;
        return Some((option, attached));
    }
    if arg.len() < 2 || arg[0] != b'-' {
        return None;
    }
    for (at, &c) in arg.iter().enumerate().skip(1) {
        let short = command
            .get_arguments()
            .find(|o| o.get_short() == Some(c as char))?;
        if takes_value(&short) {
            return Some((short, at + 1 < arg.len()));
        }
    }
    None
}

/// What an argument is to clap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A ROOT or the QUERY.
    Positional,
    /// An option (or a cluster of short flags), with its values complete.
    Option,
    /// An option whose values run past the last argument: no value after it, or no
    /// terminator after a command (`-x echo` with no `;`).
    OpenOption,
    /// An option's value.
    Value,
    /// The `--` after which everything is positional.
    Separator,
}

/// The role of each of `args`, following clap's rules for `command`: everything after
/// `--` is positional; an option's value (attached, `--opt=v`, `-ov`, or the next
/// argument), and for an option that takes several, every argument up to its
/// terminator, are values.
pub fn roles(command: &Command, args: &[OsString]) -> Vec<Role> {
    let mut roles = Vec::with_capacity(args.len());
    while roles.len() < args.len() {
        let arg = args[roles.len()].as_encoded_bytes();
        if arg == b"--" {
            roles.push(Role::Separator);
            roles.resize(args.len(), Role::Positional);
        } else if arg.len() < 2 || arg[0] != b'-' {
            roles.push(Role::Positional);
        } else if let Some((option, false)) = value_option(command, arg) {
            let at = roles.len() + 1;
            let (end, complete) = value_end(option, args, at);
            roles.push(if complete {
                Role::Option
            } else {
                Role::OpenOption
            });
            roles.resize(end, Role::Value);
        } else {
            roles.push(Role::Option);
        }
    }
    roles
}

/// Where the positional arguments are in `args` (see [`roles`]).
fn positional_indices(command: &Command, args: &[OsString]) -> Vec<usize> {
    let roles = roles(command, args);
    (0..args.len())
        .filter(|&i| roles[i] == Role::Positional)
        .collect()
}

/// The index after the value(s) of `option`, which start at `args[at]` (one value, or
/// every argument up to and with its terminator: `-x CMD ... ;`), and whether they are
/// all there. An option whose value is optional and must be attached
/// (`--hyperlink[=WHEN]`) takes none.
pub fn value_end(option: &Arg, args: &[OsString], at: usize) -> (usize, bool) {
    if option.is_require_equals_set() {
        return (at, true);
    }
    match option.get_value_terminator() {
        Some(terminator) => args[at.min(args.len())..]
            .iter()
            .position(|arg| arg.as_encoded_bytes() == terminator.as_bytes())
            .map_or((args.len(), false), |end| (at + end + 1, true)),
        None => ((at + 1).min(args.len()), at < args.len()),
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use clap::CommandFactory;

    use super::{shell_quote, Typed};
    use crate::cli::Cli;

    fn typed(args: &[&str]) -> Typed {
        Typed::new(&Cli::command(), args.iter().map(OsString::from).collect())
    }

    fn positionals(args: &[&str]) -> Vec<String> {
        let typed = typed(args);
        typed
            .positionals()
            .map(|p| p.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn positionals_are_told_from_option_values() {
        assert_eq!(positionals(&["-b", "-g", "*.rs"]), ["*.rs"]);
        assert_eq!(positionals(&["-d", "2", "src", "x"]), ["src", "x"]);
        assert_eq!(positionals(&["-d2", "src", "-bd", "3", "x"]), ["src", "x"]);
        assert_eq!(
            positionals(&["--and", "x", "src", "--max-depth=2", "x"]),
            ["src", "x"]
        );
        assert_eq!(
            positionals(&["src", "-x", "echo", "{}", ";", "q"]),
            ["src", "q"]
        );
        assert_eq!(
            positionals(&["src", "-S", "-10k", "--", "-q"]),
            ["src", "-q"]
        );
    }

    #[test]
    fn suggestions_keep_the_flags_and_quote_for_the_shell() {
        let dot = OsString::from(".");
        let query = OsString::from("*.rs");
        let typed = typed(&["-b", "-g", "*.rs"]);
        assert_eq!(typed.suggest(&[], &[&dot, &query]), "pfind -b -g . '*.rs'");
        let typed = self::typed(&["src", "*.rs", "-j", "2"]);
        assert_eq!(
            typed.suggest(&["-b", "-g"], &[&dot, &query]),
            "pfind -b -g . '*.rs' -j 2"
        );
        assert_eq!(shell_quote(b"it's"), r"'it'\''s'");
        assert_eq!(shell_quote(b""), "''");
        assert_eq!(shell_quote(b"a\nb"), r"'a\nb'");
    }
}
