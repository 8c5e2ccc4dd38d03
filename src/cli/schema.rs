//! `jixiao schema`: the JSON Schema of the source format, to standard output or a file.

use std::path::Path;
use std::process::ExitCode;

use jixiao::input::schema::schema_text;
use jixiao::output;

use super::EXIT_IO;
use super::lang::t;

pub fn run(out: Option<&Path>) -> ExitCode {
    let text = schema_text();
    let Some(path) = out else {
        // A closed pipe (`jixiao schema | head`) is not an error worth a panic.
        let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
        return ExitCode::SUCCESS;
    };
    if path.is_dir() {
        eprintln!(
            "{}",
            t!(
                "错误：{} 是一个文件夹：请给出文件名，如 -o jixiao.schema.json",
                "error: {} is a folder: give a file name, e.g. -o jixiao.schema.json",
                path.display()
            )
        );
        return ExitCode::from(EXIT_IO);
    }
    if let Err(e) = output::write_atomic(path, text.as_bytes()) {
        eprintln!("{}", t!("错误：{e}", "error: {e}"));
        return ExitCode::from(EXIT_IO);
    }
    eprintln!(
        "{}",
        t!(
            "已写入 {}。在报告源文件第一行写 #:schema ./{} ，VS Code（Even Better TOML）就会提示键名和说明。",
            "Wrote {}. Put `#:schema ./{}` on the first line of a report and VS Code (Even Better TOML) completes its keys.",
            path.display(),
            path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        )
    );
    ExitCode::SUCCESS
}
