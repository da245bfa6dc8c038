//! What each chart of a run shows, in words, from the report's numbers: the text alternative of its SVG (for
//! screen readers, and printed under the chart for everyone). Written here, where the chart is put on the page,
//! so that the chart module draws and the page says.

use rust_decimal::Decimal;

use super::super::RunReport;
use crate::recommend::{standing, Standing};
use crate::report::charts::{Chart, ChartKind};
use crate::report::format::{duration_ms as ms, grouped, money};
use crate::sweep::Point;
use crate::Architecture;

/// What `chart` of `r` shows, in one to three sentences.
pub(super) fn describe(r: &RunReport, chart: &Chart) -> String {
    match chart.kind {
        ChartKind::PowerTuning => power_tuning(r),
        ChartKind::Bill => bill(r),
        ChartKind::Latency => latency(r),
        ChartKind::Concurrency => concurrency(r),
        ChartKind::Queue => queue(r),
        ChartKind::Pareto => pareto(r),
        // A fleet's chart on a run's page: not drawn there, but never left without words.
        ChartKind::FleetSavings | ChartKind::FleetConcurrency | ChartKind::FleetBill => {
            format!("{} {}", ranges(r, |p| p.objective_latency().p99_ms, "p99"), recommended(r))
        }
    }
}

pub(crate) use crate::report::picks::setting;

/// What a point is recommended for, as a list: `cost, balanced and slo`.
fn marks(r: &RunReport, i: usize) -> String {
    let m = r.marks(i);
    match m.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => m.join(""),
    }
}

/// `end-to-end ` where the latency judged is end to end (no caller waits), else nothing.
fn e2e(r: &RunReport) -> &'static str {
    if r.scenario.trigger.kind.queued() {
        "end-to-end "
    } else {
        ""
    }
}

fn feasible(r: &RunReport) -> impl Iterator<Item = &Point> {
    r.points.iter().filter(|p| p.feasible)
}

/// The settings the ranges are over: those within the error and throttle budgets (the ones that compete), or
/// every feasible one when none is. A setting that times out is listed apart, never "the cheapest".
fn competing(r: &RunReport) -> Vec<&Point> {
    let eligible: Vec<&Point> =
        r.points.iter().filter(|p| standing(p, &r.scenario.recommend) == Standing::Eligible).collect();
    if eligible.is_empty() {
        feasible(r).collect()
    } else {
        eligible
    }
}

/// "Monthly cost from $81.02 (arm64 256 MB) to $112.40 (x86_64 3,008 MB); p95 from 83 ms (…) to 310 ms (…)."
/// over the feasible settings, `latency` giving the latency drawn and `name` naming it.
fn ranges(r: &RunReport, latency: impl Fn(&Point) -> f64, name: &str) -> String {
    match (cost_range(r), latency_range(r, latency, name)) {
        (Some(c), Some(l)) => format!("{c}; {l}."),
        (Some(c), None) => format!("{c}."),
        _ => "No setting is feasible: every one runs out of memory.".into(),
    }
}

/// "Monthly cost from $81.02 (arm64 256 MB) to $112.40 (x86_64 3,008 MB)", over the feasible settings.
fn cost_range(r: &RunReport) -> Option<String> {
    let cur = &r.catalog.currency;
    let all = competing(r);
    let lo = all.iter().min_by(|a, b| a.monthly_cost.cmp(&b.monthly_cost))?;
    let hi = all.iter().max_by(|a, b| a.monthly_cost.cmp(&b.monthly_cost))?;
    if std::ptr::eq(*lo, *hi) {
        return Some(format!("Monthly cost {} ({})", money(lo.monthly_cost, cur), setting(lo)));
    }
    Some(format!(
        "Monthly cost from {} ({}) to {} ({})",
        money(lo.monthly_cost, cur),
        setting(lo),
        money(hi.monthly_cost, cur),
        setting(hi)
    ))
}

/// "p95 from 83 ms (x86_64 1,769 MB) to 310 ms (arm64 256 MB)", over the feasible settings that measured one.
fn latency_range(r: &RunReport, latency: impl Fn(&Point) -> f64, name: &str) -> Option<String> {
    let all = competing(r);
    let timed = || all.iter().filter(|p| latency(p).is_finite());
    let f = timed().min_by(|a, b| latency(a).total_cmp(&latency(b)))?;
    let w = timed().max_by(|a, b| latency(a).total_cmp(&latency(b)))?;
    if std::ptr::eq(*f, *w) {
        return Some(format!("{name} {} ({})", ms(latency(f)), setting(f)));
    }
    Some(format!("{name} from {} ({}) to {} ({})", ms(latency(f)), setting(f), ms(latency(w)), setting(w)))
}

