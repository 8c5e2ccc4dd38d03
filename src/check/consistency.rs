//! Rules on figures against each other: the sums that published reports get wrong.

use rust_decimal::Decimal;

use crate::compute::num::amount;
use crate::compute::{Figures, is_placeholder, is_placeholder_name};
use crate::diag::{Finding, codes};
use crate::input::{BlockKind, ByNature, Content, FormVariant, Generated, Input, Part};

pub fn check(input: &Input, f: &Figures, out: &mut Vec<Finding>) {
    let parts = crate::compute::parts_of(input);
    if parts.contains(&Part::Form2) {
        budget_splits(input, f, out);
        funding(input, f, out);
        initial_budgets(input, f, out);
        scores(input, f, out);
    }
    if parts.contains(&Part::Form1) {
        public_items(input, out);
    }
    generated_passages(input, out);
    counts(input, out);
    if input.finance.is_some() && f.total_spending > f.full_budget {
        out.push(
            Finding::warning(
                codes::OVERSPENT,
                format!(
                    "总支出 {} 万元超过全年预算数 {} 万元（年初结转和结余 + 本年收入），年末结转和结余为负",
                    amount(f.total_spending),
                    amount(f.full_budget)
                ),
            )
            .at(input.finance().carryover.span.clone())
            .help("核对基本支出、项目支出和收入各数；确实超支的，正文写作“支出超过全年预算数……”"),
        );
    }
    for item in &input.projects().items {
        if let (Some(budget), Some(actual)) = (&item.budget, &item.actual)
            && actual.value > budget.value
            && !budget.value.is_zero()
        {
            out.push(
                Finding::note(
                    codes::OVERSPENT,
                    format!(
                        "项目“{}”决算数 {} 万元超过本年预算数 {} 万元",
                        item.name.value.trim(),
                        amount(actual.value),
                        amount(budget.value)
                    ),
                )
                .at(actual.span.clone())
                .also(budget.span.clone(), "预算数")
                .help("核对预算调整；超支的原因可在项目支出的说明中写明"),
            );
        }
    }
    if let Some(n) = &input.organization().in_service
        && !f.posts.is_zero()
        && f.in_service > f.posts
    {
        out.push(
            Finding::note(
                codes::OVERSPENT,
                format!("在职人数 {} 多于编制数 {}：控制率将超过 100%", f.in_service, f.posts),
            )
            .at(n.span.clone()),
        );
    }
}

/// A count a document states against the list it counts, and names listed twice.
fn counts(input: &Input, out: &mut Vec<Finding>) {
    let org = input.organization();
    for (what, list, stated) in [
        ("内设机构", &org.departments, &org.departments_count),
        ("下属单位", &org.subordinates, &org.subordinates_count),
        ("决算单位", &org.budget_units, &org.budget_units_count),
    ] {
        if let Some(n) = stated
            && n.value != Decimal::from(list.len())
        {
            let mut finding = Finding::error(
                codes::COUNT_MISMATCH,
                format!("写的是{what} {} 个，名单中列了 {} 个", n.value, list.len()),
            )
            .at(n.span.clone())
            .label("写的个数")
            .help(format!("补全或删减名单，或改正个数；正文印的个数由名单数出（{} 个）", list.len()));
            if let Some(last) = list.last() {
                finding = finding.also(last.span.clone(), "名单的最后一个");
            }
            out.push(finding);
        }
        for (k, name) in list.iter().enumerate() {
            if let Some(first) = list[..k].iter().find(|x| x.value.trim() == name.value.trim()) {
                out.push(
                    Finding::error(
                        codes::DUPLICATE_NAME,
                        format!("{what}名单中“{}”出现了两次", name.value.trim()),
                    )
                    .at(name.span.clone())
                    .label("第二次")
                    .also(first.span.clone(), "第一次")
                    .help("删去重复的一个；若确是两个单位，写出能区分它们的全称"),
                );
            }
        }
    }
}

