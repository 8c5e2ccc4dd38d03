//! The `jixiao` command line. Parses arguments, runs the pipeline stages in order and prints
//! what happened in Chinese; all the work is in the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use jixiao::check::{check, has_errors};
use jixiao::compute::compute;
use jixiao::diag::{Finding, JsonFinding, Severity};
use jixiao::input::{LoadError, SourceFile, load};
use jixiao::{output, render};

#[derive(Parser)]
#[command(
    name = "jixiao",
    version,
    about = "jixiao（绩效）：把一个 TOML 文件排成部门整体支出绩效自评报告的 PDF（正文 + 附件1 + 附件2）",
    long_about = None,
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 检查并生成 PDF（有错误时不生成，原有 PDF 保持不变）
    ///
    /// 例：jixiao build inputs/yiyang-zuzhibu-2020.toml -o 自评报告.pdf
    Build {
        /// 报告源文件（.toml）
        input: PathBuf,
        /// 输出的 PDF 文件（默认与源文件同名，扩展名为 .pdf）
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 有警告时也不生成 PDF
        #[arg(long)]
        deny_warnings: bool,
    },
    /// 只检查，不生成 PDF：列出所有错误、警告和提示
    ///
    /// 例：jixiao check inputs/yiyang-zuzhibu-2020.toml --format json
    Check {
        /// 报告源文件（.toml）
        input: PathBuf,
        /// 输出格式：text（默认，给人看）或 json（给程序用）
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// 把警告也当作错误（退出码 1）
        #[arg(long)]
        deny_warnings: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Exit status: 0 no error, 1 findings with errors, 2 the file could not be read or written.
const EXIT_FINDINGS: u8 = 1;
const EXIT_IO: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { input, output, deny_warnings } => build(&input, output, deny_warnings),
        Command::Check { input, format, deny_warnings } => check_only(&input, format, deny_warnings),
    }
}

fn print_findings(findings: &[Finding], source: &SourceFile) {
    for f in findings {
        eprintln!("{}", f.render(source));
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (e, w, n) = (count(Severity::Error), count(Severity::Warning), count(Severity::Note));
    if e + w + n > 0 {
        eprintln!("{}：{e} 个错误，{w} 个警告，{n} 个提示", source.path.display());
    }
}

fn load_or_report(input: &Path) -> Result<(SourceFile, jixiao::input::Input), ExitCode> {
    load(input).map_err(|e| {
        eprintln!("{e}");
        match e {
            LoadError::Read { .. } => ExitCode::from(EXIT_IO),
            LoadError::Invalid { .. } => ExitCode::from(EXIT_FINDINGS),
        }
    })
}

fn build(input: &Path, output: Option<PathBuf>, deny_warnings: bool) -> ExitCode {
    let start = Instant::now();
    let output = output.unwrap_or_else(|| output::default_output(input));
    if let Err(e) = output::check_target(&output, input) {
        eprintln!("错误：{e}");
        return ExitCode::from(EXIT_IO);
    }
    let keep = || {
        if output.exists() {
            eprintln!("未生成 PDF；原有的 {} 保持不变。", output.display());
        } else {
            eprintln!("未生成 PDF。");
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
    print_findings(&findings, &source);
    if has_errors(&findings, deny_warnings) {
        keep();
        return ExitCode::from(EXIT_FINDINGS);
    }
    let rendered = match render::render(&report) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误：{e}");
            keep();
            return ExitCode::from(EXIT_FINDINGS);
        }
    };
    if let Err(e) = output::write_atomic(&output, &rendered.pdf) {
        eprintln!("错误：{e}");
        return ExitCode::from(EXIT_IO);
    }
    eprintln!(
        "已生成 {}（{} 页，{} KB，用时 {:.2} 秒）",
        output.display(),
        rendered.pages,
        rendered.pdf.len().div_ceil(1024),
        start.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

fn check_only(input: &Path, format: Format, deny_warnings: bool) -> ExitCode {
    let (source, parsed) = match load(input) {
        Ok(x) => x,
        Err(e) => {
            let code = match &e {
                LoadError::Read { .. } => EXIT_IO,
                LoadError::Invalid { .. } => EXIT_FINDINGS,
            };
            match (format, &e) {
                (Format::Json, LoadError::Invalid { source, finding }) => {
                    let doc = serde_json::json!({
                        "file": source.path.display().to_string(),
                        "findings": [JsonFinding::new(finding, source)],
                        "figures": null,
                    });
                    println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
                }
                _ => eprintln!("{e}"),
            }
            return ExitCode::from(code);
        }
    };
    let report = compute(&parsed);
    let findings = check(&parsed, &report, &source);
    match format {
        Format::Text => {
            print_findings(&findings, &source);
            if findings.is_empty() {
                eprintln!("{}：没有发现问题", source.path.display());
            }
        }
        Format::Json => {
            let doc = serde_json::json!({
                "file": source.path.display().to_string(),
                "findings": findings.iter().map(|f| JsonFinding::new(f, &source)).collect::<Vec<_>>(),
                "figures": &report.figures,
            });
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
    }
    if has_errors(&findings, deny_warnings) { ExitCode::from(EXIT_FINDINGS) } else { ExitCode::SUCCESS }
}
