//! Prose lints: typing slips a machine can see. Warnings only: the author's text is never
//! rewritten.

use super::{text_offset, texts};
use crate::diag::{Finding, codes};
use crate::input::{Input, SourceFile, Text};
use crate::render::FontStore;

/// Characters whose doubling is a slip (是是, 的的), unlike real reduplications (常常, 人人).
const FUNCTION_CHARS: &str = "的是了在和与及对将把被从而并或于以其该之所为向";

pub fn check(input: &Input, source: &SourceFile, fonts: &FontStore, out: &mut Vec<Finding>) {
    let year = crate::compute::year_of(input);
    for (text, place) in texts(input) {
        doubled(text, &place, source, out);
        balanced(text, &place, source, out);
        half_width(text, &place, source, out);
        invisible(text, &place, source, fonts, out);
        leftovers(text, &place, source, out);
        super::terms::check(text, &place, source, out);
    }
    for (text, place) in
        [(input.report.intro.as_ref(), "开头段落"), (input.performance().summary.as_ref(), "主要绩效总述")]
    {
        if let Some(text) = text {
            stray_year(text, place, year, source, out);
        }
    }
}

fn doubled(text: &Text, place: &str, source: &SourceFile, out: &mut Vec<Finding>) {
    let chars: Vec<(usize, char)> = text.value.char_indices().collect();
    for i in 1..chars.len() {
        let (at, c) = chars[i];
        if c != chars[i - 1].1 || !FUNCTION_CHARS.contains(c) {
            continue;
        }
        // AABB reduplication: 实实在在, 的的确确.
        let aabb_before = i >= 3 && chars[i - 2].1 == chars[i - 3].1;
        let aabb_after = i + 2 < chars.len() && chars[i + 1].1 == chars[i + 2].1;
        if aabb_before || aabb_after {
            continue;
        }
        let start = chars[i - 1].0;
        let span = text_offset(source, text, start);
        let end = text_offset(source, text, at).end;
        out.push(
            Finding::warning(codes::DOUBLED_CHAR, format!("{place}中“{c}{c}”重复了一个字"))
                .at(span.start..end)
                .label("多了一个字？")
                .help(format!("如果是笔误，删去一个“{c}”")),
        );
    }
}

fn balanced(text: &Text, place: &str, source: &SourceFile, out: &mut Vec<Finding>) {
    const PAIRS: [(char, char); 6] =
        [('“', '”'), ('‘', '’'), ('（', '）'), ('《', '》'), ('【', '】'), ('(', ')')];
    let mut stack: Vec<(usize, char)> = Vec::new();
    for (at, c) in text.value.char_indices() {
        if PAIRS.iter().any(|(o, _)| *o == c) {
            stack.push((at, c));
        } else if let Some((open, _)) = PAIRS.iter().find(|(_, cl)| *cl == c) {
            match stack.last() {
                Some((_, top)) if top == open => {
                    stack.pop();
                }
                Some((top_at, top)) => {
                    let span = text_offset(source, text, *top_at);
                    let end = text_offset(source, text, at).end;
                    out.push(
                        Finding::warning(
                            codes::UNBALANCED,
                            format!("{place}中的 {top} 与 {c} 不配对：{}开头，{}结尾", kind(*top), kind(c)),
                        )
                        .at(span.start..end)
                        .label(format!("{top} … {c}"))
                        .help(format!(
                            "开头的“{top}”应与“{}”配对，或结尾应为“{}”",
                            close_of(*top),
                            c
                        )),
                    );
                    stack.pop();
                }
                None => out.push(
                    Finding::warning(codes::UNBALANCED, format!("{place}中的 {c} 前面没有对应的 {open}"))
                        .at(text_offset(source, text, at))
                        .label("多余或缺少开头")
                        .help(format!("补上“{open}”或删去“{c}”")),
                ),
            }
        }
    }
    for (at, c) in stack {
        out.push(
            Finding::warning(codes::UNBALANCED, format!("{place}中的 {c} 没有闭合"))
                .at(text_offset(source, text, at))
                .label("没有闭合")
                .help(format!("在适当位置补上“{}”", close_of(c))),
        );
    }
}

fn kind(c: char) -> &'static str {
    match c {
        '“' | '”' => "双引号",
        '‘' | '’' => "单引号",
        '（' | '）' | '(' | ')' => "括号",
        '《' | '》' => "书名号",
        _ => "方括号",
    }
}

