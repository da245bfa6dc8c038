//! `costsim import` end to end: the file it writes runs, what it prints, exit codes, and nothing written on failure.

use assert_cmd::Command;
use predicates::prelude::*;

fn costsim() -> Command {
    Command::cargo_bin("costsim").unwrap()
}

#[test]
fn the_imported_terraform_runs_as_an_application() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("shop.toml");
    costsim()
        .args(["import", "scenarios/iac/terraform", "--date", "2026-12-01", "--out"])
        .arg(&app)
        .assert()
        .success()
        .stderr(predicate::str::contains("imported 7 function(s)"))
        .stderr(predicate::str::contains("placeholders to fill (22)"))
        .stderr(predicate::str::contains("order-worker: traffic.monthly_requests, function.io_ms, function.cpu_ms, function.init_p50_ms, function.init_p90_ms"));
    let text = std::fs::read_to_string(&app).unwrap();
    assert!(text.contains("name = \"shop\""), "the name comes from --out's file name:\n{text}");
    // A short run of the written file (3 h: the nightly job fires at 02:00 Dublin, 02:00 UTC in December): the
    // report states that its numbers rest on placeholders.
    let out = dir.path().join("report");
    costsim()
        .arg("run")
        .arg(&app)
        .args(["--horizon-hours", "3", "--replications", "1", "--memory", "1024", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("! Placeholders: 7 of 7 function(s)"));
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("Placeholders: 7 of 7"), "{md}");
}

#[test]
fn an_existing_file_is_kept_unless_forced_and_stdout_is_dash() {
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("app.toml");
    std::fs::write(&app, "# my edits\n").unwrap();
    costsim()
        .args(["import", "scenarios/iac/terraform", "--out"])
        .arg(&app)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("exists: an imported file is edited by hand"));
    assert_eq!(std::fs::read_to_string(&app).unwrap(), "# my edits\n");
    costsim().args(["import", "scenarios/iac/terraform", "--force", "--out"]).arg(&app).assert().success();
    assert!(std::fs::read_to_string(&app).unwrap().contains("[application]"));
    costsim()
        .args(["import", "scenarios/iac/terraform", "--out", "-"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# Written by `costsim import scenarios/iac/terraform`"));
}

#[test]
fn a_file_that_does_not_parse_writes_nothing_and_exits_1_even_with_keep_going() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("main.tf"), "resource \"aws_lambda_function\" \"f\" {\n  memory_size = \n}\n").unwrap();
    let app = dir.path().join("app.toml");
    costsim()
        .arg("import")
        .arg(&bad)
        .arg("--out")
        .arg(&app)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("main.tf:2:").and(predicate::str::contains("not valid HCL")));
    assert!(!app.exists(), "nothing is written when the import fails");
    // --keep-going writes what the other paths hold and still exits 1.
    costsim()
        .arg("import")
        .arg(&bad)
        .arg("scenarios/iac/terraform")
        .args(["--keep-going", "--out"])
        .arg(&app)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("1 path(s) could not be imported"));
    assert!(std::fs::read_to_string(&app).unwrap().contains("name = \"nightly-report\""));
}

