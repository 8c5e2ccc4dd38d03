//! The embedded fonts: compiled into the binary, parsed lazily, once per process.
//!
//! Nothing from the system is ever looked at: the same input gives the same PDF on every
//! machine. See fonts/README.md for where each file comes from and its licence.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo, FontWeight};
use typst::utils::LazyHash;

/// One embedded font file.
pub struct EmbeddedFont {
    pub file: &'static str,
    /// The role in GB/T 9704 terms (shown by `jixiao fonts`).
    pub role: &'static str,
    pub licence: &'static str,
    pub data: &'static [u8],
}

macro_rules! font {
    ($file:literal, $role:literal, $licence:literal) => {
        EmbeddedFont {
            file: $file,
            role: $role,
            licence: $licence,
            data: include_bytes!(concat!("../../fonts/", $file)),
        }
    };
}

/// Every embedded font, in the order the book lists them.
pub static EMBEDDED: &[EmbeddedFont] = &[
    font!("FandolFang-Regular.otf", "仿宋（正文）", "GPL-3.0 with font exception"),
    font!("FandolKai-Regular.otf", "楷体（二级标题）", "GPL-3.0 with font exception"),
    font!("FandolHei-Regular.otf", "黑体（一级标题、附件标识）", "GPL-3.0 with font exception"),
    font!("FandolHei-Bold.otf", "黑体粗体", "GPL-3.0 with font exception"),
    font!("NotoSerifCJKsc-Regular-subset.otf", "宋体（页码）、正文后备字体", "OFL-1.1"),
    font!("NotoSerifCJKsc-Bold-subset.otf", "小标宋（标题）", "OFL-1.1"),
    font!("NotoSansCJKsc-Regular-subset.otf", "黑体后备字体", "OFL-1.1"),
    font!("LiberationSerif-Regular.ttf", "数字和西文", "OFL-1.1"),
    font!("LiberationSerif-Bold.ttf", "数字和西文（粗）", "OFL-1.1"),
];

/// Whether jixiao reads this file as a font (by its extension, as the typst CLI does).
pub fn is_font_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc" | "otc"))
}

/// The state of the font files in `dirs`: each file's path, length and modification time,
/// sorted. Two equal stamps mean the folders hold the same fonts, so a store built from them
/// can be reused; `watch` also rebuilds when the stamp changes.
pub fn folder_stamp(dirs: &[PathBuf]) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_font_file(p))
            .filter_map(|p| std::fs::metadata(&p).ok().map(|m| (p, m.len(), m.modified().ok())))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        out.extend(files);
    }
    out
}

/// A font file of a user folder, under the rules of `input::paths` (a regular file, capped).
fn read_font_file(path: &Path) -> Result<Vec<u8>, crate::input::paths::Refused> {
    crate::input::paths::read_regular(path, crate::input::paths::MAX_FONT_BYTES)
}

/// A font book and its faces, parsed lazily: the embedded fonts, optionally followed by the
/// fonts of user folders (an office's licensed 方正小标宋 or 仿宋_GB2312).
pub struct FontStore {
    pub book: LazyHash<FontBook>,
    slots: Vec<Slot>,
    /// The union of every font's coverage as sorted, inclusive ranges (built on first use).
    covered: OnceLock<Vec<(u32, u32)>>,
}

/// Where a face of the book comes from.
#[derive(Clone)]
pub enum Origin {
    Embedded(&'static EmbeddedFont),
    /// A user font file, read again only when a face of it is first used.
    File(PathBuf),
}

struct Slot {
    origin: Origin,
    index: u32,
    font: OnceLock<Option<Font>>,
}

impl FontStore {
    /// The process-wide store of the embedded fonts (reading their tables takes a few
    /// milliseconds, once).
    pub fn get() -> &'static FontStore {
        Self::embedded_arc()
    }

