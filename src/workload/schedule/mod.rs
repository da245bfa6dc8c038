//! EventBridge schedule expressions as an arrival source: `cron(...)`, `rate(...)` and `at(...)` in an IANA time
//! zone, turned lazily into arrival times.
//!
//! [`Schedule::parse`] reads an expression as EventBridge Scheduler documents it
//! (<https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html>; cron fields as in
//! <https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html>):
//!
//! - `cron(Minutes Hours Day-of-month Month Day-of-week Year)`: see [`cron`](self) for the field syntax. Exactly one
//!   of day-of-month and day-of-week must be `?`. Times are wall-clock times in the schedule's time zone.
//! - `rate(value unit)`: `value` a whole number ≥ 1; the unit is `minute`, `hour` or `day` when the value is 1 and
//!   `minutes`, `hours` or `days` otherwise, as the EventBridge rate reference requires
//!   (<https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html>: `rate(1 hours)` and
//!   `rate(5 minute)` are errors).
//! - `at(yyyy-mm-ddThh:mm:ss)`: one firing, at that wall-clock time in the schedule's time zone.
//!
//! The time zone is `ScheduleExpressionTimezone`, an IANA name such as `Europe/Berlin`; UTC when none is given.
//!
//! # Daylight saving time
//!
//! EventBridge Scheduler documents its daylight-saving rule in
//! <https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#daylist-savings-time>; AWS's
//! Knowledge Center states it as: "Amazon EventBridge Scheduler automatically adjusts your schedule for Daylight
//! Saving Time. When the time shifts forward in Spring, your schedule invocation gets skipped if the cron expression
//! falls on a non-existent date and time. When the time shifts back in the Fall, your schedule runs only once and
//! doesn't repeat its invocation." (<https://repost.aws/knowledge-center/eventbridge-scheduler-adjust-dst>). So here:
//!
//! - a wall-clock time that a spring-forward skips does not fire at all (Berlin, 2026-03-29: `cron(30 2 * * ? *)`
//!   does not fire that day; it is not moved to 03:30);
//! - a wall-clock time that a fall-back repeats fires once, at its first occurrence (Berlin, 2026-10-25: 02:30 CEST
//!   = 00:30 UTC, not again at 02:30 CET = 01:30 UTC). AWS does not say which of the two; the first is the one a
//!   clock reaches first, and the one that keeps firings in order;
//! - an `at(...)` time inside a spring-forward gap never fires (the same rule; AWS says nothing more specific);
//! - a rate schedule counts elapsed time, not wall-clock time: "days represents a 24-hour duration on the clock …
//!   EventBridge Scheduler evaluates the rate expression 24 hours after the schedule's last invocation" (the
//!   Knowledge Center article above). `rate(1 day)` stays 86,400 s apart across a change.
//!
//! # When a rate schedule starts
//!
//! The schedule-types page above says a rate schedule without a `StartDate` starts invoking its target as soon as it
//! is created, not one period later: the first firing is at the schedule's start, then one period after each
//! firing. The start is [`ScheduledArrivals::with_start_us`], time 0 (the anchor) by default.

mod cron;
mod error;
mod source;

#[cfg(test)]
mod error_tests;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod props;

pub use error::{CronField, FieldProblem, ScheduleError, ScheduleErrorKind};
pub use source::{ScheduleSource, ScheduledArrivals, Spread, MAX_WINDOW_MINUTES};

use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use cron::Cron;

/// Seconds per minute, hour and day, as a rate schedule counts them (elapsed time, not wall-clock time).
const RATE_UNITS_S: [(&str, &str, u64); 3] =
    [("minute", "minutes", 60), ("hour", "hours", 3_600), ("day", "days", 86_400)];

/// Longest rate period accepted [s]: 100 years of 365 days. Longer periods would never fire within the simulator's
/// horizon; the bound keeps every period's microseconds well inside an i64.
const MAX_RATE_PERIOD_S: u64 = 100 * 365 * 86_400;

/// A parsed schedule expression with its time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// The expression as given, outer whitespace trimmed.
    expression: String,
    kind: Kind,
    tz: Tz,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Cron(Box<Cron>),
    /// Period [s], ≥ 60.
    Rate(u64),
    /// The wall-clock time in the schedule's time zone.
    At(NaiveDateTime),
}

