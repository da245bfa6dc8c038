//! Structure tests of the charts on hand-built reports: well-formed SVG, titles, axis titles with units, legend
//! entries, labels, marker counts, readable tick labels, and no panic on odd reports.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::style::{fmt_num, fmt_sig, Axis};
use super::*;
use crate::pricing::{Bill, BillLine, Component};
use crate::recommend::{Pick, Recommendations};
use crate::report::run::{CatalogInfo, PointTimeline, ScenarioInfo, REPORT_KIND, REPORT_SCHEMA_VERSION};
use crate::scenario::RecommendSpec;
use crate::sim::{Timeline, TimelineBucket};
use crate::sweep::Point;
use crate::sweep::{Latency, CDF_PERCENTILES};
use plotters::coord::ranged1d::{Ranged, ValueFormatter};

#[path = "fleet_tests.rs"]
mod fleet_tests;
#[path = "truth_tests.rs"]
mod truth_tests;

const NAME: &str = "unit-scenario";

fn usd(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

fn line(component: Component, tier: Option<usize>, cents: i64) -> BillLine {
    BillLine {
        function: Some(0),
        component,
        tier,
        description: format!("{component:?}"),
        quantity: Decimal::ONE,
        unit: "unit".into(),
        unit_price: usd(cents),
        cost: usd(cents),
        estimated: false,
    }
}

/// A point whose numbers follow simple rules: latency falls and cost rises with memory.
fn point(arch: Architecture, memory_mb: u32, feasible: bool) -> Point {
    let p50 = 20.0 + 20_000.0 / memory_mb as f64;
    let cost_cents = 100 + memory_mb as i64; // per million
    let latency = Latency {
        mean_ms: p50,
        p50_ms: p50,
        p90_ms: 1.5 * p50,
        p95_ms: 1.7 * p50,
        p99_ms: 2.0 * p50,
        max_ms: 3.0 * p50,
    };
    let bill_lines = vec![
        line(Component::Requests, None, 200),
        line(Component::Duration, Some(0), memory_mb as i64),
        line(Component::Init, Some(0), 10),
        line(Component::FreeTierRequests, None, -20),
        line(Component::FreeTierDuration, None, -80),
    ];
    let bill = Bill {
        currency: "USD".into(),
        date: date(),
        catalog: "test".into(),
        functions: vec![],
        lines: bill_lines,
        warnings: vec![],
    };
    Point {
        architecture: arch,
        memory_mb,
        feasible,
        monthly_cost: usd(cost_cents * 10),
        monthly_cost_ci95: None,
        cost_per_million: usd(cost_cents),
        latency,
        p99_ci95_ms: None,
        cold_start_ratio: 0.01,
        throttle_ratio: 0.0,
        error_ratio: if feasible { 0.0 } else { 1.0 },
        mean_concurrency: 1.0,
        peak_concurrency: 4,
        pc_utilisation: None,
        monthly_gb_s: Decimal::ONE,
        monthly_requests: Decimal::from(10_000_000),
        simulated_invocations: 1000,
        latency_cdf: CDF_PERCENTILES
            .iter()
            .map(|&q| (q, p50 * (0.5 + q / 100.0) + if q >= 99.0 { p50 } else { 0.0 }))
            .collect(),
        bill,
        code_error_ratio: 0.0,
        trigger_cost: Decimal::ZERO,
        current: false,
        delivery: None,
        gateway_timeout_ratio: 0.0,
        timeline: Timeline::default(),
    }
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).expect("a date")
}

fn pick(points: &[Point], index: usize) -> Pick {
    let p = &points[index];
    Pick {
        index,
        architecture: p.architecture,
        memory_mb: p.memory_mb,
        monthly_cost: p.monthly_cost,
        mean_ms: p.latency.mean_ms,
        versus: None,
        versus_current: None,
    }
}

fn timeline(point: usize) -> PointTimeline {
    let buckets = (0..120u32)
        .map(|k| TimelineBucket {
            max_busy: 1 + k % 7,
            cold_starts: u32::from(k % 10 == 0),
            throttled: u32::from(k == 60),
            pc_level: if k < 60 { 2 } else { 3 },
            ..Default::default()
        })
        .collect();
    PointTimeline { point, timeline: Timeline { bucket_us: 60_000_000, buckets } }
}

