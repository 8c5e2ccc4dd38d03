//! The input: one TOML file that describes a department's year, mirrored one to one by these
//! types. Every leaf keeps its place in the file so that a finding can point at it.
//!
//! Public entry: [`load`]. Nothing here computes: figures that can be derived (totals, rates,
//! shares, scores, the grade) have no field, so they cannot disagree with their parts.

pub mod docs;
mod leaf;
mod load;
pub mod schema;

pub use leaf::{Choice, Chosen, Date, MAX_MAGNITUDE, Number, Span, Text};
pub use load::{LoadError, MAX_INPUT_BYTES, SourceFile, load, load_bytes, load_str};

use schemars::JsonSchema;
use serde::Deserialize;

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
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Input {
    pub report: ReportInfo,
    pub organization: Organization,
    pub basic: Basic,
    pub projects: Projects,
    #[serde(default)]
    pub funds: Funds,
    pub finance: Finance,
    pub sangong: Sangong,
    pub satisfaction: Option<Satisfaction>,
    #[serde(default)]
    pub goals: Vec<Goal>,
    pub performance: Performance,
    pub closing: Closing,
    pub attachment1: Attachment1,
    pub attachment2: Attachment2,
    #[serde(default)]
    pub form: Form,
    #[serde(default)]
    pub settings: Settings,
    /// Fonts an office owns (方正小标宋, 仿宋_GB2312 …) and the roles they take.
    pub fonts: Option<FontSettings>,
    /// Findings the author has looked at and lets stand, each with the reason.
    #[serde(default)]
    pub allow: Vec<Allow>,
}

/// `[fonts]`: a folder of font files (relative to the TOML file) and the family to use for each
/// role. A role left out keeps the embedded free font.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    pub code: Text,
    pub reason: Text,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInfo {
    pub year: Number,
    pub department: Text,
    pub department_full_name: Option<Text>,
    pub department_short_name: Option<Text>,
    pub title_lines: Option<Vec<Text>>,
    pub intro: Text,
    /// The document date (PDF metadata; PDF/A needs one). Printed only with `signature`.
    pub date: Option<Date>,
    /// 署名: when given, printed after the 附件说明 with the date as 成文日期.
    pub signature: Option<Text>,
    /// A revision of a published report: number, date and what changed.
    pub revision: Option<Revision>,
}

/// `[report.revision]`: the report was corrected after publication.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub staffing: Vec<StaffingKind>,
    pub in_service: Number,
    pub seconded: Option<Seconded>,
    pub retired: Number,
    pub vehicles_authorized: Number,
    pub vehicles_actual: Number,
    pub budget_units: Vec<Text>,
    pub budget_units_note: Option<Text>,
    pub duties: Vec<Text>,
}

/// One kind of 编制 (行政编制, 参公事业编制, 事业编制 …).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffingKind {
    pub kind: Text,
    pub count: Number,
    pub note: Option<Text>,
}

/// Staff paid by the department but holding no post of its 编制 (e.g. a 派驻纪检监察组). 附件1
/// counts them in both 编制数 and 实际在职人数.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Seconded {
    pub unit: Text,
    pub count: Number,
}

/// 二（一）基本支出.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Basic {
    pub definition: Option<Text>,
    pub personnel: Component,
    pub public: Component,
    pub capital: Component,
    pub budget: BasicBudget,
    #[serde(default)]
    pub public_items: Vec<Line>,
}

/// One component of 基本支出 this year and last.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub actual: Number,
    pub last_year: Number,
    pub budget: Option<Number>,
    pub reason: Option<Text>,
    pub description: Option<Text>,
}

/// 部门基本支出预算调整: the budget at the start of the year and after adjustment.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BasicBudget {
    pub initial: Number,
    pub adjusted: Number,
}

/// A row of 附件1 with last year's 决算, this year's 预算 and 决算.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub name: Text,
    pub last_year: Number,
    pub budget: Number,
    pub actual: Number,
}

/// 二（二）项目支出.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Projects {
    pub definition: Option<Text>,
    pub reason: Option<Text>,
    pub items: Vec<Line>,
}

/// 三、四、五: spending from the other three budgets (0 or absent: none).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Funds {
    pub government_fund: Option<Number>,
    pub state_capital: Option<Number>,
    pub social_insurance: Option<Number>,
}

/// 六（一）部门整体支出概况.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finance {
    pub carryover: Number,
    pub carryover_note: Option<Text>,
    pub closing_note: Option<Text>,
    pub initial_budget: Number,
    pub income: Vec<Income>,
    pub by_source: BySource,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Income {
    pub name: Text,
    pub amount: Number,
}

/// 附件2 按收入性质分. A missing figure prints as a blank cell, which is not the same as 0.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BySource {
    pub general: Option<Number>,
    pub government_fund: Option<Number>,
    pub special_account: Option<Number>,
    pub other: Option<Number>,
}

