//! diff: what a reader of the PDF will see change between two versions of a report.
//!
//! Public entry: [`diff`]. It compares, never computes: the input figures as the author wrote
//! them (read from the TOML literals), the derived figures that `compute` gave each version,
//! and the paragraphs and cells of the two computed reports. [`Diff::notice`] words the
//! changes as a 更正说明 that the department can publish with the corrected PDF.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use toml::de::{DeTable, DeValue};

use crate::compute::{Block, Report};
use crate::input::{SourceFile, docs};

/// One version of a report: its source file and its computed report.
pub struct Version<'a> {
    pub source: &'a SourceFile,
    pub report: &'a Report,
}

/// A changed figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureChange {
    /// Where it is: the TOML key path for an input figure, the field of `Figures` for a derived one.
    pub path: String,
    /// What it is, in Chinese.
    pub label: String,
    pub before: String,
    pub after: String,
    /// The line in the new file (input figures only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// A changed paragraph or table cell, as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextChange {
    pub place: String,
    pub before: String,
    pub after: String,
}

/// Everything that differs between two versions.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diff {
    /// Figures the author changed in the TOML.
    pub inputs: Vec<FigureChange>,
    /// Texts the author changed in the TOML (key path and label; before/after in full).
    pub input_texts: Vec<FigureChange>,
    /// Derived figures that moved as a consequence.
    pub derived: Vec<FigureChange>,
    /// What the printed document shows differently.
    pub printed: Vec<TextChange>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
            && self.input_texts.is_empty()
            && self.derived.is_empty()
            && self.printed.is_empty()
    }

    /// The text of a 更正说明 for the corrected report.
    pub fn notice(&self, new: &Report) -> String {
        let mut items: Vec<String> = Vec::new();
        for c in &self.inputs {
            items.push(format!("{}由{}更正为{}", c.label, c.before, c.after));
        }
        for c in &self.input_texts {
            items.push(format!("{}的文字有更正", c.label));
        }
        let mut out = format!("关于《{}》的更正说明\n\n", new.meta.title);
        out.push_str(&format!("　　我单位公开的《{}》中，", new.meta.title));
        if items.is_empty() {
            out.push_str("内容没有变化。");
        } else {
            out.push_str(&items.join("；"));
            out.push('。');
        }
        if !self.derived.is_empty() {
            let derived: Vec<String> =
                self.derived.iter().map(|c| format!("{}由{}改为{}", c.label, c.before, c.after)).collect();
            out.push_str(&format!("相应地，{}。", derived.join("，")));
        }
        out.push_str("更正后的报告已重新公开。特此更正。\n\n");
        out.push_str(&format!("{}\n", new.meta.author));
        if let Some(d) = new.meta.date {
            out.push_str(&format!("{}年{}月{}日\n", d.year, d.month, d.day));
        }
        out
    }
}

/// Compares two versions.
pub fn diff(old: &Version, new: &Version) -> Diff {
    let (inputs, input_texts) = input_changes(old.source, new.source);
    Diff {
        inputs,
        input_texts,
        derived: derived_changes(old.report, new.report),
        printed: printed_changes(old.report, new.report),
    }
}

/// A scalar of the TOML file: its literal (numbers as written, text as it is) and its place.
struct Leaf {
    number: bool,
    value: String,
    offset: usize,
    /// The `name` of the array-of-tables row it sits in, if any.
    row: Option<String>,
}

fn leaves(source: &SourceFile) -> BTreeMap<String, Leaf> {
    let mut out = BTreeMap::new();
    if let Ok(table) = DeTable::parse(&source.text) {
        walk_table(table.get_ref(), "", None, &mut out);
    }
    out
}

fn walk_table(table: &DeTable<'_>, prefix: &str, row: Option<&str>, out: &mut BTreeMap<String, Leaf>) {
    for (key, value) in table.iter() {
        let path =
            if prefix.is_empty() { key.get_ref().to_string() } else { format!("{prefix}.{}", key.get_ref()) };
        walk_value(value.get_ref(), value.span().start, &path, row, out);
    }
}