/// A report over `memory` × `archs`; points below 256 MB run out of memory. Cost = cheapest feasible, speed =
/// largest, balanced = the middle feasible one of the first architecture.
fn report(archs: &[Architecture], memory: &[u32]) -> RunReport {
    let points: Vec<Point> = archs.iter().flat_map(|&a| memory.iter().map(move |&m| point(a, m, m >= 256))).collect();
    let feasible: Vec<usize> = (0..points.len()).filter(|&i| points[i].feasible).collect();
    let by_mem = |i: &usize| points[*i].memory_mb;
    let cost = feasible.iter().copied().min_by_key(|&i| (points[i].monthly_cost, points[i].architecture));
    let speed = feasible.iter().copied().max_by_key(|&i| (by_mem(&i), std::cmp::Reverse(points[i].architecture)));
    let balanced = feasible.get(feasible.len() / 2).copied();
    let mut pareto: Vec<usize> = feasible.iter().copied().filter(|&i| points[i].architecture == archs[0]).collect();
    pareto.sort_by_key(|&i| points[i].monthly_cost);
    let recommendations = Recommendations {
        current: None,
        cost: cost.map(|i| pick(&points, i)),
        speed: speed.map(|i| pick(&points, i)),
        balanced: balanced.map(|i| pick(&points, i)),
        slo: None,
        slo_unmet: None,
        infeasible: None,
        pareto,
        pareto_frontier: vec![],
    };
    let mut r = RunReport {
        schema_version: REPORT_SCHEMA_VERSION,
        kind: REPORT_KIND.into(),
        costsim_version: "test".into(),
        scenario: ScenarioInfo {
            name: NAME.into(),
            description: "hand-built".into(),
            path: "unit.toml".into(),
            region: "us-east-1".into(),
            seed: 1,
            horizon_hours: 2,
            replications: 1,
            free_tier: true,
            memory_mb: memory.to_vec(),
            architectures: archs.to_vec(),
            mean_rate_per_s: 3.0,
            trace: None,
            schedule: None,
            trigger: Default::default(),
            recommend: RecommendSpec {
                balanced_weight: 0.5,
                slo_percentile: 99.0,
                slo_ms: None,
                max_error_ratio: 0.01,
                max_throttle_ratio: 0.01,
                max_dropped_ratio: 0.0,
            },
            timeout_ms: Some(3_000),
            concurrency_limit: Some(1_000),
            source: String::new(),
            overrides: vec![],
        },
        date: date(),
        catalog: CatalogInfo {
            origin: "test".into(),
            currency: "USD".into(),
            region: "us-east-1".into(),
            region_name: "US East (N. Virginia)".into(),
            prices: vec![],
        },
        points,
        recommendations,
        timelines: vec![],
        warnings: vec![],
        incomplete: None,
    };
    r.timelines = r.recommended().into_iter().map(timeline).collect();
    r
}

const BOTH: [Architecture; 2] = [Architecture::X86_64, Architecture::Arm64];

fn small() -> RunReport {
    // x86_64 and arm64 at 128 (out of memory), 512, 1024: 4 feasible points, 2 infeasible.
    report(&BOTH, &[128, 512, 1024])
}

fn large() -> RunReport {
    // 150 sizes per architecture, 128..=9664 MB step 64: 148 feasible per architecture.
    let memory: Vec<u32> = (0..150).map(|k| 128 + 64 * k).collect();
    report(&BOTH, &memory)
}

