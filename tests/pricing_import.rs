//! `costsim pricing import`: AWS Price List offer data (bulk offer JSON, `aws pricing get-products` output) → a
//! catalog. The fixtures in tests/data/pricing/offer/ are built by hand in AWS's format, with the figures AWS
//! publishes for us-east-1 (Price List publication of 2025-10-28, effective 2025-10-01); their README says which
//! SKUs are real.

use std::path::Path;

use assert_cmd::Command;
use chrono::NaiveDate;
use costsim::pricing::offer::{self, Collected, OfferError};
use costsim::pricing::{bill, BillOptions, Catalog, Dimension, FunctionUsage, ProvenanceMethod};
use costsim::Architecture;
use predicates::prelude::*;
use rust_decimal::Decimal;

const BULK: &str = "tests/data/pricing/offer/AWSLambda-us-east-1.json";
const GET_PRODUCTS: &str = "tests/data/pricing/offer/get-products-arm64.json";

fn costsim() -> Command {
    Command::cargo_bin("costsim").unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
}

/// Imports `files` into a fresh folder; the catalog and what the command printed on standard error.
fn import(files: &[&str]) -> (tempfile::TempDir, Catalog, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lambda");
    let assert = costsim().args(["pricing", "import"]).args(files).arg("--out").arg(&out).assert().success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let catalog = Catalog::load(&out).unwrap();
    (dir, catalog, stderr)
}

fn tiers(catalog: &Catalog, arch: Architecture, dim: Dimension) -> Vec<(Decimal, Decimal)> {
    let rates = catalog.rates("us-east-1", arch, date()).unwrap();
    rates.get(dim).map(|p| p.tiers.iter().map(|t| (t.start, t.price)).collect()).unwrap_or_default()
}

#[test]
fn the_bulk_offer_gives_every_us_east_1_price_with_its_bands() {
    let (_dir, catalog, stderr) = import(&[BULK]);
    use Architecture::{Arm64, X86_64};
    // The Price List's figures, as AWS publishes them (pricing page and offer file of 2025-10-28).
    assert_eq!(tiers(&catalog, X86_64, Dimension::Requests), vec![(d("0"), d("0.0000002"))]);
    assert_eq!(tiers(&catalog, Arm64, Dimension::Requests), vec![(d("0"), d("0.0000002"))]);
    // Duration: bands of 6B and 9B GB-s for x86_64 at -10% and -20%, 7.5B and 11.25B for arm64.
    assert_eq!(
        tiers(&catalog, X86_64, Dimension::Duration),
        vec![(d("0"), d("0.0000166667")), (d("6000000000"), d("0.000015")), (d("15000000000"), d("0.0000133334"))]
    );
    assert_eq!(
        tiers(&catalog, Arm64, Dimension::Duration),
        vec![(d("0"), d("0.0000133334")), (d("7500000000"), d("0.0000120001")), (d("18750000000"), d("0.0000106667"))]
    );
    assert_eq!(tiers(&catalog, X86_64, Dimension::ProvisionedConcurrency), vec![(d("0"), d("0.0000041667"))]);
    assert_eq!(tiers(&catalog, Arm64, Dimension::ProvisionedConcurrency), vec![(d("0"), d("0.0000033334"))]);
    assert_eq!(tiers(&catalog, X86_64, Dimension::ProvisionedDuration), vec![(d("0"), d("0.0000097222"))]);
    assert_eq!(tiers(&catalog, Arm64, Dimension::ProvisionedDuration), vec![(d("0"), d("0.0000077778"))]);
    assert_eq!(tiers(&catalog, Arm64, Dimension::EphemeralStorage), vec![(d("0"), d("0.0000000309"))]);
    assert_eq!(tiers(&catalog, X86_64, Dimension::SnapStartCache), vec![(d("0"), d("0.0000015046"))]);
    assert_eq!(tiers(&catalog, X86_64, Dimension::SnapStartRestore), vec![(d("0"), d("0.0001397998"))]);
    // The offer has no arm64 SnapStart SKU: absent, not $0.
    assert!(tiers(&catalog, Arm64, Dimension::SnapStartCache).is_empty());
    // The term's effective date, and the SKU and offer as the source.
    let requests = catalog.rates("us-east-1", X86_64, date()).unwrap().requests;
    assert_eq!(requests.effective_date, NaiveDate::from_ymd_opt(2025, 10, 1).unwrap());
    assert!(requests.source.contains("SKU GU2ZS9HVP6QTQ7KE (usage type Request)"), "{}", requests.source);
    assert!(requests.source.contains("offer AWSLambda, version 20251028000000, published 2025-10-28T00:00:00Z"));
    assert!(requests.derived.is_none(), "imported prices are published figures");
    // ap-east-1 has only request prices in the fixture: left out, with a warning; Edge and the global free tier
    // are skipped and counted; the absent arm64 SnapStart prices are listed.
    assert_eq!(catalog.regions().keys().collect::<Vec<_>>(), vec!["us-east-1"]);
    assert!(stderr.contains("warning: ap-east-1 left out: no duration x86_64, no duration arm64 price"), "{stderr}");
    assert!(stderr.contains("2 Lambda@Edge (not modelled)"), "{stderr}");
    assert!(stderr.contains("1 global"), "{stderr}");
    assert!(stderr.contains("us-east-1: snapstart_cache arm64, snapstart_restore arm64"), "{stderr}");
    // 2 architectures × (requests, duration, PC, duration on PC, storage) + x86_64 SnapStart cache and restore.
    assert!(stderr.contains("12 Lambda prices for 1 region from 1 file"), "{stderr}");
}

