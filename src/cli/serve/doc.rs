//! The report's TOML as the page edits it: a `toml_edit` document, so that every edit changes
//! one value and leaves the comments, the key order and the blank lines of the author's file
//! as they were; and the way between the page's paths (`["sangong", "reception", "actual"]`)
//! and the places of the file that findings point at.

use serde_json::{Map, Value as Json};
use toml::de::{DeTable, DeValue};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use jixiao::input::Span;

use super::form::Kind;

/// One step of a path: a key, or a position in an array.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum Step {
    Key(String),
    Index(usize),
}

pub type Path = Vec<Step>;

/// A path as people read it: `sangong.reception.actual`, `attachment2.indicators[3].score`.
pub fn dotted(path: &[Step]) -> String {
    let mut s = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Step::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// What the page sends for a field.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum NewValue {
    /// A number as typed; what is not a number is refused (`number_value`), never written.
    Number {
        text: String,
    },
    Text {
        text: String,
    },
    Bool {
        value: bool,
    },
    /// A value in TOML's own notation (an outline's mixed content).
    Raw {
        text: String,
    },
    /// The key is taken out (an optional field left empty).
    Remove,
}

/// A number as people type it, in TOML's notation: full-width digits and points (a Chinese
/// input method's) become ASCII, thousands separators (pasted from Excel) go. Anything else is
/// left as typed.
fn number_text(text: &str) -> String {
    let t: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' | '。' => '.',
            '－' | '—' => '-',
            '＋' => '+',
            c => c,
        })
        .collect();
    // “1,234.50”: every comma followed by exactly three digits.
    let grouped = t.contains([',', '，'])
        && t.split([',', '，']).skip(1).all(|g| {
            g.len() >= 3
                && g[..3].chars().all(|c| c.is_ascii_digit())
                && g[3..].chars().all(|c| c == '.' || c.is_ascii_digit())
                && (g.len() == 3 || g.as_bytes()[3] == b'.')
        });
    if grouped { t.replace([',', '，'], "") } else { t }
}

/// Most decimal places a number may carry: the loader's limit (`input::leaf::MAX_SCALE`).
const MAX_SCALE: usize = 6;

