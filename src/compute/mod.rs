//! compute: the only place with arithmetic. Turns the [`Input`] into a [`Report`] in which every
//! figure is exact and every display string is decided; the templates only lay it out.
//!
//! Public entry: [`compute`]. It never fails: a zero base is phrased in words, a sum that does
//! not add up is computed as it is and reported by `check`.

mod figures;
pub mod num;
mod phrase;
pub mod years;

pub use figures::{Change, Columns, Figures, Grade, execution_score, year_of};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::input::{FormVariant, Generated, Input, Level3Numbering, PageNumbers, Text};
use num::{amount, cell, pct, plain};

/// What the templates receive: the report as blocks of text and the two forms as cells.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub meta: Meta,
    pub layout: Layout,
    pub body: Vec<Block>,
    /// The attachment names for the 附件说明 after the body.
    pub attachments: Vec<String>,
    pub attachment1: Form1,
    pub attachment2: Form2,
    /// The exact figures behind the text (for `check` and `check --format json`).
    #[serde(skip)]
    pub figures: Figures,
    /// The headline figures as printed, one row of the finance bureau's 汇总表.
    #[serde(skip)]
    pub summary: Summary,
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
    pub total_score: String,
    pub grade: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// The title on one line (PDF metadata).
    pub title: String,
    /// The title as printed, line by line.
    pub title_lines: Vec<String>,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub year: String,
    /// The document date, for the PDF metadata.
    pub date: Option<DateParts>,
    /// 署名 and 成文日期 printed after the 附件说明, when a signature is given.
    pub signature: Option<String>,
    pub signature_date: Option<String>,
    /// The revision, when the report was corrected: its number, and a line printed under the
    /// title if asked for.
    pub revision: Option<String>,
    pub revision_line: Option<String>,
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

/// One block of the report body.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    /// Level-1 heading, numbered “一、”.
    H1 { text: String },
    /// Level-2 heading, numbered “（一）”.
    H2 { text: String },
    /// A paragraph, first line indented two characters.
    P { text: String },
    /// A numbered paragraph: “1.” and an optional run-in heading, then text.
    Item { number: String, lead: String, text: String },
}

/// 附件1 as cells.
#[derive(Debug, Clone, Serialize)]
pub struct Form1 {
    pub title: String,
    pub year_label: String,
    pub last_year_actual_label: String,
    pub budget_label: String,
    pub actual_label: String,
    pub posts: String,
    pub in_service: String,
    pub control_rate: String,
    pub rows: Vec<Form1Row>,
    pub buildings_label: String,
    pub buildings: Vec<[String; 6]>,
    pub frugality: Vec<String>,
    pub signoff: Signoff,
}

/// A row of 经费控制情况: label, indent level (0 heading, 1 numbered, 2 “其中：”, 3 under
/// “其中：”), and the three columns.
#[derive(Debug, Clone, Serialize)]
pub struct Form1Row {
    pub label: String,
    pub indent: u8,
    pub cells: [String; 3],
}

#[derive(Debug, Clone, Serialize)]
pub struct Signoff {
    pub filled_by: String,
    pub date: String,
    pub phone: String,
}

/// 附件2 as cells.
#[derive(Debug, Clone, Serialize)]
pub struct Form2 {
    pub title: String,
    pub department: String,
    pub initial_budget: String,
    pub full_budget: String,
    pub executed: String,
    pub execution_weight: String,
    pub execution_rate: String,
    pub execution_score: String,
    pub by_source: Vec<[String; 2]>,
    pub by_nature: Vec<[String; 2]>,
    pub overall_goal: String,
    pub overall_result: String,
    /// Whether the form has 分值 and 得分 columns (and the 总分 row).
    pub scored: bool,
    /// The indicator columns after 三级指标, in order.
    pub headers: Vec<String>,
    pub indicators: Vec<IndicatorRow>,
    pub total_weight: String,
    pub total_score: String,
    pub grade: String,
    pub signoff: Signoff,
}