/// The settings that do not compete, by why: "Out of memory: x86_64 128 MB; arm64 128 MB." and "Over the
/// error or throttle budget: …".
fn excluded(r: &RunReport) -> String {
    // By architecture, sizes ascending as the report lists them: "x86_64 1,024, 1,536 MB; arm64 1,024 MB".
    let list = |which: Standing| {
        Architecture::ALL
            .into_iter()
            .filter_map(|a| {
                let sizes: Vec<String> = r
                    .points
                    .iter()
                    .filter(|p| p.architecture == a && standing(p, &r.scenario.recommend) == which)
                    .map(|p| grouped(Decimal::from(p.memory_mb), 0))
                    .collect();
                (!sizes.is_empty()).then(|| format!("{a} {} MB", sizes.join(", ")))
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let budget = if r.scenario.trigger.kind.queued() { "dropped-event" } else { "throttle" };
    [
        (Standing::OutOfMemory, "Out of memory".to_string()),
        (Standing::OverBudget, format!("Over the error or {budget} budget")),
    ]
    .into_iter()
    .map(|(which, label)| (list(which), label))
    .filter(|(names, _)| !names.is_empty())
    .map(|(names, label)| format!(" {label}: {names}."))
    .collect()
}

/// "Recommended: arm64 256 MB (cost); x86_64 1,769 MB (speed); x86_64 1,024 MB (today)." (each recommended
/// setting with its marks, and today's).
fn recommended(r: &RunReport) -> String {
    let mut indices = r.recommended();
    indices.extend(r.recommendations.current.filter(|c| !indices.contains(c)));
    let named: Vec<String> = indices
        .into_iter()
        .filter_map(|i| r.points.get(i).map(|p| format!("{} ({})", setting(p), marks(r, i))))
        .collect();
    if named.is_empty() {
        "Nothing is recommended.".into()
    } else {
        format!("Recommended: {}.", named.join("; "))
    }
}

fn power_tuning(r: &RunReport) -> String {
    format!("{}{} {}", ranges(r, |p| p.latency.p95_ms, "caller latency p95"), excluded(r), recommended(r))
}

fn bill(r: &RunReport) -> String {
    let cur = &r.catalog.currency;
    let costs = cost_range(r).map_or_else(|| "No setting is feasible.".to_string(), |c| format!("{c}."));
    let mut s = format!("The monthly bill of every setting, stacked by component. {costs}{}", excluded(r));
    // What the first recommended bill (the cost-optimal one, when there is one) is made of, by its largest line.
    if let Some(&i) = r.recommended().first() {
        let p = &r.points[i];
        if let Some(l) = p.bill.lines.iter().max_by(|a, b| a.cost.cmp(&b.cost)) {
            s += &format!(
                " The largest part of the bill of {} ({}): {}, {} of {}.",
                setting(p),
                marks(r, i),
                l.description,
                money(l.cost, cur),
                money(p.bill.total(), cur)
            );
        }
    }
    s
}

/// Each recommended setting's p50 and p99 of the latency judged: the lines the distribution chart draws.
fn latency(r: &RunReport) -> String {
    let lines: Vec<String> = r
        .recommended()
        .into_iter()
        .map(|i| {
            let p = &r.points[i];
            let l = p.objective_latency();
            format!("{} ({}): p50 {}, p99 {}", setting(p), marks(r, i), ms(l.p50_ms), ms(l.p99_ms))
        })
        .collect();
    if lines.is_empty() {
        return "No setting is recommended, so no distribution is drawn.".into();
    }
    format!("The {}latency distribution of the recommended settings: {}.", e2e(r), lines.join("; "))
}

/// The most environments busy at once in each recommended setting's timeline (the first replication).
fn concurrency(r: &RunReport) -> String {
    let lines: Vec<String> = r
        .timelines
        .iter()
        .filter_map(|t| {
            let p = r.points.get(t.point)?;
            let peak = t.timeline.buckets.iter().map(|b| b.max_busy).max().unwrap_or(0);
            Some(format!(
                "{} ({}) peaks at {} (mean {})",
                setting(p),
                marks(r, t.point),
                peak,
                crate::report::format::significant(p.mean_concurrency, 2)
            ))
        })
        .collect();
    if lines.is_empty() {
        return "No setting is recommended, so no timeline is drawn.".into();
    }
    format!(
        "Environments busy at once over {} simulated hours, for the recommended settings: {}.",
        r.scenario.horizon_hours,
        lines.join("; ")
    )
}

/// The longest backlog and oldest waiting event of each recommended setting's timeline.
fn queue(r: &RunReport) -> String {
    let unit = r.scenario.trigger.kind.unit();
    let lines: Vec<String> = r
        .timelines
        .iter()
        .filter_map(|t| {
            let p = r.points.get(t.point)?;
            let backlog = t.timeline.buckets.iter().map(|b| b.backlog).max().unwrap_or(0);
            let oldest = t.timeline.buckets.iter().map(|b| b.oldest_age_ms).max().unwrap_or(0);
            Some(format!(
                "{} ({}): at most {} waiting, the oldest {}",
                setting(p),
                marks(r, t.point),
                grouped(Decimal::from(backlog), 0),
                ms(oldest as f64)
            ))
        })
        .collect();
    if lines.is_empty() {
        return "No setting is recommended, so no queue is drawn.".into();
    }
    let mut unit = unit.to_string();
    if let Some(first) = unit.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    format!("{unit}s waiting over simulated time, for the recommended settings: {}.", lines.join("; "))
}

/// The frontier's two ends and its length.
fn pareto(r: &RunReport) -> String {
    let cur = &r.catalog.currency;
    let n = feasible(r).count();
    let frontier: Vec<&Point> = r.recommendations.pareto.iter().filter_map(|&i| r.points.get(i)).collect();
    let mut s = format!("Monthly cost against {}p99 latency for {n} feasible settings.", e2e(r));
    let at = |p: &Point| {
        format!("{} at p99 {} ({})", money(p.monthly_cost, cur), ms(p.objective_latency().p99_ms), setting(p))
    };
    match frontier.as_slice() {
        [] => s += " No setting is within the error and throttle budgets, so there is no frontier.",
        [one] => s += &format!(" One setting is on the Pareto frontier: {}.", at(one)),
        [first, .., last] => {
            s += &format!(
                " {} settings are on the Pareto frontier (none cheaper and faster), from {} to {}.",
                frontier.len(),
                at(first),
                at(last)
            )
        }
    }
    format!("{s}{} {}", excluded(r), recommended(r))
}
