//! Infrastructure code read as costsim functions (issue 11): Terraform (HCL and `terraform show -json`), AWS SAM
//! and CloudFormation templates, and Serverless Framework `serverless.yml`.
//!
//! Each reader turns its format into one [`Import`]: the functions with the settings they run with today
//! ([`ImportedFunction`]), what it skipped ([`Skipped`], with the resource's address) and what a static reader
//! cannot know ([`Unresolved`]: a module output, a data source, an SSM parameter). [`write`] turns an import into
//! an application file that `costsim run` accepts, with the traffic and the I/O/CPU split as marked placeholders.
//!
//! The readers apply each format's own defaults when a key is absent (Terraform and CloudFormation: 128 MB, 3 s;
//! the Serverless Framework: 1,024 MB, 6 s) and record every default they used in
//! [`ImportedFunction::defaults`], so the application file and the import's summary say which values were not
//! written in the infrastructure code.

pub mod cloudformation;
pub mod serverless;
pub mod terraform;
pub mod usage;
pub mod write;
pub mod yaml;

use std::fmt;
use std::path::PathBuf;

use crate::diagnostic::Location;
use crate::Architecture;

/// Largest file of infrastructure code read [bytes]: a synthesised CDK template or a plan's JSON of a large stack
/// stays well below it.
pub const MAX_IAC_BYTES: u64 = 64 * 1024 * 1024;

/// The format of `path`, from its name and, for a file, its first kilobytes: a directory holding `.tf` files is
/// Terraform, one holding `serverless.yml` the Serverless Framework, one holding `template.yaml` (SAM's name) a
/// template; a JSON file with `format_version` and `planned_values` or `values` is a plan; a YAML or JSON file
/// with `Resources` a template; `serverless.yml` by name or by its `service:` and `functions:` keys.
pub fn detect(path: &std::path::Path) -> Option<Format> {
    if path.is_dir() {
        let has = |name: &str| path.join(name).is_file();
        let tf = std::fs::read_dir(path).ok()?.flatten().any(|e| e.path().extension().is_some_and(|x| x == "tf"));
        return if tf {
            Some(Format::Terraform)
        } else if has("serverless.yml") || has("serverless.yaml") {
            Some(Format::Serverless)
        } else if ["template.yaml", "template.yml", "template.json"].iter().any(|n| has(n)) {
            Some(Format::Cloudformation)
        } else {
            None
        };
    }
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".tf") {
        return Some(Format::Terraform);
    }
    if name == "serverless.yml" || name == "serverless.yaml" {
        return Some(Format::Serverless);
    }
    let mut head = String::new();
    use std::io::Read as _;
    std::fs::File::open(path).ok()?.take(64 * 1024).read_to_string(&mut head).ok()?;
    if name.ends_with(".json")
        && head.contains("\"format_version\"")
        && (head.contains("\"planned_values\"") || head.contains("\"values\""))
    {
        Some(Format::TerraformPlan)
    } else if head.contains("Resources") {
        Some(Format::Cloudformation)
    } else if head.lines().any(|l| l.starts_with("service:")) && head.lines().any(|l| l.starts_with("functions:")) {
        Some(Format::Serverless)
    } else {
        None
    }
}

/// The formats `costsim import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// `.tf` files of a directory (HCL), read statically.
    Terraform,
    /// `terraform show -json` of a plan or of the state: every value resolved.
    TerraformPlan,
    /// A CloudFormation or AWS SAM template, YAML or JSON (also what `cdk synth` and `serverless package` write).
    Cloudformation,
    /// A Serverless Framework `serverless.yml`.
    Serverless,
}

