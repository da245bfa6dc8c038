//! Scheduled arrivals: each firing of a [`Schedule`] brings `per_firing` requests, at the firing's instant or spread
//! over a window after it, generated lazily in time order.
//!
//! # Spread
//!
//! EventBridge Scheduler "invoke[s] their targets with 60 second precision … if you set your schedule to run at
//! 1:00, it will invoke the target API between 1:00:00 and 1:00:59", unless a flexible time window is set, in which
//! case it invokes the target within `MaximumWindowInMinutes` (1-1,440) after the scheduled time
//! (<https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html>,
//! <https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-flexible-time-windows.html>).
//! [`Spread`] picks one of: exact (the default, so hand-computed times hold), within the minute, or a flexible
//! window. Each of a firing's `per_firing` requests (say 50 schedules sharing an expression, or one job fanning out)
//! is independently uniform over `[t, t + window)`; they are emitted in order without being stored, by drawing the
//! order statistics one at a time as the burst source does (see [`super::super::traffic`]).
//!
//! Windows of successive firings may overlap (`rate(1 minute)` with a 15-minute window); a small heap keyed by each
//! open firing's next request merges them. It holds at most `window / gap + 1` firings, so after the first few a
//! year of firings allocates nothing.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use rand::Rng;

use super::Schedule;
use crate::workload::traffic::{draw_min, TrafficError};

/// Largest flexible time window, `MaximumWindowInMinutes` [min].
pub const MAX_WINDOW_MINUTES: u32 = 1_440;
/// Microseconds per minute.
const US_PER_MINUTE: u64 = 60_000_000;

/// How the requests of one firing spread after its scheduled instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spread {
    /// Requests are uniform over `[t, t + window_us)`; 0: all at `t` [µs].
    window_us: u64,
}

impl Spread {
    /// Every request at the scheduled instant (the default).
    pub const EXACT: Spread = Spread { window_us: 0 };
    /// Scheduler's 60-second precision without a flexible window: uniform over the scheduled minute.
    pub const WITHIN_MINUTE: Spread = Spread { window_us: US_PER_MINUTE };

    /// A flexible time window of `minutes` [min] (`MaximumWindowInMinutes`, 1-1,440).
    ///
    /// # Errors
    ///
    /// [`TrafficError::WindowInvalid`] unless `1 ≤ minutes ≤ 1440`.
    pub fn flexible_minutes(minutes: u32) -> Result<Spread, TrafficError> {
        if !(1..=MAX_WINDOW_MINUTES).contains(&minutes) {
            return Err(TrafficError::WindowInvalid(minutes));
        }
        Ok(Spread { window_us: u64::from(minutes) * US_PER_MINUTE })
    }

    /// Length of the window [µs]; 0 when exact.
    pub fn window_us(self) -> u64 {
        self.window_us
    }
}

/// A schedule as a traffic source: the schedule, simulated time 0, requests per firing and their spread.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduledArrivals {
    schedule: Arc<Schedule>,
    /// The instant of simulated time 0: 00:00 UTC on the anchor date.
    anchor: DateTime<Utc>,
    /// No firing before this time; a rate schedule's first firing is here [µs since time 0].
    start_us: u64,
    /// Requests per firing, ≥ 1.
    per_firing: u32,
    spread: Spread,
    /// `per_firing × schedule.mean_firings_per_s()`, computed once (a cron expression's mean walks its years)
    /// [requests/s].
    mean_rate_per_s: f64,
}

