//! check: every rule that a finished report must pass, as findings with their place in the
//! file. Runs on the input and the computed figures; never changes either.
//!
//! Public entry: [`check`]. The rules are grouped by what they look at: the values one by one
//! (`values`), the figures against each other (`consistency`), the prose (`prose`), the
//! markers of a report still being written (`todo`), and, when the report of the year before is
//! at hand, the 上年 figures against it (`years`).

mod consistency;
mod prose;
mod terms;
mod todo;
mod values;
mod years;

use crate::compute::Report;
use crate::diag::{Finding, Severity};
use crate::input::{Input, SourceFile, Span, Text};
use crate::render::FontStore;

/// The same department's report of the year before, loaded and computed.
pub struct Previous<'a> {
    pub input: &'a Input,
    pub report: &'a Report,
    /// How the findings name it (its file).
    pub name: &'a str,
}

/// All findings for a loaded and computed report, errors first, then by place in the file.
/// Characters are checked against the embedded fonts.
pub fn check(input: &Input, report: &Report, source: &SourceFile) -> Vec<Finding> {
    check_with_fonts(input, report, source, crate::render::FontStore::get())
}

/// The same, and the report's 上年 figures against the report of the year before (J208).
pub fn check_with_previous(
    input: &Input,
    report: &Report,
    source: &SourceFile,
    previous: &Previous,
) -> Vec<Finding> {
    run(input, report, source, crate::render::FontStore::get(), Some(previous))
}

/// The same, with the fonts the PDF will actually have (embedded plus user folders): a
/// character that only an office's own font has is then no error.
pub fn check_with_fonts(
    input: &Input,
    report: &Report,
    source: &SourceFile,
    fonts: &FontStore,
) -> Vec<Finding> {
    run(input, report, source, fonts, None)
}

fn run(
    input: &Input,
    report: &Report,
    source: &SourceFile,
    fonts: &FontStore,
    previous: Option<&Previous>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    values::check(input, &mut findings);
    values::title(input, report, &mut findings);
    consistency::check(input, &report.figures, &mut findings);
    prose::check(input, source, fonts, &mut findings);
    todo::check(source, &mut findings);
    if let Some(previous) = previous {
        years::check(input, previous, &mut findings);
    }
    apply_allows(input, &mut findings, previous.is_some());
    findings.sort_by_key(|f| (f.severity, f.span.as_ref().map_or(0, |s| s.start)));
    findings
}

/// Turns allowed warnings into notes that carry the author's reason; reports allows that are
/// malformed, aimed at errors, or unused. An allow of J208 cannot be unused when the report of
/// the year before was not checked with this one (`with_previous`).
fn apply_allows(input: &Input, findings: &mut Vec<Finding>, with_previous: bool) {
    use crate::diag::codes;
    let mut extra = Vec::new();
    for allow in &input.allow {
        let code = allow.code.value.trim().to_ascii_uppercase();
        if !codes::ALL.iter().any(|(c, _)| *c == code) {
            extra.push(
                Finding::error(codes::ALLOW, format!("没有编号为 {} 的检查规则", allow.code.value))
                    .at(allow.code.span.clone())
                    .help("编号写在每条警告的开头，如 警告[J301]"),
            );
            continue;
        }
        if allow.reason.is_blank() {
            extra.push(
                Finding::error(codes::ALLOW, format!("放过 {code} 要写明理由"))
                    .at(allow.reason.span.clone())
                    .help("reason = \"……\"：理由会保留在检查结果中"),
            );
            continue;
        }
        let mut used = false;
        for f in findings.iter_mut().filter(|f| f.code == code) {
            if f.severity == Severity::Error {
                extra.push(
                    Finding::error(codes::ALLOW, format!("{code} 是错误，不能放过"))
                        .at(allow.code.span.clone())
                        .help("错误必须改正；只有警告和提示可以写明理由后放过"),
                );
                break;
            }
            used = true;
            f.severity = Severity::Note;
            f.message = format!("（已说明）{}", f.message);
            f.help = Some(format!("作者的说明：{}", allow.reason.value.trim()));
        }
        let unknowable = code == codes::PREVIOUS_YEAR && !with_previous;
        if !used && !unknowable && !extra.iter().any(|f: &Finding| f.span.as_ref() == Some(&allow.code.span))
        {
            extra.push(
                Finding::note(codes::ALLOW, format!("没有 {code} 这类问题了，这条 allow 可以删去"))
                    .at(allow.code.span.clone()),
            );
        }
    }
    findings.extend(extra);
}

/// Whether any finding stops a build (`deny_warnings` counts warnings too).
pub fn has_errors(findings: &[Finding], deny_warnings: bool) -> bool {
    findings
        .iter()
        .any(|f| f.severity == Severity::Error || (deny_warnings && f.severity == Severity::Warning))
}