/// Checks that `svg` is one well-formed SVG document: tags nest and close, attributes are quoted.
fn assert_well_formed(svg: &str) {
    assert!(svg.starts_with("<svg"), "starts with <svg: {}", &svg[..svg.len().min(80)]);
    assert_eq!(svg.matches("<svg").count(), 1);
    assert_eq!(svg.matches("</svg>").count(), 1);
    assert!(svg.trim_end().ends_with("</svg>"));
    let mut stack: Vec<String> = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("every tag closes") + start;
        let tag = &rest[start + 1..end];
        assert!(!tag.contains('<'), "no '<' inside a tag: {tag}");
        assert_eq!(tag.matches('"').count() % 2, 0, "attribute quotes pair up: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()), "closing tag matches");
        } else if !tag.ends_with('/') && !tag.starts_with('?') && !tag.starts_with('!') {
            stack.push(tag.split_whitespace().next().expect("a tag name").to_string());
        }
        let between = &rest[end + 1..];
        let text_end = between.find('<').unwrap_or(between.len());
        assert!(!between[..text_end].contains('>'), "text is escaped");
        rest = between;
    }
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
}

/// The text elements: (x, y, font size, anchor, content).
fn texts(svg: &str) -> Vec<(f64, f64, f64, String, String)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let k = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[k..k + tag[k..].find('"')?].to_string())
    };
    svg.split("<text")
        .skip(1)
        .map(|chunk| {
            let close = chunk.find('>').expect("tag closes");
            let tag = &chunk[..close];
            let content = chunk[close + 1..chunk.find("</text>").expect("text closes")].trim().to_string();
            let num = |n: &str| attr(tag, n).and_then(|v| v.parse().ok()).unwrap_or(0.0);
            (num("x"), num("y"), num("font-size"), attr(tag, "text-anchor").unwrap_or_default(), content)
        })
        .collect()
}

fn has_text(svg: &str, s: &str) -> bool {
    texts(svg).iter().any(|t| t.4 == s)
}

fn has_text_containing(svg: &str, s: &str) -> bool {
    texts(svg).iter().any(|t| t.4.contains(s))
}

/// No two horizontal text elements on the same line overlap (estimated widths; rotated axis titles left out).
fn assert_no_overlapping_text(svg: &str) {
    let spans: Vec<(f64, f64, f64, String)> = svg
        .split("<text")
        .skip(1)
        .zip(texts(svg))
        .filter(|(chunk, t)| !chunk[..chunk.find('>').unwrap()].contains("rotate") && !t.4.is_empty())
        .map(|(_, (x, y, size, anchor, content))| {
            let w = content.chars().count() as f64 * size * 0.5;
            let left = match anchor.as_str() {
                "middle" => x - w / 2.0,
                "end" => x - w,
                _ => x,
            };
            (left, left + w, y, content)
        })
        .collect();
    for (i, a) in spans.iter().enumerate() {
        for b in &spans[i + 1..] {
            let same_line = (a.2 - b.2).abs() < 8.0;
            assert!(!(same_line && a.0 < b.1 - 1.0 && b.0 < a.1 - 1.0), "labels overlap: {:?} and {:?}", a.3, b.3);
        }
    }
}

fn circles(svg: &str) -> usize {
    svg.matches("<circle").count()
}

fn check_common(svg: &str, title: &str) {
    assert_well_formed(svg);
    assert!(has_text(svg, title), "title {title:?} drawn");
    assert!(title.contains(NAME));
    assert!(svg.contains("width=\"900\" height=\"520\""));
    assert!(!svg.contains("href") && !svg.contains("@import") && !svg.contains("url("), "self-contained");
    assert!(!svg.contains("could not be drawn"), "drawn without error");
    assert_no_overlapping_text(svg);
}

#[test]
fn power_tuning_small() {
    let r = small();
    let svg = power_tuning(&r);
    check_common(&svg, &power_tuning::title(&r));
    // 10,000,000 invocations a month: priced per million. Latency up to p95 = 1.7 × (20 + 20000/512) ≈ 100 ms
    // stays in ms.
    for t in ["Memory [MB]", "Cost per million invocations [USD]", "Latency, p50 and p95 [ms]"] {
        assert!(has_text(&svg, t), "{t}");
    }
    for t in ["x86_64 cost", "x86_64 p50", "x86_64 p95", "arm64 cost", "arm64 p50", "arm64 p95"] {
        assert!(has_text(&svg, t), "legend {t}");
    }
    for t in ["cost pick", "speed pick", "balanced pick", "out of memory (OOM): no cost or latency to show"] {
        assert!(has_text(&svg, t), "legend {t}");
    }
    // Cost x86_64 512 (cheapest, x86 before arm64 on ties), speed x86_64 1024, balanced = feasible[2] = arm64 512:
    // each labelled, in full or by number with a key line.
    for t in ["cost · x86_64 512 MB", "speed · x86_64 1,024 MB", "balanced · arm64 512 MB"] {
        assert!(has_text(&svg, t) || has_text_containing(&svg, &format!("  {t}")), "{t}");
    }
    assert!(has_text(&svg, "OOM"));
    // 4 feasible markers; legend: 2 cost-line markers (the p50/p95 swatches have none); no ring any more.
    assert_eq!(circles(&svg), 4 + 2);
}

