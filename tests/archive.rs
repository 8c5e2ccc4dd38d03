//! The PDF as an archive and a web copy: PDF/A-2a + PDF/UA-1 metadata, a stable document id
//! across corrections, the standard chosen on the command line, the 附件2 variants.

mod common;
use common::*;

fn find<'a>(pdf: &'a [u8], pattern: &str) -> Option<&'a [u8]> {
    let p = pattern.as_bytes();
    pdf.windows(p.len()).position(|w| w == p).map(|i| &pdf[i..])
}

/// The two halves of the PDF trailer's /ID.
fn ids(pdf: &[u8]) -> (String, String) {
    let rest = find(pdf, "/ID[").expect("a /ID");
    let end = rest.iter().position(|b| *b == b']').unwrap();
    let s = String::from_utf8_lossy(&rest[4..end]).into_owned();
    let mut parts = s.split(")(").map(|p| p.trim_matches(['(', ')']).to_string());
    (parts.next().unwrap(), parts.next().unwrap())
}

#[test]
fn the_seed_is_pdf_a_2a_and_pdf_ua_1_with_its_metadata() {
    let dir = scratch("archive-xmp");
    let pdf = std::fs::read(build(SEED, &dir, "seed.pdf")).unwrap();
    for needle in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
        "<rdf:li>zh-CN</rdf:li>",
        "2020年度中共益阳市委组织部整体支出绩效自评报告",
        "<xmp:CreateDate>2021-06-30T00:00:00Z</xmp:CreateDate>",
    ] {
        assert!(find(&pdf, needle).is_some(), "XMP lacks {needle}");
    }
    let doc = pdf::read(&dir.join("seed.pdf"));
    assert!(doc.tagged, "the PDF is not tagged");
    assert_eq!(doc.author.as_deref(), Some("中共益阳市委组织部"));
}

#[test]
fn a_corrected_report_keeps_its_identity_and_changes_its_content_hash() {
    let dir = scratch("archive-id");
    let first = std::fs::read(build(SEED, &dir, "first.pdf")).unwrap();
    let corrected = seed_with(
        &dir,
        "corrected.toml",
        "date = 2021-06-30\n",
        "date = 2021-06-30\n[report.revision]\nnumber = 1\ndate = 2021-07-15\nnote = \"更正公务接待批次\"\nprint = true\n\n[report.x]\n",
    );
    // The revision table must come after the [report] keys: move the rest of [report] above it.
    let text = std::fs::read_to_string(&corrected).unwrap();
    let (head, tail) = text.split_once("[report.revision]").unwrap();
    let (revision, rest) = tail.split_once("[report.x]\n").unwrap();
    let (report_rest, after) = rest.split_once("\n# 一、").unwrap();
    let fixed = format!("{head}{report_rest}\n[report.revision]{revision}\n# 一、{after}").replacen(
        "batches = 44",
        "batches = 45",
        1,
    );
    std::fs::write(&corrected, fixed).unwrap();
    let second = std::fs::read(build(corrected.to_str().unwrap(), &dir, "second.pdf")).unwrap();
    let (a0, a1) = ids(&first);
    let (b0, b1) = ids(&second);
    assert_eq!(a0, b0, "/ID[0] must stay the same across corrections");
    assert_ne!(a1, b1, "/ID[1] must follow the content");
    let text = pdf_text(&dir.join("second.pdf"));
    assert!(text.contains("（2021年7月15日更正）"), "the printed revision line is missing");
    assert!(text.contains("国内公务接待45批次"));
    assert!(find(&second, "第1次修订").is_some(), "the revision is not in the metadata");
}

