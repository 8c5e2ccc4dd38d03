//! The GB/T 9704 page, measured on the laid-out document (Typst's frames), not on pixels:
//! the 22-line grid, 28 characters a line, and the page number 7 mm below the type area on
//! the outer side.

mod common;

use jixiao::render::{PagedDocument, RenderOptions, compile};
use typst::layout::{Frame, FrameItem, Point, Transform};

const MM: f64 = 72.0 / 25.4;
const PITCH: f64 = 225.0 * MM / 22.0;
const TYPE_TOP: f64 = 37.0 * MM;
const TYPE_BOTTOM: f64 = (37.0 + 225.0) * MM;

#[derive(Debug)]
struct Run {
    x: f64,
    baseline: f64,
    size: f64,
    width: f64,
    cap_height: f64,
    stroked: bool,
    text: String,
}

fn walk(frame: &Frame, ts: Transform, out: &mut Vec<Run>) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(g) => {
                let ts = ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(g.transform);
                walk(&g.frame, ts, out);
            }
            FrameItem::Text(t) => {
                let p: Point = pos.transform(ts);
                out.push(Run {
                    x: p.x.to_pt(),
                    baseline: p.y.to_pt(),
                    size: t.size.to_pt(),
                    width: t.width().to_pt(),
                    cap_height: t.font.metrics().cap_height.at(t.size).to_pt(),
                    stroked: t.stroke.is_some(),
                    text: t.text.to_string(),
                });
            }
            _ => {}
        }
    }
}

fn seed_document() -> PagedDocument {
    document_of(&std::fs::read_to_string(common::SEED).unwrap())
}

fn document_of(text: &str) -> PagedDocument {
    let (_, input) = jixiao::input::load_str("seed.toml", text).unwrap();
    let report = jixiao::compute::compute(&input);
    compile(&report, &RenderOptions::default()).unwrap()
}

