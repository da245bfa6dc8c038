//! An application review: the account's bill is the pricing engine's bill of the functions' summed usage (one
//! free tier, shared tiers), savings are today's cost minus the recommended one's, and the result does not depend
//! on the number of threads.

use std::path::Path;

use chrono::NaiveDate;
use costsim::fleet::{self, Fleet};
use costsim::pricing::Catalog;
use costsim::report::fleet::{FleetFormat, FleetReport};
use costsim::scenario::{Application, LoadOptions};
use rust_decimal::Decimal;

/// Two asynchronous functions (S3 events: no event-source charge), x86_64 only, both far above the free tier.
const APP: &str = r#"[application]
name = "pair"
date = "2026-12-01"
horizon_hours = 1
replications = 1

[[functions]]
[functions.scenario]
name = "resize"
[functions.function]
runtime = "python3.12"
io_ms = 200.0
cpu_ms = 0.0
[functions.traffic]
requests_per_second = 50.0
[functions.trigger]
type = "async"
[functions.current]
memory_mb = 1024
architecture = "x86_64"
[functions.sweep]
memory_mb = [512, 1024]
architectures = ["x86_64"]

[[functions]]
[functions.scenario]
name = "index"
[functions.function]
runtime = "nodejs22.x"
io_ms = 50.0
cpu_ms = 50.0
[functions.traffic]
requests_per_second = 20.0
[functions.trigger]
type = "async"
[functions.current]
memory_mb = 2048
architecture = "x86_64"
[functions.sweep]
memory_mb = [512, 2048]
architectures = ["x86_64"]
"#;

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn app(text: &str) -> Application {
    Application::parse_with(Path::new("pair.toml"), text, &Catalog::built_in(), &LoadOptions::default()).unwrap()
}

fn review(threads: usize) -> (Application, Fleet) {
    let a = app(APP);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let f = pool.install(|| fleet::run(&a, &Catalog::built_in(), date())).unwrap();
    (a, f)
}

/// The bill worked by hand from the usage: us-east-1 x86_64, requests $0.20 per 1M, duration (INIT included)
/// $0.0000166667 per GB-s, less the free tier of 1M requests and 400,000 GB-s when `free` (both functions are
/// far above it: 180,000 and 72,000 requests an hour × 730 h).
fn by_hand(usages: &[costsim::pricing::FunctionUsage], free: bool) -> Decimal {
    let requests: Decimal = usages.iter().map(|u| u.requests).sum();
    let gb_s: Decimal = usages.iter().map(|u| u.duration_gb_s + u.init_gb_s).sum();
    let (free_requests, free_gb_s) =
        if free { (Decimal::from(1_000_000), Decimal::from(400_000)) } else { (Decimal::ZERO, Decimal::ZERO) };
    (requests - free_requests) * Decimal::new(2, 7) + (gb_s - free_gb_s) * Decimal::new(166_667, 10)
}

fn cents(d: Decimal) -> Decimal {
    d.round_dp(2)
}

#[test]
fn the_account_bill_is_the_summed_usage_priced_once() {
    let (_, f) = review(2);
    for state in [&f.now, &f.after] {
        let usages = &state.bill.functions;
        assert_eq!(usages.len(), 2);
        assert!(usages.iter().all(|u| u.requests > Decimal::from(1_000_000)));
        assert_eq!(cents(state.total()), cents(by_hand(usages, true)));
        // Each function is priced without the free tier; the account has one: the difference is exactly the
        // free tier's value, 1M × $0.0000002 + 400,000 × $0.0000166667 = $0.20 + $6.66668 = $6.86668.
        assert_eq!(cents(state.functions_cost), cents(by_hand(usages, false)));
        let credit = state.functions_cost - state.total();
        assert!((credit - Decimal::new(686_668, 5)).abs() < Decimal::new(1, 4), "free tier credit {credit}");
    }
}

#[test]
fn savings_are_todays_cost_minus_the_recommended_one() {
    let (a, f) = review(2);
    for x in &f.functions {
        assert_eq!(x.saving, x.now.monthly_cost - x.after.monthly_cost, "{}", x.name);
        assert!(x.now.current, "{}: today's point is marked", x.name);
        let c = a.functions().iter().find(|g| g.scenario().name() == x.name).unwrap().scenario().current().unwrap();
        assert_eq!((x.now.architecture, x.now.memory_mb), (c.architecture, c.memory_mb));
    }
    assert_eq!(f.saving, f.now.total() - f.after.total());
    let sum_now: Decimal = f.functions.iter().map(|x| x.now.monthly_cost).sum();
    assert_eq!(sum_now, f.now.functions_cost);
    // `resize` is pure I/O (200 ms at any memory): 512 MB halves its GB-s, so the cheaper setting wins and
    // saves about half of its duration cost.
    let resize = &f.functions[0];
    assert_eq!(resize.after.memory_mb, 512);
    assert!(resize.saving > Decimal::ZERO);
    // The CSV row says the same, to the cent.
    let report = FleetReport::new(&a, Vec::new(), &Catalog::built_in(), date(), f.clone()).unwrap();
    let csv = report.render(FleetFormat::Csv);
    let row: Vec<&str> = csv.lines().find(|l| l.starts_with("resize,")).unwrap().split(',').collect();
    let money = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(money(row[12]), cents(resize.now.monthly_cost) - cents(resize.after.monthly_cost));
}

#[test]
fn the_review_does_not_depend_on_the_thread_count() {
    let one = serde_json::to_string(&review(1).1).unwrap();
    let two = serde_json::to_string(&review(2).1).unwrap();
    assert_eq!(one, two);
}

#[test]
fn the_csv_says_which_costs_rest_on_estimated_prices() {
    // `index` moved to me-central-1, whose request price is an assumed $0.20 (derived); `resize` stays in
    // us-east-1, where every price it uses is published. The account's rows include index, so they rest on it.
    let text = APP.replace(
        "[functions.scenario]\nname = \"index\"",
        "region = \"me-central-1\"\n[functions.scenario]\nname = \"index\"",
    );
    let a = app(&text);
    let f = fleet::run(&a, &Catalog::built_in(), date()).unwrap();
    let report = FleetReport::new(&a, Vec::new(), &Catalog::built_in(), date(), f).unwrap();
    let csv = report.render(FleetFormat::Csv);
    let last =
        |prefix: &str| csv.lines().find(|l| l.starts_with(prefix)).unwrap().rsplit(',').next().unwrap().to_string();
    assert!(csv.lines().next().unwrap().ends_with(",risks,priced_with_estimates"), "{csv}");
    assert_eq!(last("resize,"), "false");
    assert_eq!(last("index,"), "true");
    assert_eq!(last("(account bill),"), "true");
}
