//! `jixiao init`: a new report source file, blank or continued from last year's, with the
//! editor schema beside it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jixiao::check::check;
use jixiao::compute::{compute, year_of};
use jixiao::diag::codes;
use jixiao::input::schema::{SCHEMA_FILE, SCHEMA_TITLE, schema_text};
use jixiao::input::{Input, load_str};
use jixiao::{output, skeleton};

use super::lang::t;
use super::{EXIT_FINDINGS, EXIT_IO, Log, load_or_report};

pub struct Options {
    pub new: PathBuf,
    pub from: Option<PathBuf>,
    pub year: Option<i64>,
    /// A preset's name or a template file's path (relative to the new file).
    pub template: Option<String>,
    pub force: bool,
    /// Write `jixiao.schema.json` beside the new file.
    pub schema: bool,
}

pub fn run(o: &Options) -> ExitCode {
    if let Err(message) = refuse(o) {
        eprintln!("{message}");
        return ExitCode::from(EXIT_IO);
    }
    let last: Option<Input> = match &o.from {
        Some(from) => match load_or_report(from, &mut Log::Stderr).map_err(ExitCode::from) {
            Ok((_, input)) => Some(input),
            Err(code) => {
                eprintln!("{}", t!("未生成 {}。", "{} was not written.", o.new.display()));
                return code;
            }
        },
        None => None,
    };
    let text = match &last {
        Some(last) => skeleton::rollover(last),
        None => match skeleton_text(&o.new, o.year, o.template.as_deref()) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(EXIT_IO);
            }
        },
    };
    let text = if o.schema { text } else { without_schema_directive(text) };
    // The writer's output must read back; if not, that is a bug of jixiao, not of the user.
    let (source, input) = match load_str(&o.new, &text) {
        Ok(x) => x,
        Err(e) => {
            eprintln!(
                "{}\n{e}",
                t!(
                    "jixiao 生成的文件读不回来（这是 jixiao 的问题，请报告给开发者）：",
                    "jixiao wrote a file it cannot read back (a bug of jixiao, please report it):"
                )
            );
            return ExitCode::from(EXIT_FINDINGS);
        }
    };
    let todo = check(&input, &compute(&input), &source).iter().filter(|f| f.code == codes::TODO).count();
    if let Err(e) = output::write_atomic(&o.new, text.as_bytes()) {
        eprintln!("{}", t!("错误：{e}", "error: {e}"));
        return ExitCode::from(EXIT_IO);
    }
    let year = year_of(&input);
    let new = o.new.display();
    match (&o.from, &last) {
        (Some(from), Some(last)) => {
            let (from, ly) = (from.display(), year_of(last));
            eprintln!(
                "{}",
                t!(
                    "已从 {from} 生成 {new}（{year}年度）：{ly}年的决算数已填为上年决算数，单位情况和指标沿用上年，还有 {todo} 处待填写。",
                    "Wrote {new} ({year}) from {from}: the {ly} figures are now last year's, the unit and the indicators carried over; {todo} places to fill."
                )
            )
        }
        _ => eprintln!(
            "{}",
            t!(
                "已生成 {new}（{year}年度，模板“{tpl}”，{todo} 处待填写）。",
                "Wrote {new} (year {year}, template “{tpl}”, {todo} places to fill).",
                tpl = input.template_name()
            )
        ),
    }
    if o.schema {
        write_schema(&o.new);
    }
    eprintln!(
        "{}",
        t!(
            "下一步：\n  1. 用 VS Code、记事本或 WPS 打开 {new}，把“【待填写：…】”换成实际内容，把 0 换成实际数字（每个键上面的注释说明要填什么）；\n  2. jixiao check {new}    列出还没填的地方和发现的问题；\n  3. jixiao build {new}    生成 PDF（随时可以生成，看看效果）。",
            "Next:\n  1. open {new} in an editor, replace each “【待填写：…】” and each 0 (the comment above each key says what goes there);\n  2. jixiao check {new}    lists what is still to fill and any problem;\n  3. jixiao build {new}    builds the PDF (works at any stage)."
        )
    );
    ExitCode::SUCCESS
}

