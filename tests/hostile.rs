//! Hostile and odd input: the author's text is data, never markup; odd characters are
//! reported with their place; nothing panics.

mod common;
use common::*;

#[test]
fn typst_syntax_in_author_text_prints_as_itself() {
    let dir = scratch("hostile-markup");
    // A TOML literal string: what is between the quotes is taken as it is.
    let nasty = r#"#read("/etc/passwd") #import "/main.typ": * $x^2$ <label> @ref *粗* _斜_ \ // 注释 ] [ } { #set page(width: 1cm) ``` = 标题"#;
    let input = seed_with(
        &dir,
        "nasty.toml",
        "text = \"盘活财政存量资金，提高资金使用效率，结转资金在一年内使用完毕。\"",
        &format!("text = '{nasty}'"),
    );
    let pdf = build(input.to_str().unwrap(), &dir, "nasty.pdf");
    let text = pdf_text(&pdf);
    let expected: String = format!("存量资金管理：{nasty}").chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains(&expected), "the text did not print as written:\n{expected}\nin\n{text}");
    // Nothing from the machine leaked in, and the page size was not changed by the text.
    assert!(!text.contains("root:x:0:0"));
    let doc = pdf::read(&pdf);
    assert!(doc.pages.iter().all(|p| (p.width - 595.276).abs() < 0.01 && (p.height - 841.89).abs() < 0.01));
}

#[test]
fn rare_names_print_and_private_use_characters_fail_with_their_line() {
    let dir = scratch("hostile-chars");
    let input = seed_with(&dir, "rare.toml", "subject = \"群众\"", "subject = \"王堃、李䶮等群众\"");
    let pdf = build(input.to_str().unwrap(), &dir, "rare.pdf");
    assert!(pdf_text(&pdf).contains("王堃、李䶮等群众对单位的满意度为97.81%"));

    let input = seed_with(&dir, "pua.toml", "subject = \"群众\"", "subject = \"群\u{E000}众\"");
    let out = jixiao(&["build", input.to_str().unwrap(), "-o", dir.join("pua.pdf").to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("U+E000") && err.contains("pua.toml:163:13"), "{err}");
    assert!(!dir.join("pua.pdf").exists());
}

#[test]
fn zero_bases_are_words_never_nan_or_infinity() {
    let seed = std::fs::read_to_string(SEED).unwrap();
    let text = seed
        .replacen("carryover = 157.06", "carryover = 0", 1)
        .replacen("amount = 1706.78", "amount = 0", 1)
        .replacen("amount = 0.20", "amount = 0", 1)
        .replacen("last_year = 762.09", "last_year = 0", 1)
        .replacen("last_year = 11.23", "last_year = 0", 1);
    let (_, input) = jixiao::input::load_str("zero.toml", &text).unwrap();
    let report = jixiao::compute::compute(&input);
    let json = String::from_utf8(jixiao::render::data_json(&report)).unwrap();
    for bad in ["NaN", "inf", "∞", "null%"] {
        assert!(!json.contains(bad), "{bad} in the computed report");
    }
    assert!(json.contains("基本支出中人员经费976.20万元，占基本支出的88.60%，上年度无该项支出"), "{json}");
    assert!(json.contains("总支出：1794.03万元。"), "no execution rate without a budget");
    assert!(json.contains("公务用车运行维护费，本年度决算数为10.91万元，比本年预算数的14.00万元减少3.09万元，下降22.07%，上年度无该项支出"));
    assert_eq!(report.summary.execution_rate, "——");
    assert!(
        json.contains("本年度支出超过全年预算数1794.03万元，年末无结转和结余。"),
        "a negative balance is worded"
    );
    assert!(!json.contains("-1794.03"), "never a minus sign");
    // No budget, no rate: the rule gives nothing, not 0 (the hand-stated 6 prints as stated).
    assert_eq!(report.figures.execution_score_by_rule, None);
}

#[test]
fn two_thousand_indicator_rows_break_across_pages_with_the_header_repeated() {
    let dir = scratch("hostile-rows");
    let mut rows = String::new();
    for i in 0..2000 {
        rows.push_str(&format!("[[attachment2.indicators]]\nname = \"附加指标{i}\"\ntarget = \"≥1\"\nactual = \"1\"\nweight = 0\nscore = 0\n\n"));
    }
    let input = seed_with(&dir, "rows.toml", "# 两张附表末行", &format!("{rows}# 两张附表末行"));
    let pdf = build(input.to_str().unwrap(), &dir, "rows.pdf");
    let doc = pdf::read(&pdf);
    let pages = doc.pages.len();
    assert!(pages > 60, "{pages} pages");
    let text = text_of(&doc);
    assert!(text.contains("附加指标1999"));
    // The header row of 绩效指标 is printed on every page of the form.
    let headers = text.matches("一级指标二级指标三级指标").count();
    assert!(headers >= pages - 16, "{headers} header rows on {pages} pages");
}

#[test]
fn a_hundred_thousand_character_paragraph_builds() {
    let dir = scratch("hostile-long");
    let para = "这是一段很长的文字用来测试排版。".repeat(6250);
    assert_eq!(para.chars().count(), 100_000);
    let input = seed_with(&dir, "long.toml", "application = [", &format!("application = [\"{para}\", "));
    let pdf = build(input.to_str().unwrap(), &dir, "long.pdf");
    let text = pdf_text(&pdf);
    assert_eq!(text.matches("用来测试排版").count(), 6250);
}

#[test]
fn an_office_font_with_a_self_made_character_makes_it_printable() {
    let dir = scratch("hostile-office-font");
    let fonts = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fonts");
    let input = seed_with(&dir, "pua.toml", "subject = \"群众\"", "subject = \"群\u{E000}众\"");
    let pdf = dir.join("pua.pdf");
    // Without the font: an error at the character, no PDF.
    let out = jixiao(&["build", input.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!pdf.exists());
    // With the office's font folder it can print, but PDF/A-2a forbids private-use code points:
    // the build says so and what to do; PDF/A-2b takes it, with the font embedded.
    let out = jixiao(&["build", input.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "--font-path", fonts]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--pdf-standard a-2b"), "{}", stderr(&out));
    let args = [
        "build",
        input.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--font-path",
        fonts,
        "--pdf-standard",
        "a-2b",
    ];
    let out = jixiao(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(pdf::read(&pdf).fonts.iter().any(|f| f.name.contains("JixiaoTestPUA") && f.embedded));
    // A role mapped to a family of the folder is used; one that is nowhere is an error.
    let mapped = seed_with(
        &dir,
        "mapped.toml",
        "\n[settings]\n",
        "\n[fonts]\nsongti = \"Jixiao Test PUA\"\n\n[settings]\n",
    );
    let out = jixiao(&[
        "build",
        mapped.to_str().unwrap(),
        "-o",
        dir.join("m.pdf").to_str().unwrap(),
        "--font-path",
        fonts,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let missing = seed_with(
        &dir,
        "missing.toml",
        "\n[settings]\n",
        "\n[fonts]\nfangsong = \"FangSong_GB2312\"\n\n[settings]\n",
    );
    let out = jixiao(&["build", missing.to_str().unwrap(), "-o", dir.join("x.pdf").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("FangSong_GB2312") && stderr(&out).contains("找不到这个字体"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("x.pdf").exists());
}
