//! The queue over simulated time, for triggers where events wait (async, schedule, SQS): how many are waiting and
//! how old the oldest one is — what a team reviewing a queue watches (SQS's `ApproximateNumberOfMessagesVisible`
//! and `ApproximateAgeOfOldestMessage`, Lambda's `AsyncEventAge`).

use plotters::prelude::*;

use super::concurrency::{bucket_words, merged};
use super::pick_label;
use super::style::{self, Area, Axis, Dash, DrawResult, Entry, Glyph};
use crate::report::run::{PointTimeline, RunReport};

/// Most steps drawn across the chart.
const MAX_STEPS: usize = 360;

/// The chart's title.
pub(crate) fn title(report: &RunReport) -> String {
    format!(
        "{}: backlog and oldest waiting {} over simulated time",
        report.scenario.name,
        report.scenario.trigger.kind.unit()
    )
}

/// The queue as an SVG document, x = simulated time [h]. Top: most events or messages waiting at once per
/// bucket, one step line per recommended setting (the cost-optimal one filled). Bottom: the oldest waiting
/// one's age at its oldest per bucket [s], same lines. Both are the most per bucket, so a short burst shows.
pub fn queue(report: &RunReport) -> String {
    let title = title(report);
    style::render(&title, |root| draw(root, report, &title))
}

fn draw(root: &Area, report: &RunReport, title: &str) -> DrawResult {
    let body = style::header(root, report, title)?;
    let mut usable: Vec<&PointTimeline> = report
        .timelines
        .iter()
        .filter(|t| t.point < report.points.len() && !t.timeline.buckets.is_empty() && t.timeline.bucket_us > 0)
        .collect();
    let cost = report.recommendations.cost.as_ref().map(|p| p.index);
    // The cost-optimal setting first: it is the filled one.
    usable.sort_by_key(|t| Some(t.point) != cost);
    if usable.is_empty() {
        let body = style::legend(&body, &[])?;
        return style::note(&body, "No timeline of a recommended setting in this report");
    }
    let dashes = [Dash::Solid, Dash::Dashed, Dash::Dotted];
    let lines: Vec<_> = usable
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let arch = report.points[t.point].architecture;
            let same = usable[..k].iter().filter(|u| report.points[u.point].architecture == arch).count();
            (merged(t, MAX_STEPS), style::arch_color(arch), dashes[same % 3], t.point)
        })
        .collect();
    let bucket_us = lines[0].0 .1;
    let end = lines[0].0 .0.last().map_or(1.0, |x| x.1).max(report.scenario.horizon_hours as f64);
    let backlog_hi = lines.iter().flat_map(|l| l.0 .0.iter().map(|(_, _, b)| b.backlog)).max().unwrap_or(0) as f64;
    let age_hi =
        lines.iter().flat_map(|l| l.0 .0.iter().map(|(_, _, b)| b.oldest_age_ms)).max().unwrap_or(0) as f64 / 1e3;
    let unit = report.scenario.trigger.kind.unit();
    if backlog_hi == 0.0 && age_hi == 0.0 {
        // Two flat lines at zero would read as a broken chart: say what they mean, with no legend for lines that
        // are not drawn.
        let body = style::legend(&body, &[])?;
        return style::note(
            &body,
            &format!("No {unit} waited: every one started as it arrived, at every setting shown"),
        );
    }
    let entries: Vec<Entry> = lines
        .iter()
        .map(|(_, c, dash, i)| {
            Entry::new(pick_label(report, *i), Glyph::Line { color: *c, width: 2, dash: *dash, marker: None })
        })
        .collect();
    let body = style::legend(&body, &entries)?;
    let h = body.dim_in_pixel().1;
    let (top, bottom) = body.split_vertically((h as f64 * 0.5) as u32);

    let mut chart = ChartBuilder::on(&top)
        .margin_left(12)
        .margin_right(20)
        .margin_top(6)
        .x_label_area_size(28)
        .y_label_area_size(78)
        .build_cartesian_2d(Axis::linear(0.0, end, 12), Axis::linear(0.0, (backlog_hi * 1.12).max(1.0), 5))?;
    style::mesh(&mut chart, "", &format!("Waiting {unit}s"))?;
    let area = chart.plotting_area();
    for (k, ((m, _), color, dash, _)) in lines.iter().enumerate() {
        let pts: Vec<(f64, f64)> =
            m.iter().flat_map(|(a, b, x)| [(*a, x.backlog as f64), (*b, x.backlog as f64)]).collect();
        if k == 0 {
            let mut poly = vec![(pts[0].0, 0.0)];
            poly.extend(pts.iter().copied());
            poly.push((pts[pts.len() - 1].0, 0.0));
            area.draw(&Polygon::new(poly, style::lighten(*color, 0.6).filled()))?;
        }
        style::line(area, &pts, *color, 2, *dash)?;
    }

    let mut chart = ChartBuilder::on(&bottom)
        .margin_left(12)
        .margin_right(20)
        .margin_bottom(8)
        .x_label_area_size(44)
        .y_label_area_size(78)
        .build_cartesian_2d(Axis::linear(0.0, end, 12), Axis::linear(0.0, (age_hi * 1.12).max(1.0), 5))?;
    let x_desc = format!("Simulated time [h] (each step: the most in {})", bucket_words(bucket_us));
    style::mesh(
        &mut chart,
        &x_desc,
        &if report.scenario.trigger.kind == crate::trigger::TriggerKind::Sqs {
            "Oldest message not yet received [s]".to_string()
        } else {
            format!("Oldest waiting {unit} [s]")
        },
    )?;
    let area = chart.plotting_area();
    for ((m, _), color, dash, _) in &lines {
        let pts: Vec<(f64, f64)> = m
            .iter()
            .flat_map(|(a, b, x)| [(*a, x.oldest_age_ms as f64 / 1e3), (*b, x.oldest_age_ms as f64 / 1e3)])
            .collect();
        style::line(area, &pts, *color, 2, *dash)?;
    }
    Ok(())
}
