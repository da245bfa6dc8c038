//! Calibration (issue 5): the fit recovers known parameters from logs made with costsim's own duration and INIT
//! models; one memory size gives a scenario that loads and runs, with its assumption written down; Power Tuning
//! results are read from JSON and from links.

use std::fmt::Write as _;

use assert_cmd::Command;
use base64::Engine as _;
use costsim::calibrate::powertuning::{self, PtPicks};
use costsim::calibrate::{self, Basis, CalibrateOptions, Measurements};
use costsim::pricing::Catalog;
use costsim::scenario::{LoadOptions, Overrides, Scenario};
use costsim::workload::{DurationModel, InitModel};
use costsim::Architecture;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

/// Writes REPORT lines as Lambda does (the developer guide's REPORT line): durations drawn from `model` at each size, every `cold_every`-th
/// invocation a cold start with an INIT from `init`, Max Memory Used cycling over 80–116 MB, optionally prefixed
/// by a timestamp every `spacing_ms`. Returns the text and the mean of the warm durations as printed, per size.
fn synth_logs(
    model: &DurationModel,
    init: &InitModel,
    sizes: &[u32],
    per_size: usize,
    cold_every: usize,
    spacing_ms: Option<i64>,
    seed: u64,
) -> (String, Vec<f64>) {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut text = String::new();
    let mut means = Vec::new();
    let mut k: i64 = 0;
    for &mem in sizes {
        let sampler = model.sampler(mem, Architecture::X86_64);
        let (mut sum, mut n) = (0.0, 0usize);
        for i in 0..per_size {
            let d: f64 = format!("{:.2}", sampler.sample_ms(&mut rng)).parse().unwrap();
            if let Some(step) = spacing_ms {
                let t = chrono::DateTime::from_timestamp_millis(1_767_225_600_000 + k * step).unwrap();
                let _ =
                    write!(text, "{} 2026/01/01/[$LATEST]abc ", t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
            }
            k += 1;
            let used = 80 + (i % 37);
            let _ = write!(
                text,
                "REPORT RequestId: {i:08x}-0000-0000-0000-{mem:012}\tDuration: {d:.2} ms\tBilled Duration: {} ms\tMemory Size: {mem} MB\tMax Memory Used: {used} MB\t",
                d.ceil() as u64
            );
            if i % cold_every == 0 {
                let init_ms = init.sample_us(&mut rng) as f64 / 1000.0;
                let _ = write!(text, "Init Duration: {init_ms:.2} ms\t");
            } else {
                sum += d;
                n += 1;
            }
            text.push('\n');
        }
        means.push(sum / n as f64);
    }
    (text, means)
}

#[test]
fn fit_recovers_known_parameters_from_simulated_logs() {
    // Truth: io 30 ms, cpu 200 ms, 2 threads, cv 0.25; INIT p50 250 ms, p90 400 ms.
    let model = DurationModel::new(30.0, 200.0, 2, 0.25, 1.0).unwrap();
    let init = InitModel::from_p50_p90(250.0, 400.0).unwrap();
    let sizes = [256, 512, 1024, 2048, 4096];
    let (text, _) = synth_logs(&model, &init, &sizes, 3_000, 20, None, 7);
    let mut m = Measurements::default();
    let summary = costsim::logs::read_reports(text.as_bytes(), |r| m.add_report(&r)).unwrap();
    assert_eq!((summary.reports, summary.malformed_count), (15_000, 0));
    let cal = calibrate::calibrate(&m, &CalibrateOptions::default()).unwrap();
    let d = &cal.duration;
    // Tolerances from the standard errors. 2,850 warm invocations per size (every 20th is cold). At 4,096 MB the
    // mean is 30 + 200/2 = 130 ms, SE 0.25·130/√2850 = 0.61 ms; at 2,048 MB 30 + 200·1769/2048 = 202.75 ms, SE
    // 0.95 ms. These two alone pin cpu to √(0.61² + 0.95²) / (1769/2048 − 1/2) = 1.13/0.364 ≈ 3.1 ms and io to
    // about 1 ms; the other sizes only tighten that. Allowed: 3 ms on io, 6 ms (3%) on cpu, about 3 SE each.
    assert_eq!(d.threads, 2, "{d:?}");
    assert!((d.io_ms - 30.0).abs() < 3.0, "io {d:?}");
    assert!((d.cpu_ms - 200.0).abs() < 6.0, "cpu {d:?}");
    assert_eq!(d.basis, Basis::Fitted { threads_identified: true });
    // The reported SEs are honest: the truth is within 3 of them.
    assert!((d.io_ms - 30.0).abs() < 3.0 * d.io_se_ms.unwrap(), "{d:?}");
    assert!((d.cpu_ms - 200.0).abs() < 3.0 * d.cpu_se_ms.unwrap(), "{d:?}");
    assert!(d.r2.unwrap() > 0.999 && d.rmse_ms.unwrap() < 3.0, "{d:?}");
    // cv: 14,250 warm durations; SE of a lognormal CV of 0.25 ≈ 0.25·√((1 + 2·0.25²)/(2·14,250)) = 0.0016.
    let (cv, _) = cal.cv.unwrap();
    assert!((cv - 0.25).abs() < 0.01, "cv {cv}");
    // INIT: 150 cold starts per size, 750 in all; σ of ln INIT = ln(400/250)/1.2816 = 0.3667, so the SE of ln p50
    // is 0.3667/√750 = 0.0134 (1.3%) and of ln p90 about 0.0134·√(1 + 1.2816²/2) = 0.018 (1.8%): 4% and 6% allowed.
    let (p50, p90) = cal.init_p50_p90().unwrap();
    assert!((p50 / 250.0 - 1.0).abs() < 0.04, "p50 {p50}");
    assert!((p90 / 400.0 - 1.0).abs() < 0.06, "p90 {p90}");
    // Exact counts: 750 cold of 15,000 = 5%; Max Memory Used peaks at 80 + 36 = 116 MB, × 1.2 = 139.2 → 140 MB.
    assert_eq!(cal.cold_start_ratio(), Some(0.05));
    assert_eq!((cal.max_memory_used_mb, cal.memory_floor_mb), (Some(116), Some(140)));
}

#[test]
fn a_day_at_one_memory_size_gives_a_scenario_a_chart_and_a_recommendation() {
    // A day of production logs at 512 MB: one invocation every 30 s, 2,880 in all, every 50th cold.
    let model = DurationModel::new(40.0, 60.0, 1, 0.3, 1.0).unwrap();
    let init = InitModel::from_p50_p90(180.0, 260.0).unwrap();
    let (text, means) = synth_logs(&model, &init, &[512], 2_880, 50, Some(30_000), 3);
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("prod-512.log");
    std::fs::write(&log, text).unwrap();
    let out = dir.path().join("checkout.toml");
    let assert = Command::cargo_bin("costsim")
        .unwrap()
        .arg("calibrate")
        .arg(&log)
        .arg("--out")
        .arg(&out)
        .args(["--date", "2026-01-15"])
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for needle in ["ONE memory size was measured (512 MB)", "--cpu-fraction 0.5", "if all I/O", "Recommendations"] {
        assert!(stdout.contains(needle), "{needle} missing:\n{stdout}");
    }
    let svg = std::fs::read_to_string(dir.path().join("checkout.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("measured mean"), "{}", &svg[..svg.len().min(200)]);
    let toml_text = std::fs::read_to_string(&out).unwrap();
    assert!(toml_text.contains("ONE memory size") && toml_text.contains("ASSUMED"), "{toml_text}");

    // The scenario loads and runs.
    let catalog = Catalog::built_in();
    let s = Scenario::parse("checkout.toml", &toml_text, &catalog).unwrap();
    // Half of the measured mean is I/O (--cpu-fraction 0.5); the model gives back the measured mean at 512 MB.
    // Values are written with 3 decimals: the error is at most 0.0005 + 0.0005·1769/512 < 0.003 ms.
    let mean = means[0];
    assert!((s.duration_spec().io_ms - mean / 2.0).abs() < 0.001, "{} vs {mean}", s.duration_spec().io_ms);
    assert!((s.duration().mean_ms(512, Architecture::X86_64) - mean).abs() < 0.003);
    // Rate: 2,880 records from 00:00:00 to 23:59:30, 86,370 s: 0.033345 requests/s, 2,881 a day (Poisson SD 54).
    assert!((s.mean_rate_per_s() - 2_880.0 / 86_370.0).abs() < 1e-6, "{}", s.mean_rate_per_s());
    // The memory floor: Max Memory Used peaks at 80 + 36 = 116 MB; × 1.2 = 139.2 → 140 MB.
    assert_eq!(s.required_memory_mb(), 140);
    // Two sizes, one replication: as `costsim run --memory 512,1024 --replications 1` would load it.
    let overrides = Overrides { memory: Some("512,1024".into()), replications: Some(1), ..Overrides::default() };
    let options = LoadOptions { overrides, ..LoadOptions::default() };
    let s = Scenario::parse_with("checkout.toml", &toml_text, &catalog, &options).unwrap();
    let points = costsim::sweep::run(&s, &catalog, chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()).unwrap();
    assert_eq!(points.len(), 4);
    for p in &points {
        assert!((p.simulated_invocations as f64 - 2_881.0).abs() < 5.0 * 54.0, "{}", p.simulated_invocations);
    }
}

#[test]
fn power_tuning_link_decodes_to_its_own_reported_choice() {
    // A link published with the output {"power": 128, "cost": 4.3071e-6, "duration": 2050.7775}. Sizes
    // gAAAAQACAAQACMAL are the bytes 80 00 | 00 01 | 00 02 | 00 04 | 00 08 | c0 0b, little-endian Int16:
    // 128, 256, 512, 1024, 2048, 0x0bc0 = 3008.
    let pt = powertuning::from_json(
        &serde_json::from_str(&std::fs::read_to_string("tests/data/powertuning/output.json").unwrap()).unwrap(),
    )
    .unwrap();
    let rows = &pt.runs[0].rows;
    assert_eq!(rows.iter().map(|r| r.memory_mb).collect::<Vec<_>>(), [128, 256, 512, 1024, 2048, 3008]);
    // The chosen size's Float32 time and cost are the output's duration and cost, rounded to Float32.
    assert_eq!(rows[0].duration_ms, f64::from(2050.7775_f32));
    assert_eq!(rows[0].cost_usd, f64::from(0.0000043071_f32));
    assert_eq!(pt.chosen.unwrap().memory_mb, 128);
    // Power Tuning's rules on these averages. cost: 128 MB has the lowest cost, 4.3071e-6. speed: 3008 MB, 228.07 ms.
    // balanced (w = 0.5, max cost 1.130115e-5 at 3008, max duration 2050.78 at 128):
    // 128: 0.5·0.3811 + 0.5·1 = 0.6906; 256: 0.1910 + 0.2506 = 0.4416; 512: 0.2011 + 0.1317 = 0.3328;
    // 1024: 0.3152 + 0.1032 = 0.4183; 2048: 0.3479 + 0.0569 = 0.4047; 3008: 0.5 + 0.0556 = 0.5556 → 512 MB.
    assert_eq!(powertuning::picks(&pt.runs[0]), Some(PtPicks { cost: 128, speed: 3008, balanced: 512 }));
}

#[test]
fn power_tuning_comparison_links_and_bad_links() {
    let b64 = |bytes: Vec<u8>| base64::engine::general_purpose::STANDARD.encode(bytes);
    let sizes = |s: &[i16]| b64(s.iter().flat_map(|x| x.to_le_bytes()).collect());
    let floats = |f: &[f32]| b64(f.iter().flat_map(|x| x.to_le_bytes()).collect());
    let one = format!("{};{};{}", sizes(&[256, 1024]), floats(&[80.5, 30.25]), floats(&[1e-6, 2e-6]));
    let two = format!("{};{};{}", sizes(&[512]), floats(&[40.0]), floats(&[5e-7]));
    let link = format!("https://lambda-power-tuning.show/#{one};{two};before%20fix;after%20fix");
    let pt = powertuning::from_link(&link).unwrap();
    assert_eq!(pt.runs.len(), 2);
    assert_eq!(pt.runs[0].legend.as_deref(), Some("before fix"));
    assert_eq!((pt.runs[0].rows[1].memory_mb, pt.runs[0].rows[1].duration_ms), (1024, 30.25));
    assert_eq!((pt.runs[1].rows[0].memory_mb, pt.runs[1].rows[0].cost_usd), (512, f64::from(5e-7_f32)));
    for bad in [
        "https://lambda-power-tuning.show/#AAQ=;AAAA",             // 2 parts
        "https://lambda-power-tuning.show/#!!!;AAAAAA==;AAAAAA==", // not base64
        &format!("#{};{};{}", sizes(&[256, 512]), floats(&[1.0]), floats(&[1.0])), // 2 sizes, 1 time
        &format!("#{};{};{}", sizes(&[64]), floats(&[1.0]), floats(&[1.0])), // not a Lambda size
        &format!("#{};{};{}", sizes(&[-128]), floats(&[1.0]), floats(&[1.0])), // Int16 sign
        "#;;",
    ] {
        assert!(powertuning::from_link(bad).is_err(), "{bad}");
    }
}

#[test]
fn power_tuning_output_drives_calibrate_and_is_compared() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pt.toml");
    let assert = Command::cargo_bin("costsim")
        .unwrap()
        .args(["calibrate", "tests/data/powertuning/stats.json", "--out"])
        .arg(&out)
        .args(["--date", "2026-01-15"])
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("Power Tuning chose 1024 MB"), "{stdout}");
    // Its rules on the stats: cost 512 MB (1.05e-6 is the lowest), speed 2048 MB (39 ms), balanced (max cost
    // 1.6e-6, max duration 100 ms): 512: 0.5·0.65625 + 0.5·1 = 0.828; 1024: 0.375 + 0.2775 = 0.6525;
    // 2048: 0.5 + 0.195 = 0.695 → 1024 MB.
    let table = &stdout[stdout.find("Power Tuning against costsim").expect("comparison printed")..];
    let row = |name: &str| table.lines().find(|l| l.trim_start().starts_with(name)).map(|l| l.to_string());
    assert!(row("cost ").is_some_and(|l| l.contains("512 MB")), "{stdout}");
    assert!(row("speed ").is_some_and(|l| l.contains("2048 MB")), "{stdout}");
    assert!(row("balanced ").is_some_and(|l| l.contains("1024 MB")), "{stdout}");
    assert!(stdout.contains("trimmed means"), "{stdout}");
    let text = std::fs::read_to_string(&out).unwrap();
    Scenario::parse("pt.toml", &text, &Catalog::built_in()).unwrap();
    // The same result given as a link: the sizes come through (the link's costs are zero, which is allowed).
    Command::cargo_bin("costsim")
        .unwrap()
        .args(["calibrate", "https://lambda-power-tuning.show/#AAIABAAI;AADIQgAAXkIAABxC;AAAAAAAAAAAAAAAA", "--no-run"])
        .arg("--out")
        .arg(dir.path().join("link.toml"))
        .assert()
        .success();
}

#[test]
fn bad_calibrate_input_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.log");
    std::fs::write(&empty, "START RequestId: 1\nnot a report\n").unwrap();
    Command::cargo_bin("costsim")
        .unwrap()
        .arg("calibrate")
        .arg(&empty)
        .arg("--out")
        .arg(dir.path().join("x.toml"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("no measurements to fit"));
    Command::cargo_bin("costsim")
        .unwrap()
        .args(["calibrate", "tests/data/logs/report-text.log", "--cpu-fraction", "1.5"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("--cpu-fraction"));
}

/// `costsim calibrate FILE --no-run` in a fresh folder: (exit code, stdout, stderr, the folder).
fn calibrate_file(name: &str, content: &str) -> (Option<i32>, String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, content).unwrap();
    let out = Command::cargo_bin("costsim")
        .unwrap()
        .current_dir(dir.path())
        .args(["calibrate", name, "--no-run", "--out", "c.toml"])
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr), dir)
}

