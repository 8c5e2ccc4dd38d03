//! `[stated]`: printed figures as published. The stated figure prints; where the inputs give
//! it too, a difference is an error naming both amounts, let stand only by a scoped allow;
//! where they cannot, it stands alone.

mod common;

use common::*;

#[test]
fn a_stated_figure_that_agrees_changes_nothing() {
    let dir = scratch("stated-agrees");
    let input = seed_plus(&dir, "r.toml", "[stated]\n\"总收入\" = 1706.98\n\"三公.公务接待费.本年\" = 4.38");
    let out = jixiao(&["check", input.to_str().unwrap()]);
    assert!(!stderr(&out).contains("J212"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_stated_figure_the_inputs_contradict_is_an_error_naming_both() {
    let dir = scratch("stated-differs");
    let input = seed_plus(&dir, "r.toml", "[stated]\n\"总收入\" = 1706.89");
    let out = jixiao(&["build", input.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("错误[J212]：写明的“总收入”是 1706.89，按文件中的数据算出的是 1706.98"), "{err}");
    assert!(!dir.join("r.pdf").exists());

    // Approved as published: it prints, and the figures that derive from it use it.
    let allowed = seed_plus(
        &dir,
        "allowed.toml",
        "[stated]\n\"总支出\" = 1794.30\n\n[[allow]]\ncode = \"J212\"\nreason = \"照财政局审定的决算报表\"\nat = 'stated.\"总支出\"'\namounts = [1794.03, 1794.30]",
    );
    let out = jixiao(&["build", allowed.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_text(&dir.join("allowed.pdf"));
    assert!(text.contains("总支出：1794.30万元"), "the stated figure prints");
    // 年末结转和结余 = 全年预算数 1864.04 − 总支出: 69.74 with the stated spending (70.01 from the
    // inputs), in the body and as 附件2's 全年执行数.
    assert!(text.contains("本年度年末结转和结余69.74万元"), "a figure that derives from it uses it");
    assert!(text.contains("1864.041794.30"), "附件2 prints it beside the 全年预算数");
}

#[test]
fn a_figure_the_inputs_cannot_give_stands_alone_and_a_stray_key_is_named() {
    let dir = scratch("stated-alone");
    // The seed lists no 内设机构: the count is stated, as published (“等10个”).
    let input = seed_with(
        &dir,
        "r.toml",
        "text = \"盘活财政存量资金，提高资金使用效率，结转资金在一年内使用完毕。\"",
        "text = \"部机关设办公室、干部科等{内设机构数}个科室。\"",
    );
    let text =
        std::fs::read_to_string(&input).unwrap() + "\n[stated]\n\"内设机构数\" = 10\n\"总收人\" = 1706.98\n";
    std::fs::write(&input, text).unwrap();
    let out = jixiao(&["check", input.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(!err.contains("J111"), "a stated figure can be cited: {err}");
    assert!(err.contains("警告[J212]：写明的“总收人”没有印出"), "{err}");
    assert!(err.contains("是不是 “总收入”"), "{err}");
    let pdf = pdf_text(&build(input.to_str().unwrap(), &dir, "r.pdf"));
    assert!(pdf.contains("部机关设办公室、干部科等10个科室。"), "{pdf}");
}

#[test]
fn a_forms_only_report_states_its_total_instead_of_inventing_the_detail() {
    // Only the 自评表 prints, the 全年执行数 is stated as published, and there is no [basic] or
    // [projects] to sum it from: nothing is invented, nothing is missing.
    let dir = scratch("stated-forms-only");
    let seed = std::fs::read_to_string(SEED).unwrap();
    let (a, b) = (seed.find("[basic]").unwrap(), seed.find("[funds]").unwrap());
    let text =
        format!("{}{}", &seed[..a], &seed[b..]).replacen("[report]\n", "[report]\nparts = [\"自评表\"]\n", 1)
            + "\n[stated]\n\"附件2.全年执行数\" = 1794.03\n";
    let input = dir.join("forms.toml");
    std::fs::write(&input, text).unwrap();
    let out = jixiao(&["check", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("J110"), "{}", stderr(&out));
    let pdf = pdf_text(&build(input.to_str().unwrap(), &dir, "forms.pdf"));
    assert!(
        pdf.contains("年度资金总额1320.431864.041794.031096%6"),
        "the stated total and the rate from it: {pdf}"
    );
    assert!(pdf.contains("基本支出：") && pdf.contains("项目支出："), "{pdf}");
    assert!(
        !pdf.contains("基本支出：0") && !pdf.contains("项目支出：0"),
        "the split it cannot know stays blank, not 0"
    );
}