/// The TOML number for what was typed in a number field, or why it is none, in the loader's
/// words. A field that is not a number is never written into the document: written as text it
/// made a file that no longer builds, and 保存 then reported success.
pub fn number_value(text: &str) -> Result<Value, String> {
    let t = number_text(text);
    let typed = text.trim();
    if t.is_empty() {
        return Err("这里应填数字，不能空着".into());
    }
    let lower = t.to_ascii_lowercase();
    if lower.contains("nan") || lower.contains("inf") {
        return Err(format!("“{typed}”不是一个具体的数：请填写实际数值"));
    }
    let digits = t.trim_start_matches(['+', '-']);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if lower.contains('e')
        && lower.trim_start_matches(['+', '-']).chars().next().is_some_and(|c| c.is_ascii_digit())
    {
        return Err(format!("“{typed}”是科学计数法：请直接写出数值，如 1706.98"));
    }
    if t.len() - digits.len() > 1
        || int.is_empty()
        || !plain(int)
        || !plain(frac)
        || (t.contains('.') && frac.is_empty())
    {
        return Err(format!("这里应填数字（阿拉伯数字，不加引号），写的是文字“{typed}”"));
    }
    if frac.len() > MAX_SCALE {
        return Err(format!("“{typed}”的小数位太多（最多 {MAX_SCALE} 位）：金额以万元为单位，保留两位小数"));
    }
    // TOML allows no leading zeros (`007`): the number is written as its value reads.
    let int = match int.trim_start_matches('0') {
        "" => "0",
        rest => rest,
    };
    if int.len() > 13 {
        return Err(format!("“{typed}”太大，不可能是真实的数：请检查单位（万元）和位数"));
    }
    let sign = if t.starts_with('-') { "-" } else { "" };
    let literal = if frac.is_empty() { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") };
    let too_big = literal
        .parse::<rust_decimal::Decimal>()
        .map_or(true, |d| d.abs() >= rust_decimal::Decimal::from(jixiao::input::MAX_MAGNITUDE));
    if too_big {
        return Err(format!("“{typed}”太大，不可能是真实的数：请检查单位（万元）和位数"));
    }
    match literal.parse::<Value>() {
        Ok(v @ (Value::Integer(_) | Value::Float(_))) => Ok(v),
        _ => Err(format!("这里应填数字（阿拉伯数字，不加引号），写的是文字“{typed}”")),
    }
}

/// Why an edit could not be made.
#[derive(Debug)]
pub struct EditError(pub String);

/// The value for `new`, keeping the place's comments (`# 本年决算数`) where it had a value.
fn value_of(new: &NewValue, old: Option<&Value>) -> Result<Option<Value>, EditError> {
    let mut v = match new {
        NewValue::Number { text } => number_value(text).map_err(EditError)?,
        NewValue::Raw { text } => text
            .trim()
            .parse::<Value>()
            .map_err(|e| EditError(format!("不是有效的 TOML 写法：{}", first_line(&e.to_string()))))?,
        NewValue::Text { text } => Value::from(text.as_str()),
        NewValue::Bool { value } => Value::from(*value),
        NewValue::Remove => return Ok(None),
    };
    if let Some(old) = old {
        *v.decor_mut() = old.decor().clone();
    }
    Ok(Some(v))
}

fn first_line(s: &str) -> String {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or_default().trim().to_string()
}

/// Where a walk through the document stands: at an item (a table's value), at a table of an
/// array of tables, or at a value inside an inline array or table.
enum Cursor<'a> {
    Item(&'a mut Item),
    Table(&'a mut Table),
    Value(&'a mut Value),
}

fn missing(path: &[Step], n: usize) -> EditError {
    EditError(format!("文件中没有 {}", dotted(&path[..=n])))
}

/// The place at `path`; missing tables and arrays are created on the way when `create` (an
/// optional section that the author starts on the page).
fn walk<'a>(doc: &'a mut DocumentMut, path: &[Step], create: bool) -> Result<Cursor<'a>, EditError> {
    let mut cur = Cursor::Item(doc.as_item_mut());
    for (n, step) in path.iter().enumerate() {
        let next_is_index = matches!(path.get(n + 1), Some(Step::Index(_)));
        let fresh = || {
            if next_is_index {
                Item::Value(Value::Array(Array::new()))
            } else {
                let mut t = Table::new();
                t.set_implicit(false);
                Item::Table(t)
            }
        };
        cur = match (cur, step) {
            (Cursor::Item(Item::Value(v)), _) => step_value(v, step, path, n)?,
            (Cursor::Item(item), Step::Key(k)) => {
                let t = item
                    .as_table_like_mut()
                    .ok_or_else(|| EditError(format!("{} 不是一个表", dotted(&path[..n]))))?;
                if t.get(k).is_none() {
                    if !create {
                        return Err(missing(path, n));
                    }
                    t.insert(k, fresh());
                }
                Cursor::Item(t.get_mut(k).ok_or_else(|| missing(path, n))?)
            }
            (Cursor::Item(Item::ArrayOfTables(a)), Step::Index(i)) => {
                Cursor::Table(a.get_mut(*i).ok_or_else(|| missing(path, n))?)
            }
            (Cursor::Table(t), Step::Key(k)) => {
                if !t.contains_key(k) {
                    if !create {
                        return Err(missing(path, n));
                    }
                    t.insert(k, fresh());
                }
                Cursor::Item(t.get_mut(k).ok_or_else(|| missing(path, n))?)
            }
            (Cursor::Value(v), _) => step_value(v, step, path, n)?,
            _ => return Err(EditError(format!("{} 的写法与文件不符", dotted(&path[..=n])))),
        };
    }
    Ok(cur)
}

fn step_value<'a>(v: &'a mut Value, step: &Step, path: &[Step], n: usize) -> Result<Cursor<'a>, EditError> {
    match (v, step) {
        (Value::Array(a), Step::Index(i)) => {
            Ok(Cursor::Value(a.get_mut(*i).ok_or_else(|| missing(path, n))?))
        }
        (Value::InlineTable(t), Step::Key(k)) => {
            Ok(Cursor::Value(t.get_mut(k).ok_or_else(|| missing(path, n))?))
        }
        _ => Err(EditError(format!("{} 的写法与文件不符", dotted(&path[..=n])))),
    }
}

