//! The commands of the `jixiao` binary, one module each, and what they share: printing
//! findings and the exit status.

pub mod build;
pub mod check;
pub mod console;
pub mod diff;
pub mod export;
pub mod fonts;
pub mod help;
pub mod init;
pub mod keys;
pub mod lang;
pub mod schema;
pub mod serve;
pub mod templates;
pub mod watch;

use std::fmt::Display;
use std::path::{Path, PathBuf};

use jixiao::diag::{Finding, Severity};
use jixiao::input::{Input, LoadError, SourceFile, load};

use lang::t;

/// What `build` (and the commands that build) take besides input and output.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub deny_warnings: bool,
    pub standard: jixiao::render::Standard,
    /// `--font-path` folders, as given on the command line.
    pub font_dirs: Vec<std::path::PathBuf>,
    /// `build --xlsx`: the forms also as an Excel workbook beside the PDF.
    pub xlsx: bool,
}

impl BuildOptions {
    /// The render options for one input: the command line's font folders, then the input's
    /// own `[fonts] path`, which `input::load` resolved inside the report's folder.
    pub fn render_options(&self, parsed: &Input) -> jixiao::render::RenderOptions {
        let mut font_dirs = self.font_dirs.clone();
        font_dirs.extend(parsed.font_dir.clone());
        jixiao::render::RenderOptions { standard: self.standard, font_dirs }
    }
}

/// Exit status: 0 no error, 1 findings with errors, 2 the file could not be read or written
/// (or the command line is mistyped, `help::EXIT_USAGE`).
pub const EXIT_FINDINGS: u8 = 1;

/// `--format` of the commands that print results for people or for programs.
#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub const EXIT_IO: u8 = 2;

/// Where a command's messages go: straight to stderr, or into a buffer that is printed in one
/// piece later (batch builds, so that the messages of reports built in parallel do not mix).
pub enum Log {
    Stderr,
    Buffer(String),
}

impl Log {
    pub fn line(&mut self, message: impl Display) {
        match self {
            Log::Stderr => eprintln!("{message}"),
            Log::Buffer(text) => {
                use std::fmt::Write;
                let _ = writeln!(text, "{message}");
            }
        }
    }
}

/// Writes to standard output, ignoring a closed pipe (`jixiao check --format json | head`):
/// `println!` would panic there.
pub fn stdout(text: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
}

/// Counts of findings of one severity.
pub fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

pub fn print_findings(findings: &[Finding], source: &SourceFile) {
    log_findings(findings, source, None, &mut Log::Stderr);
}

/// Logs the findings, all of them or all but those with the code `collapse`, which are only
/// counted (`build` does so for the J308 markers of a report still being written: `check`
/// lists them one by one).
pub fn log_findings(findings: &[Finding], source: &SourceFile, collapse: Option<&str>, log: &mut Log) {
    let collapsed = findings.iter().filter(|f| Some(f.code) == collapse).count();
    for f in findings.iter().filter(|f| Some(f.code) != collapse) {
        log.line(f.render(source));
    }
    let (e, w, n) = (
        count(findings, Severity::Error),
        count(findings, Severity::Warning),
        count(findings, Severity::Note),
    );
    let path = source.path.display();
    if collapsed > 0 {
        log.line(t!(
            "{path}：还有 {collapsed} 处“【待填写：…】”（运行 jixiao check {path} 逐条列出）",
            "{path}: {collapsed} “【待填写：…】” places still to fill (jixiao check {path} lists them)"
        ));
    }
    if e + w + n > 0 {
        log.line(t!(
            "{path}：{e} 个错误，{w} 个警告，{n} 个提示",
            "{path}: {e} errors, {w} warnings, {n} notes"
        ));
    }
}

/// Loads `input`; on failure logs why and gives the exit status.
pub fn load_or_report(input: &Path, log: &mut Log) -> Result<(SourceFile, Input), u8> {
    load(input).map_err(|e| {
        log.line(&e);
        match e {
            LoadError::Read { .. } => EXIT_IO,
            LoadError::Invalid { .. } => EXIT_FINDINGS,
        }
    })
}

/// The reports named on the command line: every file named, and every `*.toml` of every folder
/// named (sorted, not recursive), each once. A folder without any is an error: it was most likely the
/// wrong folder.
pub fn report_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // A file named twice (itself and in its folder) is one report.
    let mut add = |file: PathBuf| {
        if seen.insert(std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone())) {
            files.push(file);
        }
    };
    for input in inputs {
        if input.is_dir() {
            let found = toml_files(input)?;
            if found.is_empty() {
                return Err(format!("文件夹 {} 里没有 .toml 文件", input.display()));
            }
            found.into_iter().for_each(&mut add);
        } else {
            add(input.clone());
        }
    }
    Ok(files)
}

fn toml_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("无法读取文件夹 {}：{e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            // Hidden files are editors' lock and backup files.
            !name.starts_with('.')
                && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("toml"))
                && p.is_file()
        })
        .filter(|p| {
            // A folder of reports sent in by others may hold a link named like a report that
            // leads out of the folder (to /etc/shadow): it is not one of the folder's reports.
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            match jixiao::input::paths::confine(dir, dir, &name) {
                Ok(_) => true,
                Err(e) => {
                    eprintln!("{}", t!("跳过 {}：{e}", "skipped {}: {e}", p.display()));
                    false
                }
            }
        })
        // A bureau's template file beside its reports is not a report.
        .filter(|p| !jixiao::input::template::is_template_file(p))
        .collect();
    files.sort();
    Ok(files)
}
