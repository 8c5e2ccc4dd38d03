//! Sizing the forms: the widths of a table's columns from what its cells hold, measured with the
//! fonts the PDF will use, and the lines of each label cell, broken so that no label ends with
//! one lone character on its last line.
//!
//! `compute` decides the cells; Typst draws them. In between, this module answers what only
//! the fonts know: how wide “1102.32” or “102.59%” is (a figure never breaks, so its column is
//! at least that wide), and where a label must break in the width it gets.
//!
//! The widths follow CSS's automatic table layout: every column gets the width of its widest
//! unbreakable piece, then what is left brings each column towards its content on one line, and
//! what is still left goes to the columns that `compute` marked to grow.

use std::cell::RefCell;
use std::collections::HashMap;

use typst::layout::Abs;
use typst::text::{FontBook, FontVariant, FontVariations};

use super::fonts::FontStore;
use crate::compute::{Align, Cell, Role, Table};

/// The type area's width: 156 mm in points.
pub const TYPE_AREA: f64 = 156.0 / 25.4 * 72.0;
/// The forms' type size (五号).
pub const FORM_SIZE: f64 = 10.5;
/// What a measured line keeps in hand, so that a line Typst sets is never wider than measured.
const SLACK: f64 = 1.0;

/// Advance widths of characters in the body font chain, in em.
pub struct Measure<'a> {
    store: &'a FontStore,
    families: Vec<String>,
    cache: RefCell<HashMap<char, f64>>,
}

/// Han, kana, hangul, CJK punctuation and full-width forms: the characters that Typst does not
/// give to the Latin font of a chain (`covers: "latin-in-cjk"`).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FFF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

impl<'a> Measure<'a> {
    /// `chain`: the 仿宋 role's families, the Latin one first.
    pub fn new(store: &'a FontStore, chain: Vec<String>) -> Self {
        Measure { store, families: chain, cache: RefCell::new(HashMap::new()) }
    }

    fn book(&self) -> &FontBook {
        &self.store.book
    }

    /// The advance of `c` in em, from the first family of the chain that has it.
    pub fn advance(&self, c: char) -> f64 {
        if let Some(w) = self.cache.borrow().get(&c) {
            return *w;
        }
        // Typst's `latin-in-cjk` gives the Latin font everything it has except the marks that
        // Latin and CJK fonts share (quotes, dashes, ellipsis, middle dot): those are set full
        // width by the CJK font.
        let shared = matches!(
            c,
            '\u{00B7}'
                | '\u{2013}'
                | '\u{2014}'
                | '\u{2018}'
                | '\u{2019}'
                | '\u{201C}'
                | '\u{201D}'
                | '\u{2025}'..='\u{2027}' | '\u{2E3A}'
        );
        let skip_latin = usize::from(shared);
        let found = self.families.iter().skip(skip_latin).find_map(|family| {
            let index = self.book().select(&family.to_lowercase(), FontVariant::default())?;
            let font = self.store.font(index)?.instantiate(
                FontVariant::default(),
                Abs::pt(FORM_SIZE),
                &FontVariations::default(),
            );
            let glyph = font.ttf().glyph_index(c)?;
            font.x_advance(glyph.0).map(|em| em.get())
        });
        let w = found.unwrap_or(if is_cjk(c) { 1.0 } else { 0.5 });
        self.cache.borrow_mut().insert(c, w);
        w
    }

    /// The width of a run of text in points at `size`.
    pub fn width(&self, s: &str, size: f64) -> f64 {
        s.chars().map(|c| self.advance(c)).sum::<f64>() * size
    }
}

/// Characters a line may not start with, and ones it may not end with (禁则).
const NO_START: &str = "，。、；：？！）》」』】”’％%·…—";
const NO_END: &str = "（《「『【“‘";
/// Characters that stay with the number before them (“1.5万元/亩”, “64名”, “98%”).
const UNITS: &str =
    "万亿千百元角分亩人个次件项辆名户家天年月日时秒号‰米吨台套场篇期批所条处间座册份岁倍株只头张本部";
/// One-character suffixes that make a word with the word before them (“满意度”, “变动率”).
const SUFFIXES: &str = "率度性量额费类者员化";
/// Signs that stay with the number after them (“≤1.5”).
const SIGNS: &str = "≤≥<>＜＞±~～约";

