//! The monthly bill by memory size: one stacked bar per setting, one panel per architecture, charges above zero
//! and credits (free tier, savings plan) below, the net total marked.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::marks;
use super::style::{self, Area, Axis, Dash, DrawResult, Entry, Glyph, GREEN, GREY, INK, ORANGE, PURPLE, SKY, YELLOW};
use super::{architectures, f};
use crate::pricing::Component;
use crate::recommend::Standing;
use crate::report::run::RunReport;
use crate::sweep::Point;

/// The chart's title.
pub(crate) fn title(report: &RunReport) -> String {
    format!("{}: monthly bill by memory size", report.scenario.name)
}

/// The monthly bill of every setting as an SVG document: x = memory [MB] (one panel per architecture), y =
/// monthly cost [USD]; bars stacked by component (requests, duration, one segment per duration tier when the
/// bills use several, INIT, provisioned concurrency, ephemeral storage, SnapStart), free-tier credit and savings
/// plan below zero, the net total marked in black; out-of-memory settings faded.
pub fn bill(report: &RunReport) -> String {
    let title = title(report);
    style::render(&title, |root| draw(root, report, &title))
}

/// A stacked segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Seg {
    Requests,
    Duration(usize),
    Init,
    Provisioned,
    Ephemeral,
    SnapStart,
    EventSources,
    FreeTier,
    SavingsPlan,
}

impl Seg {
    fn of(c: Component, tier: Option<usize>, split_tiers: bool) -> Seg {
        match c {
            Component::Requests => Seg::Requests,
            Component::Duration => Seg::Duration(if split_tiers { tier.unwrap_or(0) } else { 0 }),
            Component::Init | Component::InitNotBilled => Seg::Init,
            Component::ProvisionedConcurrency | Component::ProvisionedDuration => Seg::Provisioned,
            Component::EphemeralStorage => Seg::Ephemeral,
            Component::SnapStartCache | Component::SnapStartRestore => Seg::SnapStart,
            Component::SqsRequests
            | Component::ApiGatewayRequests
            | Component::SchedulerInvocations
            | Component::ScheduledRuleInvocations => Seg::EventSources,
            Component::FreeTierRequests
            | Component::FreeTierDuration
            | Component::FreeTierSqs
            | Component::FreeTierApiGateway
            | Component::FreeTierEventBridge => Seg::FreeTier,
            Component::SavingsPlan => Seg::SavingsPlan,
        }
    }

    fn label(self, split_tiers: bool) -> String {
        match self {
            Seg::Requests => "requests".into(),
            Seg::Duration(t) if split_tiers => format!("duration, tier {}", t + 1),
            Seg::Duration(_) => "duration".into(),
            Seg::Init => "INIT".into(),
            Seg::Provisioned => "provisioned concurrency".into(),
            Seg::Ephemeral => "ephemeral storage".into(),
            Seg::SnapStart => "SnapStart".into(),
            Seg::EventSources => "event sources".into(),
            Seg::FreeTier => "free-tier credit".into(),
            Seg::SavingsPlan => "savings plan".into(),
        }
    }

    fn color(self) -> RGBColor {
        match self {
            Seg::Requests => SKY,
            Seg::Duration(t) => style::lighten(GREEN, (t as f64 * 0.3).min(0.75)),
            Seg::Init => ORANGE,
            Seg::Provisioned => PURPLE,
            Seg::Ephemeral => YELLOW,
            Seg::SnapStart => RGBColor(0x44, 0x44, 0x44),
            Seg::EventSources => RGBColor(0xC0, 0x50, 0x80),
            Seg::FreeTier => RGBColor(0xB8, 0xB8, 0xB8),
            Seg::SavingsPlan => RGBColor(0x80, 0x80, 0x80),
        }
    }
}

