//! `jixiao serve`: the page in a real browser (headless Chromium through WebDriver), the merging
//! of edits made on the page and in another editor, and the refusals that keep the server to
//! its one user (foreign Host or Origin, no token, paths, oversized bodies).
//!
//! The browser test needs Debian's `chromium` and `chromium-driver`. Without them it says that it
//! was skipped, unless `JIXIAO_REQUIRE_BROWSER=1` (set by `.ci/run`), where it fails.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::http;
use common::serve::Serve;
use common::webdriver::Browser;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_jixiao");

fn seed_copy(test: &str) -> (PathBuf, PathBuf, String) {
    let dir = common::scratch(test);
    let file = dir.join("yiyang-zuzhibu-2020.toml");
    let text = std::fs::read_to_string(common::SEED).unwrap();
    std::fs::write(&file, &text).unwrap();
    (dir, file, text)
}

const WAIT: Duration = Duration::from_secs(30);

/// The page's state as the script holds it, and what the page shows.
fn page_state(b: &Browser) -> Value {
    b.execute(
        "const imgs = [...document.querySelectorAll('#pages .page img')];
         return {
           version: STATE ? STATE.version : 0,
           pages: imgs.map(i => i.getAttribute('data-hash')),
           loaded: imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0),
           waiting: imgs.map((i, n) => [n, i.complete, i.naturalWidth]).filter(x => !(x[1] && x[2] > 0)),
           srcs: imgs.map(i => i.getAttribute('src')),
           status: document.getElementById('status').textContent,
           sangong: (document.querySelector('.derived[data-group=sangong]') || {}).textContent || '',
         };",
        json!([]),
    )
    .unwrap()
}

fn field_selector(path: &str) -> String {
    format!("div.field[data-path='{path}']")
}

