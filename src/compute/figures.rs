//! Every derived figure of the report, exact. Nothing here is rounded or turned into text,
//! except the scores, which a form states at its own precision and then adds up.

use rust_decimal::Decimal;
use serde::Serialize;

use super::num::{Formats, HUNDRED, percent, round, shares};
use crate::input::{
    ByNature, Generated, IncomeKind, Indicator, Input, Line, Number, SangongItem, ScoreBasis, ScoreRule,
};

/// A change from a base (last year, or the budget): `amount` is signed, `rate` is the size of
/// the change in percent of the base, `None` when the base is zero.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    pub from: Decimal,
    pub to: Decimal,
    pub amount: Decimal,
    pub rate: Option<Decimal>,
}

impl Change {
    pub fn new(from: Decimal, to: Decimal) -> Self {
        let amount = to - from;
        Change { from, to, amount, rate: percent(amount.abs(), from) }
    }

    /// The change from a base that may not be stated: none then.
    pub fn from_stated(from: Option<Decimal>, to: Decimal) -> Option<Self> {
        from.map(|f| Change::new(f, to))
    }
}

/// One 基本支出 component: this year, the change from last year (when stated) and its share of
/// 基本支出.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentFigures {
    pub actual: Decimal,
    pub change: Option<Change>,
    /// Share of 基本支出 in percent, already apportioned so that the shares add up to 100.
    pub share: Option<Decimal>,
}

/// Three columns of a 附件1 row: last year's 决算, this year's 预算 and 决算; `None` is a figure
/// not stated (a blank cell).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Columns {
    pub last_year: Option<Decimal>,
    pub budget: Option<Decimal>,
    pub actual: Option<Decimal>,
}

fn value(n: &Option<Number>) -> Option<Decimal> {
    n.as_ref().map(|n| n.value)
}

/// The sum of what is stated; nothing when nothing is.
fn add(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x + y),
        (x, None) => x,
        (None, y) => y,
    }
}

impl Columns {
    pub(crate) fn of(item: &SangongItem) -> Self {
        Columns {
            last_year: value(&item.last_year),
            budget: Some(item.budget.value),
            actual: Some(item.actual.value),
        }
    }
    pub(crate) fn of_line(line: &Line) -> Self {
        Columns {
            last_year: value(&line.last_year),
            budget: value(&line.budget),
            actual: value(&line.actual),
        }
    }
}

impl std::ops::Add for Columns {
    type Output = Columns;
    fn add(self, o: Columns) -> Columns {
        Columns {
            last_year: add(self.last_year, o.last_year),
            budget: add(self.budget, o.budget),
            actual: add(self.actual, o.actual),
        }
    }
}

impl std::iter::Sum for Columns {
    fn sum<I: Iterator<Item = Columns>>(iter: I) -> Columns {
        iter.fold(Columns::default(), |a, b| a + b)
    }
}

/// 自评表 grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Grade {
    优秀,
    良好,
    中,
    差,
}

impl Grade {
    /// Best first.
    pub const ALL: [Grade; 4] = [Grade::优秀, Grade::良好, Grade::中, Grade::差];

    /// The grade of a score out of `weight`, by its share of the weight (a 一级指标 of 25 分
    /// scored 23 is 92% and 优秀); none without a weight.
    pub fn of_share(score: Decimal, weight: Decimal) -> Option<Grade> {
        (weight > Decimal::ZERO).then(|| Grade::of(score * HUNDRED / weight))
    }

    /// 优秀 ≥ 90, 良好 80–89, 中 60–79, 差 < 60.
    pub fn of(total: Decimal) -> Grade {
        if total >= Decimal::from(90) {
            Grade::优秀
        } else if total >= Decimal::from(80) {
            Grade::良好
        } else if total >= Decimal::from(60) {
            Grade::中
        } else {
            Grade::差
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Grade::优秀 => "优秀",
            Grade::良好 => "良好",
            Grade::中 => "中",
            Grade::差 => "差",
        }
    }
}