impl ScheduledArrivals {
    /// `per_firing` requests at each firing of `schedule`; simulated time 0 is 00:00 UTC on `anchor`. Exact spread
    /// and start 0 until changed.
    ///
    /// # Errors
    ///
    /// [`TrafficError::PerFiringInvalid`] if `per_firing == 0`.
    ///
    /// # Examples
    ///
    /// ```
    /// use costsim::workload::{Schedule, ScheduledArrivals, Spread};
    /// let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    /// let s = ScheduledArrivals::new(Schedule::parse("rate(5 minutes)", None)?, day, 50)?
    ///     .with_spread(Spread::flexible_minutes(2)?);
    /// // 50 requests every 300 s.
    /// assert!((s.mean_rate_per_s() - 50.0 / 300.0).abs() < 1e-12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(schedule: Schedule, anchor: NaiveDate, per_firing: u32) -> Result<Self, TrafficError> {
        if per_firing == 0 {
            return Err(TrafficError::PerFiringInvalid);
        }
        let mean_rate_per_s = f64::from(per_firing) * schedule.mean_firings_per_s();
        Ok(Self {
            schedule: Arc::new(schedule),
            anchor: anchor.and_time(NaiveTime::MIN).and_utc(),
            start_us: 0,
            per_firing,
            spread: Spread::EXACT,
            mean_rate_per_s,
        })
    }

    /// Spreads each firing's requests (see the [module docs](self)).
    pub fn with_spread(mut self, spread: Spread) -> Self {
        self.spread = spread;
        self
    }

    /// The schedule's start [µs since time 0]: nothing fires before it, and a rate schedule first fires there.
    pub fn with_start_us(mut self, start_us: u64) -> Self {
        self.start_us = start_us;
        self
    }

    /// The schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// Requests per firing.
    pub fn per_firing(&self) -> u32 {
        self.per_firing
    }

    /// Long-run mean request rate: `per_firing` × [`Schedule::mean_firings_per_s`] [requests/s]. 0 for a one-time
    /// schedule.
    pub fn mean_rate_per_s(&self) -> f64 {
        self.mean_rate_per_s
    }

    /// A fresh generator for one simulation run.
    pub fn source(&self) -> ScheduleSource {
        let start =
            i64::try_from(self.start_us).ok().and_then(|us| self.anchor.checked_add_signed(Duration::microseconds(us)));
        let mut source = ScheduleSource {
            schedule: Arc::clone(&self.schedule),
            anchor: self.anchor,
            next_firing: None,
            per_firing: self.per_firing,
            window_us: self.spread.window_us,
            open: BinaryHeap::new(),
            seq: 0,
        };
        source.next_firing = start.and_then(|s| source.with_us(self.schedule.first_from(s)));
        source
    }
}

/// State of a schedule source (see [`crate::workload::ArrivalSource::Schedule`]).
#[derive(Debug, Clone)]
pub struct ScheduleSource {
    schedule: Arc<Schedule>,
    anchor: DateTime<Utc>,
    /// The next firing whose requests are not drawn yet, and its time [µs since time 0].
    next_firing: Option<(DateTime<Utc>, u64)>,
    per_firing: u32,
    window_us: u64,
    /// Firings whose requests are not all out yet, earliest next request on top.
    open: BinaryHeap<Open>,
    /// Opening order, to break ties between firings.
    seq: u64,
}

/// A firing with requests left.
#[derive(Debug, Clone)]
struct Open {
    /// Its next request [µs since time 0].
    next_us: u64,
    seq: u64,
    /// The firing's instant [µs since time 0].
    base_us: u64,
    /// Offset of the next request after `base_us`, before rounding [µs].
    offset_us: f64,
    /// Requests left, the next one included.
    remaining: u32,
}

impl Ord for Open {
    /// Reversed, so that the max-heap `BinaryHeap` pops the earliest request (then the earliest-opened firing).
    fn cmp(&self, other: &Self) -> Ordering {
        (other.next_us, other.seq).cmp(&(self.next_us, self.seq))
    }
}

impl PartialOrd for Open {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Open {
    fn eq(&self, other: &Self) -> bool {
        (self.next_us, self.seq) == (other.next_us, other.seq)
    }
}

impl Eq for Open {}

impl ScheduleSource {
    /// The next request [µs since time 0], or `None` once the schedule has fired for the last time (cron years end
    /// in 2199; a one-time schedule fires once) and every request is out.
    pub(crate) fn next<R: Rng + ?Sized>(&mut self, rng: &mut R) -> Option<u64> {
        loop {
            let earliest = self.open.peek().map(|o| o.next_us);
            match (self.next_firing, earliest) {
                (None, None) => return None,
                // Open a firing before emitting anything later than its instant: its requests are all ≥ it.
                (Some((at, base_us)), e) if e.is_none_or(|e| base_us <= e) => {
                    self.open_firing(base_us, rng);
                    self.next_firing = self.with_us(self.schedule.next_after(at));
                }
                _ => return self.emit(rng),
            }
        }
    }

    fn open_firing<R: Rng + ?Sized>(&mut self, base_us: u64, rng: &mut R) {
        let offset_us =
            if self.window_us == 0 { 0.0 } else { draw_min(0.0, self.window_us as f64, self.per_firing, rng) };
        self.seq += 1;
        let next_us = base_us.saturating_add(round(offset_us, self.window_us));
        self.open.push(Open { next_us, seq: self.seq, base_us, offset_us, remaining: self.per_firing });
    }

    fn emit<R: Rng + ?Sized>(&mut self, rng: &mut R) -> Option<u64> {
        let window_us = self.window_us;
        let mut top = self.open.peek_mut()?;
        let t = top.next_us;
        top.remaining -= 1;
        if top.remaining == 0 {
            std::collections::binary_heap::PeekMut::pop(top);
        } else if window_us > 0 {
            top.offset_us = draw_min(top.offset_us, window_us as f64, top.remaining, rng);
            top.next_us = top.base_us.saturating_add(round(top.offset_us, window_us));
        }
        Some(t)
    }

