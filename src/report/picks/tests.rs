//! The sentences, on hand-made sweeps whose numbers are worked out here.

use rust_decimal::Decimal;

use super::*;
use crate::recommend::fixture::point;
use crate::recommend::recommend;
use crate::Architecture;

fn spec(slo_ms: Option<f64>) -> RecommendSpec {
    RecommendSpec {
        balanced_weight: 0.3,
        slo_percentile: 99.0,
        slo_ms,
        max_error_ratio: 0.001,
        max_throttle_ratio: 0.001,
        max_dropped_ratio: 0.0,
    }
}

/// The api sweep's shape: cheapest arm64 256 MB ($81.02, mean 188 ms), fastest x86_64 1,769 MB ($96.20, 50 ms).
fn sweep() -> Vec<Point> {
    let mut cheap = point(256, 0, 188.0, 391.0);
    cheap.monthly_cost = Decimal::new(8102, 2);
    // 20 M requests a month: $81.02 / 20 = $4.05 per million.
    cheap.monthly_requests = Decimal::from(20_000_000);
    cheap.cost_per_million = Decimal::new(4051, 3);
    let mut fast = point(1769, 0, 50.0, 104.0);
    fast.monthly_cost = Decimal::new(9620, 2);
    fast.architecture = Architecture::X86_64;
    vec![fast, cheap]
}

#[test]
fn cost_and_speed_are_compared_the_same_way_round() {
    let points = sweep();
    let s = spec(None);
    let r = recommend(&points, &s);
    let w = Words::new(&points, &r, &s, "USD");
    // From the fastest to the cheapest: saves 96.20 − 81.02 = $15.18, 15.18 / 96.20 = 15.8% → 16%; mean
    // 188 − 50 = +138 ms, 188 / 50 = 3.76 → 3.8×.
    assert_eq!(
        w.reason(Strategy::Cost, r.cost.as_ref().unwrap()),
        "arm64 at 256 MB is the cheapest: $81.02/month ($4.05 per 1M requests), mean 188 ms; against the fastest, \
         x86_64 at 1,769 MB: saves $15.18/month (16%), mean +138 ms (3.8×)."
    );
    // From the cheapest to the fastest: costs $15.18 more, 15.18 / 81.02 = 18.7% → +19%; mean −138 ms,
    // 138 / 188 = 73.4% → −73%.
    assert_eq!(
        w.reason(Strategy::Speed, r.speed.as_ref().unwrap()),
        "x86_64 at 1,769 MB is the fastest: mean 50 ms, p99 104 ms, $96.20/month; against the cheapest, arm64 at \
         256 MB: costs $15.18/month more (+19%), mean −138 ms (−73%)."
    );
}

#[test]
fn the_balanced_weight_has_no_float_noise_and_names_both_ends() {
    // Weight 0.1 + 0.2 (0.30000000000000004 in f64) is written 0.3. Balanced, w = 0.3, on Lambda's cost
    // (max 96.20) and mean (max 188): fast 0.3·1 + 0.7·50/188 = 0.486; cheap 0.3·81.02/96.20 + 0.7·1 = 0.953:
    // the fast one, which is also the fastest.
    let points = sweep();
    let mut s = spec(None);
    s.balanced_weight = 0.1 + 0.2;
    let r = recommend(&points, &s);
    let w = Words::new(&points, &r, &s, "USD");
    let b = w.reason(Strategy::Balanced, r.balanced.as_ref().unwrap());
    assert_eq!(
        b,
        "x86_64 at 1,769 MB balances cost and speed (weight 0.3 on cost): $96.20/month, mean 50 ms; it is also the \
         fastest; against the cheapest: costs $15.18/month more (+19%)."
    );
}

#[test]
fn the_cost_per_unit_scales_to_the_volume() {
    // $7.74 a month for 310 events: 7.74 / 310 = $0.02497 → "$0.025 per event"; for 31,000: $0.2497 per 1k →
    // "$0.25 per 1k"; for 3.1 M: $2.50 per 1M.
    let mut p = point(3538, 0, 541_700.0, 768_100.0);
    p.monthly_cost = Decimal::new(774, 2);
    for (requests, said) in
        [(310, "$0.025 per request"), (31_000, "$0.25 per 1k requests"), (3_100_000, "$2.50 per 1M requests")]
    {
        p.monthly_requests = Decimal::from(requests);
        p.cost_per_million = p.monthly_cost * Decimal::from(1_000_000) / Decimal::from(requests);
        assert_eq!(per_volume(&p, "requests", "USD"), said);
    }
}