/// The total weight of one 二级指标 of 附件2.
#[derive(Debug, Clone, Serialize)]
pub struct Level2Figures {
    /// The 一级指标 it stands under (a 二级 name may repeat under another 一级).
    pub level1: String,
    pub name: String,
    pub weight: Decimal,
}

/// Weights and scores of one 一级指标 of 附件2.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Level1Figures {
    pub name: String,
    pub weight: Decimal,
    /// The sum of its rows' scores; absent when a scored row of it has no score (a blank 得分
    /// is not 0).
    pub score: Option<Decimal>,
}

impl Level1Figures {
    /// Its grade by the share of its weight it scored.
    pub fn grade(&self) -> Option<Grade> {
        self.score.and_then(|s| Grade::of_share(s, self.weight))
    }
}

/// One source of funds on the national 自评表: its three budgets and its rate.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct FundingFigures {
    pub initial: Option<Decimal>,
    pub full: Decimal,
    pub executed: Option<Decimal>,
    pub rate: Option<Decimal>,
}

/// All derived figures.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub year: i64,
    /// 编制数 and 在职人数 as the report text gives them (the department's own posts).
    pub posts: Decimal,
    pub in_service: Decimal,
    /// The same in 附件1, including staff paid by the department from other units' posts.
    pub form_posts: Decimal,
    pub form_in_service: Decimal,
    /// 控制率 = 实际在职人数 / 编制数.
    pub control_rate: Option<Decimal>,
    /// 离退休人员 in all.
    pub retirees: Decimal,

    pub basic_actual: Decimal,
    pub basic: Option<Change>,
    pub personnel: ComponentFigures,
    pub public: ComponentFigures,
    pub capital: ComponentFigures,
    /// 项目支出 rows summed.
    pub projects: Columns,
    pub project_change: Option<Change>,

    pub income_total: Decimal,
    /// 总收入 last year, when every income line states it.
    pub income_change: Option<Change>,
    /// Share of each income line in 总收入, apportioned to add up to 100.
    pub income_shares: Vec<Option<Decimal>>,
    /// 全年预算数 = 年初结转和结余 + 本年收入.
    pub full_budget: Decimal,
    /// 总支出 = 基本支出 + 项目支出.
    pub total_spending: Decimal,
    /// 预算执行率 = 全年执行数 / 全年预算数, exact.
    pub execution_rate: Option<Decimal>,
    /// 年末结转和结余 = 全年预算数 − 全年执行数 (negative: spent more than the budget).
    pub closing_balance: Decimal,
    /// 附件2 按收入性质分, summed over the lines given.
    pub by_source_total: Decimal,
    /// 附件2 按支出性质分: its two lines as printed, their sum, and which figure it should equal.
    pub by_nature_basic: Option<Decimal>,
    pub by_nature_projects: Option<Decimal>,
    pub by_nature_total: Decimal,
    pub by_nature_target: Decimal,
    /// How far each split is from its total (zero when it adds up).
    pub by_source_gap: Decimal,
    pub by_nature_gap: Decimal,
    /// The national 自评表's rows: 当年财政拨款, 上年结转资金, 其他资金.
    pub funding: [FundingFigures; 3],
    /// Their 全年执行数 against the 全年执行数, where all three rows state it.
    #[serde(skip)]
    pub funding_executed: Option<PartsSum>,
    /// Their 年初预算数 against the 年初预算数, where all three rows and the total state it.
    #[serde(skip)]
    pub funding_initial: Option<PartsSum>,
    /// 基本支出 年初预算数 plus every project's 年初预算数 against the 年初预算数, where all of
    /// them state it.
    #[serde(skip)]
    pub initial_split: Option<PartsSum>,

    pub sangong: Columns,
    pub vehicles: Columns,

    /// The 预算执行率 score that the rule gives, and the one printed (stated by hand if given),
    /// both at the form's score precision; absent without a rate (no budget to execute).
    pub execution_score_by_rule: Option<Decimal>,
    pub execution_score: Option<Decimal>,
    /// Each indicator's score: stated, or weight × 得分系数.
    pub scores: Vec<Option<Decimal>>,
    /// Each indicator's grade by the share of its weight it scored (a 等级 column).
    pub row_grades: Vec<Option<Grade>>,
    /// Each indicator's weight × 得分系数, where both are given, at the form's score precision.
    #[serde(skip)]
    pub coefficient_scores: Vec<Option<Decimal>>,
    pub level1: Vec<Level1Figures>,
    /// Each 二级指标's total weight, for a form with 分值 columns after the level names.
    pub level2: Vec<Level2Figures>,
    pub total_weight: Decimal,
    /// The 总分: absent when nothing is scored or any scored part lacks its score, so that a
    /// blank form prints a blank total and grades nothing, never 0 / 差.
    pub total_score: Option<Decimal>,
    pub grade: Option<Grade>,
}

