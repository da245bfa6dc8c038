//! What a sweep point measures about delivery, for triggers where no caller waits: events or messages dropped,
//! retried and delayed, the queue's backlog and its oldest message.

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

use super::{merged, Latency};
use crate::sim::{self, LatencyStats, SimResult};
use crate::trigger::Trigger;

/// Delivery at one sweep point, over all replications (async, schedule and SQS triggers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryStats {
    /// Events (async, schedule) or messages (SQS) per month [events].
    pub monthly_events: f64,
    /// Dropped ÷ arrived: too old or out of retries (async), past retention or dead-lettered (SQS) [-].
    pub dropped_ratio: f64,
    /// Discarded for age (async: older than the maximum event age; SQS: past the retention period) ÷ arrived [-].
    pub expired_ratio: f64,
    /// Given up after the last attempt (async: retries exhausted; SQS: moved to the dead-letter queue) ÷ arrived
    /// [-].
    pub exhausted_ratio: f64,
    /// Still waiting or in flight when the simulated time ended ÷ arrived [-].
    pub pending_ratio: f64,
    /// Invocations (billed attempts, first ones and retries) ÷ arrived events [-]; SQS: batches ÷ messages.
    pub invocations_per_event: f64,
    /// Attempts after a function error (async), or messages received again after a failed batch (SQS),
    /// ÷ arrived [-].
    pub error_retries_per_event: f64,
    /// Attempts put back after a throttle (async, not billed), or messages of throttled batches (SQS), ÷ arrived
    /// [-].
    pub throttle_retries_per_event: f64,
    /// Arrival → start of the first attempt [ms]: for a schedule, how late a run starts.
    pub wait: Latency,
    /// Arrival → end of the successful attempt [ms]: for SQS, a message's age when it is deleted.
    pub end_to_end: Latency,
    /// End-to-end distribution: (percentile [%], latency [ms]) pairs at [`super::CDF_PERCENTILES`], all
    /// replications pooled.
    #[serde(default)]
    pub end_to_end_cdf: Vec<(f64, f64)>,
    /// Most events or messages waiting at once, highest over replications [events].
    pub peak_backlog: u64,
    /// Oldest age a waiting event or message reached, highest over replications [ms].
    pub max_oldest_age_ms: f64,
    /// SQS: mean messages per batch invocation [messages].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_batch_size: Option<f64>,
    /// SQS: `ReceiveMessage` (with and without messages) and `DeleteMessageBatch` calls per month [requests].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_sqs_requests: Option<f64>,
    /// Schedule: runs that started while an earlier one was still running ÷ runs [-].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlap_ratio: Option<f64>,
}

impl DeliveryStats {
    /// The delivery of `runs` (replications of one point), scaled to a month by `factor`; `None` for a
    /// synchronous trigger.
    pub fn from_runs(trigger: &Trigger, runs: &[SimResult], factor: f64) -> Option<DeliveryStats> {
        if matches!(trigger, Trigger::Sync(_)) || runs.is_empty() {
            return None;
        }
        let sum = |f: fn(&SimResult) -> u64| runs.iter().map(f).sum::<u64>();
        let events = sum(|r| r.delivery.events);
        let per = |n: u64| sim::ratio(n, events);
        let reps = runs.len() as f64;
        let served = sum(|r| r.counts.served());
        let batches = sum(|r| r.delivery.batches);
        let sqs = matches!(trigger, Trigger::Sqs(_));
        // Merged once: its percentiles and its distribution both come from it.
        let end_to_end = merged(runs.iter().map(|r| &r.end_to_end_histogram));
        let sqs_calls = sum(|r| r.delivery.receive_requests + r.delivery.delete_requests + r.delivery.empty_receives);
        Some(DeliveryStats {
            monthly_events: events as f64 / reps * factor,
            dropped_ratio: per(sum(|r| r.delivery.dropped())),
            expired_ratio: per(sum(|r| r.delivery.expired)),
            exhausted_ratio: per(sum(|r| r.delivery.exhausted)),
            pending_ratio: per(sum(|r| r.delivery.pending)),
            invocations_per_event: per(if sqs { batches } else { served }),
            error_retries_per_event: per(sum(|r| r.delivery.error_retries)),
            throttle_retries_per_event: per(sum(|r| r.delivery.throttle_retries)),
            wait: pooled(runs, &merged(runs.iter().map(|r| &r.wait_histogram)), |r| &r.delivery.wait),
            end_to_end: pooled(runs, &end_to_end, |r| &r.delivery.end_to_end),
            end_to_end_cdf: cdf(&end_to_end),
            peak_backlog: runs.iter().map(|r| r.delivery.peak_backlog).max().unwrap_or(0),
            max_oldest_age_ms: runs.iter().map(|r| r.delivery.max_oldest_age_us).max().unwrap_or(0) as f64 / 1e3,
            mean_batch_size: sqs.then(|| sim::ratio(sum(|r| r.delivery.batch_messages), served)),
            monthly_sqs_requests: sqs.then(|| sqs_calls as f64 / reps * factor),
            overlap_ratio: matches!(trigger, Trigger::Schedule(_))
                .then(|| sim::ratio(sum(|r| r.delivery.overlapping_runs), served)),
        })
    }
}

/// The distribution of `hist` at [`super::CDF_PERCENTILES`] [ms].
fn cdf(hist: &Histogram<u64>) -> Vec<(f64, f64)> {
    super::CDF_PERCENTILES.iter().map(|&q| (q, Latency::percentile(hist, q))).collect()
}

/// The replications' latencies pooled, `hist` being their merged histogram: percentiles from it, the exact mean
/// and maximum from the runs' statistics.
fn pooled(runs: &[SimResult], hist: &Histogram<u64>, stats: impl Fn(&SimResult) -> &LatencyStats) -> Latency {
    let count: u64 = runs.iter().map(|r| stats(r).count).sum();
    let sum_us: u128 = runs.iter().map(|r| stats(r).sum_us).sum();
    Latency {
        mean_ms: if count == 0 { 0.0 } else { sum_us as f64 / count as f64 / 1000.0 },
        p50_ms: Latency::percentile(hist, 50.0),
        p90_ms: Latency::percentile(hist, 90.0),
        p95_ms: Latency::percentile(hist, 95.0),
        p99_ms: Latency::percentile(hist, 99.0),
        max_ms: runs.iter().map(|r| stats(r).max_us).max().unwrap_or(0) as f64 / 1000.0,
    }
}
