//! SAM's `Events` of a function (SAM specification, "EventSource" and its types `Api`, `HttpApi`, `S3`, `SNS`,
//! `SQS`, `Schedule`, `ScheduleV2`, `EventBridgeRule`, `CloudWatchEvent`), and the two settings both SAM and plain
//! CloudFormation share key for key: an SQS mapping (`AWS::Lambda::EventSourceMapping`'s properties are SAM's
//! `SQS` event's) and a Scheduler schedule (`AWS::Scheduler::Schedule`'s are SAM's `ScheduleV2`'s).

use super::intrinsics::is_unknown;
use super::reader::{Reader, Scope};
use super::Res;
use crate::iac::yaml::{Node, Value};
use crate::iac::{
    check_batch, check_schedule, check_visibility, Front, ImportError, ScheduleSpec, SqsMapping, Trigger,
};

/// The properties of an `AWS::Lambda::EventSourceMapping` read.
pub(super) const MAPPING_KEYS: [&str; 6] = [
    "BatchSize",
    "MaximumBatchingWindowInSeconds",
    "ScalingConfig",
    "FunctionResponseTypes",
    "Enabled",
    "EventSourceArn",
];

impl Reader<'_, '_> {
    /// The SAM events of function `i` (resource `r`, evaluated properties `s`).
    pub(super) fn events(&mut self, i: usize, r: &Res, s: &Scope) -> Result<(), ImportError> {
        let Some(events) = self.get(s, "Events", "no events") else { return Ok(()) };
        let raw = r.props.get("Events");
        for (name, e) in events.entries() {
            let address = format!("{}.Properties.Events.{name}", r.address);
            let location = e.location(self.path);
            let Some(kind) = e.get("Type").and_then(Node::as_str).filter(|_| !e.get("Type").is_some_and(is_unknown))
            else {
                return Err(ImportError::invalid(location, format!("{address}: an event is a mapping with a Type")));
            };
            let props = e.get("Properties").filter(|p| p.as_map().is_some()).cloned();
            let es = Scope {
                address: address.clone(),
                props: format!("{address}.Properties"),
                node: props.unwrap_or(Node { value: Value::Map(Vec::new()), ..e.clone() }),
                location: location.clone(),
            };
            let trigger = match kind {
                "Api" => Some(Trigger::Sync { front: Front::RestApi }),
                "HttpApi" => Some(Trigger::Sync { front: Front::HttpApi }),
                "S3" => Some(Trigger::Async { source: "S3".into() }),
                "SNS" => Some(Trigger::Async { source: "SNS".into() }),
                "EventBridgeRule" | "CloudWatchEvent" => {
                    if self.disabled(&es)? {
                        self.skip(&address, &location, "the rule is disabled");
                        None
                    } else if es.node.get("Pattern").is_some() {
                        Some(Trigger::Async { source: "EventBridge".into() })
                    } else {
                        self.skip(&address, &location, "it has no Pattern, so it matches no event");
                        None
                    }
                }
                "SQS" => {
                    let queue =
                        raw.and_then(|x| x.get(name)).and_then(|x| x.get("Properties")).and_then(|x| x.get("Queue"));
                    self.sqs(i, &es, "Queue", queue, true)?
                }
                "Schedule" => {
                    if self.disabled(&es)? {
                        self.skip(&address, &location, "the schedule is disabled");
                        None
                    } else {
                        match self.string(&es, "Schedule", "no schedule")? {
                            Some(expression) => {
                                let spec = ScheduleSpec { expression, timezone: None, flexible_window_minutes: None };
                                let at = es.node.get("Schedule").map_or(location.clone(), |n| n.location(self.path));
                                check_schedule(&spec, &at, &address)?;
                                Some(Trigger::Schedule(spec))
                            }
                            None => {
                                self.skip(&address, &location, "no Schedule expression could be read");
                                None
                            }
                        }
                    }
                }
                "ScheduleV2" => self.scheduler(&es)?,
                other => {
                    self.skip(
                        &address,
                        &location,
                        &format!(
                            "{other} events are not simulated (costsim simulates API, asynchronous, SQS and schedule triggers)"
                        ),
                    );
                    None
                }
            };
            self.triggers[i].extend(trigger);
        }
        Ok(())
    }

    /// `Enabled: false` or `State: DISABLED`.
    fn disabled(&mut self, s: &Scope) -> Result<bool, ImportError> {
        Ok(self.bool(s, "Enabled", "enabled")? == Some(false)
            || self.string(s, "State", "ENABLED")?.as_deref() == Some("DISABLED"))
    }

