//! xlsx: the forms (`build --xlsx`) and the 汇总表 (`check --format xlsx`) as Excel workbooks,
//! for finance bureaus that collect them in Excel or WPS beside the PDF.
//!
//! Public entries: [`forms`] and [`summary`]; both return the bytes, which `output::write_atomic`
//! writes. This module computes nothing: every value is a cell's text exactly as `compute`
//! decided it for the PDF. A figure cell's text is read back as the number it shows, with the
//! number format that shows it the same way (“976.20” is 976.2 in `0.00`, “96%” is 0.96 in `0%`):
//! so Excel can sum and sort it, and it still reads as the PDF prints it, never as a binary
//! float's 0.30000000000000004. A text that is not a plain number (“——”, “≥95%”) stays text.
//!
//! The forms take the column widths and the label cells' line breaks that `render` measured for
//! the PDF, the tables' spans as merged cells, and the PDF's rules as thin borders. A page holds
//! several tables with different columns (the 自评表's funds block and its indicators): a sheet
//! has one grid, so its columns are the union of every table's column edges, and each cell
//! spans the grid columns between its own edges.
//!
//! Writer: `rust_xlsxwriter`, the maintained Rust port of Python's XlsxWriter (the writer most
//! checked against Excel's own files). It does merges, borders, number formats, print titles,
//! fit-to-page, freeze panes, autofilters and formulas with cached results, which none of the
//! smaller crates does together; it has no default features to switch off.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
};

use crate::compute::{Align, FormPage, PrintedPart, Report, Role, Table};
use crate::render::FontStore;
use crate::render::tables::{self, FORM_SIZE, TYPE_AREA};

/// A workbook that could not be put together (a bug of jixiao's, or a limit of Excel's).
#[derive(Debug)]
pub struct XlsxError {
    pub message: String,
}

impl fmt::Display for XlsxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for XlsxError {}

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        XlsxError {
            message: format!("无法生成 Excel 文件（这是 jixiao 的问题，请报告给开发者）：{e}")
        }
    }
}

type Result<T> = std::result::Result<T, XlsxError>;

/// A printed figure as Excel holds it: the number it shows and the format that shows it so.
///
/// Only plain decimals are numbers: digits with an optional minus sign, decimals and a trailing
/// “%”, and no leading zero (“007” would show as 7). The decimals printed become the format's
/// (“0” prints “0”, “10.0” stays “10.0”): each cell reads exactly as its PDF cell. A percentage
/// is the same digits with the point moved two places, so no division and no float arithmetic
/// ever touches the value: the `f64` is parsed from its decimal text, and Excel's file holds the
/// shortest text that parses back to it, which is that decimal.
pub fn number(text: &str) -> Option<(f64, String)> {
    let (body, percent) = match text.strip_suffix('%') {
        Some(b) => (b, true),
        None => (text, false),
    };
    let digits = body.strip_prefix('-').unwrap_or(body);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || (int.len() > 1 && int.starts_with('0')) || frac.is_some_and(|f| !all_digits(f)) {
        return None;
    }
    let decimals = frac.map_or(0, str::len);
    let mut value = Decimal::from_str(body).ok()?;
    if percent {
        value.set_scale(value.scale() + 2).ok()?;
    }
    let float = value.to_string().parse::<f64>().ok()?;
    let mut format = if decimals == 0 { "0".to_string() } else { format!("0.{}", "0".repeat(decimals)) };
    if percent {
        format.push('%');
    }
    Some((float, format))
}

/// The names Excel and WPS know the roles' fonts by, where the report names none of its own:
/// what a Chinese government office has installed for GB/T 9704 (the PDF embeds free fonts of
/// the same roles).
struct Fonts {
    fangsong: String,
    heiti: String,
    xiaobiaosong: String,
    songti: String,
}

impl Fonts {
    fn of(report: &Report) -> Fonts {
        let f = &report.layout.fonts;
        let pick = |x: &Option<String>, default: &str| x.clone().unwrap_or_else(|| default.to_string());
        Fonts {
            fangsong: pick(&f.fangsong, "仿宋_GB2312"),
            heiti: pick(&f.heiti, "黑体"),
            xiaobiaosong: pick(&f.xiaobiaosong, "方正小标宋简体"),
            songti: pick(&f.songti, "宋体"),
        }
    }
}

