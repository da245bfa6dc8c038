//! Picking a setting: cost-optimal, speed-optimal, balanced (as AWS Lambda Power Tuning scores it), the
//! cheapest that meets a latency objective, and the Pareto frontier of cost against p99 latency.
//!
//! Only feasible points (no out-of-memory) compete, and among them those within the error and throttle budgets
//! ([`Standing::Eligible`]) come first: the frontier is drawn among those only. "Speed" is the mean caller
//! latency, INIT included, as Power Tuning's `averageDuration`; the balanced score is
//! `w · cost / max cost + (1 − w) · speed / max speed` over the feasible points.
//!
//! Differences too small to matter are ties ([`same_cost`], [`same_speed`]): the cost pick is the fastest of the
//! settings that cost the same as the cheapest, the speed pick the cheapest of those as fast as the fastest —
//! Power Tuning breaks exact speed ties by cost; a 5 ms win on a 9-minute job is a tie too.
//!
//! Where no caller waits (async, schedule, SQS triggers) the latency judged is end to end — arrival to the
//! successful end, waiting and retries included — and the budget on throttles becomes a budget on dropped events:
//! a throttle there only delays.
//!
//! This module decides and measures; the report layer (`report::picks`) says it in words.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::scenario::RecommendSpec;
use crate::sweep::Point;
use crate::Architecture;

/// Two mean latencies within this share of the larger are the same speed [ratio]: replications of one setting
/// differ by about this much, and nobody tunes memory for 1%.
pub const SAME_SPEED_RATIO: f64 = 0.01;
/// … or within this many milliseconds, whatever the ratio [ms].
pub const SAME_SPEED_MS: f64 = 1.0;
/// Two monthly costs within this share of the larger are the same cost [ratio].
pub const SAME_COST_RATIO: f64 = 0.01;
/// … or within a cent a month, whatever the ratio [USD or the catalog's currency].
pub const SAME_COST_AMOUNT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// Mean latencies `a` and `b` [ms] make no practical difference.
pub fn same_speed(a: f64, b: f64) -> bool {
    let d = (a - b).abs();
    d <= SAME_SPEED_MS || d <= SAME_SPEED_RATIO * a.abs().max(b.abs())
}

/// Monthly costs `a` and `b` make no practical difference.
pub fn same_cost(a: Decimal, b: Decimal) -> bool {
    let d = (a - b).abs();
    d <= SAME_COST_AMOUNT || d <= Decimal::from_f64_retain(SAME_COST_RATIO).unwrap_or_default() * a.abs().max(b.abs())
}

/// What a pick optimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    /// Cheapest (ties: faster).
    Cost,
    /// Fastest (ties: cheaper).
    Speed,
    /// Best balanced score.
    Balanced,
    /// Cheapest meeting the latency objective and the budgets.
    Slo,
}

impl Strategy {
    /// Every strategy, in the order reports list them.
    pub const ALL: [Strategy; 4] = [Strategy::Cost, Strategy::Speed, Strategy::Balanced, Strategy::Slo];

    /// Its key in report.json and its mark in tables: `cost`, `speed`, `balanced`, `slo`.
    pub fn key(self) -> &'static str {
        match self {
            Strategy::Cost => "cost",
            Strategy::Speed => "speed",
            Strategy::Balanced => "balanced",
            Strategy::Slo => "slo",
        }
    }
}

/// One recommended setting and the numbers that say why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pick {
    /// Index of the point in the report's `points`.
    #[serde(rename = "point")]
    pub index: usize,
    /// Architecture.
    pub architecture: Architecture,
    /// Memory [MB].
    pub memory_mb: u32,
    /// Monthly cost [the catalog's currency].
    pub monthly_cost: Decimal,
    /// Mean latency judged (caller, or end to end where no caller waits) [ms].
    pub mean_ms: f64,
    /// The point it is compared with in its reason (the fastest for cost and slo, the cheapest for speed), when
    /// that is another point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versus: Option<usize>,
    /// What moving from today's setting to this one changes, when the scenario states today's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versus_current: Option<Change>,
}

