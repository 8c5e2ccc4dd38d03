//! The `jixiao` command line. Parses arguments, runs the pipeline stages in order and prints
//! what happened in Chinese; all the work is in the library.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cli::check::Format;

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
        /// PDF 标准：a-2a（默认，PDF/A-2a 归档 + PDF/UA-1 无障碍）、a-2b、a-3b、ua-1、none
        #[arg(long, default_value = "a-2a", value_parser = parse_standard)]
        pdf_standard: jixiao::render::Standard,
        /// 字体文件夹（可多次给出），如单位自有的方正小标宋、仿宋_GB2312；在 [fonts] 中指定用途
        #[arg(long = "font-path", value_name = "文件夹")]
        font_path: Vec<PathBuf>,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { input, output, deny_warnings, pdf_standard, font_path } => {
            let options = cli::BuildOptions { deny_warnings, standard: pdf_standard, font_dirs: font_path };
            cli::build::run(&input, output, &options)
        }
        Command::Check { input, format, deny_warnings } => cli::check::run(&input, format, deny_warnings),
    }
}

fn parse_standard(s: &str) -> Result<jixiao::render::Standard, String> {
    jixiao::render::Standard::NAMES.iter().find(|(n, _)| *n == s).map(|(_, v)| *v).ok_or_else(|| {
        let names: Vec<&str> = jixiao::render::Standard::NAMES.iter().map(|(n, _)| *n).collect();
        format!("不认识的 PDF 标准“{s}”，可选：{}", names.join("、"))
    })
}