/// The place in the file of the character at byte `index` of a text value. Exact when the
/// string is written without escapes (nearly always); otherwise the start of the string.
pub(crate) fn text_offset(source: &SourceFile, text: &Text, index: usize) -> Span {
    let raw = source.text.get(text.span.clone()).unwrap_or("");
    let start = match raw.find(text.value.as_str()) {
        Some(pos) if !text.value.is_empty() => text.span.start + pos + index,
        _ => text.span.start,
    };
    let len = text.value[index..].chars().next().map_or(0, char::len_utf8);
    start..start + len
}

/// Every piece of author text with a short Chinese name of where it is, for the prose rules.
pub(crate) fn texts(input: &Input) -> Vec<(&Text, String)> {
    let mut out: Vec<(&Text, String)> = Vec::new();
    let r = &input.report;
    out.push((&r.department, "单位名称".into()));
    out.extend(r.department_full_name.iter().map(|t| (t, "单位全称".into())));
    out.extend(r.department_short_name.iter().map(|t| (t, "单位简称".into())));
    out.extend(r.title_lines.iter().flatten().map(|t| (t, "标题".into())));
    out.push((&r.intro, "开头段落".into()));
    let o = &input.organization;
    for s in &o.staffing {
        out.push((&s.kind, "编制类别".into()));
        out.extend(s.note.iter().map(|t| (t, "编制说明".into())));
    }
    out.extend(o.seconded.iter().map(|s| (&s.unit, "派驻单位".into())));
    out.extend(o.budget_units.iter().map(|t| (t, "决算单位".into())));
    out.extend(input.finance.income.iter().map(|i| (&i.name, "收入名称".into())));
    for line in input.projects.items.iter().chain(&input.basic.public_items) {
        out.push((&line.name, "附件1的行名".into()));
    }
    out.extend(input.satisfaction.iter().map(|s| (&s.subject, "满意度调查对象".into())));
    out.extend(input.goals.iter().map(|g| (&g.label, "绩效目标名称".into())));
    let a2 = &input.attachment2;
    out.extend(a2.overall_goal.iter().map(|t| (t, "年度总体目标".into())));
    out.extend(a2.overall_result.iter().map(|t| (t, "年度总体目标完成情况".into())));
    for row in &a2.indicators {
        out.extend(row.level1.iter().map(|t| (t, "一级指标".into())));
        out.extend(row.level2.iter().map(|t| (t, "二级指标".into())));
    }
    let f = &input.form;
    out.extend([&f.filled_by, &f.date, &f.phone].into_iter().flatten().map(|t| (t, "填表信息".into())));
    out.extend(o.duties.iter().enumerate().map(|(n, t)| (t, format!("第{}条职能职责", n + 1))));
    out.extend(o.budget_units_note.iter().map(|t| (t, "决算单位说明".into())));
    for (c, name) in [
        (&input.basic.personnel, "人员经费"),
        (&input.basic.public, "日常公用经费"),
        (&input.basic.capital, "资本性支出"),
    ] {
        out.extend(c.reason.iter().map(|t| (t, format!("{name}的原因"))));
        out.extend(c.description.iter().map(|t| (t, format!("{name}的说明"))));
    }
    out.extend(input.basic.definition.iter().map(|t| (t, "基本支出的定义".into())));
    out.extend(input.projects.definition.iter().map(|t| (t, "项目支出的定义".into())));
    out.extend(input.projects.reason.iter().map(|t| (t, "项目支出的原因".into())));
    out.extend(input.finance.carryover_note.iter().map(|t| (t, "年初结转和结余说明".into())));
    out.extend(input.finance.closing_note.iter().map(|t| (t, "年末结转和结余说明".into())));
    let sg = &input.sangong;
    for item in [&sg.vehicle_purchase, &sg.vehicle_operation, &sg.overseas, &sg.reception] {
        out.extend(item.note.iter().map(|t| (t, "“三公”经费说明".into())));
    }
    for g in &input.goals {
        out.extend(g.text.iter().map(|t| (t, format!("绩效目标“{}”", g.label.value))));
    }
    out.extend(input.performance.summary.iter().map(|t| (t, "主要绩效总述".into())));
    for (n, a) in input.performance.achievements.iter().enumerate() {
        out.push((&a.title, format!("第{}项主要绩效的标题", n + 1)));
        out.push((&a.text, format!("第{}项主要绩效", n + 1)));
    }
    let c = &input.closing;
    out.extend(c.problems.iter().enumerate().map(|(n, t)| (t, format!("第{}条问题", n + 1))));
    out.extend(c.measures.iter().enumerate().map(|(n, t)| (t, format!("第{}条改进措施", n + 1))));
    out.extend(c.application.iter().map(|t| (t, "结果应用和公开".into())));
    out.extend(input.attachment1.frugality.iter().map(|t| (t, "厉行节约保障措施".into())));
    for row in &input.attachment2.indicators {
        out.push((&row.name, "绩效指标名称".into()));
        for t in [&row.target, &row.actual, &row.analysis].into_iter().flatten() {
            out.push((t, format!("绩效指标“{}”", row.name.value)));
        }
    }
    out
}
