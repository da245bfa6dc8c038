//! Trace replay (issue 5): every format streams exactly its requests, in the right minutes, deterministically;
//! a run simulates exactly the trace's total; bad traces and keys are reported at file:line:column.

use std::path::Path;

use assert_cmd::Command;
use costsim::pricing::Catalog;
use costsim::scenario::Scenario;
use costsim::workload::{Trace, TraceFormat, Traffic};
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

const MIN_US: u64 = 60_000_000;

fn drain(traffic: &Traffic, seed: u64) -> Vec<u64> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut out = Vec::new();
    for mut s in traffic.sources() {
        while let Some(t) = s.next_arrival_us(&mut rng) {
            out.push(t);
        }
    }
    out
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn per_minute_counts_are_replayed_inside_their_minutes() {
    let dir = tempfile::tempdir().unwrap();
    // One column (row i = minute i) and two columns (minute, count, with a gap): both 3 + 0 + 5 + 2 = 10 requests.
    let one = write(dir.path(), "one.csv", "count\n3\n0\n5\n2\n");
    let two = write(dir.path(), "two.csv", "# a comment\nminute,count\n0,3\n2,5\n\n3,2\n");
    for path in [one, two] {
        let trace = Trace::open(&path, TraceFormat::PerMinute, None, 1.0).unwrap();
        assert_eq!((trace.total(), trace.duration_us()), (10, 4 * MIN_US));
        let times = drain(&Traffic::from_trace(trace), 1);
        assert_eq!(times.len(), 10);
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
        let per_minute: Vec<usize> = (0..4).map(|m| times.iter().filter(|&&t| t / MIN_US == m).count()).collect();
        assert_eq!(per_minute, [3, 0, 5, 2]);
    }
    // scale 0.5: the four minutes take two; minute 2's requests fall in [60 s, 90 s).
    let trace = Trace::open(&dir.path().join("one.csv"), TraceFormat::PerMinute, None, 0.5).unwrap();
    assert_eq!(trace.duration_us(), 2 * MIN_US);
    let times = drain(&Traffic::from_trace(trace), 1);
    assert_eq!(times.iter().filter(|&&t| (60_000_000..90_000_000).contains(&t)).count(), 5);
}

#[test]
fn replay_is_deterministic_and_seeded() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "t.csv", "100\n200\n");
    let traffic = Traffic::from_trace(Trace::open(&path, TraceFormat::PerMinute, None, 1.0).unwrap());
    assert_eq!(drain(&traffic, 5), drain(&traffic, 5));
    assert_ne!(drain(&traffic, 5), drain(&traffic, 6));
    // A source cloned half-way goes on exactly as the original.
    let mut rng = Pcg64Mcg::seed_from_u64(9);
    let mut s = traffic.sources().remove(0);
    let _: Vec<u64> = (0..150).filter_map(|_| s.next_arrival_us(&mut rng)).collect();
    let (mut a, mut b) = (s.clone(), s);
    let (mut ra, mut rb) = (rng.clone(), rng);
    let left: Vec<u64> = std::iter::from_fn(|| a.next_arrival_us(&mut ra)).collect();
    let right: Vec<u64> = std::iter::from_fn(|| b.next_arrival_us(&mut rb)).collect();
    assert_eq!((left.len(), &left), (150, &right));
}

#[test]
fn timestamps_are_replayed_exactly_and_scaled() {
    let dir = tempfile::tempdir().unwrap();
    // The first request is time 0: 0.5 → 0, 1.0 → 0.5 s, 1.0 → 0.5 s, 2.25 → 1.75 s; × scale 2 → 0, 1, 1, 3.5 s.
    let path = write(dir.path(), "ts.csv", "timestamp,request\n0.5,a\n1.0,b\n1.0,c\n2.25,d\n");
    let trace = Trace::open(&path, TraceFormat::Timestamps, None, 2.0).unwrap();
    assert_eq!((trace.total(), trace.duration_us()), (4, 3_500_000));
    assert_eq!(drain(&Traffic::from_trace(trace), 0), [0, 1_000_000, 1_000_000, 3_500_000]);
    // Date-times: 10:00:00.000, 10:00:00.250, 10:01:00 → 0, 0.25 s, 60 s.
    let path = write(dir.path(), "iso.csv", "2024-01-15T10:00:00Z\n2024-01-15T10:00:00.250Z\n2024-01-15 10:01:00\n");
    let trace = Trace::open(&path, TraceFormat::Timestamps, None, 1.0).unwrap();
    assert_eq!(drain(&Traffic::from_trace(trace), 0), [0, 250_000, 60_000_000]);
}

