//! The embedded fonts: compiled into the binary, parsed lazily, once per process.
//!
//! Nothing from the system is ever looked at: the same input gives the same PDF on every
//! machine. See fonts/README.md for where each file comes from and its licence.

use std::sync::OnceLock;

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

/// Where a face of the book comes from.
///
/// Extension point: today every face is embedded. Fonts from a user's folder would be another
/// variant (with the path and the bytes read at start-up), added to the slots in
/// [`FontStore::get`]; `jixiao fonts` lists whatever [`catalogue`] returns.
#[derive(Clone, Copy)]
pub enum Origin {
    Embedded(&'static EmbeddedFont),
}

/// The font book and lazily parsed faces of the embedded fonts.
pub struct FontStore {
    pub book: LazyHash<FontBook>,
    slots: Vec<Slot>,
}

struct Slot {
    origin: Origin,
    data: &'static [u8],
    index: u32,
    font: OnceLock<Option<Font>>,
}

impl FontStore {
    /// The process-wide store (reading the font tables takes a few milliseconds, once).
    pub fn get() -> &'static FontStore {
        static STORE: OnceLock<FontStore> = OnceLock::new();
        STORE.get_or_init(|| {
            let mut infos = Vec::new();
            let mut slots = Vec::new();
            for f in EMBEDDED {
                let count = ttf_count(f.data);
                for index in 0..count {
                    if let Some(mut info) = FontInfo::new(f.data, index) {
                        // FandolHei-Bold declares usWeightClass 400 although it is the bold
                        // face; unpatched, it would shadow the regular face at random.
                        if f.file == "FandolHei-Bold.otf" {
                            info.variant.weight = FontWeight::BOLD;
                        }
                        infos.push(info);
                        slots.push(Slot {
                            origin: Origin::Embedded(f),
                            data: f.data,
                            index,
                            font: OnceLock::new(),
                        });
                    }
                }
            }
            FontStore { book: LazyHash::new(FontBook::from_infos(infos)), slots }
        })
    }

    /// The face at `index` of the book, parsed on first use.
    pub fn font(&self, index: usize) -> Option<Font> {
        let slot = self.slots.get(index)?;
        slot.font.get_or_init(|| Font::new(Bytes::new(slot.data), slot.index)).clone()
    }

    /// Whether any embedded font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        (0..self.slots.len()).any(|i| self.book.info(i).is_some_and(|info| info.coverage.contains(c as u32)))
    }

    /// The family names the embedded fonts register under.
    pub fn families(&self) -> Vec<String> {
        let mut names: Vec<String> =
            (0..self.slots.len()).filter_map(|i| self.book.info(i).map(|info| info.family.clone())).collect();
        names.dedup();
        names
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
    pub fn file(&self) -> &'static str {
        match self.origin {
            Origin::Embedded(f) => f.file,
        }
    }
    pub fn role(&self) -> &'static str {
        match self.origin {
            Origin::Embedded(f) => f.role,
        }
    }
    pub fn licence(&self) -> &'static str {
        match self.origin {
            Origin::Embedded(f) => f.licence,
        }
    }
    pub fn bytes(&self) -> usize {
        match self.origin {
            Origin::Embedded(f) => f.data.len(),
        }
    }
}

/// Every face of the font book with its family, weight and coverage, counted from the book's
/// coverage (the font's cmap) against the character sets.
pub fn catalogue() -> Vec<FaceSummary> {
    let store = FontStore::get();
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
                origin: slot.origin,
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
