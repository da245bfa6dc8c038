//! The sweep for the terminal: one row per point, recommended points marked, then the recommendations.

use super::RunReport;
use crate::report::picks::{self, Words};
use crate::report::powertuning;
use crate::Architecture;

pub(super) fn render(r: &RunReport) -> String {
    let s = &r.scenario;
    let mut out = format!(
        " {} · {} · {} · {} replication(s) × {} h, seed {} · {} points\n",
        s.name,
        s.region,
        r.date,
        s.replications,
        s.horizon_hours,
        s.seed,
        r.points.len()
    );
    if !s.description.is_empty() {
        out += &format!(" {}\n", s.description);
    }
    out += &format!(" {}\n", trigger_line(r));
    if let Some(i) = &r.incomplete {
        out += &format!(" {}\n", i.sentence());
    }
    let columns = super::columns(s.trigger.kind);
    let rows: Vec<Vec<String>> =
        r.points.iter().map(|p| columns.iter().map(|c| c.cell(p, &r.catalog.currency)).collect()).collect();
    let mut width: Vec<usize> = columns.iter().map(|c| c.heading(&r.catalog.currency).chars().count()).collect();
    for row in &rows {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    out.push('\n');
    let titles: Vec<String> = columns.iter().map(|c| c.heading(&r.catalog.currency)).collect();
    out += &line(&titles, &columns, &width, "");
    for (i, row) in rows.iter().enumerate() {
        let marks = r.marks(i);
        let tag = if marks.is_empty() { String::new() } else { format!("◀ {}", marks.join(", ")) };
        out += &line(row, &columns, &width, &tag);
    }
    out += "\n Recommendations\n";
    let rec = &r.recommendations;
    let words = Words::of(r);
    for (strategy, p) in rec.picks() {
        out += &format!("  {:<9} {}\n", strategy.key(), words.reason(strategy, p));
    }
    if let Some(why) = &rec.infeasible {
        out += &format!("  {:<9} {}\n", "none", picks::infeasible(why));
    }
    if let Some(why) = &rec.slo_unmet {
        out += &format!("  {:<9} {}\n", "slo", words.slo_unmet(why));
    }
    // The links run to hundreds of characters: they wrap a terminal into noise, so the table names where they are.
    let links =
        powertuning::link(r, Architecture::X86_64).is_some() || powertuning::link(r, Architecture::Arm64).is_some();
    if links {
        out += "\n Power Tuning view: the links are in index.html and summary.md\n";
    }
    out
}

/// The trigger in one line: `trigger: sqs (batch_size 10, …)`.
pub(super) fn trigger_line(r: &RunReport) -> String {
    let t = &r.scenario.trigger;
    let settings: Vec<String> = t.settings.iter().map(|(k, v)| format!("{k} {v}")).collect();
    if settings.is_empty() {
        format!("trigger: {}", t.kind.name())
    } else {
        format!("trigger: {} ({})", t.kind.name(), settings.join(", "))
    }
}

fn line(cells: &[String], columns: &[super::Column], width: &[usize], tag: &str) -> String {
    let mut s = String::from(" ");
    for ((c, w), col) in cells.iter().zip(width).zip(columns) {
        let pad = w - c.chars().count();
        if col.left {
            s += &format!("{c}{}  ", " ".repeat(pad));
        } else {
            s += &format!("{}{c}  ", " ".repeat(pad));
        }
    }
    s += tag;
    s.trim_end().to_string() + "\n"
}
