//! Snapshots of every bill renderer over one hand-built account, priced with a hand-written catalog
//! (`tests/data/pricing/fixture.toml`, round prices) so that the numbers can be checked on paper and do not
//! move when AWS's prices in the shipped catalog change: two functions in two regions, volume tiers, a derived
//! price, the free tier and a savings plan. Review a changed snapshot with `cargo insta review`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{render, BillFormat};
use crate::pricing::{bill, Bill, BillOptions, Catalog, Component, FunctionUsage};
use crate::Architecture;

const FIXTURE: &str = include_str!("../../../tests/data/pricing/fixture.toml");

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn account() -> Bill {
    let api = FunctionUsage {
        memory_mb: Some(512),
        requests: d("3000000"),
        duration_gb_s: d("1500000"),
        init_gb_s: d("1250.5"),
        ..FunctionUsage::new("api", "us-east-1", Architecture::X86_64)
    };
    let worker = FunctionUsage {
        memory_mb: Some(1024),
        requests: d("31"),
        duration_gb_s: d("8000000000"),
        provisioned_gb_s: d("2628000"),
        ephemeral_storage_gb_s: d("12345.678"),
        ..FunctionUsage::new("worker", "eu-west-1", Architecture::Arm64)
    };
    let date = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    let options = BillOptions { savings_plan_percent: Some(d("10")), ..BillOptions::new(date) };
    let catalog = Catalog::parse("tests/data/pricing/fixture.toml", FIXTURE).unwrap();
    bill(&catalog, &[api, worker], &options).unwrap()
}

#[test]
fn the_account_adds_up_by_hand() {
    let b = account();
    // api (us-east-1 x86_64, first band $0.00001): requests 3 × $0.20 = 0.60; duration 1,500,000 × 0.00001 = 15;
    // INIT (billed from 2025-08-01) 1,250.5 × 0.00001 = 0.012505. Function total 15.612505.
    assert_eq!(b.function_cost(0), d("15.612505"));
    // worker (eu-west-1 arm64): requests 0.000031 × $0.40 = 0.0000124; duration 7.5B × 0.000016 = 120,000 plus
    // 0.5B × 0.000014 = 7,000; provisioned 2,628,000 × 0.000005 = 13.14; storage 12,345.678 × 0.00000003
    // = 0.00037037034. Function total 127,013.14038277034.
    assert_eq!(b.function_cost(1), d("127013.14038277034"));
    assert_eq!(b.component_cost(1, Component::Duration), d("127000"));
    // Free tier for api only (worker has provisioned concurrency): −1M requests × $0.20/M = −0.20 and
    // −400,000 GB-s × 0.00001 = −4. Savings plan 10% of (15 + 0.012505 + 127,000 + 13.14 − 4) = −12,702.4152505.
    let account: Vec<_> = b.lines.iter().filter(|l| l.function.is_none()).map(|l| l.cost).collect();
    assert_eq!(account, [d("-0.2"), d("-4"), d("-12702.4152505")]);
    // 15.612505 + 127,013.14038277034 − 0.20 − 4 − 12,702.4152505 = 114,322.13763727034.
    assert_eq!(b.total(), d("114322.13763727034"));
}

#[test]
fn table() {
    insta::assert_snapshot!(render(&account(), BillFormat::Table));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(render(&account(), BillFormat::Markdown));
}

#[test]
fn csv() {
    insta::assert_snapshot!(render(&account(), BillFormat::Csv));
}

#[test]
fn json() {
    insta::assert_snapshot!(render(&account(), BillFormat::Json));
}

#[test]
fn a_name_longer_than_the_format_width_limit_does_not_panic() {
    // format!'s width is a u16: a 70,000-character name used to panic the table ("Formatting argument out of
    // range"). The table pads by hand now: the name's row is as wide as the name plus the tree prefix.
    let mut b = account();
    b.functions[0].name = "n".repeat(70_000);
    let text = render(&b, BillFormat::Table);
    assert!(text.lines().any(|l| l.chars().count() > 70_000));
    let total = text.lines().find(|l| l.starts_with(" OVERALL TOTAL")).unwrap();
    assert!(total.ends_with("$114,322.14"), "{total}");
}
