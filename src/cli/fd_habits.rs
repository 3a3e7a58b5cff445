//! fd's flags (fd 10) that pfind does not have, and what pfind does instead.
//! Consulted only when clap rejects an argument, so a flag that pfind gains later is
//! never shadowed. fd's flags that pfind has with the same meaning (`-e`, `-E`,
//! `--and`, `--prune`, ...) are not here; those with another meaning are, where the
//! scan before clap can see them (`-c always`, `src/cli/scan.rs`) or in the README's
//! "Coming from fd" table (`-s`, `-g`).

/// One fd flag and what to tell its user.
pub struct FdFlag {
    /// fd's spelling.
    pub flag: &'static str,
    /// What pfind does instead.
    pub instead: &'static str,
}

const HIDDEN: &str = "pfind lists hidden entries unless --no-hidden is given";
const NO_IGNORE: &str = "pfind ignores no file unless --gitignore is given";
const FULL_PATH: &str = "pfind matches the whole path by default; -b matches the name";
const FIXED: &str = "QUERY is a fixed string by default; -r makes it a regex";
const REQUIRE_GIT: &str =
    "pfind reads .gitignore files inside git repositories only, as git does; --ignore-file \
     PATH applies one anywhere";
const PARENT: &str =
    "pfind applies the ignore files above a ROOT (.gitignore up to the repository's top)";
const NEWER: &str = "pfind's is --changed-within";
const OLDER: &str = "pfind's is --changed-before";

/// fd's flags, short and long, whose pfind equivalent is a different flag, the
/// default, or nothing.
pub const FD_FLAGS: &[FdFlag] = &[
    fd("-H", HIDDEN),
    fd("-I", NO_IGNORE),
    fd("--ignore", "pfind's is --gitignore"),
    fd("--no-ignore-vcs", NO_IGNORE),
    fd("--ignore-vcs", "pfind's is --gitignore"),
    fd("--no-require-git", REQUIRE_GIT),
    fd("--require-git", REQUIRE_GIT),
    fd("--no-ignore-parent", PARENT),
    fd("--ignore-parent", PARENT),
    fd(
        "--no-global-ignore-file",
        "--gitignore reads git's global excludes file, --no-ignore reads none",
    ),
    fd("-u", "pfind lists everything by default"),
    fd("--unrestricted", "pfind lists everything by default"),
    fd("-p", FULL_PATH),
    fd("--full-path", FULL_PATH),
    fd("-F", FIXED),
    fd("--fixed-strings", FIXED),
    fd("--literal", FIXED),
    fd(
        "--exact",
        "-b -g NAME matches a whole name (a glob with no wildcard is exact)",
    ),
    fd("--dereference", "pfind's is -L (--follow)"),
    fd("--maxdepth", "pfind's is --max-depth (-d)"),
    fd("--mindepth", "pfind's is --min-depth"),
    fd("--change-newer-than", NEWER),
    fd("--changed-after", NEWER),
    fd("--change-older-than", OLDER),
    fd("--older", OLDER),
    fd(
        "--batch-size",
        "-X fills each command up to the system's argument limit",
    ),
    fd("--hyper", "pfind's is --hyperlink"),
    fd(
        "--ignore-contain",
        "pfind has no equivalent: -E GLOB leaves entries out by name",
    ),
    fd(
        "--max-buffer-time",
        "pfind streams results as it finds them (--sort for an order)",
    ),
    fd("--has-results", "pfind's is -q (--quiet)"),
    fd(
        "--show-errors",
        "pfind shows errors by default; -s (--no-errors) hides them",
    ),
    fd("-C", "give the directory as the ROOT: pfind DIR QUERY"),
    fd(
        "--base-directory",
        "give the directory as the ROOT: pfind DIR QUERY",
    ),
    fd(
        "--path-separator",
        "pfind has no equivalent: it prints / between components on every system",
    ),
    fd(
        "--search-path",
        "give each path as a ROOT: pfind PATH... QUERY",
    ),
    fd(
        "--strip-cwd-prefix",
        "with no ROOT, pfind prints paths without './' already",
    ),
    fd("--mount", "pfind's is --one-file-system (or --xdev)"),
    fd(
        "--gen-completions",
        "pfind's is --generate SHELL (bash, zsh, fish, elvish, powershell) or --generate man",
    ),
];

const fn fd(flag: &'static str, instead: &'static str) -> FdFlag {
    FdFlag { flag, instead }
}

/// What to say about `arg` (as clap names it: `-H`, `--older`), if it is fd's.
pub fn instead_of(arg: &str) -> Option<&'static str> {
    let flag = arg.split_once(['=', ' ']).map_or(arg, |(flag, _)| flag);
    FD_FLAGS
        .iter()
        .find(|known| known.flag == flag)
        .map(|known| known.instead)
}

#[cfg(test)]
mod tests {
    use super::{instead_of, FD_FLAGS};
    use crate::cli::tests::assert_flags_exist;

    #[test]
    fn every_pointer_names_real_flags() {
        for flag in FD_FLAGS {
            assert_flags_exist(flag.instead, flag.flag);
        }
        assert!(instead_of("--older=2d").is_some());
        assert!(instead_of("-b").is_none());
    }
}
