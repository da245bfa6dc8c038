//! Labels placed without collisions: each label sits next to its own point (nearer to it than to any other
//! point drawn), never over another label, a point, a line it is told to avoid, or the plot's edge; a label
//! that cannot be placed so becomes a number beside its point and a line of a key in the plot's emptiest
//! corner.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{text, text_width, Area, DrawResult, GREY, INK};

/// A box [px]: (left, top, right, bottom).
pub(crate) type Rect = (i32, i32, i32, i32);

/// Label height [px].
const H: i32 = 16;
/// Label text size [px].
const PX: f64 = 12.0;

/// A label pointing at a spot of a chart.
pub(crate) struct Callout {
    /// The spot [px], in whole-chart pixels.
    pub at: (i32, i32),
    /// The text.
    pub text: String,
}

/// What a chart must keep labels off: the points drawn (centre, radius [px]) and boxes such as lines' pixels.
#[derive(Default)]
pub(crate) struct Obstacles {
    /// Every point drawn: (centre, radius) [px].
    pub points: Vec<((i32, i32), i32)>,
    /// Other boxes [px].
    pub boxes: Vec<Rect>,
}

impl Obstacles {
    /// Adds the pixels of the polyline `px` [px], `w` px either side, as small boxes every 4 px.
    pub(crate) fn line(&mut self, px: &[(i32, i32)], w: i32) {
        for s in px.windows(2) {
            let (a, b) = (s[0], s[1]);
            let n = ((b.0 - a.0).abs().max((b.1 - a.1).abs()) / 4).max(1);
            for k in 0..=n {
                let x = a.0 + (b.0 - a.0) * k / n;
                let y = a.1 + (b.1 - a.1) * k / n;
                self.boxes.push((x - w, y - w, x + w, y + w));
            }
        }
    }
}

/// Where a label went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placed {
    /// The spot it labels [px].
    pub at: (i32, i32),
    /// Its box [px].
    pub rect: Rect,
    /// What it says: the text, or its number in the key.
    pub text: String,
    /// Whether it is nearer its own spot than any other (false only for a number that found no such place).
    pub near: bool,
}

/// Labels and the key of those that became numbers ("1  cost · arm64 512 MB").
#[derive(Debug, Default)]
pub(crate) struct Layout {
    /// Labels beside their spots.
    pub placed: Vec<Placed>,
    /// Lines of the key, in number order.
    pub key: Vec<String>,
}

pub(crate) fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Whether two spots are drawn as one place: within [`SAME`] px.
fn same_place(a: (i32, i32), b: (i32, i32)) -> bool {
    (a.0 - b.0).abs() <= SAME && (a.1 - b.1).abs() <= SAME
}

/// Spots this close [px] overlap on the page (markers are up to 7 px across): a label next to one is next to
/// both.
const SAME: i32 = 6;

/// Squared distance from `p` to the box `r` [px²].
fn dist2(r: Rect, p: (i32, i32)) -> i64 {
    let dx = (r.0 - p.0).max(0).max(p.0 - r.2) as i64;
    let dy = (r.1 - p.1).max(0).max(p.1 - r.3) as i64;
    dx * dx + dy * dy
}

/// Candidate boxes of width `w` around `(x, y)`, nearest first: right, left, above, below and the diagonals,
/// `clear` px from the spot, then further out.
fn candidates((x, y): (i32, i32), w: i32, clear: i32) -> Vec<Rect> {
    let mut out = Vec::new();
    for k in 0..6 {
        let d = clear + k * (H / 2 + 2);
        let mid = y - H / 2;
        for (l, t) in [
            (x + d, mid),
            (x - d - w, mid),
            (x - w / 2, y - d - H),
            (x - w / 2, y + d),
            (x + d, y - d - H),
            (x - d - w, y - d - H),
            (x + d, y + d),
            (x - d - w, y + d),
        ] {
            out.push((l, t, l + w, t + H));
        }
    }
    out
}

