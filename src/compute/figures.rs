//! Every derived figure of the report, exact. Nothing here is rounded or turned into text.

use rust_decimal::Decimal;
use serde::Serialize;

use super::num::{HUNDRED, percent, round, shares};
use crate::input::{Indicator, Input, Line, SangongItem, ScoreRule};

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
}

/// One 基本支出 component: this year, last year, the change and its share of 基本支出.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentFigures {
    pub change: Change,
    /// Share of 基本支出 in percent, already apportioned so that the shares add up to 100.
    pub share: Option<Decimal>,
}

/// Three columns of a 附件1 row: last year's 决算, this year's 预算 and 决算.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Columns {
    pub last_year: Decimal,
    pub budget: Decimal,
    pub actual: Decimal,
}

impl Columns {
    pub(crate) fn of(item: &SangongItem) -> Self {
        Columns { last_year: item.last_year.value, budget: item.budget.value, actual: item.actual.value }
    }
    pub(crate) fn of_line(line: &Line) -> Self {
        Columns { last_year: line.last_year.value, budget: line.budget.value, actual: line.actual.value }
    }
}

impl std::ops::Add for Columns {
    type Output = Columns;
    fn add(self, o: Columns) -> Columns {
        Columns {
            last_year: self.last_year + o.last_year,
            budget: self.budget + o.budget,
            actual: self.actual + o.actual,
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

/// Weights and scores of one 一级指标 of 附件2.
#[derive(Debug, Clone, Serialize)]
pub struct Level1Figures {
    pub name: String,
    pub weight: Decimal,
    pub score: Decimal,
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

    pub basic: Change,
    pub personnel: ComponentFigures,
    pub public: ComponentFigures,
    pub capital: ComponentFigures,
    /// 项目支出 rows summed.
    pub projects: Columns,
    pub project_change: Change,

    pub income_total: Decimal,
    /// Share of each income line in 总收入, apportioned to add up to 100.
    pub income_shares: Vec<Option<Decimal>>,
    /// 全年预算数 = 年初结转和结余 + 本年收入.
    pub full_budget: Decimal,
    /// 总支出 = 基本支出 + 项目支出.
    pub total_spending: Decimal,
    /// 预算执行率 = 全年执行数 / 全年预算数, exact.
    pub execution_rate: Option<Decimal>,
    /// 年末结转和结余 = 全年预算数 − 全年执行数.
    pub closing_balance: Decimal,
    /// 附件2 按收入性质分, summed over the lines given.
    pub by_source_total: Decimal,
    /// 附件2 按支出性质分: 基本支出（调整后预算） + 项目支出预算.
    pub by_nature_total: Decimal,
    /// How far each split is from 全年预算数 (zero when it adds up).
    pub by_source_gap: Decimal,
    pub by_nature_gap: Decimal,

    pub sangong: Columns,
    pub vehicles: Columns,

    /// The 预算执行率 score that the rule gives, and the one printed (stated by hand if given).
    pub execution_score_by_rule: Decimal,
    pub execution_score: Decimal,
    pub level1: Vec<Level1Figures>,
    pub total_weight: Decimal,
    pub total_score: Decimal,
    pub grade: Grade,
}

/// The 预算执行率 score that `rule` gives for `rate` (percent) and `weight`.
pub fn execution_score(rule: ScoreRule, rate: Option<Decimal>, weight: Decimal, rate_dp: u32) -> Decimal {
    let Some(rate) = rate else {
        return Decimal::ZERO;
    };
    let capped = rate.min(HUNDRED);
    let score = match rule {
        // Deducted per whole point of the rate as printed (96.24% prints 96% → 4 points off).
        ScoreRule::PointPerPercent => weight - (HUNDRED - round(capped, rate_dp)),
        ScoreRule::Proportional => weight * capped / HUNDRED,
        ScoreRule::TwoPerFive => {
            let below = HUNDRED - capped;
            weight - (below / Decimal::from(5)).floor() * Decimal::from(2)
        }
    };
    score.max(Decimal::ZERO)
}

impl Figures {
    pub fn of(input: &Input) -> Figures {
        let year = year_of(input);
        let org = &input.organization;
        let posts: Decimal = org.staffing.iter().map(|s| s.count.value).sum();
        let seconded = org.seconded.as_ref().map_or(Decimal::ZERO, |s| s.count.value);
        let form_posts = posts + seconded;
        let form_in_service = org.in_service.value + seconded;

        let b = &input.basic;
        let parts = [b.personnel.actual.value, b.public.actual.value, b.capital.actual.value];
        let basic_actual: Decimal = parts.iter().copied().sum();
        let basic_last = b.personnel.last_year.value + b.public.last_year.value + b.capital.last_year.value;
        let basic_shares = apportion(&parts);
        let component = |c: &crate::input::Component, share: Option<Decimal>| ComponentFigures {
            change: Change::new(c.last_year.value, c.actual.value),
            share,
        };

        let projects: Columns = input.projects.items.iter().map(Columns::of_line).sum();

        let income: Vec<Decimal> = input.finance.income.iter().map(|i| i.amount.value).collect();
        let income_total: Decimal = income.iter().copied().sum();
        let full_budget = input.finance.carryover.value + income_total;
        let total_spending = basic_actual + projects.actual;
        let execution_rate = percent(total_spending, full_budget);

        let s = &input.finance.by_source;
        let by_source_total = [&s.general, &s.government_fund, &s.special_account, &s.other]
            .into_iter()
            .flatten()
            .map(|n| n.value)
            .sum();
        let by_nature_total = b.budget.adjusted.value + projects.budget;

        let sg = &input.sangong;
        let vehicles = Columns::of(&sg.vehicle_purchase) + Columns::of(&sg.vehicle_operation);
        let sangong = vehicles + Columns::of(&sg.overseas) + Columns::of(&sg.reception);

        let settings = &input.settings;
        let rule = settings.execution_score_rule.as_ref().map(|c| c.value).unwrap_or_default();
        let rate_dp = rate_decimals(input);
        let weight = input.attachment2.execution_weight.value;
        let execution_score_by_rule = execution_score(rule, execution_rate, weight, rate_dp);
        let execution_score =
            input.attachment2.execution_score.as_ref().map_or(execution_score_by_rule, |s| s.value);

        let mut level1: Vec<Level1Figures> = Vec::new();
        let indicators = &input.attachment2.indicators;
        for (row, (current, _)) in indicators.iter().zip(levels(indicators)) {
            let weight = row.weight.as_ref().map_or(Decimal::ZERO, |w| w.value);
            let score = row.score.as_ref().map_or(Decimal::ZERO, |w| w.value);
            match level1.last_mut() {
                Some(last) if last.name == current => {
                    last.weight += weight;
                    last.score += score;
                }
                _ => level1.push(Level1Figures { name: current, weight, score }),
            }
        }
        let total_weight = weight + level1.iter().map(|l| l.weight).sum::<Decimal>();
        let total_score = execution_score + level1.iter().map(|l| l.score).sum::<Decimal>();

        Figures {
            year,
            posts,
            in_service: org.in_service.value,
            form_posts,
            form_in_service,
            control_rate: percent(form_in_service, form_posts),
            basic: Change::new(basic_last, basic_actual),
            personnel: component(&b.personnel, basic_shares[0]),
            public: component(&b.public, basic_shares[1]),
            capital: component(&b.capital, basic_shares[2]),
            projects,
            project_change: Change::new(projects.last_year, projects.actual),
            income_total,
            income_shares: apportion(&income),
            full_budget,
            total_spending,
            execution_rate,
            closing_balance: full_budget - total_spending,
            by_source_total,
            by_nature_total,
            by_source_gap: (by_source_total - full_budget).abs(),
            by_nature_gap: (by_nature_total - full_budget).abs(),
            sangong,
            vehicles,
            execution_score_by_rule,
            execution_score,
            level1,
            total_weight,
            total_score,
            grade: Grade::of(total_score),
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

/// Decimals of the printed 预算执行率 (default 0: “96%”).
pub fn rate_decimals(input: &Input) -> u32 {
    input
        .settings
        .execution_rate_decimals
        .as_ref()
        .and_then(|n| u32::try_from(n.value.trunc()).ok())
        .unwrap_or(0)
        .min(4)
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
        let rate = percent(d("1794.03"), d("1864.04"));
        assert_eq!(execution_score(ScoreRule::PointPerPercent, rate, d("10"), 0), d("6"));
        assert_eq!(round(execution_score(ScoreRule::Proportional, rate, d("10"), 0), 2), d("9.62"));
        assert_eq!(execution_score(ScoreRule::TwoPerFive, rate, d("10"), 0), d("10"));
        assert_eq!(execution_score(ScoreRule::TwoPerFive, Some(d("90")), d("10"), 0), d("6"));
        // Never below zero, never above the weight, zero without a budget.
        assert_eq!(execution_score(ScoreRule::PointPerPercent, Some(d("50")), d("10"), 0), d("0"));
        assert_eq!(execution_score(ScoreRule::PointPerPercent, Some(d("120")), d("10"), 0), d("10"));
        assert_eq!(execution_score(ScoreRule::PointPerPercent, None, d("10"), 0), d("0"));
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
    }
}
