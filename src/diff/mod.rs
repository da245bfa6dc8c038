//! Comparing two runs (`costsim diff BASE HEAD`): what a change to the deployed settings does to the month's bill
//! and to latency, per function and in total, as structured deltas (the sentences are the report's).
//!
//! A pull request changes the infrastructure code, so it changes *today's* settings: each [`Side`] is what one
//! report says is deployed.
//!
//! - An application (fleet) report: each function's point today (simulated with the whole account at today's
//!   settings), and as the total the account's bill today, the free tier applied once. Functions are matched by
//!   name; one on one side only is [`Status::Added`] or [`Status::Removed`].
//! - A single function's run report: the point of today's setting (`[current]`). When either report has none,
//!   both sides compare the same recommendation instead ([`Basis::Recommended`]), so that like is compared with
//!   like.
//!
//! Each side also keeps its recommended total (the set the review would adopt), so a reviewer sees whether the
//! saving on offer moved. [`limit`] is the `--fail-above` guardrail on the total's increase.

pub mod limit;
mod side;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::scenario::Objective;
use crate::sweep::Point;
use crate::Architecture;

pub use limit::{Limit, LimitError, Verdict};

/// Smallest cost change that counts [USD/month]: half a cent, the least that shows as a cent.
pub const COST_EPSILON: Decimal = Decimal::from_parts(5, 0, 0, false, 3);
/// Smallest latency change that counts [ms]: half a millisecond, the least that shows as 1 ms.
pub const LATENCY_EPSILON_MS: f64 = 0.5;
/// Smallest ratio change that counts [-]: one request in a million, as the fleet review counts new throttles.
pub const RATIO_EPSILON: f64 = 1e-6;

/// Which kind of report a side was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One function's sweep (`costsim.run`).
    Run,
    /// An application review (`costsim.fleet`).
    Fleet,
}

/// Which point of each function a side compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "point", rename_all = "snake_case")]
pub enum Basis {
    /// Today's setting: a fleet's `now`, a run's `[current]` point.
    Today,
    /// A run report's recommendation (one of the two reports states no `[current]`).
    Recommended {
        /// The recommendation asked for (`--pick`).
        asked: Objective,
        /// The one used: `asked`, or the fallback (balanced, then cost) where the report has none for it.
        used: Objective,
    },
}

/// One function as deployed on one side: the figures a diff compares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct State {
    /// Architecture.
    pub architecture: Architecture,
    /// Memory [MB].
    pub memory_mb: u32,
    /// Monthly cost [currency/month]; in a fleet, without the account's free tier.
    pub monthly_cost: Decimal,
    /// Requests served per month [requests].
    pub monthly_requests: Decimal,
    /// Median of the judged latency (the caller's; end to end where no caller waits) [ms].
    pub p50_ms: f64,
    /// 95th percentile of the judged latency [ms].
    pub p95_ms: f64,
    /// 99th percentile of the judged latency [ms].
    pub p99_ms: f64,
    /// Cold starts ÷ requests served [-].
    pub cold_start_ratio: f64,
    /// Throttled ÷ arrived requests [-].
    pub throttle_ratio: f64,
    /// Events or messages dropped ÷ arrived [-]; `None` for a synchronous trigger, which drops nothing.
    pub dropped_ratio: Option<f64>,
    /// Timeouts and out-of-memory errors ÷ invocations served [-].
    pub error_ratio: f64,
}

impl State {
    /// The figures of `p`.
    pub fn of(p: &Point) -> State {
        let l = p.objective_latency();
        State {
            architecture: p.architecture,
            memory_mb: p.memory_mb,
            monthly_cost: p.monthly_cost,
            monthly_requests: p.monthly_requests,
            p50_ms: l.p50_ms,
            p95_ms: l.p95_ms,
            p99_ms: l.p99_ms,
            cold_start_ratio: p.cold_start_ratio,
            throttle_ratio: p.throttle_ratio,
            dropped_ratio: p.delivery.as_ref().map(|d| d.dropped_ratio),
            error_ratio: p.error_ratio,
        }
    }

