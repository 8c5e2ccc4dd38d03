//! The commands of the `jixiao` binary, one module each, and what they share: printing
//! findings and the exit status.

pub mod build;
pub mod check;

use std::path::Path;
use std::process::ExitCode;

use jixiao::diag::{Finding, Severity};
use jixiao::input::{Input, LoadError, SourceFile, load};

/// What `build` (and the commands that build) take besides input and output.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub deny_warnings: bool,
    pub standard: jixiao::render::Standard,
    /// `--font-path` folders, as given on the command line.
    pub font_dirs: Vec<std::path::PathBuf>,
}

impl BuildOptions {
    /// The render options for one input: the command line's font folders, then the input's
    /// own `[fonts] path`, taken relative to the input file.
    pub fn render_options(&self, input: &Path, parsed: &Input) -> jixiao::render::RenderOptions {
        let mut font_dirs = self.font_dirs.clone();
        if let Some(path) = parsed.fonts.as_ref().and_then(|f| f.path.as_ref()) {
            let base = input.parent().unwrap_or(Path::new("."));
            font_dirs.push(base.join(path.value.trim()));
        }
        jixiao::render::RenderOptions { standard: self.standard, font_dirs }
    }
}

/// Exit status: 0 no error, 1 findings with errors, 2 the file could not be read or written.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_IO: u8 = 2;

pub fn print_findings(findings: &[Finding], source: &SourceFile) {
    for f in findings {
        eprintln!("{}", f.render(source));
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (e, w, n) = (count(Severity::Error), count(Severity::Warning), count(Severity::Note));
    if e + w + n > 0 {
        eprintln!("{}：{e} 个错误，{w} 个警告，{n} 个提示", source.path.display());
    }
}

pub fn load_or_report(input: &Path) -> Result<(SourceFile, Input), ExitCode> {
    load(input).map_err(|e| {
        eprintln!("{e}");
        match e {
            LoadError::Read { .. } => ExitCode::from(EXIT_IO),
            LoadError::Invalid { .. } => ExitCode::from(EXIT_FINDINGS),
        }
    })
}
