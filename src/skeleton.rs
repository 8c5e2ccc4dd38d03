//! skeleton: writes a report source file, as TOML text with Chinese comments, for a report
//! that is still to be written.
//!
//! Public entries: [`init`] (a blank standard report) and [`rollover`] (next year's report
//! from last year's). Both build an [`Input`] in memory and hand it to one writer, which emits
//! every key in the order of the format with the description from [`crate::input::docs`] above
//! it, so the two files look alike and the comments are the schema's descriptions. Text still
//! to fill is a marker, `【待填写：…】` ([`crate::input::todo`]): it prints visibly in the PDF,
//! and `check` lists each one left (J308). Figures still to fill are 0.
//!
//! The writer emits text only; `output` writes it to disk. Its output always loads back with
//! `input::load` (tested on the seed and on both entries).

use std::collections::{BTreeMap, HashSet};

use rust_decimal::Decimal;

use crate::compute::num::amount;
use crate::compute::{Figures, year_of};
use crate::input::schema::SCHEMA_FILE;
use crate::input::template::Loaded;
use crate::input::{
    Achievement, Attachment1, Attachment2, Basic, BasicBudget, BlockKind, BySource, Choice, Chosen, Closing,
    Component, Content, DataKey, Finance, Form, FormVariant, Funding, Funds, Generated, Goal, Income,
    Indicator, Input, Line, Number, Organization, Part, Performance, Projects, ReportInfo, Sangong,
    SangongItem, Satisfaction, Settings, StaffingKind, TODO_OPEN, Text, docs, todo,
};

/// Comments to print above a key, by path with array indices (`goals.3.text`,
/// `closing.problems.0`): last year's text of a field that was cleared.
pub type Notes = BTreeMap<String, Vec<String>>;

/// A blank report for `year` in `template`: the sections and fields its outline and its forms
/// read, and nothing else; texts are markers, figures are 0. `reference` is how the file names
/// the template (`None` for the default).
pub fn init(year: i64, chain: &[Loaded], reference: Option<&str>) -> String {
    let template = chain.first().unwrap_or_else(|| crate::input::template::default_preset());
    let mut head = vec![
        format!("{year}年度部门整体支出绩效自评报告 —— jixiao 源文件（由 jixiao init 生成）"),
        String::new(),
        "怎么填：".into(),
        "- 把每一处“【待填写：…】”换成实际内容，把 0 换成实际数字；每个键上面的注释说明它是什么、单位和数据来源。".into(),
        "- jixiao check 本文件 会列出还没填的地方；jixiao build 本文件 随时可以生成 PDF 看效果。".into(),
    ];
    head.extend(outline_comment(template));
    let mut doc = blank(year, &uses(chain));
    doc.template = reference.map(t);
    write(&doc, &Notes::new(), &head)
}

/// The template's outline and parts, as comments for the head of a new file.
fn outline_comment(template: &Loaded) -> Vec<String> {
    let file = &template.file;
    let mut out =
        vec![String::new(), format!("模板：{}（{}）", file.name.value.trim(), file.description.value.trim())];
    let parts: Vec<&str> = file
        .parts
        .as_ref()
        .map(|p| p.iter().map(|c| c.value.name()).collect())
        .unwrap_or_else(|| vec![Part::Body.name(), Part::Form1.name(), Part::Form2.name()]);
    out.push(format!("印出：{}。", parts.join("、")));
    let sections = sections_of(template);
    if !sections.is_empty() {
        out.push(
            "正文大纲（由模板给出；要改标题、顺序或增删，在本文件中写 [[sections]]，见 README“正文大纲”）："
                .into(),
        );
        for s in sections {
            let level =
                s.level.as_ref().and_then(|n| usize::try_from(n.value.trunc()).ok()).unwrap_or(1).clamp(1, 4);
            let blocks: Vec<&str> = s
                .content
                .iter()
                .filter_map(|c| match c {
                    Content::Block { block, .. } => Some(block.value.name()),
                    _ => None,
                })
                .collect();
            let indent = "  ".repeat(level);
            if blocks.is_empty() {
                out.push(format!("{indent}{}", s.heading.value.trim()));
            } else {
                out.push(format!("{indent}{}：{}", s.heading.value.trim(), blocks.join("、")));
            }
        }
    }
    out
}

/// The outline a template gives (its own, else its base's, else the default's).
fn sections_of(template: &Loaded) -> &[crate::input::Section] {
    let mut current = template;
    for _ in 0..8 {
        if !current.file.sections.is_empty() {
            return &current.file.sections;
        }
        match current.file.base.as_ref().and_then(|b| crate::input::template::preset(&b.value)) {
            Some(base) => current = base,
            None => break,
        }
    }
    &crate::input::template::default_preset().file.sections
}

/// What a template's parts and blocks read, and which 自评表 it prints.
struct Uses {
    keys: HashSet<DataKey>,
    body: bool,
    variant: FormVariant,
    blocks: HashSet<BlockKind>,
}

fn uses(chain: &[Loaded]) -> Uses {
    let template = chain.first().unwrap_or_else(|| crate::input::template::default_preset());
    let probe = Input { templates: chain.to_vec(), ..blank_input(2000) };
    let parts = crate::compute::parts_of(&probe);
    let body = parts.contains(&Part::Body);
    let mut keys: HashSet<DataKey> = parts.iter().flat_map(|p| p.reads().iter().copied()).collect();
    let mut blocks = HashSet::new();
    if body {
        for s in sections_of(template) {
            for c in &s.content {
                if let Content::Block { block, .. } = c {
                    blocks.insert(block.value);
                    keys.extend(block.value.reads().iter().copied());
                }
            }
        }
    }
    Uses { keys, body, variant: crate::compute::form_variant(&probe), blocks }
}

/// `Input` with nothing in it but the year: the base of a blank.
fn blank_input(year: i64) -> Input {
    Input {
        template: None,
        report: ReportInfo {
            year: n(year),
            department: t(""),
            department_full_name: None,
            department_short_name: None,
            title_lines: None,
            intro: None,
            parts: None,
            date: None,
            signature: None,
            revision: None,
        },
        sections: Vec::new(),
        cover: None,
        labels: Default::default(),
        organization: None,
        basic: None,
        projects: None,
        funds: Funds::default(),
        finance: None,
        sangong: None,
        satisfaction: None,
        goals: Vec::new(),
        performance: None,
        closing: None,
        attachment1: Attachment1::default(),
        attachment2: Attachment2::default(),
        form: Form::default(),
        settings: Settings::default(),
        fonts: None,
        allow: Vec::new(),
        stated: Default::default(),
        sentences: Default::default(),
        outline_edits: Vec::new(),
        templates: Vec::new(),
        font_dir: None,
    }
}

/// Next year's report from last year's `last`. Last year's file is not touched; the mapping:
///
/// | kind | fields | becomes |
/// |---|---|---|
/// | year | `report.year` | + 1 (and the year in `title_lines`) |
/// | this year's 决算 → 上年 | `basic.{personnel,public,capital}.actual`, `basic.public_items[].actual`, `projects.items[].actual`, `sangong.*.actual`, `finance.income[].amount` | their `last_year`; the `actual` becomes 0 |
/// | the unit | `template`, `sections` (headings and blocks; the author's paragraphs become markers), `report.department*`, `organization` lists and 编制, `basic.definition`, `projects.definition`, names of `public_items`, `projects.items`, `finance.income` | kept |
/// | the goal structure | `goals[].{label,append}`, `satisfaction.{subject,target}`, `attachment2` layout and weights, `indicators[].{level1,level2,name,target,from,weight,unit,nature,explanation,criteria,core}`, placeholder rows, `settings`, `labels`, `form.{filled_by,phone}` | kept |
/// | this year's figures | budgets, `finance.*` amounts, `funds`, `procurement_*`, year-end counts, `satisfaction.rate`, `batches`, `visitors` | 0 (optional ones stay present as 0); the year-end counts and the closing balance keep last year's value in a comment |
/// | this year's narrative | `intro`, `reason`s, `note`s, `carryover_note`, `closing_note`, `goals[].text`, `performance`, `closing`, `frugality`, `overall_*`, indicator `actual`, `form.date`, the paragraphs of `sections` | a marker, with last year's text as a `# 上年：` comment above it; empty ones stay empty |
/// | this year's only | `capital.description`, indicator `score`, `coefficient` and `analysis`, `execution_score`, `attachment1.buildings` (projects completed that year) | left out, last year's shown as a comment |
pub fn rollover(last: &Input) -> String {
    let (next, notes) = roll(last);
    let y = year_of(last);
    let head = [
        format!("{}年度部门整体支出绩效自评报告 —— jixiao 源文件（由 jixiao init --from 从{y}年度的文件生成）", y + 1),
        String::new(),
        format!("已经做好的：{y}年的决算数已填为“上年决算数”（last_year）；单位情况、职能职责、绩效目标和指标结构沿用{y}年。"),
        format!("还要做的：正文和{}年的数字已清空，{y}年的文字作为“# 上年：”注释留在各键上方，供参考。", y + 1),
        "- 把每一处“【待填写：…】”换成实际内容，把 0 换成实际数字；每个键上面的注释说明它是什么、单位和数据来源。".into(),
        "- jixiao check 本文件 会列出还没填的地方；jixiao build 本文件 随时可以生成 PDF 看效果。".into(),
    ];
    write(&next, &notes, &head)
}

