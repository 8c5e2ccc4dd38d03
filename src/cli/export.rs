//! `jixiao export-typst`: check, then write the Typst sources of the document (templates and
//! the computed data.json) to a folder for the stock `typst` CLI.

use std::path::Path;
use std::process::ExitCode;

use jixiao::check::{check, has_errors};
use jixiao::compute::compute;
use jixiao::render::export::export_typst;

use super::{EXIT_FINDINGS, EXIT_IO, Log, load_or_report, log_findings};

pub fn run(input: &Path, dir: &Path, deny_warnings: bool) -> ExitCode {
    let log = &mut Log::Stderr;
    let (source, parsed) = match load_or_report(input, log) {
        Ok(x) => x,
        Err(code) => {
            log.line("未导出。");
            return ExitCode::from(code);
        }
    };
    let report = compute(&parsed);
    let findings = check(&parsed, &report, &source);
    log_findings(&findings, &source, None, log);
    if has_errors(&findings, deny_warnings) {
        log.line("有错误，未导出。");
        return ExitCode::from(EXIT_FINDINGS);
    }
    // The data as laid out: spanning cells cut where the pages break, as in jixiao's PDF.
    let options = jixiao::render::RenderOptions {
        font_dirs: parsed.font_dir.clone().into_iter().collect(),
        ..Default::default()
    };
    let data = match jixiao::render::laid_out_data(&report, &options) {
        Ok(data) => data,
        Err(e) => {
            log.line(format_args!("错误：{e}"));
            return ExitCode::from(EXIT_FINDINGS);
        }
    };
    let files = match export_typst(&data, dir) {
        Ok(files) => files,
        Err(e) => {
            log.line(format_args!("错误：{e}"));
            return ExitCode::from(EXIT_IO);
        }
    };
    let names: Vec<String> =
        files.iter().filter_map(|f| f.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
    log.line(format_args!("已导出到 {}：{}", dir.display(), names.join("、")));
    log.line(format_args!(
        "用 typst 0.15 编译（FONTS 是 jixiao 源代码中的 fonts 文件夹）：\n  typst compile {} --root {} --font-path FONTS --ignore-system-fonts",
        files[0].display(),
        dir.display()
    ));
    ExitCode::SUCCESS
}
