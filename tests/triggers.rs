//! The triggers' semantics against numbers worked out independently (issue 9 item 7): retries of asynchronous
//! events, the SQS mapping against the M/M/c queue (Erlang C), poller scaling after a step, and conservation of
//! events and messages under throttling.

use costsim::sim::{self, Platform, SimConfig, SimResult};
use costsim::trigger::{AsyncDelivery, Backoff, SqsMapping, SqsSettings, Trigger};
use costsim::workload::{DurationModel, Function, InitModel, Traffic};
use costsim::Architecture;

const S: u64 = 1_000_000;
const HOUR: u64 = 3_600 * S;

fn function(duration: DurationModel, error_ratio: f64, timeout_ms: u32) -> Function {
    Function::new(duration, InitModel::none(), 0, timeout_ms).unwrap().with_error_ratio(error_ratio).unwrap()
}

fn run(f: Function, traffic: Traffic, platform: Platform, trigger: Trigger, horizon_us: u64, seed: u64) -> SimResult {
    let cfg = SimConfig::new(f, traffic, platform, 1_769, Architecture::X86_64, horizon_us, seed)
        .unwrap()
        .with_trigger(trigger)
        .unwrap();
    sim::run(&cfg)
}

/// `n` event times spread evenly over `[0, span_us)`.
fn even(n: u64, span_us: u64) -> Traffic {
    Traffic::replay_us((0..n).map(|i| i * span_us / n).collect()).unwrap()
}

fn unlimited() -> Platform {
    Platform::default().with_concurrency_limit(None).with_scaling_rate(None)
}

#[test]
fn async_retries_follow_the_geometric_series() {
    // Each attempt fails independently with p = 0.5 and there are 2 retries: an event runs once, a second time
    // with probability p, a third with p²; it is dropped with p³.
    //   attempts per event = 1 + p + p² = 1 + 0.5 + 0.25 = 1.75;  dropped = p³ = 0.125.
    // 200,000 events over the first 20 h of a 24 h horizon, so that every retry (60 s and 120 s after the failed
    // attempt) runs before the end. Binomial SE of the dropped share: √(0.125 × 0.875 / 200,000) = 0.00074.
    let n = 200_000;
    let f = function(DurationModel::fixed(100.0, 0.0).unwrap(), 0.5, 3_000);
    let r = run(f, even(n, 20 * HOUR), unlimited(), Trigger::Async(AsyncDelivery::default()), 24 * HOUR, 7);
    let d = &r.delivery;
    assert_eq!(d.events, n);
    let attempts = r.counts.served() as f64 / n as f64;
    // SE of attempts per event: Var = Var(1 + B1 + B1·B2) ≈ 0.6875 → SE = √(0.6875 / 200,000) = 0.0019.
    assert!((attempts - 1.75).abs() < 0.008, "attempts per event {attempts}");
    let dropped = d.exhausted as f64 / n as f64;
    assert!((dropped - 0.125).abs() < 0.003, "dropped {dropped}");
    assert_eq!(d.events, d.completed + d.exhausted + d.expired + d.pending);
    assert_eq!(d.error_retries, r.counts.served() - n, "every run after the first is a retry");
    assert_eq!(d.expired, 0);
    assert_eq!(r.counts.function_errors, r.counts.served() - d.completed);
    // Retries wait 60 s then 120 s after a failed 100 ms attempt: an event that succeeds on its third run
    // completes 0.1 + 60 + 0.1 + 120 + 0.1 = 180.3 s after it arrived.
    assert_eq!(d.end_to_end.max_us, 180_300_000);
    assert_eq!(d.wait.max_us, 0, "no throttling: every event starts on arrival");
}

#[test]
fn async_without_retries_drops_every_failure_and_bills_each_run() {
    // maximum_retry_attempts = 0: runs = events, dropped share = p = 0.2.
    let n = 100_000;
    let f = function(DurationModel::fixed(50.0, 0.0).unwrap(), 0.2, 3_000);
    let rules = AsyncDelivery::new(21_600, 0, [60, 120], Backoff::default()).unwrap();
    let r = run(f, even(n, 20 * HOUR), unlimited(), Trigger::Async(rules), 24 * HOUR, 3);
    assert_eq!(r.counts.served(), n);
    let dropped = r.delivery.exhausted as f64 / n as f64;
    // SE √(0.2 × 0.8 / 100,000) = 0.0013.
    assert!((dropped - 0.2).abs() < 0.006, "{dropped}");
    // Billed: every run, 50 ms each = 50 × 100,000 ms.
    assert_eq!(r.billing.billed_ms, 50 * n);
}

