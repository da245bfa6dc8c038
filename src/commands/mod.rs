//! What each subcommand does, between parsed arguments and output.

mod calibrate;
mod price;
mod render;
mod run;

use crate::cli::{Cli, Command};

/// Invalid input given by the user (flags, sheet rows, scenario): exit status 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);

/// Runs the parsed command line.
///
/// # Errors
/// Whatever stopped the command; [`exit_code`] maps it to the process exit status.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Price(args) => price::run(*args),
        Command::Run(args) => run::run(*args),
        Command::Render(args) => render::run(args),
        Command::Calibrate(args) => calibrate::run(*args),
    }
}

/// Exit status for an error: 1 for invalid input (flags, files, catalogs), 2 for I/O and internal errors.
pub fn exit_code(error: &anyhow::Error) -> u8 {
    let invalid = error.downcast_ref::<InputError>().is_some()
        || error
            .downcast_ref::<crate::pricing::PricingError>()
            .is_some_and(|e| !matches!(e, crate::pricing::PricingError::Io { .. }))
        || error.downcast_ref::<crate::report::run::ReportError>().is_some()
        || error.downcast_ref::<crate::output::OutputError>().is_some_and(crate::output::OutputError::is_input)
        || error
            .downcast_ref::<crate::report::run::FolderError>()
            .is_some_and(|e| matches!(e, crate::report::run::FolderError::Output(o) if o.is_input()))
        || error
            .downcast_ref::<crate::scenario::ScenarioError>()
            .is_some_and(|e| !matches!(e, crate::scenario::ScenarioError::Io { .. }));
    if invalid {
        1
    } else {
        2
    }
}