#[test]
fn power_tuning_150_sizes() {
    let r = large();
    let svg = power_tuning(&r);
    check_common(&svg, &power_tuning::title(&r));
    // 296 feasible markers + 2 legend markers.
    assert_eq!(circles(&svg), 296 + 2);
    // Markers shrink with the number of points.
    assert!(svg.contains("r=\"2\""));
    assert!(texts(&svg).iter().filter(|t| !t.4.is_empty()).count() < 80, "tick labels thinned");
}

#[test]
fn bill_small() {
    let r = small();
    let svg = bill(&r);
    check_common(&svg, &bill::title(&r));
    for t in ["Memory [MB]", "Monthly cost [USD]", "x86_64", "arm64"] {
        assert!(has_text(&svg, t), "{t}");
    }
    for t in ["requests", "duration", "INIT", "free-tier credit", "total after credits", "faded: out of memory"] {
        assert!(has_text(&svg, t), "legend {t}");
    }
    for t in ["cost pick", "speed pick", "balanced pick"] {
        assert!(has_text(&svg, t), "legend {t}");
    }
    // One requests segment per point (6) plus the legend swatch; out-of-memory points are faded, not sky blue.
    assert_eq!(svg.matches("fill=\"#56B4E9\"").count(), 4 + 1);
    // Every memory size is labelled in each panel.
    for m in ["128", "512", "1,024"] {
        assert_eq!(texts(&svg).iter().filter(|t| t.4 == m).count(), 2, "{m}");
    }
}

#[test]
fn bill_splits_duration_tiers_when_bills_have_several() {
    let mut r = small();
    r.points[1].bill.lines.push(line(Component::Duration, Some(1), 300));
    let svg = bill(&r);
    check_common(&svg, &bill::title(&r));
    assert!(has_text(&svg, "duration, tier 1"));
    assert!(has_text(&svg, "duration, tier 2"));
    assert!(!has_text(&svg, "duration"));
}

#[test]
fn bill_150_sizes_thins_labels() {
    let r = large();
    let svg = bill(&r);
    check_common(&svg, &bill::title(&r));
    let memory_labels =
        texts(&svg).iter().filter(|t| r.scenario.memory_mb.iter().any(|m| fmt_num(*m as f64, 0) == t.4)).count();
    // 150 bars in a panel of about 350 px: 2 px each, every 8th labelled upright (14 / 2 + 1) → 19 a panel.
    assert!((20..=60).contains(&memory_labels), "{memory_labels} memory labels");
}

#[test]
fn bill_labels_every_bar_when_there_is_room() {
    // Ten sizes a panel, each label up to "10,240": upright when across would not fit, but every bar labelled.
    let memory = [1024, 1536, 2048, 2560, 3008, 3538, 4096, 6144, 8192, 10240];
    let r = report(&BOTH, &memory);
    let svg = bill(&r);
    check_common(&svg, &bill::title(&r));
    for m in memory {
        assert_eq!(texts(&svg).iter().filter(|t| t.4 == fmt_num(m as f64, 0)).count(), 2, "{m} in both panels");
    }
}

