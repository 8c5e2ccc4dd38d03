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

/// The font book and lazily parsed faces of the embedded fonts.
pub struct FontStore {
    pub book: LazyHash<FontBook>,
    slots: Vec<Slot>,
    /// The union of every font's coverage as sorted, inclusive ranges (built on first use).
    covered: OnceLock<Vec<(u32, u32)>>,
}

struct Slot {
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
                        slots.push(Slot { data: f.data, index, font: OnceLock::new() });
                    }
                }
            }
            FontStore { book: LazyHash::new(FontBook::from_infos(infos)), slots, covered: OnceLock::new() }
        })
    }

    /// The face at `index` of the book, parsed on first use.
    pub fn font(&self, index: usize) -> Option<Font> {
        let slot = self.slots.get(index)?;
        slot.font.get_or_init(|| Font::new(Bytes::new(slot.data), slot.index)).clone()
    }

    /// Whether any embedded font has a glyph for `c` (Typst falls back to any font of the
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

    /// The family names the embedded fonts register under.
    pub fn families(&self) -> Vec<String> {
        let mut names: Vec<String> =
            (0..self.slots.len()).filter_map(|i| self.book.info(i).map(|info| info.family.clone())).collect();
        names.dedup();
        names
    }
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
}