/// Places `items` inside `bounds` [px] around `obs`; `clear` [px] keeps a label off its own spot's marks.
pub(crate) fn place(mut items: Vec<Callout>, bounds: Rect, obs: &Obstacles, clear: i32) -> Layout {
    items.sort_by_key(|c| (c.at.0, c.at.1));
    // Settings that coincide (same spot, same text) are labelled once.
    items.dedup_by(|a, b| a.at == b.at && a.text == b.text);
    let spots: Vec<(i32, i32)> = items.iter().map(|c| c.at).chain(obs.points.iter().map(|p| p.0)).collect();
    let mut layout = Layout::default();
    let mut taken: Vec<Rect> = Vec::new();
    let inside = |r: Rect| r.0 >= bounds.0 && r.1 >= bounds.1 && r.2 <= bounds.2 && r.3 <= bounds.3;
    let fits = |r: Rect, at: (i32, i32), taken: &[Rect]| {
        let own = dist2(r, at);
        inside(r)
            && !taken.iter().any(|t| overlaps(*t, r))
            && !obs.boxes.iter().any(|b| overlaps(*b, r))
            && !obs.points.iter().any(|&(c, rad)| dist2(r, c) < ((rad + 1) as i64).pow(2))
            // Next to its own spot: nearer to it than to any other spot (one drawn on top of it aside).
            && spots.iter().all(|&s| same_place(s, at) || dist2(r, s) > own)
    };
    let mut numbered = Vec::new();
    for c in &items {
        let w = text_width(&c.text, PX) + 6;
        match candidates(c.at, w, clear).into_iter().find(|r| fits(*r, c.at, &taken)) {
            Some(r) => {
                taken.push(r);
                layout.placed.push(Placed { at: c.at, rect: r, text: c.text.clone(), near: true });
            }
            None => numbered.push(c),
        }
    }
    for c in numbered {
        let n = (layout.key.len() + 1).to_string();
        let w = text_width(&n, PX) + 6;
        let cands = candidates(c.at, w, clear);
        // A number that cannot sit next to its spot either still goes in the first box inside the plot that
        // overlaps no label, with a leader line to its spot.
        let near = cands.iter().copied().find(|r| fits(*r, c.at, &taken));
        let far = || cands.iter().copied().find(|r| inside(*r) && !taken.iter().any(|t| overlaps(*t, *r)));
        if let Some(r) = near.or_else(far) {
            taken.push(r);
            layout.placed.push(Placed { at: c.at, rect: r, text: n.clone(), near: near.is_some() });
        }
        layout.key.push(format!("{n}  {}", c.text));
    }
    layout
}

