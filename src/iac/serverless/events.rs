//! A function's `events:` (and its `url:`) as costsim triggers. Event names and settings are the framework's
//! (serverless/serverless docs/providers/aws/events/{apigateway,http-api,sqs,s3,sns,schedule,event-bridge}.md);
//! an SQS queue declared under `resources.Resources` is read for its `VisibilityTimeout` and `FifoQueue`
//! (CloudFormation's `AWS::SQS::Queue`, visibility default 30 s).

use super::Reader;
use crate::diagnostic::excerpt;
use crate::iac::yaml::{Node, Value};
use crate::iac::{
    check_batch, check_schedule, check_visibility, Front, ImportError, ScheduleSpec, Skipped, SqsMapping, Trigger,
};

/// SQS's visibility timeout when the queue does not set one [s].
const DEFAULT_VISIBILITY_S: u32 = 30;

/// Event types costsim does not simulate, with the reason given for skipping them.
const NOT_SIMULATED: [(&str, &str); 15] = [
    ("stream", "DynamoDB and Kinesis stream mappings are not simulated"),
    ("kafka", "Kafka event source mappings are not simulated"),
    ("msk", "Amazon MSK event source mappings are not simulated"),
    ("activemq", "Amazon MQ event source mappings are not simulated"),
    ("rabbitmq", "Amazon MQ event source mappings are not simulated"),
    ("alb", "an Application Load Balancer in front is not simulated (the synchronous fronts are API Gateway and function URLs)"),
    ("websocket", "API Gateway WebSocket APIs are not simulated"),
    ("cloudwatchLog", "CloudWatch Logs subscription filters are not simulated"),
    ("iot", "AWS IoT rules are not simulated"),
    ("iotFleetProvisioning", "AWS IoT fleet provisioning hooks are not simulated"),
    ("cognitoUserPool", "Cognito user pool triggers are not simulated"),
    ("alexaSkill", "Alexa skills are not simulated"),
    ("alexaSmartHome", "Alexa smart home skills are not simulated"),
    ("cloudFront", "Lambda@Edge is not simulated"),
    ("sqsProvisioned", "provisioned-mode SQS pollers are not simulated"),
];

/// The triggers of the function at `address` (settings `f`, timeout `timeout_s` [s]), in the order written;
/// skipped events are recorded.
pub(super) fn read(r: &mut Reader, address: &str, f: &Node, timeout_s: u32) -> Result<Vec<Trigger>, ImportError> {
    let mut triggers = Vec::new();
    if let Some(events) = f.get("events").and_then(|e| r.known(&format!("{address}.events"), e, "no events")) {
        let Some(items) = events.as_seq() else {
            return Err(
                r.invalid(events, format!("{address}.events is {}: a list of events is expected", events.describe()))
            );
        };
        for (i, event) in items.iter().enumerate() {
            let at = format!("{address}.events[{i}]");
            let Some((kind, body)) = event.entries().next() else {
                return Err(r.invalid(
                    event,
                    format!("{at} is {}: an event is a mapping such as `- http: GET /`", event.describe()),
                ));
            };
            one(r, &at, event, kind, body, timeout_s, &mut triggers)?;
        }
    }
    // `url: true` (or its settings) gives the function a function URL.
    if let Some(url) = f.get("url").and_then(|u| r.known(&format!("{address}.url"), u, "no function URL")) {
        if url.as_bool() != Some(false) {
            triggers.push(Trigger::Sync { front: Front::FunctionUrl });
        }
    }
    Ok(triggers)
}

