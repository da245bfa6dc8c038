//! Picking a setting: cost-optimal, speed-optimal, balanced (as AWS Lambda Power Tuning scores it), the
//! cheapest that meets a latency objective, and the Pareto frontier of cost against p99 latency.
//!
//! Only feasible points (no out-of-memory) compete, and among them those within the error and throttle budgets
//! ([`Standing::Eligible`]) come first: the frontier is drawn among those only. "Speed" is the mean caller latency, INIT included, as Power
//! Tuning's `averageDuration`; the balanced score is `w · cost / max cost + (1 − w) · speed / max speed` over
//! the feasible points.
//!
//! Where no caller waits (async, schedule, SQS triggers) the latency judged is end to end — arrival to the
//! successful end, waiting and retries included — and the budget on throttles becomes a budget on dropped events:
//! a throttle there only delays.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::report::format::{duration_ms as ms, money};
use crate::scenario::RecommendSpec;
use crate::sweep::Point;
use crate::Architecture;

/// One recommended setting and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pick {
    /// Index of the point in the report's `points`.
    #[serde(rename = "point")]
    pub index: usize,
    /// Architecture.
    pub architecture: Architecture,
    /// Memory [MB].
    pub memory_mb: u32,
    /// Monthly cost [USD].
    pub monthly_cost: Decimal,
    /// Mean caller latency [ms].
    pub mean_ms: f64,
    /// One sentence with numbers.
    pub reason: String,
    /// What moving from today's setting to this one changes, when the scenario states today's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versus_current: Option<Change>,
}

/// From today's setting to a recommended one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Today's monthly cost − the recommended one's (negative: it costs more) [USD].
    pub saving: Decimal,
    /// The saving ÷ today's monthly cost [%]; 0 when today's costs nothing.
    pub saving_percent: f64,
    /// The recommended setting's p99 − today's (the latency the recommendation judges) [ms].
    pub p99_change_ms: f64,
    /// The change in words: `x86_64 1024 MB → arm64 512 MB saves $412.30/month (38%), p99 +12 ms`.
    pub summary: String,
}

/// A point of the sweep, named by its setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setting {
    /// Architecture.
    pub architecture: Architecture,
    /// Memory [MB].
    pub memory_mb: u32,
}

/// Everything the sweep recommends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendations {
    /// Cheapest (ties: faster).
    pub cost: Option<Pick>,
    /// Fastest (ties: cheaper).
    pub speed: Option<Pick>,
    /// Best balanced score.
    pub balanced: Option<Pick>,
    /// Cheapest meeting the latency objective and the error and throttle budgets.
    pub slo: Option<Pick>,
    /// Why no point meets the objective, when none does.
    pub slo_unmet: Option<String>,
    /// Index of today's setting in the report's `points`, when the scenario states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<usize>,
    /// Why nothing is recommended, when no point is feasible (every one runs out of memory), in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infeasible: Option<String>,
    /// Indices (into the report's `points`) of the cost / p99 Pareto frontier, cheapest first.
    #[serde(rename = "pareto_points")]
    pub pareto: Vec<usize>,
    /// The Pareto frontier as settings, cheapest first.
    pub pareto_frontier: Vec<Setting>,
}

