//! How points are drawn, the same in every chart: by standing (eligible filled, over the scenario's budgets
//! hollow, out of memory a cross on the axis, since it measured nothing), and the recommendation each point is
//! for as a black outline of its own shape (cost a square, speed a triangle, balanced a diamond, SLO a
//! downward triangle, today's setting a circle), so that picks are told apart without colour.

use plotters::prelude::*;

use super::style::{Area, DrawResult, INK};
use crate::recommend::{standing, Standing};
use crate::report::run::RunReport;

/// A recommendation's mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// The cheapest eligible setting: a square.
    Cost,
    /// The fastest: an upward triangle.
    Speed,
    /// The balanced pick: a diamond.
    Balanced,
    /// The cheapest meeting the latency objective: a downward triangle.
    Slo,
    /// Today's setting: a circle.
    Today,
}

impl Mark {
    /// Every mark, in legend order.
    pub(crate) const ALL: [Mark; 5] = [Mark::Cost, Mark::Speed, Mark::Balanced, Mark::Slo, Mark::Today];

    /// The mark of a name [`RunReport::marks`] gives.
    fn of(name: &str) -> Option<Mark> {
        match name {
            "cost" => Some(Mark::Cost),
            "speed" => Some(Mark::Speed),
            "balanced" => Some(Mark::Balanced),
            "slo" => Some(Mark::Slo),
            "today" => Some(Mark::Today),
            _ => None,
        }
    }

    /// Its legend text.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Mark::Cost => "cost pick",
            Mark::Speed => "speed pick",
            Mark::Balanced => "balanced pick",
            Mark::Slo => "SLO pick",
            Mark::Today => "today's setting",
        }
    }

    /// The outline's vertices around `c` [px], about `r` px from it (a circle has none: drawn as one).
    pub(crate) fn outline(self, (x, y): (i32, i32), r: i32) -> Vec<(i32, i32)> {
        // Triangles reach further than a square of the same r, so they are drawn a little larger to look equal.
        let t = r + r / 3;
        match self {
            Mark::Cost => vec![(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r), (x - r, y - r)],
            Mark::Speed => vec![(x, y - t), (x + t, y + t * 3 / 4), (x - t, y + t * 3 / 4), (x, y - t)],
            Mark::Balanced => vec![(x, y - t), (x + t, y), (x, y + t), (x - t, y), (x, y - t)],
            Mark::Slo => vec![(x, y + t), (x + t, y - t * 3 / 4), (x - t, y - t * 3 / 4), (x, y + t)],
            Mark::Today => vec![],
        }
    }

    /// Draws the outline around `c` [px] on `area`, `r` px out, in `color`.
    pub(crate) fn draw(self, area: &Area, c: (i32, i32), r: i32, color: RGBColor) -> DrawResult {
        match self {
            Mark::Today => area.draw(&Circle::new(c, r.max(1) as u32, color.stroke_width(2)))?,
            _ => area.draw(&PathElement::new(self.outline(c, r), color.stroke_width(2)))?,
        }
        Ok(())
    }

    /// The mark filled in `color`, as a marker on a line, `r` px out.
    pub(crate) fn fill(self, area: &Area, c: (i32, i32), r: i32, color: RGBColor) -> DrawResult {
        match self {
            Mark::Today => area.draw(&Circle::new(c, r.max(1) as u32, color.filled()))?,
            _ => area.draw(&Polygon::new(self.outline(c, r), color.filled()))?,
        }
        Ok(())
    }
}

/// The marks of point `index`, in [`Mark::ALL`] order.
pub(crate) fn marks(report: &RunReport, index: usize) -> Vec<Mark> {
    report.marks(index).into_iter().filter_map(Mark::of).collect()
}

/// Every mark some point of `report` has, in legend order.
pub(crate) fn used(report: &RunReport) -> Vec<Mark> {
    let have: Vec<Mark> = (0..report.points.len()).flat_map(|i| marks(report, i)).collect();
    Mark::ALL.into_iter().filter(|m| have.contains(m)).collect()
}

/// Draws the marks of one point around `c` [px], nested outward from `r` px, 4 px apart: a point that is
/// several picks shows every shape.
pub(crate) fn draw_marks(area: &Area, c: (i32, i32), r: i32, marks: &[Mark]) -> DrawResult {
    for (k, m) in marks.iter().enumerate() {
        m.draw(area, c, r + 4 * k as i32, INK)?;
    }
    Ok(())
}

/// How far out the marks of a point reach [px] (for keeping labels off them).
pub(crate) fn reach(r: i32, n: usize) -> i32 {
    let outer = r + 4 * n.saturating_sub(1) as i32;
    outer + outer / 3 + 1
}

/// Where point `index` stands under the report's budgets.
pub(crate) fn standing_of(report: &RunReport, index: usize) -> Standing {
    standing(&report.points[index], &report.scenario.recommend)
}

/// The legend text for settings over the budgets, naming the budgets some point exceeds ("over the error
/// budget (timeouts)", "over the error or throttle budget"); `None` when no point is over any.
pub(crate) fn over_budget_words(report: &RunReport) -> Option<String> {
    let spec = &report.scenario.recommend;
    let over: Vec<usize> =
        (0..report.points.len()).filter(|&i| standing_of(report, i) == Standing::OverBudget).collect();
    if over.is_empty() {
        return None;
    }
    let p = |i: usize| &report.points[i];
    let errors = over.iter().any(|&i| p(i).error_ratio > spec.max_error_ratio);
    // A synchronous caller sees a throttle as a failed request; elsewhere a throttle only delays and what is lost
    // is a dropped event (recommend::within_budgets judges the same way).
    let throttles = over.iter().any(|&i| p(i).delivery.is_none() && p(i).throttle_ratio > spec.max_throttle_ratio);
    let dropped =
        over.iter().any(|&i| p(i).delivery.as_ref().is_some_and(|d| d.dropped_ratio > spec.max_dropped_ratio));
    let names: Vec<&str> = [(errors, "error"), (throttles, "throttle"), (dropped, "dropped-event")]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, n)| n)
        .collect();
    // A feasible setting's errors are its timeouts (it does not run out of memory).
    let why = if errors && names.len() == 1 { " (timeouts)" } else { "" };
    Some(format!("over the {} budget{why}: not a candidate", names.join(" or ")))
}

/// A hollow marker: white inside, the colour's outline.
pub(crate) fn hollow(area: &Area, c: (i32, i32), r: u32, color: RGBColor) -> DrawResult {
    area.draw(&Circle::new(c, r, WHITE.filled()))?;
    area.draw(&Circle::new(c, r, color.stroke_width(2)))?;
    Ok(())
}

/// An × of half-size `r` [px]: a setting that ran out of memory, placed along an axis.
pub(crate) fn cross(area: &Area, (x, y): (i32, i32), r: i32, color: RGBColor) -> DrawResult {
    area.draw(&PathElement::new(vec![(x - r, y - r), (x + r, y + r)], color.stroke_width(2)))?;
    area.draw(&PathElement::new(vec![(x - r, y + r), (x + r, y - r)], color.stroke_width(2)))?;
    Ok(())
}
