//! The command line: clap definitions only. Values are checked when the command turns them into a config.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::report::bill::BillFormat;
use crate::report::diff::DiffFormat;
use crate::report::run::RunFormat;

// The `--format` values, here rather than in the report module: the library's formats know nothing of clap, and
// the command line names them (`md`, with `markdown` as an alias) in one place.

/// `--format` of `costsim run` and `costsim merge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RunFormatArg {
    /// The sweep as a table with the recommendations, for the terminal.
    Table,
    /// One row per point, fixed units, for spreadsheets.
    Csv,
    /// The whole report, versioned.
    Json,
    /// The recommendations and the sweep in Markdown (`summary.md`).
    #[value(name = "md", alias = "markdown")]
    Markdown,
}

impl From<RunFormatArg> for RunFormat {
    fn from(f: RunFormatArg) -> RunFormat {
        match f {
            RunFormatArg::Table => RunFormat::Table,
            RunFormatArg::Csv => RunFormat::Csv,
            RunFormatArg::Json => RunFormat::Json,
            RunFormatArg::Markdown => RunFormat::Markdown,
        }
    }
}

/// `--format` of `costsim price`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BillFormatArg {
    /// A cost breakdown for the terminal, in the style of infracost.
    Table,
    /// One row per function with a column per component, for spreadsheets.
    Csv,
    /// The whole bill, versioned, for programs.
    Json,
    /// The breakdown as a Markdown table, for pull requests and wikis.
    #[value(name = "md", alias = "markdown")]
    Markdown,
}

impl From<BillFormatArg> for BillFormat {
    fn from(f: BillFormatArg) -> BillFormat {
        match f {
            BillFormatArg::Table => BillFormat::Table,
            BillFormatArg::Csv => BillFormat::Csv,
            BillFormatArg::Json => BillFormat::Json,
            BillFormatArg::Markdown => BillFormat::Markdown,
        }
    }
}

/// `--format` of `costsim diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormatArg {
    /// Per function and in total, for the terminal (about 100 columns).
    Table,
    /// A pull-request comment: the headline, the changed functions, details folded.
    #[value(alias = "markdown")]
    Md,
    /// Everything compared, versioned, money as exact decimals.
    Json,
}

impl From<DiffFormatArg> for DiffFormat {
    fn from(f: DiffFormatArg) -> DiffFormat {
        match f {
            DiffFormatArg::Table => DiffFormat::Table,
            DiffFormatArg::Md => DiffFormat::Md,
            DiffFormatArg::Json => DiffFormat::Json,
        }
    }
}

pub use crate::report::terminal::ColorChoice;
use crate::scenario::Objective;

/// Serverless cost and power-tuning simulator for AWS Lambda.
#[derive(Debug, Parser)]
#[command(name = "costsim", version, about, long_about = None)]
pub struct Cli {
    /// Raise the size limit of every input file read whole (scenario, catalog, sheet, report.json, Power Tuning
    /// result, trace) to at least MB MiB. Line limits and the bounds on simulated work stay.
    #[arg(long, global = true, value_name = "MB")]
    pub max_input_mb: Option<u64>,
    /// When to emphasise the recommended rows of a table with bold and colour. `auto`: when standard output is a
    /// terminal and NO_COLOR is unset or empty. The table fits the terminal's width (or COLUMNS when set).
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario at every memory size and architecture, price each, and recommend a setting.
    Run(Box<RunArgs>),
    /// Price one function from monthly averages, or a budgeting sheet of functions (--input).
    Price(Box<PriceArgs>),
    /// Re-render a saved run (report.json) without simulating again.
    Render(RenderArgs),
    /// Merge the shard files of `costsim run --shard K/N` into the report folder one machine would write.
    Merge(Box<MergeArgs>),
    /// Fit a scenario to Lambda REPORT logs or Power Tuning results, chart the fit and sweep the result.
    Calibrate(Box<CalibrateArgs>),
    /// Read the functions from Terraform, SAM/CloudFormation or serverless.yml and write an application file.
    Import(Box<ImportArgs>),
    /// Compare two runs (report.json or report folders): monthly cost and latency per function and in total.
    Diff(DiffArgs),
    /// Pricing catalogs: write one from AWS's Price List, or check one.
    #[command(subcommand)]
    Pricing(PricingCommand),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Examples:\n  costsim completions bash > ~/.local/share/bash-completion/completions/costsim\n  \
costsim completions zsh > ~/.zfunc/_costsim\n  costsim completions fish > ~/.config/fish/completions/costsim.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per subcommand into a folder.
    #[command(after_help = "Examples:\n  costsim man | man -l -\n  costsim man --out /usr/local/share/man/man1")]
    Man(ManArgs),
}

