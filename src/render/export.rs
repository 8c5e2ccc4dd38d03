//! The document as plain Typst sources: the embedded templates and the computed `data.json`,
//! written to a folder so that the stock `typst` CLI builds the same document.
//!
//! The folder is laid out as jixiao's closed world sees it (`/main.typ`, `/style.typ`, …,
//! `/data.json` at the root), so with the embedded fonts
//!
//! ```text
//! typst compile DIR/main.typ --root DIR --font-path FONTS --ignore-system-fonts
//! ```
//!
//! gives the same pages. It is a yardstick for benchmarks and a way to look inside; the PDF
//! metadata differs (the CLI writes its own creator, identifier and date).

use std::path::{Path, PathBuf};

use super::{DATA_PATH, TEMPLATES};
use crate::output::{self, OutputError};

/// Writes every template and `data` (the report's `data.json` as laid out,
/// [`super::laid_out_data`]) into `dir`, creating it if needed, each file atomically. Returns the
/// paths written, the main file first.
pub fn export_typst(data: &[u8], dir: &Path) -> Result<Vec<PathBuf>, OutputError> {
    let files = TEMPLATES.iter().map(|(path, text)| (*path, text.as_bytes())).chain([(DATA_PATH, data)]);
    output::create_dir(dir)?;
    let mut written = Vec::new();
    for (virtual_path, bytes) in files {
        // The world's paths are absolute and fixed; inside the folder they are relative.
        let path = dir.join(virtual_path.trim_start_matches('/'));
        if let Some(parent) = path.parent() {
            output::create_dir(parent)?;
        }
        output::write_atomic(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_file_is_first_and_data_path_is_what_main_reads() {
        assert_eq!(TEMPLATES[0].0, "/main.typ");
        assert!(TEMPLATES[0].1.contains(&format!("json(\"{DATA_PATH}\")")));
    }
}
