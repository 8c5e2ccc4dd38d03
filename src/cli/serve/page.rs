//! The page: plain HTML, CSS and JavaScript in one file, embedded in the binary (building
//! jixiao needs no Node or npm). Its script and style carry a fresh nonce per response, which
//! the Content-Security-Policy of the response names: nothing else runs on the page.

const PAGE: &str = include_str!("page.html");

pub fn html(nonce: &str) -> String {
    PAGE.replace("{{NONCE}}", nonce)
}
