//! 规范提法: the fixed formulations of the Party and the State that an official document must
//! write exactly. A slip of one character in them is what a reviewer calls a 政治性差错, and
//! it happens: the published 2020 report of the seed writes “习近平新时代中国特设社会主义思想”.
//!
//! Two rules, both warnings (a quotation may need the text as it was):
//! - a formulation with exactly one ideograph wrong (the usual slip of a pinyin input method:
//!   特色 → 特设, 主义 → 主意). Only long formulations are listed, and none that has a legitimate
//!   sibling one character away (全面从严治党 / 全面从严治警, 党史学习教育 / 党纪学习教育);
//! - Arabic digits in the name of a Party congress or plenary session (党的19大, 十九届5中全会):
//!   these are written with Chinese numerals (GB/T 15835).

use super::text_offset;
use crate::diag::{Finding, codes};
use crate::input::{SourceFile, Text};

/// The formulations checked, each as the documents write it. Only those whose every
/// one-character variant is a slip: not 意识形态工作责任制 (责任清单, 责任书 are other things),
/// not 部门整体支出绩效评价 (评估, 评分表), and with the verb left out where documents vary it
/// (推进 or 推动 国家治理体系…).
const FORMULATIONS: &[&str] = &[
    "习近平新时代中国特色社会主义思想",
    "中国特色社会主义",
    "社会主义核心价值观",
    "中央八项规定精神",
    "新时代党的组织路线",
    "新时代党的建设总要求",
    "马克思列宁主义",
    "全心全意为人民服务",
    "以人民为中心的发展思想",
    "铸牢中华民族共同体意识",
    "国家治理体系和治理能力现代化",
    "全面实施预算绩效管理",
    "党政机关要习惯过紧日子",
];

/// Correct formulations one character away from a listed one, where they start: a text that
/// has one of these at a place is not a slip there.
const SIBLINGS: &[&str] = &["社会主义核心价值体系"];

pub fn check(text: &Text, place: &str, source: &SourceFile, out: &mut Vec<Finding>) {
    let chars: Vec<(usize, char)> = text.value.char_indices().collect();
    let mut reported: Vec<(usize, usize)> = Vec::new();
    for phrase in FORMULATIONS {
        let want: Vec<char> = phrase.chars().collect();
        if chars.len() < want.len() {
            continue;
        }
        for start in 0..=chars.len() - want.len() {
            let window = &chars[start..start + want.len()];
            let mut wrong = window.iter().zip(&want).filter(|((_, got), w)| got != *w);
            let Some(((_, got), right)) = wrong.next() else { continue };
            if wrong.next().is_some() || !is_ideograph(*got) {
                continue;
            }
            let (from, to) = (window[0].0, end_of(&chars, start + want.len(), &text.value));
            if SIBLINGS.iter().any(|sibling| text.value[from..].starts_with(sibling)) {
                continue;
            }
            // A longer formulation already reported here covers this one.
            if reported.iter().any(|&(a, b)| a <= from && to <= b) {
                continue;
            }
            reported.push((from, to));
            let written = &text.value[from..to];
            let last = window[want.len() - 1].0;
            let span = text_offset(source, text, from).start..text_offset(source, text, last).end;
            out.push(
                Finding::warning(codes::FORMULATION, format!("{place}中“{written}”应为“{phrase}”"))
                    .at(span)
                    .label(format!("“{got}”应为“{right}”"))
                    .help("这是规范提法，一字不能错；如确为引用原文，用 [[allow]] 写明原因"),
            );
        }
    }
    congress_numerals(text, place, source, out);
}

/// 党的19大, 19届5中全会 → 党的十九大, 十九届五中全会.
fn congress_numerals(text: &Text, place: &str, source: &SourceFile, out: &mut Vec<Finding>) {
    let v = &text.value;
    let mut found: Vec<(usize, usize)> = Vec::new();
    // “党的19大”: digits between 党的 and 大.
    for (at, _) in v.match_indices("党的") {
        let rest = &v[at + "党的".len()..];
        let digits = leading_digits(rest);
        if !digits.is_empty() && rest[digits.len()..].starts_with('大') {
            found.push((at, at + "党的".len() + digits.len() + '大'.len_utf8()));
        }
    }
    // “19届5中全会”, “十九届5中全会”, “19届五中全会”.
    for (at, _) in v.match_indices("中全会") {
        let before = &v[..at];
        let session = trailing(before, |c| is_digit(c) || is_chinese_numeral(c));
        let Some(head) = before[..before.len() - session.len()].strip_suffix('届') else { continue };
        let congress = trailing(head, |c| is_digit(c) || is_chinese_numeral(c));
        if session.chars().chain(congress.chars()).any(is_digit)
            && !session.is_empty()
            && !congress.is_empty()
        {
            found.push((head.len() - congress.len(), at + "中全会".len()));
        }
    }
    for (from, to) in found {
        let written = &v[from..to];
        let right = chinese_numerals(written);
        out.push(
            Finding::warning(codes::FORMULATION, format!("{place}中“{written}”应写作“{right}”"))
                .at(text_offset(source, text, from).start..text_offset(source, text, last_char(v, to)).end)
                .label("用汉字数字")
                .help("党的代表大会和全会的届次用汉字数字（GB/T 15835）"),
        );
    }
}

/// The start of the last character before byte `end`.
fn last_char(v: &str, end: usize) -> usize {
    v[..end].char_indices().last().map_or(0, |(i, _)| i)
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{3134F}')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_chinese_numeral(c: char) -> bool {
    "〇一二三四五六七八九十".contains(c)
}

