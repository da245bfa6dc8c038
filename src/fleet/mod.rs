//! A review of an application: every function swept in the account's context, the recommended set simulated
//! together, and what it costs and saves against today.
//!
//! 1. **Today**: each region's functions, at their `[current]` settings, run as one account ([`crate::sim::run_account`]):
//!    the unreserved pool is shared, reserved shares are their own. This is what the account costs now.
//! 2. **Coupling** ([`coupling`]): the functions that could meet at the pool's limit are swept together; the
//!    others alone.
//! 3. **Sweep**: every function's settings, scaled to a month and priced per function; recommendations as for
//!    one scenario. A coupled function is simulated against the pool less what the others held, second by second,
//!    in today's run (they stay at today's settings); an uncoupled one alone with the whole pool. Each point costs
//!    one function's simulation either way: the work is linear in the number of functions.
//! 4. **After**: the recommended set (the application's `pick` for every function) run together as one account
//!    again: does it still fit (no new throttles), and what does it cost?
//!
//! Per-function costs leave the free tier out (the account has one); the account's bill prices all functions'
//! usage together with [`pricing::bill`]: one free tier, volume tiers on the account's totals per region and
//! architecture. Same seed, same result at any thread count: work is collected in a fixed order.

pub mod coupling;

use chrono::NaiveDate;
use rayon::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::pricing::{self, Bill, BillOptions, Catalog, FunctionUsage, PricingError};
use crate::recommend::{self, Pick, Recommendations};
use crate::scenario::{AppFunction, Application, Objective, Scenario};
use crate::sim::{self, AccountResult, Member, Platform, SimResult, Timeline};
use crate::sweep::{self, Point};
use crate::trigger::TriggerKind;
use crate::Architecture;

/// A throttle or error ratio this much above the reference counts as new [-]: one request in a million, as a
/// throttled synchronous request is an error its caller sees.
const NEW_THROTTLE_MARGIN: f64 = 1e-6;
/// p99 above this share of the timeout is flagged [-].
const NEAR_TIMEOUT: f64 = 0.8;

/// What could go wrong with a function's change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Risk {
    /// Cold starts rise by at least half, and by at least 0.1 percentage point.
    MoreColdStarts {
        /// Cold starts ÷ invocations today [-].
        now: f64,
        /// After the change [-].
        after: f64,
    },
    /// Requests throttled after the change (more than today).
    Throttles {
        /// Throttled ÷ arrived today [-].
        now: f64,
        /// After [-].
        after: f64,
    },
    /// The invocation's p99 is close to the function's timeout.
    NearTimeout {
        /// p99 of the invocation (caller latency) after the change [ms].
        p99_ms: f64,
        /// The timeout [ms].
        timeout_ms: u32,
    },
    /// More timeouts or out-of-memory errors than today.
    MoreErrors {
        /// Errors ÷ invocations today [-].
        now: f64,
        /// After [-].
        after: f64,
    },
}

/// One function of the review.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FleetFunction {
    /// Name.
    pub name: String,
    /// What it does.
    pub description: String,
    /// Region.
    pub region: String,
    /// How it is invoked.
    pub pattern: TriggerKind,
    /// Reserved concurrency today [environments].
    pub reserved: Option<u32>,
    /// Swept together with the other coupled functions of its region (they can meet at the pool's limit).
    pub coupled: bool,
    /// Timeout [ms].
    pub timeout_ms: u32,
    /// Its sweep, each point with the other functions at today's settings.
    pub points: Vec<Point>,
    /// Its recommendations among `points`.
    pub recommendations: Recommendations,
    /// The recommendation adopted: the application's pick, or the fallback used when the function has none.
    pub adopted_by: Objective,
    /// Index into `points` of the setting adopted (today's when nothing is feasible).
    pub adopted: usize,
    /// Today: simulated with the whole account at today's settings.
    pub now: Point,
    /// After: simulated with the whole account at the adopted settings.
    pub after: Point,
    /// Today's monthly usage (the replications' mean), as the account's bill prices it.
    pub now_usage: FunctionUsage,
    /// The usage after the change.
    pub after_usage: FunctionUsage,
    /// Today's cost − after (negative: it costs more) [USD/month].
    pub saving: Decimal,
    /// The saving ÷ today's cost [%].
    pub saving_percent: f64,
    /// The judged latency's p99 after − today [ms].
    pub p99_change_ms: f64,
    /// What the change risks.
    pub risks: Vec<Risk>,
    /// Concurrency over the first replication's day today (the point's own timeline is not serialised).
    pub now_timeline: Timeline,
    /// Concurrency over the first replication's day after the change.
    pub after_timeline: Timeline,
    /// The values of its entry that are placeholders written by `costsim import` (`traffic.monthly_requests`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub placeholders: Vec<String>,
}

