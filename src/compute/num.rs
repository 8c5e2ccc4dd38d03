//! Exact decimal arithmetic and the one place where figures are rounded for display.
//!
//! Rounding is half-up (四舍五入) and happens only when a figure becomes text.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::input::{Input, NumberFormat};

pub const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// Half-up rounding to `dp` decimal places.
pub fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// `part / whole × 100`, or `None` when the whole is zero (0/0 and x/0 are phrased in words).
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    part.checked_mul(HUNDRED)?.checked_div(whole)
}

/// A figure with exactly `dp` decimals: `fixed(14, 2)` is "14.00".
pub fn fixed(d: Decimal, dp: u32) -> String {
    let mut r = round(d, dp);
    r.rescale(dp);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r.to_string()
}

/// An amount in 万元 as prose and tables print it: two decimals.
pub fn amount(d: Decimal) -> String {
    fixed(d, 2)
}

/// An amount in a form cell: "0" for zero (the printed forms do), two decimals otherwise.
pub fn cell(d: Decimal) -> String {
    if d.is_zero() { "0".to_string() } else { amount(d) }
}

/// A percentage with `dp` decimals and the sign: "28.89%".
pub fn pct(d: Decimal, dp: u32) -> String {
    format!("{}%", fixed(d, dp))
}

/// A number as the author wrote it, without trailing zeros beyond its own: scores, counts.
pub fn plain(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() { "0".to_string() } else { n.to_string() }
}

