//! Firing times worked out by hand from the calendar, and the daylight-saving rule applied to Berlin's 2026
//! changes (EU rule: the last Sunday of March and of October at 01:00 UTC).
//!
//! Calendar facts used below, counted from 2026-03-01, a Sunday: April 1 is a Wednesday (+31 days), May 1 a Friday
//! (+30), June 1 a Monday, July 1 a Wednesday, August 1 a Saturday, September 1 a Tuesday, October 1 a Thursday.

use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc};

use super::*;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// Firings in `[from, until)`.
fn fire(expr: &str, tz: Option<&str>, from: DateTime<Utc>, until: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    Schedule::parse(expr, tz).unwrap().firings_from(from).take_while(|t| *t < until).collect()
}

fn days(v: &[DateTime<Utc>]) -> Vec<u32> {
    v.iter().map(|t| t.day()).collect()
}

#[test]
fn daily_at_one_fires_30_times_in_a_30_day_month() {
    // April 2026 has 30 days: one firing a day at 01:00 UTC.
    let v = fire("cron(0 1 * * ? *)", None, utc(2026, 4, 1, 0, 0), utc(2026, 5, 1, 0, 0));
    assert_eq!(v.len(), 30);
    assert_eq!(days(&v), (1..=30).collect::<Vec<_>>());
    assert!(v.iter().all(|t| t.hour() == 1 && t.minute() == 0 && t.second() == 0));
}

#[test]
fn every_15_minutes_is_96_a_day() {
    // 24 hours × 4 quarter hours = 96; `*/15` is the same set as `0/15`.
    for expr in ["cron(0/15 * * * ? *)", "cron(*/15 * * * ? *)", "cron(0,15,30,45 * * * ? *)"] {
        let v = fire(expr, None, utc(2026, 1, 15, 0, 0), utc(2026, 1, 16, 0, 0));
        assert_eq!(v.len(), 96, "{expr}");
        assert_eq!((v[0], v[95]), (utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 23, 45)));
    }
    // AWS's example `1/10`: minutes 1, 11, 21, 31, 41, 51 → 6 an hour; `10-50/5`: 10, 15, …, 50 → 9 an hour.
    let v = fire("cron(1/10 * * * ? *)", None, utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 1, 0));
    assert_eq!(v.iter().map(|t| t.minute()).collect::<Vec<_>>(), [1, 11, 21, 31, 41, 51]);
    let v = fire("cron(10-50/5 * * * ? *)", None, utc(2026, 1, 15, 0, 0), utc(2026, 1, 15, 1, 0));
    assert_eq!(v.len(), 9);
}

#[test]
fn weekdays_at_nine_in_march_2026() {
    // March 2026: 31 days from Sunday the 1st. Saturdays 7, 14, 21, 28 and Sundays 1, 8, 15, 22, 29: 9 weekend
    // days, so 31 − 9 = 22 weekdays. Names and numbers (2-6 = MON-FRI) agree, in any case.
    for expr in ["cron(0 9 ? * MON-FRI *)", "cron(0 9 ? * 2-6 *)", "cron(0 9 ? * mon-fri *)"] {
        let v = fire(expr, None, utc(2026, 3, 1, 0, 0), utc(2026, 4, 1, 0, 0));
        assert_eq!(v.len(), 22, "{expr}");
        assert_eq!((v[0], v[21]), (utc(2026, 3, 2, 9, 0), utc(2026, 3, 31, 9, 0)));
    }
    // Weekends only, written as a list: 9 days.
    assert_eq!(fire("cron(0 9 ? * SAT,SUN *)", None, utc(2026, 3, 1, 0, 0), utc(2026, 4, 1, 0, 0)).len(), 9);
    // `L` alone in day-of-week is Saturday (the last day of the week), every week: 7, 14, 21, 28.
    let v = fire("cron(0 9 ? * L *)", None, utc(2026, 3, 1, 0, 0), utc(2026, 4, 1, 0, 0));
    assert_eq!(days(&v), [7, 14, 21, 28]);
}

