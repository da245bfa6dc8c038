//! `cron(Minutes Hours Day-of-month Month Day-of-week Year)`: the six fields parsed into sets, and the next
//! wall-clock minute they select.
//!
//! Field syntax follows the EventBridge cron reference
//! (<https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html>): `,` lists, `-` ranges,
//! `*` all values, `/` increments (`0/15`, `10-50/5`, `*/10`; not in day-of-week), `?` "any" in one of the two day
//! fields, `L` (last day of the month, or `dL` the last weekday `d` of the month; `L` alone in day-of-week is the
//! last day of the week, Saturday), `W` (`15W` the weekday nearest the 15th, `LW` the last weekday of the month)
//! and `d#k` (the `k`-th weekday `d` of the month). Day-of-week runs 1 = SUN … 7 = SAT.
//!
//! Where the reference is silent this parser is strict rather than guessing: `?`, `L`, `W` and `#` must be the whole
//! field (the reference already says so for `#`); a range must not run backwards (`22-2` is an error; write
//! `22-23,0-2`); a step is 1 to the field's span. The reference defines `nW` only as "the weekday closest to" day
//! `n`; at a month's edge it keeps to the month, the convention of the Quartz syntax EventBridge's comes from: `1W`
//! on a Saturday fires on Monday the 3rd, `31W` on a Sunday on Friday the 29th, and a month without day `n` has no
//! `nW`.

use std::ops::Range;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use super::error::{CronField, FieldProblem, ScheduleError, ScheduleErrorKind};
use crate::diagnostic::excerpt;

/// First and last year a cron expression can select.
pub(super) const FIRST_YEAR: i32 = 1970;
/// Last year a cron expression can select.
pub(super) const LAST_YEAR: i32 = 2199;

const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// A set of values 0-255 (years are stored as `year − 1970`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Bits([u64; 4]);

impl Bits {
    fn insert(&mut self, v: u32) {
        self.0[(v / 64) as usize] |= 1 << (v % 64);
    }

    fn contains(&self, v: u32) -> bool {
        v < 256 && self.0[(v / 64) as usize] & (1 << (v % 64)) != 0
    }

    /// The smallest member ≥ `v`.
    fn next_from(&self, v: u32) -> Option<u32> {
        let mut word = (v / 64) as usize;
        let mut mask = u64::MAX.checked_shl(v % 64).unwrap_or(0);
        while word < 4 {
            let hits = self.0[word] & mask;
            if hits != 0 {
                return Some(word as u32 * 64 + hits.trailing_zeros());
            }
            (word, mask) = (word + 1, u64::MAX);
        }
        None
    }

    fn len(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }
}

/// Which days of a month a day-of-month field selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MonthDays {
    Set(Bits),
    /// `L`.
    Last,
    /// `LW`.
    LastWeekday,
    /// `nW`.
    NearestWeekday(u32),
}

/// Which days a day-of-week field selects (1 = Sunday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WeekDays {
    Set(Bits),
    /// `dL`: the last weekday `d` of the month.
    Last(u32),
    /// `d#k`.
    Nth(u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Days {
    OfMonth(MonthDays),
    OfWeek(WeekDays),
}

/// A parsed cron expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cron {
    minutes: Bits,
    hours: Bits,
    months: Bits,
    /// `year − 1970`.
    years: Bits,
    days: Days,
}

/// The range of values of a field and what it accepts.
struct Spec {
    field: CronField,
    min: u32,
    max: u32,
    names: &'static [&'static str],
    step: bool,
}

const fn spec(field: CronField, min: u32, max: u32, names: &'static [&'static str], step: bool) -> Spec {
    Spec { field, min, max, names, step }
}

const SPECS: [Spec; 6] = [
    spec(CronField::Minutes, 0, 59, &[], true),
    spec(CronField::Hours, 0, 23, &[], true),
    spec(CronField::DayOfMonth, 1, 31, &[], true),
    spec(CronField::Month, 1, 12, &MONTHS, true),
    spec(CronField::DayOfWeek, 1, 7, &DAYS, false),
    spec(CronField::Year, FIRST_YEAR as u32, LAST_YEAR as u32, &[], true),
];

