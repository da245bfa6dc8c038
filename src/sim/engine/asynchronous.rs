//! Asynchronous delivery (S3, SNS, EventBridge, schedules): Lambda's internal queue in front of the function.
//!
//! Each event waiting for an attempt holds a slot: its arrival time and how many attempts and throttles it has
//! had. A slot lives from the event's arrival to its success or drop, so memory is O(events in the queue).
//!
//! - An attempt that is throttled puts the event back for `backoff.interval(k)` (k-th throttle), unless it would
//!   then be older than the maximum event age: it is then discarded (counted as expired). Throttled attempts are
//!   not billed.
//! - An attempt that fails (timeout, out-of-memory, the code's error ratio) is billed; the event is retried
//!   `retry_delays_s[i]` after the failed attempt ends, at most `maximum_retry_attempts` times, and discarded
//!   after the last (counted as exhausted). A retry due after the maximum event age is discarded as expired.
//! - The first attempt is made on arrival: Lambda's pollers are not modelled as a delay.

use super::{Engine, Kind, US_PER_MS};
use crate::trigger::AsyncDelivery;

/// One event waiting in the queue.
#[derive(Debug, Clone, Copy)]
struct Event {
    arrival_us: u64,
    /// Attempts that ran (were not throttled).
    runs: u32,
    /// Attempts that were throttled.
    throttles: u32,
    /// The event has started once (its wait is recorded).
    started: bool,
}

/// The queue of an asynchronous trigger.
#[derive(Debug, Default)]
pub(super) struct AsyncState {
    rules: Option<AsyncDelivery>,
    events: Vec<Event>,
    free: Vec<u32>,
    /// Slots in use: events waiting or in flight.
    live: u64,
    /// Events waiting for a retry (not in flight).
    waiting: u64,
    /// End of the latest run of events that arrived before the current arrival time (schedule overlap) [µs].
    busy_until_us: u64,
    /// Arrival time of the events being started now, and the latest end among them [µs].
    batch_arrival_us: u64,
    batch_end_us: u64,
}

impl AsyncState {
    pub(super) fn new(rules: Option<&AsyncDelivery>) -> Self {
        Self { rules: rules.copied(), ..Self::default() }
    }

    /// Events waiting or in flight.
    pub(super) fn pending(&self) -> u64 {
        self.live
    }

    fn alloc(&mut self, e: Event) -> u32 {
        self.live += 1;
        match self.free.pop() {
            Some(i) => {
                self.events[i as usize] = e;
                i
            }
            None => {
                self.events.push(e);
                (self.events.len() - 1) as u32
            }
        }
    }

    fn release(&mut self, slot: u32) {
        self.live -= 1;
        self.free.push(slot);
    }
}

impl<const MODE: super::Mode> Engine<'_, MODE> {
    /// A new event arrives and is attempted at once.
    pub(super) fn async_arrival(&mut self, now_us: u64) {
        self.delivery.events += 1;
        let slot = self.asyn.alloc(Event { arrival_us: now_us, runs: 0, throttles: 0, started: false });
        self.async_try(now_us, slot);
    }

    /// A waiting event's retry is due.
    pub(super) fn async_attempt(&mut self, now_us: u64, slot: u32) {
        self.asyn.waiting -= 1;
        let rules = self.asyn.rules.expect("async state has rules");
        let e = self.asyn.events[slot as usize];
        if now_us - e.arrival_us > u64::from(rules.maximum_event_age_s()) * 1_000_000 {
            self.delivery.expired += 1;
            self.asyn.release(slot);
        } else {
            self.async_try(now_us, slot);
        }
        self.async_queue_changed(now_us);
    }

    fn async_try(&mut self, now_us: u64, slot: u32) {
        let rules = self.asyn.rules.expect("async state has rules");
        let e = self.asyn.events[slot as usize];
        let Some(started) = self.invoke(now_us, 1) else {
            let throttles = e.throttles + 1;
            self.asyn.events[slot as usize].throttles = throttles;
            self.delivery.throttle_retries += 1;
            let due = now_us + rules.backoff().interval_us(throttles);
            if due - e.arrival_us > u64::from(rules.maximum_event_age_s()) * 1_000_000 {
                self.delivery.expired += 1;
                self.asyn.release(slot);
            } else {
                self.async_wait(now_us, slot, due);
            }
            return;
        };
        if !e.started {
            self.asyn.events[slot as usize].started = true;
            self.wait.record(now_us - e.arrival_us);
            self.note_overlap(now_us, e.arrival_us, started.end_us);
        }
        let runs = e.runs + 1;
        self.asyn.events[slot as usize].runs = runs;
        if !started.failed {
            self.delivery.completed += 1;
            self.end_to_end.record(started.end_us - e.arrival_us);
            self.asyn.release(slot);
        } else if runs <= rules.maximum_retry_attempts() {
            self.delivery.error_retries += 1;
            let delay_s = rules.retry_delays_s()[(runs - 1) as usize];
            self.async_wait(now_us, slot, started.end_us + u64::from(delay_s) * 1_000 * US_PER_MS);
        } else {
            self.delivery.exhausted += 1;
            self.asyn.release(slot);
        }
    }

    fn async_wait(&mut self, now_us: u64, slot: u32, due_us: u64) {
        self.asyn.waiting += 1;
        self.push(due_us, Kind::Deliver(slot));
        self.async_queue_changed(now_us);
    }

    /// A run of a schedule starts: it overlaps if a run of an earlier firing (an earlier arrival time) is still
    /// going. Runs of the same firing (several invocations per firing) do not count as overlapping each other.
    fn note_overlap(&mut self, now_us: u64, arrival_us: u64, end_us: u64) {
        let a = &mut self.asyn;
        if arrival_us != a.batch_arrival_us {
            a.busy_until_us = a.busy_until_us.max(a.batch_end_us);
            a.batch_arrival_us = arrival_us;
            a.batch_end_us = 0;
        }
        if now_us < a.busy_until_us {
            self.delivery.overlapping_runs += 1;
        }
        a.batch_end_us = a.batch_end_us.max(end_us);
    }

    /// The number of events waiting for a retry changed: backlog for the timeline.
    fn async_queue_changed(&mut self, now_us: u64) {
        let w = self.asyn.waiting;
        self.delivery.peak_backlog = self.delivery.peak_backlog.max(w);
        // The oldest waiting event is not tracked for async (retries are spread over hours): backlog only.
        self.timeline.queue(now_us, w, None);
    }
}
