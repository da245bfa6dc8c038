//! The event loop of one run: a binary heap of small `Copy` events keyed by `(time, seq)`.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use hdrhistogram::Histogram;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::account::SharedPool;
use super::pool::Pool;
use super::result::{
    Billing, Counts, Delivery, Integrals, LatencyAcc, LatencyStats, Levels, SimResult, TimelineAcc, AGE_MAX_US,
};
use super::{ScalingRate, SimConfig};
use crate::trigger::Trigger;
use crate::workload::{ArrivalSource, DurationSampler, InitModel};

mod asynchronous;
mod sqs;

use asynchronous::AsyncState;
use sqs::SqsState;

/// Microseconds per hour.
const US_PER_HOUR: u64 = 3_600_000_000;
/// Microseconds per millisecond.
const US_PER_MS: u64 = 1_000;
/// Largest latency the histogram resolves [µs]: above INIT limit + the longest timeout (910 s).
const LATENCY_MAX_US: u64 = 1_000_000_000;

/// What happens at an event. Arrivals are not events in the heap: see [`Engine::run`].
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// End of an invocation on on-demand environment `i`.
    End(u32),
    /// End of an invocation on a provisioned environment.
    EndProvisioned,
    /// Start of an hour: the provisioned level may change.
    HourTick,
    /// An asynchronous event (slot) is due for another attempt.
    Deliver(u32),
    /// SQS: the start of a minute, when the pollers scale.
    MinuteTick,
    /// SQS: messages become visible again, or a batching window closes: the pollers look at the queue.
    Poll,
}

/// When an event happens: time, then insertion counter, so ties in time run in insertion order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    time_us: u64,
    seq: u64,
}

/// Which arrival rule a run follows: the engine's const parameter, so that each trigger gets its own compiled
/// event loop and the synchronous one carries no test for the others.
pub(crate) type Mode = u8;
/// A caller waits; throttles fail.
pub(crate) const SYNC: Mode = 0;
/// Lambda's asynchronous queue (async and schedule triggers).
pub(crate) const ASYNC: Mode = 1;
/// An SQS event source mapping.
pub(crate) const SQS: Mode = 2;

/// A started invocation, as its trigger needs to know it.
#[derive(Debug, Clone, Copy)]
struct Started {
    /// When it ends [µs].
    end_us: u64,
    /// It failed as a whole: timeout, out-of-memory, or a code error without partial batch responses.
    failed: bool,
    /// Items that failed, with partial batch responses (0 otherwise, or when `failed`).
    failed_items: u32,
}

/// A key that never comes: an exhausted traffic source.
const NEVER: Key = Key { time_us: u64::MAX, seq: u64::MAX };

#[derive(Debug, Clone, Copy)]
struct Event {
    key: Key,
    kind: Kind,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    /// Reversed, so the max-heap pops the earliest key first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.key.cmp(&self.key)
    }
}

/// Token bucket in integer micro-tokens (1 token = 1,000,000 units), so refills are exact.
#[derive(Debug)]
struct TokenBucket {
    units: u64,
    cap: u64,
    /// Refill [units/µs] = tokens per second.
    per_us: u64,
    last_us: u64,
}

const UNITS_PER_TOKEN: u64 = 1_000_000;

impl TokenBucket {
    fn new(rate: ScalingRate) -> Self {
        let cap = u64::from(rate.burst()) * UNITS_PER_TOKEN;
        Self { units: cap, cap, per_us: u64::from(rate.per_second()), last_us: 0 }
    }

    fn try_take(&mut self, now_us: u64) -> bool {
        let refill = (now_us - self.last_us).saturating_mul(self.per_us);
        self.units = self.units.saturating_add(refill).min(self.cap);
        self.last_us = now_us;
        if self.units >= UNITS_PER_TOKEN {
            self.units -= UNITS_PER_TOKEN;
            true
        } else {
            false
        }
    }
}

use super::splitmix64 as mix;

fn stream(seed: u64, index: u64) -> Pcg64Mcg {
    Pcg64Mcg::seed_from_u64(mix(seed ^ mix(index)))
}

#[inline]
fn ceil_ms(us: u64) -> u64 {
    us.div_ceil(US_PER_MS)
}

