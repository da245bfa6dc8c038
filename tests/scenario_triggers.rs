//! The scenario's `[trigger]` table: each type's defaults are AWS's, each mistake is reported at its line and
//! column with what is allowed, and a schedule fires at the expression's times in the simulator.

use costsim::pricing::Catalog;
use costsim::scenario::Scenario;
use costsim::sim::{self, SimConfig};
use costsim::trigger::{QueueType, SyncSource, Trigger};
use costsim::Architecture;

const BASE: &str = r#"[scenario]
name = "t"

[function]
runtime = "python3.12"
io_ms = 20.0
cpu_ms = 80.0
timeout_s = 10

[traffic]
requests_per_second = 2.0
"#;

/// A scenario without `[traffic]`, for schedules.
const SCHEDULED: &str = r#"[scenario]
name = "t"
date = "2026-11-01"
horizon_hours = 720

[function]
runtime = "python3.12"
io_ms = 20.0
cpu_ms = 80.0
"#;

fn load(text: &str) -> Result<Scenario, String> {
    Scenario::parse("t.toml", text, &Catalog::built_in()).map_err(|e| e.to_string())
}

fn with_trigger(table: &str) -> Result<Scenario, String> {
    load(&format!("{BASE}\n[trigger]\n{table}"))
}

fn error_of(table: &str) -> String {
    with_trigger(table).expect_err("should be rejected")
}

/// BASE is 11 lines, then a blank one; `[trigger]` is line 13, its first key line 14.
const FIRST_KEY_LINE: usize = 14;

