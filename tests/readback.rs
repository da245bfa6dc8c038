//! report.json read back (issue 8 item 1, issue 15 item 4): a damaged or hand-edited report is refused with
//! `path:line:col` and what is wrong, never rendered (no panic on an index out of range, no `inf` or `null` for
//! a number out of range); a valid report still reads back byte for byte.

use std::path::Path;
use std::sync::OnceLock;

use assert_cmd::Command;
use costsim::report::run::{RunFormat, RunReport, MAX_REPORT_BYTES};
use serde_json::Value;

/// A real report: the api scenario at 128 MB (out of memory: it needs 160 MB) and 512 MB, one replication.
fn valid() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        Command::cargo_bin("costsim")
            .unwrap()
            .args(["run", "scenarios/api.toml", "--memory", "128,512", "--replications", "1"])
            .args(["--date", "2026-01-15", "--quiet", "--out"])
            .arg(dir.path())
            .assert()
            .success();
        std::fs::read_to_string(dir.path().join("report.json")).unwrap()
    })
}

/// 1-based line and character column of byte `offset`, counted here independently of costsim's own code.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

/// The valid report, pretty-printed, with the value at `pointer` replaced by the JSON text `new`, written as is
/// (through a placeholder string, so that `1e400` stays `1e400`).
fn edited(pointer: &str, new: &str) -> String {
    let mut v: Value = serde_json::from_str(valid()).unwrap();
    *v.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer} is in the report")) = Value::from("@@EDIT@@");
    serde_json::to_string_pretty(&v).unwrap().replacen("\"@@EDIT@@\"", new, 1)
}

/// Reads `text` back; the error must start with the location of the first `value` after the first `anchor` (the
/// edited value, found by plain search) and contain `what`.
fn refused_at(text: &str, anchor: &str, value: &str, what: &str) {
    let from = text.find(anchor).unwrap_or_else(|| panic!("'{anchor}' in the edited report"));
    let offset = from + text[from..].find(value).unwrap_or_else(|| panic!("'{value}' after '{anchor}'"));
    let (line, col) = line_col(text, offset);
    let err = RunReport::from_json("r.json", text).err().unwrap_or_else(|| panic!("{anchor}: accepted")).to_string();
    assert!(err.starts_with(&format!("r.json:{line}:{col}: ")), "expected r.json:{line}:{col} for {anchor}: {err}");
    assert!(err.contains(what), "{anchor}: '{what}' not in: {err}");
}

#[test]
fn a_valid_report_reads_back_byte_for_byte() {
    let text = valid();
    let back = RunReport::from_json("r.json", text).unwrap();
    assert_eq!(back.render(RunFormat::Json), text);
    // 512 MB is feasible, so something is recommended and indices are in use.
    assert!(back.recommendations.cost.is_some() && !back.recommendations.pareto.is_empty());
}

#[test]
fn indices_out_of_range_and_empty_points_are_refused_where_they_are() {
    // Each anchor is written once in the pretty-printed text, so a plain search finds the edited value.
    refused_at(&edited("/points", "[]"), "\"points\": []", "[", "at least one point");
    let t = edited("/recommendations/cost/point", "99");
    // 2 memory sizes × 2 architectures, and today's x86_64 1024 MB (api.toml's [current]): 5 points.
    refused_at(&t, "\"point\": 99", "99", "point 99 does not exist: the report has 5 point(s)");
    let t = edited("/recommendations/pareto_points", "[3, 77]");
    refused_at(&t, "\"pareto_points\": [", "77", "point 77 does not exist");
    let t = edited("/timelines/0/point", "12");
    refused_at(&t, "\"timelines\": [", "12", "point 12 does not exist");
    // The speed pick names a setting its point is not (no point of this report is at 768 MB): placed at the
    // pick's "point".
    let t = edited("/recommendations/speed/memory_mb", "768");
    let v: Value = serde_json::from_str(valid()).unwrap();
    let index = &v["recommendations"]["speed"]["point"];
    let anchor = format!("\"speed\": {{\n      \"point\": {index}");
    let arch = v["recommendations"]["speed"]["architecture"].as_str().unwrap().to_string();
    refused_at(&t, &anchor, &index.to_string(), &format!("the speed pick names {arch} at 768 MB but point"));
}

#[test]
fn values_out_of_range_are_refused_where_they_are() {
    let t = edited("/points/1/monthly_cost", "-1.5");
    refused_at(&t, "\"monthly_cost\": -1.5", "-1.5", "a monthly cost [USD] must be ≥ 0 (got -1.5)");
    let t = edited("/points/2/memory_mb", "0");
    refused_at(&t, "\"memory_mb\": 0,", "0", "128–10240 MB (got 0)");
    let t = edited("/points/3/error_ratio", "1.5");
    refused_at(&t, "\"error_ratio\": 1.5", "1.5", "a ratio must be between 0 and 1 (got 1.5)");
    let t = edited("/points/0/latency/p50_ms", "-3");
    refused_at(&t, "\"p50_ms\": -3", "-3", "a latency [ms] must be a finite number ≥ 0 (got -3)");
    let t = edited("/scenario/recommend/balanced_weight", "2.5");
    refused_at(&t, "\"balanced_weight\": 2.5", "2.5", "the balanced weight must be between 0 and 1");
    let t = edited("/scenario/memory_mb", "[10241]");
    refused_at(&t, "\"memory_mb\": [", "10241", "Lambda memory size");
}