/// GB2312, so that Excel picks a Chinese face for the runs of a cell.
const CHARSET_GB2312: u8 = 134;
/// Pixels per point at Excel's 96 dpi.
const PX_PER_PT: f64 = 96.0 / 72.0;
/// The height of one line of 五号 text in a row, in points: what Excel gives a row of 10.5 pt
/// 仿宋 by itself, with a little to spare so that a line Excel breaks later than Typst is not cut.
const LINE: f64 = 14.0;
/// The type area's height: 225 mm in points.
const TYPE_HEIGHT: f64 = 225.0 / 25.4 * 72.0;
/// Excel indents by levels of about one character of its default font: one level per character
/// of the PDF's indent, a little short rather than pushing a label onto a second line.
const INDENT_PER_CHAR: f64 = 1.0;

/// The default cell format of the workbooks: 宋体 11, as Chinese Excel has it (row 18 px,
/// column 72 px): Excel measures column widths in the default font's digits.
fn default_format(fonts: &Fonts) -> Format {
    Format::new().set_font_name(&fonts.songti).set_font_size(11).set_font_charset(CHARSET_GB2312)
}

fn new_workbook(fonts: &Fonts, report: Option<&Report>) -> Result<Workbook> {
    let mut workbook = Workbook::new();
    workbook.set_default_format(&default_format(fonts), 18, 72)?;
    // Same input, same bytes: without a creation time the writer would stamp the clock.
    let date = report
        .and_then(|r| r.meta.date)
        .and_then(|d| ExcelDateTime::from_ymd(u16::try_from(d.year).ok()?, d.month, d.day).ok());
    let date = match date {
        Some(d) => d,
        None => ExcelDateTime::from_ymd(2000, 1, 1)?,
    };
    let mut properties = DocProperties::new().set_creation_datetime(&date);
    if let Some(r) = report {
        properties =
            properties.set_title(&r.meta.title).set_author(&r.meta.author).set_subject(&r.meta.subject);
    }
    workbook.set_properties(&properties);
    Ok(workbook)
}

/// A4 as the PDF's pages: portrait, the GB/T 9704 margins, one page wide, the page number
/// centred under the type area.
fn print_setup(sheet: &mut Worksheet, fonts: &Fonts) {
    let inch = |mm: f64| mm / 25.4;
    sheet.set_paper_size(9);
    sheet.set_portrait();
    sheet.set_margins(inch(28.0), inch(26.0), inch(37.0), inch(35.0), inch(15.0), inch(20.0));
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_footer(format!("&C&\"{},Regular\"&14— &P —", fonts.songti));
}

/// The forms of the report, one worksheet each, sized with `fonts` as the PDF is.
pub fn forms(report: &Report, store: &FontStore) -> Result<Vec<u8>> {
    let fonts = Fonts::of(report);
    let mut workbook = new_workbook(&fonts, Some(report))?;
    let measure = crate::render::form_measure(report, store);
    let mut names: Vec<String> = Vec::new();
    for part in &report.parts {
        let PrintedPart::Form(form) = part else { continue };
        let mut name = sheet_name(form);
        let base = name.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        names.push(name.clone());
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name)?;
        form_sheet(sheet, form, &measure, &fonts)?;
    }
    if names.is_empty() {
        // A report of the body alone: an empty workbook would not open.
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "这份报告没有附表。")?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// The sheet's name: what the bureau calls the form (基础数据表, 自评表, 评分表), else its title.
fn sheet_name(form: &FormPage) -> String {
    let title: String = form.title_lines.concat();
    // A project's 自评表 is named by its title, apart from the department's 自评表.
    let project = form.id == "project-form";
    for known in ["基础数据表", "评分表", "自评表"] {
        if title.contains(known) && !project {
            return known.to_string();
        }
    }
    if form.id == "form1" {
        return "基础数据表".into();
    }
    // Excel refuses []:*?/\ in a name and more than 31 characters.
    let clean: String = title.chars().filter(|c| !"[]:*?/\\'".contains(*c)).take(31).collect();
    if clean.is_empty() { "附表".into() } else { clean }
}