#[test]
fn latency_small() {
    let r = small();
    let svg = latency(&r);
    check_common(&svg, &latency::title(&r));
    assert!(has_text(&svg, "Percentile [%]"));
    assert!(has_text_containing(&svg, "Latency seen by callers") && has_text_containing(&svg, "[ms"));
    for t in ["p99", "p99.9"] {
        assert!(has_text(&svg, t), "{t}");
    }
    // p99 of the cost pick (x86_64 512 MB): p50 = 20 + 20000/512 = 59.0625; the CDF rule gives
    // p50 × (0.5 + 0.99) + p50 = 2.49 × 59.0625 = 147.07 ms → "147 ms", in the legend and beside its marker.
    assert!(has_text(&svg, "cost · x86_64 512 MB (p99 147 ms)"));
    assert!(has_text_containing(&svg, "speed · x86_64 1,024 MB (p99 "));
    assert!(has_text_containing(&svg, "balanced · arm64 512 MB (p99 "));
    assert!(has_text(&svg, "147 ms") || has_text_containing(&svg, "  147 ms"));
    // Markers in the picks' shapes: cost a square, speed and balanced polygons; no circles (no today here).
    assert_eq!(circles(&svg), 0);
}

#[test]
fn latency_switches_to_log_scale_for_a_wide_range() {
    let mut r = small();
    let i = r.recommendations.cost.as_ref().unwrap().index;
    let last = r.points[i].latency_cdf.len() - 1;
    r.points[i].latency_cdf[last].1 = 100_000.0;
    let svg = latency(&r);
    check_common(&svg, &latency::title(&r));
    assert!(has_text(&svg, "Latency seen by callers, INIT included [log scale]"));
    // Log ticks carry their own units: 100,000 ms is written in seconds.
    assert!(
        has_text(&svg, "100 s") || has_text(&svg, "50 s"),
        "{:?}",
        texts(&svg).iter().map(|t| &t.4).collect::<Vec<_>>()
    );
}

#[test]
fn concurrency_small() {
    let r = small();
    let svg = concurrency(&r);
    check_common(&svg, &concurrency::title(&r));
    for t in ["Busy environments", "Simulated time [h]", "Events per 1 min"] {
        assert!(has_text(&svg, t), "{t}");
    }
    for t in ["busy environments, cost · x86_64 512 MB", "speed · x86_64 1,024 MB", "balanced · arm64 512 MB"] {
        assert!(has_text(&svg, t), "legend {t}");
    }
    for t in ["provisioned concurrency", "cold starts", "throttled requests"] {
        assert!(has_text(&svg, t), "legend {t}");
    }
    // 12 buckets with a cold start and one with a throttle, plus their legend swatches.
    assert_eq!(svg.matches("fill=\"#E69F00\"").count(), 12 + 1);
    assert_eq!(svg.matches("fill=\"#CC79A7\"").count(), 1 + 1);
}

#[test]
fn concurrency_merges_long_timelines() {
    let mut r = small();
    for t in &mut r.timelines {
        t.timeline.buckets =
            (0..1440).map(|k| TimelineBucket { max_busy: k % 9, cold_starts: 1, ..Default::default() }).collect();
    }
    let svg = concurrency(&r);
    check_common(&svg, &concurrency::title(&r));
    // 1,440 one-minute buckets become 360 of 4 minutes, each with cold starts.
    assert!(has_text(&svg, "Cold starts per 4 min"));
    assert_eq!(svg.matches("fill=\"#E69F00\"").count(), 360 + 1);
}

#[test]
fn pareto_small() {
    let r = small();
    let svg = pareto(&r);
    check_common(&svg, &pareto::title(&r));
    for t in ["p99 latency seen by callers [ms]", "Monthly cost [USD]", "x86_64", "arm64"] {
        assert!(has_text(&svg, t), "{t}");
    }
    assert!(has_text(&svg, "Pareto frontier (eligible settings)"));
    for t in ["cost · x86_64 512 MB", "speed · x86_64 1,024 MB", "balanced · arm64 512 MB"] {
        assert!(has_text(&svg, t) || has_text_containing(&svg, &format!("  {t}")), "{t}");
    }
    assert!(has_text(&svg, "2 out-of-memory settings not shown: no latency to plot"));
    // 4 feasible points; legend: 2 architecture dots.
    assert_eq!(circles(&svg), 4 + 2);
}

#[test]
fn pareto_150_sizes() {
    let r = large();
    let svg = pareto(&r);
    check_common(&svg, &pareto::title(&r));
    assert_eq!(circles(&svg), 296 + 2);
}

