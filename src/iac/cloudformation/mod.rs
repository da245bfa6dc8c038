//! AWS CloudFormation and AWS SAM templates, YAML or JSON (also what `cdk synth` and `serverless package` write).

use std::path::Path;

use super::{Import, ImportError, ReadOptions};

/// The functions of the template at `path`, whose text is `text`.
///
/// # Errors
/// [`ImportError::Invalid`] with `file:line:col` for a template that does not parse or a value Lambda refuses.
pub fn read(path: &Path, text: &str, options: &ReadOptions) -> Result<Import, ImportError> {
    let _ = (text, options);
    Err(ImportError::Empty(format!("{}: the cloudformation reader is not in this build", path.display())))
}
