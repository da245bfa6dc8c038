//! Property tests of the event sources: the sheet's new columns and the builder behind the flags never panic, refuse
//! negatives and inconsistent values, and count payload chunks as `requests × max(1, ceil(KB ÷ chunk))`; and the
//! bill's event lines add up to the usage band by band, with each free allowance crediting at most min(pool, usage).

use chrono::NaiveDate;
use costsim::pricing::{
    bill, sheet, ApiKind, BillOptions, Catalog, Component, EventSources, FunctionUsage, ScheduleKind,
};
use costsim::Architecture::{Arm64, X86_64};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
}

/// A count cell and the count it means: `None` when the sheet must refuse it. Mostly valid, so that accepted
/// rows are common.
fn count_cell() -> impl Strategy<Value = (String, Option<Decimal>)> {
    prop_oneof![
        2 => Just((String::new(), Some(Decimal::ZERO))),
        3 => (0u64..=5_000_000_000).prop_map(|n| (n.to_string(), Some(Decimal::from(n)))),
        3 => (0u64..=9_999, prop_oneof![Just(("k", 1_000u64)), Just(("M", 1_000_000)), Just(("B", 1_000_000_000))])
            .prop_map(|(n, (s, m))| (format!("{n}{s}"), Some(Decimal::from(n) * Decimal::from(m)))),
        1 => (1u64..=1_000_000).prop_map(|n| (format!("-{n}"), None)),
        1 => prop_oneof![Just("NaN"), Just("1e3"), Just("5m"), Just("abc"), Just("--1")]
            .prop_map(|s| (s.to_string(), None)),
    ]
}

/// A payload cell [KB]: empty, or a number with up to one decimal, of which above 10,240 is refused.
fn payload_cell() -> impl Strategy<Value = (String, Option<Decimal>, bool)> {
    prop_oneof![
        3 => Just((String::new(), None, true)),
        2 => (0i64..=120_000).prop_map(|t| {
            let kb = Decimal::new(t, 1);
            (kb.to_string(), Some(kb), kb <= Decimal::from(10_240))
        }),
        1 => (1u32..=100).prop_map(|n| (format!("-{n}"), None, false)),
    ]
}

/// An `api_kind` cell and the kind it means (`None`: refused).
fn api_kind_cell() -> impl Strategy<Value = (&'static str, Option<ApiKind>)> {
    prop_oneof![
        Just(("", Some(ApiKind::None))),
        Just(("none", Some(ApiKind::None))),
        Just(("rest_api", Some(ApiKind::RestApi))),
        Just(("HTTP", Some(ApiKind::HttpApi))),
        Just(("function-url", Some(ApiKind::FunctionUrl))),
        Just(("graphql", None)),
    ]
}

/// A `sqs_fifo` cell and what it means.
fn fifo_cell() -> impl Strategy<Value = (&'static str, Option<bool>)> {
    prop_oneof![Just(("", Some(false))), Just(("true", Some(true))), Just(("no", Some(false))), Just(("maybe", None))]
}

/// A `schedule_kind` cell and what it means.
fn schedule_cell() -> impl Strategy<Value = (&'static str, Option<ScheduleKind>)> {
    prop_oneof![
        Just(("", Some(ScheduleKind::Scheduler))),
        Just(("rule", Some(ScheduleKind::Rule))),
        Just(("cron", None))
    ]
}

/// The header of a sheet with every event-source column, after the required ones.
const HEADER: &str = "name,region,architecture,memory_mb,monthly_requests,avg_duration_ms,sqs_requests,sqs_fifo,\
                      sqs_payload_kb,api_requests,api_kind,api_payload_kb,scheduler_invocations,schedule_kind";

fn catalog() -> &'static Catalog {
    static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    C.get_or_init(Catalog::built_in)
}

