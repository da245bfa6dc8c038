//! Property tests: no input makes the parser panic; every valid expression fires at strictly increasing times,
//! each firing after the instant it was asked from; the calendar skipping agrees with a minute-by-minute scan, and
//! so do the firings around daylight-saving changes; a schedule source emits in order.

use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use proptest::prelude::*;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

use super::*;

const ZONES: [&str; 6] =
    ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia"];

/// One list item of a field with values `lo..=hi`: `*`, `v`, `a-b`, `a/s`, `*/s` or `a-b/s`.
fn item(lo: u32, hi: u32, step: bool) -> impl Strategy<Value = String> {
    let span = hi - lo;
    (0..6u8, lo..=hi, lo..=hi, 1..=span.max(1)).prop_map(move |(form, a, b, s)| {
        let (a, b) = (a.min(b), a.max(b));
        match (form, step) {
            (0, _) => "*".to_string(),
            (1, _) | (3..=5, false) => a.to_string(),
            (2, _) => format!("{a}-{b}"),
            (3, true) => format!("{a}/{s}"),
            (4, true) => format!("*/{s}"),
            _ => format!("{a}-{b}/{s}"),
        }
    })
}

fn list(lo: u32, hi: u32, step: bool) -> impl Strategy<Value = String> {
    prop::collection::vec(item(lo, hi, step), 1..4).prop_map(|v| v.join(","))
}

/// The two day fields: exactly one is `?`.
fn days() -> impl Strategy<Value = (String, String)> {
    let dom = prop_oneof![
        list(1, 31, true),
        Just("L".to_string()),
        Just("LW".to_string()),
        (1..=31u32).prop_map(|d| format!("{d}W")),
    ];
    let dow = prop_oneof![
        list(1, 7, false),
        Just("L".to_string()),
        (1..=7u32).prop_map(|d| format!("{d}L")),
        (1..=7u32, 1..=5u32).prop_map(|(d, k)| format!("{d}#{k}")),
        Just("MON-FRI".to_string()),
    ];
    prop_oneof![dom.prop_map(|d| (d, "?".to_string())), dow.prop_map(|w| ("?".to_string(), w))]
}

fn cron() -> impl Strategy<Value = String> {
    let year = prop_oneof![Just("*".to_string()), list(2020, 2040, true)];
    (list(0, 59, true), list(0, 23, true), days(), list(1, 12, true), year)
        .prop_map(|(mi, h, (dom, dow), mo, y)| format!("cron({mi} {h} {dom} {mo} {dow} {y})"))
}

fn expression() -> impl Strategy<Value = String> {
    let rate = (1..=1_000u64, 0..3usize).prop_map(|(n, u)| {
        let (one, many) = [("minute", "minutes"), ("hour", "hours"), ("day", "days")][u];
        format!("rate({n} {})", if n == 1 { one } else { many })
    });
    let at = (2020..2040i32, 1..=12u32, 1..=28u32, 0..24u32, 0..60u32)
        .prop_map(|(y, mo, d, h, mi)| format!("at({y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:00)"));
    prop_oneof![4 => cron(), 1 => rate, 1 => at]
}

/// An instant in 2020-2040 [s since the epoch].
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (1_577_836_800i64..2_208_988_800).prop_map(|s| Utc.timestamp_opt(s, 0).unwrap())
}

/// Zones with daylight saving: Berlin and New York change at 02:00-03:00, Lord Howe by 30 minutes, Santiago at
/// midnight.
const DST_ZONES: [&str; 4] = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago"];

fn the_cron(s: &Schedule) -> &cron::Cron {
    match &s.kind {
        Kind::Cron(c) => c,
        _ => unreachable!("cron() parses to a cron"),
    }
}

/// Wall-clock time of `u` in `tz`.
fn wall(tz: Tz, u: DateTime<Utc>) -> NaiveDateTime {
    u.with_timezone(&tz).naive_local()
}

