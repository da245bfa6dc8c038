//! One row per function, fixed units, for budgeting spreadsheets; the account's totals as the last two rows.

use super::FleetReport;
use crate::report::format::plain;

const HEADER: [&str; 25] = [
    "function",
    "region",
    "pattern",
    "reserved_concurrency",
    "coupled",
    "adopted_by",
    "architecture_now",
    "memory_mb_now",
    "architecture_after",
    "memory_mb_after",
    "monthly_cost_now_usd",
    "monthly_cost_after_usd",
    "saving_usd",
    "saving_percent",
    "p99_now_ms",
    "p99_after_ms",
    "p99_change_ms",
    "cold_start_ratio_now",
    "cold_start_ratio_after",
    "throttle_ratio_now",
    "throttle_ratio_after",
    "monthly_requests",
    "peak_concurrency_after",
    "risks",
    "priced_with_estimates",
];

pub(super) fn render(r: &FleetReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER).expect("writing to memory");
    for f in &r.fleet.functions {
        let (n, a) = (&f.now, &f.after);
        let risks: Vec<String> = f.risks.iter().map(|r| super::words::risk(r, f.pattern)).collect();
        w.write_record([
            f.name.clone(),
            f.region.clone(),
            format!("{:?}", f.pattern).to_lowercase(),
            f.reserved.map(|x| x.to_string()).unwrap_or_default(),
            f.coupled.to_string(),
            f.adopted_by.as_str().to_string(),
            n.architecture.to_string(),
            n.memory_mb.to_string(),
            a.architecture.to_string(),
            a.memory_mb.to_string(),
            plain(n.monthly_cost, 2),
            plain(a.monthly_cost, 2),
            plain(f.saving, 2),
            format!("{:.2}", f.saving_percent),
            format!("{:.3}", n.objective_latency().p99_ms),
            format!("{:.3}", a.objective_latency().p99_ms),
            format!("{:.3}", f.p99_change_ms),
            format!("{:.6}", n.cold_start_ratio),
            format!("{:.6}", a.cold_start_ratio),
            format!("{:.6}", n.throttle_ratio),
            format!("{:.6}", a.throttle_ratio),
            plain(a.monthly_requests, 0),
            a.peak_concurrency.to_string(),
            risks.join("; "),
            // Today's or the recommended cost: either resting on an estimate makes the row's figures one.
            (n.bill.priced_with_estimates() || a.bill.priced_with_estimates()).to_string(),
        ])
        .expect("writing to memory");
    }
    let fl = &r.fleet;
    let account = (fl.now.bill.priced_with_estimates() || fl.after.bill.priced_with_estimates()).to_string();
    for (name, now, after) in [
        ("(functions)", fl.now.functions_cost, fl.after.functions_cost),
        ("(account bill)", fl.now.total(), fl.after.total()),
    ] {
        let mut row = vec![String::new(); HEADER.len()];
        row[0] = name.to_string();
        row[10] = plain(now, 2);
        row[11] = plain(after, 2);
        row[12] = plain(now - after, 2);
        row[13] = format!("{:.2}", super::table::percent(now - after, now));
        row[HEADER.len() - 1] = account.clone();
        w.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("flushing to memory")).expect("CSV of UTF-8 fields")
}
