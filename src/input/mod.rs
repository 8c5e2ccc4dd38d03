//! The input: one TOML file that describes a department's year, mirrored one to one by these
//! types. Every leaf keeps its place in the file so that a finding can point at it.
//!
//! Public entry: [`load`]. Nothing here computes: figures that can be derived (totals, rates,
//! shares, scores, the grade) have no field, so they cannot disagree with their parts.

pub mod docs;
mod edits;
mod layout;
mod leaf;
mod load;
mod outline;
pub mod paths;
pub mod schema;
pub mod template;

pub use crate::source::SourceFile;
pub use edits::{EditAction, OutlineEdit};
pub use layout::*;
pub(crate) use leaf::NUMBER_MARK;
pub use leaf::{Choice, Chosen, Date, MAX_MAGNITUDE, Number, Span, Text};
pub use load::{LoadError, MAX_INPUT_BYTES, load, load_bytes, load_str};
pub use outline::{BlockKind, CellAlign, Content, DataKey, OutlineTable, Part, Section, TableCell, TableRow};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a “still to fill” marker starts: `jixiao init` writes `【待填写：单位名称】` into text
/// fields, so that the PDF of an unfinished report shows where it is unfinished, and `check`
/// lists every marker left (J308).
pub const TODO_OPEN: &str = "【待填写：";
/// How a marker ends.
pub const TODO_CLOSE: &str = "】";

/// The marker for a text still to fill, with a hint of what goes there.
pub fn todo(hint: &str) -> String {
    format!("{TODO_OPEN}{hint}{TODO_CLOSE}")
}

/// The whole source file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The template: a preset's name (`jixiao templates`) or the path of a template file,
    /// relative to this file. The seed's 湖南 2020 template when left out.
    pub template: Option<Text>,
    pub report: ReportInfo,
    /// The body's outline; when left out, the template's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// Changes to the template's outline, one section at a time (applied at load).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outline_edits: Vec<OutlineEdit>,
    pub cover: Option<Cover>,
    pub organization: Option<Organization>,
    pub basic: Option<Basic>,
    pub projects: Option<Projects>,
    #[serde(default)]
    pub funds: Funds,
    pub finance: Option<Finance>,
    pub sangong: Option<Sangong>,
    pub satisfaction: Option<Satisfaction>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Goal>,
    pub performance: Option<Performance>,
    pub closing: Option<Closing>,
    #[serde(default)]
    pub attachment1: Attachment1,
    #[serde(default)]
    pub attachment2: Attachment2,
    /// More 自评表, one per project (`[[project_forms]]`), printed after the department's as
    /// the part “项目自评表”.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub project_forms: Vec<Attachment2>,
    #[serde(default)]
    pub form: Form,
    // After the data, with the other layout keys: `jixiao init` writes the fields in this order.
    #[serde(default)]
    pub labels: Labels,
    #[serde(default)]
    pub settings: Settings,
    /// Fonts an office owns (方正小标宋, 仿宋_GB2312 …) and the roles they take.
    pub fonts: Option<FontSettings>,
    /// Findings the author has looked at and lets stand, each with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
    /// Printed figures as published, by their key (`jixiao keys`): `"总收入" = 1706.98`. What
    /// prints, and for the totals the rest derive from (总收入, 总支出, 全年预算数, 全年执行数)
    /// what the figures that depend on them use. `check` compares each with what the inputs
    /// give, where they give it (J212).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub stated: std::collections::BTreeMap<String, Number>,
    /// Layout: the wording of generated blocks as patterns over figure keys, by block name
    /// (`"车辆"`, or `"评价结论/得分在前"` for one wording variant), each a list of alternatives:
    /// the first whose every `{键}` the report has prints. Overrides the template's.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub sentences: std::collections::BTreeMap<String, Vec<Text>>,
    /// Not a key of the file: the template it names, and that template's bases, loaded by
    /// [`load`] (the default preset last).
    #[serde(skip)]
    #[schemars(skip)]
    pub templates: Vec<template::Loaded>,
    /// `[fonts] path`, resolved and confined by [`load`] (see `paths`): the folder itself,
    /// never a path outside the report's folder unless the command line widened it.
    #[serde(skip)]
    #[schemars(skip)]
    pub font_dir: Option<std::path::PathBuf>,
}