/// `costsim completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `costsim man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write costsim.1 and a page per subcommand (costsim-run.1, …) into DIR instead of printing costsim.1.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `costsim pricing …`.
#[derive(Debug, Subcommand)]
pub enum PricingCommand {
    /// Write a catalog from AWS Price List offer data: a bulk offer file or `aws pricing get-products` output.
    Import(PricingImportArgs),
    /// Check a catalog and say what it holds and how it was made.
    Check(PricingCheckArgs),
}

/// `costsim pricing import`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
curl -o lambda.json https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AWSLambda/current/index.json\n  \
costsim pricing import lambda.json --out pricing/2025-10\n  \
aws pricing get-products --service-code AWSLambda --region us-east-1 > page1.json\n  \
costsim pricing import page1.json page2.json --out pricing/lambda --force\n  \
costsim price --pricing pricing/2025-10 --requests 10M --duration-ms 120 --memory-mb 512\n\n\
The Lambda prices come from the files (every region with requests and duration for both architectures); the rules \
that the Price List does not hold (billing granularity, free tier, INIT billing, rounding) and the event sources' prices \
come from --base. Exit status: 0 written; 1 a file that is not offer data or a price that cannot be used (nothing is \
written); 2 an I/O error.")]
pub struct PricingImportArgs {
    /// Offer files (`-` for standard input): AWSLambda bulk offer JSON, or get-products pages.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// The catalog folder to write (DIR/aws-lambda.toml, as --pricing DIR reads it), or a .toml file.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// The catalog whose rules and event-source prices are kept (a folder or a file; default: the built-in one).
    #[arg(long, value_name = "PATH")]
    pub base: Option<PathBuf>,
    /// Overwrite the catalog if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `costsim pricing check`.
#[derive(Debug, Args)]
pub struct PricingCheckArgs {
    /// A catalog folder or file (default: the built-in catalog).
    #[arg(value_name = "PATH")]
    pub catalog: Option<PathBuf>,
}

/// `costsim import`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  costsim import infra/ --out shop.toml\n  \
costsim import template.yaml --var Stage=prod --out shop.toml\n  \
costsim import serverless.yml --stage prod --out shop.toml\n  \
terraform show -json plan.tfplan > plan.json && costsim import plan.json --out shop.toml\n\n\
Exit status: 0 when every path was read; 1 when a file does not parse or holds a value Lambda refuses (nothing is \
written, unless --keep-going); 2 on an I/O error.")]
pub struct ImportArgs {
    /// Terraform directories or .tf files, `terraform show -json` output, SAM/CloudFormation templates, serverless.yml.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// The format of every PATH (default: detected from each path's name and contents).
    #[arg(long, value_enum)]
    pub format: Option<crate::iac::Format>,
    /// Where to write the application file; `-` is standard output.
    #[arg(long, short, value_name = "FILE", default_value = "app.toml")]
    pub out: PathBuf,
    /// The application's name (default: the file name of --out, or the first PATH's).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Region when the code names none.
    #[arg(long, value_name = "REGION", default_value = "us-east-1")]
    pub region: String,
    /// Billing date written into the file, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// A value for a Terraform variable, a CloudFormation parameter or a Serverless option: NAME=VALUE (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// The Serverless Framework stage (default: provider.stage, else dev).
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,
    /// An environment variable for `${env:NAME}` in serverless.yml: NAME=VALUE (repeatable; the shell's are not read).
    #[arg(long = "env", value_name = "NAME=VALUE")]
    pub env: Vec<String>,
    /// An earlier application file (its placeholders filled) whose traffic, work, sweep and objectives are kept
    /// for the functions of the same name: the code gives the settings, this file the usage.
    #[arg(long, value_name = "FILE")]
    pub usage: Option<PathBuf>,
    /// Write what could be read when a path fails, and still exit 1.
    #[arg(long)]
    pub keep_going: bool,
    /// Overwrite --out if it exists.
    #[arg(long)]
    pub force: bool,
}

/// What `costsim render` produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderFormat {
    /// The sweep table and recommendations, for the terminal.
    Table,
    /// One row per point (the run's sweep.csv).
    Csv,
    /// The report itself, re-written.
    Json,
    /// The Markdown summary (the run's summary.md).
    #[value(alias = "markdown")]
    Md,
    /// The self-contained HTML page (the run's index.html).
    Html,
    /// The charts, as SVG files in the --out folder.
    Svg,
    /// The charts, as PNG files in the --out folder.
    Png,
}

