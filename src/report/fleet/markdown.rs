//! The review in Markdown (`summary.md`): the headline, the per-function table, totals, fit and coupling.

use super::{words, FleetReport};
use crate::report::format::{duration_ms, money};

pub(super) fn render(r: &FleetReport) -> String {
    let a = &r.application;
    let f = &r.fleet;
    let cur = &r.catalog.currency;
    let mut out = format!("# {}: capacity review\n\n", a.name);
    if !a.description.is_empty() {
        out += &format!("{}\n\n", a.description);
    }
    out += &format!(
        "{} · {} · {} replication(s) × {} h, seed {} · each function adopts its `{}` recommendation\n\n",
        words::regions(r),
        r.date,
        a.replications,
        a.horizon_hours,
        a.seed,
        a.pick.as_str()
    );
    out += &format!("**{}**\n\n", words::headline(r));
    if let Some(i) = &r.incomplete {
        out += &format!("> **{}**\n\n", i.sentence());
    }
    if let Some(p) = words::placeholders(r) {
        out += &format!("> **{p}**\n\n");
    }
    out += "| function | pattern | change | now / month | after / month | saving | p99 after | p99 change | risks |\n";
    out += "|---|---|---|---:|---:|---:|---:|---:|---|\n";
    for x in &f.functions {
        out += &format!(
            "| [{}](functions/{}/summary.md){} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            x.name,
            x.name,
            if x.coupled { " \\*" } else { "" },
            words::pattern(x.pattern),
            words::change(x),
            money(x.now.monthly_cost, cur),
            money(x.after.monthly_cost, cur),
            words::saving(x.saving, x.saving_percent, cur),
            duration_ms(x.after.objective_latency().p99_ms),
            words::p99_change(x),
            words::risks(x)
        );
    }
    let fs = f.now.functions_cost - f.after.functions_cost;
    out += &format!(
        "| **functions** | | | {} | {} | {} | | | |\n",
        money(f.now.functions_cost, cur),
        money(f.after.functions_cost, cur),
        words::saving(fs, super::table::percent(fs, f.now.functions_cost), cur)
    );
    out += &format!(
        "| **account bill**{} | | | {} | {} | {} | | | |\n\n",
        if a.free_tier { " (free tier once)" } else { "" },
        money(f.now.total(), cur),
        money(f.after.total(), cur),
        words::saving(f.saving, f.saving_percent, cur)
    );
    out += &format!("{}\n\n", words::fit(r));
    for c in words::collisions(r) {
        out += &format!("- {c}\n");
    }
    if !f.collisions.is_empty() {
        out.push('\n');
    }
    out += "## How the account was simulated\n\n";
    out += &format!("{}\n\n", words::method());
    for c in words::coupling(r) {
        out += &format!("- {c}\n");
    }
    out
}