/// `small()` as an SQS consumer: a backlog of 500 messages in minute 30 whose oldest waits 45 s, none otherwise.
fn queued() -> RunReport {
    let mut r = small();
    r.scenario.trigger.kind = crate::trigger::TriggerKind::Sqs;
    for t in &mut r.timelines {
        for (k, b) in t.timeline.buckets.iter_mut().enumerate() {
            if k == 30 {
                b.backlog = 500;
                b.oldest_age_ms = 45_000;
            }
        }
    }
    r
}

#[test]
fn queue_chart_draws_the_backlog_and_the_oldest_message() {
    let r = queued();
    let svg = queue(&r);
    check_common(&svg, &queue::title(&r));
    assert_eq!(queue::title(&r), "unit-scenario: backlog and oldest waiting message over simulated time");
    for t in
        ["Waiting messages", "Oldest message not yet received [s]", "Simulated time [h] (each step: the most in 1 min)"]
    {
        assert!(has_text(&svg, t), "{t}");
    }
    // The backlog axis runs to the peak × 1.12 = 560 (ticks 0, 200, 400), the age axis to 45 s × 1.12 = 50.4 s
    // (ticks 0, 20, 40).
    let labels: Vec<String> = texts(&svg).into_iter().map(|t| t.4).collect();
    for tick in ["200", "400", "20", "40"] {
        assert!(labels.iter().any(|l| l == tick), "tick {tick}: {labels:?}");
    }
    assert!(!labels.iter().any(|l| l == "600"), "the backlog axis stops below 600: {labels:?}");
    // Without any waiting message the chart says so instead of drawing flat lines.
    let mut flat = queued();
    for t in &mut flat.timelines {
        t.timeline.buckets.iter_mut().for_each(|b| (b.backlog, b.oldest_age_ms) = (0, 0));
    }
    let svg = queue(&flat);
    assert!(has_text_containing(&svg, "No message waited"));
    // ... and names no line in its legend, as none is drawn.
    let label = pick_label(&flat, flat.timelines[0].point);
    assert!(has_text(&queue(&r), &label) && !has_text(&svg, &label), "{label}");
}

#[test]
fn queued_reports_get_the_queue_chart_before_pareto() {
    let names: Vec<&str> = all(&queued()).iter().map(|c| c.file_name()).collect();
    assert_eq!(names, ["power-tuning.svg", "bill.svg", "latency.svg", "concurrency.svg", "queue.svg", "pareto.svg"]);
}

#[test]
fn all_returns_every_chart_in_order() {
    let r = small();
    let charts = all(&r);
    let names: Vec<&str> = charts.iter().map(|c| c.file_name()).collect();
    assert_eq!(names, ["power-tuning.svg", "bill.svg", "latency.svg", "concurrency.svg", "pareto.svg"]);
    for c in &charts {
        check_common(&c.svg, &c.title);
    }
}

fn all_infeasible() -> RunReport {
    let mut r = report(&BOTH, &[128, 192]);
    assert!(r.points.iter().all(|p| !p.feasible));
    r.recommendations.pareto.clear();
    r
}

#[test]
fn no_feasible_setting_still_draws_every_chart() {
    let r = all_infeasible();
    assert!(r.timelines.is_empty());
    for c in all(&r) {
        check_common(&c.svg, &c.title);
        if c.file_name() != "bill.svg" {
            assert!(has_text_containing(&c.svg, "No feasible setting"), "{}", c.file_name());
        }
    }
}

