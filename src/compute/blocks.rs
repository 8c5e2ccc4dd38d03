//! The body: the outline placed and numbered, and one small function per generated block.
//!
//! A block returns paragraphs and unnumbered items; [`Ctx::outline`] numbers the headings by
//! their level's pattern and the items of each section from 1. Every figure a block prints goes
//! through the registry (`Ctx::put` and the helpers below), with a stable key and a label.

use rust_decimal::Decimal;

use super::figures::Change;
use super::sentences::{self, Local, Said};
use super::{Block, Ctx, text};
use crate::input::{BlockKind, Content, Generated, Level3Numbering, Text};

/// How a 三公 amount is compared with a base: the pattern family, the base's name (its key
/// suffix and the pattern's name for it), its label, the change's key suffix and label, and
/// the situations when the base is nil or equal.
struct Against {
    pattern: &'static str,
    base: &'static str,
    base_label: &'static str,
    change: &'static str,
    change_label: &'static str,
    nil: &'static str,
    equal: &'static str,
}

const BUDGET: Against = Against {
    pattern: "三公经费.比预算",
    base: "预算",
    base_label: "本年预算数",
    change: "比预算",
    change_label: "比本年预算数",
    nil: "未安排",
    equal: "一致",
};

const LAST_YEAR: Against = Against {
    pattern: "三公经费.比上年",
    base: "上年",
    base_label: "上年决算数",
    change: "比上年",
    change_label: "比上年度决算数",
    nil: "上年无",
    equal: "持平",
};

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
            // A block whose data is absent says nothing (check reports it, J110): never a
            // sentence computed from defaults.
            Content::Block { block, .. } if !block.value.reads().iter().all(|k| k.present(self.input)) => {
                vec![]
            }
            Content::Block { block, variant, .. } => {
                let variant = variant.as_ref().map(|v| v.value.trim()).unwrap_or("");
                self.block(block.value, variant)
            }
            Content::Table(t) => vec![Piece::Block(outline_table(t))],
        }
    }

    /// A generated block. Its code decides what there is to say (the figures, the situation,
    /// the lists); its wording is the `[sentences]` patterns of the report and its templates
    /// (`compute::sentences`), the built-in ones in `templates/hunan-2020.toml`.
    pub(crate) fn block(&self, kind: BlockKind, variant: &str) -> Vec<Piece> {
        let numbered = variant != "段落";
        let org = self.input.organization();
        match kind {
            BlockKind::Staff => self.staff(variant),
            BlockKind::Retirees => self.retirees(variant),
            BlockKind::Vehicles => self.vehicles(variant),
            BlockKind::BudgetUnits => self.budget_units(variant),
            BlockKind::Departments => self.named_list(kind, variant, "内设机构", &org.departments, None),
            BlockKind::Subordinates => self.named_list(
                kind,
                variant,
                "下属单位",
                &org.subordinates,
                Some(text(&org.subordinates_label)).filter(|s| !s.is_empty()),
            ),
            BlockKind::Duties => list(&org.duties, numbered),
            BlockKind::Basic => self.basic(variant),
            BlockKind::Projects => self.projects(variant),
            BlockKind::GovernmentFund => {
                self.fund(kind, variant, "政府性基金预算支出", &self.input.funds.government_fund)
            }
            BlockKind::StateCapital => {
                self.fund(kind, variant, "国有资本经营预算支出", &self.input.funds.state_capital)
            }
            BlockKind::SocialInsurance => {
                self.fund(kind, variant, "社会保险基金预算支出", &self.input.funds.social_insurance)
            }
            BlockKind::Overview => {
                let mut v: Vec<Piece> = self.word(kind, variant, &[]).map(Piece::P).into_iter().collect();
                v.extend(self.carryover(""));
                v.extend(self.income(""));
                v.extend(self.spending(""));
                v.extend(self.closing(""));
                v
            }
            BlockKind::Carryover => self.carryover(variant),
            BlockKind::Income => self.income(variant),
            BlockKind::Spending => self.spending(variant),
            BlockKind::Closing => self.closing(variant),
            BlockKind::Sangong => self.sangong(variant).map(Piece::P).into_iter().collect(),
            BlockKind::Satisfaction => self.satisfaction(variant).map(Piece::P).into_iter().collect(),
            BlockKind::Goals => self.goals(),
            BlockKind::Achievements => self.achievements(),
            BlockKind::Conclusion => self.conclusion(variant),
            BlockKind::Problems => list(&self.input.closing().problems, numbered),
            BlockKind::Measures => list(&self.input.closing().measures, numbered),
            BlockKind::Application => list(&self.input.closing().application, false),
        }
    }

    // --- figures and wording ---------------------------------------------------------------

    /// A figure a sentence may cite. While the catalogue is made it is registered at once;
    /// otherwise only when a printed sentence cites it (`emit`).
    fn fig(&self, key: impl Into<String>, label: impl Into<String>, text: String, derived: bool) -> Local {
        let p = self.printed_as(key, label, text, derived);
        if self.scratch {
            self.printed.borrow_mut().push(p.clone());
        }
        Local::Figure(p)
    }
    /// An amount from the file, printed with 万元.
    fn amt(&self, key: impl Into<String>, label: impl Into<String>, d: Decimal) -> Local {
        self.fig(key, label, format!("{}万元", self.fmt.amount(d)), false)
    }
    /// A computed amount, printed with 万元.
    fn amt_derived(&self, key: impl Into<String>, label: impl Into<String>, d: Decimal) -> Local {
        self.fig(key, label, format!("{}万元", self.fmt.amount(d)), true)
    }
    /// A count from the file, with its unit.
    fn count(&self, key: impl Into<String>, label: impl Into<String>, d: Decimal, unit: &str) -> Local {
        self.fig(key, label, format!("{}{unit}", super::num::plain(d)), false)
    }

    /// The patterns in force for the first of `names` that a layer words: the report's
    /// `[sentences]`, then its templates' (so a report's `三公经费` rewords every variant its
    /// template does not word in the report's own file).
    fn patterns_for(&self, names: &[String]) -> Option<&[Text]> {
        self.input
            .layers()
            .into_iter()
            .find_map(|l| names.iter().find_map(|n| l.sentences.get(n)))
            .map(Vec::as_slice)
    }

    /// The first alternative of the patterns for `names` whose names all exist: the block's
    /// own (`scope`), then the placeholders, then every figure of the report (the catalogue).
    fn say(&self, names: &[String], scope: &[(&str, Local)]) -> Option<Said> {
        let lookup = |key: &str| -> Option<Local> {
            if let Some((_, l)) = scope.iter().find(|(k, _)| *k == key) {
                return Some(l.clone());
            }
            // The placeholders are made only when a pattern names one (most name none).
            if super::refs::PLACEHOLDERS.iter().any(|(p, _)| *p == key) {
                return self.placeholders().into_iter().find(|(k, _)| k == key).map(|(_, v)| Local::Text(v));
            }
            self.catalogue.iter().find(|p| p.key == key).map(|p| Local::Figure(p.clone()))
        };
        self.patterns_for(names)?.iter().find_map(|p| sentences::render(p.value.trim(), &lookup))
    }

    /// A clause worded by the first of `names` that has patterns, for a bigger sentence.
    fn clause(&self, names: &[String], scope: &[(&str, Local)]) -> Option<Local> {
        self.say(names, scope).map(Local::Said)
    }

    /// A printed text: the figures it cites are registered as printed, in order.
    fn emit(&self, said: Said) -> String {
        if !self.scratch {
            self.printed.borrow_mut().extend(said.cites);
        }
        said.text
    }

    /// A block's sentence: `名称/变体`, else `名称`.
    fn word(&self, kind: BlockKind, variant: &str, scope: &[(&str, Local)]) -> Option<String> {
        self.word_as(kind.name(), variant, scope)
    }
    fn word_as(&self, name: &str, variant: &str, scope: &[(&str, Local)]) -> Option<String> {
        self.word_said(name, variant, scope).map(|s| self.emit(s))
    }
    fn word_said(&self, name: &str, variant: &str, scope: &[(&str, Local)]) -> Option<Said> {
        let mut names = Vec::new();
        if !variant.is_empty() {
            names.push(format!("{name}/{variant}"));
        }
        names.push(name.to_string());
        self.say(&names, scope)
    }

    /// Items worded one by one by `names` and joined: a list keeps its joining rule here.
    fn joined(&self, names: &[String], items: Vec<Vec<(&str, Local)>>, by: &str) -> Option<Local> {
        let said: Vec<Said> = items.iter().filter_map(|scope| self.say(names, scope)).collect();
        if said.is_empty() {
            return None;
        }
        let text = said.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(by);
        Some(Local::Said(Said { text, cites: said.into_iter().flat_map(|s| s.cites).collect() }))
    }

    /// The author's text, when there is any.
    fn own(t: &Option<Text>) -> Option<Local> {
        Some(text(t)).filter(|s| !s.is_empty()).map(Local::Text)
    }

    /// “增加X万元，增长Y%”, both figures registered under `key`.
    fn movement(&self, key: &str, label: &str, c: &Change) -> Option<Local> {
        let more = if c.amount > Decimal::ZERO { "增加" } else { "减少" };
        let grow = if c.amount > Decimal::ZERO { "增长" } else { "下降" };
        let mut scope = vec![(
            "增减额",
            self.fig(
                format!("{key}.增减额"),
                format!("{label}增减额"),
                format!("{more}{}万元", self.fmt.amount(c.amount.abs())),
                true,
            ),
        )];
        if let Some(rate) = c.rate {
            scope.push((
                "增减幅度",
                self.fig(
                    format!("{key}.增减幅度"),
                    format!("{label}增减幅度"),
                    format!("{grow}{}", self.fmt.growth(rate)),
                    true,
                ),
            ));
        }
        self.clause(&["增减".into()], &scope)
    }

    /// Against last year, worded by `较上年/<situation>` (or `<prefix>.较上年/…` first):
    /// 增减, 持平, 上年无, 均无. Nothing when last year is not stated (unknown is not zero).
    fn against_last_year(&self, key: &str, label: &str, c: &Option<Change>, prefix: &str) -> Option<Local> {
        let c = c.as_ref()?;
        let (situation, scope) = if c.from.is_zero() && c.to.is_zero() {
            ("均无", vec![])
        } else if c.from.is_zero() {
            ("上年无", vec![])
        } else if c.amount.is_zero() {
            ("持平", vec![])
        } else {
            let m = self.movement(&format!("{key}.较上年"), &format!("{label}较上年"), c)?;
            ("增减", vec![("增减", m)])
        };
        self.clause(&[format!("{prefix}.较上年/{situation}"), format!("较上年/{situation}")], &scope)
    }

    // --- 一、单位基本情况 ---------------------------------------------------------------------

    fn staff(&self, variant: &str) -> Vec<Piece> {
        let org = self.input.organization();
        let kinds: Vec<Vec<(&str, Local)>> = org
            .staffing
            .iter()
            .map(|s| {
                let kind = s.kind.value.trim();
                let mut scope = vec![
                    ("类别", Local::Text(kind.to_string())),
                    (
                        "编制数",
                        self.count(format!("编制.{kind}"), format!("{kind}编制数"), s.count.value, "名"),
                    ),
                ];
                if let Some(note) = s.note.as_ref().filter(|n| !n.is_blank()) {
                    scope.push(("说明", Local::Text(note.value.trim().to_string())));
                }
                scope
            })
            .collect();
        let mut scope = Vec::new();
        if !org.staffing.is_empty() {
            let posts = self.fig(
                "编制数",
                "人员编制数",
                format!("{}名", super::num::plain(self.f.posts)),
                kinds.len() > 1,
            );
            scope.push(("编制数", posts));
        }
        if let Some(kinds) = self.joined(&["人员编制.类别".into()], kinds, "，") {
            scope.push(("各类编制", kinds));
        }
        if let Some(n) = &org.in_service {
            scope.push(("在职人数", self.count("在职人数", "年末在职人员实有人数", n.value, "人")));
        }
        let mut out: Vec<Piece> =
            self.word(BlockKind::Staff, variant, &scope).map(Piece::P).into_iter().collect();
        if let Some(s) = &org.seconded {
            let unit = s.unit.value.trim();
            let scope = [
                ("派驻单位", Local::Text(unit.to_string())),
                ("派驻人数", self.count("派驻人数", format!("{unit}人数"), s.count.value, "人")),
            ];
            out.extend(self.word_as("人员编制.派驻", "", &scope).map(Piece::P));
        }
        out
    }

    fn retirees(&self, variant: &str) -> Vec<Piece> {
        let org = self.input.organization();
        let mut kinds = Vec::new();
        if let Some(n) = &org.retired {
            kinds.push(vec![
                ("类别", Local::Text("退休".into())),
                ("人数", self.count("退休人数", "退休人员", n.value, "人")),
            ]);
        }
        for r in &org.retirees {
            let kind = r.kind.value.trim().trim_end_matches("人员");
            kinds.push(vec![
                ("类别", Local::Text(kind.to_string())),
                ("人数", self.count(format!("{kind}人数"), format!("{kind}人员"), r.count.value, "人")),
            ]);
        }
        let Some(people) = self.joined(&["离退休人员.类别".into()], kinds, "、") else {
            return vec![];
        };
        self.word(BlockKind::Retirees, variant, &[("人员", people)]).map(Piece::P).into_iter().collect()
    }

    /// 车辆: 车辆编制 and 实有车辆, each when the file gives it.
    fn vehicles(&self, variant: &str) -> Vec<Piece> {
        let org = self.input.organization();
        let mut scope = Vec::new();
        if let Some(n) = &org.vehicles_authorized {
            scope.push(("车辆编制", self.count("车辆编制", "车辆编制数", n.value, "辆")));
        }
        if let Some(n) = &org.vehicles_actual {
            scope.push(("实有车辆", self.count("实有车辆", "实有车辆数", n.value, "辆")));
        }
        self.word(BlockKind::Vehicles, variant, &scope).map(Piece::P).into_iter().collect()
    }

    fn budget_units(&self, variant: &str) -> Vec<Piece> {
        let org = self.input.organization();
        if org.budget_units.is_empty() {
            return vec![];
        }
        let n = self.fig("决算单位数", "纳入决算编报的单位数", format!("{}个", org.budget_units.len()), true);
        let mut scope = vec![("决算单位数", n)];
        if org.budget_units.len() > 1 {
            let names: Vec<&str> = org.budget_units.iter().map(|t| t.value.trim()).collect();
            scope.push(("名单", Local::Text(names.join("、"))));
        }
        scope.extend(Self::own(&org.budget_units_note).map(|t| ("说明", t)));
        self.word(BlockKind::BudgetUnits, variant, &scope).map(Piece::P).into_iter().collect()
    }

    /// 内设机构 or 下属单位: the count from the list, then the names.
    fn named_list(
        &self,
        kind: BlockKind,
        variant: &str,
        key: &str,
        names: &[Text],
        what: Option<String>,
    ) -> Vec<Piece> {
        if names.is_empty() {
            return vec![];
        }
        let what = what.unwrap_or_else(|| key.to_string());
        let n = self.fig(format!("{key}数"), format!("{what}数"), format!("{}个", names.len()), true);
        let list: Vec<&str> = names.iter().map(|t| t.value.trim()).collect();
        let scope = [
            ("名称", Local::Text(what)),
            (if key == "内设机构" { "内设机构数" } else { "下属单位数" }, n),
            ("名单", Local::Text(list.join("、"))),
        ];
        self.word(kind, variant, &scope).map(Piece::P).into_iter().collect()
    }

    // --- 二、一般公共预算支出情况 ------------------------------------------------------------

    fn basic(&self, variant: &str) -> Vec<Piece> {
        let b = self.input.basic();
        let f = self.f;
        let mut scope = vec![
            ("定义", Local::Text(text(&b.definition))),
            ("基本支出", self.amt_derived("基本支出", "基本支出", f.basic_actual)),
        ];
        scope.extend(
            self.against_last_year("基本支出", "基本支出", &f.basic, "基本支出").map(|c| ("较上年", c)),
        );
        let first = self.word(BlockKind::Basic, variant, &scope);
        let mut para = String::new();
        for (name, c, fig) in [
            ("人员经费", &b.personnel, &f.personnel),
            ("日常公用经费", &b.public, &f.public),
            ("资本性支出", &b.capital, &f.capital),
        ] {
            let mut scope = vec![
                ("名称", Local::Text(name.to_string())),
                ("本年", self.amt(format!("{name}.本年"), format!("{name}本年决算数"), fig.actual)),
            ];
            scope.extend(Self::own(&c.description).map(|t| ("说明", t)));
            if let Some(s) = fig.share {
                let share = self.fig(
                    format!("{name}.占基本支出"),
                    format!("{name}占基本支出的比例"),
                    self.fmt.share(s),
                    true,
                );
                scope.push(("占比", share));
            }
            scope.extend(self.against_last_year(name, name, &fig.change, name).map(|c| ("较上年", c)));
            scope.extend(Self::own(&c.reason).map(|t| ("原因", t)));
            let names = [format!("基本支出.{name}"), "基本支出.项".to_string()];
            if let Some(s) = self.say(&names, &scope) {
                para.push_str(&self.emit(s));
            }
        }
        first.into_iter().chain(Some(para).filter(|p| !p.is_empty())).map(Piece::P).collect()
    }

    fn projects(&self, variant: &str) -> Vec<Piece> {
        let p = self.input.projects();
        let f = self.f;
        let mut scope = vec![
            ("定义", Local::Text(text(&p.definition))),
            ("项目支出", self.amt_derived("项目支出", "项目支出", f.projects.actual.unwrap_or_default())),
        ];
        scope.extend(
            self.against_last_year("项目支出", "项目支出", &f.project_change, "项目支出")
                .map(|c| ("较上年", c)),
        );
        scope.extend(Self::own(&p.reason).map(|t| ("原因", t)));
        if variant == "列出项目" {
            scope.extend(self.project_list().map(|l| ("项目", l)));
        }
        self.word(BlockKind::Projects, variant, &scope).map(Piece::P).into_iter().collect()
    }

    /// “业务工作经费669.35万元” for every project with spending, joined by “，”.
    fn project_list(&self) -> Option<Local> {
        let items = self
            .input
            .projects()
            .items
            .iter()
            .filter(|l| !super::is_placeholder_name(&l.name.value))
            .filter_map(|l| {
                let a = l.actual.as_ref().filter(|a| !a.value.is_zero())?;
                let name = l.name.value.trim();
                Some(vec![
                    ("名称", Local::Text(name.to_string())),
                    ("本年", self.amt(format!("项目.{name}.本年"), format!("{name}本年决算数"), a.value)),
                ])
            })
            .collect();
        self.joined(&["项目支出.项".into()], items, "，")
    }

    /// A fund's spending; nil or not given, the pattern's alternative says there was none.
    fn fund(
        &self,
        kind: BlockKind,
        variant: &str,
        name: &str,
        value: &Option<crate::input::Number>,
    ) -> Vec<Piece> {
        let v = value.as_ref().map_or(Decimal::ZERO, |v| v.value);
        let scope: Vec<(&str, Local)> =
            if v.is_zero() { vec![] } else { vec![("金额", self.amt(name, name, v))] };
        self.word(kind, variant, &scope).map(Piece::P).into_iter().collect()
    }

    // --- 部门整体支出概况 ------------------------------------------------------------------------

    fn item(text: Option<String>) -> Vec<Piece> {
        text.map(|text| Piece::Item { lead: String::new(), text }).into_iter().collect()
    }

    /// 年初结转和结余 and the author's note on it.
    fn carryover(&self, variant: &str) -> Vec<Piece> {
        let fin = self.input.finance();
        let mut scope = vec![("金额", self.amt("年初结转和结余", "年初结转和结余", fin.carryover.value))];
        scope.extend(Self::own(&fin.carryover_note).map(|t| ("说明", t)));
        Self::item(self.word(BlockKind::Carryover, variant, &scope))
    }

    fn income(&self, variant: &str) -> Vec<Piece> {
        let fin = self.input.finance();
        let f = self.f;
        let mut scope = vec![("总收入", self.amt_derived("总收入", "总收入", f.income_total))];
        let lines: Vec<Vec<(&str, Local)>> = if variant == "同比" {
            if let Some(c) = f.income_change.as_ref().filter(|c| !c.from.is_zero()) {
                let situation = if c.amount.is_zero() { "持平" } else { "增减" };
                let mut s = Vec::new();
                if !c.amount.is_zero() {
                    s.extend(self.movement("总收入.同比", "总收入同比", c).map(|m| ("增减", m)));
                }
                scope.extend(self.clause(&[format!("收入.同比/{situation}")], &s).map(|c| ("同比", c)));
            }
            fin.income
                .iter()
                .map(|line| {
                    let name = line.name.value.trim();
                    let mut s = vec![
                        ("名称", Local::Text(name.to_string())),
                        ("金额", self.amt(format!("收入.{name}"), name, line.amount.value)),
                    ];
                    if let Some(c) = line.last_year.as_ref().map(|l| Change::new(l.value, line.amount.value))
                    {
                        let (situation, inner) = if c.from.is_zero() {
                            ("上年无", vec![])
                        } else if c.amount.is_zero() {
                            ("持平", vec![])
                        } else {
                            let m = self.movement(&format!("收入.{name}.同比"), &format!("{name}同比"), &c);
                            ("增减", m.map(|m| ("增减", m)).into_iter().collect())
                        };
                        s.extend(
                            self.clause(&[format!("收入.项.同比/{situation}")], &inner).map(|c| ("同比", c)),
                        );
                    }
                    s
                })
                .collect()
        } else {
            fin.income
                .iter()
                .zip(&f.income_shares)
                .map(|(line, share)| {
                    let name = line.name.value.trim();
                    let mut s = vec![
                        ("名称", Local::Text(name.to_string())),
                        ("金额", self.amt(format!("收入.{name}"), name, line.amount.value)),
                    ];
                    if let Some(share) = share {
                        let share = self.fig(
                            format!("收入.{name}.占比"),
                            format!("{name}占总收入的比例"),
                            self.fmt.share(*share),
                            true,
                        );
                        s.push(("占比", share));
                    }
                    s
                })
                .collect()
        };
        let (names, by) = if variant == "同比" {
            (vec!["收入/同比.项".to_string()], "；")
        } else {
            (vec!["收入.项".to_string()], "，")
        };
        scope.extend(self.joined(&names, lines, by).map(|l| ("各项", l)));
        Self::item(self.word(BlockKind::Income, variant, &scope))
    }

    fn spending(&self, variant: &str) -> Vec<Piece> {
        let f = self.f;
        let mut scope = vec![("总支出", self.amt_derived("总支出", "总支出", f.total_spending))];
        if variant == "分类" {
            scope.push(("人员经费", self.amt("人员经费.本年", "人员经费本年决算数", f.personnel.actual)));
            scope
                .push(("公用经费", self.amt("日常公用经费.本年", "日常公用经费本年决算数", f.public.actual)));
            if !f.capital.actual.is_zero() {
                scope.push((
                    "资本性支出",
                    self.amt("资本性支出.本年", "资本性支出本年决算数", f.capital.actual),
                ));
            }
            scope.push((
                "项目支出",
                self.amt_derived("项目支出", "项目支出", f.projects.actual.unwrap_or_default()),
            ));
            scope.extend(self.project_list().map(|l| ("项目", l)));
        } else if let Some(r) = f.execution_rate {
            scope.push(("预算执行率", self.fig("预算执行率", "预算执行率", self.fmt.rate(r), true)));
        }
        Self::item(self.word(BlockKind::Spending, variant, &scope))
    }

    /// 年末结转和结余; spending above the budget is its own situation (超支), never printed
    /// with a minus sign.
    fn closing(&self, variant: &str) -> Vec<Piece> {
        let fin = self.input.finance();
        let f = self.f;
        let mut scope = Vec::new();
        if f.closing_balance.is_sign_negative() && !f.closing_balance.is_zero() {
            scope.push(("超支", self.amt_derived("超支", "支出超过全年预算数", -f.closing_balance)));
        } else {
            scope.push(("金额", self.amt_derived("年末结转和结余", "年末结转和结余", f.closing_balance)));
        }
        scope.extend(Self::own(&fin.closing_note).map(|t| ("说明", t)));
        Self::item(self.word(BlockKind::Closing, variant, &scope))
    }

    // --- 三公, 满意度, 目标, 绩效, 结论 -------------------------------------------------------------

    /// “三公”经费: item by item against the budget and last year (逐项), or the total first
    /// (合计).
    pub(crate) fn sangong(&self, variant: &str) -> Option<String> {
        self.sangong_said(variant).map(|s| self.emit(s))
    }

    fn sangong_said(&self, variant: &str) -> Option<Said> {
        let sg = self.input.sangong();
        let total_first = variant == "合计";
        let item_names = if total_first {
            vec!["三公经费/合计.项".to_string()]
        } else {
            vec!["三公经费.项".to_string()]
        };
        let mut items = Vec::new();
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
            let mut scope = vec![
                ("名称", Local::Text(name.to_string())),
                ("本年", self.amt(format!("{key}.本年"), format!("{name}本年决算数"), actual)),
            ];
            if !total_first {
                scope.extend(
                    self.against_budget(&key, name, &Change::new(budget, actual)).map(|c| ("比预算", c)),
                );
                if let Some(last) = last {
                    scope.extend(
                        self.against_last_year_actual(&key, name, &Change::new(last, actual))
                            .map(|c| ("比上年", c)),
                    );
                }
            }
            scope.extend(Self::own(&item.note).map(|t| ("说明", t)));
            let mut visits = Vec::new();
            if let Some(b) = &item.batches {
                visits.push(("批次", self.count("三公.公务接待.批次", "国内公务接待批次", b.value, "批次")));
            }
            if let Some(v) = &item.visitors {
                visits.push(("人次", self.count("三公.公务接待.人次", "国内公务接待人次", v.value, "人次")));
            }
            if !visits.is_empty() {
                scope.extend(self.clause(&["三公经费.接待".into()], &visits).map(|c| ("接待", c)));
            }
            items.push(scope);
        }
        let by = if total_first { "，" } else { "" };
        let mut scope: Vec<(&str, Local)> =
            self.joined(&item_names, items, by).map(|l| ("各项", l)).into_iter().collect();
        if total_first {
            let f = self.f;
            let actual = f.sangong.actual.unwrap_or_default();
            let budget = f.sangong.budget.unwrap_or_default();
            let nil =
                actual.is_zero() && budget.is_zero() && f.sangong.last_year.unwrap_or_default().is_zero();
            if !nil {
                scope.push(("合计", self.amt_derived("三公.合计.本年", "“三公”经费本年决算数", actual)));
                if !budget.is_zero() {
                    scope.extend(
                        self.against_budget("三公.合计", "“三公”经费", &Change::new(budget, actual))
                            .map(|c| ("比预算", c)),
                    );
                }
                if let Some(last) = f.sangong.last_year {
                    scope.extend(
                        self.against_last_year_actual("三公.合计", "“三公”经费", &Change::new(last, actual))
                            .map(|c| ("比上年", c)),
                    );
                }
            }
        }
        self.word_said(BlockKind::Sangong.name(), variant, &scope)
    }

    /// Against this year's budget: 未安排, 一致 or 增减 (`三公经费.比预算/…`).
    fn against_budget(&self, key: &str, name: &str, c: &Change) -> Option<Local> {
        self.against(&BUDGET, key, name, c)
    }

    /// Against last year's 决算: 上年无, 持平 or 增减 (`三公经费.比上年/…`).
    fn against_last_year_actual(&self, key: &str, name: &str, c: &Change) -> Option<Local> {
        self.against(&LAST_YEAR, key, name, c)
    }

    /// A 三公 amount against a base (`how`): the base nil, equal, or a movement from it.
    fn against(&self, how: &Against, key: &str, name: &str, c: &Change) -> Option<Local> {
        let pattern = |situation: &str| vec![format!("{}/{situation}", how.pattern)];
        if c.from.is_zero() {
            return self.clause(&pattern(how.nil), &[]);
        }
        let base_key = format!("{key}.{}", how.base);
        let mut scope = vec![(how.base, self.amt(base_key, format!("{name}{}", how.base_label), c.from))];
        let situation = if c.amount.is_zero() {
            how.equal
        } else {
            let m =
                self.movement(&format!("{key}.{}", how.change), &format!("{name}{}", how.change_label), c);
            scope.extend(m.map(|m| ("增减", m)));
            "增减"
        };
        self.clause(&pattern(situation), &scope)
    }

    pub(crate) fn satisfaction(&self, variant: &str) -> Option<String> {
        self.satisfaction_said(variant).map(|s| self.emit(s))
    }

    fn satisfaction_said(&self, variant: &str) -> Option<Said> {
        let s = self.input.satisfaction.as_ref()?;
        let reached = s.rate.value >= s.target.value;
        let mut scope = vec![
            ("主体", Local::Text(s.subject.value.trim().to_string())),
            ("满意度", self.fig("满意度", "满意度", format!("{}%", super::num::plain(s.rate.value)), false)),
        ];
        if let Some(object) = s.object.as_ref().map(|o| o.value.trim()).filter(|o| !o.is_empty()) {
            let object = if object.starts_with('对') { object.to_string() } else { format!("对{object}") };
            scope.push(("对象", Local::Text(object)));
        }
        let target = || {
            let t = self.fig(
                "满意度目标",
                "满意度目标",
                format!("{}%", super::num::plain(s.target.value)),
                false,
            );
            vec![("目标", t)]
        };
        // The target prints when it is not reached; a pattern may cite it either way.
        let situation = if reached { "满意度.达到" } else { "满意度.未达到" };
        scope.extend(self.clause(&[situation.into()], &target()).map(|r| ("结果", r)));
        self.word_said(BlockKind::Satisfaction.name(), variant, &scope)
    }

    /// 绩效目标: each goal's label and text, with the 三公 or 满意度 sentence appended where
    /// the goal asks for it.
    fn goals(&self) -> Vec<Piece> {
        self.input
            .goals
            .iter()
            .filter_map(|g| {
                let mut scope = vec![
                    ("名称", Local::Text(g.label.value.trim().to_string())),
                    ("内容", Local::Text(text(&g.text))),
                ];
                let appended = match g.append.as_ref().map(|c| c.value) {
                    Some(Generated::Sangong) => self.sangong_said(""),
                    Some(Generated::Satisfaction) => self.satisfaction_said(""),
                    _ => None,
                };
                scope.extend(appended.map(|a| ("附加", Local::Said(a))));
                self.word_as("绩效目标.项", "", &scope).map(Piece::P)
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
    /// pattern's alternatives leave out what is absent.
    fn conclusion(&self, variant: &str) -> Vec<Piece> {
        let mut scope = Vec::new();
        if let Some(total) = self.f.total_score.filter(|_| self.scored) {
            scope.push((
                "总得分",
                self.fig("总得分", "自评得分", format!("{}分", self.fmt.score(total)), true),
            ));
        }
        if let Some(grade) = super::printed_grade(self.input, self.f) {
            scope.push(("评价等级", self.fig("评价等级", "评价等级", grade.to_string(), true)));
        }
        self.word(BlockKind::Conclusion, variant, &scope).map(Piece::P).into_iter().collect()
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
