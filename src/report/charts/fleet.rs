//! Charts of an application (fleet) review, in the run charts' look (size, fonts, palette, header, legend):
//!
//! - [`savings`]: the monthly saving of every function, largest first, costs that rise drawn left of zero.
//! - [`concurrency`]: the account's unreserved pool over the simulated day after the change, stacked by function,
//!   with the pool's limit and what the account simulation counted in use.
//! - [`bill`]: every function's monthly cost today and after the change.

use plotters::element::EmptyElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rust_decimal::Decimal;

use super::f;
use super::style::{
    self, Area, Axis, Dash, DrawResult, Entry, Glyph, BLUE, GREEN, GREY, INK, ORANGE, PURPLE, SKY, VERMILLION, YELLOW,
};
use super::{Chart, ChartKind};
use crate::fleet::FleetFunction;
use crate::report::fleet::{words, FleetReport};
use crate::report::format::money;

/// Most columns of the concurrency chart: a day of 1-minute buckets is drawn in 5-minute columns.
const MAX_COLUMNS: usize = 288;
/// Label size of bars and notes [px].
const LABEL_PX: f64 = 12.0;
/// Colour of today's bars.
const TODAY: RGBColor = RGBColor(0x9A, 0x9A, 0x9A);
/// Colours of the stacked functions, in the application's order (Okabe–Ito, then lighter).
const STACK: [RGBColor; 7] = [BLUE, ORANGE, GREEN, SKY, VERMILLION, PURPLE, YELLOW];

/// The three charts, in the report's order: savings, concurrency, bill.
pub fn charts(r: &FleetReport) -> Vec<Chart> {
    type Render = fn(&FleetReport) -> String;
    let all: [(ChartKind, Render, Render); 3] = [
        (ChartKind::FleetSavings, savings, savings_title),
        (ChartKind::FleetConcurrency, concurrency, concurrency_title),
        (ChartKind::FleetBill, bill, bill_title),
    ];
    all.into_iter().map(|(kind, draw, title)| Chart { kind, title: title(r), svg: draw(r) }).collect()
}

pub(crate) fn savings_title(r: &FleetReport) -> String {
    format!("{}: monthly saving per function", r.application.name)
}

pub(crate) fn concurrency_title(r: &FleetReport) -> String {
    let regions = &r.fleet.after.regions;
    let base = format!("{}: account concurrency over the day, after the change", r.application.name);
    match regions.first() {
        Some(first) if regions.len() > 1 => {
            format!("{base} ({}, the first of {} regions)", first.region, regions.len())
        }
        _ => base,
    }
}

pub(crate) fn bill_title(r: &FleetReport) -> String {
    format!("{}: monthly cost by function, today and after", r.application.name)
}

/// One line about the review, under every chart's title.
fn subtitle(r: &FleetReport) -> String {
    let a = &r.application;
    let reps = if a.replications == 1 { "1 replication".into() } else { format!("{} replications", a.replications) };
    format!(
        "{} · {} function(s) · {} h simulated, {reps} per setting · pick {} · free tier {} · prices of {}",
        a.region,
        r.fleet.functions.len(),
        a.horizon_hours,
        a.pick.as_str(),
        if a.free_tier { "applied once" } else { "not applied" },
        r.date
    )
}

/// Writes `msg` along the bottom of `area` in grey; returns the area above it.
fn footnote<'a>(area: &Area<'a>, msg: &str) -> DrawResult<Area<'a>> {
    let h = area.dim_in_pixel().1;
    let (above, below) = area.split_vertically(h.saturating_sub(22));
    below.draw(&Text::new(msg.to_string(), (16, 9), style::text(LABEL_PX, GREY, HPos::Left, VPos::Center)))?;
    Ok(above)
}

/// Width of the y-axis label area for category names [px].
fn names_width(names: &[String]) -> u32 {
    (names.iter().map(|n| style::text_width(n, 12.0)).max().unwrap_or(0) + 24).clamp(60, 260) as u32
}

/// Padding on each side of `lo..hi` (data units) so that labels `left_px` and `right_px` wide fit beside the bars
/// in a plot `plot_px` wide: the bars get what the labels leave, `(plot − left − right) ÷ span` pixels per unit.
fn label_padding(lo: f64, hi: f64, left_px: f64, right_px: f64, plot_px: f64) -> (f64, f64) {
    let span = (hi - lo).max(1e-9);
    let per_unit = ((plot_px - left_px - right_px).max(plot_px * 0.3)) / span;
    (left_px / per_unit, right_px / per_unit)
}

/// The monthly saving per function as an SVG document: horizontal bars, largest saving at the top, x = saving
/// [currency/month]; savings in green right of zero, rises in cost in vermillion left of it; each bar labelled
/// with the saving and its share of the function's cost today.
pub fn savings(r: &FleetReport) -> String {
    let title = savings_title(r);
    style::render(&title, |root| draw_savings(root, r, &title))
}

