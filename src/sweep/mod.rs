//! The sweep: every memory size × architecture, each simulated in independent replications, run in parallel
//! with rayon, scaled to a month and priced.
//!
//! Replication `r` of every point uses the same seed (derived from the scenario's seed and `r`), so all points
//! see the same arrivals (common random numbers: differences between points are not drowned in traffic noise).
//! Results are collected in sweep order, so they are identical whatever the number of threads.

mod delivery;

pub use delivery::DeliveryStats;

use chrono::NaiveDate;
use hdrhistogram::Histogram;
use rayon::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::pricing::{
    self, gb_seconds, ApiKind, Bill, BillOptions, Catalog, FunctionUsage, PricingError, HOURS_PER_MONTH,
};
use crate::quantity::round;
use crate::scenario::Scenario;
use crate::sim::{self, Platform, SimConfig, SimResult, Timeline};
use crate::trigger::{QueueType, Trigger};
use crate::Architecture;

/// One point of the sweep: what the function costs and how it behaves at one memory size and architecture.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Point {
    /// Architecture.
    pub architecture: Architecture,
    /// Memory [MB].
    pub memory_mb: u32,
    /// False when the function runs out of memory at this size: never recommended.
    pub feasible: bool,
    /// Mean monthly bill over the replications [USD].
    pub monthly_cost: Decimal,
    /// Of the monthly cost, what the trigger's service charges (API Gateway, SQS, EventBridge Scheduler; their
    /// free-tier credits included) [USD]. The rest is Lambda's.
    #[serde(default)]
    pub trigger_cost: Decimal,
    /// Half-width of the 95% confidence interval of the monthly cost (Student t over replications) [USD].
    pub monthly_cost_ci95: Option<f64>,
    /// Monthly cost ÷ millions of requests served [USD per 1M].
    pub cost_per_million: Decimal,
    /// Caller latency, INIT included on cold starts [ms].
    pub latency: Latency,
    /// Half-width of the 95% confidence interval of p99 latency [ms].
    pub p99_ci95_ms: Option<f64>,
    /// Cold starts ÷ requests served.
    pub cold_start_ratio: f64,
    /// Throttled ÷ arrived requests.
    pub throttle_ratio: f64,
    /// Errors the setting causes (timeouts and out-of-memory) ÷ invocations served.
    pub error_ratio: f64,
    /// Invocations whose code failed (the scenario's `error_ratio`, the same at every setting) ÷ invocations
    /// served; retried as the trigger retries.
    #[serde(default)]
    pub code_error_ratio: f64,
    /// Time-averaged busy environments.
    pub mean_concurrency: f64,
    /// Most environments busy at once (highest over replications).
    pub peak_concurrency: u32,
    /// Busy provisioned environment-time ÷ configured, when provisioned concurrency is on.
    pub pc_utilisation: Option<f64>,
    /// Billed on-demand and provisioned duration per month, INIT included [GB-s].
    pub monthly_gb_s: Decimal,
    /// Requests per month (served) [requests].
    pub monthly_requests: Decimal,
    /// Invocations simulated at this point, all replications together.
    pub simulated_invocations: u64,
    /// Caller-latency distribution: (percentile [%], latency [ms]) pairs, ascending, all replications pooled.
    pub latency_cdf: Vec<(f64, f64)>,
    /// The itemised monthly bill of the replications' mean usage.
    pub bill: Bill,
    /// The setting the function runs with today (`[current]`), simulated with today's platform.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub current: bool,
    /// Delivery of events and messages: async, schedule and SQS triggers; `None` for synchronous ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryStats>,
    /// Synchronous triggers through API Gateway: requests whose caller got HTTP 504 at the integration timeout
    /// while the invocation ran on (and was billed) ÷ arrived requests [-].
    #[serde(default)]
    pub gateway_timeout_ratio: f64,
    /// Concurrency over time in the first replication, for charts (kept in the report for recommended points).
    #[serde(skip)]
    pub timeline: Timeline,
}

impl Point {
    /// Lambda's part of the monthly cost: what a memory setting changes most [USD].
    pub fn lambda_cost(&self) -> Decimal {
        self.monthly_cost - self.trigger_cost
    }

