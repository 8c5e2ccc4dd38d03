//! Paths a report names (its template, its `[fonts] path`): confined to the report's folder
//! unless `--allow-dir` widens it, regular files only with a size cap, never echoed. A finance
//! bureau checks folders of reports that other people wrote; none of them may hang jixiao,
//! fill its memory or make it print a file of the machine.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{SEED, jixiao, scratch, stderr, stdout};

const TEMPLATE_LINE: &str = "[report]\n";

/// The seed in `dir/name` naming `template` (the line is put before `[report]`).
fn seed_naming(dir: &Path, name: &str, template: &str) -> PathBuf {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let line = format!("template = {}\n\n{TEMPLATE_LINE}", toml_string(template));
    let path = dir.join(name);
    std::fs::write(&path, seed.replacen(TEMPLATE_LINE, &line, 1)).unwrap();
    path
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Runs `check` on `path` with a deadline: a FIFO or a device must not make it wait or grow.
fn check_within(args: &[&str], seconds: u64) -> std::process::Output {
    let start = Instant::now();
    let out = jixiao(args);
    assert!(start.elapsed() < Duration::from_secs(seconds), "check took {:?}", start.elapsed());
    out
}

#[test]
fn a_template_outside_the_report_folder_is_refused_without_showing_it() {
    let dir = scratch("paths-outside");
    let report = seed_naming(&dir, "r.toml", "/etc/passwd");
    let out = check_within(&["check", report.to_str().unwrap()], 20);
    let err = stderr(&out) + &stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("不在报告所在的文件夹"), "{err}");
    assert!(err.contains("--allow-dir"), "the message says how to widen: {err}");
    assert!(err.contains("r.toml:"), "the finding names the report's line: {err}");
    assert!(!err.contains("root:"), "the file's content is never shown: {err}");

    // The same through `..`.
    let sub = dir.join("部门");
    std::fs::create_dir_all(&sub).unwrap();
    let report = seed_naming(&sub, "r.toml", "../../../../../../../../etc/passwd");
    let err = stderr(&jixiao(&["check", report.to_str().unwrap()]));
    assert!(err.contains("不在报告所在的文件夹") && !err.contains("root:"), "{err}");
}

#[test]
fn a_template_file_that_is_not_a_template_is_named_not_quoted() {
    let dir = scratch("paths-not-template");
    std::fs::write(dir.join("secret.toml"), "password = \"hunter2-SECRET\"\n").unwrap();
    std::fs::write(dir.join("broken.toml"), "SECRET line with no equals sign\n").unwrap();
    let report = seed_naming(&dir, "r.toml", "secret.toml");
    let err = stderr(&jixiao(&["check", report.to_str().unwrap()]));
    assert!(err.contains("不是 jixiao 的模板文件"), "{err}");
    assert!(!err.contains("SECRET") && !err.contains("password"), "nothing of it is quoted: {err}");
    let report = seed_naming(&dir, "r2.toml", "broken.toml");
    let err = stderr(&jixiao(&["check", report.to_str().unwrap()]));
    assert!(err.contains("第 1 行第"), "the place of the syntax error is given: {err}");
    assert!(!err.contains("SECRET"), "but not the line: {err}");
}

#[cfg(unix)]
#[test]
fn devices_fifos_and_links_out_are_refused_at_once() {
    let dir = scratch("paths-devices");
    // A link in the folder that leads out of it.
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.toml")).unwrap();
    let report = seed_naming(&dir, "r.toml", "zero.toml");
    let out = check_within(&["check", report.to_str().unwrap()], 20);
    assert!(stderr(&out).contains("不在报告所在的文件夹"), "{}", stderr(&out));

    // A FIFO inside the folder: refused without waiting for a writer.
    let fifo = dir.join("fifo.toml");
    if std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        let report = seed_naming(&dir, "r2.toml", "fifo.toml");
        let out = check_within(&["check", report.to_str().unwrap()], 20);
        assert!(stderr(&out).contains("不是普通文件"), "{}", stderr(&out));
        // The FIFO named as the report itself.
        let out = check_within(&["check", fifo.to_str().unwrap()], 20);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("不是普通文件"), "{}", stderr(&out));
    }

    // `/dev/zero` widened to on purpose is still not a regular file.
    let report = seed_naming(&dir, "r3.toml", "/dev/zero.toml");
    let out = check_within(&["check", "--allow-dir", "/dev", report.to_str().unwrap()], 20);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn a_template_too_large_is_refused_by_its_size() {
    let dir = scratch("paths-large");
    let big = format!("name = \"大\"\ndescription = \"x\"\n{}", "# 注释\n".repeat(400_000));
    std::fs::write(dir.join("big.toml"), big).unwrap();
    let report = seed_naming(&dir, "r.toml", "big.toml");
    let err = stderr(&jixiao(&["check", report.to_str().unwrap()]));
    assert!(err.contains("超过") && err.contains("MB"), "{err}");
}

