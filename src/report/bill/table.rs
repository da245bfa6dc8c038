//! The terminal breakdown, after infracost: functions as parents, components as `├─`/`└─` children,
//! right-aligned numbers and an overall total.
//!
//! Laid out for the terminal it is printed on: when the full table does not fit, the unit price goes (the
//! quantity and the cost stay; the JSON and Markdown have it) and long names wrap inside their column, under
//! the tree. Without a width (a pipe, a file) it is the full form.

use super::{cells, notes, sections};
use crate::pricing::Bill;
use crate::report::format;
use crate::report::terminal::{self, Terminal};

const HEADERS: [&str; 5] = ["Name", "Monthly Qty", "Unit", "Unit Price", "Monthly Cost"];
/// The column that goes first.
const UNIT_PRICE: usize = 3;
/// The tree prefix before a component's name (`├─ `) [columns].
const TREE: usize = 3;
/// The narrowest the name column gets, tree prefix included [columns]: narrower, names wrap into a word a line.
const MIN_NAME: usize = TREE + 16;

pub(super) fn render(bill: &Bill, term: &Terminal) -> String {
    let sections = sections(bill);
    let rows: Vec<Vec<[String; 5]>> =
        sections.iter().map(|s| s.lines.iter().map(|l| cells(l, &bill.currency)).collect()).collect();
    let mut width = HEADERS.map(terminal::width);
    width[0] = width[0].max(sections.iter().map(|s| terminal::width(&s.title)).max().unwrap_or(0));
    for row in rows.iter().flatten() {
        for (w, cell) in width.iter_mut().zip(row) {
            *w = (*w).max(terminal::width(cell));
        }
    }
    width[0] += TREE;
    let full = 1 + width[0] + width[1..].iter().map(|w| w + 2).sum::<usize>();
    let mut keep = [true; 5];
    if let Some(limit) = term.width.filter(|_| term.too_narrow_for(full)) {
        keep[UNIT_PRICE] = false;
        let others: usize = (1..5).filter(|&i| keep[i]).map(|i| width[i] + 2).sum();
        width[0] = width[0].min(limit.saturating_sub(1 + others)).max(MIN_NAME);
    }
    let layout = Layout { width, keep };
    let mut out = String::new();
    layout.line(&mut out, &HEADERS.map(String::from), "", "");
    for (section, rows) in sections.iter().zip(&rows) {
        out.push('\n');
        out += &term.paragraph(&section.title, " ", "   ");
        for (i, row) in rows.iter().enumerate() {
            let last = i + 1 == rows.len();
            let (prefix, under) = if last { ("└─ ", "   ") } else { ("├─ ", "│  ") };
            layout.line(&mut out, row, prefix, under);
        }
    }
    let total = format::money(bill.total(), &bill.currency);
    let label = "OVERALL TOTAL";
    let span: usize = (0..5).filter(|&i| keep[i]).map(|i| width[i] + 2).sum::<usize>() - 2;
    out.push_str(&format!("\n {label}{}\n", format::pad_left(&total, span - label.len())));
    let dropped: Vec<&str> = (0..5).filter(|&i| !keep[i]).map(|i| HEADERS[i]).collect();
    let dropped = terminal::dropped_note(&dropped, term.width, full, "--format json or md");
    let notes = notes(bill);
    if !notes.is_empty() || !dropped.is_empty() {
        out.push('\n');
    }
    for n in notes.iter().copied().map(String::from).chain(dropped) {
        out += &term.paragraph(&n, " ", " ");
    }
    out
}

/// The columns shown and their widths [columns] (the name's with its tree prefix).
struct Layout {
    width: [usize; 5],
    keep: [bool; 5],
}

impl Layout {
    /// One line of the breakdown: the name after `prefix`, wrapped inside its column (the continuation after
    /// `under`), the figures on its first line.
    fn line(&self, out: &mut String, cells: &[String; 5], prefix: &str, under: &str) {
        let room = self.width[0] - TREE;
        let names = if terminal::width(&cells[0]) > room {
            terminal::wrap(&cells[0], room, "", "")
        } else {
            vec![cells[0].clone()]
        };
        out.push(' ');
        out.push_str(&format::pad_right(&format!("{prefix}{}", names[0]), self.width[0]));
        for (i, cell) in cells.iter().enumerate().skip(1).filter(|(i, _)| self.keep[*i]) {
            out.push_str("  ");
            // The unit is text, left-aligned; numbers and money are right-aligned.
            let w = self.width[i];
            out.push_str(&if i == 2 { format::pad_right(cell, w) } else { format::pad_left(cell, w) });
        }
        for name in &names[1..] {
            out.push_str(&format!("\n {under}{name}"));
        }
        out.push('\n');
    }
}
