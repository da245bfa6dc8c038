//! The synchronous warm path, for counting instructions: 3 h of 100 requests/s (about 1.08 M invocations) at
//! 1,769 MB, every environment kept warm. `valgrind --tool=callgrind target/release/examples/warm_path` gives a
//! count that does not depend on the machine's other load (criterion's wall time does); prints the invocations
//! served so that two builds can be checked to simulate the same run.

use costsim::sim::{self, Platform, SimConfig};
use costsim::workload::{DurationModel, Function, InitModel, Packaging, Runtime, Traffic};
use costsim::Architecture;

fn main() {
    let duration = DurationModel::new(20.0, 80.0, 1, 0.5, 1.0).expect("valid duration model");
    let init = InitModel::for_runtime(Runtime::Python312, Packaging::Zip, Architecture::X86_64);
    let function = Function::new(duration, init, 128, 10_000).expect("valid function");
    let traffic = Traffic::poisson(100.0).expect("valid rate");
    let three_hours_us = 3 * 3_600_000_000;
    let cfg = SimConfig::new(function, traffic, Platform::default(), 1_769, Architecture::X86_64, three_hours_us, 1)
        .expect("valid configuration");
    println!("{}", sim::run(&cfg).counts.served());
}