fn azure_file(dir: &Path) -> std::path::PathBuf {
    let mut text = String::from("HashOwner,HashApp,HashFunction,Trigger");
    for m in 1..=1440 {
        text.push_str(&format!(",{m}"));
    }
    text.push('\n');
    let row = |owner: &str, app: &str, func: &str, counts: &[(usize, u32)]| {
        let mut r = format!("{owner},{app},{func},http");
        for m in 1..=1440 {
            r.push_str(&format!(",{}", counts.iter().find(|c| c.0 == m).map_or(0, |c| c.1)));
        }
        r + "\n"
    };
    text += &row("o1", "a1", "f1", &[(1, 9)]);
    text += &row("o2", "a2", "f2", &[(1, 2), (720, 3), (1440, 1)]);
    text += &row("o3", "a3", "f1", &[(5, 4)]);
    write(dir, "invocations_per_function_md.anon.d01.csv", &text)
}

#[test]
fn azure_2019_rows_are_selected_by_function_hash() {
    let dir = tempfile::tempdir().unwrap();
    let path = azure_file(dir.path());
    // f2: 2 requests in minute 1 ([0, 60 s)), 3 in minute 720 ([719, 720) min), 1 in minute 1440: 6 in all.
    let trace = Trace::open(&path, TraceFormat::Azure2019, Some("f2"), 1.0).unwrap();
    assert_eq!((trace.total(), trace.duration_us()), (6, 1440 * MIN_US));
    let times = drain(&Traffic::from_trace(trace), 3);
    let minutes: Vec<u64> = times.iter().map(|t| t / MIN_US).collect();
    assert_eq!(minutes, [0, 0, 719, 719, 719, 1439]);
    // f1 is in two apps: ambiguous, unless the app is named.
    let e = Trace::open(&path, TraceFormat::Azure2019, Some("f1"), 1.0).unwrap_err();
    assert!(e.message.contains("2 rows") && e.line == 4, "{e:?}");
    let trace = Trace::open(&path, TraceFormat::Azure2019, Some("a3/f1"), 1.0).unwrap();
    assert_eq!(trace.total(), 4);
    assert!(Trace::open(&path, TraceFormat::Azure2019, Some("nope"), 1.0).is_err());
}

fn scenario_with(dir: &Path, traffic: &str) -> Result<Scenario, String> {
    let text = format!(
        "[scenario]\nname = \"t\"\n\n[function]\nruntime = \"python3.12\"\nio_ms = 20.0\ncpu_ms = 80.0\n\n[traffic]\n{traffic}\n"
    );
    let path = dir.join("s.toml");
    Scenario::parse(&path.display().to_string(), &text, &Catalog::built_in()).map_err(|e| e.to_string())
}

