//! One open report: the file on disk, the document the page edits, the edits not yet saved, and
//! what the pipeline makes of it (findings, derived figures, the laid-out pages).
//!
//! The TOML file stays the one source. The page's edits are applied to a `toml_edit` document
//! of the file and kept in a list until they are saved, so that when the file changes on disk
//! (someone saves it in VS Code) the new file is read and the page's edits are applied to it
//! again: nothing is lost on either side, and where both sides changed the same value, the page
//! says what the file had and what it keeps.
//!
//! An edit is addressed by identity, not by position. The page names a field by its path with
//! row indexes (`projects.items[1].actual`), but a row deleted in another editor moves every
//! row after it: replayed by position, the edit of the next project landed on the project
//! after that, and 保存 overwrote it. So each pending edit also remembers every row it is in, as
//! the row was when the edit was made (its name where it has one, and its whole value), and is
//! replayed on the row that is the same in the new file, wherever it now stands; a row that is
//! gone, or can no longer be told apart from another, takes no edit and the page says so, in
//! its own labels.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Value as Json, json};
use toml_edit::DocumentMut;

use jixiao::check::check_with_fonts;
use jixiao::compute::compute;
use jixiao::diag::{Finding, Severity};
use jixiao::input::{LoadError, SourceFile};
use jixiao::render::{self, Compiled};

use super::doc::{self, NewValue, RowItem, Step};
use super::form::{Kind, Node};
use crate::cli::{BuildOptions, Log};

/// How many notices the page is sent (the latest).
const NOTICES_KEPT: usize = 20;

/// An edit made on the page and not yet saved.
#[derive(Debug, Clone)]
enum Edit {
    Set {
        at: Place,
        value: NewValue,
        /// What the file had there before the page's first edit of it: if the file on disk then
        /// changes it too, both values are named to the user.
        before: Json,
    },
    /// A row added (at the end of the group at `at`), or removed or moved (the row at `at`,
    /// whose last step is its index).
    Row {
        at: Place,
        op: String,
        /// The row an addition made, as it was made: replayed as it is.
        added: Option<RowItem>,
    },
}

/// A place in the document: its path as the page sends it, and who every row on the way is.
#[derive(Debug, Clone)]
struct Place {
    path: Vec<Step>,
    /// For each step of `path`: the row it names, when the step is a row's index.
    rows: Vec<Option<RowId>>,
}

/// Who a row is, as it was when the edit was made.
#[derive(Debug, Clone)]
struct RowId {
    /// The whole row as the page shows it (`doc::json_at`).
    whole: Json,
    /// Its name (the first of `NAME_KEYS` it has, not empty), which survives edits of its
    /// other fields.
    name: Option<(String, Json)>,
    /// Which of the rows equal to it (by whole value, by name) it was, and how many there were:
    /// identical rows (two blank “指标2：” rows) are told apart by order only while their count
    /// is unchanged.
    nth_whole: (usize, usize),
    nth_name: (usize, usize),
    /// Where it stood, to name a row that has no name.
    index: usize,
}

/// The fields that name a row, in the order the page's row titles use them.
const NAME_KEYS: &[&str] = &["name", "title", "label", "heading", "kind", "code", "figure", "field"];

/// Why a place is not in a document any more.
enum Lost {
    /// No row is the one the edit was made in (deleted, or renamed and changed).
    Gone,
    /// Several rows could be it.
    Ambiguous(usize),
}

/// A value typed in a number field that is not a number: never written into the document; the
/// field keeps it and its error until it is corrected.
#[derive(Debug, Clone)]
struct Refusal {
    path: Vec<Step>,
    text: String,
    message: String,
}