/// An empty section of the file, for a report that leaves it out (`check` says when a part
/// that will print needs it).
macro_rules! section_or_default {
    ($($name:ident: $ty:ty),* $(,)?) => {
        impl Input {
            $(
                pub fn $name(&self) -> &$ty {
                    static EMPTY: std::sync::LazyLock<$ty> = std::sync::LazyLock::new(<$ty>::default);
                    self.$name.as_ref().unwrap_or(&EMPTY)
                }
            )*
        }
    };
}

section_or_default! {
    organization: Organization,
    basic: Basic,
    projects: Projects,
    finance: Finance,
    sangong: Sangong,
    performance: Performance,
    closing: Closing,
}

/// `[fonts]`: a folder of font files (relative to the TOML file) and the family to use for each
/// role. A role left out keeps the embedded free font.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FontSettings {
    pub path: Option<Text>,
    /// 仿宋: body text and forms, e.g. "FangSong_GB2312".
    pub fangsong: Option<Text>,
    /// 楷体: level-2 headings, e.g. "KaiTi_GB2312".
    pub kaiti: Option<Text>,
    /// 黑体: level-1 headings, attachment labels, e.g. "SimHei".
    pub heiti: Option<Text>,
    /// 宋体: page numbers, e.g. "SimSun".
    pub songti: Option<Text>,
    /// 小标宋: the title, e.g. "FZXiaoBiaoSong-B05S".
    pub xiaobiaosong: Option<Text>,
}

/// `[[allow]] code = "J301", reason = "…"`: a warning the author knows better about. The
/// finding is still shown, as a note with the reason; errors cannot be allowed.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    pub code: Text,
    pub reason: Text,
    /// The place it covers: a key (`finance.by_source.general`) or a row
    /// (`projects.items[2]`, counted from 1). The whole file when left out (warnings only).
    pub at: Option<Text>,
    /// The amounts a J2xx disagreement had when it was allowed (`check` prints the line to
    /// copy). When the figures change, the allow no longer excuses: an approved table is
    /// approved with its numbers.
    pub amounts: Option<Vec<Number>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInfo {
    pub year: Number,
    pub department: Text,
    pub department_full_name: Option<Text>,
    pub department_short_name: Option<Text>,
    pub title_lines: Option<Vec<Text>>,
    /// The paragraph under the title; none when left out.
    pub intro: Option<Text>,
    /// What this build prints, in order; the template's parts when left out.
    pub parts: Option<Vec<Chosen<Part>>>,
    /// The document date (PDF metadata; PDF/A needs one). Printed only with `signature`.
    pub date: Option<Date>,
    /// 署名: when given, printed after the 附件说明 with the date as 成文日期.
    pub signature: Option<Text>,
    /// A revision of a published report: number, date and what changed.
    pub revision: Option<Revision>,
}

/// `[report.revision]`: the report was corrected after publication.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub number: Number,
    pub date: Date,
    pub note: Text,
    /// Print a line under the title saying this is a corrected version.
    #[serde(default)]
    pub print: bool,
}

/// 一（一）组织机构设置情况.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staffing: Vec<StaffingKind>,
    pub in_service: Option<Number>,
    pub seconded: Option<Seconded>,
    /// 退休人员 as one figure; or `retirees` by kind.
    pub retired: Option<Number>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retirees: Vec<StaffingKind>,
    pub vehicles_authorized: Option<Number>,
    pub vehicles_actual: Option<Number>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub budget_units: Vec<Text>,
    pub budget_units_count: Option<Number>,
    pub budget_units_note: Option<Text>,
    /// 内设机构, and the count a document states for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departments: Vec<Text>,
    pub departments_count: Option<Number>,
    /// 下属单位 (直属单位, 二级预算单位 …), the count stated, and what the report calls them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subordinates: Vec<Text>,
    pub subordinates_count: Option<Number>,
    pub subordinates_label: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duties: Vec<Text>,
}

/// One kind of 编制 (行政编制, 参公事业编制, 事业编制 …).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffingKind {
    pub kind: Text,
    pub count: Number,
    pub note: Option<Text>,
}

