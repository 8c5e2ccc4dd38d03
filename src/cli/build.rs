//! `jixiao build`: check, then render and write the PDF atomically.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use jixiao::check::{check, has_errors};
use jixiao::compute::compute;
use jixiao::{output, render};

use super::lang::t;
use super::{BuildOptions, EXIT_FINDINGS, EXIT_IO, load_or_report, print_findings_but};

pub fn run(input: &Path, output: Option<PathBuf>, options: &BuildOptions) -> ExitCode {
    let start = Instant::now();
    let output = output.unwrap_or_else(|| output::default_output(input));
    if let Err(e) = output::check_target(&output, input) {
        eprintln!("{}", t!("错误：{e}", "error: {e}"));
        return ExitCode::from(EXIT_IO);
    }
    let keep = || {
        if output.exists() {
            eprintln!(
                "{}",
                t!(
                    "未生成 PDF；原有的 {} 保持不变。",
                    "No PDF written; {} stays as it was.",
                    output.display()
                )
            );
        } else {
            eprintln!("{}", t!("未生成 PDF。", "No PDF written."));
        }
    };
    let (source, parsed) = match load_or_report(input) {
        Ok(x) => x,
        Err(code) => {
            keep();
            return code;
        }
    };
    let report = compute(&parsed);
    let findings = check(&parsed, &report, &source);
    print_findings_but(&findings, &source, Some(jixiao::diag::codes::TODO));
    if has_errors(&findings, options.deny_warnings) {
        keep();
        return ExitCode::from(EXIT_FINDINGS);
    }
    let rendered = match render::render(&report, &options.render_options(input, &parsed)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{}", t!("错误：{e}", "error: {e}"));
            keep();
            return ExitCode::from(EXIT_FINDINGS);
        }
    };
    for note in &rendered.notes {
        eprintln!("提示：{note}");
    }
    if let Err(e) = output::write_atomic(&output, &rendered.pdf) {
        eprintln!("{}", t!("错误：{e}", "error: {e}"));
        return ExitCode::from(EXIT_IO);
    }
    eprintln!(
        "{}",
        t!(
            "已生成 {}（{} 页，{} KB，用时 {:.2} 秒）",
            "Wrote {} ({} pages, {} KB, {:.2} s)",
            output.display(),
            rendered.pages,
            rendered.pdf.len().div_ceil(1024),
            start.elapsed().as_secs_f64()
        )
    );
    ExitCode::SUCCESS
}
