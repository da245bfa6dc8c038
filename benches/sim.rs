//! Throughput of one simulation run, in simulated invocations per second.
//!
//! `warm_day`: 100 req/s Poisson, 100 ms mean lognormal duration (cv 0.5), one day (8.64 M invocations), default
//! platform: after the first few seconds every request is warm. `cold_day`: the same traffic with a zero
//! keep-alive, random routing and no scaling limit, so every request starts a new environment. `newest_day` and
//! `random_day`: `warm_day` under newest-created and random routing. `async_day`: `warm_day`'s traffic as S3
//! events with a 5% error ratio (retried twice, after 1 and 2 min). `sqs_day`: 100 messages/s through an SQS
//! mapping in batches of up to 10 (1 s window), 20 ms per batch + 8 ms per message; counted in messages.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use costsim::sim::{self, Platform, Routing, SimConfig};
use costsim::trigger::{AsyncDelivery, SqsMapping, SqsSettings, Trigger};
use costsim::workload::{DurationModel, Function, InitModel, Packaging, Runtime, Traffic};
use costsim::Architecture;

const DAY_US: u64 = 86_400_000_000;
const RATE_PER_S: f64 = 100.0;

fn config(platform: Platform) -> SimConfig {
    let duration = DurationModel::new(20.0, 80.0, 1, 0.5, 1.0).unwrap(); // 100 ms at 1,769 MB
    let init = InitModel::for_runtime(Runtime::Python312, Packaging::Zip, Architecture::X86_64);
    let function = Function::new(duration, init, 128, 10_000).unwrap();
    let traffic = Traffic::poisson(RATE_PER_S).unwrap();
    SimConfig::new(function, traffic, platform, 1_769, Architecture::X86_64, DAY_US, 1).unwrap()
}

fn sqs_config() -> SimConfig {
    let duration = DurationModel::new(20.0, 0.0, 1, 0.5, 1.0).unwrap().with_per_item(8.0, 0.0).unwrap();
    let init = InitModel::for_runtime(Runtime::Python312, Packaging::Zip, Architecture::X86_64);
    let function = Function::new(duration, init, 128, 10_000).unwrap();
    let traffic = Traffic::poisson(RATE_PER_S).unwrap();
    let mapping = SqsMapping::new(SqsSettings {
        batch_size: 10,
        batching_window_s: 1,
        visibility_timeout_s: 60,
        ..Default::default()
    })
    .unwrap();
    SimConfig::new(function, traffic, Platform::default(), 1_769, Architecture::X86_64, DAY_US, 1)
        .unwrap()
        .with_trigger(Trigger::Sqs(mapping))
        .unwrap()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("sim");
    group.sample_size(10);
    let invocations = (RATE_PER_S * DAY_US as f64 / 1e6) as u64;
    group.throughput(Throughput::Elements(invocations));
    let warm = config(Platform::default());
    group.bench_function("warm_day", |b| b.iter(|| sim::run(&warm)));
    // Newest-created routing keeps the oldest environments idle until they expire: the pool's worst case for
    // bookkeeping (stale entries of environments taken from the middle of the release-ordered deque).
    let newest = config(Platform::default().with_routing(Routing::NewestCreated));
    group.bench_function("newest_day", |b| b.iter(|| sim::run(&newest)));
    let random = config(Platform::default().with_routing(Routing::Random));
    group.bench_function("random_day", |b| b.iter(|| sim::run(&random)));
    let cold = config(Platform::default().with_keep_alive_ms(50).with_routing(Routing::Random));
    group.bench_function("cold_day", |b| b.iter(|| sim::run(&cold)));
    let mut async_cfg = config(Platform::default());
    async_cfg = SimConfig::new(
        async_cfg.function().clone().with_error_ratio(0.05).unwrap(),
        async_cfg.traffic().clone(),
        Platform::default(),
        1_769,
        Architecture::X86_64,
        DAY_US,
        1,
    )
    .unwrap()
    .with_trigger(Trigger::Async(AsyncDelivery::default()))
    .unwrap();
    group.bench_function("async_day", |b| b.iter(|| sim::run(&async_cfg)));
    let sqs = sqs_config();
    group.bench_function("sqs_day", |b| b.iter(|| sim::run(&sqs)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