/// The functions' indices by saving, largest first; equal savings keep the application's order.
pub(crate) fn by_saving(functions: &[FleetFunction]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..functions.len()).collect();
    order.sort_by(|&a, &b| functions[b].saving.cmp(&functions[a].saving).then(a.cmp(&b)));
    order
}

fn draw_savings(root: &Area, r: &FleetReport, title: &str) -> DrawResult {
    let cur = &r.catalog.currency;
    let fns = &r.fleet.functions;
    let body = style::header_with(root, title, &subtitle(r))?;
    let any_negative = fns.iter().any(|x| x.saving < Decimal::ZERO);
    let mut entries = vec![Entry::new("saves", Glyph::Swatch(GREEN))];
    if any_negative {
        entries.push(Entry::new("costs more", Glyph::Swatch(VERMILLION)));
    }
    let body = style::legend(&body, &entries)?;
    if fns.is_empty() {
        return style::note(&body, "No function in this review");
    }
    let f_ = &r.fleet;
    let body = footnote(
        &body,
        &format!(
            "Each function without the free tier. The account's bill: {} → {}; saving {}.",
            money(f_.now.total(), cur),
            money(f_.after.total(), cur),
            words::saving(f_.saving, f_.saving_percent, cur)
        ),
    )?;

    let order = by_saving(fns);
    let n = order.len();
    // Category 0 is drawn at the bottom: the largest saving comes last so that it is at the top.
    let names: Vec<String> = order.iter().rev().map(|&i| fns[i].name.clone()).collect();
    let labels: Vec<String> = fns.iter().map(|x| words::saving(x.saving, x.saving_percent, cur)).collect();
    let values: Vec<f64> = fns.iter().map(|x| f(x.saving)).map(|v| if v.is_finite() { v } else { 0.0 }).collect();
    let lo = values.iter().copied().fold(0.0, f64::min);
    let hi = values.iter().copied().fold(0.0, f64::max);
    let label_px = |neg: bool| {
        let w = fns
            .iter()
            .zip(&labels)
            .filter(|(x, _)| (x.saving < Decimal::ZERO) == neg)
            .map(|(_, l)| style::text_width(l, LABEL_PX))
            .max();
        w.map_or(0.0, |w| f64::from(w + 10))
    };
    let y_area = names_width(&names);
    let plot_px = f64::from(body.dim_in_pixel().0) - f64::from(y_area) - 36.0;
    let (pad_lo, pad_hi) = label_padding(lo, hi, label_px(true), label_px(false), plot_px);
    let x = Axis::linear(lo - pad_lo, (hi + pad_hi).max(lo - pad_lo + 1e-6), 8);
    let y = Axis::categories(names, 40);
    let mut chart = ChartBuilder::on(&body)
        .margin_left(12)
        .margin_right(24)
        .margin_top(6)
        .x_label_area_size(44)
        .y_label_area_size(y_area)
        .build_cartesian_2d(x, y)?;
    style::mesh(&mut chart, &format!("Monthly saving [{cur}]"), "")?;
    let area = chart.plotting_area();
    let half = 0.32;
    for (rank, &i) in order.iter().enumerate() {
        let yc = (n - 1 - rank) as f64;
        let v = values[i];
        let color = if v < 0.0 { VERMILLION } else { GREEN };
        if v != 0.0 {
            area.draw(&Rectangle::new([(0.0, yc - half), (v, yc + half)], color.filled()))?;
        }
        let (dx, pos) = if v < 0.0 { (-6, HPos::Right) } else { (6, HPos::Left) };
        let label = Text::new(labels[i].clone(), (dx, 0), style::text(LABEL_PX, INK, pos, VPos::Center));
        area.draw(&(EmptyElement::at((v, yc)) + label))?;
    }
    area.draw(&PathElement::new(vec![(0.0, -0.5), (0.0, n as f64 - 0.5)], INK.stroke_width(1)))?;
    Ok(())
}

/// A function's busy environments at column start `k` of the region's buckets: its timeline's bucket holding the
/// same instant (0 past its end).
fn busy_at(x: &FleetFunction, k: usize, region_us: u64) -> u32 {
    let t = &x.after_timeline;
    if t.bucket_us == 0 {
        return 0;
    }
    let at = (k as u128 * u128::from(region_us) / u128::from(t.bucket_us)) as usize;
    t.buckets.get(at).map_or(0, |b| b.max_busy)
}

/// The concurrency chart's data: per column, (start [h], end [h], each stacked function's environments, the pool
/// in use [environments]).
pub(crate) type Column = (f64, f64, Vec<u32>, u64);

