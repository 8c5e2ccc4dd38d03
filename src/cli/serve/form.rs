//! The form of the page, derived from the same description as `jixiao schema` and the comments
//! of `jixiao init`: the JSON Schema gives the keys, their types and their choices, `input::docs`
//! their Chinese description. So every key of the format appears on the page, and a key added to
//! the format (with its description, which a test demands) appears without touching the page.
//!
//! What the schema cannot say, this module adds: the order (the report's, from `docs::FIELDS`),
//! a short label (the description up to its first pause), the unit of a number, which groups are
//! about the layout rather than the year's facts (shown folded, at the end), and the names of the
//! groups as a clerk knows them.

use serde::Serialize;
use serde_json::Value;

use jixiao::input::docs;

/// One field or group of the form.
#[derive(Debug, Serialize)]
pub struct Node {
    /// The keys from the top; rows add no step (the page adds the row's index).
    pub path: Vec<String>,
    pub label: String,
    /// The whole description, shown on demand.
    pub help: String,
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// Values to offer for a free text (the presets' names for `template`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
    /// Rows shown as a table, as the printed form has them: the keys of its columns, in the
    /// form's order (the page shows those a row of the file has, and the others of a row on
    /// demand).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<&'static str>,
    /// Must be in the file (the schema's `required`).
    pub required: bool,
    /// About the layout (template, labels, numbering), not the year's facts: shown folded.
    pub advanced: bool,
    /// Prose, where `{键}` prints a figure: the page offers the report's keys there (its 插入数字
    /// list, also opened by typing `{`). Not names, patterns, paths and settings.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cite: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A table of named fields.
    Group,
    /// An array of tables: rows that can be added, removed and moved.
    Rows,
    /// An array of texts, one per line (duties, problems, title lines).
    Texts,
    Number,
    Text,
    Date,
    Bool,
    Choice,
    /// Anything else (an outline's mixed content): edited as a TOML value.
    Raw,
}

/// The top-level groups in the order of the report, with the names the page gives them; the
/// ones after `ADVANCED_FROM` describe the layout and are folded.
const GROUPS: &[(&str, &str)] = &[
    ("report", "报告"),
    ("organization", "单位基本情况"),
    ("basic", "基本支出"),
    ("projects", "项目支出"),
    ("funds", "其他三本预算"),
    ("finance", "收支和预算执行"),
    ("sangong", "“三公”经费"),
    ("satisfaction", "满意度"),
    ("goals", "绩效目标"),
    ("performance", "主要绩效"),
    ("closing", "问题、措施和结果应用"),
    ("attachment1", "基础数据表（附件1）"),
    ("attachment2", "自评表（附件2）"),
    ("form", "填表信息"),
    ("cover", "封面"),
    ("template", "模板"),
    ("sections", "正文大纲"),
    ("outline_edits", "修改大纲中的几节"),
    ("sentences", "生成的句子的写法"),
    ("stated", "照原报告写明的数字"),
    ("settings", "版式和评分规则"),
    ("labels", "表格中的固定文字"),
    ("fonts", "单位自有的字体"),
    ("allow", "已核对、有意保留的问题"),
];
const ADVANCED_FROM: &str = "template";

