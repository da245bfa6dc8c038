//! `costsim render`: every output of a run re-rendered from report.json alone, equal to what `run` wrote;
//! versioned reports; and the HTML page rendered by a real browser (headless Chromium; `html_report.rs` measures
//! it on a phone, a wide screen and paper).

mod html_browser;

use std::path::Path;

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

#[test]
fn html_report_renders_in_a_real_browser_with_every_part() {
    let dir = tempfile::tempdir().unwrap();
    run_into(dir.path());
    let dom = html_browser::dump_dom(&dir.path().join("index.html"), &[]);
    for id in ["summary", "recommendations", "charts", "sweep", "bill", "scenario", "prices", "assumptions"] {
        assert!(dom.contains(&format!("id=\"{id}\"")), "section {id} missing");
        if id != "summary" {
            assert!(dom.contains(&format!("<a href=\"#{id}\">")), "section {id} not in the contents");
        }
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
        assert!(
            dom.contains(&format!("href=\"charts/{}\"", c.file_name())),
            "chart '{}' does not open full size",
            c.title
        );
        assert!(dir.path().join("charts").join(c.file_name()).is_file(), "{} not written", c.file_name());
    }
}