/// The 年初预算数 of the parts against the whole, when every part states it.
fn initial_budgets(input: &Input, f: &Figures, out: &mut Vec<Finding>) {
    let (Some(total), Some(basic)) = (&input.finance().initial_budget, &input.basic().budget.initial) else {
        return;
    };
    let Some(split) = f.initial_split else { return };
    if !split.gap.is_zero() {
        out.push(
            Finding::error(
                codes::BUDGET_SPLIT,
                format!(
                    "基本支出年初预算数加各项目的年初预算数为 {} 万元，与年初预算数 {} 万元不符，相差 {} 万元",
                    amount(split.sum),
                    amount(total.value),
                    amount(split.gap)
                ),
            )
            .at(total.span.clone())
            .label("年初预算数")
            .also(basic.span.clone(), "基本支出年初预算数")
            .help("核对年初预算批复：[basic.budget] initial 与各 [[projects.items]] 的 initial 之和应等于 [finance] initial_budget"),
        );
    }
}

/// The national 自评表's rows by source of funds add up to the totals.
fn funding(input: &Input, f: &Figures, out: &mut Vec<Finding>) {
    if let Some(rows) = &input.finance().funding {
        for ((row, name), figures) in [
            (&rows.appropriation, "当年财政拨款"),
            (&rows.carryover, "上年结转资金"),
            (&rows.other, "其他资金"),
        ]
        .into_iter()
        .zip(&f.funding)
        {
            if let Some(executed) = &row.executed
                && executed.value > figures.full
            {
                out.push(
                    Finding::note(
                        codes::OVERSPENT,
                        format!(
                            "{name}的全年执行数 {} 万元超过它的全年预算数 {} 万元",
                            amount(executed.value),
                            amount(figures.full)
                        ),
                    )
                    .at(executed.span.clone())
                    .help("全年预算数由收入和年初结转和结余得出；核对收入的分类（kind）和这一行的执行数"),
                );
            }
        }
    }
    let Some(rows) = &input.finance().funding else { return };
    if let (Some(executed), Some(first)) = (f.funding_executed, &rows.appropriation.executed)
        && !executed.gap.is_zero()
    {
        out.push(
            Finding::error(
                codes::BUDGET_SPLIT,
                format!(
                    "按资金来源分的全年执行数合计 {} 万元与全年执行数 {} 万元不符，相差 {} 万元",
                    amount(executed.sum),
                    amount(f.total_spending),
                    amount(executed.gap)
                ),
            )
            .at(first.span.clone())
            .help("当年财政拨款、上年结转资金、其他资金三行的执行数之和应等于基本支出与项目支出之和"),
        );
    }
    let initial = [&rows.appropriation.initial, &rows.carryover.initial, &rows.other.initial];
    if let (Some(total), Some(split), [Some(a), Some(c), Some(o)]) =
        (&input.finance().initial_budget, f.funding_initial, initial)
        && !split.gap.is_zero()
    {
        out.push(
            Finding::error(
                codes::BUDGET_SPLIT,
                format!(
                    "按资金来源分的年初预算数合计 {} 万元与年初预算数 {} 万元不符",
                    amount(split.sum),
                    amount(total.value)
                ),
            )
            .at(total.span.clone())
            .label("年初预算数")
            .also(a.span.clone(), "当年财政拨款")
            .also(c.span.clone(), "上年结转资金")
            .also(o.span.clone(), "其他资金")
            .help("三行的年初预算数之和应等于 [finance] initial_budget"),
        );
    }
}

