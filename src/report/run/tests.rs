//! Snapshots of the run renderers over a hand-built report: three points, one out of memory, recommendations
//! from the real recommender. Review a changed snapshot with `cargo insta review`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::pricing::{bill, BillOptions, FunctionUsage};
use crate::recommend::recommend;
use crate::sim::Timeline;
use crate::sweep::Latency;

fn point(arch: Architecture, memory_mb: u32, gb_s: i64, mean_ms: f64, p99_ms: f64, feasible: bool) -> Point {
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

fn report() -> RunReport {
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
