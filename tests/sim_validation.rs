//! Validation of the simulator against closed forms (Erlang-B, M/G/∞, the keep-alive Laplace transform) and
//! against hand-computed exact billing. Every expected number is worked out in the comments.

use costsim::sim::{self, Platform, Routing, ScalingRate, SimConfig, SimResult};
use costsim::workload::{Burst, DurationModel, Function, InitModel, Traffic};
use costsim::Architecture;

const S: u64 = 1_000_000; // µs per second
const HOUR: u64 = 3_600 * S;

/// A memory-independent function: `mean_ms` of lognormal duration with coefficient of variation `cv`.
fn function(mean_ms: f64, cv: f64, init: InitModel) -> Function {
    Function::new(DurationModel::fixed(mean_ms, cv).unwrap(), init, 0, 900_000).unwrap()
}

fn run(f: Function, t: Traffic, p: Platform, horizon_us: u64, seed: u64) -> SimResult {
    sim::run(&SimConfig::new(f, t, p, 1_024, Architecture::X86_64, horizon_us, seed).unwrap())
}

/// A platform with none of the limits a queueing formula does not know about.
fn unlimited() -> Platform {
    Platform::default().with_scaling_rate(None)
}

fn rel_err(got: f64, want: f64) -> f64 {
    (got - want).abs() / want
}

/// Erlang-B by the stable recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)).
fn erlang_b(c: u32, a: f64) -> f64 {
    (1..=c).fold(1.0, |b, k| a * b / (f64::from(k) + a * b))
}

#[test]
fn erlang_b_recursion_matches_readme() {
    assert!((erlang_b(4, 5.0) - 0.398343).abs() < 5e-7);
    assert!((erlang_b(1000, 2016.0) - 0.504455).abs() < 5e-7);
}

/// M/G/∞: with no limit, the time-averaged number of busy environments is λ·E[S] (Little's law).
///
/// λ = 50/s, E[S] = 200 ms lognormal with cv = 1 ⇒ λ·E[S] = 10 busy environments.
/// Statistical error: for M/G/∞ the time average over a horizon H has variance ≈ λ·E[S²] / H, so its relative SD
/// is sqrt((1 + cv²) / (λH)) = sqrt(2 / 2·10⁶) = 0.1 % with λH = 2·10⁶ arrivals (H = 40,000 s); 1 % is 10 SD.
/// Starting empty biases the average by −λ·E[S²]/2 / H = −50·0.08/2 / 40,000 = −5·10⁻⁵ relative: negligible.
#[test]
fn mg_infinity_mean_busy_is_lambda_times_mean_service() {
    let r = run(function(200.0, 1.0, InitModel::none()), Traffic::poisson(50.0).unwrap(), unlimited(), 40_000 * S, 1);
    let err = rel_err(r.environments.mean_busy, 10.0);
    eprintln!("M/G/inf: mean busy {:.4} vs 10, rel err {:.4} %", r.environments.mean_busy, 100.0 * err);
    assert!(err < 0.01);
    assert_eq!(r.counts.throttled(), 0);
    // Mean latency estimates E[S] = 200 ms with relative SD cv / sqrt(n) = 0.07 %.
    assert!(rel_err(r.latency.mean_us, 200_000.0) < 0.01);
}

