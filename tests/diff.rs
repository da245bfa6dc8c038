//! `costsim diff` with the built binary: exit codes of the `--fail-above` guardrail on report.json files whose
//! costs are set by hand (real reports of a tiny run, their today's cost rewritten), fleet reports with added and
//! removed functions, refusals of bad input, and an end-to-end diff of two runs of `scenarios/api.toml` that differ
//! only in today's memory.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use predicates::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

/// The gate's exit status (`costsim diff --help` documents it).
const GATE: i32 = 3;

/// `scenarios/api.toml` with today's memory set to `memory_mb` (it is 1024 MB there).
fn api_scenario(dir: &Path, memory_mb: u32) -> PathBuf {
    let text = std::fs::read_to_string("scenarios/api.toml").unwrap();
    let today = "[current]                 # what the function runs with today: every recommendation is compared with it\nmemory_mb = 1024";
    assert!(text.contains(today), "scenarios/api.toml no longer states [current] as this test expects");
    let text = text.replace(today, &format!("[current]\nmemory_mb = {memory_mb}"));
    let path = dir.join(format!("api-{memory_mb}.toml"));
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `scenario` for 1 hour, 1 replication, at 512 and 1024 MB on x86_64, into `out`.
fn run(scenario: &Path, out: &Path) {
    Command::cargo_bin("costsim")
        .unwrap()
        .arg("run")
        .arg(scenario)
        .args(["--horizon-hours", "1", "--replications", "1", "--memory", "512,1024", "--arch", "x86_64"])
        .args(["--date", "2026-12-01", "--quiet", "--out"])
        .arg(out)
        .assert()
        .success();
}

/// A folder kept for the whole test binary, holding `base/` (api at 1024 MB today) and `head/` (512 MB).
fn api_reports() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        run(&api_scenario(dir.path(), 1024), &dir.path().join("base"));
        run(&api_scenario(dir.path(), 512), &dir.path().join("head"));
        dir
    })
    .path()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A JSON number exactly as written (`100.00`), as the reports hold money.
fn number(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn decimal(v: &Value) -> Decimal {
    v.to_string().parse().unwrap_or_else(|e| panic!("{v} is not a decimal: {e}"))
}

/// The base run report with today's monthly cost set to `cost`, written as `dir/name.json`.
fn run_report_costing(dir: &Path, name: &str, cost: &str) -> PathBuf {
    let mut r = read_json(&api_reports().join("base/report.json"));
    let today = r["recommendations"]["current"].as_u64().expect("the report states today's setting") as usize;
    r["points"][today]["monthly_cost"] = number(cost);
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&r).unwrap()).unwrap();
    path
}

fn diff(base: &Path, head: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("costsim").unwrap().arg("diff").arg(base).arg(head).args(args).assert()
}

#[test]
fn a_percent_limit_fails_strictly_above_it_with_its_own_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let base = run_report_costing(dir.path(), "base", "100.00");
    // 109.99 − 100 = +9.99%: within 10%.
    let within = run_report_costing(dir.path(), "within", "109.99");
    diff(&base, &within, &["--fail-above", "10%"])
        .success()
        .stdout(predicate::str::contains(" Monthly cost +$9.99 (+10.0%): $100.00 → $109.99\n"));
    // 110.01 − 100 = +10.01%: 0.01 point above; the diff is printed first, then the one-line reason.
    let above = run_report_costing(dir.path(), "above", "110.01");
    diff(&base, &above, &["--fail-above", "10%"])
        .code(GATE)
        .stdout(predicate::str::contains(" Monthly cost +$10.01 (+10.0%): $100.00 → $110.01\n"))
        .stderr("error: the monthly cost rises by $10.01 (+10.0%), 0.01 percentage points above --fail-above 10%\n");
}