/// Sets (or removes) the value at `path`. An edit that fails leaves the document exactly as it
/// was: the tables and arrays made on the way to the place (`sections = []`) are not left
/// behind for the next 保存.
pub fn set(doc: &mut DocumentMut, path: &[Step], new: &NewValue) -> Result<(), EditError> {
    all_or_nothing(doc, |doc| set_in(doc, path, new))
}

/// Runs `edit` on `doc`; when it fails, `doc` is put back as it was before.
fn all_or_nothing(
    doc: &mut DocumentMut,
    edit: impl FnOnce(&mut DocumentMut) -> Result<(), EditError>,
) -> Result<(), EditError> {
    let before = doc.clone();
    let result = edit(doc);
    if result.is_err() {
        *doc = before;
    }
    result
}

fn set_in(doc: &mut DocumentMut, path: &[Step], new: &NewValue) -> Result<(), EditError> {
    let (last, parents) = path.split_last().ok_or_else(|| EditError("空的路径".into()))?;
    let create = !matches!(new, NewValue::Remove);
    let parent = match walk(doc, parents, create) {
        Ok(p) => p,
        // Removing from what is not there leaves nothing to do.
        Err(_) if !create => return Ok(()),
        Err(e) => return Err(e),
    };
    match (parent, last) {
        (Cursor::Item(item), Step::Key(k)) if item.is_table_like() => {
            let t = item.as_table_like_mut().expect("checked");
            let old = t.get(k).and_then(Item::as_value).cloned();
            match value_of(new, old.as_ref())? {
                Some(v) => {
                    t.insert(k, Item::Value(v));
                }
                None => {
                    t.remove(k);
                }
            }
            Ok(())
        }
        (Cursor::Table(t), Step::Key(k)) => {
            let old = t.get(k).and_then(Item::as_value).cloned();
            match value_of(new, old.as_ref())? {
                Some(v) => {
                    t.insert(k, Item::Value(v));
                }
                None => {
                    t.remove(k);
                }
            }
            Ok(())
        }
        (Cursor::Item(Item::Value(Value::InlineTable(t))), Step::Key(k))
        | (Cursor::Value(Value::InlineTable(t)), Step::Key(k)) => {
            match value_of(new, t.get(k))? {
                Some(v) => {
                    t.insert(k, v);
                }
                None => {
                    t.remove(k);
                }
            }
            Ok(())
        }
        (Cursor::Item(Item::Value(Value::Array(a))), Step::Index(i))
        | (Cursor::Value(Value::Array(a)), Step::Index(i)) => {
            let old = a.get(*i).cloned();
            match value_of(new, old.as_ref())? {
                Some(v) if *i < a.len() => {
                    a.replace(*i, v);
                }
                Some(v) if *i == a.len() => a.push_formatted(v),
                Some(_) => return Err(EditError(format!("{} 没有第 {} 项", dotted(parents), i + 1))),
                None if *i < a.len() => {
                    a.remove(*i);
                }
                None => {}
            }
            Ok(())
        }
        _ => Err(EditError(format!("{} 不是可以写值的地方", dotted(path)))),
    }
}

/// The required fields of a new row of a group that has none yet: (key, kind).
pub type Shape = [(String, Kind)];

/// Adds a row after the last (a copy of it with its texts emptied, so that its shape is there to
/// fill; the group's required fields when it has no row yet), removes row `index`, or moves it
/// up or down, in the repeated group at `path`.
pub fn row(
    doc: &mut DocumentMut,
    path: &[Step],
    op: &str,
    index: usize,
    shape: Option<&Shape>,
) -> Result<(), EditError> {
    all_or_nothing(doc, |doc| row_in(doc, path, op, index, shape))
}

