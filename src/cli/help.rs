//! Help texts and command-line errors in the user's language, clap's own words included.
//!
//! clap has no translations: each help page is a template whose headings we write (用法、
//! 命令、参数、选项) around clap's lists, the words in the lists (value names, “显示帮助”) are
//! set on each argument, and errors are rebuilt from clap's error context.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::lang::{is_en, t, tr};

/// Exit status of a mistyped command line (clap's convention).
pub const EXIT_USAGE: u8 = 2;

/// What a help page lists.
#[derive(Clone, Copy)]
pub enum Page {
    /// The top: commands and options.
    Root,
    /// A command with positional arguments.
    Args,
    /// A command with options only.
    Options,
}

/// The layout of a help page. clap writes its own headings with an ASCII colon (`Options:`),
/// so the Chinese headings are written here, around clap's lists.
pub fn template(page: Page) -> &'static str {
    match (page, is_en()) {
        (Page::Root, false) => {
            "{about-with-newline}\n用法：{usage}\n\n命令：\n{subcommands}\n\n选项：\n{options}{after-help}"
        }
        (Page::Args, false) => {
            "{about-with-newline}\n用法：{usage}\n\n参数：\n{positionals}\n\n选项：\n{options}{after-help}"
        }
        (Page::Options, false) => "{about-with-newline}\n用法：{usage}\n\n选项：\n{options}{after-help}",
        (Page::Root, true) => {
            "{about-with-newline}\nUsage: {usage}\n\nCommands:\n{subcommands}\n\nOptions:\n{options}{after-help}"
        }
        (Page::Args, true) => {
            "{about-with-newline}\nUsage: {usage}\n\nArguments:\n{positionals}\n\nOptions:\n{options}{after-help}"
        }
        (Page::Options, true) => "{about-with-newline}\nUsage: {usage}\n\nOptions:\n{options}{after-help}",
    }
}