#[test]
fn ties_are_said_to_be_none() {
    // 5 ms on a 541,856 ms job and a cent on $100: no real change, the same cost.
    assert_eq!(latency_delta(541_856.0, 541_851.0), "no real change");
    assert_eq!(money_change(Decimal::from(100), Decimal::new(10001, 2), -0.01, "USD"), "costs the same (within 1%)");
    // 50 → 62 ms: +12 ms, 12/50 = +24%; 50 → 200: 4×; 200 → 50: −150 ms, −75%.
    assert_eq!(latency_delta(50.0, 62.0), "+12 ms (+24%)");
    assert_eq!(latency_delta(50.0, 200.0), "+150 ms (4×)");
    assert_eq!(latency_delta(200.0, 50.0), "−150 ms (−75%)");
    assert_eq!(latency_delta(f64::INFINITY, 50.0), "n/a");
}

#[test]
fn the_change_from_today_and_the_headline() {
    // Today x86_64 1,024 MB at $100, p99 50 ms; arm64 512 MB at $62, p99 62 ms: saves $38 (38% of $100),
    // p99 +12 ms (+24%).
    let mut now = point(1024, 100, 40.0, 50.0);
    now.architecture = Architecture::X86_64;
    now.current = true;
    let points = vec![now, point(512, 62, 45.0, 62.0)];
    let s = spec(None);
    let r = recommend(&points, &s);
    let w = Words::new(&points, &r, &s, "EUR");
    let cost = r.cost.as_ref().unwrap();
    let c = cost.versus_current.as_ref().unwrap();
    assert_eq!(w.change(cost, c), "From today's x86_64 1,024 MB: saves EUR 38.00/month (38%), p99 +12 ms (+24%).");
    assert_eq!(
        w.headline(cost, c).unwrap(),
        "x86_64 1,024 MB → arm64 512 MB: saves EUR 38.00/month (38%), p99 +12 ms (+24%)"
    );
    // The speed pick is today's setting (mean 40 ms): said so, not "saves EUR 0.00".
    let speed = r.speed.as_ref().unwrap();
    assert_eq!(w.change(speed, speed.versus_current.as_ref().unwrap()), "It is today's setting.");
}

#[test]
fn the_change_is_stated_at_the_objectives_percentile() {
    // Objective p95 ≤ 60 ms. Today x86_64 1,024 MB at $100, p95 40 ms (p99 50); arm64 512 MB at $62, p95 44 ms
    // (p99 62): the cheapest meeting it. Its change is said at p95, the percentile judged: +4 ms, 4 / 40 = +10%
    // (at p99 it would be +12 ms, +24%).
    let mut now = point(1024, 100, 30.0, 50.0);
    now.architecture = Architecture::X86_64;
    now.current = true;
    now.latency.p95_ms = 40.0;
    let mut to = point(512, 62, 35.0, 62.0);
    to.latency.p95_ms = 44.0;
    let points = vec![now, to];
    let s = RecommendSpec { slo_percentile: 95.0, ..spec(Some(60.0)) };
    let r = recommend(&points, &s);
    let w = Words::new(&points, &r, &s, "USD");
    let slo = r.slo.as_ref().unwrap();
    let c = slo.versus_current.as_ref().unwrap();
    assert_eq!(
        w.headline(slo, c).unwrap(),
        "x86_64 1,024 MB → arm64 512 MB: saves $38.00/month (38%), p95 +4 ms (+10%)"
    );
    assert!(w.reason(Strategy::Slo, slo).starts_with("arm64 at 512 MB is the cheapest meeting p95 ≤ 60 ms: p95 44 ms"));
    // An objective of 30,000 ms is written as a limit, exact and in seconds, as the durations scale.
    let s = RecommendSpec { slo_percentile: 95.0, ..spec(Some(30_000.0)) };
    let r = recommend(&points, &s);
    let w = Words::new(&points, &r, &s, "USD");
    let reason = w.reason(Strategy::Slo, r.slo.as_ref().unwrap());
    assert!(reason.contains("cheapest meeting p95 ≤ 30 s: p95 44 ms"), "{reason}");
}

#[test]
fn unmet_objectives_and_infeasible_sweeps_in_words() {
    let points = sweep();
    let s = spec(Some(100.0));
    let r = recommend(&points, &s);
    let w = Words::new(&points, &r, &s, "USD");
    // p99s are 104 and 391 ms against 100 ms: none meets it, the closest is 104 ms.
    assert_eq!(
        w.slo_unmet(r.slo_unmet.as_ref().unwrap()),
        "no setting meets p99 ≤ 100 ms with errors ≤ <1% and throttles ≤ <1%; the best p99 is 104 ms"
    );
    let i = Infeasible { smallest_mb: 128, largest_mb: 3008, required_mb: None };
    assert_eq!(
        infeasible(&i),
        "no setting is feasible: every memory size swept (128–3,008 MB) runs out of memory, so none is recommended"
    );
    let i = Infeasible { required_mb: Some(4096), ..i };
    assert_eq!(
        infeasible(&i),
        "no setting is feasible: every memory size swept runs out of memory below 4,096 MB (required_memory_mb; the \
         largest swept is 3,008 MB): sweep 4,096 MB or more"
    );
}
