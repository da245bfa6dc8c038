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
    let total = out.lines().find(|l| l.starts_with(" OVERALL TOTAL")).unwrap();
    assert!(total.ends_with("$18.73"), "{total}");
    // The free tier is credited, so the footnote says whose it is: the account's, across regions.
    let last = out.lines().rfind(|l| !l.is_empty()).unwrap();
    assert!(
        last.starts_with(" Free tier (account): one allowance per account and month, across all regions"),
        "{last}"
    );
}

#[test]
fn totals_resting_on_derived_prices_say_so_in_json_and_csv() {
    // us-east-1 and af-south-1 (its request price now published): every price used is AWS's. me-central-1's
    // request price is assumed ($0.20): that bill rests on an estimate.
    for (region, estimated) in [("us-east-1", false), ("af-south-1", false), ("me-central-1", true)] {
        let v: serde_json::Value = serde_json::from_str(&stdout_of(&["--region", region, "--format", "json"])).unwrap();
        assert_eq!(v["priced_with_estimates"], serde_json::json!(estimated), "{region}");
        assert_eq!(v["functions"][0]["priced_with_estimates"], serde_json::json!(estimated), "{region}");
        let csv = stdout_of(&["--region", region, "--format", "csv"]);
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        let i = r.headers().unwrap().iter().position(|h| h == "priced_with_estimates").unwrap();
        let first = r.records().next().unwrap().unwrap();
        assert_eq!(&first[i], if estimated { "true" } else { "false" }, "{region}");
    }
}

#[test]
fn json_has_the_total_in_monthly_cost_usd() {
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&["--format", "json"])).unwrap();
    assert_eq!(v["monthly_cost_usd"], serde_json::json!(18.73));
    assert_eq!(v["schema_version"], 2);
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
            ("(Free tier (account): requests (us-east-1))".into(), "-0.2".into()),
            ("(Free tier (account): duration (us-east-1, x86_64))".into(), "-6.66668".into()),
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

// ----- issue 8: no input panics or silently changes the numbers ---------------------------------------------

/// The `monthly_cost_usd` cell of the row whose first column is `first`.
fn cost_of_row(csv_text: &str, first: &str) -> Decimal {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let i = r.headers().unwrap().iter().position(|h| h == "monthly_cost_usd").unwrap();
    let row = r.records().map(|x| x.unwrap()).find(|x| &x[0] == first).unwrap();
    row[i].parse().unwrap()
}

