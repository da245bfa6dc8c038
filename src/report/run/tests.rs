//! Snapshots of the run renderers over a hand-built report: three points, one out of memory, recommendations
//! from the real recommender. Review a changed snapshot with `cargo insta review`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::pricing::{bill, BillOptions, FunctionUsage};
use crate::recommend::recommend;
use crate::report::terminal::Terminal;
use crate::sim::Timeline;
use crate::sweep::Latency;

pub(super) fn point(arch: Architecture, memory_mb: u32, gb_s: i64, mean_ms: f64, p99_ms: f64, feasible: bool) -> Point {
    let date = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    let usage = FunctionUsage {
        memory_mb: Some(memory_mb),
        requests: Decimal::from(10_000_000),
        duration_gb_s: Decimal::from(gb_s),
        ..FunctionUsage::new("api", "us-east-1", arch)
    };
    let b = bill(&Catalog::built_in(), &[usage], &BillOptions::new(date)).unwrap();
    let latency = Latency {
        mean_ms,
        p50_ms: mean_ms * 0.9,
        p90_ms: mean_ms * 1.5,
        p95_ms: mean_ms * 1.8,
        p99_ms,
        max_ms: p99_ms * 2.0,
    };
    Point {
        architecture: arch,
        memory_mb,
        feasible,
        monthly_cost: b.total(),
        monthly_cost_ci95: Some(0.125),
        cost_per_million: b.total() / Decimal::from(10),
        latency,
        p99_ci95_ms: Some(3.5),
        cold_start_ratio: 0.0012,
        throttle_ratio: 0.0,
        error_ratio: if feasible { 0.0 } else { 1.0 },
        mean_concurrency: 1.25,
        peak_concurrency: 9,
        pc_utilisation: None,
        monthly_gb_s: Decimal::from(gb_s),
        monthly_requests: Decimal::from(10_000_000),
        simulated_invocations: 657_000,
        latency_cdf: vec![(50.0, mean_ms * 0.9), (99.0, p99_ms)],
        bill: b,
        code_error_ratio: 0.0,
        trigger_cost: Decimal::ZERO,
        current: false,
        delivery: None,
        gateway_timeout_ratio: 0.0,
        timeline: Timeline { bucket_us: 60_000_000, buckets: vec![] },
    }
}

pub(super) fn report() -> RunReport {
    use Architecture::{Arm64, X86_64};
    // 10M requests of ~100 ms: 512 MB → 10M × 0.1 s × 0.5 GB = 500,000 GB-s; 1024 MB at 60 ms → 600,000 GB-s.
    let points = vec![
        point(X86_64, 128, 150_000, 480.0, 900.0, false),
        point(X86_64, 512, 500_000, 100.0, 210.0, true),
        point(Arm64, 1024, 600_000, 60.0, 130.0, true),
    ];
    let recommend_spec = RecommendSpec {
        balanced_weight: 0.5,
        slo_percentile: 99.0,
        slo_ms: Some(200.0),
        max_error_ratio: 0.001,
        max_throttle_ratio: 0.001,
        max_dropped_ratio: 0.0,
    };
    let recommendations = recommend(&points, &recommend_spec);
    let date = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    RunReport {
        schema_version: REPORT_SCHEMA_VERSION,
        kind: REPORT_KIND.into(),
        costsim_version: "0.0.0-test".into(),
        scenario: ScenarioInfo {
            name: "api".into(),
            description: "hand-built".into(),
            path: "scenarios/api.toml".into(),
            region: "us-east-1".into(),
            seed: 42,
            horizon_hours: 24,
            replications: 3,
            free_tier: true,
            memory_mb: vec![128, 512, 1024],
            architectures: vec![X86_64, Arm64],
            mean_rate_per_s: 3.8,
            trace: None,
            schedule: None,
            trigger: Default::default(),
            recommend: recommend_spec,
            timeout_ms: None,
            concurrency_limit: None,
            source: "[scenario]\nname = \"api\"\n".into(),
            overrides: vec!["--memory 128,512,1024".into()],
        },
        date,
        catalog: CatalogInfo::new(&Catalog::built_in(), "us-east-1", &[X86_64], date).unwrap(),
        points,
        recommendations,
        timelines: vec![],
        warnings: vec![crate::warning::Warning::NoFeasibleMemory { required_memory_mb: 300 }],
        incomplete: None,
    }
}

#[test]
fn table() {
    insta::assert_snapshot!(report().render(RunFormat::Table));
}

#[test]
fn csv() {
    insta::assert_snapshot!(report().render(RunFormat::Csv));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(report().render(RunFormat::Markdown));
}

#[test]
fn json_round_trips() {
    let r = report();
    let text = r.render(RunFormat::Json);
    insta::assert_snapshot!(text);
    let back = RunReport::from_json("r.json", &text).unwrap();
    assert_eq!(back.render(RunFormat::Json), text);
    assert_eq!(back.render(RunFormat::Csv), r.render(RunFormat::Csv));
}

