//! Spanning cells across page breaks. A cell over several rows (a 一级指标's name, the vertical
//! 绩效指标 label) that a page break cuts prints its text on the first page only: Typst lays a
//! spanning cell out once, and its part on the next page stays empty, so that a reader sees rows
//! without their 一级指标. jixiao does what a publisher does: it cuts the cell at the page break
//! (the rule under the page's last row closes the first part) and prints the label again in the
//! part on the new page.
//!
//! Where a page breaks is known only after a layout. `render::compile` lays the document out,
//! reads on which page each body row of each table landed (a `metadata` marker, `<jixiao-row>`,
//! in one cell of the row), and when a spanning cell crosses a break it cuts the cell there in
//! the data and lays out again, until every cut is at a page break and no spanning cell crosses
//! one. A document whose spanning cells all stay on their page, the common case, is laid out
//! once.
//!
//! When the layouts agree, every part of a cut cell lies on one page, so its label is whole
//! there and never leaves a piece on the next page. A part may break like any spanning cell: an
//! unbreakable part over many rows (the 绩效指标 of a whole page) would take all its rows onto
//! the next page when a part inside it grows. When a first part is taller than its rows (a label
//! of two lines beside the last row of a page, one line high) and takes that row onto the next
//! page, the cell is kept whole there, unbreakable, instead of being cut again and again; the
//! cells around it are then cut above it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Value, json};
use typst::foundations::{Label, Selector};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::compute::Table;

/// The label of the rows' markers in `form.typ`.
const ROW_MARK: &str = "jixiao-row";

/// A cell of a table by the row it starts in and the first column it takes.
type At = (usize, usize);

/// How a table's spanning cells are cut at page breaks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cuts {
    /// Per spanning cell, the rows where a new part of it starts (each the first row of a page).
    parts: BTreeMap<At, BTreeSet<usize>>,
    /// Spanning cells kept whole, unbreakable, on one page.
    whole: BTreeSet<At>,
}

impl Cuts {
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty() && self.whole.is_empty()
    }
}

/// Gives the table's JSON its id, every cell whether it may break across pages (a spanning
/// cell may; a row of one line never), and one cell of every body row the marker of its row.
pub fn mark(t: &mut Value, id: usize, table: &Table) {
    t["id"] = json!(id);
    let body = table.header_rows..table.rows.len().saturating_sub(table.footer_rows);
    let Some(rows) = t.get_mut("rows").and_then(Value::as_array_mut) else { return };
    for (r, (row, cells)) in rows.iter_mut().zip(&table.rows).enumerate() {
        // A cell of one row is on the row's page; a spanning cell starts there.
        let marked = cells.iter().position(|c| c.rowspan == 1).unwrap_or(0);
        for (k, (json, cell)) in row.as_array_mut().into_iter().flatten().zip(cells).enumerate() {
            json["breakable"] = json!(cell.rowspan > 1);
            json["mark"] = if body.contains(&r) && k == marked { json!([id, r]) } else { Value::Null };
        }
    }
}

/// The table's JSON with its spanning cells cut as `cuts` says. The cells of each row stay in
/// the order of their columns, so that Typst places them where they were.
pub fn apply(t: &mut Value, table: &Table, cuts: &Cuts) {
    if cuts.is_empty() {
        return;
    }
    let Some(rows) = t.get_mut("rows").and_then(Value::as_array_mut) else { return };
    let mut out: Vec<Vec<(usize, Value)>> = vec![Vec::new(); rows.len()];
    let mut index = vec![0usize; rows.len()];
    for (r, col, cell) in table.placed() {
        let k = index[r];
        index[r] += 1;
        let Some(mut json) = rows.get(r).and_then(|row| row.get(k)).cloned() else { continue };
        if cuts.whole.contains(&(r, col)) {
            json["breakable"] = json!(false);
            out[r].push((col, json));
            continue;
        }
        let Some(starts) = cuts.parts.get(&(r, col)) else {
            out[r].push((col, json));
            continue;
        };
        let end = (r + cell.rowspan).min(rows.len());
        let bounds: Vec<usize> = std::iter::once(r)
            .chain(starts.iter().copied().filter(|s| r < *s && *s < end))
            .chain(std::iter::once(end))
            .collect();
        for (i, w) in bounds.windows(2).enumerate() {
            let mut part = json.clone();
            part["rowspan"] = json!(w[1] - w[0]);
            part["breakable"] = json!(w[1] - w[0] > 1);
            if i > 0 {
                part["mark"] = Value::Null;
                // A label that runs on from the header (the vertical 绩效指标) runs on from the
                // header repeated on the new page; any other part starts with a rule.
                part["open_top"] = json!(cell.open_top && r == table.header_rows && table.header_rows > 0);
            }
            if w[1] < end {
                part["open_bottom"] = json!(false);
            }
            out[w[0]].push((col, part));
        }
    }
    for (row, mut cells) in rows.iter_mut().zip(out) {
        cells.sort_by_key(|(col, _)| *col);
        *row = Value::Array(cells.into_iter().map(|(_, v)| v).collect());
    }
}

/// The page (from 1) each marked row landed on, by table id and row.
pub fn row_pages(doc: &PagedDocument) -> HashMap<(usize, usize), usize> {
    let mut out = HashMap::new();
    let Some(label) = Label::new(PicoStr::intern(ROW_MARK)) else { return out };
    let introspector = doc.introspector();
    for elem in introspector.query(&Selector::Label(label)) {
        let (Some(meta), Some(location)) = (elem.to_packed::<MetadataElem>(), elem.location()) else {
            continue;
        };
        let Some(position) = introspector.position(location) else { continue };
        let typst::foundations::Value::Array(at) = &meta.value else { continue };
        let number = |i: usize| match at.at(i as i64, None) {
            Ok(typst::foundations::Value::Int(n)) => usize::try_from(n).ok(),
            _ => None,
        };
        if let (Some(id), Some(row)) = (number(0), number(1)) {
            let page = position.page.get();
            out.entry((id, row)).and_modify(|p: &mut usize| *p = (*p).min(page)).or_insert(page);
        }
    }
    out
}

