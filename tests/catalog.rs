//! The catalog: the shipped data says what the facts say, and a broken catalog is reported with file:line:col.

use chrono::NaiveDate;
use costsim::pricing::{Catalog, PricingError};
use costsim::Architecture::{Arm64, X86_64};
use rust_decimal::Decimal;

const MINIMAL: &str = r#"schema_version = 1
provider = "aws-lambda"
currency = "USD"

[regions]
"us-east-1" = "US East (N. Virginia)"

[billing]
granularity_ms = 1
effective_date = "2020-12-01"
source = "s"

[free_tier]
requests = 1_000_000
gb_seconds = 400_000
effective_date = "2020-12-01"
source = "s"

[init_billing]
effective_date = "2025-08-01"
billed_before_for = ["image"]
source = "s"

[provisioned_concurrency]
rounding_minutes = 5
effective_date = "2019-12-03"
source = "s"

[ephemeral_storage]
free_mb = 512
effective_date = "2022-03-24"
source = "s"

[snapstart]
minimum_cache_hours = 3
effective_date = "2024-11-18"
source = "s"

[[price]]
region = "us-east-1"
dimension = "requests"
unit = "request"
price = "0.0000002"
effective_date = "2025-10-01"
source = "s"

[[price]]
region = "us-east-1"
dimension = "duration"
unit = "GB-s"
tiers = [{ start = 0, price = "0.0000166667" }]
effective_date = "2025-10-01"
source = "s"
"#;

