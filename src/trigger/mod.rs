//! How events reach the function: the invocation semantics of the four classic Lambda patterns.
//!
//! - [`Trigger::Sync`]: API Gateway, a Function URL or a direct `Invoke`. A throttled request fails at once and is
//!   not retried by Lambda (the caller sees 429 on a direct invoke, 500 through API Gateway, which "does not retry
//!   any Lambda invocations": <https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html>). An
//!   integration timeout caps what the caller waits; the invocation still runs and is billed.
//! - [`Trigger::Async`]: S3, SNS, EventBridge rules. Lambda queues the event; a throttled attempt goes back to the
//!   queue and is retried with exponential backoff (1 s up to 5 min) until the event is older than
//!   `maximum_event_age`; a function error (timeouts and out-of-memory included) is retried up to
//!   `maximum_retry_attempts` times, after about 1 and 2 minutes
//!   (<https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html>).
//! - [`Trigger::Sqs`]: an event source mapping polls the queue and invokes the function synchronously with a
//!   batch (<https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html>). Throttling never loses a
//!   message: the batch becomes visible again after the visibility timeout.
//! - [`Trigger::Schedule`]: EventBridge Scheduler fires at the expression's times and invokes asynchronously
//!   (<https://docs.aws.amazon.com/lambda/latest/dg/with-eventbridge-scheduler.html>): arrivals come from the
//!   schedule, delivery follows [`AsyncDelivery`].
//!
//! Every type here is built by a validated constructor; the simulator never re-checks a value.

// Units are written in brackets ([ms], [s]) as style.md asks; rustdoc would read each one as a broken link.

mod delivery;
mod sqs;

pub use delivery::{AsyncDelivery, Backoff};
pub use sqs::{PollerScaling, QueueType, SqsMapping, SqsSettings, MAX_BATCH_WITHOUT_WINDOW, MAX_FIFO_BATCH};

use serde::{Deserialize, Serialize};

/// A trigger parameter was out of range. Each message names the key, the value and what is allowed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TriggerError {
    /// An integer parameter outside its range.
    #[error("{key} must be between {lo} and {hi}{unit} (got {got})")]
    OutOfRange {
        /// The parameter's key.
        key: &'static str,
        /// Smallest allowed value.
        lo: u64,
        /// Largest allowed value.
        hi: u64,
        /// Unit suffix, e.g. " s".
        unit: &'static str,
        /// The value given.
        got: u64,
    },
    /// A real-valued parameter outside its range, or not finite.
    #[error("{key} must be between {lo} and {hi} (got {got})")]
    RealOutOfRange {
        /// The parameter's key.
        key: &'static str,
        /// Smallest allowed value.
        lo: f64,
        /// Largest allowed value.
        hi: f64,
        /// The value given.
        got: f64,
    },
    /// A combination AWS refuses (e.g. a batch of more than 10 without a batching window).
    #[error("{0}")]
    Combination(String),
}

pub(crate) fn check_range(
    key: &'static str,
    got: u64,
    lo: u64,
    hi: u64,
    unit: &'static str,
) -> Result<u64, TriggerError> {
    if (lo..=hi).contains(&got) {
        Ok(got)
    } else {
        Err(TriggerError::OutOfRange { key, lo, hi, unit, got })
    }
}

/// Which front door a synchronous function has: it decides the caller's error code and the request fees.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncSource {
    /// A direct `Invoke` (SDK, another service): throttles are HTTP 429.
    #[default]
    Direct,
    /// API Gateway REST API: throttles reach the client as HTTP 500; integration timeout 29 s by default.
    RestApi,
    /// API Gateway HTTP API: as REST, integration timeout at most 30 s.
    HttpApi,
    /// A Lambda Function URL: throttles are HTTP 429 (assumed as for `Invoke`; AWS does not say).
    FunctionUrl,
}

impl SyncSource {
    /// The name used in scenario files and reports.
    pub fn name(self) -> &'static str {
        match self {
            SyncSource::Direct => "direct",
            SyncSource::RestApi => "rest_api",
            SyncSource::HttpApi => "http_api",
            SyncSource::FunctionUrl => "function_url",
        }
    }

    /// The HTTP status a caller sees when Lambda throttles the request.
    pub fn throttle_status(self) -> u16 {
        match self {
            SyncSource::RestApi | SyncSource::HttpApi => 500,
            SyncSource::Direct | SyncSource::FunctionUrl => 429,
        }
    }

    /// Longest integration timeout this source allows [ms], if it has one: HTTP API at most 30 s (cannot be
    /// raised); REST API 29 s by default, raisable for Regional APIs (we allow up to 900 s, Lambda's own limit).
    pub fn max_integration_timeout_ms(self) -> Option<u32> {
        match self {
            SyncSource::HttpApi => Some(30_000),
            SyncSource::RestApi => Some(900_000),
            SyncSource::Direct | SyncSource::FunctionUrl => None,
        }
    }

    /// Default integration timeout [ms]: 29 s for REST, 30 s for HTTP APIs, none otherwise.
    pub fn default_integration_timeout_ms(self) -> Option<u32> {
        match self {
            SyncSource::RestApi => Some(29_000),
            SyncSource::HttpApi => Some(30_000),
            SyncSource::Direct | SyncSource::FunctionUrl => None,
        }
    }
}

/// A synchronous caller: its source and the integration timeout that caps what it waits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SyncTrigger {
    source: SyncSource,
    /// The caller stops waiting (HTTP 504) after this [ms]; the invocation runs on and is billed.
    integration_timeout_ms: Option<u32>,
}