impl Format {
    /// The name used on the command line and in the summary.
    pub fn name(self) -> &'static str {
        match self {
            Format::Terraform => "terraform",
            Format::TerraformPlan => "terraform-plan",
            Format::Cloudformation => "cloudformation",
            Format::Serverless => "serverless",
        }
    }

    /// What the format calls a function's memory and timeout when they are absent: (memory [MB], timeout [s]).
    ///
    /// Terraform's `aws_lambda_function` schema (hashicorp/terraform-provider-aws,
    /// internal/service/lambda/function.go: `memory_size` default 128, `timeout` default 3) and CloudFormation's
    /// `AWS::Lambda::Function` (MemorySize default 128, Timeout default 3) use Lambda's own defaults; the
    /// Serverless Framework sets 1,024 MB and 6 s (serverless/serverless docs/providers/aws/guide/serverless.yml.md).
    pub fn defaults(self) -> (u32, u32) {
        match self {
            Format::Terraform | Format::TerraformPlan | Format::Cloudformation => (128, 3),
            Format::Serverless => (1024, 6),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The deployment package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Package {
    /// A ZIP archive (Lambda's default).
    #[default]
    Zip,
    /// A container image.
    Image,
}

/// The API in front of a synchronously invoked function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Front {
    /// API Gateway REST API (SAM `Api`, serverless `http`, Terraform `aws_api_gateway_*`).
    RestApi,
    /// API Gateway HTTP API (SAM `HttpApi`, serverless `httpApi`, Terraform `aws_apigatewayv2_*`).
    HttpApi,
    /// A Lambda function URL.
    FunctionUrl,
}

/// How events reach an imported function.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// No trigger was found in the code read: written as a direct synchronous `Invoke`, with a note.
    Unknown,
    /// A caller waits (API Gateway, a function URL).
    Sync {
        /// The front door.
        front: Front,
    },
    /// Lambda's asynchronous queue: S3, SNS, EventBridge rules with an event pattern.
    Async {
        /// What sends the events, as the code names it (`S3`, `SNS`, `EventBridge`).
        source: String,
    },
    /// An SQS event source mapping.
    Sqs(SqsMapping),
    /// A schedule: EventBridge Scheduler or an EventBridge rule with a schedule expression.
    Schedule(ScheduleSpec),
}

impl Trigger {
    /// A short name for summaries: `sync (HTTP API)`, `sqs`, …
    pub fn describe(&self) -> String {
        match self {
            Trigger::Unknown => "none found".into(),
            Trigger::Sync { front: Front::RestApi } => "sync (REST API)".into(),
            Trigger::Sync { front: Front::HttpApi } => "sync (HTTP API)".into(),
            Trigger::Sync { front: Front::FunctionUrl } => "sync (function URL)".into(),
            Trigger::Async { source } => format!("async ({source})"),
            Trigger::Sqs(_) => "sqs".into(),
            Trigger::Schedule(s) => format!("schedule {}", s.expression),
        }
    }
}

/// An SQS event source mapping's settings; `None` is AWS's default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SqsMapping {
    /// Most messages per invocation (AWS: 10).
    pub batch_size: Option<u32>,
    /// Longest wait to fill a batch [s] (AWS: 0).
    pub maximum_batching_window_s: Option<u32>,
    /// `ScalingConfig.MaximumConcurrency` (none: up to 1,000).
    pub maximum_concurrency: Option<u32>,
    /// `FunctionResponseTypes` holds `ReportBatchItemFailures`.
    pub report_batch_item_failures: bool,
    /// The queue's visibility timeout when the code declares the queue [s].
    pub visibility_timeout_s: Option<u32>,
    /// A FIFO queue (`fifo_queue`, `FifoQueue`, or a name ending in `.fifo`).
    pub fifo: bool,
}

/// A schedule's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleSpec {
    /// `cron(…)`, `rate(…)` or `at(…)`, as written.
    pub expression: String,
    /// IANA time zone (Scheduler's `ScheduleExpressionTimezone`; rules are UTC).
    pub timezone: Option<String>,
    /// Scheduler's flexible time window [minutes] (mode `FLEXIBLE`).
    pub flexible_window_minutes: Option<u32>,
}

/// One function as the infrastructure code describes it today.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedFunction {
    /// The name costsim gives it (the deployed name where it could be resolved, else the resource's), made of
    /// letters, digits and `-_.`, unique in the import.
    pub name: String,
    /// Its address in the code: `aws_lambda_function.api`, `module.w.aws_lambda_function.this[0]`,
    /// `Resources.ApiFn`, `functions.api`.
    pub address: String,
    /// Where it is defined.
    pub location: Location,
    /// Memory [MB].
    pub memory_mb: u32,
    /// Timeout [s].
    pub timeout_s: u32,
    /// Instruction set.
    pub architecture: Architecture,
    /// Runtime identifier (`python3.12`); none for a container image.
    pub runtime: Option<String>,
    /// Deployment package.
    pub package: Package,
    /// Ephemeral storage [MB].
    pub ephemeral_mb: u32,
    /// Reserved concurrency (none: the function shares the unreserved pool).
    pub reserved: Option<u32>,
    /// Provisioned concurrency on its alias or version [environments].
    pub provisioned: u32,
    /// SnapStart on published versions.
    pub snap_start: bool,
    /// Async invocation: retries after a failed attempt (AWS: 2).
    pub maximum_retry_attempts: Option<u32>,
    /// Async invocation: oldest event age before it is dropped [s] (AWS: 21,600).
    pub maximum_event_age_s: Option<u32>,
    /// How it is invoked (the first trigger found; see `other_triggers`).
    pub trigger: Trigger,
    /// Triggers after the first: costsim simulates one trigger per function, so these are listed, not simulated.
    pub other_triggers: Vec<Trigger>,
    /// The keys the format's default filled in, with the value: `memory_size = 128 (Terraform's default)`.
    pub defaults: Vec<String>,
}