fn runs(doc: &PagedDocument) -> Vec<Vec<Run>> {
    doc.pages()
        .iter()
        .map(|p| {
            let mut out = Vec::new();
            walk(&p.frame, Transform::identity(), &mut out);
            out
        })
        .collect()
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

#[test]
fn body_pages_sit_on_a_22_line_grid_of_28_characters() {
    let doc = seed_document();
    let pages = runs(&doc);
    // The body ends on the page of the 附件说明; the attachments follow.
    let last_body = pages.iter().position(|p| p.iter().any(|r| r.text.contains("附件："))).unwrap();
    assert!(last_body >= 10, "the body should take more than ten pages");
    for (n, page) in pages[..=last_body].iter().enumerate() {
        let mut baselines: Vec<f64> = page
            .iter()
            .filter(|r| r.baseline < TYPE_BOTTOM + 1.0 && r.size >= 15.9)
            .map(|r| (r.baseline * 100.0).round() / 100.0)
            .collect();
        baselines.sort_by(f64::total_cmp);
        baselines.dedup_by(|a, b| (*a - *b).abs() < 0.5);
        assert!(baselines.len() <= 22, "page {}: {} lines", n + 1, baselines.len());
        if n < last_body {
            assert!(baselines.len() >= 21, "page {}: only {} lines on a full page", n + 1, baselines.len());
        }
        // Every line lies a whole number of pitches below the first line of the grid.
        let first = TYPE_TOP + (PITCH - 16.0) / 2.0 + 0.88 * 16.0;
        for b in &baselines {
            let steps = (b - first) / PITCH;
            assert!(
                (steps - steps.round()).abs() * PITCH < 0.05,
                "page {}: a line at {b:.2} pt is off the grid ({steps:.3} pitches)",
                n + 1
            );
        }
        for pair in baselines.windows(2) {
            let d = pair[1] - pair[0];
            assert!(d > PITCH - 0.05, "page {}: lines {d:.2} pt apart", n + 1);
        }
        // At most 28 ideographs on any line.
        for b in &baselines {
            let count: usize = page
                .iter()
                .filter(|r| (r.baseline - b).abs() < 0.5)
                .map(|r| r.text.chars().filter(|c| is_ideograph(*c)).count())
                .sum();
            assert!(count <= 28, "page {}: {count} ideographs on one line", n + 1);
        }
    }
    assert!((PITCH - 28.99).abs() < 0.01);
    // Full lines of body text span exactly the type area (28 characters), and none is wider.
    let page = &pages[1];
    let mut widest: f64 = 0.0;
    for b in page.iter().filter(|r| r.baseline < TYPE_BOTTOM).map(|r| r.baseline) {
        let line: Vec<&Run> = page.iter().filter(|r| (r.baseline - b).abs() < 0.5).collect();
        let left = line.iter().map(|r| r.x).fold(f64::MAX, f64::min);
        let right = line.iter().map(|r| r.x + r.width).fold(f64::MIN, f64::max);
        // (Advances, not ink: justification leaves up to a few tenths of a point of slack.)
        let text: String = line.iter().map(|r| format!("[{:.2}+{:.2}]{}", r.x, r.width, r.text)).collect();
        assert!(right - left < 156.0 * MM + 1.0, "a line {:.2} pt wide: {text}", right - left);
        widest = widest.max(right - left);
    }
    assert!((widest - 156.0 * MM).abs() < 1.0, "the widest line is {widest:.2} pt");
}

#[test]
fn page_numbers_sit_7mm_below_the_type_area_on_the_outer_side() {
    let doc = seed_document();
    let pages = runs(&doc);
    for (n, page) in pages.iter().enumerate() {
        let number = n + 1;
        let footer: Vec<&Run> = page.iter().filter(|r| r.baseline > TYPE_BOTTOM + 5.0).collect();
        let text: String = footer.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(text.replace(' ', ""), format!("—{number}—"), "page {number}");
        for r in &footer {
            assert!((r.size - 14.0).abs() < 0.01, "page {number}: page number in {} pt", r.size);
        }
        // The top of the digits is 7 mm below the type area.
        let top = footer.iter().map(|r| r.baseline - r.cap_height).fold(f64::MAX, f64::min);
        assert!((top - (TYPE_BOTTOM + 7.0 * MM)).abs() < 0.3, "page {number}: top at {top:.2} pt");
        let left = footer.iter().map(|r| r.x).fold(f64::MAX, f64::min);
        let right = footer.iter().map(|r| r.x + r.width).fold(f64::MIN, f64::max);
        if number % 2 == 1 {
            // Odd: binding on the left (28 mm), type area ends 26 mm from the right edge.
            let edge = (210.0 - 26.0) * MM - 14.0;
            assert!((right - edge).abs() < 0.5, "page {number}: right end at {right:.2}, expected {edge:.2}");
        } else {
            let edge = 26.0 * MM + 14.0;
            assert!((left - edge).abs() < 0.5, "page {number}: left end at {left:.2}, expected {edge:.2}");
        }
    }
}

#[test]
fn bold_level3_thickens_the_run_in_headings_with_a_stroke_and_nothing_else() {
    let seed = std::fs::read_to_string(common::SEED).unwrap();
    let stroked = |doc: &PagedDocument| -> String {
        runs(doc).iter().flatten().filter(|r| r.stroked).map(|r| r.text.clone()).collect()
    };
    assert_eq!(stroked(&seed_document()), "", "nothing is stroked by default");
    let bold = seed.replacen("[settings]\n", "[settings]\nbold_level3 = true\n", 1);
    let text = stroked(&document_of(&bold));
    assert!(text.contains("聚焦疫情防控，发挥“三个作用”彰显组工作为。"), "{text}");
    assert!(!text.contains("强化组织发动作用"), "the text after the run-in heading stays regular");
}

/// GB/T 9704: every heading level starts two characters in, where the paragraphs start. Typst's
/// own heading sizes (1.4 em, 1.2 em) once resolved the indent larger: 一、 started 12.8 pt and
/// （一） 6.4 pt right of the paragraphs. Measured on the PDF as a reader sees it.
#[test]
fn every_heading_level_starts_at_the_paragraphs_two_character_indent() {
    let (_, input) =
        jixiao::input::load_str("seed.toml", &std::fs::read_to_string(common::SEED).unwrap()).unwrap();
    let report = jixiao::compute::compute(&input);
    let pdf = jixiao::render::render(&report, &RenderOptions::default()).unwrap().pdf;
    let doc = common::pdf::read_bytes(pdf);
    let page = &doc.pages[0];
    // The first glyph of each line, with the line's text.
    let mut lines: Vec<(f64, String)> = Vec::new();
    let mut last_y: Option<f64> = None;
    for g in &page.glyphs {
        match last_y {
            Some(y) if (y - g.y).abs() < 0.5 => lines.last_mut().unwrap().1.push_str(&g.text),
            _ => lines.push((g.x0, g.text.clone())),
        }
        last_y = Some(g.y);
    }
    let start = |prefix: &str| {
        lines
            .iter()
            .find(|(_, t)| t.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line {prefix}: {lines:?}"))
            .0
    };
    let left = 28.0 * MM;
    let paragraph = start("根据");
    assert!((paragraph - left - 32.0).abs() < 0.5, "a paragraph starts at {paragraph:.2} pt");
    for heading in ["一、", "（一）", "（二）"] {
        let x = start(heading);
        assert!(
            (x - paragraph).abs() < 0.5,
            "{heading} starts at {x:.2} pt, the paragraphs at {paragraph:.2} pt"
        );
    }
    // Level 3 (1.) on the first page too.
    let x = start("1.");
    assert!((x - paragraph).abs() < 0.5, "1. starts at {x:.2} pt");
}

#[test]
fn body_text_after_a_table_of_the_outline_returns_to_the_grid() {
    // The form-report example: grids and captioned tables between the paragraphs.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/inputs/form-report-qingxi-2023.toml");
    let doc = document_of(&std::fs::read_to_string(path).unwrap());
    let pages = runs(&doc);
    let first = TYPE_TOP + (PITCH - 16.0) / 2.0 + 0.88 * 16.0;
    let mut checked = 0;
    for (n, page) in pages.iter().enumerate().skip(1) {
        // The body's pages: after the cover, before the attachment.
        if page.iter().any(|r| r.text.contains("自评表")) {
            break;
        }
        let mut baselines: Vec<f64> = page
            .iter()
            .filter(|r| r.baseline < TYPE_BOTTOM + 1.0 && r.size >= 15.9)
            .map(|r| r.baseline)
            .collect();
        baselines.sort_by(f64::total_cmp);
        baselines.dedup_by(|a, b| (*a - *b).abs() < 0.5);
        for b in &baselines {
            let steps = (b - first) / PITCH;
            assert!(
                (steps - steps.round()).abs() * PITCH < 0.05,
                "page {}: a line at {b:.2} pt is off the grid ({steps:.3} pitches)",
                n + 1
            );
        }
        // The tables' own text is smaller (五号) and is not on the grid.
        checked += page.iter().filter(|r| r.size < 11.0 && r.baseline < TYPE_BOTTOM).count().min(1);
    }
    assert!(checked >= 2, "the body has tables on at least two pages");
}
