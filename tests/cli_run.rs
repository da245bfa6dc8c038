//! `costsim run` end to end: the report folder, the required columns and keys, reproducibility, bad input.

use assert_cmd::Command;
use predicates::prelude::*;

fn run_api(out: &std::path::Path, jobs: &str) -> String {
    let output = Command::cargo_bin("costsim")
        .unwrap()
        .args(["run", "scenarios/api.toml", "--memory", "256,1024,1769", "--replications", "2", "--jobs", jobs])
        .args(["--date", "2026-01-15", "--out"])
        .arg(out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).unwrap()
}

#[test]
fn run_prints_the_sweep_and_writes_csv_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let table = run_api(dir.path(), "2");
    assert!(table.contains(" x86_64  256 MB"), "{table}");
    assert!(table.contains(" Recommendations"), "{table}");
    for label in ["  cost ", "  speed ", "  balanced "] {
        assert!(table.contains(label), "{label} missing:\n{table}");
    }
    let csv_text = std::fs::read_to_string(dir.path().join("sweep.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for required in [
        "architecture",
        "memory_mb",
        "monthly_cost_usd",
        "cost_per_million_usd",
        "mean_ms",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "cold_start_ratio",
        "throttle_ratio",
        "error_ratio",
        "mean_concurrency",
        "peak_concurrency",
    ] {
        assert!(header.iter().any(|h| h == required), "column {required} missing from {header:?}");
    }
    assert_eq!(reader.records().count(), 6, "3 memory sizes × 2 architectures");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 4);
    assert_eq!(json["kind"], "costsim.run");
    for key in ["cost", "speed", "balanced"] {
        let pick = &json["recommendations"][key];
        assert!(pick["architecture"].is_string() && pick["memory_mb"].is_u64(), "{key}: {pick}");
        // Numbers, not sentences: the report writes the reason when it renders.
        assert!(pick["monthly_cost"].is_number() && pick["mean_ms"].is_number() && pick.get("reason").is_none());
    }
    // The cheapest point in the CSV is the cost recommendation.
    let mut rows = csv::Reader::from_reader(csv_text.as_bytes());
    let cheapest = rows
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[2] == "true")
        .min_by(|a, b| a[3].parse::<f64>().unwrap().total_cmp(&b[3].parse::<f64>().unwrap()))
        .unwrap();
    assert_eq!(json["recommendations"]["cost"]["memory_mb"].as_u64().unwrap().to_string(), &cheapest[1]);
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let table_one = run_api(one.path(), "1");
    let table_two = run_api(two.path(), "2");
    assert_eq!(table_one, table_two);
    for file in ["sweep.csv", "report.json"] {
        let a = std::fs::read(one.path().join(file)).unwrap();
        let b = std::fs::read(two.path().join(file)).unwrap();
        assert!(a == b, "{file} differs between --jobs 1 and --jobs 2");
    }
}

#[test]
fn a_different_seed_gives_different_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let a = run_api(dir.path(), "2");
    let b = Command::cargo_bin("costsim")
        .unwrap()
        .args(["run", "scenarios/api.toml", "--memory", "256,1024,1769", "--replications", "2", "--seed", "7"])
        .args(["--date", "2026-01-15", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_ne!(a, String::from_utf8(b.stdout).unwrap());
}

#[test]
fn every_shipped_scenario_runs() {
    for name in ["api", "image-resize", "nightly-batch", "queue-worker"] {
        let dir = tempfile::tempdir().unwrap();
        Command::cargo_bin("costsim")
            .unwrap()
            .args([
                "run",
                &format!("scenarios/{name}.toml"),
                "--replications",
                "1",
                "--horizon-hours",
                "6",
                "--quiet",
                "--out",
            ])
            .arg(dir.path())
            .assert()
            .success()
            // --quiet: nothing on standard error; the table still goes to standard output.
            .stderr(predicate::str::is_empty())
            .stdout(predicate::str::contains(" Recommendations"));
        assert!(dir.path().join("report.json").exists(), "{name}");
    }
}

#[test]
fn a_bad_scenario_is_located_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string("scenarios/api.toml").unwrap().replace("cv = 0.35", "cv = -0.35");
    std::fs::write(&bad, text).unwrap();
    Command::cargo_bin("costsim")
        .unwrap()
        .arg("run")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(
            predicate::str::is_match(r"bad\.toml:[0-9]+:[0-9]+: cv must be between 0 and 5 \(got -0\.35\)").unwrap(),
        )
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn bad_overrides_are_explained() {
    for (args, message) in [
        // Each override is checked by the code that checks its key in the file, and the error names the flag.
        (vec!["--memory", "64,128"], "--memory 64,128: memory_mb sizes must be between 128 and 10240 MB (got 64)"),
        (vec!["--arch", "sparc"], "--arch sparc: unknown architecture 'sparc'"),
        (vec!["--replications", "0"], "--replications 0: replications must be between 1 and 100 (got 0)"),
        (vec!["--horizon-hours", "0"], "--horizon-hours 0: horizon_hours must be between 1 and 730 h (got 0)"),
        (vec!["--jobs", "0"], "--jobs must be at least 1"),
    ] {
        Command::cargo_bin("costsim")
            .unwrap()
            .args(["run", "scenarios/api.toml"])
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(message));
    }
}
