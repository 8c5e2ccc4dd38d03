//! The command line as a user meets it: exit codes, messages, JSON, and the promise that a
//! failed build never touches the previous PDF.

mod common;
use common::*;

#[test]
fn check_on_the_seed_warns_about_its_three_slips_and_exits_zero() {
    let out = jixiao(&["check", SEED]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("警告[J301]") && err.contains("yiyang-zuzhibu-2020.toml:63:15"), "{err}");
    assert!(err.contains("警告[J302]") && err.contains("yiyang-zuzhibu-2020.toml:216:452"), "{err}");
    // The published report misspells the name of the guiding ideology: 特设 for 特色.
    assert!(
        err.contains("警告[J309]：第2项主要绩效中“习近平新时代中国特设社会主义思想”应为“习近平新时代中国特色社会主义思想”")
            && err.contains("yiyang-zuzhibu-2020.toml:208:28"),
        "{err}"
    );
    assert!(err.contains("0 个错误，3 个警告"), "{err}");
    // Warnings count when asked to.
    assert_eq!(jixiao(&["check", SEED, "--deny-warnings"]).status.code(), Some(1));
}

#[test]
fn unreadable_input_exits_two_with_a_chinese_message() {
    let out = jixiao(&["check", "no/such/file.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("文件不存在"), "{}", stderr(&out));
}

#[test]
fn check_json_has_findings_with_places_and_every_figure() {
    let out = jixiao(&["check", SEED, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3);
    assert_eq!(findings[0]["code"], "J301");
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["line"], 63);
    assert_eq!(findings[0]["column"], 15);
    let figures = &doc["figures"];
    assert_eq!(figures["basic"]["to"], "1101.73");
    assert_eq!(figures["full_budget"], "1864.04");
    assert_eq!(figures["grade"], "优秀");
}

#[test]
fn check_of_a_folder_writes_the_bureaus_summary_table_with_the_printed_figures() {
    // What a finance bureau receives: a good report, one with a broken sum, one that is not
    // even TOML. Every report gets a row; the figures are those its PDF prints.
    let dir = scratch("cli-summary");
    let reports = dir.join("各部门");
    std::fs::create_dir_all(&reports).unwrap();
    std::fs::copy(SEED, reports.join("a.toml")).unwrap();
    seed_with(&reports, "b.toml", "amount = 1706.78", "amount = 1706.87");
    std::fs::write(reports.join("c.toml"), "year = = 2020\n").unwrap();
    let csv = dir.join("汇总表.csv");
    let out = jixiao(&["check", reports.to_str().unwrap(), "--format", "csv", "-o", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "two reports have errors: {}", stderr(&out));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "Excel needs the BOM to read UTF-8");
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(lines.len(), 5, "header, three rows, and the empty rest after the last CRLF: {lines:?}");
    assert!(
        lines[0].starts_with(
            "文件,单位,年度,年初预算数（万元）,全年预算数（万元）,全年执行数（万元）,预算执行率"
        )
    );
    assert!(
        lines[1].ends_with(
            "a.toml,中共益阳市委组织部,2020,1320.43,1864.04,1794.03,96%,1706.98,59.77,34.86,100,96,优秀,0,3,0"
        ),
        "{}",
        lines[1]
    );
    // The broken sum: its figures as they would print, and its two errors counted.
    assert!(
        lines[2].ends_with(
            "b.toml,中共益阳市委组织部,2020,1320.43,1864.13,1794.03,96%,1707.07,59.77,34.86,100,96,优秀,2,3,0"
        ),
        "{}",
        lines[2]
    );
    assert!(lines[3].ends_with("c.toml,,,,,,,,,,,,,1,0,0"), "{}", lines[3]);
    assert_eq!(lines[4], "");

    // The same as text: each report's findings, then the tally.
    let out = jixiao(&["check", reports.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("共 3 个报告：1 个可以生成（其中 1 个有警告），2 个要先改正错误"),
        "{}",
        stderr(&out)
    );
    // As JSON: one entry per report, with its figures and its summary row.
    let out = jixiao(&[
        "check",
        reports.join("a.toml").to_str().unwrap(),
        reports.join("b.toml").to_str().unwrap(),
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let all = doc.as_array().expect("an array for several reports");
    assert_eq!(all.len(), 2);
    assert_eq!(all[1]["summary"]["full_budget"], "1864.13");
    assert_eq!(all[1]["figures"]["income_total"], "1707.07");
    // -o is for json, csv and xlsx; text findings are for the screen.
    let out = jixiao(&["check", SEED, "-o", dir.join("x.txt").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("-o 只能与 --format json、csv 或 xlsx 一起用"), "{}", stderr(&out));
    // Nor does the table ever land on a report.
    let a = reports.join("a.toml");
    let before = std::fs::read(&a).unwrap();
    let out = jixiao(&["check", reports.to_str().unwrap(), "--format", "csv", "-o", a.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("就是输入文件"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&a).unwrap(), before);
}

#[test]
fn checked_with_last_years_report_the_prior_year_figures_must_be_its_final_accounts() {
    // 2021 rolled over from the seed carries the 2020 决算 as its 上年 figures; one of them typed
    // again wrongly, and the 年初结转和结余 not yet filled, are what the bureau should see.
    let dir = scratch("cli-years");
    let last = dir.join("2020.toml");
    std::fs::copy(SEED, &last).unwrap();
    let now = dir.join("2021.toml");
    let out = jixiao(&["init", "--from", last.to_str().unwrap(), now.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&now).unwrap();
    let line = text.lines().position(|l| l == "last_year = 976.20").expect("人员经费 carried over") + 1;
    std::fs::write(&now, text.replacen("last_year = 976.20", "last_year = 976.02", 1)).unwrap();

    let out = jixiao(&["check", last.to_str().unwrap(), now.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let of = |i: usize| -> Vec<serde_json::Value> {
        doc[i]["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "J208").cloned().collect()
    };
    assert!(of(0).is_empty(), "the earlier report has no year before it here");
    let found = of(1);
    assert_eq!(found.len(), 2, "{found:?}");
    let personnel = found.iter().find(|f| f["line"] == line).expect("the 人员经费 line");
    assert_eq!(personnel["severity"], "warning");
    assert!(
        personnel["message"].as_str().unwrap().contains("人员经费上年决算数 976.02 万元与2020年报告")
            && personnel["message"].as_str().unwrap().contains("决算数 976.20 万元不符，相差 0.18 万元"),
        "{personnel}"
    );
    let carryover = found.iter().find(|f| f["line"] != line).unwrap();
    assert!(carryover["message"].as_str().unwrap().contains("年末结转和结余 70.01 万元"), "{carryover}");

    // Alone, the 2021 report has nothing to be compared with.
    let out = jixiao(&["check", now.to_str().unwrap()]);
    assert!(!stderr(&out).contains("J208"), "{}", stderr(&out));

    // A restated 上年 figure is allowed with a reason: a note then, also when checked alone.
    let allowed = std::fs::read_to_string(&now).unwrap()
        + "\n[[allow]]\ncode = \"J208\"\nreason = \"2021年起人员经费含离退休人员经费，上年数按新口径调整\"\n";
    std::fs::write(&now, allowed).unwrap();
    let out = jixiao(&["check", last.to_str().unwrap(), now.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(!err.contains("警告[J208]") && err.contains("（已说明）人员经费上年决算数"), "{err}");
    let out = jixiao(&["check", now.to_str().unwrap()]);
    assert!(!stderr(&out).contains("这条 allow 可以删去"), "{}", stderr(&out));
}

#[test]
fn a_broken_sum_stops_the_build_and_keeps_the_previous_pdf() {
    let dir = scratch("cli-keep");
    let pdf = build(SEED, &dir, "report.pdf");
    let before = std::fs::read(&pdf).unwrap();
    let broken = seed_with(&dir, "broken.toml", "amount = 1706.78", "amount = 1706.87");
    let out = jixiao(&["build", broken.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // Both sides of the sum and the difference are named.
    assert!(
        err.contains("按收入性质分合计 1864.04 万元与全年预算数 1864.13 万元不符，相差 0.09 万元"),
        "{err}"
    );
    assert!(err.contains("原有的") && err.contains("保持不变"), "{err}");
    assert_eq!(std::fs::read(&pdf).unwrap(), before, "the previous PDF was touched");
    assert!(temp_files(&dir).is_empty());
}

#[test]
fn output_paths_that_would_do_harm_are_refused() {
    let dir = scratch("cli-output");
    let input = seed_with(&dir, "in.toml", "year = 2020", "year = 2020");
    let input = input.to_str().unwrap();
    let cases = [
        (input.to_string(), "就是输入文件"),
        (dir.to_str().unwrap().to_string(), "是一个文件夹"),
        (dir.join("missing/out.pdf").to_str().unwrap().to_string(), "不存在"),
        (dir.join("in.toml/out.pdf").to_str().unwrap().to_string(), "不存在"),
    ];
    for (output, expected) in cases {
        let out = jixiao(&["build", input, "-o", &output]);
        assert_eq!(out.status.code(), Some(2), "{output}");
        assert!(stderr(&out).contains(expected), "{output}: {}", stderr(&out));
    }
    // The input is untouched.
    assert!(std::fs::read_to_string(input).unwrap().contains("year = 2020"));
}
