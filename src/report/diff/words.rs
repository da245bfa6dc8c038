//! The sentences of a diff, written from its structured data (the table and the Markdown use the same words).

use rust_decimal::Decimal;

use crate::diff::{Basis, Change, Diff, FunctionDiff, Kind, Limit, State, Status, Verdict, COST_EPSILON};
use crate::diff::{LATENCY_EPSILON_MS, RATIO_EPSILON};
use crate::report::format::duration_change_ms as latency_change;
use crate::report::format::{duration_ms, money, round};
use crate::report::run::pct;

/// A money change with its sign: `+$12.40`, `-$3.00`, `$0.00`.
pub fn signed_money(d: Decimal, currency: &str) -> String {
    if round(d, 2) > Decimal::ZERO {
        format!("+{}", money(d, currency))
    } else {
        money(d, currency)
    }
}

/// A percent change to one decimal, with its sign: `+8.1%`, `-2.0%`, `0.0%`.
pub fn signed_percent(p: f64) -> String {
    let r = (p * 10.0).round() / 10.0;
    if r == 0.0 {
        "0.0%".into()
    } else {
        format!("{r:+.1}%")
    }
}

/// A change in money and percent: `+$12.40 (+8.1%)`; without the percent when the base is zero (`+$3.00`) or
/// nothing changed to the cent (`$0.00`).
pub fn change(c: &Change, currency: &str) -> String {
    match c.change_percent {
        Some(p) if !round(c.change, 2).is_zero() => {
            format!("{} ({})", signed_money(c.change, currency), signed_percent(p))
        }
        _ => signed_money(c.change, currency),
    }
}

/// The diff in one line: `Monthly cost +$12.40 (+8.1%): $153.10 → $165.50`, or `Monthly cost unchanged: $153.10`.
pub fn headline(d: &Diff) -> String {
    let t = &d.total;
    if t.change.abs() < COST_EPSILON {
        return format!("Monthly cost unchanged: {}", money(t.head, &d.currency));
    }
    format!("Monthly cost {}: {} → {}", change(t, &d.currency), money(t.base, &d.currency), money(t.head, &d.currency))
}

/// What the compared reports are, in a few words: `application shop, today's settings`.
pub fn subject(d: &Diff) -> String {
    let what = match d.compared {
        Kind::Fleet => "application",
        Kind::Run => "scenario",
    };
    let name = if d.base.origin.name == d.head.origin.name {
        d.head.origin.name.clone()
    } else {
        format!("{} → {}", d.base.origin.name, d.head.origin.name)
    };
    let point = match d.head.basis {
        Basis::Today => "today's settings".to_string(),
        Basis::Recommended { asked, .. } => format!("the {} recommendation", asked.as_str()),
    };
    format!("{what} {name}, {point}")
}

/// What the total is, in a sentence.
pub fn total_is(d: &Diff) -> &'static str {
    match d.compared {
        Kind::Fleet => {
            "The total is the account's bill today: every function's usage priced together (volume tiers, and the \
             free tier once where the application applies it); per-function costs leave the free tier out, so they \
             need not add up to it."
        }
        Kind::Run => "The total is the function's monthly cost at the compared setting.",
    }
}

/// Why a run diff compares recommendations, when it does: which report states no `[current]`, and what was used.
pub fn basis(d: &Diff) -> Option<String> {
    let Basis::Recommended { asked, .. } = d.head.basis else { return None };
    let mut s = format!(
        "One report states no [current] setting, so both sides compare their {} recommendation (--pick)",
        asked.as_str()
    );
    for (side, summary) in [("BASE", &d.base), ("HEAD", &d.head)] {
        if let Basis::Recommended { asked, used } = summary.basis {
            if used != asked {
                s += &format!("; {side} has none, its {} one is used", used.as_str());
            }
        }
    }
    Some(s + ".")
}

