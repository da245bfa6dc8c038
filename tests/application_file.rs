//! The application file: the account's settings once, functions inline or by path, every mistake located.

use std::path::Path;

use costsim::pricing::Catalog;
use costsim::scenario::{Application, LoadOptions, Objective};

const FUNCTION: &str = r#"
[[functions]]
[functions.scenario]
name = "a"
[functions.function]
runtime = "python3.12"
io_ms = 20.0
cpu_ms = 10.0
[functions.traffic]
requests_per_second = 1.0
[functions.current]
memory_mb = 512
architecture = "arm64"
"#;

fn parse(text: &str) -> Result<Application, String> {
    Application::parse_with(Path::new("app.toml"), text, &Catalog::built_in(), &LoadOptions::default())
        .map_err(|e| e.to_string())
}

fn head(extra: &str) -> String {
    format!("[application]\nname = \"shop\"\n{extra}")
}

#[test]
fn the_accounts_settings_replace_each_functions() {
    let a = parse(&format!(
        "{}{FUNCTION}",
        head("region = \"eu-west-1\"\ndate = \"2026-12-01\"\nhorizon_hours = 2\nreplications = 1\nseed = 7\n")
    ))
    .unwrap();
    let s = a.functions()[0].scenario();
    assert_eq!((s.region(), s.horizon_hours(), s.replications()), ("eu-west-1", 2, 1));
    assert_eq!(s.date(), chrono::NaiveDate::from_ymd_opt(2026, 12, 1));
    assert!(!s.free_tier(), "functions are priced without the free tier: the account's bill applies it once");
    assert!(a.free_tier());
    assert_eq!(a.concurrency_limit(), 1000);
    assert_eq!(a.objective(), Objective::Balanced);
    assert_eq!(s.platform().concurrency_limit(), Some(1000), "the account's quota replaces [platform]'s");
    // The function's seed is derived from the application's and its name, not its position.
    assert_eq!(s.seed(), costsim::scenario::application::function_seed(7, "a"));
}

#[test]
fn a_function_by_path_is_read_beside_the_application() {
    let a = Application::load_with(Path::new("scenarios/shop.toml"), &Catalog::built_in(), &LoadOptions::default())
        .unwrap();
    assert_eq!(a.functions().len(), 7);
    let api = a.functions()[0].scenario();
    assert_eq!(api.name(), "api");
    assert_eq!(api.path(), "scenarios/api.toml");
    // checkout reserves 150 of the 1,000: 850 are left for the others.
    assert_eq!(a.unreserved("us-east-1"), 850);
    assert_eq!(a.functions()[1].reserved(), Some(150));
}

#[test]
fn mistakes_are_located() {
    let cases: [(String, &str); 7] = [
        (
            head("pick = \"fastest\"\n"),
            "app.toml:3:8: pick 'fastest' is not known (allowed: cost, speed, balanced, slo)",
        ),
        (head("concurrency_limit = 50\n"), "app.toml:3:21: concurrency_limit must be between 100 and 10000000"),
        (head("colour = 1\n"), "app.toml:3:1: unknown key 'colour'"),
        (head(""), "app.toml:1:1: an application needs at least one [[functions]] entry"),
        (
            format!("{}{FUNCTION}{FUNCTION}", head("")),
            "app.toml:17:1: a second function named 'a' (the first is at line 4)",
        ),
        (
            format!(
                "{}{}",
                head(""),
                FUNCTION.replace("[functions.current]\nmemory_mb = 512\narchitecture = \"arm64\"\n", "")
            ),
            "app.toml:4:1: function 'a' has no [current]",
        ),
        (
            format!("{}{}", head(""), FUNCTION.replace("name = \"a\"\n", "name = \"a\"\nhorizon_hours = 5\n")),
            "app.toml:7:17: horizon_hours is the account's: set it once in [application]",
        ),
    ];
    for (text, expected) in cases {
        let e = parse(&text).unwrap_err();
        assert!(e.starts_with(expected), "got: {e}\nexpected: {expected}");
    }
}

#[test]
fn reserved_shares_must_leave_a_hundred_unreserved() {
    // 1,000 − 950 reserved = 50 unreserved < 100: AWS refuses the reservation.
    let f = FUNCTION.replace("architecture = \"arm64\"\n", "architecture = \"arm64\"\nreserved_concurrency = 950\n");
    let e = parse(&format!("{}{f}", head(""))).unwrap_err();
    assert!(e.starts_with("app.toml:4:1: the reserved concurrency of the functions in us-east-1 reaches 950"), "{e}");
    // 900 leaves exactly 100: accepted.
    let f = FUNCTION.replace("architecture = \"arm64\"\n", "architecture = \"arm64\"\nreserved_concurrency = 900\n");
    let a = parse(&format!("{}{f}", head(""))).unwrap();
    assert_eq!(a.unreserved("us-east-1"), 100);
}

#[test]
fn a_missing_function_file_is_named() {
    let e = parse(&format!("{}\n[[functions]]\npath = \"nowhere.toml\"\n", head(""))).unwrap_err();
    assert!(e.contains("nowhere.toml"), "{e}");
}

#[test]
fn provisioned_concurrency_must_fit_the_functions_share() {
    // Reserved 20, provisioned 30: AWS refuses provisioned concurrency above the reserved.
    let f = FUNCTION.replace(
        "architecture = \"arm64\"\n",
        "architecture = \"arm64\"\nreserved_concurrency = 20\nprovisioned = 30\n",
    );
    let e = parse(&format!("{}{f}", head(""))).unwrap_err();
    assert!(e.contains("provisioned must be between 0 and 20 (the concurrency limit)"), "{e}");
    // Unreserved with 900 reserved elsewhere: 100 are left, 150 provisioned cannot fit.
    let other = FUNCTION
        .replace("name = \"a\"", "name = \"b\"")
        .replace("architecture = \"arm64\"\n", "architecture = \"arm64\"\nreserved_concurrency = 900\n");
    let f = FUNCTION.replace("architecture = \"arm64\"\n", "architecture = \"arm64\"\nprovisioned = 150\n");
    let e = parse(&format!("{}{f}{other}", head(""))).unwrap_err();
    assert!(
        e.starts_with(
            "app.toml:4:1: function 'a' provisions 150 environments, above the account's unreserved concurrency (100)"
        ),
        "{e}"
    );
}

#[test]
fn an_entry_lists_its_placeholders_and_only_the_keys_import_writes() {
    let with = FUNCTION.replace(
        "[[functions]]\n",
        "[[functions]]\nplaceholders = [\"traffic.monthly_requests\", \"function.io_ms\"]\n",
    );
    let a = parse(&format!("{}{with}", head(""))).unwrap();
    assert_eq!(a.functions()[0].placeholders(), ["traffic.monthly_requests", "function.io_ms"]);
    assert!(parse(&format!("{}{FUNCTION}", head(""))).unwrap().functions()[0].placeholders().is_empty());

    // Lines: 1 [application], 2 name, 3 empty (FUNCTION starts with a newline), 4 [[functions]], 5 the
    // placeholders, whose string starts at column 17 (`placeholders = [` is 16 characters).
    let bad = FUNCTION.replace("[[functions]]\n", "[[functions]]\nplaceholders = [\"traffic.rate\"]\n");
    let e = parse(&format!("{}{bad}", head(""))).unwrap_err();
    assert!(e.starts_with("app.toml:5:17: placeholder 'traffic.rate' is not a key costsim import writes"), "{e}");
}
