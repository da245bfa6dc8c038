//! `costsim price` with the event sources: the SQS, API and schedule flags and sheet columns, end to end.
//! Expected totals are worked out by hand from the us-east-1 rates (see tests/event_sources.rs).

use assert_cmd::Command;
use predicates::prelude::*;
use rust_decimal::Decimal;

fn costsim() -> Command {
    Command::cargo_bin("costsim").unwrap()
}

/// A function with no Lambda cost of its own (0 requests of 0 ms), so that the total is the event sources'.
const ZERO: [&str; 9] =
    ["price", "--requests", "0", "--duration-ms", "0", "--memory-mb", "128", "--date", "2026-01-15"];

/// Standard output of a successful `costsim ARGS`.
fn stdout_of(args: &[&str]) -> String {
    String::from_utf8(costsim().args(args).assert().success().get_output().stdout.clone()).unwrap()
}

fn total_of(extra: &[&str]) -> Decimal {
    let out = stdout_of(&[&ZERO[..], extra, &["--format", "json"]].concat());
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    json["monthly_cost_usd"].to_string().parse().unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// `text` written to a sheet in a new temporary folder (kept while the folder lives).
fn sheet_file(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.csv");
    std::fs::write(&path, text).unwrap();
    (dir, path.display().to_string())
}

#[test]
fn flags_price_each_event_source() {
    // (50M − 1M) × $0.40/M = $19.60.
    assert_eq!(total_of(&["--sqs-requests", "50M"]), d("19.6"));
    // FIFO: (50M − 1M) × $0.50/M = $24.50. With 100 KB payloads each request is 2: (100M − 1M) × 0.50 = $49.50.
    assert_eq!(total_of(&["--sqs-requests", "50M", "--sqs-fifo"]), d("24.5"));
    assert_eq!(total_of(&["--sqs-requests", "50M", "--sqs-fifo", "--sqs-payload-kb", "100"]), d("49.5"));
    // 333M × 3.50 + 667M × 2.80 = 1,165.50 + 1,867.60 = $3,033.10; the 12-month free tier takes $3.50 off.
    assert_eq!(total_of(&["--api-requests", "1B", "--api-kind", "rest_api"]), d("3033.1"));
    assert_eq!(total_of(&["--api-requests", "1B", "--api-kind", "rest", "--twelve-month-free-tier"]), d("3029.6"));
    // HTTP API, 600 KB requests: 2 calls each, 20M × $1.00/M = $20. Function URLs: nothing.
    assert_eq!(total_of(&["--api-requests", "10M", "--api-kind", "http_api", "--api-payload-kb", "600"]), d("20"));
    assert_eq!(total_of(&["--api-requests", "10M", "--api-kind", "function_url"]), d("0"));
    // (20M − 14M) × $1.00/M = $6.00; a legacy rule costs nothing.
    assert_eq!(total_of(&["--scheduler-invocations", "20M"]), d("6"));
    assert_eq!(total_of(&["--scheduler-invocations", "20M", "--schedule-kind", "rule"]), d("0"));
    // No free tier at all: 50 × 0.40 + 20 × 1.00 = $40.
    assert_eq!(total_of(&["--sqs-requests", "50M", "--scheduler-invocations", "20M", "--no-free-tier"]), d("40"));
}

#[test]
fn the_table_shows_each_charge_as_its_own_line() {
    let extra = ["--sqs-requests", "50M", "--api-requests", "1B", "--api-kind", "rest_api"];
    let out = stdout_of(&[&ZERO[..], &extra, &["--scheduler-invocations", "20M"]].concat());
    for line in [
        "├─ SQS requests (standard, first 100B)",
        "├─ API Gateway REST requests (first 333M)",
        "├─ API Gateway REST requests (next 667M)",
        "└─ EventBridge Scheduler invocations",
        "├─ Free tier (account): SQS requests (standard, us-east-1)",
        "└─ Free tier (account): EventBridge Scheduler invocations (us-east-1)",
    ] {
        assert!(out.contains(line), "{line} missing in\n{out}");
    }
    // 19.60 + 3,033.10 + 6.00 = $3,058.70.
    let total = out.lines().find(|l| l.starts_with(" OVERALL TOTAL")).unwrap();
    assert!(total.ends_with("$3,058.70"), "{total}");
}

fn rejects(args: &[&str], message: &str) {
    costsim().args(ZERO).args(args).assert().failure().code(1).stderr(predicate::str::contains(message));
}

#[test]
fn bad_event_flags_are_explained() {
    rejects(&["--api-requests", "5M"], "--api-kind must say which API receives the api_requests");
    rejects(&["--api-requests", "5M", "--api-kind", "soap"], "--api-kind: unknown API kind 'soap'");
    rejects(&["--sqs-requests", "-5"], "--sqs-requests must be zero or more (got '-5')");
    rejects(&["--sqs-requests", "5M", "--sqs-payload-kb", "20000"], "--sqs-payload-kb must be between 0 and 10240 KB");
    rejects(
        &["--api-requests", "5M", "--api-kind", "rest_api", "--api-payload-kb", "5"],
        "--api-payload-kb applies to HTTP APIs only",
    );
    rejects(
        &["--scheduler-invocations", "5M", "--schedule-kind", "cron"],
        "--schedule-kind: unknown schedule kind 'cron'",
    );
    // Outside us-east-1 the event prices are us-east-1's, marked as estimates (~): priced, and said so.
    // 5M − 1M free = 4M × $0.40 = $1.60.
    let out = costsim().args(ZERO).args(["--sqs-requests", "5M", "--region", "eu-west-1"]).assert().success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(out.contains("SQS requests (standard, first 100B) ~"), "{out}");
    assert!(out.lines().any(|l| l.starts_with(" OVERALL TOTAL") && l.ends_with("$1.60")), "{out}");
}

#[test]
fn sheet_columns_price_the_event_sources_as_one_account() {
    // a: 600k standard SQS requests; b: 900k, 20M Scheduler invocations; c: 400M HTTP API calls.
    // SQS: 1.5M − 1M free = 0.5M × $0.40/M = $0.20. Scheduler: (20M − 14M) × $1.00/M = $6.00.
    // HTTP: 300M × $1.00/M + 100M × $0.90/M = $390. Total $396.20 (no Lambda usage).
    let (_dir, sheet) = sheet_file(
        "name,region,architecture,memory_mb,monthly_requests,avg_duration_ms,sqs_requests,scheduler_invocations,api_requests,api_kind\n\
         a,us-east-1,x86_64,128,0,0,600k,,,\n\
         b,us-east-1,arm64,128,0,0,900k,20M,,\n\
         c,us-east-1,x86_64,128,0,0,,,400M,http_api\n",
    );
    let out = stdout_of(&["price", "--input", &sheet, "--date", "2026-01-15", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["monthly_cost_usd"].to_string().parse::<Decimal>().unwrap(), d("396.2"));
    let cost = |i: usize| json["functions"][i]["monthly_cost_usd"].to_string().parse::<Decimal>().unwrap();
    // Before credits: a 0.6 × 0.40 = 0.24; b 0.9 × 0.40 + 20 × 1.00 = 20.36; c 390.
    assert_eq!((cost(0), cost(1), cost(2)), (d("0.24"), d("20.36"), d("390")));
}

#[test]
fn a_bad_event_cell_is_located() {
    let (_dir, path) = sheet_file(
        "name,region,architecture,memory_mb,monthly_requests,avg_duration_ms,api_requests,api_kind,sqs_fifo\n\
         a,us-east-1,x86_64,128,0,0,5M,grpc,\n\
         b,us-east-1,x86_64,128,0,0,5M,,\n\
         c,us-east-1,x86_64,128,0,0,,,maybe\n",
    );
    costsim()
        .args(["price", "--input", &path])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(format!("{path}:2:8: unknown API kind 'grpc'")))
        .stderr(predicate::str::contains(format!("{path}:3:8: api_kind must say which API receives the api_requests")))
        .stderr(predicate::str::contains(format!("{path}:4:9: sqs_fifo must be true or false (got 'maybe')")));
}

#[test]
fn help_names_the_event_flags() {
    let help = stdout_of(&["price", "--help"]);
    for flag in [
        "--sqs-requests",
        "--sqs-fifo",
        "--sqs-payload-kb",
        "--api-requests",
        "--api-kind",
        "--api-payload-kb",
        "--scheduler-invocations",
        "--schedule-kind",
        "--twelve-month-free-tier",
    ] {
        assert!(help.contains(flag), "{flag} missing in --help");
    }
}
