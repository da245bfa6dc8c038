//! What a simulation run reports, and the streaming accumulators that build it in constant memory.

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

use crate::Architecture;

/// Request counts of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Requests that arrived before the horizon.
    pub arrivals: u64,
    /// Requests served by on-demand environments (warm or cold).
    pub served_on_demand: u64,
    /// Requests served by provisioned environments.
    pub served_provisioned: u64,
    /// On-demand requests that started a new environment.
    pub cold_starts: u64,
    /// Requests throttled by the concurrency limit (not billed, not retried).
    pub throttled_concurrency: u64,
    /// Requests throttled by the scaling rate (not billed, not retried).
    pub throttled_scaling: u64,
    /// Invocations stopped at the function timeout (billed for the timeout).
    pub timeouts: u64,
    /// Invocations that failed with out-of-memory (memory below the function's floor).
    pub oom_errors: u64,
    /// Invocations whose code failed (the function's error ratio), timeouts and out-of-memory excluded; with
    /// partial batch responses, a batch with some failed items counts once.
    pub function_errors: u64,
}

impl Counts {
    /// Requests served, on-demand or provisioned.
    pub fn served(&self) -> u64 {
        self.served_on_demand + self.served_provisioned
    }

    /// Requests throttled, for either reason.
    pub fn throttled(&self) -> u64 {
        self.throttled_concurrency + self.throttled_scaling
    }

    /// Invocations that ended in an error (timeout, out-of-memory or a failure of the code).
    pub fn errors(&self) -> u64 {
        self.timeouts + self.oom_errors + self.function_errors
    }
}

/// Exact billing quantities of one run, in whole milliseconds. The pricing engine turns them into money.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Billing {
    /// Σ over on-demand invocations of ceil(invoke duration) [ms].
    pub billed_ms: u64,
    /// Σ over cold starts of ceil(init + invoke) − ceil(invoke): the marginal billed INIT time [ms]. Whether it is
    /// charged depends on the date and packaging (AWS Compute Blog, "AWS Lambda standardizes billing for INIT Phase", 2025); the pricing engine decides.
    pub billed_init_ms: u64,
    /// Σ over invocations on provisioned environments of ceil(invoke duration) [ms].
    pub pc_billed_ms: u64,
    /// ∫ provisioned environments configured dt [environment·ms] (exact when the horizon is whole milliseconds).
    pub pc_configured_ms: u64,
}

/// Latency seen by callers of served requests: INIT (if cold) plus invoke duration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LatencyStats {
    /// Requests measured.
    pub count: u64,
    /// Exact sum of latencies [µs].
    pub sum_us: u128,
    /// Exact mean latency [µs]; 0 when no request was served.
    pub mean_us: f64,
    /// Exact maximum latency [µs].
    pub max_us: u64,
    /// Median [µs] (histogram, 3 significant digits).
    pub p50_us: u64,
    /// 90th percentile [µs] (histogram, 3 significant digits).
    pub p90_us: u64,
    /// 95th percentile [µs] (histogram, 3 significant digits).
    pub p95_us: u64,
    /// 99th percentile [µs] (histogram, 3 significant digits).
    pub p99_us: u64,
}

/// Time-weighted environment counts over the horizon.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnvironmentStats {
    /// Mean busy environments (initialising or invoking; on-demand and provisioned) [environments].
    pub mean_busy: f64,
    /// Mean idle environments (on-demand warm plus unused provisioned) [environments].
    pub mean_idle: f64,
    /// Mean live environments, busy plus idle [environments].
    pub mean_live: f64,
    /// Most environments busy at once [environments].
    pub peak_busy: u32,
    /// Busy provisioned environment-time ÷ configured provisioned environment-time; `None` without provisioned
    /// concurrency. Can exceed 1 slightly when the hourly level drops under busy environments that finish first.
    pub pc_utilisation: Option<f64>,
}

