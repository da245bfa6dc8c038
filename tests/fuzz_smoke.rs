//! A short, deterministic fuzz run per parser (issue 8 item 6): 2,000 mutated inputs each, fixed seed.
//!
//! The long run is `cargo run --release --example fuzz -- TARGET --cases 1000000 --seed N` (docs/fuzzing.md).
//! A case that hangs is reported by a watchdog, which then ends the test process: a stuck case cannot be
//! stopped from outside, and a suite that hangs silently is worse than one that fails with the input.

mod fuzz;

use std::time::Duration;

/// Cases per target; the seed is fixed so that the suite is reproducible.
const CASES: u64 = 2_000;
const SEED: u64 = 8;
/// Far beyond any case (parsing and rendering take milliseconds): only a hang reaches it.
const HANG: Duration = Duration::from_secs(120);

fn smoke(name: &str) {
    let target = fuzz::targets::by_name(name).expect("a target");
    let corpus = (target.corpus)();
    let for_watchdog = corpus.clone();
    let watchdog = fuzz::Watchdog::spawn(HANG, move |case| {
        let input = fuzz::input_for(target, &for_watchdog, SEED, case);
        let f = fuzz::Finding {
            target: target.name,
            case,
            input,
            message: format!("hang: this case, or a smaller input while shrinking it, ran over {HANG:?}"),
            origin: String::new(),
        };
        eprintln!("fuzz finding (the test process ends here):\n{}", f.describe(SEED, &for_watchdog));
        std::process::exit(3);
    });
    let mut findings: Vec<fuzz::Finding> = Vec::new();
    fuzz::run_range(target, &corpus, SEED, 0, CASES, Some(&watchdog), |f| {
        if !findings.iter().any(|g| g.key() == f.key()) {
            findings.push(f);
        }
    });
    // Shrinking runs smaller inputs, which may hang: under the watchdog too.
    let shown: Vec<String> =
        findings.iter().map(|f| fuzz::minimize(target, f, 500, Some(&watchdog)).describe(SEED, &corpus)).collect();
    assert!(findings.is_empty(), "{} distinct finding(s) in {CASES} cases:\n{}", findings.len(), shown.join("\n"));
}

#[test]
fn fuzz_scenario() {
    smoke("scenario");
}

#[test]
fn fuzz_application() {
    smoke("application");
}

#[test]
fn fuzz_terraform() {
    smoke("terraform");
}

#[test]
fn fuzz_cloudformation() {
    smoke("cloudformation");
}

#[test]
fn fuzz_offer() {
    smoke("offer");
}

#[test]
fn fuzz_shard() {
    smoke("shard");
}

#[test]
fn fuzz_terraform_plan() {
    smoke("terraform-plan");
}

#[test]
fn fuzz_serverless() {
    smoke("serverless");
}

#[test]
fn fuzz_catalog() {
    smoke("catalog");
}

#[test]
fn fuzz_sheet() {
    smoke("sheet");
}

#[test]
fn fuzz_logs() {
    smoke("logs");
}

#[test]
fn fuzz_power_tuning() {
    smoke("powertuning");
}

#[test]
fn fuzz_trace() {
    smoke("trace");
}

#[test]
fn fuzz_report() {
    smoke("report");
}

/// The oracle itself: it flags non-finite tokens and only them.
#[test]
fn the_oracle_flags_nan_and_inf_words_only() {
    assert!(fuzz::non_finite("the best p99 is inf s").is_some());
    assert!(fuzz::non_finite("io_ms ± NaN").is_some());
    assert!(fuzz::non_finite("cost: -inf").is_some());
    assert!(fuzz::non_finite("info: infeasible setting, NaNs_x, #AAinf/B+").is_none());
}

#[test]
fn fuzz_diff() {
    smoke("diff");
}
