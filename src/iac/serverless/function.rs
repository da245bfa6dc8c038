//! The entries of `functions:`, each with the `provider:` values as its defaults and the framework's defaults
//! where neither says (1,024 MB, 6 s, x86_64: serverless/serverless docs/providers/aws/guide/serverless.yml.md).

use super::{events, Reader};
use crate::iac::yaml::{Node, Value};
use crate::iac::{function_name, Format, ImportError, ImportedFunction, Package, Trigger};
use crate::Architecture;

/// Lambda's memory range [MB].
pub const MEMORY_MB: (u32, u32) = (128, 10_240);
/// Lambda's timeout range [s].
pub const TIMEOUT_S: (u32, u32) = (1, 900);
/// Lambda's ephemeral storage range [MB] (default 512).
pub const EPHEMERAL_MB: (u32, u32) = (512, 10_240);
/// Retries of a failed asynchronous invocation.
pub const RETRIES: (u32, u32) = (0, 2);
/// Age of an asynchronous event before it is dropped [s].
pub const EVENT_AGE_S: (u32, u32) = (60, 21_600);
/// Reserved or provisioned concurrency (the account's limit bounds it further).
const CONCURRENCY: (u32, u32) = (0, 1_000_000);

/// Every function of `functions:` (a mapping, or a list of mappings as `${file(…)}` includes often give).
pub(super) fn read_all(r: &mut Reader, provider: Option<&Node>) -> Result<(), ImportError> {
    let root = r.root;
    let Some(functions) = root.get("functions").filter(|f| !f.is_null()) else { return Ok(()) };
    let groups: Vec<&Node> = match &functions.value {
        Value::Map(_) => vec![functions],
        Value::Seq(items) => items.iter().filter(|g| !g.is_null()).collect(),
        Value::Scalar { .. } => {
            return Err(r.invalid(
                functions,
                format!("functions is {}: a mapping of functions is expected", functions.describe()),
            ))
        }
    };
    for group in groups {
        let Some(entries) = group.as_map() else {
            return Err(
                r.invalid(group, format!("functions holds {}: a mapping of functions is expected", group.describe()))
            );
        };
        for (key, f) in entries {
            function(r, key, f, provider)?;
        }
    }
    Ok(())
}

fn function(r: &mut Reader, key: &Node, f: &Node, provider: Option<&Node>) -> Result<(), ImportError> {
    let name = key.as_str().unwrap_or_default();
    let address = format!("functions.{name}");
    let empty = Node { value: Value::Map(Vec::new()), tag: None, line: key.line, column: key.column };
    let f = match &f.value {
        _ if f.is_null() => &empty,
        Value::Map(_) => f,
        _ => return Err(r.invalid(f, format!("{address} is {}: a mapping of settings is expected", f.describe()))),
    };
    let (memory_default, timeout_default) = Format::Serverless.defaults();
    let mut defaults = Vec::new();
    let mut framework = |key: &str, value: u32| {
        defaults.push(format!("{key} = {value} (the Serverless Framework's default)"));
        value
    };
    let memory_mb = inherited(r, &address, f, provider, "memorySize", MEMORY_MB, " MB")?
        .unwrap_or_else(|| framework("memorySize", memory_default));
    r.settle(&format!("{memory_mb} MB"));
    let timeout_s = inherited(r, &address, f, provider, "timeout", TIMEOUT_S, " s")?
        .unwrap_or_else(|| framework("timeout", timeout_default));
    r.settle(&format!("{timeout_s} s"));
    let architecture = match architecture(r, &address, f, provider)? {
        Some(a) => a,
        None => {
            defaults.push("architecture = x86_64 (the Serverless Framework's and Lambda's default)".into());
            Architecture::X86_64
        }
    };
    r.settle(&architecture.to_string());
    // `image` (a URI, or `name`/`uri` of `provider.ecr.images`) deploys a container: it has no runtime.
    let image = f.get("image").is_some_and(|i| !i.is_null());
    let runtime = if image {
        None
    } else {
        match r.string(&address, f, "runtime", "")? {
            Some(s) => Some(s),
            None => match provider {
                Some(p) => r.string("provider", p, "runtime", "")?,
                None => None,
            },
        }
    };
    r.settle(runtime.as_deref().unwrap_or("no runtime"));
    let ephemeral_mb =
        r.int(&address, f, "ephemeralStorageSize", EPHEMERAL_MB, " MB", "512 MB (Lambda's default)")?.unwrap_or(512);
    let reserved = r.int(&address, f, "reservedConcurrency", CONCURRENCY, "", "none (the unreserved pool)")?;
    let provisioned = r.int(&address, f, "provisionedConcurrency", CONCURRENCY, "", "0")?.unwrap_or(0);
    let snap_start = r.bool(&address, f, "snapStart", "off")?.unwrap_or(false);
    let maximum_retry_attempts = r.int(&address, f, "maximumRetryAttempts", RETRIES, "", "2 (AWS's default)")?;
    let maximum_event_age_s = r.int(&address, f, "maximumEventAge", EVENT_AGE_S, " s", "21600 s (AWS's default)")?;
    let mut triggers = events::read(r, &address, f, timeout_s)?;
    let trigger = if triggers.is_empty() { Trigger::Unknown } else { triggers.remove(0) };
    r.import.functions.push(ImportedFunction {
        name: function_name(name),
        address,
        location: key.location(r.file),
        memory_mb,
        timeout_s,
        architecture,
        runtime,
        package: if image { Package::Image } else { Package::Zip },
        ephemeral_mb,
        reserved,
        provisioned,
        snap_start,
        maximum_retry_attempts,
        maximum_event_age_s,
        trigger,
        other_triggers: triggers,
        defaults,
    });
    Ok(())
}

/// A whole number the function sets, else the provider's.
fn inherited(
    r: &mut Reader,
    address: &str,
    f: &Node,
    provider: Option<&Node>,
    key: &str,
    range: (u32, u32),
    unit: &str,
) -> Result<Option<u32>, ImportError> {
    if let Some(v) = r.int(address, f, key, range, unit, "")? {
        return Ok(Some(v));
    }
    match provider {
        Some(p) => r.int("provider", p, key, range, unit, ""),
        None => Ok(None),
    }
}

/// `architecture: x86_64 | arm64` of the function, else of the provider.
fn architecture(
    r: &mut Reader,
    address: &str,
    f: &Node,
    provider: Option<&Node>,
) -> Result<Option<Architecture>, ImportError> {
    for (owner, node) in [(address, Some(f)), ("provider", provider)] {
        let Some(node) = node.and_then(|n| n.get("architecture")) else { continue };
        let Some(node) = r.known(&format!("{owner}.architecture"), node, "") else { continue };
        return match node.as_str() {
            Some("x86_64") => Ok(Some(Architecture::X86_64)),
            Some("arm64") => Ok(Some(Architecture::Arm64)),
            _ => Err(
                r.invalid(node, format!("{owner}.architecture is {}: allowed are x86_64 and arm64", node.describe()))
            ),
        };
    }
    Ok(None)
}
