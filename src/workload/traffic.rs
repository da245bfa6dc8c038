//! When requests arrive: Poisson traffic with an optional daily profile, random bursts, replayed timestamps, and
//! EventBridge schedules ([`super::schedule`]).
//!
//! Simulated time 0 is midnight at the start of day 1; hour `h` of the day covers `[h, h+1)` hours modulo 24.
//!
//! Arrivals are generated lazily: each [`ArrivalSource`] yields its next arrival only when asked, so memory does
//! not grow with the number of requests.
//!
//! # Formulas
//!
//! - **Poisson**: gaps are `Exp(1) / rate`.
//! - **Daily profile**: 24 hourly weights `w_h` are normalised to `w_h · 24 / Σw`, so the daily mean rate stays
//!   `rate`; hour `h` has rate `rate · w_h · 24 / Σw`. Arrivals of this piecewise-constant non-homogeneous
//!   Poisson process are exact, by inverting the cumulative rate: draw `E ~ Exp(1)` and walk forward through the
//!   hour segments, subtracting each segment's `rate × length`, until `E` runs out inside a segment.
//! - **Bursts**: burst start times form a Poisson process with mean gap `mean_interval_s`; each burst brings
//!   `size` extra requests, independently uniform over `[start, start + spread_ms)`. They are emitted in time order
//!   without storing them, by drawing the order statistics one at a time: the next of `k` remaining uniforms on
//!   `[cur, end)` is `cur + (end − cur)·(1 − V^(1/k))`, `V ~ U(0, 1]`.

use std::sync::Arc;

use rand::Rng;
use rand_distr::Exp1;

use super::schedule::{ScheduleSource, ScheduledArrivals};
use super::trace::{Trace, TraceSource};

/// Microseconds per second.
const US_PER_S: f64 = 1e6;
/// Microseconds per hour.
const US_PER_HOUR: f64 = 3.6e9;
/// Hours in a day.
const HOURS: usize = 24;
/// Arrivals later than this are never simulated (the simulator's horizon is at most 100 years, ~3.2e15 µs), so a
/// Poisson source stops there [µs]: time stays exact in an f64 and the hour count fits a u64.
const LAST_ARRIVAL_US: f64 = 1e17;

/// A traffic parameter was out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TrafficError {
    /// The mean rate was NaN, infinite or negative.
    #[error("rate_per_s must be a finite number >= 0 requests/s")]
    RateInvalid,
    /// A diurnal weight was NaN, infinite or negative, or all were zero.
    #[error("diurnal weights must be 24 finite numbers >= 0 with a sum > 0")]
    WeightsInvalid,
    /// The burst size was zero.
    #[error("burst size must be >= 1 request")]
    BurstSizeInvalid,
    /// The burst spread was NaN, infinite or negative.
    #[error("burst spread_ms must be a finite number >= 0 ms")]
    SpreadInvalid,
    /// The mean interval between bursts was NaN, infinite, zero or negative.
    #[error("burst mean_interval_s must be a finite number > 0 s")]
    IntervalInvalid,
    /// Replayed timestamps were not in non-decreasing order.
    #[error("replayed timestamps must be sorted in non-decreasing order (index {0} is earlier than the one before)")]
    TimestampsUnsorted(usize),
    /// A schedule's requests per firing was zero.
    #[error("requests per schedule firing must be >= 1")]
    PerFiringInvalid,
    /// A flexible time window outside 1-1,440 minutes.
    #[error("a flexible time window (MaximumWindowInMinutes) must be 1 to 1440 minutes (got {0})")]
    WindowInvalid(u32),
}

/// Random bursts of extra requests on top of the base traffic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Burst {
    /// Extra requests per burst [requests], ≥ 1.
    size: u32,
    /// A burst's requests arrive uniformly over this window [ms], ≥ 0 (0: all at once).
    spread_ms: f64,
    /// Mean time between burst starts [s], > 0; starts form a Poisson process.
    mean_interval_s: f64,
}

impl Burst {
    /// Bursts of `size` requests spread uniformly over `spread_ms` [ms], starting as a Poisson process with mean gap
    /// `mean_interval_s` [s].
    ///
    /// # Errors
    ///
    /// [`TrafficError::BurstSizeInvalid`] if `size == 0`, [`TrafficError::SpreadInvalid`] unless
    /// `0 ≤ spread_ms < ∞`, [`TrafficError::IntervalInvalid`] unless `0 < mean_interval_s < ∞`.
    pub fn new(size: u32, spread_ms: f64, mean_interval_s: f64) -> Result<Self, TrafficError> {
        if size == 0 {
            return Err(TrafficError::BurstSizeInvalid);
        }
        if !(spread_ms.is_finite() && spread_ms >= 0.0) {
            return Err(TrafficError::SpreadInvalid);
        }
        if !(mean_interval_s.is_finite() && mean_interval_s > 0.0) {
            return Err(TrafficError::IntervalInvalid);
        }
        Ok(Self { size, spread_ms, mean_interval_s })
    }
}

