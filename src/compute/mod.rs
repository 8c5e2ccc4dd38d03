//! compute: the only place with arithmetic. Turns the [`Input`] (with its template) into a
//! [`Report`] in which every figure is exact and every display string is decided; the templates
//! only lay it out.
//!
//! Public entry: [`compute`]. It never fails: a zero base is phrased in words, a sum that does
//! not add up is computed as it is and reported by `check`, a section a report leaves out counts
//! as empty (and `check` says when a part that prints needs it).
//!
//! The body is the outline of the report or its template (`outline`), with one small function
//! per generated block (`blocks`); the forms are tables of cells (`forms`, `table`). Every
//! figure that prints is registered with a stable key and a Chinese label
//! ([`Report::printed`]): `diff`, the 更正说明 and `check --format json` read that registry.

mod blocks;
mod figures;
mod forms;
pub mod num;
mod numbering;
pub mod refs;
pub mod sentences;
pub mod table;
pub mod years;

use std::cell::RefCell;

pub use figures::{Change, Columns, Figures, Grade, execution_score, is_appropriation, year_of};
use serde::Serialize;
pub use table::{Align, Cell, Column, Role, Signoff, Table};

use crate::input::{GradeChoice, Input, Labels, Part, Piece, Text};
use num::Formats;

/// What the templates receive: the parts of the document in order, each laid out as blocks of
/// text or as tables of cells.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub meta: Meta,
    pub layout: Layout,
    pub parts: Vec<PrintedPart>,
    /// The exact figures behind the text (for `check` and `check --format json`).
    #[serde(skip)]
    pub figures: Figures,
    /// The figures of each `[[project_forms]]` entry, as `project_input` gives them.
    pub project_figures: Vec<Figures>,
    /// The headline figures as printed, one row of the finance bureau's 汇总表.
    #[serde(skip)]
    pub summary: Summary,
    /// Every figure as printed, with its stable key and Chinese label, in document order.
    #[serde(skip)]
    pub printed: Vec<Printed>,
    /// Every figure it could print (see [`catalogue`]): what references may cite.
    #[serde(skip)]
    pub catalogue: Vec<Printed>,
    /// For each `[stated]` figure the inputs can give, what they give (see [`computed`]).
    #[serde(skip)]
    pub computed: Vec<Printed>,
    /// `{年度}`, `{上年}`, `{单位}`, `{单位全称}`, `{简称}` with what they print (for the lists
    /// of citable keys: `jixiao keys`, the page of `serve`).
    #[serde(skip)]
    pub placeholders: Vec<(String, String)>,
}

/// One printed figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Printed {
    /// Stable name: `三公.公务接待费.比预算.增减额`, `附件2.年度资金总额.全年预算数`.
    pub key: String,
    /// What a reader calls it: “公务接待费比本年预算数增减额”.
    pub label: String,
    /// As printed, with its unit or sign: “减少21.82万元”, “96%”.
    pub text: String,
    /// Computed by jixiao (a total, a change, a rate, a score), not a figure of the file as it is.
    pub derived: bool,
}

/// A report's headline figures exactly as the PDF prints them (amounts in 万元 with two
/// decimals, the rate with its %): what a finance bureau collecting every department's report
/// puts side by side (`jixiao check 文件夹 --format csv`).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub department: String,
    pub year: String,
    pub initial_budget: String,
    pub full_budget: String,
    pub executed: String,
    pub execution_rate: String,
    pub income_total: String,
    pub sangong_budget: String,
    pub sangong_actual: String,
    /// The weights of the 自评表 added up, where it scores: short of 100 flags a partial form,
    /// and the score and grade are then blank (a partial score ranks nothing).
    pub total_weight: String,
    pub total_score: String,
    pub grade: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// The title on one line (PDF metadata).
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub year: String,
    /// The document date, for the PDF metadata.
    pub date: Option<DateParts>,
    /// The revision, when the report was corrected.
    pub revision: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct DateParts {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// “2021年6月30日”: GB/T 9704 writes the date in Arabic numerals without leading zeros.
fn date_text(d: &crate::input::Date) -> String {
    format!("{}年{}月{}日", d.year, d.month, d.day)
}

#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    /// “odd-even” or “centered”.
    pub page_numbers: &'static str,
    pub bold_level3: bool,
    /// Font families the author asked for by role; `render` puts them in front of the
    /// embedded fallbacks.
    pub fonts: FontRoles,
}

/// A family name per role, where the author chose one.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FontRoles {
    pub fangsong: Option<String>,
    pub kaiti: Option<String>,
    pub heiti: Option<String>,
    pub songti: Option<String>,
    pub xiaobiaosong: Option<String>,
}

/// One part of the printed document.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum PrintedPart {
    Cover(CoverPage),
    Contents(ContentsPage),
    Body(Body),
    Form(FormPage),
}