#[test]
fn last_day_of_each_month() {
    // 2026 is not a leap year: 31 28 31 30 31 30 31 31 30 31 30 31.
    let v = fire("cron(0 0 L * ? *)", None, utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0));
    assert_eq!(days(&v), [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    // 2028 is: February ends on the 29th.
    let v = fire("cron(0 0 L FEB ? *)", None, utc(2028, 1, 1, 0, 0), utc(2029, 1, 1, 0, 0));
    assert_eq!(v, [utc(2028, 2, 29, 0, 0)]);
}

#[test]
fn nearest_weekday_keeps_to_its_month() {
    let from = utc(2026, 1, 1, 0, 0);
    let until = utc(2027, 1, 1, 0, 0);
    // August 15, 2026 is a Saturday (August 1 is one): 15W fires on Friday the 14th at 12:00.
    let v = fire("cron(0 12 15W * ? *)", None, from, until);
    assert!(v.contains(&utc(2026, 8, 14, 12, 0)), "{v:?}");
    // March 15 is a Sunday: Monday the 16th. April 15 is a Wednesday: the 15th itself.
    assert!(v.contains(&utc(2026, 3, 16, 12, 0)) && v.contains(&utc(2026, 4, 15, 12, 0)));
    assert_eq!(v.len(), 12);
    // August 1 is a Saturday: 1W does not go back into July but forward to Monday the 3rd.
    let v = fire("cron(0 12 1W AUG ? *)", None, from, until);
    assert_eq!(v, [utc(2026, 8, 3, 12, 0)]);
    // May 31 is a Sunday (May 1 is a Friday, +30 days): 31W and LW both go back to Friday the 29th.
    assert_eq!(fire("cron(0 12 31W MAY ? *)", None, from, until), [utc(2026, 5, 29, 12, 0)]);
    assert_eq!(fire("cron(0 12 LW MAY ? *)", None, from, until), [utc(2026, 5, 29, 12, 0)]);
    // April has no 31st: 31W does not fire in April (nor in any 30-day month or February): 7 months fire.
    assert_eq!(fire("cron(0 12 31W * ? *)", None, from, until).len(), 7);
}

#[test]
fn nth_and_last_weekday_of_the_month() {
    let (from, until) = (utc(2026, 3, 1, 0, 0), utc(2026, 4, 1, 0, 0));
    // March 2026 Fridays: 6, 13, 20, 27. The third (6#3) is the 20th; the last (6L) the 27th.
    assert_eq!(fire("cron(0 10 ? * 6#3 *)", None, from, until), [utc(2026, 3, 20, 10, 0)]);
    assert_eq!(fire("cron(0 10 ? * FRI#3 *)", None, from, until), [utc(2026, 3, 20, 10, 0)]);
    assert_eq!(fire("cron(0 10 ? * 6L *)", None, from, until), [utc(2026, 3, 27, 10, 0)]);
    // AWS's example 3#2, the second Tuesday: Tuesdays 3, 10, 17, 24, 31 → the 10th.
    assert_eq!(fire("cron(0 10 ? * 3#2 *)", None, from, until), [utc(2026, 3, 10, 10, 0)]);
    // Mondays in March: 2, 9, 16, 23, 30, so a fifth (2#5) on the 30th; April's (6, 13, 20, 27) have none, and
    // May's (4, 11, 18, 25) neither: the next fifth Monday after March is June 29 (June 1 is a Monday).
    let v = fire("cron(0 10 ? * 2#5 *)", None, from, utc(2026, 7, 1, 0, 0));
    assert_eq!(v, [utc(2026, 3, 30, 10, 0), utc(2026, 6, 29, 10, 0)]);
}

#[test]
fn rate_fires_from_the_start_every_period() {
    // 86,400 s / 300 s = 288 a day, the first at the start itself.
    let start = utc(2026, 1, 15, 0, 0);
    let v = fire("rate(5 minutes)", None, start, utc(2026, 1, 16, 0, 0));
    assert_eq!(v.len(), 288);
    assert_eq!((v[0], v[1], v[287]), (start, utc(2026, 1, 15, 0, 5), utc(2026, 1, 15, 23, 55)));
    let s = Schedule::parse("rate(1 hour)", None).unwrap();
    assert_eq!(s.rate_period_s(), Some(3_600));
    assert_eq!(Schedule::parse("rate(2 days)", None).unwrap().rate_period_s(), Some(172_800));
    assert_eq!(Schedule::parse("rate(1 minute)", None).unwrap().rate_period_s(), Some(60));
}

#[test]
fn at_fires_once() {
    let s = Schedule::parse("at(2026-03-01T09:30:00)", None).unwrap();
    let v: Vec<_> = s.firings_from(utc(2026, 1, 1, 0, 0)).collect();
    assert_eq!(v, [Utc.with_ymd_and_hms(2026, 3, 1, 9, 30, 0).unwrap()]);
    // Started after it: never.
    assert_eq!(s.firings_from(utc(2026, 3, 1, 9, 31)).count(), 0);
    // In Berlin (CET, UTC+1 in March before the 29th): 08:30 UTC. Seconds are kept.
    let s = Schedule::parse("at(2026-03-01T09:30:15)", Some("Europe/Berlin")).unwrap();
    assert_eq!(s.first_from(utc(2026, 1, 1, 0, 0)), Some(Utc.with_ymd_and_hms(2026, 3, 1, 8, 30, 15).unwrap()));
}

#[test]
fn berlin_spring_forward_skips_and_fall_back_fires_once() {
    let berlin = Some("Europe/Berlin");
    // 2026-03-29: 02:00 CET (01:00 UTC) jumps to 03:00 CEST, so 02:30 does not exist that day and is skipped.
    // 03-28 02:30 CET = 01:30 UTC; 03-30 02:30 CEST = 00:30 UTC.
    let v = fire("cron(30 2 * * ? *)", berlin, utc(2026, 3, 28, 0, 0), utc(2026, 3, 31, 0, 0));
    assert_eq!(v, [utc(2026, 3, 28, 1, 30), utc(2026, 3, 30, 0, 30)]);
    // 2026-10-25: 03:00 CEST (01:00 UTC) falls back to 02:00 CET, so 02:30 happens twice; it fires once, at the
    // first (02:30 CEST = 00:30 UTC). 10-24 02:30 CEST = 00:30 UTC; 10-26 02:30 CET = 01:30 UTC.
    let v = fire("cron(30 2 * * ? *)", berlin, utc(2026, 10, 24, 0, 0), utc(2026, 10, 27, 0, 0));
    assert_eq!(v, [utc(2026, 10, 24, 0, 30), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]);
    // Every quarter hour through the local day: the short day loses 02:00, 02:15, 02:30, 02:45 (96 − 4 = 92); the
    // long day still fires each wall-clock time once (96), leaving a 75-minute gap from 02:45 CEST (00:45 UTC) to
    // 03:00 CET (02:00 UTC). Local 2026-03-29 runs from 23:00 UTC on the 28th to 22:00 UTC on the 29th (23 h);
    // local 2026-10-25 from 22:00 UTC on the 24th to 23:00 UTC on the 25th (25 h).
    let v = fire("cron(0/15 * * * ? *)", berlin, utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 22, 0));
    assert_eq!(v.len(), 92);
    let v = fire("cron(0/15 * * * ? *)", berlin, utc(2026, 10, 24, 22, 0), utc(2026, 10, 25, 23, 0));
    assert_eq!(v.len(), 96);
    let i = v.iter().position(|&t| t == utc(2026, 10, 25, 0, 45)).unwrap();
    assert_eq!(v[i + 1], utc(2026, 10, 25, 2, 0));
    // A rate counts elapsed time: rate(1 day) from 00:00 UTC stays 24 h apart across the change (wall clock
    // 01:00 CET, then 02:00 CEST).
    let v = fire("rate(1 day)", berlin, utc(2026, 3, 28, 0, 0), utc(2026, 3, 31, 0, 0));
    assert_eq!(v, [utc(2026, 3, 28, 0, 0), utc(2026, 3, 29, 0, 0), utc(2026, 3, 30, 0, 0)]);
    // An at() inside the gap never fires.
    let s = Schedule::parse("at(2026-03-29T02:30:00)", berlin).unwrap();
    assert_eq!(s.first_from(utc(2026, 1, 1, 0, 0)), None);
}

