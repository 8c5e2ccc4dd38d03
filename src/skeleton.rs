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
use crate::input::{
    Achievement, Attachment1, Attachment2, Basic, BasicBudget, BySource, Choice, Chosen, Closing, Component,
    Finance, Form, Funds, Generated, Goal, Income, Indicator, Input, Level3Numbering, Line, Number,
    Organization, PageNumbers, Performance, Projects, ReportInfo, Sangong, SangongItem, Satisfaction,
    ScoreRule, Settings, StaffingKind, TODO_OPEN, Text, docs, todo,
};

/// Comments to print above a key, by path with array indices (`goals.3.text`,
/// `closing.problems.0`): last year's text of a field that was cleared.
pub type Notes = BTreeMap<String, Vec<String>>;

/// A blank standard report for `year`: every section and field of the format, both
/// attachments, the standard 附件2 indicator structure (产出 50 分, 效益 30 分, 满意度 10 分,
/// 预算执行率 10 分) with placeholder rows; texts are markers, figures are 0.
pub fn init(year: i64) -> String {
    let head = [
        format!("{year}年度部门整体支出绩效自评报告 —— jixiao 源文件（由 jixiao init 生成）"),
        String::new(),
        "怎么填：".into(),
        "- 把每一处“【待填写：…】”换成实际内容，把 0 换成实际数字；每个键上面的注释说明它是什么、单位和数据来源。".into(),
        "- jixiao check 本文件 会列出还没填的地方；jixiao build 本文件 随时可以生成 PDF 看效果。".into(),
    ];
    write(&blank(year), &Notes::new(), &head)
}

