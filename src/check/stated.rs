//! `[stated]`: printed figures as published. Each one the inputs can also give is compared
//! with what they give (J212, an error: the PDF would print a figure its own data contradicts;
//! a bureau's approved table is let stand with a scoped `[[allow]]`). One that names no figure
//! the report could print, and that no text cites, is a warning with the nearest keys.

use crate::compute::Report;
use crate::compute::refs::{self, PLACEHOLDERS};
use crate::diag::{Finding, codes};
use crate::input::Input;

pub fn check(input: &Input, report: &Report, out: &mut Vec<Finding>) {
    for (key, stated) in &input.stated {
        let known = report.catalogue.iter().chain(&report.printed).any(|p| &p.key == key);
        let computed = report.computed.iter().find(|p| &p.key == key);
        match computed.filter(|p| refs::number_of(&p.text).is_some()) {
            // The stated figure, printed as the computed one is (its places, word and unit):
            // the same text is agreement; compute rounds, check only compares.
            Some(p) if refs::restate(&p.text, stated.value) != p.text => {
                out.push(
                    Finding::error(
                        codes::STATED,
                        format!("写明的“{key}”是 {}，按文件中的数据算出的是 {}", stated.value, p.text),
                    )
                    .at(stated.span.clone())
                    .label("写明的数")
                    .help(format!(
                        "核对公开的报告和文件中的明细；财政部门审定、确需照印的，用 [[allow]] 写明理由，at = 'stated.\"{key}\"'"
                    )),
                );
            }
            Some(_) => {}
            None if !known && !PLACEHOLDERS.iter().any(|(p, _)| p == key) => {
                let cited = report.printed.iter().any(|p| &p.key == key);
                if !cited {
                    let keys = report.catalogue.iter().chain(&report.printed).map(|p| p.key.as_str());
                    let near: Vec<String> =
                        refs::nearest(key, keys).iter().map(|k| format!("“{k}”")).collect();
                    let mut help = String::from("键见 jixiao keys 本文件；文字中用 {键} 引用它才会印出");
                    if !near.is_empty() {
                        help = format!("是不是 {}？{help}", near.join("、"));
                    }
                    out.push(
                        Finding::warning(
                            codes::STATED,
                            format!("写明的“{key}”没有印出：报告中没有这个数，也没有文字引用它"),
                        )
                        .at(stated.span.clone())
                        .help(help),
                    );
                }
            }
            None => {}
        }
    }
}