/// One bucket of the timeline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TimelineBucket {
    /// Most environments busy at once during the bucket [environments].
    pub max_busy: u32,
    /// Cold starts that began in the bucket.
    pub cold_starts: u32,
    /// Requests throttled in the bucket, for either reason.
    pub throttled: u32,
    /// Highest provisioned level configured during the bucket [environments].
    pub pc_level: u32,
    /// Most events or messages waiting at once during the bucket (async queue, SQS backlog) [messages].
    #[serde(default)]
    pub backlog: u64,
    /// Oldest waiting event or message, at its oldest during the bucket [ms].
    #[serde(default)]
    pub oldest_age_ms: u64,
}

/// A bounded timeline for charts: the horizon cut into equal buckets (the last may be shorter).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Timeline {
    /// Length of each bucket [µs].
    pub bucket_us: u64,
    /// The buckets, in time order.
    pub buckets: Vec<TimelineBucket>,
}

/// How events were delivered. Zero for synchronous triggers except `gateway_timeouts`. For SQS "events" are
/// messages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    /// Events (async, schedule) or messages (SQS) that arrived before the horizon.
    pub events: u64,
    /// Events or messages processed successfully.
    pub completed: u64,
    /// Async: attempts after a function error. SQS: messages received again after a failed batch.
    pub error_retries: u64,
    /// Async: attempts put back in the queue after a throttle (not billed). SQS: messages of throttled batches.
    pub throttle_retries: u64,
    /// Async: events discarded for being older than the maximum event age. SQS: messages past retention.
    pub expired: u64,
    /// Async: events discarded after their last retry. SQS: messages moved to the dead-letter queue.
    pub exhausted: u64,
    /// Events or messages still waiting or in flight at the horizon.
    pub pending: u64,
    /// Arrival → start of the first attempt [µs] (schedule: run start lateness).
    pub wait: LatencyStats,
    /// Arrival → end of the successful attempt [µs]: for SQS, message age at completion.
    pub end_to_end: LatencyStats,
    /// SQS: invocations started with a batch (failed ones included) or refused by a throttle.
    pub batches: u64,
    /// SQS: messages handed to invocations that started (a message received twice counts twice).
    pub batch_messages: u64,
    /// SQS: `ReceiveMessage` calls that returned messages (at most 10 messages per call).
    pub receive_requests: u64,
    /// SQS: `DeleteMessageBatch` calls (at most 10 messages per call).
    pub delete_requests: u64,
    /// SQS: `ReceiveMessage` calls of idle pollers that returned nothing.
    pub empty_receives: u64,
    /// Most events or messages waiting at once [messages].
    pub peak_backlog: u64,
    /// Oldest age a waiting event (async: queued or waiting for a retry) or message (SQS: not yet received)
    /// reached [µs].
    pub max_oldest_age_us: u64,
    /// Schedule: runs that started while an earlier run was still going.
    pub overlapping_runs: u64,
    /// Sync: requests whose caller gave up at the integration timeout (HTTP 504) while the invocation ran on.
    pub gateway_timeouts: u64,
}

impl Delivery {
    /// Events dropped, for age or after the last retry (async), or messages lost or dead-lettered (SQS).
    pub fn dropped(&self) -> u64 {
        self.expired + self.exhausted
    }
}

/// Everything one run measured. Deterministic: the same configuration and seed give an equal result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimResult {
    /// Configured memory [MB].
    pub memory_mb: u32,
    /// Architecture.
    pub arch: Architecture,
    /// Simulated time [µs].
    pub horizon_us: u64,
    /// Random seed used.
    pub seed: u64,
    /// Request counts.
    pub counts: Counts,
    /// Billing quantities.
    pub billing: Billing,
    /// Caller latency summary.
    pub latency: LatencyStats,
    /// Caller latency distribution [µs], 3 significant digits.
    #[serde(skip)]
    pub latency_histogram: Histogram<u64>,
    /// Environment counts.
    pub environments: EnvironmentStats,
    /// Per-bucket timeline.
    pub timeline: Timeline,
    /// Delivery of events and messages (trigger-specific).
    pub delivery: Delivery,
    /// Arrival → first start distribution [µs], 3 significant digits.
    #[serde(skip)]
    pub wait_histogram: Histogram<u64>,
    /// Arrival → successful end distribution [µs], 3 significant digits.
    #[serde(skip)]
    pub end_to_end_histogram: Histogram<u64>,
}