/// The sheet's column edges in points: every table's edges, those closer than a rule's reach
/// taken as one.
fn grid(edges: &[Vec<f64>]) -> Vec<f64> {
    let mut all: Vec<f64> = edges.iter().flatten().copied().collect();
    all.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in all {
        match out.last() {
            Some(last) if x - last < 2.0 => {}
            _ => out.push(x),
        }
    }
    // The last edge is the right margin of the widest table.
    if let (Some(last), Some(max)) = (out.last_mut(), edges.iter().flatten().copied().reduce(f64::max)) {
        *last = last.max(max);
    }
    out
}

/// The grid column nearest to an edge.
fn at(grid: &[f64], x: f64) -> usize {
    grid.iter().enumerate().min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs())).map_or(0, |(i, _)| i)
}

fn form_sheet(
    sheet: &mut Worksheet,
    form: &FormPage,
    measure: &tables::Measure,
    fonts: &Fonts,
) -> Result<()> {
    let widths: Vec<Vec<f64>> =
        form.tables.iter().map(|t| tables::widths(t, measure, FORM_SIZE, TYPE_AREA)).collect();
    let edges: Vec<Vec<f64>> = widths
        .iter()
        .map(|w| {
            std::iter::once(0.0)
                .chain(w.iter().scan(0.0, |x, w| {
                    *x += w;
                    Some(*x)
                }))
                .collect()
        })
        .collect();
    let grid = grid(&edges);
    let last_col = u16::try_from(grid.len().saturating_sub(2)).unwrap_or(0);
    for (c, pair) in grid.windows(2).enumerate() {
        sheet.set_column_width_pixels(col(c), ((pair[1] - pair[0]) * PX_PER_PT).round() as u32)?;
    }
    sheet.set_screen_gridlines(false);
    print_setup(sheet, fonts);

    let text = |size: f64| {
        Format::new().set_font_name(&fonts.fangsong).set_font_size(size).set_font_charset(CHARSET_GB2312)
    };
    let mut row: u32 = 0;
    // The height of everything written, in points, for the scale of the printout.
    let mut total_height = 0.0;
    if let Some(label) = &form.label {
        let f = Format::new()
            .set_font_name(&fonts.heiti)
            .set_font_size(16)
            .set_font_charset(CHARSET_GB2312)
            .set_align(FormatAlign::VerticalCenter);
        sheet.write_string_with_format(row, 0, label, &f)?;
        sheet.set_row_height(row, 28)?;
        total_height += 28.0;
        row += 1;
    }
    if !form.title_lines.is_empty() {
        let f = Format::new()
            .set_font_name(&fonts.xiaobiaosong)
            .set_font_size(18)
            .set_font_charset(CHARSET_GB2312)
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        merged(sheet, row, 0, row, last_col, &form.title_lines.join("\n"), &f)?;
        let height = 30.0 * form.title_lines.len() as f64 + 6.0;
        sheet.set_row_height(row, height)?;
        total_height += height;
        row += 1;
    }
    let total_width = grid.last().copied().unwrap_or(TYPE_AREA);
    let paragraph = |sheet: &mut Worksheet, row: u32, s: &str| -> Result<f64> {
        let f = text(FORM_SIZE)
            .set_text_wrap()
            .set_align(FormatAlign::Left)
            .set_align(FormatAlign::VerticalCenter);
        merged(sheet, row, 0, row, last_col, s, &f)?;
        let lines = (measure.width(s, FORM_SIZE) / (total_width - 8.0)).ceil().max(1.0);
        let height = lines * LINE + 4.0;
        sheet.set_row_height(row, height)?;
        Ok(height)
    };
    if let Some(lead) = &form.lead {
        total_height += paragraph(sheet, row, lead)?;
        row += 1;
    }
    let mut repeat: Option<(u32, u32)> = None;
    for (table, (widths, edges)) in form.tables.iter().zip(widths.iter().zip(&edges)) {
        let first = row;
        if table.header_rows > 0 && repeat.is_none() {
            repeat = Some((first, first + table.header_rows as u32 - 1));
        }
        let (next, height) = table_rows(sheet, table, widths, edges, &grid, first, measure, &text)?;
        row = next;
        total_height += height;
    }
    if let Some((a, b)) = repeat {
        sheet.set_repeat_rows(a, b)?;
    }
    for note in &form.notes {
        total_height += paragraph(sheet, row, note)?;
        row += 1;
    }
    if let Some(signoff) = &form.signoff {
        // The items spread across the width as in the PDF: each over its share of the columns.
        let f = text(FORM_SIZE).set_align(FormatAlign::Left).set_align(FormatAlign::VerticalCenter);
        let columns = grid.len().saturating_sub(1);
        let n = signoff.items.len();
        if n > 0 && columns >= n {
            for (i, item) in signoff.items.iter().enumerate() {
                let (a, b) = (i * columns / n, (i + 1) * columns / n - 1);
                merged(sheet, row, col(a), row, col(b), item, &f)?;
            }
        } else {
            merged(sheet, row, 0, row, last_col, &signoff.items.join("　　"), &f)?;
        }
        sheet.set_row_height(row, LINE + 14.0)?;
        total_height += LINE + 14.0;
    }
    // One page wide; as many pages tall as the PDF takes: Excel's rows are a little taller than
    // Typst's lines, and a form that fits one PDF page should not spill a line onto a second
    // sheet of paper. Up to an eighth smaller, never more.
    let pages = (total_height / (TYPE_HEIGHT * 1.125)).ceil().max(1.0);
    sheet.set_print_fit_to_pages(1, pages as u16);
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// A range written as one cell: merged when it covers more than one.
fn merged(sheet: &mut Worksheet, r0: u32, c0: u16, r1: u32, c1: u16, s: &str, f: &Format) -> Result<()> {
    if r0 == r1 && c0 == c1 {
        sheet.write_string_with_format(r0, c0, s, f)?;
    } else {
        sheet.merge_range(r0, c0, r1, c1, s, f)?;
    }
    Ok(())
}

/// Writes one table from sheet row `first`; returns the row after it.
#[allow(clippy::too_many_arguments)]
fn table_rows(
    sheet: &mut Worksheet,
    table: &Table,
    widths: &[f64],
    edges: &[f64],
    grid: &[f64],
    first: u32,
    measure: &tables::Measure,
    text: &dyn Fn(f64) -> Format,
) -> Result<(u32, f64)> {
    let cells = table.placed();
    let lines = tables::lines(table, widths, measure, FORM_SIZE);
    let n = table.columns.len();
    let rows = table.rows.len();
    // Which cell covers each place of the table, for the rules the neighbours leave out.
    let mut owner: Vec<Vec<Option<usize>>> = vec![vec![None; n]; rows];
    for (k, (r, c, cell)) in cells.iter().enumerate() {
        for row in owner.iter_mut().skip(*r).take(cell.rowspan) {
            for o in row.iter_mut().skip(*c).take(cell.colspan) {
                *o = Some(k);
            }
        }
    }
    let mut heights = vec![LINE + 2.0 * table.inset[1]; rows];
    let mut spanned: Vec<(usize, usize, f64)> = Vec::new();
    let mut index = vec![0usize; rows];
    // The lines render broke each cell into, in grid order.
    let mut broken: Vec<Option<Vec<String>>> = Vec::with_capacity(cells.len());
    for (r, _, cell) in &cells {
        let k = index[*r];
        index[*r] += 1;
        let cell_lines = lines.get(*r).and_then(|l| l.get(k)).cloned().flatten();
        let count = if cell.vertical {
            cell.joined().chars().count()
        } else {
            cell_lines.as_ref().map_or(cell.text.len().max(1), Vec::len)
        };
        broken.push(cell_lines);
        let need = count as f64 * LINE + 2.0 * table.inset[1];
        if cell.rowspan == 1 {
            heights[*r] = heights[*r].max(need);
        } else {
            spanned.push((*r, (*r + cell.rowspan).min(rows), need));
        }
    }
    // A cell over several rows that needs more than they give shares the rest among them.
    for (a, b, need) in spanned {
        let have: f64 = heights[a..b].iter().sum();
        if need > have {
            let more = (need - have) / (b - a) as f64;
            for h in &mut heights[a..b] {
                *h += more;
            }
        }
    }
    // A cell over rows taller than half a page (绩效指标 beside the whole indicator grid) is
    // set at the top: a spreadsheet centres it over its whole span, across the page break, where
    // it would print split in two; Typst sets it in the span's part on the first page.
    let tall =
        |r: usize, span: usize| heights[r..(r + span).min(rows)].iter().sum::<f64>() > TYPE_HEIGHT / 2.0;
    let mut written = 0.0;
    for (r, h) in heights.iter().enumerate() {
        let h = h.ceil();
        written += h;
        sheet.set_row_height(first + r as u32, h)?;
    }
    for ((r, c, cell), broken) in cells.iter().zip(&broken) {
        let (r, c) = (*r, *c);
        let open_top = cell.open_top || (r > 0 && owner[r - 1][c].is_some_and(|k| cells[k].2.open_bottom));
        let below = r + cell.rowspan;
        let open_bottom =
            cell.open_bottom || (below < rows && owner[below][c].is_some_and(|k| cells[k].2.open_top));
        let mut f = text(FORM_SIZE)
            .set_align(match cell.align {
                Align::Left => FormatAlign::Left,
                Align::Center => FormatAlign::Center,
                Align::Right => FormatAlign::Right,
            })
            .set_align(if tall(r, cell.rowspan) { FormatAlign::Top } else { FormatAlign::VerticalCenter })
            .set_border_left(FormatBorder::Thin)
            .set_border_right(FormatBorder::Thin);
        if !open_top {
            f = f.set_border_top(FormatBorder::Thin);
        }
        if !open_bottom {
            f = f.set_border_bottom(FormatBorder::Thin);
        }
        if cell.role != Role::Figure {
            f = f.set_text_wrap();
        }
        if cell.vertical {
            f = f.set_rotation(270);
        }
        if cell.indent > 0 {
            f = f.set_indent((f64::from(cell.indent) * INDENT_PER_CHAR).round() as u8);
        }
        let c0 = at(grid, edges[c]);
        let c1 = at(grid, edges[(c + cell.colspan).min(n)]).max(c0 + 1) - 1;
        let r0 = first + r as u32;
        let r1 = r0 + cell.rowspan.min(rows - r) as u32 - 1;
        // A label keeps the PDF's lines, balanced so that none ends with a lone character
        // (Excel would break “满意度指标” as “满意度指/标”); the author's text wraps as Excel likes.
        let joined = match broken {
            Some(l) if cell.role == Role::Label && l.len() > 1 => l.join("\n"),
            _ => cell.text.join("\n"),
        };
        let figure = if cell.role == Role::Figure { number(&joined) } else { None };
        match figure {
            Some((value, format)) => {
                let f = f.set_num_format(format);
                if r0 != r1 || c0 != c1 {
                    sheet.merge_range(r0, col(c0), r1, col(c1), "", &f)?;
                }
                sheet.write_number_with_format(r0, col(c0), value, &f)?;
            }
            None if joined.is_empty() => {
                if r0 != r1 || c0 != c1 {
                    sheet.merge_range(r0, col(c0), r1, col(c1), "", &f)?;
                } else {
                    sheet.write_blank(r0, col(c0), &f)?;
                }
            }
            None => merged(sheet, r0, col(c0), r1, col(c1), &joined, &f)?,
        }
    }
    Ok((first + rows as u32, written))
}

/// A column of the 汇总表.
#[derive(Debug, Clone, Copy)]
pub struct SummaryColumn {
    pub header: &'static str,
    /// Figures in this column are written as numbers (texts that are not plain numbers stay text).
    pub numeric: bool,
    /// Width in characters of 宋体 11.
    pub width: f64,
}

/// The 汇总表 as the caller decided it: columns, one row per report, and the totals row's
/// figures (the exact sums, from `compute::num::sum_printed`) under the columns where a sum
/// means something.
pub struct SummaryTable<'a> {
    pub columns: &'a [SummaryColumn],
    pub rows: Vec<Vec<String>>,
    pub totals: Vec<Option<String>>,
    pub totals_label: &'a str,
}

