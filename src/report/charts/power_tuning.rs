//! The power-tuning chart as two aligned panels over one memory axis: cost per invocations (per million, per
//! 1,000 or per invocation, as the monthly volume calls for) on top, p50 and the objective's percentile latency
//! below. Two panels instead of one chart with two y axes, so that where the cost and latency lines cross (a
//! coincidence of two unrelated scales) no longer looks like an optimum.
//!
//! Settings over the scenario's budgets are hollow, out-of-memory ones an × along the memory axis; recommended
//! settings carry their pick's shape and a label; the objective and the timeout are reference lines.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::labels::{self, Callout, Obstacles};
use super::marks::{self, Mark};
use super::refline::{self, Fitted};
use super::style::{self, Area, Axis, Dash, DrawResult, Entry, Glyph, Marker, GREY, INK};
use super::units::{CostUnit, TimeUnit};
use super::{architectures, f, pick_label, recommended};
use crate::recommend::Standing;
use crate::report::run::RunReport;
use crate::sweep::Point;
use crate::trigger::TriggerKind;
use crate::Architecture;

/// The chart's title.
pub(crate) fn title(report: &RunReport) -> String {
    format!("{}: power tuning, cost and latency by memory size", report.scenario.name)
}

/// The power-tuning chart of `report` as an SVG document: x = memory [MB]; top panel y = cost per million,
/// 1,000 or one invocation [USD], solid lines with markers; bottom panel y = p50 (dashed) and the objective's
/// percentile (dotted, p95 without an objective) latency [ms, s or min]; one colour per architecture;
/// recommended settings marked by their pick's shape and labelled (`cost`, `speed`, `balanced`, `slo`,
/// `today`); settings over the budgets hollow, out-of-memory ones as × on the memory axis.
pub fn power_tuning(report: &RunReport) -> String {
    let title = title(report);
    style::render(&title, |root| draw(root, report, &title))
}

/// The percentile the lower panel draws besides p50: the objective's, else p95 [%].
fn tail_percentile(report: &RunReport) -> f64 {
    let spec = &report.scenario.recommend;
    if spec.slo_ms.is_some() {
        spec.slo_percentile
    } else {
        95.0
    }
}

