//! A schedule trigger's arrivals: the expression's firings from 00:00 UTC on the scenario's date.

use chrono::{TimeZone, Utc};
use toml::Spanned;

use super::{Builder, Meta, Result};
use crate::diagnostic::excerpt;
use crate::scenario::raw::RawTrigger;
use crate::workload::{Schedule, ScheduledArrivals, Spread, Traffic};

/// Most requests one firing may start: a fan-out, not a load test.
const MAX_PER_FIRING: u32 = 100_000;

/// A checked schedule: its arrivals and what the report says about them.
pub(super) struct CheckedSchedule {
    pub traffic: Traffic,
    /// Mean arrival rate over the horizon [events/s].
    pub rate_per_s: f64,
    pub summary: ScheduleSummary,
}

/// The schedule as the report records it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScheduleSummary {
    /// The expression as written, e.g. `cron(0 1 * * ? *)`.
    pub expression: String,
    /// IANA time zone it is read in.
    pub time_zone: String,
    /// Events each firing starts.
    pub per_firing: u32,
    /// Events of one firing spread uniformly over this window [min] (1 without a flexible window: Scheduler's
    /// 60-second precision).
    pub window_minutes: u32,
    /// Firings within the simulated horizon.
    pub firings: u64,
}

impl Builder<'_> {
    /// `[trigger] type = "schedule"`: the firings of `expression` within the horizon.
    pub(super) fn schedule(&self, t: &Spanned<RawTrigger>, meta: &Meta) -> Result<CheckedSchedule> {
        let raw = t.get_ref();
        let Some(expr) = &raw.expression else {
            return Err(self.err(
                t.span(),
                "a schedule trigger needs expression = \"cron(...)\", \"rate(...)\" or \"at(...)\" (see scenarios/README.md)",
            ));
        };
        let Some(date) = meta.date else {
            return Err(self.err(
                expr.span(),
                "a schedule needs [scenario] date = \"YYYY-MM-DD\": simulated time starts at 00:00 UTC that day, \
                 and the firings depend on the calendar",
            ));
        };
        // AWS's schedules know the years 1970–2199 (the cron year field); beyond them nothing can fire, and a
        // horizon added to a far date could leave the calendar.
        if !(1970..=2199).contains(&chrono::Datelike::year(&date)) {
            let span = meta.date_at.clone().unwrap_or(expr.span());
            return Err(self.err(
                span,
                format!("a schedule's date must be in 1970–2199, the years AWS schedules know (got {date})"),
            ));
        }
        let schedule =
            Schedule::parse(expr.get_ref(), raw.timezone.as_ref().map(|z| z.get_ref().as_str())).map_err(|e| {
                let span = match (e.span(), &raw.timezone) {
                    // The value's span includes its opening quote; the expression's offsets start after it.
                    (Some(s), _) => expr.span().start + 1 + s.start..expr.span().start + 1 + s.end,
                    (None, Some(z)) => z.span(),
                    (None, None) => expr.span(),
                };
                self.err(span, e.to_string())
            })?;
        let per_firing =
            raw.per_firing.as_ref().map_or(Ok(1), |v| self.range_u32(v, "per_firing", 1, MAX_PER_FIRING, " events"))?;
        let (spread, window_minutes) = match &raw.flexible_window_minutes {
            None => (Spread::WITHIN_MINUTE, 1),
            Some(w) => {
                let minutes = self.range_u32(w, "flexible_window_minutes", 1, 1_440, " min")?;
                (Spread::flexible_minutes(minutes).map_err(|e| self.err(w.span(), e.to_string()))?, minutes)
            }
        };
        let horizon_s = u64::from(meta.horizon) * 3_600;
        let start = Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight exists"));
        let end = start + chrono::Duration::seconds(horizon_s as i64);
        // At most one firing a minute: a 730-hour month has at most 43,800, counted here so that a schedule that
        // never fires in the horizon is an error, not a report of zero requests.
        let firings = schedule.firings_from(start).take_while(|t| *t < end).count() as u64;
        if firings == 0 {
            return Err(self.err(
                expr.span(),
                format!(
                    "schedule '{}' does not fire in the {} h simulated from {date} 00:00 UTC (horizon_hours): \
                     nothing would run",
                    excerpt(expr.get_ref()),
                    meta.horizon
                ),
            ));
        }
        let summary = ScheduleSummary {
            expression: schedule.expression().to_string(),
            time_zone: schedule.time_zone().to_string(),
            per_firing,
            window_minutes,
            firings,
        };
        let arrivals = ScheduledArrivals::new(schedule, date, per_firing)
            .map_err(|e| self.err(expr.span(), e.to_string()))?
            .with_spread(spread);
        Ok(CheckedSchedule {
            traffic: Traffic::schedule(arrivals),
            rate_per_s: (firings * u64::from(per_firing)) as f64 / horizon_s as f64,
            summary,
        })
    }
}