#[test]
fn a_run_simulates_exactly_the_traces_total() {
    let dir = tempfile::tempdir().unwrap();
    azure_file(dir.path());
    let s = scenario_with(
        dir.path(),
        "trace = { path = \"invocations_per_function_md.anon.d01.csv\", format = \"azure2019\", function = \"a2/f2\" }",
    )
    .unwrap();
    // 1,440 minutes = 24 h: the default horizon.
    assert_eq!((s.horizon_hours(), s.trace().as_ref().unwrap().requests), (24, 6));
    let catalog = Catalog::built_in();
    let points = costsim::sweep::run(&s, &catalog, chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()).unwrap();
    // 3 replications × 6 requests at every point.
    assert!(
        points.iter().all(|p| p.simulated_invocations == 18),
        "{:?}",
        points.iter().map(|p| p.simulated_invocations).collect::<Vec<_>>()
    );

    // The shipped example: the trace's own total, summed here from the file, times 2 replications.
    let text = std::fs::read_to_string("scenarios/traces/api-per-minute.csv").unwrap();
    let total: u64 = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("minute"))
        .map(|l| l.split(',').nth(1).unwrap().trim().parse::<u64>().unwrap())
        .sum();
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("costsim")
        .unwrap()
        .args(["run", "scenarios/api-trace.toml", "--memory", "512", "--arch", "arm64", "--replications", "2"])
        .args(["--date", "2026-01-15", "--quiet", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(report["points"][0]["simulated_invocations"], 2 * total);
    assert_eq!(report["scenario"]["trace"]["requests"], total);
}

#[test]
fn bad_traces_and_keys_are_located() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "unsorted.csv", "1.0\n2.0\n1.5\n");
    write(dir.path(), "counts.csv", "minute,count\n0,3\n1,many\n");
    write(dir.path(), "ok.csv", "5\n");
    let file = |name: &str| dir.path().join(name).display().to_string();
    let e = scenario_with(dir.path(), "trace = { path = \"unsorted.csv\", format = \"timestamps\" }").unwrap_err();
    assert_eq!(e, format!("{}:3:1: timestamps must not decrease (sort the trace by time)", file("unsorted.csv")));
    let e = scenario_with(dir.path(), "trace = { path = \"counts.csv\", format = \"per_minute\" }").unwrap_err();
    assert!(e.starts_with(&format!("{}:3:3: 'many' is not a count", file("counts.csv"))), "{e}");
    let s = file("s.toml");
    // [traffic] is line 9, so the trace is line 10; in `trace = { path = "ok.csv", format = "per_mnute" }` the path
    // value starts at column 18 and the format value at column 37.
    let e = scenario_with(dir.path(), "trace = { path = \"ok.csv\", format = \"per_mnute\" }").unwrap_err();
    assert!(
        e.starts_with(&format!("{s}:10:37: trace format 'per_mnute' is not known (did you mean 'per_minute'?)")),
        "{e}"
    );
    let e = scenario_with(dir.path(), "trace = { path = \"missing.csv\", format = \"per_minute\" }").unwrap_err();
    assert!(e.starts_with(&format!("{s}:10:18: trace '")), "{e}");
    let e =
        scenario_with(dir.path(), "trace = { path = \"ok.csv\", format = \"per_minute\", scael = 2.0 }").unwrap_err();
    assert!(e.contains("unknown key 'scael' (did you mean 'scale'?)") && e.starts_with(&format!("{s}:10:")), "{e}");
    let e =
        scenario_with(dir.path(), "requests_per_second = 1.0\ntrace = { path = \"ok.csv\", format = \"per_minute\" }")
            .unwrap_err();
    assert!(e.contains("remove requests_per_second"), "{e}");
    let e = scenario_with(dir.path(), "trace = { path = \"ok.csv\", format = \"azure2019\" }").unwrap_err();
    assert!(e.contains("needs function"), "{e}");
    let e =
        scenario_with(dir.path(), "trace = { path = \"ok.csv\", format = \"per_minute\", scale = 0.0 }").unwrap_err();
    assert!(e.contains("scale must be between"), "{e}");
    // A 1-minute trace scaled × 120 lasts 2 h: horizon_hours = 1 would drop requests.
    let text = "[scenario]\nname = \"t\"\nhorizon_hours = 1\n\n[function]\nruntime = \"go\"\nio_ms = 1.0\ncpu_ms = 1.0\n\n[traffic]\ntrace = { path = \"ok.csv\", format = \"per_minute\", scale = 120.0 }\n";
    let e = Scenario::parse(&s, text, &Catalog::built_in()).unwrap_err().to_string();
    assert!(e.starts_with(&format!("{s}:3:17: the trace lasts 2.00 h")), "{e}");
}
