//! Absent is not 0: a blank 得分 stays blank, a form without scores has a blank 总分 and no
//! grade, and the 汇总表 shows such a report with a blank score and grade, never 0 / 差.

mod common;

use common::*;

const SCORE_FIRST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/inputs/score-first-anhui-2023.toml");

fn without_scores(dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(SCORE_FIRST).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("score = ")).collect();
    assert!(kept.len() < text.lines().count(), "the example states scores");
    let path = dir.join("blank.toml");
    std::fs::write(&path, kept.join("\n")).unwrap();
    path
}

#[test]
fn a_form_without_scores_prints_a_blank_total_and_no_grade() {
    let dir = scratch("absent-scores");
    let input = without_scores(&dir);
    let json: serde_json::Value =
        serde_json::from_slice(&jixiao(&["check", input.to_str().unwrap(), "--format", "json"]).stdout)
            .unwrap();
    let printed: Vec<&str> =
        json["printed"].as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    assert!(!printed.contains(&"附件2.总得分"), "no total is printed: {printed:?}");
    assert!(!printed.contains(&"评价等级") && !printed.contains(&"总得分"), "{printed:?}");
    assert!(printed.contains(&"附件2.总分值"), "the weights still add up: {printed:?}");

    let pdf = build(input.to_str().unwrap(), &dir, "blank.pdf");
    let text = pdf_text(&pdf);
    assert!(!text.contains("综合评分为"), "no score sentence with a made-up 0: {text}");
    assert!(!text.contains("评价等级为“差”"), "{text}");
    // The 总分 row: the weight, and no score after it (the row is the last of its table).
    let at = text.find("总分100").expect("the 总分 row with its weight");
    let after: String = text[at + "总分100".len()..].chars().take(2).collect();
    assert!(!after.starts_with(|c: char| c.is_ascii_digit()), "no score follows the weight: {after}");

    let csv = stdout(&jixiao(&["check", input.to_str().unwrap(), "--format", "csv"]));
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let header: Vec<&str> = csv.lines().next().unwrap().trim_start_matches('\u{feff}').split(',').collect();
    let at = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(at("自评得分"), "", "{csv}");
    assert_eq!(at("评价等级"), "", "{csv}");
}

#[test]
fn one_blank_score_leaves_the_total_blank_but_the_others_print() {
    let dir = scratch("absent-one");
    let text = std::fs::read_to_string(SCORE_FIRST).unwrap();
    let input = dir.join("one.toml");
    std::fs::write(&input, text.replacen("\nscore = 10\n", "\n", 1)).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&jixiao(&["check", input.to_str().unwrap(), "--format", "json"]).stdout)
            .unwrap();
    let printed = json["printed"].as_array().unwrap();
    let has = |k: &str| printed.iter().any(|p| p["key"] == k);
    assert!(!has("附件2.总得分"), "a total with a missing addend is absent");
    assert!(has("附件2.指标2.得分"), "the other scores still print");
    assert!(!has("附件2.指标1.得分"), "the blank score is blank, not its weight or 0");
    let findings = json["findings"].to_string();
    assert!(findings.contains("J202") && findings.contains("有分值没有得分"), "{findings}");
}

#[test]
fn the_summary_table_shows_partial_weights_and_no_score_for_them() {
    let dir = scratch("absent-partial");
    let text = std::fs::read_to_string(SCORE_FIRST).unwrap();
    assert!(text.contains("\nweight = 10\n"));
    // One indicator's weight left out of an approved form: 90 points in all.
    let input = dir.join("partial.toml");
    std::fs::write(
        &input,
        text.replacen("\nweight = 10\n", "\n", 1)
            + "\n[[allow]]\ncode = \"J203\"\nreason = \"照审定的表，缺一项分值\"\nat = \"attachment2.execution_weight\"\n",
    )
    .unwrap();
    let out = jixiao(&["check", input.to_str().unwrap(), "--format", "csv"]);
    let csv = stdout(&out);
    let header: Vec<&str> = csv.lines().next().unwrap().trim_start_matches('\u{feff}').split(',').collect();
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let at = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(at("分值合计"), "90", "{csv}\n{}", stderr(&out));
    assert_eq!(at("自评得分"), "", "a partial score ranks nothing: {csv}");
    assert_eq!(at("评价等级"), "", "{csv}");

    // The complete example: 100, its score and grade.
    let csv = stdout(&jixiao(&["check", SCORE_FIRST, "--format", "csv"]));
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let at = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!((at("分值合计"), at("自评得分"), at("评价等级")), ("100", "98.57", "优秀"), "{csv}");
}

#[test]
fn a_basic_table_without_one_of_its_three_parts_has_no_total_never_a_sum_with_0() {
    let dir = scratch("absent-basic");
    let input = seed_with(
        &dir,
        "r.toml",
        "[basic.capital]                 # 资本性支出\nactual = 19.57\nlast_year = 0\ndescription = \"公务用车购置\"\n",
        "",
    );
    let out = jixiao(&["check", input.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("错误[J110]") && err.contains("capital"), "names the missing part: {err}");
    let json: serde_json::Value =
        serde_json::from_slice(&jixiao(&["check", input.to_str().unwrap(), "--format", "json"]).stdout)
            .unwrap();
    let printed: Vec<&str> =
        json["printed"].as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    assert!(!printed.contains(&"基本支出"), "no 基本支出 total summed without 资本性支出: {printed:?}");
}
