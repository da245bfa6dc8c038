//! One fuzz target per parser: what it feeds the input to, its seed corpus (the shipped files) and its dictionary.
//!
//! A target returns `Err(complaint)` when the oracle fails on an accepted input; rejections are fine. Work is
//! bounded: nothing here simulates a scenario from the input (the harness only parses and renders), and a trace is
//! streamed only when it holds at most [`STREAM_BUDGET`] requests.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use costsim::calibrate::{self, chart, powertuning, CalibrateOptions, Measurements, ScenarioOptions};
use costsim::pricing::{self, sheet, BillOptions, Catalog, FunctionEstimate};
use costsim::report::bill::{self as bill_render, BillFormat};
use costsim::report::charts;
use costsim::report::diff::{self as diff_render, DiffFormat};
use costsim::report::run::{RunFormat, RunReport};
use costsim::scenario::{Objective, Scenario};
use costsim::workload::{Trace, TraceFormat, TraceSource};
use costsim::Architecture;

use super::check_finite;

/// A parser under test.
pub struct Target {
    /// Its name on the command line.
    pub name: &'static str,
    /// Feeds one input through the parser and everything downstream of it.
    pub run: fn(&[u8]) -> Result<(), String>,
    /// The seed corpus.
    pub corpus: fn() -> Vec<Vec<u8>>,
    /// Tokens of this input format (keys, column names) for the mutator.
    pub dictionary: &'static [&'static str],
}

/// Every target.
pub const TARGETS: [Target; 16] = [
    Target { name: "scenario", run: scenario, corpus: scenario_corpus, dictionary: SCENARIO_KEYS },
    Target { name: "application", run: application, corpus: application_corpus, dictionary: APPLICATION_KEYS },
    Target { name: "catalog", run: catalog, corpus: catalog_corpus, dictionary: CATALOG_KEYS },
    Target { name: "sheet", run: sheet, corpus: sheet_corpus, dictionary: &SHEET_KEYS },
    Target { name: "logs", run: logs, corpus: logs_corpus, dictionary: LOG_KEYS },
    Target { name: "powertuning", run: power_tuning, corpus: power_tuning_corpus, dictionary: PT_KEYS },
    Target { name: "trace", run: trace, corpus: trace_corpus, dictionary: TRACE_KEYS },
    Target { name: "report", run: report, corpus: report_corpus, dictionary: REPORT_KEYS },
    Target { name: "terraform", run: terraform, corpus: terraform_corpus, dictionary: TERRAFORM_KEYS },
    Target { name: "terraform-plan", run: terraform_plan, corpus: terraform_plan_corpus, dictionary: PLAN_KEYS },
    Target { name: "diff", run: diff, corpus: report_corpus, dictionary: REPORT_KEYS },
    Target { name: "serverless", run: serverless, corpus: serverless_corpus, dictionary: SERVERLESS_KEYS },
    Target {
        name: "cloudformation",
        run: cloudformation,
        corpus: cloudformation_corpus,
        dictionary: CLOUDFORMATION_KEYS,
    },
    Target { name: "offer", run: offer, corpus: offer_corpus, dictionary: OFFER_KEYS },
    Target { name: "shard", run: shard, corpus: shard_corpus, dictionary: SHARD_KEYS },
    Target { name: "baseline", run: baseline, corpus: baseline_corpus, dictionary: BASELINE_KEYS },
];

