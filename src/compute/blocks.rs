//! The body: the outline placed and numbered, and one small function per generated block.
//!
//! A block returns paragraphs and unnumbered items; [`Ctx::outline`] numbers the headings by
//! their level's pattern and the items of each section from 1. Every figure a block prints goes
//! through the registry (`Ctx::put` and the helpers below), with a stable key and a label.

use rust_decimal::Decimal;

use super::figures::{Change, Columns, ComponentFigures};
use super::{Block, Ctx, Printed, sentence, text};
use crate::input::{BlockKind, Content, Generated, Level3Numbering, Text};

/// What a block yields before numbering.
pub(crate) enum Piece {
    P(String),
    Item {
        lead: String,
        text: String,
    },
    /// A table of the outline, already a block (it takes no number).
    Block(Block),
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九.
pub fn chinese_numeral(n: usize) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n - 10] }),
        20..=99 => format!("{}十{}", D[n / 10], if n.is_multiple_of(10) { "" } else { D[n % 10] }),
        _ => n.to_string(),
    }
}

/// ① … ⑳, then the number in parentheses.
fn circled(n: usize) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n as u32 - 1).map_or_else(|| n.to_string(), String::from),
        _ => format!("({n})"),
    }
}

/// A number pattern filled in: `{一}`, `{1}` or `{①}` stands for the number.
pub(crate) fn number(pattern: &str, n: usize) -> String {
    pattern.replace("{一}", &chinese_numeral(n)).replace("{1}", &n.to_string()).replace("{①}", &circled(n))
}

