//! `[current]`: today's setting is always simulated, in or outside the sweep, and every recommendation says what
//! moving from it changes — the saving is today's cost minus the recommended one's, exactly.

use costsim::pricing::Catalog;
use costsim::scenario::Scenario;
use costsim::Architecture::{Arm64, X86_64};
use rust_decimal::Decimal;

const BASE: &str = r#"[scenario]
name = "t"
horizon_hours = 1
replications = 1

[function]
runtime = "python3.12"
io_ms = 20.0
cpu_ms = 80.0

[traffic]
requests_per_second = 2.0

[sweep]
memory_mb = [512, 1024]
"#;

fn load(text: &str) -> Result<Scenario, String> {
    Scenario::parse("t.toml", text, &Catalog::built_in()).map_err(|e| e.to_string())
}

fn with_current(table: &str) -> Result<Scenario, String> {
    load(&format!("{BASE}\n[current]\n{table}"))
}

#[test]
fn mistakes_are_located() {
    // BASE is 15 lines, a blank one, `[current]` line 17, its first key line 18.
    let e = with_current("memory_mb = 64\narchitecture = \"x86_64\"\n").unwrap_err();
    assert!(e.starts_with("t.toml:18:13: memory_mb must be between 128 and 10240 MB (got 64)"), "{e}");
    let e = with_current("memory_mb = 512\narchitecture = \"sparc\"\n").unwrap_err();
    assert!(e.starts_with("t.toml:19:16: unknown architecture 'sparc' (allowed: x86_64, arm64)"), "{e}");
    let e = with_current("memory_mb = 512\narchitecture = \"arm64\"\nreserved_concurrency = 10\nprovisioned = 20\n")
        .unwrap_err();
    assert!(e.starts_with("t.toml:21:15: provisioned must be between 0 and 10"), "{e}");
    let e = with_current("memory_mb = 512\n").unwrap_err();
    assert!(e.contains("missing key 'architecture'"), "{e}");
}

#[test]
fn todays_setting_outside_the_sweep_is_simulated_in_sweep_order() {
    let s = with_current("memory_mb = 768\narchitecture = \"x86_64\"\n").unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let points = costsim::sweep::run(&s, &Catalog::built_in(), date).unwrap();
    // x86_64 512, 768 (today's), 1024, then arm64 512, 1024.
    let settings: Vec<_> = points.iter().map(|p| (p.architecture, p.memory_mb, p.current)).collect();
    assert_eq!(
        settings,
        [(X86_64, 512, false), (X86_64, 768, true), (X86_64, 1024, false), (Arm64, 512, false), (Arm64, 1024, false)]
    );
    let r = costsim::recommend::recommend(&points, s.recommend());
    assert_eq!(r.current, Some(1));
    for pick in [&r.cost, &r.speed, &r.balanced].into_iter().flatten() {
        let v = pick.versus_current.as_ref().unwrap();
        let (now, to) = (&points[1], &points[pick.index]);
        // The saving is today's monthly cost − the pick's, to the cent and beyond; the percent is of today's.
        assert_eq!(v.saving, now.monthly_cost - to.monthly_cost);
        let pct = (now.monthly_cost - to.monthly_cost) / now.monthly_cost * Decimal::from(100);
        assert!((v.saving_percent - pct.to_string().parse::<f64>().unwrap()).abs() < 1e-9);
        assert_eq!(v.p99_change_ms, to.latency.p99_ms - now.latency.p99_ms);
        let words = costsim::report::picks::Words::new(&points, &r, s.recommend(), "USD");
        let change = words.change(pick, v);
        assert!(change.starts_with("From today's x86_64 768 MB: "), "{change}");
        assert!(words.reason(strategy_of(&r, pick), pick).ends_with(&change));
    }
}

#[test]
fn todays_setting_in_the_sweep_is_marked_not_repeated() {
    let s = with_current("memory_mb = 1024\narchitecture = \"arm64\"\n").unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let points = costsim::sweep::run(&s, &Catalog::built_in(), date).unwrap();
    assert_eq!(points.len(), 4);
    assert_eq!(points.iter().position(|p| p.current), Some(3));
    // With today's provisioned concurrency it is another setting: simulated beside the sweep's arm64 1024 MB.
    let s = with_current("memory_mb = 1024\narchitecture = \"arm64\"\nprovisioned = 1\n").unwrap();
    let points = costsim::sweep::run(&s, &Catalog::built_in(), date).unwrap();
    assert_eq!(points.len(), 5);
    let today = points.iter().find(|p| p.current).unwrap();
    assert!(today.pc_utilisation.is_some(), "today's setting runs with its provisioned concurrency");
}

#[test]
fn a_pick_that_costs_more_says_so() {
    // Speed costs more than today's cheapest setting: "costs $X/month more (Y%)".
    let s = with_current("memory_mb = 512\narchitecture = \"arm64\"\n").unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let points = costsim::sweep::run(&s, &Catalog::built_in(), date).unwrap();
    let r = costsim::recommend::recommend(&points, s.recommend());
    let speed = r.speed.clone().unwrap();
    let v = speed.versus_current.clone().unwrap();
    assert!(v.saving < Decimal::ZERO, "{v:?}");
    let words = costsim::report::picks::Words::new(&points, &r, s.recommend(), "USD");
    let change = words.change(&speed, &v);
    assert!(change.contains("/month more (+"), "{change}");
}

fn strategy_of(
    r: &costsim::recommend::Recommendations,
    pick: &costsim::recommend::Pick,
) -> costsim::recommend::Strategy {
    r.picks().find(|(_, p)| std::ptr::eq(*p, pick)).map(|(s, _)| s).unwrap()
}
