//! `jixiao serve`: the report as a form in the user's own browser, the findings of `check` at
//! their fields and the printed pages beside it, updated as they type.
//!
//! The server listens on 127.0.0.1 only (`http`); one request at a time works on the session (a
//! report is one person's work; the page polls once a second). It is a thin shell around
//! [`session::Session`]: a request first looks whether the file changed on disk, then does one
//! thing.
//!
//! Safety, because any web page the user visits can send requests to 127.0.0.1:
//! - every request must carry the random token of this run (in the address the user was given,
//!   or the `X-Jixiao-Token` header the page sends), so another site cannot use the server;
//! - the Host header must name 127.0.0.1 or localhost with our port, and an Origin header, when
//!   sent, our own origin: a foreign name that resolves to 127.0.0.1 (DNS rebinding) is refused;
//! - bodies are limited to `MAX_BODY`; the routes are a fixed list and no part of a request is
//!   ever used as a file path: the only file read or written is the one named on the command
//!   line (and its PDF), or, without one, a report of the folder chosen on the start page
//!   (`start`: a name of the folder's listing, or a plain new name in that folder).

mod doc;
mod form;
mod http;
mod page;
mod session;
mod start;

use std::net::TcpListener;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError, mpsc};

use serde_json::{Value as Json, json};

use http::{Request, Response};

use super::lang::t;
use super::{BuildOptions, EXIT_IO};
use doc::{NewValue, Step};
use session::{Edited, Refused, Session};

/// The largest request body: an edit is a path and one value; the largest value, a long
/// paragraph, is a few KB.
pub const MAX_BODY: usize = 256 * 1024;

/// The embedded font the page falls back on where the system has no CJK font: the 黑体, a
/// sans-serif face as screen text wants.
const UI_FONT: &str = "FandolHei-Regular.otf";

pub struct Options {
    /// The report; a folder, or none (the current folder), opens the start page, which lists
    /// the folder's reports and makes new ones.
    pub file: Option<PathBuf>,
    pub port: u16,
    pub open: bool,
    pub build: BuildOptions,
    /// The template of a new file (as `init --template`).
    pub template: Option<String>,
}

