//! `[sentences]` of the report: every name is a pattern jixiao words with, and every `{名称}`
//! in a pattern is one of that pattern's names, a placeholder or a figure of the report. A
//! misspelled pattern name would reword nothing (an error, J003, with the nearest names); a
//! name that does not exist only makes its alternative unusable (a warning, J111, since
//! alternatives exist precisely for figures a report may lack).

use crate::compute::Report;
use crate::compute::refs::{self, PLACEHOLDERS};
use crate::compute::sentences::{PATTERNS, TEXT_PARTS};
use crate::diag::{Finding, codes};
use crate::input::{BlockKind, Choice, SourceFile};

/// The names a pattern may cite, for a name of `[sentences]` (`名称/写法` takes its block's).
fn locals_of(name: &str) -> Option<&'static [&'static str]> {
    if let Some((_, locals, _)) = PATTERNS.iter().find(|(n, _, _)| *n == name) {
        return Some(locals);
    }
    let (block, variant) = name.split_once('/')?;
    let kind = BlockKind::CHOICES.iter().find(|(n, _)| *n == block).map(|(_, k)| *k)?;
    kind.variants().iter().any(|(v, _)| *v == variant).then_some(())?;
    PATTERNS.iter().find(|(n, _, _)| *n == block).map(|(_, l, _)| *l)
}

pub fn check(source: &SourceFile, report: &Report, out: &mut Vec<Finding>) {
    use toml::de::{DeTable, DeValue};
    let Ok(parsed) = DeTable::parse(&source.text) else { return };
    let Some(table) = parsed.get_ref().iter().find(|(k, _)| k.get_ref().as_ref() == "sentences") else {
        return;
    };
    let DeValue::Table(sentences) = table.1.get_ref() else { return };
    let known = |key: &str| {
        PLACEHOLDERS.iter().any(|(p, _)| *p == key)
            || report.printed.iter().chain(&report.catalogue).any(|p| p.key == key)
    };
    for (name, value) in sentences.iter() {
        let name_text = name.get_ref().as_ref();
        let Some(locals) = locals_of(name_text) else {
            let names = PATTERNS.iter().map(|(n, _, _)| *n);
            let near: Vec<String> =
                refs::nearest(name_text, names).iter().map(|n| format!("“{n}”")).collect();
            let mut help = String::new();
            if !near.is_empty() {
                help.push_str(&format!("是不是 {}？", near.join("、")));
            }
            help.push_str("jixiao keys 本文件 --sentences 列出全部句式的名称、各自可用的名称和现在的写法");
            out.push(
                Finding::error(
                    codes::UNKNOWN_KEY,
                    format!("没有名为“{name_text}”的句式，这一项不会改写任何句子"),
                )
                .at(name.span())
                .label("句式名称")
                .help(help),
            );
            continue;
        };
        let alternatives: Vec<&toml::Spanned<DeValue>> = match value.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            _ => vec![value],
        };
        // A typo in one alternative leaves the others (a warning); in every alternative, the
        // sentence can never print (an error).
        let mut found: Vec<(usize, Finding)> = Vec::new();
        for (index, alt) in alternatives.iter().enumerate() {
            let DeValue::String(text) = alt.get_ref() else { continue };
            let raw = source.text.get(alt.span()).unwrap_or("");
            for (key, part) in crate::compute::sentences::names(text) {
                let bad_part =
                    part.is_some_and(|p| !TEXT_PARTS.iter().chain(refs::PARTS).any(|(n, _)| *n == p));
                if !bad_part && (locals.contains(&key) || known(key)) {
                    continue;
                }
                let at = raw.find(&format!("{{{key}")).map_or(alt.span(), |i| {
                    let start = alt.span().start + i;
                    start..start + key.len() + 2
                });
                let finding = if bad_part {
                    let parts: Vec<String> =
                        TEXT_PARTS.iter().chain(refs::PARTS).map(|(n, d)| format!(":{n}（{d}）")).collect();
                    Finding::warning(
                        codes::UNKNOWN_REFERENCE,
                        format!("“{key}”没有“{}”这一部分", part.unwrap_or_default()),
                    )
                    .help(format!("可用的写法：{}", parts.join("、")))
                } else {
                    let candidates = locals
                        .iter()
                        .copied()
                        .chain(report.printed.iter().chain(&report.catalogue).map(|p| p.key.as_str()))
                        .chain(PLACEHOLDERS.iter().map(|(p, _)| *p));
                    let mut help = refs::did_you_mean(key, candidates);
                    if !locals.is_empty() {
                        let names: Vec<String> = locals.iter().map(|l| format!("{{{l}}}")).collect();
                        help.push_str(&format!("“{name_text}”可用 {}；", names.join("")));
                    }
                    help.push_str("报告中的数字见 jixiao keys 本文件");
                    Finding::warning(
                        codes::UNKNOWN_REFERENCE,
                        format!("没有名为“{key}”的数字，也不是句式“{name_text}”可用的名称"),
                    )
                    .help(help)
                };
                found.push((index, finding.at(at).label("引用")));
            }
        }
        let usable = alternatives.len()
            > found.iter().map(|(i, _)| *i).collect::<std::collections::HashSet<_>>().len();
        for (_, mut finding) in found {
            if usable {
                finding.message.push_str("；这一种句式不会被选用");
            } else {
                finding.severity = crate::diag::Severity::Error;
                finding.message.push_str("；这一句不会印出");
            }
            out.push(finding);
        }
    }
}
