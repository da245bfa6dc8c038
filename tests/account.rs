//! Several functions of one account share its unreserved concurrency (`sim::run_account`): they throttle together
//! as one loss system, and reserved concurrency isolates a function from its neighbours.

use costsim::sim::{self, run_account, Member, Platform, SimConfig, SimResult};
use costsim::workload::{DurationModel, Function, InitModel, Traffic};
use costsim::Architecture::X86_64;

const HOUR_US: u64 = 3_600_000_000;

/// A function of mean duration `mean_ms` (all I/O, so memory does not change it), a 1–2 ms INIT, and no
/// scaling-rate limit (a throttle is then the concurrency limit's alone).
fn config(traffic: Traffic, mean_ms: f64, limit: Option<u32>, hours: u64, seed: u64) -> SimConfig {
    let duration = DurationModel::new(mean_ms, 0.0, 1, 0.3, 1.0).unwrap();
    let init = InitModel::from_p50_p90(1.0, 2.0).unwrap();
    let function = Function::new(duration, init, 128, 60_000).unwrap();
    let platform =
        Platform::default().with_keep_alive_ms(u64::MAX).with_scaling_rate(None).with_concurrency_limit(limit);
    SimConfig::new(function, traffic, platform, 1024, X86_64, hours * HOUR_US, seed).unwrap()
}

fn throttle(r: &SimResult) -> f64 {
    r.counts.throttled() as f64 / r.counts.arrivals as f64
}

/// Erlang-B blocking B(c, a) by the recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)).
fn erlang_b(c: u32, a: f64) -> f64 {
    (1..=c).fold(1.0, |b, k| a * b / (f64::from(k) + a * b))
}

#[test]
fn two_functions_sharing_a_limit_throttle_as_erlang_b_of_their_summed_load() {
    // A: 6 requests/s × 1 s = 6 Erlangs; B: 4 requests/s × 1 s = 4 Erlangs; together 10 Erlangs on c = 10.
    // B(10, 10) by the recursion (a = 10): 0.90909, 0.81967, 0.73206, 0.64667, 0.56395, 0.48452, 0.40904,
    // 0.33832, 0.27321, 0.21458. Poisson arrivals see time averages, so each function is throttled 21.46%.
    // Alone on the same c = 10, A would see B(10, 6) = 0.04314 (0.85714, 0.72, 0.59016, 0.46956, 0.36040,
    // 0.26492, 0.18506, 0.12188, 0.07515, 0.04314): sharing the pool quintuples its throttles.
    assert!((erlang_b(10, 10.0) - 0.21458).abs() < 1e-5);
    assert!((erlang_b(10, 6.0) - 0.04314).abs() < 1e-5);
    let hours = 24;
    let a = config(Traffic::poisson(6.0).unwrap(), 1000.0, None, hours, 1);
    let b = config(Traffic::poisson(4.0).unwrap(), 1000.0, None, hours, 2);
    let mean_ms = a.function().duration().mean_ms(1024, X86_64);
    assert!((mean_ms - 1000.0).abs() < 1e-6, "the duration model's mean is io_ms: {mean_ms}");
    let members = [Member { config: a.clone(), shares_pool: true }, Member { config: b, shares_pool: true }];
    let run = run_account(&members, 10).unwrap();
    let (ra, rb) = (&run.functions[0], &run.functions[1]);
    // 24 h × 10 requests/s = 864,000 arrivals: the standard error of a ratio near 0.21 is about 0.0005 before
    // the correlation of a loss system's busy periods, which a few-fold margin covers.
    let both =
        (ra.counts.throttled() + rb.counts.throttled()) as f64 / (ra.counts.arrivals + rb.counts.arrivals) as f64;
    assert!((both - 0.21458).abs() < 0.004, "together {both}");
    assert!((throttle(ra) - 0.21458).abs() < 0.006, "A {}", throttle(ra));
    assert!((throttle(rb) - 0.21458).abs() < 0.006, "B {}", throttle(rb));
    assert!(run.peak_in_use <= 10 && run.in_use.iter().all(|&n| n <= 10));
    assert_eq!(run.peak_in_use, 10, "a loss system this loaded fills the pool");

    let alone = sim::run(&config(Traffic::poisson(6.0).unwrap(), 1000.0, Some(10), hours, 1));
    assert!((throttle(&alone) - 0.04314).abs() < 0.003, "A alone {}", throttle(&alone));
}

