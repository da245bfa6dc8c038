//! The terminal table fits the terminal: `COLUMNS=80` gives every table a narrow form of at most 80 columns,
//! a pipe without `COLUMNS` keeps the full form, colour goes exactly on the recommended rows with
//! `--color always` and never into a pipe or a file otherwise (issue 14, item 3).

use std::path::Path;

use assert_cmd::Command;

/// costsim with neither COLUMNS nor NO_COLOR from the developer's environment.
fn costsim() -> Command {
    let mut c = Command::cargo_bin("costsim").unwrap();
    c.env_remove("COLUMNS").env_remove("NO_COLOR");
    c
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A short run of `scenario` into `dir` (one replication of 6 h unless `args` give a horizon), printed with `env`
/// and `args`.
fn run(scenario: &str, dir: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    let mut c = costsim();
    c.args(["run", scenario, "--replications", "1", "--quiet", "--out"]).arg(dir).args(args);
    if !args.contains(&"--horizon-hours") {
        c.args(["--horizon-hours", "6"]);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    stdout(&mut c)
}

/// Every line at most `limit` columns, `◀`, `±` and `─` one column each.
fn assert_fits(text: &str, limit: usize, what: &str) {
    for line in text.lines() {
        assert!(line.chars().count() <= limit, "{what}: {} columns: {line}\n{text}", line.chars().count());
    }
}

#[test]
fn every_shipped_scenario_and_a_fleet_fit_80_columns() {
    for name in ["api", "api-trace", "image-resize", "nightly-batch", "queue-worker", "shop"] {
        let dir = tempfile::tempdir().unwrap();
        // The trace lasts 24 h: its horizon cannot be shortened.
        let horizon: &[&str] = if name == "api-trace" { &["--horizon-hours", "24"] } else { &[] };
        let text = run(&format!("scenarios/{name}.toml"), dir.path(), &[("COLUMNS", "80")], horizon);
        assert_fits(&text, 80, name);
        // Every table of these is wider than 80 in full: the footer says what went.
        assert!(text.contains(" left out to fit 80 columns: "), "{name}:\n{text}");
        assert!(text.contains(" every column: --format csv, or a terminal "), "{name}:\n{text}");
        // The wide form of the same report, from a pipe: today's, with every column.
        let full = stdout(costsim().arg("render").arg(dir.path().join("report.json")));
        assert!(!full.contains("left out"), "{name}:\n{full}");
        assert!(full.lines().any(|l| l.chars().count() > 80), "{name}: the full form is the wide one");
    }
}

#[test]
fn a_pipe_keeps_the_full_form_and_columns_selects_the_narrow_one() {
    let dir = tempfile::tempdir().unwrap();
    let piped = run("scenarios/api.toml", dir.path(), &[], &["--memory", "256,1024"]);
    let report = dir.path().join("report.json");
    // The full sync header, every column.
    let header = piped.lines().find(|l| l.starts_with(" arch ")).unwrap();
    let titles: Vec<&str> = header.split("  ").map(str::trim).filter(|t| !t.is_empty()).collect();
    let every = ["arch", "memory", "$/month", "±95%", "$/1M req", "mean", "p50", "p95", "p99", "cold", "throttle"];
    assert_eq!(titles, [&every[..], &["errors", "conc."]].concat());
    assert!(!piped.contains("left out"), "{piped}");
    let narrow = stdout(costsim().arg("render").arg(&report).env("COLUMNS", "80"));
    assert!(narrow.lines().any(|l| l.starts_with(" arch ") && l.ends_with("errors")), "{narrow}");
    assert!(narrow.contains(" left out to fit 80 columns: "), "{narrow}");
    // A file is the full form whatever COLUMNS says, and never coloured.
    let file = dir.path().join("table.txt");
    costsim()
        .arg("render")
        .arg(&report)
        .args(["--color", "always", "--out"])
        .arg(&file)
        .env("COLUMNS", "80")
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), piped);
}