impl SimResult {
    /// Cold starts ÷ requests served on demand; 0 when none was served.
    pub fn cold_start_ratio(&self) -> f64 {
        ratio(self.counts.cold_starts, self.counts.served_on_demand)
    }

    /// Throttled requests ÷ arrivals; 0 without arrivals.
    pub fn throttle_ratio(&self) -> f64 {
        ratio(self.counts.throttled(), self.counts.arrivals)
    }

    /// Whether the memory size can run the function at all (no out-of-memory errors).
    pub fn feasible(&self) -> bool {
        self.counts.oom_errors == 0
    }
}

/// Longest time an event or message can wait or live [µs]: SQS's 14-day retention, with room.
pub(crate) const AGE_MAX_US: u64 = 1_300_000_000_000;

/// A streamed latency distribution: histogram, exact sum and maximum.
#[derive(Debug, Clone)]
pub(crate) struct LatencyAcc {
    pub(crate) hist: Histogram<u64>,
    sum_us: u128,
    max_us: u64,
}

impl LatencyAcc {
    pub(crate) fn new(max_us: u64) -> Self {
        Self { hist: Histogram::new_with_bounds(1, max_us, 3).expect("valid histogram bounds"), sum_us: 0, max_us: 0 }
    }

    #[inline]
    pub(crate) fn record(&mut self, us: u64) {
        self.hist.saturating_record(us);
        self.sum_us += u128::from(us);
        self.max_us = self.max_us.max(us);
    }

    pub(crate) fn stats(&self) -> LatencyStats {
        let h = &self.hist;
        let count = h.len();
        LatencyStats {
            count,
            sum_us: self.sum_us,
            mean_us: if count == 0 { 0.0 } else { self.sum_us as f64 / count as f64 },
            max_us: self.max_us,
            p50_us: h.value_at_quantile(0.50),
            p90_us: h.value_at_quantile(0.90),
            p95_us: h.value_at_quantile(0.95),
            p99_us: h.value_at_quantile(0.99),
        }
    }
}

/// `a ÷ b`, 0 when `b` is 0.
pub fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Environment counts at one instant.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Levels {
    pub(crate) od_busy: u32,
    pub(crate) pc_busy: u32,
    pub(crate) pc_level: u32,
}

impl Levels {
    #[inline]
    pub(crate) fn busy(&self) -> u32 {
        self.od_busy + self.pc_busy
    }

    /// Provisioned environments alive: the configured level, or more while a lowered level drains.
    #[inline]
    pub(crate) fn pc_live(&self) -> u32 {
        self.pc_level.max(self.pc_busy)
    }
}

/// How many buckets a timeline of `buckets` buckets over `horizon_us` has: equal buckets of a whole number of
/// µs, the last possibly shorter.
pub(crate) fn bucket_count(horizon_us: u64, buckets: u32) -> usize {
    let n = u64::from(buckets).min(horizon_us);
    horizon_us.div_ceil(horizon_us.div_ceil(n)) as usize
}

/// Running integrals ∫ level dt [environment·µs], exact in integers.
#[derive(Debug, Default)]
pub(crate) struct Integrals {
    last_us: u64,
    od_busy: u128,
    od_idle: u128,
    pc_busy: u128,
    pc_live: u128,
    pc_level: u128,
}