impl Spec {
    fn error(&self, found: &str, problem: FieldProblem, span: Range<usize>) -> ScheduleError {
        ScheduleError::at(ScheduleErrorKind::Field { field: self.field, found: excerpt(found), problem }, span)
    }

    /// One value: a number in range or a name (case-insensitive).
    fn value(&self, tok: &str, at: usize) -> Result<u32, ScheduleError> {
        let span = at..at + tok.len();
        if tok.is_empty() {
            return Err(self.error(tok, FieldProblem::Empty, span));
        }
        if tok.bytes().all(|b| b.is_ascii_digit()) {
            return match tok.parse::<u32>() {
                Ok(v) if (self.min..=self.max).contains(&v) => Ok(v),
                _ => Err(self.error(tok, FieldProblem::OutOfRange, span)),
            };
        }
        if let Some(i) = self.names.iter().position(|n| n.eq_ignore_ascii_case(tok)) {
            return Ok(self.min + i as u32);
        }
        Err(self.error(tok, self.problem_of(tok), span))
    }

    /// Why `tok`, neither a number nor a name, is no value: a wildcard the field never takes, one that must be the
    /// whole field (`?`, `#`, and `L`/`W` in `L`, `LW`, `15W`, `6L`), or just not a value.
    fn problem_of(&self, tok: &str) -> FieldProblem {
        let digits = tok.trim_end_matches(['L', 'l', 'W', 'w']);
        let letters = tok.eq_ignore_ascii_case("L")
            || tok.eq_ignore_ascii_case("LW")
            || (digits.len() < tok.len() && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
        let wildcards = tok.chars().map(|c| c.to_ascii_uppercase()).filter(|&c| match c {
            '?' | '#' | '/' => true,
            'L' | 'W' => letters,
            _ => false,
        });
        if let Some(c) = wildcards.clone().find(|&c| !self.accepts(c)) {
            FieldProblem::NotAllowed(c)
        } else if wildcards.filter(|&c| c != '/').count() > 0 {
            FieldProblem::MustStandAlone
        } else {
            FieldProblem::Unknown
        }
    }

    fn accepts(&self, c: char) -> bool {
        match c {
            '?' => matches!(self.field, CronField::DayOfMonth | CronField::DayOfWeek),
            'L' => matches!(self.field, CronField::DayOfMonth | CronField::DayOfWeek),
            'W' => self.field == CronField::DayOfMonth,
            '#' => self.field == CronField::DayOfWeek,
            '/' => self.step,
            _ => true, // , - *
        }
    }

    /// A `,`-separated list of `*`, `v`, `a-b`, each optionally `/step` where the field allows it.
    fn list(&self, text: &str, at: usize) -> Result<Bits, ScheduleError> {
        let mut bits = Bits::default();
        let mut offset = at;
        for item in text.split(',') {
            self.item(item, offset, &mut bits)?;
            offset += item.len() + 1;
        }
        Ok(bits)
    }

    fn item(&self, item: &str, at: usize, bits: &mut Bits) -> Result<(), ScheduleError> {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (item, None),
        };
        if step.is_some() && !self.step {
            return Err(self.error(item, FieldProblem::NotAllowed('/'), at..at + item.len()));
        }
        let (lo, hi) = if range == "*" {
            (self.min, self.max)
        } else if let Some((a, b)) = range.split_once('-') {
            let (lo, hi) = (self.value(a, at)?, self.value(b, at + a.len() + 1)?);
            if lo > hi {
                return Err(self.error(range, FieldProblem::RangeBackwards, at..at + range.len()));
            }
            (lo, hi)
        } else {
            let v = self.value(range, at)?;
            // `a/n` runs from a to the end of the field.
            (v, if step.is_some() { self.max } else { v })
        };
        let step = match step {
            None => 1,
            Some(s) => {
                let s_at = at + range.len() + 1;
                let span = self.max - self.min;
                match s.parse::<u32>() {
                    Ok(n) if s.bytes().all(|b| b.is_ascii_digit()) && (1..=span).contains(&n) => n,
                    _ => return Err(self.error(s, FieldProblem::Step(span), s_at..s_at + s.len())),
                }
            }
        };
        for v in (lo..=hi).step_by(step as usize) {
            bits.insert(if self.field == CronField::Year { v - FIRST_YEAR as u32 } else { v });
        }
        Ok(())
    }
}

