//! Plain CloudFormation resources that configure or invoke a function (CloudFormation resource reference):
//! provisioned concurrency on `AWS::Lambda::Version` / `AWS::Lambda::Alias`, `AWS::Lambda::EventInvokeConfig`,
//! `AWS::Lambda::EventSourceMapping`, `AWS::Lambda::Url`, `AWS::Events::Rule` targets, `AWS::Scheduler::Schedule`,
//! S3 bucket notifications, SNS subscriptions, and API Gateway REST and HTTP API integrations.

use super::events::MAPPING_KEYS;
use super::function::{CONCURRENCY, EVENT_AGE_S, RETRIES};
use super::reader::{Reader, Scope};
use super::Res;
use crate::iac::yaml::Node;
use crate::iac::{check_schedule, Front, ImportError, ScheduleSpec, Trigger};

/// The resource types read here (besides the functions).
pub const READ: [&str; 13] = [
    "AWS::Lambda::Version",
    "AWS::Lambda::Alias",
    "AWS::Lambda::EventInvokeConfig",
    "AWS::Lambda::EventSourceMapping",
    "AWS::Lambda::Url",
    "AWS::Events::Rule",
    "AWS::Scheduler::Schedule",
    "AWS::S3::Bucket",
    "AWS::SNS::Subscription",
    "AWS::SNS::Topic",
    "AWS::ApiGateway::Method",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApplicationAutoScaling::ScalableTarget",
];

/// Lambda resources that do not change what a function costs: read past silently.
const NO_COST: [&str; 5] = [
    "AWS::Lambda::Permission",
    "AWS::Lambda::LayerVersion",
    "AWS::Lambda::LayerVersionPermission",
    "AWS::Lambda::CodeSigningConfig",
    "AWS::Lambda::Function",
];

impl Reader<'_, '_> {
    /// What `r` configures on, or how it invokes, a function of the template.
    pub(super) fn related(&mut self, r: &Res) -> Result<(), ImportError> {
        match r.kind {
            "AWS::Lambda::Version" | "AWS::Lambda::Alias" => {
                let s = self.scope(r, &["ProvisionedConcurrencyConfig"])?;
                let path = "ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions";
                if let Some(n) = self.int(&s, path, CONCURRENCY, "", "0")? {
                    if let Some(i) = self.link(r, "FunctionName", r.props.get("FunctionName"))? {
                        self.import.functions[i].provisioned += n as u32;
                    }
                }
            }
            "AWS::Lambda::EventInvokeConfig" => {
                if let Some(i) = self.link(r, "FunctionName", r.props.get("FunctionName"))? {
                    let s = self.scope(r, &["MaximumRetryAttempts", "MaximumEventAgeInSeconds"])?;
                    let retries = self.int(&s, "MaximumRetryAttempts", RETRIES, "", "2 (Lambda's default)")?;
                    let age = self.int(&s, "MaximumEventAgeInSeconds", EVENT_AGE_S, "s", "21600 (Lambda's default)")?;
                    let f = &mut self.import.functions[i];
                    f.maximum_retry_attempts = retries.map(|v| v as u32).or(f.maximum_retry_attempts);
                    f.maximum_event_age_s = age.map(|v| v as u32).or(f.maximum_event_age_s);
                }
            }
            "AWS::Lambda::EventSourceMapping" => {
                if let Some(i) = self.link(r, "FunctionName", r.props.get("FunctionName"))? {
                    let s = self.scope(r, &MAPPING_KEYS)?;
                    let trigger = self.sqs(i, &s, "EventSourceArn", r.props.get("EventSourceArn"), false)?;
                    self.triggers[i].extend(trigger);
                }
            }
            "AWS::Lambda::Url" => self.invokes(r, "TargetFunctionArn", Trigger::Sync { front: Front::FunctionUrl })?,
            "AWS::ApiGateway::Method" => {
                // A method without an integration URI (a MOCK, an OPTIONS method) invokes nothing.
                let uri = r.props.get("Integration").and_then(|x| x.get("Uri"));
                if let Some(i) = uri.map(|u| self.link(r, "Integration.Uri", Some(u))).transpose()?.flatten() {
                    self.triggers[i].push(Trigger::Sync { front: Front::RestApi });
                }
            }
            "AWS::ApiGatewayV2::Integration" => {
                self.invokes(r, "IntegrationUri", Trigger::Sync { front: Front::HttpApi })?
            }
            "AWS::Events::Rule" => self.rule(r)?,
            "AWS::Scheduler::Schedule" => {
                let arn = r.props.get("Target").and_then(|t| t.get("Arn"));
                if let Some(i) = self.link(r, "Target.Arn", arn)? {
                    let keys = ["State", "ScheduleExpression", "ScheduleExpressionTimezone", "FlexibleTimeWindow"];
                    let s = self.scope(r, &keys)?;
                    let trigger = self.scheduler(&s)?;
                    self.triggers[i].extend(trigger);
                }
            }
            "AWS::S3::Bucket" => {
                let configs = r.props.get("NotificationConfiguration").and_then(|n| n.get("LambdaConfigurations"));
                for c in configs.and_then(Node::as_seq).unwrap_or_default() {
                    if let Some(i) =
                        self.link(r, "NotificationConfiguration.LambdaConfigurations[].Function", c.get("Function"))?
                    {
                        self.triggers[i].push(Trigger::Async { source: "S3".into() });
                    }
                }
            }
            "AWS::SNS::Subscription" => self.subscription(r, &r.props)?,
            "AWS::SNS::Topic" => {
                for sub in r.props.get("Subscription").and_then(Node::as_seq).unwrap_or_default() {
                    self.subscription(r, sub)?;
                }
            }
            "AWS::ApplicationAutoScaling::ScalableTarget" => {
                let s = self.scope(r, &["ServiceNamespace"])?;
                if self.string(&s, "ServiceNamespace", "")?.as_deref() == Some("lambda") {
                    self.skip(
                        &r.address,
                        &r.location,
                        "provisioned-concurrency auto scaling is not simulated: costsim keeps the configured provisioned concurrency all day",
                    );
                }
            }
            kind if kind.starts_with("AWS::Lambda::") && !NO_COST.contains(&kind) => {
                self.skip(&r.address, &r.location, "not read by costsim import");
            }
            _ => {}
        }
        Ok(())
    }

