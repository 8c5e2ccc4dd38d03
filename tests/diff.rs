//! `jixiao diff`: a corrected figure, every derived figure that moved with it, and nothing else.

mod common;
use common::*;

#[test]
fn one_corrected_figure_lists_itself_and_what_moved_and_nothing_else() {
    let dir = scratch("diff-one");
    let corrected = seed_with(&dir, "corrected.toml", "actual = 976.20", "actual = 976.30");
    let out = jixiao(&["diff", SEED, corrected.to_str().unwrap(), "--format", "json", "--notice"]);
    assert_eq!(out.status.code(), Some(1), "differences exit with 1: {}", stderr(&out));
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let labels = |key: &str| -> Vec<String> {
        d[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                format!(
                    "{}:{}→{}",
                    c["label"].as_str().unwrap(),
                    c["before"].as_str().unwrap(),
                    c["after"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(labels("inputs"), vec!["人员经费本年决算数:976.20万元→976.30万元"]);
    assert_eq!(d["inputs"][0]["line"], 55);
    assert!(labels("input_texts").is_empty());
    assert_eq!(
        labels("derived"),
        vec![
            "基本支出:1101.73万元→1101.83万元",
            "基本支出增减额:246.93万元→247.03万元",
            "基本支出增减幅度:28.89%→28.90%",
            "人员经费增减额:214.11万元→214.21万元",
            "人员经费增减幅度:28.10%→28.11%",
            "人员经费占基本支出的比例:88.60%→88.61%",
            "资本性支出占基本支出的比例:1.78%→1.77%",
            "总支出（全年执行数）:1794.03万元→1794.13万元",
            "年末结转和结余:70.01万元→69.91万元",
        ],
        "the execution rate prints 96% before and after, so it is not listed"
    );
    let places: Vec<&str> =
        d["printed"].as_array().unwrap().iter().map(|c| c["place"].as_str().unwrap()).collect();
    assert_eq!(
        places,
        vec![
            "正文 二、一般公共预算支出情况（一）基本支出情况 第1段",
            "正文 二、一般公共预算支出情况（一）基本支出情况 第2段",
            "正文 六、部门整体支出绩效情况（一）部门整体支出概况 第4段",
            "正文 六、部门整体支出绩效情况（一）部门整体支出概况 第5段",
            "附件2 全年执行数",
        ]
    );
    let notice = d["notice"].as_str().unwrap();
    assert!(notice.contains("人员经费本年决算数由976.20万元更正为976.30万元"), "{notice}");
    assert!(notice.contains("特此更正"));
}

#[test]
fn the_same_file_has_no_difference() {
    let out = jixiao(&["diff", SEED, SEED]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("没有差别"));
}

#[test]
fn a_changed_sentence_is_listed_as_text() {
    let dir = scratch("diff-text");
    let changed = seed_with(&dir, "t.toml", "主要原因是是公务交通补贴", "主要原因是公务交通补贴");
    let out = jixiao(&["diff", SEED, changed.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("改动的文字（1 处）") && text.contains("日常公用经费"), "{text}");
    assert!(text.contains("+ 2020年日常公用经费105.96万元"), "{text}");
    assert!(!text.contains("随之变化的数字"), "{text}");
}
