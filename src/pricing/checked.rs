//! Checked decimal arithmetic for values that come from input: an amount beyond rust_decimal's range
//! (±79,228,162,514,264,337,593,543,950,335, about 7.9e28) is an [`Overflow`] the caller turns into a
//! "too large to price" error naming the input, never a panic.

use rust_decimal::Decimal;

/// The largest amount an exact decimal holds, for messages.
pub(crate) const LIMIT: &str = "about 7.9e28";

/// A result did not fit in a decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Overflow;

/// `a × b`.
pub(crate) fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_mul(b).ok_or(Overflow)
}

/// `a + b`.
pub(crate) fn add(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_add(b).ok_or(Overflow)
}

/// `a × b / c`, exact when `a × b` fits; else `a × (b / c)`, which fits whenever the result does and `b ≤ c`
/// (rounded at the 28th significant digit). `c` must not be zero.
pub(crate) fn mul_div(a: Decimal, b: Decimal, c: Decimal) -> Result<Decimal, Overflow> {
    match a.checked_mul(b) {
        Some(ab) => ab.checked_div(c).ok_or(Overflow),
        None => a.checked_mul(b.checked_div(c).ok_or(Overflow)?).ok_or(Overflow),
    }
}

/// The sum of `values`.
pub(crate) fn sum(values: impl IntoIterator<Item = Decimal>) -> Result<Decimal, Overflow> {
    values.into_iter().try_fold(Decimal::ZERO, add)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_is_an_error_and_mul_div_avoids_intermediate_overflow() {
        assert_eq!(mul(Decimal::MAX, Decimal::TWO), Err(Overflow));
        assert_eq!(add(Decimal::MAX, Decimal::ONE), Err(Overflow));
        // (7.9e28 × 3) / 4 does not fit on the way; 7.9e28 × 0.75 does.
        let m = Decimal::MAX;
        assert_eq!(mul_div(m, Decimal::from(3), Decimal::from(4)), Ok(m * Decimal::new(75, 2)));
        // 1e27 × 1e3 / 1e3: the product overflows, the result is 1e27 exactly.
        let big = Decimal::from_i128_with_scale(10i128.pow(27), 0);
        assert_eq!(mul_div(big, Decimal::from(1000), Decimal::from(1000)), Ok(big));
        assert_eq!(sum([Decimal::MAX, Decimal::ONE]), Err(Overflow));
    }
}