/// `requests × max(1, ceil(kb / chunk))`, the chunk rule worked out independently.
fn chunks(requests: Decimal, kb: Option<Decimal>, chunk: u32) -> Decimal {
    match kb {
        None => requests,
        Some(kb) => requests * (kb / Decimal::from(chunk)).ceil().max(Decimal::ONE),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// A row with the event-source columns is accepted exactly when every cell is valid and the API cells agree
    /// (calls need a kind; a payload only for HTTP APIs), refused at a column otherwise; an accepted row prices
    /// without panicking, its payloads counted in chunks.
    #[test]
    fn sheet_event_columns_are_checked(
        sqs in count_cell(), fifo in fifo_cell(), sqs_kb in payload_cell(),
        api in count_cell(), kind in api_kind_cell(), api_kb in payload_cell(),
        sched in count_cell(), rule in schedule_cell(),
    ) {
        let text = format!(
            "{HEADER}\nf,us-east-1,arm64,128,0,0,{},{},{},{},{},{},{},{}\n",
            sqs.0, fifo.0, sqs_kb.0, api.0, kind.0, api_kb.0, sched.0, rule.0
        );
        let parsed = sheet::parse("s.csv", &text, catalog());
        // Calls need an API; a payload needs an HTTP API.
        let api_consistent = match (api.1, kind.1) {
            (Some(n), Some(k)) => {
                !(n > Decimal::ZERO && k == ApiKind::None) && (api_kb.0.is_empty() || k == ApiKind::HttpApi)
            }
            _ => true,
        };
        let cells_valid = sqs.1.is_some() && fifo.1.is_some() && sqs_kb.2 && api.1.is_some() && kind.1.is_some();
        let valid = cells_valid && api_kb.2 && sched.1.is_some() && rule.1.is_some() && api_consistent;
        prop_assert_eq!(parsed.functions.len() == 1, valid, "{:?}", parsed.errors);
        prop_assert_eq!(parsed.errors.len(), usize::from(!valid));
        if let Some(e) = parsed.errors.first() {
            prop_assert!((7..=14).contains(&e.location.column), "{e}");
        }
        if valid {
            let usage = parsed.functions[0].usage(catalog()).unwrap();
            prop_assert_eq!(usage.sqs_requests, chunks(sqs.1.unwrap(), sqs_kb.1, 64));
            prop_assert_eq!(usage.api_requests, chunks(api.1.unwrap(), api_kb.1, 512));
            prop_assert_eq!(usage.scheduler_invocations, sched.1.unwrap());
            let kinds = (usage.sqs_fifo, usage.api_kind, usage.schedule_kind);
            prop_assert_eq!(kinds, (fifo.1.unwrap(), kind.1.unwrap(), rule.1.unwrap()));
            let b = bill(catalog(), &[usage], &BillOptions::new(date())).unwrap();
            prop_assert!(b.total() >= Decimal::ZERO);
        }
    }

    /// Any text in the event columns is a function or an error, never a panic; an accepted row has no negative count.
    #[test]
    fn any_event_cell_text_is_refused_or_accepted_without_panicking(cells in prop::collection::vec(".{0,16}", 8)) {
        let row: Vec<String> = cells.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
        let text = format!("{HEADER}\nf,us-east-1,x86_64,128,0,0,{}\n", row.join(","));
        let parsed = sheet::parse("s.csv", &text, catalog());
        for f in &parsed.functions {
            if let Ok(u) = f.usage(catalog()) {
                let counts = [u.sqs_requests, u.api_requests, u.scheduler_invocations];
                prop_assert!(counts.iter().all(|c| *c >= Decimal::ZERO), "{:?}", counts);
                let _ = bill(catalog(), &[u], &BillOptions::new(date()));
            }
        }
    }

    /// The builder behind the flags: a count is accepted exactly when it is zero or more, a payload when it is
    /// within 0–10,240 KB.
    #[test]
    fn event_builder_refuses_negatives(n in -1_000_000i64..=1_000_000, scale in 0u32..=3, kb in -100i64..=20_000) {
        let count = Decimal::new(n, scale);
        let kb = Decimal::from(kb);
        let kb_ok = kb >= Decimal::ZERO && kb <= Decimal::from(10_240);
        let e = EventSources::default();
        prop_assert_eq!(e.clone().with_sqs(count, false, Some(kb)).is_ok(), count >= Decimal::ZERO && kb_ok);
        prop_assert_eq!(e.clone().with_api(count, ApiKind::HttpApi, Some(kb)).is_ok(), count >= Decimal::ZERO && kb_ok);
        prop_assert_eq!(e.clone().with_api(count, ApiKind::None, None).is_ok(), count.is_zero());
        prop_assert_eq!(e.with_schedule(count, ScheduleKind::Scheduler).is_ok(), count >= Decimal::ZERO);
    }

    /// Over several functions of us-east-1 (both architectures): each event dimension's lines add up to the
    /// account's usage of it; SQS (standard and FIFO together) is credited min(1M, usage), Scheduler min(14M,
    /// usage); the total is the sum of the lines, each line quantity × unit price.
    #[test]
    fn event_lines_add_up_to_the_usage(parts in prop::collection::vec((
        // Thousandths: up to 150B SQS requests (past the first band), 30B API calls, 30M invocations a function.
        0i64..=150_000_000_000_000, any::<bool>(), 0i64..=30_000_000_000_000, any::<bool>(), 0i64..=30_000_000_000,
        any::<bool>(),
    ), 1..6)) {
        let functions: Vec<FunctionUsage> = parts
            .iter()
            .map(|&(sqs, fifo, api, http, sched, arm)| FunctionUsage {
                sqs_requests: Decimal::new(sqs, 3),
                sqs_fifo: fifo,
                api_requests: Decimal::new(api, 3),
                api_kind: if http { ApiKind::HttpApi } else { ApiKind::RestApi },
                scheduler_invocations: Decimal::new(sched, 3),
                ..FunctionUsage::new("f", "us-east-1", if arm { Arm64 } else { X86_64 })
            })
            .collect();
        let b = bill(catalog(), &functions, &BillOptions::new(date())).unwrap();
        let million = Decimal::from(1_000_000);
        let billed = |c: Component, pred: &dyn Fn(&str) -> bool| -> Decimal {
            b.lines.iter().filter(|l| l.component == c && pred(&l.description)).map(|l| l.quantity * million).sum()
        };
        let used = |pick: &dyn Fn(&FunctionUsage) -> Decimal| -> Decimal { functions.iter().map(pick).sum() };
        let fifo_used = used(&|f| if f.sqs_fifo { f.sqs_requests } else { Decimal::ZERO });
        let standard_used = used(&|f| if f.sqs_fifo { Decimal::ZERO } else { f.sqs_requests });
        prop_assert_eq!(billed(Component::SqsRequests, &|d| d.contains("FIFO")), fifo_used);
        prop_assert_eq!(billed(Component::SqsRequests, &|d| d.contains("standard")), standard_used);
        let http_used = used(&|f| if f.api_kind == ApiKind::HttpApi { f.api_requests } else { Decimal::ZERO });
        prop_assert_eq!(billed(Component::ApiGatewayRequests, &|d| d.contains("HTTP")), http_used);
        let rest_used = used(&|f| f.api_requests) - http_used;
        prop_assert_eq!(billed(Component::ApiGatewayRequests, &|d| d.contains("REST")), rest_used);
        prop_assert_eq!(billed(Component::SchedulerInvocations, &|_| true), used(&|f| f.scheduler_invocations));
        prop_assert_eq!(billed(Component::FreeTierSqs, &|_| true), (fifo_used + standard_used).min(million));
        let scheduler_free = used(&|f| f.scheduler_invocations).min(Decimal::from(14_000_000));
        prop_assert_eq!(billed(Component::FreeTierEventBridge, &|_| true), scheduler_free);
        prop_assert_eq!(billed(Component::FreeTierApiGateway, &|_| true), Decimal::ZERO);
        for l in &b.lines {
            prop_assert_eq!(l.cost, l.quantity * l.unit_price);
            prop_assert!(l.function.is_some() || l.cost <= Decimal::ZERO);
        }
        prop_assert_eq!(b.total(), b.lines.iter().map(|l| l.cost).sum::<Decimal>());
        prop_assert!(b.total() >= Decimal::ZERO);
    }
}

/// A hand-made row of valid event cells, spelled out: accepted, its payloads counted in chunks.
#[test]
fn a_row_of_valid_event_cells_is_accepted() {
    let text = format!("{HEADER}\nf,us-east-1,x86_64,128,0,0,3M,,200.5,1k,HTTP,512.1,,\n");
    let parsed = sheet::parse("s.csv", &text, catalog());
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let u = parsed.functions[0].usage(catalog()).unwrap();
    // 200.5 KB / 64 KB = 3.13 → 4 chunks: 12M; 512.1 KB / 512 KB → 2 calls: 2,000.
    assert_eq!((u.sqs_requests, u.api_requests), (Decimal::from(12_000_000), Decimal::from(2_000)));
}