/// The examples under each help page.
pub fn examples(command: &str) -> &'static str {
    match (command, is_en()) {
        ("root", false) => {
            "例：\n  新建一份报告（标准结构，每个键有中文说明，待填处有标记）：\n    jixiao init 2021年度自评报告.toml\n  从上年的报告接着写（上年决算数已填好，正文清空）：\n    jixiao init --from 2020年度自评报告.toml 2021年度自评报告.toml\n  列出错误、警告和还没填的地方：\n    jixiao check 2021年度自评报告.toml\n  生成 2021年度自评报告.pdf：\n    jixiao build 2021年度自评报告.toml\n  某个命令的详细说明和例子：\n    jixiao help init\n\n退出码：0 没有错误；1 有错误；2 命令写错了，或文件读不了、写不了。"
        }
        ("root", true) => {
            "Examples:\n  Start a new report (the standard structure, a Chinese comment on every key, places to fill marked):\n    jixiao init report-2021.toml\n  Continue from last year's report (last year's figures filled in, the narrative cleared):\n    jixiao init --from report-2020.toml report-2021.toml\n  List errors, warnings and places still to fill:\n    jixiao check report-2021.toml\n  Build report-2021.pdf:\n    jixiao build report-2021.toml\n  Help and examples for one command:\n    jixiao help init\n\nExit status: 0 no error; 1 errors found; 2 mistyped command line, or a file could not be read or written.\nFindings (errors, warnings) are always in Chinese."
        }
        ("build", false) => {
            "例：\n  jixiao build 2021年度自评报告.toml\n  jixiao build 2021年度自评报告.toml -o 自评报告.pdf\n\n有错误时不生成 PDF，原有的 PDF 保持不变；警告照常打印，PDF 照常生成。"
        }
        ("build", true) => {
            "Examples:\n  jixiao build report-2021.toml\n  jixiao build report-2021.toml -o out.pdf\n\nOn errors no PDF is written and an existing one stays as it was; warnings are printed and the PDF is built."
        }
        ("check", false) => {
            "例：\n  jixiao check 2021年度自评报告.toml\n  jixiao check 2021年度自评报告.toml --format json\n  检查收到的各部门报告，并做一张汇总表（每个报告一行：预算、执行率、三公经费、得分、等级、错误数）：\n    jixiao check 各部门报告 --format csv -o 汇总表.csv\n\n每条结果都指出文件、行、列和要怎么改。新建的报告中每一处“【待填写：…】”是一条警告 J308。\n汇总表中的数字与各报告 PDF 所印的一致；有错误的报告也列出，错误数一栏不为 0。\n同一单位上一年的报告也在其中时（如 jixiao check 2020年度.toml 2021年度.toml），还核对本年的“上年决算数”\n和年初结转和结余是否与上年报告一致（警告 J208）。"
        }
        ("check", true) => {
            "Examples:\n  jixiao check report-2021.toml\n  jixiao check report-2021.toml --format json\n  Check the reports of every department and make a summary table (one row each: budget, execution rate, 三公, score, grade, errors):\n    jixiao check reports --format csv -o summary.csv\n\nEach finding names the file, line and column and says what to change (in Chinese). In a new report every “【待填写：…】” marker is a warning J308.\nWhen the same department's report of the year before is checked too (jixiao check report-2020.toml report-2021.toml), the 上年 figures\nand the 年初结转和结余 are compared with it (warning J208)."
        }
        ("init", false) => {
            "例：\n  jixiao init 2021年度自评报告.toml\n  jixiao init 2021年度自评报告.toml --year 2021\n  jixiao init --template 县级 2021年度自评报告.toml      （可用的模板：jixiao templates）\n  jixiao init --from 2020年度自评报告.toml 2021年度自评报告.toml\n\n新文件中每个键上面都有中文说明（是什么、单位、数据从哪里来）。文字待填处写着“【待填写：…】”，数字待填处为 0；\n不改也能生成 PDF，待填处在 PDF 中一眼可见。jixiao check 列出还没填的地方。\n同时在同一文件夹写入 jixiao.schema.json：用 VS Code（装 Even Better TOML 扩展）编辑时会提示键名和说明、标出写错的键。\n已有同名文件时不会覆盖，除非加 --force。"
        }
        ("init", true) => {
            "Examples:\n  jixiao init report-2021.toml\n  jixiao init report-2021.toml --year 2021\n  jixiao init --template 县级 report-2021.toml      (the templates: jixiao templates)\n  jixiao init --from report-2020.toml report-2021.toml\n\nEvery key of the new file has a Chinese comment (what it is, its unit, where the figure comes from). Text still to fill reads “【待填写：…】”,\nfigures still to fill are 0; the file builds as it is, with the places to fill visible in the PDF. `jixiao check` lists them.\njixiao.schema.json is written beside it, so that VS Code with Even Better TOML completes and checks keys.\nAn existing file is never overwritten unless --force is given."
        }
        ("keys", false) => {
            "例：\n  jixiao keys 2021年度自评报告.toml\n  jixiao keys 2021年度自评报告.toml --grep 公务接待\n\n在正文、标题、标签和表格的任何文字中写 {键}，就印出这个数字，与报告别处印的完全一样，也随数据的更正一起改变、一起检查。\n例：text = \"公务接待费{三公.公务接待费.比上年.增减额:增减}了{三公.公务接待费.比上年.增减额:带单位}。\""
        }
        ("keys", true) => {
            "Examples:\n  jixiao keys report-2021.toml\n  jixiao keys report-2021.toml --grep 公务接待\n\nWrite {key} in any text (paragraphs, headings, labels, table cells) to print that figure exactly as the report prints it elsewhere; it follows corrections and is checked."
        }
        ("templates", false) => {
            "例：\n  jixiao templates\n  jixiao templates --blocks\n  jixiao init --template 县级 2021年度自评报告.toml\n\n模板决定报告的样子：正文大纲（标题、顺序、每一节由哪些数据块生成）、印哪几部分、附件的表式和标签、数字格式。\n报告用 template = \"名字\" 选模板，也可以写模板文件的路径（财政部门自己的模板）；报告中写的 [[sections]]、[labels]、[settings] 等优先于模板。"
        }
        ("templates", true) => {
            "Examples:\n  jixiao templates\n  jixiao templates --blocks\n  jixiao init --template 县级 report-2021.toml\n\nA template decides what a report looks like: the outline (headings, order, the blocks each section is made of), the parts that print, the forms and their labels, the number formats.\nA report picks one with template = \"name\", or names a template file by path (a finance bureau's own); what the report itself says ([[sections]], [labels], [settings]) wins."
        }
        ("schema", false) => {
            "例：\n  jixiao schema -o jixiao.schema.json\n\n报告源文件第一行写 #:schema ./jixiao.schema.json，VS Code（Even Better TOML 扩展）或 taplo 就会按它补全键名、显示说明、标出错误。jixiao init 会自动写好。"
        }
        ("schema", true) => {
            "Example:\n  jixiao schema -o jixiao.schema.json\n\nWith `#:schema ./jixiao.schema.json` on the first line of a report, VS Code (Even Better TOML) and taplo complete keys, show their descriptions and flag mistakes. `jixiao init` sets this up."
        }
        ("fonts", false) => {
            "例：\n  jixiao fonts\n\n字体编译在程序中，不读取系统字体，所以同一个文件在任何机器上生成的 PDF 都相同。"
        }
        ("fonts", true) => {
            "Example:\n  jixiao fonts\n\nThe fonts are compiled into the program; no system font is read, so a file gives the same PDF on every machine."
        }
        ("diff", false) => {
            "例：\n  jixiao diff 原报告.toml 更正后.toml\n  jixiao diff 原报告.toml 更正后.toml --notice\n  jixiao diff 原报告.toml 更正后.toml --format json\n\n列出改动的数字（改前 → 改后）、随之变化的合计、比率、得分，以及 PDF 中变化的段落和表格单元格。\n--notice 另外写出一份可以随更正后的 PDF 一起公开的更正说明。\n退出码：0 没有差别；1 有差别；2 文件读不了。"
        }
        ("diff", true) => {
            "Examples:\n  jixiao diff old.toml new.toml\n  jixiao diff old.toml new.toml --notice\n  jixiao diff old.toml new.toml --format json\n\nLists each changed input figure (before → after), every derived figure that moved with it, and each paragraph or table cell of the PDF that changes.\n--notice also writes a correction notice (更正说明) to publish with the corrected PDF.\nExit status: 0 no difference; 1 differences; 2 a file could not be read."
        }
        ("export-typst", false) => {
            "例：\n  jixiao export-typst 2021年度自评报告.toml 导出\n  typst compile 导出/main.typ --root 导出 --font-path fonts --ignore-system-fonts\n\n导出的模板可以直接修改，用官方 typst 命令编译出同样的文档；数字和文字都已算好放在 data.json 中。"
        }
        ("export-typst", true) => {
            "Example:\n  jixiao export-typst report-2021.toml out\n  typst compile out/main.typ --root out --font-path fonts --ignore-system-fonts\n\nThe exported templates can be edited and compiled with the stock typst CLI; every figure and text is already computed in data.json."
        }
        ("watch", false) => {
            "例：\n  jixiao watch 2021年度自评报告.toml\n  jixiao watch 2021年度自评报告.toml -o 自评报告.pdf\n\n先生成一次，之后每次保存源文件（或字体文件夹中的文件）都自动重新生成，并打印检查结果。\n保存的内容有错误时，原来的 PDF 保持不变。按 Ctrl+C 结束。"
        }
        ("watch", true) => {
            "Examples:\n  jixiao watch report-2021.toml\n  jixiao watch report-2021.toml -o out.pdf\n\nBuilds once, then again on every save of the source (or of a file in a font folder), printing the findings each time.\nA save with errors leaves the previous PDF as it was. Ctrl+C stops."
        }
        ("serve", false) => {
            "例：\n  jixiao serve 2021年度自评报告.toml\n  jixiao serve    （不写文件：页面先列出当前文件夹里的报告，可打开一份或新建）\n  jixiao serve 新报告.toml --template 县级\n  jixiao serve 2021年度自评报告.toml --port 8765 --no-open\n\n在浏览器中打开一个页面：左边按报告的结构填写，每一项都有说明，检查发现的问题显示在对应的一项下面，\n右边是 PDF 的样子，随输入更新。点“保存”写回源文件（注释和顺序保持不变），点“生成 PDF”与 jixiao build 相同。\n源文件同时在别的编辑器中修改时，页面会重新读入并合并。页面只对本机开放，地址中含有本次的口令。按 Ctrl+C 结束。"
        }
        ("serve", true) => {
            "Examples:\n  jixiao serve report-2021.toml\n  jixiao serve    (no file: the page first lists the reports of the current folder, to open or create one)\n  jixiao serve new.toml --template 县级\n  jixiao serve report-2021.toml --port 8765 --no-open\n\nOpens a page in the browser: the report as a form with help on every field and the findings at their fields,\nbeside the printed pages, updated as you type. 保存 writes the source back (comments and order kept); 生成 PDF is jixiao build.\nEdits made meanwhile in another editor are read and merged. The page is for this computer only; its address holds this run's token. Ctrl+C stops."
        }
        _ => "",
    }
}

