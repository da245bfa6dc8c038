//! The look shared by every chart: size, fonts, the Okabe–Ito palette, axes with readable ticks, the header,
//! the legend row and collision-free callout labels.

use std::ops::Range;

use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::report::run::RunReport;
use crate::Architecture;

/// Chart width [px].
pub(crate) const WIDTH: u32 = 900;
/// Chart height [px].
pub(crate) const HEIGHT: u32 = 520;
/// Generic family, so that the SVG needs no font of its own.
pub(crate) const FONT: &str = "sans-serif";

/// Okabe–Ito: black.
pub(crate) const INK: RGBColor = RGBColor(0x00, 0x00, 0x00);
/// Okabe–Ito: orange.
pub(crate) const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Okabe–Ito: sky blue.
pub(crate) const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// Okabe–Ito: bluish green.
pub(crate) const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Okabe–Ito: yellow.
pub(crate) const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
/// Okabe–Ito: blue.
pub(crate) const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe–Ito: vermillion.
pub(crate) const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Okabe–Ito: reddish purple.
pub(crate) const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
/// Secondary text and notes.
pub(crate) const GREY: RGBColor = RGBColor(0x66, 0x66, 0x66);
/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);

/// The colour of an architecture, the same in every chart.
pub(crate) fn arch_color(arch: Architecture) -> RGBColor {
    match arch {
        Architecture::X86_64 => BLUE,
        Architecture::Arm64 => VERMILLION,
    }
}

/// `c` mixed with white: `f` = 0 keeps it, 1 gives white.
pub(crate) fn lighten(c: RGBColor, f: f64) -> RGBColor {
    let m = |v: u8| (v as f64 + (255.0 - v as f64) * f).round().clamp(0.0, 255.0) as u8;
    RGBColor(m(c.0), m(c.1), m(c.2))
}

/// Marker radius for a series of `n` points [px]: large when few, small when many.
pub(crate) fn marker_radius(n: usize) -> u32 {
    match n {
        0..=12 => 5,
        13..=40 => 4,
        41..=90 => 3,
        _ => 2,
    }
}

/// A text style of `px` CSS pixels (plotters divides the size it is given by 1.24 in SVG).
pub(crate) fn text(px: f64, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle { font: (FONT, px * 1.24).into_font(), color: color.to_backend_color(), pos: Pos::new(h, v) }
}

/// A text style of `px` CSS pixels, anchored where plotters puts it.
pub(crate) fn font(px: f64, color: RGBColor) -> TextStyle<'static> {
    TextStyle { font: (FONT, px * 1.24).into_font(), color: color.to_backend_color(), pos: Pos::default() }
}

/// Estimated width of `s` at `px` [px], for layout (SVG cannot measure text).
pub(crate) fn text_width(s: &str, px: f64) -> i32 {
    (s.chars().count() as f64 * px * 0.56).ceil() as i32
}

/// The drawing area a chart draws on.
pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
/// What drawing returns.
pub(crate) type DrawResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// Draws with `f` into a fresh SVG document. If drawing fails the document says so instead of panicking.
pub(crate) fn render(title: &str, f: impl FnOnce(&Area) -> DrawResult) -> String {
    let mut svg = String::new();
    let result = {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        f(&root).and_then(|()| root.present().map_err(Into::into))
    };
    match result {
        Ok(()) => svg,
        Err(e) => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
                let _ = root.fill(&WHITE);
                let _ = root.draw(&Text::new(title.to_string(), (16, 14), text(17.0, INK, HPos::Left, VPos::Top)));
                let msg = format!("This chart could not be drawn: {e}");
                let _ = note(&root, &msg);
                let _ = root.present();
            }
            svg
        }
    }
}

/// Draws the title and a one-line description of the run; returns the area below.
pub(crate) fn header<'a>(root: &Area<'a>, report: &RunReport, title: &str) -> DrawResult<Area<'a>> {
    root.fill(&WHITE)?;
    let bold = TextStyle::from((FONT, 17.0 * 1.24).into_font().style(FontStyle::Bold))
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Top));
    root.draw(&Text::new(title.to_string(), (16, 12), bold))?;
    root.draw(&Text::new(subtitle(report), (16, 36), text(12.0, GREY, HPos::Left, VPos::Top)))?;
    Ok(root.split_vertically(56).1)
}