impl Schedule {
    /// Parses `expr` (`cron(...)`, `rate(...)` or `at(...)`) in the IANA time zone `tz` (UTC when `None`).
    ///
    /// # Errors
    ///
    /// A [`ScheduleError`] naming the part that is wrong, what was found and what is allowed, with the byte span of
    /// the offending text in `expr` ([`ScheduleError::span`]; `None` when `tz` is the problem).
    ///
    /// # Examples
    ///
    /// ```
    /// use costsim::workload::Schedule;
    /// let s = Schedule::parse("cron(0 9 ? * MON-FRI *)", Some("Europe/Berlin"))?;
    /// assert_eq!(s.time_zone(), "Europe/Berlin");
    /// let e = Schedule::parse("cron(0 9 ? * 8 *)", None).unwrap_err();
    /// assert_eq!(e.to_string(), "day-of-week field `8`: out of range; allowed 1-7 or SUN-SAT, with , - * ? L #");
    /// assert_eq!(e.span(), Some(13..14));
    /// # Ok::<(), costsim::workload::ScheduleError>(())
    /// ```
    pub fn parse(expr: &str, tz: Option<&str>) -> Result<Schedule, ScheduleError> {
        let start = expr.len() - expr.trim_start().len();
        let trimmed = expr.trim();
        let unknown = || {
            let kind = ScheduleErrorKind::UnknownForm { found: crate::diagnostic::excerpt(trimmed) };
            ScheduleError::at(kind, start..start + trimmed.len())
        };
        let (form, inner) = trimmed.split_once('(').ok_or_else(unknown)?;
        let inner = inner.strip_suffix(')').ok_or_else(unknown)?;
        let at = start + form.len() + 1;
        let kind = match form {
            "cron" => Kind::Cron(Box::new(parse_cron(inner, at)?)),
            "rate" => Kind::Rate(parse_rate(inner, at)?),
            "at" => Kind::At(parse_at(inner, at)?),
            _ => return Err(unknown()),
        };
        // The expression first: its errors point at a place, the time zone's at the whole value.
        let tz = match tz {
            None => Tz::UTC,
            Some(name) => Tz::from_str(name).map_err(|_| {
                let suggestion = crate::diagnostic::did_you_mean(name, chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()));
                ScheduleError::time_zone(name, suggestion)
            })?,
        };
        Ok(Schedule { expression: trimmed.to_string(), kind, tz })
    }

    /// The expression as given (outer whitespace trimmed).
    pub fn expression(&self) -> &str {
        &self.expression
    }

    /// The IANA name of the time zone the expression is evaluated in.
    pub fn time_zone(&self) -> &'static str {
        self.tz.name()
    }

    /// The period of a rate schedule [s]; `None` for cron and one-time schedules.
    pub fn rate_period_s(&self) -> Option<u64> {
        match self.kind {
            Kind::Rate(p) => Some(p),
            _ => None,
        }
    }

    /// The first firing at or after `start`. A rate schedule fires at `start` itself (its StartDate; see the
    /// [module docs](self)).
    pub fn first_from(&self, start: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match &self.kind {
            Kind::Cron(c) => self.next_cron(c, start, true),
            Kind::Rate(_) => Some(start),
            Kind::At(wall) => self.instant(*wall).filter(|&u| u >= start),
        }
    }

    /// The first firing strictly after `t`; for a rate schedule, one period after a firing at `t`.
    pub fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match &self.kind {
            Kind::Cron(c) => self.next_cron(c, t, false),
            Kind::Rate(p) => t.checked_add_signed(Duration::seconds(*p as i64)),
            Kind::At(wall) => self.instant(*wall).filter(|&u| u > t),
        }
    }

    /// Every firing from `start` on, in order (lazy; [`Schedule::first_from`] then [`Schedule::next_after`]).
    pub fn firings_from(&self, start: DateTime<Utc>) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        std::iter::successors(self.first_from(start), |&t| self.next_after(t))
    }

    /// Mean firings per second [1/s]: `1 / period` for a rate schedule; for a cron expression, its firings over the
    /// years its year field selects divided by the length of those years (a mean over the whole 1970-2199 range
    /// when the year is `*`); 0 for a one-time schedule, whose single firing has no long-run rate.
    pub fn mean_firings_per_s(&self) -> f64 {
        match &self.kind {
            Kind::Cron(c) => c.mean_per_s(),
            Kind::Rate(p) => 1.0 / *p as f64,
            Kind::At(_) => 0.0,
        }
    }

    /// The instant of a wall-clock time: its first occurrence if a fall-back repeats it, `None` if a
    /// spring-forward skips it (see the [module docs](self)).
    fn instant(&self, wall: NaiveDateTime) -> Option<DateTime<Utc>> {
        self.tz.from_local_datetime(&wall).earliest().map(|d| d.with_timezone(&Utc))
    }

    /// The first cron firing after `t` (or at `t` when `inclusive`). The scan starts at `t`'s own wall-clock
    /// minute: wall times that map to instants before `t` (those repeated after a fall-back) are passed over, and
    /// skipped wall times (a spring-forward gap, at most a few hours) are tried one selected minute at a time.
    fn next_cron(&self, cron: &Cron, t: DateTime<Utc>, inclusive: bool) -> Option<DateTime<Utc>> {
        let wall = t.with_timezone(&self.tz).naive_local();
        let mut from = wall.date().and_time(NaiveTime::from_hms_opt(wall.hour(), wall.minute(), 0)?);
        loop {
            let w = cron.next_wall(from)?;
            if let Some(u) = self.instant(w) {
                if u > t || (inclusive && u == t) {
                    return Some(u);
                }
            }
            from = w.checked_add_signed(Duration::minutes(1))?;
        }
    }
}