    /// The same store, shareable with worlds that may also hold user fonts.
    pub fn embedded_arc() -> &'static Arc<FontStore> {
        static STORE: OnceLock<Arc<FontStore>> = OnceLock::new();
        STORE.get_or_init(|| {
            let mut infos = Vec::new();
            let mut slots = Vec::new();
            add_embedded(&mut infos, &mut slots);
            Arc::new(FontStore::from_parts(infos, slots))
        })
    }

    /// Starts reading the embedded fonts on another thread: the font book, the coverage that
    /// `check` asks about, and the faces a report uses, each hashed (Typst hashes a face's whole
    /// file the first time it is used, 46 MB for a report). A cold build then finds them ready
    /// while it loads, checks and evaluates. Idempotent; work the build needs first is not
    /// waited for twice (the book is a OnceLock, a face's hash is computed by whoever is first).
    pub fn warm_up() {
        static STARTED: std::sync::Once = std::sync::Once::new();
        STARTED.call_once(|| {
            let _ = std::thread::Builder::new().name("fonts".into()).spawn(|| {
                let store = Self::embedded_arc();
                let _ = store.covers('一');
                // In the order a report first needs them: title, body, headings.
                for file in [
                    "LiberationSerif-Regular.ttf",
                    "NotoSerifCJKsc-Bold-subset.otf",
                    "FandolFang-Regular.otf",
                    "FandolHei-Regular.otf",
                    "FandolKai-Regular.otf",
                    "NotoSerifCJKsc-Regular-subset.otf",
                ] {
                    let slot = store
                        .slots
                        .iter()
                        .position(|s| matches!(s.origin, Origin::Embedded(f) if f.file == file));
                    if let Some(font) = slot.and_then(|i| store.font(i)) {
                        let _ = typst::utils::hash128(&font);
                    }
                }
            });
        });
    }

    /// The embedded fonts plus every font file (.ttf .otf .ttc .otc) in `dirs`. A folder that
    /// cannot be read is an error; a file that is not a font is skipped.
    pub fn with_dirs(dirs: &[PathBuf]) -> Result<FontStore, String> {
        let mut infos = Vec::new();
        let mut slots = Vec::new();
        add_embedded(&mut infos, &mut slots);
        for dir in dirs {
            let entries =
                std::fs::read_dir(dir).map_err(|e| format!("无法读取字体文件夹 {}：{e}", dir.display()))?;
            let mut files: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| is_font_file(p)).collect();
            files.sort();
            for path in files {
                // Regular files of bounded size only: a FIFO or a link to a device named like a
                // font would otherwise hang the build or fill memory.
                let Ok(bytes) = read_font_file(&path) else { continue };
                for index in 0..ttf_count(&bytes) {
                    if let Some(info) = FontInfo::new(&bytes, index) {
                        infos.push(info);
                        slots.push(Slot { origin: Origin::File(path.clone()), index, font: OnceLock::new() });
                    }
                }
            }
        }
        Ok(FontStore::from_parts(infos, slots))
    }

    fn from_parts(infos: Vec<FontInfo>, slots: Vec<Slot>) -> FontStore {
        FontStore { book: LazyHash::new(FontBook::from_infos(infos)), slots, covered: OnceLock::new() }
    }

    /// The face at `index` of the book, parsed on first use.
    pub fn font(&self, index: usize) -> Option<Font> {
        let slot = self.slots.get(index)?;
        slot.font
            .get_or_init(|| {
                let bytes = match &slot.origin {
                    Origin::Embedded(f) => Bytes::new(f.data),
                    Origin::File(path) => Bytes::new(read_font_file(path).ok()?),
                };
                Font::new(bytes, slot.index)
            })
            .clone()
    }

    /// Whether a family of this name is in the book (as Typst matches it: case-insensitive).
    pub fn has_family(&self, family: &str) -> bool {
        self.book.contains_family(&family.to_lowercase())
    }

    /// Whether any font of the store has a glyph for `c` (Typst falls back to any font of the
    /// book, so one is enough).
    pub fn covers(&self, c: char) -> bool {
        let ranges = self.covered.get_or_init(|| {
            let mut points: Vec<u32> = (0..self.slots.len())
                .filter_map(|i| self.book.info(i))
                .flat_map(|info| info.coverage.iter())
                .collect();
            points.sort_unstable();
            points.dedup();
            let mut ranges: Vec<(u32, u32)> = Vec::new();
            for p in points {
                match ranges.last_mut() {
                    Some((_, end)) if *end + 1 == p => *end = p,
                    _ => ranges.push((p, p)),
                }
            }
            ranges
        });
        let c = c as u32;
        let i = ranges.partition_point(|(start, _)| *start <= c);
        i > 0 && ranges[i - 1].1 >= c
    }

    /// The family names in the book, each once.
    pub fn families(&self) -> Vec<String> {
        let mut names: Vec<String> =
            (0..self.slots.len()).filter_map(|i| self.book.info(i).map(|info| info.family.clone())).collect();
        names.dedup();
        names
    }
}