    /// `trigger` on the function property `key` of `r` names.
    fn invokes(&mut self, r: &Res, key: &str, trigger: Trigger) -> Result<(), ImportError> {
        if let Some(i) = self.link(r, key, r.props.get(key))? {
            self.triggers[i].push(trigger);
        }
        Ok(())
    }

    /// An SNS subscription (`sub`: the resource's properties or an item of a topic's `Subscription`).
    fn subscription(&mut self, r: &Res, sub: &Node) -> Result<(), ImportError> {
        let protocol = sub.get("Protocol").map(|p| self.eval.eval(p)).transpose()?;
        if protocol.as_ref().and_then(Node::as_str) == Some("lambda") {
            if let Some(i) = self.link(r, "Endpoint", sub.get("Endpoint"))? {
                self.triggers[i].push(Trigger::Async { source: "SNS".into() });
            }
        }
        Ok(())
    }

    /// An EventBridge rule: each target that is a function gets the rule's schedule (UTC) or, for an event
    /// pattern, an asynchronous trigger.
    fn rule(&mut self, r: &Res) -> Result<(), ImportError> {
        let Some(targets) = r.props.get("Targets").and_then(Node::as_seq) else { return Ok(()) };
        let s: Scope = self.scope(r, &["State", "ScheduleExpression"])?;
        let mut disabled_noted = false;
        for t in targets {
            let Some(i) = self.link(r, "Targets[].Arn", t.get("Arn"))? else { continue };
            if self.string(&s, "State", "ENABLED")?.as_deref() == Some("DISABLED") {
                if !disabled_noted {
                    self.skip(&r.address, &r.location, "the rule is disabled (State: DISABLED)");
                    disabled_noted = true;
                }
                continue;
            }
            let trigger = match self.string(&s, "ScheduleExpression", "an event pattern")? {
                Some(expression) => {
                    let spec = ScheduleSpec { expression, timezone: None, flexible_window_minutes: None };
                    let at = s.node.get("ScheduleExpression").map_or(r.location.clone(), |n| n.location(self.path));
                    check_schedule(&spec, &at, &r.address)?;
                    Trigger::Schedule(spec)
                }
                None => Trigger::Async { source: "EventBridge".into() },
            };
            self.triggers[i].push(trigger);
        }
        Ok(())
    }
}
