//! `costsim price` end to end: every output format, the budgeting sheet, and bad input.
//! Expected totals are worked out by hand from the published us-east-1 rates.

use assert_cmd::Command;
use predicates::prelude::*;
use rust_decimal::Decimal;

fn costsim() -> Command {
    Command::cargo_bin("costsim").unwrap()
}

/// AWS's pricing-page example: 3M requests of 1 s at 512 MB = 1.5M GB-s;
/// (1.5M − 0.4M) × 0.0000166667 + (3M − 1M) × 0.20/M = 18.33337 + 0.40 = 18.73337.
const EXAMPLE: [&str; 9] =
    ["price", "--requests", "3M", "--duration-ms", "1000", "--memory-mb", "512", "--date", "2026-01-15"];

fn stdout_of(extra: &[&str]) -> String {
    let out = costsim().args(EXAMPLE).args(extra).assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn sum_column(csv_text: &str, column: &str) -> Decimal {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let i = r.headers().unwrap().iter().position(|h| h == column).unwrap();
    r.records().map(|rec| rec.unwrap()[i].parse::<Decimal>().unwrap()).sum()
}

#[test]
fn table_is_an_itemised_breakdown_with_a_total() {
    let out = stdout_of(&[]);
    assert!(out.contains(" function (us-east-1, x86_64, 512 MB)"), "{out}");
    assert!(out.contains("├─ Requests"), "{out}");
    assert!(out.contains("└─ Duration (first 6B GB-s)"), "{out}");
    assert!(out.contains("1,500,000  GB-s"), "{out}");
    assert!(out.contains("$0.0000166667"), "{out}");
    assert!(out.contains("-$6.67"), "{out}"); // 400,000 × 0.0000166667 = 6.66668
    let last = out.lines().rfind(|l| !l.is_empty()).unwrap();
    assert!(last.starts_with(" OVERALL TOTAL") && last.ends_with("$18.73"), "{last}");
}

#[test]
fn json_has_the_total_in_monthly_cost_usd() {
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&["--format", "json"])).unwrap();
    assert_eq!(v["monthly_cost_usd"], serde_json::json!(18.73));
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["lines"].as_array().unwrap().len(), 4);
    assert_eq!(v["functions"][0]["usage"]["duration_gb_s"], serde_json::json!(1500000.0));
}

#[test]
fn csv_has_fixed_units_and_sums_to_the_total() {
    let out = stdout_of(&["--format", "csv"]);
    assert!(out.starts_with(
        "function,region,architecture,memory_mb,monthly_requests,requests_usd,duration_gb_s,duration_usd"
    ));
    assert!(!out.contains('$'));
    assert_eq!(sum_column(&out, "monthly_cost_usd"), "18.73337".parse().unwrap());
}

#[test]
fn markdown_is_a_table_with_the_total() {
    let out = stdout_of(&["--format", "markdown"]);
    assert!(out.starts_with("| Name | Monthly Qty | Unit | Unit Price | Monthly Cost |"));
    assert!(out.contains("| **Overall total** | | | | **$18.73** |"), "{out}");
}

#[test]
fn requests_accept_suffixes_and_separators() {
    for spelling in ["3M", "3000k", "3_000_000", "3,000,000"] {
        let out = costsim()
            .args([
                "price",
                "--requests",
                spelling,
                "--duration-ms",
                "1000",
                "--memory-mb",
                "512",
                "--date",
                "2026-01-15",
            ])
            .args(["--format", "json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["monthly_cost_usd"], serde_json::json!(18.73), "{spelling}");
    }
}

const SHEET: &str = "name,region,architecture,memory_mb,monthly_requests,avg_duration_ms
a,us-east-1,x86_64,512,3M,1000
b,us-east-1,arm64,1024,2M,500
";

#[test]
fn sheet_is_priced_as_one_account_with_one_free_tier() {
    // a: 3M × 1 s × 0.5 GB = 1,500,000 GB-s x86; b: 2M × 0.5 s × 1 GB = 1,000,000 GB-s arm64.
    // Rows at list price: a = 0.60 + 1.5M × 0.0000166667 = 25.60005; b = 0.40 + 1M × 0.0000133334 = 13.7334.
    // Free tier once: −1M requests × 0.20/M = −0.20; −400,000 GB-s at x86's rate (the higher) = −6.66668.
    // Total 32.46677.
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("functions.csv");
    std::fs::write(&sheet, SHEET).unwrap();
    let out = costsim()
        .args(["price", "--date", "2026-01-15", "--input"])
        .arg(&sheet)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<(String, String)> =
        r.records().map(|x| x.unwrap()).map(|x| (x[0].to_string(), x[17].to_string())).collect();
    assert_eq!(
        rows,
        [
            ("a".to_string(), "25.60005".to_string()),
            ("b".into(), "13.7334".into()),
            ("(Free tier: requests (us-east-1))".into(), "-0.2".into()),
            ("(Free tier: duration (us-east-1, x86_64))".into(), "-6.66668".into()),
        ]
    );
    assert_eq!(sum_column(&out, "monthly_cost_usd"), "32.46677".parse().unwrap());
}

#[test]
fn sheet_output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("functions.csv");
    let budget = dir.path().join("out/budget.csv");
    std::fs::write(&sheet, SHEET).unwrap();
    costsim()
        .args(["price", "--date", "2026-01-15", "--input"])
        .arg(&sheet)
        .arg("--output")
        .arg(&budget)
        .assert()
        .success()
        .stderr(predicate::str::contains("monthly total $32.47"));
    assert_eq!(sum_column(&std::fs::read_to_string(&budget).unwrap(), "monthly_cost_usd"), "32.46677".parse().unwrap());
    assert_eq!(std::fs::read_dir(dir.path().join("out")).unwrap().count(), 1, "no temporary file left behind");
}

#[test]
fn the_shipped_example_sheet_prices() {
    costsim().args(["price", "--input", "scenarios/functions.csv", "--format", "table"]).assert().success();
}

#[test]
fn a_bad_row_is_located_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("functions.csv");
    let budget = dir.path().join("budget.csv");
    std::fs::write(&sheet, format!("{SHEET}c,us-east-1,x86_64,64,1M,100\nd,us-east-1,sparc,512,1M,100\n")).unwrap();
    let shown = sheet.display().to_string();
    costsim()
        .args(["price", "--input"])
        .arg(&sheet)
        .arg("--output")
        .arg(&budget)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{shown}:4:4: memory_mb must be between 128 and 10240 MB (got 64)")))
        .stderr(predicate::str::contains(format!("{shown}:5:3: unknown architecture 'sparc' (allowed: x86_64, arm64)")))
        .stderr(predicate::str::contains("nothing was written"));
    assert!(!budget.exists());
    // --keep-going prices the valid rows, writes them, and still exits 1.
    costsim().args(["price", "--keep-going", "--input"]).arg(&sheet).arg("--output").arg(&budget).assert().code(1);
    let written = std::fs::read_to_string(&budget).unwrap();
    assert!(written.contains("\na,") && written.contains("\nb,") && !written.contains("\nc,"));
}

