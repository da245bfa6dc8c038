//! `index.html`: one self-contained page for a capacity review (no network needed): the recommendations and why,
//! the charts, the sweep, the bill of each recommended setting, the scenario as run, the prices used, and the
//! assumptions and warnings.

use super::RunReport;
use crate::pricing::Bill;
use crate::recommend::Strategy;
use crate::report::format::{duration_ms as ms, memory, money, price, quantity};
use crate::report::picks::{self, Words};
use crate::report::powertuning;
use crate::Architecture;

pub(crate) const STYLE: &str = r#"
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 28px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 40px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
.meta { color: var(--muted); margin: 0 0 24px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(250px, 1fr)); gap: 16px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; background: #fff; }
.card h3 { margin: 0; font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.card .setting { font-size: 22px; font-weight: 600; margin: 4px 0; }
.card .figures { font-variant-numeric: tabular-nums; color: var(--accent); font-weight: 600; }
.card p { margin: 6px 0 0; font-size: 14px; }
.charts { display: grid; grid-template-columns: 1fr; gap: 24px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 8px; background: #fff; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 13px; padding: 4px 8px 0; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 13.5px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { background: var(--soft); position: sticky; top: 0; }
th:first-child, td:first-child, td.left, th.left { text-align: left; }
tr.recommended td { background: #eaf4fb; font-weight: 600; }
tr.infeasible td { color: #8c959f; }
td.marks { text-align: left; color: var(--accent); }
.scroll { overflow-x: auto; max-height: 640px; overflow-y: auto; border: 1px solid var(--line); border-radius: 8px; }
pre { background: var(--soft); padding: 12px 16px; border-radius: 8px; overflow-x: auto; font-size: 13px; }
details { margin: 8px 0; } summary { cursor: pointer; font-weight: 600; }
ul.warnings li { color: #9a6700; }
a { color: var(--accent); }
.small { font-size: 13px; color: var(--muted); }
@media print { .scroll { max-height: none; overflow: visible; } th { position: static; } }
"#;

/// Escapes text for HTML.
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub(super) fn render(r: &RunReport, charts: &[(String, String)]) -> String {
    let s = &r.scenario;
    let mut out = String::with_capacity(256 * 1024);
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += &format!("<title>costsim: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n", esc(&s.name));
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
    if let Some(i) = &r.incomplete {
        out += &format!("<p class=\"incomplete\"><strong>{}</strong></p>\n", esc(&i.sentence()));
    }
    recommendations(&mut out, r);
    if !charts.is_empty() {
        out += "<h2 id=\"charts\">Charts</h2>\n<div class=\"charts\">\n";
        for (title, svg) in charts {
            out += &format!("<figure>{}<figcaption>{}</figcaption></figure>\n", strip_xml_prolog(svg), esc(title));
        }
        out += "</div>\n";
    }
    sweep(&mut out, r);
    bills(&mut out, r);
    scenario(&mut out, r);
    prices(&mut out, r);
    assumptions(&mut out, r);
    out += "</main>\n</body>\n</html>\n";
    out
}

pub(crate) fn strip_xml_prolog(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
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
        bill_table(out, &p.bill);
        *out += "</details>\n";
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

fn assumptions(out: &mut String, r: &RunReport) {
    let s = &r.scenario;
    *out += "<h2 id=\"assumptions\">Assumptions and warnings</h2>\n<ul>\n";
    let items = [
        format!(
            "Each replication simulates {} h of {} and is scaled to a 730-hour month before pricing.",
            s.horizon_hours,
            arrivals(s)
        ),
        trigger_sentence(s),
        "Duration = I/O part + CPU part ÷ usable vCPUs, vCPUs = memory ÷ 1,769 MB (at most 6), capped by the function's threads; lognormal variation.".into(),
        "Idle environments expire after the keep-alive set in the scenario; AWS documents neither the keep-alive nor the routing among idle environments.".into(),
        format!(
            "The account's free tier is {}; volume tiers apply to this function's usage alone.",
            if s.free_tier { "applied to this function" } else { "not applied (used by other functions)" }
        ),
        "INIT time is billed by the rules in force on the billing date (from 2025-08-01 for every package type).".into(),
        format!(
            "Cost-, speed- and balanced-optimal settings are chosen among settings with at most {:.2}% errors and {}; balanced = {} × Lambda cost ÷ max Lambda cost + {} × mean {}latency ÷ max mean {}latency.",
            s.recommend.max_error_ratio * 100.0,
            if s.trigger.kind.queued() {
                format!("{:.2}% dropped {}s", s.recommend.max_dropped_ratio * 100.0, s.trigger.kind.unit())
            } else {
                format!("{:.2}% throttles", s.recommend.max_throttle_ratio * 100.0)
            },
            s.recommend.balanced_weight,
            1.0 - s.recommend.balanced_weight,
            if s.trigger.kind.queued() { "end-to-end " } else { "" },
            if s.trigger.kind.queued() { "end-to-end " } else { "" },
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
}

/// What arrives, in words: the trace replayed, or Poisson arrivals at their mean rate.
fn arrivals(s: &super::ScenarioInfo) -> String {
    let unit = s.trigger.kind.unit();
    if let Some(t) = &s.trace {
        return format!(
            "the trace {} ({} {unit}s over {:.1} h, replayed as recorded)",
            t.path, t.requests, t.duration_hours
        );
    }
    if s.trigger.kind == crate::trigger::TriggerKind::Schedule {
        return format!(
            "scheduled {unit}s ({} {unit}s/h on average)",
            crate::report::format::significant(s.mean_rate_per_s * 3600.0, 3)
        );
    }
    format!("Poisson arrivals ({} {unit}s/s on average)", crate::report::format::significant(s.mean_rate_per_s, 3))
}

/// The trigger's semantics and settings, in one sentence.
fn trigger_sentence(s: &super::ScenarioInfo) -> String {
    use crate::trigger::TriggerKind;
    let what = match s.trigger.kind {
        TriggerKind::Sync => "synchronous: a caller waits; a throttled request fails and is not retried",
        TriggerKind::Async => {
            "asynchronous: Lambda queues each event, retries throttled attempts with backoff until the maximum event age and failed ones up to the retry limit, each attempt billed"
        }
        TriggerKind::Schedule => {
            "a schedule, invoked asynchronously: each firing is an event, queued and retried as for asynchronous invocations"
        }
        TriggerKind::Sqs => {
            "an SQS event source mapping: pollers read batches and invoke synchronously; a throttled or failed batch returns to the queue after the visibility timeout, so throttles delay messages and never lose them"
        }
    };
    let settings: Vec<String> = s.trigger.settings.iter().map(|(k, v)| format!("{k} {v}")).collect();
    if settings.is_empty() {
        format!("Trigger: {what}.")
    } else {
        format!("Trigger: {what} ({}).", settings.join(", "))
    }
}