/// One architecture's points in memory order, split where a size ran out of memory (no line bridges it).
fn runs(points: &[Point], arch: Architecture) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = vec![vec![]];
    for i in (0..points.len()).filter(|&i| points[i].architecture == arch) {
        if points[i].feasible {
            out.last_mut().expect("never empty").push(i);
        } else if !out.last().expect("never empty").is_empty() {
            out.push(vec![]);
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

fn draw(root: &Area, report: &RunReport, title: &str) -> DrawResult {
    let body = style::header(root, report, title)?;
    let archs = architectures(report);
    let points = &report.points;
    let feasible: Vec<usize> = (0..points.len()).filter(|&i| points[i].feasible).collect();
    let standing: Vec<Standing> = (0..points.len()).map(|i| marks::standing_of(report, i)).collect();
    let q = tail_percentile(report);
    let q_name = format!("p{}", style::fmt_sig(q));
    let volume = points.iter().map(|p| f(p.monthly_requests)).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let cost_unit = CostUnit::for_volume(volume);
    let lat_hi = feasible.iter().map(|&i| points[i].objective_latency().at_or_above(q)).filter(|v| v.is_finite());
    let lat_hi = lat_hi.fold(0.0, f64::max);
    let sync = report.scenario.trigger.kind == TriggerKind::Sync;
    let fitted = refline::fit(lat_hi, refline::latency_lines(report, Some(q), sync));
    let unit = TimeUnit::for_max(fitted.hi);

    let two = archs.len() > 1;
    let mut entries = Vec::new();
    for (k, &a) in archs.iter().enumerate() {
        let (color, (_, width)) = (style::arch_color(a), style::layer(k, two));
        let line = |dash, marker| Glyph::Line { color, width, dash, marker };
        entries.push(Entry::new(format!("{a} cost"), line(Dash::Solid, Some(Marker::Dot))));
        entries.push(Entry::new(format!("{a} p50"), line(Dash::Dashed, None)));
        entries.push(Entry::new(format!("{a} {q_name}"), line(Dash::Dotted, None)));
    }
    entries.extend(marks::used(report).into_iter().map(|m| Entry::new(m.label(), Glyph::Mark(m))));
    if let Some(words) = marks::over_budget_words(report) {
        entries.push(Entry::new(words, Glyph::Hollow(GREY)));
    }
    if feasible.len() < points.len() {
        entries.push(Entry::new("out of memory (OOM): no cost or latency to show", Glyph::Cross(GREY)));
    }
    entries.extend(refline::entries(&fitted));
    let body = style::legend(&body, &entries)?;

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
    let cost = |i: usize| cost_unit.of(f(points[i].cost_per_million));
    let cost_hi = feasible.iter().map(|&i| cost(i)).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let x = Axis::linear((mem_lo - pad).max(0.0), mem_hi + pad, 10);
    let h = body.dim_in_pixel().1;
    let (top, bottom) = body.split_vertically((h as f64 * 0.46) as u32);
    let y_cost = Axis::linear(0.0, if cost_hi > 0.0 { cost_hi * 1.15 } else { 1.0 }, 5);
    let mut upper = panel(&top, false).build_cartesian_2d(x.clone(), y_cost)?;
    style::mesh_with(&mut upper, "", "", false)?;
    let y_hi = if fitted.hi > 0.0 { unit.of(fitted.hi) * 1.12 } else { 1.0 };
    let mut lower = panel(&bottom, true).build_cartesian_2d(x, Axis::linear(0.0, y_hi, 5))?;
    let what = if sync { "Latency" } else { "End-to-end time" };
    style::mesh(&mut lower, "Memory [MB]", "")?;
    // Each panel's title above its top-left corner: a rotated axis title would not fit a half-height panel.
    for (area, caption) in [
        (upper.plotting_area(), cost_unit.title(&report.catalog.currency)),
        (lower.plotting_area(), format!("{what}, p50 and {q_name} [{}]", unit.symbol())),
    ] {
        let (px, py) = area.get_pixel_range();
        let style = style::text(12.5, INK, HPos::Left, VPos::Bottom);
        root.draw(&Text::new(caption, (px.start, py.start - 3), style))?;
    }

    let r = style::marker_radius(
        archs.iter().map(|a| points.iter().filter(|p| p.architecture == *a).count()).max().unwrap_or(0),
    ) as i32;
    let up = upper.plotting_area();
    let low = lower.plotting_area();
    let mut obstacles = Obstacles::default();
    let lat = |i: usize, q: f64| unit.of(points[i].objective_latency().at_or_above(q));
    for (k, &a) in archs.iter().enumerate() {
        let (color, (extra, width)) = (style::arch_color(a), style::layer(k, two));
        for run in runs(points, a) {
            let at = |i: usize, v: f64| (points[i].memory_mb as f64, v);
            let pale = |i: usize| standing[i] != Standing::Eligible;
            let c: Vec<_> = run.iter().map(|&i| (at(i, cost(i)), pale(i))).collect();
            let p50: Vec<_> = run.iter().map(|&i| (at(i, lat(i, 50.0)), pale(i))).collect();
            let tail: Vec<_> = run.iter().map(|&i| (at(i, lat(i, q)), pale(i))).collect();
            pale_line(low, &p50, color, width, Dash::Dashed)?;
            pale_line(low, &tail, color, width, Dash::Dotted)?;
            pale_line(up, &c, color, width, Dash::Solid)?;
            let px: Vec<(i32, i32)> = c.iter().map(|(p, _)| up.map_coordinate(p)).collect();
            obstacles.line(&px, 2);
            for &i in &run {
                let at = up.map_coordinate(&at(i, cost(i)));
                obstacles.points.push((at, r + extra));
                if standing[i] == Standing::Eligible {
                    root.draw(&Circle::new(at, (r + extra) as u32, color.filled()))?;
                } else {
                    marks::hollow(root, at, (r + extra) as u32, color)?;
                    for q in [50.0, q] {
                        let at = low.map_coordinate(&(points[i].memory_mb as f64, lat(i, q)));
                        marks::hollow(root, at, (r - 1 + extra).max(2) as u32, color)?;
                    }
                }
            }
        }
    }

    // Out-of-memory sizes: an × on the memory axis, one row per architecture.
    for (k, &a) in archs.iter().enumerate() {
        let color = style::arch_color(a);
        // Only on the lower panel's axis: in the cost panel an × near zero would read as a cheap setting.
        let base = low.get_pixel_range().1.end;
        for p in points.iter().filter(|p| p.architecture == a && !p.feasible) {
            let x = low.map_coordinate(&(p.memory_mb as f64, 0.0)).0;
            marks::cross(root, (x, base - 6 - k as i32 * 11), 4, color)?;
        }
        if let Some(p) = points.iter().rfind(|p| p.architecture == a && !p.feasible) {
            let (x, _) = low.map_coordinate(&(p.memory_mb as f64, 0.0));
            let y = low.get_pixel_range().1.end - 6 - k as i32 * 11;
            root.draw(&Text::new("OOM", (x + 8, y), style::text(11.0, color, HPos::Left, VPos::Center)))?;
        }
    }

    reference_lines(root, low, unit, &fitted)?;
    // Labels go in the cost panel; the lower panel's reference lines and their labels are out of their way.
    let mut picks: Vec<usize> = recommended(report);
    picks.extend(report.recommendations.current.filter(|c| !picks.contains(c)));
    let mut callouts = Vec::new();
    let mut most = 1;
    for &i in picks.iter().filter(|&&i| i < points.len() && points[i].feasible) {
        let at = up.map_coordinate(&(points[i].memory_mb as f64, cost(i)));
        let m: Vec<Mark> = marks::marks(report, i);
        most = most.max(m.len());
        marks::draw_marks(root, at, r + 4, &m)?;
        callouts.push(Callout { at, text: pick_label(report, i) });
    }
    let (px, py) = up.get_pixel_range();
    let bounds = (px.start, py.start, px.end, py.end);
    labels::callouts(root, callouts, bounds, &obstacles, marks::reach(r + 4, most) + 2)?;
    Ok(())
}

/// A panel's chart builder: the two share margins and y-label width, so that their x axes line up.
fn panel<'a, 'b>(area: &'a Area<'b>, bottom: bool) -> ChartBuilder<'a, 'b, SVGBackend<'b>> {
    let mut b = ChartBuilder::on(area);
    b.margin_left(12)
        .margin_right(20)
        .margin_top(20)
        .margin_bottom(if bottom { 8 } else { 2 })
        .x_label_area_size(if bottom { 44 } else { 8 })
        .y_label_area_size(78);
    b
}

/// Draws the reference lines of `fitted` across the latency panel `area`.
fn reference_lines(
    root: &Area,
    area: &DrawingArea<SVGBackend<'_>, Cartesian2d<Axis, Axis>>,
    unit: TimeUnit,
    fitted: &Fitted,
) -> DrawResult {
    let (px, _) = area.get_pixel_range();
    let x0 = area.get_x_range().start;
    for l in &fitted.drawn {
        let y = area.map_coordinate(&(x0, unit.of(l.value))).1;
        refline::horizontal(root, y, (px.start, px.end), &l.label)?;
    }
    Ok(())
}

/// A polyline whose segments touching a point over the budgets (flagged `true`) are drawn pale: runs of
/// segments alike are drawn as one line, so that dashes flow along it.
fn pale_line(
    area: &DrawingArea<SVGBackend<'_>, Cartesian2d<Axis, Axis>>,
    pts: &[((f64, f64), bool)],
    color: RGBColor,
    width: u32,
    dash: Dash,
) -> DrawResult {
    let mut k = 0;
    while k + 1 < pts.len() {
        let pale = pts[k].1 || pts[k + 1].1;
        let mut run = vec![pts[k].0, pts[k + 1].0];
        k += 1;
        while k + 1 < pts.len() && (pts[k].1 || pts[k + 1].1) == pale {
            run.push(pts[k + 1].0);
            k += 1;
        }
        let c = if pale { style::lighten(color, 0.6) } else { color };
        style::line(area, &run, c, width, dash)?;
    }
    Ok(())
}
