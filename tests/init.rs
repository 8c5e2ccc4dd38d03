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
