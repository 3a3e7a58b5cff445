//! Default options from a file: `PFIND_CONFIG_PATH` names it, following ripgrep's
//! convention (`RIPGREP_CONFIG_PATH`): one argument per line, leading and trailing
//! blanks trimmed, empty lines and lines starting with `#` skipped. Its arguments
//! come before the command line's, so the command line wins through the options that
//! take the last value and the last-wins pairs (`--hidden` undoes `--no-hidden`).
//!
//! No file is read unless the variable is set (and not empty), so scripts and CI
//! behave the same on every machine; `--no-config` on the command line leaves it out.
//! The file holds options only: a ROOT or a QUERY there would be searched by every run,
//! and an option whose value is missing at the end of the file would take the command
//! line's first word. Such lines, like any option pfind rejects, are errors naming the
//! file and the line. The file must be a regular file (a FIFO would block), at most
//! [`MAX_SIZE`] bytes.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use clap::Command;

use super::errors;
use super::scan;
use super::typed::{roles, Role};

/// The variable that names the file.
pub const VARIABLE: &str = "PFIND_CONFIG_PATH";

/// The option that leaves the file out.
pub const NO_CONFIG: &str = "--no-config";

/// Larger than any list of options; a bound on what a mistaken path can cost.
pub const MAX_SIZE: u64 = 1 << 20;

/// A file of default options, read.
#[derive(Debug)]
pub struct ConfigFile {
    /// The file, as the variable names it.
    pub path: PathBuf,
    /// Its arguments, in order.
    pub args: Vec<OsString>,
    /// The line of each argument, from 1.
    lines: Vec<usize>,
}

/// The file the variable names, read, unless the variable is unset or empty or the
/// command line (`args`, as `command` reads them) says `--no-config`.
pub fn read(command: &Command, args: &[OsString]) -> Result<Option<ConfigFile>> {
    let path = match std::env::var_os(VARIABLE) {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => return Ok(None),
    };
    let roles = roles(command, args);
    let asked_not = args
        .iter()
        .zip(&roles)
        .any(|(arg, role)| *role == Role::Option && arg == NO_CONFIG);
    if asked_not {
        return Ok(None);
    }
    let text = read_file(&path)?;
    let mut config = ConfigFile {
        path,
        args: Vec::new(),
        lines: Vec::new(),
    };
    for (number, line) in text.split(|&b| b == b'\n').enumerate() {
        let line = line.trim_ascii();
        if line.is_empty() || line.starts_with(b"#") {
            continue;
        }
        config.args.push(crate::platform::os_string(line.to_vec()));
        config.lines.push(number + 1);
    }
    Ok(Some(config))
}

