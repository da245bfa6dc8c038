//! Scenario and trace hardening (issues 8 and 15): overrides checked like the file, no hang on input that passes
//! validation, bounded simulated work, confined trace paths, short escaped excerpts, headers by their names.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use costsim::pricing::Catalog;
use costsim::scenario::{LoadOptions, Overrides, Scenario, ScenarioError};
use predicates::prelude::*;

fn date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
}

fn api_with(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string("scenarios/api.toml").unwrap();
    assert!(text.contains(from), "{from}");
    text.replace(from, to)
}

fn options(overrides: Overrides) -> LoadOptions {
    LoadOptions { overrides, ..LoadOptions::default() }
}

fn parse(text: &str, o: &LoadOptions) -> Result<Scenario, String> {
    Scenario::parse_with("scenarios/api.toml", text, &Catalog::built_in(), o).map_err(|e| e.to_string())
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A scenario in `dir` whose `[traffic]` is `traffic`; returns its path.
fn scenario_file(dir: &Path, traffic: &str) -> PathBuf {
    let text = format!(
        "[scenario]\nname = \"t\"\nreplications = 1\n\n[function]\nruntime = \"go\"\nio_ms = 1.0\ncpu_ms = 1.0\n\n\
         [traffic]\n{traffic}\n\n[sweep]\nmemory_mb = [512]\narchitectures = [\"arm64\"]\n"
    );
    write(dir, "s.toml", &text)
}

fn load(path: &Path, allowed: &[PathBuf]) -> Result<Scenario, String> {
    let o = LoadOptions { allowed_dirs: allowed.to_vec(), ..LoadOptions::default() };
    Scenario::load_with(path, &Catalog::built_in(), &o).map_err(|e| e.to_string())
}

fn trace_scenario(dir: &Path, trace: &str, content: &str, format: &str) -> Result<Scenario, String> {
    write(dir, trace, content);
    load(&scenario_file(dir, &format!("trace = {{ path = \"{trace}\", format = \"{format}\" }}")), &[])
}

// ---- 1. overrides ----

#[test]
fn a_horizon_override_shorter_than_the_trace_is_refused_naming_the_flag() {
    // The shipped trace has minutes 0 … 1439: it lasts 1,440 min = 24.00 h, so the horizon must be ≥ 24 h.
    // Before: the override was applied after validation, and 1 h simulated 12,880 of 651,491 requests, exit 0.
    Command::cargo_bin("costsim")
        .unwrap()
        .args(["run", "scenarios/api-trace.toml", "--horizon-hours", "1", "--quiet", "--out"])
        .arg(tempfile::tempdir().unwrap().path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--horizon-hours 1: the trace lasts 24.00 h: horizon_hours = 1 would leave out its later requests (give at least 24",
        ));
}

#[test]
fn overrides_go_through_the_files_checks() {
    let text = std::fs::read_to_string("scenarios/api.toml").unwrap();
    let cases = [
        (
            Overrides { replications: Some(0), ..Overrides::default() },
            "--replications 0: replications must be between 1 and 100 (got 0)",
        ),
        (
            Overrides { horizon_hours: Some(731), ..Overrides::default() },
            "--horizon-hours 731: horizon_hours must be between 1 and 730 h (got 731)",
        ),
        (
            Overrides { memory: Some("64,128".into()), ..Overrides::default() },
            "--memory 64,128: memory_mb sizes must be between 128 and 10240 MB (got 64)",
        ),
        (
            Overrides { architectures: Some("sparc".into()), ..Overrides::default() },
            "--arch sparc: unknown architecture 'sparc' (allowed: x86_64, arm64)",
        ),
    ];
    for (o, message) in cases {
        assert_eq!(parse(&text, &options(o)).unwrap_err(), message);
    }
    let o = Overrides {
        seed: Some(7),
        memory: Some("1024,512,512".into()),
        architectures: Some("arm64".into()),
        replications: Some(2),
        horizon_hours: Some(5),
        ..Overrides::default()
    };
    assert_eq!(
        o.describe(),
        ["--seed 7", "--memory 1024,512,512", "--arch arm64", "--replications 2", "--horizon-hours 5"]
    );
    let s = parse(&text, &options(o)).unwrap();
    assert_eq!((s.seed(), s.replications(), s.horizon_hours()), (7, 2, 5));
    assert_eq!((s.memory_mb(), s.architectures()), (&[512, 1024][..], &[costsim::Architecture::Arm64][..]));
}

// ---- 2. no hang, bounded work ----

#[test]
fn one_billionth_of_a_request_a_month_simulates_no_arrival_and_ends() {
    // 1e-9 requests a month over 24 h: 1e-9 × 24 / 730 ≈ 3.3e-11 expected arrivals, so 0 (P(≥ 1) ≈ 3.3e-11).
    // Before: the hour-by-hour arrival loop walked ~10^15 hours and never ended.
    let text = api_with("monthly_requests = \"20M\"", "monthly_requests = 1e-9");
    let o = options(Overrides { memory: Some("1024".into()), replications: Some(2), ..Overrides::default() });
    let s = parse(&text, &o).unwrap();
    let points = costsim::sweep::run(&s, &Catalog::built_in(), date()).unwrap();
    assert_eq!(points.len(), 2);
    assert!(points.iter().all(|p| p.simulated_invocations == 0));
}

#[test]
fn hourly_weights_are_bounded_and_normalised_safely() {
    let zeros = ", 0".repeat(23);
    let text =
        api_with("diurnal = { peak_hour = 15, peak_to_trough = 5 }", &format!("hourly_weights = [1e307{zeros}]"));
    let e = parse(&text, &LoadOptions::default()).unwrap_err();
    assert!(e.contains("hourly_weights must each be between 0 and 1e12 (hour 0 is 1e307)"), "{e}");
    // At the limit, 1e12 × 24 is finite; all of 20M/730 h × 24 h = 657,534 expected requests fall in hour 0
    // (Poisson SD 811; one replication).
    let text = api_with("diurnal = { peak_hour = 15, peak_to_trough = 5 }", &format!("hourly_weights = [1e12{zeros}]"));
    let o = options(Overrides {
        memory: Some("1024".into()),
        architectures: Some("arm64".into()),
        replications: Some(1),
        ..Overrides::default()
    });
    let s = parse(&text, &o).unwrap();
    let p = &costsim::sweep::run(&s, &Catalog::built_in(), date()).unwrap()[0];
    assert!((p.simulated_invocations as f64 - 657_534.0).abs() < 5.0 * 811.0, "{}", p.simulated_invocations);
}

#[test]
fn simulated_work_is_bounded_per_replication_and_per_run() {
    // 1,000,000 requests/s × 24 h = 8.64e10 expected per replication: above the 1e10 limit.
    let text = api_with("monthly_requests = \"20M\"", "requests_per_second = 1e6");
    let e = parse(&text, &LoadOptions::default()).unwrap_err();
    assert!(e.contains("8.640e10 requests expected per replication") && e.contains("the limit is 1e10"), "{e}");
    // 100,000 requests/s × 24 h = 8.64e9 per replication (allowed); × (9 sizes × 2 architectures + today's setting,
    // [current]) × 3 replications (api.toml's sweep) = 19 × 3 × 8.64e9 = 4.925e11 in all: above the 1e11 limit.
    let text = api_with("monthly_requests = \"20M\"", "requests_per_second = 1e5");
    let e = parse(&text, &LoadOptions::default()).unwrap_err();
    assert!(e.contains("19 sweep points × 3 replications × 8.640e9 expected requests = 4.925e11 simulated requests: the limit is 1e11"), "{e}");
    // With --replications 1 --memory 1024: 2 points × 1 × 8.64e9 = 1.73e10, allowed.
    let o = options(Overrides { replications: Some(1), memory: Some("1024".into()), ..Overrides::default() });
    assert!(parse(&text, &o).is_ok());
    // The error names the flag that pushed it over: --replications 5 with --memory 1024 is 2 × 5 × 8.64e9 = 8.64e10
    // (allowed); --replications 6 is 1.04e11.
    let o = options(Overrides { replications: Some(6), memory: Some("1024".into()), ..Overrides::default() });
    let e = parse(&text, &o).unwrap_err();
    assert!(e.starts_with("--replications 6: "), "{e}");
}

#[test]
fn bursts_may_not_pile_up_without_bound() {
    // spread 3,600,000 ms, a burst every 0.01 min = 600 ms: 3.6e6 / 600 = 6,000 bursts in progress on average,
    // each looked at by every arrival. The limit is 100: spread 60,000 ms every 0.01 min is exactly 100.
    let burst = |spread: &str| {
        api_with(
            "diurnal = { peak_hour = 15, peak_to_trough = 5 }",
            &format!("bursts = {{ size = 1, spread_ms = {spread}, every_minutes = 0.01 }}"),
        )
    };
    let e = parse(&burst("3600000"), &LoadOptions::default()).unwrap_err();
    assert!(e.contains("bursts would overlap 6000 deep on average") && e.contains("at most 100"), "{e}");
    assert!(parse(&burst("60000"), &LoadOptions::default()).is_ok());
}

#[test]
fn every_shipped_scenario_and_bench_is_within_the_bounds() {
    let mut files: Vec<PathBuf> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.push(PathBuf::from("benches/billion.toml"));
    assert!(files.len() >= 6);
    for f in files {
        Scenario::load(&f, &Catalog::built_in()).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    }
}

#[test]
fn a_huge_jobs_count_is_capped_with_a_message() {
    // Before: --jobs 100000 overflowed the stack and --jobs 5000 was still starting threads after 30 s.
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("costsim")
        .unwrap()
        .args(["run", "scenarios/nightly-batch.toml", "--jobs", "100000", "--memory", "1024", "--arch", "arm64"])
        .args(["--replications", "1", "--date", "2026-01-15", "--format", "csv", "--out"])
        .arg(out.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("--jobs 100000 is more than 8 threads per core"));
}

#[test]
fn a_scenario_file_over_one_mib_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("scenarios/api.toml").unwrap();
    // 1 MiB + 1 byte of comment after a valid scenario: refused on its size alone.
    let padded = format!("{text}\n#{}", "x".repeat(1024 * 1024 - 1 - text.len()));
    assert_eq!(padded.len(), 1024 * 1024 + 1);
    let path = write(dir.path(), "big.toml", &padded);
    let e = Scenario::load(&path, &Catalog::built_in()).unwrap_err();
    assert!(matches!(e, ScenarioError::TooLarge { limit: 1_048_576, .. }), "{e}");
    Command::cargo_bin("costsim").unwrap().arg("run").arg(&path).assert().code(1);
    // One byte less loads.
    let path = write(dir.path(), "ok.toml", &padded[..padded.len() - 1]);
    assert!(Scenario::load(&path, &Catalog::built_in()).is_ok());
}

