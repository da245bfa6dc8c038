//! Structure tests of the fleet charts on a hand-built review of three functions:
//!
//! | function | today  | after | saving          | reserved | busy per minute (after)        |
//! |----------|--------|-------|-----------------|----------|--------------------------------|
//! | alpha    | $10.00 | $7.00 | $3.00 (30%)     | –        | 10 at minutes 1, 4, 7 …, else 0 |
//! | beta     | $5.00  | $6.00 | -$1.00 (-20%)   | –        | 6 at minutes 2, 5, 8 …, else 1  |
//! | gamma    | $20.00 | $8.00 | $12.00 (60%)    | 50       | 50                              |
//!
//! Savings = today − after; percent = saving ÷ today × 100: 3 ÷ 10 = 30%, −1 ÷ 5 = −20%, 12 ÷ 20 = 60%.

use super::*;
use crate::fleet::{AccountState, Fleet, FleetFunction, RegionUse};
use crate::pricing::FunctionUsage;
use crate::report::fleet::{ApplicationInfo, FleetReport, FLEET_KIND, FLEET_SCHEMA_VERSION};
use crate::scenario::Objective;
use crate::sweep::Point;
use crate::trigger::TriggerKind;

/// Minutes simulated: 600 one-minute buckets, more than the chart's 288 columns.
const MINUTES: usize = 600;

fn empty_bill() -> Bill {
    Bill {
        currency: "USD".into(),
        date: date(),
        catalog: "test".into(),
        functions: vec![],
        lines: vec![],
        warnings: vec![],
    }
}

fn function(
    name: &str,
    now_cents: i64,
    after_cents: i64,
    reserved: Option<u32>,
    busy: fn(usize) -> u32,
) -> FleetFunction {
    let now = Point { monthly_cost: usd(now_cents), ..point(Architecture::X86_64, 1024, true) };
    let after = Point { monthly_cost: usd(after_cents), ..point(Architecture::Arm64, 512, true) };
    let saving = usd(now_cents - after_cents);
    let buckets = (0..MINUTES).map(|k| TimelineBucket { max_busy: busy(k), ..Default::default() }).collect();
    FleetFunction {
        name: name.into(),
        description: String::new(),
        region: "us-east-1".into(),
        pattern: TriggerKind::Sync,
        reserved,
        coupled: false,
        timeout_ms: 10_000,
        points: vec![after.clone()],
        recommendations: Recommendations {
            current: None,
            cost: None,
            speed: None,
            balanced: None,
            slo: None,
            slo_unmet: None,
            infeasible: None,
            pareto: vec![],
            pareto_frontier: vec![],
        },
        adopted_by: Objective::Cost,
        adopted: 0,
        saving,
        saving_percent: (now_cents - after_cents) as f64 / now_cents as f64 * 100.0,
        p99_change_ms: 0.0,
        risks: vec![],
        now_usage: FunctionUsage::new(name, "us-east-1", Architecture::X86_64),
        after_usage: FunctionUsage::new(name, "us-east-1", Architecture::Arm64),
        now,
        after,
        now_timeline: Timeline::default(),
        after_timeline: Timeline { bucket_us: 60_000_000, buckets },
        placeholders: Vec::new(),
    }
}

fn state(functions_cents: i64) -> AccountState {
    AccountState {
        functions_cost: usd(functions_cents),
        bill: empty_bill(),
        regions: vec![RegionUse {
            region: "us-east-1".into(),
            unreserved: 100,
            peak_in_use: 11,
            bucket_us: 60_000_000,
            // The pool in use at minute k is k: a column's most is its last minute.
            in_use: (0..MINUTES as u64).collect(),
        }],
    }
}

fn fleet_report() -> FleetReport {
    let functions = vec![
        function("alpha", 1000, 700, None, |k| if k % 3 == 1 { 10 } else { 0 }),
        function("beta", 500, 600, None, |k| if k % 3 == 2 { 6 } else { 1 }),
        function("gamma", 2000, 800, Some(50), |_| 50),
    ];
    FleetReport {
        schema_version: FLEET_SCHEMA_VERSION,
        kind: FLEET_KIND.into(),
        costsim_version: "test".into(),
        application: ApplicationInfo {
            name: NAME.into(),
            description: String::new(),
            path: "app.toml".into(),
            region: "us-east-1".into(),
            seed: 1,
            horizon_hours: 10,
            replications: 1,
            free_tier: false,
            concurrency_limit: 150,
            pick: Objective::Cost,
            coupling_threshold: 0.8,
            source: String::new(),
            overrides: vec![],
        },
        date: date(),
        catalog: CatalogInfo {
            origin: "test".into(),
            currency: "USD".into(),
            region: "us-east-1".into(),
            region_name: "US East".into(),
            prices: vec![],
        },
        fleet: Fleet {
            functions,
            // 10 + 5 + 20 = $35 today, 7 + 6 + 8 = $21 after.
            now: state(3500),
            after: state(2100),
            saving: Decimal::ZERO,
            saving_percent: 0.0,
            collisions: vec![],
            coupling: vec![],
        },
        details: vec![],
        warnings: vec![],
        incomplete: None,
    }
}

