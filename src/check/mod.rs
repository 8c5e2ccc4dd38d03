//! check: every rule that a finished report must pass, as findings with their place in the
//! file. Runs on the input and the computed figures; never changes either.
//!
//! Public entry: [`check`]. The rules are grouped by what they look at: the values one by one
//! (`values`), the figures against each other (`consistency`), the prose (`prose`), the
//! markers of a report still being written (`todo`), and, when the report of the year before is
//! at hand, the 上年 figures against it (`years`).

mod consistency;
mod needs;
mod prose;
mod refs;
mod sentences;
mod stated;
mod terms;
mod todo;
mod values;
mod years;

use rust_decimal::Decimal;

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
    needs::check(input, &mut findings);
    values::check(input, &mut findings);
    values::title(input, report, &mut findings);
    consistency::check(input, &report.figures, &mut findings);
    consistency::project_forms(input, &report.project_figures, &mut findings);
    prose::check(input, source, fonts, &mut findings);
    todo::check(source, &mut findings);
    refs::check(input, source, report, &mut findings);
    sentences::check(source, report, &mut findings);
    stated::check(input, report, &mut findings);
    if let Some(previous) = previous {
        years::check(input, previous, &mut findings);
    }
    apply_allows(input, source, &mut findings, previous.is_some());
    findings.sort_by_key(|f| (f.severity, f.span.as_ref().map_or(0, |s| s.start)));
    findings
}

/// Turns allowed findings into notes that carry the author's reason; reports allows that are
/// malformed, aimed at what cannot be allowed, or unused. A warning may be allowed in the whole
/// file or at one place; a consistency error (J2xx) only at the place it covers (`at`), so that
/// an approved table with a known disagreement prints exactly, and nothing else slips through.
/// Reading, syntax, value, glyph and private-use errors can never be allowed. An allow of J208
/// cannot be unused when the report of the year before was not checked with this one.
fn apply_allows(input: &Input, source: &SourceFile, findings: &mut Vec<Finding>, with_previous: bool) {
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
                    .help("reason = \"……\"：理由会保留在检查结果和 PDF 的元数据中"),
            );
            continue;
        }
        let place = match &allow.at {
            Some(at) => match place_of(source, at.value.trim()) {
                Some(span) => Some(span),
                None => {
                    extra.push(
                        Finding::error(codes::ALLOW, format!("at = \"{}\" 在文件中找不到", at.value.trim()))
                            .at(at.span.clone())
                            .help("写键的路径，如 \"finance.by_source.general\"、\"basic.budget\"；一组中的一项写 \"projects.items[2]\"（从 1 数起）"),
                    );
                    continue;
                }
            },
            None => None,
        };
        let consistency = code.starts_with("J2");
        let mut used = false;
        let mut refused = false;
        let inside = |f: &Finding| match (&place, &f.span) {
            (None, _) => true,
            (Some(p), Some(s)) => p.start <= s.start && s.end <= p.end,
            (Some(_), None) => false,
        };
        // A J2xx allow at a place excuses the amounts it was written for: every number the
        // findings there name. Changed amounts are not excused (an approved table is approved
        // with its numbers); an allow that records none is told which to record.
        let pinned = consistency && place.is_some();
        let now = sorted(
            findings
                .iter()
                .filter(|f| f.code == code && inside(f))
                .flat_map(|f| amounts_of(&f.message))
                .collect(),
        );
        let recorded = allow.amounts.as_ref().map(|v| sorted(v.iter().map(|n| n.value).collect()));
        let stale = match &recorded {
            Some(r) if pinned && !now.is_empty() && *r != now => Some((r.clone(), now.clone())),
            _ => None,
        };
        let to_record = (pinned && recorded.is_none() && !now.is_empty()).then(|| now.clone());
        for f in findings.iter_mut().filter(|f| f.code == code) {
            if !inside(f) || stale.is_some() {
                continue;
            }
            if f.severity == Severity::Error && (!consistency || place.is_none()) {
                refused = true;
                let (message, help) = if consistency {
                    (
                        format!("{code} 是错误，只能按位置放过"),
                        "写明它涵盖的位置：at = \"键的路径\"（如 \"basic.budget.adjusted\"），这样别处新出的同类错误仍会报出",
                    )
                } else {
                    (
                        format!("{code} 是错误，不能放过"),
                        "这类错误必须改正；只有数据之间的不一致（J2xx）和警告可以写明理由后放过",
                    )
                };
                extra.push(Finding::error(codes::ALLOW, message).at(allow.code.span.clone()).help(help));
                break;
            }
            used = true;
            f.severity = Severity::Note;
            f.message = format!("（已说明）{}", f.message);
            f.help = Some(format!("作者的说明：{}", allow.reason.value.trim()));
        }
        let unknowable = code == codes::PREVIOUS_YEAR && !with_previous;
        if let Some((was, now)) = stale {
            extra.push(
                Finding::error(
                    codes::ALLOW,
                    format!("这条 allow 已过时：放过时 {code} 的金额是 {}，现在是 {}", list(&was), list(&now)),
                )
                .at(allow.amounts.as_ref().and_then(|v| v.first()).map_or(allow.code.span.clone(), |n| n.span.clone()))
                .help(format!(
                    "数字改了，原来的说明不再适用：核对后改正数据，或确认新的金额已经审定，把这一行改成 amounts = [{}]",
                    list(&now)
                )),
            );
        } else if let Some(now) = to_record.filter(|_| used && !refused) {
            extra.push(
                Finding::warning(
                    codes::ALLOW,
                    format!("放过 {code} 时要记下当时的金额，数字再变就不会被悄悄放过"),
                )
                .at(allow.code.span.clone())
                .help(format!("在这条 [[allow]] 中加一行：amounts = [{}]", list(&now))),
            );
        } else if !used && !refused && !unknowable {
            let elsewhere: Vec<&Finding> = findings.iter().filter(|f| f.code == code).collect();
            match (&allow.at, elsewhere.first()) {
                (Some(at), Some(other)) => {
                    let (line, col) = other.span.as_ref().map_or((0, 0), |s| source.line_col(s.start));
                    extra.push(
                        Finding::error(
                            codes::ALLOW,
                            format!(
                                "at = \"{}\" 处没有 {code}：这类问题在第 {line} 行第 {col} 列",
                                at.value.trim()
                            ),
                        )
                        .at(at.span.clone())
                        .help("把 at 改成问题所在的键的路径；放过别处的问题要另写一条"),
                    );
                }
                (Some(at), None) => extra.push(
                    Finding::error(
                        codes::ALLOW,
                        format!("at = \"{}\" 处已经没有 {code} 这类问题了", at.value.trim()),
                    )
                    .at(at.span.clone())
                    .help("问题已改正，删去这条 allow"),
                ),
                (None, _) => extra.push(
                    Finding::note(codes::ALLOW, format!("没有 {code} 这类问题了，这条 allow 可以删去"))
                        .at(allow.code.span.clone()),
                ),
            }
        }
    }
    findings.extend(extra);
}

