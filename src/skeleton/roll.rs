//! Next year's report from last year's: what carries over, what is cleared, what is kept as a
//! comment (the table at [`super::rollover`]).

use super::doc::quote;
use super::{Notes, mark, n, t, zero};
use crate::compute::num::amount;
use crate::compute::{Figures, year_of};
use crate::input::{
    Achievement, Attachment1, Attachment2, Basic, BasicBudget, BySource, Closing, Component, Content,
    Finance, Form, Funding, Funds, Goal, Income, Indicator, Input, Line, Number, Organization, OutlineEdit,
    Performance, Projects, ReportInfo, Sangong, SangongItem, Satisfaction, StaffingKind, TODO_OPEN, Text,
};

struct Roll {
    notes: Notes,
}

impl Roll {
    fn is_text(t: &Text) -> bool {
        !t.is_blank() && !t.value.contains(TODO_OPEN)
    }
    fn note(&mut self, path: &str, text: String) {
        self.notes.entry(path.to_string()).or_default().push(text);
    }
    /// Last year's text as a comment at `path`, if there was any.
    fn was(&mut self, path: &str, prev: &Text) {
        if Self::is_text(prev) {
            self.note(path, format!("上年：{}", prev.value.trim()));
        }
    }
    /// A cleared narrative field: a marker where last year had text (kept as a comment).
    fn clear(&mut self, path: &str, prev: &Option<Text>, hint: &str) -> Option<Text> {
        let prev = prev.as_ref()?;
        if prev.is_blank() {
            return Some(prev.clone());
        }
        self.was(path, prev);
        Some(mark(hint))
    }
    fn clear_list(&mut self, path: &str, prev: &[Text], hint: &str) -> Vec<Text> {
        prev.iter()
            .enumerate()
            .map(|(i, p)| {
                self.was(&format!("{path}.{i}"), p);
                mark(&format!("{hint}（第{}条）", i + 1))
            })
            .collect()
    }
    /// The content of a section: the author's paragraphs and items become markers, last
    /// year's text a comment above each; blocks stay.
    fn content(&mut self, path: &str, content: &[Content]) -> Vec<Content> {
        content
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let path = format!("{path}.{k}");
                match c {
                    Content::Paragraph(p) => {
                        self.was(&path, p);
                        Content::Paragraph(mark("这一段的内容"))
                    }
                    Content::Item { text, lead, span } => {
                        self.was(&path, text);
                        Content::Item {
                            text: mark("这一条的内容"), lead: lead.clone(), span: span.clone()
                        }
                    }
                    Content::Items { items, span } => {
                        for p in items {
                            self.was(&path, p);
                        }
                        Content::Items {
                            items: items.iter().map(|_| mark("这一条的内容")).collect(),
                            span: span.clone(),
                        }
                    }
                    block => block.clone(),
                }
            })
            .collect()
    }
    /// A year-end count of the new year: 0, with last year's count in a comment.
    fn count(&mut self, path: &str, prev: &Number, unit: &str) -> Number {
        self.note(path, format!("上年年末：{}{unit}", prev.value));
        zero()
    }
}

/// This year's 决算 becomes last year's; this year's budget and 决算 start at 0.
fn roll_line(l: &Line) -> Line {
    Line {
        name: l.name.clone(),
        last_year: l.actual.clone(),
        initial: l.initial.as_ref().map(|_| zero()),
        budget: l.budget.as_ref().map(|_| zero()),
        actual: l.actual.as_ref().map(|_| zero()),
    }
}

