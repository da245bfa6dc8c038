//! The recommendations in words. `recommend` decides and measures (structured picks); this module writes every
//! sentence the table, Markdown, HTML and charts say about them, so that each is written once.
//!
//! Comparisons are stated one way everywhere: from the setting compared with to the one recommended, as a
//! signed difference with its relative size — money as "saves $15.18/month (16%)" or "costs $5.70/month more
//! (+7%)", latency as "mean +138 ms (3.8×)" or "mean −138 ms (−73%)" — and a difference too small to matter
//! (`recommend::same_cost`, `same_speed`) is said to be none.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::format::{duration_change_ms, duration_ms as ms, limit_ms, memory, money, significant};
use crate::recommend::{
    per_million, percentile, same_cost, same_speed, Change, Infeasible, Pick, Recommendations, SloUnmet, Strategy,
    SAME_COST_RATIO,
};
use crate::report::run::RunReport;
use crate::scenario::RecommendSpec;
use crate::sweep::Point;

/// What the sentences need: the sweep, the objective and the currency.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    points: &'a [Point],
    spec: &'a RecommendSpec,
    currency: &'a str,
    current: Option<usize>,
    /// The cost and speed picks, which the balanced one is compared with.
    cheapest: Option<usize>,
    fastest: Option<usize>,
}

impl<'a> Words<'a> {
    /// The words of `report`.
    pub fn of(report: &'a RunReport) -> Words<'a> {
        Words::new(&report.points, &report.recommendations, &report.scenario.recommend, &report.catalog.currency)
    }

    /// The words of `recommendations` among `points` under `spec`, amounts in `currency` (ISO 4217).
    pub fn new(
        points: &'a [Point],
        recommendations: &Recommendations,
        spec: &'a RecommendSpec,
        currency: &'a str,
    ) -> Words<'a> {
        Words {
            points,
            spec,
            currency,
            current: recommendations.current,
            cheapest: recommendations.cost.as_ref().map(|p| p.index),
            fastest: recommendations.speed.as_ref().map(|p| p.index),
        }
    }

    /// Why `pick` is recommended for `strategy`, with today's setting compared where the scenario states it.
    pub fn reason(&self, strategy: Strategy, pick: &Pick) -> String {
        let Some(p) = self.points.get(pick.index) else { return String::new() };
        let versus = pick.versus.and_then(|v| self.points.get(v));
        let mut s = match strategy {
            Strategy::Cost => self.cost(p, versus),
            Strategy::Speed => self.speed(p, versus),
            Strategy::Balanced => self.balanced(pick.index, p),
            Strategy::Slo => self.slo(p, versus),
        };
        s += &queue_clause(p, self.currency);
        s.push('.');
        if let Some(c) = &pick.versus_current {
            s.push(' ');
            s += &self.change(pick, c);
        }
        s
    }

    /// From today's setting to `pick`: `From today's x86_64 1,024 MB: saves $38.00/month (38%), p99 +12 ms.`
    pub fn change(&self, pick: &Pick, c: &Change) -> String {
        let (Some(now), Some(to)) = (self.current.and_then(|i| self.points.get(i)), self.points.get(pick.index)) else {
            return String::new();
        };
        if self.current == Some(pick.index) {
            return "It is today's setting.".into();
        }
        format!(
            "From today's {}: {}, {}{}.",
            setting(now),
            money_change(now.monthly_cost, to.monthly_cost, c.saving_percent, self.currency),
            e2e(to),
            self.objective_change(now, to)
        )
    }

    /// The one-line summary of the change today → `pick`: `x86_64 1,024 MB → arm64 512 MB: saves $38.00/month
    /// (38%), p99 +12 ms`.
    pub fn headline(&self, pick: &Pick, c: &Change) -> Option<String> {
        let now = self.points.get(self.current?)?;
        let to = self.points.get(pick.index)?;
        if self.current == Some(pick.index) {
            return Some(format!("keep {}: it is already the recommended setting", setting(now)));
        }
        Some(format!(
            "{} → {}: {}, {}{}",
            setting(now),
            setting(to),
            money_change(now.monthly_cost, to.monthly_cost, c.saving_percent, self.currency),
            e2e(to),
            self.objective_change(now, to)
        ))
    }

    /// The latency change at the percentile the objective judges (p99 when it names none): `p95 +12 ms (+24%)`.
    fn objective_change(&self, from: &Point, to: &Point) -> String {
        let q = if self.spec.slo_ms.is_some() { self.spec.slo_percentile } else { 99.0 };
        format!("p{} {}", significant(q, 4), latency_delta(percentile(from, q), percentile(to, q)))
    }

