//! costsim: a serverless cost and power-tuning simulator for AWS Lambda.
//!
//! - [`pricing`]: the catalog of prices (data in `pricing/*.toml`) and the itemised monthly bill.
//! - [`scenario`]: scenario files, validated once, with `file:line:column` errors.
//! - [`workload`]: the function (duration against memory, INIT, memory floor, timeout) and its traffic.
//! - [`trigger`]: how events reach the function (sync, async with retries, SQS batches, schedules).
//! - [`sim`]: the discrete-event simulation of one memory size and architecture.
//! - [`sweep`]: every memory size × architecture × replication in parallel, scaled to a month and priced.
//! - [`recommend`]: cost-, speed-optimal, balanced and SLO choices, and the Pareto frontier.
//! - [`report`]: tables, CSV, JSON, Markdown, HTML and charts.
//! - [`diff`]: two runs compared (`costsim diff`): per function and in total, and the `--fail-above` guardrail.
//! - [`iac`]: functions read from Terraform, SAM/CloudFormation and serverless.yml, written as an application file.
//! - [`warning`]: typed warnings carried in bills and reports, with the sentence each says.
//! - [`shard`]: a run split into N shards for array jobs (`run --shard K/N`), and merged (`costsim merge`).
//! - [`limits`]: the size limit of each kind of input file, raised by `--max-input-mb`.
//! - [`logs`] and [`calibrate`]: Lambda REPORT records and Power Tuning results turned into a fitted scenario.
//!
//! ```
//! use costsim::pricing::Catalog;
//! use costsim::scenario::Scenario;
//!
//! let catalog = Catalog::built_in();
//! let text = r#"
//! [scenario]
//! name = "doc"
//! horizon_hours = 1
//! replications = 1
//! [function]
//! runtime = "python3.12"
//! io_ms = 20.0
//! cpu_ms = 80.0
//! [traffic]
//! requests_per_second = 1.0
//! [sweep]
//! memory_mb = [512, 1769]
//! architectures = ["arm64"]
//! "#;
//! let scenario = Scenario::parse("doc.toml", text, &catalog)?;
//! let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
//! let points = costsim::sweep::run(&scenario, &catalog, date)?;
//! // 80 ms of CPU work at 1 vCPU takes 80 / (512 / 1769) ≈ 276 ms at 512 MB, and 80 ms at 1,769 MB.
//! assert!(points[1].latency.mean_ms < points[0].latency.mean_ms);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
// Doc comments carry units in brackets (`/// Billed duration [ms]`), which rustdoc would read as links.
#![allow(rustdoc::broken_intra_doc_links)]

pub mod architecture;
pub mod calibrate;
pub mod cli;
pub mod commands;
pub mod diagnostic;
pub mod diff;
pub mod fleet;
pub mod iac;
pub mod limits;
pub mod logs;
pub mod output;
pub mod pricing;
pub mod quantity;
pub mod recommend;
pub mod report;
pub mod scenario;
pub mod shard;
pub mod sim;
pub mod sweep;
pub mod trigger;
pub mod warning;
pub mod workload;

pub use architecture::Architecture;
pub use warning::Warning;