#[test]
fn the_imported_prices_are_the_shipped_catalogs_published_us_east_1_figures() {
    let (_dir, imported, _) = import(&[BULK]);
    let shipped = Catalog::built_in();
    for arch in Architecture::ALL {
        let ours = shipped.rates("us-east-1", arch, date()).unwrap();
        let theirs = imported.rates("us-east-1", arch, date()).unwrap();
        for (dim, price) in ours.priced().filter(|(d, _)| !d.is_event_source()) {
            if price.derived.is_some() {
                // The shipped arm64 SnapStart figures are estimates (no SKU): the offer has none.
                assert!(theirs.get(dim).is_none(), "{dim:?} {arch}");
                continue;
            }
            let theirs = theirs.get(dim).unwrap_or_else(|| panic!("{dim:?} {arch} imported"));
            let bands = |p: &costsim::pricing::Price| p.tiers.iter().map(|t| (t.start, t.price)).collect::<Vec<_>>();
            assert_eq!(bands(price), bands(theirs), "{dim:?} {arch}");
        }
    }
}

#[test]
fn the_imported_catalog_prices_awss_own_example_to_the_cent() {
    let (_dir, catalog, _) = import(&[BULK]);
    // AWS's pricing-page example: 3M requests of 1 s at 512 MB = 1,500,000 GB-s.
    // Requests (3M − 1M free) × $0.20/M = $0.40; duration (1.5M − 0.4M free) GB-s × $0.0000166667 = $18.333370.
    let usage = FunctionUsage {
        requests: Decimal::from(3_000_000),
        duration_gb_s: Decimal::from(1_500_000),
        ..FunctionUsage::new("api", "us-east-1", Architecture::X86_64)
    };
    let bill = bill(&catalog, &[usage], &BillOptions::new(date())).unwrap();
    assert_eq!(bill.total().round_dp(2), d("18.73"));
}

