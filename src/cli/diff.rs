//! `jixiao diff OLD NEW`: what a reader of the PDF will see change; optionally a 更正说明.

use std::path::Path;
use std::process::ExitCode;

use jixiao::compute::compute;
use jixiao::diff::{Version, diff};
use jixiao::input::load;

use super::check::Format;
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
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        Format::Text => print_text(&d, old, new),
    }
    if notice && matches!(format, Format::Text) {
        println!("\n{}", d.notice(&new_report));
    }
    if d.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_FINDINGS) }
}

fn print_text(d: &jixiao::diff::Diff, old: &Path, new: &Path) {
    println!("{} → {}", old.display(), new.display());
    if d.is_empty() {
        println!("{}", t!("两个版本没有差别。", "The two versions do not differ."));
        return;
    }
    if !d.inputs.is_empty() {
        println!("\n{}", t!("改动的数字（{} 处）：", "Changed figures ({}):", d.inputs.len()));
        for c in &d.inputs {
            let line = c.line.map(|l| t!("（第 {l} 行）", " (line {l})")).unwrap_or_default();
            println!("  {}：{} → {}{line}", c.label, c.before, c.after);
        }
    }
    if !d.input_texts.is_empty() {
        println!("\n{}", t!("改动的文字（{} 处）：", "Changed texts ({}):", d.input_texts.len()));
        for c in &d.input_texts {
            let line = c.line.map(|l| t!("（第 {l} 行）", " (line {l})")).unwrap_or_default();
            println!("  {}{line}", c.label);
        }
    }
    if !d.derived.is_empty() {
        println!(
            "\n{}",
            t!("随之变化的数字（{} 处）：", "Derived figures that moved ({}):", d.derived.len())
        );
        for c in &d.derived {
            println!("  {}：{} → {}", c.label, c.before, c.after);
        }
    }
    if !d.printed.is_empty() {
        println!(
            "\n{}",
            t!("PDF 中变化的地方（{} 处）：", "Places that change in the PDF ({}):", d.printed.len())
        );
        for c in &d.printed {
            println!("  {}：", c.place);
            let (before, after) = (sentences(&c.before), sentences(&c.after));
            for s in before.iter().filter(|s| !after.contains(s)) {
                println!("    - {s}");
            }
            for s in after.iter().filter(|s| !before.contains(s)) {
                println!("    + {s}");
            }
        }
    }
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
