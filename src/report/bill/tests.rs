//! Snapshots of every bill renderer over one hand-built account: two functions in two regions, a derived
//! price, the free tier and a savings plan. Review a changed snapshot with `cargo insta review`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{render, BillFormat};
use crate::pricing::{bill, Bill, BillOptions, Catalog, FunctionUsage};
use crate::Architecture;

fn account() -> Bill {
    let d = |s: &str| s.parse::<Decimal>().unwrap();
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
    let mut b = bill(&Catalog::built_in(), &[api, worker], &options).unwrap();
    b.catalog = "pricing/aws-lambda.toml".into();
    b
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
