//! AWS CloudFormation and AWS SAM templates, YAML or JSON (also what `cdk synth` and `serverless package` write).
//!
//! The template is parsed by [`crate::iac::yaml`] (every node keeps its line and column, and its `!Ref`-style
//! tag), its intrinsic functions are evaluated statically by [`intrinsics`], SAM's `Globals.Function` is merged
//! into each `AWS::Serverless::Function` as SAM merges it, and [`reader`] turns functions and what invokes them
//! into an [`Import`]. Property names, defaults and ranges are those of the CloudFormation resource reference
//! (`AWS::Lambda::Function`, `AWS::Lambda::EventSourceMapping`, …) and the SAM specification
//! (`AWS::Serverless::Function` and its event source types).

mod events;
mod function;
mod intrinsics;
mod reader;
mod resources;
mod structure;

use std::borrow::Cow;
use std::path::Path;

use super::yaml::{self, Node, Value};
use super::{Format, Import, ImportError, ReadOptions, Skipped, Unresolved};
use crate::diagnostic::{excerpt, Location};

/// `AWS::Lambda::Function`.
const LAMBDA_FUNCTION: &str = "AWS::Lambda::Function";
/// `AWS::Serverless::Function` (SAM).
const SAM_FUNCTION: &str = "AWS::Serverless::Function";

/// One resource of the template.
pub(crate) struct Res<'a> {
    /// Its logical ID.
    id: &'a str,
    /// `Resources.<LogicalId>`.
    address: String,
    /// Its `Type`.
    kind: &'a str,
    /// Where its logical ID is written.
    location: Location,
    /// Its `Properties` as written, with SAM's `Globals.Function` merged in for a SAM function.
    props: Cow<'a, Node>,
}

/// The functions of the template at `path`, whose text is `text`.
///
/// # Errors
/// [`ImportError::Invalid`] with `file:line:col` for a template that does not parse or a value Lambda refuses.
pub fn read(path: &Path, text: &str, options: &ReadOptions) -> Result<Import, ImportError> {
    let shown = path.display().to_string();
    let doc = yaml::parse(&shown, text)?;
    let not_template = |at: &Node, what: String| {
        ImportError::invalid(at.location(&shown), format!("not a CloudFormation or SAM template: {what}"))
    };
    if doc.as_map().is_none() {
        return Err(not_template(&doc, format!("the document is {}, not a mapping", doc.describe())));
    }
    let Some(resources) = doc.get("Resources") else {
        return Err(not_template(&doc, "it has no Resources section".into()));
    };
    let Some(entries) = resources.as_map() else {
        return Err(not_template(resources, format!("Resources is {}, not a mapping", resources.describe())));
    };
    let eval = intrinsics::Eval::new(&shown, &doc, &options.vars)?;
    let globals = doc.get("Globals").and_then(|g| g.get("Function")).filter(|g| g.as_map().is_some());
    let mut import = Import {
        format: Format::Cloudformation,
        files: vec![path.to_path_buf()],
        // A template does not name its region; `--var AWS::Region=…` does, as it resolves `${AWS::Region}`.
        region: options.vars.get("AWS::Region").cloned(),
        functions: Vec::new(),
        skipped: Vec::new(),
        unresolved: Vec::new(),
    };
    let empty = Node { value: Value::Map(Vec::new()), tag: None, line: resources.line, column: resources.column };
    let mut list = Vec::new();
    for (key, body) in entries {
        let Some(id) = key.as_str() else {
            return Err(ImportError::invalid(key.location(&shown), "a resource's logical ID is a string"));
        };
        // CloudFormation's rule for logical IDs (alphanumeric): they are written into the application file.
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ImportError::invalid(
                key.location(&shown),
                format!(
                    "the logical ID '{}' is not alphanumeric (A-Z, a-z, 0-9), as CloudFormation requires",
                    excerpt(id)
                ),
            ));
        }
        let address = format!("Resources.{id}");
        let Some(kind) = body.get("Type").and_then(Node::as_str) else {
            return Err(ImportError::invalid(
                body.location(&shown),
                format!("{address}: a resource is a mapping with a Type, not {}", body.describe()),
            ));
        };
        let location = key.location(&shown);
        if let Some(cond) = body.get("Condition") {
            let Some(name) = cond.as_str() else {
                return Err(ImportError::invalid(
                    cond.location(&shown),
                    format!("{address}: Condition names a condition"),
                ));
            };
            match eval.condition_named(name, cond, 0)? {
                Ok(true) => {}
                Ok(false) => {
                    if reader::relevant(kind) {
                        import.skipped.push(Skipped {
                            address,
                            location,
                            reason: format!("its Condition {} is false, so it is not created", excerpt(name)),
                        });
                    }
                    continue;
                }
                Err(why) => {
                    if reader::relevant(kind) {
                        import.unresolved.push(Unresolved {
                            address: format!("{address}.Condition"),
                            location: cond.location(&shown),
                            why: format!("condition {} depends on {why}", excerpt(name)),
                            used: "the resource is read as if it were created".into(),
                        });
                    }
                }
            }
        }
        let props = match body.get("Properties") {
            None => &empty,
            Some(p) if p.is_null() => &empty,
            Some(p) if p.as_map().is_some() => p,
            Some(p) => {
                return Err(ImportError::invalid(
                    p.location(&shown),
                    format!("{address}: Properties is {}, not a mapping", p.describe()),
                ))
            }
        };
        let props = match globals.filter(|_| kind == SAM_FUNCTION) {
            Some(g) => Cow::Owned(structure::merge(&without_ignored(g, body.get("IgnoreGlobals")), props)),
            None => Cow::Borrowed(props),
        };
        list.push(Res { id, address, kind, location, props });
    }
    reader::Reader::new(&shown, &eval, &list, globals, &mut import).run()?;
    Ok(import)
}

/// `Globals.Function` without the keys a resource's `IgnoreGlobals` opts out of (`"*"`: all of them).
fn without_ignored(globals: &Node, ignore: Option<&Node>) -> Node {
    let Some(ignore) = ignore else { return globals.clone() };
    let keys: Vec<&str> = match (ignore.as_str(), ignore.as_seq()) {
        (Some(one), _) => vec![one],
        (_, Some(list)) => list.iter().filter_map(Node::as_str).collect(),
        _ => Vec::new(),
    };
    let kept = globals
        .as_map()
        .unwrap_or_default()
        .iter()
        .filter(|(k, _)| !keys.contains(&"*") && !k.as_str().is_some_and(|k| keys.contains(&k)))
        .cloned()
        .collect();
    Node { value: Value::Map(kept), tag: None, line: globals.line, column: globals.column }
}
