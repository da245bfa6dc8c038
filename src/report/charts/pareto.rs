//! Monthly cost against p99 latency: every setting that ran (over-budget ones hollow), the Pareto frontier among
//! the eligible ones (no eligible setting is both cheaper and faster than one on it) as a step line, the
//! recommended settings marked by their pick's shape and labelled, the objective and timeout as lines.

use plotters::prelude::*;

use super::labels::{self, Callout, Obstacles};
use super::marks::{self, Mark};
use super::refline::{self, RefLine};
use super::style::{self, Area, Axis, Dash, DrawResult, Entry, Glyph, GREY, INK};
use super::units::TimeUnit;
use super::{architectures, f, pick_label, recommended};
use crate::recommend::Standing;
use crate::report::run::RunReport;
use crate::trigger::TriggerKind;

/// The chart's title.
pub(crate) fn title(report: &RunReport) -> String {
    format!("{}: monthly cost against p99 latency", report.scenario.name)
}

/// Cost against p99 as an SVG document: x = p99 caller latency [ms, s or min] (logarithmic when it spans more
/// than 30×), y = monthly cost [USD]; one marker per setting that ran in its architecture's colour, hollow when
/// over the scenario's budgets; the Pareto frontier (eligible settings only) as a black step line; the
/// recommended settings and today's marked by shape and labelled. Out-of-memory settings are left out and
/// counted in the legend.
pub fn pareto(report: &RunReport) -> String {
    let title = title(report);
    style::render(&title, |root| draw(root, report, &title))
}

/// The reference lines of a p99 axis in `unit`: the objective only when it is a p99 one (else it is noted, as
/// another percentile's bound cannot be drawn on this axis), the timeout labelled for what it bounds.
fn lines(report: &RunReport) -> (Vec<RefLine>, Vec<String>) {
    let spec = &report.scenario.recommend;
    let lines = refline::latency_lines(report, Some(99.0), report.scenario.trigger.kind == TriggerKind::Sync);
    let mut notes = Vec::new();
    if let (Some(ms), false) = (spec.slo_ms, (spec.slo_percentile - 99.0).abs() < 1e-9) {
        let q = style::fmt_sig(spec.slo_percentile);
        notes.push(format!("objective p{q} ≤ {}: not a p99 bound, not drawn", TimeUnit::for_max(ms).label(ms)));
    }
    (lines, notes)
}

