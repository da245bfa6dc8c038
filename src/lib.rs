//! costsim: a serverless cost and power-tuning simulator for AWS Lambda.
#![deny(missing_docs)]

pub mod architecture;
pub mod sim;
pub mod workload;

pub use architecture::Architecture;