pub(super) fn roll(last: &Input) -> (Input, Notes) {
    let mut r = Roll { notes: Notes::new() };
    let y = year_of(last);
    let figures = Figures::of(last);
    let zero_if = |x: &Option<Number>| x.as_ref().map(|_| zero());

    let rep = &last.report;
    let report = ReportInfo {
        year: n(y + 1),
        department: rep.department.clone(),
        department_full_name: rep.department_full_name.clone(),
        department_short_name: rep.department_short_name.clone(),
        title_lines: rep.title_lines.as_ref().map(|lines| {
            lines.iter().map(|l| t(l.value.replace(&y.to_string(), &(y + 1).to_string()))).collect()
        }),
        intro: rep.intro.as_ref().map(|intro| {
            r.was("report.intro", intro);
            mark("开头段落，可参照上年的写法，注意改年度和通知名称")
        }),
        parts: rep.parts.clone(),
        // A new report has its own date and no revision; the signature stays.
        date: None,
        signature: rep.signature.clone(),
        revision: None,
    };

    // A report that edits its template's outline is continued with the edits, so that it keeps
    // following its template; one with an outline of its own keeps that outline.
    let edited = last.outline_is_edited_template();
    let sections = match edited {
        true => Vec::new(),
        false => last
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| crate::input::Section {
                content: r.content(&format!("sections.{i}.content"), &s.content),
                ..s.clone()
            })
            .collect(),
    };
    let outline_edits = match edited {
        true => last
            .outline_edits
            .iter()
            .enumerate()
            .map(|(i, e)| OutlineEdit {
                content: r.content(&format!("outline_edits.{i}.content"), &e.content),
                ..e.clone()
            })
            .collect(),
        false => Vec::new(),
    };
    // Figures stated as published were last year's: shown, not carried.
    if !last.stated.is_empty() {
        r.note("stated", format!("{y}年照公开的报告写明的数字（本年的数字要照本年公开的报告写）："));
        for (key, value) in &last.stated {
            r.note("stated", format!("{} = {}", quote(key), value.value));
        }
    }

    let organization = last.organization.as_ref().map(|o| Organization {
        in_service: o.in_service.as_ref().map(|c| r.count("organization.in_service", c, "人")),
        retired: o.retired.as_ref().map(|c| r.count("organization.retired", c, "人")),
        retirees: o
            .retirees
            .iter()
            .enumerate()
            .map(|(i, k)| StaffingKind {
                count: r.count(&format!("organization.retirees.{i}"), &k.count, "人"),
                ..k.clone()
            })
            .collect(),
        vehicles_actual: o.vehicles_actual.as_ref().map(|c| r.count("organization.vehicles_actual", c, "辆")),
        ..o.clone()
    });

    let basic = last.basic.as_ref().map(|b| {
        let mut comp = |key: &str, c: &Component, name: &str| {
            let path = format!("basic.{key}");
            if let Some(d) = &c.description {
                r.was(&format!("{path}.description"), d);
            }
            Component {
                actual: zero(),
                last_year: Some(c.actual.clone()),
                budget: zero_if(&c.budget),
                reason: r.clear(&format!("{path}.reason"), &c.reason, &format!("{name}比上年增减的主要原因")),
                description: None,
            }
        };
        Basic {
            definition: b.definition.clone(),
            personnel: comp("personnel", &b.personnel, "人员经费"),
            public: comp("public", &b.public, "日常公用经费"),
            capital: comp("capital", &b.capital, "资本性支出"),
            budget: BasicBudget {
                initial: zero_if(&b.budget.initial),
                adjusted: zero_if(&b.budget.adjusted),
            },
            public_items: b.public_items.iter().map(roll_line).collect(),
        }
    });

    let projects = last.projects.as_ref().map(|p| Projects {
        definition: p.definition.clone(),
        reason: r.clear("projects.reason", &p.reason, "项目支出比上年增减的主要原因"),
        items: p.items.iter().map(roll_line).collect(),
    });

    let f = &last.funds;
    let funds = Funds {
        government_fund: zero_if(&f.government_fund),
        state_capital: zero_if(&f.state_capital),
        social_insurance: zero_if(&f.social_insurance),
    };

    let finance = last.finance.as_ref().map(|fin| {
        r.note(
            "finance.carryover",
            format!(
                "{y}年末结转和结余为 {} 万元（由{y}年的数据算出）；{}年的年初结转和结余通常与之相同，请与决算报表核对。",
                amount(figures.closing_balance),
                y + 1
            ),
        );
        let closing_text = fin.closing_note.as_ref().filter(|t| Roll::is_text(t));
        if let Some(c) = closing_text {
            r.note("finance.carryover_note", format!("{y}年末结转和结余的说明：{}", c.value.trim()));
        }
        Finance {
            carryover: zero(),
            carryover_note: (fin.carryover_note.is_some() || closing_text.is_some()).then(|| mark("年初结转和结余的构成")),
            closing_note: r.clear("finance.closing_note", &fin.closing_note, "年末结转和结余的构成"),
            initial_budget: zero_if(&fin.initial_budget),
            income: fin
                .income
                .iter()
                .map(|i| Income { name: i.name.clone(), amount: zero(), last_year: Some(i.amount.clone()), kind: i.kind.clone() })
                .collect(),
            by_source: BySource {
                general: zero_if(&fin.by_source.general),
                government_fund: zero_if(&fin.by_source.government_fund),
                special_account: zero_if(&fin.by_source.special_account),
                other: zero_if(&fin.by_source.other),
            },
            by_nature: None,
            funding: fin.funding.as_ref().map(|_| Funding::default()),
        }
    });

    let sangong = last.sangong.as_ref().map(|sg| {
        let mut item = |key: &str, i: &SangongItem, name: &str| {
            let path = format!("sangong.{key}");
            let mut counted = |k: &str, x: &Option<Number>, unit: &str| {
                x.as_ref().map(|x| {
                    r.note(&format!("{path}.{k}"), format!("上年：{}{unit}", x.value));
                    zero()
                })
            };
            let batches = counted("batches", &i.batches, "批次");
            let visitors = counted("visitors", &i.visitors, "人次");
            SangongItem {
                last_year: Some(i.actual.clone()),
                budget: zero(),
                actual: zero(),
                note: r.clear(&format!("{path}.note"), &i.note, &format!("{name}的说明")),
                batches,
                visitors,
            }
        };
        Sangong {
            vehicle_purchase: item("vehicle_purchase", &sg.vehicle_purchase, "公务用车购置"),
            vehicle_operation: item("vehicle_operation", &sg.vehicle_operation, "公务用车运行维护费"),
            overseas: item("overseas", &sg.overseas, "因公出国（境）费"),
            reception: item("reception", &sg.reception, "公务接待费"),
        }
    });

    let satisfaction = last.satisfaction.as_ref().map(|s| {
        r.note("satisfaction.rate", format!("上年：{}", s.rate.value));
        Satisfaction {
            subject: s.subject.clone(),
            object: s.object.clone(),
            rate: zero(),
            target: s.target.clone(),
        }
    });

    let goals = last
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| Goal {
            label: g.label.clone(),
            text: r.clear(
                &format!("goals.{i}.text"),
                &g.text,
                &format!("{}的内容和完成情况", g.label.value.trim()),
            ),
            append: g.append.clone(),
        })
        .collect();

    let performance = last.performance.as_ref().map(|perf| Performance {
        summary: r.clear("performance.summary", &perf.summary, "主要绩效的总述"),
        achievements: perf
            .achievements
            .iter()
            .enumerate()
            .map(|(i, a)| {
                r.was(&format!("performance.achievements.{i}.title"), &a.title);
                r.was(&format!("performance.achievements.{i}.text"), &a.text);
                Achievement {
                    title: mark(&format!("第{}项主要绩效的标题", i + 1)),
                    text: mark(&format!("第{}项主要绩效的内容", i + 1)),
                }
            })
            .collect(),
    });

    let closing = last.closing.as_ref().map(|c| Closing {
        problems: r.clear_list("closing.problems", &c.problems, "存在的问题及原因"),
        measures: r.clear_list("closing.measures", &c.measures, "下一步改进措施"),
        application: r.clear_list("closing.application", &c.application, "结果应用和公开情况"),
    });

    let a1 = &last.attachment1;
    for bl in &a1.buildings {
        let name = bl.name.as_ref().map(|t| t.value.trim()).unwrap_or("（未写名称）");
        r.note("attachment1.buildings", format!("{y}年完工的项目：{name}"));
    }
    let attachment1 = Attachment1 {
        procurement_budget: zero_if(&a1.procurement_budget),
        procurement_actual: zero_if(&a1.procurement_actual),
        buildings: Vec::new(),
        frugality: r.clear_list("attachment1.frugality", &a1.frugality, "厉行节约保障措施"),
        ..a1.clone()
    };

    // A form's header line carries over; a date in it is last year's.
    for (key, header) in
        [("attachment1.header", &a1.header), ("attachment2.header", &last.attachment2.header)]
    {
        if header.iter().flatten().any(|item| item.value.chars().any(|c| c.is_ascii_digit())) {
            r.note(key, format!("沿用{y}年的表头：其中的日期等要改成本年的。"));
        }
    }
    let a2 = &last.attachment2;
    if let Some(s) = &a2.execution_score {
        r.note("attachment2.execution_score", format!("上年手填的得分：{}", s.value));
    }
    let indicators = a2
        .indicators
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let path = format!("attachment2.indicators.{i}");
            if let Some(a) = &row.analysis {
                r.was(&format!("{path}.analysis"), a);
            }
            Indicator {
                actual: r.clear(&format!("{path}.actual"), &row.actual, "实际完成值"),
                score: None,
                coefficient: None,
                analysis: None,
                ..row.clone()
            }
        })
        .collect();
    let attachment2 = Attachment2 {
        grade: None,
        execution_score: None,
        overall_goal: r.clear("attachment2.overall_goal", &a2.overall_goal, "年度总体目标"),
        overall_goal_adjusted: r.clear(
            "attachment2.overall_goal_adjusted",
            &a2.overall_goal_adjusted,
            "全年（调整）目标",
        ),
        overall_result: r.clear(
            "attachment2.overall_result",
            &a2.overall_result,
            "年度总体目标的实际完成情况",
        ),
        // The rows beside the indicators keep their labels; their texts are this year's to write.
        extra_rows: a2.extra_rows.as_ref().map(|rows| {
            rows.iter()
                .map(|row| crate::input::ExtraRow {
                    text: row.text.as_ref().map(|_| mark(row.label.value.trim())),
                    ..row.clone()
                })
                .collect()
        }),
        indicators,
        ..a2.clone()
    };

    let form = Form {
        filled_by: last.form.filled_by.clone(),
        date: r.clear("form.date", &last.form.date, "填报日期"),
        phone: last.form.phone.clone(),
    };

    // A project's 自评表 is of last year's project: next year's projects write their own.
    let next = Input {
        project_forms: Vec::new(),
        template: last.template.clone(),
        report,
        sections,
        cover: last.cover.clone().map(|c| crate::input::Cover {
            date: None,
            unit_opinion: None,
            bureau_opinion: None,
            ..c
        }),
        labels: last.labels.clone(),
        organization,
        basic,
        projects,
        funds,
        finance,
        sangong,
        satisfaction,
        goals,
        performance,
        closing,
        attachment1,
        attachment2,
        form,
        settings: last.settings.clone(),
        fonts: last.fonts.clone(),
        // Last year's allows were about last year's text, which is cleared.
        allow: Vec::new(),
        stated: Default::default(),
        sentences: last.sentences.clone(),
        outline_edits,
        templates: Vec::new(),
        font_dir: None,
    };
    (next, r.notes)
}