    /// Why no setting meets the latency objective.
    pub fn slo_unmet(&self, unmet: &SloUnmet) -> String {
        let spec = self.spec;
        let target = limit_ms(spec.slo_ms.unwrap_or_default());
        let q = significant(spec.slo_percentile, 4);
        let Some(closest) = unmet.closest_ms else {
            return format!(
                "no setting meets p{q} ≤ {target}: no setting is feasible (every memory size swept runs out of memory)"
            );
        };
        let queued = self.points.iter().any(|p| p.delivery.is_some());
        let (word, budget) = if queued {
            ("end-to-end ", format!("dropped events ≤ {}", percent(spec.max_dropped_ratio * 100.0)))
        } else {
            ("", format!("throttles ≤ {}", percent(spec.max_throttle_ratio * 100.0)))
        };
        format!(
            "no setting meets {word}p{q} ≤ {target} with errors ≤ {} and {budget}; the best {word}p{q} is {}",
            percent(spec.max_error_ratio * 100.0),
            ms(closest)
        )
    }

    fn cost(&self, p: &Point, fastest: Option<&Point>) -> String {
        let what = match &p.delivery {
            Some(d) if d.mean_batch_size.is_some() => "messages",
            Some(_) => "events",
            None => "requests",
        };
        let mut s = format!(
            "{} is the cheapest: {}/month ({}), {}mean {}",
            name(p),
            money(p.monthly_cost, self.currency),
            per_volume(p, what, self.currency),
            e2e(p),
            ms(mean(p))
        );
        if let Some(q) = fastest {
            s += &format!("; against the fastest, {}: {}", name(q), self.both(q, p));
        }
        s
    }

    fn speed(&self, p: &Point, cheapest: Option<&Point>) -> String {
        let mut s = format!(
            "{} is the fastest: {}mean {}, p99 {}, {}/month",
            name(p),
            e2e(p),
            ms(mean(p)),
            ms(p.objective_latency().p99_ms),
            money(p.monthly_cost, self.currency)
        );
        if let Some(q) = cheapest {
            s += &format!("; against the cheapest, {}: {}", name(q), self.both(q, p));
        }
        s
    }

    fn balanced(&self, i: usize, p: &Point) -> String {
        let mut s = format!(
            "{} balances cost and speed (weight {} on cost): {}/month, {}mean {}",
            name(p),
            significant(self.spec.balanced_weight, 3),
            money(p.monthly_cost, self.currency),
            e2e(p),
            ms(mean(p))
        );
        let cheapest = self.cheapest.and_then(|c| self.points.get(c));
        let fastest = self.fastest.and_then(|f| self.points.get(f));
        match (self.cheapest == Some(i), self.fastest == Some(i)) {
            (true, true) => s += "; it is also the cheapest and the fastest",
            (true, false) => s += "; it is also the cheapest",
            (false, true) => s += "; it is also the fastest",
            (false, false) => {}
        }
        if let Some(c) = cheapest.filter(|_| self.cheapest != Some(i)) {
            let pct = percent_of(c.monthly_cost, p.monthly_cost);
            s += &format!(
                "; against the cheapest: {}",
                money_change(c.monthly_cost, p.monthly_cost, pct, self.currency)
            );
        }
        if let Some(f) = fastest.filter(|_| self.fastest != Some(i)) {
            s += &format!("; against the fastest: {}mean {}", e2e(p), latency_delta(mean(f), mean(p)));
        }
        s
    }

    fn slo(&self, p: &Point, fastest: Option<&Point>) -> String {
        let q = significant(self.spec.slo_percentile, 4);
        let mut s = format!(
            "{} is the cheapest meeting {}p{q} ≤ {}: p{q} {} at {}/month",
            name(p),
            e2e(p),
            limit_ms(self.spec.slo_ms.unwrap_or_default()),
            ms(percentile(p, self.spec.slo_percentile)),
            money(p.monthly_cost, self.currency)
        );
        if let Some(f) = fastest {
            s += &format!(
                "; against the fastest, {}: {}",
                name(f),
                money_change(f.monthly_cost, p.monthly_cost, percent_of(f.monthly_cost, p.monthly_cost), self.currency)
            );
        }
        s
    }

    /// Cost and mean latency from `from` to `to`: `saves $15.18/month (16%), mean +138 ms (3.8×)`.
    fn both(&self, from: &Point, to: &Point) -> String {
        let money = money_change(
            from.monthly_cost,
            to.monthly_cost,
            percent_of(from.monthly_cost, to.monthly_cost),
            self.currency,
        );
        format!("{money}, {}mean {}", e2e(to), latency_delta(mean(from), mean(to)))
    }
}

/// Why nothing is recommended.
pub fn infeasible(i: &Infeasible) -> String {
    match i.required_mb {
        Some(required) => format!(
            "no setting is feasible: every memory size swept runs out of memory below {} (required_memory_mb; \
             the largest swept is {}): sweep {} or more",
            memory(required),
            memory(i.largest_mb),
            memory(required)
        ),
        None => {
            let sizes = if i.smallest_mb == i.largest_mb {
                memory(i.smallest_mb)
            } else {
                format!("{}–{}", memory_number(i.smallest_mb), memory(i.largest_mb))
            };
            format!(
                "no setting is feasible: every memory size swept ({sizes}) runs out of memory, so none is recommended"
            )
        }
    }
}

