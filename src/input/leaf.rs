//! Leaf values of the input: numbers read exactly from their TOML literal, and text with its
//! place in the file.
//!
//! The `toml` crate hands floats to serde as `f64`, which would turn `0.1` into
//! 0.1000000000000000055… before we ever see it. `load` therefore rewrites every number
//! literal into a marked string before serde runs, and [`Number`] parses that string with
//! `rust_decimal`: `976.20` in the file is exactly 976.20 in memory.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer};
use serde::{Serialize, Serializer};
use toml::Spanned;

pub use crate::source::Span;

/// Prefix that `load` puts in front of the literal text of every TOML number. It starts with
/// a control character that the TOML grammar forbids in strings, so no author text carries it.
pub(crate) const NUMBER_MARK: &str = "\u{1}num:";

/// Largest magnitude jixiao accepts for any number: a trillion 万元 is far beyond any
/// department's budget, and the bound keeps every sum and product inside `Decimal`.
pub const MAX_MAGNITUDE: i64 = 1_000_000_000_000;

/// Most decimal places any number may carry (amounts are further limited to two by `check`).
pub const MAX_SCALE: u32 = 6;

/// A number as the author wrote it, with its place in the file. The default (0, nowhere) stands
/// for a figure of a section the report leaves out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Number {
    pub value: Decimal,
    pub span: Span,
}

impl Number {
    /// Number of decimal places as written (`14.00` has 2, `14` has 0).
    pub fn scale(&self) -> u32 {
        self.value.scale()
    }
}

/// Text as the author wrote it, with its place in the file. Never markup: it reaches Typst as
/// a string value and prints as itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Text {
    pub value: String,
    pub span: Span,
}

impl Text {
    pub fn as_str(&self) -> &str {
        &self.value
    }
    pub fn is_blank(&self) -> bool {
        self.value.trim().is_empty()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

/// Parses the literal of a TOML number (as given by the parser, underscores already removed)
/// into an exact decimal, or says in Chinese why it cannot.
pub(crate) fn parse_number_literal(raw: &str) -> Result<Decimal, String> {
    let lower = raw.to_ascii_lowercase();
    if lower.contains("nan") || lower.contains("inf") {
        return Err(format!("“{raw}”不是一个具体的数：请填写实际数值"));
    }
    if lower.contains('e') {
        return Err(format!("“{raw}”是科学计数法：请直接写出数值，如 1706.98"));
    }
    let digits = raw.trim_start_matches(['+', '-']);
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    if frac_part.len() > MAX_SCALE as usize {
        return Err(format!("“{raw}”的小数位太多（最多 {MAX_SCALE} 位）：金额以万元为单位，保留两位小数"));
    }
    if int_part.trim_start_matches('0').len() > 13 {
        return Err(format!("“{raw}”太大，不可能是真实的数：请检查单位（万元）和位数"));
    }
    let value: Decimal = raw.trim_start_matches('+').parse().map_err(|_| format!("“{raw}”不是有效的数"))?;
    if value.abs() >= Decimal::from(MAX_MAGNITUDE) {
        return Err(format!("“{raw}”太大，不可能是真实的数：请检查单位（万元）和位数"));
    }
    Ok(value)
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<String>::deserialize(d)?;
        let span = s.span();
        let raw = s.into_inner();
        match raw.strip_prefix(NUMBER_MARK) {
            Some(lit) => {
                parse_number_literal(lit).map(|value| Number { value, span }).map_err(de::Error::custom)
            }
            None if parse_number_literal(raw.trim()).is_ok() => Err(de::Error::custom(format!(
                "这里应填数字，不要加引号：写成 {} 而不是 \"{}\"",
                raw.trim(),
                raw.trim()
            ))),
            None => Err(de::Error::custom(format!(
                "这里应填数字（阿拉伯数字，不加引号），写的是文字“{}”",
                raw.trim()
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<String>::deserialize(d)?;
        let span = s.span();
        let value = s.into_inner();
        match value.strip_prefix(NUMBER_MARK) {
            Some(lit) => Err(de::Error::custom(format!("这里应填文字，请用英文双引号括起来：\"{lit}\""))),
            None => Ok(Text { value, span }),
        }
    }
}

/// Written back (by `jixiao init`) as its literal behind [`NUMBER_MARK`], as `load` hands it to
/// serde: the skeleton's document turns a marked string into the bare literal, so `976.20`
/// stays `976.20`.
impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{NUMBER_MARK}{}", self.value))
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.value)
    }
}

/// A calendar date written as a TOML date (`date = 2021-06-30`).
#[derive(Debug, Clone, PartialEq)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub span: Span,
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<toml::value::Datetime>::deserialize(d)
            .map_err(|_| de::Error::custom("这里应填日期，不加引号，如 2021-06-30"))?;
        let span = s.span();
        let dt = s.into_inner();
        match (dt.date, dt.time) {
            (Some(date), None) => {
                Ok(Date { year: i32::from(date.year), month: date.month, day: date.day, span })
            }
            _ => Err(de::Error::custom("这里只填日期，不要时间，如 2021-06-30")),
        }
    }
}

