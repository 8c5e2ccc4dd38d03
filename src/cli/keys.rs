//! `jixiao keys 报告.toml`: every figure the report prints, with the key that cites it in a
//! text (`{键}`), its Chinese name and what it prints, then the placeholders and the parts a
//! reference can ask for. The way to find a key without reading the code.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use jixiao::compute::refs::{PARTS, PLACEHOLDERS, part_of};
use jixiao::compute::{Printed, Report, compute};

use super::{Format, Log, load_or_report};

pub fn run(input: &Path, format: Format, filter: Option<&str>) -> ExitCode {
    let (_, parsed) = match load_or_report(input, &mut Log::Stderr) {
        Ok(loaded) => loaded,
        Err(code) => return ExitCode::from(code),
    };
    let report = compute(&parsed);
    let wanted = |key: &str, label: &str| filter.is_none_or(|f| key.contains(f) || label.contains(f));
    let figures = citable(&report, &wanted);
    let printed: HashSet<&str> = report.printed.iter().map(|p| p.key.as_str()).collect();
    let text = match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = figures.iter().map(|p| row(p, &printed)).collect();
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

/// Every figure a text may cite, once each: the printed ones first, in document order, then
/// those only a reference would print (the catalogue); `wanted` filters by key and label.
pub fn citable<'a>(report: &'a Report, wanted: &dyn Fn(&str, &str) -> bool) -> Vec<&'a Printed> {
    let mut seen = HashSet::new();
    report
        .printed
        .iter()
        .chain(&report.catalogue)
        .filter(|p| seen.insert(p.key.as_str()) && wanted(&p.key, &p.label))
        .collect()
}

/// One key as `keys --format json` (and the page of `serve`) gives it: key, label, printed
/// text, whether jixiao computed it, whether the document prints it elsewhere, and its parts.
pub fn row(p: &Printed, printed: &HashSet<&str>) -> serde_json::Value {
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
}

/// The keys of `report` as the page of `serve` offers them: the figures as `keys --format
/// json` lists them, and the placeholders with what they print.
pub fn json(report: &Report) -> serde_json::Value {
    let printed: HashSet<&str> = report.printed.iter().map(|p| p.key.as_str()).collect();
    let keys: Vec<serde_json::Value> =
        citable(report, &|_, _| true).iter().map(|p| row(p, &printed)).collect();
    let placeholders: Vec<serde_json::Value> = PLACEHOLDERS
        .iter()
        .map(|(name, what)| {
            let text = report.placeholders.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
            serde_json::json!({ "key": name, "label": what, "text": text.unwrap_or_default() })
        })
        .collect();
    let parts: Vec<serde_json::Value> =
        PARTS.iter().map(|(name, what)| serde_json::json!({ "part": name, "label": what })).collect();
    serde_json::json!({ "keys": keys, "placeholders": placeholders, "parts": parts })
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