/// The word segmenter Typst's own Unicode data ships (ICU4X, the CJK dictionary): where a
/// Chinese line may break without cutting a word (“部门/决策”, not “部门决/策”).
static WORDS: std::sync::LazyLock<icu_segmenter::WordSegmenterBorrowed<'static>> =
    std::sync::LazyLock::new(|| {
        icu_segmenter::WordSegmenter::new_dictionary(
            icu_segmenter::options::WordBreakInvariantOptions::default(),
        )
    });

/// How finely a line may be broken: between words with a short parenthesis kept whole, between
/// words, or (the last resort of a column too narrow for a word) between characters.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Grain {
    WordsAndParentheses,
    Words,
    Characters,
}

/// The pieces a line may break between at the finest grain a label ever needs: its words.
fn pieces(s: &str) -> Vec<String> {
    split(s, Grain::WordsAndParentheses)
}

/// The narrowest pieces that do not cut a word: what a column's least width is made of.
fn small_pieces(s: &str) -> Vec<String> {
    split(s, Grain::Words)
}

fn is_quote_or_cjk(c: char) -> bool {
    is_cjk(c) || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// The atoms of `s`: its words (dictionary segmentation) or its characters, a Latin word or a
/// number always whole.
fn atoms(s: &str, grain: Grain) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if grain == Grain::Characters {
        let mut latin = String::new();
        for c in s.chars() {
            if is_quote_or_cjk(c) || c.is_whitespace() {
                if !latin.is_empty() {
                    out.push(std::mem::take(&mut latin));
                }
                out.push(c.to_string());
            } else {
                latin.push(c);
            }
        }
        if !latin.is_empty() {
            out.push(latin);
        }
        return out;
    }
    let bounds: Vec<usize> = WORDS.segment_str(s).collect();
    for w in bounds.windows(2) {
        let word = &s[w[0]..w[1]];
        // Punctuation the segmenter returns as words of their own; a CJK quote or dash alone.
        let mut latin = String::new();
        let mut chunk = String::new();
        for c in word.chars() {
            if matches!(c, '“' | '”' | '‘' | '’') || c.is_whitespace() {
                for part in [std::mem::take(&mut chunk), std::mem::take(&mut latin)] {
                    if !part.is_empty() {
                        out.push(part);
                    }
                }
                out.push(c.to_string());
            } else if is_quote_or_cjk(c) {
                if !latin.is_empty() {
                    out.push(std::mem::take(&mut latin));
                }
                chunk.push(c);
            } else {
                if !chunk.is_empty() {
                    out.push(std::mem::take(&mut chunk));
                }
                latin.push(c);
            }
        }
        for part in [chunk, latin] {
            if !part.is_empty() {
                out.push(part);
            }
        }
    }
    // A Latin run the segmenter cut (“1.5” “/” …) is one atom again when nothing CJK is between.
    // Two ideographs the dictionary left alone side by side are most often one word it does not
    // know (“招/商”, “签/约”): they stay together, in pairs.
    let single = |t: &str| t.chars().count() == 1 && t.chars().all(|c| is_cjk(c) && !NO_START.contains(c));
    let mut merged: Vec<String> = Vec::new();
    let mut pair_open = false;
    for a in out {
        let latin = |t: &str| t.chars().all(|c| !is_quote_or_cjk(c) && !c.is_whitespace());
        let latin_run = latin(&a) && merged.last().is_some_and(|l| latin(l));
        let second_of_pair = pair_open && single(&a) && !SUFFIXES.contains(a.as_str());
        if latin_run || second_of_pair {
            merged.last_mut().unwrap().push_str(&a);
            pair_open = false;
        } else {
            pair_open = single(&a);
            merged.push(a);
        }
    }
    merged
}

