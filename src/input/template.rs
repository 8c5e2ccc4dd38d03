//! Templates: what a document looks like, apart from what the department did this year.
//!
//! A template file has the layout keys of a report and nothing else: the outline
//! (`[[sections]]`), the parts that print, the title, `[labels]`, `[settings]`, and the layout
//! keys of `[attachment1]`, `[attachment2]` and `[cover]`. The presets ship embedded, one file
//! each in `templates/`; a finance bureau writes its own in the same format and its departments
//! name it by path. A template may name a `base` and then only say what differs; the default
//! preset answers whatever no layer says, so every label and setting has a value.
//!
//! A report's own value wins over its template's: the report may override any piece of it.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use schemars::JsonSchema;
use serde::Deserialize;

use super::load::{LoadError, parse};
use super::paths;
use super::{
    Attachment1, Attachment2, Chosen, Content, Cover, Input, Labels, Part, Section, Settings, Span, Text,
};
use crate::diag::{Finding, codes};
use crate::source::SourceFile;

/// The presets, embedded: file name and text. The first is the default.
pub const PRESETS: &[(&str, &str)] = &[
    ("hunan-2020.toml", include_str!("../../templates/hunan-2020.toml")),
    ("county.toml", include_str!("../../templates/county.toml")),
    ("score-first.toml", include_str!("../../templates/score-first.toml")),
    ("chongqing.toml", include_str!("../../templates/chongqing.toml")),
    ("rubric.toml", include_str!("../../templates/rubric.toml")),
    ("decimal.toml", include_str!("../../templates/decimal.toml")),
    ("changsha.toml", include_str!("../../templates/changsha.toml")),
    ("twenty-eighty.toml", include_str!("../../templates/twenty-eighty.toml")),
    ("decision-management.toml", include_str!("../../templates/decision-management.toml")),
];

/// A template file as written.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateFile {
    /// How reports name it: `template = "湖南2020"`.
    pub name: Text,
    /// One line for `jixiao templates`.
    pub description: Text,
    /// A template this one starts from: it then only says what differs.
    pub base: Option<Text>,
    pub parts: Option<Vec<Chosen<Part>>>,
    /// The report title, line by line: `{年度}`, `{单位}` are filled in.
    pub title: Option<Vec<Text>>,
    #[serde(default)]
    pub sections: Vec<Section>,
    #[serde(default)]
    pub labels: Labels,
    #[serde(default)]
    pub settings: Settings,
    #[serde(default)]
    pub attachment1: Attachment1,
    #[serde(default)]
    pub attachment2: Attachment2,
    pub cover: Option<Cover>,
    /// The wording of generated blocks (see `Input::sentences`).
    #[serde(default)]
    pub sentences: std::collections::BTreeMap<String, Vec<Text>>,
}

/// A loaded template file and where it came from (findings are shown against it).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub file: TemplateFile,
    pub source: SourceFile,
    /// An embedded preset, not a file of the user's.
    pub preset: bool,
}

static LOADED_PRESETS: LazyLock<Vec<Result<Loaded, LoadError>>> = LazyLock::new(|| {
    PRESETS
        .iter()
        .map(|(file, text)| {
            let source = SourceFile::new(format!("（内置模板）{file}"), (*text).to_string());
            parse::<TemplateFile>(text)
                .map_err(|finding| LoadError::Invalid { source: Box::new(source.clone()), finding })
                .and_then(|file| validate(file, &source).map(|file| Loaded { file, source, preset: true }))
        })
        .collect()
});

/// The presets, loaded. A broken preset is a bug of jixiao, found by any test.
pub fn presets() -> Vec<&'static Loaded> {
    LOADED_PRESETS.iter().filter_map(|p| p.as_ref().ok()).collect()
}

/// The preset called `name` (by its `name` or its file name without `.toml`).
pub fn preset(name: &str) -> Option<&'static Loaded> {
    let name = name.trim();
    PRESETS.iter().zip(LOADED_PRESETS.iter()).find_map(|((file, _), loaded)| {
        let loaded = loaded.as_ref().ok()?;
        (loaded.file.name.value.trim() == name || file.trim_end_matches(".toml") == name).then_some(loaded)
    })
}

/// The default template: the seed's.
pub fn default_preset() -> &'static Loaded {
    match LOADED_PRESETS.first() {
        Some(Ok(loaded)) => loaded,
        Some(Err(e)) => panic!("jixiao's default template does not load: {e}"),
        None => panic!("jixiao has no templates"),
    }
}

