//! `jixiao serve` without a file (and jixiao.exe double-clicked, which runs the same): the start
//! page lists the reports of the folder, opens one, makes a new one from a preset; names the
//! page sends are only the folder's own or plain new names. Raw requests, no browser.

mod common;

use std::path::{Path, PathBuf};

use common::serve::Serve;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_jixiao");

/// A folder with a space in its name holding two reports, a subfolder that looks like one and
/// a file that is not one.
fn folder(test: &str) -> PathBuf {
    let dir = common::scratch(test).join("绩效 自评");
    std::fs::create_dir_all(dir.join("旧报告.toml")).unwrap();
    std::fs::copy(common::SEED, dir.join("益阳 组织部2020.toml")).unwrap();
    let county = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/county-zhengxie-2022.toml");
    std::fs::copy(county, dir.join("政协2022.toml")).unwrap();
    std::fs::write(dir.join("说明.txt"), "不是报告").unwrap();
    dir
}

fn names(listing: &Value) -> Vec<String> {
    listing["files"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap().to_string()).collect()
}

fn post(serve: &Serve, route: &str, body: Value) -> (u16, Value) {
    let r = serve.api("POST", route, Some(body));
    (r.status, r.json())
}

#[test]
fn the_start_page_lists_the_reports_and_makes_a_new_one_from_a_preset() {
    let dir = folder("serve-start");
    let serve = Serve::start_in(BIN, &dir, &[]);

    // Before a report is chosen, the page is the start page and the editor's API waits.
    let page = serve.api("GET", "/", None);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("这个文件夹里的报告") && page.text().contains("新建报告"));
    assert!(page.header("Content-Security-Policy").unwrap().contains("script-src 'nonce-"));
    assert_eq!(serve.api("GET", "/api/state", None).status, 409);

    let listing = serve.api("GET", "/api/files", None).json();
    assert_eq!(names(&listing), ["政协2022.toml", "益阳 组织部2020.toml"]);
    assert_eq!(listing["files"][1]["department"], "中共益阳市委组织部");
    assert_eq!(listing["files"][1]["year"], 2020);
    assert!(Path::new(listing["folder"].as_str().unwrap()).ends_with("绩效 自评"));
    let presets: Vec<&str> =
        listing["templates"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert!(presets.contains(&"湖南2020") && presets.contains(&"县级"), "{presets:?}");
    assert_eq!(listing["open"], Value::Null);

    // 新建报告 from a preset: the file appears at once, as `init` writes it, and is open.
    let (status, answer) =
        post(&serve, "/api/new", json!({ "name": "2021年度 自评报告", "template": "县级" }));
    assert_eq!(status, 200, "{answer}");
    let new = dir.join("2021年度 自评报告.toml");
    let text = std::fs::read_to_string(&new).expect("the new report is written");
    assert!(text.contains("template = \"县级\""), "{}", &text[..400.min(text.len())]);
    assert!(!text.starts_with("#:schema"), "no schema file beside it, so no directive");
    let state = serve.state();
    assert_eq!(state["name"], "2021年度 自评报告.toml");
    assert_eq!(state["dirty"], false);
    assert_eq!(state["values"]["report"]["year"], "2021");
    assert!(state["pages"].as_array().unwrap().len() > 1, "the new report is laid out");
    // It loads: check finds the places still to fill, and nothing that stops loading.
    let check = common::jixiao(&["check", new.to_str().unwrap()]);
    assert_ne!(check.status.code(), Some(2), "{}", common::stderr(&check));
    assert!(common::stderr(&check).contains("J308"));

    // Now `/` is the editor, which finds its way back through /api/files.
    assert!(serve.api("GET", "/", None).text().contains("id=\"files\""));
    assert_eq!(serve.api("GET", "/start", None).status, 200);
    let listing = serve.api("GET", "/api/files", None).json();
    assert_eq!(names(&listing), ["2021年度 自评报告.toml", "政协2022.toml", "益阳 组织部2020.toml"]);
    assert_eq!(listing["open"], json!({ "name": "2021年度 自评报告.toml", "dirty": false }));

    // The same name again is refused, the file untouched.
    let (status, answer) = post(&serve, "/api/new", json!({ "name": "2021年度 自评报告.toml" }));
    assert_eq!(status, 409);
    assert!(answer["error"].as_str().unwrap().contains("已经存在"), "{answer}");
    assert_eq!(std::fs::read_to_string(&new).unwrap(), text);
}

