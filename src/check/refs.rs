//! References (`{键}`, see `compute::refs`): every one in the file names a figure that the
//! document prints, or a placeholder, and a part that figure has. An unknown name would print
//! as written, so it is an error (J111) at its place, with the nearest keys and the command
//! that lists them all.

use crate::compute::Report;
use crate::compute::refs::{self, PARTS, PLACEHOLDERS, Piece};
use crate::diag::{Finding, codes};
use crate::input::SourceFile;

pub fn check(source: &SourceFile, report: &Report, out: &mut Vec<Finding>) {
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