/// Loads the template chain a report names (its template, that one's bases, the default preset
/// last) into `input.templates`. `report` is the report's file, for relative paths and messages.
pub(crate) fn resolve(input: &mut Input, report: &SourceFile) -> Result<(), LoadError> {
    input.templates = load_chain(input.template.clone(), report)?;
    // `[[outline_edits]]` change the outline the chain gives; from here on it is the report's.
    super::edits::apply(input)
        .map_err(|finding| LoadError::Invalid { source: Box::new(report.clone()), finding })?;
    Ok(())
}

/// The template chain for a file at `path` that names `reference` (a preset or a path), for
/// a report not yet written (`jixiao init --template`).
pub fn chain(reference: Option<&str>, path: &Path) -> Result<Vec<Loaded>, LoadError> {
    let source = SourceFile::new(path, String::new());
    load_chain(reference.map(|r| Text { value: r.to_string(), span: 0..0 }), &source)
}

fn load_chain(name: Option<Text>, report: &SourceFile) -> Result<Vec<Loaded>, LoadError> {
    let mut chain: Vec<Loaded> = Vec::new();
    let root = paths::folder_of(&report.path);
    let mut next: Option<(Text, PathBuf, bool)> = name.map(|t| (t, report.path.clone(), false));
    while let Some((name, from, from_template)) = next.take() {
        let loaded = find(&name, &from, &root).map_err(|message| {
            let finding = Finding::error(codes::INVALID_VALUE, message)
                .at(name.span.clone())
                .help("可用的内置模板见 jixiao templates；自己的模板文件写相对于这个文件的路径，如 \"模板/本局模板.toml\"");
            let source = if from_template { chain.last().map(|l| l.source.clone()) } else { None };
            LoadError::Invalid { source: Box::new(source.unwrap_or_else(|| report.clone())), finding: Box::new(finding) }
        })?;
        if chain.iter().any(|l| l.file.name.value.trim() == loaded.file.name.value.trim()) {
            let finding = Finding::error(
                codes::INVALID_VALUE,
                format!("模板“{}”的 base 绕回了自己", loaded.file.name.value.trim()),
            )
            .at(name.span.clone())
            .help("base 写另一个模板，且不要互相引用");
            let source = chain.last().map_or_else(|| report.clone(), |l| l.source.clone());
            return Err(LoadError::Invalid { source: Box::new(source), finding: Box::new(finding) });
        }
        next = loaded.file.base.clone().map(|b| (b, loaded.source.path.clone(), true));
        chain.push(loaded);
    }
    let default = default_preset();
    if !chain.iter().any(|l| l.preset && l.file.name.value == default.file.name.value) {
        chain.push(default.clone());
    }
    Ok(chain)
}

/// A preset by name, or a template file by path relative to the file that names it (`from`),
/// for a report in `root`. The file is read under the rules of `paths`: confined to the
/// report's folder, a regular `.toml` file of bounded size. A finding quotes its lines only once
/// it is accepted as a template (TOML with a `name`): a refusal names the path and the rule,
/// never what the file holds, so a report cannot make jixiao print `/etc/passwd`.
fn find(name: &Text, from: &Path, root: &Path) -> Result<Loaded, String> {
    if let Some(p) = preset(&name.value) {
        return Ok(p.clone());
    }
    let value = name.value.trim();
    let looks_like_path = value.ends_with(".toml") || value.contains('/') || value.contains('\\');
    if !looks_like_path {
        let names: Vec<String> =
            presets().iter().map(|p| format!("“{}”", p.file.name.value.trim())).collect();
        return Err(format!("没有名为“{value}”的模板：内置的有 {}", names.join("、")));
    }
    let refused = |r: paths::Refused| format!("模板文件：{r}");
    let path = paths::confine(&paths::folder_of(from), root, value).map_err(refused)?;
    if !value.to_ascii_lowercase().ends_with(".toml") {
        return Err(format!("模板文件“{value}”的扩展名应是 .toml"));
    }
    let bytes = paths::read_regular(&path, super::MAX_INPUT_BYTES).map_err(refused)?;
    let shown = paths::folder_of(from).join(value.replace('\\', "/"));
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("模板文件 {} 不是 UTF-8 文本：请用“另存为”选择 UTF-8 编码", shown.display()))?;
    let source = SourceFile::new(&shown, text.trim_start_matches('\u{feff}').to_string());
    accepted(&source)?;
    match parse::<TemplateFile>(&source.text).and_then(|file| validate(file, &source).map_err(unbox)) {
        Ok(file) => Ok(Loaded { file, source, preset: false }),
        Err(finding) => Err(finding.render(&source)),
    }
}