#[test]
fn no_trigger_is_a_direct_synchronous_invoke() {
    let s = load(BASE).unwrap();
    match s.trigger() {
        Trigger::Sync(t) => assert_eq!((t.source(), t.integration_timeout_ms()), (SyncSource::Direct, None)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_type_takes_aws_defaults() {
    // REST API: 29 s integration timeout by default (API Gateway quotas).
    let s = with_trigger("type = \"sync\"\nsource = \"rest_api\"\n").unwrap();
    let Trigger::Sync(t) = s.trigger() else { panic!() };
    assert_eq!(t.integration_timeout_ms(), Some(29_000));
    // Async: 6 h maximum event age, 2 retries after about 1 and 2 minutes.
    let s = with_trigger("type = \"async\"\n").unwrap();
    let d = s.trigger().delivery().unwrap();
    assert_eq!((d.maximum_event_age_s(), d.maximum_retry_attempts(), d.retry_delays_s()), (21_600, 2, [60, 120]));
    // SQS: standard queue, batch 10, no window, SQS's 30 s visibility (≥ the 10 s timeout), 4-day retention.
    let s = with_trigger("type = \"sqs\"\n").unwrap();
    let Trigger::Sqs(m) = s.trigger() else { panic!() };
    assert_eq!(
        (m.queue(), m.batch_size(), m.batching_window_ms(), m.visibility_timeout_s(), m.retention_s()),
        (QueueType::Standard, 10, 0, 30, 345_600)
    );
    assert_eq!((m.max_receive_count(), m.maximum_concurrency(), m.report_batch_item_failures()), (None, None, false));
}

#[test]
fn sqs_settings_are_read() {
    let s = with_trigger(
        "type = \"sqs\"\nbatch_size = 100\nmaximum_batching_window_s = 5\nvisibility_timeout_s = 60\n\
         max_receive_count = 5\nreport_batch_item_failures = true\nmaximum_concurrency = 50\n\
         per_message_cpu_ms = 4.0\n",
    )
    .unwrap();
    let Trigger::Sqs(m) = s.trigger() else { panic!() };
    assert_eq!((m.batch_size(), m.batching_window_ms(), m.maximum_concurrency()), (100, 5_000, Some(50)));
    assert_eq!((m.visibility_timeout_s(), m.max_receive_count(), m.report_batch_item_failures()), (60, Some(5), true));
    // 20 ms io + 80 ms cpu at 1 vCPU per batch, + 4 ms cpu per message: a batch of 10 at 1,769 MB (1 vCPU)
    // takes 20 + 80 + 10 × 4 = 140 ms on average.
    let mean = s.duration().mean_batch_ms(1_769, Architecture::X86_64, 10);
    assert!((mean - 140.0).abs() < 1e-9, "{mean}");
}

#[test]
fn mistakes_are_located_and_say_what_is_allowed() {
    let cases: &[(&str, usize, &str)] = &[
        (
            "type = \"sqss\"\n",
            0,
            "trigger type 'sqss' is not known (did you mean 'sqs'?) (allowed: sync, async, sqs, schedule)",
        ),
        ("type = \"sqs\"\nbatch_size = 20000\n", 1, "batch_size must be between 1 and 10000 messages (got 20000)"),
        ("type = \"sqs\"\nbatch_size = 100\n", 1, "batch_size 100 needs maximum_batching_window_s of at least 1 s"),
        (
            "type = \"sqs\"\nqueue = \"fifo\"\nbatch_size = 11\n",
            2,
            "batch_size must be between 1 and 10 messages (got 11)",
        ),
        ("type = \"sqs\"\nqueue = \"fifo\"\nmaximum_batching_window_s = 2\n", 2, "not supported on FIFO queues"),
        (
            "type = \"sqs\"\nvisibility_timeout_s = 5\n",
            1,
            "visibility_timeout_s 5 s is below the function's timeout_s 10 s",
        ),
        ("type = \"sqs\"\nmax_receive_count = 0\n", 1, "max_receive_count must be between 1 and 1000 (got 0)"),
        ("type = \"async\"\nmaximum_retry_attempts = 3\n", 1, "maximum_retry_attempts must be between 0 and 2 (got 3)"),
        (
            "type = \"async\"\nmaximum_event_age_s = 30\n",
            1,
            "maximum_event_age_s must be between 60 and 21600 s (got 30)",
        ),
        ("type = \"async\"\nretry_delays_s = [60]\n", 1, "retry_delays_s must be two numbers of seconds"),
        (
            "type = \"async\"\nbatch_size = 10\n",
            1,
            "batch_size applies to trigger type sqs, not to type = \"async\"; remove it",
        ),
        ("type = \"sqs\"\nsource = \"rest_api\"\n", 1, "source applies to trigger type sync, not to type = \"sqs\""),
        ("type = \"sync\"\nsource = \"rest\"\n", 1, "source 'rest' is not known"),
        ("type = \"sync\"\nintegration_timeout_ms = 5000\n", 1, "integration_timeout_ms applies to API Gateway"),
        ("type = \"sync\"\nsource = \"http_api\"\nintegration_timeout_ms = 31000\n", 2, "between 50 and 30000 ms"),
    ];
    for (table, key_line, message) in cases {
        let e = error_of(table);
        let at = format!("t.toml:{}:", FIRST_KEY_LINE + key_line);
        assert!(e.starts_with(&at), "{table:?}: expected at {at}, got {e}");
        assert!(e.contains(message), "{table:?}: expected {message:?} in {e}");
    }
}

#[test]
fn sqs_default_visibility_below_a_long_timeout_is_refused_with_advice() {
    // A 60 s timeout with SQS's default 30 s visibility: AWS refuses the mapping; 6 × 60 = 360 s recommended.
    let e = load(&format!("{}\n[trigger]\ntype = \"sqs\"\n", BASE.replace("timeout_s = 10", "timeout_s = 60")))
        .unwrap_err();
    assert!(e.contains("visibility_timeout_s 30 s (the SQS default) is below the function's timeout_s 60 s"), "{e}");
    assert!(e.contains("6 × the timeout, 360 s"), "{e}");
}

#[test]
fn schedule_mistakes_are_located() {
    let sched = |table: &str| load(&format!("{SCHEDULED}\n[trigger]\ntype = \"schedule\"\n{table}"));
    // SCHEDULED is 9 lines and a blank one; [trigger] line 11, type line 12, the next key line 13.
    let e = sched("expression = \"cron(0 1 ? * 8 *)\"\n").unwrap_err();
    // `expression = "cron(0 1 ? * 8 *)"`: the value's quote is column 14, `cron(` columns 15–19, the fields
    // `0 1 ? * ` columns 20–27, so the day-of-week `8` is column 28.
    assert!(e.starts_with("t.toml:13:28: "), "{e}");
    assert!(e.contains("allowed 1-7 or SUN-SAT"), "{e}");
    let e = sched("expression = \"rate(1 hours)\"\n").unwrap_err();
    assert!(e.starts_with("t.toml:13:"), "{e}");
    let e = sched("expression = \"cron(0 1 * * ? *)\"\ntimezone = \"Europe/Berln\"\n").unwrap_err();
    assert!(e.starts_with("t.toml:14:") && e.contains("Europe/Berlin"), "{e}");
    let e = sched("expression = \"at(2025-01-01T00:00:00)\"\n").unwrap_err();
    assert!(e.contains("does not fire in the 720 h simulated from 2026-11-01 00:00 UTC"), "{e}");
    let e = sched("").unwrap_err();
    assert!(e.contains("needs expression ="), "{e}");
    let e = load(&format!("{}\n[trigger]\ntype = \"schedule\"\nexpression = \"rate(1 day)\"\n", BASE)).unwrap_err();
    assert!(e.contains("remove [traffic]"), "{e}");
    let far = SCHEDULED.replace("2026-11-01", "9999-12-15");
    let e = load(&format!("{far}\n[trigger]\ntype = \"schedule\"\nexpression = \"rate(1 day)\"\n")).unwrap_err();
    assert!(e.starts_with("t.toml:3:8: ") && e.contains("must be in 1970–2199"), "{e}");
    let no_date = SCHEDULED.replace("date = \"2026-11-01\"\n", "");
    let e = load(&format!("{no_date}\n[trigger]\ntype = \"schedule\"\nexpression = \"rate(1 day)\"\n")).unwrap_err();
    assert!(e.contains("a schedule needs [scenario] date"), "{e}");
}

#[test]
fn a_nightly_cron_fires_thirty_times_in_november() {
    // November 2026 has 30 days; 720 h from 2026-11-01 00:00 UTC ends at 2026-12-01 00:00. `cron(0 1 * * ? *)`
    // fires at 01:00 UTC on each: 30 firings × 10 events = 300 events, each within 60 s of its 01:00 (Scheduler's
    // precision without a flexible window).
    let text =
        format!("{SCHEDULED}\n[trigger]\ntype = \"schedule\"\nexpression = \"cron(0 1 * * ? *)\"\nper_firing = 10\n");
    let s = load(&text).unwrap();
    assert_eq!(s.schedule().map(|x| (x.firings, x.per_firing)), Some((30, 10)));
    let mut sources = s.traffic().sources();
    assert_eq!(sources.len(), 1);
    let mut rng = rand::rngs::mock::StepRng::new(0, 1 << 40);
    let horizon_us = 720 * 3_600_000_000;
    let mut times = Vec::new();
    while let Some(t) = sources[0].next_arrival_us(&mut rng).filter(|&t| t < horizon_us) {
        times.push(t);
    }
    assert_eq!(times.len(), 300);
    for (k, t) in times.iter().enumerate() {
        let day = (k / 10) as u64;
        let firing = (day * 24 + 1) * 3_600_000_000;
        assert!((firing..firing + 60_000_000).contains(t), "event {k} at {t} µs, firing {firing} µs");
    }
    // The simulator delivers all of them: the job (100 ms at 1,769 MB) never overlaps the 3 s timeout.
    let cfg = SimConfig::new(
        s.function(Architecture::X86_64),
        s.traffic().clone(),
        s.platform().clone(),
        1_769,
        Architecture::X86_64,
        horizon_us,
        7,
    )
    .and_then(|c| c.with_trigger(s.trigger().clone()))
    .unwrap();
    let r = sim::run(&cfg);
    assert_eq!((r.delivery.events, r.delivery.completed, r.counts.served()), (300, 300, 300));
}

#[test]
fn berlin_time_moves_with_daylight_saving() {
    // 02:30 Europe/Berlin in 720 h from 2026-03-01 00:00 UTC (March 1–30): on 2026-03-29 clocks jump from 02:00
    // to 03:00, so that day has no 02:30 and AWS skips it: 30 days − 1 = 29 firings.
    let text = SCHEDULED.replace("2026-11-01", "2026-03-01");
    let s = load(&format!(
        "{text}\n[trigger]\ntype = \"schedule\"\nexpression = \"cron(30 2 * * ? *)\"\ntimezone = \"Europe/Berlin\"\n"
    ))
    .unwrap();
    assert_eq!(s.schedule().map(|x| x.firings), Some(29));
}

#[test]
fn every_attempt_of_a_retried_event_is_billed() {
    // Async, the code fails half the time, 2 retries: an event takes 1 attempt with p 1/2, 2 with 1/4, 3 with
    // 1/4, so E[attempts] = 1·½ + 2·¼ + 3·¼ = 1.75; it is dropped after 3 failures with p (½)³ = 0.125.
    // 2 events/s for 24 h ≈ 172,800 events: the standard error of the mean attempts is √(0.6875 / 172,800) ≈
    // 0.002 and of the drop ratio √(0.125 · 0.875 / 172,800) ≈ 0.0008; the tolerances are about 6 of them.
    let text = BASE
        .replace("name = \"t\"", "name = \"t\"\nfree_tier = false\nreplications = 1")
        .replace("timeout_s = 10", "timeout_s = 10\nerror_ratio = 0.5")
        + "\n[trigger]\ntype = \"async\"\n\n[sweep]\nmemory_mb = [1769]\narchitectures = [\"x86_64\"]\n";
    let s = load(&text).unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let points = costsim::sweep::run(&s, &Catalog::built_in(), date).unwrap();
    let d = points[0].delivery.as_ref().unwrap();
    assert!((d.invocations_per_event - 1.75).abs() < 0.012, "{}", d.invocations_per_event);
    assert!((d.dropped_ratio - 0.125).abs() < 0.005, "{}", d.dropped_ratio);
    // The bill's requests are the invocations counted, retries included: monthly_requests (served × 730 / 24)
    // at $0.20 per million, no free tier.
    let requests = points[0].bill.lines.iter().find(|l| l.description == "Requests").unwrap();
    let million = rust_decimal::Decimal::from(1_000_000);
    // (monthly_requests is kept to 3 decimals.)
    assert_eq!((requests.quantity * million).round_dp(3), points[0].monthly_requests);
    let want = points[0].monthly_requests / million * rust_decimal::Decimal::new(2, 1);
    assert!((requests.cost - want).abs() < rust_decimal::Decimal::new(1, 6), "{} vs {want}", requests.cost);
    // And the events: 730 h of them per month, each billed 1.75 times on average.
    let per_event = points[0].monthly_requests / rust_decimal::Decimal::from_f64_retain(d.monthly_events).unwrap();
    assert!((per_event - rust_decimal::Decimal::new(175, 2)).abs() < rust_decimal::Decimal::new(12, 3), "{per_event}");
}
