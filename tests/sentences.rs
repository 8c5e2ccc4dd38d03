//! Sentences as data: a generated block is worded by patterns over figure keys, from the
//! report's `[sentences]` or its templates'; the first alternative whose figures the report has
//! prints, and the figures stay jixiao's.

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
        "a block still worded in Rust can be reworded too"
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