// ---- 3. traces ----

#[test]
fn a_trace_minute_above_the_rate_cap_is_refused() {
    // 10^12 requests in minute 0: ~10 h of simulation before; the cap is 60,000,000 a minute (1,000,000/s).
    let dir = tempfile::tempdir().unwrap();
    let e = trace_scenario(dir.path(), "t.csv", "0,1000000000000\n", "per_minute").unwrap_err();
    let file = dir.path().join("t.csv").display().to_string();
    assert!(e.starts_with(&format!("{file}:1:3: 1000000000000 requests in one minute: at most 60000000")), "{e}");
    // At the cap it loads: 60,000,000 requests.
    let s = trace_scenario(dir.path(), "t.csv", "0,60000000\n", "per_minute").unwrap();
    assert_eq!(s.trace().unwrap().requests, 60_000_000);
}

#[test]
fn a_timestamp_beyond_a_month_is_refused_not_wrapped() {
    // 1e20 s after the first request: `as u64` saturated and the horizon wrapped (4 of 5 simulated, exit 0).
    let dir = tempfile::tempdir().unwrap();
    let e = trace_scenario(dir.path(), "t.csv", "0\n1\n2\n3\n1e20\n", "timestamps").unwrap_err();
    let file = dir.path().join("t.csv").display().to_string();
    assert!(e.starts_with(&format!("{file}:5:1: this row is more than 730 h after the trace's start")), "{e}");
    // 730 h = 2,628,000 s: a request 2,627,999 s after the first fits a 730-hour horizon; 2,628,001 s is past
    // the trace limit (and 2,628,000 itself needs a horizon 1 µs longer than 730 h).
    assert!(trace_scenario(dir.path(), "t.csv", "0\n2627999\n", "timestamps").is_ok());
    let e = trace_scenario(dir.path(), "t.csv", "0\n2628001\n", "timestamps").unwrap_err();
    assert!(e.contains(":2:1: this row is more than 730 h"), "{e}");
    // Per-minute: minute 43,799 ends at 43,800 min = 730 h; minute 43,800 is past it.
    assert!(trace_scenario(dir.path(), "t.csv", "43799,1\n", "per_minute").is_ok());
    let e = trace_scenario(dir.path(), "t.csv", "43800,1\n", "per_minute").unwrap_err();
    assert!(e.contains(":1:7: this row is more than 730 h"), "{e}");
}

