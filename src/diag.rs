//! Findings: what is wrong (or worth a look), where in the file, and what to do.
//!
//! Shown the way rustc and cargo show diagnostics, in Chinese:
//!
//! ```text
//! 错误[J201]：基本支出各项之和与合计不符
//!   --> inputs/x.toml:35:10
//!    |
//! 35 | actual = 976.21
//!    |          ^^^^^^ 人员经费
//!    = 帮助：…
//! ```

use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

/// A byte range in the source file (`input::Span`).
type Span = Range<usize>;

/// The text of an input file and where it came from; findings are shown against it. Here, not
/// in `input`, so that `diag` needs nothing of `input` (which reports its own findings).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (shown in messages).
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { path: path.into(), text, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line + 1, col)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// How bad a finding is. Errors stop a build; warnings and notes are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Note => "提示",
        }
    }
}

/// Stable codes, one per rule, so that a finding can be looked up and allowed by name.
pub mod codes {
    /// Every code with what it is about, for `allow` and for looking a code up.
    pub const ALL: &[(&str, &str)] = &[
        (ENCODING, "文件编码不是 UTF-8"),
        (SYNTAX, "TOML 格式错误"),
        (UNKNOWN_KEY, "不认识的键"),
        (MISSING_KEY, "缺少必填的键"),
        (WRONG_TYPE, "值的类型不对"),
        (INVALID_VALUE, "值不可用"),
        (ALLOW, "allow 写法有误"),
        (DECIMALS, "小数位太多"),
        (NEGATIVE, "不应为负数"),
        (NOT_WHOLE, "应为整数"),
        (YEAR, "年度不对"),
        (EMPTY_TEXT, "必填文字是空的"),
        (PERCENT_RANGE, "百分数超出范围"),
        (STRUCTURE, "结构有误"),
        (TOO_LARGE, "文件或段落太大"),
        (TITLE_WIDTH, "标题一行太长"),
        (MISSING_SECTION, "缺少要印的部分所需的数据"),
        (UNKNOWN_REFERENCE, "引用了没有的数字"),
        (BUDGET_SPLIT, "预算的两种分法与全年预算数不符"),
        (SCORE_ABOVE_WEIGHT, "得分与分值不符"),
        (WEIGHT_TOTAL, "分值合计不是 100"),
        (EXECUTION_SCORE, "预算执行率得分与评分规则不符"),
        (PART_ABOVE_TOTAL, "“其中”项大于合计"),
        (OVERSPENT, "支出超过预算或人数超过编制"),
        (UNUSED_DATA, "数据没有用上"),
        (PREVIOUS_YEAR, "上年数与上年的报告不符"),
        (COUNT_MISMATCH, "写的个数与名单不符"),
        (DUPLICATE_NAME, "名单中有重复"),
        (COEFFICIENT, "得分与得分系数不符"),
        (STATED, "写明的数字与算出的不符"),
        (DOUBLED_CHAR, "重复的字"),
        (UNBALANCED, "引号或括号不配对"),
        (HALF_WIDTH, "中文里的半角标点"),
        (LEFTOVER, "模板留下的文字"),
        (STRAY_YEAR, "年度与报告年度不符"),
        (INVISIBLE_CHAR, "看不见的字符或私用区字符"),
        (NO_GLYPH, "没有字体能显示的字"),
        (TODO, "还有待填写的内容"),
        (FORMULATION, "规范提法有误"),
    ];

