//! The page of `jixiao serve` in a real browser (headless Chromium through WebDriver): drafts
//! that outlive a restart of the server, undo and redo across fields, text from an input method
//! sent only when committed, the time from a keystroke to the changed page in the preview, and
//! the 绩效指标 as a table.
//!
//! Needs Debian's `chromium` and `chromium-driver`; without them each test says that it was
//! skipped, unless `JIXIAO_REQUIRE_BROWSER=1` (CI), where it fails.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::serve::Serve;
use common::webdriver::{Browser, Element};
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_jixiao");
const WAIT: Duration = Duration::from_secs(30);

const RECEPTION: &str = r#"["sangong","reception","actual"]"#;
const RATE: &str = r#"["satisfaction","rate"]"#;
const INDICATORS: &str = r#"["attachment2","indicators"]"#;

/// WebDriver's keys: Control, Shift, Backspace, and the release of the modifiers.
const CTRL: char = '\u{E009}';
const SHIFT: char = '\u{E008}';
const BACKSPACE: char = '\u{E003}';
const RELEASE: char = '\u{E000}';

/// One browser test at a time: they would measure each other's load (the latency test above all).
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn seed_copy(test: &str) -> (PathBuf, PathBuf, String) {
    let dir = common::scratch(test);
    let file = dir.join("yiyang-zuzhibu-2020.toml");
    let text = std::fs::read_to_string(common::SEED).unwrap();
    std::fs::write(&file, &text).unwrap();
    (dir, file, text)
}

/// What the page shows and holds.
fn page_state(b: &Browser) -> Value {
    b.execute(
        "const imgs = [...document.querySelectorAll('#pages .page img')];
         return {
           version: STATE ? STATE.version : 0,
           pages: imgs.map(i => i.getAttribute('data-hash')),
           loaded: imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0),
           status: document.getElementById('status').textContent,
           sangong: (document.querySelector('.derived[data-group=sangong]') || {}).textContent || '',
           busy: busy + pending.size + inflight.size,
         };",
        json!([]),
    )
    .unwrap()
}

/// Opens the page and waits for the seed's 17 pages.
fn open(b: &Browser, serve: &Serve) -> Value {
    b.goto(&serve.url).unwrap();
    b.wait_for("the 17 pages of the seed", WAIT, |b| {
        let s = page_state(b);
        Ok((s["pages"].as_array().map_or(0, Vec::len) == 17 && s["loaded"] == true).then_some(s))
    })
    .unwrap_or_else(|e| panic!("{e}: {}", page_state(b)))
}

fn input(b: &Browser, path: &str) -> Element {
    b.find(&format!("input[data-path='{path}'], textarea[data-path='{path}']")).unwrap()
}

fn value_of(b: &Browser, path: &str) -> String {
    b.property(&input(b, path), "value").unwrap().as_str().unwrap_or_default().to_string()
}

/// The value the server holds at a path (`null` where there is none).
fn server_value(serve: &Serve, path: &str) -> Value {
    let path: Vec<Value> = serde_json::from_str(path).unwrap();
    let mut v = serve.state()["values"].clone();
    for step in path {
        v = match step {
            Value::String(k) => v[k.as_str()].clone(),
            Value::Number(i) => v[i.as_u64().unwrap() as usize].clone(),
            _ => unreachable!(),
        };
    }
    v
}

fn wait_server(serve: &Serve, b: &Browser, path: &str, want: &str) {
    b.wait_for(&format!("the server to hold {want} at {path}"), WAIT, |_| {
        Ok((server_value(serve, path) == want).then_some(()))
    })
    .unwrap_or_else(|e| panic!("{e}: it holds {}", server_value(serve, path)));
}

/// The value a field shows, `None` while the form is being rebuilt (the element found a moment
/// ago may be gone).
fn try_value_of(b: &Browser, path: &str) -> Option<String> {
    let el = b.find(&format!("input[data-path='{path}'], textarea[data-path='{path}']")).ok()?;
    b.property(&el, "value").ok()?.as_str().map(str::to_string)
}

fn wait_page(b: &Browser, path: &str, want: &str) {
    b.wait_for(&format!("the page to show {want} at {path}"), WAIT, |b| {
        Ok((try_value_of(b, path).as_deref() == Some(want)).then_some(()))
    })
    .unwrap_or_else(|e| panic!("{e}: it shows {}", value_of(b, path)));
}

/// Replaces a field's text.
fn retype(b: &Browser, path: &str, text: &str) {
    let el = input(b, path);
    b.clear(&el).unwrap();
    b.send_keys(&el, text).unwrap();
}

fn keys(b: &Browser, path: &str, keys: &str) {
    b.send_keys(&input(b, path), keys).unwrap();
}

fn bless(png: &[u8], dir: &Path, name: &str) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    std::fs::write(dir.join(name), png).unwrap();
    if std::env::var("JIXIAO_BLESS").as_deref() == Ok("1") {
        std::fs::write(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(name), png).unwrap();
    }
}

