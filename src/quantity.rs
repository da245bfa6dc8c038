//! Numbers as people type them: `5M`, `1.5k`, `2_000_000`, `2,000,000`. Parsed exactly, into decimals.

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds half away from zero to `dp` decimals, as invoices do.
pub fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Parses a non-negative number with an optional `k`/`K` (thousand), `M` (million) or `B`/`G` (billion) suffix.
/// `_` and `,` may group digits.
///
/// # Errors
/// A message saying what was expected, for `NaN`, `inf`, negative numbers, unknown suffixes and non-numbers.
///
/// ```
/// use costsim::quantity::parse;
/// assert_eq!(parse("5M").unwrap(), 5_000_000.into());
/// assert_eq!(parse("1.5k").unwrap(), 1_500.into());
/// assert_eq!(parse("2_000_000").unwrap(), 2_000_000.into());
/// assert!(parse("-3").is_err());
/// ```
pub fn parse(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let expected = "expected a number such as 250, 1.5k, 5M or 2_000_000";
    if t.is_empty() {
        return Err(format!("is empty; {expected}"));
    }
    if t.starts_with('-') {
        return Err(format!("must be zero or more (got '{t}')"));
    }
    let (digits, multiplier) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 1_000i64),
        Some((i, 'M')) => (&t[..i], 1_000_000),
        Some((i, 'B' | 'G')) => (&t[..i], 1_000_000_000),
        Some((_, 'm')) => return Err(format!("'{t}': use M for million (m could mean milli)")),
        _ => (t, 1),
    };
    let cleaned: String = digits.chars().filter(|c| *c != '_' && *c != ',').collect();
    let valid = !cleaned.is_empty()
        && cleaned.chars().all(|c| c.is_ascii_digit() || c == '.')
        && cleaned.matches('.').count() <= 1
        && cleaned.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return Err(format!("'{t}' is not a number; {expected}"));
    }
    let value: Decimal = cleaned.parse().map_err(|_| format!("'{t}' is out of range; {expected}"))?;
    value.checked_mul(Decimal::from(multiplier)).ok_or_else(|| format!("'{t}' is too large"))
}

/// Parses a whole number such as a memory size [MB]; suffixes are not allowed.
///
/// # Errors
/// A message for anything that is not a whole number from 0 to 4,294,967,295.
pub fn parse_whole(text: &str) -> Result<u32, String> {
    let t = text.trim();
    let cleaned: String = t.chars().filter(|c| *c != '_' && *c != ',').collect();
    if cleaned.is_empty() || !cleaned.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("must be a whole number (got '{t}')"));
    }
    cleaned.parse().map_err(|_| format!("is too large (got '{t}')"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_suffixes_and_separators() {
        assert_eq!(parse("1.5k").unwrap(), Decimal::from(1500));
        assert_eq!(parse("2,000,000").unwrap(), Decimal::from(2_000_000));
        assert_eq!(parse("3B").unwrap(), Decimal::from(3_000_000_000i64));
        assert_eq!(parse("0.25").unwrap(), "0.25".parse::<Decimal>().unwrap());
    }

    #[test]
    fn rejects_what_is_not_a_non_negative_number() {
        for bad in ["NaN", "nan", "inf", "-1", "", "1.2.3", "5m", "1e3", "k", "."] {
            assert!(parse(bad).is_err(), "{bad} should be rejected");
        }
        assert!(parse_whole("12.5").is_err());
        assert!(parse_whole("-128").is_err());
        assert_eq!(parse_whole("1_024"), Ok(1024));
    }
}
