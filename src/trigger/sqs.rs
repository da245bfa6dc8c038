//! The SQS event source mapping: batches, the batching window, poller scaling, visibility timeout and redrive.

use serde::Serialize;

use super::{check_range, TriggerError};

/// Standard or FIFO queue: decides the batch-size range and the request price.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueType {
    /// At-least-once, best-effort order.
    #[default]
    Standard,
    /// First-in-first-out. Message groups are not modelled: the queue is one group-free stream.
    Fifo,
}

/// Largest batch AWS accepts without a batching window [messages] (CreateEventSourceMapping,
/// `MaximumBatchingWindowInSeconds`: at least 1 s when `BatchSize` is over 10).
pub const MAX_BATCH_WITHOUT_WINDOW: u32 = 10;

/// Largest batch a FIFO queue's mapping takes [messages] (AWS: 1 – 10 for FIFO queues).
pub const MAX_FIFO_BATCH: u32 = 10;

/// How many batches the mapping's pollers run at once, over time: `initial` concurrent batches at the start, up to
/// `per_minute` more each minute while messages are waiting, at most `max`; back down by `down_per_minute` each
/// minute with no message waiting, not below `initial` nor below the most batches that ran at once in that minute
/// (<https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html>: "starts with five concurrent
/// batches … adds up to 300 more instances per minute … up to 1,000"). How fast AWS scales down is not
/// published: `down_per_minute` is a parameter (default 300, symmetric).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PollerScaling {
    initial: u32,
    per_minute: u32,
    max: u32,
    down_per_minute: u32,
}

impl Default for PollerScaling {
    fn default() -> Self {
        Self { initial: 5, per_minute: 300, max: 1_000, down_per_minute: 300 }
    }
}

impl PollerScaling {
    /// AWS's scale-up rule with another scale-down rate [batches/min], 1 – 1,000.
    ///
    /// # Errors
    ///
    /// [`TriggerError::OutOfRange`] outside 1 – 1,000.
    pub fn with_down_per_minute(down: u32) -> Result<Self, TriggerError> {
        check_range("poller_scale_down_per_minute", u64::from(down), 1, 1_000, " batches/min")?;
        Ok(Self { down_per_minute: down, ..Self::default() })
    }

    /// Concurrent batches at the start.
    pub fn initial(&self) -> u32 {
        self.initial
    }

    /// Added per minute while messages wait.
    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }

    /// Most concurrent batches.
    pub fn max(&self) -> u32 {
        self.max
    }

    /// Removed per minute without waiting messages.
    pub fn down_per_minute(&self) -> u32 {
        self.down_per_minute
    }
}

/// An SQS event source mapping and the queue settings that change what it does
/// (<https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html>).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SqsMapping {
    queue: QueueType,
    /// Most messages per invocation.
    batch_size: u32,
    /// Longest a poller waits to fill a batch [ms].
    batching_window_ms: u64,
    /// `ScalingConfig.MaximumConcurrency` [concurrent invocations], if set.
    maximum_concurrency: Option<u32>,
    /// A received message is hidden this long before it can be received again [s].
    visibility_timeout_s: u32,
    /// Receives after which a message moves to the dead-letter queue; `None`: no redrive policy.
    max_receive_count: Option<u32>,
    /// The function reports failed items (`ReportBatchItemFailures`): only they return to the queue.
    report_batch_item_failures: bool,
    /// A message older than this is deleted by SQS [s].
    retention_s: u32,
    scaling: PollerScaling,
    /// An idle poller makes one `ReceiveMessage` call per this long (long polling, `WaitTimeSeconds`) [s].
    empty_receive_interval_s: u32,
}

/// The settings of an [`SqsMapping`], before validation. `Default` is Lambda's and SQS's defaults, with a 30 s
/// visibility timeout (the SQS default).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SqsSettings {
    /// Standard or FIFO.
    pub queue: QueueType,
    /// 1 – 10,000 (standard), 1 – 10 (FIFO); default 10.
    pub batch_size: u32,
    /// 0 – 300 s; at least 1 s when `batch_size` > 10; not supported on FIFO queues [s].
    pub batching_window_s: u32,
    /// 2 – 1,000, optional.
    pub maximum_concurrency: Option<u32>,
    /// 0 – 43,200 s; default 30 s [s].
    pub visibility_timeout_s: u32,
    /// 1 – 1,000, optional.
    pub max_receive_count: Option<u32>,
    /// Partial batch responses.
    pub report_batch_item_failures: bool,
    /// 60 – 1,209,600 s; default 345,600 (4 days) [s].
    pub retention_s: u32,
    /// Poller scaling.
    pub scaling: PollerScaling,
    /// 1 – 20 s; default 20 (Lambda long-polls) [s].
    pub empty_receive_interval_s: u32,
}

impl Default for SqsSettings {
    fn default() -> Self {
        Self {
            queue: QueueType::Standard,
            batch_size: 10,
            batching_window_s: 0,
            maximum_concurrency: None,
            visibility_timeout_s: 30,
            max_receive_count: None,
            report_batch_item_failures: false,
            retention_s: 345_600,
            scaling: PollerScaling::default(),
            empty_receive_interval_s: 20,
        }
    }
}