// ---------------------------------------------------------------------------------------------
// Values in memory (no span: nothing here points into a file).

fn t(s: impl Into<String>) -> Text {
    Text { value: s.into(), span: 0..0 }
}
fn mark(hint: &str) -> Text {
    t(todo(hint))
}
fn n(v: i64) -> Number {
    Number { value: Decimal::from(v), span: 0..0 }
}
fn zero() -> Number {
    n(0)
}
fn chosen<T: Choice>(value: T) -> Chosen<T> {
    Chosen { value, span: 0..0 }
}
fn line(name: &str) -> Line {
    Line { name: t(name), last_year: Some(zero()), initial: None, budget: Some(zero()), actual: Some(zero()) }
}
fn sangong_item() -> SangongItem {
    SangongItem {
        last_year: Some(zero()),
        budget: zero(),
        actual: zero(),
        note: None,
        batches: None,
        visitors: None,
    }
}
fn component(budget: bool, reason: Option<&str>) -> Component {
    Component {
        actual: zero(),
        last_year: Some(zero()),
        budget: budget.then(zero),
        reason: reason.map(mark),
        description: None,
    }
}
fn indicator(level1: Option<&str>, level2: Option<&str>, name: Text) -> Indicator {
    Indicator {
        level1: level1.map(t),
        level2: level2.map(t),
        name,
        target: None,
        target_adjusted: None,
        actual: None,
        from: None,
        weight: None,
        score: None,
        coefficient: None,
        core: None,
        analysis: None,
        unit: None,
        nature: None,
        explanation: None,
        criteria: None,
    }
}
fn measured(level1: Option<&str>, level2: &str, weight: i64) -> Indicator {
    Indicator {
        target: Some(mark(&format!("{level2}的年度指标值"))),
        actual: Some(mark(&format!("{level2}的实际完成值"))),
        weight: Some(n(weight)),
        ..indicator(level1, Some(level2), mark(&format!("{level2}的三级指标名称")))
    }
}

/// The standard 附件2 rows: one row to fill per 二级指标 that usually has one, the form's own
/// “指标1：”/“……” rows elsewhere. Weights: 产出 50, 效益 30, 满意度 10 (+ 执行率 10).
fn standard_indicators() -> Vec<Indicator> {
    let more = || indicator(None, None, t("……"));
    let empty = |l1: Option<&str>, l2: &str| indicator(l1, Some(l2), t("指标1："));
    vec![
        measured(Some("产出指标"), "数量指标", 20),
        more(),
        measured(None, "质量指标", 10),
        more(),
        measured(None, "时效指标", 10),
        more(),
        measured(None, "成本指标", 10),
        more(),
        empty(Some("效益指标"), "经济效益指标"),
        more(),
        measured(None, "社会效益指标", 20),
        more(),
        empty(None, "生态效益指标"),
        more(),
        measured(None, "可持续影响指标", 10),
        more(),
        Indicator {
            from: Some(chosen(Generated::Satisfaction)),
            weight: Some(n(10)),
            ..indicator(
                Some("满意度指标"),
                Some("服务对象满意度指标"),
                mark("满意度指标名称，如“群众对单位的满意度”"),
            )
        },
        more(),
    ]
}

/// 重庆's flat list: every column of the form to fill. Weights 90 (+ 执行率 10).
fn flat_indicators() -> Vec<Indicator> {
    let row = |kind: &str, weight: i64| Indicator {
        unit: Some(mark("计量单位")),
        nature: Some(t("定量")),
        target: Some(mark(&format!("{kind}的年初指标值"))),
        target_adjusted: Some(mark(&format!("{kind}的调整后指标值"))),
        actual: Some(mark(&format!("{kind}的全年完成值"))),
        coefficient: Some(n(100)),
        weight: Some(n(weight)),
        core: Some(true),
        ..indicator(None, None, mark(&format!("{kind}指标名称")))
    };
    vec![row("产出数量", 30), row("产出质量", 20), row("产出时效", 10), row("效益", 20), row("满意度", 10)]
}

/// A score sheet: 投入, 过程 (with the 预算执行率 row the figures give), 产出, 效果.
fn rubric_indicators() -> Vec<Indicator> {
    let row = |l1: Option<&str>, l2: Option<&str>, name: &str, weight: i64| Indicator {
        weight: Some(n(weight)),
        score: Some(zero()),
        explanation: Some(mark(&format!("{name}的指标解释"))),
        criteria: Some(mark(&format!("{name}的评分标准"))),
        ..indicator(l1, l2, t(name))
    };
    vec![
        row(Some("投入"), Some("预算编制"), "预算编制科学性", 10),
        row(None, Some("目标设定"), "绩效目标合理性", 10),
        Indicator {
            from: Some(chosen(Generated::Execution)),
            explanation: Some(t("全年执行数与全年预算数的比率")),
            criteria: Some(mark("预算执行率的评分标准")),
            ..indicator(Some("过程"), Some("预算执行"), t("预算执行率"))
        },
        row(None, Some("预算管理"), "管理制度健全性", 10),
        row(Some("产出"), Some("职责履行"), "重点工作完成率", 30),
        row(Some("效果"), Some("履职效益"), "社会效益", 20),
        row(None, Some("满意度"), "服务对象满意度", 10),
    ]
}

