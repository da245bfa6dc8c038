//! PNG copies of the charts (`--png`), rasterised from their SVG with resvg, at twice the SVG's size for sharp
//! slides. Text needs a system font (DejaVu or Liberation Sans, as Debian's `fonts-dejavu-core` provides).

use resvg::{tiny_skia, usvg};

/// Sans-serif families tried in order for the charts' generic `sans-serif`.
const SANS: [&str; 4] = ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"];

/// Rasterises SVG documents; loads the system fonts once.
pub struct Rasteriser {
    options: usvg::Options<'static>,
}

impl Rasteriser {
    /// Loads the system fonts.
    ///
    /// # Errors
    /// When the system has none of the sans-serif families charts use: the PNGs would have no text.
    pub fn new() -> Result<Rasteriser, String> {
        let mut options = usvg::Options::default();
        let db = options.fontdb_mut();
        db.load_system_fonts();
        let family = SANS
            .iter()
            .find(|name| db.faces().any(|f| f.families.iter().any(|(n, _)| n == *name)))
            .ok_or_else(|| {
                format!("--png needs one of these fonts: {} (e.g. apt-get install fonts-dejavu-core)", SANS.join(", "))
            })?;
        db.set_sans_serif_family(*family);
        options.font_family = (*family).to_string();
        Ok(Rasteriser { options })
    }

    /// The PNG of `svg` at twice its size.
    ///
    /// # Errors
    /// When the SVG cannot be parsed.
    pub fn png(&self, svg: &str) -> Result<Vec<u8>, String> {
        let tree = usvg::Tree::from_str(svg, &self.options).map_err(|e| format!("cannot read chart SVG: {e}"))?;
        let size = tree.size().to_int_size();
        let mut pixmap = tiny_skia::Pixmap::new(size.width() * 2, size.height() * 2).ok_or("empty chart")?;
        pixmap.fill(tiny_skia::Color::WHITE);
        resvg::render(&tree, tiny_skia::Transform::from_scale(2.0, 2.0), &mut pixmap.as_mut());
        pixmap.encode_png().map_err(|e| format!("cannot encode PNG: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rasterises_at_twice_the_size() {
        let r = Rasteriser::new().expect("a system font (fonts-dejavu-core; .ci/run installs it with Chromium)");
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"><rect width="30" height="20" fill="#0072B2"/><text x="2" y="15" font-family="sans-serif">Hi</text></svg>"##;
        let png = r.png(svg).unwrap();
        // PNG signature, then the IHDR chunk: width and height as big-endian u32 at bytes 16..24: 60 × 40.
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 60);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 40);
    }
}
