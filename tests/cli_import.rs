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