#[test]
fn unsaved_edits_outlive_a_restart_of_the_server() {
    let _one = one_at_a_time();
    let Some(b) = Browser::start_or_skip("the drafts test of jixiao serve") else { return };
    let (dir, file, original) = seed_copy("serve-page-draft");
    let serve = Serve::start(BIN, &file, &[]);
    b.set_window_size(1500, 1100).unwrap();
    open(&b, &serve);

    // An edit the server holds but the file does not.
    retype(&b, RECEPTION, "4.83");
    wait_server(&serve, &b, RECEPTION, "4.83");
    let keys_stored = b.execute("return Object.keys(localStorage);", json!([])).unwrap();
    assert!(keys_stored.to_string().contains("jixiao-draft:"), "a draft is kept: {keys_stored}");

    // The server stops (Ctrl+C); the page notices, and cannot save.
    let old_addr = serve.addr.clone();
    drop(serve);
    b.wait_for("the page to notice the server is gone", WAIT, |b| {
        Ok((b.execute("return lost;", json!([]))?.as_u64().unwrap_or(0) >= 1).then_some(()))
    })
    .unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original, "nothing was saved");

    // A new run on the same file: a new token, the same port (so the same browser storage).
    let serve = Serve::start(BIN, &file, &[]);
    assert_eq!(serve.addr, old_addr, "the same file gets the same port again");
    let before = open(&b, &serve);
    let banner = b
        .wait_for("the offer to restore the draft", WAIT, |b| {
            let el = b.find("#draft")?;
            let class = b.attribute(&el, "class")?.unwrap_or_default();
            class.contains("on").then(|| b.text(&el)).transpose()
        })
        .unwrap();
    assert!(banner.contains("恢复未保存的修改") && banner.contains("放弃"), "{banner}");
    assert!(
        banner.contains("公务接待费") && banner.contains("4.38 → 4.83"),
        "the draft names the edit: {banner}"
    );
    assert_eq!(value_of(&b, RECEPTION), "4.38", "nothing is applied before the clerk says so");
    assert_eq!(server_value(&serve, RECEPTION), "4.38");

    b.execute("document.getElementById('draft').scrollIntoView();", json!([])).unwrap();
    std::fs::write(dir.join("serve-draft.png"), b.screenshot_png().unwrap()).unwrap();

    // Restored: the field, the derived total and the preview follow, through the normal edits.
    b.click(&b.find("#draft-restore").unwrap()).unwrap();
    wait_page(&b, RECEPTION, "4.83");
    wait_server(&serve, &b, RECEPTION, "4.83");
    b.wait_for("the preview of the restored edit", WAIT, |b| {
        let s = page_state(b);
        Ok((s["sangong"].as_str().unwrap_or("").contains("附件1“三公经费”2020年决算数：35.31")
            && s["loaded"] == true
            && s["pages"] != before["pages"])
            .then_some(()))
    })
    .unwrap_or_else(|e| panic!("{e}: {}", page_state(&b)));
    let banner_class = b.attribute(&b.find("#draft").unwrap(), "class").unwrap().unwrap_or_default();
    assert!(!banner_class.contains("on"), "the offer goes once answered");

    // Saved: the file holds it, and the draft is gone.
    b.click(&b.find("#save").unwrap()).unwrap();
    b.wait_for("the save", WAIT, |b| Ok((page_state(b)["status"] == "已保存").then_some(()))).unwrap();
    let expected = original.replacen("budget = 26.20\nactual = 4.38\n", "budget = 26.20\nactual = 4.83\n", 1);
    assert_ne!(expected, original);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);
    b.wait_for("the draft to be dropped after the save", WAIT, |b| {
        let left = b.execute(
            "return Object.keys(localStorage).filter(k => k.startsWith('jixiao-draft:'));",
            json!([]),
        )?;
        Ok((left.as_array().is_some_and(Vec::is_empty)).then_some(()))
    })
    .unwrap();

    // Another run after the save offers nothing.
    drop(serve);
    let serve = Serve::start(BIN, &file, &[]);
    open(&b, &serve);
    std::thread::sleep(Duration::from_millis(300));
    let class = b.attribute(&b.find("#draft").unwrap(), "class").unwrap().unwrap_or_default();
    assert!(!class.contains("on"), "no draft after a save");
}