impl FleetFunction {
    /// Whether the adopted setting differs from today's.
    pub fn changes(&self) -> bool {
        (self.now.architecture, self.now.memory_mb) != (self.after.architecture, self.after.memory_mb)
    }
}

/// One region of the account at one set of settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegionUse {
    /// Region.
    pub region: String,
    /// The account's unreserved pool there [environments].
    pub unreserved: u32,
    /// Most of it in use at once, over the replications [environments].
    pub peak_in_use: u64,
    /// Bucket length of `in_use` [µs].
    pub bucket_us: u64,
    /// Most of it in use per bucket, first replication [environments].
    pub in_use: Vec<u64>,
}

/// The whole account at one set of settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountState {
    /// Sum of the functions' costs, each without the free tier [USD/month].
    pub functions_cost: Decimal,
    /// The account's bill: every function's usage together, one free tier, shared volume tiers.
    pub bill: Bill,
    /// The unreserved pool per region.
    pub regions: Vec<RegionUse>,
}

impl AccountState {
    /// The account's monthly bill [USD].
    pub fn total(&self) -> Decimal {
        self.bill.total()
    }
}

/// A function that the recommended set throttles more than today.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Collision {
    /// The function throttled.
    pub function: String,
    /// Region.
    pub region: String,
    /// Throttled ÷ arrived today [-].
    pub throttle_now: f64,
    /// After the change [-].
    pub throttle_after: f64,
    /// Requests (or attempts) throttled per month after the change [requests].
    pub throttled_per_month: f64,
    /// The functions busiest while it was throttled, busiest first.
    pub with: Vec<String>,
    /// Reserved concurrency that would isolate it: its peak (in its own sweep or in the combination) plus a
    /// quarter [environments].
    pub suggested_reserved: u32,
    /// Unreserved concurrency left with that reservation [environments]; below 100 AWS refuses it.
    pub leaves_unreserved: u32,
}

/// How a region's functions were simulated.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CouplingInfo {
    /// Region.
    pub region: String,
    /// Unreserved pool [environments].
    pub unreserved: u32,
    /// The bound on the pool's use at any choice of settings, at its highest [environments].
    pub bound_peak: f64,
    /// Coupling starts at this share of the pool [-].
    pub threshold: f64,
    /// The coupled functions (swept together).
    pub coupled: Vec<String>,
}

/// The review of an application.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fleet {
    /// Every function, in the application's order.
    pub functions: Vec<FleetFunction>,
    /// The account today.
    pub now: AccountState,
    /// The account with every adopted setting.
    pub after: AccountState,
    /// Today's account bill − after [USD/month].
    pub saving: Decimal,
    /// The saving ÷ today's bill [%].
    pub saving_percent: f64,
    /// Functions throttled more once the recommended set runs together.
    pub collisions: Vec<Collision>,
    /// Which functions were simulated together, per region.
    pub coupling: Vec<CouplingInfo>,
}

/// Today's setting of a function, or one of its sweep.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Setting {
    arch: Architecture,
    memory_mb: u32,
    current: bool,
}

/// Reviews `app`: see the module documentation.
///
/// # Errors
/// [`PricingError`] when the catalog cannot price a function or the account.
pub fn run(app: &Application, catalog: &Catalog, date: NaiveDate) -> Result<Fleet, PricingError> {
    run_with_progress(app, catalog, date, &|| {})
}

