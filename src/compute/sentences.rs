//! Sentence patterns: how a generated block words its figures, as data.
//!
//! Every sentence jixiao writes from the figures is a pattern in a template's `[sentences]`
//! (the built-in ones in `templates/hunan-2020.toml`), which a template or a report rewords by
//! name. The Rust code of a block decides *what* there is to say: which figures exist, which
//! situation holds (a change, no change, nothing last year), which items a list has. The
//! pattern decides how it reads. A pattern is:
//!
//! - literal text;
//! - `{名称}` or `{名称:部分}`: a name of the block (a figure, the author's text, a clause
//!   worded by another pattern, a list joined by the block), a placeholder such as `{年度}`,
//!   or any figure key of the report;
//! - `[…]`: an optional segment, printed only when every name in it (outside its own nested
//!   segments) has something to print;
//! - `{{`, `}}`, `[[`, `]]`: a brace or bracket itself.
//!
//! A sentence has alternatives (an array): the first whose names outside `[…]` all exist
//! prints. None does, and the block leaves the sentence out: a figure that is absent is never
//! printed as 0.
//!
//! Rendering is pure: it returns the text and the figures it cites, in the order they print,
//! and the caller registers them as printed only when that text is the one printed.

use super::Printed;
use super::refs;

/// What a name of a block stands for.
#[derive(Debug, Clone)]
pub(crate) enum Local {
    /// The author's own text (a note, a reason, a name): printed as given.
    Text(String),
    /// A figure: printed as the registry prints it, and registered when cited.
    Figure(Printed),
    /// A clause or list already worded, with the figures it cites.
    Said(Said),
}

/// A worded text and the figures it cites.
#[derive(Debug, Clone, Default)]
pub(crate) struct Said {
    pub text: String,
    pub cites: Vec<Printed>,
}

impl Local {
    fn said(&self) -> Said {
        match self {
            Local::Text(t) => Said { text: t.clone(), cites: vec![] },
            Local::Figure(p) => Said { text: p.text.clone(), cites: vec![p.clone()] },
            Local::Said(s) => s.clone(),
        }
    }
}

/// The parts of the author's text a pattern may ask for, beside a figure's (`compute::refs`).
pub const TEXT_PARTS: &[(&str, &str)] =
    &[("句", "以句号结尾（原文已有句末标点时不再加）"), ("无句号", "去掉末尾的句号")];

