//! `costsim pricing import`: an AWSLambda bulk offer streamed and built into catalog prices, in bytes per second.
//! 30 regions of prices and 100,000 Lambda@Edge products (about 80 MB), read from memory.
//!
//! Run: `cargo bench --bench offer`. Peak memory through the binary on a 480 MB file (600,000 padding products):
//! `cargo run --release --example big_offer -- /tmp/big-offer.json 600000 && /usr/bin/time -v target/release/costsim
//! pricing import /tmp/big-offer.json --out /tmp/imported` (see the README).

#[path = "support/offer_gen.rs"]
mod offer_gen;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use costsim::pricing::offer::{self, Collected};

fn bench(c: &mut Criterion) {
    let mut text = Vec::new();
    offer_gen::write_offer(&mut text, 30, 100_000).unwrap();
    let mut group = c.benchmark_group("offer");
    group.sample_size(10);
    group.measurement_time(std::time::Duration::from_secs(15));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("import_80mb", |b| {
        b.iter(|| {
            let mut collected = Collected::default();
            offer::read::read("offer.json", text.as_slice(), &mut collected).unwrap();
            let imported = offer::build(collected, "USD").unwrap();
            assert_eq!(imported.entries.len(), 120);
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