/// A finding as the page shows it: at its field when it has one.
#[derive(Debug, Serialize)]
struct FindingView {
    severity: Severity,
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<String>,
    /// The field, as the page addresses it (keys and row indices).
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<Vec<Step>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
struct Derived {
    label: String,
    text: String,
}

#[derive(Debug, Clone, Serialize)]
struct Notice {
    id: u64,
    text: String,
    /// “warn” for what the user must act on (a conflict, an edit that could not be merged).
    kind: &'static str,
}

/// What the pipeline made of the current document.
#[derive(Default)]
struct View {
    findings: Vec<FindingView>,
    /// Derived figures by the form's top-level group.
    derived: HashMap<String, Vec<Derived>>,
    pages: Vec<u128>,
    changed: Vec<usize>,
    compiled: Option<Arc<Compiled>>,
    svgs: HashMap<(usize, u128), Arc<String>>,
    /// The pages and figures are of an earlier state (the file does not load right now).
    stale: bool,
    /// The report as last computed, for the keys a text may cite (`keys`).
    report: Option<jixiao::compute::Report>,
}

pub struct Session {
    pub file: PathBuf,
    options: BuildOptions,
    /// The text last read from or written to the file; `None` while it does not exist.
    disk: Option<String>,
    /// The file began with a byte-order mark (WPS and Notepad write one); saves keep it.
    bom: bool,
    /// The file on disk does not parse (someone else's half-done edit): why, until it does.
    disk_error: Option<String>,
    doc: DocumentMut,
    edits: Vec<Edit>,
    /// The number fields whose typed text is not a number (not in `doc`).
    refused: Vec<Refusal>,
    version: u64,
    notices: Vec<Notice>,
    next_notice: u64,
    /// The dotted paths of the fields the page edits as TOML text.
    raw_paths: Vec<String>,
    /// Blank rows for each repeated group, from the form.
    row_shapes: HashMap<String, Vec<(String, Kind)>>,
    /// The label of every field and group, by its form path (`projects.items.actual`).
    labels: HashMap<String, String>,
    view: View,
}

/// Why a request could not be done; the message is for the user.
pub struct Refused(pub String);

/// What became of an edit the document could take.
pub enum Edited {
    Done,
    /// The value does not parse as the field's type: not written; why, with the field's name.
    Refused(String),
}

impl Session {
    /// Opens `file`; a file that does not exist yet starts from `skeleton` (the text of `init`,
    /// or why there is none: a template that does not load) and is written on the first save.
    pub fn open(
        file: &Path,
        options: BuildOptions,
        form: &[Node],
        skeleton: impl FnOnce() -> Result<String, String>,
    ) -> Result<Session, String> {
        let (disk, text) = match std::fs::read(file) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|e| {
                    format!(
                        "{} 不是 UTF-8 编码的文本（第 {} 个字节起）：请用 UTF-8 另存后再打开",
                        file.display(),
                        e.utf8_error().valid_up_to() + 1
                    )
                })?;
                (Some(text.clone()), text)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (None, skeleton()?),
            Err(e) => return Err(format!("无法读取 {}：{e}", file.display())),
        };
        let (bom, body) = strip_bom(&text);
        let doc = body.parse::<DocumentMut>().map_err(|_| {
            // The loader words the syntax error in Chinese, with the line and column.
            let why = match jixiao::input::load_str(file, &text) {
                Err(e) => e.to_string(),
                Ok(_) => String::new(),
            };
            format!(
                "{why}\n{} 有语法错误，页面无法打开它：请先用编辑器改正上面指出的地方，再运行 jixiao serve。",
                file.display()
            )
        })?;
        let mut raw_paths = Vec::new();
        let mut row_shapes = HashMap::new();
        let mut labels = HashMap::new();
        collect(form, &mut raw_paths, &mut row_shapes, &mut labels);
        let mut session = Session {
            file: file.to_path_buf(),
            options,
            disk: disk.map(|d| strip_bom(&d).1.to_string()),
            bom,
            disk_error: None,
            doc,
            edits: Vec::new(),
            refused: Vec::new(),
            version: 1,
            notices: Vec::new(),
            next_notice: 1,
            raw_paths,
            row_shapes,
            labels,
            view: View::default(),
        };
        if session.disk.is_none() {
            session.notice(
                "info",
                format!(
                    "{} 还不存在：页面从 jixiao init 的模板开始，第一次保存时写出这个文件。",
                    session.file.display()
                ),
            );
        }
        session.refresh();
        Ok(session)
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    /// Whether the page holds anything the file does not: edits, refused numbers, or the whole
    /// file (not written yet).
    pub fn dirty(&self) -> bool {
        !self.edits.is_empty() || !self.refused.is_empty() || self.disk.is_none()
    }

    fn notice(&mut self, kind: &'static str, text: String) {
        self.notices.push(Notice { id: self.next_notice, text, kind });
        self.next_notice += 1;
        if self.notices.len() > NOTICES_KEPT {
            self.notices.remove(0);
        }
    }