fn one(
    r: &mut Reader,
    at: &str,
    event: &Node,
    kind: &str,
    body: &Node,
    timeout_s: u32,
    triggers: &mut Vec<Trigger>,
) -> Result<(), ImportError> {
    let address = format!("{at}.{kind}");
    let Some(body) = r.known(&address, body, "no trigger") else {
        skip(r, at, event, &format!("its {kind} settings are not known"));
        return Ok(());
    };
    match kind {
        // REST API; `async: true` makes API Gateway invoke the function asynchronously (Lambda integration).
        "http" if body.get("async").and_then(Node::as_bool) == Some(true) => {
            triggers.push(Trigger::Async { source: "API Gateway".into() })
        }
        "http" => triggers.push(Trigger::Sync { front: Front::RestApi }),
        "httpApi" => triggers.push(Trigger::Sync { front: Front::HttpApi }),
        "s3" => triggers.push(Trigger::Async { source: "S3".into() }),
        "sns" => triggers.push(Trigger::Async { source: "SNS".into() }),
        "eventBridge" | "cloudwatchEvent" => {
            if r.bool(&address, body, "enabled", "enabled")? == Some(false) {
                skip(r, at, event, "the rule is disabled (enabled: false)");
            } else if let Some(expression) = body.get("schedule").filter(|s| !s.is_null()) {
                // A rule's schedule runs in UTC.
                schedule(r, &address, expression, None, triggers)?;
            } else {
                triggers.push(Trigger::Async { source: "EventBridge".into() });
            }
        }
        "sqs" => {
            if let Some(t) = sqs(r, at, &address, event, body, timeout_s)? {
                triggers.push(t);
            }
        }
        "schedule" => schedules(r, at, &address, event, body, triggers)?,
        _ => {
            let reason = NOT_SIMULATED.iter().find(|(k, _)| *k == kind).map_or_else(
                || format!("'{}' is not an event type costsim import reads", excerpt(kind)),
                |(_, why)| why.to_string(),
            );
            skip(r, at, event, &reason);
        }
    }
    Ok(())
}

fn skip(r: &mut Reader, at: &str, event: &Node, reason: &str) {
    r.import.skipped.push(Skipped { address: at.to_string(), location: event.location(r.file), reason: reason.into() });
}

/// `- sqs: ARN` or `- sqs: {arn, batchSize, maximumBatchingWindow, maximumConcurrency, functionResponseType,
/// enabled}`.
fn sqs(
    r: &mut Reader,
    at: &str,
    address: &str,
    event: &Node,
    body: &Node,
    timeout_s: u32,
) -> Result<Option<Trigger>, ImportError> {
    let settings = body.as_map().is_some() && body.get("arn").is_some();
    let arn = if settings { body.get("arn") } else { Some(body) };
    if settings && r.bool(address, body, "enabled", "enabled")? == Some(false) {
        skip(r, at, event, "the mapping is disabled (enabled: false)");
        return Ok(None);
    }
    let mut m = SqsMapping::default();
    if settings {
        m.batch_size = r.int(address, body, "batchSize", (1, 10_000), "", "10 (AWS's default)")?;
        m.maximum_batching_window_s =
            r.int(address, body, "maximumBatchingWindow", (0, 300), " s", "0 s (AWS's default)")?;
        m.maximum_concurrency = r.int(address, body, "maximumConcurrency", (2, 1_000), "", "none (up to 1,000)")?;
        m.report_batch_item_failures =
            r.string(address, body, "functionResponseType", "none")?.as_deref() == Some("ReportBatchItemFailures");
    }
    if let Some(arn) = arn.and_then(|a| r.known(&format!("{address}.arn"), a, "a queue whose settings are unknown")) {
        match queue_name(arn) {
            Some(logical) => queue(r, logical, timeout_s, &mut m)?,
            None => m.fifo = arn.as_str().is_some_and(|a| a.ends_with(".fifo")),
        }
    }
    // Once the queue's type is known: a FIFO queue has its own limits.
    let at = || body.get("batchSize").unwrap_or(body).location(r.file);
    let window = format!("{address}.maximumBatchingWindow");
    check_batch(&m, &format!("{address}.batchSize"), (&window, "maximumBatchingWindow"), at)?;
    Ok(Some(Trigger::Sqs(m)))
}

/// The logical ID of `!GetAtt Q.Arn`, `!GetAtt [Q, Arn]` or `Fn::GetAtt: [Q, Arn]`.
fn queue_name(arn: &Node) -> Option<&str> {
    let target = match arn.tag.as_deref() {
        Some("!GetAtt") => arn,
        _ => arn.get("Fn::GetAtt")?,
    };
    match &target.value {
        Value::Scalar { text, .. } => text.strip_suffix(".Arn"),
        Value::Seq(items) if items.len() == 2 && items[1].as_str() == Some("Arn") => items[0].as_str(),
        _ => None,
    }
}