pub(crate) struct Engine<'a, const MODE: Mode> {
    cfg: &'a SimConfig,
    heap: BinaryHeap<Event>,
    seq: u64,
    sources: Vec<ArrivalSource>,
    /// `pending[i]`: key of the next arrival of `sources[i]`; [`NEVER`] once exhausted.
    pending: Vec<Key>,
    /// Arrivals only: the same seed gives the same traffic at every memory size and architecture.
    rng_traffic: Pcg64Mcg,
    /// Invoke durations, drawn in order of served requests.
    rng_duration: Pcg64Mcg,
    /// INIT durations and random routing.
    rng_platform: Pcg64Mcg,
    /// Failures of the code (the function's error ratio); drawn only when that ratio is above 0.
    rng_errors: Pcg64Mcg,
    duration: DurationSampler,
    init: InitModel,
    timeout_us: u64,
    out_of_memory: bool,
    /// Concurrency limit [requests in flight]; `u64::MAX` for none.
    limit: u64,
    tokens: Option<TokenBucket>,
    pool: Pool,
    levels: Levels,
    peak_busy: u32,
    counts: Counts,
    billing: Billing,
    latency: Histogram<u64>,
    latency_sum_us: u128,
    latency_max_us: u64,
    integrals: Integrals,
    timeline: TimelineAcc,
    /// Probability that the code fails on one item [-].
    error_ratio: f64,
    /// With partial batch responses only the failed items of a batch fail (SQS `ReportBatchItemFailures`).
    partial_failures: bool,
    /// Sync: the caller stops waiting after this [µs].
    integration_timeout_us: Option<u64>,
    delivery: Delivery,
    wait: LatencyAcc,
    end_to_end: LatencyAcc,
    asyn: AsyncState,
    sqs: SqsState,
    /// The account's unreserved pool, when the function shares it with others ([`super::account`]).
    shared: Option<&'a SharedPool>,
    /// Environments last counted against `shared`.
    reported_in_use: u32,
}

impl<'a, const MODE: Mode> Engine<'a, MODE> {
    /// An engine for `cfg`, alone: its own concurrency limit is the only one.
    pub(crate) fn new(cfg: &'a SimConfig) -> Self {
        Self::with_pool(cfg, None)
    }

    /// An engine for `cfg` that also draws on an account's shared pool (`None`: alone).
    pub(crate) fn with_pool(cfg: &'a SimConfig, shared: Option<&'a SharedPool>) -> Self {
        let f = &cfg.function;
        let p = &cfg.platform;
        let pc_level = p.provisioned()[0];
        let integration_timeout_us = match &cfg.trigger {
            Trigger::Sync(t) => t.integration_timeout_ms().map(|ms| u64::from(ms) * US_PER_MS),
            _ => None,
        };
        let partial_failures = matches!(&cfg.trigger, Trigger::Sqs(m) if m.report_batch_item_failures());
        Self {
            cfg,
            heap: BinaryHeap::with_capacity(1024),
            seq: 0,
            sources: cfg.traffic.sources(),
            pending: Vec::new(),
            rng_traffic: stream(cfg.seed, 0),
            rng_duration: stream(cfg.seed, 1),
            rng_platform: stream(cfg.seed, 2),
            rng_errors: stream(cfg.seed, 3),
            duration: f.duration().sampler(cfg.memory_mb, cfg.arch),
            init: *f.init(),
            timeout_us: u64::from(f.timeout_ms()) * US_PER_MS,
            out_of_memory: cfg.memory_mb < f.required_memory_mb(),
            limit: p.concurrency_limit().map_or(u64::MAX, u64::from),
            tokens: p.scaling_rate().map(TokenBucket::new),
            pool: Pool::new(p.routing(), p.keep_alive_ms().saturating_mul(US_PER_MS)),
            levels: Levels { pc_level, ..Levels::default() },
            peak_busy: 0,
            counts: Counts::default(),
            billing: Billing::default(),
            latency: Histogram::new_with_bounds(1, LATENCY_MAX_US, 3).expect("valid histogram bounds"),
            latency_sum_us: 0,
            latency_max_us: 0,
            integrals: Integrals::default(),
            timeline: TimelineAcc::new(cfg.horizon_us, cfg.timeline_buckets, pc_level),
            error_ratio: f.error_ratio(),
            partial_failures,
            integration_timeout_us,
            delivery: Delivery::default(),
            wait: LatencyAcc::new(AGE_MAX_US),
            end_to_end: LatencyAcc::new(AGE_MAX_US),
            asyn: AsyncState::new(cfg.trigger.delivery()),
            sqs: SqsState::new(&cfg.trigger),
            shared,
            reported_in_use: 0,
        }
    }