/// A resource the reader met and did not turn into (part of) a function.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// Its address.
    pub address: String,
    /// Where it is defined.
    pub location: Location,
    /// Why it was skipped.
    pub reason: String,
}

/// A value a static reader cannot know.
#[derive(Debug, Clone, PartialEq)]
pub struct Unresolved {
    /// The resource and attribute: `aws_lambda_function.api.memory_size`.
    pub address: String,
    /// Where the expression is written.
    pub location: Location,
    /// The expression and why it is unknown: `module.sizes.api (a module output)`.
    pub why: String,
    /// What the import used instead (the format's default, or nothing).
    pub used: String,
}

/// What one `costsim import` read.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// The format read.
    pub format: Format,
    /// The files read, in order.
    pub files: Vec<PathBuf>,
    /// The region the code names (Terraform's provider, `provider.region`), if any.
    pub region: Option<String>,
    /// The functions, in the order the code defines them.
    pub functions: Vec<ImportedFunction>,
    /// What was skipped.
    pub skipped: Vec<Skipped>,
    /// What could not be resolved.
    pub unresolved: Vec<Unresolved>,
}

/// What the user tells a reader beyond the files (`costsim import --var`, `--stage`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadOptions {
    /// Values by name: Terraform input variables (`-var env=prod`), CloudFormation parameters (`Stage=prod`),
    /// Serverless `${opt:name}` and `${param:name}` options. They win over the files' defaults.
    pub vars: std::collections::BTreeMap<String, String>,
    /// The Serverless Framework stage (`${sls:stage}`, `${opt:stage}`); its default is `provider.stage`, then `dev`.
    pub stage: Option<String>,
    /// Environment variables a reader may resolve (`${env:NAME}`); empty unless the user passes them, so that an
    /// import does not depend on the shell it runs in.
    pub env: std::collections::BTreeMap<String, String>,
}

/// Why an import failed: a file that does not parse, or a value Lambda would refuse.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A file, or a value in it, is not what the format allows.
    #[error("{location}: {message}")]
    Invalid {
        /// Where.
        location: Location,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// Nothing to import.
    #[error("{0}")]
    Empty(String),
}

impl ImportError {
    /// An invalid value at `location`.
    pub fn invalid(location: Location, message: impl Into<String>) -> ImportError {
        ImportError::Invalid { location, message: message.into() }
    }
}

/// Refuses a schedule that EventBridge would refuse (costsim's parser follows AWS's syntax), at `location` (where
/// the expression is written) of `address`.
pub fn check_schedule(spec: &ScheduleSpec, location: &Location, address: &str) -> Result<(), ImportError> {
    crate::workload::Schedule::parse(&spec.expression, spec.timezone.as_deref()).map(|_| ()).map_err(|e| {
        ImportError::invalid(
            location.clone(),
            format!("{address}: schedule '{}': {e}", crate::diagnostic::excerpt(&spec.expression)),
        )
    })
}

