//! The run page's one-line summary, written from the recommendations' numbers: what to change and what that
//! saves and costs in latency, or, when today's setting is not known, what to pick and what it costs.

use super::super::RunReport;
use super::describe::setting;
use crate::recommend::Pick;
use crate::report::format::{duration_ms as ms, money, significant};
use crate::report::picks::{self, Words};

/// The recommendation the summary leads with and why it is the one: the cheapest setting meeting the latency
/// objective, else the balanced one, else the cheapest (the order an application review adopts them in).
fn lead(r: &RunReport) -> Option<(&Pick, String)> {
    let rec = &r.recommendations;
    let spec = &r.scenario.recommend;
    let e2e = if r.scenario.trigger.kind.queued() { "end-to-end " } else { "" };
    if let (Some(p), Some(slo)) = (&rec.slo, spec.slo_ms) {
        let q = significant(spec.slo_percentile, 3);
        return Some((p, format!("the cheapest setting meeting {e2e}p{q} ≤ {}", crate::report::format::limit_ms(slo))));
    }
    let unmet = if rec.slo_unmet.is_some() { "; no setting meets the latency objective" } else { "" };
    if let Some(p) = &rec.balanced {
        return Some((p, format!("the best balance of cost and speed{unmet}")));
    }
    rec.cost.as_ref().map(|p| (p, format!("the cheapest setting{unmet}")))
}

/// The one line: `Change x86_64 1,024 MB → arm64 512 MB: saves $6.37/month (7%), p99 +87 ms — the cheapest
/// setting meeting p99 ≤ 250 ms.`
pub(super) fn line(r: &RunReport) -> String {
    let cur = &r.catalog.currency;
    let e2e = if r.scenario.trigger.kind.queued() { "end-to-end " } else { "" };
    let Some((pick, why)) = lead(r) else {
        return match &r.recommendations.infeasible {
            Some(why) => format!("Nothing to recommend: {}.", picks::infeasible(why)),
            None => "Nothing to recommend: no setting was simulated.".into(),
        };
    };
    let to = &r.points[pick.index];
    let p99 = ms(to.objective_latency().p99_ms);
    let today = r.recommendations.current.and_then(|c| r.points.get(c).map(|p| (c, p)));
    match (today, &pick.versus_current) {
        (Some((c, now)), _) if c == pick.index => format!(
            "Keep {}: it is already {why} ({}/month, {e2e}p99 {p99}).",
            setting(now),
            money(now.monthly_cost, cur)
        ),
        (Some(_), Some(v)) => match Words::of(r).headline(pick, v) {
            Some(change) => format!("Change {change} — {why}."),
            None => format!("Pick {}: {}/month, {e2e}p99 {p99} — {why}.", setting(to), money(pick.monthly_cost, cur)),
        },
        _ => format!("Pick {}: {}/month, {e2e}p99 {p99} — {why}.", setting(to), money(pick.monthly_cost, cur)),
    }
}