/// The arrival process of one function: a Poisson base rate, an optional daily profile, optional bursts, and
/// optionally replayed timestamps, all superposed.
#[derive(Debug, Clone, PartialEq)]
pub struct Traffic {
    /// Daily mean rate of the Poisson part [requests/s].
    rate_per_s: f64,
    /// Hourly rate multipliers with mean 1, if a daily profile was given.
    diurnal: Option<[f64; HOURS]>,
    bursts: Option<Burst>,
    /// Replayed arrival times [µs], sorted.
    replay: Option<Arc<[u64]>>,
    /// A trace file streamed by each run (issue 5).
    trace: Option<Arc<Trace>>,
    /// EventBridge schedules (issue 9).
    schedules: Vec<ScheduledArrivals>,
}

impl Traffic {
    /// Poisson arrivals at `rate_per_s` [requests/s] (0 allowed: no base traffic).
    ///
    /// # Errors
    ///
    /// [`TrafficError::RateInvalid`] unless `0 ≤ rate_per_s < ∞`.
    ///
    /// # Examples
    ///
    /// ```
    /// use costsim::workload::{Burst, Traffic};
    /// let mut weights = [1.0; 24];
    /// weights[12] = 3.0; // a lunchtime peak
    /// let t = Traffic::poisson(10.0)?.with_diurnal(weights)?.with_bursts(Burst::new(500, 200.0, 3_600.0)?);
    /// assert!((t.mean_rate_per_s() - (10.0 + 500.0 / 3_600.0)).abs() < 1e-12);
    /// # Ok::<(), costsim::workload::TrafficError>(())
    /// ```
    pub fn poisson(rate_per_s: f64) -> Result<Self, TrafficError> {
        if !(rate_per_s.is_finite() && rate_per_s >= 0.0) {
            return Err(TrafficError::RateInvalid);
        }
        Ok(Self { rate_per_s, ..Self::none() })
    }

    /// Replays requests at the given times [µs since the start of the simulation] and nothing else.
    ///
    /// # Errors
    ///
    /// [`TrafficError::TimestampsUnsorted`] if a time is earlier than the one before it.
    pub fn replay_us(times_us: Vec<u64>) -> Result<Self, TrafficError> {
        if let Some(i) = times_us.windows(2).position(|w| w[1] < w[0]) {
            return Err(TrafficError::TimestampsUnsorted(i + 1));
        }
        Ok(Self { replay: Some(times_us.into()), ..Self::none() })
    }

    /// Replays a trace file and nothing else: each run streams the file (see [`super::trace`]).
    pub fn from_trace(trace: Trace) -> Self {
        Self { trace: Some(Arc::new(trace)), ..Self::none() }
    }

    /// A schedule's firings and nothing else (see [`super::schedule`]).
    pub fn schedule(schedule: ScheduledArrivals) -> Self {
        Self { schedules: vec![schedule], ..Self::none() }
    }

    /// Adds a schedule's firings on top of the rest of the traffic (a nightly batch over daytime requests).
    pub fn with_schedule(mut self, schedule: ScheduledArrivals) -> Self {
        self.schedules.push(schedule);
        self
    }

    /// The schedules, if any.
    pub fn schedules(&self) -> &[ScheduledArrivals] {
        &self.schedules
    }

    /// No traffic at all, for the constructors to fill in.
    fn none() -> Self {
        Self { rate_per_s: 0.0, diurnal: None, bursts: None, replay: None, trace: None, schedules: Vec::new() }
    }

    /// The replayed trace, if any.
    pub fn trace(&self) -> Option<&Trace> {
        self.trace.as_deref()
    }

