//! The review for the terminal: one row per function, the totals, then what to watch.
//!
//! Laid out for the terminal it is printed on: when the full table does not fit, each function's risks move to
//! an indented line beneath its row, then the columns a reviewer needs least go (pattern, the monthly costs
//! before and after: the saving and the headline carry them) and a footer says which. Prose wraps with a
//! hanging indent. Without a width (a pipe, a file) it is the full form.

use super::{words, FleetReport};
use crate::report::format::{duration_ms, money};
use crate::report::terminal::{self, Terminal};

const TITLES: [&str; 9] =
    ["function", "pattern", "change", "now/month", "after/month", "saving", "p99", "p99 change", "risks"];
/// The column of the risks, the last.
const RISKS: usize = 8;
/// How long each column stays as the terminal narrows (the highest rank goes first; below [`ALWAYS`] never):
/// which function, what changes, what it saves and its latency after.
const RANKS: [usize; 9] = [0, 7, 1, 6, 5, 2, 3, 4, 8];
const ALWAYS: usize = 4;

pub(super) fn render(r: &FleetReport, term: &Terminal) -> String {
    let a = &r.application;
    let f = &r.fleet;
    let cur = &r.catalog.currency;
    let header = [
        a.name.clone(),
        words::regions(r),
        r.date.to_string(),
        format!("{} function(s)", f.functions.len()),
        format!("{} replication(s) × {} h, seed {}", a.replications, a.horizon_hours, a.seed),
        format!("pick {}", a.pick.as_str()),
    ];
    let mut out = term.items(&header, " ", " ");
    if !a.description.is_empty() {
        out += &term.paragraph(&a.description, " ", " ");
    }
    out += &term.paragraph(&words::headline(r), " ", " ");
    if let Some(i) = &r.incomplete {
        out += &term.paragraph(&i.sentence(), " ", " ");
    }
    if let Some(p) = words::placeholders(r) {
        out += &term.paragraph(&p, " ! ", "   ");
    }
    out += "\n";
    let rows: Vec<[String; 9]> = f
        .functions
        .iter()
        .map(|x| {
            [
                format!("{}{}", x.name, if x.coupled { "*" } else { "" }),
                words::pattern(x.pattern).to_string(),
                words::change(x),
                money(x.now.monthly_cost, cur),
                money(x.after.monthly_cost, cur),
                words::saving(x.saving, x.saving_percent, cur),
                duration_ms(x.after.objective_latency().p99_ms),
                words::p99_change(x),
                words::risks(x),
            ]
        })
        .collect();
    let functions_saving = f.now.functions_cost - f.after.functions_cost;
    let total = [
        "functions".to_string(),
        String::new(),
        format!("{} changed", f.functions.iter().filter(|x| x.changes()).count()),
        money(f.now.functions_cost, cur),
        money(f.after.functions_cost, cur),
        words::saving(functions_saving, percent(functions_saving, f.now.functions_cost), cur),
        String::new(),
        String::new(),
        String::new(),
    ];
    let account = [
        "account bill".to_string(),
        String::new(),
        if a.free_tier { "free tier once".into() } else { "no free tier".into() },
        money(f.now.total(), cur),
        money(f.after.total(), cur),
        words::saving(f.saving, f.saving_percent, cur),
        String::new(),
        String::new(),
        String::new(),
    ];
    let mut width: Vec<usize> = TITLES.iter().map(|t| terminal::width(t)).collect();
    for row in rows.iter().chain([&total, &account]) {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(terminal::width(c));
        }
    }
    // One leading space, two between columns: the last column's gap is the leading space's.
    let full = width.iter().map(|w| w + 2).sum::<usize>() - 1;
    let keep = if term.too_narrow_for(full) {
        let mut keep = terminal::keep(&width[..RISKS], &RANKS[..RISKS], 2, 0, ALWAYS, term.width.map(|w| w + 1));
        keep.push(false);
        keep
    } else {
        vec![true; TITLES.len()]
    };
    let risks_beneath = !keep[RISKS];
    let line = |cells: &[String]| {
        let mut s = String::from(" ");
        let shown: Vec<usize> = (0..cells.len()).filter(|&i| keep[i]).collect();
        for (n, &i) in shown.iter().enumerate() {
            let (c, w) = (&cells[i], width[i]);
            let pad = " ".repeat(w - terminal::width(c));
            let last = n + 1 == shown.len();
            // Money and latency right-aligned, words left-aligned.
            if (3..=7).contains(&i) {
                s += &pad;
                s += c;
            } else {
                s += c;
                if !last {
                    s += &pad;
                }
            }
            if !last {
                s += "  ";
            }
        }
        s.trim_end().to_string() + "\n"
    };
    out += &line(&TITLES.map(String::from));
    for row in &rows {
        out += &line(row);
        if risks_beneath && row[RISKS] != "–" {
            out += &term.paragraph(&format!("risks: {}", row[RISKS]), "     ", "            ");
        }
    }
    out += &line(&width.iter().map(|w| "─".repeat(*w)).collect::<Vec<_>>());
    out += &line(&total);
    out += &line(&account);
    let dropped: Vec<&str> = (0..RISKS).filter(|&i| !keep[i]).map(|i| TITLES[i]).collect();
    for note in terminal::dropped_note(&dropped, term.width, full, "--format csv") {
        out += &term.paragraph(&note, " ", " ");
    }
    out += "\n";
    out += &term.paragraph(&words::fit(r), " ", " ");
    for c in words::collisions(r) {
        out += &term.paragraph(&c, " ! ", "   ");
    }
    for c in words::coupling(r) {
        out += &term.paragraph(&c, " ", " ");
    }
    if f.functions.iter().any(|x| x.coupled) {
        out += &term.paragraph(words::coupled_mark(), " * ", "   ");
    }
    out
}

pub(super) use crate::fleet::percent;
