//! The event sources in front of a function: SQS requests, API Gateway calls and EventBridge schedules, as a
//! month's usage describes them ([`ApiKind`], [`ScheduleKind`]) and as `costsim price` and the budgeting sheet
//! give them ([`EventSources`], checked when it is built).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::catalog::Catalog;
use super::checked;
use super::estimate::{err, EstimateError};
use super::usage::FunctionUsage;
use super::Dimension;
use crate::trigger::SyncSource;

/// Which API product receives a function's API requests: it decides their price, or that there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiKind {
    /// No API in front of the function.
    #[default]
    None,
    /// An API Gateway REST API: tiered per call.
    RestApi,
    /// An API Gateway HTTP API: tiered per call, each 512 KB of a request one call.
    HttpApi,
    /// A Lambda Function URL: no charge beyond the function's own requests and duration
    /// (<https://aws.amazon.com/lambda/pricing/>).
    FunctionUrl,
}

impl ApiKind {
    /// The names accepted in files and flags.
    pub const NAMES: [&'static str; 4] = ["none", "rest_api", "http_api", "function_url"];

    /// The name used in files and flags.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiKind::None => "none",
            ApiKind::RestApi => "rest_api",
            ApiKind::HttpApi => "http_api",
            ApiKind::FunctionUrl => "function_url",
        }
    }

    /// The catalog dimension its calls are priced by; `None` for no API and for Function URLs.
    pub fn dimension(self) -> Option<Dimension> {
        match self {
            ApiKind::RestApi => Some(Dimension::ApiRestRequests),
            ApiKind::HttpApi => Some(Dimension::ApiHttpRequests),
            ApiKind::None | ApiKind::FunctionUrl => None,
        }
    }
}

/// A scenario's synchronous source, as the bill sees it: a direct `Invoke` has no API in front.
impl From<SyncSource> for ApiKind {
    fn from(source: SyncSource) -> ApiKind {
        match source {
            SyncSource::Direct => ApiKind::None,
            SyncSource::RestApi => ApiKind::RestApi,
            SyncSource::HttpApi => ApiKind::HttpApi,
            SyncSource::FunctionUrl => ApiKind::FunctionUrl,
        }
    }
}

impl FromStr for ApiKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let aliases = [
            ("none", ApiKind::None),
            ("rest_api", ApiKind::RestApi),
            ("rest", ApiKind::RestApi),
            ("http_api", ApiKind::HttpApi),
            ("http", ApiKind::HttpApi),
            ("function_url", ApiKind::FunctionUrl),
            ("url", ApiKind::FunctionUrl),
        ];
        parse_name(s, "API kind", &aliases, &ApiKind::NAMES)
    }
}

/// What fires a scheduled function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleKind {
    /// EventBridge Scheduler: priced per invocation after a monthly free allowance.
    #[default]
    Scheduler,
    /// A legacy EventBridge scheduled rule: the shipped catalog prices it at zero (no price found), as data, so
    /// that a catalog can change it.
    Rule,
}

impl ScheduleKind {
    /// The names accepted in files and flags.
    pub const NAMES: [&'static str; 2] = ["scheduler", "rule"];

    /// The name used in files and flags.
    pub fn as_str(self) -> &'static str {
        match self {
            ScheduleKind::Scheduler => "scheduler",
            ScheduleKind::Rule => "rule",
        }
    }

    /// The catalog dimension its invocations are priced by.
    pub fn dimension(self) -> Dimension {
        match self {
            ScheduleKind::Scheduler => Dimension::SchedulerInvocations,
            ScheduleKind::Rule => Dimension::ScheduledRuleInvocations,
        }
    }
}

impl FromStr for ScheduleKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let aliases = [
            ("scheduler", ScheduleKind::Scheduler),
            ("eventbridge_scheduler", ScheduleKind::Scheduler),
            ("rule", ScheduleKind::Rule),
            ("scheduled_rule", ScheduleKind::Rule),
        ];
        parse_name(s, "schedule kind", &aliases, &ScheduleKind::NAMES)
    }
}

/// The value `s` names, case and `-`/`_` aside, among `aliases`; else a message listing the `allowed` names.
fn parse_name<T: Copy>(s: &str, what: &str, aliases: &[(&str, T)], allowed: &[&str]) -> Result<T, String> {
    let key = s.trim().to_ascii_lowercase().replace('-', "_");
    match aliases.iter().find(|(name, _)| *name == key) {
        Some((_, value)) => Ok(*value),
        None => Err(format!("unknown {what} '{}' (allowed: {})", crate::diagnostic::excerpt(s), allowed.join(", "))),
    }
}