    /// The latency a recommendation judges [ms]: the caller's for a synchronous trigger; end to end (arrival to
    /// the successful end, retries and waiting included) where no caller waits.
    pub fn objective_latency(&self) -> &Latency {
        self.delivery.as_ref().map_or(&self.latency, |d| &d.end_to_end)
    }

    /// The distribution of [`Point::objective_latency`]: (percentile [%], latency [ms]) pairs, ascending.
    pub fn objective_cdf(&self) -> &[(f64, f64)] {
        self.delivery.as_ref().map_or(&self.latency_cdf, |d| &d.end_to_end_cdf)
    }
}

/// Caller-latency statistics [ms].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Latency {
    /// Mean [ms].
    pub mean_ms: f64,
    /// Median [ms].
    pub p50_ms: f64,
    /// 90th percentile [ms].
    pub p90_ms: f64,
    /// 95th percentile [ms].
    pub p95_ms: f64,
    /// 99th percentile [ms].
    pub p99_ms: f64,
    /// Maximum [ms].
    pub max_ms: f64,
}

impl Latency {
    /// The `q`-th percentile (0–100) among those kept: the next kept one at or above `q` (p50, p90, p95, p99,
    /// else the maximum) [ms].
    pub fn at_or_above(&self, q: f64) -> f64 {
        match q {
            q if q <= 50.0 => self.p50_ms,
            q if q <= 90.0 => self.p90_ms,
            q if q <= 95.0 => self.p95_ms,
            q if q <= 99.0 => self.p99_ms,
            _ => self.max_ms,
        }
    }

    /// The `q`-th percentile (0–100) of `h`, a histogram in µs [ms].
    pub fn percentile(h: &Histogram<u64>, q: f64) -> f64 {
        h.value_at_percentile(q) as f64 / 1000.0
    }
}

/// Percentiles kept for the latency distribution [%]: dense in the tail, where cold starts show.
pub const CDF_PERCENTILES: [f64; 27] = [
    0.0, 1.0, 5.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 85.0, 90.0, 92.5, 95.0, 96.0, 97.0, 98.0, 99.0,
    99.5, 99.7, 99.8, 99.9, 99.95, 99.99, 99.999, 100.0,
];

/// Decimals kept for money in sweep results: sub-cent, so that sums still round to the right cents.
const MONEY_DP: u32 = 6;

/// Seed of replication `r` (SplitMix64 of the scenario seed and `r`): independent streams per replication.
pub fn replication_seed(seed: u64, r: u32) -> u64 {
    sim::splitmix64(seed.wrapping_add(u64::from(r).wrapping_mul(0x9E37_79B9_7F4A_7C15)))
}

/// Month ÷ simulated horizon: the factor that turns simulated counts into monthly ones.
pub fn month_factor(horizon_hours: u32) -> Decimal {
    Decimal::from(HOURS_PER_MONTH) / Decimal::from(horizon_hours)
}

/// The month's usage from one simulated run, scaled by `factor`. Exact: integers in, decimals out.
pub fn usage_from_sim(scenario: &Scenario, r: &SimResult, factor: Decimal) -> FunctionUsage {
    let mem = r.memory_mb;
    let b = &r.billing;
    let ms = |x: u64| Decimal::from(x);
    let extra_storage = scenario.ephemeral_mb().saturating_sub(512);
    let count = |n: u64| Decimal::from(n) * factor;
    // What the trigger's own service bills: API Gateway every request it receives (throttled ones included, as
    // Lambda's 429 reaches API Gateway after the call), SQS every ReceiveMessage and DeleteMessageBatch call of
    // the pollers (empty long polls included), Scheduler every invocation it makes. S3 notifications are free.
    let (api_kind, api_requests, sqs_fifo, sqs_requests, scheduler_invocations) = match scenario.trigger() {
        Trigger::Sync(t) => (ApiKind::from(t.source()), count(r.counts.arrivals), false, Decimal::ZERO, Decimal::ZERO),
        Trigger::Sqs(m) => {
            let d = &r.delivery;
            let calls = count(d.receive_requests + d.delete_requests + d.empty_receives);
            (ApiKind::None, Decimal::ZERO, m.queue() == QueueType::Fifo, calls, Decimal::ZERO)
        }
        Trigger::Schedule(_) => (ApiKind::None, Decimal::ZERO, false, Decimal::ZERO, count(r.delivery.events)),
        Trigger::Async(_) => (ApiKind::None, Decimal::ZERO, false, Decimal::ZERO, Decimal::ZERO),
    };
    let api_requests =
        if matches!(api_kind, ApiKind::RestApi | ApiKind::HttpApi) { api_requests } else { Decimal::ZERO };
    FunctionUsage {
        memory_mb: Some(mem),
        package: scenario.package(),
        requests: Decimal::from(r.counts.served()) * factor,
        duration_gb_s: gb_seconds(mem, ms(b.billed_ms)) * factor,
        init_gb_s: gb_seconds(mem, ms(b.billed_init_ms)) * factor,
        provisioned_gb_s: gb_seconds(mem, ms(b.pc_configured_ms)) * factor,
        provisioned_duration_gb_s: gb_seconds(mem, ms(b.pc_billed_ms)) * factor,
        ephemeral_storage_gb_s: gb_seconds(extra_storage, ms(b.billed_ms + b.pc_billed_ms)) * factor,
        api_kind,
        api_requests,
        sqs_fifo,
        sqs_requests,
        scheduler_invocations,
        ..FunctionUsage::new(scenario.name(), scenario.region(), r.arch)
    }
}

