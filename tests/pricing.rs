//! The bill against arithmetic done by hand from the published us-east-1 rates (aws.amazon.com/lambda/pricing and the Price List API):
//! requests $0.20 per 1M; duration x86_64 $0.0000166667 / $0.000015 / $0.0000133334 per GB-s over
//! 6B / 9B / 15B+; arm64 $0.0000133334 / $0.0000120001 / $0.0000106667 over 7.5B / 11.25B / 18.75B+;
//! free tier 1M requests and 400,000 GB-s a month.

use chrono::NaiveDate;
use costsim::pricing::{bill, Bill, BillOptions, Catalog, Component, FunctionEstimate, FunctionUsage, PackageType};
use costsim::Architecture::{Arm64, X86_64};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn x86(requests: &str, gb_s: &str) -> FunctionUsage {
    FunctionUsage { requests: d(requests), duration_gb_s: d(gb_s), ..FunctionUsage::new("f", "us-east-1", X86_64) }
}

fn price(usage: &[FunctionUsage], free_tier: bool) -> Bill {
    let options = BillOptions { free_tier, ..BillOptions::new(date("2026-01-15")) };
    bill(&Catalog::built_in(), usage, &options).unwrap()
}

#[test]
fn aws_pricing_page_example_3m_requests_of_1s_at_512mb() {
    // 3M × 1 s × 512/1024 GB = 1,500,000 GB-s; (1.5M − 0.4M) × 0.0000166667 = 18.333370;
    // (3M − 1M) × 0.20/M = 0.40; total 18.73337 → $18.73, as AWS's own example states.
    let b = price(&[x86("3000000", "1500000")], true);
    assert_eq!(b.total(), d("18.73337"));
}

#[test]
fn free_tier_boundary_is_exact() {
    assert_eq!(price(&[x86("1000000", "400000")], true).total(), Decimal::ZERO);
    // One request and one GB-s over: 0.0000002 + 0.0000166667.
    assert_eq!(price(&[x86("1000001", "400001")], true).total(), d("0.0000168667"));
}

#[test]
fn x86_duration_crosses_every_tier() {
    // 20B GB-s: 6B × 0.0000166667 = 100,000.2; 9B × 0.000015 = 135,000; 5B × 0.0000133334 = 66,667.
    let b = price(&[x86("0", "20000000000")], false);
    let lines: Vec<_> = b.lines.iter().map(|l| (l.description.as_str(), l.cost)).collect();
    assert_eq!(
        lines,
        [
            ("Duration (first 6B GB-s)", d("100000.2")),
            ("Duration (next 9B GB-s)", d("135000")),
            ("Duration (over 15B GB-s)", d("66667")),
        ]
    );
    assert_eq!(b.total(), d("301667.2"));
    // With the free tier, 400,000 GB-s are credited at the first-tier rate: 400,000 × 0.0000166667 = 6.66668.
    assert_eq!(price(&[x86("0", "20000000000")], true).total(), d("301660.53332"));
}

#[test]
fn x86_usage_exactly_on_the_first_breakpoint_stays_in_tier_one() {
    // 6B × 0.0000166667 = 100,000.2, one line.
    let b = price(&[x86("0", "6000000000")], false);
    assert_eq!(b.lines.len(), 1);
    assert_eq!(b.total(), d("100000.2"));
}

#[test]
fn arm64_duration_crosses_every_tier() {
    // 25B GB-s: 7.5B × 0.0000133334 = 100,000.5; 11.25B × 0.0000120001 = 135,001.125;
    // 6.25B × 0.0000106667 = 66,666.875; total 301,668.5.
    let f = FunctionUsage { duration_gb_s: d("25000000000"), ..FunctionUsage::new("f", "us-east-1", Arm64) };
    let b = price(&[f], false);
    let costs: Vec<_> = b.lines.iter().map(|l| l.cost).collect();
    assert_eq!(costs, [d("100000.5"), d("135001.125"), d("66666.875")]);
    assert_eq!(b.total(), d("301668.5"));
}

