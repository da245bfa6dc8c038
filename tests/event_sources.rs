//! The event sources' charges (SQS requests, API Gateway calls, EventBridge invocations) against arithmetic done
//! by hand from the us-east-1 rates of the AWS pricing pages for SQS, API Gateway and EventBridge:
//! - SQS standard $0.40 / $0.30 / $0.24 per 1M over 100B / 100B / 200B+, FIFO $0.50 first band; 1M free a month;
//! - REST API $3.50 / $2.80 / $2.38 / $1.51 per 1M over 333M / 667M / 19B / 20B+; HTTP API $1.00 / $0.90 over
//!   300M / 300M+; each 1M a month free in the 12-month Free Tier only;
//! - EventBridge Scheduler $1.00 per 1M (Tokyo $1.25) after 14M free a month; legacy scheduled rules $0.
//!
//! And the catalog's `[event_sources]` table: the shipped data, and a broken one reported with file:line:col.

use chrono::NaiveDate;
use costsim::pricing::{
    bill, ApiKind, Bill, BillOptions, Catalog, Component, EventSources, FreeTierTerm, FunctionEstimate, FunctionUsage,
    PricingError, ScheduleKind,
};
use costsim::Architecture::{Arm64, X86_64};
use costsim::Warning;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
}

fn f(name: &str, region: &str) -> FunctionUsage {
    FunctionUsage::new(name, region, X86_64)
}

fn priced_with(usage: &[FunctionUsage], free_tier: bool, twelve_months: bool) -> Bill {
    let options = BillOptions { free_tier, twelve_month_free_tier: twelve_months, ..BillOptions::new(date()) };
    bill(&Catalog::built_in(), usage, &options).unwrap()
}

fn priced(usage: &[FunctionUsage]) -> Bill {
    priced_with(usage, true, false)
}

fn lines(b: &Bill) -> Vec<(&str, Decimal, Decimal)> {
    b.lines.iter().map(|l| (l.description.as_str(), l.quantity, l.cost)).collect()
}

#[test]
fn one_billion_rest_calls_cross_two_bands() {
    // 333M × $3.50/M = $1,165.50; (1B − 333M) = 667M × $2.80/M = $1,867.60; total $3,033.10.
    let api = FunctionUsage { api_requests: d("1000000000"), api_kind: ApiKind::RestApi, ..f("api", "us-east-1") };
    let b = priced(std::slice::from_ref(&api));
    assert_eq!(
        lines(&b),
        [
            ("API Gateway REST requests (first 333M)", d("333"), d("1165.5")),
            ("API Gateway REST requests (next 667M)", d("667"), d("1867.6")),
        ]
    );
    assert_eq!(b.total(), d("3033.1"));
    assert!(b.lines.iter().all(|l| l.component == Component::ApiGatewayRequests && !l.estimated));
    // With the 12-month Free Tier: 1M calls credited at $3.50/M, 3,033.10 − 3.50 = 3,029.60.
    let b = priced_with(&[api], true, true);
    let credit = b.lines.last().unwrap();
    assert_eq!(
        (credit.description.as_str(), credit.cost),
        ("Free tier (account): API Gateway REST requests (us-east-1)", d("-3.5"))
    );
    assert_eq!(credit.component, Component::FreeTierApiGateway);
    assert_eq!(b.total(), d("3029.6"));
}

#[test]
fn rest_calls_reach_every_band() {
    // 25B: 333M × 3.50 = 1,165.5; 667M × 2.80 = 1,867.6; 19B × 2.38 = 45,220; 5B × 1.51 = 7,550 → 55,803.1.
    let api = FunctionUsage { api_requests: d("25000000000"), api_kind: ApiKind::RestApi, ..f("api", "us-east-1") };
    let b = priced(&[api]);
    let costs: Vec<_> = b.lines.iter().map(|l| (l.tier, l.cost)).collect();
    assert_eq!(costs, [(Some(0), d("1165.5")), (Some(1), d("1867.6")), (Some(2), d("45220")), (Some(3), d("7550"))]);
    assert_eq!(b.total(), d("55803.1"));
}

#[test]
fn http_calls_are_tiered_and_counted_per_512_kb() {
    // 400M: 300M × $1.00 + 100M × $0.90 = 300 + 90 = $390.
    let api = FunctionUsage { api_requests: d("400000000"), api_kind: ApiKind::HttpApi, ..f("api", "us-east-1") };
    assert_eq!(priced(&[api]).total(), d("390"));
    // 10M requests of 1 MB: 1024 / 512 = 2 calls each, 20M × $1.00/M = $20 (plus Lambda: 10M × 0.20 − 0.20 free).
    let events = EventSources::default().with_api(d("10000000"), ApiKind::HttpApi, Some(d("1024"))).unwrap();
    let est = FunctionEstimate::new("api", "us-east-1", X86_64, 128, d("10000000"), Decimal::ZERO)
        .unwrap()
        .with_event_sources(events);
    let usage = est.usage(&Catalog::built_in()).unwrap();
    assert_eq!(usage.api_requests, d("20000000"));
    assert_eq!(priced(&[usage]).total(), d("21.8"));
}

