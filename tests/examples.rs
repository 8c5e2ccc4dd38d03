//! Every example in inputs/ builds with no error and no warning (the seed keeps its three
//! published slips), and prints the figures and headings of its template: the same kind of
//! check as tests/seed.rs, one test per example.

mod common;
use common::*;

fn example(name: &str) -> String {
    format!("{}/inputs/{name}.toml", env!("CARGO_MANIFEST_DIR"))
}

/// Builds an example, checks it has no finding worse than a note, and returns its text.
fn built(name: &str) -> (String, pdf::Document) {
    let out = jixiao(&["check", &example(name), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let bad: Vec<&serde_json::Value> =
        doc["findings"].as_array().unwrap().iter().filter(|f| f["severity"] != "note").collect();
    assert!(bad.is_empty(), "{name}: {bad:?}");
    let dir = scratch(&format!("example-{name}"));
    let pdf = build(&example(name), &dir, "out.pdf");
    let read = pdf::read(&pdf);
    (text_of(&read), read)
}

fn in_order(text: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        let pos = text[at..].find(n).unwrap_or_else(|| panic!("“{n}” missing or out of order"));
        at += pos + n.len();
    }
}

#[test]
fn county_zhengxie_2022_follows_the_county_outline() {
    let (text, _) = built("county-zhengxie-2022");
    in_order(
        &text,
        &[
            "政协岚溪县委员会办公室2022年度部门整体支出绩效自评报告",
            "一、基本情况",
            "（一）单位基本概况。",
            "政协岚溪县委员会办公室2022年末有离休人员1人、退休人员32人。",
            "设有内设机构7个：秘书科、",
            "设有直属事业单位2个：岚溪县政协委员联络服务中心、岚溪县政协文史资料研究中心。",
            "（二）部门整体支出概况。",
            "2、收入：950.14万元。同比上年度增加42.72万元，增长4.71%。其中：一般公共预算财政拨款收入948.64万元，同比增加43.32万元，增长4.79%；其他收入1.50万元，同比减少0.60万元，下降28.57%。",
            "3、支出：944.29万元。其中：人员经费支出612.48万元，公用经费支出118.62万元，资本性支出6.85万元，项目支出206.34万元。项目支出包括：全体会议及常委会议经费104.36万元，",
            // Last year's capital spending is not stated: neither it nor the total is compared.
            "2022年基本支出737.95万元。基本支出中人员经费612.48万元，占基本支出的83.00%，较上年增加26.13万元，增长4.46%",
            "资本性支出（办公设备购置）6.85万元，占基本支出的0.93%，因机构改革后列支口径调整，与上年不作比较。",
            "（三）部门整体支出绩效目标。",
            "2022年“三公”经费支出9.96万元，比本年预算数的12.00万元减少2.04万元，下降17.00%，比上年度决算数的11.11万元减少1.15万元，下降10.35%。",
            "整体支出绩效自评得分95分，评为“优秀”。",
            "附件：1.部门整体支出绩效评价基础数据表",
            "附件1",
            "附件2",
        ],
    );
    assert!(!text.contains("737.95万元，较上年"), "no comparison for a total with an unknown part");
    assert_eq!(text.matches("县政协委员对单位的满意度为96.8%").count(), 1, "printed once");
}

#[test]
fn score_first_anhui_2023_prints_the_score_first_and_the_national_form() {
    let (text, read) = built("score-first-anhui-2023");
    in_order(
        &text,
        &[
            "一、自评得分情况",
            "经自评，淮岚县自然资源和规划局2023年度部门整体支出绩效自评综合评分为98.57分，评价等级为“优秀”。",
            "二、单位基本概况",
            "淮岚县自然资源和规划局设有内设机构9个：",
            "3.总支出：3539.30万元，预算执行率95.70%。",
            "2023年项目支出2071.55万元，比上年增加118.98万元，增长6.09%",
            "2023年“三公”经费支出15.81万元，比本年预算数的19.50万元减少3.69万元，下降18.92%",
            "服务对象对我局的满意度为96.42%，达到了预期目标。",
            // One attachment: “附件”, unnumbered.
            "附件：部门整体支出绩效自评表",
            "附件",
            "部门整体支出绩效自评表（2023年度）",
            "年度资金总额3247.603698.173539.301095.70%9.57",
            "其中：当年财政拨款3217.603470.523330.03—95.95%—",
            "上年结转资金0.00186.40172.85—92.73%—",
            "其他资金30.0041.2536.42—88.29%—",
            "指标1：新增耕地面积",
            "总分10098.57",
        ],
    );
    assert!(!text.contains("附件1") && !text.contains("1.部门整体支出绩效自评表"));
    assert_eq!(read.pages.len(), 12);
}

#[test]
fn township_forms_2023_prints_its_two_tables_alone() {
    let (text, read) = built("township-forms-2023");
    // The 基础数据表's narrow columns are as wide as “（万元）” (no word or parenthesis is cut),
    // so its row labels take one line more and the 填表人 line goes to a page of its own.
    assert_eq!(read.pages.len(), 4);
    in_order(
        &text,
        &[
            "2023年度部门整体支出绩效评价基础数据表",
            "单位名称：湘枫县青檀镇人民政府",
            "625791.94%",
            "三公经费15.4716.0013.87",
            "2、出国经费000",
            // The form's own empty project row: unnumbered and blank.
            "……公用经费",
            "2023年度部门整体支出绩效自评表",
            "湘枫县青檀镇人民政府",
            "1597.501565.411098%8",
            "其中：一般公共预算：1518.50其中：基本支出：935.60",
            "总分10096.5",
        ],
    );
    // No government procurement: blank cells beside the “——” of last year, not zeros.
    assert!(text.contains("政府采购金额——部门基本支出预算调整"), "blank procurement cells");
    assert!(!text.contains("附件") && !text.contains("一、"), "no body, no attachment labels");
}

#[test]
fn chongqing_flat_2023_prints_the_flat_form_with_computed_scores() {
    let (text, read) = built("chongqing-flat-2023");
    assert_eq!(read.pages.len(), 2);
    in_order(
        &text,
        &[
            "2023年度部门整体支出绩效自评表",
            "主管部门重庆市嘉岚区文化和旅游发展委员会财政处室教科文科",
            "自评总分97.1部门联系人周晓岚联系电话023-61580123",
            "执行率（%）执行率权重执行率得分（分）",
            "1580.001748.751792.00102.47%1010.0",
            "年初目标全年（调整）目标实际完成情况",
            "指标名称计量单位指标性质年初指标值调整后指标值全年完成值得分系数（%）权重得分是否核心指标",
        ],
    );
    // Scores from 得分系数: 6 × 95% = 5.7, 8 × 80% = 6.4, 10 × 90% = 9.0.
    for score in ["9565.7", "8086.4", "90109.0"] {
        assert!(text.contains(score), "{score}");
    }
    assert!(!text.contains("填表人"), "no 填表人 line on the 重庆 form");
}

#[test]
fn rubric_guangdong_2022_prints_a_score_sheet() {
    let (text, _) = built("rubric-guangdong-2022");
    in_order(
        &text,
        &[
            "岭财绩〔2023〕2号",
            "一、部门基本情况",
            "（一）部门职能",
            "（二）设置机构及人员情况",
            "设有内设机构14个：办公室、政策法规科、",
            "（三）年度总体工作和重点工作任务",
            "（四）部门整体支出绩效目标",
            "综合评分为96.7分，评价等级为“优秀”。",
            "办事群众和用人单位对我局的满意度为95.36%",
            "附件：部门整体支出绩效自评评分表",
            "2022年度部门整体支出绩效自评评分表",
            "单位名称：岭江市人力资源和社会保障局",
            "一级指标二级指标三级指标分值指标解释评分标准自评得分扣分原因",
            "总分10096.7",
        ],
    );
}

#[test]
fn decimal_zhengxie_2022_prints_cover_contents_and_decimal_headings() {
    let (text, read) = built("decimal-zhengxie-2022");
    let cover: String = read.pages[0].lines().concat();
    in_order(
        &cover,
        &[
            "政协岚溪县委员会办公室",
            "单位名称：",
            "主管部门：",
            "政协岚溪县委员会",
            "预算编码：",
            "118001",
            "评价小组：",
        ],
    );
    // No opinion page: the 目录 is the second page and lists the body's headings with page numbers.
    let contents: Vec<String> = read.pages[1].lines();
    assert!(contents.iter().any(|l| l.contains("目录")), "{contents:?}");
    assert!(contents.iter().any(|l| l.starts_with("1.基本情况") && l.ends_with('1')), "{contents:?}");
    in_order(
        &text,
        &[
            "1.基本情况",
            "1.1单位基本概况。",
            "1.2部门整体支出概况。",
            "2.综合评价情况及评价结论",
            "附件：1.部门整体支出绩效评价基础数据表",
            "附件1",
            "附件2",
        ],
    );
    assert!(!text.contains("单位意见"));
}

#[test]
fn disclosure_anhui_2023_numbers_from_thirteen_and_edits_one_section() {
    let (text, read) = built("disclosure-anhui-2023");
    in_order(
        &text,
        &[
            "十三自评得分情况",
            "十四单位基本概况",
            "二十结果应用和公开",
            "二十一其他需要说明的情况",
            "本年度无其他需要说明的情况。",
            "部门整体支出绩效自评表",
        ],
    );
    // The number and the heading are a full-width space apart (read back as a space).
    let heading = read.pages.iter().flat_map(|p| p.lines()).find(|l| l.contains("自评得分情况")).unwrap();
    assert!(
        heading.starts_with("十三") && heading.chars().nth(2).is_some_and(char::is_whitespace),
        "{heading}"
    );
    // The line above the form and the notes under it.
    let form = read.pages.iter().find(|p| p.lines().iter().any(|l| l.contains("金额单位：万元"))).unwrap();
    let lines: Vec<String> = form.lines().iter().map(|l| l.replace(' ', "")).collect();
    assert!(
        lines.iter().any(|l| l.contains("金额单位：万元") && l.contains("填报日期：2024年3月26日")),
        "{lines:?}"
    );
    assert!(text.replace(' ', "").contains("备注：1.预算执行率得分=执行率×分值，最高为分值。"));
}

#[test]
fn changsha_wenlv_2022_prints_the_weight_of_each_level_after_its_name() {
    let (text, _) = built("changsha-wenlv-2022");
    in_order(
        &text,
        &[
            "2022年度部门整体支出绩效自评表",
            "长沙市雨岚区文化旅游体育局",
            "一级指标",
            "分值",
            "二级指标",
            "分值",
            "三级指标",
        ],
    );
    let printed = printed_of("changsha-wenlv-2022");
    // The level weights are sums of the rows' weights, computed, never typed.
    assert_eq!(printed("附件2.产出指标.分值").as_deref(), Some("50"));
    assert_eq!(printed("附件2.产出指标.数量指标.分值").as_deref(), Some("20"));
    assert_eq!(printed("附件2.效益指标.社会效益指标.分值").as_deref(), Some("20"));
    assert_eq!(printed("附件2.满意度指标.服务对象满意度指标.分值").as_deref(), Some("10"));
    assert_eq!(printed("附件2.总分值").as_deref(), Some("100"));
}

#[test]
fn form_report_qingxi_2023_prints_its_overview_and_finances_as_grids() {
    let (text, read) = built("form-report-qingxi-2023");
    let cover: String = read.pages[0].lines().concat();
    in_order(
        &cover,
        &[
            "部门整体支出绩效自评报告",
            "单位名称：",
            "青溪县林业局",
            "预算编码：",
            "312001",
            "评价机构：",
            "青溪县林业局绩效自评工作小组",
        ],
    );
    in_order(
        &text,
        &[
            "一、基本概况",
            "表1单位基本概况",
            "单位名称青溪县林业局预算编码312001",
            "人员编制60名实有人数56人",
            "内设机构6个下属事业单位3个",
            "二、收支情况",
            "2023年度收支情况如下表。",
            "表22023年度收支情况",
            "收入项目金额（万元）支出项目金额（万元）",
            // 35.20 carried over + 2444.80 of income; 1417.24 basic + 1021.34 on projects.
            "资金总额2480.00支出合计2438.58",
            "其中：上年结转35.20其中：基本支出1417.24",
            "公共财政拨款2316.48人员经费1236.54",
            "纳入专户管理的非税收入拨款资本性支出12.40",
            "其他8.32项目支出1021.34",
            "预算执行率98%年末结转和结余41.42",
            "四、自评结果",
            "表3自评得分",
            "评价内容分值得分预算执行率108合计10096评价等级优秀",
            "评价等级标准",
            "等级优秀良好中差得分≥90分80（含）～90分60（含）～80分<60分",
            "附件",
            "部门整体支出绩效自评表",
        ],
    );
}

#[test]
fn a_second_level_can_print_its_weight_under_its_name() {
    let dir = scratch("level2-weight");
    let input = seed_with(&dir, "r.toml", "[attachment2]\n", "[attachment2]\nlevel2_weight = true\n");
    let text = pdf_text(&build(input.to_str().unwrap(), &dir, "r.pdf"));
    // 数量指标 has three rows of 10 in the seed: the sum is computed, never typed.
    assert!(text.contains("数量指标（30分）"), "{text}");
    assert!(text.contains("产出指标（50分）"), "the 一级 keeps its own");
    assert!(!text.contains("质量指标（0分）"), "rows without weights have no weight, not 0");
}

#[test]
fn a_weight_column_leaves_a_group_without_weights_blank_not_0() {
    let dir = scratch("weight-columns-placeholders");
    let input = seed_with(&dir, "r.toml", "[report]\n", "template = \"长沙\"\n\n[report]\n");
    let out = jixiao(&["check", input.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let printed = |key: &str| {
        doc["printed"].as_array().unwrap().iter().find(|p| p["key"] == key).map(|p| p["text"].to_string())
    };
    assert_eq!(printed("附件2.产出指标.数量指标.分值").as_deref(), Some("\"30\""));
    // The seed's 质量指标 are placeholder rows (指标1：, ……) without weights.
    assert_eq!(printed("附件2.产出指标.质量指标.分值"), None, "no weight, not 0");
    build(input.to_str().unwrap(), &dir, "r.pdf");
}

/// The `printed` figures of an example as `check --format json` gives them.
fn printed_of(name: &str) -> impl Fn(&str) -> Option<String> {
    let out = jixiao(&["check", &example(name), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    move |key: &str| {
        doc["printed"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == key)
            .map(|p| p["text"].as_str().unwrap().to_string())
    }
}

#[test]
fn twenty_eighty_shuili_2023_scores_execution_as_twenty_times_the_rate_and_adds_a_project_form() {
    let (text, _) = built("twenty-eighty-shuili-2023");
    let flat = text.replace(' ', "");
    in_order(
        &flat,
        &[
            "附件：",
            "1.部门整体支出绩效自评表",
            "2.项目支出绩效自评表（小型水库除险加固）",
            "附件1",
            "2023年度部门整体支出绩效自评表",
            // The heading cites the weight; the row is the department's total.
            "预算执行情况（20分）",
            "预算数（A）",
            "执行数（B）",
            "执行率（B/A）",
            "部门整体支出总额",
            "3932.50",
            "3781.82",
            "96.17%",
            "19.23",
            "年初目标值（A）",
            "总分",
            "98.03",
            "偏差大或目标未完成原因分析",
            "改进措施及结果应用方案",
            "备注：1.预算执行得分=20×执行率（B/A）",
            "附件2",
            "2023年度项目支出绩效自评表",
            "项目名称",
            "小型水库除险加固",
            "项目资金总额",
            "880.00",
            "842.30",
            "95.72%",
            "19.14",
            "95.11",
            // The project's own rate, cited in its own row as {附件2.执行率}.
            "项目执行率95.72%",
        ],
    );
    let printed = printed_of("twenty-eighty-shuili-2023");
    // 20 × 96.17% = 19.234 → 19.23; the project: 842.30 ÷ 880.00 = 95.716% → 95.72%, × 20 = 19.14.
    assert_eq!(printed("附件2.执行率得分").as_deref(), Some("19.23"));
    assert_eq!(printed("附件2.总得分").as_deref(), Some("98.03"));
    assert_eq!(printed("项目自评表1.执行率").as_deref(), Some("95.72%"));
    assert_eq!(printed("项目自评表1.执行率得分").as_deref(), Some("19.14"));
    assert_eq!(printed("项目自评表1.总得分").as_deref(), Some("95.11"));
}

#[test]
fn decision_rubric_shiye_2023_prints_weights_in_labels_and_a_results_table_with_grades() {
    let (text, _) = built("decision-rubric-shiye-2023");
    let flat = text.replace(' ', "");
    in_order(
        &flat,
        &[
            "表1部门整体支出绩效自评得分情况",
            "一级指标",
            "分值",
            "得分",
            "等级",
            "部门决策",
            "25",
            "24",
            "优",
            "合计",
            "100",
            "96.56",
            "优",
            "评价等级：90分（含）以上为“优”",
            "2023年度部门整体支出绩效自评评分表",
            "绩效目标合理性（5分）",
            "部门决策",
            "（25分）",
            "预算执行率（10分）",
            "总分",
            "96.56",
            "评价等级：90分（含）以上为“优”",
        ],
    );
    let printed = printed_of("decision-rubric-shiye-2023");
    // Each 一级指标's score is the sum of its rows, its grade by the share of its weight.
    assert_eq!(printed("附件2.部门决策.分值").as_deref(), Some("25"));
    assert_eq!(printed("附件2.部门决策.目标设定.分值").as_deref(), Some("10"));
    assert_eq!(printed("附件2.综合管理.得分").as_deref(), Some("28.06"));
    assert_eq!(printed("附件2.部门绩效.等级").as_deref(), Some("优"));
    assert_eq!(printed("附件2.总分值").as_deref(), Some("100"));
}

#[test]
fn the_attachment_note_keeps_its_colon_full_width() {
    // Alone on its line in the label's column, “附件：” had its colon set half-width, as a line
    // end's punctuation is, and the name followed it at half a character.
    let (_, read) = built("decision-rubric-shiye-2023");
    let page =
        read.pages.iter().find(|p| p.lines().iter().any(|l| l.starts_with("附件："))).expect("the note");
    let at = page.glyphs.iter().position(|g| g.text == "附").unwrap();
    let (start, name) = (&page.glyphs[at], &page.glyphs[at + 3]);
    assert_eq!(name.text, "部");
    let em = start.size;
    assert!(
        (name.x0 - start.x0 - 3.0 * em).abs() < 0.5,
        "附件： is three characters wide: {} pt",
        name.x0 - start.x0
    );
}