/// The target called `name`.
pub fn by_name(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// Largest trace streamed request by request [requests]; bigger ones are only opened and checked.
pub const STREAM_BUDGET: u64 = 20_000;

const SCENARIO_KEYS: &[&str] = &[
    "horizon_hours = ",
    "replications = ",
    "monthly_requests = ",
    "requests_per_second = ",
    "hourly_weights = [",
    "memory_mb = [",
    "architectures = [\"arm64\", \"x86_64\"]",
    "io_ms = ",
    "cpu_ms = ",
    "cv = ",
    "threads = ",
    "timeout_s = ",
    "required_memory_mb = ",
    "keep_alive_s = ",
    "concurrency_limit = ",
    "provisioned = ",
    "provisioned_by_hour = [",
    "scaling_rate = ",
    "bursts = [{ every_minutes = 60, size = 1e12, spread_ms = 0 }]",
    "diurnal = { peak_hour = 15, peak_to_trough = 1e308 }",
    "init_p50_ms = ",
    "init_p90_ms = ",
    "slo_ms = ",
    "slo_percentile = ",
    "balanced_weight = ",
    "max_error_ratio = ",
    "ephemeral_mb = ",
    "arm64_cpu_speed = ",
    "seed = ",
    "date = 1970-01-01",
    "date = 9999-12-31",
    "routing = \"newest\"",
    "routing = \"random\"",
    "trace = { path = \"trace.csv\", format = \"per_minute\", scale = 1e-9 }",
    "scale = ",
    "[traffic]\n",
    "[function]\n",
    "[sweep]\n",
    "[platform]\n",
    "[recommend]\n",
    "[scenario]\n",
    "[trigger]\n",
    "type = \"sqs\"\n",
    "type = \"async\"\n",
    "type = \"schedule\"\n",
    "type = \"sync\"\n",
    "source = \"http_api\"\n",
    "integration_timeout_ms = ",
    "batch_size = ",
    "maximum_batching_window_s = ",
    "visibility_timeout_s = ",
    "max_receive_count = ",
    "queue = \"fifo\"\n",
    "maximum_retry_attempts = ",
    "maximum_event_age_s = ",
    "retry_delays_s = [",
    "backoff_factor = ",
    "expression = \"cron(0 1 * * ? *)\"\n",
    "expression = \"rate(1 minute)\"\n",
    "expression = \"at(2026-12-01T01:00:00)\"\n",
    "cron(",
    "L W # ? * / - ,",
    "timezone = \"Europe/Berlin\"\n",
    "per_firing = ",
    "flexible_window_minutes = ",
    "error_ratio = ",
    "per_message_cpu_ms = ",
    "date = \"2026-03-29\"\n",
];
const SERVERLESS_KEYS: &[&str] = &[
    "memorySize: ",
    "timeout: ",
    "architecture: arm64",
    "ephemeralStorageSize: ",
    "reservedConcurrency: ",
    "provisionedConcurrency: ",
    "maximumRetryAttempts: ",
    "maximumEventAge: ",
    "snapStart: true",
    "image: repo/img:latest",
    "url: true",
    "provider:\n  name: aws\n",
    "params:\n  dev:\n    m: 256\n",
    "${self:custom.",
    "${self:provider.stage}",
    "${self:functions}",
    "${sls:stage}",
    "${opt:stage, 'dev'}",
    "${param:m}",
    "${env:X, 512}",
    "${ssm:/x}",
    "${cf:stack.out, 30}",
    "${file(./sizes.yml):api.memory}",
    "${file(./sizes.yml)}",
    "${AWS::Region}",
    "${",
    "}",
    "events:\n",
    "- sqs:\n",
    "- schedule: ",
    "rate(1 hour)",
    "cron(0 2 * * ? *)",
    "method: scheduler\n",
    "timezone: Europe/Dublin\n",
    "enabled: false\n",
    "- http: GET /\n",
    "- httpApi: POST /x\n",
    "- stream: arn\n",
    "- eventBridge:\n",
    "!GetAtt OrdersQueue.Arn",
    "Fn::GetAtt: [OrdersQueue, Arn]",
    "VisibilityTimeout: ",
    "FifoQueue: true",
    "batchSize: ",
    "maximumBatchingWindow: ",
    "maximumConcurrency: ",
    "<<: *a\n",
    "&a ",
    "*a",
    "10241",
    "-1",
    "4294967296",
    "1e3",
    "\n  ",
    "\n    ",
];

const TERRAFORM_KEYS: &[&str] = &[
    "resource \"aws_lambda_function\" \"f\" {\n",
    "memory_size = ",
    "timeout = ",
    "architectures = [\"arm64\"]\n",
    "count = ",
    "for_each = toset([\"a\", \"b\"])\n",
    "${var.env}",
    "local.",
    "var.",
    "data.aws_ssm_parameter.x.value",
    "module.m.out",
    "aws_lambda_function.api.arn",
    "lookup({a = 1}, \"a\", 2)",
    "max(1, 2)",
    "? 1 : 2",
    "}\n",
    "1e400",
];
const PLAN_KEYS: &[&str] = &[
    "\"format_version\": \"1.0\"",
    "\"planned_values\": ",
    "\"child_modules\": [",
    "\"mode\": \"managed\"",
    "\"type\": \"aws_lambda_function\"",
    "\"memory_size\": ",
    "\"references\": [",
    "[{\"size\": 1024}]",
    "-1e400",
];
const CLOUDFORMATION_KEYS: &[&str] = &[
    "Type: AWS::Serverless::Function\n",
    "Type: AWS::Lambda::EventSourceMapping\n",
    "MemorySize: ",
    "Timeout: ",
    "Architectures: [arm64]\n",
    "Globals:\n  Function:\n",
    "!Ref ",
    "!Sub \"${Env}-${AWS::Region}\"",
    "!If [IsProd, 1, 2]",
    "!FindInMap [M, a, b]",
    "!GetAtt Q.Arn",
    "!ImportValue x",
    "!Condition IsProd",
    "{\"Fn::Select\": [\"9\", [1]]}",
    "{\"Ref\": \"AWS::NoValue\"}",
    "{{resolve:ssm:/x}}",
    "&a [*a]",
    "<<: *",
    "1e400",
];
const APPLICATION_KEYS: &[&str] = &[
    "[application]\n",
    "[[functions]]\n",
    "path = \"api.toml\"\n",
    "path = \"/dev/zero\"\n",
    "path = \"missing.toml\"\n",
    "region = \"eu-west-1\"\n",
    "concurrency_limit = ",
    "reserved_concurrency = ",
    "pick = \"cost\"\n",
    "coupling_threshold = ",
    "[functions.scenario]\n",
    "[functions.function]\n",
    "[functions.traffic]\n",
    "[functions.trigger]\n",
    "[functions.current]\n",
    "[functions.sweep]\n",
    "[functions.platform]\n",
    "name = \"api\"\n",
    "horizon_hours = ",
    "replications = ",
    "memory_mb = ",
    "provisioned = ",
];
const CATALOG_KEYS: &[&str] = &[
    "price = ",
    "start = ",
    "tiers = [",
    "granularity_ms = ",
    "effective_date = ",
    "[[",
    "us-east-1",
    "arm64",
    "[event_sources]",
    "[[event_sources.free_tier]]",
    "dimensions = [\"sqs_fifo_requests\"]",
    "term = \"12_months\"",
    "sqs_chunk_kb = ",
];
/// Every column of the budgeting sheet: the required ones, then the optional ones.
const SHEET_KEYS: [&str; sheet::REQUIRED.len() + sheet::OPTIONAL.len()] = {
    let mut keys = [""; sheet::REQUIRED.len() + sheet::OPTIONAL.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] =
            if i < sheet::REQUIRED.len() { sheet::REQUIRED[i] } else { sheet::OPTIONAL[i - sheet::REQUIRED.len()] };
        i += 1;
    }
    keys
};
const LOG_KEYS: &[&str] = &[
    "REPORT RequestId: x\tDuration: 1e308 ms\tBilled Duration: 9 ms\tMemory Size: 128 MB\tMax Memory Used: 66 MB\t\n",
    "Duration: ",
    "Billed Duration: ",
    "Memory Size: ",
    "Max Memory Used: ",
    "Init Duration: ",
    "Restore Duration: ",
    " ms",
    " MB",
    "\"durationMs\": ",
    "\"timestamp\": ",
    "@timestamp,@message\n",
    "1970-01-01T00:00:00.000Z",
    "9999-12-31T23:59:59.999Z",
    "2024-01-15 10:00:00.000",
];
const PT_KEYS: &[&str] = &[
    "\"averageDuration\": ",
    "\"averagePrice\": ",
    "\"value\": ",
    "\"power\": ",
    "\"stats\": [",
    "\"results\": ",
    "https://lambda-power-tuning.show/#gAAAAQACAAQ=;AAAgQQAAoEA=;AAAAAAAAAAA=;",
    "#;;",
    "AAAA",
    "////",
];
const TRACE_KEYS: &[&str] = &["minute,count\n", "0,1000000000000\n", "1e20\n", "2024-01-15T10:00:00Z", ",http"];
const REPORT_KEYS: &[&str] = &[
    "\"index\": ",
    "\"points\": []",
    "\"memory_mb\": ",
    "\"monthly_cost\": ",
    "\"p99_ms\": ",
    "\"schema_version\": ",
    "\"timelines\": []",
    "\"recommendations\": {}",
    "-1e400",
];

