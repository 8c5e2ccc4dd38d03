//! Every printed piece can be switched off or rearranged from the layout keys: `[settings]
//! hide` (the title, the form titles, the unit line, the 总分 row, the 附件 labels, the 附件说明,
//! the cover's opinion page) and `[cover] fields` (built-in lines reordered or left out, lines of
//! the template's own such as 预算编码 or 评价小组).

mod common;
use common::*;

/// The seed with a template file of its own (based on the default preset) and `extra` appended
/// to the report.
fn seed_with_template(dir: &std::path::Path, template: &str, extra: &str) -> std::path::PathBuf {
    std::fs::write(dir.join("mine.toml"), template).unwrap();
    let seed = std::fs::read_to_string(SEED).unwrap();
    let path = dir.join("report.toml");
    std::fs::write(&path, format!("template = \"mine.toml\"\n{seed}\n{extra}")).unwrap();
    path
}

#[test]
fn a_template_switches_pieces_off_and_a_report_switches_them_back_on() {
    let dir = scratch("pieces-hide");
    let template = "name = \"我的模板\"\ndescription = \"测试\"\nbase = \"湖南2020\"\n\n[settings]\nhide = [\"标题\", \"附件标识\", \"附件说明\", \"总分行\"]\n";
    let report = seed_with_template(&dir, template, "");
    let text = pdf_text(&build(report.to_str().unwrap(), &dir, "hidden.pdf"));
    assert!(text.starts_with("根据中央"), "no title: {}", &text[..60]);
    assert!(
        !text.contains("附件：") && !text.contains("附件1") && !text.contains("附件2"),
        "no 附件 labels or note"
    );
    let form = &text[text.rfind("部门整体支出绩效自评表").unwrap()..];
    assert!(!form.contains("总分"), "no 总分 row: {form}");
    assert!(text.contains("2020年度部门整体支出绩效评价基础数据表"), "the forms keep their titles");

    // The report's own `hide` wins over its template's: `[]` prints everything again.
    let seed =
        std::fs::read_to_string(&report).unwrap().replacen("[settings]\n", "[settings]\nhide = []\n", 1);
    std::fs::write(&report, seed).unwrap();
    let text = pdf_text(&build(report.to_str().unwrap(), &dir, "shown.pdf"));
    assert!(text.starts_with("2020年度中共益阳市委组织部整体支出绩效自评报告"));
    assert!(text.contains("附件：") && text.contains("附件2") && text.contains("总分"));
}

#[test]
fn cover_fields_are_a_list_and_the_opinion_page_can_go() {
    let dir = scratch("pieces-cover");
    let template = "name = \"我的模板\"\ndescription = \"测试\"\nbase = \"湖南2020\"\n\n[settings]\nhide = [\"意见页\", \"表题\"]\n";
    let cover = "[cover]\nmethod = \"单位自评\"\nfields = [\n  { field = \"单位名称\" },\n  { label = \"预算编码\", value = \"301001\" },\n  { field = \"评价方式\" },\n  { label = \"评价小组\", value = \"王某（组长）、李某、赵某\" },\n]\n";
    let report = seed_with_template(&dir, template, cover);
    let pdf = build(report.to_str().unwrap(), &dir, "cover.pdf");
    let doc = pdf::read(&pdf);
    let cover_text: String = doc.pages[0].lines().concat();
    let order =
        ["单位名称：", "中共益阳市委组织部", "预算编码：", "301001", "评价方式：", "单位自评", "评价小组："];
    let mut at = 0;
    for piece in order {
        let found =
            cover_text[at..].find(piece).unwrap_or_else(|| panic!("{piece} not in order: {cover_text}"));
        at += found + piece.len();
    }
    assert!(!cover_text.contains("主管部门") && !cover_text.contains("评价类型"), "{cover_text}");
    // No opinion page: the report starts on the second page, numbered 1.
    let second: String = doc.pages[1].lines().concat();
    assert!(!second.contains("单位意见") && second.contains("整体支出绩效自评报告"), "{second}");
    assert!(second.contains("— 1 —") || second.contains("—1—"), "{second}");
    // Form titles off: the forms start with their tables.
    let text = text_of(&doc);
    assert!(!text.contains("2020年度部门整体支出绩效评价基础数据表"));
}

