//! Sentences as data: every generated sentence is worded by patterns, from the report's
//! `[sentences]` or its templates' (the built-in ones in templates/hunan-2020.toml); the first
//! alternative whose names the report has prints, and the figures stay jixiao's.

mod common;

use common::*;

#[test]
fn a_report_rewords_a_block_and_its_figures_stay_computed() {
    let dir = scratch("sentences-own");
    let input = seed_plus(
        &dir,
        "r.toml",
        "[sentences]\n\"车辆\" = [\"{简称}共有公务用车{实有车辆}（编制{车辆编制}）。\"]\n\"满意度\" = [\"经问卷调查，服务对象满意度为{满意度}。\"]",
    );
    let out = jixiao(&["check", input.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let printed: Vec<&str> =
        json["printed"].as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    assert!(printed.contains(&"实有车辆") && printed.contains(&"满意度"), "{printed:?}");
    let text = pdf_text(&build(input.to_str().unwrap(), &dir, "r.pdf"));
    assert!(text.contains("市委组织部共有公务用车2辆（编制2辆）。"), "the report's wording");
    assert!(!text.contains("年末车辆编制2辆，实有车辆2辆"), "instead of the template's");
    assert!(
        text.contains("服务对象满意度：经问卷调查，服务对象满意度为97.81%。"),
        "the 满意度 block reworded as a whole"
    );
}

#[test]
fn an_absent_figure_takes_the_next_alternative_never_0() {
    let dir = scratch("sentences-alternative");
    let input = seed_with(&dir, "r.toml", "vehicles_authorized = 2", "");
    let text = pdf_text(&build(input.to_str().unwrap(), &dir, "r.pdf"));
    assert!(text.contains("中共益阳市委组织部2020年末实有车辆2辆。"), "the template's second alternative");
    assert!(!text.contains("车辆编制0"), "never a 0 for the absent count");
}

#[test]
fn an_unknown_key_in_a_pattern_is_an_error_at_its_place() {
    let dir = scratch("sentences-unknown");
    let input = seed_plus(&dir, "r.toml", "[sentences]\n\"车辆\" = [\"共有公务用车{实有车两}。\"]");
    let out = jixiao(&["check", input.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("错误[J111]：没有名为“实有车两”的数字") && err.contains("{实有车辆}"), "{err}");
}

#[test]
fn a_situation_a_list_item_and_an_optional_segment_are_reworded_by_name() {
    let dir = scratch("sentences-parts");
    let input = seed_plus(
        &dir,
        "r.toml",
        r#"[sentences]
"较上年/增减" = ["比上年{增减}"]
"基本支出.项" = ["{年度}年{名称}{本年}[，{较上年}]。"]
"收入.项" = ["{名称}{金额}（占{占比}）"]
"三公经费.比预算/一致" = ["与预算持平（{预算}）"]
"#,
    );
    let out = jixiao(&["check", input.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let printed: Vec<&str> =
        json["printed"].as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    assert!(printed.contains(&"基本支出.较上年.增减额"), "a reworded change is still a figure: {printed:?}");
    assert!(!printed.contains(&"日常公用经费.占基本支出"), "a share the wording leaves out is not printed");
    let text = pdf_text(&build(input.to_str().unwrap(), &dir, "r.pdf"));
    assert!(text.contains("2020年基本支出1101.73万元，比上年增加246.93万元，增长28.89%。"), "every 较上年");
    assert!(
        text.contains("2020年日常公用经费105.96万元，比上年增加13.25万元，增长14.29%。2020年资本性支出19.57万元，上年度无该项支出。"),
        "the items without description, share and reason; the other situation keeps the template's wording"
    );
    assert!(
        text.contains("2020年人员经费976.20万元，比上年增加214.11万元，增长28.10%。"),
        "the report's 基本支出.项 wins over the template's 基本支出.人员经费: the nearer file first"
    );
    assert!(
        text.contains("一般公共预算财政拨款收入1706.78万元（占99.99%），其他收入0.20万元（占0.01%）"),
        "joined by ，"
    );
    assert!(
        text.contains("公务用车购置，本年度决算数为19.57万元，与预算持平（19.57万元），上年度无该项支出")
    );
}

#[test]
fn pattern_names_and_their_references_are_checked() {
    let dir = scratch("sentences-names");
    let misspelled = seed_plus(&dir, "a.toml", "[sentences]\n\"三公经费.像\" = [\"{名称}{本年}\"]");
    let out = jixiao(&["check", misspelled.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("错误[J003]：没有名为“三公经费.像”的句式") && err.contains("“三公经费.项”"),
        "{err}"
    );
    assert!(err.contains("a.toml:"), "at its line: {err}");

    // A typo in one alternative leaves the other: a warning, and the sentence prints.
    let typo = seed_plus(
        &dir,
        "b.toml",
        "[sentences]\n\"车辆\" = [\"共有{实有车两}。\", \"共有公务用车{实有车辆}。\"]",
    );
    let out = jixiao(&["check", typo.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("警告[J111]：没有名为“实有车两”的数字") && err.contains("这一种句式不会被选用"),
        "{err}"
    );
    let text = pdf_text(&build(typo.to_str().unwrap(), &dir, "b.pdf"));
    assert!(text.contains("共有公务用车2辆。"));
}

#[test]
fn keys_lists_every_pattern_with_its_names_and_wording() {
    let out = jixiao(&["keys", SEED, "--sentences"]);
    let text = stdout(&out);
    assert!(out.status.success());
    assert!(text.contains("\"三公经费.比上年/持平\""), "{text}");
    assert!(text.contains("可用 {上年}"), "{text}");
    assert!(text.contains("\"与上年度决算数{上年}持平\""), "the wording in force: {text}");
    let out = jixiao(&["keys", SEED, "--sentences", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = json.as_array().unwrap().iter().find(|r| r["name"] == "收入.项").unwrap();
    assert_eq!(row["wording"][0], "{名称}{金额}[，占总收入的{占比}]");
}

#[test]
fn a_brace_or_bracket_in_a_pattern_prints_once() {
    let dir = scratch("sentences-braces");
    let input = seed_plus(&dir, "r.toml", "[sentences]\n\"车辆\" = [\"[[注]]{{实有车辆}}：{实有车辆}。\"]");
    let text = pdf_text(&build(input.to_str().unwrap(), &dir, "r.pdf"));
    assert!(text.contains("[注]{实有车辆}：2辆。"), "as written, never cited twice");
}
