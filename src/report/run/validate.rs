//! What a report.json read back must hold before anything renders it: every renderer indexes `points` with the
//! recommendations' indices and divides by counts, so a hand-edited or damaged report is refused here, with the
//! JSON pointer of the value at fault (the caller turns it into `file:line:col`).

use rust_decimal::Decimal;
use serde_json::Value;

use super::RunReport;
use crate::diagnostic::number;
use crate::workload::{MAX_MEMORY_MB, MIN_MEMORY_MB};

/// A failed check: the JSON pointer of the value, and what is wrong with it.
pub(crate) type Fault = (String, String);

/// Magnitude above which a number in a report.json is refused, wherever it is: every quantity costsim writes is
/// far below (see [`MAX_QUANTITY`]), and a Decimal above about 1.8 × 10^19 would be written back as an integer
/// that does not read again. Seeds (any `u64`) are the one exception.
const MAX_MAGNITUDE: f64 = 1e18;

/// What is wrong with a number found by [`first_bad_number`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BadNumber {
    /// Reads as infinity (e.g. `1e400`).
    NonFinite,
    /// Finite, but above 10^18 in magnitude.
    TooLarge,
}

/// The first number in `v` that is not finite or is too large to be a costsim figure: its pointer, text and fault.
pub(crate) fn first_bad_number(v: &Value, at: &mut String) -> Option<(String, String, BadNumber)> {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.is_finite() => (x.abs() > MAX_MAGNITUDE && !at.ends_with("/seed"))
                .then(|| (at.clone(), n.to_string(), BadNumber::TooLarge)),
            _ => Some((at.clone(), n.to_string(), BadNumber::NonFinite)),
        },
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| within(at, &i.to_string(), item)),
        Value::Object(map) => {
            map.iter().find_map(|(k, item)| within(at, &k.replace('~', "~0").replace('/', "~1"), item))
        }
        _ => None,
    }
}

fn within(at: &mut String, segment: &str, v: &Value) -> Option<(String, String, BadNumber)> {
    let len = at.len();
    at.push('/');
    at.push_str(segment);
    let found = first_bad_number(v, at);
    at.truncate(len);
    found
}

fn fault(pointer: String, message: String) -> Fault {
    (pointer, message)
}

/// `x` must lie in `lo..=hi`; `what` says what it is, with its unit.
pub(crate) fn in_range(pointer: String, x: f64, lo: f64, hi: f64, what: &str) -> Result<(), Fault> {
    if x.is_finite() && (lo..=hi).contains(&x) {
        Ok(())
    } else {
        Err(fault(pointer, format!("{what} must be between {lo} and {hi} (got {})", number(x))))
    }
}

pub(crate) fn at_least_zero(pointer: String, x: f64, what: &str) -> Result<(), Fault> {
    if x.is_finite() && x >= 0.0 {
        Ok(())
    } else {
        Err(fault(pointer, format!("{what} must be a finite number ≥ 0 (got {})", number(x))))
    }
}

/// The largest amount of money a report may hold [USD]. The bounds on a run (at most 10^11 requests of at most
/// 900 s at 10,240 MB, scaled from a 1-hour horizon to 730 hours) keep every bill below about 1.2 × 10^13 USD; a
/// larger figure is damage, and one above about 1.8 × 10^19 would be written back as a JSON integer that does not
/// read again.
const MAX_MONEY_USD: u64 = 1_000_000_000_000_000;
/// The largest monthly quantity (requests, GB-s) a report may hold: the same bounds give at most about 6.8 × 10^17
/// GB-s.
const MAX_QUANTITY: u64 = 1_000_000_000_000_000_000;

pub(crate) fn money(pointer: String, x: Decimal, what: &str) -> Result<(), Fault> {
    bounded(pointer, x, what, MAX_MONEY_USD, "10^15")
}

fn quantity(pointer: String, x: Decimal, what: &str) -> Result<(), Fault> {
    bounded(pointer, x, what, MAX_QUANTITY, "10^18")
}

fn bounded(pointer: String, x: Decimal, what: &str, max: u64, max_text: &str) -> Result<(), Fault> {
    if x.is_sign_negative() && !x.is_zero() {
        Err(fault(pointer, format!("{what} must be ≥ 0 (got {x})")))
    } else if x > Decimal::from(max) {
        Err(fault(pointer, format!("{what} must be at most {max_text} (got {x})")))
    } else {
        Ok(())
    }
}

fn memory(pointer: String, mb: u32) -> Result<(), Fault> {
    if (MIN_MEMORY_MB..=MAX_MEMORY_MB).contains(&mb) {
        Ok(())
    } else {
        Err(fault(
            pointer,
            format!("memory must be a Lambda memory size, {MIN_MEMORY_MB}–{MAX_MEMORY_MB} MB (got {mb})"),
        ))
    }
}