fn report_line(time: &str, memory: u32, duration: &str) -> String {
    format!("{time}REPORT RequestId: a\tDuration: {duration} ms\tBilled Duration: 9 ms\tMemory Size: {memory} MB\tMax Memory Used: 66 MB\t\n")
}

#[test]
fn durations_of_1e308_are_refused_where_they_are_written_before_any_chart() {
    // The reproducer: a REPORT line with Duration 1e308 ms made the chart code loop after the scenario was
    // written. Line 2, column 20 + 10 + 1 = 31 ("REPORT RequestId: a\t", "Duration: ").
    let (code, _, err, dir) = calibrate_file("big.log", &format!("START x\n{}", report_line("", 128, "1e308")));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("big.log:2:31: Duration must be a number from 0 to 900,000 ms"), "{err}");
    // The message is one short line (the snippet under it quotes the line of the log, cut around the column).
    let first = err.lines().find(|l| l.starts_with("error:")).unwrap();
    assert!(first.contains("(got 1e308)") && first.len() < 300, "{err}");
    assert!(!dir.path().join("c.toml").exists() && !dir.path().join("c.svg").exists());
    // Power Tuning: averageDuration 1e308. `[{"value":128,"averageDuration":` is 32 characters: column 33.
    let pt = r#"[{"value":128,"averageDuration":1e308,"averagePrice":1e-6},{"value":256,"averageDuration":5,"averagePrice":1e-6}]"#;
    let (code, _, err, _) = calibrate_file("pt.json", pt);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("pt.json:1:33: stats[0]: duration 1e308 ms must be from 0 to 900,000 ms"), "{err}");
}