fn subtitle(report: &RunReport) -> String {
    let s = &report.scenario;
    let reps =
        if s.replications == 1 { "1 replication".to_string() } else { format!("{} replications", s.replications) };
    let rate = if s.mean_rate_per_s >= 0.1 || s.mean_rate_per_s == 0.0 {
        format!("{} requests/s", fmt_sig(s.mean_rate_per_s))
    } else {
        format!("{} requests/h", fmt_sig(s.mean_rate_per_s * 3600.0))
    };
    format!(
        "{} · {rate} mean · {} h simulated, {} per setting · free tier {} · prices of {}",
        s.region,
        s.horizon_hours,
        reps,
        if s.free_tier { "applied" } else { "not applied" },
        report.date,
    )
}

/// How a legend entry looks.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Glyph {
    /// A line, optionally with a filled marker on it.
    Line { color: RGBColor, width: u32, dash: Dash, marker: bool },
    /// A filled marker.
    Dot(RGBColor),
    /// A hollow marker.
    Hollow(RGBColor),
    /// A filled square.
    Swatch(RGBColor),
    /// A pale swatch: faded bars.
    Faded(RGBColor),
    /// The black ring around recommended points.
    Ring,
}

/// Line pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dash {
    /// Solid.
    Solid,
    /// Long dashes.
    Dashed,
    /// Short dots.
    Dotted,
}

impl Dash {
    /// (dash, gap) lengths [px], `None` for solid.
    pub(crate) fn pattern(self) -> Option<(u32, u32)> {
        match self {
            Dash::Solid => None,
            Dash::Dashed => Some((8, 5)),
            Dash::Dotted => Some((2, 4)),
        }
    }
}

/// One legend entry.
pub(crate) struct Entry {
    /// The text.
    pub label: String,
    /// The glyph.
    pub glyph: Glyph,
}

impl Entry {
    /// An entry.
    pub(crate) fn new(label: impl Into<String>, glyph: Glyph) -> Entry {
        Entry { label: label.into(), glyph }
    }
}

const LEGEND_ROW: i32 = 20;

/// Draws the legend as rows of entries across the top of `area`; returns the area below.
pub(crate) fn legend<'a>(area: &Area<'a>, entries: &[Entry]) -> DrawResult<Area<'a>> {
    if entries.is_empty() {
        return Ok(area.clone());
    }
    let width = area.dim_in_pixel().0 as i32;
    let (mut x, mut y) = (16, 10);
    let mut rows = 1;
    for e in entries {
        let w = 26 + text_width(&e.label, 12.0) + 18;
        if x + w > width - 8 && x > 16 {
            x = 16;
            y += LEGEND_ROW;
            rows += 1;
        }
        draw_glyph(area, e.glyph, (x, y))?;
        area.draw(&Text::new(e.label.clone(), (x + 26, y), text(12.0, INK, HPos::Left, VPos::Center)))?;
        x += w;
    }
    Ok(area.split_vertically(rows * LEGEND_ROW + 4).1)
}

fn draw_glyph(area: &Area, glyph: Glyph, (x, y): (i32, i32)) -> DrawResult {
    match glyph {
        Glyph::Line { color, width, dash, marker } => {
            let style = color.stroke_width(width);
            match dash.pattern() {
                None => area.draw(&PathElement::new(vec![(x, y), (x + 22, y)], style))?,
                Some((on, off)) => {
                    let mut s = x;
                    while s < x + 22 {
                        let e = (s + on as i32).min(x + 22);
                        area.draw(&PathElement::new(vec![(s, y), (e, y)], style))?;
                        s = e + off as i32;
                    }
                }
            }
            if marker {
                area.draw(&Circle::new((x + 11, y), 4, color.filled()))?;
            }
        }
        Glyph::Dot(color) => area.draw(&Circle::new((x + 11, y), 4, color.filled()))?,
        Glyph::Hollow(color) => area.draw(&Circle::new((x + 11, y), 4, color.stroke_width(2)))?,
        Glyph::Swatch(color) => area.draw(&Rectangle::new([(x + 4, y - 6), (x + 18, y + 6)], color.filled()))?,
        Glyph::Faded(color) => {
            area.draw(&Rectangle::new([(x + 4, y - 6), (x + 18, y + 6)], lighten(color, 0.65).filled()))?
        }
        Glyph::Ring => area.draw(&Circle::new((x + 11, y), 7, INK.stroke_width(2)))?,
    }
    Ok(())
}

