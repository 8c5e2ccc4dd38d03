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

use serde::Serialize;

use crate::input::{SourceFile, Span};

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
    // Reading the file.
    pub const ENCODING: &str = "J001";
    pub const SYNTAX: &str = "J002";
    pub const UNKNOWN_KEY: &str = "J003";
    pub const MISSING_KEY: &str = "J004";
    pub const WRONG_TYPE: &str = "J005";
    pub const INVALID_VALUE: &str = "J006";
    // Values.
    pub const DECIMALS: &str = "J101";
    pub const NEGATIVE: &str = "J102";
    pub const NOT_WHOLE: &str = "J103";
    pub const YEAR: &str = "J104";
    pub const EMPTY_TEXT: &str = "J105";
    pub const PERCENT_RANGE: &str = "J106";
    pub const STRUCTURE: &str = "J107";
    // Consistency of the figures.
    pub const BUDGET_SPLIT: &str = "J201";
    pub const SCORE_ABOVE_WEIGHT: &str = "J202";
    pub const WEIGHT_TOTAL: &str = "J203";
    pub const EXECUTION_SCORE: &str = "J204";
    pub const PART_ABOVE_TOTAL: &str = "J205";
    pub const OVERSPENT: &str = "J206";
    pub const UNUSED_DATA: &str = "J207";
    // Prose.
    pub const DOUBLED_CHAR: &str = "J301";
    pub const UNBALANCED: &str = "J302";
    pub const HALF_WIDTH: &str = "J303";
    pub const LEFTOVER: &str = "J304";
    pub const STRAY_YEAR: &str = "J305";
    pub const INVISIBLE_CHAR: &str = "J306";
    /// A “【待填写：…】” marker of `jixiao init` still in the file.
    pub const TODO: &str = "J308";
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
            let _ = writeln!(out, "  = 帮助：{help}");
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
    let text = source.line_text(line);
    let (end_line, end_col) = source.line_col(span.end.max(span.start));
    let prefix: String = text.chars().take(col - 1).collect();
    let marked: String = if end_line == line {
        text.chars().skip(col - 1).take(end_col.saturating_sub(col)).collect()
    } else {
        text.chars().skip(col - 1).collect()
    };
    let pad = display_width(&prefix);
    let len = display_width(&marked).max(1);
    let _ = writeln!(out, "{line:>width$} | {text}");
    let marks: String = std::iter::repeat_n(mark, len).collect();
    let _ = writeln!(out, "{:width$} | {:pad$}{marks} {}", "", "", label.unwrap_or(""));
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
