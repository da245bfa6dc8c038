//! The report of an application review (`costsim run shop.toml`): one row per function — what it costs now, what
//! to change, what that saves and risks — the account's totals, and each function's own sweep report.
//!
//! One versioned structure ([`FleetReport`]) feeds every renderer; its JSON (`report.json`, kind
//! [`FLEET_KIND`]) is a lossless dump that `costsim render` reads back.

mod csv;
mod folder;
mod html;
#[cfg(test)]
pub(crate) use html::FLEET_STYLE;
mod json;
mod markdown;
mod table;
pub mod words;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::run::{CatalogInfo, RunReport};
use crate::fleet::Fleet;
use crate::pricing::{Catalog, PricingError};
use crate::scenario::{Application, Objective};
use crate::warning::{push_unique, Warning};

pub use folder::{write_into, FLEET_FOLDER};

/// Version of the fleet report's JSON layout.
/// Version 2: each function's recommendations are structured, as the run report's version 4.
pub const FLEET_SCHEMA_VERSION: u32 = 2;
/// The `kind` of a fleet report.
pub const FLEET_KIND: &str = "costsim.fleet";

/// The application as run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApplicationInfo {
    /// Short name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// The file.
    pub path: String,
    /// Main region.
    pub region: String,
    /// Seed.
    pub seed: u64,
    /// Simulated time per replication [h].
    pub horizon_hours: u32,
    /// Replications per point.
    pub replications: u32,
    /// Whether the account's free tier applies.
    pub free_tier: bool,
    /// Account concurrency quota per region [environments].
    pub concurrency_limit: u32,
    /// The recommendation each function adopts.
    pub pick: Objective,
    /// Share of the unreserved pool from which functions are coupled [-].
    pub coupling_threshold: f64,
    /// The file's text.
    pub source: String,
    /// Command-line options that changed it.
    pub overrides: Vec<String>,
}

/// Everything an application review found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FleetReport {
    /// Layout version; see [`FLEET_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Always [`FLEET_KIND`].
    pub kind: String,
    /// costsim's version.
    pub costsim_version: String,
    /// The application.
    pub application: ApplicationInfo,
    /// Billing date.
    pub date: NaiveDate,
    /// The prices of the main region.
    pub catalog: CatalogInfo,
    /// The review.
    pub fleet: Fleet,
    /// Each function's own report (its sweep in the account's context), in the application's order.
    pub details: Vec<RunReport>,
    /// Things the reader should know, each once.
    pub warnings: Vec<Warning>,
    /// Set when the review was merged from some of its shards only (`costsim merge --partial`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<super::run::Incomplete>,
}

/// A copy of a function's points for its own report, their timelines moved into it rather than cloned: the
/// review's points are not drawn (its charts use `now_timeline` and `after_timeline`), and a timeline is most of
/// a point's memory (46 KB of 1,440 buckets).
fn points_moving_timelines(f: &mut crate::fleet::FleetFunction) -> Vec<crate::sweep::Point> {
    f.points
        .iter_mut()
        .map(|p| {
            let timeline = std::mem::take(&mut p.timeline);
            crate::sweep::Point { timeline, ..p.clone() }
        })
        .collect()
}

/// Output formats of an application review on standard output.
pub use super::run::RunFormat as FleetFormat;

impl FleetReport {
    /// The report of `fleet`, the review of `app` priced with `catalog` on `date`.
    ///
    /// # Errors
    /// [`PricingError::UnknownRegion`] when the catalog does not price a region.
    pub fn new(
        app: &Application,
        overrides: Vec<String>,
        catalog: &Catalog,
        date: NaiveDate,
        fleet: Fleet,
    ) -> Result<FleetReport, PricingError> {
        let mut fleet = fleet;
        let mut details = Vec::with_capacity(fleet.functions.len());
        let mut warnings = Vec::new();
        for (f, ff) in app.functions().iter().zip(&mut fleet.functions) {
            let s = f.scenario();
            let r = RunReport::new(
                s,
                s.source().to_string(),
                overrides.clone(),
                catalog,
                date,
                points_moving_timelines(ff),
            )?;
            details.push(r);
        }
        for w in fleet.now.bill.warnings.iter().chain(&fleet.after.bill.warnings) {
            push_unique(&mut warnings, w.clone());
        }
        let mut archs: Vec<crate::Architecture> =
            fleet.functions.iter().flat_map(|f| [f.now.architecture, f.after.architecture]).collect();
        archs.sort();
        archs.dedup();
        Ok(FleetReport {
            schema_version: FLEET_SCHEMA_VERSION,
            kind: FLEET_KIND.to_string(),
            costsim_version: env!("CARGO_PKG_VERSION").to_string(),
            application: ApplicationInfo {
                name: app.name().to_string(),
                description: app.description().to_string(),
                path: app.path().to_string(),
                region: app.region().to_string(),
                seed: app.seed(),
                horizon_hours: app.horizon_hours(),
                replications: app.replications(),
                free_tier: app.free_tier(),
                concurrency_limit: app.concurrency_limit(),
                pick: app.objective(),
                coupling_threshold: app.coupling_threshold(),
                source: app.source().to_string(),
                overrides,
            },
            date,
            catalog: CatalogInfo::new(catalog, app.region(), &archs, date)?,
            fleet,
            details,
            warnings,
            incomplete: None,
        })
    }

    /// The report as one self-contained HTML page, with `charts` inline, each linking to its file in `charts/`.
    pub fn html(&self, charts: &[crate::report::charts::Chart]) -> String {
        html::render(self, charts)
    }

    /// Renders the report in `format`, the table in its full form (for files and pipes).
    pub fn render(&self, format: FleetFormat) -> String {
        self.render_for(format, &crate::report::terminal::Terminal::PLAIN)
    }

    /// Renders the report in `format`, the table laid out for `terminal` (its width).
    pub fn render_for(&self, format: FleetFormat, terminal: &crate::report::terminal::Terminal) -> String {
        match format {
            FleetFormat::Table => table::render(self, terminal),
            FleetFormat::Csv => csv::render(self),
            FleetFormat::Json => {
                let mut out = Vec::new();
                super::run::write_pretty(&mut out, self).expect("report of plain values, written to memory");
                String::from_utf8(out).expect("JSON is UTF-8")
            }
            FleetFormat::Markdown => markdown::render(self),
        }
    }
}
