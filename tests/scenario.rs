//! Scenario files: the shipped ones load, and every kind of mistake is reported at its line and column.

use costsim::pricing::Catalog;
use costsim::scenario::Scenario;
use costsim::Architecture;

const BASE: &str = r#"[scenario]
name = "t"

[function]
runtime = "python3.12"
io_ms = 20.0
cpu_ms = 80.0

[traffic]
requests_per_second = 2.0
"#;

fn load(text: &str) -> Result<Scenario, String> {
    Scenario::parse("t.toml", text, &Catalog::built_in()).map_err(|e| e.to_string())
}

fn error_of(text: &str) -> String {
    load(text).expect_err("should be rejected")
}

#[test]
fn shipped_scenarios_load() {
    for name in ["api", "image-resize", "nightly-batch", "queue-worker", "api-trace"] {
        let path = format!("scenarios/{name}.toml");
        let s = Scenario::load(std::path::Path::new(&path), &Catalog::built_in()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.name(), name);
        assert!(!s.memory_mb().is_empty());
    }
}

#[test]
fn defaults_are_documented_values() {
    let s = load(BASE).unwrap();
    assert_eq!((s.region(), s.seed(), s.horizon_hours(), s.replications()), ("us-east-1", 42, 24, 3));
    assert_eq!(s.memory_mb(), [128, 256, 512, 1024, 1536, 2048, 3008]);
    assert_eq!(s.architectures(), [Architecture::X86_64, Architecture::Arm64]);
    assert_eq!(s.platform().keep_alive_ms(), 600_000);
    assert_eq!(s.platform().concurrency_limit(), Some(1000));
    assert_eq!(s.timeout_ms(), 3000);
    assert_eq!(s.recommend().balanced_weight, 0.5);
}

#[test]
fn monthly_requests_become_a_rate_over_730_hours() {
    // 2,628,000 requests / (730 h × 3,600 s) = 1 request/s.
    let s = load(&BASE.replace("requests_per_second = 2.0", "monthly_requests = \"2.628M\"")).unwrap();
    assert!((s.mean_rate_per_s() - 1.0).abs() < 1e-12, "{}", s.mean_rate_per_s());
}

#[test]
fn unknown_keys_suggest_the_right_one() {
    let e = error_of(&BASE.replace("io_ms = 20.0", "io_msec = 20.0"));
    assert!(
        e.starts_with(
            "t.toml:6:1: unknown key 'io_msec' (did you mean 'io_ms'?); allowed here: runtime, package, io_ms"
        ),
        "{e}"
    );
    let e = error_of(&format!("{BASE}\n[platfrom]\nkeep_alive_s = 10\n"));
    assert!(e.contains("unknown key 'platfrom' (did you mean 'platform'?)"), "{e}");
}

#[test]
fn values_out_of_range_are_located() {
    let cases = [
        ("cpu_ms = 80.0", "cpu_ms = -1.0", "t.toml:7:10: cpu_ms must be between 0 and 900000 ms (got -1)"),
        ("cpu_ms = 80.0", "cpu_ms = nan", "t.toml:7:10: cpu_ms must be between 0 and 900000 ms (got NaN)"),
        (
            "cpu_ms = 80.0",
            "cpu_ms = 80.0\ntimeout_s = 901",
            "t.toml:8:13: timeout_s must be between 1 and 900 s (got 901)",
        ),
        ("cpu_ms = 80.0", "cpu_ms = 80.0\nthreads = 0", "t.toml:8:11: threads must be between 1 and 64 (got 0)"),
        (
            "name = \"t\"",
            "name = \"t\"\nreplications = 0",
            "t.toml:3:16: replications must be between 1 and 100 (got 0)",
        ),
        ("name = \"t\"", "name = \"../x\"", "t.toml:2:8: name must be letters, digits"),
        ("runtime = \"python3.12\"", "runtime = \"python3.21\"", "t.toml:5:11: unknown runtime 'python3.21'"),
    ];
    for (from, to, expected) in cases {
        let e = error_of(&BASE.replace(from, to));
        assert!(e.starts_with(expected), "{to}: {e}");
    }
    let e = error_of(&format!("{BASE}\n[sweep]\nmemory_mb = [64, 512]\n"));
    assert!(e.starts_with("t.toml:13:13: memory_mb sizes must be between 128 and 10240 MB (got 64)"), "{e}");
    let e = error_of(&BASE.replace("name = \"t\"", "name = \"t\"\nregion = \"eu-west-9\""));
    assert!(e.contains("t.toml:3:10: unknown region 'eu-west-9' (did you mean 'eu-west-1'?"), "{e}");
}

#[test]
fn traffic_needs_exactly_one_rate() {
    let e = error_of(&BASE.replace("requests_per_second = 2.0", "requests_per_second = 2.0\nmonthly_requests = 5"));
    assert!(e.contains("needs exactly one of monthly_requests or requests_per_second"), "{e}");
    let e = error_of(&BASE.replace("requests_per_second = 2.0", "requests_per_second = 0.0"));
    assert!(e.starts_with("t.toml:10:23: the mean rate must be above 0"), "{e}");
    let e = error_of(&BASE.replace("requests_per_second = 2.0", "requests_per_second = 2.0\nhourly_weights = [1, 2]"));
    assert!(e.contains("hourly_weights must be 24 numbers"), "{e}");
}

#[test]
fn init_needs_a_runtime_or_both_percentiles() {
    let e = error_of(&BASE.replace("runtime = \"python3.12\"\n", ""));
    assert!(e.contains("needs a runtime (for default INIT durations) or init_p50_ms and init_p90_ms"), "{e}");
    let e = error_of(&BASE.replace("runtime = \"python3.12\"", "init_p50_ms = 100.0"));
    assert!(e.contains("give both init_p50_ms and init_p90_ms"), "{e}");
    let e = error_of(&BASE.replace("runtime = \"python3.12\"", "init_p50_ms = 100.0\ninit_p90_ms = 50.0"));
    assert!(e.contains("init_p90_ms must be between 100"), "{e}");
}

#[test]
fn toml_syntax_errors_are_located() {
    let e = error_of(&BASE.replace("io_ms = 20.0", "io_ms = = 20.0"));
    assert!(e.starts_with("t.toml:6:"), "{e}");
}