fn add_embedded(infos: &mut Vec<FontInfo>, slots: &mut Vec<Slot>) {
    for f in EMBEDDED {
        for index in 0..ttf_count(f.data) {
            if let Some(mut info) = FontInfo::new(f.data, index) {
                // FandolHei-Bold declares usWeightClass 400 although it is the bold face;
                // unpatched, it would shadow the regular face at random.
                if f.file == "FandolHei-Bold.otf" {
                    info.variant.weight = FontWeight::BOLD;
                }
                infos.push(info);
                slots.push(Slot { origin: Origin::Embedded(f), index, font: OnceLock::new() });
            }
        }
    }
}

/// A character set to measure coverage against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    /// GB 2312: 6763 hanzi and 682 symbols, as Python's `gb2312` codec decodes them.
    Gb2312,
    /// GBK: every two-byte code that Python's `gbk` codec decodes.
    Gbk,
    /// CJK Unified Ideographs Extension A, U+3400–U+4DBF.
    ExtA,
}

impl Charset {
    pub const ALL: [Charset; 3] = [Charset::Gb2312, Charset::Gbk, Charset::ExtA];

    pub fn name(self) -> &'static str {
        match self {
            Charset::Gb2312 => "GB2312",
            Charset::Gbk => "GBK",
            Charset::ExtA => "CJK Ext. A",
        }
    }

    /// The code points of the set as sorted, disjoint, inclusive ranges.
    pub fn ranges(self) -> &'static [(u32, u32)] {
        static GB2312: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
        static GBK: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
        match self {
            Charset::Gb2312 => GB2312.get_or_init(|| parse_ranges(include_str!("charsets/gb2312.txt"))),
            Charset::Gbk => GBK.get_or_init(|| parse_ranges(include_str!("charsets/gbk.txt"))),
            Charset::ExtA => &[(0x3400, 0x4DBF)],
        }
    }

    /// How many code points the set has.
    pub fn size(self) -> usize {
        self.ranges().iter().map(|(a, b)| (b - a + 1) as usize).sum()
    }

    pub fn contains(self, c: u32) -> bool {
        let r = self.ranges();
        let i = r.partition_point(|(_, end)| *end < c);
        r.get(i).is_some_and(|(start, _)| *start <= c)
    }
}

/// Reads the generated range files (`scripts/charsets.py`): `#` comments, then hex code points
/// and ranges (`4E00-9FA5`) separated by white space. The files are part of the source, so a
/// malformed token is a bug that the tests catch; it is skipped here.
fn parse_ranges(text: &str) -> Vec<(u32, u32)> {
    let hex = |s: &str| u32::from_str_radix(s, 16).ok();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .filter_map(|tok| match tok.split_once('-') {
            Some((a, b)) => Some((hex(a)?, hex(b)?)),
            None => hex(tok).map(|c| (c, c)),
        })
        .collect()
}

/// One face of the font book as `jixiao fonts` shows it.
pub struct FaceSummary {
    pub origin: Origin,
    /// The family name under which templates ask for the face.
    pub family: String,
    pub weight: u16,
    pub italic: bool,
    /// Code points the face maps, in all.
    pub code_points: usize,
    /// Code points of each [`Charset::ALL`] that the face maps.
    pub coverage: [usize; 3],
}

impl FaceSummary {
    pub fn file(&self) -> String {
        match &self.origin {
            Origin::Embedded(f) => f.file.to_string(),
            Origin::File(path) => path.display().to_string(),
        }
    }
    pub fn role(&self) -> &'static str {
        match &self.origin {
            Origin::Embedded(f) => f.role,
            Origin::File(_) => "用户字体",
        }
    }
    pub fn licence(&self) -> &'static str {
        match &self.origin {
            Origin::Embedded(f) => f.licence,
            Origin::File(_) => "由用户提供",
        }
    }
    pub fn bytes(&self) -> usize {
        match &self.origin {
            Origin::Embedded(f) => f.data.len(),
            Origin::File(path) => std::fs::metadata(path).map_or(0, |m| m.len() as usize),
        }
    }
}

/// Every face of the font book with its family, weight and coverage, counted from the book's
/// coverage (the font's cmap) against the character sets.
pub fn catalogue() -> Vec<FaceSummary> {
    catalogue_of(FontStore::get())
}

/// The same for any store (the embedded fonts plus user folders).
pub fn catalogue_of(store: &FontStore) -> Vec<FaceSummary> {
    store
        .slots
        .iter()
        .enumerate()
        .filter_map(|(i, slot)| {
            let info = store.book.info(i)?;
            let mut coverage = [0; 3];
            let mut code_points = 0;
            for c in info.coverage.iter() {
                code_points += 1;
                for (n, set) in Charset::ALL.iter().enumerate() {
                    if set.contains(c) {
                        coverage[n] += 1;
                    }
                }
            }
            Some(FaceSummary {
                origin: slot.origin.clone(),
                family: info.family.clone(),
                weight: info.variant.weight.to_number(),
                italic: info.variant.style != typst::text::FontStyle::Normal,
                code_points,
                coverage,
            })
        })
        .collect()
}