#[test]
fn tiers_are_measured_on_the_account_total_not_per_function() {
    // Two x86 functions of 4B GB-s each: 8B in all, so 6B at tier 1 and 2B at tier 2, shared 50/50.
    // 6B × 0.0000166667 + 2B × 0.000015 = 100,000.2 + 30,000 = 130,000.2.
    let a = FunctionUsage { name: "a".into(), ..x86("0", "4000000000") };
    let b = FunctionUsage { name: "b".into(), ..x86("0", "4000000000") };
    let bill = price(&[a, b], false);
    assert_eq!(bill.total(), d("130000.2"));
    assert_eq!(bill.function_cost(0), d("65000.1"));
    assert_eq!(bill.function_cost(1), d("65000.1"));
}

#[test]
fn one_free_tier_pool_is_shared_by_both_architectures() {
    // 600k requests and 300,000 GB-s on each architecture.
    // Requests: 1.2M − 1M free = 0.2M × 0.20/M = 0.04.
    // GB-s: the pool goes to the higher rate first: x86's 300,000 are free, arm64 gets the other 100,000,
    // so arm64 pays for 200,000 × 0.0000133334 = 2.66668. Total 2.70668.
    let x = x86("600000", "300000");
    let a = FunctionUsage {
        requests: d("600000"),
        duration_gb_s: d("300000"),
        ..FunctionUsage::new("g", "us-east-1", Arm64)
    };
    assert_eq!(price(&[x, a], true).total(), d("2.70668"));
}

#[test]
fn provisioned_concurrency_gets_no_free_tier() {
    // 10 environments × 512 MB for 730 h: 10 × 0.5 GB × 2,628,000 s = 13,140,000 GB-s × 0.0000041667 = 54.750438.
    // 1M requests × 0.20/M = 0.20 (no free tier); 100,000 GB-s on PC × 0.0000097222 = 0.97222.
    // Total 55.922658.
    let f = FunctionEstimate::new("pc", "us-east-1", X86_64, 512, d("1000000"), d("100"))
        .unwrap()
        .with_provisioned(10, d("730"))
        .unwrap();
    let catalog = Catalog::built_in();
    let mut usage = f.usage(&catalog).unwrap();
    assert_eq!(usage.provisioned_gb_s, d("13140000"));
    // Every request fits on PC (offered load 1M / 2,628,000 s × 0.1 s ≈ 0.038 Erlangs on 10: B(10, 0.038) ≈ 1e-21):
    // 1M × 0.1 s × 0.5 GB = 50,000 GB-s. Use 100,000 to keep the arithmetic above round.
    assert_eq!(usage.provisioned_duration_gb_s, d("50000"));
    usage.provisioned_duration_gb_s = d("100000");
    assert_eq!(price(&[usage.clone()], true).total(), d("55.922658"));
    // Next to a function without PC, only that one uses the free tier: 1M free requests cover its 1M.
    let other = x86("1000000", "0");
    assert_eq!(price(&[usage, other], true).total(), d("55.922658"));
}

#[test]
fn a_daily_window_serves_its_share_of_the_traffic_and_is_billed_per_day() {
    use costsim::pricing::provisioned::Window;
    // 10 environments of 1,024 MB from 08:00 to 20:00: 12 h × 730/24 days = 365 h a month, billed
    // 720 min (a multiple of 5) × 30.41666… days = 21,900 min = 1,314,000 s; 10 × 1 GB × 1,314,000 s =
    // 13,140,000 GB-s × $0.0000041667 = $54.750438.
    // 16,425,000 requests of 1 s, 80% of them in the window: 13,140,000 over 1,314,000 s = 10/s, a = 10 Erlangs;
    // 1 − B(10, 10) = 1 − 0.2145823431… = 0.785417656893 (12 places) are served on PC:
    // 13,140,000 × 0.785417656893 = 10,320,388.01157402; the other 6,104,611.98842598 run on demand.
    let f = FunctionEstimate::new("f", "us-east-1", X86_64, 1024, d("16425000"), d("1000"))
        .unwrap()
        .with_provisioned_window(10, Window::parse_daily("08:00-20:00").unwrap())
        .unwrap()
        .with_provisioned_traffic_share(d("0.8"))
        .unwrap();
    let u = f.usage(&Catalog::built_in()).unwrap();
    assert_eq!(u.provisioned_gb_s, d("13140000"));
    assert_eq!(u.provisioned_duration_gb_s, d("10320388.01157402"));
    assert_eq!(u.duration_gb_s, d("6104611.98842598"));
    let pc = price(&[u], true).lines.iter().find(|l| l.component == Component::ProvisionedConcurrency).unwrap().cost;
    assert_eq!(pc, d("54.750438"));
    // Out of range: a share above 1, more environments than any quota.
    assert!(f.clone().with_provisioned_traffic_share(d("1.5")).is_err());
    assert!(f.with_provisioned(2_000_000, d("730")).unwrap_err().to_string().contains("at most 1000000"));
}

