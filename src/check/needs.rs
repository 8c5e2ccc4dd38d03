//! What will print needs its data: each part of the document and each block of the outline
//! names the sections of the file it reads, and a section that is left out is an error at the
//! place that asks for it (J110). A part that does not print asks for nothing: a report that
//! publishes only its tables needs no body text.

use crate::diag::{Finding, codes};
use crate::input::{Content, DataKey, Input, Part, Span, template};

/// Whether the file has the data, and how to name it in a message.
fn present(key: DataKey, input: &Input) -> (bool, &'static str) {
    let org = input.organization();
    let has = match key {
        DataKey::Organization => input.organization.is_some(),
        DataKey::Staff => !org.staffing.is_empty() || org.in_service.is_some(),
        DataKey::Retirees => org.retired.is_some() || !org.retirees.is_empty(),
        DataKey::Vehicles => org.vehicles_authorized.is_some() || org.vehicles_actual.is_some(),
        DataKey::BudgetUnits => !org.budget_units.is_empty(),
        DataKey::Departments => !org.departments.is_empty(),
        DataKey::Subordinates => !org.subordinates.is_empty(),
        DataKey::Duties => !org.duties.is_empty(),
        DataKey::Basic => input.basic.is_some(),
        DataKey::Projects => input.projects.is_some(),
        DataKey::Funds => true,
        DataKey::Finance => input.finance.is_some(),
        DataKey::Sangong => input.sangong.is_some(),
        DataKey::Satisfaction => input.satisfaction.is_some(),
        DataKey::Goals => !input.goals.is_empty(),
        DataKey::Performance => input.performance.is_some(),
        DataKey::Problems => !input.closing().problems.is_empty(),
        DataKey::Measures => !input.closing().measures.is_empty(),
        DataKey::Application => !input.closing().application.is_empty(),
        DataKey::Indicators => !input.attachment2.indicators.is_empty(),
    };
    (has, key.place())
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
    for part in &parts {
        for need in part.reads() {
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
