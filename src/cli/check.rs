//! `jixiao check`: load, compute and check without rendering; text or JSON.

use std::path::Path;
use std::process::ExitCode;

use jixiao::check::{check, has_errors};
use jixiao::compute::compute;
use jixiao::diag::JsonFinding;
use jixiao::input::{LoadError, load};

use super::lang::t;
use super::{EXIT_FINDINGS, EXIT_IO, print_findings};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(input: &Path, format: Format, deny_warnings: bool) -> ExitCode {
    let (source, parsed) = match load(input) {
        Ok(x) => x,
        Err(e) => {
            let code = match &e {
                LoadError::Read { .. } => EXIT_IO,
                LoadError::Invalid { .. } => EXIT_FINDINGS,
            };
            match (format, &e) {
                (Format::Json, LoadError::Invalid { source, finding }) => {
                    let doc = serde_json::json!({
                        "file": source.path.display().to_string(),
                        "findings": [JsonFinding::new(finding, source)],
                        "figures": null,
                    });
                    super::stdout(&format!("{}\n", serde_json::to_string_pretty(&doc).unwrap_or_default()));
                }
                _ => eprintln!("{e}"),
            }
            return ExitCode::from(code);
        }
    };
    let report = compute(&parsed);
    let findings = check(&parsed, &report, &source);
    match format {
        Format::Text => {
            print_findings(&findings, &source);
            if findings.is_empty() {
                eprintln!("{}", t!("{}：没有发现问题", "{}: no problems found", source.path.display()));
            }
        }
        Format::Json => {
            let doc = serde_json::json!({
                "file": source.path.display().to_string(),
                "findings": findings.iter().map(|f| JsonFinding::new(f, &source)).collect::<Vec<_>>(),
                "figures": &report.figures,
            });
            super::stdout(&format!("{}\n", serde_json::to_string_pretty(&doc).unwrap_or_default()));
        }
    }
    if has_errors(&findings, deny_warnings) { ExitCode::from(EXIT_FINDINGS) } else { ExitCode::SUCCESS }
}