fn error_of(text: &str) -> String {
    match Catalog::parse("test.toml", text) {
        Ok(_) => panic!("catalog should have been rejected"),
        Err(e) => e.to_string(),
    }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn the_minimal_catalog_loads() {
    let c = Catalog::parse("test.toml", MINIMAL).unwrap();
    assert_eq!(c.regions().len(), 1);
}

#[test]
fn built_in_catalog_covers_the_required_regions_with_published_us_east_1_rates() {
    let c = Catalog::built_in();
    for region in [
        "us-east-1",
        "us-east-2",
        "us-west-2",
        "eu-west-1",
        "eu-west-2",
        "eu-central-1",
        "ap-northeast-1",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-south-1",
        "af-south-1",
        "ap-east-1",
        "eu-south-1",
        "me-south-1",
        "me-central-1",
    ] {
        for arch in [X86_64, Arm64] {
            let r = c.rates(region, arch, date("2026-01-01")).unwrap();
            assert!(r.provisioned_concurrency.is_some() && r.ephemeral_storage.is_some(), "{region} {arch}");
            assert!(r.warnings.is_empty(), "{region}: {:?}", r.warnings);
        }
    }
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let x = c.rates("us-east-1", X86_64, date("2026-01-01")).unwrap();
    let tiers: Vec<_> = x.duration.tiers.iter().map(|t| (t.start, t.price)).collect();
    assert_eq!(
        tiers,
        [(d("0"), d("0.0000166667")), (d("6000000000"), d("0.000015")), (d("15000000000"), d("0.0000133334"))]
    );
    assert_eq!(x.provisioned_concurrency.unwrap().base(), d("0.0000041667"));
    assert_eq!(x.provisioned_duration.unwrap().base(), d("0.0000097222"));
    let a = c.rates("us-east-1", Arm64, date("2026-01-01")).unwrap();
    assert_eq!(a.duration.tiers[1].start, d("7500000000"));
    assert_eq!(a.duration.tiers[2].start, d("18750000000"));
    assert!(!a.duration.is_derived());
    // arm64 PC outside us-east-1 is derived (0.8 × x86) and says so.
    let tokyo = c.rates("ap-northeast-1", Arm64, date("2026-01-01")).unwrap();
    assert!(tokyo.provisioned_concurrency.unwrap().is_derived());
    assert_eq!(c.free_tier.requests, d("1000000"));
    assert_eq!(c.free_tier.gb_seconds, d("400000"));
    assert_eq!(c.init_billing.effective_date, date("2025-08-01"));
}

#[test]
fn syntax_errors_point_at_the_line() {
    let text = MINIMAL.replace("currency = \"USD\"", "currency = USD");
    let e = error_of(&text);
    assert!(e.starts_with("test.toml:3:"), "{e}");
}

#[test]
fn unknown_keys_are_rejected_with_their_location() {
    let text = MINIMAL.replace("granularity_ms = 1", "granularity_ms = 1\ngranularity = 1");
    let e = error_of(&text);
    assert!(e.starts_with("test.toml:10:1: unknown field `granularity`"), "{e}");
}

#[test]
fn unknown_dimension_suggests_the_close_one() {
    let text = MINIMAL.replace("dimension = \"duration\"", "dimension = \"durations\"");
    let e = error_of(&text);
    assert!(e.contains("unknown dimension 'durations' (did you mean 'duration'?)"), "{e}");
    assert!(e.starts_with("test.toml:49:13:"), "{e}");
}

#[test]
fn prices_must_be_quoted_decimals() {
    let text = MINIMAL.replace("price = \"0.0000002\"", "price = 0.0000002");
    assert!(error_of(&text).contains("quoted decimal string"));
    let text = MINIMAL.replace("price = \"0.0000002\"", "price = \"-0.1\"");
    assert!(error_of(&text).contains("price must be zero or more"));
    let text = MINIMAL.replace("price = \"0.0000002\"", "price = \"cheap\"");
    assert!(error_of(&text).contains("must be a decimal number"));
}

#[test]
fn tiers_must_start_at_zero_and_increase() {
    let text = MINIMAL.replace(
        "tiers = [{ start = 0, price = \"0.0000166667\" }]",
        "tiers = [{ start = 0, price = \"0.0000166667\" }, { start = 0, price = \"0.000015\" }]",
    );
    assert!(error_of(&text).contains("tier starts must increase"));
    let text = MINIMAL.replace("{ start = 0, price", "{ start = 5, price");
    assert!(error_of(&text).contains("the first tier must start at 0"));
}

#[test]
fn every_region_needs_requests_and_duration_and_no_duplicates() {
    let text =
        MINIMAL.replace("\"us-east-1\" = \"US East (N. Virginia)\"", "\"us-east-1\" = \"a\"\n\"us-west-2\" = \"b\"");
    assert!(error_of(&text).contains("region us-west-2 has no requests price for x86_64"));
    let dup = format!("{MINIMAL}\n[[price]]\nregion = \"us-east-1\"\narchitecture = \"arm64\"\ndimension = \"requests\"\nunit = \"request\"\nprice = \"0.1\"\neffective_date = \"2025-10-01\"\nsource = \"s\"\n");
    assert!(error_of(&dup)
        .contains("duplicate requests price for us-east-1 arm64 effective 2025-10-01 (first given at line"));
}

#[test]
fn prices_are_chosen_by_effective_date() {
    let later = format!("{MINIMAL}\n[[price]]\nregion = \"us-east-1\"\ndimension = \"requests\"\nunit = \"request\"\nprice = \"0.0000003\"\neffective_date = \"2027-01-01\"\nsource = \"s\"\n");
    let c = Catalog::parse("test.toml", &later).unwrap();
    let before = c.rates("us-east-1", X86_64, date("2026-12-31")).unwrap();
    let after = c.rates("us-east-1", X86_64, date("2027-01-01")).unwrap();
    assert_eq!(before.requests.base(), "0.0000002".parse::<Decimal>().unwrap());
    assert_eq!(after.requests.base(), "0.0000003".parse::<Decimal>().unwrap());
}

#[test]
fn unknown_region_lists_what_is_available() {
    let e = Catalog::built_in().rates("mars-north-1", X86_64, date("2026-01-01")).unwrap_err();
    assert!(matches!(e, PricingError::UnknownRegion { .. }));
    assert!(e.to_string().contains("us-east-1, us-east-2, us-west-2"), "{e}");
}

#[test]
fn a_missing_price_is_an_error_not_zero() {
    let c = Catalog::parse("test.toml", MINIMAL).unwrap();
    let f = costsim::pricing::FunctionUsage {
        provisioned_gb_s: Decimal::ONE,
        ..costsim::pricing::FunctionUsage::new("f", "us-east-1", X86_64)
    };
    let e = costsim::pricing::bill(&c, &[f], &costsim::pricing::BillOptions::new(date("2026-01-01"))).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no provisioned_concurrency price for us-east-1 x86_64 in the catalog test.toml; add a [[price]] entry (see pricing/README.md)"
    );
}