    /// Whether the setting (architecture and memory) is the same as `other`'s.
    pub fn same_setting(&self, other: &State) -> bool {
        (self.architecture, self.memory_mb) == (other.architecture, other.memory_mb)
    }
}

/// The recommended set of one side: what it would cost with every function at its recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Recommended {
    /// Its monthly total [currency/month].
    pub total: Decimal,
    /// The recommendation adopted (a fleet's `pick`; a run's `--pick`, or its fallback).
    pub pick: Objective,
}

/// Where a side comes from: its file, its name, its currency and date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Origin {
    /// The file it was read from (named in messages).
    pub path: String,
    /// The scenario's or the application's name.
    pub name: String,
    /// ISO 4217 currency of every amount.
    #[serde(skip)]
    pub currency: String,
    /// Billing date of its prices.
    pub date: NaiveDate,
}

/// What one report says is deployed.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// Where it comes from.
    pub origin: Origin,
    /// Which kind of report it is.
    pub kind: Kind,
    /// Which point of each function it compares.
    pub basis: Basis,
    /// The monthly total: a fleet's account bill today (free tier once), a run's point's cost [currency/month].
    pub total: Decimal,
    /// The recommended set, when it is not what `total` already is.
    pub recommended: Option<Recommended>,
    /// Each function by name, in the report's order.
    pub functions: Vec<(String, State)>,
    /// The functions whose numbers rest on placeholders (values `costsim import` could not read), in order.
    pub placeholders: Vec<String>,
}

/// A side as a diff names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Where it comes from.
    #[serde(flatten)]
    pub origin: Origin,
    /// Which point of each function it compares.
    pub basis: Basis,
    /// The functions whose numbers rest on placeholders.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub placeholders: Vec<String>,
}

/// A monthly amount on both sides.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// BASE's amount [currency/month].
    pub base: Decimal,
    /// HEAD's amount [currency/month].
    pub head: Decimal,
    /// `head − base` [currency/month]: positive when it costs more.
    pub change: Decimal,
    /// `change ÷ base` [%]; `None` when the base is zero (a percent of nothing).
    pub change_percent: Option<f64>,
}

impl Change {
    /// From `base` to `head`.
    pub fn new(base: Decimal, head: Decimal) -> Change {
        let change = head - base;
        let change_percent = (!base.is_zero()).then(|| crate::fleet::percent(change, base));
        Change { base, head, change, change_percent }
    }
}

/// What happened to a function between the sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Only in HEAD.
    Added,
    /// Only in BASE.
    Removed,
    /// On both sides, with another setting or a figure that moved by more than its epsilon.
    Changed,
    /// On both sides, the same to within [`COST_EPSILON`], [`LATENCY_EPSILON_MS`] and [`RATIO_EPSILON`].
    Unchanged,
}

/// `head − base` of a function on both sides.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Deltas {
    /// Median [ms].
    pub p50_ms: f64,
    /// 95th percentile [ms].
    pub p95_ms: f64,
    /// 99th percentile [ms].
    pub p99_ms: f64,
    /// Cold-start ratio [-].
    pub cold_start_ratio: f64,
    /// Throttle ratio [-].
    pub throttle_ratio: f64,
    /// Dropped ratio [-], when both sides' triggers can drop.
    pub dropped_ratio: Option<f64>,
    /// Error ratio [-].
    pub error_ratio: f64,
    /// Requests served per month [requests].
    pub monthly_requests: Decimal,
}