/// What the layout made of `cuts`: how many of the table's spanning cells cross a page break
/// or are cut where no page breaks (0: the table is right), and the cuts to try next.
pub fn revise(table: &Table, cuts: &Cuts, page: impl Fn(usize) -> Option<usize>) -> (Cuts, usize) {
    let mut next = Cuts::default();
    let mut defects = 0;
    for (r, col, cell) in table.placed() {
        if cell.rowspan < 2 {
            continue;
        }
        let at = (r, col);
        let end = (r + cell.rowspan).min(table.rows.len());
        // The rows inside the cell that start a new page.
        let mut breaks = BTreeSet::new();
        let mut last = None;
        for row in r..end {
            if let Some(p) = page(row) {
                if last.is_some_and(|l| l != p) {
                    breaks.insert(row);
                }
                last = Some(p);
            }
        }
        let cut = cuts.parts.get(&at).cloned().unwrap_or_default();
        defects += cut.symmetric_difference(&breaks).count();
        if breaks.is_empty() {
            // Cut before and now on one page: its first part was taller than its rows and took
            // them onto the next page. It stays whole there.
            if !cut.is_empty() || cuts.whole.contains(&at) {
                next.whole.insert(at);
            }
        } else {
            next.parts.insert(at, breaks);
        }
    }
    (next, defects)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::{Cell, Column};

    /// A side label over four rows, a group label over the last three, and a name in each row.
    fn table() -> Table {
        Table {
            columns: vec![Column::fixed(); 3],
            rows: vec![
                vec![Cell::empty().open_bottom(), Cell::label("一级"), Cell::label("名称")],
                vec![
                    Cell::label("指标").rows(4).vertical().open_top(),
                    Cell::label("产出").rows(1),
                    Cell::text("a"),
                ],
                vec![Cell::label("效益").rows(3), Cell::text("b")],
                vec![Cell::text("c")],
                vec![Cell::text("d")],
            ],
            header_rows: 1,
            footer_rows: 0,
            inset: [3.0, 4.0],
        }
    }

    fn json_of(table: &Table) -> Value {
        let mut t = serde_json::to_value(table).unwrap();
        mark(&mut t, 0, table);
        t
    }

    #[test]
    fn a_cell_crossing_a_page_break_is_cut_there_and_both_parts_print_the_label() {
        let table = table();
        // Rows 1 and 2 on page 1, rows 3 and 4 on page 2.
        let pages = [None, Some(1), Some(1), Some(2), Some(2)];
        let (cuts, defects) = revise(&table, &Cuts::default(), |r| pages[r]);
        assert_eq!(defects, 2, "the side label and the group label cross the break");
        let mut t = json_of(&table);
        apply(&mut t, &table, &cuts);
        let rows = t["rows"].as_array().unwrap();
        let texts = |r: usize| -> Vec<(String, u64)> {
            rows[r]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    (
                        c["text"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect(),
                        c["rowspan"].as_u64().unwrap(),
                    )
                })
                .collect()
        };
        assert_eq!(texts(1), [("指标".into(), 2), ("产出".into(), 1), ("a".into(), 1)]);
        assert_eq!(texts(2), [("效益".into(), 1), ("b".into(), 1)]);
        assert_eq!(texts(3), [("指标".into(), 2), ("效益".into(), 2), ("c".into(), 1)]);
        // The side label's part on the new page runs on from the repeated header; the first
        // part is closed at the page's foot.
        assert_eq!(rows[3][0]["open_top"], json!(true));
        assert_eq!(rows[1][0]["open_bottom"], json!(false));
        assert_eq!(rows[3][1]["open_top"], json!(false));
        // A part of two rows may break like any spanning cell; a part of one row is a row.
        assert_eq!(
            (rows[1][0]["breakable"].clone(), rows[2][0]["breakable"].clone()),
            (json!(true), json!(false))
        );
        // Only one marker per row: the part on the new page is not one.
        assert_eq!(rows[3].as_array().unwrap().iter().filter(|c| !c["mark"].is_null()).count(), 1);
        // The same layout again: nothing left to do.
        let (again, defects) = revise(&table, &cuts, |r| pages[r]);
        assert_eq!((again, defects), (cuts, 0));
    }

    #[test]
    fn a_group_whose_first_part_moved_to_the_next_page_is_kept_whole() {
        let table = table();
        let first = [None, Some(1), Some(1), Some(2), Some(2)];
        let (cuts, _) = revise(&table, &Cuts::default(), |r| first[r]);
        // The group label's first part (“效益” over row 2) was too tall for page 1: rows 2 to 4
        // are all on page 2 now.
        let moved = [None, Some(1), Some(2), Some(2), Some(2)];
        let (next, defects) = revise(&table, &cuts, |r| moved[r]);
        assert!(defects > 0);
        assert!(next.whole.contains(&(2, 1)), "{next:?}");
        assert_eq!(
            next.parts.get(&(1, 0)),
            Some(&BTreeSet::from([2])),
            "the side label is cut above the group"
        );
        let (last, defects) = revise(&table, &next, |r| moved[r]);
        assert_eq!((last, defects), (next, 0));
    }

    #[test]
    fn a_table_on_one_page_is_left_alone() {
        let table = table();
        let (cuts, defects) = revise(&table, &Cuts::default(), |r| (r > 0).then_some(3));
        assert!(cuts.is_empty());
        assert_eq!(defects, 0);
    }
}
