//! The report of one `costsim run`: the scenario as run, every sweep point and the recommendations. One
//! versioned structure feeds every renderer; JSON is its lossless dump.

mod csv;
mod json;
mod table;

use chrono::NaiveDate;
use serde::Serialize;

use crate::recommend::Recommendations;
use crate::scenario::Scenario;
use crate::sweep::Point;

pub use json::REPORT_SCHEMA_VERSION;

/// Output formats of `costsim run` on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RunFormat {
    /// The sweep as a table with the recommendations, for the terminal.
    Table,
    /// One row per point, fixed units, for spreadsheets.
    Csv,
    /// The whole report, versioned.
    Json,
}

/// Everything one run found.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    /// costsim's version.
    pub costsim_version: String,
    /// The scenario as run (overrides applied).
    pub scenario: Scenario,
    /// The billing date used.
    pub date: NaiveDate,
    /// Where the prices came from.
    pub catalog: String,
    /// The sweep, architectures then memory sizes ascending.
    pub points: Vec<Point>,
    /// What to pick.
    pub recommendations: Recommendations,
    /// Things the reader should know.
    pub warnings: Vec<String>,
}

impl RunReport {
    /// Renders the report in `format`.
    pub fn render(&self, format: RunFormat) -> String {
        match format {
            RunFormat::Table => table::render(self),
            RunFormat::Csv => csv::render(self),
            RunFormat::Json => json::render(self),
        }
    }

    /// Short labels of the recommendations a point carries (`cost`, `speed`, `balanced`, `slo`).
    pub fn marks(&self, index: usize) -> Vec<&'static str> {
        let r = &self.recommendations;
        [(&r.cost, "cost"), (&r.speed, "speed"), (&r.balanced, "balanced"), (&r.slo, "slo")]
            .into_iter()
            .filter(|(p, _)| p.as_ref().is_some_and(|p| p.index == index))
            .map(|(_, m)| m)
            .collect()
    }
}
