//! What every costsim page shares: the document's head (style, and the handler that opens every collapsed
//! section for print), the table of contents, the one-line summary, and charts as figures that screen readers
//! can name and describe and that open full size.

use super::style::STYLE;
use crate::report::charts::Chart;

/// Text for an HTML page, escaped, with a no-break space between each number and its unit so that a narrow
/// screen never shows `1,024` at the end of a line and `MB` at the start of the next.
pub(crate) fn esc(s: &str) -> String {
    crate::report::format::no_break_units(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG document from its `<svg` on (without an XML prolog, which is not allowed inside HTML).
pub(crate) fn strip_xml_prolog(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

/// Opens every collapsed `<details>` before printing and closes them again after, so that paper (and a PDF)
/// shows every section. The style sheet does the same for browsers that support `::details-content`; this
/// covers the others. `costsimOpenForPrint` is also what the browser tests call.
const PRINT_SCRIPT: &str = "<script>\n\
function costsimOpenForPrint(){document.querySelectorAll('details:not([open])').forEach(function(d){d.open=true;d.dataset.printOpened='';});}\n\
function costsimAfterPrint(){document.querySelectorAll('details[data-print-opened]').forEach(function(d){d.open=false;delete d.dataset.printOpened;});}\n\
addEventListener('beforeprint',costsimOpenForPrint);addEventListener('afterprint',costsimAfterPrint);\n\
</script>\n";

/// The page from `<!DOCTYPE>` to the opening `<main>`: `title` in the tab, the shared style and `extra_style`.
pub(crate) fn head(title: &str, extra_style: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}{extra_style}</style>\n{PRINT_SCRIPT}</head>\n<body>\n<main>\n",
        esc(title)
    )
}

/// The end of the page.
pub(crate) const FOOT: &str = "</main>\n</body>\n</html>\n";

/// The one-line summary at the top of a page.
pub(crate) fn summary(text: &str) -> String {
    format!("<p class=\"summary\" id=\"summary\">{}</p>\n", esc(text))
}

/// The table of contents: one link per (anchor, section name), in page order; hidden on paper.
pub(crate) fn toc(entries: &[(&str, &str)]) -> String {
    let items: String =
        entries.iter().map(|(id, label)| format!("<li><a href=\"#{}\">{}</a></li>", esc(id), esc(label))).collect();
    format!("<nav class=\"toc\" aria-label=\"Contents\"><ol>{items}</ol></nav>\n")
}

/// The anchor of a chart's figure: `chart-power-tuning` for `power-tuning.svg`.
pub(crate) fn chart_id(c: &Chart) -> String {
    let stem = c.file_name().strip_suffix(".svg").unwrap_or(c.file_name());
    format!("chart-{stem}")
}

/// The chart as a figure: the SVG inline as an image named by its title and described by `description` (what
/// it shows, in words, also printed under it), scrolling inside its box when the screen is narrower than the
/// chart's readable width, and a link to its file in `charts/` to open it full size.
pub(crate) fn figure(c: &Chart, description: &str) -> String {
    let id = chart_id(c);
    format!(
        "<figure id=\"{id}\"><div class=\"chart\">{}</div><figcaption><strong>{}</strong>. \
         <span id=\"{id}-desc\">{}</span> <a class=\"open\" href=\"charts/{}\">Open full size</a></figcaption></figure>\n",
        accessible(strip_xml_prolog(&c.svg), &id, &c.title),
        esc(&c.title),
        esc(description),
        esc(c.file_name())
    )
}

/// `svg` with `role="img"`, named by a `<title>` (first inside, as SVG wants it) and described by the caption
/// `{id}-desc`. Unchanged when it does not start with an `<svg …>` tag.
fn accessible(svg: &str, id: &str, title: &str) -> String {
    let Some(rest) = svg.strip_prefix("<svg") else { return svg.to_string() };
    let Some(end) = rest.find('>') else { return svg.to_string() };
    // `<svg/>` (an empty chart) closes itself: the title needs an element to live in.
    let (attributes, body) = match rest[..end].strip_suffix('/') {
        Some(a) => (a, "</svg>"),
        None => (&rest[..end], &rest[end + 1..]),
    };
    format!(
        "<svg role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\"{attributes}>\
         <title id=\"{id}-title\">{}</title>{body}",
        esc(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(svg: &str) -> Chart {
        Chart { kind: crate::report::charts::ChartKind::Bill, title: "api: bill <by> size".into(), svg: svg.into() }
    }

    #[test]
    fn a_figure_names_describes_and_links_its_chart() {
        let f = figure(
            &chart("<?xml version=\"1.0\"?>\n<svg width=\"900\" viewBox=\"0 0 900 500\"><rect/></svg>"),
            "From $1 to $2 & more",
        );
        assert!(f.starts_with("<figure id=\"chart-bill\"><div class=\"chart\"><svg role=\"img\""), "{f}");
        assert!(f.contains(
            "<svg role=\"img\" aria-labelledby=\"chart-bill-title\" aria-describedby=\"chart-bill-desc\" width=\"900\" viewBox=\"0 0 900 500\"><title id=\"chart-bill-title\">api: bill &lt;by&gt; size</title><rect/></svg>"
        ), "{f}");
        assert!(f.contains("<span id=\"chart-bill-desc\">From $1 to $2 &amp; more</span>"), "{f}");
        assert!(f.contains("<a class=\"open\" href=\"charts/bill.svg\">Open full size</a>"), "{f}");
        assert!(!f.contains("<?xml"));
    }

    #[test]
    fn an_empty_or_foreign_chart_is_kept_as_it_is() {
        assert!(figure(&chart("<svg/>"), "d")
            .contains("<title id=\"chart-bill-title\">api: bill &lt;by&gt; size</title></svg>"));
        assert!(figure(&chart("no chart"), "d").contains("<div class=\"chart\">no chart</div>"));
    }

    #[test]
    fn the_contents_link_every_section_in_order() {
        assert_eq!(
            toc(&[("sweep", "Sweep"), ("bill", "Bill & more")]),
            "<nav class=\"toc\" aria-label=\"Contents\"><ol><li><a href=\"#sweep\">Sweep</a></li><li><a href=\"#bill\">Bill &amp; more</a></li></ol></nav>\n"
        );
    }
}