/// As [`run`], calling `done` after each simulated point (from worker threads, in any order).
///
/// # Errors
/// As [`run`].
pub fn run_with_progress(
    app: &Application,
    catalog: &Catalog,
    date: NaiveDate,
    done: &(dyn Fn() + Sync),
) -> Result<Fleet, PricingError> {
    let fns = app.functions();
    let regions: Vec<(String, Vec<usize>)> = app.regions().into_iter().map(|(r, m)| (r.to_string(), m)).collect();
    let today: Vec<Setting> = fns.iter().map(current_setting).collect();

    // 1. Today, as one account per region.
    let baseline = account_runs(app, &regions, &today);
    let mut coupled = vec![false; fns.len()];
    let mut coupling = Vec::new();
    for ((region, members), runs) in regions.iter().zip(&baseline) {
        let shares: Vec<bool> = members.iter().map(|&i| fns[i].reserved().is_none()).collect();
        let scale: Vec<f64> = members.iter().map(|&i| coupling::duration_scale(fns[i].scenario())).collect();
        let unreserved = app.unreserved(region);
        let (c, bound_peak) = coupling::coupled(runs, &shares, &scale, unreserved, app.coupling_threshold());
        for (k, &i) in members.iter().enumerate() {
            coupled[i] = c[k];
        }
        coupling.push(CouplingInfo {
            region: region.clone(),
            unreserved,
            bound_peak,
            threshold: app.coupling_threshold(),
            coupled: members.iter().filter(|&&i| coupled[i]).map(|&i| fns[i].scenario().name().to_string()).collect(),
        });
    }

    // 2. Every function's sweep, in context.
    let work: Vec<(usize, Setting)> = fns
        .iter()
        .enumerate()
        .flat_map(|(i, f)| sweep_settings(f.scenario()).into_iter().map(move |s| (i, s)))
        .collect();
    let results: Vec<Result<Point, PricingError>> = work
        .par_iter()
        .map(|&(i, setting)| {
            let runs = sweep_runs(app, &regions, &baseline, &coupled, i, setting);
            let p = sweep::summarize(fns[i].scenario(), catalog, date, &runs)
                .map(|(p, _)| Point { current: setting.current, ..p });
            done();
            p
        })
        .collect();
    let mut points: Vec<Vec<Point>> = vec![Vec::new(); fns.len()];
    for ((i, _), p) in work.iter().zip(results) {
        points[*i].push(p?);
    }

    // 3. Recommendations, and the setting each function adopts.
    let mut recs = Vec::with_capacity(fns.len());
    let mut adopted = Vec::with_capacity(fns.len());
    for (f, pts) in fns.iter().zip(&points) {
        let r = recommend::recommend(pts, f.scenario().recommend());
        let (by, pick) = adopt(&r, app.objective());
        let index = pick.map(|p| p.index).or(r.current).unwrap_or(0);
        adopted.push((by, index));
        recs.push(r);
    }
    let after_settings: Vec<Setting> = adopted
        .iter()
        .zip(&points)
        .map(|(&(_, i), pts)| Setting {
            arch: pts[i].architecture,
            memory_mb: pts[i].memory_mb,
            current: pts[i].current,
        })
        .collect();

    // 4. The adopted set, as one account per region.
    let combined = account_runs(app, &regions, &after_settings);
    let (now_points, now_usages) = outcomes(app, catalog, date, &regions, &baseline)?;
    let (after_points, after_usages) = outcomes(app, catalog, date, &regions, &combined)?;
    let options = BillOptions { free_tier: app.free_tier(), ..BillOptions::new(date) };
    let now = AccountState {
        functions_cost: now_points.iter().map(|p| p.monthly_cost).sum(),
        bill: pricing::bill(catalog, &now_usages, &options)?,
        regions: region_use(app, &regions, &baseline),
    };
    let after = AccountState {
        functions_cost: after_points.iter().map(|p| p.monthly_cost).sum(),
        bill: pricing::bill(catalog, &after_usages, &options)?,
        regions: region_use(app, &regions, &combined),
    };

    let mut functions = Vec::with_capacity(fns.len());
    for (i, f) in fns.iter().enumerate() {
        let s = f.scenario();
        let (now_p, after_p) = (now_points[i].clone(), after_points[i].clone());
        let saving = now_p.monthly_cost - after_p.monthly_cost;
        functions.push(FleetFunction {
            name: s.name().to_string(),
            description: s.description().to_string(),
            region: s.region().to_string(),
            pattern: s.trigger().kind(),
            placeholders: f.placeholders().to_vec(),
            reserved: f.reserved(),
            coupled: coupled[i],
            timeout_ms: s.timeout_ms(),
            risks: risks(&now_p, &after_p, s.timeout_ms()),
            saving,
            saving_percent: percent(saving, now_p.monthly_cost),
            p99_change_ms: after_p.objective_latency().p99_ms - now_p.objective_latency().p99_ms,
            points: std::mem::take(&mut points[i]),
            recommendations: recs[i].clone(),
            adopted_by: adopted[i].0,
            adopted: adopted[i].1,
            now_timeline: now_p.timeline.clone(),
            after_timeline: after_p.timeline.clone(),
            now: now_p,
            after: after_p,
            now_usage: now_usages[i].clone(),
            after_usage: after_usages[i].clone(),
        });
    }
    let collisions = collisions(app, &regions, &combined, &functions);
    let saving = now.total() - after.total();
    Ok(Fleet { saving_percent: percent(saving, now.total()), saving, functions, now, after, collisions, coupling })
}