impl Ctx<'_> {
    /// The number patterns of the four levels (the report's `level3_numbering` wins for level 3).
    fn patterns(&self) -> [String; 4] {
        let given: Vec<String> = self
            .input
            .pick(|l| l.settings.numbering.as_ref())
            // A pattern keeps its trailing space (“{一}　” for “一　绩效管理工作开展情况”).
            .map(|v| v.iter().map(|t| t.value.trim_start().to_string()).collect())
            .unwrap_or_default();
        let default = ["{一}、", "（{一}）", "{1}.", "（{1}）"];
        let mut p: [String; 4] =
            std::array::from_fn(|i| given.get(i).cloned().unwrap_or_else(|| default[i].to_string()));
        // `level3_numbering` wins over `numbering` of its own layer or a farther one (a template
        // with decimal `numbering` based on one that writes “1、” keeps its own level 3).
        let layers = self.input.layers();
        let numbering_at = layers.iter().position(|l| l.settings.numbering.is_some()).unwrap_or(usize::MAX);
        let level3_at = layers.iter().position(|l| l.settings.level3_numbering.is_some());
        if let Some(l3) = level3_at
            .filter(|at| *at <= numbering_at)
            .and_then(|at| layers[at].settings.level3_numbering.as_ref())
        {
            p[2] = match l3.value {
                Level3Numbering::Dot => "{1}.".into(),
                Level3Numbering::Comma => "{1}、".into(),
            };
        }
        p
    }

    /// The body: the preamble, then every section with its heading numbered and its content.
    pub(crate) fn outline(&self) -> Vec<Block> {
        let patterns = self.patterns();
        let mut out = Vec::new();
        if let Some(intro) = &self.input.report.intro
            && !intro.is_blank()
        {
            out.push(Block::P { text: intro.value.trim().to_string() });
        }
        // `[settings] numbering_start`: the first number of each level (“十三、” for a report
        // that continues a 决算 disclosure); a level starts again from it under a new parent.
        let start: Vec<usize> = self
            .input
            .pick(|l| l.settings.numbering_start.as_ref())
            .map(|v| v.iter().map(|n| usize::try_from(n.value.trunc()).unwrap_or(1).max(1)).collect())
            .unwrap_or_default();
        let first = |level: usize| start.get(level).copied().unwrap_or(1);
        let mut counters: [usize; 4] = std::array::from_fn(|i| first(i) - 1);
        for section in self.input.outline() {
            let level = section
                .level
                .as_ref()
                .and_then(|n| usize::try_from(n.value.trunc()).ok())
                .unwrap_or(1)
                .clamp(1, 4);
            counters[level - 1] += 1;
            for (i, c) in counters.iter_mut().enumerate().skip(level) {
                *c = first(i) - 1;
            }
            let heading = format!(
                "{}{}",
                super::numbering::fill(&patterns[level - 1], &counters[..level]),
                section.heading.value.trim()
            );
            out.push(Block::Heading { level: level as u8, text: heading });
            let item_pattern = &patterns[(level).clamp(2, 3)];
            let mut n = 0;
            for piece in section.content.iter().flat_map(|c| self.content(c)) {
                match piece {
                    Piece::P(text) => out.push(Block::P { text }),
                    Piece::Block(b) => out.push(b),
                    Piece::Item { lead, text } => {
                        n += 1;
                        let chain: Vec<usize> = counters[..level].iter().copied().chain([n]).collect();
                        out.push(Block::Item {
                            number: super::numbering::fill(item_pattern, &chain),
                            lead,
                            text,
                        });
                    }
                }
            }
        }
        out
    }

    fn content(&self, c: &Content) -> Vec<Piece> {
        let own = |t: &Text| t.value.trim().to_string();
        match c {
            Content::Paragraph(t) => vec![Piece::P(own(t))],
            Content::Item { text, lead, .. } => {
                vec![Piece::Item { lead: lead.as_ref().map(own).unwrap_or_default(), text: own(text) }]
            }
            Content::Items { items, .. } => {
                items.iter().map(|t| Piece::Item { lead: String::new(), text: own(t) }).collect()
            }
            Content::Block { block, variant, .. } => {
                let variant = variant.as_ref().map(|v| v.value.trim()).unwrap_or("");
                self.block(block.value, variant)
            }
            Content::Table(t) => vec![Piece::Block(outline_table(t))],
        }
    }

    pub(crate) fn block(&self, kind: BlockKind, variant: &str) -> Vec<Piece> {
        // Blocks worded by patterns only register their figures while the catalogue is made;
        // then the pattern words them, from the report's `[sentences]` or its templates'.
        if self.scratch {
            match kind {
                BlockKind::Vehicles => return self.vehicle_figures(),
                BlockKind::Conclusion => return self.conclusion_figures(),
                _ => {}
            }
        } else if let Some(patterns) = self.sentence_patterns(kind, variant) {
            return self.worded(kind, patterns);
        }
        let numbered = variant != "段落";
        match kind {
            BlockKind::Staff => self.staff(),
            BlockKind::Retirees => self.retirees(),
            // Worded by the templates' patterns only (`[sentences]` of hunan-2020.toml).
            BlockKind::Vehicles | BlockKind::Conclusion => vec![],
            BlockKind::BudgetUnits => self.budget_units(),
            BlockKind::Departments => {
                self.named_list("内设机构", &self.input.organization().departments, "内设机构".into())
            }
            BlockKind::Subordinates => self.named_list(
                "下属单位",
                &self.input.organization().subordinates,
                text(&self.input.organization().subordinates_label),
            ),
            BlockKind::Duties => list(&self.input.organization().duties, numbered),
            BlockKind::Basic => self.basic(),
            BlockKind::Projects => self.projects(variant == "列出项目"),
            BlockKind::GovernmentFund => self.fund("政府性基金预算支出", &self.input.funds.government_fund),
            BlockKind::StateCapital => self.fund("国有资本经营预算支出", &self.input.funds.state_capital),
            BlockKind::SocialInsurance => {
                self.fund("社会保险基金预算支出", &self.input.funds.social_insurance)
            }
            BlockKind::Overview => {
                let mut v = vec![Piece::P(format!("{}年部门决算收支完成情况如下：", self.year))];
                v.extend(self.carryover());
                v.extend(self.income(false));
                v.extend(self.spending(false));
                v.extend(self.closing_balance());
                v
            }
            BlockKind::Carryover => self.carryover_with(variant == "冒号"),
            BlockKind::Income => self.income(variant == "同比"),
            BlockKind::Spending => self.spending(variant == "分类"),
            BlockKind::Closing => self.closing_with(variant == "冒号"),
            BlockKind::Sangong => vec![Piece::P(self.sangong(variant == "合计"))],
            BlockKind::Satisfaction => {
                let s = self.satisfaction();
                if s.is_empty() { vec![] } else { vec![Piece::P(s)] }
            }
            BlockKind::Goals => self.goals(),
            BlockKind::Achievements => self.achievements(),
            BlockKind::Problems => list(&self.input.closing().problems, numbered),
            BlockKind::Measures => list(&self.input.closing().measures, numbered),
            BlockKind::Application => list(&self.input.closing().application, false),
        }
    }

    // --- registry helpers ------------------------------------------------------------------

    /// An amount from the file, printed with 万元.
    fn amt(&self, key: &str, label: &str, d: Decimal) -> String {
        self.put(key, label, format!("{}万元", self.fmt.amount(d)), false)
    }
    /// A computed amount, printed with 万元.
    fn amt_derived(&self, key: &str, label: &str, d: Decimal) -> String {
        self.put(key, label, format!("{}万元", self.fmt.amount(d)), true)
    }
    /// A count from the file, with its unit.
    fn count(&self, key: &str, label: &str, d: Decimal, unit: &str) -> String {
        self.put(key, label, format!("{}{unit}", super::num::plain(d)), false)
    }

    /// “增加X万元，增长Y%” / “减少X万元，下降Y%”, both printed positive, both registered.
    fn movement(&self, key: &str, label: &str, c: &Change) -> String {
        let (more, grow) = if c.amount > Decimal::ZERO { ("增加", "增长") } else { ("减少", "下降") };
        let amount = self.put(
            format!("{key}.增减额"),
            format!("{label}增减额"),
            format!("{more}{}万元", self.fmt.amount(c.amount.abs())),
            true,
        );
        match c.rate {
            Some(rate) => {
                let rate = self.put(
                    format!("{key}.增减幅度"),
                    format!("{label}增减幅度"),
                    format!("{grow}{}", self.fmt.growth(rate)),
                    true,
                );
                format!("{amount}，{rate}")
            }
            None => amount,
        }
    }

    /// Against last year; “” when last year is not stated (unknown is not zero).
    fn against_last_year(&self, key: &str, label: &str, c: &Option<Change>, lead: &str) -> String {
        let Some(c) = c else { return String::new() };
        if c.from.is_zero() && c.to.is_zero() {
            return "上年度和本年度均无该项支出".into();
        }
        if c.from.is_zero() {
            return "上年度无该项支出".into();
        }
        if c.amount.is_zero() {
            return "与上年持平".into();
        }
        format!("{lead}{}", self.movement(&format!("{key}.较上年"), &format!("{label}较上年"), c))
    }

    // --- 一、单位基本情况 ---------------------------------------------------------------------

    fn staff(&self) -> Vec<Piece> {
        let org = self.input.organization();
        let y = &self.year;
        let f = self.f;
        let kinds: Vec<String> = org
            .staffing
            .iter()
            .map(|s| {
                let kind = s.kind.value.trim();
                let n = self.count(&format!("编制.{kind}"), &format!("{kind}编制数"), s.count.value, "名");
                match &s.note {
                    Some(note) if !note.is_blank() => format!("{kind}{n}（{}）", note.value.trim()),
                    _ => format!("{kind}{n}"),
                }
            })
            .collect();
        let mut out = Vec::new();
        let in_service =
            org.in_service.as_ref().map(|n| self.count("在职人数", "年末在职人员实有人数", n.value, "人"));
        if !org.staffing.is_empty() {
            let posts = self.put(
                "编制数",
                "人员编制数",
                format!("{}名", super::num::plain(f.posts)),
                org.staffing.len() > 1,
            );
            let mut s = format!("{}{y}年末人员编制数{posts}，其中，{}", self.dept, kinds.join("，"));
            if let Some(n) = in_service {
                s.push_str(&format!("；年末在职人员实有人数{n}"));
            }
            s.push('。');
            out.push(Piece::P(s));
        } else if let Some(n) = in_service {
            out.push(Piece::P(format!("{}{y}年末在职人员实有人数{n}。", self.dept)));
        }
        if let Some(s) = &org.seconded {
            let n = self.count("派驻人数", &format!("{}人数", s.unit.value.trim()), s.count.value, "人");
            out.push(Piece::P(format!("{}{n}相关经费在{}列支。", s.unit.value.trim(), self.short)));
        }
        out
    }

    fn retirees(&self) -> Vec<Piece> {
        let org = self.input.organization();
        let y = &self.year;
        let mut parts: Vec<String> = Vec::new();
        if let Some(n) = &org.retired {
            parts.push(format!("退休人员{}", self.count("退休人数", "退休人员", n.value, "人")));
        }
        for r in &org.retirees {
            let kind = r.kind.value.trim().trim_end_matches("人员");
            let n = self.count(&format!("{kind}人数"), &format!("{kind}人员"), r.count.value, "人");
            parts.push(format!("{kind}人员{n}"));
        }
        if parts.is_empty() {
            return vec![];
        }
        vec![Piece::P(format!("{}{y}年末有{}。", self.dept, parts.join("、")))]
    }

    /// 车辆: the two counts; the wording is the `[sentences]` pattern.
    fn vehicle_figures(&self) -> Vec<Piece> {
        let org = self.input.organization();
        if let Some(n) = &org.vehicles_authorized {
            self.count("车辆编制", "车辆编制数", n.value, "辆");
        }
        if let Some(n) = &org.vehicles_actual {
            self.count("实有车辆", "实有车辆数", n.value, "辆");
        }
        vec![]
    }

    fn budget_units(&self) -> Vec<Piece> {
        let org = self.input.organization();
        if org.budget_units.is_empty() {
            return vec![];
        }
        let n = self.put("决算单位数", "纳入决算编报的单位数", format!("{}个", org.budget_units.len()), true);
        let note = text(&org.budget_units_note);
        let names: Vec<&str> = org.budget_units.iter().map(|t| t.value.trim()).collect();
        let mut s = format!("纳入本部门{}年度部门决算编报的单位共{n}", self.year);
        if names.len() > 1 {
            s.push_str(&format!("，分别是{}", names.join("、")));
        }
        if !note.is_empty() {
            s.push_str(&format!("，{note}"));
        }
        vec![Piece::P(sentence(&s))]
    }

    /// 内设机构 or 下属单位: the count from the list, then the names.
    fn named_list(&self, key: &str, names: &[Text], what: String) -> Vec<Piece> {
        if names.is_empty() {
            return vec![];
        }
        let what = if what.is_empty() { key.to_string() } else { what };
        let n = self.put(format!("{key}数"), format!("{what}数"), format!("{}个", names.len()), true);
        let list: Vec<&str> = names.iter().map(|t| t.value.trim()).collect();
        vec![Piece::P(format!("{}设有{what}{n}：{}。", self.dept, list.join("、")))]
    }

    // --- 二、一般公共预算支出情况 ------------------------------------------------------------

    fn basic(&self) -> Vec<Piece> {
        let b = self.input.basic();
        let f = self.f;
        let y = &self.year;
        let total = self.amt_derived("基本支出", "基本支出", f.basic_actual);
        let change = self.against_last_year("基本支出", "基本支出", &f.basic, "较上年");
        let first = if change.is_empty() {
            format!("{}{y}年基本支出{total}。", text(&b.definition))
        } else {
            format!("{}{y}年基本支出{total}，{change}。", text(&b.definition))
        };
        let mut para = String::new();
        for (name, lead, c, fig) in [
            ("人员经费", "基本支出中", &b.personnel, &f.personnel),
            ("日常公用经费", "", &b.public, &f.public),
            ("资本性支出", "", &b.capital, &f.capital),
        ] {
            para.push_str(&self.component(name, lead, c, fig));
        }
        vec![Piece::P(first), Piece::P(para)]
    }

    fn component(
        &self,
        name: &str,
        lead: &str,
        c: &crate::input::Component,
        fig: &ComponentFigures,
    ) -> String {
        let desc = text(&c.description);
        let shown = if desc.is_empty() { name.to_string() } else { format!("{name}（{desc}）") };
        let lead = if lead.is_empty() { format!("{}年", self.year) } else { lead.to_string() };
        let amount = self.amt(&format!("{name}.本年"), &format!("{name}本年决算数"), fig.actual);
        let mut parts = vec![format!("{lead}{shown}{amount}")];
        if let Some(s) = fig.share {
            let share = self.put(
                format!("{name}.占基本支出"),
                format!("{name}占基本支出的比例"),
                self.fmt.share(s),
                true,
            );
            parts.push(format!("占基本支出的{share}"));
        }
        let change = self.against_last_year(name, name, &fig.change, "较上年");
        if !change.is_empty() {
            parts.push(change);
        }
        let reason = text(&c.reason);
        if !reason.is_empty() {
            parts.push(reason);
        }
        format!("{}。", parts.join("，"))
    }

    fn projects(&self, list: bool) -> Vec<Piece> {
        let p = self.input.projects();
        let f = self.f;
        let total = self.amt_derived("项目支出", "项目支出", f.projects.actual.unwrap_or_default());
        let mut parts = vec![format!("{}{}年项目支出{total}", text(&p.definition), self.year)];
        let change = self.against_last_year("项目支出", "项目支出", &f.project_change, "比上年");
        if !change.is_empty() {
            parts.push(change);
        }
        let reason = text(&p.reason);
        if !reason.is_empty() {
            parts.push(reason);
        }
        let mut s = format!("{}。", parts.join("，"));
        if list {
            let items = self.project_list();
            if !items.is_empty() {
                s.push_str(&format!("其中：{}。", items.join("，")));
            }
        }
        vec![Piece::P(s)]
    }

    /// “业务工作经费669.35万元” for every project with spending.
    fn project_list(&self) -> Vec<String> {
        self.input
            .projects()
            .items
            .iter()
            .filter(|l| !super::is_placeholder_name(&l.name.value))
            .filter_map(|l| {
                let a = l.actual.as_ref()?;
                (!a.value.is_zero()).then(|| {
                    let name = l.name.value.trim();
                    format!(
                        "{name}{}",
                        self.amt(&format!("项目.{name}.本年"), &format!("{name}本年决算数"), a.value)
                    )
                })
            })
            .collect()
    }

    fn fund(&self, name: &str, value: &Option<crate::input::Number>) -> Vec<Piece> {
        let v = value.as_ref().map_or(Decimal::ZERO, |v| v.value);
        let y = &self.year;
        if v.is_zero() {
            vec![Piece::P(format!("{y}年无{name}。"))]
        } else {
            vec![Piece::P(format!("{y}年{name}{}。", self.amt(name, name, v)))]
        }
    }

    // --- 部门整体支出概况 ------------------------------------------------------------------------

    fn carryover(&self) -> Vec<Piece> {
        self.carryover_with(false)
    }

    /// “年初结转和结余157.06万元，……”, or with a colon as the county outline writes its items.
    fn carryover_with(&self, colon: bool) -> Vec<Piece> {
        let fin = self.input.finance();
        let amount = self.amt("年初结转和结余", "年初结转和结余", fin.carryover.value);
        let note = text(&fin.carryover_note);
        let head = if colon {
            format!("年初结转和结余：{amount}")
        } else {
            format!("年初结转和结余{amount}")
        };
        let t = if note.is_empty() {
            head
        } else if colon {
            format!("{head}。{}", sentence(&note))
        } else {
            format!("{head}，{note}")
        };
        vec![Piece::Item { lead: String::new(), text: sentence(&t) }]
    }

    fn income(&self, year_on_year: bool) -> Vec<Piece> {
        let fin = self.input.finance();
        let f = self.f;
        let total = self.amt_derived("总收入", "总收入", f.income_total);
        let t = if year_on_year {
            let mut t = format!("收入：{total}。");
            if let Some(c) = &f.income_change
                && !c.from.is_zero()
            {
                let m = if c.amount.is_zero() {
                    "与上年度持平".to_string()
                } else {
                    format!("同比上年度{}", self.movement("总收入.同比", "总收入同比", c))
                };
                t.push_str(&format!("{m}。"));
            }
            let lines: Vec<String> = fin
                .income
                .iter()
                .map(|line| {
                    let name = line.name.value.trim();
                    let amount = self.amt(&format!("收入.{name}"), name, line.amount.value);
                    match line.last_year.as_ref().map(|l| Change::new(l.value, line.amount.value)) {
                        Some(c) if c.from.is_zero() => format!("{name}{amount}，上年度无该项收入"),
                        Some(c) if c.amount.is_zero() => format!("{name}{amount}，与上年度持平"),
                        Some(c) => {
                            format!(
                                "{name}{amount}，同比{}",
                                self.movement(&format!("收入.{name}.同比"), &format!("{name}同比"), &c)
                            )
                        }
                        None => format!("{name}{amount}"),
                    }
                })
                .collect();
            if !lines.is_empty() {
                t.push_str(&format!("其中：{}。", lines.join("；")));
            }
            t
        } else {
            let lines: Vec<String> = fin
                .income
                .iter()
                .zip(&f.income_shares)
                .map(|(line, share)| {
                    let name = line.name.value.trim();
                    let amount = self.amt(&format!("收入.{name}"), name, line.amount.value);
                    match share {
                        Some(s) => {
                            let s = self.put(
                                format!("收入.{name}.占比"),
                                format!("{name}占总收入的比例"),
                                self.fmt.share(*s),
                                true,
                            );
                            format!("{name}{amount}，占总收入的{s}")
                        }
                        None => format!("{name}{amount}"),
                    }
                })
                .collect();
            format!("总收入：{total}。其中{}。", lines.join("，"))
        };
        vec![Piece::Item { lead: String::new(), text: t }]
    }

    fn spending(&self, by_kind: bool) -> Vec<Piece> {
        let f = self.f;
        let total = self.amt_derived("总支出", "总支出", f.total_spending);
        let t = if by_kind {
            let mut parts = vec![
                format!(
                    "人员经费支出{}",
                    self.amt("人员经费.本年", "人员经费本年决算数", f.personnel.actual)
                ),
                format!(
                    "公用经费支出{}",
                    self.amt("日常公用经费.本年", "日常公用经费本年决算数", f.public.actual)
                ),
            ];
            if !f.capital.actual.is_zero() {
                parts.push(format!(
                    "资本性支出{}",
                    self.amt("资本性支出.本年", "资本性支出本年决算数", f.capital.actual)
                ));
            }
            parts.push(format!(
                "项目支出{}",
                self.amt_derived("项目支出", "项目支出", f.projects.actual.unwrap_or_default())
            ));
            let mut t = format!("支出：{total}。其中：{}。", parts.join("，"));
            let items = self.project_list();
            if !items.is_empty() {
                t.push_str(&format!("项目支出包括：{}。", items.join("，")));
            }
            t
        } else {
            let rate = f
                .execution_rate
                .map(|r| {
                    format!("，预算执行率{}", self.put("预算执行率", "预算执行率", self.fmt.rate(r), true))
                })
                .unwrap_or_default();
            format!("总支出：{total}{rate}。")
        };
        vec![Piece::Item { lead: String::new(), text: t }]
    }

    fn closing_balance(&self) -> Vec<Piece> {
        self.closing_with(false)
    }

    /// 年末结转和结余; spending above the budget is worded, never printed with a minus sign.
    fn closing_with(&self, colon: bool) -> Vec<Piece> {
        let fin = self.input.finance();
        let f = self.f;
        let note = text(&fin.closing_note);
        let t = if f.closing_balance.is_sign_negative() && !f.closing_balance.is_zero() {
            let over = self.amt_derived("超支", "支出超过全年预算数", -f.closing_balance);
            format!("本年度支出超过全年预算数{over}，年末无结转和结余。")
        } else {
            let amount = self.amt_derived("年末结转和结余", "年末结转和结余", f.closing_balance);
            if colon {
                format!("年末结转和结余：{amount}。")
            } else {
                format!("本年度年末结转和结余{amount}。")
            }
        };
        let t = if note.is_empty() { t } else { format!("{t}{}", sentence(&note)) };
        vec![Piece::Item { lead: String::new(), text: t }]
    }

    // --- 三公, 满意度, 目标, 绩效, 结论 -------------------------------------------------------------

    /// “三公”经费支出情况: item by item against the budget and last year, or the total first.
    pub(crate) fn sangong(&self, total_first: bool) -> String {
        let sg = self.input.sangong();
        let mut parts = Vec::new();
        for (name, item) in [
            ("公务用车购置", &sg.vehicle_purchase),
            ("公务用车运行维护费", &sg.vehicle_operation),
            ("因公出国（境）费", &sg.overseas),
            ("公务接待费", &sg.reception),
        ] {
            let last = item.last_year.as_ref().map(|n| n.value);
            let (budget, actual) = (item.budget.value, item.actual.value);
            // Item by item, one that is nil in every column is left out; the total-first
            // wording names all four, as reports do (“因公出国（境）费0.00万元”).
            if !total_first && last.unwrap_or_default().is_zero() && budget.is_zero() && actual.is_zero() {
                continue;
            }
            let key = format!("三公.{name}");
            let mut s = if total_first {
                format!("{name}{}", self.amt(&format!("{key}.本年"), &format!("{name}本年决算数"), actual))
            } else {
                let mut s = format!(
                    "{name}，本年度决算数为{}，{}",
                    self.amt(&format!("{key}.本年"), &format!("{name}本年决算数"), actual),
                    self.against_budget(&key, name, &Change::new(budget, actual)),
                );
                if let Some(last) = last {
                    s.push_str(&format!(
                        "，{}",
                        self.against_last_year_actual(&key, name, &Change::new(last, actual))
                    ));
                }
                s
            };
            let note = text(&item.note);
            let count = match (&item.batches, &item.visitors) {
                (Some(b), Some(v)) => format!(
                    "国内公务接待{}，接待{}",
                    self.count("三公.公务接待.批次", "国内公务接待批次", b.value, "批次"),
                    self.count("三公.公务接待.人次", "国内公务接待人次", v.value, "人次")
                ),
                (Some(b), None) => {
                    format!(
                        "国内公务接待{}",
                        self.count("三公.公务接待.批次", "国内公务接待批次", b.value, "批次")
                    )
                }
                (None, Some(v)) => {
                    format!("接待{}", self.count("三公.公务接待.人次", "国内公务接待人次", v.value, "人次"))
                }
                (None, None) => String::new(),
            };
            if total_first {
                let extra: Vec<&str> = [note.trim_end_matches('。'), count.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                if !extra.is_empty() {
                    s.push_str(&format!("（{}）", extra.join("，")));
                }
            } else {
                match (note.is_empty(), count.is_empty()) {
                    (true, true) => s.push('。'),
                    (false, true) => s.push_str(&format!("；{}", sentence(&note))),
                    (true, false) => s.push_str(&format!("。{count}。")),
                    (false, false) => s.push_str(&format!("。{}，{count}。", note.trim_end_matches('。'))),
                }
            }
            parts.push(s);
        }
        if total_first {
            let f = self.f;
            let actual = f.sangong.actual.unwrap_or_default();
            let budget = f.sangong.budget.unwrap_or_default();
            let mut head = format!(
                "{}年“三公”经费支出{}",
                self.year,
                self.amt_derived("三公.合计.本年", "“三公”经费本年决算数", actual)
            );
            if !budget.is_zero() {
                head.push_str(&format!(
                    "，{}",
                    self.against_budget("三公.合计", "“三公”经费", &Change::new(budget, actual))
                ));
            }
            if let Some(last) = f.sangong.last_year {
                head.push_str(&format!(
                    "，{}",
                    self.against_last_year_actual("三公.合计", "“三公”经费", &Change::new(last, actual))
                ));
            }
            if actual.is_zero() && budget.is_zero() && f.sangong.last_year.unwrap_or_default().is_zero() {
                return format!("{}年无“三公”经费支出。", self.year);
            }
            format!("{head}。其中：{}。", parts.join("，"))
        } else {
            let mut out = String::from("“三公”经费支出情况：");
            if parts.is_empty() {
                out.push_str("本年度和上年度均无“三公”经费支出。");
            } else {
                out.push_str(&parts.concat());
            }
            out
        }
    }

    fn against_budget(&self, key: &str, name: &str, c: &Change) -> String {
        if c.from.is_zero() {
            return "本年未安排预算".into();
        }
        let budget = self.amt(&format!("{key}.预算"), &format!("{name}本年预算数"), c.from);
        if c.amount.is_zero() {
            return format!("与本年预算数{budget}一致");
        }
        format!(
            "比本年预算数的{budget}{}",
            self.movement(&format!("{key}.比预算"), &format!("{name}比本年预算数"), c)
        )
    }

    fn against_last_year_actual(&self, key: &str, name: &str, c: &Change) -> String {
        if c.from.is_zero() {
            return "上年度无该项支出".into();
        }
        let last = self.amt(&format!("{key}.上年"), &format!("{name}上年决算数"), c.from);
        if c.amount.is_zero() {
            return format!("与上年度决算数{last}持平");
        }
        format!(
            "比上年度决算数的{last}{}",
            self.movement(&format!("{key}.比上年"), &format!("{name}比上年度决算数"), c)
        )
    }

    pub(crate) fn satisfaction(&self) -> String {
        match &self.input.satisfaction {
            Some(s) => {
                let reached = s.rate.value >= s.target.value;
                let rate =
                    self.put("满意度", "满意度", format!("{}%", super::num::plain(s.rate.value)), false);
                let object = s.object.as_ref().map_or("对单位", |o| o.value.trim());
                let object =
                    if object.starts_with('对') { object.to_string() } else { format!("对{object}") };
                format!(
                    "{}{object}的满意度为{rate}，{}。",
                    s.subject.value.trim(),
                    if reached {
                        "达到了预期目标".to_string()
                    } else {
                        let target = self.put(
                            "满意度目标",
                            "满意度目标",
                            format!("{}%", super::num::plain(s.target.value)),
                            false,
                        );
                        format!("未达到不低于{target}的预期目标")
                    }
                )
            }
            None => String::new(),
        }
    }

    fn goals(&self) -> Vec<Piece> {
        self.input
            .goals
            .iter()
            .map(|g| {
                let mut t = format!("{}：{}", g.label.value.trim(), text(&g.text));
                // An appended block takes the report's or template's wording when one is given.
                let own = |kind| {
                    let patterns = self.sentence_patterns(kind, "")?;
                    Some(
                        self.worded(kind, patterns)
                            .into_iter()
                            .map(|p| match p {
                                Piece::P(t) | Piece::Item { text: t, .. } => t,
                                // Worded blocks are sentences, never tables.
                                Piece::Block(b) => b.printed(),
                            })
                            .collect::<String>(),
                    )
                };
                match g.append.as_ref().map(|c| c.value) {
                    Some(Generated::Sangong) => {
                        t.push_str(&own(BlockKind::Sangong).unwrap_or_else(|| self.sangong(false)))
                    }
                    Some(Generated::Satisfaction) => {
                        t.push_str(&own(BlockKind::Satisfaction).unwrap_or_else(|| self.satisfaction()))
                    }
                    _ => {}
                }
                Piece::P(t)
            })
            .collect()
    }

    fn achievements(&self) -> Vec<Piece> {
        let p = self.input.performance();
        let mut out = Vec::new();
        if let Some(s) = &p.summary {
            out.push(Piece::P(s.value.trim().to_string()));
        }
        for a in &p.achievements {
            out.push(Piece::Item {
                lead: a.title.value.trim().to_string(),
                text: a.text.value.trim().to_string(),
            });
        }
        out
    }

    /// 评价结论: the total score (where the form scores and has one) and the grade; the
    /// wording is the `[sentences]` pattern, whose alternatives leave out what is absent.
    fn conclusion_figures(&self) -> Vec<Piece> {
        if let Some(total) = self.f.total_score.filter(|_| super::forms::scored(self.input)) {
            self.put("总得分", "自评得分", format!("{}分", self.fmt.score(total)), true);
        }
        if let Some(grade) = super::printed_grade(self.input, self.f) {
            self.put("评价等级", "评价等级", grade.to_string(), true);
        }
        vec![]
    }

    /// The patterns in force for a block: the report's `[sentences]`, then its templates',
    /// for `名称/变体` before `名称`.
    fn sentence_patterns(&self, kind: BlockKind, variant: &str) -> Option<&[Text]> {
        let name = kind.name();
        let with_variant = format!("{name}/{variant}");
        self.input
            .layers()
            .into_iter()
            .find_map(|l| {
                (!variant.is_empty())
                    .then(|| l.sentences.get(&with_variant))
                    .flatten()
                    .or_else(|| l.sentences.get(name))
            })
            .map(Vec::as_slice)
    }

    /// A block worded by its patterns: the first alternative whose every reference the report
    /// has (a figure of the catalogue, a placeholder); none, and the block prints nothing. The
    /// figures it cites are registered as printed.
    fn worded(&self, kind: BlockKind, patterns: &[Text]) -> Vec<Piece> {
        let placeholders = self.placeholders();
        let value = |key: &str| -> Option<(Option<&Printed>, String)> {
            if let Some((_, v)) = placeholders.iter().find(|(k, _)| k == key) {
                return Some((None, v.clone()));
            }
            let p = self.catalogue.iter().find(|p| p.key == key)?;
            Some((Some(p), p.text.clone()))
        };
        for pattern in patterns {
            let pieces = super::refs::scan(pattern.value.trim());
            let complete = pieces.iter().all(|p| match p {
                super::refs::Piece::Ref { key, part, .. } => {
                    value(key).and_then(|(_, text)| super::refs::part_of(&text, *part)).is_some()
                }
                _ => true,
            });
            if !complete {
                continue;
            }
            for p in &pieces {
                if let super::refs::Piece::Ref { key, .. } = p
                    && let Some((Some(figure), _)) = value(key)
                {
                    self.put(figure.key.clone(), figure.label.clone(), figure.text.clone(), figure.derived);
                }
            }
            let text = super::refs::resolve(pattern.value.trim(), &|k| value(k).map(|(_, t)| t));
            return match kind {
                BlockKind::Carryover | BlockKind::Income | BlockKind::Spending | BlockKind::Closing => {
                    vec![Piece::Item { lead: String::new(), text }]
                }
                _ => vec![Piece::P(text)],
            };
        }
        vec![]
    }
}

