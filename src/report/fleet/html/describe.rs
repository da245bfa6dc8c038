//! What each chart of an application review shows, in words, from the review's numbers: the text alternative of
//! its SVG (for screen readers, and printed under the chart for everyone).

use super::super::{words, FleetReport};
use crate::report::charts::{Chart, ChartKind};
use crate::report::format::money;

/// What `chart` of `r` shows, in one to three sentences.
pub(super) fn describe(r: &FleetReport, chart: &Chart) -> String {
    match chart.kind {
        ChartKind::FleetSavings => savings(r),
        ChartKind::FleetConcurrency => concurrency(r),
        // The bill, and a run's chart on a fleet page (never drawn there): what each function costs today and after.
        _ => bill(r),
    }
}

/// Every function's saving, largest first, as the chart orders its bars.
fn savings(r: &FleetReport) -> String {
    let cur = &r.catalog.currency;
    let mut functions: Vec<_> = r.fleet.functions.iter().collect();
    functions.sort_by_key(|f| std::cmp::Reverse(f.saving));
    let bars: Vec<String> = functions
        .iter()
        .map(|f| {
            let s = words::saving(f.saving, f.saving_percent, cur);
            if f.saving.is_sign_negative() && !f.saving.is_zero() {
                format!("{} costs {} more", f.name, words::saving(-f.saving, -f.saving_percent, cur))
            } else {
                format!("{} {s}", f.name)
            }
        })
        .collect();
    let f = &r.fleet;
    let total = if f.saving.is_sign_negative() && !f.saving.is_zero() {
        format!("the account's bill rises by {}", words::saving(-f.saving, -f.saving_percent, cur))
    } else {
        format!("the account's bill falls by {}", words::saving(f.saving, f.saving_percent, cur))
    };
    format!("The monthly saving of each function, largest first: {}. In all, {total} a month.", bars.join("; "))
}

/// The pool's peak after the change against its size, in the region the chart draws (the first).
fn concurrency(r: &FleetReport) -> String {
    let (Some(after), now) = (r.fleet.after.regions.first(), r.fleet.now.regions.first()) else {
        return "No region was simulated.".into();
    };
    let today = now.map(|n| format!(" (today {})", n.peak_in_use)).unwrap_or_default();
    format!(
        "Environments busy at once in {}'s unreserved pool over the simulated day after the change, stacked by \
         function: at most {} of {}{today}.",
        after.region, after.peak_in_use, after.unreserved
    )
}

/// Each function's monthly cost today and after, and the account's bill.
fn bill(r: &FleetReport) -> String {
    let cur = &r.catalog.currency;
    let f = &r.fleet;
    let each: Vec<String> = f
        .functions
        .iter()
        .map(|x| format!("{} {} → {}", x.name, money(x.now.monthly_cost, cur), money(x.after.monthly_cost, cur)))
        .collect();
    let free = if r.application.free_tier { " (free tier once)" } else { "" };
    format!(
        "Monthly cost of each function, today → after: {}. The account's bill{free}: {} → {}.",
        each.join("; "),
        money(f.now.total(), cur),
        money(f.after.total(), cur)
    )
}
