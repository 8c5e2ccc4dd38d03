//! The `jixiao` command line. Parses arguments, runs the pipeline stages in order and prints
//! what happened; all the work is in the library.
//!
//! Help and the command line's own messages are Chinese, or English with `--lang en` or an
//! English locale (see `cli::lang`). Every text the user sees, clap's own words included
//! (用法、选项、命令), is set here or in `cli::help`, so the strings are runtime values chosen
//! by the language.

mod cli;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};

use cli::Format;
use cli::check::CheckFormat;
use cli::help::{Page, examples, template};
use cli::lang::{self, tr};

#[derive(Parser)]
#[command(
    name = "jixiao",
    version,
    about = tr(
        "jixiao（绩效）：把一个 TOML 文件排成部门整体支出绩效自评报告的 PDF（正文 + 附件1 + 附件2）",
        "jixiao: typesets a department's 部门整体支出绩效自评报告 (performance self-evaluation report) from one TOML file into a PDF",
    ),
    help_template = template(Page::Root),
    override_usage = tr("jixiao <命令> [选项]", "jixiao <COMMAND> [OPTIONS]"),
    after_help = examples("root"),
    subcommand_value_name = tr("命令", "COMMAND"),
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    arg_required_else_help = true,
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language is read before parsing (`cli::lang::detect`); declared here for the help
    /// and so that clap accepts it anywhere.
    #[arg(
        long,
        global = true,
        value_name = "zh|en",
        value_parser = ["zh", "en"],
        hide_possible_values = true,
        help = tr(
            "界面语言：zh 中文（默认）或 en 英文；也可由环境变量 LANG、LC_ALL 以 en 开头切换为英文。检查结果（错误、警告）总是中文",
            "Language of help and messages: zh (default) or en; also English when LANG or LC_ALL starts with \"en\". Findings (errors, warnings) are always in Chinese",
        ),
    )]
    lang: Option<String>,
    /// Folders that the files a report names (template, `[fonts] path`) may lie in besides the
    /// report's own (`input::paths`). Global, so that every command obeys the same rules.
    #[arg(
        long = "allow-dir",
        global = true,
        value_name = tr("文件夹", "DIR"),
        help = tr(
            "报告引用的模板、字体文件夹只能在报告所在的文件夹内；用这个选项另外允许一个文件夹（可多次给出），如本局统一的模板文件夹",
            "Files a report names (template, fonts) must be in the report's folder; this also allows DIR (may be repeated), e.g. the bureau's shared template folder",
        ),
    )]
    allow_dir: Vec<PathBuf>,
    #[arg(short = 'h', long, global = true, action = ArgAction::Help, help = tr("显示帮助", "Print help"))]
    help: Option<bool>,
    #[arg(short = 'V', long, action = ArgAction::Version, help = tr("显示版本号", "Print version"))]
    version: Option<bool>,
}

/// `--format text|json`, shared by the commands that print results.
#[derive(clap::Args)]
struct FormatArg {
    #[arg(
        long,
        value_enum,
        default_value_t = Format::Text,
        hide_possible_values = true,
        hide_default_value = true,
        value_name = "text|json",
        help = tr("输出格式：text 给人看（默认），json 给程序用", "Output: text for people (default) or json for programs"),
    )]
    format: Format,
}

/// What decides whether and how a PDF is written, shared by `build` and `watch`.
#[derive(clap::Args)]
struct PdfArgs {
    #[arg(long, help = tr("有警告时也不生成 PDF", "Do not build when there are warnings"))]
    deny_warnings: bool,
    #[arg(
        long,
        default_value = "a-2a",
        value_parser = parse_standard,
        hide_default_value = true,
        value_name = "a-2a|a-2b|a-3b|ua-1|none",
        help = tr(
            "PDF 标准：a-2a（默认，PDF/A-2a 归档格式 + PDF/UA-1 无障碍）、a-2b、a-3b、ua-1 或 none",
            "PDF standard: a-2a (default: PDF/A-2a archival + PDF/UA-1 accessible), a-2b, a-3b, ua-1 or none",
        ),
    )]
    pdf_standard: jixiao::render::Standard,
}