#[test]
fn the_year_field_ends_the_schedule() {
    let s = Schedule::parse("cron(0 12 * * ? 2026)", None).unwrap();
    let last = s.firings_from(utc(2026, 12, 30, 0, 0)).collect::<Vec<_>>();
    assert_eq!(last, [utc(2026, 12, 30, 12, 0), utc(2026, 12, 31, 12, 0)]);
    // Years before the first selected one are skipped whole; 2199 is the last possible year.
    let s = Schedule::parse("cron(0 0 1 JAN ? 2030,2199)", None).unwrap();
    assert_eq!(
        s.firings_from(utc(2026, 1, 1, 0, 0)).collect::<Vec<_>>(),
        [utc(2030, 1, 1, 0, 0), utc(2199, 1, 1, 0, 0)]
    );
    // A day that never exists (February 30) parses and never fires.
    assert_eq!(Schedule::parse("cron(0 0 30 2 ? *)", None).unwrap().first_from(utc(2026, 1, 1, 0, 0)), None);
}

#[test]
fn mean_firing_rates() {
    // Daily: 1 / 86,400 s exactly (every day of every year).
    let daily = Schedule::parse("cron(0 1 * * ? *)", None).unwrap();
    assert!((daily.mean_firings_per_s() - 1.0 / 86_400.0).abs() < 1e-18);
    assert_eq!(Schedule::parse("rate(5 minutes)", None).unwrap().mean_firings_per_s(), 1.0 / 300.0);
    assert_eq!(Schedule::parse("at(2026-03-01T09:30:00)", None).unwrap().mean_firings_per_s(), 0.0);
    // Weekdays, one a day: 1970-2199 is 230 × 365 + 56 leap days (1972-2196 less 2100) = 84,006 days = 12,000
    // weeks + 6 days, so 60,000 + 4 or 5 weekdays: within 1 day of 5/7 of 84,006.
    let weekdays = Schedule::parse("cron(0 9 ? * MON-FRI *)", None).unwrap().mean_firings_per_s() * 86_400.0;
    assert!((weekdays - 5.0 / 7.0).abs() < 1.0 / 84_006.0, "{weekdays}");
    // Year 2026 only, every 15 minutes: 96 a day while it runs.
    let q = Schedule::parse("cron(0/15 * * * ? 2026)", None).unwrap().mean_firings_per_s() * 86_400.0;
    assert!((q - 96.0).abs() < 1e-9, "{q}");
}