#[test]
fn devices_and_endless_lines_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // /dev/zero, allowed explicitly: refused as not a regular file, before reading (memory grew until abort).
    let s = scenario_file(dir.path(), "trace = { path = \"/dev/zero\", format = \"timestamps\" }");
    let e = load(&s, &[PathBuf::from("/dev")]).unwrap_err();
    assert!(e.contains("a trace must be a regular file"), "{e}");
    // 2 MiB without a line end: refused at line 1, at the 1 MiB line limit.
    write(dir.path(), "long.csv", &"7".repeat(2 * 1024 * 1024));
    let e =
        load(&scenario_file(dir.path(), "trace = { path = \"long.csv\", format = \"per_minute\" }"), &[]).unwrap_err();
    assert!(e.ends_with("long.csv:1:1: the line is longer than 1048576 bytes: not a trace"), "{e}");
}

#[test]
fn trace_paths_stay_inside_the_scenarios_folder() {
    let root = tempfile::tempdir().unwrap();
    let home = root.path().join("scenarios");
    std::fs::create_dir(&home).unwrap();
    // A valid trace whose header is a secret's name: the refusal must not show it.
    let outside = write(root.path(), "outside.csv", "AWS_SECRET_ACCESS_KEY\n5\n");
    let rule = "trace.path must name a file inside the scenario's folder";
    for path in ["../outside.csv".to_string(), outside.display().to_string()] {
        let s = scenario_file(&home, &format!("trace = {{ path = \"{path}\", format = \"per_minute\" }}"));
        let e = load(&s, &[]).unwrap_err();
        assert!(e.contains(rule) && e.contains("--allow-path") && !e.contains("AWS_SECRET"), "{e}");
        // Allowed explicitly, it loads: 5 requests in minute 0.
        assert_eq!(load(&s, &[root.path().to_path_buf()]).unwrap().trace().unwrap().requests, 5);
    }
    // A symbolic link inside the folder to a file outside is judged by where it leads.
    std::os::unix::fs::symlink(&outside, home.join("link.csv")).unwrap();
    let s = scenario_file(&home, "trace = { path = \"link.csv\", format = \"per_minute\" }");
    assert!(load(&s, &[]).unwrap_err().contains(rule));
    // Through the command line: refused, then allowed with --allow-path.
    let out = root.path().join("out");
    let run = |extra: &[&Path]| {
        let mut c = Command::cargo_bin("costsim").unwrap();
        c.arg("run").arg(&s).args(["--date", "2026-01-15", "--quiet", "--out"]).arg(&out);
        for p in extra {
            c.arg("--allow-path").arg(p);
        }
        c.assert()
    };
    run(&[]).code(1).stderr(predicate::str::contains(rule).and(predicate::str::contains("AWS_SECRET").not()));
    run(&[root.path()]).success();
}

