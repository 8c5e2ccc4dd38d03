//! The writer: an [`Input`] as a `toml_edit` document with the Chinese description of every key
//! as a comment above it.
//!
//! The keys and their order are the input types' own: the input serializes (serde) into a tree
//! of TOML values, numbers and dates as their literals behind the marker `load` uses, so
//! `976.20` stays `976.20`, and every field of the format is written without a line of code of
//! its own. This module only decides the layout of that tree as a document — which tables
//! are `[header]`s, which lists are inline ([`INLINE`]), which lists break over lines — and
//! puts the decor on it: the description from `input::docs` before a key or a header the first
//! time its path occurs (in a list, the first row carries it), the notes of the path (last
//! year's text of a cleared field), and for an optional key that is absent its description and
//! a commented-out example ([`EXAMPLES`], [`BLOCKS`]), gathered after the keys that are there.

use std::collections::HashSet;

use toml_edit::{Array, ArrayOfTables, Decor, DocumentMut, InlineTable, Item, Key, Table, Value};

use super::Notes;
use crate::input::schema::SCHEMA_FILE;
use crate::input::{Input, NUMBER_MARK, docs};

/// Rules for the whole file, under the head comment.
const RULES: &[&str] = &[
    "金额一律以万元为单位，最多两位小数；人数、车辆数为整数；比率写百分数（97.81 表示 97.81%）。",
    "文字用英文双引号括起来；# 后面是注释，jixiao 不读。确实没有的可省略项（注释中写着“可省略”），整行删去即可。",
    "只填原始数字：合计、增减额、增长率、占比、执行率、控制率、得分合计和等级都由 jixiao 计算。",
    "上年数不知道（新设单位、机构改革）就不写 last_year 这一行：报告只写本年数，不作比较。表格中没有的数不写，印成空白；0 印成 0。",
];

/// Lists of tables written inline, one `{ … }` a line, instead of as `[[…]]` sections; and
/// `seconded`, one small table written inline.
const INLINE: &[&str] = &[
    "organization.staffing",
    "organization.retirees",
    "organization.seconded",
    "finance.income",
    "sections.content",
    "outline_edits.content",
    "attachment2.columns",
    "cover.fields",
];

/// How a description says that a list is written one element a line (`duties`, `problems` …):
/// the file is then written so.
const ONE_A_LINE: &[&str] = &["一条一行", "一个一行", "一段一行"];

/// A hint under the descriptions of an inline list.
const INLINE_HINTS: &[(&str, &str)] =
    &[("organization.staffing", "再加一类：{ kind = \"事业编制\", count = 0 },")];