/// 附件2: 按收入性质分 splits the 全年预算数; 按支出性质分 splits it too, or the 全年执行数 where
/// the template's form shows what was spent.
fn budget_splits(input: &Input, f: &Figures, out: &mut Vec<Finding>) {
    if !matches!(
        crate::compute::form_variant(input),
        FormVariant::Hunan | FormVariant::Unscored | FormVariant::WithNature
    ) || input.finance.is_none()
    {
        return;
    }
    let s = &input.finance().by_source;
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
                input.finance().carryover.span.clone(),
                format!("全年预算数 = 年初结转和结余 + 本年收入 = {}", amount(f.full_budget)),
            )
            .help(
                "按收入性质分的各项之和应等于全年预算数；核对 [finance.by_source]、年初结转和结余和各项收入",
            ),
        );
    }
    let executed =
        input.pick(|l| l.attachment2.by_nature.as_ref()).is_some_and(|c| c.value == ByNature::Executed);
    let adjusted = &input.basic().budget.adjusted;
    let stated = input.finance().by_nature.as_ref().and_then(|s| s.basic.as_ref().or(s.projects.as_ref()));
    if !f.by_nature_gap.is_zero() && (executed || adjusted.is_some() || stated.is_some()) {
        let (what, target) = if executed {
            ("全年执行数", "全年执行数 = 基本支出 + 项目支出")
        } else {
            ("全年预算数", "全年预算数")
        };
        let detail = format!(
            "（基本支出 {} + 项目支出 {}）",
            amount(f.by_nature_basic.unwrap_or_default()),
            amount(f.by_nature_projects.unwrap_or_default())
        );
        let mut finding = Finding::error(
            codes::BUDGET_SPLIT,
            format!(
                "按支出性质分合计 {} 万元{detail}与{what} {} 万元不符，相差 {} 万元",
                amount(f.by_nature_total),
                amount(f.by_nature_target),
                amount(f.by_nature_gap)
            ),
        );
        finding = match (stated, adjusted) {
            (Some(s), _) => finding.at(s.span.clone()).label("按支出性质分（写明的数）"),
            (None, Some(a)) if !executed => finding.at(a.span.clone()).label("基本支出调整后预算数"),
            _ => finding.at(input.basic().personnel.actual.span.clone()).label("基本支出"),
        };
        out.push(
            finding
                .also(input.finance().carryover.span.clone(), format!("{target} {}", amount(f.by_nature_target)))
                .help(if executed {
                    "按支出性质分印的是执行数：各项之和应等于全年执行数；财政部门按原表审定的，可以用 [[allow]] 写明理由和位置后照印"
                } else {
                    "基本支出调整后预算数加上各项目支出的本年预算数，应等于全年预算数"
                }),
        );
    }
}

/// `[[project_forms]]`: each names a project of `[[projects.items]]`, uses a form whose top
/// shows one total (the 湖南 and national forms split the department's funds, which a project
/// does not have), and its scores add up like the department's.
pub fn project_forms(input: &Input, figures: &[Figures], out: &mut Vec<Finding>) {
    let projects: Vec<&str> = input.projects().items.iter().map(|l| l.name.value.trim()).collect();
    if let Some(first) = input.project_forms.first()
        && !crate::compute::parts_of(input).contains(&Part::ProjectForms)
    {
        let at = first.project.as_ref().map(|p| p.span.clone()).unwrap_or(0..0);
        out.push(
            Finding::warning(
                codes::UNUSED_DATA,
                "写了项目自评表，但要印的部分中没有“项目自评表”，它不会印出",
            )
            .at(at)
            .help(
                "在 [report] parts 中加上 \"项目自评表\"，如 parts = [\"正文\", \"自评表\", \"项目自评表\"]",
            ),
        );
    }
    for (k, (form, f)) in input.project_forms.iter().zip(figures).enumerate() {
        let n = k + 1;
        match &form.project {
            None => out.push(
                Finding::error(codes::MISSING_KEY, format!("第 {n} 张项目自评表没有写 project（哪个项目）"))
                    .at(form.indicators.first().map(|r| r.name.span.clone()).unwrap_or(0..0))
                    .help("在这个 [[project_forms]] 中写 project = \"项目名称\"，与 [[projects.items]] 的 name 相同"),
            ),
            Some(p) if !projects.contains(&p.value.trim()) => out.push(
                Finding::error(
                    codes::UNKNOWN_REFERENCE,
                    format!("项目自评表的项目“{}”不在 [[projects.items]] 中", p.value.trim()),
                )
                .at(p.span.clone())
                .help(if projects.is_empty() {
                    "先在 [[projects.items]] 中写这个项目的预算数和执行数".to_string()
                } else {
                    format!("写其中一个：{}", projects.iter().map(|p| format!("“{p}”")).collect::<Vec<_>>().join("、"))
                }),
            ),
            Some(_) => {}
        }
        let derived = crate::compute::project_input(input, k);
        let variant = crate::compute::form_variant(&derived);
        if matches!(
            variant,
            FormVariant::Hunan | FormVariant::Unscored | FormVariant::WithNature | FormVariant::National
        ) {
            let at = form
                .form
                .as_ref()
                .map(|c| c.span.clone())
                .or_else(|| form.project.as_ref().map(|p| p.span.clone()));
            out.push(
                Finding::error(
                    codes::INVALID_VALUE,
                    format!("第 {n} 张项目自评表的表式分列部门的资金来源，项目没有这些数"),
                )
                .at(at.unwrap_or(0..0))
                .help("在这个 [[project_forms]] 中写 form = \"二八式\"、\"重庆\" 或 \"评分表\""),
            );
        }
        scores(&derived, f, out);
    }
}

