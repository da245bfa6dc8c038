//! costsim: a serverless cost and power-tuning simulator for AWS Lambda.
//!
//! - [`pricing`]: the catalog of prices (data in `pricing/*.toml`) and the itemised monthly bill.
#![deny(missing_docs)]

pub mod architecture;
pub mod cli;
pub mod commands;
pub mod diagnostic;
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