/// Whether the file at `path` is a template file rather than a report: TOML with a `name` and
/// a `description` and no `[report]`. Folder builds and checks skip it.
pub fn is_template_file(path: &Path) -> bool {
    let Ok(bytes) = paths::read_regular(path, super::MAX_INPUT_BYTES) else { return false };
    let Ok(text) = String::from_utf8(bytes) else { return false };
    let Ok(table) = toml::de::DeTable::parse(text.trim_start_matches('\u{feff}')) else { return false };
    let table = table.get_ref();
    let text_at = |k: &str| matches!(table.get(k).map(|v| v.get_ref()), Some(toml::de::DeValue::String(_)));
    text_at("name") && text_at("description") && !table.contains_key("report")
}

/// Whether `source` is a template file jixiao may quote: TOML whose `name` is a text. Otherwise
/// the message gives the place of a syntax error but not the line itself.
fn accepted(source: &SourceFile) -> Result<(), String> {
    let shown = source.path.display();
    match toml::de::DeTable::parse(&source.text) {
        Err(e) => {
            let at = e
                .span()
                .map(|s| source.line_col(s.start))
                .map_or(String::new(), |(l, c)| format!("第 {l} 行第 {c} 列"));
            Err(format!(
                "模板文件 {shown} {at}有 TOML 格式错误，或者它不是模板文件：模板文件是 TOML，以 name = \"模板名\" 开头"
            ))
        }
        Ok(table) => match table.get_ref().get("name").map(|v| v.get_ref()) {
            Some(toml::de::DeValue::String(_)) => Ok(()),
            _ => Err(format!("{shown} 不是 jixiao 的模板文件：模板文件以 name = \"模板名\" 开头")),
        },
    }
}

fn unbox(e: LoadError) -> Box<Finding> {
    match e {
        LoadError::Invalid { finding, .. } => finding,
        LoadError::Read { path, error } => {
            Box::new(Finding::error(codes::INVALID_VALUE, format!("{}：{error}", path.display())))
        }
    }
}

/// A template says how a report looks, not what a department did: it holds no figures and no
/// narrative of a year, and every block variant it names exists.
fn validate(file: TemplateFile, source: &SourceFile) -> Result<TemplateFile, LoadError> {
    let fail = |span: Span, message: String, help: &str| LoadError::Invalid {
        source: Box::new(source.clone()),
        finding: Box::new(Finding::error(codes::UNKNOWN_KEY, message).at(span).help(help.to_string())),
    };
    let data_help = "模板只写版式（大纲、标签、表式、设置）；数字和文字写在各单位的报告里";
    let a1 = &file.attachment1;
    let a2 = &file.attachment2;
    let data: Vec<(Option<Span>, &str)> = vec![
        (a1.procurement_budget.as_ref().map(|n| n.span.clone()), "procurement_budget"),
        (a1.procurement_actual.as_ref().map(|n| n.span.clone()), "procurement_actual"),
        (a1.frugality.first().map(|t| t.span.clone()), "frugality"),
        (a1.buildings.first().and_then(|b| b.approved_area.as_ref()).map(|n| n.span.clone()), "buildings"),
        (a2.indicators.first().map(|i| i.name.span.clone()), "indicators"),
        (a2.execution_score.as_ref().map(|n| n.span.clone()), "execution_score"),
        (a2.overall_goal.as_ref().map(|t| t.span.clone()), "overall_goal"),
        (a2.overall_result.as_ref().map(|t| t.span.clone()), "overall_result"),
        (a2.grade.as_ref().map(|c| c.span.clone()), "grade"),
    ];
    if let Some((span, key)) = data.into_iter().find(|(s, _)| s.is_some()) {
        return Err(fail(span.unwrap_or(0..0), format!("模板文件中不写 {key}"), data_help));
    }
    for section in &file.sections {
        if let Some(f) = section_finding(section) {
            return Err(LoadError::Invalid { source: Box::new(source.clone()), finding: Box::new(f) });
        }
    }
    Ok(file)
}