/// The six fields of `cron(...)` with their byte offsets in the expression.
pub(super) type Fields<'a> = [(&'a str, usize); 6];

impl Cron {
    /// Parses six fields; `fields[i].1` is the byte offset of field `i` within the whole expression.
    pub(super) fn parse(fields: Fields<'_>) -> Result<Cron, ScheduleError> {
        let [minutes, hours, dom, month, dow, year] = fields;
        let (dom_any, dow_any) = (dom.0 == "?", dow.0 == "?");
        if dom_any == dow_any {
            let kind = ScheduleErrorKind::DayFields { dom: excerpt(dom.0), dow: excerpt(dow.0) };
            return Err(ScheduleError::at(kind, dom.1..dow.1 + dow.0.len()));
        }
        let days =
            if dow_any { Days::OfMonth(month_days(dom.0, dom.1)?) } else { Days::OfWeek(week_days(dow.0, dow.1)?) };
        Ok(Cron {
            minutes: SPECS[0].list(minutes.0, minutes.1)?,
            hours: SPECS[1].list(hours.0, hours.1)?,
            months: SPECS[3].list(month.0, month.1)?,
            years: SPECS[5].list(year.0, year.1)?,
            days,
        })
    }

    /// Whether the day fields select `date` (its month and year are checked separately).
    fn selects_day(&self, date: NaiveDate) -> bool {
        let day = date.day();
        match self.days {
            Days::OfMonth(MonthDays::Set(b)) => b.contains(day),
            Days::OfMonth(MonthDays::Last) => day == last_day(date),
            Days::OfMonth(MonthDays::LastWeekday) => {
                let last = last_day(date);
                date.with_day(last).is_some_and(|d| day == weekday_near(d, last))
            }
            Days::OfMonth(MonthDays::NearestWeekday(n)) => {
                let last = last_day(date);
                n <= last && date.with_day(n).is_some_and(|d| day == weekday_near(d, last))
            }
            Days::OfWeek(WeekDays::Set(b)) => b.contains(dow(date)),
            Days::OfWeek(WeekDays::Last(d)) => dow(date) == d && day + 7 > last_day(date),
            Days::OfWeek(WeekDays::Nth(d, k)) => dow(date) == d && (day - 1) / 7 + 1 == k,
        }
    }

    /// Whether the expression selects the wall-clock minute of `wall` (seconds ignored): the naive definition that
    /// [`Cron::next_wall`]'s skipping must agree with.
    #[cfg(test)]
    pub(super) fn selects(&self, wall: NaiveDateTime) -> bool {
        let year = wall.year();
        (FIRST_YEAR..=LAST_YEAR).contains(&year)
            && self.years.contains((year - FIRST_YEAR) as u32)
            && self.months.contains(wall.month())
            && self.selects_day(wall.date())
            && self.hours.contains(wall.hour())
            && self.minutes.contains(wall.minute())
    }

