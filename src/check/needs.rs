//! What will print needs its data: each part of the document and each block of the outline
//! names the sections of the file it reads, and a section that is left out is an error at the
//! place that asks for it (J110). A part that does not print asks for nothing: a report that
//! publishes only its tables needs no body text.

use crate::diag::{Finding, codes};
use crate::input::{Content, DataKey, Input, Part, Span, template};

/// Whether the file has the data, and how to name it in a message.
fn present(key: DataKey, input: &Input) -> (bool, &'static str) {
    (key.present(input), key.place())
}

pub fn check(input: &Input, out: &mut Vec<Finding>) {
    let parts = crate::compute::parts_of(input);
    let parts_span: Option<Span> =
        input.report.parts.as_ref().and_then(|p| p.first()).map(|c| c.span.clone());
    let help_section = |what: &str| {
        format!(
            "加上 {what}（jixiao init 生成的文件中有它的每个键和说明）；不印这一部分的，在 [report] parts 中删去它"
        )
    };
    // A total stated as published stands for the detail it would be summed from: a forms-only
    // report that states 全年执行数 needs no [basic] or [projects] to invent it from.
    let stated = |keys: &[&str]| keys.iter().any(|k| input.stated.contains_key(*k));
    let spending_stated = stated(&["总支出", "附件2.全年执行数"]);
    for part in &parts {
        for need in part.reads() {
            if *part == Part::Form2 && spending_stated && matches!(need, DataKey::Basic | DataKey::Projects) {
                continue;
            }
            let (present, what) = present(*need, input);
            if !present {
                let mut f = Finding::error(
                    codes::MISSING_SECTION,
                    format!("要印{}，但文件中没有 {what}", part.name()),
                )
                .help(help_section(what));
                if let Some(span) = &parts_span {
                    f = f.at(span.clone());
                }
                out.push(f);
            }
        }
    }
    if !parts.contains(&Part::Body) {
        return;
    }
    // The report's own outline: levels and variants as written.
    for section in &input.sections {
        if let Some(f) = template::section_finding(section) {
            out.push(f);
        }
    }
    if input.outline().is_empty() {
        out.push(Finding::error(codes::MISSING_SECTION, "要印正文，但报告和模板都没有大纲").help(
            "写 [[sections]]（jixiao init --template 模板名 会写好），或在 [report] parts 中删去“正文”",
        ));
    }
    let own = input.has_own_outline();
    let mut reported: Vec<&str> = Vec::new();
    for section in input.outline() {
        for c in &section.content {
            let Content::Block { block, .. } = c else { continue };
            for need in block.value.reads() {
                let (present, what) = present(*need, input);
                if present || reported.contains(&what) {
                    continue;
                }
                reported.push(what);
                let mut f = Finding::error(
                    codes::MISSING_SECTION,
                    format!("正文“{}”一节要写“{}”，但文件中没有 {what}", section.heading.value.trim(), block.value.name()),
                )
                .help(if own {
                    format!("加上 {what}，或在 [[sections]] 中删去这一块")
                } else {
                    format!("加上 {what}；模板的大纲不合用时，用 [[sections]] 写自己的大纲（jixiao init --template 会写好）")
                });
                if own {
                    f = f.at(block.span.clone());
                }
                out.push(f);
            }
        }
    }
}