#[test]
fn a_draft_goes_to_its_row_in_a_file_changed_meanwhile_or_nowhere() {
    let _one = one_at_a_time();
    let Some(b) = Browser::start_or_skip("the drafts test of jixiao serve") else { return };
    let (_dir, file, original) = seed_copy("serve-page-draft-rows");
    let serve = Serve::start(BIN, &file, &[]);
    b.set_window_size(1500, 1100).unwrap();
    open(&b, &serve);

    // Two edits in the indicators' table: 预决算信息公开时间 (a row like no other) and one of the
    // four blank “指标2：” rows (which only their places tell apart).
    let timely = r#"["attachment2","indicators",6,"actual"]"#;
    let blank = r#"["attachment2","indicators",4,"name"]"#;
    assert_eq!(value_of(&b, timely), "按规定时限公开");
    assert_eq!(value_of(&b, blank), "指标2：");
    retype(&b, timely, "提前公开");
    wait_server(&serve, &b, timely, "提前公开");
    retype(&b, blank, "网络培训人次");
    wait_server(&serve, &b, blank, "网络培训人次");
    drop(serve);
    b.wait_for("the page to notice the server is gone", WAIT, |b| {
        Ok((b.execute("return lost;", json!([]))?.as_u64().unwrap_or(0) >= 1).then_some(()))
    })
    .unwrap();

    // Meanwhile, by hand: the second indicator and that blank row are deleted, so every row
    // after them moves up.
    let second = "[[attachment2.indicators]]\nname = \"党员教育电视栏目《旗帜》，中心城区户外电子显示屏数量\"\ntarget = \"≥36\"\nactual = \"36\"\nweight = 10\nscore = 10\n\n";
    let blank_row = "[[attachment2.indicators]]\nname = \"指标2：\"\n\n";
    assert!(original.contains(second) && original.contains(blank_row));
    let by_hand = original.replacen(second, "", 1).replacen(blank_row, "", 1);
    std::fs::write(&file, &by_hand).unwrap();

    let serve = Serve::start(BIN, &file, &[]);
    open(&b, &serve);
    let banner = b
        .wait_for("the offer to restore the draft", WAIT, |b| {
            let el = b.find("#draft")?;
            let class = b.attribute(&el, "class")?.unwrap_or_default();
            class.contains("on").then(|| b.text(&el)).transpose()
        })
        .unwrap();
    assert!(banner.contains("文件在那之后有过改动"), "{banner}");
    assert!(banner.contains("预决算信息公开时间"), "rows are named as they were: {banner}");
    b.click(&b.find("#draft-restore").unwrap()).unwrap();

    // The edit of 预决算信息公开时间 is on it, two places up; the blank row's edit went nowhere,
    // and the page says so.
    let moved = r#"["attachment2","indicators",4,"actual"]"#;
    wait_server(&serve, &b, moved, "提前公开");
    assert_eq!(server_value(&serve, r#"["attachment2","indicators",4,"name"]"#), "预决算信息公开时间");
    let toasts = b
        .wait_for("the note of what was not restored", WAIT, |b| {
            let t = b.text(&b.find("#toasts")?)?;
            Ok(t.contains("没有恢复").then_some(t))
        })
        .unwrap();
    assert!(toasts.contains("指标2：") && toasts.contains("网络培训人次"), "{toasts}");
    let values = serve.state()["values"]["attachment2"]["indicators"].clone();
    let rows = values.as_array().unwrap();
    assert_eq!(rows.len(), 21);
    assert!(rows.iter().all(|r| r["name"] != "网络培训人次"), "never on another row");
    assert_eq!(rows.iter().filter(|r| r["actual"] == "提前公开").count(), 1);
}

#[test]
fn undo_and_redo_go_back_and_forth_across_fields() {
    let _one = one_at_a_time();
    let Some(b) = Browser::start_or_skip("the undo test of jixiao serve") else { return };
    let (_dir, file, _original) = seed_copy("serve-page-undo");
    let serve = Serve::start(BIN, &file, &[]);
    b.set_window_size(1500, 1100).unwrap();
    open(&b, &serve);

    retype(&b, RECEPTION, "4.83");
    wait_server(&serve, &b, RECEPTION, "4.83");
    // Long enough apart that they are two steps even in one field; here they are two fields.
    std::thread::sleep(Duration::from_millis(300));
    retype(&b, RATE, "98.5");
    wait_server(&serve, &b, RATE, "98.5");

    // Ctrl+Z twice: the last edit first, then the one before, on the page and on the server.
    keys(&b, RATE, &format!("{CTRL}z{RELEASE}"));
    wait_page(&b, RATE, "97.81");
    wait_server(&serve, &b, RATE, "97.81");
    assert_eq!(value_of(&b, RECEPTION), "4.83", "one step at a time");
    keys(&b, RATE, &format!("{CTRL}z{RELEASE}"));
    wait_page(&b, RECEPTION, "4.38");
    wait_server(&serve, &b, RECEPTION, "4.38");
    assert_eq!(server_value(&serve, RATE), "97.81");

    // Ctrl+Y redoes the first, Ctrl+Shift+Z the second.
    keys(&b, RECEPTION, &format!("{CTRL}y{RELEASE}"));
    wait_page(&b, RECEPTION, "4.83");
    wait_server(&serve, &b, RECEPTION, "4.83");
    keys(&b, RECEPTION, &format!("{CTRL}{SHIFT}z{RELEASE}"));
    wait_page(&b, RATE, "98.5");
    wait_server(&serve, &b, RATE, "98.5");

    // A row added to the indicators' table is taken away again by Ctrl+Z.
    let count =
        |b: &Browser| b.find_all(&format!("fieldset[data-path='{INDICATORS}'] tr.trow")).unwrap().len();
    let rows = count(&b);
    let add = b.find(&format!("fieldset[data-path='{INDICATORS}'] > button")).unwrap();
    b.execute("arguments[0].scrollIntoView({block: 'center'});", json!([add.to_json()])).unwrap();
    b.click(&add).unwrap();
    b.wait_for("the new row", WAIT, |b| Ok((count(b) == rows + 1).then_some(()))).unwrap();
    let added = serve.state()["values"]["attachment2"]["indicators"].as_array().unwrap().len();
    assert_eq!(added, rows + 1);
    keys(&b, RATE, &format!("{CTRL}z{RELEASE}"));
    b.wait_for("the row to go again", WAIT, |b| Ok((count(b) == rows).then_some(()))).unwrap();
    let left = serve.state()["values"]["attachment2"]["indicators"].as_array().unwrap().len();
    assert_eq!(left, rows);
    // And the values undone before stay as they were.
    assert_eq!(server_value(&serve, RATE), "98.5");
    assert_eq!(server_value(&serve, RECEPTION), "4.83");
}

#[test]
fn an_input_method_sends_only_the_committed_text() {
    let _one = one_at_a_time();
    let Some(b) = Browser::start_or_skip("the input-method test of jixiao serve") else { return };
    let (_dir, file, _original) = seed_copy("serve-page-ime");
    let serve = Serve::start(BIN, &file, &[]);
    b.set_window_size(1500, 1100).unwrap();
    open(&b, &serve);
    let note = r#"["sangong","reception","note"]"#;
    assert_eq!(value_of(&b, note), "接待支出主要用于餐费");

    // Every request body the page sends, recorded.
    b.execute(
        "window.sent = [];
         const real = window.fetch;
         window.fetch = (url, options) => { if (options && options.body) window.sent.push(String(options.body)); return real(url, options); };",
        json!([]),
    )
    .unwrap();
    // 接待支出主要用于餐费 + 和住宿, typed as pinyin that the input method turns into 汉字: the
    // pinyin stays in the field for longer than the page waits before it sends.
    let el = input(&b, note);
    b.execute(
        "const t = arguments[0];
         t.focus();
         t.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
         window.compose = (text) => {
           t.value = '接待支出主要用于餐费' + text;
           t.dispatchEvent(new CompositionEvent('compositionupdate', { bubbles: true, data: text }));
           t.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true, inputType: 'insertCompositionText', data: text }));
         };
         compose('he');",
        json!([el.to_json()]),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(600));
    b.execute("compose('hezhusu');", json!([])).unwrap();
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(server_value(&serve, note), "接待支出主要用于餐费", "nothing is sent while composing");
    b.execute(
        "const t = arguments[0];
         compose('和住宿');
         t.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '和住宿' }));",
        json!([el.to_json()]),
    )
    .unwrap();
    wait_server(&serve, &b, note, "接待支出主要用于餐费和住宿");
    let sent = b.execute("return window.sent;", json!([])).unwrap();
    let bodies: Vec<&str> = sent.as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(bodies.iter().any(|s| s.contains("和住宿")), "the committed text is sent: {bodies:?}");
    assert!(
        !bodies.iter().any(|s| s.contains("hezhu") || s.contains("\"he\"") || s.contains("餐费he")),
        "pinyin was sent: {bodies:?}"
    );
    let preview = b.execute("return JSON.stringify(STATE.values.sangong.reception);", json!([])).unwrap();
    assert!(!preview.to_string().contains("hezhu"), "{preview}");
}

