//! The command line as it was typed, kept so that a hint can suggest a corrected
//! command that repeats the user's own flags (`pfind -b -g '*.rs'` gets `pfind -b -g .
//! '*.rs'`, not `pfind . '*.rs'`), and shell quoting for showing it.

use std::ffi::OsString;

use clap::Command;

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

/// Where the positional arguments are in `args`, following clap's rules for `command`:
/// everything after `--`; an option's value (attached, `--opt=v`, `-ov`, or the next
/// argument), and for an option that takes several, every argument up to its
/// terminator, are not positional.
fn positional_indices(command: &Command, args: &[OsString]) -> Vec<usize> {
    let mut positionals = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_encoded_bytes();
        i += 1;
        if arg == b"--" {
            positionals.extend(i..args.len());
            break;
        }
        let option = if let Some(long) = arg.strip_prefix(b"--") {
            if long.contains(&b'=') {
                None
            } else {
                command
                    .get_arguments()
                    .find(|o| o.get_long().is_some_and(|l| l.as_bytes() == long))
            }
        } else if arg.len() > 1 && arg[0] == b'-' {
            // A cluster of short flags: the first that takes a value takes the rest of
            // the cluster, or the next argument when nothing is left.
            let mut takes_next = None;
            for (at, &c) in arg.iter().enumerate().skip(1) {
                let short = command
                    .get_arguments()
                    .find(|o| o.get_short() == Some(c as char));
                if short.is_some_and(|o| o.get_action().takes_values()) {
                    takes_next = (at + 1 == arg.len()).then_some(short).flatten();
                    break;
                }
            }
            takes_next
        } else {
            positionals.push(i - 1);
            continue;
        };
        let Some(option) = option.filter(|o| o.get_action().takes_values()) else {
            continue;
        };
        match option.get_value_terminator() {
            Some(terminator) => {
                while i < args.len() {
                    i += 1;
                    if args[i - 1].as_encoded_bytes() == terminator.as_bytes() {
                        break;
                    }
                }
            }
            None => i += 1,
        }
    }
    positionals
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