#[test]
fn async_throttles_back_off_and_expire_at_the_maximum_age() {
    // Concurrency 1, 10 events at t = 0, each 1 s long (fixed). The first runs at 0; the others are throttled and
    // retry after 1, 2, 4, 8 … s (doubling). Nothing fails, so with the default 6 h age every event completes.
    let f = function(DurationModel::fixed(1_000.0, 0.0).unwrap(), 0.0, 3_000);
    let burst = || Traffic::replay_us(vec![0; 10]).unwrap();
    let one = Platform::default().with_concurrency_limit(Some(1)).with_scaling_rate(None);
    let r = run(f.clone(), burst(), one.clone(), Trigger::Async(AsyncDelivery::default()), 2 * HOUR, 1);
    let d = &r.delivery;
    assert_eq!((d.events, d.completed, d.expired, d.pending), (10, 10, 0, 0));
    assert_eq!(r.counts.served(), 10, "throttled attempts are not billed");
    assert_eq!(r.counts.throttled(), d.throttle_retries);
    // Event 2 (the first throttled): retries at 1 s — the first run ends at exactly 1 s; the end (queued at
    // t = 0) runs before the retry (queued later), so it starts at 1 s and waits 1 s.
    assert_eq!(d.wait.count, 10, "{d:?}");
    // With a maximum age of 60 s: the 9 throttled events retry together (no jitter), one runs and the others
    // back off again. Starts at 0, 1, 1 + 2 = 3, 3 + 4 = 7, 7 + 8 = 15, 15 + 16 = 31 s; the next retry would be
    // at 31 + 32 = 63 s, past the 60 s age: the last 4 events expire. So 6 complete, with waits 0, 1, 3, 7, 15, 31 s.
    let short = AsyncDelivery::new(60, 2, [60, 120], Backoff::default()).unwrap();
    let r = run(f.clone(), burst(), one.clone(), Trigger::Async(short), 2 * HOUR, 1);
    let d = &r.delivery;
    assert_eq!((d.completed, d.expired), (6, 4));
    assert_eq!(d.wait.sum_us, (1 + 3 + 7 + 15 + 31) * S as u128);
    assert_eq!(d.wait.max_us, 31 * S);
    // Throttled attempts: 9 at 0 s, 8 at 1 s, 7 at 3 s, 6 at 7 s, 5 at 15 s, 4 at 31 s = 39.
    assert_eq!(d.throttle_retries, 39);
    // 200 events of 1 s at concurrency 1: at most 60-odd run within 60 s; the rest expire.
    let many = Traffic::replay_us(vec![0; 200]).unwrap();
    let r = run(f, many, one, Trigger::Async(short), 2 * HOUR, 1);
    let d = &r.delivery;
    assert_eq!(d.events, d.completed + d.expired + d.exhausted + d.pending);
    assert!(d.expired > 100 && d.completed < 100, "{d:?}");
    assert_eq!(d.exhausted, 0);
}

/// Erlang C: the probability that an arrival waits in an M/M/c queue with offered load a = λ/μ < c.
fn erlang_c(c: u32, a: f64) -> f64 {
    let mut term = 1.0; // a^k / k!
    let mut sum = 0.0;
    for k in 0..c {
        sum += term;
        term *= a / f64::from(k + 1);
    }
    // term = a^c / c!
    let top = term * f64::from(c) / (f64::from(c) - a);
    top / (sum + top)
}

#[test]
fn sqs_batch_of_one_under_a_concurrency_cap_is_an_m_m_c_queue() {
    // Batch size 1, no window, maximum_concurrency c = 4, Poisson arrivals λ = 32 /s, exponential service of
    // mean 1/μ = 100 ms: offered load a = 3.2, utilisation 0.8.
    //   C(4, 3.2) = (3.2⁴/4! × 4/0.8) / (1 + 3.2 + 3.2²/2 + 3.2³/6 + 3.2⁴/4! × 4/0.8)
    //             = (4.369067 × 5) / (1 + 3.2 + 5.12 + 5.461333 + 21.845333) = 21.845333 / 36.626667 = 0.596432
    //   Wq = C / (cμ − λ) = 0.596432 / (40 − 32) s = 74.554 ms.
    let c = erlang_c(4, 3.2);
    assert!((c - 0.596432).abs() < 1e-6, "{c}");
    let want_ms = c / 8.0 * 1_000.0;
    let d = DurationModel::fixed(100.0, 1.0).unwrap().with_exponential_noise();
    let f = function(d, 0.0, 30_000);
    let mapping =
        SqsMapping::new(SqsSettings { batch_size: 1, maximum_concurrency: Some(4), ..Default::default() }).unwrap();
    let mut waits = Vec::new();
    for seed in 0..4 {
        let traffic = Traffic::poisson(32.0).unwrap();
        let r = run(f.clone(), traffic, unlimited(), Trigger::Sqs(mapping), 24 * HOUR, seed);
        assert_eq!(r.environments.peak_busy, 4);
        assert_eq!(r.counts.throttled(), 0);
        waits.push(r.delivery.wait.mean_us / 1_000.0);
    }
    let got = waits.iter().sum::<f64>() / waits.len() as f64;
    assert!((got - want_ms).abs() / want_ms < 0.02, "mean wait {got:.3} ms, Erlang C {want_ms:.3} ms ({waits:?})");
}

