//! Terraform's AWS resources turned into costsim functions: `aws_lambda_function` and what configures or invokes
//! it. Argument names, defaults and ranges are the AWS provider's (hashicorp/terraform-provider-aws,
//! internal/service/lambda/function.go and event_source_mapping.go; website/docs/r/*.html.markdown).

use std::collections::BTreeMap;
use std::str::FromStr;

use serde_json::Value;

use super::model::{Attr, Node, Resource};
use crate::diagnostic::excerpt;
use crate::iac::{
    check_schedule, dedupe_names, function_name, Format, Front, Import, ImportError, ImportedFunction, Package,
    ScheduleSpec, Skipped, SqsMapping, Trigger, Unresolved,
};
use crate::Architecture;

/// Lambda's memory range [MB] (the provider validates 128 – 10,240).
const MEMORY_MB: (i64, i64) = (128, 10_240);
/// Lambda's timeout range [s].
const TIMEOUT_S: (i64, i64) = (1, 900);
/// Ephemeral storage range [MB].
const EPHEMERAL_MB: (i64, i64) = (512, 10_240);

/// Resource types that change what a function costs but that costsim does not read: listed as skipped.
const NOT_SIMULATED: [(&str, &str); 4] = [
    ("aws_appautoscaling_target", "provisioned-concurrency auto scaling is not simulated: costsim keeps the configured provisioned concurrency all day"),
    ("aws_appautoscaling_policy", "provisioned-concurrency auto scaling is not simulated: costsim keeps the configured provisioned concurrency all day"),
    ("aws_appautoscaling_scheduled_action", "scheduled provisioned-concurrency changes are not simulated"),
    ("aws_lambda_capacity_provider", "Lambda Managed Instances are not simulated"),
];

/// Lambda resources that do not change a function's cost: read past silently.
const NO_COST: [&str; 5] = [
    "aws_lambda_permission",
    "aws_lambda_layer_version",
    "aws_lambda_layer_version_permission",
    "aws_lambda_invocation",
    "aws_lambda_code_signing_config",
];

/// The functions of `resources` with what configures and invokes them.
pub fn import(resources: &[Resource], format: Format, import: &mut Import) -> Result<(), ImportError> {
    let mut m = Mapper { resources, format, import, by_address: BTreeMap::new(), by_name: BTreeMap::new() };
    for r in resources.iter().filter(|r| r.kind == "aws_lambda_function") {
        m.function(r)?;
    }
    let mut triggers: Vec<Vec<Trigger>> = vec![Vec::new(); m.import.functions.len()];
    for r in resources {
        m.related(r, &mut triggers)?;
    }
    for (f, mut t) in m.import.functions.iter_mut().zip(triggers) {
        t.dedup();
        if !t.is_empty() {
            f.trigger = t.remove(0);
            f.other_triggers = t;
        }
    }
    dedupe_names(&mut m.import.functions);
    Ok(())
}

struct Mapper<'a> {
    resources: &'a [Resource],
    format: Format,
    import: &'a mut Import,
    /// Function index by resource address.
    by_address: BTreeMap<String, usize>,
    /// Function index by deployed name.
    by_name: BTreeMap<String, usize>,
}