/// Erlang-B: concurrency limit c, environments never expire, no scaling limit, no INIT: the loss system M/G/c/c,
/// whose blocking probability B(c, a) does not depend on the service distribution (insensitivity).
///
/// c = 4, λ = 5/s, E[S] = 1 s (lognormal, cv 0.5) ⇒ a = 5, B(4, 5) = 0.398343, carried load a(1 − B) = 3.00829.
/// Statistical error: with n = 2·10⁶ arrivals a binomial proportion has relative SD sqrt((1 − B)/(B·n)) = 0.087 %;
/// correlation between successive blockings inflates it by a small factor (service times are ~1 s, 5 arrivals),
/// so 1 % stays many SDs wide. Run under each routing rule: routing must not change the loss probability.
#[test]
fn erlang_b_throttle_ratio() {
    for (routing, seed) in [(Routing::MostRecentlyUsed, 1), (Routing::NewestCreated, 2), (Routing::Random, 3)] {
        let r = run(
            function(1_000.0, 0.5, InitModel::none()),
            Traffic::poisson(5.0).unwrap(),
            unlimited().with_keep_alive_ms(u64::MAX).with_concurrency_limit(Some(4)).with_routing(routing),
            400_000 * S,
            seed,
        );
        let b = erlang_b(4, 5.0);
        let err = rel_err(r.throttle_ratio(), b);
        let carried_err = rel_err(r.environments.mean_busy, 5.0 * (1.0 - b));
        eprintln!(
            "Erlang-B {routing:?}: {:.6} vs {b:.6} ({:.3} %), carried {:.5} ({:.3} %)",
            r.throttle_ratio(),
            100.0 * err,
            r.environments.mean_busy,
            100.0 * carried_err
        );
        assert!(err < 0.01);
        assert!(carried_err < 0.01);
        assert_eq!(r.counts.throttled(), r.counts.throttled_concurrency);
        assert_eq!(r.counts.cold_starts, 4, "environments never expire: exactly c are ever created");
    }
    // A second point: c = 10, a = 8 ⇒ B = 0.1217 (recursion), 4·10⁶ arrivals (λ = 8/s, 500,000 s): SD 0.12 %.
    let r = run(
        function(1_000.0, 0.0, InitModel::none()),
        Traffic::poisson(8.0).unwrap(),
        unlimited().with_keep_alive_ms(u64::MAX).with_concurrency_limit(Some(10)),
        500_000 * S,
        4,
    );
    let b = erlang_b(10, 8.0);
    eprintln!("Erlang-B c=10 a=8: {:.6} vs {b:.6}", r.throttle_ratio());
    assert!(rel_err(r.throttle_ratio(), b) < 0.01);
}