/// The preview's changed page follows every keystroke, and the time from the last keystroke to
/// the new image loaded is measured and printed (median and parts; the issue's target is a
/// median under 300 ms, recorded in BENCHMARKS.md). The test asserts what a clerk sees, that
/// every keystroke reaches the preview, never a time: CI machines are shared and their load
/// varies, and timing assertions in tests are against this project's rules.
#[test]
fn the_preview_follows_every_keystroke_and_its_latency_is_measured() {
    let _one = one_at_a_time();
    let Some(b) = Browser::start_or_skip("the latency test of jixiao serve") else { return };
    let (_dir, file, _original) = seed_copy("serve-page-latency");
    let serve = Serve::start(BIN, &file, &[]);
    b.set_window_size(1500, 1100).unwrap();
    open(&b, &serve);
    // Timestamps in the page: every keystroke's input event, every edit request sent and
    // answered, every page image loaded.
    b.execute(
        "window.keyAt = 0; window.loads = []; window.edits = [];
         document.addEventListener('input', () => { window.keyAt = performance.now(); }, true);
         const real = window.fetch;
         window.fetch = async (url, options) => {
           const sent = performance.now();
           const answer = await real(url, options);
           if (String(url).startsWith('/api/edit')) window.edits.push([sent, performance.now()]);
           return answer;
         };
         document.getElementById('pages').addEventListener('load', (e) => {
           if (e.target.tagName === 'IMG') window.loads.push([performance.now(), +e.target.closest('.page').dataset.i]);
         }, true);",
        json!([]),
    )
    .unwrap();
    let field = input(&b, RECEPTION);
    b.execute("arguments[0].scrollIntoView({block: 'center'});", json!([field.to_json()])).unwrap();

    // One run of ten keystrokes.
    let mut best = f64::MAX;
    let mut runs = Vec::new();
    {
        let run = 1;
        let mut samples = Vec::new();
        let mut parts = Vec::new();
        // 4.38 → 4.39, 4.31, 4.32, …: one warm-up, then ten measured.
        for (n, digit) in "91234567890".chars().enumerate() {
            let before = page_state(&b);
            b.execute("window.loads = []; window.edits = [];", json!([])).unwrap();
            b.send_keys(&field, &format!("{BACKSPACE}{digit}")).unwrap();
            let want = format!("4.3{digit}");
            let (ms, part) = b
                .wait_for(&format!("the preview of {want}"), WAIT, |b| {
                    let s = page_state(b);
                    let done = s["loaded"] == true
                        && s["pages"] != before["pages"]
                        && s["busy"] == 0
                        && b.execute("return STATE.values.sangong.reception.actual;", json!([]))?
                            == want.as_str();
                    if !done {
                        return Ok(None);
                    }
                    let t = b.execute(
                        "return [window.keyAt, window.loads, window.edits, STATE.changed[0]];",
                        json!([]),
                    )?;
                    let key = t[0].as_f64().unwrap_or(0.0);
                    let loads: Vec<(f64, u64)> = t[1]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|l| (l[0].as_f64().unwrap_or(0.0), l[1].as_u64().unwrap_or(u64::MAX)))
                        .filter(|&(at, _)| at > key)
                        .collect();
                    // The page the preview shows (it scrolls to the first changed page); the other
                    // changed pages, out of sight, load after it.
                    let shown = t[3].as_u64();
                    let Some(seen) =
                        loads.iter().filter(|l| Some(l.1) == shown).map(|l| l.0).reduce(f64::max)
                    else {
                        return Ok(None);
                    };
                    let all = loads.iter().map(|l| l.0).fold(seen, f64::max);
                    let edit = t[2].as_array().unwrap().last().cloned().unwrap_or(json!([key, key]));
                    let (sent, answered) = (edit[0].as_f64().unwrap_or(key), edit[1].as_f64().unwrap_or(key));
                    Ok(Some((
                        seen - key,
                        format!(
                            "{:.0}+{:.0}+{:.0} (all pages {:.0})",
                            sent - key,
                            answered - sent,
                            seen - answered,
                            all - key
                        ),
                    )))
                })
                .unwrap_or_else(|e| panic!("{e}: {}", page_state(&b)));
            if n > 0 {
                samples.push(ms);
                parts.push(part);
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        let mut sorted = samples.clone();
        sorted.sort_by(f64::total_cmp);
        let median = (sorted[4] + sorted[5]) / 2.0;
        let shown: Vec<String> = samples.iter().map(|s| format!("{s:.0}")).collect();
        eprintln!(
            "run {run}: keystroke → preview page replaced: median {median:.0} ms; samples (ms): {}",
            shown.join(", ")
        );
        eprintln!("  each as wait before sending + server + page decoded: {}", parts.join(", "));
        runs.push(format!("median {median:.0} ms, samples {shown:?} ({parts:?})"));
        best = best.min(median);
        assert_eq!(samples.len(), 10, "every keystroke reaches the preview: {runs:#?}");
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    eprintln!("median {best:.0} ms (load average {}); the target is under 300 ms", load.trim());
}

#[test]
fn the_indicators_are_a_table_like_the_form() {
    let _one = one_at_a_time();
    let Some(b) = Browser::start_or_skip("the indicator table test of jixiao serve") else { return };
    let (dir, file, original) = seed_copy("serve-page-table");
    let serve = Serve::start(BIN, &file, &[]);
    b.set_window_size(1500, 1100).unwrap();
    open(&b, &serve);

    // One table row per indicator, with the columns of the printed form.
    let indicators = original.matches("[[attachment2.indicators]]").count();
    assert_eq!(indicators, 23);
    let table = format!("fieldset[data-path='{INDICATORS}']");
    assert_eq!(b.find_all(&format!("{table} tr.trow")).unwrap().len(), indicators);
    let head = b.text(&b.find(&format!("{table} thead")).unwrap()).unwrap();
    for column in ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    {
        assert!(head.contains(column), "{column} in {head}");
    }
    assert!(!head.contains("得分系数"), "a column no row uses is not shown: {head}");
    // The details are folded: the other fields of a row are not shown until asked for.
    let detail = r#"["attachment2","indicators",1,"analysis"]"#;
    let analysis = input(&b, detail);
    assert_eq!(
        b.execute("return arguments[0].offsetParent === null;", json!([analysis.to_json()])).unwrap(),
        true
    );
    // A blank 一级指标 is the row above's (a merged cell), shown grey.
    let level1 = input(&b, r#"["attachment2","indicators",1,"level1"]"#);
    assert_eq!(b.attribute(&level1, "placeholder").unwrap().as_deref(), Some("产出指标"));

    // An edit in a cell reaches the server.
    let actual = r#"["attachment2","indicators",0,"actual"]"#;
    assert_eq!(value_of(&b, actual), "553人");
    retype(&b, actual, "560人");
    wait_server(&serve, &b, actual, "560人");

    // The screenshot of the README: the table as a clerk sees it.
    b.set_window_size(1200, 900).unwrap();
    b.execute("document.querySelector(arguments[0]).scrollIntoView({block: 'start'});", json!([table]))
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    bless(&b.screenshot_png().unwrap(), &dir, "serve-indicators.png");
    b.set_window_size(1500, 1100).unwrap();

    // 详情 shows the rest of the row.
    let more =
        b.find(&format!("{table} tr.trow[data-path='[\"attachment2\",\"indicators\",1]'] .more")).unwrap();
    b.click(&more).unwrap();
    b.wait_for("the row's details", WAIT, |b| {
        Ok((b.execute("return arguments[0].offsetParent !== null;", json!([analysis.to_json()]))? == true)
            .then_some(()))
    })
    .unwrap();
    retype(&b, detail, "无偏差");
    wait_server(&serve, &b, detail, "无偏差");

    // A row moved down stays a row of the table, the details with it.
    let down = b
        .find(&format!(
            "{table} tr.trow[data-path='[\"attachment2\",\"indicators\",0]'] button[title='下移']"
        ))
        .unwrap();
    b.click(&down).unwrap();
    wait_server(&serve, &b, r#"["attachment2","indicators",1,"name"]"#, "公务员考录");
    wait_page(&b, r#"["attachment2","indicators",1,"name"]"#, "公务员考录");
    assert_eq!(b.find_all(&format!("{table} tr.trow")).unwrap().len(), indicators);
    let open_now = r#"["attachment2","indicators",0,"analysis"]"#;
    assert_eq!(value_of(&b, open_now), "无偏差");
    assert_eq!(
        b.execute("return arguments[0].offsetParent !== null;", json!([input(&b, open_now).to_json()]))
            .unwrap(),
        true,
        "the open details moved with their row"
    );

    // ＋ inserts a blank row under its row, in place, and Ctrl+Z takes it out again.
    let rows_now = |b: &Browser| b.find_all(&format!("{table} tr.trow")).unwrap().len();
    let fourth = server_value(&serve, r#"["attachment2","indicators",3,"name"]"#);
    let plus = b
        .find(&format!(
            "{table} tr.trow[data-path='[\"attachment2\",\"indicators\",2]'] button[title='在这一行下面插入一行']"
        ))
        .unwrap();
    b.click(&plus).unwrap();
    b.wait_for("the inserted row", WAIT, |b| Ok((rows_now(b) == indicators + 1).then_some(()))).unwrap();
    wait_server(&serve, &b, r#"["attachment2","indicators",4,"name"]"#, fourth.as_str().unwrap());
    let inserted = serve.state()["values"]["attachment2"]["indicators"][3].clone();
    assert!(inserted["name"].as_str().unwrap_or("").is_empty(), "a blank row: {inserted}");
    let focused = b.execute("return document.activeElement.getAttribute('data-path');", json!([])).unwrap();
    assert!(focused.as_str().unwrap_or("").starts_with(r#"["attachment2","indicators",3,"#), "{focused}");
    keys(&b, focused.as_str().unwrap(), &format!("{CTRL}z{RELEASE}"));
    b.wait_for("the inserted row to go", WAIT, |b| Ok((rows_now(b) == indicators).then_some(()))).unwrap();
    wait_server(&serve, &b, r#"["attachment2","indicators",3,"name"]"#, fourth.as_str().unwrap());
}

const SUMMARY: &str = r#"["performance","summary"]"#;
const PROBLEM: &str = r#"["closing","problems",0]"#;
const DOWN: char = '\u{E015}';
const ENTER: char = '\u{E007}';
const ESCAPE: char = '\u{E00C}';

/// The list of figures as the page shows it: open or not, its rows' texts, the active row.
fn picker(b: &Browser) -> Value {
    b.execute(
        "const k = document.getElementById('keypick');
         const rows = [...document.querySelectorAll('#kp-list [role=option]')];
         return {
           open: !!k && !k.hidden,
           rows: rows.map(li => li.textContent),
           keys: rows.map(li => li.querySelector('.k').textContent),
           active: rows.findIndex(li => li.getAttribute('aria-selected') === 'true'),
           count: k ? k.querySelector('.kp-count').textContent : '',
           search: k ? !k.querySelector('#kp-search').hidden : false,
           described: document.activeElement ? document.activeElement.getAttribute('aria-activedescendant') : null,
         };",
        json!([]),
    )
    .unwrap()
}

fn wait_picker(b: &Browser, what: &str, ok: impl Fn(&Value) -> bool) -> Value {
    b.wait_for(what, WAIT, |b| {
        let p = picker(b);
        Ok(ok(&p).then_some(p))
    })
    .unwrap_or_else(|e| panic!("{e}: {}", picker(b)))
}

/// Issue 19: where text is written, typing `{` offers the report's figures by name (the keys of
/// `jixiao keys`), and the one picked is cited as `{键}`: it prints the figure, and follows it.
/// The 插入数字 button opens the same list for a clerk who does not know about braces; an
/// unknown key shows J111 at its field; the input method and undo work as in any text.
#[test]
fn typing_a_brace_offers_the_reports_figures_by_name() {
    let _one = one_at_a_time();
    let Some(b) = Browser::start_or_skip("the figures list of jixiao serve") else { return };
    let (dir, file, original) = seed_copy("serve-page-keys");
    let serve = Serve::start(BIN, &file, &[]);
    b.set_window_size(1500, 1100).unwrap();
    open(&b, &serve);
    let was = value_of(&b, SUMMARY);
    assert!(was.starts_with("2020年，我部坚持"), "{was}");

    // “{接待”: the list opens at the brace and keeps the figures whose name or key has 接待, each
    // with the text it prints.
    keys(&b, SUMMARY, "其中公务接待费{接待");
    let list = wait_picker(&b, "the figures with 接待", |p| {
        p["open"] == true && p["rows"].as_array().is_some_and(|r| !r.is_empty())
    });
    assert_eq!(list["search"], false, "typed after the brace, no search box");
    let rows: Vec<&str> = list["rows"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert!(rows.iter().all(|r| r.contains("接待")), "{rows:#?}");
    let at =
        rows.iter().position(|r| r.contains("{三公.公务接待费.本年}")).unwrap_or_else(|| panic!("{rows:#?}"));
    assert!(rows[at].contains("公务接待费本年决算数") && rows[at].contains("4.38万元"), "{}", rows[at]);
    assert_eq!(list["active"], 0);
    assert_eq!(list["described"], "kp-o-0", "the text names the active row for screen readers");
    assert_eq!(
        b.execute("return document.getElementById('kp-list').getAttribute('role');", json!([])).unwrap(),
        "listbox"
    );

    // The screenshot of the README: the list as a clerk sees it.
    b.set_window_size(1200, 900).unwrap();
    b.execute(
        "const t = document.querySelector(`textarea[data-path='${arguments[0]}']`);
         t.scrollIntoView({block: 'center'}); place(document.getElementById('keypick'), t);",
        json!([SUMMARY]),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    bless(&b.screenshot_png().unwrap(), &dir, "serve-keys.png");
    b.set_window_size(1500, 1100).unwrap();

    // ↓ to it, Enter: `{接待` becomes the key, closed by its brace, and the list closes.
    let downs: String = std::iter::repeat_n(DOWN, at).collect();
    keys(&b, SUMMARY, &format!("{downs}{ENTER}"));
    let cited = format!("{was}其中公务接待费{{三公.公务接待费.本年}}");
    wait_page(&b, SUMMARY, &cited);
    wait_server(&serve, &b, SUMMARY, &cited);
    assert_eq!(picker(&b)["open"], false);
    let state = serve.state();
    assert!(!state["findings"].as_array().unwrap().iter().any(|f| f["code"] == "J111"), "{state}");

    // Undo takes the insertion back to what was typed, redo brings it again.
    let typed = format!("{was}其中公务接待费{{接待");
    keys(&b, SUMMARY, &format!("{CTRL}z{RELEASE}"));
    wait_server(&serve, &b, SUMMARY, &typed);
    wait_page(&b, SUMMARY, &typed);
    keys(&b, SUMMARY, &format!("{CTRL}y{RELEASE}"));
    wait_server(&serve, &b, SUMMARY, &cited);
    wait_page(&b, SUMMARY, &cited);

    // Esc closes the list and leaves the text as typed.
    keys(&b, SUMMARY, "{");
    wait_picker(&b, "the list", |p| p["open"] == true);
    keys(&b, SUMMARY, &ESCAPE.to_string());
    wait_picker(&b, "the list to close", |p| p["open"] == false);
    assert_eq!(value_of(&b, SUMMARY), format!("{cited}{{"));
    keys(&b, SUMMARY, &BACKSPACE.to_string());
    wait_server(&serve, &b, SUMMARY, &cited);

    // “{” again, then an input method: the pinyin while composing does not filter; the committed
    // 汉字 do, and the Enter that commits them does not pick.
    keys(&b, SUMMARY, "{");
    wait_picker(&b, "the list", |p| p["open"] == true);
    b.execute(
        "const t = document.querySelector(`textarea[data-path='${arguments[0]}']`);
         const base = t.value;
         t.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
         t.value = base + 'zhixing'; t.setSelectionRange(t.value.length, t.value.length);
         t.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true, inputType: 'insertCompositionText', data: 'zhixing' }));
         t.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: 'Enter', isComposing: true }));
         window.whileComposing = document.getElementById('keypick').hidden ? 'closed' : document.querySelectorAll('#kp-list [role=option]').length;
         t.value = base + '执行率'; t.setSelectionRange(t.value.length, t.value.length);
         t.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true, inputType: 'insertCompositionText', data: '执行率' }));
         t.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '执行率' }));",
        json!([SUMMARY]),
    )
    .unwrap();
    let whole = b.execute("return window.whileComposing;", json!([])).unwrap();
    assert!(whole.as_u64().is_some_and(|n| n > 0), "open and not filtered by pinyin: {whole}");
    let list = wait_picker(&b, "the figures with 执行率", |p| {
        p["open"] == true && p["rows"].as_array().is_some_and(|r| !r.is_empty() && r.len() < 40)
    });
    assert!(
        list["rows"].as_array().unwrap().iter().all(|r| r.as_str().unwrap().contains("执行率")),
        "{list}"
    );
    // (The committed text reaches the server before the field is emptied: WebDriver's clear
    // fires no input event, and a state arriving after it would show the field's text again.)
    wait_server(&serve, &b, SUMMARY, &format!("{cited}{{执行率"));
    keys(&b, SUMMARY, &ESCAPE.to_string());
    wait_picker(&b, "the list to close", |p| p["open"] == false);
    retype(&b, SUMMARY, &cited);
    wait_server(&serve, &b, SUMMARY, &cited);

    // The 插入数字 button: a search box, a click on a row; the key goes where the caret was.
    let button = b.find(&format!("div.field[data-path='{SUMMARY}'] .cite-btn")).unwrap();
    assert_eq!(b.text(&button).unwrap(), "插入数字");
    b.click(&button).unwrap();
    wait_picker(&b, "the list with its search box", |p| p["open"] == true && p["search"] == true);
    b.send_keys(&b.find("#kp-search").unwrap(), "年度").unwrap();
    let list = wait_picker(&b, "the placeholder 年度", |p| {
        p["keys"].as_array().is_some_and(|k| k.first().is_some_and(|k| k == "{年度}"))
    });
    assert!(list["rows"][0].as_str().unwrap().contains("2020"), "{list}");
    b.click(&b.find("#kp-o-0").unwrap()).unwrap();
    let with_year = format!("{cited}{{年度}}");
    wait_server(&serve, &b, SUMMARY, &with_year);
    retype(&b, SUMMARY, &cited);
    wait_server(&serve, &b, SUMMARY, &cited);

    // A key the report does not have: J111 under the item it is in, with the nearest key.
    keys(&b, PROBLEM, "{三公.公务接待费.本念}");
    let message = b
        .wait_for("J111 at its item", WAIT, |b| {
            let msgs = b.find_all(r#"div.texts[data-path='["closing","problems"]'] .msgs .finding"#)?;
            let texts: Vec<String> = msgs.iter().filter_map(|m| b.text(m).ok()).collect();
            Ok(texts.into_iter().find(|t| t.contains("J111")))
        })
        .unwrap();
    assert!(
        message.contains("三公.公务接待费.本念") && message.contains("{三公.公务接待费.本年}"),
        "{message}"
    );

    // Saved, the file cites the key; built, the PDF prints the figure.
    let problem = server_value(&serve, PROBLEM).as_str().unwrap().replace("{三公.公务接待费.本念}", "");
    retype(&b, PROBLEM, &problem);
    wait_server(&serve, &b, PROBLEM, &problem);
    b.click(&b.find("#save").unwrap()).unwrap();
    b.wait_for("the save", WAIT, |b| Ok((page_state(b)["status"] == "已保存").then_some(()))).unwrap();
    let saved = std::fs::read_to_string(&file).unwrap();
    assert_eq!(saved, original.replacen(&was, &cited, 1));
    let pdf = common::build(file.to_str().unwrap(), &dir, "keys.pdf");
    assert!(common::pdf_text(&pdf).contains("其中公务接待费4.38万元"), "the PDF prints the figure");
}