/// Parts added up against the whole they should make.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PartsSum {
    pub sum: Decimal,
    /// How far the sum is from the whole, either way (0 when they agree).
    pub gap: Decimal,
}

impl PartsSum {
    fn of(sum: Decimal, whole: Decimal) -> PartsSum {
        PartsSum { sum, gap: (sum - whole).abs() }
    }
}

/// The 预算执行率 score that `rule` gives for `rate` (percent, already the rate the basis
/// chose) and `weight`, before rounding.
pub fn execution_score(rule: ScoreRule, rate: Option<Decimal>, weight: Decimal) -> Option<Decimal> {
    let rate = rate?;
    let capped = rate.min(HUNDRED);
    let score = match rule {
        ScoreRule::PointPerPercent => weight - (HUNDRED - capped),
        ScoreRule::Proportional => weight * capped / HUNDRED,
        ScoreRule::TwoPerFive => {
            let below = HUNDRED - capped;
            weight - (below / Decimal::from(5)).floor() * Decimal::from(2)
        }
        ScoreRule::TenthPerPercent => weight - (HUNDRED - rate).abs() * Decimal::new(1, 1),
    };
    Some(score.max(Decimal::ZERO).min(weight))
}

/// Whether an income line is a 财政拨款: as stated, else by its name.
pub fn is_appropriation(income: &crate::input::Income) -> bool {
    match income.kind.as_ref().map(|k| k.value) {
        Some(k) => k == IncomeKind::Appropriation,
        None => income.name.value.contains("财政拨款"),
    }
}