#[test]
fn the_standard_is_a_choice() {
    let dir = scratch("archive-standard");
    let pdf = dir.join("b.pdf");
    let out = jixiao(&["build", SEED, "-o", pdf.to_str().unwrap(), "--pdf-standard", "a-3b"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(find(&bytes, "<pdfaid:part>3</pdfaid:part>").is_some());
    assert!(find(&bytes, "<pdfaid:conformance>B</pdfaid:conformance>").is_some());
    let out = jixiao(&["build", SEED, "-o", pdf.to_str().unwrap(), "--pdf-standard", "none"]);
    assert!(out.status.success());
    assert!(find(&std::fs::read(&pdf).unwrap(), "pdfaid:part").is_none());
    let out = jixiao(&["build", SEED, "-o", pdf.to_str().unwrap(), "--pdf-standard", "a-9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("a-9") && stderr(&out).contains("a-2a|a-2b"), "{}", stderr(&out));
}

#[test]
fn without_a_date_the_pdf_is_ua_only_and_says_so() {
    let dir = scratch("archive-nodate");
    let input = seed_with(&dir, "nodate.toml", "date = 2021-06-30\n", "");
    let pdf = dir.join("n.pdf");
    let out = jixiao(&["build", input.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("PDF/A 归档格式需要它"), "{}", stderr(&out));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(find(&bytes, "pdfaid:part").is_none());
    assert!(find(&bytes, "<pdfuaid:part>1</pdfuaid:part>").is_some());
}

#[test]
fn form_variants_print_their_columns() {
    let dir = scratch("archive-variants");
    let unscored = seed_with(
        &dir,
        "u.toml",
        "execution_weight = 10 ",
        "form = \"无分值\"\ngrade = \"优秀\"\nexecution_weight = 10 ",
    );
    let text = pdf_text(&build(unscored.to_str().unwrap(), &dir, "u.pdf"));
    let form = &text[text.rfind("附件2").unwrap()..];
    // (Table cells come out of pdftotext in no useful order: look for words, not sequences.)
    assert!(form.contains("年度指标值") && form.contains("实际完成情况"), "{form}");
    assert!(!form.contains("总分") && !form.contains("分值") && !form.contains("得分"), "{form}");
    assert!(text.contains("整体支出绩效评为“优秀”"));

    let nature =
        seed_with(&dir, "n.toml", "execution_weight = 10 ", "form = \"含指标性质\"\nexecution_weight = 10 ");
    let nature = std::fs::read_to_string(&nature).unwrap().replacen(
        "name = \"公务员考录\"",
        "name = \"公务员考录\"\nnature = \"正向\"\nunit = \"人次\"",
        1,
    );
    std::fs::write(dir.join("n.toml"), nature).unwrap();
    let text = pdf_text(&build(dir.join("n.toml").to_str().unwrap(), &dir, "n.pdf"));
    let form = &text[text.rfind("附件2").unwrap()..];
    assert!(form.contains("指标性质") && form.contains("计量单位"), "{form}");
    assert!(form.contains("正向") && form.contains("总分") && form.contains("得分"), "{form}");
}

/// A title can be switched off: `[attachment2] title = []` and `[report] title_lines = []` pass
/// `check` and build a PDF/UA file (no empty heading; the document keeps its title in the
/// metadata, from the template).
#[test]
fn an_empty_title_prints_nothing_and_the_pdf_stays_ua() {
    let dir = scratch("archive-empty-title");
    let empty = seed_with(&dir, "e.toml", "[attachment2]\n", "[attachment2]\ntitle = []\n");
    let text = std::fs::read_to_string(&empty).unwrap().replacen(
        "title_lines = [\"2020年度中共益阳市委组织部\", \"整体支出绩效自评报告\"]",
        "title_lines = []",
        1,
    );
    std::fs::write(&empty, text).unwrap();
    let pdf_path = build(empty.to_str().unwrap(), &dir, "e.pdf");
    let pdf = std::fs::read(&pdf_path).unwrap();
    assert!(find(&pdf, "<pdfuaid:part>1</pdfuaid:part>").is_some());
    assert!(find(&pdf, "整体支出绩效自评报告").is_some(), "the metadata keeps a title");
    let text = pdf_text(&pdf_path);
    assert!(text.starts_with("根据中央"), "the body starts with its first paragraph: {}", &text[..60]);
    // The 附件说明 still names the form; the form's page starts with its table.
    let form = &text[text.rfind("附件2").unwrap()..];
    assert!(!form.contains("绩效自评表"), "the 自评表's title is off: {}", &form[..60]);
}
