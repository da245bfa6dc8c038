//! The SQS event source mapping: messages wait in the queue, the pollers read batches of them, and a batch that
//! fails or is throttled becomes visible again after the visibility timeout.
//!
//! State, all O(messages in the queue): new messages in arrival order (`fresh`, 8 bytes each), messages that
//! were received and became visible again (`returned`), and messages hidden by the visibility timeout (`hidden`,
//! in order of reappearance: receives happen in time order and the timeout is constant).
//!
//! - **Pollers.** The mapping runs at most `pollers` batches at once (and at most `maximum_concurrency`): 5 at
//!   the start; at each minute, +300 if during the minute messages waited for a poller (visible, their batching
//!   window over, every poller busy), else −`down_per_minute` but not below the most batches that ran at once
//!   during the minute; between 5 and 1,000 (see [`PollerScaling`](crate::trigger::PollerScaling)). Messages
//!   that only wait for their batching window to fill a batch do not add pollers.
//! - **Batches.** A free poller takes up to `batch_size` visible messages, oldest first (returned ones before new
//!   ones), once `batch_size` are visible or the oldest visible message has waited the batching window (at once
//!   without a window). Messages older than the retention period are deleted by SQS instead (expired).
//! - **Outcome.** The batch is one synchronous invocation through the function's concurrency limit and scaling
//!   rate. Throttled: every message is hidden for the visibility timeout (received, not billed by Lambda).
//!   Failed (timeout, out-of-memory, or a code error on any message without partial batch responses): every
//!   message is hidden likewise; with partial batch responses only the failed messages are. A message received
//!   `max_receive_count` times goes to the dead-letter queue instead (exhausted). The others are deleted at the
//!   end of the invocation; their age then is the end-to-end time.
//! - **Requests.** A batch of n messages takes ⌈n / 10⌉ `ReceiveMessage` calls (at most 10 messages per call) and
//!   ⌈deleted / 10⌉ `DeleteMessageBatch` calls. Idle pollers long-poll: each makes one empty receive per
//!   `empty_receive_interval_s` (20 s: 5 idle pollers make 15 a minute, as measured on an idle queue) while no
//!   message is visible. AWS does not document the pollers' calls; this is the stated model.

use std::collections::VecDeque;

use rand::Rng;

use super::{Engine, Kind};
use crate::trigger::{SqsMapping, Trigger};

/// Microseconds per minute.
const US_PER_MINUTE: u64 = 60_000_000;
/// Most messages one `ReceiveMessage` or `DeleteMessageBatch` call handles.
const PER_CALL: u64 = 10;

/// A message that has been received at least once.
#[derive(Debug, Clone, Copy)]
struct Msg {
    arrival_us: u64,
    receives: u32,
}

#[derive(Debug, Default)]
pub(super) struct SqsState {
    mapping: Option<SqsMapping>,
    /// Arrival times of messages never received.
    fresh: VecDeque<u64>,
    /// Messages visible again, with the time they became visible.
    returned: VecDeque<(u64, Msg)>,
    /// Messages hidden until the time given.
    hidden: VecDeque<(u64, Msg)>,
    /// Batches running.
    in_flight: u32,
    /// Batches the pollers run at once now.
    pollers: u32,
    /// Most batches running at once since the last minute tick.
    peak_in_flight: u32,
    /// Since the last minute tick, a batch could have started (messages visible, its window over) but every
    /// poller was busy: the mapping is behind.
    starved: bool,
    /// The pending batching-window poll, if any [µs].
    window_poll_us: Option<u64>,
    /// ∫ idle pollers dt while no message is visible [poller·µs].
    idle_poller_us: u128,
    last_us: u64,
    /// The batch being formed (reused).
    batch: Vec<Msg>,
}

impl SqsState {
    pub(super) fn new(trigger: &Trigger) -> Self {
        match trigger {
            Trigger::Sqs(m) => Self { mapping: Some(*m), ..Self::default() },
            _ => Self::default(),
        }
    }

    fn mapping(&self) -> SqsMapping {
        self.mapping.expect("SQS state has a mapping")
    }

    fn visible(&self) -> usize {
        self.fresh.len() + self.returned.len()
    }

    fn backlog(&self) -> u64 {
        (self.fresh.len() + self.returned.len() + self.hidden.len()) as u64
    }

    /// Most batches at once now: the pollers, and the mapping's maximum concurrency.
    fn cap(&self) -> u32 {
        let m = self.mapping();
        self.pollers.min(m.maximum_concurrency().unwrap_or(u32::MAX))
    }