/// The saving from a monthly cost `from` to `to`, `saving_percent` of `from`: `saves $38.00/month (38%)`,
/// `costs $5.70/month more (+7%)`, or `costs the same` when the difference does not matter.
pub fn money_change(from: Decimal, to: Decimal, saving_percent: f64, currency: &str) -> String {
    if same_cost(from, to) {
        return format!("costs the same (within {})", percent(SAME_COST_RATIO * 100.0));
    }
    let saving = from - to;
    if saving > Decimal::ZERO {
        format!("saves {}/month ({})", money(saving, currency), percent(saving_percent))
    } else {
        format!("costs {}/month more (+{})", money(-saving, currency), percent(-saving_percent))
    }
}

/// The change of a latency from `from` to `to` [ms]: `+138 ms (3.8×)` when it grows 1.5-fold or more,
/// `+12 ms (+24%)` below, `−138 ms (−73%)` when it falls, `no change` when the difference does not matter.
pub fn latency_delta(from: f64, to: f64) -> String {
    if !(from.is_finite() && to.is_finite()) {
        return "n/a".into();
    }
    if same_speed(from, to) {
        return "no real change".into();
    }
    let d = duration_change_ms(to - from);
    if to > from {
        if from > 0.0 && to / from >= 1.5 {
            format!("{d} ({}×)", significant(to / from, 2))
        } else if from > 0.0 {
            format!("{d} (+{})", percent((to - from) / from * 100.0))
        } else {
            d
        }
    } else {
        format!("{d} (−{})", percent((from - to) / from * 100.0))
    }
}

/// The cost per unit of work, scaled to the month's volume so that a nightly job is not quoted per million:
/// `$4.05 per 1M requests` from a million a month up, `$0.41 per 1k events` from a thousand, else
/// `$0.025 per event`.
fn per_volume(p: &Point, what_plural: &str, currency: &str) -> String {
    let volume = match &p.delivery {
        Some(d) => d.monthly_events,
        None => p.monthly_requests.to_f64().unwrap_or(0.0),
    };
    let per_million = per_million(p);
    if volume >= 1e6 {
        format!("{} per 1M {what_plural}", money(per_million, currency))
    } else if volume >= 1e3 {
        format!("{} per 1k {what_plural}", unit_amount(per_million / Decimal::from(1000), currency))
    } else {
        let one = what_plural.strip_suffix('s').unwrap_or(what_plural);
        format!("{} per {one}", unit_amount(per_million / Decimal::from(1_000_000), currency))
    }
}

/// A small amount to 3 significant digits (`$0.025`), cents from 10 cents up.
fn unit_amount(d: Decimal, currency: &str) -> String {
    if d.abs() >= Decimal::new(1, 1) {
        money(d, currency)
    } else {
        super::format::price(d.round_sf(3).unwrap_or(d).normalize(), currency)
    }
}

/// A percentage for a sentence: whole percents, `<1%` for a non-zero share below a half.
fn percent(x: f64) -> String {
    if x > 0.0 && x < 0.5 {
        "<1%".into()
    } else {
        format!("{}%", significant(x.round(), 3))
    }
}

/// (from − to) ÷ from [%]; 0 when `from` is not positive.
fn percent_of(from: Decimal, to: Decimal) -> f64 {
    match (from.to_f64(), to.to_f64()) {
        (Some(a), Some(b)) if a > 0.0 => (a - b) / a * 100.0,
        _ => 0.0,
    }
}

fn mean(p: &Point) -> f64 {
    p.objective_latency().mean_ms
}

/// `arm64 at 1,024 MB`.
fn name(p: &Point) -> String {
    format!("{} at {}", p.architecture, memory(p.memory_mb))
}

/// `arm64 1,024 MB`.
/// A setting as people say it, in every report: `arm64 1,024 MB`.
pub fn setting(p: &Point) -> String {
    format!("{} {}", p.architecture, memory(p.memory_mb))
}

fn memory_number(mb: u32) -> String {
    significant(f64::from(mb), 6)
}

/// "end-to-end " where the latency judged is end to end, "" where a caller waits.
fn e2e(p: &Point) -> &'static str {
    if p.delivery.is_some() {
        "end-to-end "
    } else {
        ""
    }
}

/// What the queue does at a setting, in words, where events wait: for SQS how long the oldest message waits and
/// how far the backlog grows; for async events what the retries are and cost.
fn queue_clause(p: &Point, currency: &str) -> String {
    let Some(d) = &p.delivery else { return String::new() };
    if d.mean_batch_size.is_some() {
        return format!(
            "; its oldest message waits up to {} to be received and the queue peaks at {} messages",
            ms(d.max_oldest_age_ms),
            significant(d.peak_backlog as f64, 6)
        );
    }
    // Retries are billed invocations like first attempts: their share of the invocations is about their share
    // of Lambda's cost.
    let retries = if d.invocations_per_event > 0.0 { d.error_retries_per_event / d.invocations_per_event } else { 0.0 };
    if retries == 0.0 {
        return String::new();
    }
    let cost = Decimal::from_f64_retain(retries).map_or(Decimal::ZERO, |r| p.lambda_cost() * r);
    format!(
        "; retries are {}% of the invocations billed, about {} of the month",
        significant(retries * 100.0, 2),
        money(cost, currency)
    )
}

#[cfg(test)]
mod tests;
