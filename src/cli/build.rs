//! `jixiao build`: check, then render and write the PDF atomically.
//!
//! One input file is built as it always was, messages straight to stderr. Several files, or a
//! folder (every `*.toml` in it), are built in one process in parallel on all cores: fonts,
//! templates and the Typst library are process-wide, so each further report costs only its own
//! layout and export. One bad file does not stop the others; a table sums up at the end.

use std::io::{IsTerminal, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use jixiao::check::{check_with_fonts, has_errors};
use jixiao::compute::compute;
use jixiao::diag::Severity;
use jixiao::{output, render};

use super::lang::t;
use super::{BuildOptions, EXIT_FINDINGS, EXIT_IO, Log, count, load_or_report, log_findings};

/// After each report of a batch, memoized results not used by the last this-many reports (of
/// all workers together) are dropped. 10 is what `typst watch` uses. Measured on 100 varied
/// reports (BENCHMARKS.md): without eviction the batch peaked at 660 MB; with 2, 10 or 20 it
/// stayed at 140, 190 and 250 MB and took about as long. Reports that share paragraphs (one
/// template filled in by many departments) reuse more of the cache: there 10 took about a
/// quarter less time than 2.
const EVICT_MAX_AGE: usize = 10;

/// The stack of each batch worker thread, as large as a main thread's.
const WORKER_STACK: usize = 8 * 1024 * 1024;

/// Above this many files a batch shows a progress line (on a terminal only).
const PROGRESS_MIN_FILES: usize = 4;

pub fn run(inputs: &[PathBuf], output: Option<PathBuf>, options: &BuildOptions) -> ExitCode {
    render::FontStore::warm_up();
    match inputs {
        [input] if !input.is_dir() => {
            let output = output.unwrap_or_else(|| output::default_output(input));
            ExitCode::from(build_one(input, &output, options, &mut Log::Stderr).code)
        }
        _ => run_batch(inputs, output.as_deref(), options),
    }
}

/// What became of one report.
pub struct Outcome {
    /// The exit status this report alone would give: 0 built, 1 findings, 2 read or write.
    pub code: u8,
    pub pages: Option<usize>,
    errors: usize,
    warnings: usize,
    elapsed: Duration,
}

/// The whole of `jixiao build` for one report, its messages to `log` (also the “生成 PDF” of
/// `serve`, so that both write the same PDF the same way).
pub fn build_one(input: &Path, output: &Path, options: &BuildOptions, log: &mut Log) -> Outcome {
    let start = Instant::now();
    let outcome =
        |code, pages, errors, warnings| Outcome { code, pages, errors, warnings, elapsed: start.elapsed() };
    if let Err(e) = output::check_target(output, input) {
        log.line(t!("错误：{e}", "error: {e}"));
        return outcome(EXIT_IO, None, 1, 0);
    }
    // `--xlsx`: the workbook beside the PDF, same name.
    let workbook_path = options.xlsx.then(|| output.with_extension("xlsx"));
    if let Some(path) = &workbook_path
        && let Err(e) = output::check_target(path, input)
    {
        log.line(t!("错误：{e}", "error: {e}"));
        return outcome(EXIT_IO, None, 1, 0);
    }
    let keep = |log: &mut Log| {
        if output.exists() {
            log.line(t!(
                "未生成 PDF；原有的 {} 保持不变。",
                "No PDF written; {} stays as it was.",
                output.display()
            ));
        } else {
            log.line(t!("未生成 PDF。", "No PDF written."));
        }
    };
    let (source, parsed) = match load_or_report(input, log) {
        Ok(x) => x,
        Err(code) => {
            keep(log);
            return outcome(code, None, 1, 0);
        }
    };
    let report = compute(&parsed);
    let render_options = options.render_options(&parsed);
    let fonts = match render::fonts_for(&render_options) {
        Ok(fonts) => fonts,
        Err(e) => {
            log.line(t!("错误：{e}", "error: {e}"));
            keep(log);
            return outcome(EXIT_IO, None, 1, 0);
        }
    };
    let findings = check_with_fonts(&parsed, &report, &source, &fonts);
    // The 【待填写】 markers of a report still being written are counted, not listed.
    log_findings(&findings, &source, Some(jixiao::diag::codes::TODO), log);
    let (errors, warnings) = (count(&findings, Severity::Error), count(&findings, Severity::Warning));
    if has_errors(&findings, options.deny_warnings) {
        keep(log);
        return outcome(EXIT_FINDINGS, None, errors, warnings);
    }
    let rendered = match render::render(&report, &render_options) {
        Ok(r) => r,
        Err(e) => {
            log.line(t!("错误：{e}", "error: {e}"));
            keep(log);
            return outcome(EXIT_FINDINGS, None, errors + 1, warnings);
        }
    };
    for note in &rendered.notes {
        log.line(t!("提示：{note}", "note: {note}"));
    }
    // The workbook is made before anything is written: a build that fails writes neither file.
    let workbook = match workbook_path.as_ref().map(|_| jixiao::xlsx::forms(&report, &fonts)).transpose() {
        Ok(w) => w,
        Err(e) => {
            log.line(t!("错误：{e}", "error: {e}"));
            keep(log);
            return outcome(EXIT_FINDINGS, None, errors + 1, warnings);
        }
    };
    if let Err(e) = output::write_atomic(output, &rendered.pdf) {
        log.line(t!("错误：{e}", "error: {e}"));
        return outcome(EXIT_IO, None, errors + 1, warnings);
    }
    if let (Some(path), Some(bytes)) = (&workbook_path, &workbook)
        && let Err(e) = output::write_atomic(path, bytes)
    {
        log.line(t!("错误：{e}", "error: {e}"));
        return outcome(EXIT_IO, None, errors + 1, warnings);
    }
    log.line(t!(
        "已生成 {}（{} 页，{} KB，用时 {:.2} 秒）",
        "Wrote {} ({} pages, {} KB, {:.2} s)",
        output.display(),
        rendered.pages,
        rendered.pdf.len().div_ceil(1024),
        start.elapsed().as_secs_f64()
    ));
    if let Some(path) = &workbook_path {
        log.line(t!("已生成 {}（附表）", "Wrote {} (the forms)", path.display()));
    }
    outcome(0, Some(rendered.pages), errors, warnings)
}

/// One report of a batch.
struct Job {
    input: PathBuf,
    output: PathBuf,
}

fn run_batch(inputs: &[PathBuf], out_dir: Option<&Path>, options: &BuildOptions) -> ExitCode {
    let start = Instant::now();
    let jobs = match plan(inputs, out_dir) {
        Ok(jobs) => jobs,
        Err(message) => {
            eprintln!("错误：{message}");
            return ExitCode::from(EXIT_IO);
        }
    };
    let progress = Progress::new(jobs.len());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len());
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(jobs.iter().map(|_| None).collect());
    // Plain threads, one per core, each taking the next report when it is done with one. Not a
    // rayon pool: Typst and its PDF writer run parts of every report on rayon's global pool and,
    // while they wait for them, a rayon worker runs other pending jobs of its pool. Were the
    // reports themselves rayon jobs, a worker would start a whole further report inside the
    // wait, nested on its stack with the first one still alive, and memory would grow with
    // every report of the batch (680 MB for 100 reports, against 190 MB this way).
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let worker = || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let mut log = Log::Buffer(String::new());
                    let start = Instant::now();
                    // A panic (a bug in jixiao or Typst) fails this report, not the batch.
                    let built = catch_unwind(AssertUnwindSafe(|| {
                        build_one(&job.input, &job.output, options, &mut log)
                    }));
                    let outcome = built.unwrap_or_else(|_| {
                        log.line("错误：jixiao 内部出错，未生成 PDF；请把这个文件和上面的信息报告给开发者。");
                        Outcome {
                            code: EXIT_FINDINGS,
                            pages: None,
                            errors: 1,
                            warnings: 0,
                            elapsed: start.elapsed(),
                        }
                    });
                    // Without eviction the memoized layouts of every report would stay in
                    // memory to the end of the batch.
                    render::evict_cache(EVICT_MAX_AGE);
                    progress.finished(log);
                    results.lock().unwrap_or_else(PoisonError::into_inner)[i] = Some(outcome);
                }
            };
            // Typst's layout recurses deeply; give each worker a main thread's stack.
            let spawned = std::thread::Builder::new().stack_size(WORKER_STACK).spawn_scoped(scope, worker);
            if let Err(e) = spawned {
                eprintln!("错误：无法启动工作线程：{e}");
                break;
            }
        }
    });
    progress.clear();
    let Some(outcomes) =
        results.into_inner().unwrap_or_else(PoisonError::into_inner).into_iter().collect::<Option<Vec<_>>>()
    else {
        // Only if not a single worker thread could be started.
        return ExitCode::from(EXIT_IO);
    };
    print_summary(&jobs, &outcomes, start.elapsed(), workers);
    if outcomes.iter().any(|o| o.code != 0) { ExitCode::from(EXIT_FINDINGS) } else { ExitCode::SUCCESS }
}