/// Reads the queue `logical` of `resources.Resources`, if it is declared there: its visibility timeout, which
/// AWS requires to be at least the function's timeout, and whether it is FIFO.
fn queue(r: &mut Reader, logical: &str, timeout_s: u32, m: &mut SqsMapping) -> Result<(), ImportError> {
    let root = r.root;
    let Some(q) = root.get("resources").and_then(|x| x.get("Resources")).and_then(|x| x.get(logical)) else {
        return Ok(());
    };
    if q.get("Type").and_then(Node::as_str) != Some("AWS::SQS::Queue") {
        return Ok(());
    }
    let address = format!("resources.Resources.{logical}");
    let empty = Node { value: Value::Map(Vec::new()), tag: None, line: q.line, column: q.column };
    let props = q.get("Properties").filter(|p| p.as_map().is_some()).unwrap_or(&empty);
    let props_address = format!("{address}.Properties");
    let set = r.int(&props_address, props, "VisibilityTimeout", (0, 43_200), " s", "30 s (SQS's default)")?;
    let visibility = set.unwrap_or(DEFAULT_VISIBILITY_S);
    check_visibility(
        &format!("{address}: VisibilityTimeout"),
        visibility,
        set.is_none(),
        "the function it feeds",
        timeout_s,
        || props.get("VisibilityTimeout").unwrap_or(q).location(r.file),
    )?;
    m.visibility_timeout_s = Some(visibility);
    m.fifo = r.bool(&props_address, props, "FifoQueue", "a standard queue")? == Some(true)
        || r.string(&props_address, props, "QueueName", "")?.is_some_and(|n| n.ends_with(".fifo"));
    Ok(())
}

/// `- schedule: rate(1 hour)` or `- schedule: {rate: [cron(…), …], enabled, method, timezone}`.
fn schedules(
    r: &mut Reader,
    at: &str,
    address: &str,
    event: &Node,
    body: &Node,
    triggers: &mut Vec<Trigger>,
) -> Result<(), ImportError> {
    if body.as_map().is_none() {
        return schedule(r, address, body, None, triggers);
    }
    if r.bool(address, body, "enabled", "enabled")? == Some(false) {
        skip(r, at, event, "the schedule is disabled (enabled: false)");
        return Ok(());
    }
    let method = r.string(address, body, "method", "eventBus")?;
    let timezone = match body.get("timezone").filter(|z| !z.is_null()) {
        // EventBridge rules (`method: eventBus`, the default) run in UTC; Scheduler takes a time zone.
        Some(z) if method.as_deref() != Some("scheduler") => {
            return Err(r.invalid(
                z,
                format!(
                    "{address}.timezone needs method: scheduler: EventBridge rules (the default method) run in UTC"
                ),
            ))
        }
        Some(_) => r.string(address, body, "timezone", "UTC")?.filter(|z| z != "UTC"),
        None => None,
    };
    let Some(rate) = body.get("rate").filter(|x| !x.is_null()) else {
        return Err(r.invalid(body, format!("{address} has no rate: a rate(…) or cron(…) expression is expected")));
    };
    match rate.as_seq() {
        Some(items) => {
            for item in items {
                schedule(r, address, item, timezone.clone(), triggers)?;
            }
            Ok(())
        }
        None => schedule(r, address, rate, timezone, triggers),
    }
}

/// One schedule expression, checked as EventBridge checks it.
fn schedule(
    r: &mut Reader,
    address: &str,
    expression: &Node,
    timezone: Option<String>,
    triggers: &mut Vec<Trigger>,
) -> Result<(), ImportError> {
    let Some(node) = r.known(address, expression, "no schedule") else { return Ok(()) };
    let Some(text) = node.as_str() else {
        return Err(
            r.invalid(node, format!("{address} is {}: a rate(…) or cron(…) expression is expected", node.describe()))
        );
    };
    let spec = ScheduleSpec { expression: text.to_string(), timezone, flexible_window_minutes: None };
    check_schedule(&spec, &node.location(r.file), address)?;
    triggers.push(Trigger::Schedule(spec));
    Ok(())
}