    /// Scales the Poisson rate by hour of day, keeping the daily mean rate. See the [module docs](self).
    ///
    /// # Errors
    ///
    /// [`TrafficError::WeightsInvalid`] if a weight is NaN, infinite or negative, or all are zero.
    pub fn with_diurnal(mut self, weights: [f64; HOURS]) -> Result<Self, TrafficError> {
        if weights.iter().any(|w| !(w.is_finite() && *w >= 0.0)) {
            return Err(TrafficError::WeightsInvalid);
        }
        // Divide by the largest weight first: each scaled weight is then in [0, 1] and their sum in [1, 24], so
        // `w · 24 / Σw` cannot overflow whatever the weights' magnitude (1e307 × 24 would be +∞).
        let max = weights.iter().copied().fold(0.0, f64::max);
        if max <= 0.0 {
            return Err(TrafficError::WeightsInvalid);
        }
        let scaled = weights.map(|w| w / max);
        let sum: f64 = scaled.iter().sum();
        self.diurnal = Some(scaled.map(|w| w * HOURS as f64 / sum));
        Ok(self)
    }

    /// Adds random bursts on top of the base traffic.
    pub fn with_bursts(mut self, bursts: Burst) -> Self {
        self.bursts = Some(bursts);
        self
    }

    /// Long-run mean arrival rate of the modelled parts [requests/s]: Poisson, bursts and schedules (see
    /// [`ScheduledArrivals::mean_rate_per_s`]; a one-time schedule counts 0). Replayed times and traces are
    /// excluded: they have no rate beyond their own length.
    pub fn mean_rate_per_s(&self) -> f64 {
        self.rate_per_s
            + self.bursts.map_or(0.0, |b| f64::from(b.size) / b.mean_interval_s)
            + self.schedules.iter().map(ScheduledArrivals::mean_rate_per_s).sum::<f64>()
    }

    /// Fresh arrival generators for one simulation run, one per part of the traffic.
    pub fn sources(&self) -> Vec<ArrivalSource> {
        let mut out = Vec::with_capacity(4 + self.schedules.len());
        if self.rate_per_s > 0.0 {
            let per_us = self.rate_per_s / US_PER_S;
            out.push(ArrivalSource::Poisson(PoissonSource {
                t_us: 0.0,
                hour: 0,
                rate_per_us: per_us,
                hourly_per_us: self.diurnal.map(|w| w.map(|x| x * per_us)),
            }));
        }
        if let Some(b) = self.bursts {
            out.push(ArrivalSource::Bursts(BurstSource {
                size: b.size,
                spread_us: b.spread_ms * 1e3,
                mean_interval_us: b.mean_interval_s * US_PER_S,
                next_start_us: None,
                active: Vec::new(),
            }));
        }
        if let Some(times) = &self.replay {
            out.push(ArrivalSource::Replay(ReplaySource { times: Arc::clone(times), next: 0 }));
        }
        if let Some(trace) = &self.trace {
            out.push(ArrivalSource::Trace(Box::new(TraceSource::new(Arc::clone(trace)))));
        }
        out.extend(self.schedules.iter().map(|s| ArrivalSource::Schedule(Box::new(s.source()))));
        out
    }
}

/// A lazy generator of arrival times. Each call to [`ArrivalSource::next_arrival_us`] returns the next arrival,
/// never earlier than the previous one.
///
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ArrivalSource {
    /// Homogeneous or hourly piecewise-constant Poisson arrivals.
    Poisson(PoissonSource),
    /// Random bursts.
    Bursts(BurstSource),
    /// Replayed per-request timestamps.
    Replay(ReplaySource),
    /// A trace streamed from its file.
    Trace(Box<TraceSource>),
    /// The firings of an EventBridge schedule.
    Schedule(Box<ScheduleSource>),
}

impl ArrivalSource {
    /// The next arrival [µs], or `None` when the source has no more.
    #[inline]
    pub fn next_arrival_us<R: Rng + ?Sized>(&mut self, rng: &mut R) -> Option<u64> {
        match self {
            ArrivalSource::Poisson(s) => Some(s.next(rng)),
            ArrivalSource::Bursts(s) => Some(s.next(rng)),
            ArrivalSource::Replay(s) => s.next(),
            ArrivalSource::Trace(s) => s.next(rng),
            ArrivalSource::Schedule(s) => s.next(rng),
        }
    }
}

/// State of a Poisson source (see [`ArrivalSource::Poisson`]).
#[derive(Debug, Clone)]
pub struct PoissonSource {
    /// Time of the last arrival [µs].
    t_us: f64,
    /// Index of the hour segment containing `t_us` (hours since time 0).
    hour: u64,
    /// Daily mean rate [requests/µs], > 0.
    rate_per_us: f64,
    /// Rate in each hour of the day [requests/µs], if there is a daily profile.
    hourly_per_us: Option<[f64; HOURS]>,
}