/// The first change of UTC offset in `tz` within a year after `from`, to the hour.
fn next_change(tz: Tz, from: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let offset = |u: DateTime<Utc>| tz.offset_from_utc_datetime(&u.naive_utc()).fix().local_minus_utc();
    let first = offset(from);
    (1..=366 * 24).map(|h| from + Duration::hours(h)).find(|&u| offset(u) != first)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn calendar_skipping_agrees_with_a_minute_by_minute_scan(cron in cron(), from in instant()) {
        // The next selected wall-clock minute within 3 days, found by trying every minute.
        let c = the_cron(&Schedule::parse(&cron, None).unwrap()).clone();
        let from = from.naive_utc();
        let scan = (0..3 * 1_440).map(|m| from + Duration::minutes(m)).find(|&w| c.selects(w));
        let from_minute = from - Duration::seconds(i64::from(chrono::Timelike::second(&from)));
        let next = c.next_wall(from_minute);
        match scan {
            Some(w) => prop_assert_eq!(next, Some(w - Duration::seconds(i64::from(chrono::Timelike::second(&w)))), "{}", cron),
            None => prop_assert!(next.is_none_or(|n| n >= from + Duration::days(3)), "{}: {:?}", cron, next),
        }
    }

    #[test]
    fn firings_around_daylight_saving_changes_match_a_brute_force(
        cron in cron(),
        tz in prop::sample::select(DST_ZONES.to_vec()),
        from in instant(),
    ) {
        // A UTC minute fires when its wall-clock minute is selected and is not a repeat: no instant up to 3 h
        // earlier showed the same wall-clock time (offsets move in steps of 15 minutes). Skipped wall times have no
        // instant at all, so they never fire.
        let s = Schedule::parse(&cron, Some(tz)).unwrap();
        let zone = s.tz;
        let Some(change) = next_change(zone, from) else { return Ok(()) };
        let a = change - Duration::days(1);
        let a = a - Duration::seconds(a.timestamp().rem_euclid(60));
        let b = a + Duration::days(2);
        let brute: Vec<_> = (0..2 * 1_440)
            .map(|m| a + Duration::minutes(m))
            .filter(|&u| {
                let w = wall(zone, u);
                the_cron(&s).selects(w) && (1..=12).all(|k| wall(zone, u - Duration::minutes(15 * k)) != w)
            })
            .collect();
        let got: Vec<_> = s.firings_from(a).take_while(|&u| u < b).collect();
        let first_difference = got.iter().zip(&brute).position(|(g, b)| g != b).unwrap_or(got.len().min(brute.len()));
        prop_assert!(
            got == brute,
            "{} in {} around {}: {} firings, brute force {}; first difference at {}: {:?} against {:?}",
            cron, tz, change, got.len(), brute.len(), first_difference,
            got.get(first_difference), brute.get(first_difference)
        );
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>(), tz in any::<Option<String>>()) {
        let _ = Schedule::parse(&text, tz.as_deref());
    }

    #[test]
    fn schedule_like_text_never_panics(
        text in "(cron|rate|at)\\([0-9A-Za-z?*/,#LW: -]{0,40}\\)",
        tz in prop::sample::select(ZONES.to_vec()),
    ) {
        if let Ok(s) = Schedule::parse(&text, Some(tz)) {
            let _ = s.firings_from(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()).take(5).count();
            let _ = s.mean_firings_per_s();
        }
        if let Err(e) = Schedule::parse(&text, Some(tz)) {
            prop_assert!(e.span().is_some_and(|r| text.get(r).is_some()));
        }
    }

    #[test]
    fn firings_increase_strictly_and_follow_their_instant(
        expr in expression(),
        tz in prop::sample::select(ZONES.to_vec()),
        start in instant(),
        probes in prop::collection::vec(instant(), 1..5),
    ) {
        let s = Schedule::parse(&expr, Some(tz)).map_err(|e| TestCaseError::fail(format!("{expr}: {e}")))?;
        let v: Vec<_> = s.firings_from(start).take(40).collect();
        prop_assert!(v.first().is_none_or(|&f| f >= start), "{expr}: {v:?}");
        prop_assert!(v.windows(2).all(|w| w[0] < w[1]), "{expr}: {v:?}");
        for t in probes {
            if let Some(n) = s.next_after(t) {
                prop_assert!(n > t, "{expr}: next after {t} is {n}");
                // Nothing fires strictly between t and n: firings fall on whole seconds, so the first at or after
                // t + 1 s is n (a rate counts its periods from t instead).
                if s.rate_period_s().is_none() {
                    prop_assert_eq!(s.first_from(t + Duration::seconds(1)), Some(n), "{}", expr);
                }
            }
        }
    }

    #[test]
    fn sources_emit_in_order(
        expr in expression(),
        per_firing in 1..20u32,
        window in prop::option::of(1..=120u32),
        seed in any::<u64>(),
    ) {
        let s = Schedule::parse(&expr, Some("Europe/Berlin")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let anchor = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let spread = window.map_or(Spread::EXACT, |w| Spread::flexible_minutes(w).unwrap());
        let mut src = ScheduledArrivals::new(s, anchor, per_firing).unwrap().with_spread(spread).source();
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let v: Vec<u64> = std::iter::from_fn(|| src.next(&mut rng)).take(500).collect();
        prop_assert!(v.windows(2).all(|w| w[0] <= w[1]), "{expr}");
    }
}