impl Deltas {
    fn between(b: &State, h: &State) -> Deltas {
        // Latencies are recorded to the microsecond: their differences too, without float noise.
        let ms = |b: f64, h: f64| ((h - b) * 1000.0).round() / 1000.0;
        Deltas {
            p50_ms: ms(b.p50_ms, h.p50_ms),
            p95_ms: ms(b.p95_ms, h.p95_ms),
            p99_ms: ms(b.p99_ms, h.p99_ms),
            cold_start_ratio: h.cold_start_ratio - b.cold_start_ratio,
            throttle_ratio: h.throttle_ratio - b.throttle_ratio,
            dropped_ratio: b.dropped_ratio.zip(h.dropped_ratio).map(|(b, h)| h - b),
            error_ratio: h.error_ratio - b.error_ratio,
            monthly_requests: h.monthly_requests - b.monthly_requests,
        }
    }

    /// Whether any figure moved by more than its epsilon.
    fn moved(&self) -> bool {
        let ratios = [self.cold_start_ratio, self.throttle_ratio, self.dropped_ratio.unwrap_or(0.0), self.error_ratio];
        [self.p50_ms, self.p95_ms, self.p99_ms].iter().any(|d| d.abs() >= LATENCY_EPSILON_MS)
            || ratios.iter().any(|d| d.abs() > RATIO_EPSILON)
            || !self.monthly_requests.is_zero()
    }
}

/// One function of the diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionDiff {
    /// Its name.
    pub name: String,
    /// Added, removed, changed or unchanged.
    pub status: Status,
    /// In BASE.
    pub base: Option<State>,
    /// In HEAD.
    pub head: Option<State>,
    /// Its monthly cost, an absent side counted as 0 [currency/month].
    pub cost: Change,
    /// `head − base` of the other figures, when it is on both sides.
    pub deltas: Option<Deltas>,
}

/// The recommended sets of both sides.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RecommendedChange {
    /// The recommended totals [currency/month].
    pub total: Change,
    /// BASE's pick.
    pub base_pick: Objective,
    /// HEAD's pick.
    pub head_pick: Objective,
    /// What adopting the recommendations would save in BASE: its total − its recommended total
    /// [currency/month].
    pub saving_base: Decimal,
    /// The same in HEAD [currency/month].
    pub saving_head: Decimal,
}

/// BASE against HEAD.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// Which kind of reports were compared.
    pub compared: Kind,
    /// ISO 4217 currency of every amount.
    pub currency: String,
    /// BASE.
    pub base: Summary,
    /// HEAD.
    pub head: Summary,
    /// The monthly total: the account's bill today (fleet), the compared point's cost (run).
    pub total: Change,
    /// The recommended totals, when both sides have one.
    pub recommended: Option<RecommendedChange>,
    /// Every function: HEAD's order, then those only in BASE in its order.
    pub functions: Vec<FunctionDiff>,
}

impl Diff {
    /// How many functions are on both sides and unchanged.
    pub fn unchanged(&self) -> usize {
        self.functions.iter().filter(|f| f.status == Status::Unchanged).count()
    }
}

/// Why two reports cannot be compared.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiffError {
    /// One report is a run's, the other an application's.
    #[error(
        "{base} is {} but {head} is {}: costsim diff compares two reports of one kind; run both sides as \
         application files (one function is an application too) or both as scenarios",
        kind_words(*base_kind),
        kind_words(*head_kind)
    )]
    MixedKinds {
        /// BASE's file.
        base: String,
        /// Its kind.
        base_kind: Kind,
        /// HEAD's file.
        head: String,
        /// Its kind.
        head_kind: Kind,
    },
    /// The reports are priced in different currencies.
    #[error(
        "{base} is priced in {base_currency} but {head} in {head_currency}: price both with one catalog (--pricing)"
    )]
    Currency {
        /// BASE's file.
        base: String,
        /// Its currency.
        base_currency: String,
        /// HEAD's file.
        head: String,
        /// Its currency.
        head_currency: String,
    },
    /// A report names two functions alike, so they cannot be matched.
    #[error("{path}: two functions are named '{name}': functions are matched by name; re-run the application")]
    DuplicateFunction {
        /// The file.
        path: String,
        /// The name.
        name: String,
    },
    /// A run report with no today's setting has no recommendation either (nothing feasible).
    #[error(
        "{path}: no setting to compare: the report states no [current] setting and recommends none (no swept \
         memory size is feasible)"
    )]
    NoPoint {
        /// The file.
        path: String,
    },
}

