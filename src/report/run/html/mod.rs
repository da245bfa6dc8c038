//! `index.html`: one self-contained page for a capacity review (no network needed): the recommendations and why,
//! the charts, the sweep, the bill of each recommended setting, the scenario as run, the prices used, and the
//! assumptions and warnings.

mod assumptions;
mod describe;
pub(crate) mod page;
mod style;
mod summary;

pub(crate) use page::esc;

use super::RunReport;
use crate::pricing::Bill;
use crate::recommend::Strategy;
use crate::report::charts::Chart;
use crate::report::format::{duration_ms as ms, memory, money, price, quantity};
use crate::report::picks::{self, Words};
use crate::report::powertuning;
use crate::Architecture;

/// The sections of the page, in order: (anchor, name in the table of contents).
const SECTIONS: [(&str, &str); 7] = [
    ("recommendations", "Recommendations"),
    ("charts", "Charts"),
    ("sweep", "Sweep"),
    ("bill", "Bills"),
    ("scenario", "Scenario"),
    ("prices", "Prices"),
    ("assumptions", "Assumptions and warnings"),
];

pub(super) fn render(r: &RunReport, charts: &[Chart]) -> String {
    let s = &r.scenario;
    let mut out = String::with_capacity(256 * 1024);
    out += &page::head(&format!("costsim: {}", s.name), "");
    out += &format!("<h1>{}</h1>\n", esc(&s.name));
    out += &format!(
        "<p class=\"meta\">{}<br>{} ({}) · prices of {} · {} replication(s) × {} h per point, scaled to a 730-hour month · seed {} · {} points · costsim {}</p>\n",
        esc(&s.description),
        esc(&s.region),
        esc(&r.catalog.region_name),
        r.date,
        s.replications,
        s.horizon_hours,
        s.seed,
        r.points.len(),
        esc(&r.costsim_version)
    );
    out += &page::summary(&summary::line(r));
    let sections: Vec<(&str, &str)> =
        SECTIONS.into_iter().filter(|(id, _)| *id != "charts" || !charts.is_empty()).collect();
    out += &page::toc(&sections);
    if let Some(i) = &r.incomplete {
        out += &format!("<p class=\"incomplete\"><strong>{}</strong></p>\n", esc(&i.sentence()));
    }
    recommendations(&mut out, r);
    if !charts.is_empty() {
        out += "<h2 id=\"charts\">Charts</h2>\n<div class=\"charts\">\n";
        for c in charts {
            out += &page::figure(c, &describe::describe(r, c));
        }
        out += "</div>\n";
    }
    sweep(&mut out, r);
    bills(&mut out, r);
    scenario(&mut out, r);
    prices(&mut out, r);
    assumptions::assumptions(&mut out, r);
    out += page::FOOT;
    out
}

fn recommendations(out: &mut String, r: &RunReport) {
    *out += "<h2 id=\"recommendations\">Recommendations</h2>\n<div class=\"cards\">\n";
    let rec = &r.recommendations;
    let words = Words::of(r);
    for (strategy, p) in rec.picks() {
        let label = match strategy {
            Strategy::Cost => "Cost-optimal",
            Strategy::Speed => "Speed-optimal",
            Strategy::Balanced => "Balanced",
            Strategy::Slo => "Meets the SLO",
        };
        let point = &r.points[p.index];
        let e2e = if r.scenario.trigger.kind.queued() { "end-to-end " } else { "" };
        *out += &format!(
            "<div class=\"card\"><h3>{label}</h3><div class=\"setting\">{} · {}</div><div class=\"figures\">{}/month · {e2e}mean {} · p99 {}</div><p>{}</p></div>\n",
            p.architecture,
            memory(p.memory_mb),
            money(p.monthly_cost, &r.catalog.currency),
            ms(point.objective_latency().mean_ms),
            ms(point.objective_latency().p99_ms),
            esc(&words.reason(strategy, p))
        );
    }
    if let Some(why) = &rec.infeasible {
        *out += &format!(
            "<div class=\"card\"><h3>No feasible setting</h3><div class=\"setting\">none</div><p>{}</p></div>\n",
            esc(&picks::infeasible(why))
        );
    }
    if let Some(why) = &rec.slo_unmet {
        *out += &format!(
            "<div class=\"card\"><h3>Meets the SLO</h3><div class=\"setting\">none</div><p>{}</p></div>\n",
            esc(&words.slo_unmet(why))
        );
    }
    *out += "</div>\n";
    let links: Vec<String> = [
        ("x86_64", powertuning::link(r, Architecture::X86_64)),
        ("arm64", powertuning::link(r, Architecture::Arm64)),
        ("x86_64 against arm64", powertuning::comparison_link(r)),
    ]
    .into_iter()
    .filter_map(|(label, link)| link.map(|l| format!("<a href=\"{}\">{label}</a>", esc(&l))))
    .collect();
    if !links.is_empty() {
        *out += &format!(
            "<p class=\"small\">The same sweep in the AWS Lambda Power Tuning viewer (needs a network): {}. Its cost is costsim's all-in cost per invocation.</p>\n",
            links.join(" · ")
        );
    }
}

