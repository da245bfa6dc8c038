//! `costsim price --input` on a generated 100,000-row budgeting sheet: read, estimate, bill and render as CSV,
//! in function rows per second. Linear in rows since the renderers group the bill's lines once (before, each
//! function's section rescanned every line: 8,000 rows took 9 s, 100,000 never finished).
//!
//! Run: `cargo bench --bench price`. Peak memory of the same work through the binary:
//! `/usr/bin/time -v target/release/costsim price --input big.csv --out /tmp/o.csv` (see the README).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use costsim::pricing::{self, sheet, BillOptions, Catalog};
use costsim::report::bill::{render, BillFormat};

const ROWS: usize = 100_000;

/// A sheet of `rows` functions over five regions, both architectures, cold starts, provisioned concurrency
/// and ephemeral storage on some rows.
fn sheet_text(rows: usize) -> String {
    let regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2", "eu-central-1"];
    let mut s = String::from(
        "name,region,architecture,memory_mb,monthly_requests,avg_duration_ms,cold_start_ratio,init_ms,provisioned,ephemeral_mb\n",
    );
    for i in 0..rows {
        let arch = if i % 2 == 0 { "x86_64" } else { "arm64" };
        let provisioned = if i % 10 == 0 { "2" } else { "" };
        let storage = if i % 7 == 0 { "2048" } else { "" };
        s.push_str(&format!(
            "fn-{i},{},{arch},{},{}k,{}.5,0.01,250,{provisioned},{storage}\n",
            regions[i % regions.len()],
            128 + 64 * (i % 100),
            1 + i % 5000,
            10 + i % 900,
        ));
    }
    s
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::built_in();
    let text = sheet_text(ROWS);
    let options = BillOptions::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap());
    let mut group = c.benchmark_group("price");
    group.sample_size(10);
    group.measurement_time(std::time::Duration::from_secs(10));
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("sheet_100k_rows_to_csv", |b| {
        b.iter(|| {
            let parsed = sheet::parse("big.csv", &text, &catalog);
            assert!(parsed.errors.is_empty(), "{:?}", parsed.errors.first());
            let usage: Vec<_> = parsed.functions.iter().map(|f| f.usage(&catalog).unwrap()).collect();
            let bill = pricing::bill(&catalog, &usage, &options).unwrap();
            render(&bill, BillFormat::Csv).len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
