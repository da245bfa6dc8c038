//! Untrusted inputs cannot exhaust memory: a 300 MB file of each kind is refused before it is read (or, for
//! streamed logs, read with its over-long line reported), with the child's peak resident memory measured by `wait4`.
//! The inputs are sparse files (a valid first line, then zeros that take no disk), so the test is cheap.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// 300 MB, the size the issue names.
const SIZE: u64 = 300 * 1024 * 1024;
/// The bound stated in the README: a refused input costs no more than the program itself (~10 MB), with room.
const PEAK_BOUND_KIB: i64 = 100 * 1024;

/// A file of `SIZE` bytes beginning with `head`; the rest is a hole (reads as NUL bytes).
fn sparse(dir: &Path, name: &str, head: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut f = File::create(&path).unwrap();
    f.write_all(head.as_bytes()).unwrap();
    f.set_len(SIZE).unwrap();
    path
}

/// Runs costsim with `args`; returns (exit code, stderr, peak RSS [KiB]) measured on exactly that child.
// The child is reaped by wait4 (which also reports its peak RSS), not by Child::wait, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run(args: &[&std::ffi::OsStr]) -> (i32, String, i64) {
    let child = Command::new(assert_cmd::cargo::cargo_bin("costsim"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut stderr = child.stderr.unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut text).unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value, and wait4 only writes into the two out-pointers.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4 reaps the child");
    assert!(libc::WIFEXITED(status), "costsim ended by a signal: {text}");
    (libc::WEXITSTATUS(status), text, usage.ru_maxrss)
}

#[test]
fn a_300_mb_input_of_each_kind_is_refused_within_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenario = sparse(d, "big.toml", "[scenario]\nname = \"big\"\n");
    let catalog = sparse(d, "big-catalog.toml", "schema_version = 1\n");
    let sheet = sparse(d, "big.csv", "name,region,architecture,memory_mb,monthly_requests,avg_duration_ms\n");
    let report = sparse(d, "report.json", "{\"kind\": \"costsim.run\", \"schema_version\": 4, ");
    let power_tuning = sparse(d, "pt.json", "{\"stats\": [{\"value\": 512, \"averageDuration\": 40, ");
    let logs = sparse(
        d,
        "big.log",
        "REPORT RequestId: x\tDuration: 1 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t\n",
    );
    let out = d.join("out");
    let s = |x: &str| std::ffi::OsString::from(x);
    let cases: Vec<(&str, Vec<std::ffi::OsString>)> = vec![
        ("scenario", vec![s("run"), scenario.into(), s("--out"), out.clone().into()]),
        (
            "catalog",
            vec![
                s("price"),
                s("--requests"),
                s("1M"),
                s("--duration-ms"),
                s("100"),
                s("--memory-mb"),
                s("512"),
                s("--pricing"),
                catalog.into(),
            ],
        ),
        ("sheet", vec![s("price"), s("--input"), sheet.into()]),
        ("report", vec![s("render"), report.into()]),
        (
            "power tuning",
            vec![s("calibrate"), power_tuning.into(), s("--no-run"), s("--out"), d.join("pt.toml").into()],
        ),
        ("logs", vec![s("calibrate"), logs.into(), s("--no-run"), s("--out"), d.join("logs.toml").into()]),
    ];
    for (kind, args) in cases {
        let refs: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
        let (code, stderr, peak_kib) = run(&refs);
        println!("{kind}: exit {code}, peak RSS {} MB: {}", peak_kib / 1024, stderr.lines().next().unwrap_or(""));
        if kind == "logs" {
            // Logs stream: the good record is read, and the 300 MB line after it is reported as malformed, not
            // buffered (the line limit is 16 MiB).
            assert_eq!(code, 0, "{stderr}");
            assert!(stderr.contains("big.log:2:1: a line longer than 16777216 bytes"), "{stderr}");
        } else {
            assert!(code == 1 || code == 2, "{kind}: a 300 MB input must be refused (exit {code}): {stderr}");
        }
        assert!(!stderr.contains("panicked"), "{kind}: {stderr}");
        assert!(peak_kib < PEAK_BOUND_KIB, "{kind}: peak RSS {peak_kib} KiB over the bound {PEAK_BOUND_KIB} KiB");
    }
    assert!(!out.exists(), "a refused scenario leaves no report folder");
}

#[test]
fn the_flag_raises_a_size_limit() {
    // A valid scenario padded with comments to 2 MiB, twice the 1 MiB scenario limit: refused by default, run with
    // --max-input-mb 4.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "[scenario]\nname = \"padded\"\nhorizon_hours = 1\nreplications = 1\n[function]\nruntime = \"python3.12\"\n\
         io_ms = 20.0\ncpu_ms = 20.0\n[traffic]\nrequests_per_second = 1.0\n[sweep]\nmemory_mb = [512]\narchitectures = [\"arm64\"]\n",
    );
    while text.len() < 2 * 1024 * 1024 {
        text.push_str("# padding padding padding padding padding padding padding padding padding padding\n");
    }
    let path = dir.path().join("padded.toml");
    std::fs::write(&path, &text).unwrap();
    let out = dir.path().join("out");
    let base = [path.as_os_str(), std::ffi::OsStr::new("--out"), out.as_os_str(), std::ffi::OsStr::new("--quiet")];
    let mut refused = vec![std::ffi::OsStr::new("run")];
    refused.extend(base);
    let (code, stderr, _) = run(&refused);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("--max-input-mb"), "the refusal names the flag: {stderr}");
    let mut raised =
        vec![std::ffi::OsStr::new("run"), std::ffi::OsStr::new("--max-input-mb"), std::ffi::OsStr::new("4")];
    raised.extend(base);
    let (code, stderr, _) = run(&raised);
    assert_eq!(code, 0, "{stderr}");
    assert!(out.join("report.json").exists());
}
