//! The two forms as tables of cells: 附件1 (基础数据表) from the template's rows, and 附件2
//! (自评表) in the variant the template chooses: 湖南, the national model, 重庆 or a score sheet.
//! Labels come from `[labels]`, columns from `[attachment2] columns`; every figure a cell shows
//! is registered.

use rust_decimal::Decimal;

use super::figures::{Columns, levels};
use super::table::{Cell, Column, Signoff, Table};
use super::{Ctx, FormPage, is_placeholder, printed_grade, text};
use crate::input::{
    BudgetColumn, ByNature, Field, FormVariant, Generated, Indicator, Input, RowEach, RowFigure, RowPlace,
    RowSpec,
};

/// The form's name in the 附件说明.
pub(crate) fn form1_name(ctx: &Ctx) -> String {
    ctx.input.pick(|l| l.attachment1.name.as_ref()).map(|t| ctx.fill(t.value.trim())).unwrap_or_default()
}

pub(crate) fn form2_name(ctx: &Ctx) -> String {
    ctx.input.pick(|l| l.attachment2.name.as_ref()).map(|t| ctx.fill(t.value.trim())).unwrap_or_default()
}

/// The indicator columns of the 自评表 in force, with their headers.
pub fn columns(input: &Input) -> Vec<(Field, String)> {
    let mut cols: Vec<(Field, String)> = input
        .pick(|l| l.attachment2.columns.as_ref())
        .map(|v| {
            v.iter()
                .map(|c| {
                    let header = c
                        .header
                        .as_ref()
                        .map_or_else(|| c.field.value.name().to_string(), |h| h.value.trim().to_string());
                    (c.field.value, header)
                })
                .collect()
        })
        .unwrap_or_default();
    match super::form_variant(input) {
        FormVariant::Unscored => cols.retain(|(f, _)| !matches!(f, Field::Weight | Field::Score)),
        FormVariant::WithNature => {
            for f in [Field::Unit, Field::Nature] {
                if !cols.iter().any(|(c, _)| *c == f) {
                    cols.insert(0, (f, f.name().to_string()));
                }
            }
        }
        _ => {}
    }
    cols
}

/// Whether the 自评表 has scores (a 得分 column).
pub fn scored(input: &Input) -> bool {
    columns(input).iter().any(|(f, _)| *f == Field::Score)
}