#[test]
fn power_tuning_errors_name_file_line_and_column() {
    // Each document is on several lines; the fault's line and column are counted in the comment.
    let cases = [
        // Line 3 `  {"value": 256, "averageDuration": "slow", …`: `  {"value": 256, "averageDuration": ` is 36
        // characters, so the string is at column 37.
        (
            "{\n \"stats\": [{\"value\": 128, \"averageDuration\": 5, \"averagePrice\": 1e-6},\n  {\"value\": 256, \"averageDuration\": \"slow\", \"averagePrice\": 1e-6}]\n}",
            "pt.json:3:37: stats[1].averageDuration must be a number",
        ),
        // `"value": 100` on line 2: ` "stats": [{"value": ` is 21 characters, column 22.
        ("{\n \"stats\": [{\"value\": 100, \"averageDuration\": 5, \"averagePrice\": 1e-6}]}", "pt.json:2:22: stats[0]: memory 100 MB"),
        // A negative price: ` "stats": [{"value": 128, "averageDuration": 5, "averagePrice": ` is 64 characters.
        ("{\n \"stats\": [{\"value\": 128, \"averageDuration\": 5, \"averagePrice\": -1}]}", "pt.json:2:65: stats[0]: cost -1"),
        // `power` out of range, line 2 column 11 (` "power": ` is 10 characters).
        ("{\n \"power\": 99999999999,\n \"stats\": [{\"value\": 128, \"averageDuration\": 5, \"averagePrice\": 1e-6}]}", "pt.json:2:11: power must be"),
        // Not JSON: the stray `x` at line 2, column 12.
        ("{\"stats\": [\n {\"value\": x}]}", "pt.json:2:12: not valid JSON Power Tuning output"),
    ];
    for (doc, expected) in cases {
        let (code, _, err, _) = calibrate_file("pt.json", doc);
        assert_eq!(code, Some(1), "{doc}: {err}");
        assert!(err.contains(expected), "{doc}\nexpected {expected}\ngot {err}");
    }
}

