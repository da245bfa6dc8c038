//! Number formatting for people (thousands separators, currency) and for machines (plain decimals).

use rust_decimal::Decimal;

pub use crate::quantity::round;

/// `1234567.891` → `1,234,567.891`: thousands separators, at most `max_dp` decimals, trailing zeros dropped.
pub fn grouped(d: Decimal, max_dp: u32) -> String {
    let text = round(d, max_dp).normalize().to_string();
    let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |rest| ("-", rest));
    let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(text.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// A quantity for a table: thousands separators, up to 4 decimals (8 below 1, so small amounts stay visible).
pub fn quantity(d: Decimal) -> String {
    grouped(d, if d.abs() < Decimal::ONE { 8 } else { 4 })
}

/// A money amount with its currency: `$1,234.56`, `-$0.20`, `EUR 12.00`. Always 2 decimals.
pub fn money(d: Decimal, currency: &str) -> String {
    let r = round(d, 2);
    let abs = grouped(r.abs(), 2);
    let abs = match abs.split_once('.') {
        Some((i, f)) => format!("{i}.{f:0<2}"),
        None => format!("{abs}.00"),
    };
    let sign = if r.is_sign_negative() && !r.is_zero() { "-" } else { "" };
    with_currency(sign, &abs, currency)
}

/// A unit price: full precision below 0.1 (`$0.0000166667`), else 2 decimals, as infracost shows them.
pub fn price(d: Decimal, currency: &str) -> String {
    if d.abs() >= Decimal::new(1, 1) {
        return money(d, currency);
    }
    let sign = if d.is_sign_negative() && !d.is_zero() { "-" } else { "" };
    let abs = d.abs().normalize().to_string();
    let abs = if abs.contains('.') { abs } else { format!("{abs}.00") };
    with_currency(sign, &abs, currency)
}

fn with_currency(sign: &str, abs: &str, currency: &str) -> String {
    match currency {
        "USD" => format!("{sign}${abs}"),
        other => format!("{sign}{other} {abs}"),
    }
}

/// A plain decimal for CSV and spreadsheets: no separators, no symbol, at most `dp` decimals.
pub fn plain(d: Decimal, dp: u32) -> String {
    let r = round(d, dp).normalize();
    if r.is_zero() {
        "0".into()
    } else {
        r.to_string()
    }
}

/// A decimal as a JSON number (through f64, which keeps the shortest round-tripping digits).
pub fn json_number(d: Decimal, dp: u32) -> serde_json::Value {
    use rust_decimal::prelude::ToPrimitive;
    let f = round(d, dp).to_f64().unwrap_or(0.0);
    serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number)
}

// Padding by hand: `format!`'s width is limited to 65,535 (u16) and panics above it, so a long name (in a sheet,
// in a hand-edited report.json) would crash a table. Widths count characters, as the terminal shows them.

/// `text` padded with spaces on the right to `width` characters (left-aligned).
pub fn pad_right(text: &str, width: usize) -> String {
    let mut s = text.to_string();
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(text.chars().count())));
    s
}

/// `text` padded with spaces on the left to `width` characters (right-aligned).
pub fn pad_left(text: &str, width: usize) -> String {
    let mut s: String = std::iter::repeat_n(' ', width.saturating_sub(text.chars().count())).collect();
    s.push_str(text);
    s
}

/// A memory size for people: `1,024 MB`, as tables, sentences and charts all write it.
pub fn memory(mb: u32) -> String {
    format!("{} MB", grouped(Decimal::from(mb), 0))
}

/// From this duration up, people read seconds [ms]: `12.3 s`, not `12345 ms`. Charts switch their axes here too.
pub const SECONDS_FROM_MS: f64 = 10_000.0;
/// From this duration up, people read minutes [ms]: `9.0 min`, not `541.9 s`. Charts switch their axes here too.
pub const MINUTES_FROM_MS: f64 = 180_000.0;

/// A duration for people: `850 ms`, `12.3 s` from 10 s, `9.0 min` from 3 min, as the charts' axes scale.
pub fn duration_ms(x: f64) -> String {
    // Not a number a duration can be: said, never printed as `inf s` or `NaN ms`.
    if !x.is_finite() {
        "n/a".into()
    } else if x.abs() >= MINUTES_FROM_MS {
        format!("{:.1} min", x / 60_000.0)
    } else if x.abs() >= SECONDS_FROM_MS {
        format!("{:.1} s", x / 1000.0)
    } else {
        // Grouped as every other number people read: `3,426 ms`.
        format!("{} ms", grouped(Decimal::from(x.round() as i64), 0))
    }
}

/// A limit someone set (a latency objective): scaled as [`duration_ms`] scales, but exact, never rounded to a
/// tenth: `250 ms`, `0.5 ms`, `30 s`, `15 min`.
pub fn limit_ms(x: f64) -> String {
    if !x.is_finite() {
        "n/a".into()
    } else if x.abs() >= MINUTES_FROM_MS {
        format!("{} min", significant(x / 60_000.0, 6))
    } else if x.abs() >= SECONDS_FROM_MS {
        format!("{} s", significant(x / 1000.0, 6))
    } else {
        format!("{} ms", significant(x, 6))
    }
}

/// A change of duration with its sign: `+12 ms`, `−1.2 s`, `±0 ms` below half a millisecond.
pub fn duration_change_ms(delta: f64) -> String {
    if !delta.is_finite() {
        "n/a".into()
    } else if delta.abs() < 0.5 {
        "±0 ms".into()
    } else if delta > 0.0 {
        format!("+{}", duration_ms(delta))
    } else {
        format!("−{}", duration_ms(-delta))
    }
}

