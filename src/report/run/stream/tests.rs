//! The streamed layout against `pretty(&to_value(x))`, on random documents and on reports.

use proptest::prelude::*;
use serde_json::Value;

use super::*;
use crate::report::run::pretty;

fn streamed<T: Serialize + ?Sized>(v: &T) -> String {
    let mut out = Vec::new();
    write_pretty(&mut out, v).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn layouts_at_each_depth_are_pretty_s() {
    let v = serde_json::json!({
        "a": 1, "empty": {}, "none": [], "flat": [1, 2.5, "x", null, true],
        "pairs": [[0.0, 1.5], [99.9, 20.25]],
        "deep": {"rows": [{"x": 1, "y": [1]}, {"x": 2}], "obj": {"k": {"a": 1, "b": "2"}}},
        "long": {"x": {"y": {"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11}}},
        "ten": {"x": {"y": {"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10}}},
        "mixed": [1, [2, [3]], {"z": 0}],
        "decimal": rust_decimal::Decimal::new(12345, 3),
    });
    assert_eq!(streamed(&v), pretty(&serde_json::to_value(&v).unwrap()));
}

#[test]
fn a_review_is_written_as_pretty_writes_its_value() {
    // The tiny application of tests/data: every structure of a fleet report and its functions' reports.
    let catalog = crate::pricing::Catalog::built_in();
    let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/apps/tiny.toml"));
    let app = crate::scenario::Application::load_with(path, &catalog, &Default::default()).unwrap();
    let date = app.date().unwrap();
    let fleet = crate::fleet::run(&app, &catalog, date).unwrap();
    let report = crate::report::fleet::FleetReport::new(&app, vec![], &catalog, date, fleet).unwrap();
    assert_eq!(streamed(&report), pretty(&serde_json::to_value(&report).unwrap()));
    assert_eq!(streamed(&report.details[0]), pretty(&serde_json::to_value(&report.details[0]).unwrap()));
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        "[a-z\"\\\\é]{0,4}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 200, 12, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..12).prop_map(Value::Array),
            prop::collection::vec(("[a-m]{1,2}", inner), 0..13).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Any document, at any depth, is written as `pretty` writes its `Value`.
    #[test]
    fn any_document_is_written_as_pretty_writes_it(v in value()) {
        prop_assert_eq!(streamed(&v), pretty(&v));
    }
}