fn draw(root: &Area, report: &RunReport, title: &str) -> DrawResult {
    let body = style::header(root, report, title)?;
    let points = &report.points;
    let ok = |i: &usize| {
        points[*i].feasible
            && points[*i].objective_latency().p99_ms.is_finite()
            && f(points[*i].monthly_cost).is_finite()
    };
    let shown: Vec<usize> = (0..points.len()).filter(ok).collect();
    let eligible = |i: usize| marks::standing_of(report, i) == Standing::Eligible;
    let mut frontier: Vec<usize> =
        report.recommendations.pareto.iter().copied().filter(|&i| i < points.len() && ok(&i) && eligible(i)).collect();
    let mut picks: Vec<usize> = recommended(report);
    picks.extend(report.recommendations.current.filter(|c| !picks.contains(c)));
    picks.retain(ok);

    let p99 = |i: usize| points[i].objective_latency().p99_ms;
    let cost = |i: usize| f(points[i].monthly_cost);
    let x_hi_ms = shown.iter().map(|&i| p99(i)).fold(0.0, f64::max);
    let (ref_lines, mut notes) = lines(report);
    let fitted = refline::fit(x_hi_ms, ref_lines);
    let unit = TimeUnit::for_max(fitted.hi);

    let archs = architectures(report);
    let two = archs.len() > 1;
    let per_arch = archs.iter().map(|a| shown.iter().filter(|&&i| points[i].architecture == *a).count()).max();
    let r = style::marker_radius(per_arch.unwrap_or(0)) as i32;
    let mut entries: Vec<Entry> = archs
        .iter()
        .enumerate()
        .map(|(k, &a)| {
            Entry::new(a.as_str(), Glyph::Dot(style::arch_color(a), (r.min(4) + style::layer(k, two).0) as u32))
        })
        .collect();
    match frontier.as_slice() {
        [] => {}
        // One setting is both the cheapest and the fastest eligible one: no line to draw, so none in the legend.
        [one] => notes.push(format!("Pareto frontier: one setting, {}", super::setting(&points[*one]))),
        _ => {
            let line = Glyph::Line { color: INK, width: 2, dash: Dash::Solid, marker: None };
            entries.push(Entry::new("Pareto frontier (eligible settings)", line));
        }
    }
    entries.extend(marks::used(report).into_iter().map(|m| Entry::new(m.label(), Glyph::Mark(m))));
    if let Some(words) = marks::over_budget_words(report) {
        entries.push(Entry::new(words, Glyph::Hollow(GREY)));
    }
    let oom = points.iter().filter(|p| !p.feasible).count();
    if oom > 0 {
        let what = if oom == 1 { "setting" } else { "settings" };
        notes.push(format!("{oom} out-of-memory {what} not shown: no latency to plot"));
    }
    entries.extend(refline::entries(&fitted));
    entries.extend(notes.into_iter().map(|n| Entry::new(n, Glyph::Note)));
    let body = style::legend(&body, &entries)?;
    if shown.is_empty() {
        let msg = if points.is_empty() {
            "No setting was simulated"
        } else {
            "No feasible setting: every memory size simulated ran out of memory"
        };
        return style::note(&body, msg);
    }

    let positive = shown.iter().map(|&i| p99(i)).filter(|v| *v > 0.0);
    let x_lo = positive.clone().fold(f64::INFINITY, f64::min);
    // A log axis (ticks in their own units) stays in ms; a linear one is drawn in the unit its range calls for.
    let log = Axis::fit(if x_lo.is_finite() { x_lo } else { 0.0 }, fitted.hi, 10).is_log();
    let unit = if log { TimeUnit::Ms } else { unit };
    let x_of = |i: usize| unit.of(p99(i));
    let x_lo = unit.of(x_lo);
    let c_lo = shown.iter().map(|&i| cost(i)).fold(f64::INFINITY, f64::min);
    let c_hi = shown.iter().map(|&i| cost(i)).fold(f64::NEG_INFINITY, f64::max);
    let x = Axis::fit(if x_lo.is_finite() { x_lo } else { 0.0 }, unit.of(fitted.hi), 10);
    let x = if log { x.with_time_ticks() } else { x };
    let y = if c_lo < 0.0 {
        let span = (c_hi - c_lo).max(1.0);
        Axis::linear(c_lo - span * 0.08, c_hi + span * 0.08, 8)
    } else {
        Axis::fit(c_lo, c_hi, 8)
    };
    let what = match report.scenario.trigger.kind {
        TriggerKind::Sync => "p99 latency seen by callers",
        TriggerKind::Sqs => "p99 message age when processed",
        TriggerKind::Async | TriggerKind::Schedule => "p99 end-to-end time per event",
    };
    let sym = unit.symbol();
    let x_desc = if x.is_log() { format!("{what} [log scale]") } else { format!("{what} [{sym}]") };
    let y_desc = if y.is_log() { "Monthly cost [USD, log scale]" } else { "Monthly cost [USD]" };
    let mut chart = ChartBuilder::on(&body)
        .margin_left(12)
        .margin_right(24)
        .margin_bottom(8)
        .margin_top(6)
        .x_label_area_size(44)
        .y_label_area_size(78)
        .build_cartesian_2d(x.clone(), y.clone())?;
    style::mesh(&mut chart, &x_desc, y_desc)?;
    let area = chart.plotting_area();
    let (px, py) = area.get_pixel_range();
    let mut obstacles = Obstacles::default();
    for l in &fitted.drawn {
        let at = area.map_coordinate(&(unit.of(l.value), y.low())).0;
        obstacles.boxes.push(refline::vertical(root, at, (py.start, py.end), (px.start, px.end), &l.label)?);
        obstacles.boxes.push((at - 1, py.start, at + 1, py.end));
    }

    frontier.sort_by(|&a, &b| p99(a).total_cmp(&p99(b)).then(cost(b).total_cmp(&cost(a))));
    let usable = |i: usize| !x.is_log() || x_of(i) > 0.0;
    frontier.retain(|&i| usable(i));
    let mut path = Vec::new();
    for (k, &i) in frontier.iter().enumerate() {
        if k > 0 {
            path.push((x_of(i), cost(frontier[k - 1])));
        }
        path.push((x_of(i), cost(i)));
    }
    style::line(area, &path, INK, 2, Dash::Solid)?;
    obstacles.line(&path.iter().map(|p| area.map_coordinate(p)).collect::<Vec<_>>(), 2);

    for (k, &a) in archs.iter().enumerate() {
        let color = style::arch_color(a);
        let rad = r + style::layer(k, two).0;
        for i in shown.iter().copied().filter(|&i| points[i].architecture == a && usable(i)) {
            let at = area.map_coordinate(&(x_of(i), cost(i)));
            obstacles.points.push((at, rad));
            if eligible(i) {
                root.draw(&Circle::new(at, rad as u32, color.mix(0.9).filled()))?;
            } else {
                marks::hollow(root, at, rad as u32, color)?;
            }
        }
    }
    let mut callouts = Vec::new();
    let mut most = 1;
    for &i in picks.iter().filter(|&&i| usable(i)) {
        let at = area.map_coordinate(&(x_of(i), cost(i)));
        let m: Vec<Mark> = marks::marks(report, i);
        most = most.max(m.len());
        marks::draw_marks(root, at, r + 4, &m)?;
        callouts.push(Callout { at, text: pick_label(report, i) });
    }
    let bounds = (px.start, py.start, px.end, py.end);
    labels::callouts(root, callouts, bounds, &obstacles, marks::reach(r + 4, most) + 2)?;
    Ok(())
}
