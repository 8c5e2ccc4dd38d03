//! A blank report: the sections and fields a template's outline and forms read, texts as
//! markers, figures 0.

use std::collections::HashSet;

use super::{chosen, mark, n, sections_of, t, zero};
use crate::input::template::Loaded;
use crate::input::{
    Achievement, Attachment1, Attachment2, Basic, BasicBudget, BlockKind, BySource, Closing, Component,
    Content, DataKey, ExtraRow, Finance, Form, FormVariant, Funding, Funds, Generated, Goal, Income,
    Indicator, Input, Line, Organization, Part, Performance, Projects, ReportInfo, Sangong, SangongItem,
    Satisfaction, Settings, StaffingKind, Text, todo,
};

/// What a template's parts and blocks read, and which 自评表 it prints.
pub(super) struct Uses {
    keys: HashSet<DataKey>,
    body: bool,
    variant: FormVariant,
    blocks: HashSet<BlockKind>,
    /// The template's rows of the 自评表 that are no indicator, whose texts the report writes.
    extra_rows: Vec<ExtraRow>,
}

pub(super) fn uses(chain: &[Loaded]) -> Uses {
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
    let extra_rows = probe.pick(|l| l.attachment2.extra_rows.as_ref()).cloned().unwrap_or_default();
    Uses { keys, body, variant: crate::compute::form_variant(&probe), blocks, extra_rows }
}

/// `Input` with nothing in it but the year: the base of a blank.
pub(super) fn blank_input(year: i64) -> Input {
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
        project_forms: Vec::new(),
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

/// The standard rows weighted to 80 for the 二八式 form (执行 20): 时效 and 成本 5 each.
fn eighty_indicators() -> Vec<Indicator> {
    let mut rows = standard_indicators();
    for r in &mut rows {
        if matches!(r.level2.as_ref().map(|t| t.value.as_str()), Some("时效指标" | "成本指标")) {
            r.weight = Some(n(5));
        }
    }
    rows
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

pub(super) fn blank(year: i64, uses: &Uses) -> Input {
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
            FormVariant::Execution => (eighty_indicators(), Some(n(20))),
            _ => (standard_indicators(), Some(n(10))),
        };
        doc.attachment2 = Attachment2 {
            execution_weight,
            overall_goal: (uses.variant != FormVariant::Rubric).then(|| mark("年度总体目标")),
            overall_goal_adjusted: (uses.variant == FormVariant::Chongqing).then(|| mark("全年（调整）目标")),
            overall_result: (uses.variant != FormVariant::Rubric).then(|| mark("年度总体目标的实际完成情况")),
            finance_office: (uses.variant == FormVariant::Chongqing).then(|| mark("财政部门的对口处室")),
            contact: (uses.variant == FormVariant::Chongqing).then(|| mark("部门联系人")),
            // The template's labels with a marker where the report's text goes.
            extra_rows: (!uses.extra_rows.is_empty()).then(|| {
                uses.extra_rows
                    .iter()
                    .map(|r| ExtraRow {
                        text: r.text.clone().or_else(|| Some(mark(r.label.value.trim()))),
                        ..r.clone()
                    })
                    .collect()
            }),
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
