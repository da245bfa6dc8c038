//! The style every costsim page shares (a run's page, and an application review's, which adds its own rules).
//!
//! Three constraints shape it: text meets WCAG AA contrast (4.5:1, checked by the tests below over every colour
//! the sheet names); on a narrow screen nothing makes the page wider than the viewport (wide tables and charts
//! scroll inside their own box); and on paper every section is printed whole, without the navigation.

pub(crate) const STYLE: &str = r#"
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #0072B2; --pick: #eaf4fb; --warn: #8a5c00; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; margin: 0; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 28px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 20px; margin: 40px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
h2, figure { scroll-margin-top: 8px; }
.meta { color: var(--muted); margin: 0 0 16px; overflow-wrap: anywhere; }
p.summary { font-size: 18px; font-weight: 600; margin: 0 0 12px; padding: 10px 14px; background: var(--soft); border-left: 4px solid var(--accent); border-radius: 4px; }
nav.toc { font-size: 14px; margin: 0 0 8px; }
nav.toc ol { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 18px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(250px, 100%), 1fr)); gap: 16px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; background: #fff; min-width: 0; }
.card h3 { margin: 0; font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.card .setting { font-size: 22px; font-weight: 600; margin: 4px 0; }
.card .figures { font-variant-numeric: tabular-nums; color: var(--accent); font-weight: 600; }
.card p { margin: 6px 0 0; font-size: 14px; }
.charts { display: grid; grid-template-columns: minmax(0, 1fr); gap: 24px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 8px; background: #fff; min-width: 0; }
.chart { overflow-x: auto; }
.chart svg { width: 100%; min-width: 820px; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 13px; padding: 4px 8px 0; }
figcaption strong { color: var(--ink); }
figcaption .open { white-space: nowrap; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 13.5px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { background: var(--soft); position: sticky; top: 0; }
th:first-child, td:first-child, td.left, th.left { text-align: left; }
tr.recommended td { background: var(--pick); font-weight: 600; }
tr.infeasible td { color: var(--muted); font-style: italic; }
td.marks { text-align: left; color: var(--accent); }
.scroll { overflow-x: auto; max-height: 640px; overflow-y: auto; border: 1px solid var(--line); border-radius: 8px; }
.wide { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
pre { background: var(--soft); padding: 12px 16px; border-radius: 8px; overflow-x: auto; font-size: 13px; }
details { margin: 8px 0; } summary { cursor: pointer; font-weight: 600; }
ul.warnings li { color: var(--warn); }
a { color: var(--accent); }
.small { font-size: 13px; color: var(--muted); overflow-wrap: anywhere; }
@media (max-width: 600px) { main { padding: 16px 12px 48px; } h1 { font-size: 22px; } p.summary { font-size: 16px; } }
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav.toc, figcaption .open { display: none; }
  .scroll, .wide, .chart { max-height: none; overflow: visible; border: none; }
  .chart svg { min-width: 0; }
  th { position: static; white-space: normal; }
  table { font-size: 7.5pt; }
  #sweep-table { font-size: 7pt; }
  th, td { padding: 2px 3px; }
  td.marks, td.left { white-space: normal; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  details::details-content { content-visibility: visible; }
  figure, .card, tr, table.bill, p.summary { break-inside: avoid; }
  h1, h2, h3, summary { break-after: avoid; }
  tr.recommended td, p.summary { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

#[cfg(test)]
mod tests {
    use super::STYLE;
    use crate::report::fleet::FLEET_STYLE;

    /// WCAG 2.x relative luminance of `#rrggbb` or `#rgb`.
    fn luminance(hex: &str) -> f64 {
        let h = hex.trim_start_matches('#');
        let h: String = if h.len() == 3 { h.chars().flat_map(|c| [c, c]).collect() } else { h.to_string() };
        let channel = |i: usize| {
            let c = u8::from_str_radix(&h[i..i + 2], 16).unwrap() as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    /// WCAG contrast ratio (L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance L1 on top.
    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    /// Every `property: value` declaration of a style sheet, `var(--x)` resolved from `:root`.
    fn declarations(css: &str) -> Vec<(String, String)> {
        let raw: Vec<(String, String)> = css
            .split(['{', '}', ';'])
            .filter_map(|d| d.split_once(':'))
            .map(|(p, v)| (p.trim().to_string(), v.trim().to_string()))
            .filter(|(p, _)| !p.contains(' ') && !p.is_empty())
            .collect();
        let var = |name: &str| raw.iter().find(|(p, _)| p == name).map(|(_, v)| v.clone());
        raw.iter()
            .map(|(p, v)| {
                let v = match v.strip_prefix("var(").and_then(|r| r.strip_suffix(')')) {
                    Some(name) => var(name).unwrap_or_else(|| panic!("{name} is not defined")),
                    None => v.clone(),
                };
                (p.clone(), v)
            })
            .collect()
    }

    /// The first `#hex` colour of a value, if any.
    fn hex(value: &str) -> Option<String> {
        let i = value.find('#')?;
        Some(value[i..].chars().take_while(|c| *c == '#' || c.is_ascii_hexdigit()).collect())
    }

    #[test]
    fn the_contrast_formula_gives_the_known_ratios() {
        // Black on white: (1 + 0.05) / (0 + 0.05) = 21.
        assert!((contrast("#000", "#ffffff") - 21.0).abs() < 1e-9);
        // #777 on white is the classic just-fails-AA grey: 0x77 = 119, 119/255 = 0.4667, linear
        // ((0.4667 + 0.055) / 1.055)^2.4 = 0.1845; (1.05) / (0.1845 + 0.05) = 4.48.
        assert!((contrast("#777777", "#fff") - 4.48).abs() < 0.01);
        // The greyed rows of before (issue 14): #8c959f on white. Channels 140, 149, 159 → linear 0.2623, 0.3005,
        // 0.3467; L = 0.2126·0.2623 + 0.7152·0.3005 + 0.0722·0.3467 = 0.2957; 1.05 / 0.3457 = 3.04.
        assert!((contrast("#8c959f", "#fff") - 3.04).abs() < 0.01);
    }

    #[test]
    fn every_text_colour_is_aa_on_every_background_of_the_pages() {
        for css in [STYLE, FLEET_STYLE] {
            let all = declarations(&format!("{STYLE}{css}"));
            let text: Vec<String> = all.iter().filter(|(p, _)| p == "color").filter_map(|(_, v)| hex(v)).collect();
            let mut backgrounds: Vec<String> = all
                .iter()
                .filter(|(p, _)| p == "background" || p == "background-color")
                .filter_map(|(_, v)| hex(v))
                .collect();
            backgrounds.push("#ffffff".into()); // the page itself
                                                // The sheet names its text colours: ink, muted, accent, warning, and the fleet's placeholder note.
            assert!(text.len() >= 4, "colours found: {text:?}");
            for t in &text {
                for b in &backgrounds {
                    let c = contrast(t, b);
                    assert!(c >= 4.5, "{t} on {b} is {c:.2}:1, below WCAG AA (4.5:1)");
                }
            }
        }
    }

    #[test]
    fn the_sheet_has_no_colour_the_check_cannot_read() {
        // A colour written as rgb() or a name would slip past the contrast check above.
        for css in [STYLE, FLEET_STYLE] {
            for (p, v) in declarations(&format!("{STYLE}{css}")) {
                if p == "color" || p.starts_with("background") {
                    assert!(v.starts_with('#'), "{p}: {v} is not a #hex colour");
                }
            }
        }
    }
}
