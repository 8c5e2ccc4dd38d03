//! `jixiao diff OLD NEW`: what a reader of the PDF will see change; optionally a 更正说明.

use std::path::Path;
use std::process::ExitCode;

use jixiao::compute::compute;
use jixiao::diff::{Version, diff};
use jixiao::input::load;

use super::Format;
use super::lang::t;
use super::{EXIT_FINDINGS, EXIT_IO};

pub fn run(old: &Path, new: &Path, format: Format, notice: bool) -> ExitCode {
    let loaded = [old, new].map(|p| load(p).map_err(|e| eprintln!("{e}")));
    let [Ok((old_src, old_in)), Ok((new_src, new_in))] = loaded else {
        return ExitCode::from(EXIT_IO);
    };
    let (old_report, new_report) = (compute(&old_in), compute(&new_in));
    let d = diff(
        &Version { source: &old_src, report: &old_report },
        &Version { source: &new_src, report: &new_report },
    );
    match format {
        Format::Json => {
            let mut doc = serde_json::to_value(&d).unwrap_or_default();
            if notice && let Some(obj) = doc.as_object_mut() {
                obj.insert("notice".into(), d.notice(&new_report).into());
            }
            super::stdout(&format!("{}\n", serde_json::to_string_pretty(&doc).unwrap_or_default()));
        }
        Format::Text => {
            let mut text = render_text(&d, old, new);
            if notice {
                text.push_str(&format!("\n{}\n", d.notice(&new_report)));
            }
            super::stdout(&text);
        }
    }
    if d.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_FINDINGS) }
}

fn render_text(d: &jixiao::diff::Diff, old: &Path, new: &Path) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "{} → {}", old.display(), new.display());
    if d.is_empty() {
        let _ = writeln!(out, "{}", t!("两个版本没有差别。", "The two versions do not differ."));
        return out;
    }
    if !d.inputs.is_empty() {
        let _ = writeln!(out, "\n{}", t!("改动的数字（{} 处）：", "Changed figures ({}):", d.inputs.len()));
        for c in &d.inputs {
            let line = c.line.map(|l| t!("（第 {l} 行）", " (line {l})")).unwrap_or_default();
            let _ = writeln!(out, "  {}：{} → {}{line}", c.label, c.before, c.after);
        }
    }
    if !d.input_texts.is_empty() {
        let _ =
            writeln!(out, "\n{}", t!("改动的文字（{} 处）：", "Changed texts ({}):", d.input_texts.len()));
        for c in &d.input_texts {
            let line = c.line.map(|l| t!("（第 {l} 行）", " (line {l})")).unwrap_or_default();
            let _ = writeln!(out, "  {}{line}", c.label);
        }
    }
    if !d.derived.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            t!("随之变化的数字（{} 处）：", "Derived figures that moved ({}):", d.derived.len())
        );
        for c in &d.derived {
            let _ = writeln!(out, "  {}：{} → {}", c.label, c.before, c.after);
        }
    }
    if !d.printed.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            t!("PDF 中变化的地方（{} 处）：", "Places that change in the PDF ({}):", d.printed.len())
        );
        for c in &d.printed {
            let _ = writeln!(out, "  {}：", c.place);
            let (before, after) = (sentences(&c.before), sentences(&c.after));
            for s in before.iter().filter(|s| !after.contains(s)) {
                let _ = writeln!(out, "    - {s}");
            }
            for s in after.iter().filter(|s| !before.contains(s)) {
                let _ = writeln!(out, "    + {s}");
            }
        }
    }
    out
}

/// A paragraph cut into sentences, so that only the sentences that changed are shown.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        cur.push(c);
        if matches!(c, '。' | '；' | '！' | '？') {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}
