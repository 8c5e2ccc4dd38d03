//! One open report: the file on disk, the document the page edits, the edits not yet saved, and
//! what the pipeline makes of it (findings, derived figures, the laid-out pages).
//!
//! The TOML file stays the one source. The page's edits are applied to a `toml_edit` document
//! of the file and kept in a list until they are saved, so that when the file changes on disk
//! (someone saves it in VS Code) the new file is read and the page's edits are applied to it
//! again: nothing is lost on either side, and where both sides changed the same value, the page
//! says what the file had and what it keeps.

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

use super::doc::{self, NewValue, Step};
use super::form::{Kind, Node};
use crate::cli::{BuildOptions, Log};

/// How many notices the page is sent (the latest).
const NOTICES_KEPT: usize = 20;

/// An edit made on the page and not yet saved.
#[derive(Debug, Clone)]
enum Edit {
    Set {
        path: Vec<Step>,
        value: NewValue,
        /// What the file had there before the page's first edit of it: if the file on disk then
        /// changes it too, both values are named to the user.
        before: Json,
    },
    Row {
        path: Vec<Step>,
        op: String,
        index: usize,
    },
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
    version: u64,
    notices: Vec<Notice>,
    next_notice: u64,
    /// The dotted paths of the fields the page edits as TOML text.
    raw_paths: Vec<String>,
    /// Blank rows for each repeated group, from the form.
    row_shapes: HashMap<String, Vec<(String, Kind)>>,
    view: View,
}

/// Why a request could not be done; the message is for the user.
pub struct Refused(pub String);

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
        collect(form, &mut raw_paths, &mut row_shapes);
        let mut session = Session {
            file: file.to_path_buf(),
            options,
            disk: disk.map(|d| strip_bom(&d).1.to_string()),
            bom,
            disk_error: None,
            doc,
            edits: Vec::new(),
            version: 1,
            notices: Vec::new(),
            next_notice: 1,
            raw_paths,
            row_shapes,
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

    /// Applies the unsaved edits to a freshly read document; tells of each conflict and of each
    /// edit that no longer fits. Returns how many edits were kept.
    fn reapply(&mut self, fresh: &mut DocumentMut) -> usize {
        let edits = std::mem::take(&mut self.edits);
        let mut kept = Vec::new();
        let mut messages = Vec::new();
        for edit in edits {
            let result = match &edit {
                Edit::Set { path, value, before } => {
                    let there = doc::json_at(fresh, path, &self.raw_paths);
                    let mine = new_json(value);
                    if there != *before && there != mine {
                        messages.push(format!(
                            "{}：文件中改成了“{}”，页面上是“{}”；保留页面上的“{}”（尚未保存）。如要文件中的值，在页面上改回即可。",
                            doc::dotted(path),
                            show(&there),
                            show(&mine),
                            show(&mine)
                        ));
                    }
                    doc::set(fresh, path, value)
                }
                Edit::Row { path, op, index } => doc::row(fresh, path, op, *index, None),
            };
            match result {
                Ok(()) => kept.push(edit),
                Err(e) => messages.push(format!(
                    "页面上的一处修改无法并入新的文件（{}）：{}，请在页面上重新做一次。",
                    describe(&edit),
                    e.0
                )),
            }
        }
        for m in messages {
            self.notice("warn", m);
        }
        let n = kept.len();
        self.edits = kept;
        n
    }

    /// Sets the value at `path`.
    pub fn edit(&mut self, path: Vec<Step>, value: NewValue) -> Result<(), Refused> {
        let before = doc::json_at(&self.doc, &path, &self.raw_paths);
        doc::set(&mut self.doc, &path, &value).map_err(|e| Refused(e.0))?;
        // Typing in one field is one edit, with the value the file had before it.
        match self.edits.last_mut() {
            Some(Edit::Set { path: p, value: v, .. }) if *p == path => *v = value,
            _ => self.edits.push(Edit::Set { path, value, before }),
        }
        self.version += 1;
        self.refresh();
        Ok(())
    }

    /// Adds, removes or moves a row of a repeated group.
    pub fn row(&mut self, path: Vec<Step>, op: String, index: usize) -> Result<(), Refused> {
        let shape = self.row_shapes.get(&pattern(&path)).cloned();
        doc::row(&mut self.doc, &path, &op, index, shape.as_deref()).map_err(|e| Refused(e.0))?;
        self.edits.push(Edit::Row { path, op, index });
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
        Ok(if saved == 0 && !text.is_empty() {
            format!("已保存 {}。", self.file.display())
        } else {
            format!("已保存 {}（{saved} 处修改）。", self.file.display())
        })
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
        let render_options = self.options.render_options(&self.file, &input);
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
        // Keep memory flat over a long session, as `watch` does.
        render::evict_cache(10);
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

    /// Everything the page shows.
    pub fn state(&self) -> Json {
        json!({
            "version": self.version,
            "file": self.file.display().to_string(),
            "name": self.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            "dirty": !self.edits.is_empty() || self.disk.is_none(),
            "unsaved": self.edits.len(),
            "disk_error": self.disk_error,
            "values": doc::to_json(&self.doc, &self.raw_paths),
            "findings": self.view.findings,
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

/// The raw fields and the blank row of each repeated group, from the form.
fn collect(nodes: &[Node], raw: &mut Vec<String>, rows: &mut HashMap<String, Vec<(String, Kind)>>) {
    for n in nodes {
        let dotted = n.path.join(".");
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
        collect(&n.children, raw, rows);
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

fn describe(edit: &Edit) -> String {
    match edit {
        Edit::Set { path, value, .. } => format!("{} 改为“{}”", doc::dotted(path), show(&new_json(value))),
        Edit::Row { path, op, index } => {
            let what = match op.as_str() {
                "add" => "添加一项".to_string(),
                "remove" => format!("删除第 {} 项", index + 1),
                "up" => format!("第 {} 项上移", index + 1),
                _ => format!("第 {} 项下移", index + 1),
            };
            format!("{} {what}", doc::dotted(path))
        }
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