/// Simulates and prices every point of `scenario`'s sweep on the current rayon pool.
///
/// # Errors
/// [`PricingError`] when the catalog cannot price the scenario (a missing price, a granularity other than 1 ms).
pub fn run(scenario: &Scenario, catalog: &Catalog, date: NaiveDate) -> Result<Vec<Point>, PricingError> {
    run_with_progress(scenario, catalog, date, &|| {})
}

/// As [`run`], calling `done` after each point (from worker threads, in any order): for a progress bar.
///
/// # Errors
/// As [`run`].
pub fn run_with_progress(
    scenario: &Scenario,
    catalog: &Catalog,
    date: NaiveDate,
    done: &(dyn Fn() + Sync),
) -> Result<Vec<Point>, PricingError> {
    settings(scenario)
        .par_iter()
        .map(|setting| {
            let p = setting_point(scenario, catalog, date, setting);
            done();
            p
        })
        .collect()
}

/// One setting of [`settings`], simulated in all its replications and priced: one unit of the sweep's work (and
/// of `costsim run --shard`). Its result depends only on the scenario, its seed and the setting.
///
/// # Errors
/// As [`run`].
pub fn setting_point(
    scenario: &Scenario,
    catalog: &Catalog,
    date: NaiveDate,
    &(arch, mem, platform, current): &(Architecture, u32, &Platform, bool),
) -> Result<Point, PricingError> {
    point(scenario, catalog, date, arch, mem, platform).map(|p| Point { current, ..p })
}

/// Every setting of the sweep, and today's where the scenario states it, in sweep order (architectures, then
/// memory ascending): (architecture, memory [MB], platform, is today's). Today's is marked where the sweep has it
/// on today's platform, else inserted, to be simulated with today's platform.
pub fn settings(scenario: &Scenario) -> Vec<(Architecture, u32, &Platform, bool)> {
    let mut settings: Vec<(Architecture, u32, &Platform, bool)> = scenario
        .architectures()
        .iter()
        .flat_map(|&a| scenario.memory_mb().iter().map(move |&m| (a, m, scenario.platform(), false)))
        .collect();
    if let Some(c) = scenario.current() {
        match settings.iter_mut().find(|s| (s.0, s.1) == (c.architecture, c.memory_mb) && *s.2 == c.platform) {
            Some(same) => same.3 = true,
            None => {
                let at = settings.partition_point(|s| (s.0, s.1) <= (c.architecture, c.memory_mb));
                settings.insert(at, (c.architecture, c.memory_mb, &c.platform, true));
            }
        }
    }
    settings
}

fn point(
    scenario: &Scenario,
    catalog: &Catalog,
    date: NaiveDate,
    arch: Architecture,
    mem: u32,
    platform: &Platform,
) -> Result<Point, PricingError> {
    let runs: Vec<SimResult> = (0..scenario.replications())
        .into_par_iter()
        .map(|r| sim::run(&config(scenario, arch, mem, platform, r)))
        .collect();
    Ok(summarize(scenario, catalog, date, &runs)?.0)
}