#[test]
fn an_amount_limit_fails_strictly_above_it_in_each_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let base = run_report_costing(dir.path(), "base", "100.00");
    // +50.00 is the limit itself; +50.01 is a cent above.
    let at = run_report_costing(dir.path(), "at", "150.00");
    let above = run_report_costing(dir.path(), "above", "150.01");
    for limit in ["50USD", "$50", "50 USD", "50usd"] {
        diff(&base, &at, &["--fail-above", limit]).success();
        diff(&base, &above, &["--fail-above", limit])
            .code(GATE)
            .stderr(predicate::str::contains("$0.01 above --fail-above 50 USD"));
    }
}

#[test]
fn a_decrease_never_fails() {
    let dir = tempfile::tempdir().unwrap();
    let base = run_report_costing(dir.path(), "base", "100.00");
    let cheaper = run_report_costing(dir.path(), "cheaper", "60.00");
    for limit in ["0%", "0USD"] {
        diff(&base, &cheaper, &["--fail-above", limit])
            .success()
            .stdout(predicate::str::contains("Monthly cost -$40.00 (-40.0%): $100.00 → $60.00"));
    }
}

#[test]
fn a_limit_that_is_not_one_is_refused_before_reading_the_reports() {
    for bad in ["10", "ten%", "-5%", "50 dollars", "1e3%"] {
        // The reports do not even exist: the limit is checked first.
        Command::cargo_bin("costsim")
            .unwrap()
            .args(["diff", "nope-base", "nope-head", "--fail-above", bad])
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::starts_with(
                "error: --fail-above takes a percent of BASE's monthly total (10%, 2.5%) or an amount a month \
                 (50USD, $50, 50 USD); got '",
            ));
    }
}

#[test]
fn the_gate_writes_the_diff_to_out_before_failing() {
    let dir = tempfile::tempdir().unwrap();
    let base = run_report_costing(dir.path(), "base", "100.00");
    let head = run_report_costing(dir.path(), "head", "120.00");
    let out = dir.path().join("diff.md");
    Command::cargo_bin("costsim")
        .unwrap()
        .arg("diff")
        .arg(&base)
        .arg(&head)
        .args(["--format", "md", "--fail-above", "10%", "--out"])
        .arg(&out)
        .assert()
        .code(GATE)
        .stdout("")
        .stderr(predicate::str::starts_with(format!("wrote {}\nerror: the monthly cost rises", out.display())));
    let md = std::fs::read_to_string(&out).unwrap();
    // 120 − 100 = +20, +20%; 20% − 10% = 10 points.
    assert!(
        md.starts_with("**Monthly cost +$20.00 (+20.0%): $100.00 → $120.00** · scenario api, today's settings\n"),
        "{md}"
    );
    assert!(md.contains("**Over the limit:** the monthly cost rises by $20.00 (+20.0%), 10 percentage points above --fail-above 10%."), "{md}");
}

#[test]
fn bad_input_is_refused_with_its_place_and_an_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let base = api_reports().join("base");
    // Not a report: the file and line:col.
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\n  \"kind\": \"costsim.run\",\n  \"schema_version\": 4,\n  oops\n}\n").unwrap();
    diff(&base, &broken, &[])
        .code(1)
        .stderr(predicate::str::starts_with(format!("error: {}:4:3: not valid JSON", broken.display())));
    // A folder without a report.json.
    diff(&base, dir.path(), &[]).code(1).stderr(predicate::str::contains("is a folder without a report.json"));
    // A file that does not exist is an I/O error.
    diff(&base, &dir.path().join("missing.json"), &[]).code(2).stderr(predicate::str::contains("cannot read"));
    // An unknown format is a usage error.
    diff(&base, &base, &["--format", "csv"]).code(2);
}

