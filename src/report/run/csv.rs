//! One row per sweep point, fixed units in the headers, plain numbers: ready for a spreadsheet.

use super::RunReport;
use crate::report::format::plain;

const HEADER: [&str; 24] = [
    "architecture",
    "memory_mb",
    "feasible",
    "monthly_cost_usd",
    "monthly_cost_ci95_usd",
    "cost_per_million_usd",
    "mean_ms",
    "p50_ms",
    "p90_ms",
    "p95_ms",
    "p99_ms",
    "p99_ci95_ms",
    "max_ms",
    "cold_start_ratio",
    "throttle_ratio",
    "error_ratio",
    "mean_concurrency",
    "peak_concurrency",
    "pc_utilisation",
    "monthly_gb_s",
    "monthly_requests",
    "simulated_invocations",
    "pareto",
    "recommended",
];

fn f(x: f64, dp: usize) -> String {
    format!("{x:.dp$}")
}

fn opt(x: Option<f64>, dp: usize) -> String {
    x.map(|x| f(x, dp)).unwrap_or_default()
}

pub(super) fn render(report: &RunReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER).expect("writing to memory");
    for (i, p) in report.points.iter().enumerate() {
        let l = &p.latency;
        w.write_record([
            p.architecture.to_string(),
            p.memory_mb.to_string(),
            p.feasible.to_string(),
            plain(p.monthly_cost, 6),
            opt(p.monthly_cost_ci95, 6),
            plain(p.cost_per_million, 6),
            f(l.mean_ms, 3),
            f(l.p50_ms, 3),
            f(l.p90_ms, 3),
            f(l.p95_ms, 3),
            f(l.p99_ms, 3),
            opt(p.p99_ci95_ms, 3),
            f(l.max_ms, 3),
            f(p.cold_start_ratio, 6),
            f(p.throttle_ratio, 6),
            f(p.error_ratio, 6),
            f(p.mean_concurrency, 4),
            p.peak_concurrency.to_string(),
            opt(p.pc_utilisation, 6),
            plain(p.monthly_gb_s, 3),
            plain(p.monthly_requests, 0),
            p.simulated_invocations.to_string(),
            report.recommendations.pareto.contains(&i).to_string(),
            report.marks(i).join(" "),
        ])
        .expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8")
}
