//! The sweep for the terminal: one row per point, recommended points marked, then the recommendations.
//!
//! Laid out for the terminal it is printed on ([`Terminal`]): when the full table does not fit, the columns a
//! reviewer needs least go first (see [`keep_order`]) and a footer says which; prose wraps with a hanging
//! indent. Without a width (a pipe, a file) it is the full form.

use super::{Column, RunReport};
use crate::report::picks::{self, Words};
use crate::report::powertuning;
use crate::report::terminal::{self, Terminal};
use crate::trigger::TriggerKind;
use crate::Architecture;

/// What a recommendation line's label takes: two spaces, the label padded to 9, one space [columns].
const LABEL: usize = 12;
/// The columns that always stay: arch, memory, $/month and the latency that matters.
const ALWAYS: usize = 4;

pub(super) fn render(r: &RunReport, term: &Terminal) -> String {
    let s = &r.scenario;
    let header = [
        s.name.clone(),
        s.region.clone(),
        r.date.to_string(),
        format!("{} replication(s) × {} h, seed {}", s.replications, s.horizon_hours, s.seed),
        format!("{} points", r.points.len()),
    ];
    let mut out = term.items(&header, " ", " ");
    if !s.description.is_empty() {
        out += &term.paragraph(&s.description, " ", " ");
    }
    out += &term.paragraph(&trigger_line(r), " ", "   ");
    if let Some(i) = &r.incomplete {
        out += &term.paragraph(&i.sentence(), " ", " ");
    }
    out.push('\n');
    let (table, dropped, full) = sweep(r, term);
    out += &table;
    for note in terminal::dropped_note(&dropped, term.width, full, "--format csv") {
        out += &term.paragraph(&note, " ", " ");
    }
    out += "\n Recommendations\n";
    let rec = &r.recommendations;
    let indent = " ".repeat(LABEL);
    let mut recommendation = |label: &str, text: &str| {
        out += &term.paragraph(text, &format!("  {label:<9} "), &indent);
    };
    let words = Words::of(r);
    for (strategy, p) in rec.picks() {
        recommendation(strategy.key(), &words.reason(strategy, p));
    }
    if let Some(why) = &rec.infeasible {
        recommendation("none", &picks::infeasible(why));
    }
    if let Some(why) = &rec.slo_unmet {
        recommendation("slo", &words.slo_unmet(why));
    }
    // The links run to hundreds of characters: they wrap a terminal into noise, so the table names where they are.
    let links =
        powertuning::link(r, Architecture::X86_64).is_some() || powertuning::link(r, Architecture::Arm64).is_some();
    if links {
        out += "\n Power Tuning view: the links are in index.html and summary.md\n";
    }
    out
}

/// The table (header and one row per point) in the columns that fit, the titles of those left out, and how wide
/// the full table is [columns].
fn sweep(r: &RunReport, term: &Terminal) -> (String, Vec<&'static str>, usize) {
    let all = super::columns(r.scenario.trigger.kind);
    let rows: Vec<Vec<String>> =
        r.points.iter().map(|p| all.iter().map(|c| c.cell(p, &r.catalog.currency)).collect()).collect();
    let mut width: Vec<usize> = all.iter().map(|c| terminal::width(&c.heading(&r.catalog.currency))).collect();
    for row in &rows {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(terminal::width(c));
        }
    }
    let tags: Vec<String> = (0..r.points.len())
        .map(|i| {
            let marks = r.marks(i);
            if marks.is_empty() {
                String::new()
            } else {
                format!("◀ {}", marks.join(", "))
            }
        })
        .collect();
    let widest_tag = tags.iter().map(|t| terminal::width(t)).max().unwrap_or(0);
    // One leading space, each cell followed by two, then the mark.
    let order = keep_order(r.scenario.trigger.kind);
    let ranks: Vec<usize> =
        all.iter().map(|c| order.iter().position(|t| *t == c.title).unwrap_or(usize::MAX)).collect();
    let keep = terminal::keep(&width, &ranks, 2, 1 + widest_tag, ALWAYS, term.width);
    let full = 1 + widest_tag + width.iter().map(|w| w + 2).sum::<usize>() - if widest_tag == 0 { 2 } else { 0 };
    let pick =
        |v: &[String]| -> Vec<String> { v.iter().zip(&keep).filter(|(_, k)| **k).map(|(c, _)| c.clone()).collect() };
    let columns: Vec<Column> = all.iter().zip(&keep).filter(|(_, k)| **k).map(|(c, _)| *c).collect();
    let width: Vec<usize> = width.iter().zip(&keep).filter(|(_, k)| **k).map(|(w, _)| *w).collect();
    let titles: Vec<String> = columns.iter().map(|c| c.heading(&r.catalog.currency)).collect();
    let recommended = r.recommended();
    let mut out = line(&titles, &columns, &width, "", false, term);
    for (i, (row, tag)) in rows.iter().zip(&tags).enumerate() {
        out += &line(&pick(row), &columns, &width, tag, recommended.contains(&i), term);
    }
    let dropped = all.iter().zip(&keep).filter(|(_, k)| !**k).map(|(c, _)| c.title).collect();
    (out, dropped, full)
}

/// The columns of a sweep of `kind`, by title, in the order they stay as the terminal narrows (the last goes
/// first): which setting and what it costs, the latency its trigger is judged by, then failures (errors,
/// throttles or drops) and cold starts, before the statistics a reviewer reads second (the interval, cost per
/// million, other percentiles, concurrency). `--format csv` has them all.
pub(super) fn keep_order(kind: TriggerKind) -> &'static [&'static str] {
    match kind {
        TriggerKind::Sync => &[
            "arch", "memory", "$/month", "p99", "errors", "throttle", "cold", "±95%", "$/1M req", "p95", "mean", "p50",
            "conc.",
        ],
        TriggerKind::Schedule => &[
            "arch",
            "memory",
            "$/month",
            "e2e p99",
            "errors",
            "dropped",
            "run p99",
            "late p99",
            "±95%",
            "$/1M events",
            "attempts",
            "overlap",
            "conc.",
        ],
        TriggerKind::Async => &[
            "arch",
            "memory",
            "$/month",
            "e2e p99",
            "errors",
            "dropped",
            "cold",
            "run p99",
            "attempts",
            "±95%",
            "$/1M events",
            "e2e p50",
            "conc.",
        ],
        TriggerKind::Sqs => &[
            "arch",
            "memory",
            "$/month",
            "age p99",
            "errors",
            "dropped",
            "oldest",
            "backlog",
            "±95%",
            "$/1M msgs",
            "age p50",
            "batch",
            "conc.",
        ],
    }
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

/// One row; a recommended one in bold with its mark coloured, when colouring.
fn line(
    cells: &[String],
    columns: &[Column],
    width: &[usize],
    tag: &str,
    recommended: bool,
    term: &Terminal,
) -> String {
    let mut s = String::new();
    for ((c, w), col) in cells.iter().zip(width).zip(columns) {
        let pad = " ".repeat(w - terminal::width(c));
        if col.left {
            s += &format!("{c}{pad}  ");
        } else {
            s += &format!("{pad}{c}  ");
        }
    }
    if !recommended {
        return format!(" {s}{tag}").trim_end().to_string() + "\n";
    }
    let cells = s.trim_end();
    let gap = &s[cells.len()..];
    format!(" {}{gap}{}\n", term.bold(cells), term.mark(tag)).trim_end().to_string() + "\n"
}