/// Next year's report from last year's `last`. Last year's file is not touched; the mapping:
///
/// | kind | fields | becomes |
/// |---|---|---|
/// | year | `report.year` | + 1 (and the year in `title_lines`) |
/// | this year's 决算 → 上年 | `basic.{personnel,public,capital}.actual`, `basic.public_items[].actual`, `projects.items[].actual`, `sangong.*.actual` | their `last_year`; the `actual` becomes 0 |
/// | the unit | `report.department*`, `organization.{staffing,seconded,vehicles_authorized,budget_units,budget_units_note,duties}`, `basic.definition`, `projects.definition`, names of `public_items`, `projects.items`, `finance.income` | kept |
/// | the goal structure | `goals[].{label,append}`, `satisfaction.{subject,target}`, `attachment2.execution_weight`, `attachment2.indicators[].{level1,level2,name,target,from,weight,unit}`, placeholder rows, `settings`, `form.{filled_by,phone}` | kept |
/// | this year's figures | budgets, `finance.*` amounts, `funds`, `procurement_*`, `organization.{in_service,retired,vehicles_actual}` (year-end counts), `satisfaction.rate`, `batches`, `visitors` | 0 (optional ones stay present as 0); the year-end counts and the closing balance keep last year's value in a comment |
/// | this year's narrative | `intro`, `reason`s, `note`s, `carryover_note`, `closing_note`, `goals[].text`, `performance`, `closing`, `frugality`, `overall_goal/result`, indicator `actual`, `form.date` | a marker, with last year's text as a `# 上年：` comment above it; empty ones stay empty |
/// | this year's only | `capital.description`, indicator `score` and `analysis`, `execution_score`, `attachment1.buildings` (projects completed that year) | left out, last year's shown as a comment |
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
    Line { name: t(name), last_year: zero(), budget: zero(), actual: zero() }
}
fn sangong_item() -> SangongItem {
    SangongItem {
        last_year: zero(),
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
        last_year: zero(),
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
        actual: None,
        from: None,
        weight: None,
        score: None,
        analysis: None,
        unit: None,
        nature: None,
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

fn blank(year: i64) -> Input {
    let goal = |label: &str, text: Option<&str>, append: Option<Generated>| Goal {
        label: t(label),
        text: text.map(mark),
        append: append.map(chosen),
    };
    Input {
        report: ReportInfo {
            year: n(year),
            department: mark("单位名称"),
            department_full_name: Some(mark("单位全称")),
            department_short_name: Some(mark("单位简称")),
            title_lines: None,
            date: None,
            signature: None,
            revision: None,
            intro: t(format!(
                "根据中央、省、市有关绩效管理办法和年度绩效目标等工作要求，按照{}部署安排，我单位认真开展了{year}年度预算绩效自评工作，现将部门整体支出绩效评价情况报告如下：",
                todo("财政部门关于开展绩效自评工作的通知名称，加书名号")
            )),
        },
        organization: Organization {
            staffing: vec![StaffingKind { kind: t("行政编制"), count: zero(), note: None }],
            in_service: zero(),
            seconded: None,
            retired: zero(),
            vehicles_authorized: zero(),
            vehicles_actual: zero(),
            budget_units: vec![mark("决算单位名称")],
            budget_units_note: Some(mark("单位性质、执行的会计制度、预算级次")),
            duties: vec![mark("第一条职能职责"), mark("第二条职能职责")],
        },
        basic: Basic {
            definition: Some(t(
                "基本支出是指用于保障机构正常运转、完成日常工作任务而发生的各项支出，包括在职和退休人员基本工资、津贴补贴等人员经费以及办公费、印刷费、水电费、办公设备购置等日常公用经费。",
            )),
            personnel: component(false, Some("人员经费比上年增减的主要原因")),
            public: component(true, Some("日常公用经费比上年增减的主要原因")),
            capital: component(false, None),
            budget: BasicBudget { initial: zero(), adjusted: zero() },
            public_items: vec![line("办公经费"), line("水费、电费、差旅费"), line("会议费、培训费")],
        },
        projects: Projects {
            definition: Some(mark("项目支出的说明：为完成哪些专项工作、主要用于哪些方面")),
            reason: Some(mark("项目支出比上年增减的主要原因")),
            items: vec![Line { name: mark("项目名称"), ..line("") }],
        },
        funds: Funds {
            government_fund: Some(zero()),
            state_capital: Some(zero()),
            social_insurance: Some(zero()),
        },
        finance: Finance {
            carryover: zero(),
            carryover_note: Some(mark("年初结转和结余的构成")),
            closing_note: Some(mark("年末结转和结余的构成")),
            initial_budget: zero(),
            income: vec![
                Income { name: t("一般公共预算财政拨款收入"), amount: zero() },
                Income { name: t("其他收入"), amount: zero() },
            ],
            by_source: BySource {
                general: Some(zero()),
                government_fund: None,
                special_account: None,
                other: Some(zero()),
            },
        },
        sangong: Sangong {
            vehicle_purchase: sangong_item(),
            vehicle_operation: sangong_item(),
            overseas: sangong_item(),
            reception: SangongItem { batches: Some(zero()), visitors: Some(zero()), ..sangong_item() },
        },
        satisfaction: Some(Satisfaction {
            subject: mark("调查对象，如“群众”"),
            rate: zero(),
            target: zero(),
        }),
        goals: vec![
            goal("预决算公开", Some("预决算公开的时间、网站和内容"), None),
            goal("存量资金管理", Some("存量资金的盘活和使用情况"), None),
            goal("资产管理", Some("资产管理的制度和执行情况"), None),
            goal("三公经费控制情况", Some("控制“三公”经费的措施"), Some(Generated::Sangong)),
            goal("内部管理制度建设情况", Some("内部管理制度的建设和执行情况"), None),
            goal("可持续发展能力", Some("可持续发展能力方面的目标和完成情况"), None),
            goal("服务对象满意度", None, Some(Generated::Satisfaction)),
        ],
        performance: Performance {
            summary: Some(mark("主要绩效的总述")),
            achievements: ["一", "二", "三"]
                .iter()
                .map(|k| Achievement {
                    title: mark(&format!("第{k}项主要绩效的标题")),
                    text: mark(&format!("第{k}项主要绩效的内容")),
                })
                .collect(),
        },
        closing: Closing {
            problems: vec![mark("存在的问题及原因")],
            measures: vec![mark("下一步改进措施")],
            application: vec![t(format!(
                "绩效自评结果将为下年度预算配置、预算执行和预算管理提供参照和依据，不断细化绩效评价指标，提高资金使用效益。绩效评价报告及相关表格将按规定在{}进行公开。",
                todo("公开的网站")
            ))],
        },
        attachment1: Attachment1 {
            procurement_budget: Some(zero()),
            procurement_actual: Some(zero()),
            buildings: Vec::new(),
            frugality: vec![mark("厉行节约保障措施")],
        },
        attachment2: Attachment2 {
            form: None,
            grade: None,
            execution_weight: n(10),
            execution_score: None,
            overall_goal: Some(mark("年度总体目标")),
            overall_result: Some(mark("年度总体目标的实际完成情况")),
            indicators: standard_indicators(),
        },
        form: Form {
            filled_by: Some(mark("填表人")),
            date: Some(mark("填报日期")),
            phone: Some(mark("联系电话")),
        },
        settings: Settings {
            level3_numbering: Some(chosen(Level3Numbering::default())),
            execution_rate_decimals: Some(zero()),
            execution_score_rule: Some(chosen(ScoreRule::default())),
            placeholder_rows: Some(true),
            page_numbers: Some(chosen(PageNumbers::default())),
            bold_level3: Some(false),
        },
        fonts: None,
        allow: Vec::new(),
    }
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
    Line { name: l.name.clone(), last_year: l.actual.clone(), budget: zero(), actual: zero() }
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
        intro: {
            r.was("report.intro", &rep.intro);
            mark("开头段落，可参照上年的写法，注意改年度和通知名称")
        },
        // A new report has its own date and no revision; the signature stays.
        date: None,
        signature: rep.signature.clone(),
        revision: None,
    };

    let o = &last.organization;
    let organization = Organization {
        staffing: o.staffing.clone(),
        in_service: r.count("organization.in_service", &o.in_service, "人"),
        seconded: o.seconded.clone(),
        retired: r.count("organization.retired", &o.retired, "人"),
        vehicles_authorized: o.vehicles_authorized.clone(),
        vehicles_actual: r.count("organization.vehicles_actual", &o.vehicles_actual, "辆"),
        budget_units: o.budget_units.clone(),
        budget_units_note: o.budget_units_note.clone(),
        duties: o.duties.clone(),
    };

    let b = &last.basic;
    let mut comp = |key: &str, c: &Component, name: &str| {
        let path = format!("basic.{key}");
        if let Some(d) = &c.description {
            r.was(&format!("{path}.description"), d);
        }
        Component {
            actual: zero(),
            last_year: c.actual.clone(),
            budget: zero_if(&c.budget),
            reason: r.clear(&format!("{path}.reason"), &c.reason, &format!("{name}比上年增减的主要原因")),
            description: None,
        }
    };
    let basic = Basic {
        definition: b.definition.clone(),
        personnel: comp("personnel", &b.personnel, "人员经费"),
        public: comp("public", &b.public, "日常公用经费"),
        capital: comp("capital", &b.capital, "资本性支出"),
        budget: BasicBudget { initial: zero(), adjusted: zero() },
        public_items: b.public_items.iter().map(roll_line).collect(),
    };

    let p = &last.projects;
    let projects = Projects {
        definition: p.definition.clone(),
        reason: r.clear("projects.reason", &p.reason, "项目支出比上年增减的主要原因"),
        items: p.items.iter().map(roll_line).collect(),
    };

    let f = &last.funds;
    let funds = Funds {
        government_fund: zero_if(&f.government_fund),
        state_capital: zero_if(&f.state_capital),
        social_insurance: zero_if(&f.social_insurance),
    };

    let fin = &last.finance;
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
    let finance = Finance {
        carryover: zero(),
        carryover_note: (fin.carryover_note.is_some() || closing_text.is_some())
            .then(|| mark("年初结转和结余的构成")),
        closing_note: r.clear("finance.closing_note", &fin.closing_note, "年末结转和结余的构成"),
        initial_budget: zero(),
        income: fin.income.iter().map(|i| Income { name: i.name.clone(), amount: zero() }).collect(),
        by_source: BySource {
            general: zero_if(&fin.by_source.general),
            government_fund: zero_if(&fin.by_source.government_fund),
            special_account: zero_if(&fin.by_source.special_account),
            other: zero_if(&fin.by_source.other),
        },
    };

    let sg = &last.sangong;
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
            last_year: i.actual.clone(),
            budget: zero(),
            actual: zero(),
            note: r.clear(&format!("{path}.note"), &i.note, &format!("{name}的说明")),
            batches,
            visitors,
        }
    };
    let sangong = Sangong {
        vehicle_purchase: item("vehicle_purchase", &sg.vehicle_purchase, "公务用车购置"),
        vehicle_operation: item("vehicle_operation", &sg.vehicle_operation, "公务用车运行维护费"),
        overseas: item("overseas", &sg.overseas, "因公出国（境）费"),
        reception: item("reception", &sg.reception, "公务接待费"),
    };

    let satisfaction = last.satisfaction.as_ref().map(|s| {
        r.note("satisfaction.rate", format!("上年：{}", s.rate.value));
        Satisfaction { subject: s.subject.clone(), rate: zero(), target: s.target.clone() }
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

    let perf = &last.performance;
    let performance = Performance {
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
    };

    let c = &last.closing;
    let closing = Closing {
        problems: r.clear_list("closing.problems", &c.problems, "存在的问题及原因"),
        measures: r.clear_list("closing.measures", &c.measures, "下一步改进措施"),
        application: r.clear_list("closing.application", &c.application, "结果应用和公开情况"),
    };

    let a1 = &last.attachment1;
    for bl in &a1.buildings {
        r.note("attachment1.buildings", format!("{y}年完工的项目：{}", bl.name.value.trim()));
    }
    let attachment1 = Attachment1 {
        procurement_budget: zero_if(&a1.procurement_budget),
        procurement_actual: zero_if(&a1.procurement_actual),
        buildings: Vec::new(),
        frugality: r.clear_list("attachment1.frugality", &a1.frugality, "厉行节约保障措施"),
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
                analysis: None,
                ..row.clone()
            }
        })
        .collect();
    let attachment2 = Attachment2 {
        form: a2.form.clone(),
        grade: None,
        execution_weight: a2.execution_weight.clone(),
        execution_score: None,
        overall_goal: r.clear("attachment2.overall_goal", &a2.overall_goal, "年度总体目标"),
        overall_result: r.clear(
            "attachment2.overall_result",
            &a2.overall_result,
            "年度总体目标的实际完成情况",
        ),
        indicators,
    };

    let form = Form {
        filled_by: last.form.filled_by.clone(),
        date: r.clear("form.date", &last.form.date, "填报日期"),
        phone: last.form.phone.clone(),
    };

    let next = Input {
        report,
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
    ] {
        w.comment("", rule);
    }
    w.report(&doc.report);
    w.organization(&doc.organization);
    w.basic(&doc.basic);
    w.projects(&doc.projects);
    w.funds(&doc.funds);
    w.finance(&doc.finance);
    w.sangong(&doc.sangong);
    if let Some(s) = &doc.satisfaction {
        w.table("satisfaction");
        w.text(&at("satisfaction"), "subject", &s.subject);
        w.num(&at("satisfaction"), "rate", &s.rate);
        w.num(&at("satisfaction"), "target", &s.target);
    }
    for (i, g) in doc.goals.iter().enumerate() {
        let a = w.array_table("goals", i);
        w.text(&a, "label", &g.label);
        w.opt_text(&a, "text", &g.text, None);
        w.opt_choice(&a, "append", &g.append, None);
    }
    w.performance(&doc.performance);
    w.closing(&doc.closing);
    w.attachment1(&doc.attachment1);
    w.attachment2(&doc.attachment2);
    w.form(&doc.form);
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
        self.text(&a, "intro", &r.intro);
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

    fn organization(&mut self, o: &Organization) {
        let a = at("organization");
        self.table("organization");
        let rows: Vec<String> = o
            .staffing
            .iter()
            .map(|s| match &s.note {
                Some(note) => format!(
                    "{{ kind = {}, count = {}, note = {} }}",
                    quote(&s.kind.value),
                    s.count.value,
                    quote(&note.value)
                ),
                None => format!("{{ kind = {}, count = {} }}", quote(&s.kind.value), s.count.value),
            })
            .collect();
        self.inline_tables(&a, "staffing", &rows, &["kind", "count", "note"]);
        self.comment("", "  再加一类：{ kind = \"事业编制\", count = 0 },");
        self.num(&a, "in_service", &o.in_service);
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
        self.num(&a, "retired", &o.retired);
        self.num(&a, "vehicles_authorized", &o.vehicles_authorized);
        self.num(&a, "vehicles_actual", &o.vehicles_actual);
        self.list(&a, "budget_units", &o.budget_units);
        self.opt_text(&a, "budget_units_note", &o.budget_units_note, Some("属于一级预算单位"));
        self.list(&a, "duties", &o.duties);
    }

    fn component(&mut self, key: &str, c: &Component) {
        let path = format!("basic.{key}");
        let a = at(&path);
        self.table(&path);
        self.num(&a, "actual", &c.actual);
        self.num(&a, "last_year", &c.last_year);
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
            self.num(&a, "last_year", &l.last_year);
            self.num(&a, "budget", &l.budget);
            self.num(&a, "actual", &l.actual);
        }
    }

    fn basic(&mut self, b: &Basic) {
        self.table("basic");
        self.opt_text(&at("basic"), "definition", &b.definition, None);
        self.component("personnel", &b.personnel);
        self.component("public", &b.public);
        self.component("capital", &b.capital);
        self.table("basic.budget");
        self.num(&at("basic.budget"), "initial", &b.budget.initial);
        self.num(&at("basic.budget"), "adjusted", &b.budget.adjusted);
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
        self.num(&a, "initial_budget", &f.initial_budget);
        let rows: Vec<String> = f
            .income
            .iter()
            .map(|i| format!("{{ name = {}, amount = {} }}", quote(&i.name.value), i.amount.value))
            .collect();
        self.inline_tables(&a, "income", &rows, &["name", "amount"]);
        let s = &f.by_source;
        let b = at("finance.by_source");
        self.table("finance.by_source");
        self.opt_num(&b, "general", &s.general, Some("0"));
        self.opt_num(&b, "government_fund", &s.government_fund, Some("0"));
        self.opt_num(&b, "special_account", &s.special_account, Some("0"));
        self.opt_num(&b, "other", &s.other, Some("0"));
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
            self.num(&a, "last_year", &item.last_year);
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
            self.text(&b, "name", &bl.name);
            self.num(&b, "approved_area", &bl.approved_area);
            self.num(&b, "actual_area", &bl.actual_area);
            self.num(&b, "budget_investment", &bl.budget_investment);
            self.num(&b, "actual_investment", &bl.actual_investment);
        }
    }

    fn attachment2(&mut self, x: &Attachment2) {
        let a = at("attachment2");
        self.table("attachment2");
        self.opt_choice(&a, "form", &x.form, None);
        self.opt_choice(&a, "grade", &x.grade, None);
        self.num(&a, "execution_weight", &x.execution_weight);
        self.opt_num(&a, "execution_score", &x.execution_score, Some("10"));
        self.opt_text(&a, "overall_goal", &x.overall_goal, None);
        self.opt_text(&a, "overall_result", &x.overall_result, None);
        if x.indicators.is_empty() {
            self.kv(&a, "indicators", "[]");
        }
        for (i, row) in x.indicators.iter().enumerate() {
            let r = self.array_table("attachment2.indicators", i);
            self.opt_text(&r, "level1", &row.level1, None);
            self.opt_text(&r, "level2", &row.level2, None);
            self.text(&r, "name", &row.name);
            self.opt_text(&r, "target", &row.target, None);
            self.opt_text(&r, "actual", &row.actual, None);
            self.opt_choice(&r, "from", &row.from, None);
            self.opt_num(&r, "weight", &row.weight, None);
            let scored = row.weight.is_some() && row.score.is_none();
            self.opt_num(&r, "score", &row.score, scored.then_some("0"));
            self.opt_text(&r, "analysis", &row.analysis, None);
            self.opt_text(&r, "unit", &row.unit, None);
            self.opt_text(&r, "nature", &row.nature, None);
        }
    }

    fn form(&mut self, f: &Form) {
        let a = at("form");
        self.table("form");
        self.opt_text(&a, "filled_by", &f.filled_by, Some(""));
        self.opt_text(&a, "date", &f.date, Some(""));
        self.opt_text(&a, "phone", &f.phone, Some(""));
    }

    fn settings(&mut self, s: &Settings) {
        let a = at("settings");
        self.table("settings");
        self.opt_choice(&a, "level3_numbering", &s.level3_numbering, None);
        self.opt_num(&a, "execution_rate_decimals", &s.execution_rate_decimals, None);
        self.opt_choice(&a, "execution_score_rule", &s.execution_score_rule, None);
        self.opt_bool(&a, "placeholder_rows", s.placeholder_rows);
        self.opt_choice(&a, "page_numbers", &s.page_numbers, None);
        self.opt_bool(&a, "bold_level3", s.bold_level3);
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
        let text = init(2021);
        assert!(text.starts_with("#:schema ./jixiao.schema.json\n"));
        let (_, input) = load_str("new.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(input.report.year.value, Decimal::from(2021));
        assert!(input.report.department.value.starts_with(TODO_OPEN));
    }
}