fn sweep(out: &mut String, r: &RunReport) {
    *out += "<h2 id=\"sweep\">Sweep</h2>\n<div class=\"scroll\"><table id=\"sweep-table\">\n<thead><tr>";
    let columns = super::columns(r.scenario.trigger.kind);
    for c in &columns {
        let class = if c.left { " class=\"left\"" } else { "" };
        *out += &format!("<th{class}>{}</th>", esc(&c.heading(&r.catalog.currency)));
    }
    *out += "<th class=\"left\">recommended</th></tr></thead>\n<tbody>\n";
    for (i, p) in r.points.iter().enumerate() {
        let marks = r.marks(i);
        let class = if !p.feasible {
            " class=\"infeasible\""
        } else if !marks.is_empty() {
            " class=\"recommended\""
        } else {
            ""
        };
        *out += &format!("<tr{class}>");
        for c in &columns {
            let class = if c.left { " class=\"left\"" } else { "" };
            *out += &format!("<td{class}>{}</td>", esc(&c.cell(p, &r.catalog.currency)));
        }
        *out += &format!("<td class=\"marks\">{}</td></tr>\n", marks.join(", "));
    }
    *out += &format!(
        "</tbody></table></div>\n<p class=\"small\">$/month is the mean over replications with its 95% confidence interval; {}; OOM: below the function's memory floor.</p>\n",
        esc(super::legend(r.scenario.trigger.kind))
    );
}

fn bills(out: &mut String, r: &RunReport) {
    *out += "<h2 id=\"bill\">Monthly bill of the recommended settings</h2>\n";
    for (n, i) in r.recommended().into_iter().enumerate() {
        let p = &r.points[i];
        let open = if n == 0 { " open" } else { "" };
        *out += &format!(
            "<details{open}><summary>{} · {} ({}): {}/month</summary>\n",
            p.architecture,
            memory(p.memory_mb),
            r.marks(i).join(", "),
            money(p.monthly_cost, &r.catalog.currency)
        );
        *out += "<div class=\"wide\">";
        bill_table(out, &p.bill);
        *out += "</div>\n</details>\n";
    }
}

fn bill_table(out: &mut String, b: &Bill) {
    *out += "<table class=\"bill\"><thead><tr><th>Component</th><th>Monthly qty</th><th class=\"left\">Unit</th><th>Unit price</th><th>Monthly cost</th></tr></thead><tbody>\n";
    for l in &b.lines {
        let mark = if l.estimated { " ~" } else { "" };
        *out += &format!(
            "<tr><td>{}{mark}</td><td>{}</td><td class=\"left\">{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&l.description),
            quantity(l.quantity),
            esc(&l.unit),
            price(l.unit_price, &b.currency),
            money(l.cost, &b.currency)
        );
    }
    *out += &format!(
        "<tr><td><strong>Total</strong></td><td></td><td></td><td></td><td><strong>{}</strong></td></tr></tbody></table>\n",
        money(b.total(), &b.currency)
    );
    if b.priced_with_estimates() {
        *out += "<p class=\"small\">~ price derived from other figures, not published by AWS.</p>\n";
    }
}

fn scenario(out: &mut String, r: &RunReport) {
    let s = &r.scenario;
    *out += &format!("<h2 id=\"scenario\">Scenario as run</h2>\n<p class=\"small\">{}", esc(&s.path));
    if !s.overrides.is_empty() {
        *out += &format!(", with {}", esc(&s.overrides.join(" ")));
    }
    *out += &format!("</p>\n<pre>{}</pre>\n", esc(&s.source));
}

fn prices(out: &mut String, r: &RunReport) {
    let c = &r.catalog;
    *out += &format!(
        "<h2 id=\"prices\">Prices used</h2>\n<p class=\"small\">{} ({}), {} · catalog {} · prices in force on {}</p>\n",
        esc(&c.region),
        esc(&c.region_name),
        esc(&c.currency),
        esc(&c.origin),
        r.date
    );
    *out += "<div class=\"scroll\"><table><thead><tr><th>Dimension</th><th class=\"left\">Architecture</th><th>Price</th><th class=\"left\">Unit</th><th class=\"left\">Effective</th><th class=\"left\">Source</th></tr></thead><tbody>\n";
    for p in &c.prices {
        let tiers: Vec<String> = p
            .tiers
            .iter()
            .map(|(start, pr)| {
                if start.is_zero() {
                    price(*pr, &c.currency)
                } else {
                    format!("{} from {}", price(*pr, &c.currency), quantity(*start))
                }
            })
            .collect();
        let derived = p.derived.as_ref().map(|d| format!("<br><em>estimate: {}</em>", esc(d))).unwrap_or_default();
        *out += &format!(
            "<tr><td>{}</td><td class=\"left\">{}</td><td>{}</td><td class=\"left\">{}</td><td class=\"left\">{}</td><td class=\"left\" style=\"white-space:normal\">{}{derived}</td></tr>\n",
            esc(&p.dimension),
            p.architecture,
            tiers.join("<br>"),
            esc(&p.unit),
            p.effective_date,
            esc(&p.source)
        );
    }
    *out += "</tbody></table></div>\n";
}
#[cfg(test)]
mod tests;
