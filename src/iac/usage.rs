//! What infrastructure code does not hold, kept from an earlier application file (`costsim import --usage FILE`),
//! as infracost keeps usage apart from the code: once the placeholders of an imported file are filled, the next
//! import (on another branch, in CI) takes the traffic and the work from it and the settings from the code.

use std::collections::BTreeMap;
use std::path::Path;

use toml::{Table, Value};

use crate::diagnostic::Location;
use crate::pricing::Catalog;
use crate::scenario::{Application, LoadOptions, ScenarioError};

/// `[function]` keys that describe the code's work, not its configuration.
const WORK_KEYS: [&str; 9] = [
    "io_ms",
    "cpu_ms",
    "threads",
    "cv",
    "arm64_cpu_speed",
    "required_memory_mb",
    "init_p50_ms",
    "init_p90_ms",
    "error_ratio",
];
/// `[trigger]` keys that describe the workload (the per-message work, fan-out), not the mapping.
const TRIGGER_KEYS: [&str; 3] = ["per_message_io_ms", "per_message_cpu_ms", "per_firing"];

/// One function's usage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FunctionUsage {
    /// `[traffic]`, whole.
    pub traffic: Option<Table>,
    /// The work keys of `[function]`.
    pub work: Table,
    /// `[function] runtime`: used where the code's runtime is one costsim has no INIT measurements of.
    pub runtime: Option<String>,
    /// The workload keys of `[trigger]`.
    pub trigger: Table,
    /// The [`PLATFORM_KEYS`] of `[platform]`.
    pub platform: Table,
    /// `[sweep]`, whole: the review's choice, not the code's.
    pub sweep: Option<Table>,
    /// `[recommend]`, whole.
    pub recommend: Option<Table>,
    /// The placeholders the earlier file still listed (values never filled).
    pub placeholders: Vec<String>,
}

/// `[platform]` keys that model the platform as measured (keep-alive, routing), not the function's configuration.
const PLATFORM_KEYS: [&str; 3] = ["keep_alive_s", "routing", "scaling_rate"];
/// `[application]` keys the account sets and the code does not hold (the quota, the review's pick and run length).
const ACCOUNT_KEYS: [&str; 7] =
    ["concurrency_limit", "pick", "seed", "horizon_hours", "replications", "free_tier", "coupling_threshold"];

/// An earlier application file's usage: the account's keys and each function's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Usage {
    /// The [`ACCOUNT_KEYS`] its `[application]` sets.
    pub account: Table,
    /// By function name.
    pub functions: BTreeMap<String, FunctionUsage>,
    /// The folders of the traces the functions replay (absolute): `costsim run` reads files outside the
    /// application's folder only with `--allow-path`, so the import names them.
    pub trace_dirs: Vec<std::path::PathBuf>,
}

/// The usage of every function of the application file at `path` (inline, or a scenario file by `path`).
///
/// The file is loaded as `costsim run` loads it first, so a bad value is reported where it is written, with its
/// line and column, rather than in the imported file that would repeat it.
///
/// # Errors
/// The [`ScenarioError`] of a file that is not a valid application file.
pub fn read(path: &Path, text: &str, catalog: &Catalog) -> Result<Usage, ScenarioError> {
    Application::parse_with(path, text, catalog, &LoadOptions::default())?;
    // The file just loaded, so the TOML parses, every entry names a function, and the files it names exist.
    let doc = parse(path, text)?;
    let mut usage = Usage::default();
    if let Some(app) = doc.get("application").and_then(Value::as_table) {
        usage.account = app
            .iter()
            .filter(|(k, _)| ACCOUNT_KEYS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
    }
    for entry in doc.get("functions").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_table) {
        let placeholders: Vec<String> = entry
            .get("placeholders")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        let here = path.parent().unwrap_or(Path::new(""));
        let (tables, base) = match entry.get("path").and_then(Value::as_str) {
            Some(p) => {
                let file = here.join(p);
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| ScenarioError::Io { path: file.display().to_string(), message: e.to_string() })?;
                let base = file.parent().unwrap_or(Path::new("")).to_path_buf();
                (parse(&file, &text)?, base)
            }
            None => (entry.clone(), here.to_path_buf()),
        };
        if let Some((name, mut u)) = function(&tables, placeholders) {
            if let Some(dir) = u.traffic.as_mut().and_then(|t| anchor_trace(t, &base)) {
                if !usage.trace_dirs.contains(&dir) {
                    usage.trace_dirs.push(dir);
                }
            }
            usage.functions.insert(name, u);
        }
    }
    Ok(usage)
}

/// A trace's `path` is relative to the file that names it; the imported file is written elsewhere, so it gets
/// the absolute path of the same file. Returns the trace's folder.
fn anchor_trace(traffic: &mut Table, base: &Path) -> Option<std::path::PathBuf> {
    let Some(Value::Table(trace)) = traffic.get_mut("trace") else { return None };
    let Some(Value::String(p)) = trace.get_mut("path") else { return None };
    let joined = base.join(p.as_str());
    let absolute = std::path::absolute(&joined).unwrap_or(joined);
    *p = absolute.display().to_string();
    absolute.parent().map(Path::to_path_buf)
}

/// The TOML of a file that has loaded (so this does not fail but for a file changed in between).
fn parse(path: &Path, text: &str) -> Result<Table, ScenarioError> {
    text.parse().map_err(|e: toml::de::Error| ScenarioError::Invalid {
        location: Location::at_line(&path.display().to_string(), 1, 1),
        message: format!("not valid TOML: {}", e.message()),
    })
}

/// One function's name and usage from its tables (`scenario`, `function`, `traffic`, …).
fn function(tables: &Table, placeholders: Vec<String>) -> Option<(String, FunctionUsage)> {
    let table = |key: &str| tables.get(key).and_then(Value::as_table);
    let name = table("scenario")?.get("name")?.as_str()?.trim().to_string();
    let pick = |t: Option<&Table>, keys: &[&str]| -> Table {
        t.map(|t| t.iter().filter(|(k, _)| keys.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    };
    let u = FunctionUsage {
        traffic: table("traffic").cloned(),
        work: pick(table("function"), &WORK_KEYS),
        runtime: table("function").and_then(|t| t.get("runtime")).and_then(Value::as_str).map(str::to_string),
        trigger: pick(table("trigger"), &TRIGGER_KEYS),
        platform: pick(table("platform"), &PLATFORM_KEYS),
        sweep: table("sweep").cloned(),
        recommend: table("recommend").cloned(),
        placeholders,
    };
    Some((name, u))
}
