//! Units that scale to the data: a latency axis in ms, s or min chosen from its range, and a cost per 1M, per
//! 1,000 invocations or per invocation chosen from the monthly volume, so that a 9-minute job is not drawn in
//! hundreds of thousands of ms and a job run 300 times a month is not priced per million.

use super::axis::fmt_num;

/// Milliseconds in a second.
const MS_PER_S: f64 = 1_000.0;
/// Milliseconds in a minute.
const MS_PER_MIN: f64 = 60_000.0;

/// The unit of a time axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeUnit {
    /// Milliseconds: below 10 s, as the report's tables write them.
    Ms,
    /// Seconds: from 10 s, as the tables write them, up to 3 min.
    S,
    /// Minutes: from 3 min, as the tables write them, where seconds would run to hundreds.
    Min,
}

impl TimeUnit {
    /// The unit for values up to `max_ms` [ms]: ms below 10 s (the tables' switch to seconds), s below 3 min,
    /// min from there.
    pub(crate) fn for_max(max_ms: f64) -> TimeUnit {
        use crate::report::format::{MINUTES_FROM_MS, SECONDS_FROM_MS};
        if !(max_ms.is_finite() && max_ms >= SECONDS_FROM_MS) {
            TimeUnit::Ms
        } else if max_ms < MINUTES_FROM_MS {
            TimeUnit::S
        } else {
            TimeUnit::Min
        }
    }

    /// Its symbol: `ms`, `s`, `min`.
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            TimeUnit::Ms => "ms",
            TimeUnit::S => "s",
            TimeUnit::Min => "min",
        }
    }

    /// `ms` [ms] in this unit.
    pub(crate) fn of(self, ms: f64) -> f64 {
        match self {
            TimeUnit::Ms => ms,
            TimeUnit::S => ms / MS_PER_S,
            TimeUnit::Min => ms / MS_PER_MIN,
        }
    }

    /// `ms` [ms] written in this unit for a label: `849 ms`, `59.1 ms`, `12.4 s`, `9.0 min`.
    pub(crate) fn label(self, ms: f64) -> String {
        let v = self.of(ms);
        let decimals = if v.abs() >= 100.0 {
            0
        } else if v.abs() >= 1.0 {
            1
        } else {
            2
        };
        format!("{} {}", fmt_num(v, decimals), self.symbol())
    }
}

/// How many invocations a cost axis prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CostUnit {
    /// Per million: a million a month or more.
    Million,
    /// Per 1,000: from 1,000 a month.
    Thousand,
    /// Per invocation: fewer than 1,000 a month.
    Invocation,
}

impl CostUnit {
    /// The unit for a function invoked `monthly` times a month [invocations]: the largest round count that a
    /// month reaches, so the cost drawn is what a month's share of invocations costs, never a volume the
    /// function never sees.
    pub(crate) fn for_volume(monthly: f64) -> CostUnit {
        if monthly >= 1e6 {
            CostUnit::Million
        } else if monthly >= 1e3 {
            CostUnit::Thousand
        } else {
            CostUnit::Invocation
        }
    }

    /// A cost per million invocations [USD per 1M] in this unit [USD per unit].
    pub(crate) fn of(self, per_million: f64) -> f64 {
        match self {
            CostUnit::Million => per_million,
            CostUnit::Thousand => per_million / 1e3,
            CostUnit::Invocation => per_million / 1e6,
        }
    }

    /// The axis title: `Cost per million invocations [USD]`.
    pub(crate) fn title(self, currency: &str) -> String {
        let per = match self {
            CostUnit::Million => "million invocations",
            CostUnit::Thousand => "1,000 invocations",
            CostUnit::Invocation => "invocation",
        };
        format!("Cost per {per} [{currency}]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A duration [ms] in the unit its own size calls for.
    fn duration(ms: f64) -> String {
        TimeUnit::for_max(ms).label(ms)
    }

    #[test]
    fn time_units_follow_the_range() {
        // nightly-batch's mean: 541,856 ms = 541.856 s = 9.03 min → minutes, one decimal.
        assert_eq!(duration(541_856.0), "9.0 min");
        assert_eq!(TimeUnit::for_max(541_856.0), TimeUnit::Min);
        // 849.4 ms stays in ms (below 10 s), whole ms from 100 up; 59.06 ms keeps one decimal.
        assert_eq!(duration(849.4), "849 ms");
        assert_eq!(duration(59.0625), "59.1 ms");
        // The switch to seconds at 10 s, as the tables make it: 9,999 ms and 10,000 ms = 10.0 s.
        assert_eq!(TimeUnit::for_max(9_999.0), TimeUnit::Ms);
        assert_eq!(duration(10_000.0), "10.0 s");
        // 179,999 ms = 180.0 s is still seconds; 180,000 ms = 3.0 min is minutes.
        assert_eq!(TimeUnit::for_max(179_999.0), TimeUnit::S);
        assert_eq!(duration(180_000.0), "3.0 min");
        // 900 s timeout = 15 min.
        assert_eq!(duration(900_000.0), "15.0 min");
        assert_eq!(TimeUnit::for_max(f64::NAN), TimeUnit::Ms);
    }

    #[test]
    fn cost_units_follow_the_monthly_volume() {
        // nightly-batch: 10 exports a night × 31 nights = 310 a month → per invocation; $90,000 per million is
        // $90,000 / 1,000,000 = $0.09 per invocation.
        let u = CostUnit::for_volume(310.0);
        assert_eq!(u, CostUnit::Invocation);
        assert!((u.of(90_000.0) - 0.09).abs() < 1e-12);
        assert_eq!(u.title("USD"), "Cost per invocation [USD]");
        // 999 / 1,000 and 999,999 / 1,000,000 are the edges.
        assert_eq!(CostUnit::for_volume(999.0), CostUnit::Invocation);
        assert_eq!(CostUnit::for_volume(1_000.0), CostUnit::Thousand);
        assert_eq!(CostUnit::for_volume(999_999.0), CostUnit::Thousand);
        assert_eq!(CostUnit::for_volume(1e6), CostUnit::Million);
        // $2.50 per million = $0.0025 per 1,000.
        assert!((CostUnit::Thousand.of(2.5) - 0.0025).abs() < 1e-15);
        assert_eq!(CostUnit::Million.title("USD"), "Cost per million invocations [USD]");
    }
}