#[test]
fn huge_usage_from_flags_is_priced_not_a_panic() {
    // Panicked with "Multiplication overflowed" (exit 101): band × quantity overflowed on the way, not the result.
    // 90B requests × 900 s × 10 GB = 810,000,000,000,000 GB-s, plus INIT 90B × 10 s × 10 GB = 9,000,000,000,000:
    // T = 819,000,000,000,000 GB-s. Bands: 6B × 0.0000166667 = 100,000.2; 9B × 0.000015 = 135,000;
    // (T − 15B) = 818,985,000,000,000 × 0.0000133334 = 10,919,854,599. Requests 90,000 × $0.20 = 18,000.
    // Function: 10,920,107,599.2; free tier −0.20 − 400,000 × 0.0000166667 = −6.86668; total 10,920,107,592.33332.
    let out = costsim()
        .args(["price", "--requests", "90B", "--duration-ms", "900000", "--memory-mb", "10240"])
        .args(["--cold-start-ratio", "1", "--init-ms", "10000", "--date", "2026-01-15", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = String::from_utf8(out.stdout).unwrap();
    assert_eq!(cost_of_row(&out, "function").round_dp(2), "10920107599.20".parse().unwrap());
    assert_eq!(sum_column(&out, "monthly_cost_usd").round_dp(2), "10920107592.33".parse().unwrap());
}

#[test]
fn a_sheet_of_two_huge_rows_is_priced_not_a_panic() {
    // Panicked (exit 101). Each row: 31B × 900 s × 10 GB = 279,000,000,000,000 GB-s; the account T = 558e12.
    // Bands: 100,000.2 + 135,000 + (558e12 − 15e9) × 0.0000133334 = 7,440,072,199.2 in all; each row holds
    // half of every band (its usage is half of T): 3,720,036,099.6, plus 31,000 × $0.20 = 6,200 of requests.
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("huge.csv");
    std::fs::write(
        &sheet,
        "name,region,architecture,memory_mb,monthly_requests,avg_duration_ms\n\
         a,us-east-1,x86_64,10240,31B,900000\nb,us-east-1,x86_64,10240,31B,900000\n",
    )
    .unwrap();
    let out = costsim().args(["price", "--date", "2026-01-15", "--input"]).arg(&sheet).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let out = String::from_utf8(out.stdout).unwrap();
    assert_eq!(cost_of_row(&out, "a"), "3720042299.6".parse().unwrap());
    assert_eq!(cost_of_row(&out, "b"), "3720042299.6".parse().unwrap());
    // Free tier −6.86668: 7,440,084,599.2 − 6.86668 = 7,440,084,592.33332.
    assert_eq!(sum_column(&out, "monthly_cost_usd"), "7440084592.33332".parse().unwrap());
}

#[test]
fn usage_beyond_exact_decimals_is_too_large_to_price() {
    // 10^27 requests × 900,000 ms does not fit in a decimal (about 7.9e28): a typed error naming the flag.
    rejects(
        &["--requests", "1000000000000000000000000000", "--duration-ms", "900000", "--memory-mb", "10240"],
        "--requests 1000000000000000000000000000 at 900000 ms and 10240 MB is too large to price",
    );
    // In a sheet, the error names the row and the monthly_requests column (5).
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("f.csv");
    std::fs::write(
        &sheet,
        "name,region,architecture,memory_mb,monthly_requests,avg_duration_ms\n\
         ok,us-east-1,x86_64,512,1M,100\nbig,us-east-1,x86_64,10240,1000000000000000000000000000,900000\n",
    )
    .unwrap();
    costsim()
        .args(["price", "--input"])
        .arg(&sheet)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{}:3:5: monthly_requests", sheet.display())))
        .stderr(predicate::str::contains("too large to price"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn a_catalog_price_too_large_to_multiply_names_the_catalog_entry() {
    // A requests price of 1e25 × 1,000,000 (shown per million requests) overflowed: exit 101. Now exit 1, naming
    // the price and where the catalog gives it.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/data/pricing/fixture.toml").unwrap().replacen(
        "price = \"0.0000002\"",
        "price = \"10000000000000000000000000\"",
        1,
    );
    let path = dir.path().join("cat.toml");
    std::fs::write(&path, text).unwrap();
    costsim()
        .args(["price", "--requests", "1M", "--duration-ms", "100", "--memory-mb", "512", "--pricing"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("too large to price"))
        .stderr(predicate::str::contains("the requests price 10000000000000000000000000 per request"))
        .stderr(
            predicate::str::is_match(format!("{}:[0-9]+:[0-9]+", regex_escape(&path.display().to_string()))).unwrap(),
        )
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn names_are_limited_to_256_characters() {
    // A 65,534-character --name panicked in the table ("Formatting argument out of range").
    let base = ["--requests", "1M", "--duration-ms", "100", "--memory-mb", "512", "--name"];
    let long = "n".repeat(65_534);
    rejects(&[&base[..], &[long.as_str()]].concat(), "--name must be at most 256 characters (got 65534)");
    rejects(&[&base[..], &["a\tb"]].concat(), "--name must not contain control characters (got \\t)");
    let ok = "n".repeat(256);
    let out = costsim().arg("price").args(base).arg(&ok).assert().success().get_output().stdout.clone();
    assert!(String::from_utf8(out).unwrap().contains(&format!(" {ok} (us-east-1")));
}

/// Runs `price --input` on a sheet of `text` and returns stderr; the run must fail with exit 1.
fn sheet_error(text: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("f.csv");
    std::fs::write(&sheet, text).unwrap();
    let out = costsim().args(["price", "--input"]).arg(&sheet).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    (sheet.display().to_string(), String::from_utf8(out.stderr).unwrap())
}

const HEADER: &str = "name,region,architecture,memory_mb,monthly_requests,avg_duration_ms";

#[test]
fn a_duplicate_column_names_both_positions() {
    // Silently took the first memory_mb (512) and ignored the second.
    let (path, err) = sheet_error(&format!("{HEADER},memory_mb\na,us-east-1,x86_64,512,1M,100,1024\n"));
    assert!(err.contains(&format!("{path}:1:7: column 'memory_mb' appears twice, as columns 4 and 7")), "{err}");
}

#[test]
fn a_row_with_the_wrong_number_of_fields_is_located() {
    let text = format!(
        "{HEADER}\na,us-east-1,x86_64,512,1M\nb,us-east-1,x86_64,512,1M,100,7\nc,us-east-1,x86_64,512,1M,100\n"
    );
    let (path, err) = sheet_error(&text);
    // Row 2 lacks avg_duration_ms (column 6); row 3 has a seventh field the header does not name.
    assert!(
        err.contains(&format!("{path}:2:6: the row has 5 field(s) but the header has 6: 'avg_duration_ms'")),
        "{err}"
    );
    assert!(err.contains(&format!("{path}:3:7: the row has 7 fields but the header has 6")), "{err}");
    assert!(err.contains("2 problem(s)"), "{err}");
}

#[test]
fn the_header_is_recognised_by_its_names() {
    // A sheet without a header: its first row is data, not column names.
    let (path, err) = sheet_error("a,us-east-1,x86_64,512,1M,100\n");
    assert!(err.contains(&format!("{path}:1:1: the first row must be a header naming the columns")), "{err}");
    assert!(err.contains("not data such as 'a,us-east-1,x86_64,512,1M,100'"), "{err}");
    // Messages quote at most 40 characters, escaped.
    let (_, err) = sheet_error(&format!("{}\n", "\u{1b}x".repeat(100)));
    assert!(err.contains("'\\u{1b}x\\u{1b}x") && err.contains("…'") && !err.contains('\u{1b}'), "{err}");
}

#[test]
fn a_field_longer_than_256_characters_is_refused() {
    let (path, err) = sheet_error(&format!("{HEADER}\n{},us-east-1,x86_64,512,1M,100\n", "n".repeat(300)));
    assert!(err.contains(&format!("{path}:2:1: the field has 300 characters; at most 256 are allowed")), "{err}");
}

#[test]
fn a_sheet_over_the_row_limit_is_refused_at_the_first_row_past_it() {
    // 100,000 rows is the documented limit (pricing::sheet::MAX_ROWS): a sheet of short rows within 32 MiB used to
    // be held whole (a 300 MB sheet peaked at 520 MB before being refused for its size).
    let rows = costsim::pricing::sheet::MAX_ROWS;
    let mut text = format!("{HEADER}\n");
    for _ in 0..=rows {
        text.push_str("a,us-east-1,x86_64,512,1M,100\n");
    }
    // The header is line 1, so row number MAX_ROWS + 1 is on line MAX_ROWS + 2.
    let (path, err) = sheet_error(&text);
    assert!(err.contains(&format!("{path}:{}:1: the sheet has more than {rows} function rows", rows + 2)), "{err}");
}

#[test]
fn a_sheet_over_the_size_limit_is_refused() {
    // 32 MiB is the documented limit (pricing::sheet::MAX_SHEET_BYTES); comment lines count too.
    let limit = costsim::pricing::sheet::MAX_SHEET_BYTES as usize;
    let mut text = format!("{HEADER}\na,us-east-1,x86_64,512,1M,100\n");
    let filler = format!("#{}\n", "x".repeat(1023));
    while text.len() <= limit {
        text.push_str(&filler);
    }
    // A file: refused from its size, before reading.
    let (path, err) = sheet_error(&text);
    assert!(err.contains(&format!("'{path}' is 33 MiB; a budgeting sheet may be at most 32 MiB")), "{err}");
    // A stream (here a pipe) is cut off at the limit while reading.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_costsim"))
        .args(["price", "--input", "/dev/stdin"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(text.as_bytes()); // the reader may stop before the end
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("the sheet is larger than 32 MiB"), "{err}");
}

#[test]
fn warnings_are_typed_in_json_and_said_once() {
    // The built-in catalog's prices start on 2025-10-01: on 2020-01-01 each priced dimension of us-east-1 x86_64
    // is "not in force" once, and INIT (1% × 1M cold starts × 100 ms at 0.5 GB = 500 GB-s) was not billed
    // for ZIP packages before 2025-08-01.
    let out = costsim()
        .args(["price", "--requests", "1M", "--duration-ms", "100", "--memory-mb", "512"])
        .args(["--cold-start-ratio", "0.01", "--init-ms", "100", "--date", "2020-01-01", "--format", "json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("warning: the catalog has no requests price for us-east-1 x86_64"))
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let warnings = v["warnings"].as_array().unwrap();
    let kinds: Vec<&str> = warnings.iter().map(|w| w["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"price_not_in_force") && kinds.contains(&"init_not_billed"), "{kinds:?}");
    for w in warnings {
        assert!(w["message"].as_str().is_some_and(|m| m.contains(';')), "says what to do: {w}");
    }
    for (i, w) in warnings.iter().enumerate() {
        assert!(!warnings[..i].contains(w), "said twice: {w}");
    }
    let dims: Vec<&str> = warnings.iter().filter_map(|w| w["dimension"].as_str()).collect();
    let mut sorted = dims.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), dims.len(), "one warning per dimension: {dims:?}");
    assert!(dims.contains(&"requests") && dims.contains(&"duration"));
}

#[test]
fn a_daily_provisioned_window_from_the_flags_and_the_sheet_prices_alike() {
    // tests/pricing.rs works the numbers: 10 × 1,024 MB from 08:00 to 20:00, 16,425,000 requests of 1 s, 80% in
    // the window: PC $54.750438; on PC 10,320,388.01157402 GB-s × $0.0000097222 = $100.3368763; requests
    // 16,425,000 × $0.20/M = $3.285 (PC functions get no free tier); on demand 6,104,611.98842598 GB-s ×
    // $0.0000166667 = $101.7437366; total $260.1160510 → $260.12.
    let flags = [
        "price",
        "--requests",
        "16425000",
        "--duration-ms",
        "1000",
        "--memory-mb",
        "1024",
        "--provisioned",
        "10",
        "--provisioned-window",
        "08:00-20:00",
        "--provisioned-traffic-share",
        "0.8",
        "--date",
        "2026-01-15",
        "--format",
        "json",
    ];
    let out = costsim().args(flags).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["monthly_cost_usd"], serde_json::json!(260.12));
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("f.csv");
    std::fs::write(
        &sheet,
        format!("{HEADER},provisioned,provisioned_window,provisioned_traffic_share\nf,us-east-1,x86_64,1024,16425000,1000,10,08:00-20:00,0.8\n"),
    )
    .unwrap();
    let out = costsim()
        .args(["price", "--date", "2026-01-15", "--format", "json", "--input"])
        .arg(&sheet)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let w: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(w["monthly_cost_usd"], serde_json::json!(260.12));
    // A bad window says what is allowed, from the flag and at its cell.
    rejects(
        &[
            "--requests",
            "1M",
            "--duration-ms",
            "10",
            "--memory-mb",
            "128",
            "--provisioned",
            "1",
            "--provisioned-window",
            "8-20",
        ],
        "--provisioned-window: got '8-20': a daily window is HH:MM-HH:MM",
    );
    let (path, err) =
        sheet_error(&format!("{HEADER},provisioned,provisioned_window\nf,us-east-1,x86_64,128,1M,10,1,08:00-08:00\n"));
    assert!(err.contains(&format!("{path}:2:8: provisioned_window: got '08:00-08:00': the window is empty")), "{err}");
    // A window without environments would price nothing: refused at its cell (column 8), not dropped.
    let (path, err) =
        sheet_error(&format!("{HEADER},provisioned,provisioned_window\nf,us-east-1,x86_64,128,1M,10,,08:00-20:00\n"));
    assert!(err.contains(&format!("{path}:2:8: provisioned_window needs provisioned")), "{err}");
}