#[test]
fn reserved_concurrency_isolates_a_function_from_a_neighbours_burst() {
    // A burst of 500 requests at 10:00, each running 2 s, needs 500 environments; the unreserved pool has 100.
    // `steady` has reserved concurrency 10 (its own limit, not drawn from the pool); `exposed` has the same
    // traffic without it. 2 requests/s × 0.1 s = 0.2 Erlangs: on 10 environments alone, B(10, 0.2) ≈ 2.5e-14,
    // so neither is throttled on its own.
    let burst: Vec<u64> = (0..500).map(|i| 10 * HOUR_US + i * 1_000).collect();
    let neighbour = config(Traffic::replay_us(burst).unwrap(), 2000.0, None, 24, 3);
    let steady = config(Traffic::poisson(2.0).unwrap(), 100.0, Some(10), 24, 4);
    let exposed = config(Traffic::poisson(2.0).unwrap(), 100.0, None, 24, 4);
    let members = [
        Member { config: neighbour, shares_pool: true },
        Member { config: steady.clone(), shares_pool: false },
        Member { config: exposed, shares_pool: true },
    ];
    let run = run_account(&members, 100).unwrap();
    // The neighbour gets the 100 environments of the pool, the other 400 requests of its burst are throttled.
    assert_eq!(run.functions[0].counts.throttled(), 400);
    // Reserved: exactly what it does alone (same seed, same traffic, its own limit) — the burst cannot reach it.
    let alone = sim::run(&steady);
    assert_eq!(run.functions[1].counts, alone.counts);
    assert_eq!(run.functions[1].billing, alone.billing);
    assert_eq!(alone.counts.throttled(), 0);
    // Unreserved: the same traffic, throttled while the burst holds the pool (2 s from 10:00:00): about
    // 2 requests/s × 2.5 s ≈ 5 requests; at least one for sure with the seeds fixed.
    let hit = run.functions[2].counts.throttled();
    assert!((1..=20).contains(&hit), "exposed function throttled {hit} times");
    assert_eq!(run.peak_in_use, 100);
}

#[test]
fn an_account_of_one_function_is_that_function_alone() {
    // With one member and an unreserved pool equal to its own limit, the shared check and the function's own
    // are the same check: every count and bill must be identical to sim::run's.
    let cfg = config(Traffic::poisson(20.0).unwrap(), 300.0, Some(5), 2, 9);
    let run = run_account(&[Member { config: cfg.clone(), shares_pool: true }], 5).unwrap();
    let alone = sim::run(&cfg);
    assert_eq!(run.functions[0].counts, alone.counts);
    assert_eq!(run.functions[0].billing, alone.billing);
    assert!(alone.counts.throttled() > 0, "20 requests/s × 0.3 s = 6 Erlangs on 5 environments must throttle");
}

#[test]
fn a_function_swept_against_its_neighbours_recorded_use_sees_their_burst() {
    // The neighbour's burst fills the 100-environment pool at 10:00:00 (500 requests 1 ms apart, 2 s each with a
    // 0.3 coefficient of variation: the first 100 start by 10:00:00.1, the other 400 are throttled, and they end
    // over the next seconds). The account run records the most each member held per second: 100 in second
    // 36,000 (10:00:00), nothing before. Simulated alone against that record, the exposed function counts the
    // neighbour's most of each second as held all second, so it is throttled at least as often as in the account
    // run, and more only by its arrivals in the seconds where the burst was draining (2 requests/s).
    let burst: Vec<u64> = (0..500).map(|i| 10 * HOUR_US + i * 1_000).collect();
    let neighbour = config(Traffic::replay_us(burst).unwrap(), 2000.0, None, 24, 3);
    let exposed = config(Traffic::poisson(2.0).unwrap(), 100.0, None, 24, 4);
    let members =
        [Member { config: neighbour, shares_pool: true }, Member { config: exposed.clone(), shares_pool: true }];
    let run = run_account(&members, 100).unwrap();
    assert_eq!(run.step_us, 1_000_000);
    assert_eq!(run.held[0].len(), 86_400);
    assert_eq!(run.held[0][36_000], 100);
    assert!(run.held[0][..36_000].iter().all(|&n| n == 0));
    assert!(run.held[0][36_000..36_010].windows(2).all(|w| w[1] <= w[0]), "the burst only drains");
    let together = run.functions[1].counts.throttled();
    let alone = sim::run_with_background(&exposed, 100, run.held[0].clone(), run.step_us);
    let apart = alone.counts.throttled();
    assert!(
        together >= 1 && apart >= together && apart <= together + 10,
        "together {together}, against the record {apart}"
    );
    // Everything else is the same traffic and the same engine: the arrivals are identical.
    assert_eq!(alone.counts.arrivals, run.functions[1].counts.arrivals);
}