/// The recommended totals, in a sentence, when both sides have one.
pub fn recommended(d: &Diff) -> Option<String> {
    let r = d.recommended.as_ref()?;
    let cur = &d.currency;
    let whose = match d.compared {
        Kind::Fleet => "each function's",
        Kind::Run => "the",
    };
    let pick = if r.base_pick == r.head_pick {
        r.head_pick.as_str().to_string()
    } else {
        format!("{} → {}", r.base_pick.as_str(), r.head_pick.as_str())
    };
    Some(format!(
        "Recommended settings ({whose} {pick} pick): {} → {} a month; adopting them would save {} in BASE, {} in HEAD.",
        money(r.total.base, cur),
        money(r.total.head, cur),
        money(r.saving_base, cur),
        money(r.saving_head, cur)
    ))
}

/// A note when the sides were priced on different dates.
pub fn dates(d: &Diff) -> Option<String> {
    let (b, h) = (d.base.origin.date, d.head.origin.date);
    (b != h).then(|| format!("BASE is priced on {b} and HEAD on {h}: part of the change can be the prices'."))
}

/// A warning when a side's numbers rest on placeholders: `HEAD's order-worker and api rest on placeholders …`.
pub fn placeholders(d: &Diff) -> Option<String> {
    let side = |name: &str, list: &[String]| {
        (!list.is_empty()).then(|| format!("{name}'s {} ({})", list.join(", "), list.len()))
    };
    let sides: Vec<String> =
        [side("BASE", &d.base.placeholders), side("HEAD", &d.head.placeholders)].into_iter().flatten().collect();
    (!sides.is_empty()).then(|| {
        format!(
            "Placeholders: {} rest on values costsim import could not read from the code (traffic, work): their costs \
             are not yet theirs; fill them in the usage file (costsim import --usage).",
            sides.join(" and ")
        )
    })
}

/// How many functions did not change, in a sentence.
pub fn unchanged(d: &Diff) -> String {
    match (d.unchanged(), d.functions.len()) {
        (0, _) => "Every function changed.".into(),
        (n, all) if n == all => format!("No function changed ({n} compared)."),
        (1, _) => "1 function unchanged.".into(),
        (n, _) => format!("{n} functions unchanged."),
    }
}

/// The guardrail's outcome in a sentence without its full stop: `the monthly cost rises by $12.40 (+8.1%), 3.1
/// percentage points above --fail-above 5%`, or `Within --fail-above 10%: +$12.40 (+8.1%) a month`.
pub fn gate(v: &Verdict, d: &Diff) -> String {
    let limit = &v.limit;
    if !v.exceeded {
        return format!("Within --fail-above {limit}: {} a month", change(&d.total, &d.currency));
    }
    let rise = change(&d.total, &d.currency).trim_start_matches('+').to_string();
    let cur = &d.currency;
    match (limit, v.over_by) {
        (Limit::Percent { .. }, Some(x)) => {
            format!(
                "the monthly cost rises by {rise}, {} percentage points above --fail-above {limit}",
                round(x, 2).normalize()
            )
        }
        (Limit::Amount { .. }, Some(x)) => {
            format!("the monthly cost rises by {rise}, {} above --fail-above {limit}", money(x, cur))
        }
        _ => format!(
            "the monthly cost rises from {} to {}, above any percent of nothing (--fail-above {limit})",
            money(d.total.base, cur),
            money(d.total.head, cur)
        ),
    }
}

/// `arm64 512 MB`.
pub fn setting(s: &State) -> String {
    format!("{} {} MB", s.architecture, s.memory_mb)
}

/// The setting of a function: `x86_64 1024 MB → arm64 512 MB`, `arm64 512 MB` (unchanged, added or removed).
pub fn setting_change(f: &FunctionDiff) -> String {
    match (&f.base, &f.head) {
        (Some(b), Some(h)) if !b.same_setting(h) => format!("{} → {}", setting(b), setting(h)),
        (_, Some(s)) | (Some(s), None) => setting(s),
        (None, None) => String::new(),
    }
}