/// The cover: a title and a list of fields with their values.
#[derive(Debug, Clone, Serialize)]
pub struct CoverPage {
    pub title_lines: Vec<String>,
    pub fields: Vec<[String; 2]>,
    pub issuer: String,
    pub opinions: Vec<[String; 2]>,
}

/// 目录: Typst lists the headings that follow with their page numbers; the page itself is
/// front matter, unnumbered, and the body's numbers start at 1 after it.
#[derive(Debug, Clone, Serialize)]
pub struct ContentsPage {
    pub title: String,
    /// The heading levels listed (1: 一、 only; 2: also （一）).
    pub depth: u8,
}

/// The report body.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub title_lines: Vec<String>,
    /// “（2021年7月15日更正）” under the title, if asked for.
    pub revision_line: Option<String>,
    pub blocks: Vec<Block>,
    /// The attachment names for the 附件说明 after the body.
    pub attachments: Vec<String>,
    /// 署名 and 成文日期 printed after the 附件说明, when a signature is given.
    pub signature: Option<String>,
    pub signature_date: Option<String>,
}

/// One block of the report body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    /// A heading, numbered (“一、”, “（一）”, “1.”, “（1）”).
    Heading { level: u8, text: String },
    /// A paragraph, first line indented two characters.
    P { text: String },
    /// A numbered paragraph: the number and an optional run-in lead, then text.
    Item { number: String, lead: String, text: String },
    /// A table of the outline, ruled and sized like the forms; its caption above it.
    Table {
        caption: Option<String>,
        table: Table,
        /// The author's column widths as shares of the line; empty: measured from the cells.
        shares: Vec<f64>,
    },
}