#[test]
fn a_clerk_edits_the_seed_in_the_browser() {
    let Some(b) = Browser::start_or_skip("the browser test of jixiao serve") else { return };
    let (dir, file, original) = seed_copy("serve-browser");
    let serve = Serve::start(BIN, &file, &[]);
    b.set_window_size(1500, 1100).unwrap();
    b.goto(&serve.url).unwrap();

    // The seed opens: the form with its values, 17 pages in the preview.
    let before = b
        .wait_for("the 17 pages of the seed", WAIT, |b| {
            let s = page_state(b);
            Ok((s["pages"].as_array().map_or(0, Vec::len) == 17 && s["loaded"] == true).then_some(s))
        })
        .unwrap_or_else(|e| panic!("{e}: {}", page_state(&b)));
    assert!(before["sangong"].as_str().unwrap().contains("附件1“三公经费”2020年决算数：34.86"), "{before}");
    // A top-level array is rows: one box per 绩效目标, fields addressed by its index.
    let goals = original.matches("\n[[goals]]").count();
    assert!(goals > 0);
    assert_eq!(b.find_all(r#"div.row[data-path^='["goals",']"#).unwrap().len(), goals);
    assert!(b.find_all(r#"[data-path='["goals","label"]']"#).unwrap().is_empty());
    assert!(!b.find_all(r#"[data-path='["goals",0,"label"]']"#).unwrap().is_empty());
    let reception = r#"["sangong","reception","actual"]"#;
    let input = b.find(&format!("input[data-path='{reception}']")).unwrap();
    assert_eq!(b.property(&input, "value").unwrap(), "4.38");
    let label = b.text(&b.find(&format!("{} > label", field_selector(reception))).unwrap()).unwrap();
    assert!(label.starts_with("本年决算数"), "{label}");

    // 公务接待费 4.38 → 4.83: the derived 三公 total follows, and the pages that print it change.
    b.clear(&input).unwrap();
    b.send_keys(&input, "4.83").unwrap();
    let after = b
        .wait_for("the derived 三公 total", WAIT, |b| {
            let s = page_state(b);
            Ok((s["sangong"].as_str().unwrap_or("").contains("附件1“三公经费”2020年决算数：35.31")
                && s["loaded"] == true
                && s["pages"] != before["pages"])
                .then_some(s))
        })
        .unwrap();
    assert!(after["status"].as_str().unwrap().contains("未保存"), "{after}");
    let changed: Vec<usize> = (0..17).filter(|&i| before["pages"][i] != after["pages"][i]).collect();
    assert!(!changed.is_empty() && changed.len() < 5, "only the pages that print it change: {changed:?}");

    // An error at the field: a number with a letter in it.
    b.clear(&input).unwrap();
    b.send_keys(&input, "4.8x").unwrap();
    let field = b.find(&field_selector(reception)).unwrap();
    let message = b
        .wait_for("the error at its field", WAIT, |b| {
            let class = b.attribute(&field, "class")?.unwrap_or_default();
            let msgs = b.text(&b.find(&format!("{} > .msgs", field_selector(reception)))?)?;
            Ok((class.contains("has-error") && msgs.contains("J005")).then_some(msgs))
        })
        .unwrap();
    assert!(message.contains("这里应填数字") && message.contains("4.8x"), "{message}");
    let count = b.text(&b.find("#count").unwrap()).unwrap();
    assert!(!count.trim().is_empty(), "the findings button counts it");

    // Fixed: the mark goes.
    b.clear(&input).unwrap();
    b.send_keys(&input, "4.83").unwrap();
    b.wait_for("the error to go", WAIT, |b| {
        let class = b.attribute(&field, "class")?.unwrap_or_default();
        let s = page_state(b);
        Ok((!class.contains("has-error") && s["pages"] == after["pages"] && s["loaded"] == true)
            .then_some(()))
    })
    .unwrap();

    // The screenshot of the README: 公务接待费 with its derived figures, beside the page that
    // printed the change.
    b.execute(
        "document.querySelector(arguments[1]).scrollIntoView({block: 'start'});
         document.querySelector('#pages').children[arguments[0]].scrollIntoView({block: 'start'});",
        json!([changed[0], r#"fieldset[data-path='["sangong","reception"]']"#]),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let png = b.screenshot_png().unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    std::fs::write(dir.join("serve.png"), &png).unwrap();
    if std::env::var("JIXIAO_BLESS").as_deref() == Ok("1") {
        std::fs::write(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/serve.png"), &png).unwrap();
    }

    // Saved: the file differs from the original in that one value, comments and all.
    b.click(&b.find("#save").unwrap()).unwrap();
    b.wait_for("the save", WAIT, |b| Ok((page_state(b)["status"] == "已保存").then_some(()))).unwrap();
    let saved = std::fs::read_to_string(&file).unwrap();
    let expected = original.replacen("budget = 26.20\nactual = 4.38\n", "budget = 26.20\nactual = 4.83\n", 1);
    assert_ne!(expected, original);
    assert_eq!(saved, expected);

    // 生成 PDF writes what `build` writes: the new figure on the page the preview changed.
    b.click(&b.find("#pdf").unwrap()).unwrap();
    let pdf = file.with_extension("pdf");
    b.wait_for("the PDF", Duration::from_secs(60), |_| Ok(pdf.exists().then_some(()))).unwrap();
    let doc = common::pdf::read(&pdf);
    let page = (0..doc.pages.len())
        .find(|&i| {
            doc.pages[i].lines().concat().replace(' ', "").contains("公务接待费，本年度决算数为4.83万元")
        })
        .expect("the PDF prints the new figure");
    assert!(changed.contains(&page), "page {} printed it, the preview changed {changed:?}", page + 1);

    // And the preview's page is exactly that page: the same SVG as a fresh server of the saved
    // file gives. (Page hashes only name versions within one process.)
    let fresh = Serve::start(BIN, &file, &[]);
    let state = fresh.state();
    let hash = state["pages"][page].as_str().unwrap();
    let shown = serve.api("GET", after["srcs"][page].as_str().unwrap(), None);
    let expected_svg = fresh.api("GET", &format!("/api/page?i={page}&h={hash}"), None);
    assert_eq!(shown.status, 200);
    assert!(shown.body == expected_svg.body, "the preview shows the page of the saved file");
}

fn edit(serve: &Serve, path: Value, kind: &str, text: &str) -> Value {
    let r = serve.api(
        "POST",
        "/api/edit",
        Some(json!({ "path": path, "value": { "kind": kind, "text": text } })),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

/// The projects' names in the page's state, in order.
fn project_names(state: &Value) -> Vec<&str> {
    state["values"]["projects"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect()
}

fn notices(state: &Value) -> String {
    state["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap().to_string() + "\n")
        .collect()
}

#[test]
fn page_then_hand_then_page_keeps_every_comment_and_every_edit() {
    let (_dir, file, original) = seed_copy("serve-merge");
    let serve = Serve::start(BIN, &file, &[]);

    // Through the page, not saved yet.
    edit(&serve, json!(["sangong", "reception", "actual"]), "number", "4.83");
    // By hand meanwhile (VS Code): another value and a new comment.
    let by_hand = original.replacen("retired = 12 ", "retired = 13 ", 1).replacen(
        "[satisfaction]",
        "# 满意度：2021年3月问卷，已核对\n[satisfaction]",
        1,
    );
    assert_ne!(by_hand, original);
    std::fs::write(&file, &by_hand).unwrap();
    let state = serve.state();
    assert!(
        notices(&state).contains("在别处被修改，页面已重新读入，并把页面上 1 处未保存的修改合并进去"),
        "{state}"
    );
    assert_eq!(state["values"]["organization"]["retired"], "13");
    assert_eq!(state["values"]["sangong"]["reception"]["actual"], "4.83");
    assert_eq!(state["dirty"], true);

    // Through the page again, then saved: every edit of both sides, every comment.
    edit(&serve, json!(["sangong", "reception", "batches"]), "number", "45");
    let r = serve.api("POST", "/api/save", None);
    assert_eq!(r.status, 200, "{}", r.text());
    let saved = std::fs::read_to_string(&file).unwrap();
    let expected = by_hand.replacen("actual = 4.38\n", "actual = 4.83\n", 1).replacen(
        "batches = 44                    # 国内公务接待批次",
        "batches = 45                    # 国内公务接待批次",
        1,
    );
    assert_eq!(saved, expected);
    for comment in original.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(saved.contains(comment), "lost comment: {comment}");
    }
    assert_eq!(serve.state()["dirty"], false);
}

#[test]
fn the_same_value_changed_on_both_sides_is_named_not_lost() {
    let (_dir, file, original) = seed_copy("serve-conflict");
    let serve = Serve::start(BIN, &file, &[]);
    edit(&serve, json!(["sangong", "reception", "actual"]), "number", "4.83");
    std::fs::write(&file, original.replacen("actual = 4.38\n", "actual = 5.01\n", 1)).unwrap();
    let state = serve.state();
    let told = notices(&state);
    // In the page's words, not the key path.
    assert!(told.contains("公务接待费 › 本年决算数：文件中改成了“5.01”，页面上是“4.83”"), "{told}");
    assert!(!told.contains("sangong."), "{told}");
    assert_eq!(state["values"]["sangong"]["reception"]["actual"], "4.83");

    // A file broken by the other editor is neither read nor overwritten.
    std::fs::write(&file, "[report\nyear = 2020\n").unwrap();
    let state = serve.state();
    assert!(notices(&state).contains("有语法错误"), "{state}");
    let r = serve.api("POST", "/api/save", None);
    assert_eq!(r.status, 409);
    assert!(r.json()["error"].as_str().unwrap().contains("未保存"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "[report\nyear = 2020\n");
}

#[test]
fn rows_are_added_moved_and_removed_in_the_file() {
    let (_dir, file, original) = seed_copy("serve-rows");
    let serve = Serve::start(BIN, &file, &[]);
    let row = |op: &str, index: usize| {
        let r = serve.api(
            "POST",
            "/api/row",
            Some(json!({ "path": ["projects", "items"], "op": op, "index": index })),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    };
    let state = row("add", 3);
    let items = state["values"]["projects"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[3]["name"], "");
    edit(&serve, json!(["projects", "items", 3, "name"]), "text", "党员教育专项");
    let state = row("up", 3);
    assert_eq!(state["values"]["projects"]["items"][2]["name"], "党员教育专项");
    row("remove", 2);
    serve.api("POST", "/api/save", None);
    // Added, moved and removed again: the file is as it was.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
}

#[test]
fn a_new_file_starts_from_the_skeleton_and_is_written_on_save() {
    let dir = common::scratch("serve-new");
    let file = dir.join("2023年度自评报告.toml");
    let serve = Serve::start(BIN, &file, &["--template", "县级"]);
    let state = serve.state();
    assert_eq!(state["dirty"], true);
    assert!(notices(&state).contains("还不存在"));
    assert_eq!(state["values"]["report"]["year"], "2023");
    assert!(!file.exists(), "nothing is written before the save");
    edit(&serve, json!(["report", "department"]), "text", "某县某局");
    serve.api("POST", "/api/save", None);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("department = \"某县某局\""));
    assert!(text.contains("template = \"县级\""), "{}", &text[..400.min(text.len())]);
    assert!(common::jixiao(&["check", file.to_str().unwrap()]).status.code() != Some(2));
}

#[test]
fn numbers_are_taken_as_a_clerk_types_them() {
    let (_dir, file, _) = seed_copy("serve-numbers");
    let serve = Serve::start(BIN, &file, &[]);
    let at = json!(["finance", "carryover"]);
    for (typed, stored) in [("１５７．０６", "157.06"), ("1,157.06", "1157.06"), (" 157.06 ", "157.06")]
    {
        let state = edit(&serve, at.clone(), "number", typed);
        assert_eq!(state["values"]["finance"]["carryover"], stored, "{typed}");
    }
    // Not a number: refused, and the field keeps the text with the same Chinese finding as the
    // file would give.
    let r = serve.api(
        "POST",
        "/api/edit",
        Some(json!({ "path": at, "value": { "kind": "number", "text": "157.06万元" } })),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let state = r.json();
    let finding =
        state["findings"].as_array().unwrap().iter().find(|f| f["path"] == at).expect("finding at the field");
    assert_eq!(finding["code"], "J005");
    assert!(finding["message"].as_str().unwrap().contains("这里应填数字"));
}

// ---- edits by identity ----------------------------------------------------------------------

/// The seed's `[[projects.items]]` block of the project named `name`, with the blank line after
/// it.
fn project_block(text: &str, name: &str) -> String {
    let start = text.find(&format!("[[projects.items]]\nname = \"{name}\"")).expect("the project");
    let end = start + text[start..].find("\n\n").expect("a blank line after it") + 2;
    text[start..end].to_string()
}

fn row_op(serve: &Serve, path: Value, op: &str, index: usize) -> Value {
    let r = serve.api("POST", "/api/row", Some(json!({ "path": path, "op": op, "index": index })));
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

fn save(serve: &Serve) -> Value {
    let r = serve.api("POST", "/api/save", None);
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

#[test]
fn an_edit_stays_on_its_project_when_another_editor_deletes_the_one_before() {
    let (_dir, file, original) = seed_copy("serve-identity");
    let serve = Serve::start(BIN, &file, &[]);
    // The page: 运行维护经费 (the second project) 22.95 → 23.50, not saved.
    edit(&serve, json!(["projects", "items", 1, "actual"]), "number", "23.50");
    // Another editor deletes the first project, 业务工作经费: 运行维护经费 is now the first.
    let first = project_block(&original, "业务工作经费");
    let by_hand = original.replacen(&first, "", 1);
    assert_ne!(by_hand, original);
    std::fs::write(&file, &by_hand).unwrap();
    let state = serve.state();
    let items = state["values"]["projects"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (items[0]["name"].as_str(), items[0]["actual"].as_str()),
        (Some("运行维护经费"), Some("23.50"))
    );
    // The project that now stands where the edited one stood is untouched.
    assert_eq!(
        (items[1]["name"].as_str(), items[1]["actual"].as_str()),
        (Some("市级专项资金（一个专项一行）"), Some("0"))
    );
    let told = notices(&state);
    assert!(told.contains("合并进去"), "{told}");
    assert!(!told.contains("文件中改成了") && !told.contains("没有并入"), "no conflict is claimed: {told}");
    // Saved there.
    save(&serve);
    let saved = std::fs::read_to_string(&file).unwrap();
    let block = project_block(&by_hand, "运行维护经费");
    assert_eq!(saved, by_hand.replacen(&block, &block.replace("actual = 22.95", "actual = 23.50"), 1));
}

#[test]
fn an_edit_of_a_project_deleted_in_the_file_is_named_and_save_does_not_bring_it_back() {
    let (_dir, file, original) = seed_copy("serve-identity-gone");
    let serve = Serve::start(BIN, &file, &[]);
    edit(&serve, json!(["projects", "items", 1, "actual"]), "number", "23.50");
    let by_hand = original.replacen(&project_block(&original, "运行维护经费"), "", 1);
    std::fs::write(&file, &by_hand).unwrap();
    let state = serve.state();
    let told = notices(&state);
    assert!(
        told.contains("项目支出 › 项目“运行维护经费” › 本年决算数：页面上是“23.50”，文件中已删去项目“运行维护经费”这一项"),
        "{told}"
    );
    assert!(!told.contains("projects.") && !told.contains("[1]"), "no key paths: {told}");
    let items = state["values"]["projects"]["items"].as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["业务工作经费", "市级专项资金（一个专项一行）"]);
    assert!(items.iter().all(|i| i["actual"] != "23.50"), "the edit landed on no other project");
    assert_eq!(state["dirty"], false, "nothing of the page is left to save");
    // Save writes the file as the other editor left it: the project stays deleted.
    save(&serve);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), by_hand);
}

#[test]
fn rows_added_moved_and_removed_on_the_page_follow_their_rows_across_a_reload() {
    let (_dir, file, original) = seed_copy("serve-identity-rows");
    let serve = Serve::start(BIN, &file, &[]);
    let items = json!(["projects", "items"]);
    // The page: 市级专项资金 up one place (before 运行维护经费), a new project at the end, named.
    row_op(&serve, items.clone(), "up", 2);
    row_op(&serve, items.clone(), "add", 3);
    edit(&serve, json!(["projects", "items", 3, "name"]), "text", "党员教育专项");
    edit(&serve, json!(["projects", "items", 3, "budget"]), "number", "12");
    // Meanwhile the first project is deleted and the second one's budget changed by hand.
    let by_hand = original.replacen(&project_block(&original, "业务工作经费"), "", 1).replacen(
        "budget = 22.95",
        "budget = 23.95",
        1,
    );
    std::fs::write(&file, &by_hand).unwrap();
    let state = serve.state();
    let names = project_names(&state);
    assert_eq!(names, ["市级专项资金（一个专项一行）", "运行维护经费", "党员教育专项"]);
    assert_eq!(state["values"]["projects"]["items"][1]["budget"], "23.95");
    assert_eq!(state["values"]["projects"]["items"][2]["budget"], "12");
    assert!(!notices(&state).contains("没有并入"), "{}", notices(&state));
    // The page removes the moved row; the other editor removes it too: nothing to say.
    row_op(&serve, items.clone(), "remove", 0);
    let by_hand2 = by_hand.replacen(&project_block(&by_hand, "市级专项资金（一个专项一行）"), "", 1);
    std::fs::write(&file, &by_hand2).unwrap();
    let state = serve.state();
    let names = project_names(&state);
    assert_eq!(names, ["运行维护经费", "党员教育专项"]);
    save(&serve);
    // The new project as the page made it (a copy of the last row then, its texts emptied),
    // after the one project the file still has.
    let saved = std::fs::read_to_string(&file).unwrap();
    let last = project_block(&by_hand2, "运行维护经费");
    let added = "[[projects.items]]\nname = \"党员教育专项\"\nlast_year = 0\nbudget = 12\nactual = 22.95\n\n";
    assert_eq!(saved, by_hand2.replacen(&last, &format!("{last}{added}"), 1));
}

#[test]
fn an_edit_of_one_of_several_identical_rows_stays_on_it_while_they_can_be_told_apart() {
    let (_dir, file, original) = seed_copy("serve-identity-twins");
    let serve = Serve::start(BIN, &file, &[]);
    let state = serve.state();
    let rows = state["values"]["attachment2"]["indicators"].as_array().unwrap().clone();
    // The blank “指标2：” rows of the form are alike; the page fills the second of them (成本指标).
    let twins: Vec<usize> = (0..rows.len()).filter(|&i| rows[i] == json!({ "name": "指标2：" })).collect();
    assert!(twins.len() >= 3, "{twins:?}");
    let at = twins[1];
    edit(&serve, json!(["attachment2", "indicators", at, "target"]), "text", "≤30万元");
    // An indicator above it is deleted by hand: the same twin is found again.
    let gone = "[[attachment2.indicators]]\nname = \"集中填列个人事项报告人数\"";
    let start = original.find(gone).unwrap();
    let end = start + original[start + 1..].find("\n[[").unwrap() + 2;
    let by_hand = original.replacen(&original[start..end], "", 1);
    std::fs::write(&file, &by_hand).unwrap();
    let state = serve.state();
    let now = state["values"]["attachment2"]["indicators"].as_array().unwrap();
    assert_eq!(now[at - 1]["target"], "≤30万元");
    assert_eq!(now.iter().filter(|r| r["target"] == "≤30万元").count(), 1);
    // The first twin deleted by hand: which one was filled can no longer be told; named, not guessed.
    let first_twin = by_hand.find("[[attachment2.indicators]]\nname = \"指标2：\"\n").unwrap();
    let by_hand2 = format!(
        "{}{}",
        &by_hand[..first_twin],
        &by_hand[first_twin + "[[attachment2.indicators]]\nname = \"指标2：\"\n\n".len()..]
    );
    std::fs::write(&file, &by_hand2).unwrap();
    let state = serve.state();
    let told = notices(&state);
    assert!(told.contains("页面上是“≤30万元”") && told.contains("分不清是哪一项"), "{told}");
    assert!(
        state["values"]["attachment2"]["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["target"] != "≤30万元")
    );
}

// ---- saves ----------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn save_keeps_the_mode_and_writes_through_a_symlink() {
    use std::os::unix::fs::PermissionsExt;
    let dir = common::scratch("serve-save-file");
    std::fs::create_dir_all(dir.join("同步")).unwrap();
    let real = dir.join("同步/报告.toml");
    let original = std::fs::read_to_string(common::SEED).unwrap();
    std::fs::write(&real, &original).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.join("报告.toml");
    std::os::unix::fs::symlink("同步/报告.toml", &link).unwrap();
    let serve = Serve::start(BIN, &link, &[]);
    edit(&serve, json!(["sangong", "reception", "actual"]), "number", "4.83");
    save(&serve);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
    let saved = std::fs::read_to_string(&real).unwrap();
    assert_eq!(saved, original.replacen("actual = 4.38\n", "actual = 4.83\n", 1));
    assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(common::temp_files(&dir).is_empty() && common::temp_files(&dir.join("同步")).is_empty());
    // The PDF goes beside the link, as `build` of the link would put it.
    let r = serve.api("POST", "/api/pdf", None);
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(dir.join("报告.pdf").exists());
}

#[test]
fn save_refuses_a_read_only_file_and_leaves_it_as_it_was() {
    let (_dir, file, original) = seed_copy("serve-save-readonly");
    let serve = Serve::start(BIN, &file, &[]);
    edit(&serve, json!(["sangong", "reception", "actual"]), "number", "4.83");
    let mut p = std::fs::metadata(&file).unwrap().permissions();
    p.set_readonly(true);
    std::fs::set_permissions(&file, p).unwrap();
    let r = serve.api("POST", "/api/save", None);
    assert_eq!(r.status, 409, "{}", r.text());
    let state = r.json();
    let why = state["error"].as_str().unwrap();
    assert!(why.contains("只读") && why.contains("去掉只读属性"), "{why}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    assert_eq!(state["dirty"], true, "the edit is still unsaved");
    assert_eq!(state["values"]["sangong"]["reception"]["actual"], "4.83");
    let mut p = std::fs::metadata(&file).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    p.set_readonly(false);
    std::fs::set_permissions(&file, p).unwrap();
    save(&serve);
    assert!(std::fs::read_to_string(&file).unwrap().contains("actual = 4.83\n"));
}

#[test]
fn a_value_that_is_not_a_number_is_never_written() {
    let (_dir, file, original) = seed_copy("serve-save-numbers");
    let serve = Serve::start(BIN, &file, &[]);
    let at = json!(["sangong", "reception", "actual"]);
    for (typed, why) in
        [("abc", "这里应填数字"), ("1e400", "科学计数法"), ("", "不能空着"), ("4.8x", "这里应填数字")]
    {
        let r = serve.api(
            "POST",
            "/api/edit",
            Some(json!({ "path": at, "value": { "kind": "number", "text": typed } })),
        );
        assert_eq!(r.status, 422, "{typed}: {}", r.text());
        let state = r.json();
        assert!(state["result"]["message"].as_str().unwrap().contains("本年决算数"), "{state}");
        // The field keeps what was typed and its error.
        assert_eq!(state["values"]["sangong"]["reception"]["actual"], typed);
        let finding =
            state["findings"].as_array().unwrap().iter().find(|f| f["path"] == at).expect("at the field");
        assert_eq!(finding["code"], "J005");
        assert!(finding["message"].as_str().unwrap().contains(why), "{typed}: {finding}");
        assert_eq!(state["dirty"], true);
    }
    // Another edit is saved; the refused one is not, and the save says so.
    edit(&serve, json!(["sangong", "reception", "batches"]), "number", "45");
    let state = save(&serve);
    let message = state["result"]["message"].as_str().unwrap();
    assert!(
        message.contains("没有保存 1 处") && message.contains("公务接待费 › 本年决算数“4.8x”"),
        "{message}"
    );
    let saved = std::fs::read_to_string(&file).unwrap();
    assert_eq!(saved, original.replacen("batches = 44 ", "batches = 45 ", 1));
    assert!(common::jixiao(&["check", file.to_str().unwrap()]).status.code() != Some(2));
    let state = serve.state();
    assert_eq!(state["dirty"], true, "the field still differs from the file");
    assert_eq!(state["values"]["sangong"]["reception"]["actual"], "4.8x");
    // Corrected: the error goes, and the value is saved.
    edit(&serve, at.clone(), "number", "4.83");
    let state = save(&serve);
    assert!(!state["findings"].as_array().unwrap().iter().any(|f| f["path"] == at), "{state}");
    assert!(std::fs::read_to_string(&file).unwrap().contains("actual = 4.83\n"));
    assert_eq!(serve.state()["dirty"], false);
}

#[test]
fn a_refused_value_stays_at_its_field_when_rows_move_on_the_page_or_in_the_file() {
    let (_dir, file, original) = seed_copy("serve-refused-rows");
    let serve = Serve::start(BIN, &file, &[]);
    let r = serve.api(
        "POST",
        "/api/edit",
        Some(json!({ "path": ["projects", "items", 2, "actual"], "value": { "kind": "number", "text": "abc" } })),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let refused_at = |state: &Value| -> Vec<Value> {
        state["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["message"].as_str().unwrap_or("").contains("没有写入文件"))
            .map(|f| f["path"].clone())
            .collect()
    };
    // The page moves 市级专项资金 up: the text and its error move with it.
    let state = row_op(&serve, json!(["projects", "items"]), "up", 2);
    assert_eq!(refused_at(&state), [json!(["projects", "items", 1, "actual"])]);
    assert_eq!(state["values"]["projects"]["items"][1]["actual"], "abc");
    assert_eq!(state["values"]["projects"]["items"][2]["actual"], "22.95");
    // The first project is deleted in the file: still on 市级专项资金, now the first row.
    std::fs::write(&file, original.replacen(&project_block(&original, "业务工作经费"), "", 1)).unwrap();
    let state = serve.state();
    assert_eq!(state["values"]["projects"]["items"][0]["name"], "市级专项资金（一个专项一行）");
    assert_eq!(refused_at(&state), [json!(["projects", "items", 0, "actual"])]);
    assert_eq!(state["values"]["projects"]["items"][0]["actual"], "abc");
    // The page removes that row: the refused text goes with it.
    let state = row_op(&serve, json!(["projects", "items"]), "remove", 0);
    assert!(refused_at(&state).is_empty(), "{state}");
}

#[test]
fn a_failed_edit_leaves_nothing_behind_for_the_next_save() {
    let (_dir, file, original) = seed_copy("serve-failed-edit");
    let serve = Serve::start(BIN, &file, &[]);
    // Raw TOML that does not parse, in a section the file does not have.
    let r = serve.api(
        "POST",
        "/api/edit",
        Some(json!({ "path": ["sections", 0, "content"], "value": { "kind": "raw", "text": "[1, " } })),
    );
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.json()["values"].get("sections").is_none());
    save(&serve);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
}

// ---- safety ---------------------------------------------------------------------------------

/// The figure of `key` in the answer of /api/keys.
fn key_row<'a>(keys: &'a Value, key: &str) -> &'a Value {
    keys["keys"].as_array().unwrap().iter().find(|k| k["key"] == key).unwrap_or_else(|| panic!("no {key}"))
}

#[test]
fn the_keys_a_text_may_cite_follow_the_edits_not_yet_saved() {
    let (_dir, file, original) = seed_copy("serve-keys");
    let serve = Serve::start(BIN, &file, &[]);

    // The seed's keys, as `jixiao keys --format json` lists them.
    let r = serve.api("GET", "/api/keys", None);
    assert_eq!(r.status, 200, "{}", r.text());
    let keys = r.json();
    let reception = key_row(&keys, "三公.公务接待费.本年");
    assert_eq!(reception["label"], "公务接待费本年决算数");
    assert_eq!(reception["text"], "4.38万元");
    assert_eq!(reception["printed"], true);
    assert_eq!(reception["parts"]["数"], "4.38");
    let change = key_row(&keys, "三公.公务接待费.比上年.增减额");
    assert_eq!(change["parts"]["增减"], "减少");
    let cli = std::process::Command::new(BIN).args(["keys", "--format", "json"]).arg(&file).output().unwrap();
    assert!(cli.status.success());
    let listed: Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(keys["keys"], listed, "the same list as jixiao keys --format json");
    let year = keys["placeholders"].as_array().unwrap().iter().find(|p| p["key"] == "年度").unwrap();
    assert_eq!((year["label"].as_str(), year["text"].as_str()), (Some("报告年度"), Some("2020")));
    assert_eq!(keys["version"], serve.state()["version"]);

    // An edit not yet saved: the keys are those of the document as the page has it.
    edit(&serve, json!(["sangong", "reception", "actual"]), "number", "4.83");
    let keys = serve.api("GET", "/api/keys", None).json();
    assert_eq!(key_row(&keys, "三公.公务接待费.本年")["text"], "4.83万元");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original, "nothing written");

    // A reference to a key the report does not have: J111 at the field it is in.
    let summary = json!(["performance", "summary"]);
    let state = edit(&serve, summary.clone(), "text", "接待费{三公.公务接待费.本念}。");
    let j111: Vec<&Value> =
        state["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "J111").collect();
    assert_eq!(j111.len(), 1, "{state}");
    assert_eq!(j111[0]["path"], summary);
    assert!(j111[0]["help"].as_str().unwrap().contains("{三公.公务接待费.本年}"), "{}", j111[0]);
    // Cited rightly, the paragraph prints the figure and nothing is found.
    let state = edit(&serve, summary, "text", "接待费{三公.公务接待费.本年}。");
    assert!(!state["findings"].as_array().unwrap().iter().any(|f| f["code"] == "J111"), "{state}");
}

#[test]
fn requests_from_elsewhere_are_refused() {
    let (_dir, file, original) = seed_copy("serve-safety");
    let mut serve = Serve::start(BIN, &file, &[]);
    let token = serve.token.clone();
    let addr = serve.addr.clone();
    let port = addr.rsplit(':').next().unwrap().to_string();
    let with_token = [("X-Jixiao-Token", token.as_str())];

    // The page and the API with the token, as the browser sends them.
    let ok = http::request(&addr, "GET", &format!("/?token={token}"), &[], b"");
    assert_eq!(ok.status, 200);
    assert!(ok.header("Content-Security-Policy").unwrap().contains("default-src 'none'"));
    assert_eq!(http::request(&addr, "GET", "/api/state", &with_token, b"").status, 200);
    let localhost = format!("localhost:{port}");
    assert_eq!(
        http::request(&addr, "GET", "/api/state", &[with_token[0], ("Host", &localhost)], b"").status,
        200
    );

    // No token, a wrong one, one of another length.
    for target in ["/", "/api/state", "/api/form", "/?token=", "/?token=0123456789abcdef0123456789abcdef"] {
        let r = http::request(&addr, "GET", target, &[], b"");
        assert_eq!(r.status, 403, "{target}");
        assert!(r.text().contains("口令"), "{}", r.text());
    }
    let edit_body = br#"{"path":["report","department"],"value":{"kind":"text","text":"x"}}"#;
    assert_eq!(http::request(&addr, "POST", "/api/edit", &[("X-Jixiao-Token", "x")], edit_body).status, 403);

    // DNS rebinding: a foreign name for 127.0.0.1, with the right token.
    for host in ["evil.example:80", &format!("evil.example:{port}"), "127.0.0.1", "127.0.0.1:1"] {
        let r = http::request(&addr, "GET", "/api/state", &[with_token[0], ("Host", host)], b"");
        assert_eq!(r.status, 403, "Host {host}");
    }
    // Another site's page posting to us.
    for origin in ["http://evil.example", "null", &format!("http://127.0.0.1:{port}.evil.example")] {
        let r = http::request(&addr, "POST", "/api/edit", &[with_token[0], ("Origin", origin)], edit_body);
        assert_eq!(r.status, 403, "Origin {origin}");
    }
    let own = format!("http://127.0.0.1:{port}");
    assert_eq!(
        http::request(&addr, "POST", "/api/save", &[with_token[0], ("Origin", &own)], b"").status,
        200
    );

    // No path reaches the file system.
    for target in [
        "/../Cargo.toml",
        "/..%2f..%2fetc%2fpasswd",
        "/api/../../etc/passwd",
        "/api/page/../../yiyang-zuzhibu-2020.toml",
        "/yiyang-zuzhibu-2020.toml",
        "/api/state/../../../etc/passwd",
        "//etc/passwd",
    ] {
        let r = http::request(&addr, "GET", &format!("{target}?token={token}"), &with_token, b"");
        assert!(r.status == 404 || r.status == 400, "{target}: {}", r.status);
        assert!(!r.text().contains("root:") && !r.text().contains("[report]"), "{target}");
    }
    let r = http::request(&addr, "GET", "/api/page?i=0&h=../../etc/passwd", &with_token, b"");
    assert_eq!(r.status, 400);
    assert_eq!(http::request(&addr, "PUT", "/api/save", &with_token, b"").status, 405);

    // Oversized bodies: refused before they are read.
    let huge = vec![b'a'; 300 * 1024];
    assert_eq!(http::request(&addr, "POST", "/api/edit", &with_token, &huge).status, 413);
    // Malformed JSON, a path into nowhere: a message, not a crash.
    let r = http::request(&addr, "POST", "/api/edit", &with_token, b"{not json");
    assert_eq!(r.status, 400);
    assert!(r.text().contains("格式不对"));
    let r =
        http::request(&addr, "POST", "/api/row", &with_token, br#"{"path":["report","year"],"op":"add"}"#);
    assert_eq!(r.status, 409);
    assert!(r.json()["error"].as_str().unwrap().contains("不是可以增删的一组"));
    assert!(serve.alive());

    // Nothing above changed the file.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
}

#[test]
fn a_file_with_a_syntax_error_is_not_opened_and_the_place_is_named() {
    let dir = common::scratch("serve-syntax");
    let file = dir.join("报告.toml");
    std::fs::write(&file, "[report]\nyear = 2020\ndepartment = \"某局\n").unwrap();
    let out = common::jixiao(&["serve", file.to_str().unwrap(), "--no-open"]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(err.contains("J002") && err.contains("报告.toml:3:"), "{err}");
    assert!(err.contains("页面无法打开它"), "{err}");
    assert!(common::stdout(&out).is_empty(), "no address is given");
}

#[test]
fn a_port_in_use_is_named_with_what_to_do() {
    let (_dir, file, _) = seed_copy("serve-port");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = common::jixiao(&["serve", file.to_str().unwrap(), "--no-open", "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(err.contains(&format!("127.0.0.1:{port}")) && err.contains("换一个端口"), "{err}");
}

#[test]
fn a_new_file_from_a_template_that_does_not_load_is_not_started() {
    let dir = common::scratch("serve-bad-template");
    let file = dir.join("2023年度自评报告.toml");
    let out = common::jixiao(&["serve", file.to_str().unwrap(), "--no-open", "--template", "没有这个模板"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::stderr(&out).contains("没有这个模板"), "{}", common::stderr(&out));
    assert!(!file.exists());
}

// ---- load -----------------------------------------------------------------------------------

/// The page and the state, as the browser asks for them, and how long they took.
fn page_answers(serve: &Serve) -> Duration {
    let started = std::time::Instant::now();
    let page = http::request(&serve.addr, "GET", &format!("/?token={}", serve.token), &[], b"");
    assert_eq!(page.status, 200);
    assert!(serve.state()["version"].is_u64());
    started.elapsed()
}

#[test]
fn slow_clients_never_keep_the_page_out() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Instant;

    let (_dir, file, _) = seed_copy("serve-slow");
    let serve = Serve::start(BIN, &file, &[]);
    page_answers(&serve);
    // 50 slow sockets: 25 silent, 25 sending their request a byte a second; and one whose head
    // is whole but whose body comes a byte a second.
    let opened = Instant::now();
    let silent: Vec<TcpStream> = (0..25).map(|_| TcpStream::connect(&serve.addr).unwrap()).collect();
    let mut body = TcpStream::connect(&serve.addr).unwrap();
    let head = format!(
        "POST /api/edit HTTP/1.1\r\nHost: {}\r\nX-Jixiao-Token: {}\r\nContent-Length: 100\r\n\r\n",
        serve.addr, serve.token
    );
    body.write_all(head.as_bytes()).unwrap();
    let body_writer = body.try_clone().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let trickle = {
        let (addr, stop) = (serve.addr.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut socks: Vec<TcpStream> = (0..25).map(|_| TcpStream::connect(&addr).unwrap()).collect();
            let request = format!("GET /api/state HTTP/1.1\r\nHost: {addr}\r\n\r\n");
            let mut sent = 0;
            let mut body = Some(body_writer);
            for byte in request.bytes().take(15) {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                socks.retain_mut(|s| s.write_all(&[byte]).is_ok());
                body = body.filter(|mut b| b.write_all(b"x").is_ok());
                sent += 1;
                std::thread::sleep(Duration::from_secs(1));
            }
            (sent, socks.len())
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    // The page answers at once, before and after the server gives up on the slow ones.
    let mut took = Vec::new();
    for _ in 0..4 {
        took.push(page_answers(&serve));
        std::thread::sleep(Duration::from_secs(2));
    }
    eprintln!("page and state with 50 slow sockets open: {took:?}");
    assert!(took.iter().all(|t| *t < Duration::from_secs(2)), "{took:?}");
    // A silent socket is closed by the server after its head deadline, not kept for ever.
    let mut s = &silent[0];
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut buf = [0u8; 64];
    let closed = matches!(s.read(&mut buf), Ok(0) | Err(_));
    let after = opened.elapsed();
    assert!(closed && after < Duration::from_secs(9), "closed {closed} after {after:?}");
    stop.store(true, Ordering::Relaxed);
    let (sent, still) = trickle.join().unwrap();
    eprintln!("trickling sockets: {sent} bytes sent, {still} of 25 still writable");
    assert_eq!(still, 0, "the server closed the trickling sockets at their head deadline");
    // The trickled body is cut off at its deadline (10 s after the head), unanswered.
    body.set_read_timeout(Some(Duration::from_secs(8))).unwrap();
    let mut answer = Vec::new();
    let closed = match body.read_to_end(&mut answer) {
        Ok(_) => true,
        Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
    };
    let after = opened.elapsed();
    eprintln!("trickled body closed after {after:?}");
    assert!(closed && answer.is_empty() && after < Duration::from_secs(13), "{after:?} {answer:?}");

    // More half-open sockets than the server serves at once: the oldest are shed, and the page
    // still answers.
    let many: Vec<TcpStream> = (0..200).map(|_| TcpStream::connect(&serve.addr).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(300));
    let t = page_answers(&serve);
    eprintln!("page and state with 200 silent sockets open: {t:?}");
    assert!(t < Duration::from_secs(2), "{t:?}");
    drop(many);
    drop(silent);
}