/// What is wrong with a section as written (a level out of range, a variant its block does not
/// have), if anything. Shared by templates (at load) and reports (in `check`).
pub fn section_finding(section: &Section) -> Option<Finding> {
    if let Some(level) = &section.level
        && !(1..=4).any(|l| level.value == rust_decimal::Decimal::from(l))
    {
        return Some(
            Finding::error(codes::INVALID_VALUE, format!("标题层级只能是 1 到 4，写的是 {}", level.value))
                .at(level.span.clone())
                .help("1 为“一、”，2 为“（一）”，3 为“1.”，4 为“（1）”"),
        );
    }
    for c in &section.content {
        if let Content::Table(t) = c
            && let Some(f) = table_finding(t)
        {
            return Some(f);
        }
        if let Content::Block { block, variant: Some(v), .. } = c {
            let variants = block.value.variants();
            if !variants.iter().any(|(n, _)| *n == v.value.trim()) {
                let names: Vec<String> = variants.iter().map(|(n, _)| format!("“{n}”")).collect();
                let help = if names.is_empty() {
                    format!("“{}”只有一种写法：删去 variant", block.value.name())
                } else {
                    format!("可选：{}", names.join("、"))
                };
                return Some(
                    Finding::error(
                        codes::INVALID_VALUE,
                        format!("“{}”没有“{}”这种写法", block.value.name(), v.value.trim()),
                    )
                    .at(v.span.clone())
                    .help(help),
                );
            }
        }
    }
    None
}

/// What is wrong with a table of the outline as written: rows whose cells (with their spans,
/// and the cells reaching down from rows above) do not fill the columns, a span past the last
/// row or out of the header, a header longer than the table, widths that are not shares.
fn table_finding(t: &crate::input::OutlineTable) -> Option<Finding> {
    use rust_decimal::Decimal;
    let columns = t.columns();
    if t.rows.is_empty() || columns == 0 {
        return Some(
            Finding::error(codes::STRUCTURE, "表格没有内容")
                .at(t.span.clone())
                .help("一行写成一个数组：table = [[\"项目\", \"金额\"], [\"收入合计\", \"{总收入}\"]]"),
        );
    }
    let whole = |n: &crate::input::Number| n.value.fract().is_zero() && n.value >= Decimal::ONE;
    if let Some(h) = &t.header
        && (!h.value.fract().is_zero() || h.value < Decimal::ZERO || h.value > Decimal::from(t.rows.len()))
    {
        return Some(
            Finding::error(
                codes::INVALID_VALUE,
                format!("表头行数 header = {} 不对：表格共 {} 行", h.value, t.rows.len()),
            )
            .at(h.span.clone())
            .help("header 写表格开头作表头的行数（0 到总行数的整数），不写为 0"),
        );
    }
    if let Some(w) = t.widths.iter().flatten().find(|w| w.value <= Decimal::ZERO) {
        return Some(
            Finding::error(codes::INVALID_VALUE, format!("列宽 {} 不对：要大于 0", w.value))
                .at(w.span.clone())
                .help("widths 写各列宽度之比，如 [3, 2, 2]"),
        );
    }
    if let (Some(w), Some(a)) = (&t.widths, &t.align)
        && w.len() != a.len()
    {
        return Some(
            Finding::error(
                codes::STRUCTURE,
                format!("widths 写了 {} 列，align 写了 {} 列，两者要一样多", w.len(), a.len()),
            )
            .at(a.first().map_or(t.span.clone(), |c| c.span.clone()))
            .help("一列写一项"),
        );
    }
    let header = t.header_rows();
    // Rows still covered by a rowspan from above, per column.
    let mut covered = vec![0usize; columns];
    for (r, row) in t.rows.iter().enumerate() {
        for cell in &row.cells {
            for (n, what) in [(&cell.colspan, "colspan"), (&cell.rowspan, "rowspan")] {
                if let Some(n) = n.as_ref().filter(|n| !whole(n)) {
                    return Some(
                        Finding::error(
                            codes::INVALID_VALUE,
                            format!("{what} = {} 不对：要写 1 或更大的整数", n.value),
                        )
                        .at(n.span.clone())
                        .help("colspan 是这一格横跨的列数，rowspan 是它竖跨的行数"),
                    );
                }
            }
            if r + cell.rowspan() > t.rows.len() {
                return Some(
                    Finding::error(
                        codes::STRUCTURE,
                        format!(
                            "这一格竖跨 {} 行，超出了表格的最后一行（第 {} 行）",
                            cell.rowspan(),
                            t.rows.len()
                        ),
                    )
                    .at(cell.span.clone())
                    .help("改小 rowspan，或在下面补上行"),
                );
            }
            if r < header && r + cell.rowspan() > header {
                return Some(
                    Finding::error(
                        codes::STRUCTURE,
                        format!("表头的这一格竖跨 {} 行，跨出了表头（header = {header}）", cell.rowspan()),
                    )
                    .at(cell.span.clone())
                    .help("表头的格只能在表头的行内竖跨：改小 rowspan，或改大 header"),
                );
            }
        }
        let from_above = covered.iter().filter(|c| **c > 0).count();
        let own: usize = row.cells.iter().map(|c| c.colspan()).sum();
        if from_above + own != columns {
            let above = if from_above > 0 {
                format!("（其中上面的格竖跨下来占 {from_above} 列）")
            } else {
                String::new()
            };
            return Some(
                Finding::error(
                    codes::STRUCTURE,
                    format!("表格第 {} 行占 {} 列{above}，与表格的 {columns} 列不符", r + 1, from_above + own),
                )
                .at(row.span.clone())
                .help(if t.widths.is_some() || t.align.is_some() {
                    "列数由 widths（或 align）的项数定：每行的格数加上 colspan 多占的列，要正好是这个数".to_string()
                } else {
                    "列数由第一行定：每行的格数加上 colspan 多占的列、上面 rowspan 竖跨下来的格，要正好是这个数".to_string()
                }),
            );
        }
        // Place the row's cells as the grid does, to know what reaches down into the next rows.
        let mut col = 0;
        for cell in &row.cells {
            while col < columns && covered[col] > 0 {
                col += 1;
            }
            for c in covered.iter_mut().take((col + cell.colspan()).min(columns)).skip(col) {
                *c = cell.rowspan();
            }
            col += cell.colspan();
        }
        for c in covered.iter_mut() {
            *c = c.saturating_sub(1);
        }
    }
    None
}