/// Recommends settings among `points` under `spec`.
pub fn recommend(points: &[Point], spec: &RecommendSpec) -> Recommendations {
    let feasible: Vec<usize> = (0..points.len()).filter(|&i| points[i].feasible).collect();
    let within_budget: Vec<usize> = feasible.iter().copied().filter(|&i| within_budgets(&points[i], spec)).collect();
    // Cost, speed and balanced choose among the settings within the error and throttle budgets; a setting that
    // times out or throttles more than allowed is never "optimal". If none is, they fall back to every feasible one.
    let candidates = if within_budget.is_empty() { &feasible } else { &within_budget };
    let cost = candidates.iter().copied().min_by(|&a, &b| cheaper_first(&points[a], &points[b]));
    let speed = candidates.iter().copied().min_by(|&a, &b| {
        points[a]
            .objective_latency()
            .mean_ms
            .total_cmp(&points[b].objective_latency().mean_ms)
            .then(points[a].monthly_cost.cmp(&points[b].monthly_cost))
    });
    let balanced = balanced(points, candidates, spec.balanced_weight);
    let (slo, slo_unmet) = slo(points, &feasible, spec);
    // The frontier is drawn as "the settings worth considering": one that runs out of memory, times out or
    // throttles beyond the budgets is not, however cheap it looks.
    let frontier = pareto(points, &within_budget);
    let current = points.iter().position(|p| p.current);
    let pick = |i: Option<usize>, reason: &dyn Fn(usize) -> String| {
        i.map(|i| {
            let versus_current = current.map(|c| change(&points[c], &points[i]));
            let mut reason = reason(i);
            if let Some(v) = &versus_current {
                reason = format!("{} {}.", reason.trim_end_matches('.'), v.summary);
            }
            Pick {
                index: i,
                architecture: points[i].architecture,
                memory_mb: points[i].memory_mb,
                monthly_cost: points[i].monthly_cost,
                mean_ms: points[i].objective_latency().mean_ms,
                reason,
                versus_current,
            }
        })
    };
    Recommendations {
        current,
        infeasible: (feasible.is_empty() && !points.is_empty()).then(|| no_feasible_point(points)),
        cost: pick(cost, &|i| cost_reason(points, i, speed)),
        speed: pick(speed, &|i| speed_reason(points, i, cost)),
        balanced: pick(balanced, &|i| balanced_reason(points, i, cost, speed, spec.balanced_weight)),
        slo: pick(slo, &|i| slo_reason(points, i, spec, speed)),
        slo_unmet,
        pareto_frontier: frontier
            .iter()
            .map(|&i| Setting { architecture: points[i].architecture, memory_mb: points[i].memory_mb })
            .collect(),
        pareto: frontier,
    }
}

/// The balanced score on Lambda's cost, as Power Tuning (which sees no other) computes it: the trigger's charges
/// (API Gateway's $3.50 per million requests, say) are nearly the same at every setting, and counted in they would
/// flatten the cost term and tilt every pick towards speed.
/// From today's point `now` to `to`.
fn change(now: &Point, to: &Point) -> Change {
    let saving = now.monthly_cost - to.monthly_cost;
    let saving_percent = match (cost_f64(now), cost_f64(to)) {
        (a, b) if a > 0.0 => (a - b) / a * 100.0,
        _ => 0.0,
    };
    let p99_change_ms = to.objective_latency().p99_ms - now.objective_latency().p99_ms;
    let summary = if std::ptr::eq(now, to) {
        "— it is today's setting".to_string()
    } else {
        let money_part = if saving >= Decimal::ZERO {
            format!("saves {}/month ({saving_percent:.0}%)", money(saving, "USD"))
        } else {
            format!("costs {}/month more ({:.0}%)", money(-saving, "USD"), -saving_percent)
        };
        let sign = if p99_change_ms >= 0.0 { "+" } else { "−" };
        format!(
            "— today's {} {} MB → {} {} MB {money_part}, {}p99 {sign}{}",
            now.architecture,
            now.memory_mb,
            to.architecture,
            to.memory_mb,
            e2e(to),
            ms(p99_change_ms.abs())
        )
    };
    Change { saving, saving_percent, p99_change_ms, summary }
}

fn balanced(points: &[Point], feasible: &[usize], w: f64) -> Option<usize> {
    let cost = |i: usize| points[i].lambda_cost().to_f64().unwrap_or(f64::INFINITY);
    let max_cost = feasible.iter().map(|&i| cost(i)).fold(0.0, f64::max);
    let max_speed = feasible.iter().map(|&i| points[i].objective_latency().mean_ms).fold(0.0, f64::max);
    let norm = |x: f64, max: f64| if max > 0.0 { x / max } else { 0.0 };
    let score =
        |i: usize| w * norm(cost(i), max_cost) + (1.0 - w) * norm(points[i].objective_latency().mean_ms, max_speed);
    // Ties keep sweep order, as Power Tuning's stable sort does.
    feasible.iter().copied().reduce(|best, i| if score(i) < score(best) { i } else { best })
}

/// The sentence for a sweep without a feasible point: which sizes were swept, and that all run out of memory.
fn no_feasible_point(points: &[Point]) -> String {
    let lo = points.iter().map(|p| p.memory_mb).min().unwrap_or_default();
    let hi = points.iter().map(|p| p.memory_mb).max().unwrap_or_default();
    let sizes = if lo == hi { format!("{lo} MB") } else { format!("{lo}–{hi} MB") };
    format!("no setting is feasible: every memory size swept ({sizes}) runs out of memory, so none is recommended")
}

