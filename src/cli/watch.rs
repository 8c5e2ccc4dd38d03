//! `jixiao watch`: build, then rebuild on every save of the source or of a font folder.
//!
//! Saves are noticed by polling (every 200 ms) the file's size and modification time, and the
//! listings of the font folders: no extra dependency, and editors that save by writing a new
//! file and renaming it over the old one (VS Code, WPS) are seen like any other save. Between
//! builds the process keeps Typst's parsed templates, the fonts and comemo's cache, so a
//! rebuild redoes only what the change touches; `comemo::evict(10)` keeps memory flat, as
//! `typst watch` does.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use super::lang::t;
use super::{BuildOptions, EXIT_IO};

/// What a save changes: the file's length and modification time, and each font file's.
fn fingerprint(input: &Path, font_dirs: &[PathBuf]) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let stat = |p: &Path| std::fs::metadata(p).ok().map(|m| (p.to_path_buf(), m.len(), m.modified().ok()));
    let mut out: Vec<_> = stat(input).into_iter().collect();
    for dir in font_dirs {
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut files: Vec<_> = entries.filter_map(|e| e.ok()).filter_map(|e| stat(&e.path())).collect();
            files.sort_by(|a, b| a.0.cmp(&b.0));
            out.extend(files);
        }
    }
    out
}

pub fn run(
    input: &Path,
    output: Option<PathBuf>,
    options: &BuildOptions,
    exit_after: Option<usize>,
) -> ExitCode {
    let output = output.unwrap_or_else(|| jixiao::output::default_output(input));
    if let Err(e) = jixiao::output::check_target(&output, input) {
        eprintln!("{}", t!("错误：{e}", "error: {e}"));
        return ExitCode::from(EXIT_IO);
    }
    // The folders named in the file itself are watched too (read once, at start).
    let font_dirs = match jixiao::input::load(input) {
        Ok((_, parsed)) => options.render_options(input, &parsed).font_dirs,
        Err(_) => options.font_dirs.clone(),
    };
    eprintln!(
        "{}",
        t!(
            "监视 {}：每次保存都会重新生成 {}。按 Ctrl+C 结束。",
            "Watching {}: every save rebuilds {}. Ctrl+C stops.",
            input.display(),
            output.display()
        )
    );
    let mut seen = fingerprint(input, &font_dirs);
    let mut builds = 0;
    loop {
        builds += 1;
        let _ = super::build::run(&[input.to_path_buf()], Some(output.clone()), options);
        // Forget what the last few builds did not use: memory stays flat over long sessions.
        typst::comemo::evict(10);
        if exit_after.is_some_and(|n| builds >= n) {
            return ExitCode::SUCCESS;
        }
        eprintln!("{}", t!("等待下一次保存……", "Waiting for the next save…"));
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let now = fingerprint(input, &font_dirs);
            // A save that renames a new file into place may briefly leave no file: wait for it.
            if now != seen && now.first().is_some_and(|(p, _, _)| p == input) {
                seen = now;
                break;
            }
        }
        eprintln!("\n{}", t!("检测到修改，重新生成：", "Change detected, rebuilding:"));
    }
}