/// Per-thread scratch folder (smoke tests run targets in parallel), removed when the thread ends; in memory where
/// there is a tmpfs, since the trace target writes a file per case.
fn scratch() -> PathBuf {
    thread_local! {
        static DIR: tempfile::TempDir = tempfile::Builder::new()
            .prefix("costsim-fuzz")
            .tempdir_in("/dev/shm")
            .or_else(|_| tempfile::tempdir())
            .expect("a temporary folder");
    }
    DIR.with(|d| d.path().to_path_buf())
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(repo(path)).unwrap_or_else(|e| panic!("seed {path}: {e}"))
}

fn files(dir: &str, ext: &str) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo(dir))
        .unwrap_or_else(|e| panic!("seed folder {dir}: {e}"))
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    paths.sort();
    paths.into_iter().map(|p| std::fs::read(p).expect("a seed file")).collect()
}

fn built_in() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::built_in)
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).expect("a date")
}

fn text(input: &[u8]) -> String {
    String::from_utf8_lossy(input).into_owned()
}

/// The parsed value's `Debug` text with string literals blanked, so that a name such as `"inf"` is not taken
/// for a number.
fn debug_numbers(value: &impl std::fmt::Debug) -> String {
    let debug = format!("{value:?}");
    let mut out = String::with_capacity(debug.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in debug.chars() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_string = false,
            (true, false, _) => {}
            (false, _, '"') => {
                in_string = true;
                out.push_str("\"\"");
            }
            (false, _, c) => out.push(c),
        }
    }
    out
}

