//! The layout keys that a template file and a report share: the printed labels of the forms and
//! the cover (`[labels]`), the document settings (`[settings]`), and the choices that shape the
//! two forms (which 自评表, which columns, which rows of 附件1, which figure a cell shows).
//!
//! A report's value wins over its template's, the template's over its base's, and the default
//! preset (the seed's 湖南 2020 template) answers last: every label and setting has a value
//! there, so nothing printed is hard-coded in Rust or Typst.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Choice, Chosen, Number, Text};

macro_rules! labels {
    ($($key:ident),* $(,)?) => {
        /// `[labels]`: every fixed wording of the forms and the cover. Text in `{}` is filled in:
        /// `{年度}`, `{上年}`, `{单位}`.
        #[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Labels {
            $(pub $key: Option<Text>,)*
        }

        impl Labels {
            /// Every key with its value in this file, for merging and listing.
            pub fn entries(&self) -> Vec<(&'static str, Option<&Text>)> {
                vec![$((stringify!($key), self.$key.as_ref()),)*]
            }
        }
    };
}

labels! {
    // 附件1
    staff_heading, posts, in_service, control_rate, money_heading, last_year_actual, budget, actual,
    buildings_heading, approved_area, actual_area, area_rate, budget_investment, actual_investment,
    investment_rate, frugality, form1_note,
    // the line under both forms
    filled_by, filled_date, phone, head,
    // 附件2, 湖南 and the national model
    department, funds, initial_budget, full_budget, executed, weight, rate, score, total_funds, by_source,
    by_nature, of_which, general, government_fund, special_account, other_funds, basic, projects,
    appropriation, carryover, other_source, goal, expected, achieved, indicators, total_score,
    // 附件2, 重庆
    supervisor, finance_office, self_score, contact, contact_phone, execution, rate_weight, rate_score,
    goals_heading, goal_initial, goal_adjusted, goal_result,
    // 附件2, score sheet
    unit_line,
    // a project's 自评表 ([[project_forms]]): in place of department and total_funds
    project_name, project_funds,
    // the cover
    cover_unit, cover_supervisor, cover_type, cover_method, cover_evaluator, cover_date, cover_unit_opinion,
    cover_bureau_opinion, type_whole, type_project,
    // the table of contents
    contents,
}

/// `[settings]`: numbering, number formats, scoring, page numbers.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The numbers of the four heading levels as patterns: `{一}` a Chinese numeral, `{1}` an
    /// Arabic one, `{①}` a circled one.
    pub numbering: Option<Vec<Text>>,
    /// The first number of each level (1 when left out).
    pub numbering_start: Option<Vec<Number>>,
    pub level3_numbering: Option<Chosen<Level3Numbering>>,
    pub numbers: Option<NumberFormats>,
    pub execution_rate_decimals: Option<Number>,
    pub execution_score_rule: Option<Chosen<ScoreRule>>,
    pub execution_score_basis: Option<Chosen<ScoreBasis>>,
    pub placeholder_rows: Option<bool>,
    pub page_numbers: Option<Chosen<PageNumbers>>,
    pub bold_level3: Option<bool>,
    pub attachment_label: Option<Chosen<AttachmentLabel>>,
    /// The four grades as printed, best first (“优”“良”“中”“差”); 优秀, 良好, 中, 差 when left out.
    pub grade_words: Option<Vec<Text>>,
    /// Printed pieces switched off (the title, the 附件 labels, the 总分 row …).
    pub hide: Option<Vec<Chosen<Piece>>>,
}

/// A printed piece a template or a report can switch off (`[settings] hide`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// The report's title (and the line of a corrected version under it).
    Title,
    /// The forms' titles.
    FormTitles,
    /// “单位名称：…” above a form printed alone and at the head of a score sheet.
    UnitLine,
    /// The 总分 row of the 自评表.
    TotalRow,
    /// “附件1” above each form.
    AttachmentLabels,
    /// The 附件说明 after the body.
    AttachmentNote,
    /// The cover's page of the unit's and the finance bureau's opinions.
    OpinionPage,
}

impl Choice for Piece {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("标题", Piece::Title),
        ("表题", Piece::FormTitles),
        ("单位名称行", Piece::UnitLine),
        ("总分行", Piece::TotalRow),
        ("附件标识", Piece::AttachmentLabels),
        ("附件说明", Piece::AttachmentNote),
        ("意见页", Piece::OpinionPage),
    ];
}

