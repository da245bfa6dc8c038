//! The shipped sample measurements (scenarios/samples/) calibrate to the parameters they were generated with.
//!
//! Generated function: I/O lognormal with median 60 ms and σ = 0.35, so mean 60·e^(0.35²/2) = 60 × 1.0632 =
//! 63.79 ms; CPU 25 ms at 512 MB (± 10%, mean 25); at 512 MB the mean is 88.79 ms. Power Tuning sample: io 62 ms and
//! the same CPU, i.e. 25 × 512 / 1769 = 7.236 ms at one vCPU (1,769 MB), each size within ±2%.

use assert_cmd::Command;

/// `costsim calibrate INPUT --no-run`: the scenario it writes, as a TOML table.
fn calibrate(input: &str) -> toml::Table {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.toml");
    Command::cargo_bin("costsim").unwrap().args(["calibrate", input, "--no-run", "--out"]).arg(&out).assert().success();
    toml::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap()
}

fn number(t: &toml::Table, table: &str, key: &str) -> f64 {
    let v = &t[table][key];
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64)).unwrap_or_else(|| panic!("{table}.{key}: {v:?}"))
}

#[test]
fn a_day_of_logs_at_512_mb_gives_the_mean_duration_init_floor_and_rate_it_was_made_with() {
    let s = calibrate("scenarios/samples/checkout-512mb.log");
    let (io, cpu) = (number(&s, "function", "io_ms"), number(&s, "function", "cpu_ms"));
    // One size: the mean at 512 MB is io + cpu × 1769 / 512; half of it assumed CPU.
    let mean_512 = io + cpu * 1769.0 / 512.0;
    assert!((mean_512 - 88.79).abs() / 88.79 < 0.02, "mean at 512 MB {mean_512:.2} ms, generated 88.79 ms");
    assert!((io - mean_512 / 2.0).abs() < 0.01, "half I/O by default: {io} of {mean_512}");
    // INIT uniform on 300–450 ms: median 375 ms (21 samples: within 10%).
    let p50 = number(&s, "function", "init_p50_ms");
    assert!((p50 - 375.0).abs() / 375.0 < 0.10, "INIT p50 {p50}");
    // Memory floor: ceil(138 MB × 1.2) = ceil(165.6) = 166 MB.
    assert_eq!(s["function"]["required_memory_mb"].as_integer(), Some(166));
    // Traffic: one request a minute on average (the sine averages out over the day): 1/60 = 0.01667/s; 1,404
    // arrivals of a Poisson count with mean 1,440 lie within 2 standard deviations (±76).
    let rate = number(&s, "traffic", "requests_per_second");
    assert!((rate - 1.0 / 60.0).abs() < 2.0 * (1440f64).sqrt() / 86_400.0, "rate {rate}/s");
}

#[test]
fn the_power_tuning_output_separates_io_from_cpu() {
    let s = calibrate("scenarios/samples/checkout-power-tuning.json");
    let (io, cpu) = (number(&s, "function", "io_ms"), number(&s, "function", "cpu_ms"));
    // Generated with io 62 ms and 7.236 ms of CPU at one vCPU, each size's mean within ±2%.
    assert!((io - 62.0).abs() < 2.0, "io_ms {io}");
    assert!((cpu - 7.236).abs() / 7.236 < 0.05, "cpu_ms {cpu}");
}
