//! The report of one `costsim run`: the scenario as run, the prices used, every sweep point and the
//! recommendations. One versioned structure feeds every renderer; its JSON is a lossless dump that
//! `costsim render` reads back.

mod columns;
mod csv;
mod folder;
mod html;
mod json;
mod markdown;
mod stream;
mod table;
pub(crate) mod validate;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::pricing::{Catalog, PricingError, Rates};
use crate::recommend::Recommendations;
use crate::report::terminal::Terminal;
use crate::scenario::RecommendSpec;
use crate::scenario::Scenario;
use crate::sim::Timeline;
use crate::sweep::Point;
use crate::trigger::TriggerKind;
use crate::warning::{push_unique, Warning};
use crate::Architecture;

pub use columns::{columns, legend, Column};
pub(crate) use folder::report_entry;
pub use folder::{charts, write_folder, write_into, write_into_at, FolderError, CHARTS_FOLDER, REPORT_FOLDER};
pub(crate) use html::{esc, page};
pub(crate) use json::pretty;
pub use json::{ReportError, MAX_REPORT_BYTES, REPORT_KIND, REPORT_SCHEMA_VERSION};
pub(crate) use stream::write_pretty;

/// A ratio as a percentage for people: `0`, `<0.01%`, `1.25%`.
pub fn pct(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else if x < 0.0001 {
        "<0.01%".into()
    } else {
        format!("{:.2}%", x * 100.0)
    }
}

/// Output formats of `costsim run` on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunFormat {
    /// The sweep as a table with the recommendations, for the terminal.
    Table,
    /// One row per point, fixed units, for spreadsheets.
    Csv,
    /// The whole report, versioned.
    Json,
    /// The recommendations and the sweep in Markdown (`summary.md`).
    Markdown,
}

/// Everything one run found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunReport {
    /// Layout version of this structure; see [`REPORT_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Always [`REPORT_KIND`].
    pub kind: String,
    /// costsim's version.
    pub costsim_version: String,
    /// The scenario as run.
    pub scenario: ScenarioInfo,
    /// The billing date used.
    pub date: NaiveDate,
    /// The prices used.
    pub catalog: CatalogInfo,
    /// The sweep, architectures then memory sizes ascending.
    pub points: Vec<Point>,
    /// What to pick.
    pub recommendations: Recommendations,
    /// Concurrency over simulated time (first replication) of the recommended points.
    pub timelines: Vec<PointTimeline>,
    /// Things the reader should know, each once.
    pub warnings: Vec<crate::warning::Warning>,
    /// Set when the report was merged from some of its shards only (`costsim merge --partial`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete: Option<Incomplete>,
}

/// A report merged without some of its work units (`costsim merge --partial`): its sweep lacks those settings,
/// and its recommendations are among the settings present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incomplete {
    /// Work units (settings of a function, all replications) missing [units].
    pub missing_units: usize,
    /// Work units of the whole run [units].
    pub total_units: usize,
}

impl Incomplete {
    /// The sentence the summaries print.
    pub fn sentence(&self) -> String {
        format!(
            "Incomplete: merged without {} of {} work units (costsim merge --partial); the missing settings are \
             not in the sweep and no recommendation considers them.",
            self.missing_units, self.total_units
        )
    }
}

/// The scenario as run: its settings, its file, and the command-line overrides.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioInfo {
    /// Short name.
    pub name: String,
    /// One line saying what it models.
    pub description: String,
    /// The file it came from.
    pub path: String,
    /// AWS region.
    pub region: String,
    /// Seed of the first replication.
    pub seed: u64,
    /// Simulated time per replication [h].
    pub horizon_hours: u32,
    /// Replications per point.
    pub replications: u32,
    /// Whether the free tier was applied.
    pub free_tier: bool,
    /// Memory sizes swept [MB].
    pub memory_mb: Vec<u32>,
    /// Architectures swept.
    pub architectures: Vec<Architecture>,
    /// Mean arrival rate [requests/s].
    pub mean_rate_per_s: f64,
    /// The replayed traffic trace, when the scenario has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<crate::scenario::TraceSummary>,
    /// The schedule, when the trigger is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<crate::scenario::ScheduleSummary>,
    /// How events reached the function (absent in reports before triggers: synchronous).
    #[serde(default)]
    pub trigger: TriggerInfo,
    /// Recommendation settings.
    pub recommend: RecommendSpec,
    /// The function's invocation timeout [ms], for the charts' reference lines (absent in older reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u32>,
    /// The concurrency limit the simulation throttled at [environments] (absent in older reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency_limit: Option<u32>,
    /// The scenario file's text.
    pub source: String,
    /// Command-line options that changed it, e.g. `--memory 128,256`.
    pub overrides: Vec<String>,
}

