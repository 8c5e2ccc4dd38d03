//! `build --xlsx` and `check --format xlsx`, read back from the files: every form of every
//! example in inputs/ holds the cells its PDF prints (labels as text, figures as the numbers
//! they show, in the formats that show them so, spans as merged cells, thin rules, the fonts
//! of the PDF's roles, A4 with the header rows repeated), and the 汇总表 is typed, frozen,
//! filtered and totalled exactly.
//!
//! The workbooks are read with the zip crate that rust_xlsxwriter already builds and a few
//! lines of XML parsing (`book` below): calamine would change the features of a crate that
//! typst shares, and `cargo test` would compile typst a second time.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::str::FromStr;

use jixiao::compute::{Cell, PrintedPart, Role, compute};
use rust_decimal::Decimal;

/// A reader of what tests need from an XLSX file: cells with their values, number formats,
/// fonts and borders; merges; panes, filters, page setup and print titles.
mod book {
    use std::collections::BTreeMap;
    use std::io::Read;

    /// One XML element.
    #[derive(Debug, Default, Clone)]
    pub struct El {
        pub name: String,
        pub attrs: Vec<(String, String)>,
        pub children: Vec<El>,
        pub text: String,
    }

    impl El {
        pub fn attr(&self, name: &str) -> Option<&str> {
            self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
        }
        pub fn child(&self, name: &str) -> Option<&El> {
            self.children.iter().find(|c| c.name == name)
        }
        pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
            self.children.iter().filter(move |c| c.name == name)
        }
        /// Every descendant's text, in order (a shared string's runs).
        pub fn deep_text(&self) -> String {
            let mut s = self.text.clone();
            for c in &self.children {
                s.push_str(&c.deep_text());
            }
            s
        }
    }

    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            let end = rest[i..].find(';').expect("entity") + i;
            let entity = &rest[i + 1..end];
            match entity {
                "lt" => out.push('<'),
                "gt" => out.push('>'),
                "amp" => out.push('&'),
                "quot" => out.push('"'),
                "apos" => out.push('\''),
                e if e.starts_with("#x") => {
                    out.push(char::from_u32(u32::from_str_radix(&e[2..], 16).unwrap()).unwrap())
                }
                e if e.starts_with('#') => out.push(char::from_u32(e[1..].parse().unwrap()).unwrap()),
                e => panic!("entity {e}"),
            }
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// Parses the XML that Excel files hold (no DTD, no CDATA).
    pub fn parse(xml: &str) -> El {
        let mut stack = vec![El::default()];
        let mut rest = xml;
        while !rest.is_empty() {
            if let Some(tail) = rest.strip_prefix('<') {
                let end = tail.find('>').expect("tag end");
                let tag = &tail[..end];
                rest = &tail[end + 1..];
                if tag.starts_with('?') || tag.starts_with('!') {
                    continue;
                }
                if let Some(name) = tag.strip_prefix('/') {
                    let el = stack.pop().unwrap();
                    assert_eq!(el.name, name.trim());
                    stack.last_mut().unwrap().children.push(el);
                    continue;
                }
                let closed = tag.ends_with('/');
                let tag = tag.trim_end_matches('/');
                let (name, mut attrs_text) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
                let mut el = El { name: name.to_string(), ..El::default() };
                loop {
                    attrs_text = attrs_text.trim_start();
                    let Some(eq) = attrs_text.find('=') else { break };
                    let key = attrs_text[..eq].trim().to_string();
                    let quote = attrs_text[eq + 1..].chars().next().unwrap();
                    let value_start = eq + 2;
                    let value_end = attrs_text[value_start..].find(quote).unwrap() + value_start;
                    el.attrs.push((key, unescape(&attrs_text[value_start..value_end])));
                    attrs_text = &attrs_text[value_end + 1..];
                }
                if closed {
                    stack.last_mut().unwrap().children.push(el);
                } else {
                    stack.push(el);
                }
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                stack.last_mut().unwrap().text.push_str(&unescape(&rest[..end]));
                rest = &rest[end..];
            }
        }
        let mut root = stack.pop().unwrap();
        root.children.remove(0)
    }

    #[derive(Debug, Clone, PartialEq)]
    pub enum Value {
        /// The number exactly as the file stores it.
        Number(String),
        Text(String),
        /// A formula and its stored result.
        Formula(String, String),
        Blank,
    }

    #[derive(Debug, Clone)]
    pub struct XCell {
        pub value: Value,
        pub format: String,
        pub font: String,
        pub bold: bool,
        /// Thin rules: left, right, top, bottom.
        pub borders: [bool; 4],
        pub rotation: Option<String>,
    }

    #[derive(Debug)]
    pub struct Sheet {
        pub name: String,
        pub cells: BTreeMap<(u32, u32), XCell>,
        /// First row, first column, last row, last column (0-based).
        pub merges: Vec<(u32, u32, u32, u32)>,
        pub xml: El,
    }

    impl Sheet {
        pub fn element(&self, name: &str) -> Option<&El> {
            fn find<'a>(e: &'a El, name: &str) -> Option<&'a El> {
                if e.name == name {
                    return Some(e);
                }
                e.children.iter().find_map(|c| find(c, name))
            }
            find(&self.xml, name)
        }
        pub fn merge_at(&self, row: u32, col: u32) -> Option<(u32, u32, u32, u32)> {
            self.merges.iter().copied().find(|m| m.0 == row && m.1 == col)
        }
        /// The cells that hold something, row by row.
        pub fn filled(&self) -> Vec<((u32, u32), &XCell)> {
            self.cells.iter().filter(|(_, c)| c.value != Value::Blank).map(|(k, c)| (*k, c)).collect()
        }
    }

    pub struct Book {
        pub sheets: Vec<Sheet>,
        /// name, local sheet index, formula.
        pub names: Vec<(String, Option<usize>, String)>,
    }

    /// “B12” as (row 11, column 1).
    pub fn at(reference: &str) -> (u32, u32) {
        let letters: String = reference.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let row: u32 = reference[letters.len()..].parse().unwrap();
        let col = letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1)) - 1;
        (row - 1, col)
    }

    fn builtin_format(id: &str) -> Option<&'static str> {
        Some(match id {
            "0" => "General",
            "1" => "0",
            "2" => "0.00",
            "9" => "0%",
            "10" => "0.00%",
            _ => return None,
        })
    }

    pub fn read(path: &std::path::Path) -> Book {
        let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut part = |name: &str| -> Option<El> {
            let mut s = String::new();
            zip.by_name(name).ok()?.read_to_string(&mut s).unwrap();
            Some(parse(&s))
        };
        let workbook = part("xl/workbook.xml").unwrap();
        let rels = part("xl/_rels/workbook.xml.rels").unwrap();
        let strings: Vec<String> = part("xl/sharedStrings.xml")
            .map(|s| s.all("si").map(El::deep_text).collect())
            .unwrap_or_default();
        let styles = part("xl/styles.xml").unwrap();
        let custom: BTreeMap<String, String> = styles
            .child("numFmts")
            .map(|n| {
                n.all("numFmt")
                    .map(|f| {
                        (f.attr("numFmtId").unwrap().to_string(), f.attr("formatCode").unwrap().to_string())
                    })
                    .collect()
            })
            .unwrap_or_default();
        let fonts: Vec<(String, bool)> = styles
            .child("fonts")
            .unwrap()
            .all("font")
            .map(|f| {
                (
                    f.child("name").and_then(|n| n.attr("val")).unwrap_or("").to_string(),
                    f.child("b").is_some(),
                )
            })
            .collect();
        let borders: Vec<[bool; 4]> = styles
            .child("borders")
            .unwrap()
            .all("border")
            .map(|b| {
                let thin = |side: &str| b.child(side).and_then(|s| s.attr("style")) == Some("thin");
                [thin("left"), thin("right"), thin("top"), thin("bottom")]
            })
            .collect();
        let xfs: Vec<El> = styles.child("cellXfs").unwrap().all("xf").cloned().collect();
        let mut sheets = Vec::new();
        for s in workbook.child("sheets").unwrap().all("sheet") {
            let id = s.attr("r:id").unwrap();
            let target =
                rels.all("Relationship").find(|r| r.attr("Id") == Some(id)).unwrap().attr("Target").unwrap();
            let xml = part(&format!("xl/{target}")).unwrap();
            let mut cells = BTreeMap::new();
            for row in xml.child("sheetData").unwrap().all("row") {
                for c in row.all("c") {
                    let xf = &xfs[c.attr("s").map_or(0, |s| s.parse().unwrap())];
                    let id = xf.attr("numFmtId").unwrap_or("0");
                    let format = builtin_format(id)
                        .map(String::from)
                        .or_else(|| custom.get(id).cloned())
                        .unwrap_or_default();
                    let (font, bold) =
                        fonts[xf.attr("fontId").unwrap_or("0").parse::<usize>().unwrap()].clone();
                    let border = borders[xf.attr("borderId").unwrap_or("0").parse::<usize>().unwrap()];
                    let v = c.child("v").map(|v| v.text.clone());
                    let value = match (c.attr("t"), c.child("f"), v) {
                        (_, Some(f), v) => Value::Formula(f.text.clone(), v.unwrap_or_default()),
                        (Some("s"), _, Some(v)) => Value::Text(strings[v.parse::<usize>().unwrap()].clone()),
                        (Some("inlineStr"), _, _) => Value::Text(c.deep_text()),
                        (None | Some("n"), _, Some(v)) => Value::Number(v),
                        _ => Value::Blank,
                    };
                    let rotation =
                        xf.child("alignment").and_then(|a| a.attr("textRotation")).map(String::from);
                    cells.insert(
                        at(c.attr("r").unwrap()),
                        XCell { value, format, font, bold, borders: border, rotation },
                    );
                }
            }
            let merges = xml
                .child("mergeCells")
                .map(|m| {
                    m.all("mergeCell")
                        .map(|m| {
                            let (a, b) = m.attr("ref").unwrap().split_once(':').unwrap();
                            let (a, b) = (at(a), at(b));
                            (a.0, a.1, b.0, b.1)
                        })
                        .collect()
                })
                .unwrap_or_default();
            sheets.push(Sheet { name: s.attr("name").unwrap().to_string(), cells, merges, xml });
        }
        let names = workbook
            .child("definedNames")
            .map(|d| {
                d.all("definedName")
                    .map(|n| {
                        (
                            n.attr("name").unwrap().to_string(),
                            n.attr("localSheetId").map(|i| i.parse().unwrap()),
                            n.text.clone(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        Book { sheets, names }
    }
}

use book::{Value, XCell};

fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

/// A plain decimal as the forms print figures: what must be a number in the workbook.
fn plain_decimal(text: &str) -> bool {
    let body = text.strip_suffix('%').unwrap_or(text);
    let body = body.strip_prefix('-').unwrap_or(body);
    let (int, frac) = body.split_once('.').unwrap_or((body, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(int) && digits(frac) && !(int.len() > 1 && int.starts_with('0'))
}

/// How Excel shows a stored number in a format of the forms (`0`, `0.00`, `0.0%`): computed
/// here with exact decimals, and refused when the number has more decimals than the format
/// shows (the workbook must hold the figure as printed, not a longer one that rounds to it).
fn shown(stored: &str, format: &str) -> String {
    let mut d = Decimal::from_str(stored).unwrap_or_else(|e| panic!("{stored}: {e}"));
    let percent = format.ends_with('%');
    let body = format.trim_end_matches('%');
    assert!(
        body == "0" || (body.starts_with("0.") && body[2..].bytes().all(|b| b == b'0')),
        "format {format}"
    );
    let decimals = body.len().saturating_sub(2) as u32;
    if percent {
        d *= Decimal::ONE_HUNDRED;
    }
    assert!(d.normalize().scale() <= decimals, "{stored} has more decimals than {format} shows");
    d.rescale(decimals);
    format!("{d}{}", if percent { "%" } else { "" })
}

fn no_breaks(s: &str) -> String {
    s.replace('\n', "")
}

/// What a form page prints, in reading order, with the table cell each entry comes from.
fn printed_sequence(form: &jixiao::compute::FormPage) -> Vec<(String, Option<&Cell>)> {
    let mut out: Vec<(String, Option<&Cell>)> = Vec::new();
    out.extend(form.label.clone().map(|l| (l, None)));
    if !form.title_lines.is_empty() {
        out.push((form.title_lines.join("\n"), None));
    }
    out.extend(form.lead.clone().map(|l| (l, None)));
    for table in &form.tables {
        for row in &table.rows {
            for cell in row {
                if !cell.text.is_empty() {
                    out.push((cell.text.join("\n"), Some(cell)));
                }
            }
        }
    }
    out.extend(form.notes.iter().map(|n| (n.clone(), None)));
    if let Some(s) = &form.signoff {
        out.extend(s.items.iter().filter(|i| !i.is_empty()).map(|i| (i.clone(), None)));
    }
    out
}

#[test]
fn every_form_of_every_example_is_in_its_workbook_as_printed() {
    let dir = scratch("xlsx-forms");
    let mut variants = 0;
    for input in examples() {
        let name = input.file_stem().unwrap().to_str().unwrap().to_string();
        let pdf = dir.join(format!("{name}.pdf"));
        let out = jixiao(&["build", input.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "--xlsx"]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let workbook = dir.join(format!("{name}.xlsx"));
        assert!(stderr(&out).contains("xlsx"), "{name}: the workbook is named: {}", stderr(&out));
        let book = book::read(&workbook);

        let (_, parsed) = jixiao::input::load(&input).unwrap();
        let report = compute(&parsed);
        let registered: std::collections::HashSet<&str> =
            report.printed.iter().map(|p| p.text.as_str()).collect();
        let fonts = &report.layout.fonts;
        let fangsong = fonts.fangsong.clone().unwrap_or_else(|| "仿宋_GB2312".into());
        let forms: Vec<_> = report
            .parts
            .iter()
            .filter_map(|p| if let PrintedPart::Form(f) = p { Some(f) } else { None })
            .collect();
        assert_eq!(book.sheets.len(), forms.len(), "{name}: one sheet per form");
        for (k, (form, sheet)) in forms.iter().zip(&book.sheets).enumerate() {
            variants += 1;
            let at = format!("{name} {}", sheet.name);
            let title: String = form.title_lines.concat();
            assert!(title.contains(&sheet.name) || form.id == "form1", "{at}: named after “{title}”");
            let expected = printed_sequence(form);
            let filled = sheet.filled();
            let got: Vec<String> = filled
                .iter()
                .map(|(_, c)| match &c.value {
                    Value::Number(v) => shown(v, &c.format),
                    Value::Text(t) => t.clone(),
                    other => panic!("{at}: {other:?}"),
                })
                .collect();
            let want: Vec<String> = expected.iter().map(|(t, _)| t.clone()).collect();
            assert_eq!(
                got.iter().map(|s| no_breaks(s)).collect::<Vec<_>>(),
                want.iter().map(|s| no_breaks(s)).collect::<Vec<_>>(),
                "{at}: the cells in reading order"
            );
            let mut figures = 0;
            for (((place, cell), (text, source)), _) in filled.iter().zip(&expected).zip(&got) {
                let Some(source) = source else { continue };
                // Figures are numbers that show as printed; everything else is the text itself.
                if source.role == Role::Figure && plain_decimal(text) {
                    figures += 1;
                    let Value::Number(v) = &cell.value else {
                        panic!("{at}: “{text}” at {place:?} is not a number")
                    };
                    assert_eq!(&shown(v, &cell.format), text, "{at}: {place:?}");
                    assert!(
                        registered.contains(text.as_str()),
                        "{at}: “{text}” is a figure of the printed-figure registry"
                    );
                } else {
                    assert!(matches!(cell.value, Value::Text(_)), "{at}: “{text}” at {place:?} is text");
                }
                assert_eq!(cell.font, fangsong, "{at}: “{text}” in the forms' 仿宋");
                assert!(cell.borders[0] && cell.borders[1], "{at}: “{text}” has its side rules");
                if !source.open_top {
                    assert!(cell.borders[2], "{at}: “{text}” has its top rule");
                }
                if source.vertical {
                    assert_eq!(cell.rotation.as_deref(), Some("255"), "{at}: “{text}” stacked");
                }
                // A span is a merge, as tall as the span and wider than one column.
                if source.rowspan > 1 || source.colspan > 1 {
                    let m =
                        sheet.merge_at(place.0, place.1).unwrap_or_else(|| panic!("{at}: “{text}” merged"));
                    assert_eq!((m.2 - m.0 + 1) as usize, source.rowspan, "{at}: “{text}” rows");
                    if source.colspan > 1 {
                        assert!(m.3 > m.1, "{at}: “{text}” spans columns");
                    }
                } else {
                    assert!(
                        sheet.merge_at(place.0, place.1).is_none_or(|m| m.0 == m.2),
                        "{at}: “{text}” one row"
                    );
                }
            }
            assert!(figures > 0, "{at}: has figures");
            // The title in the 小标宋 role, bold, centred over the whole width.
            let title_at =
                filled.iter().find(|(_, c)| c.value == Value::Text(form.title_lines.join("\n"))).unwrap();
            assert_eq!(
                title_at.1.font,
                fonts.xiaobiaosong.clone().unwrap_or_else(|| "方正小标宋简体".into())
            );
            assert!(title_at.1.bold);
            assert!(sheet.merge_at(title_at.0.0, title_at.0.1).is_some(), "{at}: title merged");
            // A4 portrait, one page wide; the indicator header repeats on every page.
            let setup = sheet.element("pageSetup").unwrap();
            assert_eq!(setup.attr("paperSize"), Some("9"), "{at}: A4");
            assert_eq!(setup.attr("orientation"), Some("portrait"), "{at}");
            assert!(setup.attr("fitToWidth").is_none_or(|w| w == "1"), "{at}: one page wide");
            assert!(sheet.element("pageSetUpPr").and_then(|p| p.attr("fitToPage")) == Some("1"), "{at}");
            let header = form.tables.iter().find(|t| t.header_rows > 0);
            let titles = book.names.iter().find(|(n, i, _)| n == "_xlnm.Print_Titles" && *i == Some(k));
            match header {
                Some(t) => {
                    let first = t.rows[0].iter().find(|c| !c.text.is_empty()).unwrap().text.join("\n");
                    let (row, _) = filled
                        .iter()
                        .map(|(p, c)| (p, c))
                        .find(|(_, c)| match &c.value {
                            Value::Text(s) => no_breaks(s) == no_breaks(&first),
                            _ => false,
                        })
                        .map(|(p, _)| *p)
                        .unwrap();
                    let titles = titles.unwrap_or_else(|| panic!("{at}: print titles")).2.clone();
                    let rows = titles.rsplit('!').next().unwrap().to_string();
                    let want = format!("${}:${}", row + 1, row + t.header_rows as u32);
                    assert_eq!(rows, want, "{at}: the header rows repeat");
                }
                None => assert!(titles.is_none(), "{at}: nothing to repeat"),
            }
        }
    }
    // 基础数据表 and the 湖南, national, 重庆 and rubric 自评表 of six examples.
    assert!(variants >= 9, "every form of every example: {variants}");
}

#[test]
fn a_label_keeps_the_lines_of_the_pdf() {
    let dir = scratch("xlsx-label-lines");
    let pdf = dir.join("seed.pdf");
    let out = jixiao(&["build", SEED, "-o", pdf.to_str().unwrap(), "--xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let book = book::read(&dir.join("seed.xlsx"));
    let form2 = book.sheets.iter().find(|s| s.name == "自评表").unwrap();
    let texts: Vec<String> = form2
        .filled()
        .iter()
        .filter_map(|(_, c)| if let Value::Text(t) = &c.value { Some(t.clone()) } else { None })
        .collect();
    // Excel would break it “满意度指/标”; the PDF balances the lines.
    let label = texts.iter().find(|t| no_breaks(t).starts_with("满意度指标")).unwrap();
    for line in label.lines() {
        assert!(line.chars().count() > 1, "no lone character: {label:?}");
    }
}

#[test]
fn a_failed_build_writes_neither_file() {
    let dir = scratch("xlsx-failed");
    let seed = std::fs::read_to_string(SEED).unwrap();
    let broken = dir.join("broken.toml");
    std::fs::write(&broken, seed.replacen("general = 1863.84", "general = 1863.48", 1)).unwrap();
    let out = jixiao(&["build", broken.to_str().unwrap(), "--xlsx"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!dir.join("broken.pdf").exists());
    assert!(!dir.join("broken.xlsx").exists());
    // Old files stay as they were.
    std::fs::write(dir.join("broken.pdf"), b"old pdf").unwrap();
    std::fs::write(dir.join("broken.xlsx"), b"old xlsx").unwrap();
    let out = jixiao(&["build", broken.to_str().unwrap(), "--xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(dir.join("broken.pdf")).unwrap(), b"old pdf");
    assert_eq!(std::fs::read(dir.join("broken.xlsx")).unwrap(), b"old xlsx");
    // Without --xlsx no workbook is written.
    let good = dir.join("good.toml");
    std::fs::write(&good, &seed).unwrap();
    let out = jixiao(&["build", good.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(dir.join("good.pdf").exists() && !dir.join("good.xlsx").exists());
}

#[test]
fn the_same_report_gives_the_same_workbook() {
    let dir = scratch("xlsx-same");
    let mut bytes = Vec::new();
    for name in ["a", "b"] {
        let pdf = dir.join(format!("{name}.pdf"));
        let out = jixiao(&["build", SEED, "-o", pdf.to_str().unwrap(), "--xlsx"]);
        assert!(out.status.success());
        bytes.push(std::fs::read(dir.join(format!("{name}.xlsx"))).unwrap());
    }
    assert!(bytes[0] == bytes[1], "same input, same bytes");
}

/// The CSV 汇总表's cells (quoted cells allowed).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|line| {
            let mut cells = Vec::new();
            let mut cell = String::new();
            let mut quoted = false;
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' if quoted && chars.peek() == Some(&'"') => {
                        cell.push('"');
                        chars.next();
                    }
                    '"' => quoted = !quoted,
                    ',' if !quoted => cells.push(std::mem::take(&mut cell)),
                    c => cell.push(c),
                }
            }
            cells.push(cell);
            cells
        })
        .collect()
}

#[test]
fn the_summary_workbook_is_typed_frozen_filtered_and_totalled() {
    let dir = scratch("xlsx-summary");
    let inputs = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    let target = dir.join("汇总表.xlsx");
    let out =
        jixiao(&["check", inputs.to_str().unwrap(), "--format", "xlsx", "-o", target.to_str().unwrap()]);
    assert!(out.status.code().unwrap() <= 1, "{}", stderr(&out));
    let csv = jixiao(&["check", inputs.to_str().unwrap(), "--format", "csv"]);
    let csv = csv_rows(&stdout(&csv));
    let book = book::read(&target);
    assert_eq!(book.sheets.len(), 1);
    let sheet = &book.sheets[0];
    assert_eq!(sheet.name, "汇总表");
    let n = csv.len() - 1;
    assert_eq!(n, examples().len());
    let cell = |r: usize, c: usize| -> Option<&XCell> { sheet.cells.get(&(r as u32, c as u32)) };
    let amounts = [3, 4, 5, 7, 8, 9];
    let counts = [13, 14, 15];
    for (r, row) in csv.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let got = cell(r, c).unwrap_or_else(|| panic!("({r}, {c})"));
            match &got.value {
                Value::Text(t) => {
                    assert_eq!(t, text, "({r}, {c})");
                    assert!(r == 0 || [0, 1, 12].contains(&c), "({r}, {c}) “{t}” should be a number");
                }
                Value::Number(v) => {
                    assert_eq!(&shown(v, &got.format), text, "({r}, {c})");
                    if amounts.contains(&c) {
                        assert_eq!(got.format, "0.00", "amount ({r}, {c})");
                    }
                    if c == 6 {
                        assert!(got.format.ends_with('%'), "rate ({r}, {c})");
                    }
                    if counts.contains(&c) || c == 2 {
                        assert_eq!(got.format, "0", "count ({r}, {c})");
                    }
                }
                Value::Blank => assert_eq!(text, "", "({r}, {c})"),
                Value::Formula(..) => panic!("({r}, {c})"),
            }
        }
    }
    // The header row is frozen, the reports are filtered, the totals row sits under them.
    let pane = sheet.element("pane").expect("a frozen pane");
    assert_eq!(pane.attr("state"), Some("frozen"));
    assert_eq!(pane.attr("ySplit"), Some("1"));
    assert!(pane.attr("xSplit").is_none());
    let filter = sheet.element("autoFilter").expect("an autofilter");
    assert_eq!(filter.attr("ref"), Some(format!("A1:P{}", n + 1).as_str()));
    assert!(book.names.iter().any(|(name, i, _)| name == "_xlnm._FilterDatabase" && *i == Some(0)));
    let totals = n + 1;
    assert_eq!(cell(totals, 0).unwrap().value, Value::Text("合计".into()));
    for c in 1..15 {
        let got = cell(totals, c).unwrap();
        if amounts.contains(&c) || counts.contains(&c) {
            let Value::Formula(f, v) = &got.value else { panic!("total of column {c}: {:?}", got.value) };
            let column = char::from(b'A' + c as u8);
            assert_eq!(f, &format!("SUBTOTAL(109,{column}2:{column}{})", n + 1));
            let sum: Decimal = (1..=n)
                .filter_map(|r| match &cell(r, c).unwrap().value {
                    Value::Number(v) => Some(Decimal::from_str(v).unwrap()),
                    _ => None,
                })
                .sum();
            assert_eq!(Decimal::from_str(v).unwrap(), sum, "the exact sum of column {c}");
            assert_eq!(&shown(v, &got.format), &{
                let mut s = sum;
                s.rescale(if counts.contains(&c) { 0 } else { 2 });
                s.to_string()
            });
        } else {
            // A sum of rates, scores, years or grades means nothing.
            assert_eq!(got.value, Value::Blank, "column {c} has no total");
        }
    }
    // Stdout cannot take a workbook.
    let out = jixiao(&["check", inputs.to_str().unwrap(), "--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("-o"), "{}", stderr(&out));
}

#[test]
fn the_forms_have_their_widths_and_the_pdfs_page() {
    let dir = scratch("xlsx-widths");
    let pdf = dir.join("seed.pdf");
    let out = jixiao(&["build", SEED, "-o", pdf.to_str().unwrap(), "--xlsx"]);
    assert!(out.status.success());
    let book = book::read(&dir.join("seed.xlsx"));
    for sheet in &book.sheets {
        // The columns add up to the type area (156 mm = 589.6 px at 96 dpi), as in the PDF.
        let cols = sheet.element("cols").expect("column widths");
        let px: f64 = cols
            .all("col")
            .map(|c| {
                let chars: f64 = c.attr("width").unwrap().parse().unwrap();
                let span: f64 = (c.attr("max").unwrap().parse::<f64>().unwrap()
                    - c.attr("min").unwrap().parse::<f64>().unwrap())
                    + 1.0;
                // A width counts digits of 宋体 11, 8 px each, the padding included.
                (chars * 8.0).round() * span
            })
            .sum();
        assert!((px - 589.6).abs() < 12.0, "{}: {px} px", sheet.name);
        let margins = sheet.element("pageMargins").unwrap();
        let left: f64 = margins.attr("left").unwrap().parse().unwrap();
        assert!((left - 28.0 / 25.4).abs() < 0.01, "{}: GB/T 9704 margins", sheet.name);
    }
}

#[test]
fn serve_downloads_the_workbook_of_the_page() {
    use common::serve::Serve;
    let dir = scratch("xlsx-serve");
    let file = dir.join("自评报告.toml");
    std::fs::copy(SEED, &file).unwrap();
    let serve = Serve::start(env!("CARGO_BIN_EXE_jixiao"), &file, &[]);
    // An edit not saved yet: the workbook is of what the page shows.
    let r = serve.api(
        "POST",
        "/api/edit",
        Some(serde_json::json!({ "path": ["sangong", "reception", "actual"], "value": { "kind": "number", "text": "4.83" } })),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = serve.api("GET", "/api/xlsx", None);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("Content-Type"),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    let disposition = r.header("Content-Disposition").unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''%E8%87%AA%E8%AF%84%E6%8A%A5%E5%91%8A.xlsx"),
        "{disposition}"
    );
    let path = dir.join("downloaded.xlsx");
    std::fs::write(&path, &r.body).unwrap();
    let book = book::read(&path);
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["基础数据表", "自评表"]);
    let numbers: Vec<String> = book.sheets[0]
        .filled()
        .iter()
        .filter_map(|(_, c)| if let Value::Number(v) = &c.value { Some(shown(v, &c.format)) } else { None })
        .collect();
    assert!(numbers.iter().any(|n| n == "4.83"), "the edited 公务接待费");
    assert!(numbers.iter().any(|n| n == "35.31"), "and the 三公 total that follows it");
    assert!(!numbers.iter().any(|n| n == "4.38"), "not the saved figure");
    // The file itself is unchanged: nothing is saved by a download.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), std::fs::read_to_string(SEED).unwrap());
    // Without the token, nothing.
    let r = common::http::request(&serve.addr, "GET", "/api/xlsx", &[], b"");
    assert_eq!(r.status, 403);
    // A report with an error gives no workbook, and says why.
    let r = serve.api(
        "POST",
        "/api/edit",
        Some(serde_json::json!({ "path": ["finance", "by_source", "general"], "value": { "kind": "number", "text": "1863.48" } })),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = serve.api("GET", "/api/xlsx", None);
    assert_eq!(r.status, 409);
    assert!(r.text().contains("错误"), "{}", r.text());
}
