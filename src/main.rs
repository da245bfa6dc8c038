//! The `costsim` command: parse arguments, run, map errors to an exit status.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = costsim::cli::Cli::parse();
    match costsim::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(costsim::commands::exit_code(&e))
        }
    }
}