impl SqsMapping {
    /// Validates the settings against AWS's ranges.
    ///
    /// # Errors
    ///
    /// [`TriggerError`] naming the first setting out of range, or a combination AWS refuses.
    pub fn new(s: SqsSettings) -> Result<Self, TriggerError> {
        let max_batch = match s.queue {
            QueueType::Standard => 10_000,
            QueueType::Fifo => u64::from(MAX_FIFO_BATCH),
        };
        check_range("batch_size", u64::from(s.batch_size), 1, max_batch, " messages")?;
        check_range("maximum_batching_window_s", u64::from(s.batching_window_s), 0, 300, " s")?;
        if s.queue == QueueType::Fifo && s.batching_window_s > 0 {
            return Err(TriggerError::Combination(
                "maximum_batching_window_s is not supported on FIFO queues; remove it or use queue = \"standard\""
                    .into(),
            ));
        }
        if s.batch_size > MAX_BATCH_WITHOUT_WINDOW && s.batching_window_s == 0 {
            return Err(TriggerError::Combination(format!(
                "batch_size {} needs maximum_batching_window_s of at least 1 s (AWS requires a window for batches \
                 over 10)",
                s.batch_size
            )));
        }
        if let Some(c) = s.maximum_concurrency {
            check_range("maximum_concurrency", u64::from(c), 2, 1_000, "")?;
        }
        check_range("visibility_timeout_s", u64::from(s.visibility_timeout_s), 0, 43_200, " s")?;
        if let Some(n) = s.max_receive_count {
            check_range("max_receive_count", u64::from(n), 1, 1_000, "")?;
        }
        check_range("retention_s", u64::from(s.retention_s), 60, 1_209_600, " s")?;
        check_range("empty_receive_interval_s", u64::from(s.empty_receive_interval_s), 1, 20, " s")?;
        Ok(Self {
            queue: s.queue,
            batch_size: s.batch_size,
            batching_window_ms: u64::from(s.batching_window_s) * 1_000,
            maximum_concurrency: s.maximum_concurrency,
            visibility_timeout_s: s.visibility_timeout_s,
            max_receive_count: s.max_receive_count,
            report_batch_item_failures: s.report_batch_item_failures,
            retention_s: s.retention_s,
            scaling: s.scaling,
            empty_receive_interval_s: s.empty_receive_interval_s,
        })
    }

    /// Standard or FIFO.
    pub fn queue(&self) -> QueueType {
        self.queue
    }

    /// Most messages per invocation.
    pub fn batch_size(&self) -> u32 {
        self.batch_size
    }

    /// Batching window [ms].
    pub fn batching_window_ms(&self) -> u64 {
        self.batching_window_ms
    }

    /// Maximum concurrency, if set.
    pub fn maximum_concurrency(&self) -> Option<u32> {
        self.maximum_concurrency
    }

    /// Visibility timeout [s].
    pub fn visibility_timeout_s(&self) -> u32 {
        self.visibility_timeout_s
    }

    /// Receives before the dead-letter queue, if there is one.
    pub fn max_receive_count(&self) -> Option<u32> {
        self.max_receive_count
    }

    /// Partial batch responses.
    pub fn report_batch_item_failures(&self) -> bool {
        self.report_batch_item_failures
    }

    /// Message retention [s].
    pub fn retention_s(&self) -> u32 {
        self.retention_s
    }

    /// Poller scaling.
    pub fn scaling(&self) -> &PollerScaling {
        &self.scaling
    }

    /// Interval between empty receives of an idle poller [s].
    pub fn empty_receive_interval_s(&self) -> u32 {
        self.empty_receive_interval_s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_ranges_and_combinations() {
        let ok = SqsSettings::default();
        assert!(SqsMapping::new(ok).is_ok());
        let bad = [
            SqsSettings { batch_size: 0, ..ok },
            SqsSettings { batch_size: 10_001, batching_window_s: 1, ..ok },
            SqsSettings { queue: QueueType::Fifo, batch_size: 11, ..ok },
            SqsSettings { queue: QueueType::Fifo, batching_window_s: 1, ..ok },
            SqsSettings { batch_size: 11, batching_window_s: 0, ..ok },
            SqsSettings { batching_window_s: 301, ..ok },
            SqsSettings { maximum_concurrency: Some(1), ..ok },
            SqsSettings { maximum_concurrency: Some(1_001), ..ok },
            SqsSettings { visibility_timeout_s: 43_201, ..ok },
            SqsSettings { max_receive_count: Some(0), ..ok },
            SqsSettings { retention_s: 59, ..ok },
            SqsSettings { empty_receive_interval_s: 21, ..ok },
        ];
        for s in bad {
            assert!(SqsMapping::new(s).is_err(), "{s:?}");
        }
        let m = SqsMapping::new(SqsSettings { batch_size: 10_000, batching_window_s: 1, ..ok }).unwrap();
        assert_eq!(m.batching_window_ms(), 1_000);
    }
}
