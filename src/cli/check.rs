//! `jixiao check`: load, compute and check without rendering, one report or many; as text,
//! JSON, or the 汇总表 a finance bureau puts together from every department's report (CSV, or
//! an Excel workbook through `jixiao::xlsx`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jixiao::check::{Previous, check, check_with_previous, has_errors};
use jixiao::compute::{Report, compute};
use jixiao::diag::{Finding, JsonFinding, Severity};
use jixiao::input::{Input, LoadError, SourceFile, load};

use super::lang::t;
use super::{EXIT_FINDINGS, EXIT_IO, count, print_findings};

/// `check --format`: besides text and JSON, the CSV 汇总表.
#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    /// One row of headline figures per report (UTF-8 with BOM, for Excel and WPS).
    Csv,
    /// The same 汇总表 as an Excel workbook: typed columns, frozen header, filter, totals.
    Xlsx,
}

/// One report, checked.
struct Checked {
    path: PathBuf,
    outcome: Result<(SourceFile, Report, Vec<Finding>), LoadError>,
}

impl Checked {
    /// Loads, computes and checks every report; a report whose department's report of the year
    /// before is among them is also checked against it (J208).
    fn all(paths: &[PathBuf]) -> Vec<Checked> {
        let loaded: Vec<_> = paths
            .iter()
            .map(|p| {
                load(p).map(|(source, input)| {
                    let report = compute(&input);
                    (source, input, report)
                })
            })
            .collect();
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let findings: Vec<Vec<Finding>> = (0..loaded.len())
            .map(|i| {
                let Ok((source, input, report)) = &loaded[i] else { return Vec::new() };
                match previous_of(&loaded, i).and_then(|j| loaded[j].as_ref().ok().map(|x| (j, x))) {
                    Some((j, (_, before, before_report))) => {
                        let previous = Previous { input: before, report: before_report, name: &names[j] };
                        check_with_previous(input, report, source, &previous)
                    }
                    None => check(input, report, source),
                }
            })
            .collect();
        paths
            .iter()
            .zip(loaded)
            .zip(findings)
            .map(|((path, outcome), findings)| Checked {
                path: path.clone(),
                outcome: outcome.map(|(source, _, report)| (source, report, findings)),
            })
            .collect()
    }

    /// The exit status this report alone gives: 0, 1 (findings) or 2 (unreadable).
    fn code(&self, deny_warnings: bool) -> u8 {
        match &self.outcome {
            Ok((_, _, findings)) if has_errors(findings, deny_warnings) => EXIT_FINDINGS,
            Ok(_) => 0,
            Err(LoadError::Read { .. }) => EXIT_IO,
            Err(LoadError::Invalid { .. }) => EXIT_FINDINGS,
        }
    }

    /// Errors and warnings; a file that does not load counts as one error.
    fn counts(&self) -> (usize, usize) {
        match &self.outcome {
            Ok((_, _, f)) => (count(f, Severity::Error), count(f, Severity::Warning)),
            Err(_) => (1, 0),
        }
    }

    /// Findings the author acknowledged with `[[allow]]` and a reason (notes that carry it).
    fn acknowledged(&self) -> usize {
        match &self.outcome {
            Ok((_, _, f)) => f
                .iter()
                .filter(|x| x.severity == Severity::Note && x.message.starts_with("（已说明）"))
                .count(),
            Err(_) => 0,
        }
    }

    fn json(&self) -> serde_json::Value {
        match &self.outcome {
            Ok((source, report, findings)) => serde_json::json!({
                "file": source.path.display().to_string(),
                "findings": findings.iter().map(|f| JsonFinding::new(f, source)).collect::<Vec<_>>(),
                "figures": &report.figures,
                "summary": &report.summary,
                "printed": &report.printed,
            }),
            Err(LoadError::Invalid { source, finding }) => serde_json::json!({
                "file": source.path.display().to_string(),
                "findings": [JsonFinding::new(finding, source)],
                "figures": null,
                "summary": null,
            }),
            Err(e @ LoadError::Read { .. }) => serde_json::json!({
                "file": self.path.display().to_string(),
                "findings": [{ "severity": "error", "message": e.to_string() }],
                "figures": null,
                "summary": null,
            }),
        }
    }
}