/// The 汇总表 as a workbook: typed columns, the header frozen, an autofilter over the reports,
/// and a totals row that sums the visible rows (`SUBTOTAL(109, …)`, so that a filter sums what
/// it shows) with the exact sum of all rows as its stored value.
pub fn summary(table: &SummaryTable) -> Result<Vec<u8>> {
    let fonts = Fonts {
        fangsong: "仿宋_GB2312".into(),
        heiti: "黑体".into(),
        xiaobiaosong: "方正小标宋简体".into(),
        songti: "宋体".into(),
    };
    let mut workbook = new_workbook(&fonts, None)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("汇总表")?;
    let base = default_format(&fonts).set_align(FormatAlign::VerticalCenter);
    let header = base
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color(0xE8EEF4);
    let body = base.clone().set_border(FormatBorder::Thin);
    let total = body.clone().set_bold().set_border_top(FormatBorder::Double);
    for (c, column) in table.columns.iter().enumerate() {
        // At least as wide as the longest entry (a file's path, a department's name), up to 60.
        let longest = table.rows.iter().filter_map(|r| r.get(c)).map(|t| text_width(t)).fold(0.0, f64::max);
        sheet.set_column_width(col(c), column.width.max((longest + 1.0).min(60.0)))?;
        sheet.write_string_with_format(0, col(c), column.header, &header)?;
    }
    sheet.set_row_height(0, 30)?;
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, (value, column)) in row.iter().zip(table.columns).enumerate() {
            let number = if column.numeric { number(value) } else { None };
            match number {
                Some((n, format)) => {
                    sheet.write_number_with_format(r, col(c), n, &body.clone().set_num_format(format))?;
                }
                None if value.is_empty() => {
                    sheet.write_blank(r, col(c), &body)?;
                }
                None => {
                    sheet.write_string_with_format(r, col(c), value, &body)?;
                }
            }
        }
    }
    let last = table.rows.len() as u32;
    let last_col = col(table.columns.len().saturating_sub(1));
    let totals_row = last + 1;
    sheet.write_string_with_format(totals_row, 0, table.totals_label, &total)?;
    for c in 1..table.columns.len() {
        let figure = table.totals.get(c).cloned().flatten().and_then(|t| number(&t).map(|n| (t, n)));
        match figure {
            Some((text, (_, format))) if last > 0 => {
                let name = column_name(c);
                let formula =
                    Formula::new(format!("=SUBTOTAL(109,{name}2:{name}{})", last + 1)).set_result(text);
                sheet.write_formula_with_format(
                    totals_row,
                    col(c),
                    formula,
                    &total.clone().set_num_format(format),
                )?;
            }
            _ => {
                sheet.write_blank(totals_row, col(c), &total)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last.max(1), last_col)?;
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(workbook.save_to_buffer()?)
}

/// The width of a text in digits of 宋体 11: a Chinese character takes two.
fn text_width(s: &str) -> f64 {
    s.chars().map(|c| if c.is_ascii() { 1.0 } else { 2.0 }).sum()
}

/// “A”, “B”, … “AA”: a column's name in a formula.
fn column_name(mut c: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_the_decimals_they_print() {
        assert_eq!(number("976.20"), Some((976.2, "0.00".into())));
        assert_eq!(number("96%"), Some((0.96, "0%".into())));
        assert_eq!(number("102.47%"), Some((1.0247, "0.00%".into())));
        assert_eq!(number("0"), Some((0.0, "0".into())));
        assert_eq!(number("10.0"), Some((10.0, "0.0".into())));
        assert_eq!(number("-12.50"), Some((-12.5, "0.00".into())));
        assert_eq!(number("0.30"), Some((0.3, "0.00".into())));
        // What Excel's file holds for them: the shortest text that reads back the same.
        assert_eq!(format!("{}", number("0.30").unwrap().0), "0.3");
        assert_eq!(format!("{}", number("98.53%").unwrap().0), "0.9853");
        for text in ["——", "—", "", "≥95%", "1,200.00", "007", ".5", "5.", "1e3", "+3", "96 %", "∞"]
        {
            assert_eq!(number(text), None, "{text}");
        }
    }

    #[test]
    fn columns_are_named_as_excel_does() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
    }

    #[test]
    fn the_grid_joins_edges_within_a_rule() {
        let g = grid(&[vec![0.0, 50.0, 100.0], vec![0.0, 50.5, 70.0, 100.2]]);
        assert_eq!(g, vec![0.0, 50.0, 70.0, 100.2]);
        assert_eq!(at(&g, 50.5), 1);
    }
}
