//! The command line: help in Chinese (clap's own words included) or English, errors in the
//! user's language, and `jixiao fonts`.

mod common;
use common::*;

const COMMANDS: [&str; 6] = ["build", "check", "init", "schema", "fonts", "help"];
const CLAP_ENGLISH: [&str; 7] =
    ["Usage:", "Options:", "Commands:", "Arguments:", "[possible values", "[default", "Print help"];

fn help(args: &[&str]) -> String {
    let out = jixiao(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn help_is_chinese_with_examples_for_every_command() {
    let root = help(&["--help"]);
    for s in ["用法：jixiao <命令> [选项]", "命令：", "选项：", "init", "schema", "fonts", "例：", "退出码"]
    {
        assert!(root.contains(s), "--help lacks {s}:\n{root}");
    }
    for english in CLAP_ENGLISH {
        assert!(!root.contains(english), "--help has {english}:\n{root}");
    }
    for c in COMMANDS {
        for page in [help(&[c, "--help"]), help(&["help", c])] {
            assert!(page.contains("用法："), "{c}:\n{page}");
            assert!(page.contains("选项："), "{c}:\n{page}");
            assert!(page.contains("显示帮助"), "{c}:\n{page}");
            for english in CLAP_ENGLISH {
                assert!(!page.contains(english), "{c} --help has {english}:\n{page}");
            }
            if c != "help" {
                assert!(page.contains("例："), "{c} --help has no example:\n{page}");
            }
        }
    }
    let build = help(&["build", "-h"]);
    assert!(build.contains("参数：") && build.contains("<报告.toml>"), "{build}");
    // `jixiao` alone shows the help (and fails, as nothing was done).
    let bare = jixiao(&[]);
    assert_eq!(bare.status.code(), Some(2));
    assert!(stderr(&bare).contains("用法："));
}

#[test]
fn english_by_flag_or_by_locale() {
    let en = help(&["--lang", "en", "--help"]);
    for s in ["Usage: jixiao <COMMAND> [OPTIONS]", "Commands:", "Options:", "Examples:", "always in Chinese"]
    {
        assert!(en.contains(s), "{s}:\n{en}");
    }
    let by_locale = jixiao_env(&["init", "--help"], &[("LANG", "en_US.UTF-8")]);
    assert!(stdout(&by_locale).contains("Usage: jixiao init <NEW.toml>"), "{}", stdout(&by_locale));
    let forced = jixiao_env(&["--help", "--lang", "zh"], &[("LC_ALL", "en_GB.UTF-8")]);
    assert!(stdout(&forced).contains("用法："));
    // Summaries follow the language; findings stay Chinese.
    let dir = scratch("cli-en");
    let pdf = dir.join("x.pdf");
    let out = jixiao(&["--lang", "en", "build", SEED, "-o", pdf.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("Wrote"), "{}", stderr(&out));
}

#[test]
fn mistakes_on_the_command_line_are_explained_in_chinese() {
    let out = jixiao(&["biuld", "x.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let e = stderr(&out);
    assert!(e.contains("没有 biuld 这个命令") && e.contains("build"), "{e}");
    assert!(!e.contains("error:"), "{e}");
    let e = stderr(&jixiao(&["build"]));
    assert!(e.contains("缺少") && e.contains("用法："), "{e}");
    let e = stderr(&jixiao(&["check", SEED, "--format", "xml"]));
    assert!(e.contains("只能是") && e.contains("json"), "{e}");
    let e = stderr(&jixiao(&["build", SEED, "--outptu", "x.pdf"]));
    assert!(e.contains("不认识的参数 --outptu") && e.contains("--output"), "{e}");
    // A mistake inside a command points to that command's help, where its options are.
    assert!(e.contains("运行 jixiao build --help"), "{e}");
    let e = stderr(&jixiao(&["export-typst", SEED, "out", "--pdf-standard", "a-2b"]));
    assert!(e.contains("运行 jixiao export-typst --help"), "{e}");
    let e = stderr(&jixiao(&["--versoin"]));
    assert!(e.contains("运行 jixiao --help"), "{e}");
    let e = stderr(&jixiao(&["init", "a.toml", "--from", SEED, "--year", "2021"]));
    assert!(e.contains("不能同时使用"), "{e}");
}

#[test]
fn fonts_lists_roles_families_coverage_and_licences() {
    let out = jixiao(&["fonts"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for s in [
        "FandolFang-Regular.otf",
        "仿宋（正文）",
        "FandolFang R",
        "GB2312 7444/7445",
        "GBK 8721/21791",
        "CJK Ext. A 6582/6592",
        "OFL-1.1",
        "GPL-3.0 with font exception",
        "字重 700",
    ] {
        assert!(text.contains(s), "jixiao fonts lacks {s}:\n{text}");
    }
}
