//! The diff as a pull-request comment: the headline, the guardrail, a short table of the changed functions only
//! (the largest changes first; past [`MAX_ROWS`] the rest folded), the unchanged count and the recommended
//! totals in a line, and the details folded.

use std::cmp::Reverse;

use super::words::{self, md};
use crate::diff::{Diff, FunctionDiff, Status, Verdict};
use crate::report::format::{grouped, money};

/// Changed functions shown before the rest are folded [rows].
const MAX_ROWS: usize = 10;

const HEADER: &str =
    "| function | setting | monthly cost | change | p99 | cold starts | throttles | dropped | errors |\n\
|---|---|---:|---:|---:|---:|---:|---:|---:|\n";

pub(super) fn render(d: &Diff, verdict: Option<&Verdict>) -> String {
    let mut out = format!("**{}** · {}\n\n", md(&words::headline(d)), md(&words::subject(d)));
    if let Some(v) = verdict {
        if v.exceeded {
            out += &format!("**Over the limit:** {}.\n\n", md(&words::gate(v, d)));
        } else {
            out += &format!("{}.\n\n", md(&words::gate(v, d)));
        }
    }
    if let Some(w) = words::placeholders(d) {
        out += &format!("> ⚠ {}\n\n", md(&w));
    }
    let mut changed: Vec<&FunctionDiff> = d.functions.iter().filter(|f| f.status != Status::Unchanged).collect();
    // Largest change first; a stable sort keeps the report's order among equals.
    changed.sort_by_key(|f| Reverse(f.cost.change.abs()));
    if !changed.is_empty() {
        let (shown, folded) = changed.split_at(changed.len().min(MAX_ROWS));
        out += HEADER;
        for f in shown {
            out += &row(f, &d.currency);
        }
        out.push('\n');
        if !folded.is_empty() {
            out += &format!("<details><summary>{} more changed functions</summary>\n\n{HEADER}", folded.len());
            for f in folded {
                out += &row(f, &d.currency);
            }
            out += "\n</details>\n\n";
        }
    }
    let mut line = vec![words::unchanged(d)];
    line.extend(words::recommended(d));
    out += &format!("{}\n\n", md(&line.join(" ")));
    out += &details(d, &changed);
    out
}

/// One changed function: its setting, cost on both sides, change, HEAD's p99 and the ratios.
fn row(f: &FunctionDiff, currency: &str) -> String {
    let cost = match (&f.base, &f.head) {
        (Some(b), Some(h)) => format!("{} → {}", money(b.monthly_cost, currency), money(h.monthly_cost, currency)),
        (None, Some(h)) => money(h.monthly_cost, currency),
        (Some(b), None) => format!("{} → –", money(b.monthly_cost, currency)),
        (None, None) => String::new(),
    };
    let name = match f.status {
        Status::Added => format!("{} *(added)*", md(&f.name)),
        Status::Removed => format!("{} *(removed)*", md(&f.name)),
        Status::Changed | Status::Unchanged => md(&f.name),
    };
    let cells = [
        name,
        md(&words::setting_change(f)),
        md(&cost),
        md(&words::change(&f.cost, currency)),
        md(&words::latency(f, |s| s.p99_ms)),
        md(&words::ratio(f, |s| Some(s.cold_start_ratio))),
        md(&words::ratio(f, |s| Some(s.throttle_ratio))),
        md(&words::ratio(f, |s| s.dropped_ratio)),
        md(&words::ratio(f, |s| Some(s.error_ratio))),
    ];
    format!("| {} |\n", cells.join(" | "))
}

/// The folded details: every percentile and the requests of the changed functions, what was compared, the notes.
fn details(d: &Diff, changed: &[&FunctionDiff]) -> String {
    let mut out = String::from("<details><summary>Details</summary>\n\n");
    if !changed.is_empty() {
        out += "| function | p50 | p95 | p99 | requests / month |\n|---|---:|---:|---:|---:|\n";
        for f in changed {
            let requests = match (&f.base, &f.head) {
                (Some(b), Some(h)) if b.monthly_requests != h.monthly_requests => {
                    format!("{} → {}", grouped(b.monthly_requests, 0), grouped(h.monthly_requests, 0))
                }
                (_, Some(s)) | (Some(s), None) => grouped(s.monthly_requests, 0),
                (None, None) => String::new(),
            };
            let cells = [
                md(&words::name(f)),
                md(&words::latency(f, |s| s.p50_ms)),
                md(&words::latency(f, |s| s.p95_ms)),
                md(&words::latency(f, |s| s.p99_ms)),
                md(&requests),
            ];
            out += &format!("| {} |\n", cells.join(" | "));
        }
        out.push('\n');
    }
    let side = |label: &str, s: &crate::diff::Summary| {
        format!("- {label}: {} ({}, priced on {})\n", md(&s.origin.path), md(&s.origin.name), s.origin.date)
    };
    out += &side("BASE", &d.base);
    out += &side("HEAD", &d.head);
    for note in [Some(words::total_is(d).to_string()), words::basis(d), words::dates(d)].into_iter().flatten() {
        out += &format!("- {}\n", md(&note));
    }
    out += "- Latencies are the caller's, end to end where no caller waits (async, SQS, schedule).\n";
    out += &format!("- costsim {}\n\n</details>\n", env!("CARGO_PKG_VERSION"));
    out
}