/// E[e^(−λS)] for S lognormal with mean `m` and coefficient of variation `cv`, by Simpson's rule over
/// S = m·exp(mu + sigma·z), z ∈ [−12, 12].
fn laplace_lognormal(lambda: f64, m: f64, cv: f64) -> f64 {
    let s2 = (1.0 + cv * cv).ln();
    let (mu, sigma) = (-s2 / 2.0, s2.sqrt());
    let n = 24_000;
    let h = 24.0 / n as f64;
    let f = |z: f64| {
        let pdf = (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
        pdf * (-lambda * m * (mu + sigma * z).exp()).exp()
    };
    let inner: f64 = (1..n).map(|i| f(-12.0 + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 }).sum();
    (f(-12.0) + inner + f(12.0)) * h / 3.0
}

/// Keep-alive, single environment (README closed form 3 with its refinements).
///
/// λ = 0.01/s, T = 60 s, S lognormal with mean 1 s and cv 0.5 (λ·E[S] = 0.01 ≪ 1), no INIT. A request is cold when
/// the gap since the previous one is longer than S + T (the timer starts when service ends) or shorter than S (the
/// only environment is busy, so a second one starts):
///   P(cold) = e^(−λT)·L + (1 − L),   L = E[e^(−λS)] = 0.990062 (numerically; e^(−0.01) = 0.990050)
///           = 0.548812·0.990062 + 0.009938 = 0.553296.
/// Neglected: environments left over from an overlap, O((λ·E[S])²) ≈ 10⁻⁴ absolute.
/// Statistical error: gaps are independent, so n = 2·10⁶ arrivals give SD sqrt(p(1 − p)/n) = 3.5·10⁻⁴ absolute,
/// 0.064 % relative. Tolerance 0.4 % (≈ 6 SD); the unrefined e^(−λT) = 0.548812 is 0.8 % away and fails it.
#[test]
fn keep_alive_cold_probability_single_environment() {
    let (lambda, t, m, cv) = (0.01, 60.0, 1.0, 0.5);
    let r = run(
        function(m * 1e3, cv, InitModel::none()),
        Traffic::poisson(lambda).unwrap(),
        unlimited().with_keep_alive_ms(60_000),
        200_000_000 * S,
        7,
    );
    let l = laplace_lognormal(lambda, m, cv);
    let p = (-lambda * t).exp() * l + (1.0 - l);
    let got = r.cold_start_ratio();
    eprintln!("keep-alive: P(cold) {got:.6} vs {p:.6} ({:.3} %), L = {l:.6}", 100.0 * rel_err(got, p));
    assert!((l - 0.990062).abs() < 1e-6);
    assert!(rel_err(got, p) < 0.004);
    assert!(rel_err(got, (-lambda * t).exp()) > 0.004, "the refinement is visible at this sample size");
}

/// Keep-alive with a concurrency limit of 1: requests arriving during service are throttled, so each served
/// request follows the end of the previous service by an Exp(λ) gap (memorylessness), and is cold exactly when
/// that gap exceeds T: P(cold | served) = e^(−λT), whatever S.
///
/// λ = 0.05/s, T = 20 s ⇒ e^(−1) = 0.367879; S = 5 s (cv 0.5). Served rate 1 / (E[S] + 1/λ) = 0.04/s, so
/// 25·10⁶ s gives n ≈ 10⁶ independent Bernoulli trials: SD sqrt(0.2325/10⁶) = 4.8·10⁻⁴ = 0.13 %; tolerance 0.7 %.
#[test]
fn keep_alive_cold_probability_with_limit_one_is_exactly_exponential() {
    let r = run(
        function(5_000.0, 0.5, InitModel::none()),
        Traffic::poisson(0.05).unwrap(),
        unlimited().with_keep_alive_ms(20_000).with_concurrency_limit(Some(1)),
        25_000_000 * S,
        11,
    );
    let want = (-1.0f64).exp();
    let got = r.cold_start_ratio();
    eprintln!("keep-alive, limit 1: {got:.6} vs {want:.6} ({:.3} %)", 100.0 * rel_err(got, want));
    assert!(rel_err(got, want) < 0.007);
    assert!(r.environments.peak_busy <= 1);
}

/// All traffic on provisioned environments, constant durations: billing is exact.
///
/// Duration 123.4567 ms ⇒ 123,457 µs (nearest µs) ⇒ billed 124 ms per invocation. 20 provisioned environments all
/// day, λ = 2/s ⇒ 0.25 busy on average: P(more than 20 busy) ≈ 0.25²¹/21! ≈ 10⁻³², so nothing spills over.
/// Configured: 20 environments × 3,600,000 ms = 72,000,000 environment·ms.
#[test]
fn provisioned_billing_is_exact() {
    let r = run(
        function(123.4567, 0.0, InitModel::from_p50_p90(500.0, 800.0).unwrap()),
        Traffic::poisson(2.0).unwrap(),
        Platform::default().with_provisioned([20; 24]),
        HOUR,
        3,
    );
    let n = r.counts.arrivals;
    assert!(n > 6_000);
    assert_eq!(r.counts.served_provisioned, n);
    assert_eq!((r.counts.served_on_demand, r.counts.cold_starts), (0, 0));
    assert_eq!(r.billing.pc_billed_ms, 124 * n);
    assert_eq!((r.billing.billed_ms, r.billing.billed_init_ms), (0, 0));
    assert_eq!(r.billing.pc_configured_ms, 72_000_000);
    assert_eq!(r.latency.sum_us, 123_457 * u128::from(n));
    assert_eq!(r.latency.max_us, 123_457);
    // Utilisation = busy env-time / configured env-time; both are exact integrals here.
    let busy_env_us = (r.environments.mean_busy * HOUR as f64).round();
    let want = busy_env_us / (20.0 * HOUR as f64);
    assert!((r.environments.pc_utilisation.unwrap() - want).abs() < 1e-12);
}

/// Provisioned level changes by the hour; a busy provisioned environment finishes its request when the level
/// drops and still counts towards the concurrency limit meanwhile.
///
/// Levels: 1 in hour 0, 0 afterwards; limit 1; duration 1 s; no INIT.
/// - t = 0: provisioned (busy until 1 s);
/// - t = 0.5 s: provisioned busy, 0 on-demand + 1 provisioned ≥ limit 1 ⇒ throttled;
/// - t = 3,599.5 s: provisioned (busy until 3,600.5 s, across the hour change);
/// - t = 3,600.2 s: level 0 but 1 provisioned still draining ⇒ throttled by the limit;
/// - t = 3,601 s: served on demand, cold.
///
/// Billing: provisioned 2 × 1,000 ms, on-demand 1,000 ms; configured 1 × 3,600,000 environment·ms.
/// Busy provisioned time 1 + 0.5 + 0.5 = 2 s ⇒ utilisation 2 / 3,600.
#[test]
fn provisioned_schedule_drains_busy_environments() {
    let mut pc = [0; 24];
    pc[0] = 1;
    let arrivals = vec![0, S / 2, 3_599_500_000, 3_600_200_000, 3_601 * S];
    let r = run(
        function(1_000.0, 0.0, InitModel::none()),
        Traffic::replay_us(arrivals).unwrap(),
        unlimited().with_provisioned(pc).with_concurrency_limit(Some(1)),
        2 * HOUR,
        0,
    );
    let c = &r.counts;
    assert_eq!((c.served_provisioned, c.served_on_demand, c.cold_starts), (2, 1, 1));
    assert_eq!((c.throttled_concurrency, c.throttled_scaling), (2, 0));
    assert_eq!((r.billing.pc_billed_ms, r.billing.billed_ms), (2_000, 1_000));
    assert_eq!(r.billing.pc_configured_ms, 3_600_000);
    assert_eq!(r.environments.pc_utilisation, Some(2_000_000.0 / 3_600_000_000.0));
    assert_eq!(r.timeline.buckets.iter().map(|b| b.throttled).sum::<u32>(), 2);
}

/// On-demand billing with cold starts, exactly. INIT constant 250.3 ms, duration 100.2 ms (cv 0), keep-alive 5 s.
/// Arrivals at 0, 10, 20, 30 s are cold (previous release + 5 s has passed), 31 s is warm (released at 30.3505 s).
/// Per invocation: billed ceil(100.2) = 101 ms; per cold start: ceil(250.3 + 100.2) − 101 = 351 − 101 = 250 ms.
/// ⇒ billed_ms = 5 × 101 = 505, billed_init_ms = 4 × 250 = 1,000; latency sum = 4 × 350,500 + 100,200 µs.
#[test]
fn on_demand_billing_with_init_is_exact() {
    let init = InitModel::from_p50_p90(250.3, 250.3).unwrap();
    let r = run(
        function(100.2, 0.0, init),
        Traffic::replay_us(vec![0, 10 * S, 20 * S, 30 * S, 31 * S]).unwrap(),
        Platform::default().with_keep_alive_ms(5_000),
        HOUR,
        0,
    );
    assert_eq!((r.counts.served_on_demand, r.counts.cold_starts), (5, 4));
    assert_eq!((r.billing.billed_ms, r.billing.billed_init_ms), (505, 1_000));
    assert_eq!(r.latency.sum_us, 4 * 350_500 + 100_200);
    assert_eq!(r.latency.max_us, 350_500);
}

/// The keep-alive boundary: an environment released at r is warm for arrivals before r + T and gone at r + T.
/// First invocation: 250.3 ms INIT + 100.2 ms ⇒ released at 350,500 µs; T = 5 s ⇒ expires at 5,350,500 µs.
#[test]
fn keep_alive_boundary_is_exclusive() {
    let init = InitModel::from_p50_p90(250.3, 250.3).unwrap();
    for (second, cold) in [(5_350_499, 1), (5_350_500, 2)] {
        let r = run(
            function(100.2, 0.0, init),
            Traffic::replay_us(vec![0, second]).unwrap(),
            Platform::default().with_keep_alive_ms(5_000),
            HOUR,
            0,
        );
        assert_eq!(r.counts.cold_starts, cold, "second arrival at {second} µs");
    }
}

/// A 2 s function with a 1 s timeout is stopped at 1 s: billed exactly 1,000 ms each, all counted as timeouts.
/// Below the memory floor every invocation is out-of-memory, billed for its (here constant 100 ms) duration.
#[test]
fn timeouts_and_out_of_memory() {
    let arrivals: Vec<u64> = (0..10).map(|i| i * 10 * S).collect();
    let slow = Function::new(DurationModel::fixed(2_000.0, 0.0).unwrap(), InitModel::none(), 0, 1_000).unwrap();
    let r = run(slow, Traffic::replay_us(arrivals.clone()).unwrap(), Platform::default(), HOUR, 0);
    assert_eq!((r.counts.timeouts, r.billing.billed_ms), (10, 10_000));
    assert_eq!(r.latency.max_us, 1_000_000);

    let hungry = Function::new(DurationModel::fixed(100.0, 0.0).unwrap(), InitModel::none(), 1_024, 3_000).unwrap();
    let traffic = Traffic::replay_us(arrivals).unwrap();
    for (memory, oom) in [(512, 10), (1_023, 10), (1_024, 0), (2_048, 0)] {
        let cfg =
            SimConfig::new(hungry.clone(), traffic.clone(), Platform::default(), memory, Architecture::Arm64, HOUR, 0)
                .unwrap();
        let r = sim::run(&cfg);
        assert_eq!((r.counts.oom_errors, r.feasible()), (oom, oom == 0), "{memory} MB");
        assert_eq!(r.billing.billed_ms, 1_000);
    }
}

/// Scaling rate (token bucket, capacity 1,000, refilled continuously at 100/s, starts full; each new environment
/// takes one token; a cold start without a whole token is throttled). Durations of 60 s keep every environment
/// busy, so every admitted request is a cold start.
/// - 3,000 at t = 0: 1,000 tokens ⇒ 1,000 admitted, 2,000 throttled;
/// - 3,000 at t = 10 s: 10 s × 100/s = 1,000 tokens ⇒ 1,000 admitted, 2,000 throttled;
/// - 3,000 at t = 15 s: 5 s × 100/s = 500 tokens ⇒ 500 admitted, 2,500 throttled.
#[test]
fn scaling_rate_admits_a_thousand_then_refills() {
    let mut arrivals = vec![0; 3_000];
    arrivals.extend([10 * S; 3_000]);
    arrivals.extend([15 * S; 3_000]);
    let one_burst = run(
        function(60_000.0, 0.0, InitModel::none()),
        Traffic::replay_us(arrivals[..3_000].to_vec()).unwrap(),
        Platform::default(),
        HOUR,
        0,
    );
    assert_eq!((one_burst.counts.cold_starts, one_burst.counts.throttled_scaling), (1_000, 2_000));
    let r = run(
        function(60_000.0, 0.0, InitModel::none()),
        Traffic::replay_us(arrivals).unwrap(),
        Platform::default().with_scaling_rate(Some(ScalingRate::AWS)),
        HOUR,
        0,
    );
    assert_eq!((r.counts.cold_starts, r.counts.throttled_scaling), (2_500, 6_500));
    assert_eq!(r.environments.peak_busy, 2_500);
    assert_eq!(r.counts.throttled_concurrency, 0);
}

/// A rich configuration exercising every feature.
fn rich(seed: u64, memory_mb: u32) -> SimConfig {
    let mut weights = [1.0; 24];
    weights[9..18].fill(3.0);
    let traffic = Traffic::poisson(20.0)
        .unwrap()
        .with_diurnal(weights)
        .unwrap()
        .with_bursts(Burst::new(300, 500.0, 600.0).unwrap());
    let mut pc = [0; 24];
    pc[9..18].fill(5);
    let platform = Platform::default()
        .with_keep_alive_ms(120_000)
        .with_routing(Routing::Random)
        .with_concurrency_limit(Some(200))
        .with_scaling_rate(Some(ScalingRate::new(100, 10).unwrap()))
        .with_provisioned(pc);
    let duration = DurationModel::new(30.0, 200.0, 2, 0.6, 1.2).unwrap();
    let f = Function::new(duration, InitModel::from_p50_p90(300.0, 600.0).unwrap(), 256, 2_000).unwrap();
    SimConfig::new(f, traffic, platform, memory_mb, Architecture::Arm64, 24 * HOUR, seed).unwrap()
}

#[test]
fn same_seed_same_result_different_seed_different_result() {
    let a = sim::run(&rich(42, 512));
    let b = sim::run(&rich(42, 512));
    let c = sim::run(&rich(43, 512));
    assert_eq!(a, b);
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    assert_ne!(a, c);
    assert_ne!(a.counts.arrivals, c.counts.arrivals);
    // Arrivals have their own random stream: another memory size sees exactly the same requests.
    let d = sim::run(&rich(42, 2_048));
    assert_eq!(a.counts.arrivals, d.counts.arrivals);
}

#[test]
fn counts_timeline_and_environments_are_consistent() {
    let r = sim::run(&rich(5, 512));
    let c = &r.counts;
    assert!(c.cold_starts > 0 && c.throttled_scaling > 0 && c.served_provisioned > 0);
    assert_eq!(c.arrivals, c.served() + c.throttled());
    let t = &r.timeline;
    assert_eq!(t.buckets.len(), 1_440);
    assert_eq!(t.bucket_us, 60 * S);
    assert_eq!(t.buckets.iter().map(|b| u64::from(b.cold_starts)).sum::<u64>(), c.cold_starts);
    assert_eq!(t.buckets.iter().map(|b| u64::from(b.throttled)).sum::<u64>(), c.throttled());
    assert_eq!(t.buckets.iter().map(|b| b.max_busy).max(), Some(r.environments.peak_busy));
    assert_eq!(t.buckets[8 * 60].pc_level, 0);
    assert_eq!(t.buckets[9 * 60].pc_level, 5);
    // 5 environments for 9 hours.
    assert_eq!(r.billing.pc_configured_ms, 5 * 9 * 3_600_000);
    let e = &r.environments;
    assert!((e.mean_busy + e.mean_idle - e.mean_live).abs() < 1e-9 * e.mean_live);
    assert_eq!(r.latency_histogram.len(), c.served());
    assert!(r.latency.p50_us <= r.latency.p99_us && r.latency.p99_us <= r.latency.max_us + 1_000);
}

/// `costsim price` and `costsim run` agree on provisioned concurrency: 10 environments, Poisson 10 requests/s of
/// 1 s (10 Erlangs), on-demand unlimited. The estimate serves 1 − B(10, 10) = 1 − 0.2145823 = 0.7854177 of the
/// requests on PC (Erlang's loss formula, as the provisioned group turns away what finds it full); the
/// simulator's share over 200,000 s (2·10⁶ arrivals) must match it within 1% (its standard error is ~0.1%).
#[test]
fn price_and_the_simulator_agree_on_the_share_served_by_provisioned_concurrency() {
    use costsim::pricing::provisioned::served_share;
    use rust_decimal::prelude::ToPrimitive;
    use rust_decimal::Decimal;
    let horizon_s = 200_000u64;
    let requests = Decimal::from(10 * horizon_s);
    let hours = Decimal::from(horizon_s) / Decimal::from(3_600);
    let estimate = served_share(10, requests, hours, Decimal::from(1_000)).to_f64().unwrap();
    assert!((estimate - (1.0 - erlang_b(10, 10.0))).abs() < 1e-9);
    let r = run(
        function(1_000.0, 0.0, InitModel::none()),
        Traffic::poisson(10.0).unwrap(),
        unlimited().with_provisioned([10; 24]),
        horizon_s * S,
        7,
    );
    let simulated = r.counts.served_provisioned as f64 / r.counts.arrivals as f64;
    eprintln!("served on PC: simulated {simulated:.5}, price {estimate:.5}");
    assert!(rel_err(simulated, estimate) < 0.01, "simulated {simulated} vs price {estimate}");
}