/// From today's setting to a recommended one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Today's monthly cost − the recommended one's (negative: it costs more) [the catalog's currency].
    pub saving: Decimal,
    /// The saving ÷ today's monthly cost [%]; 0 when today's costs nothing.
    pub saving_percent: f64,
    /// The recommended setting's p99 − today's (the latency the recommendation judges) [ms].
    pub p99_change_ms: f64,
}

/// Why no setting meets the latency objective.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SloUnmet {
    /// The lowest latency at the objective's percentile among feasible settings [ms]; `None` when no setting is
    /// feasible.
    pub closest_ms: Option<f64>,
}

/// Why nothing is recommended: no setting swept is feasible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Infeasible {
    /// Smallest memory size swept [MB].
    pub smallest_mb: u32,
    /// Largest memory size swept [MB].
    pub largest_mb: u32,
    /// The scenario's required memory when it is above every size swept [MB].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_mb: Option<u32>,
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
    /// Why no point meets the objective, when the scenario has one and none does.
    pub slo_unmet: Option<SloUnmet>,
    /// Index of today's setting in the report's `points`, when the scenario states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<usize>,
    /// Why nothing is recommended, when no point is feasible (every one runs out of memory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infeasible: Option<Infeasible>,
    /// Indices (into the report's `points`) of the cost / p99 Pareto frontier, cheapest first.
    #[serde(rename = "pareto_points")]
    pub pareto: Vec<usize>,
    /// The Pareto frontier as settings, cheapest first.
    pub pareto_frontier: Vec<Setting>,
}

impl Recommendations {
    /// The pick of `strategy`, if any.
    pub fn pick(&self, strategy: Strategy) -> Option<&Pick> {
        match strategy {
            Strategy::Cost => self.cost.as_ref(),
            Strategy::Speed => self.speed.as_ref(),
            Strategy::Balanced => self.balanced.as_ref(),
            Strategy::Slo => self.slo.as_ref(),
        }
    }

    /// Every pick there is, in [`Strategy::ALL`] order: the one loop every renderer runs.
    pub fn picks(&self) -> impl Iterator<Item = (Strategy, &Pick)> {
        Strategy::ALL.into_iter().filter_map(|s| self.pick(s).map(|p| (s, p)))
    }
}

/// Recommends settings among `points` under `spec`.
pub fn recommend(points: &[Point], spec: &RecommendSpec) -> Recommendations {
    let feasible: Vec<usize> = (0..points.len()).filter(|&i| points[i].feasible).collect();
    let within_budget: Vec<usize> = feasible.iter().copied().filter(|&i| within_budgets(&points[i], spec)).collect();
    // Cost, speed and balanced choose among the settings within the error and throttle budgets; a setting that
    // times out or throttles more than allowed is never "optimal". If none is, they fall back to every feasible one.
    let candidates = if within_budget.is_empty() { &feasible } else { &within_budget };
    let cost = cheapest(points, candidates);
    let speed = fastest(points, candidates);
    let balanced = balanced(points, candidates, spec.balanced_weight);
    let (slo, slo_unmet) = slo(points, &feasible, spec);
    // The frontier is drawn as "the settings worth considering": one that runs out of memory, times out or
    // throttles beyond the budgets is not, however cheap it looks.
    let frontier = pareto(points, &within_budget);
    let current = points.iter().position(|p| p.current);
    let pick = |i: Option<usize>, versus: Option<usize>| {
        i.map(|i| Pick {
            index: i,
            architecture: points[i].architecture,
            memory_mb: points[i].memory_mb,
            monthly_cost: points[i].monthly_cost,
            mean_ms: points[i].objective_latency().mean_ms,
            versus: versus.filter(|&v| v != i),
            versus_current: current.map(|c| change(&points[c], &points[i])),
        })
    };
    Recommendations {
        current,
        infeasible: (feasible.is_empty() && !points.is_empty()).then(|| Infeasible {
            smallest_mb: points.iter().map(|p| p.memory_mb).min().unwrap_or_default(),
            largest_mb: points.iter().map(|p| p.memory_mb).max().unwrap_or_default(),
            required_mb: None,
        }),
        cost: pick(cost, speed),
        speed: pick(speed, cost),
        balanced: pick(balanced, None),
        slo: pick(slo, speed),
        slo_unmet,
        pareto_frontier: frontier
            .iter()
            .map(|&i| Setting { architecture: points[i].architecture, memory_mb: points[i].memory_mb })
            .collect(),
        pareto: frontier,
    }
}

