//! The standard sentences that carry figures, worded the way finance reports word them.
//!
//! An increase is “增加 X 万元，增长 Y%”, a decrease “减少 X 万元，下降 Y%”, both with positive
//! numbers. A base of zero is said in words, never printed as a division.

use rust_decimal::Decimal;

use super::figures::Change;
use super::num::{amount, pct};

/// “较上年增加246.93万元，增长28.89%” and its other cases.
pub fn against_last_year(c: &Change) -> String {
    if c.from.is_zero() && c.to.is_zero() {
        return "上年度和本年度均无该项支出".into();
    }
    if c.from.is_zero() {
        return "上年度无该项支出".into();
    }
    if c.amount.is_zero() {
        return "与上年持平".into();
    }
    format!("较上年{}", movement(c))
}

/// “增加246.93万元，增长28.89%” / “减少3.09万元，下降22.07%”.
pub fn movement(c: &Change) -> String {
    let (more, grow) = if c.amount > Decimal::ZERO { ("增加", "增长") } else { ("减少", "下降") };
    match c.rate {
        Some(rate) => format!("{more}{}万元，{grow}{}", amount(c.amount.abs()), pct(rate, 2)),
        None => format!("{more}{}万元", amount(c.amount.abs())),
    }
}

/// A 三公 item against this year's budget: “与本年预算数19.57万元一致” /
/// “比本年预算数的14.00万元减少3.09万元，下降22.07%”.
pub fn against_budget(c: &Change) -> String {
    if c.from.is_zero() {
        return "本年未安排预算".into();
    }
    if c.amount.is_zero() {
        return format!("与本年预算数{}万元一致", amount(c.from));
    }
    format!("比本年预算数的{}万元{}", amount(c.from), movement(c))
}

/// A 三公 item against last year's 决算.
pub fn against_last_year_actual(c: &Change) -> String {
    if c.from.is_zero() {
        return "上年度无该项支出".into();
    }
    if c.amount.is_zero() {
        return format!("与上年度决算数{}万元持平", amount(c.from));
    }
    format!("比上年度决算数的{}万元{}", amount(c.from), movement(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn change(from: &str, to: &str) -> Change {
        Change::new(Decimal::from_str(from).unwrap(), Decimal::from_str(to).unwrap())
    }

    #[test]
    fn increases_and_decreases_are_worded_with_positive_numbers() {
        assert_eq!(against_last_year(&change("854.80", "1101.73")), "较上年增加246.93万元，增长28.89%");
        assert_eq!(
            against_budget(&change("14.00", "10.91")),
            "比本年预算数的14.00万元减少3.09万元，下降22.07%"
        );
        assert_eq!(
            against_last_year_actual(&change("4.84", "4.38")),
            "比上年度决算数的4.84万元减少0.46万元，下降9.50%"
        );
    }

    #[test]
    fn zero_bases_are_words() {
        assert_eq!(against_last_year(&change("0", "19.57")), "上年度无该项支出");
        assert_eq!(against_last_year(&change("0", "0")), "上年度和本年度均无该项支出");
        assert_eq!(against_budget(&change("19.57", "19.57")), "与本年预算数19.57万元一致");
        assert_eq!(against_last_year(&change("5", "5")), "与上年持平");
        assert_eq!(against_last_year(&change("5", "0")), "较上年减少5.00万元，下降100.00%");
    }
}
