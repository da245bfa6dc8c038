//! Property tests of `costsim diff --fail-above`: the limit parser never panics, reads every documented spelling
//! of any value exactly, writes limits back in a form it reads again and refuses what has no digits; the
//! guardrail is exactly `change × 100 > percent × base` (or `change > amount`), strict at the boundary, and a
//! decrease never exceeds a limit.

use costsim::diff::{Change, Limit, LimitError};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A non-negative decimal with up to 12 integer digits and 0–4 decimals, and its text as people type it.
fn value() -> impl Strategy<Value = (Decimal, String)> {
    (0u64..1_000_000_000_000, 0u32..=4, 0u32..10_000).prop_map(|(int, dp, frac)| {
        let frac = frac % 10u32.pow(dp);
        let text = if dp == 0 { int.to_string() } else { format!("{int}.{frac:0width$}", width = dp as usize) };
        (text.parse().unwrap(), text)
    })
}

/// An amount of money in cents, up to $10^10.
fn cents(max: i64) -> impl Strategy<Value = Decimal> {
    (0..=max).prop_map(|c| Decimal::new(c, 2))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_text_is_read_or_refused_without_panicking(text in "\\PC{0,60}") {
        if let Ok(limit) = text.parse::<Limit>() {
            // What it writes back reads as the same limit.
            prop_assert_eq!(limit.to_string().parse::<Limit>(), Ok(limit));
        }
    }

    #[test]
    fn near_misses_are_read_or_refused_without_panicking(text in "[ $%0-9.,eE+\\-uUsSdD]{0,16}") {
        match text.parse::<Limit>() {
            Ok(limit) => prop_assert_eq!(limit.to_string().parse::<Limit>(), Ok(limit)),
            Err(e) => prop_assert!(e.to_string().starts_with("--fail-above takes "), "{}", e),
        }
    }

    #[test]
    fn every_documented_spelling_reads_the_value_exactly((v, text) in value()) {
        let percent = Limit::Percent { value: v };
        let usd = Limit::Amount { value: v, currency: "USD".into() };
        prop_assert_eq!(format!("{text}%").parse::<Limit>(), Ok(percent.clone()));
        prop_assert_eq!(format!(" {text} % ").parse::<Limit>(), Ok(percent));
        for spelling in [format!("{text}USD"), format!("{text} USD"), format!("{text} usd"), format!("${text}")] {
            prop_assert_eq!(spelling.parse::<Limit>(), Ok(usd.clone()), "{}", spelling);
        }
    }

    #[test]
    fn text_without_a_digit_is_refused(text in "[^0-9]{0,30}") {
        let refused = matches!(text.parse::<Limit>(), Err(LimitError::Syntax { .. }));
        prop_assert!(refused, "{:?} was read", text);
    }

    #[test]
    fn a_signed_or_unitless_number_is_refused((_, text) in value()) {
        for bad in [text.clone(), format!("-{text}%"), format!("+{text}%"), format!("{text}e2%")] {
            prop_assert!(bad.parse::<Limit>().is_err(), "{}", bad);
        }
    }

    #[test]
    fn a_percent_limit_is_the_exact_inequality(base in cents(1_000_000_000_000), head in cents(1_000_000_000_000), p in 0u32..500) {
        let total = Change::new(base, head);
        let limit = Limit::Percent { value: Decimal::from(p) };
        let v = limit.check(&total, "USD").unwrap();
        let change = head - base;
        let expected = change > Decimal::ZERO && (base.is_zero() || change * Decimal::ONE_HUNDRED > Decimal::from(p) * base);
        prop_assert_eq!(v.exceeded, expected);
        if head <= base {
            prop_assert!(!v.exceeded);
        }
    }

    #[test]
    fn the_percent_boundary_itself_passes_and_a_cent_more_fails(base_dollars in 1i64..1_000_000, p in 0i64..300) {
        // base × (1 + p/100) is a whole number of cents when the base is whole dollars.
        let base = Decimal::from(base_dollars);
        let at = base + base * Decimal::from(p) / Decimal::ONE_HUNDRED;
        let limit = Limit::Percent { value: Decimal::from(p) };
        prop_assert!(!limit.check(&Change::new(base, at), "USD").unwrap().exceeded);
        prop_assert!(limit.check(&Change::new(base, at + Decimal::new(1, 2)), "USD").unwrap().exceeded);
    }

    #[test]
    fn an_amount_limit_is_the_exact_inequality(base in cents(1_000_000_000_000), head in cents(1_000_000_000_000), amount in cents(100_000_000)) {
        let v = Limit::Amount { value: amount, currency: "USD".into() }.check(&Change::new(base, head), "USD").unwrap();
        prop_assert_eq!(v.exceeded, head - base > amount);
        prop_assert_eq!(v.over_by, Some(head - base - amount));
    }
}
