//! Charts of a run report for the capacity review, each a standalone SVG document (900 × 520 px, no external
//! fonts or links) drawn with plotters.
//!
//! - [`power_tuning`]: cost per invocations and p50/tail latency by memory size, the familiar AWS Lambda Power
//!   Tuning picture, as two aligned panels rather than one chart with two y axes.
//! - [`bill`]: the monthly bill of every setting, stacked by component, free-tier credit below zero.
//! - [`latency`]: the latency distribution of the recommended settings, tail spread out.
//! - [`concurrency`]: busy environments, cold starts and throttles over simulated time.
//! - [`pareto`]: monthly cost against p99 latency with the Pareto frontier.
//! - [`queue`]: backlog and oldest waiting event or message over simulated time, where events wait (async,
//!   schedule and SQS triggers only).
//!
//! An application review has its own three (`fleet.rs`): savings per function, the account's concurrency
//! stacked by function, and the bill by function today and after.
//!
//! Every chart draws something for every report: with no feasible setting, no recommendation or no timeline it
//! says so in the picture. x86_64 is always blue and arm64 always vermillion (Okabe–Ito palette); points are
//! drawn by standing and recommendations by shape (`marks.rs`), units scale to the data (`units.rs`), the
//! objective, timeout and concurrency limit are reference lines (`refline.rs`) and labels never collide
//! (`labels.rs`).

mod axis;
mod bill;
mod concurrency;
mod fleet;
mod labels;
mod latency;
mod marks;
mod pareto;
mod power_tuning;
mod queue;
mod refline;
mod style;
mod units;

#[cfg(test)]
mod tests;

pub use bill::bill;
pub use concurrency::concurrency;
pub use latency::latency;
pub use pareto::pareto;
pub use power_tuning::power_tuning;
pub use queue::queue;
#[cfg(test)]
pub(crate) use style::FONT;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::report::run::RunReport;
use crate::Architecture;

/// Which chart: what the page that shows it says about it depends on this, never on its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Cost and latency against memory, in two aligned panels.
    PowerTuning,
    /// The monthly bill of each setting.
    Bill,
    /// The latency percentiles of each setting.
    Latency,
    /// Concurrency over the simulated day.
    Concurrency,
    /// The queue's backlog and age (SQS and async functions).
    Queue,
    /// Cost against p99, with the frontier.
    Pareto,
    /// A fleet's monthly saving per function.
    FleetSavings,
    /// A fleet's unreserved pool over the day after the change.
    FleetConcurrency,
    /// A fleet's per-function cost today and after.
    FleetBill,
}

impl ChartKind {
    /// The file it is saved under in `charts/`.
    pub fn file_name(self) -> &'static str {
        match self {
            ChartKind::PowerTuning => "power-tuning.svg",
            ChartKind::Bill => "bill.svg",
            ChartKind::Latency => "latency.svg",
            ChartKind::Concurrency => "concurrency.svg",
            ChartKind::Queue => "queue.svg",
            ChartKind::Pareto => "pareto.svg",
            ChartKind::FleetSavings => "fleet-savings.svg",
            ChartKind::FleetConcurrency => "fleet-concurrency.svg",
            ChartKind::FleetBill => "fleet-bill.svg",
        }
    }
}

/// One rendered chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// Which chart it is.
    pub kind: ChartKind,
    /// Its title, as drawn at its top (scenario name included).
    pub title: String,
    /// The SVG document.
    pub svg: String,
}

/// Every chart of a fleet report, in the report's order: savings, concurrency, bill (see [`fleet`](mod@fleet)).
pub fn fleet(report: &crate::report::fleet::FleetReport) -> Vec<Chart> {
    fleet::charts(report)
}

/// Every chart of `report`, always in the same order: power tuning, bill, latency, concurrency, (queue,) Pareto.
pub fn all(report: &RunReport) -> Vec<Chart> {
    type Render = fn(&RunReport) -> String;
    let mut charts: Vec<(ChartKind, Render, Render)> = vec![
        (ChartKind::PowerTuning, power_tuning, power_tuning::title),
        (ChartKind::Bill, bill, bill::title),
        (ChartKind::Latency, latency, latency::title),
        (ChartKind::Concurrency, concurrency, concurrency::title),
    ];
    if report.scenario.trigger.kind.queued() {
        charts.push((ChartKind::Queue, queue, queue::title));
    }
    charts.push((ChartKind::Pareto, pareto, pareto::title));
    charts.into_iter().map(|(kind, draw, title)| Chart { kind, title: title(report), svg: draw(report) }).collect()
}

impl Chart {
    /// The file it is saved under in `charts/`, e.g. `power-tuning.svg`.
    pub fn file_name(&self) -> &'static str {
        self.kind.file_name()
    }
}

/// A decimal amount as f64 (NaN if it does not fit).
fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// The architectures the report has points for, in report order.
fn architectures(report: &RunReport) -> Vec<Architecture> {
    Architecture::ALL.into_iter().filter(|a| report.points.iter().any(|p| p.architecture == *a)).collect()
}

use crate::report::picks::setting;

/// What a recommended point is recommended for and what it is: `cost, balanced · arm64 1,024 MB`.
fn pick_label(report: &RunReport, index: usize) -> String {
    let marks = report.marks(index).join(", ");
    match report.points.get(index) {
        Some(p) if marks.is_empty() => setting(p),
        Some(p) => format!("{marks} · {}", setting(p)),
        None => marks,
    }
}

/// The recommended points that exist in the report.
fn recommended(report: &RunReport) -> Vec<usize> {
    report.recommended().into_iter().filter(|&i| i < report.points.len()).collect()
}
