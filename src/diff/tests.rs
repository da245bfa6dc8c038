//! The comparison and the guardrail on hand-built sides whose costs are chosen, the arithmetic in comments.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::scenario::RecommendSpec;
use crate::sweep::Latency;
use crate::Architecture::{Arm64, X86_64};

fn usd(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// A function at `arch` `memory_mb` costing `cost` a month, p50/p95/p99 of 50/80/`p99` ms, 1% cold starts.
fn state(arch: Architecture, memory_mb: u32, cost: &str, p99: f64) -> State {
    State {
        architecture: arch,
        memory_mb,
        monthly_cost: usd(cost),
        monthly_requests: Decimal::from(1_000_000),
        p50_ms: 50.0,
        p95_ms: 80.0,
        p99_ms: p99,
        cold_start_ratio: 0.01,
        throttle_ratio: 0.0,
        dropped_ratio: None,
        error_ratio: 0.0,
    }
}

fn side(path: &str, kind: Kind, total: &str, functions: Vec<(&str, State)>) -> Side {
    Side {
        origin: Origin { path: path.into(), name: "shop".into(), currency: "USD".into(), date: date() },
        kind,
        basis: Basis::Today,
        total: usd(total),
        recommended: None,
        functions: functions.into_iter().map(|(n, s)| (n.to_string(), s)).collect(),
        placeholders: Vec::new(),
    }
}

/// BASE: api $100.00, worker $40.00, old $13.10; the account's bill $153.10.
/// HEAD: api moved to arm64 512 MB at $88.00, worker the same, old gone, new at $37.50; the bill $165.50.
fn shop() -> (Side, Side) {
    let base = side(
        "base/report.json",
        Kind::Fleet,
        "153.10",
        vec![
            ("api", state(X86_64, 1024, "100.00", 120.0)),
            ("worker", state(Arm64, 512, "40.00", 300.0)),
            ("old", state(X86_64, 256, "13.10", 90.0)),
        ],
    );
    let head = side(
        "head/report.json",
        Kind::Fleet,
        "165.50",
        vec![
            ("api", state(Arm64, 512, "88.00", 207.0)),
            ("worker", state(Arm64, 512, "40.00", 300.0)),
            ("new", state(Arm64, 256, "37.50", 150.0)),
        ],
    );
    (base, head)
}

#[test]
fn fleet_functions_are_matched_by_name_with_their_deltas() {
    let (base, head) = shop();
    let d = compare(&base, &head).unwrap();
    // 165.50 − 153.10 = 12.40; 12.40 ÷ 153.10 = 8.0993…%.
    assert_eq!(d.total.change, usd("12.40"));
    assert!((d.total.change_percent.unwrap() - 8.0993).abs() < 1e-4, "{:?}", d.total.change_percent);
    // HEAD's order, then what only BASE has.
    let names: Vec<&str> = d.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["api", "worker", "new", "old"]);
    let [api, worker, new, old] = &d.functions[..] else { panic!() };
    // api: 88.00 − 100.00 = −12.00, −12 ÷ 100 = −12%; p99 207 − 120 = +87 ms.
    assert_eq!((api.status, api.cost.change), (Status::Changed, usd("-12.00")));
    assert!((api.cost.change_percent.unwrap() + 12.0).abs() < 1e-9);
    assert_eq!(api.deltas.unwrap().p99_ms, 87.0);
    assert_eq!((worker.status, worker.cost.change), (Status::Unchanged, Decimal::ZERO));
    // new: all of it is new, 0 → 37.50, no percent of nothing.
    assert_eq!((new.status, new.cost.change, new.cost.change_percent), (Status::Added, usd("37.50"), None));
    assert!(new.base.is_none() && new.deltas.is_none());
    // old: 13.10 → 0 is −13.10, −100%.
    assert_eq!((old.status, old.cost.change), (Status::Removed, usd("-13.10")));
    assert!((old.cost.change_percent.unwrap() + 100.0).abs() < 1e-9);
    assert_eq!(d.unchanged(), 1);
}

#[test]
fn recommended_totals_show_the_saving_on_offer_on_both_sides() {
    let (mut base, mut head) = shop();
    base.recommended = Some(Recommended { total: usd("120.00"), pick: Objective::Slo });
    head.recommended = Some(Recommended { total: usd("130.00"), pick: Objective::Slo });
    let r = compare(&base, &head).unwrap().recommended.unwrap();
    // 130 − 120 = +10; savings 153.10 − 120.00 = 33.10 and 165.50 − 130.00 = 35.50.
    assert_eq!((r.total.change, r.saving_base, r.saving_head), (usd("10.00"), usd("33.10"), usd("35.50")));
    // One side without a recommendation: none shown.
    head.recommended = None;
    assert!(compare(&base, &head).unwrap().recommended.is_none());
}