fn walk_value(
    value: &DeValue<'_>,
    offset: usize,
    path: &str,
    row: Option<&str>,
    out: &mut BTreeMap<String, Leaf>,
) {
    let leaf = |number: bool, value: String| Leaf { number, value, offset, row: row.map(String::from) };
    match value {
        DeValue::String(s) => {
            out.insert(path.to_string(), leaf(false, s.to_string()));
        }
        DeValue::Integer(i) => {
            out.insert(path.to_string(), leaf(true, i.as_str().to_string()));
        }
        DeValue::Float(f) => {
            out.insert(path.to_string(), leaf(true, f.as_str().to_string()));
        }
        DeValue::Boolean(b) => {
            out.insert(path.to_string(), leaf(false, b.to_string()));
        }
        DeValue::Datetime(d) => {
            out.insert(path.to_string(), leaf(false, d.to_string()));
        }
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let item_path = format!("{path}[{i}]");
                match item.get_ref() {
                    DeValue::Table(t) => {
                        let name = t.get("name").and_then(|v| v.get_ref().as_str()).map(String::from);
                        walk_table(t, &item_path, name.as_deref().or(row), out);
                    }
                    other => walk_value(other, item.span().start, &item_path, row, out),
                }
            }
        }
        DeValue::Table(t) => walk_table(t, path, row, out),
    }
}

/// The path without array indices, as `input::docs` names keys.
fn doc_path(path: &str) -> String {
    let mut s = String::new();
    let mut skip = false;
    for c in path.chars() {
        match c {
            '[' => skip = true,
            ']' => skip = false,
            _ if !skip => s.push(c),
            _ => {}
        }
    }
    s
}

/// The head of a key's description: “人员经费：工资福利支出…” → “人员经费”.
fn head(description: &str) -> &str {
    let end = description.find(['：', '，', '。', '（', '、', '；']).unwrap_or(description.len());
    &description[..end]
}

/// The unit in a description: “本年决算数（万元）。” → “万元”.
fn unit(description: &str) -> &str {
    let Some(start) = description.find('（') else { return "" };
    let rest = &description[start + '（'.len_utf8()..];
    let end = rest.find(['）', '，']).unwrap_or(rest.len());
    match &rest[..end] {
        u @ ("万元" | "人" | "辆" | "%" | "分" | "个" | "次" | "批次" | "人次") => u,
        _ => "",
    }
}

fn label_of(path: &str, row: Option<&str>) -> (String, &'static str) {
    let plain = doc_path(path);
    let own = docs::doc(&plain).unwrap_or("");
    let parent = plain.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
    let mut label = String::new();
    if let Some(name) = row {
        label.push_str(&format!("“{name}”"));
    } else if parent.contains('.')
        && let Some(d) = docs::doc(parent)
    {
        label.push_str(head(d));
    }
    let own_head = head(own);
    if own_head.is_empty() {
        label.push_str(&plain);
    } else {
        label.push_str(own_head);
    }
    (label, unit(own))
}

fn input_changes(old: &SourceFile, new: &SourceFile) -> (Vec<FigureChange>, Vec<FigureChange>) {
    let (a, b) = (leaves(old), leaves(new));
    let mut figures = Vec::new();
    let mut texts = Vec::new();
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for key in keys {
        let (x, y) = (a.get(key), b.get(key));
        let same = match (x, y) {
            (Some(x), Some(y)) if x.number && y.number => {
                match (x.value.parse::<Decimal>(), y.value.parse::<Decimal>()) {
                    (Ok(p), Ok(q)) => p == q,
                    _ => x.value == y.value,
                }
            }
            (Some(x), Some(y)) => x.value == y.value,
            _ => false,
        };
        if same {
            continue;
        }
        let leaf = y.or(x).expect("the key is in one of the files");
        let (label, unit) = label_of(key, leaf.row.as_deref());
        let show = |l: Option<&Leaf>| match l {
            Some(l) if l.number => format!("{}{unit}", l.value),
            Some(l) => l.value.clone(),
            None => "（无）".to_string(),
        };
        let change = FigureChange {
            path: key.clone(),
            label,
            before: show(x),
            after: show(y),
            line: y.map(|l| new.line_col(l.offset).0),
        };
        if leaf.number { figures.push(change) } else { texts.push(change) }
    }
    (figures, texts)
}

/// The figures jixiao computed whose printed form changed, from the registry of printed
/// figures ([`Report::printed`]): every total, change, rate, share and score that a reader sees
/// move, each with its label. Figures printed as the file states them are the input changes.
fn derived_changes(old: &Report, new: &Report) -> Vec<FigureChange> {
    printed_figure_changes(old, new).into_iter().filter(|(derived, _)| *derived).map(|(_, c)| c).collect()
}

