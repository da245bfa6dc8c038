//! The sentences of a fleet report, written from its structured data (every renderer uses the same words).

use rust_decimal::Decimal;

use super::FleetReport;
use crate::fleet::{Collision, FleetFunction, Risk};
use crate::report::format::{duration_ms, money};
use crate::report::run::pct;
use crate::trigger::TriggerKind;

pub use crate::report::picks::setting;

/// The pattern as a reviewer names it.
pub fn pattern(k: TriggerKind) -> &'static str {
    match k {
        TriggerKind::Sync => "API (sync)",
        TriggerKind::Async => "event (async)",
        TriggerKind::Sqs => "queue (SQS)",
        TriggerKind::Schedule => "schedule",
    }
}

/// `x86_64 1024 MB → arm64 512 MB`, or `keep x86_64 1024 MB`.
pub fn change(f: &FleetFunction) -> String {
    if f.changes() {
        format!("{} → {}", setting(&f.now), setting(&f.after))
    } else {
        format!("keep {}", setting(&f.now))
    }
}

/// A saving with its sign for people: `$412.30 (38%)`, `−$1.20 (−2%)`, `0`.
pub fn saving(amount: Decimal, percent: f64, currency: &str) -> String {
    if amount.is_zero() {
        return "0".into();
    }
    format!("{} ({:.0}%)", money(amount, currency), percent)
}

/// A function's latency change today → after, at p99: `+12 ms (+24%)`, `−138 ms (−73%)`, `no real change`.
pub fn p99_change(f: &FleetFunction) -> String {
    crate::report::picks::latency_delta(f.now.objective_latency().p99_ms, f.after.objective_latency().p99_ms)
}

/// What a throttle is for a function invoked this way: a sync caller gets the 429; Lambda's async queue and an
/// SQS mapping retry a throttled event, which then arrives late, not lost.
fn throttles(pattern: TriggerKind) -> &'static str {
    match pattern {
        TriggerKind::Sync => "throttles",
        TriggerKind::Async | TriggerKind::Sqs | TriggerKind::Schedule => "throttled (retried)",
    }
}

/// One risk of a function invoked as `pattern`, in words.
pub fn risk(r: &Risk, pattern: TriggerKind) -> String {
    match r {
        Risk::MoreColdStarts { now, after } => format!("cold starts {} → {}", pct(*now), pct(*after)),
        Risk::Throttles { now, after } => format!("{} {} → {}", throttles(pattern), pct(*now), pct(*after)),
        Risk::NearTimeout { p99_ms, timeout_ms } => format!(
            "p99 {} is {:.0}% of the {} timeout",
            duration_ms(*p99_ms),
            p99_ms / f64::from(*timeout_ms) * 100.0,
            duration_ms(f64::from(*timeout_ms))
        ),
        Risk::MoreErrors { now, after } => format!("errors {} → {}", pct(*now), pct(*after)),
    }
}

/// Every risk of a function, or `–`.
pub fn risks(f: &FleetFunction) -> String {
    if f.risks.is_empty() {
        "–".into()
    } else {
        f.risks.iter().map(|r| risk(r, f.pattern)).collect::<Vec<_>>().join("; ")
    }
}

/// Every collision of the review in words, with the fix.
pub fn collisions(r: &FleetReport) -> Vec<String> {
    let pattern = |name: &str| r.fleet.functions.iter().find(|f| f.name == name).map(|f| f.pattern);
    r.fleet.collisions.iter().map(|c| collision(c, pattern(&c.function).unwrap_or_default())).collect()
}

/// One collision of a function invoked as `pattern`, in words, with the fix.
fn collision(c: &Collision, pattern: TriggerKind) -> String {
    let with = match c.with.len() {
        0 => String::new(),
        1..=3 => format!(" while {} run", c.with.join(", ")),
        n => format!(" while {} and {} other(s) run", c.with[..3].join(", "), n - 3),
    };
    let fix = if c.leaves_unreserved >= crate::scenario::application::MIN_UNRESERVED {
        format!(
            "reserve {} for it (its peak plus a quarter), which leaves {} unreserved",
            c.suggested_reserved, c.leaves_unreserved
        )
    } else {
        format!(
            "it would need {} reserved, which leaves {} unreserved (AWS keeps at least 100): raise the account's quota",
            c.suggested_reserved, c.leaves_unreserved
        )
    };
    format!(
        "{} ({}) is throttled {} after the change (today {}), about {} a month{late}{with}: {fix}.",
        c.function,
        c.region,
        pct(c.throttle_after),
        pct(c.throttle_now),
        crate::report::format::grouped(Decimal::from(c.throttled_per_month.round() as u64), 0),
        late = if pattern == TriggerKind::Sync { "" } else { " (retried, so late rather than lost)" }
    )
}

/// The regions of the functions other than the application's, in order of appearance.
pub fn other_regions(r: &FleetReport) -> Vec<&str> {
    let mut others: Vec<&str> = Vec::new();
    for f in &r.fleet.functions {
        if f.region != r.application.region && !others.contains(&f.region.as_str()) {
            others.push(&f.region);
        }
    }
    others
}

