//! The charts of a real run: `costsim run scenarios/api.toml`, read back from its JSON report, render as
//! complete SVG documents with their titles, axis titles, legends and recommendation labels.

use assert_cmd::Command;
use costsim::report::charts;
use costsim::report::run::RunReport;

fn api_report() -> RunReport {
    let dir = tempfile::tempdir().expect("a temporary folder");
    Command::cargo_bin("costsim")
        .expect("the binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "scenarios/api.toml", "--replications", "1", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let path = dir.path().join("report.json");
    let text = std::fs::read_to_string(&path).expect("report.json written");
    RunReport::from_json(&path.to_string_lossy(), &text).expect("the report reads back")
}

#[test]
fn every_chart_of_the_api_scenario_renders() {
    let report = api_report();
    let charts = charts::all(&report);
    let names: Vec<&str> = charts.iter().map(|c| c.file_name()).collect();
    assert_eq!(names, ["power-tuning.svg", "bill.svg", "latency.svg", "concurrency.svg", "pareto.svg"]);
    for c in &charts {
        assert!(c.svg.starts_with("<svg"), "{}", c.file_name());
        assert!(c.svg.trim_end().ends_with("</svg>"), "{}", c.file_name());
        assert!(c.svg.len() > 2_000, "{} has content", c.file_name());
        assert!(c.title.starts_with("api: "), "{}", c.title);
        assert!(c.svg.contains(&c.title), "{} shows its title", c.file_name());
        assert!(!c.svg.contains("could not be drawn"), "{}", c.file_name());
        assert!(!c.svg.contains("No feasible setting"), "{}: the api scenario has feasible settings", c.file_name());
    }
    let svg = |name: &str| &charts.iter().find(|c| c.file_name() == name).expect("chart").svg;
    // Both swept architectures in their fixed colours, with the recommendations labelled.
    for name in ["power-tuning.svg", "pareto.svg"] {
        for text in ["x86_64", "arm64", "cost · ", "speed · ", "balanced · ", "#0072B2", "#D55E00"] {
            assert!(svg(name).contains(text), "{name} has {text}");
        }
    }
    // The scenario runs out of memory at 128 MB (required_memory_mb = 160).
    assert!(svg("power-tuning.svg").contains("OOM"));
    assert!(svg("bill.svg").contains("free-tier credit"));
    assert!(svg("latency.svg").contains("p99.9"));
    assert!(svg("concurrency.svg").contains("Busy environments"));
}