/// The reports of a batch: every file named, every `*.toml` in every folder named (sorted, not
/// recursive). Refuses, before any work, what would make two reports write the same PDF.
fn plan(inputs: &[PathBuf], out_dir: Option<&Path>) -> Result<Vec<Job>, String> {
    if let Some(dir) = out_dir
        && !dir.is_dir()
    {
        return Err(format!(
            "一次生成多个 PDF 时，-o 只能是一个已有的文件夹（PDF 写到其中，文件名同源文件）；{} 不是文件夹",
            dir.display()
        ));
    }
    let jobs: Vec<Job> = super::report_files(inputs)?
        .into_iter()
        .map(|input| {
            let output = match (out_dir, input.file_name()) {
                (Some(dir), Some(name)) => dir.join(Path::new(name).with_extension("pdf")),
                _ => output::default_output(&input),
            };
            Job { input, output }
        })
        .collect();
    let places: Vec<PathBuf> = jobs.iter().map(|j| place(&j.output)).collect();
    for (i, a) in places.iter().enumerate() {
        if let Some(j) = places[..i].iter().position(|b| b == a) {
            return Err(format!(
                "{} 和 {} 会生成同一个 PDF {}：请去掉重复的文件，或分两次生成到不同的文件夹",
                jobs[j].input.display(),
                jobs[i].input.display(),
                jobs[i].output.display()
            ));
        }
    }
    Ok(jobs)
}

