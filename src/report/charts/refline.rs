//! Reference lines (the latency objective, the function's timeout, the concurrency limit): drawn where they
//! fall in or near the data, the axis stretched a little to take one just beyond it; one far off the data is
//! not drawn (it would squash the plot) but named in the legend instead.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::labels::Rect;
use super::style::{text, text_width, Area, Dash, DrawResult, Entry, Glyph};
use crate::report::run::RunReport;

/// How far beyond the data a line may lie and still be drawn (the axis then reaches it) [×].
const NEAR: f64 = 1.5;

/// Colour of reference lines and their labels.
pub(crate) const REF: RGBColor = RGBColor(0x44, 0x44, 0x44);

/// A value an axis is measured against.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RefLine {
    /// Where [axis units before scaling, e.g. ms].
    pub value: f64,
    /// Its label: `objective p99 ≤ 200 ms`.
    pub label: String,
}

/// The lines to draw and the notes for the ones left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Fitted {
    /// The top of the axis: the data's top, raised to reach a drawn line [axis units].
    pub hi: f64,
    /// The lines drawn.
    pub drawn: Vec<RefLine>,
    /// "timeout 15 min: far above the latencies drawn", one per line left out.
    pub notes: Vec<String>,
}

/// Fits `lines` to an axis whose data run up to `data_hi` [axis units]: a line at most [`NEAR`] × the data's
/// top is drawn and the axis raised 4% past it; one further out is left out with a note.
pub(crate) fn fit(data_hi: f64, lines: Vec<RefLine>) -> Fitted {
    let mut out = Fitted { hi: data_hi, ..Fitted::default() };
    for l in lines.into_iter().filter(|l| l.value.is_finite() && l.value > 0.0) {
        if data_hi > 0.0 && l.value <= data_hi * NEAR {
            out.hi = out.hi.max(l.value * 1.04);
            out.drawn.push(l);
        } else {
            out.notes.push(format!("{}: far above the values drawn", l.label));
        }
    }
    out
}

/// The latency lines of an axis: the objective (when the scenario has one and `percentile` is the one the axis
/// draws, or any when `None`) and the function's timeout, prefixed "invocation" where the axis is end-to-end
/// time (`sync` false); each labelled in the unit its own size calls for.
pub(crate) fn latency_lines(report: &RunReport, percentile: Option<f64>, sync: bool) -> Vec<RefLine> {
    // Limits someone set, written exact as every report writes them (`15 min`, `250 ms`).
    let label = crate::report::format::limit_ms;
    let spec = &report.scenario.recommend;
    let mut out = Vec::new();
    if let Some(ms) = spec.slo_ms {
        if percentile.is_none_or(|p| (p - spec.slo_percentile).abs() < 1e-9) {
            let q = super::axis::fmt_sig(spec.slo_percentile);
            out.push(RefLine { value: ms, label: format!("objective p{q} ≤ {}", label(ms)) });
        }
    }
    if let Some(ms) = report.scenario.timeout_ms {
        let what = if sync { "timeout" } else { "invocation timeout" };
        out.push(RefLine { value: ms as f64, label: format!("{what} {}", label(ms as f64)) });
    }
    out
}

/// The legend entries of fitted lines: the drawn ones as dashed swatches, the notes as text.
pub(crate) fn entries(f: &Fitted) -> Vec<Entry> {
    let mut out: Vec<Entry> = f
        .drawn
        .iter()
        .map(|l| Entry::new(l.label.clone(), Glyph::Line { color: REF, width: 1, dash: Dash::Dashed, marker: None }))
        .collect();
    out.extend(f.notes.iter().map(|n| Entry::new(n.clone(), Glyph::Note)));
    out
}

/// Draws a horizontal line at pixel row `y` from `x0` to `x1` on `root`, dashed, labelled at its right end;
/// returns the label's box [px] for other labels to keep off.
pub(crate) fn horizontal(root: &Area, y: i32, (x0, x1): (i32, i32), label: &str) -> DrawResult<Rect> {
    dashes(root, (x0, y), (x1, y))?;
    root.draw(&Text::new(label.to_string(), (x1 - 4, y - 2), text(11.0, REF, HPos::Right, VPos::Bottom)))?;
    Ok((x1 - 4 - text_width(label, 11.0), y - 16, x1 - 4, y - 2))
}

/// Draws a vertical line at pixel column `x` from `y0` (top) to `y1`, dashed, labelled at its top, to the left
/// when it is in the right half of `(left, right)`; returns the label's box [px].
pub(crate) fn vertical(
    root: &Area,
    x: i32,
    (y0, y1): (i32, i32),
    (left, right): (i32, i32),
    label: &str,
) -> DrawResult<Rect> {
    dashes(root, (x, y0), (x, y1))?;
    let w = text_width(label, 11.0);
    let (h, at, l) = if x > (left + right) / 2 { (HPos::Right, x - 4, x - 4 - w) } else { (HPos::Left, x + 4, x + 4) };
    root.draw(&Text::new(label.to_string(), (at, y0 + 2), text(11.0, REF, h, VPos::Top)))?;
    Ok((l, y0 + 2, l + w, y0 + 16))
}

fn dashes(root: &Area, a: (i32, i32), b: (i32, i32)) -> DrawResult {
    let len = (b.0 - a.0).abs().max((b.1 - a.1).abs());
    let mut s = 0;
    while s < len {
        let e = (s + 6).min(len);
        let at = |t: i32| (a.0 + (b.0 - a.0) * t / len.max(1), a.1 + (b.1 - a.1) * t / len.max(1));
        root.draw(&PathElement::new(vec![at(s), at(e)], REF.stroke_width(1)))?;
        s += 10;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(v: f64, s: &str) -> RefLine {
        RefLine { value: v, label: s.into() }
    }

    #[test]
    fn near_lines_are_drawn_far_ones_noted() {
        // Data up to 200 ms; an objective at 250 ms (1.25 × 200, within 1.5 ×) is drawn and the axis raised to
        // 250 × 1.04 = 260 ms; a 900 s timeout (4,500 × the data) is only noted.
        let f = fit(200.0, vec![l(250.0, "objective p99 ≤ 250 ms"), l(900_000.0, "timeout 15 min")]);
        assert_eq!(f.drawn, vec![l(250.0, "objective p99 ≤ 250 ms")]);
        assert!((f.hi - 260.0).abs() < 1e-9);
        assert_eq!(f.notes, ["timeout 15 min: far above the values drawn"]);
        // A line inside the data leaves the axis as it is.
        let f = fit(200.0, vec![l(120.0, "x")]);
        assert_eq!((f.hi, f.drawn.len()), (200.0, 1));
    }
}
