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
mod outcome;
mod stored;

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
    let base = baseline(app);
    let work = sweep_units(app);
    let results: Vec<Result<Point, PricingError>> = work
        .par_iter()
        .map(|unit| {
            let p = sweep_point(app, &base, catalog, date, unit);
            done();
            p
        })
        .collect();
    let mut points: Vec<Vec<Point>> = vec![Vec::new(); app.functions().len()];
    for (unit, p) in work.iter().zip(results) {
        points[unit.function].push(p?);
    }
    finish(app, catalog, date, base, points)
}

/// Today's account, run once per region and replication, and the coupling it shows: what every sweep point of
/// an application needs before it can be simulated (a coupled function's points run against the others' use of
/// the pool in these runs). Deterministic: every process that computes it for the same application and seed
/// gets the same runs.
#[derive(Debug, Clone)]
pub struct Baseline {
    regions: Vec<(String, Vec<usize>)>,
    runs: Vec<Vec<AccountResult>>,
    coupled: Vec<bool>,
    coupling: Vec<CouplingInfo>,
}

/// One setting of one function's sweep, with all its replications: the unit of an application's sweep work
/// (and of `costsim run --shard`). Its result depends only on the application, the seed and the [`Baseline`],
/// never on which process or thread computes it, nor in which order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SweepUnit {
    /// Index of the function in the application's order.
    pub function: usize,
    /// Architecture.
    pub architecture: Architecture,
    /// Memory [MB].
    pub memory_mb: u32,
    /// Today's setting, on today's platform.
    pub current: bool,
}

impl SweepUnit {
    fn setting(&self) -> Setting {
        Setting { arch: self.architecture, memory_mb: self.memory_mb, current: self.current }
    }
}

impl Baseline {
    /// Whether this baseline has the shape `app`'s sweep and review index into: the same regions and members,
    /// a run per replication, a result and an occupancy per member, a coupling flag per function. A baseline
    /// read from a file of the same input always has it; one edited by hand might not, and is refused rather
    /// than indexed out of bounds.
    ///
    /// # Errors
    /// What does not fit, as a sentence.
    pub fn fits(&self, app: &Application) -> Result<(), String> {
        let regions: Vec<(String, Vec<usize>)> = app.regions().into_iter().map(|(r, m)| (r.to_string(), m)).collect();
        if self.regions != regions {
            return Err("its regions and their functions are not the application's".into());
        }
        if self.coupled.len() != app.functions().len() || self.coupling.len() != regions.len() {
            return Err("its coupling does not cover the application's functions and regions".into());
        }
        let replications = app.replications() as usize;
        for ((region, members), runs) in regions.iter().zip(&self.runs) {
            if runs.len() != replications {
                return Err(format!(
                    "region {region} has {} runs, not one per replication ({replications})",
                    runs.len()
                ));
            }
            let per_member = |a: &AccountResult| a.functions.len() == members.len() && a.held.len() == members.len();
            if !runs.iter().all(per_member) {
                return Err(format!("a run of region {region} does not hold one result per function"));
            }
        }
        if self.runs.len() != regions.len() {
            return Err("it does not hold a run of every region".into());
        }
        Ok(())
    }
}

/// Step 1 of the review: today's account per region, and which functions it couples.
pub fn baseline(app: &Application) -> Baseline {
    let fns = app.functions();
    let regions: Vec<(String, Vec<usize>)> = app.regions().into_iter().map(|(r, m)| (r.to_string(), m)).collect();
    let today: Vec<Setting> = fns.iter().map(current_setting).collect();
    let runs = account_runs(app, &regions, &today);
    let mut coupled = vec![false; fns.len()];
    let mut coupling = Vec::new();
    for ((region, members), region_runs) in regions.iter().zip(&runs) {
        let shares: Vec<bool> = members.iter().map(|&i| fns[i].reserved().is_none()).collect();
        let scale: Vec<f64> = members.iter().map(|&i| coupling::duration_scale(fns[i].scenario())).collect();
        let unreserved = app.unreserved(region);
        let (c, bound_peak) = coupling::coupled(region_runs, &shares, &scale, unreserved, app.coupling_threshold());
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
    Baseline { regions, runs, coupled, coupling }
}

/// Every unit of the application's sweep: functions in the application's order, each function's settings in
/// sweep order ([`sweep::settings`]).
pub fn sweep_units(app: &Application) -> Vec<SweepUnit> {
    app.functions()
        .iter()
        .enumerate()
        .flat_map(|(function, f)| {
            sweep_settings(f.scenario()).into_iter().map(move |s| SweepUnit {
                function,
                architecture: s.arch,
                memory_mb: s.memory_mb,
                current: s.current,
            })
        })
        .collect()
}

/// Step 2, one unit: the function's replications at the unit's setting in the account's context, priced.
///
/// # Errors
/// [`PricingError`] when the catalog cannot price the function.
pub fn sweep_point(
    app: &Application,
    base: &Baseline,
    catalog: &Catalog,
    date: NaiveDate,
    unit: &SweepUnit,
) -> Result<Point, PricingError> {
    let setting = unit.setting();
    let runs = sweep_runs(app, &base.regions, &base.runs, &base.coupled, unit.function, setting);
    sweep::summarize(app.functions()[unit.function].scenario(), catalog, date, &runs)
        .map(|(p, _)| Point { current: setting.current, ..p })
}

/// Steps 3 and 4: recommendations from each function's `points` (its sweep, in sweep order; every function has
/// at least one), the adopted set run together, and the review.
///
/// # Errors
/// [`PricingError`] when the catalog cannot price a function or the account.
///
/// # Panics
/// When a function has no point (the caller's contract).
pub fn finish(
    app: &Application,
    catalog: &Catalog,
    date: NaiveDate,
    base: Baseline,
    mut points: Vec<Vec<Point>>,
) -> Result<Fleet, PricingError> {
    let fns = app.functions();
    let Baseline { regions, runs: baseline, coupled, coupling } = base;
    assert!(points.len() == fns.len() && points.iter().all(|p| !p.is_empty()), "every function has a point");

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
            risks: outcome::risks(&now_p, &after_p, s.timeout_ms()),
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
    let collisions = outcome::collisions(app, &regions, &combined, &functions);
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