impl Figures {
    pub fn of(input: &Input) -> Figures {
        let year = year_of(input);
        let formats = Formats::of(input);
        let org = input.organization();
        let posts: Decimal = org.staffing.iter().map(|s| s.count.value).sum();
        let seconded = org.seconded.as_ref().map_or(Decimal::ZERO, |s| s.count.value);
        let in_service = value(&org.in_service).unwrap_or_default();
        let form_posts = posts + seconded;
        let form_in_service = in_service + seconded;
        let retirees = value(&org.retired).unwrap_or_default()
            + org.retirees.iter().map(|r| r.count.value).sum::<Decimal>();

        let b = input.basic();
        let parts = [b.personnel.actual.value, b.public.actual.value, b.capital.actual.value];
        let basic_actual: Decimal = parts.iter().copied().sum();
        let basic_last = match (&b.personnel.last_year, &b.public.last_year, &b.capital.last_year) {
            (Some(x), Some(y), Some(z)) => Some(x.value + y.value + z.value),
            _ => None,
        };
        let basic_shares = apportion(&parts);
        let component = |c: &crate::input::Component, share: Option<Decimal>| ComponentFigures {
            actual: c.actual.value,
            change: Change::from_stated(value(&c.last_year), c.actual.value),
            share,
        };

        let projects: Columns = input.projects().items.iter().map(Columns::of_line).sum();
        let project_actual = projects.actual.unwrap_or_default();

        let fin = input.finance();
        let income: Vec<Decimal> = fin.income.iter().map(|i| i.amount.value).collect();
        let income_total: Decimal = income.iter().copied().sum();
        let income_last: Option<Decimal> = if fin.income.is_empty() {
            None
        } else {
            fin.income.iter().map(|i| value(&i.last_year)).sum::<Option<Decimal>>()
        };
        // The totals the rest derive from, as published when the report states them.
        let stated = |keys: &[&str]| keys.iter().find_map(|k| input.stated.get(*k)).map(|n| n.value);
        let income_total = stated(&["总收入"]).unwrap_or(income_total);
        let full_budget = stated(&["附件2.全年预算数"]).unwrap_or(fin.carryover.value + income_total);
        let total_spending = stated(&["总支出", "附件2.全年执行数"]).unwrap_or(basic_actual + project_actual);
        let execution_rate = percent(total_spending, full_budget);

        let s = &fin.by_source;
        let by_source_total = [&s.general, &s.government_fund, &s.special_account, &s.other]
            .into_iter()
            .flatten()
            .map(|n| n.value)
            .sum();
        let by_nature = input.pick(|l| l.attachment2.by_nature.as_ref()).map(|c| c.value).unwrap_or_default();
        let (by_nature_lines, by_nature_target) = match by_nature {
            ByNature::Budget => ((value(&b.budget.adjusted), projects.budget), full_budget),
            ByNature::Executed => ((Some(basic_actual), Some(project_actual)), total_spending),
        };
        // An approved table's own figures, where the report states them.
        let stated = fin.by_nature.as_ref();
        let by_nature_basic = stated.and_then(|s| value(&s.basic)).or(by_nature_lines.0);
        let by_nature_projects = stated.and_then(|s| value(&s.projects)).or(by_nature_lines.1);
        let by_nature_total = by_nature_basic.unwrap_or_default() + by_nature_projects.unwrap_or_default();

        let appropriation: Decimal =
            fin.income.iter().filter(|i| is_appropriation(i)).map(|i| i.amount.value).sum();
        let funding_rows = fin.funding.clone().unwrap_or_default();
        let row = |full: Decimal, r: &crate::input::FundingRow| {
            let executed = value(&r.executed);
            FundingFigures {
                initial: value(&r.initial),
                full,
                executed,
                rate: executed.and_then(|e| percent(e, full)),
            }
        };
        let funding = [
            row(appropriation, &funding_rows.appropriation),
            row(fin.carryover.value, &funding_rows.carryover),
            row(income_total - appropriation, &funding_rows.other),
        ];
        let all_three = |part: fn(&FundingFigures) -> Option<Decimal>| {
            funding.iter().map(part).collect::<Option<Vec<Decimal>>>().map(|v| v.into_iter().sum::<Decimal>())
        };
        let initial_budget = value(&fin.initial_budget);
        let funding_executed = all_three(|f| f.executed).map(|sum| PartsSum::of(sum, total_spending));
        let funding_initial =
            all_three(|f| f.initial).zip(initial_budget).map(|(sum, whole)| PartsSum::of(sum, whole));
        let project_initials: Option<Vec<Decimal>> =
            input.projects().items.iter().map(|l| value(&l.initial)).collect();
        let initial_split = match (value(&input.basic().budget.initial), project_initials, initial_budget) {
            (Some(basic), Some(projects), Some(whole)) if !projects.is_empty() => {
                Some(PartsSum::of(basic + projects.iter().sum::<Decimal>(), whole))
            }
            _ => None,
        };

        let sg = input.sangong();
        let vehicles = Columns::of(&sg.vehicle_purchase) + Columns::of(&sg.vehicle_operation);
        let sangong = vehicles + Columns::of(&sg.overseas) + Columns::of(&sg.reception);

        let rule =
            input.pick(|l| l.settings.execution_score_rule.as_ref()).map(|c| c.value).unwrap_or_default();
        let basis =
            input.pick(|l| l.settings.execution_score_basis.as_ref()).map(|c| c.value).unwrap_or_default();
        let rate_for_score = match basis {
            ScoreBasis::Printed => execution_rate.map(|r| round(r, formats.rate.decimals)),
            ScoreBasis::Exact => execution_rate,
        };
        let a2 = &input.attachment2;
        let execution_weight = value(&a2.execution_weight);
        let weight = execution_weight.unwrap_or_default();
        let score_dp = formats.score.decimals;
        let execution_score_by_rule =
            execution_score(rule, rate_for_score, weight).map(|s| round(s, score_dp));
        let execution_score = value(&a2.execution_score).or(execution_score_by_rule);

        let indicators = &a2.indicators;
        let coefficient_scores: Vec<Option<Decimal>> = indicators
            .iter()
            .map(|r| match (&r.coefficient, &r.weight) {
                (Some(c), Some(w)) => Some(round(w.value * c.value / HUNDRED, score_dp)),
                _ => None,
            })
            .collect();
        let scores: Vec<Option<Decimal>> = indicators
            .iter()
            .zip(&coefficient_scores)
            .map(|(r, by_coefficient)| match (&r.score, r.from.as_ref().map(|c| c.value)) {
                (_, Some(Generated::Execution)) => execution_score,
                (Some(s), _) => Some(s.value),
                (None, _) => *by_coefficient,
            })
            .collect();
        let execution_in_rows =
            indicators.iter().any(|r| r.from.as_ref().is_some_and(|c| c.value == Generated::Execution));
        let mut level1: Vec<Level1Figures> = Vec::new();
        let mut level2: Vec<Level2Figures> = Vec::new();
        let mut row_grades = Vec::new();
        for ((row, (current, second)), score) in indicators.iter().zip(levels(indicators)).zip(&scores) {
            let weight = match row.from.as_ref().map(|c| c.value) {
                Some(Generated::Execution) => weight,
                _ => value(&row.weight).unwrap_or_default(),
            };
            // A row counts towards its 一级指标's score when it is scored: it has a weight or a
            // score, or is the generated execution row. A bare row (a placeholder, a label)
            // adds nothing; a scored row without its score leaves the sum absent.
            let counts = row.weight.is_some() || row.score.is_some() || row.from.is_some();
            row_grades.push(if counts { score.and_then(|s| Grade::of_share(s, weight)) } else { None });
            match level2.last_mut() {
                Some(last) if last.level1 == current && last.name == second => last.weight += weight,
                _ => level2.push(Level2Figures { level1: current.clone(), name: second, weight }),
            }
            let add = |sum: Option<Decimal>| if counts { sum.zip(*score).map(|(a, b)| a + b) } else { sum };
            match level1.last_mut() {
                Some(last) if last.name == current => {
                    last.weight += weight;
                    last.score = add(last.score);
                }
                _ => level1.push(Level1Figures { name: current, weight, score: add(Some(Decimal::ZERO)) }),
            }
        }
        // The execution block of the 湖南 form is an addend when it has a weight.
        let own = if execution_in_rows || execution_weight.is_none() { None } else { Some(execution_score) };
        let own_weight = if own.is_some() { weight } else { Decimal::ZERO };
        let total_weight = own_weight + level1.iter().map(|l| l.weight).sum::<Decimal>();
        let scored_rows =
            indicators.iter().any(|r| r.weight.is_some() || r.score.is_some() || r.from.is_some());
        let total_score = if own.is_none() && !scored_rows {
            None
        } else {
            own.unwrap_or(Some(Decimal::ZERO))
                .and_then(|o| level1.iter().try_fold(o, |sum, l| l.score.map(|s| sum + s)))
        };

        Figures {
            year,
            posts,
            in_service,
            form_posts,
            form_in_service,
            control_rate: percent(form_in_service, form_posts),
            retirees,
            basic_actual,
            basic: Change::from_stated(basic_last, basic_actual),
            personnel: component(&b.personnel, basic_shares[0]),
            public: component(&b.public, basic_shares[1]),
            capital: component(&b.capital, basic_shares[2]),
            projects,
            project_change: Change::from_stated(projects.last_year, project_actual),
            income_total,
            income_change: Change::from_stated(income_last, income_total),
            income_shares: apportion(&income),
            full_budget,
            total_spending,
            execution_rate,
            closing_balance: full_budget - total_spending,
            by_source_total,
            by_nature_basic,
            by_nature_projects,
            by_nature_total,
            by_nature_target,
            // No lines, no split to disagree (the national form has none).
            by_source_gap: if by_source_total.is_zero() {
                Decimal::ZERO
            } else {
                (by_source_total - full_budget).abs()
            },
            by_nature_gap: (by_nature_total - by_nature_target).abs(),
            funding,
            funding_executed,
            funding_initial,
            initial_split,
            sangong,
            vehicles,
            execution_score_by_rule,
            execution_score,
            scores,
            row_grades,
            coefficient_scores,
            level1,
            level2,
            total_weight,
            total_score,
            grade: total_score.map(Grade::of),
        }
    }
}

