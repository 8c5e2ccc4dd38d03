//! The outline of the report body as data: `[[sections]]`, each a heading at one of four
//! levels and its content — paragraphs and numbered items the author writes, and blocks that
//! jixiao writes from the figures ([`BlockKind`], the catalogue).
//!
//! The same type is read from a report (its own outline) and from a template file (the outline
//! a report gets when it has none).

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::leaf::NUMBER_MARK;
use super::{Choice, Chosen, Number, Span, Text};

/// One heading of the body and what stands under it, up to the next heading.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The heading text without its number (“单位基本情况”); jixiao numbers it.
    pub heading: Text,
    /// 1 (一、), 2 (（一）), 3 (1.) or 4 (（1）); 1 when left out.
    pub level: Option<Number>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<Content>,
}

/// What stands under a heading, in order.
#[derive(Debug, Clone)]
pub enum Content {
    /// A paragraph, first line indented two characters.
    Paragraph(Text),
    /// One numbered item, with an optional run-in lead (“聚焦疫情防控，……。”).
    Item { text: Text, lead: Option<Text>, span: Span },
    /// Several numbered items.
    Items { items: Vec<Text>, span: Span },
    /// A passage jixiao writes from the figures.
    Block { block: Chosen<BlockKind>, variant: Option<Text>, span: Span },
    /// A ruled table the author writes: rows of cells, header rows, spans, a caption.
    Table(Box<OutlineTable>),
}

/// A table in the outline (`{ table = [["…", "…"], …], header = 1, caption = "…" }`): rows of
/// cells as a spreadsheet holds them. A cell is text (with `{键}` references like any text) or
/// `{ text = "…", colspan = 2, rowspan = 2, align = "中" }`.
#[derive(Debug, Clone)]
pub struct OutlineTable {
    pub rows: Vec<TableRow>,
    /// How many leading rows are the header: printed as labels, repeated on every page.
    pub header: Option<Number>,
    /// The columns' widths as shares of the line (`[3, 2, 2]`); measured from the cells when
    /// left out. Never narrower than a column's widest word or figure.
    pub widths: Option<Vec<Number>>,
    /// Each column's alignment; by content when left out (figures right, text left).
    pub align: Option<Vec<Chosen<CellAlign>>>,
    /// The title above the table (“表1 2023年度收支情况”).
    pub caption: Option<Text>,
    pub span: Span,
}

impl OutlineTable {
    /// The number of columns: as many as `widths` or `align` name, else the first row covers.
    pub fn columns(&self) -> usize {
        if let Some(w) = &self.widths {
            return w.len();
        }
        if let Some(a) = &self.align {
            return a.len();
        }
        self.rows.first().map_or(0, |r| r.cells.iter().map(TableCell::colspan).sum())
    }

    /// The header rows (0 when left out or out of range).
    pub fn header_rows(&self) -> usize {
        self.header
            .as_ref()
            .and_then(|n| usize::try_from(n.value.trunc()).ok())
            .unwrap_or(0)
            .min(self.rows.len())
    }
}

/// One row of an outline table.
#[derive(Debug, Clone)]
pub struct TableRow {
    pub cells: Vec<TableCell>,
    pub span: Span,
}

/// One cell of an outline table.
#[derive(Debug, Clone)]
pub struct TableCell {
    pub text: Text,
    pub colspan: Option<Number>,
    pub rowspan: Option<Number>,
    pub align: Option<Chosen<CellAlign>>,
    pub span: Span,
}

impl TableCell {
    fn whole(n: &Option<Number>) -> usize {
        n.as_ref().and_then(|n| usize::try_from(n.value.trunc()).ok()).unwrap_or(1).max(1)
    }
    pub fn colspan(&self) -> usize {
        Self::whole(&self.colspan)
    }
    pub fn rowspan(&self) -> usize {
        Self::whole(&self.rowspan)
    }
}

/// How a column or a cell is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellAlign {
    Left,
    Center,
    Right,
}

impl Choice for CellAlign {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("左", CellAlign::Left),
        ("中", CellAlign::Center),
        ("右", CellAlign::Right),
        ("居左", CellAlign::Left),
        ("居中", CellAlign::Center),
        ("居右", CellAlign::Right),
    ];
}

impl Content {
    pub fn span(&self) -> Span {
        match self {
            Content::Paragraph(t) => t.span.clone(),
            Content::Item { span, .. } | Content::Items { span, .. } | Content::Block { span, .. } => {
                span.clone()
            }
            Content::Table(t) => t.span.clone(),
        }
    }
}