pub fn run(inputs: &[PathBuf], format: CheckFormat, deny_warnings: bool, output: Option<&Path>) -> ExitCode {
    if output.is_some() && format == CheckFormat::Text {
        eprintln!(
            "{}",
            t!(
                "错误：-o 只能与 --format json、csv 或 xlsx 一起用（检查结果本身显示在屏幕上）",
                "error: -o goes with --format json, csv or xlsx (text findings are printed)"
            )
        );
        return ExitCode::from(super::help::EXIT_USAGE);
    }
    if output.is_none() && format == CheckFormat::Xlsx {
        eprintln!(
            "{}",
            t!(
                "错误：--format xlsx 要用 -o 给出文件名，如 -o 汇总表.xlsx",
                "error: --format xlsx needs -o and a file name, e.g. -o summary.xlsx"
            )
        );
        return ExitCode::from(super::help::EXIT_USAGE);
    }
    let single = matches!(inputs, [one] if !one.is_dir());
    let files = match super::report_files(inputs) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("{}", t!("错误：{e}", "error: {e}"));
            return ExitCode::from(EXIT_IO);
        }
    };
    if let Some(path) = output {
        // The table must not land on a report (`-o a.toml`) or in place of a folder.
        let refused = if path.is_dir() {
            Some(format!("输出路径 {} 是一个文件夹：请给出文件名，如 -o 汇总表.csv", path.display()))
        } else {
            files.iter().find_map(|f| jixiao::output::check_target(path, f).err().map(|e| e.to_string()))
        };
        if let Some(e) = refused {
            eprintln!("{}", t!("错误：{e}", "error: {e}"));
            return ExitCode::from(EXIT_IO);
        }
    }
    let checked = Checked::all(&files);
    let text = match format {
        CheckFormat::Text => {
            for c in &checked {
                match &c.outcome {
                    Ok((source, _, findings)) => {
                        print_findings(findings, source);
                        if findings.is_empty() {
                            eprintln!(
                                "{}",
                                t!("{}：没有发现问题", "{}: no problems found", source.path.display())
                            );
                        }
                    }
                    Err(e) => eprintln!("{e}"),
                }
            }
            if !single {
                print_tally(&checked, deny_warnings);
            }
            None
        }
        CheckFormat::Json if single => Some(pretty(&checked[0].json())),
        CheckFormat::Json => {
            Some(pretty(&serde_json::Value::Array(checked.iter().map(Checked::json).collect())))
        }
        CheckFormat::Csv => Some(csv(&checked)),
        // Written below, as bytes.
        CheckFormat::Xlsx => None,
    };
    if let (CheckFormat::Xlsx, Some(path)) = (format, output) {
        let written = xlsx(&checked)
            .map_err(|e| e.to_string())
            .and_then(|bytes| jixiao::output::write_atomic(path, &bytes).map_err(|e| e.to_string()));
        if let Err(e) = written {
            eprintln!("{}", t!("错误：{e}", "error: {e}"));
            return ExitCode::from(EXIT_IO);
        }
        eprintln!("{}", t!("已写入 {}（{} 个报告）", "Wrote {} ({} reports)", path.display(), checked.len()));
    }
    if let Some(text) = text {
        match output {
            Some(path) => {
                if let Err(e) = jixiao::output::write_atomic(path, text.as_bytes()) {
                    eprintln!("{}", t!("错误：{e}", "error: {e}"));
                    return ExitCode::from(EXIT_IO);
                }
                eprintln!(
                    "{}",
                    t!("已写入 {}（{} 个报告）", "Wrote {} ({} reports)", path.display(), checked.len())
                );
            }
            None => super::stdout(&text),
        }
    }
    ExitCode::from(checked.iter().map(|c| c.code(deny_warnings)).max().unwrap_or(0))
}

fn pretty(value: &serde_json::Value) -> String {
    format!("{}\n", serde_json::to_string_pretty(value).unwrap_or_default())
}

/// The one report among `loaded` of the same department (as printed) for the year before report
/// `i`'s; none when there is none, or more than one (an original and its correction).
fn previous_of(loaded: &[Result<(SourceFile, Input, Report), LoadError>], i: usize) -> Option<usize> {
    let Ok((_, _, report)) = &loaded[i] else { return None };
    let mut found = loaded.iter().enumerate().filter(|(_, other)| {
        other
            .as_ref()
            .is_ok_and(|(_, _, r)| r.meta.author == report.meta.author && report.figures.follows(&r.figures))
    });
    match (found.next(), found.next()) {
        (Some((j, _)), None) => Some(j),
        _ => None,
    }
}

/// The last line of a check of several reports.
fn print_tally(checked: &[Checked], deny_warnings: bool) {
    let failing = checked.iter().filter(|c| c.code(deny_warnings) != 0).count();
    let warned = checked.iter().filter(|c| c.code(deny_warnings) == 0 && c.counts().1 > 0).count();
    eprintln!(
        "\n{}",
        t!(
            "共 {} 个报告：{} 个可以生成（其中 {warned} 个有警告），{failing} 个要先改正错误",
            "{} reports: {} can be built ({warned} with warnings), {failing} must be corrected first",
            checked.len(),
            checked.len() - failing
        )
    );
}