fn blank(year: i64, uses: &Uses) -> Input {
    let has = |k: DataKey| uses.keys.contains(&k);
    let goal = |label: &str, text: Option<&str>, append: Option<Generated>| Goal {
        label: t(label),
        text: text.map(mark),
        append: append.map(chosen),
    };
    let mut doc = blank_input(year);
    doc.report = ReportInfo {
        year: n(year),
        department: mark("单位名称"),
        department_full_name: Some(mark("单位全称")),
        department_short_name: uses.body.then(|| mark("单位简称")),
        intro: uses.body.then(|| {
            t(format!(
                "根据中央、省、市有关绩效管理办法和年度绩效目标等工作要求，按照{}部署安排，我单位认真开展了{year}年度预算绩效自评工作，现将部门整体支出绩效评价情况报告如下：",
                todo("财政部门关于开展绩效自评工作的通知名称，加书名号")
            ))
        }),
        ..doc.report
    };
    let org_keys = [
        DataKey::Organization,
        DataKey::Staff,
        DataKey::Retirees,
        DataKey::Vehicles,
        DataKey::BudgetUnits,
        DataKey::Departments,
        DataKey::Subordinates,
        DataKey::Duties,
    ];
    if org_keys.iter().any(|k| has(*k)) {
        let form1 = has(DataKey::Organization);
        doc.organization = Some(Organization {
            staffing: vec![StaffingKind { kind: t("行政编制"), count: zero(), note: None }],
            in_service: Some(zero()),
            retired: (has(DataKey::Retirees) || form1).then(zero),
            vehicles_authorized: (has(DataKey::Vehicles) || form1).then(zero),
            vehicles_actual: (has(DataKey::Vehicles) || form1).then(zero),
            budget_units: if has(DataKey::BudgetUnits) {
                vec![mark("决算单位名称")]
            } else {
                Vec::new()
            },
            budget_units_note: has(DataKey::BudgetUnits).then(|| mark("单位性质、执行的会计制度、预算级次")),
            departments: if has(DataKey::Departments) {
                vec![mark("第一个内设机构的名称"), mark("第二个内设机构的名称")]
            } else {
                Vec::new()
            },
            subordinates: if has(DataKey::Subordinates) {
                vec![mark("下属单位名称")]
            } else {
                Vec::new()
            },
            duties: if has(DataKey::Duties) {
                vec![mark("第一条职能职责"), mark("第二条职能职责")]
            } else {
                Vec::new()
            },
            ..Organization::default()
        });
    }
    if has(DataKey::Basic) {
        doc.basic = Some(Basic {
            definition: uses.blocks.contains(&BlockKind::Basic).then(|| t(
                "基本支出是指用于保障机构正常运转、完成日常工作任务而发生的各项支出，包括在职和退休人员基本工资、津贴补贴等人员经费以及办公费、印刷费、水电费、办公设备购置等日常公用经费。",
            )),
            personnel: component(false, uses.blocks.contains(&BlockKind::Basic).then_some("人员经费比上年增减的主要原因")),
            public: component(true, uses.blocks.contains(&BlockKind::Basic).then_some("日常公用经费比上年增减的主要原因")),
            capital: component(false, None),
            budget: BasicBudget { initial: Some(zero()), adjusted: Some(zero()) },
            public_items: if has(DataKey::Organization) {
                vec![line("办公经费"), line("水费、电费、差旅费"), line("会议费、培训费")]
            } else {
                Vec::new()
            },
        });
    }
    if has(DataKey::Projects) {
        let body = uses.blocks.contains(&BlockKind::Projects);
        doc.projects = Some(Projects {
            definition: body.then(|| mark("项目支出的说明：为完成哪些专项工作、主要用于哪些方面")),
            reason: body.then(|| mark("项目支出比上年增减的主要原因")),
            items: vec![Line { name: mark("项目名称"), ..line("") }],
        });
    }
    if has(DataKey::Funds) {
        doc.funds = Funds {
            government_fund: Some(zero()),
            state_capital: Some(zero()),
            social_insurance: Some(zero()),
        };
    }
    if has(DataKey::Finance) {
        let income = |name: &str| Income {
            name: t(name),
            amount: zero(),
            last_year: uses.blocks.contains(&BlockKind::Income).then(zero),
            kind: None,
        };
        let hunan =
            matches!(uses.variant, FormVariant::Hunan | FormVariant::Unscored | FormVariant::WithNature);
        doc.finance = Some(Finance {
            carryover: zero(),
            carryover_note: uses.body.then(|| mark("年初结转和结余的构成")),
            closing_note: uses.body.then(|| mark("年末结转和结余的构成")),
            initial_budget: Some(zero()),
            income: vec![income("一般公共预算财政拨款收入"), income("其他收入")],
            by_source: if hunan {
                BySource {
                    general: Some(zero()),
                    government_fund: None,
                    special_account: None,
                    other: Some(zero()),
                }
            } else {
                BySource::default()
            },
            by_nature: None,
            funding: (uses.variant == FormVariant::National).then(Funding::default),
        });
    }
    if has(DataKey::Sangong) {
        doc.sangong = Some(Sangong {
            vehicle_purchase: sangong_item(),
            vehicle_operation: sangong_item(),
            overseas: sangong_item(),
            reception: SangongItem { batches: Some(zero()), visitors: Some(zero()), ..sangong_item() },
        });
    }
    let standard =
        has(DataKey::Indicators) && !matches!(uses.variant, FormVariant::Chongqing | FormVariant::Rubric);
    if has(DataKey::Satisfaction) || has(DataKey::Goals) || standard {
        doc.satisfaction = Some(Satisfaction {
            subject: mark("调查对象，如“群众”"),
            object: None,
            rate: zero(),
            target: zero(),
        });
    }
    if has(DataKey::Goals) {
        doc.goals = vec![
            goal("预决算公开", Some("预决算公开的时间、网站和内容"), None),
            goal("存量资金管理", Some("存量资金的盘活和使用情况"), None),
            goal("资产管理", Some("资产管理的制度和执行情况"), None),
            goal(
                "三公经费控制情况",
                Some("控制“三公”经费的措施"),
                (has(DataKey::Sangong) && !uses.blocks.contains(&BlockKind::Sangong))
                    .then_some(Generated::Sangong),
            ),
            goal("内部管理制度建设情况", Some("内部管理制度的建设和执行情况"), None),
            goal("可持续发展能力", Some("可持续发展能力方面的目标和完成情况"), None),
            if uses.blocks.contains(&BlockKind::Satisfaction) {
                goal("服务对象满意度", Some("服务对象满意度方面的目标和完成情况"), None)
            } else {
                goal("服务对象满意度", None, Some(Generated::Satisfaction))
            },
        ];
    }
    if has(DataKey::Performance) {
        doc.performance = Some(Performance {
            summary: Some(mark("主要绩效的总述")),
            achievements: ["一", "二", "三"]
                .iter()
                .map(|k| Achievement {
                    title: mark(&format!("第{k}项主要绩效的标题")),
                    text: mark(&format!("第{k}项主要绩效的内容")),
                })
                .collect(),
        });
    }
    if has(DataKey::Problems) || has(DataKey::Measures) || has(DataKey::Application) {
        doc.closing = Some(Closing {
            problems: vec![mark("存在的问题及原因")],
            measures: vec![mark("下一步改进措施")],
            application: vec![t(format!(
                "绩效自评结果将为下年度预算配置、预算执行和预算管理提供参照和依据，不断细化绩效评价指标，提高资金使用效益。绩效评价报告及相关表格将按规定在{}进行公开。",
                todo("公开的网站")
            ))],
        });
    }
    if has(DataKey::Organization) {
        doc.attachment1 = Attachment1 {
            procurement_budget: Some(zero()),
            procurement_actual: Some(zero()),
            frugality: vec![mark("厉行节约保障措施")],
            ..Attachment1::default()
        };
    }
    if has(DataKey::Indicators) {
        let (indicators, execution_weight) = match uses.variant {
            FormVariant::Chongqing => (flat_indicators(), Some(n(10))),
            FormVariant::Rubric => (rubric_indicators(), Some(n(10))),
            _ => (standard_indicators(), Some(n(10))),
        };
        doc.attachment2 = Attachment2 {
            execution_weight,
            overall_goal: (uses.variant != FormVariant::Rubric).then(|| mark("年度总体目标")),
            overall_goal_adjusted: (uses.variant == FormVariant::Chongqing).then(|| mark("全年（调整）目标")),
            overall_result: (uses.variant != FormVariant::Rubric).then(|| mark("年度总体目标的实际完成情况")),
            finance_office: (uses.variant == FormVariant::Chongqing).then(|| mark("财政部门的对口处室")),
            contact: (uses.variant == FormVariant::Chongqing).then(|| mark("部门联系人")),
            indicators,
            ..Attachment2::default()
        };
        doc.form = Form {
            filled_by: Some(mark("填表人")),
            date: Some(mark("填报日期")),
            phone: Some(mark("联系电话")),
        };
    }
    doc
}

// ---------------------------------------------------------------------------------------------
// Rollover.

struct Roll {
    notes: Notes,
}

impl Roll {
    fn is_text(t: &Text) -> bool {
        !t.is_blank() && !t.value.contains(TODO_OPEN)
    }
    fn note(&mut self, path: &str, text: String) {
        self.notes.entry(path.to_string()).or_default().push(text);
    }
    /// Last year's text as a comment at `path`, if there was any.
    fn was(&mut self, path: &str, prev: &Text) {
        if Self::is_text(prev) {
            self.note(path, format!("上年：{}", prev.value.trim()));
        }
    }
    /// A cleared narrative field: a marker where last year had text (kept as a comment).
    fn clear(&mut self, path: &str, prev: &Option<Text>, hint: &str) -> Option<Text> {
        let prev = prev.as_ref()?;
        if prev.is_blank() {
            return Some(prev.clone());
        }
        self.was(path, prev);
        Some(mark(hint))
    }
    fn clear_list(&mut self, path: &str, prev: &[Text], hint: &str) -> Vec<Text> {
        prev.iter()
            .enumerate()
            .map(|(i, p)| {
                self.was(&format!("{path}.{i}"), p);
                mark(&format!("{hint}（第{}条）", i + 1))
            })
            .collect()
    }
    /// A year-end count of the new year: 0, with last year's count in a comment.
    fn count(&mut self, path: &str, prev: &Number, unit: &str) -> Number {
        self.note(path, format!("上年年末：{}{unit}", prev.value));
        zero()
    }
}

/// This year's 决算 becomes last year's; this year's budget and 决算 start at 0.
fn roll_line(l: &Line) -> Line {
    Line {
        name: l.name.clone(),
        last_year: l.actual.clone(),
        initial: l.initial.as_ref().map(|_| zero()),
        budget: l.budget.as_ref().map(|_| zero()),
        actual: l.actual.as_ref().map(|_| zero()),
    }
}

