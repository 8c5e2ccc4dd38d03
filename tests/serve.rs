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
    assert!(told.contains("sangong.reception.actual：文件中改成了“5.01”，页面上是“4.83”"), "{told}");
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
    // Not a number: kept as typed, and the same Chinese finding as in the file.
    let state = edit(&serve, at.clone(), "number", "157.06万元");
    let finding =
        state["findings"].as_array().unwrap().iter().find(|f| f["path"] == at).expect("finding at the field");
    assert_eq!(finding["code"], "J005");
    assert!(finding["message"].as_str().unwrap().contains("这里应填数字"));
}

// ---- safety ---------------------------------------------------------------------------------

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
