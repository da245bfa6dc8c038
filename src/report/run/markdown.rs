//! `summary.md`: the recommendations and the sweep as Markdown, for pull requests and wikis.

use super::RunReport;
use crate::recommend::Strategy;
use crate::report::format::{duration_ms as ms, memory, money};
use crate::report::picks::{self, Words};
use crate::report::powertuning;
use crate::Architecture;

pub(super) fn render(r: &RunReport) -> String {
    let s = &r.scenario;
    let mut out = format!("# costsim: {}\n\n", s.name);
    if !s.description.is_empty() {
        out += &format!("{}\n\n", s.description);
    }
    out += &format!(
        "{} ({}) · prices of {} · {} replication(s) × {} h per point · seed {} · {} points\n\n",
        s.region,
        r.catalog.region_name,
        r.date,
        s.replications,
        s.horizon_hours,
        s.seed,
        r.points.len()
    );
    if let Some(i) = &r.incomplete {
        out += &format!("> **{}**\n\n", i.sentence());
    }
    out += "## Recommendations\n\n";
    let rec = &r.recommendations;
    let words = Words::of(r);
    match &rec.infeasible {
        Some(why) => out += &format!("No recommendation: {}.\n", picks::infeasible(why)),
        None => {
            let e2e = if s.trigger.kind.queued() { "end-to-end " } else { "" };
            out += &format!("| | Setting | $/month | {e2e}mean | {e2e}p99 | Why |\n|:--|:--|--:|--:|--:|:--|\n")
        }
    }
    for (strategy, p) in rec.picks() {
        let point = &r.points[p.index];
        out += &format!(
            "| **{}** | {} {} | {} | {} | {} | {} |\n",
            label(strategy),
            p.architecture,
            memory(p.memory_mb),
            money(p.monthly_cost, &r.catalog.currency),
            ms(point.objective_latency().mean_ms),
            ms(point.objective_latency().p99_ms),
            words.reason(strategy, p).replace('|', "\\|")
        );
    }
    if let Some(why) = &rec.slo_unmet {
        out += &format!("\nSLO: {}\n", words.slo_unmet(why));
    }
    let columns = super::columns(s.trigger.kind);
    out += &format!("\n## Sweep\n\n{}.\n\n| ", super::table::trigger_line(r));
    out += &columns.iter().map(|c| c.heading(&r.catalog.currency)).collect::<Vec<_>>().join(" | ");
    out += " | |\n|";
    for c in &columns {
        out += if c.left { ":--|" } else { "--:|" };
    }
    out += ":--|\n";
    for (i, p) in r.points.iter().enumerate() {
        let marks = r.marks(i).join(", ");
        let cells: Vec<String> = columns.iter().map(|c| c.cell(p, &r.catalog.currency)).collect();
        out += &format!("| {} | {marks} |\n", cells.join(" | "));
    }
    out += &format!("\n{}.\n", capitalised(super::legend(s.trigger.kind)));
    let links: Vec<String> = [
        (Architecture::X86_64.as_str(), powertuning::link(r, Architecture::X86_64)),
        (Architecture::Arm64.as_str(), powertuning::link(r, Architecture::Arm64)),
        ("x86_64 vs arm64", powertuning::comparison_link(r)),
    ]
    .into_iter()
    .filter_map(|(label, link)| link.map(|l| format!("[{label}]({l})")))
    .collect();
    if !links.is_empty() {
        out += &format!("\nAWS Lambda Power Tuning view: {}\n", links.join(" · "));
    }
    if !r.warnings.is_empty() {
        out += "\n## Warnings\n\n";
        for w in &r.warnings {
            out += &format!("- {w}\n");
        }
    }
    out
}

/// A strategy's name in the recommendations table.
fn label(s: Strategy) -> &'static str {
    match s {
        Strategy::Cost => "Cost",
        Strategy::Speed => "Speed",
        Strategy::Balanced => "Balanced",
        Strategy::Slo => "SLO",
    }
}

/// `text` with its first letter upper-case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
