//! The function and traffic models: what runs, how long it takes, and when requests arrive.
//!
//! Every model has private fields and a validated constructor returning a small per-module error; once built, a
//! model is always valid and the simulator never re-checks it.
//!
//! - [`DurationModel`]: invocation duration versus memory (vCPU share) and architecture, with lognormal noise;
//! - [`InitModel`]: cold-start INIT duration, lognormal from p50/p90, with per-runtime defaults;
//! - [`Function`]: the two above plus the memory floor and the timeout;
//! - [`Traffic`]: Poisson arrivals, daily profile, bursts, replayed timestamps and schedules, generated lazily by
//!   [`ArrivalSource`]s;
//! - [`Trace`]: traffic traces replayed from files (timestamps, per-minute counts, Azure Functions 2019), streamed;
//! - [`Schedule`]: EventBridge `cron(...)`, `rate(...)` and `at(...)` expressions in a time zone, whose firings
//!   [`ScheduledArrivals`] turns into requests.

// Units are written in brackets ([ms], [µs], [MB], facts markers [A]/[S]) as style.md asks; rustdoc would
// otherwise read each one as a broken intra-doc link.

pub mod duration;
pub mod function;
pub mod init;
pub mod schedule;
pub mod trace;
pub mod traffic;

pub use duration::{DurationError, DurationModel, DurationSampler, MAX_VCPU, MB_PER_VCPU};
pub use function::{Function, FunctionError, MAX_MEMORY_MB, MAX_TIMEOUT_MS, MIN_MEMORY_MB, MIN_TIMEOUT_MS};
pub use init::{InitError, InitModel, Packaging, Runtime, UnknownRuntime, INIT_LIMIT_US};
pub use schedule::{
    CronField, FieldProblem, Schedule, ScheduleError, ScheduleErrorKind, ScheduleSource, ScheduledArrivals, Spread,
};
pub use trace::{Trace, TraceError, TraceFormat, TraceSource};
pub use traffic::{ArrivalSource, Burst, BurstSource, PoissonSource, ReplaySource, Traffic, TrafficError};

/// The nearest whole microsecond to `us` ≥ 0 (halves round up; `as` saturates, so +∞ becomes `u64::MAX`).
///
/// Hand-written because `f64::round` is a libm call on baseline x86_64, a measurable cost in the event loop.
#[inline]
pub(crate) fn nearest_us(us: f64) -> u64 {
    (us + 0.5) as u64
}
