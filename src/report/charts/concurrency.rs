//! Concurrency over simulated time: busy environments of the cost-optimal setting (others overlaid), the
//! provisioned-concurrency level, and below, cold starts and throttled requests per time bucket.

use plotters::prelude::*;

use super::pick_label;
use super::refline::{self, RefLine};
use super::style::{self, Area, Axis, Dash, DrawResult, Entry, Glyph, INK, ORANGE, PURPLE};
use crate::report::run::{PointTimeline, RunReport};
use crate::sim::TimelineBucket;

/// The chart's title.
pub(crate) fn title(report: &RunReport) -> String {
    format!("{}: concurrency over simulated time", report.scenario.name)
}

/// Most bars drawn across the chart: finer timelines are merged (max of environments, sum of counts).
const MAX_BARS: usize = 360;

/// Most steps of the other settings' lines: coarser, so that patterned lines stay readable over the area.
const MAX_OVERLAY: usize = 96;

/// Concurrency over simulated time as an SVG document, x = simulated time [h]. Top panel: busy environments
/// (most at once per bucket) [environments] of the cost-optimal setting as a filled step area, the other
/// recommended settings as lines, the provisioned-concurrency level as a black step line. Bottom panel: cold
/// starts and throttled requests per bucket as stacked bars [count].
pub fn concurrency(report: &RunReport) -> String {
    let title = title(report);
    style::render(&title, |root| draw(root, report, &title))
}

/// A timeline merged into at most [`MAX_BARS`] buckets: (start [h], end [h], bucket).
pub(super) fn merged(t: &PointTimeline, max: usize) -> (Vec<(f64, f64, TimelineBucket)>, u64) {
    let b = &t.timeline.buckets;
    let group = b.len().div_ceil(max).max(1);
    let us = t.timeline.bucket_us as f64;
    let out = b
        .chunks(group)
        .enumerate()
        .map(|(j, c)| {
            let start = (j * group) as f64 * us / 3.6e9;
            let end = (j * group + c.len()) as f64 * us / 3.6e9;
            let m = TimelineBucket {
                max_busy: c.iter().map(|x| x.max_busy).max().unwrap_or(0),
                cold_starts: c.iter().map(|x| x.cold_starts).sum(),
                throttled: c.iter().map(|x| x.throttled).sum(),
                pc_level: c.iter().map(|x| x.pc_level).max().unwrap_or(0),
                backlog: c.iter().map(|x| x.backlog).max().unwrap_or(0),
                oldest_age_ms: c.iter().map(|x| x.oldest_age_ms).max().unwrap_or(0),
            };
            (start, end, m)
        })
        .collect();
    (out, t.timeline.bucket_us.saturating_mul(group as u64))
}

/// Step-line vertices of `v` over the merged buckets.
fn steps(m: &[(f64, f64, TimelineBucket)], v: impl Fn(&TimelineBucket) -> u32) -> Vec<(f64, f64)> {
    m.iter().flat_map(|(a, b, k)| [(*a, v(k) as f64), (*b, v(k) as f64)]).collect()
}

/// A bucket length in words: `5 min`, `2 h`.
pub(super) fn bucket_words(us: u64) -> String {
    let s = us as f64 / 1e6;
    if s < 60.0 {
        format!("{} s", style::fmt_sig(s))
    } else if s < 3600.0 {
        format!("{} min", style::fmt_sig(s / 60.0))
    } else {
        format!("{} h", style::fmt_sig(s / 3600.0))
    }
}