/// The units a number is written with in sentences and cells (`1,024 MB`, `850 ms`, `9.0 min`, `3 h`).
const UNITS: [&str; 9] = ["ms", "s", "min", "h", "MB", "GB", "KB", "requests/s", "environments"];

/// Whether `word` is a unit that belongs to `before` (a word ending in a digit), so that a line must not break
/// between them: `1,024` + `MB`, `850` + `ms),`. Wrapping code (the terminal's, the HTML page's no-break
/// spaces) asks this rather than every formatter writing non-breaking spaces into every string.
pub fn binds_to_number(before: &str, word: &str) -> bool {
    let unit = word.trim_end_matches([',', '.', ';', ':', ')', ']']);
    before.ends_with(|c: char| c.is_ascii_digit()) && UNITS.contains(&unit)
}

/// `text` with a no-break space (`\u{a0}`) between each number and its unit, for a browser that wraps it.
pub fn no_break_units(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = "";
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(if binds_to_number(previous, word) { '\u{a0}' } else { ' ' });
        }
        out.push_str(word);
        previous = word;
    }
    out
}

/// `x` to `digits` significant digits for people, thousands grouped: `0.000317`, `12.3`, `2,500`, `0`.
pub fn significant(x: f64, digits: u32) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    // Decimals needed for `digits` significant ones: 12.3 has magnitude 1, so 3 digits keep 1 decimal.
    let magnitude = x.abs().log10().floor() as i32;
    let dp = (digits as i32 - 1 - magnitude).clamp(0, 12) as u32;
    match Decimal::from_f64_retain(x) {
        Some(d) => grouped(d.round_sf(digits).unwrap_or(d), dp),
        None => format!("{x:e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn durations_scale_as_the_chart_axes_do() {
        assert_eq!(duration_ms(850.4), "850 ms");
        assert_eq!(duration_ms(9_999.4), "9,999 ms");
        // 12,345 ms ÷ 1,000 = 12.345 s, one decimal.
        assert_eq!(duration_ms(12_345.0), "12.3 s");
        // 541,856 ms (nightly-batch's mean) ÷ 60,000 = 9.03 min: minutes from 3 min (180,000 ms), as the charts.
        assert_eq!(duration_ms(541_856.0), "9.0 min");
        assert_eq!(duration_ms(180_000.0), "3.0 min");
        assert_eq!(duration_ms(f64::NAN), "n/a");
        assert_eq!(duration_change_ms(12.4), "+12 ms");
        assert_eq!(duration_change_ms(-1_234.0), "−1,234 ms");
        // Limits are exact: 30,000 ms is 30 s, 900,000 ms 15 min, 0.5 ms stays 0.5 ms.
        assert_eq!(limit_ms(30_000.0), "30 s");
        assert_eq!(limit_ms(900_000.0), "15 min");
        assert_eq!(limit_ms(250.0), "250 ms");
        assert_eq!(limit_ms(0.5), "0.5 ms");
        assert_eq!(duration_change_ms(-12_345.0), "−12.3 s");
        assert_eq!(duration_change_ms(0.4), "±0 ms");
    }

    #[test]
    fn a_unit_stays_with_its_number() {
        assert!(binds_to_number("1,024", "MB"));
        assert!(binds_to_number("+12", "ms),"));
        assert!(!binds_to_number("mean", "ms"));
        assert!(!binds_to_number("12", "mean"));
        assert_eq!(no_break_units("arm64 1,024 MB: p99 +12 ms (+24%)"), "arm64 1,024\u{a0}MB: p99 +12\u{a0}ms (+24%)");
    }

    #[test]
    fn groups_thousands_and_trims_zeros() {
        assert_eq!(quantity(d("1500000")), "1,500,000");
        assert_eq!(quantity(d("1234.50000")), "1,234.5");
        assert_eq!(quantity(d("999")), "999");
        assert_eq!(quantity(d("-1234567.12345")), "-1,234,567.1235");
    }

    #[test]
    fn money_has_two_decimals_and_rounds_half_away_from_zero() {
        assert_eq!(money(d("18.73337"), "USD"), "$18.73");
        assert_eq!(money(d("0.125"), "USD"), "$0.13");
        assert_eq!(money(d("-6.666680"), "USD"), "-$6.67");
        assert_eq!(money(d("1234567"), "EUR"), "EUR 1,234,567.00");
    }

    #[test]
    fn unit_prices_keep_full_precision_below_ten_cents() {
        assert_eq!(price(d("0.0000166667"), "USD"), "$0.0000166667");
        assert_eq!(price(d("-0.0000166667"), "USD"), "-$0.0000166667");
        assert_eq!(price(d("0.2000000"), "USD"), "$0.20");
        assert_eq!(price(d("0"), "USD"), "$0.00");
    }

    #[test]
    fn significant_digits_without_float_noise() {
        // 0.1 + 0.2 = 0.30000000000000004 in f64: three significant digits print 0.3.
        assert_eq!(significant(0.1 + 0.2, 3), "0.3");
        assert_eq!(significant(0.000_317_44, 3), "0.000317");
        assert_eq!(significant(12.3456, 3), "12.3");
        assert_eq!(significant(2_499.7, 3), "2,500");
        assert_eq!(significant(0.0, 3), "0");
        assert_eq!(significant(f64::INFINITY, 3), "n/a");
    }

    #[test]
    fn plain_numbers_have_no_separators() {
        assert_eq!(plain(d("1234567.1234567"), 6), "1234567.123457");
        assert_eq!(plain(d("-0.0000001"), 6), "0");
    }
}