/// Commented-out examples of optional keys, shown (once per path) where the key is absent.
/// `*` stands for any one key; `{年度}` is the report's year.
const EXAMPLES: &[(&str, &str)] = &[
    ("template", "\"湖南2020\""),
    ("report.department_full_name", "\"单位全称\""),
    ("report.department_short_name", "\"简称\""),
    ("report.title_lines", "[\"{年度}年度单位名称\", \"整体支出绩效自评报告\"]"),
    ("report.parts", "[\"正文\", \"基础数据表\", \"自评表\"]"),
    ("report.date", "2022-06-30"),
    ("report.signature", "\"单位名称\""),
    ("cover.supervisor", "\"主管部门\""),
    ("cover.evaluation_type", "\"部门整体支出\""),
    ("cover.method", "\"单位自评\""),
    ("cover.evaluator", "\"评价机构\""),
    ("cover.date", "\"2022年3月\""),
    ("cover.issuer", "\"××市财政局（制）\""),
    ("organization.seconded", "{ unit = \"市纪委监委驻本单位纪检监察组\", count = 0 }"),
    ("organization.retirees", "[{ kind = \"离休\", count = 0 }, { kind = \"退休\", count = 0 }]"),
    ("organization.budget_units_count", "1"),
    ("organization.budget_units_note", "\"属于一级预算单位\""),
    ("organization.departments", "[\"办公室\", \"财务股\"]"),
    ("organization.departments_count", "2"),
    ("organization.subordinates", "[\"××中心\"]"),
    ("organization.subordinates_count", "1"),
    ("organization.subordinates_label", "\"直属单位\""),
    ("basic.personnel.reason", "\"主要原因是……\""),
    ("basic.public.reason", "\"主要原因是……\""),
    ("basic.capital.reason", "\"主要原因是……\""),
    ("basic.capital.description", "\"公务用车购置\""),
    ("basic.public_items.initial", "0"),
    ("projects.items.initial", "0"),
    ("projects.reason", "\"主要原因是……\""),
    ("funds.*", "0"),
    ("finance.by_source.*", "0"),
    ("finance.funding.*.*", "0"),
    ("sangong.*.note", "\"说明\""),
    ("sangong.reception.batches", "0"),
    ("sangong.reception.visitors", "0"),
    ("satisfaction.object", "\"对我局\""),
    ("attachment1.procurement_budget", "0"),
    ("attachment1.procurement_actual", "0"),
    ("attachment1.budget_column", "\"年初预算数\""),
    ("attachment1.header", "[\"单位名称：{单位全称}\", \"金额单位：万元\"]"),
    ("attachment2.form", "\"湖南\""),
    (
        "attachment2.columns",
        "[{ field = \"指标值\", header = \"年度指标值\" }, { field = \"完成值\", header = \"实际完成值\" }, { field = \"分值\" }, { field = \"得分\" }, { field = \"偏差原因\", header = \"偏差原因分析及改进措施\" }]",
    ),
    ("attachment2.levels", "[\"一级指标\", \"二级指标\", \"三级指标\"]"),
    ("attachment2.level1_weight", "true"),
    ("attachment2.by_nature", "\"预算数\""),
    ("attachment2.split_totals", "false"),
    ("attachment2.header", "[\"单位名称：{单位全称}\", \"填报日期：{年度}年3月20日\"]"),
    ("attachment2.notes", "[\"备注：预算执行率得分 = 执行率 × 分值，最高为分值。\"]"),
    ("attachment2.grade", "\"优秀\""),
    ("attachment2.execution_score", "10"),
    ("attachment2.indicators.target", "\"≥100人次\""),
    ("attachment2.indicators.target_adjusted", "\"≥100人次\""),
    ("attachment2.indicators.actual", "\"120人次\""),
    ("attachment2.indicators.from", "\"满意度\""),
    ("attachment2.indicators.weight", "10"),
    ("attachment2.indicators.score", "10"),
    ("attachment2.indicators.coefficient", "100"),
    ("attachment2.indicators.core", "true"),
    ("attachment2.indicators.analysis", "\"偏差原因及改进措施\""),
    ("attachment2.indicators.unit", "\"人次\""),
    ("attachment2.indicators.nature", "\"正向\""),
    ("attachment2.indicators.explanation", "\"指标解释\""),
    ("attachment2.indicators.criteria", "\"评分标准\""),
    ("form.*", "\"\""),
    ("settings.numbering", "[\"{一}、\", \"（{一}）\", \"{1}.\", \"（{1}）\"]"),
    ("settings.numbering_start", "[13]"),
    ("settings.level3_numbering", "\"1、\""),
    ("settings.execution_score_rule", "\"按比例\""),
    ("settings.execution_score_basis", "\"印出的执行率\""),
    ("settings.placeholder_rows", "true"),
    ("settings.page_numbers", "\"居中\""),
    ("settings.bold_level3", "false"),
    ("settings.attachment_label", "\"附件一\""),
    ("settings.hide", "[\"附件说明\"]"),
];

/// Commented-out examples of whole tables, shown after the tables that are there.
const BLOCKS: &[(&str, &[&str])] = &[
    (
        "attachment1.buildings",
        &[
            "[[attachment1.buildings]]",
            "name = \"项目名称\"",
            "approved_area = 0",
            "actual_area = 0",
            "budget_investment = 0",
            "actual_investment = 0",
        ],
    ),
    // Last year's statements, in a report continued from one that had them.
    ("stated", &[]),
    ("labels", &["[labels]", "department = \"预算部门、单位名称\"   # 例：改附件2“预算部门”一栏的标签"]),
    (
        "settings.numbers",
        &[
            "[settings.numbers]",
            "rate = \"0.00\"      # 例：预算执行率印两位小数（102.59%）",
            "score = \"0.0\"      # 例：得分印一位小数（7.6）",
        ],
    ),
];

/// Tables whose absence means the same as their being empty: an empty one is not written.
const EMPTY_IS_ABSENT: &[&str] =
    &["funds", "finance.by_source", "attachment1", "attachment2", "form", "labels", "settings.numbers"];