/// The reasons not to write, checked before any work.
fn refuse(o: &Options) -> Result<(), String> {
    let new = &o.new;
    if new.is_dir() {
        return Err(t!(
            "错误：{} 是一个文件夹：请给出新报告的文件名，如 2021年度自评报告.toml",
            "error: {} is a folder: give the new report's file name, e.g. report-2021.toml",
            new.display()
        ));
    }
    let parent = parent_of(new);
    if !parent.is_dir() {
        return Err(t!(
            "错误：文件夹 {} 不存在：请先创建它，或换一个路径",
            "error: the folder {} does not exist: create it first or choose another path",
            parent.display()
        ));
    }
    if let Some(from) = &o.from
        && same_file(new, from)
    {
        return Err(t!(
            "错误：新文件不能就是上年的文件 {}：jixiao 不改动上年的报告，请给新报告另起一个文件名",
            "error: the new file cannot be last year's file {}: jixiao never changes it; give the new report another name",
            from.display()
        ));
    }
    if new.exists() && !o.force {
        return Err(t!(
            "错误：{} 已经存在，jixiao 不会覆盖它。请换一个文件名；确实要用新内容覆盖它（原来的内容会丢失），加上 --force。",
            "error: {} already exists and is not overwritten. Choose another name, or add --force to replace it (its content is lost).",
            new.display()
        ));
    }
    Ok(())
}

/// Writes the schema beside the new report (replacing an older jixiao schema, never a file of
/// someone else's).
fn write_schema(new: &Path) {
    let path = new.with_file_name(SCHEMA_FILE);
    let text = schema_text();
    match std::fs::read_to_string(&path) {
        Ok(old) if old == text => return,
        Ok(old) if !old.contains(SCHEMA_TITLE) => {
            eprintln!(
                "{}",
                t!(
                    "注意：{} 已存在且不是 jixiao 写的，未改动；编辑器提示键名要用 jixiao schema 生成的文件。",
                    "note: {} exists and was not written by jixiao; left as it is.",
                    path.display()
                )
            );
            return;
        }
        _ => {}
    }
    match output::write_atomic(&path, text.as_bytes()) {
        Ok(()) => eprintln!(
            "{}",
            t!(
                "已写入 {}：用 VS Code（装 Even Better TOML 扩展）编辑时，它提示键名和说明，并标出写错的键。",
                "Wrote {}: VS Code with Even Better TOML uses it to complete keys and flag mistakes.",
                path.display()
            )
        ),
        Err(e) => eprintln!("{}", t!("注意：{e}（不影响报告）", "note: {e} (the report is fine)")),
    }
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The text of a new report at `new` from `template` (a preset's name or a file relative to
/// `new`; the default preset if none), for `year`, or the year in the file's name, or last year.
/// Also the start of a file that `serve` opens before it exists.
pub fn skeleton_text(
    new: &std::path::Path,
    year: Option<i64>,
    template: Option<&str>,
) -> Result<String, String> {
    let chain = jixiao::input::template::chain(template, new).map_err(|e| e.to_string())?;
    let year = year.or_else(|| year_in_name(new)).unwrap_or_else(|| current_year() - 1);
    Ok(skeleton::init(year, &chain, template))
}

/// The text without its first line `#:schema ./jixiao.schema.json`: without the schema file
/// beside it, the directive would point at nothing.
pub fn without_schema_directive(text: String) -> String {
    text.strip_prefix(&format!("#:schema ./{SCHEMA_FILE}\n")).map(str::to_string).unwrap_or(text)
}

/// The year a file's name gives, as in “2021年度自评报告.toml” or “report-2021.toml”: the one
/// run of exactly four digits from 1990 to 2199 in it (none if there are several).
fn year_in_name(path: &std::path::Path) -> Option<i64> {
    let name = path.file_stem()?.to_string_lossy().into_owned();
    let runs: Vec<&str> = name.split(|c: char| !c.is_ascii_digit()).filter(|r| r.len() == 4).collect();
    match runs.as_slice() {
        [one] => one.parse().ok().filter(|y| (1990..2200).contains(y)),
        _ => None,
    }
}

/// The calendar year now (UTC), for the default report year. Only `init` reads the clock;
/// the PDF never depends on it.
fn current_year() -> i64 {
    let secs =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    civil_year(secs.div_euclid(86_400))
}

/// The Gregorian year of a day counted from 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_year(days: i64) -> i64 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    yoe + era * 400 + i64::from(month <= 2)
}

#[cfg(test)]
mod tests {
    use super::{civil_year, year_in_name};
    use std::path::Path;

    #[test]
    fn the_year_a_file_name_gives() {
        assert_eq!(year_in_name(Path::new("2021年度自评报告.toml")), Some(2021));
        assert_eq!(year_in_name(Path::new("dir2019/report-2022.toml")), Some(2022));
        assert_eq!(year_in_name(Path::new("自评报告.toml")), None);
        assert_eq!(year_in_name(Path::new("2020-2021.toml")), None);
        assert_eq!(year_in_name(Path::new("12345.toml")), None);
        assert_eq!(year_in_name(Path::new("3021.toml")), None);
    }

    #[test]
    fn civil_years() {
        assert_eq!(civil_year(0), 1970);
        assert_eq!(civil_year(18_627), 2020); // 2020-12-31
        assert_eq!(civil_year(18_628), 2021); // 2021-01-01
        assert_eq!(civil_year(19_782), 2024); // 2024-02-29
    }
}
