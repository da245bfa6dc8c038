//! What each subcommand does, between parsed arguments and output.

mod baseline;
mod calibrate;
mod diff;
mod import;
pub mod manual;
mod merge;
mod price;
mod pricing;
mod render;
mod run;
mod saved;
mod shard;

use std::path::Path;

use anyhow::Context;

use chrono::NaiveDate;

use crate::cli::{Cli, Command};
use crate::pricing::{Catalog, PricingError};
use crate::report::terminal::Terminal;

/// Invalid input given by the user (flags, sheet rows, scenario): exit status 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);

/// `costsim diff --fail-above`: the monthly total rose by more than the limit (the sentence says by how much):
/// exit status [`GATE_EXIT`].
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct GateExceeded(pub String);

/// Exit status of a diff whose monthly total rose above `--fail-above`: distinct from invalid input (1) and from
/// usage and I/O errors (2), so that a CI job can tell a cost increase from a broken job.
pub const GATE_EXIT: u8 = 3;

/// Most worker threads per core: more only adds start-up time and memory (results do not depend on it).
const MAX_JOBS_PER_CORE: usize = 8;
/// Most worker threads in all, whatever the machine: each thread has its own stack.
const MAX_JOBS: usize = 256;

/// The pricing catalog of every subcommand: `--pricing PATH` (a directory holding aws-lambda.toml, or a file), else
/// the built-in one.
///
/// # Errors
/// [`PricingError`] when the file cannot be read or is not a valid catalog.
pub fn load_catalog(path: Option<&Path>) -> Result<Catalog, PricingError> {
    match path {
        Some(path) => Catalog::load(path),
        None => Ok(Catalog::built_in()),
    }
}

/// The billing date of every subcommand: `--date` if given, else the scenario's `date`, else today.
///
/// # Errors
/// [`InputError`] when `--date` is not a date written `YYYY-MM-DD`.
pub fn billing_date(flag: Option<&str>, scenario: Option<NaiveDate>) -> Result<NaiveDate, InputError> {
    match flag {
        Some(d) => NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
            InputError(format!("--date must be a date written YYYY-MM-DD (got '{}')", crate::diagnostic::excerpt(d)))
        }),
        None => Ok(scenario.unwrap_or_else(|| chrono::Local::now().date_naive())),
    }
}

/// Worker threads for `--jobs N` (`None`: 0, rayon's default of one per core), capped at [`MAX_JOBS_PER_CORE`] per core and
/// [`MAX_JOBS`] in all (`--jobs 100000` overflowed the stack); with the warning to show when the cap applies.
///
/// # Errors
/// [`InputError`] for `--jobs 0`.
pub fn worker_threads(jobs: Option<usize>) -> Result<(usize, Option<String>), InputError> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let cap = (cores * MAX_JOBS_PER_CORE).min(MAX_JOBS);
    match jobs {
        // rayon's default: one per core (or RAYON_NUM_THREADS).
        None => Ok((0, None)),
        Some(0) => Err(InputError("--jobs must be at least 1".into())),
        Some(n) if n > cap => Ok((
            cap,
            Some(format!(
                "--jobs {n} is more than {MAX_JOBS_PER_CORE} threads per core ({cores} cores, at most {MAX_JOBS}): \
                 using {cap} (results do not depend on it)"
            )),
        )),
        Some(n) => Ok((n, None)),
    }
}

/// Runs the parsed command line.
///
/// # Errors
/// Whatever stopped the command; [`exit_code`] maps it to the process exit status.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    // Set once, before any input is read.
    if let Some(mb) = cli.max_input_mb {
        crate::limits::raise_to_mb(mb);
    }
    // Decided once: how wide standard output is and whether to colour it.
    let term = Terminal::detect(cli.color);
    match cli.command {
        Command::Price(args) => price::run(*args, &term),
        Command::Run(args) => run::run(*args, term),
        Command::Render(args) => render::run(args, &term),
        Command::Merge(args) => merge::run(*args, term),
        Command::Calibrate(args) => calibrate::run(*args, &term),
        Command::Import(args) => import::run(*args),
        Command::Diff(args) => diff::run(args, &term),
        Command::Pricing(command) => pricing::run(command),
        Command::Completions(args) => manual::completions(&args),
        Command::Man(args) => manual::man(&args),
    }
}

/// The layout of a table written to `out` (a file: the full form, never escape codes), or printed on `term`.
fn layout_for(out: Option<&Path>, term: &Terminal) -> Terminal {
    if out.is_some() {
        Terminal::PLAIN
    } else {
        *term
    }
}

/// Writes `text` to `out` atomically (complete or absent) and says so on standard error, or prints it.
fn emit(out: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match out {
        Some(path) => {
            crate::output::write_atomic(path, text.as_bytes())?;
            crate::output::note(format_args!("wrote {}", path.display()));
            Ok(())
        }
        None => crate::output::print(text).context("cannot write to standard output"),
    }
}

/// Exit status for an error: 1 for invalid input (flags, files, catalogs), 2 for I/O and internal errors,
/// [`GATE_EXIT`] for a diff above its `--fail-above` limit.
pub fn exit_code(error: &anyhow::Error) -> u8 {
    if error.downcast_ref::<GateExceeded>().is_some() {
        return GATE_EXIT;
    }
    let invalid = error.downcast_ref::<InputError>().is_some()
        || error.downcast_ref::<crate::shard::ShardError>().is_some_and(crate::shard::ShardError::is_input)
        || error.downcast_ref::<crate::diff::DiffError>().is_some()
        || error.downcast_ref::<crate::diff::LimitError>().is_some()
        || error
            .downcast_ref::<crate::pricing::PricingError>()
            .is_some_and(|e| !matches!(e, crate::pricing::PricingError::Io { .. }))
        || error.downcast_ref::<crate::report::run::ReportError>().is_some()
        || error
            .downcast_ref::<crate::pricing::offer::OfferError>()
            .is_some_and(|e| !matches!(e, crate::pricing::offer::OfferError::Io { .. }))
        || error
            .downcast_ref::<crate::iac::ImportError>()
            .is_some_and(|e| !matches!(e, crate::iac::ImportError::Read { .. }))
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