/// Staff paid by the department but holding no post of its 编制 (e.g. a 派驻纪检监察组). 附件1
/// counts them in both 编制数 and 实际在职人数.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Seconded {
    pub unit: Text,
    pub count: Number,
}

/// 二（一）基本支出.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Basic {
    pub definition: Option<Text>,
    #[serde(default)]
    pub personnel: Component,
    #[serde(default)]
    pub public: Component,
    #[serde(default)]
    pub capital: Component,
    #[serde(default)]
    pub budget: BasicBudget,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub public_items: Vec<Line>,
}

/// One component of 基本支出 this year and last. A `last_year` left out is not stated (a new
/// unit, a reorganisation): the report then makes no comparison.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub actual: Number,
    pub last_year: Option<Number>,
    pub budget: Option<Number>,
    pub reason: Option<Text>,
    pub description: Option<Text>,
}

/// 部门基本支出预算调整: the budget at the start of the year and after adjustment. Blank cells
/// when left out.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BasicBudget {
    pub initial: Option<Number>,
    pub adjusted: Option<Number>,
}

/// A row of 附件1 with last year's 决算, this year's 预算 and 决算. A figure left out prints as
/// a blank cell, which is not the same as 0.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub name: Text,
    pub last_year: Option<Number>,
    /// The budget at the start of the year, when a form shows it instead of the full-year one.
    pub initial: Option<Number>,
    pub budget: Option<Number>,
    pub actual: Option<Number>,
}

/// 二（二）项目支出.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Projects {
    pub definition: Option<Text>,
    pub reason: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Line>,
}

/// 三、四、五: spending from the other three budgets (0 or absent: none).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Funds {
    pub government_fund: Option<Number>,
    pub state_capital: Option<Number>,
    pub social_insurance: Option<Number>,
}

/// 六（一）部门整体支出概况.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finance {
    pub carryover: Number,
    pub carryover_note: Option<Text>,
    pub closing_note: Option<Text>,
    pub initial_budget: Option<Number>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub income: Vec<Income>,
    #[serde(default)]
    pub by_source: BySource,
    /// 附件2 按支出性质分 as an approved table prints it, when it is not what the figures give
    /// (left out: computed). `check` compares its sum with the total it splits.
    pub by_nature: Option<ByNatureLines>,
    /// The national 自评表's rows by source of funds: what was budgeted at the start of the year
    /// and what was spent from each. The full-year budget of each comes from the income lines
    /// and the carryover.
    pub funding: Option<Funding>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Income {
    pub name: Text,
    pub amount: Number,
    /// Last year's figure, for the wording with 同比 (left out: not stated).
    pub last_year: Option<Number>,
    /// 财政拨款 or 其他; by the name when left out (a name with “财政拨款” is one).
    pub kind: Option<Chosen<IncomeKind>>,
}

/// Whether an income line is a 财政拨款 (the national 自评表's 当年财政拨款 row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomeKind {
    Appropriation,
    Other,
}

impl Choice for IncomeKind {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("财政拨款", IncomeKind::Appropriation), ("其他", IncomeKind::Other)];
}

/// `[finance.by_nature]`: the two lines of 按支出性质分 as stated.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ByNatureLines {
    pub basic: Option<Number>,
    pub projects: Option<Number>,
}

/// `[finance.funding]`: the national form's three rows.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    #[serde(default)]
    pub appropriation: FundingRow,
    #[serde(default)]
    pub carryover: FundingRow,
    #[serde(default)]
    pub other: FundingRow,
}

/// The 年初预算数 and 全年执行数 of one source of funds; blank when left out.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingRow {
    pub initial: Option<Number>,
    pub executed: Option<Number>,
}

/// 附件2 按收入性质分. A missing figure prints as a blank cell, which is not the same as 0.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BySource {
    pub general: Option<Number>,
    pub government_fund: Option<Number>,
    pub special_account: Option<Number>,
    pub other: Option<Number>,
}

