//! Two years of one department: what a report carries over from the report before it. Its
//! 上年 figures are that report's 决算 figures, and its 年初结转和结余 is that report's
//! 年末结转和结余. The figures that do not agree are returned with their gap; `check` words
//! them.

use rust_decimal::Decimal;

use super::Figures;
use crate::input::{Input, Line, Number, Text};

/// Which carried figure disagrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Carried {
    /// A 上年决算数 against last year's 决算数.
    LastYear,
    /// The 年初结转和结余 against last year's computed 年末结转和结余.
    Opening,
}

/// One figure of this year's report that disagrees with last year's report.
#[derive(Debug, Clone)]
pub struct Mismatch<'a> {
    pub kind: Carried,
    /// What it is, as the report names it (人员经费, an item's name, …); empty for the opening
    /// balance.
    pub what: String,
    /// The figure as this year's file states it (its value and place).
    pub stated: &'a Number,
    /// What last year's report gives.
    pub expected: Decimal,
    /// |stated − expected|.
    pub gap: Decimal,
}

impl Figures {
    /// Whether `earlier` is the report of the year just before this one.
    pub fn follows(&self, earlier: &Figures) -> bool {
        self.year.checked_sub(1) == Some(earlier.year)
    }
}

/// The carried figures of `now` that disagree with `before` (whose figures are
/// `before_figures`). Items of a list (日常公用经费 items, 项目) are matched by name; an item
/// that is new this year, or whose name appears more than once in either year, has nothing to
/// be compared with.
pub fn carried<'a>(now: &'a Input, before: &Input, before_figures: &Figures) -> Vec<Mismatch<'a>> {
    let mut out = Vec::new();
    let mut compare = |kind: Carried, what: String, stated: &'a Number, expected: Decimal| {
        if stated.value != expected {
            out.push(Mismatch { kind, what, stated, expected, gap: (stated.value - expected).abs() });
        }
    };
    let (b, p) = (now.basic(), before.basic());
    for (what, stated, expected) in [
        ("人员经费", &b.personnel.last_year, &p.personnel.actual),
        ("日常公用经费", &b.public.last_year, &p.public.actual),
        ("资本性支出", &b.capital.last_year, &p.capital.actual),
    ] {
        if let Some(stated) = stated {
            compare(Carried::LastYear, what.into(), stated, expected.value);
        }
    }
    for (now_lines, before_lines) in
        [(&b.public_items, &p.public_items), (&now.projects().items, &before.projects().items)]
    {
        for (line, earlier) in matched(now_lines, before_lines) {
            if let (Some(stated), Some(actual)) = (&line.last_year, &earlier.actual) {
                compare(Carried::LastYear, format!("{}的", key(&line.name)), stated, actual.value);
            }
        }
    }
    let (s, q) = (now.sangong(), before.sangong());
    for (what, stated, expected) in [
        ("公务用车购置费", &s.vehicle_purchase.last_year, &q.vehicle_purchase.actual),
        ("公务用车运行维护费", &s.vehicle_operation.last_year, &q.vehicle_operation.actual),
        ("因公出国（境）费", &s.overseas.last_year, &q.overseas.actual),
        ("公务接待费", &s.reception.last_year, &q.reception.actual),
    ] {
        if let Some(stated) = stated {
            compare(Carried::LastYear, what.into(), stated, expected.value);
        }
    }
    if now.finance.is_some() {
        compare(Carried::Opening, String::new(), &now.finance().carryover, before_figures.closing_balance);
    }
    out
}

fn key(t: &Text) -> &str {
    t.value.trim()
}

/// The lines of `now` with the line of `before` of the same name, where each name is unique.
fn matched<'a, 'b>(now: &'a [Line], before: &'b [Line]) -> Vec<(&'a Line, &'b Line)> {
    let once = |lines: &[Line], name: &str| lines.iter().filter(|l| key(&l.name) == name).count() == 1;
    now.iter()
        .filter(|l| once(now, key(&l.name)) && once(before, key(&l.name)))
        .filter_map(|l| before.iter().find(|e| key(&e.name) == key(&l.name)).map(|e| (l, e)))
        .collect()
}
