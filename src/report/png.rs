//! PNG copies of the charts (`--png`), rasterised from their SVG with resvg, at twice the SVG's size for sharp
//! slides. Text is set in DejaVu Sans, compiled into the binary (the `dejavu` crate): no system font is needed
//! or even looked at, so a PNG is the same on every machine and `--png` cannot fail for want of a font.

use resvg::{tiny_skia, usvg};

/// The family the embedded faces declare, which the charts name first (`style::FONT`).
pub const FAMILY: &str = "DejaVu Sans";

/// Rasterises SVG documents with the embedded fonts only.
pub struct Rasteriser {
    options: usvg::Options<'static>,
}

impl Default for Rasteriser {
    fn default() -> Self {
        Rasteriser::new()
    }
}

impl Rasteriser {
    /// A rasteriser whose font database holds DejaVu Sans regular and bold, and nothing else.
    pub fn new() -> Rasteriser {
        let mut options = usvg::Options::default();
        let db = options.fontdb_mut();
        db.load_font_data(dejavu::sans::regular().to_vec());
        db.load_font_data(dejavu::sans::bold().to_vec());
        // Every generic family maps to the one embedded family, so no text is ever dropped for want of a face.
        db.set_sans_serif_family(FAMILY);
        db.set_serif_family(FAMILY);
        db.set_monospace_family(FAMILY);
        options.font_family = FAMILY.to_string();
        Rasteriser { options }
    }

    /// The PNG of `svg` at twice its size.
    ///
    /// # Errors
    /// When the SVG cannot be parsed.
    pub fn png(&self, svg: &str) -> Result<Vec<u8>, String> {
        let pixmap = self.pixmap(svg)?;
        pixmap.encode_png().map_err(|e| format!("cannot encode PNG: {e}"))
    }

    fn pixmap(&self, svg: &str) -> Result<tiny_skia::Pixmap, String> {
        let tree = usvg::Tree::from_str(svg, &self.options).map_err(|e| format!("cannot read chart SVG: {e}"))?;
        let size = tree.size().to_int_size();
        let mut pixmap = tiny_skia::Pixmap::new(size.width() * 2, size.height() * 2).ok_or("empty chart")?;
        pixmap.fill(tiny_skia::Color::WHITE);
        resvg::render(&tree, tiny_skia::Transform::from_scale(2.0, 2.0), &mut pixmap.as_mut());
        Ok(pixmap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rasterises_at_twice_the_size() {
        let r = Rasteriser::new();
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"><rect width="30" height="20" fill="#0072B2"/><text x="2" y="15" font-family="sans-serif">Hi</text></svg>"##;
        let png = r.png(svg).unwrap();
        // PNG signature, then the IHDR chunk: width and height as big-endian u32 at bytes 16..24: 60 × 40.
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 60);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 40);
    }

    #[test]
    fn text_renders_with_the_embedded_faces_only() {
        let r = Rasteriser::new();
        // Two faces, both DejaVu Sans (regular and bold): nothing from the machine.
        let db = r.options.fontdb.as_ref();
        assert_eq!(db.len(), 2);
        assert!(db.faces().all(|f| f.families.iter().any(|(n, _)| n == FAMILY)));
        // Black text on white, in the charts' own family list and in a family the database lacks (which falls
        // back to the embedded face): some pixels of the 2× raster are dark. Without a face, usvg drops the text
        // and every pixel stays white (checked by the empty-text case, which must be all white).
        let page = |family: &str, text: &str| {
            format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="22" font-size="18" font-family="{family}" fill="black">{text}</text></svg>"##
            )
        };
        let dark = |svg: &str| r.pixmap(svg).unwrap().pixels().iter().filter(|p| p.red() < 128).count();
        assert_eq!(dark(&page(crate::report::charts::FONT, "")), 0);
        assert!(dark(&page(crate::report::charts::FONT, "849 ms")) > 50);
        assert!(dark(&page("No Such Font", "849 ms")) > 50);
    }
}