#[test]
fn function_urls_have_no_request_charge() {
    let url = FunctionUsage { api_requests: d("5000000"), api_kind: ApiKind::FunctionUrl, ..f("url", "us-east-1") };
    let b = priced(&[url]);
    assert!(b.lines.is_empty(), "{:?}", b.lines);
    assert_eq!(b.total(), Decimal::ZERO);
}

#[test]
fn fifty_million_sqs_requests_less_the_free_million() {
    // (50M − 1M free) × $0.40/M = $19.60: a charge of 50 × 0.40 = 20 and a credit of 1 × 0.40.
    let q = FunctionUsage { sqs_requests: d("50000000"), ..f("worker", "us-east-1") };
    let b = priced(&[q]);
    assert_eq!(
        lines(&b),
        [
            ("SQS requests (standard, first 100B)", d("50"), d("20")),
            ("Free tier (account): SQS requests (standard, us-east-1)", d("1"), d("-0.4")),
        ]
    );
    assert_eq!(b.total(), d("19.6"));
    assert_eq!(b.lines[1].component, Component::FreeTierSqs);
}

#[test]
fn two_functions_of_a_region_share_one_sqs_free_tier() {
    // 600k + 900k = 1.5M requests, 1M of them free: 0.24 + 0.36 − 0.40 = $0.20 = 0.5M × $0.40/M.
    let a = FunctionUsage { sqs_requests: d("600000"), ..f("a", "us-east-1") };
    let b = FunctionUsage { sqs_requests: d("900000"), ..FunctionUsage::new("b", "us-east-1", Arm64) };
    let bill = priced(&[a, b]);
    assert_eq!(bill.function_cost(0), d("0.24"));
    assert_eq!(bill.function_cost(1), d("0.36"));
    let credits: Vec<_> = bill.lines.iter().filter(|l| l.function.is_none()).collect();
    assert_eq!(credits.len(), 1, "one pool, one line: {credits:?}");
    assert_eq!(credits[0].quantity, d("1"));
    assert_eq!(bill.total(), d("0.2"));
}

#[test]
fn sqs_bands_are_shared_across_architectures_of_a_region() {
    // 60B (x86_64) + 60B (arm64) = 120B standard requests: 100B × $0.40/M = 40,000 and 20B × $0.30/M = 6,000.
    // Each function has half the volume, so half of each band: 20,000 + 3,000 = 23,000 each.
    let a = FunctionUsage { sqs_requests: d("60000000000"), ..f("a", "us-east-1") };
    let b = FunctionUsage { sqs_requests: d("60000000000"), ..FunctionUsage::new("b", "us-east-1", Arm64) };
    let bill = priced_with(&[a, b], false, false);
    assert_eq!(bill.function_cost(0), d("23000"));
    assert_eq!(bill.function_cost(1), d("23000"));
    let bands: Vec<_> = bill.lines.iter().map(|l| (l.description.as_str(), l.quantity)).collect();
    assert_eq!(
        bands,
        [
            ("SQS requests (standard, first 100B)", d("50000")),
            ("SQS requests (standard, next 100B)", d("10000")),
            ("SQS requests (standard, first 100B)", d("50000")),
            ("SQS requests (standard, next 100B)", d("10000")),
        ]
    );
    assert_eq!(bill.total(), d("46000"));
}

#[test]
fn the_sqs_free_tier_covers_fifo_first() {
    // FIFO 600k × $0.50/M = 0.30; standard 800k × $0.40/M = 0.32. The 1M free goes to the dearer FIFO requests
    // first: 600k × 0.50 = 0.30, then 400k × 0.40 = 0.16. Total 0.62 − 0.46 = $0.16 (= 400k × 0.40).
    let fifo = FunctionUsage { sqs_requests: d("600000"), sqs_fifo: true, ..f("orders", "us-east-1") };
    let standard = FunctionUsage { sqs_requests: d("800000"), ..f("jobs", "us-east-1") };
    let b = priced(&[fifo, standard]);
    assert_eq!(
        lines(&b),
        [
            ("SQS requests (FIFO, first 100B)", d("0.6"), d("0.3")),
            ("SQS requests (standard, first 100B)", d("0.8"), d("0.32")),
            ("Free tier (account): SQS requests (FIFO, us-east-1)", d("0.6"), d("-0.3")),
            ("Free tier (account): SQS requests (standard, us-east-1)", d("0.4"), d("-0.16")),
        ]
    );
    assert_eq!(b.total(), d("0.16"));
}

