//! Asynchronous delivery: Lambda's internal event queue, its retries after throttles and after function errors.

use serde::Serialize;

use super::{check_range, TriggerError};

/// Retry interval after a throttle: `initial × factor^(k−1)` for the k-th throttle of an event, at most `max`.
///
/// AWS: "the retry interval increases exponentially from 1 second after the first attempt to a maximum of 5
/// minutes" (<https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html>). The growth
/// factor and any jitter are not published: the factor is a parameter (default 2, i.e. 1, 2, 4 … 256, 300 s),
/// and the intervals are exact (no jitter).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Backoff {
    /// First interval [ms].
    initial_ms: u64,
    /// Largest interval [ms].
    max_ms: u64,
    /// Growth factor per throttle [-], 1 – 10.
    factor: f64,
}

impl Default for Backoff {
    fn default() -> Self {
        Self { initial_ms: 1_000, max_ms: 300_000, factor: 2.0 }
    }
}

impl Backoff {
    /// AWS's documented bounds (1 s to 5 min) with growth `factor`.
    ///
    /// # Errors
    ///
    /// [`TriggerError::RealOutOfRange`] unless 1 ≤ `factor` ≤ 10.
    pub fn with_factor(factor: f64) -> Result<Self, TriggerError> {
        if !(factor.is_finite() && (1.0..=10.0).contains(&factor)) {
            return Err(TriggerError::RealOutOfRange { key: "backoff_factor", lo: 1.0, hi: 10.0, got: factor });
        }
        Ok(Self { factor, ..Self::default() })
    }

    /// Growth factor [-].
    pub fn factor(&self) -> f64 {
        self.factor
    }

    /// The interval before the next attempt of an event throttled `throttles` times (≥ 1) [µs].
    pub fn interval_us(&self, throttles: u32) -> u64 {
        // factor ≤ 10 and the cap at 300 s: the exponent never needs to exceed ~25 before the cap is reached.
        let exp = throttles.saturating_sub(1).min(64) as i32;
        let ms = (self.initial_ms as f64 * self.factor.powi(exp)).min(self.max_ms as f64);
        (ms * 1_000.0) as u64
    }
}

/// How Lambda delivers an asynchronous event: how long it keeps it, how often it retries errors, and how it backs
/// off after throttles (`AWS::Lambda::EventInvokeConfig`,
/// <https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html>).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AsyncDelivery {
    /// An event older than this is discarded instead of attempted [s], 60 – 21,600.
    maximum_event_age_s: u32,
    /// Retries after a function error, 0 – 2.
    maximum_retry_attempts: u32,
    /// Wait before the first and the second retry after a function error [s] ("about 1 minute", "about 2
    /// minutes" per AWS).
    retry_delays_s: [u32; 2],
    backoff: Backoff,
}

impl Default for AsyncDelivery {
    fn default() -> Self {
        Self {
            maximum_event_age_s: 21_600,
            maximum_retry_attempts: 2,
            retry_delays_s: [60, 120],
            backoff: Backoff::default(),
        }
    }
}

impl AsyncDelivery {
    /// Lambda's defaults: events kept 6 h, 2 retries after about 1 and 2 min, backoff factor 2.
    pub fn new(
        maximum_event_age_s: u32,
        maximum_retry_attempts: u32,
        retry_delays_s: [u32; 2],
        backoff: Backoff,
    ) -> Result<Self, TriggerError> {
        check_range("maximum_event_age_s", u64::from(maximum_event_age_s), 60, 21_600, " s")?;
        check_range("maximum_retry_attempts", u64::from(maximum_retry_attempts), 0, 2, "")?;
        for d in retry_delays_s {
            check_range("retry_delays_s", u64::from(d), 1, 21_600, " s")?;
        }
        Ok(Self { maximum_event_age_s, maximum_retry_attempts, retry_delays_s, backoff })
    }

    /// Longest an event is kept [s].
    pub fn maximum_event_age_s(&self) -> u32 {
        self.maximum_event_age_s
    }

    /// Retries after a function error.
    pub fn maximum_retry_attempts(&self) -> u32 {
        self.maximum_retry_attempts
    }

    /// Waits before the first and second error retries [s].
    pub fn retry_delays_s(&self) -> [u32; 2] {
        self.retry_delays_s
    }

    /// The throttle backoff.
    pub fn backoff(&self) -> &Backoff {
        &self.backoff
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_one_second_to_five_minutes() {
        let b = Backoff::default();
        // 1, 2, 4, 8, ..., 256 s, then capped at 300 s (2^9 = 512 > 300).
        let want_s = [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300];
        for (k, s) in want_s.iter().enumerate() {
            assert_eq!(b.interval_us(k as u32 + 1), s * 1_000_000, "throttle {}", k + 1);
        }
        assert_eq!(b.interval_us(u32::MAX), 300_000_000);
        let b = Backoff::with_factor(1.0).unwrap();
        assert_eq!(b.interval_us(50), 1_000_000);
        assert!(Backoff::with_factor(0.5).is_err() && Backoff::with_factor(f64::NAN).is_err());
    }

    #[test]
    fn ranges_are_aws_ranges() {
        let b = Backoff::default();
        assert!(AsyncDelivery::new(59, 2, [60, 120], b).is_err());
        assert!(AsyncDelivery::new(21_601, 2, [60, 120], b).is_err());
        assert!(AsyncDelivery::new(60, 3, [60, 120], b).is_err());
        assert!(AsyncDelivery::new(60, 0, [0, 120], b).is_err());
        assert_eq!(AsyncDelivery::new(21_600, 2, [60, 120], b).unwrap(), AsyncDelivery::default());
    }
}
