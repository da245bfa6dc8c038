//! Scale-out (issue 12): `costsim run --shard K/N` in N separate processes, then `costsim merge`, writes the
//! very bytes of a one-machine `costsim run`, for a scenario and for an application; every merge refusal names
//! its files; `--partial` marks the report; the shard index comes from the batch engines' variables; the split
//! covers every unit exactly once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output, Stdio};

use assert_cmd::cargo::CommandCargoExt;
use assert_cmd::Command;
use proptest::prelude::*;

/// A small sweep of the API scenario: 3 sizes × 2 architectures = 6 units (today's 1,024 MB x86_64 is one of
/// them), 2 replications of 2 hours each.
const SCENARIO: &str = "scenarios/api.toml";
const SCENARIO_FLAGS: [&str; 8] =
    ["--memory", "256,1024,1769", "--replications", "2", "--horizon-hours", "2", "--date", "2026-01-15"];
/// Units of [`SCENARIO`] with [`SCENARIO_FLAGS`].
const SCENARIO_UNITS: usize = 6;

/// Two functions of one hour and one replication: `front` sweeps 2 arm64 sizes plus today's x86_64 512 MB, `back`
/// 2 x86_64 sizes with today's among them: 5 units.
const APP: &str = "tests/data/apps/tiny.toml";

/// The variables a batch engine sets, cleared from every child so that the test machine's own cannot leak in.
const INDEX_VARIABLES: [&str; 3] = ["JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX", "SLURM_ARRAY_TASK_ID"];

fn costsim() -> Process {
    let mut c = Process::cargo_bin("costsim").unwrap();
    for v in INDEX_VARIABLES {
        c.env_remove(v);
    }
    c
}

fn checked(o: Output) -> Output {
    assert!(o.status.success(), "exit {:?}\n{}", o.status.code(), String::from_utf8_lossy(&o.stderr));
    o
}

fn run_whole(input: &str, flags: &[&str], out: &Path) {
    checked(costsim().arg("run").arg(input).args(flags).arg("--out").arg(out).arg("-q").output().unwrap());
}

/// Runs the N shards as N processes at once, each writing `dir/part-K.json`.
fn run_shards(input: &str, flags: &[&str], n: u32, dir: &Path) -> Vec<PathBuf> {
    let children: Vec<(PathBuf, std::process::Child)> = (0..n)
        .map(|k| {
            let file = dir.join(format!("part-{k}.json"));
            let child = costsim()
                .arg("run")
                .arg(input)
                .args(flags)
                .args(["--jobs", "1", "-q", "--shard", &format!("{k}/{n}"), "--out"])
                .arg(&file)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            (file, child)
        })
        .collect();
    children
        .into_iter()
        .map(|(file, child)| {
            checked(child.wait_with_output().unwrap());
            file
        })
        .collect()
}

fn merge(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    costsim().arg("merge").args(inputs).arg("--out").arg(out).args(extra).arg("-q").output().unwrap()
}

/// Every file under `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, at: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(at).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(p.strip_prefix(root).unwrap().to_path_buf(), std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn assert_same_tree(single: &Path, merged: &Path, what: &str) {
    let (a, b) = (tree(single), tree(merged));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{what}: not the same files");
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{what}: {} differs", path.display());
    }
}

fn shard_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The property itself: for each N, N processes and a merge give the one-machine folder, byte for byte.
fn merged_equals_single(input: &str, flags: &[&str], units: Option<usize>) {
    let dir = tempfile::tempdir().unwrap();
    let single = dir.path().join("single");
    run_whole(input, flags, &single);
    for n in [1, 2, 3, 7] {
        let parts = dir.path().join(format!("parts-{n}"));
        let files = run_shards(input, flags, n, &parts);
        let held: usize = files.iter().map(|f| shard_json(f)["units"].as_array().unwrap().len()).sum();
        if let Some(units) = units {
            assert_eq!(held, units, "N = {n}: the shards hold every unit once");
        }
        let merged = dir.path().join(format!("merged-{n}"));
        // A folder of shards, as an array job leaves it.
        checked(merge(&[&parts], &merged, &[]));
        assert_same_tree(&single, &merged, &format!("{input}, N = {n}"));
    }
}