/// The application's region, and the others its functions name: `us-east-1 + eu-west-1`.
pub fn regions(r: &FleetReport) -> String {
    std::iter::once(r.application.region.as_str()).chain(other_regions(r)).collect::<Vec<_>>().join(" + ")
}

/// What rests on placeholders, in a sentence (none when no function has any).
pub fn placeholders(r: &FleetReport) -> Option<String> {
    let with: Vec<&FleetFunction> = r.fleet.functions.iter().filter(|f| !f.placeholders.is_empty()).collect();
    if with.is_empty() {
        return None;
    }
    let mut keys: Vec<&str> = Vec::new();
    for k in with.iter().flat_map(|f| f.placeholders.iter()) {
        if !keys.contains(&k.as_str()) {
            keys.push(k);
        }
    }
    let names: Vec<&str> = with.iter().map(|f| f.name.as_str()).collect();
    let names = match names.len() {
        0..=4 => names.join(", "),
        n => format!("{} and {} other(s)", names[..3].join(", "), n - 3),
    };
    Some(format!(
        "Placeholders: {} of {} function(s) ({names}) run on values costsim import could not read from the infrastructure code ({}), so their costs and latencies are not yet theirs: replace the values marked PLACEHOLDER in the application file and run again.",
        with.len(),
        r.fleet.functions.len(),
        keys.join(", ")
    ))
}

/// The review in one sentence.
pub fn headline(r: &FleetReport) -> String {
    let f = &r.fleet;
    let cur = &r.catalog.currency;
    let n = f.functions.len();
    let moved = f.functions.iter().filter(|x| x.changes()).count();
    let verb = if f.saving >= Decimal::ZERO { "saves" } else { "costs" };
    format!(
        "These {n} functions cost {} a month today; moving {moved} of them {verb} {} ({:.0}%), to {} a month.",
        money(f.now.total(), cur),
        money(f.saving.abs(), cur),
        f.saving_percent.abs(),
        money(f.after.total(), cur)
    )
}

/// Whether the recommended set fits the account, in a sentence.
pub fn fit(r: &FleetReport) -> String {
    let f = &r.fleet;
    let peaks: Vec<String> = f
        .after
        .regions
        .iter()
        .zip(&f.now.regions)
        .map(|(a, n)| {
            format!("{}: unreserved pool peak {} → {} of {}", a.region, n.peak_in_use, a.peak_in_use, a.unreserved)
        })
        .collect();
    if f.collisions.is_empty() {
        format!(
            "The recommended set fits the account: no function is throttled more than today ({}).",
            peaks.join("; ")
        )
    } else {
        format!(
            "The recommended set does not fit: {} function(s) are throttled more than today ({}).",
            f.collisions.len(),
            peaks.join("; ")
        )
    }
}

/// How the functions were simulated, in a sentence per region.
pub fn coupling(r: &FleetReport) -> Vec<String> {
    r.fleet
        .coupling
        .iter()
        .map(|c| {
            let limit = c.threshold * f64::from(c.unreserved);
            if c.coupled.is_empty() {
                format!(
                    "{}: each function was swept alone: at any setting of the sweeps the unreserved pool stays below {:.0} of {} ({:.0}%; at most {:.0}), so the functions cannot throttle each other.",
                    c.region, limit, c.unreserved, c.threshold * 100.0, c.bound_peak
                )
            } else {
                format!(
                    "{}: {} are coupled — at some minute they could need up to {:.0} environments of the {} unreserved (coupling from {:.0}%) — so each point of theirs was simulated against the pool less what the others held, second by second, at today's settings; the other functions were swept alone.",
                    c.region,
                    c.coupled.join(", "),
                    c.bound_peak,
                    c.unreserved,
                    c.threshold * 100.0
                )
            }
        })
        .collect()
}

/// How the account was simulated, today and after, in a paragraph (the coupling sentences say which functions
/// were swept together).
pub fn method() -> &'static str {
    "Today's costs come from all functions simulated together at today's settings; the costs after, from the recommended set simulated together. Each function was swept with the others at today's settings (see below). Per-function costs leave out the free tier, which the account's bill applies once."
}

/// What the mark on a coupled function's name means.
pub fn coupled_mark() -> &'static str {
    "coupled: swept against the pool its neighbours held, as it can meet them at the account's limit"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_throttle_is_a_lost_request_only_for_a_sync_caller() {
        let r = Risk::Throttles { now: 0.0, after: 0.0635 };
        assert_eq!(risk(&r, TriggerKind::Sync), "throttles 0 → 6.35%");
        assert_eq!(risk(&r, TriggerKind::Async), "throttled (retried) 0 → 6.35%");
        assert_eq!(risk(&r, TriggerKind::Sqs), "throttled (retried) 0 → 6.35%");
    }
}