/// A list of the author's lines: numbered items, or plain paragraphs.
fn list(lines: &[Text], numbered: bool) -> Vec<Piece> {
    lines
        .iter()
        .map(|t| {
            let t = t.value.trim().to_string();
            if numbered { Piece::Item { lead: String::new(), text: t } } else { Piece::P(t) }
        })
        .collect()
}

#[allow(dead_code)]
fn _columns_used(_: Columns) {}

/// Whether a cell as written is a figure: references to figures and the digits, signs and
/// units of a number, nothing else (“{总收入}”, “976.20”, “{执行率}”, “≥90”). A figure is
/// right-aligned and never breaks; anything else is text.
fn figure_like(raw: &str) -> bool {
    let mut rest = String::new();
    let mut has = false;
    for piece in super::refs::scan(raw) {
        match piece {
            super::refs::Piece::Ref { key, part, .. } => {
                // 单位, 简称: names, not figures; 增减, 升降: words.
                if key.starts_with("单位") || key == "简称" || matches!(part, Some("增减" | "升降")) {
                    return false;
                }
                has = true;
            }
            super::refs::Piece::Literal(t) => rest.push_str(t),
            super::refs::Piece::Brace(_) => return false,
        }
    }
    let rest = rest.trim();
    has |= rest.chars().any(|c| c.is_ascii_digit());
    has && rest.chars().all(|c| c.is_ascii_digit() || ".,%％+-—≥≤<>＞＜~～万元亿个人次分".contains(c))
}

