//! Shell completions and the man page, generated from the one clap definition
//! ([`Cli`]) by the hidden `pfind --generate <TARGET>` option.
//!
//! The generated files are committed (`completions/`, `doc/pfind.1`) so that packagers
//! need no build step (the Debian package's assets in Cargo.toml are these files);
//! `completions/regenerate.sh` rewrites them all, and the test below fails whenever a
//! committed file no longer matches what the definition generates.

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, ValueEnum};
use clap_complete::Shell;
use clap_mangen::roff::{bold, roman, Roff};
use clap_mangen::Man;

use crate::cli::typed::shell_quote;
use crate::cli::{self, Cli};
use crate::exit_codes;

/// What `--generate` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// Bash completion script.
    Bash,
    /// Zsh completion script.
    Zsh,
    /// Fish completion script.
    Fish,
    /// Elvish completion script.
    Elvish,
    /// PowerShell completion script.
    #[value(name = "powershell")]
    PowerShell,
    /// The man page, in roff.
    Man,
}

impl Target {
    /// Every target, in the order `regenerate.sh` writes them.
    #[cfg(test)]
    const ALL: [Target; 6] = [
        Target::Bash,
        Target::Zsh,
        Target::Fish,
        Target::Elvish,
        Target::PowerShell,
        Target::Man,
    ];

    /// Where the generated file is committed, relative to the repository root.
    #[cfg(test)]
    fn committed_path(self) -> &'static str {
        match self {
            Target::Bash => "completions/pfind.bash",
            Target::Zsh => "completions/_pfind",
            Target::Fish => "completions/pfind.fish",
            Target::Elvish => "completions/pfind.elv",
            Target::PowerShell => "completions/_pfind.ps1",
            Target::Man => "doc/pfind.1",
        }
    }
}