pub fn run(o: Options) -> ExitCode {
    jixiao::render::FontStore::warm_up();
    let form = form::form();
    let (place, folder) = match o.file {
        Some(file) if !file.is_dir() => (file, None),
        // The folder as a full path: the start page shows where new reports go.
        other => {
            let dir = other.unwrap_or_else(|| PathBuf::from("."));
            let dir = std::path::absolute(&dir).unwrap_or(dir);
            (dir.clone(), Some(dir))
        }
    };
    let session = match &folder {
        Some(_) => None,
        None => {
            let skeleton = || new_file(&place, o.template.as_deref());
            match Session::open(&place, o.build.clone(), &form, skeleton) {
                Ok(s) => Some(s),
                Err(message) => {
                    eprintln!("{message}");
                    return ExitCode::from(EXIT_IO);
                }
            }
        }
    };
    let listener = match bind(&place, o.port) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "{}",
                t!(
                    "错误：无法在 127.0.0.1:{} 上启动（{e}）。这个端口可能已被占用：换一个端口（--port 8765），或不写 --port 由系统选择。",
                    "error: cannot listen on 127.0.0.1:{} ({e}). The port may be in use: try another (--port 8765) or leave --port out.",
                    o.port
                )
            );
            return ExitCode::from(EXIT_IO);
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(o.port);
    let token = token();
    let url = format!("http://127.0.0.1:{port}/?token={token}");
    super::stdout(&format!("{url}\n"));
    if folder.is_some() {
        eprintln!(
            "{}",
            t!(
                "jixiao：在浏览器中打开上面的地址，选择或新建 {} 中的报告（地址中含有本次的口令，不要发给别人）。\n页面上的修改要点“保存”才写入文件。按 Ctrl+C 或关闭这个窗口结束。",
                "jixiao: open the address above to choose or create a report in {} (it holds this run's token: do not share it).\nEdits reach the file when you press 保存 (save). Ctrl+C or closing this window stops.",
                place.display()
            )
        );
    } else {
        eprintln!(
            "{}",
            t!(
                "jixiao serve：在浏览器中打开上面的地址编辑 {}（地址中含有本次的口令，不要发给别人）。\n页面上的修改要点“保存”才写入文件；按 Ctrl+C 结束。",
                "jixiao serve: open the address above to edit {} (it holds this run's token: do not share it).\nEdits reach the file when you press 保存 (save); Ctrl+C stops.",
                place.display()
            )
        );
    }
    if o.open {
        open_browser(&url);
    }
    let guard = Guard { port, token };
    let form_json = serde_json::to_vec(&json!({ "groups": form })).unwrap_or_default();
    let server = Server { session, folder, form, build: o.build, template: o.template };
    // The session lives on one thread, as `watch`'s pipeline does, and the connections hand it
    // their requests: Typst's layout then always allocates from the same malloc arena (run on
    // each connection's thread, memory after 200 edits grew to 1.8× instead of 1.4×).
    let (jobs, inbox) = mpsc::channel::<(Request, mpsc::Sender<Response>)>();
    std::thread::spawn(move || {
        let mut server = server;
        for (request, answer) in inbox {
            // A panic in one request (a bug) must not stop the others.
            let response =
                catch_unwind(AssertUnwindSafe(|| dispatch(&mut server, &guard, &form_json, request)))
                    .unwrap_or_else(|_| {
                        text_reply(500, "jixiao 内部出错：请把报告文件和操作步骤报告给开发者。")
                    });
            let _ = answer.send(response);
        }
    });
    let jobs = Mutex::new(jobs);
    http::serve(
        listener,
        MAX_BODY,
        Arc::new(move |request: Request| {
            let (answer, response) = mpsc::channel();
            let sent = jobs.lock().unwrap_or_else(PoisonError::into_inner).send((request, answer));
            match (sent, response.recv()) {
                (Ok(()), Ok(r)) => r,
                _ => text_reply(500, "jixiao 内部出错。"),
            }
        }),
    );
    ExitCode::SUCCESS
}

/// jixiao.exe double-clicked: the start page of the folder it is in (where a clerk unzipped
/// it and keeps the reports), in the default browser. The console window stays open while the
/// server runs; when it cannot start, it waits for Enter so that the reason can be read.
pub fn start_here() -> ExitCode {
    let folder = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    // Explorer runs an exe double-clicked inside a zip from a temporary folder, which it empties
    // later: reports made there would be lost.
    if folder.starts_with(std::env::temp_dir()) {
        eprintln!(
            "jixiao.exe 正在临时文件夹 {} 中运行（是不是在压缩包里直接双击了它？）。在这里新建的报告以后会找不到：\n请先把压缩包解压到一个文件夹（右键点压缩包，选“全部解压缩”），再双击那里的 jixiao.exe。",
            folder.display()
        );
        super::console::pause_if_double_clicked();
        return ExitCode::from(EXIT_IO);
    }
    let code = run(Options {
        file: Some(folder),
        port: 0,
        open: true,
        build: BuildOptions::default(),
        template: None,
    });
    super::console::pause_if_double_clicked();
    code
}

/// Without `--port`, the port this file had the last time (a number from its path), when it is
/// free: the page of a restarted server then has the same origin, so the browser finds the drafts
/// it kept for the file (`localStorage` is per origin, and an origin includes the port). A free
/// port chosen by the system when that one is taken.
fn bind(file: &Path, port: u16) -> std::io::Result<TcpListener> {
    if port == 0
        && let Ok(listener) = TcpListener::bind(("127.0.0.1", file_port(file)))
    {
        return Ok(listener);
    }
    TcpListener::bind(("127.0.0.1", port))
}

