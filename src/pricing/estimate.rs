//! Usage of one function from monthly averages: what `costsim price` and the budgeting sheet describe.
//!
//! From averages the month is modelled as if every invocation took the average duration:
//! - billed invoke time per request = ceil(avg_duration) to the billing granularity;
//! - cold starts = on-demand requests × cold-start ratio, each adding ceil(init + invoke) − ceil(invoke);
//! - with provisioned concurrency N enabled H hours a month (one stretch, or a daily window), the requests in
//!   those hours are the month's share of them (uniform traffic unless a share is given); arriving as Poisson
//!   traffic at rate λ, N environments serve 1 − B(N, λ·d) of them (Erlang's loss formula, see
//!   [`super::provisioned`]) and the rest spill over to on-demand; PC is billed per enabled period, rounded up;
//! - ephemeral storage above the free size is charged over invoke time (on-demand and provisioned).

use rust_decimal::Decimal;
use serde::Serialize;

use super::catalog::Catalog;
use super::checked::{self, Overflow, LIMIT};
use super::events::EventSources;
use super::provisioned::{self, Window, MAX_PROVISIONED};
use super::usage::FunctionUsage;
use super::{PackageType, MB_PER_GB};
use crate::Architecture;

/// Hours in an average month (8,760 / 12), the convention of AWS's calculator and infracost.
pub const HOURS_PER_MONTH: i64 = 730;

/// Memory Lambda accepts [MB].
const MEMORY_MB: std::ops::RangeInclusive<u32> = 128..=10_240;
/// Ephemeral storage Lambda accepts [MB].
const EPHEMERAL_MB: std::ops::RangeInclusive<u32> = 512..=10_240;
/// Longest invocation: the 900 s maximum timeout [ms].
const MAX_DURATION_MS: i64 = 900_000;
/// Hours in the longest month: provisioned concurrency cannot be enabled for longer [h].
const MAX_PROVISIONED_HOURS: i64 = 744;
/// Longest function name shown on a bill [characters]. Lambda's own names are at most 64 characters
/// (<https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html>, `FunctionName`); a bill label may
/// say more (`checkout (prod)`), but not pages of it.
pub const MAX_NAME_CHARS: usize = 256;

/// One input value is out of range. `field` is the column name of the budgeting sheet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} {message}")]
pub struct EstimateError {
    /// The field, as named in the CSV header (`memory_mb`); flags use the same name with dashes.
    pub field: &'static str,
    /// What is wrong and what is allowed.
    pub message: String,
}

pub(super) fn err(field: &'static str, message: String) -> EstimateError {
    EstimateError { field, message }
}

/// One function described by monthly averages. Built with [`FunctionEstimate::new`] and the `with_*` methods,
/// each of which checks its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionEstimate {
    name: String,
    region: String,
    architecture: Architecture,
    memory_mb: u32,
    monthly_requests: Decimal,
    avg_duration_ms: Decimal,
    cold_start_ratio: Decimal,
    init_ms: Decimal,
    provisioned: u32,
    provisioned_window: Window,
    /// Share of the month's requests that arrive while PC is enabled (none: uniform, hours ÷ 730).
    provisioned_traffic_share: Option<Decimal>,
    ephemeral_mb: u32,
    snapstart: bool,
    package: PackageType,
    events: EventSources,
}

impl FunctionEstimate {
    /// A function with `monthly_requests` invocations of `avg_duration_ms` at `memory_mb`.
    ///
    /// # Errors
    /// When the name is empty, longer than [`MAX_NAME_CHARS`] or holds control characters, memory is outside
    /// 128–10,240 MB, requests are negative, or the duration is negative or above 900 s.
    pub fn new(
        name: &str,
        region: &str,
        architecture: Architecture,
        memory_mb: u32,
        monthly_requests: Decimal,
        avg_duration_ms: Decimal,
    ) -> Result<FunctionEstimate, EstimateError> {
        check_name(name)?;
        if !MEMORY_MB.contains(&memory_mb) {
            return Err(err("memory_mb", format!("must be between 128 and 10240 MB (got {memory_mb})")));
        }
        if monthly_requests < Decimal::ZERO {
            return Err(err("monthly_requests", format!("must be zero or more (got {monthly_requests})")));
        }
        if avg_duration_ms < Decimal::ZERO || avg_duration_ms > Decimal::from(MAX_DURATION_MS) {
            return Err(err(
                "avg_duration_ms",
                format!("must be between 0 and 900000 ms, the longest timeout (got {avg_duration_ms})"),
            ));
        }
        Ok(FunctionEstimate {
            name: name.to_string(),
            region: region.to_string(),
            architecture,
            memory_mb,
            monthly_requests,
            avg_duration_ms,
            cold_start_ratio: Decimal::ZERO,
            init_ms: Decimal::ZERO,
            provisioned: 0,
            provisioned_window: Window::Hours(Decimal::ZERO),
            provisioned_traffic_share: None,
            ephemeral_mb: *EPHEMERAL_MB.start(),
            snapstart: false,
            package: PackageType::Zip,
            events: EventSources::default(),
        })
    }

