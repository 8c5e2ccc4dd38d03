//! `jixiao init`: a blank report and next year's report from last year's, end to end.

mod common;
use common::*;

use std::path::Path;

fn table(path: &Path) -> toml::Table {
    std::fs::read_to_string(path).unwrap().parse().unwrap()
}

fn check_json(path: &Path) -> serde_json::Value {
    let out = jixiao(&["check", path.to_str().unwrap(), "--format", "json"]);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

fn codes<'a>(doc: &'a serde_json::Value, severity: &str) -> Vec<&'a serde_json::Value> {
    doc["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == severity).collect()
}

#[test]
fn the_year_comes_from_the_file_name_unless_given() {
    // The README's first command names the year only in the file name.
    let dir = scratch("init-year");
    let named = dir.join("2023年度自评报告.toml");
    let out = jixiao(&["init", named.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("（2023年度，"), "{}", stderr(&out));
    assert_eq!(table(&named)["report"]["year"].as_integer(), Some(2023));
    let given = dir.join("2023年度-副本.toml");
    assert!(jixiao(&["init", given.to_str().unwrap(), "--year", "2022"]).status.success());
    assert_eq!(table(&given)["report"]["year"].as_integer(), Some(2022));
}

#[test]
fn blank_report_builds_and_check_lists_what_is_left_to_fill() {
    let dir = scratch("init-blank");
    let new = dir.join("2021年度自评报告.toml");
    let out = jixiao(&["init", new.to_str().unwrap(), "--year", "2021"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("处待填写"), "{}", stderr(&out));
    let text = std::fs::read_to_string(&new).unwrap();
    assert!(text.starts_with("#:schema ./jixiao.schema.json\n"), "{text}");
    assert!(dir.join("jixiao.schema.json").exists(), "the schema is written beside the report");
    // Comments explain where figures come from.
    for phrase in ["决算", "预算批复", "人事部门", "万元"] {
        assert!(text.contains(phrase), "no comment mentions {phrase}");
    }
    let t = table(&new);
    assert_eq!(t["report"]["year"].as_integer(), Some(2021));
    assert_eq!(t["attachment2"]["indicators"].as_array().unwrap().len(), 18);

    // check: no errors; one J308 warning per marker, each with its line.
    let doc = check_json(&new);
    assert!(codes(&doc, "error").is_empty(), "{doc:#}");
    let todo: Vec<_> = codes(&doc, "warning").into_iter().filter(|f| f["code"] == "J308").collect();
    let markers: usize = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| l.matches("【待填写：").count())
        .sum();
    assert_eq!(todo.len(), markers, "{doc:#}");
    assert!(todo.len() > 30);
    for f in &todo {
        let line = f["line"].as_u64().unwrap() as usize;
        assert!(text.lines().nth(line - 1).unwrap().contains("【待填写："), "{f}");
    }
    assert!(todo.iter().any(|f| f["message"] == "还没有填写：单位名称"));
    let human = jixiao(&["check", new.to_str().unwrap()]);
    assert!(human.status.success());
    assert!(stderr(&human).contains("警告[J308]：还没有填写：单位名称"), "{}", stderr(&human));

    // build: counts the markers in one line (check lists them) and the PDF shows them.
    let pdf = dir.join("blank.pdf");
    let out = jixiao(&["build", new.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("还有 {} 处“【待填写：…】”", todo.len())), "{}", stderr(&out));
    assert!(!stderr(&out).contains("[J308]"), "{}", stderr(&out));
    let pdf = pdf_text(&pdf);
    for s in [
        "2021年度【待填写：单位名称】",
        "整体支出绩效自评报告",
        "九、部门整体支出绩效自评结果拟应用和公开情况",
        "2021年度部门整体支出绩效评价基础数据表",
        "2021年度部门整体支出绩效自评表",
        "【待填写：第一条职能职责】",
        "产出指标",
        "服务对象满意度：",
    ] {
        assert!(pdf.contains(s), "missing in the blank PDF: {s}");
    }
}

#[test]
fn init_never_overwrites_without_force() {
    let dir = scratch("init-force");
    let new = dir.join("a.toml");
    std::fs::write(&new, "我的报告\n").unwrap();
    let out = jixiao(&["init", new.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("已经存在") && stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&new).unwrap(), "我的报告\n");
    let out = jixiao(&["init", new.to_str().unwrap(), "--force", "--no-schema"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Without the schema file, no directive that points at nothing.
    assert!(!std::fs::read_to_string(&new).unwrap().starts_with("#:schema"));
    assert!(!dir.join("jixiao.schema.json").exists(), "--no-schema");

    // Nor into a folder that does not exist, nor onto a folder, nor onto last year's file.
    let out = jixiao(&["init", dir.join("no/such.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("不存在"));
    let out = jixiao(&["init", dir.to_str().unwrap()]);
    assert!(stderr(&out).contains("文件夹"));
    let seed = dir.join("seed.toml");
    std::fs::copy(SEED, &seed).unwrap();
    let out = jixiao(&["init", "--from", seed.to_str().unwrap(), seed.to_str().unwrap(), "--force"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("上年的文件"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&seed).unwrap(), std::fs::read(SEED).unwrap());
}

#[test]
fn next_year_from_last_year() {
    let dir = scratch("init-rollover");
    let before = std::fs::read(SEED).unwrap();
    let new = dir.join("2021.toml");
    let out = jixiao(&["init", "--from", SEED, new.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(SEED).unwrap(), before, "last year's file is not changed");

    let text = std::fs::read_to_string(&new).unwrap();
    let t = table(&new);
    assert_eq!(t["report"]["year"].as_integer(), Some(2021));
    // This year's 决算 became last year's, written exactly as in the 2020 file.
    assert!(text.contains("\nlast_year = 976.20\n"), "the literal is kept as written");
    assert_eq!(t["basic"]["personnel"]["last_year"].as_float(), Some(976.2));
    assert_eq!(t["basic"]["personnel"]["actual"].as_integer(), Some(0));
    assert_eq!(t["basic"]["public"]["last_year"].as_float(), Some(105.96));
    assert_eq!(t["basic"]["capital"]["last_year"].as_float(), Some(19.57));
    assert_eq!(t["sangong"]["reception"]["last_year"].as_float(), Some(4.38));
    assert_eq!(t["sangong"]["reception"]["actual"].as_integer(), Some(0));
    assert_eq!(t["sangong"]["vehicle_operation"]["last_year"].as_float(), Some(10.91));
    let items = t["projects"]["items"].as_array().unwrap();
    assert_eq!(items[0]["name"].as_str(), Some("业务工作经费"));
    assert_eq!(items[0]["last_year"].as_float(), Some(669.35));
    assert_eq!(items[0]["budget"].as_integer(), Some(0));
    let public_items = t["basic"]["public_items"].as_array().unwrap();
    assert_eq!(public_items[0]["last_year"].as_float(), Some(0.07));
    // The unit and the indicator structure carried over.
    assert_eq!(t["report"]["department_short_name"].as_str(), Some("市委组织部"));
    assert_eq!(t["report"]["title_lines"][0].as_str(), Some("2021年度中共益阳市委组织部"));
    assert_eq!(t["organization"]["duties"].as_array().unwrap().len(), 14);
    let rows = t["attachment2"]["indicators"].as_array().unwrap();
    assert_eq!(rows[0]["name"].as_str(), Some("公务员考录"));
    assert_eq!(rows[0]["target"].as_str(), Some("≥270人次"));
    assert_eq!(rows[0]["weight"].as_integer(), Some(10));
    assert!(rows[0].get("score").is_none());
    assert_eq!(rows[0]["actual"].as_str(), Some("【待填写：实际完成值】"));
    assert_eq!(t["satisfaction"]["target"].as_integer(), Some(80));
    // The narrative is cleared, last year's kept as comments.
    assert!(t["report"]["intro"].as_str().unwrap().starts_with("【待填写："));
    assert!(text.contains("# 上年：根据中央、省、市有关绩效管理办法"), "{text}");
    assert!(text.contains("# 上年：接待支出主要用于餐费"));
    assert!(text.contains("2020年末结转和结余为 70.01 万元"));
    assert!(text.contains("# 上年年末：63人"));

    // It checks without errors and builds.
    let doc = check_json(&new);
    assert!(codes(&doc, "error").is_empty(), "{doc:#}");
    assert!(codes(&doc, "warning").iter().any(|f| f["code"] == "J308"));
    let pdf = pdf_text(&build(new.to_str().unwrap(), &dir, "2021.pdf"));
    for s in [
        "2021年度中共益阳市委组织部",
        "基本支出中人员经费0.00万元",
        "较上年减少976.20万元",
        "2020年决算数",
        "2021年预算数",
        "公务员考录",
        "【待填写：开头段落",
    ] {
        assert!(pdf.contains(s), "missing in the 2021 PDF: {s}");
    }
}

#[test]
fn rollover_of_a_rollover_keeps_loading() {
    let dir = scratch("init-twice");
    let a = dir.join("2021.toml");
    let b = dir.join("2022.toml");
    assert!(jixiao(&["init", "--from", SEED, a.to_str().unwrap()]).status.success());
    let out = jixiao(&["init", "--from", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let t = table(&b);
    assert_eq!(t["report"]["year"].as_integer(), Some(2022));
    assert_eq!(t["basic"]["personnel"]["last_year"].as_integer(), Some(0));
    // Markers are not carried as “last year's text”.
    assert!(!std::fs::read_to_string(&b).unwrap().contains("# 上年：【待填写"));
    let doc = check_json(&b);
    assert!(codes(&doc, "error").is_empty(), "{doc:#}");
}

/// The layout keys of a report, each changing what prints: the parts with a cover and a 目录,
/// an outline edit, cover fields, hidden pieces, numbering from 2, the 自评表's header and notes,
/// a sentence of its own, a stated figure.
fn seed_with_layout_keys(dir: &Path) -> std::path::PathBuf {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let layout = seed
        .replacen("[report]\n", "[report]\nparts = [\"封面\", \"目录\", \"正文\", \"基础数据表\", \"自评表\"]\n", 1)
        .replacen(
            "[settings]\n",
            "[settings]\nhide = [\"意见页\", \"附件说明\"]\nnumbering = [\"{一}．\", \"（{一}）\", \"{1}.\", \"（{1}）\"]\nnumbering_start = [2]\n",
            1,
        )
        .replacen(
            "[attachment2]\n",
            "[attachment2]\nheader = [\"金额单位：万元\", \"单位名称：{单位全称}\"]\nnotes = [\"备注：预算执行率得分按每低1个百分点扣1分计算。\"]\n",
            1,
        );
    let extra = r#"
[[outline_edits]]
at = "部门整体支出绩效自评结果拟应用和公开情况"
action = "之后插入"
heading = "其他需要说明的情况"
content = ["本年度无其他需要说明的情况。", { block = "车辆" }]

[cover]
method = "单位自评"
date = "2021年3月"
fields = [
  { field = "单位名称" },
  { label = "预算编码", value = "301001" },
  { field = "评价方式" },
]

[sentences]
"车辆" = ["{简称}共有公务用车{实有车辆}（编制{车辆编制}）。"]

[stated]
"总收入" = 1706.98
"#;
    let path = dir.join("2020.toml");
    std::fs::write(&path, format!("{layout}\n{extra}")).unwrap();
    path
}

/// The pieces each layout key prints, in the text of a PDF.
fn layout_pieces(text: &str, year: i64) {
    for piece in [
        "预算编码：", // cover fields
        "301001",
        "目录",                                           // the 目录 part
        "二．单位基本情况",                               // numbering from 2 with its own pattern
        "其他需要说明的情况",                             // the outline edit
        "共有公务用车",                                   // the report's sentence for 车辆
        "金额单位：万元",                                 // the 自评表's header
        "备注：预算执行率得分按每低1个百分点扣1分计算。", // and its notes
    ] {
        assert!(text.contains(piece), "{year}: no {piece} in the PDF");
    }
    assert!(!text.contains("单位意见"), "{year}: the opinion page is hidden");
    assert!(!text.contains("附件："), "{year}: the 附件说明 is hidden");
}

#[test]
fn next_year_keeps_the_layout_keys() {
    let dir = scratch("init-layout");
    let last = seed_with_layout_keys(&dir);
    let pdf = pdf_text(&build(last.to_str().unwrap(), &dir, "2020.pdf"));
    layout_pieces(&pdf, 2020);

    let new = dir.join("2021.toml");
    let out = jixiao(&["init", "--from", last.to_str().unwrap(), new.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&new).unwrap();
    let t = table(&new);
    // Each key is there as the author wrote it.
    let parts: Vec<&str> =
        t["report"]["parts"].as_array().unwrap().iter().filter_map(|p| p.as_str()).collect();
    assert_eq!(parts, ["封面", "目录", "正文", "基础数据表", "自评表"]);
    assert_eq!(t["settings"]["hide"].as_array().unwrap().len(), 2);
    assert_eq!(t["settings"]["numbering_start"][0].as_integer(), Some(2));
    assert_eq!(t["settings"]["numbering"][0].as_str(), Some("{一}．"));
    assert_eq!(t["attachment2"]["header"][0].as_str(), Some("金额单位：万元"));
    assert_eq!(t["attachment2"]["notes"].as_array().unwrap().len(), 1);
    assert_eq!(t["cover"]["fields"][1]["label"].as_str(), Some("预算编码"));
    assert_eq!(t["cover"]["method"].as_str(), Some("单位自评"));
    assert!(t["cover"].get("date").is_none(), "the cover's date is this year's to write");
    assert_eq!(t["sentences"]["车辆"][0].as_str(), Some("{简称}共有公务用车{实有车辆}（编制{车辆编制}）。"));
    // The edit stays an edit (the template's outline is followed), its paragraph to rewrite.
    let edits = t["outline_edits"].as_array().unwrap();
    assert_eq!(edits[0]["heading"].as_str(), Some("其他需要说明的情况"));
    assert_eq!(edits[0]["content"][0].as_str(), Some("【待填写：这一段的内容】"));
    assert_eq!(edits[0]["content"][1]["block"].as_str(), Some("车辆"));
    assert!(t.get("sections").is_none(), "no copy of the template's outline");
    assert!(text.contains("# 上年：本年度无其他需要说明的情况。"), "{text}");
    // A stated figure was last year's: shown to copy from, not carried.
    assert!(t.get("stated").is_none());
    assert!(text.contains("# \"总收入\" = 1706.98"), "{text}");
    // Every key has its description above it.
    for description in [
        "不印的部分",
        "各级序号从几开始",
        "封面上的栏目",
        "表上方的一行",
        "表下印的说明",
        "只改模板大纲中的某一节",
        "由数据生成的句子的写法",
        "照公开的报告写明的数字",
    ] {
        assert!(text.contains(description), "no comment says {description}");
    }

    // It checks without errors, and prints what the keys say.
    let doc = check_json(&new);
    assert!(codes(&doc, "error").is_empty(), "{doc:#}");
    let pdf = pdf_text(&build(new.to_str().unwrap(), &dir, "2021.pdf"));
    layout_pieces(&pdf, 2021);
}

/// Every key of a TOML tree, as a path of keys (list elements add no segment).
fn key_paths(value: &toml::Value, path: &str, out: &mut Vec<String>) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                if !out.contains(&p) {
                    out.push(p.clone());
                }
                key_paths(v, &p, out);
            }
        }
        toml::Value::Array(a) => a.iter().for_each(|v| key_paths(v, path, out)),
        _ => {}
    }
}

#[test]
fn every_key_of_a_new_file_has_its_description_above_it() {
    let dir = scratch("init-docs");
    for preset in ["湖南2020", "县级", "得分在前", "重庆", "评分表", "小数序号"] {
        let new = dir.join(format!("{preset}.toml"));
        let out =
            jixiao(&["init", "--template", preset, new.to_str().unwrap(), "--year", "2023", "--no-schema"]);
        assert!(out.status.success(), "{preset}: {}", stderr(&out));
        let text = std::fs::read_to_string(&new).unwrap();
        let mut paths = Vec::new();
        key_paths(&toml::Value::Table(text.parse().unwrap()), "", &mut paths);
        for path in &paths {
            let doc = jixiao::input::docs::doc(path)
                .unwrap_or_else(|| panic!("{preset}: {path} has no description"));
            let (first, key) = (doc.lines().next().unwrap(), path.rsplit('.').next().unwrap());
            // Above the key, or (a key of an inline list's tables) above the list.
            assert!(
                text.contains(&format!("# {first}")) || text.contains(&format!("#   {key}：{first}")),
                "{preset}: the description of {path} is not in the file"
            );
        }
        // The file checks clean but for the markers still to fill, and builds.
        let doc = check_json(&new);
        assert!(codes(&doc, "error").is_empty(), "{preset}: {doc:#}");
        let warnings: Vec<_> = codes(&doc, "warning").into_iter().filter(|f| f["code"] != "J308").collect();
        assert!(warnings.is_empty(), "{preset}: {warnings:#?}");
    }
}

#[test]
fn a_new_file_shows_every_key_a_clerk_fills() {
    // The blank standard report names every key of its data, written or as a commented-out
    // example, with its description; the layout keys (版式) are the template's.
    let dir = scratch("init-keys");
    let new = dir.join("2023.toml");
    assert!(jixiao(&["init", new.to_str().unwrap(), "--no-schema"]).status.success());
    let text = std::fs::read_to_string(&new).unwrap();
    let mut written = Vec::new();
    key_paths(&toml::Value::Table(text.parse().unwrap()), "", &mut written);
    // Keys a clerk of the default template does not fill: the layout (the template's), and
    let layout = [
        "sections",
        "outline_edits",
        "labels",
        "sentences",
        "stated",
        "allow",
        "fonts",
        "cover",
        "report.revision",
    ];
    let elsewhere = [
        "finance.funding",                   // the national form's rows
        "finance.by_nature",                 // an approved table's lines (J201 says when)
        "attachment2.overall_goal_adjusted", // the 重庆 form's fields
        "attachment2.finance_office",
        "attachment2.contact",
        "attachment2.extra_rows", // the rows of templates that have them (二八式)
        "attachment2.project",    // a project's 自评表 only
        "project_forms",          // a project's 自评表, when the report adds one
        "settings.execution_rate_decimals", // the older spelling of [settings.numbers] rate
    ];
    let under =
        |path: &str, list: &[&str]| list.iter().any(|l| path == *l || path.starts_with(&format!("{l}.")));
    // Written, or a commented-out example (of the key, or of the table or list it is in), or
    // described above an inline list.
    let example = |path: &str| {
        let key = path.rsplit('.').next().unwrap();
        text.contains(&format!("# {key} = "))
            || text.contains(&format!("# [{path}]"))
            || text.contains(&format!("# [[{path}]]"))
    };
    let shown = |path: &str| {
        let key = path.rsplit('.').next().unwrap();
        written.iter().any(|w| w == path) || example(path) || text.contains(&format!("#   {key}："))
    };
    let mut missing = Vec::new();
    for (path, doc) in jixiao::input::docs::FIELDS {
        let ancestors: Vec<&str> = path.match_indices('.').map(|(i, _)| &path[..i]).collect();
        let is_layout = doc.starts_with("版式")
            || ancestors.iter().any(|a| jixiao::input::docs::doc(a).is_some_and(|d| d.starts_with("版式")));
        if path.contains('*') || is_layout || under(path, &layout) || under(path, &elsewhere) {
            continue;
        }
        if !shown(path) && !ancestors.iter().any(|a| example(a)) {
            missing.push(*path);
        }
    }
    assert!(missing.is_empty(), "not in the new file: {missing:?}");
}