/// The catalogue of generated blocks. Each one is a small function in `compute::blocks`; any
/// block may stand under any heading, or be left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Staff,
    Retirees,
    Vehicles,
    BudgetUnits,
    Departments,
    Subordinates,
    Duties,
    Basic,
    Projects,
    GovernmentFund,
    StateCapital,
    SocialInsurance,
    Overview,
    Carryover,
    Income,
    Spending,
    Closing,
    Sangong,
    Satisfaction,
    Goals,
    Achievements,
    Conclusion,
    Problems,
    Measures,
    Application,
}

impl Choice for BlockKind {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("人员编制", BlockKind::Staff),
        ("离退休人员", BlockKind::Retirees),
        ("车辆", BlockKind::Vehicles),
        ("决算单位", BlockKind::BudgetUnits),
        ("内设机构", BlockKind::Departments),
        ("下属单位", BlockKind::Subordinates),
        ("职能职责", BlockKind::Duties),
        ("基本支出", BlockKind::Basic),
        ("项目支出", BlockKind::Projects),
        ("政府性基金", BlockKind::GovernmentFund),
        ("国有资本经营", BlockKind::StateCapital),
        ("社会保险基金", BlockKind::SocialInsurance),
        ("收支概况", BlockKind::Overview),
        ("年初结转和结余", BlockKind::Carryover),
        ("收入", BlockKind::Income),
        ("支出", BlockKind::Spending),
        ("年末结转和结余", BlockKind::Closing),
        ("三公经费", BlockKind::Sangong),
        ("满意度", BlockKind::Satisfaction),
        ("绩效目标", BlockKind::Goals),
        ("主要绩效", BlockKind::Achievements),
        ("评价结论", BlockKind::Conclusion),
        ("存在的问题", BlockKind::Problems),
        ("改进措施", BlockKind::Measures),
        ("结果应用", BlockKind::Application),
    ];
}

impl BlockKind {
    /// The block's name as written in the file.
    pub fn name(self) -> &'static str {
        Self::CHOICES.iter().find(|(_, k)| *k == self).map_or("", |(n, _)| n)
    }

    /// The wording variants of the block; the first is the default.
    pub fn variants(self) -> &'static [(&'static str, &'static str)] {
        match self {
            BlockKind::Income => &[
                ("占比", "总收入及各项收入占总收入的比例（“总收入：X万元。其中……占总收入的Y%”）"),
                ("同比", "收入及与上年相比的增减（“收入：X万元。同比上年度增加Y万元，增长Z%。其中：……”）"),
            ],
            BlockKind::Spending => &[
                ("执行率", "总支出和预算执行率（“总支出：X万元，预算执行率96%。”）"),
                (
                    "分类",
                    "支出按人员经费、公用经费、项目支出分列，再列出各项目（“支出：X万元。其中：人员经费支出……”）",
                ),
            ],
            BlockKind::Projects => &[
                ("增减", "项目支出合计及与上年相比的增减和原因"),
                ("列出项目", "项目支出合计及增减，并列出各项目的名称和金额"),
            ],
            BlockKind::Sangong => &[
                ("逐项", "每一项与本年预算数、上年决算数相比"),
                ("合计", "“三公”经费合计与预算数、上年数相比，再列出各项"),
            ],
            BlockKind::Conclusion => &[
                ("得分在后", "“……经评价组综合评价，……自评得分N分，评为“优秀”。”"),
                ("得分在前", "“经自评，……综合评分为N分，评价等级为“优秀”。”"),
            ],
            BlockKind::Carryover | BlockKind::Closing => &[
                ("本年度", "“年初结转和结余157.06万元，……”“本年度年末结转和结余70.01万元。”"),
                (
                    "冒号",
                    "“年初结转和结余：157.06万元。”“年末结转和结余：70.01万元。”，与“收入：”“支出：”并列",
                ),
            ],
            BlockKind::Duties | BlockKind::Problems | BlockKind::Measures => {
                &[("编号", "一条一个编号段落（1. 2. …）"), ("段落", "一条一段，不编号")]
            }
            _ => &[],
        }
    }
}

/// The data a block or a part reads: a section of the file, or a list or figure in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataKey {
    Organization,
    Staff,
    Retirees,
    Vehicles,
    BudgetUnits,
    Departments,
    Subordinates,
    Duties,
    Basic,
    Projects,
    Funds,
    Finance,
    Sangong,
    Satisfaction,
    Goals,
    Performance,
    Problems,
    Measures,
    Application,
    Indicators,
}

