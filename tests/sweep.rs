//! The sweep's bill against the pricing engine's, exactly, where the simulation is deterministic enough to
//! compare: constant durations and no cold starts (every request served by provisioned concurrency).

use chrono::NaiveDate;
use costsim::pricing::{bill, BillOptions, Catalog, FunctionEstimate};
use costsim::scenario::Scenario;
use costsim::Architecture;
use rust_decimal::Decimal;

const SCENARIO: &str = r#"[scenario]
name = "exact"
horizon_hours = 73        # 730 / 73 = 10: the month factor is an exact integer
replications = 1

[function]
init_p50_ms = 100.0
init_p90_ms = 150.0
io_ms = 100.5             # constant: billed ceil(100.5) = 101 ms
cpu_ms = 0.0
cv = 0.0
timeout_s = 10

[traffic]
requests_per_second = 10.0

[platform]
provisioned = 50          # mean concurrency 10 × 0.1005 ≈ 1: P(more than 50 busy) is negligible

[sweep]
memory_mb = [1024]
architectures = ["x86_64"]
"#;

#[test]
fn simulated_bill_equals_the_pricing_engines_bill() {
    let catalog = Catalog::built_in();
    let scenario = Scenario::parse("exact.toml", SCENARIO, &catalog).unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    let points = costsim::sweep::run(&scenario, &catalog, date).unwrap();
    let p = &points[0];
    assert_eq!(p.cold_start_ratio, 0.0);
    assert_eq!(p.error_ratio, 0.0);
    // The same month from averages: requests = simulated × 10, 101 ms each on provisioned concurrency;
    // 50 environments × 1 GB for 730 h = 131,400,000 GB-s configured.
    let requests = p.monthly_requests;
    assert_eq!(requests % Decimal::from(10), Decimal::ZERO);
    let estimate =
        FunctionEstimate::new("exact", "us-east-1", Architecture::X86_64, 1024, requests, Decimal::new(1005, 1))
            .unwrap()
            .with_provisioned(50, Decimal::from(730))
            .unwrap();
    let expected = bill(&catalog, &[estimate.usage(&catalog).unwrap()], &BillOptions::new(date)).unwrap();
    assert_eq!(p.bill.functions[0].provisioned_gb_s, Decimal::from(131_400_000));
    assert_eq!(p.bill.total(), expected.total());
    // And by hand: 131,400,000 × 0.0000041667 = 547.50438; requests × 0.101 GB-s × 0.0000097222; requests × 0.0000002.
    let by_hand = Decimal::new(54750438, 5)
        + requests * Decimal::new(101, 3) * Decimal::new(97222, 10)
        + requests * Decimal::new(2, 7);
    assert_eq!(p.bill.total(), by_hand);
}