/// Parts in any order: a cover and a 目录 before the body, the 目录 listing the headings with the
/// page numbers they print on; front matter is unnumbered and the body starts at page 1.
#[test]
fn a_table_of_contents_lists_the_headings_with_their_page_numbers() {
    let dir = scratch("pieces-contents");
    let report = seed_with(
        &dir,
        "contents.toml",
        "[report]\n",
        "[report]\nparts = [\"封面\", \"目录\", \"正文\", \"自评表\", \"基础数据表\"]\n",
    );
    let text = std::fs::read_to_string(&report).unwrap() + "\n[cover]\nmethod = \"单位自评\"\n";
    std::fs::write(&report, text).unwrap();
    let doc = pdf::read(&build(report.to_str().unwrap(), &dir, "contents.pdf"));
    let toc: Vec<String> = doc.pages[2].lines();
    assert!(toc.iter().any(|l| l.contains("目录")), "{toc:?}");
    // Each entry ends with the page its heading prints on (body pages counted from 1).
    let page_of = |heading: &str| -> usize {
        doc.pages[3..].iter().position(|p| p.lines().iter().any(|l| l.starts_with(heading))).unwrap() + 1
    };
    for heading in ["一、单位基本情况", "六、部门整体支出绩效情况", "九、"] {
        let entry =
            toc.iter().find(|l| l.starts_with(heading)).unwrap_or_else(|| panic!("{heading}: {toc:?}"));
        let number: String = entry
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        assert_eq!(number.parse::<usize>().unwrap(), page_of(heading), "{entry}");
    }
    // The parts come in the order asked: the 自评表 before the 基础数据表, labelled in that order.
    let all = text_of(&doc);
    assert!(
        all.rfind("部门整体支出绩效自评表").unwrap() < all.rfind("部门整体支出绩效评价基础数据表").unwrap()
    );
    let first_body: String = doc.pages[3].lines().concat();
    assert!(first_body.contains("— 1 —") || first_body.contains("—1—"), "{first_body}");
}

/// Decimal numbering with parent counters (1. / 1.1) and a start value for the first level.
#[test]
fn headings_number_with_parent_counters_from_a_start_value() {
    let dir = scratch("pieces-numbering");
    let report = seed_with(
        &dir,
        "decimal.toml",
        "[settings]\n",
        "[settings]\nnumbering = [\"{1}.\", \"{1.1}\", \"{1.1.1}\", \"（{1}）\"]\nnumbering_start = [3]\n",
    );
    let text = pdf_text(&build(report.to_str().unwrap(), &dir, "decimal.pdf"));
    for heading in [
        "3.单位基本情况",
        "3.1组织机构设置情况",
        "3.2单位的职能职责",
        "4.一般公共预算支出情况",
        "4.1基本支出",
    ] {
        assert!(text.contains(heading), "{heading} missing");
    }
    assert!(!text.contains("一、单位基本情况"));
}

/// `[attachment2] notes`: a 备注 under the 自评表, a reference in it printed as the figure.
#[test]
fn the_self_evaluation_form_prints_its_notes() {
    let dir = scratch("pieces-notes");
    let report = seed_with(
        &dir,
        "notes.toml",
        "[attachment2]\n",
        "[attachment2]\nnotes = [\"备注：1.预算执行率得分 = 分值 × 执行率。\", \"2.本表总分为{附件2.总得分}。\"]\n",
    );
    let text = pdf_text(&build(report.to_str().unwrap(), &dir, "notes.pdf"));
    let form = &text[text.rfind("附件2").unwrap()..];
    let at = form.find("备注：1.预算执行率得分=分值×执行率。").unwrap_or_else(|| panic!("no note: {form}"));
    assert!(form[at..].contains("2.本表总分为96。"), "{form}");
    assert!(form.find("总分").unwrap() < at, "the notes come after the table");
}