impl DataKey {
    /// Whether the file has this data (a section left out, a list empty: it does not).
    pub fn present(self, input: &super::Input) -> bool {
        let org = input.organization();
        match self {
            DataKey::Organization => input.organization.is_some(),
            DataKey::Staff => !org.staffing.is_empty() || org.in_service.is_some(),
            DataKey::Retirees => org.retired.is_some() || !org.retirees.is_empty(),
            DataKey::Vehicles => org.vehicles_authorized.is_some() || org.vehicles_actual.is_some(),
            DataKey::BudgetUnits => !org.budget_units.is_empty(),
            DataKey::Departments => !org.departments.is_empty(),
            DataKey::Subordinates => !org.subordinates.is_empty(),
            DataKey::Duties => !org.duties.is_empty(),
            // Each of the three is its own figure: a [basic] without one of them has no
            // 基本支出 total (a total whose addends are partly absent is absent), never one
            // summed with an implicit 0. The default component stands nowhere in the file.
            DataKey::Basic => input.basic.as_ref().is_some_and(|b| {
                [&b.personnel, &b.public, &b.capital].iter().all(|c| !c.actual.span.is_empty())
            }),
            DataKey::Projects => input.projects.is_some(),
            DataKey::Funds => true,
            DataKey::Finance => input.finance.is_some(),
            DataKey::Sangong => input.sangong.is_some(),
            DataKey::Satisfaction => input.satisfaction.is_some(),
            DataKey::Goals => !input.goals.is_empty(),
            DataKey::Performance => input.performance.is_some(),
            DataKey::Problems => !input.closing().problems.is_empty(),
            DataKey::Measures => !input.closing().measures.is_empty(),
            DataKey::Application => !input.closing().application.is_empty(),
            DataKey::Indicators => !input.attachment2.indicators.is_empty(),
        }
    }

    /// Where the data is in the file, as messages and listings name it.
    pub fn place(self) -> &'static str {
        match self {
            DataKey::Organization => "[organization]",
            DataKey::Staff => "[organization] staffing 或 in_service",
            DataKey::Retirees => "[organization] retired 或 retirees",
            DataKey::Vehicles => "[organization] vehicles_actual",
            DataKey::BudgetUnits => "[organization] budget_units",
            DataKey::Departments => "[organization] departments",
            DataKey::Subordinates => "[organization] subordinates",
            DataKey::Duties => "[organization] duties",
            DataKey::Basic => {
                "[basic] 的人员经费、日常公用经费、资本性支出（personnel、public、capital 三项）"
            }
            DataKey::Projects => "[projects]",
            DataKey::Funds => "[funds]",
            DataKey::Finance => "[finance]",
            DataKey::Sangong => "[sangong]",
            DataKey::Satisfaction => "[satisfaction]",
            DataKey::Goals => "[[goals]]",
            DataKey::Performance => "[performance]",
            DataKey::Problems => "[closing] problems",
            DataKey::Measures => "[closing] measures",
            DataKey::Application => "[closing] application",
            DataKey::Indicators => "[[attachment2.indicators]]",
        }
    }
}

impl BlockKind {
    /// What the block reads from the file.
    pub fn reads(self) -> &'static [DataKey] {
        use DataKey::*;
        match self {
            BlockKind::Staff => &[Staff],
            BlockKind::Retirees => &[Retirees],
            BlockKind::Vehicles => &[Vehicles],
            BlockKind::BudgetUnits => &[BudgetUnits],
            BlockKind::Departments => &[Departments],
            BlockKind::Subordinates => &[Subordinates],
            BlockKind::Duties => &[Duties],
            BlockKind::Basic => &[Basic],
            BlockKind::Projects => &[Projects],
            BlockKind::GovernmentFund | BlockKind::StateCapital | BlockKind::SocialInsurance => &[Funds],
            BlockKind::Overview | BlockKind::Spending | BlockKind::Closing => &[Finance, Basic, Projects],
            BlockKind::Carryover | BlockKind::Income => &[Finance],
            BlockKind::Sangong => &[Sangong],
            BlockKind::Satisfaction => &[Satisfaction],
            BlockKind::Goals => &[Goals],
            BlockKind::Achievements => &[Performance],
            BlockKind::Conclusion => &[Indicators],
            BlockKind::Problems => &[Problems],
            BlockKind::Measures => &[Measures],
            BlockKind::Application => &[Application],
        }
    }
}

impl Part {
    /// What the part reads from the file (the body: what its blocks read).
    pub fn reads(self) -> &'static [DataKey] {
        use DataKey::*;
        match self {
            Part::Cover | Part::Contents | Part::Body => &[],
            Part::Form1 => &[Organization, Basic, Projects, Sangong],
            Part::Form2 => &[Finance, Basic, Projects, Indicators],
            Part::ProjectForms => &[Projects],
        }
    }

    /// The part's name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Part::Cover => "封面",
            Part::Contents => "目录",
            Part::Body => "正文",
            Part::Form1 => "基础数据表（附件1）",
            Part::Form2 => "自评表（附件2）",
            Part::ProjectForms => "项目自评表",
        }
    }
}

