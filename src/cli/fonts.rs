//! `jixiao fonts`: the fonts that a PDF can use, with role, family, coverage and licence.
//!
//! Lists whatever `render::fonts::catalogue` returns: today the embedded faces; faces from a
//! user font folder would appear here without change once the catalogue has them.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use jixiao::render::fonts::{Charset, FontStore, Origin, catalogue, catalogue_of};

use super::lang::{t, tr};

pub fn run(font_dirs: &[std::path::PathBuf]) -> ExitCode {
    let faces = if font_dirs.is_empty() {
        catalogue()
    } else {
        match FontStore::with_dirs(font_dirs) {
            Ok(store) => catalogue_of(&store),
            Err(e) => {
                eprintln!("{}", t!("错误：{e}", "error: {e}"));
                return ExitCode::from(super::EXIT_IO);
            }
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        t!(
            "jixiao 内置 {} 个字体，编译在程序中；不读取系统字体，同一个文件在任何机器上生成的 PDF 都相同。\n",
            "jixiao embeds {} fonts, compiled into the program; no system font is read, so a file gives the same PDF everywhere.\n",
            faces.iter().filter(|f| matches!(f.origin, Origin::Embedded(_))).count()
        )
    );
    for (i, f) in faces.iter().enumerate() {
        let source = match f.origin {
            Origin::Embedded(_) => tr("内置", "embedded"),
            Origin::File(_) => tr("用户字体文件夹", "user font folder"),
        };
        let coverage: Vec<String> = Charset::ALL
            .iter()
            .zip(f.coverage)
            .map(|(set, n)| format!("{} {n}/{}", set.name(), set.size()))
            .collect();
        let mb = f.bytes() as f64 / 1_000_000.0;
        let _ = writeln!(
            out,
            "{}",
            t!("{}. {}（{source}，{mb:.2} MB）", "{}. {} ({source}, {mb:.2} MB)", i + 1, f.file())
        );
        let _ = writeln!(out, "   {}{}", tr("用途：", "role: "), f.role());
        let _ = writeln!(
            out,
            "   {}",
            t!(
                "字族：{}（模板中用这个名字），字重 {}{}",
                "family: {} (the name templates use), weight {}{}",
                f.family,
                f.weight,
                if f.italic { tr("，斜体", ", italic") } else { "" }
            )
        );
        let _ = writeln!(
            out,
            "   {}",
            t!(
                "覆盖：{}；共 {} 个字符",
                "coverage: {}; {} characters in all",
                coverage.join(tr("，", ", ")),
                f.code_points
            )
        );
        let _ = writeln!(out, "   {}{}", tr("许可：", "licence: "), f.licence());
    }
    let _ = writeln!(
        out,
        "\n{}",
        tr(
            "GB2312、GBK 按 Python 的 gb2312、gbk 编解码器的字符集计算，CJK 扩展A 为 U+3400–U+4DBF。仿宋、楷体（Fandol）缺的字自动用思源宋体（Noto Serif CJK SC）补上，黑体缺的字用思源黑体（Noto Sans CJK SC）。\n字体的来源、修改方法和许可全文见源码中的 fonts/README.md。",
            "GB2312 and GBK are the character sets of Python's gb2312 and gbk codecs; CJK Ext. A is U+3400–U+4DBF. Characters missing from the Fandol 仿宋 and 楷体 are taken from Noto Serif CJK SC, those missing from 黑体 from Noto Sans CJK SC.\nWhere each font comes from, how it was changed and the full licences: fonts/README.md in the source."
        )
    );
    // A closed pipe (`jixiao fonts | head`) is not an error worth a panic.
    let _ = std::io::stdout().write_all(out.as_bytes());
    ExitCode::SUCCESS
}