/// The function's name with what happened to it when it is on one side only: `api`, `new (added)`.
pub fn name(f: &FunctionDiff) -> String {
    match f.status {
        Status::Added => format!("{} (added)", f.name),
        Status::Removed => format!("{} (removed)", f.name),
        Status::Changed | Status::Unchanged => f.name.clone(),
    }
}

/// A ratio on both sides: `0 → 0.12%`, or `0.12%` when it moved by less than shows (or not at all).
pub fn ratio_change(b: f64, h: f64) -> String {
    let (b, h) = (pct(b), pct(h));
    if b == h {
        h
    } else {
        format!("{b} → {h}")
    }
}

/// A ratio of a function: both sides' (`0 → 0.12%`), an added one's, or `–` (removed, or a trigger without it).
pub fn ratio(f: &FunctionDiff, of: fn(&State) -> Option<f64>) -> String {
    match (f.base.as_ref().and_then(of), f.head.as_ref().and_then(of)) {
        (Some(b), Some(h)) => ratio_change(b, h),
        (None, Some(x)) if f.status == Status::Added => pct(x),
        _ => "–".into(),
    }
}

/// A latency percentile of a function: HEAD's with its change (`225 ms (+87 ms)`), or the one side's.
pub fn latency(f: &FunctionDiff, of: fn(&State) -> f64) -> String {
    match (&f.base, &f.head) {
        (Some(b), Some(h)) if (of(h) - of(b)).abs() >= LATENCY_EPSILON_MS => {
            format!("{} ({})", duration_ms(of(h)), latency_change(of(h) - of(b)))
        }
        (_, Some(s)) => duration_ms(of(s)),
        (Some(_), None) => "–".into(),
        (None, None) => String::new(),
    }
}

/// What moved besides the cost, each in a few words: the setting, the percentiles, the ratios, the requests.
pub fn moved(f: &FunctionDiff) -> Vec<String> {
    let (Some(b), Some(h), Some(dl)) = (&f.base, &f.head, &f.deltas) else {
        return match (&f.base, &f.head) {
            (Some(s), None) | (None, Some(s)) => vec![setting(s)],
            _ => Vec::new(),
        };
    };
    let mut out = Vec::new();
    if !b.same_setting(h) {
        out.push(setting_change(f));
    }
    for (name, delta) in [("p50", dl.p50_ms), ("p95", dl.p95_ms), ("p99", dl.p99_ms)] {
        if delta.abs() >= LATENCY_EPSILON_MS {
            out.push(format!("{name} {}", latency_change(delta)));
        }
    }
    let ratios: [(&str, Option<(f64, f64)>); 4] = [
        ("cold starts", Some((b.cold_start_ratio, h.cold_start_ratio))),
        ("throttles", Some((b.throttle_ratio, h.throttle_ratio))),
        ("dropped", b.dropped_ratio.zip(h.dropped_ratio)),
        ("errors", Some((b.error_ratio, h.error_ratio))),
    ];
    for (name, (x, y)) in ratios.into_iter().filter_map(|(name, pair)| Some((name, pair?))) {
        if (y - x).abs() > RATIO_EPSILON && pct(x) != pct(y) {
            out.push(format!("{name} {}", ratio_change(x, y)));
        }
    }
    if !dl.monthly_requests.is_zero() {
        let q = |d: Decimal| crate::report::format::grouped(d, 0);
        out.push(format!("requests {} → {} a month", q(b.monthly_requests), q(h.monthly_requests)));
    }
    out
}

/// Text for a Markdown table cell or line: the characters Markdown or HTML would read as markup escaped, line
/// breaks turned to spaces (a hand-edited report.json can name a function anything). An underscore inside a
/// word (`x86_64`) is no markup and stays as it is.
pub fn md(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let inside_word =
            |i: usize| i > 0 && chars[i - 1].is_alphanumeric() && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        match c {
            '_' if inside_word(i) => out.push(c),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