/// The cheapest candidate; among those that cost the same ([`same_cost`]) as it, the fastest.
fn cheapest(points: &[Point], candidates: &[usize]) -> Option<usize> {
    let least = candidates.iter().copied().min_by(|&a, &b| cheaper_first(&points[a], &points[b]))?;
    let floor = points[least].monthly_cost;
    candidates.iter().copied().filter(|&i| same_cost(points[i].monthly_cost, floor)).min_by(|&a, &b| {
        mean(&points[a]).total_cmp(&mean(&points[b])).then(points[a].monthly_cost.cmp(&points[b].monthly_cost))
    })
}

/// The fastest candidate; among those as fast ([`same_speed`]) as it, the cheapest.
fn fastest(points: &[Point], candidates: &[usize]) -> Option<usize> {
    let quickest = candidates.iter().copied().min_by(|&a, &b| {
        mean(&points[a]).total_cmp(&mean(&points[b])).then(points[a].monthly_cost.cmp(&points[b].monthly_cost))
    })?;
    let best = mean(&points[quickest]);
    candidates
        .iter()
        .copied()
        .filter(|&i| same_speed(mean(&points[i]), best))
        .min_by(|&a, &b| cheaper_first(&points[a], &points[b]))
}

fn mean(p: &Point) -> f64 {
    p.objective_latency().mean_ms
}

/// From today's point `now` to `to`.
fn change(now: &Point, to: &Point) -> Change {
    let saving = now.monthly_cost - to.monthly_cost;
    let saving_percent = match (cost_f64(now), cost_f64(to)) {
        (a, b) if a > 0.0 => (a - b) / a * 100.0,
        _ => 0.0,
    };
    let p99_change_ms = to.objective_latency().p99_ms - now.objective_latency().p99_ms;
    Change { saving, saving_percent, p99_change_ms }
}

/// The balanced score on Lambda's cost, as Power Tuning (which sees no other) computes it: the trigger's charges
/// (API Gateway's $3.50 per million requests, say) are nearly the same at every setting, and counted in they would
/// flatten the cost term and tilt every pick towards speed.
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