/// Writes `msg` in the middle of `area`.
pub(crate) fn note(area: &Area, msg: &str) -> DrawResult {
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(msg.to_string(), (w as i32 / 2, h as i32 / 2), text(15.0, GREY, HPos::Center, VPos::Center)))?;
    Ok(())
}

/// A label pointing at a spot of a chart.
pub(crate) struct Callout {
    /// The spot [px].
    pub at: (i32, i32),
    /// The text.
    pub text: String,
}

/// Places labels near their spots without overlapping each other or leaving `bounds` ((left, top), (right,
/// bottom)) [px]; a label moved away from its spot gets a leader line. Draws on `root` (whole-chart pixels).
pub(crate) fn callouts(root: &Area, mut items: Vec<Callout>, bounds: ((i32, i32), (i32, i32))) -> DrawResult {
    const H: i32 = 16;
    items.sort_by_key(|c| (c.at.0, c.at.1));
    // Settings that coincide (same spot, same text) are labelled once.
    items.dedup_by(|a, b| a.at == b.at && a.text == b.text);
    let spots: Vec<(i32, i32)> = items.iter().map(|c| c.at).collect();
    let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
    let ((left, top), (right, bottom)) = bounds;
    for c in &items {
        let w = text_width(&c.text, 12.0) + 6;
        let (ax, ay) = c.at;
        let mut candidates = Vec::new();
        for k in 0..10 {
            let up = ay - 12 - H - k * (H + 2);
            let down = ay + 10 + k * (H + 2);
            for y in [up, down] {
                candidates.push((ax + 8, y));
                candidates.push((ax - 8 - w, y));
            }
        }
        let free = |&(x, y): &(i32, i32)| {
            let r = (x, y, x + w, y + H);
            r.0 >= left
                && r.2 <= right
                && r.1 >= top
                && r.3 <= bottom
                && !placed.iter().any(|p| overlaps(*p, r))
                && !spots.iter().any(|&(sx, sy)| sx > r.0 - 5 && sx < r.2 + 5 && sy > r.1 - 5 && sy < r.3 + 5)
        };
        let (x, y) = candidates.iter().copied().find(free).unwrap_or(candidates[0]);
        let r = (x, y, x + w, y + H);
        placed.push(r);
        let anchor = (if x > ax { x } else { x + w }, ay.clamp(r.1, r.3));
        let gap = (anchor.0 - ax).abs().max((anchor.1 - ay).abs());
        if gap > 12 {
            root.draw(&PathElement::new(vec![(ax, ay), anchor], GREY.stroke_width(1)))?;
        }
        root.draw(&Rectangle::new([(r.0, r.1), (r.2, r.3)], WHITE.mix(0.85).filled()))?;
        root.draw(&Text::new(c.text.clone(), (x + 3, y + H / 2), text(12.0, INK, HPos::Left, VPos::Center)))?;
    }
    Ok(())
}

fn overlaps(a: (i32, i32, i32, i32), b: (i32, i32, i32, i32)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// `v` with `decimals` decimals and thousands separators, e.g. `12,345.6`.
pub(crate) fn fmt_num(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    let zero = out.chars().all(|c| c == '0' || c == '.' || c == ',');
    if v < 0.0 && !zero {
        out.insert(0, '−');
    }
    out
}

/// Decimals that tell apart ticks `step` apart.
fn decimals_for(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 0;
    }
    (0..6).find(|&d| ((step * 10f64.powi(d as i32)).round() - step * 10f64.powi(d as i32)).abs() < 1e-6).unwrap_or(6)
}

