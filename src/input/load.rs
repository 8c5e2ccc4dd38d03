//! Reading the TOML file into [`Input`]: bytes → text → TOML tree → numbers marked → serde.
//!
//! Every failure becomes one [`Finding`] in Chinese that points at the place in the file.

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Input;
use super::leaf::NUMBER_MARK;
use crate::diag::{Finding, codes};

pub use crate::diag::SourceFile;

/// Why a file could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read at all (missing, a folder, no permission).
    Read { path: PathBuf, error: std::io::Error },
    /// The file was read; the finding says what is wrong and where.
    Invalid { source: Box<SourceFile>, finding: Box<Finding> },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Read { path, error } => {
                let why = match error.kind() {
                    std::io::ErrorKind::NotFound => "文件不存在，请检查路径和文件名".to_string(),
                    std::io::ErrorKind::PermissionDenied => "没有读取权限".to_string(),
                    std::io::ErrorKind::IsADirectory => "这是一个文件夹，不是文件".to_string(),
                    _ => error.to_string(),
                };
                write!(f, "无法读取 {}：{why}", path.display())
            }
            LoadError::Invalid { source, finding } => {
                write!(f, "{}", finding.render(source))
            }
        }
    }
}

/// Largest input file jixiao reads. A whole report is usually well under 100 KB; the bound
/// keeps a wrong file (a pasted export, a binary) from taking seconds and gigabytes.
pub const MAX_INPUT_BYTES: u64 = 2 * 1024 * 1024;

/// Reads and parses the input file at `path`.
pub fn load(path: &Path) -> Result<(SourceFile, Input), LoadError> {
    // The report is read as the files it names are: a regular file, with a cap, never a FIFO
    // or a device that would hang or fill memory (`jixiao check` of a folder sent in by others).
    let bytes = super::paths::read_regular(path, MAX_INPUT_BYTES).map_err(|refused| {
        use super::paths::Refused;
        let error = match refused {
            Refused::TooLarge { len, .. } => return too_large(path, len),
            Refused::Missing(_) => std::io::Error::from(std::io::ErrorKind::NotFound),
            Refused::NotRegular(_) if path.is_dir() => {
                std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory")
            }
            Refused::NotRegular(_) => {
                std::io::Error::other("不是普通文件（是设备、管道或套接字），jixiao 不读它")
            }
            Refused::Io(_, e) => e,
            other => std::io::Error::other(other.to_string()),
        };
        LoadError::Read { path: path.to_path_buf(), error }
    })?;
    load_bytes(path, bytes)
}

/// Parses a file's bytes; `path` is only used in messages.
pub fn load_bytes(path: &Path, bytes: Vec<u8>) -> Result<(SourceFile, Input), LoadError> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    let text = decode(path, bytes)?;
    let source = SourceFile::new(path, text);
    let input = parse_report(&source)?;
    Ok((source, input))
}

fn too_large(path: &Path, len: u64) -> LoadError {
    let finding = Finding::error(
        codes::TOO_LARGE,
        format!("文件有 {:.1} MB，超过 {} MB 的上限", len as f64 / 1_048_576.0, MAX_INPUT_BYTES / 1_048_576),
    )
    .help("一份报告的源文件通常不到 100 KB：请检查是否选错了文件，或误粘贴了大量内容");
    LoadError::Invalid { source: Box::new(SourceFile::new(path, String::new())), finding: Box::new(finding) }
}

/// Parses input already in memory (used by tests and `diff`).
pub fn load_str(path: impl Into<PathBuf>, text: &str) -> Result<(SourceFile, Input), LoadError> {
    let source = SourceFile::new(path, text.to_string());
    let input = parse_report(&source)?;
    Ok((source, input))
}

/// Turns the file's bytes into text, refusing what is not UTF-8 with the place of the first bad
/// byte. A UTF-8 byte-order mark (WPS and Notepad write one) becomes spaces so that offsets stay.
fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<String, LoadError> {
    let invalid = |text: String, offset: usize, message: String| LoadError::Invalid {
        source: Box::new(SourceFile::new(path, text)),
        finding: Box::new(
            Finding::error(codes::ENCODING, message)
                .at(offset..offset)
                .help("在记事本、WPS 或 VS Code 中用“另存为”选择 UTF-8 编码后再试"),
        ),
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(invalid(String::new(), 0, "文件是 UTF-16 编码，jixiao 只读 UTF-8".into()));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes[..3].copy_from_slice(b"   ");
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let text = String::from_utf8_lossy(&bytes[..offset]).into_owned();
        invalid(
            text,
            offset,
            format!("文件不是有效的 UTF-8 文本：第 {offset} 字节处有无法识别的字符（可能是 GBK 编码）"),
        )
    })
}