#[test]
fn help_documents_the_exit_statuses() {
    Command::cargo_bin("costsim")
        .unwrap()
        .args(["diff", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit status:"))
        .stdout(predicate::str::contains("3  the monthly total rose by more than --fail-above (strictly)"))
        .stdout(predicate::str::contains("1  invalid input"));
}

#[test]
fn two_runs_of_the_api_differ_by_what_their_reports_say() {
    let dir = api_reports();
    let out = Command::cargo_bin("costsim")
        .unwrap()
        .arg("diff")
        .arg(dir.join("base"))
        .arg(dir.join("head"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    let today = |r: &Value| {
        let i = r["recommendations"]["current"].as_u64().unwrap() as usize;
        r["points"][i].clone()
    };
    let (b, h) = (today(&read_json(&dir.join("base/report.json"))), today(&read_json(&dir.join("head/report.json"))));
    assert_eq!((b["memory_mb"].as_u64(), h["memory_mb"].as_u64()), (Some(1024), Some(512)));
    // The total is today's monthly cost on each side, exactly, and the change is head − base.
    let (base, head) = (decimal(&b["monthly_cost"]), decimal(&h["monthly_cost"]));
    assert_eq!(decimal(&d["total"]["base"]), base);
    assert_eq!(decimal(&d["total"]["head"]), head);
    assert_eq!(decimal(&d["total"]["change"]), head - base);
    // 22 ms of CPU at 1,769 MB takes 38 ms at 1024 MB and 76 ms at 512 MB, plus 28 ms of I/O: 66 ms × 1 GB
    // against 104 ms × 0.5 GB of duration, so the change is cheaper and slower.
    assert!(head < base, "512 MB should cost less than 1024 MB: {base} → {head}");
    let f = &d["functions"][0];
    assert_eq!((f["status"].as_str(), f["name"].as_str()), (Some("changed"), Some("api")));
    assert!(f["deltas"]["p50_ms"].as_f64().unwrap() > 0.0, "{f}");
    assert_eq!(d["base"]["basis"]["point"], "today");
    // And a decrease passes a 0% gate.
    diff(&dir.join("base"), &dir.join("head"), &["--fail-above", "0%"]).success();
}

#[test]
fn a_run_report_without_today_s_setting_compares_the_pick_on_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    let base = api_reports().join("base/report.json");
    let mut r = read_json(&base);
    let obj = r.as_object_mut().unwrap();
    obj["recommendations"].as_object_mut().unwrap().remove("current");
    let head = dir.path().join("no-current.json");
    std::fs::write(&head, serde_json::to_string_pretty(&r).unwrap()).unwrap();
    let out = Command::cargo_bin("costsim")
        .unwrap()
        .arg("diff")
        .arg(&base)
        .arg(&head)
        .args(["--pick", "cost"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8(out.stdout).unwrap();
    // The same report on both sides, at its cost pick: nothing changes, and the table says why it compares it.
    assert!(table.starts_with(" costsim diff · scenario api, the cost recommendation\n"), "{table}");
    assert!(
        table.contains("One report states no [current] setting, so both sides compare their cost recommendation"),
        "{table}"
    );
    assert!(table.contains(" Monthly cost unchanged: "), "{table}");
}

/// A fleet report of two functions (`front`, `back`), one hour, one replication.
fn fleet_report() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("app.toml");
        std::fs::write(&app, APP).unwrap();
        Command::cargo_bin("costsim")
            .unwrap()
            .arg("run")
            .arg(&app)
            .args(["--quiet", "--out"])
            .arg(dir.path().join("out"))
            .assert()
            .success();
        dir
    })
    .path()
}

/// The fleet report with the account's bill today set to `total` (one line, the others zero) and each
/// `(function, monthly cost today)` of `costs`; functions not named are removed, names with a `new:` prefix are
/// copies of `back` renamed.
fn fleet_costing(dir: &Path, name: &str, total: &str, costs: &[(&str, &str)]) -> PathBuf {
    let mut r = read_json(&fleet_report().join("out/report.json"));
    let lines = r["fleet"]["now"]["bill"]["lines"].as_array_mut().unwrap();
    for (i, l) in lines.iter_mut().enumerate() {
        l["cost"] = number(if i == 0 { total } else { "0" });
    }
    let all = r["fleet"]["functions"].as_array().unwrap().clone();
    let find = |n: &str| all.iter().find(|f| f["name"] == n).unwrap().clone();
    let functions: Vec<Value> = costs
        .iter()
        .map(|&(n, cost)| {
            let mut f = match n.strip_prefix("new:") {
                Some(new) => {
                    let mut f = find("back");
                    f["name"] = Value::String(new.into());
                    f
                }
                None => find(n),
            };
            f["now"]["monthly_cost"] = number(cost);
            f
        })
        .collect();
    r["fleet"]["functions"] = Value::Array(functions);
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&r).unwrap()).unwrap();
    path
}