/// A path that is the same for two spellings of one file (`a.pdf`, `./a.pdf`).
fn place(path: &Path) -> PathBuf {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(parent), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// Prints each report's messages whole as it finishes, and on a terminal a counter line.
struct Progress {
    total: usize,
    done: Mutex<usize>,
    live: bool,
}

impl Progress {
    fn new(total: usize) -> Self {
        let live = total > PROGRESS_MIN_FILES && std::io::stderr().is_terminal();
        let progress = Progress { total, done: Mutex::new(0), live };
        if live {
            eprint!("已完成 0/{total} 个");
        }
        progress
    }

    fn finished(&self, log: Log) {
        let mut done = self.done.lock().unwrap_or_else(PoisonError::into_inner);
        *done += 1;
        let mut err = std::io::stderr().lock();
        if self.live {
            let _ = write!(err, "\r\x1b[2K");
        }
        if let Log::Buffer(text) = log {
            let _ = err.write_all(text.as_bytes());
        }
        if self.live {
            let _ = write!(err, "已完成 {}/{} 个", *done, self.total);
        }
        let _ = err.flush();
    }

    fn clear(&self) {
        if self.live {
            eprint!("\r\x1b[2K");
        }
    }
}

fn print_summary(jobs: &[Job], outcomes: &[Outcome], elapsed: Duration, workers: usize) {
    let header = ["文件".to_string(), "页数".to_string(), "错误/警告".to_string(), "用时".to_string()];
    let rows: Vec<[String; 4]> = jobs
        .iter()
        .zip(outcomes)
        .map(|(job, o)| {
            [
                job.input.display().to_string(),
                o.pages.map_or_else(|| "未生成".to_string(), |p| p.to_string()),
                format!("{}/{}", o.errors, o.warnings),
                format!("{:.2} 秒", o.elapsed.as_secs_f64()),
            ]
        })
        .collect();
    let widths: Vec<usize> =
        (0..4).map(|c| rows.iter().chain([&header]).map(|r| width(&r[c])).max().unwrap_or(0)).collect();
    let line = |r: &[String; 4]| {
        format!(
            "{}  {}  {}  {}",
            pad_right(&r[0], widths[0]),
            pad_left(&r[1], widths[1]),
            pad_left(&r[2], widths[2]),
            pad_left(&r[3], widths[3])
        )
    };
    eprintln!();
    eprintln!("{}", line(&header));
    for r in &rows {
        eprintln!("{}", line(r));
    }
    let built = outcomes.iter().filter(|o| o.code == 0).count();
    eprintln!(
        "共 {} 个文件：{built} 个已生成，{} 个未生成；总用时 {:.2} 秒（{} 个线程）",
        outcomes.len(),
        outcomes.len() - built,
        elapsed.as_secs_f64(),
        workers
    );
}

/// Columns a string takes in a terminal: CJK and full-width forms take two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF => 2,
            0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 => 2,
            0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_counts_double_in_the_table() {
        assert_eq!(width("a.toml"), 6);
        assert_eq!(width("未生成"), 6);
        assert_eq!(pad_left("18", 6), "    18");
        assert_eq!(pad_right("报告.toml", 10), "报告.toml ");
    }
}