    /// Reads the file again if it changed on disk, and applies the unsaved edits to the new
    /// text. Returns whether anything changed.
    pub fn sync(&mut self) -> bool {
        let now = match std::fs::read(&self.file) {
            Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
            Err(_) => None,
        };
        let now = now.map(|t| {
            let (bom, body) = strip_bom(&t);
            self.bom = bom;
            body.to_string()
        });
        if now == self.disk {
            return false;
        }
        let name = self.file.display().to_string();
        match &now {
            None => {
                self.notice(
                    "warn",
                    format!("{name} 已被删除或改名：页面上的内容都还在，保存时会重新写出这个文件。"),
                );
                self.disk = None;
                self.disk_error = None;
            }
            Some(text) => match text.parse::<DocumentMut>() {
                Err(e) => {
                    let first = e.to_string().lines().next().unwrap_or_default().to_string();
                    self.notice(
                        "warn",
                        format!("{name} 在别处被修改，但现在有语法错误（{first}）：页面暂不读入，也不保存，以免覆盖那边的修改；在编辑器中改正并保存后，页面自动读入。"),
                    );
                    self.disk = now.clone();
                    self.disk_error = Some(first);
                }
                Ok(mut fresh) => {
                    let kept = self.reapply(&mut fresh);
                    self.doc = fresh;
                    self.disk = now.clone();
                    self.disk_error = None;
                    let text = if kept == 0 {
                        format!("{name} 在别处被修改，页面已重新读入。")
                    } else {
                        format!(
                            "{name} 在别处被修改，页面已重新读入，并把页面上 {kept} 处未保存的修改合并进去（尚未保存）。"
                        )
                    };
                    self.notice("info", text);
                }
            },
        }
        self.version += 1;
        self.refresh();
        true
    }

    /// Applies the unsaved edits to a freshly read document, each on the row it was made in
    /// wherever that row now stands; tells of each conflict and of each edit that no longer fits,
    /// in the page's labels. Returns how many edits were kept.
    fn reapply(&mut self, fresh: &mut DocumentMut) -> usize {
        // The refused texts are of rows as they are now (after every edit): where those rows are
        // in the new document is asked after the edits are replayed on it.
        let refused: Vec<(Place, Refusal)> = std::mem::take(&mut self.refused)
            .into_iter()
            .map(|r| (self.place(&self.doc, &r.path), r))
            .collect();
        let edits = std::mem::take(&mut self.edits);
        let mut kept = Vec::new();
        // One message per field: the last edit of a field says what the page holds there.
        let mut messages: Vec<(String, String)> = Vec::new();
        let mut tell = |key: String, text: String| match messages.iter_mut().find(|(k, _)| *k == key) {
            Some(m) => m.1 = text,
            None => messages.push((key, text)),
        };
        for edit in edits {
            match edit {
                Edit::Set { at, value, before } => {
                    let mine = new_json(&value);
                    let here = self.words(&at);
                    let path = match self.resolve(fresh, &at) {
                        Ok(path) => path,
                        Err((n, lost)) => {
                            let why = self.lost_words(&at, n, lost);
                            tell(
                                here.clone(),
                                format!(
                                    "{here}：页面上是“{}”，{why}；页面上的这处修改没有并入，保存也不会恢复这一项。如仍需要，请在文件中补回这一项后再改。",
                                    show(&mine)
                                ),
                            );
                            continue;
                        }
                    };
                    let there = doc::json_at(fresh, &path, &self.raw_paths);
                    if there != before && there != mine {
                        tell(
                            here.clone(),
                            format!(
                                "{here}：文件中改成了“{}”，页面上是“{}”；保留页面上的“{}”（尚未保存）。如要文件中的值，在页面上改回即可。",
                                show(&there),
                                show(&mine),
                                show(&mine)
                            ),
                        );
                    }
                    // The row as it is in the new file is who it is from now on.
                    let at = self.place(fresh, &path);
                    match doc::set(fresh, &path, &value) {
                        // The file's value is now known to the user: a later reload does not
                        // name the same difference again.
                        Ok(()) => kept.push(Edit::Set { at, value, before: there }),
                        Err(e) => tell(
                            here.clone(),
                            format!(
                                "页面上的一处修改无法并入新的文件（{here} 改为“{}”）：{}，请在页面上重新做一次。",
                                show(&mine),
                                e.0
                            ),
                        ),
                    }
                }
                Edit::Row { at, op, added } => {
                    let what = self.row_op_words(&at, &op);
                    let path = match self.resolve(fresh, &at) {
                        Ok(path) => path,
                        // Removed on both sides: nothing left to do.
                        Err((n, Lost::Gone)) if op == "remove" && n + 1 == at.path.len() => continue,
                        Err((n, lost)) => {
                            let why = self.lost_words(&at, n, lost);
                            tell(what.clone(), format!("页面上的“{what}”没有并入新的文件：{why}。"));
                            continue;
                        }
                    };
                    let at = self.place(fresh, &path);
                    let (group, index) = split_row(&path, &op);
                    let shape = self.row_shapes.get(&pattern(group)).cloned();
                    let done = match &added {
                        Some(row) => doc::push_row(fresh, group, row)
                            .or_else(|_| doc::row(fresh, group, &op, index, shape.as_deref())),
                        None => doc::row(fresh, group, &op, index, shape.as_deref()),
                    };
                    match done {
                        Ok(()) => kept.push(Edit::Row { at, op, added }),
                        Err(e) => tell(
                            what.clone(),
                            format!(
                                "页面上的一处修改无法并入新的文件（{what}）：{}，请在页面上重新做一次。",
                                e.0
                            ),
                        ),
                    }
                }
            }
        }
        for (at, r) in refused {
            if let Ok(path) = self.resolve(fresh, &at) {
                self.refused.push(Refusal { path, ..r });
            }
        }
        for (_, m) in messages {
            self.notice("warn", m);
        }
        let n = kept.len();
        self.edits = kept;
        n
    }