#[test]
fn allow_dir_widens_to_a_shared_template_folder() {
    let root = scratch("paths-allow");
    let shared = root.join("模板");
    let reports = root.join("各部门");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::create_dir_all(&reports).unwrap();
    // The seed's own template under another name.
    let hunan =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/hunan-2020.toml")).unwrap();
    assert!(hunan.contains("name = \"湖南2020\""));
    std::fs::write(shared.join("本局.toml"), hunan.replacen("name = \"湖南2020\"", "name = \"本局\"", 1))
        .unwrap();
    let report = seed_naming(&reports, "r.toml", "../模板/本局.toml");
    let refused = jixiao(&["check", report.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--allow-dir"), "{}", stderr(&refused));
    let allowed = jixiao(&["check", "--allow-dir", shared.to_str().unwrap(), report.to_str().unwrap()]);
    assert!(!stderr(&allowed).contains("不在报告所在的文件夹"), "{}", stderr(&allowed));
    assert!(!stderr(&allowed).contains("错误["), "{}", stderr(&allowed));

    // A template inside the report's folder needs nothing.
    std::fs::copy(shared.join("本局.toml"), reports.join("本局.toml")).unwrap();
    let report = seed_naming(&reports, "r2.toml", "本局.toml");
    let inside = jixiao(&["check", report.to_str().unwrap()]);
    assert!(!stderr(&inside).contains("错误["), "{}", stderr(&inside));

    let missing =
        jixiao(&["check", "--allow-dir", root.join("没有").to_str().unwrap(), report.to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("找不到这个文件夹"), "{}", stderr(&missing));
}

#[test]
fn a_font_folder_outside_the_report_folder_is_refused() {
    let dir = scratch("paths-fonts");
    let seed = std::fs::read_to_string(SEED).unwrap();
    let report = dir.join("r.toml");
    std::fs::write(&report, format!("{seed}\n[fonts]\npath = \"/usr/share\"\n")).unwrap();
    let err = stderr(&jixiao(&["check", report.to_str().unwrap()]));
    assert!(err.contains("字体文件夹") && err.contains("不在报告所在的文件夹"), "{err}");
    assert!(err.contains("r.toml:"), "{err}");
}

#[test]
fn a_folder_with_a_hostile_report_still_checks_the_others_and_skips_templates() {
    let dir = scratch("paths-folder");
    std::fs::copy(SEED, dir.join("a-good.toml")).unwrap();
    seed_naming(&dir, "b-hostile.toml", "/etc/passwd");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", dir.join("c-link.toml")).unwrap();
        let _ = std::process::Command::new("mkfifo").arg(dir.join("d-fifo.toml")).status();
        seed_naming(&dir, "e-zero.toml", "/dev/zero");
    }
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/county.toml"), dir.join("模板.toml"))
        .unwrap();
    let csv = dir.join("汇总表.csv");
    let out =
        check_within(&["check", dir.to_str().unwrap(), "--format", "csv", "-o", csv.to_str().unwrap()], 60);
    let err = stderr(&out);
    assert!(!err.contains("root:"), "{err}");
    let table = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = table.lines().skip(1).collect();
    assert!(rows.iter().any(|r| r.contains("a-good.toml") && r.contains("中共益阳市委组织部")), "{table}");
    assert!(rows.iter().any(|r| r.contains("b-hostile.toml")), "{table}");
    assert!(!table.contains("模板.toml"), "a template file is not a report: {table}");
    assert!(!table.contains("c-link.toml"), "a link out of the folder is skipped: {table}");
}

/// The page's 模板 field obeys the same rules: the page never shows a file of the machine, and
/// a device named there neither hangs nor grows the server.
#[test]
fn the_pages_template_field_obeys_the_same_rules() {
    let dir = scratch("paths-serve");
    let file = dir.join("r.toml");
    std::fs::copy(SEED, &file).unwrap();
    let serve = common::serve::Serve::start(env!("CARGO_BIN_EXE_jixiao"), &file, &[]);
    for (value, expected) in [("/etc/passwd", "不在报告所在的文件夹"), ("/dev/zero", "不在报告所在的文件夹")]
    {
        let start = Instant::now();
        let r = serve.api(
            "POST",
            "/api/edit",
            Some(serde_json::json!({ "path": ["template"], "value": { "kind": "text", "text": value } })),
        );
        assert!(start.elapsed() < Duration::from_secs(10), "{value}: {:?}", start.elapsed());
        let everything = r.text() + &serve.state().to_string();
        assert!(everything.contains(expected), "{value}: {everything}");
        assert!(!everything.contains("root:x"), "{value}: {everything}");
    }
}