impl<'a> Mapper<'a> {
    fn function(&mut self, r: &Resource) -> Result<(), ImportError> {
        let (mem_default, timeout_default) = self.format.defaults();
        let mut defaults = Vec::new();
        let deployed = self.string(r, &r.node, "function_name")?;
        let memory_mb = match self.int(r, &r.node, "memory_size", MEMORY_MB, "MB")? {
            Some(v) => v as u32,
            None => {
                defaults.push(format!("memory_size = {mem_default} (Terraform's default)"));
                mem_default
            }
        };
        let timeout_s = match self.int(r, &r.node, "timeout", TIMEOUT_S, "s")? {
            Some(v) => v as u32,
            None => {
                defaults.push(format!("timeout = {timeout_default} (Terraform's default)"));
                timeout_default
            }
        };
        let architecture = self.architecture(r)?;
        if !r.node.attrs.contains_key("architectures") {
            defaults.push("architectures = [\"x86_64\"] (Lambda's default)".into());
        }
        let package = match self.string(r, &r.node, "package_type")?.as_deref() {
            None | Some("Zip") => Package::Zip,
            Some("Image") => Package::Image,
            Some(other) => {
                return Err(self.invalid(
                    r,
                    "package_type",
                    format!("package_type is '{}': allowed are Zip, Image", excerpt(other)),
                ))
            }
        };
        let ephemeral_mb = match r.node.block("ephemeral_storage") {
            Some(b) => self.int(r, b, "size", EPHEMERAL_MB, "MB")?.map_or(512, |v| v as u32),
            None => 512,
        };
        let reserved = match self.int(r, &r.node, "reserved_concurrent_executions", (-1, 1_000_000), "")? {
            None | Some(-1) => None,
            Some(n) => Some(n as u32),
        };
        let snap_start = match r.node.block("snap_start") {
            Some(b) => self.string(r, b, "apply_on")?.as_deref() == Some("PublishedVersions"),
            None => false,
        };
        let runtime = self.string(r, &r.node, "runtime")?;
        let name = function_name(deployed.as_deref().unwrap_or_else(|| resource_name(&r.address)));
        let index = self.import.functions.len();
        self.by_address.insert(r.address.clone(), index);
        if let Some(d) = &deployed {
            self.by_name.insert(d.clone(), index);
        }
        self.import.functions.push(ImportedFunction {
            name,
            address: r.address.clone(),
            location: r.location.clone(),
            memory_mb,
            timeout_s,
            architecture,
            runtime,
            package,
            ephemeral_mb,
            reserved,
            provisioned: 0,
            snap_start,
            maximum_retry_attempts: None,
            maximum_event_age_s: None,
            trigger: Trigger::Unknown,
            other_triggers: Vec::new(),
            defaults,
        });
        Ok(())
    }

    fn architecture(&mut self, r: &Resource) -> Result<Architecture, ImportError> {
        let Some(attr) = r.node.attrs.get("architectures") else { return Ok(Architecture::X86_64) };
        let value = match &attr.value {
            Ok(v) => v,
            Err(why) => {
                self.unresolved(r, "architectures", attr, why, "x86_64");
                return Ok(Architecture::X86_64);
            }
        };
        let items = value.as_array().map(Vec::as_slice).unwrap_or(std::slice::from_ref(value));
        match items {
            [] => Ok(Architecture::X86_64),
            [one] => one
                .as_str()
                .and_then(|s| Architecture::from_str(s).ok().filter(|_| s == "x86_64" || s == "arm64"))
                .ok_or_else(|| {
                    ImportError::invalid(
                        attr.location.clone(),
                        format!(
                            "{}: architectures is {}: allowed are [\"x86_64\"] and [\"arm64\"]",
                            r.address,
                            excerpt(&one.to_string())
                        ),
                    )
                }),
            _ => Err(ImportError::invalid(
                attr.location.clone(),
                format!("{}: architectures has {} items: Lambda allows one (x86_64 or arm64)", r.address, items.len()),
            )),
        }
    }

    /// Everything that configures or invokes a function.
    fn related(&mut self, r: &Resource, triggers: &mut [Vec<Trigger>]) -> Result<(), ImportError> {
        let kind = r.kind.as_str();
        match kind {
            "aws_lambda_function" | "aws_lambda_alias" => {}
            "aws_lambda_provisioned_concurrency_config" => {
                if let Some(i) = self.target(r, "function_name")? {
                    let n = self.int(r, &r.node, "provisioned_concurrent_executions", (1, 1_000_000), "")?;
                    self.import.functions[i].provisioned += n.unwrap_or(0) as u32;
                }
            }
            "aws_lambda_function_event_invoke_config" => {
                if let Some(i) = self.target(r, "function_name")? {
                    let retries = self.int(r, &r.node, "maximum_retry_attempts", (0, 2), "")?;
                    let age = self.int(r, &r.node, "maximum_event_age_in_seconds", (60, 21_600), "s")?;
                    let f = &mut self.import.functions[i];
                    f.maximum_retry_attempts = retries.map(|v| v as u32).or(f.maximum_retry_attempts);
                    f.maximum_event_age_s = age.map(|v| v as u32).or(f.maximum_event_age_s);
                }
            }
            "aws_lambda_event_source_mapping" => self.mapping(r, triggers)?,
            "aws_lambda_function_url" => {
                if let Some(i) = self.target(r, "function_name")? {
                    triggers[i].push(Trigger::Sync { front: Front::FunctionUrl });
                }
            }
            "aws_api_gateway_integration" => self.integration(r, "uri", Front::RestApi, triggers)?,
            "aws_apigatewayv2_integration" => self.integration(r, "integration_uri", Front::HttpApi, triggers)?,
            "aws_s3_bucket_notification" => {
                for b in r.node.blocks.get("lambda_function").into_iter().flatten() {
                    if let Some(attr) = b.attrs.get("lambda_function_arn") {
                        if let Some(i) = self.link(r, "lambda_function_arn", attr)? {
                            triggers[i].push(Trigger::Async { source: "S3".into() });
                        }
                    }
                }
            }
            "aws_sns_topic_subscription" => {
                if self.string(r, &r.node, "protocol")?.as_deref() == Some("lambda") {
                    if let Some(i) = self.target(r, "endpoint")? {
                        triggers[i].push(Trigger::Async { source: "SNS".into() });
                    }
                }
            }
            "aws_cloudwatch_event_target" => self.rule_target(r, triggers)?,
            "aws_scheduler_schedule" => self.scheduler(r, triggers)?,
            _ => {
                if let Some((_, reason)) = NOT_SIMULATED.iter().find(|(k, _)| *k == kind) {
                    self.skip(r, reason);
                } else if kind.starts_with("aws_lambda_") && !NO_COST.contains(&kind) {
                    self.skip(r, "not read by costsim import");
                }
            }
        }
        Ok(())
    }

