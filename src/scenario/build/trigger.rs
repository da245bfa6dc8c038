//! `[trigger]`, checked: the keys of each type, AWS's ranges (held once, by the constructors in
//! [`crate::trigger`]), and the combinations AWS refuses, each error at the key it is about.

use std::ops::Range;

use toml::Spanned;

use super::{Builder, Result};
use crate::diagnostic::{did_you_mean, excerpt};
use crate::scenario::raw::RawTrigger;
use crate::trigger::{
    AsyncDelivery, Backoff, PollerScaling, QueueType, SqsMapping, SqsSettings, SyncSource, SyncTrigger, Trigger,
    TriggerError,
};

/// The trigger types a scenario may name.
const TYPES: [&str; 4] = ["sync", "async", "sqs", "schedule"];
/// The synchronous sources.
const SOURCES: [&str; 4] = ["direct", "rest_api", "http_api", "function_url"];

/// Which keys belong to which trigger type, for the "applies to" message.
const SYNC_KEYS: [&str; 2] = ["source", "integration_timeout_ms"];
const ASYNC_KEYS: [&str; 4] = ["maximum_event_age_s", "maximum_retry_attempts", "retry_delays_s", "backoff_factor"];
const SQS_KEYS: [&str; 12] = [
    "queue",
    "batch_size",
    "maximum_batching_window_s",
    "maximum_concurrency",
    "visibility_timeout_s",
    "max_receive_count",
    "report_batch_item_failures",
    "retention_s",
    "poller_scale_down_per_minute",
    "empty_receive_interval_s",
    "per_message_io_ms",
    "per_message_cpu_ms",
];
pub(super) const SCHEDULE_KEYS: [&str; 4] = ["expression", "timezone", "per_firing", "flexible_window_minutes"];

/// A checked `[trigger]`: the trigger, and the per-message work of an SQS batch [ms] (io, cpu).
pub(super) struct CheckedTrigger {
    pub trigger: Trigger,
    pub per_message_ms: Option<(f64, f64)>,
}

