//! The look shared by every chart: size, fonts, the Okabe–Ito palette, the header and the legend row. Axes and
//! number formats are in `axis.rs`, labels in `labels.rs`, point styles in `marks.rs`.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::marks::{self, Mark};
use crate::report::run::RunReport;
use crate::Architecture;

/// Chart width [px].
pub(crate) const WIDTH: u32 = 900;
/// Chart height [px].
pub(crate) const HEIGHT: u32 = 520;
/// DejaVu Sans, the face the PNGs embed (`png.rs`), then the generic family: a browser without DejaVu uses its
/// own sans-serif, and the SVG needs no font file.
pub(crate) const FONT: &str = "DejaVu Sans, sans-serif";

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

/// How the `k`-th architecture's series are drawn when `two` are: (extra marker radius [px], line width [px]).
/// The first is drawn first and larger, the second on top of it, so that where the two coincide the first
/// shows as a rim around the second and neither vanishes.
pub(crate) fn layer(k: usize, two: bool) -> (i32, u32) {
    if two && k == 0 {
        (2, 4)
    } else {
        (0, 2)
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

/// Estimated width of `s` at `px` [px], for layout (SVG cannot measure text): DejaVu Sans, the face the PNGs
/// use, averages about 0.6 em per character of these labels.
pub(crate) fn text_width(s: &str, px: f64) -> i32 {
    (s.chars().count() as f64 * px * 0.6).ceil() as i32
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
    header_with(root, title, &subtitle(report))
}

/// Draws `title` and the one-line `subtitle` below it; returns the area below. Charts of other reports (the
/// fleet's) share the run charts' header with their own subtitle.
pub(crate) fn header_with<'a>(root: &Area<'a>, title: &str, subtitle: &str) -> DrawResult<Area<'a>> {
    root.fill(&WHITE)?;
    let bold = TextStyle::from((FONT, 17.0 * 1.24).into_font().style(FontStyle::Bold))
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Top));
    root.draw(&Text::new(title.to_string(), (16, 12), bold))?;
    root.draw(&Text::new(subtitle.to_string(), (16, 36), text(12.0, GREY, HPos::Left, VPos::Top)))?;
    Ok(root.split_vertically(56).1)
}

fn subtitle(report: &RunReport) -> String {
    let s = &report.scenario;
    let reps =
        if s.replications == 1 { "1 replication".to_string() } else { format!("{} replications", s.replications) };
    let unit = s.trigger.kind.unit();
    let rate = if s.mean_rate_per_s >= 0.1 || s.mean_rate_per_s == 0.0 {
        format!("{} {unit}s/s", fmt_sig(s.mean_rate_per_s))
    } else {
        format!("{} {unit}s/h", fmt_sig(s.mean_rate_per_s * 3600.0))
    };
    let rate = format!("{}, {rate}", s.trigger.kind.name());
    format!(
        "{} · {rate} mean · {} h simulated, {} per setting · free tier {} · prices of {}",
        s.region,
        s.horizon_hours,
        reps,
        if s.free_tier { "applied" } else { "not applied" },
        report.date,
    )
}

/// A marker drawn on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    /// A filled circle.
    Dot,
    /// A recommendation's shape, filled.
    Mark(Mark),
}

/// How a legend entry looks: exactly what the plot draws for it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Glyph {
    /// A line in its pattern, with the marker its series has on it (if any).
    Line { color: RGBColor, width: u32, dash: Dash, marker: Option<Marker> },
    /// A filled marker of radius `r` [px].
    Dot(RGBColor, u32),
    /// A hollow marker.
    Hollow(RGBColor),
    /// An ×: a setting placed along an axis because it has no value to plot.
    Cross(RGBColor),
    /// A filled square.
    Swatch(RGBColor),
    /// A pale swatch: faded bars.
    Faded(RGBColor),
    /// A recommendation's black outline.
    Mark(Mark),
    /// No glyph: a note, in grey.
    Note,
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
/// Length of a line swatch [px]: three dashes and two gaps of the dashed pattern, so that a marker in the
/// middle covers no gap.
pub(crate) const SWATCH: i32 = 34;

/// Draws the legend as rows of entries across the top of `area`; returns the area below.
pub(crate) fn legend<'a>(area: &Area<'a>, entries: &[Entry]) -> DrawResult<Area<'a>> {
    if entries.is_empty() {
        return Ok(area.clone());
    }
    let width = area.dim_in_pixel().0 as i32;
    let (mut x, mut y) = (16, 10);
    let mut rows = 1;
    for e in entries {
        let glyph = if matches!(e.glyph, Glyph::Note) { 0 } else { SWATCH + 6 };
        let w = glyph + text_width(&e.label, 12.0) + 18;
        if x + w > width - 8 && x > 16 {
            x = 16;
            y += LEGEND_ROW;
            rows += 1;
        }
        draw_glyph(area, e.glyph, (x, y))?;
        let color = if matches!(e.glyph, Glyph::Note) { GREY } else { INK };
        area.draw(&Text::new(e.label.clone(), (x + glyph, y), text(12.0, color, HPos::Left, VPos::Center)))?;
        x += w;
    }
    Ok(area.split_vertically(rows * LEGEND_ROW + 4).1)
}

/// The dashes of a `len`-px line swatch in `dash`: (start, end) offsets [px].
pub(crate) fn swatch_dashes(dash: Dash, len: i32) -> Vec<(i32, i32)> {
    match dash.pattern() {
        None => vec![(0, len)],
        Some((on, off)) => {
            let mut out = Vec::new();
            let mut s = 0;
            while s < len {
                out.push((s, (s + on as i32).min(len)));
                s += (on + off) as i32;
            }
            out
        }
    }
}

fn draw_glyph(area: &Area, glyph: Glyph, (x, y): (i32, i32)) -> DrawResult {
    let mid = (x + SWATCH / 2, y);
    match glyph {
        Glyph::Line { color, width, dash, marker } => {
            for (a, b) in swatch_dashes(dash, SWATCH) {
                area.draw(&PathElement::new(vec![(x + a, y), (x + b, y)], color.stroke_width(width)))?;
            }
            match marker {
                None => {}
                Some(Marker::Dot) => area.draw(&Circle::new(mid, 3, color.filled()))?,
                Some(Marker::Mark(m)) => m.fill(area, mid, 3, color)?,
            }
        }
        Glyph::Dot(color, r) => area.draw(&Circle::new(mid, r, color.filled()))?,
        Glyph::Hollow(color) => marks::hollow(area, mid, 4, color)?,
        Glyph::Cross(color) => marks::cross(area, mid, 4, color)?,
        Glyph::Swatch(color) => area.draw(&Rectangle::new([(mid.0 - 7, y - 6), (mid.0 + 7, y + 6)], color.filled()))?,
        Glyph::Faded(color) => {
            area.draw(&Rectangle::new([(mid.0 - 7, y - 6), (mid.0 + 7, y + 6)], lighten(color, 0.65).filled()))?
        }
        Glyph::Mark(m) => m.draw(area, mid, 6, INK)?,
        Glyph::Note => {}
    }
    Ok(())
}

/// Writes `msg` in the middle of `area`.
pub(crate) fn note(area: &Area, msg: &str) -> DrawResult {
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(msg.to_string(), (w as i32 / 2, h as i32 / 2), text(15.0, GREY, HPos::Center, VPos::Center)))?;
    Ok(())
}

pub(crate) use super::axis::*;

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