/// Splits the text inside `cron(...)` (starting at byte `at` of the expression) into six fields.
fn parse_cron(inner: &str, at: usize) -> Result<Cron, ScheduleError> {
    let mut fields = [("", 0usize); 6];
    let mut count = 0;
    for (i, word) in words(inner) {
        if count < 6 {
            fields[count] = (word, at + i);
        }
        count += 1;
    }
    if count != 6 {
        let kind = ScheduleErrorKind::FieldCount { found: crate::diagnostic::excerpt(inner), count };
        return Err(ScheduleError::at(kind, at..at + inner.len()));
    }
    Cron::parse(fields)
}

/// The whitespace-separated words of `text` with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| c.is_ascii_whitespace())
        .scan(0, |offset, w| {
            let i = *offset;
            *offset += w.len() + 1;
            Some((i, w))
        })
        .filter(|(_, w)| !w.is_empty())
}

/// `value unit` → the period [s].
fn parse_rate(inner: &str, at: usize) -> Result<u64, ScheduleError> {
    let mut parts = words(inner);
    let (Some((vi, value)), Some((ui, unit)), None) = (parts.next(), parts.next(), parts.next()) else {
        let kind = ScheduleErrorKind::RateShape { found: crate::diagnostic::excerpt(inner) };
        return Err(ScheduleError::at(kind, at..at + inner.len()));
    };
    let unit_span = at + ui..at + ui + unit.len();
    let known = RATE_UNITS_S.iter().find(|(one, many, _)| unit == *one || unit == *many);
    let max = MAX_RATE_PERIOD_S / known.map_or(60, |u| u.2);
    let n = match value.parse::<u64>() {
        Ok(n) if value.bytes().all(|b| b.is_ascii_digit()) && (1..=max).contains(&n) => n,
        _ => {
            let kind = ScheduleErrorKind::RateValue { found: crate::diagnostic::excerpt(value), max };
            return Err(ScheduleError::at(kind, at + vi..at + vi + value.len()));
        }
    };
    match known {
        Some((one, many, s)) if (n == 1 && unit == *one) || (n > 1 && unit == *many) => Ok(n * s),
        _ => Err(ScheduleError::at(
            ScheduleErrorKind::RateUnit { found: crate::diagnostic::excerpt(unit), value: n },
            unit_span,
        )),
    }
}

/// `yyyy-mm-ddThh:mm:ss`, exactly.
fn parse_at(inner: &str, at: usize) -> Result<NaiveDateTime, ScheduleError> {
    let shape = inner.len() == 19
        && inner.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T',
            13 | 16 => b == b':',
            _ => b.is_ascii_digit(),
        });
    let num = |r: std::ops::Range<usize>| inner.get(r).and_then(|s| s.parse::<u32>().ok());
    let parsed = shape
        .then(|| {
            let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
            Some(date.and_time(NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)?))
        })
        .flatten();
    parsed.ok_or_else(|| {
        let kind = ScheduleErrorKind::AtFormat { found: crate::diagnostic::excerpt(inner) };
        ScheduleError::at(kind, at..at + inner.len())
    })
}
