//! The corpus of broken inputs: one file per class of mistake in tests/corpus/. Each `.edit`
//! file changes the real seed (`@@ text` becomes `== text`; `\n` is a line break and `<0xNN>`
//! a raw byte; `!utf16`, `!pad` and `!keep-slips` are directives); the findings are reviewed as snapshots, and the class named by the file's code
//! must be among them, so a rule that stops firing fails this test even if someone accepts
//! the snapshot.

mod common;

use std::path::Path;

use jixiao::check::check;
use jixiao::compute::compute;
use jixiao::diag::Finding;
use jixiao::input::{LoadError, MAX_INPUT_BYTES, load_bytes};

fn apply(edit: &str) -> Vec<u8> {
    let seed = std::fs::read_to_string(common::SEED).unwrap();
    // The seed's own three slips are fixed first (unless asked), so each snapshot shows its class.
    let mut text = if edit.lines().any(|l| l == "!keep-slips") {
        seed
    } else {
        seed.replacen("主要原因是是", "主要原因是", 1).replacen("‘三个一批”", "“三个一批”", 1).replacen(
            "中国特设社会主义",
            "中国特色社会主义",
            1,
        )
    };
    let mut from: Option<String> = None;
    let mut utf16 = false;
    let mut pad = false;
    for line in edit.lines() {
        if let Some(f) = line.strip_prefix("@@ ") {
            from = Some(f.replace("\\n", "\n"));
        } else if let Some(t) = line.strip_prefix("== ") {
            let f = from.take().expect("== without @@");
            assert!(text.contains(&f), "the seed has no {f:?}");
            text = text.replacen(&f, &t.replace("\\n", "\n"), 1);
        } else if line == "!utf16" {
            utf16 = true;
        } else if line == "!pad" {
            pad = true;
        }
    }
    if pad {
        let filler = "# 填充\n".repeat((MAX_INPUT_BYTES as usize) / 8);
        text.push_str(&filler);
    }
    if utf16 {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        return bytes;
    }
    // Raw bytes written as <0xNN>.
    let mut bytes = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("<0x") {
        bytes.extend_from_slice(&rest.as_bytes()[..at]);
        let hex = &rest[at + 3..at + 5];
        bytes.push(u8::from_str_radix(hex, 16).unwrap());
        rest = &rest[at + 6..];
    }
    bytes.extend_from_slice(rest.as_bytes());
    bytes
}

fn findings_of(name: &str, bytes: Vec<u8>) -> String {
    let path = Path::new("corpus").join(format!("{name}.toml"));
    let rendered = |findings: &[Finding], source: &jixiao::input::SourceFile| {
        findings.iter().map(|f| f.render(source)).collect::<Vec<_>>().join("\n")
    };
    match load_bytes(&path, bytes) {
        Ok((source, input)) => {
            let report = compute(&input);
            rendered(&check(&input, &report, &source), &source)
        }
        Err(LoadError::Invalid { source, finding }) => rendered(&[*finding], &source),
        Err(e) => panic!("unexpected load error: {e}"),
    }
}

#[test]
fn every_class_of_mistake_is_found_where_it_is() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".edit"))
        .map(|n| n.trim_end_matches(".edit").to_string())
        .collect();
    names.sort();
    assert!(names.len() >= 30, "the corpus shrank: {names:?}");
    for name in names {
        let edit = std::fs::read_to_string(dir.join(format!("{name}.edit"))).unwrap();
        let text = findings_of(&name, apply(&edit));
        let code = &name[..4];
        assert!(text.contains(&format!("[{code}]")), "{name}: {code} was not reported:\n{text}");
        common::snapshot::assert_snapshot(
            "tests/corpus.rs",
            &format!("corpus__{name}"),
            edit.lines().next().unwrap_or(""),
            &text,
        );
    }
}

#[test]
fn the_seed_has_exactly_the_three_known_slips() {
    let bytes = std::fs::read(common::SEED).unwrap();
    let text = findings_of("seed", bytes);
    common::snapshot::assert_snapshot("tests/corpus.rs", "corpus__seed", "text", &text);
    assert!(text.contains("警告[J301]") && text.contains(":63:15"), "{text}");
    assert!(text.contains("警告[J302]") && text.contains(":216:452"), "{text}");
    assert!(text.contains("警告[J309]") && text.contains(":208:28"), "{text}");
    assert!(!text.contains("错误["), "{text}");
}