    fn mapping(&mut self, r: &Resource, triggers: &mut [Vec<Trigger>]) -> Result<(), ImportError> {
        let Some(i) = self.target(r, "function_name")? else { return Ok(()) };
        if self.bool(r, &r.node, "enabled")? == Some(false) {
            self.skip(r, "the mapping is disabled (enabled = false)");
            return Ok(());
        }
        let source = r.node.attrs.get("event_source_arn");
        let queue =
            source.and_then(|a| a.refs.iter().find_map(|x| self.resource(x))).filter(|q| q.kind == "aws_sqs_queue");
        let arn = source.and_then(|a| a.value.as_ref().ok()).and_then(Value::as_str).unwrap_or("");
        if queue.is_none() && !arn.contains(":sqs:") {
            self.skip(r, "only SQS event source mappings are simulated (streams, Kafka and MQ are not)");
            return Ok(());
        }
        let mut m = SqsMapping {
            batch_size: self.int(r, &r.node, "batch_size", (1, 10_000), "")?.map(|v| v as u32),
            maximum_batching_window_s: self
                .int(r, &r.node, "maximum_batching_window_in_seconds", (0, 300), "s")?
                .map(|v| v as u32),
            maximum_concurrency: match r.node.block("scaling_config") {
                Some(b) => self.int(r, b, "maximum_concurrency", (2, 1_000), "")?.map(|v| v as u32),
                None => None,
            },
            report_batch_item_failures: r
                .node
                .attrs
                .get("function_response_types")
                .and_then(|a| a.value.as_ref().ok())
                .and_then(Value::as_array)
                .is_some_and(|v| v.iter().any(|x| x.as_str() == Some("ReportBatchItemFailures"))),
            visibility_timeout_s: None,
            fifo: arn.ends_with(".fifo"),
        };
        if let Some(q) = queue {
            let visibility =
                self.int(q, &q.node, "visibility_timeout_seconds", (0, 43_200), "s")?.map_or(30, |v| v as u32);
            let written = q.node.attrs.get("visibility_timeout_seconds");
            crate::iac::check_visibility(
                &format!("{}: visibility_timeout_seconds", q.address),
                visibility,
                written.is_none(),
                &self.import.functions[i].name,
                self.import.functions[i].timeout_s,
                || written.map_or_else(|| q.location.clone(), |a| a.location.clone()),
            )?;
            m.visibility_timeout_s = Some(visibility);
            m.fifo |= self.bool(q, &q.node, "fifo_queue")? == Some(true);
        }
        let at = || r.node.attrs.get("batch_size").map_or_else(|| r.location.clone(), |a| a.location.clone());
        crate::iac::check_batch(
            &m,
            &format!("{}: batch_size", r.address),
            (&format!("{}: maximum_batching_window_in_seconds", r.address), "maximum_batching_window_in_seconds"),
            at,
        )?;
        triggers[i].push(Trigger::Sqs(m));
        Ok(())
    }

    fn integration(
        &mut self,
        r: &Resource,
        key: &str,
        front: Front,
        triggers: &mut [Vec<Trigger>],
    ) -> Result<(), ImportError> {
        if let Some(i) = self.target(r, key)? {
            triggers[i].push(Trigger::Sync { front });
        }
        Ok(())
    }

