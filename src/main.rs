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
    ///
    /// 给多个文件或一个文件夹（其中所有 .toml）时，在一个进程里用全部 CPU 核心并行生成，
    /// 一个文件出错不影响其他文件，最后列出汇总表；有文件未生成时退出码为 1。
    Build {
        /// 报告源文件（.toml）；可以给多个，也可以给文件夹
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// 输出的 PDF 文件（默认与源文件同名，扩展名为 .pdf）；一次生成多个时只能是已有的文件夹
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
    /// 检查后导出 Typst 源文件（模板和算好的 data.json），可用官方 typst 命令编译
    ///
    /// 例：jixiao export-typst inputs/yiyang-zuzhibu-2020.toml 导出/
    ///
    /// 然后：typst compile 导出/main.typ --root 导出 --font-path fonts --ignore-system-fonts
    ExportTypst {
        /// 报告源文件（.toml）
        input: PathBuf,
        /// 导出到的文件夹（不存在时自动创建；同名文件会被替换）
        dir: PathBuf,
        /// 有警告时也不导出
        #[arg(long)]
        deny_warnings: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { inputs, output, deny_warnings } => cli::build::run(&inputs, output, deny_warnings),
        Command::ExportTypst { input, dir, deny_warnings } => cli::export::run(&input, &dir, deny_warnings),
        Command::Check { input, format, deny_warnings } => cli::check::run(&input, format, deny_warnings),
    }
}