/// `jixiao help [COMMAND]`.
pub fn run(cmd: &mut clap::Command, name: Option<&str>) -> ExitCode {
    let target = match name {
        None => cmd,
        Some(name) => match cmd.find_subcommand_mut(name) {
            Some(sub) => sub,
            None => {
                eprintln!(
                    "{}",
                    t!(
                        "错误：没有 {name} 这个命令；运行 jixiao --help 查看全部命令",
                        "error: no command {name}; run jixiao --help for the list"
                    )
                );
                return ExitCode::from(EXIT_USAGE);
            }
        },
    };
    let _ = target.print_help();
    ExitCode::SUCCESS
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    e.get(kind).map(|v| match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(s) => s.join(tr("、", ", ")),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(s) => {
            s.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(tr("、", ", "))
        }
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    })
}

/// The command a usage line is about: `build` in “Usage: jixiao build <报告.toml>…”, none in
/// the usage of jixiao itself.
fn command_of_usage(usage: &str) -> Option<&str> {
    let mut words = usage.split_whitespace().skip_while(|w| *w != "jixiao").skip(1);
    words.next().filter(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
}

/// Prints a parse result that is not a command to run: help, version, or a mistake.
pub fn report_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(EXIT_USAGE);
        }
        _ => {}
    }
    if is_en() {
        let _ = e.print();
        return ExitCode::from(EXIT_USAGE);
    }
    let arg = context(&e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(&e, ContextKind::InvalidValue).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数 {arg}"),
        ErrorKind::InvalidSubcommand => {
            format!("没有 {} 这个命令", context(&e, ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 后面要写一个值"),
        ErrorKind::InvalidValue => match context(&e, ContextKind::ValidValue) {
            Some(valid) => format!("{arg} 不能是 {value}：只能是 {valid}"),
            None => format!("{arg} 不能是 {value}"),
        },
        ErrorKind::ValueValidation => format!("{arg} 不能是 {value}"),
        ErrorKind::MissingRequiredArgument => format!("缺少 {arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::ArgumentConflict => match context(&e, ContextKind::PriorArg) {
            Some(prior) => format!("{arg} 和 {prior} 不能同时使用"),
            None => format!("{arg} 不能与其他参数同时使用"),
        },
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => format!("{arg} 的值个数不对：{value}"),
        ErrorKind::NoEquals => format!("{arg} 的值要用等号连接，如 {arg}=值"),
        ErrorKind::InvalidUtf8 => "参数中有不是 UTF-8 的字符".to_string(),
        _ => format!("命令行有误：{}", e.kind()),
    };
    eprintln!("错误：{message}");
    let suggestion =
        context(&e, ContextKind::SuggestedArg).or_else(|| context(&e, ContextKind::SuggestedSubcommand));
    if let Some(s) = suggestion {
        eprintln!("  是不是想写 {s}？");
    }
    let usage = context(&e, ContextKind::Usage);
    if let Some(usage) = &usage {
        eprintln!("\n{}", usage.trim().replacen("Usage: ", "用法：", 1));
    }
    // Point to the help of the command that was mistyped, where its options are listed.
    match usage.as_deref().and_then(command_of_usage) {
        Some(command) => eprintln!("\n运行 jixiao {command} --help 查看这个命令的全部选项和例子。"),
        None => eprintln!("\n运行 jixiao --help 查看全部命令和例子。"),
    }
    ExitCode::from(EXIT_USAGE)
}