    fn rule_target(&mut self, r: &Resource, triggers: &mut [Vec<Trigger>]) -> Result<(), ImportError> {
        let Some(i) = self.target(r, "arn")? else { return Ok(()) };
        let rule = r.node.attrs.get("rule").and_then(|a| a.refs.iter().find_map(|x| self.resource(x)));
        let Some(rule) = rule.filter(|x| x.kind == "aws_cloudwatch_event_rule") else {
            triggers[i].push(Trigger::Async { source: "EventBridge".into() });
            return Ok(());
        };
        let enabled = self.bool(rule, &rule.node, "is_enabled")? != Some(false)
            && self.string(rule, &rule.node, "state")?.as_deref() != Some("DISABLED");
        if !enabled {
            self.skip(rule, "the rule is disabled");
            return Ok(());
        }
        match self.string(rule, &rule.node, "schedule_expression")? {
            Some(expression) => {
                let spec = ScheduleSpec { expression, timezone: None, flexible_window_minutes: None };
                check_schedule(&spec, &self.location_of(rule, "schedule_expression"), &rule.address)?;
                triggers[i].push(Trigger::Schedule(spec))
            }
            None => triggers[i].push(Trigger::Async { source: "EventBridge".into() }),
        }
        Ok(())
    }

    fn scheduler(&mut self, r: &Resource, triggers: &mut [Vec<Trigger>]) -> Result<(), ImportError> {
        let Some(target) = r.node.block("target") else { return Ok(()) };
        let Some(attr) = target.attrs.get("arn") else { return Ok(()) };
        let Some(i) = self.link(r, "target.arn", attr)? else { return Ok(()) };
        if self.string(r, &r.node, "state")?.as_deref() == Some("DISABLED") {
            self.skip(r, "the schedule is disabled (state = DISABLED)");
            return Ok(());
        }
        let Some(expression) = self.string(r, &r.node, "schedule_expression")? else {
            self.skip(r, "no schedule_expression could be read");
            return Ok(());
        };
        let timezone = self.string(r, &r.node, "schedule_expression_timezone")?.filter(|z| z != "UTC");
        let flexible_window_minutes = match r.node.block("flexible_time_window") {
            Some(b) if self.string(r, b, "mode")?.as_deref() == Some("FLEXIBLE") => {
                self.int(r, b, "maximum_window_in_minutes", (1, 1_440), "minutes")?.map(|v| v as u32)
            }
            _ => None,
        };
        let spec = ScheduleSpec { expression, timezone, flexible_window_minutes };
        check_schedule(&spec, &self.location_of(r, "schedule_expression"), &r.address)?;
        triggers[i].push(Trigger::Schedule(spec));
        Ok(())
    }

    /// The function `key` of `r` names, or none (recorded as skipped) when it names none of the functions read.
    fn target(&mut self, r: &Resource, key: &str) -> Result<Option<usize>, ImportError> {
        match r.node.attrs.get(key) {
            Some(attr) => self.link(r, key, attr),
            None => {
                self.skip(r, &format!("it has no {key}, so it names no function"));
                Ok(None)
            }
        }
    }

    fn link(&mut self, r: &Resource, key: &str, attr: &Attr) -> Result<Option<usize>, ImportError> {
        for x in &attr.refs {
            if let Some(&i) = self.by_address.get(x) {
                return Ok(Some(i));
            }
            // An alias or version: its own function_name says whose it is.
            if let Some(alias) = self.resource(x).filter(|a| a.kind == "aws_lambda_alias") {
                if let Some(fa) = alias.node.attrs.get("function_name") {
                    if let Some(&i) = fa.refs.iter().find_map(|y| self.by_address.get(y)) {
                        return Ok(Some(i));
                    }
                    if let Some(i) = fa.value.as_ref().ok().and_then(Value::as_str).and_then(|s| self.by_deployed(s)) {
                        return Ok(Some(i));
                    }
                }
            }
        }
        if let Some(i) = attr.value.as_ref().ok().and_then(Value::as_str).and_then(|s| self.by_deployed(s)) {
            return Ok(Some(i));
        }
        let what = match &attr.value {
            Ok(v) => v.as_str().map_or_else(|| v.to_string(), str::to_string),
            Err(why) => why.clone(),
        };
        self.skip(r, &format!("its {key} ({}) names no aws_lambda_function read here", excerpt(&what)));
        Ok(None)
    }

