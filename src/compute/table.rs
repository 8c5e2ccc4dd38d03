//! The forms as data: a table is columns and rows of cells with spans, decided here; `render`
//! only sizes the columns to their content and Typst only draws the grid. A new form variant is
//! a new arrangement of cells, never a new `.typ` file.

use serde::Serialize;

/// One table of a form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Leading rows repeated on every page the table runs over.
    pub header_rows: usize,
    /// Trailing rows printed once, after the last row (总分).
    pub footer_rows: usize,
    /// Cell padding in points: horizontal, vertical.
    pub inset: [f64; 2],
}

impl Table {
    /// The cells in grid order, each with its row and the column it starts in: a cell takes the
    /// first column not covered by a rowspan from above. What the PDF's measuring and the
    /// workbook's merges both place cells by.
    pub fn placed(&self) -> Vec<(usize, usize, &Cell)> {
        let columns = self.columns.len();
        // Rows still covered by a rowspan from above, per column.
        let mut covered = vec![0usize; columns];
        let mut out = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            let mut col = 0;
            for cell in row {
                while col < columns && covered[col] > 0 {
                    col += 1;
                }
                out.push((r, col, cell));
                for c in covered.iter_mut().take((col + cell.colspan).min(columns)).skip(col) {
                    *c = cell.rowspan;
                }
                col += cell.colspan;
            }
            for c in covered.iter_mut() {
                *c = c.saturating_sub(1);
            }
        }
        out
    }
}

/// A column: how it takes the width that the content leaves over.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Column {
    /// Share of the spare width once every column shows its content on one line (0: none).
    pub grow: u32,
}

impl Column {
    pub fn fixed() -> Column {
        Column { grow: 0 }
    }
    pub fn grow(n: u32) -> Column {
        Column { grow: n }
    }
}

/// What a cell holds, which decides how it may break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A printed label of the form (header, row label): never ends in one lone character.
    Label,
    /// A figure: never breaks.
    Figure,
    /// The author's text: breaks anywhere a line may.
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    Center,
    Right,
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The text; paragraphs of the author's text are separate entries.
    pub text: Vec<String>,
    pub colspan: usize,
    pub rowspan: usize,
    pub align: Align,
    pub role: Role,
    /// Set top to bottom, one character under the other (a parenthesised tail stays across).
    pub vertical: bool,
    /// Indent of the first line, in characters (附件1's row labels).
    pub indent: u32,
    /// Rules left out above or below (a label that runs on from the header into the body).
    pub open_top: bool,
    pub open_bottom: bool,
}

impl Cell {
    fn new(text: impl Into<String>, role: Role, align: Align) -> Cell {
        let text = text.into();
        Cell {
            text: if text.is_empty() { Vec::new() } else { vec![text] },
            colspan: 1,
            rowspan: 1,
            align,
            role,
            vertical: false,
            indent: 0,
            open_top: false,
            open_bottom: false,
        }
    }
    /// A printed label, centred.
    pub fn label(text: impl Into<String>) -> Cell {
        Cell::new(text, Role::Label, Align::Center)
    }
    /// A printed label, left-aligned (row labels, 按收入性质分 lines).
    pub fn label_left(text: impl Into<String>) -> Cell {
        Cell::new(text, Role::Label, Align::Left)
    }
    /// A figure, right-aligned so that its decimals line up with the column's other figures.
    pub fn figure(text: impl Into<String>) -> Cell {
        Cell::new(text, Role::Figure, Align::Right)
    }
    /// A short value that is not a sum (a score, a rate): centred.
    pub fn value(text: impl Into<String>) -> Cell {
        Cell::new(text, Role::Figure, Align::Center)
    }
    /// The author's text.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::new(text, Role::Text, Align::Left)
    }
    /// The author's text, centred (short values like “≥270人次”).
    pub fn text_center(text: impl Into<String>) -> Cell {
        Cell::new(text, Role::Text, Align::Center)
    }
    /// Several paragraphs of the author's text.
    pub fn paragraphs(paragraphs: Vec<String>) -> Cell {
        Cell { text: paragraphs, ..Cell::new("", Role::Text, Align::Left) }
    }
    pub fn empty() -> Cell {
        Cell::new("", Role::Text, Align::Left)
    }
    pub fn span(mut self, cols: usize, rows: usize) -> Cell {
        self.colspan = cols.max(1);
        self.rowspan = rows.max(1);
        self
    }
    pub fn cols(self, n: usize) -> Cell {
        let rows = self.rowspan;
        self.span(n, rows)
    }
    pub fn rows(self, n: usize) -> Cell {
        let cols = self.colspan;
        self.span(cols, n)
    }
    pub fn vertical(mut self) -> Cell {
        self.vertical = true;
        self
    }
    pub fn indent(mut self, n: u32) -> Cell {
        self.indent = n;
        self
    }
    pub fn open_top(mut self) -> Cell {
        self.open_top = true;
        self
    }
    pub fn open_bottom(mut self) -> Cell {
        self.open_bottom = true;
        self
    }
    /// The whole text on one line.
    pub fn joined(&self) -> String {
        self.text.concat()
    }
}

/// The line under a form: 填表人, 填报日期, 联系电话, 单位负责人签字.
#[derive(Debug, Clone, Serialize)]
pub struct Signoff {
    pub items: Vec<String>,
}
