//! Writes a generated AWSLambda bulk offer file (the import bench's, larger) for measuring the import's peak memory:
//! `cargo run --release --example big_offer -- /tmp/big-offer.json 600000` (the padding products; about 480 MB).

#[path = "../benches/support/offer_gen.rs"]
mod offer_gen;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "big-offer.json".into());
    let padding = args.next().and_then(|n| n.parse().ok()).unwrap_or(600_000);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
    offer_gen::write_offer(&mut out, 30, padding)?;
    std::io::Write::flush(&mut out)
}
