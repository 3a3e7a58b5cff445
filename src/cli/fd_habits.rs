//! fd's flags that pfind does not have, and what pfind does instead. Consulted only
//! when clap rejects an argument, so a flag that pfind gains later is never shadowed.

/// One fd flag and what to tell its user.
pub struct FdFlag {
    /// fd's spelling.
    pub flag: &'static str,
    /// What pfind does instead.
    pub instead: &'static str,
}

/// fd's flags, short and long, whose pfind equivalent is a different flag or the
/// default.
pub const FD_FLAGS: &[FdFlag] = &[
    fd(
        "-H",
        "pfind lists hidden entries unless --no-hidden is given",
    ),
    fd("-I", "pfind ignores no file unless --gitignore is given"),
    fd("-u", "pfind lists everything by default"),
    fd("--unrestricted", "pfind lists everything by default"),
    fd(
        "-p",
        "pfind matches the whole path by default; -b matches the name",
    ),
    fd(
        "--full-path",
        "pfind matches the whole path by default; -b matches the name",
    ),
    fd(
        "-F",
        "QUERY is a fixed string by default; -r makes it a regex",
    ),
    fd(
        "--fixed-strings",
        "QUERY is a fixed string by default; -r makes it a regex",
    ),
    fd(
        "--no-ignore-vcs",
        "pfind ignores no file unless --gitignore is given",
    ),
    fd("--ignore-vcs", "pfind's is --gitignore"),
    fd(
        "--strip-cwd-prefix",
        "with no ROOT, pfind prints paths without './' already",
    ),
    fd("--older", "pfind's is --changed-before"),
    fd("--change-older-than", "pfind's is --changed-before"),
    fd("--change-newer-than", "pfind's is --changed-within"),
    fd(
        "--base-directory",
        "give the directory as the ROOT: pfind DIR QUERY",
    ),
    fd(
        "--search-path",
        "give each path as a ROOT: pfind PATH... QUERY",
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
