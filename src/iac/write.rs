//! An [`Import`] written as an application file (`scenarios/README.md`, "Applications") that `costsim run`
//! accepts as it is.
//!
//! Today's settings come from the infrastructure code. What the code cannot say (the traffic, how a run's time
//! splits into I/O and CPU work, INIT times of a runtime costsim has no measurements of) is written as a value
//! that runs, marked `# PLACEHOLDER` with how to find the real one, and listed in the entry's `placeholders` key,
//! which the application loader carries into every report so that nobody mistakes the numbers for the function's.
//! Text is written by hand rather than serialised so that each function carries its comments.

use std::fmt::Write as _;
use std::str::FromStr;

use chrono::NaiveDate;

use super::usage::{FunctionUsage, Usage};
use super::{Front, Import, ImportedFunction, Package, Trigger};
use crate::workload::Runtime;

/// Placeholder monthly requests (messages for SQS) of an imported function.
pub const PLACEHOLDER_MONTHLY_REQUESTS: &str = "1M";
/// Placeholder I/O wait per invocation [ms].
pub const PLACEHOLDER_IO_MS: f64 = 50.0;
/// Placeholder CPU work per invocation at 1 vCPU [ms].
pub const PLACEHOLDER_CPU_MS: f64 = 50.0;
/// Placeholder INIT percentiles for a runtime costsim has no measurements of [ms].
pub const PLACEHOLDER_INIT_MS: (f64, f64) = (250.0, 500.0);

/// What the application file's `[application]` says beyond the import.
#[derive(Debug, Clone)]
pub struct AppHeader {
    /// The application's name (its report folder).
    pub name: String,
    /// Region when the code names none.
    pub region: String,
    /// Prices and billing rules of this date.
    pub date: NaiveDate,
    /// How the import was run, for the file's first comment: `costsim import infra/`.
    pub command: String,
}

/// One placeholder an imported function's entry carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// The function.
    pub function: String,
    /// The key, as the entry's `placeholders` lists it: `traffic.monthly_requests`.
    pub key: &'static str,
}

/// The application file of `import` and the placeholders it holds (in file order).
pub fn application(import: &Import, header: &AppHeader) -> (String, Vec<Placeholder>) {
    application_with(import, header, &Usage::default())
}

/// As [`application`], with the traffic and work of the functions `usage` knows taken from it instead of
/// placeholders.
pub fn application_with(import: &Import, header: &AppHeader, usage: &Usage) -> (String, Vec<Placeholder>) {
    let mut body = String::new();
    let mut placeholders = Vec::new();
    for f in &import.functions {
        body += "\n";
        function(&mut body, &mut placeholders, f, usage.functions.get(&f.name));
    }
    let mut out = String::new();
    let files: Vec<String> = import.files.iter().map(|p| p.display().to_string()).collect();
    let _ = writeln!(out, "# Written by `{}` ({}: {}).", header.command, import.format, files.join(", "));
    out += "# Today's settings come from the infrastructure code.";
    let from_usage = import.functions.iter().any(|f| usage.functions.contains_key(&f.name));
    if from_usage {
        out += " The traffic, work, sweep and objectives of the functions\n";
        out += "# the --usage file names come from it.";
    }
    if placeholders.is_empty() {
        out += "\n\n";
    } else {
        out += if from_usage {
            " Values neither says are marked PLACEHOLDER and\n"
        } else {
            " Values it cannot say are marked PLACEHOLDER and\n"
        };
        out += "# listed in each function's `placeholders`: replace them (a month's requests from the function's\n";
        out +=
            "# CloudWatch `Invocations` metric; io_ms and cpu_ms from `costsim calibrate` on its REPORT logs), then\n";
        out += "# delete the key. Until then every report says its numbers rest on placeholders.\n\n";
    }
    out += "[application]\n";
    let _ = writeln!(out, "name = {}", quote(&header.name));
    let _ = writeln!(out, "description = {}", quote(&format!("imported from {}", files.join(", "))));
    let _ = writeln!(out, "region = {}", quote(import.region.as_deref().unwrap_or(&header.region)));
    let _ = writeln!(out, "date = \"{}\"", header.date.format("%Y-%m-%d"));
    // AWS keeps 100 unreserved: code that reserves more than 900 runs in an account whose quota was raised.
    // Provisioned concurrency of a function without reserved concurrency comes out of the unreserved pool, so
    // the pool must hold the largest of it too.
    let reserved: u32 = import.functions.iter().filter_map(|f| f.reserved).fold(0u32, u32::saturating_add);
    let pooled_pc = import.functions.iter().filter(|f| f.reserved.is_none()).map(|f| f.provisioned).max().unwrap_or(0);
    let quota = reserved.saturating_add(pooled_pc.max(crate::scenario::application::MIN_UNRESERVED));
    if let Some(limit) = usage.account.get("concurrency_limit") {
        let _ = writeln!(out, "concurrency_limit = {limit}   # from the --usage file");
    } else if quota > crate::scenario::application::DEFAULT_ACCOUNT_CONCURRENCY {
        let _ = writeln!(
            out,
            "concurrency_limit = {quota}   # the code reserves {reserved} and provisions up to {pooled_pc} unreserved, and AWS keeps 100 unreserved: at least this; set your account's"
        );
    } else {
        out += "concurrency_limit = 1000   # AWS's default regional quota: set your account's\n";
    }
    if !usage.account.contains_key("pick") {
        out += "pick = \"balanced\"\n";
    }
    for (k, v) in usage.account.iter().filter(|(k, _)| *k != "concurrency_limit") {
        let _ = writeln!(out, "{k} = {v}");
    }
    out += &body;
    (out, placeholders)
}