/// The 一级 and 二级 指标 of every row: a level left out continues the one of the row above, as
/// a merged cell does in the printed form; a new 一级指标 starts without a 二级指标.
pub(crate) fn levels(indicators: &[Indicator]) -> Vec<(String, String)> {
    let (mut l1, mut l2) = (String::new(), String::new());
    indicators
        .iter()
        .map(|r| {
            if let Some(t) = &r.level1 {
                if t.value.trim() != l1 {
                    l2.clear();
                }
                l1 = t.value.trim().to_string();
            }
            if let Some(t) = &r.level2 {
                l2 = t.value.trim().to_string();
            }
            (l1.clone(), l2.clone())
        })
        .collect()
}

/// Shares of a total in percent that add up to 100 when they can, else one by one.
fn apportion(parts: &[Decimal]) -> Vec<Option<Decimal>> {
    match shares(parts, 2) {
        Some(s) => s.into_iter().map(Some).collect(),
        None => {
            let total: Decimal = parts.iter().copied().sum();
            parts.iter().map(|p| percent(*p, total)).collect()
        }
    }
}

/// The report year as a whole number (`check` reports a year that is not one).
pub fn year_of(input: &Input) -> i64 {
    i64::try_from(input.report.year.value.trunc()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn execution_score_rules() {
        let exact = percent(d("1794.03"), d("1864.04"));
        let printed = exact.map(|r| round(r, 0));
        let score = |rule, rate, w| execution_score(rule, rate, d(w)).unwrap();
        assert_eq!(score(ScoreRule::PointPerPercent, printed, "10"), d("6"));
        assert_eq!(round(score(ScoreRule::Proportional, exact, "10"), 2), d("9.62"));
        assert_eq!(score(ScoreRule::Proportional, printed, "10"), d("9.6"));
        // 3.76 points below 100: not yet a whole step of five.
        assert_eq!(score(ScoreRule::TwoPerFive, exact, "10"), d("10"));
        assert_eq!(score(ScoreRule::TwoPerFive, Some(d("90")), "10"), d("6"));
        assert_eq!(score(ScoreRule::TenthPerPercent, Some(d("102.59")), "10"), d("9.741"));
        // Never below zero, never above the weight; absent without a budget (not 0).
        assert_eq!(score(ScoreRule::PointPerPercent, Some(d("50")), "10"), d("0"));
        assert_eq!(score(ScoreRule::PointPerPercent, Some(d("120")), "10"), d("10"));
        assert_eq!(execution_score(ScoreRule::PointPerPercent, None, d("10")), None);
    }

    #[test]
    fn grades() {
        assert_eq!(Grade::of(d("96")), Grade::优秀);
        assert_eq!(Grade::of(d("90")), Grade::优秀);
        assert_eq!(Grade::of(d("89.99")), Grade::良好);
        assert_eq!(Grade::of(d("60")), Grade::中);
        assert_eq!(Grade::of(d("59.5")), Grade::差);
    }

    #[test]
    fn changes_keep_sign_and_base() {
        let c = Change::new(d("14.00"), d("10.91"));
        assert_eq!(c.amount, d("-3.09"));
        assert_eq!(round(c.rate.unwrap(), 2), d("22.07"));
        let c = Change::new(Decimal::ZERO, d("19.57"));
        assert_eq!(c.rate, None);
        assert_eq!(Change::from_stated(None, d("19.57")), None);
    }
}
