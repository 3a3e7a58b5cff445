//! Every primary and operator of GNU find (findutils 4.9's manual: its options, tests,
//! actions and operators), each with what pfind does instead or why it has no
//! equivalent, and the words it takes after it, so that the scan of the command line
//! (`scan.rs`) can skip them.
//!
//! Without this, clap reads find's words as clusters of pfind's short flags: `-type` is
//! `-t ype`, `-readable` is `-r -e adable` (it silently matched nothing) and `-xtype l`
//! was `-x type`, which ran `type` once per result. A unit test checks the table
//! against `man find` where it is installed, and a golden file holds every message.

/// What follows a find primary on its command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operands {
    /// Nothing (`-empty`).
    None,
    /// One word (`-name PATTERN`).
    One,
    /// Two words (`-fprintf FILE FORMAT`).
    Two,
    /// A command, up to `;` or `+` (`-exec rm {} +`).
    Command,
}

/// What pfind does instead of a find primary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instead {
    /// pfind spells it this way.
    Spelled(&'static str),
    /// pfind does it without being asked.
    ByDefault(&'static str),
    /// pfind has no equivalent; the nearest thing, or why none is needed.
    Nothing(&'static str),
    /// pfind has the same flag with the same meaning (`-L`): no message.
    Same,
}

/// One find primary or operator.
#[derive(Debug, Clone, Copy)]
pub struct Primary {
    /// find's spelling: `-name`, `!`.
    pub find: &'static str,
    /// What it takes after it.
    pub operands: Operands,
    /// What pfind does instead.
    pub instead: Instead,
    /// pfind's own, different meaning of the same word (`-o` is `--owner`), if any:
    /// such a word is find's only where pfind's reading of it cannot be meant.
    pub shared: Option<&'static str>,
}

const fn spelled(find: &'static str, operands: Operands, pfind: &'static str) -> Primary {
    primary(find, operands, Instead::Spelled(pfind))
}

const fn default(find: &'static str, operands: Operands, what: &'static str) -> Primary {
    primary(find, operands, Instead::ByDefault(what))
}

const fn nothing(find: &'static str, operands: Operands, nearest: &'static str) -> Primary {
    primary(find, operands, Instead::Nothing(nearest))
}

const fn primary(find: &'static str, operands: Operands, instead: Instead) -> Primary {
    Primary {
        find,
        operands,
        instead,
        shared: None,
    }
}

const fn shared(primary: Primary, pfind_meaning: &'static str) -> Primary {
    Primary {
        shared: Some(pfind_meaning),
        ..primary
    }
}

use Operands::{Command, None as Zero, One, Two};

const ATIME: &str =
    "pfind compares modification times only: --changed-within, --changed-before, --newer";
const DEPTH_FIRST: &str =
    "pfind prints entries as it finds them; --sort prints a directory before its contents";
const NAME: &str = "-b NAME (-b -g 'GLOB' for a glob)";
const PATH: &str = "QUERY, a substring of the path (-g 'GLOB' for a glob)";
const IPATH: &str = "-i QUERY (-i -g 'GLOB' for a glob)";
const LINK_TARGET: &str = "-t l lists symbolic links, and -l shows where they lead";
const NO_OWNER: &str = "-o takes user and group ids as numbers too, and -l shows them";
const ACCESS: &str = "pfind does not test access rights; -t executable tests the x bits";
const READDIR_RACE: &str =
    "an entry that vanishes during the walk is reported, and -s hides such reports";
const GROUPING: &str =
    "a path is printed when it matches QUERY or an --or, every --and and no --not";

/// GNU find's primaries and operators, in the order of its manual.
pub const PRIMARIES: &[Primary] = &[
    // OPTIONS (before the roots).
    default(
        "-P",
        Zero,
        "links below the roots are not followed unless -L is given",
    ),
    default(
        "-H",
        Zero,
        "a ROOT that is a symbolic link is followed, links below it are not (and for fd's \
         hidden flag: hidden entries are listed unless --no-hidden)",
    ),
    primary("-L", Zero, Instead::Same),
    nothing("-D", One, "--stats reports what the walk did"),
    nothing(
        "-O",
        Zero,
        "pfind orders its filters itself, cheapest first",
    ),
    // POSITIONAL OPTIONS.
    nothing(
        "-daystart",
        Zero,
        "--changed-within and --changed-before take a date, 2026-01-31 is its midnight",
    ),
    spelled("-follow", Zero, "-L"),
    nothing(
        "-regextype",
        One,
        "-r takes one syntax, that of Rust's regex crate, close to posix-extended",
    ),
    nothing("-warn", Zero, "pfind has no warnings to turn on or off"),
    nothing("-nowarn", Zero, "pfind has no warnings to turn on or off"),
    // GLOBAL OPTIONS.
    shared(nothing("-d", Zero, DEPTH_FIRST), "--max-depth N"),
    nothing("-depth", Zero, DEPTH_FIRST),
    nothing(
        "-files0-from",
        One,
        "give each root as an argument: pfind ROOT... QUERY",
    ),
    spelled("-help", Zero, "-h (or --help)"),
    nothing("-ignore_readdir_race", Zero, READDIR_RACE),
    nothing("-noignore_readdir_race", Zero, READDIR_RACE),
    spelled("-maxdepth", One, "-d N"),
    spelled("-mindepth", One, "--min-depth N"),
    spelled("-mount", Zero, "--one-file-system"),
    default(
        "-noleaf",
        Zero,
        "no link count is ever trusted to save a stat",
    ),
    spelled("-version", Zero, "-V (or --version)"),
    spelled("-xdev", Zero, "--one-file-system (or --xdev)"),
    // TESTS.
    nothing("-amin", One, ATIME),
    nothing("-anewer", One, ATIME),
    nothing("-atime", One, ATIME),
    nothing("-cmin", One, ATIME),
    nothing("-cnewer", One, ATIME),
    nothing("-context", One, "pfind does not read SELinux contexts"),
    nothing("-ctime", One, ATIME),
    spelled("-empty", Zero, "-t empty"),
    spelled("-executable", Zero, "-t executable"),
    nothing(
        "-false",
        Zero,
        "pfind has no constant tests; --not QUERY leaves paths out",
    ),
    nothing(
        "-fstype",
        One,
        "--one-file-system keeps to the filesystems of the roots",
    ),
    spelled("-gid", One, "-o :GID (a number or a name)"),
    spelled("-group", One, "-o :GROUP"),
    nothing("-ilname", One, LINK_TARGET),
    spelled("-iname", One, "-b -i NAME (-b -i -g 'GLOB' for a glob)"),
    nothing(
        "-inum",
        One,
        "pfind does not match inode numbers; -L reports loops itself",
    ),
    spelled("-ipath", One, IPATH),
    spelled("-iregex", One, "-r -i REGEX"),
    spelled("-iwholename", One, IPATH),
    nothing("-links", One, "-l shows the number of links"),
    nothing("-lname", One, LINK_TARGET),
    spelled(
        "-mmin",
        One,
        "--changed-within 10min (older: --changed-before 10min)",
    ),
    spelled(
        "-mtime",
        One,
        "--changed-within 2d (older: --changed-before 2d)",
    ),
    spelled("-name", One, NAME),
    spelled("-newer", One, "--newer FILE"),
    // -newerXY: see `newer_xy`.
    nothing("-nogroup", Zero, NO_OWNER),
    nothing("-nouser", Zero, NO_OWNER),
    spelled("-path", One, PATH),
    nothing(
        "-perm",
        One,
        "-t executable is regular files with an x bit, and -l shows the mode",
    ),
    nothing("-readable", Zero, ACCESS),
    spelled("-regex", One, "-r REGEX (searched anywhere in the path)"),
    nothing("-samefile", One, "pfind does not compare inodes"),
    spelled(
        "-size",
        One,
        "-S SIZE (in bytes, or with a unit such as k or mi; not find's blocks)",
    ),
    default(
        "-true",
        Zero,
        "the empty QUERY matches every entry: pfind ROOT ''",
    ),
    spelled("-type", One, "-t TYPE"),
    spelled("-uid", One, "-o UID (a number or a name)"),
    nothing("-used", One, ATIME),
    spelled("-user", One, "-o USER"),
    spelled("-wholename", One, PATH),
    nothing("-writable", Zero, ACCESS),
    spelled(
        "-xtype",
        One,
        "-L -t TYPE, the type a link leads to (-L also enters linked directories)",
    ),
    // ACTIONS.
    nothing(
        "-delete",
        Zero,
        "pfind never deletes; -X rm, or -0 ... | xargs -0 rm, removes by path, without \
         find's guard against a directory swapped for a symbolic link during the walk",
    ),
    spelled(
        "-exec",
        Command,
        "-x COMMAND (-X COMMAND for find's '{} +')",
    ),
    spelled(
        "-execdir",
        Command,
        "-x COMMAND, which runs from here with the whole path, without find's guard \
         against a directory swapped for a symbolic link during the walk",
    ),
    spelled("-fls", One, "-l > FILE"),
    spelled("-fprint", One, "> FILE: pfind prints every match"),
    spelled("-fprint0", One, "-0 > FILE"),
    spelled("-fprintf", Two, "--format TEMPLATE > FILE"),
    spelled("-ls", Zero, "-l"),
    nothing(
        "-ok",
        Command,
        "pfind never asks; -x COMMAND runs without asking",
    ),
    nothing(
        "-okdir",
        Command,
        "pfind never asks; -x COMMAND runs without asking",
    ),
    default("-print", Zero, "every match is printed"),
    spelled("-print0", Zero, "-0"),
    spelled(
        "-printf",
        One,
        "--format TEMPLATE, with {} the path, {/} the name, {//} the parent",
    ),
    spelled(
        "-prune",
        Zero,
        "--prune (or -E GLOB to leave names out, unentered)",
    ),
    spelled("-quit", Zero, "-1 (or --max-results N)"),
    // OPERATORS.
    nothing("(", Zero, GROUPING),
    nothing(")", Zero, GROUPING),
    spelled("!", Zero, "--not QUERY"),
    spelled("-not", Zero, "--not QUERY"),
    shared(
        spelled("-a", Zero, "--and QUERY; filters always all apply"),
        "--absolute-path",
    ),
    spelled("-and", Zero, "--and QUERY; filters always all apply"),
    shared(spelled("-o", Zero, "--or QUERY"), "--owner USER"),
    spelled("-or", Zero, "--or QUERY"),
    nothing(",", Zero, "run pfind once for each list"),
];

/// The operators that pfind reads as ROOT or QUERY words, not as options.
pub const fn is_positional_operator(word: &str) -> bool {
    matches!(word.as_bytes(), b"(" | b")" | b"!" | b",")
}

/// find's `-newerXY REFERENCE`: X is a, B, c or m; Y is a, B, c, m or t.
const NEWER_MT: Primary = spelled("-newermt", One, "--changed-within DATE");
const NEWER_MM: Primary = spelled("-newermm", One, "--newer FILE");
const NEWER_OTHER: Primary = nothing("-newerXY", One, ATIME);

/// The primary `word` spells, if any: a word of the table, `-O0`..`-O3`, `-newerXY`.
pub fn lookup(word: &str) -> Option<&'static Primary> {
    if let Some(primary) = PRIMARIES.iter().find(|p| p.find == word) {
        return Some(primary);
    }
    if let Some(level) = word.strip_prefix("-O") {
        return level
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| lookup("-O"))
            .flatten();
    }
    match word.strip_prefix("-newer")?.as_bytes() {
        b"mt" => Some(&NEWER_MT),
        b"mm" => Some(&NEWER_MM),
        [x, y] if b"aBcm".contains(x) && b"aBcmt".contains(y) => Some(&NEWER_OTHER),
        _ => None,
    }
}

