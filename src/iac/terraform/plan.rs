//! `terraform show -json` of a saved plan (`planned_values`) or of the state (`values`): every value resolved by
//! Terraform itself, modules included. The format is Terraform's JSON output format
//! (hashicorp/terraform website/docs/internals/json-format.mdx, `format_version` 1.x): nested blocks are arrays
//! of objects, provider defaults are filled in, and `configuration` keeps each expression's `references`, which
//! link a mapping to its function although ARNs are unknown before apply.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::model::{Attr, Node, Resource};
use crate::diagnostic::{json_error_message, json_pointer_offset, Location};
use crate::iac::ImportError;

/// Most nested modules followed.
const MAX_DEPTH: usize = 32;

/// The managed resources of the document and the AWS provider's region.
pub fn resources(path: &Path, text: &str) -> Result<(Vec<Resource>, Option<String>), ImportError> {
    let shown = path.display().to_string();
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        ImportError::invalid(
            Location::of_json_error(&shown, text, &e),
            format!("not valid JSON: {}", json_error_message(&e)),
        )
    })?;
    let at = |pointer: &str| Location::at_offset(&shown, text, json_pointer_offset(text, pointer).unwrap_or(0));
    let version = doc.get("format_version").and_then(Value::as_str);
    if !version.is_some_and(|v| v.starts_with("1.")) {
        return Err(ImportError::invalid(
            at("/format_version"),
            "not the output of `terraform show -json`: format_version 1.x is expected (Terraform 1.1 or later)",
        ));
    }
    let (root, pointer) = match (doc.pointer("/planned_values/root_module"), doc.pointer("/values/root_module")) {
        (Some(r), _) => (r, "/planned_values/root_module"),
        (None, Some(r)) => (r, "/values/root_module"),
        (None, None) => return Ok((Vec::new(), region(&doc))),
    };
    let mut refs = BTreeMap::new();
    if let Some(c) = doc.pointer("/configuration/root_module") {
        config_refs(c, "", 0, &mut refs);
    }
    let mut out = Vec::new();
    module(root, pointer, 0, &refs, &at, &mut out)?;
    Ok((out, region(&doc)))
}

fn region(doc: &Value) -> Option<String> {
    doc.pointer("/configuration/provider_config/aws/expressions/region/constant_value")
        .and_then(Value::as_str)
        .map(str::to_string)
}

type Refs = BTreeMap<(String, String), Vec<String>>;

/// `references` of each (resource address without instance key, attribute) of the configuration.
fn config_refs(m: &Value, prefix: &str, depth: usize, out: &mut Refs) {
    if depth > MAX_DEPTH {
        return;
    }
    for r in m.get("resources").and_then(Value::as_array).into_iter().flatten() {
        let Some(address) = r.get("address").and_then(Value::as_str) else { continue };
        for (key, e) in r.get("expressions").and_then(Value::as_object).into_iter().flatten() {
            let mut list = Vec::new();
            collect_refs(e, prefix, &mut list);
            out.insert((format!("{prefix}{address}"), key.clone()), list);
        }
    }
    for (name, call) in m.get("module_calls").and_then(Value::as_object).into_iter().flatten() {
        if let Some(inner) = call.get("module") {
            config_refs(inner, &format!("{prefix}module.{name}."), depth + 1, out);
        }
    }
}

/// Resource addresses in an expression's `references` (`aws_lambda_function.api.arn` → `aws_lambda_function.api`),
/// nested blocks included.
fn collect_refs(e: &Value, prefix: &str, out: &mut Vec<String>) {
    match e {
        Value::Object(o) => {
            for r in o.get("references").and_then(Value::as_array).into_iter().flatten() {
                let Some(s) = r.as_str() else { continue };
                let parts: Vec<&str> = s.splitn(3, '.').collect();
                if parts.len() >= 2
                    && !matches!(parts[0], "var" | "local" | "data" | "module" | "each" | "count" | "path")
                {
                    let address = format!("{prefix}{}.{}", parts[0], parts[1]);
                    if !out.contains(&address) {
                        out.push(address);
                    }
                }
            }
            for (k, v) in o {
                if k != "references" {
                    collect_refs(v, prefix, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| collect_refs(v, prefix, out)),
        _ => {}
    }
}

fn module(
    m: &Value,
    pointer: &str,
    depth: usize,
    refs: &Refs,
    at: &dyn Fn(&str) -> Location,
    out: &mut Vec<Resource>,
) -> Result<(), ImportError> {
    if depth > MAX_DEPTH {
        return Err(ImportError::invalid(at(pointer), format!("modules nested deeper than {MAX_DEPTH}")));
    }
    for (i, r) in m.get("resources").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let p = format!("{pointer}/resources/{i}");
        if r.get("mode").and_then(Value::as_str) != Some("managed") {
            continue;
        }
        let (Some(address), Some(kind)) =
            (r.get("address").and_then(Value::as_str), r.get("type").and_then(Value::as_str))
        else {
            return Err(ImportError::invalid(at(&p), "a resource without \"address\" and \"type\""));
        };
        let base = address.split('[').next().unwrap_or(address).to_string();
        let values = r.get("values").cloned().unwrap_or(Value::Null);
        let node = node(&values, &format!("{p}/values"), &base, refs, at);
        out.push(Resource { address: address.to_string(), kind: kind.to_string(), location: at(&p), node });
    }
    for (i, c) in m.get("child_modules").and_then(Value::as_array).into_iter().flatten().enumerate() {
        module(c, &format!("{pointer}/child_modules/{i}"), depth + 1, refs, at, out)?;
    }
    Ok(())
}

fn node(values: &Value, pointer: &str, base: &str, refs: &Refs, at: &dyn Fn(&str) -> Location) -> Node {
    let mut n = Node::default();
    // What is known only after apply is absent from `values`; its references still link it.
    for ((address, key), list) in refs.range((base.to_string(), String::new())..) {
        if address != base {
            break;
        }
        if values.get(key).is_none() {
            let attr = Attr { value: Err("known only after apply".into()), refs: list.clone(), location: at(pointer) };
            n.attrs.insert(key.clone(), attr);
        }
    }
    for (key, v) in values.as_object().into_iter().flatten() {
        let p = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
        match v {
            Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
                let blocks =
                    items.iter().enumerate().map(|(i, b)| node(b, &format!("{p}/{i}"), base, refs, at)).collect();
                n.blocks.insert(key.clone(), blocks);
            }
            _ => {
                let refs = refs.get(&(base.to_string(), key.clone())).cloned().unwrap_or_default();
                n.attrs.insert(key.clone(), Attr { value: Ok(v.clone()), refs, location: at(&p) });
            }
        }
    }
    n
}