#[test]
fn init_is_billed_from_2025_08_01_for_zip_packages() {
    // 1,000 GB-s of INIT on a ZIP package: unbilled on 2025-07-31, 1,000 × 0.0000166667 = 0.0166667 from 2025-08-01.
    let f = FunctionUsage { init_gb_s: d("1000"), ..FunctionUsage::new("f", "us-east-1", X86_64) };
    let catalog = Catalog::built_in();
    let on = |day: &str, f: &FunctionUsage| {
        bill(&catalog, std::slice::from_ref(f), &BillOptions { free_tier: false, ..BillOptions::new(date(day)) })
            .unwrap()
    };
    let before = on("2025-07-31", &f);
    assert_eq!(before.total(), Decimal::ZERO);
    assert!(before.lines.iter().any(|l| l.component == Component::InitNotBilled && l.quantity == d("1000")));
    // The catalog's prices start on 2025-10-01, so an earlier date says it uses the earliest ones.
    assert!(before.warnings.iter().any(|w| w.to_string().contains("earliest known")));
    assert_eq!(on("2025-08-01", &f).total(), d("0.0166667"));
    // Container images paid for INIT before the change too.
    let image = FunctionUsage { package: PackageType::Image, ..f.clone() };
    assert_eq!(on("2025-07-31", &image).total(), d("0.0166667"));
}

#[test]
fn estimate_rounds_invoke_and_init_up_to_the_millisecond() {
    // 5M requests of 120.3 ms at 512 MB: billed 121 ms; 5M × 0.121 s × 0.5 GB = 302,500 GB-s.
    // 1% cold starts (50,000) with 250.5 ms INIT: ceil(250.5 + 120.3) − ceil(120.3) = 371 − 121 = 250 ms;
    // 50,000 × 0.25 s × 0.5 GB = 6,250 GB-s.
    let f = FunctionEstimate::new("f", "us-east-1", X86_64, 512, d("5000000"), d("120.3"))
        .unwrap()
        .with_cold_starts(d("0.01"), d("250.5"))
        .unwrap();
    let u = f.usage(&Catalog::built_in()).unwrap();
    assert_eq!(u.duration_gb_s, d("302500"));
    assert_eq!(u.init_gb_s, d("6250"));
}

#[test]
fn provisioned_concurrency_spills_over_when_traffic_needs_more() {
    // 10 requests/s all month: 730 h × 3,600 s × 10 = 26,280,000 requests of 1,000 ms, an offered load of
    // a = 10 × 1 s = 10 Erlangs. 5 provisioned all month are a loss system: Erlang-B
    // B(5, 10) = (10^5/5!) / Σ_{k≤5} 10^k/k! = 833.3333 / 1477.6667 = 0.5639521768…, so PC serves
    // 1 − B = 0.436047823145 (12 places) of them: 26,280,000 × 0.436047823145 = 11,459,336.7922506 requests of
    // 1 s at 1 GB; the other 14,820,663.2077494 spill over to on-demand. (The averages model served N/a = half.)
    let f = FunctionEstimate::new("f", "us-east-1", X86_64, 1024, d("26280000"), d("1000"))
        .unwrap()
        .with_provisioned(5, d("730"))
        .unwrap();
    let u = f.usage(&Catalog::built_in()).unwrap();
    assert_eq!(u.provisioned_duration_gb_s, d("11459336.7922506"));
    assert_eq!(u.duration_gb_s, d("14820663.2077494"));
    // Enabled time is rounded up to 5 minutes: 1.01 h = 60.6 min → 65 min; 1 env × 1 GB × 3,900 s = 3,900 GB-s.
    let g = FunctionEstimate::new("g", "us-east-1", X86_64, 1024, d("0"), d("10"))
        .unwrap()
        .with_provisioned(1, d("1.01"))
        .unwrap();
    assert_eq!(g.usage(&Catalog::built_in()).unwrap().provisioned_gb_s, d("3900"));
}