#[test]
fn a_function_changes_only_past_its_epsilons() {
    let status = |edit: &dyn Fn(&mut State)| {
        let b = state(X86_64, 1024, "10.00", 100.0);
        let mut h = b.clone();
        edit(&mut h);
        let d = compare(&side("b", Kind::Fleet, "10", vec![("f", b)]), &side("h", Kind::Fleet, "10", vec![("f", h)]))
            .unwrap();
        d.functions[0].status
    };
    // Half a cent is the least that shows as a cent.
    assert_eq!(status(&|h| h.monthly_cost = usd("10.004")), Status::Unchanged);
    assert_eq!(status(&|h| h.monthly_cost = usd("10.005")), Status::Changed);
    assert_eq!(status(&|h| h.p99_ms = 100.4), Status::Unchanged);
    assert_eq!(status(&|h| h.p99_ms = 100.5), Status::Changed);
    // One throttle in a million is noise; two are not.
    assert_eq!(status(&|h| h.throttle_ratio = 0.000_000_5), Status::Unchanged);
    assert_eq!(status(&|h| h.throttle_ratio = 0.000_002), Status::Changed);
    assert_eq!(status(&|h| h.memory_mb = 2048), Status::Changed);
    assert_eq!(status(&|h| h.monthly_requests = Decimal::from(1_000_001)), Status::Changed);
}

#[test]
fn two_kinds_or_two_currencies_are_refused_naming_both_files() {
    let run = side("a/report.json", Kind::Run, "1", vec![("f", state(X86_64, 128, "1", 10.0))]);
    let fleet = side("b/report.json", Kind::Fleet, "1", vec![]);
    let e = compare(&run, &fleet).unwrap_err().to_string();
    assert!(e.starts_with("a/report.json is a single function's run report (costsim.run)"), "{e}");
    assert!(e.contains("b/report.json is an application's report (costsim.fleet)"), "{e}");
    let mut eur = fleet.clone();
    eur.origin.currency = "EUR".into();
    let e = compare(&fleet, &eur).unwrap_err().to_string();
    assert_eq!(e, "b/report.json is priced in USD but b/report.json in EUR: price both with one catalog (--pricing)");
}

/// The totals 100.00 → `head`, checked against `limit`.
fn verdict(head: &str, limit: &str) -> Verdict {
    let limit: Limit = limit.parse().unwrap();
    limit.check(&Change::new(usd("100.00"), usd(head)), "USD").unwrap()
}

#[test]
fn a_percent_limit_is_exceeded_strictly_above_it() {
    // 109.99: +9.99% of 100 is within 10%; 110.00 is exactly 10%, not above; 110.01 is +10.01%, 0.01 point above.
    assert!(!verdict("109.99", "10%").exceeded);
    assert!(!verdict("110.00", "10%").exceeded);
    let v = verdict("110.01", "10%");
    assert!(v.exceeded);
    assert_eq!(v.over_by, Some(usd("0.01")));
    // 9.99 − 10 = −0.01: below the limit by a hundredth of a point.
    assert_eq!(verdict("109.99", "10%").over_by, Some(usd("-0.01")));
    // 0%: any increase fails, none does not.
    assert!(verdict("100.01", "0%").exceeded);
    assert!(!verdict("100.00", "0%").exceeded);
}

#[test]
fn an_amount_limit_is_exceeded_strictly_above_it() {
    // +50.00 is the limit itself; +50.01 is a cent above it.
    assert!(!verdict("150.00", "50USD").exceeded);
    let v = verdict("150.01", "$50");
    assert!(v.exceeded);
    assert_eq!(v.over_by, Some(usd("0.01")));
    assert!(verdict("150.01", "50 usd").exceeded);
}

#[test]
fn a_decrease_never_fails() {
    // −90%, and −$90: below every limit, even 0.
    for limit in ["0%", "10%", "0USD", "50USD"] {
        assert!(!verdict("10.00", limit).exceeded, "{limit}");
    }
}

#[test]
fn a_percent_of_a_zero_base_is_above_any_percent_limit() {
    let rise = Change::new(Decimal::ZERO, usd("5"));
    let v = Limit::Percent { value: usd("1000") }.check(&rise, "USD").unwrap();
    assert!(v.exceeded);
    assert_eq!(v.over_by, None);
    // As an amount, $5 is within $50.
    let v = Limit::Amount { value: usd("50"), currency: "USD".into() }.check(&rise, "USD").unwrap();
    assert!(!v.exceeded);
}

