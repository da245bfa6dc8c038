//! `costsim render`: every output of a run re-rendered from report.json alone, equal to what `run` wrote;
//! versioned reports; and the HTML page rendered by a real browser (headless Chromium).

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use predicates::prelude::*;

/// A small run of the api scenario into `dir`.
fn run_into(dir: &Path) {
    Command::cargo_bin("costsim")
        .unwrap()
        .args([
            "run",
            "scenarios/api.toml",
            "--memory",
            "128,512,1769",
            "--replications",
            "2",
            "--date",
            "2026-01-15",
            "--quiet",
            "--out",
        ])
        .arg(dir)
        .assert()
        .success();
}

fn render(report: &Path, format: &str) -> String {
    let out =
        Command::cargo_bin("costsim").unwrap().arg("render").arg(report).args(["--format", format]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn render_reproduces_every_file_run_wrote() {
    let dir = tempfile::tempdir().unwrap();
    run_into(dir.path());
    let report = dir.path().join("report.json");
    for (format, file) in [("csv", "sweep.csv"), ("md", "summary.md"), ("json", "report.json")] {
        let written = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert_eq!(render(&report, format), written, "{format} differs from {file}");
    }
    let html = dir.path().join("again.html");
    Command::cargo_bin("costsim")
        .unwrap()
        .arg("render")
        .arg(&report)
        .args(["--format", "html", "--out"])
        .arg(&html)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(html).unwrap(), std::fs::read_to_string(dir.path().join("index.html")).unwrap());
}

#[test]
fn reports_of_another_schema_version_are_refused_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    run_into(dir.path());
    let text = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
    // Version 3 wrote the recommendations as sentences; version 4 keeps their numbers and reads no older one.
    for (version, advice) in [("5", "upgrade costsim to render it"), ("3", "re-run the scenario with this costsim")] {
        let path = dir.path().join(format!("v{version}.json"));
        std::fs::write(&path, text.replacen("\"schema_version\": 4", &format!("\"schema_version\": {version}"), 1))
            .unwrap();
        Command::cargo_bin("costsim")
            .unwrap()
            .arg("render")
            .arg(&path)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!("report schema_version {version} (written by costsim")))
            .stderr(predicate::str::contains(advice))
            .stderr(predicate::str::contains("reads schema_version 4: "));
    }
    let bad = dir.path().join("bill.json");
    std::fs::write(&bad, "{\"kind\": \"costsim.bill\", \"schema_version\": 1}").unwrap();
    Command::cargo_bin("costsim")
        .unwrap()
        .arg("render")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a costsim run report"));
}

/// The Chromium binary: $CHROMIUM, else `chromium` or `chromium-browser` on PATH. `.ci/run` installs it.
fn chromium() -> String {
    if let Ok(path) = std::env::var("CHROMIUM") {
        return path;
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if Process::new(name).arg("--version").output().is_ok_and(|o| o.status.success()) {
            return name.to_string();
        }
    }
    panic!("headless Chromium is needed to test the HTML report: install it (apt-get install chromium; .ci/run does) or set CHROMIUM");
}

#[test]
fn html_report_renders_in_a_real_browser_with_every_part() {
    let dir = tempfile::tempdir().unwrap();
    run_into(dir.path());
    let page = dir.path().join("index.html");
    let profile = tempfile::tempdir().unwrap();
    let out = Process::new(chromium())
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    let dom = String::from_utf8(out.stdout).unwrap();
    for id in ["recommendations", "sweep", "bill", "scenario", "prices", "assumptions"] {
        assert!(dom.contains(&format!("id=\"{id}\"")), "section {id} missing");
    }
    // 3 memory sizes × 2 architectures = 6 rows in the sweep table, and today's x86_64 1024 MB (api.toml's
    // [current], outside this sweep): 7.
    let sweep = &dom[dom.find("id=\"sweep-table\"").unwrap()..];
    let sweep = &sweep[..sweep.find("</table>").unwrap()];
    assert_eq!(sweep.matches("<tr").count(), 1 + 7, "header + one row per point");
    assert!(dom.contains("Cost-optimal") && dom.contains("Speed-optimal") && dom.contains("Balanced"));
    assert!(dom.matches("class=\"bill\"").count() >= 1, "the bill of the recommended setting");
    let charts = costsim::report::run::charts(
        &costsim::report::run::RunReport::from_json(
            "r",
            &std::fs::read_to_string(dir.path().join("report.json")).unwrap(),
        )
        .unwrap(),
    );
    assert_eq!(dom.matches("<figure").count(), charts.len(), "one figure per chart");
    for c in &charts {
        assert!(dom.contains(&c.title), "chart '{}' missing", c.title);
    }
}
