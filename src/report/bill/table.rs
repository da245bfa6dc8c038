//! The terminal breakdown, after infracost: functions as parents, components as `├─`/`└─` children,
//! right-aligned numbers and an overall total.

use super::{cells, notes, sections};
use crate::pricing::Bill;
use crate::report::format;

const HEADERS: [&str; 5] = ["Name", "Monthly Qty", "Unit", "Unit Price", "Monthly Cost"];

pub(super) fn render(bill: &Bill) -> String {
    let sections = sections(bill);
    let rows: Vec<Vec<[String; 5]>> =
        sections.iter().map(|s| s.lines.iter().map(|l| cells(l, &bill.currency)).collect()).collect();
    let mut width = HEADERS.map(str::len);
    width[0] = width[0].max(sections.iter().map(|s| s.title.chars().count()).max().unwrap_or(0));
    for row in rows.iter().flatten() {
        for (w, cell) in width.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    width[0] += 3; // room for the tree prefix
    let mut out = String::new();
    line(&mut out, &HEADERS.map(String::from), &width, "");
    for (section, rows) in sections.iter().zip(&rows) {
        out.push('\n');
        out.push_str(&format!(" {}\n", section.title));
        for (i, row) in rows.iter().enumerate() {
            let prefix = if i + 1 == rows.len() { "└─ " } else { "├─ " };
            line(&mut out, row, &width, prefix);
        }
    }
    let total = format::money(bill.total(), &bill.currency);
    let label = "OVERALL TOTAL";
    let span: usize = width.iter().sum::<usize>() + 2 * 4;
    out.push_str(&format!("\n {label}{}\n", format::pad_left(&total, span - label.len())));
    let notes = notes(bill);
    if !notes.is_empty() {
        out.push('\n');
    }
    for n in notes {
        out.push_str(&format!(" {n}\n"));
    }
    out
}

fn line(out: &mut String, cells: &[String; 5], width: &[usize; 5], prefix: &str) {
    let name = format!("{prefix}{}", cells[0]);
    out.push(' ');
    out.push_str(&format::pad_right(&name, width[0]));
    for (i, cell) in cells.iter().enumerate().skip(1) {
        out.push_str("  ");
        // The unit is text, left-aligned; numbers and money are right-aligned.
        out.push_str(&if i == 2 { format::pad_right(cell, width[i]) } else { format::pad_left(cell, width[i]) });
    }
    out.push('\n');
}