/// The terminal the narrow form is written for: 80 columns, no colour.
const NARROW: Terminal = Terminal { width: Some(80), color: false };

#[test]
fn narrow_table() {
    // Worked out by hand in the snapshot: the full table is 131 columns (columns 6+8+7+5+8+6+5+6+6+5+8+7+5 = 82
    // wide ("1,024 MB" is 8), 2 apart = 108, a leading space, the widest mark "◀ speed, balanced, slo" 22).
    // Dropping from the end of the keep order: conc. (7) → 124, p50 (7) → 117, mean (8) → 109, p95 (8) → 101,
    // $/1M req (10) → 91, ±95% (7) → 84, cold (7) → 77 ≤ 80.
    insta::assert_snapshot!(report().render_for(RunFormat::Table, &NARROW));
}

#[test]
fn the_narrow_table_fits_80_columns() {
    let text = report().render_for(RunFormat::Table, &NARROW);
    for line in text.lines() {
        assert!(crate::report::terminal::width(line) <= 80, "{} columns: {line}", line.chars().count());
    }
}

#[test]
fn a_terminal_as_wide_as_the_full_table_gets_the_full_form() {
    let r = report();
    // 131 columns is the full table (see narrow_table); one fewer and conc. (the last to stay) goes.
    let at = |w| r.render_for(RunFormat::Table, &Terminal { width: Some(w), color: false });
    let full = r.render(RunFormat::Table);
    let table = |t: &str| t.lines().skip(4).take(4).map(String::from).collect::<Vec<_>>();
    assert_eq!(table(&at(131)), table(&full));
    assert!(at(131).lines().nth(4).unwrap().ends_with("conc."));
    assert!(at(130).lines().nth(4).unwrap().ends_with("errors"), "{}", at(130));
    assert!(at(130).contains(" left out to fit 130 columns: conc.\n"), "{}", at(130));
    // Wide enough for the recommendation lines too (the longest, cost, is 12 + 160 = 172 columns): every line as today.
    assert_eq!(at(400), full);
}

#[test]
fn wrapped_recommendations_keep_every_word() {
    let r = report();
    let text = r.render_for(RunFormat::Table, &NARROW);
    let recommendations = text.split(" Recommendations\n").nth(1).unwrap();
    let words = crate::report::picks::Words::of(&r);
    let reasons: Vec<String> = r.recommendations.picks().map(|(s, p)| words.reason(s, p)).collect();
    // Each recommendation starts at a line with a label; its continuation lines are indented 12 columns.
    let mut joined: Vec<String> = Vec::new();
    for line in recommendations.lines().take_while(|l| !l.is_empty()) {
        if let Some(rest) = line.strip_prefix(&" ".repeat(12)) {
            let last = joined.last_mut().unwrap();
            last.push(' ');
            last.push_str(rest);
        } else {
            joined.push(line[12..].to_string());
        }
    }
    assert_eq!(joined, reasons);
}

#[test]
fn colour_marks_exactly_the_recommended_rows() {
    let r = report();
    let text = r.render_for(RunFormat::Table, &Terminal { width: None, color: true });
    let coloured: Vec<&str> = text.lines().filter(|l| l.contains('\x1b')).collect();
    // x86_64 512 MB (cost) and arm64 1,024 MB (speed, balanced, slo): the row in bold, the mark in bold green.
    assert_eq!(coloured.len(), 2, "{text}");
    assert!(coloured[0].starts_with(" \x1b[1mx86_64  512 MB") && coloured[0].ends_with("\x1b[1;32m◀ cost\x1b[0m"));
    assert!(coloured[1].starts_with(" \x1b[1marm64   1,024 MB"), "{}", coloured[1]);
    assert!(coloured[1].ends_with("1.2\x1b[0m  \x1b[1;32m◀ speed, balanced, slo\x1b[0m"), "{}", coloured[1]);
    // Without the codes, the plain table.
    let plain = text.replace("\x1b[1;32m", "").replace("\x1b[1m", "").replace("\x1b[0m", "");
    assert_eq!(plain, r.render(RunFormat::Table));
    assert!(!r.render(RunFormat::Table).contains('\x1b'));
}

#[test]
fn every_column_has_a_place_in_the_keep_order() {
    use crate::trigger::TriggerKind;
    for kind in [TriggerKind::Sync, TriggerKind::Async, TriggerKind::Sqs, TriggerKind::Schedule] {
        let mut titles: Vec<&str> = columns(kind).iter().map(|c| c.title).collect();
        let mut order = table::keep_order(kind).to_vec();
        // The first four stay whatever the width: the setting, its cost and the latency that matters.
        assert_eq!(order[..3], ["arch", "memory", "$/month"], "{kind:?}");
        assert!(order[3].ends_with("p99"), "{kind:?}");
        titles.sort_unstable();
        order.sort_unstable();
        assert_eq!(titles, order, "{kind:?}");
    }
}
