//! A running `jixiao serve` for the tests and the bench: started on a free port without a
//! browser, its address read from the first line it prints, stopped on drop.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::http::{self, Response};

pub struct Serve {
    child: Child,
    /// The address the user is given: `http://127.0.0.1:PORT/?token=…`.
    pub url: String,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    pub token: String,
}

impl Serve {
    pub fn start(bin: &str, file: &Path, extra: &[&str]) -> Serve {
        let mut cmd = Command::new(bin);
        cmd.arg("serve").arg(file).args(["--no-open"]).args(extra);
        Serve::spawn(cmd)
    }

    /// `jixiao serve` without a file, in `dir`: the start page of that folder.
    pub fn start_in(bin: &str, dir: &Path, extra: &[&str]) -> Serve {
        let mut cmd = Command::new(bin);
        cmd.arg("serve").args(["--no-open"]).args(extra).current_dir(dir);
        Serve::spawn(cmd)
    }

    fn spawn(mut cmd: Command) -> Serve {
        let mut child = cmd
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start jixiao serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if line.starts_with("http://") => line,
            other => {
                let _ = child.kill();
                let out = child.wait_with_output().expect("wait");
                panic!(
                    "jixiao serve printed no address ({other:?}); stderr:\n{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        };
        let url = line.trim().to_string();
        let addr = url.trim_start_matches("http://").split('/').next().unwrap().to_string();
        let token = url.split("token=").nth(1).unwrap().to_string();
        Serve { child, url, addr, token }
    }

    /// A request with the token and our own Host, as the page sends it.
    pub fn api(&self, method: &str, target: &str, body: Option<serde_json::Value>) -> Response {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        http::request(
            &self.addr,
            method,
            target,
            &[("X-Jixiao-Token", &self.token), ("Content-Type", "application/json")],
            body.as_bytes(),
        )
    }

    pub fn state(&self) -> serde_json::Value {
        let r = self.api("GET", "/api/state", None);
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process is still running (a request must never bring it down).
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