/// Largest average payload of one SQS request [KB]: a `ReceiveMessage` returns at most 10 messages
/// (<https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html>,
/// `MaxNumberOfMessages`) of at most 1 MiB each
/// (<https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html>).
const MAX_SQS_PAYLOAD_KB: i64 = 10 * 1024;
/// Largest HTTP API request [KB]: the 10 MB payload quota
/// (<https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html>).
const MAX_HTTP_API_PAYLOAD_KB: i64 = 10 * 1024;

/// A function's event-source traffic in a month, before the catalog's metering: SQS requests with their payload
/// size, API calls with the API's kind and payload size, schedule invocations. Built with
/// [`EventSources::default`] and the `with_*` methods, each of which checks its values.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct EventSources {
    sqs_requests: Decimal,
    sqs_fifo: bool,
    sqs_payload_kb: Option<Decimal>,
    api_requests: Decimal,
    api_kind: ApiKind,
    api_payload_kb: Option<Decimal>,
    scheduler_invocations: Decimal,
    schedule_kind: ScheduleKind,
}

fn non_negative(field: &'static str, value: Decimal) -> Result<Decimal, EstimateError> {
    if value < Decimal::ZERO {
        return Err(err(field, format!("must be zero or more (got {value})")));
    }
    Ok(value)
}

fn payload(field: &'static str, kb: Option<Decimal>, max: i64) -> Result<Option<Decimal>, EstimateError> {
    match kb {
        Some(kb) if kb < Decimal::ZERO || kb > Decimal::from(max) => {
            Err(err(field, format!("must be between 0 and {max} KB (got {kb})")))
        }
        _ => Ok(kb),
    }
}

impl EventSources {
    /// SQS requests a month (receives, deletes and empty receives), on a FIFO queue or a standard one, and the
    /// average payload of one request [KB] if it is above the catalog's chunk (64 KB): each chunk is a request.
    ///
    /// # Errors
    /// When `requests` is negative or the payload is outside 0–10,240 KB (10 messages of at most 1 MiB).
    pub fn with_sqs(
        mut self,
        requests: Decimal,
        fifo: bool,
        payload_kb: Option<Decimal>,
    ) -> Result<Self, EstimateError> {
        self.sqs_requests = non_negative("sqs_requests", requests)?;
        self.sqs_payload_kb = payload("sqs_payload_kb", payload_kb, MAX_SQS_PAYLOAD_KB)?;
        self.sqs_fifo = fifo;
        Ok(self)
    }

    /// API calls a month through an API of `kind`, and for HTTP APIs the average request size [KB]: HTTP APIs
    /// meter each 512 KB of a request as one call.
    ///
    /// # Errors
    /// When `requests` is negative, calls are given without an API (`kind` none), or a payload is given for
    /// anything but an HTTP API or outside 0–10,240 KB (the HTTP API payload quota).
    pub fn with_api(
        mut self,
        requests: Decimal,
        kind: ApiKind,
        payload_kb: Option<Decimal>,
    ) -> Result<Self, EstimateError> {
        self.api_requests = non_negative("api_requests", requests)?;
        if requests > Decimal::ZERO && kind == ApiKind::None {
            return Err(err(
                "api_kind",
                format!("must say which API receives the api_requests (allowed: {})", ApiKind::NAMES[1..].join(", ")),
            ));
        }
        if payload_kb.is_some() && kind != ApiKind::HttpApi {
            return Err(err(
                "api_payload_kb",
                format!(
                    "applies to HTTP APIs only (api_kind = http_api), which meter requests by size; REST APIs and \
                     Function URLs do not (got api_kind = {})",
                    kind.as_str()
                ),
            ));
        }
        self.api_payload_kb = payload("api_payload_kb", payload_kb, MAX_HTTP_API_PAYLOAD_KB)?;
        self.api_kind = kind;
        Ok(self)
    }

    /// Schedule invocations a month, and what fires them.
    ///
    /// # Errors
    /// When `invocations` is negative.
    pub fn with_schedule(mut self, invocations: Decimal, kind: ScheduleKind) -> Result<Self, EstimateError> {
        self.scheduler_invocations = non_negative("scheduler_invocations", invocations)?;
        self.schedule_kind = kind;
        Ok(self)
    }

    /// `usage` with these event sources, each payload counted in `catalog`'s chunks.
    pub(super) fn apply(&self, catalog: &Catalog, usage: FunctionUsage) -> Result<FunctionUsage, EstimateError> {
        let rules = catalog.event_sources.as_ref();
        let sqs_chunk = rules.map(|r| r.sqs_chunk_kb);
        let http_chunk = rules.map(|r| r.http_api_chunk_kb);
        Ok(FunctionUsage {
            sqs_requests: chunked(SQS, self.sqs_requests, self.sqs_payload_kb, sqs_chunk)?,
            sqs_fifo: self.sqs_fifo,
            api_requests: chunked(API, self.api_requests, self.api_payload_kb, http_chunk)?,
            api_kind: self.api_kind,
            scheduler_invocations: self.scheduler_invocations,
            schedule_kind: self.schedule_kind,
            ..usage
        })
    }
}

