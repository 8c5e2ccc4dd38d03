//! Just enough HTTP/1.1 for one local page: a request line, headers, a body of a stated length;
//! one request per connection (`Connection: close`), one thread per connection.
//!
//! Why not a crate: tiny_http 0.12, tried first, left 2 of 17 parallel page requests without an
//! answer in 6 of 10 runs (Chromium loads the preview's pages six at a time; reproduced with
//! `curl --parallel`). The few lines here are all the server this page needs, and every limit
//! is in plain sight: the size of the head, the size of the body, the time a client may take,
//! the number of connections at once.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The largest request head (request line and headers).
const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections served at once; more wait in the listener's queue.
const MAX_CONNECTIONS: usize = 32;

pub struct Request {
    pub method: String,
    /// The path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// The value of `key` in the query (our own values are hex and digits: no decoding).
    pub fn query(&self, key: &str) -> Option<&str> {
        let (_, q) = self.target.split_once('?')?;
        q.split('&').find_map(|kv| kv.split_once('=').filter(|(k, _)| *k == key).map(|(_, v)| v))
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response { status, headers: vec![("Content-Type", content_type.to_string())], body }
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Payload Too Large",
        500 => "Internal Server Error",
        431 => "Request Header Fields Too Large",
        _ => "Error",
    }
}

/// What became of reading a request: the request, or the answer to give at once.
enum Incoming {
    Request(Request),
    Refuse(u16, &'static str),
    /// The client went away or sent nothing in time.
    Gone,
}

/// Serves every connection on `listener` with `handle` until the process ends. `max_body` is
/// checked against the stated length before any of the body is read.
pub fn serve(listener: TcpListener, max_body: usize, handle: Arc<dyn Fn(Request) -> Response + Send + Sync>) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        while active.load(Ordering::Acquire) >= MAX_CONNECTIONS {
            std::thread::sleep(Duration::from_millis(5));
        }
        active.fetch_add(1, Ordering::AcqRel);
        let (handle, active) = (handle.clone(), active.clone());
        std::thread::spawn(move || {
            connection(stream, max_body, &*handle);
            active.fetch_sub(1, Ordering::AcqRel);
        });
    }
}

fn connection(stream: TcpStream, max_body: usize, handle: &dyn Fn(Request) -> Response) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(READ_TIMEOUT));
    let Ok(reader) = stream.try_clone() else { return };
    let mut reader = BufReader::new(reader);
    let response = match read_request(&mut reader, max_body) {
        Incoming::Request(request) => handle(request),
        Incoming::Refuse(status, why) => {
            Response::new(status, "text/plain; charset=utf-8", why.as_bytes().to_vec())
        }
        Incoming::Gone => return,
    };
    let mut stream = stream;
    let _ = write_response(&mut stream, &response);
    // Close gently: a client still sending a body we refused must get to read the answer
    // instead of a reset, so what it still sends is read (for a moment, up to a bound) first.
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let _ = std::io::copy(&mut reader.take(4 * 1024 * 1024), &mut std::io::sink());
}

fn read_request(reader: &mut BufReader<TcpStream>, max_body: usize) -> Incoming {
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        match reader
            .by_ref()
            .take((MAX_HEAD + 1 - head.len().min(MAX_HEAD)) as u64)
            .read_until(b'\n', &mut line)
        {
            Ok(0) => return Incoming::Gone,
            Ok(_) => {}
            Err(_) => return Incoming::Gone,
        }
        head.extend_from_slice(&line);
        if head.len() > MAX_HEAD {
            return Incoming::Refuse(431, "请求头太大。");
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
        if !line.ends_with(b"\n") {
            return Incoming::Gone;
        }
    }
    let Ok(head) = String::from_utf8(head) else { return Incoming::Refuse(400, "请求无法识别。") };
    let mut lines = head.lines();
    let mut first = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version)) = (first.next(), first.next(), first.next()) else {
        return Incoming::Refuse(400, "请求无法识别。");
    };
    if !version.starts_with("HTTP/1.") || !target.starts_with('/') {
        return Incoming::Refuse(400, "请求无法识别。");
    }
    let mut headers = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let Some((k, v)) = line.split_once(':') else {
            return Incoming::Refuse(400, "请求头无法识别。");
        };
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let request =
        Request { method: method.to_string(), target: target.to_string(), headers, body: Vec::new() };
    if request.header("Transfer-Encoding").is_some() {
        return Incoming::Refuse(411, "请求须写明长度（Content-Length）。");
    }
    let length = match request.header("Content-Length").map(str::parse::<usize>) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return Incoming::Refuse(400, "请求长度无法识别。"),
    };
    if length > max_body {
        return Incoming::Refuse(413, "请求太大。");
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return Incoming::Gone;
    }
    Incoming::Request(Request { body, ..request })
}

fn write_response(stream: &mut TcpStream, r: &Response) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (k, v) in &r.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", r.body.len()));
    stream.write_all(head.as_bytes())?;
    stream.write_all(&r.body)?;
    stream.flush()
}