/// Checks everything the renderers rely on.
pub(crate) fn check(r: &RunReport) -> Result<(), Fault> {
    scenario(r)?;
    if r.points.is_empty() {
        return Err(fault("/points".into(), "a report has at least one point (\"points\" is empty)".into()));
    }
    for (i, p) in r.points.iter().enumerate() {
        point(&format!("/points/{i}"), p)?;
    }
    recommendations(r)?;
    for (k, t) in r.timelines.iter().enumerate() {
        index(format!("/timelines/{k}/point"), t.point, r.points.len())?;
        if t.timeline.bucket_us == 0 && !t.timeline.buckets.is_empty() {
            return Err(fault(
                format!("/timelines/{k}/timeline/bucket_us"),
                "a bucket lasts at least 1 µs (got 0)".into(),
            ));
        }
    }
    for (k, price) in r.catalog.prices.iter().enumerate() {
        for (j, (_, unit_price)) in price.tiers.iter().enumerate() {
            money(format!("/catalog/prices/{k}/tiers/{j}/1"), *unit_price, "a price")?;
        }
    }
    Ok(())
}

/// Checks one point, its values located under `prefix` (e.g. `/points/3`).
pub(crate) fn point(prefix: &str, p: &crate::sweep::Point) -> Result<(), Fault> {
    let at = |k: &str| format!("{prefix}/{k}");
    memory(at("memory_mb"), p.memory_mb)?;
    money(at("monthly_cost"), p.monthly_cost, "a monthly cost [USD]")?;
    money(at("cost_per_million"), p.cost_per_million, "a cost per 1M requests [USD]")?;
    quantity(at("monthly_gb_s"), p.monthly_gb_s, "the monthly GB-s")?;
    quantity(at("monthly_requests"), p.monthly_requests, "the monthly requests")?;
    if let Some(ci) = p.monthly_cost_ci95 {
        at_least_zero(at("monthly_cost_ci95"), ci, "a confidence interval [USD]")?;
    }
    if let Some(ci) = p.p99_ci95_ms {
        at_least_zero(at("p99_ci95_ms"), ci, "a confidence interval [ms]")?;
    }
    let l = &p.latency;
    for (k, x) in [
        ("mean_ms", l.mean_ms),
        ("p50_ms", l.p50_ms),
        ("p90_ms", l.p90_ms),
        ("p95_ms", l.p95_ms),
        ("p99_ms", l.p99_ms),
        ("max_ms", l.max_ms),
    ] {
        at_least_zero(format!("{prefix}/latency/{k}"), x, "a latency [ms]")?;
    }
    for (k, x) in
        [("cold_start_ratio", p.cold_start_ratio), ("throttle_ratio", p.throttle_ratio), ("error_ratio", p.error_ratio)]
    {
        in_range(at(k), x, 0.0, 1.0, "a ratio")?;
    }
    if let Some(u) = p.pc_utilisation {
        in_range(at("pc_utilisation"), u, 0.0, 1.0, "a utilisation")?;
    }
    at_least_zero(at("mean_concurrency"), p.mean_concurrency, "a mean concurrency")?;
    in_range(at("gateway_timeout_ratio"), p.gateway_timeout_ratio, 0.0, 1.0, "a ratio")?;
    in_range(at("code_error_ratio"), p.code_error_ratio, 0.0, 1.0, "a ratio")?;
    if let Some(d) = &p.delivery {
        delivery(prefix, d)?;
    }
    for (j, &(q, ms)) in p.latency_cdf.iter().enumerate() {
        in_range(format!("{prefix}/latency_cdf/{j}/0"), q, 0.0, 100.0, "a percentile [%]")?;
        at_least_zero(format!("{prefix}/latency_cdf/{j}/1"), ms, "a latency [ms]")?;
    }
    Ok(())
}