    // Reading the file.
    pub const ENCODING: &str = "J001";
    pub const SYNTAX: &str = "J002";
    pub const UNKNOWN_KEY: &str = "J003";
    pub const MISSING_KEY: &str = "J004";
    pub const WRONG_TYPE: &str = "J005";
    pub const INVALID_VALUE: &str = "J006";
    pub const ALLOW: &str = "J007";
    // Values.
    pub const DECIMALS: &str = "J101";
    pub const NEGATIVE: &str = "J102";
    pub const NOT_WHOLE: &str = "J103";
    pub const YEAR: &str = "J104";
    pub const EMPTY_TEXT: &str = "J105";
    pub const PERCENT_RANGE: &str = "J106";
    pub const STRUCTURE: &str = "J107";
    pub const TOO_LARGE: &str = "J108";
    pub const TITLE_WIDTH: &str = "J109";
    /// A part or block that prints needs a section the file leaves out.
    pub const MISSING_SECTION: &str = "J110";
    /// A `{键}` in a text that names no printed figure.
    pub const UNKNOWN_REFERENCE: &str = "J111";
    // Consistency of the figures.
    pub const BUDGET_SPLIT: &str = "J201";
    pub const SCORE_ABOVE_WEIGHT: &str = "J202";
    pub const WEIGHT_TOTAL: &str = "J203";
    pub const EXECUTION_SCORE: &str = "J204";
    pub const PART_ABOVE_TOTAL: &str = "J205";
    pub const OVERSPENT: &str = "J206";
    pub const UNUSED_DATA: &str = "J207";
    /// Needs the report of the year before: `jixiao check 上年.toml 本年.toml`.
    pub const PREVIOUS_YEAR: &str = "J208";
    /// A stated count (内设机构16个) against the list it counts.
    pub const COUNT_MISMATCH: &str = "J209";
    /// A name listed twice.
    pub const DUPLICATE_NAME: &str = "J210";
    /// A score against 权重 × 得分系数.
    pub const COEFFICIENT: &str = "J211";
    /// A `[stated]` figure that the inputs give otherwise.
    pub const STATED: &str = "J212";
    // Prose.
    pub const DOUBLED_CHAR: &str = "J301";
    pub const UNBALANCED: &str = "J302";
    pub const HALF_WIDTH: &str = "J303";
    pub const LEFTOVER: &str = "J304";
    pub const STRAY_YEAR: &str = "J305";
    pub const INVISIBLE_CHAR: &str = "J306";
    pub const NO_GLYPH: &str = "J307";
    /// A “【待填写：…】” marker of `jixiao init` still in the file.
    pub const TODO: &str = "J308";
    /// 规范提法: a fixed formulation with one character wrong, or 党的19大.
    pub const FORMULATION: &str = "J309";
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    /// Where in the file; `None` for findings about the file as a whole.
    #[serde(skip)]
    pub span: Option<Span>,
    /// What the underline says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Other places that take part (the other side of a sum, …).
    #[serde(skip)]
    pub related: Vec<(Span, String)>,
    /// What to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Finding {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Finding {
            severity,
            code,
            message: message.into(),
            span: None,
            label: None,
            related: Vec::new(),
            help: None,
        }
    }
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
    }
    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn also(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column` of the finding, 1-based, column in characters.
    pub fn location(&self, source: &SourceFile) -> Option<(usize, usize)> {
        self.span.as_ref().map(|s| source.line_col(s.start))
    }

    /// The finding as text, with the source lines underlined.
    pub fn render(&self, source: &SourceFile) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(out, "{}[{}]：{}", self.severity.label(), self.code, self.message);
        let path = source.path.display();
        match &self.span {
            Some(span) => {
                let (line, col) = source.line_col(span.start);
                let _ = writeln!(out, "  --> {path}:{line}:{col}");
                let mut places: Vec<(&Span, Option<&str>, char)> = vec![(span, self.label.as_deref(), '^')];
                places.extend(self.related.iter().map(|(s, l)| (s, Some(l.as_str()), '-')));
                let width = places
                    .iter()
                    .map(|(s, _, _)| source.line_col(s.start).0.to_string().len())
                    .max()
                    .unwrap_or(1);
                let _ = writeln!(out, "{:width$} |", "");
                for (span, label, mark) in places {
                    underline(&mut out, source, span, label, mark, width);
                }
            }
            None => {
                let _ = writeln!(out, "  --> {path}");
            }
        }
        if let Some(help) = &self.help {
            let width = self
                .span
                .iter()
                .chain(self.related.iter().map(|(s, _)| s))
                .map(|s| source.line_col(s.start).0.to_string().len())
                .max()
                .unwrap_or(1);
            let _ = writeln!(out, "{:width$} = 帮助：{help}", "");
        }
        out
    }
}

fn underline(
    out: &mut String,
    source: &SourceFile,
    span: &Span,
    label: Option<&str>,
    mark: char,
    width: usize,
) {
    use std::fmt::Write;
    let (line, col) = source.line_col(span.start);
    // Invisible and direction-changing characters would garble the terminal (or hide what is
    // wrong): each is shown as one replacement character, which keeps the columns.
    let text: Vec<char> = source.line_text(line).chars().map(visible).collect();
    let (end_line, end_col) = source.line_col(span.end.max(span.start));
    let first = col - 1;
    let last = if end_line == line { (end_col - 1).max(first) } else { text.len() };
    // Long lines (a paragraph is one line of TOML) are shown as a window around the place.
    let (from, to) = if display_width(&text.iter().collect::<String>()) > 100 {
        (first.saturating_sub(WINDOW), (last + WINDOW).min(text.len()))
    } else {
        (0, text.len())
    };
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < text.len() { "…" } else { "" };
    let shown: String = text[from..to].iter().collect();
    let prefix: String = text[from..first.min(text.len())].iter().collect();
    let marked: String = text[first.min(text.len())..last.min(text.len())].iter().collect();
    let pad = display_width(lead) + display_width(&prefix);
    let len = display_width(&marked).max(1);
    let _ = writeln!(out, "{line:>width$} | {lead}{shown}{tail}");
    let marks: String = std::iter::repeat_n(mark, len).collect();
    let marked_line = format!("{:width$} | {:pad$}{marks} {}", "", "", label.unwrap_or(""));
    let _ = writeln!(out, "{}", marked_line.trim_end());
}

/// Characters shown on each side of the place in a long line.
const WINDOW: usize = 24;

fn visible(c: char) -> char {
    let u = c as u32;
    if (c.is_control() && c != '\t')
        || matches!(u, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF | 0xE000..=0xF8FF)
    {
        '\u{FFFD}'
    } else {
        c
    }
}

/// Terminal columns of a string: CJK and full-width characters take two.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u)
                || (0x20000..=0x3FFFD).contains(&u);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// Machine-readable form of a finding for `check --format json`.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    pub severity: Severity,
    pub code: &'a str,
    pub message: &'a str,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<&'a str>,
}

impl<'a> JsonFinding<'a> {
    pub fn new(f: &'a Finding, source: &SourceFile) -> Self {
        let loc = f.location(source);
        JsonFinding {
            severity: f.severity,
            code: f.code,
            message: &f.message,
            file: source.path.display().to_string(),
            line: loc.map(|l| l.0),
            column: loc.map(|l| l.1),
            help: f.help.as_deref(),
        }
    }
}