/// A point's bill by segment, in stacking order, zero segments left out [USD].
fn segments(p: &Point, split_tiers: bool) -> Vec<(Seg, f64)> {
    let mut out: Vec<(Seg, f64)> = Vec::new();
    for l in &p.bill.lines {
        let s = Seg::of(l.component, l.tier, split_tiers);
        let v = f(l.cost);
        match out.iter_mut().find(|(k, _)| *k == s) {
            Some((_, sum)) => *sum += v,
            None => out.push((s, v)),
        }
    }
    out.retain(|(_, v)| v.is_finite() && *v != 0.0);
    out.sort_by_key(|(s, _)| *s);
    out
}

fn draw(root: &Area, report: &RunReport, title: &str) -> DrawResult {
    let body = style::header(root, report, title)?;
    let points = &report.points;
    let split_tiers = points
        .iter()
        .flat_map(|p| &p.bill.lines)
        .any(|l| l.component == Component::Duration && l.tier.is_some_and(|t| t > 0));
    let bills: Vec<Vec<(Seg, f64)>> = points.iter().map(|p| segments(p, split_tiers)).collect();
    let mut present: Vec<Seg> = bills.iter().flatten().map(|(s, _)| *s).collect();
    present.sort();
    present.dedup();

    let mut entries: Vec<Entry> =
        present.iter().map(|s| Entry::new(s.label(split_tiers), Glyph::Swatch(s.color()))).collect();
    entries
        .push(Entry::new("total after credits", Glyph::Line { color: INK, width: 2, dash: Dash::Solid, marker: None }));
    if points.iter().any(|p| !p.feasible) {
        entries.push(Entry::new("faded: out of memory", Glyph::Faded(GREY)));
    }
    entries.extend(marks::used(report).into_iter().map(|m| Entry::new(m.label(), Glyph::Mark(m))));
    if let Some(words) = marks::over_budget_words(report) {
        entries.push(Entry::new(words, Glyph::Hollow(GREY)));
    }
    let body = style::legend(&body, &entries)?;
    if points.is_empty() {
        return style::note(&body, "No setting was simulated");
    }

    let pos = |b: &Vec<(Seg, f64)>| b.iter().map(|(_, v)| v.max(0.0)).sum::<f64>();
    let neg = |b: &Vec<(Seg, f64)>| b.iter().map(|(_, v)| v.min(0.0)).sum::<f64>();
    let hi = bills.iter().map(pos).fold(0.0, f64::max);
    let lo = bills.iter().map(neg).fold(0.0, f64::min);
    let span = (hi - lo).max(1e-9);
    let (lo, hi) = (if lo < 0.0 { lo - span * 0.04 } else { 0.0 }, if hi > 0.0 { hi + span * 0.06 } else { 1.0 });

    let archs = architectures(report);
    let panels = body.split_evenly((1, archs.len().max(1)));
    for (k, (panel, &arch)) in panels.iter().zip(&archs).enumerate() {
        let idx: Vec<usize> = (0..points.len()).filter(|&i| points[i].architecture == arch).collect();
        let names: Vec<String> = idx.iter().map(|&i| style::fmt_num(points[i].memory_mb as f64, 0)).collect();
        let labels = bar_labels(panel.dim_in_pixel().0 as i32 - if k == 0 { 102 } else { 86 }, &names);
        let x = Axis::categories(names.clone(), idx.len().max(1));
        let y = Axis::linear(lo, hi, 8);
        let caption = TextStyle {
            font: (style::FONT, 14.0 * 1.24).into_font().style(FontStyle::Bold),
            color: style::arch_color(arch).to_backend_color(),
            pos: Pos::new(HPos::Center, VPos::Top),
        };
        let label_h = match labels {
            BarLabels::Rotated(_) => names.iter().map(|n| style::text_width(n, 12.0)).max().unwrap_or(0) as u32 + 30,
            _ => 44,
        };
        let mut chart = ChartBuilder::on(panel)
            .caption(arch.as_str(), caption)
            .margin_left(12)
            .margin_right(12)
            .margin_bottom(8)
            .x_label_area_size(label_h)
            .y_label_area_size(if k == 0 { 78 } else { 62 })
            .build_cartesian_2d(x, y)?;
        style::mesh_with(&mut chart, "Memory [MB]", if k == 0 { "Monthly cost [USD]" } else { "" }, false)?;
        draw_bar_labels(root, chart.plotting_area(), &names, labels)?;

        let n = idx.len();
        let half = if n > 60 { 0.5 } else { 0.38 };
        let area = chart.plotting_area();
        let mut totals = Vec::new();
        for (j, &i) in idx.iter().enumerate() {
            let x = j as f64;
            let (mut up, mut down) = (0.0, 0.0);
            for &(s, v) in &bills[i] {
                let (a, b) = if v >= 0.0 {
                    up += v;
                    (up - v, up)
                } else {
                    down += v;
                    (down - v, down)
                };
                let c = if points[i].feasible { s.color() } else { style::lighten(s.color(), 0.65) };
                area.draw(&Rectangle::new([(x - half, a), (x + half, b)], c.filled()))?;
            }
            totals.push((x, up + down));
            // Above the bar: hollow when over the budgets, then the marks of the picks it is, bottom up.
            let mut at = area.map_coordinate(&(x, up.max(0.0)));
            at.1 -= 9;
            if points[i].feasible && marks::standing_of(report, i) == Standing::OverBudget {
                marks::hollow(root, at, 4, style::arch_color(arch))?;
                at.1 -= 13;
            }
            for m in marks::marks(report, i) {
                m.draw(root, at, 5, INK)?;
                at.1 -= 15;
            }
        }
        if lo < 0.0 {
            area.draw(&PathElement::new(vec![(-0.5, 0.0), (n as f64 - 0.5, 0.0)], INK.stroke_width(1)))?;
        }
        if n > 40 {
            style::line(area, &totals, INK, 1, Dash::Solid)?;
        } else {
            for &(x, t) in &totals {
                area.draw(&PathElement::new(vec![(x - half - 0.08, t), (x + half + 0.08, t)], INK.stroke_width(3)))?;
            }
        }
    }
    Ok(())
}

