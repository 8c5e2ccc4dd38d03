//! The start page of `jixiao serve` without a file (and of `jixiao.exe` double-clicked in
//! Explorer): the reports of one folder, and 新建报告 from a preset. Choosing one opens the
//! session on it; the editor page then works as with a file named on the command line.
//!
//! A name sent by the page is never used as a path as it is: an existing report must be one of
//! the names the folder's listing gives right now, and a new one a plain file name (no folder
//! part, no character Windows refuses, no device name) that does not exist yet, in that folder.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde_json::{Value as Json, json};

use jixiao::input::template::presets;

/// The page, embedded like the editor's.
const PAGE: &str = include_str!("start.html");

pub fn html(nonce: &str) -> String {
    PAGE.replace("{{NONCE}}", nonce)
}

/// The largest file the listing reads to show its department and year (a report is ~30 KB).
const PEEK_LIMIT: u64 = 2 * 1024 * 1024;

/// The reports (`*.toml`, regular files, not in subfolders) of `folder`, by name.
pub fn reports(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("toml")))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// What the start page shows: the folder, its reports, the presets and the file open now.
pub fn listing(folder: &Path, open: Option<(&Path, bool)>) -> Json {
    let files: Vec<Json> = reports(folder)
        .iter()
        .map(|path| {
            let meta = std::fs::metadata(path).ok();
            let modified = meta
                .as_ref()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map(|d| d.as_secs());
            let (department, year) = peek(path, meta.as_ref().map_or(0, |m| m.len()));
            json!({
                "name": name_of(path),
                "size": meta.map(|m| m.len()),
                "modified": modified,
                "department": department,
                "year": year,
            })
        })
        .collect();
    let templates: Vec<Json> = presets()
        .iter()
        .map(|t| json!({ "name": t.file.name.value.trim(), "description": t.file.description.value.trim() }))
        .collect();
    json!({
        "folder": folder.display().to_string(),
        "files": files,
        "templates": templates,
        "open": open.map(|(path, dirty)| json!({ "name": name_of(path), "dirty": dirty })),
    })
}

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The department and year a report names, when it reads as TOML (a template file, or a file
/// with a syntax error, shows neither).
fn peek(path: &Path, len: u64) -> (Option<String>, Option<i64>) {
    if len > PEEK_LIMIT {
        return (None, None);
    }
    let Ok(text) = std::fs::read_to_string(path) else { return (None, None) };
    let Ok(table) = text.trim_start_matches('\u{feff}').parse::<toml::Table>() else { return (None, None) };
    let report = table.get("report");
    let department = report.and_then(|r| r.get("department")).and_then(|d| d.as_str()).map(str::to_string);
    let year = report.and_then(|r| r.get("year")).and_then(|y| y.as_integer());
    (department, year)
}

/// The existing report of `folder` called `name`: one of the listing's names, compared as
/// text, so that nothing the page sends reaches the file system but a name the folder gave.
pub fn existing(folder: &Path, name: &str) -> Result<PathBuf, String> {
    reports(folder)
        .into_iter()
        .find(|p| name_of(p) == name)
        .ok_or_else(|| format!("文件夹里没有“{name}”：它可能刚被移走或改名，请刷新列表。"))
}

/// The path of a new report called `name` in `folder` (`.toml` added when missing), or why
/// that name cannot be used.
pub fn new_path(folder: &Path, name: &str) -> Result<PathBuf, String> {
    let name = name.trim();
    let has_ext = name.get(name.len().saturating_sub(5)..).is_some_and(|x| x.eq_ignore_ascii_case(".toml"));
    let name = if has_ext { name.to_string() } else { format!("{name}.toml") };
    let stem = &name[..name.len() - ".toml".len()];
    if stem.trim().is_empty() {
        return Err("请填写新报告的文件名，如 2021年度自评报告。".into());
    }
    if name.chars().count() > 120 {
        return Err("文件名太长：请用 120 个字以内的名称。".into());
    }
    if let Some(c) = name.chars().find(|c| c.is_control() || r#"<>:"/\|?*"#.contains(*c)) {
        let shown = if c.is_control() { "控制字符".to_string() } else { format!("“{c}”") };
        return Err(format!("文件名中不能有{shown}：请只写文件名，不写文件夹。"));
    }
    if name.starts_with('.') || stem.ends_with(['.', ' ']) {
        return Err("文件名不能以“.”开头，也不能以“.”或空格结尾。".into());
    }
    // Names Windows keeps for devices, with any extension (CON.toml is the console there).
    let device = stem.split('.').next().unwrap_or("").trim().to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&device.as_str())
        || ((device.starts_with("COM") || device.starts_with("LPT"))
            && device.len() == 4
            && device.as_bytes()[3].is_ascii_digit());
    if reserved {
        return Err(format!("“{stem}”是 Windows 保留的设备名，不能作文件名：请换一个名称。"));
    }
    let path = folder.join(&name);
    if path.exists() || reports(folder).iter().any(|p| name_of(p).eq_ignore_ascii_case(&name)) {
        return Err(format!("“{name}”已经存在：请换一个文件名，或在列表中打开它。"));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("jixiao-start-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("子文件夹.toml")).unwrap();
        std::fs::write(dir.join("甲 报告.toml"), "[report]\nyear = 2021\ndepartment = \"某局\"\n").unwrap();
        std::fs::write(dir.join("b.TOML"), "not = [toml").unwrap();
        std::fs::write(dir.join("说明.txt"), "x").unwrap();
        dir
    }

    #[test]
    fn the_listing_holds_the_reports_of_the_folder_only() {
        let dir = folder("list");
        let names: Vec<String> = reports(&dir).iter().map(|p| name_of(p)).collect();
        assert_eq!(names, ["b.TOML", "甲 报告.toml"]);
        let l = listing(&dir, None);
        assert_eq!(l["files"][1]["department"], "某局");
        assert_eq!(l["files"][1]["year"], 2021);
        assert_eq!(l["files"][0]["department"], Json::Null);
        assert!(l["templates"].as_array().unwrap().len() >= 2);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn only_listed_names_open_and_only_plain_new_names_are_taken() {
        let dir = folder("names");
        assert!(existing(&dir, "甲 报告.toml").is_ok());
        for bad in ["../甲 报告.toml", "子文件夹.toml", "说明.txt", "甲 报告", "/etc/passwd"] {
            assert!(existing(&dir, bad).is_err(), "{bad}");
        }
        assert_eq!(new_path(&dir, "2021年度自评报告").unwrap(), dir.join("2021年度自评报告.toml"));
        assert_eq!(new_path(&dir, " 乙.toml ").unwrap(), dir.join("乙.toml"));
        for bad in [
            "",
            ".toml",
            "../x",
            "a/b",
            "a\\b",
            "c:x",
            "con",
            "Com1.toml",
            "lpt9.x",
            ".hidden",
            "甲 报告",
            "B.toml",
            "a\u{7}",
        ] {
            assert!(new_path(&dir, bad).is_err(), "{bad:?}");
        }
        assert!(new_path(&dir, "console").is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