#[test]
fn opening_another_report_keeps_unsaved_edits_unless_told_to_drop_them() {
    let dir = folder("serve-start-open");
    let seed = dir.join("益阳 组织部2020.toml");
    let original = std::fs::read_to_string(&seed).unwrap();
    let serve = Serve::start_in(BIN, &dir, &[]);

    let (status, _) = post(&serve, "/api/open", json!({ "name": "益阳 组织部2020.toml" }));
    assert_eq!(status, 200);
    assert_eq!(serve.state()["name"], "益阳 组织部2020.toml");
    let r = serve.api(
        "POST",
        "/api/edit",
        Some(json!({ "path": ["sangong", "reception", "actual"], "value": { "kind": "number", "text": "4.83" } })),
    );
    assert_eq!(r.status, 200, "{}", r.text());

    let (status, answer) = post(&serve, "/api/open", json!({ "name": "政协2022.toml" }));
    assert_eq!(status, 409);
    assert_eq!(answer["dirty"], true);
    assert!(answer["error"].as_str().unwrap().contains("没保存的修改"), "{answer}");
    assert_eq!(serve.state()["name"], "益阳 组织部2020.toml", "still the same report");
    assert_eq!(serve.api("GET", "/api/files", None).json()["open"]["dirty"], true);

    let (status, _) = post(&serve, "/api/open", json!({ "name": "政协2022.toml", "discard": true }));
    assert_eq!(status, 200);
    assert_eq!(serve.state()["name"], "政协2022.toml");
    assert_eq!(std::fs::read_to_string(&seed).unwrap(), original, "dropped edits are not written");
}

#[test]
fn names_from_the_page_never_leave_the_folder() {
    let dir = folder("serve-start-names");
    let outside = dir.parent().unwrap().join("外面.toml");
    std::fs::copy(common::SEED, &outside).unwrap();
    let serve = Serve::start_in(BIN, &dir, &[]);
    for name in ["../外面.toml", "旧报告.toml", "说明.txt", "益阳 组织部2020", "/etc/hostname", ""]
    {
        let (status, answer) = post(&serve, "/api/open", json!({ "name": name }));
        assert_eq!(status, 409, "{name}: {answer}");
    }
    for name in ["../新.toml", "子/新.toml", "a\\b.toml", "c:新.toml", "CON", "nul.toml", ".toml", "  "] {
        let (status, answer) = post(&serve, "/api/new", json!({ "name": name }));
        assert_eq!(status, 409, "{name}: {answer}");
    }
    assert!(!dir.parent().unwrap().join("新.toml").exists());
    assert_eq!(serve.api("POST", "/api/open", None).status, 400, "a body is required");
    // The guard holds for the start page too.
    let r = common::http::request(&serve.addr, "GET", "/api/files", &[], b"");
    assert_eq!(r.status, 403);
    assert_eq!(serve.api("GET", "/api/state", None).status, 409);
}

#[test]
fn a_folder_on_the_command_line_is_the_start_page_and_a_file_has_none() {
    let dir = folder("serve-start-arg");
    let serve = Serve::start(BIN, &dir, &[]);
    assert_eq!(names(&serve.api("GET", "/api/files", None).json()).len(), 2);
    drop(serve);

    let serve = Serve::start(BIN, &dir.join("政协2022.toml"), &[]);
    assert_eq!(serve.state()["name"], "政协2022.toml");
    for route in ["/api/files", "/start"] {
        assert_eq!(serve.api("GET", route, None).status, 404, "{route}");
    }
    let r = serve.api("POST", "/api/open", Some(json!({ "name": "益阳 组织部2020.toml" })));
    assert_eq!(r.status, 404);
}