impl Ctx<'_> {
    fn title_of(&self, lines: Option<&Vec<crate::input::Text>>) -> Vec<String> {
        if self.input.hidden(crate::input::Piece::FormTitles) {
            return Vec::new();
        }
        lines.map(|v| v.iter().map(|t| self.fill(t.value.trim())).collect()).unwrap_or_default()
    }

    /// `header`: the items of a line above a form, as the template or the report wrote them.
    fn header(&self, items: Option<&Vec<crate::input::Text>>) -> Option<Signoff> {
        let items: Vec<String> =
            items?.iter().map(|t| self.fill(t.value.trim())).filter(|t| !t.is_empty()).collect();
        (!items.is_empty()).then_some(Signoff { items })
    }

    fn signoff(&self) -> Signoff {
        let form = &self.input.form;
        Signoff {
            items: vec![
                format!("{}{}", self.label(|l| l.filled_by.as_ref()), text(&form.filled_by)),
                format!("{}{}", self.label(|l| l.filled_date.as_ref()), text(&form.date)),
                format!("{}{}", self.label(|l| l.phone.as_ref()), text(&form.phone)),
                self.label(|l| l.head.as_ref()),
            ],
        }
    }

    /// A figure cell of 附件1, registered; blank when the figure is not stated, “0” for zero as
    /// the printed form has it.
    fn fig_cell(&self, key: String, label: String, value: Option<Decimal>, derived: bool) -> Cell {
        match value {
            Some(d) => Cell::figure(self.put(key, label, self.fmt.cell(d), derived)),
            None => Cell::figure(""),
        }
    }

    /// A money cell of the 自评表: two decimals whatever the amount, so that a column aligns.
    fn money_cell(&self, key: String, label: String, value: Option<Decimal>, derived: bool) -> Cell {
        match value {
            Some(d) => Cell::figure(self.put(key, label, self.fmt.amount(d), derived)),
            None => Cell::figure(""),
        }
    }

    // --- 附件1 ------------------------------------------------------------------------------

    pub(crate) fn form1(&self, label: Option<String>) -> FormPage {
        let i = self.input;
        let f = self.f;
        let l = |g: fn(&crate::input::Labels) -> Option<&crate::input::Text>| self.label(g);
        let two = |c: Cell| c.cols(2);
        let mut rows: Vec<Vec<Cell>> = vec![
            vec![
                Cell::label(l(|x| x.staff_heading.as_ref())).rows(2),
                two(Cell::label(l(|x| x.posts.as_ref()))),
                two(Cell::label(l(|x| x.in_service.as_ref()))),
                two(Cell::label(l(|x| x.control_rate.as_ref()))),
            ],
            vec![
                two(Cell::value(self.put(
                    "附件1.编制数",
                    "附件1编制数",
                    super::num::plain(f.form_posts),
                    true,
                ))),
                two(Cell::value(self.put(
                    "附件1.在职人数",
                    "附件1实际在职人数",
                    super::num::plain(f.form_in_service),
                    true,
                ))),
                two(Cell::value(self.put(
                    "附件1.控制率",
                    "人员控制率",
                    f.control_rate.map(|r| self.fmt.share(r)).unwrap_or_else(|| "——".into()),
                    true,
                ))),
            ],
        ];
        let columns =
            [l(|x| x.last_year_actual.as_ref()), l(|x| x.budget.as_ref()), l(|x| x.actual.as_ref())];
        let mut head = vec![Cell::label(l(|x| x.money_heading.as_ref()))];
        head.extend(columns.iter().map(|c| two(Cell::label(c.clone()))));
        rows.push(head);
        let specs: Vec<RowSpec> = i.pick(|x| x.attachment1.rows.as_ref()).cloned().unwrap_or_default();
        for spec in &specs {
            rows.extend(self.form1_rows(spec, &columns));
        }
        // 楼堂馆所.
        let buildings = &i.attachment1.buildings;
        let n = buildings.len().max(1);
        let mut row = vec![Cell::label(l(|x| x.buildings_heading.as_ref())).rows(n + 1)];
        for g in [
            (|x: &crate::input::Labels| x.approved_area.as_ref())
                as fn(&crate::input::Labels) -> Option<&crate::input::Text>,
            |x| x.actual_area.as_ref(),
            |x| x.area_rate.as_ref(),
            |x| x.budget_investment.as_ref(),
            |x| x.actual_investment.as_ref(),
            |x| x.investment_rate.as_ref(),
        ] {
            row.push(Cell::label(l(g)));
        }
        rows.push(row);
        if buildings.is_empty() {
            rows.push((0..6).map(|_| Cell::empty()).collect());
        }
        for (k, b) in buildings.iter().enumerate() {
            let v = |n: &Option<crate::input::Number>| n.as_ref().map(|n| n.value);
            let rate = |a: Option<Decimal>, b: Option<Decimal>| match (a, b) {
                (Some(a), Some(b)) => {
                    super::num::percent(a, b).map(|r| self.fmt.share(r)).unwrap_or_else(|| "——".into())
                }
                _ => String::new(),
            };
            let key = format!("附件1.楼堂馆所{}", k + 1);
            let area = |n: &Option<crate::input::Number>, what: &str| {
                Cell::figure(
                    n.as_ref()
                        .map(|n| {
                            self.put(
                                format!("{key}.{what}"),
                                format!("楼堂馆所{what}"),
                                super::num::plain(n.value),
                                false,
                            )
                        })
                        .unwrap_or_default(),
                )
            };
            rows.push(vec![
                area(&b.approved_area, "批复规模"),
                area(&b.actual_area, "实际规模"),
                Cell::value(self.put(
                    format!("{key}.规模控制率"),
                    "规模控制率",
                    rate(v(&b.actual_area), v(&b.approved_area)),
                    true,
                )),
                self.fig_cell(
                    format!("{key}.预算投资"),
                    "楼堂馆所预算投资".into(),
                    v(&b.budget_investment),
                    false,
                ),
                self.fig_cell(
                    format!("{key}.实际投资"),
                    "楼堂馆所实际投资".into(),
                    v(&b.actual_investment),
                    false,
                ),
                Cell::value(self.put(
                    format!("{key}.投资概算控制率"),
                    "投资概算控制率",
                    rate(v(&b.actual_investment), v(&b.budget_investment)),
                    true,
                )),
            ]);
        }
        let frugality: Vec<String> = i
            .attachment1
            .frugality
            .iter()
            .enumerate()
            .map(|(n, t)| {
                format!("{}{}", super::numbering::number(&self.item_pattern(), n + 1), t.value.trim())
            })
            .collect();
        rows.push(vec![Cell::label(l(|x| x.frugality.as_ref())), Cell::paragraphs(frugality).cols(6)]);
        let mut columns = vec![Column::grow(1)];
        columns.extend((0..6).map(|_| Column::fixed()));
        FormPage {
            id: "form1",
            // Printed alone, the 基础数据表 would not say whose it is.
            lead: (label.is_none() && !i.hidden(crate::input::Piece::UnitLine))
                .then(|| format!("{}{}", self.label(|x| x.unit_line.as_ref()), self.dept_full())),
            label,
            title_lines: self.title_of(i.pick(|x| x.attachment1.title.as_ref())),
            tables: vec![Table { columns, rows, header_rows: 0, footer_rows: 0, inset: [4.0, 2.6] }],
            notes: vec![l(|x| x.form1_note.as_ref())].into_iter().filter(|s| !s.is_empty()).collect(),
            signoff: i
                .pick(|x| x.attachment1.signoff.as_ref())
                .copied()
                .unwrap_or(true)
                .then(|| self.signoff()),
            header: self.header(i.pick(|x| x.attachment1.header.as_ref())),
        }
    }

    /// The pattern of numbered items (level 3).
    fn item_pattern(&self) -> String {
        match self.input.pick(|l| l.settings.level3_numbering.as_ref()).map(|c| c.value) {
            Some(crate::input::Level3Numbering::Comma) => "{1}、".into(),
            Some(crate::input::Level3Numbering::Dot) => "{1}.".into(),
            None => self
                .input
                .pick(|l| l.settings.numbering.as_ref())
                .and_then(|v| v.get(2))
                .map_or_else(|| "{1}.".into(), |t| t.value.trim().to_string()),
        }
    }

    fn form1_rows(&self, spec: &RowSpec, headers: &[String; 3]) -> Vec<Vec<Cell>> {
        let indent_of = |n: &Option<crate::input::Number>| {
            let level = n.as_ref().and_then(|n| usize::try_from(n.value.trunc()).ok()).unwrap_or(0).min(3);
            [0, 1, 2, 5][level]
        };
        let no_last = spec.no_last_year.unwrap_or(false);
        let row = |label: String, indent: u32, cols: Columns, derived: bool, key: &str| -> Vec<Cell> {
            let mut cells = vec![Cell::label_left(label.clone()).indent(indent)];
            let values = [cols.last_year, cols.budget, cols.actual];
            for (c, (value, header)) in values.iter().zip(headers).enumerate() {
                let cell = if c == 0 && no_last {
                    Cell::value("——")
                } else {
                    self.fig_cell(
                        format!("附件1.{key}.{header}"),
                        format!("附件1“{label}”{header}"),
                        *value,
                        derived,
                    )
                };
                cells.push(cell.cols(2));
            }
            cells
        };
        let budget_column =
            self.input.pick(|l| l.attachment1.budget_column.as_ref()).map(|c| c.value).unwrap_or_default();
        let label = spec.label.as_ref().map(|t| self.fill(t.value.trim())).unwrap_or_default();
        if let Some(each) = &spec.each {
            let lines: &[crate::input::Line] = match each.value {
                RowEach::Project => &self.input.projects().items,
                RowEach::PublicItem => &self.input.basic().public_items,
            };
            let mut out = Vec::new();
            let mut n = 0;
            for (k, line) in lines.iter().enumerate() {
                let name = line.name.value.trim();
                let pattern = match (&spec.first, k) {
                    (Some(first), 0) => first.value.trim().to_string(),
                    _ => spec
                        .label
                        .as_ref()
                        .map_or_else(|| "{名称}".to_string(), |t| t.value.trim().to_string()),
                };
                let shown = if super::is_placeholder_name(name) {
                    name.to_string()
                } else {
                    n += 1;
                    pattern.replace("{n}", &n.to_string()).replace("{名称}", name)
                };
                let indent = if k == 0 && spec.first_indent.is_some() {
                    indent_of(&spec.first_indent)
                } else {
                    indent_of(&spec.indent)
                };
                let mut cols = Columns::of_line(line);
                if each.value == RowEach::Project && budget_column == BudgetColumn::Initial {
                    cols.budget = line.initial.as_ref().map(|n| n.value);
                }
                out.push(row(shown, indent, cols, false, name));
            }
            return out;
        }
        let Some(figure) = &spec.figure else {
            // A row of the printed form that the department leaves blank (“县级专项资金”).
            let mut cells = vec![Cell::label_left(label).indent(indent_of(&spec.indent))];
            cells.extend((0..3).map(|_| Cell::empty().cols(2)));
            return vec![cells];
        };
        let i = self.input;
        let f = self.f;
        let sg = i.sangong();
        let v = |n: &Option<crate::input::Number>| n.as_ref().map(|n| n.value);
        let (cols, derived) = match figure.value {
            RowFigure::Sangong => (f.sangong, true),
            RowFigure::Vehicles => (f.vehicles, true),
            RowFigure::VehiclePurchase => (Columns::of(&sg.vehicle_purchase), false),
            RowFigure::VehicleOperation => (Columns::of(&sg.vehicle_operation), false),
            RowFigure::Overseas => (Columns::of(&sg.overseas), false),
            RowFigure::Reception => (Columns::of(&sg.reception), false),
            RowFigure::Projects => {
                let mut c = f.projects;
                if budget_column == BudgetColumn::Initial {
                    c.budget = i.projects().items.iter().map(|l| l.initial.as_ref().map(|n| n.value)).fold(
                        None,
                        |a, b| match (a, b) {
                            (Some(x), Some(y)) => Some(x + y),
                            (x, None) => x,
                            (None, y) => y,
                        },
                    );
                }
                (c, true)
            }
            RowFigure::Public => {
                let p = &i.basic().public;
                (
                    Columns {
                        last_year: v(&p.last_year),
                        budget: v(&p.budget),
                        actual: Some(p.actual.value),
                    },
                    false,
                )
            }
            RowFigure::Procurement => (
                Columns {
                    last_year: None,
                    budget: v(&i.attachment1.procurement_budget),
                    actual: v(&i.attachment1.procurement_actual),
                },
                false,
            ),
            RowFigure::BasicBudget => {
                let b = &i.basic().budget;
                (Columns { last_year: None, budget: v(&b.initial), actual: v(&b.adjusted) }, false)
            }
        };
        let key = crate::input::Choice::CHOICES
            .iter()
            .find(|(_, r): &&(&str, RowFigure)| *r == figure.value)
            .map_or("", |(n, _)| *n);
        vec![row(label, indent_of(&spec.indent), cols, derived, key)]
    }

    // --- 附件2 ------------------------------------------------------------------------------

    pub(crate) fn form2(&self, label: Option<String>) -> FormPage {
        let i = self.input;
        let variant = super::form_variant(i);
        let mut tables = match variant {
            FormVariant::Hunan | FormVariant::Unscored | FormVariant::WithNature => vec![self.hunan_top()],
            FormVariant::National => vec![self.national_top()],
            FormVariant::Chongqing => vec![self.chongqing_top()],
            FormVariant::Execution => vec![self.execution_top()],
            FormVariant::Rubric => vec![],
        };
        tables.push(self.indicator_table(variant));
        FormPage {
            id: "form2",
            lead: None,
            label,
            title_lines: self.title_of(i.pick(|x| x.attachment2.title.as_ref())),
            tables,
            // `[attachment2] notes`: the form's 备注 (its scoring rules), as the author wrote them.
            notes: i
                .pick(|x| x.attachment2.notes.as_ref())
                .map(|v| v.iter().map(|t| self.fill(t.value.trim())).filter(|t| !t.is_empty()).collect())
                .unwrap_or_default(),
            signoff: i
                .pick(|x| x.attachment2.signoff.as_ref())
                .copied()
                .unwrap_or(true)
                .then(|| self.signoff()),
            header: self.header(i.pick(|x| x.attachment2.header.as_ref())),
        }
    }

    fn dept_full(&self) -> String {
        self.input
            .report
            .department_full_name
            .as_ref()
            .map_or_else(|| self.dept.clone(), |t| t.value.trim().to_string())
    }

    /// 全年预算数, 全年执行数, 执行率 and the execution score, registered once for all variants.
    fn money(&self) -> [String; 6] {
        let f = self.f;
        let a2 = &self.input.attachment2;
        let initial = self
            .input
            .finance()
            .initial_budget
            .as_ref()
            .map(|n| self.put("附件2.年初预算数", "年初预算数", self.fmt.amount(n.value), false))
            .unwrap_or_default();
        [
            initial,
            self.put("附件2.全年预算数", "全年预算数", self.fmt.amount(f.full_budget), true),
            self.put("附件2.全年执行数", "全年执行数", self.fmt.amount(f.total_spending), true),
            a2.execution_weight
                .as_ref()
                .map(|w| self.put("附件2.执行率分值", "预算执行率分值", super::num::plain(w.value), false))
                .unwrap_or_default(),
            self.put(
                "附件2.执行率",
                "预算执行率",
                f.execution_rate.map(|r| self.fmt.rate(r)).unwrap_or_else(|| "——".into()),
                true,
            ),
            self.put_opt(
                "附件2.执行率得分",
                "预算执行率得分",
                f.execution_score.map(|s| self.fmt.score(s)),
                a2.execution_score.is_none(),
            ),
        ]
    }

    /// 湖南: 年度资金总额, then 按收入性质分 beside 按支出性质分, then 年度总体目标.
    fn hunan_top(&self) -> Table {
        let l = |g: fn(&crate::input::Labels) -> Option<&crate::input::Text>| self.label(g);
        let i = self.input;
        let scored = scored(i);
        let [initial, full, executed, weight, rate, score] = self.money();
        let mut rows = vec![vec![
            Cell::label(l(|x| x.department.as_ref())).cols(2),
            Cell::text(self.dept_full()).cols(7),
        ]];
        let mut head = vec![Cell::label(l(|x| x.funds.as_ref())).rows(7).vertical(), Cell::empty().cols(2)];
        let mut values = vec![Cell::label(l(|x| x.total_funds.as_ref())).cols(2)];
        head.extend(
            [l(|x| x.initial_budget.as_ref()), l(|x| x.full_budget.as_ref()), l(|x| x.executed.as_ref())]
                .map(Cell::label),
        );
        values.extend([initial, full, executed].map(Cell::figure));
        if scored {
            head.extend(
                [l(|x| x.weight.as_ref()), l(|x| x.rate.as_ref()), l(|x| x.score.as_ref())].map(Cell::label),
            );
            values.extend([Cell::value(weight), Cell::value(rate), Cell::value(score)]);
        } else {
            head.push(Cell::label(l(|x| x.rate.as_ref())).cols(3));
            values.push(Cell::value(rate).cols(3));
        }
        rows.push(head);
        rows.push(values);
        let s = &i.finance().by_source;
        let totals = i.pick(|x| x.attachment2.split_totals.as_ref()).copied().unwrap_or(false);
        let amount = |n: &Option<crate::input::Number>, key: &str, label: String| {
            n.as_ref()
                .map(|n| self.put(format!("附件2.{key}"), label, self.fmt.amount(n.value), false))
                .unwrap_or_default()
        };
        let f = self.f;
        let by_nature = i.pick(|x| x.attachment2.by_nature.as_ref()).map(|c| c.value).unwrap_or_default();
        let heading = |label: String, total: Decimal, key: &str| {
            if totals {
                format!(
                    "{label}{}",
                    self.put(format!("附件2.{key}合计"), format!("{key}合计"), self.fmt.amount(total), true)
                )
            } else {
                label
            }
        };
        let source = [
            (
                l(|x| x.general.as_ref()),
                amount(&s.general, "一般公共预算", "按收入性质分：一般公共预算".into()),
            ),
            (
                l(|x| x.government_fund.as_ref()),
                amount(&s.government_fund, "政府性基金拨款", "按收入性质分：政府性基金拨款".into()),
            ),
            (
                l(|x| x.special_account.as_ref()),
                amount(
                    &s.special_account,
                    "纳入专户管理的非税收入拨款",
                    "按收入性质分：纳入专户管理的非税收入拨款".into(),
                ),
            ),
            (l(|x| x.other_funds.as_ref()), amount(&s.other, "其他资金", "按收入性质分：其他资金".into())),
        ];
        // The lines as compute decided them: stated by the report (an approved table), else
        // the budget or the spending the template chose.
        let stated = i.finance().by_nature.as_ref();
        let derived_basic = by_nature == ByNature::Executed && stated.is_none_or(|s| s.basic.is_none());
        let derived_projects = stated.is_none_or(|s| s.projects.is_none());
        let nature = [
            (
                l(|x| x.basic.as_ref()),
                f.by_nature_basic
                    .map(|d| {
                        self.put(
                            "附件2.按支出性质分.基本支出",
                            "按支出性质分：基本支出",
                            self.fmt.amount(d),
                            derived_basic,
                        )
                    })
                    .unwrap_or_default(),
            ),
            (
                l(|x| x.projects.as_ref()),
                f.by_nature_projects
                    .map(|d| {
                        self.put(
                            "附件2.按支出性质分.项目支出",
                            "按支出性质分：项目支出",
                            self.fmt.amount(d),
                            derived_projects,
                        )
                    })
                    .unwrap_or_default(),
            ),
        ];
        rows.push(vec![
            Cell::label_left(heading(l(|x| x.by_source.as_ref()), f.by_source_total, "按收入性质分")).cols(4),
            Cell::label_left(heading(l(|x| x.by_nature.as_ref()), f.by_nature_total, "按支出性质分")).cols(4),
        ]);
        let of_which = l(|x| x.of_which.as_ref());
        for (k, (label, value)) in source.iter().enumerate() {
            let prefix = if k == 0 { of_which.as_str() } else { "" };
            let left = format!("{prefix}{label}{value}");
            let right =
                nature.get(k).map(|(label, value)| format!("{prefix}{label}{value}")).unwrap_or_default();
            rows.push(vec![Cell::label_left(left).cols(4), Cell::label_left(right).cols(4)]);
        }
        rows.extend(self.overall_goal(2, 3, 4));
        let mut columns = vec![Column::fixed(); 9];
        columns[3] = Column::grow(1);
        Table { columns, rows, header_rows: 0, footer_rows: 0, inset: [3.0, 4.0] }
    }

    /// 年度总体目标: two rows, the label spanning `label` columns.
    fn overall_goal(&self, label: usize, left: usize, right: usize) -> Vec<Vec<Cell>> {
        let l = |g: fn(&crate::input::Labels) -> Option<&crate::input::Text>| self.label(g);
        let a2 = &self.input.attachment2;
        vec![
            vec![
                Cell::label(l(|x| x.goal.as_ref())).span(label, 2),
                Cell::label(l(|x| x.expected.as_ref())).cols(left),
                Cell::label(l(|x| x.achieved.as_ref())).cols(right),
            ],
            vec![
                Cell::text(text(&a2.overall_goal)).cols(left),
                Cell::text(text(&a2.overall_result)).cols(right),
            ],
        ]
    }

    /// The national model: one row per source of funds, each with its rate.
    fn national_top(&self) -> Table {
        let l = |g: fn(&crate::input::Labels) -> Option<&crate::input::Text>| self.label(g);
        let [initial, full, executed, weight, rate, score] = self.money();
        let f = self.f;
        let mut rows = vec![vec![
            Cell::label(l(|x| x.department.as_ref())).cols(2),
            Cell::text(self.dept_full()).cols(6),
        ]];
        let mut head = vec![Cell::label(l(|x| x.funds.as_ref())).rows(5).vertical(), Cell::empty()];
        head.extend(
            [
                l(|x| x.initial_budget.as_ref()),
                l(|x| x.full_budget.as_ref()),
                l(|x| x.executed.as_ref()),
                l(|x| x.weight.as_ref()),
                l(|x| x.rate.as_ref()),
                l(|x| x.score.as_ref()),
            ]
            .map(Cell::label),
        );
        rows.push(head);
        rows.push(vec![
            Cell::label_left(l(|x| x.total_funds.as_ref())),
            Cell::figure(initial),
            Cell::figure(full),
            Cell::figure(executed),
            Cell::value(weight),
            Cell::value(rate),
            Cell::value(score),
        ]);
        let names =
            [l(|x| x.appropriation.as_ref()), l(|x| x.carryover.as_ref()), l(|x| x.other_source.as_ref())];
        for (name, row) in names.iter().zip(&f.funding) {
            let key = format!("附件2.{name}");
            rows.push(vec![
                Cell::label_left(name.clone()),
                self.money_cell(format!("{key}.年初预算数"), format!("{name}年初预算数"), row.initial, false),
                self.money_cell(
                    format!("{key}.全年预算数"),
                    format!("{name}全年预算数"),
                    Some(row.full),
                    true,
                ),
                self.money_cell(
                    format!("{key}.全年执行数"),
                    format!("{name}全年执行数"),
                    row.executed,
                    false,
                ),
                Cell::value("—"),
                Cell::value(
                    row.rate
                        .map(|r| {
                            self.put(format!("{key}.执行率"), format!("{name}执行率"), self.fmt.rate(r), true)
                        })
                        .unwrap_or_default(),
                ),
                Cell::value("—"),
            ]);
        }
        rows.extend(self.overall_goal(2, 3, 3));
        let mut columns = vec![Column::fixed(); 8];
        columns[1] = Column::grow(1);
        Table { columns, rows, header_rows: 0, footer_rows: 0, inset: [3.0, 4.0] }
    }

    /// 重庆: the header fields, the execution row with its weight and score, the three goals.
    fn chongqing_top(&self) -> Table {
        let l = |g: fn(&crate::input::Labels) -> Option<&crate::input::Text>| self.label(g);
        let a2 = &self.input.attachment2;
        let [initial, full, executed, weight, rate, score] = self.money();
        let total = if scored(self.input) {
            self.put_opt("附件2.自评总分", "自评总分", self.f.total_score.map(|s| self.fmt.score(s)), true)
        } else {
            printed_grade(self.input, self.f).unwrap_or_default()
        };
        let rows = vec![
            vec![
                Cell::label(l(|x| x.supervisor.as_ref())),
                Cell::text(self.dept_full()).cols(3),
                Cell::label(l(|x| x.finance_office.as_ref())).cols(2),
                Cell::text(text(&a2.finance_office)).cols(2),
            ],
            vec![
                Cell::label(l(|x| x.self_score.as_ref())),
                Cell::value(total),
                Cell::label(l(|x| x.contact.as_ref())).cols(2),
                Cell::text_center(text(&a2.contact)).cols(2),
                Cell::label(l(|x| x.contact_phone.as_ref())),
                Cell::text_center(text(&self.input.form.phone)),
            ],
            vec![
                Cell::label(l(|x| x.execution.as_ref())).span(2, 2),
                Cell::label(l(|x| x.initial_budget.as_ref())),
                Cell::label(l(|x| x.full_budget.as_ref())),
                Cell::label(l(|x| x.executed.as_ref())),
                Cell::label(l(|x| x.rate.as_ref())),
                Cell::label(l(|x| x.rate_weight.as_ref())),
                Cell::label(l(|x| x.rate_score.as_ref())),
            ],
            vec![
                Cell::figure(initial),
                Cell::figure(full),
                Cell::figure(executed),
                Cell::value(rate),
                Cell::value(weight),
                Cell::value(score),
            ],
            vec![
                Cell::label(l(|x| x.goals_heading.as_ref())).span(2, 2),
                Cell::label(l(|x| x.goal_initial.as_ref())).cols(2),
                Cell::label(l(|x| x.goal_adjusted.as_ref())).cols(2),
                Cell::label(l(|x| x.goal_result.as_ref())).cols(2),
            ],
            vec![
                Cell::text(text(&a2.overall_goal)).cols(2),
                Cell::text(text(&a2.overall_goal_adjusted)).cols(2),
                Cell::text(text(&a2.overall_result)).cols(2),
            ],
        ];
        Table { columns: vec![Column::grow(1); 8], rows, header_rows: 0, footer_rows: 0, inset: [3.0, 4.0] }
    }

    /// 二八式: the unit, one 部门整体支出总额 row (预算数 A, 执行数 B, 执行率 B/A, 得分) under
    /// its heading, which may cite the weight (“预算执行情况（{附件2.执行率分值}分）”), then the
    /// 年度总体目标.
    fn execution_top(&self) -> Table {
        let l = |g: fn(&crate::input::Labels) -> Option<&crate::input::Text>| self.label(g);
        let [_, full, executed, _, rate, score] = self.money();
        let mut rows = vec![
            vec![Cell::label(l(|x| x.department.as_ref())), Cell::text(self.dept_full()).cols(4)],
            vec![
                Cell::label(l(|x| x.execution.as_ref())),
                Cell::label(l(|x| x.full_budget.as_ref())),
                Cell::label(l(|x| x.executed.as_ref())),
                Cell::label(l(|x| x.rate.as_ref())),
                Cell::label(l(|x| x.score.as_ref())),
            ],
            vec![
                Cell::label(l(|x| x.total_funds.as_ref())),
                Cell::figure(full),
                Cell::figure(executed),
                Cell::value(rate),
                Cell::value(score),
            ],
        ];
        rows.extend(self.overall_goal(1, 2, 2));
        let mut columns = vec![Column::grow(1); 5];
        columns[0] = Column::fixed();
        Table { columns, rows, header_rows: 0, footer_rows: 0, inset: [3.0, 4.0] }
    }

    /// `[attachment2] extra_rows` at `place`: a label over the name columns, the text across
    /// the rest.
    fn extra_rows(&self, place: RowPlace, label_span: usize, width: usize) -> Vec<Vec<Cell>> {
        let rows =
            self.input.pick(|x| x.attachment2.extra_rows.as_ref()).map(Vec::as_slice).unwrap_or_default();
        rows.iter()
            .filter(|r| r.place.as_ref().map(|c| c.value).unwrap_or_default() == place)
            .map(|r| {
                vec![
                    Cell::label(self.fill(r.label.value.trim())).cols(label_span),
                    Cell::text(text(&r.text)).cols(width - label_span),
                ]
            })
            .collect()
    }

    /// The indicator grid: the name columns (一级, 二级 merged over their rows, or one flat
    /// column), then the chosen columns; its header repeats on every page; 总分 last.
    fn indicator_table(&self, variant: FormVariant) -> Table {
        let i = self.input;
        let a2 = &i.attachment2;
        let f = self.f;
        let cols = columns(i);
        let level_headers: Vec<String> = i
            .pick(|x| x.attachment2.levels.as_ref())
            .map(|v| v.iter().map(|t| self.fill(t.value.trim())).collect())
            .unwrap_or_default();
        let depth = level_headers.len().saturating_sub(1).min(2);
        let side_label = matches!(
            variant,
            FormVariant::Hunan | FormVariant::Unscored | FormVariant::WithNature | FormVariant::National
        );
        let level1_weight =
            i.pick(|x| x.attachment2.level1_weight.as_ref()).copied().unwrap_or(false) && scored(i);
        let level2_weight =
            i.pick(|x| x.attachment2.level2_weight.as_ref()).copied().unwrap_or(false) && scored(i);
        let name_weight =
            i.pick(|x| x.attachment2.name_weight.as_ref()).copied().unwrap_or(false) && scored(i);
        // 分值 columns after the level names: one per named level, headed like the 分值 column.
        let weight_columns =
            if i.pick(|x| x.attachment2.level_weight_columns.as_ref()).copied().unwrap_or(false) {
                depth
            } else {
                0
            };
        let weight_header = cols
            .iter()
            .find(|(f, _)| *f == Field::Weight)
            .map_or_else(|| Field::Weight.name().to_string(), |(_, h)| h.clone());
        let placeholders = i.pick(|x| x.settings.placeholder_rows.as_ref()).copied().unwrap_or(true);
        let resolved = levels(&a2.indicators);
        let rows: Vec<(usize, &Indicator, (String, String))> = a2
            .indicators
            .iter()
            .enumerate()
            .zip(resolved)
            .filter(|((_, r), _)| placeholders || !is_placeholder(r))
            .map(|((n, r), lv)| (n, r, lv))
            .collect();

        let mut table_rows: Vec<Vec<Cell>> = Vec::new();
        let mut rubric_head = Vec::new();
        if variant == FormVariant::Rubric && !i.hidden(crate::input::Piece::UnitLine) {
            let width = depth + weight_columns + 1 + cols.len();
            rubric_head.push(vec![
                Cell::label_left(format!("{}{}", self.label(|x| x.unit_line.as_ref()), self.dept_full()))
                    .cols(width),
            ]);
        }
        let mut header = Vec::new();
        if side_label {
            header.push(Cell::empty().open_bottom());
        }
        for (level, h) in level_headers.iter().enumerate() {
            header.push(Cell::label(h.clone()));
            if level < weight_columns {
                header.push(Cell::label(weight_header.clone()));
            }
        }
        header.extend(cols.iter().map(|(_, h)| Cell::label(h.clone())));
        let header_rows = 1 + rubric_head.len();
        table_rows.extend(rubric_head);
        table_rows.push(header);

        for (k, (n, r, (l1, l2))) in rows.iter().enumerate() {
            let mut cells = Vec::new();
            if side_label && k == 0 {
                cells.push(
                    Cell::label(self.label(|x| x.indicators.as_ref())).rows(rows.len()).vertical().open_top(),
                );
            }
            if depth >= 1 {
                let first = k == 0 || rows[k - 1].2.0 != *l1;
                if first {
                    let span = rows[k..].iter().take_while(|x| x.2.0 == *l1).count();
                    let mut text = vec![l1.clone()];
                    if level1_weight {
                        let w = f.level1.iter().find(|x| x.name == *l1).map(|x| x.weight).unwrap_or_default();
                        text.push(format!(
                            "（{}分）",
                            self.put(
                                format!("附件2.{l1}.分值"),
                                format!("{l1}分值"),
                                super::num::plain(w),
                                true
                            )
                        ));
                    }
                    cells.push(Cell { text, ..Cell::label(String::new()) }.rows(span));
                    if weight_columns >= 1 {
                        let w = f.level1.iter().find(|x| x.name == *l1).map(|x| x.weight).unwrap_or_default();
                        // A group of placeholder rows has no weight to print, never 0.
                        let weighted =
                            rows[k..k + span].iter().any(|x| x.1.weight.is_some() || x.1.from.is_some());
                        let shown = if weighted {
                            self.put(
                                format!("附件2.{l1}.分值"),
                                format!("{l1}分值"),
                                super::num::plain(w),
                                true,
                            )
                        } else {
                            String::new()
                        };
                        cells.push(Cell::value(shown).rows(span));
                    }
                }
            }
            if depth >= 2 {
                let first = k == 0 || rows[k - 1].2.0 != *l1 || rows[k - 1].2.1 != *l2;
                if first {
                    let span = rows[k..].iter().take_while(|x| x.2.0 == *l1 && x.2.1 == *l2).count();
                    let weight = || {
                        let w = f
                            .level2
                            .iter()
                            .find(|x| x.level1 == *l1 && x.name == *l2)
                            .map(|x| x.weight)
                            .unwrap_or_default();
                        self.put(
                            format!("附件2.{l1}.{l2}.分值"),
                            format!("{l1}{l2}分值"),
                            super::num::plain(w),
                            true,
                        )
                    };
                    let mut text = vec![l2.clone()];
                    // A group of placeholder rows has no weight to print, never “（0分）”.
                    let weighted =
                        rows[k..k + span].iter().any(|x| x.1.weight.is_some() || x.1.from.is_some());
                    if level2_weight && weighted && !l2.is_empty() {
                        text.push(format!("（{}分）", weight()));
                    }
                    cells.push(Cell { text, ..Cell::label(String::new()) }.rows(span));
                    if weight_columns >= 2 {
                        let shown = if weighted { weight() } else { String::new() };
                        cells.push(Cell::value(shown).rows(span));
                    }
                }
            }
            let name = r.name.value.trim().to_string();
            let own_weight = self.row_weight(r);
            // The weight on the name's line, as the forms print it (“预算执行率（5分）”): a line
            // of its own would start with a bracket, which the line breaker keeps off a line
            // start only inside one text.
            let mut shown = name.clone();
            if name_weight && let Some(w) = own_weight {
                let weight = self.put(
                    format!("附件2.指标{}.{}", n + 1, Field::Weight.name()),
                    format!("“{name}”{weight_header}"),
                    super::num::plain(w.value),
                    false,
                );
                shown.push_str(&format!("（{weight}分）"));
            }
            cells.push(Cell::text(shown));
            for (field, header) in &cols {
                cells.push(self.indicator_cell(*n, r, *field, header, &name));
            }
            table_rows.push(cells);
        }

        // Each 一级指标's 分值, 得分 and 等级, for a text or a results table to cite.
        if depth >= 1 {
            for l in f.level1.iter().filter(|l| !l.name.is_empty()) {
                let name = &l.name;
                self.offer(
                    format!("附件2.{name}.分值"),
                    format!("{name}分值"),
                    super::num::plain(l.weight),
                    true,
                );
                if let Some(s) = l.score {
                    self.offer(format!("附件2.{name}.得分"), format!("{name}得分"), self.fmt.score(s), true);
                }
                if let Some(g) = l.grade() {
                    self.offer(
                        format!("附件2.{name}.等级"),
                        format!("{name}等级"),
                        super::grade_word(i, g),
                        true,
                    );
                }
            }
        }
        if scored(i) {
            self.offer("附件2.总分值", "总分值", super::num::plain(f.total_weight), true);
        }
        let width = usize::from(side_label) + depth + weight_columns + 1 + cols.len();
        let label_span = (usize::from(side_label) + depth + weight_columns).max(1);
        table_rows.extend(self.extra_rows(RowPlace::BeforeTotal, label_span, width));
        let mut footer_rows = 0;
        let weight_at = cols.iter().position(|(c, _)| *c == Field::Weight);
        if scored(i) && variant != FormVariant::Chongqing && !i.hidden(crate::input::Piece::TotalRow) {
            let lead = usize::from(side_label) + depth + weight_columns + 1;
            let total_label = self.label(|x| x.total_score.as_ref());
            let mut footer = Vec::new();
            let first_value =
                weight_at.unwrap_or_else(|| cols.iter().position(|(c, _)| *c == Field::Score).unwrap_or(0));
            footer.push(Cell::label(total_label).cols(lead + first_value));
            for (field, _) in cols.iter().skip(first_value) {
                footer.push(match field {
                    Field::Weight => Cell::value(self.put(
                        "附件2.总分值",
                        "总分值",
                        super::num::plain(f.total_weight),
                        true,
                    )),
                    Field::Score => Cell::value(self.put_opt(
                        "附件2.总得分",
                        "总得分",
                        f.total_score.map(|s| self.fmt.score(s)),
                        true,
                    )),
                    Field::Grade => Cell::text_center(self.put_opt(
                        "附件2.评价等级",
                        "自评表评价等级",
                        f.total_score.and(super::printed_grade(i, f)),
                        true,
                    )),
                    _ => Cell::empty(),
                });
            }
            table_rows.push(footer);
            footer_rows = 1;
        }
        // Rows after the 总分 make the table end in them: the 总分 is then a row like the others.
        let end = self.extra_rows(RowPlace::End, label_span, width);
        if !end.is_empty() {
            footer_rows = 0;
            table_rows.extend(end);
        }
        let mut columns = Vec::new();
        if side_label {
            columns.push(Column::fixed());
        }
        columns.extend((0..depth + weight_columns).map(|_| Column::fixed()));
        // The name column shares the width with the columns of long text (指标解释, 评分标准),
        // which hold more than the names do.
        let long_text = cols.iter().any(|(f, _)| matches!(f, Field::Explanation | Field::Criteria));
        columns.push(Column::grow(if long_text { 2 } else { 3 }));
        columns.extend(cols.iter().map(|(field, _)| match field {
            Field::Analysis | Field::Explanation | Field::Criteria => Column::grow(2),
            _ => Column::fixed(),
        }));
        Table { columns, rows: table_rows, header_rows, footer_rows, inset: [3.0, 4.0] }
    }

    /// A row's weight: the execution row's is `execution_weight`.
    fn row_weight<'r>(&'r self, r: &'r Indicator) -> Option<&'r crate::input::Number> {
        match r.from.as_ref().map(|c| c.value) {
            Some(Generated::Execution) => self.input.attachment2.execution_weight.as_ref(),
            _ => r.weight.as_ref(),
        }
    }

    fn indicator_cell(&self, n: usize, r: &Indicator, field: Field, header: &str, name: &str) -> Cell {
        let f = self.f;
        let key = format!("附件2.指标{}.{}", n + 1, field.name());
        let label = format!("“{name}”{header}");
        let from = r.from.as_ref().map(|c| c.value);
        let sat = self.input.satisfaction.as_ref();
        match field {
            Field::Unit => Cell::text_center(text(&r.unit)),
            Field::Nature => Cell::text_center(text(&r.nature)),
            Field::Core => Cell::text_center(match r.core {
                Some(true) => "是",
                Some(false) => "否",
                None => "",
            }),
            Field::Target => Cell::text_center(match (from, sat) {
                (Some(Generated::Satisfaction), Some(s)) => {
                    self.put(key, label, format!("≥{}%", super::num::plain(s.target.value)), false)
                }
                _ => text(&r.target),
            }),
            Field::TargetAdjusted => Cell::text_center(text(&r.target_adjusted)),
            Field::Actual => Cell::text_center(match (from, sat) {
                (Some(Generated::Satisfaction), Some(s)) => {
                    self.put(key, label, format!("{}%", super::num::plain(s.rate.value)), false)
                }
                (Some(Generated::Execution), _) => {
                    f.execution_rate.map(|x| self.put(key, label, self.fmt.rate(x), true)).unwrap_or_default()
                }
                _ => text(&r.actual),
            }),
            Field::Weight => Cell::value(
                self.row_weight(r)
                    .map(|w| self.put(key, label, super::num::plain(w.value), false))
                    .unwrap_or_default(),
            ),
            Field::Coefficient => Cell::value(
                r.coefficient
                    .as_ref()
                    .map(|c| self.put(key, label, super::num::plain(c.value), false))
                    .unwrap_or_default(),
            ),
            Field::Score => Cell::value(
                f.scores
                    .get(n)
                    .copied()
                    .flatten()
                    .map(|s| self.put(key, label, self.fmt.score(s), r.score.is_none()))
                    .unwrap_or_default(),
            ),
            Field::Grade => Cell::text_center(
                f.row_grades
                    .get(n)
                    .copied()
                    .flatten()
                    .map(|g| self.put(key, label, super::grade_word(self.input, g), true))
                    .unwrap_or_default(),
            ),
            Field::Analysis => Cell::text(text(&r.analysis)),
            Field::Explanation => Cell::text(text(&r.explanation)),
            Field::Criteria => Cell::text(text(&r.criteria)),
        }
    }
}