/// A table of the outline as cells: the header rows as centred labels, the other cells as
/// figures (right under a header, left in a grid without one) or text (left) by what they hold, unless the column or the cell names its
/// alignment. Columns with text take the width that is left over.
fn outline_table(t: &crate::input::OutlineTable) -> Block {
    use super::table::{Align, Cell, Column};
    use crate::input::CellAlign;
    let columns = t.columns();
    let header = t.header_rows();
    let align_of = |a: CellAlign| match a {
        CellAlign::Left => Align::Left,
        CellAlign::Center => Align::Center,
        CellAlign::Right => Align::Right,
    };
    let mut text_columns = vec![false; columns];
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    // Columns covered by a rowspan from above, to know which column a cell starts in.
    let mut covered = vec![0usize; columns];
    for (r, row) in t.rows.iter().enumerate() {
        let mut out = Vec::new();
        let mut col = 0;
        for c in &row.cells {
            while col < columns && covered[col] > 0 {
                col += 1;
            }
            let raw = c.text.value.trim();
            let mut cell = if r < header {
                Cell::label(raw)
            } else if figure_like(raw) {
                // A figure lines up with the figures above it under a header; in a grid of
                // labels and values (no header) it starts where the text beside it does.
                let cell = Cell::figure(raw);
                if header == 0 { Cell { align: Align::Left, ..cell } } else { cell }
            } else {
                if c.colspan() == 1 && col < columns {
                    text_columns[col] = true;
                }
                Cell::text(raw)
            };
            let column_align = t.align.as_ref().and_then(|a| a.get(col)).filter(|_| r >= header);
            if let Some(a) = c.align.as_ref().or(column_align) {
                cell.align = align_of(a.value);
            }
            for k in covered.iter_mut().take((col + c.colspan()).min(columns)).skip(col) {
                *k = c.rowspan();
            }
            col += c.colspan();
            out.push(cell.span(c.colspan(), c.rowspan()));
        }
        for k in covered.iter_mut() {
            *k = k.saturating_sub(1);
        }
        rows.push(out);
    }
    let shares: Vec<f64> = t
        .widths
        .iter()
        .flatten()
        .map(|w| rust_decimal::prelude::ToPrimitive::to_f64(&w.value).unwrap_or(1.0).max(0.0))
        .collect();
    let columns =
        text_columns.iter().map(|&text| if text { Column::grow(1) } else { Column::fixed() }).collect();
    Block::Table {
        caption: t.caption.as_ref().map(|c| c.value.trim().to_string()).filter(|c| !c.is_empty()),
        table: super::table::Table { columns, rows, header_rows: header, footer_rows: 0, inset: [3.0, 4.0] },
        shares,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_and_patterns() {
        assert_eq!(chinese_numeral(1), "一");
        assert_eq!(chinese_numeral(10), "十");
        assert_eq!(chinese_numeral(14), "十四");
        assert_eq!(chinese_numeral(20), "二十");
        assert_eq!(chinese_numeral(31), "三十一");
        assert_eq!(number("（{一}）", 2), "（二）");
        assert_eq!(number("{1}、", 12), "12、");
        assert_eq!(number("{①}", 3), "③");
    }

    #[test]
    fn a_cell_of_references_and_digits_is_a_figure() {
        assert!(super::figure_like("{总收入}"));
        assert!(super::figure_like("{总支出:数}"));
        assert!(super::figure_like("976.20"));
        assert!(super::figure_like("≥90分"));
        assert!(!super::figure_like("{单位}"));
        assert!(!super::figure_like("{总得分:增减}"));
        assert!(!super::figure_like("优秀"));
        assert!(!super::figure_like("80（含）～90分"));
        assert!(!super::figure_like("第{年度}年"));
    }
}
