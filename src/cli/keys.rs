//! `jixiao keys 报告.toml`: every figure the report prints, with the key that cites it in a
//! text (`{键}`), its Chinese name and what it prints, then the placeholders and the parts a
//! reference can ask for. The way to find a key without reading the code.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use jixiao::compute::compute;
use jixiao::compute::refs::{PARTS, PLACEHOLDERS, part_of};

use super::{Format, Log, load_or_report};

pub fn run(input: &Path, format: Format, filter: Option<&str>) -> ExitCode {
    let (_, parsed) = match load_or_report(input, &mut Log::Stderr) {
        Ok(loaded) => loaded,
        Err(code) => return ExitCode::from(code),
    };
    let report = compute(&parsed);
    let wanted = |key: &str, label: &str| filter.is_none_or(|f| key.contains(f) || label.contains(f));
    // The printed figures first, then those only a reference would print; a figure printed in
    // two places is one key.
    let mut seen = std::collections::HashSet::new();
    let printed: std::collections::HashSet<&str> = report.printed.iter().map(|p| p.key.as_str()).collect();
    let figures: Vec<_> = report
        .printed
        .iter()
        .chain(&report.catalogue)
        .filter(|p| seen.insert(p.key.as_str()) && wanted(&p.key, &p.label))
        .collect();
    let text = match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = figures
                .iter()
                .map(|p| {
                    let parts: serde_json::Map<String, serde_json::Value> = PARTS
                        .iter()
                        .filter_map(|(n, _)| part_of(&p.text, Some(n)).map(|t| ((*n).to_string(), t.into())))
                        .collect();
                    serde_json::json!({
                        "key": p.key,
                        "label": p.label,
                        "text": p.text,
                        "derived": p.derived,
                        "printed": printed.contains(p.key.as_str()),
                        "parts": parts,
                    })
                })
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&rows).unwrap_or_default())
        }
        Format::Text => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "在正文、标题、标签和表格的文字中写 {{键}}，印出这个数字（与别处印的完全一样）；标 * 的目前报告中别处没有印：\n"
            );
            for p in &figures {
                let mark = if printed.contains(p.key.as_str()) { "" } else { "*" };
                let _ = writeln!(out, "{{{}}}{mark}\t{}\t{}", p.key, p.label, p.text);
            }
            let _ = writeln!(out, "\n任何文字中都可以用：");
            for (name, what) in PLACEHOLDERS {
                let _ = writeln!(out, "{{{name}}}\t{what}");
            }
            let _ = writeln!(out, "\n只印一部分时在键后加冒号，如 {{三公.公务接待费.比上年.增减额:数}}：");
            for (name, what) in PARTS {
                let _ = writeln!(out, ":{name}\t{what}");
            }
            let _ = writeln!(out, "\n要印出花括号本身，写 {{{{ 和 }}}}。");
            out
        }
    };
    super::stdout(&text);
    ExitCode::SUCCESS
}

/// `jixiao keys 报告.toml --sentences`: every sentence pattern, the names it may cite and the
/// wording in force for this report (its own `[sentences]`, else its templates').
pub fn sentences(input: &Path, format: Format, filter: Option<&str>) -> ExitCode {
    use jixiao::compute::sentences::PATTERNS;
    let (_, parsed) = match load_or_report(input, &mut Log::Stderr) {
        Ok(loaded) => loaded,
        Err(code) => return ExitCode::from(code),
    };
    let layers = parsed.layers();
    let wording = |name: &str| -> Vec<String> {
        layers
            .iter()
            .find_map(|l| l.sentences.get(name))
            .map(|v| v.iter().map(|t| t.value.trim().to_string()).collect())
            .unwrap_or_default()
    };
    let rows: Vec<_> = PATTERNS
        .iter()
        .filter(|(name, _, what)| filter.is_none_or(|f| name.contains(f) || what.contains(f)))
        .collect();
    let text = match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = rows
                .iter()
                .map(|(name, names, what)| {
                    serde_json::json!({ "name": name, "about": what, "names": names, "wording": wording(name) })
                })
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&rows).unwrap_or_default())
        }
        Format::Text => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "由数据生成的句子：在报告或模板的 [sentences] 中写同名的一项即可改写（几种备选句式，依次取第一个所引用的名称都有的；[……] 是可省的一段）。\n"
            );
            for (name, names, what) in rows {
                let names: Vec<String> = names.iter().map(|n| format!("{{{n}}}")).collect();
                let _ = writeln!(out, "\"{name}\"\t{what}\t可用 {}", names.join(""));
                for w in wording(name) {
                    let _ = writeln!(out, "    \"{w}\"");
                }
            }
            let _ = writeln!(
                out,
                "\n此外都可以用 {{单位}}{{年度}} 等和报告中任何一个数字的键（jixiao keys 本文件）。"
            );
            out
        }
    };
    super::stdout(&text);
    ExitCode::SUCCESS
}