/// The amounts a finding's message names (every number in it), sorted: what a J2xx allow
/// records and compares.
fn amounts_of(message: &str) -> Vec<Decimal> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in message.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '.' && !current.is_empty()) {
            current.push(c);
        } else if !current.is_empty() {
            if let Ok(d) = current.trim_end_matches('.').parse::<Decimal>() {
                out.push(d);
            }
            current.clear();
        }
    }
    sorted(out)
}

/// Sorted by value; `692.30` and `692.3` compare equal (Decimal's equality ignores the scale)
/// and keep the places they were written with for messages.
fn sorted(mut v: Vec<Decimal>) -> Vec<Decimal> {
    v.sort();
    v
}

fn list(v: &[Decimal]) -> String {
    v.iter().map(Decimal::to_string).collect::<Vec<_>>().join(", ")
}

/// The part of the file under a key path (`basic.budget`, `projects.items[2]`, counted from 1):
/// from the first to the last value in it.
pub(crate) fn place_of(source: &SourceFile, path: &str) -> Option<Span> {
    use toml::de::{DeTable, DeValue};
    let table = DeTable::parse(&source.text).ok()?;
    let mut value: Option<&toml::Spanned<DeValue>> = None;
    let mut current: &DeTable = table.get_ref();
    for segment in segments(path) {
        let segment = segment.as_str();
        let (key, index) = match segment.split_once('[') {
            Some((k, rest)) => (k, Some(rest.trim_end_matches(']').trim().parse::<usize>().ok()?)),
            None => (segment, None),
        };
        let v = current.get(key.trim())?;
        let v = match index {
            Some(n) => match v.get_ref() {
                DeValue::Array(items) => items.get(n.checked_sub(1)?)?,
                _ => return None,
            },
            None => v,
        };
        value = Some(v);
        if let DeValue::Table(t) = v.get_ref() {
            current = t;
        }
    }
    fn leaves(v: &toml::Spanned<DeValue>, out: &mut Vec<Span>) {
        match v.get_ref() {
            DeValue::Table(t) => t.values().for_each(|x| leaves(x, out)),
            DeValue::Array(items) => items.iter().for_each(|x| leaves(x, out)),
            _ => out.push(v.span()),
        }
    }
    let mut spans = Vec::new();
    leaves(value?, &mut spans);
    let start = spans.iter().map(|s| s.start).min()?;
    let end = spans.iter().map(|s| s.end).max()?;
    Some(start..end)
}

