//! A minimal WebDriver client for the browser tests of `jixiao serve`: it drives Debian's
//! `chromium` through `chromedriver`, speaking HTTP/1.1 by hand over `std::net::TcpStream`.
//!
//! No WebDriver or HTTP crate (fantoccini, thirtyfour, reqwest, ureq…): each would pull an async
//! runtime or a TLS stack into the dev-dependencies, and some would change the features of crates
//! that typst shares, so `cargo test --release` would compile typst a second time (see the
//! comment on `[dev-dependencies]` in Cargo.toml). The protocol needed here is a dozen JSON
//! requests to a server on 127.0.0.1, which std and serde_json cover.
//!
//! The tests that use it skip when the browser is missing ([`Browser::start`] gives `Ok(None)`),
//! so that `cargo test` passes on a machine without Chromium; CI sets `JIXIAO_REQUIRE_BROWSER=1`
//! to turn the skip into a failure.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

/// How long one WebDriver command may take before the test fails: long enough for a slow CI
/// machine to load a page, short enough that a hung browser fails the run instead of hanging it.
const HTTP_TIMEOUT: Duration = Duration::from_secs(60);

/// How long chromedriver may take to answer `GET /status` with `ready: true` after it starts.
const READY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long `Drop` waits for the browser to quit before it kills it.
const QUIT_TIMEOUT: Duration = Duration::from_secs(20);

/// The key under which WebDriver (W3C) wraps an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The arguments Chromium runs with. Headless (CI has no display), no sandbox (CI containers
/// run as root, where Chromium refuses to start sandboxed), no GPU and no `/dev/shm` (small in
/// containers: Chromium crashes when it runs out), no background requests (tests must not
/// depend on the network), a fixed window size so that layouts and screenshots are
/// reproducible, and Chinese as the UI language, the language of the reports.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--no-first-run",
    "--window-size=1400,1000",
    "--lang=zh-CN",
];

/// A headless Chromium session driven through its own chromedriver process.
///
/// One per test: each has its own chromedriver, port and profile, so tests run in parallel
/// without sharing cookies, storage or windows. Dropping it ends the session, stops
/// chromedriver and removes the profile, also when the test panics.
pub struct Browser {
    // Dropped after `Browser::drop` has ended the session: stops chromedriver, removes the
    // temporary profile.
    driver: Driver,
    session: String,
    /// Chromium's process, as chromedriver reports it: killed by `Drop` if the session will not
    /// end, because stopping chromedriver does not stop the browser it started.
    browser_pid: Option<u32>,
}

/// A WebDriver element reference, valid in the session that found it (and until the element
/// leaves the document: then commands on it fail with “stale element reference”).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element(String);

impl Element {
    /// The element as a script argument for [`Browser::execute`] (`arguments[i]` is then the
    /// DOM element).
    pub fn to_json(&self) -> Value {
        json!({ ELEMENT_KEY: self.0 })
    }

    /// The element a script returned, if `value` is an element reference.
    pub fn from_json(value: &Value) -> Option<Element> {
        value.get(ELEMENT_KEY)?.as_str().map(|id| Element(id.to_owned()))
    }
}

