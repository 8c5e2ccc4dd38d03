//! The WebDriver client of the browser tests (`common::webdriver`), checked against a page
//! served from this test: when it works here, a failing browser test is about jixiao.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use common::webdriver::{Browser, Element, base64_decode};
use serde_json::json;

const PAGE: &str = r#"<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>自测</title>
<style>body { margin: 0 } #out { min-height: 1em }</style></head>
<body>
<input id="name" value="初始" data-kind="text">
<button id="go">提交</button>
<div id="out"></div>
<script>
  // Written after a delay, so that the test has to wait for it.
  document.getElementById('go').addEventListener('click', () => {
    const value = document.getElementById('name').value;
    setTimeout(() => { document.getElementById('out').textContent = '你好，' + value; }, 200);
  });
</script>
</body>
</html>
"#;

/// Answers every request for `/` with `PAGE` and anything else with 404, one connection at a
/// time, until the test process ends. Returns the page's URL.
fn serve_page() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = answer(stream);
        }
    });
    url
}

fn answer(mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut request = Vec::new();
    let mut buf = [0; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        request.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&request);
    let (status, body) = if head.starts_with("GET / ") { ("200 OK", PAGE) } else { ("404 Not Found", "") };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
}

/// The width and height in a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    let be = |i: usize| u32::from_be_bytes(png[i..i + 4].try_into().unwrap());
    assert_eq!(&png[12..16], b"IHDR");
    (be(16), be(20))
}

#[test]
fn base64_decodes_padded_unpadded_and_wrapped_text() {
    assert_eq!(base64_decode("").unwrap(), b"");
    assert_eq!(base64_decode("Zg==").unwrap(), b"f");
    assert_eq!(base64_decode("Zm8=").unwrap(), b"fo");
    assert_eq!(base64_decode("Zm9v").unwrap(), b"foo");
    assert_eq!(base64_decode("Zm9vYg").unwrap(), b"foob");
    assert_eq!(base64_decode("Zm9v\r\nYmFy").unwrap(), b"foobar");
    assert_eq!(base64_decode("iVBORw0KGgo=").unwrap(), b"\x89PNG\r\n\x1a\n");
    assert_eq!(base64_decode("5Lit5paH").unwrap(), "中文".as_bytes());
    assert_eq!(base64_decode("+/+/").unwrap(), [0xfb, 0xff, 0xbf]);
    assert!(base64_decode("Zm9v!").is_err());
    assert!(base64_decode("Z").is_err());
    assert!(base64_decode("Zg==Zg").is_err());
}

#[test]
fn drives_a_page_types_clicks_waits_runs_scripts_and_takes_screenshots() {
    let t0 = Instant::now();
    let Some(browser) = Browser::start_or_skip("the WebDriver self-test") else { return };
    let started = t0.elapsed();
    let url = serve_page();

    browser.goto(&url).unwrap();
    assert_eq!(browser.execute("return document.title", json!(null)).unwrap(), "自测");

    // Inputs: attribute (markup) versus property (current value), clear and typing.
    let input = browser.find("#name").unwrap();
    assert_eq!(browser.attribute(&input, "data-kind").unwrap().as_deref(), Some("text"));
    assert_eq!(browser.attribute(&input, "data-missing").unwrap(), None);
    assert_eq!(browser.property(&input, "value").unwrap(), "初始");
    browser.clear(&input).unwrap();
    browser.send_keys(&input, "绩效 OK").unwrap();
    assert_eq!(browser.property(&input, "value").unwrap(), "绩效 OK");
    assert_eq!(browser.attribute(&input, "value").unwrap().as_deref(), Some("初始"));

    // A click whose effect comes later: wait for it.
    browser.click(&browser.find("#go").unwrap()).unwrap();
    let out = browser.find("#out").unwrap();
    let text = browser
        .wait_for("the greeting", Duration::from_secs(10), |b| {
            let t = b.text(&out)?;
            Ok((!t.is_empty()).then_some(t))
        })
        .unwrap();
    assert_eq!(text, "你好，绩效 OK");

    // Lookups.
    assert_eq!(browser.find_all("input, button").unwrap().len(), 2);
    assert!(browser.find_all(".none").unwrap().is_empty());
    let missing = browser.find("#missing").unwrap_err();
    assert!(missing.contains("no such element"), "{missing}");

    // Scripts: arguments (elements included), results (elements included), exceptions.
    let result = browser
        .execute(
            "return [arguments[0] * 2, arguments[1].id, navigator.language, arguments[1]];",
            json!([21, input.to_json()]),
        )
        .unwrap();
    assert_eq!(result[0], 42);
    assert_eq!(result[1], "name");
    assert_eq!(result[2], "zh-CN", "the browser's language");
    assert_eq!(Element::from_json(&result[3]), Some(input.clone()));
    assert_eq!(browser.execute("return arguments[0].n + 1", json!({ "n": 1 })).unwrap(), 2);
    let thrown = browser.execute("throw new Error('故意的')", json!([])).unwrap_err();
    assert!(thrown.contains("故意的"), "{thrown}");

    // Waiting for something that never comes names it.
    let timeout = browser.wait_for("a miracle", Duration::from_millis(200), |_| Ok(None::<()>)).unwrap_err();
    assert!(timeout.contains("a miracle"), "{timeout}");

    // Screenshots, at the window size asked for.
    // The window size is the outer size: headless Chromium keeps room for an (invisible)
    // toolbar, so the viewport, and the screenshot, are as wide but less high.
    let viewport = |b: &Browser| {
        let v = b.execute("return [outerWidth, outerHeight, innerWidth, innerHeight]", json!(null)).unwrap();
        let n = |i: usize| v[i].as_u64().unwrap() as u32;
        ((n(0), n(1)), (n(2), n(3)))
    };
    let png = browser.screenshot_png().unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let (outer, inner) = viewport(&browser);
    assert_eq!(outer, (1400, 1000));
    assert!(inner.0 == 1400 && inner.1 <= 1000 && inner.1 > 800, "viewport {inner:?}");
    assert_eq!(png_size(&png), inner);
    browser.set_window_size(800, 600).unwrap();
    let (outer, inner) = viewport(&browser);
    assert_eq!(outer, (800, 600));
    assert_eq!(png_size(&browser.screenshot_png().unwrap()), inner);
    assert_eq!(inner.0, 800);

    // Dropping leaves no browser and no profile behind.
    let pid = browser.browser_pid().expect("chromedriver reports the browser's process id");
    let dir = browser.temp_dir().to_owned();
    let t1 = Instant::now();
    drop(browser);
    let dropped = t1.elapsed();
    assert!(!dir.exists(), "{} left behind", dir.display());
    #[cfg(target_os = "linux")]
    {
        // Gone, or a zombie waiting for whoever inherited it to reap it.
        let running = || {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .is_ok_and(|s| s.rsplit_once(") ").is_some_and(|(_, rest)| !rest.starts_with('Z')))
        };
        let deadline = Instant::now() + Duration::from_secs(5);
        while running() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(!running(), "chromium ({pid}) still running after drop");
    }
    #[cfg(not(target_os = "linux"))]
    let _ = pid; // only Linux has /proc to look the process up in
    eprintln!("browser started in {started:?}, closed in {dropped:?}, test took {:?}", t0.elapsed());
}