fn row_in(
    doc: &mut DocumentMut,
    path: &[Step],
    op: &str,
    index: usize,
    shape: Option<&Shape>,
) -> Result<(), EditError> {
    let here = dotted(path);
    let swap = |len: usize| -> Result<Option<(usize, usize)>, EditError> {
        match op {
            "up" if index > 0 && index < len => Ok(Some((index - 1, index))),
            "down" if index + 1 < len => Ok(Some((index, index + 1))),
            "up" | "down" => Ok(None),
            _ => Err(EditError(format!("不认识的操作 {op}"))),
        }
    };
    if op == "add" && walk(doc, path, false).is_err() {
        // The group is not in the file yet: it starts as `[[group]]` with one blank row.
        let (last, parents) = path.split_last().ok_or_else(|| EditError("空的路径".into()))?;
        let Step::Key(key) = last else {
            return Err(EditError(format!("{here} 不是可以增删的一组")));
        };
        let fresh = match shape {
            Some(shape) => {
                let mut rows = ArrayOfTables::new();
                rows.push(shape_table(shape));
                Item::ArrayOfTables(rows)
            }
            None => Item::Value(Value::Array(Array::from_iter([""]))),
        };
        return match walk(doc, parents, true)? {
            Cursor::Item(item) if item.is_table_like() => {
                item.as_table_like_mut().expect("checked").insert(key, fresh);
                Ok(())
            }
            Cursor::Table(t) => {
                t.insert(key, fresh);
                Ok(())
            }
            _ => Err(EditError(format!("{here} 不是可以增删的一组"))),
        };
    }
    match walk(doc, path, false)? {
        Cursor::Item(Item::ArrayOfTables(a)) => match op {
            "add" => {
                let t = match (a.iter().last(), shape) {
                    (Some(last), _) => {
                        let mut t = last.clone();
                        for (_, item) in t.iter_mut() {
                            blank(item);
                        }
                        t.decor_mut().clear();
                        t
                    }
                    (None, Some(shape)) => shape_table(shape),
                    (None, None) => Table::new(),
                };
                a.push(t);
                Ok(())
            }
            "remove" if index < a.len() => {
                // The comment above the first `[[group]]` is usually the list's own (“# 附件1
                // 公用经费“其中”各行”): it stays above the new first row, before that row's own.
                let lead = (index == 0).then(|| a.get(0).map(|t| t.decor().prefix().cloned())).flatten();
                a.remove(index);
                if let (Some(Some(lead)), Some(first)) = (lead, a.get_mut(0)) {
                    let lead = lead.as_str().unwrap_or_default().to_string();
                    let own = first.decor().prefix().and_then(|p| p.as_str()).unwrap_or_default().to_string();
                    let kept = own.trim_start_matches(['\n', '\r', ' ', '\t']);
                    first.decor_mut().set_prefix(format!("{lead}{kept}"));
                }
                Ok(())
            }
            "remove" => Err(EditError(format!("{here} 没有第 {} 项", index + 1))),
            _ => {
                if let Some((x, y)) = swap(a.len())? {
                    let mut tables: Vec<Table> = a.iter().cloned().collect();
                    // The tables change places; the comments and blank lines above each place stay.
                    // So do their places in the file's order of tables.
                    let places: Vec<_> = tables.iter().map(|t| (t.decor().clone(), t.position())).collect();
                    tables.swap(x, y);
                    let mut fresh = ArrayOfTables::new();
                    for (mut t, (decor, position)) in tables.into_iter().zip(places) {
                        *t.decor_mut() = decor;
                        if let Some(p) = position {
                            t.set_position(p);
                        }
                        fresh.push(t);
                    }
                    *a = fresh;
                }
                Ok(())
            }
        },
        Cursor::Item(Item::Value(Value::Array(a))) | Cursor::Value(Value::Array(a)) => match op {
            "add" => {
                let mut v = match (a.iter().last(), shape) {
                    (Some(last), _) => last.clone(),
                    (None, Some(shape)) => Value::InlineTable(shape_table(shape).into_inline_table()),
                    (None, None) => Value::from(""),
                };
                blank_value(&mut v);
                a.push_formatted(v);
                Ok(())
            }
            "remove" if index < a.len() => {
                a.remove(index);
                Ok(())
            }
            "remove" => Err(EditError(format!("{here} 没有第 {} 项", index + 1))),
            _ => {
                if let Some((x, y)) = swap(a.len())? {
                    let mut items: Vec<Value> = a.iter().cloned().collect();
                    items.swap(x, y);
                    let decor: Vec<_> = a.iter().map(|v| v.decor().clone()).collect();
                    a.clear();
                    for (mut v, d) in items.into_iter().zip(decor) {
                        *v.decor_mut() = d;
                        a.push_formatted(v);
                    }
                }
                Ok(())
            }
        },
        _ => Err(EditError(format!("{here} 不是可以增删的一组"))),
    }
}