#[test]
fn colour_only_when_asked_and_only_on_the_recommended_rows() {
    let dir = tempfile::tempdir().unwrap();
    run("scenarios/api.toml", dir.path(), &[], &[]);
    let report = dir.path().join("report.json");
    let render = |env: &[(&str, &str)], args: &[&str]| {
        let mut c = costsim();
        c.arg("render").arg(&report).args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        stdout(&mut c)
    };
    let always = render(&[], &["--color", "always"]);
    // The recommended settings, from the report itself: each row of one of them, and no other line, is coloured.
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let mut picked: Vec<String> = ["cost", "speed", "balanced", "slo"]
        .iter()
        .filter_map(|k| json["recommendations"].get(*k).filter(|p| !p.is_null()))
        .map(|p| format!("{} {} MB", p["architecture"].as_str().unwrap(), grouped(p["memory_mb"].as_u64().unwrap())))
        .collect();
    picked.sort();
    picked.dedup();
    let mut coloured: Vec<String> = always
        .lines()
        .filter(|l| l.contains('\x1b'))
        .map(|l| l.trim_start().trim_start_matches("\x1b[1m").split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .collect();
    coloured.sort();
    assert!(!picked.is_empty());
    assert_eq!(coloured, picked, "{always}");
    for line in always.lines().filter(|l| l.contains('\x1b')) {
        assert!(line.starts_with(" \x1b[1m") && line.contains("\x1b[0m  \x1b[1;32m◀ "), "{line}");
    }
    // always wins over NO_COLOR, as ripgrep's does; never, NO_COLOR and a pipe give none.
    assert!(render(&[("NO_COLOR", "1")], &["--color", "always"]).contains('\x1b'));
    for (env, args) in [(&[][..], &["--color", "never"][..]), (&[("NO_COLOR", "1")], &[]), (&[], &[])] {
        assert!(!render(env, args).contains('\x1b'), "{env:?} {args:?}");
    }
}

#[test]
fn the_power_tuning_links_stay_out_and_quiet_keeps_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let text = run("scenarios/api.toml", dir.path(), &[("COLUMNS", "80")], &["--memory", "256,1024"]);
    assert!(!text.contains("lambda-power-tuning.show"), "{text}");
    assert!(text.contains(" Power Tuning view: the links are in index.html and summary.md\n"), "{text}");
    assert!(std::fs::read_to_string(dir.path().join("summary.md")).unwrap().contains("lambda-power-tuning.show"));
    // --quiet (run() passes it) silences standard error only: the CSV asked for is printed.
    let out = costsim()
        .args(["run", "scenarios/api.toml", "--memory", "256", "--replications", "1", "--horizon-hours", "1"])
        .args(["--quiet", "--format", "csv", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("architecture,memory_mb,"));
}

#[test]
fn the_bill_drops_the_unit_price_and_wraps_names_at_80_columns() {
    let one = ["price", "--requests", "30M", "--duration-ms", "250", "--memory-mb", "1024", "--arch", "arm64"];
    let sheet = ["price", "--input", "scenarios/functions.csv", "--format", "table"];
    for args in [&one[..], &sheet[..]] {
        let full = stdout(costsim().args(args));
        assert!(full.starts_with(" Name ") && full.contains("Unit Price"), "{full}");
        let narrow = stdout(costsim().args(args).env("COLUMNS", "80"));
        assert_fits(&narrow, 80, &args.join(" "));
        assert!(!narrow.contains("Unit Price  ") && narrow.contains(" left out to fit 80 columns: Unit Price\n"));
        // The same total, and every component still listed.
        let total = |t: &str| {
            t.lines().find(|l| l.starts_with(" OVERALL TOTAL")).unwrap().split_whitespace().last().unwrap().to_string()
        };
        assert_eq!(total(&narrow), total(&full));
        assert_eq!(narrow.matches("└─ ").count(), full.matches("└─ ").count());
    }
    // The single function's longest name, "Free tier (account): duration (us-east-1, arm64)" (48 characters), does
    // not fit the name column at 80 (80 - 1 - (11 + 2) - (11 + 2) - (12 + 2) = 39, 36 after the tree): it wraps
    // under the tree, the figures on its first line. "Free tier (account): duration" is 29 columns; with
    // " (us-east-1," it would be 41 > 36.
    let narrow = stdout(costsim().args(one).env("COLUMNS", "80"));
    assert!(narrow.contains("\n └─ Free tier (account): duration  "), "{narrow}");
    assert!(narrow.contains("-$5.33\n    (us-east-1, arm64)\n"), "{narrow}");
    // Not the last line of its section: the tree goes on beside the continuation.
    assert!(narrow.contains("-$0.20\n │  (us-east-1)\n"), "{narrow}");
}

#[test]
fn the_diff_wraps_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    run("scenarios/shop.toml", &a, &[], &[]);
    run("scenarios/shop.toml", &b, &[], &["--seed", "7"]);
    let full = stdout(costsim().arg("diff").arg(&a).arg(&b));
    assert!(full.lines().any(|l| l.chars().count() > 80), "{full}");
    let narrow = stdout(costsim().arg("diff").arg(&a).arg(&b).env("COLUMNS", "80"));
    // The paths of the two reports are the only lines that cannot wrap.
    let wrapped: Vec<&str> = narrow.lines().filter(|l| !l.starts_with(" base ") && !l.starts_with(" head ")).collect();
    assert_fits(&wrapped.join("\n"), 80, "diff");
    // Wrapping moved words between lines (a " · " between two items becomes the line break), nothing else.
    let words = |t: &str| t.split_whitespace().filter(|w| *w != "·").map(String::from).collect::<Vec<_>>();
    assert_eq!(words(&narrow), words(&full));
}

/// `1769` → `1,769`, as the table writes memory.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
