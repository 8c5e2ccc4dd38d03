//! render: the only module that knows Typst. Hands the computed [`Report`] to the embedded
//! templates as `/data.json`, compiles with the embedded fonts (plus any user font folder) and
//! exports the PDF bytes.
//!
//! Public entry: [`render`] (= [`compile_document`] + [`export_pdf`], which benchmarks time
//! apart; [`compile`] gives the laid-out pages to tests that measure them).
//! [`export::export_typst`] writes the same sources to a folder for the stock `typst` CLI. The
//! author's text reaches Typst only as string values inside the JSON data, never as markup, so
//! `#`, `$`, `*` or `<` print as themselves.

pub mod export;
pub mod fonts;
mod spans;
pub mod tables;
mod world;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use serde::Serialize;
use serde_json::{Value, json};
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Smart;
pub use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::compute::{Block, FontRoles, PrintedPart, Report, Table};
pub use fonts::FontStore;
use world::DocWorld;
pub use world::{DATA_PATH, TEMPLATES};

/// A rendering failure. Either a font setup the user can fix (the message says how) or a
/// fault of jixiao's templates (the message says to report it).
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

/// Which PDF standard the output conforms to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Standard {
    /// PDF/A-2a (archival, tagged) together with PDF/UA-1 (accessible).
    #[default]
    A2aUa1,
    A2b,
    A3b,
    Ua1,
    /// A plain, tagged PDF.
    None,
}

impl Standard {
    pub const NAMES: &'static [(&'static str, Standard)] = &[
        ("a-2a", Standard::A2aUa1),
        ("a-2b", Standard::A2b),
        ("a-3b", Standard::A3b),
        ("ua-1", Standard::Ua1),
        ("none", Standard::None),
    ];

    fn list(self) -> &'static [PdfStandard] {
        match self {
            Standard::A2aUa1 => &[PdfStandard::A_2a, PdfStandard::Ua_1],
            Standard::A2b => &[PdfStandard::A_2b],
            Standard::A3b => &[PdfStandard::A_3b],
            Standard::Ua1 => &[PdfStandard::Ua_1],
            Standard::None => &[],
        }
    }

    fn is_archival(self) -> bool {
        matches!(self, Standard::A2aUa1 | Standard::A2b | Standard::A3b)
    }
}

/// How to render, beyond what the report itself says.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub standard: Standard,
    /// Folders of user fonts (`--font-path`, `[fonts] path`), searched after the embedded ones.
    pub font_dirs: Vec<PathBuf>,
}

/// The result of a render: the PDF, its page count, and what the user should know.
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub notes: Vec<String>,
}

/// What the templates read as `/data.json`: the report, and the font chain of every role.
#[derive(Serialize)]
struct Data<'a> {
    #[serde(flatten)]
    report: &'a Report,
    fonts: Value,
}

/// The default family of each role. Latin letters and digits go to Liberation Serif (Times
/// metrics); the last font of every chain covers GBK and CJK Extension A.
const DEFAULTS: [(&str, &[&str]); 5] = [
    ("fangsong", &["FandolFang R", "Noto Serif CJK SC"]),
    ("kaiti", &["FandolKai", "Noto Serif CJK SC"]),
    ("heiti", &["FandolHei", "Noto Sans CJK SC"]),
    ("songti", &["Noto Serif CJK SC"]),
    ("xiaobiaosong", &["Noto Serif CJK SC"]),
];

fn chains(roles: &FontRoles) -> Value {
    let chosen = [&roles.fangsong, &roles.kaiti, &roles.heiti, &roles.songti, &roles.xiaobiaosong];
    let mut map = serde_json::Map::new();
    for ((role, defaults), user) in DEFAULTS.iter().zip(chosen) {
        let mut chain = vec![json!({"name": "Liberation Serif", "covers": "latin-in-cjk"})];
        if let Some(family) = user {
            chain.push(json!(family));
        }
        chain.extend(defaults.iter().map(|f| json!(f)));
        map.insert((*role).to_string(), Value::Array(chain));
    }
    Value::Object(map)
}

/// The computed report as the JSON that templates read, with the forms sized to the fonts of
/// the embedded store (every spanning cell whole: the data before any page is known).
pub fn data_json(report: &Report) -> Vec<u8> {
    data_json_with(report, FontStore::get())
}

/// The same, measured with `fonts` (the embedded ones and any user folders).
pub fn data_json_with(report: &Report, fonts: &FontStore) -> Vec<u8> {
    serde_json::to_vec(&data_value(report, fonts)).unwrap_or_default()
}