/// Oracle on rendered text: no non-finite token, unless the input itself holds that word (names are echoed).
fn check_output(what: &str, output: &str, input: &str) -> Result<(), String> {
    if let Some(around) = super::non_finite(output) {
        let lower = input.to_ascii_lowercase();
        if !["nan", "inf"].iter().any(|w| lower.contains(w)) {
            return Err(format!("non-finite number in {what}: …{around}…"));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- scenario

fn scenario_corpus() -> Vec<Vec<u8>> {
    files("scenarios", "toml")
        .into_iter()
        .map(|f| text(&f).replace("traces/api-per-minute.csv", "trace.csv").into_bytes())
        .collect()
}

fn scenario(input: &[u8]) -> Result<(), String> {
    let dir = scratch();
    let trace = dir.join("trace.csv");
    if !trace.exists() {
        std::fs::copy(repo("scenarios/traces/api-per-minute.csv"), &trace).expect("the shipped trace");
    }
    let path = dir.join("scenario.toml").display().to_string();
    let Ok(s) = Scenario::parse(&path, &text(input), built_in()) else { return Ok(()) };
    super::accepted();
    check_finite("the validated scenario", &debug_numbers(&s))?;
    for arch in Architecture::ALL {
        check_finite("the scenario's function", &debug_numbers(&s.function(arch)))?;
    }
    Ok(())
}

fn application_corpus() -> Vec<Vec<u8>> {
    vec![read("scenarios/shop.toml")]
}

fn application(input: &[u8]) -> Result<(), String> {
    let dir = scratch();
    let api = dir.join("api.toml");
    if !api.exists() {
        std::fs::copy(repo("scenarios/api.toml"), &api).expect("the shipped scenario");
    }
    let path = dir.join("app.toml");
    let options = costsim::scenario::LoadOptions::default();
    let Ok(a) = costsim::scenario::Application::parse_with(&path, &text(input), built_in(), &options) else {
        return Ok(());
    };
    super::accepted();
    check_finite("the validated application", &debug_numbers(&a))?;
    for f in a.functions() {
        if f.scenario().current().is_none() {
            return Err(format!("function {} accepted without [current]", f.scenario().name()));
        }
    }
    for region in a.regions().keys() {
        if a.unreserved(region) < 100 {
            return Err(format!("{region}: {} unreserved accepted, AWS keeps 100", a.unreserved(region)));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- infrastructure code

fn terraform_corpus() -> Vec<Vec<u8>> {
    let mut all = files("scenarios/iac/terraform", "tf");
    all.push(read("scenarios/iac/terraform/terraform.tfvars"));
    all
}

/// Oracle of every importer: an error names a line of the input; an accepted import writes an application file
/// that loads, with every function's settings in Lambda's ranges.
fn check_import(result: Result<costsim::iac::Import, costsim::iac::ImportError>, input: &str) -> Result<(), String> {
    let lines = input.lines().count() + 1;
    let import = match result {
        Err(costsim::iac::ImportError::Invalid { location, message }) => {
            if location.line > lines {
                return Err(format!("error at line {} of a {lines}-line input: {message}", location.line));
            }
            return Ok(());
        }
        Err(_) => return Ok(()),
        Ok(i) => i,
    };
    super::accepted();
    for f in &import.functions {
        if !(128..=10_240).contains(&f.memory_mb)
            || !(1..=900).contains(&f.timeout_s)
            || !(512..=10_240).contains(&f.ephemeral_mb)
        {
            return Err(format!(
                "{}: accepted memory {} MB, timeout {} s, ephemeral {} MB",
                f.name, f.memory_mb, f.timeout_s, f.ephemeral_mb
            ));
        }
    }
    if import.functions.is_empty() {
        return Ok(());
    }
    let header = costsim::iac::write::AppHeader {
        name: "fuzz".into(),
        region: "us-east-1".into(),
        date: date(),
        command: "costsim import".into(),
    };
    let (app, _) = costsim::iac::write::application(&import, &header);
    let options = costsim::scenario::LoadOptions::default();
    match costsim::scenario::Application::parse_with(&scratch().join("app.toml"), &app, built_in(), &options) {
        Ok(_) => Ok(()),
        // A region the catalog does not price is the user's to fix, and said so by the loader.
        Err(e) if e.to_string().contains("region") => Ok(()),
        Err(e) => Err(format!("the imported application does not load: {e}")),
    }
}

fn terraform(input: &[u8]) -> Result<(), String> {
    let dir = scratch().join("tf");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    std::fs::write(dir.join("main.tf"), input).expect("a scratch file");
    let result = costsim::iac::terraform::read_dir(&dir, &costsim::iac::ReadOptions::default(), 1 << 20);
    check_import(result, &text(input))
}

fn serverless_corpus() -> Vec<Vec<u8>> {
    vec![
        read("scenarios/iac/serverless/serverless.yml"),
        b"service: s\nprovider:\n  name: aws\n  memorySize: 512\ncustom:\n  t: 30\nfunctions:\n  api:\n    handler: h\n    timeout: ${self:custom.t}\n    memorySize: ${file(./sizes.yml):api.memory}\n    events:\n      - httpApi: GET /\n      - schedule: rate(1 hour)\n"
            .to_vec(),
    ]
}

/// A mutated serverless.yml beside a small file for its `${file(…)}`; besides the importers' oracle, an error
/// in the file itself names a column on its line.
fn serverless(input: &[u8]) -> Result<(), String> {
    let dir = scratch().join("sls");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    std::fs::write(dir.join("sizes.yml"), "api:\n  memory: 768\n").expect("a scratch file");
    let path = dir.join("serverless.yml");
    let text = text(input);
    let result = costsim::iac::serverless::read(&path, &text, &costsim::iac::ReadOptions::default());
    // costsim's locations end a line at `\n` only (iac::yaml maps yaml-rust2's lone-CR breaks back), and count
    // every character of the line, a CR included.
    if let Err(costsim::iac::ImportError::Invalid { location, message }) = &result {
        let width = text.split('\n').nth(location.line.saturating_sub(1)).map_or(0, |l| l.chars().count());
        if location.path == path.display().to_string() && location.column > width + 1 {
            return Err(format!(
                "error at column {} of a {width}-character line {}: {message}",
                location.column, location.line
            ));
        }
    }
    if let Ok(import) = &result {
        for f in &import.functions {
            let retries = f.maximum_retry_attempts.is_none_or(|r| r <= 2);
            let age = f.maximum_event_age_s.is_none_or(|a| (60..=21_600).contains(&a));
            if !retries || !age {
                return Err(format!(
                    "{}: accepted retries {:?}, event age {:?}",
                    f.name, f.maximum_retry_attempts, f.maximum_event_age_s
                ));
            }
        }
    }
    check_import(result, &text)
}

fn terraform_plan_corpus() -> Vec<Vec<u8>> {
    vec![read("tests/data/iac/plan.json")]
}

fn terraform_plan(input: &[u8]) -> Result<(), String> {
    let text = text(input);
    check_import(costsim::iac::terraform::read_plan(Path::new("plan.json"), &text), &text)
}

fn cloudformation_corpus() -> Vec<Vec<u8>> {
    vec![read("scenarios/iac/sam/template.yaml"), read("tests/data/iac/cloudformation.json")]
}

fn cloudformation(input: &[u8]) -> Result<(), String> {
    let text = text(input);
    let result = costsim::iac::cloudformation::read(Path::new("template.yaml"), &text, &Default::default());
    // Beyond the shared oracle: the asynchronous settings in Lambda's ranges too.
    if let Ok(i) = &result {
        for f in &i.functions {
            if f.maximum_retry_attempts.is_some_and(|r| r > 2)
                || f.maximum_event_age_s.is_some_and(|a| !(60..=21_600).contains(&a))
            {
                return Err(format!(
                    "{}: accepted retries {:?}, event age {:?}",
                    f.name, f.maximum_retry_attempts, f.maximum_event_age_s
                ));
            }
        }
    }
    check_import(result, &text)
}

// ---------------------------------------------------------------- catalog, sheet and bills

fn catalog_corpus() -> Vec<Vec<u8>> {
    vec![read("pricing/aws-lambda.toml")]
}

fn catalog(input: &[u8]) -> Result<(), String> {
    let Ok(c) = Catalog::parse("catalog.toml", &text(input)) else { return Ok(()) };
    super::accepted();
    check_finite("the catalog", &debug_numbers(&c))?;
    // Price the shipped sheet with it: every region, architecture and option the sheet has.
    let parsed = sheet::parse("functions.csv", &text(&read("scenarios/functions.csv")), &c);
    price(&c, &parsed.functions, &text(input))
}

fn sheet_corpus() -> Vec<Vec<u8>> {
    vec![read("scenarios/functions.csv"), read("tests/data/aws-lambda-coldstart-experiments.csv")]
}

fn sheet(input: &[u8]) -> Result<(), String> {
    let parsed = sheet::parse("sheet.csv", &text(input), built_in());
    if !parsed.functions.is_empty() {
        super::accepted();
    }
    check_finite("the sheet's functions", &debug_numbers(&parsed.functions))?;
    price(built_in(), &parsed.functions, &text(input))
}

/// Bills `functions` as `costsim price` does and renders the bill in every format.
fn price(catalog: &Catalog, functions: &[FunctionEstimate], input: &str) -> Result<(), String> {
    if functions.is_empty() {
        return Ok(());
    }
    // An amount too large to price is a refusal (an error naming the input), which is what the oracle allows.
    let Ok(usage) = functions.iter().map(|f| f.usage(catalog)).collect::<Result<Vec<_>, _>>() else { return Ok(()) };
    let options =
        BillOptions { date: date(), savings_plan_percent: None, free_tier: true, twelve_month_free_tier: true };
    let Ok(bill) = pricing::bill(catalog, &usage, &options) else { return Ok(()) };
    for format in [BillFormat::Table, BillFormat::Csv, BillFormat::Json, BillFormat::Markdown] {
        check_output(&format!("the bill as {format:?}"), &bill_render::render(&bill, format), input)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- AWS Price List offers → a catalog

fn offer_corpus() -> Vec<Vec<u8>> {
    vec![
        read("tests/data/pricing/offer/AWSLambda-us-east-1.json"),
        read("tests/data/pricing/offer/get-products-arm64.json"),
    ]
}

const OFFER_KEYS: &[&str] = &[
    "\"beginRange\": \"6000000000\"",
    "\"endRange\": \"Inf\"",
    "\"endRange\": \"15000000000\"",
    "\"pricePerUnit\": {\"USD\": \"0.0000166667\"}",
    "\"pricePerUnit\": {\"CNY\": \"1\"}",
    "\"unit\": \"Hrs\"",
    "\"usagetype\": \"EU-Lambda-GB-Second-ARM\"",
    "\"usagetype\": \"Request\"",
    "\"regionCode\": \"eu-west-1\"",
    "\"servicecode\": \"AmazonEC2\"",
    "\"effectiveDate\": \"2026-07-01T00:00:00Z\"",
    "\"PriceList\": [",
    "\"products\": {",
    "\"OnDemand\": {",
    // Bad inputs the importer refuses: a region code that would write TOML, bands that are not whole, negative or
    // in the wrong order, a date that is not one.
    "\"regionCode\": \"us-east-1\\n[billing]\"",
    "\"beginRange\": \"0.5\"",
    "\"endRange\": \"-1\"",
    "\"pricePerUnit\": {\"USD\": \"-1\"}",
    "\"effectiveDate\": \"2025-10-01Z\"",
];

/// An accepted offer must give a catalog that loads, whose prices are exactly the imported bands.
fn offer(input: &[u8]) -> Result<(), String> {
    use costsim::pricing::offer;
    let mut collected = offer::Collected::default();
    if offer::read::read("offer.json", input, &mut collected).is_err() {
        return Ok(());
    }
    let Ok(imported) = offer::build(collected, "USD") else { return Ok(()) };
    super::accepted();
    let text = offer::write::catalog(&imported, "USD", pricing::BUILT_IN, "the built-in catalog")
        .map_err(|e| format!("the catalog cannot be written: {e}"))?;
    let catalog =
        Catalog::parse("imported.toml", &text).map_err(|e| format!("the imported catalog does not load: {e}"))?;
    for e in &imported.entries {
        let rates = catalog
            .rates(&e.region, e.architecture, e.effective_date)
            .map_err(|err| format!("{} {}: {err}", e.region, e.architecture))?;
        let got: Vec<(u64, rust_decimal::Decimal)> = rates
            .get(e.dimension)
            .map(|p| p.tiers.iter().map(|t| (u64::try_from(t.start).unwrap_or(u64::MAX), t.price)).collect())
            .unwrap_or_default();
        if got != e.tiers {
            return Err(format!(
                "{} {} {:?}: imported {:?}, the catalog has {got:?}",
                e.region, e.architecture, e.dimension, e.tiers
            ));
        }
    }
    check_finite("the imported catalog", &debug_numbers(&catalog))
}

// ---------------------------------------------------------------- shard files → merge

/// Shard files written by `costsim run --shard` itself (through the library's command runner): one of a scenario,
/// one of an application.
fn shard_corpus() -> Vec<Vec<u8>> {
    use clap::Parser;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let runs: [(&str, &[&str]); 2] = [
        ("scenario.json", &["scenarios/api.toml", "--memory", "512,1024", "--horizon-hours", "1", "--shard", "0/2"]),
        ("application.json", &["tests/data/apps/tiny.toml", "--shard", "0/1"]),
    ];
    runs.iter()
        .map(|(file, args)| {
            let out = dir.path().join(file);
            let mut argv = vec!["costsim", "run", "--replications", "1", "--date", "2026-01-15", "-q", "--out"];
            argv.push(out.to_str().expect("a UTF-8 path"));
            argv.extend_from_slice(args);
            let cli = costsim::cli::Cli::try_parse_from(argv).expect("the seed command line");
            costsim::commands::run(cli).expect("the seed shard");
            std::fs::read(&out).expect("the seed shard file")
        })
        .collect()
}

const SHARD_KEYS: &[&str] = &[
    "\"index\": ",
    "\"units\": [",
    "\"format_version\": 1",
    "\"shard\": ",
    "\"shards\": ",
    "\"weight\": ",
    // Values costsim never writes (the merge refuses them; the reader must still read them back as written).
    "\"memory_mb\": 64",
    "\"monthly_cost\": -5",
    "\"bucket_us\": 0",
];

/// An accepted shard file must write back as it reads: the merge relies on reading exactly what the shard wrote.
fn shard(input: &[u8]) -> Result<(), String> {
    use costsim::shard::ShardFile;
    let Ok(file) = ShardFile::parse("shard.json", input) else { return Ok(()) };
    super::accepted();
    let written = file.to_json().map_err(|e| format!("an accepted shard file does not write: {e}"))?;
    reads_back("shard file", &written, |w| {
        ShardFile::parse("again.json", w).map_err(|e| e.to_string())?.to_json().map_err(|e| e.to_string())
    })
}

/// What the file `written` reads as, written again by `rewrite` (parse, then write), must be `written`: the next
/// stage reads exactly what the one before it wrote. `what` names the file in the finding.
fn reads_back(what: &str, written: &[u8], rewrite: impl Fn(&[u8]) -> Result<Vec<u8>, String>) -> Result<(), String> {
    let rewritten = rewrite(written).map_err(|e| format!("a written {what} does not read: {e}"))?;
    if written != rewritten.as_slice() {
        return Err(format!("a {what} does not read back as it was written"));
    }
    Ok(())
}

// ---------------------------------------------------------------- baseline files → shards and merge

/// A baseline file written by `costsim run --baseline-only` itself, of the application with coupled functions.
fn baseline_corpus() -> Vec<Vec<u8>> {
    use clap::Parser;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("base.json");
    let argv = [
        "costsim",
        "run",
        "tests/data/apps/tiny.toml",
        "--replications",
        "1",
        "--date",
        "2026-01-15",
        "-q",
        "--baseline-only",
        "--out",
        out.to_str().expect("a UTF-8 path"),
    ];
    let cli = costsim::cli::Cli::try_parse_from(argv).expect("the seed command line");
    costsim::commands::run(cli).expect("the seed baseline");
    vec![std::fs::read(&out).expect("the seed baseline file")]
}

const BASELINE_KEYS: &[&str] = &[
    "\"format_version\":1",
    "\"coupled\":[true,false]",
    "\"counts\":[",
    "\"bounds\":[",
    "-1",
    "1e308",
    "18446744073709551615",
];

/// An accepted baseline file must write back as it reads: the shards and the merge rely on reading exactly what
/// the first stage wrote.
fn baseline(input: &[u8]) -> Result<(), String> {
    use costsim::shard::BaselineFile;
    let write = |file: &BaselineFile| {
        let mut out = Vec::new();
        file.write(&mut out).map(|()| out).map_err(|e| e.to_string())
    };
    let Ok(file) = BaselineFile::parse("base.json", input) else { return Ok(()) };
    super::accepted();
    let written = write(&file).map_err(|e| format!("an accepted baseline file does not write: {e}"))?;
    reads_back("baseline file", &written, |w| write(&BaselineFile::parse("again.json", w).map_err(|e| e.to_string())?))
}

// ---------------------------------------------------------------- logs and Power Tuning → calibrate

fn logs_corpus() -> Vec<Vec<u8>> {
    let mut c = files("tests/data/logs", "log");
    c.extend(files("tests/data/logs", "json"));
    c.extend(files("tests/data/logs", "csv"));
    c
}

fn logs(input: &[u8]) -> Result<(), String> {
    let mut m = Measurements::default();
    let mut reports = Vec::new();
    let summary = costsim::logs::read_reports(input, |r| {
        m.add_report(&r);
        reports.push(r);
    })
    .map_err(|e| format!("reading from memory failed: {e}"))?;
    if !reports.is_empty() {
        super::accepted();
    }
    check_finite("the REPORT records", &debug_numbers(&reports))?;
    check_finite("the log summary", &debug_numbers(&summary))?;
    calibrate_all(&m, false, &text(input))
}

fn power_tuning_corpus() -> Vec<Vec<u8>> {
    let mut c = files("tests/data/powertuning", "json");
    let link = "https://lambda-power-tuning.show/#AAIABAAI;AADIQgAAXkIAABxC;AAAAAAAAAAAAAAAA";
    let stats = r#"[{"value": 512, "averagePrice": 1.05e-6, "averageDuration": 100.0},
        {"value": 1024, "averagePrice": 1.2e-6, "averageDuration": 55.5}]"#;
    // Every accepted form: a link, a comparison link, a bare `stats` array, `{"results": …}`, and the output
    // string of `aws stepfunctions describe-execution`.
    c.push(link.as_bytes().to_vec());
    c.push(format!("{link};AAIABAAI;AADIQgAAXkIAABxC;AAAAAAAAAAAAAAAA;before%20fix;after").into_bytes());
    c.push(stats.as_bytes().to_vec());
    c.push(format!(r#"{{"results": {{"power": 512, "stats": {stats}}}}}"#).into_bytes());
    let output = serde_json::to_string(&format!(r#"{{"power": 1024, "stats": {stats}}}"#)).expect("a JSON string");
    c.push(format!(r#"{{"status": "SUCCEEDED", "output": {output}}}"#).into_bytes());
    c
}

fn power_tuning(input: &[u8]) -> Result<(), String> {
    let t = text(input);
    // A refusal (an error) is an allowed outcome; only what is accepted is checked further.
    let parsed = if powertuning::is_link(t.trim()) {
        powertuning::from_link(t.trim()).ok()
    } else {
        match serde_json::from_str::<serde_json::Value>(&t) {
            Ok(v) if powertuning::is_output(&v) => powertuning::from_json(&v).ok(),
            _ => return Ok(()),
        }
    };
    let Some(pt) = parsed else { return Ok(()) };
    super::accepted();
    check_finite("the Power Tuning result", &debug_numbers(&pt))?;
    let run = pt.runs.first().ok_or("a Power Tuning result with no run")?;
    for r in &pt.runs {
        powertuning::picks(r);
    }
    let mut m = Measurements::default();
    for r in &run.rows {
        m.add_mean(r.memory_mb, r.duration_ms);
    }
    calibrate_all(&m, true, &t)
}

/// What `costsim calibrate` does before its sweep: fit, print, write the scenario (which must load) and the chart.
fn calibrate_all(m: &Measurements, from_power_tuning: bool, input: &str) -> Result<(), String> {
    let options = CalibrateOptions::default();
    let Ok(cal) = calibrate::calibrate(m, &options) else { return Ok(()) };
    check_finite("the calibration", &debug_numbers(&cal))?;
    let o = ScenarioOptions {
        name: "fuzz".into(),
        inputs: vec!["fuzz input".into()],
        measured_arch: Architecture::X86_64,
        timeout_s: None,
        requests_per_second: None,
        runtime: None,
        cpu_fraction: options.cpu_fraction,
        from_power_tuning,
    };
    check_output("calibrate's summary", &calibrate::render_text(&cal, &o), input)?;
    let toml = calibrate::scenario_toml(&cal, &o);
    check_output("the calibrated scenario", &toml, input)?;
    Scenario::parse("calibrated.toml", &toml, built_in())
        .map_err(|e| format!("the calibrated scenario does not load: {e}"))?;
    let svg = chart::svg(&cal, "fuzz").map_err(|e| format!("the calibration chart fails: {e}"))?;
    check_output("the calibration chart", &svg, input)
}

// ---------------------------------------------------------------- traces

fn trace_corpus() -> Vec<Vec<u8>> {
    let mut azure = String::from("HashOwner,HashApp,HashFunction,Trigger");
    for m in 1..=1440 {
        azure.push_str(&format!(",{m}"));
    }
    for (app, func, busy) in [("a1", "f1", 1), ("a2", "f2", 720), ("a3", "f1", 5)] {
        azure.push_str(&format!("\no{app},{app},{func},http"));
        for m in 1..=1440 {
            azure.push_str(if m == busy || m == 1440 { ",3" } else { ",0" });
        }
    }
    azure.push('\n');
    vec![
        read("scenarios/traces/api-per-minute.csv"),
        b"timestamp,request\n0.5,a\n1.0,b\n1.0,c\n2.25,d\n".to_vec(),
        b"2024-01-15T10:00:00Z\n2024-01-15T10:00:00.250Z\n2024-01-15 10:01:00\n1705313000000\n".to_vec(),
        b"3\n0\n12\n".to_vec(),
        azure.into_bytes(),
    ]
}

fn trace(input: &[u8]) -> Result<(), String> {
    let path = scratch().join("trace.csv");
    std::fs::write(&path, input).map_err(|e| format!("cannot write the trace: {e}"))?;
    let formats =
        [(TraceFormat::Timestamps, None), (TraceFormat::PerMinute, None), (TraceFormat::Azure2019, Some("f2"))];
    for (format, function) in formats {
        let Ok(t) = Trace::open(&path, format, function, 1.0) else { continue };
        super::accepted();
        stream(t, format)?;
    }
    Ok(())
}

/// Replays an accepted trace: exactly `total` requests, in order, none after its duration.
fn stream(t: Trace, format: TraceFormat) -> Result<(), String> {
    let (total, duration) = (t.total(), t.duration_us());
    let what = format!("{format:?} trace of {total} requests over {duration} µs");
    // A float-to-integer cast saturates at the maximum: a span too long for the clock was not rejected.
    if duration == u64::MAX {
        return Err(format!("{what}: its duration saturated the clock"));
    }
    if total > STREAM_BUDGET {
        return Ok(());
    }
    let trace = Arc::new(t);
    let mut source = TraceSource::new(trace.clone());
    let mut rng = <rand_pcg::Pcg64Mcg as rand::SeedableRng>::seed_from_u64(1);
    let (mut n, mut last) = (0u64, 0u64);
    while let Some(at) = source.next(&mut rng) {
        n += 1;
        if at < last || at > duration || n > total {
            return Err(format!("{what}: request {n} at {at} µs (previous {last} µs)"));
        }
        last = at;
    }
    if n != total {
        return Err(format!("{what}: replayed {n} requests"));
    }
    if let Some(e) = trace.stream_error() {
        return Err(format!("{what}: streaming failed after opening: {e}"));
    }
    Ok(())
}

// ---------------------------------------------------------------- report.json → every renderer

/// Two seed reports, made by the library as `costsim run` makes them: one with every point feasible, one where
/// the smallest size runs out of memory.
fn report_corpus() -> Vec<Vec<u8>> {
    let scenario = |required: u32| {
        format!(
            "[scenario]\nname = \"seed\"\nhorizon_hours = 1\nreplications = 2\n[function]\nruntime = \"python3.12\"\n\
             io_ms = 20.0\ncpu_ms = 80.0\nrequired_memory_mb = {required}\n[traffic]\nrequests_per_second = 0.5\n\
             [sweep]\nmemory_mb = [128, 512, 1769]\narchitectures = [\"x86_64\", \"arm64\"]\n[recommend]\nslo_ms = 400\n"
        )
    };
    [100, 300]
        .into_iter()
        .map(|required| {
            let text = scenario(required);
            let s = Scenario::parse("seed.toml", &text, built_in()).expect("the seed scenario");
            let points = costsim::sweep::run(&s, built_in(), date()).expect("the seed sweep");
            let r = RunReport::new(&s, text, Vec::new(), built_in(), date(), points).expect("the seed report");
            r.render(RunFormat::Json).into_bytes()
        })
        .collect()
}

fn report(input: &[u8]) -> Result<(), String> {
    let t = text(input);
    let Ok(r) = RunReport::from_json("report.json", &t) else { return Ok(()) };
    super::accepted();
    for format in [RunFormat::Table, RunFormat::Csv, RunFormat::Markdown] {
        check_output(&format!("the report as {format:?}"), &r.render(format), &t)?;
    }
    let drawn = charts::all(&r);
    for c in &drawn {
        check_output(c.file_name(), &c.svg, &t)?;
    }
    check_output("index.html", &r.html(&drawn), &t)?;
    // What `render --format json` writes must read back, and render the same.
    let json = r.render(RunFormat::Json);
    check_output("the report as JSON", &json, &t)?;
    let again = RunReport::from_json("again.json", &json)
        .map_err(|e| format!("the rendered report.json does not read back: {e}"))?;
    if again.render(RunFormat::Json) != json {
        return Err("the rendered report.json renders differently once read back".into());
    }
    Ok(())
}

// ---------------------------------------------------------------- two report.json → costsim diff

/// The first seed report, read back: the other side of every diff.
fn seed_report() -> &'static RunReport {
    static SEED: OnceLock<RunReport> = OnceLock::new();
    SEED.get_or_init(|| {
        let text = String::from_utf8(report_corpus().swap_remove(0)).expect("JSON text");
        RunReport::from_json("seed.json", &text).expect("the seed report reads back")
    })
}

/// A report diffed against the seed both ways, at today's setting and at two picks, in every format and under a
/// percent and an amount limit: no panic, finite numbers, and the JSON's total change is head − base.
fn diff(input: &[u8]) -> Result<(), String> {
    let t = text(input);
    let Ok(r) = RunReport::from_json("head.json", &t) else { return Ok(()) };
    super::accepted();
    let seed = seed_report();
    for (b, h) in [(seed, &r), (&r, seed)] {
        let today = b.recommendations.current.is_some() && h.recommendations.current.is_some();
        for pick in [Objective::Cost, Objective::Slo] {
            let sides = diff_render::run_side("b.json", b, today, pick)
                .and_then(|bs| Ok((bs, diff_render::run_side("h.json", h, today, pick)?)));
            // A report with no point to compare, or in another currency, is refused: fine.
            let Ok(d) = sides.and_then(|(bs, hs)| costsim::diff::compare(&bs, &hs)) else { continue };
            for limit in ["10%", "50USD"] {
                let limit: costsim::diff::Limit = limit.parse().expect("a limit");
                let verdict = limit.check(&d.total, &d.currency).ok();
                for format in [DiffFormat::Table, DiffFormat::Md, DiffFormat::Json] {
                    let out = diff_render::render(&d, verdict.as_ref(), format);
                    check_output(&format!("the diff as {format:?}"), &out, &t)?;
                }
            }
            let json: serde_json::Value = serde_json::from_str(&diff_render::render(&d, None, DiffFormat::Json))
                .map_err(|e| format!("the diff's JSON does not read: {e}"))?;
            let dec = |v: &serde_json::Value| v.to_string().parse::<rust_decimal::Decimal>().ok();
            let total = &json["total"];
            let (base, head, change) = (dec(&total["base"]), dec(&total["head"]), dec(&total["change"]));
            if base.zip(head).map(|(b, h)| h - b) != change {
                return Err(format!("the diff's total change {change:?} is not head − base ({head:?} − {base:?})"));
            }
        }
    }
    Ok(())
}