/// Every printed figure that differs between two versions (keyed by its stable name), with
/// whether jixiao computed it. A figure printed in one version only is a change too.
pub fn printed_figure_changes(old: &Report, new: &Report) -> Vec<(bool, FigureChange)> {
    let index = |r: &Report| -> BTreeMap<String, (String, String, bool)> {
        r.printed.iter().map(|p| (p.key.clone(), (p.label.clone(), p.text.clone(), p.derived))).collect()
    };
    let (a, b) = (index(old), index(new));
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for p in new.printed.iter().chain(&old.printed) {
        if !seen.insert(p.key.clone()) {
            continue;
        }
        let before = a.get(&p.key);
        let after = b.get(&p.key);
        let text =
            |x: Option<&(String, String, bool)>| x.map_or_else(|| "（无）".to_string(), |x| x.1.clone());
        if before.map(|x| &x.1) != after.map(|x| &x.1) {
            let (label, _, derived) = after.or(before).cloned().unwrap_or_default();
            out.push((
                derived,
                FigureChange {
                    path: p.key.clone(),
                    label,
                    before: text(before),
                    after: text(after),
                    line: None,
                },
            ));
        }
    }
    out
}

/// The places of the printed report that differ, paragraph by paragraph and cell by cell.
fn printed_changes(old: &Report, new: &Report) -> Vec<TextChange> {
    let mut out = Vec::new();
    let mut push = |place: String, before: &str, after: &str| {
        if before != after {
            out.push(TextChange { place, before: before.to_string(), after: after.to_string() });
        }
    };
    // The body, block by block, named by its section.
    let empty = Vec::new();
    let (old_blocks, new_blocks) =
        (old.body().map_or(&empty, |b| &b.blocks), new.body().map_or(&empty, |b| &b.blocks));
    let mut headings: Vec<String> = Vec::new();
    let mut n = 0;
    for i in 0..old_blocks.len().max(new_blocks.len()) {
        let (a, b) = (old_blocks.get(i), new_blocks.get(i));
        match b.or(a) {
            Some(Block::Heading { level, text }) => {
                headings.truncate(usize::from(*level).saturating_sub(1));
                headings.push(text.clone());
                n = 0;
            }
            _ => n += 1,
        }
        let section = if headings.is_empty() { "正文开头".to_string() } else { headings.concat() };
        // A table of the outline, cell by cell, like the forms.
        if let (Some(Block::Table { table: ta, .. }), Some(Block::Table { table: tb, caption, .. })) = (a, b)
        {
            let name = caption.clone().unwrap_or_else(|| format!("第{n}段的表格"));
            for (r, row) in tb.rows.iter().enumerate() {
                let before = ta.rows.get(r);
                let row_name = row.first().map(|c| c.joined()).unwrap_or_default();
                for (c, cell) in row.iter().enumerate() {
                    let was = before.and_then(|x| x.get(c)).map(|x| x.joined()).unwrap_or_default();
                    push(format!("正文 {section} {name} “{row_name}”行 第{}格", c + 1), &was, &cell.joined());
                }
            }
            continue;
        }
        push(
            format!("正文 {section} 第{n}段"),
            &a.map(Block::printed).unwrap_or_default(),
            &b.map(Block::printed).unwrap_or_default(),
        );
    }
    // The forms, cell by cell.
    for id in ["form1", "form2"] {
        let (Some(fa), Some(fb)) = (old.form(id), new.form(id)) else { continue };
        let name = fb.label.clone().unwrap_or_else(|| fb.title_lines.concat());
        for (t, (ta, tb)) in fa.tables.iter().zip(&fb.tables).enumerate() {
            for (r, row) in tb.rows.iter().enumerate() {
                let before = ta.rows.get(r);
                let row_name = row.first().map(|c| c.joined()).unwrap_or_default();
                for (c, cell) in row.iter().enumerate() {
                    let was = before.and_then(|x| x.get(c)).map(|x| x.joined()).unwrap_or_default();
                    push(format!("{name} 表{} “{row_name}”行 第{}格", t + 1, c + 1), &was, &cell.joined());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_the_key_descriptions() {
        assert_eq!(label_of("basic.personnel.actual", None), ("人员经费本年决算数".to_string(), "万元"));
        assert_eq!(label_of("projects.items[0].actual", Some("业务工作经费")).0, "“业务工作经费”本年决算数");
        assert_eq!(doc_path("attachment2.indicators[3].score"), "attachment2.indicators.score");
    }
}