fn function(
    out: &mut String,
    placeholders: &mut Vec<Placeholder>,
    f: &ImportedFunction,
    usage: Option<&FunctionUsage>,
) {
    let known = |table: &str, key: &str| {
        usage.is_some_and(|u| {
            let in_table = match table {
                "traffic" => u
                    .traffic
                    .as_ref()
                    .is_some_and(|t| t.contains_key(key) || key == "monthly_requests" && !t.is_empty()),
                _ => u.work.contains_key(key),
            };
            in_table && !u.placeholders.iter().any(|p| p == &format!("{table}.{key}"))
        })
    };
    let _ = writeln!(out, "# {} ({})", comment(&f.address), comment(&f.location.to_string()));
    for d in &f.defaults {
        let _ = writeln!(out, "# default: {}", comment(d));
    }
    if f.snap_start {
        *out += "# SnapStart is on: costsim simulates its cold starts as full INIT and does not bill SnapStart's cache and restores\n";
    }
    for t in &f.other_triggers {
        let _ = writeln!(
            out,
            "# also invoked by {}: not simulated (costsim simulates one trigger per function); add its traffic here or split the function",
            comment(&t.describe())
        );
    }
    let mut keys: Vec<&'static str> = Vec::new();
    let schedule = matches!(f.trigger, Trigger::Schedule(_));
    if !schedule && !known("traffic", "monthly_requests") {
        keys.push("traffic.monthly_requests");
    }
    for (k, key) in [("io_ms", "function.io_ms"), ("cpu_ms", "function.cpu_ms")] {
        if !known("function", k) {
            keys.push(key);
        }
    }
    let code_runtime = f.runtime.as_deref().and_then(|r| Runtime::from_str(r).ok());
    // A custom runtime (provided.al2023) or an image says nothing of its INIT time; the usage file's runtime
    // (the language the review settled on) stands in for it.
    let usage_runtime = usage.and_then(|u| u.runtime.as_deref()).and_then(|r| Runtime::from_str(r).ok());
    let runtime = code_runtime.or(usage_runtime);
    if runtime.is_none() {
        for (k, key) in [("init_p50_ms", "function.init_p50_ms"), ("init_p90_ms", "function.init_p90_ms")] {
            if !known("function", k) {
                keys.push(key);
            }
        }
    }
    placeholders.extend(keys.iter().map(|&key| Placeholder { function: f.name.clone(), key }));

    *out += "[[functions]]\n";
    if !keys.is_empty() {
        let list: Vec<String> = keys.iter().map(|k| quote(k)).collect();
        let _ = writeln!(out, "placeholders = [{}]", list.join(", "));
    }
    *out += "[functions.scenario]\n";
    let _ = writeln!(out, "name = {}", quote(&f.name));
    let _ = writeln!(out, "description = {}", quote(&format!("{} ({})", f.address, f.location)));
    *out += "[functions.function]\n";
    match (runtime, &f.runtime) {
        (Some(r), raw) if code_runtime.is_none() => {
            let what = raw.as_deref().map_or("an image".to_string(), |r| format!("runtime {}", comment(r)));
            let _ = writeln!(
                out,
                "runtime = {}          # from the usage file: the code's {what} has no INIT measurements",
                quote(r.as_str())
            );
        }
        (Some(r), _) => {
            let _ = writeln!(out, "runtime = {}", quote(r.as_str()));
        }
        (None, _) if known("function", "init_p50_ms") && known("function", "init_p90_ms") => {}
        (None, raw) => {
            let what = raw
                .as_deref()
                .map_or("no runtime (a container image)".to_string(), |r| format!("runtime {}", comment(r)));
            let _ = writeln!(
                out,
                "init_p50_ms = {:.1}          # PLACEHOLDER: {what} has no INIT measurements in costsim; take the p50 and p90 of `Init Duration` from its REPORT logs",
                PLACEHOLDER_INIT_MS.0
            );
            let _ = writeln!(out, "init_p90_ms = {:.1}          # PLACEHOLDER", PLACEHOLDER_INIT_MS.1);
        }
    }
    if f.package == Package::Image {
        *out += "package = \"image\"\n";
    }
    if let Some(u) = usage {
        for (k, v) in &u.work {
            if known("function", k) {
                let _ = writeln!(out, "{k} = {v}");
            }
        }
    }
    if !known("function", "io_ms") {
        let _ = writeln!(
            out,
            "io_ms = {PLACEHOLDER_IO_MS:.1}                # PLACEHOLDER: waiting on I/O per invocation; `costsim calibrate` fits it from REPORT logs"
        );
    }
    if !known("function", "cpu_ms") {
        let _ = writeln!(
            out,
            "cpu_ms = {PLACEHOLDER_CPU_MS:.1}               # PLACEHOLDER: CPU work at 1 vCPU (1,769 MB on x86_64)"
        );
    }
    let _ = writeln!(out, "timeout_s = {}", f.timeout_s);
    if f.ephemeral_mb != 512 {
        let _ = writeln!(out, "ephemeral_mb = {}", f.ephemeral_mb);
    }
    if let (false, Some(t)) =
        (schedule, usage.and_then(|u| u.traffic.as_ref()).filter(|_| known("traffic", "monthly_requests")))
    {
        *out += "[functions.traffic]\n";
        for (k, v) in t {
            let _ = writeln!(out, "{k} = {v}");
        }
    } else if !schedule {
        *out += "[functions.traffic]\n";
        let noun = if matches!(f.trigger, Trigger::Sqs(_)) { "messages sent to the queue" } else { "requests" };
        let _ = writeln!(
            out,
            "monthly_requests = \"{PLACEHOLDER_MONTHLY_REQUESTS}\"     # PLACEHOLDER: {noun} in a month (CloudWatch `Invocations`, summed over 30 days)"
        );
    }
    trigger(out, f, usage);
    *out += "[functions.current]\n";
    let _ = writeln!(out, "memory_mb = {}", f.memory_mb);
    let _ = writeln!(out, "architecture = {}", quote(f.architecture.as_str()));
    if f.provisioned > 0 {
        let _ = writeln!(out, "provisioned = {}", f.provisioned);
    }
    if let Some(r) = f.reserved {
        let _ = writeln!(out, "reserved_concurrency = {r}");
    }
    let platform = usage.map(|u| &u.platform).filter(|p| !p.is_empty());
    for (name, table) in [
        ("platform", platform),
        ("sweep", usage.and_then(|u| u.sweep.as_ref())),
        ("recommend", usage.and_then(|u| u.recommend.as_ref())),
    ] {
        if let Some(t) = table {
            let _ = writeln!(out, "[functions.{name}]");
            for (k, v) in t {
                let _ = writeln!(out, "{k} = {v}");
            }
        }
    }
}

