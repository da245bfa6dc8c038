//! The simulator against 20 real AWS Lambda experiments (tests/data/aws-lambda-coldstart-experiments.csv,
//! from pacslab/simfaas `examples/exp.csv`, MIT licence; 20 measured AWS experiments), run the way
//! the published simulator SimFaaS was run on them:
//! - Poisson arrivals at each row's rate; 10^6 s simulated per row, averaged over the whole run;
//! - the same service times for every row: warm mean 1,981.34 ms and cold mean 2,303.74 ms (the column means);
//!   costsim's cold response is INIT + invoke, so INIT is the difference, 322.40 ms, and invoke is lognormal with
//!   cv 1 (SimFaaS draws exponentials, also cv 1);
//! - idle environments expire 600 s after their last request; the newest-created idle environment serves
//!   (SimFaaS's rule); no concurrency limit or scaling limit is reached.
//!
//! Utilisation is compared as SimFaaS computes it: mean busy ÷ mean live environments. (The column looks like a mean
//! of sampled ratios; a time average of busy ÷ live was tried and matched no better: 18.0% against 16.6%.)
//!
//! The lowest-rate rows rest on a few hundred cold starts, so one seed set moves these errors by about a point
//! (SimFaaS's own reruns gave 12.2% and 13.7% for P(cold)). The test therefore averages five seed sets.
//! SimFaaS's mean absolute percentage errors on this file (seeds 1000–1019): P(cold) 13.7%, mean instance count
//! 3.3%, utilisation (running ÷ instances) 16.5%. costsim must do at least as well.

use costsim::sim::{self, Platform, Routing, SimConfig};
use costsim::workload::{DurationModel, Function, InitModel, Traffic};
use costsim::Architecture;

struct Row {
    rate: f64,
    instances: f64,
    utilisation: f64,
    p_cold: f64,
}

fn rows() -> Vec<Row> {
    let mut r = csv::Reader::from_path("tests/data/aws-lambda-coldstart-experiments.csv").unwrap();
    let h = r.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (rate, inst, util, cold) =
        (col("ArrivalRate"), col("AverageInstanceCount"), col("AverageUtilization"), col("ColdStartProbability"));
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let f = |i: usize| rec[i].parse::<f64>().unwrap();
            Row { rate: f(rate), instances: f(inst), utilisation: f(util), p_cold: f(cold) }
        })
        .collect()
}

fn mape(pairs: &[(f64, f64)]) -> f64 {
    pairs.iter().map(|(sim, real)| (sim - real).abs() / real * 100.0).sum::<f64>() / pairs.len() as f64
}

/// MAPEs (P(cold), instances, utilisation) [%] of one seed set.
fn errors_with_seeds(rows: &[Row], seed_base: u64) -> (f64, f64, f64) {
    const WARM_MS: f64 = 1981.34;
    const COLD_MS: f64 = 2303.74;
    let duration = DurationModel::fixed(WARM_MS, 1.0).unwrap();
    // A near-constant INIT of COLD − WARM (p90 = p50 × 1.000001: sigma ≈ 8e-7).
    let init_ms = COLD_MS - WARM_MS;
    let init = InitModel::from_p50_p90(init_ms, init_ms * 1.000001).unwrap();
    let function = Function::new(duration, init, 0, 900_000).unwrap();
    let platform = Platform::default()
        .with_keep_alive_ms(600_000)
        .with_routing(Routing::NewestCreated)
        .with_concurrency_limit(None)
        .with_scaling_rate(None);
    let (mut cold, mut inst, mut util) = (Vec::new(), Vec::new(), Vec::new());
    for (i, row) in rows.iter().enumerate() {
        let traffic = Traffic::poisson(row.rate).unwrap();
        let seed = seed_base + i as u64;
        let cfg = SimConfig::new(
            function.clone(),
            traffic,
            platform.clone(),
            1024,
            Architecture::X86_64,
            1_000_000_000_000,
            seed,
        )
        .unwrap();
        let r = sim::run(&cfg);
        let served = r.counts.served() as f64;
        cold.push((r.counts.cold_starts as f64 / served, row.p_cold));
        inst.push((r.environments.mean_live, row.instances));
        util.push((r.environments.mean_busy / r.environments.mean_live, row.utilisation));
    }
    (mape(&cold), mape(&inst), mape(&util))
}

#[test]
fn reproduces_the_aws_cold_start_experiments_at_least_as_well_as_simfaas() {
    let rows = rows();
    assert_eq!(rows.len(), 20);
    let sets: Vec<(f64, f64, f64)> = (1..=5).map(|k| errors_with_seeds(&rows, 1000 * k)).collect();
    for (k, (c, i, u)) in sets.iter().enumerate() {
        println!("seed set {}: MAPE P(cold) {c:.2}%, instances {i:.2}%, utilisation {u:.2}%", 1000 * (k + 1));
    }
    let mean = |f: fn(&(f64, f64, f64)) -> f64| sets.iter().map(f).sum::<f64>() / sets.len() as f64;
    let (m_cold, m_inst, m_util) = (mean(|s| s.0), mean(|s| s.1), mean(|s| s.2));
    println!("mean over 5 seed sets: P(cold) {m_cold:.2}%, instances {m_inst:.2}%, utilisation {m_util:.2}%");
    assert!(m_cold <= 13.7, "P(cold) MAPE {m_cold:.2}% is worse than SimFaaS's 13.7%");
    assert!(m_inst <= 3.3, "instance-count MAPE {m_inst:.2}% is worse than SimFaaS's 3.3%");
    assert!(m_util <= 16.5, "utilisation MAPE {m_util:.2}% is worse than SimFaaS's 16.5%");
}

#[test]
fn mean_busy_environments_follow_littles_law_on_the_same_runs() {
    // M/G/∞: busy = λ·E[S] whatever the distribution. At λ = 1.0005/s (the busiest row), with P(cold) ≈ 0 after
    // the first minutes, E[S] ≈ 1.98134 s, so busy ≈ 1.9823; over 10^6 s the standard error is well under 0.5%.
    let function = Function::new(DurationModel::fixed(1981.34, 1.0).unwrap(), InitModel::none(), 0, 900_000).unwrap();
    let platform = Platform::default().with_concurrency_limit(None).with_scaling_rate(None);
    let cfg = SimConfig::new(
        function,
        Traffic::poisson(1.0005).unwrap(),
        platform,
        1024,
        Architecture::X86_64,
        1_000_000_000_000,
        7,
    )
    .unwrap();
    let r = sim::run(&cfg);
    let expected = 1.0005 * 1.98134;
    assert!((r.environments.mean_busy / expected - 1.0).abs() < 0.01, "{} vs {expected}", r.environments.mean_busy);
}