/// How the memory sizes under a panel's bars are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BarLabels {
    /// Every bar, across.
    Across,
    /// Every bar, turned upright: too many to write across.
    Rotated(usize),
    /// Every `k`-th bar, upright: too many bars (under 13 px each) to label every one legibly.
    Thinned(usize),
}

/// How to label `names` under bars spread over `plot_w` px.
fn bar_labels(plot_w: i32, names: &[String]) -> BarLabels {
    let n = names.len().max(1) as i32;
    let slot = plot_w / n;
    let widest = names.iter().map(|s| style::text_width(s, 12.0)).max().unwrap_or(0);
    if widest + 6 <= slot {
        BarLabels::Across
    } else if slot >= 14 {
        BarLabels::Rotated(1)
    } else {
        BarLabels::Thinned((14 / slot.max(1) + 1) as usize)
    }
}

/// Writes the memory size under each bar (every `k`-th when thinned).
fn draw_bar_labels(
    root: &Area,
    area: &DrawingArea<SVGBackend<'_>, Cartesian2d<Axis, Axis>>,
    names: &[String],
    how: BarLabels,
) -> DrawResult {
    let base = area.get_pixel_range().1.end + 6;
    let y0 = area.get_y_range().start;
    let (step, upright) = match how {
        BarLabels::Across => (1, false),
        BarLabels::Rotated(k) | BarLabels::Thinned(k) => (k, true),
    };
    for (j, name) in names.iter().enumerate().step_by(step.max(1)) {
        let x = area.map_coordinate(&(j as f64, y0)).0;
        let style = if upright {
            let font = (style::FONT, 12.0 * 1.24).into_font().transform(FontTransform::Rotate270);
            TextStyle::from(font).color(&INK).pos(Pos::new(HPos::Right, VPos::Center))
        } else {
            style::text(12.0, INK, HPos::Center, VPos::Top)
        };
        root.draw(&Text::new(name.clone(), (x, base), style))?;
    }
    Ok(())
}