impl Block {
    /// The block as one line of printed text.
    pub fn printed(&self) -> String {
        match self {
            Block::Heading { text, .. } | Block::P { text } => text.clone(),
            Block::Item { number, lead, text } => format!("{number}{lead}{text}"),
            // The caption, then the rows, a cell after the other.
            Block::Table { caption, table, .. } => caption
                .iter()
                .cloned()
                .chain(table.rows.iter().map(|r| r.iter().map(Cell::joined).collect::<Vec<_>>().join(" ")))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// A form page.
#[derive(Debug, Clone, Serialize)]
pub struct FormPage {
    /// Which form: “form1” (基础数据表) or “form2” (自评表).
    pub id: &'static str,
    /// “附件1” when the report body is printed; none when the form is printed alone.
    pub label: Option<String>,
    pub title_lines: Vec<String>,
    /// A line between the title and the table (“单位名称：…” on a 基础数据表 printed alone).
    pub lead: Option<String>,
    pub tables: Vec<Table>,
    /// Lines printed under the tables (说明：…).
    pub notes: Vec<String>,
    pub signoff: Option<Signoff>,
    /// A line of items above the tables (单位名称：… 填报日期：…), spread like the signoff.
    pub header: Option<Signoff>,
}

impl PrintedPart {
    /// Every text of the part that a reader sees, for the references to be resolved in.
    fn each_text(&mut self, f: &mut dyn FnMut(&mut String)) {
        match self {
            PrintedPart::Cover(c) => {
                c.title_lines.iter_mut().for_each(&mut *f);
                c.fields.iter_mut().flatten().for_each(&mut *f);
                f(&mut c.issuer);
                c.opinions.iter_mut().flatten().for_each(&mut *f);
            }
            PrintedPart::Contents(c) => f(&mut c.title),
            PrintedPart::Body(b) => {
                b.title_lines.iter_mut().for_each(&mut *f);
                b.revision_line.iter_mut().for_each(&mut *f);
                for block in &mut b.blocks {
                    match block {
                        Block::Heading { text, .. } | Block::P { text } => f(text),
                        Block::Item { lead, text, .. } => {
                            f(lead);
                            f(text);
                        }
                        Block::Table { caption, table, .. } => {
                            caption.iter_mut().for_each(&mut *f);
                            table.rows.iter_mut().flatten().flat_map(|c| c.text.iter_mut()).for_each(&mut *f);
                        }
                    }
                }
                b.attachments.iter_mut().for_each(&mut *f);
                b.signature.iter_mut().for_each(&mut *f);
            }
            PrintedPart::Form(form) => form.each_text(f),
        }
    }
}

impl FormPage {
    fn each_text(&mut self, f: &mut dyn FnMut(&mut String)) {
        self.label.iter_mut().for_each(&mut *f);
        self.title_lines.iter_mut().for_each(&mut *f);
        self.lead.iter_mut().for_each(&mut *f);
        if let Some(h) = &mut self.header {
            h.items.iter_mut().for_each(&mut *f);
        }
        for table in &mut self.tables {
            table.rows.iter_mut().flatten().flat_map(|c| c.text.iter_mut()).for_each(&mut *f);
        }
        self.notes.iter_mut().for_each(&mut *f);
        if let Some(s) = &mut self.signoff {
            s.items.iter_mut().for_each(&mut *f);
        }
    }
}

impl Report {
    /// The body, when it prints.
    pub fn body(&self) -> Option<&Body> {
        self.parts.iter().find_map(|p| match p {
            PrintedPart::Body(b) => Some(b),
            _ => None,
        })
    }
    /// A form, when it prints.
    pub fn form(&self, id: &str) -> Option<&FormPage> {
        self.parts.iter().find_map(|p| match p {
            PrintedPart::Form(f) if f.id == id => Some(f),
            _ => None,
        })
    }
}

/// Computes every figure and display string of the report.
pub fn compute(input: &Input) -> Report {
    let f = Figures::of(input);
    let catalogue = catalogue(input, &f);
    let mut ctx = Ctx::new(input, &f);
    ctx.catalogue = catalogue.clone();
    let meta = ctx.meta();
    let mut parts = ctx.parts();
    let summary = ctx.summary();
    // References are resolved last, when every figure of the document is registered: a
    // sentence may name a figure that only a form prints, or one that nothing else prints
    // (the author's own wording in place of a block): those come from the catalogue and are
    // registered as printed where the reference is.
    let lookup = ctx.lookup();
    let placeholders = ctx.placeholders();
    let mut cited: Vec<String> = Vec::new();
    for part in &mut parts {
        part.each_text(&mut |t| {
            if t.contains(['{', '}']) {
                for piece in refs::scan(t) {
                    if let refs::Piece::Ref { key, .. } = piece
                        && !lookup.contains_key(key)
                    {
                        cited.push(key.to_string());
                    }
                }
                *t = refs::resolve(t, &|k| {
                    lookup
                        .get(k)
                        .cloned()
                        .or_else(|| catalogue.iter().find(|p| p.key == k).map(|p| p.text.clone()))
                        .or_else(|| input.stated.get(k).map(|n| n.value.to_string()))
                });
            }
        });
    }
    for key in cited {
        let known = ctx.printed.borrow().iter().any(|p| p.key == key);
        if let Some(p) = catalogue.iter().find(|p| p.key == key).filter(|_| !known) {
            ctx.printed.borrow_mut().push(p.clone());
        } else if let Some(n) = input.stated.get(&key).filter(|_| !known) {
            // Stated and nowhere computed: it prints as given.
            ctx.printed.borrow_mut().push(Printed {
                key: key.clone(),
                label: key.clone(),
                text: n.value.to_string(),
                derived: false,
            });
        }
    }
    Report {
        meta,
        layout: Layout {
            page_numbers: match input.pick(|l| l.settings.page_numbers.as_ref()).map(|c| c.value) {
                Some(crate::input::PageNumbers::Centered) => "centered",
                _ => "odd-even",
            },
            bold_level3: input.pick(|l| l.settings.bold_level3.as_ref()).copied().unwrap_or(false),
            fonts: input
                .fonts
                .as_ref()
                .map(|f| {
                    let name = |t: &Option<Text>| t.as_ref().map(|t| t.value.trim().to_string());
                    FontRoles {
                        fangsong: name(&f.fangsong),
                        kaiti: name(&f.kaiti),
                        heiti: name(&f.heiti),
                        songti: name(&f.songti),
                        xiaobiaosong: name(&f.xiaobiaosong),
                    }
                })
                .unwrap_or_default(),
        },
        parts,
        summary,
        printed: ctx.printed.into_inner(),
        computed: computed(input),
        catalogue,
        placeholders,
        figures: f,
        project_figures: (0..input.project_forms.len())
            .map(|k| Figures::of(&project_input(input, k)))
            .collect(),
    }
}

/// What the inputs alone give for each figure the report states (the catalogue of the same
/// report without `[stated]`), for `check` to compare: a key absent here is a figure the
/// inputs cannot give, and the stated one stands alone.
fn computed(input: &Input) -> Vec<Printed> {
    if input.stated.is_empty() {
        return Vec::new();
    }
    let mut plain = input.clone();
    plain.stated.clear();
    let f = Figures::of(&plain);
    catalogue(&plain, &f).into_iter().filter(|p| input.stated.contains_key(&p.key)).collect()
}

/// Every figure the report could print, whatever its outline and parts: every block in every
/// wording and both forms, each where the file has the data it reads, computed on a scratch
/// registry. What a reference `{键}` may cite and `jixiao keys` lists; a figure whose data is
/// absent is not in it (absent is not 0).
fn catalogue(input: &Input, f: &Figures) -> Vec<Printed> {
    use crate::input::{BlockKind, Choice};
    let mut scratch = Ctx::new(input, f);
    scratch.scratch = true;
    for (_, kind) in BlockKind::CHOICES {
        if !kind.reads().iter().all(|k| k.present(input)) {
            continue;
        }
        let _ = scratch.block(*kind, "");
        for (variant, _) in kind.variants() {
            let _ = scratch.block(*kind, variant);
        }
    }
    if Part::Form1.reads().iter().all(|k| k.present(input)) {
        let _ = scratch.form1(None);
    }
    if Part::Form2.reads().iter().all(|k| k.present(input)) {
        let _ = scratch.form2(None);
    }
    for k in 0..input.project_forms.len() {
        let _ = scratch.project_form(k, None);
    }
    let mut seen = std::collections::HashSet::new();
    scratch.printed.into_inner().into_iter().filter(|p| seen.insert(p.key.clone())).collect()
}

/// The report as one project's 自评表 sees it: `[[project_forms]]`'s entry `k` as its 附件2
/// (the layout keys it leaves out come from the templates), and the project's budget and
/// spending stated as the 全年预算数 and 全年执行数, so that `Figures::of` gives the
/// project's execution rate, scores and grade with the department's rules.
pub fn project_input(i: &Input, k: usize) -> Input {
    let form = i.project_forms[k].clone();
    let line = form.project.as_ref().and_then(|name| {
        i.projects.as_ref()?.items.iter().find(|l| l.name.value.trim() == name.value.trim())
    });
    let mut derived = Input { attachment2: form, project_forms: Vec::new(), ..i.clone() };
    // The form names the project where the department's names the department.
    derived.report.department_full_name = derived.attachment2.project.clone();
    let labels = &mut derived.labels;
    labels.department = labels.project_name.clone().or_else(|| i.pick_label(|l| l.project_name.as_ref()));
    labels.total_funds = labels.project_funds.clone().or_else(|| i.pick_label(|l| l.project_funds.as_ref()));
    if let Some(finance) = derived.finance.as_mut() {
        finance.initial_budget = line.and_then(|l| l.initial.clone());
    }
    derived.stated.retain(|key, _| key != "总支出" && !key.starts_with("附件2."));
    if let Some(line) = line {
        if let Some(b) = &line.budget {
            derived.stated.insert("附件2.全年预算数".into(), b.clone());
        }
        if let Some(a) = &line.actual {
            derived.stated.insert("附件2.全年执行数".into(), a.clone());
        }
    }
    derived
}

/// The parts a report prints, in order: the report's `[report] parts`, else its template's
/// (with the cover first when the report has a `[cover]`).
pub fn parts_of(input: &Input) -> Vec<Part> {
    let mut parts: Vec<Part> = match &input.report.parts {
        Some(own) => own.iter().map(|c| c.value).collect(),
        None => {
            let mut p: Vec<Part> = input
                .pick(|l| l.parts)
                .map(|v| v.iter().map(|c| c.value).collect())
                .unwrap_or_else(|| vec![Part::Body, Part::Form1, Part::Form2]);
            if input.cover.is_some() && !p.contains(&Part::Cover) {
                p.insert(0, Part::Cover);
            }
            p
        }
    };
    let mut seen = Vec::new();
    parts.retain(|p| {
        let new = !seen.contains(p);
        seen.push(*p);
        new
    });
    parts
}

/// What every block and form shares: the input, its figures, the formats, and the registry of
/// printed figures.
pub(crate) struct Ctx<'a> {
    pub input: &'a Input,
    pub f: &'a Figures,
    pub fmt: Formats,
    pub year: String,
    pub last_year: String,
    pub dept: String,
    pub short: String,
    pub printed: RefCell<Vec<Printed>>,
    /// Every figure the report could print (empty while the catalogue itself is made): what
    /// a sentence pattern may cite.
    pub catalogue: Vec<Printed>,
    /// Making the catalogue: blocks register their figures and word nothing.
    pub scratch: bool,
    /// Whether the 自评表 scores (a 得分 column): the 评价结论 cites a total score only then.
    pub scored: bool,
}

fn text(t: &Option<Text>) -> String {
    t.as_ref().map(|t| t.value.trim().to_string()).unwrap_or_default()
}

/// Ends a sentence with “。” unless the author already closed it.
fn sentence(s: &str) -> String {
    let s = s.trim();
    if s.is_empty() || s.ends_with(['。', '！', '？', '：', '；']) {
        s.to_string()
    } else {
        format!("{s}。")
    }
}

impl<'a> Ctx<'a> {
    fn new(input: &'a Input, f: &'a Figures) -> Self {
        let dept = input.report.department.value.trim().to_string();
        Ctx {
            input,
            f,
            fmt: Formats::of(input),
            year: f.year.to_string(),
            last_year: (f.year - 1).to_string(),
            short: input
                .report
                .department_short_name
                .as_ref()
                .map_or_else(|| dept.clone(), |t| t.value.trim().to_string()),
            dept,
            printed: RefCell::new(Vec::new()),
            catalogue: Vec::new(),
            scratch: false,
            scored: forms::scored(input),
        }
    }

    /// Registers a printed figure and returns its text.
    pub fn put(
        &self,
        key: impl Into<String>,
        label: impl Into<String>,
        text: String,
        derived: bool,
    ) -> String {
        let p = self.printed_as(key, label, text, derived);
        let text = p.text.clone();
        self.printed.borrow_mut().push(p);
        text
    }

    /// A figure a text may cite though nothing prints it by itself (a 一级指标's 得分 and 等级
    /// for a results table in the body): it enters the catalogue only, and is registered as
    /// printed where a reference cites it.
    pub fn offer(&self, key: impl Into<String>, label: impl Into<String>, text: String, derived: bool) {
        if self.scratch {
            let p = self.printed_as(key, label, text, derived);
            self.printed.borrow_mut().push(p);
        }
    }

    /// A figure as it prints: a figure the report states prints as stated, in the shape of
    /// the computed text.
    pub fn printed_as(
        &self,
        key: impl Into<String>,
        label: impl Into<String>,
        text: String,
        derived: bool,
    ) -> Printed {
        let key = key.into();
        let text = match self.input.stated.get(&key) {
            Some(n) => refs::restate(&text, n.value),
            None => text,
        };
        Printed { key, label: label.into(), text, derived }
    }

    /// What a reference `{键}` prints: every registered figure (the first place it prints)
    /// and the title placeholders.
    fn lookup(&self) -> std::collections::HashMap<String, String> {
        let mut map: std::collections::HashMap<String, String> = self.placeholders().into_iter().collect();
        for p in self.printed.borrow().iter() {
            map.entry(p.key.clone()).or_insert_with(|| p.text.clone());
        }
        map
    }

    /// The placeholders of templates and titles, with what they print.
    pub fn placeholders(&self) -> Vec<(String, String)> {
        vec![
            ("年度".into(), self.year.clone()),
            ("上年".into(), self.last_year.clone()),
            ("单位".into(), self.dept.clone()),
            ("单位全称".into(), self.full_name()),
            ("简称".into(), self.short.clone()),
            ("等级图例".into(), self.legend()),
        ]
    }

    /// `{等级图例}`: the pattern “等级图例” with the four grade words, best first.
    fn legend(&self) -> String {
        let words: Vec<(&str, String)> =
            ["优", "良", "中", "差"].into_iter().zip(Grade::ALL.map(|g| grade_word(self.input, g))).collect();
        let lookup = |key: &str| -> Option<sentences::Local> {
            words.iter().find(|(k, _)| *k == key).map(|(_, w)| sentences::Local::Text(w.clone()))
        };
        self.input
            .layers()
            .into_iter()
            .find_map(|l| l.sentences.get("等级图例"))
            .and_then(|patterns| patterns.iter().find_map(|p| sentences::render(p.value.trim(), &lookup)))
            .map(|s| s.text)
            .unwrap_or_default()
    }

    /// Registers a figure that may be absent: an absent one is not registered and prints
    /// blank (a blank 得分 is not 0).
    pub fn put_opt(
        &self,
        key: impl Into<String>,
        label: impl Into<String>,
        text: Option<String>,
        derived: bool,
    ) -> String {
        text.map(|t| self.put(key, label, t, derived)).unwrap_or_default()
    }

    /// Fills in `{年度}`, `{上年}`, `{单位}`, `{单位全称}`, `{简称}` in a template's text.
    pub fn fill(&self, pattern: &str) -> String {
        pattern
            .replace("{年度}", &self.year)
            .replace("{上年}", &self.last_year)
            .replace("{单位全称}", &self.full_name())
            .replace("{单位}", &self.dept)
            .replace("{简称}", &self.short)
    }

    fn full_name(&self) -> String {
        self.input
            .report
            .department_full_name
            .as_ref()
            .map_or_else(|| self.dept.clone(), |t| t.value.trim().to_string())
    }

    /// A label of the forms or the cover, from the first layer that gives it, filled in.
    pub fn label(&self, f: impl Fn(&Labels) -> Option<&Text>) -> String {
        self.input
            .layers()
            .iter()
            .find_map(|l| f(l.labels))
            .map(|t| self.fill(t.value.trim()))
            .unwrap_or_default()
    }

    fn meta(&self) -> Meta {
        let r = &self.input.report;
        // A document of the forms alone is titled by its first form.
        let parts = parts_of(self.input);
        let title = if parts.contains(&Part::Body) || parts.contains(&Part::Cover) {
            self.title_lines().concat()
        } else {
            let form = parts.iter().find_map(|p| match p {
                Part::Form1 => self.input.pick(|l| l.attachment1.title.as_ref()),
                Part::Form2 => self.input.pick(|l| l.attachment2.title.as_ref()),
                _ => None,
            });
            match form {
                Some(lines) => lines.iter().map(|t| self.fill(t.value.trim())).collect::<Vec<_>>().concat(),
                None => self.title_lines().concat(),
            }
        };
        // The document keeps a title when no title prints (PDF/UA needs one): the template's.
        let title = if title.trim().is_empty() {
            let template: String = self
                .input
                .title_patterns()
                .iter()
                .map(|p| self.fill(p.value.trim()))
                .collect::<Vec<_>>()
                .concat();
            if template.trim().is_empty() {
                format!("{}年度{}整体支出绩效自评报告", self.year, self.dept)
            } else {
                template
            }
        } else {
            title
        };
        let mut keywords = vec!["绩效自评".into(), "整体支出".into(), self.year.clone()];
        let revision = r.revision.as_ref().map(|rev| format!("第{}次修订", num::plain(rev.number.value)));
        if let Some(rev) = &revision {
            keywords.push(rev.clone());
        }
        // What the author acknowledged with [[allow]] (an approved table printed as approved)
        // travels with the PDF, so that whoever opens the file can see it was known.
        let acknowledged: Vec<String> = self
            .input
            .allow
            .iter()
            .filter(|a| !a.reason.is_blank())
            .map(|a| {
                let code = a.code.value.trim().to_ascii_uppercase();
                let at = a.at.as_ref().map(|t| format!("（{}）", t.value.trim())).unwrap_or_default();
                format!("{code}{at}：{}", a.reason.value.trim())
            })
            .collect();
        for a in self.input.allow.iter().filter(|a| !a.reason.is_blank()) {
            let code = format!("已说明{}", a.code.value.trim().to_ascii_uppercase());
            if !keywords.contains(&code) {
                keywords.push(code);
            }
        }
        let mut subject = match (&revision, &r.revision) {
            (Some(n), Some(rev)) => {
                format!(
                    "部门整体支出绩效自评报告（{}，{}：{}）",
                    n,
                    date_text(&rev.date),
                    rev.note.value.trim()
                )
            }
            _ => "部门整体支出绩效自评报告".into(),
        };
        if !acknowledged.is_empty() {
            subject.push_str(&format!("。已说明的问题：{}", acknowledged.join("；")));
        }
        Meta {
            title,
            author: self.dept.clone(),
            subject,
            keywords,
            year: self.year.clone(),
            date: r.revision.as_ref().map(|rev| &rev.date).or(r.date.as_ref()).map(|d| DateParts {
                year: d.year,
                month: d.month,
                day: d.day,
            }),
            revision,
        }
    }

    /// The report title, line by line: the report's own lines, else the template's pattern.
    fn title_lines(&self) -> Vec<String> {
        // `title_lines = []` switches the printed title off.
        match &self.input.report.title_lines {
            Some(lines) => {
                lines.iter().map(|l| l.value.trim().to_string()).filter(|l| !l.is_empty()).collect()
            }
            None => self.input.title_patterns().iter().map(|p| self.fill(p.value.trim())).collect(),
        }
    }

    fn parts(&self) -> Vec<PrintedPart> {
        let parts = parts_of(self.input);
        let body = parts.contains(&Part::Body);
        // Each printed piece: a part, and which project form for “项目自评表”.
        let slots: Vec<(Part, usize)> = parts
            .iter()
            .flat_map(|p| match p {
                Part::ProjectForms => (0..self.input.project_forms.len()).map(|k| (*p, k)).collect(),
                _ => vec![(*p, 0)],
            })
            .collect();
        let forms: Vec<(Part, usize)> = slots
            .iter()
            .copied()
            .filter(|(p, _)| matches!(p, Part::Form1 | Part::Form2 | Part::ProjectForms))
            .collect();
        let label = |slot: (Part, usize)| -> Option<String> {
            if !body {
                return None;
            }
            let n = forms.iter().position(|q| *q == slot)? + 1;
            // A single attachment is “附件”, without a number (GB/T 9704, 7.3.4 and 8).
            if forms.len() == 1 {
                return Some("附件".to_string());
            }
            let chinese = self
                .input
                .pick(|l| l.settings.attachment_label.as_ref())
                .is_some_and(|c| c.value == crate::input::AttachmentLabel::Chinese);
            Some(if chinese {
                format!("附件{}", numbering::chinese_numeral(n))
            } else {
                format!("附件{n}")
            })
        };
        let hidden = |piece| self.input.hidden(piece);
        slots
            .iter()
            .map(|&(p, k)| match p {
                Part::Cover => PrintedPart::Cover(self.cover()),
                Part::Contents => PrintedPart::Contents(ContentsPage {
                    title: self.label(|l| l.contents.as_ref()),
                    depth: 2,
                }),
                Part::Body => PrintedPart::Body(self.body(&forms)),
                Part::Form1 => PrintedPart::Form(self.form1(label((p, k)))),
                Part::Form2 => PrintedPart::Form(self.form2(label((p, k)))),
                Part::ProjectForms => PrintedPart::Form(self.project_form(k, label((p, k)))),
            })
            .map(|mut part| {
                // `[settings] hide`: the pieces switched off print nothing.
                match &mut part {
                    PrintedPart::Cover(c) if hidden(Piece::OpinionPage) => c.opinions.clear(),
                    PrintedPart::Body(b) => {
                        if hidden(Piece::Title) {
                            b.title_lines.clear();
                            b.revision_line = None;
                        }
                        if hidden(Piece::AttachmentNote) {
                            b.attachments.clear();
                        }
                    }
                    PrintedPart::Form(f) if hidden(Piece::AttachmentLabels) => f.label = None,
                    _ => {}
                }
                part
            })
            .collect()
    }

    /// The prefix of project form `k`'s keys: `项目自评表1.`.
    fn project_prefix(k: usize) -> String {
        format!("项目自评表{}.", k + 1)
    }

    /// Project form `k`'s name in the 附件说明: a layout key, filled in; no figure is needed.
    fn project_form_name(&self, k: usize) -> String {
        forms::form2_name(&Ctx::new(&project_input(self.input, k), self.f))
    }

    /// Project form `k`: the 自评表 code run on `project_input`, its figures registered here
    /// under `项目自评表k.` and labelled with the project, its references renamed the same way.
    fn project_form(&self, k: usize, label: Option<String>) -> FormPage {
        let derived = project_input(self.input, k);
        let f = Figures::of(&derived);
        let mut ctx = Ctx::new(&derived, &f);
        ctx.scratch = self.scratch;
        let mut page = ctx.form2(label);
        page.id = "project-form";
        let prefix = Self::project_prefix(k);
        let project =
            derived.attachment2.project.as_ref().map(|t| t.value.trim().to_string()).unwrap_or_default();
        let rename = |key: &str| match key.strip_prefix("附件2.") {
            Some(rest) => format!("{prefix}{rest}"),
            None => key.to_string(),
        };
        for p in ctx.printed.into_inner() {
            self.printed.borrow_mut().push(Printed {
                key: rename(&p.key),
                label: format!("{project}{}", p.label),
                ..p
            });
        }
        page.each_text(&mut |t| {
            if t.contains("{附件2.") {
                *t = t.replace("{附件2.", &format!("{{{prefix}"));
            }
        });
        page
    }

    fn cover(&self) -> CoverPage {
        let i = self.input;
        let value = |f: fn(&crate::input::Cover) -> Option<&Text>| {
            i.layers()
                .iter()
                .filter_map(|l| l.cover)
                .find_map(f)
                .map(|t| self.fill(t.value.trim()))
                .unwrap_or_default()
        };
        let title = i
            .layers()
            .iter()
            .filter_map(|l| l.cover)
            .find_map(|c| c.title.as_ref())
            .map(|lines| lines.iter().map(|l| self.fill(l.value.trim())).collect())
            .unwrap_or_else(|| self.title_lines());
        let kind = i
            .layers()
            .iter()
            .filter_map(|l| l.cover)
            .find_map(|c| c.evaluation_type.as_ref())
            .map(|c| c.value);
        // Checked and unchecked boxes that the embedded fonts have.
        let check = |on: bool| if on { "■" } else { "□" };
        let whole = kind != Some(crate::input::EvaluationType::Project);
        let unit = value(|c| c.unit.as_ref());
        use crate::input::CoverItem;
        let builtin = |item: CoverItem| -> [String; 2] {
            match item {
                CoverItem::Unit => [
                    self.label(|l| l.cover_unit.as_ref()),
                    if unit.is_empty() { self.dept.clone() } else { unit.clone() },
                ],
                CoverItem::Supervisor => {
                    [self.label(|l| l.cover_supervisor.as_ref()), value(|c| c.supervisor.as_ref())]
                }
                CoverItem::Type => [
                    self.label(|l| l.cover_type.as_ref()),
                    format!(
                        "{}{}    {}{}",
                        self.label(|l| l.type_whole.as_ref()),
                        check(whole),
                        self.label(|l| l.type_project.as_ref()),
                        check(!whole)
                    ),
                ],
                CoverItem::Method => [self.label(|l| l.cover_method.as_ref()), value(|c| c.method.as_ref())],
                CoverItem::Evaluator => {
                    [self.label(|l| l.cover_evaluator.as_ref()), value(|c| c.evaluator.as_ref())]
                }
                CoverItem::Date => [self.label(|l| l.cover_date.as_ref()), value(|c| c.date.as_ref())],
            }
        };
        // `[cover] fields`: the lines in the template's order, built-in or its own; a line's
        // label or value given there wins over the built-in one.
        let fields: Vec<[String; 2]> =
            match i.layers().iter().filter_map(|l| l.cover).find_map(|c| c.fields.as_ref()) {
                Some(list) => list
                    .iter()
                    .map(|f| {
                        let [label, val] = f.field.as_ref().map(|c| builtin(c.value)).unwrap_or_default();
                        let own = |t: &Option<Text>| t.as_ref().map(|t| self.fill(t.value.trim()));
                        [own(&f.label).unwrap_or(label), own(&f.value).unwrap_or(val)]
                    })
                    .collect(),
                None => [
                    CoverItem::Unit,
                    CoverItem::Supervisor,
                    CoverItem::Type,
                    CoverItem::Method,
                    CoverItem::Evaluator,
                    CoverItem::Date,
                ]
                .into_iter()
                .map(builtin)
                .collect(),
            };
        CoverPage {
            title_lines: title,
            fields,
            issuer: value(|c| c.issuer.as_ref()),
            opinions: vec![
                [self.label(|l| l.cover_unit_opinion.as_ref()), value(|c| c.unit_opinion.as_ref())],
                [self.label(|l| l.cover_bureau_opinion.as_ref()), value(|c| c.bureau_opinion.as_ref())],
            ],
        }
    }

    fn body(&self, forms: &[(Part, usize)]) -> Body {
        let r = &self.input.report;
        let attachments = forms
            .iter()
            .map(|(p, k)| match p {
                Part::Form1 => forms::form1_name(self),
                Part::ProjectForms => self.project_form_name(*k),
                _ => forms::form2_name(self),
            })
            .collect();
        Body {
            title_lines: self.title_lines(),
            revision_line: r
                .revision
                .as_ref()
                .filter(|rev| rev.print)
                .map(|rev| format!("（{}更正）", date_text(&rev.date))),
            blocks: self.outline(),
            attachments,
            signature: r.signature.as_ref().map(|s| s.value.trim().to_string()),
            signature_date: r.signature.as_ref().and(r.date.as_ref()).map(date_text),
        }
    }

    fn summary(&self) -> Summary {
        let f = self.f;
        let a = self.fmt;
        let scored = forms::scored(self.input);
        let complete = f.total_weight == rust_decimal::Decimal::ONE_HUNDRED;
        Summary {
            department: self.dept.clone(),
            year: self.year.clone(),
            initial_budget: self
                .input
                .finance()
                .initial_budget
                .as_ref()
                .map(|n| a.amount(n.value))
                .unwrap_or_default(),
            full_budget: a.amount(f.full_budget),
            executed: a.amount(f.total_spending),
            execution_rate: f.execution_rate.map(|r| a.rate(r)).unwrap_or_else(|| "——".into()),
            income_total: a.amount(f.income_total),
            sangong_budget: f.sangong.budget.map(|d| a.amount(d)).unwrap_or_default(),
            sangong_actual: f.sangong.actual.map(|d| a.amount(d)).unwrap_or_default(),
            total_weight: if scored { num::plain(f.total_weight) } else { String::new() },
            total_score: match f.total_score {
                Some(s) if scored && complete => a.score(s),
                _ => String::new(),
            },
            grade: if scored && !complete {
                String::new()
            } else {
                printed_grade(self.input, f).unwrap_or_default()
            },
        }
    }
}

/// The grade printed: the one the author states, else the one the total gives; none without
/// either (a report without scores is not graded 差). In the words of `[settings] grade_words`.
pub fn printed_grade(input: &Input, f: &Figures) -> Option<String> {
    stated_grade(input).or(f.grade).map(|g| grade_word(input, g))
}

/// The grade the author states in `[attachment2] grade`.
pub fn stated_grade(input: &Input) -> Option<Grade> {
    input.attachment2.grade.as_ref().map(|c| match c.value {
        GradeChoice::Excellent => Grade::优秀,
        GradeChoice::Good => Grade::良好,
        GradeChoice::Fair => Grade::中,
        GradeChoice::Poor => Grade::差,
    })
}

/// A grade in the words the template or report chose (`[settings] grade_words`, best first:
/// “优”“良”“中”“差”), else 优秀, 良好, 中, 差.
pub fn grade_word(input: &Input, g: Grade) -> String {
    let rank = Grade::ALL.iter().position(|x| *x == g).unwrap_or(0);
    input
        .pick(|l| l.settings.grade_words.as_ref())
        .and_then(|w| w.get(rank))
        .map(|t| t.value.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| g.name().to_string())
}

/// A bare placeholder row of the form: a name like “指标1：” or “……” and nothing else.
pub fn is_placeholder(r: &crate::input::Indicator) -> bool {
    r.target.is_none()
        && r.actual.is_none()
        && r.weight.is_none()
        && r.score.is_none()
        && r.from.is_none()
        && is_placeholder_name(&r.name.value)
}

/// “指标1：”, “指标2:”, “……”: the wording of an empty row of a printed form. “指标1：新建中心村
/// 数量” names a real indicator.
pub fn is_placeholder_name(name: &str) -> bool {
    let n = name.trim();
    if n.is_empty() || n.chars().all(|c| matches!(c, '…' | '.' | '。' | '⋯')) {
        return true;
    }
    let Some(rest) = n.strip_prefix("指标") else { return false };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    matches!(rest, "：" | ":" | "")
}

/// Which form of 附件2 prints.
pub fn form_variant(input: &Input) -> crate::input::FormVariant {
    input.pick(|l| l.attachment2.form.as_ref()).map(|c| c.value).unwrap_or_default()
}

pub use forms::scored;
