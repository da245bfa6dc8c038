//! The review for the terminal: one row per function, the totals, then what to watch.

use super::{words, FleetReport};
use crate::report::format::{duration_ms, money};

pub(super) fn render(r: &FleetReport) -> String {
    let a = &r.application;
    let f = &r.fleet;
    let cur = &r.catalog.currency;
    let mut out = format!(
        " {} · {} · {} · {} function(s) · {} replication(s) × {} h, seed {} · pick {}\n",
        a.name,
        words::regions(r),
        r.date,
        f.functions.len(),
        a.replications,
        a.horizon_hours,
        a.seed,
        a.pick.as_str()
    );
    if !a.description.is_empty() {
        out += &format!(" {}\n", a.description);
    }
    out += &format!(" {}\n", words::headline(r));
    if let Some(i) = &r.incomplete {
        out += &format!(" {}\n", i.sentence());
    }
    if let Some(p) = words::placeholders(r) {
        out += &format!(" ! {p}\n");
    }
    out += "\n";
    let titles = ["function", "pattern", "change", "now/month", "after/month", "saving", "p99", "risks"];
    let rows: Vec<[String; 8]> = f
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
                format!(
                    "{} {}",
                    duration_ms(x.after.objective_latency().p99_ms),
                    words::latency_change(x.p99_change_ms)
                ),
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
    ];
    let mut width: Vec<usize> = titles.iter().map(|t| t.chars().count()).collect();
    for row in rows.iter().chain([&total, &account]) {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::from(" ");
        for (i, (c, w)) in cells.iter().zip(&width).enumerate() {
            let pad = w - c.chars().count();
            // Money and latency right-aligned, words left-aligned.
            if (3..=6).contains(&i) {
                s += &" ".repeat(pad);
                s += c;
            } else {
                s += c;
                if i + 1 < cells.len() {
                    s += &" ".repeat(pad);
                }
            }
            if i + 1 < cells.len() {
                s += "  ";
            }
        }
        s.trim_end().to_string() + "\n"
    };
    out += &line(&titles.map(String::from));
    for row in &rows {
        out += &line(row);
    }
    out += &line(&width.iter().map(|w| "─".repeat(*w)).collect::<Vec<_>>());
    out += &line(&total);
    out += &line(&account);
    out += "\n";
    out += &format!(" {}\n", words::fit(r));
    for c in words::collisions(r) {
        out += &format!(" ! {c}\n");
    }
    for c in words::coupling(r) {
        out += &format!(" {c}\n");
    }
    if f.functions.iter().any(|x| x.coupled) {
        out += &format!(" * {}\n", words::coupled_mark());
    }
    out
}

pub(super) use crate::fleet::percent;
