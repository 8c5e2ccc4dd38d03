//! Rules on figures against each other: the sums that published reports get wrong.

use rust_decimal::Decimal;

use crate::compute::num::amount;
use crate::compute::{Figures, is_placeholder};
use crate::diag::{Finding, codes};
use crate::input::{Generated, Input};

pub fn check(input: &Input, f: &Figures, out: &mut Vec<Finding>) {
    budget_splits(input, f, out);
    scores(input, f, out);
    public_items(input, out);
    generated_passages(input, out);
    if f.total_spending > f.full_budget {
        out.push(
            Finding::warning(
                codes::OVERSPENT,
                format!(
                    "总支出 {} 万元超过全年预算数 {} 万元（年初结转和结余 + 本年收入），年末结转和结余为负",
                    amount(f.total_spending),
                    amount(f.full_budget)
                ),
            )
            .at(input.finance.carryover.span.clone())
            .help("核对基本支出、项目支出和收入各数"),
        );
    }
    if f.in_service > f.posts {
        out.push(
            Finding::note(
                codes::OVERSPENT,
                format!("在职人数 {} 多于编制数 {}：控制率将超过 100%", f.in_service, f.posts),
            )
            .at(input.organization.in_service.span.clone()),
        );
    }
}

/// 附件2: 按收入性质分 and 按支出性质分 each split the same 全年预算数.
fn budget_splits(input: &Input, f: &Figures, out: &mut Vec<Finding>) {
    let s = &input.finance.by_source;
    let given: Vec<_> =
        [&s.general, &s.government_fund, &s.special_account, &s.other].into_iter().flatten().collect();
    if let Some(first) = given.first()
        && !f.by_source_gap.is_zero()
    {
        out.push(
            Finding::error(
                codes::BUDGET_SPLIT,
                format!(
                    "按收入性质分合计 {} 万元与全年预算数 {} 万元不符，相差 {} 万元",
                    amount(f.by_source_total),
                    amount(f.full_budget),
                    amount(f.by_source_gap)
                ),
            )
            .at(first.span.clone())
            .label(format!("按收入性质分合计 {}", amount(f.by_source_total)))
            .also(
                input.finance.carryover.span.clone(),
                format!("全年预算数 = 年初结转和结余 + 本年收入 = {}", amount(f.full_budget)),
            )
            .help(
                "按收入性质分的各项之和应等于全年预算数；核对 [finance.by_source]、年初结转和结余和各项收入",
            ),
        );
    }
    if !f.by_nature_gap.is_zero() {
        out.push(
            Finding::error(
                codes::BUDGET_SPLIT,
                format!(
                    "按支出性质分合计 {} 万元（基本支出 {} + 项目支出 {}）与全年预算数 {} 万元不符，相差 {} 万元",
                    amount(f.by_nature_total),
                    amount(input.basic.budget.adjusted.value),
                    amount(f.projects.budget),
                    amount(f.full_budget),
                    amount(f.by_nature_gap)
                ),
            )
            .at(input.basic.budget.adjusted.span.clone())
            .label("基本支出调整后预算数")
            .also(input.finance.carryover.span.clone(), format!("全年预算数 {}", amount(f.full_budget)))
            .help("基本支出调整后预算数加上各项目支出的本年预算数，应等于全年预算数"),
        );
    }
}

fn scores(input: &Input, f: &Figures, out: &mut Vec<Finding>) {
    let a2 = &input.attachment2;
    for row in &a2.indicators {
        match (&row.weight, &row.score) {
            (Some(w), Some(s)) if s.value > w.value => out.push(
                Finding::error(
                    codes::SCORE_ABOVE_WEIGHT,
                    format!("“{}”得分 {} 高于分值 {}", row.name.value, s.value, w.value),
                )
                .at(s.span.clone())
                .label("得分")
                .also(w.span.clone(), "分值")
                .help("得分不能超过分值"),
            ),
            (Some(w), None) => out.push(
                Finding::warning(codes::SCORE_ABOVE_WEIGHT, format!("“{}”有分值没有得分", row.name.value))
                    .at(w.span.clone())
                    .help("填上 score = …"),
            ),
            (None, Some(s)) => out.push(
                Finding::error(codes::SCORE_ABOVE_WEIGHT, format!("“{}”有得分没有分值", row.name.value))
                    .at(s.span.clone())
                    .help("填上 weight = …"),
            ),
            _ => {}
        }
        if !is_placeholder(row)
            && row.name.value.trim_start().starts_with("指标")
            && row.name.value.contains('：')
        {
            out.push(
                Finding::warning(
                    codes::LEFTOVER,
                    format!("绩效指标名称“{}”像是表格模板里的占位文字", row.name.value),
                )
                .at(row.name.span.clone())
                .help("写出具体的三级指标名称"),
            );
        }
    }
    let variant = crate::compute::form_variant(input);
    let unscored = variant == crate::input::FormVariant::Unscored;
    let any_weight = a2.indicators.iter().any(|r| r.weight.is_some());
    if unscored && a2.grade.is_none() && !any_weight {
        out.push(
            Finding::error(codes::STRUCTURE, "附件2 用的是无分值的表，但没有写评价等级")
                .at(a2.execution_weight.span.clone())
                .help("在 [attachment2] 中写 grade = \"优秀\"（或 良好、中、差）"),
        );
    }
    if let Some(grade) = &a2.grade
        && any_weight
        && crate::compute::printed_grade(input, f) != f.grade.name()
    {
        out.push(
            Finding::warning(
                codes::WEIGHT_TOTAL,
                format!(
                    "写的等级是“{}”，总分 {} 分对应的等级是“{}”",
                    crate::compute::printed_grade(input, f),
                    f.total_score,
                    f.grade.name()
                ),
            )
            .at(grade.span.clone())
            .help("优秀 ≥ 90 分，良好 80–89 分，中 60–79 分，差 < 60 分"),
        );
    }
    if (!unscored || any_weight) && f.total_weight != Decimal::ONE_HUNDRED {
        out.push(
            Finding::error(
                codes::WEIGHT_TOTAL,
                format!(
                    "附件2 各项分值合计 {} 分，应为 100 分（预算执行率 {} 分 + 各指标分值）",
                    f.total_weight, a2.execution_weight.value
                ),
            )
            .at(a2.execution_weight.span.clone())
            .help("通常为预算执行率 10 分、产出指标 50 分、效益指标 30 分、满意度指标 10 分"),
        );
    }
    if f.execution_score_by_rule != f.execution_score
        && let Some(stated) = &a2.execution_score
    {
        out.push(
            Finding::warning(
                codes::EXECUTION_SCORE,
                format!(
                    "预算执行率得分填的是 {}，按“{}”的规则应为 {}",
                    stated.value,
                    rule_name(input),
                    crate::compute::num::plain(crate::compute::num::round(f.execution_score_by_rule, 2))
                ),
            )
            .at(stated.span.clone())
            .label("手工填写的得分")
            .help("核对执行率和评分规则（[settings] execution_score_rule）；若有意不同，请在说明中写明理由"),
        );
    }
    // Each 一级指标 must be one block of rows.
    let mut seen: Vec<&str> = Vec::new();
    for row in &a2.indicators {
        if let Some(l1) = &row.level1 {
            let name = l1.value.trim();
            if seen.last() != Some(&name) && seen.contains(&name) {
                out.push(
                    Finding::error(codes::STRUCTURE, format!("一级指标“{name}”的行被别的一级指标隔开了"))
                        .at(l1.span.clone())
                        .help("把同一个一级指标的各行放在一起"),
                );
            }
            seen.push(name);
        }
    }
}