/// The simulator's configuration of replication `r` of `scenario` at one setting on `platform`.
pub fn config(scenario: &Scenario, arch: Architecture, mem: u32, platform: &Platform, r: u32) -> SimConfig {
    let horizon_us = scenario.horizon_hours() as u64 * 3_600_000_000;
    SimConfig::new(
        scenario.function(arch),
        scenario.traffic().clone(),
        platform.clone(),
        mem,
        arch,
        horizon_us,
        replication_seed(scenario.seed(), r),
    )
    .and_then(|c| c.with_trigger(scenario.trigger().clone()))
    .expect("scenario values were checked when it was loaded")
}

/// One setting's replications (`runs`, all of one memory size and architecture, at least one), scaled to a
/// month and priced: the point, and the replications' mean monthly usage that its bill prices.
///
/// # Errors
/// [`PricingError`] when the catalog cannot price it.
pub fn summarize(
    scenario: &Scenario,
    catalog: &Catalog,
    date: NaiveDate,
    runs: &[SimResult],
) -> Result<(Point, FunctionUsage), PricingError> {
    let (arch, mem) = (runs[0].arch, runs[0].memory_mb);
    let factor = month_factor(scenario.horizon_hours());
    let options = BillOptions { free_tier: scenario.free_tier(), ..BillOptions::new(date) };
    let usages: Vec<FunctionUsage> = runs.iter().map(|r| usage_from_sim(scenario, r, factor)).collect();
    let mut totals = Vec::with_capacity(runs.len());
    for u in &usages {
        totals.push(pricing::bill(catalog, std::slice::from_ref(u), &options)?.total());
    }
    let mean_usage = mean_usage(&usages);
    let bill = pricing::bill(catalog, std::slice::from_ref(&mean_usage), &options)?;
    let monthly_cost = bill.total();
    let hist = merged(runs.iter().map(|r| &r.latency_histogram));
    let sum = |f: fn(&SimResult) -> u64| runs.iter().map(f).sum::<u64>();
    let served = sum(|r| r.counts.served());
    let ratio = sim::ratio;
    let latency_sum_us: u128 = runs.iter().map(|r| r.latency.sum_us).sum();
    let latency = Latency {
        mean_ms: if served == 0 { 0.0 } else { latency_sum_us as f64 / served as f64 / 1000.0 },
        p50_ms: Latency::percentile(&hist, 50.0),
        p90_ms: Latency::percentile(&hist, 90.0),
        p95_ms: Latency::percentile(&hist, 95.0),
        p99_ms: Latency::percentile(&hist, 99.0),
        max_ms: runs.iter().map(|r| r.latency.max_us).max().unwrap_or(0) as f64 / 1000.0,
    };
    let cost_f64: Vec<f64> = totals.iter().map(|t| t.to_f64().unwrap_or(f64::NAN)).collect();
    let p99s: Vec<f64> = runs.iter().map(|r| Latency::percentile(&r.latency_histogram, 99.0)).collect();
    let monthly_requests = mean_usage.requests;
    let million = Decimal::from(1_000_000);
    let pc = runs.iter().filter_map(|r| r.environments.pc_utilisation).collect::<Vec<_>>();
    let point = Point {
        architecture: arch,
        memory_mb: mem,
        feasible: mem >= scenario.required_memory_mb() && runs.iter().all(SimResult::feasible),
        monthly_cost: round(monthly_cost, MONEY_DP),
        trigger_cost: round(pricing::cost_of(bill.lines.iter().filter(|l| l.component.is_event_source())), MONEY_DP),
        monthly_cost_ci95: ci95(&cost_f64),
        cost_per_million: if monthly_requests.is_zero() {
            Decimal::ZERO
        } else {
            round(monthly_cost * million / monthly_requests, MONEY_DP)
        },
        latency,
        p99_ci95_ms: ci95(&p99s),
        cold_start_ratio: ratio(sum(|r| r.counts.cold_starts), served),
        throttle_ratio: ratio(sum(|r| r.counts.throttled()), sum(|r| r.counts.arrivals)),
        error_ratio: ratio(sum(|r| r.counts.timeouts + r.counts.oom_errors), served),
        code_error_ratio: ratio(sum(|r| r.counts.function_errors), served),
        mean_concurrency: runs.iter().map(|r| r.environments.mean_busy).sum::<f64>() / runs.len() as f64,
        peak_concurrency: runs.iter().map(|r| r.environments.peak_busy).max().unwrap_or(0),
        pc_utilisation: (!pc.is_empty()).then(|| pc.iter().sum::<f64>() / pc.len() as f64),
        monthly_gb_s: round(mean_usage.duration_gb_s + mean_usage.init_gb_s + mean_usage.provisioned_duration_gb_s, 3),
        monthly_requests: round(monthly_requests, 3),
        latency_cdf: CDF_PERCENTILES.iter().map(|&q| (q, Latency::percentile(&hist, q))).collect(),
        simulated_invocations: sum(|r| r.counts.arrivals),
        bill,
        current: false,
        delivery: DeliveryStats::from_runs(scenario.trigger(), runs, factor.to_f64().unwrap_or(0.0)).map(|mut d| {
            // The simulator tells runs of one firing apart only by their common arrival instant: with several
            // events per firing spread over a window, the runs of one firing would count as overlapping each
            // other. Not measured then, rather than wrong.
            if scenario.schedule().is_some_and(|s| s.per_firing > 1) {
                d.overlap_ratio = None;
            }
            d
        }),
        gateway_timeout_ratio: ratio(sum(|r| r.delivery.gateway_timeouts), sum(|r| r.counts.arrivals)),
        timeline: runs[0].timeline.clone(),
    };
    Ok((point, mean_usage))
}

