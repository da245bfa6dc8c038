//! Throughput on the shipped scenarios, in simulated invocations per second (one run on one core).
//!
//! `api_day`: `scenarios/api.toml` at 1,024 MB x86_64, one simulated day (≈ 657,000 invocations, nearly all warm).
//! `month_100m`: a full 730-hour month of 100 M requests (≈ 38 requests/s, the api function) at one memory size.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use costsim::pricing::Catalog;
use costsim::scenario::Scenario;
use costsim::sim::{self, SimConfig};
use costsim::workload::Traffic;
use costsim::Architecture;

const HOUR_US: u64 = 3_600_000_000;

fn api() -> Scenario {
    Scenario::load(Path::new("scenarios/api.toml"), &Catalog::built_in()).unwrap()
}

fn bench(c: &mut Criterion) {
    let s = api();
    let arch = Architecture::X86_64;
    let day = SimConfig::new(s.function(arch), s.traffic().clone(), s.platform().clone(), 1024, arch, 24 * HOUR_US, 1)
        .unwrap();
    let invocations = sim::run(&day).counts.arrivals;
    let mut group = c.benchmark_group("scenarios");
    group.sample_size(10);
    group.throughput(Throughput::Elements(invocations));
    group.bench_function("api_day", |b| b.iter(|| sim::run(&day)));

    let rate = 100_000_000.0 / (730.0 * 3600.0);
    let month = SimConfig::new(
        s.function(arch),
        Traffic::poisson(rate).unwrap(),
        s.platform().clone(),
        1024,
        arch,
        730 * HOUR_US,
        1,
    )
    .unwrap();
    group.throughput(Throughput::Elements(100_000_000));
    group.bench_function("month_100m", |b| b.iter(|| sim::run(&month)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