#[test]
fn ephemeral_storage_above_512_mb() {
    // 1M requests of 1,000 ms with 10,240 MB storage: (10,240 − 512) / 1,024 = 9.5 GB × 1,000,000 s
    // = 9,500,000 GB-s × 0.0000000309 = 0.29355.
    let f = FunctionEstimate::new("f", "us-east-1", X86_64, 128, d("1000000"), d("1000"))
        .unwrap()
        .with_ephemeral_mb(10240)
        .unwrap();
    let b = price(&[f.usage(&Catalog::built_in()).unwrap()], false);
    let storage = b.lines.iter().find(|l| l.component == Component::EphemeralStorage).unwrap();
    assert_eq!(storage.quantity, d("9500000"));
    assert_eq!(storage.cost, d("0.29355"));
}

#[test]
fn regional_prices_differ() {
    // 1,000,000 GB-s without free tier: us-east-1 16.6667; af-south-1 22.1; ap-east-1 22.92.
    for (region, expected) in
        [("us-east-1", "16.6667"), ("af-south-1", "22.1"), ("ap-east-1", "22.92"), ("eu-south-1", "19.5172")]
    {
        let f = FunctionUsage { duration_gb_s: d("1000000"), ..FunctionUsage::new("f", region, X86_64) };
        assert_eq!(price(&[f], false).total(), d(expected), "{region}");
    }
    // Provisioned concurrency in eu-west-1 is 0.0000046460 per GB-s: 1,000,000 GB-s → 4.646 (+ nothing else).
    let f = FunctionUsage { provisioned_gb_s: d("1000000"), ..FunctionUsage::new("f", "eu-west-1", X86_64) };
    assert_eq!(price(&[f], true).total(), d("4.646"));
    // Storage in Tokyo is 0.000000037 per GB-s.
    let f = FunctionUsage { ephemeral_storage_gb_s: d("1000000"), ..FunctionUsage::new("f", "ap-northeast-1", X86_64) };
    assert_eq!(price(&[f], true).total(), d("0.037"));
}

#[test]
fn higher_priced_regions_use_the_calculators_published_request_pc_and_storage_prices() {
    // AWS Pricing Calculator figures per region: requests per 1M; x86_64 provisioned concurrency, duration on PC
    // and ephemeral storage per GB-s. 1M requests and 1,000,000 GB-s of each, no free tier, give the figure × 1e6.
    let published = [
        ("af-south-1", "0.27", "5.53", "12.9", "0.0404"),
        ("ap-east-1", "0.28", "5.7153", "13.3358", "0.0407"),
        ("eu-south-1", "0.23", "4.8783", "11.3827", "0.0357"),
        ("me-south-1", "0.25", "5.1108", "11.9251", "0.0374"),
    ];
    for (region, requests, pc, on_pc, storage) in published {
        let base = FunctionUsage::new("f", region, X86_64);
        let cost = |u: FunctionUsage| price(&[u], false).total();
        assert_eq!(cost(FunctionUsage { requests: d("1000000"), ..base.clone() }), d(requests), "{region} requests");
        assert_eq!(cost(FunctionUsage { provisioned_gb_s: d("1000000"), ..base.clone() }), d(pc), "{region} PC");
        assert_eq!(
            cost(FunctionUsage { provisioned_duration_gb_s: d("1000000"), ..base.clone() }),
            d(on_pc),
            "{region}"
        );
        assert_eq!(
            cost(FunctionUsage { ephemeral_storage_gb_s: d("1000000"), ..base }),
            d(storage),
            "{region} storage"
        );
    }
}

#[test]
fn a_request_heavy_api_in_hong_kong_pays_its_regions_request_price() {
    // arm64, 1B requests × 20 ms × 128 MB in ap-east-1, free tier on:
    //   requests (1,000M − 1M) × $0.28/M = $279.72;
    //   1e9 × 0.020 s × 0.125 GB = 2,500,000 GB-s; (2.5M − 0.4M) × $0.0000183 = $38.43;
    //   total $318.15 (with the $0.20/M once assumed: $199.80 + $38.43 = $238.23).
    let f = FunctionUsage {
        requests: d("1000000000"),
        duration_gb_s: d("2500000"),
        ..FunctionUsage::new("f", "ap-east-1", Arm64)
    };
    assert_eq!(price(&[f], true).total(), d("318.15"));
}

