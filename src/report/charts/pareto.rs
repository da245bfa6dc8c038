//! Monthly cost against p99 latency: every feasible setting, the Pareto frontier (no setting is both cheaper and
//! faster than one on it) as a step line, the recommended settings labelled.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, Area, Axis, Callout, Dash, DrawResult, Entry, Glyph, GREY, INK};
use super::{architectures, f, pick_label, recommended};
use crate::report::run::RunReport;
use crate::trigger::TriggerKind;

/// The chart's title.
pub(crate) fn title(report: &RunReport) -> String {
    format!("{}: monthly cost against p99 latency", report.scenario.name)
}

/// Cost against p99 as an SVG document: x = p99 caller latency [ms] (logarithmic when it spans more than 30×),
/// y = monthly cost [USD]; one marker per feasible setting in its architecture's colour, the Pareto frontier as
/// a black step line, the recommended settings ringed and labelled. Out-of-memory settings are left out and
/// counted in a note.
pub fn pareto(report: &RunReport) -> String {
    let title = title(report);
    style::render(&title, |root| draw(root, report, &title))
}

fn draw(root: &Area, report: &RunReport, title: &str) -> DrawResult {
    let body = style::header(root, report, title)?;
    let points = &report.points;
    let ok = |i: &usize| {
        points[*i].feasible
            && points[*i].objective_latency().p99_ms.is_finite()
            && f(points[*i].monthly_cost).is_finite()
    };
    let feasible: Vec<usize> = (0..points.len()).filter(ok).collect();
    let mut frontier: Vec<usize> =
        report.recommendations.pareto.iter().copied().filter(|&i| i < points.len()).filter(ok).collect();
    let picks: Vec<usize> = recommended(report).into_iter().filter(ok).collect();

    let archs = architectures(report);
    let mut entries: Vec<Entry> =
        archs.iter().map(|&a| Entry::new(a.as_str(), Glyph::Dot(style::arch_color(a)))).collect();
    if !frontier.is_empty() {
        entries.push(Entry::new(
            "Pareto frontier",
            Glyph::Line { color: INK, width: 2, dash: Dash::Solid, marker: false },
        ));
    }
    if !picks.is_empty() {
        entries.push(Entry::new("recommended", Glyph::Ring));
    }
    let body = style::legend(&body, &entries)?;
    if feasible.is_empty() {
        let msg = if points.is_empty() {
            "No setting was simulated"
        } else {
            "No feasible setting: every memory size simulated ran out of memory"
        };
        return style::note(&body, msg);
    }

    let p99 = |i: usize| points[i].objective_latency().p99_ms;
    let cost = |i: usize| f(points[i].monthly_cost);
    let positive = feasible.iter().map(|&i| p99(i)).filter(|v| *v > 0.0);
    let x_lo = positive.clone().fold(f64::INFINITY, f64::min);
    let x_hi = feasible.iter().map(|&i| p99(i)).fold(0.0, f64::max);
    let c_lo = feasible.iter().map(|&i| cost(i)).fold(f64::INFINITY, f64::min);
    let c_hi = feasible.iter().map(|&i| cost(i)).fold(f64::NEG_INFINITY, f64::max);
    let x = Axis::auto(if x_lo.is_finite() { x_lo } else { 0.0 }, x_hi, 10);
    let y = if c_lo < 0.0 {
        let span = (c_hi - c_lo).max(1.0);
        Axis::linear(c_lo - span * 0.08, c_hi + span * 0.08, 8)
    } else {
        Axis::auto(c_lo, c_hi, 8)
    };
    let what = match report.scenario.trigger.kind {
        TriggerKind::Sync => "p99 latency seen by callers",
        TriggerKind::Sqs => "p99 message age when processed",
        TriggerKind::Async | TriggerKind::Schedule => "p99 end-to-end time per event",
    };
    let x_desc = if x.is_log() { format!("{what} [ms, log scale]") } else { format!("{what} [ms]") };
    let y_desc = if y.is_log() { "Monthly cost [USD, log scale]" } else { "Monthly cost [USD]" };
    let mut chart = ChartBuilder::on(&body)
        .margin_left(12)
        .margin_right(24)
        .margin_bottom(8)
        .margin_top(6)
        .x_label_area_size(44)
        .y_label_area_size(78)
        .build_cartesian_2d(x.clone(), y)?;
    style::mesh(&mut chart, &x_desc, y_desc)?;
    let area = chart.plotting_area();

    frontier.sort_by(|&a, &b| p99(a).total_cmp(&p99(b)).then(cost(b).total_cmp(&cost(a))));
    let usable = |i: usize| !x.is_log() || p99(i) > 0.0;
    frontier.retain(|&i| usable(i));
    let mut path = Vec::new();
    for (k, &i) in frontier.iter().enumerate() {
        if k > 0 {
            path.push((p99(i), cost(frontier[k - 1])));
        }
        path.push((p99(i), cost(i)));
    }
    style::line(area, &path, INK, 2, Dash::Solid)?;

    let per_arch = archs.iter().map(|a| feasible.iter().filter(|&&i| points[i].architecture == *a).count()).max();
    let r = style::marker_radius(per_arch.unwrap_or(0));
    for &a in &archs {
        let color = style::arch_color(a);
        let mine = feasible.iter().copied().filter(|&i| points[i].architecture == a && usable(i));
        chart.draw_series(mine.map(|i| Circle::new((p99(i), cost(i)), r, color.mix(0.85).filled())))?;
    }
    let area = chart.plotting_area();
    let callouts: Vec<Callout> = picks
        .iter()
        .filter(|&&i| usable(i))
        .map(|&i| Callout { at: area.map_coordinate(&(p99(i), cost(i))), text: pick_label(report, i) })
        .collect();
    for c in &callouts {
        root.draw(&Circle::new(c.at, r + 4, INK.stroke_width(2)))?;
    }
    let (px, py) = area.get_pixel_range();
    let oom = points.len() - feasible.len();
    if oom > 0 {
        let what = if oom == 1 { "setting" } else { "settings" };
        let msg = format!("{oom} out-of-memory {what} not shown");
        root.draw(&Text::new(msg, (px.end - 6, py.start + 4), style::text(11.0, GREY, HPos::Right, VPos::Top)))?;
    }
    style::callouts(root, callouts, ((px.start, py.start + 18), (px.end, py.end)))?;
    Ok(())
}