/// “三公”经费.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sangong {
    #[serde(default)]
    pub vehicle_purchase: SangongItem,
    #[serde(default)]
    pub vehicle_operation: SangongItem,
    #[serde(default)]
    pub overseas: SangongItem,
    #[serde(default)]
    pub reception: SangongItem,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SangongItem {
    /// Left out: not stated (no comparison with last year).
    pub last_year: Option<Number>,
    pub budget: Number,
    pub actual: Number,
    pub note: Option<Text>,
    /// 公务接待 only: 批次 and 人次.
    pub batches: Option<Number>,
    pub visitors: Option<Number>,
}

/// 服务对象满意度: the survey result and the target it is measured against.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Satisfaction {
    pub subject: Text,
    /// Whom the survey asked about: “对我局”, “对机关服务保障工作” (default “对单位”).
    pub object: Option<Text>,
    pub rate: Number,
    pub target: Number,
}

/// One paragraph of 六（二）整体支出绩效目标: “label：text”, optionally followed by a passage
/// generated from the data.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub label: Text,
    pub text: Option<Text>,
    pub append: Option<Chosen<Generated>>,
}

/// Passages and cells jixiao writes from the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generated {
    Sangong,
    Satisfaction,
    /// The 预算执行率 row of a score sheet: weight, rate and score from the figures.
    Execution,
}

impl Choice for Generated {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("三公经费", Generated::Sangong),
        ("满意度", Generated::Satisfaction),
        ("预算执行率", Generated::Execution),
    ];
}

/// 六（三）主要绩效及评价结论.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Performance {
    pub summary: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub achievements: Vec<Achievement>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Achievement {
    pub title: Text,
    pub text: Text,
}

/// 七、八、九.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub application: Vec<Text>,
}

/// 附件1: the figures that appear nowhere else, and (in a template, or to override it) how the
/// form is laid out.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment1 {
    pub procurement_budget: Option<Number>,
    pub procurement_actual: Option<Number>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buildings: Vec<Building>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frugality: Vec<Text>,
    /// Layout: the form's name in the 附件说明.
    pub name: Option<Text>,
    /// Layout: the title as printed, line by line (`{年度}` is the report year).
    pub title: Option<Vec<Text>>,
    /// Layout: the rows of 经费控制情况.
    pub rows: Option<Vec<RowSpec>>,
    /// Layout: which budget the project rows show.
    pub budget_column: Option<Chosen<BudgetColumn>>,
    /// Layout: print the 填表人 line under the form.
    pub signoff: Option<bool>,
    /// A line of items above the form (单位名称：…, 填报日期：…).
    pub header: Option<Vec<Text>>,
}

/// 楼堂馆所 completed this year. A figure left out prints as a blank cell.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Building {
    pub name: Option<Text>,
    pub approved_area: Option<Number>,
    pub actual_area: Option<Number>,
    pub budget_investment: Option<Number>,
    pub actual_investment: Option<Number>,
}

/// 附件2 自评表: the scores and indicators, and (in a template, or to override it) which form
/// and how it is laid out.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment2 {
    /// `[[project_forms]]` only: the project of `[[projects.items]]` this form scores; its
    /// budget and spending give the form's 全年预算数, 全年执行数 and 执行率.
    pub project: Option<Text>,
    /// Layout: which printed form.
    pub form: Option<Chosen<FormVariant>>,
    /// Layout: the form's name in the 附件说明.
    pub name: Option<Text>,
    /// Layout: the title as printed, line by line.
    pub title: Option<Vec<Text>>,
    /// Layout: the indicator columns after the names, in order.
    pub columns: Option<Vec<ColumnSpec>>,
    /// Layout: the headers of the name columns, 一级 and 二级 first; one header for a flat list.
    pub levels: Option<Vec<Text>>,
    /// Layout: print each 一级指标's total weight under its name (“（50分）”).
    pub level1_weight: Option<bool>,
    /// Layout: a 分值 column after each level's name column (一级, 二级), holding that
    /// indicator's total weight over its rows.
    pub level_weight_columns: Option<bool>,
    /// Layout: print each 二级指标's total weight under its name (“（20分）”), like
    /// `level1_weight` for the 一级.
    pub level2_weight: Option<bool>,
    /// Layout: print each indicator's own weight after its name (“预算执行率（5分）”).
    pub name_weight: Option<bool>,
    /// Layout: which figure the 按支出性质分 lines show.
    pub by_nature: Option<Chosen<ByNature>>,
    /// Layout: print each breakdown's total in its label cell (“按收入性质分：1864.04”).
    pub split_totals: Option<bool>,
    /// Layout: print the 填表人 line under the form.
    pub signoff: Option<bool>,
    /// A line of items above the form (单位名称：…, 填报日期：…).
    pub header: Option<Vec<Text>>,
    /// Lines printed under the form (备注：the scoring rules, 说明：…), each a paragraph.
    pub notes: Option<Vec<Text>>,
    /// Rows that are no indicator, each a label and a text across the table.
    pub extra_rows: Option<Vec<ExtraRow>>,
    /// The grade as the evaluation group gave it; needed on a form without scores, checked
    /// against the total on a scored one.
    pub grade: Option<Chosen<GradeChoice>>,
    pub execution_weight: Option<Number>,
    pub execution_score: Option<Number>,
    pub overall_goal: Option<Text>,
    pub overall_goal_adjusted: Option<Text>,
    pub overall_result: Option<Text>,
    /// 重庆: the finance bureau's division and the department's contact.
    pub finance_office: Option<Text>,
    pub contact: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
}

