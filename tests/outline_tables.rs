//! Tables in the outline (`{ table = [[…], …] }`): what an author checks in the PDF. A
//! reference in a cell prints the figure, text in a cell is data (`#*$<` print as themselves),
//! a row whose spans do not fill the columns is a Chinese error at its line and column, an
//! unknown key in a cell is J111 at its place, and the header rows are printed again on the
//! next page when a table runs over a page break.

mod common;
use common::*;

/// The seed with a table appended to its first section (`[[outline_edits]]`, 追加内容).
fn seed_with_table(dir: &std::path::Path, name: &str, table: &str) -> std::path::PathBuf {
    seed_plus(
        dir,
        name,
        &format!(
            "[[outline_edits]]\nat = \"组织机构设置情况\"\naction = \"追加内容\"\ncontent = [\n  {table},\n]\n"
        ),
    )
}

/// The printed text of a key in the seed, as `jixiao keys` lists it.
fn printed(key: &str) -> String {
    let out = jixiao(&["keys", SEED, "--format", "json"]);
    let keys: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let all = keys.as_array().or_else(|| keys["keys"].as_array()).cloned().unwrap_or_default();
    all.iter()
        .find(|k| k["key"] == key)
        .and_then(|k| k["text"].as_str())
        .unwrap_or_else(|| panic!("no key {key}: {keys}"))
        .to_string()
}

/// The line and column (in characters, from 1) of the first `needle` in `text`.
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    (line, text[start..at].chars().count() + 1)
}

#[test]
fn a_reference_in_a_cell_prints_the_figure_and_markup_prints_as_itself() {
    let dir = scratch("outline-table-refs");
    let input = seed_with_table(
        &dir,
        "t.toml",
        r##"{ caption = "表1 收支概况#", header = 1, table = [
    ["项目", "金额（万元）"],
    ["总收入", "{总收入}"],
    ["总支出", "{总支出:数}"],
    ["记号", "#set text(red) *粗* $x$ <lab> @ref = 题 \\ _下_"],
  ] }"##,
    );
    let check = jixiao(&["check", input.to_str().unwrap()]);
    assert!(check.status.success(), "{}", stderr(&check));
    let text = pdf_text(&build(input.to_str().unwrap(), &dir, "t.pdf"));
    let income = printed("总收入");
    let spending = printed("总支出").trim_end_matches("万元").to_string();
    assert!(text.contains(&format!("表1收支概况#项目金额（万元）总收入{income}总支出{spending}")), "{text}");
    assert!(text.contains("记号#settext(red)*粗*$x$<lab>@ref=题\\_下_"), "{text}");
    assert!(!text.contains("{总收入}"), "{text}");
}