    /// A function by deployed name or by an ARN that holds it (`arn:aws:lambda:…:function:NAME[:qualifier]`).
    fn by_deployed(&self, s: &str) -> Option<usize> {
        let name = match s.split_once(":function:") {
            Some((_, rest)) => rest.split(':').next().unwrap_or(rest),
            None => s,
        };
        self.by_name.get(name).copied()
    }

    /// The resource at `address` (borrowed from the resources, not from `self`, so `self` stays free to record).
    fn resource(&self, address: &str) -> Option<&'a Resource> {
        let resources: &'a [Resource] = self.resources;
        resources.iter().find(|r| r.address == address)
    }

    fn skip(&mut self, r: &Resource, reason: &str) {
        self.import.skipped.push(Skipped {
            address: r.address.clone(),
            location: r.location.clone(),
            reason: reason.into(),
        });
    }

    fn unresolved(&mut self, r: &Resource, key: &str, attr: &Attr, why: &str, used: &str) {
        self.import.unresolved.push(Unresolved {
            address: format!("{}.{key}", r.address),
            location: attr.location.clone(),
            why: why.into(),
            used: used.into(),
        });
    }

    fn invalid(&self, r: &Resource, key: &str, message: String) -> ImportError {
        ImportError::invalid(self.location_of(r, key), format!("{}: {message}", r.address))
    }

    /// Where `key` of `r` is written, else where `r` starts.
    fn location_of(&self, r: &Resource, key: &str) -> crate::diagnostic::Location {
        r.node.attrs.get(key).map_or_else(|| r.location.clone(), |a| a.location.clone())
    }

    /// An integer attribute in `lo..=hi` [unit]; none when absent or unknown (then recorded as unresolved).
    fn int(
        &mut self,
        r: &Resource,
        node: &Node,
        key: &str,
        (lo, hi): (i64, i64),
        unit: &str,
    ) -> Result<Option<i64>, ImportError> {
        let Some(attr) = node.attrs.get(key) else { return Ok(None) };
        let value = match &attr.value {
            Ok(Value::Null) => return Ok(None),
            Ok(v) => v,
            Err(why) => {
                self.unresolved(r, key, attr, why, "the default");
                return Ok(None);
            }
        };
        let n = match value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
        match n {
            Some(x) if x.fract() == 0.0 && (lo as f64..=hi as f64).contains(&x) => Ok(Some(x as i64)),
            _ => Err(ImportError::invalid(
                attr.location.clone(),
                format!(
                    "{}: {key} is {}: allowed are whole numbers {lo} – {hi}{unit}",
                    r.address,
                    excerpt(&value.to_string())
                ),
            )),
        }
    }

    fn string(&mut self, r: &Resource, node: &Node, key: &str) -> Result<Option<String>, ImportError> {
        let Some(attr) = node.attrs.get(key) else { return Ok(None) };
        match &attr.value {
            Ok(Value::Null) => Ok(None),
            Ok(Value::String(s)) => Ok(Some(s.clone())),
            Ok(v @ (Value::Number(_) | Value::Bool(_))) => Ok(Some(v.to_string())),
            Ok(v) => Err(ImportError::invalid(
                attr.location.clone(),
                format!("{}: {key} is {}: a string is expected", r.address, excerpt(&v.to_string())),
            )),
            Err(why) => {
                self.unresolved(r, key, attr, why, "nothing");
                Ok(None)
            }
        }
    }

    fn bool(&mut self, r: &Resource, node: &Node, key: &str) -> Result<Option<bool>, ImportError> {
        let Some(attr) = node.attrs.get(key) else { return Ok(None) };
        match &attr.value {
            Ok(Value::Bool(b)) => Ok(Some(*b)),
            Ok(Value::String(s)) if s == "true" || s == "false" => Ok(Some(s == "true")),
            Ok(Value::Null) => Ok(None),
            Ok(v) => Err(ImportError::invalid(
                attr.location.clone(),
                format!("{}: {key} is {}: true or false is expected", r.address, excerpt(&v.to_string())),
            )),
            Err(why) => {
                self.unresolved(r, key, attr, why, "the default");
                Ok(None)
            }
        }
    }
}

/// `api` of `aws_lambda_function.api`, `w[0]` of `module.m.aws_lambda_function.w[0]`.
fn resource_name(address: &str) -> &str {
    let base = address.split('[').next().unwrap_or(address);
    let dot = base.rfind('.').map_or(0, |i| i + 1);
    &address[dot..]
}