fn slo(points: &[Point], feasible: &[usize], spec: &RecommendSpec) -> (Option<usize>, Option<String>) {
    let Some(target) = spec.slo_ms else { return (None, None) };
    if feasible.is_empty() {
        // No latency of a point that runs out of memory counts: say so rather than quote a "best" of none.
        return (
            None,
            Some(format!(
                "no setting meets p{} ≤ {target} ms: no setting is feasible (every memory size swept runs out of memory)",
                spec.slo_percentile
            )),
        );
    }
    let meets = |p: &Point| percentile(p, spec.slo_percentile) <= target && within_budgets(p, spec);
    let best =
        feasible.iter().copied().filter(|&i| meets(&points[i])).min_by(|&a, &b| cheaper_first(&points[a], &points[b]));
    let unmet = best.is_none().then(|| {
        let closest =
            feasible.iter().map(|&i| percentile(&points[i], spec.slo_percentile)).fold(f64::INFINITY, f64::min);
        let (word, budget) = match points[feasible[0]].delivery {
            Some(_) => ("end-to-end ", format!("dropped events ≤ {:.2}%", spec.max_dropped_ratio * 100.0)),
            None => ("", format!("throttles ≤ {:.2}%", spec.max_throttle_ratio * 100.0)),
        };
        format!(
            "no setting meets {word}p{} ≤ {target} ms with errors ≤ {:.2}% and {budget}; the best {word}p{} is {}",
            spec.slo_percentile,
            spec.max_error_ratio * 100.0,
            spec.slo_percentile,
            ms(closest)
        )
    });
    (best, unmet)
}

/// Cheaper first; at equal cost, faster first (Power Tuning's `cost` strategy).
fn cheaper_first(a: &Point, b: &Point) -> std::cmp::Ordering {
    a.monthly_cost.cmp(&b.monthly_cost).then(a.objective_latency().mean_ms.total_cmp(&b.objective_latency().mean_ms))
}

/// Where a point stands before any strategy looks at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Feasible and within the error and throttle (or dropped-event) budgets: it competes.
    Eligible,
    /// Runs out of memory: nothing it measured is meaningful.
    OutOfMemory,
    /// Feasible, but errors (timeouts), throttles or dropped events exceed the scenario's budgets.
    OverBudget,
}

/// Where `p` stands under `spec`.
pub fn standing(p: &Point, spec: &RecommendSpec) -> Standing {
    if !p.feasible {
        Standing::OutOfMemory
    } else if within_budgets(p, spec) {
        Standing::Eligible
    } else {
        Standing::OverBudget
    }
}

/// Within the error budget, and within the throttle budget (synchronous: a throttle is a failed request) or the
/// dropped-event budget (where a throttle is only a delay and what is lost is an event dropped).
fn within_budgets(p: &Point, spec: &RecommendSpec) -> bool {
    let delivered = match &p.delivery {
        Some(d) => d.dropped_ratio <= spec.max_dropped_ratio,
        None => p.throttle_ratio <= spec.max_throttle_ratio,
    };
    p.error_ratio <= spec.max_error_ratio && delivered
}

/// "end-to-end " where the latency judged is end to end, "" where a caller waits.
fn e2e(p: &Point) -> &'static str {
    if p.delivery.is_some() {
        "end-to-end "
    } else {
        ""
    }
}

/// The `q`-th latency percentile of a point [ms], from the ones the sweep keeps.
fn percentile(p: &Point, q: f64) -> f64 {
    match q {
        q if q <= 50.0 => p.objective_latency().p50_ms,
        q if q <= 90.0 => p.objective_latency().p90_ms,
        q if q <= 95.0 => p.objective_latency().p95_ms,
        q if q <= 99.0 => p.objective_latency().p99_ms,
        _ => p.objective_latency().max_ms,
    }
}

/// Points (among `eligible`) no other eligible point beats on both monthly cost and p99, cheapest first.
fn pareto(points: &[Point], eligible: &[usize]) -> Vec<usize> {
    let mut order = eligible.to_vec();
    order.sort_by(|&a, &b| {
        points[a]
            .monthly_cost
            .cmp(&points[b].monthly_cost)
            .then(points[a].objective_latency().p99_ms.total_cmp(&points[b].objective_latency().p99_ms))
    });
    let mut best_p99 = f64::INFINITY;
    order
        .into_iter()
        .filter(|&i| {
            let keep = points[i].objective_latency().p99_ms < best_p99;
            best_p99 = best_p99.min(points[i].objective_latency().p99_ms);
            keep
        })
        .collect()
}

