//! The sweep for the terminal: one row per point, recommended points marked, then the recommendations.

use super::RunReport;
use crate::report::powertuning;
use crate::Architecture;

const HEADERS: [&str; 13] = [
    "arch", "memory", "$/month", "±95%", "$/1M req", "mean", "p50", "p95", "p99", "cold", "throttle", "errors", "conc.",
];

pub(super) fn render(r: &RunReport) -> String {
    let s = &r.scenario;
    let mut out = format!(
        " {} · {} · {} · {} replication(s) × {} h, seed {} · {} points\n",
        s.name,
        s.region,
        r.date,
        s.replications,
        s.horizon_hours,
        s.seed,
        r.points.len()
    );
    if !s.description.is_empty() {
        out += &format!(" {}\n", s.description);
    }
    let rows: Vec<[String; 13]> = r.points.iter().map(super::cells).collect();
    let mut width = HEADERS.map(str::len);
    for row in &rows {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    out.push('\n');
    out += &line(&HEADERS.map(String::from), &width, "");
    for (i, row) in rows.iter().enumerate() {
        let marks = r.marks(i);
        let tag = if marks.is_empty() { String::new() } else { format!("◀ {}", marks.join(", ")) };
        out += &line(row, &width, &tag);
    }
    out += "\n Recommendations\n";
    let rec = &r.recommendations;
    for (label, pick) in [("cost", &rec.cost), ("speed", &rec.speed), ("balanced", &rec.balanced), ("slo", &rec.slo)] {
        if let Some(p) = pick {
            out += &format!("  {label:<9} {}\n", p.reason);
        }
    }
    if let Some(why) = &rec.infeasible {
        out += &format!("  {:<9} {why}\n", "none");
    }
    if let Some(why) = &rec.slo_unmet {
        out += &format!("  {:<9} {why}\n", "slo");
    }
    let links = [
        ("x86_64", powertuning::link(r, Architecture::X86_64)),
        ("arm64", powertuning::link(r, Architecture::Arm64)),
        ("compare", powertuning::comparison_link(r)),
    ];
    if links.iter().any(|(_, l)| l.is_some()) {
        out += "\n Power Tuning view\n";
        for (label, link) in links {
            if let Some(l) = link {
                out += &format!("  {label:<9} {l}\n");
            }
        }
    }
    out
}

fn line(cells: &[String; 13], width: &[usize; 13], tag: &str) -> String {
    let mut s = String::from(" ");
    for (i, (c, w)) in cells.iter().zip(width).enumerate() {
        let pad = w - c.chars().count();
        if i < 2 {
            s += &format!("{c}{}  ", " ".repeat(pad));
        } else {
            s += &format!("{}{c}  ", " ".repeat(pad));
        }
    }
    s += tag;
    s.trim_end().to_string() + "\n"
}