/// `[settings.numbers]`: how each class of figure prints, as an Excel number format.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NumberFormats {
    pub amount: Option<Chosen<NumberFormat>>,
    pub share: Option<Chosen<NumberFormat>>,
    pub growth: Option<Chosen<NumberFormat>>,
    pub rate: Option<Chosen<NumberFormat>>,
    pub score: Option<Chosen<NumberFormat>>,
}

/// A number format: how many decimals, and whether trailing zeros drop (`#`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    pub decimals: u32,
    pub trim: bool,
}

impl Choice for NumberFormat {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("0", NumberFormat { decimals: 0, trim: false }),
        ("0.0", NumberFormat { decimals: 1, trim: false }),
        ("0.00", NumberFormat { decimals: 2, trim: false }),
        ("0.#", NumberFormat { decimals: 1, trim: true }),
        ("0.##", NumberFormat { decimals: 2, trim: true }),
    ];
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
    /// Full marks at 100%, one point off per percentage point below (the seed: 96% → 6).
    #[default]
    PointPerPercent,
    /// rate × weight.
    Proportional,
    /// Two points off per started five percentage points below.
    TwoPerFive,
    /// 0.1 point off per percentage point away from 100%, above or below.
    TenthPerPercent,
}

impl Choice for ScoreRule {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("每低1个百分点扣1分", ScoreRule::PointPerPercent),
        ("按比例", ScoreRule::Proportional),
        ("每低5个百分点扣2分", ScoreRule::TwoPerFive),
        ("每偏离1个百分点扣0.1分", ScoreRule::TenthPerPercent),
    ];
}

/// Which rate the score rules read: the rate as printed (so that the printed rate and the printed
/// score always agree) or the exact one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScoreBasis {
    #[default]
    Printed,
    Exact,
}

impl Choice for ScoreBasis {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("印出的执行率", ScoreBasis::Printed), ("精确执行率", ScoreBasis::Exact)];
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

/// How an attachment is labelled: 附件1 or 附件一.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AttachmentLabel {
    #[default]
    Arabic,
    Chinese,
}

impl Choice for AttachmentLabel {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("附件1", AttachmentLabel::Arabic), ("附件一", AttachmentLabel::Chinese)];
}

/// The printed form of 附件2: provinces and years differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormVariant {
    /// 湖南: the money block with 按收入性质分 beside 按支出性质分 (the seed).
    #[default]
    Hunan,
    /// The 湖南 form without 分值 and 得分 (a grade instead).
    Unscored,
    /// The 湖南 form with 指标性质 and 度量单位 columns.
    WithNature,
    /// 财政部's model: 年度资金总额 / 当年财政拨款 / 上年结转资金 / 其他资金, each with its rate.
    National,
    /// 重庆: header fields, execution weight and score, 年初 / 调整 goals, one flat indicator list.
    Chongqing,
    /// A score sheet: 一级 / 二级 / 三级, 分值, 指标解释, 评分标准, 自评得分, 扣分原因.
    Rubric,
    /// The 20/80 form: one 部门整体支出总额 row with 预算数 (A), 执行数 (B), 执行率 (B/A) and its
    /// score (分值 × 执行率 under the 按比例 rule), the 年度总体目标, then the indicators.
    Execution,
}

impl Choice for FormVariant {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("湖南", FormVariant::Hunan),
        ("无分值", FormVariant::Unscored),
        ("含指标性质", FormVariant::WithNature),
        ("全国", FormVariant::National),
        ("重庆", FormVariant::Chongqing),
        ("评分表", FormVariant::Rubric),
        ("二八式", FormVariant::Execution),
        ("2020", FormVariant::Hunan),
    ];
}

/// One column of the indicator grid: which field of the indicator rows, under which header.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    pub field: Chosen<Field>,
    pub header: Option<Text>,
}

/// The documented set of indicator columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Unit,
    Nature,
    Target,
    TargetAdjusted,
    Actual,
    Weight,
    Coefficient,
    Score,
    Core,
    Analysis,
    Explanation,
    Criteria,
    Grade,
}

impl Choice for Field {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("计量单位", Field::Unit),
        ("指标性质", Field::Nature),
        ("指标值", Field::Target),
        ("调整后指标值", Field::TargetAdjusted),
        ("完成值", Field::Actual),
        ("分值", Field::Weight),
        ("得分系数", Field::Coefficient),
        ("得分", Field::Score),
        ("是否核心指标", Field::Core),
        ("偏差原因", Field::Analysis),
        ("指标解释", Field::Explanation),
        ("评分标准", Field::Criteria),
        ("等级", Field::Grade),
    ];
}

