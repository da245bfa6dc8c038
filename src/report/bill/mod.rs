//! Renderers for an itemised [`Bill`]: one file per format, selected by [`BillFormat`].

mod csv;
mod json;
mod markdown;
mod table;

use crate::pricing::{Bill, BillLine};
use crate::report::format;

/// Output formats of `costsim price`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillFormat {
    /// A cost breakdown for the terminal, in the style of infracost.
    Table,
    /// One row per function with a column per component, for spreadsheets.
    Csv,
    /// The whole bill, versioned, for programs.
    Json,
    /// The breakdown as a Markdown table, for pull requests and wikis.
    Markdown,
}

/// Renders `bill` in `format`, the table in its full form (for files and pipes).
pub fn render(bill: &Bill, format: BillFormat) -> String {
    render_for(bill, format, &crate::report::terminal::Terminal::PLAIN)
}

/// Renders `bill` in `format`, the table laid out for `terminal` (its width).
pub fn render_for(bill: &Bill, format: BillFormat, terminal: &crate::report::terminal::Terminal) -> String {
    match format {
        BillFormat::Table => table::render(bill, terminal),
        BillFormat::Csv => csv::render(bill),
        BillFormat::Json => json::render(bill),
        BillFormat::Markdown => markdown::render(bill),
    }
}

/// A block of the breakdown: a function (or the account) and its lines.
struct Section<'a> {
    title: String,
    lines: Vec<&'a BillLine>,
}

/// The breakdown as the table and Markdown show it: each function, then the account-level lines.
/// The lines are grouped in one pass, so that a sheet of many functions renders in linear time.
fn sections(bill: &Bill) -> Vec<Section<'_>> {
    let groups = bill.lines_by_function();
    let account = groups.account().to_vec();
    let mut out: Vec<Section> = bill
        .functions
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let memory = f.memory_mb.map(|m| format!(", {} MB", format::quantity(m.into()))).unwrap_or_default();
            let title = format!("{} ({}, {}{memory})", f.name, f.region, f.architecture);
            Section { title, lines: groups.of(i).to_vec() }
        })
        .collect();
    if !account.is_empty() {
        out.push(Section { title: "Account".into(), lines: account });
    }
    out
}

/// The cells of one line: description (with `~` for estimated prices), quantity, unit, unit price, cost.
fn cells(line: &BillLine, currency: &str) -> [String; 5] {
    let mark = if line.estimated { " ~" } else { "" };
    [
        format!("{}{mark}", line.description),
        format::quantity(line.quantity),
        line.unit.to_string(),
        format::price(line.unit_price, currency),
        format::money(line.cost, currency),
    ]
}

/// The footnote under human formats when any price is an estimate.
const ESTIMATE_NOTE: &str = "~ price derived from other figures, not published by AWS (see the catalog's notes)";

/// The footnote under human formats when a free tier is credited: whose allowance it is.
const FREE_TIER_NOTE: &str = "Free tier (account): one allowance per account and month, across all regions (an \
     Organization's consolidated bill counts as one account); this bill is priced as one account";

/// The footnotes a bill's lines call for, in order.
fn notes(bill: &crate::pricing::Bill) -> Vec<&'static str> {
    let mut out = Vec::new();
    if bill.priced_with_estimates() {
        out.push(ESTIMATE_NOTE);
    }
    if bill.lines.iter().any(|l| l.component.is_free_tier()) {
        out.push(FREE_TIER_NOTE);
    }
    out
}

#[cfg(test)]
mod tests;