/// The segments of a key path: split at dots outside double quotes, quotes taken off
/// (`stated."三公.合计.本年"` is two segments).
fn segments(path: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in path.chars() {
        match c {
            '"' => quoted = !quoted,
            '.' if !quoted => out.push(String::new()),
            c => out.last_mut().expect("one segment at least").push(c),
        }
    }
    out
}

/// The spans of the file's string values that `keep` wants, under every key but those named in
/// `skip` (comments are not strings: last year's text kept as a comment is not looked at).
/// The file loaded before `check` runs, so it parses; if not, there is nothing to look at.
pub(crate) fn string_spans(source: &SourceFile, skip: &[&str], keep: impl Fn(&str) -> bool) -> Vec<Span> {
    use toml::de::{DeTable, DeValue};
    fn table(t: &DeTable<'_>, skip: &[&str], keep: &dyn Fn(&str) -> bool, out: &mut Vec<Span>) {
        for (_, v) in t.iter().filter(|(k, _)| !skip.contains(&k.get_ref().as_ref())) {
            value(v, skip, keep, out);
        }
    }
    fn value(
        v: &toml::Spanned<DeValue<'_>>,
        skip: &[&str],
        keep: &dyn Fn(&str) -> bool,
        out: &mut Vec<Span>,
    ) {
        match v.get_ref() {
            DeValue::String(s) if keep(s) => out.push(v.span()),
            DeValue::Array(items) => items.iter().for_each(|x| value(x, skip, keep, out)),
            DeValue::Table(t) => table(t, skip, keep, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(parsed) = DeTable::parse(&source.text) {
        table(parsed.get_ref(), skip, &keep, &mut out);
    }
    out
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
    out.extend(r.intro.iter().map(|t| (t, "开头段落".into())));
    for section in &input.sections {
        out.push((&section.heading, "大纲中的标题".into()));
        let place = format!("“{}”一节", section.heading.value.trim());
        for c in &section.content {
            match c {
                crate::input::Content::Paragraph(t) => out.push((t, place.clone())),
                crate::input::Content::Item { text, lead, .. } => {
                    out.push((text, place.clone()));
                    out.extend(lead.iter().map(|t| (t, place.clone())));
                }
                crate::input::Content::Items { items, .. } => {
                    out.extend(items.iter().map(|t| (t, place.clone())))
                }
                crate::input::Content::Block { .. } => {}
                crate::input::Content::Table(t) => {
                    out.extend(t.caption.iter().map(|c| (c, place.clone())));
                    let cells = t.rows.iter().flat_map(|r| &r.cells);
                    out.extend(cells.map(|c| (&c.text, format!("{place}的表格"))));
                }
            }
        }
    }
    let o = input.organization();
    for s in o.staffing.iter().chain(&o.retirees) {
        out.push((&s.kind, "人员类别".into()));
        out.extend(s.note.iter().map(|t| (t, "编制说明".into())));
    }
    out.extend(o.seconded.iter().map(|s| (&s.unit, "派驻单位".into())));
    out.extend(o.budget_units.iter().map(|t| (t, "决算单位".into())));
    out.extend(o.departments.iter().map(|t| (t, "内设机构".into())));
    out.extend(o.subordinates.iter().map(|t| (t, "下属单位".into())));
    out.extend(o.subordinates_label.iter().map(|t| (t, "下属单位的称呼".into())));
    let fin = input.finance();
    out.extend(fin.income.iter().map(|i| (&i.name, "收入名称".into())));
    for line in input.projects().items.iter().chain(&input.basic().public_items) {
        out.push((&line.name, "附件1的行名".into()));
    }
    out.extend(input.satisfaction.iter().map(|s| (&s.subject, "满意度调查对象".into())));
    out.extend(input.goals.iter().map(|g| (&g.label, "绩效目标名称".into())));
    let a2 = &input.attachment2;
    out.extend(a2.overall_goal.iter().map(|t| (t, "年度总体目标".into())));
    out.extend(a2.overall_goal_adjusted.iter().map(|t| (t, "全年（调整）目标".into())));
    out.extend(a2.overall_result.iter().map(|t| (t, "年度总体目标完成情况".into())));
    out.extend(a2.finance_office.iter().map(|t| (t, "财政处室".into())));
    out.extend(a2.contact.iter().map(|t| (t, "部门联系人".into())));
    for row in &a2.indicators {
        out.extend(row.level1.iter().map(|t| (t, "一级指标".into())));
        out.extend(row.level2.iter().map(|t| (t, "二级指标".into())));
    }
    let f = &input.form;
    out.extend([&f.filled_by, &f.date, &f.phone].into_iter().flatten().map(|t| (t, "填表信息".into())));
    if let Some(c) = &input.cover {
        for t in [
            &c.unit,
            &c.supervisor,
            &c.method,
            &c.evaluator,
            &c.date,
            &c.issuer,
            &c.unit_opinion,
            &c.bureau_opinion,
        ]
        .into_iter()
        .flatten()
        {
            out.push((t, "封面".into()));
        }
    }
    out.extend(o.duties.iter().enumerate().map(|(n, t)| (t, format!("第{}条职能职责", n + 1))));
    out.extend(o.budget_units_note.iter().map(|t| (t, "决算单位说明".into())));
    let b = input.basic();
    for (c, name) in [(&b.personnel, "人员经费"), (&b.public, "日常公用经费"), (&b.capital, "资本性支出")]
    {
        out.extend(c.reason.iter().map(|t| (t, format!("{name}的原因"))));
        out.extend(c.description.iter().map(|t| (t, format!("{name}的说明"))));
    }
    out.extend(b.definition.iter().map(|t| (t, "基本支出的定义".into())));
    let p = input.projects();
    out.extend(p.definition.iter().map(|t| (t, "项目支出的定义".into())));
    out.extend(p.reason.iter().map(|t| (t, "项目支出的原因".into())));
    out.extend(fin.carryover_note.iter().map(|t| (t, "年初结转和结余说明".into())));
    out.extend(fin.closing_note.iter().map(|t| (t, "年末结转和结余说明".into())));
    let sg = input.sangong();
    for item in [&sg.vehicle_purchase, &sg.vehicle_operation, &sg.overseas, &sg.reception] {
        out.extend(item.note.iter().map(|t| (t, "“三公”经费说明".into())));
    }
    for g in &input.goals {
        out.extend(g.text.iter().map(|t| (t, format!("绩效目标“{}”", g.label.value))));
    }
    let perf = input.performance();
    out.extend(perf.summary.iter().map(|t| (t, "主要绩效总述".into())));
    for (n, a) in perf.achievements.iter().enumerate() {
        out.push((&a.title, format!("第{}项主要绩效的标题", n + 1)));
        out.push((&a.text, format!("第{}项主要绩效", n + 1)));
    }
    let c = input.closing();
    out.extend(c.problems.iter().enumerate().map(|(n, t)| (t, format!("第{}条问题", n + 1))));
    out.extend(c.measures.iter().enumerate().map(|(n, t)| (t, format!("第{}条改进措施", n + 1))));
    out.extend(c.application.iter().map(|t| (t, "结果应用和公开".into())));
    out.extend(input.attachment1.frugality.iter().map(|t| (t, "厉行节约保障措施".into())));
    for row in &input.attachment2.indicators {
        out.push((&row.name, "绩效指标名称".into()));
        for t in [
            &row.target,
            &row.target_adjusted,
            &row.actual,
            &row.analysis,
            &row.unit,
            &row.nature,
            &row.explanation,
            &row.criteria,
        ]
        .into_iter()
        .flatten()
        {
            out.push((t, format!("绩效指标“{}”", row.name.value)));
        }
    }
    out
}