    /// `path` in `doc`, with who every row on the way is.
    fn place(&self, doc: &DocumentMut, path: &[Step]) -> Place {
        let rows = path
            .iter()
            .enumerate()
            .map(|(n, step)| match step {
                Step::Index(i) => match doc::json_at(doc, &path[..n], &self.raw_paths) {
                    Json::Array(rows) if *i < rows.len() => Some(row_id(&rows, *i)),
                    _ => None,
                },
                Step::Key(_) => None,
            })
            .collect();
        Place { path: path.to_vec(), rows }
    }

    /// The path of `at` in `doc`: every row found again by who it is. Fails at the step whose
    /// row is not (or not surely) there.
    fn resolve(&self, doc: &DocumentMut, at: &Place) -> Result<Vec<Step>, (usize, Lost)> {
        let mut path = Vec::with_capacity(at.path.len());
        for (n, (step, row)) in at.path.iter().zip(&at.rows).enumerate() {
            match (step, row) {
                (Step::Index(_), Some(id)) => {
                    let rows = match doc::json_at(doc, &path, &self.raw_paths) {
                        Json::Array(rows) => rows,
                        _ => Vec::new(),
                    };
                    path.push(Step::Index(locate(&rows, id).map_err(|lost| (n, lost))?));
                }
                _ => path.push(step.clone()),
            }
        }
        Ok(path)
    }

    /// A place as the page names it: “项目支出 › 项目“运行维护经费” › 本年决算数”.
    fn words(&self, at: &Place) -> String {
        self.words_upto(at, at.path.len())
    }

