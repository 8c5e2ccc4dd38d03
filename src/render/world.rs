//! The Typst world of jixiao: the whole boundary between the compiler and the outside.
//!
//! It serves the embedded templates, the computed data as `/data.json` and the embedded fonts,
//! and nothing else: no file system, no network, no clock. A request for any other file is
//! refused, so an author's text can never make the document read a file.

use std::sync::{Arc, OnceLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::FontStore;

/// The templates, embedded at build time. Their paths are fixed, so file ids are interned once.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("/main.typ", include_str!("../../typst-templates/main.typ")),
    ("/style.typ", include_str!("../../typst-templates/style.typ")),
    ("/report.typ", include_str!("../../typst-templates/report.typ")),
    ("/form.typ", include_str!("../../typst-templates/form.typ")),
    ("/cover.typ", include_str!("../../typst-templates/cover.typ")),
];

/// The path under which templates read the computed report.
pub const DATA_PATH: &str = "/data.json";

fn file_id(path: &str) -> FileId {
    // The paths are constants of this module: a failure is a bug in jixiao, found by any test.
    let vpath = VirtualPath::new(path).expect("template paths are valid virtual paths");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

struct Files {
    sources: Vec<Source>,
    data: FileId,
}

fn files() -> &'static Files {
    static FILES: OnceLock<Files> = OnceLock::new();
    FILES.get_or_init(|| Files {
        sources: TEMPLATES
            .iter()
            .map(|(path, text)| Source::new(file_id(path), (*text).to_string()))
            .collect(),
        data: file_id(DATA_PATH),
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::builder().build()))
}

/// One compilation's world: the shared templates, library and fonts, plus this report's data.
pub struct DocWorld {
    fonts: Arc<FontStore>,
    data: Bytes,
}

impl DocWorld {
    #[cfg(test)]
    pub fn new(data: Vec<u8>) -> Self {
        Self::with_fonts(data, FontStore::embedded_arc().clone())
    }

    pub fn with_fonts(data: Vec<u8>, fonts: Arc<FontStore>) -> Self {
        DocWorld { fonts, data: Bytes::new(data) }
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        files().sources[0].id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        files().sources.iter().find(|s| s.id() == id).cloned().ok_or(FileError::AccessDenied)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == files().data {
            return Ok(self.data.clone());
        }
        match files().sources.iter().find(|s| s.id() == id) {
            Some(s) => Ok(Bytes::from_string(s.text().to_string())),
            None => Err(FileError::AccessDenied),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // No clock: the document's date comes from the input.
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_embedded_files_are_served() {
        let world = DocWorld::new(b"{}".to_vec());
        for path in ["/etc/passwd", "/main.typ.bak", "/fonts/FandolFang-Regular.otf", "/../data.json"] {
            let Ok(vpath) = VirtualPath::new(path) else { continue };
            let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
            if id == files().data || files().sources.iter().any(|s| s.id() == id) {
                continue;
            }
            assert!(matches!(world.file(id), Err(FileError::AccessDenied)), "{path} was served");
            assert!(matches!(world.source(id), Err(FileError::AccessDenied)), "{path} was served");
        }
        assert_eq!(world.file(file_id(DATA_PATH)).unwrap().as_slice(), b"{}");
        assert!(world.source(file_id("/main.typ")).is_ok());
        assert!(world.today(None).is_none(), "the world must have no clock");
    }
}
