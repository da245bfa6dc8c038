//! Application reviews: `benches/fleet-20.toml` (20 functions, 3 memory sizes × 2 architectures each, 3
//! replications of a day) and the shipped `scenarios/shop.toml`, end to end (load, today's account runs, every
//! sweep, the recommended set's account runs, the bills) on both cores. Also the account engine alone: the shop's
//! seven functions simulated together for a day, in simulated invocations per second.
//!
//! `cargo bench --bench fleet`

use std::path::Path;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use costsim::fleet;
use costsim::pricing::Catalog;
use costsim::scenario::{Application, LoadOptions};
use costsim::sim::{self, Member};
use costsim::sweep;

fn load(path: &str) -> Application {
    Application::load_with(Path::new(path), &Catalog::built_in(), &LoadOptions::default()).unwrap()
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::built_in();
    let date = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let mut group = c.benchmark_group("fleet");
    group.sample_size(10);
    for (name, path) in [("fleet_20", "benches/fleet-20.toml"), ("shop", "scenarios/shop.toml")] {
        let app = load(path);
        group.bench_function(name, |b| b.iter(|| fleet::run(&app, &catalog, date).unwrap()));
    }

    // One account run of the shop at today's settings.
    let app = load("scenarios/shop.toml");
    let members: Vec<Member> = app
        .functions()
        .iter()
        .map(|f| {
            let s = f.scenario();
            let cur = s.current().unwrap();
            let platform =
                cur.platform.clone().with_concurrency_limit(Some(f.reserved().unwrap_or(app.concurrency_limit())));
            Member {
                config: sweep::config(s, cur.architecture, cur.memory_mb, &platform, 0),
                shares_pool: f.reserved().is_none(),
            }
        })
        .collect();
    let unreserved = app.unreserved(app.region());
    let invocations: u64 =
        sim::run_account(&members, unreserved).unwrap().functions.iter().map(|r| r.counts.arrivals).sum();
    group.throughput(Throughput::Elements(invocations));
    group.bench_function("shop_account_day", |b| b.iter(|| sim::run_account(&members, unreserved).unwrap()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