#[derive(Subcommand)]
enum Command {
    #[command(
        about = tr("检查并生成 PDF（有错误时不生成，原有的 PDF 保持不变）；可一次生成多个", "Check the report and build the PDF (on errors nothing is written); several at once"),
        help_template = template(Page::Args),
        override_usage = tr("jixiao build <报告.toml>... [选项]", "jixiao build <REPORT.toml>... [OPTIONS]"),
        after_help = examples("build"),
    )]
    Build {
        #[arg(
            required = true,
            value_name = tr("报告.toml", "REPORT.toml"),
            help = tr("报告源文件；可以给多个，也可以给文件夹（其中所有 .toml）", "The report's source file; several files or a folder (all its .toml) build in parallel"),
        )]
        inputs: Vec<PathBuf>,
        #[arg(
            short,
            long,
            value_name = tr("输出.pdf", "OUTPUT.pdf"),
            help = tr("输出的 PDF 文件（默认与源文件同名，扩展名为 .pdf）；一次生成多个时只能是已有的文件夹", "The PDF to write (default: the source's name with .pdf); with several inputs, an existing folder"),
        )]
        output: Option<PathBuf>,
        #[command(flatten)]
        pdf: PdfArgs,
        #[arg(
            long = "font-path",
            value_name = tr("文件夹", "DIR"),
            help = tr(
                "字体文件夹（可多次给出），如单位自有的方正小标宋、仿宋_GB2312；在 [fonts] 中指定用途",
                "A folder of fonts (may be repeated), e.g. the office's licensed fonts; map them to roles in [fonts]",
            ),
        )]
        font_path: Vec<PathBuf>,
        #[arg(
            long,
            help = tr(
                "同时把附表（基础数据表、自评表……）写成 Excel 文件，与 PDF 同名、扩展名为 .xlsx",
                "Also write the forms as an Excel workbook beside the PDF (same name, .xlsx)",
            ),
        )]
        xlsx: bool,
    },
    #[command(
        about = tr("监视源文件：每次保存都自动重新生成 PDF", "Watch the source: rebuild the PDF on every save"),
        help_template = template(Page::Args),
        override_usage = tr("jixiao watch <报告.toml> [选项]", "jixiao watch <REPORT.toml> [OPTIONS]"),
        after_help = examples("watch"),
    )]
    Watch {
        #[arg(value_name = tr("报告.toml", "REPORT.toml"), help = tr("报告源文件", "The report's source file"))]
        input: PathBuf,
        #[arg(
            short,
            long,
            value_name = tr("输出.pdf", "OUTPUT.pdf"),
            help = tr("输出的 PDF 文件（默认与源文件同名，扩展名为 .pdf）", "The PDF to write (default: the source's name with .pdf)"),
        )]
        output: Option<PathBuf>,
        #[command(flatten)]
        pdf: PdfArgs,
        #[arg(
            long = "font-path",
            value_name = tr("文件夹", "DIR"),
            help = tr("字体文件夹（可多次给出）；其中的字体文件改变时也重新生成", "A folder of fonts (may be repeated); changes in it rebuild too"),
        )]
        font_path: Vec<PathBuf>,
        /// Stop after this many builds (for tests and benchmarks).
        #[arg(long, hide = true)]
        exit_after: Option<usize>,
    },
    #[command(
        about = tr("在浏览器中填写报告：按报告结构的表单、问题就在对应的一项下、旁边是随输入更新的 PDF 页面", "Fill in the report in the browser: a form in the report's order, findings at their fields, the printed pages updated as you type"),
        help_template = template(Page::Args),
        override_usage = tr("jixiao serve [报告.toml | 文件夹] [选项]", "jixiao serve [REPORT.toml | DIR] [OPTIONS]"),
        after_help = examples("serve"),
    )]
    Serve {
        #[arg(
            value_name = tr("报告.toml", "REPORT.toml"),
            help = tr(
                "报告源文件；还不存在时从 jixiao init 的模板开始，第一次保存时写出。给出文件夹或不写时，页面先列出这个文件夹（默认当前文件夹）里的报告，可打开或新建",
                "The report's source file; if it does not exist yet, the page starts from the skeleton of jixiao init and the first save writes it. A folder, or none (the current folder): the page first lists its reports, to open one or create one",
            ),
        )]
        input: Option<PathBuf>,
        #[arg(
            long,
            value_name = tr("端口", "PORT"),
            default_value_t = 0,
            hide_default_value = true,
            help = tr("本机端口（默认：同一个文件每次用同一个端口，被占用时另选；浏览器据此找回未保存的修改）", "The local port (default: the same port for the same file, another if taken, so the browser finds unsaved edits again)"),
        )]
        port: u16,
        #[arg(long, help = tr("不自动打开浏览器（只显示地址）", "Do not open a browser (only print the address)"))]
        no_open: bool,
        #[arg(
            long,
            value_name = tr("模板", "TEMPLATE"),
            help = tr("新文件用哪个模板（同 jixiao init --template）", "The template of a new file (as jixiao init --template)"),
        )]
        template: Option<String>,
        #[command(flatten)]
        pdf: PdfArgs,
        #[arg(
            long = "font-path",
            value_name = tr("文件夹", "DIR"),
            help = tr("字体文件夹（可多次给出）", "A folder of fonts (may be repeated)"),
        )]
        font_path: Vec<PathBuf>,
    },
    #[command(
        about = tr("比较两个版本：改了哪些数字，哪些合计和比率随之变化，PDF 中哪里不同", "Compare two versions: changed figures, the derived figures that moved, what the PDF shows differently"),
        help_template = template(Page::Args),
        override_usage = tr("jixiao diff <原报告.toml> <新报告.toml> [选项]", "jixiao diff <OLD.toml> <NEW.toml> [OPTIONS]"),
        after_help = examples("diff"),
    )]
    Diff {
        #[arg(value_name = tr("原报告.toml", "OLD.toml"), help = tr("原来的版本", "The earlier version"))]
        old: PathBuf,
        #[arg(value_name = tr("新报告.toml", "NEW.toml"), help = tr("改过的版本", "The corrected version"))]
        new: PathBuf,
        #[command(flatten)]
        format: FormatArg,
        #[arg(long, help = tr("同时写出更正说明", "Also write a correction notice (更正说明)"))]
        notice: bool,
    },
    #[command(
        about = tr("只检查，不生成 PDF：列出所有错误、警告和提示", "Only check: list every error, warning and note"),
        help_template = template(Page::Args),
        override_usage = tr("jixiao check <报告.toml>... [选项]", "jixiao check <REPORT.toml>... [OPTIONS]"),
        after_help = examples("check"),
    )]
    Check {
        #[arg(
            required = true,
            value_name = tr("报告.toml", "REPORT.toml"),
            help = tr("报告源文件；可以给多个，也可以给文件夹（其中所有 .toml）", "The report's source file; several files or a folder (all its .toml)"),
        )]
        inputs: Vec<PathBuf>,
        #[arg(
            long,
            value_enum,
            default_value_t = CheckFormat::Text,
            hide_possible_values = true,
            hide_default_value = true,
            value_name = "text|json|csv|xlsx",
            help = tr(
                "输出格式：text 给人看（默认），json 给程序用，csv 是每个报告一行的汇总表（主要数字与 PDF 所印一致，可用 Excel、WPS 打开），xlsx 是同一张汇总表的 Excel 文件（数字可求和、筛选，末行合计；要用 -o 给出文件名）",
                "Output: text for people (default), json for programs, csv a summary table with one row per report (figures as printed; opens in Excel and WPS), xlsx the same table as an Excel workbook (numbers, filter, totals; needs -o)",
            ),
        )]
        format: CheckFormat,
        #[arg(
            short,
            long,
            value_name = tr("文件", "FILE"),
            help = tr("把 json、csv 或 xlsx 写入这个文件（json、csv 默认显示在屏幕上）", "Write the json, csv or xlsx to this file (json and csv default to standard output)"),
        )]
        output: Option<PathBuf>,
        #[arg(long, help = tr("把警告也当作错误（退出码 1）", "Treat warnings as errors (exit status 1)"))]
        deny_warnings: bool,
    },
    #[command(
        about = tr("新建一份报告源文件：标准结构、中文说明，待填的地方有标记", "Start a new report: the standard structure with comments and marked places to fill"),
        help_template = template(Page::Args),
        override_usage = tr("jixiao init <新报告.toml> [--from <上年报告.toml>] [选项]", "jixiao init <NEW.toml> [--from <LAST-YEAR.toml>] [OPTIONS]"),
        after_help = examples("init"),
    )]
    Init {
        #[arg(value_name = tr("新报告.toml", "NEW.toml"), help = tr("要新建的报告源文件", "The source file to create"))]
        new: PathBuf,
        #[arg(
            long,
            value_name = tr("上年报告.toml", "LAST-YEAR.toml"),
            help = tr(
                "从上年的报告接着写：年度加 1，上年的决算数填为“上年决算数”，单位情况和指标沿用，正文清空（上年的文字留作注释）。上年的文件不会被改动",
                "Continue from last year's report: year + 1, last year's 决算 figures become the 上年 figures, the unit and the indicators carry over, the narrative is cleared (last year's text kept as comments). Last year's file is not changed",
            ),
        )]
        from: Option<PathBuf>,
        #[arg(
            long,
            value_name = tr("年度", "YEAR"),
            conflicts_with = "from",
            value_parser = clap::value_parser!(i64).range(2000..=2100),
            help = tr("报告年度（默认取文件名中的年份，如 2021年度自评报告.toml 为 2021；文件名中没有则为去年）", "The report's year (default: the year in the file name, as in report-2021.toml; else last year)"),
        )]
        year: Option<i64>,
        #[arg(
            long,
            value_name = tr("模板", "TEMPLATE"),
            conflicts_with = "from",
            help = tr(
                "按哪个模板新建：内置模板的名字（jixiao templates 列出），或模板文件的路径（相对于新文件所在的文件夹）；默认“湖南2020”",
                "The template: a preset's name (see `jixiao templates`) or a template file's path (relative to the new file's folder); default 湖南2020",
            ),
        )]
        template: Option<String>,
        #[arg(long, help = tr("文件已存在时覆盖它（原来的内容会丢失）", "Overwrite the file if it exists (its content is lost)"))]
        force: bool,
        #[arg(
            long,
            help = tr(
                "不在同一文件夹中写 jixiao.schema.json（编辑器提示键名用）",
                "Do not write jixiao.schema.json (for editor completion) beside the new file",
            ),
        )]
        no_schema: bool,
    },
    #[command(
        about = tr("列出报告中可以在文字里引用的数字：键、名称和印出的样子", "List the figures a text can cite: key, name and printed text"),
        help_template = template(Page::Args),
        override_usage = tr("jixiao keys <报告.toml> [--grep 文字] [--sentences] [--format json]", "jixiao keys <REPORT.toml> [--grep TEXT] [--sentences] [--format json]"),
        after_help = examples("keys"),
    )]
    Keys {
        #[arg(value_name = tr("报告.toml", "REPORT.toml"), help = tr("报告源文件", "The report's source file"))]
        input: PathBuf,
        #[arg(long, value_name = tr("文字", "TEXT"), help = tr("只列键或名称中含这段文字的", "Only keys or names containing TEXT"))]
        grep: Option<String>,
        #[arg(long, help = tr("列出由数据生成的句子的句式（[sentences] 的名称、可用的名称和现在的写法）", "List the sentence patterns ([sentences] names, the names each may cite, the wording in force)"))]
        sentences: bool,
        #[command(flatten)]
        format: FormatArg,
    },
    #[command(
        about = tr("列出内置的模板（正文大纲、印哪几部分、表式），以及正文中可用的数据块", "List the built-in templates (outline, parts, forms) and the blocks an outline can use"),
        help_template = template(Page::Options),
        override_usage = "jixiao templates [--blocks]",
        after_help = examples("templates"),
    )]
    Templates {
        #[arg(long, help = tr("列出正文大纲中可用的数据块和它们的写法", "List the blocks an outline can use and their wording variants"))]
        blocks: bool,
    },
    #[command(
        about = tr("输出报告源文件格式的 JSON Schema，供编辑器提示和检查键名", "Print the JSON Schema of the source format, for editors"),
        help_template = template(Page::Options),
        override_usage = tr("jixiao schema [-o <文件>]", "jixiao schema [-o <FILE>]"),
        after_help = examples("schema"),
    )]
    Schema {
        #[arg(
            short,
            long,
            value_name = tr("文件", "FILE"),
            help = tr("写入这个文件（默认输出到屏幕）", "Write to this file (default: standard output)"),
        )]
        output: Option<PathBuf>,
    },
    #[command(
        about = tr("列出内置字体：用途、字族、字符覆盖和许可", "List the embedded fonts: roles, families, coverage and licences"),
        help_template = template(Page::Options),
        override_usage = "jixiao fonts",
        after_help = examples("fonts"),
    )]
    Fonts {
        #[arg(
            long = "font-path",
            value_name = tr("文件夹", "DIR"),
            help = tr("也列出这个文件夹里的字体（可多次给出）", "Also list the fonts in this folder (may be repeated)"),
        )]
        font_path: Vec<PathBuf>,
    },
    #[command(
        about = tr("显示某个命令的帮助", "Print the help of a command"),
        help_template = template(Page::Args),
        override_usage = tr("jixiao help [命令]", "jixiao help [COMMAND]"),
    )]
    Help {
        #[arg(value_name = tr("命令", "COMMAND"), help = tr("命令名，如 build", "A command, e.g. build"))]
        command: Option<String>,
    },
    #[command(
        about = tr("检查后导出 Typst 源文件（模板和算好的 data.json），可用官方 typst 命令编译、调整版式", "Check, then export the Typst sources (templates and the computed data.json) for the stock typst CLI"),
        help_template = template(Page::Args),
        override_usage = tr("jixiao export-typst <报告.toml> <文件夹> [选项]", "jixiao export-typst <REPORT.toml> <DIR> [OPTIONS]"),
        after_help = examples("export-typst"),
    )]
    ExportTypst {
        #[arg(value_name = tr("报告.toml", "REPORT.toml"), help = tr("报告源文件", "The report's source file"))]
        input: PathBuf,
        #[arg(
            value_name = tr("文件夹", "DIR"),
            help = tr("导出到的文件夹（不存在时自动创建；同名文件会被替换）", "The folder to write to (created if missing; files of the same name are replaced)"),
        )]
        dir: PathBuf,
        #[arg(long, help = tr("有警告时也不导出", "Do not export when there are warnings"))]
        deny_warnings: bool,
    },
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    lang::set(lang::detect(&args, |k| std::env::var(k).ok()));
    cli::console::init();
    // jixiao.exe double-clicked in Explorer: the start page of its folder, not a help that
    // flashes and closes with its window (from cmd.exe, and on other systems, the help).
    if args.len() == 1 && cli::console::double_clicked() {
        return cli::serve::start_here();
    }
    let mut cmd = Cli::command();
    let cli = match cmd.try_get_matches_from_mut(&args).and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => return cli::help::report_error(e),
    };
    if let Err(e) = jixiao::input::paths::widen(&cli.allow_dir) {
        eprintln!("{}{e}", lang::tr("错误：", "error: "));
        return ExitCode::from(cli::EXIT_IO);
    }
    match cli.command {
        Command::Build { inputs, output, pdf, font_path, xlsx } => {
            let options = cli::BuildOptions {
                deny_warnings: pdf.deny_warnings,
                standard: pdf.pdf_standard,
                font_dirs: font_path,
                xlsx,
            };
            cli::build::run(&inputs, output, &options)
        }
        Command::ExportTypst { input, dir, deny_warnings } => cli::export::run(&input, &dir, deny_warnings),
        Command::Check { inputs, format, output, deny_warnings } => {
            cli::check::run(&inputs, format, deny_warnings, output.as_deref())
        }
        Command::Watch { input, output, pdf, font_path, exit_after } => {
            let options = cli::BuildOptions {
                deny_warnings: pdf.deny_warnings,
                standard: pdf.pdf_standard,
                font_dirs: font_path,
                xlsx: false,
            };
            cli::watch::run(&input, output, &options, exit_after)
        }
        Command::Serve { input, port, no_open, template, pdf, font_path } => {
            let build = cli::BuildOptions {
                deny_warnings: pdf.deny_warnings,
                standard: pdf.pdf_standard,
                font_dirs: font_path,
                xlsx: false,
            };
            cli::serve::run(cli::serve::Options { file: input, port, open: !no_open, build, template })
        }
        Command::Diff { old, new, format, notice } => cli::diff::run(&old, &new, format.format, notice),
        Command::Init { new, from, year, template, force, no_schema } => {
            cli::init::run(&cli::init::Options { new, from, year, template, force, schema: !no_schema })
        }
        Command::Templates { blocks } => cli::templates::run(blocks),
        Command::Keys { input, grep, sentences: true, format } => {
            cli::keys::sentences(&input, format.format, grep.as_deref())
        }
        Command::Keys { input, grep, format, .. } => cli::keys::run(&input, format.format, grep.as_deref()),
        Command::Schema { output } => cli::schema::run(output.as_deref()),
        Command::Fonts { font_path } => cli::fonts::run(&font_path),
        Command::Help { command } => cli::help::run(&mut cmd, command.as_deref()),
    }
}

fn parse_standard(s: &str) -> Result<jixiao::render::Standard, String> {
    jixiao::render::Standard::NAMES.iter().find(|(n, _)| *n == s).map(|(_, v)| *v).ok_or_else(|| {
        let names: Vec<&str> = jixiao::render::Standard::NAMES.iter().map(|(n, _)| *n).collect();
        format!("不认识的 PDF 标准“{s}”，可选：{}", names.join("、"))
    })
}