/// `costsim render`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  costsim render reports/api/report.json --format md\n  \
costsim render reports/api/report.json --format html --out /tmp/api.html\n  \
costsim render reports/api/report.json --format svg --out /tmp/charts")]
pub struct RenderArgs {
    /// A report.json written by `costsim run`.
    #[arg(value_name = "REPORT")]
    pub report: PathBuf,
    /// What to produce.
    #[arg(long, value_enum, default_value = "table")]
    pub format: RenderFormat,
    /// Write to this file (a folder for svg; default: standard output, or charts/ beside the report for svg).
    #[arg(long, short, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

/// `costsim diff`.
#[derive(Debug, Args)]
#[command(after_help = "What is compared is what is deployed: each function of an application at today's settings \
(matched by name; added and removed functions listed as such) and the account's bill today (all functions priced \
together, the free tier once) as the total; for a single function's run report, its [current] setting (when either report states none, both \
compare the --pick recommendation). The recommended totals of both sides are shown too.\n\n\
Exit status:\n  \
0  compared, and within --fail-above\n  \
1  invalid input: a file that is not a costsim report, reports of two kinds or currencies, a --fail-above that is \
not a limit\n  \
2  usage errors and I/O failures (a missing file, a full disk)\n  \
3  the monthly total rose by more than --fail-above (strictly); the diff is printed or written first\n\n\
Examples:\n  costsim diff reports/base reports/head\n  \
costsim diff reports/base reports/head --format md --out diff.md --fail-above 10%\n  \
costsim diff base/report.json head/report.json --format json --fail-above 50USD")]
pub struct DiffArgs {
    /// The run before the change: a report.json written by `costsim run`, or its report folder.
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// The run after the change: a report of the same kind (two applications, or two single functions).
    #[arg(value_name = "HEAD")]
    pub head: PathBuf,
    /// What to produce.
    #[arg(long, value_enum, default_value = "table")]
    pub format: DiffFormatArg,
    /// Write to FILE instead of standard output (written completely or not at all).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Exit with status 3 when the monthly total rises by more than LIMIT: a percent of BASE's total (10%) or an
    /// amount a month (50USD, 50 USD, or '$50' quoted in a shell). A decrease never fails.
    #[arg(long, value_name = "LIMIT", allow_hyphen_values = true)]
    pub fail_above: Option<String>,
    /// Run reports: the recommendation shown as the recommended total, and compared on both sides instead of today's
    /// setting when either report states no [current].
    #[arg(long, value_enum, default_value = "balanced")]
    pub pick: Objective,
}

/// `costsim run`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  costsim run scenarios/api.toml\n  \
costsim run scenarios/image-resize.toml --memory '512..=4096 step 256' --arch arm64 --format csv\n  \
costsim run scenarios/queue-worker.toml --seed 7 --replications 10 --out /tmp/queue")]
pub struct RunArgs {
    /// The scenario file (see scenarios/README.md).
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// Seed of the first replication (default: the scenario's, else 42).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Worker threads (default: one per core; at most 8 per core, 256 in all). Results do not depend on it.
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
    /// What to print on standard output.
    #[arg(long, value_enum, default_value = "table")]
    pub format: RunFormatArg,
    /// Memory sizes to sweep: "128,512,1024" or "128..=3008 step 64" [MB].
    #[arg(long, value_name = "SIZES")]
    pub memory: Option<String>,
    /// Architectures to sweep: x86_64, arm64 or both ("x86_64,arm64").
    #[arg(long, value_name = "ARCHS")]
    pub arch: Option<String>,
    /// Replications per point (more: tighter confidence intervals).
    #[arg(long, value_name = "N")]
    pub replications: Option<u32>,
    /// Simulated hours per replication (730 = a full month).
    #[arg(long, value_name = "H")]
    pub horizon_hours: Option<u32>,
    /// Billing date, YYYY-MM-DD (default: the scenario's, else today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Report folder (default: `reports/<scenario name>/`); with --shard or --shards, the shard file.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Pricing catalog: a directory holding aws-lambda.toml, or a file (default: the built-in catalog).
    #[arg(long, value_name = "DIR")]
    pub pricing: Option<PathBuf>,
    /// Also allow trace files under DIR (repeatable); by default they must be inside the scenario's folder.
    #[arg(long = "allow-path", value_name = "DIR")]
    pub allow_path: Vec<PathBuf>,
    /// Also write the charts as PNG (charts/*.png), for slides.
    #[arg(long)]
    pub png: bool,
    /// Print nothing but errors on standard error: no progress, notes or warnings (standard output still gets
    /// what --format asks for).
    #[arg(long, short)]
    pub quiet: bool,
    /// Compute only shard K of N (0 <= K < N) of the work units and write them to --out FILE, a shard file for
    /// `costsim merge` (see docs/scale-out.md).
    #[arg(long, value_name = "K/N", conflicts_with = "shards")]
    pub shard: Option<String>,
    /// Compute one shard of N, K read from JOB_COMPLETION_INDEX (Kubernetes Indexed Job),
    /// AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch) or SLURM_ARRAY_TASK_ID (Slurm: give --array=0-(N-1)).
    #[arg(long, value_name = "N")]
    pub shards: Option<String>,
    /// Simulate only an application's account at today's settings, what every shard of it would simulate
    /// first, and write it to --out FILE: a baseline file for --shard K/N --baseline FILE and `costsim merge
    /// --baseline FILE` (see docs/scale-out.md).
    #[arg(long, conflicts_with_all = ["shard", "shards", "baseline"])]
    pub baseline_only: bool,
    /// With --shard or --shards: read today's account from FILE, written by --baseline-only with the same input
    /// and options, instead of simulating it again.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

/// `costsim merge`.
#[derive(Debug, Args)]
#[command(after_help = "Every shard of one `costsim run --shard K/N` (same input, options, catalog, seed and \
costsim) must be given, each once; the input is read again from the path the shards name, so merge from the folder \
the shards ran in (or give them an absolute path).\n\n\
Examples:\n  costsim run scenarios/api.toml --shard 0/2 --out parts/0.json\n  \
costsim run scenarios/api.toml --shard 1/2 --out parts/1.json\n  \
costsim merge parts/ --out reports/api\n\nAn application, today's account simulated once (docs/scale-out.md):\n  costsim run scenarios/shop.toml --baseline-only --out base.json\n  costsim run scenarios/shop.toml --shard 0/2 --baseline base.json --out parts/0.json\n  costsim run scenarios/shop.toml --shard 1/2 --baseline base.json --out parts/1.json\n  costsim merge parts/ --baseline base.json --out reports/shop")]
pub struct MergeArgs {
    /// Shard files, or folders holding them (every *.json file directly inside).
    #[arg(value_name = "FILES_OR_DIRS", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Report folder (default: `reports/<name>/`).
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Merge the units there are when some are missing, and mark the report incomplete.
    #[arg(long)]
    pub partial: bool,
    /// Read an application's account at today's settings from FILE, the baseline file its shards used
    /// (`costsim run --baseline-only`), instead of simulating it again.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// What to print on standard output.
    #[arg(long, value_enum, default_value = "table")]
    pub format: RunFormatArg,
    /// Worker threads for what an application's merge simulates (today's account, the adopted set together).
    #[arg(long, short, value_name = "N")]
    pub jobs: Option<usize>,
    /// Also write the charts as PNG (charts/*.png), for slides.
    #[arg(long)]
    pub png: bool,
    /// Print nothing but errors on standard error: no progress, notes or warnings (standard output still gets
    /// what --format asks for).
    #[arg(long, short)]
    pub quiet: bool,
}

/// `costsim price`.
#[derive(Debug, Args)]
#[command(
    allow_negative_numbers = true,
    after_help = "Examples:\n  costsim price --requests 5M --duration-ms 120 --memory-mb 512\n  \
costsim price --requests 30M --duration-ms 250 --memory-mb 1024 --arch arm64 --region eu-west-1 --format json\n  \
costsim price --requests 20M --duration-ms 90 --memory-mb 512 --api-requests 20M --api-kind http_api\n  \
costsim price --requests 5M --duration-ms 300 --memory-mb 1024 --sqs-requests 12M --sqs-payload-kb 100\n  \
costsim price --input scenarios/functions.csv --out budget.csv"
)]
pub struct PriceArgs {
    /// Invocations per month (accepts 5M, 1.5k, 2_000_000).
    #[arg(long, value_name = "N", required_unless_present = "input", conflicts_with = "input")]
    pub requests: Option<String>,
    /// Average invoke duration [ms].
    #[arg(long, value_name = "MS", required_unless_present = "input", conflicts_with = "input")]
    pub duration_ms: Option<String>,
    /// Configured memory, 128–10240 [MB].
    #[arg(long, value_name = "MB", required_unless_present = "input", conflicts_with = "input")]
    pub memory_mb: Option<String>,
    /// Architecture: x86_64 or arm64.
    #[arg(long, value_name = "ARCH", default_value = "x86_64")]
    pub arch: String,
    /// AWS region code.
    #[arg(long, value_name = "REGION", default_value = "us-east-1")]
    pub region: String,
    /// Function name shown on the bill.
    #[arg(long, value_name = "NAME", default_value = "function")]
    pub name: String,
    /// Share of on-demand invocations that are cold starts, 0–1.
    #[arg(long, value_name = "RATIO", requires = "init_ms")]
    pub cold_start_ratio: Option<String>,
    /// Average INIT duration of a cold start [ms].
    #[arg(long, value_name = "MS")]
    pub init_ms: Option<String>,
    /// Provisioned-concurrency environments.
    #[arg(long, value_name = "N")]
    pub provisioned: Option<String>,
    /// Hours a month provisioned concurrency is enabled [h] (default: all month, 730 h).
    #[arg(long, value_name = "H", requires = "provisioned", conflicts_with = "provisioned_window")]
    pub provisioned_hours: Option<String>,
    /// A daily window provisioned concurrency is enabled, HH:MM-HH:MM (e.g. 08:00-20:00), billed per day.
    #[arg(long, value_name = "HH:MM-HH:MM", requires = "provisioned")]
    pub provisioned_window: Option<String>,
    /// Share of the month's requests that arrive while provisioned concurrency is enabled, 0–1
    /// (default: its share of the month's hours, as if traffic were uniform).
    #[arg(long, value_name = "RATIO", requires = "provisioned")]
    pub provisioned_traffic_share: Option<String>,
    /// Ephemeral storage, 512–10240 [MB].
    #[arg(long, value_name = "MB")]
    pub ephemeral_mb: Option<String>,
    /// Packaging: zip, image or custom_runtime (INIT billing before 2025-08-01 depends on it).
    #[arg(long, value_name = "TYPE", default_value = "zip")]
    pub package: String,
    /// SnapStart on: snapshot cache all month and a restore per cold start (free for Java; leave off there).
    #[arg(long)]
    pub snapstart: bool,
    /// SQS requests a month of the function's queue: receives, deletes and empty receives (5M, 1.5k).
    #[arg(long, value_name = "N", conflicts_with = "input")]
    pub sqs_requests: Option<String>,
    /// The queue is a FIFO queue (priced higher than a standard one).
    #[arg(long, requires = "sqs_requests")]
    pub sqs_fifo: bool,
    /// Average payload of one SQS request [KB]: each 64 KB chunk is billed as one request.
    #[arg(long, value_name = "KB", requires = "sqs_requests")]
    pub sqs_payload_kb: Option<String>,
    /// API calls a month (5M, 1.5k); say which API with --api-kind.
    #[arg(long, value_name = "N", conflicts_with = "input")]
    pub api_requests: Option<String>,
    /// The API in front of the function: rest_api, http_api, function_url (no charge) or none.
    #[arg(long, value_name = "KIND", default_value = "none")]
    pub api_kind: String,
    /// Average HTTP API request size [KB]: HTTP APIs meter each 512 KB as one call (http_api only).
    #[arg(long, value_name = "KB", requires = "api_requests")]
    pub api_payload_kb: Option<String>,
    /// Schedule invocations a month (e.g. 43.8k for once a minute).
    #[arg(long, value_name = "N", conflicts_with = "input")]
    pub scheduler_invocations: Option<String>,
    /// What fires the schedule: scheduler (EventBridge Scheduler) or rule (a legacy scheduled rule, priced $0).
    #[arg(long, value_name = "KIND", default_value = "scheduler")]
    pub schedule_kind: String,
    /// Compute Savings Plan discount on duration and provisioned concurrency [%].
    #[arg(long, value_name = "PCT")]
    pub savings_plan: Option<String>,
    /// Billing date, YYYY-MM-DD: which prices and rules apply (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The account's free tiers are used up elsewhere: apply none of them (Lambda, SQS, EventBridge, API Gateway).
    #[arg(long)]
    pub no_free_tier: bool,
    /// The account is in its first 12 months of the Free Tier (created before 2025-07-15): also credit API
    /// Gateway's 12-month free calls (1M REST, 1M HTTP a month).
    #[arg(long, conflicts_with = "no_free_tier")]
    pub twelve_month_free_tier: bool,
    /// Budgeting sheet: CSV with one function per row (see scenarios/functions.csv).
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// With --input: price the valid rows even if some rows are invalid (exit status 1 all the same).
    #[arg(long, requires = "input")]
    pub keep_going: bool,
    /// Output format (default: table, or csv with --input).
    #[arg(long, value_enum)]
    pub format: Option<BillFormatArg>,
    /// Write to FILE instead of standard output (written completely or not at all).
    #[arg(long = "out", short, visible_alias = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Pricing catalog: a directory holding aws-lambda.toml, or a file (default: the built-in catalog).
    #[arg(long, value_name = "DIR")]
    pub pricing: Option<PathBuf>,
}

