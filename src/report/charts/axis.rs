//! Axes that pick readable ticks (never more than there is room for) and the number formats they use.

use std::ops::Range;

use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::prelude::*;

use super::style::{font, DrawResult, GREY, GRID, INK};

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
    /// Values are durations [ms] whose ticks each carry their own unit (`200 ms`, `1 s`, `2 min`): a log axis
    /// spans decades no one unit reads well across.
    time: bool,
}

/// Highest percentile the nines scale spreads out; 100 (the maximum) is drawn just above it.
const NINES_CAP: f64 = 5.0;

impl Axis {
    /// A linear axis over `lo..hi`, widened when empty.
    pub(crate) fn linear(lo: f64, hi: f64, max_ticks: usize) -> Axis {
        let (lo, hi) = sane(lo, hi);
        Axis { lo, hi, scale: Scale::Linear, max_ticks: max_ticks.max(2), time: false }
    }

    /// Logarithmic when the positive data `lo..hi` spans more than 30×, else linear from zero. Padded.
    pub(crate) fn auto(lo: f64, hi: f64, max_ticks: usize) -> Axis {
        if lo > 0.0 && hi / lo > 30.0 && (hi * 1.25).is_finite() {
            Axis { lo: lo / 1.25, hi: hi * 1.25, scale: Scale::Log, max_ticks: max_ticks.max(2), time: false }
        } else {
            Axis::linear(0.0, hi * 1.08, max_ticks)
        }
    }

    /// Like [`Axis::auto`], but a linear axis starts near the data rather than at zero when the data sit in
    /// the top part of the range (`lo` > 40% of `hi`), padded 8% of the span: for scatter plots, whose points
    /// are read by position, not by length from zero.
    pub(crate) fn fit(lo: f64, hi: f64, max_ticks: usize) -> Axis {
        let a = Axis::auto(lo, hi, max_ticks);
        if a.is_log() || !(lo.is_finite() && lo > 0.4 * hi) {
            return a;
        }
        let pad = ((hi - lo) * 0.08).max(hi * 0.02);
        Axis::linear(lo - pad, hi + pad, max_ticks)
    }

    /// Percentiles 0–100 on the nines scale.
    pub(crate) fn nines() -> Axis {
        Axis { lo: 0.0, hi: 100.0, scale: Scale::Nines, max_ticks: 8, time: false }
    }

    /// Named categories, ticks thinned to at most `max_ticks`.
    pub(crate) fn categories(names: Vec<String>, max_ticks: usize) -> Axis {
        let n = names.len().max(1) as f64;
        Axis { lo: -0.5, hi: n - 0.5, scale: Scale::Categories(names), max_ticks: max_ticks.max(1), time: false }
    }

    /// The axis with its values read as durations [ms], each tick written in its own unit.
    pub(crate) fn with_time_ticks(mut self) -> Axis {
        self.time = true;
        self
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
                // A step too small to move `v` (or not a number) would repeat one tick: ends and nothing between.
                if !(step.is_finite() && step > 0.0 && self.lo + step > self.lo && self.hi - step < self.hi) {
                    return [self.lo, self.hi].into_iter().filter(|v| v.is_finite()).collect();
                }
                let mut v = (self.lo / step).ceil() * step;
                let mut out = Vec::new();
                // Near f64::MAX the tolerance would overflow to inf, and so would `v`: both kept finite.
                let end = Some(self.hi + step * 1e-9).filter(|e| e.is_finite()).unwrap_or(self.hi);
                while v.is_finite() && v <= end && out.len() < 100 {
                    out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
                    v += step;
                }
                out
            }
            Scale::Log => {
                // log10 of the finite, positive ends is within ±324: at most ~650 decades, each visited once.
                let decade = |x: f64| x.log10().clamp(-330.0, 310.0) as i32;
                let (a, b) = (decade(self.lo).saturating_sub(1), decade(self.hi).saturating_add(1));
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
            Scale::Log if self.time => {
                use super::units::TimeUnit;
                // Ticks fall on 1-2-5 × 10ⁿ ms: seconds up to 10 min keep them round (200 s, not 3.33 min).
                let unit = match *v {
                    v if v < 1_000.0 => TimeUnit::Ms,
                    v if v < 600_000.0 => TimeUnit::S,
                    _ => TimeUnit::Min,
                };
                format!("{} {}", fmt_sig(unit.of(*v)), unit.symbol())
            }
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
    mesh_with(chart, x_desc, y_desc, true)
}

/// [`mesh`], with the x tick labels left out when `x_labels` is false (an upper panel sharing the lower one's
/// x axis).
pub(crate) fn mesh_with(
    chart: &mut ChartContext<'_, SVGBackend<'_>, Cartesian2d<Axis, Axis>>,
    x_desc: &str,
    y_desc: &str,
    x_labels: bool,
) -> DrawResult {
    let xt = chart.as_coord_spec().x_spec().ticks().len().max(1);
    let yt = chart.as_coord_spec().y_spec().ticks().len().max(1);
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(xt)
        .y_labels(yt)
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(GREY.stroke_width(1))
        .label_style(font(12.0, INK))
        .axis_desc_style(font(13.0, INK));
    // The grid lines stay, so that the panels line up by eye; only the numbers go.
    let blank = |_: &f64| String::new();
    if !x_labels {
        mesh.x_label_formatter(&blank);
    }
    mesh.draw()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_end_and_fit_for_any_finite_range() {
        // Ranges at the ends of f64: huge, tiny, far from zero, one ulp wide, subnormal. Each must give at most
        // max_ticks (+ 1 for the end) ticks, all finite, inside the range.
        let ranges = [
            (0.0, f64::MAX),
            (-f64::MAX, f64::MAX),
            (0.0, 1e-300),
            (1e300, 1e300 * (1.0 + 1e-15)),
            (1.0, 1.0 + f64::EPSILON),
            (0.0, 5e-324),
            (-1e308, -1e307),
        ];
        for (lo, hi) in ranges {
            for axis in [Axis::linear(lo, hi, 6), Axis::auto(lo.abs().max(5e-324), hi.abs(), 6)] {
                let t = axis.ticks();
                assert!(t.len() <= 101, "{lo}..{hi}: {} ticks", t.len());
                assert!(t.iter().all(|v| v.is_finite()), "{lo}..{hi}: {t:?}");
                assert!(t.iter().all(|v| !axis.format_ext(v).is_empty()));
            }
        }
        // An ordinary range: 0..10 in 6 ticks at most → step 2: 0, 2, 4, 6, 8, 10.
        assert_eq!(Axis::linear(0.0, 10.0, 6).ticks(), [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
    }
}
