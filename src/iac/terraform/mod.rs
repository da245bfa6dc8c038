//! Terraform: the `.tf` files of a directory read statically ([`hcl`]), or the fully resolved JSON of
//! `terraform show -json` ([`plan`]); both hand the same resources to [`lambda`].

mod hcl;
mod lambda;
mod model;
mod plan;

use std::path::Path;

use super::{Format, Import, ImportError, ReadOptions};

/// The functions of the Terraform directory `dir`.
pub fn read_dir(dir: &Path, options: &ReadOptions, max_bytes: u64) -> Result<Import, ImportError> {
    let module = hcl::read_dir(dir, options, max_bytes)?;
    let mut import = Import {
        format: Format::Terraform,
        files: module.files,
        region: module.region,
        functions: Vec::new(),
        skipped: module.skipped,
        unresolved: module.unresolved,
    };
    lambda::import(&module.resources, Format::Terraform, &mut import)?;
    Ok(import)
}

/// The functions of a `terraform show -json` document (a saved plan or the state).
pub fn read_plan(path: &Path, text: &str) -> Result<Import, ImportError> {
    let (resources, region) = plan::resources(path, text)?;
    let mut import = Import {
        format: Format::TerraformPlan,
        files: vec![path.to_path_buf()],
        region,
        functions: Vec::new(),
        skipped: Vec::new(),
        unresolved: Vec::new(),
    };
    lambda::import(&resources, Format::TerraformPlan, &mut import)?;
    Ok(import)
}
