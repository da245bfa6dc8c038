//! Tests that the charts cannot mislead (issue 14): settings over the budgets drawn hollow and off the frontier,
//! units that scale to the data, reference lines or a note, legend swatches as drawn, labels that do not
//! collide, coincident series both visible.

use super::*;

/// `<circle>` elements: (cx, cy, r, fill, stroke), in document order.
fn circle_list(svg: &str) -> Vec<(i32, i32, i32, String, String)> {
    svg.split("<circle")
        .skip(1)
        .map(|c| {
            let tag = &c[..c.find('>').unwrap()];
            let a = |n: &str| {
                let k = tag.find(&format!(" {n}=\"")).map(|k| k + n.len() + 3).unwrap();
                tag[k..k + tag[k..].find('"').unwrap()].to_string()
            };
            (a("cx").parse().unwrap(), a("cy").parse().unwrap(), a("r").parse().unwrap(), a("fill"), a("stroke"))
        })
        .collect()
}

/// The vertices of every `<polyline>` drawn in `stroke` at `width` px.
fn polylines(svg: &str, stroke: &str, width: u32) -> Vec<Vec<(i32, i32)>> {
    let want = format!("stroke=\"{stroke}\" stroke-width=\"{width}\"");
    svg.split("<polyline")
        .skip(1)
        .map(|c| &c[..c.find('>').unwrap()])
        .filter(|tag| tag.contains(&want))
        .map(|tag| {
            let k = tag.find("points=\"").unwrap() + 8;
            tag[k..k + tag[k..].find('"').unwrap()]
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect()
}

/// The callout labels' white boxes: (left, top, right, bottom) [px].
fn label_boxes(svg: &str) -> Vec<(i32, i32, i32, i32)> {
    svg.split("<rect")
        .skip(1)
        .map(|c| &c[..c.find('>').unwrap()])
        .filter(|tag| tag.contains("opacity=\"0.85\" fill=\"#FFFFFF\""))
        .map(|tag| {
            let a = |n: &str| -> i32 {
                let k = tag.find(&format!(" {n}=\"")).unwrap() + n.len() + 3;
                tag[k..k + tag[k..].find('"').unwrap()].parse().unwrap()
            };
            (a("x"), a("y"), a("x") + a("width"), a("y") + a("height"))
        })
        .collect()
}

/// `small()` with x86_64 512 MB (the cost pick there) timing out on 5% of invocations (budget 1%), still
/// listed on the frontier as a report from before the frontier was limited to eligible settings would.
fn over_budget() -> (RunReport, usize) {
    let mut r = small();
    let i = r.points.iter().position(|p| p.architecture == Architecture::X86_64 && p.memory_mb == 512).unwrap();
    r.points[i].error_ratio = 0.05;
    assert!(r.recommendations.pareto.contains(&i));
    (r, i)
}

#[test]
fn an_over_budget_setting_is_hollow_and_off_the_frontier() {
    let (r, i) = over_budget();
    assert_eq!(marks::standing_of(&r, i), crate::recommend::Standing::OverBudget);
    let svg = pareto(&r);
    check_common(&svg, &pareto::title(&r));
    assert!(has_text(&svg, "over the error budget (timeouts): not a candidate"));
    // Hollow: a white disc under an outline in the architecture's blue, once in the plot and once in the legend.
    let c = circle_list(&svg);
    let hollow: Vec<_> = c.iter().filter(|k| k.3 == "#FFFFFF").collect();
    assert_eq!(hollow.len(), 2, "{c:?}");
    let (hx, hy) = (hollow[1].0, hollow[1].1);
    assert!(c.iter().any(|k| (k.0, k.1) == (hx, hy) && k.3 == "none" && k.4 == "#0072B2"));
    // The frontier (black, 2 px, past the legend's row) runs through the other x86_64 points but not this one.
    let frontier: Vec<(i32, i32)> =
        polylines(&svg, "#000000", 2).into_iter().filter(|l| l.len() > 2 && l[0].1 > 120).flatten().collect();
    assert!(!frontier.is_empty(), "a frontier is drawn");
    assert!(!frontier.contains(&(hx, hy)), "the over-budget point at ({hx}, {hy}) is off {frontier:?}");
    // In the power-tuning and bill charts it is hollow too, and the legend says why.
    for svg in [power_tuning(&r), bill(&r)] {
        assert!(has_text(&svg, "over the error budget (timeouts): not a candidate"));
        assert!(circle_list(&svg).iter().filter(|k| k.3 == "#FFFFFF").count() >= 2);
    }
}

#[test]
fn a_rare_job_is_priced_per_invocation_and_a_long_one_drawn_in_minutes() {
    // 300 invocations a month, p50 = 9.0 min (541,856 ms), others in proportion as point() makes them.
    let mut r = small();
    for p in &mut r.points {
        p.monthly_requests = Decimal::from(300);
        let k = 541_856.0 / p.latency.p50_ms;
        for v in [&mut p.latency.p50_ms, &mut p.latency.p90_ms, &mut p.latency.p95_ms, &mut p.latency.p99_ms] {
            *v *= k;
        }
    }
    r.scenario.timeout_ms = Some(900_000);
    let svg = power_tuning(&r);
    check_common(&svg, &power_tuning::title(&r));
    assert!(has_text(&svg, "Cost per invocation [USD]"));
    assert!(has_text(&svg, "Latency, p50 and p95 [min]"));
    // p95 = 1.7 × 9.03 min = 15.4 min, the 15-minute timeout inside it: drawn, labelled in minutes.
    assert!(has_text(&svg, "timeout 15 min"));
    // Per invocation: x86_64 1,024 MB costs 100 + 1,024 = 1,124 cents = $11.24 per million = $0.00001124
    // each; the axis runs to 1.15 × that = 0.0000129 in steps of 0.000005: ticks 0.000005 and 0.000010.
    assert!(has_text(&svg, "0.000005") && has_text(&svg, "0.000010"));
    assert!(!texts(&svg).iter().any(|t| t.4.contains("1,000,000") || t.4.contains("541,856")));
}

#[test]
fn reference_lines_are_drawn_in_range_and_noted_out_of_it() {
    let mut r = small();
    r.scenario.recommend.slo_ms = Some(150.0);
    // Latency chart: the CDF reaches p50 × (0.5 + 1.0) + p50 = 2.5 × 59.06 = 147.7 ms (the cost pick's max); a
    // 150 ms objective is within 1.5 × of that (≤ 221.5 ms): drawn (legend and line label); the 3,000 ms
    // timeout, 20 × beyond, only noted.
    let svg = latency(&r);
    check_common(&svg, &latency::title(&r));
    let all: Vec<String> = texts(&svg).into_iter().map(|t| t.4).collect();
    assert_eq!(all.iter().filter(|t| *t == "objective p99 ≤ 150 ms").count(), 2, "{all:?}");
    assert!(has_text(&svg, "timeout 3,000 ms: far above the values drawn"));
    assert!(!has_text(&svg, "timeout 3,000 ms"));
    // A 200 ms timeout is within 1.5 × of the data: drawn, and the axis stretched to reach it.
    r.scenario.timeout_ms = Some(200);
    let svg = latency(&r);
    assert_eq!(texts(&svg).iter().filter(|t| t.4 == "timeout 200 ms").count(), 2);
    // Concurrency: at most 7 busy environments; a limit of 1,000 is noted, one of 8 drawn.
    let svg = concurrency(&r);
    assert!(has_text(&svg, "concurrency limit 1,000: far above the values drawn"));
    r.scenario.concurrency_limit = Some(8);
    let svg = concurrency(&r);
    check_common(&svg, &concurrency::title(&r));
    assert_eq!(texts(&svg).iter().filter(|t| t.4 == "concurrency limit 8").count(), 2);
}

#[test]
fn a_dashed_legend_swatch_shows_its_gaps() {
    // Dashes of 8 px, gaps of 5 px over a 34 px swatch: dashes at 0–8, 13–21, 26–34. The 3 px marker in the
    // middle (17 ± 3 = 14–20) covers no gap.
    let dashes = style::swatch_dashes(style::Dash::Dashed, style::SWATCH);
    assert_eq!(dashes, [(0, 8), (13, 21), (26, 34)]);
    let mid = style::SWATCH / 2;
    assert!(dashes.windows(2).all(|w| mid - 3 >= w[0].1 || mid + 3 <= w[1].0 || (mid - 3 >= w[1].0)));
    // In the power-tuning legend (first row at y = 56 + 10 = 66): x86_64's solid cost line is one polyline,
    // its dashed p50 three, its dotted p95 (2 on, 4 off: 0, 6, …, 30) six; a marker only on the cost swatch.
    let svg = power_tuning(&small());
    let row: Vec<_> = polylines(&svg, "#0072B2", 4).into_iter().filter(|l| l.iter().all(|p| p.1 == 66)).collect();
    assert_eq!(row.len(), 1 + 3 + 6, "{row:?}");
    let legend_markers = circle_list(&svg).into_iter().filter(|c| c.1 == 66).count();
    assert_eq!(legend_markers, 2, "x86_64 cost and arm64 cost only");
}

#[test]
fn labels_never_overlap_each_other_or_the_points() {
    for (what, svg) in
        [("pareto", pareto(&large())), ("power tuning", power_tuning(&large())), ("latency", latency(&small()))]
    {
        let boxes = label_boxes(&svg);
        assert!(!boxes.is_empty(), "{what} has labels");
        for (k, a) in boxes.iter().enumerate() {
            for b in &boxes[k + 1..] {
                assert!(!(a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3), "{what}: {a:?} and {b:?} overlap");
            }
            for c in circle_list(&svg) {
                let inside = c.0 > a.0 && c.0 < a.2 && c.1 > a.1 && c.1 < a.3;
                assert!(!inside, "{what}: label {a:?} covers the point at ({}, {})", c.0, c.1);
            }
        }
    }
}

#[test]
fn coincident_architectures_both_show() {
    // point() makes x86_64 and arm64 identical: every arm64 marker sits on an x86_64 one, which is drawn first
    // and 2 px larger, so that it shows as a rim.
    let svg = pareto(&small());
    let c = circle_list(&svg);
    let arm: Vec<usize> = (0..c.len()).filter(|&k| c[k].3 == "#D55E00" && c[k].1 > 100).collect();
    assert_eq!(arm.len(), 2, "two feasible arm64 settings");
    for k in arm {
        let under = c[..k].iter().find(|x| (x.0, x.1) == (c[k].0, c[k].1) && x.3 == "#0072B2");
        assert_eq!(under.map(|x| x.2), Some(c[k].2 + 2), "an x86_64 rim under {:?}", c[k]);
    }
}
