//! `jixiao export-typst`: the document's Typst sources in a folder, for the stock typst CLI.

mod common;
use common::*;

#[test]
fn export_writes_main_templates_and_computed_data() {
    let dir = scratch("export-seed");
    let out = dir.join("导出");
    let o = jixiao(&["export-typst", SEED, out.to_str().unwrap()]);
    assert!(o.status.success(), "export failed: {}", stderr(&o));
    for name in ["main.typ", "style.typ", "report.typ", "form.typ", "cover.typ", "data.json"] {
        assert!(out.join(name).is_file(), "{name} not written");
    }
    let main = std::fs::read_to_string(out.join("main.typ")).unwrap();
    assert!(main.contains("json(\"/data.json\")"), "{main}");
    // The data holds the figures as computed, not as typed: 基本支出 is a sum.
    let data = std::fs::read_to_string(out.join("data.json")).unwrap();
    assert!(data.contains("1101.73"), "computed 基本支出 missing from data.json");
    assert!(serde_json::from_str::<serde_json::Value>(&data).is_ok(), "data.json is not JSON");
    assert!(stderr(&o).contains("typst compile"), "{}", stderr(&o));
    // No temporary files left behind.
    assert!(temp_files(&out).is_empty());
}

#[test]
fn export_refuses_a_report_with_errors() {
    let dir = scratch("export-broken");
    // 按收入性质分 no longer adds up to the 全年预算数: an error.
    let input = seed_with(&dir, "broken.toml", "general = 1863.84", "general = 1863.85");
    let out = dir.join("out");
    let o = jixiao(&["export-typst", input.to_str().unwrap(), out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("未导出"), "{}", stderr(&o));
    assert!(!out.join("data.json").exists());
}

#[test]
fn the_exported_data_has_the_cells_cut_at_the_page_breaks_as_the_pdf() {
    // The 长沙 example's 效益指标 runs from page 2 onto page 3: the stock CLI must get it cut
    // there, its label in both parts, as jixiao's own PDF prints it.
    let dir = scratch("export-spans");
    let out = dir.join("out");
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/inputs/changsha-wenlv-2022.toml");
    let o = jixiao(&["export-typst", input, out.to_str().unwrap()]);
    assert!(o.status.success(), "export failed: {}", stderr(&o));
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data.json")).unwrap()).unwrap();
    let cells: Vec<&serde_json::Value> = data["parts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["tables"].as_array())
        .flatten()
        .flat_map(|t| t["rows"].as_array().unwrap())
        .flat_map(|r| r.as_array().unwrap())
        .collect();
    let parts: Vec<u64> = cells
        .iter()
        .filter(|c| c["text"] == serde_json::json!(["效益指标"]))
        .map(|c| c["rowspan"].as_u64().unwrap())
        .collect();
    assert_eq!(parts, [1, 2], "效益指标 over 3 rows, cut after the first");
}