#[test]
fn flags_and_paths_that_are_not_allowed_say_what_is() {
    costsim()
        .args(["import", "scenarios/iac/terraform", "--var", "novalue", "--out", "-"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--var takes NAME=VALUE (got 'novalue')"));
    costsim()
        .args(["import", "README.md", "--out", "-"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a format costsim import reads"));
}

/// Runs `app` for 3 hours, one replication, and returns its fleet.csv.
fn short_fleet_csv(app: &std::path::Path, out: &std::path::Path) -> String {
    costsim()
        .arg("run")
        .arg(app)
        .args(["--horizon-hours", "3", "--replications", "1", "--jobs", "2", "--out"])
        .arg(out)
        .assert()
        .success();
    std::fs::read_to_string(out.join("fleet.csv")).unwrap()
}

#[test]
fn usage_from_a_filled_file_reproduces_the_hand_written_application_from_each_format() {
    // scenarios/iac/{terraform,sam,serverless} describe the shop's seven functions with the settings
    // scenarios/shop.toml runs today (memory, architecture, timeouts, reserved 150, triggers) in three formats.
    // Taking the traffic, the work, the sweeps and the objectives from shop.toml (api by path, the others
    // inline), each import must run exactly as shop.toml does: the same fleet.csv, byte for byte, from
    // independent routes (three readers against a hand-written file).
    let dir = tempfile::tempdir().unwrap();
    let written = short_fleet_csv(std::path::Path::new("scenarios/shop.toml"), &dir.path().join("shop"));
    assert_eq!(written.lines().count(), 1 + 7 + 2, "a header, one row per function, two totals:\n{written}");
    for format in ["terraform", "sam", "serverless"] {
        let app = dir.path().join(format).join("shop.toml");
        std::fs::create_dir(dir.path().join(format)).unwrap();
        costsim()
            .args([
                "import",
                &format!("scenarios/iac/{format}"),
                "--date",
                "2026-12-01",
                "--usage",
                "scenarios/shop.toml",
            ])
            .arg("--out")
            .arg(&app)
            .assert()
            .success()
            .stderr(predicate::str::contains("no placeholders: every value is set"))
            .stderr(predicate::str::contains("usage of 7 of 7 function(s) kept from scenarios/shop.toml"));
        let text = std::fs::read_to_string(&app).unwrap();
        assert!(!text.contains("PLACEHOLDER"), "{format}:\n{text}");
        // order-worker is provided.al2023 in the code (no INIT measurements): the usage file's "go" stands in.
        assert!(text.contains("runtime = \"go\"          # from the usage file"), "{format}:\n{text}");
        assert!(text.contains("concurrency_limit = 1000   # from the --usage file\n"), "{format}:\n{text}");
        assert!(text.contains("pick = \"slo\"\n"), "{format}:\n{text}");
        let imported = short_fleet_csv(&app, &dir.path().join(format).join("report"));
        assert_eq!(imported, written, "{format}");
    }
}

#[test]
fn a_usage_file_is_checked_where_it_is_written_and_stale_names_are_noted() {
    let dir = tempfile::tempdir().unwrap();
    let usage = dir.path().join("usage.toml");
    let entry = |name: &str, requests: &str| {
        format!(
            "[[functions]]\n[functions.scenario]\nname = \"{name}\"\n[functions.function]\nruntime = \"python3.12\"\n\
             io_ms = 10.0\ncpu_ms = 5.0\n[functions.traffic]\nmonthly_requests = {requests}\n[functions.current]\n\
             memory_mb = 512\narchitecture = \"arm64\"\n"
        )
    };
    let head = "[application]\nname = \"old\"\nregion = \"us-east-1\"\ndate = \"2026-12-01\"\n";
    // Line 13 (4 of [application], then the entry's 9th), column 20: a negative month of requests. The import refuses it there, writes nothing.
    std::fs::write(&usage, format!("{head}{}", entry("checkout", "-5"))).unwrap();
    let app = dir.path().join("app.toml");
    costsim()
        .args(["import", "scenarios/iac/terraform", "--usage"])
        .arg(&usage)
        .arg("--out")
        .arg(&app)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("usage.toml:13:20: monthly_requests must be zero or more (got -5)"));
    assert!(!app.exists());
    // A function the code no longer defines is named; checkout's 3M requests and work are kept, the code's
    // 2048 MB x86_64 replaces the file's arm64 512 MB.
    std::fs::write(&usage, format!("{head}{}{}", entry("checkout", "\"3M\""), entry("legacy-cron", "\"1M\""))).unwrap();
    costsim()
        .args(["import", "scenarios/iac/terraform", "--usage"])
        .arg(&usage)
        .arg("--out")
        .arg(&app)
        .assert()
        .success()
        .stderr(predicate::str::contains("usage of 1 of 7 function(s) kept"))
        .stderr(predicate::str::contains("has usage for legacy-cron, which the code no longer defines"));
    let text = std::fs::read_to_string(&app).unwrap();
    let checkout = &text[text.find("name = \"checkout\"").unwrap()..];
    let checkout = &checkout[..checkout.find("[[functions]]").unwrap()];
    assert!(checkout.contains("monthly_requests = \"3M\"\n") && checkout.contains("io_ms = 10.0\n"), "{checkout}");
    assert!(checkout.contains("memory_mb = 2048\narchitecture = \"x86_64\"\n"), "{checkout}");
    assert!(!checkout.contains("placeholders"), "{checkout}");
}

#[test]
fn a_usage_files_trace_is_found_from_the_imported_file_wherever_it_is_written() {
    // The usage file (in `usage/`) replays `usage/api.csv` for api; the imported file is written in `out/`,
    // where a relative `api.csv` names nothing: the import writes the trace's absolute path, and the file loads.
    let dir = tempfile::tempdir().unwrap();
    let usage_dir = dir.path().join("usage");
    std::fs::create_dir(&usage_dir).unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    std::fs::copy("scenarios/traces/api-per-minute.csv", usage_dir.join("api.csv")).unwrap();
    std::fs::write(
        usage_dir.join("costsim.toml"),
        "[application]\nname = \"u\"\nregion = \"us-east-1\"\ndate = \"2026-12-01\"\n\n[[functions]]\n\
         [functions.scenario]\nname = \"api\"\n[functions.function]\nruntime = \"nodejs22.x\"\nio_ms = 28.0\n\
         cpu_ms = 22.0\n[functions.traffic]\ntrace = { path = \"api.csv\", format = \"per_minute\" }\n\
         [functions.current]\nmemory_mb = 1024\narchitecture = \"x86_64\"\n",
    )
    .unwrap();
    let app = dir.path().join("out").join("app.toml");
    costsim()
        .args(["import", "scenarios/iac/terraform", "--usage"])
        .arg(usage_dir.join("costsim.toml"))
        .arg("--out")
        .arg(&app)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "note: traces of the usage file are read from their folder; run it with --allow-path {}",
            std::path::absolute(&usage_dir).unwrap().display()
        )));
    let text = std::fs::read_to_string(&app).unwrap();
    let absolute = std::path::absolute(usage_dir.join("api.csv")).unwrap();
    assert!(text.contains(&format!("path = \"{}\"", absolute.display())), "{text}");
    // As the note says, `run` reads it with --allow-path (and refuses it without, as a file outside the folder).
    let run = |allow: bool| {
        let mut c = costsim();
        c.arg("run").arg(&app).args(["--replications", "1", "--memory", "1024", "--out"]).arg(dir.path().join("r"));
        if allow {
            c.arg("--allow-path").arg(&usage_dir);
        }
        c.assert()
    };
    run(false).code(1).stderr(predicate::str::contains("trace.path must name a file inside the scenario's folder"));
    run(true).success();
}
