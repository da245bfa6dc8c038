//! The diff for the terminal: the headline, one row per function (cost on both sides, the change, HEAD's p99)
//! with what else moved on an indented line beneath, the total, then the notes. The indented lines and the notes
//! wrap at 100 columns, or at the terminal's width when it is narrower.

use super::words;
use crate::diff::{Diff, FunctionDiff, Status, Verdict};
use crate::report::format::{money, pad_left, pad_right};
use crate::report::terminal::{self, Terminal};

/// Width the indented lines and notes wrap at, however wide the terminal [columns]: lines longer than this read
/// badly.
const WIDTH: usize = 100;
/// What separates the items of an indented line.
const SEPARATOR: &str = " · ";

pub(super) fn render(d: &Diff, verdict: Option<&Verdict>, term: &Terminal) -> String {
    let limit = term.width.map_or(WIDTH, |w| w.min(WIDTH));
    let cur = &d.currency;
    let mut out = format!(" costsim diff · {}\n", words::subject(d));
    out += &format!(" base {}\n head {}\n\n", d.base.origin.path, d.head.origin.path);
    out += &format!(" {}\n\n", words::headline(d));
    let cost = |f: &FunctionDiff, on_base: bool| {
        let side = if on_base { &f.base } else { &f.head };
        side.as_ref().map_or("–".to_string(), |s| money(s.monthly_cost, cur))
    };
    let titles = ["function", "base", "head", "change", "p99 (head)"].map(String::from);
    let rows: Vec<([String; 5], Vec<String>)> = d
        .functions
        .iter()
        .map(|f| {
            let cells = [
                words::name(f),
                cost(f, true),
                cost(f, false),
                words::change(&f.cost, cur),
                words::latency(f, |s| s.p99_ms),
            ];
            let moved = if f.status == Status::Unchanged { Vec::new() } else { words::moved(f) };
            (cells, moved)
        })
        .collect();
    let total = [
        "total".to_string(),
        money(d.total.base, cur),
        money(d.total.head, cur),
        words::change(&d.total, cur),
        String::new(),
    ];
    let mut width = titles.clone().map(|t| t.chars().count());
    for cells in rows.iter().map(|(c, _)| c).chain([&total]) {
        for (w, c) in width.iter_mut().zip(cells) {
            *w = (*w).max(c.chars().count());
        }
    }
    out += &row(&titles, &width);
    for (cells, moved) in &rows {
        out += &row(cells, &width);
        for l in wrap(moved.iter().map(String::as_str), SEPARATOR, 3, limit) {
            out += &format!("   {l}\n");
        }
    }
    out += &row(&width.map(|w| "─".repeat(w)), &width);
    out += &row(&total, &width);
    out.push('\n');
    let notes = [
        words::placeholders(d).map(|w| format!("! {w}")),
        Some(words::total_is(d).to_string()),
        Some(words::unchanged(d)),
        words::basis(d),
        words::dates(d),
        words::recommended(d),
        verdict.map(|v| capitalised(&words::gate(v, d)) + "."),
    ];
    for n in notes.into_iter().flatten() {
        for l in wrap(n.split(' '), " ", 1, limit) {
            out += &format!(" {l}\n");
        }
    }
    out
}

/// One row: the name left-aligned, the figures right-aligned, the latency left-aligned last.
fn row(cells: &[String; 5], width: &[usize; 5]) -> String {
    let mut s = String::from(" ");
    s += &pad_right(&cells[0], width[0]);
    for i in 1..4 {
        s += "  ";
        s += &pad_left(&cells[i], width[i]);
    }
    s += "  ";
    s += &cells[4];
    s.trim_end().to_string() + "\n"
}

/// `items` joined by `separator` into lines of at most `limit` columns after a margin of `margin` columns (an
/// item longer than a line stands alone).
fn wrap<'a>(items: impl IntoIterator<Item = &'a str>, separator: &str, margin: usize, limit: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for item in items {
        match lines.last_mut() {
            Some(l) if margin + terminal::width(l) + terminal::width(separator) + terminal::width(item) <= limit => {
                l.push_str(separator);
                l.push_str(item);
            }
            _ => lines.push(item.to_string()),
        }
    }
    lines
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    c.next().map_or(String::new(), |first| first.to_uppercase().chain(c).collect())
}