    /// An SQS mapping on function `i` from scope `s` (a SAM `SQS` event or an `AWS::Lambda::EventSourceMapping`),
    /// its queue at `key` (`raw` as written, for the reference); `sqs` when the event's type says it is SQS.
    /// None (recorded as skipped) for a disabled mapping or a source that is not a queue.
    pub(super) fn sqs(
        &mut self,
        i: usize,
        s: &Scope,
        key: &str,
        raw: Option<&Node>,
        sqs: bool,
    ) -> Result<Option<Trigger>, ImportError> {
        if self.bool(s, "Enabled", "enabled")? == Some(false) {
            self.skip(&s.address, &s.location, "the mapping is disabled (Enabled: false)");
            return Ok(None);
        }
        let mut ids = Vec::new();
        if let Some(raw) = raw {
            super::structure::refs(raw, &mut ids);
        }
        let resources = self.resources;
        let source = ids.iter().find_map(|id| resources.iter().find(|r| r.id == id.as_str()));
        let queue = source.filter(|q| q.kind == "AWS::SQS::Queue");
        // An ARN only a deployment knows is not refused for it: the event's own type may say it is SQS.
        let arn = s.node.get(key).filter(|n| !is_unknown(n)).and_then(Node::as_str).unwrap_or("").to_string();
        if queue.is_none() && !sqs && !arn.contains(":sqs:") {
            let what = source.map_or_else(|| "its source".to_string(), |r| format!("{} ({})", r.address, r.kind));
            self.skip(
                &s.address,
                &s.location,
                &format!("{what} is not an SQS queue: only SQS event source mappings are simulated (streams, Kafka and MQ are not)"),
            );
            return Ok(None);
        }
        let mut m = SqsMapping {
            batch_size: self.int(s, "BatchSize", (1, 10_000), "", "10 (AWS's default)")?.map(|v| v as u32),
            maximum_batching_window_s: self
                .int(s, "MaximumBatchingWindowInSeconds", (0, 300), "s", "0 (AWS's default)")?
                .map(|v| v as u32),
            maximum_concurrency: self
                .int(s, "ScalingConfig.MaximumConcurrency", (2, 1_000), "", "no limit")?
                .map(|v| v as u32),
            report_batch_item_failures: self
                .strings(s, "FunctionResponseTypes")
                .iter()
                .any(|t| t == "ReportBatchItemFailures"),
            visibility_timeout_s: None,
            fifo: arn.ends_with(".fifo"),
        };
        if let Some(q) = queue {
            let qs = self.scope(q, &["VisibilityTimeout", "FifoQueue", "QueueName"])?;
            let visibility =
                self.int(&qs, "VisibilityTimeout", (0, 43_200), "s", "30 (SQS's default)")?.map_or(30, |v| v as u32);
            let written = qs.node.get("VisibilityTimeout");
            check_visibility(
                &format!("{}: VisibilityTimeout", q.address),
                visibility,
                written.is_none(),
                &self.import.functions[i].name,
                self.import.functions[i].timeout_s,
                || written.map_or_else(|| q.location.clone(), |n| n.location(self.path)),
            )?;
            m.visibility_timeout_s = Some(visibility);
            m.fifo |= self.bool(&qs, "FifoQueue", "false")? == Some(true)
                || self.string(&qs, "QueueName", "a generated name")?.is_some_and(|n| n.ends_with(".fifo"));
        }
        let at = || s.node.get("BatchSize").map_or(s.location.clone(), |n| n.location(self.path));
        check_batch(
            &m,
            &format!("{}: BatchSize", s.address),
            (&format!("{}: MaximumBatchingWindowInSeconds", s.address), "MaximumBatchingWindowInSeconds"),
            at,
        )?;
        Ok(Some(Trigger::Sqs(m)))
    }

    /// An EventBridge Scheduler schedule from `s` (a SAM `ScheduleV2` event or an `AWS::Scheduler::Schedule`);
    /// none (recorded as skipped) when disabled or without an expression.
    pub(super) fn scheduler(&mut self, s: &Scope) -> Result<Option<Trigger>, ImportError> {
        if self.string(s, "State", "ENABLED")?.as_deref() == Some("DISABLED") {
            self.skip(&s.address, &s.location, "the schedule is disabled (State: DISABLED)");
            return Ok(None);
        }
        let Some(expression) = self.string(s, "ScheduleExpression", "no schedule")? else {
            self.skip(&s.address, &s.location, "no ScheduleExpression could be read");
            return Ok(None);
        };
        let timezone = self.string(s, "ScheduleExpressionTimezone", "UTC")?.filter(|z| z != "UTC");
        let flexible_window_minutes = if self.string(s, "FlexibleTimeWindow.Mode", "OFF")?.as_deref()
            == Some("FLEXIBLE")
        {
            self.int(s, "FlexibleTimeWindow.MaximumWindowInMinutes", (1, 1_440), "minutes", "none")?.map(|v| v as u32)
        } else {
            None
        };
        let spec = ScheduleSpec { expression, timezone, flexible_window_minutes };
        let at = s.node.get("ScheduleExpression").map_or(s.location.clone(), |n| n.location(self.path));
        check_schedule(&spec, &at, &s.address)?;
        Ok(Some(Trigger::Schedule(spec)))
    }
}
