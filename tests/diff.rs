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
            "基本支出较上年增减额:增加246.93万元→增加247.03万元",
            "基本支出较上年增减幅度:增长28.89%→增长28.90%",
            "人员经费占基本支出的比例:88.60%→88.61%",
            "人员经费较上年增减额:增加214.11万元→增加214.21万元",
            "人员经费较上年增减幅度:增长28.10%→增长28.11%",
            "资本性支出占基本支出的比例:1.78%→1.77%",
            "总支出:1794.03万元→1794.13万元",
            "年末结转和结余:70.01万元→69.91万元",
            "全年执行数:1794.03→1794.13",
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
            "附件2 表1 “年度资金总额”行 第4格",
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

/// The number tokens of a printed text (“1101.83”, “28.90”, “44”).
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars().chain([' ']) {
        if c.is_ascii_digit() || (c == '.' && !cur.is_empty()) {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(cur.trim_end_matches('.').to_string());
            cur.clear();
        }
    }
    out
}

/// Everything a reader sees of a report: the body's blocks and every cell of the forms.
fn printed(report: &jixiao::compute::Report) -> Vec<String> {
    let mut out: Vec<String> =
        report.body().map(|b| b.blocks.iter().map(|x| x.printed()).collect()).unwrap_or_default();
    for id in ["form1", "form2"] {
        if let Some(f) = report.form(id) {
            for t in &f.tables {
                out.extend(t.rows.iter().flatten().map(|c| c.joined()));
            }
        }
    }
    out
}

/// Issue #12's registry test: each figure of the seed, corrected in turn. The diff must name
/// every printed figure that changed (each number that is new in the print belongs to a listed
/// change), and nothing that did not (each listed change prints as listed, before and after).
#[test]
fn every_corrected_figure_of_the_seed_names_exactly_the_printed_figures_that_changed() {
    use jixiao::compute::compute;
    use jixiao::diff::printed_figure_changes;
    use jixiao::input::load_str;
    use toml::de::{DeTable, DeValue};

    let seed = std::fs::read_to_string(SEED).unwrap();
    let (_, old_input) = load_str("seed.toml", &seed).unwrap();
    let old = compute(&old_input);
    let old_print = printed(&old).join("|");
    // Every number literal of the file, with its place.
    fn walk(v: &toml::Spanned<DeValue>, path: &str, out: &mut Vec<(String, std::ops::Range<usize>)>) {
        match v.get_ref() {
            DeValue::Integer(_) | DeValue::Float(_) => out.push((path.to_string(), v.span())),
            DeValue::Table(t) => t.iter().for_each(|(k, x)| walk(x, &format!("{path}.{}", k.get_ref()), out)),
            DeValue::Array(a) => {
                a.iter().enumerate().for_each(|(i, x)| walk(x, &format!("{path}[{i}]"), out))
            }
            _ => {}
        }
    }
    let table = DeTable::parse(&seed).unwrap();
    let mut literals = Vec::new();
    for (k, v) in table.get_ref().iter() {
        walk(v, k.get_ref(), &mut literals);
    }
    let literals: Vec<_> =
        literals.into_iter().filter(|(p, _)| p != "report.year" && !p.starts_with("settings")).collect();
    assert!(literals.len() > 80, "{}", literals.len());
    let mut tried = 0;
    for (path, span) in literals {
        let raw = &seed[span.clone()];
        let value: rust_decimal::Decimal = raw.parse().unwrap();
        let changed = if raw.contains('.') {
            value + rust_decimal::Decimal::new(101, 2)
        } else {
            value + rust_decimal::Decimal::ONE
        };
        let text = format!("{}{}{}", &seed[..span.start], changed, &seed[span.end..]);
        let (_, input) = load_str("corrected.toml", &text).unwrap();
        let new = compute(&input);
        let new_print = printed(&new).join("|");
        let changes = printed_figure_changes(&old, &new);
        // No more: each listed change prints as listed.
        for (_, c) in &changes {
            if c.before != "（无）" {
                assert!(
                    old_print.contains(&c.before),
                    "{path}: “{}” {} is not in the old print",
                    c.label,
                    c.before
                );
            }
            if c.after != "（无）" {
                assert!(
                    new_print.contains(&c.after),
                    "{path}: “{}” {} is not in the new print",
                    c.label,
                    c.after
                );
            }
        }
        // No less: every number that the new print has more of than the old is in a change.
        let mut counts: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
        for n in numbers(&new_print) {
            *counts.entry(n).or_default() += 1;
        }
        for n in numbers(&old_print) {
            *counts.entry(n).or_default() -= 1;
        }
        let listed: Vec<String> = changes.iter().flat_map(|(_, c)| numbers(&c.after)).collect();
        for (n, k) in counts {
            assert!(
                k <= 0 || listed.contains(&n),
                "{path} = {changed}: {n} is new in the print but no listed change has it: {changes:?}"
            );
        }
        tried += 1;
    }
    assert!(tried > 80);
}