impl Builder<'_> {
    /// `[trigger]` for a function with timeout `timeout_s`; no table is today's behaviour, a direct synchronous
    /// invoke.
    pub(super) fn trigger(&self, raw: Option<&Spanned<RawTrigger>>, timeout_s: u32) -> Result<CheckedTrigger> {
        let Some(raw) = raw else {
            return Ok(CheckedTrigger { trigger: Trigger::default(), per_message_ms: None });
        };
        let t = raw.get_ref();
        let kind = t.kind.get_ref().as_str();
        if !TYPES.contains(&kind) {
            let hint = did_you_mean(kind, TYPES);
            return Err(self.err(
                t.kind.span(),
                format!("trigger type '{}' is not known{hint} (allowed: sync, async, sqs, schedule)", excerpt(kind)),
            ));
        }
        self.refuse_foreign_keys(t, kind)?;
        let table = raw.span();
        let trigger = match kind {
            "sync" => Trigger::Sync(self.sync(t, &table)?),
            "async" => Trigger::Async(self.async_delivery(t, &table)?),
            "schedule" => Trigger::Schedule(self.async_delivery(t, &table)?),
            _ => Trigger::Sqs(self.sqs(t, timeout_s, table)?),
        };
        let per_message_ms = match (&t.per_message_io_ms, &t.per_message_cpu_ms) {
            (None, None) => None,
            (io, cpu) => {
                let get = |v: &Option<Spanned<f64>>, key| {
                    v.as_ref().map_or(Ok(0.0), |x| self.range_f64(x, key, 0.0, 900_000.0, " ms"))
                };
                Some((get(io, "per_message_io_ms")?, get(cpu, "per_message_cpu_ms")?))
            }
        };
        Ok(CheckedTrigger { trigger, per_message_ms })
    }

    /// A key of another type's is an error naming the type it belongs to.
    fn refuse_foreign_keys(&self, t: &RawTrigger, kind: &str) -> Result<()> {
        let own: &[&str] = match kind {
            "sync" => &SYNC_KEYS,
            "async" => &ASYNC_KEYS,
            "sqs" => &SQS_KEYS,
            _ => &[],
        };
        let groups: [(&str, &[&str]); 4] = [
            ("sync", &SYNC_KEYS),
            ("async or schedule", &ASYNC_KEYS),
            ("sqs", &SQS_KEYS),
            ("schedule", &SCHEDULE_KEYS),
        ];
        for (owner, keys) in groups {
            for key in keys {
                let allowed = own.contains(key)
                    || (kind == "schedule" && (ASYNC_KEYS.contains(key) || SCHEDULE_KEYS.contains(key)));
                if let (false, Some(span)) = (allowed, key_span(t, key)) {
                    return Err(self.err(
                        span,
                        format!("{key} applies to trigger type {owner}, not to type = \"{kind}\"; remove it"),
                    ));
                }
            }
        }
        Ok(())
    }

    fn sync(&self, t: &RawTrigger, table: &Range<usize>) -> Result<SyncTrigger> {
        let source = match &t.source {
            None => SyncSource::Direct,
            Some(s) => match s.get_ref().as_str() {
                "direct" => SyncSource::Direct,
                "rest_api" => SyncSource::RestApi,
                "http_api" => SyncSource::HttpApi,
                "function_url" => SyncSource::FunctionUrl,
                other => {
                    let hint = did_you_mean(other, SOURCES);
                    return Err(self.err(
                        s.span(),
                        format!(
                            "source '{}' is not known{hint} (allowed: direct, rest_api, http_api, function_url)",
                            excerpt(other)
                        ),
                    ));
                }
            },
        };
        let timeout = t.integration_timeout_ms.as_ref();
        SyncTrigger::new(source, timeout.map(|v| *v.get_ref()))
            .map_err(|e| self.err(timeout.map_or(table.clone(), Spanned::span), e.to_string()))
    }

    fn async_delivery(&self, t: &RawTrigger, table: &Range<usize>) -> Result<AsyncDelivery> {
        let d = AsyncDelivery::default();
        let delays = match &t.retry_delays_s {
            None => d.retry_delays_s(),
            Some(v) => match v.get_ref().as_slice() {
                [a, b] => [*a, *b],
                other => {
                    return Err(self.err(
                        v.span(),
                        format!(
                            "retry_delays_s must be two numbers of seconds, before the first and the second retry \
                             (got {} values)",
                            other.len()
                        ),
                    ))
                }
            },
        };
        let backoff = match &t.backoff_factor {
            None => Backoff::default(),
            Some(f) => Backoff::with_factor(*f.get_ref()).map_err(|e| self.err(f.span(), e.to_string()))?,
        };
        AsyncDelivery::new(
            t.maximum_event_age_s.as_ref().map_or(d.maximum_event_age_s(), |v| *v.get_ref()),
            t.maximum_retry_attempts.as_ref().map_or(d.maximum_retry_attempts(), |v| *v.get_ref()),
            delays,
            backoff,
        )
        .map_err(|e| {
            let key = match &e {
                TriggerError::OutOfRange { key, .. } => key,
                _ => "maximum_event_age_s",
            };
            self.err(key_span(t, key).unwrap_or(table.clone()), e.to_string())
        })
    }

    fn sqs(&self, t: &RawTrigger, timeout_s: u32, table: Range<usize>) -> Result<SqsMapping> {
        let d = SqsSettings::default();
        let u = |v: &Option<Spanned<u32>>, default: u32| v.as_ref().map_or(default, |x| *x.get_ref());
        let queue = match &t.queue {
            None => QueueType::Standard,
            Some(q) => match q.get_ref().as_str() {
                "standard" => QueueType::Standard,
                "fifo" => QueueType::Fifo,
                other => {
                    return Err(self
                        .err(q.span(), format!("queue '{}' is not known (allowed: standard, fifo)", excerpt(other))))
                }
            },
        };
        let at = |key: &str| key_span(t, key).unwrap_or(table.clone());
        let scaling = match &t.poller_scale_down_per_minute {
            None => PollerScaling::default(),
            Some(v) => {
                PollerScaling::with_down_per_minute(*v.get_ref()).map_err(|e| self.err(v.span(), e.to_string()))?
            }
        };
        // AWS refuses a mapping whose queue hides messages for less than the function may run; without a value
        // the queue has SQS's default of 30 s, and a longer timeout is the same refusal.
        let visibility_timeout_s = u(&t.visibility_timeout_s, d.visibility_timeout_s);
        if visibility_timeout_s < timeout_s {
            let given = t.visibility_timeout_s.is_some();
            return Err(self.err(
                at("visibility_timeout_s"),
                format!(
                    "visibility_timeout_s {visibility_timeout_s} s{} is below the function's timeout_s {timeout_s} s: \
                     AWS refuses such a mapping (set it to at least {timeout_s} s; AWS recommends 6 × the timeout, \
                     {} s)",
                    if given { "" } else { " (the SQS default)" },
                    6 * timeout_s
                ),
            ));
        }
        let settings = SqsSettings {
            queue,
            batch_size: u(&t.batch_size, d.batch_size),
            batching_window_s: u(&t.maximum_batching_window_s, d.batching_window_s),
            maximum_concurrency: t.maximum_concurrency.as_ref().map(|v| *v.get_ref()),
            visibility_timeout_s,
            max_receive_count: t.max_receive_count.as_ref().map(|v| *v.get_ref()),
            report_batch_item_failures: t.report_batch_item_failures.as_ref().is_some_and(|v| *v.get_ref()),
            retention_s: u(&t.retention_s, d.retention_s),
            scaling,
            empty_receive_interval_s: u(&t.empty_receive_interval_s, d.empty_receive_interval_s),
        };
        SqsMapping::new(settings).map_err(|e| {
            let span = match &e {
                TriggerError::OutOfRange { key, .. } => at(key),
                // The combinations AWS refuses are about the batch: point at what the user wrote.
                _ if t.maximum_batching_window_s.is_some() => at("maximum_batching_window_s"),
                _ => at("batch_size"),
            };
            self.err(span, e.to_string())
        })
    }
}