fn split(s: &str, grain: Grain) -> Vec<String> {
    let atoms = atoms(s, grain);
    let mut out: Vec<String> = Vec::new();
    let numeric = |t: &str| t.chars().any(|c| c.is_ascii_digit());
    let all_in = |t: &str, set: &str| !t.is_empty() && t.chars().all(|c| set.contains(c));
    let mut i = 0;
    while i < atoms.len() {
        let mut a = atoms[i].clone();
        // “/亩”: a slash and the unit after it are one atom.
        if a == "/" && atoms.get(i + 1).is_some_and(|n| all_in(n, UNITS)) {
            i += 1;
            a.push_str(&atoms[i]);
        }
        let a = &a;
        // A short parenthesis (“（㎡）”, “（万元）”) stays whole.
        if grain == Grain::WordsAndParentheses && a.starts_with('（') {
            let mut len = 0;
            let mut j = i;
            let mut closed = None;
            while j < atoms.len() && len <= 6 {
                len += atoms[j].chars().count();
                if atoms[j].contains('）') {
                    closed = Some(j);
                    break;
                }
                j += 1;
            }
            if let Some(j) = closed.filter(|_| len <= 6) {
                out.push(atoms[i..=j].concat());
                i = j + 1;
                continue;
            }
        }
        let stays_before = a.chars().next().is_some_and(|c| NO_START.contains(c))
            // A one-character suffix the dictionary leaves alone (“满意/度”, “变动/率”).
            || a.chars().count() == 1
                && SUFFIXES.contains(a.as_str())
                && out.last().and_then(|l| l.chars().last()).is_some_and(is_cjk)
                && grain != Grain::Characters;
        let after_number = out.last().is_some_and(|l| numeric(l))
            && (all_in(a, UNITS)
                || a.starts_with('/') && all_in(&a[1..], UNITS)
                || a.starts_with(['%', '％']));
        if (stays_before || after_number) && !out.is_empty() {
            out.last_mut().unwrap().push_str(a);
        } else if a.starts_with('/')
            && out.last().is_some_and(|l| l.chars().last().is_some_and(|c| UNITS.contains(c)))
            && all_in(&a[1..], UNITS)
        {
            // “万元/亩”: a unit per unit stays whole.
            out.last_mut().unwrap().push_str(a);
        } else {
            out.push(a.clone());
        }
        i += 1;
    }
    // An opening bracket or a sign goes with what follows it.
    let mut merged: Vec<String> = Vec::new();
    let mut carry = String::new();
    for p in out {
        if p.chars().all(|c| NO_END.contains(c)) || all_in(&p, SIGNS) {
            carry.push_str(&p);
        } else {
            merged.push(format!("{carry}{p}"));
            carry.clear();
        }
    }
    if !carry.is_empty() {
        merged.push(carry);
    }
    merged
}

/// Lines of `s` filled greedily to `width` points.
fn fill(s: &str, width: f64, m: &Measure, size: f64) -> Vec<String> {
    fill_pieces(&pieces_for(s, width, m, size), width, m, size)
}

/// The pieces of `s` for a line `width` wide: parentheses whole where they fit, then words, and
/// characters only when a word is wider than the line.
fn pieces_for(s: &str, width: f64, m: &Measure, size: f64) -> Vec<String> {
    let fits = |ps: &[String]| ps.iter().all(|p| m.width(p, size) <= width);
    let whole = pieces(s);
    if fits(&whole) {
        return whole;
    }
    let words = small_pieces(s);
    if fits(&words) { words } else { split(s, Grain::Characters) }
}

