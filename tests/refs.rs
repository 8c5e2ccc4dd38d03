//! References: `{键}` in any text prints the figure as it prints elsewhere, follows a
//! correction, and an unknown key is an error at its place with the nearest keys.

mod common;

use common::*;

const PARAGRAPH: &str = "text = \"盘活财政存量资金，提高资金使用效率，结转资金在一年内使用完毕。\"";

fn with_refs(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    seed_with(dir, name, PARAGRAPH, &format!("text = \"{text}\""))
}

#[test]
fn a_reference_prints_the_figure_and_its_parts_in_a_paragraph() {
    let dir = scratch("refs-print");
    let input = with_refs(
        &dir,
        "r.toml",
        "{年度}年公务接待费{三公.公务接待费.比上年.增减额:增减}了{三公.公务接待费.比上年.增减额:带单位}，{三公.公务接待费.比上年.增减额:升降}{三公.公务接待费.比上年.增减幅度:数}%；执行率{附件2.执行率}，写法{{年度}}",
    );
    let check = jixiao(&["check", input.to_str().unwrap()]);
    assert!(!stderr(&check).contains("J111"), "{}", stderr(&check));
    let text = pdf_text(&build(input.to_str().unwrap(), &dir, "r.pdf"));
    assert!(
        text.contains("2020年公务接待费减少了0.46万元，下降9.50%；执行率96%，写法{年度}"),
        "the sentence did not print with its figures:\n{text}"
    );

    // A correction of the figure changes the sentence too, and diff names it.
    let corrected = dir.join("corrected.toml");
    let original = std::fs::read_to_string(&input).unwrap();
    std::fs::write(&corrected, original.replacen("actual = 4.38", "actual = 4.83", 1)).unwrap();
    let text = pdf_text(&build(corrected.to_str().unwrap(), &dir, "c.pdf"));
    assert!(text.contains("2020年公务接待费减少了0.01万元，下降0.21%"), "{text}");
    let diff = stdout(&jixiao(&["diff", input.to_str().unwrap(), corrected.to_str().unwrap()]));
    assert!(diff.contains("减少了0.01万元"), "diff shows the sentence that changed:\n{diff}");
}

#[test]
fn an_unknown_key_is_an_error_at_its_place_with_the_nearest_keys() {
    let dir = scratch("refs-unknown");
    let input = with_refs(&dir, "r.toml", "接待费{三公.公务接待费.本念}，{总得分:增减}");
    let out = jixiao(&["check", input.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("错误[J111]：没有名为“三公.公务接待费.本念”的数字"), "{err}");
    assert!(err.contains("是不是 {三公.公务接待费.本年}"), "the nearest key is suggested: {err}");
    assert!(err.contains("jixiao keys"), "{err}");
    // file:line:col of the reference itself.
    let seed = std::fs::read_to_string(&input).unwrap();
    let line = seed.lines().position(|l| l.contains("{三公.公务接待费.本念}")).unwrap() + 1;
    let col = seed
        .lines()
        .nth(line - 1)
        .unwrap()
        .find('{')
        .map(|b| seed.lines().nth(line - 1).unwrap()[..b].chars().count() + 1)
        .unwrap();
    assert!(err.contains(&format!("r.toml:{line}:{col}")), "line {line} col {col}: {err}");
    assert!(err.contains("“96分”，没有“增减”这一部分"), "a part the figure lacks: {err}");
    // The build refuses and leaves no PDF.
    let built = jixiao(&["build", input.to_str().unwrap()]);
    assert_eq!(built.status.code(), Some(1));
    assert!(!dir.join("r.pdf").exists());
}

#[test]
fn placeholders_and_figures_work_in_headings_and_form_cells() {
    let dir = scratch("refs-heading");
    // A form cell (附件2 总体目标完成情况) and the intro.
    let input = seed_with(
        &dir,
        "r.toml",
        "overall_result = \"\"",
        "overall_result = \"{年度}年度资金执行率{附件2.执行率}，{单位}自评得分{总得分}。\"",
    );
    let text = pdf_text(&build(input.to_str().unwrap(), &dir, "r.pdf"));
    assert!(text.contains("2020年度资金执行率96%，中共益阳市委组织部自评得分96分。"), "{text}");
}

#[test]
fn keys_lists_every_figure_with_its_name_and_text() {
    let out = jixiao(&["keys", SEED, "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reception = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "三公.公务接待费.比上年.增减额")
        .expect("the key is listed");
    assert_eq!(reception["label"], "公务接待费比上年度决算数增减额");
    assert_eq!(reception["text"], "减少0.46万元");
    assert_eq!(reception["parts"]["数"], "0.46");
    assert_eq!(reception["parts"]["增减"], "减少");
    assert_eq!(reception["printed"], true);
    let total = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "三公.合计.本年")
        .expect("the catalogue lists what no block prints");
    assert_eq!(total["printed"], false);
    assert_eq!(total["text"], "34.86万元");
    let text = stdout(&jixiao(&["keys", SEED, "--grep", "公务接待费.本年"]));
    assert!(text.contains("{三公.公务接待费.本年}\t公务接待费本年决算数\t4.38万元"), "{text}");
    assert!(text.contains("{年度}"), "{text}");
}

#[test]
fn a_heading_of_the_reports_own_outline_takes_references() {
    let dir = scratch("refs-own-heading");
    let county = concat!(env!("CARGO_MANIFEST_DIR"), "/inputs/county-zhengxie-2022.toml");
    let text = std::fs::read_to_string(county).unwrap();
    let input = dir.join("r.toml");
    std::fs::write(
        &input,
        text.replacen("heading = \"部门整体支出概况。\"", "heading = \"{年度}年度部门整体支出概况。\"", 1),
    )
    .unwrap();
    let pdf = pdf_text(&build(input.to_str().unwrap(), &dir, "r.pdf"));
    assert!(pdf.contains("（二）2022年度部门整体支出概况。"), "{pdf}");
}

#[test]
fn a_figure_no_block_prints_can_be_cited_in_the_authors_own_sentence() {
    // The seed's 三公 goal is the generated 三公 paragraph; cite one of the county wording's
    // figures (the total-first 三公 sentence, which this outline does not use) instead.
    let dir = scratch("refs-catalogue");
    let input =
        with_refs(&dir, "r.toml", "“三公”经费合计{三公.合计.本年}，比上年{三公.合计.比上年.增减额}。");
    let out = jixiao(&["check", input.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!json["findings"].to_string().contains("J111"), "{}", json["findings"]);
    let printed: Vec<&str> =
        json["printed"].as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    assert!(printed.contains(&"三公.合计.本年"), "a cited figure is registered as printed: {printed:?}");
    let text = pdf_text(&build(input.to_str().unwrap(), &dir, "r.pdf"));
    assert!(text.contains("“三公”经费合计34.86万元，比上年增加18.79万元。"), "the cited figures print");

    // Data that is absent gives no figure to cite: an error, not a 0.
    let no_sangong = dir.join("no-sangong.toml");
    let seed = std::fs::read_to_string(&input).unwrap();
    let start = seed.find("[sangong.vehicle_purchase]").unwrap();
    let end = seed.find("[satisfaction]").unwrap();
    std::fs::write(&no_sangong, format!("{}{}", &seed[..start], &seed[end..])).unwrap();
    let err = stderr(&jixiao(&["check", no_sangong.to_str().unwrap()]));
    assert!(err.contains("J111") && err.contains("三公.合计.本年"), "{err}");
}