fn slo(points: &[Point], feasible: &[usize], spec: &RecommendSpec) -> (Option<usize>, Option<SloUnmet>) {
    let Some(target) = spec.slo_ms else { return (None, None) };
    let meets = |p: &Point| percentile(p, spec.slo_percentile) <= target && within_budgets(p, spec);
    let best =
        feasible.iter().copied().filter(|&i| meets(&points[i])).min_by(|&a, &b| cheaper_first(&points[a], &points[b]));
    // No latency of a point that runs out of memory counts: with none feasible there is no "closest".
    let closest = feasible.iter().map(|&i| percentile(&points[i], spec.slo_percentile)).reduce(f64::min);
    (best, best.is_none().then_some(SloUnmet { closest_ms: closest }))
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

/// The `q`-th latency percentile of a point [ms], from the ones the sweep keeps.
pub fn percentile(p: &Point, q: f64) -> f64 {
    p.objective_latency().at_or_above(q)
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
pub fn per_million(p: &Point) -> Decimal {
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

#[cfg(test)]
pub(crate) mod fixture {
    use super::*;
    use crate::sim::Timeline;
    use crate::sweep::Latency;

    /// A feasible arm64 point of `memory_mb` at `cost` a month [USD], mean and p99 latency [ms], no trigger.
    pub(crate) fn point(memory_mb: u32, cost: i64, mean_ms: f64, p99_ms: f64) -> Point {
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
}

#[cfg(test)]
mod tests {
    use super::fixture::point;
    use super::*;

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
    fn the_change_from_today_is_worked_out() {
        // Today x86_64 1024 MB at $100/month, p99 50 ms; arm64 512 MB at $62, p99 62 ms: saves $100 − $62 = $38
        // (38% of $100), p99 62 − 50 = +12 ms.
        let mut now = point(1024, 100, 40.0, 50.0);
        now.architecture = Architecture::X86_64;
        now.current = true;
        let to = point(512, 62, 45.0, 62.0);
        let c = change(&now, &to);
        assert_eq!((c.saving, c.saving_percent, c.p99_change_ms), (Decimal::from(38), 38.0, 12.0));
        // The other way: −$38, −38/62 = −61.3% of $62; p99 −12 ms.
        let back = change(&to, &now);
        assert_eq!((back.saving, back.p99_change_ms), (Decimal::from(-38), -12.0));
        assert!((back.saving_percent - (-38.0 / 62.0 * 100.0)).abs() < 1e-9);
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
    fn differences_too_small_to_matter_are_ties() {
        // A nightly job: A $100.00, mean 541,856 ms; B $101.86, mean 541,851 ms. B is 5 ms faster, 5/541,856 =
        // 0.0009% (< 1%): as fast, so the speed pick is the cheaper A, not "0% faster for $1.86 more".
        let slow_job = vec![point(1024, 10_000, 541_856.0, 541_900.0), point(2048, 10_186, 541_851.0, 541_890.0)];
        let slow_job: Vec<Point> = slow_job
            .into_iter()
            .map(|mut p| {
                p.monthly_cost /= Decimal::from(100);
                p
            })
            .collect();
        let r = recommend(&slow_job, &spec(None));
        assert_eq!((r.cost.as_ref().unwrap().index, r.speed.as_ref().unwrap().index), (0, 0));
        // C $10.00 mean 100 ms; D $10.05 mean 60 ms: 0.05/10.05 = 0.5% (< 1%), the same cost, so the cost pick
        // is the faster D. E $10.20 (2% more) at 50 ms is not the same cost.
        let mut points =
            vec![point(128, 1000, 100.0, 120.0), point(256, 1005, 60.0, 70.0), point(512, 1020, 50.0, 55.0)];
        for p in &mut points {
            p.monthly_cost /= Decimal::from(100);
        }
        let r = recommend(&points, &spec(None));
        assert_eq!(r.cost.as_ref().unwrap().index, 1);
        assert_eq!(r.speed.as_ref().unwrap().index, 2);
        assert_eq!(r.cost.unwrap().versus, Some(2));
        // The rule itself: 1 ms or 1% of the larger; a cent or 1% of the larger.
        assert!(same_speed(10.0, 10.9) && !same_speed(10.0, 11.5));
        assert!(same_speed(1000.0, 1009.0) && !same_speed(1000.0, 1011.0));
        assert!(same_cost(Decimal::new(5, 3), Decimal::new(14, 3)));
        assert!(
            same_cost(Decimal::from(1000), Decimal::from(1009)) && !same_cost(Decimal::from(1000), Decimal::from(1011))
        );
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
        assert_eq!(r.slo_unmet, Some(SloUnmet { closest_ms: Some(20.0) }));
        assert!(r.infeasible.is_none());
        // Neither the out-of-memory point (cheapest, $1) nor the one timing out half the time ($2, p99 20 ms)
        // is on the frontier: the only eligible point is the frontier.
        assert_eq!(r.pareto, [2]);
        let s = spec(Some(5.0));
        let standing: Vec<Standing> = points.iter().map(|p| standing(p, &s)).collect();
        assert_eq!(standing, [Standing::OutOfMemory, Standing::OverBudget, Standing::Eligible]);
    }

    #[test]
    fn without_a_feasible_point_nothing_is_closest() {
        // Both points run out of memory: nothing is recommended, and no sentence quotes a latency (the best p99
        // over no point would be inf).
        let mut a = point(128, 1, 10.0, 10.0);
        let mut b = point(256, 2, 20.0, 20.0);
        a.feasible = false;
        b.feasible = false;
        let r = recommend(&[a, b], &spec(Some(5.0)));
        assert!(r.cost.is_none() && r.speed.is_none() && r.balanced.is_none() && r.slo.is_none());
        assert_eq!(r.infeasible, Some(Infeasible { smallest_mb: 128, largest_mb: 256, required_mb: None }));
        assert_eq!(r.slo_unmet, Some(SloUnmet { closest_ms: None }));
    }
}