/// One row as the document holds it: a table of an array of tables, or a value of an array.
#[derive(Debug, Clone)]
pub enum RowItem {
    Table(Table),
    Value(Value),
}

/// Row `index` of the repeated group at `path`, as the document holds it.
pub fn row_item(doc: &DocumentMut, path: &[Step], index: usize) -> Option<RowItem> {
    // `walk` goes through mutable places; a copy costs less than a second walker.
    let mut copy = doc.clone();
    match walk(&mut copy, path, false).ok()? {
        Cursor::Item(Item::ArrayOfTables(a)) => a.get(index).cloned().map(RowItem::Table),
        Cursor::Item(Item::Value(Value::Array(a))) | Cursor::Value(Value::Array(a)) => {
            a.get(index).cloned().map(RowItem::Value)
        }
        _ => None,
    }
}

/// Appends `row` to the repeated group at `path`, which has rows: a row the page added is
/// added again, as it was, to a new text of the file (a copy of the new last row would carry
/// another row's figures). It takes the place of the group's last row in the file's order.
pub fn push_row(doc: &mut DocumentMut, path: &[Step], row: &RowItem) -> Result<(), EditError> {
    let none = || EditError(format!("{} 没有可以接在后面的一项", dotted(path)));
    all_or_nothing(doc, |doc| match (walk(doc, path, false)?, row) {
        (Cursor::Item(Item::ArrayOfTables(a)), RowItem::Table(t)) => {
            let position = a.iter().last().ok_or_else(none)?.position();
            let mut t = t.clone();
            if let Some(p) = position {
                t.set_position(p);
            }
            a.push(t);
            Ok(())
        }
        (Cursor::Item(Item::Value(Value::Array(a))) | Cursor::Value(Value::Array(a)), RowItem::Value(v)) => {
            a.push_formatted(v.clone());
            Ok(())
        }
        _ => Err(none()),
    })
}

/// A blank row: texts empty, numbers 0, switches off, choices left out (the file then says
/// which choice is missing).
fn shape_table(shape: &Shape) -> Table {
    let mut t = Table::new();
    for (key, kind) in shape {
        let v = match kind {
            Kind::Number => Value::from(0),
            Kind::Bool => Value::from(false),
            Kind::Text | Kind::Date => Value::from(""),
            Kind::Texts => Value::Array(Array::new()),
            _ => continue,
        };
        t.insert(key, Item::Value(v));
    }
    t
}

/// A new row keeps its keys and numbers and loses its texts.
fn blank(item: &mut Item) {
    match item {
        Item::Value(v) => blank_value(v),
        Item::Table(t) => t.iter_mut().for_each(|(_, i)| blank(i)),
        Item::ArrayOfTables(a) => a.iter_mut().for_each(|t| t.iter_mut().for_each(|(_, i)| blank(i))),
        Item::None => {}
    }
}

fn blank_value(v: &mut Value) {
    let decor = v.decor().clone();
    match v {
        Value::String(_) => {
            *v = Value::from("");
        }
        Value::InlineTable(t) => t.iter_mut().for_each(|(_, x)| blank_value(x)),
        Value::Array(a) => a.iter_mut().for_each(blank_value),
        _ => {}
    }
    *v.decor_mut() = decor;
}

