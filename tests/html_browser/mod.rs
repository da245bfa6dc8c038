//! What the browser tests of the HTML report share: finding headless Chromium (they fail, naming the package,
//! when it is missing: never skip), measuring a page laid out at a given width, and printing it to PDF.
//!
//! A page is measured inside an `<iframe>` of the wanted width, because headless Chromium keeps its window at
//! least 500 px wide: the frame's width is the page's viewport (its media queries and `width=device-width`
//! follow it). A script in the framing page measures the report page and writes the numbers into the DOM as
//! JSON, which `--dump-dom` returns.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command as Process;

/// The Chromium binary: $CHROMIUM, else `chromium` or `chromium-browser` on PATH. `.ci/test` installs it.
pub fn chromium() -> String {
    if let Ok(path) = std::env::var("CHROMIUM") {
        return path;
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if Process::new(name).arg("--version").output().is_ok_and(|o| o.status.success()) {
            return name.to_string();
        }
    }
    panic!(
        "headless Chromium is needed to test the HTML report: install the package `chromium` (apt-get install \
         --no-install-recommends chromium; .ci/test does) or set CHROMIUM to a browser binary"
    );
}

/// Headless Chromium with a throw-away profile and nothing that reaches the network, then `args`.
pub fn browser(args: &[String]) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    let bin = chromium();
    let out = Process::new(&bin)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {bin} ({e}): install the package `chromium` or set CHROMIUM"));
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// The DOM of `page` after its scripts ran.
pub fn dump_dom(page: &Path, extra: &[&str]) -> String {
    let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    args.extend(["--virtual-time-budget=5000".into(), "--dump-dom".into(), format!("file://{}", page.display())]);
    String::from_utf8(browser(&args).stdout).unwrap()
}

/// Measures the report page `dir/page` laid out `width` CSS px wide. With `print`, the page's print rules
/// apply on screen (`@media print` read as `@media all`, in a copy), so that what paper gets can be measured.
///
/// The answer's fields: `width` and `scroll_width` of the page [px]; `chart_texts` and `min_chart_font_px`
/// (the smallest chart text as drawn, its font size times the chart's scale [px]); `figures`, `images` (SVGs
/// with `role="img"` and a `<title>` first); `details`, `details_shown` (whose content is visible),
/// `details_open_after_handler` and `details_shown_after_handler` (after the page's `beforeprint` handler
/// ran); `toc_display`, `open_link_display`, `figure_break_inside`, `h2_break_after` (computed styles).
pub fn measure(dir: &Path, page: &str, width: u32, print: bool) -> serde_json::Value {
    let target = if print {
        let html = std::fs::read_to_string(dir.join(page)).unwrap();
        assert!(html.contains("@media print"), "{page} has no print rules");
        let copy = format!("print-{}", page.replace('/', "-"));
        // Same folder, so that the copy's relative links still lead where the page's do.
        let at = Path::new(page).parent().unwrap_or(Path::new("")).join(copy);
        std::fs::write(dir.join(&at), html.replace("@media print", "@media all")).unwrap();
        at.to_string_lossy().into_owned()
    } else {
        page.to_string()
    };
    let frame = dir.join("measure-frame.html");
    std::fs::write(&frame, FRAME.replace("{src}", &target).replace("{width}", &width.to_string())).unwrap();
    let dom = dump_dom(&frame, &["--allow-file-access-from-files", "--window-size=1500,1000"]);
    let start = dom.find("<pre id=\"measured\">").unwrap_or_else(|| panic!("nothing measured: {dom}"));
    let json = &dom[start + "<pre id=\"measured\">".len()..];
    let json = &json[..json.find("</pre>").unwrap()];
    let json = json.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// The framing page: the report in a frame `{width}` px wide, and the script that measures it once loaded.
const FRAME: &str = r#"<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="{src}" scrolling="no" style="border:0;width:{width}px;height:900px"></iframe>
<script>
document.getElementById('f').addEventListener('load', function () {
  var w = this.contentWindow, d = this.contentDocument, root = d.documentElement;
  var fonts = [];
  d.querySelectorAll('figure svg text').forEach(function (t) {
    var m = t.getScreenCTM();
    if (m && t.textContent.trim()) fonts.push(parseFloat(w.getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b));
  });
  var details = Array.prototype.slice.call(d.querySelectorAll('details'));
  var shown = function () {
    return details.filter(function (x) {
      return Array.prototype.every.call(x.children, function (c) { return c.tagName === 'SUMMARY' || c.checkVisibility(); });
    }).length;
  };
  var style = function (selector, property) {
    var e = d.querySelector(selector);
    return e ? w.getComputedStyle(e)[property] : null;
  };
  var r = {
    width: root.clientWidth, scroll_width: root.scrollWidth,
    chart_texts: fonts.length, min_chart_font_px: fonts.length ? Math.min.apply(null, fonts) : null,
    figures: d.querySelectorAll('figure').length,
    images: d.querySelectorAll('figure svg[role="img"] > title:first-child').length,
    details: details.length, details_shown: shown(),
    toc_display: style('nav.toc', 'display'), open_link_display: style('figcaption .open', 'display'),
    figure_break_inside: style('figure', 'breakInside'), h2_break_after: style('h2', 'breakAfter')
  };
  w.costsimOpenForPrint();
  r.details_open_after_handler = d.querySelectorAll('details[open]').length;
  r.details_shown_after_handler = shown();
  var out = document.createElement('pre');
  out.id = 'measured';
  out.textContent = JSON.stringify(r);
  document.body.appendChild(out);
});
</script></body></html>
"#;

/// Prints `dir/page` to PDF as Chromium does (A4 is not forced: the browser's default paper) and returns the
/// number of pages.
pub fn print_pages(dir: &Path, page: &str) -> u64 {
    let pdf = dir.join(format!("{}.pdf", page.replace('/', "-")));
    browser(&[
        "--no-pdf-header-footer".into(),
        "--virtual-time-budget=5000".into(),
        format!("--print-to-pdf={}", pdf.display()),
        format!("file://{}", dir.join(page).display()),
    ]);
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF written at {}: {e}", pdf.display()));
    assert!(bytes.starts_with(b"%PDF-"), "{} is not a PDF", pdf.display());
    // The page tree's root says how many pages there are: `/Type /Pages /Count N`.
    let text = String::from_utf8_lossy(&bytes);
    let counts: Vec<u64> = text
        .match_indices("/Count ")
        .filter_map(|(i, m)| text[i + m.len()..].split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
        .collect();
    *counts.iter().max().unwrap_or_else(|| panic!("no page count in {}", pdf.display()))
}

/// Runs `costsim run` with `args`, the report folder at `out`.
pub fn run(args: &[&str], out: &Path) {
    assert_cmd::Command::cargo_bin("costsim")
        .unwrap()
        .arg("run")
        .args(args)
        .arg("--quiet")
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}