/// A value with as many decimals as its size needs (3 significant digits below 100).
pub(crate) fn fmt_sig(v: f64) -> String {
    let a = v.abs();
    let d = if a == 0.0 || a >= 100.0 { 0 } else { (2.0 - a.log10().floor()).clamp(0.0, 6.0) as usize };
    let s = fmt_num(v, d);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// How an [`Axis`] maps values.
#[derive(Debug, Clone)]
pub(crate) enum Scale {
    /// Linear.
    Linear,
    /// Logarithmic, base 10, ticks at 1-2-5 multiples.
    Log,
    /// Percentiles on a "nines" scale: 90, 99, 99.9 equally spaced, so that the tail shows.
    Nines,
    /// Evenly spaced named categories at 0, 1, 2, …
    Categories(Vec<String>),
}

/// A plotters axis that picks readable ticks (never more than it has room for) and formats them itself.
#[derive(Debug, Clone)]
pub(crate) struct Axis {
    lo: f64,
    hi: f64,
    scale: Scale,
    max_ticks: usize,
}

/// Highest percentile the nines scale spreads out; 100 (the maximum) is drawn just above it.
const NINES_CAP: f64 = 5.0;

impl Axis {
    /// A linear axis over `lo..hi`, widened when empty.
    pub(crate) fn linear(lo: f64, hi: f64, max_ticks: usize) -> Axis {
        let (lo, hi) = sane(lo, hi);
        Axis { lo, hi, scale: Scale::Linear, max_ticks: max_ticks.max(2) }
    }

    /// Logarithmic when the positive data `lo..hi` spans more than 30×, else linear from zero. Padded.
    pub(crate) fn auto(lo: f64, hi: f64, max_ticks: usize) -> Axis {
        if lo > 0.0 && hi / lo > 30.0 && hi.is_finite() {
            Axis { lo: lo / 1.25, hi: hi * 1.25, scale: Scale::Log, max_ticks: max_ticks.max(2) }
        } else {
            Axis::linear(0.0, hi * 1.08, max_ticks)
        }
    }

    /// Percentiles 0–100 on the nines scale.
    pub(crate) fn nines() -> Axis {
        Axis { lo: 0.0, hi: 100.0, scale: Scale::Nines, max_ticks: 8 }
    }

    /// Named categories, ticks thinned to at most `max_ticks`.
    pub(crate) fn categories(names: Vec<String>, max_ticks: usize) -> Axis {
        let n = names.len().max(1) as f64;
        Axis { lo: -0.5, hi: n - 0.5, scale: Scale::Categories(names), max_ticks: max_ticks.max(1) }
    }

    /// Whether the axis is logarithmic.
    pub(crate) fn is_log(&self) -> bool {
        matches!(self.scale, Scale::Log)
    }

    /// The lowest value shown.
    pub(crate) fn low(&self) -> f64 {
        self.lo
    }

    fn t(&self, v: f64) -> f64 {
        match self.scale {
            Scale::Log => v.max(self.lo * 1e-3).log10(),
            Scale::Nines => {
                if v >= 100.0 {
                    NINES_CAP + 0.6
                } else {
                    (-(1.0 - v / 100.0).log10()).min(NINES_CAP)
                }
            }
            _ => v,
        }
    }

    fn linear_step(&self) -> f64 {
        let n = self.max_ticks as f64;
        let raw = (self.hi - self.lo) / n;
        let mag = 10f64.powf(raw.log10().floor());
        [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| (self.hi - self.lo) / s <= n).unwrap_or(10.0 * mag)
    }

    fn ticks(&self) -> Vec<f64> {
        match &self.scale {
            Scale::Linear => {
                let step = self.linear_step();
                let mut v = (self.lo / step).ceil() * step;
                let mut out = Vec::new();
                while v <= self.hi + step * 1e-9 && out.len() < 100 {
                    out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
                    v += step;
                }
                out
            }
            Scale::Log => {
                let (a, b) = (self.lo.log10().floor() as i32, self.hi.log10().ceil() as i32);
                for mults in [&[1.0, 2.0, 5.0][..], &[1.0, 3.0], &[1.0]] {
                    let all: Vec<f64> = (a..=b)
                        .flat_map(|e| mults.iter().map(move |m| m * 10f64.powi(e)))
                        .filter(|v| *v >= self.lo && *v <= self.hi)
                        .collect();
                    if all.len() <= self.max_ticks {
                        return all;
                    }
                }
                let decades: Vec<f64> =
                    (a..=b).map(|e| 10f64.powi(e)).filter(|v| *v >= self.lo && *v <= self.hi).collect();
                let k = decades.len().div_ceil(self.max_ticks);
                decades.into_iter().step_by(k.max(1)).collect()
            }
            Scale::Nines => vec![50.0, 90.0, 99.0, 99.9, 99.99, 99.999, 100.0],
            Scale::Categories(names) => {
                let k = names.len().div_ceil(self.max_ticks).max(1);
                (0..names.len()).step_by(k).map(|i| i as f64).collect()
            }
        }
    }
}

fn sane(lo: f64, hi: f64) -> (f64, f64) {
    let lo = if lo.is_finite() { lo } else { 0.0 };
    let hi = if hi.is_finite() { hi } else { lo + 1.0 };
    if hi > lo {
        (lo, hi)
    } else if lo == 0.0 {
        (0.0, 1.0)
    } else {
        (lo - lo.abs() * 0.5, lo + lo.abs() * 0.5)
    }
}

impl Ranged for Axis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let (a, b) = (self.t(self.lo), self.t(self.hi));
        let f = if b > a { (self.t(*value) - a) / (b - a) } else { 0.5 };
        let f = if f.is_finite() { f.clamp(-1.0, 2.0) } else { 0.0 };
        (limit.0 as f64 + f * (limit.1 - limit.0) as f64).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        let mut t = self.ticks();
        if hint.max_num_points() == 0 {
            t.clear();
        }
        t
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

impl ValueFormatter<f64> for Axis {
    fn format_ext(&self, v: &f64) -> String {
        match &self.scale {
            Scale::Linear => fmt_num(*v, decimals_for(self.linear_step())),
            Scale::Log => fmt_sig(*v),
            Scale::Nines => {
                if *v >= 100.0 {
                    "max".into()
                } else {
                    let s = format!("{v:.3}");
                    s.trim_end_matches('0').trim_end_matches('.').to_string()
                }
            }
            Scale::Categories(names) => {
                let i = v.round();
                if i >= 0.0 && (i as usize) < names.len() {
                    names[i as usize].clone()
                } else {
                    String::new()
                }
            }
        }
    }
}

/// Draws the grid, the ticks and the axis titles of `chart` in the common style.
pub(crate) fn mesh(
    chart: &mut ChartContext<'_, SVGBackend<'_>, Cartesian2d<Axis, Axis>>,
    x_desc: &str,
    y_desc: &str,
) -> DrawResult {
    let xt = chart.as_coord_spec().x_spec().ticks().len().max(1);
    let yt = chart.as_coord_spec().y_spec().ticks().len().max(1);
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(xt)
        .y_labels(yt)
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(GREY.stroke_width(1))
        .label_style(font(12.0, INK))
        .axis_desc_style(font(13.0, INK))
        .draw()?;
    Ok(())
}

/// A polyline through `pts` on `chart` in `style`, dashed as `dash` says (dashes follow the pixels).
pub(crate) fn line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Cartesian2d<Axis, Axis>>,
    pts: &[(f64, f64)],
    color: RGBColor,
    width: u32,
    dash: Dash,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let pts: Vec<(f64, f64)> = pts.iter().copied().filter(|(x, y)| x.is_finite() && y.is_finite()).collect();
    if pts.len() < 2 {
        return Ok(());
    }
    let style = color.stroke_width(width);
    match dash.pattern() {
        None => area.draw(&PathElement::new(pts, style))?,
        Some((on, off)) => {
            let px: Vec<(i32, i32)> = pts.iter().map(|p| area.map_coordinate(p)).collect();
            let (on, off) = (on as f64, off as f64);
            let mut segs: Vec<Vec<(i32, i32)>> = vec![vec![px[0]]];
            let mut drawing = true;
            let mut left = on;
            for w in px.windows(2) {
                let (a, b) = (w[0], w[1]);
                let len = (((b.0 - a.0) as f64).powi(2) + ((b.1 - a.1) as f64).powi(2)).sqrt();
                let mut pos = 0.0;
                while len - pos > left {
                    pos += left;
                    let p =
                        (a.0 + ((b.0 - a.0) as f64 * pos / len) as i32, a.1 + ((b.1 - a.1) as f64 * pos / len) as i32);
                    if drawing {
                        segs.last_mut().expect("a segment is open").push(p);
                    } else {
                        segs.push(vec![p]);
                    }
                    drawing = !drawing;
                    left = if drawing { on } else { off };
                }
                left -= len - pos;
                if drawing {
                    segs.last_mut().expect("a segment is open").push(b);
                }
            }
            let root = area.strip_coord_spec();
            let (ox, oy) = area.get_base_pixel();
            for s in segs.into_iter().filter(|s| s.len() > 1) {
                let s: Vec<(i32, i32)> = s.into_iter().map(|(x, y)| (x - ox, y - oy)).collect();
                root.draw(&PathElement::new(s, style))?;
            }
        }
    }
    Ok(())
}