fn close_of(c: char) -> char {
    match c {
        '“' => '”',
        '‘' => '’',
        '（' => '）',
        '《' => '》',
        '【' => '】',
        _ => ')',
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

fn half_width(text: &Text, place: &str, source: &SourceFile, out: &mut Vec<Finding>) {
    let chars: Vec<(usize, char)> = text.value.char_indices().collect();
    // The colon of a reference (`{总支出:数}`) is not the sentence's punctuation.
    let references: Vec<std::ops::Range<usize>> = crate::compute::refs::scan(&text.value)
        .into_iter()
        .filter_map(|p| match p {
            crate::compute::refs::Piece::Ref { at, .. } => Some(at),
            _ => None,
        })
        .collect();
    for i in 1..chars.len() {
        let (at, c) = chars[i];
        if references.iter().any(|r| r.contains(&at)) {
            continue;
        }
        let full = match c {
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '?' => '？',
            '!' => '！',
            _ => continue,
        };
        let after_cjk = is_cjk(chars[i - 1].1);
        let before_cjk = chars.get(i + 1).is_some_and(|(_, n)| is_cjk(*n));
        if after_cjk && (before_cjk || i + 1 == chars.len()) {
            out.push(
                Finding::warning(codes::HALF_WIDTH, format!("{place}中文句子里用了半角标点“{c}”"))
                    .at(text_offset(source, text, at))
                    .label("半角")
                    .help(format!("改为全角“{full}”")),
            );
        }
    }
}

fn invisible(text: &Text, place: &str, source: &SourceFile, fonts: &FontStore, out: &mut Vec<Finding>) {
    for (at, c) in text.value.char_indices() {
        let u = c as u32;
        let what = if matches!(u, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFEFF)
        {
            "看不见的格式字符"
        } else if c.is_control() && c != '\n' && c != '\t' {
            "控制字符"
        } else if matches!(u, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF) && !fonts.covers(c) {
            // An office's own font (造字) may put characters here; without one, nothing prints.
            "私用区字符（没有字体能显示它）"
        } else if !c.is_whitespace() && !fonts.covers(c) {
            out.push(
                Finding::error(codes::NO_GLYPH, format!("{place}中的“{c}”（U+{u:04X}）没有字体能显示"))
                    .at(text_offset(source, text, at))
                    .label(format!("U+{u:04X}"))
                    .help("换成常用字形；如确需此字，请用 --font-path 提供包含它的字体"),
            );
            continue;
        } else {
            continue;
        };
        let f = if what.starts_with("私用区") {
            Finding::error(codes::INVISIBLE_CHAR, format!("{place}中有{what} U+{u:04X}"))
        } else {
            Finding::warning(codes::INVISIBLE_CHAR, format!("{place}中有{what} U+{u:04X}"))
        };
        let help = if what.starts_with("私用区") {
            "私用区字符多来自自造字或特殊输入法，PDF 中无法显示：换成标准汉字"
        } else {
            "多半是从网页或 Word 复制时带进来的：删去它，必要时重新输入这几个字"
        };
        out.push(f.at(text_offset(source, text, at)).label(format!("U+{u:04X}")).help(help));
    }
}

fn leftovers(text: &Text, place: &str, source: &SourceFile, out: &mut Vec<Finding>) {
    for needle in ["参考提纲", "XX", "××", "ＸＸ", "（此处", "[请填写", "待补充"] {
        if let Some(at) = text.value.find(needle) {
            let start = text_offset(source, text, at).start;
            out.push(
                Finding::warning(codes::LEFTOVER, format!("{place}中有模板留下的“{needle}”"))
                    .at(start..start + needle.len())
                    .help("换成实际内容"),
            );
        }
    }
    // A row named “……” is the printed form's own empty row.
    let form_row =
        matches!(place, "绩效指标名称" | "附件1的行名") && crate::compute::is_placeholder_name(&text.value);
    if place != "绩效指标名称"
        && !form_row
        && let Some(at) = text.value.find("……")
    {
        out.push(
            Finding::warning(codes::LEFTOVER, format!("{place}中有“……”，像是没写完"))
                .at(text_offset(source, text, at))
                .help("补全内容，或删去省略号"),
        );
    }
}

/// A “20XX年度” in the opening that is not the report's year: last year's text left in.
fn stray_year(text: &Text, place: &str, year: i64, source: &SourceFile, out: &mut Vec<Finding>) {
    let v = &text.value;
    for (at, _) in v.match_indices("年度") {
        let Some(digits) = v.get(at.saturating_sub(4)..at) else {
            continue;
        };
        if let Ok(y) = digits.parse::<i64>()
            && y != year
            && (1990..2200).contains(&y)
        {
            out.push(
                Finding::warning(codes::STRAY_YEAR, format!("{place}写的是{y}年度，报告年度是{year}年"))
                    .at(text_offset(source, text, at - 4))
                    .label("年度不符")
                    .help("是否沿用了往年的文字？"),
            );
        }
    }
}