#[test]
fn numbers_that_read_as_infinite_are_refused_not_rewritten() {
    // serde reads 1e400 into an f64 as inf; written back it would be `null`. Nothing else is written with an
    // exponent, so "1e400" is found once.
    for pointer in ["/points/1/latency/p99_ms", "/points/0/mean_concurrency", "/scenario/mean_rate_per_s"] {
        let t = edited(pointer, "1e400");
        refused_at(&t, "1e400", "1e400", "1e400 is not a finite number");
    }
    // Also in a money field, which rust_decimal reads rather than f64.
    let t = edited("/points/1/monthly_cost", "-1e400");
    refused_at(&t, "-1e400", "-1e400", "-1e400 is not a finite number");
}

#[test]
fn numbers_too_large_to_write_back_are_refused() {
    // Fuzz finding F3: `1e25` in a Decimal field read as 10^25, and `render --format json` wrote it back as the
    // integer 10000000000000000000000000, which does not read again. No costsim figure exceeds 10^18 (the bounds
    // give at most 6.8 × 10^17 GB-s a month), so any number above that is refused where it is.
    let t = edited("/points/1/bill/functions/0/ephemeral_storage_gb_s", "1e25");
    refused_at(&t, "1e25", "1e25", "1e25 is too large");
    let t = edited("/points/0/monthly_requests", "2e18");
    refused_at(&t, "2e18", "2e18", "2e18 is too large");
    // Money has a tighter bound, 10^15 USD: the largest possible bill is about 1.2 × 10^13 USD.
    let t = edited("/points/1/monthly_cost", "2000000000000000");
    refused_at(&t, "\"monthly_cost\": 2000000000000000", "2000000000000000", "at most 10^15");
    // A seed may be any u64: 2^64 − 1 = 18446744073709551615 reads back.
    let t = edited("/scenario/seed", "18446744073709551615");
    assert!(RunReport::from_json("r.json", &t).is_ok());
}

#[test]
fn not_json_wrong_kind_and_wrong_types_are_located() {
    let t = edited("/kind", "\"costsim.bill\"");
    refused_at(&t, "\"costsim.bill\"", "\"", "not a costsim run report: its \"kind\" is \"costsim.bill\"");
    // Cut in the middle: serde_json stops at the end of the text, on its last character.
    let text = valid();
    let mut half = text.len() / 2;
    while !text.is_char_boundary(half) {
        half -= 1;
    }
    let cut = &text[..half];
    let err = RunReport::from_json("r.json", cut).err().unwrap().to_string();
    let last = cut.char_indices().last().unwrap().0;
    let (line, col) = line_col(cut, last);
    assert!(err.starts_with(&format!("r.json:{line}:{col}: not valid JSON: EOF")), "{err}");
    // A string where a number belongs: serde_json stops at the end of the string (on its closing quote or the
    // character after it): the location is on the value's line, within a character of its end.
    let t = edited("/points/1/memory_mb", "\"big\"");
    let (line, col) = line_col(&t, t.find("\"big\"").unwrap());
    let err = RunReport::from_json("r.json", &t).err().unwrap().to_string();
    let at = [4, 5].map(|k| format!("r.json:{line}:{}: not a costsim run report: invalid type", col + k));
    assert!(at.iter().any(|a| err.starts_with(a)), "{err}");
}

fn render(path: &Path, format: &str) -> std::process::Output {
    Command::cargo_bin("costsim").unwrap().arg("render").arg(path).args(["--format", format]).output().unwrap()
}

#[test]
fn render_refuses_bad_reports_with_exit_1_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        edited("/points", "[]"),
        edited("/recommendations/cost/point", "99"),
        edited("/timelines/0/point", "12"),
        edited("/points/1/latency/p99_ms", "1e400"),
    ];
    for (i, text) in cases.iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.json"));
        std::fs::write(&path, text).unwrap();
        for format in ["json", "table", "html", "md", "csv"] {
            let out = render(&path, format);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "case {i} as {format}: {err}");
            assert!(out.stdout.is_empty(), "case {i} as {format}: printed something");
            assert!(err.contains(&format!("bad{i}.json:")), "case {i}: {err}");
        }
    }
}

#[test]
fn a_report_json_larger_than_the_limit_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // A sparse file one byte over the limit: refused from its size, so reading it would not even begin.
    std::fs::File::create(&path).unwrap().set_len(MAX_REPORT_BYTES + 1).unwrap();
    let out = render(&path, "json");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("{} bytes is larger than a costsim report.json can be", MAX_REPORT_BYTES + 1)),
        "{err}"
    );
}
