//! Rules on single values: units, signs, whole numbers, ranges, required text.

use rust_decimal::Decimal;

use crate::diag::{Finding, codes};
use crate::input::{Input, Number, Text};

#[derive(Clone, Copy)]
enum Kind {
    /// 万元, two decimals at most, not negative.
    Amount,
    /// People, vehicles, batches: whole and not negative.
    Count,
    /// Weights and scores: not negative, two decimals at most.
    Score,
    /// A percentage between 0 and 100.
    Percent,
}

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let year = &input.report.year;
    if year.value.fract() != Decimal::ZERO
        || year.value < Decimal::from(2000)
        || year.value > Decimal::from(2100)
    {
        out.push(
            Finding::error(codes::YEAR, format!("{} 不是一个报告年度", year.value))
                .at(year.span.clone())
                .label("年度")
                .help("写四位数的年份，如 year = 2020"),
        );
    }
    for (n, kind, name) in numbers(input) {
        value(n, kind, &name, out);
    }
    for (t, name) in required_texts(input) {
        if t.is_blank() {
            out.push(
                Finding::error(codes::EMPTY_TEXT, format!("{name}是空的"))
                    .at(t.span.clone())
                    .label("这里需要文字")
                    .help("填上内容；确实没有的项目请整行删去"),
            );
        }
    }
}

/// The title is set in 二号 (22 pt): a line of the 156 mm type area holds 20 characters (a digit
/// or Latin letter counts half). A longer line would wrap where Typst decides, possibly
/// leaving one character alone, instead of where the author wants.
pub fn title(input: &Input, report: &crate::compute::Report, out: &mut Vec<Finding>) {
    const PER_LINE: f64 = 20.0;
    let r = &input.report;
    let Some(body) = report.body() else { return };
    for (n, line) in body.title_lines.iter().enumerate() {
        let width: f64 = line.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum();
        if width > PER_LINE {
            let span = match &r.title_lines {
                Some(lines) => lines.get(n).map_or(r.department.span.clone(), |l| l.span.clone()),
                None => r.department.span.clone(),
            };
            out.push(
                Finding::warning(
                    codes::TITLE_WIDTH,
                    format!("标题第{}行“{line}”约 {width} 个字宽，一行最多排 20 个字，会自动折行", n + 1),
                )
                .at(span)
                .help("用 [report] title_lines 按词语分行，如 [\"2021年度××市××局\", \"整体支出绩效自评报告\"]；上短下长或上下对称，不要留下单独一个字"),
            );
        }
    }
}

fn value(n: &Number, kind: Kind, name: &str, out: &mut Vec<Finding>) {
    let v = n.value;
    if v.is_sign_negative() && !v.is_zero() {
        out.push(
            Finding::error(codes::NEGATIVE, format!("{name}不能是负数：{v}"))
                .at(n.span.clone())
                .label("负数")
                .help("填写实际发生的正数；减少的幅度由 jixiao 计算"),
        );
    }
    match kind {
        Kind::Amount if n.scale() > 2 => out.push(
            Finding::error(codes::DECIMALS, format!("{name}最多两位小数（单位万元），写的是 {v}"))
                .at(n.span.clone())
                .label("小数位太多")
                .help("金额以万元为单位、保留两位小数，如 2326.96；请核对单位是否误用了元"),
        ),
        Kind::Score if n.scale() > 2 => out.push(
            Finding::error(codes::DECIMALS, format!("{name}最多两位小数，写的是 {v}")).at(n.span.clone()),
        ),
        Kind::Count if v.fract() != Decimal::ZERO => out.push(
            Finding::error(codes::NOT_WHOLE, format!("{name}应为整数，写的是 {v}"))
                .at(n.span.clone())
                .label("不是整数"),
        ),
        Kind::Percent if v > Decimal::ONE_HUNDRED => out.push(
            Finding::error(codes::PERCENT_RANGE, format!("{name}是百分数，不能超过 100，写的是 {v}"))
                .at(n.span.clone())
                .help("97.81 表示 97.81%"),
        ),
        _ => {}
    }
}

