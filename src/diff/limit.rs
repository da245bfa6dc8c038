//! The guardrail of `costsim diff --fail-above`: a limit on the monthly total's increase, as a percent of BASE's
//! total (`10%`) or as an amount a month (`50USD`, `$50`, `50 USD`), and whether a diff's total exceeds it.
//!
//! The comparison is exact: `change × 100 > limit × base` in decimals, with no division and no rounding, so
//! +10.01 % exceeds `10%` and +10 % exactly does not. A decrease never exceeds a limit.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;

use super::Change;
use crate::diagnostic::excerpt;

/// The accepted forms, as messages list them.
pub const FORMS: &str = "a percent of BASE's monthly total (10%, 2.5%) or an amount a month (50USD, $50, 50 USD)";

/// Longest limit read [characters]: a decimal has at most 28 significant digits.
const MAX_LEN: usize = 40;

/// A limit on the monthly total's increase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Limit {
    /// At most this percent of BASE's total [%].
    Percent {
        /// The percent, ≥ 0.
        value: Decimal,
    },
    /// At most this amount a month [currency/month].
    Amount {
        /// The amount, ≥ 0.
        value: Decimal,
        /// Its ISO 4217 currency, upper case (`$` is USD).
        currency: String,
    },
}

/// A `--fail-above` value that is not a limit, or one in another currency than the reports'.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitError {
    /// Not one of the accepted forms.
    #[error("--fail-above takes {FORMS}; got '{given}'")]
    Syntax {
        /// What was given, shortened and escaped.
        given: String,
    },
    /// An amount in a currency the reports are not priced in.
    #[error("--fail-above {limit} is in {currency} but the reports are priced in {reports}: give the limit in {reports} or as a percent")]
    Currency {
        /// The limit as given.
        limit: String,
        /// Its currency.
        currency: String,
        /// The reports' currency.
        reports: String,
    },
}

/// Whether a diff's total stays within a limit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The limit.
    pub limit: Limit,
    /// The increase is strictly above it.
    pub exceeded: bool,
    /// How far the increase is above the limit (negative: below it), in the limit's unit (percentage points or
    /// currency a month); `None` for a percent of a zero base.
    pub over_by: Option<Decimal>,
}

impl FromStr for Limit {
    type Err = LimitError;

    /// Reads `10%`, `10 %`, `2.5%`, `50USD`, `50 USD`, `50 usd`, `$50`, `50EUR`: a number (digits, at most one
    /// decimal point, no sign or exponent) with `%`, a three-letter currency code, or a leading `$` (USD).
    fn from_str(text: &str) -> Result<Limit, LimitError> {
        let syntax = || LimitError::Syntax { given: excerpt(text) };
        let t = text.trim();
        if t.len() > MAX_LEN {
            return Err(syntax());
        }
        if let Some(n) = t.strip_prefix('$') {
            return Ok(Limit::Amount { value: number(n).ok_or_else(syntax)?, currency: "USD".into() });
        }
        if let Some(n) = t.strip_suffix('%') {
            return Ok(Limit::Percent { value: number(n.trim_end()).ok_or_else(syntax)? });
        }
        let split = t.find(|c: char| c.is_ascii_alphabetic()).ok_or_else(syntax)?;
        let (n, code) = t.split_at(split);
        if code.len() != 3 || !code.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(syntax());
        }
        Ok(Limit::Amount { value: number(n.trim_end()).ok_or_else(syntax)?, currency: code.to_ascii_uppercase() })
    }
}

/// A plain non-negative decimal: digits with at most one decimal point and a digit on some side of it.
fn number(t: &str) -> Option<Decimal> {
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let points = t.chars().filter(|&c| c == '.').count();
    if digits == 0 || points > 1 || digits + points != t.len() {
        return None;
    }
    Decimal::from_str(t).ok()
}

impl fmt::Display for Limit {
    /// `10%`, `50 USD`: a form [`Limit::from_str`] reads back to the same limit.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Percent { value } => write!(f, "{}%", value.normalize()),
            Limit::Amount { value, currency } => write!(f, "{} {currency}", value.normalize()),
        }
    }
}

impl Limit {
    /// Whether `total`'s increase (priced in `currency`) exceeds this limit, strictly.
    ///
    /// # Errors
    /// [`LimitError::Currency`] for an amount in another currency.
    pub fn check(&self, total: &Change, currency: &str) -> Result<Verdict, LimitError> {
        let rising = total.change > Decimal::ZERO;
        let (exceeded, over_by) = match self {
            Limit::Percent { value } => {
                // change × 100 > value × base, exactly. Report figures stay far below the decimal's range; a
                // product beyond it (a hand-built total) is larger than any product that fits.
                let scaled = total.change.checked_mul(Decimal::ONE_HUNDRED);
                let allowed = value.checked_mul(total.base);
                let above = match (scaled, allowed) {
                    (Some(s), Some(a)) => s > a,
                    (None, Some(_)) => true,
                    (Some(_), None) => false,
                    (None, None) => total.change.checked_div(total.base) > value.checked_div(Decimal::ONE_HUNDRED),
                };
                let percent = scaled.and_then(|s| s.checked_div(total.base));
                (rising && (total.base.is_zero() || above), percent.and_then(|p| p.checked_sub(*value)))
            }
            Limit::Amount { value, currency: c } => {
                if c != currency {
                    return Err(LimitError::Currency {
                        limit: self.to_string(),
                        currency: c.clone(),
                        reports: currency.to_string(),
                    });
                }
                (rising && total.change > *value, total.change.checked_sub(*value))
            }
        };
        Ok(Verdict { limit: self.clone(), exceeded, over_by })
    }
}