/// A port from 20000 to 31999 (below the systems' ephemeral ranges) for the file's full path,
/// the same in every run (FNV-1a; std's hasher is seeded per process).
fn file_port(file: &Path) -> u16 {
    let full = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let full = match (full.parent().and_then(|d| d.canonicalize().ok()), full.file_name()) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => full,
    };
    let hash = full
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    20000 + (hash % 12000) as u16
}

/// The text of a file that does not exist yet: `init`'s skeleton for the template, without the
/// schema directive (no schema file is written beside it).
fn new_file(file: &Path, template: Option<&str>) -> Result<String, String> {
    super::init::skeleton_text(file, None, template).map(super::init::without_schema_directive)
}

/// 128 random bits as hex, from the operating system's randomness through std's hasher keys
/// (no extra crate for one number per run).
fn token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let part = |salt: u64| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(salt);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        h.finish()
    };
    format!("{:016x}{:016x}", part(1), part(2))
}

fn open_browser(url: &str) {
    use std::process::{Command, Stdio};
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    let started = cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn();
    if started.is_err() {
        eprintln!(
            "{}",
            t!(
                "没能自动打开浏览器：请把上面的地址复制到浏览器中。",
                "Could not open a browser: copy the address above into one."
            )
        );
    }
}

/// What every request must show.
struct Guard {
    port: u16,
    token: String,
}

impl Guard {
    /// Why a request is refused, if it is.
    fn refuse(&self, request: &Request) -> Option<(u16, &'static str)> {
        let hosts = [format!("127.0.0.1:{}", self.port), format!("localhost:{}", self.port)];
        match request.header("Host") {
            Some(host) if hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) => {}
            _ => return Some((403, "Host 不是本机地址：请使用 jixiao serve 显示的地址。")),
        }
        if let Some(origin) = request.header("Origin")
            && !hosts.iter().any(|h| origin.eq_ignore_ascii_case(&format!("http://{h}")))
        {
            return Some((403, "请求来自别的网站，已拒绝。"));
        }
        let given = request.header("X-Jixiao-Token").or_else(|| request.query("token"));
        match given {
            Some(t) if same(t.as_bytes(), self.token.as_bytes()) => None,
            _ => {
                Some((403, "缺少口令或口令不对：请使用 jixiao serve 显示的完整地址（含 ?token=…）打开页面。"))
            }
        }
    }
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Response {
    Response::new(status, content_type, body)
        .with_header("Cache-Control", "no-store")
        .with_header("X-Content-Type-Options", "nosniff")
        .with_header("Referrer-Policy", "no-referrer")
        .with_header("X-Frame-Options", "DENY")
}

fn json_reply(status: u16, value: &Json) -> Response {
    reply(status, "application/json; charset=utf-8", serde_json::to_vec(value).unwrap_or_default())
}

fn text_reply(status: u16, message: &str) -> Response {
    reply(status, "text/plain; charset=utf-8", message.as_bytes().to_vec())
}

/// What the session's thread owns.
struct Server {
    /// The report being edited; none until the start page chooses one.
    session: Option<Session>,
    /// Without a file on the command line: the folder of the start page.
    folder: Option<PathBuf>,
    form: Vec<form::Node>,
    build: BuildOptions,
    /// The template of `serve --template`, the start page's default for a new report.
    template: Option<String>,
}

/// The routes: a fixed list.
const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/api/form"),
    ("GET", "/api/state"),
    ("GET", "/api/page"),
    ("GET", "/api/font"),
    ("POST", "/api/edit"),
    ("POST", "/api/row"),
    ("POST", "/api/save"),
    ("POST", "/api/pdf"),
    ("GET", "/api/xlsx"),
    ("GET", "/api/keys"),
    // The start page (without a file on the command line).
    ("GET", "/start"),
    ("GET", "/api/files"),
    ("POST", "/api/open"),
    ("POST", "/api/new"),
];

