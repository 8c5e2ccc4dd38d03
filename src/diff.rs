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

use crate::compute::num::{amount, pct, plain};
use crate::compute::{Block, Figures, Report};
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

/// How a derived figure prints.
#[derive(Clone, Copy)]
enum Kind {
    Amount,
    Percent,
    Plain,
}

/// The derived figures worth naming, with their Chinese names. Fields of `Figures` that only
/// repeat an input figure are not listed: the input change already names them.
const DERIVED: &[(&str, &str, Kind)] = &[
    ("posts", "编制数", Kind::Plain),
    ("form_posts", "附件1编制数", Kind::Plain),
    ("form_in_service", "附件1在职人数", Kind::Plain),
    ("control_rate", "人员控制率", Kind::Percent),
    ("basic.from", "上年基本支出", Kind::Amount),
    ("basic.to", "基本支出", Kind::Amount),
    ("basic.amount", "基本支出增减额", Kind::Amount),
    ("basic.rate", "基本支出增减幅度", Kind::Percent),
    ("personnel.change.amount", "人员经费增减额", Kind::Amount),
    ("personnel.change.rate", "人员经费增减幅度", Kind::Percent),
    ("personnel.share", "人员经费占基本支出的比例", Kind::Percent),
    ("public.change.amount", "日常公用经费增减额", Kind::Amount),
    ("public.change.rate", "日常公用经费增减幅度", Kind::Percent),
    ("public.share", "日常公用经费占基本支出的比例", Kind::Percent),
    ("capital.change.amount", "资本性支出增减额", Kind::Amount),
    ("capital.change.rate", "资本性支出增减幅度", Kind::Percent),
    ("capital.share", "资本性支出占基本支出的比例", Kind::Percent),
    ("projects.last_year", "上年项目支出", Kind::Amount),
    ("projects.budget", "项目支出预算数", Kind::Amount),
    ("projects.actual", "项目支出", Kind::Amount),
    ("project_change.amount", "项目支出增减额", Kind::Amount),
    ("project_change.rate", "项目支出增减幅度", Kind::Percent),
    ("income_total", "总收入", Kind::Amount),
    ("income_shares", "各项收入占总收入的比例", Kind::Percent),
    ("full_budget", "全年预算数", Kind::Amount),
    ("total_spending", "总支出（全年执行数）", Kind::Amount),
    ("execution_rate", "预算执行率", Kind::Percent),
    ("closing_balance", "年末结转和结余", Kind::Amount),
    ("by_source_total", "按收入性质分合计", Kind::Amount),
    ("by_nature_total", "按支出性质分合计", Kind::Amount),
    ("sangong.last_year", "上年“三公”经费", Kind::Amount),
    ("sangong.budget", "“三公”经费预算数", Kind::Amount),
    ("sangong.actual", "“三公”经费", Kind::Amount),
    ("vehicles.last_year", "上年公务用车购置和维护经费", Kind::Amount),
    ("vehicles.budget", "公务用车购置和维护经费预算数", Kind::Amount),
    ("vehicles.actual", "公务用车购置和维护经费", Kind::Amount),
    ("execution_score", "预算执行率得分", Kind::Plain),
    ("level1", "一级指标分值或得分", Kind::Plain),
    ("total_weight", "总分值", Kind::Plain),
    ("total_score", "总得分", Kind::Plain),
    ("grade", "评价等级", Kind::Plain),
];

/// The derived figures whose printed form changed (a rate that moved in the third decimal
/// but prints the same is not a change a reader sees).
fn derived_changes(old: &Report, new: &Report) -> Vec<FigureChange> {
    let value = |f: &Figures| serde_json::to_value(f).unwrap_or_default();
    let (a, b) = (value(&old.figures), value(&new.figures));
    let mut out = Vec::new();
    for (path, label, kind) in DERIVED {
        let (before, after) = if *path == "execution_rate" {
            // Printed with the document's own precision (“96%”).
            (old.attachment2.execution_rate.clone(), new.attachment2.execution_rate.clone())
        } else {
            let pointer = format!("/{}", path.replace('.', "/"));
            (show(a.pointer(&pointer), *kind), show(b.pointer(&pointer), *kind))
        };
        if before != after {
            out.push(FigureChange {
                path: (*path).to_string(),
                label: (*label).to_string(),
                before,
                after,
                line: None,
            });
        }
    }
    out
}