    /// When the oldest visible message became visible [µs].
    fn oldest_visible_since(&self) -> Option<u64> {
        match (self.returned.front(), self.fresh.front()) {
            (Some(&(r, _)), Some(&f)) => Some(r.min(f)),
            (Some(&(r, _)), None) => Some(r),
            (None, Some(&f)) => Some(f),
            (None, None) => None,
        }
    }

    /// Arrival of the oldest message not yet received [µs]: how far behind the pollers are. Messages received
    /// before (hidden, or visible again after a failed or throttled batch) are left out: with any retries at all
    /// they would hold this age at the visibility timeout and hide the consumer's lag; their delay is in the
    /// end-to-end age instead.
    fn oldest_arrival(&self) -> Option<u64> {
        self.fresh.front().copied()
    }

    /// The oldest visible message, returned ones first.
    fn pop_visible(&mut self) -> Option<Msg> {
        if let Some((_, m)) = self.returned.pop_front() {
            return Some(m);
        }
        self.fresh.pop_front().map(|arrival_us| Msg { arrival_us, receives: 0 })
    }
}

impl<const MODE: super::Mode> Engine<'_, MODE> {
    pub(super) fn sqs_start(&mut self) {
        let m = self.sqs.mapping();
        self.sqs.pollers = m.scaling().initial();
        if US_PER_MINUTE < self.cfg.horizon_us {
            self.push(US_PER_MINUTE, Kind::MinuteTick);
        }
    }

    pub(super) fn sqs_arrival(&mut self, now_us: u64) {
        self.delivery.events += 1;
        self.sqs.fresh.push_back(now_us);
        self.sqs_dispatch(now_us);
        self.sqs_queue_changed(now_us);
    }

    pub(super) fn sqs_batch_ended(&mut self, now_us: u64) {
        self.sqs.in_flight -= 1;
        self.sqs_dispatch(now_us);
        self.sqs_queue_changed(now_us);
    }

    /// The pollers scale at the start of each minute.
    pub(super) fn sqs_minute(&mut self, now_us: u64) {
        let s = *self.sqs.mapping().scaling();
        let p = self.sqs.pollers;
        // Down only to what the last minute used: a poller that ran a batch is not idle. Without that floor the
        // pollers fall back to 5 whenever the queue is empty at a tick and a steady load above five pollers'
        // capacity builds a minute's backlog each time.
        let used = self.sqs.peak_in_flight.max(s.initial());
        self.sqs.pollers = if self.sqs.starved {
            (p + s.per_minute()).min(s.max())
        } else {
            p.saturating_sub(s.down_per_minute()).max(used.min(p))
        };
        self.sqs.peak_in_flight = self.sqs.in_flight;
        self.sqs.starved = false;
        if now_us + US_PER_MINUTE < self.cfg.horizon_us {
            self.push(now_us + US_PER_MINUTE, Kind::MinuteTick);
        }
        self.sqs_dispatch(now_us);
        self.sqs_queue_changed(now_us);
    }

    /// Hidden messages reappear, or a batching window closed.
    pub(super) fn sqs_poll(&mut self, now_us: u64) {
        while let Some(&(at, m)) = self.sqs.hidden.front() {
            if at > now_us {
                break;
            }
            self.sqs.hidden.pop_front();
            self.sqs.returned.push_back((at, m));
        }
        if self.sqs.window_poll_us.is_some_and(|t| t <= now_us) {
            self.sqs.window_poll_us = None;
        }
        self.sqs_dispatch(now_us);
        self.sqs_queue_changed(now_us);
    }

    /// Accounts for idle pollers up to `now_us` (before anything changes at `now_us`).
    #[inline]
    pub(super) fn sqs_advance(&mut self, now_us: u64) {
        let q = &mut self.sqs;
        if q.visible() == 0 {
            let idle = q.cap().saturating_sub(q.in_flight);
            q.idle_poller_us += u128::from(idle) * u128::from(now_us - q.last_us);
        }
        q.last_us = now_us;
    }

    /// Starts batches while pollers are free and messages are visible.
    fn sqs_dispatch(&mut self, now_us: u64) {
        let m = self.sqs.mapping();
        let window = m.batching_window_ms() * 1_000;
        let retention = u64::from(m.retention_s()) * 1_000_000;
        loop {
            let visible = self.sqs.visible();
            if visible == 0 {
                return;
            }
            if visible < m.batch_size() as usize && window > 0 {
                let since = self.sqs.oldest_visible_since().unwrap_or(now_us);
                if now_us < since + window {
                    self.sqs_window_poll(since + window);
                    return;
                }
            }
            if self.sqs.in_flight >= self.sqs.cap() {
                self.sqs.starved = true;
                return;
            }
            let mut batch = std::mem::take(&mut self.sqs.batch);
            batch.clear();
            while batch.len() < m.batch_size() as usize {
                let Some(mut msg) = self.sqs.pop_visible() else { break };
                if now_us - msg.arrival_us >= retention {
                    self.delivery.expired += 1;
                    continue;
                }
                msg.receives += 1;
                batch.push(msg);
            }
            if !batch.is_empty() {
                self.sqs_run_batch(now_us, &mut batch);
            }
            self.sqs.batch = batch;
        }
    }

    fn sqs_window_poll(&mut self, at_us: u64) {
        if self.sqs.window_poll_us.is_none_or(|t| t > at_us) {
            self.sqs.window_poll_us = Some(at_us);
            self.push(at_us, Kind::Poll);
        }
    }

    fn sqs_run_batch(&mut self, now_us: u64, batch: &mut [Msg]) {
        let n = batch.len();
        self.delivery.batches += 1;
        self.delivery.receive_requests += (n as u64).div_ceil(PER_CALL);
        let Some(started) = self.invoke(now_us, n as u32) else {
            self.delivery.throttle_retries += n as u64;
            self.sqs_hide(now_us, batch);
            return;
        };
        self.sqs.in_flight += 1;
        self.sqs.peak_in_flight = self.sqs.peak_in_flight.max(self.sqs.in_flight);
        self.delivery.batch_messages += n as u64;
        let failed = if started.failed {
            n
        } else {
            // The failed items are a uniformly random subset of the batch: a partial Fisher–Yates shuffle puts
            // them first.
            let k = started.failed_items as usize;
            for i in 0..k {
                let j = self.rng_errors.gen_range(i..n);
                batch.swap(i, j);
            }
            k
        };
        let (lost, done) = batch.split_at(failed);
        self.delivery.error_retries += lost.len() as u64;
        for msg in done {
            self.end_to_end.record(started.end_us - msg.arrival_us);
        }
        for msg in batch.iter() {
            if msg.receives == 1 {
                self.wait.record(now_us - msg.arrival_us);
            }
        }
        self.delivery.completed += (n - failed) as u64;
        self.delivery.delete_requests += ((n - failed) as u64).div_ceil(PER_CALL);
        self.sqs_hide(now_us, &batch[..failed]);
    }

    /// Received messages that were not deleted: hidden for the visibility timeout, or to the dead-letter queue
    /// after their last receive.
    fn sqs_hide(&mut self, now_us: u64, msgs: &[Msg]) {
        let m = self.sqs.mapping();
        let visible_at = now_us + u64::from(m.visibility_timeout_s()) * 1_000_000;
        let mut hid = false;
        for &msg in msgs {
            if m.max_receive_count().is_some_and(|c| msg.receives >= c) {
                self.delivery.exhausted += 1;
            } else {
                self.sqs.hidden.push_back((visible_at, msg));
                hid = true;
            }
        }
        if hid {
            self.push(visible_at, Kind::Poll);
        }
    }

    fn sqs_queue_changed(&mut self, now_us: u64) {
        let backlog = self.sqs.backlog();
        let oldest = self.sqs.oldest_arrival();
        let d = &mut self.delivery;
        d.peak_backlog = d.peak_backlog.max(backlog);
        if let Some(a) = oldest {
            d.max_oldest_age_us = d.max_oldest_age_us.max(now_us - a);
        }
        self.timeline.queue(now_us, backlog, oldest);
    }

    pub(super) fn sqs_finish(&mut self) {
        let m = self.sqs.mapping();
        self.delivery.pending = self.sqs.backlog();
        if let Some(a) = self.sqs.oldest_arrival() {
            let d = &mut self.delivery;
            d.max_oldest_age_us = d.max_oldest_age_us.max(self.cfg.horizon_us.saturating_sub(a));
        }
        let interval_us = u128::from(m.empty_receive_interval_s()) * 1_000_000;
        self.delivery.empty_receives = (self.sqs.idle_poller_us / interval_us) as u64;
    }
}