fn dispatch(server: &mut Server, guard: &Guard, form: &[u8], request: Request) -> Response {
    if let Some((status, why)) = guard.refuse(&request) {
        return text_reply(status, why);
    }
    let route = request.path();
    let method = request.method.as_str();
    if !ROUTES.iter().any(|(m, r)| *r == route && *m == method) {
        let status = if ROUTES.iter().any(|(_, r)| *r == route) { 405 } else { 404 };
        return text_reply(status, "没有这个地址。");
    }
    if route == "/api/font" {
        return match jixiao::render::fonts::EMBEDDED.iter().find(|f| f.file == UI_FONT) {
            Some(f) => reply(200, "font/otf", f.data.to_vec()),
            None => text_reply(404, "没有这个字体。"),
        };
    }
    let start_route = matches!(route, "/start" | "/api/files" | "/api/open" | "/api/new");
    match (server.folder.clone(), &mut server.session) {
        // The editor page asks /api/files to know whether to offer the way back to the list.
        (None, _) if start_route => text_reply(404, "没有这个地址：jixiao serve 是为一个文件启动的。"),
        (Some(_), _) if route == "/start" => html_page(start::html),
        (Some(_), None) if route == "/" => html_page(start::html),
        (Some(folder), _) if start_route => start_api(server, &folder, route, &request.body),
        (_, Some(session)) => handle(session, form, request),
        (_, None) => json_reply(409, &json!({ "error": "还没有打开报告：请在开始页选择或新建一个。" })),
    }
}

