//! Reads a built PDF the way a reader's software does, in Rust (no poppler): the text through
//! the ToUnicode maps Typst writes, the font dictionaries, the page sizes and the document
//! information. Built on `hayro-interpret`, the PDF interpreter that Typst itself already
//! depends on (for PDF images), so the tests add no crate to the build.

use std::path::Path;
use std::sync::Arc;

use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::hayro_syntax::object::{Array, Dict, Name, Stream};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache, InterpreterSettings, Paint,
    PathDrawMode, SoftMask, TransformExt, interpret_page,
};
use kurbo::{Affine, BezPath, Point, Rect, Shape};

/// One glyph as drawn: its text (from ToUnicode) and where it sits, in PDF points with the
/// origin at the top left of the page (y grows downwards, as in a reader).
#[derive(Debug, Clone)]
pub struct Glyph {
    pub text: String,
    /// Left, right, top and bottom of the glyph's advance box.
    pub x0: f64,
    pub x1: f64,
    pub y: f64,
    pub size: f64,
}

/// A straight rule as drawn (a table border): from (x0, y0) to (x1, y1), top-left origin.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// One page: its size in points, its glyphs in content-stream order, and its straight rules.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
}

impl Page {
    /// The page's text as lines, in content-stream order: a new line starts where the
    /// baseline moves (as `pdftotext -raw` does, and without any dehyphenation).
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut last_y: Option<f64> = None;
        for g in &self.glyphs {
            match last_y {
                Some(y) if (y - g.y).abs() < 0.5 => lines.last_mut().unwrap().push_str(&g.text),
                _ => lines.push(g.text.clone()),
            }
            last_y = Some(g.y);
        }
        lines
    }
}

/// A font as the PDF declares it.
#[derive(Debug, Clone)]
pub struct Font {
    /// The BaseFont name, with its subset tag (`ABCDEF+FandolFang-Regular`).
    pub name: String,
    pub embedded: bool,
    pub subset: bool,
    pub to_unicode: bool,
}

/// A PDF read back.
pub struct Document {
    pub pages: Vec<Page>,
    pub fonts: Vec<Font>,
    pub author: Option<String>,
    pub title: Option<String>,
    /// The catalogue has a structure tree and says it is marked (a tagged PDF).
    pub tagged: bool,
}

pub fn read(path: &Path) -> Document {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    read_bytes(bytes)
}

pub fn read_bytes(bytes: Vec<u8>) -> Document {
    let pdf = Pdf::new(Arc::new(bytes)).expect("a PDF hayro can read");
    let settings = InterpreterSettings::default();
    let cache = InterpreterCache::new();
    let mut pages = Vec::new();
    let mut fonts: Vec<Font> = Vec::new();
    for page in pdf.pages().iter() {
        let (width, height) = page.render_dimensions();
        let mut context = Context::new(
            page.initial_transform(true).to_kurbo(),
            Rect::new(0.0, 0.0, width as f64, height as f64),
            &cache,
            page.xref(),
            settings.clone(),
        );
        let mut device =
            Collect { page: Page { width: width as f64, height: height as f64, ..Page::default() } };
        interpret_page(page, &mut context, &mut device);
        pages.push(device.page);
        let dict = &page.resources().fonts;
        for key in dict.keys() {
            if let Some(font) = dict.get::<Dict>(key.as_ref()) {
                let font = describe(&font);
                if !fonts.iter().any(|f| f.name == font.name) {
                    fonts.push(font);
                }
            }
        }
    }
    let meta = pdf.metadata();
    let text = |b: &Option<Vec<u8>>| b.as_ref().map(|b| decode_text_string(b));
    let catalog = pdf.xref().get::<Dict>(pdf.xref().root_id()).unwrap_or_default();
    let marked = catalog
        .get::<Dict>(b"MarkInfo".as_slice())
        .and_then(|m| m.get::<bool>(b"Marked".as_slice()))
        .unwrap_or(false);
    Document {
        pages,
        fonts,
        author: text(&meta.author),
        title: text(&meta.title),
        tagged: marked && catalog.contains_key(b"StructTreeRoot".as_slice()),
    }
}

/// PDF text strings are UTF-16BE with a BOM, or PDFDocEncoding (ASCII here).
fn decode_text_string(b: &[u8]) -> String {
    if b.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> =
            b[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        String::from_utf16_lossy(&units)
    } else if b.starts_with(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(&b[3..]).into_owned()
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

fn describe(font: &Dict) -> Font {
    let name = font.get::<Name>(b"BaseFont".as_slice()).map(|n| n.as_str().to_string()).unwrap_or_default();
    let descendant = font.get::<Array>(b"DescendantFonts".as_slice()).and_then(|a| a.iter::<Dict>().next());
    let descriptor = descendant.as_ref().unwrap_or(font).get::<Dict>(b"FontDescriptor".as_slice());
    let embedded = descriptor.is_some_and(|d| {
        [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"].iter().any(|k| d.get::<Stream>(*k).is_some())
    });
    let subset = name
        .split_once('+')
        .is_some_and(|(tag, _)| tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()));
    Font { embedded, subset, to_unicode: font.get::<Stream>(b"ToUnicode".as_slice()).is_some(), name }
}

/// A device that keeps the glyphs with their text and the straight rules, and draws nothing.
struct Collect {
    page: Page,
}

impl<'a> Device<'a> for Collect {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn draw_path(&mut self, path: &BezPath, transform: Affine, _: &Paint<'a>, _: &PathDrawMode) {
        // Table borders are single straight segments (or thin filled rectangles).
        let path = transform * path.clone();
        let b = path.bounding_box();
        if b.width() < 1.5 || b.height() < 1.5 {
            self.page.rules.push(Rule { x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1 });
        }
    }
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph(
        &mut self,
        glyph: &hayro_interpret::font::Glyph<'a>,
        transform: Affine,
        glyph_transform: Affine,
        _: &Paint<'a>,
        _: &GlyphDrawMode,
    ) {
        let text = match glyph.as_unicode() {
            Some(hayro_interpret::hayro_cmap::BfString::Char(c)) => c.to_string(),
            Some(hayro_interpret::hayro_cmap::BfString::String(s)) => s,
            None => "\u{FFFD}".to_string(),
        };
        // Glyph space is 1000 units to the em; the advance box runs from 0 to the advance.
        let advance = match glyph {
            hayro_interpret::font::Glyph::Outline(o) => o.advance_width().unwrap_or(1000.0) as f64,
            hayro_interpret::font::Glyph::Type3(_) => 1000.0,
        };
        let m = transform * glyph_transform;
        let origin = m * Point::new(0.0, 0.0);
        let end = m * Point::new(advance, 0.0);
        let up = m * Point::new(0.0, 1000.0);
        self.page.glyphs.push(Glyph {
            text,
            x0: origin.x.min(end.x),
            x1: origin.x.max(end.x),
            y: origin.y,
            size: (up - origin).hypot(),
        });
    }
    fn draw_image(&mut self, _: Image<'a, '_>, _: Affine) {}
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}