/// Labels where the description's first words are not a good name for the field.
const LABELS: &[(&str, &str)] = &[
    ("report.department_full_name", "单位全称"),
    ("report.department_short_name", "简称"),
    ("report.title_lines", "标题分行"),
    ("report.intro", "开头段落"),
    ("report.date", "文档日期"),
    ("report.signature", "署名"),
    ("report.parts", "印出哪几部分"),
    ("report.revision", "更正"),
    ("organization.staffing", "人员编制"),
    ("organization.seconded", "派驻人员"),
    ("organization.duties", "职能职责"),
    ("organization.retirees", "离退休人员"),
    ("basic.personnel", "人员经费"),
    ("basic.public", "日常公用经费"),
    ("basic.capital", "资本性支出"),
    ("basic.budget", "基本支出预算调整"),
    ("basic.definition", "基本支出的定义"),
    ("basic.public_items", "公用经费“其中”各行"),
    ("projects.items", "项目"),
    ("projects.definition", "项目支出的说明"),
    ("projects.reason", "增减的主要原因"),
    ("finance.income", "本年收入"),
    ("finance.by_source", "按收入性质分"),
    ("finance.by_nature", "按支出性质分"),
    ("finance.funding", "按资金来源分"),
    ("attachment1.rows", "经费控制情况各行"),
    ("attachment1.budget_column", "项目支出印哪个预算数"),
    ("attachment1.title", "表的标题"),
    ("attachment1.name", "附件说明中的表名"),
    ("attachment1.signoff", "印填表人一行"),
    ("attachment1.buildings", "楼堂馆所"),
    ("attachment1.frugality", "厉行节约保障措施"),
    ("attachment2.form", "表式"),
    ("attachment2.title", "表的标题"),
    ("attachment2.name", "附件说明中的表名"),
    ("attachment2.signoff", "印填表人一行"),
    ("attachment2.by_nature", "按支出性质分印哪个数"),
    ("attachment2.columns", "指标表的列"),
    ("attachment2.levels", "指标名称的列"),
    ("attachment2.level1_weight", "一级指标下印分值合计"),
    ("attachment2.level_weight_columns", "一级、二级指标后的分值列"),
    ("attachment2.level2_weight", "二级指标下印分值合计"),
    ("attachment2.split_totals", "按性质分后印合计"),
    ("attachment2.indicators", "绩效指标"),
    ("attachment2.overall_goal", "年度总体目标"),
    ("attachment2.overall_goal_adjusted", "全年（调整）目标"),
    ("attachment2.overall_result", "总体目标完成情况"),
    ("performance.achievements", "各项绩效"),
    ("performance.summary", "总述"),
    ("closing.problems", "存在的问题及原因分析"),
    ("closing.measures", "下一步改进措施"),
    ("closing.application", "结果应用和公开"),
    ("goals.append", "段末接上"),
    ("satisfaction.object", "满意度的对象"),
    ("sections.content", "内容"),
    ("outline_edits.at", "改哪一节（标题）"),
    ("outline_edits.action", "怎么改"),
    ("outline_edits.heading", "新的标题"),
    ("outline_edits.level", "新的层级"),
    ("outline_edits.content", "新的内容"),
    ("settings.hide", "不印的部分"),
    ("settings.numbering", "各级标题的序号样式"),
    ("settings.numbering_start", "各级序号的起始数"),
    ("cover.fields", "封面上的栏目"),
    ("cover.fields.field", "内置栏目"),
    ("cover.fields.label", "栏目名称"),
    ("cover.fields.value", "栏目内容"),
    ("attachment1.header", "表上方的一行"),
    ("attachment2.header", "表上方的一行"),
    ("attachment2.notes", "表下的说明"),
    ("attachment2.project", "项目名称"),
    ("attachment2.extra_rows", "指标以外的行"),
    ("attachment2.extra_rows.label", "标签"),
    ("attachment2.extra_rows.text", "文字"),
    ("attachment2.extra_rows.place", "印在哪里"),
    ("attachment2.name_weight", "指标名称后印分值"),
    ("project_forms", "项目自评表"),
    ("settings.grade_words", "等级的字样"),
];

/// Texts that are not prose: names the program matches (a heading to edit, a block, a field of
/// a form), patterns with braces of their own (numbering), number formats, paths, fonts, the
/// checks' own entries, the 填表信息, and `[stated]` (keys = numbers, no text). Every other text, list of texts and TOML value may cite
/// figures (`{键}`, `compute::refs`).
const NOT_PROSE: &[&str] = &[
    "template",
    "stated",
    "fonts",
    "allow",
    "form",
    "settings",
    "outline_edits.at",
    "goals.append",
    "cover.fields.field",
    "attachment1.rows.figure",
    "attachment1.rows.each",
    "attachment2.columns.field",
    "attachment2.indicators.from",
    "attachment2.project",
    "attachment2.extra_rows.place",
    "attachment2.finance_office",
    "attachment2.contact",
];

/// Rows that read as a table: 附件2's indicators, in the columns of the printed 自评表 (一级、二级、
/// 三级指标, 年度指标值, 调整后指标值, 实际完成值, 分值, 得分系数, 得分).
const TABLES: &[(&str, &[&str])] = &[(
    "attachment2.indicators",
    &["level1", "level2", "name", "target", "target_adjusted", "actual", "weight", "coefficient", "score"],
)];

