//! Links to the AWS Lambda Power Tuning visualization (`lambda-power-tuning.show`), encoded exactly as Power
//! Tuning encodes them (alexcasalboni/aws-lambda-power-tuning `lambda/utils.js` `buildVisualizationURL`, and the UI's
//! `src/js/encode.js`, matteo-ronchetti/aws-lambda-power-tuning-ui):
//! memory sizes as Int16, average durations [ms] and average costs per invocation [USD] as Float32, each array's
//! little-endian bytes in standard base64, joined by `;`. The comparison form has eight parts:
//! `sizes1;times1;costs1;sizes2;times2;costs2;legend1;legend2` with URI-encoded legends.
//!
//! costsim fills "duration" with the mean latency callers see (INIT included on cold starts, as Power Tuning's
//! `Duration + Init Duration`) and "cost" with the all-in monthly cost per invocation (requests, free tier and
//! tiers included, unlike Power Tuning's duration-only price).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rust_decimal::prelude::ToPrimitive;

use crate::report::run::RunReport;
use crate::sweep::Point;
use crate::Architecture;

/// The visualization's home; the encoded results follow `#`.
pub const BASE_URL: &str = "https://lambda-power-tuning.show/";

/// The three encoded arrays of one run: (sizes, times, costs).
pub fn encode(results: &[(u32, f64, f64)]) -> (String, String, String) {
    let mut sorted = results.to_vec();
    sorted.sort_by_key(|r| r.0);
    // Power Tuning writes sizes as Int16: memory up to 10,240 MB fits.
    let sizes: Vec<u8> = sorted.iter().flat_map(|r| (r.0.min(i16::MAX as u32) as i16).to_le_bytes()).collect();
    let times: Vec<u8> = sorted.iter().flat_map(|r| (r.1 as f32).to_le_bytes()).collect();
    let costs: Vec<u8> = sorted.iter().flat_map(|r| (r.2 as f32).to_le_bytes()).collect();
    (STANDARD.encode(sizes), STANDARD.encode(times), STANDARD.encode(costs))
}

/// (memory, mean latency [ms], cost per invocation [USD]) of the feasible points of one architecture.
fn results(report: &RunReport, arch: Architecture) -> Vec<(u32, f64, f64)> {
    let per_invocation = |p: &Point| p.cost_per_million.to_f64().unwrap_or(0.0) / 1e6;
    report
        .points
        .iter()
        .filter(|p| p.architecture == arch && p.feasible)
        .map(|p| (p.memory_mb, p.latency.mean_ms, per_invocation(p)))
        .collect()
}

/// The link for one architecture's sweep, or `None` when it has no feasible point.
pub fn link(report: &RunReport, arch: Architecture) -> Option<String> {
    let r = results(report, arch);
    if r.is_empty() {
        return None;
    }
    let (s, t, c) = encode(&r);
    Some(format!("{BASE_URL}#{s};{t};{c}"))
}

/// The comparison link, x86_64 against arm64, or `None` unless both have feasible points.
pub fn comparison_link(report: &RunReport) -> Option<String> {
    let (x, a) = (results(report, Architecture::X86_64), results(report, Architecture::Arm64));
    if x.is_empty() || a.is_empty() {
        return None;
    }
    let (s1, t1, c1) = encode(&x);
    let (s2, t2, c2) = encode(&a);
    Some(format!("{BASE_URL}#{s1};{t1};{c1};{s2};{t2};{c2};{};{}", uri_component("x86_64"), uri_component("arm64")))
}

/// JavaScript's `encodeURIComponent`: everything but `A–Z a–z 0–9 - _ . ! ~ * ' ( )` is percent-encoded as UTF-8.
pub fn uri_component(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_as_power_tuning_does() {
        // Sizes 128 and 256 as little-endian Int16: 80 00, 00 01 → base64 of 80 00 00 01 = "gAAAAQ==".
        // Times 1.0 and 2.0 as Float32: 0x3F800000 → 00 00 80 3F; 0x40000000 → 00 00 00 40 → "AACAPwAAAEA=".
        // Costs 0.5 (0x3F000000 → 00 00 00 3F) and 0.25 (0x3E800000 → 00 00 80 3E) → "AAAAPwAAgD4=".
        // Given out of order, the results are sorted by memory first.
        let (s, t, c) = encode(&[(256, 2.0, 0.25), (128, 1.0, 0.5)]);
        assert_eq!(s, "gAAAAQ==");
        assert_eq!(t, "AACAPwAAAEA=");
        assert_eq!(c, "AAAAPwAAgD4=");
    }

    #[test]
    fn uri_component_matches_javascript() {
        assert_eq!(uri_component("x86_64"), "x86_64");
        assert_eq!(uri_component("arm64 (Graviton)"), "arm64%20(Graviton)");
        assert_eq!(uri_component("a;b/c"), "a%3Bb%2Fc");
    }
}
