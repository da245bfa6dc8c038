//! The run page's "Assumptions and warnings" section: what the simulation assumed, in sentences from the
//! scenario as run, and every warning once.

use super::super::{RunReport, ScenarioInfo};
use super::esc;

pub(super) fn assumptions(out: &mut String, r: &RunReport) {
    let s = &r.scenario;
    *out += "<h2 id=\"assumptions\">Assumptions and warnings</h2>\n<ul>\n";
    let items = [
        format!(
            "Each replication simulates {} h of {} and is scaled to a 730-hour month before pricing.",
            s.horizon_hours,
            arrivals(s)
        ),
        trigger_sentence(s),
        "Duration = I/O part + CPU part ÷ usable vCPUs, vCPUs = memory ÷ 1,769 MB (at most 6), capped by the function's threads; lognormal variation.".into(),
        "Idle environments expire after the keep-alive set in the scenario; AWS documents neither the keep-alive nor the routing among idle environments.".into(),
        format!(
            "The account's free tier is {}; volume tiers apply to this function's usage alone.",
            if s.free_tier { "applied to this function" } else { "not applied (used by other functions)" }
        ),
        "INIT time is billed by the rules in force on the billing date (from 2025-08-01 for every package type).".into(),
        format!(
            "Cost-, speed- and balanced-optimal settings are chosen among settings with at most {:.2}% errors and {}; balanced = {} × Lambda cost ÷ max Lambda cost + {} × mean {}latency ÷ max mean {}latency.",
            s.recommend.max_error_ratio * 100.0,
            if s.trigger.kind.queued() {
                format!("{:.2}% dropped {}s", s.recommend.max_dropped_ratio * 100.0, s.trigger.kind.unit())
            } else {
                format!("{:.2}% throttles", s.recommend.max_throttle_ratio * 100.0)
            },
            s.recommend.balanced_weight,
            1.0 - s.recommend.balanced_weight,
            if s.trigger.kind.queued() { "end-to-end " } else { "" },
            if s.trigger.kind.queued() { "end-to-end " } else { "" },
        ),
    ];
    for i in items {
        *out += &format!("<li>{}</li>\n", esc(&i));
    }
    *out += "</ul>\n";
    if !r.warnings.is_empty() {
        *out += "<ul class=\"warnings\">\n";
        for w in &r.warnings {
            *out += &format!("<li>{}</li>\n", esc(&w.to_string()));
        }
        *out += "</ul>\n";
    }
}

/// What arrives, in words: the trace replayed, or Poisson arrivals at their mean rate.
fn arrivals(s: &ScenarioInfo) -> String {
    let unit = s.trigger.kind.unit();
    if let Some(t) = &s.trace {
        return format!(
            "the trace {} ({} {unit}s over {:.1} h, replayed as recorded)",
            t.path, t.requests, t.duration_hours
        );
    }
    if s.trigger.kind == crate::trigger::TriggerKind::Schedule {
        return format!(
            "scheduled {unit}s ({} {unit}s/h on average)",
            crate::report::format::significant(s.mean_rate_per_s * 3600.0, 3)
        );
    }
    format!("Poisson arrivals ({} {unit}s/s on average)", crate::report::format::significant(s.mean_rate_per_s, 3))
}

/// The trigger's semantics and settings, in one sentence.
fn trigger_sentence(s: &ScenarioInfo) -> String {
    use crate::trigger::TriggerKind;
    let what = match s.trigger.kind {
        TriggerKind::Sync => "synchronous: a caller waits; a throttled request fails and is not retried",
        TriggerKind::Async => {
            "asynchronous: Lambda queues each event, retries throttled attempts with backoff until the maximum event age and failed ones up to the retry limit, each attempt billed"
        }
        TriggerKind::Schedule => {
            "a schedule, invoked asynchronously: each firing is an event, queued and retried as for asynchronous invocations"
        }
        TriggerKind::Sqs => {
            "an SQS event source mapping: pollers read batches and invoke synchronously; a throttled or failed batch returns to the queue after the visibility timeout, so throttles delay messages and never lose them"
        }
    };
    let settings: Vec<String> = s.trigger.settings.iter().map(|(k, v)| format!("{k} {v}")).collect();
    if settings.is_empty() {
        format!("Trigger: {what}.")
    } else {
        format!("Trigger: {what} ({}).", settings.join(", "))
    }
}
