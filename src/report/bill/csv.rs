//! One row per function, a column per component, fixed units in the headers; then the account-level rows
//! (free tier, savings plan). The `monthly_cost_<currency>` column adds up to the bill's total;
//! `priced_with_estimates` says whether a row's cost uses a derived (unpublished) price.

use rust_decimal::Decimal;

use crate::pricing::{component_cost_of, cost_of, Bill, Component};
use crate::report::format::plain;

/// Decimals kept for money in CSV: sub-cent, so that a column sum rounds to the same cents as the bill.
const MONEY_DP: u32 = 6;
/// Decimals kept for quantities in CSV.
const QTY_DP: u32 = 6;

pub(super) fn render(bill: &Bill) -> String {
    let cur = bill.currency.to_ascii_lowercase();
    let header = [
        "function".to_string(),
        "region".into(),
        "architecture".into(),
        "memory_mb".into(),
        "monthly_requests".into(),
        format!("requests_{cur}"),
        "duration_gb_s".into(),
        format!("duration_{cur}"),
        "init_gb_s".into(),
        format!("init_{cur}"),
        "provisioned_concurrency_gb_s".into(),
        format!("provisioned_concurrency_{cur}"),
        "provisioned_duration_gb_s".into(),
        format!("provisioned_duration_{cur}"),
        "ephemeral_storage_gb_s".into(),
        format!("ephemeral_storage_{cur}"),
        format!("snapstart_{cur}"),
        format!("monthly_cost_{cur}"),
        "priced_with_estimates".into(),
    ];
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).expect("writing to memory");
    // Lines grouped once: linear in the number of functions.
    let groups = bill.lines_by_function();
    for (i, f) in bill.functions.iter().enumerate() {
        let lines = groups.of(i);
        let cost = |c: Component| plain(component_cost_of(lines.iter().copied(), c), MONEY_DP);
        let q = |d: Decimal| plain(d, QTY_DP);
        let snapstart = component_cost_of(lines.iter().copied(), Component::SnapStartCache)
            + component_cost_of(lines.iter().copied(), Component::SnapStartRestore);
        w.write_record([
            f.name.clone(),
            f.region.clone(),
            f.architecture.to_string(),
            f.memory_mb.map(|m| m.to_string()).unwrap_or_default(),
            q(f.requests),
            cost(Component::Requests),
            q(f.duration_gb_s),
            cost(Component::Duration),
            q(f.init_gb_s),
            cost(Component::Init),
            q(f.provisioned_gb_s),
            cost(Component::ProvisionedConcurrency),
            q(f.provisioned_duration_gb_s),
            cost(Component::ProvisionedDuration),
            q(f.ephemeral_storage_gb_s),
            cost(Component::EphemeralStorage),
            plain(snapstart, MONEY_DP),
            plain(cost_of(lines.iter().copied()), MONEY_DP),
            lines.iter().any(|l| l.estimated).to_string(),
        ])
        .expect("writing to memory");
    }
    for l in groups.account() {
        let mut row = vec![String::new(); header.len()];
        row[0] = format!("({})", l.description);
        row[header.len() - 2] = plain(l.cost, MONEY_DP);
        row[header.len() - 1] = l.estimated.to_string();
        w.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 strings")
}