#[test]
fn a_scenario_merged_from_1_2_3_and_7_shards_is_the_single_run_byte_for_byte() {
    merged_equals_single(SCENARIO, &SCENARIO_FLAGS, Some(SCENARIO_UNITS));
}

#[test]
fn an_application_merged_from_1_2_3_and_7_shards_is_the_single_run_byte_for_byte() {
    // 7 shards of 5 units: two shards hold none, and their files still count.
    merged_equals_single(APP, &[], Some(5));
}

#[test]
fn the_shop_application_with_coupled_functions_merges_to_the_single_run() {
    // Seven functions of the four patterns, some coupled through the account's pool (scenarios/shop.toml); a
    // short horizon keeps it small (3 h: the nightly report's 02:00 schedule fires in it).
    let flags = ["--horizon-hours", "3", "--replications", "1", "--memory", "512,1024"];
    let dir = tempfile::tempdir().unwrap();
    let single = dir.path().join("single");
    run_whole("scenarios/shop.toml", &flags, &single);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(single.join("report.json")).unwrap()).unwrap();
    let coupled = report["fleet"]["coupling"][0]["coupled"].as_array().unwrap();
    assert!(coupled.len() >= 2, "the photo bursts couple functions through the pool: {coupled:?}");
    let files = run_shards("scenarios/shop.toml", &flags, 3, &dir.path().join("parts"));
    let merged = dir.path().join("merged");
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    checked(merge(&refs, &merged, &[]));
    assert_same_tree(&single, &merged, "shop, N = 3");
}