/// Columns of at most [`MAX_COLUMNS`]: each shows the bucket where the stacked functions together were busiest
/// (so that the stack is one real moment, not a sum of maxima at different moments) and the most of the pool in
/// use during the column.
pub(crate) fn columns(stacked: &[&FleetFunction], in_use: &[u64], bucket_us: u64) -> Vec<Column> {
    let n = stacked.iter().map(|x| x.after_timeline.buckets.len()).max().unwrap_or(0).max(in_use.len());
    if n == 0 || bucket_us == 0 {
        return Vec::new();
    }
    let group = n.div_ceil(MAX_COLUMNS).max(1);
    let hours = |k: usize| k as f64 * bucket_us as f64 / 3.6e9;
    (0..n)
        .step_by(group)
        .map(|start| {
            let end = (start + group).min(n);
            let at = |k: usize| stacked.iter().map(|x| busy_at(x, k, bucket_us)).collect::<Vec<u32>>();
            let busiest = (start..end)
                .max_by_key(|&k| (at(k).iter().map(|&v| u64::from(v)).sum::<u64>(), std::cmp::Reverse(k)))
                .unwrap_or(start);
            let pool = in_use.get(start..end.min(in_use.len())).and_then(|s| s.iter().max().copied()).unwrap_or(0);
            (hours(start), hours(end), at(busiest), pool)
        })
        .collect()
}

/// The account's concurrency over the simulated day after the change as an SVG document (first region only):
/// x = hour of the simulated day [h], y = environments; the functions that share the unreserved pool stacked in
/// the application's order, the pool's use as counted by the account simulation as a black line, and the
/// unreserved limit as a dashed line. Reserved functions draw on their own share and are named in a footnote.
pub fn concurrency(r: &FleetReport) -> String {
    let title = concurrency_title(r);
    style::render(&title, |root| draw_concurrency(root, r, &title))
}

fn draw_concurrency(root: &Area, r: &FleetReport, title: &str) -> DrawResult {
    let body = style::header_with(root, title, &subtitle(r))?;
    let Some(region) = r.fleet.after.regions.first() else {
        let body = style::legend(&body, &[])?;
        return style::note(&body, "No region in this review");
    };
    let here: Vec<&FleetFunction> = r.fleet.functions.iter().filter(|x| x.region == region.region).collect();
    let stacked: Vec<&FleetFunction> = here.iter().copied().filter(|x| x.reserved.is_none()).collect();
    let reserved: Vec<String> = here.iter().filter_map(|x| x.reserved.map(|n| format!("{} ({n})", x.name))).collect();
    let cols = columns(&stacked, &region.in_use, region.bucket_us);
    let color = |k: usize| style::lighten(STACK[k % STACK.len()], if k < STACK.len() { 0.15 } else { 0.5 });
    let mut entries: Vec<Entry> =
        stacked.iter().enumerate().map(|(k, x)| Entry::new(x.name.clone(), Glyph::Swatch(color(k)))).collect();
    entries.push(Entry::new("pool in use", Glyph::Line { color: INK, width: 1, dash: Dash::Solid, marker: None }));
    entries
        .push(Entry::new("unreserved limit", Glyph::Line { color: INK, width: 2, dash: Dash::Dashed, marker: None }));
    let body = style::legend(&body, &entries)?;
    let body = if reserved.is_empty() {
        footnote(&body, "Every function of the region shares the unreserved pool.")?
    } else {
        footnote(
            &body,
            &format!("Not in the stack, as they run on their own reserved share: {}.", reserved.join(", ")),
        )?
    };
    if cols.is_empty() {
        return style::note(&body, "No concurrency timeline in this review");
    }
    let end = cols.last().map_or(1.0, |c| c.1);
    let top = cols
        .iter()
        .map(|(_, _, v, pool)| v.iter().map(|&x| u64::from(x)).sum::<u64>().max(*pool))
        .max()
        .unwrap_or(0)
        .max(u64::from(region.unreserved)) as f64;
    let mut chart = ChartBuilder::on(&body)
        .margin_left(12)
        .margin_right(24)
        .margin_top(6)
        .x_label_area_size(44)
        .y_label_area_size(78)
        .build_cartesian_2d(Axis::linear(0.0, end, 12), Axis::linear(0.0, (top * 1.14).max(1.0), 6))?;
    style::mesh(&mut chart, "Hour of the simulated day [h]", "Environments")?;
    let area = chart.plotting_area();
    // Each layer between the stack below it and itself, as step outlines.
    let mut below = vec![0u64; cols.len()];
    for k in 0..stacked.len() {
        let above: Vec<u64> = cols.iter().zip(&below).map(|((_, _, v, _), b)| b + u64::from(v[k])).collect();
        if above == below {
            continue;
        }
        let mut poly: Vec<(f64, f64)> =
            cols.iter().zip(&above).flat_map(|((a, b, _, _), &y)| [(*a, y as f64), (*b, y as f64)]).collect();
        poly.extend(cols.iter().zip(&below).rev().flat_map(|((a, b, _, _), &y)| [(*b, y as f64), (*a, y as f64)]));
        area.draw(&Polygon::new(poly, color(k).filled()))?;
        below = above;
    }
    let pool: Vec<(f64, f64)> = cols.iter().flat_map(|(a, b, _, p)| [(*a, *p as f64), (*b, *p as f64)]).collect();
    style::line(area, &pool, INK, 1, Dash::Solid)?;
    let limit = f64::from(region.unreserved);
    style::line(area, &[(0.0, limit), (end, limit)], INK, 2, Dash::Dashed)?;
    let label = format!("unreserved limit {}", style::fmt_num(limit, 0));
    let text = Text::new(label, (-4, -4), style::text(LABEL_PX, INK, HPos::Right, VPos::Bottom));
    area.draw(&(EmptyElement::at((end, limit)) + text))?;
    Ok(())
}

