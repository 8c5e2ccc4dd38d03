//! skeleton: writes a report source file, as TOML text with Chinese comments, for a report
//! that is still to be written.
//!
//! Public entries: [`init`] (a blank standard report, `blank.rs`) and [`rollover`] (next
//! year's report from last year's, `roll.rs`). Both build an [`Input`] in memory and hand it to
//! one writer, [`write`] (`doc.rs`), which serializes it into a `toml_edit` document, keys in the
//! order of the format, each with its description from [`crate::input::docs`] above it, so the
//! two files look alike and the comments are the schema's descriptions. Text still to fill is a
//! marker, `【待填写：…】` ([`crate::input::todo`]): it prints visibly in the PDF, and `check`
//! lists each one left (J308). Figures still to fill are 0.
//!
//! The writer emits text only; `output` writes it to disk. Its output always loads back with
//! `input::load` (tested on the seed, the examples and both entries).

mod blank;
mod doc;
mod roll;

pub use doc::write;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::compute::year_of;
use crate::input::template::Loaded;
use crate::input::{Choice, Chosen, Content, Input, Number, Part, Text, todo};

/// Comments to print above a key, by path with array indices (`goals.3.text`,
/// `closing.problems.0`): last year's text of a field that was cleared.
pub type Notes = BTreeMap<String, Vec<String>>;

/// A blank report for `year` in `template`: the sections and fields its outline and its forms
/// read, and nothing else; texts are markers, figures are 0. `reference` is how the file names
/// the template (`None` for the default).
pub fn init(year: i64, chain: &[Loaded], reference: Option<&str>) -> String {
    let template = chain.first().unwrap_or_else(|| crate::input::template::default_preset());
    let mut head = vec![
        format!("{year}年度部门整体支出绩效自评报告 —— jixiao 源文件（由 jixiao init 生成）"),
        String::new(),
        "怎么填：".into(),
        "- 把每一处“【待填写：…】”换成实际内容，把 0 换成实际数字；每个键上面的注释说明它是什么、单位和数据来源。".into(),
        "- jixiao check 本文件 会列出还没填的地方；jixiao build 本文件 随时可以生成 PDF 看效果。".into(),
    ];
    head.extend(outline_comment(template, chain));
    let mut doc = blank::blank(year, &blank::uses(chain));
    doc.template = reference.map(t);
    write(&doc, &Notes::new(), &head)
}

/// The template's outline and parts, as comments for the head of a new file.
fn outline_comment(template: &Loaded, chain: &[Loaded]) -> Vec<String> {
    let file = &template.file;
    let mut out =
        vec![String::new(), format!("模板：{}（{}）", file.name.value.trim(), file.description.value.trim())];
    // The parts the template prints, from its `base` when it names none itself.
    let probe = crate::input::Input { templates: chain.to_vec(), ..blank::blank_input(2000) };
    let parts: Vec<&str> = crate::compute::parts_of(&probe).into_iter().map(Part::name).collect();
    out.push(format!("印出：{}。", parts.join("、")));
    let sections = sections_of(template);
    if !sections.is_empty() {
        out.push(
            "正文大纲（由模板给出；要改标题、顺序或增删，在本文件中写 [[sections]]，见 README“正文大纲”）："
                .into(),
        );
        for s in sections {
            let level =
                s.level.as_ref().and_then(|n| usize::try_from(n.value.trunc()).ok()).unwrap_or(1).clamp(1, 4);
            let blocks: Vec<&str> = s
                .content
                .iter()
                .filter_map(|c| match c {
                    Content::Block { block, .. } => Some(block.value.name()),
                    _ => None,
                })
                .collect();
            let indent = "  ".repeat(level);
            if blocks.is_empty() {
                out.push(format!("{indent}{}", s.heading.value.trim()));
            } else {
                out.push(format!("{indent}{}：{}", s.heading.value.trim(), blocks.join("、")));
            }
        }
    }
    out
}

/// The outline a template gives (its own, else its base's, else the default's).
pub(super) fn sections_of(template: &Loaded) -> &[crate::input::Section] {
    let mut current = template;
    for _ in 0..8 {
        if !current.file.sections.is_empty() {
            return &current.file.sections;
        }
        match current.file.base.as_ref().and_then(|b| crate::input::template::preset(&b.value)) {
            Some(base) => current = base,
            None => break,
        }
    }
    &crate::input::template::default_preset().file.sections
}