fn ttf_count(data: &[u8]) -> u32 {
    // A TrueType collection starts with “ttcf” and holds its face count at byte 8.
    if data.len() >= 12 && &data[..4] == b"ttcf" {
        u32::from_be_bytes([data[8], data[9], data[10], data[11]])
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_reaches_rare_names_and_stops_at_private_use() {
        let store = FontStore::get();
        for c in ['堃', '喆', '镕', '珺', '䶮', '㎡', '①', 'A', '9', '，', '—'] {
            assert!(store.covers(c), "{c} should be covered");
        }
        for c in ['\u{E000}', '\u{F8FF}', '\u{10FFFD}'] {
            assert!(!store.covers(c), "{c:?} should not be covered");
        }
    }

    #[test]
    fn a_user_folder_adds_its_fonts_after_the_embedded_ones() {
        let dir = std::env::temp_dir().join(format!("jixiao-fonts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/LiberationSerif-Bold.ttf");
        std::fs::copy(src, dir.join("user.TTF")).unwrap();
        std::fs::write(dir.join("notes.txt"), "not a font").unwrap();
        std::fs::write(dir.join("broken.otf"), "not a font either").unwrap();
        let store = FontStore::with_dirs(std::slice::from_ref(&dir)).unwrap();
        let embedded = FontStore::get();
        assert_eq!(store.slots.len(), embedded.slots.len() + 1);
        let last = store.font(store.slots.len() - 1).expect("the user font loads from its file");
        assert_eq!(last.info().family, "Liberation Serif");
        assert!(store.has_family("liberation serif") && store.has_family("Liberation Serif"));
        let missing = FontStore::with_dirs(&[dir.join("nope")]).err().unwrap();
        assert!(missing.contains("无法读取字体文件夹"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn family_names_are_what_the_templates_ask_for() {
        let families = FontStore::get().families();
        for name in [
            "FandolFang R",
            "FandolKai",
            "FandolHei",
            "Noto Serif CJK SC",
            "Noto Sans CJK SC",
            "Liberation Serif",
        ] {
            assert!(families.iter().any(|f| f == name), "{name} missing from {families:?}");
        }
    }

    #[test]
    fn charsets_have_the_sizes_of_the_codecs() {
        assert_eq!(Charset::Gb2312.size(), 7445);
        assert_eq!(Charset::Gbk.size(), 21791);
        assert_eq!(Charset::ExtA.size(), 6592);
        assert!(Charset::Gb2312.contains('中' as u32));
        assert!(!Charset::Gb2312.contains('喆' as u32));
        assert!(Charset::Gbk.contains('喆' as u32));
        assert!(!Charset::Gbk.contains('䶮' as u32));
        assert!(Charset::ExtA.contains('䶮' as u32));
    }

    #[test]
    fn coverage_matches_the_measurements_in_fonts_readme() {
        // fonts/README.md, “Coverage”: measured with fontTools on the committed files.
        let expected = [
            ("FandolFang-Regular.otf", [7444, 8721, 0], 10273),
            ("FandolKai-Regular.otf", [7444, 8717, 0], 10269),
            ("FandolHei-Regular.otf", [7444, 8660, 0], 10212),
            ("FandolHei-Bold.otf", [7444, 8655, 0], 10207),
            ("NotoSerifCJKsc-Regular-subset.otf", [7445, 21790, 6582], 32354),
            ("NotoSerifCJKsc-Bold-subset.otf", [7445, 21790, 6582], 32354),
            ("NotoSansCJKsc-Regular-subset.otf", [7445, 21790, 6582], 32418),
            ("LiberationSerif-Regular.ttf", [193, 241, 0], 2321),
            ("LiberationSerif-Bold.ttf", [193, 241, 0], 2321),
        ];
        let faces = catalogue();
        assert_eq!(faces.len(), expected.len());
        for (face, (file, coverage, all)) in faces.iter().zip(expected) {
            assert_eq!(face.file(), file);
            assert_eq!(face.coverage, coverage, "{file}");
            assert_eq!(face.code_points, all, "{file}");
        }
        assert_eq!(faces[3].weight, 700, "FandolHei-Bold is patched to bold");
    }
}