/// The replications' histograms merged into one (all have the simulator's bounds); empty for no run.
fn merged<'a>(mut hists: impl Iterator<Item = &'a Histogram<u64>>) -> Histogram<u64> {
    let mut out = match hists.next() {
        Some(first) => first.clone(),
        None => Histogram::new(3).expect("3 significant digits is valid"),
    };
    for h in hists {
        out.add(h).expect("histograms of the same bounds");
    }
    out
}

/// The replications' mean monthly usage.
fn mean_usage(all: &[FunctionUsage]) -> FunctionUsage {
    let reps = Decimal::from(all.len());
    // Rounded to 10^-6 of a unit (GB-s, request): far below a cent, and it keeps the report's numbers short.
    let avg = |f: fn(&FunctionUsage) -> Decimal| round(all.iter().map(f).sum::<Decimal>() / reps, 6);
    FunctionUsage {
        requests: avg(|u| u.requests),
        duration_gb_s: avg(|u| u.duration_gb_s),
        init_gb_s: avg(|u| u.init_gb_s),
        provisioned_gb_s: avg(|u| u.provisioned_gb_s),
        provisioned_duration_gb_s: avg(|u| u.provisioned_duration_gb_s),
        ephemeral_storage_gb_s: avg(|u| u.ephemeral_storage_gb_s),
        api_requests: avg(|u| u.api_requests),
        sqs_requests: avg(|u| u.sqs_requests),
        scheduler_invocations: avg(|u| u.scheduler_invocations),
        ..all[0].clone()
    }
}

/// Half-width of the 95% confidence interval of the mean of `xs` (Student t, n − 1 degrees of freedom).
pub fn ci95(xs: &[f64]) -> Option<f64> {
    let n = xs.len();
    if n < 2 {
        return None;
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let t = StudentsT::new(0.0, 1.0, (n - 1) as f64).ok()?.inverse_cdf(0.975);
    Some(t * (var / n as f64).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci95_matches_the_t_table() {
        // n = 3, values 1, 2, 3: mean 2, s = 1, t(0.975, 2) = 4.302653; half-width 4.302653 / √3 = 2.484138.
        let h = ci95(&[1.0, 2.0, 3.0]).unwrap();
        assert!((h - 2.484138).abs() < 1e-5, "{h}");
        assert_eq!(ci95(&[5.0]), None);
    }

    #[test]
    fn replication_seeds_differ() {
        assert_ne!(replication_seed(42, 0), replication_seed(42, 1));
        assert_ne!(replication_seed(42, 0), replication_seed(43, 0));
    }
}