fn delivery(prefix: &str, d: &crate::sweep::DeliveryStats) -> Result<(), Fault> {
    let at = |k: &str| format!("{prefix}/delivery/{k}");
    for (k, x) in [
        ("dropped_ratio", d.dropped_ratio),
        ("expired_ratio", d.expired_ratio),
        ("exhausted_ratio", d.exhausted_ratio),
        ("pending_ratio", d.pending_ratio),
    ] {
        in_range(at(k), x, 0.0, 1.0, "a ratio")?;
    }
    for (k, x) in [
        ("monthly_events", d.monthly_events),
        ("invocations_per_event", d.invocations_per_event),
        ("error_retries_per_event", d.error_retries_per_event),
        ("throttle_retries_per_event", d.throttle_retries_per_event),
        ("max_oldest_age_ms", d.max_oldest_age_ms),
    ] {
        at_least_zero(at(k), x, "a count or a duration")?;
    }
    for (part, l) in [("wait", &d.wait), ("end_to_end", &d.end_to_end)] {
        for (k, x) in [("mean_ms", l.mean_ms), ("p50_ms", l.p50_ms), ("p99_ms", l.p99_ms), ("max_ms", l.max_ms)] {
            at_least_zero(format!("{prefix}/delivery/{part}/{k}"), x, "a latency [ms]")?;
        }
    }
    for (k, x) in [("mean_batch_size", d.mean_batch_size), ("monthly_sqs_requests", d.monthly_sqs_requests)] {
        if let Some(x) = x {
            at_least_zero(at(k), x, "a count")?;
        }
    }
    for (j, &(q, ms)) in d.end_to_end_cdf.iter().enumerate() {
        in_range(format!("{prefix}/delivery/end_to_end_cdf/{j}/0"), q, 0.0, 100.0, "a percentile [%]")?;
        at_least_zero(format!("{prefix}/delivery/end_to_end_cdf/{j}/1"), ms, "a latency [ms]")?;
    }
    if let Some(x) = d.overlap_ratio {
        in_range(at("overlap_ratio"), x, 0.0, 1.0, "a ratio")?;
    }
    Ok(())
}

pub(crate) fn index(pointer: String, i: usize, len: usize) -> Result<(), Fault> {
    if i < len {
        Ok(())
    } else {
        Err(fault(pointer, format!("point {i} does not exist: the report has {len} point(s), numbered from 0")))
    }
}

fn recommendations(r: &RunReport) -> Result<(), Fault> {
    let rec = &r.recommendations;
    for (strategy, pick) in rec.picks() {
        let name = strategy.key();
        let at = |k: &str| format!("/recommendations/{name}/{k}");
        index(at("point"), pick.index, r.points.len())?;
        if let Some(v) = pick.versus {
            index(at("versus"), v, r.points.len())?;
        }
        let p = &r.points[pick.index];
        if (p.architecture, p.memory_mb) != (pick.architecture, pick.memory_mb) {
            return Err(fault(
                at("point"),
                format!(
                    "the {name} pick names {} at {} MB but point {} is {} at {} MB",
                    pick.architecture, pick.memory_mb, pick.index, p.architecture, p.memory_mb
                ),
            ));
        }
        money(at("monthly_cost"), pick.monthly_cost, "a monthly cost [USD]")?;
        at_least_zero(at("mean_ms"), pick.mean_ms, "a latency [ms]")?;
    }
    if let Some(i) = rec.current {
        index("/recommendations/current".into(), i, r.points.len())?;
    }
    if let Some(u) = rec.slo_unmet.and_then(|u| u.closest_ms) {
        at_least_zero("/recommendations/slo_unmet/closest_ms".into(), u, "a latency [ms]")?;
    }
    for (k, &i) in rec.pareto.iter().enumerate() {
        index(format!("/recommendations/pareto_points/{k}"), i, r.points.len())?;
    }
    Ok(())
}

fn scenario(r: &RunReport) -> Result<(), Fault> {
    let s = &r.scenario;
    for (k, &mb) in s.memory_mb.iter().enumerate() {
        memory(format!("/scenario/memory_mb/{k}"), mb)?;
    }
    if s.horizon_hours == 0 {
        return Err(fault("/scenario/horizon_hours".into(), "the horizon is at least 1 h (got 0)".into()));
    }
    if s.replications == 0 {
        return Err(fault("/scenario/replications".into(), "there is at least 1 replication (got 0)".into()));
    }
    at_least_zero("/scenario/mean_rate_per_s".into(), s.mean_rate_per_s, "a rate [requests/s]")?;
    let spec = &s.recommend;
    in_range("/scenario/recommend/balanced_weight".into(), spec.balanced_weight, 0.0, 1.0, "the balanced weight")?;
    in_range("/scenario/recommend/slo_percentile".into(), spec.slo_percentile, 0.0, 100.0, "a percentile [%]")?;
    if let Some(ms) = spec.slo_ms {
        at_least_zero("/scenario/recommend/slo_ms".into(), ms, "a latency objective [ms]")?;
    }
    in_range("/scenario/recommend/max_error_ratio".into(), spec.max_error_ratio, 0.0, 1.0, "a ratio")?;
    in_range("/scenario/recommend/max_throttle_ratio".into(), spec.max_throttle_ratio, 0.0, 1.0, "a ratio")?;
    in_range("/scenario/recommend/max_dropped_ratio".into(), spec.max_dropped_ratio, 0.0, 1.0, "a ratio")?;
    if let Some(t) = &s.trace {
        if !(t.scale.is_finite() && t.scale > 0.0) {
            return Err(fault(
                "/scenario/trace/scale".into(),
                format!("a trace scale must be above 0 (got {})", number(t.scale)),
            ));
        }
        at_least_zero("/scenario/trace/duration_hours".into(), t.duration_hours, "a duration [h]")?;
    }
    Ok(())
}
