//! References: `{键}` in any text prints a figure of the registry as it prints elsewhere.
//!
//! A report words its sentences its own way (增加 where a block says 增长, 人 where it says
//! 名). With a reference the figure in such a sentence is still jixiao's: computed, checked,
//! and named by `diff` and the 更正说明 when it changes. The forms:
//!
//! | written | prints (for “减少21.82万元”) |
//! |---|---|
//! | `{三公.公务接待费.比上年.增减额}` | 减少21.82万元 (as it prints elsewhere) |
//! | `{…:数}` | 21.82 (the number alone, without direction word or unit) |
//! | `{…:带单位}` | 21.82万元 |
//! | `{…:增减}` | 减少 (增加 or 减少) |
//! | `{…:升降}` | 下降 (增长 or 下降) |
//!
//! `{年度}`, `{上年}`, `{单位}`, `{单位全称}`, `{简称}` work everywhere too. `{{` and `}}` print
//! a brace. A brace that does not enclose a name (spaces, nothing, no closing brace) prints as
//! written, so prose with braces is left alone; `check` reports a name that is not a key (J111),
//! with the nearest keys.
//!
//! The parts are read off the printed text, which `compute::num` words in one fixed shape
//! (direction word, number, unit): a reference cannot disagree with the figure it names.

/// One piece of a text: as written, or a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Literal(&'a str),
    /// `{{` or `}}`: one brace.
    Brace(&'a str),
    Ref {
        key: &'a str,
        part: Option<&'a str>,
        /// Byte range of the whole `{…}` in the text.
        at: std::ops::Range<usize>,
    },
}

/// The placeholders that work in every text besides the figures.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("年度", "报告年度"),
    ("上年", "上一年度"),
    ("单位", "单位名称"),
    ("单位全称", "单位全称"),
    ("简称", "单位简称"),
    ("等级图例", "评价等级的分数线（句式“等级图例”）"),
];

/// The parts a reference may ask for.
pub const PARTS: &[(&str, &str)] = &[
    ("数", "数字本身（不带增减词和单位）"),
    ("带单位", "数字和单位"),
    ("增减", "增加或减少"),
    ("升降", "增长或下降"),
];

/// Splits `text` into literals, braces and references.
pub fn scan(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut literal_start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let rest = &text[i..];
        let brace = if rest.starts_with("{{") || rest.starts_with("}}") { Some(2) } else { None };
        if let Some(n) = brace {
            if literal_start < i {
                out.push(Piece::Literal(&text[literal_start..i]));
            }
            out.push(Piece::Brace(&text[i..i + 1]));
            i += n;
            literal_start = i;
            continue;
        }
        if bytes[i] == b'{'
            && let Some(close) = rest[1..].find('}')
        {
            let inner = &rest[1..1 + close];
            if is_name(inner) {
                if literal_start < i {
                    out.push(Piece::Literal(&text[literal_start..i]));
                }
                let (key, part) = match inner.split_once(':') {
                    Some((k, p)) => (k, Some(p)),
                    None => (inner, None),
                };
                let end = i + close + 2;
                out.push(Piece::Ref { key, part, at: i..end });
                i = end;
                literal_start = i;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    if literal_start < text.len() {
        out.push(Piece::Literal(&text[literal_start..]));
    }
    out
}

/// What may stand between braces: a key (letters of any script, digits, `.`, `_`, `-`,
/// parentheses) and at most one `:part`; never spaces or another brace, so that prose and code
/// in braces stay prose.
fn is_name(inner: &str) -> bool {
    !inner.is_empty()
        && inner.chars().count() <= 80
        && inner.matches(':').count() <= 1
        && !inner.starts_with(':')
        && !inner.ends_with(':')
        && inner.chars().all(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '{' | '}' | '"' | '\'' | '#' | '$' | '<' | '>' | '\\' | '/' | ',' | '，' | '。'
                )
        })
}

/// Whether `text` holds a reference or a doubled brace (most texts do not: nothing to do).
pub fn has_any(text: &str) -> bool {
    scan(text).iter().any(|p| !matches!(p, Piece::Literal(_)))
}

/// `text` with every reference `lookup` knows replaced by what it prints; an unknown one is
/// left as written (`check` reports it and the build stops).
pub fn resolve(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    if !text.contains(['{', '}']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for piece in scan(text) {
        match piece {
            Piece::Literal(s) | Piece::Brace(s) => out.push_str(s),
            Piece::Ref { key, part, at } => match lookup(key).and_then(|t| part_of(&t, part)) {
                Some(t) => out.push_str(&t),
                None => out.push_str(&text[at]),
            },
        }
    }
    out
}

/// The part `part` of a figure printed as `printed`; `None` for a part it does not have.
pub fn part_of(printed: &str, part: Option<&str>) -> Option<String> {
    let Some(part) = part else { return Some(printed.to_string()) };
    let shape = Shape::of(printed);
    match part {
        "数" => shape.number.map(str::to_string),
        "带单位" => shape.number.map(|n| format!("{n}{}", shape.unit)),
        "增减" => shape.up.map(|up| if up { "增加" } else { "减少" }.to_string()),
        "升降" => shape.up.map(|up| if up { "增长" } else { "下降" }.to_string()),
        _ => None,
    }
}

/// `printed` with its number replaced by `value` at the same number of decimal places (the
/// figure's format): “减少21.82万元” stated as 21.8 prints “减少21.80万元”. A text without a
/// number is replaced whole.
pub fn restate(printed: &str, value: rust_decimal::Decimal) -> String {
    let shape = Shape::of(printed);
    let Some(number) = shape.number else { return value.to_string() };
    let places = number.split_once('.').map_or(0, |(_, d)| d.len()) as u32;
    let shown =
        value.abs().round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let shown = format!("{:.*}", places as usize, shown);
    let at = printed.find(number).unwrap_or(0);
    format!("{}{shown}{}", &printed[..at], &printed[at + number.len()..])
}

/// The number a printed figure shows, as a decimal (for comparing with a stated one).
pub fn number_of(printed: &str) -> Option<rust_decimal::Decimal> {
    Shape::of(printed).number.and_then(|n| n.replace(',', "").parse().ok())
}

/// A printed figure taken apart: “减少21.82万元” → down, “21.82”, “万元”.
struct Shape<'a> {
    up: Option<bool>,
    number: Option<&'a str>,
    unit: &'a str,
}