impl PoissonSource {
    /// The next arrival [µs]; `u64::MAX` once arrivals lie beyond [`LAST_ARRIVAL_US`] (past any horizon).
    ///
    /// With a daily profile, at most 24 hour segments are walked before and after skipping whole days at once, so
    /// each call takes O(1) time whatever the rate: at 1e-9 requests a month the gap is ~10^14 days, which an
    /// hour-by-hour walk would never finish.
    #[inline]
    fn next<R: Rng + ?Sized>(&mut self, rng: &mut R) -> u64 {
        if self.t_us > LAST_ARRIVAL_US {
            return u64::MAX;
        }
        let mut e: f64 = rng.sample(Exp1);
        match &self.hourly_per_us {
            None => self.t_us += e / self.rate_per_us,
            Some(rates) => loop {
                let hour_of_day = (self.hour % HOURS as u64) as usize;
                if hour_of_day == 0 && self.t_us == self.hour as f64 * US_PER_HOUR {
                    // At midnight: skip the whole days whose mass E covers (a day's mass is Σ hourly rate × 1 h).
                    let day_mass = rates.iter().sum::<f64>() * US_PER_HOUR;
                    let days = (e / day_mass).floor();
                    if days >= 1.0 {
                        let hour = self.hour as f64 + days * HOURS as f64;
                        if hour * US_PER_HOUR > LAST_ARRIVAL_US {
                            self.t_us = f64::INFINITY;
                            return u64::MAX;
                        }
                        e = (e - days * day_mass).max(0.0);
                        self.hour = hour as u64;
                        self.t_us = self.hour as f64 * US_PER_HOUR;
                    }
                }
                let rate = rates[hour_of_day];
                let seg_end = (self.hour + 1) as f64 * US_PER_HOUR;
                let mass = (seg_end - self.t_us) * rate;
                if e < mass {
                    self.t_us = (self.t_us + e / rate).min(seg_end);
                    break;
                }
                e -= mass;
                self.t_us = seg_end;
                self.hour += 1;
            },
        }
        if self.t_us > LAST_ARRIVAL_US {
            return u64::MAX;
        }
        super::nearest_us(self.t_us)
    }
}

/// State of a burst source (see [`ArrivalSource::Bursts`]).
#[derive(Debug, Clone)]
pub struct BurstSource {
    size: u32,
    spread_us: f64,
    mean_interval_us: f64,
    /// Start of the next burst not yet begun [µs]; `None` before the first call.
    next_start_us: Option<f64>,
    /// Bursts whose requests are not all out yet. Usually 0 or 1; at most about `spread / interval` + 1.
    active: Vec<ActiveBurst>,
}

#[derive(Debug, Clone)]
struct ActiveBurst {
    /// The next request of this burst [µs].
    pending_us: f64,
    /// End of the burst's window [µs].
    end_us: f64,
    /// Requests left including the pending one.
    remaining: u32,
}

/// The smallest of `k` uniforms on `[cur, end)`: the next order statistic when `k` remain (see the module docs).
pub(super) fn draw_min<R: Rng + ?Sized>(cur: f64, end: f64, k: u32, rng: &mut R) -> f64 {
    let v = 1.0 - rng.gen::<f64>(); // (0, 1]
    cur + (end - cur) * (1.0 - v.powf(1.0 / f64::from(k)))
}

impl BurstSource {
    fn next<R: Rng + ?Sized>(&mut self, rng: &mut R) -> u64 {
        let mut next_start = match self.next_start_us {
            Some(t) => t,
            None => self.mean_interval_us * rng.sample::<f64, _>(Exp1),
        };
        loop {
            let earliest = self
                .active
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.pending_us.total_cmp(&b.1.pending_us))
                .map(|(i, b)| (i, b.pending_us));
            match earliest {
                Some((i, t)) if t < next_start => {
                    self.next_start_us = Some(next_start);
                    let b = &mut self.active[i];
                    b.remaining -= 1;
                    if b.remaining == 0 {
                        self.active.swap_remove(i);
                    } else {
                        b.pending_us = draw_min(t, b.end_us, b.remaining, rng);
                    }
                    return super::nearest_us(t);
                }
                _ => {
                    // The next burst begins before any pending request: open it.
                    let end_us = next_start + self.spread_us;
                    let pending_us = draw_min(next_start, end_us, self.size, rng);
                    self.active.push(ActiveBurst { pending_us, end_us, remaining: self.size });
                    next_start += self.mean_interval_us * rng.sample::<f64, _>(Exp1);
                }
            }
        }
    }
}

