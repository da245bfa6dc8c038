//! The sweep's columns in the human formats (table, Markdown, HTML), chosen by trigger: what a reviewer of that
//! pattern looks at — caller latency and throttles for an API, end-to-end time, retries and drops for events,
//! message age, backlog and batches for a queue.

use rust_decimal::prelude::ToPrimitive;

use super::pct;
use crate::report::format::{duration_ms as ms, money};
use crate::sweep::{DeliveryStats, Point};
use crate::trigger::TriggerKind;

/// One column: its title, whether it is text (left-aligned), and how a point fills it.
#[derive(Clone, Copy)]
pub struct Column {
    /// The header.
    pub title: &'static str,
    /// Left-aligned (text) rather than right-aligned (numbers).
    pub left: bool,
    cell: fn(&Point) -> String,
}

impl Column {
    /// The point's cell, formatted for people.
    pub fn cell(&self, p: &Point) -> String {
        (self.cell)(p)
    }
}

const fn col(title: &'static str, cell: fn(&Point) -> String) -> Column {
    Column { title, left: false, cell }
}

/// A delivery figure, or "–" for a point without delivery statistics.
fn d(p: &Point, f: impl Fn(&DeliveryStats) -> String) -> String {
    p.delivery.as_ref().map_or_else(|| "–".into(), f)
}

/// A latency, or "–" where the setting runs out of memory: its "latencies" are those of failures.
fn lat(p: &Point, ms_value: f64) -> String {
    if p.feasible {
        ms(ms_value)
    } else {
        "–".into()
    }
}

const ARCH: Column = Column { title: "arch", left: true, cell: |p| p.architecture.to_string() };
const MEMORY: Column = Column { title: "memory", left: true, cell: |p| format!("{} MB", p.memory_mb) };
const COST: Column = col("$/month", |p| if p.feasible { money(p.monthly_cost, "USD") } else { "OOM".into() });
const CI: Column = col("±95%", |p| {
    if p.feasible {
        p.monthly_cost_ci95.map(|c| format!("±{c:.2}")).unwrap_or_default()
    } else {
        String::new()
    }
});
const PER_MILLION: Column = col("$/1M req", |p| money(p.cost_per_million, "USD"));
const COLD: Column = col("cold", |p| pct(p.cold_start_ratio));
const ERRORS: Column = col("errors", |p| pct(p.error_ratio));
const CONCURRENCY: Column = col("conc.", |p| format!("{:.1}", p.mean_concurrency));
const DROPPED: Column = col("dropped", |p| d(p, |d| pct(d.dropped_ratio)));

/// Cost per million events or messages (not invocations: a batch or a retry is not what the team counts).
fn per_million_events(p: &Point) -> String {
    d(p, |d| {
        let cost = p.monthly_cost.to_f64().unwrap_or(f64::NAN);
        if d.monthly_events > 0.0 {
            format!("${:.2}", cost / d.monthly_events * 1e6)
        } else {
            "–".into()
        }
    })
}

/// The columns for a sweep of a function triggered as `kind`.
pub fn columns(kind: TriggerKind) -> Vec<Column> {
    match kind {
        TriggerKind::Sync => vec![
            ARCH,
            MEMORY,
            COST,
            CI,
            PER_MILLION,
            col("mean", |p| lat(p, p.latency.mean_ms)),
            col("p50", |p| lat(p, p.latency.p50_ms)),
            col("p95", |p| lat(p, p.latency.p95_ms)),
            col("p99", |p| lat(p, p.latency.p99_ms)),
            COLD,
            col("throttle", |p| pct(p.throttle_ratio)),
            ERRORS,
            CONCURRENCY,
        ],
        TriggerKind::Schedule => vec![
            ARCH,
            MEMORY,
            COST,
            CI,
            col("$/1M events", per_million_events),
            col("late p99", |p| d(p, |d| lat(p, d.wait.p99_ms))),
            col("e2e p99", |p| d(p, |d| lat(p, d.end_to_end.p99_ms))),
            col("run p99", |p| lat(p, p.latency.p99_ms)),
            col("attempts", |p| d(p, |d| format!("{:.2}", d.invocations_per_event))),
            col("overlap", |p| d(p, |d| d.overlap_ratio.map_or_else(|| "–".into(), pct))),
            DROPPED,
            ERRORS,
            CONCURRENCY,
        ],
        TriggerKind::Async => vec![
            ARCH,
            MEMORY,
            COST,
            CI,
            col("$/1M events", per_million_events),
            col("e2e p50", |p| d(p, |d| lat(p, d.end_to_end.p50_ms))),
            col("e2e p99", |p| d(p, |d| lat(p, d.end_to_end.p99_ms))),
            col("run p99", |p| lat(p, p.latency.p99_ms)),
            col("attempts", |p| d(p, |d| format!("{:.2}", d.invocations_per_event))),
            DROPPED,
            ERRORS,
            COLD,
            CONCURRENCY,
        ],
        TriggerKind::Sqs => vec![
            ARCH,
            MEMORY,
            COST,
            CI,
            col("$/1M msgs", per_million_events),
            col("age p50", |p| d(p, |d| lat(p, d.end_to_end.p50_ms))),
            col("age p99", |p| d(p, |d| lat(p, d.end_to_end.p99_ms))),
            col("oldest", |p| d(p, |d| lat(p, d.max_oldest_age_ms))),
            col("backlog", |p| d(p, |d| d.peak_backlog.to_string())),
            col("batch", |p| d(p, |d| d.mean_batch_size.map_or_else(|| "–".into(), |b| format!("{b:.1}")))),
            DROPPED,
            ERRORS,
            CONCURRENCY,
        ],
    }
}

/// What the columns of `kind` mean, in one sentence for under the table.
pub fn legend(kind: TriggerKind) -> &'static str {
    match kind {
        TriggerKind::Sync => {
            "latency is what callers see (INIT + duration on cold starts); throttle: requests refused (not retried)"
        }
        TriggerKind::Schedule => {
            "late: how long after its scheduled time (inside a flexible window: its drawn time) a run starts; e2e: from then to the end of the successful attempt, retries \
             included; run: one invocation; attempts: invocations per event; overlap: runs started while an earlier \
             one was still running; dropped: events discarded for age or after the last retry"
        }
        TriggerKind::Async => {
            "e2e: event arrival to the end of its successful attempt, waits and retries included; run: one \
             invocation; attempts: invocations per event; dropped: events discarded for age or after the last retry"
        }
        TriggerKind::Sqs => {
            "age: a message's age when its batch succeeds; oldest: the oldest age a message not yet received reached \
             (the pollers' lag); backlog: most messages in the queue at once (in flight included); batch: mean messages per invocation; dropped: past retention \
             or moved to the dead-letter queue"
        }
    }
}