/// The whole file, which must be a regular file of at most [`MAX_SIZE`] bytes.
fn read_file(path: &Path) -> Result<Vec<u8>> {
    let shown = shown(path);
    let fail = |reason: String| anyhow::anyhow!("{shown}: {reason} ({VARIABLE})");
    // Not following the usual open: a FIFO must not block it, so the type is checked
    // on the opened file before any read.
    let file = open_nonblocking(path).map_err(|err| fail(describe(&err)))?;
    let meta = file.metadata().map_err(|err| fail(describe(&err)))?;
    if !meta.is_file() {
        bail!(fail("not a regular file".to_owned()));
    }
    if meta.len() > MAX_SIZE {
        bail!(fail(format!("larger than {MAX_SIZE} bytes")));
    }
    let mut text = Vec::new();
    file.take(MAX_SIZE + 1)
        .read_to_end(&mut text)
        .map_err(|err| fail(describe(&err)))?;
    Ok(text)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

fn describe(err: &std::io::Error) -> String {
    pfind_walk::describe_io_error(err).to_string()
}

fn shown(path: &Path) -> String {
    pfind::escape::escape(path.as_os_str().as_encoded_bytes()).to_string()
}

impl ConfigFile {
    /// Checks the file's arguments on their own, so that a mistake is named by its
    /// line: find's words and the other mistakes of the scan before clap, ROOTs and
    /// QUERYs, values that run past the end, and whatever clap rejects.
    pub fn check(&self, command: &mut Command) -> Result<()> {
        if let Some(mistake) = scan::mistake(command, &self.args) {
            bail!(self.at(mistake.at, &mistake.message));
        }
        let parses = |command: &mut Command, count: usize| {
            let program = std::iter::once(OsString::from("pfind"));
            let args = program.chain(self.args[..count].iter().cloned());
            command.try_get_matches_from_mut(args)
        };
        if let Err(err) = parses(command, self.args.len()) {
            if !err.use_stderr() {
                bail!(self.at(0, "-h and -V do not belong in a config file"));
            }
            // The first line whose argument cannot be added: after the longest
            // beginning of the file that clap accepts.
            let accepted = (0..self.args.len())
                .rev()
                .find(|&count| parses(command, count).is_ok())
                .unwrap_or(0);
            bail!(self.at(accepted, &errors::one_line(&err)));
        }
        for (at, role) in roles(command, &self.args).into_iter().enumerate() {
            match role {
                Role::Positional | Role::Separator => bail!(self.at(
                    at,
                    &format!(
                        "{}: not an option; a config file holds options only (ROOT and \
                         QUERY go on the command line)",
                        super::typed::shell_quote(self.args[at].as_encoded_bytes())
                    )
                )),
                Role::OpenOption => bail!(self.at(
                    at,
                    &format!(
                        "{}: its value must be in the file too (on the next line, or \
                         after '='; a command ends at a ';' line)",
                        pfind::escape::escape(self.args[at].as_encoded_bytes())
                    )
                )),
                Role::Option | Role::Value => {}
            }
        }
        Ok(())
    }

    /// `FILE:LINE: message` for the argument at `index`.
    fn at(&self, index: usize, message: &str) -> String {
        let line = self.lines.get(index).copied().unwrap_or(0);
        format!("{}:{line}: {message}", shown(&self.path))
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;
    use std::path::PathBuf;

    use clap::CommandFactory;

    use super::ConfigFile;
    use crate::cli::Cli;

    fn config(lines: &[(usize, &str)]) -> ConfigFile {
        ConfigFile {
            path: PathBuf::from("rc"),
            args: lines.iter().map(|(_, arg)| OsString::from(arg)).collect(),
            lines: lines.iter().map(|(line, _)| *line).collect(),
        }
    }

    fn check(lines: &[(usize, &str)]) -> Result<(), String> {
        config(lines)
            .check(&mut Cli::command())
            .map_err(|err| err.to_string())
    }

    #[test]
    fn good_files_pass() {
        assert_eq!(check(&[]), Ok(()));
        assert_eq!(check(&[(1, "--gitignore"), (3, "--no-hidden")]), Ok(()));
        assert_eq!(
            check(&[(1, "--max-depth"), (2, "3"), (4, "-E=target")]),
            Ok(())
        );
        assert_eq!(check(&[(1, "-x"), (2, "echo"), (3, ";")]), Ok(()));
    }

    #[test]
    fn bad_lines_are_named() {
        let cases: [(&[(usize, &str)], &str); 7] = [
            (
                &[(1, "--gitignore"), (2, "--colr"), (3, "always")],
                "rc:2: --colr: ",
            ),
            (
                &[(1, "--max-depth"), (2, "3"), (5, "--color"), (6, "bogus")],
                "rc:5: --color bogus: ",
            ),
            (
                &[(1, "--gitignore"), (2, "src")],
                "rc:2: src: not an option",
            ),
            (&[(1, "--max-depth")], "rc:1: --max-depth: needs a value"),
            (&[(1, "-x"), (2, "echo")], "rc:1: -x: "),
            (&[(1, "--sort"), (7, "-name")], "rc:7: -name: find's"),
            (&[(1, "--sort"), (2, "-c")], "rc:2: "),
        ];
        for (lines, start) in cases {
            let said = check(lines);
            assert!(
                said.as_ref().is_err_and(|s| s.starts_with(start)),
                "{lines:?}: {said:?}"
            );
        }
    }
}
