//! Corrections without fear: watch rebuilds on save and keeps the last good PDF on a bad one;
//! a build killed at any moment leaves the previous PDF whole.

mod common;
use common::*;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Waits for a line of the child's stderr that contains `needle`.
fn wait_for(lines: &mpsc::Receiver<String>, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        if let Ok(line) = lines.recv_timeout(Duration::from_millis(200)) {
            if line.contains(needle) {
                return line;
            }
            seen.push(line);
        }
    }
    panic!("no line with {needle:?}; saw:\n{}", seen.join("\n"));
}

#[test]
fn an_invalid_save_keeps_the_last_good_pdf_and_a_good_one_rebuilds() {
    let dir = scratch("watch");
    let input = seed_with(&dir, "report.toml", "year = 2020", "year = 2020");
    let pdf = dir.join("report.pdf");
    let (mut child, lines) = spawn_watch(&[input.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    wait_for(&lines, "已生成");
    let good = std::fs::read(&pdf).unwrap();

    // A save with a broken sum: reported, and the PDF stays byte-identical.
    let seed = std::fs::read_to_string(SEED).unwrap();
    std::fs::write(&input, seed.replacen("amount = 1706.78", "amount = 1706.87", 1)).unwrap();
    wait_for(&lines, "相差 0.09 万元");
    wait_for(&lines, "保持不变");
    assert!(std::fs::read(&pdf).unwrap() == good, "an invalid save changed the PDF");

    // A TOML syntax error: the same.
    std::fs::write(&input, seed.replacen("year = 2020", "year = = 2020", 1)).unwrap();
    wait_for(&lines, "TOML 格式错误");
    assert!(std::fs::read(&pdf).unwrap() == good);

    // A good correction rebuilds.
    std::fs::write(&input, seed.replacen("batches = 44", "batches = 45", 1)).unwrap();
    wait_for(&lines, "已生成");
    let rebuilt = std::fs::read(&pdf).unwrap();
    assert!(rebuilt != good && rebuilt.starts_with(b"%PDF-"));
    assert!(pdf_text(&pdf).contains("国内公务接待45批次"));

    // So does the next, where the file system keeps times too coarsely to tell the two saves
    // apart (FAT32 on a USB stick: two seconds): same length, modification time put back.
    wait_for(&lines, "等待下一次保存");
    let mtime = std::fs::metadata(&input).unwrap().modified().unwrap();
    std::fs::write(&input, seed.replacen("batches = 44", "batches = 46", 1)).unwrap();
    std::fs::File::options().write(true).open(&input).unwrap().set_modified(mtime).unwrap();
    assert_eq!(std::fs::metadata(&input).unwrap().modified().unwrap(), mtime);
    wait_for(&lines, "已生成");
    assert!(pdf_text(&pdf).contains("国内公务接待46批次"));

    child.kill().unwrap();
    let _ = child.wait();
}

/// Starts `jixiao watch` with these arguments and returns the child and its stderr lines.
fn spawn_watch(args: &[&str]) -> (std::process::Child, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .arg("watch")
        .args(args)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (child, lines)
}

#[test]
fn a_font_copied_into_the_font_folder_is_used_by_the_next_build() {
    // A self-made character (造字) that no font of the office's folder has yet: an error. Copying
    // the office's font into the folder, without saving the report, rebuilds, and this time with
    // the font: the folder is read again, not taken from the previous build.
    let dir = scratch("watch-fonts");
    let fonts = dir.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let input = seed_with(&dir, "report.toml", "subject = \"群众\"", "subject = \"群\u{E000}众\"");
    let pdf = dir.join("report.pdf");
    let (mut child, lines) = spawn_watch(&[
        input.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--font-path",
        fonts.to_str().unwrap(),
        "--pdf-standard",
        "a-2b",
    ]);
    wait_for(&lines, "未生成 PDF");
    wait_for(&lines, "等待下一次保存");
    assert!(!pdf.exists());
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fonts/JixiaoTestPUA.ttf"),
        fonts.join("JixiaoTestPUA.ttf"),
    )
    .unwrap();
    wait_for(&lines, "已生成");
    assert!(pdf::read(&pdf).fonts.iter().any(|f| f.name.contains("JixiaoTestPUA") && f.embedded));

    // Saved by renaming a new file over the old one, as VS Code and WPS do: seen like any save.
    let seed = std::fs::read_to_string(&input).unwrap();
    let fresh = dir.join(".report.toml.swp");
    std::fs::write(&fresh, seed.replacen("batches = 44", "batches = 46", 1)).unwrap();
    std::fs::rename(&fresh, &input).unwrap();
    wait_for(&lines, "已生成");
    assert!(pdf_text(&pdf).contains("国内公务接待46批次"));
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_pdf_whole() {
    let dir = scratch("watch-kill");
    let old_input = seed_with(&dir, "old.toml", "batches = 44", "batches = 43");
    let target = dir.join("report.pdf");
    let old = std::fs::read(build(old_input.to_str().unwrap(), &dir, "report.pdf")).unwrap();
    let new = std::fs::read(build(SEED, &dir, "fresh.pdf")).unwrap();
    assert!(old != new);
    for i in 0..24u64 {
        std::fs::write(&target, &old).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(["build", SEED, "-o", target.to_str().unwrap()])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(i * 6));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(&target).unwrap();
        assert!(
            now == old || now == new,
            "after a kill at {} ms the PDF is neither the old nor the new one",
            i * 6
        );
    }
    // A later build cleans up what killed builds left.
    build(SEED, &dir, "report.pdf");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".report.pdf.jixiao-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