/// The table form of a content entry, before it is known which kind it is.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContentTable {
    block: Option<Chosen<BlockKind>>,
    variant: Option<Text>,
    item: Option<Text>,
    lead: Option<Text>,
    items: Option<Vec<Text>>,
    table: Option<Vec<Spanned<Vec<Spanned<RawCell>>>>>,
    header: Option<Number>,
    widths: Option<Vec<Number>>,
    align: Option<Vec<Chosen<CellAlign>>>,
    caption: Option<Text>,
}

/// A cell as written: text, a number typed as it should print, or a table with spans.
enum RawCell {
    Text(String),
    Table(CellTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CellTable {
    text: Option<Text>,
    colspan: Option<Number>,
    rowspan: Option<Number>,
    align: Option<Chosen<CellAlign>>,
}

impl<'de> Deserialize<'de> for RawCell {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawCell;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("一格的文字，或 { text = \"…\", colspan = 2 }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawCell, E> {
                Ok(RawCell::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<RawCell, E> {
                Ok(RawCell::Text(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawCell, A::Error> {
                CellTable::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawCell::Table)
            }
        }
        d.deserialize_any(V)
    }
}

impl RawCell {
    fn into_cell(self, span: Span) -> TableCell {
        match self {
            // A number typed into a cell prints as it is written (“90”, “976.20”).
            RawCell::Text(s) => {
                let value = s.strip_prefix(NUMBER_MARK).map(str::to_string).unwrap_or(s);
                TableCell {
                    text: Text { value, span: span.clone() },
                    colspan: None,
                    rowspan: None,
                    align: None,
                    span,
                }
            }
            RawCell::Table(t) => TableCell {
                text: t.text.unwrap_or(Text { value: String::new(), span: span.clone() }),
                colspan: t.colspan,
                rowspan: t.rowspan,
                align: t.align,
                span,
            },
        }
    }
}

enum RawContent {
    Text(String),
    Table(Box<ContentTable>),
}

impl<'de> Deserialize<'de> for RawContent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawContent;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("文字或 { block = … }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawContent, E> {
                Ok(RawContent::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<RawContent, E> {
                Ok(RawContent::Text(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawContent, A::Error> {
                ContentTable::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|t| RawContent::Table(Box::new(t)))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Content {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<RawContent>::deserialize(d)?;
        let span = spanned.span();
        match spanned.into_inner() {
            RawContent::Text(s) => match s.strip_prefix(NUMBER_MARK) {
                Some(lit) => Err(de::Error::custom(format!("这里应填文字，请用英文双引号括起来：\"{lit}\""))),
                None => Ok(Content::Paragraph(Text { value: s, span })),
            },
            RawContent::Table(t) if t.table.is_some() => {
                if t.block.is_some()
                    || t.item.is_some()
                    || t.items.is_some()
                    || t.lead.is_some()
                    || t.variant.is_some()
                {
                    return Err(de::Error::custom(
                        "表格写 { table = [[\"…\", \"…\"], …] }，可加 header、widths、align、caption；不与 block、item、items 写在一起",
                    ));
                }
                let rows = t
                    .table
                    .unwrap_or_default()
                    .into_iter()
                    .map(|row| {
                        let row_span = row.span();
                        let cells = row
                            .into_inner()
                            .into_iter()
                            .map(|c| {
                                let span = c.span();
                                c.into_inner().into_cell(span)
                            })
                            .collect();
                        TableRow { cells, span: row_span }
                    })
                    .collect();
                Ok(Content::Table(Box::new(OutlineTable {
                    rows,
                    header: t.header,
                    widths: t.widths,
                    align: t.align,
                    caption: t.caption,
                    span,
                })))
            }
            RawContent::Table(t)
                if t.header.is_some() || t.widths.is_some() || t.align.is_some() || t.caption.is_some() =>
            {
                Err(de::Error::custom(
                    "header、widths、align、caption 是表格的写法，要与 table = [[…], …] 写在一起",
                ))
            }
            RawContent::Table(t) => match (t.block, t.item, t.items) {
                (Some(block), None, None) if t.lead.is_none() => {
                    Ok(Content::Block { block, variant: t.variant, span })
                }
                (None, Some(text), None) if t.variant.is_none() => {
                    Ok(Content::Item { text, lead: t.lead, span })
                }
                (None, None, Some(items)) if t.variant.is_none() && t.lead.is_none() => {
                    Ok(Content::Items { items, span })
                }
                _ => Err(de::Error::custom(
                    "这一项的写法不对：段落直接写 \"文字\"；编号的一条写 { item = \"…\" }（可加 lead = \"小标题\"）；\
                     几条写 { items = [\"…\", \"…\"] }；由数据生成的一段写 { block = \"名称\" }（可加 variant = \"写法\"）；\
                     表格写 { table = [[\"…\", \"…\"], …] }",
                )),
            },
        }
    }
}

/// As the file writes it: a paragraph as a string, the others as inline tables.
impl Serialize for Content {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = match self {
            Content::Paragraph(p) => return p.serialize(s),
            _ => s.serialize_map(None)?,
        };
        match self {
            Content::Paragraph(_) => {}
            Content::Item { text, lead, .. } => {
                map.serialize_entry("item", text)?;
                if let Some(lead) = lead {
                    map.serialize_entry("lead", lead)?;
                }
            }
            Content::Items { items, .. } => map.serialize_entry("items", items)?,
            Content::Block { block, variant, .. } => {
                map.serialize_entry("block", block)?;
                if let Some(v) = variant {
                    map.serialize_entry("variant", v)?;
                }
            }
            Content::Table(t) => {
                if let Some(c) = &t.caption {
                    map.serialize_entry("caption", c)?;
                }
                if let Some(h) = &t.header {
                    map.serialize_entry("header", h)?;
                }
                if let Some(w) = &t.widths {
                    map.serialize_entry("widths", w)?;
                }
                if let Some(a) = &t.align {
                    map.serialize_entry("align", a)?;
                }
                map.serialize_entry("table", &t.rows)?;
            }
        }
        map.end()
    }
}

/// A row as the file writes it: its cells in an array.
impl Serialize for TableRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.cells.serialize(s)
    }
}

/// A cell as the file writes it: its text alone, or a table when it spans or is aligned.
impl Serialize for TableCell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if self.colspan.is_none() && self.rowspan.is_none() && self.align.is_none() {
            return self.text.serialize(s);
        }
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("text", &self.text)?;
        if let Some(n) = &self.colspan {
            map.serialize_entry("colspan", n)?;
        }
        if let Some(n) = &self.rowspan {
            map.serialize_entry("rowspan", n)?;
        }
        if let Some(a) = &self.align {
            map.serialize_entry("align", a)?;
        }
        map.end()
    }
}

impl JsonSchema for Content {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Content".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let blocks: Vec<&str> = BlockKind::CHOICES.iter().map(|(n, _)| *n).collect();
        let aligns: Vec<&str> = CellAlign::CHOICES.iter().map(|(n, _)| *n).collect();
        schemars::json_schema!({
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["block"],
                    "properties": { "block": { "type": "string", "enum": blocks }, "variant": { "type": "string" } }
                },
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["item"],
                    "properties": { "item": { "type": "string" }, "lead": { "type": "string" } }
                },
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["items"],
                    "properties": { "items": { "type": "array", "items": { "type": "string" } } }
                },
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["table"],
                    "properties": {
                        "table": {
                            "type": "array",
                            "items": { "type": "array", "items": { "anyOf": [
                                { "type": "string" },
                                { "type": "number" },
                                {
                                    "type": "object",
                                    "additionalProperties": false,
                                    "properties": {
                                        "text": { "type": "string" },
                                        "colspan": { "type": "integer", "minimum": 1 },
                                        "rowspan": { "type": "integer", "minimum": 1 },
                                        "align": { "type": "string", "enum": aligns }
                                    }
                                }
                            ] } }
                        },
                        "header": { "type": "integer", "minimum": 0 },
                        "widths": { "type": "array", "items": { "type": "number", "minimum": 0 } },
                        "align": { "type": "array", "items": { "type": "string", "enum": aligns } },
                        "caption": { "type": "string" }
                    }
                }
            ]
        })
    }
}

/// Which printed part a build produces, in the order of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    Cover,
    /// 目录: the headings of the parts after it, with their page numbers.
    Contents,
    Body,
    Form1,
    Form2,
    /// The 自评表 of `[[project_forms]]`, one after the other.
    ProjectForms,
}

impl Choice for Part {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("封面", Part::Cover),
        ("目录", Part::Contents),
        ("正文", Part::Body),
        ("基础数据表", Part::Form1),
        ("自评表", Part::Form2),
        ("附件1", Part::Form1),
        ("附件2", Part::Form2),
        ("项目自评表", Part::ProjectForms),
    ];
}