/// Every function's monthly cost today and after the change as an SVG document: two horizontal bars per function
/// (today grey, after green), in the application's order from the top, x = cost [currency/month], each bar
/// labelled with its amount. Costs are the functions' own, without the free tier, as in the report's table.
pub fn bill(r: &FleetReport) -> String {
    let title = bill_title(r);
    style::render(&title, |root| draw_bill(root, r, &title))
}

fn draw_bill(root: &Area, r: &FleetReport, title: &str) -> DrawResult {
    let cur = &r.catalog.currency;
    let fns = &r.fleet.functions;
    let body = style::header_with(root, title, &subtitle(r))?;
    let body =
        style::legend(&body, &[Entry::new("today", Glyph::Swatch(TODAY)), Entry::new("after", Glyph::Swatch(GREEN))])?;
    if fns.is_empty() {
        return style::note(&body, "No function in this review");
    }
    let f_ = &r.fleet;
    let body = footnote(
        &body,
        &format!(
            "Each function without the free tier; the account's bill ({}): {} today, {} after.",
            if r.application.free_tier { "free tier once" } else { "no free tier" },
            money(f_.now.total(), cur),
            money(f_.after.total(), cur)
        ),
    )?;
    let n = fns.len();
    let names: Vec<String> = fns.iter().rev().map(|x| x.name.clone()).collect();
    let clean = |d: Decimal| Some(f(d)).filter(|v| v.is_finite()).unwrap_or(0.0).max(0.0);
    let bars: Vec<(f64, f64)> = fns.iter().map(|x| (clean(x.now.monthly_cost), clean(x.after.monthly_cost))).collect();
    let hi = bars.iter().map(|(a, b)| a.max(*b)).fold(0.0, f64::max);
    let label_px = fns
        .iter()
        .flat_map(|x| [&x.now.monthly_cost, &x.after.monthly_cost])
        .map(|c| style::text_width(&money(*c, cur), LABEL_PX))
        .max()
        .map_or(0.0, |w| f64::from(w + 10));
    let y_area = names_width(&names);
    let plot_px = f64::from(body.dim_in_pixel().0) - f64::from(y_area) - 36.0;
    let (_, pad) = label_padding(0.0, hi, 0.0, label_px, plot_px);
    let mut chart = ChartBuilder::on(&body)
        .margin_left(12)
        .margin_right(24)
        .margin_top(6)
        .x_label_area_size(44)
        .y_label_area_size(y_area)
        .build_cartesian_2d(Axis::linear(0.0, (hi + pad).max(1e-6), 8), Axis::categories(names, 40))?;
    style::mesh(&mut chart, &format!("Monthly cost [{cur}]"), "")?;
    let area = chart.plotting_area();
    // Today above the category's centre, after below it: read top to bottom as before and after.
    let (h, gap) = (0.34, 0.03);
    for (i, (x, &(now, after))) in fns.iter().zip(&bars).enumerate() {
        let yc = (n - 1 - i) as f64;
        for (v, cost, color, y0, y1) in [
            (now, x.now.monthly_cost, TODAY, yc + gap, yc + gap + h),
            (after, x.after.monthly_cost, GREEN, yc - gap - h, yc - gap),
        ] {
            if v > 0.0 {
                area.draw(&Rectangle::new([(0.0, y0), (v, y1)], color.filled()))?;
            }
            let label = Text::new(money(cost, cur), (6, 0), style::text(LABEL_PX, INK, HPos::Left, VPos::Center));
            area.draw(&(EmptyElement::at((v, (y0 + y1) / 2.0)) + label))?;
        }
    }
    Ok(())
}