#[test]
fn twenty_million_scheduler_invocations_less_fourteen_free() {
    // (20M − 14M) × $1.00/M = $6.00; in Tokyo at $1.25/M: 6 × 1.25 = $7.50.
    let s = FunctionUsage { scheduler_invocations: d("20000000"), ..f("cron", "us-east-1") };
    let b = priced(&[s]);
    assert_eq!(b.total(), d("6"));
    assert_eq!(b.lines[0].description, "EventBridge Scheduler invocations");
    assert_eq!(b.lines[0].unit, "1M invocations");
    assert_eq!(b.lines[1].component, Component::FreeTierEventBridge);
    let tokyo = FunctionUsage { scheduler_invocations: d("20000000"), ..f("cron", "ap-northeast-1") };
    assert_eq!(priced(&[tokyo]).total(), d("7.5"));
}

#[test]
fn legacy_scheduled_rules_cost_nothing_and_say_it_is_unconfirmed() {
    let rule = FunctionUsage {
        scheduler_invocations: d("1000000"),
        schedule_kind: ScheduleKind::Rule,
        ..f("cron", "eu-west-1")
    };
    let b = priced(&[rule]);
    assert_eq!(b.lines.len(), 1);
    let l = &b.lines[0];
    assert_eq!((l.description.as_str(), l.cost, l.estimated), ("EventBridge scheduled rule invocations", d("0"), true));
    assert_eq!(l.component, Component::ScheduledRuleInvocations);
    assert!(b.warnings.contains(&Warning::EstimatedPrices));
}

#[test]
fn no_free_tier_drops_every_allowance() {
    // 2M SQS + 20M Scheduler with no free tier: 2 × 0.40 + 20 × 1.00 = $20.80; asking for the 12-month tier
    // changes nothing when the free tier is used up.
    let u = FunctionUsage { sqs_requests: d("2000000"), scheduler_invocations: d("20000000"), ..f("f", "us-east-1") };
    assert_eq!(priced_with(std::slice::from_ref(&u), false, true).total(), d("20.8"));
    // And a savings plan does not touch the event sources: (2 − 1) × 0.40 + (20 − 14) × 1.00 = $6.40.
    let options = BillOptions { savings_plan_percent: Some(d("20")), ..BillOptions::new(date()) };
    assert_eq!(bill(&Catalog::built_in(), &[u], &options).unwrap().total(), d("6.4"));
}

#[test]
fn invalid_event_usage_is_refused() {
    let c = Catalog::built_in();
    let opts = BillOptions::new(date());
    let no_api = FunctionUsage { api_requests: d("5"), ..f("f", "us-east-1") };
    let e = bill(&c, &[no_api], &opts).unwrap_err();
    assert!(matches!(e, PricingError::ApiKindMissing { .. }), "{e}");
    let negative = FunctionUsage { sqs_requests: d("-1"), ..f("f", "us-east-1") };
    let e = bill(&c, &[negative], &opts).unwrap_err();
    assert_eq!(e.to_string(), "function 'f': sqs_requests must be zero or more (got -1)");
    let negative = FunctionUsage { scheduler_invocations: d("-3"), ..f("f", "us-east-1") };
    assert!(matches!(
        bill(&c, &[negative], &opts),
        Err(PricingError::NegativeUsage { field: "scheduler_invocations", .. })
    ));
    // A trigger's price the catalog does not have is said, never billed as $0: the built-in catalog without its
    // estimates for the regions other than us-east-1 has no FIFO price for eu-west-1. The bill still prices the
    // Lambda part, leaves the SQS charge out of the total and warns.
    let text = costsim::pricing::BUILT_IN;
    let cut = text.find("# --- Event sources, the other regions").expect("the estimates' section");
    let c = Catalog::parse("us-east-1-only.toml", &text[..cut]).unwrap();
    let fifo = FunctionUsage { sqs_requests: d("5000000"), sqs_fifo: true, ..f("f", "eu-west-1") };
    let b = bill(&c, &[fifo], &opts).unwrap();
    assert!(b.lines.iter().all(|l| !l.description.starts_with("SQS")), "{:?}", b.lines);
    assert!(b.total().is_zero(), "{}", b.total());
    assert_eq!(
        b.warnings,
        [Warning::NotPriced { dimension: costsim::pricing::Dimension::SqsFifoRequests, region: "eu-west-1".into() }]
    );
    assert_eq!(
        b.warnings[0].to_string(),
        "the catalog has no sqs_fifo_requests price for eu-west-1: that charge is not priced and the total leaves it \
         out; add a [[price]] entry (see pricing/README.md)"
    );
}