    #[inline]
    fn push(&mut self, time_us: u64, kind: Kind) {
        self.seq += 1;
        let key = Key { time_us, seq: self.seq };
        self.heap.push(Event { key, kind });
    }

    /// Schedules the start of an hour at `time_us`, ahead of every other event and arrival at that instant: the
    /// model's hour-of-day rules use `t / 1 h`, so a request arriving exactly on the hour must see that hour's
    /// provisioned level. (Numbered like other events, a tick pushed an hour ago ran after an arrival scheduled
    /// earlier: a request exactly on the hour after a quiet hour saw the previous hour's level.)
    fn push_hour_tick(&mut self, time_us: u64) {
        self.heap.push(Event { key: Key { time_us, seq: 0 }, kind: Kind::HourTick });
    }

    /// Draws the next arrival of source `i`, numbered like an event pushed now.
    fn schedule_arrival(&mut self, i: usize) {
        self.seq += 1;
        let time_us = self.sources[i]
            .next_arrival_us(&mut self.rng_traffic)
            .filter(|&t| t < self.cfg.horizon_us)
            .unwrap_or(u64::MAX);
        self.pending[i] = Key { time_us, seq: self.seq };
    }

    /// The source with the earliest pending arrival (there are one to three sources).
    #[inline]
    fn earliest_arrival(&self) -> (usize, Key) {
        let mut best = (0, self.pending.first().copied().unwrap_or(NEVER));
        for (i, &p) in self.pending.iter().enumerate().skip(1) {
            if p < best.1 {
                best = (i, p);
            }
        }
        best
    }

    /// Runs the events in `(time, seq)` order until the horizon. Each traffic source keeps one pending arrival
    /// outside the heap, merged with the heap's first event: it saves a heap push and pop per request.
    pub(crate) fn run(mut self) -> SimResult {
        self.start();
        while self.step() {}
        self.finish_at_horizon()
    }

    /// Draws the first arrivals and schedules the first ticks.
    pub(crate) fn start(&mut self) {
        self.pending = vec![NEVER; self.sources.len()];
        for i in 0..self.sources.len() {
            self.schedule_arrival(i);
        }
        if self.cfg.platform.provisioned().iter().any(|&l| l > 0) && US_PER_HOUR < self.cfg.horizon_us {
            self.push_hour_tick(US_PER_HOUR);
        }
        if MODE == SQS {
            self.sqs_start();
        }
        // Provisioned environments count against the account from the start.
        self.report_in_use();
    }

    /// When the next event or arrival happens, as `(time [µs], seq)`: an account runs its functions' engines in
    /// this order.
    pub(crate) fn next_key(&self) -> (u64, u64) {
        let arrival = self.earliest_arrival().1;
        let key = self.heap.peek().map_or(arrival, |e| e.key.min(arrival));
        (key.time_us, key.seq)
    }

    /// Runs the next event or arrival; `false` once it lies at or past the horizon (nothing is left to run).
    #[inline(always)]
    pub(crate) fn step(&mut self) -> bool {
        let horizon = self.cfg.horizon_us;
        let (source, arrival) = self.earliest_arrival();
        let event_first = self.heap.peek().is_some_and(|e| e.key < arrival);
        if event_first {
            let ev = self.heap.pop().expect("peeked");
            let now_us = ev.key.time_us;
            if now_us >= horizon {
                return false;
            }
            self.advance_to(now_us);
            match ev.kind {
                Kind::End(env) => {
                    self.levels.od_busy -= 1;
                    self.pool.release(env, now_us);
                    self.report_in_use();
                    if MODE == SQS {
                        self.sqs_batch_ended(now_us);
                    }
                }
                Kind::EndProvisioned => {
                    self.levels.pc_busy -= 1;
                    self.report_in_use();
                    if MODE == SQS {
                        self.sqs_batch_ended(now_us);
                    }
                }
                Kind::HourTick => self.on_hour(now_us),
                Kind::Deliver(slot) => self.async_attempt(now_us, slot),
                Kind::MinuteTick => self.sqs_minute(now_us),
                Kind::Poll => self.sqs_poll(now_us),
            }
        } else {
            if arrival.time_us >= horizon {
                return false;
            }
            self.advance_to(arrival.time_us);
            self.schedule_arrival(source);
            match MODE {
                SYNC => self.on_arrival(arrival.time_us),
                ASYNC => self.async_arrival(arrival.time_us),
                _ => self.sqs_arrival(arrival.time_us),
            }
        }
        true
    }

