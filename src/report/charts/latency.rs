//! The latency distribution of the recommended settings: cumulative distribution with the percentile axis on a
//! "nines" scale (50, 90, 99, 99.9, … equally spaced) so that the cold-start tail is as visible as the median.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, Area, Axis, Callout, Dash, DrawResult, Entry, Glyph, GREY};
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
/// [ms] (logarithmic when it spans more than 30×), y = percentile [%] on a nines scale; one line per recommended
/// setting in its architecture's colour (patterns tell settings of one architecture apart), p99 and p99.9
/// marked on each line and as reference lines, p99 values labelled.
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
        styles.push((color, dashes[same % 3]));
    }
    let entries: Vec<Entry> = picks
        .iter()
        .zip(&styles)
        .map(|(&i, &(color, dash))| {
            Entry::new(pick_label(report, i), Glyph::Line { color, width: 2, dash, marker: true })
        })
        .collect();
    let body = style::legend(&body, &entries)?;
    if picks.is_empty() {
        let msg = if report.points.iter().any(|p| p.feasible) {
            "No recommended setting in this report"
        } else {
            "No feasible setting, so nothing to recommend"
        };
        return style::note(&body, msg);
    }

    let all_ms = picks.iter().flat_map(|&i| report.points[i].objective_cdf().iter().map(|&(_, ms)| ms));
    let (lo, hi) = all_ms
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (if v > 0.0 { lo.min(v) } else { lo }, hi.max(v)));
    let x = Axis::auto(if lo.is_finite() { lo } else { 0.0 }, hi, 10);
    let what = match report.scenario.trigger.kind {
        TriggerKind::Sync => "Latency seen by callers, INIT included",
        TriggerKind::Sqs => "Message age when processed, waiting and retries included",
        TriggerKind::Async | TriggerKind::Schedule => "End-to-end time per event, waiting and retries included",
    };
    let x_desc = if x.is_log() { format!("{what} [ms, log scale]") } else { format!("{what} [ms]") };
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
    for q in MARKED {
        let y = area.map_coordinate(&(x.low(), q)).1;
        let mut s = px.start;
        while s < px.end {
            root.draw(&PathElement::new(vec![(s, y), ((s + 6).min(px.end), y)], GREY.stroke_width(1)))?;
            s += 10;
        }
        let label = style::text(11.0, GREY, HPos::Right, VPos::Bottom);
        root.draw(&Text::new(format!("p{q}"), (px.end - 4, y - 2), label))?;
    }
    let n = picks.len();
    let r = style::marker_radius(4 * n);
    let mut callouts = Vec::new();
    for (&i, &(color, dash)) in picks.iter().zip(&styles) {
        let cdf: Vec<(f64, f64)> = report.points[i]
            .objective_cdf()
            .iter()
            .filter(|(q, ms)| q.is_finite() && ms.is_finite() && (!x.is_log() || *ms > 0.0))
            .map(|&(q, ms)| (ms, q))
            .collect();
        style::line(area, &cdf, color, 2, dash)?;
        for q in MARKED {
            if let Some(&(ms, _)) = cdf.iter().find(|(_, p)| (*p - q).abs() < 1e-9) {
                area.draw(&Circle::new((ms, q), r, color.filled()))?;
                if q == 99.0 {
                    callouts.push(Callout {
                        at: area.map_coordinate(&(ms, q)),
                        text: format!("{} ms", style::fmt_sig(ms)),
                    });
                }
            }
        }
    }
    style::callouts(root, callouts, ((px.start, py.start), (px.end, py.end)))?;
    Ok(())
}
