//! The run page over the hand-built report of `run::tests`, its costs set by hand so that the summary and the
//! charts' words can be checked against arithmetic done here.

use rust_decimal::Decimal;

use super::super::tests::report;
use super::super::RunReport;
use crate::recommend::recommend;
use crate::report::charts::{Chart, ChartKind};

/// The hand-built report with today's setting x86_64 512 MB at $12.50 and arm64 1,024 MB at $10.00 a month.
/// Points: x86_64 128 MB (out of memory), x86_64 512 MB (mean 100 ms, p99 210 ms), arm64 1,024 MB (mean 60 ms,
/// p99 130 ms); the objective is p99 ≤ 200 ms.
fn with_today() -> RunReport {
    let mut r = report();
    r.points[1].monthly_cost = Decimal::new(1250, 2);
    r.points[2].monthly_cost = Decimal::new(1000, 2);
    r.points[1].current = true;
    r.recommendations = recommend(&r.points, &r.scenario.recommend);
    r
}

fn chart(kind: ChartKind) -> Chart {
    Chart { kind, title: format!("api: {}", kind.file_name()), svg: "<svg viewBox=\"0 0 900 500\"></svg>".into() }
}

#[test]
fn the_summary_says_what_to_change_and_what_it_saves() {
    // Only arm64 1,024 MB meets p99 ≤ 200 ms (130 ms; x86_64 512 MB has 210 ms), so it is the slo pick.
    // Saving: $12.50 − $10.00 = $2.50, 2.50 / 12.50 = 20%; p99 130 − 210 = −80 ms, 80 / 210 = 38%.
    assert_eq!(
        super::summary::line(&with_today()),
        "Change x86_64 512 MB → arm64 1,024 MB: saves $2.50/month (20%), p99 −80 ms (−38%) — the cheapest setting meeting p99 ≤ 200 ms."
    );
}

#[test]
fn without_today_the_summary_names_the_pick_and_its_cost() {
    let mut r = with_today();
    r.points[1].current = false;
    r.recommendations = recommend(&r.points, &r.scenario.recommend);
    assert_eq!(
        super::summary::line(&r),
        "Pick arm64 1,024 MB: $10.00/month, p99 130 ms — the cheapest setting meeting p99 ≤ 200 ms."
    );
}

#[test]
fn when_today_is_the_pick_the_summary_says_keep_it() {
    let mut r = with_today();
    r.points[1].current = false;
    r.points[2].current = true;
    r.recommendations = recommend(&r.points, &r.scenario.recommend);
    assert_eq!(
        super::summary::line(&r),
        "Keep arm64 1,024 MB: it is already the cheapest setting meeting p99 ≤ 200 ms ($10.00/month, p99 130 ms)."
    );
}

#[test]
fn the_charts_are_described_from_the_numbers() {
    let r = with_today();
    let d = |f| super::describe::describe(&r, &chart(f));
    // Feasible: $10.00 (arm64 1,024 MB) to $12.50 (x86_64 512 MB); p95 = 1.8 × mean: 108 ms and 180 ms.
    assert_eq!(
        d(ChartKind::PowerTuning),
        "Monthly cost from $10.00 (arm64 1,024 MB) to $12.50 (x86_64 512 MB); caller latency p95 from 108 ms \
         (arm64 1,024 MB) to 180 ms (x86_64 512 MB). Out of memory: x86_64 128 MB. Recommended: arm64 1,024 MB \
         (cost, speed, balanced and slo); x86_64 512 MB (today)."
    );
    // arm64 1,024 MB is cheaper and faster than x86_64 512 MB, so the frontier is that one setting.
    assert!(
        d(ChartKind::Pareto).starts_with(
            "Monthly cost against p99 latency for 2 feasible settings. One setting is on the Pareto frontier: \
             $10.00 at p99 130 ms (arm64 1,024 MB). Out of memory: x86_64 128 MB."
        ),
        "{}",
        d(ChartKind::Pareto)
    );
    // p50 = 0.9 × mean = 54 ms.
    assert_eq!(
        d(ChartKind::Latency),
        "The latency distribution of the recommended settings: arm64 1,024 MB (cost, speed, balanced and slo): \
         p50 54 ms, p99 130 ms."
    );
}

#[test]
fn a_setting_over_the_budgets_is_named_apart_and_not_in_the_ranges() {
    let mut r = with_today();
    // x86_64 512 MB now fails half its invocations: over the 0.1% error budget.
    r.points[1].error_ratio = 0.5;
    r.recommendations = recommend(&r.points, &r.scenario.recommend);
    assert_eq!(
        super::describe::describe(&r, &chart(ChartKind::PowerTuning)),
        "Monthly cost $10.00 (arm64 1,024 MB); caller latency p95 108 ms (arm64 1,024 MB). Out of memory: x86_64 \
         128 MB. Over the error or throttle budget: x86_64 512 MB. Recommended: arm64 1,024 MB (cost, speed, \
         balanced and slo); x86_64 512 MB (today)."
    );
}

#[test]
fn every_link_of_the_page_leads_somewhere_in_the_page_or_the_report_folder() {
    let r = with_today();
    let charts: Vec<Chart> =
        [ChartKind::PowerTuning, ChartKind::Bill, ChartKind::Pareto].into_iter().map(chart).collect();
    let html = r.html(&charts);
    // Nothing is fetched from elsewhere: no external style, script, font or image.
    for banned in ["<link", " src=", "@import", "url(", "@font-face"] {
        assert!(!html.contains(banned), "the page loads something: {banned}");
    }
    let hrefs: Vec<&str> = html.split("href=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    // 7 sections in the contents and 3 charts' "open full size".
    assert!(hrefs.len() >= 10, "{hrefs:?}");
    for h in hrefs {
        if let Some(id) = h.strip_prefix('#') {
            assert!(html.contains(&format!("id=\"{id}\"")), "#{id} leads nowhere");
        } else if let Some(file) = h.strip_prefix("charts/") {
            assert!(charts.iter().any(|c| c.file_name() == file), "{h} is not a chart of the report");
        } else {
            // The one way out: the same sweep in the Power Tuning viewer, said to need a network.
            assert!(h.starts_with("https://lambda-power-tuning.show/"), "external link {h}");
        }
    }
}

#[test]
fn the_summary_and_contents_come_first_and_each_chart_is_an_image_with_a_text_alternative() {
    let r = with_today();
    let html = r.html(&[chart(ChartKind::Bill)]);
    let summary = html.find("<p class=\"summary\"").unwrap();
    let toc = html.find("<nav class=\"toc\"").unwrap();
    assert!(summary < toc && toc < html.find("<h2").unwrap(), "summary, contents, then the sections");
    assert!(html.contains(
        "<svg role=\"img\" aria-labelledby=\"chart-bill-title\" aria-describedby=\"chart-bill-desc\" viewBox=\"0 0 900 500\"><title id=\"chart-bill-title\">api: bill.svg</title>"
    ));
    assert!(html.contains("<span id=\"chart-bill-desc\">The monthly bill of every setting, stacked by component. Monthly cost from $10.00"));
    // The handler that opens collapsed bills for print is on the page, and the print style opens them too.
    assert!(html.contains("addEventListener('beforeprint',costsimOpenForPrint)"));
    assert!(html.contains("details::details-content { content-visibility: visible; }"));
}