fn show(v: Option<&serde_json::Value>, kind: Kind) -> String {
    let one = |v: &serde_json::Value| -> String {
        match (v.as_str().and_then(|s| s.parse::<Decimal>().ok()), kind) {
            (Some(d), Kind::Amount) => format!("{}万元", amount(d)),
            (Some(d), Kind::Percent) => pct(d, 2),
            (Some(d), Kind::Plain) => plain(d),
            (None, _) if v.is_null() => "（无）".to_string(),
            (None, _) => match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(items) => {
                    items.iter().map(|i| show(Some(i), kind)).collect::<Vec<_>>().join("、")
                }
                serde_json::Value::Object(map) => {
                    let parts: Vec<String> = map
                        .iter()
                        .filter(|(k, _)| *k != "name")
                        .map(|(k, v)| {
                            format!("{}{}", if k == "weight" { "分值" } else { "得分" }, show(Some(v), kind))
                        })
                        .collect();
                    let name = map.get("name").and_then(|n| n.as_str()).unwrap_or("");
                    format!("{name}{}", parts.join("/"))
                }
                other => other.to_string(),
            },
        }
    };
    match v {
        Some(v) => one(v),
        None => "（无）".to_string(),
    }
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
    let (mut h1, mut h2, mut n) = (String::new(), String::new(), 0);
    let len = old.body.len().max(new.body.len());
    for i in 0..len {
        let (a, b) = (old.body.get(i), new.body.get(i));
        let text = |blk: Option<&Block>| match blk {
            Some(Block::H1 { text }) | Some(Block::H2 { text }) | Some(Block::P { text }) => text.clone(),
            Some(Block::Item { number, lead, text }) => format!("{number}{lead}{text}"),
            None => String::new(),
        };
        match b.or(a) {
            Some(Block::H1 { text }) => {
                h1 = text.clone();
                h2.clear();
                n = 0;
            }
            Some(Block::H2 { text }) => {
                h2 = text.clone();
                n = 0;
            }
            _ => n += 1,
        }
        let section = if h1.is_empty() { "正文开头".to_string() } else { format!("{h1}{h2}") };
        push(format!("正文 {section} 第{n}段"), &text(a), &text(b));
    }
    // 附件1.
    let (a, b) = (&old.attachment1, &new.attachment1);
    push("附件1 编制数".into(), &a.posts, &b.posts);
    push("附件1 实际在职人数".into(), &a.in_service, &b.in_service);
    push("附件1 控制率".into(), &a.control_rate, &b.control_rate);
    let columns = [&b.last_year_actual_label, &b.budget_label, &b.actual_label];
    for (i, row) in b.rows.iter().enumerate() {
        let before = a.rows.get(i);
        for (c, cell) in row.cells.iter().enumerate() {
            let was = before.map(|r| r.cells[c].as_str()).unwrap_or("");
            push(format!("附件1 “{}”行 {}", row.label, columns[c]), was, cell);
        }
    }
    push("附件1 厉行节约保障措施".into(), &a.frugality.join(""), &b.frugality.join(""));
    // 附件2.
    let (a, b) = (&old.attachment2, &new.attachment2);
    for (name, x, y) in [
        ("年初预算数", &a.initial_budget, &b.initial_budget),
        ("全年预算数", &a.full_budget, &b.full_budget),
        ("全年执行数", &a.executed, &b.executed),
        ("执行率", &a.execution_rate, &b.execution_rate),
        ("预算执行率得分", &a.execution_score, &b.execution_score),
        ("总分", &a.total_score, &b.total_score),
        ("评价等级", &a.grade, &b.grade),
    ] {
        push(format!("附件2 {name}"), x, y);
    }
    for (i, row) in b.indicators.iter().enumerate() {
        let before = a.indicators.get(i);
        for (c, cell) in row.cells.iter().enumerate() {
            let was = before.and_then(|r| r.cells.get(c)).map(String::as_str).unwrap_or("");
            push(format!("附件2 “{}” {}", row.name, b.headers[c]), was, cell);
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