fn fill_pieces(pieces: &[String], width: f64, m: &Measure, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for p in pieces {
        let w = m.width(p, size);
        if !line.is_empty() && used + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        }
        line.push_str(p);
        used += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The lines of a label (or a short value) in `width` points: as few as greedy filling needs,
/// broken where the lines come out most even, so that the last line never holds one lone
/// character when another break would avoid it (“偏差原因分析及改进措施” in a narrow column is
/// “偏差原因/分析及改/进措施”, not “偏差原因分/析及改进措/施”; “批复规模（㎡）” is
/// “批复/规模/（㎡）”).
pub fn label_lines(s: &str, width: f64, m: &Measure, size: f64) -> Vec<String> {
    let greedy = fill(s, width, m, size);
    if greedy.len() < 2 {
        return greedy;
    }
    let pieces = pieces_for(s, width, m, size);
    let widths: Vec<f64> = pieces.iter().map(|p| m.width(p, size)).collect();
    let k = pieces.len();
    let n = greedy.len();
    // best[i][j]: the least raggedness setting the first i pieces on j lines, and where the last
    // of those lines starts.
    let mut best = vec![vec![(f64::INFINITY, 0usize); n + 1]; k + 1];
    best[0][0] = (0.0, 0);
    for i in 1..=k {
        for j in 1..=n {
            let mut line = 0.0;
            for start in (0..i).rev() {
                line += widths[start];
                if line > width {
                    break;
                }
                let (before, _) = best[start][j - 1];
                if before.is_finite() {
                    let lone = i - start == 1 && i == k && j > 1 && pieces[start].chars().count() == 1;
                    // A line that ends before a parenthesis or after a pause breaks where a reader
                    // would; of two equally even breaks, the shorter first line (“年度/指标值”).
                    let natural = i < k
                        && (pieces[i].starts_with('（') || pieces[i - 1].ends_with(['、', '，', '；', '：']));
                    let cost = before
                        + (width - line).powi(2) * (1.0 + 0.01 * j as f64)
                        + if lone { 1e9 } else { 0.0 }
                        - if natural { (2.0 * size).powi(2) } else { 0.0 };
                    if cost < best[i][j].0 {
                        best[i][j] = (cost, start);
                    }
                }
            }
        }
    }
    if !best[k][n].0.is_finite() {
        return greedy;
    }
    let mut lines = Vec::new();
    let (mut i, mut j) = (k, n);
    while j > 0 {
        let start = best[i][j].1;
        lines.push(pieces[start..i].concat());
        i = start;
        j -= 1;
    }
    lines.reverse();
    lines
}

/// What a cell needs: the width of its widest unbreakable piece, and the width it would like
/// (its text on one line; a long centred label on two, a long short value on two).
fn needs(cell: &Cell, m: &Measure, size: f64, inset: f64, grain: Grain) -> (f64, f64) {
    if cell.vertical {
        // One character across; a parenthesised tail (“（万元）”) is set across under it.
        let text = cell.joined();
        let tail = text.find('（').map_or(0.0, |at| m.width(&text[at..], size));
        let w = text.chars().take(1).map(|c| m.advance(c)).sum::<f64>() * size;
        let w = w.max(tail) + 2.0 * inset + SLACK;
        return (w, w);
    }
    let indent = f64::from(cell.indent) * size;
    let one_line = cell.text.iter().map(|t| m.width(t, size)).fold(0.0, f64::max) + indent;
    let widest =
        cell.text.iter().flat_map(|t| split(t, grain)).map(|p| m.width(&p, size)).fold(0.0, f64::max);
    let chars = cell.text.iter().map(|t| t.chars().count()).max().unwrap_or(0);
    let (min, want) = match (cell.role, cell.align) {
        (Role::Figure, _) => (one_line, one_line),
        (Role::Label, align) => {
            // A short label keeps one line; a longer one may take two, a long one three.
            let per_line = match chars {
                0..=4 => chars,
                5..=6 => chars.div_ceil(2),
                _ => chars.div_ceil(3),
            };
            let min = (per_line as f64 * size).max(widest) + indent;
            // A row label would rather stay on one line; a header is happy on two.
            let want =
                if align == Align::Left || chars <= 6 { one_line } else { (one_line / 2.0 + size).max(min) };
            (min, want)
        }
        (Role::Text, align) => {
            // A short value (“≥1500亩”) never wraps; a name wants at most a comfortable line.
            let min = if align == Align::Center && one_line <= 5.0 * size {
                one_line
            } else {
                widest.max(2.0 * size)
            } + indent;
            let want = if align == Align::Center {
                one_line.min(6.0 * size).max(min)
            } else {
                one_line.min(16.0 * size).max(min)
            };
            (min, want)
        }
    };
    (min + 2.0 * inset + SLACK, want + 2.0 * inset + SLACK)
}

/// The widths of a table's columns in points, filling `total`: no column narrower than its
/// widest word or short parenthesis (“（万元）”); when the words together are wider than `total`, the columns whose words are
/// longest give up towards their widest character, in proportion, as little as needed.
pub fn widths(table: &Table, m: &Measure, size: f64, total: f64) -> Vec<f64> {
    let n = table.columns.len();
    let (words, max) = bounds(table, m, size, Grain::WordsAndParentheses);
    let over = words.iter().sum::<f64>() - total;
    let min = if over > 1e-6 {
        let (chars, _) = bounds(table, m, size, Grain::Characters);
        let give: f64 = (0..n).map(|c| (words[c] - chars[c]).max(0.0)).sum();
        let k = if give > 1e-6 { (over / give).min(1.0) } else { 0.0 };
        (0..n).map(|c| words[c] - (words[c] - chars[c]).max(0.0) * k).collect()
    } else {
        words
    };
    spread(table, min, max, total)
}

/// The widths of a table's columns in the author's shares of `total` (`widths = [3, 2, 2]`),
/// no column narrower than its widest word or figure: a column that would be gets that width,
/// and the others share what is left in their proportions. When the words together are wider
/// than `total`, the shares give way to [`widths`].
pub fn shared_widths(table: &Table, shares: &[f64], m: &Measure, size: f64, total: f64) -> Vec<f64> {
    let n = table.columns.len();
    let (min, _) = bounds(table, m, size, Grain::WordsAndParentheses);
    if shares.len() != n || min.iter().sum::<f64>() > total {
        return widths(table, m, size, total);
    }
    let mut fixed = vec![false; n];
    let mut w = vec![0.0; n];
    for _ in 0..=n {
        let left = total - (0..n).filter(|c| fixed[*c]).map(|c| min[c]).sum::<f64>();
        let share: f64 = (0..n).filter(|c| !fixed[*c]).map(|c| shares[c].max(0.0)).sum();
        let mut changed = false;
        for c in 0..n {
            w[c] = if fixed[c] {
                min[c]
            } else if share > 0.0 {
                left * shares[c].max(0.0) / share
            } else {
                left / (0..n).filter(|c| !fixed[*c]).count() as f64
            };
            if !fixed[c] && w[c] < min[c] {
                fixed[c] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    w
}

/// The least and the wanted width of every column, its pieces cut at `grain`.
fn bounds(table: &Table, m: &Measure, size: f64, grain: Grain) -> (Vec<f64>, Vec<f64>) {
    let n = table.columns.len();
    let inset = table.inset[0];
    let mut min = vec![0.0_f64; n];
    let mut max = vec![0.0_f64; n];
    let cells = table.placed();
    for (_, col, cell) in &cells {
        if cell.colspan == 1 && *col < n {
            let (a, b) = needs(cell, m, size, inset, grain);
            min[*col] = min[*col].max(a);
            max[*col] = max[*col].max(b);
        }
    }
    // A cell across several columns widens them evenly where they are too narrow together.
    for (_, col, cell) in &cells {
        if cell.colspan > 1 && *col < n {
            let span = *col..(*col + cell.colspan).min(n);
            let (a, b) = needs(cell, m, size, inset, grain);
            let k = span.len() as f64;
            let have_min: f64 = min[span.clone()].iter().sum();
            if a > have_min {
                span.clone().for_each(|c| min[c] += (a - have_min) / k);
            }
            // The author's text across columns wraps: it asks for a comfortable line at most.
            let b = if cell.role == Role::Text { b.min(12.0 * size + 2.0 * inset) } else { b };
            let have_max: f64 = max[span.clone()].iter().sum();
            if b > have_max {
                span.for_each(|c| max[c] += (b - have_max) / k);
            }
        }
    }
    (min, max)
}

/// Every column its least width, then what is left towards what each wants.
fn spread(table: &Table, min: Vec<f64>, mut max: Vec<f64>, total: f64) -> Vec<f64> {
    let n = table.columns.len();
    for c in 0..n {
        max[c] = max[c].max(min[c]);
    }
    // First every column gets its widest piece. What is left brings the columns towards what
    // their content wants, in proportion to how much each lacks, a growing column (the names,
    // the row labels) by its weight more; what is still left goes to the growing columns.
    let mut w = min.clone();
    let mut left = total - w.iter().sum::<f64>();
    for _ in 0..n + 1 {
        let weight = |c: usize| (max[c] - w[c]).max(0.0) * f64::from(1 + table.columns[c].grow);
        let all: f64 = (0..n).map(weight).sum();
        if all <= 1e-6 || left <= 1e-6 {
            break;
        }
        let shares: Vec<f64> = (0..n).map(|c| (left * weight(c) / all).min(max[c] - w[c]).max(0.0)).collect();
        for c in 0..n {
            w[c] += shares[c];
            left -= shares[c];
        }
    }
    if left > 1e-6 {
        let grow: u32 = table.columns.iter().map(|c| c.grow).sum();
        for (c, col) in table.columns.iter().enumerate() {
            w[c] += if grow == 0 { left / n as f64 } else { left * f64::from(col.grow) / f64::from(grow) };
        }
    }
    w
}

/// The lines of every label and text cell for the widths given (each paragraph broken evenly),
/// in the order of `table.rows`; `None` where each paragraph fits on one line.
pub fn lines(table: &Table, widths: &[f64], m: &Measure, size: f64) -> Vec<Vec<Option<Vec<String>>>> {
    let mut out: Vec<Vec<Option<Vec<String>>>> = table.rows.iter().map(|r| vec![None; r.len()]).collect();
    let inset = table.inset[0];
    let mut index: Vec<usize> = vec![0; table.rows.len()];
    for (r, col, cell) in table.placed() {
        let k = index[r];
        index[r] += 1;
        // Figures never break; a vertical label is set one character a line.
        if cell.role == Role::Figure || cell.vertical || cell.text.is_empty() {
            continue;
        }
        let end = (col + cell.colspan).min(widths.len());
        let width = widths[col.min(end)..end].iter().sum::<f64>()
            - 2.0 * inset
            - f64::from(cell.indent) * size
            - SLACK;
        let lines: Vec<String> =
            cell.text.iter().flat_map(|p| label_lines(p, width.max(size), m, size)).collect();
        if lines.len() > cell.text.len() {
            out[r][k] = Some(lines);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure() -> Measure<'static> {
        Measure::new(
            FontStore::get(),
            vec!["Liberation Serif".into(), "FandolFang R".into(), "Noto Serif CJK SC".into()],
        )
    }

    #[test]
    fn figures_are_measured_in_the_latin_font_and_ideographs_are_one_em() {
        let m = measure();
        assert!((m.advance('一') - 1.0).abs() < 0.01);
        assert!((m.advance('1') - 0.5).abs() < 0.01, "Liberation Serif digits are half an em");
        assert!(m.width("102.59%", 10.0) > 30.0);
    }

    #[test]
    fn labels_never_end_with_one_lone_character() {
        let m = measure();
        let lines = label_lines("偏差原因分析及改进措施", 5.2 * 10.5, &m, 10.5);
        assert!(lines.len() > 1);
        assert_eq!(label_lines("批复规模（㎡）", 3.2 * 10.5, &m, 10.5), ["批复", "规模", "（㎡）"]);
        assert!(lines.last().unwrap().chars().count() > 1, "{lines:?}");
        assert_eq!(lines.concat(), "偏差原因分析及改进措施");
        // Punctuation stays with the character before it.
        let lines = label_lines("其中：公车购置，运行维护", 4.0 * 10.5, &m, 10.5);
        assert!(lines.iter().all(|l| !l.starts_with(['，', '：'])), "{lines:?}");
    }

    #[test]
    fn narrow_cells_break_between_words_never_inside_one() {
        let m = measure();
        let em = 10.5;
        assert_eq!(label_lines("部门决策", 3.2 * em, &m, em), ["部门", "决策"]);
        assert_eq!(label_lines("三公经费变动率", 4.2 * em, &m, em), ["三公经费", "变动率"]);
        // A number keeps its unit, a unit per unit its slash.
        assert_eq!(small_pieces("≤1.5万元/亩"), ["≤1.5万元/亩"]);
        assert_eq!(label_lines("≤1.5万元/亩", 6.0 * em, &m, em), ["≤1.5万元/亩"]);
        assert!(small_pieces("实有人数64名").contains(&"64名".to_string()));
        // Two single ideographs the dictionary does not know as a word stay together.
        let lines = label_lines("个别招商项目签约推迟", 3.2 * em, &m, em);
        assert!(lines.iter().all(|l| !l.ends_with('招') && !l.ends_with('签')), "{lines:?}");
        // A closing quote never starts a line, an opening one never ends one.
        for width in [2.2, 3.2, 4.2, 5.2] {
            let lines = label_lines("“三公”经费控制率", width * em, &m, em);
            assert_eq!(lines.concat(), "“三公”经费控制率");
            assert!(lines.iter().all(|l| !l.starts_with('”') && !l.ends_with('“')), "{lines:?}");
        }
        // Only a column narrower than a word breaks inside it.
        assert_eq!(label_lines("部门决策", 1.2 * em, &m, em).len(), 4);
    }

    #[test]
    fn a_column_is_never_narrower_than_its_widest_word() {
        use crate::compute::Column;
        let m = measure();
        let label = |t: &str| Cell::label(t);
        let table = Table {
            columns: vec![Column::fixed(), Column::grow(1)],
            rows: vec![vec![label("部门决策"), label("组织部门党建工作考核优秀率")]],
            header_rows: 0,
            footer_rows: 0,
            inset: [3.0, 2.0],
        };
        let w = widths(&table, &m, 10.5, 200.0);
        let lines = lines(&table, &w, &m, 10.5);
        for cell in lines.iter().flatten().flatten() {
            assert!(cell.iter().all(|l| l.chars().count() > 1), "{cell:?}");
        }
    }
}