#[test]
fn an_amount_in_another_currency_is_refused() {
    let e = verdict_err("50EUR");
    assert_eq!(
        e.to_string(),
        "--fail-above 50 EUR is in EUR but the reports are priced in USD: give the limit in USD or as a percent"
    );
}

fn verdict_err(limit: &str) -> LimitError {
    let limit: Limit = limit.parse().unwrap();
    limit.check(&Change::new(usd("1"), usd("2")), "USD").unwrap_err()
}

#[test]
fn the_limit_parser_reads_the_documented_forms() {
    let percent = |s: &str| Limit::Percent { value: usd(s) };
    let amount = |s: &str, c: &str| Limit::Amount { value: usd(s), currency: c.into() };
    assert_eq!("10%".parse::<Limit>().unwrap(), percent("10"));
    assert_eq!(" 2.5 % ".parse::<Limit>().unwrap(), percent("2.5"));
    assert_eq!("50USD".parse::<Limit>().unwrap(), amount("50", "USD"));
    assert_eq!("50 USD".parse::<Limit>().unwrap(), amount("50", "USD"));
    assert_eq!("$50".parse::<Limit>().unwrap(), amount("50", "USD"));
    assert_eq!("12.5eur".parse::<Limit>().unwrap(), amount("12.5", "EUR"));
    for bad in ["10", "", "%", "$", "USD", "-5%", "+5%", "1e3%", "ten%", "1.2.3%", "10%%", "50 dollars", "50 U SD"] {
        let e = bad.parse::<Limit>().unwrap_err().to_string();
        assert!(e.starts_with("--fail-above takes a percent of BASE's monthly total (10%, 2.5%)"), "{bad}: {e}");
    }
    assert_eq!(percent("10").to_string(), "10%");
    assert_eq!(amount("50.50", "USD").to_string(), "50.5 USD");
}

/// A point costing `cost` at `memory_mb` with mean latency `mean_ms`, feasible, on x86_64.
fn point(memory_mb: u32, cost: &str, mean_ms: f64, current: bool) -> Point {
    let l = Latency { mean_ms, p50_ms: mean_ms, p90_ms: mean_ms, p95_ms: mean_ms, p99_ms: mean_ms, max_ms: mean_ms };
    Point {
        architecture: X86_64,
        memory_mb,
        feasible: true,
        monthly_cost: usd(cost),
        trigger_cost: Decimal::ZERO,
        monthly_cost_ci95: None,
        cost_per_million: Decimal::ONE,
        latency: l,
        p99_ci95_ms: None,
        cold_start_ratio: 0.0,
        throttle_ratio: 0.0,
        error_ratio: 0.0,
        code_error_ratio: 0.0,
        mean_concurrency: 1.0,
        peak_concurrency: 1,
        pc_utilisation: None,
        monthly_gb_s: Decimal::ONE,
        monthly_requests: Decimal::ONE,
        simulated_invocations: 1,
        latency_cdf: Vec::new(),
        bill: crate::pricing::Bill {
            currency: "USD".into(),
            date: date(),
            catalog: "test".into(),
            functions: vec![],
            lines: vec![],
            warnings: vec![],
        },
        current,
        delivery: None,
        gateway_timeout_ratio: 0.0,
        timeline: Default::default(),
    }
}

fn spec() -> RecommendSpec {
    RecommendSpec {
        balanced_weight: 0.5,
        slo_percentile: 99.0,
        slo_ms: None,
        max_error_ratio: 0.01,
        max_throttle_ratio: 0.01,
        max_dropped_ratio: 0.01,
    }
}

fn origin() -> Origin {
    Origin { path: "r.json".into(), name: "api".into(), currency: "USD".into(), date: date() }
}

#[test]
fn a_run_side_is_today_s_point_or_the_pick_with_its_fallback() {
    // 512 MB costs $10.00 at 200 ms; 1024 MB (today) $14.00 at 100 ms.
    let points = vec![point(512, "10.00", 200.0, false), point(1024, "14.00", 100.0, true)];
    let recs = crate::recommend::recommend(&points, &spec());
    let today = Side::run(origin(), &points, &recs, true, Objective::Cost).unwrap();
    assert_eq!((today.basis, today.total), (Basis::Today, usd("14.00")));
    // The cost pick is the cheapest, 512 MB: the recommended total.
    assert_eq!(today.recommended, Some(Recommended { total: usd("10.00"), pick: Objective::Cost }));
    let cost = Side::run(origin(), &points, &recs, false, Objective::Cost).unwrap();
    assert_eq!(cost.basis, Basis::Recommended { asked: Objective::Cost, used: Objective::Cost });
    assert_eq!((cost.total, cost.recommended), (usd("10.00"), None));
    // No latency objective, so no slo pick: balanced is used, and said.
    let slo = Side::run(origin(), &points, &recs, false, Objective::Slo).unwrap();
    assert_eq!(slo.basis, Basis::Recommended { asked: Objective::Slo, used: Objective::Balanced });
    // Without [current], today's point does not exist.
    let no_current = vec![point(512, "10.00", 200.0, false)];
    let recs = crate::recommend::recommend(&no_current, &spec());
    let e = Side::run(origin(), &no_current, &recs, true, Objective::Cost).unwrap_err();
    assert!(matches!(e, DiffError::NoPoint { .. }), "{e}");
}

