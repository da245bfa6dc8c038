//! The power-tuning chart: cost per million invocations (left axis) and p50/p95 latency (right axis) by memory
//! size, one colour per architecture, recommended settings ringed and labelled, out-of-memory sizes as hollow
//! markers on the memory axis.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, Area, Axis, Callout, Dash, DrawResult, Entry, Glyph, GREY, INK};
use super::{architectures, f, pick_label, recommended};
use crate::report::run::RunReport;

/// The chart's title.
pub(crate) fn title(report: &RunReport) -> String {
    format!("{}: power tuning, cost and latency by memory size", report.scenario.name)
}

/// The power-tuning chart of `report` as an SVG document: x = memory [MB], left y = cost per million
/// invocations [USD], right y = p50 and p95 latency [ms]; one colour per architecture (cost solid with markers,
/// p50 dashed, p95 dotted); recommended settings ringed and labelled (`cost`, `speed`, `balanced`, `slo`);
/// out-of-memory sizes as hollow markers on the memory axis, marked "OOM".
pub fn power_tuning(report: &RunReport) -> String {
    let title = title(report);
    style::render(&title, |root| draw(root, report, &title))
}

fn draw(root: &Area, report: &RunReport, title: &str) -> DrawResult {
    let body = style::header(root, report, title)?;
    let archs = architectures(report);
    let points = &report.points;
    let any_infeasible = points.iter().any(|p| !p.feasible);
    let picks: Vec<usize> = recommended(report).into_iter().filter(|&i| points[i].feasible).collect();

    let mut entries = Vec::new();
    for &a in &archs {
        let color = style::arch_color(a);
        entries.push(Entry::new(format!("{a} cost"), Glyph::Line { color, width: 2, dash: Dash::Solid, marker: true }));
        entries
            .push(Entry::new(format!("{a} p50"), Glyph::Line { color, width: 2, dash: Dash::Dashed, marker: false }));
        entries
            .push(Entry::new(format!("{a} p95"), Glyph::Line { color, width: 2, dash: Dash::Dotted, marker: false }));
    }
    if !picks.is_empty() {
        entries.push(Entry::new("recommended", Glyph::Ring));
    }
    if any_infeasible {
        entries.push(Entry::new("out of memory (OOM)", Glyph::Hollow(GREY)));
    }
    let body = style::legend(&body, &entries)?;

    let feasible: Vec<usize> = (0..points.len()).filter(|&i| points[i].feasible).collect();
    if feasible.is_empty() {
        let msg = if points.is_empty() {
            "No setting was simulated"
        } else {
            "No feasible setting: every memory size simulated ran out of memory"
        };
        return style::note(&body, msg);
    }

    let mem_lo = points.iter().map(|p| p.memory_mb).min().unwrap_or(128) as f64;
    let mem_hi = points.iter().map(|p| p.memory_mb).max().unwrap_or(128) as f64;
    let pad = ((mem_hi - mem_lo) * 0.04).max(64.0);
    let cost_hi = feasible.iter().map(|&i| f(points[i].cost_per_million)).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let lat_hi = feasible.iter().map(|&i| points[i].latency.p95_ms).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let x = Axis::linear((mem_lo - pad).max(0.0), mem_hi + pad, 10);
    let y = Axis::linear(0.0, if cost_hi > 0.0 { cost_hi * 1.15 } else { 1.0 }, 8);
    let y2 = Axis::linear(0.0, if lat_hi > 0.0 { lat_hi * 1.15 } else { 1.0 }, 8);

    let mut chart = ChartBuilder::on(&body)
        .margin_left(12)
        .margin_right(12)
        .margin_bottom(8)
        .margin_top(6)
        .x_label_area_size(44)
        .y_label_area_size(78)
        .right_y_label_area_size(78)
        .build_cartesian_2d(x.clone(), y)?
        .set_secondary_coord(x, y2);
    style::mesh(&mut chart, "Memory [MB]", "Cost per million invocations [USD]")?;
    chart
        .configure_secondary_axes()
        .y_desc("Latency p50, p95 [ms]")
        .label_style(style::font(12.0, INK))
        .axis_desc_style(style::font(13.0, INK))
        .axis_style(GREY.stroke_width(1))
        .draw()?;

    let per_arch = archs.iter().map(|a| points.iter().filter(|p| p.architecture == *a).count()).max().unwrap_or(0);
    let r = style::marker_radius(per_arch);
    // Runs of feasible points in memory order, per architecture: a line never bridges an out-of-memory size.
    let mut runs: Vec<(RGBColor, Vec<usize>)> = Vec::new();
    for &a in &archs {
        let color = style::arch_color(a);
        runs.push((color, vec![]));
        for i in (0..points.len()).filter(|&i| points[i].architecture == a) {
            if points[i].feasible {
                runs.last_mut().expect("never empty").1.push(i);
            } else if !runs.last().expect("never empty").1.is_empty() {
                runs.push((color, vec![]));
            }
        }
    }
    runs.retain(|(_, r)| !r.is_empty());
    let at = |i: usize, v: f64| (points[i].memory_mb as f64, v);
    // Latencies first, so that the cost lines and their markers stay on top.
    for (color, run) in &runs {
        let p50: Vec<_> = run.iter().map(|&i| at(i, points[i].latency.p50_ms)).collect();
        let p95: Vec<_> = run.iter().map(|&i| at(i, points[i].latency.p95_ms)).collect();
        let secondary = chart.borrow_secondary().plotting_area();
        style::line(secondary, &p50, *color, 2, Dash::Dashed)?;
        style::line(secondary, &p95, *color, 2, Dash::Dotted)?;
    }
    for (color, run) in &runs {
        let cost: Vec<_> = run.iter().map(|&i| at(i, f(points[i].cost_per_million))).collect();
        style::line(chart.plotting_area(), &cost, *color, 2, Dash::Solid)?;
        chart.draw_series(cost.iter().map(|&c| Circle::new(c, r, color.filled())))?;
    }

    // Out-of-memory sizes: hollow markers sitting on the memory axis, one row per architecture, and a note.
    let area = chart.plotting_area();
    let base = area.map_coordinate(&(mem_lo, 0.0)).1;
    for (k, &a) in archs.iter().enumerate() {
        let color = style::arch_color(a);
        let oom: Vec<(i32, i32)> = points
            .iter()
            .filter(|p| p.architecture == a && !p.feasible)
            .map(|p| {
                let (px, _) = area.map_coordinate(&(p.memory_mb as f64, 0.0));
                (px, base - r as i32 - 3 - k as i32 * (2 * r as i32 + 4))
            })
            .collect();
        for &c in &oom {
            root.draw(&Circle::new(c, r, color.stroke_width(2)))?;
        }
        if let Some(&(x, y)) = oom.last() {
            let label = style::text(11.0, color, HPos::Left, VPos::Center);
            root.draw(&Text::new("OOM", (x + r as i32 + 4, y), label))?;
        }
    }

    let callouts = picks
        .iter()
        .map(|&i| Callout {
            at: area.map_coordinate(&(points[i].memory_mb as f64, f(points[i].cost_per_million))),
            text: pick_label(report, i),
        })
        .collect::<Vec<_>>();
    for c in &callouts {
        root.draw(&Circle::new(c.at, r + 4, INK.stroke_width(2)))?;
    }
    let px = area.get_pixel_range();
    style::callouts(root, callouts, ((px.0.start, px.1.start), (px.0.end, px.1.end)))?;
    Ok(())
}