/// Parses a report or a template file: TOML, numbers marked, then serde.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Box<Finding>> {
    let mut table = DeTable::parse(text).map_err(|e| Box::new(syntax_finding(&e)))?;
    mark_numbers(table.get_mut());
    let deserializer = toml::de::Deserializer::from(table);
    T::deserialize(deserializer).map_err(|e| Box::new(schema_finding(&e)))
}

/// Parses a report and loads the template it names.
fn parse_report(source: &SourceFile) -> Result<Input, LoadError> {
    let mut input: Input = parse(&source.text)
        .map_err(|finding| LoadError::Invalid { source: Box::new(source.clone()), finding })?;
    super::template::resolve(&mut input, source)?;
    resolve_font_dir(&mut input, source)?;
    Ok(input)
}

/// `[fonts] path`, under the rules of `paths`: relative to the report, inside its folder.
fn resolve_font_dir(input: &mut Input, source: &SourceFile) -> Result<(), LoadError> {
    let Some(path) = input.fonts.as_ref().and_then(|f| f.path.as_ref()) else { return Ok(()) };
    let folder = super::paths::folder_of(&source.path);
    match super::paths::confine_folder(&folder, &folder, &path.value) {
        Ok(dir) => {
            input.font_dir = Some(dir);
            Ok(())
        }
        Err(refused) => {
            let finding = Finding::error(codes::INVALID_VALUE, format!("字体文件夹：{refused}"))
                .at(path.span.clone())
                .help(
                    "写报告旁边的字体文件夹，如 path = \"字体\"；或删去这一行，在命令行用 --font-path 给出",
                );
            Err(LoadError::Invalid { source: Box::new(source.clone()), finding: Box::new(finding) })
        }
    }
}

/// Rewrites every number literal into a marked string (see `leaf`), so that serde never sees
/// a binary float.
fn mark_numbers(table: &mut DeTable<'_>) {
    for (_, value) in table.iter_mut() {
        mark_value(value);
    }
}

fn mark_value(value: &mut Spanned<DeValue<'_>>) {
    let replacement = match value.get_mut() {
        DeValue::Float(f) => Some(format!("{NUMBER_MARK}{}", f.as_str())),
        DeValue::Integer(i) if i.radix() == 10 => Some(format!("{NUMBER_MARK}{}", i.as_str())),
        DeValue::Integer(i) => Some(format!("{NUMBER_MARK}0x{}", i.as_str())),
        DeValue::Array(items) => {
            for item in items.iter_mut() {
                mark_value(item);
            }
            None
        }
        DeValue::Table(t) => {
            mark_numbers(t);
            None
        }
        _ => None,
    };
    if let Some(s) = replacement {
        *value.get_mut() = DeValue::String(s.into());
    }
}

fn syntax_finding(e: &toml::de::Error) -> Finding {
    let message = e.message().trim();
    let (zh, help) = translate_syntax(message);
    let finding = Finding::error(codes::SYNTAX, format!("TOML 格式错误：{zh}")).help(help);
    match e.span() {
        Some(span) => finding.at(span),
        None => finding,
    }
}

