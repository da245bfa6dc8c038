//! Splitting a monthly quantity into volume bands.

use rust_decimal::Decimal;

use super::rates::Tier;

/// One band's share of a quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Band {
    /// Index of the tier, 0 for the first.
    pub index: usize,
    /// Units of the quantity that fall in this band [unit].
    pub quantity: Decimal,
    /// Price per unit in this band.
    pub price: Decimal,
}

/// Splits `quantity` over `tiers`: band k holds the units between its start and the next band's start.
/// Bands with nothing in them are left out; the quantities add up to `quantity` exactly.
pub(super) fn split(quantity: Decimal, tiers: &[Tier]) -> Vec<Band> {
    let mut bands = Vec::new();
    for (index, tier) in tiers.iter().enumerate() {
        let end = tiers.get(index + 1).map(|next| next.start);
        let upper = end.map_or(quantity, |e| quantity.min(e));
        let in_band = upper - tier.start;
        if in_band > Decimal::ZERO {
            bands.push(Band { index, quantity: in_band, price: tier.price });
        }
    }
    bands
}

/// A human label for band `index`, in infracost's words: `first 6B GB-s`, `next 9B GB-s`, `over 15B GB-s`
/// (`first 333M` with no unit).
pub(super) fn label(tiers: &[Tier], index: usize, unit: &str) -> Option<String> {
    if tiers.len() < 2 {
        return None;
    }
    let start = tiers[index].start;
    let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
    Some(match tiers.get(index + 1) {
        Some(next) if index == 0 => format!("first {}{unit}", short(next.start)),
        Some(next) => format!("next {}{unit}", short(next.start - start)),
        None => format!("over {}{unit}", short(start)),
    })
}

/// 6000000000 → "6B", 7500000000 → "7.5B", 11250000000 → "11.25B", 400000 → "400K".
fn short(n: Decimal) -> String {
    let (div, suffix) = [(1_000_000_000i64, "B"), (1_000_000, "M"), (1_000, "K")]
        .into_iter()
        .find(|(d, _)| n >= Decimal::from(*d))
        .unwrap_or((1, ""));
    format!("{}{suffix}", (n / Decimal::from(div)).normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x86() -> Vec<Tier> {
        let t = |start: i64, p: &str| Tier { start: Decimal::from(start), price: p.parse().unwrap(), derived: false };
        vec![t(0, "0.0000166667"), t(6_000_000_000, "0.000015"), t(15_000_000_000, "0.0000133334")]
    }

    #[test]
    fn splits_across_all_three_bands() {
        // 20B GB-s: 6B in the first band, 15B − 6B = 9B in the second, 20B − 15B = 5B in the third.
        let bands = split(Decimal::from(20_000_000_000i64), &x86());
        let q: Vec<_> = bands.iter().map(|b| b.quantity).collect();
        assert_eq!(q, [6_000_000_000i64, 9_000_000_000, 5_000_000_000].map(Decimal::from));
    }

    #[test]
    fn a_quantity_on_a_boundary_stays_in_the_lower_band() {
        let bands = split(Decimal::from(6_000_000_000i64), &x86());
        assert_eq!(bands.len(), 1);
        assert_eq!(bands[0].quantity, Decimal::from(6_000_000_000i64));
    }

    #[test]
    fn labels_follow_infracost() {
        let t = x86();
        assert_eq!(label(&t, 0, "GB-s").unwrap(), "first 6B GB-s");
        assert_eq!(label(&t, 1, "GB-s").unwrap(), "next 9B GB-s");
        assert_eq!(label(&t, 2, "GB-s").unwrap(), "over 15B GB-s");
        assert_eq!(short(Decimal::from(11_250_000_000i64)), "11.25B");
        // API Gateway's REST bands (https://aws.amazon.com/api-gateway/pricing/): 333M, 667M, 19B, over 20B.
        let p = |s: &str| s.parse::<Decimal>().unwrap();
        let rest: Vec<Tier> = [(0i64, "3.5"), (333_000_000, "2.8"), (1_000_000_000, "2.38"), (20_000_000_000, "1.51")]
            .map(|(start, price)| Tier { start: Decimal::from(start), price: p(price), derived: false })
            .to_vec();
        let labels: Vec<_> = (0..4).map(|i| label(&rest, i, "").unwrap()).collect();
        assert_eq!(labels, ["first 333M", "next 667M", "next 19B", "over 20B"]);
    }
}