fn check_fleet_chart(svg: &str, title: &str) {
    check_common(svg, title);
    for t in texts(svg) {
        assert!(t.2 >= 11.0, "{:?} is {} px", t.4, t.2);
    }
}

#[test]
fn fleet_charts_in_order() {
    let names: Vec<&str> = fleet(&fleet_report()).iter().map(|c| c.file_name()).collect();
    assert_eq!(names, ["fleet-savings.svg", "fleet-concurrency.svg", "fleet-bill.svg"]);
}

#[test]
fn savings_bars_run_from_the_largest_saving_down() {
    let r = fleet_report();
    let c = &fleet(&r)[0];
    assert_eq!(c.title, format!("{NAME}: monthly saving per function"));
    check_fleet_chart(&c.svg, &c.title);
    // gamma $12 > alpha $3 > beta −$1: gamma first.
    assert_eq!(super::fleet::by_saving(&r.fleet.functions), [2, 0, 1]);
    let y = |label: &str| texts(&c.svg).into_iter().find(|t| t.4 == label).map(|t| t.1).expect(label);
    let (gamma, alpha, beta) = (y("$12.00 (60%)"), y("$3.00 (30%)"), y("-$1.00 (-20%)"));
    assert!(gamma < alpha && alpha < beta, "top to bottom: {gamma} {alpha} {beta}");
    // The same order for the names on the axis.
    assert!(y("gamma") < y("alpha") && y("alpha") < y("beta"));
    // Savings in green (#009E73), the rise in cost in vermillion (#D55E00), with its legend entry.
    assert!(c.svg.contains("fill=\"#009E73\"") && c.svg.contains("fill=\"#D55E00\""));
    assert!(has_text(&c.svg, "saves") && has_text(&c.svg, "costs more"));
}

#[test]
fn concurrency_stacks_the_pool_sharing_functions_under_the_limit() {
    let r = fleet_report();
    let c = &fleet(&r)[1];
    check_fleet_chart(&c.svg, &c.title);
    assert!(has_text(&c.svg, "unreserved limit 100"));
    assert!(has_text(&c.svg, "alpha") && has_text(&c.svg, "beta"));
    // gamma has its reserved 50: named in the note, not in the legend.
    assert!(!has_text(&c.svg, "gamma"));
    assert!(has_text_containing(&c.svg, "own reserved share: gamma (50)"));
    // Two stacked layers.
    assert_eq!(c.svg.matches("<polygon").count(), 2);
}

#[test]
fn concurrency_columns_show_one_real_minute() {
    let r = fleet_report();
    let stacked: Vec<&FleetFunction> = r.fleet.functions[..2].iter().collect();
    let region = &r.fleet.after.regions[0];
    let cols = super::fleet::columns(&stacked, &region.in_use, region.bucket_us);
    // 600 minutes in at most 288 columns: ⌈600 ÷ 288⌉ = 3 minutes a column, 200 columns.
    assert_eq!(cols.len(), 200);
    // Minutes 0, 1, 2 stack 0 + 1 = 1, 10 + 1 = 11, 0 + 6 = 6: minute 1 is drawn, [10, 1] (not the maxima
    // [10, 6], which never happen together); the pool's most in use in minutes 0–2 is 2. 3 min = 0.05 h.
    let (a, b, v, pool) = &cols[0];
    assert_eq!((*a, *b, v.as_slice(), *pool), (0.0, 0.05, &[10, 1][..], 2));
    // The last column, minutes 597–599: pool 599.
    assert_eq!(cols[199].3, 599);
}

#[test]
fn bill_shows_today_and_after_for_every_function() {
    let r = fleet_report();
    let c = &fleet(&r)[2];
    check_fleet_chart(&c.svg, &c.title);
    assert!(has_text(&c.svg, "today") && has_text(&c.svg, "after"));
    for label in ["$10.00", "$7.00", "$5.00", "$6.00", "$20.00", "$8.00"] {
        assert!(has_text(&c.svg, label), "{label}");
    }
    // The account's bills are empty here: $0.00 both.
    assert!(has_text_containing(&c.svg, "$0.00 today, $0.00 after"));
}

#[test]
fn an_empty_review_still_draws_every_chart() {
    let mut r = fleet_report();
    r.fleet.functions.clear();
    r.fleet.after.regions.clear();
    for c in fleet(&r) {
        assert_well_formed(&c.svg);
        assert!(!c.svg.contains("could not be drawn"), "{}", c.file_name());
    }
}