impl ScenarioInfo {
    /// The summary of `scenario`, whose file text is `source`.
    pub fn new(scenario: &Scenario, source: String, overrides: Vec<String>) -> ScenarioInfo {
        ScenarioInfo {
            name: scenario.name().to_string(),
            description: scenario.description().to_string(),
            path: scenario.path().to_string(),
            region: scenario.region().to_string(),
            seed: scenario.seed(),
            horizon_hours: scenario.horizon_hours(),
            replications: scenario.replications(),
            free_tier: scenario.free_tier(),
            memory_mb: scenario.memory_mb().to_vec(),
            architectures: scenario.architectures().to_vec(),
            mean_rate_per_s: scenario.mean_rate_per_s(),
            trace: scenario.trace().cloned(),
            schedule: scenario.schedule().cloned(),
            trigger: TriggerInfo {
                kind: scenario.trigger().kind(),
                settings: scenario.trigger().settings().into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            },
            recommend: scenario.recommend().clone(),
            timeout_ms: Some(scenario.timeout_ms()),
            concurrency_limit: scenario.platform().concurrency_limit(),
            source,
            overrides,
        }
    }
}

/// The trigger as run: its type and its settings in scenario-file terms.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TriggerInfo {
    /// Sync, async, SQS or schedule.
    pub kind: TriggerKind,
    /// (key, value with unit) pairs, defaults included.
    pub settings: Vec<(String, String)>,
}

/// The prices a run used, with their provenance.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CatalogInfo {
    /// Where the catalog came from.
    pub origin: String,
    /// ISO 4217 currency.
    pub currency: String,
    /// Region code.
    pub region: String,
    /// Region display name.
    pub region_name: String,
    /// Every price of the region for the swept architectures.
    pub prices: Vec<PriceInfo>,
}

/// One price as the report shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PriceInfo {
    /// Architecture.
    pub architecture: Architecture,
    /// Catalog dimension, e.g. `duration`.
    pub dimension: String,
    /// Unit, e.g. `GB-s`.
    pub unit: String,
    /// (first unit of the band, price per unit) pairs.
    pub tiers: Vec<(rust_decimal::Decimal, rust_decimal::Decimal)>,
    /// From when it applies.
    pub effective_date: NaiveDate,
    /// Where it comes from.
    pub source: String,
    /// How it was derived, when it is an estimate.
    pub derived: Option<String>,
}

impl CatalogInfo {
    /// The prices of `region` for `architectures` on `date`.
    ///
    /// # Errors
    /// [`PricingError::UnknownRegion`].
    pub fn new(
        catalog: &Catalog,
        region: &str,
        architectures: &[Architecture],
        date: NaiveDate,
    ) -> Result<Self, PricingError> {
        let mut prices = Vec::new();
        for &arch in architectures {
            let rates = catalog.rates(region, arch, date)?;
            prices.extend(price_infos(&rates));
        }
        Ok(CatalogInfo {
            origin: catalog.origin().to_string(),
            currency: catalog.currency().to_string(),
            region: region.to_string(),
            region_name: catalog.regions().get(region).cloned().unwrap_or_default(),
            prices,
        })
    }
}

fn price_infos(r: &Rates) -> Vec<PriceInfo> {
    let all = [
        ("requests", "request", Some(&r.requests)),
        ("duration", "GB-s", Some(&r.duration)),
        ("provisioned_concurrency", "GB-s", r.provisioned_concurrency.as_ref()),
        ("provisioned_duration", "GB-s", r.provisioned_duration.as_ref()),
        ("ephemeral_storage", "GB-s", r.ephemeral_storage.as_ref()),
        ("snapstart_cache", "GB-s", r.snapstart_cache.as_ref()),
        ("snapstart_restore", "GB", r.snapstart_restore.as_ref()),
    ];
    all.into_iter()
        .filter_map(|(dimension, unit, p)| {
            p.map(|p| PriceInfo {
                architecture: r.architecture,
                dimension: dimension.into(),
                unit: unit.into(),
                tiers: p.tiers.iter().map(|t| (t.start, t.price)).collect(),
                effective_date: p.effective_date,
                source: p.source.clone(),
                derived: p.derived.clone(),
            })
        })
        .collect()
}