#[test]
fn sqs_without_a_cap_behaves_as_m_g_infinity() {
    // λ = 10 /s, 100 ms lognormal (cv 0.5): a = 1 environment busy on average. Five pollers rarely bind
    // (P(N ≥ 5) for Poisson(1) = 0.0037), so waits are rare and short and the mean concurrency is λ E[S] = 1.
    let f = function(DurationModel::fixed(100.0, 0.5).unwrap(), 0.0, 30_000);
    let mapping = SqsMapping::new(SqsSettings { batch_size: 1, ..Default::default() }).unwrap();
    let r = run(f, Traffic::poisson(10.0).unwrap(), unlimited(), Trigger::Sqs(mapping), 24 * HOUR, 5);
    assert!((r.environments.mean_busy - 1.0).abs() < 0.02, "{}", r.environments.mean_busy);
    assert!(r.delivery.wait.mean_us < 1_000.0, "mean wait {} µs", r.delivery.wait.mean_us);
    assert_eq!(r.delivery.completed + r.delivery.pending, r.delivery.events);
}

#[test]
fn pollers_start_at_five_and_add_three_hundred_a_minute() {
    // 100,000 messages at t = 0, batch size 1, each invocation 50 s (fixed), no limits: the pollers run 5
    // batches in minute 0, then 5 + 300 = 305, 605, 905, and 1,000 (the ceiling) from minute 4.
    let f = function(DurationModel::fixed(50_000.0, 0.0).unwrap(), 0.0, 60_000);
    let mapping =
        SqsMapping::new(SqsSettings { batch_size: 1, visibility_timeout_s: 360, ..Default::default() }).unwrap();
    let traffic = Traffic::replay_us(vec![0; 100_000]).unwrap();
    let cfg = SimConfig::new(f, traffic, unlimited(), 1_769, Architecture::X86_64, HOUR, 1)
        .unwrap()
        .with_trigger(Trigger::Sqs(mapping))
        .unwrap()
        .with_timeline_buckets(60)
        .unwrap();
    let r = sim::run(&cfg);
    let busy: Vec<u32> = r.timeline.buckets.iter().take(7).map(|b| b.max_busy).collect();
    assert_eq!(busy, [5, 305, 605, 905, 1_000, 1_000, 1_000]);
    // The backlog is in the timeline: without a batching window the first five messages start as they
    // arrive, so at most 100,000 − 5 = 99,995 wait; 5 × 50 s batches leave 99,995 − 5 = 99,990 in minute 1.
    assert_eq!(r.timeline.buckets[0].backlog, 99_995);
    assert_eq!(r.delivery.peak_backlog, 99_995);
    assert_eq!(r.timeline.buckets[1].backlog, 99_990);
}

#[test]
fn sqs_never_loses_a_message_to_throttling() {
    // Reserved concurrency 2 under a mapping that scales to 1,000: throttled batches come back after the
    // visibility timeout, and without a dead-letter queue every message is eventually processed.
    let f = function(DurationModel::fixed(200.0, 0.0).unwrap(), 0.0, 5_000);
    let mapping =
        SqsMapping::new(SqsSettings { batch_size: 10, visibility_timeout_s: 30, ..Default::default() }).unwrap();
    let platform = Platform::default().with_concurrency_limit(Some(2)).with_scaling_rate(None);
    // 20,000 messages in the first 10 minutes: 33 /s, while 2 environments × 10 messages / 0.2 s = 100 /s.
    let r = run(f, even(20_000, 600 * S), platform, Trigger::Sqs(mapping), 2 * HOUR, 2);
    let d = &r.delivery;
    assert_eq!(d.events, 20_000);
    assert_eq!(d.completed, 20_000, "{d:?}");
    assert_eq!((d.expired, d.exhausted, d.pending), (0, 0, 0));
    assert!(r.peak_busy_at_most(2));
}

trait Peak {
    fn peak_busy_at_most(&self, n: u32) -> bool;
}

impl Peak for SimResult {
    fn peak_busy_at_most(&self, n: u32) -> bool {
        self.environments.peak_busy <= n
    }
}