    fn words_upto(&self, at: &Place, end: usize) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut keys: Vec<&str> = Vec::new();
        for (step, row) in at.path[..end].iter().zip(&at.rows) {
            match step {
                Step::Key(k) => {
                    keys.push(k);
                    parts.push(self.labels.get(&keys.join(".")).cloned().unwrap_or_else(|| k.clone()));
                }
                Step::Index(i) => {
                    let row = match row {
                        Some(id) => row_title(id),
                        None => format!("第 {} 项", i + 1),
                    };
                    match parts.last_mut() {
                        Some(last) => last.push_str(&row),
                        None => parts.push(row),
                    }
                }
            }
        }
        parts.join(" › ")
    }

    /// Why the row at step `n` of `at` takes no edit, as the page says it: “文件中已删去项目“运行维护经费”这一项”.
    fn lost_words(&self, at: &Place, n: usize, lost: Lost) -> String {
        let group = self.words_upto(at, n);
        let group = group.rsplit(" › ").next().unwrap_or_default();
        let title = at.rows[n].as_ref().map(row_title).unwrap_or_default();
        match lost {
            Lost::Gone => format!("文件中已删去{group}{title}这一项（或改了它的名称）"),
            Lost::Ambiguous(k) => format!("文件中有 {k} 项都像{group}{title}，分不清是哪一项"),
        }
    }

    fn row_op_words(&self, at: &Place, op: &str) -> String {
        let what = match op {
            "add" => "添加一项",
            "remove" => "删除",
            "up" => "上移",
            _ => "下移",
        };
        format!("{} {what}", self.words(at))
    }

    /// Sets the value at `path`. A number field whose text is not a number is not written: the
    /// document keeps what it had, and the field keeps the text and its error (`Edited::Refused`)
    /// until it is corrected.
    pub fn edit(&mut self, path: Vec<Step>, value: NewValue) -> Result<Edited, Refused> {
        if let NewValue::Number { text } = &value
            && let Err(why) = doc::number_value(text)
        {
            let at = self.place(&self.doc, &path);
            let message = format!("{why}；这个值没有写入文件");
            let told = format!("{}：{message}", self.words(&at));
            self.refused.retain(|r| r.path != path);
            self.refused.push(Refusal { path, text: text.clone(), message });
            self.version += 1;
            return Ok(Edited::Refused(told));
        }
        let at = self.place(&self.doc, &path);
        let before = doc::json_at(&self.doc, &path, &self.raw_paths);
        doc::set(&mut self.doc, &path, &value).map_err(|e| Refused(e.0))?;
        self.refused.retain(|r| r.path != path);
        // Typing in one field is one edit, with the value the file had before it.
        match self.edits.last_mut() {
            Some(Edit::Set { at: a, value: v, .. }) if a.path == path => *v = value,
            _ => self.edits.push(Edit::Set { at, value, before }),
        }
        self.version += 1;
        self.refresh();
        Ok(Edited::Done)
    }

    /// Adds, removes or moves a row of a repeated group.
    pub fn row(&mut self, path: Vec<Step>, op: String, index: usize) -> Result<(), Refused> {
        let shape = self.row_shapes.get(&pattern(&path)).cloned();
        let mut row_path = path.clone();
        if op != "add" {
            row_path.push(Step::Index(index));
        }
        let at = self.place(&self.doc, &row_path);
        let len = doc::json_at(&self.doc, &path, &self.raw_paths).as_array().map_or(0, Vec::len);
        doc::row(&mut self.doc, &path, &op, index, shape.as_deref()).map_err(|e| Refused(e.0))?;
        // The refused texts move with their rows (or go with them).
        self.refused.retain_mut(|r| follow_row(&mut r.path, &path, &op, index, len));
        let added = if op == "add" { doc::row_item(&self.doc, &path, len) } else { None };
        self.edits.push(Edit::Row { at, op, added });
        self.version += 1;
        self.refresh();
        Ok(())
    }

    /// Writes the document to the file, atomically (the same way `build` writes a PDF). A
    /// change on disk since the last look is read and merged first, never overwritten.
    pub fn save(&mut self) -> Result<String, Refused> {
        self.sync();
        if let Some(why) = &self.disk_error {
            return Err(Refused(format!(
                "未保存：{} 在别处被修改且有语法错误（{why}）。请先在那边改正或撤销并保存，页面会自动读入，然后再保存。",
                self.file.display()
            )));
        }
        let mut text = self.doc.to_string();
        if self.bom {
            text.insert(0, '\u{feff}');
        }
        jixiao::output::write_atomic(&self.file, text.as_bytes())
            .map_err(|e| Refused(format!("未保存：{e}")))?;
        let saved = self.edits.len();
        self.disk = Some(strip_bom(&text).1.to_string());
        self.edits.clear();
        self.version += 1;
        let done = if saved == 0 && !text.is_empty() {
            format!("已保存 {}。", self.file.display())
        } else {
            format!("已保存 {}（{saved} 处修改）。", self.file.display())
        };
        if self.refused.is_empty() {
            return Ok(done);
        }
        // What the page shows and the file does not hold is said, not passed over.
        let not_saved: Vec<String> = self
            .refused
            .iter()
            .map(|r| format!("{}“{}”", self.words(&self.place(&self.doc, &r.path)), r.text))
            .collect();
        let text = format!(
            "{done}没有保存 {} 处不是有效数字的值：{}。它们仍标在页面上；文件中这些地方保持原值，改正后再保存。",
            not_saved.len(),
            not_saved.join("；")
        );
        self.notice("warn", text.clone());
        Ok(text)
    }

    /// Saves, then builds the PDF exactly as `jixiao build` does, with its messages.
    pub fn pdf(&mut self) -> Result<(bool, String), Refused> {
        self.save()?;
        let output = jixiao::output::default_output(&self.file);
        let mut log = Log::Buffer(String::new());
        let outcome = crate::cli::build::build_one(&self.file, &output, &self.options, &mut log);
        let Log::Buffer(text) = log else { unreachable!("a buffer was given") };
        Ok((outcome.code == 0, text))
    }

    /// 下载 Excel: the forms of the document as the page has it (unsaved edits included) as
    /// the workbook `build --xlsx` writes, refused as `build` refuses a report with errors.
    pub fn xlsx(&self) -> Result<Vec<u8>, String> {
        let (source, input) = jixiao::input::load_bytes(&self.file, self.doc.to_string().into_bytes())
            .map_err(|e| e.to_string())?;
        let report = compute(&input);
        let fonts = render::fonts_for(&self.options.render_options(&input)).map_err(|e| e.to_string())?;
        let findings = check_with_fonts(&input, &report, &source, &fonts);
        if jixiao::check::has_errors(&findings, self.options.deny_warnings) {
            return Err("报告还有错误（见“问题”）：改正后才能下载 Excel，与生成 PDF 一样。".into());
        }
        jixiao::xlsx::forms(&report, &fonts).map_err(|e| e.to_string())
    }

    /// Runs the pipeline on the current document: load, compute, check, lay out.
    fn refresh(&mut self) {
        // Without the byte-order mark, if the file has one: the findings' places are then the
        // document's places, as the leaves see them.
        let text = self.doc.to_string();
        let leaves = doc::leaves(&text);
        let view_of = |f: &Finding, source: &SourceFile| {
            let (line, column) = match &f.span {
                Some(s) => {
                    let (l, c) = source.line_col(s.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            let path = f.span.as_ref().and_then(|s| doc::path_at(&leaves, s));
            FindingView {
                severity: f.severity,
                code: f.code,
                message: f.message.clone(),
                label: f.label.clone(),
                help: f.help.clone(),
                path,
                line,
                column,
            }
        };
        let (source, input) = match jixiao::input::load_bytes(&self.file, text.into_bytes()) {
            Ok(x) => x,
            Err(e) => {
                // Bytes in memory are never unreadable: the error is a finding.
                if let LoadError::Invalid { source, finding } = e {
                    self.view.findings = vec![view_of(&finding, &source)];
                }
                self.view.stale = true;
                self.view.changed.clear();
                return;
            }
        };
        let report = compute(&input);
        let render_options = self.options.render_options(&input);
        let findings = match render::fonts_for(&render_options) {
            Ok(fonts) => check_with_fonts(&input, &report, &source, &fonts),
            Err(e) => vec![Finding::error("J000", e.to_string())],
        };
        self.view.findings = findings.iter().map(|f| view_of(f, &source)).collect();
        self.view.derived = derived(&report.printed);
        match render::compile_document(&report, &render_options) {
            Ok(compiled) => {
                let pages = compiled.page_hashes();
                let old = &self.view.pages;
                self.view.changed = (0..pages.len()).filter(|&i| old.get(i) != Some(&pages[i])).collect();
                self.view.svgs.retain(|(i, h), _| pages.get(*i) == Some(h));
                let compiled = Arc::new(compiled);
                // The changed pages are the ones the page asks for next: their SVG is made now,
                // on all cores at once (7–8 ms a page of CJK text, most of it outlining glyphs).
                let wanted: Vec<usize> = self
                    .view
                    .changed
                    .iter()
                    .copied()
                    .filter(|i| !self.view.svgs.contains_key(&(*i, pages[*i])))
                    .collect();
                for (i, svg) in svgs(&compiled, &wanted) {
                    self.view.svgs.insert((i, pages[i]), Arc::new(svg));
                }
                self.view.pages = pages;
                self.view.compiled = Some(compiled);
                self.view.stale = false;
            }
            Err(e) => {
                self.view.findings.push(FindingView {
                    severity: Severity::Error,
                    code: "J000",
                    message: format!("排版失败：{e}"),
                    label: None,
                    help: Some("这是 jixiao 的问题，请把这个文件报告给开发者。".into()),
                    path: None,
                    line: None,
                    column: None,
                });
                self.view.stale = true;
                self.view.changed.clear();
            }
        }
        self.view.report = Some(report);
        // Keep memory flat over a long session, as `watch` does.
        render::evict_cache(render::REBUILD_EVICT_AGE);
    }

    /// The keys a text may cite (`{键}`), of the document as the page has it now (unsaved edits
    /// included), as `jixiao keys --format json` lists them, with the placeholders and parts.
    /// While the document does not load, those of the last state that did.
    pub fn keys(&self) -> Json {
        let mut out = match &self.view.report {
            Some(report) => crate::cli::keys::json(report),
            None => json!({ "keys": [], "placeholders": [], "parts": [] }),
        };
        if let Json::Object(o) = &mut out {
            o.insert("version".into(), json!(self.version));
            o.insert("stale".into(), json!(self.view.stale));
        }
        out
    }

    /// Page `index` as SVG, if `hash` is still its content.
    pub fn page_svg(&mut self, index: usize, hash: u128) -> Option<Arc<String>> {
        if self.view.pages.get(index) != Some(&hash) {
            return None;
        }
        if let Some(svg) = self.view.svgs.get(&(index, hash)) {
            return Some(svg.clone());
        }
        let svg = Arc::new(self.view.compiled.as_ref()?.page_svg(index)?);
        self.view.svgs.insert((index, hash), svg.clone());
        Some(svg)
    }

    /// Everything the page shows. A refused text is shown at its field as typed, with its
    /// error first among the findings.
    pub fn state(&self) -> Json {
        let mut values = doc::to_json(&self.doc, &self.raw_paths);
        let mut findings = Vec::with_capacity(self.refused.len() + self.view.findings.len());
        for r in &self.refused {
            put_json(&mut values, &r.path, Json::String(r.text.clone()));
            let at = self.place(&self.doc, &r.path);
            let label = self.words(&at);
            findings.push(json!({
                "severity": Severity::Error,
                "code": jixiao::diag::codes::WRONG_TYPE,
                "message": r.message,
                "label": label,
                "path": r.path,
            }));
        }
        findings.extend(self.view.findings.iter().map(|f| serde_json::to_value(f).unwrap_or_default()));
        json!({
            "version": self.version,
            "file": self.file.display().to_string(),
            "name": self.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            "dirty": self.dirty(),
            "unsaved": self.edits.len(),
            "refused": self.refused.len(),
            "disk_error": self.disk_error,
            "values": values,
            "findings": findings,
            "derived": self.view.derived,
            "pages": self.view.pages.iter().map(|h| format!("{h:032x}")).collect::<Vec<_>>(),
            "changed": self.view.changed,
            "stale": self.view.stale,
            "notices": self.notices,
        })
    }
}

/// The SVG of `pages`, on all cores: on rayon's pool, whose threads live as long as the process
/// (a thread started per edit takes its own malloc arena each time: memory after 200 edits grew
/// to 1.8× instead of 1.45×).
fn svgs(compiled: &Compiled, pages: &[usize]) -> Vec<(usize, String)> {
    use rayon::prelude::*;
    pages.par_iter().filter_map(|&i| compiled.page_svg(i).map(|s| (i, s))).collect()
}

fn strip_bom(text: &str) -> (bool, &str) {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest),
        None => (false, text),
    }
}

