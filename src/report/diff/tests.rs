//! The renderers on a hand-built diff: the headline's figures, the changed functions only in Markdown, the
//! guardrail's sentence, JSON money as exact decimals, and a table that fits 100 columns.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{render, words, DiffFormat};
use crate::diff::{compare, Basis, Kind, Limit, Origin, Recommended, Side, State};
use crate::scenario::Objective;
use crate::Architecture::{Arm64, X86_64};

fn usd(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn state(arch: crate::Architecture, memory_mb: u32, cost: &str, p99: f64, throttles: f64) -> State {
    State {
        architecture: arch,
        memory_mb,
        monthly_cost: usd(cost),
        monthly_requests: Decimal::from(2_000_000),
        p50_ms: 40.0,
        p95_ms: 90.0,
        p99_ms: p99,
        cold_start_ratio: 0.02,
        throttle_ratio: throttles,
        dropped_ratio: None,
        error_ratio: 0.0,
    }
}

fn side(path: &str, total: &str, recommended: &str, functions: Vec<(&str, State)>) -> Side {
    Side {
        origin: Origin {
            path: path.into(),
            name: "shop".into(),
            currency: "USD".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        },
        kind: Kind::Fleet,
        basis: Basis::Today,
        total: usd(total),
        recommended: Some(Recommended { total: usd(recommended), pick: Objective::Slo }),
        functions: functions.into_iter().map(|(n, s)| (n.to_string(), s)).collect(),
        placeholders: Vec::new(),
    }
}

/// BASE $153.10 (recommended $120.00), HEAD $165.50 (recommended $130.00): api moves to arm64 512 MB and gets
/// cheaper by $7.71, a function `report_v2` is added at $20.11, `legacy` ($0.00) is removed, `worker` is unchanged.
fn diff() -> crate::diff::Diff {
    let base = side(
        "reports/base/report.json",
        "153.10",
        "120.00",
        vec![
            ("api", state(X86_64, 1024, "96.20", 138.0, 0.0)),
            ("worker", state(Arm64, 512, "21.65", 600.0, 0.0)),
            ("legacy", state(X86_64, 128, "0.00", 20.0, 0.0)),
        ],
    );
    let head = side(
        "reports/head/report.json",
        "165.50",
        "130.00",
        vec![
            ("api", state(Arm64, 512, "88.49", 225.0, 0.0001)),
            ("worker", state(Arm64, 512, "21.65", 600.0, 0.0)),
            ("report_v2", state(Arm64, 256, "20.11", 300.0, 0.0)),
        ],
    );
    compare(&base, &head).unwrap()
}

#[test]
fn the_headline_says_the_change_in_dollars_and_percent() {
    // 165.50 − 153.10 = +12.40; 12.40 ÷ 153.10 = 8.0993…% → +8.1%.
    assert_eq!(words::headline(&diff()), "Monthly cost +$12.40 (+8.1%): $153.10 → $165.50");
    let mut d = diff();
    d.total = crate::diff::Change::new(usd("153.10"), usd("150.00"));
    // −3.10 ÷ 153.10 = −2.0248…% → −2.0%.
    assert_eq!(words::headline(&d), "Monthly cost -$3.10 (-2.0%): $153.10 → $150.00");
    d.total = crate::diff::Change::new(usd("153.10"), usd("153.104"));
    assert_eq!(words::headline(&d), "Monthly cost unchanged: $153.10");
}

#[test]
fn markdown_lists_the_changed_functions_only_largest_change_first() {
    let md = render(&diff(), None, DiffFormat::Md);
    assert!(
        md.starts_with("**Monthly cost +$12.40 (+8.1%): $153.10 → $165.50** · application shop, today's settings\n")
    );
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| function")).collect();
    // The main table: report_v2 +20.11, api −7.71, legacy 0.00 (removed); then the details table.
    assert!(rows[0].starts_with("| report_v2 *(added)* | arm64 256 MB | $20.11 | +$20.11 | 300 ms |"), "{}", rows[0]);
    assert!(
        rows[1].starts_with(
            "| api | x86_64 1024 MB → arm64 512 MB | $96.20 → $88.49 | -$7.71 (-8.0%) | 225 ms (+87 ms) | 2.00% | 0 → 0.01% |"
        ),
        "{}",
        rows[1]
    );
    assert!(rows[2].starts_with("| legacy *(removed)* | x86_64 128 MB | $0.00 → – | $0.00 | – |"), "{}", rows[2]);
    assert!(!md.contains("| worker"), "an unchanged function is counted, not listed:\n{md}");
    assert!(md.contains("\n1 function unchanged. Recommended settings (each function's slo pick): $120.00 → $130.00 a month; adopting them would save $33.10 in BASE, $35.50 in HEAD.\n"), "{md}");
    assert!(md.contains("<details><summary>Details</summary>"));
}

#[test]
fn markdown_folds_the_changed_functions_past_ten() {
    let functions = |cost: &str| -> Vec<(String, State)> {
        (0..12).map(|i| (format!("f{i:02}"), state(X86_64, 128, cost, 10.0, 0.0))).collect()
    };
    let mut base = side("b", "12", "12", vec![]);
    base.functions = functions("1.00");
    let mut head = side("h", "24", "24", vec![]);
    head.functions = functions("2.00");
    let md = render(&compare(&base, &head).unwrap(), None, DiffFormat::Md);
    let (shown, folded) = md.split_once("<details><summary>2 more changed functions</summary>").unwrap();
    assert_eq!(shown.lines().filter(|l| l.starts_with("| f") && !l.starts_with("| function")).count(), 10);
    // The ties keep the report's order: f10 and f11 are folded.
    assert!(folded.split("</details>").next().unwrap().contains("| f10 |"));
}

#[test]
fn the_gate_says_which_limit_and_by_how_much() {
    let d = diff();
    let v = Limit::Percent { value: usd("5") }.check(&d.total, "USD").unwrap();
    // 8.0993…% − 5% = 3.0993… → 3.1 percentage points.
    assert_eq!(
        words::gate(&v, &d),
        "the monthly cost rises by $12.40 (+8.1%), 3.1 percentage points above --fail-above 5%"
    );
    let v: Limit = "$10".parse().unwrap();
    let v = v.check(&d.total, "USD").unwrap();
    // 12.40 − 10 = 2.40.
    assert_eq!(words::gate(&v, &d), "the monthly cost rises by $12.40 (+8.1%), $2.40 above --fail-above 10 USD");
    let v = Limit::Percent { value: usd("10") }.check(&d.total, "USD").unwrap();
    assert_eq!(words::gate(&v, &d), "Within --fail-above 10%: +$12.40 (+8.1%) a month");
    let md = render(&d, Some(&Limit::Percent { value: usd("5") }.check(&d.total, "USD").unwrap()), DiffFormat::Md);
    assert!(md.contains("\n\n**Over the limit:** the monthly cost rises by $12.40 (+8.1%), 3.1 percentage points above --fail-above 5%.\n\n"), "{md}");
}

#[test]
fn json_money_is_exact_and_the_change_is_head_minus_base() {
    let d = diff();
    let v = Limit::Percent { value: usd("10") }.check(&d.total, "USD").unwrap();
    let text = render(&d, Some(&v), DiffFormat::Json);
    let j: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!((j["kind"].as_str(), j["schema_version"].as_u64()), (Some("costsim.diff"), Some(1)));
    let dec = |v: &serde_json::Value| v.to_string().parse::<Decimal>().unwrap();
    assert_eq!(dec(&j["total"]["base"]), usd("153.10"));
    assert_eq!(dec(&j["total"]["change"]), usd("12.40"));
    assert_eq!(dec(&j["functions"][0]["cost"]["change"]), usd("-7.71"));
    assert_eq!(j["functions"][2]["status"], "added");
    assert_eq!(j["functions"][3]["status"], "removed");
    assert_eq!(j["unchanged"], 1);
    assert_eq!((j["gate"]["limit"]["kind"].as_str(), j["gate"]["exceeded"].as_bool()), (Some("percent"), Some(false)));
    assert_eq!(dec(&j["recommended"]["saving_head"]), usd("35.50"));
}

#[test]
fn the_table_fits_a_hundred_columns() {
    let d = diff();
    let v = Limit::Percent { value: usd("5") }.check(&d.total, "USD").unwrap();
    let table = render(&d, Some(&v), DiffFormat::Table);
    for line in table.lines() {
        assert!(line.chars().count() <= 100, "{} columns: {line}", line.chars().count());
    }
    assert!(table.contains("\n   x86_64 1024 MB → arm64 512 MB · p99 +87 ms · throttles 0 → 0.01%\n"), "{table}");
    // Columns as wide as their widest cell: `report_v2 (added)` (17), `$153.10` (7), `+$12.40 (+8.1%)` (15).
    assert!(table.contains("\n worker              $21.65   $21.65            $0.00  600 ms\n"), "{table}");
}

#[test]
fn markdown_escapes_what_a_hand_edited_name_could_inject() {
    assert_eq!(words::md("a|b <img> [x](y) *z*"), "a\\|b \\<img\\> \\[x\\](y) \\*z\\*");
    // An underscore inside a word is no markup.
    assert_eq!(words::md("x86_64 _em_"), "x86_64 \\_em\\_");
    assert_eq!(words::md("two\nlines"), "two lines");
}

#[test]
fn sides_resting_on_placeholders_are_named_in_table_and_markdown_and_json() {
    let mut d = diff();
    d.head.placeholders = vec!["report_v2".into(), "api".into()];
    let w = words::placeholders(&d).unwrap();
    assert!(
        w.starts_with("Placeholders: HEAD's report_v2, api (2) rest on values costsim import could not read"),
        "{w}"
    );
    let md = render(&d, None, DiffFormat::Md);
    assert!(md.contains("> ⚠ Placeholders: HEAD's report_v2, api (2)"), "{md}");
    let table = render(&d, None, DiffFormat::Table);
    assert!(table.contains("! Placeholders: HEAD's report_v2, api (2)"), "{table}");
    let json = render(&d, None, DiffFormat::Json);
    assert!(json.contains("\"placeholders\": [\"report_v2\",\"api\"]"), "{json}");
    // Without placeholders nothing is said, and JSON has no key.
    let plain = diff();
    assert_eq!(words::placeholders(&plain), None);
    assert!(!render(&plain, None, DiffFormat::Json).contains("placeholders"));
}
