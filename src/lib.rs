//! costsim: a serverless cost and power-tuning simulator for AWS Lambda.
//!
//! - [`pricing`]: the catalog of prices (data in `pricing/*.toml`) and the itemised monthly bill.
//! - [`logs`] and [`calibrate`]: Lambda REPORT records and Power Tuning results turned into a fitted scenario.
#![deny(missing_docs)]
// Doc comments carry units in brackets (`/// Billed duration [ms]`), which rustdoc would read as links.
#![allow(rustdoc::broken_intra_doc_links)]

pub mod architecture;
pub mod calibrate;
pub mod cli;
pub mod commands;
pub mod diagnostic;
pub mod logs;
pub mod output;
pub mod pricing;
pub mod quantity;
pub mod recommend;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod sweep;
pub mod workload;

pub use architecture::Architecture;