/// The document's values as JSON for the page: numbers as the text of their literal (`976.20`
/// stays `976.20`, never a binary float), dates as text, and the fields at `raw` (their dotted
/// form paths) as their TOML text.
pub fn to_json(doc: &DocumentMut, raw: &[String]) -> Json {
    table_json(doc.as_table(), "", raw)
}

/// The value at `path` as [`to_json`] gives it, `null` where there is none.
pub fn json_at(doc: &DocumentMut, path: &[Step], raw: &[String]) -> Json {
    let mut item = doc.as_item();
    let mut at = String::new();
    for step in path {
        let next = match step {
            Step::Key(k) => {
                at = join(&at, k);
                item.get(k.as_str())
            }
            Step::Index(i) => item.get(*i),
        };
        match next {
            Some(n) => item = n,
            None => return Json::Null,
        }
    }
    item_json(item, &at, raw).unwrap_or(Json::Null)
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") }
}

fn table_json(t: &Table, at: &str, raw: &[String]) -> Json {
    let mut map = Map::new();
    for (k, item) in t.iter() {
        if let Some(v) = item_json(item, &join(at, k), raw) {
            map.insert(k.to_string(), v);
        }
    }
    Json::Object(map)
}

fn item_json(item: &Item, at: &str, raw: &[String]) -> Option<Json> {
    match item {
        Item::None => None,
        Item::Value(v) => Some(value_json(v, at, raw)),
        Item::Table(t) => Some(table_json(t, at, raw)),
        Item::ArrayOfTables(a) => Some(Json::Array(a.iter().map(|t| table_json(t, at, raw)).collect())),
    }
}

fn value_json(v: &Value, at: &str, raw: &[String]) -> Json {
    if raw.iter().any(|r| r == at) {
        return Json::String(v.to_string().trim().to_string());
    }
    match v {
        Value::String(s) => Json::String(s.value().clone()),
        Value::Integer(i) => Json::String(i.display_repr().to_string()),
        Value::Float(f) => Json::String(f.display_repr().to_string()),
        Value::Boolean(b) => Json::Bool(*b.value()),
        Value::Datetime(d) => Json::String(d.value().to_string()),
        Value::Array(a) => Json::Array(a.iter().map(|x| value_json(x, at, raw)).collect()),
        Value::InlineTable(t) => {
            let mut map = Map::new();
            for (k, x) in t.iter() {
                map.insert(k.to_string(), value_json(x, &join(at, k), raw));
            }
            Json::Object(map)
        }
    }
}

/// Every value of the file with its path and its place, for pointing a finding at its field.
pub fn leaves(text: &str) -> Vec<(Path, Span)> {
    let mut out = Vec::new();
    if let Ok(table) = DeTable::parse(text) {
        walk_table(table.get_ref(), &mut Vec::new(), &mut out);
    }
    out
}

fn walk_table(t: &DeTable<'_>, path: &mut Path, out: &mut Vec<(Path, Span)>) {
    for (k, v) in t.iter() {
        path.push(Step::Key(k.get_ref().to_string()));
        out.push((path.clone(), k.span()));
        walk_value(v, path, out);
        path.pop();
    }
}

fn walk_value(v: &toml::Spanned<DeValue<'_>>, path: &mut Path, out: &mut Vec<(Path, Span)>) {
    match v.get_ref() {
        DeValue::Table(t) => walk_table(t, path, out),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                out.push((path.clone(), item.span()));
                walk_value(item, path, out);
                path.pop();
            }
        }
        _ => out.push((path.clone(), v.span())),
    }
}