#[test]
fn a_row_whose_spans_do_not_fill_the_columns_is_an_error_at_its_line_and_column() {
    let dir = scratch("outline-table-spans");
    let input = seed_with_table(
        &dir,
        "spans.toml",
        r#"{ header = 1, table = [
    ["一级指标", "分值", "得分"],
    [{ text = "产出", rowspan = 2 }, "50", "48"],
    ["40", "38"],
    [{ text = "合计", colspan = 2 }, "86", "多"],
  ] }"#,
    );
    let out = jixiao(&["check", input.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("错误[J107]：表格第 4 行占 4 列，与表格的 3 列不符"), "{err}");
    let source = std::fs::read_to_string(&input).unwrap();
    let (line, col) = line_col(&source, "[{ text = \"合计\"");
    assert!(err.contains(&format!("spans.toml:{line}:{col}")), "line {line} col {col}: {err}");
    // And nothing is built.
    let build = jixiao(&["build", input.to_str().unwrap(), "-o", dir.join("x.pdf").to_str().unwrap()]);
    assert!(!build.status.success());
    assert!(!dir.join("x.pdf").exists());

    // A rowspan past the last row, at the cell.
    let input =
        seed_with_table(&dir, "rows.toml", r#"{ table = [["a", { text = "b", rowspan = 3 }], ["c"]] }"#);
    let err = stderr(&jixiao(&["check", input.to_str().unwrap()]));
    assert!(err.contains("这一格竖跨 3 行，超出了表格的最后一行"), "{err}");
    let source = std::fs::read_to_string(&input).unwrap();
    let (line, col) = line_col(&source, "{ text = \"b\"");
    assert!(err.contains(&format!("rows.toml:{line}:{col}")), "{err}");
}

#[test]
fn an_unknown_key_in_a_cell_is_j111_at_its_place() {
    let dir = scratch("outline-table-j111");
    let input = seed_with_table(&dir, "k.toml", r#"{ table = [["总收入", "{总收人}"]] }"#);
    let out = jixiao(&["check", input.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("错误[J111]：没有名为“总收人”的数字"), "{err}");
    assert!(err.contains("是不是 {总收入}"), "{err}");
    let source = std::fs::read_to_string(&input).unwrap();
    let (line, col) = line_col(&source, "{总收人}");
    assert!(err.contains(&format!("k.toml:{line}:{col}")), "{err}");
}

#[test]
fn header_rows_are_printed_again_after_a_page_break() {
    let dir = scratch("outline-table-pages");
    let rows: Vec<String> =
        (1..=70).map(|n| format!("    [\"{n}\", \"第{n}项工作任务\", \"已完成\"],")).collect();
    let input = seed_with_table(
        &dir,
        "long.toml",
        &format!(
            "{{ caption = \"重点工作任务完成情况\", header = 1, widths = [1, 5, 2], table = [\n    [\"序号\", \"工作任务\", \"完成情况\"],\n{}\n  ] }}",
            rows.join("\n")
        ),
    );
    let pdf = build(input.to_str().unwrap(), &dir, "long.pdf");
    let doc = pdf::read(&pdf);
    let pages: Vec<String> = doc
        .pages
        .iter()
        .map(|p| p.lines().concat().chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    let with_rows: Vec<&String> = pages.iter().filter(|p| p.contains("项工作任务已完成")).collect();
    assert!(with_rows.len() >= 2, "the table runs over a page break");
    for page in &with_rows {
        assert!(page.contains("序号工作任务完成情况"), "header on every page of the table: {page}");
    }
    // The caption once, above the table, and every row once.
    assert_eq!(pages.concat().matches("重点工作任务完成情况").count(), 1);
    for n in [1, 35, 70] {
        assert_eq!(pages.concat().matches(&format!("{n}第{n}项工作任务")).count(), 1, "row {n}");
    }
}

#[test]
fn a_corrected_figure_changes_its_cell_and_diff_names_the_cell() {
    let dir = scratch("outline-table-diff");
    let example = format!("{}/inputs/form-report-qingxi-2023.toml", env!("CARGO_MANIFEST_DIR"));
    let original = std::fs::read_to_string(&example).unwrap();
    let before = dir.join("before.toml");
    let after = dir.join("after.toml");
    std::fs::write(&before, &original).unwrap();
    // 公益林管护经费 110.00 → 111.00: 项目支出 1021.34 → 1022.34.
    std::fs::write(&after, original.replacen("actual = 110.00", "actual = 111.00", 1)).unwrap();
    let text = pdf_text(&build(after.to_str().unwrap(), &dir, "after.pdf"));
    assert!(text.contains("其他8.32项目支出1022.34"), "{text}");
    let diff = stdout(&jixiao(&["diff", before.to_str().unwrap(), after.to_str().unwrap()]));
    assert!(diff.contains("正文 二、收支情况 表2 2023年度收支情况 “其他”行 第4格"), "{diff}");
    assert!(diff.contains("1021.34") && diff.contains("1022.34"), "{diff}");
}

#[test]
fn next_years_file_keeps_the_tables_and_loads_back() {
    let dir = scratch("outline-table-rollover");
    let example = format!("{}/inputs/form-report-qingxi-2023.toml", env!("CARGO_MANIFEST_DIR"));
    let next = dir.join("2024.toml");
    let out = jixiao(&["init", "--from", &example, next.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = std::fs::read_to_string(&next).unwrap();
    assert!(
        written
            .contains("{ caption = \"表2 2023年度收支情况\", header = 1, widths = [3, 2, 3, 2], table = ["),
        "{written}"
    );
    assert!(
        written.contains("[\"评价等级\", { text = \"{评价等级}\", colspan = 2, align = \"中\" }],"),
        "{written}"
    );
    // It loads: check reads it (the references wait for this year's figures).
    let check = jixiao(&["check", next.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let codes: Vec<&str> =
        json["findings"].as_array().unwrap().iter().filter_map(|f| f["code"].as_str()).collect();
    assert!(!codes.iter().any(|c| c.starts_with("J0") || *c == "J107"), "{codes:?}");
}

#[test]
fn a_caption_is_never_left_at_the_foot_of_a_page_without_its_table() {
    // The same table after 0 to 23 lines of text: on one of them the caption falls on the last
    // line of a page, where the table's header and first row no longer fit. The caption must
    // then go to the next page with them, never stay alone at the foot.
    let dir = scratch("outline-table-caption");
    let rows: Vec<String> =
        (1..=6).map(|n| format!("    [\"{n}\", \"第{n}项工作任务\", \"已完成\"],")).collect();
    let table = format!(
        "{{ caption = \"表9 重点工作任务\", header = 1, widths = [1, 5, 2], table = [\n    [\"序号\", \"工作任务\", \"完成情况\"],\n{}\n  ] }}",
        rows.join("\n")
    );
    for lines in 0..24 {
        // A line of the body is 28 characters.
        let filler = "本年度按计划推进各项工作并如期完成".repeat(lines * 28 / 17 + 1);
        seed_with_table(&dir, &format!("c{lines:02}.toml"), &format!("\"{filler}\",\n  {table}"));
    }
    let out = jixiao(&["build", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut foot = 0;
    for lines in 0..24 {
        let doc = pdf::read(&dir.join(format!("c{lines:02}.pdf")));
        let pages: Vec<String> = doc
            .pages
            .iter()
            .map(|p| p.lines().into_iter().filter(|l| !is_page_number(l)).collect::<String>())
            .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect())
            .collect();
        let at = pages.iter().position(|p| p.contains("表9重点工作任务")).unwrap();
        let after = pages[at].split("表9重点工作任务").nth(1).unwrap();
        assert!(
            after.starts_with("序号工作任务完成情况1第1项工作任务"),
            "{lines} lines: the caption's page goes on with {after:?}"
        );
        // The caption at the top of a page: the table did not fit below the text before it.
        foot += usize::from(pages[at].starts_with("表9重点工作任务"));
    }
    assert!(foot >= 1, "no filler took the table to the next page: the test tests nothing");
}

/// The baseline of the first run of glyphs on `page` that reads `text`.
fn baseline(page: &pdf::Page, text: &str) -> Option<f64> {
    let glyphs: Vec<&pdf::Glyph> = page.glyphs.iter().filter(|g| !g.text.trim().is_empty()).collect();
    let wanted: Vec<char> = text.chars().collect();
    (0..glyphs.len()).find_map(|i| {
        let run: String = glyphs.iter().skip(i).take(wanted.len()).map(|g| g.text.as_str()).collect();
        (run == text).then(|| glyphs[i].y)
    })
}

#[test]
fn a_figure_sits_on_the_baseline_of_the_text_beside_it() {
    // A figure is set in Liberation Serif, whose line box is taller than the ideographs' em box:
    // vertically centred in the same row, it sat 1.5 pt higher than the label beside it. In an
    // outline table (青溪's 表2) and in a form (the seed's 附件1) the two share the baseline.
    let dir = scratch("outline-table-baseline");
    let qingxi = concat!(env!("CARGO_MANIFEST_DIR"), "/inputs/form-report-qingxi-2023.toml");
    for (input, rows) in [
        (qingxi, [("资金总额", "2480.00"), ("其他", "8.32"), ("预算执行率", "98%")]),
        (SEED, [("三公经费", "16.07"), ("项目支出", "554.59"), ("部门基本支出预算调整", "844.14")]),
    ] {
        let doc = pdf::read(&build(input, &dir, "b.pdf"));
        for (label, figure) in rows {
            let page =
                doc.pages.iter().find(|p| baseline(p, label).is_some() && baseline(p, figure).is_some());
            let page = page.unwrap_or_else(|| panic!("no page with “{label}” and “{figure}”"));
            let (a, b) = (baseline(page, label).unwrap(), baseline(page, figure).unwrap());
            assert!((a - b).abs() < 0.05, "“{label}” at {a:.2}, “{figure}” at {b:.2}");
        }
    }
}