#[test]
fn usage_json_without_the_event_fields_reads_with_defaults() {
    // Defaults are not written: the JSON of a function without event sources is what it was before them.
    let keys = ["sqs_requests", "sqs_fifo", "api_requests", "api_kind", "scheduler_invocations", "schedule_kind"];
    let json = serde_json::to_value(FunctionUsage::new("f", "us-east-1", X86_64)).unwrap();
    assert!(keys.iter().all(|k| json.get(k).is_none()), "{json}");
    let back: FunctionUsage = serde_json::from_value(json).unwrap();
    assert_eq!(back, FunctionUsage::new("f", "us-east-1", X86_64));
    // Set, they are written and read back.
    let set = FunctionUsage {
        sqs_requests: d("5"),
        sqs_fifo: true,
        api_requests: d("7"),
        api_kind: ApiKind::RestApi,
        scheduler_invocations: d("9"),
        schedule_kind: ScheduleKind::Rule,
        ..f("f", "us-east-1")
    };
    let json = serde_json::to_value(&set).unwrap();
    assert!(keys.iter().all(|k| json.get(k).is_some()), "{json}");
    assert_eq!(serde_json::from_value::<FunctionUsage>(json).unwrap(), set);
    let kinds: FunctionUsage = serde_json::from_value(serde_json::json!({
        "name": "f", "region": "us-east-1", "architecture": "arm64", "memory_mb": null, "package": "zip",
        "snapstart": false, "requests": 1, "duration_gb_s": 0, "init_gb_s": 0, "provisioned_gb_s": 0,
        "provisioned_duration_gb_s": 0, "ephemeral_storage_gb_s": 0, "snapstart_cache_gb_s": 0,
        "snapstart_restore_gb": 0, "api_kind": "http_api", "schedule_kind": "rule"
    }))
    .unwrap();
    assert_eq!((kinds.api_kind, kinds.schedule_kind), (ApiKind::HttpApi, ScheduleKind::Rule));
}

// ----- the catalog ------------------------------------------------------------------------------------------

#[test]
fn built_in_catalog_has_the_facts_event_prices_and_allowances() {
    let c = Catalog::built_in();
    let r = c.rates("us-east-1", Arm64, date()).unwrap();
    let bands = |p: &Option<costsim::pricing::Price>| {
        p.as_ref().unwrap().tiers.iter().map(|t| (t.start, t.price * d("1000000"), t.derived)).collect::<Vec<_>>()
    };
    let (b100, b200) = (d("100000000000"), d("200000000000"));
    assert_eq!(
        bands(&r.sqs_standard_requests),
        [(d("0"), d("0.4"), false), (b100, d("0.3"), false), (b200, d("0.24"), false)]
    );
    // FIFO's middle band is not in the facts: an estimate, marked.
    assert_eq!(
        bands(&r.sqs_fifo_requests),
        [(d("0"), d("0.5"), false), (b100, d("0.4"), true), (b200, d("0.35"), false)]
    );
    assert_eq!(
        bands(&r.api_rest_requests),
        [
            (d("0"), d("3.5"), false),
            (d("333000000"), d("2.8"), false),
            (d("1000000000"), d("2.38"), false),
            (d("20000000000"), d("1.51"), false)
        ]
    );
    assert_eq!(bands(&r.api_http_requests), [(d("0"), d("1"), false), (d("300000000"), d("0.9"), false)]);
    assert_eq!(bands(&r.scheduler_invocations), [(d("0"), d("1"), false)]);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let tokyo = c.rates("ap-northeast-1", X86_64, date()).unwrap();
    assert_eq!(tokyo.scheduler_invocations.unwrap().base() * d("1000000"), d("1.25"));
    // No figure in the facts for SQS in Tokyo: us-east-1's, marked as an estimate.
    let sqs = tokyo.sqs_standard_requests.unwrap();
    assert!(sqs.is_derived() && sqs.base() * d("1000000") == d("0.4"));
    for region in c.regions().keys() {
        let rule = c.rates(region, X86_64, date()).unwrap().scheduled_rule_invocations.unwrap();
        assert!(rule.base().is_zero() && rule.is_derived(), "{region}");
    }
    let rules = c.event_sources.as_ref().unwrap();
    assert_eq!((rules.sqs_chunk_kb, rules.http_api_chunk_kb), (64, 512));
    let tiers: Vec<_> =
        rules.free_tiers.iter().map(|t| (t.name.as_str(), t.dimensions.len(), t.quantity, t.term)).collect();
    assert_eq!(
        tiers,
        [
            ("SQS requests", 2, d("1000000"), FreeTierTerm::Always),
            ("API Gateway REST requests", 1, d("1000000"), FreeTierTerm::TwelveMonths),
            ("API Gateway HTTP requests", 1, d("1000000"), FreeTierTerm::TwelveMonths),
            ("EventBridge Scheduler invocations", 1, d("14000000"), FreeTierTerm::Always),
        ]
    );
}