fn roll(last: &Input) -> (Input, Notes) {
    let mut r = Roll { notes: Notes::new() };
    let y = year_of(last);
    let figures = Figures::of(last);
    let zero_if = |x: &Option<Number>| x.as_ref().map(|_| zero());

    let rep = &last.report;
    let report = ReportInfo {
        year: n(y + 1),
        department: rep.department.clone(),
        department_full_name: rep.department_full_name.clone(),
        department_short_name: rep.department_short_name.clone(),
        title_lines: rep.title_lines.as_ref().map(|lines| {
            lines.iter().map(|l| t(l.value.replace(&y.to_string(), &(y + 1).to_string()))).collect()
        }),
        intro: rep.intro.as_ref().map(|intro| {
            r.was("report.intro", intro);
            mark("开头段落，可参照上年的写法，注意改年度和通知名称")
        }),
        parts: rep.parts.clone(),
        // A new report has its own date and no revision; the signature stays.
        date: None,
        signature: rep.signature.clone(),
        revision: None,
    };

    let sections = last
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| crate::input::Section {
            heading: s.heading.clone(),
            level: s.level.clone(),
            content: s
                .content
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let path = format!("sections.{i}.content.{k}");
                    match c {
                        Content::Paragraph(p) => {
                            r.was(&path, p);
                            Content::Paragraph(mark("这一段的内容"))
                        }
                        Content::Item { text, lead, span } => {
                            r.was(&path, text);
                            Content::Item {
                                text: mark("这一条的内容"),
                                lead: lead.clone(),
                                span: span.clone(),
                            }
                        }
                        Content::Items { items, span } => {
                            for p in items {
                                r.was(&path, p);
                            }
                            Content::Items {
                                items: items.iter().map(|_| mark("这一条的内容")).collect(),
                                span: span.clone(),
                            }
                        }
                        block => block.clone(),
                    }
                })
                .collect(),
        })
        .collect();

    let organization = last.organization.as_ref().map(|o| Organization {
        in_service: o.in_service.as_ref().map(|c| r.count("organization.in_service", c, "人")),
        retired: o.retired.as_ref().map(|c| r.count("organization.retired", c, "人")),
        retirees: o
            .retirees
            .iter()
            .enumerate()
            .map(|(i, k)| StaffingKind {
                count: r.count(&format!("organization.retirees.{i}"), &k.count, "人"),
                ..k.clone()
            })
            .collect(),
        vehicles_actual: o.vehicles_actual.as_ref().map(|c| r.count("organization.vehicles_actual", c, "辆")),
        ..o.clone()
    });

    let basic = last.basic.as_ref().map(|b| {
        let mut comp = |key: &str, c: &Component, name: &str| {
            let path = format!("basic.{key}");
            if let Some(d) = &c.description {
                r.was(&format!("{path}.description"), d);
            }
            Component {
                actual: zero(),
                last_year: Some(c.actual.clone()),
                budget: zero_if(&c.budget),
                reason: r.clear(&format!("{path}.reason"), &c.reason, &format!("{name}比上年增减的主要原因")),
                description: None,
            }
        };
        Basic {
            definition: b.definition.clone(),
            personnel: comp("personnel", &b.personnel, "人员经费"),
            public: comp("public", &b.public, "日常公用经费"),
            capital: comp("capital", &b.capital, "资本性支出"),
            budget: BasicBudget {
                initial: zero_if(&b.budget.initial),
                adjusted: zero_if(&b.budget.adjusted),
            },
            public_items: b.public_items.iter().map(roll_line).collect(),
        }
    });

    let projects = last.projects.as_ref().map(|p| Projects {
        definition: p.definition.clone(),
        reason: r.clear("projects.reason", &p.reason, "项目支出比上年增减的主要原因"),
        items: p.items.iter().map(roll_line).collect(),
    });

    let f = &last.funds;
    let funds = Funds {
        government_fund: zero_if(&f.government_fund),
        state_capital: zero_if(&f.state_capital),
        social_insurance: zero_if(&f.social_insurance),
    };

    let finance = last.finance.as_ref().map(|fin| {
        r.note(
            "finance.carryover",
            format!(
                "{y}年末结转和结余为 {} 万元（由{y}年的数据算出）；{}年的年初结转和结余通常与之相同，请与决算报表核对。",
                amount(figures.closing_balance),
                y + 1
            ),
        );
        let closing_text = fin.closing_note.as_ref().filter(|t| Roll::is_text(t));
        if let Some(c) = closing_text {
            r.note("finance.carryover_note", format!("{y}年末结转和结余的说明：{}", c.value.trim()));
        }
        Finance {
            carryover: zero(),
            carryover_note: (fin.carryover_note.is_some() || closing_text.is_some()).then(|| mark("年初结转和结余的构成")),
            closing_note: r.clear("finance.closing_note", &fin.closing_note, "年末结转和结余的构成"),
            initial_budget: zero_if(&fin.initial_budget),
            income: fin
                .income
                .iter()
                .map(|i| Income { name: i.name.clone(), amount: zero(), last_year: Some(i.amount.clone()), kind: i.kind.clone() })
                .collect(),
            by_source: BySource {
                general: zero_if(&fin.by_source.general),
                government_fund: zero_if(&fin.by_source.government_fund),
                special_account: zero_if(&fin.by_source.special_account),
                other: zero_if(&fin.by_source.other),
            },
            by_nature: None,
            funding: fin.funding.as_ref().map(|_| Funding::default()),
        }
    });

    let sangong = last.sangong.as_ref().map(|sg| {
        let mut item = |key: &str, i: &SangongItem, name: &str| {
            let path = format!("sangong.{key}");
            let mut counted = |k: &str, x: &Option<Number>, unit: &str| {
                x.as_ref().map(|x| {
                    r.note(&format!("{path}.{k}"), format!("上年：{}{unit}", x.value));
                    zero()
                })
            };
            let batches = counted("batches", &i.batches, "批次");
            let visitors = counted("visitors", &i.visitors, "人次");
            SangongItem {
                last_year: Some(i.actual.clone()),
                budget: zero(),
                actual: zero(),
                note: r.clear(&format!("{path}.note"), &i.note, &format!("{name}的说明")),
                batches,
                visitors,
            }
        };
        Sangong {
            vehicle_purchase: item("vehicle_purchase", &sg.vehicle_purchase, "公务用车购置"),
            vehicle_operation: item("vehicle_operation", &sg.vehicle_operation, "公务用车运行维护费"),
            overseas: item("overseas", &sg.overseas, "因公出国（境）费"),
            reception: item("reception", &sg.reception, "公务接待费"),
        }
    });

    let satisfaction = last.satisfaction.as_ref().map(|s| {
        r.note("satisfaction.rate", format!("上年：{}", s.rate.value));
        Satisfaction {
            subject: s.subject.clone(),
            object: s.object.clone(),
            rate: zero(),
            target: s.target.clone(),
        }
    });

    let goals = last
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| Goal {
            label: g.label.clone(),
            text: r.clear(
                &format!("goals.{i}.text"),
                &g.text,
                &format!("{}的内容和完成情况", g.label.value.trim()),
            ),
            append: g.append.clone(),
        })
        .collect();

    let performance = last.performance.as_ref().map(|perf| Performance {
        summary: r.clear("performance.summary", &perf.summary, "主要绩效的总述"),
        achievements: perf
            .achievements
            .iter()
            .enumerate()
            .map(|(i, a)| {
                r.was(&format!("performance.achievements.{i}.title"), &a.title);
                r.was(&format!("performance.achievements.{i}.text"), &a.text);
                Achievement {
                    title: mark(&format!("第{}项主要绩效的标题", i + 1)),
                    text: mark(&format!("第{}项主要绩效的内容", i + 1)),
                }
            })
            .collect(),
    });

    let closing = last.closing.as_ref().map(|c| Closing {
        problems: r.clear_list("closing.problems", &c.problems, "存在的问题及原因"),
        measures: r.clear_list("closing.measures", &c.measures, "下一步改进措施"),
        application: r.clear_list("closing.application", &c.application, "结果应用和公开情况"),
    });

    let a1 = &last.attachment1;
    for bl in &a1.buildings {
        let name = bl.name.as_ref().map(|t| t.value.trim()).unwrap_or("（未写名称）");
        r.note("attachment1.buildings", format!("{y}年完工的项目：{name}"));
    }
    let attachment1 = Attachment1 {
        procurement_budget: zero_if(&a1.procurement_budget),
        procurement_actual: zero_if(&a1.procurement_actual),
        buildings: Vec::new(),
        frugality: r.clear_list("attachment1.frugality", &a1.frugality, "厉行节约保障措施"),
        ..a1.clone()
    };

    let a2 = &last.attachment2;
    if let Some(s) = &a2.execution_score {
        r.note("attachment2.execution_score", format!("上年手填的得分：{}", s.value));
    }
    let indicators = a2
        .indicators
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let path = format!("attachment2.indicators.{i}");
            if let Some(a) = &row.analysis {
                r.was(&format!("{path}.analysis"), a);
            }
            Indicator {
                actual: r.clear(&format!("{path}.actual"), &row.actual, "实际完成值"),
                score: None,
                coefficient: None,
                analysis: None,
                ..row.clone()
            }
        })
        .collect();
    let attachment2 = Attachment2 {
        grade: None,
        execution_score: None,
        overall_goal: r.clear("attachment2.overall_goal", &a2.overall_goal, "年度总体目标"),
        overall_goal_adjusted: r.clear(
            "attachment2.overall_goal_adjusted",
            &a2.overall_goal_adjusted,
            "全年（调整）目标",
        ),
        overall_result: r.clear(
            "attachment2.overall_result",
            &a2.overall_result,
            "年度总体目标的实际完成情况",
        ),
        indicators,
        ..a2.clone()
    };

    let form = Form {
        filled_by: last.form.filled_by.clone(),
        date: r.clear("form.date", &last.form.date, "填报日期"),
        phone: last.form.phone.clone(),
    };

    let next = Input {
        template: last.template.clone(),
        report,
        sections,
        cover: last.cover.clone().map(|c| crate::input::Cover {
            date: None,
            unit_opinion: None,
            bureau_opinion: None,
            ..c
        }),
        labels: last.labels.clone(),
        organization,
        basic,
        projects,
        funds,
        finance,
        sangong,
        satisfaction,
        goals,
        performance,
        closing,
        attachment1,
        attachment2,
        form,
        settings: last.settings.clone(),
        fonts: last.fonts.clone(),
        // Last year's allows were about last year's text, which is cleared.
        allow: Vec::new(),
        stated: Default::default(),
        sentences: Default::default(),
        outline_edits: Vec::new(),
        templates: Vec::new(),
        font_dir: None,
    };
    (next, r.notes)
}

