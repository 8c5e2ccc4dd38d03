//! More than one score table: a project's 自评表 beside the department's (`[[project_forms]]`),
//! rows that are no indicator (`extra_rows`), the 等级 column and the grade words.

mod common;
use common::*;

/// The seed printing its project forms after its own two forms, with `form` appended.
fn seed_with_project_form(dir: &std::path::Path, form: &str) -> std::path::PathBuf {
    let seed = std::fs::read_to_string(SEED).unwrap().replacen(
        "[report]\n",
        "[report]\nparts = [\"正文\", \"基础数据表\", \"自评表\", \"项目自评表\"]\n",
        1,
    );
    let path = dir.join("report.toml");
    std::fs::write(&path, format!("{seed}\n{form}\n")).unwrap();
    path
}

const FORM: &str = r#"
[[project_forms]]
project = "业务工作经费"
form = "二八式"
name = "项目支出绩效自评表（业务工作经费）"
title = ["{年度}年度项目支出绩效自评表"]
levels = ["一级指标", "二级指标", "三级指标"]
columns = [{ field = "指标值" }, { field = "完成值" }, { field = "分值" }, { field = "得分" }, { field = "等级" }]
execution_weight = 20
notes = ["执行率{附件2.执行率}，执行得分{附件2.执行率得分}分。"]
extra_rows = [{ label = "偏差原因", text = "培训场次按上级要求调减。", place = "总分前" }]
[[project_forms.indicators]]
level1 = "产出指标"
level2 = "数量指标"
name = "培训班次"
target = "12期"
actual = "10期"
weight = 50
score = 41.67
[[project_forms.indicators]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
name = "参训学员满意度"
target = "≥90%"
actual = "96%"
weight = 30
score = 30
"#;

fn findings(path: &std::path::Path) -> Vec<serde_json::Value> {
    let out = jixiao(&["check", path.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["findings"].as_array().unwrap().clone()
}

#[test]
fn a_project_form_scores_the_project_with_its_own_budget_and_spending() {
    let dir = scratch("project-form");
    let path = seed_with_project_form(&dir, FORM);
    let pdf = build(path.to_str().unwrap(), &dir, "out.pdf");
    let text = pdf_text(&pdf).replace(' ', "");
    // 669.35 ÷ 738.77 = 90.60% (the seed prints rates whole: 91%); the seed's rule, one point
    // off per point below 100: 20 − 9 = 11.
    let at = text.find("年度项目支出绩效自评表").expect("the project form prints");
    let form = &text[at..];
    for needle in ["项目名称", "业务工作经费", "738.77", "669.35", "91%11", "执行率91%，执行得分11分。"]
    {
        assert!(form.contains(needle), "“{needle}” missing from the project form: {form}");
    }
    // The department's own rate is 96% on its own form, untouched by the project's.
    assert!(text[..at].contains("96%"));
    // 41.67 of 50 is 83% of the weight: 良好; 30 of 30: 优秀; the total 82.67: 良好.
    assert!(form.contains("5041.67良好"), "{form}");
    assert!(form.contains("3030优秀"), "{form}");
    let before_total = form.find("偏差原因").unwrap();
    assert!(before_total < form.find("总分").unwrap(), "place = 总分前 prints before the 总分 row");
    assert!(form.contains("总分10082.67良好"), "11 + 41.67 + 30, and its grade: {form}");
    // Both attachments are named in the body's 附件说明, numbered in order.
    assert!(text.contains("3.项目支出绩效自评表（业务工作经费）"), "{text}");
}

#[test]
fn a_project_that_is_not_in_the_projects_is_an_error_at_its_name() {
    let dir = scratch("project-form-unknown");
    let path =
        seed_with_project_form(&dir, &FORM.replace("project = \"业务工作经费\"", "project = \"业务经费\""));
    let found = findings(&path);
    let f = found.iter().find(|f| f["code"] == "J111").expect("J111");
    assert!(f["message"].as_str().unwrap().contains("业务经费"), "{f}");
    assert!(f["help"].as_str().unwrap().contains("“业务工作经费”"), "{f}");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().position(|l| l == "project = \"业务经费\"").unwrap() + 1;
    assert_eq!(f["line"], line, "{f}");
    let out = jixiao(&["build", path.to_str().unwrap(), "-o", dir.join("x.pdf").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(!dir.join("x.pdf").exists());
}

#[test]
fn a_project_form_that_splits_the_departments_funds_is_refused() {
    let dir = scratch("project-form-national");
    let path = seed_with_project_form(&dir, &FORM.replace("form = \"二八式\"", "form = \"全国\""));
    let found = findings(&path);
    let f = found.iter().find(|f| f["code"] == "J006").expect("J006");
    assert!(f["help"].as_str().unwrap().contains("二八式"), "{f}");
}

#[test]
fn a_project_forms_weights_must_add_up_like_the_departments() {
    let dir = scratch("project-form-weights");
    let path = seed_with_project_form(&dir, &FORM.replace("weight = 30", "weight = 25"));
    let found = findings(&path);
    assert!(
        found.iter().any(|f| f["code"] == "J203" && f["message"].as_str().unwrap().contains("95")),
        "{found:?}"
    );
}

#[test]
fn grade_words_print_in_the_grade_column_the_total_and_the_legend() {
    let dir = scratch("grade-words");
    let form = FORM.replace("notes = [", "notes = [\"{等级图例}\", ");
    let path = seed_with_project_form(&dir, &form);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("[settings]\n", "[settings]\ngrade_words = [\"优\", \"良\", \"中\", \"差\"]\n", 1),
    )
    .unwrap();
    let pdf = build(path.to_str().unwrap(), &dir, "out.pdf");
    let text = pdf_text(&pdf).replace(' ', "");
    assert!(text.contains("评价等级：90分（含）以上为“优”，80分（含）至90分为“良”"), "{text}");
    let form = &text[text.find("年度项目支出绩效自评表").unwrap()..];
    assert!(form.contains("5041.67良") && form.contains("3030优") && form.contains("82.67良"), "{form}");
    assert!(!form.contains("良好") && !form.contains("优秀"), "every grade in the chosen words: {form}");
    // The department's conclusion too (the seed's 96 points).
    assert!(text.contains("评为“优”"), "{text}");
}

#[test]
fn a_project_form_that_no_part_prints_is_named() {
    let dir = scratch("project-form-unprinted");
    let path = dir.join("report.toml");
    let seed = std::fs::read_to_string(SEED).unwrap();
    std::fs::write(&path, format!("{seed}\n{FORM}\n")).unwrap();
    let found = findings(&path);
    let f = found.iter().find(|f| f["code"] == "J207").expect("J207");
    assert!(f["message"].as_str().unwrap().contains("项目自评表"), "{f}");
}
