//! pfind's entry point: parse, resolve the configuration, search, map the outcome to an
//! exit status. Everything else lives in the modules below.

mod cli;
mod config;
mod exit_codes;
mod generate;
mod output;
mod search;

use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("pfind: {err:#}");
            ExitCode::from(exit_codes::ERROR)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = cli::parse();
    if let Some(target) = cli.generate {
        return generate::print(target);
    }
    let config = config::Config::from_cli(cli)?;
    search::run(&config)
}
