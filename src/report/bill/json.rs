//! The whole bill as versioned JSON. Money keys carry the currency (`monthly_cost_usd`).

use serde_json::{json, Map, Value};

use crate::pricing::{cost_of, Bill};
use crate::report::format::{json_number, round};

/// Version of the bill's JSON layout; bumped on any incompatible change.
/// 2: `warnings` are objects (`kind`, `message` and the warning's fields), no longer strings.
pub const BILL_SCHEMA_VERSION: u32 = 2;

pub(super) fn render(bill: &Bill) -> String {
    let cur = bill.currency.to_ascii_lowercase();
    let cost_key = format!("cost_{cur}");
    // Lines grouped once: linear in the number of functions.
    let groups = bill.lines_by_function();
    let functions: Vec<Value> = bill
        .functions
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let lines = groups.of(i);
            let mut o = Map::new();
            o.insert("name".into(), json!(f.name));
            o.insert("region".into(), json!(f.region));
            o.insert("architecture".into(), json!(f.architecture));
            o.insert("memory_mb".into(), json!(f.memory_mb));
            o.insert(format!("monthly_cost_{cur}"), json_number(cost_of(lines.iter().copied()), 6));
            o.insert("priced_with_estimates".into(), json!(lines.iter().any(|l| l.estimated)));
            o.insert("usage".into(), usage(f));
            Value::Object(o)
        })
        .collect();
    let lines: Vec<Value> = bill
        .lines
        .iter()
        .map(|l| {
            let mut o = Map::new();
            o.insert("function".into(), json!(l.function.and_then(|i| bill.functions.get(i)).map(|f| &f.name)));
            o.insert("component".into(), json!(l.component));
            o.insert("tier".into(), json!(l.tier));
            o.insert("description".into(), json!(l.description));
            o.insert("quantity".into(), json_number(l.quantity, 10));
            o.insert("unit".into(), json!(l.unit));
            o.insert("unit_price".into(), json_number(l.unit_price, 12));
            o.insert(cost_key.clone(), json_number(l.cost, 6));
            o.insert("estimated".into(), json!(l.estimated));
            Value::Object(o)
        })
        .collect();
    let mut top = Map::new();
    top.insert("schema_version".into(), json!(BILL_SCHEMA_VERSION));
    top.insert("kind".into(), json!("costsim.bill"));
    top.insert("currency".into(), json!(bill.currency));
    top.insert("date".into(), json!(bill.date.to_string()));
    top.insert("catalog".into(), json!(bill.catalog));
    top.insert(format!("monthly_cost_{cur}"), json_number(round(bill.total(), 2), 2));
    // A budget owner's question: does this total rest on any price AWS does not publish?
    top.insert("priced_with_estimates".into(), json!(bill.priced_with_estimates()));
    top.insert("functions".into(), Value::Array(functions));
    top.insert("lines".into(), Value::Array(lines));
    top.insert("warnings".into(), json!(bill.warnings));
    let mut text = serde_json::to_string_pretty(&Value::Object(top)).expect("JSON of plain values");
    text.push('\n');
    text
}

fn usage(f: &crate::pricing::FunctionUsage) -> Value {
    json!({
        "package": f.package,
        "snapstart": f.snapstart,
        "requests": json_number(f.requests, 6),
        "duration_gb_s": json_number(f.duration_gb_s, 6),
        "init_gb_s": json_number(f.init_gb_s, 6),
        "provisioned_gb_s": json_number(f.provisioned_gb_s, 6),
        "provisioned_duration_gb_s": json_number(f.provisioned_duration_gb_s, 6),
        "ephemeral_storage_gb_s": json_number(f.ephemeral_storage_gb_s, 6),
        "snapstart_cache_gb_s": json_number(f.snapstart_cache_gb_s, 6),
        "snapstart_restore_gb": json_number(f.snapstart_restore_gb, 6),
    })
}