/// State of a replay source (see [`ArrivalSource::Replay`]).
#[derive(Debug, Clone)]
pub struct ReplaySource {
    times: Arc<[u64]>,
    next: usize,
}

impl ReplaySource {
    fn next(&mut self) -> Option<u64> {
        let t = self.times.get(self.next).copied();
        self.next += 1;
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_pcg::Pcg64Mcg;

    fn drain(t: &Traffic, until_us: u64, seed: u64) -> Vec<u64> {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let mut out = Vec::new();
        for mut s in t.sources() {
            while let Some(x) = s.next_arrival_us(&mut rng) {
                if x >= until_us {
                    break;
                }
                out.push(x);
            }
        }
        out
    }

    #[test]
    fn rejects_invalid_parameters() {
        for r in [f64::NAN, -1.0, f64::INFINITY] {
            assert_eq!(Traffic::poisson(r), Err(TrafficError::RateInvalid));
        }
        let t = Traffic::poisson(1.0).unwrap();
        let mut w = [1.0; 24];
        w[3] = f64::NAN;
        assert_eq!(t.clone().with_diurnal(w), Err(TrafficError::WeightsInvalid));
        w[3] = -1.0;
        assert_eq!(t.clone().with_diurnal(w), Err(TrafficError::WeightsInvalid));
        assert_eq!(t.clone().with_diurnal([0.0; 24]), Err(TrafficError::WeightsInvalid));
        assert_eq!(Burst::new(0, 1.0, 1.0), Err(TrafficError::BurstSizeInvalid));
        assert_eq!(Burst::new(1, -1.0, 1.0), Err(TrafficError::SpreadInvalid));
        assert_eq!(Burst::new(1, f64::NAN, 1.0), Err(TrafficError::SpreadInvalid));
        assert_eq!(Burst::new(1, 1.0, 0.0), Err(TrafficError::IntervalInvalid));
        assert_eq!(Burst::new(1, 1.0, f64::INFINITY), Err(TrafficError::IntervalInvalid));
        assert_eq!(Traffic::replay_us(vec![1, 2, 1]), Err(TrafficError::TimestampsUnsorted(2)));
        assert!(Traffic::poisson(0.0).unwrap().sources().is_empty());
    }

    #[test]
    fn sources_are_sorted() {
        let bursty = Traffic::poisson(0.0).unwrap().with_bursts(Burst::new(50, 5_000.0, 2.0).unwrap());
        let mut w = [0.0; 24];
        w[1] = 1.0;
        w[5] = 2.0;
        for t in [bursty, Traffic::poisson(3.0).unwrap().with_diurnal(w).unwrap()] {
            let mut rng = Pcg64Mcg::seed_from_u64(3);
            for mut s in t.sources() {
                let mut prev = 0;
                for _ in 0..20_000 {
                    let x = s.next_arrival_us(&mut rng).unwrap();
                    assert!(x >= prev);
                    prev = x;
                }
            }
        }
    }

    #[test]
    fn diurnal_profile_keeps_daily_mean_and_hourly_shape() {
        // Two active hours: weight 1 in hour 1, weight 3 in hour 5; 10 req/s daily mean = 864,000 a day.
        // Hour 1 gets 864,000 / 4 = 216,000, hour 5 gets 648,000; Poisson SD ≈ 465 and 805.
        let mut w = [0.0; 24];
        w[1] = 1.0;
        w[5] = 3.0;
        let t = Traffic::poisson(10.0).unwrap().with_diurnal(w).unwrap();
        let day = 86_400_000_000;
        let arr = drain(&t, day, 11);
        let mut per_hour = [0u64; 24];
        for x in &arr {
            per_hour[(*x / 3_600_000_000) as usize] += 1;
        }
        assert_eq!(per_hour.iter().sum::<u64>(), per_hour[1] + per_hour[5]);
        assert!((per_hour[1] as f64 - 216_000.0).abs() < 5.0 * 465.0, "{per_hour:?}");
        assert!((per_hour[5] as f64 - 648_000.0).abs() < 5.0 * 805.0, "{per_hour:?}");
    }

    #[test]
    fn bursts_bring_size_requests_within_spread() {
        // One burst per 100 s on average, 100 requests each: over 1e5 s, 1,000 bursts and 100,000 requests
        // expected; the count is 100 × Poisson(1,000), SD 100 × 31.6 = 3,162.
        let t = Traffic::poisson(0.0).unwrap().with_bursts(Burst::new(100, 1_000.0, 100.0).unwrap());
        let arr = drain(&t, 100_000_000_000, 5);
        assert!((arr.len() as f64 - 100_000.0).abs() < 5.0 * 3_162.0, "{}", arr.len());
        // The first burst (the next one starts > 1 s later with probability e^-0.01; true for this seed):
        // 100 requests within 1 s, uniform, so their mean offset from the burst start is 0.5 s ± 0.029 s (SD).
        let first = &arr[..100];
        assert!(first[99] - first[0] < 1_000_000);
        let mean_offset = first.iter().map(|&x| (x - first[0]) as f64).sum::<f64>() / 100.0;
        assert!((mean_offset - 500_000.0).abs() < 5.0 * 29_000.0, "{mean_offset}");
        // Simultaneous bursts: spread 0 puts every request of a burst at its start.
        let t = Traffic::poisson(0.0).unwrap().with_bursts(Burst::new(10, 0.0, 100.0).unwrap());
        let arr = drain(&t, 1_000_000_000_000, 5);
        assert!(arr.len() >= 10 && arr[..10].iter().all(|&x| x == arr[0]));
    }

    #[test]
    fn poisson_count_matches_rate() {
        // 50 req/s for 1,000 s: 50,000 expected, SD 224.
        let arr = drain(&Traffic::poisson(50.0).unwrap(), 1_000_000_000, 9);
        assert!((arr.len() as f64 - 50_000.0).abs() < 5.0 * 224.0, "{}", arr.len());
    }

    #[test]
    fn tiny_rates_with_a_daily_profile_end_at_once() {
        // 1e-9 requests a month: 1e-9 / (730 × 3600 s) = 3.8e-16 requests/s. Expected arrivals in a day:
        // 1e-9 × 24 / 730 ≈ 3.3e-11, so the first arrival is (with probability 1 − 3.3e-11) past the day, and far
        // past the last simulated time: the source says so at once instead of walking ~10^15 hours.
        let rate = 1e-9 / (730.0 * 3600.0);
        let mut w = [1.0; 24];
        w[15] = 5.0;
        for t in [Traffic::poisson(rate).unwrap().with_diurnal(w).unwrap(), Traffic::poisson(rate).unwrap()] {
            let mut rng = Pcg64Mcg::seed_from_u64(1);
            let mut s = t.sources().remove(0);
            assert_eq!(s.next_arrival_us(&mut rng), Some(u64::MAX));
            assert_eq!(s.next_arrival_us(&mut rng), Some(u64::MAX));
        }
    }

    #[test]
    fn skipping_whole_days_keeps_the_rate_and_the_hour() {
        // Weight only in hour 5; one request per 10 days on average (mean gap 864,000 s, so most gaps skip days).
        // Over 10,000 days: 1,000 expected, Poisson SD √1000 ≈ 31.6; every arrival falls in hour 5 of its day.
        let mut w = [0.0; 24];
        w[5] = 1.0;
        let t = Traffic::poisson(1.0 / 864_000.0).unwrap().with_diurnal(w).unwrap();
        let arr = drain(&t, 10_000 * 86_400_000_000, 4);
        assert!((arr.len() as f64 - 1_000.0).abs() < 5.0 * 31.6, "{}", arr.len());
        assert!(arr.iter().all(|x| (x / 3_600_000_000) % 24 == 5), "{arr:?}");
    }

    #[test]
    fn huge_weights_are_normalised_without_overflow() {
        // [1e307, 0, …]: all of the day's traffic in hour 0, at 24 × the mean rate; 1e307 × 24 would overflow.
        let mut w = [0.0; 24];
        w[0] = 1e307;
        let t = Traffic::poisson(1.0).unwrap().with_diurnal(w).unwrap();
        assert_eq!(t.diurnal.unwrap()[0], 24.0);
        // 1 request/s × 86,400 s a day, all in hour 0: 86,400 expected in [0, 1 h), SD 294.
        let arr = drain(&t, 86_400_000_000, 2);
        assert!(arr.iter().all(|&x| x < 3_600_000_000));
        assert!((arr.len() as f64 - 86_400.0).abs() < 5.0 * 294.0, "{}", arr.len());
    }

    #[test]
    fn replay_returns_the_timestamps() {
        let t = Traffic::replay_us(vec![0, 0, 5, 9]).unwrap();
        assert_eq!(drain(&t, u64::MAX, 0), vec![0, 0, 5, 9]);
    }
}