/// The sheet's columns of the SQS and the API counts and payloads, for messages.
const SQS: (&str, &str) = ("sqs_requests", "sqs_payload_kb");
const API: (&str, &str) = ("api_requests", "api_payload_kb");

/// `requests × max(1, ceil(payload / chunk))`: a request of up to one chunk counts once, each further chunk
/// (or part of one) once more.
/// `fields` name the requests and the payload in messages.
fn chunked(
    fields: (&'static str, &'static str),
    requests: Decimal,
    kb: Option<Decimal>,
    chunk_kb: Option<u32>,
) -> Result<Decimal, EstimateError> {
    let (requests_field, payload_field) = fields;
    let Some(kb) = kb else { return Ok(requests) };
    let Some(chunk) = chunk_kb else {
        return Err(err(
            payload_field,
            "cannot be applied: the catalog has no [event_sources] table saying how payloads are metered \
             (see pricing/README.md)"
                .into(),
        ));
    };
    // kb ≤ 10,240 and chunk ≥ 1: the factor is at most 10,240.
    let chunks = (kb / Decimal::from(chunk)).ceil().max(Decimal::ONE);
    checked::mul(requests, chunks).map_err(|_| {
        err(
            requests_field,
            format!(
                "{requests} × {chunks} chunks of {chunk} KB is too large to price (exact decimals hold amounts up \
                 to {})",
                checked::LIMIT
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn payloads_count_in_chunks() {
        // 256 KB / 64 KB = 4 requests each (AWS's own example, https://aws.amazon.com/sqs/features/).
        assert_eq!(chunked(SQS, d("1000"), Some(d("256")), Some(64)).unwrap(), d("4000"));
        // 257 KB is 4 chunks and a bit: 5. 1 MB through an HTTP API: 1024 / 512 = 2 calls.
        assert_eq!(chunked(SQS, d("1000"), Some(d("257")), Some(64)).unwrap(), d("5000"));
        assert_eq!(chunked(API, d("10"), Some(d("1024")), Some(512)).unwrap(), d("20"));
        // An empty payload is still one request.
        assert_eq!(chunked(SQS, d("7"), Some(Decimal::ZERO), Some(64)).unwrap(), d("7"));
        assert_eq!(chunked(SQS, d("7"), None, None).unwrap(), d("7"));
        assert_eq!(chunked(SQS, d("7"), Some(d("1")), None).unwrap_err().field, "sqs_payload_kb");
        assert_eq!(chunked(SQS, Decimal::MAX, Some(d("128")), Some(64)).unwrap_err().field, "sqs_requests");
    }

    #[test]
    fn inconsistent_event_sources_are_refused() {
        let e = EventSources::default();
        assert_eq!(e.clone().with_api(d("5"), ApiKind::None, None).unwrap_err().field, "api_kind");
        assert_eq!(e.clone().with_api(d("5"), ApiKind::RestApi, Some(d("1"))).unwrap_err().field, "api_payload_kb");
        assert_eq!(e.clone().with_api(d("5"), ApiKind::HttpApi, Some(d("10241"))).unwrap_err().field, "api_payload_kb");
        assert_eq!(e.clone().with_sqs(d("-1"), false, None).unwrap_err().field, "sqs_requests");
        assert_eq!(e.clone().with_schedule(d("-1"), ScheduleKind::Rule).unwrap_err().field, "scheduler_invocations");
        // No calls and no API is fine; so are Function URL calls (they are free).
        assert!(e.clone().with_api(Decimal::ZERO, ApiKind::None, None).is_ok());
        assert!(e.with_api(d("5"), ApiKind::FunctionUrl, None).is_ok());
    }

    #[test]
    fn names_parse_and_print() {
        for k in ApiKind::NAMES {
            assert_eq!(k.parse::<ApiKind>().unwrap().as_str(), k);
        }
        for k in ScheduleKind::NAMES {
            assert_eq!(k.parse::<ScheduleKind>().unwrap().as_str(), k);
        }
        assert_eq!("HTTP-API".parse::<ApiKind>(), Ok(ApiKind::HttpApi));
        assert!("soap".parse::<ApiKind>().unwrap_err().contains("rest_api"));
        assert_eq!(ApiKind::from(SyncSource::Direct), ApiKind::None);
        assert_eq!(ApiKind::from(SyncSource::FunctionUrl), ApiKind::FunctionUrl);
    }
}