impl SyncTrigger {
    /// A synchronous caller through `source`, with its default integration timeout unless `timeout_ms` is given.
    ///
    /// # Errors
    ///
    /// [`TriggerError::OutOfRange`] if the timeout is below 50 ms (API Gateway's minimum) or above what the
    /// source allows; [`TriggerError::Combination`] for a timeout on a source without one.
    pub fn new(source: SyncSource, timeout_ms: Option<u32>) -> Result<Self, TriggerError> {
        let integration_timeout_ms = match (timeout_ms, source.max_integration_timeout_ms()) {
            (None, _) => source.default_integration_timeout_ms(),
            (Some(t), Some(max)) => {
                Some(check_range("integration_timeout_ms", u64::from(t), 50, u64::from(max), " ms")? as u32)
            }
            (Some(_), None) => {
                return Err(TriggerError::Combination(format!(
                    "integration_timeout_ms applies to API Gateway (source = \"rest_api\" or \"http_api\"), not to \
                     source = \"{}\"",
                    source.name()
                )))
            }
        };
        Ok(Self { source, integration_timeout_ms })
    }

    /// Where the requests come from.
    pub fn source(&self) -> SyncSource {
        self.source
    }

    /// The integration timeout [ms], if any.
    pub fn integration_timeout_ms(&self) -> Option<u32> {
        self.integration_timeout_ms
    }
}

/// The four invocation patterns, as scenario files and reports name them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerKind {
    /// A caller waits.
    #[default]
    Sync,
    /// Lambda's asynchronous queue.
    Async,
    /// An SQS event source mapping.
    Sqs,
    /// A schedule, delivered asynchronously.
    Schedule,
}

impl TriggerKind {
    /// The name used in scenario files and reports.
    pub fn name(self) -> &'static str {
        match self {
            TriggerKind::Sync => "sync",
            TriggerKind::Async => "async",
            TriggerKind::Sqs => "sqs",
            TriggerKind::Schedule => "schedule",
        }
    }

    /// Whether no caller waits: the latency judged is end to end, and a throttle only delays.
    pub fn queued(self) -> bool {
        self != TriggerKind::Sync
    }

    /// What one arrival is called: request, event or message.
    pub fn unit(self) -> &'static str {
        match self {
            TriggerKind::Sync => "request",
            TriggerKind::Async | TriggerKind::Schedule => "event",
            TriggerKind::Sqs => "message",
        }
    }
}

/// How events reach the function. See the [module docs](self).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Trigger {
    /// A caller waits for each invocation.
    Sync(SyncTrigger),
    /// Events queued by Lambda and delivered with retries.
    Async(AsyncDelivery),
    /// An SQS event source mapping.
    Sqs(SqsMapping),
    /// A schedule, delivered asynchronously; the firing times are the scenario's traffic.
    Schedule(AsyncDelivery),
}

impl Default for Trigger {
    fn default() -> Self {
        Trigger::Sync(SyncTrigger::default())
    }
}

impl Trigger {
    /// The trigger's type.
    pub fn kind(&self) -> TriggerKind {
        match self {
            Trigger::Sync(_) => TriggerKind::Sync,
            Trigger::Async(_) => TriggerKind::Async,
            Trigger::Sqs(_) => TriggerKind::Sqs,
            Trigger::Schedule(_) => TriggerKind::Schedule,
        }
    }

    /// The settings that decide what the simulator does, as (key, value with unit) pairs in scenario-file
    /// terms, for the report's assumptions.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        match self {
            Trigger::Sync(t) => {
                out.push(("source", t.source().name().to_string()));
                if let Some(ms) = t.integration_timeout_ms() {
                    out.push(("integration_timeout_ms", format!("{ms} ms")));
                }
            }
            Trigger::Async(d) | Trigger::Schedule(d) => {
                out.push(("maximum_event_age_s", format!("{} s", d.maximum_event_age_s())));
                out.push(("maximum_retry_attempts", d.maximum_retry_attempts().to_string()));
                let [a, b] = d.retry_delays_s();
                out.push(("retry_delays_s", format!("{a} s, {b} s")));
                out.push(("backoff_factor", format!("{}", d.backoff().factor())));
            }
            Trigger::Sqs(m) => {
                let queue = match m.queue() {
                    QueueType::Standard => "standard",
                    QueueType::Fifo => "fifo",
                };
                out.push(("queue", queue.to_string()));
                out.push(("batch_size", m.batch_size().to_string()));
                out.push(("maximum_batching_window_s", format!("{} s", m.batching_window_ms() / 1_000)));
                if let Some(c) = m.maximum_concurrency() {
                    out.push(("maximum_concurrency", c.to_string()));
                }
                out.push(("visibility_timeout_s", format!("{} s", m.visibility_timeout_s())));
                if let Some(n) = m.max_receive_count() {
                    out.push(("max_receive_count", n.to_string()));
                }
                out.push(("report_batch_item_failures", m.report_batch_item_failures().to_string()));
                out.push(("retention_s", format!("{} s", m.retention_s())));
                out.push(("poller_scale_down_per_minute", m.scaling().down_per_minute().to_string()));
                out.push(("empty_receive_interval_s", format!("{} s", m.empty_receive_interval_s())));
            }
        }
        out
    }

    /// The asynchronous delivery rules, for async and schedule triggers.
    pub fn delivery(&self) -> Option<&AsyncDelivery> {
        match self {
            Trigger::Async(d) | Trigger::Schedule(d) => Some(d),
            _ => None,
        }
    }

    /// Whether the latency objective applies to end-to-end time (event or message age at completion) rather
    /// than to the invocation: true for every trigger where no caller waits.
    pub fn end_to_end(&self) -> bool {
        !matches!(self, Trigger::Sync(_))
    }
}
