//! Templates and parts: every preset starts a report that loads, checks and builds; a report
//! can print its tables alone, a cover, its own outline; an approved table with a known
//! disagreement prints exactly with a scoped allow; a template file of one's own is named by
//! path, and a broken one is reported like a report.

mod common;
use common::*;

fn check_json(path: &std::path::Path) -> serde_json::Value {
    let out = jixiao(&["check", path.to_str().unwrap(), "--format", "json"]);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)))
}

fn codes(doc: &serde_json::Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{}", f["severity"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect()
}

#[test]
fn every_preset_starts_a_report_that_checks_with_only_markers_and_builds() {
    let out = jixiao(&["templates"]);
    assert!(out.status.success());
    let listing = stdout(&out);
    for name in ["湖南2020", "县级", "得分在前", "重庆", "评分表"] {
        assert!(listing.contains(name), "{listing}");
        let dir = scratch(&format!("preset-{name}"));
        let file = dir.join("2023年度自评报告.toml");
        let out = jixiao(&["init", "--template", name, file.to_str().unwrap()]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let doc = check_json(&file);
        let found = codes(&doc);
        assert!(!found.is_empty() && found.iter().all(|c| c == "warning:J308"), "{name}: {found:?}");
        let pdf = build(file.to_str().unwrap(), &dir, "new.pdf");
        let text = pdf_text(&pdf);
        assert!(text.contains("【待填写："), "{name}: the markers print");
    }
    // The blocks catalogue, with the variants of a block.
    let blocks = stdout(&jixiao(&["templates", "--blocks"]));
    assert!(blocks.contains("三公经费") && blocks.contains("variant = \"合计\""), "{blocks}");
}

#[test]
fn the_tables_alone_print_unlabelled_from_page_one_and_need_no_body() {
    let dir = scratch("parts-tables");
    // The seed without any of its body text: the tables still have everything they need.
    let seed = std::fs::read_to_string(SEED).unwrap();
    let mut text = String::new();
    let mut skip = false;
    for line in seed.lines() {
        if line.starts_with('[') {
            skip = matches!(
                line.split_whitespace().next().unwrap_or(""),
                "[performance]" | "[[performance.achievements]]" | "[closing]" | "[[goals]]"
            );
        }
        let body_key = ["intro", "duties", "definition", "reason", "carryover_note", "closing_note"]
            .iter()
            .any(|k| line.starts_with(&format!("{k} =")));
        if !skip && !body_key {
            text.push_str(line);
            text.push('\n');
        }
    }
    // Multi-line arrays of the body (duties) leave their lines behind: cut them out.
    let text = text.replace("date = 2021-06-30", "date = 2021-06-30\nparts = [\"基础数据表\", \"自评表\"]");
    let cut = |t: &str, from: &str, to: &str| -> String {
        match (t.find(from), t.find(to)) {
            (Some(a), Some(b)) if a < b => format!("{}{}", &t[..a], &t[b..]),
            _ => t.to_string(),
        }
    };
    let text = cut(&text, "  \"严格执行党的干部路线", "# 二、一般公共预算支出情况");
    let file = dir.join("tables.toml");
    std::fs::write(&file, &text).unwrap();
    let doc = check_json(&file);
    assert!(codes(&doc).iter().all(|c| !c.starts_with("error")), "{:?}", codes(&doc));
    let pdf = build(file.to_str().unwrap(), &dir, "tables.pdf");
    let read = pdf::read(&pdf);
    assert_eq!(read.pages.len(), 3, "附件1 on one page, 附件2 on two");
    let text = text_of(&read);
    assert!(!text.contains("附件1") && !text.contains("附件2") && !text.contains("附件："), "unlabelled");
    assert!(
        text.starts_with("单位名称：中国共产党益阳市委员会组织部2020年度部门整体支出绩效评价基础数据表")
            || text.contains("2020年度部门整体支出绩效评价基础数据表")
    );
    let first_page_numbers: Vec<String> = read.pages[0]
        .lines()
        .into_iter()
        .filter(|l| is_page_number(l))
        .map(|l| l.chars().filter(char::is_ascii_digit).collect())
        .collect();
    assert_eq!(first_page_numbers, vec!["1"], "numbered from 1");
    assert_eq!(read.title.as_deref(), Some("2020年度部门整体支出绩效评价基础数据表"));
    // The same figures as the whole report prints.
    for cell in ["34.86", "1864.04", "1794.03", "98.53%", "其中：基本支出：1102.32"] {
        assert!(text.contains(cell), "{cell}");
    }
}

#[test]
fn a_cover_comes_first_unnumbered_and_the_report_starts_at_page_one() {
    let dir = scratch("parts-cover");
    let file = seed_with(
        &dir,
        "cover.toml",
        "# 一、单位基本情况",
        "[cover]\nsupervisor = \"中共益阳市委\"\nevaluation_type = \"部门整体支出\"\nmethod = \"单位自评\"\nevaluator = \"市委组织部绩效评价工作组\"\ndate = \"2021年6月\"\nissuer = \"益阳市财政局（制）\"\n\n# 一、单位基本情况",
    );
    let pdf = build(file.to_str().unwrap(), &dir, "cover.pdf");
    let read = pdf::read(&pdf);
    let cover: String = read.pages[0].lines().concat();
    for field in [
        "部门整体支出绩效自评报告",
        "主管部门",
        "中共益阳市委",
        "部门整体支出■",
        "项目支出□",
        "益阳市财政局（制）",
    ] {
        assert!(cover.replace(' ', "").contains(field), "{field} not on the cover: {cover}");
    }
    assert!(read.pages[0].lines().iter().all(|l| !is_page_number(l)), "the cover is not numbered");
    assert!(read.pages[1].lines().concat().contains("财政部门意见"), "the opinions page");
    let number = |p: &pdf::Page| -> Option<String> {
        p.lines()
            .into_iter()
            .find(|l| is_page_number(l))
            .map(|l| l.chars().filter(char::is_ascii_digit).collect())
    };
    assert_eq!(number(&read.pages[2]).as_deref(), Some("1"), "the report starts at page 1");
    assert_eq!(number(&read.pages[3]).as_deref(), Some("2"));
    assert_eq!(read.pages.len(), 19);
}

#[test]
fn an_approved_table_with_a_known_disagreement_prints_exactly_with_a_scoped_allow() {
    // 按支出性质分 as the bureau approved it: 1001.73 + 692.30 = 1694.03, about 5.6% below the
    // 全年执行数 1794.03 of the same form.
    let dir = scratch("approved");
    let seed = std::fs::read_to_string(SEED).unwrap();
    let stated = seed
        .replacen(
            "[finance.by_source]",
            "[finance.by_nature]             # 按支出性质分，照审定的表\nbasic = 1001.73\nprojects = 692.30\n\n[finance.by_source]",
            1,
        )
        .replacen("placeholder_rows = true", "placeholder_rows = true\n\n[attachment2.x]", 1);
    // by_nature = "执行数" belongs in [attachment2]: put it after execution_weight.
    let stated = stated
        .replacen("execution_weight = 10 ", "by_nature = \"执行数\"\nexecution_weight = 10 ", 1)
        .replace("\n\n[attachment2.x]", "");
    let without = dir.join("without.toml");
    std::fs::write(&without, &stated).unwrap();
    let out = jixiao(&["build", without.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "the disagreement stops the build: {}", stderr(&out));
    assert!(
        stderr(&out).contains("J201") && stderr(&out).contains("1694.03") && stderr(&out).contains("1794.03"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("without.pdf").exists());
    // A file-wide allow of an error is refused: it must name its place.
    let wide = dir.join("wide.toml");
    std::fs::write(&wide, format!("{stated}\n[[allow]]\ncode = \"J201\"\nreason = \"财政局审定的表\"\n"))
        .unwrap();
    let out = jixiao(&["build", wide.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("只能按位置放过"), "{}", stderr(&out));
    // Scoped to the lines it covers, with the reason: it builds, exactly as approved.
    let with = dir.join("with.toml");
    std::fs::write(
        &with,
        format!("{stated}\n[[allow]]\ncode = \"J201\"\nreason = \"按益阳市财政局2021年6月审定的表照录\"\nat = \"finance.by_nature\"\n{AMOUNTS}\n"),
    )
    .unwrap();
    let out = jixiao(&["build", with.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("（已说明）") && stderr(&out).contains("审定的表照录"), "{}", stderr(&out));
    let pdf = dir.join("with.pdf");
    let text = pdf_text(&pdf);
    assert!(
        text.contains("其中：基本支出：1001.73") && text.contains("项目支出：692.30"),
        "printed as approved"
    );
    let bytes = std::fs::read(&pdf).unwrap();
    let meta = String::from_utf8_lossy(&bytes);
    assert!(meta.contains("已说明J201"), "the acknowledgement is in the PDF's metadata");
    // Counted in the 汇总表.
    let csv = dir.join("汇总表.csv");
    let out = jixiao(&["check", with.to_str().unwrap(), "--format", "csv", "-o", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let table = std::fs::read_to_string(&csv).unwrap();
    assert!(table.lines().nth(1).unwrap().trim_end().ends_with(",0,3,1"), "{table}");
    // The allow covers that place only: a new disagreement elsewhere is still an error.
    let elsewhere = dir.join("elsewhere.toml");
    std::fs::write(
        &elsewhere,
        std::fs::read_to_string(&with).unwrap().replacen("general = 1863.84", "general = 1863.94", 1),
    )
    .unwrap();
    let out = jixiao(&["check", elsewhere.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("错误[J201]：按收入性质分"), "{}", stderr(&out));

    // Without the amounts, check says which to record (a warning; it still excuses).
    let unpinned = dir.join("unpinned.toml");
    std::fs::write(&unpinned, std::fs::read_to_string(&with).unwrap().replacen(AMOUNTS, "", 1)).unwrap();
    let err = stderr(&jixiao(&["check", unpinned.to_str().unwrap()]));
    assert!(err.contains("警告[J007]：放过 J201 时要记下当时的金额"), "{err}");
    assert!(err.contains(&format!("加一行：{AMOUNTS}")), "the line to copy: {err}");

    // The approved figures change: the allow no longer excuses, and says what it excused.
    let changed = dir.join("changed.toml");
    std::fs::write(
        &changed,
        std::fs::read_to_string(&with).unwrap().replacen("basic = 1001.73", "basic = 1001.83", 1),
    )
    .unwrap();
    let out = jixiao(&["build", changed.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("错误[J201]："), "the disagreement is an error again: {err}");
    assert!(
        err.contains("这条 allow 已过时：放过时 J201 的金额是 100.00, 692.30, 1001.73, 1694.03, 1794.03，现在是 99.90, 692.30, 1001.83, 1694.13, 1794.03"),
        "{err}"
    );

    // An allow whose place holds no such finding is an error, naming where the finding is.
    let misplaced = dir.join("misplaced.toml");
    std::fs::write(
        &misplaced,
        std::fs::read_to_string(&with).unwrap().replacen(
            "at = \"finance.by_nature\"",
            "at = \"basic.budget\"",
            1,
        ),
    )
    .unwrap();
    let out = jixiao(&["check", misplaced.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("at = \"basic.budget\" 处没有 J201：这类问题在第"), "{err}");
    assert!(!err.contains("没有 J201 这类问题了"), "never claims the J201 is gone: {err}");
}

/// The line `check` asks an allow of the approved 按支出性质分 to record.
const AMOUNTS: &str = "amounts = [100.00, 692.30, 1001.73, 1694.03, 1794.03]";

#[test]
fn an_unknown_prior_year_figure_makes_no_comparison() {
    let dir = scratch("unknown-last-year");
    let file = seed_with(&dir, "unknown.toml", "actual = 19.57\nlast_year = 0\n", "actual = 19.57\n");
    let text = pdf_text(&build(file.to_str().unwrap(), &dir, "u.pdf"));
    assert!(text.contains("2020年资本性支出（公务用车购置）19.57万元，占基本支出的1.78%。"), "no comparison");
    assert!(!text.contains("上年度无该项支出。2020年"), "never the false sentence");
    // The total of 基本支出 cannot be compared either.
    assert!(text.contains("2020年基本支出1101.73万元。基本支出中"), "{}", &text[..2000.min(text.len())]);
}

#[test]
fn a_report_renames_reorders_and_adds_sections_and_a_bureau_names_its_own_template() {
    let dir = scratch("own-outline");
    // A bureau's template starting from the county one, with its own title and one heading more.
    std::fs::create_dir_all(dir.join("模板")).unwrap();
    std::fs::write(
        dir.join("模板/本局.toml"),
        "name = \"本局\"\ndescription = \"测试用\"\nbase = \"湖南2020\"\n\n[attachment2]\nform = \"全国\"\ntitle = [\"部门整体支出绩效自评表\", \"（{年度}年度）\"]\n\n[labels]\ndepartment = \"部门\"\n",
    )
    .unwrap();
    let sections = "template = \"模板/本局.toml\"\n\n[[sections]]\nheading = \"自评得分情况\"\ncontent = [{ block = \"评价结论\", variant = \"得分在前\" }]\n\n[[sections]]\nheading = \"基本情况\"\ncontent = [\"本部是市委主管组织工作的职能部门。\", { block = \"人员编制\" }]\n\n[[sections]]\nlevel = 2\nheading = \"职能职责。\"\ncontent = [{ block = \"职能职责\", variant = \"段落\" }]\n\n[[sections]]\nheading = \"其他需要说明的情况\"\ncontent = [{ item = \"无。\", lead = \"其他：\" }]\n\n";
    let file = dir.join("own.toml");
    let seed = std::fs::read_to_string(SEED).unwrap();
    std::fs::write(&file, seed.replacen("[report]", &format!("{sections}[report]"), 1)).unwrap();
    let pdf = build(file.to_str().unwrap(), &dir, "own.pdf");
    let text = pdf_text(&pdf);
    let mut at = 0;
    for h in [
        "一、自评得分情况",
        "经自评，中共益阳市委组织部2020年度部门整体支出绩效自评综合评分为96分，评价等级为“优秀”。",
        "二、基本情况",
        "本部是市委主管组织工作的职能部门。",
        "（一）职能职责。",
        "严格执行党的干部路线",
        "三、其他需要说明的情况",
        "1.其他：无。",
        "附件：1.部门整体支出绩效评价基础数据表",
        "部门整体支出绩效自评表（2020年度）",
        "部门中国共产党益阳市委员会组织部",
        "其中：当年财政拨款",
    ] {
        let pos = text[at..].find(h).unwrap_or_else(|| panic!("{h} missing or out of order"));
        at += pos + h.len();
    }
    assert!(!text.contains("九、"), "only the report's own sections");
    // A broken template file is reported like a report: file, line and column.
    std::fs::write(
        dir.join("模板/本局.toml"),
        "name = \"本局\"\ndescription = \"测试用\"\n[labels]\ndepartmnt = \"部门\"\n",
    )
    .unwrap();
    let out = jixiao(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("本局.toml:4:1") && err.contains("不认识的键 departmnt") && err.contains("department"),
        "{err}"
    );
    // And an unknown preset names the ones there are.
    let wrong = seed_with(&dir, "wrong.toml", "[report]", "template = \"湖北2020\"\n\n[report]");
    let err = stderr(&jixiao(&["check", wrong.to_str().unwrap()]));
    assert!(
        err.contains("没有名为“湖北2020”的模板") && err.contains("“县级”") && err.contains("wrong.toml:6:12"),
        "{err}"
    );
}