/// The byte offset where the `n`-th character starts (the end of the text after the last).
fn end_of(chars: &[(usize, char)], n: usize, text: &str) -> usize {
    chars.get(n).map_or(text.len(), |(at, _)| *at)
}

fn leading_digits(s: &str) -> &str {
    let end = s.char_indices().find(|(_, c)| !is_digit(*c)).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

fn trailing(s: &str, keep: impl Fn(char) -> bool) -> &str {
    let start = s.char_indices().rev().take_while(|(_, c)| keep(*c)).last().map_or(s.len(), |(i, _)| i);
    &s[start..]
}

/// Every run of digits in `s` as a Chinese numeral: 19 → 十九, 20 → 二十, 5 → 五, 105 → 一〇五.
fn chinese_numerals(s: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if !digits.is_empty() {
            out.push_str(&numeral(digits));
            digits.clear();
        }
    };
    for c in s.chars() {
        match c.to_digit(10).or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32)) {
            Some(d) => digits.push(char::from_digit(d, 10).unwrap_or('0')),
            None => {
                flush(&mut digits, &mut out);
                out.push(c);
            }
        }
    }
    flush(&mut digits, &mut out);
    out
}

fn numeral(digits: &str) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let d: Vec<usize> = digits.bytes().map(|b| (b - b'0') as usize).collect();
    match d.as_slice() {
        [x] => D[*x].to_string(),
        [1, 0] => "十".into(),
        [1, y] => format!("十{}", D[*y]),
        [x, 0] => format!("{}十", D[*x]),
        [x, y] => format!("{}十{}", D[*x], D[*y]),
        _ => d.iter().map(|x| D[*x]).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::load_str;

    /// The findings of J309 for one paragraph (the seed's intro replaced by it).
    fn found(paragraph: &str) -> Vec<String> {
        let seed =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/inputs/yiyang-zuzhibu-2020.toml"))
                .unwrap();
        let start = seed.find("intro = \"").unwrap() + "intro = \"".len();
        let end = start + seed[start..].find('"').unwrap();
        let text = format!("{}{paragraph}{}", &seed[..start], &seed[end..]);
        let (source, input) = load_str("t.toml", &text).unwrap();
        let mut out = Vec::new();
        check(input.report.intro.as_ref().unwrap(), "开头段落", &source, &mut out);
        out.iter()
            .map(|f| format!("{} @{}", f.message, source.line_col(f.span.clone().unwrap().start).1))
            .collect()
    }

    #[test]
    fn one_wrong_character_in_a_formulation_is_found_once_where_it_is() {
        assert_eq!(
            found("学习习近平新时代中国特设社会主义思想。"),
            ["开头段落中“习近平新时代中国特设社会主义思想”应为“习近平新时代中国特色社会主义思想” @12"]
        );
        assert_eq!(
            found("践行社会主义核心价值关"),
            ["开头段落中“社会主义核心价值关”应为“社会主义核心价值观” @12"]
        );
        // Right, two characters off, or another word altogether: nothing.
        assert!(found("坚持和发展中国特色社会主义，践行社会主义核心价值观。").is_empty());
        assert!(found("中国特设社会注义").is_empty());
        assert!(found("全面从严治警，党纪学习教育").is_empty());
        // Formulations of their own, one character from a listed one.
        for fine in [
            "建设社会主义核心价值体系",
            "落实意识形态工作责任清单",
            "签订意识形态工作责任书",
            "推动国家治理体系和治理能力现代化",
            "部门整体支出绩效评估",
            "部门整体支出绩效评分表",
        ] {
            assert!(found(fine).is_empty(), "{fine}: {:?}", found(fine));
        }
        // A homophone slip of the fiscal kind, too.
        assert_eq!(
            found("全面实施预算绩效管里"),
            ["开头段落中“全面实施预算绩效管里”应为“全面实施预算绩效管理” @10"]
        );
    }

    #[test]
    fn arabic_digits_in_congress_names_are_found_and_spelled_out() {
        assert_eq!(
            found("贯彻党的19大和十九届5中全会精神"),
            [
                "开头段落中“党的19大”应写作“党的十九大” @12",
                "开头段落中“十九届5中全会”应写作“十九届五中全会” @18"
            ]
        );
        assert_eq!(found("党的１９大"), ["开头段落中“党的１９大”应写作“党的十九大” @10"]);
        // Written right, or not a congress at all.
        for fine in ["党的十九大和十九届五中全会", "5中全会", "届5中全会", "党的", "党的19", "中全会", "19届"]
        {
            assert!(found(fine).is_empty(), "{fine}: {:?}", found(fine));
        }
    }

    #[test]
    fn numerals_as_the_documents_write_them() {
        assert_eq!(chinese_numerals("党的19大"), "党的十九大");
        assert_eq!(chinese_numerals("党的20大"), "党的二十大");
        assert_eq!(chinese_numerals("19届5中全会"), "十九届五中全会");
        assert_eq!(chinese_numerals("十九届５中全会"), "十九届五中全会");
        assert_eq!(chinese_numerals("党的10大"), "党的十大");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 300,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]
        /// Any mix of the pieces the rules look for never panics (the first version sliced
        /// inside a character), and every finding's place lies inside the text.
        #[test]
        fn never_panics_on_pieces_of_the_patterns(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "党的", "届", "中全会", "大", "十九", "五", "1", "9", "１", "９", "〇", "特色", "特设",
                "中国", "社会主义", "思想", "习近平新时代", "，", "a", "𠀀", "观", "关",
            ]), 0..24)
        ) {
            let paragraph: String = pieces.concat();
            let _ = found(&paragraph);
        }
    }
}