/// “三公”经费.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sangong {
    pub vehicle_purchase: SangongItem,
    pub vehicle_operation: SangongItem,
    pub overseas: SangongItem,
    pub reception: SangongItem,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SangongItem {
    pub last_year: Number,
    pub budget: Number,
    pub actual: Number,
    pub note: Option<Text>,
    /// 公务接待 only: 批次 and 人次.
    pub batches: Option<Number>,
    pub visitors: Option<Number>,
}

/// 服务对象满意度: the survey result and the target it is measured against.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Satisfaction {
    pub subject: Text,
    pub rate: Number,
    pub target: Number,
}

/// One paragraph of 六（二）整体支出绩效目标: “label：text”, optionally followed by a passage
/// generated from the data.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub label: Text,
    pub text: Option<Text>,
    pub append: Option<Chosen<Generated>>,
}

/// Passages jixiao writes from the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generated {
    Sangong,
    Satisfaction,
}

impl Choice for Generated {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("三公经费", Generated::Sangong), ("满意度", Generated::Satisfaction)];
}

/// 六（三）主要绩效及评价结论.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Performance {
    pub summary: Option<Text>,
    #[serde(default)]
    pub achievements: Vec<Achievement>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Achievement {
    pub title: Text,
    pub text: Text,
}

/// 七、八、九.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    pub problems: Vec<Text>,
    pub measures: Vec<Text>,
    pub application: Vec<Text>,
}

/// 附件1 figures that appear nowhere else.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment1 {
    pub procurement_budget: Option<Number>,
    pub procurement_actual: Option<Number>,
    #[serde(default)]
    pub buildings: Vec<Building>,
    #[serde(default)]
    pub frugality: Vec<Text>,
}

/// 楼堂馆所 completed this year.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Building {
    pub name: Text,
    pub approved_area: Number,
    pub actual_area: Number,
    pub budget_investment: Number,
    pub actual_investment: Number,
}

/// 附件2 自评表.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment2 {
    /// Which printed form: the 2020 form (default), one without 分值/得分, or one with
    /// 指标性质 and 度量单位 columns.
    pub form: Option<Chosen<FormVariant>>,
    /// The grade as the evaluation group gave it; needed on a form without scores, checked
    /// against the total on a scored one.
    pub grade: Option<Chosen<GradeChoice>>,
    pub execution_weight: Number,
    pub execution_score: Option<Number>,
    pub overall_goal: Option<Text>,
    pub overall_result: Option<Text>,
    pub indicators: Vec<Indicator>,
}

/// One row of 绩效指标. `level1`/`level2` left out continue those of the row above, as merged
/// cells do in the printed form.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub level1: Option<Text>,
    pub level2: Option<Text>,
    pub name: Text,
    pub target: Option<Text>,
    pub actual: Option<Text>,
    pub from: Option<Chosen<Generated>>,
    pub weight: Option<Number>,
    pub score: Option<Number>,
    pub analysis: Option<Text>,
    /// 度量单位 and 指标性质 (正向/反向, 定量/定性), for the form that has those columns.
    pub unit: Option<Text>,
    pub nature: Option<Text>,
}

/// The printed form of 附件2: provinces and years differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormVariant {
    #[default]
    Scored,
    Unscored,
    WithNature,
}

impl Choice for FormVariant {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("2020", FormVariant::Scored),
        ("无分值", FormVariant::Unscored),
        ("含指标性质", FormVariant::WithNature),
    ];
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

/// The 填表人 line under both attachment tables.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Form {
    pub filled_by: Option<Text>,
    pub date: Option<Text>,
    pub phone: Option<Text>,
}

/// Settings of the document (numbering style, scoring rule, …).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub level3_numbering: Option<Chosen<Level3Numbering>>,
    pub execution_rate_decimals: Option<Number>,
    pub execution_score_rule: Option<Chosen<ScoreRule>>,
    pub placeholder_rows: Option<bool>,
    pub page_numbers: Option<Chosen<PageNumbers>>,
    pub bold_level3: Option<bool>,
}

/// How level-3 items are numbered: GB/T 9704 writes “1.”, many finance offices “1、”.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level3Numbering {
    #[default]
    Dot,
    Comma,
}

impl Choice for Level3Numbering {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("1.", Level3Numbering::Dot), ("1、", Level3Numbering::Comma)];
}

/// How the 预算执行率 score is derived from the rate. There is no single national rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScoreRule {
    /// Full marks at 100%, one point off per whole percentage point below (the seed: 96% → 6).
    #[default]
    PointPerPercent,
    /// rate × weight.
    Proportional,
    /// Two points off per started five percentage points below.
    TwoPerFive,
}

impl Choice for ScoreRule {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("每低1个百分点扣1分", ScoreRule::PointPerPercent),
        ("按比例", ScoreRule::Proportional),
        ("每低5个百分点扣2分", ScoreRule::TwoPerFive),
    ];
}

/// Where page numbers go: odd right / even left (for double-sided print) or centred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageNumbers {
    #[default]
    OddEven,
    Centered,
}

impl Choice for PageNumbers {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("单双页", PageNumbers::OddEven), ("居中", PageNumbers::Centered)];
}