// ---------------------------------------------------------------------------------------------
// The writer.

/// Writes `doc` as TOML: the schema directive, the `head` comment, then every section in the
/// order of the format, each key with its description and notes above it.
pub fn write(doc: &Input, notes: &Notes, head: &[String]) -> String {
    let mut w = W { out: String::new(), notes, seen: HashSet::new(), fresh: true };
    w.line(&format!("#:schema ./{SCHEMA_FILE}"));
    for h in head {
        w.comment("", h);
    }
    w.comment("", "");
    for rule in [
        "金额一律以万元为单位，最多两位小数；人数、车辆数为整数；比率写百分数（97.81 表示 97.81%）。",
        "文字用英文双引号括起来；# 后面是注释，jixiao 不读。确实没有的可省略项（注释中写着“可省略”），整行删去即可。",
        "只填原始数字：合计、增减额、增长率、占比、执行率、控制率、得分合计和等级都由 jixiao 计算。",
        "上年数不知道（新设单位、机构改革）就不写 last_year 这一行：报告只写本年数，不作比较。表格中没有的数不写，印成空白；0 印成 0。",
    ] {
        w.comment("", rule);
    }
    w.line("");
    match &doc.template {
        Some(tpl) => w.text(&at(""), "template", tpl),
        None => w.absent(&at(""), "template", Some("\"湖南2020\"")),
    }
    w.report(&doc.report);
    w.sections(&doc.sections);
    if let Some(c) = &doc.cover {
        w.cover(c);
    }
    if let Some(o) = &doc.organization {
        w.organization(o);
    }
    if let Some(b) = &doc.basic {
        w.basic(b);
    }
    if let Some(p) = &doc.projects {
        w.projects(p);
    }
    if doc.funds.government_fund.is_some()
        || doc.funds.state_capital.is_some()
        || doc.funds.social_insurance.is_some()
    {
        w.funds(&doc.funds);
    }
    if let Some(f) = &doc.finance {
        w.finance(f);
    }
    if let Some(s) = &doc.sangong {
        w.sangong(s);
    }
    if let Some(s) = &doc.satisfaction {
        w.table("satisfaction");
        w.text(&at("satisfaction"), "subject", &s.subject);
        w.opt_text(&at("satisfaction"), "object", &s.object, Some("对我局"));
        w.num(&at("satisfaction"), "rate", &s.rate);
        w.num(&at("satisfaction"), "target", &s.target);
    }
    for (i, g) in doc.goals.iter().enumerate() {
        let a = w.array_table("goals", i);
        w.text(&a, "label", &g.label);
        w.opt_text(&a, "text", &g.text, None);
        w.opt_choice(&a, "append", &g.append, None);
    }
    if let Some(p) = &doc.performance {
        w.performance(p);
    }
    if let Some(c) = &doc.closing {
        w.closing(c);
    }
    let a1 = &doc.attachment1;
    if a1.procurement_budget.is_some()
        || a1.procurement_actual.is_some()
        || !a1.frugality.is_empty()
        || !a1.buildings.is_empty()
    {
        w.attachment1(a1);
    }
    let a2 = &doc.attachment2;
    if !a2.indicators.is_empty() || a2.execution_weight.is_some() || a2.form.is_some() {
        w.attachment2(a2);
        w.form(&doc.form);
    }
    w.labels(&doc.labels);
    w.settings(&doc.settings);
    if let Some(f) = &doc.fonts {
        let a = at("fonts");
        w.table("fonts");
        for (key, value) in [
            ("path", &f.path),
            ("fangsong", &f.fangsong),
            ("kaiti", &f.kaiti),
            ("heiti", &f.heiti),
            ("songti", &f.songti),
            ("xiaobiaosong", &f.xiaobiaosong),
        ] {
            w.opt_text(&a, key, value, None);
        }
    }
    for (i, allow) in doc.allow.iter().enumerate() {
        let a = w.array_table("allow", i);
        w.text(&a, "code", &allow.code);
        w.text(&a, "reason", &allow.reason);
        w.opt_text(&a, "at", &allow.at, None);
    }
    w.out
}

/// A TOML local date.
fn date(d: &crate::input::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// Where a key is: the path for its description and the path (with indices) for its notes.
struct At {
    doc: String,
    note: String,
}

fn at(path: &str) -> At {
    At { doc: path.into(), note: path.into() }
}

impl At {
    fn key(&self, key: &str) -> At {
        if self.doc.is_empty() {
            return At { doc: key.into(), note: key.into() };
        }
        At { doc: format!("{}.{key}", self.doc), note: format!("{}.{key}", self.note) }
    }
}

struct W<'a> {
    out: String,
    notes: &'a Notes,
    /// Descriptions already printed: in arrays only the first element carries them.
    seen: HashSet<String>,
    /// Nothing but a header since the last blank line.
    fresh: bool,
}

/// A TOML basic string.
fn quote(s: &str) -> String {
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

/// An outline table as the author writes it: its options first, then one row a line.
fn table_toml(t: &crate::input::OutlineTable) -> String {
    let mut head: Vec<String> = Vec::new();
    if let Some(c) = &t.caption {
        head.push(format!("caption = {}", quote(&c.value)));
    }
    if let Some(h) = &t.header {
        head.push(format!("header = {}", h.value));
    }
    if let Some(w) = &t.widths {
        let w: Vec<String> = w.iter().map(|n| n.value.to_string()).collect();
        head.push(format!("widths = [{}]", w.join(", ")));
    }
    if let Some(a) = &t.align {
        let a: Vec<String> = a.iter().map(|c| quote(spelling(c))).collect();
        head.push(format!("align = [{}]", a.join(", ")));
    }
    let mut out = format!("{{ {}table = [\n", head.iter().map(|h| format!("{h}, ")).collect::<String>());
    for row in &t.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| {
                if c.colspan.is_none() && c.rowspan.is_none() && c.align.is_none() {
                    return quote(&c.text.value);
                }
                let mut parts = vec![format!("text = {}", quote(&c.text.value))];
                parts.extend(c.colspan.as_ref().map(|n| format!("colspan = {}", n.value)));
                parts.extend(c.rowspan.as_ref().map(|n| format!("rowspan = {}", n.value)));
                parts.extend(c.align.as_ref().map(|a| format!("align = {}", quote(spelling(a)))));
                format!("{{ {} }}", parts.join(", "))
            })
            .collect();
        out.push_str(&format!("    [{}],\n", cells.join(", ")));
    }
    out.push_str("  ] }");
    out
}

fn spelling<T: Choice + PartialEq>(c: &Chosen<T>) -> &'static str {
    T::CHOICES.iter().find(|(_, v)| *v == c.value).map_or("", |(name, _)| name)
}