/// Writes `input` as TOML: the schema directive, the `head` comment and the rules, then every
/// key the input has, in the order of the format, each with its description and notes above
/// it.
pub fn write(input: &Input, notes: &Notes, head: &[String]) -> String {
    // A loaded report's outline has its edits applied already: write the edits or the outline
    // they were applied to, never both (they would apply twice).
    let mut input = input.clone();
    if !input.outline_edits.is_empty() && !input.sections.is_empty() {
        match input.outline_is_edited_template() {
            true => input.sections.clear(),
            false => input.outline_edits.clear(),
        }
    }
    let Ok(Value::InlineTable(root)) =
        serde::Serialize::serialize(&input, toml_edit::ser::ValueSerializer::new())
    else {
        unreachable!("an Input serializes into a table")
    };
    let mut w = Writer {
        notes,
        year: input.report.year.value.to_string(),
        seen: HashSet::new(),
        examples_seen: HashSet::new(),
        pending: format!("#:schema ./{SCHEMA_FILE}\n"),
        fresh: true,
    };
    for h in head {
        w.pending += &comment("", h);
    }
    w.pending += &comment("", "");
    for rule in RULES {
        w.pending += &comment("", rule);
    }
    w.pending.push('\n');
    let mut doc = DocumentMut::new();
    w.fill(doc.as_table_mut(), root, &At::default());
    let trailing = std::mem::take(&mut w.pending);
    doc.set_trailing(trailing);
    doc.to_string()
}

/// Where a key is: the path for its description (`goals.text`) and the path with array indices
/// for its notes (`goals.3.text`).
#[derive(Default, Clone)]
struct At {
    doc: String,
    note: String,
}

impl At {
    fn key(&self, key: &str) -> At {
        let join = |p: &str| if p.is_empty() { key.to_string() } else { format!("{p}.{key}") };
        At { doc: join(&self.doc), note: join(&self.note) }
    }
    fn index(&self, i: usize) -> At {
        At { doc: self.doc.clone(), note: format!("{}.{i}", self.note) }
    }
}

/// Comment lines, `# ` before each line of `text` (a lone `#` for an empty one).
fn comment(indent: &str, text: &str) -> String {
    if text.is_empty() {
        return format!("{indent}#\n");
    }
    text.lines().map(|l| format!("{indent}# {l}\n")).collect()
}

/// A TOML basic string: author text is always in double quotes, as the file's rules say.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The example for the absent key at `path`, if the table lists one.
fn example(path: &str) -> Option<&'static str> {
    EXAMPLES.iter().find(|(p, _)| docs::matches(p, path)).map(|(_, e)| *e)
}

/// The keys that have an example in the table at `parent`, in the order of [`EXAMPLES`]; a `*`
/// example stands for every key the docs describe there.
fn example_keys(parent: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut add = |k: &str| {
        if !keys.iter().any(|x| x == k) {
            keys.push(k.to_string());
        }
    };
    for (p, _) in EXAMPLES {
        let (table, key) = p.rsplit_once('.').unwrap_or(("", p));
        if !docs::matches(table, parent) {
            continue;
        }
        if key != "*" {
            add(key);
            continue;
        }
        for (field, _) in docs::FIELDS {
            if let Some((t, k)) = field.rsplit_once('.')
                && k != "*"
                && docs::matches(t, parent)
            {
                add(k);
            }
        }
    }
    keys
}

/// Width of a line in columns, a CJK character counting two.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

struct Writer<'a> {
    notes: &'a Notes,
    year: String,
    /// Description paths already printed: in lists only the first row carries them.
    seen: HashSet<String>,
    examples_seen: HashSet<String>,
    /// Comments still to print, before whatever is written next.
    pending: String,
    /// Nothing but a header since the last blank line.
    fresh: bool,
}

