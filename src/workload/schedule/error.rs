//! What is wrong with a schedule expression, and where: every error names the part, what was found and what is
//! allowed, with the byte span of the offending text so that a caller can point a caret at it.

use std::fmt;
use std::ops::Range;

/// A schedule expression or its time zone was not valid.
///
/// [`ScheduleError::span`] is the byte range of the offending text within the expression (as given, before any
/// trimming), `None` when the time zone is at fault (it is a separate value; point at all of it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct ScheduleError {
    kind: ScheduleErrorKind,
    span: Option<Range<usize>>,
}

impl ScheduleError {
    pub(super) fn at(kind: ScheduleErrorKind, span: Range<usize>) -> Self {
        Self { kind, span: Some(span) }
    }

    pub(super) fn time_zone(found: &str, suggestion: String) -> Self {
        Self { kind: ScheduleErrorKind::TimeZone { found: crate::diagnostic::excerpt(found), suggestion }, span: None }
    }

    /// What is wrong.
    pub fn kind(&self) -> &ScheduleErrorKind {
        &self.kind
    }

    /// Byte range of the offending text in the expression; `None` for a time zone error.
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }
}

/// The kinds of [`ScheduleError`]. Quoted text (`found`) is an excerpt of the input: at most 40 characters,
/// control characters escaped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScheduleErrorKind {
    /// Neither `cron(...)`, `rate(...)` nor `at(...)`.
    #[error("schedule expression `{found}`: allowed cron(...), rate(...) or at(...), e.g. cron(0 1 * * ? *)")]
    UnknownForm {
        /// The expression.
        found: String,
    },
    /// A cron expression without exactly six fields.
    #[error(
        "cron expression `{found}` has {count} field{s}: allowed exactly 6, Minutes Hours Day-of-month Month \
         Day-of-week Year, e.g. cron(0 1 * * ? *)",
        s = if *count == 1 { "" } else { "s" }
    )]
    FieldCount {
        /// The text inside `cron(...)`.
        found: String,
        /// How many fields it has.
        count: usize,
    },
    /// One cron field is wrong.
    #[error("{field} field `{found}`: {problem}; allowed {allowed}", allowed = field.allowed())]
    Field {
        /// Which field.
        field: CronField,
        /// The offending part of the field.
        found: String,
        /// What is wrong with it.
        problem: FieldProblem,
    },
    /// Day-of-month and day-of-week were both `?`, or neither was.
    #[error(
        "day-of-month `{dom}` and day-of-week `{dow}`: exactly one of the two must be `?` (e.g. `* * ?` for every \
         day, `? * MON-FRI` for weekdays)"
    )]
    DayFields {
        /// The day-of-month field.
        dom: String,
        /// The day-of-week field.
        dow: String,
    },
    /// `rate(...)` without exactly a value and a unit.
    #[error("rate expression `{found}`: allowed rate(value unit), e.g. rate(5 minutes) or rate(1 hour)")]
    RateShape {
        /// The text inside `rate(...)`.
        found: String,
    },
    /// The rate value was not a whole number ≥ 1, or too large.
    #[error("rate value `{found}`: allowed a whole number from 1 to {max}")]
    RateValue {
        /// The value as written.
        found: String,
        /// Largest value allowed for the unit written (or for minutes, when the unit is unknown).
        max: u64,
    },
    /// The rate unit was unknown, or singular/plural did not match the value.
    #[error("rate unit `{found}`: allowed {allowed} with the value {value}", allowed = rate_units(*value))]
    RateUnit {
        /// The unit as written.
        found: String,
        /// The value before it.
        value: u64,
    },
    /// `at(...)` did not hold a valid `yyyy-mm-ddThh:mm:ss`.
    #[error("at expression `{found}`: allowed a date and time yyyy-mm-ddThh:mm:ss, e.g. at(2026-03-01T09:30:00)")]
    AtFormat {
        /// The text inside `at(...)`.
        found: String,
    },
    /// Not an IANA time zone name.
    #[error("time zone `{found}`: allowed an IANA time zone name such as UTC or Europe/Berlin{suggestion}")]
    TimeZone {
        /// The name given.
        found: String,
        /// `" (did you mean '…'?)"` or empty.
        suggestion: String,
    },
}

fn rate_units(value: u64) -> &'static str {
    if value == 1 {
        "minute, hour or day"
    } else {
        "minutes, hours or days"
    }
}

/// The six fields of a cron expression, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CronField {
    /// Minutes 0-59.
    Minutes,
    /// Hours 0-23.
    Hours,
    /// Day-of-month 1-31.
    DayOfMonth,
    /// Month 1-12 or JAN-DEC.
    Month,
    /// Day-of-week 1-7 (1 = Sunday) or SUN-SAT.
    DayOfWeek,
    /// Year 1970-2199.
    Year,
}

impl CronField {
    /// The fields in the order they are written.
    pub const ALL: [CronField; 6] = [
        CronField::Minutes,
        CronField::Hours,
        CronField::DayOfMonth,
        CronField::Month,
        CronField::DayOfWeek,
        CronField::Year,
    ];

    /// Values and wildcards the field accepts, as the EventBridge cron reference lists them
    /// (<https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html>).
    pub fn allowed(self) -> &'static str {
        match self {
            CronField::Minutes => "0-59, with , - * /",
            CronField::Hours => "0-23, with , - * /",
            CronField::DayOfMonth => "1-31, with , - * ? / L W",
            CronField::Month => "1-12 or JAN-DEC, with , - * /",
            CronField::DayOfWeek => "1-7 or SUN-SAT, with , - * ? L #",
            CronField::Year => "1970-2199, with , - * /",
        }
    }
}

impl fmt::Display for CronField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CronField::Minutes => "minutes",
            CronField::Hours => "hours",
            CronField::DayOfMonth => "day-of-month",
            CronField::Month => "month",
            CronField::DayOfWeek => "day-of-week",
            CronField::Year => "year",
        })
    }
}

/// What is wrong with one part of a cron field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FieldProblem {
    /// Empty: two commas in a row, or a comma at an end.
    #[error("an empty value")]
    Empty,
    /// A number outside the field's range.
    #[error("out of range")]
    OutOfRange,
    /// Neither a number nor a name the field knows.
    #[error("not a value of this field")]
    Unknown,
    /// A wildcard this field does not accept.
    #[error("`{0}` cannot be used in this field")]
    NotAllowed(char),
    /// `?`, `L`, `W` or `#` combined with other values (they must be the whole field).
    #[error("`?`, `L`, `W` and `#` must be the whole field, not part of a list or range")]
    MustStandAlone,
    /// A range whose start is after its end.
    #[error("the range runs backwards (write a wrapping range as two, e.g. 22-23,0-2)")]
    RangeBackwards,
    /// A step that is not a whole number from 1 to the field's span.
    #[error("the step after `/` must be a whole number from 1 to {0}")]
    Step(u32),
    /// `d#k` with an occurrence outside 1-5.
    #[error("the occurrence after `#` must be 1-5 (e.g. 2#3, the third Monday)")]
    Occurrence,
}
