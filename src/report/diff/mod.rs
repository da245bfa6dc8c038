//! The diff of two runs (`costsim diff`) for people and programs: a terminal table, a pull-request comment in
//! Markdown, and versioned JSON (kind [`DIFF_KIND`]). Every renderer takes the same structured [`Diff`] and,
//! with `--fail-above`, its [`Verdict`]; the sentences are in [`words`].

mod json;
mod markdown;
mod table;
pub mod words;

use crate::diff::{Diff, DiffError, Origin, Side, Verdict};
use crate::report::fleet::FleetReport;
use crate::report::run::RunReport;
use crate::scenario::Objective;

pub use json::{DIFF_KIND, DIFF_SCHEMA_VERSION};

/// Output formats of `costsim diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    /// Per function and in total, for the terminal (about 100 columns).
    Table,
    /// A pull-request comment: the headline, the changed functions, details folded.
    Md,
    /// Everything compared, versioned, money as exact decimals.
    Json,
}

/// `diff` in `format`, with the guardrail's `verdict` when `--fail-above` was given; the table in its full form
/// (for files and pipes).
pub fn render(diff: &Diff, verdict: Option<&Verdict>, format: DiffFormat) -> String {
    render_for(diff, verdict, format, &crate::report::terminal::Terminal::PLAIN)
}

/// [`render`] with the table laid out for `terminal` (its width).
pub fn render_for(
    diff: &Diff,
    verdict: Option<&Verdict>,
    format: DiffFormat,
    terminal: &crate::report::terminal::Terminal,
) -> String {
    match format {
        DiffFormat::Table => table::render(diff, verdict, terminal),
        DiffFormat::Md => markdown::render(diff, verdict),
        DiffFormat::Json => json::render(diff, verdict),
    }
}

/// The side of a single function's run report read from `path`: at today's setting with `today` (give it only
/// when both reports state one), else at the `pick` recommendation ([`Side::run`]).
///
/// # Errors
/// [`DiffError::NoPoint`] when that point does not exist.
pub fn run_side(path: &str, r: &RunReport, today: bool, pick: Objective) -> Result<Side, DiffError> {
    let origin = Origin {
        path: path.to_string(),
        name: r.scenario.name.clone(),
        currency: r.catalog.currency.clone(),
        date: r.date,
    };
    Side::run(origin, &r.points, &r.recommendations, today, pick)
}

/// The side of an application's report read from `path` ([`Side::fleet`]).
///
/// # Errors
/// [`DiffError::DuplicateFunction`] when two functions share a name.
pub fn fleet_side(path: &str, r: &FleetReport) -> Result<Side, DiffError> {
    let origin = Origin {
        path: path.to_string(),
        name: r.application.name.clone(),
        currency: r.catalog.currency.clone(),
        date: r.date,
    };
    Side::fleet(origin, r.application.pick, &r.fleet)
}

#[cfg(test)]
mod tests;