impl Browser {
    /// Starts chromedriver on a free loopback port and a headless Chromium session in it
    /// (`--headless=new`, `--no-sandbox`, `--disable-gpu`, `--disable-dev-shm-usage`,
    /// `--disable-background-networking`, `--no-first-run`, `--window-size=1400,1000`, a fresh
    /// `--user-data-dir` in a temporary folder removed on drop; language zh-CN).
    ///
    /// `Ok(None)` when Chromium or chromedriver is not installed, so that callers can skip:
    /// they are looked up as `chromium` and `chromedriver` on `PATH` and in `/usr/bin`, or taken
    /// from `JIXIAO_CHROMIUM` and `JIXIAO_CHROMEDRIVER` (a path, or a name looked up on `PATH`).
    /// `Err` when they are there but fail: that is a broken machine, not a missing browser,
    /// and must not pass as a skip. A variable that names no executable is also an `Err`.
    pub fn start() -> Result<Option<Browser>, String> {
        let Some(chromium) = locate("JIXIAO_CHROMIUM", "chromium")? else {
            return Ok(None);
        };
        let Some(chromedriver) = locate("JIXIAO_CHROMEDRIVER", "chromedriver")? else {
            return Ok(None);
        };
        let driver = Driver::spawn(&chromedriver)?;
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", driver.dir.0.join("profile").display()));
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": chromium,
                        "args": args,
                        // `--lang` sets the UI language; this sets `navigator.languages` and the
                        // `Accept-Language` header, which pages actually read.
                        "prefs": { "intl.accept_languages": "zh-CN,zh" },
                    },
                },
            },
        });
        let value = driver
            .request("POST", "/session", Some(&capabilities), HTTP_TIMEOUT)
            .map_err(|e| format!("{e}\n{}", driver.log_tail()))?;
        let session = value["sessionId"]
            .as_str()
            .ok_or_else(|| format!("chromedriver created a session without an id: {value}"))?
            .to_owned();
        let browser_pid =
            value["capabilities"]["goog:processID"].as_u64().and_then(|p| u32::try_from(p).ok());
        Ok(Some(Browser { driver, session, browser_pid }))
    }

    /// Chromium's process id (from the `goog:processID` capability), to check that `Drop`
    /// leaves no browser running.
    /// The browser, or `None` with a line on stderr saying that `what` was skipped when this
    /// machine has none, unless `JIXIAO_REQUIRE_BROWSER=1` (CI), where a missing browser fails.
    pub fn start_or_skip(what: &str) -> Option<Browser> {
        match Browser::start() {
            Ok(Some(b)) => Some(b),
            Ok(None) if std::env::var("JIXIAO_REQUIRE_BROWSER").as_deref() == Ok("1") => {
                panic!("JIXIAO_REQUIRE_BROWSER=1 but chromium or chromedriver is not installed")
            }
            Ok(None) => {
                eprintln!(
                    "SKIPPED {what}: no chromium/chromedriver (apt install chromium chromium-driver, or set JIXIAO_CHROMIUM / JIXIAO_CHROMEDRIVER)"
                );
                None
            }
            Err(e) => panic!("the browser would not start: {e}"),
        }
    }

    pub fn browser_pid(&self) -> Option<u32> {
        self.browser_pid
    }

    /// The temporary folder holding the profile and chromedriver's log, removed on drop.
    pub fn temp_dir(&self) -> &Path {
        &self.driver.dir.0
    }

    /// Navigates and waits for the page's `load` event (WebDriver's “normal” page load
    /// strategy), so that the page's scripts have run when it returns.
    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.command("POST", "url", Some(json!({ "url": url }))).map(drop)
    }

    /// The first element matching a CSS selector; `Err` (“no such element”) when none does.
    /// No implicit wait: to wait for an element to appear, use [`Browser::wait_for`].
    pub fn find(&self, css: &str) -> Result<Element, String> {
        let value =
            self.command("POST", "element", Some(json!({ "using": "css selector", "value": css })))?;
        Element::from_json(&value).ok_or_else(|| format!("find {css:?}: not an element: {value}"))
    }

    /// All elements matching a CSS selector, in document order; empty when none does.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element>, String> {
        let value =
            self.command("POST", "elements", Some(json!({ "using": "css selector", "value": css })))?;
        let items = value.as_array().ok_or_else(|| format!("find_all {css:?}: not a list: {value}"))?;
        items
            .iter()
            .map(|v| Element::from_json(v).ok_or_else(|| format!("find_all {css:?}: not an element: {v}")))
            .collect()
    }

    /// Clicks the element's centre as a user would: it is scrolled into view first, and the
    /// click fails (“element click intercepted”) when something else covers it.
    pub fn click(&self, el: &Element) -> Result<(), String> {
        self.command("POST", &format!("element/{}/click", el.0), Some(json!({}))).map(drop)
    }

    /// Empties an input or textarea (and fires `change`, as WebDriver specifies).
    pub fn clear(&self, el: &Element) -> Result<(), String> {
        self.command("POST", &format!("element/{}/clear", el.0), Some(json!({}))).map(drop)
    }

    /// Types `text` into the element (focusing it first), key by key, so that `input` and key
    /// events fire as they do for a user; any Unicode text works, Chinese included.
    pub fn send_keys(&self, el: &Element, text: &str) -> Result<(), String> {
        self.command("POST", &format!("element/{}/value", el.0), Some(json!({ "text": text }))).map(drop)
    }

    /// The element's rendered text (`innerText`: hidden text is left out).
    pub fn text(&self, el: &Element) -> Result<String, String> {
        let value = self.command("GET", &format!("element/{}/text", el.0), None)?;
        value.as_str().map(str::to_owned).ok_or_else(|| format!("element text is not a string: {value}"))
    }

    /// A DOM property, such as the current `value` of an input (which the `value` attribute
    /// does not follow once the user has typed); `null` when the element has no such property.
    pub fn property(&self, el: &Element, name: &str) -> Result<Value, String> {
        self.command("GET", &format!("element/{}/property/{name}", el.0), None)
    }

    /// An HTML attribute as written in the markup, `None` when the element has none.
    pub fn attribute(&self, el: &Element, name: &str) -> Result<Option<String>, String> {
        match self.command("GET", &format!("element/{}/attribute/{name}", el.0), None)? {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s)),
            other => Ok(Some(other.to_string())),
        }
    }

    /// Runs synchronous JS (`return …;`) with args, returns the JSON result.
    ///
    /// The script is a function body: `arguments[i]` are the elements of `args` when it is an
    /// array, none when it is `null`, and `args` itself otherwise. Pass elements with
    /// [`Element::to_json`]; elements in the result come back as references
    /// ([`Element::from_json`]). A thrown exception is an `Err` with its message.
    pub fn execute(&self, script: &str, args: Value) -> Result<Value, String> {
        let args = match args {
            Value::Array(a) => a,
            Value::Null => Vec::new(),
            other => vec![other],
        };
        self.command("POST", "execute/sync", Some(json!({ "script": script, "args": args })))
    }

    /// A PNG of the viewport (not the whole page), as it is painted now, one pixel per CSS
    /// pixel (device pixel ratio 1).
    pub fn screenshot_png(&self) -> Result<Vec<u8>, String> {
        let value = self.command("GET", "screenshot", None)?;
        let b64 = value.as_str().ok_or_else(|| format!("screenshot is not a string: {value}"))?;
        base64_decode(b64)
    }

    /// Resizes the window. This is the outer size, as `--window-size` is: headless Chromium
    /// (148) keeps room for its invisible toolbar, so the viewport (`innerWidth`,
    /// `innerHeight`, the screenshot) is as wide but 139 px less high.
    pub fn set_window_size(&self, w: u32, h: u32) -> Result<(), String> {
        self.command("POST", "window/rect", Some(json!({ "width": w, "height": h }))).map(drop)
    }

    /// Polls `check` every 50 ms until it returns `Ok(Some(v))` or `timeout` passes; the error
    /// names `what`.
    ///
    /// Pages update asynchronously (fetches, timers, re-renders), so a test must wait for the
    /// state it expects instead of sleeping a fixed time. `check` runs at least once. An `Err`
    /// from `check` ends the wait at once: map a transient failure (an element not there yet,
    /// or gone stale in a re-render) to `Ok(None)` inside `check` to keep polling.
    pub fn wait_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut(&Browser) -> Result<Option<T>, String>,
    ) -> Result<T, String> {
        let start = Instant::now();
        loop {
            if let Some(v) = check(self).map_err(|e| format!("while waiting for {what}: {e}"))? {
                return Ok(v);
            }
            if start.elapsed() >= timeout {
                return Err(format!("timed out after {timeout:?} waiting for {what}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends a command to this session: `path` is relative to `/session/{id}/`.
    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let path = format!("/session/{}/{path}", self.session);
        self.driver.request(method, &path, body.as_ref(), HTTP_TIMEOUT)
    }
}

impl Drop for Browser {
    /// Ends the session, which makes chromedriver quit Chromium (killing chromedriver alone
    /// leaves the browser running, orphaned); if that fails, kills Chromium by its process id.
    /// Then `driver` is dropped: chromedriver is killed and reaped, the profile removed.
    fn drop(&mut self) {
        let path = format!("/session/{}", self.session);
        if self.driver.request("DELETE", &path, None, QUIT_TIMEOUT).is_err()
            && let Some(pid) = self.browser_pid
        {
            kill(pid);
        }
    }
}

/// A chromedriver process and the temporary folder of its session.
struct Driver {
    child: Child,
    port: u16,
    // Declared after `child`, so removed after chromedriver is stopped (see `Drop`).
    dir: TempDir,
}

impl Driver {
    /// Starts chromedriver on a free loopback port and waits until it accepts sessions. The
    /// port is free when chosen, but another process may take it before chromedriver binds
    /// it: then chromedriver exits, and another port is tried.
    fn spawn(chromedriver: &Path) -> Result<Driver, String> {
        let mut last_error = String::new();
        for _ in 0..3 {
            let dir = TempDir::new()?;
            let log_path = dir.0.join("chromedriver.log");
            let log = File::create(&log_path).map_err(|e| format!("create {}: {e}", log_path.display()))?;
            let log2 = log.try_clone().map_err(|e| format!("{}: {e}", log_path.display()))?;
            let port = free_port()?;
            let child = Command::new(chromedriver)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(log)
                .stderr(log2)
                .spawn()
                .map_err(|e| format!("cannot run {}: {e}", chromedriver.display()))?;
            let mut driver = Driver { child, port, dir };
            match driver.wait_ready() {
                Ok(()) => return Ok(driver),
                Err(e) => last_error = format!("{e}\n{}", driver.log_tail()),
            }
            // Still running but not ready: retrying will not help.
            if driver.child.try_wait().ok().flatten().is_none() {
                break;
            }
        }
        Err(format!("chromedriver ({}) did not start: {last_error}", chromedriver.display()))
    }

    /// Polls `GET /status` until chromedriver says it is ready, it exits, or 10 s pass.
    fn wait_ready(&mut self) -> Result<(), String> {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("chromedriver exited with {status}"));
            }
            let last = match self.request("GET", "/status", None, Duration::from_secs(2)) {
                Ok(v) if v["ready"] == true => return Ok(()),
                Ok(v) => format!("not ready: {v}"),
                Err(e) => e,
            };
            if start.elapsed() >= READY_TIMEOUT {
                return Err(format!("chromedriver not ready after {READY_TIMEOUT:?} ({last})"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The end of chromedriver's log, for error messages.
    fn log_tail(&self) -> String {
        let log = fs::read_to_string(self.dir.0.join("chromedriver.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        if lines.is_empty() {
            return "chromedriver log: empty".into();
        }
        let tail = lines[lines.len().saturating_sub(20)..].join("\n");
        format!("chromedriver log (end):\n{tail}")
    }

    /// One HTTP/1.1 exchange with chromedriver; returns the response's `value`. A WebDriver
    /// error (`{"value": {"error", "message"}}`) becomes `Err` with the error and its message.
    fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        timeout: Duration,
    ) -> Result<Value, String> {
        let what = format!("{method} {path}");
        let (status, bytes) =
            http(self.port, method, path, body, timeout).map_err(|e| format!("{what}: {e}"))?;
        let json: Value = serde_json::from_slice(&bytes).map_err(|e| {
            format!("{what}: HTTP {status}, not JSON ({e}): {}", String::from_utf8_lossy(&bytes))
        })?;
        let value = json.get("value").cloned().unwrap_or(Value::Null);
        if let Some(error) = value.get("error").and_then(Value::as_str) {
            let message = value.get("message").and_then(Value::as_str).unwrap_or("");
            return Err(format!("{what}: {error}: {message}"));
        }
        if !(200..300).contains(&status) {
            return Err(format!("{what}: HTTP {status}: {json}"));
        }
        Ok(value)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh folder under the system's temporary folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, String> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("jixiao-webdriver-{}-{n}-{nanos}", std::process::id()));
        // `create_dir`, not `create_dir_all`: fails rather than reuse a folder left by someone else.
        fs::create_dir(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    /// Retries for a moment: Chromium's helper processes may still be writing to the profile
    /// just after the browser has quit.
    fn drop(&mut self) {
        for _ in 0..20 {
            if fs::remove_dir_all(&self.0).is_ok() || !self.0.exists() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Kills a process by id (std can only kill its own children).
fn kill(pid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// A loopback port nobody listens on now: bind port 0, read the port the system chose, release it.
fn free_port() -> Result<u16, String> {
    let listener =
        TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| format!("bind 127.0.0.1:0: {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| format!("local_addr: {e}"))
}

/// Whether `path` is an executable file (a folder or a device named `chromium` is not).
fn is_executable(path: &Path) -> bool {
    let Ok(meta) = fs::metadata(path) else { return false };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// The program named by the environment variable `var` if it is set, else `name` on `PATH` or
/// in `/usr/bin` (where Debian installs both, and which a test runner's `PATH` may lack).
fn locate(var: &str, name: &str) -> Result<Option<PathBuf>, String> {
    let search = |name: &str| {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .chain([PathBuf::from("/usr/bin")])
            .map(|dir| dir.join(name))
            .find(|p| is_executable(p))
    };
    match std::env::var(var) {
        Ok(value) if !value.is_empty() => {
            let found = if value.contains(std::path::MAIN_SEPARATOR) {
                Some(PathBuf::from(&value))
            } else {
                search(&value)
            };
            match found {
                Some(p) if is_executable(&p) => Ok(Some(p)),
                _ => Err(format!("{var}={value} is not an executable file")),
            }
        }
        _ => Ok(search(name)),
    }
}

/// Sends one request (`Connection: close`) and reads the whole response: status and body,
/// with the body framed by `Content-Length`, by chunked transfer encoding, or by the end of
/// the connection.
fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    timeout: Duration,
) -> Result<(u16, Vec<u8>), String> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .map_err(|e| format!("cannot connect to chromedriver at {addr}: {e}"))?;
    stream.set_read_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let timed_out = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
            format!("no answer within {timeout:?} (browser hung?)")
        }
        _ => e.to_string(),
    };
    stream.write_all(request.as_bytes()).map_err(timed_out)?;
    let mut reader = BufReader::new(stream);

    let mut line = String::new();
    reader.read_line(&mut line).map_err(timed_out)?;
    // "HTTP/1.1 200 OK"
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {line:?}"))?;
    let mut length = None;
    let mut chunked = false;
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(timed_out)? == 0 {
            return Err("connection closed in the headers".into());
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        // chromedriver writes no space after the colon ("Content-Length:250").
        if let Some((name, value)) = header.split_once(':') {
            let (name, value) = (name.trim(), value.trim());
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(value.parse::<usize>().map_err(|_| format!("bad Content-Length {value:?}"))?);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.to_ascii_lowercase().contains("chunked");
            }
        }
    }

    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line).map_err(timed_out)?;
            let size = line.split(';').next().unwrap_or("").trim();
            let size = usize::from_str_radix(size, 16).map_err(|_| format!("bad chunk size {line:?}"))?;
            if size == 0 {
                break; // Trailers, if any, are left unread: the connection closes anyway.
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader.read_exact(&mut body[start..]).map_err(timed_out)?;
            line.clear();
            reader.read_line(&mut line).map_err(timed_out)?; // The CRLF after the chunk.
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        reader.read_exact(&mut body).map_err(timed_out)?;
    } else {
        reader.read_to_end(&mut body).map_err(timed_out)?;
    }
    Ok((status, body))
}

/// Decodes standard base64 (RFC 4648, with or without padding; line breaks and spaces are
/// skipped), as WebDriver sends screenshots. Public for the self-test.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut padding = false;
    for (i, c) in text.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding = true;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return Err(format!("invalid base64 byte {:?} at {i}", c as char)),
        };
        if padding {
            return Err(format!("base64 data after padding at {i}"));
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits of a final partial group must be 2 or 4 zero bits; 6 means a lone character.
    if bits == 6 {
        return Err("truncated base64".into());
    }
    Ok(out)
}