/// One layer of layout: the report's own keys, or one template's.
#[derive(Clone, Copy)]
pub struct Layer<'a> {
    pub settings: &'a Settings,
    pub labels: &'a Labels,
    pub attachment1: &'a Attachment1,
    pub attachment2: &'a Attachment2,
    pub cover: Option<&'a Cover>,
    pub sections: &'a [Section],
    pub parts: Option<&'a Vec<Chosen<Part>>>,
    pub sentences: &'a std::collections::BTreeMap<String, Vec<Text>>,
}

impl Input {
    /// The layers of layout, the report's first, the default preset's last.
    pub fn layers(&self) -> Vec<Layer<'_>> {
        let mut layers = vec![Layer {
            settings: &self.settings,
            labels: &self.labels,
            attachment1: &self.attachment1,
            attachment2: &self.attachment2,
            cover: self.cover.as_ref(),
            sections: &self.sections,
            parts: self.report.parts.as_ref(),
            sentences: &self.sentences,
        }];
        let templates: Vec<&Loaded> = if self.templates.is_empty() {
            // An input built in memory (tests, `init`) has not been through `load`.
            vec![default_preset()]
        } else {
            self.templates.iter().collect()
        };
        layers.extend(templates.into_iter().map(|t| Layer {
            settings: &t.file.settings,
            labels: &t.file.labels,
            attachment1: &t.file.attachment1,
            attachment2: &t.file.attachment2,
            cover: t.file.cover.as_ref(),
            sections: &t.file.sections,
            parts: t.file.parts.as_ref(),
            sentences: &t.file.sentences,
        }));
        layers
    }

    /// The first value that a layer gives.
    pub fn pick<'a, T: ?Sized>(&'a self, f: impl Fn(&Layer<'a>) -> Option<&'a T>) -> Option<&'a T> {
        self.layers().iter().find_map(f)
    }

    /// The template's title patterns (the first layer that has them).
    pub fn title_patterns(&self) -> Vec<&Text> {
        let templates: Vec<&Loaded> =
            if self.templates.is_empty() { vec![default_preset()] } else { self.templates.iter().collect() };
        templates.iter().find_map(|t| t.file.title.as_ref()).map(|v| v.iter().collect()).unwrap_or_default()
    }

    /// The outline: the report's own sections, else its template's.
    pub fn outline(&self) -> &[Section] {
        self.layers().into_iter().map(|l| l.sections).find(|s| !s.is_empty()).unwrap_or(&[])
    }

    /// Whether the outline is the report's own (findings then point into the report).
    pub fn has_own_outline(&self) -> bool {
        !self.sections.is_empty()
    }

    /// The name of the template in force.
    pub fn template_name(&self) -> String {
        self.templates
            .first()
            .map_or_else(|| default_preset().file.name.value.clone(), |t| t.file.name.value.clone())
    }
}