    /// The first wall-clock minute at or after `from` that the expression selects, or `None` past 2199.
    pub(super) fn next_wall(&self, from: NaiveDateTime) -> Option<NaiveDateTime> {
        let mut date = from.date();
        let (mut h, mut m) = (from.hour(), from.minute());
        if date.year() < FIRST_YEAR {
            (date, h, m) = (NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1)?, 0, 0);
        }
        loop {
            let year = date.year();
            if year > LAST_YEAR {
                return None;
            }
            let y = (year - FIRST_YEAR) as u32;
            if !self.years.contains(y) {
                let next = self.years.next_from(y + 1)?;
                (date, h, m) = (NaiveDate::from_ymd_opt(FIRST_YEAR + next as i32, 1, 1)?, 0, 0);
                continue;
            }
            if !self.months.contains(date.month()) {
                date = match self.months.next_from(date.month() + 1) {
                    Some(month) => NaiveDate::from_ymd_opt(year, month, 1)?,
                    None => NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
                };
                (h, m) = (0, 0);
                continue;
            }
            if self.selects_day(date) {
                if let Some(time) = self.time_from(h, m) {
                    return Some(date.and_time(time));
                }
            }
            (date, h, m) = (date.succ_opt()?, 0, 0);
        }
    }

    /// The first selected time of day at or after `h:m`.
    fn time_from(&self, h: u32, m: u32) -> Option<NaiveTime> {
        let hour = self.hours.next_from(h)?;
        let (hour, minute) = match self.minutes.next_from(if hour == h { m } else { 0 }) {
            Some(minute) => (hour, minute),
            // No selected minute left in this hour: the first of the next selected hour.
            None => (self.hours.next_from(hour + 1)?, self.minutes.next_from(0)?),
        };
        NaiveTime::from_hms_opt(hour, minute, 0)
    }

    /// Mean firings per second while the expression is active: the selected days of the selected years times the
    /// selected minutes of each day, over the length of those years [firings/s]. Wall-clock minutes skipped or
    /// repeated by daylight-saving changes are not counted apart (at most a few per year).
    pub(super) fn mean_per_s(&self) -> f64 {
        let (mut days, mut seconds) = (0u64, 0u64);
        for y in (0..=(LAST_YEAR - FIRST_YEAR) as u32).filter(|&y| self.years.contains(y)) {
            let year = FIRST_YEAR + y as i32;
            let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else { continue };
            let len = if first.leap_year() { 366 } else { 365 };
            seconds += len * 86_400;
            days += first
                .iter_days()
                .take(len as usize)
                .filter(|d| self.months.contains(d.month()) && self.selects_day(*d))
                .count() as u64;
        }
        let per_day = u64::from(self.minutes.len() * self.hours.len());
        if seconds == 0 {
            return 0.0;
        }
        (days * per_day) as f64 / seconds as f64
    }
}

fn month_days(text: &str, at: usize) -> Result<MonthDays, ScheduleError> {
    let spec = &SPECS[2];
    if text.eq_ignore_ascii_case("L") {
        return Ok(MonthDays::Last);
    }
    if text.eq_ignore_ascii_case("LW") {
        return Ok(MonthDays::LastWeekday);
    }
    if let Some(n) = text.strip_suffix(['W', 'w']) {
        if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(MonthDays::NearestWeekday(spec.value(n, at)?));
        }
    }
    spec.list(text, at).map(MonthDays::Set)
}

fn week_days(text: &str, at: usize) -> Result<WeekDays, ScheduleError> {
    let spec = &SPECS[4];
    if text.eq_ignore_ascii_case("L") {
        // `L` alone is the last day of the week, Saturday, every week (not the last Saturday of the month): the
        // reference says `L` "specifies the last day of the month or week".
        let mut saturday = Bits::default();
        saturday.insert(7);
        return Ok(WeekDays::Set(saturday));
    }
    if let Some(d) = text.strip_suffix(['L', 'l']) {
        if !d.is_empty() && !d.contains([',', '-', '#']) {
            return Ok(WeekDays::Last(spec.value(d, at)?));
        }
    }
    if let Some((d, k)) = text.split_once('#') {
        if !d.contains([',', '-']) && !k.contains([',', '-', '#']) {
            let day = spec.value(d, at)?;
            let k_at = at + d.len() + 1;
            return match k.parse::<u32>() {
                Ok(n) if k.bytes().all(|b| b.is_ascii_digit()) && (1..=5).contains(&n) => Ok(WeekDays::Nth(day, n)),
                _ => Err(spec.error(k, FieldProblem::Occurrence, k_at..k_at + k.len())),
            };
        }
    }
    spec.list(text, at).map(WeekDays::Set)
}

/// Day of the week, 1 = Sunday … 7 = Saturday.
fn dow(date: NaiveDate) -> u32 {
    date.weekday().num_days_from_sunday() + 1
}

/// The number of days in `date`'s month.
fn last_day(date: NaiveDate) -> u32 {
    let (y, m) = (date.year(), date.month());
    let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
    next.and_then(|d| d.pred_opt()).map_or(31, |d| d.day())
}

/// The weekday (Monday-Friday) nearest `date` within its month, whose last day is `last`.
fn weekday_near(date: NaiveDate, last: u32) -> u32 {
    let day = date.day();
    match date.weekday() {
        Weekday::Sat if day == 1 => 3,
        Weekday::Sat => day - 1,
        Weekday::Sun if day == last => day - 2,
        Weekday::Sun => day + 1,
        _ => day,
    }
}