fn data_value(report: &Report, fonts: &FontStore) -> Value {
    let chains = chains(&report.layout.fonts);
    let measure = form_measure(report, fonts);
    // Serializing plain strings, numbers and vectors cannot fail.
    let mut value = serde_json::to_value(Data { report, fonts: chains }).unwrap_or_default();
    for (id, (at, table, shares)) in tables(report).into_iter().enumerate() {
        if let Some(t) = value.pointer_mut(&at) {
            sized(t, table, shares, &measure);
            spans::mark(t, id, table);
        }
    }
    value
}

/// Every table of the document (the forms', the outline's) in order: the JSON pointer of its
/// data, the table, and the author's shares of its widths (empty for a form). The index in this
/// list is the table's id in its rows' markers.
fn tables(report: &Report) -> Vec<(String, &Table, &[f64])> {
    let mut out = Vec::new();
    for (p, part) in report.parts.iter().enumerate() {
        match part {
            PrintedPart::Form(form) => {
                out.extend(
                    form.tables
                        .iter()
                        .enumerate()
                        .map(|(k, t)| (format!("/parts/{p}/tables/{k}"), t, &[][..])),
                );
            }
            PrintedPart::Body(body) => {
                for (k, block) in body.blocks.iter().enumerate() {
                    if let Block::Table { table, shares, .. } = block {
                        out.push((format!("/parts/{p}/blocks/{k}/table"), table, shares.as_slice()));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A table's JSON with the widths of its columns and the lines of its cells, measured.
fn sized(t: &mut Value, table: &Table, shares: &[f64], measure: &tables::Measure) {
    let widths = if shares.len() == table.columns.len() && shares.iter().any(|s| *s > 0.0) {
        tables::shared_widths(table, shares, measure, tables::FORM_SIZE, tables::TYPE_AREA)
    } else {
        tables::widths(table, measure, tables::FORM_SIZE, tables::TYPE_AREA)
    };
    let lines = tables::lines(table, &widths, measure, tables::FORM_SIZE);
    t["widths"] = json!(widths.iter().map(|w| (w * 100.0).round() / 100.0).collect::<Vec<_>>());
    if let Some(rows) = t.get_mut("rows").and_then(Value::as_array_mut) {
        for (row, row_lines) in rows.iter_mut().zip(lines) {
            for (cell, l) in row.as_array_mut().into_iter().flatten().zip(row_lines) {
                cell["lines"] = json!(l);
            }
        }
    }
}

/// What the forms' cells are measured with: the 仿宋 role's chain of this report, as Typst sets
/// them. Public so that the XLSX of the forms (`crate::xlsx`) takes the same column widths and
/// line breaks as the PDF instead of guessing its own.
pub fn form_measure<'a>(report: &Report, fonts: &'a FontStore) -> tables::Measure<'a> {
    let chains = chains(&report.layout.fonts);
    let fangsong: Vec<String> = chains["fangsong"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str().or_else(|| f["name"].as_str()).map(String::from))
        .collect();
    tables::Measure::new(fonts, fangsong)
}

/// The fonts a render with these options will have: the embedded ones, plus the user folders.
pub fn fonts_for(options: &RenderOptions) -> Result<Arc<FontStore>, RenderError> {
    font_store(&options.font_dirs)
}

/// The font store for a set of user folders. The last one is kept while the folders hold the
/// same font files (by name, length and modification time), so that rebuilds (watch) do not
/// read the fonts again, and a font added or replaced between two builds is seen by the second.
fn font_store(dirs: &[PathBuf]) -> Result<Arc<FontStore>, RenderError> {
    if dirs.is_empty() {
        return Ok(FontStore::embedded_arc().clone());
    }
    type Key = (Vec<PathBuf>, Vec<(PathBuf, u64, Option<SystemTime>)>);
    static LAST: Mutex<Option<(Key, Arc<FontStore>)>> = Mutex::new(None);
    let key = (dirs.to_vec(), fonts::folder_stamp(dirs));
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((k, store)) = last.as_ref()
        && *k == key
    {
        return Ok(store.clone());
    }
    let store = Arc::new(FontStore::with_dirs(dirs).map_err(|message| RenderError { message })?);
    *last = Some((key, store.clone()));
    Ok(store)
}

/// Lays the report out.
pub fn compile(report: &Report, options: &RenderOptions) -> Result<PagedDocument, RenderError> {
    Ok(lay_out(report, options)?.document)
}

/// The `data.json` of the document as it is laid out: with the spanning cells cut at the page
/// breaks (what `export-typst` writes, so that the stock CLI lays out the same pages).
pub fn laid_out_data(report: &Report, options: &RenderOptions) -> Result<Vec<u8>, RenderError> {
    Ok(lay_out(report, options)?.data)
}

/// A document as laid out, the data it was laid out from, and how many layouts that took.
struct LaidOut {
    document: PagedDocument,
    data: Vec<u8>,
    layouts: usize,
}

/// At most this many layouts of one document: the first; one with the spanning cells cut at its
/// page breaks; and, when a cut part was taller than its rows and moved them, one with that
/// cell kept whole; one more to spare.
const LAYOUTS: usize = 4;

/// Lays the report out, and again with every spanning cell that a page break cuts cut there
/// (`spans`), until no spanning cell crosses a page break: the document and its data.
fn lay_out(report: &Report, options: &RenderOptions) -> Result<LaidOut, RenderError> {
    let fonts = font_store(&options.font_dirs)?;
    // A family the author named must exist: Typst would only warn and substitute silently.
    let roles = &report.layout.fonts;
    for (key, family) in [
        ("fangsong", &roles.fangsong),
        ("kaiti", &roles.kaiti),
        ("heiti", &roles.heiti),
        ("songti", &roles.songti),
        ("xiaobiaosong", &roles.xiaobiaosong),
    ] {
        if let Some(family) = family
            && !fonts.has_family(family)
        {
            return Err(RenderError {
                message: format!(
                    "[fonts] {key} = \"{family}\"：找不到这个字体。请用 --font-path 或 [fonts] path 给出包含它的字体文件夹，并核对字体名（Windows 字体用英文名，如 FangSong_GB2312、SimHei）。"
                ),
            });
        }
    }
    let base = data_value(report, &fonts);
    let tables = tables(report);
    // One layout with the spanning cells cut as `cuts` says: how many are wrong in it (cross a
    // page break, or are cut where none is), and the cuts its pages call for.
    let attempt =
        |cuts: &[spans::Cuts]| -> Result<(usize, PagedDocument, Vec<u8>, Vec<spans::Cuts>), RenderError> {
            let data = if cuts.iter().all(spans::Cuts::is_empty) {
                serde_json::to_vec(&base)
            } else {
                let mut value = base.clone();
                for ((at, table, _), cuts) in tables.iter().zip(cuts) {
                    if let Some(t) = value.pointer_mut(at) {
                        spans::apply(t, table, cuts);
                    }
                }
                serde_json::to_vec(&value)
            }
            .unwrap_or_default();
            let doc = compile_with(data.clone(), fonts.clone())?;
            let pages = spans::row_pages(&doc);
            let mut wrong = 0;
            let mut next = Vec::with_capacity(tables.len());
            for (id, ((_, table, _), cuts)) in tables.iter().zip(cuts).enumerate() {
                let (revised, defects) = spans::revise(table, cuts, |row| pages.get(&(id, row)).copied());
                wrong += defects;
                next.push(revised);
            }
            Ok((wrong, doc, data, next))
        };
    let mut cuts = vec![spans::Cuts::default(); tables.len()];
    let (mut fewest, doc, data, mut next) = attempt(&cuts)?;
    // The layout with the fewest spanning cells wrong, should none be right within LAYOUTS.
    let mut best = LaidOut { document: doc, data, layouts: 1 };
    let mut layouts = 1;
    while layouts < LAYOUTS && fewest > 0 && next != cuts {
        cuts = next;
        let (wrong, document, data, revised) = attempt(&cuts)?;
        layouts += 1;
        if wrong < fewest {
            fewest = wrong;
            best = LaidOut { document, data, layouts };
        }
        next = revised;
    }
    best.layouts = layouts;
    Ok(best)
}

/// One layout of `data` with `fonts`; a warning about fonts is an error.
fn compile_with(data: Vec<u8>, fonts: Arc<FontStore>) -> Result<PagedDocument, RenderError> {
    let world = DocWorld::with_fonts(data, fonts);
    let warned = typst::compile::<PagedDocument>(&world);
    let fatal: Vec<&SourceDiagnostic> = warned
        .warnings
        .iter()
        .filter(|w| w.severity == Severity::Warning && w.message.contains("font"))
        .collect();
    if !fatal.is_empty() {
        return Err(diagnostics_error("字体设置有误", fatal.into_iter()));
    }
    warned.output.map_err(|errors| diagnostics_error("排版失败", errors.iter()))
}

/// Lays out a `data.json` made by hand (tests of the templates: a width too narrow on purpose).
pub fn compile_json(data: Vec<u8>) -> Result<PagedDocument, RenderError> {
    let world = DocWorld::with_fonts(data, FontStore::embedded_arc().clone());
    typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| diagnostics_error("排版失败", errors.iter()))
}

/// A laid-out document, not yet exported, with what its export needs to know.
pub struct Compiled {
    document: PagedDocument,
    /// How many layouts the document took (more than one when a page break cut a spanning cell).
    layouts: usize,
    ident: String,
    dated: bool,
    standard: Standard,
}

impl Compiled {
    pub fn pages(&self) -> usize {
        self.document.pages().len()
    }

    /// How many times the document was laid out: 1, or more when page breaks cut spanning
    /// cells that jixiao then cut there (`render/spans.rs`). For the benchmarks.
    pub fn layouts(&self) -> usize {
        self.layouts
    }

    /// A hash of each laid-out page: equal hashes, equal pages (the preview of `serve` sends
    /// only the pages whose hash changed).
    pub fn page_hashes(&self) -> Vec<u128> {
        self.document.pages().iter().map(|p| typst::utils::hash128(&p.frame)).collect()
    }

    /// One page as Typst's own SVG, from the same layout as the PDF.
    pub fn page_svg(&self, index: usize) -> Option<String> {
        let page = self.document.pages().get(index)?;
        Some(typst_svg::svg(page, &typst_svg::SvgOptions::default()))
    }
}

/// The first half of [`render`]: evaluates the templates on the report's data and lays out the
/// pages.
pub fn compile_document(report: &Report, options: &RenderOptions) -> Result<Compiled, RenderError> {
    let laid_out = lay_out(report, options)?;
    Ok(Compiled {
        document: laid_out.document,
        layouts: laid_out.layouts,
        // Stable across corrected versions: /ID[0] stays, /ID[1] follows the content.
        ident: format!("jixiao/{}/{}", report.meta.author, report.meta.year),
        // (a document of the tables alone is another document than the whole report)
        dated: report.meta.date.is_some(),
        standard: options.standard,
    })
}

/// The second half of [`render`]: the PDF bytes of a compiled document, with notes about what
/// the user should know.
pub fn export_pdf(compiled: &Compiled) -> Result<Rendered, RenderError> {
    let mut notes = Vec::new();
    let mut standard = compiled.standard;
    if standard.is_archival() && !compiled.dated {
        notes.push(
            "没有文档日期（[report] date），PDF/A 归档格式需要它：这次生成的是 PDF/UA-1 无障碍 PDF。".into(),
        );
        standard = if standard == Standard::A2aUa1 { Standard::Ua1 } else { Standard::None };
    }
    let standards = PdfStandards::new(standard.list())
        .map_err(|e| RenderError { message: format!("PDF 标准设置有误：{}", e.message()) })?;
    let options = PdfOptions {
        ident: Smart::Custom(compiled.ident.clone()),
        creator: Smart::Custom(Some(format!("jixiao {}", env!("CARGO_PKG_VERSION")))),
        timestamp: None,
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    let pdf = typst_pdf::pdf(&compiled.document, &options).map_err(|errors| {
        // PDF/A-2a and UA need the Unicode meaning of every glyph: a self-made character
        // (造字) in the private use area, printable with an office's own font, has none.
        let private = |e: &SourceDiagnostic| e.hints.iter().any(|h| h.v.contains("private area"));
        if errors.iter().any(private) {
            RenderError {
                message: "正文中有私用区字符（自造字）：PDF/A-2a 和 PDF/UA-1 要求每个字都有 Unicode 含义，不能包含它。\
                          请换成标准汉字，或用 --pdf-standard a-2b 生成（归档格式，但不含无障碍标记）。"
                    .into(),
            }
        } else {
            diagnostics_error("导出 PDF 失败", errors.iter())
        }
    })?;
    Ok(Rendered { pdf, pages: compiled.pages(), notes })
}

/// Compiles the report into PDF bytes.
pub fn render(report: &Report, options: &RenderOptions) -> Result<Rendered, RenderError> {
    export_pdf(&compile_document(report, options)?)
}

/// The eviction age for a process that builds one report again and again (`watch` after each
/// build, `serve` after each edit): a build lays its document out up to [`LAYOUTS`] times (two or
/// three when a page break cuts a spanning cell), and the next build reuses each of those layouts,
/// so the last few builds are kept. With 10, as for a single layout, `watch` held 1.87× the
/// memory of its first build after 200 rebuilds of the seed (three layouts each); with 3, 1.27×
/// and no slower.
pub const REBUILD_EVICT_AGE: usize = 3;

/// Drops memoized layout results that were not used in the last `max_age` evictions.
///
/// Typst memoizes across compilations in a cache global to the process; a process that renders
/// many reports must call this between them or its memory grows with every report. It goes
/// through typst's re-export of comemo, so it is the cache Typst actually fills.
pub fn evict_cache(max_age: usize) {
    typst::comemo::evict(max_age);
}

fn diagnostics_error<'a>(what: &str, diags: impl Iterator<Item = &'a SourceDiagnostic>) -> RenderError {
    let details: Vec<String> = diags
        .map(|d| {
            let hints: Vec<&str> = d.hints.iter().map(|h| h.v.as_str()).collect();
            if hints.is_empty() {
                format!("  - {}", d.message)
            } else {
                format!("  - {}（{}）", d.message, hints.join("；"))
            }
        })
        .collect();
    RenderError {
        message: format!(
            "{what}（这是 jixiao 模板或字体的问题，不是报告内容的问题，请把这段信息报告给开发者）：\n{}",
            details.join("\n")
        ),
    }
}