/// One row of 绩效指标. `level1`/`level2` left out continue those of the row above, as merged
/// cells do in the printed form.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub level1: Option<Text>,
    pub level2: Option<Text>,
    pub name: Text,
    pub target: Option<Text>,
    pub target_adjusted: Option<Text>,
    pub actual: Option<Text>,
    pub from: Option<Chosen<Generated>>,
    pub weight: Option<Number>,
    pub score: Option<Number>,
    /// 得分系数 in percent; the score is then weight × coefficient.
    pub coefficient: Option<Number>,
    /// 是否核心指标.
    pub core: Option<bool>,
    pub analysis: Option<Text>,
    pub unit: Option<Text>,
    pub nature: Option<Text>,
    pub explanation: Option<Text>,
    pub criteria: Option<Text>,
}

/// A grade as written by the author.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradeChoice {
    Excellent,
    Good,
    Fair,
    Poor,
}

impl Choice for GradeChoice {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("优秀", GradeChoice::Excellent),
        ("良好", GradeChoice::Good),
        ("中", GradeChoice::Fair),
        ("差", GradeChoice::Poor),
    ];
}

/// `[cover]`: a cover page before the report, with the fields of a finance bureau's form.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    /// The title as printed on the cover, line by line.
    pub title: Option<Vec<Text>>,
    pub unit: Option<Text>,
    pub supervisor: Option<Text>,
    pub evaluation_type: Option<Chosen<EvaluationType>>,
    pub method: Option<Text>,
    pub evaluator: Option<Text>,
    pub date: Option<Text>,
    pub issuer: Option<Text>,
    pub unit_opinion: Option<Text>,
    pub bureau_opinion: Option<Text>,
    /// Layout: the fields of the cover in order; the six built-in ones when left out.
    pub fields: Option<Vec<CoverField>>,
}

/// One line of the cover: a built-in field (its value from the report), or the template's own
/// label with the report's value (预算编码, 评价小组).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverField {
    pub field: Option<Chosen<CoverItem>>,
    pub label: Option<Text>,
    pub value: Option<Text>,
}

/// The built-in lines of the cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverItem {
    Unit,
    Supervisor,
    Type,
    Method,
    Evaluator,
    Date,
}

impl Choice for CoverItem {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("单位名称", CoverItem::Unit),
        ("主管部门", CoverItem::Supervisor),
        ("评价类型", CoverItem::Type),
        ("评价方式", CoverItem::Method),
        ("评价机构", CoverItem::Evaluator),
        ("报告日期", CoverItem::Date),
    ];
}

/// 评价类型 on the cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvaluationType {
    Whole,
    Project,
}

impl Choice for EvaluationType {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("部门整体支出", EvaluationType::Whole), ("项目支出", EvaluationType::Project)];
}

/// The 填表人 line under both attachment tables.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Form {
    pub filled_by: Option<Text>,
    pub date: Option<Text>,
    pub phone: Option<Text>,
}