/// `WORD: reason`, for the error line.
pub fn describe(word: &str, primary: &Primary) -> String {
    let what = match primary.instead {
        Instead::Spelled(pfind) => format!("find's spelling; pfind's is {pfind}"),
        Instead::ByDefault(what) => format!("find's spelling, and pfind's default: {what}"),
        Instead::Nothing(nearest) => format!("find's, with no pfind equivalent: {nearest}"),
        Instead::Same => "find's and pfind's alike".to_owned(),
    };
    match primary.shared {
        Some(meaning) => format!("{word}: {what} (pfind's own {word} is {meaning})"),
        None => format!("{word}: {what}"),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::{lookup, Instead, Operands, Primary, PRIMARIES};
    use crate::cli::tests::{assert_flags_exist, assert_golden};

    #[test]
    fn every_suggestion_names_real_flags() {
        for primary in PRIMARIES {
            if let Instead::Spelled(text) | Instead::ByDefault(text) | Instead::Nothing(text) =
                primary.instead
            {
                assert_flags_exist(text, primary.find);
            }
            if let Some(meaning) = primary.shared {
                assert_flags_exist(meaning, primary.find);
            }
        }
    }

    #[test]
    fn families_are_looked_up() {
        assert_eq!(lookup("-O3").map(|p| p.find), Some("-O"));
        assert_eq!(lookup("-newermt").map(|p| p.find), Some("-newermt"));
        assert_eq!(lookup("-newerBa").map(|p| p.find), Some("-newerXY"));
        assert!(lookup("-newerxx").is_none());
        assert!(lookup("-Ox").is_none());
        assert!(lookup("-b").is_none());
    }

    /// The table holds every primary that the installed find's manual lists (skipped,
    /// with a note, where `man find` is not installed).
    #[test]
    fn the_table_covers_the_manual_of_find() {
        let Some(manual) = find_manual() else {
            eprintln!("skipped: `man find` is not installed");
            return;
        };
        let mut words: Vec<String> = Vec::new();
        let mut in_expression = false;
        for line in manual.lines() {
            // The options before the roots, then the expression, up to the next part.
            if line == "OPTIONS" || line == "EXPRESSION" {
                in_expression = true;
            } else if line == "UNUSUAL FILENAMES" {
                in_expression = false;
            }
            let Some(entry) = line.strip_prefix("       ").filter(|_| in_expression) else {
                continue;
            };
            if entry.starts_with('-') {
                // `-help, --help`, `-newerXY reference`, `-Olevel`
                let word = entry.split([' ', ',']).next().unwrap_or_default();
                if !word.starts_with("--") {
                    words.push(word.to_owned());
                }
            } else if let Some(operator) = entry.strip_prefix("expr1 ") {
                // `expr1 -o expr2`, `expr1 , expr2`; not `expr1 expr2`
                let operator = operator.split(' ').next().unwrap_or_default();
                if operator != "expr2" {
                    words.push(operator.to_owned());
                }
            } else if let Some(rest) = entry.strip_suffix(" expr") {
                // `! expr`, `-not expr`
                words.push(rest.to_owned());
            } else if entry.starts_with("( expr )") {
                words.extend(["(".to_owned(), ")".to_owned()]);
            }
        }
        assert!(words.len() > 70, "the manual was not read: {words:?}");
        for word in words {
            let word = match word.as_str() {
                "-newerXY" => "-newermt",
                "-Olevel" => "-O",
                // "-n  for less than n" explains numeric arguments.
                "-n" => continue,
                other => other,
            };
            assert!(lookup(word).is_some(), "find's {word} is not in the table");
        }
    }

    /// A command line that uses `primary` as find would.
    fn example(primary: &Primary) -> Vec<&'static str> {
        let mut args = vec![".", primary.find];
        match primary.find {
            "-a" => args.push("-true"),
            "(" | ")" | "!" | "," => args.push("X"),
            _ => {}
        }
        args.extend(match primary.operands {
            Operands::None => &[][..],
            Operands::One => &["X"],
            Operands::Two => &["X", "Y"],
            Operands::Command => &["rm", "{}", ";"],
        });
        args
    }

    /// Every message, in fixtures/golden/find-primaries.txt: `$ pfind ARGS` and the
    /// line pfind prints. tests/cli/habits.rs runs each command there and compares.
    #[test]
    fn golden_find_primaries() {
        let families = [
            lookup("-O3").copied(),
            lookup("-newermt").copied(),
            lookup("-newermm").copied(),
            lookup("-newerBa").copied(),
        ];
        let mut golden = String::new();
        for primary in PRIMARIES
            .iter()
            .copied()
            .chain(families.into_iter().flatten())
        {
            if primary.instead == Instead::Same {
                continue;
            }
            let mut args = example(&primary);
            let word = match primary.find {
                "-O" => "-O3",
                "-newerXY" => "-newerBa",
                word => word,
            };
            args[1] = word;
            let os: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
            let said = crate::cli::scan::mistake(&crate::cli::Cli::command(), &os);
            let said = said
                .unwrap_or_else(|| panic!("{args:?}: no message"))
                .message;
            assert!(said.starts_with(&format!("{word}: ")), "{said}");
            golden.push_str(&format!("$ pfind {}\npfind: {said}\n", args.join(" ")));
        }
        assert_golden("fixtures/golden/find-primaries.txt", &golden);
    }

    fn find_manual() -> Option<String> {
        let output = std::process::Command::new("man")
            .arg("find")
            .env("MANWIDTH", "200")
            .env("MAN_KEEP_FORMATTING", "")
            .env("MANPAGER", "cat")
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        output.status.success().then_some(text)
    }
}