impl W<'_> {
    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn comment(&mut self, indent: &str, text: &str) {
        if text.is_empty() {
            self.line(&format!("{indent}#"));
        }
        for l in text.lines() {
            self.line(&format!("{indent}# {l}"));
        }
    }

    /// The description of `path`, once per path, after a blank line.
    fn doc(&mut self, path: &str) {
        let Some(d) = docs::doc(path) else {
            return;
        };
        if self.seen.insert(path.to_string()) {
            if !self.fresh {
                self.line("");
            }
            self.comment("", d);
        }
        self.fresh = false;
    }

    fn notes(&mut self, path: &str, indent: &str) {
        let notes = self.notes;
        for n in notes.get(path).into_iter().flatten() {
            self.comment(indent, n);
        }
    }

    fn header(&mut self, header: &str, path: &str, note: &str) {
        self.line("");
        if let Some(d) = docs::doc(path)
            && self.seen.insert(path.to_string())
        {
            self.comment("", d);
        }
        self.notes(note, "");
        if !header.is_empty() {
            self.line(header);
        }
        self.fresh = true;
    }

    fn table(&mut self, path: &str) {
        self.header(&format!("[{path}]"), path, path);
    }

    fn array_table(&mut self, path: &str, i: usize) -> At {
        let note = format!("{path}.{i}");
        self.header(&format!("[[{path}]]"), path, &note);
        At { doc: path.into(), note }
    }

    fn kv(&mut self, at: &At, key: &str, value: &str) {
        let a = at.key(key);
        self.doc(&a.doc);
        self.notes(&a.note, "");
        self.line(&format!("{key} = {value}"));
    }

    /// An optional key that is absent: its description and a commented-out example.
    fn absent(&mut self, at: &At, key: &str, example: Option<&str>) {
        let a = at.key(key);
        let has_notes = self.notes.contains_key(&a.note);
        if example.is_none() && !has_notes {
            return;
        }
        self.doc(&a.doc);
        self.notes(&a.note, "");
        if let Some(e) = example {
            self.line(&format!("# {key} = {e}"));
        }
    }

    fn text(&mut self, at: &At, key: &str, t: &Text) {
        self.kv(at, key, &quote(&t.value));
    }

    fn opt_text(&mut self, at: &At, key: &str, t: &Option<Text>, example: Option<&str>) {
        match t {
            Some(t) => self.text(at, key, t),
            None => self.absent(at, key, example.map(quote).as_deref()),
        }
    }

    fn num(&mut self, at: &At, key: &str, n: &Number) {
        self.kv(at, key, &n.value.to_string());
    }

    fn opt_num(&mut self, at: &At, key: &str, n: &Option<Number>, example: Option<&str>) {
        match n {
            Some(n) => self.num(at, key, n),
            None => self.absent(at, key, example),
        }
    }

    fn opt_choice<T: Choice + PartialEq>(
        &mut self,
        at: &At,
        key: &str,
        c: &Option<Chosen<T>>,
        example: Option<&str>,
    ) {
        match c {
            Some(c) => self.kv(at, key, &quote(spelling(c))),
            None => self.absent(at, key, example.map(quote).as_deref()),
        }
    }

    fn opt_bool(&mut self, at: &At, key: &str, b: Option<bool>) {
        if let Some(b) = b {
            self.kv(at, key, if b { "true" } else { "false" });
        }
    }

    /// A list of texts, one a line, each with its notes above it.
    fn list(&mut self, at: &At, key: &str, items: &[Text]) {
        let a = at.key(key);
        self.doc(&a.doc);
        self.notes(&a.note, "");
        if items.is_empty() {
            self.line(&format!("{key} = []"));
            return;
        }
        self.line(&format!("{key} = ["));
        for (i, item) in items.iter().enumerate() {
            self.notes(&format!("{}.{i}", a.note), "  ");
            self.line(&format!("  {},", quote(&item.value)));
        }
        self.line("]");
    }

    /// A list of inline tables with the descriptions of their keys above it.
    fn inline_tables(&mut self, at: &At, key: &str, rows: &[String], keys: &[&str]) {
        let a = at.key(key);
        self.doc(&a.doc);
        for k in keys {
            if let Some(d) = docs::doc(&format!("{}.{k}", a.doc)) {
                self.comment("", &format!("  {k}：{d}"));
            }
        }
        self.notes(&a.note, "");
        self.line(&format!("{key} = ["));
        for r in rows {
            self.line(&format!("  {r},"));
        }
        self.line("]");
    }

    fn report(&mut self, r: &ReportInfo) {
        let a = at("report");
        self.table("report");
        self.num(&a, "year", &r.year);
        self.text(&a, "department", &r.department);
        self.opt_text(&a, "department_full_name", &r.department_full_name, Some("单位全称"));
        self.opt_text(&a, "department_short_name", &r.department_short_name, Some("简称"));
        match &r.title_lines {
            Some(lines) => {
                let items: Vec<String> = lines.iter().map(|l| quote(&l.value)).collect();
                self.kv(&a, "title_lines", &format!("[{}]", items.join(", ")));
            }
            None => {
                let y = &r.year.value;
                self.absent(
                    &a,
                    "title_lines",
                    Some(&format!("[\"{y}年度单位名称\", \"整体支出绩效自评报告\"]")),
                );
            }
        }
        self.opt_text(&a, "intro", &r.intro, None);
        match &r.parts {
            Some(parts) => {
                let items: Vec<String> = parts.iter().map(|c| quote(spelling(c))).collect();
                self.kv(&a, "parts", &format!("[{}]", items.join(", ")));
            }
            None => self.absent(&a, "parts", Some("[\"正文\", \"基础数据表\", \"自评表\"]")),
        }
        match &r.date {
            Some(d) => self.kv(&a, "date", &date(d)),
            None => self.absent(&a, "date", Some("2022-06-30")),
        }
        self.opt_text(&a, "signature", &r.signature, None);
        if let Some(rev) = &r.revision {
            let a = at("report.revision");
            self.table("report.revision");
            self.num(&a, "number", &rev.number);
            self.kv(&a, "date", &date(&rev.date));
            self.text(&a, "note", &rev.note);
            self.opt_bool(&a, "print", Some(rev.print));
        }
    }

    fn sections(&mut self, sections: &[crate::input::Section]) {
        for (i, s) in sections.iter().enumerate() {
            let a = self.array_table("sections", i);
            self.text(&a, "heading", &s.heading);
            if let Some(l) = &s.level {
                self.num(&a, "level", l);
            }
            if s.content.is_empty() {
                continue;
            }
            let c = a.key("content");
            self.doc(&c.doc);
            self.notes(&c.note, "");
            self.line("content = [");
            for (k, item) in s.content.iter().enumerate() {
                self.notes(&format!("{}.{k}", c.note), "  ");
                let written = match item {
                    Content::Paragraph(p) => quote(&p.value),
                    Content::Item { text, lead: Some(lead), .. } => {
                        format!("{{ item = {}, lead = {} }}", quote(&text.value), quote(&lead.value))
                    }
                    Content::Item { text, lead: None, .. } => format!("{{ item = {} }}", quote(&text.value)),
                    Content::Items { items, .. } => {
                        let v: Vec<String> = items.iter().map(|t| quote(&t.value)).collect();
                        format!("{{ items = [{}] }}", v.join(", "))
                    }
                    Content::Block { block, variant: Some(v), .. } => {
                        format!("{{ block = {}, variant = {} }}", quote(spelling(block)), quote(&v.value))
                    }
                    Content::Block { block, variant: None, .. } => {
                        format!("{{ block = {} }}", quote(spelling(block)))
                    }
                    Content::Table(t) => table_toml(t),
                };
                self.line(&format!("  {written},"));
            }
            self.line("]");
        }
    }

    fn cover(&mut self, c: &crate::input::Cover) {
        let a = at("cover");
        self.table("cover");
        if let Some(lines) = &c.title {
            let items: Vec<String> = lines.iter().map(|l| quote(&l.value)).collect();
            self.kv(&a, "title", &format!("[{}]", items.join(", ")));
        }
        self.opt_text(&a, "unit", &c.unit, None);
        self.opt_text(&a, "supervisor", &c.supervisor, Some("主管部门"));
        self.opt_choice(&a, "evaluation_type", &c.evaluation_type, Some("部门整体支出"));
        self.opt_text(&a, "method", &c.method, Some("单位自评"));
        self.opt_text(&a, "evaluator", &c.evaluator, Some("评价机构"));
        self.opt_text(&a, "date", &c.date, Some("2022年3月"));
        self.opt_text(&a, "issuer", &c.issuer, Some("××市财政局（制）"));
        self.opt_text(&a, "unit_opinion", &c.unit_opinion, None);
        self.opt_text(&a, "bureau_opinion", &c.bureau_opinion, None);
    }

    fn named(&mut self, a: &At, key: &str, list: &[Text], count: &Option<Number>, example: &str) {
        if list.is_empty() {
            self.absent(a, key, Some(example));
        } else {
            self.list(a, key, list);
        }
        self.opt_num(a, &format!("{key}_count"), count, None);
    }

    fn organization(&mut self, o: &Organization) {
        let a = at("organization");
        self.table("organization");
        let kinds = |rows: &[StaffingKind]| -> Vec<String> {
            rows.iter()
                .map(|s| match &s.note {
                    Some(note) => format!(
                        "{{ kind = {}, count = {}, note = {} }}",
                        quote(&s.kind.value),
                        s.count.value,
                        quote(&note.value)
                    ),
                    None => format!("{{ kind = {}, count = {} }}", quote(&s.kind.value), s.count.value),
                })
                .collect()
        };
        if !o.staffing.is_empty() {
            self.inline_tables(&a, "staffing", &kinds(&o.staffing), &["kind", "count", "note"]);
            self.comment("", "  再加一类：{ kind = \"事业编制\", count = 0 },");
        }
        self.opt_num(&a, "in_service", &o.in_service, None);
        match &o.seconded {
            Some(s) => self.kv(
                &a,
                "seconded",
                &format!("{{ unit = {}, count = {} }}", quote(&s.unit.value), s.count.value),
            ),
            None => {
                self.absent(&a, "seconded", Some("{ unit = \"市纪委监委驻本单位纪检监察组\", count = 0 }"))
            }
        }
        self.opt_num(&a, "retired", &o.retired, None);
        if o.retirees.is_empty() {
            self.absent(
                &a,
                "retirees",
                Some("[{ kind = \"离休\", count = 0 }, { kind = \"退休\", count = 0 }]"),
            );
        } else {
            self.inline_tables(&a, "retirees", &kinds(&o.retirees), &["kind", "count"]);
        }
        self.opt_num(&a, "vehicles_authorized", &o.vehicles_authorized, None);
        self.opt_num(&a, "vehicles_actual", &o.vehicles_actual, None);
        if !o.budget_units.is_empty() {
            self.list(&a, "budget_units", &o.budget_units);
            self.opt_num(&a, "budget_units_count", &o.budget_units_count, None);
            self.opt_text(&a, "budget_units_note", &o.budget_units_note, Some("属于一级预算单位"));
        }
        self.named(&a, "departments", &o.departments, &o.departments_count, "[\"办公室\", \"财务股\"]");
        self.named(&a, "subordinates", &o.subordinates, &o.subordinates_count, "[\"××中心\"]");
        self.opt_text(&a, "subordinates_label", &o.subordinates_label, Some("直属单位"));
        if !o.duties.is_empty() {
            self.list(&a, "duties", &o.duties);
        }
    }

    fn component(&mut self, key: &str, c: &Component) {
        let path = format!("basic.{key}");
        let a = at(&path);
        self.table(&path);
        self.num(&a, "actual", &c.actual);
        self.opt_num(&a, "last_year", &c.last_year, None);
        self.opt_num(&a, "budget", &c.budget, None);
        self.opt_text(&a, "reason", &c.reason, Some("主要原因是……"));
        self.opt_text(&a, "description", &c.description, (key == "capital").then_some("公务用车购置"));
    }

    /// Rows of a table array; an empty required one (`projects.items`) is written as `key = []`
    /// in the table above, which is still open.
    fn lines(&mut self, path: &str, lines: &[Line], required: bool) {
        if lines.is_empty() {
            if required && let Some((parent, key)) = path.rsplit_once('.') {
                self.kv(&at(parent), key, "[]");
            }
            return;
        }
        for (i, l) in lines.iter().enumerate() {
            let a = self.array_table(path, i);
            self.text(&a, "name", &l.name);
            self.opt_num(&a, "last_year", &l.last_year, None);
            self.opt_num(&a, "initial", &l.initial, None);
            self.opt_num(&a, "budget", &l.budget, None);
            self.opt_num(&a, "actual", &l.actual, None);
        }
    }

    fn basic(&mut self, b: &Basic) {
        self.table("basic");
        self.opt_text(&at("basic"), "definition", &b.definition, None);
        self.component("personnel", &b.personnel);
        self.component("public", &b.public);
        self.component("capital", &b.capital);
        self.table("basic.budget");
        self.opt_num(&at("basic.budget"), "initial", &b.budget.initial, None);
        self.opt_num(&at("basic.budget"), "adjusted", &b.budget.adjusted, None);
        self.lines("basic.public_items", &b.public_items, false);
    }

    fn projects(&mut self, p: &Projects) {
        let a = at("projects");
        self.table("projects");
        self.opt_text(&a, "definition", &p.definition, None);
        self.opt_text(&a, "reason", &p.reason, Some("主要原因是……"));
        self.lines("projects.items", &p.items, true);
    }

    fn funds(&mut self, f: &Funds) {
        let a = at("funds");
        self.table("funds");
        self.opt_num(&a, "government_fund", &f.government_fund, Some("0"));
        self.opt_num(&a, "state_capital", &f.state_capital, Some("0"));
        self.opt_num(&a, "social_insurance", &f.social_insurance, Some("0"));
    }

    fn finance(&mut self, f: &Finance) {
        let a = at("finance");
        self.table("finance");
        self.num(&a, "carryover", &f.carryover);
        self.opt_text(&a, "carryover_note", &f.carryover_note, None);
        self.opt_text(&a, "closing_note", &f.closing_note, None);
        self.opt_num(&a, "initial_budget", &f.initial_budget, None);
        let rows: Vec<String> = f
            .income
            .iter()
            .map(|i| {
                let mut s = format!("{{ name = {}, amount = {}", quote(&i.name.value), i.amount.value);
                if let Some(l) = &i.last_year {
                    s.push_str(&format!(", last_year = {}", l.value));
                }
                if let Some(k) = &i.kind {
                    s.push_str(&format!(", kind = {}", quote(spelling(k))));
                }
                s.push_str(" }");
                s
            })
            .collect();
        self.inline_tables(&a, "income", &rows, &["name", "amount", "last_year", "kind"]);
        let s = &f.by_source;
        if s.general.is_some()
            || s.government_fund.is_some()
            || s.special_account.is_some()
            || s.other.is_some()
        {
            let b = at("finance.by_source");
            self.table("finance.by_source");
            self.opt_num(&b, "general", &s.general, Some("0"));
            self.opt_num(&b, "government_fund", &s.government_fund, Some("0"));
            self.opt_num(&b, "special_account", &s.special_account, Some("0"));
            self.opt_num(&b, "other", &s.other, Some("0"));
        }
        if let Some(bn) = &f.by_nature {
            let b = at("finance.by_nature");
            self.table("finance.by_nature");
            self.opt_num(&b, "basic", &bn.basic, None);
            self.opt_num(&b, "projects", &bn.projects, None);
        }
        if let Some(funding) = &f.funding {
            self.header("", "finance.funding", "finance.funding");
            for (key, row) in [
                ("appropriation", &funding.appropriation),
                ("carryover", &funding.carryover),
                ("other", &funding.other),
            ] {
                let path = format!("finance.funding.{key}");
                let b = at(&path);
                self.table(&path);
                self.opt_num(&b, "initial", &row.initial, Some("0"));
                self.opt_num(&b, "executed", &row.executed, Some("0"));
            }
        }
    }

    fn sangong(&mut self, s: &Sangong) {
        for (key, item) in [
            ("vehicle_purchase", &s.vehicle_purchase),
            ("vehicle_operation", &s.vehicle_operation),
            ("overseas", &s.overseas),
            ("reception", &s.reception),
        ] {
            let path = format!("sangong.{key}");
            if !self.seen.contains("sangong") {
                self.line("");
                self.seen.insert("sangong".into());
                self.comment("", docs::doc("sangong").unwrap_or_default());
            }
            let a = at(&path);
            self.table(&path);
            self.opt_num(&a, "last_year", &item.last_year, None);
            self.num(&a, "budget", &item.budget);
            self.num(&a, "actual", &item.actual);
            self.opt_text(&a, "note", &item.note, Some("说明"));
            let reception = key == "reception";
            self.opt_num(&a, "batches", &item.batches, reception.then_some("0"));
            self.opt_num(&a, "visitors", &item.visitors, reception.then_some("0"));
        }
    }

    fn performance(&mut self, p: &Performance) {
        self.table("performance");
        self.opt_text(&at("performance"), "summary", &p.summary, None);
        for (i, x) in p.achievements.iter().enumerate() {
            let a = self.array_table("performance.achievements", i);
            self.text(&a, "title", &x.title);
            self.text(&a, "text", &x.text);
        }
    }

    fn closing(&mut self, c: &Closing) {
        let a = at("closing");
        self.table("closing");
        self.list(&a, "problems", &c.problems);
        self.list(&a, "measures", &c.measures);
        self.list(&a, "application", &c.application);
    }

    fn attachment1(&mut self, x: &Attachment1) {
        let a = at("attachment1");
        self.table("attachment1");
        self.opt_num(&a, "procurement_budget", &x.procurement_budget, Some("0"));
        self.opt_num(&a, "procurement_actual", &x.procurement_actual, Some("0"));
        self.list(&a, "frugality", &x.frugality);
        self.opt_choice(&a, "budget_column", &x.budget_column, Some("年初预算数"));
        if x.buildings.is_empty() {
            self.header("", "attachment1.buildings", "attachment1.buildings");
            for l in [
                "[[attachment1.buildings]]",
                "name = \"项目名称\"",
                "approved_area = 0",
                "actual_area = 0",
                "budget_investment = 0",
                "actual_investment = 0",
            ] {
                self.comment("", l);
            }
        }
        for (i, bl) in x.buildings.iter().enumerate() {
            let b = self.array_table("attachment1.buildings", i);
            self.opt_text(&b, "name", &bl.name, None);
            self.opt_num(&b, "approved_area", &bl.approved_area, None);
            self.opt_num(&b, "actual_area", &bl.actual_area, None);
            self.opt_num(&b, "budget_investment", &bl.budget_investment, None);
            self.opt_num(&b, "actual_investment", &bl.actual_investment, None);
        }
    }

    fn attachment2(&mut self, x: &Attachment2) {
        let a = at("attachment2");
        self.table("attachment2");
        self.opt_choice(&a, "form", &x.form, Some("湖南"));
        match &x.columns {
            Some(cols) => {
                let items: Vec<String> = cols
                    .iter()
                    .map(|c| match &c.header {
                        Some(h) => format!("{{ field = {}, header = {} }}", quote(spelling(&c.field)), quote(&h.value)),
                        None => format!("{{ field = {} }}", quote(spelling(&c.field))),
                    })
                    .collect();
                self.kv(&a, "columns", &format!("[{}]", items.join(", ")));
            }
            None => self.absent(
                &a,
                "columns",
                Some("[{ field = \"指标值\", header = \"年度指标值\" }, { field = \"完成值\", header = \"实际完成值\" }, { field = \"分值\" }, { field = \"得分\" }, { field = \"偏差原因\", header = \"偏差原因分析及改进措施\" }]"),
            ),
        }
        match &x.levels {
            Some(l) => {
                let items: Vec<String> = l.iter().map(|t| quote(&t.value)).collect();
                self.kv(&a, "levels", &format!("[{}]", items.join(", ")));
            }
            None => self.absent(&a, "levels", Some("[\"一级指标\", \"二级指标\", \"三级指标\"]")),
        }
        self.opt_bool_or(&a, "level1_weight", x.level1_weight, "true");
        self.opt_choice(&a, "by_nature", &x.by_nature, Some("预算数"));
        self.opt_bool_or(&a, "split_totals", x.split_totals, "false");
        self.opt_choice(&a, "grade", &x.grade, Some("优秀"));
        self.opt_num(&a, "execution_weight", &x.execution_weight, None);
        self.opt_num(&a, "execution_score", &x.execution_score, Some("10"));
        self.opt_text(&a, "overall_goal", &x.overall_goal, None);
        self.opt_text(&a, "overall_goal_adjusted", &x.overall_goal_adjusted, None);
        self.opt_text(&a, "overall_result", &x.overall_result, None);
        self.opt_text(&a, "finance_office", &x.finance_office, None);
        self.opt_text(&a, "contact", &x.contact, None);
        if x.indicators.is_empty() {
            self.kv(&a, "indicators", "[]");
        }
        for (i, row) in x.indicators.iter().enumerate() {
            let r = self.array_table("attachment2.indicators", i);
            // The first row shows every key a row may have; the others only their own.
            let show = |e: &'static str| (i == 0).then_some(e);
            self.opt_text(&r, "level1", &row.level1, None);
            self.opt_text(&r, "level2", &row.level2, None);
            self.text(&r, "name", &row.name);
            self.opt_text(&r, "target", &row.target, show("≥100人次"));
            self.opt_text(&r, "target_adjusted", &row.target_adjusted, show("≥100人次"));
            self.opt_text(&r, "actual", &row.actual, show("120人次"));
            self.opt_choice(&r, "from", &row.from, show("满意度"));
            self.opt_num(&r, "weight", &row.weight, show("10"));
            let scored = row.weight.is_some()
                && row.score.is_none()
                && row.coefficient.is_none()
                && row.from.is_none();
            self.opt_num(&r, "score", &row.score, if scored { Some("0") } else { show("10") });
            self.opt_num(&r, "coefficient", &row.coefficient, show("100"));
            match row.core {
                Some(b) => self.kv(&r, "core", if b { "true" } else { "false" }),
                None => self.absent(&r, "core", show("true")),
            }
            self.opt_text(&r, "analysis", &row.analysis, show("偏差原因及改进措施"));
            self.opt_text(&r, "unit", &row.unit, show("人次"));
            self.opt_text(&r, "nature", &row.nature, show("正向"));
            self.opt_text(&r, "explanation", &row.explanation, show("指标解释"));
            self.opt_text(&r, "criteria", &row.criteria, show("评分标准"));
        }
    }

    fn form(&mut self, f: &Form) {
        let a = at("form");
        self.table("form");
        self.opt_text(&a, "filled_by", &f.filled_by, Some(""));
        self.opt_text(&a, "date", &f.date, Some(""));
        self.opt_text(&a, "phone", &f.phone, Some(""));
    }

    fn labels(&mut self, l: &crate::input::Labels) {
        let set: Vec<(&str, &Text)> =
            l.entries().into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect();
        if set.is_empty() {
            self.header("", "labels", "labels");
            self.comment("", "[labels]");
            self.comment("", "department = \"预算部门、单位名称\"   # 例：改附件2“预算部门”一栏的标签");
            return;
        }
        let a = at("labels");
        self.table("labels");
        for (k, v) in set {
            self.text(&a, k, v);
        }
    }

    fn settings(&mut self, s: &Settings) {
        let a = at("settings");
        self.table("settings");
        match &s.numbering {
            Some(p) => {
                let items: Vec<String> = p.iter().map(|t| quote(&t.value)).collect();
                self.kv(&a, "numbering", &format!("[{}]", items.join(", ")));
            }
            None => self.absent(&a, "numbering", Some("[\"{一}、\", \"（{一}）\", \"{1}.\", \"（{1}）\"]")),
        }
        self.opt_choice(&a, "level3_numbering", &s.level3_numbering, Some("1、"));
        self.opt_num(&a, "execution_rate_decimals", &s.execution_rate_decimals, None);
        self.opt_choice(&a, "execution_score_rule", &s.execution_score_rule, Some("按比例"));
        self.opt_choice(&a, "execution_score_basis", &s.execution_score_basis, Some("印出的执行率"));
        self.opt_bool_or(&a, "placeholder_rows", s.placeholder_rows, "true");
        self.opt_choice(&a, "page_numbers", &s.page_numbers, Some("居中"));
        self.opt_bool_or(&a, "bold_level3", s.bold_level3, "false");
        self.opt_choice(&a, "attachment_label", &s.attachment_label, Some("附件一"));
        match &s.numbers {
            Some(nf) => {
                let b = at("settings.numbers");
                self.table("settings.numbers");
                for (k, v) in [
                    ("amount", &nf.amount),
                    ("share", &nf.share),
                    ("growth", &nf.growth),
                    ("rate", &nf.rate),
                    ("score", &nf.score),
                ] {
                    self.opt_choice(&b, k, v, None);
                }
            }
            None => {
                self.header("", "settings.numbers", "settings.numbers");
                for l in [
                    "[settings.numbers]",
                    "rate = \"0.00\"      # 例：预算执行率印两位小数（102.59%）",
                    "score = \"0.0\"      # 例：得分印一位小数（7.6）",
                ] {
                    self.comment("", l);
                }
            }
        }
    }

    fn opt_bool_or(&mut self, at: &At, key: &str, b: Option<bool>, example: &str) {
        match b {
            Some(b) => self.kv(at, key, if b { "true" } else { "false" }),
            None => self.absent(at, key, Some(example)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::load_str;

    #[test]
    fn quoting_survives_a_round_trip() {
        let s = "引号\"、反斜杠\\、换行\n和制表\t";
        let toml = format!("x = {}\n", quote(s));
        let v: toml::Table = toml.parse().unwrap();
        assert_eq!(v["x"].as_str(), Some(s));
    }

    #[test]
    fn writer_round_trips_the_seed() {
        // Every printed cell and sentence survives Input → TOML text → Input.
        let text = include_str!("../inputs/yiyang-zuzhibu-2020.toml");
        let (_, seed) = load_str("seed.toml", text).unwrap();
        let written = write(&seed, &Notes::new(), &[]);
        let (_, back) = load_str("back.toml", &written).unwrap_or_else(|e| panic!("{e}\n{written}"));
        let (a, b) = (crate::compute::compute(&seed), crate::compute::compute(&back));
        assert_eq!(crate::render::data_json(&a), crate::render::data_json(&b));
        assert_eq!(serde_json::to_value(&a.figures).unwrap(), serde_json::to_value(&b.figures).unwrap());
        assert!(written.contains("actual = 976.20"), "literals keep their decimals");
    }

    #[test]
    fn blank_skeleton_loads() {
        let text = init(2021, &[crate::input::template::default_preset().clone()], None);
        assert!(text.starts_with("#:schema ./jixiao.schema.json\n"));
        let (_, input) = load_str("new.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(input.report.year.value, Decimal::from(2021));
        assert!(input.report.department.value.starts_with(TODO_OPEN));
    }
}
