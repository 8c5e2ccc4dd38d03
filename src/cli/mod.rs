//! The commands of the `jixiao` binary, one module each, and what they share: printing
//! findings and the exit status.

pub mod build;
pub mod check;
pub mod export;

use std::fmt::Display;
use std::path::Path;

use jixiao::diag::{Finding, Severity};
use jixiao::input::{Input, LoadError, SourceFile, load};

/// Exit status: 0 no error, 1 findings with errors, 2 the file could not be read or written.
pub const EXIT_FINDINGS: u8 = 1;
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

/// Counts of errors and warnings among findings.
pub fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

pub fn print_findings(findings: &[Finding], source: &SourceFile) {
    log_findings(findings, source, &mut Log::Stderr);
}

pub fn log_findings(findings: &[Finding], source: &SourceFile, log: &mut Log) {
    for f in findings {
        log.line(f.render(source));
    }
    let (e, w, n) = (
        count(findings, Severity::Error),
        count(findings, Severity::Warning),
        count(findings, Severity::Note),
    );
    if e + w + n > 0 {
        log.line(format_args!("{}：{e} 个错误，{w} 个警告，{n} 个提示", source.path.display()));
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