const UP: &[&str] = &["增加", "增长", "提高", "上升", "多"];
const DOWN: &[&str] = &["减少", "下降", "降低", "少"];

impl<'a> Shape<'a> {
    fn of(text: &'a str) -> Shape<'a> {
        let mut rest = text.trim();
        let mut up = None;
        if let Some(w) = UP.iter().find(|w| rest.starts_with(**w)) {
            up = Some(true);
            rest = &rest[w.len()..];
        } else if let Some(w) = DOWN.iter().find(|w| rest.starts_with(**w)) {
            up = Some(false);
            rest = &rest[w.len()..];
        } else if let Some(r) = rest.strip_prefix(['-', '−']) {
            up = Some(false);
            rest = r;
        } else if let Some(r) = rest.strip_prefix('+') {
            up = Some(true);
            rest = r;
        }
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(rest.len());
        let number = (end > 0).then(|| &rest[..end]);
        Shape { up, number, unit: rest[end..].trim() }
    }
}

/// The keys nearest to `name` (for “did you mean”): by shared characters, then by length.
pub fn nearest<'a>(name: &str, keys: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let want: Vec<char> = name.chars().collect();
    let mut scored: Vec<(usize, &str)> = keys
        .map(|k| {
            let distance = levenshtein(&want, &k.chars().collect::<Vec<_>>());
            (distance, k)
        })
        .filter(|(d, k)| *d <= want.len().max(k.chars().count()) / 2 + 1)
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

/// “是不是 {a}、{b}？” for the keys nearest to `name`, or nothing when none is near.
pub fn did_you_mean<'a>(name: &str, keys: impl Iterator<Item = &'a str>) -> String {
    let near: Vec<String> = nearest(name, keys).iter().map(|k| format!("{{{k}}}")).collect();
    if near.is_empty() { String::new() } else { format!("是不是 {}？", near.join("、")) }
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(key: &str) -> Option<String> {
        match key {
            "三公.公务接待费.比上年.增减额" => Some("减少21.82万元".into()),
            "总收入" => Some("1706.98万元".into()),
            "预算执行率" => Some("96%".into()),
            "年度" => Some("2020".into()),
            _ => None,
        }
    }

    #[test]
    fn a_reference_prints_the_figure_and_its_parts() {
        let r = |t: &str| resolve(t, &lookup);
        assert_eq!(r("同比{三公.公务接待费.比上年.增减额}。"), "同比减少21.82万元。");
        assert_eq!(
            r("{三公.公务接待费.比上年.增减额:增减}了{三公.公务接待费.比上年.增减额:带单位}"),
            "减少了21.82万元"
        );
        assert_eq!(r("{三公.公务接待费.比上年.增减额:升降}{三公.公务接待费.比上年.增减额:数}"), "下降21.82");
        assert_eq!(r("{年度}年收入{总收入:数}万元"), "2020年收入1706.98万元");
        assert_eq!(r("执行率{预算执行率}"), "执行率96%");
    }

    #[test]
    fn braces_that_are_not_references_print_as_written() {
        let r = |t: &str| resolve(t, &lookup);
        assert_eq!(r("{{年度}}"), "{年度}");
        assert_eq!(r("a { b } c"), "a { b } c");
        assert_eq!(r("] [ } { #set page(width: 1cm)"), "] [ } { #set page(width: 1cm)");
        assert_eq!(r("{没有这个键}"), "{没有这个键}", "unknown stays for check to report");
        assert_eq!(r("{总收入:增减}"), "{总收入:增减}", "a part the figure lacks stays too");
        assert_eq!(r("{}"), "{}");
    }

    #[test]
    fn scan_gives_each_reference_its_place() {
        let text = "收入{总收入}，{{注}}";
        let refs: Vec<_> = scan(text).into_iter().filter(|p| matches!(p, Piece::Ref { .. })).collect();
        assert_eq!(refs, vec![Piece::Ref { key: "总收入", part: None, at: 6..17 }]);
        assert_eq!(&text[6..17], "{总收入}");
    }

    #[test]
    fn nearest_keys_share_most_characters() {
        let keys = ["总收入", "总支出", "三公.合计.决算数", "预算执行率"];
        assert_eq!(nearest("总收人", keys.iter().copied()).first(), Some(&"总收入"));
        assert!(nearest("完全不同的名字很长很长", keys.iter().copied()).is_empty());
    }
}