/// Cost per million requests, or per million events or messages where no caller waits (a batch or a retry is
/// not what the team counts).
fn per_million(p: &Point) -> Decimal {
    match &p.delivery {
        Some(d) if d.monthly_events > 0.0 => Decimal::from_f64_retain(d.monthly_events)
            .filter(|e| !e.is_zero())
            .map_or(p.cost_per_million, |e| crate::quantity::round(p.monthly_cost * Decimal::from(1_000_000) / e, 6)),
        _ => p.cost_per_million,
    }
}

fn cost_f64(p: &Point) -> f64 {
    p.monthly_cost.to_f64().unwrap_or(f64::INFINITY)
}

fn name(p: &Point) -> String {
    format!("{} at {} MB", p.architecture, p.memory_mb)
}

fn pct_diff(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        (b - a) / b * 100.0
    }
}

fn cost_reason(points: &[Point], i: usize, speed: Option<usize>) -> String {
    let p = &points[i];
    let mut s = format!(
        "{} is the cheapest: {}/month ({} per 1M {}), mean {}{}",
        name(p),
        money(p.monthly_cost, "USD"),
        money(per_million(p), "USD"),
        match &p.delivery {
            Some(d) if d.mean_batch_size.is_some() => "messages",
            Some(_) => "events",
            None => "requests",
        },
        e2e(p),
        ms(p.objective_latency().mean_ms)
    );
    if let Some(f) = speed.filter(|&f| f != i) {
        let q = &points[f];
        let slower = (p.objective_latency().mean_ms / q.objective_latency().mean_ms - 1.0) * 100.0;
        // A difference that rounds to 0% is no difference: say so rather than "0% slower".
        let speed = if slower.round() == 0.0 { "and as fast".to_string() } else { format!("but {slower:.0}% slower") };
        s += &format!(
            "; {:.0}% cheaper than the fastest ({}, {}/month) {speed}",
            pct_diff(cost_f64(p), cost_f64(q)),
            name(q),
            money(q.monthly_cost, "USD"),
        );
    }
    s + &queue_clause(p) + "."
}