fn kind_words(k: Kind) -> &'static str {
    match k {
        Kind::Run => "a single function's run report (costsim.run)",
        Kind::Fleet => "an application's report (costsim.fleet)",
    }
}

/// BASE against HEAD: every function matched by name, the total and the recommended totals.
///
/// # Errors
/// [`DiffError::MixedKinds`] for a run report against a fleet report, [`DiffError::Currency`] for two currencies.
pub fn compare(base: &Side, head: &Side) -> Result<Diff, DiffError> {
    if base.kind != head.kind {
        return Err(DiffError::MixedKinds {
            base: base.origin.path.clone(),
            base_kind: base.kind,
            head: head.origin.path.clone(),
            head_kind: head.kind,
        });
    }
    if base.origin.currency != head.origin.currency {
        return Err(DiffError::Currency {
            base: base.origin.path.clone(),
            base_currency: base.origin.currency.clone(),
            head: head.origin.path.clone(),
            head_currency: head.origin.currency.clone(),
        });
    }
    let functions = match base.kind {
        // One function each: the scenario is the function, whatever it is called on each side.
        Kind::Run => base.functions.iter().zip(&head.functions).map(|((_, b), (name, h))| both(name, b, h)).collect(),
        Kind::Fleet => by_name(base, head),
    };
    let recommended = base.recommended.zip(head.recommended).map(|(b, h)| RecommendedChange {
        total: Change::new(b.total, h.total),
        base_pick: b.pick,
        head_pick: h.pick,
        saving_base: base.total - b.total,
        saving_head: head.total - h.total,
    });
    Ok(Diff {
        compared: base.kind,
        currency: base.origin.currency.clone(),
        base: summary(base),
        head: summary(head),
        total: Change::new(base.total, head.total),
        recommended,
        functions,
    })
}

fn summary(s: &Side) -> Summary {
    Summary { origin: s.origin.clone(), basis: s.basis, placeholders: s.placeholders.clone() }
}

/// HEAD's functions in its order (matched in BASE by name), then BASE's that HEAD lacks.
fn by_name(base: &Side, head: &Side) -> Vec<FunctionDiff> {
    let in_base: HashMap<&str, &State> = base.functions.iter().map(|(n, s)| (n.as_str(), s)).collect();
    let in_head: HashMap<&str, &State> = head.functions.iter().map(|(n, s)| (n.as_str(), s)).collect();
    let mut out: Vec<FunctionDiff> = head
        .functions
        .iter()
        .map(|(name, h)| match in_base.get(name.as_str()) {
            Some(b) => both(name, b, h),
            None => one(name, Status::Added, None, Some(h)),
        })
        .collect();
    out.extend(
        base.functions
            .iter()
            .filter(|(name, _)| !in_head.contains_key(name.as_str()))
            .map(|(name, b)| one(name, Status::Removed, Some(b), None)),
    );
    out
}

fn both(name: &str, b: &State, h: &State) -> FunctionDiff {
    let cost = Change::new(b.monthly_cost, h.monthly_cost);
    let deltas = Deltas::between(b, h);
    let changed = !b.same_setting(h) || cost.change.abs() >= COST_EPSILON || deltas.moved();
    FunctionDiff {
        name: name.to_string(),
        status: if changed { Status::Changed } else { Status::Unchanged },
        base: Some(b.clone()),
        head: Some(h.clone()),
        cost,
        deltas: Some(deltas),
    }
}

fn one(name: &str, status: Status, b: Option<&State>, h: Option<&State>) -> FunctionDiff {
    let cost_of = |s: Option<&State>| s.map_or(Decimal::ZERO, |s| s.monthly_cost);
    FunctionDiff {
        name: name.to_string(),
        status,
        base: b.cloned(),
        head: h.cloned(),
        cost: Change::new(cost_of(b), cost_of(h)),
        deltas: None,
    }
}