#[test]
fn excerpts_are_short_escaped_and_absent_when_the_first_row_fails() {
    let dir = tempfile::tempdir().unwrap();
    // A file that is not a trace at its first row (/etc/shadow's shape): nothing of it is quoted.
    let e = trace_scenario(dir.path(), "t.csv", "daemon:*:20228:0:99999:7:::\n", "timestamps").unwrap_err();
    assert!(e.contains(":1:1: the first row is neither a header") && !e.contains("daemon"), "{e}");
    let e = trace_scenario(dir.path(), "t.csv", "AWS_SECRET_ACCESS_KEY=abc\n", "per_minute").unwrap_err();
    assert!(e.contains(":1:1: the first row is neither a header") && !e.contains("AWS"), "{e}");
    // After a good row, a bad value is quoted: at most 40 characters, then "…".
    let long = "x".repeat(100);
    let e = trace_scenario(dir.path(), "t.csv", &format!("0\n{long}\n"), "timestamps").unwrap_err();
    assert!(e.contains(&format!(":2:1: '{}…' is not a time in seconds", &long[..40])), "{e}");
    // Control characters are escaped: ESC [2J (clear screen) is shown as \u{1b}[2J.
    let e = trace_scenario(dir.path(), "t.csv", "0\n\u{1b}[2J\n", "timestamps").unwrap_err();
    assert!(e.contains(r"'\u{1b}[2J' is not a time") && !e.contains('\u{1b}'), "{e}");
}

