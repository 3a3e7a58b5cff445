//! pfind's entry point: parse, resolve the configuration, search, map the outcome to an
//! exit status. Everything else lives in the modules below.

mod cli;
mod config;
mod deadline;
mod duration;
mod exec;
mod exit_codes;
mod filter;
mod generate;
mod hints;
mod messages;
#[cfg(feature = "mpi")]
mod mpi;
mod output;
mod paths;
mod platform;
mod search;
mod stats;
mod terminal;

use std::process::ExitCode;

fn main() -> ExitCode {
    // Before any thread starts: see the function.
    crate::platform::fit_allocator_to_address_space_limit();
    match run() {
        Ok(code) => code,
        Err(err) => {
            // Under mpirun, one rank says it: every rank meets the same bad argument.
            #[cfg(feature = "mpi")]
            let quiet = mpi::launched_rank().is_some_and(|rank| rank != 0);
            #[cfg(not(feature = "mpi"))]
            let quiet = false;
            if !quiet {
                messages::error(format_args!("{err:#}"));
            } else {
                // Exiting non-zero makes mpirun stop the job: let rank 0 say why first.
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            ExitCode::from(exit_codes::ERROR)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    // `pfind --generate TARGET` is no search, and no option of clap's: completions
    // never offer it.
    if let Some(target) = generate::requested(&args)? {
        return generate::print(target);
    }
    let cli = cli::parse(&args)?;
    let config = config::Config::from_cli(*cli)?;
    #[cfg(feature = "mpi")]
    if mpi::launched() {
        return mpi::run(&config);
    }
    search::run(&config)
}
