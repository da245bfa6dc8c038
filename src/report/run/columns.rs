//! The sweep's columns in the human formats (table, Markdown, HTML), chosen by trigger: what a reviewer of that
//! pattern looks at — caller latency and throttles for an API, end-to-end time, retries and drops for events,
//! message age, backlog and batches for a queue.

use super::pct;
use crate::report::format::{duration_ms as ms, memory, money};
use crate::sweep::{DeliveryStats, Point};
use crate::trigger::TriggerKind;

/// One column: its title, whether it is text (left-aligned), and how a point fills it.
#[derive(Clone, Copy)]
pub struct Column {
    /// The header, `$` standing for the report's currency.
    pub title: &'static str,
    /// Left-aligned (text) rather than right-aligned (numbers).
    pub left: bool,
    /// Meaningful on a setting that runs out of memory (its setting, "OOM", its errors); every other cell of
    /// such a row is "–": its latencies, cold starts and concurrency are those of failures.
    on_oom: bool,
    cell: fn(&Point, &str) -> String,
}

impl Column {
    /// The point's cell, formatted for people, amounts in `currency` (ISO 4217).
    pub fn cell(&self, p: &Point, currency: &str) -> String {
        if p.feasible || self.on_oom {
            (self.cell)(p, currency)
        } else {
            "–".into()
        }
    }

    /// The header in `currency`: `$/month`, or `EUR/month` in a catalog priced in euros.
    pub fn heading(&self, currency: &str) -> String {
        if currency == "USD" {
            self.title.to_string()
        } else {
            self.title.replace('$', currency)
        }
    }
}

const fn col(title: &'static str, cell: fn(&Point, &str) -> String) -> Column {
    Column { title, left: false, on_oom: false, cell }
}

/// A delivery figure, or "–" for a point without delivery statistics.
fn d(p: &Point, f: impl Fn(&DeliveryStats) -> String) -> String {
    p.delivery.as_ref().map_or_else(|| "–".into(), f)
}

const ARCH: Column = Column { title: "arch", left: true, on_oom: true, cell: |p, _| p.architecture.to_string() };
const MEMORY: Column = Column { title: "memory", left: true, on_oom: true, cell: |p, _| memory(p.memory_mb) };
const COST: Column = Column {
    on_oom: true,
    ..col("$/month", |p, cur| if p.feasible { money(p.monthly_cost, cur) } else { "OOM".into() })
};
const CI: Column = col("±95%", |p, _| p.monthly_cost_ci95.map(|c| format!("±{c:.2}")).unwrap_or_default());
const PER_MILLION: Column = col("$/1M req", |p, cur| money(p.cost_per_million, cur));
const COLD: Column = col("cold", |p, _| pct(p.cold_start_ratio));
const ERRORS: Column = Column { on_oom: true, ..col("errors", |p, _| pct(p.error_ratio)) };
const CONCURRENCY: Column = col("conc.", |p, _| format!("{:.1}", p.mean_concurrency));
const DROPPED: Column = col("dropped", |p, _| d(p, |d| pct(d.dropped_ratio)));

/// Cost per million events or messages (not invocations: a batch or a retry is not what the team counts).
fn per_million_events(p: &Point, currency: &str) -> String {
    d(p, |d| if d.monthly_events > 0.0 { money(crate::recommend::per_million(p), currency) } else { "–".into() })
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
            col("mean", |p, _| ms(p.latency.mean_ms)),
            col("p50", |p, _| ms(p.latency.p50_ms)),
            col("p95", |p, _| ms(p.latency.p95_ms)),
            col("p99", |p, _| ms(p.latency.p99_ms)),
            COLD,
            col("throttle", |p, _| pct(p.throttle_ratio)),
            ERRORS,
            CONCURRENCY,
        ],
        TriggerKind::Schedule => vec![
            ARCH,
            MEMORY,
            COST,
            CI,
            col("$/1M events", per_million_events),
            col("late p99", |p, _| d(p, |d| ms(d.wait.p99_ms))),
            col("e2e p99", |p, _| d(p, |d| ms(d.end_to_end.p99_ms))),
            col("run p99", |p, _| ms(p.latency.p99_ms)),
            col("attempts", |p, _| d(p, |d| format!("{:.2}", d.invocations_per_event))),
            col("overlap", |p, _| d(p, |d| d.overlap_ratio.map_or_else(|| "–".into(), pct))),
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
            col("e2e p50", |p, _| d(p, |d| ms(d.end_to_end.p50_ms))),
            col("e2e p99", |p, _| d(p, |d| ms(d.end_to_end.p99_ms))),
            col("run p99", |p, _| ms(p.latency.p99_ms)),
            col("attempts", |p, _| d(p, |d| format!("{:.2}", d.invocations_per_event))),
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
            col("age p50", |p, _| d(p, |d| ms(d.end_to_end.p50_ms))),
            col("age p99", |p, _| d(p, |d| ms(d.end_to_end.p99_ms))),
            col("oldest", |p, _| d(p, |d| ms(d.max_oldest_age_ms))),
            col("backlog", |p, _| d(p, |d| d.peak_backlog.to_string())),
            col("batch", |p, _| d(p, |d| d.mean_batch_size.map_or_else(|| "–".into(), |b| format!("{b:.1}")))),
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