/// The target of `pfind --generate TARGET` (or `--generate=TARGET`), which must be
/// the whole command line; `None` for any other command line.
pub fn requested(args: &[OsString]) -> anyhow::Result<Option<Target>> {
    let value = match args {
        [flag, value] if flag == "--generate" => value.clone(),
        [flag] if flag == "--generate" => anyhow::bail!("--generate: needs a value (TARGET)"),
        [flag] => match flag.as_encoded_bytes().strip_prefix(b"--generate=") {
            Some(value) => crate::platform::os_string(value.to_vec()),
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    let text = value.to_string_lossy();
    match Target::from_str(&text, false) {
        Ok(target) => Ok(Some(target)),
        Err(_) => anyhow::bail!(
            "--generate {}: not one of bash, zsh, fish, elvish, powershell, man",
            shell_quote(value.as_encoded_bytes())
        ),
    }
}

/// Writes the completion script or man page for `target` to stdout. A reader that
/// goes away early (`| head`) is not an error.
pub fn print(target: Target) -> anyhow::Result<ExitCode> {
    let mut stdout = io::stdout().lock();
    match write(target, &mut stdout).and_then(|()| stdout.flush()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(ExitCode::from(exit_codes::FOUND)),
    }
}

/// Writes the completion script or man page for `target`.
pub fn write(target: Target, out: &mut dyn Write) -> io::Result<()> {
    let mut command = Cli::command();
    let shell = match target {
        Target::Bash => Shell::Bash,
        Target::Zsh => Shell::Zsh,
        Target::Fish => Shell::Fish,
        Target::Elvish => Shell::Elvish,
        Target::PowerShell => Shell::PowerShell,
        Target::Man => return write_man_page(command, out),
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "pfind", &mut script);
    let mut script = String::from_utf8_lossy(&script).into_owned();
    for option in command
        .get_arguments()
        .filter(|arg| arg.is_require_equals_set())
    {
        script = attached_values_only(shell, option, script);
    }
    out.write_all(script.as_bytes())
}

/// clap_complete offers an optional value that must be attached (`--hyperlink[=WHEN]`)
/// as the next word in bash and fish, which completes `--hyperlink always`: pfind then
/// reads `always` as a ROOT. Offer the values only after `=` (`--hyperlink=always`),
/// and let the next word complete as any other (zsh does this already).
fn attached_values_only(shell: Shell, option: &clap::Arg, script: String) -> String {
    let Some(long) = option.get_long() else {
        return script;
    };
    let values: Vec<String> = option
        .get_possible_values()
        .iter()
        .map(|value| value.get_name().to_owned())
        .collect();
    let values = values.join(" ");
    match shell {
        Shell::Bash => {
            // bash splits `--hyperlink=al` into `--hyperlink`, `=`, `al` (the word
            // completed is `al`, after `=`), and just after the `=`, the word completed
            // is `=` itself, with nothing typed yet.
            let next_word = format!(
                "                --{long})\n                    \
                 COMPREPLY=($(compgen -W \"{values}\" -- \"${{cur}}\"))\n                    \
                 return 0\n                    ;;\n"
            );
            let after_equals = format!(
                "            if [[ ${{prev}} == \"--{long}\" && ${{COMP_WORDS[COMP_CWORD]}} == \
                 \"=\" ]] ; then\n                \
                 COMPREPLY=($(compgen -W \"{values}\"))\n                \
                 return 0\n            fi\n            \
                 if [[ ${{prev}} == \"=\" && ${{COMP_WORDS[COMP_CWORD-2]}} == \
                 \"--{long}\" ]] ; then\n                \
                 COMPREPLY=($(compgen -W \"{values}\" -- \"${{cur}}\"))\n                \
                 return 0\n            fi\n            case \"${{prev}}\" in\n"
            );
            script.replacen(&next_word, "", 1).replacen(
                "            case \"${prev}\" in\n",
                &after_equals,
                1,
            )
        }
        // `-r` (a required value) makes fish offer the values as the next word;
        // without it, fish offers them after `=` only.
        Shell::Fish => script
            .lines()
            .map(|line| {
                if line.starts_with(&format!("complete -c pfind -l {long} ")) {
                    line.replacen(" -r -f ", " -f ", 1)
                } else {
                    line.to_owned()
                }
            })
            .map(|line| line + "\n")
            .collect(),
        _ => script,
    }
}

/// One line for the NAME section (the `-h` summary is a whole sentence, too long there).
const MAN_NAME_LINE: &str = "pfind \\- find paths that contain a string, in parallel";

/// The man page: clap_mangen's sections, the options grouped under subsections by help
/// heading, then EXAMPLES, EXIT STATUS and ENVIRONMENT from the same tables as
/// `--help`.
fn write_man_page(command: clap::Command, out: &mut dyn Write) -> io::Result<()> {
    // A man page has no short form: options kept out of `-h` belong in it all the same
    // (clap_mangen would drop the help of those that have no long help).
    let command = command.mut_args(|arg| arg.hide_short_help(false));
    let headings: Vec<String> = command
        .get_arguments()
        .filter_map(|arg| arg.get_help_heading())
        .map(str::to_owned)
        .collect();
    let man = Man::new(command);
    man.render_title(out)?;
    writeln!(out, ".SH NAME\n{MAN_NAME_LINE}")?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;

    // clap_mangen gives every help heading its own top-level section; the convention
    // (and `man`'s table of contents) wants them as subsections of OPTIONS.
    let mut options = Vec::new();
    man.render_options_section(&mut options)?;
    let options = String::from_utf8_lossy(&options);
    for line in options.lines() {
        let subsection = line
            .strip_prefix(".SH ")
            .and_then(|title| headings.iter().find(|h| h.to_uppercase() == title));
        match subsection {
            Some(heading) => writeln!(out, ".SS {heading}")?,
            None => writeln!(out, "{line}")?,
        }
    }

    let mut roff = Roff::default();
    roff.control("SH", ["EXAMPLES"]);
    for example in cli::help::EXAMPLES {
        roff.control("TP", []);
        roff.text([roman(example.command)]);
        roff.text([roman(example.explanation)]);
    }
    roff.control("SH", ["EXIT STATUS"]);
    for status in exit_codes::STATUSES {
        roff.control("TP", []);
        roff.text([roman(status.code.to_string())]);
        roff.text([roman(status.meaning)]);
    }
    roff.control("SH", ["COMPLETIONS AND MAN PAGE"]);
    roff.text([roman(cli::help::GENERATE)]);
    roff.control("SH", ["ENVIRONMENT"]);
    for variable in cli::help::ENVIRONMENT {
        roff.control("TP", []);
        roff.text([bold(variable.name)]);
        roff.text([roman(variable.meaning)]);
    }
    roff.to_writer(out)?;
    man.render_version_section(out)
}

#[cfg(test)]
mod tests {
    use super::{write, Target};

    const REGENERATE: &str = "completions/regenerate.sh";

    #[test]
    fn committed_completions_and_man_page_are_up_to_date() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut stale = Vec::new();
        for target in Target::ALL {
            let mut generated = Vec::new();
            write(target, &mut generated).unwrap();
            let path = format!("{root}/{}", target.committed_path());
            let committed = std::fs::read(&path).unwrap_or_default();
            if committed != generated {
                stale.push(target.committed_path());
            }
        }
        assert!(
            stale.is_empty(),
            "generated files differ from the clap definition: {stale:?}\n\
             regenerate them with: {REGENERATE}"
        );
    }

    #[test]
    fn man_page_has_the_expected_sections() {
        let mut page = Vec::new();
        write(Target::Man, &mut page).unwrap();
        let page = String::from_utf8(page).unwrap();
        for section in [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "EXAMPLES",
            "EXIT STATUS",
            "ENVIRONMENT",
        ] {
            assert!(
                page.contains(&format!("\n.SH {section}\n"))
                    || page.contains(&format!("\n.SH \"{section}\"\n")),
                "no {section} section in:\n{page}"
            );
        }
        for variable in ["LS_COLORS", "NO_COLOR", "TZ"] {
            assert!(
                page.contains(&format!("\\fB{variable}")),
                "{variable} is not documented"
            );
        }
        // Markdown's backticks are not roff: they would print as they are.
        assert!(!page.contains('`'), "a backtick in the man page:\n{page}");
    }
}