/// The 汇总表: one row per report, the figures as its PDF prints them. UTF-8 with a byte-order
/// mark and CRLF line ends (RFC 4180), which Excel and WPS open as Chinese text without an
/// import dialog.
fn csv(checked: &[Checked]) -> String {
    let mut out = String::from("\u{feff}");
    let mut row = |cells: &[String]| {
        let quoted: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    };
    row(&HEADER.map(String::from));
    for r in summary_rows(checked) {
        row(&r);
    }
    out
}

/// The 汇总表's columns.
const HEADER: [&str; 16] = [
    "文件",
    "单位",
    "年度",
    "年初预算数（万元）",
    "全年预算数（万元）",
    "全年执行数（万元）",
    "预算执行率",
    "收入合计（万元）",
    "三公经费预算数（万元）",
    "三公经费决算数（万元）",
    "分值合计",
    "自评得分",
    "评价等级",
    "错误",
    "警告",
    "已说明",
];

/// The 汇总表's rows, one per report: its figures as its PDF prints them, then the counts.
fn summary_rows(checked: &[Checked]) -> Vec<[String; HEADER.len()]> {
    let mut rows = Vec::new();
    let mut row = |cells: &[&str]| rows.push(std::array::from_fn(|i| cells[i].to_string()));
    for c in checked {
        let file = c.path.display().to_string();
        let (errors, warnings) = c.counts();
        let (errors, warnings) = (errors.to_string(), warnings.to_string());
        let acknowledged = c.acknowledged().to_string();
        match &c.outcome {
            Ok((_, report, _)) => {
                let s = &report.summary;
                row(&[
                    &file,
                    &s.department,
                    &s.year,
                    &s.initial_budget,
                    &s.full_budget,
                    &s.executed,
                    &s.execution_rate,
                    &s.income_total,
                    &s.sangong_budget,
                    &s.sangong_actual,
                    &s.total_weight,
                    &s.total_score,
                    &s.grade,
                    &errors,
                    &warnings,
                    &acknowledged,
                ]);
            }
            Err(_) => {
                // Only the file and the counts: the figures of a file that did not load are unknown.
                let mut cells = [""; HEADER.len()];
                cells[0] = &file;
                cells[HEADER.len() - 3] = &errors;
                cells[HEADER.len() - 2] = &warnings;
                cells[HEADER.len() - 1] = "0";
                row(&cells);
            }
        }
    }
    rows
}

/// The 汇总表 as an Excel workbook: the rows of the CSV with their figures as numbers, and a
/// 合计 under the amounts and the counts (a sum of rates, scores or years means nothing). The
/// sums are exact, of the figures as printed (`compute::num::sum_printed`).
fn xlsx(checked: &[Checked]) -> Result<Vec<u8>, jixiao::xlsx::XlsxError> {
    use jixiao::xlsx::{SummaryColumn, SummaryTable};
    // (numeric, summed, width in characters) per column of HEADER.
    const KINDS: [(bool, bool, f64); HEADER.len()] = [
        (false, false, 28.0),
        (false, false, 28.0),
        (true, false, 7.0),
        (true, true, 12.0),
        (true, true, 12.0),
        (true, true, 12.0),
        (true, false, 10.0),
        (true, true, 12.0),
        (true, true, 13.0),
        (true, true, 13.0),
        (true, false, 9.0),
        (true, false, 9.0),
        (false, false, 9.0),
        (true, true, 7.0),
        (true, true, 7.0),
        (true, true, 7.0),
    ];
    let columns: Vec<SummaryColumn> = HEADER
        .iter()
        .zip(KINDS)
        .map(|(header, (numeric, _, width))| SummaryColumn { header, numeric, width })
        .collect();
    let rows = summary_rows(checked);
    let totals = KINDS
        .iter()
        .enumerate()
        .map(|(c, (_, summed, _))| {
            summed
                .then(|| jixiao::compute::num::sum_printed(rows.iter().map(|r| r[c].as_str())))
                .flatten()
                .map(|d| d.to_string())
        })
        .collect();
    let rows = rows.into_iter().map(Vec::from).collect();
    jixiao::xlsx::summary(&SummaryTable { columns: &columns, rows, totals, totals_label: "合计" })
}

/// A CSV cell, quoted when it holds a comma, a quote or a line break. A cell that a
/// spreadsheet would read as a formula (=, +, -, @, tab or CR first) is prefixed with an apostrophe,
/// unless it is a number: a department name must not run as a formula in the bureau's Excel.
fn csv_cell(cell: &str) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
    let cell = if formula { format!("'{cell}") } else { cell.to_string() };
    if cell.contains([',', '"', '\n', '\r']) { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn csv_cells_are_quoted_and_never_run_as_formulas() {
        assert_eq!(csv_cell("96%"), "96%");
        assert_eq!(csv_cell("-12.50"), "-12.50");
        assert_eq!(csv_cell("市委组织部，机关"), "市委组织部，机关");
        assert_eq!(csv_cell("A,B"), "\"A,B\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\t=1+1"), "'\t=1+1");
    }
}
