//! Property tests of the pricing engine and the parsers it relies on, over the hand-written catalog
//! `tests/data/pricing/fixture.toml` (us-east-1 x86_64 duration: $0.00001 / $0.000008 / $0.000006 over
//! 6B / 9B / 15B+ GB-s; free tier 1M requests and 400,000 GB-s).
//!
//! Each property is an identity the bill must satisfy whatever the usage: tier shares add up to the
//! account's usage band by band, the total is the sum of the lines, the free tier credits no more than the
//! usage it covers, and the parsers accept what people type and reject the rest without panicking.

use chrono::NaiveDate;
use costsim::pricing::{bill, Bill, BillOptions, Catalog, Component, FunctionUsage};
use costsim::quantity;
use costsim::scenario::parse_memory_sizes;
use costsim::Architecture::{self, Arm64, X86_64};
use proptest::prelude::*;
use rust_decimal::Decimal;

const FIXTURE: &str = include_str!("data/pricing/fixture.toml");

fn catalog() -> Catalog {
    Catalog::parse("fixture.toml", FIXTURE).unwrap()
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
}

/// A quantity with up to 3 decimals: `units / 1000`.
fn amount(max_units: i64) -> impl Strategy<Value = Decimal> {
    (0..=max_units).prop_map(|u| Decimal::new(u, 3))
}

/// A function of random usage in one of both regions and architectures (provisioned concurrency only
/// where the fixture prices it: eu-west-1 arm64).
fn usage() -> impl Strategy<Value = FunctionUsage> {
    let region = prop_oneof![Just("us-east-1"), Just("eu-west-1")];
    let arch = prop_oneof![Just(X86_64), Just(Arm64)];
    // Up to 2e10 GB-s per function, so that sums of a few cross every volume tier of the fixture.
    (region, arch, amount(5_000_000_000_000), amount(20_000_000_000_000), amount(1_000_000_000), any::<bool>())
        .prop_map(|(region, arch, requests, duration, init, pc)| {
            let pc = pc && region == "eu-west-1" && arch == Arm64;
            FunctionUsage {
                requests,
                duration_gb_s: duration,
                init_gb_s: init,
                provisioned_gb_s: if pc { Decimal::from(2_628_000) } else { Decimal::ZERO },
                ..FunctionUsage::new("f", region, arch)
            }
        })
}

fn priced(functions: &[FunctionUsage], free_tier: bool, savings: Option<u32>) -> Bill {
    let options =
        BillOptions { free_tier, savings_plan_percent: savings.map(Decimal::from), ..BillOptions::new(date()) };
    bill(&catalog(), functions, &options).unwrap()
}

