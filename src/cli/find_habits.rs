//! Catches find's spelling (`-name x`, `-type f`, `-print0`, ...) before clap parses,
//! and answers with pfind's spelling instead of a confusing error.
//!
//! Checked on the raw arguments because clap would read `-type` as `-t ype` and
//! `-exec` as `-e xec`: some habits would fail far from where they were typed, and
//! some would even parse. Only whole arguments equal to a find primary count, and the
//! scan stops at `--` and at any option that takes hyphenated values (a command to
//! run), whose arguments belong to someone else.

use std::ffi::OsString;

/// A find primary and how pfind spells it.
pub struct Habit {
    /// find's spelling, e.g. `-name`.
    pub find: &'static str,
    /// pfind's, e.g. `-b NAME`.
    pub pfind: &'static str,
}

/// find primaries people type out of habit. Primaries that pfind spells the same way
/// (`-L`) are not here. Some would even parse as pfind's short options and silently
/// match nothing (`-empty` as `-e mpty`, `-group` as `-g -r -o up`).
pub const HABITS: &[Habit] = &[
    habit("-name", "-b NAME (or -b -g 'GLOB' for a glob)"),
    habit("-iname", "-b -i NAME"),
    habit("-path", "QUERY (a substring; -g 'GLOB' for a glob)"),
    habit("-ipath", "-i QUERY"),
    habit("-wholename", "QUERY (a substring; -g 'GLOB' for a glob)"),
    habit("-regex", "-r REGEX"),
    habit("-iregex", "-r -i REGEX"),
    habit("-type", "-t TYPE"),
    habit("-maxdepth", "-d N"),
    habit("-mindepth", "--min-depth N"),
    habit("-mtime", "--changed-within DURATION"),
    habit("-mmin", "--changed-within DURATION"),
    habit("-newer", "--newer FILE"),
    habit("-newermt", "--changed-within DATE"),
    habit("-empty", "-t empty"),
    habit("-executable", "-t executable"),
    habit("-user", "-o USER"),
    habit("-group", "-o :GROUP"),
    habit("-printf", "--format TEMPLATE"),
    habit("-ls", "-l"),
    habit("-quit", "-1"),
    habit("-size", "-S SIZE"),
    habit("-print0", "-0"),
    habit("-print", "nothing: pfind prints every match"),
    habit("-exec", "-x COMMAND (or -X COMMAND for find's '{} +')"),
    habit("-execdir", "-x COMMAND"),
    habit("-follow", "-L"),
    habit("-xdev", "--one-file-system"),
    habit("-mount", "--one-file-system"),
    habit("-prune", "--prune"),
    habit("-not", "--not QUERY"),
    habit("-and", "--and QUERY"),
    habit("-or", "--or QUERY"),
    habit("-delete", "-0 ... | xargs -0 rm (pfind never deletes)"),
];

const fn habit(find: &'static str, pfind: &'static str) -> Habit {
    Habit { find, pfind }
}

/// The first find habit among `args` (program name excluded), if any.
pub fn find_habit(command: &clap::Command, args: &[OsString]) -> Option<&'static Habit> {
    for arg in args {
        let Some(arg) = arg.to_str() else {
            continue;
        };
        if arg == "--" || takes_foreign_arguments(command, arg) {
            return None;
        }
        if let Some(habit) = HABITS.iter().find(|habit| habit.find == arg) {
            return Some(habit);
        }
    }
    None
}

/// The one-line error for a habit, exiting with clap's status for usage errors (2).
pub fn error(command: &clap::Command, habit: &Habit) -> clap::Error {
    let message = format!(
        "'{}' is find's spelling; pfind's is: {}\n",
        habit.find, habit.pfind
    );
    clap::Error::raw(clap::error::ErrorKind::UnknownArgument, message).with_cmd(command)
}

/// Whether `arg` names an option whose values may start with `-` (so that what follows
/// is, say, a command line for `--exec`, not pfind's options).
fn takes_foreign_arguments(command: &clap::Command, arg: &str) -> bool {
    let name = arg.split_once('=').map_or(arg, |(name, _)| name);
    command.get_arguments().any(|option| {
        let named = match name.strip_prefix("--") {
            Some(long) => option.get_long() == Some(long),
            None => {
                let mut chars = name.chars();
                chars.next() == Some('-')
                    && chars.next().is_some_and(|c| option.get_short() == Some(c))
                    && chars.next().is_none()
            }
        };
        named && option.is_allow_hyphen_values_set()
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use clap::CommandFactory;

    use super::{find_habit, HABITS};
    use crate::cli::{tests::assert_flags_exist, Cli};

    fn habit_in(args: &[&str]) -> Option<&'static str> {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        find_habit(&Cli::command(), &args).map(|habit| habit.find)
    }

    #[test]
    fn find_spellings_are_caught() {
        assert_eq!(habit_in(&[".", "-name", "x"]), Some("-name"));
        assert_eq!(habit_in(&["-type", "f"]), Some("-type"));
        assert_eq!(habit_in(&[".", "x", "-print0"]), Some("-print0"));
    }

    #[test]
    fn pfind_spellings_and_quoted_queries_are_left_alone() {
        assert_eq!(habit_in(&[".", "-b", "name"]), None);
        assert_eq!(habit_in(&[".", "--", "-name"]), None);
        assert_eq!(habit_in(&[".", "--and=-name", "x"]), None);
    }

    #[test]
    fn every_suggestion_names_real_flags() {
        for habit in HABITS {
            assert_flags_exist(habit.pfind, habit.find);
        }
    }
}