/// A figure in a number format: `0.00` keeps two decimals, `0.##` drops trailing zeros.
pub fn format(d: Decimal, f: NumberFormat) -> String {
    let s = fixed(d, f.decimals);
    if f.trim && s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

/// The exact sum of figures as printed, one per report (the 合计 row of the 汇总表 a finance
/// bureau collects): each text read as the decimal it shows, blanks left out. `None` when no
/// text is a figure, or one is not a plain decimal (then no sum is printed rather than a wrong
/// one). The sum keeps the most decimals of its parts: “976.20” + “0” is “976.20”.
pub fn sum_printed<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Decimal> {
    let mut sum: Option<Decimal> = None;
    for t in texts.into_iter().filter(|t| !t.is_empty()) {
        let d: Decimal = t.parse().ok()?;
        sum = Some(sum.unwrap_or(Decimal::ZERO).checked_add(d)?);
    }
    sum
}

/// How each class of figure prints in this report: the report's `[settings.numbers]`, else its
/// template's.
#[derive(Debug, Clone, Copy)]
pub struct Formats {
    pub amount: NumberFormat,
    pub share: NumberFormat,
    pub growth: NumberFormat,
    pub rate: NumberFormat,
    pub score: NumberFormat,
}

impl Formats {
    pub fn of(input: &Input) -> Formats {
        let pick = |f: fn(&crate::input::NumberFormats) -> Option<NumberFormat>, default: NumberFormat| {
            input.layers().iter().find_map(|l| l.settings.numbers.as_ref().and_then(f)).unwrap_or(default)
        };
        let two = NumberFormat { decimals: 2, trim: false };
        // The older spelling of the rate's decimals still counts, in the layer that gives it.
        let rate = input
            .layers()
            .iter()
            .find_map(|l| {
                l.settings.numbers.as_ref().and_then(|n| n.rate.as_ref().map(|c| c.value)).or_else(|| {
                    l.settings.execution_rate_decimals.as_ref().map(|n| NumberFormat {
                        decimals: u32::try_from(n.value.trunc()).unwrap_or(0).min(4),
                        trim: false,
                    })
                })
            })
            .unwrap_or(NumberFormat { decimals: 0, trim: false });
        Formats {
            amount: pick(|n| n.amount.as_ref().map(|c| c.value), two),
            share: pick(|n| n.share.as_ref().map(|c| c.value), two),
            growth: pick(|n| n.growth.as_ref().map(|c| c.value), two),
            rate,
            score: pick(|n| n.score.as_ref().map(|c| c.value), NumberFormat { decimals: 2, trim: true }),
        }
    }

    /// An amount in 万元 in prose.
    pub fn amount(&self, d: Decimal) -> String {
        format(d, self.amount)
    }
    /// An amount in a form cell: “0” for zero, as the printed forms do.
    pub fn cell(&self, d: Decimal) -> String {
        if d.is_zero() { "0".to_string() } else { self.amount(d) }
    }
    pub fn share(&self, d: Decimal) -> String {
        format!("{}%", format(d, self.share))
    }
    pub fn growth(&self, d: Decimal) -> String {
        format!("{}%", format(d, self.growth))
    }
    pub fn rate(&self, d: Decimal) -> String {
        format!("{}%", format(d, self.rate))
    }
    pub fn score(&self, d: Decimal) -> String {
        format(d, self.score)
    }
}

/// Shares of one total, in percent with `dp` decimals, that add up to exactly 100.
///
/// Largest-remainder method: round every share down, then give the missing units of the last
/// place to the shares with the largest remainders (earlier parts first on ties). Returns
/// `None` when the parts do not add up to a positive total or one is negative: then shares
/// are rounded one by one (and `check` reports the sum).
pub fn shares(parts: &[Decimal], dp: u32) -> Option<Vec<Decimal>> {
    let total: Decimal = parts.iter().copied().sum();
    if total <= Decimal::ZERO || parts.iter().any(|p| p.is_sign_negative() && !p.is_zero()) {
        return None;
    }
    let unit = Decimal::new(1, dp);
    let exact: Vec<Decimal> = parts.iter().map(|p| *p * HUNDRED / total).collect();
    let mut floors: Vec<Decimal> =
        exact.iter().map(|e| e.round_dp_with_strategy(dp, RoundingStrategy::ToZero)).collect();
    let missing = ((HUNDRED - floors.iter().copied().sum::<Decimal>()) / unit).round();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - floors[b]).cmp(&(exact[a] - floors[a])).then(a.cmp(&b)));
    let missing = usize::try_from(missing.mantissa()).unwrap_or(0).min(parts.len());
    for &i in order.iter().take(missing) {
        floors[i] += unit;
    }
    Some(floors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn half_up_at_display() {
        assert_eq!(pct(percent(d("246.93"), d("854.80")).unwrap(), 2), "28.89%");
        assert_eq!(pct(percent(d("0.32"), d("11.23")).unwrap(), 2), "2.85%");
        assert_eq!(pct(percent(d("0.46"), d("4.84")).unwrap(), 2), "9.50%");
        assert_eq!(fixed(d("0.125"), 2), "0.13");
        assert_eq!(fixed(d("2.5"), 0), "3");
        assert_eq!(pct(percent(d("1794.03"), d("1864.04")).unwrap(), 0), "96%");
        assert_eq!(amount(d("14")), "14.00");
        assert_eq!(cell(d("0.00")), "0");
        assert_eq!(cell(d("0.2")), "0.20");
    }

    #[test]
    fn zero_base_has_no_percent() {
        assert_eq!(percent(d("5"), Decimal::ZERO), None);
        assert_eq!(percent(Decimal::ZERO, Decimal::ZERO), None);
    }

    #[test]
    fn rates_above_hundred_print_as_they_are() {
        assert_eq!(pct(percent(d("70"), d("68")).unwrap(), 2), "102.94%");
    }

    #[test]
    fn largest_remainder_reproduces_the_seed() {
        let s = shares(&[d("976.20"), d("105.96"), d("19.57")], 2).unwrap();
        assert_eq!(s, vec![d("88.60"), d("9.62"), d("1.78")]);
        assert_eq!(s.iter().copied().sum::<Decimal>(), d("100"));
        let s = shares(&[d("1706.78"), d("0.20")], 2).unwrap();
        assert_eq!(s, vec![d("99.99"), d("0.01")]);
    }

    #[test]
    fn largest_remainder_thirds_add_up() {
        let s = shares(&[d("1"), d("1"), d("1")], 2).unwrap();
        assert_eq!(s, vec![d("33.34"), d("33.33"), d("33.33")]);
        let s = shares(&[d("1"), d("1"), d("1")], 0).unwrap();
        assert_eq!(s.iter().copied().sum::<Decimal>(), d("100"));
    }

    #[test]
    fn shares_refuse_empty_or_negative_totals() {
        assert_eq!(shares(&[Decimal::ZERO, Decimal::ZERO], 2), None);
        assert_eq!(shares(&[d("5"), d("-1")], 2), None);
    }

    #[test]
    fn printed_figures_add_up_exactly() {
        assert_eq!(sum_printed(["976.20", "0", "", "0.10"]), Some(d("976.30")));
        assert_eq!(sum_printed(["976.20", "0"]).unwrap().to_string(), "976.20");
        assert_eq!(sum_printed(["0.1", "0.2"]).unwrap().to_string(), "0.3");
        assert_eq!(sum_printed(["", ""]), None);
        assert_eq!(sum_printed(["5", "——"]), None);
    }

    #[test]
    fn plain_keeps_what_matters() {
        assert_eq!(plain(d("6.00")), "6");
        assert_eq!(plain(d("9.620")), "9.62");
        assert_eq!(plain(d("0.0")), "0");
    }
}
