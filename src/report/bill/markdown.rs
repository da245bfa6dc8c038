//! The breakdown as a GitHub-flavoured Markdown table.

use super::{cells, notes, sections};
use crate::pricing::Bill;
use crate::report::format;

pub(super) fn render(bill: &Bill) -> String {
    let mut out = String::from("| Name | Monthly Qty | Unit | Unit Price | Monthly Cost |\n");
    out.push_str("|:-----|------------:|:-----|-----------:|-------------:|\n");
    for section in sections(bill) {
        out.push_str(&format!("| **{}** | | | | |\n", escape(&section.title)));
        for l in section.lines {
            let [name, qty, unit, price, cost] = cells(l, &bill.currency);
            out.push_str(&format!("| &nbsp;&nbsp;{} | {qty} | {unit} | {price} | {cost} |\n", escape(&name)));
        }
    }
    out.push_str(&format!("| **Overall total** | | | | **{}** |\n", format::money(bill.total(), &bill.currency)));
    let notes = notes(bill);
    if !notes.is_empty() {
        out.push('\n');
    }
    for n in notes {
        out.push_str(&format!("{n}\n"));
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('|', "\\|")
}