/// `saving ÷ base` [%]; 0 when the base is 0.
pub fn percent(saving: Decimal, base: Decimal) -> f64 {
    if base.is_zero() {
        return 0.0;
    }
    // Checked: a hand-edited report.json read back by `render` can hold a tiny base, and Decimal panics on overflow.
    saving.checked_mul(Decimal::from(100)).and_then(|x| x.checked_div(base)).and_then(|x| x.to_f64()).unwrap_or(0.0)
}

fn current_setting(f: &AppFunction) -> Setting {
    let c = f.scenario().current().expect("an application's functions state [current]");
    Setting { arch: c.architecture, memory_mb: c.memory_mb, current: true }
}

/// The sweep's settings and today's, in sweep order, today's marked ([`sweep::settings`]).
fn sweep_settings(s: &Scenario) -> Vec<Setting> {
    sweep::settings(s).into_iter().map(|(arch, memory_mb, _, current)| Setting { arch, memory_mb, current }).collect()
}

/// The platform a function runs on at `setting`: today's (its provisioned and reserved concurrency) or the
/// sweep's, limited to its reserved share when it has one, else to `pool` (the account's quota inside an
/// account simulation; the unreserved pool when it runs alone).
fn platform(f: &AppFunction, setting: Setting, pool: u32) -> Platform {
    let s = f.scenario();
    let base = if setting.current { &s.current().expect("checked").platform } else { s.platform() };
    base.clone().with_concurrency_limit(Some(f.reserved().unwrap_or(pool)))
}

fn member(app: &Application, f: &AppFunction, setting: Setting, r: u32) -> Member {
    let p = platform(f, setting, app.concurrency_limit());
    Member {
        config: sweep::config(f.scenario(), setting.arch, setting.memory_mb, &p, r),
        shares_pool: f.reserved().is_none(),
    }
}

/// Each region's functions at `settings`, one account run per replication (regions in order, then replications).
fn account_runs(app: &Application, regions: &[(String, Vec<usize>)], settings: &[Setting]) -> Vec<Vec<AccountResult>> {
    let fns = app.functions();
    let work: Vec<(usize, u32)> =
        (0..regions.len()).flat_map(|g| (0..app.replications()).map(move |r| (g, r))).collect();
    let runs: Vec<AccountResult> = work
        .par_iter()
        .map(|&(g, r)| {
            let (region, members) = &regions[g];
            let m: Vec<Member> = members.iter().map(|&i| member(app, &fns[i], settings[i], r)).collect();
            sim::run_account(&m, app.unreserved(region)).expect("an application's functions share one horizon")
        })
        .collect();
    let mut out: Vec<Vec<AccountResult>> = vec![Vec::new(); regions.len()];
    for ((g, _), run) in work.iter().zip(runs) {
        out[*g].push(run);
    }
    out
}