#[test]
fn run_reports_compare_their_one_function_whatever_it_is_called() {
    let b = side("b", Kind::Run, "14.00", vec![("api", state(X86_64, 1024, "14.00", 100.0))]);
    let h = side("h", Kind::Run, "10.00", vec![("api-v2", state(X86_64, 512, "10.00", 200.0))]);
    let d = compare(&b, &h).unwrap();
    // 10 − 14 = −4, −4 ÷ 14 = −28.571…%.
    assert_eq!(d.functions.len(), 1);
    assert_eq!((d.functions[0].name.as_str(), d.functions[0].status), ("api-v2", Status::Changed));
    assert_eq!(d.total.change, usd("-4.00"));
    assert!((d.total.change_percent.unwrap() + 28.5714).abs() < 1e-4);
}

/// A fleet function named `name` costing `now` today and `after` at its recommendation.
fn fleet_function(name: &str, now: &str, after: &str) -> crate::fleet::FleetFunction {
    let (now, after) = (point(1024, now, 100.0, true), point(512, after, 200.0, false));
    let usage = crate::pricing::FunctionUsage::new(name, "us-east-1", X86_64);
    crate::fleet::FleetFunction {
        name: name.into(),
        description: String::new(),
        region: "us-east-1".into(),
        pattern: crate::trigger::TriggerKind::Sync,
        reserved: None,
        coupled: false,
        timeout_ms: 3000,
        recommendations: crate::recommend::recommend(&[now.clone(), after.clone()], &spec()),
        points: vec![now.clone(), after.clone()],
        adopted_by: Objective::Cost,
        adopted: 1,
        saving: now.monthly_cost - after.monthly_cost,
        saving_percent: 0.0,
        p99_change_ms: 100.0,
        risks: vec![],
        now_timeline: Default::default(),
        after_timeline: Default::default(),
        placeholders: Vec::new(),
        now,
        after,
        now_usage: usage.clone(),
        after_usage: usage,
    }
}

/// An account whose bill is one line costing `total`.
fn account(total: &str) -> crate::fleet::AccountState {
    let mut bill = point(128, "0", 1.0, false).bill;
    bill.lines.push(crate::pricing::BillLine {
        function: None,
        component: crate::pricing::Component::Requests,
        tier: None,
        description: "all".into(),
        quantity: Decimal::ONE,
        unit: "request".into(),
        unit_price: usd(total),
        cost: usd(total),
        estimated: false,
    });
    crate::fleet::AccountState { functions_cost: Decimal::ZERO, bill, regions: vec![] }
}

#[test]
fn a_fleet_side_is_today_s_account_bill_and_points() {
    // Per-function $14.00 and $6.00 today; the account's bill (free tier once) $18.50 today, $12.00 adopted.
    let fleet = crate::fleet::Fleet {
        functions: vec![fleet_function("api", "14.00", "10.00"), fleet_function("worker", "6.00", "3.00")],
        now: account("18.50"),
        after: account("12.00"),
        saving: usd("6.50"),
        saving_percent: 0.0,
        collisions: vec![],
        coupling: vec![],
    };
    let s = Side::fleet(origin(), Objective::Slo, &fleet).unwrap();
    assert_eq!((s.kind, s.basis, s.total), (Kind::Fleet, Basis::Today, usd("18.50")));
    assert_eq!(s.recommended, Some(Recommended { total: usd("12.00"), pick: Objective::Slo }));
    let costs: Vec<(&str, Decimal)> = s.functions.iter().map(|(n, st)| (n.as_str(), st.monthly_cost)).collect();
    assert_eq!(costs, [("api", usd("14.00")), ("worker", usd("6.00"))]);
    // Two functions of one name cannot be matched.
    let mut twice = fleet.clone();
    twice.functions[1].name = "api".into();
    let e = Side::fleet(origin(), Objective::Slo, &twice).unwrap_err().to_string();
    assert_eq!(e, "r.json: two functions are named 'api': functions are matched by name; re-run the application");
}