    /// Brings everything up to the horizon and collects the result.
    pub(crate) fn finish_at_horizon(mut self) -> SimResult {
        self.advance_to(self.cfg.horizon_us);
        self.finish()
    }

    /// Environments of this function counted against the account now (busy on-demand, live provisioned).
    #[inline]
    pub(crate) fn in_use(&self) -> u32 {
        self.levels.od_busy + self.levels.pc_live()
    }

    /// Tells the account's shared pool (if the function draws on one) how many of its environments count
    /// against it now: busy on-demand ones and live provisioned ones.
    #[inline(always)]
    fn report_in_use(&mut self) {
        if let Some(shared) = self.shared {
            let now = self.levels.od_busy + self.levels.pc_live();
            shared.adjust(self.reported_in_use, now);
            self.reported_in_use = now;
        }
    }

    /// Expires idle environments due by `now_us` and brings the integrals and timeline up to `now_us`.
    #[inline]
    fn advance_to(&mut self, now_us: u64) {
        while let Some(expiry) = self.pool.next_expiry_us() {
            if expiry > now_us {
                break;
            }
            self.integrals.advance(expiry, &self.levels, self.pool.idle());
            self.timeline.advance(expiry, &self.levels);
            self.pool.expire_next();
        }
        self.integrals.advance(now_us, &self.levels, self.pool.idle());
        self.timeline.advance(now_us, &self.levels);
        if MODE == SQS {
            self.sqs_advance(now_us);
        }
    }

    fn on_hour(&mut self, now_us: u64) {
        let hour = (now_us / US_PER_HOUR) as usize;
        self.levels.pc_level = self.cfg.platform.provisioned()[hour % 24];
        self.report_in_use();
        let bucket = self.timeline.current();
        bucket.pc_level = bucket.pc_level.max(self.levels.pc_level);
        if now_us + US_PER_HOUR < self.cfg.horizon_us {
            self.push_hour_tick(now_us + US_PER_HOUR);
        }
    }

    /// A synchronous request: served now or throttled (failed, not retried).
    #[inline]
    fn on_arrival(&mut self, now_us: u64) {
        if let Some(started) = self.invoke(now_us, 1) {
            if let Some(limit) = self.integration_timeout_us {
                if started.end_us - now_us > limit {
                    self.delivery.gateway_timeouts += 1;
                }
            }
        }
    }

    /// Starts an invocation with `items` items (1, or an SQS batch) at `now_us`, or returns `None` if it is
    /// throttled. Counts, bills and records its latency, and schedules its end.
    #[inline(always)]
    fn invoke(&mut self, now_us: u64, items: u32) -> Option<Started> {
        self.counts.arrivals += 1;
        let l = self.levels;
        if l.pc_busy < l.pc_level {
            self.levels.pc_busy += 1;
            self.counts.served_provisioned += 1;
            let (invoke_us, failed) = self.invoke_duration_us(items);
            self.billing.pc_billed_ms += ceil_ms(invoke_us);
            let started = self.outcome(now_us + invoke_us, failed, items);
            let recorded = self.integration_timeout_us.map_or(invoke_us, |t| invoke_us.min(t));
            self.started(now_us + invoke_us, recorded, Kind::EndProvisioned);
            return Some(started);
        }
        if u64::from(l.od_busy) + u64::from(l.pc_live()) >= self.limit || self.shared.is_some_and(|p| p.full(now_us)) {
            self.counts.throttled_concurrency += 1;
            self.timeline.current().throttled += 1;
            return None;
        }
        let (env, init_us) = match self.pool.take(&mut self.rng_platform) {
            Some(env) => (env, 0),
            None => {
                if let Some(tokens) = &mut self.tokens {
                    if !tokens.try_take(now_us) {
                        self.counts.throttled_scaling += 1;
                        self.timeline.current().throttled += 1;
                        return None;
                    }
                }
                self.counts.cold_starts += 1;
                self.timeline.current().cold_starts += 1;
                (self.pool.create(), self.init.sample_us(&mut self.rng_platform))
            }
        };
        self.levels.od_busy += 1;
        self.report_in_use();
        self.counts.served_on_demand += 1;
        let (invoke_us, failed) = self.invoke_duration_us(items);
        let billed = ceil_ms(invoke_us);
        self.billing.billed_ms += billed;
        if init_us > 0 {
            self.billing.billed_init_ms += ceil_ms(init_us + invoke_us) - billed;
        }
        let latency = init_us + invoke_us;
        let started = self.outcome(now_us + latency, failed, items);
        let recorded = self.integration_timeout_us.map_or(latency, |t| latency.min(t));
        self.started(now_us + latency, recorded, Kind::End(env));
        Some(started)
    }