/// Fields of a shared type that mean nothing at one place: the four 三公 items share one type,
/// but only 公务接待 has 批次 and 人次.
const NOT_HERE: &[&str] = &[
    "sangong.vehicle_purchase.batches",
    "sangong.vehicle_purchase.visitors",
    "sangong.vehicle_operation.batches",
    "sangong.vehicle_operation.visitors",
    "sangong.overseas.batches",
    "sangong.overseas.visitors",
];

/// The form: one group per top-level key of the format.
pub fn form() -> Vec<Node> {
    let schema = jixiao::input::schema::schema();
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    let required = required_of(&schema);
    let mut advanced = false;
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (key, name) in GROUPS {
        advanced |= *key == ADVANCED_FROM;
        if let Some(sub) = props.get(*key) {
            seen.insert(*key);
            let mut node = node(sub, vec![key.to_string()], required.contains(key), advanced);
            node.label = name.to_string();
            out.push(node);
        }
    }
    // A key new to the format and not yet placed above still appears, at the end.
    for (key, sub) in props {
        if !seen.contains(key.as_str()) {
            out.push(node(sub, vec![key.clone()], required.contains(&key.as_str()), true));
        }
    }
    out
}

fn required_of(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn node(schema: &Value, path: Vec<String>, required: bool, advanced: bool) -> Node {
    let dotted = path.join(".");
    let help = docs::doc(&dotted).unwrap_or("").to_string();
    let advanced = advanced || help.starts_with("版式");
    // A project's 自评表 has the keys of `[attachment2]`, named alike.
    let as_form2 = dotted.strip_prefix("project_forms.").map(|k| format!("attachment2.{k}"));
    let label = LABELS
        .iter()
        .find(|(p, _)| *p == dotted || Some(*p) == as_form2.as_deref())
        .map(|(_, l)| l.to_string())
        .or_else(|| label_of_label(&help))
        .unwrap_or_else(|| short_label(&help, path.last().map(String::as_str).unwrap_or("")));
    let kind = kind_of(schema);
    let fields = match kind {
        Kind::Group => Some(schema),
        Kind::Rows => schema.get("items"),
        _ => None,
    };
    let children = fields.map(|s| children(s, &path, advanced)).unwrap_or_default();
    let choices = match kind {
        Kind::Choice => strings(schema.get("enum")),
        Kind::Texts => strings(schema.get("items").and_then(|i| i.get("enum"))),
        _ => Vec::new(),
    };
    let unit = if kind == Kind::Number { unit_of(&help) } else { None };
    let suggestions = if dotted == "template" {
        jixiao::input::template::presets().iter().map(|p| p.file.name.value.trim().to_string()).collect()
    } else {
        Vec::new()
    };
    let columns = TABLES.iter().find(|(p, _)| *p == dotted).map(|(_, c)| c.to_vec()).unwrap_or_default();
    let cite = matches!(kind, Kind::Text | Kind::Texts | Kind::Raw)
        && choices.is_empty()
        && suggestions.is_empty()
        && !NOT_PROSE.iter().any(|p| dotted == *p || dotted.starts_with(&format!("{p}.")));
    Node { path, label, help, kind, unit, choices, suggestions, children, columns, required, advanced, cite }
}

/// The fields of a group or of one row, in the order of `docs::FIELDS` (the report's order);
/// keys the table does not list come after, in the schema's order.
fn children(schema: &Value, path: &[String], advanced: bool) -> Vec<Node> {
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    let required = required_of(schema);
    let prefix = format!("{}.", path.join("."));
    let rank = |key: &str| {
        let full = format!("{prefix}{key}");
        let exact = docs::FIELDS.iter().position(|(p, _)| *p == full);
        exact
            .or_else(|| docs::FIELDS.iter().position(|(p, _)| p.contains('*') && docs::matches(p, &full)))
            .unwrap_or(usize::MAX)
    };
    let mut keys: Vec<&String> =
        props.keys().filter(|k| !NOT_HERE.contains(&format!("{prefix}{k}").as_str())).collect();
    keys.sort_by_key(|k| rank(k));
    keys.into_iter()
        .map(|k| {
            let mut p = path.to_vec();
            p.push(k.clone());
            node(&props[k], p, required.contains(&k.as_str()), advanced)
        })
        .collect()
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}

fn kind_of(schema: &Value) -> Kind {
    let ty = schema.get("type").and_then(Value::as_str);
    if schema.get("enum").is_some() {
        return Kind::Choice;
    }
    match ty {
        Some("object") if schema.get("properties").is_some() => Kind::Group,
        Some("array") => {
            let items = schema.get("items").unwrap_or(&Value::Null);
            match items.get("type").and_then(Value::as_str) {
                Some("object") if items.get("properties").is_some() => Kind::Rows,
                Some("string") => Kind::Texts,
                _ => Kind::Raw,
            }
        }
        Some("number") | Some("integer") => Kind::Number,
        Some("boolean") => Kind::Bool,
        Some("string") if schema.get("format").and_then(Value::as_str) == Some("date") => Kind::Date,
        Some("string") => Kind::Text,
        _ => Kind::Raw,
    }
}

/// The description up to its first pause: “本年决算数（万元）。” → “本年决算数”.
fn short_label(help: &str, key: &str) -> String {
    let head: String =
        help.chars().take_while(|c| !matches!(c, '：' | '（' | '，' | '。' | '；' | '(')).collect();
    let head = head.trim();
    if head.is_empty() || head.chars().count() > 16 { key.to_string() } else { head.to_string() }
}

/// A key of `[labels]` is named by the text it prints by default (“目录”, “{年度}年决算数”):
/// its description says only that it is a fixed text of a form or the cover, the same for all.
fn label_of_label(help: &str) -> Option<String> {
    let text = help.strip_prefix("表格或封面上的固定文字，默认“")?.strip_suffix("”。")?;
    let short: String = text.chars().take(14).collect();
    let more = if text.chars().count() > 14 { "…" } else { "" };
    Some(format!("“{short}{more}”"))
}

/// The unit a number is written in, as its description names it.
fn unit_of(help: &str) -> Option<&'static str> {
    const UNITS: &[(&str, &str)] = &[
        ("万元", "万元"),
        ("百分数", "%"),
        ("（%", "%"),
        ("平方米", "㎡"),
        ("（人", "人"),
        ("人数", "人"),
        ("（辆", "辆"),
        ("车数", "辆"),
        ("个数", "个"),
    ];
    UNITS.iter().find(|(needle, _)| help.contains(needle)).map(|(_, u)| *u)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(nodes: &'a [Node], path: &str) -> Option<&'a Node> {
        for n in nodes {
            if n.path.join(".") == path {
                return Some(n);
            }
            if let Some(found) = find(&n.children, path) {
                return Some(found);
            }
        }
        None
    }

    fn all_paths(nodes: &[Node], out: &mut Vec<String>) {
        for n in nodes {
            out.push(n.path.join("."));
            all_paths(&n.children, out);
        }
    }

    #[test]
    fn every_key_of_the_format_is_on_the_form() {
        let schema = jixiao::input::schema::schema();
        let mut on_form = Vec::new();
        all_paths(&form(), &mut on_form);
        for path in jixiao::input::schema::property_paths(&schema) {
            assert!(
                on_form.contains(&path) || NOT_HERE.contains(&path.as_str()),
                "{path} is not on the form"
            );
        }
        assert!(find(&form(), "labels.department").is_some());
        assert!(find(&form(), "projects.items.name").is_some());
    }

    #[test]
    fn prose_offers_the_keys_and_names_patterns_and_settings_do_not() {
        let form = form();
        let cite = |path: &str| find(&form, path).unwrap_or_else(|| panic!("{path}")).cite;
        for prose in [
            "report.intro",
            "performance.summary",
            "closing.problems",
            "goals.text",
            "sections.heading",
            "sections.content",
            "outline_edits.content",
            "attachment2.notes",
            "attachment2.indicators.actual",
            "labels.contents",
            "cover.fields.value",
            "sentences",
        ] {
            assert!(cite(prose), "{prose}");
        }
        for other in [
            "report.year",
            "template",
            "settings.numbering",
            "settings.hide",
            "outline_edits.at",
            "goals.append",
            "fonts.path",
            "allow.reason",
            "form.phone",
            "attachment2.grade",
            "cover.fields.field",
            "stated",
        ] {
            assert!(!cite(other), "{other}");
        }
    }

    #[test]
    fn the_newer_keys_have_names_of_their_own() {
        let form = form();
        let label = |path: &str| find(&form, path).unwrap_or_else(|| panic!("{path}")).label.clone();
        assert_eq!(label("outline_edits"), "修改大纲中的几节");
        assert_eq!(label("outline_edits.at"), "改哪一节（标题）");
        assert_eq!(label("settings.hide"), "不印的部分");
        assert_eq!(label("settings.numbering_start"), "各级序号的起始数");
        assert_eq!(label("cover.fields"), "封面上的栏目");
        assert_eq!(label("attachment1.header"), "表上方的一行");
        assert_eq!(label("attachment2.notes"), "表下的说明");
        assert_eq!(label("sentences"), "生成的句子的写法");
        // A fixed text of the forms is named by what it prints: they were all “表格或封面上的固定文字”.
        assert_eq!(label("labels.contents"), "“目录”");
        assert_eq!(label("labels.department"), "“预算部门”");
        assert_eq!(label("labels.actual"), "“{年度}年决算数”");
        // No label is a bare key or the first words of a long description.
        let mut all = Vec::new();
        fn walk<'a>(nodes: &'a [Node], out: &mut Vec<&'a Node>) {
            for n in nodes {
                out.push(n);
                walk(&n.children, out);
            }
        }
        walk(&form, &mut all);
        for n in all {
            let last = n.path.last().map(String::as_str).unwrap_or("");
            assert!(n.label != last && !n.label.is_ascii(), "{} is labelled {:?}", n.path.join("."), n.label);
            assert!(
                n.label != "版式" && n.label != "表格或封面上的固定文字",
                "{}: {}",
                n.path.join("."),
                n.label
            );
        }
    }

    #[test]
    fn labels_units_and_kinds_read_as_a_clerk_expects() {
        let form = form();
        let reception = find(&form, "sangong.reception.actual").expect("field");
        assert_eq!(
            (reception.label.as_str(), reception.unit, reception.kind),
            ("本年决算数", Some("万元"), Kind::Number)
        );
        let in_service = find(&form, "organization.in_service").expect("field");
        assert_eq!((in_service.label.as_str(), in_service.unit), ("年末在职人员实有人数", Some("人")));
        let rate = find(&form, "satisfaction.rate").expect("field");
        assert_eq!(rate.unit, Some("%"));
        assert_eq!(find(&form, "projects.items").expect("rows").kind, Kind::Rows);
        assert_eq!(find(&form, "organization.duties").expect("texts").kind, Kind::Texts);
        assert_eq!(find(&form, "report.date").expect("date").kind, Kind::Date);
        let grade = find(&form, "attachment2.grade").expect("choice");
        assert_eq!(grade.choices, ["优秀", "良好", "中", "差"]);
        assert!(find(&form, "attachment2.columns").expect("layout").advanced);
        assert!(find(&form, "template").expect("template").suggestions.contains(&"县级".to_string()));
        assert!(!find(&form, "attachment2.indicators").expect("facts").advanced);
        // The report's order, not the alphabet's.
        let top: Vec<&str> = form.iter().map(|n| n.path[0].as_str()).collect();
        assert_eq!(&top[..3], ["report", "organization", "basic"]);
        let basic: Vec<String> = find(&form, "basic.personnel")
            .expect("group")
            .children
            .iter()
            .map(|c| c.path[2].clone())
            .collect();
        assert_eq!(basic[..3], ["actual", "last_year", "budget"]);
        let reception: Vec<&str> = find(&form, "sangong.reception")
            .expect("group")
            .children
            .iter()
            .map(|c| c.path[2].as_str())
            .collect();
        assert_eq!(reception, ["last_year", "budget", "actual", "note", "batches", "visitors"]);
        assert!(find(&form, "sangong.overseas.batches").is_none(), "批次 is for 公务接待 only");
        // The indicators are a table whose columns are fields of a row.
        let indicators = find(&form, "attachment2.indicators").expect("rows");
        assert!(!indicators.columns.is_empty());
        for column in &indicators.columns {
            assert!(
                indicators.children.iter().any(|c| c.path.last().map(String::as_str) == Some(*column)),
                "{column}"
            );
        }
    }
}