#[test]
fn get_products_pages_give_the_same_prices_and_repeats_are_one_entry() {
    let (_dir, both, _) = import(&[BULK, GET_PRODUCTS]);
    let (_dir2, bulk, _) = import(&[BULK]);
    for dim in [Dimension::Requests, Dimension::Duration] {
        assert_eq!(tiers(&both, Architecture::Arm64, dim), tiers(&bulk, Architecture::Arm64, dim));
    }
    // The arm64 duration SKU is in both files: one entry whose source names both offers.
    let source = both.rates("us-east-1", Architecture::Arm64, date()).unwrap().duration.source;
    assert!(source.contains(BULK) && source.contains(GET_PRODUCTS), "{source}");
    // The get-products page alone has arm64 only: no region has both architectures, nothing is written.
    let dir = tempfile::tempdir().unwrap();
    costsim()
        .args(["pricing", "import", GET_PRODUCTS, "--out"])
        .arg(dir.path().join("x"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no region with requests and duration prices for both architectures"));
    assert!(!dir.path().join("x").exists());
}

/// A bulk offer of us-east-1 requests and duration for both architectures, with `extra` products and terms.
fn offer_json(duration_x86_bands: &str, extra_products: &str, extra_terms: &str) -> String {
    let product = |sku: &str, usage: &str| {
        format!(
            r#""{sku}": {{"sku": "{sku}", "productFamily": "Serverless", "attributes": {{"servicecode": "AWSLambda", "regionCode": "us-east-1", "location": "US East (N. Virginia)", "usagetype": "{usage}"}}}}"#
        )
    };
    let term = |sku: &str, dims: &str| {
        format!(
            r#""{sku}": {{"{sku}.JRTCKXETXF": {{"sku": "{sku}", "effectiveDate": "2025-10-01T00:00:00Z", "priceDimensions": {{{dims}}}}}}}"#
        )
    };
    let band = |code: &str, begin: &str, end: &str, unit: &str, price: &str| {
        format!(
            r#""{code}": {{"beginRange": "{begin}", "endRange": "{end}", "unit": "{unit}", "pricePerUnit": {{"USD": "{price}"}}}}"#
        )
    };
    let one = |unit: &str, price: &str| band("A", "0", "Inf", unit, price);
    format!(
        "{{\"offerCode\": \"AWSLambda\", \"version\": \"1\", \"publicationDate\": \"2025-10-28T00:00:00Z\",\n\"products\": {{\n{}\n}},\n\"terms\": {{\"OnDemand\": {{\n{}\n}}}}}}\n",
        [
            product("RX", "Request"),
            product("RA", "Request-ARM"),
            product("DX", "Lambda-GB-Second"),
            product("DA", "Lambda-GB-Second-ARM"),
        ]
        .join(",\n")
            + extra_products,
        [
            term("RX", &one("Requests", "0.0000002")),
            term("RA", &one("Requests", "0.0000002")),
            term("DX", duration_x86_bands),
            term("DA", &one("Lambda-GB-Second", "0.0000133334")),
        ]
        .join(",\n")
            + extra_terms
    )
}

fn build(text: &str) -> Result<offer::Imported, OfferError> {
    let mut collected = Collected::default();
    offer::read::read("offer.json", text.as_bytes(), &mut collected)?;
    offer::build(collected, "USD")
}

const ONE_BAND: &str = r#""A": {"beginRange": "0", "endRange": "Inf", "unit": "Lambda-GB-Second", "pricePerUnit": {"USD": "0.0000166667"}}"#;

#[test]
fn bands_are_ordered_by_where_they_begin_whatever_their_keys() {
    // Written last band first: the tiers still start at 0, 6B, 15B.
    let bands = r#""Z": {"beginRange": "0", "endRange": "6000000000", "unit": "Lambda-GB-Second", "pricePerUnit": {"USD": "0.0000166667"}},
        "A": {"beginRange": "15000000000", "endRange": "Inf", "unit": "Lambda-GB-Second", "pricePerUnit": {"USD": "0.0000133334"}},
        "M": {"beginRange": "6000000000", "endRange": "15000000000", "unit": "Lambda-GB-Second", "pricePerUnit": {"USD": "0.0000150000"}}"#;
    let imported = build(&offer_json(bands, "", "")).unwrap();
    let duration = imported
        .entries
        .iter()
        .find(|e| e.dimension == Dimension::Duration && e.architecture == Architecture::X86_64)
        .unwrap();
    assert_eq!(
        duration.tiers,
        vec![(0, d("0.0000166667")), (6_000_000_000, d("0.000015")), (15_000_000_000, d("0.0000133334"))]
    );
}

#[test]
fn bands_with_a_gap_an_overlap_or_an_end_are_refused_at_their_term() {
    let cases = [
        (
            r#""A": {"beginRange": "0", "endRange": "6000000000", "unit": "Lambda-GB-Second", "pricePerUnit": {"USD": "1"}},
               "B": {"beginRange": "7000000000", "endRange": "Inf", "unit": "Lambda-GB-Second", "pricePerUnit": {"USD": "1"}}"#,
            "not contiguous: one ends at 6000000000, the next begins at 7000000000",
        ),
        (
            r#""A": {"beginRange": "0", "endRange": "6000000000", "unit": "Lambda-GB-Second", "pricePerUnit": {"USD": "1"}}"#,
            "the last band ends at 6000000000",
        ),
        (
            r#""A": {"beginRange": "5", "endRange": "Inf", "unit": "Lambda-GB-Second", "pricePerUnit": {"USD": "1"}}"#,
            "the first band begins at 5 instead of 0",
        ),
        (
            r#""A": {"beginRange": "0", "endRange": "Inf", "unit": "Lambda-GB-Second", "pricePerUnit": {"USD": "-1"}}"#,
            "pricePerUnit USD must be a decimal number, zero or more (got '-1')",
        ),
        (
            r#""A": {"beginRange": "0.5", "endRange": "Inf", "unit": "Lambda-GB-Second", "pricePerUnit": {"USD": "1"}}"#,
            "beginRange must be a whole number of units",
        ),
    ];
    for (bands, message) in cases {
        let text = offer_json(bands, "", "");
        let err = build(&text).unwrap_err().to_string();
        // The DX term is on line 8 of the generated text (after the header line, "products" and its four lines).
        let line = text.lines().position(|l| l.starts_with("\"DX\"") && l.contains("JRTCKXETXF")).unwrap() + 1;
        assert!(err.starts_with(&format!("offer.json:{line}:")), "{err}");
        assert!(err.contains("SKU DX:") && err.contains(message), "{err}");
    }
}

#[test]
fn two_different_prices_for_one_key_are_refused_naming_both_skus() {
    let products = r#",
"DX2": {"sku": "DX2", "attributes": {"servicecode": "AWSLambda", "regionCode": "us-east-1", "usagetype": "Lambda-GB-Second"}}"#;
    let terms = r#",
"DX2": {"DX2.JRTCKXETXF": {"sku": "DX2", "effectiveDate": "2025-10-01T00:00:00Z", "priceDimensions": {"A": {"beginRange": "0", "endRange": "Inf", "unit": "Lambda-GB-Second", "pricePerUnit": {"USD": "0.00002"}}}}}"#;
    let err = build(&offer_json(ONE_BAND, products, terms)).unwrap_err().to_string();
    assert!(
        err.contains(
            "SKU DX2 gives another duration price for us-east-1 x86_64 effective 2025-10-01 than SKU DX at offer.json:"
        ),
        "{err}"
    );
    // The same price twice (a repeated page) is one entry.
    let same = terms.replace("0.00002", "0.0000166667");
    let imported = build(&offer_json(ONE_BAND, products, &same)).unwrap();
    let duration: Vec<_> = imported.entries.iter().filter(|e| e.dimension == Dimension::Duration).collect();
    assert_eq!(duration.len(), 2, "one per architecture");
    assert_eq!(duration[0].skus.iter().cloned().collect::<Vec<_>>(), vec!["DX", "DX2"]);
}

#[test]
fn a_unit_that_is_not_the_dimensions_leaves_the_price_out_with_a_warning() {
    // A provisioned-concurrency price per hour: read as per GB-s it would be 3,600 times too high.
    let products = r#",
"PC": {"sku": "PC", "attributes": {"servicecode": "AWSLambda", "regionCode": "us-east-1", "usagetype": "Lambda-Provisioned-Concurrency"}}"#;
    let terms = r#",
"PC": {"PC.JRTCKXETXF": {"sku": "PC", "effectiveDate": "2025-10-01T00:00:00Z", "priceDimensions": {"A": {"beginRange": "0", "endRange": "Inf", "unit": "Hrs", "pricePerUnit": {"USD": "0.015"}}}}}"#;
    let imported = build(&offer_json(ONE_BAND, products, terms)).unwrap();
    assert!(imported.entries.iter().all(|e| e.dimension != Dimension::ProvisionedConcurrency));
    assert_eq!(imported.warnings.len(), 1);
    assert!(imported.warnings[0].contains("SKU PC (usage type Lambda-Provisioned-Concurrency) is priced per 'Hrs', not a unit of provisioned_concurrency"), "{}", imported.warnings[0]);
}

#[test]
fn other_currencies_and_other_services_are_skipped_and_said() {
    let products = r#",
"EC2": {"sku": "EC2", "attributes": {"servicecode": "AmazonEC2", "regionCode": "us-east-1", "usagetype": "BoxUsage:t3.micro"}},
"ST": {"sku": "ST", "attributes": {"servicecode": "AWSLambda", "regionCode": "us-east-1", "usagetype": "Lambda-Storage-GB-Second"}}"#;
    let terms = r#",
"ST": {"ST.JRTCKXETXF": {"sku": "ST", "effectiveDate": "2025-10-01T00:00:00Z", "priceDimensions": {"A": {"beginRange": "0", "endRange": "Inf", "unit": "GB-Seconds", "pricePerUnit": {"CNY": "0.0000002"}}}}}"#;
    let imported = build(&offer_json(ONE_BAND, products, terms)).unwrap();
    assert_eq!(imported.other_services.get("AmazonEC2"), Some(&1));
    assert!(
        imported.warnings[0].contains("SKU ST (usage type Lambda-Storage-GB-Second) has no USD price (it has: CNY)")
    );
    assert!(imported.entries.iter().all(|e| e.dimension != Dimension::EphemeralStorage));
}

#[test]
fn json_that_is_not_offer_data_names_file_line_and_column_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    // Line 3, column 17: a product that is a number.
    std::fs::write(&bad, "{\n  \"products\": {\n    \"SKU1\": 42\n  }\n}\n").unwrap();
    let out = dir.path().join("out");
    costsim()
        .args(["pricing", "import"])
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{}:3:", bad.display())));
    assert!(!out.exists(), "nothing written");
    // Cut short.
    std::fs::write(&bad, "{\"products\": {\"SKU1\": {\"sku\": \"SKU1\"").unwrap();
    costsim()
        .args(["pricing", "import"])
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{}:1:", bad.display())).and(predicate::str::contains("EOF")));
    // A missing file is an I/O error.
    costsim()
        .args(["pricing", "import", "/nonexistent/offer.json", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read offer file '/nonexistent/offer.json'"));
}

#[test]
fn an_existing_catalog_is_replaced_only_with_force_and_the_output_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lambda.toml");
    costsim().args(["pricing", "import", BULK, "--out"]).arg(&out).assert().success();
    let first = std::fs::read(&out).unwrap();
    costsim()
        .args(["pricing", "import", BULK, "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("exists: pass --force"));
    costsim().args(["pricing", "import", BULK, "--force", "--out"]).arg(&out).assert().success();
    assert_eq!(first, std::fs::read(&out).unwrap(), "the same files give the same bytes");
    // Read from standard input too.
    let piped = dir.path().join("piped.toml");
    costsim()
        .args(["pricing", "import", "-", "--out"])
        .arg(&piped)
        .write_stdin(std::fs::read(BULK).unwrap())
        .assert()
        .success();
    assert!(String::from_utf8(std::fs::read(&piped).unwrap()).unwrap().contains("file = \"<stdin>\""));
}

#[test]
fn the_rules_and_event_source_prices_come_from_the_base_catalog() {
    let dir = tempfile::tempdir().unwrap();
    // A base whose billing granularity is 100 ms (as before 2020-12-01): the import keeps it.
    let base = dir.path().join("base.toml");
    let text = costsim::pricing::BUILT_IN.replacen("granularity_ms = 1\n", "granularity_ms = 100\n", 1);
    std::fs::write(&base, text).unwrap();
    let out = dir.path().join("imported");
    costsim().args(["pricing", "import", BULK, "--base"]).arg(&base).arg("--out").arg(&out).assert().success();
    let catalog = Catalog::load(&out).unwrap();
    assert_eq!(catalog.billing.granularity_ms, 100);
    // us-east-1's SQS price (the built-in's $0.40 per million) is kept; the other regions' event-source prices are
    // not (their regions are not in the import).
    let rates = catalog.rates("us-east-1", Architecture::X86_64, date()).unwrap();
    assert_eq!(rates.get(Dimension::SqsStandardRequests).unwrap().base(), d("0.0000004"));
    let provenance = catalog.provenance().unwrap();
    assert_eq!(provenance.method, ProvenanceMethod::Import);
    assert_eq!(provenance.offers[0].version, "20251028000000");
}

#[test]
fn pricing_check_says_how_a_catalog_was_made() {
    costsim()
        .args(["pricing", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("provenance: compiled by hand"))
        .stdout(predicate::str::contains("15 regions"));
    assert_eq!(Catalog::built_in().provenance().unwrap().method, ProvenanceMethod::Manual);
    let bad = Path::new("tests/data/pricing/offer/README.md");
    costsim().args(["pricing", "check"]).arg(bad).assert().code(1);
}

#[test]
fn a_region_code_that_is_not_one_is_refused_at_its_product() {
    // A code is written as a catalog key and into comments: a line break in it could write TOML.
    let text = offer_json(ONE_BAND, "", "").replacen(
        "\"regionCode\": \"us-east-1\"",
        "\"regionCode\": \"us-east-1\\n[billing]\"",
        1,
    );
    let err = build(&text).unwrap_err().to_string();
    assert!(err.starts_with("offer.json:3:"), "{err}");
    assert!(err.contains("SKU RX: regionCode 'us-east-1\\n[billing]' is not an AWS region code"), "{err}");
}

#[test]
fn a_file_name_with_a_line_break_stays_in_its_comment() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("offer\n[billing]\ngranularity_ms = 100.json");
    std::fs::copy(BULK, &odd).unwrap();
    let out = dir.path().join("c.toml");
    costsim().args(["pricing", "import"]).arg(&odd).arg("--out").arg(&out).assert().success();
    let catalog = Catalog::load(&out).unwrap();
    assert_eq!(catalog.billing.granularity_ms, 1, "the name did not become a table");
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("offer\\n[billing]\\ngranularity_ms = 100.json: offer AWSLambda"));
}