impl Writer<'_> {
    fn take_pending(&mut self) -> String {
        std::mem::take(&mut self.pending)
    }

    /// The description of `path`, the first time.
    fn doc(&mut self, path: &str) -> Option<String> {
        let d = docs::doc(path)?;
        self.seen.insert(path.to_string()).then(|| comment("", d))
    }

    fn notes_of(&self, path: &str, indent: &str) -> String {
        self.notes.get(path).into_iter().flatten().map(|n| comment(indent, n)).collect()
    }

    /// What goes before a key: pending comments, a blank line and the description (the first
    /// time), its notes.
    fn key_prefix(&mut self, at: &At, v: &Value) -> String {
        let mut prefix = self.take_pending();
        if let Some(d) = self.doc(&at.doc) {
            if !self.fresh {
                prefix.push('\n');
            }
            prefix += &d;
        }
        if let Value::Array(rows) = v {
            prefix += &self.inline_docs(at, rows);
        }
        prefix += &self.notes_of(&at.note, "");
        self.fresh = false;
        prefix
    }

    /// What goes before a table's header: pending comments, a blank line, the description (the
    /// first time), its notes.
    fn header_prefix(&mut self, at: &At) -> String {
        let mut prefix = self.take_pending();
        prefix.push('\n');
        prefix += &self.doc(&at.doc).unwrap_or_default();
        prefix += &self.notes_of(&at.note, "");
        self.fresh = true;
        prefix
    }

    /// Whether the value at `at` is written as a table or a list of `[[…]]` tables.
    fn is_section(at: &At, v: &Value) -> bool {
        if INLINE.contains(&at.doc.as_str()) {
            return false;
        }
        match v {
            Value::InlineTable(_) => true,
            Value::Array(a) => !a.is_empty() && a.iter().all(Value::is_inline_table),
            _ => false,
        }
    }

    /// Fills `table` with the entries of `src`: its keys first (then the absent optional ones
    /// as comments), then its tables.
    fn fill(&mut self, table: &mut Table, src: InlineTable, at: &At) {
        let entries: Vec<(String, Value)> = src.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        for (k, v) in &entries {
            let a = at.key(k);
            if Self::is_section(&a, v) {
                continue;
            }
            let prefix = self.key_prefix(&a, v);
            let value = self.value(&a, v.clone(), true);
            table.insert_formatted(
                &Key::new(k.as_str()).with_leaf_decor(Decor::new(prefix, " ")),
                Item::Value(value),
            );
        }
        self.absent_keys(at, &entries);
        for (k, v) in entries {
            let a = at.key(&k);
            if !Self::is_section(&a, &v) {
                continue;
            }
            match v {
                Value::InlineTable(t) => self.table(table, &k, t, &a),
                Value::Array(rows) => {
                    let mut aot = ArrayOfTables::new();
                    for (i, row) in rows.into_iter().enumerate() {
                        let Value::InlineTable(row) = row else { continue };
                        let r = a.index(i);
                        let mut t = Table::new();
                        t.decor_mut().set_prefix(self.header_prefix(&r));
                        self.fill(&mut t, row, &r);
                        aot.push(t);
                    }
                    table.insert(&k, Item::ArrayOfTables(aot));
                }
                _ => {}
            }
        }
        for (path, lines) in BLOCKS {
            let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
            let notes = self.notes_of(&at.key(key).note, "");
            if parent == at.doc && !table.contains_key(key) && !(lines.is_empty() && notes.is_empty()) {
                let mut text = self.take_pending();
                text.push('\n');
                text += &self.doc(path).unwrap_or_default();
                text += &notes;
                for l in *lines {
                    text += &comment("", l);
                }
                self.pending = text;
            }
        }
    }

    /// A sub-table `[at]`, unless it is empty and an empty one means the same as none (an
    /// empty `[cover]` still prints a cover). A table of tables only is implicit: its
    /// description goes before its first header.
    fn table(&mut self, parent: &mut Table, key: &str, src: InlineTable, at: &At) {
        if src.is_empty() && EMPTY_IS_ABSENT.contains(&at.doc.as_str()) {
            return;
        }
        let mut t = Table::new();
        let implicit = !src.is_empty()
            && src.iter().all(|(k, v)| Self::is_section(&at.key(k), v))
            && example_keys(&at.doc).is_empty();
        let prefix = self.header_prefix(at);
        if implicit {
            t.set_implicit(true);
            self.pending = prefix;
        } else {
            t.decor_mut().set_prefix(prefix);
        }
        self.fill(&mut t, src, at);
        parent.insert(key, Item::Table(t));
    }

    /// The optional keys of the table at `at` that are absent: description, notes and a
    /// commented-out example; then the notes of absent keys that have no example.
    fn absent_keys(&mut self, at: &At, entries: &[(String, Value)]) {
        let mut keys: Vec<String> = example_keys(&at.doc);
        let prefix = format!("{}.", at.note);
        for path in self.notes.keys() {
            let rest = if at.note.is_empty() { Some(path.as_str()) } else { path.strip_prefix(&prefix) };
            if let Some(k) = rest.filter(|k| !k.contains('.'))
                && !keys.iter().any(|x| x == k)
            {
                keys.push(k.to_string());
            }
        }
        for k in keys {
            if entries.iter().any(|(x, _)| *x == k) || BLOCKS.iter().any(|(p, _)| *p == at.key(&k).doc) {
                continue;
            }
            let a = at.key(&k);
            let notes = self.notes_of(&a.note, "");
            let example = self.example_for(&a, entries);
            if notes.is_empty() && example.is_none() {
                continue;
            }
            let mut text = self.take_pending();
            if let Some(d) = self.doc(&a.doc) {
                if !self.fresh {
                    text.push('\n');
                }
                text += &d;
            }
            text += &notes;
            if let Some(e) = example {
                text += &comment("", &format!("{k} = {}", e.replace("{年度}", &self.year)));
            }
            self.fresh = false;
            self.pending = text;
        }
    }

    /// The example for an absent key, once per path; a scored row without a score shows
    /// where its score goes.
    fn example_for(&mut self, a: &At, row: &[(String, Value)]) -> Option<&'static str> {
        if a.doc == "attachment2.indicators.score" {
            let has = |k: &str| row.iter().any(|(x, _)| x == k);
            if has("weight") && !has("coefficient") && !has("from") {
                return Some("0");
            }
        }
        // In a list, the first row shows them.
        if a.note.split('.').any(|segment| segment.parse::<usize>().is_ok_and(|i| i > 0)) {
            return None;
        }
        let e = example(&a.doc)?;
        self.examples_seen.insert(a.doc.clone()).then_some(e)
    }

    /// A value as the file writes it: marked literals bare, text in double quotes; a key's long
    /// list, or list of tables, one element a line with the notes of each element above it.
    fn value(&mut self, at: &At, v: Value, top: bool) -> Value {
        let mut out = match v {
            Value::String(s) => {
                let s = s.value();
                let text = match s.strip_prefix(NUMBER_MARK) {
                    Some(literal) => literal.to_string(),
                    None => quote(s),
                };
                text.parse::<Value>().unwrap_or_else(|_| Value::from(s.as_str()))
            }
            Value::Array(items) => {
                let mut array = Array::new();
                let mut has_notes = false;
                for (i, item) in items.into_iter().enumerate() {
                    has_notes |= self.notes.contains_key(&at.index(i).note);
                    array.push_formatted(self.value(&at.index(i), item, false));
                }
                let tables = array.iter().any(Value::is_inline_table);
                let one_a_line = docs::doc(&at.doc).is_some_and(|d| ONE_A_LINE.iter().any(|w| d.contains(w)));
                if top && (tables || has_notes || one_a_line || width(&array.to_string()) > 60) {
                    for (i, item) in array.iter_mut().enumerate() {
                        let notes = self.notes_of(&at.index(i).note, "  ");
                        item.decor_mut().set_prefix(format!("\n{notes}  "));
                        item.decor_mut().set_suffix("");
                    }
                    array.set_trailing_comma(true);
                    array.set_trailing("\n");
                }
                Value::Array(array)
            }
            Value::InlineTable(t) => {
                let mut table = InlineTable::new();
                for (k, v) in t {
                    let value = self.value(&at.key(&k), v, false);
                    table.insert(&k, value);
                }
                table.fmt();
                // An outline table's rows one per line, as an author writes a grid.
                if let Some(Value::Array(rows)) = table.get_mut("table")
                    && rows.iter().all(Value::is_array)
                {
                    for row in rows.iter_mut() {
                        row.decor_mut().set_prefix("\n    ");
                        row.decor_mut().set_suffix("");
                    }
                    rows.set_trailing_comma(true);
                    rows.set_trailing("\n  ");
                }
                Value::InlineTable(table)
            }
            other => other,
        };
        out.decor_mut().clear();
        out
    }

    /// The descriptions of the keys an inline list's tables may have, as a comment before the
    /// list.
    fn inline_docs(&mut self, at: &At, rows: &Array) -> String {
        if !rows.iter().any(Value::is_inline_table) {
            return String::new();
        }
        let prefix = format!("{}.", at.doc);
        let mut text = String::new();
        for (path, d) in docs::FIELDS {
            if let Some(k) = path.strip_prefix(&prefix)
                && !k.contains('.')
                && self.seen.insert(path.to_string())
            {
                text += &comment("", &format!("  {k}：{d}"));
            }
        }
        if let Some((_, hint)) = INLINE_HINTS.iter().find(|(p, _)| *p == at.doc) {
            text += &comment("", &format!("  {hint}"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quoting_survives_a_round_trip() {
        let s = "引号\"、反斜杠\\、换行\n和制表\t";
        let toml = format!("x = {}\n", quote(s));
        let v: toml::Table = toml.parse().unwrap();
        assert_eq!(v["x"].as_str(), Some(s));
    }
}
