//! Several functions of one account and region, simulated together: they share the account's unreserved
//! concurrency, so a burst in one can throttle another.
//!
//! AWS counts every function's concurrent executions (busy on-demand environments and allocated provisioned
//! ones) against the account's regional quota. A function with reserved concurrency `r` has exactly `r` of it,
//! which nobody else may use and which it may not exceed; the other functions share what is left, the
//! **unreserved** pool (AWS keeps at least 100 there). Each function keeps its own engine (its trigger, keep-alive,
//! scaling rate and random streams, seeded as when it runs alone); the account runs the engines' events in one
//! order, `(time, hour ticks first, function index, seq)`, so that a request sees every other function's
//! environments as they are at its instant, and the result is deterministic.
//!
//! Source: AWS Lambda Developer Guide, "Lambda function scaling" and "Configuring reserved concurrency"
//! (<https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html>).

use std::cell::Cell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::engine::{Engine, ASYNC, SQS, SYNC};
use super::{SimConfig, SimError, SimResult};
use crate::trigger::Trigger;

/// The account's unreserved concurrency: environments of the sharing functions in use now, and the limit; for a
/// function simulated alone against the others' recorded use, that use per step of time.
#[derive(Debug)]
pub(crate) struct SharedPool {
    in_use: Cell<u64>,
    limit: u64,
    /// Environments the other functions hold, per `step_us` from time 0 (empty: none recorded).
    background: Vec<u32>,
    step_us: u64,
}

impl SharedPool {
    /// No environment may start at `now_us` while this is true.
    #[inline]
    pub(crate) fn full(&self, now_us: u64) -> bool {
        let others = self.background.get((now_us / self.step_us) as usize).map_or(0, |&n| u64::from(n));
        self.in_use.get() + others >= self.limit
    }

    /// One function's count went from `old` to `new` environments.
    #[inline]
    pub(crate) fn adjust(&self, old: u32, new: u32) {
        self.in_use.set(self.in_use.get() + u64::from(new) - u64::from(old));
    }
}

/// One function of the account.
#[derive(Debug, Clone)]
pub struct Member {
    /// The function, its setting, traffic and trigger. Its own concurrency limit is its reserved concurrency
    /// when it has one.
    pub config: SimConfig,
    /// True when it draws on the unreserved pool (it has no reserved concurrency).
    pub shares_pool: bool,
}

/// What the account's run found: each function's result, and the unreserved pool over time.
#[derive(Debug, Clone)]
pub struct AccountResult {
    /// One per member, in the members' order: each as [`super::run`] would report it.
    pub functions: Vec<SimResult>,
    /// Most environments of the sharing functions in use at once (provisioned included) [environments].
    pub peak_in_use: u64,
    /// Bucket length of [`AccountResult::in_use`] [µs]: the members' timeline buckets.
    pub bucket_us: u64,
    /// Most environments of the sharing functions in use at once, per bucket [environments].
    pub in_use: Vec<u64>,
    /// Length of the steps of [`AccountResult::held`] [µs]: [`BACKGROUND_STEPS`] over the horizon, at least 1 s.
    pub step_us: u64,
    /// Per member that shares the pool (empty for the others): the most environments it held in each step.
    pub held: Vec<Vec<u32>>,
}

/// Steps of the per-function occupancy an account run records, over its horizon: one per second of a day.
pub const BACKGROUND_STEPS: u64 = 86_400;

/// The step of the recorded occupancy for `horizon_us` [µs]: a second, or longer so that a horizon has at most
/// [`BACKGROUND_STEPS`] steps.
pub fn background_step_us(horizon_us: u64) -> u64 {
    horizon_us.div_ceil(BACKGROUND_STEPS).max(1_000_000)
}

/// Simulates `config` alone against an unreserved pool of `unreserved` environments of which the other functions
/// hold `background[k]` during step `k` (of `step_us`; nothing past its end): how a function of an account is
/// swept without simulating its neighbours again, from what they held in an account run ([`AccountResult::held`],
/// summed). Their use does not react to this function's (their throttles are not simulated), and a step's most
/// stands for all of it: at one-second steps that errs towards throttling.
pub fn run_with_background(config: &SimConfig, unreserved: u32, background: Vec<u32>, step_us: u64) -> SimResult {
    let pool = SharedPool { in_use: Cell::new(0), limit: u64::from(unreserved), background, step_us: step_us.max(1) };
    let mut engine = AnyEngine::new(config, Some(&pool));
    engine.start();
    while engine.step() {}
    engine.finish()
}