    /// Cold starts: a share `ratio` (0–1) of on-demand invocations, each with `init_ms` of INIT.
    ///
    /// # Errors
    /// When the ratio is outside 0–1 or INIT is negative or above 900 s.
    pub fn with_cold_starts(mut self, ratio: Decimal, init_ms: Decimal) -> Result<Self, EstimateError> {
        if ratio < Decimal::ZERO || ratio > Decimal::ONE {
            return Err(err("cold_start_ratio", format!("must be between 0 and 1 (got {ratio})")));
        }
        if init_ms < Decimal::ZERO || init_ms > Decimal::from(MAX_DURATION_MS) {
            return Err(err("init_ms", format!("must be between 0 and 900000 ms (got {init_ms})")));
        }
        self.cold_start_ratio = ratio;
        self.init_ms = init_ms;
        Ok(self)
    }

    /// `count` provisioned environments enabled for `hours` a month.
    ///
    /// # Errors
    /// When `hours` is negative or above 744 (a 31-day month), or `count` above [`MAX_PROVISIONED`].
    pub fn with_provisioned(self, count: u32, hours: Decimal) -> Result<Self, EstimateError> {
        if hours < Decimal::ZERO || hours > Decimal::from(MAX_PROVISIONED_HOURS) {
            return Err(err("provisioned_hours", format!("must be between 0 and 744 h, a 31-day month (got {hours})")));
        }
        self.with_provisioned_window(count, Window::Hours(hours))
    }

    /// `count` provisioned environments enabled during `window` (a daily window is billed per day).
    ///
    /// # Errors
    /// When `count` is above [`MAX_PROVISIONED`].
    pub fn with_provisioned_window(mut self, count: u32, window: Window) -> Result<Self, EstimateError> {
        if count > MAX_PROVISIONED {
            return Err(err(
                "provisioned",
                format!("must be at most {MAX_PROVISIONED} environments, far above any account's quota (got {count})"),
            ));
        }
        self.provisioned = count;
        self.provisioned_window = window;
        Ok(self)
    }

    /// The share (0–1) of the month's requests that arrive while provisioned concurrency is enabled: a window
    /// over the busy hours holds more than its share of the clock.
    ///
    /// # Errors
    /// When outside 0–1.
    pub fn with_provisioned_traffic_share(mut self, share: Decimal) -> Result<Self, EstimateError> {
        if share < Decimal::ZERO || share > Decimal::ONE {
            return Err(err("provisioned_traffic_share", format!("must be between 0 and 1 (got {share})")));
        }
        self.provisioned_traffic_share = Some(share);
        Ok(self)
    }

    /// Ephemeral storage configured [MB].
    ///
    /// # Errors
    /// When outside 512–10,240 MB.
    pub fn with_ephemeral_mb(mut self, mb: u32) -> Result<Self, EstimateError> {
        if !EPHEMERAL_MB.contains(&mb) {
            return Err(err("ephemeral_mb", format!("must be between 512 and 10240 MB (got {mb})")));
        }
        self.ephemeral_mb = mb;
        Ok(self)
    }

    /// SnapStart on (cache all month, a restore per cold start) and the packaging. Call it after
    /// [`with_provisioned`](Self::with_provisioned) and [`with_ephemeral_mb`](Self::with_ephemeral_mb).
    ///
    /// # Errors
    /// SnapStart together with provisioned concurrency or with ephemeral storage above 512 MB, which AWS does not
    /// allow (Lambda developer guide, "Improving startup performance with Lambda SnapStart").
    pub fn with_packaging(mut self, package: PackageType, snapstart: bool) -> Result<Self, EstimateError> {
        if snapstart && self.provisioned > 0 {
            return Err(err(
                "snapstart",
                "cannot be combined with provisioned concurrency (AWS does not allow it)".into(),
            ));
        }
        if snapstart && self.ephemeral_mb > *EPHEMERAL_MB.start() {
            return Err(err(
                "snapstart",
                "cannot be combined with ephemeral storage above 512 MB (AWS does not allow it)".into(),
            ));
        }
        self.package = package;
        self.snapstart = snapstart;
        Ok(self)
    }

    /// The event sources in front of the function: SQS requests, API calls, schedule invocations.
    pub fn with_event_sources(mut self, events: EventSources) -> Self {
        self.events = events;
        self
    }

