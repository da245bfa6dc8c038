//! The fleet report as one self-contained HTML page (`index.html`), in the look of a run's page: the headline,
//! the contents, one row per function linking to its own report, the totals, whether the recommended set fits,
//! how the account was simulated, the charts, the account's itemised bill today and after, and the assumptions.
//! Every sentence comes from [`words`], as in the terminal table and the Markdown, except what each chart shows
//! ([`describe`], the charts' text alternatives).

mod describe;

use super::{words, FleetReport};
use crate::pricing::Bill;
use crate::report::charts::Chart;
use crate::report::format::{duration_ms, money, price, quantity};
use crate::report::run::{esc, page};

/// What the fleet page adds to the shared style: the functions table is wide (its box scrolls on a phone), its
/// risks and changes wrap, totals and function groups are shaded.
pub(crate) const FLEET_STYLE: &str = r#"
.wide table { min-width: 720px; }
#functions-table th, #functions-table td { padding: 4px 6px; }
td.risks { text-align: left; white-space: normal; min-width: 140px; }
td.change { text-align: left; white-space: normal; min-width: 130px; }
tr.total td { background: var(--soft); font-weight: 600; }
tr.group td { background: var(--soft); font-weight: 600; text-align: left; }
p.placeholders { color: #7a4f00; background: #fff8e5; border-left: 4px solid #d4a72c; padding: 8px 12px; }
ul.collisions li { color: var(--warn); }
@media print { .wide table { min-width: 0; } #functions-table th, #functions-table td { padding: 2px 3px; } td.risks, td.change { min-width: 0; } }
"#;

/// The sections of the page, in order: (anchor, name in the table of contents).
const SECTIONS: [(&str, &str); 6] = [
    ("functions", "Functions"),
    ("fit", "Does it fit?"),
    ("method", "How it was simulated"),
    ("charts", "Charts"),
    ("bill", "The account's bill"),
    ("assumptions", "Assumptions and warnings"),
];

pub(super) fn render(r: &FleetReport, charts: &[Chart]) -> String {
    let a = &r.application;
    let mut out = String::with_capacity(256 * 1024);
    out += &page::head(&format!("costsim: {} (capacity review)", a.name), FLEET_STYLE);
    out += &format!("<h1>{}: capacity review</h1>\n", esc(&a.name));
    out += &format!(
        "<p class=\"meta\">{}<br>{} ({}){} · prices of {} · {} function(s) · {} replication(s) × {} h, scaled to a 730-hour month · seed {} · each function adopts its <code>{}</code> recommendation · costsim {}</p>\n",
        esc(&a.description),
        esc(&a.region),
        esc(&r.catalog.region_name),
        words::other_regions(r).iter().map(|x| format!(" + {}", esc(x))).collect::<String>(),
        r.date,
        r.fleet.functions.len(),
        a.replications,
        a.horizon_hours,
        a.seed,
        esc(a.pick.as_str()),
        esc(&r.costsim_version)
    );
    out += &page::summary(&words::headline(r));
    let sections: Vec<(&str, &str)> =
        SECTIONS.into_iter().filter(|(id, _)| *id != "charts" || !charts.is_empty()).collect();
    out += &page::toc(&sections);
    if let Some(i) = &r.incomplete {
        out += &format!("<p class=\"incomplete\"><strong>{}</strong></p>\n", esc(&i.sentence()));
    }
    if let Some(p) = words::placeholders(r) {
        out += &format!("<p class=\"placeholders\">{}</p>\n", esc(&p));
    }
    functions(&mut out, r);
    fit(&mut out, r);
    if !charts.is_empty() {
        out += "<h2 id=\"charts\">Charts</h2>\n<div class=\"charts\">\n";
        for c in charts {
            out += &page::figure(c, &describe::describe(r, c));
        }
        out += "</div>\n";
    }
    bills(&mut out, r);
    assumptions(&mut out, r);
    out += page::FOOT;
    out
}

fn functions(out: &mut String, r: &FleetReport) {
    let a = &r.application;
    let f = &r.fleet;
    let cur = &r.catalog.currency;
    *out += "<h2 id=\"functions\">Functions</h2>\n<div class=\"wide\"><table id=\"functions-table\">\n<thead><tr>";
    for (t, left) in [
        ("Function", true),
        ("Pattern", true),
        ("Current → recommended", true),
        ("Now / month", false),
        ("After / month", false),
        ("Saving", false),
        ("p99 after", false),
        ("p99 change", false),
        ("Risks", true),
    ] {
        *out += &format!("<th{}>{t}</th>", if left { " class=\"left\"" } else { "" });
    }
    *out += "</tr></thead>\n<tbody>\n";
    for x in &f.functions {
        *out += &format!(
            "<tr><td><a href=\"functions/{}/index.html\">{}</a>{}</td><td class=\"left\">{}</td><td class=\"change\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"risks\">{}</td></tr>\n",
            esc(&x.name),
            esc(&x.name),
            if x.coupled { " *" } else { "" },
            esc(words::pattern(x.pattern)),
            esc(&words::change(x)),
            esc(&money(x.now.monthly_cost, cur)),
            esc(&money(x.after.monthly_cost, cur)),
            esc(&words::saving(x.saving, x.saving_percent, cur)),
            esc(&duration_ms(x.after.objective_latency().p99_ms)),
            esc(&words::p99_change(x)),
            esc(&words::risks(x))
        );
    }
    let fs = f.now.functions_cost - f.after.functions_cost;
    let changed = f.functions.iter().filter(|x| x.changes()).count();
    *out += &format!(
        "<tr class=\"total\"><td>functions</td><td></td><td class=\"left\">{changed} changed</td><td>{}</td><td>{}</td><td>{}</td><td></td><td></td><td></td></tr>\n",
        esc(&money(f.now.functions_cost, cur)),
        esc(&money(f.after.functions_cost, cur)),
        esc(&words::saving(fs, super::table::percent(fs, f.now.functions_cost), cur))
    );
    *out += &format!(
        "<tr class=\"total\"><td>account bill</td><td></td><td class=\"left\">{}</td><td>{}</td><td>{}</td><td>{}</td><td></td><td></td><td></td></tr>\n",
        if a.free_tier { "free tier once" } else { "no free tier" },
        esc(&money(f.now.total(), cur)),
        esc(&money(f.after.total(), cur)),
        esc(&words::saving(f.saving, f.saving_percent, cur))
    );
    *out += "</tbody></table></div>\n<p class=\"small\">";
    if f.functions.iter().any(|x| x.coupled) {
        *out += &format!("* {}. ", esc(words::coupled_mark()));
    }
    *out += "Each function's name opens its own report: its sweep in the account's context.</p>\n";
}

fn fit(out: &mut String, r: &FleetReport) {
    *out += "<h2 id=\"fit\">Does the recommended set fit?</h2>\n";
    *out += &format!("<p>{}</p>\n", esc(&words::fit(r)));
    if !r.fleet.collisions.is_empty() {
        *out += "<ul class=\"collisions\">\n";
        for c in words::collisions(r) {
            *out += &format!("<li>{}</li>\n", esc(&c));
        }
        *out += "</ul>\n";
    }
    *out += "<h2 id=\"method\">How the account was simulated</h2>\n";
    *out += &format!("<p>{}</p>\n<ul>\n", esc(words::method()));
    for c in words::coupling(r) {
        *out += &format!("<li>{}</li>\n", esc(&c));
    }
    *out += "</ul>\n";
}

fn bills(out: &mut String, r: &FleetReport) {
    let f = &r.fleet;
    *out += "<h2 id=\"bill\">The account's monthly bill</h2>\n";
    for (label, bill) in [("Today", &f.now.bill), ("After the change", &f.after.bill)] {
        *out +=
            &format!("<details open><summary>{label}: {}/month</summary>\n", esc(&money(bill.total(), &bill.currency)));
        bill_table(out, bill);
        *out += "</details>\n";
    }
}

/// An account's bill, its lines grouped by function, then the account's own lines (the free tier).
fn bill_table(out: &mut String, b: &Bill) {
    let cur = &b.currency;
    *out += "<div class=\"wide\"><table class=\"bill\"><thead><tr><th>Component</th><th>Monthly qty</th><th class=\"left\">Unit</th><th>Unit price</th><th>Monthly cost</th></tr></thead><tbody>\n";
    let groups = b.lines_by_function();
    let names = b.functions.iter().map(|u| u.name.clone()).chain(std::iter::once("account".to_string()));
    for (i, name) in names.enumerate() {
        let lines = if i < b.functions.len() { groups.of(i) } else { groups.account() };
        if lines.is_empty() {
            continue;
        }
        let subtotal = crate::pricing::cost_of(lines.iter().copied());
        *out += &format!(
            "<tr class=\"group\"><td colspan=\"4\">{}</td><td style=\"text-align:right\">{}</td></tr>\n",
            esc(&name),
            esc(&money(subtotal, cur))
        );
        for l in lines {
            let mark = if l.estimated { " ~" } else { "" };
            *out += &format!(
                "<tr><td>{}{mark}</td><td>{}</td><td class=\"left\">{}</td><td>{}</td><td>{}</td></tr>\n",
                esc(&l.description),
                esc(&quantity(l.quantity)),
                esc(&l.unit),
                esc(&price(l.unit_price, cur)),
                esc(&money(l.cost, cur))
            );
        }
    }
    *out += &format!(
        "<tr class=\"total\"><td>Total</td><td></td><td></td><td></td><td>{}</td></tr></tbody></table></div>\n",
        esc(&money(b.total(), cur))
    );
    if b.priced_with_estimates() {
        *out += "<p class=\"small\">~ price derived from other figures, not published by AWS.</p>\n";
    }
}

fn assumptions(out: &mut String, r: &FleetReport) {
    let a = &r.application;
    *out += "<h2 id=\"assumptions\">Assumptions and warnings</h2>\n<ul>\n";
    let pools: Vec<String> =
        r.fleet.coupling.iter().map(|c| format!("{} unreserved in {}", c.unreserved, c.region)).collect();
    let items = [
        format!("Region {} ({}); prices in force on {}, catalog {}.", a.region, r.catalog.region_name, r.date, r.catalog.origin),
        format!(
            "Seed {}; each setting simulated {} time(s) for {} h and scaled to a 730-hour month.",
            a.seed, a.replications, a.horizon_hours
        ),
        format!(
            "Account concurrency quota {} per region ({}); reserved concurrency is taken from it.",
            a.concurrency_limit,
            pools.join(", ")
        ),
        format!(
            "Each function adopts its {} recommendation (balanced, then cost, when it has none); functions are swept together from {:.0}% of the unreserved pool.",
            a.pick.as_str(),
            a.coupling_threshold * 100.0
        ),
        format!(
            "The account's free tier is {}; volume tiers apply to the account's totals per region and architecture.",
            if a.free_tier { "applied once, on the account's bill" } else { "not applied" }
        ),
    ];
    for i in items {
        *out += &format!("<li>{}</li>\n", esc(&i));
    }
    *out += "</ul>\n";
    if !r.warnings.is_empty() {
        *out += "<ul class=\"warnings\">\n";
        for w in &r.warnings {
            *out += &format!("<li>{}</li>\n", esc(&w.to_string()));
        }
        *out += "</ul>\n";
    }
    *out += &format!("<details><summary>The application as run: {}", esc(&a.path));
    if !a.overrides.is_empty() {
        *out += &format!(", with {}", esc(&a.overrides.join(" ")));
    }
    *out += &format!("</summary>\n<pre>{}</pre>\n</details>\n", esc(&a.source));
}