    /// Whether the code failed on the invocation's items (timeouts and out-of-memory are already in `failed`).
    #[inline(always)]
    fn outcome(&mut self, end_us: u64, failed: bool, items: u32) -> Started {
        let started = Started { end_us, failed, failed_items: 0 };
        if failed || self.error_ratio == 0.0 {
            return started;
        }
        self.code_outcome(started, items)
    }

    /// [`Engine::outcome`] when the code may fail: out of the hot path.
    #[inline(never)]
    fn code_outcome(&mut self, mut started: Started, items: u32) -> Started {
        if self.partial_failures {
            let p = self.error_ratio;
            let k = (0..items).filter(|_| self.rng_errors.gen::<f64>() < p).count() as u32;
            if k > 0 {
                self.counts.function_errors += 1;
            }
            started.failed_items = k;
        } else {
            // The batch fails if any item fails: 1 − (1 − p)^n, drawn once.
            let p_batch = 1.0 - (1.0 - self.error_ratio).powi(items.min(i32::MAX as u32) as i32);
            if self.rng_errors.gen::<f64>() < p_batch {
                self.counts.function_errors += 1;
                started.failed = true;
            }
        }
        started
    }

    /// Invoke duration of the next served invocation of `items` items [µs], stopped at the timeout, and whether
    /// it failed as a whole (timeout or out-of-memory); counts those errors.
    #[inline(always)]
    fn invoke_duration_us(&mut self, items: u32) -> (u64, bool) {
        let raw = if items == 1 {
            self.duration.sample_us(&mut self.rng_duration)
        } else {
            self.duration.sample_batch_us(&mut self.rng_duration, items)
        };
        if self.out_of_memory {
            self.counts.oom_errors += 1;
            (raw.min(self.timeout_us), true)
        } else if raw > self.timeout_us {
            self.counts.timeouts += 1;
            (self.timeout_us, true)
        } else {
            (raw, false)
        }
    }

    /// Records a served request's latency and busy level, and schedules its end.
    #[inline]
    fn started(&mut self, end_us: u64, latency_us: u64, end: Kind) {
        self.latency.saturating_record(latency_us);
        self.latency_sum_us += u128::from(latency_us);
        self.latency_max_us = self.latency_max_us.max(latency_us);
        let busy = self.levels.busy();
        self.peak_busy = self.peak_busy.max(busy);
        let bucket = self.timeline.current();
        bucket.max_busy = bucket.max_busy.max(busy);
        self.push(end_us, end);
    }

    fn finish(mut self) -> SimResult {
        match MODE {
            SYNC => {}
            ASYNC => self.delivery.pending = self.asyn.pending(),
            _ => self.sqs_finish(),
        }
        self.delivery.wait = self.wait.stats();
        self.delivery.end_to_end = self.end_to_end.stats();
        let cfg = self.cfg;
        let (environments, pc_configured_ms) = self.integrals.finish(cfg.horizon_us, self.peak_busy);
        let h = &self.latency;
        let count = h.len();
        let latency = LatencyStats {
            count,
            sum_us: self.latency_sum_us,
            mean_us: if count == 0 { 0.0 } else { self.latency_sum_us as f64 / count as f64 },
            max_us: self.latency_max_us,
            p50_us: h.value_at_quantile(0.50),
            p90_us: h.value_at_quantile(0.90),
            p95_us: h.value_at_quantile(0.95),
            p99_us: h.value_at_quantile(0.99),
        };
        SimResult {
            memory_mb: cfg.memory_mb,
            arch: cfg.arch,
            horizon_us: cfg.horizon_us,
            seed: cfg.seed,
            counts: self.counts,
            billing: Billing { pc_configured_ms, ..self.billing },
            latency,
            latency_histogram: self.latency,
            environments,
            timeline: self.timeline.finish(cfg.horizon_us),
            delivery: self.delivery,
            wait_histogram: self.wait.hist,
            end_to_end_histogram: self.end_to_end.hist,
        }
    }
}
