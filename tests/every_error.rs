//! Every problem of a file is reported at once, not only the first (issue 14, item 6): unknown keys and values of
//! the wrong type in every table, the range checks of every part of a scenario, every function of an application
//! and the unknown keys of a catalog; each problem at its own `path:line:column`, with its source line.

use assert_cmd::Command;
use costsim::pricing::Catalog;
use costsim::scenario::{Application, LoadOptions, Scenario, ScenarioError};

fn catalog() -> Catalog {
    Catalog::built_in()
}

/// `path:line:column` of each problem, in the order reported.
fn places(e: &ScenarioError) -> Vec<String> {
    e.problems()
        .iter()
        .map(|p| match p {
            ScenarioError::Invalid { location, .. } => format!("{}:{}", location.line, location.column),
            other => format!("not located: {other}"),
        })
        .collect()
}

/// A scenario with two misspelt keys in two tables and a value of the wrong type in a third.
const KEYS: &str = "[scenario]
name = \"x\"
nmae = 3

[function]
runtime = \"python3.12\"
io_ms = 5
cpu_ms = 10
timout_s = 3

[traffic]
monthly_requests = 1000

[sweep]
architectures = \"arm64\"
";

#[test]
fn every_unknown_key_and_wrong_type_is_reported_in_file_order() {
    let e = Scenario::parse("keys.toml", KEYS, &catalog()).unwrap_err();
    // `nmae` at line 3, `timout_s` at line 9, and line 15's value: `architectures = ` is 16 characters, so the
    // string starts at column 17.
    assert_eq!(places(&e), ["3:1", "9:1", "15:17"], "{e}");
    let text = e.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("keys.toml:3:1: unknown key 'nmae' (did you mean 'name'?)"), "{text}");
    assert!(lines[1].starts_with("keys.toml:9:1: unknown key 'timout_s' (did you mean 'timeout_s'?)"), "{text}");
    assert!(lines[2].starts_with("keys.toml:15:17: invalid type"), "{text}");
}

/// A scenario whose keys are all known, with four values out of range in four independent parts.
const VALUES: &str = "[scenario]
name = \"x\"
replications = 0

[function]
runtime = \"python3.99\"
io_ms = -5
cpu_ms = 10

[traffic]
monthly_requests = 1000

[sweep]
memory_mb = [128, 99999]
";

#[test]
fn every_value_out_of_range_is_reported_not_only_the_first() {
    let e = Scenario::parse("values.toml", VALUES, &catalog()).unwrap_err();
    // Columns: `replications = ` is 15 characters (value at 16), `runtime = ` 10 (11), `io_ms = ` 8 (9),
    // `memory_mb = ` 12 (13). Sorted by line, as an editor lists them, whatever order the checks ran in.
    assert_eq!(places(&e), ["3:16", "6:11", "7:9", "14:13"], "{e}");
    let text = e.to_string();
    assert!(text.contains("replications must be between 1 and 100 (got 0)"), "{text}");
    assert!(text.contains("unknown runtime 'python3.99'"), "{text}");
    assert!(text.contains("io_ms must be between 0 and 900000 ms (got -5)"), "{text}");
    assert!(text.contains("memory_mb sizes must be between 128 and 10240 MB (got 99999)"), "{text}");
}

#[test]
fn every_bad_value_of_one_table_is_reported() {
    // Three values of [function] out of range: io_ms (line 7, value at column 9), cpu_ms (line 8, `cpu_ms = ` is
    // 9 characters: column 10) and cv (line 9, column 6).
    let text = VALUES
        .replace("replications = 0", "replications = 1")
        .replace("python3.99", "python3.12")
        .replace("99999", "1024")
        .replace("cpu_ms = 10", "cpu_ms = -1\ncv = 9");
    let e = Scenario::parse("function.toml", &text, &catalog()).unwrap_err();
    assert_eq!(places(&e), ["7:9", "8:10", "9:6"], "{e}");
}

#[test]
fn every_bad_platform_setting_is_reported() {
    let text = "[scenario]\nname = \"x\"\n[function]\nruntime = \"python3.12\"\nio_ms = 5\ncpu_ms = 5\n[traffic]\n\
                monthly_requests = 1000\n[platform]\nkeep_alive_s = -1\nrouting = \"lru\"\nconcurrency_limit = 0\n";
    let e = Scenario::parse("platform.toml", text, &catalog()).unwrap_err();
    // Lines 10–12; the values after `keep_alive_s = ` (15 characters), `routing = ` (10), `concurrency_limit = ` (20).
    assert_eq!(places(&e), ["10:16", "11:11", "12:21"], "{e}");
}