fn draw(root: &Area, report: &RunReport, title: &str) -> DrawResult {
    let body = style::header(root, report, title)?;
    let usable: Vec<&PointTimeline> = report
        .timelines
        .iter()
        .filter(|t| t.point < report.points.len() && !t.timeline.buckets.is_empty() && t.timeline.bucket_us > 0)
        .collect();
    let cost = report.recommendations.cost.as_ref().map(|p| p.index);
    let Some(main) = usable.iter().find(|t| Some(t.point) == cost).or(usable.first()).copied() else {
        let body = style::legend(&body, &[])?;
        let msg = if report.points.iter().any(|p| p.feasible) {
            "No concurrency timeline in this report"
        } else {
            "No feasible setting, so no recommended setting to follow over time"
        };
        return style::note(&body, msg);
    };
    let others: Vec<&PointTimeline> = usable.iter().copied().filter(|t| t.point != main.point).collect();

    let (m, bucket_us) = merged(main, MAX_BARS);
    let any_pc = m.iter().any(|(_, _, b)| b.pc_level > 0);
    let any_throttle = m.iter().any(|(_, _, b)| b.throttled > 0);
    let color = style::arch_color(report.points[main.point].architecture);
    let mut entries = vec![Entry::new(
        format!("busy environments, {}", pick_label(report, main.point)),
        Glyph::Swatch(style::lighten(color, 0.55)),
    )];
    let dashes = [Dash::Dashed, Dash::Dotted];
    let mut other_lines = Vec::new();
    for (k, t) in others.iter().enumerate() {
        let c = style::arch_color(report.points[t.point].architecture);
        let dash = dashes[k % 2];
        entries.push(Entry::new(pick_label(report, t.point), Glyph::Line { color: c, width: 2, dash, marker: None }));
        other_lines.push((merged(t, MAX_OVERLAY).0, c, dash));
    }
    if any_pc {
        entries.push(Entry::new(
            "provisioned concurrency",
            Glyph::Line { color: INK, width: 2, dash: Dash::Solid, marker: None },
        ));
    }
    entries.push(Entry::new("cold starts", Glyph::Swatch(ORANGE)));
    if any_throttle {
        entries.push(Entry::new("throttled requests", Glyph::Swatch(PURPLE)));
    }
    let env_hi = std::iter::once(&m)
        .chain(other_lines.iter().map(|(l, _, _)| l))
        .flat_map(|l| l.iter().map(|(_, _, b)| b.max_busy.max(b.pc_level)))
        .max()
        .unwrap_or(0) as f64;
    let limit = report
        .scenario
        .concurrency_limit
        .map(|n| RefLine { value: n as f64, label: format!("concurrency limit {}", style::fmt_num(n as f64, 0)) });
    let fitted = refline::fit(env_hi.max(1.0), limit.into_iter().collect());
    entries.extend(refline::entries(&fitted));
    let body = style::legend(&body, &entries)?;

    let end = m.last().map_or(1.0, |x| x.1).max(report.scenario.horizon_hours as f64);
    let count_hi = m.iter().map(|(_, _, b)| b.cold_starts as f64 + b.throttled as f64).fold(0.0, f64::max);
    let h = body.dim_in_pixel().1;
    let (top, bottom) = body.split_vertically((h as f64 * 0.62) as u32);

    let mut chart = ChartBuilder::on(&top)
        .margin_left(12)
        .margin_right(20)
        .margin_top(6)
        .x_label_area_size(28)
        .y_label_area_size(78)
        .build_cartesian_2d(
            Axis::linear(0.0, end, 12),
            Axis::linear(0.0, (env_hi * 1.12).max(fitted.hi).max(1.0), 6),
        )?;
    style::mesh(&mut chart, "", "Busy environments")?;
    let area = chart.plotting_area();
    let busy = steps(&m, |b| b.max_busy);
    let mut poly = vec![(busy[0].0, 0.0)];
    poly.extend(busy.iter().copied());
    poly.push((busy[busy.len() - 1].0, 0.0));
    area.draw(&Polygon::new(poly, style::lighten(color, 0.55).filled()))?;
    style::line(area, &busy, color, 1, Dash::Solid)?;
    for (l, c, dash) in &other_lines {
        style::line(area, &steps(l, |b| b.max_busy), *c, 2, *dash)?;
    }
    if any_pc {
        style::line(area, &steps(&m, |b| b.pc_level), INK, 2, Dash::Solid)?;
    }
    let (px, _) = area.get_pixel_range();
    for l in &fitted.drawn {
        let y = area.map_coordinate(&(0.0, l.value)).1;
        refline::horizontal(root, y, (px.start, px.end), &l.label)?;
    }

    let mut chart = ChartBuilder::on(&bottom)
        .margin_left(12)
        .margin_right(20)
        .margin_bottom(8)
        .x_label_area_size(44)
        .y_label_area_size(78)
        .build_cartesian_2d(Axis::linear(0.0, end, 12), Axis::linear(0.0, (count_hi * 1.15).max(1.0), 4))?;
    let what = if any_throttle { "Events" } else { "Cold starts" };
    let y_desc = format!("{what} per {}", bucket_words(bucket_us));
    style::mesh(&mut chart, "Simulated time [h]", &y_desc)?;
    let area = chart.plotting_area();
    for (a, b, k) in &m {
        let (c, t) = (k.cold_starts as f64, k.throttled as f64);
        if c > 0.0 {
            area.draw(&Rectangle::new([(*a, 0.0), (*b, c)], ORANGE.filled()))?;
        }
        if t > 0.0 {
            area.draw(&Rectangle::new([(*a, c), (*b, c + t)], PURPLE.filled()))?;
        }
    }
    Ok(())
}