/// What the queue does at a setting, in words, where events wait: for SQS how long the oldest message waits and
/// how far the backlog grows; for async events what the retries are and cost.
fn queue_clause(p: &Point) -> String {
    let Some(d) = &p.delivery else { return String::new() };
    if d.mean_batch_size.is_some() {
        return format!(
            "; its oldest message waits up to {} to be received and the queue peaks at {} messages",
            ms(d.max_oldest_age_ms),
            d.peak_backlog
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
        "; retries are {:.1}% of the invocations billed, about {} of the month",
        retries * 100.0,
        money(cost, "USD")
    )
}

fn speed_reason(points: &[Point], i: usize, cost: Option<usize>) -> String {
    let p = &points[i];
    let mut s = format!(
        "{} is the fastest: mean {}{}, p99 {}, {}/month",
        name(p),
        e2e(p),
        ms(p.objective_latency().mean_ms),
        ms(p.objective_latency().p99_ms),
        money(p.monthly_cost, "USD")
    );
    if let Some(c) = cost.filter(|&c| c != i) {
        let q = &points[c];
        s += &format!(
            "; {:.0}% faster than the cheapest ({}) for {} more a month",
            pct_diff(p.objective_latency().mean_ms, q.objective_latency().mean_ms),
            name(q),
            money(p.monthly_cost - q.monthly_cost, "USD")
        );
    }
    s + "."
}

fn balanced_reason(points: &[Point], i: usize, cost: Option<usize>, speed: Option<usize>, w: f64) -> String {
    let p = &points[i];
    let mut s = format!(
        "{} balances cost and speed (weight {w} on cost): {}/month, mean {}{}",
        name(p),
        money(p.monthly_cost, "USD"),
        e2e(p),
        ms(p.objective_latency().mean_ms)
    );
    match (cost, speed) {
        (Some(c), Some(f)) if c == i && f == i => s += "; it is also the cheapest and the fastest",
        (Some(c), _) if c == i => s += "; it is also the cheapest",
        (Some(c), Some(f)) if f == i => {
            s += &format!(
                "; it is also the fastest, {} more than the cheapest",
                money(p.monthly_cost - points[c].monthly_cost, "USD")
            )
        }
        (Some(c), Some(f)) => {
            s += &format!(
                "; {} more than the cheapest, {} slower than the fastest",
                money(p.monthly_cost - points[c].monthly_cost, "USD"),
                ms(p.objective_latency().mean_ms - points[f].objective_latency().mean_ms)
            )
        }
        _ => {}
    }
    s + "."
}

fn slo_reason(points: &[Point], i: usize, spec: &RecommendSpec, speed: Option<usize>) -> String {
    let p = &points[i];
    let mut s = format!(
        "{} is the cheapest meeting {}p{} ≤ {} ms: p{} {} at {}/month",
        name(p),
        e2e(p),
        spec.slo_percentile,
        spec.slo_ms.unwrap_or_default(),
        spec.slo_percentile,
        ms(percentile(p, spec.slo_percentile)),
        money(p.monthly_cost, "USD")
    );
    if let Some(f) = speed.filter(|&f| f != i) {
        s += &format!(", {} a month less than the fastest", money(points[f].monthly_cost - p.monthly_cost, "USD"));
    }
    s + &queue_clause(p) + "."
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Timeline;
    use crate::sweep::Latency;

    fn point(memory_mb: u32, cost: i64, mean_ms: f64, p99_ms: f64) -> Point {
        let latency = Latency { mean_ms, p50_ms: mean_ms, p90_ms: p99_ms, p95_ms: p99_ms, p99_ms, max_ms: p99_ms };
        Point {
            architecture: Architecture::Arm64,
            memory_mb,
            feasible: true,
            monthly_cost: Decimal::from(cost),
            monthly_cost_ci95: None,
            cost_per_million: Decimal::ZERO,
            latency,
            p99_ci95_ms: None,
            cold_start_ratio: 0.0,
            throttle_ratio: 0.0,
            error_ratio: 0.0,
            mean_concurrency: 0.0,
            peak_concurrency: 0,
            pc_utilisation: None,
            monthly_gb_s: Decimal::ZERO,
            monthly_requests: Decimal::ONE,
            simulated_invocations: 0,
            latency_cdf: vec![],
            bill: crate::pricing::Bill {
                currency: "USD".into(),
                date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                catalog: String::new(),
                functions: vec![],
                lines: vec![],
                warnings: vec![],
            },
            code_error_ratio: 0.0,
            trigger_cost: Decimal::ZERO,
            current: false,
            delivery: None,
            gateway_timeout_ratio: 0.0,
            timeline: Timeline { bucket_us: 1, buckets: vec![] },
        }
    }

    fn spec(slo_ms: Option<f64>) -> RecommendSpec {
        RecommendSpec {
            balanced_weight: 0.5,
            slo_percentile: 99.0,
            slo_ms,
            max_error_ratio: 0.001,
            max_throttle_ratio: 0.001,
            max_dropped_ratio: 0.0,
        }
    }

    #[test]
    fn picks_by_cost_speed_balance_and_slo() {
        // A(10 $, 100 ms, p99 150), B(20 $, 40 ms, p99 50), C(15 $, 62 ms, p99 90), D(25 $, 60 ms, p99 60).
        // Balanced, w = 0.5, max cost 25, max mean 100: A 0.5·0.4 + 0.5·1 = 0.70; B 0.5·0.8 + 0.5·0.4 = 0.60;
        // C 0.5·0.6 + 0.5·0.62 = 0.61; D 0.5·1 + 0.5·0.6 = 0.80: B.
        let points = vec![
            point(128, 10, 100.0, 150.0),
            point(256, 20, 40.0, 50.0),
            point(512, 15, 62.0, 90.0),
            point(1024, 25, 60.0, 60.0),
        ];
        let r = recommend(&points, &spec(Some(100.0)));
        assert_eq!(r.cost.unwrap().index, 0);
        assert_eq!(r.speed.unwrap().index, 1);
        assert_eq!(r.balanced.unwrap().index, 1);
        // p99 ≤ 100 ms: B (20 $), C (15 $), D (25 $) meet it; C is the cheapest.
        assert_eq!(r.slo.unwrap().index, 2);
        // Frontier by cost: A (p99 150), C (90), B (50); D is beaten by B on both.
        assert_eq!(r.pareto, [0, 2, 1]);
    }

    #[test]
    fn balanced_weighs_lambda_cost_not_the_triggers_charges() {
        // A: Lambda $10, mean 60 ms; B: Lambda $20, 40 ms; both pay API Gateway $100 a month.
        // On Lambda's cost (max 20, max mean 60): A 0.5·10/20 + 0.5·60/60 = 0.75; B 0.5·1 + 0.5·40/60 = 0.833:
        // A. On the totals (max 120) it would be A 0.5·110/120 + 0.5 = 0.958 against B 0.833: B, because the
        // fixed $100 flattens the cost term.
        let mut a = point(128, 110, 60.0, 60.0);
        let mut b = point(256, 120, 40.0, 40.0);
        a.trigger_cost = Decimal::from(100);
        b.trigger_cost = Decimal::from(100);
        let r = recommend(&[a, b], &spec(None));
        assert_eq!(r.balanced.unwrap().index, 0);
    }

    #[test]
    fn the_change_from_today_is_worked_out_in_words() {
        // Today x86_64 1024 MB at $100/month, p99 50 ms; arm64 512 MB at $62, p99 62 ms: saves $100 − $62 = $38
        // (38% of $100), p99 62 − 50 = +12 ms.
        let mut now = point(1024, 100, 40.0, 50.0);
        now.architecture = Architecture::X86_64;
        now.current = true;
        let to = point(512, 62, 45.0, 62.0);
        let c = change(&now, &to);
        assert_eq!((c.saving, c.saving_percent, c.p99_change_ms), (Decimal::from(38), 38.0, 12.0));
        assert_eq!(c.summary, "— today's x86_64 1024 MB → arm64 512 MB saves $38.00/month (38%), p99 +12 ms");
        // The other way: costs $38.00 more, 61% of $62; p99 −12 ms.
        let back = change(&to, &now);
        assert_eq!(back.summary, "— today's arm64 512 MB → x86_64 1024 MB costs $38.00/month more (61%), p99 −12 ms");
        let r = recommend(&[now.clone(), to.clone()], &spec(None));
        assert_eq!(r.current, Some(0));
        assert_eq!(r.cost.unwrap().versus_current.unwrap().saving, Decimal::from(38));
    }

    #[test]
    fn ties_break_as_power_tuning_does() {
        // Equal cost: the faster wins. Equal speed: the cheaper wins.
        let points = vec![
            point(128, 10, 90.0, 100.0),
            point(256, 10, 80.0, 100.0),
            point(512, 12, 50.0, 60.0),
            point(1024, 11, 50.0, 60.0),
        ];
        let r = recommend(&points, &spec(None));
        assert_eq!(r.cost.unwrap().index, 1);
        assert_eq!(r.speed.unwrap().index, 3);
        assert!(r.slo.is_none() && r.slo_unmet.is_none());
    }

    #[test]
    fn infeasible_and_over_budget_points_are_never_recommended() {
        let mut oom = point(128, 1, 10.0, 10.0);
        oom.feasible = false;
        let mut timeouts = point(256, 2, 20.0, 20.0);
        timeouts.error_ratio = 0.5;
        let points = vec![oom, timeouts, point(512, 5, 30.0, 30.0)];
        let r = recommend(&points, &spec(Some(5.0)));
        assert_eq!(r.cost.as_ref().unwrap().index, 2);
        assert_eq!(r.speed.unwrap().index, 2);
        assert!(r.slo.is_none());
        assert!(r.slo_unmet.unwrap().contains("the best p99 is 20 ms"));
        assert!(r.infeasible.is_none());
        // Neither the out-of-memory point (cheapest, $1) nor the one timing out half the time ($2, p99 20 ms)
        // is on the frontier: the only eligible point is the frontier.
        assert_eq!(r.pareto, [2]);
        let s = spec(Some(5.0));
        let standing: Vec<Standing> = points.iter().map(|p| standing(p, &s)).collect();
        assert_eq!(standing, [Standing::OutOfMemory, Standing::OverBudget, Standing::Eligible]);
    }

    #[test]
    fn without_a_feasible_point_the_reason_is_words_not_inf() {
        // Both points run out of memory: nothing is recommended, and no sentence quotes a latency (the best p99
        // over no point would be inf).
        let mut a = point(128, 1, 10.0, 10.0);
        let mut b = point(256, 2, 20.0, 20.0);
        a.feasible = false;
        b.feasible = false;
        let r = recommend(&[a, b], &spec(Some(5.0)));
        assert!(r.cost.is_none() && r.speed.is_none() && r.balanced.is_none() && r.slo.is_none());
        assert_eq!(
            r.infeasible.as_deref(),
            Some("no setting is feasible: every memory size swept (128–256 MB) runs out of memory, so none is recommended")
        );
        let unmet = r.slo_unmet.unwrap();
        assert!(unmet.contains("no setting is feasible") && !unmet.contains("inf"), "{unmet}");
    }
}