/// One node of a parsed pattern.
#[derive(Debug)]
enum Node<'a> {
    Literal(&'a str),
    Ref { key: &'a str, part: Option<&'a str> },
    Optional(Vec<Node<'a>>),
}

/// Parses `pattern` into nodes: brackets into optional segments (an unmatched `]` is literal,
/// an unclosed `[` closes at the end), braces by `refs::scan`.
fn parse(pattern: &str) -> Vec<Node<'_>> {
    let mut stack: Vec<Vec<Node>> = vec![Vec::new()];
    let mut start = 0;
    let mut i = 0;
    let bytes = pattern.as_bytes();
    fn flush<'a>(stack: &mut [Vec<Node<'a>>], text: &'a str) {
        let top = stack.last_mut().expect("the root is never popped");
        for piece in refs::scan(text) {
            top.push(match piece {
                refs::Piece::Literal(s) => Node::Literal(s),
                // A brace stays doubled: the block's text goes through `refs::resolve` with
                // every other printed text, which prints it once.
                refs::Piece::Brace(s) => Node::Literal(if s == "{" { "{{" } else { "}}" }),
                refs::Piece::Ref { key, part, .. } => Node::Ref { key, part },
            });
        }
    }
    while i < bytes.len() {
        let rest = &pattern[i..];
        if rest.starts_with("[[") || rest.starts_with("]]") {
            flush(&mut stack, &pattern[start..i]);
            stack.last_mut().expect("root").push(Node::Literal(&pattern[i..i + 1]));
            i += 2;
            start = i;
        } else if bytes[i] == b'[' {
            flush(&mut stack, &pattern[start..i]);
            stack.push(Vec::new());
            i += 1;
            start = i;
        } else if bytes[i] == b']' && stack.len() > 1 {
            flush(&mut stack, &pattern[start..i]);
            let inner = stack.pop().expect("len > 1");
            stack.last_mut().expect("root").push(Node::Optional(inner));
            i += 1;
            start = i;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    flush(&mut stack, &pattern[start..]);
    while stack.len() > 1 {
        let inner = stack.pop().expect("len > 1");
        stack.last_mut().expect("root").push(Node::Optional(inner));
    }
    stack.pop().unwrap_or_default()
}

/// The part `part` of `text`: a figure's part (`refs::part_of`) or a text part.
fn part(text: &str, part: Option<&str>) -> Option<String> {
    match part {
        Some("句") => Some(super::sentence(text)).filter(|s| !s.is_empty()),
        Some("无句号") => Some(text.trim().trim_end_matches('。').to_string()).filter(|s| !s.is_empty()),
        _ => refs::part_of(text, part),
    }
}

fn render_nodes(nodes: &[Node], lookup: &dyn Fn(&str) -> Option<Local>, out: &mut Said) -> bool {
    for node in nodes {
        match node {
            Node::Literal(s) => out.text.push_str(s),
            Node::Ref { key, part: p } => {
                let Some(local) = lookup(key) else { return false };
                let said = local.said();
                let Some(text) = part(&said.text, *p) else { return false };
                out.text.push_str(&text);
                out.cites.extend(said.cites);
            }
            Node::Optional(inner) => {
                let mut segment = Said::default();
                if render_nodes(inner, lookup, &mut segment) {
                    out.text.push_str(&segment.text);
                    out.cites.extend(segment.cites);
                }
            }
        }
    }
    true
}

/// `pattern` worded with `lookup`, or `None` when a name outside `[…]` has nothing to print.
pub(crate) fn render(pattern: &str, lookup: &dyn Fn(&str) -> Option<Local>) -> Option<Said> {
    let mut out = Said::default();
    render_nodes(&parse(pattern), lookup, &mut out).then_some(out)
}

/// The names a pattern cites, optional or not (for `check`).
pub fn names(pattern: &str) -> Vec<(&str, Option<&str>)> {
    fn walk<'a>(nodes: &[Node<'a>], out: &mut Vec<(&'a str, Option<&'a str>)>) {
        for n in nodes {
            match n {
                Node::Ref { key, part } => out.push((key, *part)),
                Node::Optional(inner) => walk(inner, out),
                Node::Literal(_) => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&parse(pattern), &mut out);
    out
}

/// Every pattern jixiao words with: its name in `[sentences]`, the names its patterns may cite
/// besides the placeholders and the report's figure keys, and what it words. A block's variant
/// is worded by `名称/变体` when that is given, else by `名称`.
pub const PATTERNS: &[(&str, &[&str], &str)] = &[
    ("人员编制", &["编制数", "各类编制", "在职人数"], "编制数和实有人数"),
    ("人员编制.类别", &["类别", "编制数", "说明"], "一类编制（各类之间以“，”连接）"),
    ("人员编制.派驻", &["派驻单位", "派驻人数"], "派驻人员（另起一段）"),
    ("离退休人员", &["人员"], "离退休人员"),
    ("离退休人员.类别", &["类别", "人数"], "一类离退休人员（以“、”连接）"),
    ("车辆", &["车辆编制", "实有车辆"], "车辆编制和实有车辆"),
    ("决算单位", &["决算单位数", "名单", "说明"], "纳入决算编报的单位"),
    ("内设机构", &["内设机构数", "名单"], "内设机构"),
    ("下属单位", &["名称", "下属单位数", "名单"], "下属单位"),
    ("基本支出", &["定义", "基本支出", "较上年"], "基本支出合计（第一段）"),
    ("基本支出.人员经费", &["名称", "说明", "本年", "占比", "较上年", "原因"], "人员经费（第二段的第一句）"),
    ("基本支出.项", &["名称", "说明", "本年", "占比", "较上年", "原因"], "日常公用经费、资本性支出"),
    ("项目支出", &["定义", "项目支出", "较上年", "原因", "项目"], "项目支出"),
    ("项目支出.项", &["名称", "本年"], "一个项目（以“，”连接）"),
    ("较上年/增减", &["增减"], "与上年相比有增减"),
    ("较上年/持平", &[], "与上年相同"),
    ("较上年/上年无", &[], "上年为零"),
    ("较上年/均无", &[], "上年和本年都为零"),
    ("项目支出.较上年/增减", &["增减"], "项目支出与上年相比有增减"),
    ("增减", &["增减额", "增减幅度"], "增减额和增减幅度"),
    ("政府性基金", &["金额"], "政府性基金预算支出"),
    ("国有资本经营", &["金额"], "国有资本经营预算支出"),
    ("社会保险基金", &["金额"], "社会保险基金预算支出"),
    ("收支概况", &[], "收支概况的引言"),
    ("年初结转和结余", &["金额", "说明"], "年初结转和结余"),
    ("年初结转和结余/冒号", &["金额", "说明"], "年初结转和结余（冒号写法）"),
    ("收入", &["总收入", "各项"], "总收入和各项收入的占比"),
    ("收入.项", &["名称", "金额", "占比"], "一项收入（以“，”连接）"),
    ("收入/同比", &["总收入", "同比", "各项"], "收入及同比增减"),
    ("收入/同比.项", &["名称", "金额", "同比"], "一项收入及同比（以“；”连接）"),
    ("收入.同比/增减", &["增减"], "总收入同比有增减"),
    ("收入.同比/持平", &[], "总收入与上年相同"),
    ("收入.项.同比/增减", &["增减"], "一项收入同比有增减"),
    ("收入.项.同比/持平", &[], "一项收入与上年相同"),
    ("收入.项.同比/上年无", &[], "一项收入上年为零"),
    ("支出", &["总支出", "预算执行率"], "总支出和预算执行率"),
    ("支出/分类", &["总支出", "人员经费", "公用经费", "资本性支出", "项目支出", "项目"], "支出按经济分类"),
    ("年末结转和结余", &["金额", "超支", "说明"], "年末结转和结余"),
    ("年末结转和结余/冒号", &["金额", "超支", "说明"], "年末结转和结余（冒号写法）"),
    ("三公经费", &["各项"], "“三公”经费逐项"),
    ("三公经费.项", &["名称", "本年", "比预算", "比上年", "说明", "接待"], "“三公”经费的一项"),
    ("三公经费/合计", &["合计", "比预算", "比上年", "各项"], "“三公”经费合计在前"),
    ("三公经费/合计.项", &["名称", "本年", "说明", "接待"], "合计在前时的一项（以“，”连接）"),
    ("三公经费.比预算/未安排", &[], "本年未安排预算"),
    ("三公经费.比预算/一致", &["预算"], "与预算数相同"),
    ("三公经费.比预算/增减", &["预算", "增减"], "与预算数相比有增减"),
    ("三公经费.比上年/上年无", &[], "上年为零"),
    ("三公经费.比上年/持平", &["上年"], "与上年决算数相同"),
    ("三公经费.比上年/增减", &["上年", "增减"], "与上年决算数相比有增减"),
    ("三公经费.接待", &["批次", "人次"], "国内公务接待批次和人次"),
    ("满意度", &["主体", "对象", "满意度", "结果"], "服务对象满意度"),
    ("满意度.达到", &["目标"], "达到目标"),
    ("满意度.未达到", &["目标"], "未达到目标"),
    ("绩效目标.项", &["名称", "内容", "附加"], "一项绩效目标"),
    ("评价结论", &["总得分", "评价等级"], "评价结论"),
    ("等级图例", &["优", "良", "中", "差"], "评价等级的分数线（{等级图例}）"),
    ("评价结论/得分在前", &["总得分", "评价等级"], "评价结论（得分在前）"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(text: &str) -> Local {
        Local::Figure(Printed { key: text.into(), label: text.into(), text: text.into(), derived: false })
    }

    fn lookup(key: &str) -> Option<Local> {
        match key {
            "金额" => Some(fig("1.00万元")),
            "增减" => Some(fig("减少2.00万元")),
            "说明" => Some(Local::Text("主要是会议费。".into())),
            _ => None,
        }
    }

    #[test]
    fn optional_segments_print_only_when_their_names_exist() {
        let r = |p: &str| render(p, &lookup).map(|s| s.text);
        assert_eq!(r("金额{金额}[，{增减}][，{原因}]。").as_deref(), Some("金额1.00万元，减少2.00万元。"));
        assert_eq!(r("金额{金额}，{原因}。"), None, "a required name that is absent fails the alternative");
        assert_eq!(r("[外[{金额}][{原因}]]").as_deref(), Some("外1.00万元"));
        assert_eq!(
            r("[[注]] {{年度}}").as_deref(),
            Some("[注] {{年度}}"),
            "braces are undoubled once, later"
        );
    }

    #[test]
    fn text_parts_close_or_open_a_sentence() {
        let r = |p: &str| render(p, &lookup).map(|s| s.text);
        assert_eq!(r("{说明:句}").as_deref(), Some("主要是会议费。"));
        assert_eq!(r("{说明:无句号}，另有").as_deref(), Some("主要是会议费，另有"));
        assert_eq!(r("{增减:数}").as_deref(), Some("2.00"));
    }

    #[test]
    fn cited_figures_come_in_printed_order_and_skipped_segments_cite_nothing() {
        let s = render("{增减}[{原因}{金额}]{金额}", &lookup).unwrap();
        let keys: Vec<&str> = s.cites.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["减少2.00万元", "1.00万元"]);
    }
}
