//! Two years of one department: the 上年 figures of a report are the 决算 figures of the report
//! before it, and its 年初结转和结余 is that report's 年末结转和结余. Published reports get this
//! wrong when the 上年 column is typed again instead of carried over; a finance bureau that has
//! both years' files can see it. Only warnings: a 上年 figure restated on a new basis (口径调整)
//! is legitimate, and the author says so with an `[[allow]]`.

use rust_decimal::Decimal;

use crate::compute::num::amount;
use crate::diag::{Finding, codes};
use crate::input::{Input, Line, Number, Text};

use super::Previous;

pub fn check(input: &Input, previous: &Previous, out: &mut Vec<Finding>) {
    let before = previous.input;
    let year = previous.report.meta.year.as_str();
    let name = previous.name;
    let mut compare = |what: &str, last_year: &Number, actual: Decimal| {
        if last_year.value != actual {
            out.push(
                Finding::warning(
                    codes::PREVIOUS_YEAR,
                    format!(
                        "{what}上年决算数 {} 万元与{year}年报告（{name}）的决算数 {} 万元不符，相差 {} 万元",
                        amount(last_year.value),
                        amount(actual),
                        amount((last_year.value - actual).abs())
                    ),
                )
                .at(last_year.span.clone())
                .label(format!("{year}年报告中是 {}", amount(actual)))
                .help(format!(
                    "以决算报表为准改正这里或{year}年的报告；若上年数按新口径调整过，用 [[allow]] 写明原因"
                )),
            );
        }
    };
    let (b, p) = (&input.basic, &before.basic);
    compare("人员经费", &b.personnel.last_year, p.personnel.actual.value);
    compare("日常公用经费", &b.public.last_year, p.public.actual.value);
    compare("资本性支出", &b.capital.last_year, p.capital.actual.value);
    lines(&b.public_items, &p.public_items, &mut compare);
    lines(&input.projects.items, &before.projects.items, &mut compare);
    let (s, q) = (&input.sangong, &before.sangong);
    compare("公务用车购置费", &s.vehicle_purchase.last_year, q.vehicle_purchase.actual.value);
    compare("公务用车运行维护费", &s.vehicle_operation.last_year, q.vehicle_operation.actual.value);
    compare("因公出国（境）费", &s.overseas.last_year, q.overseas.actual.value);
    compare("公务接待费", &s.reception.last_year, q.reception.actual.value);

    let carryover = &input.finance.carryover;
    let closing = previous.report.figures.closing_balance;
    if carryover.value != closing {
        out.push(
            Finding::warning(
                codes::PREVIOUS_YEAR,
                format!(
                    "年初结转和结余 {} 万元与{year}年报告（{name}）算出的年末结转和结余 {} 万元不符，相差 {} 万元",
                    amount(carryover.value),
                    amount(closing),
                    amount((carryover.value - closing).abs())
                ),
            )
            .at(carryover.span.clone())
            .label(format!("{year}年末是 {}", amount(closing)))
            .help(format!(
                "核对{year}年的收入、支出和年初结转；两者通常相等，不等时在 carryover_note 中说明并用 [[allow]] 写明原因"
            )),
        );
    }
}

/// Items of a list (日常公用经费 items, 项目) are matched by name; an item that is new this year,
/// or whose name appears more than once in either year, has nothing to be compared with.
fn lines(now: &[Line], before: &[Line], compare: &mut impl FnMut(&str, &Number, Decimal)) {
    let key = |t: &Text| t.value.trim().to_string();
    for line in now {
        let name = key(&line.name);
        if now.iter().filter(|l| key(&l.name) == name).count() != 1 {
            continue;
        }
        let mut matches = before.iter().filter(|l| key(&l.name) == name);
        if let (Some(earlier), None) = (matches.next(), matches.next()) {
            compare(&format!("{name}的"), &line.last_year, earlier.actual.value);
        }
    }
}