    /// A firing with its time since time 0 [µs]; `None` if it has none (before time 0, or too far to count).
    fn with_us(&self, at: Option<DateTime<Utc>>) -> Option<(DateTime<Utc>, u64)> {
        let at = at?;
        let us = (at - self.anchor).num_microseconds()?;
        Some((at, u64::try_from(us).ok()?))
    }
}

/// An offset rounded to whole µs inside `[0, window)` (0 when the window is 0). Rounding is monotone, so a firing's
/// requests stay in order.
fn round(offset_us: f64, window_us: u64) -> u64 {
    crate::workload::nearest_us(offset_us).min(window_us.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::{ArrivalSource, Traffic};
    use rand::SeedableRng;
    use rand_pcg::Pcg64Mcg;

    const HOUR_US: u64 = 3_600_000_000;
    const DAY_US: u64 = 24 * HOUR_US;

    fn arrivals(expr: &str, tz: Option<&str>, anchor: (i32, u32, u32), per_firing: u32) -> ScheduledArrivals {
        let anchor = NaiveDate::from_ymd_opt(anchor.0, anchor.1, anchor.2).unwrap();
        ScheduledArrivals::new(Schedule::parse(expr, tz).unwrap(), anchor, per_firing).unwrap()
    }

    /// Every request before `until_us`, or all of them when the source ends first.
    fn drain(s: &ScheduledArrivals, until_us: u64, seed: u64) -> Vec<u64> {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let mut src = s.source();
        std::iter::from_fn(|| src.next(&mut rng)).take_while(|&t| t < until_us).collect()
    }

    #[test]
    fn exact_firings_bring_per_firing_requests_at_the_instant() {
        // 01:00 UTC daily from 2026-04-01 (a 30-day month), 50 requests each: 1,500, at 1 h + k days.
        let v = drain(&arrivals("cron(0 1 * * ? *)", None, (2026, 4, 1), 50), 30 * DAY_US, 0);
        assert_eq!(v.len(), 1_500);
        for (k, chunk) in v.chunks(50).enumerate() {
            assert!(chunk.iter().all(|&t| t == HOUR_US + k as u64 * DAY_US), "firing {k}");
        }
        // Berlin around the spring-forward: 02:30 CET on 03-28 = 01:30 UTC = 1.5 h; none on 03-29; 02:30 CEST on
        // 03-30 = 00:30 UTC = 48.5 h.
        let v = drain(&arrivals("cron(30 2 * * ? *)", Some("Europe/Berlin"), (2026, 3, 28), 1), 3 * DAY_US, 0);
        assert_eq!(v, [HOUR_US * 3 / 2, HOUR_US * 97 / 2]);
    }

    #[test]
    fn a_rate_schedule_starts_at_its_start() {
        // Every 300 s from 90 s: 90 + 287 × 300 = 86,190 s is the last in the day, so 288 in [0, 1 day).
        let s = arrivals("rate(5 minutes)", None, (2026, 1, 15), 1).with_start_us(90_000_000);
        let v = drain(&s, DAY_US, 0);
        assert_eq!(v.len(), 288);
        assert_eq!((v[0], v[1], v[287]), (90_000_000, 390_000_000, 86_190_000_000));
        // Default start: time 0.
        assert_eq!(drain(&arrivals("rate(1 hour)", None, (2026, 1, 15), 1), 3 * HOUR_US, 0), [0, HOUR_US, 2 * HOUR_US]);
        // A cron's start only cuts firings before it: from 1 h 30 min, the next 01:00 is the next day's.
        let s = arrivals("cron(0 1 * * ? *)", None, (2026, 1, 15), 1).with_start_us(HOUR_US * 3 / 2);
        assert_eq!(drain(&s, 2 * DAY_US, 0), [DAY_US + HOUR_US]);
    }

    #[test]
    fn a_flexible_window_spreads_requests_uniformly_in_order() {
        // 1,000 requests an hour, each uniform over [k h, k h + 600 s): uniform SD 600/√12 = 173.2 s, so their mean
        // offset is 300 s ± 5.48 s (SD of the mean of 1,000).
        let s = arrivals("rate(1 hour)", None, (2026, 1, 15), 1_000).with_spread(Spread::flexible_minutes(10).unwrap());
        let v = drain(&s, 3 * HOUR_US, 7);
        assert_eq!(v.len(), 3_000);
        assert!(v.windows(2).all(|w| w[0] <= w[1]));
        for (k, chunk) in v.chunks(1_000).enumerate() {
            let base = k as u64 * HOUR_US;
            assert!(chunk.iter().all(|&t| (base..base + 600_000_000).contains(&t)), "firing {k}");
            let mean_s = chunk.iter().map(|&t| (t - base) as f64 / 1e6).sum::<f64>() / 1_000.0;
            assert!((mean_s - 300.0).abs() < 5.0 * 5.48, "{mean_s}");
        }
        // Within the minute: 100 requests in [1 h, 1 h + 60 s).
        let s = arrivals("cron(0 1 * * ? *)", None, (2026, 1, 15), 100).with_spread(Spread::WITHIN_MINUTE);
        let v = drain(&s, DAY_US, 3);
        assert_eq!(v.len(), 100);
        assert!(v.iter().all(|&t| (HOUR_US..HOUR_US + 60_000_000).contains(&t)));
    }

    #[test]
    fn overlapping_windows_merge_in_order_and_the_schedule_ends() {
        // Every minute of 2026-12-31 (the year field ends it): 1,440 firings × 2 requests = 2,880, each window
        // 15 minutes, so 15 or 16 firings are open at once. The last request is before 1 day + 15 min.
        let s = arrivals("cron(* * * * ? 2026)", None, (2026, 12, 31), 2)
            .with_spread(Spread::flexible_minutes(15).unwrap());
        let v = drain(&s, u64::MAX, 1);
        assert_eq!(v.len(), 2_880);
        assert!(v.windows(2).all(|w| w[0] <= w[1]));
        assert!(*v.last().unwrap() < DAY_US + 15 * 60_000_000);
        // A one-time schedule: its requests, then nothing.
        let s = arrivals("at(2026-01-15T06:00:00)", None, (2026, 1, 15), 3);
        assert_eq!(drain(&s, u64::MAX, 0), [6 * HOUR_US; 3]);
        // Before the anchor: never.
        assert!(drain(&arrivals("at(2026-01-14T06:00:00)", None, (2026, 1, 15), 3), u64::MAX, 0).is_empty());
    }

    #[test]
    fn a_year_of_minutes_keeps_a_small_heap() {
        // rate(1 minute) for 365 days with a 15-minute window: 525,600 requests; at most 16 firings are ever open,
        // so the heap never grows past a few dozen slots (no allocation per firing).
        let s = arrivals("rate(1 minute)", None, (2026, 1, 1), 1).with_spread(Spread::flexible_minutes(15).unwrap());
        let mut rng = Pcg64Mcg::seed_from_u64(5);
        let mut src = s.source();
        let (mut n, mut prev) = (0u64, 0u64);
        while let Some(t) = src.next(&mut rng).filter(|&t| t < 365 * DAY_US) {
            assert!(t >= prev);
            (n, prev) = (n + 1, t);
        }
        // Firings at 0 … 525,599 min; those from 525,585 min on spill some requests past the year.
        assert!((525_585..=525_600).contains(&n), "{n}");
        assert!(src.open.capacity() <= 32, "{}", src.open.capacity());
    }

    #[test]
    fn parameters_are_validated() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        let s = Schedule::parse("rate(1 hour)", None).unwrap();
        assert_eq!(ScheduledArrivals::new(s, day, 0), Err(TrafficError::PerFiringInvalid));
        assert_eq!(Spread::flexible_minutes(0), Err(TrafficError::WindowInvalid(0)));
        assert_eq!(Spread::flexible_minutes(1_441), Err(TrafficError::WindowInvalid(1_441)));
        assert_eq!(Spread::flexible_minutes(1_440).unwrap().window_us(), 1_440 * 60_000_000);
        assert_eq!(Spread::default(), Spread::EXACT);
    }

    #[test]
    fn traffic_carries_schedules() {
        // 2 requests/s of Poisson plus 50 requests every 300 s: 2 + 1/6 requests/s.
        let s = arrivals("rate(5 minutes)", None, (2026, 1, 15), 50);
        let t = Traffic::poisson(2.0).unwrap().with_schedule(s.clone());
        assert!((t.mean_rate_per_s() - (2.0 + 50.0 / 300.0)).abs() < 1e-12);
        assert_eq!(t.sources().len(), 2);
        let mut sources = Traffic::schedule(s).sources();
        assert!(matches!(sources.as_slice(), [ArrivalSource::Schedule(_)]));
        let mut rng = Pcg64Mcg::seed_from_u64(0);
        assert_eq!(sources[0].next_arrival_us(&mut rng), Some(0));
    }
}
