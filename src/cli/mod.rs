//! The commands of the `jixiao` binary, one module each, and what they share: printing
//! findings and the exit status.

pub mod build;
pub mod check;
pub mod fonts;
pub mod help;
pub mod init;
pub mod lang;
pub mod schema;

use std::path::Path;
use std::process::ExitCode;

use jixiao::diag::{Finding, Severity};
use jixiao::input::{Input, LoadError, SourceFile, load};

use lang::t;

/// Exit status: 0 no error, 1 findings with errors, 2 the file could not be read or written
/// (or the command line is mistyped, `help::EXIT_USAGE`).
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_IO: u8 = 2;

pub fn print_findings(findings: &[Finding], source: &SourceFile) {
    for f in findings {
        eprintln!("{}", f.render(source));
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (e, w, n) = (count(Severity::Error), count(Severity::Warning), count(Severity::Note));
    if e + w + n > 0 {
        eprintln!(
            "{}",
            t!(
                "{}：{e} 个错误，{w} 个警告，{n} 个提示",
                "{}: {e} errors, {w} warnings, {n} notes",
                source.path.display()
            )
        );
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