/// The shipped catalog with its `[event_sources]` table replaced by `table`.
fn with_event_table(table: &str) -> String {
    let text = costsim::pricing::BUILT_IN;
    let start = text.find("[event_sources]").unwrap();
    let end = text.find("# --- Event sources, us-east-1").unwrap();
    format!("{}{table}\n{}", &text[..start], &text[end..])
}

fn error_of(text: &str) -> String {
    match Catalog::parse("test.toml", text) {
        Ok(_) => panic!("catalog should have been rejected"),
        Err(e) => e.to_string(),
    }
}

const TABLE: &str = r#"[event_sources]
sqs_chunk_kb = 64
http_api_chunk_kb = 512
effective_date = "2020-03-12"
source = "s"

[[event_sources.free_tier]]
name = "SQS requests"
dimensions = ["sqs_standard_requests"]
quantity = 1_000_000
term = "always"
effective_date = "2016-11-17"
source = "s"
"#;

#[test]
fn event_tables_are_validated_with_their_location() {
    assert!(Catalog::parse("test.toml", &with_event_table(TABLE)).is_ok());
    let line_of = |needle: &str| {
        let text = with_event_table(TABLE);
        text[..text.find(needle).unwrap()].lines().count() + 1
    };
    let bad = with_event_table(&TABLE.replace(r#"["sqs_standard_requests"]"#, r#"["sqs_standard_request"]"#));
    let e = error_of(&bad);
    let line = line_of("dimensions = [");
    assert!(
        e.starts_with(&format!("test.toml:{line}:15: 'sqs_standard_request' is not an event-source dimension")),
        "{e}"
    );
    assert!(e.contains("did you mean 'sqs_standard_requests'"), "{e}");
    let e = error_of(&with_event_table(&TABLE.replace(r#"["sqs_standard_requests"]"#, r#"["duration"]"#)));
    assert!(e.contains("Lambda's own allowance is [free_tier]"), "{e}");
    let e = error_of(&with_event_table(&TABLE.replace(r#""always""#, r#""forever""#)));
    assert!(
        e.contains(&format!("test.toml:{}:8: unknown term 'forever' (allowed: always, 12_months)", line_of("term = "))),
        "{e}"
    );
    let e = error_of(&with_event_table(&TABLE.replace("sqs_chunk_kb = 64", "sqs_chunk_kb = 0")));
    assert!(e.contains("sqs_chunk_kb must be at least 1 (got 0)"), "{e}");
    let twice = format!("{TABLE}\n{}", &TABLE[TABLE.find("[[event_sources.free_tier]]").unwrap()..]);
    let e = error_of(&with_event_table(&twice));
    assert!(
        e.contains(&format!(
            "sqs_standard_requests is already covered by the allowance at line {}",
            line_of("[[event_sources")
        )),
        "{e}"
    );
    let e = error_of(&with_event_table(&TABLE.replace("source = \"s\"\n\n", "source = \" \"\n\n")));
    assert!(e.contains("source must say where the rule comes from"), "{e}");
}

#[test]
fn a_catalog_without_event_tables_prices_no_payloads_and_no_allowances() {
    let without = with_event_table("");
    let c = Catalog::parse("test.toml", &without).unwrap();
    assert!(c.event_sources.is_none());
    // 2M SQS requests, no allowance: 2 × $0.40 = $0.80.
    let q = FunctionUsage { sqs_requests: d("2000000"), ..f("q", "us-east-1") };
    assert_eq!(bill(&c, &[q], &BillOptions::new(date())).unwrap().total(), d("0.8"));
    let events = EventSources::default().with_sqs(d("2000000"), false, Some(d("100"))).unwrap();
    let est = FunctionEstimate::new("q", "us-east-1", X86_64, 128, Decimal::ZERO, Decimal::ZERO)
        .unwrap()
        .with_event_sources(events);
    assert_eq!(est.usage(&c).unwrap_err().field, "sqs_payload_kb");
}