fn trigger(out: &mut String, f: &ImportedFunction, usage: Option<&FunctionUsage>) {
    *out += "[functions.trigger]\n";
    // The workload's own keys (work per message, events per firing) come from the usage file; the type they
    // belong to is the code's, so a key of another type is left out.
    let workload = |out: &mut String, allowed: &[&str]| {
        for (k, v) in usage.map(|u| &u.trigger).into_iter().flatten() {
            if allowed.contains(&k.as_str()) {
                let _ = writeln!(out, "{k} = {v}");
            }
        }
    };
    let async_keys = |out: &mut String| {
        if let Some(n) = f.maximum_retry_attempts {
            let _ = writeln!(out, "maximum_retry_attempts = {n}");
        }
        if let Some(s) = f.maximum_event_age_s {
            let _ = writeln!(out, "maximum_event_age_s = {s}");
        }
    };
    match &f.trigger {
        Trigger::Unknown => {
            *out += "type = \"sync\"             # no trigger found in the code read: a direct Invoke\n";
        }
        Trigger::Sync { front } => {
            *out += "type = \"sync\"\n";
            let source = match front {
                Front::RestApi => "rest_api",
                Front::HttpApi => "http_api",
                Front::FunctionUrl => "function_url",
            };
            let _ = writeln!(out, "source = \"{source}\"");
        }
        Trigger::Async { source } => {
            let _ = writeln!(out, "type = \"async\"            # {source}");
            async_keys(out);
        }
        Trigger::Sqs(m) => {
            *out += "type = \"sqs\"\n";
            if m.fifo {
                *out += "queue = \"fifo\"\n";
            }
            if let Some(n) = m.batch_size {
                let _ = writeln!(out, "batch_size = {n}");
            }
            if let Some(n) = m.maximum_batching_window_s {
                let _ = writeln!(out, "maximum_batching_window_s = {n}");
            }
            if let Some(n) = m.maximum_concurrency {
                let _ = writeln!(out, "maximum_concurrency = {n}");
            }
            if let Some(n) = m.visibility_timeout_s {
                let _ = writeln!(out, "visibility_timeout_s = {n}");
            } else {
                // SQS's default visibility timeout (30 s) is refused below the function's timeout; AWS recommends
                // six times the timeout, which is what a queue declared elsewhere most likely has.
                let v = (f.timeout_s * 6).clamp(30, 43_200);
                let _ = writeln!(
                    out,
                    "visibility_timeout_s = {v}   # the queue is not in the code read: 6 × the timeout, as AWS recommends"
                );
            }
            if m.report_batch_item_failures {
                *out += "report_batch_item_failures = true\n";
            }
            workload(out, &["per_message_io_ms", "per_message_cpu_ms"]);
        }
        Trigger::Schedule(s) => {
            *out += "type = \"schedule\"\n";
            let _ = writeln!(out, "expression = {}", quote(&s.expression));
            if let Some(tz) = &s.timezone {
                let _ = writeln!(out, "timezone = {}", quote(tz));
            }
            if let Some(w) = s.flexible_window_minutes {
                let _ = writeln!(out, "flexible_window_minutes = {w}");
            }
            async_keys(out);
            workload(out, &["per_firing"]);
        }
    }
}

/// A TOML basic string.
/// `s` as the text of a TOML comment, which may not hold control characters: a serverless.yml key or a
/// runtime may (`"provided\u0013"`), and an application file that does not load is worse than an escape.
fn comment(s: &str) -> String {
    s.chars().flat_map(|c| if c.is_control() { c.escape_default().collect() } else { vec![c] }).collect()
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}
