//! Reviewed text snapshots, in the file format insta uses (a `---` header with the source and a
//! description, then the text), without insta: its dependency tree changed the features of
//! crates that typst shares (bitflags through tempfile and rustix), so `cargo test` after
//! `cargo build --release` compiled typst a second time.
//!
//! A mismatch writes the new text beside the snapshot as `NAME.snap.new` and fails with both.
//! `JIXIAO_BLESS=1 cargo test --release` accepts every new text: review the diff in git.

use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// The snapshot's text without its header (and with the trailing newline trimmed).
fn body(file: &str) -> &str {
    let rest = file.strip_prefix("---\n").unwrap_or(file);
    let rest = rest.split_once("\n---\n").map_or(rest, |(_, body)| body);
    rest.trim_end_matches('\n')
}

/// Text as compared: trailing white space on a line is not a difference (as in insta).
fn normal(text: &str) -> String {
    text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n").trim_end().to_string()
}

/// Compares `text` with the reviewed snapshot `tests/snapshots/{name}.snap`.
pub fn assert_snapshot(source: &str, name: &str, description: &str, text: &str) {
    let path = dir().join(format!("{name}.snap"));
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let text = text.trim_end_matches('\n');
    if normal(body(&old)) == normal(text) {
        let _ = std::fs::remove_file(path.with_extension("snap.new"));
        return;
    }
    let file = format!(
        "---\nsource: {source}\nexpression: {}\n---\n{text}\n",
        serde_json::to_string(description).unwrap()
    );
    if std::env::var_os("JIXIAO_BLESS").is_some() {
        std::fs::write(&path, file).unwrap();
        return;
    }
    std::fs::write(path.with_extension("snap.new"), &file).unwrap();
    panic!(
        "snapshot {name} differs (new text in {}.snap.new; JIXIAO_BLESS=1 accepts it)\n--- reviewed\n{}\n+++ now\n{text}\n",
        name,
        body(&old)
    );
}