fn numbers(input: &Input) -> Vec<(&Number, Kind, String)> {
    use Kind::*;
    let mut v: Vec<(&Number, Kind, String)> = Vec::new();
    let o = input.organization();
    for s in o.staffing.iter().chain(&o.retirees) {
        v.push((&s.count, Count, format!("{}人数", s.kind.value)));
    }
    for (n, name) in [
        (&o.in_service, "在职人数"),
        (&o.retired, "退休人数"),
        (&o.vehicles_authorized, "车辆编制数"),
        (&o.vehicles_actual, "实有车辆数"),
        (&o.departments_count, "内设机构个数"),
        (&o.subordinates_count, "下属单位个数"),
        (&o.budget_units_count, "决算单位个数"),
    ] {
        if let Some(n) = n {
            v.push((n, Count, name.into()));
        }
    }
    if let Some(s) = &o.seconded {
        v.push((&s.count, Count, "派驻人数".into()));
    }
    let b = input.basic();
    for (c, name) in [(&b.personnel, "人员经费"), (&b.public, "日常公用经费"), (&b.capital, "资本性支出")]
    {
        v.push((&c.actual, Amount, format!("{name}本年决算数")));
        if let Some(x) = &c.last_year {
            v.push((x, Amount, format!("{name}上年决算数")));
        }
        if let Some(x) = &c.budget {
            v.push((x, Amount, format!("{name}本年预算数")));
        }
    }
    for x in [&b.budget.initial, &b.budget.adjusted].into_iter().flatten() {
        v.push((x, Amount, "基本支出预算数".into()));
    }
    for line in b.public_items.iter().chain(&input.projects().items) {
        for (x, col) in [
            (&line.last_year, "上年决算数"),
            (&line.initial, "年初预算数"),
            (&line.budget, "本年预算数"),
            (&line.actual, "本年决算数"),
        ] {
            if let Some(x) = x {
                v.push((x, Amount, format!("{}{col}", line.name.value)));
            }
        }
    }
    let f = &input.funds;
    for x in [&f.government_fund, &f.state_capital, &f.social_insurance].into_iter().flatten() {
        v.push((x, Amount, "其他预算支出".into()));
    }
    if let Some(fin) = &input.finance {
        v.push((&fin.carryover, Amount, "年初结转和结余".into()));
        if let Some(x) = &fin.initial_budget {
            v.push((x, Amount, "年初预算数".into()));
        }
        for i in &fin.income {
            v.push((&i.amount, Amount, i.name.value.clone()));
            if let Some(x) = &i.last_year {
                v.push((x, Amount, format!("{}上年数", i.name.value)));
            }
        }
        let s = &fin.by_source;
        for x in [&s.general, &s.government_fund, &s.special_account, &s.other].into_iter().flatten() {
            v.push((x, Amount, "按收入性质分的金额".into()));
        }
        if let Some(rows) = &fin.funding {
            for r in [&rows.appropriation, &rows.carryover, &rows.other] {
                for x in [&r.initial, &r.executed].into_iter().flatten() {
                    v.push((x, Amount, "按资金来源分的金额".into()));
                }
            }
        }
    }
    let sg = input.sangong();
    for (item, name) in [
        (&sg.vehicle_purchase, "公务用车购置"),
        (&sg.vehicle_operation, "公务用车运行维护费"),
        (&sg.overseas, "因公出国（境）费"),
        (&sg.reception, "公务接待费"),
    ] {
        if let Some(x) = &item.last_year {
            v.push((x, Amount, format!("{name}上年决算数")));
        }
        v.push((&item.budget, Amount, format!("{name}本年预算数")));
        v.push((&item.actual, Amount, format!("{name}本年决算数")));
        for x in [&item.batches, &item.visitors].into_iter().flatten() {
            v.push((x, Count, format!("{name}批次或人次")));
        }
    }
    if let Some(sat) = &input.satisfaction {
        v.push((&sat.rate, Percent, "满意度".into()));
        v.push((&sat.target, Percent, "满意度目标".into()));
    }
    let a1 = &input.attachment1;
    for x in [&a1.procurement_budget, &a1.procurement_actual].into_iter().flatten() {
        v.push((x, Amount, "政府采购金额".into()));
    }
    for bl in &a1.buildings {
        for x in [&bl.approved_area, &bl.actual_area].into_iter().flatten() {
            v.push((x, Score, "楼堂馆所规模".into()));
        }
        for x in [&bl.budget_investment, &bl.actual_investment].into_iter().flatten() {
            v.push((x, Amount, "楼堂馆所投资".into()));
        }
    }
    let a2 = &input.attachment2;
    for (x, name) in [(&a2.execution_weight, "预算执行率分值"), (&a2.execution_score, "预算执行率得分")]
    {
        if let Some(x) = x {
            v.push((x, Score, name.into()));
        }
    }
    for row in &a2.indicators {
        for x in [&row.weight, &row.score].into_iter().flatten() {
            v.push((x, Score, format!("“{}”的分值或得分", row.name.value)));
        }
        if let Some(x) = &row.coefficient {
            v.push((x, Score, format!("“{}”的得分系数", row.name.value)));
        }
    }
    for layer in [&input.settings] {
        if let Some(x) = &layer.execution_rate_decimals {
            v.push((x, Count, "执行率小数位数".into()));
        }
    }
    v
}

fn required_texts(input: &Input) -> Vec<(&Text, String)> {
    let mut v: Vec<(&Text, String)> = vec![(&input.report.department, "单位名称".into())];
    let o = input.organization();
    v.extend(o.duties.iter().enumerate().map(|(n, t)| (t, format!("第{}条职能职责", n + 1))));
    v.extend(o.budget_units.iter().map(|t| (t, "决算单位名称".into())));
    v.extend(o.departments.iter().map(|t| (t, "内设机构名称".into())));
    v.extend(o.subordinates.iter().map(|t| (t, "下属单位名称".into())));
    v.extend(o.staffing.iter().chain(&o.retirees).map(|s| (&s.kind, "人员类别".into())));
    for a in &input.performance().achievements {
        v.push((&a.title, "主要绩效的标题".into()));
        v.push((&a.text, "主要绩效的内容".into()));
    }
    let c = input.closing();
    v.extend(c.problems.iter().map(|t| (t, "问题".into())));
    v.extend(c.measures.iter().map(|t| (t, "改进措施".into())));
    v.extend(input.goals.iter().map(|g| (&g.label, "绩效目标的名称".into())));
    v.extend(input.attachment2.indicators.iter().map(|r| (&r.name, "绩效指标名称".into())));
    for section in &input.sections {
        v.push((&section.heading, "大纲中的标题".into()));
        for c in &section.content {
            match c {
                crate::input::Content::Paragraph(t) | crate::input::Content::Item { text: t, .. } => {
                    v.push((t, format!("“{}”一节中的段落", section.heading.value.trim())))
                }
                crate::input::Content::Items { items, .. } => v.extend(
                    items.iter().map(|t| (t, format!("“{}”一节中的一条", section.heading.value.trim()))),
                ),
                crate::input::Content::Block { .. } | crate::input::Content::Table(_) => {}
            }
        }
    }
    v
}