/// The span of `key` in the table, if it was written.
fn key_span(t: &RawTrigger, key: &str) -> Option<Range<usize>> {
    fn s<T>(v: &Option<Spanned<T>>) -> Option<Range<usize>> {
        v.as_ref().map(Spanned::span)
    }
    match key {
        "source" => s(&t.source),
        "integration_timeout_ms" => s(&t.integration_timeout_ms),
        "maximum_event_age_s" => s(&t.maximum_event_age_s),
        "maximum_retry_attempts" => s(&t.maximum_retry_attempts),
        "retry_delays_s" => s(&t.retry_delays_s),
        "backoff_factor" => s(&t.backoff_factor),
        "queue" => s(&t.queue),
        "batch_size" => s(&t.batch_size),
        "maximum_batching_window_s" => s(&t.maximum_batching_window_s),
        "maximum_concurrency" => s(&t.maximum_concurrency),
        "visibility_timeout_s" => s(&t.visibility_timeout_s),
        "max_receive_count" => s(&t.max_receive_count),
        "report_batch_item_failures" => s(&t.report_batch_item_failures),
        "retention_s" => s(&t.retention_s),
        "poller_scale_down_per_minute" => s(&t.poller_scale_down_per_minute),
        "empty_receive_interval_s" => s(&t.empty_receive_interval_s),
        "per_message_io_ms" => s(&t.per_message_io_ms),
        "per_message_cpu_ms" => s(&t.per_message_cpu_ms),
        "expression" => s(&t.expression),
        "timezone" => s(&t.timezone),
        "per_firing" => s(&t.per_firing),
        "flexible_window_minutes" => s(&t.flexible_window_minutes),
        _ => None,
    }
}