fn scores(input: &Input, f: &Figures, out: &mut Vec<Finding>) {
    let a2 = &input.attachment2;
    let scored = crate::compute::scored(input);
    for (n, row) in a2.indicators.iter().enumerate() {
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
            // A row still to fill (its texts carry markers of `init`) is J308's, not a missing score.
            (Some(w), None) if scored && row.coefficient.is_none() && !unfilled(row) => out.push(
                Finding::warning(codes::SCORE_ABOVE_WEIGHT, format!("“{}”有分值没有得分", row.name.value))
                    .at(w.span.clone())
                    .help("填上 score = …（得分一栏留空就是这样印的）"),
            ),
            (None, Some(s)) => out.push(
                Finding::error(codes::SCORE_ABOVE_WEIGHT, format!("“{}”有得分没有分值", row.name.value))
                    .at(s.span.clone())
                    .help("填上 weight = …"),
            ),
            _ => {}
        }
        if let (Some(s), Some(c), Some(w), Some(Some(expected))) =
            (&row.score, &row.coefficient, &row.weight, f.coefficient_scores.get(n))
        {
            let expected = *expected;
            if expected != s.value {
                out.push(
                    Finding::warning(
                        codes::COEFFICIENT,
                        format!(
                            "“{}”得分 {} 与权重 {} × 得分系数 {}% = {} 不符",
                            row.name.value.trim(),
                            s.value,
                            w.value,
                            c.value,
                            crate::compute::num::plain(expected)
                        ),
                    )
                    .at(s.span.clone())
                    .also(c.span.clone(), "得分系数")
                    .help("删去 score 让 jixiao 按得分系数计算，或改正得分系数"),
                );
            }
        }
        if !is_placeholder(row)
            && is_placeholder_name(&row.name.value)
            && (row.target.is_some() || row.weight.is_some())
        {
            out.push(
                Finding::warning(
                    codes::LEFTOVER,
                    format!("绩效指标名称“{}”像是表格模板里的占位文字", row.name.value),
                )
                .at(row.name.span.clone())
                .help("写出具体的三级指标名称，如“指标1：新建中心村数量”"),
            );
        }
        let _ = n;
    }
    let unscored = !scored;
    let any_weight = a2.indicators.iter().any(|r| r.weight.is_some());
    if unscored && a2.grade.is_none() {
        let mut finding = Finding::error(codes::STRUCTURE, "自评表没有分值和得分，但没有写评价等级")
            .help("在 [attachment2] 中写 grade = \"优秀\"（或 良好、中、差）");
        if let Some(form) = &a2.form {
            finding = finding.at(form.span.clone());
        }
        out.push(finding);
    }
    if let Some(grade) = &a2.grade
        && scored
        && let (Some(total), Some(by_total)) = (f.total_score, f.grade)
        && crate::compute::stated_grade(input) != Some(by_total)
    {
        out.push(
            Finding::warning(
                codes::WEIGHT_TOTAL,
                format!(
                    "写的等级是“{}”，总分 {} 分对应的等级是“{}”",
                    crate::compute::printed_grade(input, f).unwrap_or_default(),
                    total,
                    crate::compute::grade_word(input, by_total)
                ),
            )
            .at(grade.span.clone())
            .help("优秀 ≥ 90 分，良好 80–89 分，中 60–79 分，差 < 60 分"),
        );
    }
    let execution_in_rows =
        a2.indicators.iter().any(|r| r.from.as_ref().is_some_and(|c| c.value == Generated::Execution));
    let has_money_block = crate::compute::form_variant(input) != FormVariant::Rubric;
    if (has_money_block || execution_in_rows) && scored && a2.execution_weight.is_none() {
        out.push(
            Finding::error(codes::MISSING_SECTION, "自评表要印预算执行率的分值，但没有写 execution_weight")
                .help("在 [attachment2] 中写 execution_weight = 10（按财政部门的评分办法）"),
        );
    }
    if scored && any_weight && f.total_weight != Decimal::ONE_HUNDRED {
        let mut finding = Finding::error(
            codes::WEIGHT_TOTAL,
            format!(
                "自评表各项分值合计 {} 分，应为 100 分（预算执行率 {} 分 + 各指标分值）",
                f.total_weight,
                a2.execution_weight.as_ref().map(|w| w.value).unwrap_or_default()
            ),
        )
        .help("通常为预算执行率 10 分、产出指标 50 分、效益指标 30 分、满意度指标 10 分");
        if let Some(w) = &a2.execution_weight {
            finding = finding.at(w.span.clone());
        }
        out.push(finding);
    }
    if let Some(by_rule) = f.execution_score_by_rule
        && f.execution_score != Some(by_rule)
        && let Some(stated) = &a2.execution_score
    {
        out.push(
            Finding::warning(
                codes::EXECUTION_SCORE,
                format!(
                    "预算执行率得分填的是 {}，按“{}”的规则应为 {}",
                    stated.value,
                    rule_name(input),
                    crate::compute::num::plain(by_rule)
                ),
            )
            .at(stated.span.clone())
            .label("手工填写的得分")
            .help("核对执行率和评分规则（[settings] execution_score_rule、execution_score_basis）；若有意不同，用 [[allow]] 写明理由"),
        );
    }
    // Each 一级指标 must be one block of rows; the first row names its levels.
    let depth = input.pick(|l| l.attachment2.levels.as_ref()).map_or(2, |v| v.len().saturating_sub(1));
    if let Some(first) = a2.indicators.first()
        && depth >= 1
        && (first.level1.is_none() || (depth >= 2 && first.level2.is_none()))
    {
        out.push(
            Finding::error(codes::STRUCTURE, "第一行绩效指标没有写一级指标或二级指标")
                .at(first.name.span.clone())
                .help("第一行要写 level1 = \"产出指标\" 和 level2 = \"数量指标\" 这样的一级、二级指标；后面的行留空则沿用上一行。不分级的表用 [attachment2] levels = [\"指标名称\"]"),
        );
    }
    if a2.indicators.is_empty() {
        out.push(
            Finding::error(codes::STRUCTURE, "自评表没有任何绩效指标")
                .help("至少写一段 [[attachment2.indicators]]"),
        );
    }
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