#[test]
fn savings_plan_discounts_duration_not_requests() {
    // 1M requests (0.20) and 1,000,000 GB-s (16.6667), no free tier, 17% plan:
    // −0.17 × 16.6667 = −2.833339; total 0.20 + 16.6667 − 2.833339 = 14.033361.
    let options =
        BillOptions { free_tier: false, savings_plan_percent: Some(d("17")), ..BillOptions::new(date("2026-01-15")) };
    let b = bill(&Catalog::built_in(), &[x86("1000000", "1000000")], &options).unwrap();
    assert_eq!(b.total(), d("14.033361"));
}

#[test]
fn invalid_usage_is_rejected() {
    let catalog = Catalog::built_in();
    let negative = x86("-1", "0");
    let err = bill(&catalog, &[negative], &BillOptions::new(date("2026-01-15"))).unwrap_err();
    assert_eq!(err.to_string(), "function 'f': requests must be zero or more (got -1)");
    let options = BillOptions { savings_plan_percent: Some(d("100")), ..BillOptions::new(date("2026-01-15")) };
    assert!(bill(&catalog, &[x86("1", "1")], &options).is_err());
    assert!(FunctionEstimate::new("f", "us-east-1", X86_64, 127, d("1"), d("1")).is_err());
    assert!(FunctionEstimate::new("f", "us-east-1", X86_64, 10241, d("1"), d("1")).is_err());
}

#[test]
fn invocation_cost_is_request_plus_billed_duration_at_list_price() {
    // 1,024 MB for 100 ms = 0.1 GB-s × 0.0000166667 + 0.0000002 = 0.00000186667.
    let rates = Catalog::built_in().rates("us-east-1", X86_64, date("2026-01-15")).unwrap();
    assert_eq!(rates.invocation_cost(1024, 100), d("0.00000186667"));
}

#[test]
fn snapstart_cache_and_restores() {
    // 1,024 MB all month: 1 GB × 730 h × 3,600 s = 2,628,000 GB-s × 0.0000015046 = 3.9540888.
    // 100,000 requests, 1% cold = 1,000 restores × 1 GB × 0.0001397998 = 0.1397998.
    let f = FunctionEstimate::new("f", "us-east-1", X86_64, 1024, d("100000"), d("10"))
        .unwrap()
        .with_cold_starts(d("0.01"), d("0"))
        .unwrap()
        .with_packaging(PackageType::Zip, true)
        .unwrap();
    let b = price(&[f.usage(&Catalog::built_in()).unwrap()], true);
    let cost = |c: Component| b.lines.iter().filter(|l| l.component == c).map(|l| l.cost).sum::<Decimal>();
    assert_eq!(cost(Component::SnapStartCache), d("3.9540888"));
    assert_eq!(cost(Component::SnapStartRestore), d("0.1397998"));
    let snap = |b: &Bill| {
        b.lines
            .iter()
            .filter(|l| matches!(l.component, Component::SnapStartCache | Component::SnapStartRestore))
            .map(|l| l.estimated)
            .collect::<Vec<_>>()
    };
    assert_eq!(snap(&b), [false, false], "x86_64: the Price List's SKUs");
    // arm64 has no SKU of its own: the same price, marked as an estimate (~) on both lines.
    let arm = FunctionEstimate::new("f", "us-east-1", Arm64, 1024, d("100000"), d("10"))
        .unwrap()
        .with_cold_starts(d("0.01"), d("0"))
        .unwrap()
        .with_packaging(PackageType::Zip, true)
        .unwrap();
    let b = price(&[arm.usage(&Catalog::built_in()).unwrap()], true);
    assert_eq!(snap(&b), [true, true]);
}

#[test]
fn snapstart_is_refused_where_aws_refuses_it() {
    let f = || FunctionEstimate::new("f", "us-east-1", X86_64, 1024, d("1"), d("10")).unwrap();
    let e = f().with_provisioned(1, d("730")).unwrap().with_packaging(PackageType::Zip, true).unwrap_err();
    assert_eq!(e.to_string(), "snapstart cannot be combined with provisioned concurrency (AWS does not allow it)");
    assert!(f().with_ephemeral_mb(1024).unwrap().with_packaging(PackageType::Zip, true).is_err());
    assert!(f().with_ephemeral_mb(512).unwrap().with_packaging(PackageType::Zip, true).is_ok());
}