/// One engine of any trigger.
enum AnyEngine<'a> {
    Sync(Engine<'a, SYNC>),
    Async(Engine<'a, ASYNC>),
    Sqs(Engine<'a, SQS>),
}

macro_rules! each {
    ($e:expr, $x:ident => $body:expr) => {
        match $e {
            AnyEngine::Sync($x) => $body,
            AnyEngine::Async($x) => $body,
            AnyEngine::Sqs($x) => $body,
        }
    };
}

impl<'a> AnyEngine<'a> {
    fn new(cfg: &'a SimConfig, shared: Option<&'a SharedPool>) -> Self {
        match cfg.trigger() {
            Trigger::Sync(_) => AnyEngine::Sync(Engine::with_pool(cfg, shared)),
            Trigger::Async(_) | Trigger::Schedule(_) => AnyEngine::Async(Engine::with_pool(cfg, shared)),
            Trigger::Sqs(_) => AnyEngine::Sqs(Engine::with_pool(cfg, shared)),
        }
    }
    fn start(&mut self) {
        each!(self, e => e.start())
    }
    fn next_key(&self) -> (u64, u64) {
        each!(self, e => e.next_key())
    }
    fn step(&mut self) -> bool {
        each!(self, e => e.step())
    }
    fn finish(self) -> SimResult {
        each!(self, e => e.finish_at_horizon())
    }
    fn in_use(&self) -> u32 {
        each!(self, e => e.in_use())
    }
}

/// The order of the next events of all engines: time, then hour ticks (seq 0) before anything else at that
/// instant (every function's provisioned level changes before any request on the hour), then function index.
type Order = Reverse<(u64, bool, usize, u64)>;

fn order(index: usize, (time_us, seq): (u64, u64)) -> Order {
    Reverse((time_us, seq != 0, index, seq))
}

/// Simulates `members` together; those with `shares_pool` draw on an unreserved pool of `unreserved`
/// environments.
///
/// # Errors
/// [`SimError::AccountMismatch`] when the members do not share one horizon and timeline: their clocks must be
/// the same.
pub fn run_account(members: &[Member], unreserved: u32) -> Result<AccountResult, SimError> {
    let Some(first) = members.first() else {
        return Ok(AccountResult {
            functions: Vec::new(),
            peak_in_use: 0,
            bucket_us: 1,
            in_use: Vec::new(),
            step_us: 1,
            held: Vec::new(),
        });
    };
    let (horizon_us, buckets) = (first.config.horizon_us, first.config.timeline_buckets);
    if members.iter().any(|m| m.config.horizon_us != horizon_us || m.config.timeline_buckets != buckets) {
        return Err(SimError::AccountMismatch);
    }
    let pool = SharedPool { in_use: Cell::new(0), limit: u64::from(unreserved), background: Vec::new(), step_us: 1 };
    let step_us = background_step_us(horizon_us);
    let steps = horizon_us.div_ceil(step_us) as usize;
    let mut held: Vec<Vec<u32>> =
        members.iter().map(|m| if m.shares_pool { vec![0; steps] } else { Vec::new() }).collect();
    // Per member: the step its record has reached, and its level then.
    let mut held_at: Vec<(usize, u32)> = vec![(0, 0); members.len()];
    let mut engines: Vec<Option<AnyEngine>> =
        members.iter().map(|m| Some(AnyEngine::new(&m.config, m.shares_pool.then_some(&pool)))).collect();
    let mut queue = BinaryHeap::with_capacity(engines.len());
    for (i, e) in engines.iter_mut().enumerate() {
        let e = e.as_mut().expect("just made");
        e.start();
        if members[i].shares_pool {
            held_at[i] = (0, e.in_use());
            held[i][0] = e.in_use();
        }
        queue.push(order(i, e.next_key()));
    }
    let buckets = super::result::bucket_count(horizon_us, buckets);
    let bucket_us = horizon_us.div_ceil(buckets as u64);
    let mut in_use = vec![0u64; buckets];
    let mut cur = 0usize;
    in_use[0] = pool.in_use.get();
    while let Some(Reverse((time_us, _, i, _))) = queue.pop() {
        let bucket = ((time_us / bucket_us) as usize).min(buckets - 1);
        if bucket > cur {
            // Buckets without an event hold the level that was in use when they began.
            let level = pool.in_use.get();
            for b in &mut in_use[cur + 1..=bucket] {
                *b = level;
            }
            cur = bucket;
        }
        let engine = engines[i].as_mut().expect("an engine in the queue is running");
        let running = engine.step();
        if members[i].shares_pool {
            record(&mut held[i], &mut held_at[i], ((time_us / step_us) as usize).min(steps - 1), engine.in_use());
        }
        if running {
            queue.push(order(i, engine.next_key()));
            in_use[cur] = in_use[cur].max(pool.in_use.get());
        }
    }
    for (h, &(at, level)) in held.iter_mut().zip(&held_at) {
        for x in h.iter_mut().skip(at + 1) {
            *x = level;
        }
    }
    let level = pool.in_use.get();
    for b in &mut in_use[cur + 1..] {
        *b = level;
    }
    let functions = engines.into_iter().map(|e| e.expect("every engine ran").finish()).collect();
    Ok(AccountResult {
        functions,
        peak_in_use: in_use.iter().copied().max().unwrap_or(0),
        bucket_us,
        in_use,
        step_us,
        held,
    })
}

/// A member's level became `level` in step `step`: steps it skipped hold its previous level.
fn record(held: &mut [u32], at: &mut (usize, u32), step: usize, level: u32) {
    let (last, previous) = *at;
    if step > last {
        for x in &mut held[last + 1..=step] {
            *x = previous;
        }
    }
    held[step] = held[step].max(level);
    *at = (step.max(last), level);
}