/// Whether a row still carries a “【待填写：…】” marker of `jixiao init`.
fn unfilled(row: &crate::input::Indicator) -> bool {
    [&Some(row.name.clone()), &row.target, &row.actual]
        .into_iter()
        .flatten()
        .any(|t| t.value.contains(crate::input::TODO_OPEN))
}

fn rule_name(input: &Input) -> &'static str {
    use crate::input::{Choice, ScoreRule};
    let rule = input.pick(|l| l.settings.execution_score_rule.as_ref()).map(|c| c.value).unwrap_or_default();
    ScoreRule::CHOICES.iter().find(|(_, r)| *r == rule).map_or("", |(n, _)| n)
}

/// 公用经费“其中”rows are parts of 公用经费, not a split of it: each must not exceed it.
fn public_items(input: &Input, out: &mut Vec<Finding>) {
    let public = &input.basic().public;
    for item in &input.basic().public_items {
        for (part, whole, col) in [
            (&item.last_year, public.last_year.as_ref(), "上年决算数"),
            (&item.budget, public.budget.as_ref(), "本年预算数"),
            (&item.actual, Some(&public.actual), "本年决算数"),
        ] {
            if let (Some(part), Some(whole)) = (part, whole)
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
    let body = crate::compute::parts_of(input).contains(&Part::Body);
    let appends = |g: Generated| input.goals.iter().any(|x| x.append.as_ref().is_some_and(|a| a.value == g));
    let in_outline = |k: BlockKind| {
        input
            .outline()
            .iter()
            .flat_map(|s| &s.content)
            .any(|c| matches!(c, Content::Block { block, .. } if block.value == k))
    };
    if let Some(sg) = &input.sangong {
        let any_sangong =
            [&sg.vehicle_purchase, &sg.vehicle_operation, &sg.overseas, &sg.reception].iter().any(|i| {
                !(i.actual.value.is_zero()
                    && i.budget.value.is_zero()
                    && i.last_year.as_ref().is_none_or(|l| l.value.is_zero()))
            });
        if body && any_sangong && !appends(Generated::Sangong) && !in_outline(BlockKind::Sangong) {
            out.push(
                Finding::note(codes::UNUSED_DATA, "正文没有写“三公”经费支出情况")
                    .at(sg.vehicle_purchase.actual.span.clone())
                    .help("在“三公经费控制情况”那一项绩效目标中加上 append = \"三公经费\"，或在大纲中加上 { block = \"三公经费\" }"),
            );
        }
    }
    let wants_satisfaction = appends(Generated::Satisfaction)
        || in_outline(BlockKind::Satisfaction)
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
    // A passage a goal appends and the outline prints again as a block of its own.
    if body {
        for (g, kind) in
            [(Generated::Sangong, BlockKind::Sangong), (Generated::Satisfaction, BlockKind::Satisfaction)]
        {
            if in_outline(kind)
                && let Some(a) = input.goals.iter().filter_map(|x| x.append.as_ref()).find(|a| a.value == g)
            {
                out.push(
                    Finding::warning(
                        codes::UNUSED_DATA,
                        format!("“{}”一段会印两次：大纲中有这一块，这项绩效目标又接上了它", kind.name()),
                    )
                    .at(a.span.clone())
                    .help("删去这一行 append，或在大纲中删去这一块"),
                );
            }
        }
        unused(input, &in_outline, out);
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

/// Text the author wrote that no block of the outline prints: a note, so that nothing is lost
/// without the author knowing (the outline of another template may leave it out).
fn unused(input: &Input, in_outline: &dyn Fn(BlockKind) -> bool, out: &mut Vec<Finding>) {
    let org = input.organization();
    let mut notes: Vec<(crate::input::Span, &str, &[BlockKind])> = Vec::new();
    if let Some(t) = org.duties.first() {
        notes.push((t.span.clone(), "职能职责", &[BlockKind::Duties]));
    }
    if let Some(t) = org.departments.first() {
        notes.push((t.span.clone(), "内设机构", &[BlockKind::Departments]));
    }
    if let Some(t) = org.subordinates.first() {
        notes.push((t.span.clone(), "下属单位", &[BlockKind::Subordinates]));
    }
    if let Some(t) = &input.finance().carryover_note {
        notes.push((t.span.clone(), "年初结转和结余的说明", &[BlockKind::Carryover, BlockKind::Overview]));
    }
    if let Some(p) = &input.performance
        && let Some(a) = p.achievements.first()
    {
        notes.push((a.title.span.clone(), "主要绩效", &[BlockKind::Achievements]));
    }
    if let Some(b) = &input.basic
        && let Some(d) = &b.definition
    {
        notes.push((d.span.clone(), "基本支出的说明", &[BlockKind::Basic]));
    }
    for (span, what, kinds) in notes {
        if !kinds.iter().any(|k| in_outline(*k)) {
            let name = kinds[0].name();
            // Pointed at the start of the value: a paragraph is one long line of the file.
            out.push(
                Finding::note(codes::UNUSED_DATA, format!("{what}没有印出：大纲中没有“{name}”一块"))
                    .at(span.start..span.start + 1)
                    .help(format!(
                        "在大纲中加上 {{ block = \"{name}\" }}（写 [[sections]]），或删去这些内容"
                    )),
            );
        }
    }
}
