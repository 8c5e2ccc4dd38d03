//! Two years of one department: the 上年 figures of a report are the 决算 figures of the report
//! before it, and its 年初结转和结余 is that report's 年末结转和结余 (`compute::years` finds
//! the figures that disagree). Published reports get this wrong when the 上年 column is typed
//! again instead of carried over; a finance bureau that has both years' files can see it. Only
//! warnings: a 上年 figure restated on a new basis (口径调整) is legitimate, and the author says
//! so with an `[[allow]]`.

use crate::compute::num::amount;
use crate::compute::years::{Carried, carried};
use crate::diag::{Finding, codes};
use crate::input::Input;

use super::Previous;

pub fn check(input: &Input, previous: &Previous, out: &mut Vec<Finding>) {
    let year = previous.report.meta.year.as_str();
    let name = previous.name;
    for m in carried(input, previous.input, &previous.report.figures) {
        let (stated, expected, gap) = (amount(m.stated.value), amount(m.expected), amount(m.gap));
        let (message, label, help) = match m.kind {
            Carried::LastYear => (
                format!(
                    "{}上年决算数 {stated} 万元与{year}年报告（{name}）的决算数 {expected} 万元不符，相差 {gap} 万元",
                    m.what
                ),
                format!("{year}年报告中是 {expected}"),
                format!(
                    "以决算报表为准改正这里或{year}年的报告；若上年数按新口径调整过，用 [[allow]] 写明原因"
                ),
            ),
            Carried::Opening => (
                format!(
                    "年初结转和结余 {stated} 万元与{year}年报告（{name}）算出的年末结转和结余 {expected} 万元不符，相差 {gap} 万元"
                ),
                format!("{year}年末是 {expected}"),
                format!(
                    "核对{year}年的收入、支出和年初结转；两者通常相等，不等时在 carryover_note 中说明并用 [[allow]] 写明原因"
                ),
            ),
        };
        out.push(
            Finding::warning(codes::PREVIOUS_YEAR, message).at(m.stated.span.clone()).label(label).help(help),
        );
    }
}
