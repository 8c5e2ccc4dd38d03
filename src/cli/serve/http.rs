//! Just enough HTTP/1.1 for one local page: a request line, headers, a body of a stated length;
//! one request per connection (`Connection: close`), one thread per connection.
//!
//! Why not a crate: tiny_http 0.12, tried first, left 2 of 17 parallel page requests without an
//! answer in 6 of 10 runs (Chromium loads the preview's pages six at a time; reproduced with
//! `curl --parallel`). The few lines here are all the server this page needs, and every limit
//! is in plain sight: the size of the head, the size of the body, the time a client may take,
//! the number of connections at once.
//!
//! Slow or stuck clients must never keep the page out (any program of the machine, or a web
//! page through the browser, can open sockets to 127.0.0.1; a tab that was closed half-way
//! leaves some). Two rules see to it:
//! - every deadline is a total, not per read: the head must be complete `HEAD_DEADLINE` after
//!   the connection was accepted and the body `BODY_DEADLINE` after the head, however the
//!   bytes trickle in (a timeout per read let a client that sent a byte every 10 s hold its
//!   thread for ever);
//! - the accepting loop never waits. Up to `MAX_CONNECTIONS` connections are served at once;
//!   one more sheds the connection that has waited longest without finishing its request (a
//!   silent or trickling socket: a real request on loopback is read in a millisecond, so it is
//!   never the oldest unread one), and only when every connection is past its request (all
//!   waiting for the session) is the new one answered 503 at once. Before, 32 connections were
//!   the limit and the loop slept until one ended: 50 half-open sockets kept the page out for
//!   the 30 s of their timeout.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The largest request head (request line and headers).
const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its whole request head, from its connection.
const HEAD_DEADLINE: Duration = Duration::from_secs(5);
/// How long a client may take to send the body after the head (at most `MAX_BODY`, 256 KB; the
/// page's are a few hundred bytes).
const BODY_DEADLINE: Duration = Duration::from_secs(10);
/// How long the answer may take to be taken (the largest, the page's font, is 6 MB).
const WRITE_DEADLINE: Duration = Duration::from_secs(30);
/// How long a refused body is still read after the answer, so that the client reads the answer
/// instead of a reset.
const LINGER: Duration = Duration::from_secs(1);
/// Connections served at once (a thread each, most of them idle). The page uses at most a
/// dozen (six preview pages at a time, the poll, an edit).
const MAX_CONNECTIONS: usize = 128;

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
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
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

/// The connections being served: a handle to each, when it came, and whether it is still
/// sending its request (only those may be shed).
#[derive(Default)]
struct Connections {
    next: u64,
    open: HashMap<u64, Open>,
}

struct Open {
    stream: TcpStream,
    since: Instant,
    reading: bool,
}

impl Connections {
    /// Makes room for one more connection: sheds the one that has waited longest without
    /// finishing its request when the limit is reached. False when every connection is past
    /// its request.
    fn room(&mut self) -> bool {
        if self.open.len() < MAX_CONNECTIONS {
            return true;
        }
        let oldest =
            self.open.iter().filter(|(_, c)| c.reading).min_by_key(|(_, c)| c.since).map(|(id, _)| *id);
        match oldest.and_then(|id| self.open.remove(&id)) {
            Some(shed) => {
                // Its thread's read returns at once, and the thread ends.
                let _ = shed.stream.shutdown(Shutdown::Both);
                true
            }
            None => false,
        }
    }
}

/// Serves every connection on `listener` with `handle` until the process ends. `max_body` is
/// checked against the stated length before any of the body is read.
pub fn serve(listener: TcpListener, max_body: usize, handle: Arc<dyn Fn(Request) -> Response + Send + Sync>) {
    let connections = Arc::new(Mutex::new(Connections::default()));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let id = {
            let mut open = lock(&connections);
            if !open.room() {
                drop(open);
                busy(stream);
                continue;
            }
            let Ok(handle) = stream.try_clone() else { continue };
            open.next += 1;
            let id = open.next;
            open.open.insert(id, Open { stream: handle, since: Instant::now(), reading: true });
            id
        };
        let (handle, connections) = (handle.clone(), connections.clone());
        std::thread::spawn(move || {
            let read = || {
                if let Some(c) = lock(&connections).open.get_mut(&id) {
                    c.reading = false;
                }
            };
            connection(stream, max_body, &*handle, read);
            lock(&connections).open.remove(&id);
        });
    }
}

fn lock(c: &Mutex<Connections>) -> MutexGuard<'_, Connections> {
    c.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Answers 503 without reading anything and without waiting: a short answer fits in the
/// socket's buffer of a fresh connection, so the write returns at once.
fn busy(stream: TcpStream) {
    let _ = stream.set_nonblocking(true);
    let body = "jixiao serve 正忙：请稍后再试。";
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = (&stream).write_all(head.as_bytes());
    let _ = stream.shutdown(Shutdown::Both);
}

/// A socket read against a deadline for the whole of what is read, not per read.
struct Timed<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Read for Timed<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        (&mut &*self.stream).read(buf)
    }
}

impl Write for Timed<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_write_timeout(Some(left))?;
        (&mut &*self.stream).write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        (&mut &*self.stream).flush()
    }
}

/// One connection: its request read within the deadlines (`read` is told when it is), handled,
/// answered, closed.
fn connection(stream: TcpStream, max_body: usize, handle: &dyn Fn(Request) -> Response, read: impl FnOnce()) {
    let mut reader = BufReader::new(Timed { stream: &stream, until: Instant::now() + HEAD_DEADLINE });
    let incoming = read_request(&mut reader, max_body);
    read();
    let response = match incoming {
        Incoming::Request(request) => handle(request),
        Incoming::Refuse(status, why) => {
            Response::new(status, "text/plain; charset=utf-8", why.as_bytes().to_vec())
        }
        Incoming::Gone => return,
    };
    let _ = write_response(&mut Timed { stream: &stream, until: Instant::now() + WRITE_DEADLINE }, &response);
    // Close gently: a client still sending a body we refused must get to read the answer
    // instead of a reset, so what it still sends is read (for a moment, up to a bound) first.
    let _ = stream.shutdown(Shutdown::Write);
    reader.get_mut().until = Instant::now() + LINGER;
    let _ = std::io::copy(&mut reader.take(4 * 1024 * 1024), &mut std::io::sink());
}

fn read_request(reader: &mut BufReader<Timed<'_>>, max_body: usize) -> Incoming {
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
    reader.get_mut().until = Instant::now() + BODY_DEADLINE;
    if reader.read_exact(&mut body).is_err() {
        return Incoming::Gone;
    }
    Incoming::Request(Request { body, ..request })
}

fn write_response(stream: &mut impl Write, r: &Response) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (k, v) in &r.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", r.body.len()));
    stream.write_all(head.as_bytes())?;
    stream.write_all(&r.body)?;
    stream.flush()
}