/// The path of the value a finding at `span` is about: the innermost value whose place holds it.
pub fn path_at(leaves: &[(Path, Span)], span: &Span) -> Option<Path> {
    leaves
        .iter()
        .filter(|(_, s)| s.start <= span.start && span.start < s.end.max(s.start + 1))
        .min_by_key(|(_, s)| s.end - s.start)
        .map(|(p, _)| p.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Step {
        Step::Key(k.into())
    }

    fn number(text: &str) -> NewValue {
        NewValue::Number { text: text.into() }
    }

    #[test]
    fn numbers_as_typed_become_toml_numbers() {
        assert_eq!(number_text("１５７．０６"), "157.06");
        assert_eq!(number_text("1,157.06"), "1157.06");
        assert_eq!(number_text("1，157"), "1157");
        // Not thousands: left as typed, and loading the file says what is wrong.
        assert_eq!(number_text("1,5"), "1,5");
        assert_eq!(number_text("4.8x"), "4.8x");
    }

    #[test]
    fn an_edit_changes_one_value_and_keeps_every_comment() {
        let text = "# 头\n[sangong.reception]   # 公务接待费\nbudget = 26.20\nactual = 4.38      # 本年\n\n[organization]\nstaffing = [\n  { kind = \"行政编制\", count = 60 },  # 行政\n]\n";
        let mut doc: DocumentMut = text.parse().unwrap();
        set(&mut doc, &[key("sangong"), key("reception"), key("actual")], &number("4.83")).unwrap();
        let path = [key("organization"), key("staffing"), Step::Index(0), key("count")];
        set(&mut doc, &path, &number("61")).unwrap();
        let expected = text.replace("actual = 4.38", "actual = 4.83").replace("count = 60", "count = 61");
        assert_eq!(doc.to_string(), expected);
        // A value that is not a number is refused, and the document keeps what it had.
        let e =
            set(&mut doc, &[key("sangong"), key("reception"), key("actual")], &number("4.8x")).unwrap_err();
        assert!(e.0.contains("这里应填数字") && e.0.contains("4.8x"), "{}", e.0);
        assert_eq!(doc.to_string(), expected);
    }

    #[test]
    fn only_numbers_are_written_into_number_fields() {
        let ok = |t: &str| number_value(t).unwrap().to_string();
        assert_eq!(ok("4.83"), "4.83");
        assert_eq!(ok("-12"), "-12");
        assert_eq!(ok("+0.50"), "0.50");
        assert_eq!(ok("007"), "7");
        assert_eq!(ok("００.５"), "0.5");
        assert_eq!(ok("999999999999.99"), "999999999999.99");
        let why = |t: &str| number_value(t).unwrap_err();
        assert!(why("abc").contains("这里应填数字") && why("abc").contains("abc"));
        assert!(why("").contains("不能空着"));
        assert!(why("  ").contains("不能空着"));
        assert!(why("1e400").contains("科学计数法"));
        assert!(why("1E5").contains("科学计数法"));
        assert!(why("inf").contains("具体的数"));
        assert!(why("nan").contains("具体的数"));
        assert!(why("1000000000000").contains("太大"));
        assert!(why("99999999999999999999999").contains("太大"));
        assert!(why("1.1234567").contains("小数位"));
        for bad in ["5.", ".5", "1.2.3", "--1", "+-1", "1_000", "0x10", "1,5", "4.8x", "12万元"] {
            assert!(why(bad).contains("这里应填数字"), "{bad}: {}", why(bad));
        }
    }

    #[test]
    fn a_failed_edit_leaves_the_document_exactly_as_it_was() {
        let text = "# 头\n[report]\nyear = 2020\n";
        let mut doc: DocumentMut = text.parse().unwrap();
        // The way to the place is made (`sections = []`, `[cover]`) before the value fails.
        let raw = NewValue::Raw { text: "[1, ".into() };
        assert!(set(&mut doc, &[key("sections"), Step::Index(0), key("content")], &raw).is_err());
        assert_eq!(doc.to_string(), text);
        assert!(set(&mut doc, &[key("cover"), key("unit"), key("x")], &raw).is_err());
        assert_eq!(doc.to_string(), text);
        assert!(set(&mut doc, &[key("cover"), key("count")], &number("abc")).is_err());
        assert_eq!(doc.to_string(), text);
        // A row operation that fails after making its group.
        assert!(row(&mut doc, &[key("form"), key("rows")], "sideways", 0, None).is_err());
        assert_eq!(doc.to_string(), text);
    }

    #[test]
    fn removing_the_first_row_keeps_the_comment_above_the_list() {
        let text = "[basic]\nx = 1\n\n# 附件1 公用经费“其中”各行\n[[basic.public_items]]\nname = \"甲\"\n\n[[basic.public_items]]\nname = \"乙\"\n\n# 丙的说明\n[[basic.public_items]]\nname = \"丙\"\n";
        let mut doc: DocumentMut = text.parse().unwrap();
        let path = [key("basic"), key("public_items")];
        row(&mut doc, &path, "remove", 0, None).unwrap();
        assert_eq!(
            doc.to_string(),
            "[basic]\nx = 1\n\n# 附件1 公用经费“其中”各行\n[[basic.public_items]]\nname = \"乙\"\n\n# 丙的说明\n[[basic.public_items]]\nname = \"丙\"\n"
        );
        // The next first row has a comment of its own: both stay, the list's first.
        row(&mut doc, &path, "remove", 0, None).unwrap();
        assert_eq!(
            doc.to_string(),
            "[basic]\nx = 1\n\n# 附件1 公用经费“其中”各行\n# 丙的说明\n[[basic.public_items]]\nname = \"丙\"\n"
        );
        // A row after the first takes only its own comment with it.
        let mut doc: DocumentMut = text.parse().unwrap();
        row(&mut doc, &path, "remove", 2, None).unwrap();
        assert!(doc.to_string().contains("# 附件1") && !doc.to_string().contains("丙"), "{doc}");
    }

    #[test]
    fn a_value_in_a_missing_table_creates_it_and_remove_takes_it_out() {
        let mut doc: DocumentMut = "[report]\nyear = 2020\n".parse().unwrap();
        let path = [key("cover"), key("unit")];
        set(&mut doc, &path, &NewValue::Text { text: "某局".into() }).unwrap();
        assert_eq!(doc.to_string(), "[report]\nyear = 2020\n\n[cover]\nunit = \"某局\"\n");
        set(&mut doc, &path, &NewValue::Remove).unwrap();
        assert!(!doc.to_string().contains("某局"));
        // Removing what is not there is nothing to do.
        set(&mut doc, &[key("form"), key("phone")], &NewValue::Remove).unwrap();
        assert_eq!(set(&mut doc, &[], &NewValue::Remove).unwrap_err().0, "空的路径");
    }

    #[test]
    fn rows_move_with_their_values_and_the_comments_stay_in_place() {
        let text =
            "# 项目一\n[[projects.items]]\nname = \"甲\"\n\n# 项目二\n[[projects.items]]\nname = \"乙\"\n";
        let mut doc: DocumentMut = text.parse().unwrap();
        let path = [key("projects"), key("items")];
        row(&mut doc, &path, "down", 0, None).unwrap();
        assert_eq!(
            doc.to_string(),
            text.replace("\"甲\"", "\"X\"").replace("\"乙\"", "\"甲\"").replace("\"X\"", "\"乙\"")
        );
        row(&mut doc, &path, "up", 1, None).unwrap();
        assert_eq!(doc.to_string(), text);
        row(&mut doc, &path, "add", 2, None).unwrap();
        assert!(doc.to_string().ends_with("[[projects.items]]\nname = \"\"\n"), "{}", doc);
        assert!(row(&mut doc, &path, "remove", 9, None).unwrap_err().0.contains("没有第 10 项"));
        assert!(row(&mut doc, &path, "sideways", 0, None).is_err());
    }

    #[test]
    fn a_finding_points_at_the_innermost_value_it_is_about() {
        let text = "[attachment2]\nindicators = [\n  { name = \"甲\", score = 12 },\n]\n";
        let leaves = leaves(text);
        let at = text.find("12").unwrap();
        let path = path_at(&leaves, &(at..at + 2)).unwrap();
        assert_eq!(dotted(&path), "attachment2.indicators[0].score");
    }
}
