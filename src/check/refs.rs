//! References (`{键}`, see `compute::refs`): every one in the file names a figure that the
//! document prints, or a placeholder, and a part that figure has. An unknown name would print
//! as written, so it is an error (J111) at its place, with the nearest keys and the command
//! that lists them all.

use crate::compute::Report;
use crate::compute::refs::{self, PARTS, PLACEHOLDERS, Piece};
use crate::diag::{Finding, codes};
use crate::input::{Input, SourceFile};

/// The byte range of each `[[project_forms]]` entry, from the first to the last of its values:
/// inside one, `{附件2.…}` names that project form's own figure (`项目自评表k.…`), as
/// `compute` renames it.
fn project_ranges(input: &Input) -> Vec<std::ops::Range<usize>> {
    input
        .project_forms
        .iter()
        .map(|form| {
            fn texts(v: &Option<Vec<crate::input::Text>>) -> Vec<&std::ops::Range<usize>> {
                v.iter().flatten().map(|t| &t.span).collect()
            }
            let mut spans: Vec<&std::ops::Range<usize>> = Vec::new();
            spans.extend(form.project.as_ref().map(|t| &t.span));
            spans.extend(form.form.as_ref().map(|c| &c.span));
            spans.extend(texts(&form.title));
            spans.extend(texts(&form.notes));
            spans.extend(texts(&form.header));
            spans.extend(form.name.as_ref().map(|t| &t.span));
            spans.extend(form.execution_weight.as_ref().map(|n| &n.span));
            for t in
                [&form.overall_goal, &form.overall_goal_adjusted, &form.overall_result].into_iter().flatten()
            {
                spans.push(&t.span);
            }
            for r in form.extra_rows.iter().flatten() {
                spans.push(&r.label.span);
                spans.extend(r.text.as_ref().map(|t| &t.span));
            }
            for r in &form.indicators {
                spans.push(&r.name.span);
                for t in
                    [&r.target, &r.actual, &r.analysis, &r.criteria, &r.explanation].into_iter().flatten()
                {
                    spans.push(&t.span);
                }
            }
            let start = spans.iter().map(|s| s.start).min().unwrap_or(0);
            let end = spans.iter().map(|s| s.end).max().unwrap_or(0);
            start..end
        })
        .collect()
}

pub fn check(input: &Input, source: &SourceFile, report: &Report, out: &mut Vec<Finding>) {
    let projects = project_ranges(input);
    // Numbering patterns have braces of their own (`{一}、`, `（{1}）`).
    // `[sentences]` patterns are checked by `super::sentences` (their names are the block's).
    let spans =
        super::string_spans(source, &["numbering", "level3_numbering", "sentences"], |s| s.contains('{'));
    let printed = |key: &str| report.printed.iter().find(|p| p.key == key).map(|p| p.text.as_str());
    for span in spans {
        let raw = source.text.get(span.clone()).unwrap_or("");
        for piece in refs::scan(raw) {
            let Piece::Ref { key, part, at } = piece else { continue };
            let place = span.start + at.start..span.start + at.end;
            let renamed = projects
                .iter()
                .position(|r| r.start <= place.start && place.end <= r.end)
                .and_then(|k| key.strip_prefix("附件2.").map(|rest| format!("项目自评表{}.{rest}", k + 1)));
            let key = renamed.as_deref().unwrap_or(key);
            let placeholder = PLACEHOLDERS.iter().any(|(p, _)| *p == key);
            if placeholder && part.is_none() {
                continue;
            }
            let text = if placeholder { None } else { printed(key) };
            let finding = match (text, part) {
                (Some(_), None) => continue,
                (Some(t), Some(p)) if refs::part_of(t, Some(p)).is_some() => continue,
                (Some(t), Some(p)) => {
                    let parts: Vec<String> = PARTS.iter().map(|(n, d)| format!(":{n}（{d}）")).collect();
                    Finding::error(codes::UNKNOWN_REFERENCE, format!("“{key}”印作“{t}”，没有“{p}”这一部分"))
                        .help(format!("可用的写法：{}", parts.join("、")))
                }
                (None, _) if placeholder => Finding::error(
                    codes::UNKNOWN_REFERENCE,
                    format!("{{{key}}} 是年度、单位这类文字，没有“{}”这一部分", part.unwrap_or_default()),
                )
                .help(format!("写 {{{key}}}")),
                (None, _) => {
                    let keys = report
                        .printed
                        .iter()
                        .chain(&report.catalogue)
                        .map(|p| p.key.as_str())
                        .chain(PLACEHOLDERS.iter().map(|(p, _)| *p));
                    let mut help = refs::did_you_mean(key, keys);
                    help.push_str("jixiao keys 本文件 列出全部可引用的数字；只想印出花括号时写 {{ 和 }}");
                    Finding::error(
                        codes::UNKNOWN_REFERENCE,
                        format!("没有名为“{key}”的数字（或文件中没有算它所需的数据）"),
                    )
                    .help(help)
                }
            };
            out.push(finding.at(place).label("引用"));
        }
    }
}