#[test]
fn log_times_in_1970_and_9999_are_left_out_of_the_rate_and_the_scenario_loads() {
    // The reproducer: these two times gave a rate of 2 / 2.5e11 s, written as 0.000000, and "internal error:
    // the calibrated scenario does not load".
    let log = report_line("1970-01-01T00:00:01Z ", 128, "10") + &report_line("9999-01-01T00:00:00Z ", 128, "12");
    let (code, stdout, err, dir) = calibrate_file("ts.log", &log);
    assert_eq!(code, Some(0), "{err}");
    assert!(stdout.contains("2 record(s) carry a time before 2014-11-13"), "{stdout}");
    let toml = std::fs::read_to_string(dir.path().join("c.toml")).unwrap();
    assert!(toml.contains("requests_per_second = 1.0  # PLACEHOLDER"), "{toml}");
}

#[test]
fn a_low_observed_rate_is_written_with_its_digits() {
    // Two records a day apart (2024-01-15 and 2024-01-16, 10:00 UTC): 2 / 86,400 s = 2.3148e-5 requests/s,
    // which `{:.6}` would have written as 0.000000.
    let log = report_line("2024-01-15T10:00:00Z ", 128, "10") + &report_line("2024-01-16T10:00:00Z ", 128, "12");
    let (code, _, err, dir) = calibrate_file("low.log", &log);
    assert_eq!(code, Some(0), "{err}");
    let toml = std::fs::read_to_string(dir.path().join("c.toml")).unwrap();
    assert!(toml.contains("requests_per_second = 2.31481e-5"), "{toml}");
    Scenario::parse("c.toml", &toml, &Catalog::built_in()).unwrap();
}

#[test]
fn no_nan_when_durations_do_not_vary() {
    // Three sizes, every duration 10 ms: zero variance at each (SE 0) and across sizes (no R²). The fit must say
    // why a number is missing, never print NaN.
    let mut log = String::new();
    for memory in [128, 512, 1024] {
        for _ in 0..3 {
            log += &report_line("", memory, "10");
        }
    }
    let (code, stdout, err, dir) = calibrate_file("flat.log", &log);
    assert_eq!(code, Some(0), "{err}");
    let toml = std::fs::read_to_string(dir.path().join("c.toml")).unwrap();
    for text in [&stdout, &err, &toml] {
        let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
        assert!(!words.contains(&"NaN") && !words.contains(&"inf"), "{text}");
    }
    assert!(stdout.contains("R² n/a: the measured means do not vary"), "{stdout}");
}