/// `[[outline_edits]]`: one section of the template's outline changed without copying it: a
/// paragraph appended, a section inserted after another, one removed, one renamed; an edit that
/// names no section is an error at its place.
#[test]
fn a_report_edits_one_section_of_its_templates_outline() {
    let dir = scratch("pieces-edits");
    let edits = "\n[[outline_edits]]\nat = \"存在的问题及原因分析\"\naction = \"之后插入\"\nheading = \"其他需要说明的情况\"\ncontent = [\"本年度无其他需要说明的情况。\"]\n\n[[outline_edits]]\nat = \"社会保险基金预算支出情况\"\naction = \"删除\"\n\n[[outline_edits]]\nat = \"单位的职能职责\"\naction = \"追加内容\"\ncontent = [\"以上职责由部机关各科室分工承担。\"]\n\n[[outline_edits]]\nat = \"下一步改进措施\"\naction = \"替换\"\nheading = \"改进措施\"\n";
    let report = dir.join("edits.toml");
    let seed = std::fs::read_to_string(SEED).unwrap();
    // The seed has no outline of its own: the edits change its template's.
    let cut = seed.len();
    std::fs::write(&report, format!("{}{edits}", &seed[..cut])).unwrap();
    let text = pdf_text(&build(report.to_str().unwrap(), &dir, "edits.pdf"));
    for piece in [
        "（二）单位的职能职责",
        "以上职责由部机关各科室分工承担。二、一般公共预算支出情况",
        "四、国有资本经营预算支出情况",
        "五、部门整体支出绩效情况",
        "六、存在的问题及原因分析",
        "七、其他需要说明的情况本年度无其他需要说明的情况。八、改进措施",
    ] {
        assert!(text.contains(piece), "{piece} missing");
    }
    assert!(!text.contains("社会保险基金预算支出情况"));

    let wrong = dir.join("wrong.toml");
    std::fs::write(
        &wrong,
        format!("{}\n[[outline_edits]]\nat = \"不存在的标题\"\naction = \"删除\"\n", &seed[..cut]),
    )
    .unwrap();
    let out = jixiao(&["check", wrong.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("大纲中没有标题为“不存在的标题”的一节")
            || stdout(&out).contains("大纲中没有标题为“不存在的标题”的一节")
    );
}

/// `[attachment2] header`: a line of items above the 自评表 (单位名称 … 填报日期).
#[test]
fn a_form_has_a_header_line_above_its_table() {
    let dir = scratch("pieces-header");
    let report = seed_with(
        &dir,
        "header.toml",
        "[attachment2]\n",
        "[attachment2]\nheader = [\"单位名称：{单位全称}\", \"填报日期：2021年4月12日\"]\n",
    );
    let doc = pdf::read(&build(report.to_str().unwrap(), &dir, "header.pdf"));
    // (The 附件说明 names the form too: the page is the one with the table.)
    let page = doc.pages.iter().find(|p| p.lines().iter().any(|l| l.starts_with("预算部门"))).unwrap();
    let lines: Vec<String> = page.lines().iter().map(|l| l.replace(' ', "")).collect();
    let at = lines
        .iter()
        .position(|l| l.contains("单位名称：中国共产党益阳市委员会组织部"))
        .unwrap_or_else(|| panic!("the header line: {lines:?}"));
    assert!(lines[at].contains("填报日期：2021年4月12日"), "one line: {}", lines[at]);
    let table = lines.iter().position(|l| l.starts_with("预算部门")).unwrap();
    assert!(at < table, "above the table");
}