/// Places and draws `items` on `root` (whole-chart pixels) inside `bounds`, around `obs`: white-backed labels,
/// a grey leader line to a label set away from its spot, and the key, if any, in the corner with fewest
/// obstacles.
pub(crate) fn callouts(root: &Area, items: Vec<Callout>, bounds: Rect, obs: &Obstacles, clear: i32) -> DrawResult {
    let layout = place(items, bounds, obs, clear);
    for p in &layout.placed {
        let r = p.rect;
        let anchor = (p.at.0.clamp(r.0, r.2), p.at.1.clamp(r.1, r.3));
        let gap = (anchor.0 - p.at.0).abs().max((anchor.1 - p.at.1).abs());
        if gap > clear + 2 {
            root.draw(&PathElement::new(vec![p.at, anchor], GREY.stroke_width(1)))?;
        }
        root.draw(&Rectangle::new([(r.0, r.1), (r.2, r.3)], WHITE.mix(0.85).filled()))?;
        root.draw(&Text::new(p.text.clone(), (r.0 + 3, r.1 + H / 2), text(PX, INK, HPos::Left, VPos::Center)))?;
    }
    if !layout.key.is_empty() {
        let w = layout.key.iter().map(|k| text_width(k, PX)).max().unwrap_or(0) + 10;
        let h = layout.key.len() as i32 * H + 6;
        let corners = [
            (bounds.0 + 4, bounds.1 + 4),
            (bounds.2 - 4 - w, bounds.1 + 4),
            (bounds.0 + 4, bounds.3 - 4 - h),
            (bounds.2 - 4 - w, bounds.3 - 4 - h),
        ];
        let crowd = |&(x, y): &(i32, i32)| {
            let r = (x, y, x + w, y + h);
            obs.boxes.iter().filter(|b| overlaps(**b, r)).count()
                + obs.points.iter().filter(|p| dist2(r, p.0) <= (p.1 as i64).pow(2)).count() * 4
                + layout.placed.iter().filter(|p| overlaps(p.rect, r)).count() * 8
        };
        let (x, y) = corners.iter().copied().min_by_key(crowd).expect("four corners");
        root.draw(&Rectangle::new([(x, y), (x + w, y + h)], WHITE.mix(0.92).filled()))?;
        root.draw(&Rectangle::new([(x, y), (x + w, y + h)], GREY.stroke_width(1)))?;
        for (k, line) in layout.key.iter().enumerate() {
            let at = (x + 5, y + 3 + k as i32 * H + H / 2);
            root.draw(&Text::new(line.clone(), at, text(PX, INK, HPos::Left, VPos::Center)))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(x: i32, y: i32, t: &str) -> Callout {
        Callout { at: (x, y), text: t.into() }
    }

    #[test]
    fn crowded_labels_never_overlap_and_sit_next_to_their_own_point() {
        // Twelve points 10 px apart on a diagonal, each labelled with 14 characters (≈ 100 px), in a plot only
        // 260 × 200 px: too crowded to label all beside their points, so some become numbers; none may overlap,
        // and each box is nearer its own point than any other.
        let items: Vec<Callout> =
            (0..12).map(|k| call(300 + 10 * k, 300 - 10 * k, &format!("setting {k:>6}"))).collect();
        let obs = Obstacles { points: items.iter().map(|c| (c.at, 4)).collect(), ..Default::default() };
        let layout = place(items, (260, 150, 520, 350), &obs, 8);
        assert_eq!(layout.placed.len(), 12, "every point gets a label or a number");
        assert!(layout.placed.iter().all(|p| p.near), "{:?}", layout.placed);
        assert!(!layout.key.is_empty(), "the crowd needs a key");
        for (i, a) in layout.placed.iter().enumerate() {
            for b in &layout.placed[i + 1..] {
                assert!(!overlaps(a.rect, b.rect), "{a:?} and {b:?} overlap");
            }
            for &(c, r) in &obs.points {
                assert!(dist2(a.rect, c) >= ((r + 1) as i64).pow(2), "{a:?} covers the point at {c:?}");
                if c != a.at {
                    assert!(dist2(a.rect, c) > dist2(a.rect, a.at), "{a:?} is nearer {c:?} than its own point");
                }
            }
        }
        // Key lines number the labels that did not fit, 1, 2, … in order.
        for (k, line) in layout.key.iter().enumerate() {
            assert!(line.starts_with(&format!("{}  setting", k + 1)), "{line}");
        }
    }

    #[test]
    fn a_label_keeps_off_a_line_it_must_avoid() {
        // A horizontal line through the spot: the label cannot go right or left of it on the line, so it goes
        // above or below, clear of the line's boxes (±2 px around y = 200).
        let mut obs = Obstacles::default();
        obs.line(&[(0, 200), (800, 200)], 2);
        let layout = place(vec![call(400, 200, "balanced · arm64 1,024 MB")], (0, 0, 800, 500), &obs, 8);
        let r = layout.placed[0].rect;
        assert!(r.3 <= 198 || r.1 >= 202, "{r:?} crosses the line");
        assert!(layout.key.is_empty());
    }
}
