//! `[[outline_edits]]`: a report changes one section of its template's outline without copying
//! the whole outline: it replaces, removes or adds a section before or after one, or appends
//! content under one, the section named by its heading as the template writes it (without its
//! number). Applied once at load, after the template chain is known: from then on the edited
//! outline is the report's own (`Input::sections`), and every later stage sees one outline.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Choice, Chosen, Content, Input, Number, Section, Text};
use crate::diag::{Finding, codes};

/// One change to the outline.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutlineEdit {
    /// The heading of the section it changes, as the outline writes it, without its number.
    pub at: Text,
    pub action: Chosen<EditAction>,
    /// The new section's heading (for 替换, the new heading; left out, the old one).
    pub heading: Option<Text>,
    pub level: Option<Number>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<Content>,
}

/// What an edit does to the section it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditAction {
    /// The section's heading, level or content (what the edit gives) replaced.
    Replace,
    /// The section removed, with the sections under it.
    Remove,
    /// A new section before it.
    Before,
    /// A new section after it and the sections under it.
    After,
    /// The edit's content added at the end of the section's own content.
    Append,
}

impl Choice for EditAction {
    const CHOICES: &'static [(&'static str, Self)] = &[
        ("替换", EditAction::Replace),
        ("删除", EditAction::Remove),
        ("之前插入", EditAction::Before),
        ("之后插入", EditAction::After),
        ("追加内容", EditAction::Append),
    ];
}

fn level_of(s: &Section) -> i64 {
    s.level.as_ref().map(|n| i64::try_from(n.value.trunc()).unwrap_or(1)).unwrap_or(1)
}

/// The section and the ones under it: `at..end`.
fn extent(sections: &[Section], at: usize) -> usize {
    let level = level_of(&sections[at]);
    sections[at + 1..].iter().position(|s| level_of(s) <= level).map_or(sections.len(), |k| at + 1 + k)
}

/// Applies the report's edits to its outline (its own, else its template's). A heading that
/// names no section, or a new section without a heading, is a finding at the edit.
pub(crate) fn apply(input: &mut Input) -> Result<(), Box<Finding>> {
    if input.outline_edits.is_empty() {
        return Ok(());
    }
    let mut sections: Vec<Section> = input.outline().to_vec();
    for edit in input.outline_edits.clone() {
        let name = edit.at.value.trim();
        let Some(at) = sections.iter().position(|s| s.heading.value.trim() == name) else {
            let headings: Vec<&str> = sections.iter().map(|s| s.heading.value.trim()).collect();
            return Err(Box::new(
                Finding::error(codes::INVALID_VALUE, format!("大纲中没有标题为“{name}”的一节"))
                    .at(edit.at.span.clone())
                    .help(format!("at 写大纲中的标题（不写序号），现有：{}", headings.join("、"))),
            ));
        };
        let new = || -> Result<Section, Box<Finding>> {
            let heading = edit.heading.clone().ok_or_else(|| {
                Box::new(
                    Finding::error(codes::INVALID_VALUE, "插入的一节要写 heading（标题）")
                        .at(edit.action.span.clone()),
                )
            })?;
            Ok(Section { heading, level: edit.level.clone(), content: edit.content.clone() })
        };
        match edit.action.value {
            EditAction::Replace => {
                let s = &mut sections[at];
                if let Some(h) = &edit.heading {
                    s.heading = h.clone();
                }
                if edit.level.is_some() {
                    s.level = edit.level.clone();
                }
                if !edit.content.is_empty() {
                    s.content = edit.content.clone();
                }
            }
            EditAction::Remove => {
                let end = extent(&sections, at);
                sections.drain(at..end);
            }
            EditAction::Before => sections.insert(at, new()?),
            EditAction::After => {
                let end = extent(&sections, at);
                sections.insert(end, new()?);
            }
            EditAction::Append => sections[at].content.extend(edit.content.iter().cloned()),
        }
    }
    input.sections = sections;
    Ok(())
}

impl Input {
    /// Whether the outline is the template's with the report's edits applied: the report
    /// writes `[[outline_edits]]` and no `[[sections]]` of its own. Its file is then written back
    /// with the edits, not the whole outline they gave at load; a report with both has its own
    /// outline, edited, and is written back with that.
    pub fn outline_is_edited_template(&self) -> bool {
        if self.outline_edits.is_empty() {
            return false;
        }
        let mut probe = Input { sections: Vec::new(), ..self.clone() };
        // Same sections from the same files, spans and all: the outline came from the edits.
        apply(&mut probe).is_ok() && format!("{:?}", probe.sections) == format!("{:?}", self.sections)
    }
}