/// Function `i`'s replications at `setting`. Coupled: against the unreserved pool less what the other sharing
/// functions of its region held, second by second, in replication `r` of today's account run (same seeds, so the
/// same traffic as there). Uncoupled: alone with the whole unreserved pool, which it never comes near.
fn sweep_runs(
    app: &Application,
    regions: &[(String, Vec<usize>)],
    baseline: &[Vec<AccountResult>],
    coupled: &[bool],
    i: usize,
    setting: Setting,
) -> Vec<SimResult> {
    let fns = app.functions();
    let g = regions.iter().position(|(_, m)| m.contains(&i)).expect("every function is in a region");
    let (region, members) = &regions[g];
    let unreserved = app.unreserved(region);
    (0..app.replications())
        .map(|r| {
            let config = |limit: u32| {
                let p = platform(&fns[i], setting, limit);
                sweep::config(fns[i].scenario(), setting.arch, setting.memory_mb, &p, r)
            };
            if coupled[i] {
                let today = &baseline[g][r as usize];
                let mut background = vec![0u32; today.held.iter().map(Vec::len).max().unwrap_or(0)];
                for (k, &j) in members.iter().enumerate() {
                    if j != i {
                        for (b, &h) in background.iter_mut().zip(&today.held[k]) {
                            *b += h;
                        }
                    }
                }
                sim::run_with_background(&config(app.concurrency_limit()), unreserved, background, today.step_us)
            } else {
                sim::run(&config(unreserved))
            }
        })
        .collect()
}

/// Each function's point and mean usage from account runs, in the application's order.
fn outcomes(
    app: &Application,
    catalog: &Catalog,
    date: NaiveDate,
    regions: &[(String, Vec<usize>)],
    runs: &[Vec<AccountResult>],
) -> Result<(Vec<Point>, Vec<FunctionUsage>), PricingError> {
    let fns = app.functions();
    let mut out: Vec<Option<(Point, FunctionUsage)>> = vec![None; fns.len()];
    for ((_, members), region_runs) in regions.iter().zip(runs) {
        for (k, &i) in members.iter().enumerate() {
            let reps: Vec<SimResult> = region_runs.iter().map(|a| a.functions[k].clone()).collect();
            let s = fns[i].scenario();
            let (mut p, u) = sweep::summarize(s, catalog, date, &reps)?;
            p.current = s.current().is_some_and(|c| (c.architecture, c.memory_mb) == (p.architecture, p.memory_mb));
            out[i] = Some((p, u));
        }
    }
    Ok(out.into_iter().map(|x| x.expect("every function is in a region")).unzip())
}

fn region_use(app: &Application, regions: &[(String, Vec<usize>)], runs: &[Vec<AccountResult>]) -> Vec<RegionUse> {
    regions
        .iter()
        .zip(runs)
        .map(|((region, _), rs)| RegionUse {
            region: region.clone(),
            unreserved: app.unreserved(region),
            peak_in_use: rs.iter().map(|r| r.peak_in_use).max().unwrap_or(0),
            bucket_us: rs.first().map_or(1, |r| r.bucket_us),
            in_use: rs.first().map(|r| r.in_use.clone()).unwrap_or_default(),
        })
        .collect()
}

/// The pick for `objective`, or the fallback (balanced, then cost) when the function has none for it; with the
/// objective that gave it (`objective` itself when there is no pick at all).
pub fn adopt(r: &Recommendations, objective: Objective) -> (Objective, Option<&Pick>) {
    let of = |o: Objective| match o {
        Objective::Cost => r.cost.as_ref(),
        Objective::Speed => r.speed.as_ref(),
        Objective::Balanced => r.balanced.as_ref(),
        Objective::Slo => r.slo.as_ref(),
    };
    [objective, Objective::Balanced, Objective::Cost]
        .into_iter()
        .find_map(|o| of(o).map(|p| (o, Some(p))))
        .unwrap_or((objective, None))
}

