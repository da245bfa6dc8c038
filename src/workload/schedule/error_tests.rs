//! Every kind of schedule error: its message, and the byte span it points at (counted by hand: `cron(` is bytes
//! 0-4, so the first field starts at byte 5; `rate(` likewise; `at(` puts its text at byte 3).

use super::*;

/// `(expression, time zone, message, span)`.
type Case = (&'static str, Option<&'static str>, &'static str, Option<(usize, usize)>);

const CASES: &[Case] = &[
    (
        "every(5 minutes)",
        None,
        "schedule expression `every(5 minutes)`: allowed cron(...), rate(...) or at(...), e.g. cron(0 1 * * ? *)",
        Some((0, 16)),
    ),
    // Outer whitespace is trimmed but spans still count it: the expression starts at byte 2.
    (
        "  cron(0 1 * * ? *",
        None,
        "schedule expression `cron(0 1 * * ? *`: allowed cron(...), rate(...) or at(...), e.g. cron(0 1 * * ? *)",
        Some((2, 18)),
    ),
    ("", None, "schedule expression ``: allowed cron(...), rate(...) or at(...), e.g. cron(0 1 * * ? *)", Some((0, 0))),
    (
        "cron(0 1 * * ?)",
        None,
        "cron expression `0 1 * * ?` has 5 fields: allowed exactly 6, Minutes Hours Day-of-month Month Day-of-week \
         Year, e.g. cron(0 1 * * ? *)",
        Some((5, 14)),
    ),
    // Values out of range, one per field: minutes at byte 5, hours at 7, day-of-month at 9, month at 11, day-of-week
    // at 13, year at 15.
    ("cron(60 * * * ? *)", None, "minutes field `60`: out of range; allowed 0-59, with , - * /", Some((5, 7))),
    ("cron(0 24 * * ? *)", None, "hours field `24`: out of range; allowed 0-23, with , - * /", Some((7, 9))),
    (
        "cron(0 0 32 * ? *)",
        None,
        "day-of-month field `32`: out of range; allowed 1-31, with , - * ? / L W",
        Some((9, 11)),
    ),
    (
        "cron(0 0 1 13 ? *)",
        None,
        "month field `13`: out of range; allowed 1-12 or JAN-DEC, with , - * /",
        Some((11, 13)),
    ),
    (
        "cron(0 9 ? * 8 *)",
        None,
        "day-of-week field `8`: out of range; allowed 1-7 or SUN-SAT, with , - * ? L #",
        Some((13, 14)),
    ),
    ("cron(0 0 1 * ? 1969)", None, "year field `1969`: out of range; allowed 1970-2199, with , - * /", Some((15, 19))),
    (
        "cron(0 0 ? JANUARY MON *)",
        None,
        "month field `JANUARY`: not a value of this field; allowed 1-12 or JAN-DEC, with , - * /",
        Some((11, 18)),
    ),
    // Wildcards a field never takes.
    (
        "cron(0 0 ? * MON/2 *)",
        None,
        "day-of-week field `MON/2`: `/` cannot be used in this field; allowed 1-7 or SUN-SAT, with , - * ? L #",
        Some((13, 18)),
    ),
    (
        "cron(? 0 * * ? *)",
        None,
        "minutes field `?`: `?` cannot be used in this field; allowed 0-59, with , - * /",
        Some((5, 6)),
    ),
    (
        "cron(0 0 2#3 * ? *)",
        None,
        "day-of-month field `2#3`: `#` cannot be used in this field; allowed 1-31, with , - * ? / L W",
        Some((9, 12)),
    ),
    (
        "cron(0 0 ? * 5W *)",
        None,
        "day-of-week field `5W`: `W` cannot be used in this field; allowed 1-7 or SUN-SAT, with , - * ? L #",
        Some((13, 15)),
    ),
    (
        "cron(0 0 ? L MON *)",
        None,
        "month field `L`: `L` cannot be used in this field; allowed 1-12 or JAN-DEC, with , - * /",
        Some((11, 12)),
    ),
    // `L`, `W`, `#` inside a list; AWS's own invalid example "3#1,6#3" is of this kind.
    (
        "cron(0 0 1,L * ? *)",
        None,
        "day-of-month field `L`: `?`, `L`, `W` and `#` must be the whole field, not part of a list or range; allowed \
         1-31, with , - * ? / L W",
        Some((11, 12)),
    ),
    (
        "cron(0 0 ? * 3#1,6#3 *)",
        None,
        "day-of-week field `3#1`: `?`, `L`, `W` and `#` must be the whole field, not part of a list or range; allowed \
         1-7 or SUN-SAT, with , - * ? L #",
        Some((13, 16)),
    ),
    (
        "cron(0 22-2 * * ? *)",
        None,
        "hours field `22-2`: the range runs backwards (write a wrapping range as two, e.g. 22-23,0-2); allowed 0-23, \
         with , - * /",
        Some((7, 11)),
    ),
    // Steps: the text after `/`, at byte 7.
    (
        "cron(0/0 * * * ? *)",
        None,
        "minutes field `0`: the step after `/` must be a whole number from 1 to 59; allowed 0-59, with , - * /",
        Some((7, 8)),
    ),
    (
        "cron(0/60 * * * ? *)",
        None,
        "minutes field `60`: the step after `/` must be a whole number from 1 to 59; allowed 0-59, with , - * /",
        Some((7, 9)),
    ),
    // `2#6`: the day-of-week field starts at byte 14 (`10` takes two bytes), the occurrence at 16.
    (
        "cron(0 10 ? * 2#6 *)",
        None,
        "day-of-week field `6`: the occurrence after `#` must be 1-5 (e.g. 2#3, the third Monday); allowed 1-7 or \
         SUN-SAT, with , - * ? L #",
        Some((16, 17)),
    ),
    // `1,,2`: the empty item sits between the commas at bytes 6 and 7.
    ("cron(1,,2 * * * ? *)", None, "minutes field ``: an empty value; allowed 0-59, with , - * /", Some((7, 7))),
    (
        "cron(0 1 * * * *)",
        None,
        "day-of-month `*` and day-of-week `*`: exactly one of the two must be `?` (e.g. `* * ?` for every day, `? * \
         MON-FRI` for weekdays)",
        Some((9, 14)),
    ),
    (
        "cron(0 1 ? * ? *)",
        None,
        "day-of-month `?` and day-of-week `?`: exactly one of the two must be `?` (e.g. `* * ?` for every day, `? * \
         MON-FRI` for weekdays)",
        Some((9, 14)),
    ),
    (
        "rate(5)",
        None,
        "rate expression `5`: allowed rate(value unit), e.g. rate(5 minutes) or rate(1 hour)",
        Some((5, 6)),
    ),
    // Largest values: 100 years of 365 days = 3,153,600,000 s = 52,560,000 minutes = 876,000 hours.
    ("rate(0 minutes)", None, "rate value `0`: allowed a whole number from 1 to 52560000", Some((5, 6))),
    ("rate(1.5 hours)", None, "rate value `1.5`: allowed a whole number from 1 to 876000", Some((5, 8))),
    ("rate(876001 hours)", None, "rate value `876001`: allowed a whole number from 1 to 876000", Some((5, 11))),
    ("rate(1 hours)", None, "rate unit `hours`: allowed minute, hour or day with the value 1", Some((7, 12))),
    ("rate(5 minute)", None, "rate unit `minute`: allowed minutes, hours or days with the value 5", Some((7, 13))),
    ("rate(2 weeks)", None, "rate unit `weeks`: allowed minutes, hours or days with the value 2", Some((7, 12))),
    (
        "at(2026-02-30T10:00:00)",
        None,
        "at expression `2026-02-30T10:00:00`: allowed a date and time yyyy-mm-ddThh:mm:ss, e.g. \
         at(2026-03-01T09:30:00)",
        Some((3, 22)),
    ),
    (
        "at(2026-03-01 10:00:00)",
        None,
        "at expression `2026-03-01 10:00:00`: allowed a date and time yyyy-mm-ddThh:mm:ss, e.g. \
         at(2026-03-01T09:30:00)",
        Some((3, 22)),
    ),
    (
        "cron(0 1 * * ? *)",
        Some("Europe/Berln"),
        "time zone `Europe/Berln`: allowed an IANA time zone name such as UTC or Europe/Berlin (did you mean \
         'Europe/Berlin'?)",
        None,
    ),
];

#[test]
fn every_error_says_what_where_and_what_is_allowed() {
    for &(expr, tz, message, span) in CASES {
        let e = Schedule::parse(expr, tz).expect_err(expr);
        assert_eq!(e.to_string(), message, "{expr}");
        assert_eq!(e.span(), span.map(|(a, b)| a..b), "{expr}");
        if let Some(s) = e.span() {
            assert!(expr.get(s).is_some(), "{expr}: the span is on character boundaries");
        }
    }
}

#[test]
fn error_kinds_are_typed() {
    let e = Schedule::parse("cron(0 9 ? * 8 *)", None).unwrap_err();
    assert_eq!(
        e.kind(),
        &ScheduleErrorKind::Field {
            field: CronField::DayOfWeek,
            found: "8".to_string(),
            problem: FieldProblem::OutOfRange
        }
    );
    let e = Schedule::parse("rate(1 hours)", None).unwrap_err();
    assert!(matches!(e.kind(), ScheduleErrorKind::RateUnit { value: 1, .. }));
}

#[test]
fn valid_forms_parse() {
    for expr in [
        "cron(0 1 * * ? *)",
        "cron(15 10 ? * 6L 2026-2027)",
        "cron(0/5 8-17 ? * MON-FRI *)",
        "cron(0 12 15W * ? *)",
        "cron(0 12 LW * ? *)",
        "cron(0 10 ? * FRI#3 *)",
        "cron(0 0 1/5 JAN-MAR/2 ? */10)",
        " cron(0  1 * * ? *) ",
        "rate(1 minute)",
        "rate(1440 minutes)",
        "at(2199-12-31T23:59:59)",
    ] {
        assert!(Schedule::parse(expr, None).is_ok(), "{expr}");
    }
    assert_eq!(Schedule::parse(" rate(1 day) ", Some("Asia/Kolkata")).unwrap().expression(), "rate(1 day)");
}
