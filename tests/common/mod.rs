//! Helpers shared by the end-to-end tests: run the real binary, read the PDFs it writes (in
//! Rust, `pdf`), compare reviewed snapshots (`snapshot`), drive a headless Chromium
//! (`webdriver`).
#![allow(dead_code)]

pub mod http;
pub mod jsonschema;
pub mod pdf;
pub mod serve;
pub mod snapshot;
pub mod webdriver;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/inputs/yiyang-zuzhibu-2020.toml");

/// A fresh scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary in a neutral locale, so that its messages are Chinese whatever the
/// machine's `LANG` (an English locale switches them to English).
pub fn jixiao(args: &[&str]) -> Output {
    jixiao_env(args, &[])
}

/// Runs the binary with extra environment variables.
pub fn jixiao_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    cmd.args(args).env_remove("LANG").env_remove("LC_ALL").env_remove("LC_MESSAGES");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run jixiao")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The text of a PDF with all white space and the page numbers removed (lines break anywhere
/// in CJK text, and a sentence may run on over a page break). Read through the ToUnicode maps,
/// in content-stream order, with no dehyphenation (which would eat a “-” at a line end).
pub fn pdf_text(pdf: &Path) -> String {
    text_of(&pdf::read(pdf))
}

/// The same, of a document already read.
pub fn text_of(doc: &pdf::Document) -> String {
    doc.pages
        .iter()
        .flat_map(|p| p.lines())
        .filter(|l| !is_page_number(l))
        .flat_map(|l| l.chars().collect::<Vec<_>>())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// “— 7 —”, the page number line.
pub fn is_page_number(line: &str) -> bool {
    let t = line.trim().trim_start_matches('\u{c}');
    let digits = t.trim_matches(|c: char| c == '—' || c.is_whitespace());
    t.starts_with('—') && t.ends_with('—') && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// Builds `input` into `dir/name.pdf` and returns the PDF path.
pub fn build(input: &str, dir: &Path, name: &str) -> PathBuf {
    let pdf = dir.join(name);
    let out = jixiao(&["build", input, "-o", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "build failed: {}", stderr(&out));
    pdf
}

/// The seed with one literal replaced, written to `dir/name`.
pub fn seed_with(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let seed = std::fs::read_to_string(SEED).unwrap();
    assert!(seed.contains(from), "the seed has no {from:?}");
    let path = dir.join(name);
    std::fs::write(&path, seed.replacen(from, to, 1)).unwrap();
    path
}

/// The seed with `extra` appended (new tables such as `[stated]`), written to `dir/name`.
pub fn seed_plus(dir: &Path, name: &str, extra: &str) -> PathBuf {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, format!("{seed}\n{extra}\n")).unwrap();
    path
}

/// Temporary files (`*.tmp`) left in `dir`: a finished write must leave none.
pub fn temp_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(".tmp")))
        .collect()
}