#[test]
fn shard_files_describe_themselves() {
    let dir = tempfile::tempdir().unwrap();
    let files = run_shards(SCENARIO, &SCENARIO_FLAGS, 2, dir.path());
    let j = shard_json(&files[1]);
    let h = &j["header"];
    assert_eq!(h["format"], "costsim.shard");
    assert_eq!(h["format_version"], 1);
    assert_eq!(h["costsim_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(h["input"]["kind"], "scenario");
    assert_eq!(h["input"]["path"], SCENARIO);
    // SHA-256 in hex: 64 characters.
    assert_eq!(h["input"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(h["catalog"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(h["seed"], 42, "api.toml's own seed");
    assert_eq!(h["date"], "2026-01-15");
    assert_eq!((h["shard"].as_u64(), h["shards"].as_u64()), (Some(1), Some(2)));
    assert_eq!(h["total_units"], SCENARIO_UNITS);
    // Every unit of the scenario has the same expected work, so LPT deals them round the shards: 3 each.
    assert_eq!(j["units"].as_array().unwrap().len(), 3);
    // 20M requests a month over 730 h is 7.6103… requests/s: × 2 h × 3,600 s × 2 replications = 109,589.04…,
    // rounded 109,589, plus one for the unit itself.
    assert_eq!(j["units"][0]["weight"], 109_590);
    // Written unit by unit as computed, the file is still the one document ShardFile::to_json writes.
    let bytes = std::fs::read(&files[1]).unwrap();
    let parsed = costsim::shard::ShardFile::parse("part-1.json", &bytes).unwrap();
    assert!(parsed.to_json().unwrap() == bytes, "a streamed shard file is to_json's bytes");
}

#[test]
fn a_timeline_the_merge_does_not_keep_is_still_checked() {
    // The merge keeps only the recommended points' timelines, and skips the others' values: their types are checked
    // all the same, as the whole file was read before.
    let dir = tempfile::tempdir().unwrap();
    let files = run_shards(SCENARIO, &SCENARIO_FLAGS, 2, &dir.path().join("p"));
    for k in 0..3 {
        let mut j = shard_json(&files[1]);
        j["units"][k]["timeline"]["buckets"][0][0] = "busy".into();
        let edited = dir.path().join("edited.json");
        std::fs::write(&edited, serde_json::to_vec(&j).unwrap()).unwrap();
        let o = merge(&[&files[0], &edited], &dir.path().join("m"), &[]);
        assert_eq!(o.status.code(), Some(1), "unit {k}");
        let e = stderr(&o);
        assert!(e.contains("edited.json:1:") && e.contains("not a shard file"), "unit {k}: {e}");
        assert!(!dir.path().join("m").exists(), "nothing written");
    }
}

#[test]
fn shards_of_different_inputs_are_refused_naming_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/data/apps/tiny.toml").unwrap();
    let app = dir.path().join("app.toml");
    std::fs::write(&app, &text).unwrap();
    let app = app.to_str().unwrap();
    let a = run_shards(app, &[], 2, &dir.path().join("a"));
    // The same file, edited between the shards: another input.
    std::fs::write(dir.path().join("app.toml"), text.replace("seed = 7", "seed = 8")).unwrap();
    let b = run_shards(app, &[], 2, &dir.path().join("b"));
    let o = merge(&[&a[0], &b[1]], &dir.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("a/part-0.json") && e.contains("b/part-1.json") && e.contains("contents"), "{e}");
    // The input as it is now is not what shard a computed, even alone.
    let o = merge(&[&a[0], &a[1]], &dir.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("changed since"), "{}", stderr(&o));

    // Another file altogether.
    let c = run_shards(SCENARIO, &SCENARIO_FLAGS, 2, &dir.path().join("c"));
    let o = merge(&[&b[0], &c[1]], &dir.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("their inputs differ") && e.contains("c/part-1.json"), "{e}");
}

#[test]
fn shards_of_different_seeds_or_shard_counts_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let seeded = |seed: &str, n: u32, at: &str| {
        let mut flags = SCENARIO_FLAGS.to_vec();
        flags.extend(["--seed", seed]);
        run_shards(SCENARIO, &flags, n, &dir.path().join(at))
    };
    let (s1, s2) = (seeded("1", 2, "s1"), seeded("2", 2, "s2"));
    let o = merge(&[&s1[0], &s2[1]], &dir.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("their seeds differ (1 and 2)") && e.contains("s1/part-0.json"), "{e}");

    let three = seeded("1", 3, "three");
    let o = merge(&[&s1[0], &three[1], &three[2]], &dir.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("numbers of shards") && e.contains("N=2") && e.contains("N=3"), "{e}");
    assert!(!dir.path().join("m").exists(), "nothing written on a refusal");
}

#[test]
fn shards_of_different_catalogs_or_costsim_versions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // A copy of the shipped catalog, edited between the shards (a comment: the prices are the same, the text is
    // not, and the shard cannot know the difference is harmless).
    let catalog = dir.path().join("prices.toml");
    let text = std::fs::read_to_string("pricing/aws-lambda.toml").unwrap();
    std::fs::write(&catalog, &text).unwrap();
    let mut flags = SCENARIO_FLAGS.to_vec();
    flags.extend(["--pricing", catalog.to_str().unwrap()]);
    let a = run_shards(SCENARIO, &flags, 2, &dir.path().join("a"));
    std::fs::write(&catalog, format!("# edited\n{text}")).unwrap();
    let b = run_shards(SCENARIO, &flags, 2, &dir.path().join("b"));
    let o = merge(&[&a[0], &b[1]], &dir.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("their pricing catalogs differ") && e.contains("a/part-0.json"), "{e}");
    // Both shards of b, but the catalog edited again since: refused, as the prices may have changed.
    std::fs::write(&catalog, &text).unwrap();
    let o = merge(&[&b[0], &b[1]], &dir.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("changed since the shards ran"), "{}", stderr(&o));

    // A shard of another costsim (its header edited: this build is the only one at hand).
    let c = run_shards(SCENARIO, &SCENARIO_FLAGS, 2, &dir.path().join("c"));
    let mut j = shard_json(&c[1]);
    j["header"]["costsim_version"] = "0.0.1".into();
    std::fs::write(&c[1], serde_json::to_vec(&j).unwrap()).unwrap();
    let o = merge(&[&c[0], &c[1]], &dir.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("their costsim versions differ") && e.contains("0.0.1"), "{e}");
}

#[test]
fn a_unit_whose_point_costsim_would_never_write_is_refused() {
    // An edited shard: a negative monthly cost and a memory size Lambda does not have. The merge refuses it with the
    // checks a report.json read back goes through, naming the file, the value and the unit.
    let dir = tempfile::tempdir().unwrap();
    let files = run_shards(SCENARIO, &SCENARIO_FLAGS, 2, &dir.path().join("p"));
    for (field, value, message) in [
        ("monthly_cost", serde_json::json!(-5.0), "monthly_cost"),
        ("memory_mb", serde_json::json!(64), "memory must be a Lambda memory size, 128–10240 MB (got 64)"),
    ] {
        let mut j = shard_json(&files[1]);
        j["units"][0]["point"][field] = value;
        let edited = dir.path().join("edited.json");
        std::fs::write(&edited, serde_json::to_vec(&j).unwrap()).unwrap();
        let o = merge(&[&files[0], &edited], &dir.path().join("m"), &[]);
        assert_eq!(o.status.code(), Some(1));
        let e = stderr(&o);
        assert!(
            e.contains("edited.json' at /units/0/point/") && e.contains(message) && e.contains("was the file edited?"),
            "{e}"
        );
        assert!(!dir.path().join("m").exists(), "nothing written");
    }
}

#[test]
fn a_unit_given_twice_is_refused_naming_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = run_shards(SCENARIO, &SCENARIO_FLAGS, 2, &dir.path().join("p"));
    let copy = dir.path().join("copy-of-0.json");
    std::fs::copy(&files[0], &copy).unwrap();
    let o = merge(&[&files[0], &files[1], &copy], &dir.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("is in both") && e.contains("p/part-0.json") && e.contains("copy-of-0.json"), "{e}");
}

#[test]
fn missing_units_are_listed_with_the_shard_that_should_have_produced_them() {
    let dir = tempfile::tempdir().unwrap();
    let files = run_shards(SCENARIO, &SCENARIO_FLAGS, 3, &dir.path().join("p"));
    let lost: Vec<String> = shard_json(&files[1])["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(lost.len(), 2, "6 equal units over 3 shards");
    let o = merge(&[&files[0], &files[2]], &dir.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("2 of 6 units missing"), "{e}");
    for id in &lost {
        assert!(e.contains(&format!("{id} (shard 1)")), "{id}: {e}");
    }
    assert!(e.contains("no file of shard(s) 1 of N=3"), "{e}");
    assert!(!dir.path().join("m").exists());
}

#[test]
fn partial_merges_what_there_is_and_says_the_report_is_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let files = run_shards(SCENARIO, &SCENARIO_FLAGS, 3, &dir.path().join("p"));
    let out = dir.path().join("m");
    let o = merge(&[&files[0], &files[2]], &out, &["--partial"]);
    let o = checked(o);
    assert!(stderr(&o).contains("marked incomplete"), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["incomplete"]["missing_units"], 2);
    assert_eq!(report["incomplete"]["total_units"], SCENARIO_UNITS);
    assert_eq!(report["points"].as_array().unwrap().len(), SCENARIO_UNITS - 2);
    for file in ["summary.md", "index.html"] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(text.contains("Incomplete: merged without 2 of 6 work units"), "{file}: {text}");
    }

    // A complete merge says nothing of the kind.
    let whole = dir.path().join("whole");
    checked(merge(&[&files[0], &files[1], &files[2]], &whole, &[]));
    let report = std::fs::read_to_string(whole.join("report.json")).unwrap();
    assert!(!report.contains("incomplete"));
}

#[test]
fn an_application_partial_merge_marks_the_review_and_the_function() {
    let dir = tempfile::tempdir().unwrap();
    let files = run_shards(APP, &[], 5, &dir.path().join("p"));
    // Five units of equal weight within a function, one per shard. Find a shard holding a unit of a function
    // with another unit elsewhere: every function keeps at least one point.
    let unit_of = |f: &PathBuf| shard_json(f)["units"][0]["id"].as_str().unwrap().to_string();
    let lost = files.iter().position(|f| unit_of(f).starts_with("back/")).unwrap();
    let kept: Vec<&Path> = files.iter().enumerate().filter(|&(i, _)| i != lost).map(|(_, f)| f.as_path()).collect();
    let out = dir.path().join("m");
    checked(merge(&kept, &out, &["--partial"]));
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["incomplete"]["missing_units"], 1);
    assert_eq!(report["incomplete"]["total_units"], 5);
    let back: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("functions/back/report.json")).unwrap()).unwrap();
    assert_eq!(back["incomplete"]["missing_units"], 1);
    assert_eq!(back["incomplete"]["total_units"], 2);
    let front = std::fs::read_to_string(out.join("functions/front/report.json")).unwrap();
    assert!(!front.contains("\"incomplete\""), "front lost nothing");

    // Without any unit of back, even --partial refuses: a function's report needs a point.
    let fronts: Vec<&Path> = files.iter().filter(|f| unit_of(f).starts_with("front/")).map(PathBuf::as_path).collect();
    let o = merge(&fronts, &dir.path().join("none-of-back"), &["--partial"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--partial needs at least one setting of every function"), "{}", stderr(&o));
}

#[test]
fn the_shard_index_comes_from_the_array_job_variables() {
    let dir = tempfile::tempdir().unwrap();
    let explicit = dir.path().join("explicit.json");
    let run = |extra: &[&str], env: Option<(&str, &str)>, out: &Path| {
        let mut c = costsim();
        c.arg("run").arg(SCENARIO).args(SCENARIO_FLAGS).args(["-q", "--jobs", "1"]).args(extra).arg("--out").arg(out);
        if let Some((k, v)) = env {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    checked(run(&["--shard", "1/3"], None, &explicit));
    for var in INDEX_VARIABLES {
        let out = dir.path().join(format!("{var}.json"));
        checked(run(&["--shards", "3"], Some((var, "1")), &out));
        assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&explicit).unwrap(), "{var}=1 is shard 1/3");
    }
    // No variable set: say which are read.
    let o = run(&["--shards", "3"], None, &dir.path().join("none.json"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("JOB_COMPLETION_INDEX"), "{}", stderr(&o));
    let o = run(&["--shards", "3"], Some(("SLURM_ARRAY_TASK_ID", "3")), &dir.path().join("x.json"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("indices run from 0 to 2"), "{}", stderr(&o));
}

#[test]
fn invalid_shards_are_refused_with_exit_1_before_simulating() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.json");
    for (flags, says) in [
        (vec!["--shard", "3/3"], "out of range"),
        (vec!["--shard", "0/0"], "at least 1"),
        (vec!["--shard", "one/3"], "K/N"),
        (vec!["--shard", "1"], "K/N"),
        (vec!["--shards", "0"], "none is set"),
        (vec!["--shards", "x"], "--shards must be"),
    ] {
        let o = costsim().arg("run").arg(SCENARIO).args(&flags).arg("--out").arg(&out).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{flags:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{flags:?}: {}", stderr(&o));
    }
    let o = costsim().args(["run", SCENARIO, "--shard", "0/2"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("give --out FILE"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn a_shard_file_is_written_completely_or_not_at_all() {
    // The output test hook (src/output/hook.rs): step 1 writes the temporary file, step 2 renames it.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("part.json");
    for step in ["1", "2"] {
        let o = costsim()
            .args(["run", SCENARIO])
            .args(SCENARIO_FLAGS)
            .args(["-q", "--shard", "0/2", "--out"])
            .arg(&out)
            .env("COSTSIM_TEST_KILL_STEP", step)
            .output()
            .unwrap();
        assert!(!o.status.success(), "killed at step {step}");
        assert!(!out.exists(), "no part.json after a kill at step {step}");
    }
    let o = Command::cargo_bin("costsim")
        .unwrap()
        .args(["run", SCENARIO])
        .args(SCENARIO_FLAGS)
        .args(["-q", "--shard", "0/2", "--out"])
        .arg(&out)
        .env_remove("JOB_COMPLETION_INDEX")
        .output()
        .unwrap();
    checked(o);
    assert_eq!(shard_json(&out)["header"]["shard"], 0);
}

#[test]
fn a_file_that_is_not_a_shard_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("bogus.json");
    std::fs::write(&bogus, r#"{"header": {"format": "costsim.run", "format_version": 1}}"#).unwrap();
    let o = merge(&[&bogus], &dir.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is not a shard file"), "{}", stderr(&o));
    // Cut short: located at the end, as every parser's errors are (`file:line:col: …`).
    std::fs::write(&bogus, "{\n  \"header\": {\"format\": \"costsim.shard\"").unwrap();
    let o = merge(&[&bogus], &dir.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains(&format!("{}:2:", bogus.display())) && e.contains("not a shard file"), "{e}");
    std::fs::write(&bogus, r#"{"header": {"format": "costsim.shard", "format_version": 99}}"#).unwrap();
    let o = merge(&[&bogus], &dir.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("format version 99"), "{}", stderr(&o));
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = merge(&[&empty], &dir.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no shard file"), "{}", stderr(&o));
}

/// `costsim run APP --baseline-only --out FILE`, `-q`, with `flags`.
fn run_baseline(input: &str, flags: &[&str], out: &Path) -> Output {
    costsim().arg("run").arg(input).args(flags).args(["--baseline-only", "-q", "--out"]).arg(out).output().unwrap()
}

/// `flags` and `--baseline FILE`.
fn with_baseline<'a>(flags: &[&'a str], file: &'a Path) -> Vec<&'a str> {
    let mut out = flags.to_vec();
    out.extend(["--baseline", file.to_str().unwrap()]);
    out
}

/// Today's account computed once: for each N, the shards and the merge given the baseline file write the
/// one-machine folder, byte for byte; so does a merge that simulates today's account itself.
fn baseline_merged_equals_single(input: &str, flags: &[&str], counts: &[u32]) {
    let dir = tempfile::tempdir().unwrap();
    let single = dir.path().join("single");
    run_whole(input, flags, &single);
    let base = dir.path().join("base.json");
    checked(run_baseline(input, flags, &base));
    let shard_flags = with_baseline(flags, &base);
    let base_flag = ["--baseline", base.to_str().unwrap()];
    for &n in counts {
        let parts = dir.path().join(format!("parts-{n}"));
        run_shards(input, &shard_flags, n, &parts);
        let merged = dir.path().join(format!("merged-{n}"));
        checked(merge(&[&parts], &merged, &base_flag));
        assert_same_tree(&single, &merged, &format!("{input} with --baseline, N = {n}"));
        let again = dir.path().join(format!("merged-{n}-simulated"));
        checked(merge(&[&parts], &again, &[]));
        assert_same_tree(&single, &again, &format!("{input}, shards with --baseline, merge without, N = {n}"));
    }
}

#[test]
fn an_application_with_a_baseline_file_merges_to_the_single_run_for_1_2_and_3_shards() {
    baseline_merged_equals_single(APP, &[], &[1, 2, 3]);
}

#[test]
fn the_shop_application_with_a_baseline_file_merges_to_the_single_run() {
    // Coupled functions: their points are simulated against the neighbours' use of the pool read from the file.
    let flags = ["--horizon-hours", "3", "--replications", "1", "--memory", "512,1024"];
    baseline_merged_equals_single("scenarios/shop.toml", &flags, &[2]);
}

#[test]
fn a_baseline_file_describes_itself() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.json");
    checked(run_baseline(APP, &["--date", "2026-03-01"], &base));
    let h = &shard_json(&base)["header"];
    assert_eq!(h["format"], "costsim.baseline");
    assert_eq!(h["format_version"], 1);
    assert_eq!(h["costsim_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(h["input"]["kind"], "application");
    assert_eq!(h["input"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(h["catalog"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(h["options"]["date"], "2026-03-01");
    assert_eq!(h["date"], "2026-03-01");
    assert_eq!(h["seed"], 7);
}

/// A shard of [`APP`] with `flags` given the baseline `base`: refused with exit 1, the message naming the file
/// and containing `what`.
fn assert_refused(o: &Output, base: &Path, what: &str) {
    assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
    let e = stderr(o);
    assert!(e.contains(&format!("'{}'", base.display())) && e.contains(what), "{what}: {e}");
}

fn shard_with(input: &str, flags: &[&str], out: &Path) -> Output {
    costsim().arg("run").arg(input).args(flags).args(["-q", "--shard", "0/2", "--out"]).arg(out).output().unwrap()
}

#[test]
fn a_baseline_of_another_input_seed_option_catalog_or_costsim_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let part = dir.path().join("part.json");
    let cases: [(&str, &[&str], &str); 4] = [
        ("seed", &["--seed", "9"], "the seeds differ"),
        ("options", &["--horizon-hours", "1"], "the command-line options differ"),
        ("catalog", &["--pricing", "pricing"], "the pricing catalogs differ"),
        ("date", &["--date", "2026-02-01"], "the billing dates"),
    ];
    for (name, flags, what) in cases {
        let base = dir.path().join(format!("{name}.json"));
        checked(run_baseline(APP, flags, &base));
        assert_refused(&shard_with(APP, &with_baseline(&[], &base), &part), &base, what);
        assert!(!part.exists(), "{name}: no shard file");
    }
    // Another input: the shop's baseline for the tiny application.
    let shop = dir.path().join("shop.json");
    let shop_flags = ["--horizon-hours", "3", "--replications", "1", "--memory", "512"];
    checked(run_baseline("scenarios/shop.toml", &shop_flags, &shop));
    assert_refused(&shard_with(APP, &with_baseline(&[], &shop), &part), &shop, "the inputs' contents differ");
    // Another costsim (its header edited: this build is the only one at hand), refused by the merge too.
    let base = dir.path().join("base.json");
    checked(run_baseline(APP, &[], &base));
    let parts = dir.path().join("parts");
    run_shards(APP, &with_baseline(&[], &base), 2, &parts);
    let mut j = shard_json(&base);
    j["header"]["costsim_version"] = "0.0.1".into();
    std::fs::write(&base, serde_json::to_vec(&j).unwrap()).unwrap();
    assert_refused(&shard_with(APP, &with_baseline(&[], &base), &part), &base, "the costsim versions differ");
    let o = merge(&[&parts], &dir.path().join("m"), &["--baseline", base.to_str().unwrap()]);
    assert_refused(&o, &base, "the costsim versions differ");
    assert!(!dir.path().join("m").exists(), "no report folder");
}

#[test]
fn a_baseline_for_a_scenario_or_a_whole_run_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.json");
    checked(run_baseline(APP, &[], &base));
    let o = shard_with(SCENARIO, &with_baseline(&SCENARIO_FLAGS, &base), &dir.path().join("p.json"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is a scenario") && stderr(&o).contains("base.json"), "{}", stderr(&o));
    let o = run_baseline(SCENARIO, &SCENARIO_FLAGS, &dir.path().join("b.json"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is a scenario"), "{}", stderr(&o));
    assert!(!dir.path().join("b.json").exists());
    let parts = dir.path().join("parts");
    run_shards(SCENARIO, &SCENARIO_FLAGS, 1, &parts);
    let o = merge(&[&parts], &dir.path().join("m"), &["--baseline", base.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is a scenario"), "{}", stderr(&o));
    let o = costsim().args(["run", APP, "-q", "--baseline"]).arg(&base).arg("--out").arg(dir.path().join("r")).output();
    let o = o.unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--shard K/N"), "{}", stderr(&o));
    // An input that is not there is not called a scenario: the loader says it cannot be read.
    let missing = dir.path().join("missing.toml");
    let o = run_baseline(missing.to_str().unwrap(), &[], &dir.path().join("b.json"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot read") && !stderr(&o).contains("is a scenario"), "{}", stderr(&o));
}

#[test]
fn a_truncated_or_foreign_baseline_file_is_refused_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.json");
    checked(run_baseline(APP, &[], &base));
    let bytes = std::fs::read(&base).unwrap();
    let part = dir.path().join("part.json");
    // Cut short: located at the end, as every parser's errors are (`file:line:col: …`).
    std::fs::write(&base, &bytes[..bytes.len() / 2]).unwrap();
    let o = shard_with(APP, &with_baseline(&[], &base), &part);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains(&format!("{}:1:", base.display())) && e.contains("not a baseline file"), "{e}");
    std::fs::write(&base, r#"{"header": {"format": "costsim.shard", "format_version": 1}}"#).unwrap();
    let o = shard_with(APP, &with_baseline(&[], &base), &part);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is not a baseline file"), "{}", stderr(&o));
    // The header of this run, a body of another shape (one region's runs dropped).
    let mut j: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    j["baseline"]["runs"] = serde_json::json!([]);
    std::fs::write(&base, serde_json::to_vec(&j).unwrap()).unwrap();
    let o = shard_with(APP, &with_baseline(&[], &base), &part);
    assert_refused(&o, &base, "does not fit the application");
    assert!(!part.exists());
}

#[test]
fn a_baseline_file_is_written_completely_or_not_at_all() {
    // The output test hook (src/output/hook.rs): step 1 writes the temporary file, step 2 renames it.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("base.json");
    for step in ["1", "2"] {
        let o = costsim()
            .args(["run", APP, "--baseline-only", "-q", "--out"])
            .arg(&out)
            .env("COSTSIM_TEST_KILL_STEP", step)
            .output()
            .unwrap();
        assert!(!o.status.success(), "killed at step {step}");
        assert!(!out.exists(), "no base.json after a kill at step {step}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// LPT over any weights and any N: every unit goes to exactly one shard below N, and the loads end within
    /// one unit's weight of each other (each unit joins the least-loaded shard, so the gap never exceeds the
    /// heaviest unit).
    #[test]
    fn the_split_covers_every_unit_once_and_balances(
        weights in prop::collection::vec(1u64..1_000_000, 0..300),
        n in 1u32..64,
    ) {
        let shards = costsim::shard::assign::assign(&weights, n);
        prop_assert_eq!(shards.len(), weights.len());
        prop_assert!(shards.iter().all(|&k| k < n));
        let mut seen = vec![0u32; weights.len()];
        let mut loads = vec![0u64; n as usize];
        for k in 0..n {
            for (i, _) in shards.iter().enumerate().filter(|&(_, &s)| s == k) {
                seen[i] += 1;
                loads[k as usize] += weights[i];
            }
        }
        prop_assert!(seen.iter().all(|&c| c == 1));
        let gap = loads.iter().max().unwrap() - loads.iter().min().unwrap();
        prop_assert!(gap <= weights.iter().copied().max().unwrap_or(0), "gap {}", gap);
        // Deterministic: the same split again.
        prop_assert_eq!(costsim::shard::assign::assign(&weights, n), shards);
    }

    /// A real scenario's plan: the shards' unit lists partition the units.
    #[test]
    fn a_scenario_plan_partitions_its_units(n in 1u32..40) {
        let catalog = costsim::pricing::Catalog::built_in();
        let scenario = costsim::scenario::Scenario::load(Path::new("scenarios/api.toml"), &catalog).unwrap();
        let plan = costsim::shard::Plan::scenario(&scenario, n);
        let mut all: Vec<usize> = (0..n).flat_map(|k| plan.units_of(k)).collect();
        all.sort_unstable();
        // api.toml sweeps 9 sizes on 2 architectures; today's 1,024 MB x86_64 is one of them.
        prop_assert_eq!(all, (0..18).collect::<Vec<_>>());
    }
}