/// Written back like a number: the bare TOML literal behind [`NUMBER_MARK`].
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{NUMBER_MARK}{:04}-{:02}-{:02}", self.year, self.month, self.day))
    }
}

/// A setting with a fixed set of Chinese spellings, e.g. `level3_numbering = "1、"`.
pub trait Choice: Sized + Copy + 'static {
    /// Every accepted spelling with its value; the first spelling of each value is canonical.
    const CHOICES: &'static [(&'static str, Self)];
}

/// A parsed [`Choice`] with its place in the file.
#[derive(Debug, Clone)]
pub struct Chosen<T> {
    pub value: T,
    pub span: Span,
}

impl<'de, T: Choice> Deserialize<'de> for Chosen<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Text::deserialize(d)?;
        T::CHOICES
            .iter()
            .find(|(name, _)| *name == text.value.trim())
            .map(|(_, value)| Chosen { value: *value, span: text.span.clone() })
            .ok_or_else(|| {
                let names: Vec<String> = T::CHOICES.iter().map(|(n, _)| format!("“{n}”")).collect();
                de::Error::custom(format!("“{}”不是可选的值：只能填 {}", text.value, names.join("、")))
            })
    }
}

impl<T: Choice + PartialEq> Chosen<T> {
    /// The canonical spelling of the value (the first one [`Choice::CHOICES`] lists).
    pub fn spelling(&self) -> &'static str {
        T::CHOICES.iter().find(|(_, v)| *v == self.value).map_or("", |(name, _)| name)
    }
}

impl<T: Choice + PartialEq> Serialize for Chosen<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.spelling())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn literals_are_exact() {
        assert_eq!(parse_number_literal("0.1").unwrap(), Decimal::from_str("0.1").unwrap());
        assert_eq!(parse_number_literal("2326.955").unwrap(), Decimal::from_str("2326.955").unwrap());
        let sum = parse_number_literal("0.1").unwrap() + parse_number_literal("0.2").unwrap();
        assert_eq!(sum.to_string(), "0.3");
        assert_eq!(parse_number_literal("976.20").unwrap().to_string(), "976.20");
    }

    #[test]
    fn impossible_literals_are_refused_in_chinese() {
        assert!(parse_number_literal("nan").unwrap_err().contains("具体的数"));
        assert!(parse_number_literal("+inf").unwrap_err().contains("具体的数"));
        assert!(parse_number_literal("1e5").unwrap_err().contains("科学计数法"));
        assert!(parse_number_literal("123456789012345678901234567890").unwrap_err().contains("太大"));
        assert!(parse_number_literal("1.1234567").unwrap_err().contains("小数位"));
    }
}