impl Integrals {
    /// Accounts for `levels` and `od_idle` idle on-demand environments held from the last update until `to_us`.
    #[inline]
    pub(crate) fn advance(&mut self, to_us: u64, l: &Levels, od_idle: u32) {
        let dt = u128::from(to_us - self.last_us);
        self.last_us = to_us;
        self.od_busy += u128::from(l.od_busy) * dt;
        self.od_idle += u128::from(od_idle) * dt;
        self.pc_busy += u128::from(l.pc_busy) * dt;
        self.pc_live += u128::from(l.pc_live()) * dt;
        self.pc_level += u128::from(l.pc_level) * dt;
    }

    pub(crate) fn finish(&self, horizon_us: u64, peak_busy: u32) -> (EnvironmentStats, u64) {
        let h = horizon_us as f64;
        let busy = self.od_busy + self.pc_busy;
        let idle = self.od_idle + (self.pc_live - self.pc_busy);
        let stats = EnvironmentStats {
            mean_busy: busy as f64 / h,
            mean_idle: idle as f64 / h,
            mean_live: (busy + idle) as f64 / h,
            peak_busy,
            pc_utilisation: (self.pc_level > 0).then(|| self.pc_busy as f64 / self.pc_level as f64),
        };
        (stats, (self.pc_level / 1000) as u64)
    }
}

/// Builds the timeline as time advances.
#[derive(Debug)]
pub(crate) struct TimelineAcc {
    timeline: Timeline,
    cur: usize,
    /// Start of the next bucket [µs].
    next_edge_us: u64,
    /// Events or messages waiting now [messages].
    backlog: u64,
    /// Arrival of the oldest waiting event or message, if any [µs].
    oldest_since_us: Option<u64>,
}

impl TimelineAcc {
    pub(crate) fn new(horizon_us: u64, buckets: u32, pc_level: u32) -> Self {
        let n = bucket_count(horizon_us, buckets);
        let bucket_us = horizon_us.div_ceil(n as u64);
        let mut v = vec![TimelineBucket::default(); n];
        v[0].pc_level = pc_level;
        Self {
            timeline: Timeline { bucket_us, buckets: v },
            cur: 0,
            next_edge_us: bucket_us,
            backlog: 0,
            oldest_since_us: None,
        }
    }

    /// Moves to the bucket containing `to_us`, seeding new buckets with the current levels and queue.
    #[inline]
    pub(crate) fn advance(&mut self, to_us: u64, l: &Levels) {
        while to_us >= self.next_edge_us && self.cur + 1 < self.timeline.buckets.len() {
            // The oldest waiting item has aged until the edge: that is its age at its oldest in the old bucket.
            let edge = self.next_edge_us;
            self.age_at(edge);
            self.cur += 1;
            self.next_edge_us += self.timeline.bucket_us;
            self.timeline.buckets[self.cur] = TimelineBucket {
                max_busy: l.busy(),
                pc_level: l.pc_level,
                backlog: self.backlog,
                ..Default::default()
            };
        }
    }

    /// The queue now holds `backlog` items, the oldest waiting since `oldest_since_us` (called at `now_us`,
    /// after [`TimelineAcc::advance`] to it, before the change).
    #[inline]
    pub(crate) fn queue(&mut self, now_us: u64, backlog: u64, oldest_since_us: Option<u64>) {
        self.age_at(now_us);
        self.backlog = backlog;
        self.oldest_since_us = oldest_since_us;
        let b = &mut self.timeline.buckets[self.cur];
        b.backlog = b.backlog.max(backlog);
    }

    #[inline]
    fn age_at(&mut self, t_us: u64) {
        if let Some(since) = self.oldest_since_us {
            let b = &mut self.timeline.buckets[self.cur];
            b.oldest_age_ms = b.oldest_age_ms.max(t_us.saturating_sub(since) / 1_000);
        }
    }

    #[inline]
    pub(crate) fn current(&mut self) -> &mut TimelineBucket {
        &mut self.timeline.buckets[self.cur]
    }

    pub(crate) fn finish(mut self, horizon_us: u64) -> Timeline {
        self.age_at(horizon_us);
        self.timeline
    }
}
