//! The latency distribution of the recommended settings: cumulative distribution with the percentile axis on a
//! "nines" scale (50, 90, 99, 99.9, … equally spaced) so that the cold-start tail is as visible as the median.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::labels::{self, Callout, Obstacles};
use super::marks::{self, Mark};
use super::refline;
use super::style::{self, Area, Axis, Dash, DrawResult, Entry, Glyph, Marker, GREY};
use super::units::TimeUnit;
use super::{pick_label, recommended};
use crate::report::run::RunReport;
use crate::trigger::TriggerKind;

/// The chart's title.
pub(crate) fn title(report: &RunReport) -> String {
    format!("{}: latency distribution of the recommended settings", report.scenario.name)
}

/// Percentiles marked on every line [%].
const MARKED: [f64; 2] = [99.0, 99.9];

/// The latency distribution of the recommended settings as an SVG document: x = caller latency, INIT included
/// [ms, s or min as the range calls for] (logarithmic when it spans more than 30×), y = percentile [%] on a
/// nines scale; one line per recommended setting in its architecture's colour (patterns tell settings of one
/// architecture apart), p99 and p99.9 marked on each line in its pick's shape and as reference lines, p99
/// values labelled beside their own marker and in the legend; the objective and the timeout as vertical lines.
pub fn latency(report: &RunReport) -> String {
    let title = title(report);
    style::render(&title, |root| draw(root, report, &title))
}

fn draw(root: &Area, report: &RunReport, title: &str) -> DrawResult {
    let body = style::header(root, report, title)?;
    let picks: Vec<usize> = recommended(report)
        .into_iter()
        .filter(|&i| report.points[i].objective_cdf().iter().any(|&(q, ms)| q.is_finite() && ms.is_finite()))
        .collect();
    let dashes = [Dash::Solid, Dash::Dashed, Dash::Dotted];
    let mut styles = Vec::new();
    for (k, &i) in picks.iter().enumerate() {
        let arch = report.points[i].architecture;
        let same = picks[..k].iter().filter(|&&j| report.points[j].architecture == arch).count();
        let color = style::lighten(style::arch_color(arch), if same >= 3 { 0.45 } else { 0.0 });
        // Each line's markers take the shape of the first pick it is, as in every other chart.
        let mark = marks::marks(report, i).first().copied().unwrap_or(Mark::Today);
        styles.push((color, dashes[same % 3], mark));
    }

    let all_ms = picks.iter().flat_map(|&i| report.points[i].objective_cdf().iter().map(|&(_, ms)| ms));
    let (lo, hi) = all_ms
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (if v > 0.0 { lo.min(v) } else { lo }, hi.max(v)));
    let sync = report.scenario.trigger.kind == TriggerKind::Sync;
    let fitted = refline::fit(hi, refline::latency_lines(report, None, sync));
    // A log axis (ticks in their own units) stays in ms; a linear one is drawn in the unit its range calls for,
    // and its labels with it.
    let log = Axis::auto(if lo.is_finite() { lo } else { 0.0 }, fitted.hi, 10).is_log();
    let range_unit = TimeUnit::for_max(fitted.hi);
    let unit = if log { TimeUnit::Ms } else { range_unit };
    let label_of = |ms: f64| if log { TimeUnit::for_max(ms).label(ms) } else { range_unit.label(ms) };

    let mut entries: Vec<Entry> = picks
        .iter()
        .zip(&styles)
        .map(|(&i, &(color, dash, mark))| {
            let p99 = report.points[i].objective_cdf().iter().find(|(q, _)| (*q - 99.0).abs() < 1e-9).map(|p| p.1);
            let label = match p99 {
                Some(ms) => format!("{} (p99 {})", pick_label(report, i), label_of(ms)),
                None => pick_label(report, i),
            };
            Entry::new(label, Glyph::Line { color, width: 2, dash, marker: Some(Marker::Mark(mark)) })
        })
        .collect();
    entries.extend(refline::entries(&fitted));
    let body = style::legend(&body, &entries)?;
    if picks.is_empty() {
        let msg = if report.points.iter().any(|p| p.feasible) {
            "No recommended setting in this report"
        } else {
            "No feasible setting, so nothing to recommend"
        };
        return style::note(&body, msg);
    }

    let x = Axis::auto(if lo.is_finite() { unit.of(lo) } else { 0.0 }, unit.of(fitted.hi), 10);
    let x = if log { x.with_time_ticks() } else { x };
    let what = match report.scenario.trigger.kind {
        TriggerKind::Sync => "Latency seen by callers, INIT included",
        TriggerKind::Sqs => "Message age when processed, waiting and retries included",
        TriggerKind::Async | TriggerKind::Schedule => "End-to-end time per event, waiting and retries included",
    };
    let sym = unit.symbol();
    let x_desc = if x.is_log() { format!("{what} [log scale]") } else { format!("{what} [{sym}]") };
    let mut chart = ChartBuilder::on(&body)
        .margin_left(12)
        .margin_right(24)
        .margin_bottom(8)
        .margin_top(14)
        .x_label_area_size(44)
        .y_label_area_size(64)
        .build_cartesian_2d(x.clone(), Axis::nines())?;
    style::mesh(&mut chart, &x_desc, "Percentile [%]")?;

    let area = chart.plotting_area();
    let (px, py) = area.get_pixel_range();
    let mut obstacles = Obstacles::default();
    for q in MARKED {
        let y = area.map_coordinate(&(x.low(), q)).1;
        let mut s = px.start;
        while s < px.end {
            root.draw(&PathElement::new(vec![(s, y), ((s + 6).min(px.end), y)], GREY.stroke_width(1)))?;
            s += 10;
        }
        let label = style::text(11.0, GREY, HPos::Right, VPos::Bottom);
        root.draw(&Text::new(format!("p{q}"), (px.end - 4, y - 2), label))?;
        obstacles.boxes.push((px.end - 40, y - 16, px.end, y - 2));
    }
    for l in &fitted.drawn {
        let at = area.map_coordinate(&(unit.of(l.value), 50.0)).0;
        obstacles.boxes.push(refline::vertical(root, at, (py.start, py.end), (px.start, px.end), &l.label)?);
        obstacles.boxes.push((at - 1, py.start, at + 1, py.end));
    }
    let n = picks.len();
    let r = style::marker_radius(4 * n) as i32;
    let mut callouts = Vec::new();
    for (&i, &(color, dash, mark)) in picks.iter().zip(&styles) {
        let cdf: Vec<(f64, f64)> = report.points[i]
            .objective_cdf()
            .iter()
            .filter(|(q, ms)| q.is_finite() && ms.is_finite() && (!x.is_log() || *ms > 0.0))
            .map(|&(q, ms)| (unit.of(ms), q))
            .collect();
        style::line(area, &cdf, color, 2, dash)?;
        obstacles.line(&cdf.iter().map(|p| area.map_coordinate(p)).collect::<Vec<_>>(), 1);
        for q in MARKED {
            if let Some(&(v, _)) = cdf.iter().find(|(_, p)| (*p - q).abs() < 1e-9) {
                let at = area.map_coordinate(&(v, q));
                mark.fill(root, at, r, color)?;
                obstacles.points.push((at, r + 1));
                if q == 99.0 {
                    callouts.push(Callout { at, text: label_of(v * ms_per(unit)) });
                }
            }
        }
    }
    labels::callouts(root, callouts, (px.start, py.start, px.end, py.end), &obstacles, r + 3)?;
    Ok(())
}

/// Milliseconds in one `unit`.
fn ms_per(unit: TimeUnit) -> f64 {
    1.0 / unit.of(1.0)
}