#[test]
fn fleet_functions_are_matched_by_name_and_the_total_is_the_account_bill() {
    let dir = tempfile::tempdir().unwrap();
    // BASE: front $100.00, back $40.00; the bill $135.00 (free tier once).
    // HEAD: front $88.00, back gone, search (new) $52.40; the bill $147.40.
    let base = fleet_costing(dir.path(), "base", "135.00", &[("front", "100.00"), ("back", "40.00")]);
    let head = fleet_costing(dir.path(), "head", "147.40", &[("front", "88.00"), ("new:search", "52.40")]);
    let out = Command::cargo_bin("costsim")
        .unwrap()
        .arg("diff")
        .arg(&base)
        .arg(&head)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    // 147.40 − 135.00 = +12.40; 12.40 ÷ 135 = 9.185…%.
    assert_eq!(decimal(&d["total"]["change"]), "12.40".parse().unwrap());
    assert!((d["total"]["change_percent"].as_f64().unwrap() - 9.1852).abs() < 1e-4);
    let f = d["functions"].as_array().unwrap();
    let row =
        |i: usize| (f[i]["name"].as_str().unwrap(), f[i]["status"].as_str().unwrap(), decimal(&f[i]["cost"]["change"]));
    // front: 88 − 100 = −12; search: +52.40, added; back: −40, removed (listed last).
    assert_eq!(row(0), ("front", "changed", "-12.00".parse().unwrap()));
    assert_eq!(row(1), ("search", "added", "52.40".parse().unwrap()));
    assert_eq!(row(2), ("back", "removed", "-40.00".parse().unwrap()));
    // 9.19% is within 10% and above 9%.
    diff(&base, &head, &["--fail-above", "10%"]).success();
    diff(&base, &head, &["--fail-above", "9%"]).code(GATE);
    // The Markdown lists the three, the largest change first.
    let md = diff(&base, &head, &["--format", "md"]).success().get_output().stdout.clone();
    let md = String::from_utf8(md).unwrap();
    assert!(
        md.starts_with("**Monthly cost +$12.40 (+9.2%): $135.00 → $147.40** · application tiny, today's settings\n"),
        "{md}"
    );
    let names: Vec<&str> = md
        .lines()
        .take_while(|l| !l.contains("<details>"))
        .filter_map(|l| l.strip_prefix("| "))
        .map(|l| l.split(" |").next().unwrap())
        .collect();
    assert_eq!(names, ["function", "search *(added)*", "back *(removed)*", "front"], "{md}");
    assert!(
        md.contains("\n| back *(removed)* | x86_64 256 MB | $40.00 → – | -$40.00 (-100.0%) | – | – | – | – | – |\n"),
        "{md}"
    );
}

#[test]
fn a_run_report_against_a_fleet_report_is_refused() {
    let run = api_reports().join("base");
    let fleet = fleet_report().join("out");
    diff(&run, &fleet, &[]).code(1).stderr(
        predicate::str::contains("report.json is a single function's run report (costsim.run) but ")
            .and(predicate::str::contains("costsim diff compares two reports of one kind")),
    );
}

/// Two inline functions, `front` (sync) and `back` (async), one hour, one replication.
const APP: &str = include_str!("data/apps/tiny.toml");
