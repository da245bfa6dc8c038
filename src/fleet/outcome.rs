//! What a function's change risks, and the functions the adopted set throttles once run together.

use rust_decimal::prelude::ToPrimitive;

use super::{Collision, FleetFunction, Risk, NEAR_TIMEOUT, NEW_THROTTLE_MARGIN};
use crate::scenario::Application;
use crate::sim::AccountResult;
use crate::sweep::Point;

pub(super) fn risks(now: &Point, after: &Point, timeout_ms: u32) -> Vec<Risk> {
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
pub(super) fn collisions(
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