/// `costsim calibrate`.
#[derive(Debug, Args)]
#[command(after_help = "Inputs: REPORT lines (text or JSON log format), `aws logs filter-log-events` output, a Logs \
Insights CSV export, Power Tuning output JSON, or a https://lambda-power-tuning.show/#… link; `-` reads standard input.\n\n\
Examples:\n  costsim calibrate scenarios/samples/checkout-512mb.log --out scenarios/checkout.toml\n  \
costsim calibrate scenarios/samples/checkout-power-tuning.json --arch arm64\n  \
aws logs filter-log-events --log-group-name /aws/lambda/checkout --filter-pattern REPORT | costsim calibrate -")]
pub struct CalibrateArgs {
    /// Log files, Power Tuning output or links; `-` is standard input.
    #[arg(value_name = "LOGS", required = true)]
    pub inputs: Vec<String>,
    /// Where to write the scenario (default: calibrated.toml).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Where to write the chart of measured against fitted durations (default: the scenario's path with .svg).
    #[arg(long, value_name = "FILE")]
    pub chart: Option<PathBuf>,
    /// Scenario name (default: the file name of --out).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Headroom on the largest Max Memory Used for the memory floor [%].
    #[arg(long, value_name = "PCT", default_value_t = 20.0)]
    pub headroom: f64,
    /// With one memory size: the share of its mean duration assumed to be CPU work, 0–1 (I/O is the rest).
    #[arg(long, value_name = "F", default_value_t = 0.5)]
    pub cpu_fraction: f64,
    /// Architecture the measurements ran on.
    #[arg(long, value_name = "ARCH", default_value = "x86_64")]
    pub arch: String,
    /// Runtime, for INIT defaults when the logs hold no cold start (e.g. python3.12).
    #[arg(long, value_name = "NAME")]
    pub runtime: Option<String>,
    /// The function's timeout [s] (default: the smallest ≥ 3 s covering the longest measured duration).
    #[arg(long, value_name = "S")]
    pub timeout_s: Option<u32>,
    /// Request rate to simulate (default: the rate in the logs' timestamps, else a placeholder of 1).
    #[arg(long, value_name = "R")]
    pub requests_per_second: Option<f64>,
    /// Billing date of the sweep, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Pricing catalog: a directory holding aws-lambda.toml, or a file (default: the built-in catalog).
    #[arg(long, value_name = "DIR")]
    pub pricing: Option<PathBuf>,
    /// Only fit and write: do not sweep the calibrated scenario.
    #[arg(long)]
    pub no_run: bool,
}

// By hand rather than derived: the report layer's type stays free of clap.
impl clap::ValueEnum for ColorChoice {
    fn value_variants<'a>() -> &'a [Self] {
        &[ColorChoice::Auto, ColorChoice::Always, ColorChoice::Never]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use clap::builder::PossibleValue;
        Some(match self {
            ColorChoice::Auto => {
                PossibleValue::new("auto").help("When standard output is a terminal, without NO_COLOR")
            }
            ColorChoice::Always => PossibleValue::new("always").help("Always, into pipes and files too"),
            ColorChoice::Never => PossibleValue::new("never").help("Never"),
        })
    }
}