/// A row of 绩效指标. `level1_span`/`level2_span` are the number of rows the merged cell covers
/// on the group's first row and 0 on the rows it covers.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    pub level1: String,
    pub level1_weight: String,
    pub level1_span: usize,
    pub level2: String,
    pub level2_span: usize,
    pub name: String,
    /// One cell per header.
    pub cells: Vec<String>,
}

/// Computes every figure and display string of the report.
pub fn compute(input: &Input) -> Report {
    let f = Figures::of(input);
    let ctx = Ctx::new(input, &f);
    let meta = ctx.meta();
    let attachment2 = ctx.form2();
    // The same strings as 附件2 prints, so the 汇总表 cannot disagree with any report.
    let summary = Summary {
        department: meta.author.clone(),
        year: ctx.year.clone(),
        initial_budget: attachment2.initial_budget.clone(),
        full_budget: attachment2.full_budget.clone(),
        executed: attachment2.executed.clone(),
        execution_rate: attachment2.execution_rate.clone(),
        income_total: amount(f.income_total),
        sangong_budget: amount(f.sangong.budget),
        sangong_actual: amount(f.sangong.actual),
        total_score: attachment2.total_score.clone(),
        grade: attachment2.grade.clone(),
    };
    Report {
        meta,
        layout: Layout {
            page_numbers: match input.settings.page_numbers.as_ref().map(|c| c.value) {
                Some(PageNumbers::Centered) => "centered",
                _ => "odd-even",
            },
            bold_level3: input.settings.bold_level3.unwrap_or(false),
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
        body: ctx.body(),
        attachments: vec![FORM1_NAME.to_string(), FORM2_NAME.to_string()],
        attachment1: ctx.form1(),
        attachment2,
        summary,
        figures: f,
    }
}

const FORM1_NAME: &str = "部门整体支出绩效评价基础数据表";
const FORM2_NAME: &str = "部门整体支出绩效自评表";
const LEVEL1: [&str; 9] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];

