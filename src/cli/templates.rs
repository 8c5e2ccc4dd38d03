//! `jixiao templates`: the built-in templates, each with its parts, its 自评表 and its outline;
//! `--blocks` the catalogue of blocks an outline can use, with their wording variants.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use jixiao::input::template::presets;
use jixiao::input::{BlockKind, Choice, Content, FormVariant};

pub fn run(blocks: bool) -> ExitCode {
    // Written at once, and a closed pipe (`jixiao templates | head`) is not an error.
    let mut out = String::new();
    let text = listing(blocks, &mut out);
    let _ = std::io::stdout().write_all(text.as_bytes());
    ExitCode::SUCCESS
}

fn listing(blocks: bool, out: &mut String) -> String {
    if blocks {
        let _ =
            writeln!(out, "正文大纲中可用的数据块（{{ block = \"名称\" }}，可加 variant = \"写法\"）：\n");
        for (name, kind) in BlockKind::CHOICES {
            let reads: Vec<&str> = kind.reads().iter().map(|k| k.place()).collect();
            let _ = writeln!(
                out,
                "  {name}  （读 {}）",
                if reads.is_empty() { "—".into() } else { reads.join("、") }
            );
            for (variant, what) in kind.variants() {
                let _ = writeln!(out, "      variant = \"{variant}\"：{what}");
            }
        }
        let _ = writeln!(
            out,
            "\n大纲中的其他内容：\"一段文字\"、{{ item = \"编号的一条\", lead = \"小标题\" }}、{{ items = [\"…\", \"…\"] }}。"
        );
        return std::mem::take(out);
    }
    for (n, t) in presets().iter().enumerate() {
        let f = &t.file;
        let parts: Vec<&str> =
            f.parts.as_ref().map(|p| p.iter().map(|c| c.value.name()).collect()).unwrap_or_default();
        let form = f.attachment2.form.as_ref().map(|c| c.value).unwrap_or(FormVariant::Hunan);
        let form = FormVariant::CHOICES.iter().find(|(_, v)| *v == form).map_or("", |(n, _)| *n);
        let _ = writeln!(out, "{}{}", f.name.value.trim(), if n == 0 { "（默认）" } else { "" });
        let _ = writeln!(out, "  {}", f.description.value.trim());
        if !parts.is_empty() {
            let _ = writeln!(out, "  印出：{}；自评表：{form}式", parts.join("、"));
        }
        let headings: Vec<String> = f
            .sections
            .iter()
            .filter(|s| s.level.as_ref().is_none_or(|l| l.value == rust_decimal::Decimal::ONE))
            .map(|s| s.heading.value.trim().to_string())
            .collect();
        if !headings.is_empty() {
            let _ = writeln!(out, "  一级标题：{}", headings.join(" / "));
        }
        let blocks =
            f.sections.iter().flat_map(|s| &s.content).filter(|c| matches!(c, Content::Block { .. })).count();
        if blocks > 0 {
            let _ = writeln!(out, "  正文由 {blocks} 个数据块生成");
        }
        let _ = writeln!(out, "  新建：jixiao init --template {} 新报告.toml\n", f.name.value.trim());
    }
    let _ = writeln!(
        out,
        "自己的模板：复制 templates/ 中的一个文件改写，或写 base = \"湖南2020\" 只写不同的部分；报告中写 template = \"模板文件.toml\"。"
    );
    std::mem::take(out)
}