#[test]
fn headers_are_recognised_by_their_names_and_columns_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    // A first row 1e3 or 5x is neither a header nor a count: an error at line 1, not a dropped "header".
    for first in ["1e3", "5x"] {
        let e = trace_scenario(dir.path(), "t.csv", &format!("{first}\n5\n"), "per_minute").unwrap_err();
        assert!(e.contains(":1:1: the first row is neither a header"), "{first}: {e}");
    }
    let e = trace_scenario(dir.path(), "t.csv", "1e3x\n5\n", "timestamps").unwrap_err();
    assert!(e.contains(":1:1: the first row is neither a header"), "{e}");
    // Named columns are a header: count 5 + 7 = 12 requests.
    assert_eq!(
        trace_scenario(dir.path(), "t.csv", "count\n5\n7\n", "per_minute").unwrap().trace().unwrap().requests,
        12
    );
    let s = trace_scenario(dir.path(), "t.csv", "time,function\n0.5,a\n1.5,b\n", "timestamps").unwrap();
    assert_eq!(s.trace().unwrap().requests, 2);
    // A three-column row in a two-column trace: an error at its third column (`0,1,` is 4 characters: column 5).
    let e = trace_scenario(dir.path(), "t.csv", "minute,count\n0,1,2\n", "per_minute").unwrap_err();
    assert!(e.contains(":2:5: this row has 3 column(s); the trace's rows have 2 (minute,count)"), "{e}");
    let e = trace_scenario(dir.path(), "t.csv", "0,1\n1,2,3\n", "per_minute").unwrap_err();
    assert!(e.contains(":2:5: this row has 3 column(s)"), "{e}");
    // A one-column trace with a two-column row.
    let e = trace_scenario(dir.path(), "t.csv", "4\n1,2\n", "per_minute").unwrap_err();
    assert!(e.contains(":2:3: this row has 2 column(s); the trace's rows have 1 (count)"), "{e}");
    let e = trace_scenario(dir.path(), "t.csv", "a,b,c\n1,2,3\n", "per_minute").unwrap_err();
    assert!(e.contains(":1:1: a per_minute trace has 1 column (count) or 2 (minute,count); this header has 3"), "{e}");
}