/// An HTML page whose script and style run by this response's nonce only.
fn html_page(html: fn(&str) -> String) -> Response {
    let nonce = token();
    reply(200, "text/html; charset=utf-8", html(&nonce).into_bytes()).with_header(
        "Content-Security-Policy",
        format!(
            "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; img-src 'self'; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
    )
}

#[derive(serde::Deserialize)]
struct OpenBody {
    name: String,
    /// For a new report: the preset (default: `--template`, or the default preset).
    #[serde(default)]
    template: Option<String>,
    /// Drop the unsaved edits of the report open now.
    #[serde(default)]
    discard: bool,
}

/// The start page's requests: the folder's listing, opening a report of it, a new one.
fn start_api(server: &mut Server, folder: &Path, route: &str, body: &[u8]) -> Response {
    let dirty = server.session.as_mut().map(|s| {
        s.sync();
        s.dirty()
    });
    let open = server.session.as_ref().map(|s| s.file.as_path()).zip(dirty);
    if route == "/api/files" {
        return json_reply(200, &start::listing(folder, open));
    }
    let b = match serde_json::from_slice::<OpenBody>(body) {
        Ok(b) => b,
        Err(e) => return json_reply(400, &json!({ "error": format!("请求的格式不对：{e}") })),
    };
    let path = if route == "/api/open" {
        start::existing(folder, &b.name)
    } else {
        start::new_path(folder, &b.name)
    };
    let path = match path {
        Ok(p) => p,
        Err(why) => return json_reply(409, &json!({ "error": why })),
    };
    if let (Some((current, true)), false) = (open, b.discard)
        && current != path
    {
        let name = current.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        return json_reply(
            409,
            &json!({
                "dirty": true,
                "error": format!("“{name}”还有没保存的修改：回到它的页面点“保存”，或者放弃这些修改。"),
            }),
        );
    }
    if route == "/api/new" {
        let template = b.template.or_else(|| server.template.clone());
        let written = new_file(&path, template.as_deref())
            .and_then(|text| jixiao::output::write_atomic(&path, text.as_bytes()).map_err(|e| e.to_string()));
        if let Err(why) = written {
            return json_reply(409, &json!({ "error": why }));
        }
        eprintln!("{}", t!("已新建 {}。", "Created {}.", path.display()));
    }
    let already = server.session.as_ref().is_some_and(|s| s.file == path);
    if !already {
        let none = || Err(format!("{} 不见了：请刷新列表。", path.display()));
        match Session::open(&path, server.build.clone(), &server.form, none) {
            Ok(s) => server.session = Some(s),
            Err(why) => return json_reply(409, &json!({ "error": why })),
        }
        eprintln!("{}", t!("正在编辑 {}。", "Editing {}.", path.display()));
    }
    json_reply(200, &json!({ "ok": true, "file": path.display().to_string() }))
}

fn handle(session: &mut Session, form: &[u8], request: Request) -> Response {
    let route = request.path();
    match route {
        "/" => html_page(page::html),
        "/api/form" => reply(200, "application/json; charset=utf-8", form.to_vec()),
        "/api/state" => {
            session.sync();
            let since = request.query("since").and_then(|v| v.parse::<u64>().ok());
            if since == Some(session.version()) {
                json_reply(200, &json!({ "version": session.version(), "same": true }))
            } else {
                json_reply(200, &session.state())
            }
        }
        "/api/page" => {
            let index = request.query("i").and_then(|v| v.parse::<usize>().ok());
            let hash = request.query("h").and_then(|v| u128::from_str_radix(v, 16).ok());
            match (index, hash) {
                (Some(i), Some(h)) => match session.page_svg(i, h) {
                    Some(svg) => reply(200, "image/svg+xml", svg.as_bytes().to_vec()).with_header(
                        "Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
                    ),
                    None => text_reply(404, "这一页已经变了。"),
                },
                _ => text_reply(400, "缺少页码。"),
            }
        }
        "/api/keys" => {
            session.sync();
            json_reply(200, &session.keys())
        }
        "/api/xlsx" => match session.xlsx() {
            Ok(bytes) => {
                let name = session.file.with_extension("xlsx");
                let name = name.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                reply(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes)
                    .with_header("Content-Disposition", attachment(&name))
            }
            Err(why) => text_reply(409, &why),
        },
        _ => post(session, route, &request.body),
    }
}

/// `Content-Disposition` of a download named `name` (RFC 6266): an ASCII fallback for old
/// clients, and the Chinese name percent-encoded in UTF-8.
fn attachment(name: &str) -> String {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[derive(serde::Deserialize)]
struct EditBody {
    path: Vec<Step>,
    value: NewValue,
}

#[derive(serde::Deserialize)]
struct RowBody {
    path: Vec<Step>,
    op: String,
    #[serde(default)]
    index: usize,
}

fn post(session: &mut Session, route: &str, body: &[u8]) -> Response {
    session.sync();
    let bad = |e: serde_json::Error| json_reply(400, &json!({ "error": format!("请求的格式不对：{e}") }));
    let outcome: Result<Option<Json>, Refused> = match route {
        "/api/edit" => match serde_json::from_slice::<EditBody>(body) {
            Ok(b) => match session.edit(b.path, b.value) {
                Ok(Edited::Done) => Ok(None),
                // Not written: the state shows the field with its text and error; 422 says
                // that this edit did not reach the document (the page keeps no toast for it:
                // a clerk half-way through typing “-” sees the mark at the field).
                Ok(Edited::Refused(why)) => {
                    let mut state = session.state();
                    if let Json::Object(s) = &mut state {
                        s.insert("result".into(), json!({ "ok": false, "message": why }));
                    }
                    return json_reply(422, &state);
                }
                Err(e) => Err(e),
            },
            Err(e) => return bad(e),
        },
        "/api/row" => match serde_json::from_slice::<RowBody>(body) {
            Ok(b) => session.row(b.path, b.op, b.index).map(|_| None),
            Err(e) => return bad(e),
        },
        "/api/save" => session.save().map(|m| Some(json!({ "ok": true, "message": m }))),
        "/api/pdf" => session.pdf().map(|(ok, log)| Some(json!({ "ok": ok, "message": log.trim_end() }))),
        _ => return text_reply(404, "没有这个地址。"),
    };
    let mut state = session.state();
    match outcome {
        Ok(result) => {
            if let (Some(result), Json::Object(s)) = (result, &mut state) {
                s.insert("result".into(), result);
            }
            json_reply(200, &state)
        }
        Err(Refused(why)) => {
            if let Json::Object(s) = &mut state {
                s.insert("error".into(), Json::String(why));
            }
            json_reply(409, &state)
        }
    }
}