fn risks(now: &Point, after: &Point, timeout_ms: u32) -> Vec<Risk> {
    let mut out = Vec::new();
    let (c0, c1) = (now.cold_start_ratio, after.cold_start_ratio);
    if c1 >= 1.5 * c0 && c1 - c0 >= 0.001 {
        out.push(Risk::MoreColdStarts { now: c0, after: c1 });
    }
    if after.throttle_ratio > now.throttle_ratio + NEW_THROTTLE_MARGIN {
        out.push(Risk::Throttles { now: now.throttle_ratio, after: after.throttle_ratio });
    }
    if after.latency.p99_ms >= NEAR_TIMEOUT * f64::from(timeout_ms) {
        out.push(Risk::NearTimeout { p99_ms: after.latency.p99_ms, timeout_ms });
    }
    if after.error_ratio > now.error_ratio + NEW_THROTTLE_MARGIN {
        out.push(Risk::MoreErrors { now: now.error_ratio, after: after.error_ratio });
    }
    out
}

/// The functions the adopted set throttles more than today, with whom they meet at the limit and the reserved
/// concurrency that would isolate them.
fn collisions(
    app: &Application,
    regions: &[(String, Vec<usize>)],
    combined: &[Vec<AccountResult>],
    functions: &[FleetFunction],
) -> Vec<Collision> {
    let mut out = Vec::new();
    for ((region, members), runs) in regions.iter().zip(combined) {
        for (k, &i) in members.iter().enumerate() {
            let f = &functions[i];
            // New throttles from the combination: beyond today's and beyond what the adopted setting showed in
            // its own sweep (with the others at today's settings).
            let alone = f.points[f.adopted].throttle_ratio.max(f.now.throttle_ratio);
            // Replications differ a little between runs of different sets: a tenth more than alone is noise.
            if f.reserved.is_some() || f.after.throttle_ratio <= alone + NEW_THROTTLE_MARGIN.max(alone / 10.0) {
                continue;
            }
            // Who was busy while it was throttled: environment-buckets summed over those buckets.
            let mut busy: Vec<(u64, usize)> = members
                .iter()
                .enumerate()
                .filter(|&(j, &other)| j != k && functions[other].reserved.is_none())
                .map(|(j, &other)| {
                    let mut sum = 0u64;
                    for run in runs {
                        let mine = &run.functions[k].timeline.buckets;
                        let theirs = &run.functions[j].timeline.buckets;
                        for (a, b) in mine.iter().zip(theirs) {
                            if a.throttled > 0 {
                                sum += u64::from(b.max_busy);
                            }
                        }
                    }
                    (sum, other)
                })
                .filter(|&(s, _)| s > 0)
                .collect();
            busy.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            // Its peak in its own sweep or in the combination, plus a quarter for headroom.
            let peak = f.points[f.adopted].peak_concurrency.max(f.after.peak_concurrency).max(1);
            let wanted = peak + peak.div_ceil(4);
            out.push(Collision {
                function: f.name.clone(),
                region: region.clone(),
                throttle_now: f.now.throttle_ratio,
                throttle_after: f.after.throttle_ratio,
                throttled_per_month: throttled_per_month(&f.after),
                with: busy.iter().map(|&(_, j)| functions[j].name.clone()).collect(),
                suggested_reserved: wanted,
                leaves_unreserved: app.unreserved(region).saturating_sub(wanted),
            });
        }
    }
    out
}

/// Throttled requests per month at `p`: arrivals × the throttle ratio, arrivals = served ÷ (1 − ratio).
fn throttled_per_month(p: &Point) -> f64 {
    let served = p.monthly_requests.to_f64().unwrap_or(0.0);
    let r = p.throttle_ratio;
    if r >= 1.0 {
        0.0
    } else {
        served * r / (1.0 - r)
    }
}