/// Refuses an SQS mapping AWS refuses, as `costsim run` would refuse the written file, at `at`: on a standard queue a
/// batch over 10 messages without a batching window ([`crate::trigger::MAX_BATCH_WITHOUT_WINDOW`]); on a FIFO queue
/// a batch over [`crate::trigger::MAX_FIFO_BATCH`] or any batching window. Call it once `m.fifo` is known (the
/// queue's own settings read). `batch` and `window` name the two values as the format writes them
/// (`aws_lambda_event_source_mapping.m: batch_size`), `window_key` the window's key alone.
///
/// # Errors
/// [`ImportError::Invalid`] saying which key to change.
pub fn check_batch(
    m: &SqsMapping,
    batch: &str,
    (window, window_key): (&str, &str),
    at: impl FnOnce() -> Location,
) -> Result<(), ImportError> {
    let limit = crate::trigger::MAX_BATCH_WITHOUT_WINDOW;
    let fifo_limit = crate::trigger::MAX_FIFO_BATCH;
    let window_s = m.maximum_batching_window_s.unwrap_or(0);
    let message = match m.batch_size {
        _ if m.fifo && window_s > 0 => Some(format!(
            "{window} {window_s} s: a FIFO queue's mapping takes no batching window (AWS refuses it); remove it"
        )),
        Some(n) if m.fifo && n > fifo_limit => {
            Some(format!("{batch} {n}: a FIFO queue's mapping takes batches of at most {fifo_limit} messages"))
        }
        Some(n) if n > limit && window_s < 1 => Some(format!(
            "{batch} {n} needs {window_key} of at least 1 s (AWS requires a window for batches over {limit})"
        )),
        _ => None,
    };
    message.map_or(Ok(()), |m| Err(ImportError::invalid(at(), m)))
}

/// Refuses a queue whose visibility timeout is below the timeout of the function it feeds, as AWS refuses the
/// event source mapping, at `at`. `subject` names the queue's key as the format writes it
/// (`aws_sqs_queue.q: visibility_timeout_seconds`), `defaulted` says the value is SQS's default of 30 s, and
/// `function` names the function (`checkout`, or `the function it feeds`).
///
/// # Errors
/// [`ImportError::Invalid`] with AWS's recommended 6 × the timeout.
pub fn check_visibility(
    subject: &str,
    visibility_s: u32,
    defaulted: bool,
    function: &str,
    timeout_s: u32,
    at: impl FnOnce() -> Location,
) -> Result<(), ImportError> {
    if visibility_s >= timeout_s {
        return Ok(());
    }
    let default = if defaulted { " (SQS's default)" } else { "" };
    Err(ImportError::invalid(
        at(),
        format!(
            "{subject} {visibility_s} s{default} is below the timeout of {function} ({timeout_s} s): AWS refuses an event source mapping on it (AWS recommends 6 × the timeout, {} s)",
            6 * timeout_s
        ),
    ))
}

/// Refuses provisioned concurrency above a function's reserved concurrency, as Lambda does
/// (PutProvisionedConcurrencyConfig), at the function's location. Without reserved concurrency the bound is the
/// account's quota, which the code does not hold: the application file is written with a quota that fits.
///
/// # Errors
/// [`ImportError::Invalid`] for the first function over its reserved concurrency.
pub fn check_provisioned(functions: &[ImportedFunction]) -> Result<(), ImportError> {
    for f in functions {
        if let Some(r) = f.reserved.filter(|r| f.provisioned > *r) {
            return Err(ImportError::invalid(
                f.location.clone(),
                format!(
                    "{}: provisioned concurrency {} is above its reserved concurrency ({r}): Lambda refuses it",
                    f.address, f.provisioned
                ),
            ));
        }
    }
    Ok(())
}

/// A costsim function name from a deployed or resource name: characters outside letters, digits and `-_.` become
/// `-` (a scenario name names the report folder).
pub fn function_name(raw: &str) -> String {
    let name: String =
        raw.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '-' }).collect();
    let name = name.trim_matches('-');
    if name.is_empty() {
        "function".into()
    } else {
        name.chars().take(64).collect()
    }
}

/// Make the names of `functions` unique in order: a repeated name gets `-2`, `-3`, …
pub fn dedupe_names(functions: &mut [ImportedFunction]) {
    let mut seen = std::collections::BTreeMap::<String, u32>::new();
    for f in functions {
        let n = seen.entry(f.name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            f.name = format!("{}-{}", f.name, n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_what_a_report_folder_allows() {
        assert_eq!(function_name("api-prod"), "api-prod");
        assert_eq!(function_name("shop/api v2"), "shop-api-v2");
        assert_eq!(function_name("${x}"), "x");
        assert_eq!(function_name("///"), "function");
    }

    #[test]
    fn the_formats_defaults_are_their_documented_ones() {
        assert_eq!(Format::Terraform.defaults(), (128, 3));
        assert_eq!(Format::Cloudformation.defaults(), (128, 3));
        assert_eq!(Format::Serverless.defaults(), (1024, 6));
    }
}
