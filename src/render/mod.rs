//! render: the only module that knows Typst. Hands the computed [`Report`] to the embedded
//! templates as `/data.json`, compiles with the embedded fonts and exports the PDF bytes.
//!
//! Public entry: [`render`] (= [`compile_document`] + [`export_pdf`]). [`export::export_typst`]
//! writes the same sources to a folder for the stock `typst` CLI. The author's text reaches
//! Typst only as string values inside the JSON data, never as markup, so `#`, `$`, `*` or `<`
//! print as themselves.

pub mod export;
pub mod fonts;
mod world;

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandards};

use crate::compute::Report;
pub use fonts::FontStore;
use world::DocWorld;
pub use world::{DATA_PATH, TEMPLATES};

/// A rendering failure. These are faults of jixiao or of a font setup, not of the author's data
/// (which `check` has already vetted); the message says so.
#[derive(Debug)]
pub struct RenderError {
    pub message: String,
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RenderError {}

/// The result of a render: the PDF and the number of pages.
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
}

/// The computed report as the JSON that templates read.
pub fn data_json(report: &Report) -> Vec<u8> {
    // Serializing plain strings, numbers and vectors cannot fail.
    serde_json::to_vec(report).unwrap_or_default()
}

/// How to render, beyond what the report itself says.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {}

/// Compiles the report into PDF bytes: [`compile_document`], then [`export_pdf`].
pub fn render(report: &Report, options: &RenderOptions) -> Result<Rendered, RenderError> {
    export_pdf(&compile_document(report, options)?)
}

/// A laid-out document, not yet exported. Kept opaque so that callers never name Typst types.
pub struct Compiled {
    document: PagedDocument,
    ident: String,
}

impl Compiled {
    pub fn pages(&self) -> usize {
        self.document.pages().len()
    }
}

/// The first half of [`render`]: evaluates the templates on the report's data and lays out the
/// pages. Separate from [`export_pdf`] so that benchmarks can time the two apart.
pub fn compile_document(report: &Report, _options: &RenderOptions) -> Result<Compiled, RenderError> {
    let world = DocWorld::new(data_json(report));
    let warned = typst::compile::<PagedDocument>(&world);
    // A missing font family is only a warning to Typst, which then substitutes silently; to
    // us it is an error: the PDF would not look like what was asked for.
    let fatal: Vec<&SourceDiagnostic> = warned
        .warnings
        .iter()
        .filter(|w| w.severity == Severity::Warning && w.message.contains("font"))
        .collect();
    if !fatal.is_empty() {
        return Err(diagnostics_error("字体设置有误", fatal.into_iter()));
    }
    let document = warned.output.map_err(|errors| diagnostics_error("排版失败", errors.iter()))?;
    Ok(Compiled { document, ident: format!("jixiao/{}/{}", report.meta.author, report.meta.year) })
}

/// The second half of [`render`]: the PDF bytes of a compiled document.
pub fn export_pdf(compiled: &Compiled) -> Result<Rendered, RenderError> {
    let options = PdfOptions {
        ident: Smart::Custom(compiled.ident.clone()),
        creator: Smart::Custom(Some(format!("jixiao {}", env!("CARGO_PKG_VERSION")))),
        timestamp: None,
        page_ranges: None,
        standards: PdfStandards::default(),
        tagged: true,
        pretty: false,
    };
    let pdf = typst_pdf::pdf(&compiled.document, &options)
        .map_err(|errors| diagnostics_error("导出 PDF 失败", errors.iter()))?;
    Ok(Rendered { pdf, pages: compiled.pages() })
}

/// Drops memoized layout results that were not used in the last `max_age` evictions.
///
/// Typst memoizes across compilations in a cache global to the process; a process that renders
/// many reports must call this between them or its memory grows with every report. It goes
/// through typst's re-export of comemo, so it is the cache Typst actually fills.
pub fn evict_cache(max_age: usize) {
    typst::comemo::evict(max_age);
}

fn diagnostics_error<'a>(what: &str, diags: impl Iterator<Item = &'a SourceDiagnostic>) -> RenderError {
    let details: Vec<String> = diags.map(|d| format!("  - {}", d.message)).collect();
    RenderError {
        message: format!(
            "{what}（这是 jixiao 模板或字体的问题，不是报告内容的问题，请把这段信息报告给开发者）：\n{}",
            details.join("\n")
        ),
    }
}