#[test]
fn a_good_scenario_still_loads_and_one_problem_is_one_error() {
    let good = VALUES.replace("replications = 0", "replications = 1").replace("python3.99", "python3.12");
    let good = good.replace("io_ms = -5", "io_ms = 5").replace("99999", "1024");
    Scenario::parse("good.toml", &good, &catalog()).unwrap();
    let one = good.replace("io_ms = 5", "io_ms = -5");
    let e = Scenario::parse("one.toml", &one, &catalog()).unwrap_err();
    assert!(matches!(e, ScenarioError::Invalid { .. }), "one problem is not wrapped: {e:?}");
}

#[test]
fn every_function_of_an_application_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let entry = |name: &str, io: &str, memory: u32| {
        format!(
            "[[functions]]\n[functions.scenario]\nname = \"{name}\"\n[functions.function]\nruntime = \"python3.12\"\n\
             io_ms = {io}\ncpu_ms = 10\n[functions.traffic]\nmonthly_requests = 1000\n[functions.current]\n\
             memory_mb = {memory}\narchitecture = \"x86_64\"\n"
        )
    };
    // Entries of 12 lines each after `[application]`, its name and a blank line: the first entry starts on line 4,
    // so its 6th line, `io_ms`, is line 4 + 6 − 1 = 9; the third starts on line 4 + 2 × 12 = 28, and its 11th line,
    // `memory_mb`, is line 28 + 11 − 1 = 38. The second entry is good.
    let text = format!(
        "[application]\nname = \"shop\"\n\n{}{}{}",
        entry("a", "-1", 512),
        entry("b", "5", 512),
        entry("c", "5", 99)
    );
    let path = dir.path().join("app.toml");
    std::fs::write(&path, &text).unwrap();
    let e = Application::load_with(&path, &catalog(), &LoadOptions::default()).unwrap_err();
    let lines: Vec<String> = places(&e).into_iter().map(|p| p.split(':').next().unwrap().to_string()).collect();
    assert_eq!(lines, ["9", "38"], "{e}");
}

#[test]
fn every_unknown_key_of_a_catalog_is_reported() {
    let text = std::fs::read_to_string("pricing/aws-lambda.toml").unwrap();
    // Two keys misspelt, on the first two lines that set `currency` and `version`-like keys at the top level.
    let first = text.lines().position(|l| l.starts_with("currency")).expect("the catalog names its currency");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines.insert(first + 1, "curency = \"USD\"".into());
    lines.insert(first + 2, "spare = 1".into());
    let e = Catalog::parse("cat.toml", &lines.join("\n")).unwrap_err().to_string();
    let reported: Vec<&str> = e.lines().collect();
    assert_eq!(reported.len(), 2, "{e}");
    // 1-based: the inserted lines are at first + 2 and first + 3.
    assert!(reported[0].starts_with(&format!("cat.toml:{}:1: unknown field `curency`", first + 2)), "{e}");
    assert!(reported[1].starts_with(&format!("cat.toml:{}:1: unknown field `spare`", first + 3)), "{e}");
}

#[test]
fn the_command_prints_each_problem_with_its_source_line_and_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("values.toml");
    std::fs::write(&path, VALUES).unwrap();
    let out = Command::cargo_bin("costsim").unwrap().arg("run").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    for (place, source) in
        [("3:16", "3 | replications = 0"), ("6:11", "6 | runtime = \"python3.99\""), ("7:9", "7 | io_ms = -5")]
    {
        assert!(stderr.contains(&format!("error: {}:{place}: ", path.display())), "{stderr}");
        assert!(stderr.contains(source), "{stderr}");
    }
    assert!(stderr.contains("14 | memory_mb = [128, 99999]"), "{stderr}");
    assert!(stderr.trim_end().ends_with("error: 4 problems, nothing was run"), "{stderr}");
    // Into a pipe, no colour unless asked for; --color always colours the snippets, as it does the tables.
    assert!(!stderr.contains('\x1b'), "{stderr}");
    let out = Command::cargo_bin("costsim").unwrap().args(["--color", "always", "run"]).arg(&path).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains('\x1b'));
}