/// Next year's report from last year's `last`. Last year's file is not touched; the mapping:
///
/// | kind | fields | becomes |
/// |---|---|---|
/// | year | `report.year` | + 1 (and the year in `title_lines`) |
/// | this year's 决算 → 上年 | `basic.{personnel,public,capital}.actual`, `basic.public_items[].actual`, `projects.items[].actual`, `sangong.*.actual`, `finance.income[].amount` | their `last_year`; the `actual` becomes 0 |
/// | the unit | `template`, `sections` (headings and blocks; the author's paragraphs become markers), `report.department*`, `organization` lists and 编制, `basic.definition`, `projects.definition`, names of `public_items`, `projects.items`, `finance.income` | kept |
/// | the layout | `report.parts`, `[[outline_edits]]` (their paragraphs become markers; a report with an outline of its own keeps that outline), `[cover]` (but its date and opinions), `[labels]`, `[settings]` (numbering, `numbering_start`, `hide` …), `[sentences]`, the layout keys of `[attachment1]` and `[attachment2]` (`header`, `notes`, columns, rows …) | kept |
/// | `[stated]` | figures as published, last year's | left out, shown as a comment to copy from |
/// | the goal structure | `goals[].{label,append}`, `satisfaction.{subject,target}`, `attachment2` layout and weights, `indicators[].{level1,level2,name,target,from,weight,unit,nature,explanation,criteria,core}`, placeholder rows, `settings`, `labels`, `form.{filled_by,phone}` | kept |
/// | this year's figures | budgets, `finance.*` amounts, `funds`, `procurement_*`, year-end counts, `satisfaction.rate`, `batches`, `visitors` | 0 (optional ones stay present as 0); the year-end counts and the closing balance keep last year's value in a comment |
/// | this year's narrative | `intro`, `reason`s, `note`s, `carryover_note`, `closing_note`, `goals[].text`, `performance`, `closing`, `frugality`, `overall_*`, indicator `actual`, `form.date`, the paragraphs of `sections` | a marker, with last year's text as a `# 上年：` comment above it; empty ones stay empty |
/// | this year's only | `capital.description`, indicator `score`, `coefficient` and `analysis`, `execution_score`, `attachment1.buildings` (projects completed that year) | left out, last year's shown as a comment |
pub fn rollover(last: &Input) -> String {
    let (next, notes) = roll::roll(last);
    let y = year_of(last);
    let head = [
        format!("{}年度部门整体支出绩效自评报告 —— jixiao 源文件（由 jixiao init --from 从{y}年度的文件生成）", y + 1),
        String::new(),
        format!("已经做好的：{y}年的决算数已填为“上年决算数”（last_year）；单位情况、职能职责、绩效目标和指标结构沿用{y}年。"),
        format!("还要做的：正文和{}年的数字已清空，{y}年的文字作为“# 上年：”注释留在各键上方，供参考。", y + 1),
        "- 把每一处“【待填写：…】”换成实际内容，把 0 换成实际数字；每个键上面的注释说明它是什么、单位和数据来源。".into(),
        "- jixiao check 本文件 会列出还没填的地方；jixiao build 本文件 随时可以生成 PDF 看效果。".into(),
    ];
    write(&next, &notes, &head)
}

// ---------------------------------------------------------------------------------------------
// Values in memory (no span: nothing here points into a file).

pub(super) fn t(s: impl Into<String>) -> Text {
    Text { value: s.into(), span: 0..0 }
}
pub(super) fn mark(hint: &str) -> Text {
    t(todo(hint))
}
pub(super) fn n(v: i64) -> Number {
    Number { value: Decimal::from(v), span: 0..0 }
}
pub(super) fn zero() -> Number {
    n(0)
}
pub(super) fn chosen<T: Choice>(value: T) -> Chosen<T> {
    Chosen { value, span: 0..0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{TODO_OPEN, load_str};

    /// Every example of `inputs/` (between them every layout key: outline edits, hidden pieces,
    /// cover fields, numbering from 13, a form's header and notes, the 目录, sentences) as
    /// Input → TOML text → Input.
    fn round_trip(name: &str) -> (String, Input, Input) {
        let text = std::fs::read_to_string(format!("{}/inputs/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let (_, input) = load_str(name, &text).unwrap();
        let written = write(&input, &Notes::new(), &[]);
        let (_, back) = load_str(name, &written).unwrap_or_else(|e| panic!("{name}: {e}\n{written}"));
        (written, input, back)
    }

    #[test]
    fn writer_round_trips_every_example() {
        // Every printed cell and sentence survives.
        let dir = format!("{}/inputs", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        names.sort();
        assert!(names.len() >= 8, "{names:?}");
        for name in names {
            let (_, input, back) = round_trip(&name);
            let (a, b) = (crate::compute::compute(&input), crate::compute::compute(&back));
            assert_eq!(crate::render::data_json(&a), crate::render::data_json(&b), "{name}");
            assert_eq!(
                serde_json::to_value(&a.figures).unwrap(),
                serde_json::to_value(&b.figures).unwrap(),
                "{name}"
            );
        }
        let (written, ..) = round_trip("yiyang-zuzhibu-2020.toml");
        assert!(written.contains("actual = 976.20"), "literals keep their decimals");
        // The outline edits are written as edits (the outline they give would apply them twice).
        let (written, input, back) = round_trip("disclosure-anhui-2023.toml");
        let table: toml::Table = written.parse().unwrap();
        assert!(table.contains_key("outline_edits") && !table.contains_key("sections"), "{written}");
        assert_eq!(input.sections.len(), back.sections.len());
    }

    #[test]
    fn blank_skeleton_loads() {
        let text = init(2021, &[crate::input::template::default_preset().clone()], None);
        assert!(text.starts_with("#:schema ./jixiao.schema.json\n"));
        let (_, input) = load_str("new.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(input.report.year.value, Decimal::from(2021));
        assert!(input.report.department.value.starts_with(TODO_OPEN));
    }
}
