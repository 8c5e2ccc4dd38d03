//! Markers left by `jixiao init` (`【待填写：…】`): one warning per marker, at its place, so
//! that `jixiao check` on a new report is the list of what is still to fill.
//!
//! Every string of the file is looked at, whatever key it belongs to: the markers are found in
//! the TOML tree (comments are not strings, so last year's text kept as a comment is not
//! reported), and each is pointed at in the file.

use crate::diag::{Finding, codes};
use crate::input::{SourceFile, TODO_CLOSE, TODO_OPEN};

pub fn check(source: &SourceFile, out: &mut Vec<Finding>) {
    for span in super::string_spans(source, &[], |s| s.contains(TODO_OPEN)) {
        let raw = source.text.get(span.clone()).unwrap_or("");
        for (at, _) in raw.match_indices(TODO_OPEN) {
            let start = span.start + at;
            let rest = &raw[at + TODO_OPEN.len()..];
            let (hint, len) = match rest.find(TODO_CLOSE) {
                Some(end) => (&rest[..end], TODO_OPEN.len() + end + TODO_CLOSE.len()),
                None => ("", TODO_OPEN.len()),
            };
            out.push(
                Finding::warning(codes::TODO, format!("还没有填写：{hint}"))
                    .at(start..start + len)
                    .label("待填写")
                    .help("换成实际内容（这一行上面的注释说明了要填什么）；确实没有的可省略项，整行删去"),
            );
        }
    }
}