fn translate_syntax(message: &str) -> (String, String) {
    let m = message.to_ascii_lowercase();
    let generic = "对照 README 中的格式说明检查这一行：键 = 值，文字用英文双引号括起来";
    if m.contains("duplicate key") || m.contains("duplicate") {
        return ("同一个键写了两次".into(), "删去重复的一行，或改成正确的键名".into());
    }
    if m.contains("unclosed")
        || m.contains("unterminated")
        || m.contains("missing closing")
        || m.contains("invalid basic string")
        || m.contains("invalid literal string")
    {
        return ("引号或括号没有闭合".into(), "检查这一行的引号是否成对，文字中的引号请用中文引号“”".into());
    }
    if m.contains("unicode") {
        return (
            "文字中的 \\u 转义不是有效的字符（例如单独的代理项 \\uD800）".into(),
            "直接输入这个字，或删去这段转义".into(),
        );
    }
    if m.contains("invalid escape") || m.contains("escape") {
        return (
            "文字中有无效的反斜杠转义".into(),
            "文字中要写反斜杠 \\ 时请写成 \\\\，或改用单引号 '…' 括起来".into(),
        );
    }
    if m.contains("expected newline") {
        return (
            "这一行在值的后面还有多余的内容".into(),
            "一行只写一个 键 = 值；文字要整个放在一对引号里，注释以 # 开头".into(),
        );
    }
    if m.contains("control character") {
        return ("文字中有控制字符".into(), "删去这一行中不可见的控制字符".into());
    }
    (message.to_string(), generic.into())
}

fn schema_finding(e: &toml::de::Error) -> Finding {
    let message = e.message().trim();
    let (code, zh, help) = translate_schema(message);
    let finding = Finding::error(code, zh);
    let finding = match help {
        Some(h) => finding.help(h),
        None => finding,
    };
    match e.span() {
        Some(span) => finding.at(span),
        None => finding,
    }
}

/// Serde's messages are English and name Rust types; users read Chinese. Known shapes are
/// rewritten; our own leaf types already speak Chinese and pass through.
fn translate_schema(message: &str) -> (&'static str, String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let options: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let help = match suggest(field, &options) {
            Some(s) => format!("是不是想写 {s}？"),
            None if options.is_empty() => "删去这个键".to_string(),
            None => format!("这里可以写的键有：{}", options.join("、")),
        };
        return (codes::UNKNOWN_KEY, format!("不认识的键 {field}"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (
            codes::MISSING_KEY,
            format!("缺少必填的键 {field}"),
            Some(format!("在这一节中加上 {field} = …（参照 inputs/ 中的示例文件）")),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let found = describe_type(found);
        let expected = describe_type(expected);
        return (codes::WRONG_TYPE, format!("类型不对：这里应为{expected}，实际写的是{found}"), None);
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        return (codes::WRONG_TYPE, format!("列表的长度不对（{rest}）"), None);
    }
    if message.starts_with("这里应填") {
        return (codes::WRONG_TYPE, message.to_string(), None);
    }
    if message.is_ascii() {
        (codes::WRONG_TYPE, format!("内容不符合格式：{message}"), None)
    } else {
        (codes::INVALID_VALUE, message.to_string(), None)
    }
}

fn describe_type(t: &str) -> String {
    let t = t.trim();
    if t.starts_with("string") {
        // Numbers reach serde as marked strings.
        if t.contains(NUMBER_MARK) { "数字".into() } else { "文字".into() }
    } else if t.starts_with("map") || t.starts_with("struct") || t.contains("table") {
        "一个表（[…] 或 { … }）".into()
    } else if t.starts_with("sequence") || t.starts_with("a sequence") || t.starts_with("array") {
        "列表（[…]）".into()
    } else if t.starts_with("boolean") || t.starts_with("a boolean") {
        "true 或 false".into()
    } else if t.contains("integer") || t.contains("float") || t.contains("number") {
        "数字".into()
    } else if t.starts_with("struct ") || t.starts_with("a ") {
        "一个表（[…]）".into()
    } else {
        t.to_string()
    }
}

/// The closest known key by edit distance, for “是不是想写 …？”.
fn suggest<'a>(field: &str, options: &[&'a str]) -> Option<&'a str> {
    options
        .iter()
        .map(|o| (edit_distance(field, o), *o))
        .filter(|(d, o)| *d <= 2.max(o.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, o)| o)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_find_near_misses() {
        assert_eq!(suggest("in_servce", &["in_service", "retired"]), Some("in_service"));
        assert_eq!(suggest("zzz", &["in_service", "retired"]), None);
    }

    #[test]
    fn line_and_column_count_characters() {
        let s = SourceFile::new("x.toml", "a = 1\n名称 = \"x\"\n".into());
        let off = s.text.find("\"x\"").unwrap();
        assert_eq!(s.line_col(off), (2, 6));
        assert_eq!(s.line_text(2), "名称 = \"x\"");
    }
}