#[test]
fn an_unknown_column_suggests_the_right_one() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("f.csv");
    std::fs::write(&sheet, "name,region,architecture,memory,monthly_requests,avg_duration_ms\n").unwrap();
    costsim()
        .args(["price", "--input"])
        .arg(&sheet)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(":1:4: unknown column 'memory' (did you mean 'memory_mb'?)"));
}

fn rejects(args: &[&str], message: &str) {
    costsim()
        .arg("price")
        .args(args)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(message))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn bad_flags_are_explained() {
    let base = ["--requests", "1M", "--duration-ms", "100", "--memory-mb", "512"];
    let with = |flag: &str, value: &str| {
        let mut v: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        match v.iter().position(|a| a == flag) {
            Some(i) => v[i + 1] = value.to_string(),
            None => v.extend([flag.to_string(), value.to_string()]),
        }
        v
    };
    let run = |args: Vec<String>, msg: &str| rejects(&args.iter().map(String::as_str).collect::<Vec<_>>(), msg);
    run(with("--requests", "-5"), "--requests must be zero or more (got '-5')");
    run(with("--duration-ms", "NaN"), "--duration-ms 'NaN' is not a number");
    run(with("--duration-ms", "inf"), "--duration-ms 'inf' is not a number");
    run(with("--memory-mb", "64"), "--memory-mb must be between 128 and 10240 MB (got 64)");
    run(with("--memory-mb", "10241"), "--memory-mb must be between 128 and 10240 MB (got 10241)");
    run(with("--region", "us-east1"), "unknown region 'us-east1' (did you mean 'us-east-1'?)");
    run(with("--arch", "sparc"), "unknown architecture 'sparc' (allowed: x86_64, arm64)");
    run(with("--ephemeral-mb", "100"), "--ephemeral-mb must be between 512 and 10240 MB (got 100)");
    run(with("--savings-plan", "100"), "--savings-plan must be a percentage from 0 to below 100");
    run(with("--date", "2026-13-01"), "--date must be a date written YYYY-MM-DD");
}

#[test]
fn a_malformed_catalog_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let broken = costsim::pricing::BUILT_IN.replacen("granularity_ms = 1", "granularity_ms = \"one\"", 1);
    std::fs::write(dir.path().join("aws-lambda.toml"), broken).unwrap();
    let shown = dir.path().join("aws-lambda.toml").display().to_string();
    costsim()
        .args(["price", "--requests", "1M", "--duration-ms", "100", "--memory-mb", "512", "--pricing"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(
            predicate::str::is_match(format!(
                "error: {}:[0-9]+:[0-9]+: invalid type: string \"one\", expected u32",
                regex_escape(&shown)
            ))
            .unwrap(),
        );
}

#[test]
fn a_missing_catalog_is_an_io_error() {
    costsim()
        .args([
            "price",
            "--requests",
            "1M",
            "--duration-ms",
            "100",
            "--memory-mb",
            "512",
            "--pricing",
            "/nonexistent/dir",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read pricing catalog '/nonexistent/dir'"));
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_alphanumeric() || c == '/' || c == '-' || c == '_' { c.to_string() } else { format!("\\{c}") })
        .collect()
}
