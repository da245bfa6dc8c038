//! Provisioned concurrency priced as it is used: when it is enabled (one stretch of hours a month, or a daily
//! window such as 08:00–20:00), the share of the month's traffic that arrives then, and how much of that traffic
//! the N provisioned environments serve.
//!
//! The provisioned group is a loss system: a request that finds all N environments busy does not wait for one,
//! it spills over to on-demand concurrency. With Poisson arrivals at rate λ and a mean duration E[S], the share
//! that spills over is the Erlang-B probability B(N, a) of the offered load a = λ·E[S], whatever the distribution
//! of the duration (Erlang's loss formula is insensitive to it: Sevastyanov 1957; e.g. Kleinrock, *Queueing
//! Systems* vol. 1, §3.6). The averages model that this replaces served min(1, N/a) and so said no request spills
//! over at N = a, where B(10, 10) = 21.5% do; costsim's simulator gets the same figure from its event loop.

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

/// Most provisioned environments priced: far above any account's concurrency quota, and it bounds the Erlang-B
/// recursion (one step per environment).
pub const MAX_PROVISIONED: u32 = 1_000_000;

/// Days in the 730-hour month (730 / 24).
fn days_per_month() -> Decimal {
    Decimal::from(730) / Decimal::from(24)
}

/// When provisioned concurrency is enabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    /// One stretch of `hours` a month, billed as one enabled period [h].
    Hours(Decimal),
    /// Every day from `start` to `end` minutes after midnight (wrapping past midnight when `end < start`),
    /// billed per day.
    Daily {
        /// Start [minutes after 00:00].
        start: u32,
        /// End [minutes after 00:00].
        end: u32,
    },
}

impl Window {
    /// Parses `HH:MM-HH:MM` (24-hour clock; `20:00-08:00` wraps past midnight).
    ///
    /// # Errors
    /// A message saying what is allowed, for anything else or an empty window (the caller quotes the text, as
    /// it knows how to excerpt it).
    pub fn parse_daily(text: &str) -> Result<Window, String> {
        let allowed =
            "a daily window is HH:MM-HH:MM on a 24-hour clock, e.g. 08:00-20:00 (20:00-08:00 wraps past midnight)";
        let clock = |t: &str| -> Option<u32> {
            let (h, m) = t.trim().split_once(':')?;
            let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
            (h <= 24 && m < 60 && (h < 24 || m == 0)).then_some(h * 60 + m)
        };
        let (a, b) = text.split_once('-').ok_or_else(|| allowed.to_string())?;
        let (start, end) = match (clock(a), clock(b)) {
            // 24:00 ends a day; as a start it is 00:00.
            (Some(s), Some(e)) => (s % 1440, e),
            _ => return Err(allowed.to_string()),
        };
        if start == end {
            return Err(format!("the window is empty (start and end are the same time); {allowed}"));
        }
        Ok(Window::Daily { start, end })
    }

    /// Minutes of one window of the day [min].
    fn daily_minutes(start: u32, end: u32) -> u32 {
        if end > start {
            end - start
        } else {
            1440 - start + end
        }
    }

    /// Hours a month it is enabled [h].
    pub fn hours(self) -> Decimal {
        match self {
            Window::Hours(h) => h,
            Window::Daily { start, end } => {
                Decimal::from(Window::daily_minutes(start, end)) * days_per_month() / Decimal::from(60)
            }
        }
    }

    /// Minutes a month billed, each enabled period rounded up to `rounding` minutes [min].
    pub fn billed_minutes(self, rounding: u32) -> Decimal {
        let up = |minutes: Decimal| {
            let r = Decimal::from(rounding.max(1));
            (minutes / r).ceil() * r
        };
        match self {
            Window::Hours(h) => up(h * Decimal::from(60)),
            Window::Daily { start, end } => up(Decimal::from(Window::daily_minutes(start, end))) * days_per_month(),
        }
    }
}

/// Erlang's loss probability B(n, a): the share of Poisson arrivals that find all `n` servers busy, at offered
/// load `a` [Erlangs]. The recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)) is stable; it stops once B is
/// below 1e-18, as it only falls from there.
pub fn erlang_b(n: u32, a: f64) -> f64 {
    // NaN and non-positive loads offer nothing to lose.
    if a.is_nan() || a <= 0.0 {
        return 0.0;
    }
    let mut b = 1.0_f64;
    for k in 1..=n.min(MAX_PROVISIONED) {
        b = a * b / (f64::from(k) + a * b);
        if b < 1e-18 {
            return 0.0;
        }
    }
    b
}

/// The share of `in_window` requests of mean duration `duration_ms`, arriving over `window_hours`, that `n`
/// provisioned environments serve: 1 − B(n, a) with a = λ·E[S], as an exact decimal of 12 places.
pub fn served_share(n: u32, in_window: Decimal, window_hours: Decimal, duration_ms: Decimal) -> Decimal {
    if n == 0 || window_hours.is_zero() || in_window.is_zero() {
        return if n == 0 { Decimal::ZERO } else { Decimal::ONE };
    }
    use rust_decimal::prelude::ToPrimitive;
    // Statistics in f64: the load is a ratio of counts and durations, not money.
    let a = in_window.to_f64().unwrap_or(f64::MAX) / (window_hours.to_f64().unwrap_or(1.0) * 3_600_000.0)
        * duration_ms.to_f64().unwrap_or(0.0);
    let served = 1.0 - erlang_b(n, a);
    Decimal::from_f64(served).unwrap_or(Decimal::ZERO).round_dp(12).clamp(Decimal::ZERO, Decimal::ONE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_b_by_hand() {
        // B(1, a) = a / (1 + a): a = 1 → 1/2.
        assert!((erlang_b(1, 1.0) - 0.5).abs() < 1e-15);
        // B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2.
        assert!((erlang_b(2, 1.0) - 0.2).abs() < 1e-15);
        // B(5, 10) = (10^5/5!) / Σ_{k=0..5} 10^k/k! = 833.333 / (1 + 10 + 50 + 166.667 + 416.667 + 833.333)
        //          = 833.3333 / 1477.6667 = 0.5639522.
        assert!((erlang_b(5, 10.0) - 0.563_952_2).abs() < 1e-7);
        // B(10, 10) = 0.214582 (Erlang-B tables).
        assert!((erlang_b(10, 10.0) - 0.214_582).abs() < 1e-6);
        assert_eq!(erlang_b(10, 0.0), 0.0);
        assert_eq!(erlang_b(0, 3.0), 1.0);
    }

    #[test]
    fn windows_parse_and_bill_per_day() {
        let w = Window::parse_daily("08:00-20:00").unwrap();
        // 12 h a day × 730/24 days = 365 h a month.
        assert_eq!(w.hours(), Decimal::from(365));
        // 08:00-20:07 is 727 min, billed 730 min a day: × 30.41666… days = 22,204.1666… min.
        let odd = Window::parse_daily("08:00-20:07").unwrap();
        assert_eq!(odd.billed_minutes(5), Decimal::from(730) * days_per_month());
        assert_eq!(Window::parse_daily("20:00-08:00").unwrap().hours(), Decimal::from(365));
        assert_eq!(Window::parse_daily("00:00-24:00").unwrap().hours(), Decimal::from(730));
        for bad in ["8-20", "08:00", "25:00-01:00", "08:00-08:00", "08:60-09:00", "x"] {
            assert!(Window::parse_daily(bad).is_err(), "{bad}");
        }
        // One stretch of 1.01 h: 60.6 min → 65 min.
        assert_eq!(Window::Hours("1.01".parse().unwrap()).billed_minutes(5), Decimal::from(65));
    }
}