struct Ctx<'a> {
    input: &'a Input,
    f: &'a Figures,
    year: String,
    last_year: String,
    dept: String,
    short: String,
    numbering: Level3Numbering,
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
            year: f.year.to_string(),
            last_year: (f.year - 1).to_string(),
            short: input
                .report
                .department_short_name
                .as_ref()
                .map_or_else(|| dept.clone(), |t| t.value.trim().to_string()),
            dept,
            numbering: input.settings.level3_numbering.as_ref().map(|c| c.value).unwrap_or_default(),
        }
    }

    fn number(&self, i: usize) -> String {
        match self.numbering {
            Level3Numbering::Dot => format!("{}.", i + 1),
            Level3Numbering::Comma => format!("{}、", i + 1),
        }
    }

    fn meta(&self) -> Meta {
        let title = format!("{}年度{}整体支出绩效自评报告", self.year, self.dept);
        let title_lines = match &self.input.report.title_lines {
            Some(lines) if !lines.is_empty() => lines.iter().map(|l| l.value.trim().to_string()).collect(),
            _ => vec![format!("{}年度{}", self.year, self.dept), "整体支出绩效自评报告".to_string()],
        };
        let r = &self.input.report;
        let mut keywords = vec!["绩效自评".into(), "整体支出".into(), self.year.clone()];
        let revision = r.revision.as_ref().map(|rev| format!("第{}次修订", plain(rev.number.value)));
        if let Some(rev) = &revision {
            keywords.push(rev.clone());
        }
        Meta {
            title,
            title_lines,
            author: self.dept.clone(),
            subject: match (&revision, &r.revision) {
                (Some(n), Some(rev)) => format!(
                    "部门整体支出绩效自评报告（{}，{}：{}）",
                    n,
                    date_text(&rev.date),
                    rev.note.value.trim()
                ),
                _ => "部门整体支出绩效自评报告".into(),
            },
            keywords,
            year: self.year.clone(),
            date: r.revision.as_ref().map(|rev| &rev.date).or(r.date.as_ref()).map(|d| DateParts {
                year: d.year,
                month: d.month,
                day: d.day,
            }),
            signature: r.signature.as_ref().map(|s| s.value.trim().to_string()),
            signature_date: r.signature.as_ref().and(r.date.as_ref()).map(date_text),
            revision_line: r
                .revision
                .as_ref()
                .filter(|rev| rev.print)
                .map(|rev| format!("（{}更正）", date_text(&rev.date))),
            revision,
        }
    }

    fn body(&self) -> Vec<Block> {
        let i = self.input;
        let f = self.f;
        let y = &self.year;
        let mut b = Vec::new();
        let h1 = |b: &mut Vec<Block>, n: usize, t: &str| {
            b.push(Block::H1 { text: format!("{}、{t}", LEVEL1[n]) })
        };
        let h2 = |b: &mut Vec<Block>, n: usize, t: &str| {
            b.push(Block::H2 { text: format!("（{}）{t}", LEVEL1[n]) })
        };
        let p = |b: &mut Vec<Block>, t: String| b.push(Block::P { text: t });
        let items = |b: &mut Vec<Block>, list: &[Text]| {
            for (n, t) in list.iter().enumerate() {
                b.push(Block::Item {
                    number: self.number(n),
                    lead: String::new(),
                    text: t.value.trim().to_string(),
                });
            }
        };

        p(&mut b, i.report.intro.value.trim().to_string());

        // 一、单位基本情况
        h1(&mut b, 0, "单位基本情况");
        h2(&mut b, 0, "组织机构设置情况");
        let org = &i.organization;
        let kinds: Vec<String> = org
            .staffing
            .iter()
            .map(|s| match &s.note {
                Some(n) if !n.is_blank() => {
                    format!("{}{}名（{}）", s.kind.value.trim(), plain(s.count.value), n.value.trim())
                }
                _ => format!("{}{}名", s.kind.value.trim(), plain(s.count.value)),
            })
            .collect();
        p(
            &mut b,
            format!(
                "{}{y}年末人员编制数{}名，其中，{}；年末在职人员实有人数{}人。",
                self.dept,
                plain(f.posts),
                kinds.join("，"),
                plain(f.in_service)
            ),
        );
        if let Some(s) = &org.seconded {
            p(
                &mut b,
                format!("{}{}人相关经费在{}列支。", s.unit.value.trim(), plain(s.count.value), self.short),
            );
        }
        p(&mut b, format!("{}{y}年末有退休人员{}人。", self.dept, plain(org.retired.value)));
        p(
            &mut b,
            format!(
                "{}{y}年末车辆编制{}辆，实有车辆{}辆。",
                self.dept,
                plain(org.vehicles_authorized.value),
                plain(org.vehicles_actual.value)
            ),
        );
        let units_note = text(&org.budget_units_note);
        p(
            &mut b,
            sentence(&format!(
                "纳入本部门{y}年度部门决算编报的单位共{}个{}",
                org.budget_units.len(),
                if units_note.is_empty() { String::new() } else { format!("，{units_note}") }
            )),
        );
        h2(&mut b, 1, "单位的职能职责");
        items(&mut b, &org.duties);

        // 二、一般公共预算支出情况
        h1(&mut b, 1, "一般公共预算支出情况");
        h2(&mut b, 0, "基本支出情况");
        let basic = &i.basic;
        p(
            &mut b,
            format!(
                "{}{y}年基本支出{}万元，{}。",
                text(&basic.definition),
                amount(f.basic.to),
                phrase::against_last_year(&f.basic)
            ),
        );
        let mut para = String::new();
        for (name, lead, c, fig) in [
            ("人员经费", "基本支出中", &basic.personnel, &f.personnel),
            ("日常公用经费", "", &basic.public, &f.public),
            ("资本性支出", "", &basic.capital, &f.capital),
        ] {
            let desc = text(&c.description);
            let name = if desc.is_empty() { name.to_string() } else { format!("{name}（{desc}）") };
            let lead = if lead.is_empty() { format!("{y}年") } else { lead.to_string() };
            let share = fig.share.map(|s| format!("，占基本支出的{}", pct(s, 2))).unwrap_or_default();
            let reason = text(&c.reason);
            let reason = if reason.is_empty() { String::new() } else { format!("，{reason}") };
            para.push_str(&format!(
                "{lead}{name}{}万元{share}，{}{reason}。",
                amount(fig.change.to),
                phrase::against_last_year(&fig.change)
            ));
        }
        p(&mut b, para);
        h2(&mut b, 1, "项目支出情况");
        let reason = text(&i.projects.reason);
        p(
            &mut b,
            format!(
                "{}{y}年项目支出{}万元，{}{}。",
                text(&i.projects.definition),
                amount(f.projects.actual),
                phrase::against_last_year(&f.project_change).replacen("较上年", "比上年", 1),
                if reason.is_empty() { String::new() } else { format!("，{reason}") }
            ),
        );

        // 三、四、五
        for (n, name, value) in [
            (2, "政府性基金预算支出", &i.funds.government_fund),
            (3, "国有资本经营预算支出", &i.funds.state_capital),
            (4, "社会保险基金预算支出", &i.funds.social_insurance),
        ] {
            h1(&mut b, n, &format!("{name}情况"));
            let v = value.as_ref().map_or(Decimal::ZERO, |v| v.value);
            if v.is_zero() {
                p(&mut b, format!("{y}年无{name}。"));
            } else {
                p(&mut b, format!("{y}年{name}{}万元。", amount(v)));
            }
        }

        // 六、部门整体支出绩效情况
        h1(&mut b, 5, "部门整体支出绩效情况");
        h2(&mut b, 0, "部门整体支出概况");
        p(&mut b, format!("{y}年部门决算收支完成情况如下："));
        let fin = &i.finance;
        let note = |t: &Option<Text>| {
            let t = text(t);
            if t.is_empty() { String::new() } else { sentence(&t) }
        };
        let income: Vec<String> = fin
            .income
            .iter()
            .zip(&f.income_shares)
            .map(|(line, share)| match share {
                Some(s) => format!(
                    "{}{}万元，占总收入的{}",
                    line.name.value.trim(),
                    amount(line.amount.value),
                    pct(*s, 2)
                ),
                None => format!("{}{}万元", line.name.value.trim(), amount(line.amount.value)),
            })
            .collect();
        let rate = f
            .execution_rate
            .map(|r| format!("，预算执行率{}", pct(r, figures::rate_decimals(i))))
            .unwrap_or_default();
        let overview = [
            format!("年初结转和结余{}万元，{}", amount(fin.carryover.value), note(&fin.carryover_note)),
            format!("总收入：{}万元。其中{}。", amount(f.income_total), income.join("，")),
            format!("总支出：{}万元{rate}。", amount(f.total_spending)),
            format!("本年度年末结转和结余{}万元。{}", amount(f.closing_balance), note(&fin.closing_note)),
        ];
        for (n, t) in overview.into_iter().enumerate() {
            let t = t.trim_end_matches('，').to_string();
            b.push(Block::Item { number: self.number(n), lead: String::new(), text: sentence(&t) });
        }
        h2(&mut b, 1, "整体支出绩效目标");
        for g in &i.goals {
            let mut t = format!("{}：{}", g.label.value.trim(), text(&g.text));
            match g.append.as_ref().map(|c| c.value) {
                Some(Generated::Sangong) => t.push_str(&self.sangong()),
                Some(Generated::Satisfaction) => t.push_str(&self.satisfaction()),
                None => {}
            }
            p(&mut b, t);
        }
        h2(&mut b, 2, "主要绩效及评价结论");
        if let Some(s) = &i.performance.summary {
            p(&mut b, s.value.trim().to_string());
        }
        for (n, a) in i.performance.achievements.iter().enumerate() {
            b.push(Block::Item {
                number: self.number(n),
                lead: a.title.value.trim().to_string(),
                text: a.text.value.trim().to_string(),
            });
        }
        let score = if form_variant(i) == FormVariant::Unscored {
            String::new()
        } else {
            format!("自评得分{}分，", plain(num::round(f.total_score, 2)))
        };
        p(
            &mut b,
            format!(
                "根据部门整体支出绩效评价指标确定的内容，经评价组综合评价，{}{y}年度整体支出绩效{score}评为“{}”。",
                self.dept,
                printed_grade(i, f)
            ),
        );

        h1(&mut b, 6, "存在的问题及原因分析");
        items(&mut b, &i.closing.problems);
        h1(&mut b, 7, "下一步改进措施");
        items(&mut b, &i.closing.measures);
        h1(&mut b, 8, "部门整体支出绩效自评结果拟应用和公开情况");
        for t in &i.closing.application {
            p(&mut b, t.value.trim().to_string());
        }
        b
    }

    /// “三公”经费支出情况, item by item; items without any spending in either year are left out.
    fn sangong(&self) -> String {
        let sg = &self.input.sangong;
        let mut out = String::from("“三公”经费支出情况：");
        let mut parts = Vec::new();
        for (name, item) in [
            ("公务用车购置", &sg.vehicle_purchase),
            ("公务用车运行维护费", &sg.vehicle_operation),
            ("因公出国（境）费", &sg.overseas),
            ("公务接待费", &sg.reception),
        ] {
            let (last, budget, actual) = (item.last_year.value, item.budget.value, item.actual.value);
            if last.is_zero() && budget.is_zero() && actual.is_zero() {
                continue;
            }
            let mut s = format!(
                "{name}，本年度决算数为{}万元，{}，{}",
                amount(actual),
                phrase::against_budget(&Change::new(budget, actual)),
                phrase::against_last_year_actual(&Change::new(last, actual)),
            );
            let note = text(&item.note);
            let count = match (&item.batches, &item.visitors) {
                (Some(b), Some(v)) => {
                    format!("国内公务接待{}批次，接待{}人次", plain(b.value), plain(v.value))
                }
                (Some(b), None) => format!("国内公务接待{}批次", plain(b.value)),
                (None, Some(v)) => format!("接待{}人次", plain(v.value)),
                (None, None) => String::new(),
            };
            match (note.is_empty(), count.is_empty()) {
                (true, true) => s.push('。'),
                (false, true) => s.push_str(&format!("；{}", sentence(&note))),
                (true, false) => s.push_str(&format!("。{count}。")),
                (false, false) => s.push_str(&format!("。{}，{count}。", note.trim_end_matches('。'))),
            }
            parts.push(s);
        }
        if parts.is_empty() {
            out.push_str("本年度和上年度均无“三公”经费支出。");
        } else {
            out.push_str(&parts.concat());
        }
        out
    }

    fn satisfaction(&self) -> String {
        match &self.input.satisfaction {
            Some(s) => {
                let reached = s.rate.value >= s.target.value;
                format!(
                    "{}对单位的满意度为{}%，{}。",
                    s.subject.value.trim(),
                    plain(s.rate.value),
                    if reached {
                        "达到了预期目标".to_string()
                    } else {
                        format!("未达到不低于{}%的预期目标", plain(s.target.value))
                    }
                )
            }
            None => String::new(),
        }
    }

    fn signoff(&self) -> Signoff {
        let form = &self.input.form;
        Signoff { filled_by: text(&form.filled_by), date: text(&form.date), phone: text(&form.phone) }
    }

    fn form1(&self) -> Form1 {
        let i = self.input;
        let f = self.f;
        let cols = |c: Columns| [cell(c.last_year), cell(c.budget), cell(c.actual)];
        let row = |label: String, indent: u8, cells: [String; 3]| Form1Row { label, indent, cells };
        let sg = &i.sangong;
        let col = |it: &crate::input::SangongItem| cols(Columns::of(it));
        let mut rows = vec![
            row("三公经费".into(), 0, cols(f.sangong)),
            row("1、公务用车购置和维护经费".into(), 1, cols(f.vehicles)),
            row("其中：公车购置".into(), 2, col(&sg.vehicle_purchase)),
            row("公车运行维护".into(), 3, col(&sg.vehicle_operation)),
            row("2、出国经费".into(), 1, col(&sg.overseas)),
            row("3、公务接待".into(), 1, col(&sg.reception)),
            row("项目支出".into(), 0, cols(f.projects)),
        ];
        for (n, item) in i.projects.items.iter().enumerate() {
            rows.push(row(format!("{}、{}", n + 1, item.name.value.trim()), 1, cols(Columns::of_line(item))));
        }
        let public = &i.basic.public;
        rows.push(row(
            "公用经费".into(),
            0,
            [
                cell(public.last_year.value),
                public.budget.as_ref().map(|b| cell(b.value)).unwrap_or_default(),
                cell(public.actual.value),
            ],
        ));
        for (n, item) in i.basic.public_items.iter().enumerate() {
            let label = if n == 0 {
                format!("其中：{}", item.name.value.trim())
            } else {
                item.name.value.trim().to_string()
            };
            rows.push(row(label, if n == 0 { 2 } else { 3 }, cols(Columns::of_line(item))));
        }
        let opt = |n: &Option<crate::input::Number>| n.as_ref().map(|n| cell(n.value)).unwrap_or_default();
        rows.push(row(
            "政府采购金额".into(),
            0,
            ["——".into(), opt(&i.attachment1.procurement_budget), opt(&i.attachment1.procurement_actual)],
        ));
        rows.push(row(
            "部门基本支出预算调整".into(),
            0,
            ["——".into(), cell(i.basic.budget.initial.value), cell(i.basic.budget.adjusted.value)],
        ));
        let rate =
            |a: Decimal, b: Decimal| num::percent(a, b).map(|r| pct(r, 2)).unwrap_or_else(|| "——".into());
        let buildings = if i.attachment1.buildings.is_empty() {
            vec![["0".into(), "0".into(), "——".into(), "0".into(), "0".into(), "——".into()]]
        } else {
            i.attachment1
                .buildings
                .iter()
                .map(|bl| {
                    [
                        plain(bl.approved_area.value),
                        plain(bl.actual_area.value),
                        rate(bl.actual_area.value, bl.approved_area.value),
                        cell(bl.budget_investment.value),
                        cell(bl.actual_investment.value),
                        rate(bl.actual_investment.value, bl.budget_investment.value),
                    ]
                })
                .collect()
        };
        Form1 {
            title: format!("{}年度{FORM1_NAME}", self.year),
            year_label: format!("{}年实际在职人数", self.year),
            last_year_actual_label: format!("{}年决算数", self.last_year),
            budget_label: format!("{}年预算数", self.year),
            actual_label: format!("{}年决算数", self.year),
            posts: plain(f.form_posts),
            in_service: plain(f.form_in_service),
            control_rate: f.control_rate.map(|r| pct(r, 2)).unwrap_or_else(|| "——".into()),
            rows,
            buildings_label: format!("楼堂馆所控制情况（{}年完工项目）", self.year),
            buildings,
            frugality: i
                .attachment1
                .frugality
                .iter()
                .enumerate()
                .map(|(n, t)| format!("{}{}", self.number(n), t.value.trim()))
                .collect(),
            signoff: self.signoff(),
        }
    }

    fn form2(&self) -> Form2 {
        let i = self.input;
        let f = self.f;
        let a2 = &i.attachment2;
        let opt = |n: &Option<crate::input::Number>| n.as_ref().map(|n| amount(n.value)).unwrap_or_default();
        let s = &i.finance.by_source;
        let placeholders = i.settings.placeholder_rows.unwrap_or(true);
        let rows: Vec<&crate::input::Indicator> =
            a2.indicators.iter().filter(|r| placeholders || !is_placeholder(r)).collect();
        // Resolve inherited levels, then count the merged spans.
        let resolved: Vec<(String, String)> = a2
            .indicators
            .iter()
            .zip(figures::levels(&a2.indicators))
            .filter(|(r, _)| placeholders || !is_placeholder(r))
            .map(|(_, levels)| levels)
            .collect();
        let variant = form_variant(i);
        let scored = variant != FormVariant::Unscored;
        let headers: Vec<String> = match variant {
            FormVariant::Scored => vec!["年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
            FormVariant::Unscored => vec!["年度指标值", "实际完成值", "偏差原因分析及改进措施"],
            FormVariant::WithNature => {
                vec![
                    "指标性质",
                    "度量单位",
                    "年度指标值",
                    "实际完成值",
                    "分值",
                    "得分",
                    "偏差原因分析及改进措施",
                ]
            }
        }
        .into_iter()
        .map(String::from)
        .collect();
        let mut indicators = Vec::new();
        for (n, r) in rows.iter().enumerate() {
            let (l1, l2) = &resolved[n];
            let first1 = n == 0 || resolved[n - 1].0 != *l1;
            let first2 = first1 || resolved[n - 1].1 != *l2;
            let span1 = if first1 { resolved[n..].iter().take_while(|x| x.0 == *l1).count() } else { 0 };
            let span2 = if first2 {
                resolved[n..].iter().take_while(|x| x.0 == *l1 && x.1 == *l2).count()
            } else {
                0
            };
            let weight1 = f.level1.iter().find(|x| x.name == *l1).map(|x| x.weight).unwrap_or_default();
            let (target, actual) = match (r.from.as_ref().map(|c| c.value), &i.satisfaction) {
                (Some(Generated::Satisfaction), Some(sat)) => {
                    (format!("≥{}%", plain(sat.target.value)), format!("{}%", plain(sat.rate.value)))
                }
                _ => (text(&r.target), text(&r.actual)),
            };
            let weight = r.weight.as_ref().map(|w| plain(w.value)).unwrap_or_default();
            let score = r.score.as_ref().map(|w| plain(w.value)).unwrap_or_default();
            let cells = match variant {
                FormVariant::Scored => vec![target, actual, weight, score, text(&r.analysis)],
                FormVariant::Unscored => vec![target, actual, text(&r.analysis)],
                FormVariant::WithNature => {
                    vec![text(&r.nature), text(&r.unit), target, actual, weight, score, text(&r.analysis)]
                }
            };
            indicators.push(IndicatorRow {
                level1: l1.clone(),
                level1_weight: if scored { format!("（{}分）", plain(weight1)) } else { String::new() },
                level1_span: span1,
                level2: l2.clone(),
                level2_span: span2,
                name: r.name.value.trim().to_string(),
                cells,
            });
        }
        Form2 {
            title: format!("{}年度{FORM2_NAME}", self.year),
            department: i
                .report
                .department_full_name
                .as_ref()
                .map_or_else(|| self.dept.clone(), |t| t.value.trim().to_string()),
            initial_budget: amount(i.finance.initial_budget.value),
            full_budget: amount(f.full_budget),
            executed: amount(f.total_spending),
            execution_weight: plain(a2.execution_weight.value),
            execution_rate: f
                .execution_rate
                .map(|r| pct(r, figures::rate_decimals(i)))
                .unwrap_or_else(|| "——".into()),
            execution_score: plain(num::round(f.execution_score, 2)),
            by_source: vec![
                ["一般公共预算：".into(), opt(&s.general)],
                ["政府性基金拨款：".into(), opt(&s.government_fund)],
                ["纳入专户管理的非税收入拨款：".into(), opt(&s.special_account)],
                ["其他资金：".into(), opt(&s.other)],
            ],
            by_nature: vec![
                ["基本支出：".into(), amount(i.basic.budget.adjusted.value)],
                ["项目支出：".into(), amount(f.projects.budget)],
            ],
            overall_goal: text(&a2.overall_goal),
            overall_result: text(&a2.overall_result),
            scored,
            headers,
            indicators,
            total_weight: plain(f.total_weight),
            total_score: plain(num::round(f.total_score, 2)),
            grade: printed_grade(i, f).into(),
            signoff: self.signoff(),
        }
    }
}

/// Which form of 附件2 the author chose.
pub fn form_variant(input: &Input) -> FormVariant {
    input.attachment2.form.as_ref().map(|c| c.value).unwrap_or_default()
}

/// The grade printed: the one the author states, else the one the total gives.
pub fn printed_grade(input: &Input, f: &Figures) -> &'static str {
    use crate::input::GradeChoice;
    match input.attachment2.grade.as_ref().map(|c| c.value) {
        Some(GradeChoice::Excellent) => "优秀",
        Some(GradeChoice::Good) => "良好",
        Some(GradeChoice::Fair) => "中",
        Some(GradeChoice::Poor) => "差",
        None => f.grade.name(),
    }
}

/// A row that only carries the form's own “指标1：” or “……”: no value, weight or score.
pub fn is_placeholder(r: &crate::input::Indicator) -> bool {
    r.target.is_none() && r.actual.is_none() && r.weight.is_none() && r.score.is_none() && r.from.is_none()
}