#[test]
fn odd_reports_do_not_panic() {
    let mut cases = vec![
        ("one point", report(&[Architecture::Arm64], &[1024])),
        ("one architecture", report(&[Architecture::X86_64], &[256, 512, 1024])),
        ("no points", report(&BOTH, &[])),
        ("all infeasible", all_infeasible()),
    ];
    let mut zero = small();
    for p in &mut zero.points {
        p.monthly_cost = Decimal::ZERO;
        p.cost_per_million = Decimal::ZERO;
        p.bill.lines.clear();
        p.latency_cdf.clear();
    }
    cases.push(("all costs zero, no bill lines, no CDF", zero));
    let mut equal = small();
    for p in &mut equal.points {
        p.monthly_cost = usd(500);
        p.cost_per_million = usd(50);
        p.latency.p99_ms = 0.0;
        p.latency_cdf = CDF_PERCENTILES.iter().map(|&q| (q, 0.0)).collect();
    }
    cases.push(("equal costs, zero latency", equal));
    let mut no_timelines = small();
    no_timelines.timelines.clear();
    cases.push(("no timelines", no_timelines));
    let mut empty_timeline = small();
    empty_timeline.timelines[0].timeline.buckets.clear();
    cases.push(("empty timeline", empty_timeline));
    for (what, r) in cases {
        for c in all(&r) {
            assert_well_formed(&c.svg);
            assert!(has_text(&c.svg, &c.title), "{what}: {}", c.file_name());
            assert!(!c.svg.contains("could not be drawn"), "{what}: {}", c.file_name());
        }
    }
}

#[test]
fn one_architecture_has_one_panel_and_one_colour() {
    let r = report(&[Architecture::Arm64], &[256, 512, 1024]);
    let svg = bill(&r);
    assert!(has_text(&svg, "arm64") && !has_text(&svg, "x86_64"));
    let svg = power_tuning(&r);
    assert!(!svg.contains("#0072B2"), "no x86_64 blue without x86_64 points");
    assert!(svg.contains("#D55E00"));
}

#[test]
fn special_characters_in_the_name_are_escaped() {
    let mut r = small();
    r.scenario.name = "a<b & \"c\"".into();
    for c in all(&r) {
        assert_well_formed(&c.svg);
        assert!(c.svg.contains("a&lt;b &amp;"), "{}", c.file_name());
    }
}

#[test]
fn numbers_are_formatted_for_people() {
    assert_eq!(fmt_num(12345.678, 1), "12,345.7");
    assert_eq!(fmt_num(-1234.0, 0), "−1,234");
    assert_eq!(fmt_num(-0.0001, 2), "0.00");
    assert_eq!(fmt_num(999.0, 0), "999");
    assert_eq!(fmt_sig(4.0), "4");
    assert_eq!(fmt_sig(0.01234), "0.0123");
    assert_eq!(fmt_sig(163.839), "164");
}

#[test]
fn axes_pick_few_round_ticks() {
    let a = Axis::linear(0.0, 2.6, 8);
    let ticks = a.key_points(8usize);
    assert_eq!(ticks.len(), 6, "{ticks:?}"); // 0, 0.5, …, 2.5
    assert_eq!(a.format_ext(&0.5), "0.5");
    assert_eq!(a.format_ext(&2.0), "2.0");
    let log = Axis::auto(8.0, 1000.0, 10);
    assert!(log.is_log());
    let t = log.key_points(10usize);
    assert!(t.contains(&10.0) && t.contains(&100.0) && t.len() <= 10, "{t:?}");
    assert_eq!(log.format_ext(&20.0), "20");
    let cats = Axis::categories((0..150).map(|k| k.to_string()).collect(), 12);
    assert!(cats.key_points(12usize).len() <= 12);
    let nines = Axis::nines();
    let (y90, y99, y999) = (nines.map(&90.0, (0, 600)), nines.map(&99.0, (0, 600)), nines.map(&99.9, (0, 600)));
    assert!(((y99 - y90) - (y999 - y99)).abs() <= 1, "90, 99, 99.9 equally spaced");
    assert_eq!(nines.format_ext(&100.0), "max");
    assert_eq!(nines.format_ext(&99.9), "99.9");
}

#[test]
#[should_panic(expected = "labels overlap")]
fn the_overlap_check_catches_overlapping_labels() {
    let svg = "<svg><text x=\"10\" y=\"20\" font-size=\"12\">\nmemory size\n</text><text x=\"30\" y=\"22\" font-size=\"12\">\ncost\n</text></svg>";
    assert_no_overlapping_text(svg);
}

#[test]
#[should_panic(expected = "closing tag matches")]
fn the_well_formed_check_catches_bad_nesting() {
    assert_well_formed("<svg><g><text>a</g></text></svg>");
}
