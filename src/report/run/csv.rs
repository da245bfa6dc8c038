//! One row per sweep point, fixed units in the headers, plain numbers: ready for a spreadsheet.

use super::RunReport;
use crate::report::format::plain;

const HEADER: [&str; 44] = [
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
    // The trigger's columns: empty where they do not apply (a synchronous trigger has no queue).
    "trigger",
    "gateway_timeout_ratio",
    "code_error_ratio",
    "monthly_events",
    "dropped_ratio",
    "expired_ratio",
    "exhausted_ratio",
    "pending_ratio",
    "invocations_per_event",
    "error_retries_per_event",
    "throttle_retries_per_event",
    "wait_p99_ms",
    "end_to_end_mean_ms",
    "end_to_end_p50_ms",
    "end_to_end_p99_ms",
    "peak_backlog",
    "max_oldest_age_ms",
    "mean_batch_size",
    "monthly_sqs_requests",
    "overlap_ratio",
];

fn f(x: f64, dp: usize) -> String {
    format!("{x:.dp$}")
}

fn opt(x: Option<f64>, dp: usize) -> String {
    x.map(|x| f(x, dp)).unwrap_or_default()
}

/// A delivery figure, empty for a point without delivery statistics (a synchronous trigger).
fn dl(p: &crate::sweep::Point, cell: impl Fn(&crate::sweep::DeliveryStats) -> String) -> String {
    p.delivery.as_ref().map(cell).unwrap_or_default()
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
            report.scenario.trigger.kind.name().to_string(),
            f(p.gateway_timeout_ratio, 6),
            f(p.code_error_ratio, 6),
            dl(p, |d| f(d.monthly_events, 3)),
            dl(p, |d| f(d.dropped_ratio, 6)),
            dl(p, |d| f(d.expired_ratio, 6)),
            dl(p, |d| f(d.exhausted_ratio, 6)),
            dl(p, |d| f(d.pending_ratio, 6)),
            dl(p, |d| f(d.invocations_per_event, 6)),
            dl(p, |d| f(d.error_retries_per_event, 6)),
            dl(p, |d| f(d.throttle_retries_per_event, 6)),
            dl(p, |d| f(d.wait.p99_ms, 3)),
            dl(p, |d| f(d.end_to_end.mean_ms, 3)),
            dl(p, |d| f(d.end_to_end.p50_ms, 3)),
            dl(p, |d| f(d.end_to_end.p99_ms, 3)),
            dl(p, |d| d.peak_backlog.to_string()),
            dl(p, |d| f(d.max_oldest_age_ms, 3)),
            dl(p, |d| opt(d.mean_batch_size, 3)),
            dl(p, |d| opt(d.monthly_sqs_requests, 0)),
            dl(p, |d| opt(d.overlap_ratio, 6)),
        ])
        .expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8")
}