impl Field {
    pub fn name(self) -> &'static str {
        Self::CHOICES.iter().find(|(_, f)| *f == self).map_or("", |(n, _)| n)
    }
}

/// A row of the 自评表 that is no indicator: a label and a text across the rest of the table
/// (偏差大或目标未完成原因分析, 改进措施及结果应用方案, a 部门特性指标 note).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraRow {
    pub label: Text,
    pub text: Option<Text>,
    pub place: Option<Chosen<RowPlace>>,
}

/// Where an extra row of the 自评表 prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowPlace {
    /// After the 总分 row, at the end of the table.
    #[default]
    End,
    /// After the indicators, before the 总分 row.
    BeforeTotal,
}

impl Choice for RowPlace {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("表末", RowPlace::End), ("总分前", RowPlace::BeforeTotal)];
}

/// Which figure the 按支出性质分 lines of the 湖南 自评表 show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ByNature {
    /// 基本支出 adjusted budget + 项目支出 budget = 全年预算数 (the seed).
    #[default]
    Budget,
    /// 基本支出 + 项目支出 actually spent = 全年执行数.
    Executed,
}

impl Choice for ByNature {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("预算数", ByNature::Budget), ("执行数", ByNature::Executed)];
}

/// Which budget 附件1's 本年预算数 column shows for the project rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BudgetColumn {
    #[default]
    Full,
    Initial,
}

impl Choice for BudgetColumn {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("全年预算数", BudgetColumn::Full), ("年初预算数", BudgetColumn::Initial)];
}

/// One row of 附件1's 经费控制情况 as the template lays it out.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RowSpec {
    /// The row's label; for `each` rows a pattern with `{n}` (its number) and `{名称}`.
    pub label: Option<Text>,
    /// The label of the first of the `each` rows, when it differs (“其中：{名称}”).
    pub first: Option<Text>,
    /// Which figures the three columns show.
    pub figure: Option<Chosen<RowFigure>>,
    /// One row per project or per 公用经费 item.
    pub each: Option<Chosen<RowEach>>,
    /// Indent of the label: 0 (heading), 1, 2 (“其中：”) or 3 (under “其中：”).
    pub indent: Option<Number>,
    pub first_indent: Option<Number>,
    /// The 上年决算数 cell does not apply (printed “——”).
    pub no_last_year: Option<bool>,
}

/// The figures a 附件1 row can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFigure {
    Sangong,
    Vehicles,
    VehiclePurchase,
    VehicleOperation,
    Overseas,
    Reception,
    Projects,
    Public,
    Procurement,
    BasicBudget,
}

impl Choice for RowFigure {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("三公经费", RowFigure::Sangong),
        ("公务用车购置和维护经费", RowFigure::Vehicles),
        ("公务用车购置", RowFigure::VehiclePurchase),
        ("公务用车运行维护费", RowFigure::VehicleOperation),
        ("因公出国（境）费", RowFigure::Overseas),
        ("公务接待费", RowFigure::Reception),
        ("项目支出", RowFigure::Projects),
        ("公用经费", RowFigure::Public),
        ("政府采购金额", RowFigure::Procurement),
        ("基本支出预算调整", RowFigure::BasicBudget),
    ];
}

/// Rows repeated per item of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowEach {
    Project,
    PublicItem,
}

impl Choice for RowEach {
    const CHOICES: &'static [(&'static str, Self)] =
        &[("项目", RowEach::Project), ("公用经费明细", RowEach::PublicItem)];
}

impl super::Input {
    /// A label from the first layer that gives it.
    pub fn pick_label(&self, f: impl Fn(&Labels) -> Option<&Text>) -> Option<Text> {
        self.layers().iter().find_map(|l| f(l.labels)).cloned()
    }

    /// Whether a printed piece is switched off: the first layer (the report, then its templates)
    /// that has `[settings] hide` answers, so a report can also switch a template's choice back
    /// on with `hide = []`.
    pub fn hidden(&self, piece: Piece) -> bool {
        self.pick(|l| l.settings.hide.as_ref()).is_some_and(|list| list.iter().any(|c| c.value == piece))
    }
}