/// The fixture's us-east-1 x86_64 bands for an account total `t`: [0, 6B), [6B, 15B), [15B, ∞).
fn bands(t: Decimal) -> [Decimal; 3] {
    let (six, fifteen) = (Decimal::from(6_000_000_000i64), Decimal::from(15_000_000_000i64));
    [t.min(six), (t.min(fifteen) - six).max(Decimal::ZERO), (t - fifteen).max(Decimal::ZERO)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The on-demand GB-s of all us-east-1 x86_64 functions (INIT included: billed in 2026) are split into the
    /// fixture's bands; the functions' Duration and INIT lines of each band add up to that band exactly.
    #[test]
    fn tier_shares_add_up_to_each_band(
        parts in prop::collection::vec((amount(12_000_000_000_000), amount(1_000_000_000)), 1..6)
    ) {
        let functions: Vec<_> = parts
            .iter()
            .map(|(d, i)| FunctionUsage { duration_gb_s: *d, init_gb_s: *i, ..FunctionUsage::new("f", "us-east-1", X86_64) })
            .collect();
        let b = priced(&functions, false, None);
        let total: Decimal = parts.iter().map(|(d, i)| d + i).sum();
        let mut got = [Decimal::ZERO; 3];
        for l in b.lines.iter().filter(|l| matches!(l.component, Component::Duration | Component::Init)) {
            got[l.tier.unwrap()] += l.quantity;
            prop_assert!(l.quantity > Decimal::ZERO, "a share is positive: {:?}", l);
        }
        prop_assert_eq!(got, bands(total));
        // Per function, its lines hold its own usage, to the rounding of each share to 10^-12 GB-s.
        for (i, (d, init)) in parts.iter().enumerate() {
            let own: Decimal = b.lines.iter().filter(|l| l.function == Some(i)).filter(|l| l.unit == "GB-s").map(|l| l.quantity).sum();
            prop_assert!((own - (d + init)).abs() <= Decimal::new(1, 10), "{own} vs {}", d + init);
        }
    }

    /// The total is the sum of every function's cost and the account-level lines; credits never make it
    /// negative; each line's cost is its quantity × unit price.
    #[test]
    fn total_is_the_sum_of_the_lines(
        functions in prop::collection::vec(usage(), 1..8),
        free_tier in any::<bool>(),
        savings in prop::option::of(0u32..100),
    ) {
        let b = priced(&functions, free_tier, savings);
        let by_function: Decimal = (0..functions.len()).map(|i| b.function_cost(i)).sum();
        let account: Decimal = b.lines.iter().filter(|l| l.function.is_none()).map(|l| l.cost).sum();
        prop_assert_eq!(b.total(), by_function + account);
        prop_assert!(b.total() >= Decimal::ZERO, "total {}", b.total());
        for l in &b.lines {
            prop_assert_eq!(l.cost, l.quantity * l.unit_price);
        }
        // The grouped view the renderers use holds the same lines.
        let groups = b.lines_by_function();
        let grouped: usize = (0..functions.len()).map(|i| groups.of(i).len()).sum::<usize>() + groups.account().len();
        prop_assert_eq!(grouped, b.lines.len());
        for i in 0..functions.len() {
            prop_assert_eq!(costsim::pricing::cost_of(groups.of(i).iter().copied()), b.function_cost(i));
        }
        prop_assert_eq!(costsim::pricing::cost_of(groups.account().iter().copied()), account);
    }

    /// The free tier credits min(pool, eligible usage) in all, and no group more than its own usage;
    /// functions with provisioned concurrency are not eligible.
    #[test]
    fn free_tier_credit_is_at_most_the_usage(functions in prop::collection::vec(usage(), 1..8)) {
        let b = priced(&functions, true, None);
        let eligible: Vec<_> = functions.iter().filter(|f| !f.has_provisioned_concurrency()).collect();
        let million = Decimal::from(1_000_000);
        // Requests: one pool of 1M across regions.
        let credited: Vec<_> = b.lines.iter().filter(|l| l.component == Component::FreeTierRequests).collect();
        let total_requests: Decimal = eligible.iter().map(|f| f.requests).sum();
        let sum: Decimal = credited.iter().map(|l| l.quantity * million).sum();
        prop_assert_eq!(sum, total_requests.min(million));
        for l in &credited {
            let region = l.description.trim_start_matches("Free tier (account): requests (").trim_end_matches(')');
            let used: Decimal = eligible.iter().filter(|f| f.region == region).map(|f| f.requests).sum();
            prop_assert!(l.quantity * million <= used, "{}: {} > {used}", l.description, l.quantity);
        }
        // Duration: one pool of 400,000 GB-s across regions and architectures (INIT is billed in 2026).
        let pool = Decimal::from(400_000);
        let credited: Vec<_> = b.lines.iter().filter(|l| l.component == Component::FreeTierDuration).collect();
        let total_gb_s: Decimal = eligible.iter().map(|f| f.duration_gb_s + f.init_gb_s).sum();
        let sum: Decimal = credited.iter().map(|l| l.quantity).sum();
        prop_assert_eq!(sum, total_gb_s.min(pool));
        for l in &credited {
            let group = l.description.trim_start_matches("Free tier (account): duration (").trim_end_matches(')');
            let used: Decimal = eligible
                .iter()
                .filter(|f| format!("{}, {}", f.region, f.architecture) == group)
                .map(|f| f.duration_gb_s + f.init_gb_s)
                .sum();
            prop_assert!(l.quantity <= used, "{}: {} > {used}", l.description, l.quantity);
            prop_assert!(l.cost <= Decimal::ZERO);
        }
    }

    /// Whole numbers, written plainly, with `_` or `,` every three digits, with or without a suffix.
    #[test]
    fn quantities_round_trip(n in 0u64..=u64::MAX / 1_000_000_000, sep in prop_oneof![Just(""), Just("_"), Just(",")],
                             suffix in prop_oneof![Just(("", 1u64)), Just(("k", 1_000)), Just(("K", 1_000)),
                                                   Just(("M", 1_000_000)), Just(("B", 1_000_000_000)), Just(("G", 1_000_000_000))]) {
        let digits = n.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push_str(sep);
            }
            grouped.push(c);
        }
        let text = format!("{grouped}{}", suffix.0);
        prop_assert_eq!(quantity::parse(&text).unwrap(), Decimal::from(n) * Decimal::from(suffix.1), "{}", text);
    }

    /// A decimal written as Decimal writes it reads back as the same value; with `k` it is a thousand times it.
    #[test]
    fn decimals_round_trip(mantissa in 0i64..=i64::MAX, scale in 0u32..=12) {
        let value = Decimal::new(mantissa, scale);
        prop_assert_eq!(quantity::parse(&value.to_string()).unwrap(), value);
        prop_assert_eq!(quantity::parse(&format!("{value}k")).unwrap(), value * Decimal::from(1000));
    }

    /// Anything is either a number or an error, never a panic; a leading minus, NaN and infinities are errors.
    #[test]
    fn quantity_parsing_rejects_without_panicking(text in ".{0,40}") {
        if let Ok(v) = quantity::parse(&text) {
            prop_assert!(v >= Decimal::ZERO);
            let t = text.trim();
            prop_assert!(t.chars().all(|c| c.is_ascii_digit() || "._,kKMBG".contains(c)), "accepted {:?}", text);
        }
        let negative = format!("-{text}");
        prop_assert!(quantity::parse(&negative).is_err(), "{:?} accepted", negative);
        let _ = quantity::parse_whole(&text);
    }

    /// A list of sizes is accepted when every size is within 128–10,240 MB, and comes back sorted and
    /// without repeats.
    #[test]
    fn memory_lists_are_sorted_deduplicated_and_in_range(sizes in prop::collection::vec(0u32..12_000, 1..20)) {
        let text = sizes.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
        let valid = sizes.iter().all(|m| (128..=10_240).contains(m));
        match parse_memory_sizes(&text) {
            Ok(list) => {
                prop_assert!(valid, "{text} accepted");
                let mut expected = sizes.clone();
                expected.sort_unstable();
                expected.dedup();
                prop_assert_eq!(list, expected);
            }
            Err(e) => prop_assert!(!valid, "{text} rejected: {e}"),
        }
    }

    /// A range `from..=to step s` lists from, from + s, … up to to, and is refused (without listing it first)
    /// when an end falls outside 128–10,240 MB.
    #[test]
    fn memory_ranges_list_their_steps(from in 0u32..=u32::MAX, span in 0u32..=u32::MAX, step in 1u32..=u32::MAX) {
        let to = from.saturating_add(span);
        let text = format!("{from}..={to} step {step}");
        // At most 20,001 sizes: a longer list reaches past 20,000 MB, so it must be refused anyway.
        let expected: Vec<u32> = (from..=to).step_by(step as usize).take(20_001).collect();
        match parse_memory_sizes(&text) {
            Ok(list) => {
                prop_assert!(list.iter().all(|m| (128..=10_240).contains(m)));
                prop_assert_eq!(list, expected);
            }
            Err(_) => prop_assert!(expected.iter().any(|m| !(128..=10_240).contains(m))),
        }
    }

    /// Small valid ranges, which the wide strategy above rarely hits.
    #[test]
    fn small_memory_ranges_are_accepted(from in 128u32..=10_240, span in 0u32..=4_000, step in 1u32..=2_048) {
        let to = (from + span).min(10_240);
        let list = parse_memory_sizes(&format!("{from}..={to} step {step}")).unwrap();
        prop_assert_eq!(list, (from..=to).step_by(step as usize).collect::<Vec<_>>());
    }
}

#[test]
fn architectures_used_above_are_both_priced() {
    for arch in Architecture::ALL {
        assert!(catalog().rates("eu-west-1", arch, date()).is_ok());
    }
}