/// The raw fields, the blank row of each repeated group and every label, from the form.
fn collect(
    nodes: &[Node],
    raw: &mut Vec<String>,
    rows: &mut HashMap<String, Vec<(String, Kind)>>,
    labels: &mut HashMap<String, String>,
) {
    for n in nodes {
        let dotted = n.path.join(".");
        labels.insert(dotted.clone(), n.label.clone());
        match n.kind {
            Kind::Raw => raw.push(dotted.clone()),
            Kind::Rows => {
                let shape = n
                    .children
                    .iter()
                    .filter(|c| c.required)
                    .map(|c| (c.path.last().cloned().unwrap_or_default(), c.kind))
                    .collect();
                rows.insert(dotted.clone(), shape);
            }
            _ => {}
        }
        collect(&n.children, raw, rows, labels);
    }
}

/// `projects.items[2].name` → `projects.items.name`: the form's path of a field.
fn pattern(path: &[Step]) -> String {
    path.iter()
        .filter_map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Index(_) => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn new_json(v: &NewValue) -> Json {
    match v {
        NewValue::Number { text } | NewValue::Text { text } | NewValue::Raw { text } => {
            Json::String(text.trim().to_string())
        }
        NewValue::Bool { value } => Json::Bool(*value),
        NewValue::Remove => Json::Null,
    }
}

fn show(v: &Json) -> String {
    match v {
        Json::Null => "（空）".into(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Who row `i` of `rows` is.
fn row_id(rows: &[Json], i: usize) -> RowId {
    let row = &rows[i];
    let name = name_of(row);
    let nth = |same: &dyn Fn(&Json) -> bool| {
        (rows[..i].iter().filter(|r| same(r)).count(), rows.iter().filter(|r| same(r)).count())
    };
    let nth_whole = nth(&|r| r == row);
    let nth_name = match &name {
        Some(n) => nth(&|r| name_of(r).as_ref() == Some(n)),
        None => (0, 0),
    };
    RowId { whole: row.clone(), name, nth_whole, nth_name, index: i }
}

fn name_of(row: &Json) -> Option<(String, Json)> {
    let obj = row.as_object()?;
    NAME_KEYS.iter().find_map(|k| match obj.get(*k) {
        Some(Json::String(s)) if !s.trim().is_empty() => Some((k.to_string(), Json::String(s.clone()))),
        _ => None,
    })
}

/// Where the row `id` is among `rows`: the row equal to it as a whole, or else the one of the
/// same name, each only while it can be told apart (as many equal rows as when the edit was
/// made, so that the n-th of them is the same one).
fn locate(rows: &[Json], id: &RowId) -> Result<usize, Lost> {
    let whole: Vec<usize> = (0..rows.len()).filter(|&i| rows[i] == id.whole).collect();
    if !whole.is_empty() && whole.len() == id.nth_whole.1 {
        return Ok(whole[id.nth_whole.0]);
    }
    let named: Vec<usize> = match &id.name {
        Some(n) => (0..rows.len()).filter(|&i| name_of(&rows[i]).as_ref() == Some(n)).collect(),
        None => Vec::new(),
    };
    if !named.is_empty() && named.len() == id.nth_name.1 {
        return Ok(named[id.nth_name.0]);
    }
    match whole.len().max(named.len()) {
        0 => Err(Lost::Gone),
        k => Err(Lost::Ambiguous(k)),
    }
}

/// A row as the page's titles name it: “运行维护经费”, or 第 3 项 where it has no name.
fn row_title(id: &RowId) -> String {
    let text = match (&id.name, &id.whole) {
        (Some((_, Json::String(s))), _) | (None, Json::String(s)) if !s.trim().is_empty() => s.clone(),
        _ => return format!("第 {} 项", id.index + 1),
    };
    let short: String = text.chars().take(24).collect();
    let more = if text.chars().count() > 24 { "…" } else { "" };
    format!("“{short}{more}”")
}

/// The group and the index a row operation works on: the path of a removal or move ends with
/// its row's index; an addition names the group (its index is not used).
fn split_row<'a>(path: &'a [Step], op: &str) -> (&'a [Step], usize) {
    match path.split_last() {
        Some((Step::Index(i), group)) if op != "add" => (group, *i),
        _ => (path, 0),
    }
}

/// Moves `path` as the row operation `op` on row `index` of the group at `group` moves it; a
/// removal takes the paths into its row with it (returns false).
fn follow_row(path: &mut [Step], group: &[Step], op: &str, index: usize, len: usize) -> bool {
    if path.len() <= group.len() || path[..group.len()] != *group {
        return true;
    }
    let Step::Index(k) = &mut path[group.len()] else { return true };
    match op {
        "remove" if *k == index => return false,
        "remove" if *k > index => *k -= 1,
        "up" if index > 0 && index < len && *k == index => *k -= 1,
        "up" if index > 0 && index < len && *k + 1 == index => *k += 1,
        "down" if index + 1 < len && *k == index => *k += 1,
        "down" if index + 1 < len && *k == index + 1 => *k -= 1,
        _ => {}
    }
    true
}

/// Sets the value at `path` in the page's JSON of the document, making the objects on the way.
fn put_json(values: &mut Json, path: &[Step], value: Json) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut here = values;
    for step in parents {
        here = match (here, step) {
            (Json::Object(m), Step::Key(k)) => m.entry(k.clone()).or_insert_with(|| json!({})),
            (Json::Array(a), Step::Index(i)) if *i < a.len() => &mut a[*i],
            _ => return,
        };
    }
    match (here, last) {
        (Json::Object(m), Step::Key(k)) => {
            m.insert(k.clone(), value);
        }
        (Json::Array(a), Step::Index(i)) if *i < a.len() => a[*i] = value,
        _ => {}
    }
}

/// The derived figures as printed, by the form group they belong to.
fn derived(printed: &[jixiao::compute::Printed]) -> HashMap<String, Vec<Derived>> {
    let mut out: HashMap<String, Vec<Derived>> = HashMap::new();
    for p in printed.iter().filter(|p| p.derived) {
        out.entry(group_of(&p.key).to_string())
            .or_default()
            .push(Derived { label: p.label.clone(), text: p.text.clone() });
    }
    out
}

/// Which group of the form a derived figure is shown in, by its registry key.
fn group_of(key: &str) -> &'static str {
    const RULES: &[(&str, &str)] = &[
        ("三公.", "sangong"),
        ("附件1.三公经费", "sangong"),
        ("附件1.公务用车", "sangong"),
        ("附件1.楼堂馆所", "attachment1"),
        ("附件1.项目支出", "projects"),
        ("项目支出", "projects"),
        ("附件1.编制数", "organization"),
        ("附件1.在职人数", "organization"),
        ("附件1.控制率", "organization"),
        ("附件1.", "attachment1"),
        ("附件2.", "attachment2"),
        ("总得分", "attachment2"),
        ("评价等级", "attachment2"),
        ("基本支出", "basic"),
        ("人员经费", "basic"),
        ("日常公用经费", "basic"),
        ("资本性支出", "basic"),
        ("总收入", "finance"),
        ("收入.", "finance"),
        ("总支出", "finance"),
        ("预算执行率", "finance"),
        ("年末结转和结余", "finance"),
        ("满意度", "satisfaction"),
    ];
    RULES.iter().find(|(prefix, _)| key.starts_with(prefix)).map(|(_, g)| *g).unwrap_or("organization")
}
