//! The `costsim` command: parse arguments, run, map errors to an exit status.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = costsim::cli::Cli::parse();
    match costsim::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Never a panic, even on a closed or full standard error: the exit status still tells.
            costsim::output::note(format_args!("error: {e:#}"));
            ExitCode::from(costsim::commands::exit_code(&e))
        }
    }
}
