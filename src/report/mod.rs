//! Everything costsim writes for people and programs: number formats and one renderer per output format.

pub mod bill;
pub mod charts;
pub mod diff;
pub mod fleet;
pub mod format;
pub mod picks;
pub mod png;
pub mod powertuning;
pub mod run;
pub mod terminal;