fn rule_name(input: &Input) -> &'static str {
    use crate::input::{Choice, ScoreRule};
    let rule = input.settings.execution_score_rule.as_ref().map(|c| c.value).unwrap_or_default();
    ScoreRule::CHOICES.iter().find(|(_, r)| *r == rule).map_or("", |(n, _)| n)
}

/// 公用经费“其中”rows are parts of 公用经费, not a split of it: each must not exceed it.
fn public_items(input: &Input, out: &mut Vec<Finding>) {
    let public = &input.basic.public;
    for item in &input.basic.public_items {
        for (part, whole, col) in [
            (&item.last_year, Some(&public.last_year), "上年决算数"),
            (&item.budget, public.budget.as_ref(), "本年预算数"),
            (&item.actual, Some(&public.actual), "本年决算数"),
        ] {
            if let Some(whole) = whole
                && part.value > whole.value
            {
                out.push(
                    Finding::error(
                        codes::PART_ABOVE_TOTAL,
                        format!(
                            "公用经费中“{}”的{} {} 大于公用经费 {}",
                            item.name.value,
                            col,
                            amount(part.value),
                            amount(whole.value)
                        ),
                    )
                    .at(part.span.clone())
                    .also(whole.span.clone(), "公用经费")
                    .help("“其中”各项是公用经费的一部分，不能大于公用经费"),
                );
            }
        }
    }
}

/// Data that is given but never printed, and passages asked for without their data.
fn generated_passages(input: &Input, out: &mut Vec<Finding>) {
    let appends = |g: Generated| input.goals.iter().any(|x| x.append.as_ref().is_some_and(|a| a.value == g));
    let sg = &input.sangong;
    let any_sangong = [&sg.vehicle_purchase, &sg.vehicle_operation, &sg.overseas, &sg.reception]
        .iter()
        .any(|i| !(i.actual.value.is_zero() && i.budget.value.is_zero() && i.last_year.value.is_zero()));
    if any_sangong && !appends(Generated::Sangong) {
        out.push(
            Finding::note(codes::UNUSED_DATA, "正文没有写“三公”经费支出情况")
                .at(sg.vehicle_purchase.actual.span.clone())
                .help("在“三公经费控制情况”那一项绩效目标中加上 append = \"三公经费\""),
        );
    }
    let wants_satisfaction = appends(Generated::Satisfaction)
        || input
            .attachment2
            .indicators
            .iter()
            .any(|r| r.from.as_ref().is_some_and(|f| f.value == Generated::Satisfaction));
    if wants_satisfaction && input.satisfaction.is_none() {
        let span = input
            .goals
            .iter()
            .filter_map(|g| g.append.as_ref())
            .chain(input.attachment2.indicators.iter().filter_map(|r| r.from.as_ref()))
            .find(|c| c.value == Generated::Satisfaction)
            .map(|c| c.span.clone());
        let mut f = Finding::error(codes::STRUCTURE, "用到了满意度，但没有 [satisfaction] 一节")
            .help("加上 [satisfaction]，写明 subject（调查对象）、rate（满意度 %）和 target（目标 %）");
        if let Some(span) = span {
            f = f.at(span);
        }
        out.push(f);
    }
    for g in &input.goals {
        if g.text.is_none() && g.append.is_none() {
            out.push(
                Finding::error(codes::EMPTY_TEXT, format!("绩效目标“{}”没有内容", g.label.value))
                    .at(g.label.span.clone())
                    .help("写上 text = \"…\""),
            );
        }
    }
}