    /// The function's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The month's usage, rounded as `catalog` bills it, event-source payloads counted in its chunks.
    ///
    /// # Errors
    /// When a quantity does not fit in an exact decimal (about 7.9e28): the error names `monthly_requests`, the
    /// input that makes it so (the others are bounded by Lambda's limits), or the event-source count; when a
    /// payload size is given and the catalog does not say how payloads are metered.
    pub fn usage(&self, catalog: &Catalog) -> Result<FunctionUsage, EstimateError> {
        let usage = self.try_usage(catalog).map_err(|Overflow| {
            err(
                "monthly_requests",
                format!(
                    "{} at {} ms and {} MB is too large to price: the month's usage does not fit in an exact decimal \
                     (amounts up to {LIMIT})",
                    self.monthly_requests, self.avg_duration_ms, self.memory_mb
                ),
            )
        })?;
        self.events.apply(catalog, usage)
    }

    fn try_usage(&self, catalog: &Catalog) -> Result<FunctionUsage, Overflow> {
        let granularity = Decimal::from(catalog.billing.granularity_ms);
        // At most 900,000 ms + one granularity (u32): no overflow.
        let billed = |ms: Decimal| (ms / granularity).ceil() * granularity;
        let invoke_ms = billed(self.avg_duration_ms);
        let init_ms = billed(self.init_ms + self.avg_duration_ms) - invoke_ms;

        let on_provisioned = self.requests_on_provisioned()?;
        let on_demand = self.monthly_requests - on_provisioned;
        let cold_starts = on_demand * self.cold_start_ratio; // ratio ≤ 1
        let mem = self.memory_mb;
        let enabled_min = self.provisioned_window.billed_minutes(catalog.provisioned.rounding_minutes);
        // At most 1e6 environments × 744 h (+ rounding) × 60,000: below 1e17, no overflow.
        let provisioned_ms = Decimal::from(self.provisioned) * enabled_min * Decimal::from(60_000);
        let extra_storage_mb = self.ephemeral_mb.saturating_sub(catalog.storage.free_mb);
        let invoke_total_ms = checked::mul(self.monthly_requests, invoke_ms)?;
        let month_ms = Decimal::from(HOURS_PER_MONTH * 3_600_000);
        let gb_s = |mb: u32, ms: Decimal| checked::mul_div(ms, Decimal::from(mb), Decimal::from(MB_PER_GB * 1000));
        Ok(FunctionUsage {
            memory_mb: Some(mem),
            package: self.package,
            snapstart: self.snapstart,
            requests: self.monthly_requests,
            duration_gb_s: gb_s(mem, checked::mul(on_demand, invoke_ms)?)?,
            init_gb_s: gb_s(mem, checked::mul(cold_starts, init_ms)?)?,
            provisioned_gb_s: gb_s(mem, provisioned_ms)?,
            provisioned_duration_gb_s: gb_s(mem, checked::mul(on_provisioned, invoke_ms)?)?,
            ephemeral_storage_gb_s: gb_s(extra_storage_mb, invoke_total_ms)?,
            snapstart_cache_gb_s: if self.snapstart { gb_s(mem, month_ms)? } else { Decimal::ZERO },
            snapstart_restore_gb: if self.snapstart {
                checked::mul_div(cold_starts, Decimal::from(mem), Decimal::from(MB_PER_GB))?
            } else {
                Decimal::ZERO
            },
            ..FunctionUsage::new(&self.name, &self.region, self.architecture)
        })
    }

    /// Requests served by provisioned environments: those of the enabled hours that find one free.
    fn requests_on_provisioned(&self) -> Result<Decimal, Overflow> {
        let hours = self.provisioned_window.hours().min(Decimal::from(HOURS_PER_MONTH));
        if self.provisioned == 0 || hours.is_zero() {
            return Ok(Decimal::ZERO);
        }
        let share = self.provisioned_traffic_share.unwrap_or(hours / Decimal::from(HOURS_PER_MONTH));
        let in_window = checked::mul(self.monthly_requests, share)?;
        let served = provisioned::served_share(self.provisioned, in_window, hours, self.avg_duration_ms);
        checked::mul(in_window, served)
    }
}

/// A name is shown on every bill line's section: non-empty, at most [`MAX_NAME_CHARS`] characters, and no
/// control characters (a newline or tab would break every table).
fn check_name(name: &str) -> Result<(), EstimateError> {
    let chars = name.chars().count();
    if name.trim().is_empty() {
        return Err(err("name", "must not be empty".into()));
    }
    if chars > MAX_NAME_CHARS {
        return Err(err("name", format!("must be at most {MAX_NAME_CHARS} characters (got {chars})")));
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(err("name", format!("must not contain control characters (got {})", c.escape_default())));
    }
    Ok(())
}
