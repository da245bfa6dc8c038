//! costsim: a serverless cost and power-tuning simulator for AWS Lambda.
#![deny(missing_docs)]

pub mod architecture;

pub use architecture::Architecture;