#[test]
fn sqs_failed_batches_go_to_the_dead_letter_queue_after_max_receive_count() {
    // Every batch times out (2 s of work, 1 s timeout): each message is received max_receive_count = 3 times and
    // then moved to the DLQ. 1,000 messages in batches of 10: 100 batches × 3 receives = 300 invocations.
    let f = function(DurationModel::fixed(2_000.0, 0.0).unwrap(), 0.0, 1_000);
    // A 1 s batching window lets each batch fill to 10 (all messages arrive at t = 0).
    let settings = SqsSettings {
        batch_size: 10,
        batching_window_s: 1,
        visibility_timeout_s: 6,
        max_receive_count: Some(3),
        ..Default::default()
    };
    let r = run(
        f,
        Traffic::replay_us(vec![0; 1_000]).unwrap(),
        unlimited(),
        Trigger::Sqs(SqsMapping::new(settings).unwrap()),
        HOUR,
        1,
    );
    let d = &r.delivery;
    assert_eq!((d.completed, d.exhausted), (0, 1_000));
    assert_eq!(r.counts.served(), 300);
    assert_eq!(r.counts.timeouts, 300);
    // Each batch: ⌈10/10⌉ = 1 ReceiveMessage; no deletes.
    assert_eq!((d.receive_requests, d.delete_requests), (300, 0));
    // Billed at the timeout: 300 × 1,000 ms.
    assert_eq!(r.billing.billed_ms, 300_000);
}

#[test]
fn sqs_partial_batch_responses_return_only_the_failed_messages() {
    // p = 0.1 per message, batches of 10 (1.39 messages/s fill a batch in 7.2 s, within the 30 s window), no
    // DLQ: with ReportBatchItemFailures each message is received a
    // geometric number of times, mean 1 / (1 − p) = 1.111; without it a batch fails with 1 − 0.9¹⁰ = 0.6513
    // and every message of a failed batch is received again, so receives per message are about
    // 1 / 0.3487 = 2.868 (batches re-form from returned messages, which keeps the per-batch failure rate).
    let f = function(DurationModel::fixed(20.0, 0.0).unwrap(), 0.1, 3_000);
    let run_with = |partial: bool| {
        let s = SqsSettings {
            batch_size: 10,
            batching_window_s: 30,
            visibility_timeout_s: 30,
            report_batch_item_failures: partial,
            ..Default::default()
        };
        run(f.clone(), even(50_000, 10 * HOUR), unlimited(), Trigger::Sqs(SqsMapping::new(s).unwrap()), 12 * HOUR, 9)
    };
    let partial = run_with(true);
    let d = &partial.delivery;
    assert_eq!(d.completed, 50_000);
    let receives = (d.completed + d.error_retries) as f64 / 50_000.0;
    assert!((receives - 1.0 / 0.9).abs() < 0.01, "{receives}");
    let whole = run_with(false);
    let d = &whole.delivery;
    assert_eq!(d.completed, 50_000);
    let receives = (d.completed + d.error_retries) as f64 / 50_000.0;
    assert!((receives - 1.0 / 0.9f64.powi(10)).abs() < 0.1, "{receives}");
}

#[test]
fn idle_pollers_make_fifteen_empty_receives_a_minute() {
    // No messages for 24 h: 5 pollers, one 20 s long poll each → 15 empty receives a minute,
    // 15 × 1,440 = 21,600 a day.
    let f = function(DurationModel::fixed(20.0, 0.0).unwrap(), 0.0, 3_000);
    let mapping = SqsMapping::new(SqsSettings::default()).unwrap();
    let r = run(f, Traffic::replay_us(vec![]).unwrap(), unlimited(), Trigger::Sqs(mapping), 24 * HOUR, 1);
    assert_eq!(r.delivery.empty_receives, 21_600);
}

#[test]
fn sync_callers_give_up_at_the_integration_timeout_but_the_invocation_is_billed() {
    use costsim::trigger::{SyncSource, SyncTrigger};
    // 40 s invocations behind a REST API (29 s integration timeout): every caller sees 29 s (504), Lambda bills
    // 40 s.
    let f = function(DurationModel::fixed(40_000.0, 0.0).unwrap(), 0.0, 60_000);
    let sync = SyncTrigger::new(SyncSource::RestApi, None).unwrap();
    let r = run(f, even(100, HOUR), unlimited(), Trigger::Sync(sync), 2 * HOUR, 1);
    assert_eq!(r.delivery.gateway_timeouts, 100);
    assert_eq!(r.latency.max_us, 29_000_000);
    assert_eq!(r.billing.billed_ms, 100 * 40_000);
    assert!(SyncTrigger::new(SyncSource::HttpApi, Some(30_001)).is_err());
    assert!(SyncTrigger::new(SyncSource::Direct, Some(10_000)).is_err());
}