/// The concurrency timeline of one point.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PointTimeline {
    /// Index into the report's `points`.
    pub point: usize,
    /// The timeline.
    pub timeline: Timeline,
}

impl RunReport {
    /// The report of `points`, a sweep of `scenario` (whose file text is `source`, changed by `overrides`)
    /// priced with `catalog` on `date`: recommendations, warnings and the recommended points' timelines.
    ///
    /// # Errors
    /// [`PricingError::UnknownRegion`] when the catalog does not price the scenario's region.
    pub fn new(
        scenario: &Scenario,
        source: String,
        overrides: Vec<String>,
        catalog: &Catalog,
        date: NaiveDate,
        points: Vec<Point>,
    ) -> Result<RunReport, PricingError> {
        let mut recommendations = crate::recommend::recommend(&points, scenario.recommend());
        let largest = points.iter().map(|p| p.memory_mb).max().unwrap_or_default();
        let required = scenario.required_memory_mb();
        if let Some(why) = recommendations.infeasible.as_mut().filter(|_| required > largest) {
            why.required_mb = Some(required);
        }
        let mut warnings = Vec::new();
        for w in points.iter().flat_map(|p| &p.bill.warnings) {
            push_unique(&mut warnings, w.clone());
        }
        if points.iter().all(|p| !p.feasible) {
            push_unique(&mut warnings, Warning::NoFeasibleMemory { required_memory_mb: scenario.required_memory_mb() });
        }
        let mut report = RunReport {
            schema_version: REPORT_SCHEMA_VERSION,
            kind: REPORT_KIND.to_string(),
            costsim_version: env!("CARGO_PKG_VERSION").to_string(),
            date,
            catalog: CatalogInfo::new(catalog, scenario.region(), scenario.architectures(), date)?,
            scenario: ScenarioInfo::new(scenario, source, overrides),
            points,
            recommendations,
            timelines: Vec::new(),
            warnings,
            incomplete: None,
        };
        // Moved, not cloned, and every other point's dropped: a point's timeline is not part of its JSON, and only
        // the recommended points' are drawn (1,440 buckets, 46 KB, per point of a sweep of thousands).
        report.timelines = report
            .recommended()
            .into_iter()
            .map(|point| PointTimeline { point, timeline: std::mem::take(&mut report.points[point].timeline) })
            .collect();
        for p in &mut report.points {
            p.timeline = Timeline::default();
        }
        Ok(report)
    }

    /// Renders the report in `format`, the table in its full form (for files and pipes).
    pub fn render(&self, format: RunFormat) -> String {
        self.render_for(format, &Terminal::PLAIN)
    }

    /// Renders the report in `format`, the table laid out for `terminal` (its width and colour).
    pub fn render_for(&self, format: RunFormat, terminal: &Terminal) -> String {
        match format {
            RunFormat::Table => table::render(self, terminal),
            RunFormat::Csv => csv::render(self),
            RunFormat::Json => json::render(self),
            RunFormat::Markdown => markdown::render(self),
        }
    }

    /// Short labels of the recommendations a point carries (`cost`, `speed`, `balanced`, `slo`), and `today` on
    /// the setting the function runs with now.
    pub fn marks(&self, index: usize) -> Vec<&'static str> {
        let r = &self.recommendations;
        let mut marks: Vec<&'static str> = r.picks().filter(|(_, p)| p.index == index).map(|(s, _)| s.key()).collect();
        if r.current == Some(index) {
            marks.push("today");
        }
        marks
    }

    /// The self-contained HTML page (`index.html`) with `charts` inline, each linking to its file in `charts/`.
    pub fn html(&self, charts: &[crate::report::charts::Chart]) -> String {
        html::render(self, charts)
    }

    /// Indices of the recommended points, each once, in the order cost, speed, balanced, slo.
    pub fn recommended(&self) -> Vec<usize> {
        RunReport::drawn(&self.recommendations)
    }

    /// The points whose timelines a report of `r` keeps (and draws): every recommended point, once, in the
    /// order of [`Recommendations::picks`]. `costsim merge` reads only these timelines back from the shards.
    pub fn drawn(r: &Recommendations) -> Vec<usize> {
        let mut out = Vec::new();
        for (_, p) in r.picks() {
            if !out.contains(&p.index) {
                out.push(p.index);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
