//! `costsim render` on an application's report.json: every text output equal to what `run` wrote, and a damaged
//! report refused with the place of the fault.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

/// Two inline functions, one hour, one replication, two sizes each: the smallest application that runs (its
/// comments say more).
const APP: &str = include_str!("data/apps/tiny.toml");

/// Runs the application into `dir/out`; returns that folder.
fn run_into(dir: &Path) -> std::path::PathBuf {
    let app = dir.join("app.toml");
    std::fs::write(&app, APP).unwrap();
    let out = dir.join("out");
    Command::cargo_bin("costsim").unwrap().arg("run").arg(&app).args(["--quiet", "--out"]).arg(&out).assert().success();
    out
}

fn render(report: &Path, format: &str) -> String {
    let out =
        Command::cargo_bin("costsim").unwrap().arg("render").arg(report).args(["--format", format]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn render_of_a_fleet_report_reproduces_what_run_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_into(dir.path());
    let report = out.join("report.json");
    for (format, file) in [("csv", "fleet.csv"), ("md", "summary.md"), ("json", "report.json"), ("html", "index.html")]
    {
        let written = std::fs::read_to_string(out.join(file)).unwrap();
        assert_eq!(render(&report, format), written, "{format} differs from {file}");
    }
    // The charts, as run wrote them.
    let charts = dir.path().join("charts");
    Command::cargo_bin("costsim")
        .unwrap()
        .arg("render")
        .arg(&report)
        .args(["--format", "svg", "--out"])
        .arg(&charts)
        .assert()
        .success();
    for name in ["fleet-savings.svg", "fleet-concurrency.svg", "fleet-bill.svg"] {
        assert_eq!(
            std::fs::read_to_string(charts.join(name)).unwrap(),
            std::fs::read_to_string(out.join("charts").join(name)).unwrap(),
            "{name}"
        );
    }
}

/// Line and column (from 1) of byte `offset` of `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

#[test]
fn a_damaged_fleet_report_is_refused_where_it_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_into(dir.path());
    let text = std::fs::read_to_string(out.join("report.json")).unwrap();
    // Functions are written in the application's order: the first "adopted" is front's, which has 3 points.
    let key = "\"adopted\": ";
    let at = text.find(key).unwrap() + key.len();
    let end = at + text[at..].find(|c: char| !c.is_ascii_digit()).unwrap();
    let bad = format!("{}99{}", &text[..at], &text[end..]);
    let path = dir.path().join("adopted.json");
    std::fs::write(&path, &bad).unwrap();
    let (line, col) = line_col(&bad, at);
    Command::cargo_bin("costsim").unwrap().arg("render").arg(&path).assert().code(1).stderr(predicate::str::contains(
        format!(
            "adopted.json:{line}:{col}: not a costsim fleet report: point 99 does not exist: the report has 3 point(s)"
        ),
    ));

    // A negative cost: front's cost today, the first "monthly_cost" after its "now".
    let now = text.find("\"now\": {").unwrap();
    let key = "\"monthly_cost\": ";
    let at = now + text[now..].find(key).unwrap() + key.len();
    let bad = format!("{}-{}", &text[..at], &text[at..]);
    let path = dir.path().join("negative.json");
    std::fs::write(&path, &bad).unwrap();
    let (line, col) = line_col(&bad, at);
    Command::cargo_bin("costsim")
        .unwrap()
        .arg("render")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "negative.json:{line}:{col}: not a costsim fleet report: a monthly cost"
        )))
        .stderr(predicate::str::contains("must be ≥ 0"));

    // Another layout version, and not JSON at all.
    let path = dir.path().join("v3.json");
    std::fs::write(&path, text.replacen("\"schema_version\": 2", "\"schema_version\": 3", 1)).unwrap();
    Command::cargo_bin("costsim")
        .unwrap()
        .arg("render")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("fleet report schema_version 3"))
        .stderr(predicate::str::contains("upgrade costsim to render it"));
    let path = dir.path().join("cut.json");
    std::fs::write(&path, &text[..text.len() / 2]).unwrap();
    Command::cargo_bin("costsim")
        .unwrap()
        .arg("render")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not valid JSON"));
}
