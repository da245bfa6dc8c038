//! What the import tests share: the Terraform example as the reference, the comparison of two readers'
//! functions, and the check that a written application file loads.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::path::Path;

use costsim::iac::{self, terraform, Import, ImportedFunction, ReadOptions};
use costsim::pricing::Catalog;
use costsim::scenario::{Application, LoadOptions};

/// The shipped Terraform example, the reference the other formats' examples are compared with.
pub fn terraform_example() -> Import {
    terraform::read_dir(Path::new("scenarios/iac/terraform"), &ReadOptions::default(), 1 << 20).unwrap()
}

/// Everything an import says about a function except where it is written and which defaults filled it: what two
/// formats describing the same function must agree on.
pub fn settings(f: &ImportedFunction) -> ImportedFunction {
    ImportedFunction {
        address: String::new(),
        location: costsim::diagnostic::Location::at_line("", 1, 1),
        defaults: Vec::new(),
        ..f.clone()
    }
}

/// The application file `import` writes, loaded as `costsim run` loads it.
pub fn loads(import: &Import) -> Application {
    let header = iac::write::AppHeader {
        name: "t".into(),
        region: "us-east-1".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        command: "costsim import".into(),
    };
    let (text, _) = iac::write::application(import, &header);
    Application::parse_with(Path::new("t.toml"), &text, &Catalog::built_in(), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
}
